//! The report as an Excel workbook.
//!
//! Sheets, in order: `Ringkasan` (one row per unit), `Unsur` (one row per unit, index and
//! item), `Distribusi` (answers per star, same rows), `Layanan` and `Periode` (one row per unit
//! and service or period, when asked for), `Profil` (one row per unit, column and value, when
//! counted), `Target` (one row per unit and target, when given), `Ditolak` (one row per
//! rejected record, continued on `Ditolak (2)`, ... past Excel's last row) and `Metode`.
//! Every table is long (one row per unit and what it is broken down by), so that a filter on
//! `Kode` shows one unit's rows on every sheet.

use std::collections::HashMap;
use std::path::Path;

use persepsi::{BreakdownIndex, InstrumentReport, Report, UnitReport};
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Chart, ChartType, ConditionalFormatFormula, ConditionalFormatText, ConditionalFormatTextRule,
    DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError,
};

use crate::RenderError;
use crate::meta::Meta;
use crate::number::{format_of, to_f64};
use crate::text::{fit_cell, looks_like_formula};

/// Excel's last row is 1,048,576: a sheet of rejections holds a header and this many rows.
const REJECTED_PER_SHEET: usize = 1_048_575;

/// Writes the workbook of `report` to `path`. The rejected records are written in constant
/// memory (to a temporary file, row by row); the other sheets are small.
///
/// # Errors
///
/// [`RenderError::Xlsx`] when the file cannot be written.
pub fn write_xlsx(report: &Report, meta: &Meta, path: &Path) -> Result<(), RenderError> {
    let error = |source| RenderError::Xlsx {
        path: path.to_owned(),
        source,
    };
    let mut workbook = build(report, meta).map_err(error)?;
    workbook.save(path).map_err(error)
}

/// The instruments of a report, in questionnaire order: `(code, abbreviation)`.
fn instruments(report: &Report) -> Vec<(String, String)> {
    let mut seen: Vec<(String, String)> = Vec::new();
    // the root line has every instrument anyone answered; a later line adds what it lacks
    for unit in &report.units {
        for i in &unit.indices {
            let code = i.index.instrument.as_str();
            if !seen.iter().any(|(c, _)| c == code) {
                seen.push((code.to_owned(), i.abbreviation.clone()));
            }
        }
    }
    seen
}

/// The formats a sheet writes with.
struct Formats {
    header: Format,
    quoted: Format,
    by_scale: HashMap<u32, Format>,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color("#D9E1F2"),
            quoted: Format::new().set_quote_prefix(),
            by_scale: HashMap::new(),
        }
    }
}

/// A sheet being written: cells by kind.
struct Sheet<'a> {
    ws: &'a mut Worksheet,
    formats: &'a mut Formats,
}

impl Sheet<'_> {
    fn header(&mut self, row: u32, names: &[String]) -> Result<(), XlsxError> {
        for (col, name) in names.iter().enumerate() {
            self.ws
                .write_string_with_format(row, col16(col), name, &self.formats.header)?;
        }
        Ok(())
    }

    /// Text from anywhere: never a formula, cut to what a cell holds.
    fn text(&mut self, row: u32, col: usize, text: &str) -> Result<(), XlsxError> {
        let text = fit_cell(text);
        if looks_like_formula(&text) {
            self.ws.write_string_with_format(
                row,
                col16(col),
                text.as_ref(),
                &self.formats.quoted,
            )?;
        } else {
            self.ws.write_string(row, col16(col), text.as_ref())?;
        }
        Ok(())
    }

    /// A printed decimal: the nearest binary64, shown with its decimals.
    fn decimal(&mut self, row: u32, col: usize, d: Decimal) -> Result<(), XlsxError> {
        let format = self
            .formats
            .by_scale
            .entry(d.scale())
            .or_insert_with(|| Format::new().set_num_format(format_of(d)));
        self.ws
            .write_number_with_format(row, col16(col), to_f64(d), &*format)?;
        Ok(())
    }

    fn count(&mut self, row: u32, col: usize, n: u64) -> Result<(), XlsxError> {
        // counts of records: exact in binary64 below 2^53
        #[allow(clippy::cast_precision_loss)]
        self.ws.write_number(row, col16(col), n as f64)?;
        Ok(())
    }

    fn yes_no(&mut self, row: u32, col: usize, yes: bool) -> Result<(), XlsxError> {
        self.ws
            .write_string(row, col16(col), if yes { "Ya" } else { "Tidak" })?;
        Ok(())
    }

    fn opt_decimal(&mut self, row: u32, col: usize, d: Option<Decimal>) -> Result<(), XlsxError> {
        match d {
            Some(d) => self.decimal(row, col, d),
            None => Ok(()),
        }
    }

    /// The header row frozen, a filter over the table, widths by header.
    fn finish(
        &mut self,
        names: &[String],
        rows: u32,
        widths: &[(usize, f64)],
    ) -> Result<(), XlsxError> {
        self.ws.set_freeze_panes(1, 0)?;
        if !names.is_empty() {
            self.ws
                .autofilter(0, 0, rows.max(1), col16(names.len() - 1))?;
        }
        for (col, name) in names.iter().enumerate() {
            let width = widths.iter().find(|(c, _)| *c == col).map_or_else(
                || (name.chars().count() as f64 * 0.9).clamp(8.0, 16.0),
                |w| w.1,
            );
            self.ws.set_column_width(col16(col), width)?;
        }
        Ok(())
    }
}

