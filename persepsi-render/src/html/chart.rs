//! The page's charts: inline SVG made here, every text escaped by maud, every label also in a
//! `<title>` so that a truncated one can be read in full, every shade also labelled so that a
//! chart reads without colour.
//!
//! SVG elements are written with an empty body (`rect {}`): an HTML parser reads a `<rect>`
//! without an end tag as an open element inside foreign content.

use std::cell::Cell;

use maud::{Markup, html};
use persepsi::GradeTable;
use rust_decimal::Decimal;

/// The most characters of a label an SVG prints before cutting it with "…".
pub(super) const LABEL_CHARS: usize = 40;

/// Fresh ids for the patterns of a page: ids are document-wide, and a page has many charts.
#[derive(Debug, Default)]
pub(super) struct Ids(Cell<usize>);

impl Ids {
    /// An id not given before on this page.
    pub(super) fn next(&self, prefix: &str) -> String {
        let n = self.0.get() + 1;
        self.0.set(n);
        format!("{prefix}-{n}")
    }
}

/// `text` cut to [`LABEL_CHARS`] characters, with "…" when cut.
pub(super) fn short(text: &str) -> String {
    short_to(text, LABEL_CHARS)
}

/// `text` cut to `chars` characters (at least 2), with "…" when cut.
fn short_to(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_owned();
    }
    let kept: String = text.chars().take(chars.max(2) - 1).collect();
    kept.trim_end().to_owned() + "…"
}

/// A decimal as a coordinate.
fn f(d: Decimal) -> f64 {
    crate::number::to_f64(d)
}

/// A coordinate as printed in an attribute.
fn c(v: f64) -> String {
    format!("{v:.1}")
}

/// One grade band of the 0-100 scale: letter, label, lowest printed value and the value where
/// the next band begins (100 for the top band), and its background shade.
struct Band {
    letter: String,
    label: String,
    low: f64,
    high: f64,
    shade: &'static str,
}

/// The bands of PermenPAN-RB 14/2017 (A 88.31-100, B 76.61-88.30, C 65.00-76.60, D below 65.00).
fn bands() -> Vec<Band> {
    const SHADES: [&str; 4] = ["#d4d4d4", "#e2e2e2", "#ececec", "#f6f6f6"];
    let table = GradeTable::permenpan_14_2017();
    let mut high = 100.0;
    table
        .bands()
        .iter()
        .enumerate()
        .map(|(i, band)| {
            let low = f(band.min());
            let b = Band {
                letter: band.grade().to_string(),
                label: band.label().to_owned(),
                low,
                high,
                shade: SHADES[i.min(SHADES.len() - 1)],
            };
            high = low;
            b
        })
        .collect()
}

/// The band's range as text, for its `<title>`.
fn band_title(b: &Band) -> String {
    format!(
        "Mutu {} ({}): {:.2} sampai {}",
        b.letter,
        b.label,
        b.low,
        if b.high >= 100.0 {
            "100".to_owned()
        } else {
            format!("di bawah {:.2}", b.high)
        }
    )
}

/// One sibling's bar of a ranking chart.
pub(super) struct Bar<'a> {
    /// The unit's code.
    pub code: &'a str,
    /// The unit's name.
    pub name: &'a str,
    /// Its rank among its siblings.
    pub rank: Option<usize>,
    /// Its printed 0-100 index.
    pub value: Decimal,
    /// Its grade letter.
    pub grade: String,
    /// Its 95% interval.
    pub ci: Option<(Decimal, Decimal)>,
}

