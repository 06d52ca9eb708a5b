//! The documents people open from a [`persepsi::Report`]: an Excel workbook ([`write_xlsx`])
//! and a self-contained HTML page with inline SVG charts ([`html`]), labelled in Indonesian.
//!
//! Both are made from the same [`Report`](persepsi::Report) as its JSON (report schema v2) and show its numbers
//! as printed there, rounded once, half away from zero: a workbook cell holds the binary64
//! value nearest the printed decimal, with a number format that shows its decimals. Text from a
//! user (unit and service names of a catalog, response ids and profile values of a file) is
//! inert: escaped in the page, never a formula in the workbook.
//!
//! ```
//! use persepsi::{Catalog, Questionnaire, Report, ReportOptions, Survey};
//! use persepsi_render::Meta;
//!
//! let mut survey = Survey::new(Catalog::kemenkum_2025(), Questionnaire::ikm());
//! survey.read_csv("response_id,date,unit,service,U1,U2,U3,U4,U5,U6,U7,U8,U9\n\
//!                  R1,2025-01-05,KW-NTT-TU,UMUM-INFORMASI,4,4,3,4,4,3,4,4,4\n".as_bytes())?;
//! let report = Report::with_options(&survey, &ReportOptions::default())?;
//! let page = persepsi_render::html(&report, &Meta::new("responses.csv"));
//! // U1..U9 = 4,4,3,4,4,3,4,4,4: raw 34/9 = 3.7778, x25 = 94.44, grade A
//! assert!(page.contains(r#"data-col="IKM (0-100)">94.44</td>"#));
//! assert!(page.contains(r#"data-col="IKM Mutu">A (Sangat Baik)</td>"#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod error;
mod html;
mod meta;
mod number;
mod text;
mod xlsx;

pub use error::RenderError;
pub use html::html;
pub use meta::Meta;
pub use xlsx::write_xlsx;