/// A column number as the library takes it (the sheets have a few dozen columns).
fn col16(col: usize) -> u16 {
    u16::try_from(col).unwrap_or(u16::MAX)
}

/// A row number: a sheet of the report holds far fewer rows than `u32::MAX`.
fn row32(row: usize) -> u32 {
    u32::try_from(row).unwrap_or(u32::MAX)
}

fn build(report: &Report, meta: &Meta) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_timestamp(meta.generated().clamp(0, 253_402_300_799))?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title("Laporan Indeks Persepsi")
            .set_creation_datetime(&created),
    );
    let mut formats = Formats::new();
    let instruments = instruments(report);

    ringkasan(&mut workbook, &mut formats, report, &instruments)?;
    unsur(&mut workbook, &mut formats, report)?;
    distribusi(&mut workbook, &mut formats, report)?;
    if report.units.iter().any(|u| u.services.is_some()) {
        layanan(&mut workbook, &mut formats, report, &instruments)?;
    }
    if report.units.iter().any(|u| u.series.is_some()) {
        periode(&mut workbook, &mut formats, report, &instruments)?;
    }
    if report.units.iter().any(|u| u.profile.is_some()) {
        profil(&mut workbook, &mut formats, report)?;
    }
    if report.units.iter().any(|u| !u.targets.is_empty()) {
        target(&mut workbook, &mut formats, report)?;
    }
    ditolak(&mut workbook, &mut formats, report, REJECTED_PER_SHEET)?;
    metode(&mut workbook, &mut formats, report, meta)?;
    Ok(workbook)
}

/// Grade letters coloured in `cols` of rows `1..=rows` (green A to red D).
fn grade_colours(ws: &mut Worksheet, rows: u32, cols: &[usize]) -> Result<(), XlsxError> {
    let bands = [
        ("A", "#C6EFCE"),
        ("B", "#DDEBF7"),
        ("C", "#FFEB9C"),
        ("D", "#FFC7CE"),
    ];
    for &col in cols {
        for (letter, fill) in bands {
            let rule = ConditionalFormatText::new()
                .set_rule(ConditionalFormatTextRule::BeginsWith(letter.to_owned()))
                .set_format(Format::new().set_background_color(fill));
            ws.add_conditional_format(1, col16(col), rows.max(1), col16(col), &rule)?;
        }
    }
    Ok(())
}

/// The index columns of one instrument for a line: `(1-4)`, `(0-100)`, `Mutu`.
fn index_cells(
    sheet: &mut Sheet<'_>,
    row: u32,
    col: usize,
    index: &persepsi::RoundedIndex,
) -> Result<(), XlsxError> {
    sheet.decimal(row, col, index.index4)?;
    sheet.decimal(row, col + 1, index.index100)?;
    sheet.text(row, col + 2, &index.grade.to_string())
}

