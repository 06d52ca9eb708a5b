//! Property tests: the algebra of tallies, order independence, bounds, serde and rounding.

use persepsi::*;
use proptest::prelude::*;

/// One response: each of `items` answers is 1..=points with ~85% probability, else missing.
fn response(items: usize, points: u8) -> impl Strategy<Value = Vec<Option<u8>>> {
    prop::collection::vec(prop::option::weighted(0.85, 1..=points), items)
}

fn responses_for(instrument: Instrument, max: usize) -> impl Strategy<Value = Vec<Answers>> {
    let items = instrument.items().len();
    let points = instrument.scale().points();
    prop::collection::vec(response(items, points), 0..=max).prop_map(move |rs| {
        rs.into_iter()
            .map(|r| {
                instrument
                    .answers(r)
                    .expect("generated stars are on the scale")
            })
            .collect()
    })
}

fn spak_responses(max: usize) -> impl Strategy<Value = Vec<Answers>> {
    responses_for(Instrument::spak(), max)
}

fn ikm_responses(max: usize) -> impl Strategy<Value = Vec<Answers>> {
    responses_for(Instrument::ikm(), max)
}

/// Responses for either preset, with the instrument they belong to.
fn any_responses(max: usize) -> impl Strategy<Value = (Instrument, Vec<Answers>)> {
    prop_oneof![
        spak_responses(max).prop_map(|r| (Instrument::spak(), r)),
        ikm_responses(max).prop_map(|r| (Instrument::ikm(), r)),
    ]
}

/// A tally shaped for `instrument` holding `answers` (shaped even when `answers` is empty).
fn tally_of(instrument: &Instrument, answers: &[Answers]) -> Tally {
    let mut t = Tally::new(instrument);
    for a in answers {
        t.record(a).expect("same shape, far from u64::MAX");
    }
    t
}

fn merged(a: &Tally, b: &Tally) -> Tally {
    let mut t = a.clone();
    t.merge(b).expect("same shape");
    t
}

fn int(n: i128) -> Exact {
    Exact::integer(n)
}

