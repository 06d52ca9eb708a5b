//! Ingest rate of star tallies through the public API, and index computation.
//!
//! `cargo bench --bench tally`. Inputs are seeded (xorshift64*), so runs are comparable.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use persepsi::{Answers, Instrument, Tally};

const RESPONSES: usize = 1_000_000;

fn stars(seed: &mut u64, n: usize, points: u8) -> Vec<Option<u8>> {
    (0..n)
        .map(|_| {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 7;
            *seed ^= *seed << 17;
            let r = *seed;
            // about 3% missing answers, the rest skewed to the top of the scale
            if r % 100 < 3 {
                None
            } else {
                Some((points - (r >> 8) as u8 % 3).max(1))
            }
        })
        .collect()
}

fn responses(instrument: &Instrument, n: usize, seed: u64) -> Vec<Answers> {
    let mut s = seed;
    let items = instrument.items().len();
    let points = instrument.scale().points();
    (0..n)
        .map(|_| {
            let mut row = stars(&mut s, items, points);
            if row.iter().all(Option::is_none) {
                row[0] = Some(points);
            }
            instrument.answers(row).expect("stars are on the scale")
        })
        .collect()
}

fn ingest(c: &mut Criterion) {
    let spkp = Instrument::spkp();
    let spak = Instrument::spak();
    let a = responses(&spkp, RESPONSES, 0x9E37_79B9_7F4A_7C15);
    let b = responses(&spak, RESPONSES, 0xD1B5_4A32_D192_ED03);
    let mut group = c.benchmark_group("tally");
    group.sample_size(10);
    group.throughput(Throughput::Elements((RESPONSES * 13) as u64));
    group.bench_function("record 1M responses x 13 items (SPKP+SPAK)", |bench| {
        bench.iter(|| {
            let mut ta = Tally::new(&spkp);
            let mut tb = Tally::new(&spak);
            for (x, y) in a.iter().zip(&b) {
                ta.record(black_box(x)).expect("same shape");
                tb.record(black_box(y)).expect("same shape");
            }
            black_box((ta, tb))
        });
    });
    group.finish();

    let tally: Tally = a.iter().collect();
    let mut group = c.benchmark_group("index");
    group.throughput(Throughput::Elements(1));
    group.bench_function("SPKP index from a 1M-response tally", |bench| {
        bench.iter(|| black_box(spkp.index(black_box(&tally)).expect("answers")));
    });
    group.finish();
}

criterion_group!(benches, ingest);
criterion_main!(benches);