fn ringkasan(
    workbook: &mut Workbook,
    formats: &mut Formats,
    report: &Report,
    instruments: &[(String, String)],
) -> Result<(), XlsxError> {
    let ws = workbook.add_worksheet().set_name("Ringkasan")?;
    let mut names: Vec<String> = ["Kode", "Unit", "Responden"].map(String::from).to_vec();
    for (_, abbr) in instruments {
        names.extend([
            format!("{abbr} (1-4)"),
            format!("{abbr} (0-100)"),
            format!("{abbr} Mutu"),
        ]);
    }
    // the extra columns of each instrument, after the index columns of all
    // with --compare-period, each index's change too
    let trends = report
        .units
        .iter()
        .flat_map(|u| &u.indices)
        .any(|i| i.trend.is_some());
    let mut extra = vec![
        "Predikat",
        "Galat baku (0-100)",
        "IK 95% bawah",
        "IK 95% atas",
        "Peluang A",
        "Indeks disusutkan (0-100)",
        "Peringkat",
        "Responden minimal",
        "Sampel memadai",
        "Poin LKE",
        "Memenuhi ZI",
    ];
    if trends {
        extra.extend([
            "Perubahan dari",
            "Perubahan ke",
            "Perubahan (0-100)",
            "Galat baku perubahan",
            "Perubahan signifikan",
        ]);
    }
    for (_, abbr) in instruments {
        names.extend(extra.iter().map(|e| format!("{abbr} {e}")));
    }
    names.extend(["Induk", "Tingkat"].map(String::from));
    let mut sheet = Sheet { ws, formats };
    sheet.header(0, &names)?;
    let first_extra = 3 + 3 * instruments.len();
    for (r, unit) in report.units.iter().enumerate() {
        let row = row32(r + 1);
        sheet.text(row, 0, unit.unit.as_str())?;
        let indent = "  ".repeat(unit.depth.min(8));
        sheet.text(row, 1, &format!("{indent}{}", unit.name))?;
        sheet.count(row, 2, unit.respondents)?;
        for (k, (code, _)) in instruments.iter().enumerate() {
            let Some(i) = find(&unit.indices, code) else {
                continue;
            };
            index_cells(&mut sheet, row, 3 + 3 * k, &i.index)?;
            let at = first_extra + extra.len() * k;
            ringkasan_extra(&mut sheet, row, at, i, trends)?;
        }
        let last = first_extra + extra.len() * instruments.len();
        if let Some(parent) = &unit.parent {
            sheet.text(row, last, parent.as_str())?;
        }
        sheet.count(row, last + 1, unit.depth as u64)?;
    }
    let rows = row32(report.units.len());
    let widths = [(0, 14.0), (1, 42.0)];
    sheet.finish(&names, rows, &widths)?;
    let mutu: Vec<usize> = (0..instruments.len()).map(|k| 5 + 3 * k).collect();
    grade_colours(sheet.ws, rows, &mutu)?;
    ranking_chart(sheet.ws, report, instruments, names.len() + 1)
}

/// The unit's line of an instrument, if it has one.
fn find<'a>(indices: &'a [InstrumentReport], code: &str) -> Option<&'a InstrumentReport> {
    indices.iter().find(|i| i.index.instrument.as_str() == code)
}

fn find_breakdown<'a>(indices: &'a [BreakdownIndex], code: &str) -> Option<&'a BreakdownIndex> {
    indices.iter().find(|i| i.index.instrument.as_str() == code)
}