/// Horizontal bars of siblings' 0-100 indices in rank order, with 95% whiskers, over the grade
/// bands.
pub(super) fn ranking(title: &str, bars: &[Bar<'_>]) -> Markup {
    const X0: f64 = 320.0;
    const BW: f64 = 350.0;
    const TOP: f64 = 22.0;
    const ROW: f64 = 20.0;
    let rows = bars.len() as f64;
    let height = TOP + rows * ROW + 26.0;
    let x = |v: f64| X0 + v.clamp(0.0, 100.0) / 100.0 * BW;
    let axis = TOP + rows * ROW + 2.0;
    html! {
        svg.chart viewBox=(format!("0 0 760 {}", c(height))) role="img" aria-label=(title)
            preserveAspectRatio="xMinYMin meet" {
            title { (title) }
            @for b in bands() {
                g {
                    title { (band_title(&b)) }
                    rect x=(c(x(b.low))) y=(c(TOP - 16.0)) width=(c(x(b.high) - x(b.low)))
                        height=(c(rows * ROW + 18.0)) fill=(b.shade) {}
                    text x=(c((x(b.low) + x(b.high)) / 2.0)) y=(c(TOP - 4.0)) text-anchor="middle"
                        font-size="11" font-weight="700" { (b.letter) }
                }
            }
            line x1=(c(X0)) y1=(c(axis)) x2=(c(X0 + BW)) y2=(c(axis)) stroke="#333" {}
            @for t in [0u32, 25, 50, 75, 100] {
                line x1=(c(x(f64::from(t)))) y1=(c(axis)) x2=(c(x(f64::from(t))))
                    y2=(c(axis + 4.0)) stroke="#333" {}
                text x=(c(x(f64::from(t)))) y=(c(axis + 15.0)) text-anchor="middle"
                    font-size="10" { (t) }
            }
            @for (i, b) in bars.iter().enumerate() {
                @let y = TOP + i as f64 * ROW;
                @let mid = y + ROW / 2.0;
                @let value = f(b.value);
                @let ci = b.ci.map_or_else(|| "–".to_owned(), |(l, h)| format!("{l}–{h}"));
                g {
                    title {
                        (b.rank.map_or_else(String::new, |r| format!("{r}. ")))
                        (b.code) " " (b.name) ": " (b.value) " (" (b.grade) "), IK 95% " (ci)
                    }
                    text x="26" y=(c(mid + 4.0)) text-anchor="end" font-size="11" font-weight="700" {
                        (b.rank.map_or_else(|| "–".to_owned(), |r| r.to_string()))
                    }
                    text x="32" y=(c(mid + 4.0)) font-size="10.5" {
                        tspan font-weight="700" { (short_to(b.code, 20)) }
                        " " (short_to(b.name, LABEL_CHARS.saturating_sub(b.code.chars().count().min(20) + 2).max(8)))
                    }
                    rect x=(c(X0)) y=(c(y + 4.0)) width=(c(x(value) - X0)) height=(c(ROW - 8.0))
                        fill="#6f8fb3" stroke="#1f3b5a" stroke-width="0.6" {}
                    @if let Some((l, h)) = b.ci {
                        @let (xl, xh) = (x(f(l)), x(f(h)));
                        line x1=(c(xl)) y1=(c(mid)) x2=(c(xh)) y2=(c(mid)) stroke="#000"
                            stroke-width="1.4" {}
                        line x1=(c(xl)) y1=(c(mid - 4.0)) x2=(c(xl)) y2=(c(mid + 4.0))
                            stroke="#000" stroke-width="1.4" {}
                        line x1=(c(xh)) y1=(c(mid - 4.0)) x2=(c(xh)) y2=(c(mid + 4.0))
                            stroke="#000" stroke-width="1.4" {}
                    }
                    text x=(c(X0 + BW + 6.0)) y=(c(mid + 4.0)) font-size="11" {
                        (b.value) " (" (b.grade) ")"
                    }
                }
            }
        }
    }
}

/// One item's bar of an NRR chart.
pub(super) struct ItemBar<'a> {
    /// The item's code.
    pub code: &'a str,
    /// The item's label (unsur).
    pub label: &'a str,
    /// Its printed NRR.
    pub nrr: Decimal,
    /// Whether it is among the lowest.
    pub lowest: bool,
}

