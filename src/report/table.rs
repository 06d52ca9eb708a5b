//! The report as a text table.

use std::fmt;

use crate::code::InstrumentCode;
use crate::report::Report;

impl fmt::Display for Report {
    /// An aligned table: unit, respondents, then per instrument its 1-4 value, 0-100 value and
    /// grade; then the rejected records counted by reason.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // instrument columns in the order they first appear
        let mut columns: Vec<(&InstrumentCode, &str)> = Vec::new();
        for u in &self.units {
            for i in &u.indices {
                if !columns.iter().any(|(c, _)| *c == &i.index.instrument) {
                    columns.push((&i.index.instrument, &i.abbreviation));
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
                match u.indices.iter().find(|i| &i.index.instrument == *code) {
                    Some(i) => {
                        let i = &i.index;
                        write!(f, "  {:>7} {:>7} {:>5}", i.index4, i.index100, i.grade)?;
                    }
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