/// The extra columns of one instrument from column `at`: label, standard error, interval,
/// chance of A, shrunk index, rank, required respondents, adequacy, LKE points, ZI threshold,
/// and with `trends` the change between the compared periods.
fn ringkasan_extra(
    sheet: &mut Sheet<'_>,
    row: u32,
    at: usize,
    i: &InstrumentReport,
    trends: bool,
) -> Result<(), XlsxError> {
    sheet.text(row, at, &i.index.label)?;
    sheet.opt_decimal(row, at + 1, i.se100)?;
    sheet.opt_decimal(row, at + 2, i.ci95.map(|c| c.0))?;
    sheet.opt_decimal(row, at + 3, i.ci95.map(|c| c.1))?;
    sheet.opt_decimal(row, at + 4, i.p_grade_a)?;
    sheet.decimal(row, at + 5, i.shrunk_index100)?;
    if let Some(rank) = i.rank {
        sheet.count(row, at + 6, rank as u64)?;
    }
    sheet.count(row, at + 7, i.required_respondents)?;
    sheet.yes_no(row, at + 8, i.sample_adequate)?;
    sheet.opt_decimal(row, at + 9, i.lke_points)?;
    if let Some(met) = i.zi_threshold_met {
        sheet.yes_no(row, at + 10, met)?;
    }
    if let (true, Some((from, to, trend))) = (trends, &i.trend) {
        sheet.text(row, at + 11, &from.to_string())?;
        sheet.text(row, at + 12, &to.to_string())?;
        sheet.decimal(row, at + 13, trend.change100())?;
        sheet.opt_decimal(row, at + 14, trend.se100())?;
        if let Some(significant) = trend.significant() {
            sheet.yes_no(row, at + 15, significant)?;
        }
    }
    Ok(())
}

/// A bar chart of each instrument's 0-100 index among the first line's children (the Kanwil
/// and Eselon I units of the whole report), from a small table to the right of the summary.
fn ranking_chart(
    ws: &mut Worksheet,
    report: &Report,
    instruments: &[(String, String)],
    col: usize,
) -> Result<(), XlsxError> {
    let Some(top) = report.units.first() else {
        return Ok(());
    };
    let children: Vec<&UnitReport> = report
        .units
        .iter()
        .filter(|u| u.parent.as_ref() == Some(&top.unit))
        .collect();
    if children.is_empty() || instruments.is_empty() {
        return Ok(());
    }
    let header = Format::new().set_bold();
    ws.write_string_with_format(0, col16(col), "Grafik: Kode", &header)?;
    for (k, (_, abbr)) in instruments.iter().enumerate() {
        ws.write_string_with_format(
            0,
            col16(col + 1 + k),
            format!("Grafik: {abbr} (0-100)"),
            &header,
        )?;
    }
    for (r, child) in children.iter().enumerate() {
        let row = row32(r + 1);
        let code = fit_cell(child.unit.as_str());
        ws.write_string_with_format(
            row,
            col16(col),
            code.as_ref(),
            &Format::new().set_quote_prefix(),
        )?;
        for (k, (code, _)) in instruments.iter().enumerate() {
            if let Some(i) = find(&child.indices, code) {
                ws.write_number_with_format(
                    row,
                    col16(col + 1 + k),
                    to_f64(i.index.index100),
                    &Format::new().set_num_format(format_of(i.index.index100)),
                )?;
            }
        }
    }
    let last = row32(children.len());
    let mut chart = Chart::new(ChartType::Bar);
    for k in 0..instruments.len() {
        chart
            .add_series()
            // the header cell: a name from a questionnaire is never read as a range
            .set_name(("Ringkasan", 0, col16(3 + 3 * k + 1)))
            .set_categories(("Ringkasan", 1, col16(col), last, col16(col)))
            .set_values(("Ringkasan", 1, col16(col + 1 + k), last, col16(col + 1 + k)));
    }
    chart
        .title()
        .set_name("Indeks (0-100) unit tingkat pertama");
    chart.x_axis().set_min(0).set_max(100);
    let height = 120
        + 18 * u32::try_from(children.len()).unwrap_or(100).min(100)
            * u32::try_from(instruments.len()).unwrap_or(1).min(3);
    chart.set_width(640).set_height(height);
    ws.insert_chart(last + 2, col16(col), &chart)?;
    Ok(())
}

