//! Tally deserialization on arbitrary JSON: no panic; a tally that reads serializes back to an
//! equal tally; merging it with itself either works or is a typed overflow, and the result is
//! consistent (it reads back too); indices never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use persepsi::{Instrument, Scale, Tally};

fuzz_target!(|data: &[u8]| {
    let Ok(tally) = serde_json::from_slice::<Tally>(data) else {
        return;
    };
    let json = serde_json::to_string(&tally).expect("a tally serializes");
    let back: Tally = serde_json::from_str(&json).expect("a serialized tally reads back");
    assert_eq!(back, tally);
    let mut twice = tally.clone();
    if twice.merge(&tally).is_ok() {
        let json = serde_json::to_string(&twice).expect("serializes");
        let again: Tally = serde_json::from_str(&json).expect("a merged tally is consistent");
        assert_eq!(again, twice);
        let _ = twice.subtract(&tally);
        assert_eq!(twice, tally);
    }
    if let Ok(scale) = Scale::new(tally.points()) {
        if let Ok(code) = "F".parse() {
            let mut builder = Instrument::builder(code, scale);
            for i in 0..tally.item_count().min(64) {
                builder = builder.item(format!("F{i}").parse().expect("item code"), "f");
            }
            if let Ok(ins) = builder.build() {
                let _ = ins.index(&tally);
                let _ = ins.index_variance(&tally);
                for i in 0..tally.item_count() {
                    let _ = tally.nrr_standard_error(i);
                }
            }
        }
    }
});
