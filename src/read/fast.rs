//! The fast path: the usual record checked in one pass over its bytes, with its own code table
//! and date cache; anything unusual goes to the worker's long way.

use std::ops::Range;

use super::csv::{is_break, quoted_end};
use super::header::Columns;
use super::scan::find_delimiter;
use crate::catalog::Catalog;
use crate::instrument::Questionnaire;
use crate::period::{Date, Month};
use crate::scale::Scale;
use crate::tally::CellKey;

/// What a column holds, for [`FastPath::record`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Other,
    Id,
    Date,
    Unit,
    Service,
    /// The star of the item at this position in the questionnaire, on this scale.
    Item(u16, Scale),
    /// The profile column at this position of those asked for.
    Profile(u16),
}

impl Role {
    /// Each column's role; `None` when a column has two (an item named like a required
    /// column), and then every record takes the long way.
    pub(super) fn of(cols: &Columns, q: &Questionnaire) -> Option<Vec<Role>> {
        let mut roles = vec![Role::Other; cols.width];
        let mut set = |column: usize, role: Role| -> Option<()> {
            let slot = roles.get_mut(column)?;
            if *slot != Role::Other {
                return None;
            }
            *slot = role;
            Some(())
        };
        set(cols.id, Role::Id)?;
        set(cols.date, Role::Date)?;
        set(cols.unit, Role::Unit)?;
        set(cols.service, Role::Service)?;
        let scales = q
            .instruments()
            .iter()
            .flat_map(|ins| ins.items().iter().map(|_| ins.scale()));
        for (k, (&column, scale)) in cols.items.iter().zip(scales).enumerate() {
            set(column, Role::Item(u16::try_from(k).ok()?, scale))?;
        }
        for (k, &column) in cols.profile.iter().enumerate() {
            set(column, Role::Profile(u16::try_from(k).ok()?))?;
        }
        Some(roles)
    }
}

impl Role {
    /// For each column, the four item columns that start there (see `Worker::quads`).
    pub(super) fn quads(roles: &[Role]) -> Vec<Option<([u16; 4], Scale)>> {
        (0..roles.len())
            .map(|c| {
                // a fifth column must follow: the fourth star ends at a comma
                let four = roles.get(c..c + 5)?;
                let mut items = [0u16; 4];
                let mut scale = None;
                for (slot, role) in items.iter_mut().zip(four) {
                    let Role::Item(k, this) = *role else {
                        return None;
                    };
                    if scale.is_some_and(|s| s != this) {
                        return None;
                    }
                    scale = Some(this);
                    *slot = k;
                }
                Some((items, scale?))
            })
            .collect()
    }
}

/// The stars of a word holding `d,d,d,d,`, each `d` a one-byte star on the scale, or `None`.
pub(super) fn four_stars(word: u64, scale: Scale) -> Option<[u8; 4]> {
    const COMMAS: u64 = 0x2c00_2c00_2c00_2c00;
    const ODD: u64 = 0xff00_ff00_ff00_ff00;
    if word & ODD != COMMAS {
        return None;
    }
    scale.four_stars(word)
}

/// A record [`FastPath::record`] accepted: its id (a range of the block) and cell.
pub(super) struct Fast {
    pub(super) id: Range<usize>,
    pub(super) pair: u32,
    pub(super) cell: CellKey,
}

/// The one-pass check of the usual record: the columns' roles, runs of four star columns, and
/// the catalog's codes and the months of dates, each looked up without a hash of its own.
pub(super) struct FastPath<'a> {
    catalog: &'a Catalog,
    q: &'a Questionnaire,
    /// Column roles (`None`: no fast path, the header has repeated or unusual columns).
    roles: Option<Vec<Role>>,
    /// Per column: when it and the next three are items on the same scale and another column
    /// follows, their positions in the questionnaire and the scale's points.
    quads: Vec<Option<([u16; 4], Scale)>>,
    /// Months of the date cells read.
    dates: DateCache,
    /// The catalog's unit and service codes.
    units: CodeTable,
    services: CodeTable,
}