fn unsur(workbook: &mut Workbook, formats: &mut Formats, report: &Report) -> Result<(), XlsxError> {
    let ws = workbook.add_worksheet().set_name("Unsur")?;
    let names: Vec<String> = [
        "Kode",
        "Unit",
        "Indeks",
        "Kode unsur",
        "Unsur",
        "NRR",
        "Peringkat",
        "Terendah",
    ]
    .map(String::from)
    .to_vec();
    let label: HashMap<&str, &str> = report
        .items
        .iter()
        .map(|(c, l)| (c.as_str(), l.as_str()))
        .collect();
    let mut sheet = Sheet { ws, formats };
    sheet.header(0, &names)?;
    let mut row = 0u32;
    for unit in &report.units {
        for i in &unit.indices {
            for (item, nrr) in &i.index.nrr {
                row += 1;
                sheet.text(row, 0, unit.unit.as_str())?;
                sheet.text(row, 1, &unit.name)?;
                sheet.text(row, 2, &i.abbreviation)?;
                sheet.text(row, 3, item.as_str())?;
                sheet.text(row, 4, label.get(item.as_str()).copied().unwrap_or(""))?;
                sheet.decimal(row, 5, *nrr)?;
                if let Some((_, rank)) = i.items.ranks.iter().find(|(c, _)| c == item) {
                    sheet.count(row, 6, *rank as u64)?;
                }
                if i.items.lowest.contains(item) {
                    sheet.text(row, 7, "Ya")?;
                }
            }
        }
    }
    sheet.finish(&names, row, &[(1, 32.0), (4, 48.0)])?;
    // the lowest items' rows highlighted
    let rule = ConditionalFormatFormula::new()
        .set_rule("=$H2=\"Ya\"")
        .set_format(Format::new().set_background_color("#FFC7CE").set_bold());
    sheet
        .ws
        .add_conditional_format(1, 0, row.max(1), 7, &rule)?;
    Ok(())
}

fn distribusi(
    workbook: &mut Workbook,
    formats: &mut Formats,
    report: &Report,
) -> Result<(), XlsxError> {
    let ws = workbook.add_worksheet().set_name("Distribusi")?;
    let stars = report
        .units
        .iter()
        .flat_map(|u| &u.indices)
        .filter_map(|i| i.items.distribution.as_ref())
        .flat_map(|d| d.iter().map(|(_, counts)| counts.len()))
        .max()
        .unwrap_or(0);
    let mut names: Vec<String> = ["Kode", "Unit", "Indeks", "Kode unsur"]
        .map(String::from)
        .to_vec();
    names.extend((1..=stars).map(|s| format!("{s} bintang")));
    names.push("Keterangan".to_owned());
    let mut sheet = Sheet { ws, formats };
    sheet.header(0, &names)?;
    let mut row = 0u32;
    for unit in &report.units {
        for i in &unit.indices {
            match &i.items.distribution {
                Some(items) => {
                    for (item, counts) in items {
                        row += 1;
                        sheet.text(row, 0, unit.unit.as_str())?;
                        sheet.text(row, 1, &unit.name)?;
                        sheet.text(row, 2, &i.abbreviation)?;
                        sheet.text(row, 3, item.as_str())?;
                        for (s, n) in counts.iter().enumerate() {
                            sheet.count(row, 4 + s, *n)?;
                        }
                    }
                }
                None => {
                    row += 1;
                    sheet.text(row, 0, unit.unit.as_str())?;
                    sheet.text(row, 1, &unit.name)?;
                    sheet.text(row, 2, &i.abbreviation)?;
                    sheet.text(
                        row,
                        4 + stars,
                        &format!("ditahan: kurang dari {} responden", report.min_cell),
                    )?;
                }
            }
        }
    }
    sheet.finish(&names, row, &[(1, 32.0), (4 + stars, 34.0)])
}

/// The columns of a breakdown line per instrument.
fn breakdown_names(names: &mut Vec<String>, instruments: &[(String, String)]) {
    for (_, abbr) in instruments {
        names.extend([
            format!("{abbr} (1-4)"),
            format!("{abbr} (0-100)"),
            format!("{abbr} Mutu"),
            format!("{abbr} Galat baku (0-100)"),
            format!("{abbr} IK 95% bawah"),
            format!("{abbr} IK 95% atas"),
        ]);
    }
}

fn breakdown_cells(
    sheet: &mut Sheet<'_>,
    row: u32,
    col: usize,
    instruments: &[(String, String)],
    indices: &[BreakdownIndex],
) -> Result<(), XlsxError> {
    for (k, (code, _)) in instruments.iter().enumerate() {
        let Some(i) = find_breakdown(indices, code) else {
            continue;
        };
        let at = col + 6 * k;
        index_cells(sheet, row, at, &i.index)?;
        sheet.opt_decimal(row, at + 3, i.se100)?;
        sheet.opt_decimal(row, at + 4, i.ci95.map(|c| c.0))?;
        sheet.opt_decimal(row, at + 5, i.ci95.map(|c| c.1))?;
    }
    Ok(())
}

