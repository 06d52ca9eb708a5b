//! The report as JSON, schema v1.

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use super::{InstrumentReport, Report, UnitReport};
use crate::response::Rejection;

struct Nrr<'a>(&'a InstrumentReport);

impl Serialize for Nrr<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.index.nrr.len()))?;
        for (item, value) in &self.0.index.nrr {
            m.serialize_entry(item.as_str(), &value.to_string())?;
        }
        m.end()
    }
}

impl Serialize for InstrumentReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("InstrumentReport", 8)?;
        let index = &self.index;
        st.serialize_field("respondents", &index.respondents)?;
        st.serialize_field("nrr", &Nrr(self))?;
        st.serialize_field("raw", &index.raw.to_string())?;
        st.serialize_field("index4", &index.index4.to_string())?;
        st.serialize_field("index100", &index.index100.to_string())?;
        st.serialize_field("grade", &index.grade.to_string())?;
        st.serialize_field("label", &index.label)?;
        let text = |d: &Option<rust_decimal::Decimal>| d.map(|d| d.to_string());
        st.serialize_field("se100", &text(&self.se100))?;
        st.serialize_field("ci95_low", &text(&self.ci95.map(|c| c.0)))?;
        st.serialize_field("ci95_high", &text(&self.ci95.map(|c| c.1)))?;
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
        let mut st = s.serialize_struct("Trend", 7)?;
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
        st.serialize_field("significant", &self.trend.significant())?;
        st.end()
    }
}

struct Indices<'a>(&'a UnitReport);

impl Serialize for Indices<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.indices.len()))?;
        for i in &self.0.indices {
            m.serialize_entry(i.index.instrument.as_str(), i)?;
        }
        m.end()
    }
}

impl Serialize for UnitReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("UnitReport", 4)?;
        st.serialize_field("unit", self.unit.as_str())?;
        st.serialize_field("name", &self.name)?;
        st.serialize_field("respondents", &self.respondents)?;
        st.serialize_field("indices", &Indices(self))?;
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
        let mut st = s.serialize_struct("Report", 7)?;
        st.serialize_field("schema", &1)?;
        st.serialize_field("questionnaire", &self.questionnaire)?;
        st.serialize_field("rollup", self.rollup.name())?;
        st.serialize_field("input_rows", &self.input_rows)?;
        st.serialize_field("accepted", &self.accepted)?;
        st.serialize_field("rejected", &self.rejected)?;
        st.serialize_field("units", &self.units)?;
        st.end()
    }
}

impl Report {
    /// The report as JSON, report schema v1: numbers are strings of decimals, rounded once,
    /// half away from zero.
    ///
    /// ```json
    /// {"schema": 1, "questionnaire": "spkp-spak", "rollup": "pooled",
    ///  "input_rows": 5000, "accepted": 4890,
    ///  "rejected": [{"line": 17, "response_id": "R15", "reason": "unknown_unit", "detail": "..."}],
    ///  "units": [{"unit": "KW-NTT", "name": "...", "respondents": 312,
    ///             "indices": {"SPKP": {"respondents": 310, "nrr": {"SPKP1": "5.4032"},
    ///                                  "raw": "5.3120", "index4": "3.59", "index100": "86.24",
    ///                                  "grade": "B", "label": "Baik"}}}]}
    /// ```
    #[must_use]
    pub fn to_json(&self) -> String {
        // strings, integers and nested structs only: serialization cannot fail
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
