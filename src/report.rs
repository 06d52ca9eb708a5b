//! The report: every unit's indices by a roll-up method, and every rejected record.

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;

use crate::code::{InstrumentCode, ItemCode, UnitCode};
use crate::grade::Grade;
use crate::index::Precision;
use crate::response::Rejection;
use crate::rollup::Rollup;
use crate::survey::{Filter, Survey};

/// One instrument's printed result for one unit.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct InstrumentReport {
    /// The instrument (`SPKP`, `SPAK`, `IKM`, ...).
    pub instrument: InstrumentCode,
    /// The index's short name (`IPKP`, `IPAK`, `IKM`).
    pub abbreviation: String,
    /// Responses in the subtree with at least one answer on the instrument.
    pub respondents: u64,
    /// Pooled NRR over the subtree of each item with at least one answer, in item order.
    pub nrr: Vec<(ItemCode, Decimal)>,
    /// The raw index by the roll-up method.
    pub raw: Decimal,
    /// The 1-4 value, from the exact raw value.
    pub index4: Decimal,
    /// The 0-100 value, from the exact raw value.
    pub index100: Decimal,
    /// The grade of the 0-100 value as printed.
    pub grade: Grade,
    /// The grade's label.
    pub label: String,
}

/// One unit's line of the report.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct UnitReport {
    /// The unit's code.
    pub unit: UnitCode,
    /// The unit's name.
    pub name: String,
    /// Accepted responses in the unit's subtree.
    pub respondents: u64,
    /// One entry per instrument that someone in the subtree answered, in questionnaire order.
    pub indices: Vec<InstrumentReport>,
}

/// The report of a survey (report schema v1): the questionnaire, the roll-up method, what was
/// read, every rejection, and every unit with at least one accepted response in its subtree, in
/// catalog order. Every number is rounded once, half away from zero.
///
/// [`fmt::Display`] prints an aligned table; [`Report::to_json`] (feature `serde`) prints
/// report schema v1.
///
/// # Examples
///
/// ```
/// # #[cfg(all(feature = "serde", feature = "csv"))] {
/// use persepsi::{Catalog, Filter, Precision, Questionnaire, Report, Rollup, Survey};
///
/// let csv = "response_id,date,unit,service,U1,U2,U3,U4,U5,U6,U7,U8,U9\n\
///            R1,2025-01-05,KW-NTT-TU,UMUM-INFORMASI,4,4,3,4,4,3,4,4,4\n\
///            R2,2025-01-06,KW-NTT-TU,UMUM-INFORMASI,4,3,3,4,4,3,4,3,4\n";
/// let (catalog, q) = (Catalog::kemenkum_2025(), Questionnaire::ikm());
/// let mut survey = Survey::new(&catalog, &q);
/// survey.read_csv(csv.as_bytes())?;
/// let report = Report::new(&survey, Rollup::Pooled, &Filter::all(), Precision::default());
/// let codes: Vec<_> = report.units.iter().map(|u| u.unit.as_str()).collect();
/// assert_eq!(codes, ["KEMENKUM", "KW-NTT", "KW-NTT-TU"]);
/// let ikm = &report.units[0].indices[0];
/// // NRR 4, 3.5, 3, 4, 4, 3, 4, 3.5, 4 -> raw 33/9 = 3.6667 -> x25 = 91.67, grade A
/// assert_eq!((ikm.raw.to_string(), ikm.index100.to_string()), ("3.6667".into(), "91.67".into()));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Report {
    /// The questionnaire's name (`spkp-spak`, `ikm`).
    pub questionnaire: String,
    /// The roll-up method.
    pub rollup: Rollup,
    /// Records seen.
    pub input_rows: u64,
    /// Records accepted.
    pub accepted: u64,
    /// Every rejected record, in input order.
    pub rejected: Vec<Rejection>,
    /// Every unit with at least one accepted response in its subtree, in catalog order.
    pub units: Vec<UnitReport>,
}

