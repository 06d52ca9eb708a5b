//! The report as JSON, schema v2.

use rust_decimal::Decimal;
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use super::{
    BreakdownIndex, InstrumentReport, ItemFindings, PeriodReport, ProfileColumn, ProfileValue,
    Report, ServiceReport, TargetReport, UnitReport,
};
use crate::code::ItemCode;
use crate::index::RoundedIndex;
use crate::response::Rejection;

/// A list of `(code, value)` pairs as a JSON object.
struct Pairs<'a, K, V>(&'a [(K, V)]);

impl<K: AsRef<str>, V: Serialize> Serialize for Pairs<'_, K, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (key, value) in self.0 {
            m.serialize_entry(key.as_ref(), value)?;
        }
        m.end()
    }
}

/// Item codes as a JSON array of strings.
struct Codes<'a>(&'a [ItemCode]);

impl Serialize for Codes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(ItemCode::as_str))
    }
}

fn text(d: Option<Decimal>) -> Option<String> {
    d.map(|d| d.to_string())
}

/// The fields every per-instrument object starts with (units, services and series alike), in
/// schema order: respondents, nrr, raw, index4, index100, grade, label, se100, ci95_low,
/// ci95_high.
fn index_fields<S: SerializeStruct>(
    st: &mut S,
    index: &RoundedIndex,
    se100: Option<Decimal>,
    ci95: Option<(Decimal, Decimal)>,
) -> Result<(), S::Error> {
    let nrr: Vec<(&ItemCode, String)> = index
        .nrr
        .iter()
        .map(|(code, value)| (code, value.to_string()))
        .collect();
    st.serialize_field("respondents", &index.respondents)?;
    st.serialize_field("nrr", &Pairs(&nrr))?;
    st.serialize_field("raw", &index.raw.to_string())?;
    st.serialize_field("index4", &index.index4.to_string())?;
    st.serialize_field("index100", &index.index100.to_string())?;
    st.serialize_field("grade", &index.grade.to_string())?;
    st.serialize_field("label", &index.label)?;
    st.serialize_field("se100", &text(se100))?;
    st.serialize_field("ci95_low", &text(ci95.map(|c| c.0)))?;
    st.serialize_field("ci95_high", &text(ci95.map(|c| c.1)))
}

/// The items' fields of a per-instrument object: distribution, lowest_items, item_ranks.
fn item_fields<S: SerializeStruct>(st: &mut S, items: &ItemFindings) -> Result<(), S::Error> {
    st.serialize_field("distribution", &items.distribution.as_deref().map(Pairs))?;
    st.serialize_field("lowest_items", &Codes(&items.lowest))?;
    st.serialize_field("item_ranks", &Pairs(&items.ranks))
}

impl Serialize for BreakdownIndex {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("BreakdownIndex", 13)?;
        index_fields(&mut st, &self.index, self.se100, self.ci95)?;
        item_fields(&mut st, &self.items)?;
        st.end()
    }
}

impl Serialize for InstrumentReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("InstrumentReport", 22)?;
        index_fields(&mut st, &self.index, self.se100, self.ci95)?;
        let text = |d: &Option<Decimal>| text(*d);
        st.serialize_field("p_grade_a", &text(&self.p_grade_a))?;
        st.serialize_field("required_respondents", &self.required_respondents)?;
        st.serialize_field("sample_adequate", &self.sample_adequate)?;
        st.serialize_field("shrunk_index100", &self.shrunk_index100.to_string())?;
        st.serialize_field("rank", &self.rank)?;
        if self.lke_points.is_some() {
            st.serialize_field("lke_points", &text(&self.lke_points))?;
            st.serialize_field("zi_threshold_met", &self.zi_threshold_met)?;
        }
        if let Some((from, to, trend)) = &self.trend {
            st.serialize_field(
                "trend",
                &TrendJson {
                    from: *from,
                    to: *to,
                    trend,
                },
            )?;
        }
        item_fields(&mut st, &self.items)?;
        st.end()
    }
}

