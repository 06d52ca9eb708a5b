//! The CSV reader and validation on arbitrary bytes: no panic; every record is accepted or
//! rejected (accepted + rejected = seen); every rejection carries a line inside the file; the
//! verdicts and tallies are those of the `csv` crate's records checked one by one; any block
//! size gives the same verdicts, and so do two threads.
//!
//! Every input is read on the calling thread in blocks of the fuzzed size (which moves block
//! boundaries through every record: the reader's splitter and its workers' block starts), and
//! checked for the first two invariants. Reading costs more than libFuzzer's own work on an
//! input, and starting threads more than reading a small input, so the comparisons run on a
//! share of the inputs, picked by the input's second byte (a saved input replays the same way):
//! one in 4 is compared with what the `csv` crate's records give through `Survey::ingest`
//! (`tests/common/reference.rs`: verdicts and lines; every unit's tallies on one in 16), another
//! one in 4 is read again as one block, and one in 16 also on two threads.
#![no_main]

use std::num::NonZeroUsize;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use persepsi::{Catalog, Questionnaire, ReadOptions, Survey};

#[path = "../../tests/common/reference.rs"]
mod reference;

const HEADER: &[u8] = b"response_id,date,unit,service,U1,U2,U3,U4,U5,U6,U7,U8,U9\n";

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(Catalog::kemenkum_2025)
}

fn questionnaire() -> &'static Questionnaire {
    static Q: OnceLock<Questionnaire> = OnceLock::new();
    Q.get_or_init(Questionnaire::ikm)
}

fuzz_target!(|data: &[u8]| {
    // a first byte 'H' fuzzes the whole file, header included; otherwise a valid header comes first
    let file: Vec<u8> = match data.split_first() {
        Some((b'H', rest)) => rest.to_vec(),
        Some((_, rest)) => [HEADER, rest].concat(),
        None => HEADER.to_vec(),
    };
    let block = usize::from(data.first().copied().unwrap_or(1)).max(1);
    let lines = 1 + memchr::memchr_iter(b'\n', &file).count() as u64;
    let read = |threads: usize, block: usize| {
        let mut survey = Survey::new(catalog(), questionnaire());
        let options = ReadOptions::default()
            .threads(NonZeroUsize::new(threads).expect("threads > 0"))
            .block_bytes(NonZeroUsize::new(block).expect("block > 0"));
        survey
            .read_csv_with(&file[..], options)
            .map(|()| survey)
            .map_err(|e| e.to_string())
    };
    let survey = read(1, block);
    let verdicts = survey
        .as_ref()
        .map(|s| s.summary().clone())
        .map_err(Clone::clone);
    if let Ok(summary) = &verdicts {
        assert_eq!(
            summary.seen,
            summary.accepted + summary.rejected.len() as u64
        );
        for r in &summary.rejected {
            assert!(
                r.line >= 1 && r.line <= lines,
                "line {} outside 1..={lines}",
                r.line
            );
        }
    }
    let share = data.get(1).copied().unwrap_or(0);
    if share % 4 == 1
        && let Ok(survey) = &survey
        && let Some(want) = reference::reference_survey(&file, catalog(), questionnaire())
    {
        assert_eq!(survey.summary(), want.summary(), "against the csv crate");
        if share % 16 == 1 {
            let tallies = reference::tallies(&want);
            assert_eq!(
                reference::tallies(survey),
                tallies,
                "tallies against the csv crate"
            );
        }
    }
    let again = |threads, block| read(threads, block).map(|s| s.summary().clone());
    if share % 4 == 0 {
        assert_eq!(
            again(1, 1 << 20),
            verdicts,
            "one block against blocks of {block} bytes"
        );
    }
    if share % 16 == 0 {
        assert_eq!(
            again(2, block),
            verdicts,
            "two threads, blocks of {block} bytes"
        );
    }
});
