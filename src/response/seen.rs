//! The set of accepted response ids, in [`SHARDS`] shards chosen by the id's hash, so that the
//! reader's workers can check ids of different shards at the same time (each shard in file
//! order). A shard keeps its id texts in one arena and an open-addressing table of 8-byte slots
//! (a 32-bit hash and an index), so a million ids cost a few growing buffers, not a million
//! allocations, and growing the table never touches the texts.

use std::collections::HashMap;
use std::hash::BuildHasher;

use crate::response::RejectReason;

/// The number of shards (a power of two); a hash's top bits choose the shard.
pub(crate) const SHARDS: usize = 16;

/// The hash of an id, as [`IdSet`] and its shards take it.
pub(crate) fn hash_id(id: &[u8]) -> u64 {
    foldhash::fast::FixedState::with_seed(0x7065_7273_6570_7369).hash_one(id)
}

/// The shard of a hash.
pub(crate) fn shard_of(hash: u64) -> usize {
    (hash >> (64 - SHARDS.trailing_zeros())) as usize
}

/// One shard: ids whose hash's top bits name it.
#[derive(Debug, Clone, Default)]
pub(crate) struct IdShard {
    /// [`EMPTY`], or `(low 32 bits of the hash) << 32 | index` (an index below `u32::MAX`). A
    /// power of two long (or empty), at most 5/8 full, linear probing.
    ///
    /// Empty slots are not zero so that a new table is written when it is made (a zeroed one
    /// comes from the allocator as shared zero pages, and the first write to each page would
    /// then cost a fault and a TLB flush on every core the process runs on).
    slots: Vec<u64>,
    len: usize,
    /// Ids the table is to hold before it grows (made at the first insertion, on the thread
    /// that inserts: a reader's worker).
    reserved: usize,
    arena: Vec<u8>,
    /// Start of id `i` in the arena; id `i` ends where id `i + 1` starts. Arenas stay below
    /// 4 GiB (ids past that go to `overflow`).
    starts: Vec<u32>,
    /// The line of id `i`; `u32::MAX`: in `far_lines`.
    lines: Vec<u32>,
    far_lines: HashMap<u32, u64>,
    /// Ids past the 2^32 - 1st of a shard, or past 4 GiB of its id text: kept correct rather
    /// than refused (never reached in practice).
    overflow: HashMap<Box<[u8]>, u64>,
}

/// An empty slot.
const EMPTY: u64 = u64::MAX;

/// Where a probe for `hash` ends: the slot that holds it (`Ok`) or the empty slot where it
/// would go (`Err`).
fn probe(slots: &[u64], hash: u64, text: impl Fn(usize) -> bool) -> Result<(usize, usize), usize> {
    let mask = slots.len() - 1;
    let tag = hash & 0xffff_ffff;
    // the start from the stored 32 bits, as `grow` places slots (the same bits for any size)
    let mut i = tag as usize & mask;
    loop {
        let s = slots[i];
        if s == EMPTY {
            return Err(i);
        }
        let index = (s & 0xffff_ffff) as usize;
        if s >> 32 == tag && text(index) {
            return Ok((i, index));
        }
        i = (i + 1) & mask;
    }
}

impl IdShard {
    fn text(&self, index: usize) -> &[u8] {
        let start = self.starts.get(index).map_or(0, |&s| s as usize);
        let end = self
            .starts
            .get(index + 1)
            .map_or(self.arena.len(), |&s| s as usize);
        self.arena.get(start..end).unwrap_or(&[])
    }

    fn line(&self, index: usize) -> u64 {
        match self.lines.get(index) {
            Some(&u32::MAX) => self.far_lines.get(&(index as u32)).copied().unwrap_or(0),
            Some(&line) => u64::from(line),
            None => 0,
        }
    }

    /// Loads the slot where a probe for `hash` starts, so that a batch of probes can wait for
    /// their cache misses together (returns the slot so that the load is not optimized away).
    #[cfg(feature = "csv")]
    pub(crate) fn touch(&self, hash: u64) -> u64 {
        match self.slots.len() {
            0 => EMPTY,
            n => self.slots[(hash & 0xffff_ffff) as usize & (n - 1)],
        }
    }

    /// The line of the accepted response with this id and hash.
    pub(crate) fn get(&self, id: &[u8], hash: u64) -> Option<u64> {
        if !self.slots.is_empty()
            && let Ok((_, index)) = probe(&self.slots, hash, |i| self.text(i) == id)
        {
            return Some(self.line(index));
        }
        self.overflow.get(id).copied()
    }