proptest! {
    #[test]
    fn merge_is_associative_and_commutative(
        (ins, a, b, c) in any_responses(12).prop_flat_map(|(ins, a)| {
            let items = ins.items().len();
            let points = ins.scale().points();
            let more = move || prop::collection::vec(response(items, points), 0..=12);
            (Just(ins), Just(a), more(), more())
        })
    ) {
        let to_answers = |rs: Vec<Vec<Option<u8>>>| -> Vec<Answers> {
            rs.into_iter().map(|r| ins.answers(r).unwrap()).collect()
        };
        let (b, c) = (to_answers(b), to_answers(c));
        let (ta, tb, tc) = (tally_of(&ins, &a), tally_of(&ins, &b), tally_of(&ins, &c));

        prop_assert_eq!(merged(&merged(&ta, &tb), &tc), merged(&ta, &merged(&tb, &tc)));
        prop_assert_eq!(merged(&ta, &tb), merged(&tb, &ta));
        // the shapeless default is an identity on both sides
        prop_assert_eq!(merged(&Tally::default(), &ta), ta.clone());
        prop_assert_eq!(merged(&ta, &Tally::default()), ta.clone());
        // merging equals recording everything in one tally
        let all: Vec<Answers> = a.iter().chain(&b).chain(&c).cloned().collect();
        prop_assert_eq!(merged(&merged(&ta, &tb), &tc), tally_of(&ins, &all));
        // += agrees with merge
        let mut plus = ta.clone();
        plus += &tb;
        prop_assert_eq!(plus, merged(&ta, &tb));
    }

    #[test]
    fn order_of_responses_does_not_matter(
        (ins, original, shuffled) in any_responses(30).prop_flat_map(|(ins, rs)| {
            (Just(ins), Just(rs.clone()), Just(rs).prop_shuffle())
        })
    ) {
        let t1 = tally_of(&ins, &original);
        let t2 = tally_of(&ins, &shuffled);
        let mut reversed = original.clone();
        reversed.reverse();
        let t3 = tally_of(&ins, &reversed);
        prop_assert_eq!(&t1, &t2);
        prop_assert_eq!(&t1, &t3);
        let (r1, r2, r3) = (ins.index(&t1), ins.index(&t2), ins.index(&t3));
        prop_assert_eq!(&r1, &r2);
        prop_assert_eq!(&r1, &r3);
        if let (Ok(r1), Ok(r2)) = (r1, r2) {
            prop_assert_eq!(r1.rounded(Precision::default()), r2.rounded(Precision::default()));
        }
    }

    #[test]
    fn collect_equals_fold_of_merges_equals_sum((_ins, rs) in any_responses(30)) {
        let collected: Tally = rs.iter().collect();
        let collected_owned: Tally = rs.clone().into_iter().collect();
        let singles: Vec<Tally> = rs.iter().map(|a| std::iter::once(a).collect()).collect();
        let folded = singles.iter().fold(Tally::default(), |mut acc, t| {
            acc.merge(t).expect("same shape");
            acc
        });
        let summed_refs: Tally = singles.iter().sum();
        let summed: Tally = singles.into_iter().sum();
        let mut extended = Tally::default();
        extended.extend(rs.iter());
        prop_assert_eq!(&collected, &folded);
        prop_assert_eq!(&collected, &collected_owned);
        prop_assert_eq!(&collected, &summed_refs);
        prop_assert_eq!(&collected, &summed);
        prop_assert_eq!(&collected, &extended);
        prop_assert_eq!(collected.responses(), rs.len() as u64);
        let respondents = rs.iter().filter(|a| a.answered() > 0).count() as u64;
        prop_assert_eq!(collected.respondents(), respondents);
    }

    #[test]
    fn retract_undoes_record(
        (ins, rs, take) in any_responses(30).prop_flat_map(|(ins, rs)| {
            let n = rs.len();
            (Just(ins), Just(rs), prop::collection::vec(any::<bool>(), n))
        })
    ) {
        let mut subset: Vec<Answers> = Vec::new();
        let mut rest: Vec<Answers> = Vec::new();
        for (a, t) in rs.into_iter().zip(take) {
            if t { subset.push(a) } else { rest.push(a) }
        }

        // record the rest, then the subset; retract the subset (in reverse order)
        let mut t = tally_of(&ins, &rest);
        for a in &subset {
            t.record(a).unwrap();
        }
        for a in subset.iter().rev() {
            prop_assert!(t.retract(a).is_ok());
        }
        prop_assert_eq!(&t, &tally_of(&ins, &rest));

        // subtract undoes merge the same way
        let mut m = tally_of(&ins, &rest);
        m.merge(&tally_of(&ins, &subset)).unwrap();
        m.subtract(&tally_of(&ins, &subset)).unwrap();
        prop_assert_eq!(&m, &tally_of(&ins, &rest));
    }

    #[test]
    fn every_value_stays_in_its_range((ins, rs) in any_responses(30)) {
        let tally = tally_of(&ins, &rs);
        let k = i128::from(ins.scale().points());
        let result = match ins.index(&tally) {
            Ok(r) => r,
            Err(IndexError::NoAnswers { .. }) => {
                prop_assert_eq!(tally.respondents(), 0);
                return Ok(());
            }
            Err(e) => return Err(TestCaseError::fail(format!("unexpected {e}"))),
        };
        prop_assert!(tally.respondents() > 0);
        for item in result.items() {
            if let Some(nrr) = item.nrr() {
                prop_assert!(*nrr >= int(1) && *nrr <= int(k), "NRR {nrr}");
                prop_assert!(item.answered() > 0);
            } else {
                prop_assert_eq!(item.answered(), 0);
            }
        }
        let raw = result.raw();
        prop_assert!(*raw >= int(1) && *raw <= int(k), "raw {raw}");
        let i4 = result.index4();
        prop_assert!(*i4 >= int(1) && *i4 <= int(4), "1-4 {i4}");
        let i100 = result.index100();
        let low = match ins.map() {
            ScaleMap::Times25 => 25,
            _ => 0,
        };
        prop_assert!(*i100 >= int(low) && *i100 <= int(100), "0-100 {i100}");

        // the rounded form stays in range too, and the grade is the table's grade of the
        // printed 0-100 value
        let out = result.rounded(Precision::default());
        prop_assert!(out.index100 >= Decimal::from(low) && out.index100 <= Decimal::from(100));
        prop_assert!(out.index4 >= Decimal::from(1) && out.index4 <= Decimal::from(4));
        prop_assert_eq!(out.grade, ins.grades().classify_rounded(out.index100).grade());
        prop_assert_eq!(out.nrr.len(), result.items().iter().filter(|i| i.nrr().is_some()).count());
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serde_round_trip_keeps_the_tally((ins, rs) in any_responses(30)) {
        let tally = tally_of(&ins, &rs);
        let json = serde_json::to_string(&tally).unwrap();
        let back: Tally = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&back, &tally);

        let collected: Tally = rs.iter().collect(); // Default when rs is empty
        let json = serde_json::to_string(&collected).unwrap();
        let back: Tally = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&back, &collected);
    }

    #[cfg(feature = "serde")]
    #[test]
    fn tampered_json_is_refused(
        (ins, rs, item, star) in any_responses(30).prop_flat_map(|(ins, rs)| {
            let items = ins.items().len();
            let points = ins.scale().points();
            (Just(ins), Just(rs), 0..items, 0..=points)
        })
    ) {
        let tally = tally_of(&ins, &rs);
        let good: serde_json::Value = serde_json::to_value(&tally).unwrap();

        // one more count on one item: that item's total no longer matches the others
        let mut more = good.clone();
        let slot = &mut more["histograms"][item][usize::from(star)];
        *slot = serde_json::Value::from(slot.as_u64().unwrap() + 1);
        prop_assert!(serde_json::from_value::<Tally>(more).is_err());

        // a histogram one slot short
        let mut short = good.clone();
        short["histograms"][item].as_array_mut().unwrap().pop();
        prop_assert!(serde_json::from_value::<Tally>(short).is_err());

        // more respondents than responses
        let mut many = good.clone();
        many["respondents"] = serde_json::Value::from(tally.responses() + 1);
        prop_assert!(serde_json::from_value::<Tally>(many).is_err());
    }

    #[test]
    fn rounding_is_within_half_a_unit(p in -1_000_000_000_000i128..=1_000_000_000_000, q in 1i128..=1_000_000) {
        let x = Exact::from_ratio(p, q).unwrap();
        let r = x.round(2);
        prop_assert_eq!(r.scale(), 2);
        let diff = Exact::from_decimal(r) - x.clone();
        let half = Exact::from_ratio(1, 200).unwrap();
        prop_assert!(diff <= half && diff >= Exact::zero() - half.clone(), "{x} -> {r}");
        // away from zero: |round(x)| >= |x| exactly when the dropped part is >= half a unit;
        // a strict half-distance can only happen away from zero
        if diff == half {
            prop_assert!(x > Exact::zero(), "{x} -> {r}");
        }
        if diff == Exact::zero() - half {
            prop_assert!(x < Exact::zero(), "{x} -> {r}");
        }
    }

    #[test]
    fn ties_round_away_from_zero(n in 0i128..=10_000_000, q in 1i128..=10_000, negative in any::<bool>()) {
        // x = (10n + 5) / 1000 exactly, written as a fraction with extra factor q
        let sign = if negative { -1 } else { 1 };
        let m = sign * (10 * n + 5);
        let x = Exact::from_ratio(m * q, 1000 * q).unwrap();
        let expected = Decimal::from_i128_with_scale(sign * (n + 1), 2);
        prop_assert_eq!(x.round(2), expected, "{}", x);
        // and not banker's rounding whenever the two differ
        let bankers = Decimal::from_i128_with_scale(m, 3).round_dp(2);
        if n % 2 == 0 {
            prop_assert_ne!(x.round(2), bankers);
        }
    }
}

