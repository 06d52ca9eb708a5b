//! The set of accepted response ids: the id texts in one arena, and a hash table of small
//! entries (an index and a 32-bit hash, so growing the table never touches the texts). A
//! million ids cost a few growing buffers, not a million allocations.

use std::collections::HashMap;
use std::hash::BuildHasher;

use hashbrown::HashTable;

#[derive(Debug, Clone, Copy)]
struct Entry {
    index: u32,
    hash: u32,
}

fn spread(hash: u32) -> u64 {
    // hashbrown takes its bucket from the low bits and its tag from the top bits
    (u64::from(hash) << 32) | u64::from(hash)
}

#[derive(Debug, Clone, Default)]
pub(crate) struct IdSet {
    arena: String,
    /// Start of id `i` in the arena; id `i` ends where id `i + 1` starts.
    starts: Vec<usize>,
    lines: Vec<u64>,
    table: HashTable<Entry>,
    /// Ids past the 2^32nd: kept correct rather than refused (never reached in practice).
    overflow: HashMap<Box<str>, u64>,
    hasher: foldhash::fast::FixedState,
}

impl IdSet {
    fn hash(&self, id: &str) -> u32 {
        let h = self.hasher.hash_one(id);
        (h ^ (h >> 32)) as u32
    }

    fn text(&self, index: u32) -> &str {
        let i = index as usize;
        let start = self.starts.get(i).copied().unwrap_or(0);
        let end = self.starts.get(i + 1).copied().unwrap_or(self.arena.len());
        self.arena.get(start..end).unwrap_or("")
    }

    /// The position (line) of the accepted response with this id.
    pub(crate) fn get(&self, id: &str) -> Option<u64> {
        let hash = self.hash(id);
        let found = self
            .table
            .find(spread(hash), |e| e.hash == hash && self.text(e.index) == id)
            .and_then(|e| self.lines.get(e.index as usize).copied());
        found.or_else(|| self.overflow.get(id).copied())
    }

    /// Adds the id with its line unless it is there: `Err` with the line it has, else `Ok`.
    /// One probe of the table either way.
    pub(crate) fn insert_new(&mut self, id: &str, line: u64) -> Result<(), u64> {
        let hash = self.hash(id);
        let (arena, starts, lines) = (&self.arena, &self.starts, &self.lines);
        let text = |index: u32| {
            let i = index as usize;
            let start = starts.get(i).copied().unwrap_or(0);
            let end = starts.get(i + 1).copied().unwrap_or(arena.len());
            arena.get(start..end).unwrap_or("")
        };
        match self.table.entry(
            spread(hash),
            |e| e.hash == hash && text(e.index) == id,
            |e| spread(e.hash),
        ) {
            hashbrown::hash_table::Entry::Occupied(e) => {
                Err(lines.get(e.get().index as usize).copied().unwrap_or(0))
            }
            hashbrown::hash_table::Entry::Vacant(v) => {
                let Ok(index) = u32::try_from(starts.len()) else {
                    return match self.overflow.get(id) {
                        Some(&first) => Err(first),
                        None => {
                            self.overflow.insert(id.into(), line);
                            Ok(())
                        }
                    };
                };
                v.insert(Entry { index, hash });
                self.starts.push(self.arena.len());
                self.arena.push_str(id);
                self.lines.push(line);
                Ok(())
            }
        }
    }

    /// Makes room for `additional` more ids (a hint: failing to allocate is not an error).
    pub(crate) fn reserve(&mut self, additional: usize) {
        let _ = self.table.try_reserve(additional, |e| spread(e.hash));
        let _ = self.starts.try_reserve(additional);
        let _ = self.lines.try_reserve(additional);
    }

    /// Adds an id that is not in the set yet.
    pub(crate) fn insert(&mut self, id: &str, line: u64) {
        let _ = self.insert_new(id, line);
    }
}

#[cfg(test)]
mod tests {
    use super::IdSet;

    #[test]
    fn finds_what_it_holds_and_nothing_else() {
        let mut s = IdSet::default();
        for i in 0..10_000u64 {
            s.insert(&format!("R{i}"), i + 2);
        }
        assert_eq!(s.get("R0"), Some(2));
        assert_eq!(s.get("R9999"), Some(10_001));
        assert_eq!(s.get("R10000"), None);
        assert_eq!(s.get(""), None);
        // a prefix of a stored id is another id
        s.insert("R1000", 1);
        assert_eq!(s.get("R100"), Some(102));
    }
}