    /// Adds the id with its line unless it is there: `Err` with the line it has, else `Ok`.
    pub(crate) fn insert_new(&mut self, id: &[u8], hash: u64, line: u64) -> Result<(), u64> {
        if (self.len + 1) * 8 > self.slots.len() * 5 {
            self.grow((self.len + 1).max(self.reserved));
        }
        let found = probe(&self.slots, hash, |i| self.text(i) == id);
        match found {
            Ok((_, index)) => Err(self.line(index)),
            Err(slot) => {
                if let Some(&first) = self.overflow.get(id) {
                    return Err(first);
                }
                let index = self.starts.len();
                let Ok(start) = u32::try_from(self.arena.len()) else {
                    self.overflow.insert(id.into(), line);
                    return Ok(());
                };
                if index >= u32::MAX as usize
                    || self.arena.len().saturating_add(id.len()) > u32::MAX as usize
                {
                    self.overflow.insert(id.into(), line);
                    return Ok(());
                }
                self.slots[slot] = (hash << 32) | index as u64;
                self.len += 1;
                self.starts.push(start);
                self.arena.extend_from_slice(id);
                match u32::try_from(line) {
                    Ok(l) if l != u32::MAX => self.lines.push(l),
                    _ => {
                        self.lines.push(u32::MAX);
                        self.far_lines.insert(index as u32, line);
                    }
                }
                Ok(())
            }
        }
    }

    /// The duplicate-id verdict, the one rule every path follows (ingest, the reader's slow and
    /// fast paths): a record whose id was accepted before is a duplicate of that line, whatever
    /// else its checks found; otherwise its own verdict stands, and an accepted record's id is
    /// remembered with its line.
    pub(crate) fn admit<T>(
        &mut self,
        id: &[u8],
        hash: u64,
        line: u64,
        verdict: Result<T, RejectReason>,
    ) -> Result<T, RejectReason> {
        match verdict {
            Ok(ok) => match self.insert_new(id, hash, line) {
                Ok(()) => Ok(ok),
                Err(first) => Err(RejectReason::DuplicateResponseId { first }),
            },
            Err(reason) => self.verdict(id, hash, Err(reason)),
        }
    }

    /// What [`IdShard::admit`] says, without remembering anything: a duplicate of the line that
    /// accepted the id, else the record's own verdict.
    pub(crate) fn verdict<T>(
        &self,
        id: &[u8],
        hash: u64,
        verdict: Result<T, RejectReason>,
    ) -> Result<T, RejectReason> {
        match self.get(id, hash) {
            Some(first) => Err(RejectReason::DuplicateResponseId { first }),
            None => verdict,
        }
    }

    /// Makes the table big enough for `want` ids at most 5/8 full.
    fn grow(&mut self, want: usize) {
        let mut size = self.slots.len().max(16);
        while want.saturating_mul(8) > size.saturating_mul(5) {
            size = size.saturating_mul(2);
        }
        if size == self.slots.len() {
            return;
        }
        let mut slots = vec![EMPTY; size];
        let mask = size - 1;
        for &s in self.slots.iter().filter(|&&s| s != EMPTY) {
            let mut i = (s >> 32) as usize & mask;
            while slots[i] != EMPTY {
                i = (i + 1) & mask;
            }
            slots[i] = s;
        }
        self.slots = slots;
    }

    /// Makes room for `additional` more ids (the table when it is next written to; address
    /// space for the texts, about 16 bytes an id, which costs memory only when used).
    fn reserve(&mut self, additional: usize) {
        self.reserved = self.len.saturating_add(additional);
        let _ = self.arena.try_reserve(additional.saturating_mul(16));
        let _ = self.starts.try_reserve(additional);
        let _ = self.lines.try_reserve(additional);
    }
}

/// The set of accepted ids with the line each was accepted on.
#[derive(Debug, Clone)]
pub(crate) struct IdSet {
    shards: Vec<IdShard>,
}

impl Default for IdSet {
    fn default() -> Self {
        IdSet {
            shards: vec![IdShard::default(); SHARDS],
        }
    }
}

impl IdSet {
    /// The position (line) of the accepted response with this id.
    #[cfg(test)]
    fn get(&self, id: &str) -> Option<u64> {
        let hash = hash_id(id.as_bytes());
        self.shards.get(shard_of(hash))?.get(id.as_bytes(), hash)
    }

