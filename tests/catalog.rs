//! The catalog: every `CatalogError`, the schema-v1 round trip, traversals of built catalogs,
//! and order-independence of building (the built-in catalog: tests/kemenkum.rs).
#![cfg(feature = "serde")]

use persepsi::*;
use proptest::prelude::*;
use serde_json::{Value, json};

fn id(catalog: &Catalog, code: &str) -> UnitId {
    catalog
        .unit_id(code)
        .unwrap_or_else(|| panic!("unit {code} is in the catalog"))
}

fn codes(catalog: &Catalog, ids: impl Iterator<Item = UnitId>) -> Vec<String> {
    ids.map(|u| {
        catalog
            .unit(u)
            .expect("a unit of this catalog")
            .code()
            .to_string()
    })
    .collect()
}

fn unit_code(s: &str) -> UnitCode {
    UnitCode::new(s).expect("valid unit code")
}

fn area_code(s: &str) -> AreaCode {
    AreaCode::new(s).expect("valid area code")
}

fn service_code(s: &str) -> ServiceCode {
    ServiceCode::new(s).expect("valid service code")
}

// ---------------------------------------------------------------------------------------------
// Traversals (of the built-in catalog: tests/kemenkum.rs)
// ---------------------------------------------------------------------------------------------

#[test]
fn deep_valid_chain_traverses_without_recursion() {
    // 20,000 units, each the child of the previous one
    let n = 20_000;
    let units: Vec<Value> = (0..n)
        .map(|i| {
            json!({"code": format!("U{i}"), "name": "u", "kind": "division",
                   "parent": if i == 0 { Value::Null } else { json!(format!("U{}", i - 1)) }})
        })
        .collect();
    let text = json!({"units": units, "services": [], "offers": []}).to_string();
    let c = on_small_stack(move || Catalog::from_json(&text)).expect("chain builds");
    assert_eq!(c.descendants(c.root()).count(), n);
    assert_eq!(c.ancestors(id(&c, &format!("U{}", n - 1))).count(), n - 1);
}

#[test]
fn offers_with_more_than_64_services() {
    // 130 services span three 64-bit words per unit
    let services: Vec<Value> = (0..130).map(|i| service(&format!("S{i}"), "X")).collect();
    let picked = [0, 1, 63, 64, 65, 127, 128, 129];
    let names: Vec<String> = picked.iter().map(|i| format!("S{i}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let text = catalog_json(
        vec![unit("A", None), unit("B", Some("A")), unit("C", Some("A"))],
        services,
        vec![offer("C", &["S64"]), offer("B", &names)],
    );
    let c = Catalog::from_json(&text).expect("builds");
    for i in 0..130 {
        let s = c.service_id(&format!("S{i}")).expect("service");
        assert_eq!(
            c.offers(id(&c, "B"), s),
            picked.contains(&i),
            "B offers S{i}"
        );
        assert_eq!(c.offers(id(&c, "C"), s), i == 64, "C offers S{i}");
        assert!(!c.offers(id(&c, "A"), s), "A offers S{i}");
    }
    assert_eq!(Catalog::from_json(&c.to_json()).expect("round trip"), c);
}

// ---------------------------------------------------------------------------------------------
// Catalog errors
// ---------------------------------------------------------------------------------------------

fn unit(code: &str, parent: Option<&str>) -> Value {
    json!({"code": code, "name": code, "kind": "division", "parent": parent})
}

fn catalog_json(units: Vec<Value>, services: Vec<Value>, offers: Vec<Value>) -> String {
    json!({"units": units, "services": services, "offers": offers}).to_string()
}

fn service(code: &str, area: &str) -> Value {
    json!({"code": code, "name": code, "area": area})
}

fn offer(unit: &str, services: &[&str]) -> Value {
    json!({"unit": unit, "services": services})
}

fn err(text: &str) -> CatalogError {
    Catalog::from_json(text).expect_err("catalog must be refused")
}

/// Runs `f` on a thread with a 256 KiB stack: recursion over a long chain would overflow it.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("no stack overflow or panic")
}

#[test]
fn error_json_not_json() {
    assert!(matches!(err("not json"), CatalogError::Json { .. }));
    assert!(matches!(err(""), CatalogError::Json { .. }));
    assert!(matches!(err("[]"), CatalogError::Json { .. }));
}