struct TrendJson<'a> {
    from: crate::period::Period,
    to: crate::period::Period,
    trend: &'a crate::stats::Trend,
}

impl Serialize for TrendJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Trend", 8)?;
        st.serialize_field("from", &self.from.to_string())?;
        st.serialize_field("to", &self.to.to_string())?;
        st.serialize_field(
            "index100_from",
            &crate::exact::Exact::from_decimal(self.trend.from100())
                .round(2)
                .to_string(),
        )?;
        st.serialize_field(
            "index100_to",
            &crate::exact::Exact::from_decimal(self.trend.to100())
                .round(2)
                .to_string(),
        )?;
        st.serialize_field("change100", &self.trend.change100().to_string())?;
        st.serialize_field("se100", &self.trend.se100().map(|d| d.to_string()))?;
        st.serialize_field("df", &self.trend.df().map(|d| d.to_string()))?;
        st.serialize_field("significant", &self.trend.significant())?;
        st.end()
    }
}

/// Per-instrument objects keyed by the instrument's code.
struct Indices<'a, T>(&'a [T]);

/// What is keyed by an instrument code in `indices`.
trait ByInstrument {
    fn instrument(&self) -> &str;
}

impl ByInstrument for InstrumentReport {
    fn instrument(&self) -> &str {
        self.index.instrument.as_str()
    }
}

impl ByInstrument for BreakdownIndex {
    fn instrument(&self) -> &str {
        self.index.instrument.as_str()
    }
}

impl<T: ByInstrument + Serialize> Serialize for Indices<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for i in self.0 {
            m.serialize_entry(i.instrument(), i)?;
        }
        m.end()
    }
}

impl Serialize for ServiceReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("ServiceReport", 4)?;
        st.serialize_field("service", self.service.as_str())?;
        st.serialize_field("name", &self.name)?;
        st.serialize_field("respondents", &self.respondents)?;
        st.serialize_field("indices", &Indices(&self.indices))?;
        st.end()
    }
}

impl Serialize for PeriodReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("PeriodReport", 3)?;
        st.serialize_field("period", &self.period.to_string())?;
        st.serialize_field("respondents", &self.respondents)?;
        st.serialize_field("indices", &Indices(&self.indices))?;
        st.end()
    }
}

impl Serialize for TargetReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("TargetReport", 5)?;
        st.serialize_field("period", &self.period.to_string())?;
        st.serialize_field("target", &self.target)?;
        st.serialize_field("achieved", &self.achieved)?;
        st.serialize_field("percent", &self.percent.to_string())?;
        st.serialize_field("met", &self.met)?;
        st.end()
    }
}

impl Serialize for UnitReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("UnitReport", 7)?;
        st.serialize_field("unit", self.unit.as_str())?;
        st.serialize_field("name", &self.name)?;
        st.serialize_field("parent", &self.parent.as_ref().map(|p| p.as_str()))?;
        st.serialize_field("respondents", &self.respondents)?;
        st.serialize_field("indices", &Indices(&self.indices))?;
        if let Some(services) = &self.services {
            st.serialize_field("services", services)?;
        }
        if let Some(series) = &self.series {
            st.serialize_field("series", series)?;
        }
        if !self.targets.is_empty() {
            st.serialize_field("targets", &self.targets)?;
        }
        if let Some(profile) = &self.profile {
            st.serialize_field("profile", &Profile(profile))?;
        }
        st.end()
    }
}

/// A unit's profile columns as one JSON object, a column's values as an array.
struct Profile<'a>(&'a [ProfileColumn]);

impl Serialize for Profile<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for column in self.0 {
            m.serialize_entry(&column.column, &column.values)?;
        }
        m.end()
    }
}

impl Serialize for ProfileValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("ProfileValue", 3)?;
        st.serialize_field("value", &self.value)?;
        st.serialize_field("respondents", &self.respondents)?;
        if self.suppressed() {
            st.serialize_field("suppressed", &true)?;
        }
        st.end()
    }
}

