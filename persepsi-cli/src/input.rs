//! Where the responses come from: a file, or the sample built into the binary.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

use crate::cli::Preset;

/// The bundled SPKP + SPAK sample (6,039 rows, some of them faulty on purpose), inside the
/// binary: an installed `persepsi` has no source tree to read it from.
const SPKP_SPAK_SAMPLE: &[u8] = include_bytes!("../../examples/data/responses.csv");

/// The bundled IKM sample.
const IKM_SAMPLE: &[u8] = include_bytes!("../../examples/data/responses-ikm.csv");

/// The bundled sample of the questionnaire.
pub fn sample(preset: Preset) -> &'static [u8] {
    match preset {
        Preset::SpkpSpak => SPKP_SPAK_SAMPLE,
        Preset::Ikm => IKM_SAMPLE,
    }
}

/// About how many records `file` holds: its size over the mean length of the lines in its first
/// 64 KiB (a line a record, the header and blank lines included; 60 bytes a line when no line
/// ends with `\n`). 0 for what is not a regular file (a pipe, standard input), which is left
/// unread; a regular file is left at its start.
pub fn expected_records(file: &mut File) -> usize {
    let Ok(meta) = file.metadata() else {
        return 0;
    };
    if !meta.is_file() {
        return 0;
    }
    let size = meta.len();
    let mut head = vec![0; 64 << 10];
    let mut got = 0;
    while got < head.len() {
        match file.read(&mut head[got..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => got += n,
        }
    }
    if file.seek(SeekFrom::Start(0)).is_err() {
        return 0;
    }
    let lines = head[..got].iter().filter(|&&b| b == b'\n').count() as u64;
    let estimate = if lines == 0 {
        size / 60
    } else {
        // size * lines / got, without overflow
        u64::try_from(u128::from(size) * u128::from(lines) / got as u128).unwrap_or(u64::MAX)
    };
    usize::try_from(estimate).unwrap_or(usize::MAX)
}
