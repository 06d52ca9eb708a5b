//! Ids know their catalog: an id of one catalog used with another gives `None` (or nothing, or
//! `false`) for every lookup and a `ForeignIdError` naming it for every operation; ids of a clone
//! work; the built-in catalog is one catalog.

use persepsi::*;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// The built-in catalog and an equal one built separately: every id of one is a valid position
/// in the other, so a bare index would silently name the other's entry.
fn two_catalogs() -> Result<(std::sync::Arc<Catalog>, Catalog), CatalogError> {
    let a = Catalog::kemenkum_2025();
    let b = a.to_builder().build()?;
    assert_eq!(*a, b, "equal entries");
    Ok((a, b))
}

/// A catalog of another shape: a root `P` and `A` below it, offering `S` (area `X`).
fn small() -> Result<Catalog, Box<dyn std::error::Error>> {
    Ok(Catalog::builder()
        .unit("P".parse()?, "P", UnitKind::Ministry, None)
        .unit("A".parse()?, "A", UnitKind::Kanwil, Some("P".parse()?))
        .service("S".parse()?, "s", "X".parse()?)
        .offer("A".parse()?, vec!["S".parse()?])
        .build()?)
}

struct Ids {
    root: UnitId,
    ntt: UnitId,
    yankum: UnitId,
    merek: ServiceId,
    ki: AreaId,
    yankum_area: AreaId,
}

fn ids(c: &Catalog) -> Ids {
    let unit = |code| c.unit_id(code).expect("unit");
    let area = |code| c.area_id(code).expect("area");
    Ids {
        root: c.root(),
        ntt: unit("KW-NTT"),
        yankum: unit("KW-NTT-YANKUM"),
        merek: c.service_id("KI-MEREK").expect("service"),
        ki: area("KI"),
        yankum_area: area("YANKUM"),
    }
}

/// Every lookup of `other` by ids of another catalog answers nothing.
fn assert_foreign(other: &Catalog, i: &Ids) {
    for u in [i.root, i.ntt, i.yankum] {
        assert!(!other.contains_unit(u), "{u}");
        assert_eq!(other.unit(u), None, "{u}");
        assert_eq!(other.parent(u), None, "{u}");
        assert_eq!(other.children(u).count(), 0, "{u}");
        assert_eq!(other.children(u).len(), 0, "{u}");
        assert_eq!(other.ancestors(u).count(), 0, "{u}");
        assert_eq!(other.descendants(u).count(), 0, "{u}");
        assert!(other.offered(u).is_empty(), "{u}");
        assert!(!other.offers(u, i.merek), "{u}");
        assert!(!other.is_within(u, u), "{u}");
        assert!(!other.is_within(u, other.root()), "{u}");
        assert!(!other.is_within(other.root(), u), "{u}");
    }
    assert!(!other.contains_service(i.merek));
    assert_eq!(other.service(i.merek), None);
    assert_eq!(other.service_area(i.merek), None);
    for a in [i.ki, i.yankum_area] {
        assert!(!other.contains_area(a), "{a}");
        assert_eq!(other.area(a), None, "{a}");
        assert!(!other.area_is_within(a, a), "{a}");
    }
    // mixed: one id of the catalog, one not
    if let (Some(own_ki), Some(own_merek)) = (other.area_id("KI"), other.service_id("KI-MEREK")) {
        assert!(!other.area_is_within(own_ki, i.yankum_area));
        assert!(!other.area_is_within(i.ki, other.area_id("YANKUM").expect("area")));
        let own_yankum = other.unit_id("KW-NTT-YANKUM").expect("unit");
        assert!(other.offers(own_yankum, own_merek));
        assert!(!other.offers(own_yankum, i.merek));
        assert!(!other.offers(i.yankum, own_merek));
        assert!(!other.is_within(own_yankum, i.ntt));
        assert!(other.is_within(own_yankum, other.unit_id("KW-NTT").expect("unit")));
    }
}

#[test]
fn every_lookup_of_an_equal_catalog_refuses_the_other_ids() -> TestResult {
    let (a, b) = two_catalogs()?;
    assert_foreign(&b, &ids(&a));
    assert_foreign(&a, &ids(&b));
    // and the catalogs' own ids still work
    let i = ids(&a);
    assert_eq!(a.unit(i.ntt).map(|u| u.code().as_str()), Some("KW-NTT"));
    assert!(a.offers(i.yankum, i.merek));
    assert!(a.area_is_within(i.ki, i.yankum_area));
    Ok(())
}

