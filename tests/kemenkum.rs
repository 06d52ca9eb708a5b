//! The built-in Kementerian Hukum 2025 catalog (with or without the `serde` feature): its
//! units, areas, services and offers, traversals of it, and its Rust tables against its JSON.
//!
//! The tables (`src/catalog/kemenkum/tables.rs`) are generated from `data/kemenkum-2025.json` by
//! `tables_are_generated_from_the_json`: after editing the JSON, regenerate them with
//! `PERSEPSI_REGENERATE=1 cargo test --test kemenkum` and commit both.

use persepsi::*;

const ESELON1: [&str; 8] = [
    "SETJEN", "ITJEN", "DJPP", "DJAHU", "DJKI", "BPHN", "BSK", "BPSDM",
];
const BHP: [&str; 5] = [
    "BHP-JAKARTA",
    "BHP-SEMARANG",
    "BHP-SURABAYA",
    "BHP-MEDAN",
    "BHP-MAKASSAR",
];
const KANWIL: [&str; 33] = [
    "KW-ACEH",
    "KW-SUMUT",
    "KW-SUMBAR",
    "KW-RIAU",
    "KW-KEPRI",
    "KW-JAMBI",
    "KW-SUMSEL",
    "KW-BABEL",
    "KW-BENGKULU",
    "KW-LAMPUNG",
    "KW-DKI",
    "KW-JABAR",
    "KW-BANTEN",
    "KW-JATENG",
    "KW-DIY",
    "KW-JATIM",
    "KW-BALI",
    "KW-NTB",
    "KW-NTT",
    "KW-KALBAR",
    "KW-KALTENG",
    "KW-KALSEL",
    "KW-KALTIM",
    "KW-SULUT",
    "KW-GORONTALO",
    "KW-SULTENG",
    "KW-SULBAR",
    "KW-SULSEL",
    "KW-SULTRA",
    "KW-MALUKU",
    "KW-MALUT",
    "KW-PAPUA",
    "KW-PABAR",
];

fn id(catalog: &Catalog, code: &str) -> UnitId {
    catalog
        .unit_id(code)
        .unwrap_or_else(|| panic!("unit {code} is in the catalog"))
}

fn codes(catalog: &Catalog, ids: impl Iterator<Item = UnitId>) -> Vec<String> {
    ids.map(|u| unit(catalog, u).code().to_string()).collect()
}

fn unit(catalog: &Catalog, id: UnitId) -> &Unit {
    catalog.unit(id).expect("an id of this catalog")
}

// ---------------------------------------------------------------------------------------------
// The built-in catalog
// ---------------------------------------------------------------------------------------------

#[test]
fn kemenkum_has_one_ministry_root() {
    let c = Catalog::kemenkum_2025();
    let roots: Vec<&Unit> = c.units().iter().filter(|u| u.parent().is_none()).collect();
    assert_eq!(roots.len(), 1);
    assert_eq!(roots[0].code().as_str(), "KEMENKUM");
    assert_eq!(roots[0].kind(), &UnitKind::Ministry);
    assert_eq!(unit(&c, c.root()).code().as_str(), "KEMENKUM");
    assert_eq!(c.parent(c.root()), None);
    let ministries = c
        .units()
        .iter()
        .filter(|u| *u.kind() == UnitKind::Ministry)
        .count();
    assert_eq!(ministries, 1);
    // 1 ministry + 8 Eselon I + 5 BHP + 33 Kanwil x (1 + 3 sub-units)
    assert_eq!(c.units().len(), 1 + 8 + 5 + 33 * 4);
}

#[test]
fn kemenkum_has_the_eight_eselon1_units() {
    let c = Catalog::kemenkum_2025();
    let eselon1: Vec<&str> = c
        .units()
        .iter()
        .filter(|u| *u.kind() == UnitKind::Eselon1)
        .map(|u| u.code().as_str())
        .collect();
    assert_eq!(eselon1, ESELON1);
    for code in ESELON1 {
        assert_eq!(c.parent(id(&c, code)), Some(c.root()), "{code}");
    }
}