impl<'a> FastPath<'a> {
    pub(super) fn new(catalog: &'a Catalog, q: &'a Questionnaire, cols: &Columns) -> Self {
        let roles = Role::of(cols, q);
        // a test's header can turn the fast path off, to compare the two paths
        #[cfg(test)]
        let roles = roles.filter(|_| !cols.slow_only);
        FastPath {
            catalog,
            q,
            quads: roles.as_deref().map_or_else(Vec::new, Role::quads),
            roles,
            dates: DateCache::default(),
            units: CodeTable::new(
                catalog
                    .units()
                    .iter()
                    .zip(0u32..)
                    .map(|(u, i)| (i, u.code().as_str().as_bytes())),
            ),
            services: CodeTable::new(
                catalog
                    .services()
                    .iter()
                    .zip(0u32..)
                    .map(|(s, i)| (i, s.code().as_str().as_bytes())),
            ),
        }
    }

    /// The usual record, checked in one pass over its bytes in column order: `None` when
    /// anything is unusual (a check fails, a cell needs trimming or is quoted, a field count
    /// differs, ...), and [`Worker::check_record`] then takes the record and finds the reason.
    /// Quoted cells of columns that are not read (free text: notes, names) are the usual kind.
    /// Else the record's end (its line-break byte or the end of the block), the number of `\n`
    /// inside it (in quoted cells), and its id and cell, with its stars in `slots` and its
    /// profile cells' ranges in `values` (a profile cell is read: quoted or to be trimmed, it
    /// takes the long way; empty, it is the value `""`).
    ///
    /// [`Worker::check_record`]: super::worker::Worker::check_record
    pub(super) fn record(
        &mut self,
        bytes: &[u8],
        start: usize,
        slots: &mut Vec<u8>,
        values: &mut [Range<usize>],
    ) -> Option<(usize, u64, Fast)> {
        let roles = self.roles.as_deref()?;
        // every item's slot is written below (each item has its column)
        if slots.len() != self.q.item_count() {
            slots.clear();
            slots.resize(self.q.item_count(), 0);
        }
        let (mut id, mut month, mut unit, mut service) = (0..0, None, None, None);
        let mut answered = false;
        let mut breaks = 0;
        let mut at = start;
        let mut record_end = start;
        let last = roles.len().checked_sub(1)?;
        let mut column = 0;
        while let Some(&role) = roles.get(column) {
            // four stars and their commas in one word
            if let Some(&Some((items, scale))) = self.quads.get(column)
                && let Some(stars) = bytes
                    .get(at..at + 8)
                    .and_then(|w| w.try_into().ok())
                    .and_then(|w| four_stars(u64::from_le_bytes(w), scale))
            {
                for (&k, star) in items.iter().zip(stars) {
                    *slots.get_mut(usize::from(k))? = star;
                }
                answered = true;
                at += 8;
                column += 4;
                continue;
            }
            let end = match role {
                Role::Item(k, scale) => {
                    let slot = slots.get_mut(usize::from(k))?;
                    match bytes.get(at) {
                        Some(&b) if b != b',' && !is_break(b) => {
                            *slot = scale.digit_star(b)?;
                            answered = true;
                            at + 1
                        }
                        _ => {
                            *slot = 0;
                            at
                        }
                    }
                }
                Role::Other if bytes.get(at) == Some(&b'"') => {
                    // a block holds whole records: its end closes a quote
                    let end = quoted_end(bytes, at, true)?;
                    let cell = bytes.get(at..end)?;
                    if memchr::memchr2(b'\r', b'\n', cell).is_some() {
                        breaks += memchr::memchr_iter(b'\n', cell).count() as u64;
                    }
                    end
                }
                _ => {
                    let end = find_delimiter(bytes, at);
                    let field = bytes.get(at..end)?;
                    // a quoted cell that is read, or one that would need trimming, goes the
                    // long way
                    if !field
                        .first()
                        .is_some_and(|&b| b.is_ascii_graphic() && b != b'"')
                        || !field.last().is_some_and(u8::is_ascii_graphic)
                    {
                        match role {
                            Role::Other => {}
                            Role::Profile(k) if field.is_empty() => {
                                *values.get_mut(usize::from(k))? = at..at;
                            }
                            _ => return None,
                        }
                    } else {
                        match role {
                            Role::Id => id = at..end,
                            Role::Date => month = Some(self.dates.month(field)?),
                            Role::Unit => {
                                let code =
                                    self.units.get(field, |i| self.catalog.unit_code_at(i))?;
                                unit = Some(code);
                            }
                            Role::Service => {
                                let code = self
                                    .services
                                    .get(field, |i| self.catalog.service_code_at(i))?;
                                service = Some(code);
                            }
                            Role::Profile(k) => *values.get_mut(usize::from(k))? = at..end,
                            Role::Other | Role::Item(..) => {}
                        }
                    }
                    end
                }
            };
            match bytes.get(end) {
                Some(b',') if column < last => at = end + 1,
                Some(&b) if column == last && is_break(b) => record_end = end,
                None if column == last => record_end = end,
                _ => return None,
            }
            column += 1;
        }
        let (unit, service, month) = (unit?, service?, month?);
        if !answered || id.is_empty() {
            return None;
        }
        let pair = self.catalog.offer_pair_at(unit, service)?;
        Some((
            record_end,
            breaks,
            Fast {
                id,
                pair,
                cell: CellKey {
                    unit,
                    service,
                    month,
                },
            },
        ))
    }
}

