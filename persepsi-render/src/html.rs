//! The page: one self-contained HTML5 file (inline style, inline SVG charts, no script, nothing
//! loaded from anywhere), labelled in Indonesian, printing every number of the report exactly
//! as its JSON does.
//!
//! Every text of the report is interpolated through maud, which escapes it; the only raw text
//! is this crate's own style sheet.

mod chart;
mod style;

use std::collections::HashMap;

use maud::{DOCTYPE, Markup, PreEscaped, html as markup};
use persepsi::{
    BreakdownIndex, InstrumentReport, ProfileColumn, Report, RoundedIndex, TargetReport, UnitReport,
};
use rust_decimal::Decimal;

use crate::Meta;

/// What a cell without a value prints.
const DASH: &str = "–";
/// The most units given a section of their own (the first unit and its children).
const MAX_SECTIONS: usize = 60;
/// The rejections listed per reason.
const REJECTIONS_SHOWN: usize = 100;

/// An instrument as the page's columns name it.
struct Column {
    /// The instrument's code (`SPKP`).
    code: String,
    /// The index's short name (`IPKP`).
    abbreviation: String,
}

/// What every part of the page needs.
struct Page<'a> {
    report: &'a Report,
    meta: &'a Meta,
    /// The instruments, in the order of the first unit with indices.
    columns: Vec<Column>,
    /// Each item's label (unsur), by code.
    labels: HashMap<&'a str, &'a str>,
    /// Each instrument's star points, by code, as its distributions show them.
    points: HashMap<&'a str, usize>,
    ids: chart::Ids,
}

/// The page of a report: a self-contained HTML5 document (inline CSS for screen and A4 print,
/// inline SVG charts, no script and no external resource), in Indonesian.
///
/// Every number is printed as the report's JSON prints it (`Decimal::to_string`); every text
/// of the report (unit, service and item names, response ids, profile values, reasons) is
/// escaped.
#[must_use]
pub fn html(report: &Report, meta: &Meta) -> String {
    let page = Page::new(report, meta);
    page.render().into_string()
}

/// The instrument of `code` among a unit's indices.
fn of<'a>(indices: &'a [InstrumentReport], code: &str) -> Option<&'a InstrumentReport> {
    indices.iter().find(|i| i.index.instrument.as_str() == code)
}

/// The instrument of `code` among a breakdown's indices.
fn part_of<'a>(indices: &'a [BreakdownIndex], code: &str) -> Option<&'a BreakdownIndex> {
    indices.iter().find(|i| i.index.instrument.as_str() == code)
}

/// A grade with its label: `B (Baik)`.
fn mutu(index: &RoundedIndex) -> String {
    if index.label.is_empty() {
        index.grade.to_string()
    } else {
        format!("{} ({})", index.grade, index.label)
    }
}

/// A 95% interval as `low–high`, or a dash.
fn interval(ci: Option<(Decimal, Decimal)>) -> String {
    ci.map_or_else(|| DASH.to_owned(), |(l, h)| format!("{l}–{h}"))
}

/// An optional value as text, or a dash.
fn or_dash<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| DASH.to_owned(), |v| v.to_string())
}