fn layanan(
    workbook: &mut Workbook,
    formats: &mut Formats,
    report: &Report,
    instruments: &[(String, String)],
) -> Result<(), XlsxError> {
    let ws = workbook.add_worksheet().set_name("Layanan")?;
    let mut names: Vec<String> = ["Kode", "Unit", "Kode layanan", "Layanan", "Responden"]
        .map(String::from)
        .to_vec();
    breakdown_names(&mut names, instruments);
    let mut sheet = Sheet { ws, formats };
    sheet.header(0, &names)?;
    let mut row = 0u32;
    for unit in &report.units {
        for service in unit.services.iter().flatten() {
            row += 1;
            sheet.text(row, 0, unit.unit.as_str())?;
            sheet.text(row, 1, &unit.name)?;
            sheet.text(row, 2, service.service.as_str())?;
            sheet.text(row, 3, &service.name)?;
            sheet.count(row, 4, service.respondents)?;
            breakdown_cells(&mut sheet, row, 5, instruments, &service.indices)?;
        }
    }
    sheet.finish(&names, row, &[(1, 32.0), (2, 22.0), (3, 40.0)])?;
    let mutu: Vec<usize> = (0..instruments.len()).map(|k| 5 + 6 * k + 2).collect();
    grade_colours(sheet.ws, row, &mutu)
}

fn periode(
    workbook: &mut Workbook,
    formats: &mut Formats,
    report: &Report,
    instruments: &[(String, String)],
) -> Result<(), XlsxError> {
    let ws = workbook.add_worksheet().set_name("Periode")?;
    let mut names: Vec<String> = ["Kode", "Unit", "Periode", "Responden"]
        .map(String::from)
        .to_vec();
    breakdown_names(&mut names, instruments);
    let mut sheet = Sheet { ws, formats };
    sheet.header(0, &names)?;
    let mut row = 0u32;
    for unit in &report.units {
        for period in unit.series.iter().flatten() {
            row += 1;
            sheet.text(row, 0, unit.unit.as_str())?;
            sheet.text(row, 1, &unit.name)?;
            sheet.text(row, 2, &period.period.to_string())?;
            sheet.count(row, 3, period.respondents)?;
            breakdown_cells(&mut sheet, row, 4, instruments, &period.indices)?;
        }
    }
    sheet.finish(&names, row, &[(1, 32.0)])?;
    let mutu: Vec<usize> = (0..instruments.len()).map(|k| 4 + 6 * k + 2).collect();
    grade_colours(sheet.ws, row, &mutu)
}

fn profil(
    workbook: &mut Workbook,
    formats: &mut Formats,
    report: &Report,
) -> Result<(), XlsxError> {
    let ws = workbook.add_worksheet().set_name("Profil")?;
    let names: Vec<String> = ["Kode", "Unit", "Kolom", "Nilai", "Responden"]
        .map(String::from)
        .to_vec();
    let mut sheet = Sheet { ws, formats };
    sheet.header(0, &names)?;
    let mut row = 0u32;
    let hidden = format!("<{}", report.min_cell);
    for unit in &report.units {
        for column in unit.profile.iter().flatten() {
            for value in &column.values {
                row += 1;
                sheet.text(row, 0, unit.unit.as_str())?;
                sheet.text(row, 1, &unit.name)?;
                sheet.text(row, 2, &column.column)?;
                sheet.text(row, 3, &value.value)?;
                match value.respondents {
                    Some(n) => sheet.count(row, 4, n)?,
                    None => sheet.text(row, 4, &hidden)?,
                }
            }
        }
    }
    sheet.finish(&names, row, &[(1, 32.0), (3, 24.0)])
}