/// A code as two words: its first and last 8 bytes (overlapping below 16 bytes), or its bytes
/// in one word below 8. With the length, exact up to 16 bytes.
pub(super) fn code_key(code: &[u8]) -> (u64, u64) {
    let word = |b: Option<&[u8]>| {
        b.and_then(|b| b.try_into().ok())
            .map_or(0, u64::from_le_bytes)
    };
    if code.len() >= 8 {
        (word(code.get(..8)), word(code.get(code.len() - 8..)))
    } else {
        (
            code.iter().rev().fold(0, |w, &b| (w << 8) | u64::from(b)),
            0,
        )
    }
}

/// The catalog's codes of one kind, looked up by their bytes with a multiply-shift hash of two
/// words and no string comparison for codes of up to 16 bytes.
pub(super) struct CodeTable {
    /// (key words, length, number); `u32::MAX` length: empty.
    pub(super) slots: Vec<(u64, u64, u32, u32)>,
    pub(super) shift: u32,
}

impl CodeTable {
    pub(super) fn new<'c>(codes: impl Iterator<Item = (u32, &'c [u8])>) -> CodeTable {
        let codes: Vec<_> = codes.collect();
        let size = (codes.len() * 4).next_power_of_two().max(16);
        let mut table = CodeTable {
            slots: vec![(0, 0, u32::MAX, 0); size],
            shift: 64 - size.trailing_zeros(),
        };
        for (number, code) in codes {
            let Ok(len) = u32::try_from(code.len()) else {
                continue;
            };
            let (a, b) = code_key(code);
            let mask = size - 1;
            let mut i = table.index(a, b, len);
            while table.slots[i].2 != u32::MAX {
                i = (i + 1) & mask;
            }
            table.slots[i] = (a, b, len, number);
        }
        table
    }

    pub(super) fn index(&self, a: u64, b: u64, len: u32) -> usize {
        let h = (a ^ b.rotate_left(29) ^ u64::from(len)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (h >> self.shift) as usize
    }

    /// The number of the code, checked against `code_of(number)` when longer than 16 bytes.
    pub(super) fn get<'c>(&self, code: &[u8], code_of: impl Fn(u32) -> &'c [u8]) -> Option<u32> {
        let len = u32::try_from(code.len()).ok()?;
        let (a, b) = code_key(code);
        let mask = self.slots.len() - 1;
        let mut i = self.index(a, b, len);
        loop {
            let &(sa, sb, slen, number) = self.slots.get(i)?;
            if slen == u32::MAX {
                return None;
            }
            if sa == a && sb == b && slen == len && (len <= 16 || code_of(number) == code) {
                return Some(number);
            }
            i = (i + 1) & mask;
        }
    }
}

