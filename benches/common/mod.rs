//! Shared, seeded benchmark data.
pub mod data;