impl<'a> Page<'a> {
    fn new(report: &'a Report, meta: &'a Meta) -> Page<'a> {
        let mut columns: Vec<Column> = Vec::new();
        let first = report.units.iter().find(|u| !u.indices.is_empty());
        // the first unit's order, then any instrument only a later unit has
        for i in first
            .into_iter()
            .chain(report.units.iter())
            .flat_map(|u| &u.indices)
        {
            if !columns
                .iter()
                .any(|c| c.code == i.index.instrument.as_str())
            {
                columns.push(Column {
                    code: i.index.instrument.as_str().to_owned(),
                    abbreviation: i.abbreviation.clone(),
                });
            }
        }
        let labels = report
            .items
            .iter()
            .map(|(code, label)| (code.as_str(), label.as_str()))
            .collect();
        let mut points: HashMap<&str, usize> = HashMap::new();
        for u in &report.units {
            for i in &u.indices {
                if let Some(d) = &i.items.distribution
                    && let Some((_, counts)) = d.first()
                {
                    points
                        .entry(i.index.instrument.as_str())
                        .or_insert(counts.len());
                }
            }
        }
        Page {
            report,
            meta,
            columns,
            labels,
            points,
            ids: chart::Ids::default(),
        }
    }

    /// The star points of an instrument: as its distributions show, else the smallest of 4 and
    /// the highest NRR printed that holds every NRR.
    fn points(&self, code: &str) -> usize {
        if let Some(&k) = self.points.get(code) {
            return k;
        }
        let highest = self
            .report
            .units
            .iter()
            .filter_map(|u| of(&u.indices, code))
            .flat_map(|i| i.index.nrr.iter().map(|(_, v)| *v))
            .max()
            .unwrap_or(Decimal::ZERO);
        let ceil = highest.ceil().to_string().parse::<usize>().unwrap_or(4);
        ceil.max(4)
    }

    fn label(&self, item: &str) -> &'a str {
        self.labels.get(item).copied().unwrap_or("")
    }

    /// The units given a section: the first unit and its children, at most [`MAX_SECTIONS`].
    fn sectioned(&self) -> Vec<&'a UnitReport> {
        let units = &self.report.units;
        let Some(first) = units.first() else {
            return Vec::new();
        };
        std::iter::once(first)
            .chain(
                units
                    .iter()
                    .skip(1)
                    .filter(|u| u.parent.as_ref() == Some(&first.unit)),
            )
            .take(MAX_SECTIONS)
            .collect()
    }

    /// The children of `unit` in the report, in report order.
    fn children(&self, unit: &UnitReport) -> Vec<&'a UnitReport> {
        self.report
            .units
            .iter()
            .filter(|u| u.parent.as_ref() == Some(&unit.unit))
            .collect()
    }

    fn title(&self) -> String {
        format!("Laporan Indeks Persepsi ({})", self.report.questionnaire)
    }

    fn render(&self) -> Markup {
        markup! {
            (DOCTYPE)
            html lang="id" {
                head {
                    meta charset="utf-8";
                    // nothing may load or run, whatever the page holds
                    meta http-equiv="Content-Security-Policy"
                        content="default-src 'none'; style-src 'unsafe-inline'";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    meta name="generator" content=(format!("persepsi {}", self.meta.version()));
                    title { (self.title()) }
                    style { (PreEscaped(style::CSS)) }
                }
                body {
                    header { (self.header()) }
                    main {
                        (self.summary())
                        (self.rankings())
                        @for unit in self.sectioned() {
                            (self.unit_section(unit))
                        }
                        (self.rejected())
                    }
                    (self.footer())
                }
            }
        }
    }

    fn header(&self) -> Markup {
        let r = self.report;
        let m = self.meta;
        markup! {
            h1 { "Laporan Indeks Persepsi" }
            p { "Kuesioner: " b { (r.questionnaire) } }
            dl.meta {
                dt { "Sumber data" } dd { (m.source()) }
                dt { "Katalog" } dd { (m.catalog_name()) }
                dt { "Kuesioner" } dd { (r.questionnaire) }
                dt { "Metode roll-up" } dd { (r.rollup.name()) }
                dt { "Periode" } dd { (r.period.map_or_else(|| "semua".to_owned(), |p| p.to_string())) }
                dt { "Dibuat" } dd { (m.generated_text()) }
                dt { "Versi persepsi" } dd { (m.version()) }
                dt { "Sel minimum" } dd { (r.min_cell) " responden" }
                @if !m.options().is_empty() {
                    dt { "Opsi" }
                    dd {
                        @for (k, (name, value)) in m.options().iter().enumerate() {
                            @if k > 0 { "; " }
                            code { (name) } " " (value)
                        }
                    }
                }
            }
            div.counts {
                div { "Baris dibaca" b data-count="input_rows" { (r.input_rows) } }
                div { "Diterima" b data-count="accepted" { (r.accepted) } }
                div { "Ditolak" b data-count="rejected" { (r.rejected.len()) } }
                div { "Dalam periode" b data-count="in_period" { (r.in_period) } }
            }
        }
    }

    fn summary(&self) -> Markup {
        let headers: Vec<String> = ["Kode", "Unit", "Responden"]
            .iter()
            .map(|s| (*s).to_owned())
            .chain(self.columns.iter().flat_map(|c| {
                ["(1-4)", "(0-100)", "Mutu", "IK 95%", "Peringkat"]
                    .iter()
                    .map(move |s| format!("{} {s}", c.abbreviation))
            }))
            .collect();
        markup! {
            section id="bagian-ringkasan" {
                h2 { "Ringkasan" }
                p.note {
                    "Setiap unit dengan sedikitnya satu responden di subtree-nya (dan unit dengan target), "
                    "dalam urutan katalog. IK 95% = interval kepercayaan 95% pada skala 0-100; "
                    "peringkat di antara unit saudara (1 = terbaik) menurut indeks yang disusutkan ke induk."
                }
                table id="ringkasan" {
                    thead {
                        tr {
                            @for (k, h) in headers.iter().enumerate() {
                                th.n[k >= 2 && !h.ends_with("Mutu")] scope="col" { (h) }
                            }
                        }
                    }
                    tbody {
                        @for u in &self.report.units {
                            tr data-unit=(u.unit.as_str()) {
                                td.code data-col="Kode" { (u.unit.as_str()) }
                                td.name data-col="Unit" style=(format!("padding-left:{:.1}em", 0.4 + 1.2 * u.depth.min(12) as f64)) {
                                    (u.name)
                                }
                                td.n data-col="Responden" { (u.respondents) }
                                @for c in &self.columns {
                                    @let a = &c.abbreviation;
                                    @if let Some(i) = of(&u.indices, &c.code) {
                                        td.n data-col=(format!("{a} (1-4)")) { (i.index.index4) }
                                        td.n data-col=(format!("{a} (0-100)")) { (i.index.index100) }
                                        td.mutu data-col=(format!("{a} Mutu")) { (mutu(&i.index)) }
                                        td.n data-col=(format!("{a} IK 95%")) { (interval(i.ci95)) }
                                        td.n data-col=(format!("{a} Peringkat")) { (or_dash(i.rank)) }
                                    } @else {
                                        @for h in ["(1-4)", "(0-100)", "Mutu", "IK 95%", "Peringkat"] {
                                            td.n.none data-col=(format!("{a} {h}")) { (DASH) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The bars of the children of `parent` with the instrument `code`, by the printed 0-100
    /// index (highest first; on a tie by rank, then in catalog order).
    fn ranking_bars(&self, parent: &UnitReport, code: &str) -> Vec<chart::Bar<'a>> {
        let mut bars: Vec<chart::Bar<'a>> = self
            .children(parent)
            .into_iter()
            .filter_map(|u| {
                let i = of(&u.indices, code)?;
                Some(chart::Bar {
                    code: u.unit.as_str(),
                    name: &u.name,
                    rank: i.rank,
                    value: i.index.index100,
                    grade: i.index.grade.to_string(),
                    ci: i.ci95,
                })
            })
            .collect();
        // a stable sort: equal values and ranks keep catalog order
        bars.sort_by(|a, b| {
            b.value
                .cmp(&a.value)
                .then_with(|| (a.rank.is_none(), a.rank).cmp(&(b.rank.is_none(), b.rank)))
        });
        bars
    }

    /// The ranking charts of the children of `parent`, one per instrument with 2 or more of
    /// them.
    fn ranking_charts(&self, parent: &UnitReport) -> Markup {
        markup! {
            @for c in &self.columns {
                @let bars = self.ranking_bars(parent, &c.code);
                @if bars.len() >= 2 {
                    @let title = format!("Peringkat {} (0-100) unit di bawah {} {}", c.abbreviation, parent.unit, chart::short(&parent.name));
                    h3 { "Peringkat " (c.abbreviation) " di bawah " (parent.unit.as_str()) }
                    figure {
                        (chart::ranking(&title, &bars))
                        figcaption {
                            (title) ", urut menurut indeks 0-100 yang tercetak; angka di depan nama = "
                            "peringkat (menurut indeks yang disusutkan ke induk): "
                            "batang = indeks 0-100 seperti tercetak, garis = IK 95%, "
                            "latar = pita mutu PermenPAN-RB 14/2017 (A ≥ 88,31; B 76,61–88,30; "
                            "C 65,00–76,60; D di bawah 65,00)."
                        }
                    }
                }
            }
        }
    }

    fn rankings(&self) -> Markup {
        let Some(first) = self.report.units.first() else {
            return markup! {};
        };
        markup! {
            section id="peringkat" {
                h2 { "Peringkat unit" }
                (self.ranking_charts(first))
            }
        }
    }

    /// The number of rows a unit's section shows, to tell a small one.
    fn rows_of(unit: &UnitReport) -> usize {
        unit.indices
            .iter()
            .map(|i| i.index.nrr.len())
            .sum::<usize>()
            + unit.services.as_ref().map_or(0, Vec::len)
            + unit.series.as_ref().map_or(0, Vec::len)
            + unit.targets.len()
            + unit
                .profile
                .as_ref()
                .map_or(0, |p| p.iter().map(|c| c.values.len()).sum())
    }

    fn unit_section(&self, unit: &UnitReport) -> Markup {
        let small = Page::rows_of(unit) <= 30;
        let is_first = self
            .report
            .units
            .first()
            .is_some_and(|f| f.unit == unit.unit);
        markup! {
            section.unit.small[small] data-unit=(unit.unit.as_str()) {
                h2 { (unit.unit.as_str()) " — " (unit.name) }
                p {
                    "Responden: " b { (unit.respondents) }
                    @if let Some(p) = &unit.parent { " · Induk: " (p.as_str()) }
                }
                @if unit.indices.is_empty() {
                    p.note { "Tidak ada responden dalam cakupan laporan (hanya target)." }
                }
                @for i in &unit.indices {
                    (self.instrument_block(unit, i))
                }
                @if !is_first {
                    (self.ranking_charts(unit))
                }
                @if let Some(services) = &unit.services {
                    @if !services.is_empty() {
                        h3 { "Per layanan" }
                        table.layanan {
                            thead {
                                tr {
                                    th { "Kode" } th { "Layanan" } th.n { "Responden" }
                                    @for c in &self.columns {
                                        th.n { (c.abbreviation) " (0-100)" }
                                        th { (c.abbreviation) " Mutu" }
                                    }
                                }
                            }
                            tbody {
                                @for s in services {
                                    tr {
                                        td { (s.service.as_str()) }
                                        td { (s.name) }
                                        td.n { (s.respondents) }
                                        (self.part_cells(&s.indices, false))
                                    }
                                }
                            }
                        }
                    }
                }
                @if let Some(series) = &unit.series {
                    @if !series.is_empty() {
                        h3 { "Per periode" }
                        @let periods: Vec<String> = series.iter().map(|p| p.period.to_string()).collect();
                        @let lines: Vec<chart::Line<'_>> = self.columns.iter()
                            .filter(|c| series.iter().any(|p| part_of(&p.indices, &c.code).is_some()))
                            .map(|c| chart::Line {
                                abbreviation: &c.abbreviation,
                                points: series.iter().map(|p| part_of(&p.indices, &c.code)
                                    .map(|i| (i.index.index100, i.ci95))).collect(),
                            })
                            .collect();
                        @let title = format!("Indeks 0-100 per periode, {} {}", unit.unit, chart::short(&unit.name));
                        figure {
                            (chart::series(&title, &periods, &lines))
                            figcaption { (title) ": garis = indeks 0-100, garis tegak = IK 95%." }
                        }
                        table.periode {
                            thead {
                                tr {
                                    th { "Periode" } th.n { "Responden" }
                                    @for c in &self.columns {
                                        th.n { (c.abbreviation) " (0-100)" }
                                        th { (c.abbreviation) " Mutu" }
                                        th.n { (c.abbreviation) " IK 95%" }
                                    }
                                }
                            }
                            tbody {
                                @for p in series {
                                    tr {
                                        td { (p.period.to_string()) }
                                        td.n { (p.respondents) }
                                        (self.part_cells(&p.indices, true))
                                    }
                                }
                            }
                        }
                    }
                }
                @if !unit.targets.is_empty() {
                    h3 { "Target responden" }
                    (targets(&unit.targets))
                }
                @if let Some(profile) = &unit.profile {
                    @if !profile.is_empty() {
                        h3 { "Profil responden" }
                        (self.profile(profile))
                    }
                }
            }
        }
    }

    /// The cells of a breakdown row: per instrument, its 0-100 value and grade (and interval).
    fn part_cells(&self, indices: &[BreakdownIndex], with_ci: bool) -> Markup {
        markup! {
            @for c in &self.columns {
                @if let Some(i) = part_of(indices, &c.code) {
                    td.n { (i.index.index100) }
                    td.mutu { (mutu(&i.index)) }
                    @if with_ci { td.n { (interval(i.ci95)) } }
                } @else {
                    td.n.none { (DASH) }
                    td.none { (DASH) }
                    @if with_ci { td.n.none { (DASH) } }
                }
            }
        }
    }

    fn instrument_block(&self, unit: &UnitReport, i: &InstrumentReport) -> Markup {
        let lowest = |code: &str| i.items.lowest.iter().any(|l| l.as_str() == code);
        let rank_of = |code: &str| {
            i.items
                .ranks
                .iter()
                .find(|(c, _)| c.as_str() == code)
                .map(|(_, r)| *r)
        };
        let bars: Vec<chart::ItemBar<'_>> = i
            .index
            .nrr
            .iter()
            .map(|(code, nrr)| chart::ItemBar {
                code: code.as_str(),
                label: self.label(code.as_str()),
                nrr: *nrr,
                lowest: lowest(code.as_str()),
            })
            .collect();
        let code = i.index.instrument.as_str();
        let name = chart::short(&unit.name);
        markup! {
            div.block data-instrument=(code) {
                h3 { (i.abbreviation) " (" (code) ")" }
                p {
                    "Indeks: " b { (i.index.index4) } " (1-4), " b { (i.index.index100) } " (0-100), mutu "
                    b { (mutu(&i.index)) } "; responden " (i.index.respondents)
                    "; IK 95% " (interval(i.ci95)) "; SE " (or_dash(i.se100))
                    @if let Some(r) = i.rank { "; peringkat " (r) }
                    @if !i.sample_adequate {
                        "; sampel belum cukup (perlu " (i.required_respondents) ")"
                    }
                }
                @if let Some((from, to, trend)) = &i.trend {
                    p.trend {
                        "Perubahan " (from.to_string()) "→" (to.to_string()) ": "
                        (trend.change100()) " (" (or_dash(trend.se100())) "), "
                        (match trend.significant() {
                            Some(true) => "signifikan",
                            Some(false) => "tidak signifikan",
                            None => "signifikansi tidak dapat diuji",
                        })
                    }
                }
                @if !bars.is_empty() {
                    @let title = format!("NRR per unsur {} {} {}", i.abbreviation, unit.unit, name);
                    figure {
                        (chart::nrr(&self.ids, &title, &bars, self.points(code)))
                        figcaption {
                            (title) ": unsur terendah (prioritas perbaikan) diarsir dan ditandai “terendah”."
                        }
                    }
                }
                table.unsur {
                    thead {
                        tr { th { "Kode unsur" } th { "Unsur" } th.n { "NRR" } th.n { "Peringkat" } th { "Catatan" } }
                    }
                    tbody {
                        @for (item, nrr) in &i.index.nrr {
                            @let low = lowest(item.as_str());
                            tr.lowest[low] {
                                td { (item.as_str()) }
                                td { (self.label(item.as_str())) }
                                td.n { (nrr) }
                                td.n { (or_dash(rank_of(item.as_str()))) }
                                td { @if low { "terendah" } }
                            }
                        }
                    }
                }
                @match &i.items.distribution {
                    Some(d) => {
                        @let rows: Vec<chart::Answers<'_>> = d.iter().map(|(c, counts)| chart::Answers {
                            code: c.as_str(),
                            label: self.label(c.as_str()),
                            counts,
                        }).collect();
                        @let k = d.iter().map(|(_, c)| c.len()).max().unwrap_or(0);
                        @let title = format!("Sebaran jawaban {} {} {}", i.abbreviation, unit.unit, name);
                        figure {
                            (chart::distribution(&title, &rows, k))
                            figcaption { (title) ": bagian tiap bintang dari seluruh jawaban unsur (100%)." }
                        }
                    }
                    None => {
                        p.note {
                            "Sebaran jawaban tidak ditampilkan: kurang dari " (self.report.min_cell)
                            " responden."
                        }
                    }
                }
            }
        }
    }

    fn profile(&self, profile: &[ProfileColumn]) -> Markup {
        let min = self.report.min_cell;
        markup! {
            @for column in profile {
                h4 { (column.column) }
                table.profil {
                    thead { tr { th { "Nilai" } th.n { "Responden" } } }
                    tbody {
                        @for v in &column.values {
                            tr {
                                td {
                                    @if v.value.is_empty() { span.none { "(kosong)" } } @else { (v.value) }
                                }
                                td.n {
                                    @match v.respondents {
                                        Some(n) => (n),
                                        None => { "<" (min) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if profile.iter().any(|c| c.values.iter().any(|v| v.respondents.is_none())) {
                p.note { "<" (min) ": jumlah disembunyikan (kontrol pengungkapan)." }
            }
        }
    }

    fn rejected(&self) -> Markup {
        let r = self.report;
        let counts = r.rejected_by_reason();
        markup! {
            section id="ditolak" {
                h2 { "Data ditolak" }
                @if counts.is_empty() {
                    p { "Tidak ada baris yang ditolak." }
                } @else {
                    table.alasan {
                        thead { tr { th { "Alasan" } th.n { "Jumlah" } } }
                        tbody {
                            @for (reason, n) in &counts {
                                tr { td { (reason) } td.n { (n) } }
                            }
                        }
                    }
                    @for (reason, n) in &counts {
                        h3 { (reason) }
                        table.penolakan data-reason=(reason) {
                            thead {
                                tr { th.n { "Baris" } th { "ID respons" } th { "Alasan" } th { "Rincian" } }
                            }
                            tbody {
                                @for x in r.rejected.iter().filter(|x| x.reason.code() == *reason).take(REJECTIONS_SHOWN) {
                                    tr {
                                        td.n { (x.line) }
                                        td { (x.response_id) }
                                        td { (x.reason.code()) }
                                        td { (x.reason.to_string()) }
                                    }
                                }
                            }
                        }
                        @if *n > REJECTIONS_SHOWN as u64 {
                            p.note { "… dan " (*n - REJECTIONS_SHOWN as u64) " lainnya" }
                        }
                    }
                }
            }
        }
    }

    fn footer(&self) -> Markup {
        markup! {
            footer {
                h2 { "Metode" }
                ul {
                    li {
                        "Semua angka dihitung eksak (sebagai pecahan) lalu dibulatkan sekali, "
                        "setengah menjauhi nol (half away from zero), pada keluaran."
                    }
                    li { "NRR (nilai rata-rata) per unsur = rata-rata bintang yang diberikan responden pada unsur tersebut." }
                    li { "Indeks (nilai mentah) = rata-rata NRR unsur yang dijawab (bobot sama)." }
                    li {
                        "Konversi min-maks (SPKP, SPAK): p = (mentah − 1) / (k − 1) untuk skala k bintang; "
                        "nilai 1-4 = 1 + 3p; nilai 0-100 = 100p."
                    }
                    li { "Konversi IKM (PermenPAN-RB 14/2017): nilai 1-4 = nilai mentah; nilai 0-100 = 25 × nilai mentah." }
                    li {
                        "Mutu dari nilai 0-100 yang tercetak: A (Sangat Baik) 88,31–100; B (Baik) 76,61–88,30; "
                        "C (Kurang Baik) 65,00–76,60; D (Tidak Baik) di bawah 65,00."
                    }
                    li {
                        "Metode roll-up " code { (self.report.rollup.name()) } ": "
                        (match self.report.rollup {
                            persepsi::Rollup::Pooled => "jawaban seluruh subtree unit digabung (berbobot responden).",
                            _ => "setiap unit anak dihitung sekali (rata-rata berbobot sama).",
                        })
                    }
                    li {
                        "IK 95%: interval kepercayaan 95% (t Student, n − 1 derajat bebas) pada skala 0-100. "
                        "Sebaran jawaban dan profil di bawah " (self.report.min_cell) " responden disembunyikan."
                    }
                }
                p { "Dihitung dengan persepsi " (self.meta.version()) " · dibuat " (self.meta.generated_text()) "." }
            }
        }
    }
}

/// A unit's respondent targets.
fn targets(targets: &[TargetReport]) -> Markup {
    markup! {
        table.target {
            thead {
                tr { th { "Periode" } th.n { "Target" } th.n { "Tercapai" } th.n { "Persen" } th { "Terpenuhi" } }
            }
            tbody {
                @for t in targets {
                    tr {
                        td { (t.period.to_string()) }
                        td.n { (t.target) }
                        td.n { (t.achieved) }
                        td.n { (t.percent) "%" }
                        td { @if t.met { "Ya" } @else { "Tidak" } }
                    }
                }
            }
        }
    }
}