impl Serialize for Rejection {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Rejection", 4)?;
        st.serialize_field("line", &self.line)?;
        st.serialize_field("response_id", &self.response_id)?;
        st.serialize_field("reason", self.reason.code())?;
        st.serialize_field("detail", &self.reason.to_string())?;
        st.end()
    }
}

impl Serialize for Report {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Report", 11)?;
        st.serialize_field("schema", &2)?;
        st.serialize_field("questionnaire", &self.questionnaire)?;
        st.serialize_field("rollup", self.rollup.name())?;
        st.serialize_field("input_rows", &self.input_rows)?;
        st.serialize_field("accepted", &self.accepted)?;
        st.serialize_field("rejected", &self.rejected)?;
        st.serialize_field("period", &self.period.map(|p| p.to_string()))?;
        st.serialize_field("in_period", &self.in_period)?;
        st.serialize_field("min_cell", &self.min_cell)?;
        st.serialize_field("items", &Pairs(&self.items))?;
        st.serialize_field("units", &self.units)?;
        st.end()
    }
}

impl Report {
    /// The report as JSON, report schema v2: numbers are strings of decimals, rounded once,
    /// half away from zero; every field of schema v1 keeps its meaning.
    ///
    /// ```json
    /// {"schema": 2, "questionnaire": "spkp-spak", "rollup": "pooled",
    ///  "input_rows": 5000, "accepted": 4890,
    ///  "rejected": [{"line": 17, "response_id": "R15", "reason": "unknown_unit", "detail": "..."}],
    ///  "period": "2025-S1", "in_period": 2400, "min_cell": 5,
    ///  "items": {"SPKP1": "Informasi pelayanan ...", "...": "..."},
    ///  "units": [{"unit": "KW-NTT", "name": "...", "parent": "KEMENKUM", "respondents": 312,
    ///             "indices": {"SPKP": {"respondents": 310, "nrr": {"SPKP1": "5.4032"},
    ///                                  "raw": "5.3120", "index4": "3.59", "index100": "86.24",
    ///                                  "grade": "B", "label": "Baik", "...": "...",
    ///                                  "distribution": {"SPKP1": [0, 1, 3, 20, 96, 190]},
    ///                                  "lowest_items": ["SPKP3"],
    ///                                  "item_ranks": {"SPKP1": 2, "...": 1}}},
    ///             "services": [{"service": "KI-MEREK", "name": "...", "respondents": 120,
    ///                           "indices": {"SPKP": {"...": "..."}}}],
    ///             "series": [{"period": "2025-Q1", "respondents": 150,
    ///                         "indices": {"SPKP": {"...": "..."}}}],
    ///             "targets": [{"period": "2025-S1", "target": 200, "achieved": 174,
    ///                          "percent": "87.00", "met": false}],
    ///             "profile": {"jenis_kelamin": [{"value": "Perempuan", "respondents": 170},
    ///                                           {"value": "Laki-laki", "respondents": 142}],
    ///                         "pendidikan": [{"value": "S1", "respondents": 150}, "...",
    ///                                        {"value": "S3", "respondents": null,
    ///                                         "suppressed": true}]}}]}
    /// ```
    ///
    /// `services` is there with [`ReportOptions::by_service`](crate::ReportOptions::by_service),
    /// `series` with [`ReportOptions::series`](crate::ReportOptions::series), `targets` for a
    /// unit with targets ([`ReportOptions::targets`](crate::ReportOptions::targets)), `profile`
    /// when the survey counted profile columns ([`UnitReport::profile`]); a `distribution` is
    /// `null` where withheld ([`ReportOptions::min_cell`](crate::ReportOptions::min_cell)). Their entries'
    /// per-instrument objects hold `respondents` to `ci95_high` and the three item fields; ranks
    /// among siblings, shrinkage and trends are the units' only.
    #[must_use]
    pub fn to_json(&self) -> String {
        // strings, integers and nested structs only: serialization cannot fail
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
