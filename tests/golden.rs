//! Golden tests: published figures and hand computations, checked to the digit through the
//! public API only.

use std::error::Error;
use std::str::FromStr;

use persepsi::*;

type TestResult = Result<(), Box<dyn Error>>;

/// `n` answers on a 1-4 scale summing to `s` (with `3n <= s <= 4n`): `s - 3n` fours and
/// `4n - s` threes, no missing answers.
fn hist4(n: u64, s: u64) -> Vec<u64> {
    assert!(
        3 * n <= s && s <= 4 * n,
        "{s} stars do not fit {n} answers of 3 or 4"
    );
    vec![0, 0, 0, 4 * n - s, s - 3 * n]
}

/// `n` answers on a 1-6 scale summing to `s` (with `5n <= s <= 6n`): `s - 5n` sixes and
/// `6n - s` fives, no missing answers.
fn hist6(n: u64, s: u64) -> Vec<u64> {
    assert!(
        5 * n <= s && s <= 6 * n,
        "{s} stars do not fit {n} answers of 5 or 6"
    );
    vec![0, 0, 0, 0, 0, 6 * n - s, s - 5 * n]
}

fn ratio(n: i128, d: i128) -> Exact {
    Exact::from_ratio(n, d).expect("nonzero denominator")
}

fn strings(nrr: &[(ItemCode, Decimal)]) -> Vec<(String, String)> {
    nrr.iter()
        .map(|(c, v)| (c.as_str().to_owned(), v.to_string()))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// 1. The 2023 ministry-wide SPAK: 97.94 on 0-100 and 3.94 on 1-4.
// ---------------------------------------------------------------------------------------------

/// Hand computation: 1000 respondents, item star sums 5900, 5890, 5895, 5900, 5900 (total
/// 29485). NRR_i = sum_i / 1000; raw = 29485 / 5000 = 5.897 exactly.
/// Min-max on 1-6: p = (5.897 - 1) / 5 = 4.897 / 5 = 0.9794;
/// 0-100 = 100p = 97.94 (exact); 1-4 = 1 + 3p = 3.9382 -> "3.94". 97.94 >= 88.31: grade A.
#[test]
fn spak_2023_minmax_gives_97_94_and_3_94() -> TestResult {
    let spak = Instrument::spak();
    let sums = [5900u64, 5890, 5895, 5900, 5900];
    assert_eq!(sums.iter().sum::<u64>(), 29485);
    let tally = Tally::from_histograms(1000, sums.iter().map(|&s| hist6(1000, s)).collect())?;
    let result = spak.index(&tally)?;

    assert_eq!(result.raw(), &ratio(5897, 1000));
    assert_eq!(result.index100(), &ratio(9794, 100));
    assert_eq!(result.index4(), &ratio(39382, 10000));

    let out = result.rounded(Precision::default());
    assert_eq!(out.raw.to_string(), "5.8970");
    assert_eq!(out.index100.to_string(), "97.94");
    assert_eq!(out.index4.to_string(), "3.94");
    assert_eq!(out.grade, Grade::A);
    assert_eq!(out.label, "Sangat Baik");
    assert_eq!(out.respondents, 1000);
    assert_eq!(
        strings(&out.nrr),
        [
            ("SPAK1", "5.9000"),
            ("SPAK2", "5.8900"),
            ("SPAK3", "5.8950"),
            ("SPAK4", "5.9000"),
            ("SPAK5", "5.9000"),
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    Ok(())
}

/// The same figure from recorded responses: 1000 respondents answer all five items; 897 give
/// all sixes and 103 give all fives: every NRR is (897 x 6 + 103 x 5) / 1000 = 5897 / 1000.
#[test]
fn spak_2023_from_recorded_answers() -> TestResult {
    let spak = Instrument::spak();
    let six = spak.answers([Some(6); 5])?;
    let five = spak.answers([Some(5); 5])?;
    let mut tally = Tally::new(&spak);
    for _ in 0..897 {
        tally.record(&six)?;
    }
    for _ in 0..103 {
        tally.record(&five)?;
    }
    let out = spak.index(&tally)?.rounded(Precision::default());
    assert_eq!(out.raw.to_string(), "5.8970");
    assert_eq!(out.index100.to_string(), "97.94");
    assert_eq!(out.index4.to_string(), "3.94");
    assert_eq!(out.grade, Grade::A);
    Ok(())
}

/// x25 does not fit the 1-6 scale (25 x 5.897 = 147.425, past 100) and the instrument refuses
/// it; the other rejected map, raw / 6 x 4 = 23.588 / 6 = 3.9313..., is not 3.94 either.
#[test]
fn spak_refuses_the_times25_map() -> TestResult {
    let err = Instrument::spak()
        .to_builder()
        .map(ScaleMap::Times25)
        .build()
        .unwrap_err();
    match err {
        InstrumentError::MapDoesNotFitScale {
            instrument,
            map,
            scale,
        } => {
            assert_eq!(instrument.as_str(), "SPAK");
            assert_eq!(map, ScaleMap::Times25);
            assert_eq!(scale, Scale::SIX);
        }
        other => panic!("expected MapDoesNotFitScale, got {other:?}"),
    }
    let raw = ratio(5897, 1000);
    assert_eq!(
        (Exact::integer(25) * raw.clone()).round(2).to_string(),
        "147.43"
    );
    let over_six = (raw * Exact::integer(4))
        .checked_div(&Exact::integer(6))
        .unwrap();
    assert_eq!(over_six.round(2).to_string(), "3.93");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 2. IKM raw exactly 3.5324 = 8831 / 2500: 88.31, grade A (the lowest A).
// ---------------------------------------------------------------------------------------------

/// Hand computation: 2500 respondents, 9 items, item star sums
/// 8900 + 8800 + 8831 + 8850 + 8812 + 8831 + 8700 + 8962 + 8793 = 79479 = 9 x 8831.
/// raw = mean of (sum_i / 2500) = 79479 / 22500 = 8831 / 2500 = 3.5324;
/// 0-100 = 25 x 3.5324 = 88.31 (exact) -> "88.31", A; 1-4 = raw -> "3.53".
#[test]
fn ikm_raw_3_5324_is_88_31_grade_a() -> TestResult {
    let ikm = Instrument::ikm();
    let sums = [8900u64, 8800, 8831, 8850, 8812, 8831, 8700, 8962, 8793];
    assert_eq!(sums.iter().sum::<u64>(), 79479);
    let tally = Tally::from_histograms(2500, sums.iter().map(|&s| hist4(2500, s)).collect())?;
    let result = ikm.index(&tally)?;
    assert_eq!(result.raw(), &Exact::from_ratio(8831, 2500)?);
    assert_eq!(result.index100(), &Exact::from_ratio(8831, 100)?);
    assert_eq!(result.raw().to_string(), "8831/2500");
    let out = result.rounded(Precision::default());
    assert_eq!(out.raw.to_string(), "3.5324");
    assert_eq!(out.index4.to_string(), "3.53");
    assert_eq!(out.index100.to_string(), "88.31");
    assert_eq!(out.grade, Grade::A);
    assert_eq!(out.label, "Sangat Baik");
    assert_eq!(out.nrr[0].1.to_string(), "3.5600"); // 8900 / 2500
    assert_eq!(out.nrr[7].1.to_string(), "3.5848"); // 8962 / 2500
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 3. The edge: IKM raw 3.5322 -> 88.305 -> "88.31", A (banker's rounding would say 88.30, B).
// ---------------------------------------------------------------------------------------------

/// Hand computation: 5000 respondents, 9 items, item star sums
/// 17661 x 9 = 158949 in all (spread as below). raw = 158949 / 45000 = 17661 / 5000 = 3.5322;
/// 0-100 = 25 x 3.5322 = 88.305 = 17661 / 200, exactly on the half:
/// half away from zero -> 88.31 -> A; half to even (banker's) -> 88.30 -> B.
#[test]
fn ikm_raw_3_5322_is_88_305_printed_88_31_grade_a() -> TestResult {
    let ikm = Instrument::ikm();
    let sums = [
        17661u64, 17700, 17622, 17661, 17500, 17822, 17661, 17600, 17722,
    ];
    assert_eq!(sums.iter().sum::<u64>(), 158949);
    let tally = Tally::from_histograms(5000, sums.iter().map(|&s| hist4(5000, s)).collect())?;
    let result = ikm.index(&tally)?;
    assert_eq!(result.raw(), &Exact::from_ratio(35322, 10000)?);
    assert_eq!(result.index100(), &Exact::from_ratio(88305, 1000)?);
    assert_eq!(result.index100().to_string(), "17661/200");
    let out = result.rounded(Precision::default());
    assert_eq!(out.raw.to_string(), "3.5322");
    assert_eq!(out.index100.to_string(), "88.31");
    assert_eq!(out.index4.to_string(), "3.53");
    assert_eq!(out.grade, Grade::A);
    assert_eq!(out.label, "Sangat Baik");
    assert_eq!(result.grade().grade(), Grade::A);

    // rust_decimal's round_dp is banker's rounding: it would print 88.30 ...
    let bankers = Decimal::from_str("88.305")?.round_dp(2);
    assert_eq!(bankers.to_string(), "88.30");
    assert_ne!(out.index100, bankers);
    // ... and 88.30 is a B.
    let table = GradeTable::permenpan_14_2017();
    assert_eq!(table.classify_rounded("88.30".parse()?).grade(), Grade::B);
    assert_eq!(table.classify_rounded("88.31".parse()?).grade(), Grade::A);
    // Just below the half stays below: 88.3049999... -> 88.30, B.
    let below = ikm.index_from_raw(Exact::from_ratio(353_219_999, 100_000_000)?);
    assert_eq!(below.index100().round(2).to_string(), "88.30");
    assert_eq!(below.grade().grade(), Grade::B);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 4. Pengadilan Negeri Payakumbuh, IKM January-June 2020: published 87.56, grade B.
// ---------------------------------------------------------------------------------------------

const PAYAKUMBUH: [u64; 9] = [358, 354, 329, 324, 357, 342, 378, 338, 372];

fn payakumbuh() -> Result<(Instrument, IndexResult), Box<dyn Error>> {
    let ikm = Instrument::ikm();
    let tally = Tally::from_histograms(100, PAYAKUMBUH.iter().map(|&s| hist4(100, s)).collect())?;
    let result = ikm.index(&tally)?;
    Ok((ikm, result))
}

/// Hand computation: NRR_i = sum_i / 100 = 3.58, 3.54, 3.29, 3.24, 3.57, 3.42, 3.78, 3.38, 3.72;
/// their sum is 3152 / 100 = 31.52. raw = 31.52 / 9 = 3.50222... -> "3.5022";
/// 0-100 = 25 x 31.52 / 9 = 788 / 9 = 87.5556 -> "87.56"; 87.56 < 88.31 and >= 76.61: B.
#[test]
fn payakumbuh_ikm_is_87_56_grade_b() -> TestResult {
    let (_, result) = payakumbuh()?;
    assert_eq!(result.raw(), &ratio(3152, 900));
    assert_eq!(result.index100(), &ratio(788, 9));
    let out = result.rounded(Precision::default());
    let expected = [
        ("U1", "3.5800"),
        ("U2", "3.5400"),
        ("U3", "3.2900"),
        ("U4", "3.2400"),
        ("U5", "3.5700"),
        ("U6", "3.4200"),
        ("U7", "3.7800"),
        ("U8", "3.3800"),
        ("U9", "3.7200"),
    ]
    .map(|(a, b)| (a.to_owned(), b.to_owned()));
    assert_eq!(strings(&out.nrr), expected);
    assert_eq!(out.raw.to_string(), "3.5022");
    assert_eq!(out.index4.to_string(), "3.50");
    assert_eq!(out.index100.to_string(), "87.56");
    assert_eq!(out.grade, Grade::B);
    assert_eq!(out.label, "Baik");
    assert_eq!(out.respondents, 100);
    Ok(())
}

/// The 0.11-weight bug: nine weights of 0.11 sum to 99/100 and are refused. Done by hand,
/// 0.11 x 31.52 x 25 = 86.68 exactly, and the true value 788/9 is exactly 100/99 of it
/// (the bug is 1% low). The "0.111" shortcut: 0.111 x 31.52 x 25 = 87.468 -> "87.47".
#[test]
fn payakumbuh_weight_shortcuts_are_wrong() -> TestResult {
    let (ikm, result) = payakumbuh()?;

    let bad = Weights::custom(vec![Exact::from_ratio(11, 100)?; 9]);
    match ikm.to_builder().weights(bad).build() {
        Err(InstrumentError::WeightsDoNotSumToOne { instrument, sum }) => {
            assert_eq!(instrument.as_str(), "IKM");
            assert_eq!(sum, Exact::from_ratio(99, 100)?);
            assert_eq!(sum.to_string(), "99/100");
        }
        other => panic!("expected WeightsDoNotSumToOne, got {other:?}"),
    }

    let nrr_sum: Exact = result
        .items()
        .iter()
        .map(|i| i.nrr().expect("every item answered").clone())
        .sum();
    assert_eq!(nrr_sum, ratio(3152, 100));
    let twenty_five = Exact::integer(25);

    let bug = Exact::from_ratio(11, 100)? * nrr_sum.clone() * twenty_five.clone();
    assert_eq!(bug, ratio(8668, 100));
    assert_eq!(bug.round(2).to_string(), "86.68");
    // exact = bug x 100/99, i.e. bug = 0.99 x exact
    assert_eq!(result.index100(), &(bug.clone() * ratio(100, 99)));
    assert_eq!(bug, ratio(99, 100) * result.index100().clone());

    let shortcut = Exact::from_ratio(111, 1000)? * nrr_sum * twenty_five;
    assert_eq!(shortcut, ratio(87468, 1000));
    assert_eq!(shortcut.round(2).to_string(), "87.47");

    assert_eq!(result.index100().round(2).to_string(), "87.56");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 5. The older 10-item IPK (PermenPAN-RB 52/2014): published 3.87.
// ---------------------------------------------------------------------------------------------

/// Hand computation: item sums over 100 respondents 396, 398, 394, 359, 384, 386, 372, 397,
/// 393, 392 (total 3871); NRR 3.96 ... 3.92; raw = 38.71 / 10 = 3.871 -> "3.8710";
/// x25 map: 1-4 = raw -> "3.87"; 0-100 = 96.775 -> "96.78" (half away from zero), A.
#[test]
fn ipk_2014_ten_items_is_3_87() -> TestResult {
    let ipk = Instrument::ipk_2014();
    let sums = [396u64, 398, 394, 359, 384, 386, 372, 397, 393, 392];
    assert_eq!(sums.iter().sum::<u64>(), 3871);
    let tally = Tally::from_histograms(100, sums.iter().map(|&s| hist4(100, s)).collect())?;
    let result = ipk.index(&tally)?;
    assert_eq!(result.raw(), &ratio(3871, 1000));
    let out = result.rounded(Precision::default());
    assert_eq!(out.nrr.len(), 10);
    assert_eq!(out.nrr[0].0.as_str(), "IPK1");
    assert_eq!(out.nrr[0].1.to_string(), "3.9600");
    assert_eq!(out.nrr[3].1.to_string(), "3.5900");
    assert_eq!(out.nrr[9].0.as_str(), "IPK10");
    assert_eq!(out.nrr[9].1.to_string(), "3.9200");
    assert_eq!(out.raw.to_string(), "3.8710");
    assert_eq!(out.index4.to_string(), "3.87");
    assert_eq!(out.index100.to_string(), "96.78");
    assert_eq!(out.grade, Grade::A);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 6. Missing answers are not zeros.
// ---------------------------------------------------------------------------------------------

/// Three SPAK responses, two with missing answers:
///   r1: 6 6 6 6 -      r2: 5 6 4 6 -      r3: 4 - 5 6 6
/// Available-case NRR: SPAK1 15/3 = 5, SPAK2 12/2 = 6, SPAK3 15/3 = 5, SPAK4 18/3 = 6,
/// SPAK5 6/1 = 6; raw = 28 / 5 = 5.6 -> p = 0.92 -> "92.00", 1-4 "3.76", A.
/// (Missing-as-zero would give SPAK2 4, SPAK5 2 and raw 4.4.)
#[test]
fn missing_answers_use_available_cases() -> TestResult {
    let spak = Instrument::spak();
    let mut tally = Tally::new(&spak);
    for r in [
        [Some(6), Some(6), Some(6), Some(6), None],
        [Some(5), Some(6), Some(4), Some(6), None],
        [Some(4), None, Some(5), Some(6), Some(6)],
    ] {
        tally.record(&spak.answers(r)?)?;
    }
    assert_eq!((tally.responses(), tally.respondents()), (3, 3));
    assert_eq!((tally.answered(1), tally.missing(1)), (2, 1));
    assert_eq!((tally.answered(4), tally.missing(4)), (1, 2));
    let result = spak.index(&tally)?;
    let answered: Vec<u64> = result.items().iter().map(ItemNrr::answered).collect();
    assert_eq!(answered, [3, 2, 3, 3, 1]);
    assert_eq!(result.items()[1].nrr(), Some(&Exact::integer(6)));
    assert_eq!(result.items()[4].nrr(), Some(&Exact::integer(6)));
    assert_eq!(result.raw(), &ratio(28, 5));
    let out = result.rounded(Precision::default());
    let nrr: Vec<String> = out.nrr.iter().map(|(_, v)| v.to_string()).collect();
    assert_eq!(nrr, ["5.0000", "6.0000", "5.0000", "6.0000", "6.0000"]);
    assert_eq!(out.raw.to_string(), "5.6000");
    assert_eq!(out.index100.to_string(), "92.00");
    assert_eq!(out.index4.to_string(), "3.76");
    assert_eq!(out.grade, Grade::A);
    Ok(())
}

/// An item nobody answered is left out of the mean (not averaged in as 0):
///   r1: 6 5 4 3 -      r2: 6 6 6 6 -
/// NRR 6, 5.5, 5, 4.5, none; raw = 21 / 4 = 5.25 (not 21 / 5 = 4.2);
/// p = 4.25 / 5 = 0.85 -> "85.00", 1-4 = 1 + 2.55 = "3.55", B.
#[test]
fn unanswered_item_is_left_out_of_the_raw_index() -> TestResult {
    let spak = Instrument::spak();
    let tally: Tally = [
        spak.answers([Some(6), Some(5), Some(4), Some(3), None])?,
        spak.answers([Some(6), Some(6), Some(6), Some(6), None])?,
    ]
    .into_iter()
    .collect();
    let result = spak.index(&tally)?;
    assert_eq!(result.items()[4].answered(), 0);
    assert_eq!(result.items()[4].nrr(), None);
    assert_eq!(result.raw(), &ratio(21, 4));
    let out = result.rounded(Precision::default());
    assert_eq!(
        strings(&out.nrr),
        [
            ("SPAK1", "6.0000"),
            ("SPAK2", "5.5000"),
            ("SPAK3", "5.0000"),
            ("SPAK4", "4.5000"),
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    assert_eq!(out.raw.to_string(), "5.2500");
    assert_eq!(out.index100.to_string(), "85.00");
    assert_eq!(out.index4.to_string(), "3.55");
    assert_eq!(out.grade, Grade::B);
    Ok(())
}

/// No answers at all is no index (never 0): an empty tally, and a tally whose only response
/// left every item blank (1 response, 0 respondents).
#[test]
fn no_answers_is_an_error_not_zero() -> TestResult {
    let spak = Instrument::spak();
    let empty = Tally::new(&spak);
    match spak.index(&empty) {
        Err(IndexError::NoAnswers { instrument }) => assert_eq!(instrument.as_str(), "SPAK"),
        other => panic!("expected NoAnswers, got {other:?}"),
    }
    let mut blank = Tally::new(&spak);
    blank.record(&spak.answers([None; 5])?)?;
    assert_eq!((blank.responses(), blank.respondents()), (1, 0));
    match spak.index(&blank) {
        Err(IndexError::NoAnswers { instrument }) => assert_eq!(instrument.as_str(), "SPAK"),
        other => panic!("expected NoAnswers, got {other:?}"),
    }
    let ikm = Instrument::ikm();
    assert!(matches!(
        ikm.index(&Tally::default()),
        Err(IndexError::NoAnswers { .. })
    ));
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 7. Custom weights, rescaled over the answered items.
// ---------------------------------------------------------------------------------------------

fn weighted_spak() -> Result<Instrument, Box<dyn Error>> {
    let w = vec![
        Exact::from_ratio(1, 2)?,
        Exact::from_ratio(1, 8)?,
        Exact::from_ratio(1, 8)?,
        Exact::from_ratio(1, 8)?,
        Exact::from_ratio(1, 8)?,
    ];
    Ok(Instrument::spak()
        .to_builder()
        .weights(Weights::custom(w))
        .build()?)
}

/// Weights 1/2, 1/8, 1/8, 1/8, 1/8.
///   r1: 6 4 4 4 4      r2: 6 4 5 3 4
/// NRR 6, 4, 4.5, 3.5, 4; raw = 6/2 + (4 + 4.5 + 3.5 + 4)/8 = 3 + 2 = 5 (equal weights: 4.4);
/// p = 4/5 -> "80.00", 1-4 = 1 + 2.4 = "3.40", B.
#[test]
fn custom_weights_give_the_weighted_mean() -> TestResult {
    let spak = weighted_spak()?;
    let tally: Tally = [
        spak.answers([Some(6), Some(4), Some(4), Some(4), Some(4)])?,
        spak.answers([Some(6), Some(4), Some(5), Some(3), Some(4)])?,
    ]
    .into_iter()
    .collect();
    let result = spak.index(&tally)?;
    assert_eq!(result.raw(), &Exact::integer(5));
    let out = result.rounded(Precision::default());
    assert_eq!(out.raw.to_string(), "5.0000");
    assert_eq!(out.index100.to_string(), "80.00");
    assert_eq!(out.index4.to_string(), "3.40");
    assert_eq!(out.grade, Grade::B);
    // the same tally with equal weights
    assert_eq!(Instrument::spak().index(&tally)?.raw(), &ratio(22, 5));
    Ok(())
}

/// When the 1/2-weighted item is unanswered, the four 1/8 weights are rescaled to 1/4 each:
///   r1: - 4 4 4 4      r2: - 4 5 3 4
/// raw = (16/8) / (1/2) = 4 (without rescaling it would be 2, below the scale).
/// When a 1/8-weighted item is unanswered, the rest sum to 7/8:
///   r1: 6 - 4 4 4      r2: 6 - 5 3 4
/// raw = (6/2 + (4.5 + 3.5 + 4)/8) / (7/8) = 4.5 x 8/7 = 36/7 = 5.142857 -> "5.1429";
/// p = (29/7)/5 = 29/35 -> 0-100 = 82.857 -> "82.86"; 1-4 = 1 + 87/35 = 3.4857 -> "3.49"; B.
#[test]
fn custom_weights_are_rescaled_over_answered_items() -> TestResult {
    let spak = weighted_spak()?;
    let heavy_missing: Tally = [
        spak.answers([None, Some(4), Some(4), Some(4), Some(4)])?,
        spak.answers([None, Some(4), Some(5), Some(3), Some(4)])?,
    ]
    .into_iter()
    .collect();
    let result = spak.index(&heavy_missing)?;
    assert_eq!(result.raw(), &Exact::integer(4));
    assert_eq!(
        result.rounded(Precision::default()).raw.to_string(),
        "4.0000"
    );

    let light_missing: Tally = [
        spak.answers([Some(6), None, Some(4), Some(4), Some(4)])?,
        spak.answers([Some(6), None, Some(5), Some(3), Some(4)])?,
    ]
    .into_iter()
    .collect();
    let result = spak.index(&light_missing)?;
    assert_eq!(result.raw(), &ratio(36, 7));
    assert_eq!(result.index100(), &ratio(2900, 35));
    let out = result.rounded(Precision::default());
    assert_eq!(out.raw.to_string(), "5.1429");
    assert_eq!(out.index100.to_string(), "82.86");
    assert_eq!(out.index4.to_string(), "3.49");
    assert_eq!(out.grade, Grade::B);
    assert_eq!(out.nrr.len(), 4);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 8. Counting near u64::MAX, and retraction below zero.
// ---------------------------------------------------------------------------------------------

/// A one-item 1-2 tally holding u64::MAX responses cannot take one more: merge and record
/// refuse with Overflow { count: u64::MAX, by } and leave the tally as it was.
#[test]
fn merge_past_u64_max_is_refused_and_changes_nothing() -> TestResult {
    let near = Tally::from_histograms(u64::MAX, vec![vec![0, 0, u64::MAX]])?;
    assert_eq!(near.responses(), u64::MAX);
    assert_eq!(near.star_sum(0), 2 * u128::from(u64::MAX));
    let one = Tally::from_histograms(1, vec![vec![0, 1, 0]])?;

    let mut t = near.clone();
    assert_eq!(
        t.merge(&one),
        Err(TallyError::Overflow {
            count: u64::MAX,
            by: 1
        })
    );
    assert_eq!(t, near);

    let half = Tally::from_histograms(u64::MAX / 2 + 1, vec![vec![0, u64::MAX / 2 + 1, 0]])?;
    let mut t = Tally::from_histograms(u64::MAX / 2 + 1, vec![vec![0, 0, u64::MAX / 2 + 1]])?;
    let before = t.clone();
    assert_eq!(
        t.merge(&half),
        Err(TallyError::Overflow {
            count: u64::MAX / 2 + 1,
            by: u64::MAX / 2 + 1
        })
    );
    assert_eq!(t, before);

    // merging with an empty tally is fine even at the limit
    let mut t = near.clone();
    t.merge(&Tally::default())?;
    t.merge(&Tally::from_histograms(0, vec![vec![0, 0, 0]])?)?;
    assert_eq!(t, near);

    // record through an instrument of the same shape
    let two = Instrument::builder("TWO".parse()?, Scale::new(2)?)
        .item("T1".parse()?, "only item")
        .build()?;
    let mut t = near.clone();
    assert!(matches!(
        t.record(&two.answers([Some(1)])?),
        Err(TallyError::Overflow {
            count: u64::MAX,
            by: 1
        })
    ));
    assert_eq!(t, near);

    // the index at the limit is still exact: raw 2, 0-100 = 100
    let out = two.index(&near)?.rounded(Precision::default());
    assert_eq!(out.raw.to_string(), "2.0000");
    assert_eq!(out.index100.to_string(), "100.00");

    // a histogram whose counts overflow u64 is inconsistent
    assert!(matches!(
        Tally::from_histograms(1, vec![vec![u64::MAX, 1, 0]]),
        Err(TallyError::Inconsistent { .. })
    ));
    Ok(())
}

/// Retracting from an empty tally underflows (the response counter, named by its own variant)
/// and changes nothing; retracting an answer that was never counted underflows on its item and
/// star.
#[test]
fn retract_below_zero_is_refused() -> TestResult {
    let spak = Instrument::spak();
    let a = spak.answers([Some(6), Some(5), None, Some(6), Some(6)])?;
    let mut empty = Tally::new(&spak);
    let err = empty.retract(&a);
    assert_eq!(
        err,
        Err(TallyError::ResponsesUnderflow { have: 0, take: 1 })
    );
    assert_eq!(
        err.unwrap_err().to_string(),
        "cannot take away more responses than the tally counts: 1 from 0"
    );
    assert_eq!(empty, Tally::new(&spak));
    assert_eq!(
        empty.retract(&spak.answers([None; 5])?),
        Err(TallyError::ResponsesUnderflow { have: 0, take: 1 })
    );
    // a shapeless default tally has nothing to take away either (no "1-0" scale)
    assert_eq!(
        Tally::default().retract(&a),
        Err(TallyError::ResponsesUnderflow { have: 0, take: 1 })
    );
    assert_eq!(empty, Tally::new(&spak));

    let mut t = Tally::new(&spak);
    t.record(&spak.answers([Some(6); 5])?)?;
    let before = t.clone();
    // item 1 (0-based) never got 5 stars
    assert_eq!(
        t.retract(&a),
        Err(TallyError::Underflow {
            item: 1,
            star: 5,
            have: 0,
            take: 1
        })
    );
    assert_eq!(t, before);

    // subtracting more than was merged
    let mut t = before.clone();
    let mut twice = before.clone();
    twice.merge(&before)?;
    assert_eq!(
        t.subtract(&twice),
        Err(TallyError::ResponsesUnderflow { have: 1, take: 2 })
    );
    assert_eq!(t, before);
    Ok(())
}

/// A retraction that passes every per-slot check can still take back a response that was
/// never counted:
///   recorded r1: 6 - - - -   r2: - 6 - - -     retracted x: 6 6 - - -
/// Every slot x touches is >= 1, but what would be left is one response with no answer at all
/// and one respondent: counts no set of responses gives. Both retract and subtract refuse it
/// and leave the tally unchanged.
#[test]
fn retract_never_leaves_an_inconsistent_tally() -> TestResult {
    let spak = Instrument::spak();
    let mut t = Tally::new(&spak);
    t.record(&spak.answers([Some(6), None, None, None, None])?)?;
    t.record(&spak.answers([None, Some(6), None, None, None])?)?;
    let before = t.clone();
    let x = spak.answers([Some(6), Some(6), None, None, None])?;
    assert!(matches!(
        t.retract(&x),
        Err(TallyError::Inconsistent { .. })
    ));
    assert_eq!(t, before);
    let x_tally: Tally = [x].into_iter().collect();
    assert!(matches!(
        t.subtract(&x_tally),
        Err(TallyError::Inconsistent { .. })
    ));
    assert_eq!(t, before);
    // what was really counted can still be taken back, and the rest round-trips
    t.retract(&spak.answers([Some(6), None, None, None, None])?)?;
    assert_eq!((t.responses(), t.respondents()), (1, 1));
    #[cfg(feature = "serde")]
    {
        let back: Tally = serde_json::from_str(&serde_json::to_string(&t)?)?;
        assert_eq!(back, t);
    }
    Ok(())
}
