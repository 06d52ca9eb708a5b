//! The CSV reader and validation on arbitrary bytes: no panic; every record is accepted or
//! rejected (accepted + rejected = seen); every rejection carries a line inside the file; one
//! and two threads, and any block size, give the same verdicts.
#![no_main]

use std::num::NonZeroUsize;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use persepsi::{Catalog, Questionnaire, ReadOptions, Survey};

const HEADER: &[u8] = b"response_id,date,unit,service,U1,U2,U3,U4,U5,U6,U7,U8,U9\n";

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(Catalog::kemenkum_2025)
}

fuzz_target!(|data: &[u8]| {
    // a first byte 'H' fuzzes the whole file, header included; otherwise a valid header comes first
    let file: Vec<u8> = match data.split_first() {
        Some((b'H', rest)) => rest.to_vec(),
        Some((_, rest)) => [HEADER, rest].concat(),
        None => HEADER.to_vec(),
    };
    let block = usize::from(data.first().copied().unwrap_or(1)).max(1);
    let lines = 1 + file.iter().filter(|&&b| b == b'\n').count() as u64;
    let q = Questionnaire::ikm();
    let run = |threads: usize, block: usize| {
        let mut survey = Survey::new(catalog(), &q);
        let options = ReadOptions::default()
            .threads(NonZeroUsize::new(threads).expect("threads > 0"))
            .block_bytes(NonZeroUsize::new(block).expect("block > 0"));
        survey.read_csv_with(&file[..], options).map(|()| survey.summary().clone()).map_err(|e| e.to_string())
    };
    let one = run(1, 1 << 20);
    if let Ok(summary) = &one {
        assert_eq!(summary.seen, summary.accepted + summary.rejected.len() as u64);
        for r in &summary.rejected {
            assert!(r.line >= 1 && r.line <= lines, "line {} outside 1..={lines}", r.line);
        }
    }
    assert_eq!(run(2, block), one);
});