/// Horizontal bars of the items' NRR on the star scale `0..=points`, the lowest hatched and
/// marked "terendah".
pub(super) fn nrr(ids: &Ids, title: &str, items: &[ItemBar<'_>], points: usize) -> Markup {
    const X0: f64 = 320.0;
    const BW: f64 = 300.0;
    const TOP: f64 = 8.0;
    const ROW: f64 = 19.0;
    let rows = items.len() as f64;
    let height = TOP + rows * ROW + 24.0;
    let max = points.max(1) as f64;
    let x = |v: f64| X0 + v.clamp(0.0, max) / max * BW;
    let axis = TOP + rows * ROW + 2.0;
    let hatch = ids.next("terendah");
    html! {
        svg.chart viewBox=(format!("0 0 760 {}", c(height))) role="img" aria-label=(title) {
            title { (title) }
            defs {
                pattern id=(hatch) patternUnits="userSpaceOnUse" width="6" height="6"
                    patternTransform="rotate(45)" {
                    rect width="6" height="6" fill="#f3c77a" {}
                    line x1="0" y1="0" x2="0" y2="6" stroke="#222" stroke-width="2.4" {}
                }
            }
            @for t in 0..=points {
                @let tx = x(t as f64);
                line x1=(c(tx)) y1=(c(TOP)) x2=(c(tx)) y2=(c(axis + 4.0)) stroke="#ccc"
                    stroke-width="0.6" {}
                text x=(c(tx)) y=(c(axis + 15.0)) text-anchor="middle" font-size="10" { (t) }
            }
            line x1=(c(X0)) y1=(c(axis)) x2=(c(X0 + BW)) y2=(c(axis)) stroke="#333" {}
            @for (i, item) in items.iter().enumerate() {
                @let y = TOP + i as f64 * ROW;
                @let mid = y + ROW / 2.0;
                g {
                    title {
                        (item.code) " " (item.label) ": NRR " (item.nrr)
                        @if item.lowest { " (terendah)" }
                    }
                    text x="0" y=(c(mid + 4.0)) font-size="10.5" font-weight=[item.lowest.then_some("700")] {
                        (item.code) " " (short(item.label))
                    }
                    @if item.lowest {
                        rect x=(c(X0)) y=(c(y + 3.0)) width=(c(x(f(item.nrr)) - X0))
                            height=(c(ROW - 6.0)) fill=(format!("url(#{hatch})")) stroke="#222"
                            stroke-width="1" {}
                    } @else {
                        rect x=(c(X0)) y=(c(y + 3.0)) width=(c(x(f(item.nrr)) - X0))
                            height=(c(ROW - 6.0)) fill="#6f8fb3" stroke="#1f3b5a"
                            stroke-width="0.6" {}
                    }
                    text x=(c(X0 + BW + 6.0)) y=(c(mid + 4.0)) font-size="10.5"
                        font-weight=[item.lowest.then_some("700")] {
                        (item.nrr)
                        @if item.lowest { " ◀ terendah" }
                    }
                }
            }
        }
    }
}

/// One item's answers: its code, label and count of each star value `1..=k`.
pub(super) struct Answers<'a> {
    /// The item's code.
    pub code: &'a str,
    /// The item's label (unsur).
    pub label: &'a str,
    /// Answers of each star value.
    pub counts: &'a [u64],
}

/// The grey of star value `s` of `k` (more stars, darker), its lightness in percent.
fn lightness(s: usize, k: usize) -> f64 {
    if k <= 1 {
        return 50.0;
    }
    92.0 - (s - 1) as f64 * 67.0 / (k - 1) as f64
}

/// The non-empty segments of a stacked bar of `counts` (of `total`) from `x0` over `width`:
/// star value, count, start and width.
fn segments(counts: &[u64], total: u64, x0: f64, width: f64) -> Vec<(usize, u64, f64, f64)> {
    let mut at = x0;
    let mut out = Vec::new();
    for (j, &n) in counts.iter().enumerate() {
        let w = n as f64 / total.max(1) as f64 * width;
        if n > 0 {
            out.push((j + 1, n, at, w));
        }
        at += w;
    }
    out
}