fn target(
    workbook: &mut Workbook,
    formats: &mut Formats,
    report: &Report,
) -> Result<(), XlsxError> {
    let ws = workbook.add_worksheet().set_name("Target")?;
    let names: Vec<String> = [
        "Kode",
        "Unit",
        "Periode",
        "Target",
        "Tercapai",
        "Persen",
        "Terpenuhi",
    ]
    .map(String::from)
    .to_vec();
    let mut sheet = Sheet { ws, formats };
    sheet.header(0, &names)?;
    let mut row = 0u32;
    for unit in &report.units {
        for t in &unit.targets {
            row += 1;
            sheet.text(row, 0, unit.unit.as_str())?;
            sheet.text(row, 1, &unit.name)?;
            sheet.text(row, 2, &t.period.to_string())?;
            sheet.count(row, 3, t.target)?;
            sheet.count(row, 4, t.achieved)?;
            sheet.decimal(row, 5, t.percent)?;
            sheet.yes_no(row, 6, t.met)?;
        }
    }
    sheet.finish(&names, row, &[(1, 32.0)])?;
    let rule = ConditionalFormatText::new()
        .set_rule(ConditionalFormatTextRule::BeginsWith("Tidak".to_owned()))
        .set_format(Format::new().set_background_color("#FFC7CE"));
    sheet
        .ws
        .add_conditional_format(1, 6, row.max(1), 6, &rule)?;
    Ok(())
}

/// Every rejected record, in input order, in constant memory; a new sheet each `per_sheet`
/// rows.
fn ditolak(
    workbook: &mut Workbook,
    formats: &mut Formats,
    report: &Report,
    per_sheet: usize,
) -> Result<(), XlsxError> {
    let names: Vec<String> = ["Baris", "ID respons", "Alasan", "Rincian"]
        .map(String::from)
        .to_vec();
    let chunks: Vec<&[persepsi::Rejection]> = if report.rejected.is_empty() {
        vec![&[]]
    } else {
        report.rejected.chunks(per_sheet.max(1)).collect()
    };
    for (k, chunk) in chunks.into_iter().enumerate() {
        let ws = workbook.add_worksheet_with_constant_memory()?;
        ws.set_name(if k == 0 {
            "Ditolak".to_owned()
        } else {
            format!("Ditolak ({})", k + 1)
        })?;
        let mut sheet = Sheet { ws, formats };
        // widths and panes before the rows: a constant-memory sheet writes rows as they come
        sheet.ws.set_freeze_panes(1, 0)?;
        for (col, width) in [(0, 9.0), (1, 18.0), (2, 22.0), (3, 70.0)] {
            sheet.ws.set_column_width(col, width)?;
        }
        sheet.header(0, &names)?;
        for (r, rejection) in chunk.iter().enumerate() {
            let row = row32(r + 1);
            sheet.count(row, 0, rejection.line)?;
            sheet.text(row, 1, &rejection.response_id)?;
            sheet.text(row, 2, rejection.reason.code())?;
            sheet.text(row, 3, &rejection.reason.to_string())?;
        }
        sheet.ws.autofilter(0, 0, row32(chunk.len()).max(1), 3)?;
    }
    Ok(())
}