/// The months of `YYYY-MM-DD` date cells, in a small direct-mapped cache (a file holds a few
/// hundred distinct dates).
pub(super) struct DateCache {
    pub(super) slots: Vec<(u64, u16, Month)>,
}

impl Default for DateCache {
    /// Empty: the slots are made by the first date (a reader of a small file, or of one whose
    /// dates all take the long way, needs none).
    fn default() -> Self {
        DateCache { slots: Vec::new() }
    }
}

impl DateCache {
    pub(super) fn month(&mut self, cell: &[u8]) -> Option<Month> {
        if self.slots.is_empty() {
            self.slots = vec![(0, 0, Month { year: 0, month: 0 }); 1024];
        }
        let (Some(head), Some(tail)) = (cell.get(..8), cell.get(8..10)) else {
            return Date::parse_bytes(cell).map(Date::month_key);
        };
        if cell.len() != 10 {
            return None;
        }
        let a = u64::from_le_bytes(head.try_into().ok()?);
        let b = u16::from_le_bytes(tail.try_into().ok()?);
        let i = ((a ^ (u64::from(b) << 40)).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 54) as usize;
        let slot = self.slots.get_mut(i)?;
        // a cached cell has a non-zero first word (a date starts with a digit)
        if slot.0 == a && slot.1 == b && a != 0 {
            return Some(slot.2);
        }
        let month = Date::parse_bytes(cell)?.month_key();
        *slot = (a, b, month);
        Some(month)
    }
}

#[cfg(all(test, feature = "serde"))]
mod tests {
    use super::four_stars;
    use crate::scale::Scale;

    #[test]
    fn four_stars_reads_exactly_the_usual_word() {
        let word = |s: &[u8; 8]| u64::from_le_bytes(*s);
        assert_eq!(
            four_stars(word(b"6,1,4,5,"), Scale::new(6).unwrap()),
            Some([6, 1, 4, 5])
        );
        assert_eq!(
            four_stars(word(b"4,4,1,2,"), Scale::new(4).unwrap()),
            Some([4, 4, 1, 2])
        );
        // off the scale, zero, not a digit, a missing comma, an empty cell, two digits
        for bad in [
            b"7,1,4,5,",
            b"6,0,4,5,",
            b"6,1,/,5,",
            b"6,1,4,:,",
            b"6;1,4,5,",
            b"6,1,4,5\n",
            b",1,4,5,6",
            b"10,1,4,5",
            b"6,1,4,5 ",
            b"\xb6,1,4,5,",
        ] {
            assert_eq!(
                four_stars(word(bad), Scale::new(6).unwrap()),
                None,
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
        // every byte value in every digit position
        for position in 0..4 {
            for b in 0..=255u8 {
                let mut w = *b"1,1,1,1,";
                w[2 * position] = b;
                let want = (b'1'..=b'5').contains(&b).then(|| {
                    let mut stars = [1u8; 4];
                    stars[position] = b - b'0';
                    stars
                });
                assert_eq!(
                    four_stars(word(&w), Scale::new(5).unwrap()),
                    want,
                    "byte {b} at {position}"
                );
            }
        }
        assert_eq!(four_stars(word(b"1,1,1,1,"), Scale::new(10).unwrap()), None);
    }
}
