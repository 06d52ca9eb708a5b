//! The built-in Kementerian Hukum 2025 catalog (with or without the `serde` feature): its Rust
//! tables against its JSON.
//!
//! The tables (`src/catalog/kemenkum/tables.rs`) are generated from `data/kemenkum-2025.json` by
//! `tables_are_generated_from_the_json`: after editing the JSON, regenerate them with
//! `PERSEPSI_REGENERATE=1 cargo test --test kemenkum` and commit both.

use persepsi::*;

// ---------------------------------------------------------------------------------------------
// The Rust tables against the JSON
// ---------------------------------------------------------------------------------------------

#[cfg(feature = "serde")]
const TABLES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/src/catalog/kemenkum/tables.rs"
);

#[test]
fn is_built_once() {
    let (a, b) = (Catalog::kemenkum_2025(), Catalog::kemenkum_2025());
    assert!(std::sync::Arc::ptr_eq(&a, &b));
}

#[cfg(feature = "serde")]
#[test]
fn tables_equal_the_json() {
    let json = Catalog::from_json(KEMENKUM_2025).expect("the built-in JSON reads");
    // the JSON texts first: their difference reads better than the catalogs'
    assert_eq!(Catalog::kemenkum_2025().to_json(), json.to_json());
    assert!(*Catalog::kemenkum_2025() == json);
}

/// The tables' source, written from the catalog the JSON reads to: one line per entry, string
/// literals in Rust's `{:?}` form, no formatting by rustfmt.
#[cfg(feature = "serde")]
fn tables_source(c: &Catalog) -> String {
    use std::fmt::Write;
    let mut s = String::from(
        "//! The built-in Kementerian Hukum 2025 catalog as Rust tables, in the order of its JSON.\n\
         //!\n\
         //! Generated from `data/kemenkum-2025.json` by `tests/kemenkum.rs`: do not edit. After\n\
         //! editing the JSON, run `PERSEPSI_REGENERATE=1 cargo test --test kemenkum`.\n\n\
         use super::{AreaRow, OfferRow, ServiceRow, UnitRow};\n\n",
    );
    let name = c.name();
    let _ = writeln!(
        s,
        "/// The catalog's name.\npub(super) const NAME: Option<&str> = {name:?};"
    );
    s.push_str(
        "\n/// Declared areas.\n#[rustfmt::skip]\n\
         pub(super) const AREAS: &[AreaRow] = &[\n",
    );
    let json: serde_json::Value = serde_json::from_str(&c.to_json()).expect("to_json is JSON");
    let declared = json.get("areas").is_some();
    for a in c.areas().iter().filter(|_| declared) {
        let (code, name, parent) = (
            a.code().as_str(),
            a.name(),
            a.parent().map(AreaCode::as_str),
        );
        let _ = writeln!(s, "    ({code:?}, {name:?}, {parent:?}),");
    }
    s.push_str(
        "];\n\n/// Units.\n#[rustfmt::skip]\n\
         pub(super) const UNITS: &[UnitRow] = &[\n",
    );
    for u in c.units() {
        let (code, name, kind) = (u.code().as_str(), u.name(), u.kind().to_string());
        let (parent, population) = (u.parent().map(UnitCode::as_str), u.population());
        let _ = writeln!(
            s,
            "    ({code:?}, {name:?}, {kind:?}, {parent:?}, {population:?}),"
        );
    }
    s.push_str(
        "];\n\n/// Services.\n#[rustfmt::skip]\n\
         pub(super) const SERVICES: &[ServiceRow] = &[\n",
    );
    for v in c.services() {
        let (code, name, area) = (v.code().as_str(), v.name(), v.area().as_str());
        let _ = writeln!(s, "    ({code:?}, {name:?}, {area:?}),");
    }
    s.push_str(
        "];\n\n/// Offers entries.\n#[rustfmt::skip]\n\
         pub(super) const OFFERS: &[OfferRow] = &[\n",
    );
    for (u, services) in c.offer_entries() {
        let services: Vec<&str> = services
            .iter()
            .map(|&v| c.service(v).code().as_str())
            .collect();
        let _ = writeln!(s, "    ({:?}, &{services:?}),", c.unit(u).code().as_str());
    }
    s.push_str("];\n");
    s
}

/// The tables are the JSON's, line for line; `PERSEPSI_REGENERATE=1` writes them from it.
#[cfg(feature = "serde")]
#[test]
fn tables_are_generated_from_the_json() {
    let json = Catalog::from_json(KEMENKUM_2025).expect("the built-in JSON reads");
    let want = tables_source(&json);
    if std::env::var_os("PERSEPSI_REGENERATE").is_some() {
        std::fs::write(TABLES, &want).expect("write the tables");
    }
    let have = std::fs::read_to_string(TABLES).expect("read the tables");
    assert!(
        have == want,
        "{TABLES} is not generated from data/kemenkum-2025.json: run \
         `PERSEPSI_REGENERATE=1 cargo test --test kemenkum`"
    );
}