/// 100% stacked bars of each item's answers per star value, each segment labelled with its star
/// number where it is wide enough, and a legend.
pub(super) fn distribution(title: &str, items: &[Answers<'_>], k: usize) -> Markup {
    const X0: f64 = 90.0;
    const BW: f64 = 590.0;
    const TOP: f64 = 28.0;
    const ROW: f64 = 19.0;
    let rows = items.len() as f64;
    let height = TOP + rows * ROW + 6.0;
    let shade = |s: usize| format!("hsl(0,0%,{:.0}%)", lightness(s, k));
    let ink = |s: usize| {
        if lightness(s, k) < 58.0 {
            "#fff"
        } else {
            "#000"
        }
    };
    html! {
        svg.chart viewBox=(format!("0 0 760 {}", c(height))) role="img" aria-label=(title) {
            title { (title) }
            text x="0" y="14" font-size="10.5" { "Bintang:" }
            @for s in 1..=k {
                @let lx = X0 + (s - 1) as f64 * 84.0;
                rect x=(c(lx)) y="3" width="22" height="14" fill=(shade(s)) stroke="#333"
                    stroke-width="0.6" {}
                text x=(c(lx + 11.0)) y="14" text-anchor="middle" font-size="10" fill=(ink(s)) { (s) }
                text x=(c(lx + 26.0)) y="14" font-size="10" { "bintang" }
            }
            @for (i, item) in items.iter().enumerate() {
                @let y = TOP + i as f64 * ROW;
                @let total: u64 = item.counts.iter().sum();
                g {
                    title { (item.code) " " (item.label) ": " (total) " jawaban" }
                    text x="0" y=(c(y + ROW / 2.0 + 4.0)) font-size="10.5" { (short(item.code)) }
                    @if total == 0 {
                        rect x=(c(X0)) y=(c(y + 3.0)) width=(c(BW)) height=(c(ROW - 6.0))
                            fill="none" stroke="#999" {}
                        text x=(c(X0 + 6.0)) y=(c(y + ROW / 2.0 + 4.0)) font-size="10" {
                            "tidak ada jawaban"
                        }
                    } @else {
                        @for (s, n, at, w) in segments(item.counts, total, X0, BW) {
                            g {
                                title {
                                    (item.code) ", " (s) " bintang: " (n) " dari " (total)
                                    " (" (format!("{:.1}", n as f64 * 100.0 / total as f64)) "%)"
                                }
                                rect x=(c(at)) y=(c(y + 3.0)) width=(c(w)) height=(c(ROW - 6.0))
                                    fill=(shade(s)) stroke="#333" stroke-width="0.5" {}
                                @if w >= 12.0 {
                                    text x=(c(at + w / 2.0)) y=(c(y + ROW / 2.0 + 3.5))
                                        text-anchor="middle" font-size="9.5" fill=(ink(s)) { (s) }
                                }
                            }
                        }
                    }
                    text x=(c(X0 + BW + 6.0)) y=(c(y + ROW / 2.0 + 4.0)) font-size="10" {
                        "n=" (total)
                    }
                }
            }
        }
    }
}

/// A point of a series: the printed 0-100 index and its 95% interval.
pub(super) type Point = (Decimal, Option<(Decimal, Decimal)>);

/// One instrument's line of a series chart: its abbreviation and, per period, its printed
/// 0-100 index and interval (none where the period has no respondent on it).
pub(super) struct Line<'a> {
    /// The index's short name.
    pub abbreviation: &'a str,
    /// Per period, the value and its 95% interval.
    pub points: Vec<Option<Point>>,
}