fn metode(
    workbook: &mut Workbook,
    formats: &mut Formats,
    report: &Report,
    meta: &Meta,
) -> Result<(), XlsxError> {
    let ws = workbook.add_worksheet().set_name("Metode")?;
    let mut sheet = Sheet { ws, formats };
    sheet.header(0, &["Hal".to_owned(), "Keterangan".to_owned()])?;
    let period = report
        .period
        .map_or_else(|| "semua tanggal".to_owned(), |p| p.to_string());
    let mut rows: Vec<(String, String)> = vec![
        ("Sumber data".into(), meta.source().to_owned()),
        ("Katalog".into(), meta.catalog_name().to_owned()),
        ("Kuesioner".into(), report.questionnaire.clone()),
        ("Metode roll-up".into(), report.rollup.name().to_owned()),
        ("Periode".into(), period),
        ("Baris dibaca".into(), report.input_rows.to_string()),
        ("Diterima".into(), report.accepted.to_string()),
        ("Ditolak".into(), report.rejected.len().to_string()),
        (
            "Diterima dalam periode".into(),
            report.in_period.to_string(),
        ),
        (
            "Sel minimal (kendali pengungkapan)".into(),
            report.min_cell.to_string(),
        ),
    ];
    rows.extend(
        meta.options()
            .iter()
            .map(|(k, v)| (format!("Opsi {k}"), v.clone())),
    );
    rows.extend([
        (
            "Pembulatan".into(),
            "Sekali, pada keluaran, setengah menjauhi nol (half away from zero); semua perhitungan sebelumnya eksak (bilangan rasional). Sel angka memuat nilai biner64 terdekat dari desimal yang dicetak, dengan format yang menampilkan desimalnya.".into(),
        ),
        (
            "NRR".into(),
            "Nilai rata-rata per unsur: jumlah bintang jawaban unsur dibagi jumlah jawaban unsur itu.".into(),
        ),
        (
            "Indeks (mentah)".into(),
            "Rata-rata NRR unsur-unsur indeks (bobot sama), pada skala jawaban.".into(),
        ),
        (
            "Indeks (1-4)".into(),
            "IKM: nilai mentah pada skala 1-4. IPKP/IPAK: 1 + 3 x (mentah - 1) / (k - 1) untuk skala 1-k.".into(),
        ),
        (
            "Indeks (0-100)".into(),
            "IKM: nilai 1-4 x 25 (PermenPAN-RB 14/2017). IPKP/IPAK: 100 x (mentah - 1) / (k - 1).".into(),
        ),
        (
            "Mutu".into(),
            "Dari nilai 0-100 yang dicetak: A 88,31-100; B 76,61-88,30; C 65,00-76,60; D di bawah 65,00 (PermenPAN-RB 14/2017).".into(),
        ),
        (
            "Interval 95%".into(),
            "Galat baku dari varians skor responden (t Student, n - 1 derajat bebas), dengan koreksi populasi terhingga bila populasi unit diketahui.".into(),
        ),
        (
            "Tata letak".into(),
            "Tabel panjang: satu baris per unit (dan per layanan, periode, unsur atau nilai profil); saring kolom Kode untuk satu unit.".into(),
        ),
        (
            "Teks panjang".into(),
            format!("Teks lebih dari {} karakter dipotong dengan penanda \"[… dipotong N karakter]\".", crate::text::CELL_CHARS),
        ),
        ("Versi persepsi".into(), meta.version().to_owned()),
        ("Dibuat".into(), meta.generated_text()),
    ]);
    for (r, (k, v)) in rows.iter().enumerate() {
        let row = row32(r + 1);
        sheet.text(row, 0, k)?;
        sheet.text(row, 1, v)?;
    }
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    sheet.ws.set_column_width(0, 34.0)?;
    sheet.ws.set_column_format(1, &wrap)?;
    sheet.ws.set_column_width(1, 100.0)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx, open_workbook};
    use persepsi::{Catalog, Questionnaire, Survey};

    #[test]
    fn rejections_past_a_sheets_rows_continue_on_the_next_sheet() {
        let mut csv = String::from("response_id,date,unit,service,U1,U2,U3,U4,U5,U6,U7,U8,U9\n");
        for i in 0..7 {
            csv += &format!("X{i},2025-01-05,NO-SUCH-UNIT,UMUM-INFORMASI,4,4,4,4,4,4,4,4,4\n");
        }
        let mut survey = Survey::new(Catalog::kemenkum_2025(), Questionnaire::ikm());
        survey.read_csv(csv.as_bytes()).expect("read");
        let report =
            Report::from_survey(survey, &persepsi::ReportOptions::default()).expect("report");
        let mut workbook = Workbook::new();
        ditolak(&mut workbook, &mut Formats::new(), &report, 3).expect("sheets");
        let path = std::env::temp_dir().join(format!("ditolak-{}.xlsx", std::process::id()));
        workbook.save(&path).expect("save");
        let mut book: Xlsx<_> = open_workbook(&path).expect("open");
        assert_eq!(
            book.sheet_names(),
            ["Ditolak", "Ditolak (2)", "Ditolak (3)"]
        );
        let mut ids = Vec::new();
        for name in book.sheet_names().clone() {
            let range = book.worksheet_range(&name).expect("sheet");
            let rows: Vec<_> = range.rows().collect();
            assert_eq!(
                rows[0][1],
                Data::String("ID respons".into()),
                "{name}: a header"
            );
            ids.extend(rows[1..].iter().map(|r| r[1].to_string()));
        }
        assert_eq!(ids, ["X0", "X1", "X2", "X3", "X4", "X5", "X6"]);
        let _ = std::fs::remove_file(path);
    }
}
