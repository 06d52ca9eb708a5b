//! Uncertainty, shrinkage, sample adequacy, trends and Zona Integritas points against
//! hand-computed values, a seeded coverage simulation, and laws.

#[path = "common/catalogs.rs"]
mod catalogs;

use persepsi::*;
use proptest::prelude::*;

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn d(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

fn round(x: Decimal, dp: u32) -> String {
    Exact::from_decimal(x).round(dp).to_string()
}

#[test]
fn nrr_standard_error_from_a_small_histogram() -> TestResult {
    // SPAK1 stars 6, 6, 5, 4, 4 (1-6): mean 5, deviations 1, 1, 0, -1, -1: sample variance
    // 4 / 4 = 1, SE = sqrt(1 / 5) = 0.447214
    let t = Tally::from_histograms(5, vec![vec![0, 0, 0, 0, 2, 1, 2]])?;
    assert_eq!(
        t.nrr_standard_error(0).map(|s| round(s, 6)),
        Some("0.447214".into())
    );
    // one answer: undefined, never zero
    let one = Tally::from_histograms(1, vec![vec![0, 0, 0, 0, 0, 0, 1]])?;
    assert_eq!(one.nrr_standard_error(0), None);
    Ok(())
}

#[test]
fn index_interval_by_hand() -> TestResult {
    // SPAK, 3 respondents, complete: scores 6, 5, 4 (every item the same star): mean 5, sample
    // variance 1, SE sqrt(1/3) = 0.57735; t(2) = 4.302653: raw 5 +- 2.484138 = [2.515862, 7.48] ->
    // 2.5159 (the table's 4.3027 gave 2.5158), clamped to 6; 0-100 = 20 (raw - 1): [30.32, 100.00]; 1-4 = 1 + 0.6 (raw - 1): [1.91, 4.00]
    let spak = Instrument::spak();
    let mut t = Tally::new(&spak);
    for s in [6, 5, 4] {
        t.record(&spak.answers([Some(s); 5])?)?;
    }
    assert_eq!(spak.index_variance(&t), Some(Exact::from_ratio(1, 3)?));
    let i = Interval::of(&spak, &t).ok_or("defined")?;
    assert_eq!(i.se_raw().to_string(), "0.5774");
    assert_eq!(i.se100().to_string(), "11.55");
    assert_eq!(
        (i.raw().0.to_string(), i.raw().1.to_string()),
        ("2.5159".into(), "6.0000".into())
    );
    assert_eq!(
        (i.index100().0.to_string(), i.index100().1.to_string()),
        ("30.32".into(), "100.00".into())
    );
    assert_eq!(
        (i.index4().0.to_string(), i.index4().1.to_string()),
        ("1.91".into(), "4.00".into())
    );
    Ok(())
}

#[test]
fn items_of_one_respondent_are_correlated() -> TestResult {
    // 4 respondents each giving all 5 items the same star (6, 6, 2, 2): the items are perfectly
    // correlated, so the index's SE is that of 4 scores (2.3094 / 2 = 1.1547), not the much
    // smaller SE that 20 independent answers would suggest (2.2473 / sqrt(20) = 0.5025)
    let spak = Instrument::spak();
    let mut t = Tally::new(&spak);
    for s in [6, 6, 2, 2] {
        t.record(&spak.answers([Some(s); 5])?)?;
    }
    let i = Interval::of(&spak, &t).ok_or("defined")?;
    assert_eq!(i.se_raw().to_string(), "1.1547");
    Ok(())
}

#[test]
fn undefined_intervals() -> TestResult {
    let spak = Instrument::spak();
    let mut t = Tally::new(&spak);
    t.record(&spak.answers([Some(6); 5])?)?;
    assert_eq!(Interval::of(&spak, &t), None, "one respondent");
    let bare = Tally::from_histograms(2, vec![vec![0, 0, 0, 0, 0, 1, 1]; 5])?;
    assert_eq!(
        spak.index_variance(&bare),
        None,
        "no respondent scores in bare histograms"
    );
    let weighted = spak
        .to_builder()
        .weights(Weights::custom(vec![Exact::from_ratio(1, 5)?; 5]))
        .build()?;
    t.record(&spak.answers([Some(5); 5])?)?;
    assert!(spak.index_variance(&t).is_some());
    assert_eq!(weighted.index_variance(&t), None, "custom weights");
    Ok(())
}

#[test]
fn krejcie_morgan_table_points_with_half_away_rounding() {
    // S = 3.841 N 0.25 / (0.0025 (N - 1) + 0.96025): 9.771, 79.507, 277.714, 384.1 -> rounded
    // half away from zero: 10, 80, 278, 384 (rounding up would give 385 for large N)
    assert_eq!(krejcie_morgan(10), 10);
    assert_eq!(krejcie_morgan(100), 80);
    assert_eq!(krejcie_morgan(1_000), 278);
    assert_eq!(krejcie_morgan(10_000_000), 384);
    assert_eq!(krejcie_morgan(u64::MAX), 384);
    assert_eq!(krejcie_morgan(0), 0);
    assert_eq!(slovin(1_000), 286); // 285.71 rounded up
    assert_eq!(required_respondents(None), 30);
}

#[test]
fn lke_points_and_zi_thresholds() -> TestResult {
    // 3.94 / 4 x 17.5 = 17.2375 -> 17.24
    assert_eq!(
        lke_points(&Exact::from_ratio(394, 100)?)
            .round(2)
            .to_string(),
        "17.24"
    );
    assert_eq!(lke_points(&Exact::integer(4)).round(2).to_string(), "17.50");
    let zi = ZiThresholds {
        ipak: d("3.70"),
        ipkp: d("3.50"),
    };
    assert!(zi.meets(ZiIndicator::Ipkp, d("3.50")));
    assert!(!zi.meets(ZiIndicator::Ipak, d("3.69")));
    assert_eq!(zi.threshold(ZiIndicator::Ipak), d("3.70"));
    Ok(())
}

/// Zona Integritas points go with the instrument's indicator, never with its code: a user's
/// instrument coded "SPKP" without one earns none, one coded "MYSPAK" with IPAK's earns them
/// and is held against IPAK's threshold.
#[test]
fn zi_points_follow_the_instrument_not_its_code() -> TestResult {
    let catalog = catalogs::one_unit();
    let spkp_lookalike = Instrument::builder("SPKP".parse()?, Scale::SIX)
        .item("K1".parse()?, "k1")
        .item("K2".parse()?, "k2")
        .build()?;
    let myspak = Instrument::builder("MYSPAK".parse()?, Scale::SIX)
        .item("M1".parse()?, "m1")
        .item("M2".parse()?, "m2")
        .zi_indicator(ZiIndicator::Ipak)
        .build()?;
    assert_eq!(spkp_lookalike.zi_indicator(), None);
    assert_eq!(myspak.to_builder().build()?, myspak); // kept through to_builder
    assert_ne!(
        myspak,
        myspak.to_builder().zi_indicator(None).build()?,
        "the indicator is part of equality"
    );
    let q = Questionnaire::new("mine", vec![spkp_lookalike, myspak])?;
    let mut survey = Survey::new(catalog, q);
    // two respondents, all 6 stars then all 5: raw 5.5 -> 1-4 value 3.70 on both
    for (i, stars) in [["6"; 4], ["5"; 4]].iter().enumerate() {
        let id = format!("R{i}");
        let raw = RawResponse {
            id: &id,
            date: "2025-03-04",
            unit: "U",
            service: "S",
            answers: stars,
        };
        survey.ingest(i as u64 + 2, &raw)?;
    }
    let options = ReportOptions::default().zi_thresholds(ZiThresholds {
        ipak: d("3.70"),
        ipkp: d("3.71"),
    });
    let report = Report::with_options(&survey, &options)?;
    let [lookalike, mine] = &report.units[0].indices[..] else {
        panic!("two instruments");
    };
    assert_eq!(lookalike.index.instrument.as_str(), "SPKP");
    assert_eq!(mine.index.instrument.as_str(), "MYSPAK");
    assert_eq!(
        (lookalike.lke_points, lookalike.zi_threshold_met),
        (None, None)
    );
    // 3.70 / 4 x 17.5 = 16.1875 -> 16.19; 3.70 meets IPAK's 3.70 (IPKP's 3.71 it would not)
    assert_eq!(
        (mine.lke_points, mine.zi_threshold_met),
        (Some(d("16.19")), Some(true))
    );
    Ok(())
}

#[test]
fn probability_of_grade_a() {
    // estimate 90.00, SE 1.00, 30 respondents, grade A from 88.305: F_29(1.695) = 0.949606
    // (the t distribution function, 1 - I_x(14.5, 0.5) / 2 at x = 29 / (29 + 1.695²); mpmath's
    // betainc at 40 digits gives 0.94960554727959...)
    assert_eq!(
        probability_at_least(d("90.00"), d("1.00"), d("88.305"), 29).to_string(),
        "0.9496"
    );
    // the normal distribution would say 0.9550: t's heavier tails
    assert_eq!(
        probability_at_least(d("0"), d("0.001"), d("88.305"), 29).to_string(),
        "0.0000"
    );
}

/// SplitMix64, seeded.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A respondent: a base star 4, 5 or 6 (probabilities 0.2, 0.5, 0.3), then each item the base
/// (0.6), one less (0.3) or two less (0.1). The items of one respondent are correlated through
/// the base. Every item's mean is 5.1 - 0.5 = 4.6, so the true raw index is 4.6.
fn respondent(rng: &mut Rng) -> [Option<u8>; 5] {
    let base = match rng.below(10) {
        0..=1 => 4,
        2..=6 => 5,
        _ => 6,
    };
    std::array::from_fn(|_| {
        Some(match rng.below(10) {
            0..=5 => base,
            6..=8 => base - 1,
            _ => base - 2,
        })
    })
}

#[test]
fn the_95_interval_covers_the_true_index_95_percent_of_the_time() -> TestResult {
    let spak = Instrument::spak();
    let truth = d("4.6");
    let mut rng = Rng(2026);
    let samples = 2_000;
    let mut covered = 0;
    for _ in 0..samples {
        let mut t = Tally::new(&spak);
        for _ in 0..60 {
            t.record(&spak.answers(respondent(&mut rng))?)?;
        }
        let i = Interval::of(&spak, &t).ok_or("defined")?;
        if i.raw().0 <= truth && truth <= i.raw().1 {
            covered += 1;
        }
    }
    let share = f64::from(covered) / f64::from(samples);
    eprintln!("coverage {covered} of {samples} = {share}");
    assert!((0.93..=0.97).contains(&share), "coverage {share}");
    Ok(())
}

fn answers() -> impl Strategy<Value = Vec<[Option<u8>; 5]>> {
    proptest::collection::vec(
        proptest::array::uniform5(prop_oneof![1 => Just(None), 6 => (1u8..=6).prop_map(Some)]),
        2..40,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The same distribution with twice the respondents: a smaller variance and an interval no
    /// wider.
    #[test]
    fn the_interval_narrows_as_n_grows(rows in answers()) {
        let spak = Instrument::spak();
        let mut t = Tally::new(&spak);
        for r in &rows {
            let a = spak.answers(*r).expect("on the scale");
            if a.answered() > 0 {
                t.record(&a).expect("fits");
            }
        }
        prop_assume!(t.respondents() >= 2);
        let mut twice = t.clone();
        twice.merge(&t).expect("fits");
        let (v1, v2) = (spak.index_variance(&t), spak.index_variance(&twice));
        let (v1, v2) = (v1.expect("defined"), v2.expect("defined"));
        prop_assert!(v2 <= v1);
        let (i1, i2) = (Interval::of(&spak, &t).expect("defined"), Interval::of(&spak, &twice).expect("defined"));
        prop_assert!(i2.raw().1 - i2.raw().0 <= i1.raw().1 - i1.raw().0);
        prop_assert!(i1.index100().0 <= i1.index100().1);
        prop_assert!(i1.index100().0 >= Decimal::ZERO && i1.index100().1 <= Decimal::from(100));
    }

    /// The shrunk index lies between the unit's own value and its parent's.
    #[test]
    fn shrunk_lies_between_own_and_parent(own in 1i128..=600, parent in 1i128..=600, n in 0u64..10_000, m in 0u64..1_000) {
        let (own, parent) = (Exact::from_ratio(own, 100).expect("ratio"), Exact::from_ratio(parent, 100).expect("ratio"));
        let s = shrink(&own, n, &parent, m);
        let (lo, hi) = if own <= parent { (&own, &parent) } else { (&parent, &own) };
        prop_assert!(lo <= &s && &s <= hi);
    }

    /// More respondents never move the shrunk value further from the unit's own raw value.
    #[test]
    fn more_respondents_never_move_away_from_own(own in 1i128..=600, parent in 1i128..=600, n in 0u64..10_000, more in 0u64..10_000, m in 0u64..1_000) {
        let (own, parent) = (Exact::from_ratio(own, 100).expect("ratio"), Exact::from_ratio(parent, 100).expect("ratio"));
        let distance = |n: u64| {
            let s = shrink(&own, n, &parent, m);
            if s >= own { &s - &own } else { &own - &s }
        };
        prop_assert!(distance(n + more) <= distance(n));
    }
}
