//! Merge, index computation, roll-up over the built-in catalog, and the end-to-end CSV reader.
//! Throughput is in ratings (star answers, missing or not) behind each measurement.
//!
//! `cargo bench --bench pipeline`. Data: `benches/common/data.rs` (seeded).

mod common;

use std::hint::black_box;
use std::num::NonZeroUsize;

use common::data::{self, SplitMix64};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use persepsi::{
    Catalog, Filter, Instrument, PeriodKind, Precision, Questionnaire, QuestionnaireTally,
    ReadOptions, Report, ReportOptions, Rollup, Survey, Tally,
};

/// `n` partial tallies of the SPKP+SPAK questionnaire, each of `per` seeded responses.
fn partials(n: usize, per: usize) -> Vec<QuestionnaireTally> {
    let catalog = Catalog::kemenkum_2025();
    let q = Questionnaire::spkp_spak();
    let mut rng = SplitMix64(11);
    (0..n)
        .map(|p| {
            let mut survey = Survey::new(catalog.clone(), q.clone());
            for r in 0..per {
                let stars: Vec<String> = (0..13).map(|_| rng.star(6).to_string()).collect();
                let answers: Vec<&str> = stars.iter().map(String::as_str).collect();
                let id = format!("{p}-{r}");
                let raw = persepsi::RawResponse {
                    id: &id,
                    date: "2025-05-05",
                    unit: "KW-NTT-YANKUM",
                    service: "KI-MEREK",
                    answers: &answers,
                };
                survey.ingest(r as u64, &raw).expect("valid");
            }
            survey
                .tally(catalog.root(), &Filter::all())
                .expect("the survey's own root")
        })
        .collect()
}

fn merge_and_index(c: &mut Criterion) {
    let q = Questionnaire::spkp_spak();
    let parts = partials(10_000, 10);
    let units = Catalog::kemenkum_2025().units().len();
    let mut group = c.benchmark_group("merge");
    group.throughput(Throughput::Elements(10_000 * 10 * 13));
    group.bench_function(
        format!("10,000 partial tallies into {units} units, then SPKP and SPAK indices for each"),
        |b| {
            b.iter(|| {
                let mut per_unit = vec![QuestionnaireTally::new(&q); units];
                for (i, p) in parts.iter().enumerate() {
                    per_unit[i % units].merge(black_box(p)).expect("same shape");
                }
                let indices: Vec<_> = per_unit
                    .iter()
                    .flat_map(|t| {
                        q.instruments()
                            .iter()
                            .zip(t.instruments())
                            .map(|(ins, t)| ins.index(t))
                    })
                    .collect();
                black_box(indices)
            });
        },
    );
    group.finish();

    let spkp = Instrument::spkp();
    let big: Tally = parts.iter().map(|p| p.instruments()[0].clone()).sum();
    let mut group = c.benchmark_group("index");
    group.throughput(Throughput::Elements(big.responses() * 8));
    group.bench_function(
        "SPKP index (NRR, raw, 1-4, 0-100, grade) of one tally",
        |b| {
            b.iter(|| black_box(spkp.index(black_box(&big)).expect("answers")));
        },
    );
    group.finish();
}

fn rollup_and_reader(c: &mut Criterion) {
    let catalog = Catalog::kemenkum_2025();
    let q = Questionnaire::spkp_spak();
    let rows = 1_000_000;
    let mut csv = Vec::with_capacity(80 * rows);
    data::write_csv(&mut csv, rows).expect("in memory");
    let mut survey = Survey::new(catalog.clone(), q.clone());
    survey.read_csv(&csv[..]).expect("readable");
    let ratings = (rows * 13) as u64;

    let mut group = c.benchmark_group("rollup");
    group.sample_size(20);
    group.throughput(Throughput::Elements(ratings));
    for method in [Rollup::Pooled, Rollup::MeanOfChildren] {
        group.bench_function(
            format!("{method} over the built-in catalog, 1M responses"),
            |b| {
                b.iter(|| black_box(survey.rollup(method, &Filter::all())));
            },
        );
    }
    group.finish();

    // the report alone, plain and with both breakdowns (what `persepsi compute --by service
    // --series quarter` adds to reading the file)
    let mut group = c.benchmark_group("report");
    group.sample_size(20);
    let plain = ReportOptions::default();
    let broken_down = plain.clone().by_service(true).series(PeriodKind::Quarter);
    for (name, options) in [
        ("plain", plain),
        ("by service, series by quarter", broken_down),
    ] {
        group.bench_function(format!("{name}, 1M responses"), |b| {
            b.iter(|| {
                black_box(
                    Report::with_options(&survey, &options)
                        .expect("no ids in the options")
                        .to_json(),
                )
            });
        });
    }
    group.finish();

    let mut group = c.benchmark_group("reader");
    group.sample_size(10);
    group.throughput(Throughput::Elements(ratings));
    for threads in [1usize, 2] {
        let options = ReadOptions::default().threads(NonZeroUsize::new(threads).expect("positive"));
        group.bench_function(format!("1M-row CSV to report, {threads} thread(s)"), |b| {
            b.iter(|| {
                let mut survey = Survey::new(catalog.clone(), q.clone());
                survey
                    .read_csv_with(black_box(&csv[..]), options.clone())
                    .expect("readable");
                black_box(
                    Report::new(
                        &survey,
                        Rollup::Pooled,
                        &Filter::all(),
                        Precision::default(),
                    )
                    .expect("no ids in the filter")
                    .to_json(),
                )
            });
        });
    }
    group.finish();
}

/// Student's t in `Decimal`: a unit's chance of grade A (its distribution function over n - 1
/// df: the continued fraction below 200 df, Cornish-Fisher from there on), a Welch trend's
/// 97.5% point of a fractional df (the root of the distribution function) and `t95` (a table).
fn student(c: &mut Criterion) {
    let d = |s: &str| s.parse::<persepsi::Decimal>().expect("a number");
    let mut group = c.benchmark_group("student");
    for df in ["4", "29", "199", "200", "6800"] {
        let (t, df) = (d("-1.2345"), d(df));
        group.bench_function(format!("cdf, {df} df"), |b| {
            b.iter(|| persepsi::student_t_cdf(black_box(t), black_box(df)));
        });
    }
    let (p, df) = (d("0.975"), d("4.8035"));
    group.bench_function("quantile, 4.8035 df", |b| {
        b.iter(|| persepsi::student_t_quantile(black_box(p), black_box(df)));
    });
    group.bench_function("t95, 1..=1000 df", |b| {
        b.iter(|| (1..=1000u64).map(|df| persepsi::t95(black_box(df))).max());
    });
    group.finish();
}

criterion_group!(benches, merge_and_index, rollup_and_reader, student);
criterion_main!(benches);
