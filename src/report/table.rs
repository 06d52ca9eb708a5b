//! The report as a text table: the hierarchy indented, a unit's breakdowns under it.

use std::collections::HashSet;
use std::fmt;

use crate::code::{InstrumentCode, ItemCode};
use crate::index::RoundedIndex;
use crate::report::{ItemFindings, Report};

/// One line of the table: its label, and per instrument what it prints.
struct Line<'a> {
    label: String,
    /// Per instrument that has a result: the index, whether the sample is below the required
    /// size, and the items' findings.
    cells: Vec<(&'a RoundedIndex, bool, &'a ItemFindings)>,
}

impl Line<'_> {
    /// Writes the lowest items of each instrument, instruments apart by `; `.
    fn write_lowest(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first_instrument = true;
        for (_, _, items) in &self.cells {
            if items.lowest.is_empty() {
                continue;
            }
            if !first_instrument {
                f.write_str("; ")?;
            }
            first_instrument = false;
            for (k, code) in items.lowest.iter().enumerate() {
                if k > 0 {
                    f.write_str(", ")?;
                }
                f.write_str(code.as_str())?;
            }
        }
        Ok(())
    }
}

/// A text of the input as one line of the table: control characters (a line break, an escape
/// sequence) written as escapes.
fn printable(text: &str) -> String {
    if text.chars().any(char::is_control) {
        text.chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect()
    } else {
        text.to_owned()
    }
}

impl fmt::Display for Report {
    /// An aligned table: each unit indented by its depth, then per instrument its respondents
    /// (`*` where fewer than required), 1-4 value, 0-100 value and grade, and the lowest unsur
    /// (the "unsur prioritas perbaikan") of each instrument; under a unit its targets, its
    /// respondents by each profile column (a suppressed count as `<N`, an empty value as
    /// `(kosong)`), its services and periods, when the report has them. Then the period, what was read, the rejected records
    /// counted by reason, and the names of the unsur the table names.
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
        let top = self.units.iter().map(|u| u.depth).min().unwrap_or(0);
        let mut lines: Vec<Line<'_>> = Vec::new();
        // the target and profile lines, each printed before the table line of this position
        let mut targets: Vec<(usize, String)> = Vec::new();
        for u in &self.units {
            let indent = "  ".repeat(u.depth - top);
            lines.push(Line {
                label: format!("{indent}{}", u.unit.as_str()),
                cells: u
                    .indices
                    .iter()
                    .map(|i| (&i.index, !i.sample_adequate, &i.items))
                    .collect(),
            });
            for t in &u.targets {
                let met = if t.met { "met" } else { "not met" };
                targets.push((
                    lines.len(),
                    format!(
                        "{indent}  target {}: {} of {} ({}%), {met}",
                        t.period, t.achieved, t.target, t.percent
                    ),
                ));
            }
            for column in u.profile.iter().flatten() {
                let mut text = format!("{indent}  {}:", printable(&column.column));
                for (k, v) in column.values.iter().enumerate() {
                    let sep = if k == 0 { " " } else { ", " };
                    let value = if v.value.is_empty() {
                        "(kosong)".to_owned()
                    } else {
                        printable(&v.value)
                    };
                    match v.respondents {
                        Some(n) => text += &format!("{sep}{value} {n}"),
                        None => text += &format!("{sep}{value} <{}", self.min_cell),
                    }
                }
                targets.push((lines.len(), text));
            }
            for s in u.services.iter().flatten() {
                lines.push(Line {
                    label: format!("{indent}  - {}", s.service.as_str()),
                    cells: s
                        .indices
                        .iter()
                        .map(|i| (&i.index, false, &i.items))
                        .collect(),
                });
            }
            for p in u.series.iter().flatten() {
                lines.push(Line {
                    label: format!("{indent}  - {}", p.period),
                    cells: p
                        .indices
                        .iter()
                        .map(|i| (&i.index, false, &i.items))
                        .collect(),
                });
            }
        }
        let label_w = lines
            .iter()
            .map(|l| l.label.chars().count())
            .max()
            .unwrap_or(4)
            .max(4);
        write!(f, "{:<label_w$}", "unit")?;
        for (_, abbr) in &columns {
            write!(
                f,
                "  {:>7} {:>9} {:>6} {:>5}",
                "n",
                format!("{abbr} 1-4"),
                "0-100",
                "grade"
            )?;
        }
        writeln!(f, "  lowest unsur")?;
        let mut pending = targets.iter().peekable();
        for (position, line) in lines.iter().enumerate() {
            while let Some((_, text)) = pending.next_if(|(at, _)| *at == position) {
                writeln!(f, "{text}")?;
            }
            write!(f, "{:<label_w$}", line.label)?;
            for (code, _) in &columns {
                match line.cells.iter().find(|(i, _, _)| &i.instrument == *code) {
                    Some((i, below, _)) => {
                        let mark = if *below { '*' } else { ' ' };
                        write!(
                            f,
                            "  {:>6}{mark} {:>9} {:>6} {:>5}",
                            i.respondents, i.index4, i.index100, i.grade
                        )?;
                    }
                    None => write!(f, "  {:>7} {:>9} {:>6} {:>5}", "- ", "-", "-", "-")?,
                }
            }
            f.write_str("  ")?;
            line.write_lowest(f)?;
            writeln!(f)?;
        }
        for (_, text) in pending {
            writeln!(f, "{text}")?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "n: respondents with an answer on the index; * fewer than the unit needs \
             (Krejcie-Morgan for its population, else 30)"
        )?;
        if self.units.iter().any(|u| u.profile.is_some()) && self.min_cell > 1 {
            writeln!(
                f,
                "<{}: fewer than {} respondents, or hidden so that such a count cannot be \
                 worked out (disclosure control)",
                self.min_cell, self.min_cell
            )?;
        }
        // the names of the unsur the lowest column names, in questionnaire order
        let lowest: HashSet<&ItemCode> = lines
            .iter()
            .flat_map(|l| l.cells.iter().flat_map(|(_, _, items)| &items.lowest))
            .collect();
        let named: Vec<&(ItemCode, String)> = self
            .items
            .iter()
            .filter(|(code, _)| lowest.contains(code))
            .collect();
        if !named.is_empty() {
            writeln!(f, "lowest unsur (unsur prioritas perbaikan):")?;
            for (code, label) in named {
                writeln!(f, "  {:<8} {label}", code.as_str())?;
            }
        }
        if let Some(period) = self.period {
            writeln!(
                f,
                "period {period}: {} of the {} accepted responses",
                self.in_period, self.accepted
            )?;
        }
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
