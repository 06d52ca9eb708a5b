//! How a responses file is read: threads and block size.

use std::num::NonZeroUsize;

/// How [`Survey::read_csv_with`](crate::Survey::read_csv_with) reads: the number of threads that parse and validate.
///
/// [`Survey::read_csv_with`]: crate::Survey::read_csv_with
///
/// ```
/// use std::num::NonZeroUsize;
/// let options = persepsi::ReadOptions::default().threads(NonZeroUsize::MIN);
/// assert_eq!(options.thread_count(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReadOptions {
    pub(crate) threads: NonZeroUsize,
    pub(crate) block: usize,
}

impl Default for ReadOptions {
    /// As many threads as [`std::thread::available_parallelism`] reports (1 if unknown), blocks
    /// of 1 MiB.
    fn default() -> Self {
        ReadOptions {
            threads: crate::par::available(),
            block: 1 << 20,
        }
    }
}

impl ReadOptions {
    /// Sets the number of threads (1: everything on the calling thread; at most 256 are
    /// started).
    #[must_use]
    pub fn threads(mut self, threads: NonZeroUsize) -> ReadOptions {
        self.threads = threads;
        self
    }

    /// Sets the block size in bytes handed to one worker at a time (at least 1; a record longer
    /// than a block makes its block longer).
    #[must_use]
    pub fn block_bytes(mut self, bytes: NonZeroUsize) -> ReadOptions {
        self.block = bytes.get();
        self
    }

    /// The number of threads.
    #[must_use]
    pub fn thread_count(&self) -> usize {
        self.threads.get()
    }
}
