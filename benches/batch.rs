//! Columnar batch counting (`GroupedTally`): the peer comparison's core workload, 10M responses
//! x 9 items (IKM, stars as u8) into 500 units, on one and on two threads.
//!
//! `cargo bench --bench batch`. Data: `benches/common/data.rs` (seeded).

mod common;

use std::hint::black_box;
use std::num::NonZeroUsize;

use common::data;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use persepsi::{GroupedTally, Instrument};

fn batch(c: &mut Criterion) {
    let ikm = Instrument::ikm();
    let (stars, units) = data::columnar(data::COLUMNAR_ROWS, 9, 4, 500);
    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    group.throughput(Throughput::Elements(stars.len() as u64));
    for threads in [1usize, 2] {
        let threads = NonZeroUsize::new(threads).expect("positive");
        group.bench_function(
            format!("10M x 9 ratings into 500 units, {threads} thread(s)"),
            |b| {
                b.iter(|| {
                    let mut grouped = GroupedTally::new(&ikm, 500);
                    grouped
                        .record_batch_parallel(black_box(&stars), black_box(&units), threads)
                        .expect("valid batch");
                    black_box(grouped)
                });
            },
        );
    }
    group.finish();
}

criterion_group!(benches, batch);
criterion_main!(benches);
