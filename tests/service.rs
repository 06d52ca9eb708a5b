//! A survey owned by a long-running program: shared by threads behind `Arc<Mutex<_>>`, with its
//! catalog and questionnaire held by `Arc`, ingesting and reporting while it runs.
#![cfg(feature = "csv")]

use std::sync::{Arc, Mutex};
use std::thread;

use persepsi::{Catalog, Filter, Precision, Questionnaire, RawResponse, Report, Rollup, Survey};

/// The stars respondent `i` of thread `t` gives: every SPKP and SPAK item the same.
fn stars(t: usize, i: usize) -> [&'static str; 13] {
    [["4", "5", "6"][(t + i) % 3]; 13]
}

/// Ingests one response about trademark registration at Kanwil NTT.
fn ingest(survey: &mut Survey, line: u64, id: &str, date: &str, stars: &[&str]) {
    let raw = RawResponse {
        id,
        date,
        unit: "KW-NTT-YANKUM",
        service: "KI-MEREK",
        answers: stars,
    };
    survey.ingest(line, &raw).expect("valid");
}

/// The pooled report of everything ingested.
fn report(survey: &Survey) -> Report {
    Report::new(survey, Rollup::Pooled, &Filter::all(), Precision::default())
        .expect("the survey's own catalog")
}

#[test]
fn a_survey_shared_by_threads_ingests_and_reports_without_borrowing_a_local() {
    let catalog: Arc<Catalog> = Catalog::kemenkum_2025();
    let survey = Arc::new(Mutex::new(Survey::new(
        Arc::clone(&catalog),
        Questionnaire::spkp_spak(),
    )));
    // `thread::spawn` needs `'static`: the survey holds no borrow of anything in this function
    let writers: Vec<_> = (0..4)
        .map(|t| {
            let survey = Arc::clone(&survey);
            thread::spawn(move || {
                let mut reports = 0;
                for i in 0..50 {
                    let mut survey = survey.lock().expect("not poisoned");
                    let line = (t * 100 + i) as u64 + 2;
                    ingest(
                        &mut survey,
                        line,
                        &format!("T{t}-{i}"),
                        "2025-02-03",
                        &stars(t, i),
                    );
                    if i % 10 == 9 {
                        // a report while others wait to ingest: counts only what is in
                        let report = report(&survey);
                        assert_eq!(report.accepted, survey.summary().accepted);
                        reports += 1;
                    }
                }
                reports
            })
        })
        .collect();
    // a reader thread adds a file meanwhile
    let reader = {
        let survey = Arc::clone(&survey);
        thread::spawn(move || {
            let file = "response_id,date,unit,service,SPKP1,SPKP2,SPKP3,SPKP4,SPKP5,SPKP6,SPKP7,SPKP8,SPAK1,SPAK2,SPAK3,SPAK4,SPAK5\n\
                        F1,2025-02-04,KW-NTT-YANKUM,KI-MEREK,6,6,6,6,6,6,6,6,6,6,6,6,6\n\
                        F2,2025-02-04,KW-NTT-YANKUM,KI-MEREK,6,6,6,6,6,6,6,6,6,6,6,6,6\n";
            survey
                .lock()
                .expect("not poisoned")
                .read_csv(file.as_bytes())
                .expect("readable");
        })
    };
    let reports: usize = writers
        .into_iter()
        .map(|h| h.join().expect("no panic"))
        .sum();
    reader.join().expect("no panic");
    assert_eq!(reports, 4 * 5);

    let survey = survey.lock().expect("not poisoned");
    let summary = survey.summary();
    assert_eq!(
        (summary.seen, summary.accepted, summary.rejected.len()),
        (202, 202, 0)
    );
    // the same responses ingested on one thread give the same counts, in any order
    let mut alone = Survey::new(catalog, survey.questionnaire().clone());
    for t in (0..4).rev() {
        for i in 0..50 {
            ingest(
                &mut alone,
                2,
                &format!("T{t}-{i}"),
                "2025-02-03",
                &stars(t, i),
            );
        }
    }
    for id in ["F1", "F2"] {
        ingest(&mut alone, 2, id, "2025-02-04", &["6"; 13]);
    }
    let root = survey.catalog().root();
    assert_eq!(
        survey
            .tally(root, &Filter::all())
            .expect("the survey's own unit"),
        alone
            .tally(root, &Filter::all())
            .expect("the survey's own unit")
    );
    let (shared, single) = (report(&survey), report(&alone));
    assert_eq!(shared.units, single.units);
    // 4 threads x 50 respondents giving 4, 5, 6 stars in turn, and the file's two sixes
    let want: u128 = (0..4)
        .flat_map(|t| (0..50).map(move |i| [4, 5, 6][(t + i) % 3]))
        .sum::<u128>()
        + 12;
    let tally = survey
        .tally(root, &Filter::all())
        .expect("the survey's own unit");
    assert_eq!(tally.responses(), 202);
    for item in 0..8 {
        assert_eq!(tally.instruments()[0].star_sum(item), want);
    }
}