#[test]
fn kemenkum_has_33_kanwil_each_with_three_divisions() {
    let c = Catalog::kemenkum_2025();
    let kanwil: Vec<&str> = c
        .units()
        .iter()
        .filter(|u| *u.kind() == UnitKind::Kanwil)
        .map(|u| u.code().as_str())
        .collect();
    assert_eq!(kanwil, KANWIL);
    for kw in KANWIL {
        let k = id(&c, kw);
        assert_eq!(c.parent(k), Some(c.root()), "{kw}");
        let children = codes(&c, c.children(k));
        assert_eq!(
            children,
            [
                format!("{kw}-TU"),
                format!("{kw}-YANKUM"),
                format!("{kw}-P3H")
            ],
            "{kw}"
        );
        for child in c.children(k) {
            assert_eq!(unit(&c, child).kind(), &UnitKind::Division, "{kw}");
            assert_eq!(c.children(child).count(), 0, "{kw}: divisions are leaves");
        }
    }
}

#[test]
fn kemenkum_has_five_bhp_under_djahu() {
    let c = Catalog::kemenkum_2025();
    let upt: Vec<&Unit> = c
        .units()
        .iter()
        .filter(|u| *u.kind() == UnitKind::Upt)
        .collect();
    let upt_codes: Vec<&str> = upt.iter().map(|u| u.code().as_str()).collect();
    assert_eq!(upt_codes, BHP);
    for u in upt {
        assert_eq!(u.parent().map(UnitCode::as_str), Some("DJAHU"));
    }
    assert_eq!(codes(&c, c.children(id(&c, "DJAHU"))), BHP);
}

#[test]
fn every_kanwil_offers_ahu_ki_and_p3h_services_through_its_divisions() {
    let c = Catalog::kemenkum_2025();
    let area = |code: &str| c.area_id(code).unwrap_or_else(|| panic!("area {code}"));
    let (ahu, ki, p3h) = (area("AHU"), area("KI"), area("P3H"));
    // PUU and BINKUM both nest in P3H
    assert!(c.area_is_within(area("PUU"), p3h));
    assert!(c.area_is_within(area("BINKUM"), p3h));
    assert!(!c.area_is_within(ahu, p3h));
    for kw in KANWIL {
        let offered: Vec<ServiceId> = c
            .children(id(&c, kw))
            .flat_map(|d| c.offered(d).iter().copied())
            .collect();
        let has = |within: AreaId| {
            offered.iter().any(|&s| {
                c.service_area(s)
                    .is_some_and(|a| c.area_is_within(a, within))
            })
        };
        assert!(has(ahu), "{kw} offers no AHU service");
        assert!(has(ki), "{kw} offers no KI service");
        assert!(has(p3h), "{kw} offers no PUU/BINKUM service");
    }
}

#[test]
fn parpol_lokal_is_offered_by_kanwil_aceh_only() {
    let c = Catalog::kemenkum_2025();
    let parpol = c.service_id("AHU-PARPOL-LOKAL").expect("service");
    assert!(c.offers(id(&c, "KW-ACEH-YANKUM"), parpol));
    let kanwil_units_offering: Vec<&str> = c
        .unit_ids()
        .filter(|&u| KANWIL.iter().any(|kw| c.is_within(u, id(&c, kw))))
        .filter(|&u| c.offers(u, parpol))
        .map(|u| unit(&c, u).code().as_str())
        .collect();
    assert_eq!(kanwil_units_offering, ["KW-ACEH-YANKUM"]);
}