/// Lines of the 0-100 index per period with 95% whiskers, over the grade bands; each
/// instrument with its own dash and marker.
pub(super) fn series(title: &str, periods: &[String], lines: &[Line<'_>]) -> Markup {
    const L: f64 = 60.0;
    const R: f64 = 690.0;
    const TOP: f64 = 30.0;
    const BOTTOM: f64 = 200.0;
    const DASHES: [&str; 4] = ["none", "7 3", "2 3", "9 3 2 3"];
    let lowest = lines
        .iter()
        .flat_map(|l| l.points.iter().flatten())
        .map(|(v, ci)| ci.map_or(f(*v), |(lo, _)| f(lo).min(f(*v))))
        .fold(100.0_f64, f64::min);
    let lo = (((lowest - 3.0) / 10.0).floor() * 10.0).clamp(0.0, 90.0);
    let y = |v: f64| BOTTOM - (v.clamp(lo, 100.0) - lo) / (100.0 - lo) * (BOTTOM - TOP);
    let p = periods.len();
    let step = if p > 1 {
        (R - L - 40.0) / (p - 1) as f64
    } else {
        0.0
    };
    let px = |i: usize| {
        if p > 1 {
            L + 20.0 + i as f64 * step
        } else {
            (L + R) / 2.0
        }
    };
    let m = lines.len() as f64;
    let offset = |j: usize| (j as f64 - (m - 1.0) / 2.0) * 7.0;
    let every = p.div_ceil(12).max(1);
    let grid: Vec<u32> = (0..=10u32)
        .map(|t| t * 10)
        .filter(|&t| f64::from(t) >= lo)
        .collect();
    html! {
        svg.chart viewBox="0 0 760 236" role="img" aria-label=(title) {
            title { (title) }
            @for b in bands() {
                @if b.high > lo {
                    g {
                        title { (band_title(&b)) }
                        rect x=(c(L)) y=(c(y(b.high))) width=(c(R - L))
                            height=(c(y(b.low.max(lo)) - y(b.high))) fill=(b.shade) {}
                        text x=(c(R + 8.0)) y=(c((y(b.high) + y(b.low.max(lo))) / 2.0 + 4.0))
                            font-size="11" font-weight="700" { (b.letter) }
                    }
                }
            }
            @for t in &grid {
                line x1=(c(L)) y1=(c(y(f64::from(*t)))) x2=(c(R)) y2=(c(y(f64::from(*t))))
                    stroke="#bbb" stroke-width="0.5" {}
                text x=(c(L - 6.0)) y=(c(y(f64::from(*t)) + 3.5)) text-anchor="end" font-size="10" { (t) }
            }
            line x1=(c(L)) y1=(c(BOTTOM)) x2=(c(R)) y2=(c(BOTTOM)) stroke="#333" {}
            @for (i, period) in periods.iter().enumerate() {
                @if i % every == 0 {
                    text x=(c(px(i))) y=(c(BOTTOM + 16.0)) text-anchor="middle" font-size="10" {
                        (short(period))
                    }
                }
            }
            @for (j, line) in lines.iter().enumerate() {
                @let lx = L + j as f64 * 130.0;
                g {
                    line x1=(c(lx)) y1="12" x2=(c(lx + 28.0)) y2="12" stroke="#000" stroke-width="1.6"
                        stroke-dasharray=(DASHES[j % DASHES.len()]) {}
                    (marker(j, lx + 14.0, 12.0))
                    text x=(c(lx + 34.0)) y="16" font-size="11" { (short(line.abbreviation)) " (0-100)" }
                }
                @let coords: Vec<(usize, f64, f64)> = line.points.iter().enumerate()
                    .filter_map(|(i, pt)| pt.map(|(v, _)| (i, px(i) + offset(j), y(f(v)))))
                    .collect();
                @for pair in coords.windows(2) {
                    @if pair[1].0 == pair[0].0 + 1 {
                        line x1=(c(pair[0].1)) y1=(c(pair[0].2)) x2=(c(pair[1].1)) y2=(c(pair[1].2))
                            stroke="#000" stroke-width="1.6"
                            stroke-dasharray=(DASHES[j % DASHES.len()]) {}
                    }
                }
                @for (i, pt) in line.points.iter().enumerate() {
                    @if let Some((v, ci)) = pt {
                        @let x = px(i) + offset(j);
                        g {
                            title {
                                (line.abbreviation) " " (periods.get(i).map_or("", String::as_str))
                                ": " (v) ", IK 95% "
                                (ci.map_or_else(|| "–".to_owned(), |(l, h)| format!("{l}–{h}")))
                            }
                            @if let Some((l, h)) = ci {
                                line x1=(c(x)) y1=(c(y(f(*l)))) x2=(c(x)) y2=(c(y(f(*h))))
                                    stroke="#333" stroke-width="1" {}
                                line x1=(c(x - 3.0)) y1=(c(y(f(*l)))) x2=(c(x + 3.0)) y2=(c(y(f(*l))))
                                    stroke="#333" stroke-width="1" {}
                                line x1=(c(x - 3.0)) y1=(c(y(f(*h)))) x2=(c(x + 3.0)) y2=(c(y(f(*h))))
                                    stroke="#333" stroke-width="1" {}
                            }
                            (marker(j, x, y(f(*v))))
                        }
                    }
                }
            }
        }
    }
}

/// The marker of line `j` at `(x, y)`: a circle, a square, a diamond, a triangle.
fn marker(j: usize, x: f64, y: f64) -> Markup {
    match j % 4 {
        0 => {
            html! { circle cx=(c(x)) cy=(c(y)) r="3.6" fill="#fff" stroke="#000" stroke-width="1.4" {} }
        }
        1 => html! {
            rect x=(c(x - 3.4)) y=(c(y - 3.4)) width="6.8" height="6.8" fill="#000" {}
        },
        2 => html! {
            path d=(format!("M{} {}L{} {}L{} {}L{} {}Z", c(x), c(y - 4.5), c(x + 4.5), c(y),
                c(x), c(y + 4.5), c(x - 4.5), c(y))) fill="#fff" stroke="#000" stroke-width="1.4" {}
        },
        _ => html! {
            path d=(format!("M{} {}L{} {}L{} {}Z", c(x), c(y - 4.5), c(x + 4.5), c(y + 3.5),
                c(x - 4.5), c(y + 3.5))) fill="#000" {}
        },
    }
}
