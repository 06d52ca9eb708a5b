//! The reference the reader is tested against (by `tests/reader.rs` and the reader's fuzz
//! target): the `csv` crate's records, checked one by one with `Survey::ingest`.
#![allow(dead_code)]

use std::sync::Arc;

use persepsi::{
    Catalog, Filter, IngestSummary, Questionnaire, QuestionnaireTally, RawResponse, RejectReason,
    Survey,
};

/// What `read_csv` should do, computed with the `csv` crate and `Survey::ingest`: the summary
/// and the tallies of every unit.
pub fn reference(
    data: &[u8],
    catalog: &Arc<Catalog>,
    q: &Arc<Questionnaire>,
) -> Option<(IngestSummary, Vec<QuestionnaireTally>)> {
    let survey = reference_survey(data, catalog, q)?;
    Some((survey.summary().clone(), tallies(&survey)))
}

/// The survey behind [`reference`]: `None` when the file has no header, or a header that is not
/// UTF-8 or lacks a column.
pub fn reference_survey(
    data: &[u8],
    catalog: &Arc<Catalog>,
    q: &Arc<Questionnaire>,
) -> Option<Survey> {
    let mut body = data;
    if body.starts_with(b"\xef\xbb\xbf") {
        body = &body[3..];
    }
    let offset = data.len() - body.len();
    let mut reader = csv_reference::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body);
    let mut record = csv_reference::ByteRecord::new();
    let mut survey = Survey::new(Arc::clone(catalog), Arc::clone(q));
    // the header
    if !reader.read_byte_record(&mut record).ok()? {
        return None;
    }
    // the reader's header rules: UTF-8, cells trimmed, a byte-order mark before the first
    let header: Vec<String> = record
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let cell = std::str::from_utf8(f).ok()?;
            let cell = if i == 0 {
                cell.trim_start_matches('\u{feff}')
            } else {
                cell
            };
            Some(cell.trim().to_owned())
        })
        .collect::<Option<_>>()?;
    let col = |name: &str| header.iter().position(|h| h == name);
    let (id, date, unit, service) = (
        col("response_id")?,
        col("date")?,
        col("unit")?,
        col("service")?,
    );
    let items: Vec<usize> = q
        .instruments()
        .iter()
        .flat_map(|ins| ins.items())
        .map(|item| col(item.code().as_str()))
        .collect::<Option<_>>()?;
    // lines are counted as records come, in order
    let (mut counted, mut newlines) = (0, 0u64);
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(_) => return None,
        }
        // the record starts at the first byte at or after its position that is not a line break
        let mut start = record.position()?.byte() as usize + offset;
        while start < data.len() && (data[start] == b'\r' || data[start] == b'\n') {
            start += 1;
        }
        newlines += data
            .get(counted..start)
            .map_or(0, |b| b.iter().filter(|&&b| b == b'\n').count() as u64);
        counted = counted.max(start);
        let line = 1 + newlines;
        let fields: Option<Vec<&str>> =
            record.iter().map(|f| std::str::from_utf8(f).ok()).collect();
        let Some(fields) = fields else {
            let raw_id = record
                .get(id)
                .map(String::from_utf8_lossy)
                .unwrap_or_default();
            survey.reject(line, &raw_id, RejectReason::MalformedRecord);
            continue;
        };
        if fields.len() != header.len() {
            let reason = RejectReason::WrongColumnCount {
                expected: header.len(),
                found: fields.len(),
            };
            survey.reject(line, fields.get(id).copied().unwrap_or(""), reason);
            continue;
        }
        let answers: Vec<&str> = items.iter().map(|&c| fields[c]).collect();
        let raw = RawResponse {
            id: fields[id],
            date: fields[date],
            unit: fields[unit],
            service: fields[service],
            answers: &answers,
        };
        let _ = survey.ingest(line, &raw);
    }
    Some(survey)
}

/// Every unit's tally, in catalog order.
pub fn tallies(survey: &Survey) -> Vec<QuestionnaireTally> {
    survey
        .catalog()
        .unit_ids()
        .map(|u| {
            survey
                .tally(u, &Filter::all())
                .expect("a unit of the survey's catalog")
        })
        .collect()
}
