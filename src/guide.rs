//! A guide to the crate, to read before its code: documentation only, no items.
//!
//! - [`pipeline`]: the way from a catalog and a questionnaire to a report, stage by stage, in
//!   one runnable example; which type lives in which file.
//! - [`extending`]: how to add an instrument, a reject reason or a report field, and every
//!   place each one touches.
//!
//! The crate's own docs hold the rules these follow: "Precision and rounding" (count in
//! integers, keep exact fractions, round once) and "Errors and panics".

pub mod extending;
pub mod pipeline;
