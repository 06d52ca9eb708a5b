//! Prints the built-in Kementerian Hukum 2025 catalog as schema-v1 JSON: the starting point for a
//! user's own mapping.
//!
//! ```text
//! cargo run --example catalog > my-catalog.json
//! ```

use std::io::Write;

fn main() {
    let json = persepsi::Catalog::kemenkum_2025().to_json();
    let mut out = std::io::stdout().lock();
    // a closed pipe is not an error here
    let _ = writeln!(out, "{json}");
}
