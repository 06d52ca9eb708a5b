//! The splitter: the input cut into blocks of whole records, in reused buffers.

use std::io::{self, Read};
use std::ops::Range;

use super::csv::{Parser, last_boundary};

/// A block of whole records handed to a worker: `buf[..len]`, starting on `line`, number `seq`
/// in file order. The buffer goes back to the reader when the worker is done.
pub(super) struct Block {
    pub(super) seq: u64,
    pub(super) buf: Vec<u8>,
    pub(super) len: usize,
    pub(super) line: u64,
    pub(super) quoted: bool,
}

/// Reads the input in blocks that end on record boundaries, into buffers that are reused (so
/// that no block costs fresh pages or zeroing).
pub(super) struct Splitter<R> {
    pub(super) input: R,
    /// `buf[..filled]` is input not handed out yet; the rest is scratch.
    pub(super) buf: Vec<u8>,
    pub(super) filled: usize,
    pub(super) eof: bool,
    /// Line of the first byte of `buf`.
    pub(super) line: u64,
    /// The header's parser.
    pub(super) parser: Parser,
    /// Scratch space of [`last_boundary`].
    pub(super) outside: Vec<Range<usize>>,
    /// Buffers back from the workers.
    pub(super) pool: Vec<Vec<u8>>,
    pub(super) seq: u64,
}

impl<R: Read> Splitter<R> {
    pub(super) fn new(input: R) -> Self {
        Splitter {
            input,
            buf: Vec::new(),
            filled: 0,
            eof: false,
            line: 1,
            parser: Parser::default(),
            outside: Vec::new(),
            pool: Vec::new(),
            seq: 0,
        }
    }

    pub(super) fn data(&self) -> &[u8] {
        &self.buf[..self.filled]
    }

    /// Drops the first `n` bytes of the unread input.
    pub(super) fn consume(&mut self, n: usize) {
        let n = n.min(self.filled);
        self.line += memchr::memchr_iter(b'\n', &self.buf[..n]).count() as u64;
        self.buf.copy_within(n..self.filled, 0);
        self.filled -= n;
    }

    pub(super) fn fill(&mut self, want: usize) -> io::Result<()> {
        while !self.eof && self.filled < want {
            // grown by doubling, so that a small input costs no block-sized buffer
            let size = want
                .min(self.filled.max(4096).saturating_mul(2))
                .max(self.filled + 4096);
            if self.buf.len() < size {
                self.buf.resize(size, 0);
            }
            let n = loop {
                match self.input.read(&mut self.buf[self.filled..]) {
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    other => break other?,
                }
            };
            if n == 0 {
                self.eof = true;
            }
            self.filled += n.min(self.buf.len() - self.filled);
        }
        Ok(())
    }

    /// The next block of whole records (at least `size` bytes unless the input ends); `None`
    /// at the end.
    pub(super) fn next_block(&mut self, size: usize) -> io::Result<Option<Block>> {
        let mut want = size;
        loop {
            self.fill(want)?;
            if self.filled == 0 {
                return Ok(None);
            }
            let (cut, quoted) =
                last_boundary(&self.buf[..self.filled], self.eof, &mut self.outside);
            if cut > 0 || self.eof {
                let cut = if cut == 0 { self.filled } else { cut };
                let rest = self.filled - cut;
                let mut next = self.pool.pop().unwrap_or_default();
                if next.len() < rest {
                    next.resize(rest, 0);
                }
                next[..rest].copy_from_slice(&self.buf[cut..self.filled]);
                let buf = std::mem::replace(&mut self.buf, next);
                self.filled = rest;
                let line = self.line;
                self.line += memchr::memchr_iter(b'\n', &buf[..cut]).count() as u64;
                let seq = self.seq;
                self.seq += 1;
                return Ok(Some(Block {
                    seq,
                    buf,
                    len: cut,
                    line,
                    quoted,
                }));
            }
            // one record is longer than the buffer: read more
            want = self.filled * 2;
        }
    }
}