mod batch {
    use std::num::NonZeroUsize;

    use persepsi::{BatchError, GroupedTally, Instrument, Scale, Tally};
    use proptest::prelude::*;

    fn instruments() -> Vec<Instrument> {
        let odd = Instrument::builder("ODD".parse().expect("code"), Scale::new(3).expect("scale"))
            .item("O1".parse().expect("code"), "o1")
            .item("O2".parse().expect("code"), "o2")
            .build()
            .expect("instrument");
        vec![
            Instrument::ikm(),
            Instrument::spkp(),
            Instrument::spak(),
            Instrument::ipk_2014(),
            odd,
        ]
    }

    /// (instrument, groups, stars row-major with 0 = missing, group per row)
    fn batch() -> impl Strategy<Value = (Instrument, usize, Vec<u8>, Vec<u32>)> {
        (0..5usize, 1..40usize, 0..300usize).prop_flat_map(|(which, groups, rows)| {
            let ins = instruments().swap_remove(which);
            let items = ins.items().len();
            let k = ins.scale().points();
            (
                Just(ins),
                Just(groups),
                proptest::collection::vec(prop_oneof![1 => Just(0u8), 6 => 1..=k], rows * items),
                proptest::collection::vec(0..groups as u32, rows),
            )
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// Counting a batch gives each group exactly the tally of recording its rows one by one,
        /// bit for bit, for any thread count and any split into batches.
        #[test]
        fn batch_equals_rows_for_any_threads_and_batch_sizes(
            (ins, groups, stars, units) in batch(),
            threads in 1usize..4,
            split in 0usize..300,
        ) {
            let items = ins.items().len();
            let mut by_row = vec![Tally::new(&ins); groups];
            for (row, &g) in stars.chunks(items).zip(&units) {
                let answers = ins.answers(row.iter().map(|&s| (s != 0).then_some(s))).expect("on the scale");
                by_row[g as usize].record(&answers).expect("fits");
            }
            let threads = NonZeroUsize::new(threads).expect("positive");
            let mut whole = GroupedTally::new(&ins, groups);
            whole.record_batch_parallel(&stars, &units, threads).expect("valid");
            let cut = split.min(units.len());
            let mut parts = GroupedTally::new(&ins, groups);
            parts.record_batch(&stars[..cut * items], &units[..cut]).expect("valid");
            parts.record_batch_parallel(&stars[cut * items..], &units[cut..], threads).expect("valid");
            prop_assert_eq!(&whole, &parts);
            for (g, expected) in by_row.iter().enumerate() {
                prop_assert_eq!(whole.tally(g), Some(expected.clone()));
            }
        }

        /// Growing the groups, adding one-response tallies to them and splitting off the first
        /// groups (a query engine's steps) agree with counting the rows as one batch.
        #[test]
        fn resize_add_tally_and_split_agree_with_batches(
            (ins, groups, stars, units) in batch(),
            cut in 0usize..50,
        ) {
            let items = ins.items().len();
            let mut whole = GroupedTally::new(&ins, groups);
            whole.record_batch(&stars, &units).expect("valid");
            let mut grown = GroupedTally::new(&ins, 0);
            grown.resize(groups);
            for (row, &g) in stars.chunks(items).zip(&units) {
                let answers = ins.answers(row.iter().map(|&s| (s != 0).then_some(s))).expect("on the scale");
                let mut one = Tally::new(&ins);
                one.record(&answers).expect("fits");
                grown.add_tally(g as usize, &one).expect("same shape");
            }
            prop_assert_eq!(&grown, &whole);
            let mut rest = grown;
            let front = rest.split_off_front(cut);
            let kept = cut.min(groups);
            prop_assert_eq!((front.groups(), rest.groups()), (kept, groups - kept));
            for g in 0..groups {
                let part = if g < kept { front.tally(g) } else { rest.tally(g - kept) };
                prop_assert_eq!(part, whole.tally(g));
            }
            prop_assert!(front.tally(kept).is_none());
        }

        /// A bad star or group anywhere is reported at its row, and nothing is counted.
        #[test]
        fn bad_values_are_refused_at_their_row(
            (ins, groups, mut stars, mut units) in batch(),
            threads in 1usize..4,
            at in any::<prop::sample::Index>(),
            value in prop_oneof![Just(255u8), Just(8), Just(7), Just(5)],
            bad_group in any::<bool>(),
        ) {
            prop_assume!(!units.is_empty());
            let items = ins.items().len();
            let k = ins.scale().points();
            let row = at.index(units.len());
            let expected = if bad_group {
                units[row] = groups as u32 + 1;
                BatchError::Group { row, group: groups as u32 + 1, groups }
            } else {
                prop_assume!(value > k);
                stars[row * items] = value;
                BatchError::Star { row, item: 0, value, points: k }
            };
            // the first bad row is the one we made bad
            let mut grouped = GroupedTally::new(&ins, groups);
            let threads = NonZeroUsize::new(threads).expect("positive");
            prop_assert_eq!(grouped.record_batch_parallel(&stars, &units, threads), Err(expected));
            prop_assert_eq!(grouped, GroupedTally::new(&ins, groups));
        }
    }
}

mod questionnaire_tally {
    use persepsi::*;
    use proptest::prelude::*;

    /// A one-unit catalog offering one service, and the SPKP+SPAK questionnaire (13 items).
    fn survey() -> Survey {
        let code = |s: &str| s.parse::<UnitCode>().expect("code");
        let catalog = Catalog::builder()
            .area("A".parse().expect("code"), "area", None)
            .service(
                "S".parse().expect("code"),
                "service",
                "A".parse().expect("code"),
            )
            .unit(code("U"), "unit", UnitKind::Division, None)
            .offer(code("U"), vec!["S".parse().expect("code")])
            .build()
            .expect("catalog");
        Survey::new(catalog, Questionnaire::spkp_spak())
    }

    /// Records of 13 cells, each 1..=6 stars with ~85% probability, else empty.
    fn records(max: usize) -> impl Strategy<Value = Vec<Vec<Option<u8>>>> {
        let record = prop::collection::vec(prop::option::weighted(0.85, 1..=6u8), 13);
        prop::collection::vec(record, 0..=max)
    }

    /// The questionnaire tally of the records that validate (a record with no answer does not).
    fn tally_of(survey: &Survey, records: &[Vec<Option<u8>>]) -> QuestionnaireTally {
        let mut t = QuestionnaireTally::new(survey.questionnaire());
        for (i, r) in records.iter().enumerate() {
            let cells: Vec<String> = r
                .iter()
                .map(|s| s.map_or(String::new(), |s| s.to_string()))
                .collect();
            let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
            let id = format!("R{i}");
            let raw = RawResponse {
                id: &id,
                date: "2025-03-04",
                unit: "U",
                service: "S",
                answers: &cells,
            };
            if let Ok(response) = survey.validate(&raw) {
                t.record(&response).expect("same questionnaire");
            }
        }
        t
    }

    fn merged(a: &QuestionnaireTally, b: &QuestionnaireTally) -> QuestionnaireTally {
        let mut t = a.clone();
        t.merge(b).expect("same questionnaire");
        t
    }

    proptest! {
        #[test]
        fn merge_is_associative_and_commutative_and_subtract_undoes_it(
            a in records(12), b in records(12), c in records(12)
        ) {
            let survey = survey();
            let (ta, tb, tc) = (tally_of(&survey, &a), tally_of(&survey, &b), tally_of(&survey, &c));

            prop_assert_eq!(merged(&merged(&ta, &tb), &tc), merged(&ta, &merged(&tb, &tc)));
            prop_assert_eq!(merged(&ta, &tb), merged(&tb, &ta));
            // the shapeless default is an identity on both sides
            let none = QuestionnaireTally::default();
            prop_assert_eq!(merged(&none, &ta), ta.clone());
            prop_assert_eq!(merged(&ta, &none), ta.clone());
            // += and Sum are merge
            let mut plus = ta.clone();
            plus += &tb;
            plus += tc.clone();
            prop_assert_eq!(&plus, &merged(&merged(&ta, &tb), &tc));
            prop_assert_eq!(&[ta.clone(), tb.clone(), tc.clone()].iter().sum::<QuestionnaireTally>(), &plus);
            prop_assert_eq!(&[ta.clone(), tb.clone(), tc.clone()].into_iter().sum::<QuestionnaireTally>(), &plus);
            // each instrument is its Tally's merge
            for (k, t) in plus.instruments().iter().enumerate() {
                let parts = [&ta, &tb, &tc].map(|q| q.instruments()[k].clone());
                prop_assert_eq!(t, &parts.into_iter().sum::<Tally>());
            }

            // merge then subtract is the identity
            let mut back = merged(&ta, &tb);
            back.subtract(&tb).expect("merged before");
            prop_assert_eq!(&back, &ta);
            // taking away more than was merged fails and changes nothing
            if tb.responses() > 0 {
                let mut t = ta.clone();
                prop_assert!(t.subtract(&merged(&ta, &tb)).is_err());
                prop_assert_eq!(&t, &ta);
            }
            // so does merging another questionnaire's tally
            let mut t = ta.clone();
            prop_assert!(t.merge(&QuestionnaireTally::new(&Questionnaire::ikm())).is_err());
            prop_assert_eq!(&t, &ta);
        }
    }
}