impl Report {
    /// The report of a survey by a roll-up method, over the responses the filter keeps.
    #[must_use]
    pub fn new(
        survey: &Survey<'_>,
        rollup: Rollup,
        filter: &Filter,
        precision: Precision,
    ) -> Report {
        let catalog = survey.catalog();
        let q = survey.questionnaire();
        let units = survey
            .rollup(rollup, filter)
            .into_iter()
            .map(|u| UnitReport {
                unit: u.code().clone(),
                name: catalog.unit(u.unit()).name().to_owned(),
                respondents: u.respondents(),
                indices: u
                    .instruments()
                    .iter()
                    .zip(q.instruments())
                    .filter_map(|(r, ins)| {
                        let r = r.as_ref()?;
                        let pooled = r.pooled().rounded(precision);
                        let index = r.index();
                        Some(InstrumentReport {
                            instrument: ins.code().clone(),
                            abbreviation: ins.abbreviation().to_owned(),
                            respondents: r.respondents(),
                            nrr: pooled.nrr,
                            raw: index.raw().round(precision.raw()),
                            index4: index.index4().round(precision.index()),
                            index100: index.index100().round(precision.index()),
                            grade: index.grade().grade(),
                            label: index.grade().label().to_owned(),
                        })
                    })
                    .collect(),
            })
            .collect();
        let summary = survey.summary();
        Report {
            questionnaire: q.name().to_owned(),
            rollup,
            input_rows: summary.seen,
            accepted: summary.accepted,
            rejected: summary.rejected.clone(),
            units,
        }
    }

    /// Rejections counted per reason code, in alphabetical order of the code.
    #[must_use]
    pub fn rejected_by_reason(&self) -> BTreeMap<&'static str, u64> {
        crate::response::count_by_reason(&self.rejected)
    }
}

impl fmt::Display for Report {
    /// An aligned table: unit, respondents, then per instrument its 1-4 value, 0-100 value and
    /// grade; then the rejected records counted by reason.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // instrument columns in the order they first appear
        let mut columns: Vec<(&InstrumentCode, &str)> = Vec::new();
        for u in &self.units {
            for i in &u.indices {
                if !columns.iter().any(|(c, _)| *c == &i.instrument) {
                    columns.push((&i.instrument, &i.abbreviation));
                }
            }
        }
        let unit_w = self
            .units
            .iter()
            .map(|u| u.unit.as_str().len())
            .max()
            .unwrap_or(4)
            .max(4);
        write!(f, "{:<unit_w$}  {:>11}", "unit", "respondents")?;
        for (_, abbr) in &columns {
            write!(
                f,
                "  {:>7} {:>7} {:>5}",
                format!("{abbr} 1-4"),
                "0-100",
                "grade"
            )?;
        }
        writeln!(f)?;
        for u in &self.units {
            write!(f, "{:<unit_w$}  {:>11}", u.unit.as_str(), u.respondents)?;
            for (code, _) in &columns {
                match u.indices.iter().find(|i| &i.instrument == *code) {
                    Some(i) => write!(f, "  {:>7} {:>7} {:>5}", i.index4, i.index100, i.grade)?,
                    None => write!(f, "  {:>7} {:>7} {:>5}", "-", "-", "-")?,
                }
            }
            writeln!(f)?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "questionnaire {}, roll-up {}: {} rows read, {} accepted, {} rejected",
            self.questionnaire,
            self.rollup,
            self.input_rows,
            self.accepted,
            self.rejected.len()
        )?;
        for (reason, count) in self.rejected_by_reason() {
            writeln!(f, "  {reason:<24} {count:>6}")?;
        }
        Ok(())
    }
}

#[cfg(feature = "serde")]
mod json {
    use serde::ser::{SerializeMap, SerializeStruct};
    use serde::{Serialize, Serializer};

    use super::{InstrumentReport, Report, UnitReport};
    use crate::response::Rejection;

    struct Nrr<'a>(&'a InstrumentReport);

    impl Serialize for Nrr<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(self.0.nrr.len()))?;
            for (item, value) in &self.0.nrr {
                m.serialize_entry(item.as_str(), &value.to_string())?;
            }
            m.end()
        }
    }

    impl Serialize for InstrumentReport {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut st = s.serialize_struct("InstrumentReport", 8)?;
            st.serialize_field("respondents", &self.respondents)?;
            st.serialize_field("nrr", &Nrr(self))?;
            st.serialize_field("raw", &self.raw.to_string())?;
            st.serialize_field("index4", &self.index4.to_string())?;
            st.serialize_field("index100", &self.index100.to_string())?;
            st.serialize_field("grade", &self.grade.to_string())?;
            st.serialize_field("label", &self.label)?;
            st.end()
        }
    }

    struct Indices<'a>(&'a UnitReport);

    impl Serialize for Indices<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(self.0.indices.len()))?;
            for i in &self.0.indices {
                m.serialize_entry(i.instrument.as_str(), i)?;
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
}