#[test]
fn offers_are_not_inherited() {
    let c = Catalog::kemenkum_2025();
    let ntt = id(&c, "KW-NTT");
    assert!(c.offered(ntt).is_empty());
    for s in 0..c.services().len() {
        let sid = c
            .service_id(c.services()[s].code().as_str())
            .expect("service");
        assert!(
            !c.offers(ntt, sid),
            "KW-NTT offers {}",
            c.services()[s].code()
        );
        assert!(
            !c.offers(c.root(), sid),
            "KEMENKUM offers {}",
            c.services()[s].code()
        );
    }
    // the division offers KI-MEREK, its Kanwil does not
    let merek = c.service_id("KI-MEREK").expect("service");
    assert!(c.offers(id(&c, "KW-NTT-YANKUM"), merek));
    assert!(!c.offers(id(&c, "KW-NTT-TU"), merek));
}

// ---------------------------------------------------------------------------------------------
// Traversals of the built-in catalog
// ---------------------------------------------------------------------------------------------

#[test]
fn traversals_of_kw_ntt() {
    let c = Catalog::kemenkum_2025();
    let ntt = id(&c, "KW-NTT");
    assert_eq!(
        codes(&c, c.children(ntt)),
        ["KW-NTT-TU", "KW-NTT-YANKUM", "KW-NTT-P3H"]
    );
    assert_eq!(c.children(ntt).len(), 3);
    assert_eq!(codes(&c, c.ancestors(ntt)), ["KEMENKUM"]);
    assert_eq!(
        codes(&c, c.ancestors(id(&c, "KW-NTT-P3H"))),
        ["KW-NTT", "KEMENKUM"]
    );
    assert_eq!(
        codes(&c, c.descendants(ntt)),
        ["KW-NTT", "KW-NTT-TU", "KW-NTT-YANKUM", "KW-NTT-P3H"]
    );
    assert_eq!(
        codes(&c, c.descendants(id(&c, "KW-NTT-YANKUM"))),
        ["KW-NTT-YANKUM"]
    );
    assert!(c.is_within(id(&c, "KW-NTT-P3H"), ntt));
    assert!(c.is_within(ntt, ntt));
    assert!(!c.is_within(ntt, id(&c, "KW-NTT-P3H")));
    assert!(!c.is_within(id(&c, "KW-NTB-P3H"), ntt));
}

#[test]
fn traversals_of_djahu() {
    let c = Catalog::kemenkum_2025();
    let djahu = id(&c, "DJAHU");
    assert_eq!(codes(&c, c.children(djahu)), BHP);
    assert_eq!(codes(&c, c.ancestors(djahu)), ["KEMENKUM"]);
    assert_eq!(
        codes(&c, c.ancestors(id(&c, "BHP-MEDAN"))),
        ["DJAHU", "KEMENKUM"]
    );
    assert_eq!(
        codes(&c, c.descendants(djahu)),
        [
            "DJAHU",
            "BHP-JAKARTA",
            "BHP-SEMARANG",
            "BHP-SURABAYA",
            "BHP-MEDAN",
            "BHP-MAKASSAR"
        ]
    );
    assert_eq!(codes(&c, c.ancestors(c.root())), Vec::<String>::new());
}

#[test]
fn descendants_of_the_root_are_preorder() {
    let c = Catalog::kemenkum_2025();
    let all = codes(&c, c.descendants(c.root()));
    assert_eq!(all.len(), c.units().len());
    let mut expected = vec!["KEMENKUM".to_owned()];
    for e in ESELON1 {
        expected.push(e.to_owned());
        if e == "DJAHU" {
            expected.extend(BHP.iter().map(|b| b.to_string()));
        }
    }
    for kw in KANWIL {
        expected.push(kw.to_owned());
        for d in ["TU", "YANKUM", "P3H"] {
            expected.push(format!("{kw}-{d}"));
        }
    }
    assert_eq!(all, expected);
}

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
    // one catalog, so one set of ids
    assert!(b.contains_unit(a.root()));
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
            .map(|&v| {
                c.service(v)
                    .expect("a service of this catalog")
                    .code()
                    .as_str()
            })
            .collect();
        let _ = writeln!(s, "    ({:?}, &{services:?}),", unit(c, u).code().as_str());
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