#[test]
fn every_lookup_of_another_shape_refuses_the_other_ids() -> TestResult {
    let (a, s) = (Catalog::kemenkum_2025(), small()?);
    assert_foreign(&s, &ids(&a));
    // ids of the small catalog are in range of the big one: still refused
    let (p, x) = (s.root(), s.unit_id("A").ok_or("A")?);
    let service = s.service_id("S").ok_or("S")?;
    let area = s.area_id("X").ok_or("X")?;
    assert_eq!(a.unit(p), None);
    assert_eq!(a.unit(x), None);
    assert_eq!(a.parent(x), None);
    assert_eq!(a.children(p).count(), 0);
    assert_eq!(a.service(service), None);
    assert_eq!(a.area(area), None);
    assert!(!a.offers(x, service));
    Ok(())
}

#[test]
fn ids_of_a_clone_work() -> TestResult {
    let a = Catalog::kemenkum_2025();
    let copy: Catalog = (*a).clone();
    let i = ids(&a);
    assert!(copy.contains_unit(i.ntt));
    assert_eq!(copy.unit(i.ntt), a.unit(i.ntt));
    assert_eq!(copy.parent(i.ntt), Some(i.root));
    assert_eq!(
        copy.children(i.ntt).collect::<Vec<_>>(),
        a.children(i.ntt).collect::<Vec<_>>()
    );
    assert_eq!(copy.descendants(i.root).count(), a.units().len());
    assert!(copy.offers(i.yankum, i.merek));
    assert!(copy.is_within(i.yankum, i.root));
    assert!(copy.area_is_within(i.ki, i.yankum_area));
    assert_eq!(copy.service_area(i.merek), Some(i.ki));
    assert_eq!(copy.unit_id("KW-NTT"), Some(i.ntt));

    // a survey on the clone takes the original's ids
    let mut survey = Survey::new(copy, Questionnaire::spkp_spak());
    ingest_one(&mut survey)?;
    let filter = Filter::all().service(i.merek).area(i.ki);
    assert_eq!(survey.tally(i.ntt, &filter)?.responses(), 1);
    assert_eq!(survey.rollup(Rollup::Pooled, &filter)?.len(), 3);
    Ok(())
}

#[test]
fn the_built_in_catalog_is_one_catalog() {
    let (a, b) = (Catalog::kemenkum_2025(), Catalog::kemenkum_2025());
    let i = ids(&a);
    assert!(b.contains_unit(i.ntt) && b.contains_service(i.merek) && b.contains_area(i.ki));
    assert_eq!(b.unit_id("KW-NTT"), Some(i.ntt));
}

fn ingest_one(survey: &mut Survey) -> Result<(), RejectReason> {
    let stars = ["6"; 13];
    survey.ingest(
        2,
        &RawResponse {
            id: "R1",
            date: "2025-03-14",
            unit: "KW-NTT-YANKUM",
            service: "KI-MEREK",
            answers: &stars,
        },
    )
}

