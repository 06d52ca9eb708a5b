//! The catalog reader on arbitrary text: no panic; a catalog that reads serializes to JSON that
//! reads back to an equal catalog.
#![no_main]

use libfuzzer_sys::fuzz_target;
use persepsi::Catalog;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(catalog) = Catalog::from_json(text) {
        let again = Catalog::from_json(&catalog.to_json()).expect("a written catalog reads back");
        assert_eq!(again, catalog);
        // traversals never fail on a validated catalog
        let all = catalog.descendants(catalog.root()).count();
        assert_eq!(all, catalog.units().len());
    }
});
