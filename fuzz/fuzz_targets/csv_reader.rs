//! The CSV reader and validation on arbitrary bytes: no panic; every record is accepted or
//! rejected (accepted + rejected = seen); every rejection carries a line inside the file; the
//! verdicts and tallies are those of the `csv` crate's records checked one by one; any block
//! size gives the same verdicts, and so do two threads.
//!
//! An input's first two bytes steer the run (they are not part of the file): the block size
//! (1-255 bytes, which moves block boundaries through every record: the reader's splitter and
//! its workers' block starts), then whether a valid header comes first (top bit clear) or the
//! file is fuzzed whole, and which comparisons run (low bits). Every input is read once on the
//! calling thread and checked for the first two invariants. Reading costs more than
//! libFuzzer's own work on an input, and starting threads more than reading a small input, so
//! the comparisons run on shares of the inputs: one in 8 is compared with what the `csv`
//! crate's records give through `Survey::ingest` (`tests/common/reference.rs`: verdicts, lines,
//! whether the file can be read at all; every unit's tallies on one in 64), another one in 8 is
//! read again as one block, and one in 32 also on two threads.
#![no_main]

use std::num::NonZeroUsize;
use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use persepsi::{Catalog, Questionnaire, ReadOptions, Survey};

#[path = "../../tests/common/reference.rs"]
mod reference;

const HEADER: &[u8] = b"response_id,date,unit,service,U1,U2,U3,U4,U5,U6,U7,U8,U9\n";

fn catalog() -> &'static Arc<Catalog> {
    static CATALOG: OnceLock<Arc<Catalog>> = OnceLock::new();
    CATALOG.get_or_init(Catalog::kemenkum_2025)
}

fn questionnaire() -> &'static Arc<Questionnaire> {
    static Q: OnceLock<Arc<Questionnaire>> = OnceLock::new();
    Q.get_or_init(|| Arc::new(Questionnaire::ikm()))
}

fuzz_target!(|data: &[u8]| {
    // two bytes steer the run and are not part of the file: the block size, then the header
    // (top bit set: the file is fuzzed whole, header included; else a valid header comes first)
    // and which comparisons run (the low bits)
    let (steer, body) = data.split_at(data.len().min(2));
    let block = usize::from(steer.first().copied().unwrap_or(1)).max(1);
    let mode = steer.get(1).copied().unwrap_or(0);
    let file: Vec<u8> = if mode & 0x80 != 0 {
        body.to_vec()
    } else {
        [HEADER, body].concat()
    };
    let share = mode & 0x7f;
    let lines = 1 + memchr::memchr_iter(b'\n', &file).count() as u64;
    let read = |threads: usize, block: usize| {
        let mut survey = Survey::new(Arc::clone(catalog()), Arc::clone(questionnaire()));
        let options = ReadOptions::default()
            .threads(NonZeroUsize::new(threads).expect("threads > 0"))
            .block_bytes(NonZeroUsize::new(block).expect("block > 0"));
        survey.read_csv_with(&file[..], options).map(|()| survey)
    };
    let survey = read(1, block);
    let verdicts = survey
        .as_ref()
        .map(|s| s.summary().clone())
        .map_err(ToString::to_string);
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
    if share % 8 == 1 {
        let want = reference::reference_survey(&file, catalog(), questionnaire());
        match (&survey, &want) {
            (Ok(survey), Some(want)) => {
                assert_eq!(survey.summary(), want.summary(), "against the csv crate");
                if share % 64 == 1 {
                    let tallies = reference::tallies(want);
                    assert_eq!(
                        reference::tallies(survey),
                        tallies,
                        "tallies against the csv crate"
                    );
                }
            }
            (Err(_), None) => {}
            (Err(e), Some(_)) => panic!("the reader failed ({e}) on a file the csv crate reads"),
            (Ok(_), None) => panic!("the reader read a file whose header the csv crate refuses"),
        }
    }
    let again = |threads, block| {
        read(threads, block)
            .map(|s| s.summary().clone())
            .map_err(|e| e.to_string())
    };
    if share % 8 == 0 {
        assert_eq!(
            again(1, 1 << 20),
            verdicts,
            "one block against blocks of {block} bytes"
        );
    }
    if share % 32 == 0 {
        assert_eq!(
            again(2, block),
            verdicts,
            "two threads, blocks of {block} bytes"
        );
    }
});