#[test]
fn every_operation_of_a_survey_refuses_another_catalogs_ids() -> TestResult {
    let (a, b) = two_catalogs()?;
    let mut survey = Survey::new(b, Questionnaire::spkp_spak());
    ingest_one(&mut survey)?;
    let foreign = ids(&a);
    let own = ids(survey.catalog());

    // the unit of a tally
    assert_eq!(
        survey.tally(foreign.ntt, &Filter::all()),
        Err(ForeignIdError::Unit { unit: foreign.ntt })
    );
    // the unit is checked before the filter
    assert_eq!(
        survey.tally(foreign.root, &Filter::all().service(foreign.merek)),
        Err(ForeignIdError::Unit { unit: foreign.root })
    );
    let service = Filter::all().service(foreign.merek);
    let area = Filter::all().area(foreign.ki);
    let service_err = ForeignIdError::Service {
        service: foreign.merek,
    };
    let area_err = ForeignIdError::Area { area: foreign.ki };
    assert_eq!(survey.tally(own.ntt, &service), Err(service_err));
    assert_eq!(survey.tally(own.ntt, &area), Err(area_err));
    // one own id does not make the other one right
    let mixed = Filter::all().service(own.merek).area(foreign.ki);
    assert_eq!(survey.tally(own.ntt, &mixed), Err(area_err));
    for method in [Rollup::Pooled, Rollup::MeanOfChildren] {
        assert_eq!(survey.rollup(method, &service), Err(service_err));
        assert_eq!(survey.rollup(method, &area), Err(area_err));
        assert_eq!(survey.rollup(method, &mixed), Err(area_err));
    }
    let precision = Precision::default();
    assert_eq!(
        Report::new(&survey, Rollup::Pooled, &service, precision),
        Err(service_err.into())
    );
    assert_eq!(
        Report::new(&survey, Rollup::MeanOfChildren, &area, precision),
        Err(area_err.into())
    );
    let options = ReportOptions::default()
        .filter(area)
        .compare("2025-S1".parse()?, "2025-S2".parse()?);
    assert_eq!(
        Report::with_options(&survey, &options),
        Err(area_err.into())
    );
    // so is a unit scope of another catalog
    let scoped = ReportOptions::default().unit(foreign.ntt);
    assert_eq!(
        Report::with_options(&survey, &scoped),
        Err(ForeignIdError::Unit { unit: foreign.ntt }.into())
    );

    // the survey's own ids compute, and agree with the unfiltered survey
    let own_filter = Filter::all().service(own.merek).area(own.ki);
    assert_eq!(survey.tally(own.ntt, &own_filter)?.responses(), 1);
    assert_eq!(
        survey.rollup(Rollup::Pooled, &own_filter)?,
        survey.rollup(Rollup::Pooled, &Filter::all())?
    );
    let report = Report::with_options(&survey, &options.filter(own_filter))?;
    assert_eq!(report.units.len(), 3);
    Ok(())
}

#[test]
fn a_response_names_ids_of_its_survey_catalog() -> TestResult {
    let (a, b) = two_catalogs()?;
    let survey = Survey::new(a.clone(), Questionnaire::spkp_spak());
    let stars = ["6"; 13];
    let raw = RawResponse {
        id: "R1",
        date: "2025-03-14",
        unit: "KW-NTT-YANKUM",
        service: "KI-MEREK",
        answers: &stars,
    };
    let r = survey.validate(&raw)?;
    assert_eq!(
        a.unit(r.unit()).map(|u| u.code().as_str()),
        Some("KW-NTT-YANKUM")
    );
    assert_eq!(b.unit(r.unit()), None);
    assert_eq!(b.service(r.service()), None);
    Ok(())
}

#[test]
fn error_messages_name_the_foreign_id() -> TestResult {
    let (a, b) = two_catalogs()?;
    let survey = Survey::new(b, Questionnaire::spkp_spak());
    let i = ids(&a);
    // "unit id 5 (catalog 3)": the position and the number of the catalog
    let ntt = i.ntt.to_string();
    assert!(
        ntt.starts_with(&format!("unit id {} (catalog ", i.ntt.index())),
        "{ntt}"
    );
    assert!(ntt.ends_with(')'), "{ntt}");
    let err = survey.tally(i.ntt, &Filter::all()).unwrap_err();
    assert_eq!(err.to_string(), format!("{ntt} belongs to another catalog"));
    let merek = i.merek.to_string();
    assert!(merek.starts_with(&format!("service id {} (catalog ", i.merek.index())));
    let err = survey
        .rollup(Rollup::Pooled, &Filter::all().service(i.merek))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{merek} belongs to another catalog")
    );
    let ki = i.ki.to_string();
    assert!(ki.starts_with(&format!("area id {} (catalog ", i.ki.index())));
    let err = Report::new(
        &survey,
        Rollup::Pooled,
        &Filter::all().area(i.ki),
        Precision::default(),
    )
    .unwrap_err();
    assert_eq!(err.to_string(), format!("{ki} belongs to another catalog"));
    // two catalogs print two different numbers
    assert_ne!(i.root.to_string(), survey.catalog().root().to_string());
    Ok(())
}

#[test]
fn ids_and_the_error_are_small_send_and_sync() {
    fn send_sync<T: Send + Sync + 'static>() {}
    send_sync::<UnitId>();
    send_sync::<ServiceId>();
    send_sync::<AreaId>();
    send_sync::<ForeignIdError>();
    assert_eq!(std::mem::size_of::<UnitId>(), 16);
    assert_eq!(std::mem::size_of::<Option<UnitId>>(), 16);
}