#[test]
fn error_json_missing_units() {
    let e = err(r#"{"services": [], "offers": []}"#);
    match e {
        CatalogError::Json { message } => assert!(message.contains("units"), "{message}"),
        other => panic!("expected Json, got {other:?}"),
    }
}

#[test]
fn error_json_wrong_field_type() {
    assert!(matches!(
        err(r#"{"units": "KEMENKUM", "services": [], "offers": []}"#),
        CatalogError::Json { .. }
    ));
    assert!(matches!(
        err(r#"{"schema": "1", "units": [], "services": [], "offers": []}"#),
        CatalogError::Json { .. }
    ));
}

#[test]
fn error_unsupported_schema() {
    let text = json!({"schema": 2, "units": [unit("A", None)], "services": [], "offers": []});
    assert_eq!(
        err(&text.to_string()),
        CatalogError::UnsupportedSchema { schema: 2 }
    );
    // schema 1 and no schema are both fine
    let one = json!({"schema": 1, "units": [unit("A", None)], "services": [], "offers": []});
    assert!(Catalog::from_json(&one.to_string()).is_ok());
    assert!(Catalog::from_json(&catalog_json(vec![unit("A", None)], vec![], vec![])).is_ok());
}

#[test]
fn error_code_with_a_space() {
    let e = err(&catalog_json(
        vec![unit("A", None), unit("KW NTT", Some("A"))],
        vec![],
        vec![],
    ));
    assert_eq!(
        e,
        CatalogError::Code(CodeError {
            what: "unit",
            text: "KW NTT".into()
        })
    );
    // a bad service code in an offers entry is refused as a service code
    let e = err(&catalog_json(
        vec![unit("A", None)],
        vec![service("S", "X")],
        vec![offer("A", &["S 1"])],
    ));
    assert_eq!(
        e,
        CatalogError::Code(CodeError {
            what: "service",
            text: "S 1".into()
        })
    );
}

#[test]
fn error_no_units() {
    assert_eq!(
        err(&catalog_json(vec![], vec![], vec![])),
        CatalogError::NoUnits
    );
    assert_eq!(Catalog::builder().build(), Err(CatalogError::NoUnits));
}

#[test]
fn error_duplicate_unit() {
    let e = err(&catalog_json(
        vec![unit("A", None), unit("B", Some("A")), unit("B", Some("A"))],
        vec![],
        vec![],
    ));
    assert_eq!(
        e,
        CatalogError::DuplicateUnit {
            unit: unit_code("B")
        }
    );
}

#[test]
fn error_unknown_parent() {
    let e = err(&catalog_json(
        vec![unit("A", None), unit("B", Some("C"))],
        vec![],
        vec![],
    ));
    assert_eq!(
        e,
        CatalogError::UnknownParent {
            unit: unit_code("B"),
            parent: unit_code("C")
        }
    );
    assert_eq!(e.to_string(), "unit B names unknown parent C");
}

#[test]
fn error_two_roots() {
    let e = err(&catalog_json(
        vec![unit("A", None), unit("X", Some("A")), unit("B", None)],
        vec![],
        vec![],
    ));
    assert_eq!(
        e,
        CatalogError::TwoRoots {
            first: unit_code("A"),
            second: unit_code("B")
        }
    );
}

#[test]
fn error_cycle_of_two_under_a_root() {
    let e = err(&catalog_json(
        vec![unit("R", None), unit("A", Some("B")), unit("B", Some("A"))],
        vec![],
        vec![],
    ));
    match e {
        CatalogError::Cycle { unit } => {
            assert!(
                ["A", "B"].contains(&unit.as_str()),
                "{unit} is not on the cycle"
            )
        }
        other => panic!("expected Cycle, got {other:?}"),
    }
}

#[test]
fn error_cycle_self_parent_and_no_root() {
    let e = err(&catalog_json(
        vec![unit("R", None), unit("A", Some("A"))],
        vec![],
        vec![],
    ));
    assert_eq!(
        e,
        CatalogError::Cycle {
            unit: unit_code("A")
        }
    );
    // every unit has a parent: there is no root, so the parents must loop
    let e = err(&catalog_json(
        vec![
            unit("A", Some("B")),
            unit("B", Some("C")),
            unit("C", Some("B")),
        ],
        vec![],
        vec![],
    ));
    match e {
        CatalogError::Cycle { unit } => {
            assert!(
                ["B", "C"].contains(&unit.as_str()),
                "{unit} is not on the cycle"
            )
        }
        other => panic!("expected Cycle, got {other:?}"),
    }
}

#[test]
fn error_cycle_at_the_end_of_a_1000_deep_chain() {
    // U0 -> U1 -> ... -> U999 -> U500: a tail of 500 units leading into a loop of 500, beside a
    // valid root R. Only U500..U999 are on the cycle.
    let mut units = vec![unit("R", None)];
    for i in 0..1000 {
        let parent = if i == 999 { 500 } else { i + 1 };
        units.push(unit(&format!("U{i}"), Some(&format!("U{parent}"))));
    }
    let text = catalog_json(units, vec![], vec![]);
    let e = on_small_stack(move || err(&text));
    match e {
        CatalogError::Cycle { unit } => {
            let n: usize = unit.as_str()[1..].parse().expect("a U unit");
            assert!((500..1000).contains(&n), "{unit} is not on the cycle");
        }
        other => panic!("expected Cycle, got {other:?}"),
    }
}

#[test]
fn error_duplicate_area() {
    let text = json!({
        "areas": [{"code": "X", "name": "X"}, {"code": "X", "name": "X again"}],
        "units": [unit("A", None)], "services": [], "offers": []});
    assert_eq!(
        err(&text.to_string()),
        CatalogError::DuplicateArea {
            area: area_code("X")
        }
    );
}

#[test]
fn error_unknown_area_parent() {
    let text = json!({
        "areas": [{"code": "X", "name": "X", "parent": "Y"}],
        "units": [unit("A", None)], "services": [], "offers": []});
    assert_eq!(
        err(&text.to_string()),
        CatalogError::UnknownAreaParent {
            area: area_code("X"),
            parent: area_code("Y")
        }
    );
}

#[test]
fn error_area_cycle() {
    let text = json!({
        "areas": [{"code": "TOP", "name": "top"},
                  {"code": "X", "name": "X", "parent": "Y"},
                  {"code": "Y", "name": "Y", "parent": "X"}],
        "units": [unit("A", None)], "services": [], "offers": []});
    match err(&text.to_string()) {
        CatalogError::AreaCycle { area } => {
            assert!(
                ["X", "Y"].contains(&area.as_str()),
                "{area} is not on the cycle"
            )
        }
        other => panic!("expected AreaCycle, got {other:?}"),
    }
    let text = json!({
        "areas": [{"code": "X", "name": "X", "parent": "X"}],
        "units": [unit("A", None)], "services": [], "offers": []});
    assert_eq!(
        err(&text.to_string()),
        CatalogError::AreaCycle {
            area: area_code("X")
        }
    );
}

#[test]
fn error_duplicate_service() {
    let e = err(&catalog_json(
        vec![unit("A", None)],
        vec![service("S", "X"), service("S", "Y")],
        vec![],
    ));
    assert_eq!(
        e,
        CatalogError::DuplicateService {
            service: service_code("S")
        }
    );
}

#[test]
fn error_unknown_area_only_when_areas_are_declared() {
    let text = json!({
        "areas": [{"code": "X", "name": "X"}],
        "units": [unit("A", None)],
        "services": [service("S", "X"), service("T", "Y")],
        "offers": []});
    assert_eq!(
        err(&text.to_string()),
        CatalogError::UnknownArea {
            service: service_code("T"),
            area: area_code("Y")
        }
    );
    // without declared areas, each area a service names is a top-level area
    let c = Catalog::from_json(&catalog_json(
        vec![unit("A", None)],
        vec![service("S", "X"), service("T", "Y"), service("U", "X")],
        vec![],
    ))
    .expect("implied areas");
    let areas: Vec<(&str, Option<&AreaCode>)> = c
        .areas()
        .iter()
        .map(|a| (a.code().as_str(), a.parent()))
        .collect();
    assert_eq!(areas, [("X", None), ("Y", None)]);
}

#[test]
fn error_offer_unknown_unit() {
    let e = err(&catalog_json(
        vec![unit("A", None)],
        vec![service("S", "X")],
        vec![offer("Q", &["S"])],
    ));
    assert_eq!(
        e,
        CatalogError::OfferUnknownUnit {
            unit: unit_code("Q")
        }
    );
}

#[test]
fn error_offer_unknown_service() {
    let e = err(&catalog_json(
        vec![unit("A", None)],
        vec![service("S", "X")],
        vec![offer("A", &["S", "T"])],
    ));
    assert_eq!(
        e,
        CatalogError::OfferUnknownService {
            unit: unit_code("A"),
            service: service_code("T")
        }
    );
}

#[test]
fn error_duplicate_offers() {
    let e = err(&catalog_json(
        vec![unit("A", None), unit("B", Some("A"))],
        vec![service("S", "X"), service("T", "X")],
        vec![offer("B", &["S"]), offer("A", &["S"]), offer("B", &["T"])],
    ));
    assert_eq!(
        e,
        CatalogError::DuplicateOffers {
            unit: unit_code("B")
        }
    );
}

#[test]
fn error_duplicate_offered_service() {
    let e = err(&catalog_json(
        vec![unit("A", None)],
        vec![service("S", "X"), service("T", "X")],
        vec![offer("A", &["S", "T", "S"])],
    ));
    assert_eq!(
        e,
        CatalogError::DuplicateOfferedService {
            unit: unit_code("A"),
            service: service_code("S")
        }
    );
}

#[test]
fn extra_fields_anywhere_are_tolerated() {
    let plain = json!({
        "name": "demo",
        "areas": [{"code": "X", "name": "X"}],
        "units": [unit("A", None), unit("B", Some("A"))],
        "services": [service("S", "X")],
        "offers": [offer("B", &["S"])]});
    let extra = json!({
        "name": "demo",
        "comment": "top-level extra",
        "version": {"nested": [1, 2, 3]},
        "areas": [{"code": "X", "name": "X", "colour": "blue"}],
        "units": [
            {"code": "A", "name": "A", "kind": "division", "parent": null, "address": "Jakarta"},
            {"code": "B", "name": "B", "kind": "division", "parent": "A", "tags": ["x"]}],
        "services": [{"code": "S", "name": "S", "area": "X", "fee": 0}],
        "offers": [{"unit": "B", "services": ["S"], "since": "2025-01-01"}]});
    let a = Catalog::from_json(&plain.to_string()).expect("plain");
    let b = Catalog::from_json(&extra.to_string()).expect("extra fields are ignored");
    assert_eq!(a, b);
}

// ---------------------------------------------------------------------------------------------
// Round trip
// ---------------------------------------------------------------------------------------------

fn small_catalog_without_areas() -> Catalog {
    Catalog::builder()
        .name("Kecil")
        .add_unit(Unit::new(unit_code("R"), "Root", UnitKind::Ministry, None).with_population(900))
        .unit(
            unit_code("K"),
            "Kanwil",
            UnitKind::Kanwil,
            Some(unit_code("R")),
        )
        .unit(
            unit_code("K-X"),
            "Kabupaten",
            "kabupaten".parse().expect("infallible"),
            Some(unit_code("K")),
        )
        .service(service_code("S1"), "Layanan satu", area_code("A1"))
        .service(service_code("S2"), "Layanan dua", area_code("A2"))
        .offer(
            unit_code("K-X"),
            vec![service_code("S2"), service_code("S1")],
        )
        .offer(unit_code("R"), vec![])
        .build()
        .expect("small catalog")
}

#[test]
fn round_trip_builtin_catalog() {
    let c = Catalog::kemenkum_2025();
    let back = Catalog::from_json(&c.to_json()).expect("reads its own JSON");
    assert_eq!(back, *c);
    assert_eq!(back.to_json(), c.to_json());
    assert_eq!(Catalog::from_json(KEMENKUM_2025).expect("built-in"), *c);
}

#[test]
fn round_trip_small_catalog_without_areas() {
    let c = small_catalog_without_areas();
    let text = c.to_json();
    let v: Value = serde_json::from_str(&text).expect("to_json is JSON");
    assert!(
        v.get("areas").is_none(),
        "implied areas are not written: {text}"
    );
    let back = Catalog::from_json(&text).expect("reads its own JSON");
    assert_eq!(back, c);
    assert_eq!(back.name(), Some("Kecil"));
    assert_eq!(back.unit_by_code("R").and_then(Unit::population), Some(900));
    assert_eq!(
        back.unit_by_code("K-X").map(Unit::kind),
        Some(&UnitKind::Other("kabupaten".into()))
    );
    let kx = id(&back, "K-X");
    let offered: Vec<&str> = back
        .offered(kx)
        .iter()
        .map(|&s| {
            back.service(s)
                .expect("a service of this catalog")
                .code()
                .as_str()
        })
        .collect();
    assert_eq!(offered, ["S2", "S1"]);
}

#[test]
fn round_trip_through_serde() {
    for c in [
        (*Catalog::kemenkum_2025()).clone(),
        small_catalog_without_areas(),
    ] {
        let text = serde_json::to_string(&c).expect("serialize");
        let back: Catalog = serde_json::from_str(&text).expect("deserialize");
        assert_eq!(back, c);
    }
    // deserialization re-validates
    let bad = catalog_json(vec![unit("A", None), unit("B", None)], vec![], vec![]);
    let e = serde_json::from_str::<Catalog>(&bad).expect_err("two roots");
    assert!(e.to_string().contains("both have no parent"), "{e}");
}

#[test]
fn builder_round_trip() {
    let c = Catalog::kemenkum_2025();
    assert_eq!(c.to_builder().build().expect("rebuild"), *c);
    let s = small_catalog_without_areas();
    assert_eq!(s.to_builder().build().expect("rebuild"), s);
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

const SERVICES: [(&str, &str); 5] = [
    ("S0", "AREA-A"),
    ("S1", "AREA-A"),
    ("S2", "AREA-B"),
    ("S3", "AREA-B"),
    ("S4", "AREA-C"),
];

/// A random tree: unit 0 is the root, unit i > 0 has a parent among units 0..i; each unit offers
/// a random subset of the services (as a bit mask; 0 means no offers entry).
fn tree() -> impl Strategy<Value = (Vec<usize>, Vec<u8>)> {
    (1usize..40).prop_flat_map(|n| {
        (
            prop::collection::vec(any::<prop::sample::Index>(), n - 1),
            prop::collection::vec(0u8..32, n),
        )
            .prop_map(move |(picks, offers)| {
                let mut parents = vec![0];
                for (i, p) in picks.iter().enumerate() {
                    parents.push(p.index(i + 1));
                }
                (parents, offers)
            })
    })
}

/// The tree as schema-v1 JSON, with units, services and offers entries (and the services inside
/// each entry) in the orders given by the permutations.
fn tree_json(parents: &[usize], offers: &[u8], unit_order: &[usize], rev: bool) -> String {
    let units: Vec<Value> = unit_order
        .iter()
        .map(|&i| {
            let parent = (i > 0).then(|| format!("U{}", parents[i]));
            json!({"code": format!("U{i}"), "name": format!("unit {i}"), "kind": "division",
                   "parent": parent})
        })
        .collect();
    let mut services: Vec<Value> = SERVICES.iter().map(|(s, a)| service(s, a)).collect();
    if rev {
        services.reverse();
    }
    let entries: Vec<Value> = unit_order
        .iter()
        .filter(|&&i| offers[i] != 0)
        .map(|&i| {
            let mut list: Vec<&str> = (0..5)
                .filter(|b| offers[i] & (1 << b) != 0)
                .map(|b| SERVICES[b].0)
                .collect();
            if rev {
                list.reverse();
            }
            offer(&format!("U{i}"), &list)
        })
        .collect();
    catalog_json(units, services, entries)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_trees_build_in_any_order_and_descendants_cover_all(
        (parents, offers, order) in tree().prop_flat_map(|(parents, offers)| {
            let n = parents.len();
            (Just(parents), Just(offers), Just((0..n).collect::<Vec<_>>()).prop_shuffle())
        }),
        rev in any::<bool>(),
    ) {
        let n = parents.len();
        let identity: Vec<usize> = (0..n).collect();
        let straight = Catalog::from_json(&tree_json(&parents, &offers, &identity, false))
            .expect("a tree in natural order builds");
        let shuffled = Catalog::from_json(&tree_json(&parents, &offers, &order, rev))
            .expect("a tree in any order builds");

        for c in [&straight, &shuffled] {
            prop_assert_eq!(c.unit(c.root()).map(|u| u.code().as_str()), Some("U0"));
            let mut covered: Vec<String> = codes(c, c.descendants(c.root()));
            prop_assert_eq!(covered.len(), n);
            covered.sort();
            covered.dedup();
            prop_assert_eq!(covered.len(), n, "descendants(root) repeats a unit");
            // each unit's ancestors are exactly its chain of parents, ending at the root
            for i in 0..n {
                let u = id(c, &format!("U{i}"));
                let mut chain = Vec::new();
                let mut at = i;
                while at != 0 {
                    at = parents[at];
                    chain.push(format!("U{at}"));
                }
                prop_assert_eq!(codes(c, c.ancestors(u)), chain);
                // preorder: a unit's subtree is listed right after it, parents first
                let sub = codes(c, c.descendants(u));
                prop_assert_eq!(&sub[0], &format!("U{i}"));
                for d in c.descendants(u).skip(1) {
                    prop_assert!(c.is_within(d, u));
                }
            }
        }
        // shuffling catalog entries never changes who offers what
        for (i, &mask) in offers.iter().enumerate() {
            let code = format!("U{i}");
            for (s, _) in SERVICES {
                let a = straight.offers(id(&straight, &code), straight.service_id(s).expect("s"));
                let b = shuffled.offers(id(&shuffled, &code), shuffled.service_id(s).expect("s"));
                prop_assert_eq!(a, b, "{} offers {}", code, s);
                let expected = mask & (1 << s[1..].parse::<u8>().expect("digit")) != 0;
                prop_assert_eq!(a, expected, "{} offers {}", code, s);
            }
        }
    }
}