    /// Adds the id with its line unless it is there: `Err` with the line it has, else `Ok`.
    #[cfg(test)]
    fn insert_new(&mut self, id: &str, line: u64) -> Result<(), u64> {
        let hash = hash_id(id.as_bytes());
        match self.shards.get_mut(shard_of(hash)) {
            Some(shard) => shard.insert_new(id.as_bytes(), hash, line),
            None => Ok(()),
        }
    }

    /// Makes room for `additional` more ids (a hint: failing to allocate is not an error).
    pub(crate) fn reserve(&mut self, additional: usize) {
        // a shard gets a sixteenth of the ids, give or take a few standard deviations
        let per_shard = additional / SHARDS + additional.isqrt() / 2;
        for shard in &mut self.shards {
            shard.reserve(per_shard);
        }
    }

    /// [`IdShard::admit`] in the id's shard.
    pub(crate) fn admit<T>(
        &mut self,
        id: &str,
        line: u64,
        verdict: Result<T, RejectReason>,
    ) -> Result<T, RejectReason> {
        let hash = hash_id(id.as_bytes());
        match self.shards.get_mut(shard_of(hash)) {
            Some(shard) => shard.admit(id.as_bytes(), hash, line, verdict),
            None => verdict,
        }
    }

    /// [`IdShard::verdict`] in the id's shard: what [`IdSet::admit`] would say.
    pub(crate) fn verdict<T>(
        &self,
        id: &str,
        verdict: Result<T, RejectReason>,
    ) -> Result<T, RejectReason> {
        let hash = hash_id(id.as_bytes());
        match self.shards.get(shard_of(hash)) {
            Some(shard) => shard.verdict(id.as_bytes(), hash, verdict),
            None => verdict,
        }
    }

    /// Takes the shards out (for the reader's workers); [`IdSet::restore`] puts them back.
    #[cfg(feature = "csv")]
    pub(crate) fn take_shards(&mut self) -> Vec<IdShard> {
        std::mem::take(&mut self.shards)
    }

    /// Puts the shards back, in shard order.
    #[cfg(feature = "csv")]
    pub(crate) fn restore(&mut self, shards: Vec<IdShard>) {
        self.shards = shards;
    }
}

#[cfg(test)]
mod tests {
    use super::{IdSet, SHARDS, shard_of};
    use proptest::prelude::*;
    use std::collections::HashMap;

    #[test]
    fn finds_what_it_holds_and_nothing_else() {
        let mut s = IdSet::default();
        for i in 0..10_000u64 {
            let _ = s.insert_new(&format!("R{i}"), i + 2);
        }
        assert_eq!(s.get("R0"), Some(2));
        assert_eq!(s.get("R9999"), Some(10_001));
        assert_eq!(s.get("R10000"), None);
        assert_eq!(s.get(""), None);
        // a prefix of a stored id is another id
        let _ = s.insert_new("R1000", 1);
        assert_eq!(s.get("R100"), Some(102));
        assert_eq!(s.insert_new("R100", 7), Err(102));
        // lines past 32 bits are kept whole
        let _ = s.insert_new("far", u64::from(u32::MAX));
        let _ = s.insert_new("farther", u64::MAX);
        assert_eq!(s.get("far"), Some(u64::from(u32::MAX)));
        assert_eq!(s.get("farther"), Some(u64::MAX));
        assert_eq!(s.insert_new("farther", 3), Err(u64::MAX));
    }

    #[test]
    fn every_shard_is_used() {
        let mut seen = [0usize; SHARDS];
        for i in 0..16_000u64 {
            seen[shard_of(super::hash_id(format!("R{i:08}").as_bytes()))] += 1;
        }
        assert!(seen.iter().all(|&n| (700..1300).contains(&n)), "{seen:?}");
    }

    proptest! {
        /// The set answers as a `HashMap` that keeps the first line of each id does, through
        /// growth and reservation.
        #[test]
        fn agrees_with_a_hash_map(
            ops in prop::collection::vec(("[a-d]{0,3}", any::<u16>()), 0..400),
            reserve in 0usize..100,
        ) {
            let mut set = IdSet::default();
            set.reserve(reserve);
            let mut model: HashMap<String, u64> = HashMap::new();
            for (id, line) in &ops {
                let line = u64::from(*line);
                let want = match model.get(id) {
                    Some(&first) => Err(first),
                    None => {
                        model.insert(id.clone(), line);
                        Ok(())
                    }
                };
                prop_assert_eq!(set.insert_new(id, line), want);
            }
            for (id, _) in &ops {
                prop_assert_eq!(set.get(id), model.get(id).copied());
                let other = format!("{id}x");
                prop_assert_eq!(set.get(&other), model.get(&other).copied());
            }
        }
    }
}
