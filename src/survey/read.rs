//! Reading a responses file into a survey: the reader returns what it read, and the survey
//! takes it in.

use std::io::Read;

use super::Survey;
use crate::read::{ReadError, ReadOptions, ReadOutcome, read_csv};

impl Survey {
    /// Reads a responses file and ingests every record, streaming, on
    /// [`ReadOptions::default`]'s threads; see [`Survey::read_csv_with`].
    ///
    /// # Errors
    ///
    /// As [`Survey::read_csv_with`].
    ///
    /// # Examples
    ///
    /// ```
    /// use persepsi::{Catalog, Questionnaire, Survey};
    ///
    /// let csv = "response_id,date,unit,service,U1,U2,U3,U4,U5,U6,U7,U8,U9\r\n\
    ///            R1,2025-01-05,KW-NTT-TU,UMUM-INFORMASI,4,4,3,4,4,3,4,4,4\r\n\
    ///            \r\n\
    ///            R2,2025-01-06,KW-NTT-TU,UMUM-INFORMASI,4,4,3,4,4,3,4,4,5\r\n";
    /// let (catalog, q) = (Catalog::kemenkum_2025(), Questionnaire::ikm());
    /// let mut survey = Survey::new(catalog, q);
    /// survey.read_csv(csv.as_bytes())?;
    /// let summary = survey.summary();
    /// assert_eq!((summary.seen, summary.accepted), (2, 1));
    /// assert_eq!(summary.rejected[0].line, 4); // the blank line 3 still counts
    /// assert_eq!(summary.rejected[0].reason.code(), "star_out_of_range");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read_csv<R: Read>(&mut self, input: R) -> Result<(), ReadError> {
        self.read_csv_with(input, ReadOptions::default())
    }

    /// Reads a responses file and ingests every record, streaming: memory grows with the set of
    /// accepted ids and the list of rejections, not with the file.
    ///
    /// The format: RFC 4180 CSV as the `csv` crate reads it by default (`,` between fields, `"`
    /// quotes with `""` inside, records ending at `\n`, `\r\n` or `\r`), UTF-8, an optional
    /// byte-order mark, a header row. Columns are found by name (header cells trimmed; a repeated
    /// name: the first column counts), in any order: `response_id`, `date`, `unit`, `service`,
    /// and one column per item code of the questionnaire; other columns are ignored. Blank lines
    /// are not records. Each record is checked as [`Survey::ingest`] does, after two checks of
    /// its own: `malformed_record` (not UTF-8) and `wrong_column_count` (another number of fields
    /// than the header). Rejections carry the 1-based physical line the record starts on,
    /// counting every line break (LF or CRLF), including those inside quoted fields.
    ///
    /// Blocks of whole records are parsed and validated on `options`' threads; a record whose
    /// quotes sit in columns that are not read (free-text notes) costs about what a plain one
    /// costs. Duplicate ids are checked in file order within each of the id set's shards (an
    /// id's hash picks its shard), so the result, rejections in input order included, is the
    /// same for any number of threads and any block size.
    ///
    /// # Panics
    ///
    /// Only when a worker thread panics, which is a bug of this crate: the panic is raised again
    /// here once every thread has stopped (never partial counts). The survey is then not to be
    /// used again (as data behind a poisoned `Mutex`): the ids it had accepted went with the
    /// read.
    ///
    /// # Errors
    ///
    /// [`ReadError`] when there is no header row, the header is not UTF-8 or lacks a required
    /// column (or looks `;`-separated), or reading fails. Records read before an I/O error stay
    /// counted.
    pub fn read_csv_with<R: Read>(
        &mut self,
        input: R,
        options: ReadOptions,
    ) -> Result<(), ReadError> {
        let ids = std::mem::take(&mut self.seen_ids);
        let read = read_csv(input, options, &self.catalog, &self.questionnaire, ids);
        self.absorb(read)
    }

    /// Takes in what a read found: its ids, its cells less the duplicates' stars, its counts
    /// and rejections (after the survey's own, in input order).
    fn absorb(&mut self, read: ReadOutcome) -> Result<(), ReadError> {
        let ReadOutcome {
            ids,
            cells,
            retract,
            profile,
            retract_profile,
            accepted,
            mut rejected,
            error,
        } = read;
        self.seen_ids = ids;
        if let Some(cells) = cells {
            self.cells.absorb(cells);
        }
        // both counts are bounded by the records read: no overflow
        self.summary.seen += accepted + rejected.len() as u64;
        self.summary.accepted += accepted;
        if self.summary.rejected.is_empty() {
            // the first read's list is taken whole (no copy of a list that can be millions long)
            self.summary.rejected = rejected;
        } else {
            self.summary.rejected.append(&mut rejected);
        }
        for (key, tally) in &retract {
            // every retracted record was counted in this cell by a worker
            let _ = self.cells.subtract(key, tally);
        }
        if self.profile.is_empty() {
            // the first read's counts are taken whole
            self.profile = profile;
        } else {
            self.profile.absorb(&profile);
        }
        if !retract_profile.is_empty() {
            self.profile.take_out(&retract_profile);
        }
        error.map_or(Ok(()), Err)
    }
}
