//! The economy in the store: what is refused, and what is kept.

use super::*;
use crate::economy::Line;
use crate::text::Localized;
use crate::Lang;

fn version(
    id: &str,
    kind: VersionKind,
    based_on: Option<&str>,
    decided: Option<&str>,
) -> PlanVersion {
    let mut y = YearBudget::default();
    y.lines.insert(Line::Rammetilskudd, -100.0);
    y.areas.insert(UnitId::new("tekniske").unwrap(), 100.0);
    PlanVersion {
        id: id.into(),
        kind,
        title: "Økonomiplan 2025–2028".into(),
        decision: decided.map(|d| Decision {
            reference: "KST-sak 1/25".into(),
            date: d.parse().unwrap(),
        }),
        based_on: based_on.map(str::to_string),
        first_year: 2025,
        years: vec![y; 4],
    }
}

fn line(unit: &str, month: &str, category: Option<&str>, amount: f64) -> AccountLine {
    AccountLine {
        unit: UnitId::new(unit).unwrap(),
        month: month.parse().unwrap(),
        category: category.map(str::to_string),
        amount,
        location: Location {
            file: Some("regnskap.xlsx".into()),
            sheet: Some("Data".into()),
            cell: Some("C2".into()),
            entry: None,
        },
    }
}

#[test]
fn a_version_is_never_overwritten_and_refers_only_to_stored_versions() {
    let mut s = Store::in_memory().unwrap();
    s.add_plan_version(&version(
        "vedtatt-2025",
        VersionKind::Adopted,
        None,
        Some("2024-12-12"),
    ))
    .unwrap();
    let e = s
        .add_plan_version(&version(
            "vedtatt-2025",
            VersionKind::Adopted,
            None,
            Some("2024-12-12"),
        ))
        .unwrap_err();
    assert_eq!(
        e.render(Lang::Nb),
        "1 feil i budsjettet eller regnskapet; ingenting ble lagret:\nøkonomiplan «vedtatt-2025»: versjonen «vedtatt-2025» finnes fra før; en vedtatt versjon endres aldri — gi den nye versjonen en ny id"
    );
    let e = s
        .add_plan_version(&version(
            "reg-t1",
            VersionKind::Regulation,
            Some("vedtat-2025"),
            None,
        ))
        .unwrap_err();
    let Error::Economy(p) = e else { panic!() };
    assert_eq!(
        p.iter().map(|x| x.render(Lang::Nb)).collect::<Vec<_>>(),
        [
            "økonomiplan «reg-t1»: bygger på ukjent versjon «vedtat-2025» — mente du «vedtatt-2025»?",
            "økonomiplan «reg-t1»: versjonen er «budsjettregulering» og trenger vedtaket (sak og dato, f.eks. KST-sak 45/25, 2025-06-19)",
        ]
    );
    assert_eq!(s.plan_versions().unwrap().len(), 1);
    // The table itself refuses a change.
    let err = s
        .conn
        .execute("UPDATE plan_versions SET title = 'x'", [])
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("plan versions are kept as entered"),
        "{err}"
    );
    // The entry is an event with its actor.
    let ev = s.events(Some(EntityKind::Plan), None).unwrap();
    assert_eq!(
        (ev[0].action.as_str(), ev[0].reason.as_deref()),
        ("adopted", Some("KST-sak 1/25 2024-12-12"))
    );
}

#[test]
fn the_plan_for_a_period_is_the_latest_decision_by_its_end() {
    let mut s = Store::in_memory().unwrap();
    s.add_plan_version(&version("forslag", VersionKind::Proposal, None, None))
        .unwrap();
    assert_eq!(
        s.plan_for("2025-T1".parse().unwrap()).unwrap().unwrap().id,
        "forslag"
    );
    s.add_plan_version(&version(
        "vedtatt",
        VersionKind::Adopted,
        Some("forslag"),
        Some("2024-12-12"),
    ))
    .unwrap();
    s.add_plan_version(&version(
        "reg-t1",
        VersionKind::Regulation,
        Some("vedtatt"),
        Some("2025-06-19"),
    ))
    .unwrap();
    s.add_plan_version(&version(
        "alt-h",
        VersionKind::Alternative,
        Some("forslag"),
        None,
    ))
    .unwrap();
    let at = |p: &str| s.plan_for(p.parse().unwrap()).unwrap().unwrap().id;
    // T1 ends 30 April, before the regulation; T2 ends 31 August, after.
    assert_eq!(at("2025-T1"), "vedtatt");
    assert_eq!(at("2025-T2"), "reg-t1");
    assert_eq!(at("2026"), "reg-t1");
    assert!(s.plan_for("2030".parse().unwrap()).unwrap().is_none());
}

#[test]
fn accounts_are_revised_and_the_same_file_changes_nothing() {
    let mut s = Store::in_memory().unwrap();
    let first = [
        line("tekniske", "2025-01", Some("lønn"), 100.0),
        line("tekniske", "2025-01", Some("lønn"), 20.0),
        line("tekniske", "2025-01", Some("inntekter"), -30.0),
    ];
    let sum = s
        .record_accounts(&first, &BatchInfo::new("import"))
        .unwrap();
    // Two keys: lønn (100 + 20, one export may split a category) and
    // inntekter.
    assert_eq!((sum.new, sum.changed, sum.unchanged), (2, 0, 0));
    let again = s
        .record_accounts(&first, &BatchInfo::new("import"))
        .unwrap();
    assert_eq!((again.new, again.unchanged, again.batch), (0, 2, 0));
    // A new export without the income line: the month is what it says.
    let second = [line("tekniske", "2025-01", Some("lønn"), 125.0)];
    let sum = s
        .record_accounts(&second, &BatchInfo::new("import"))
        .unwrap();
    assert_eq!((sum.new, sum.changed), (0, 1));
    let now: Vec<(Option<String>, f64)> = s
        .account_lines()
        .unwrap()
        .into_iter()
        .map(|l| (l.category, l.amount))
        .collect();
    assert_eq!(
        now,
        [
            (Some("inntekter".into()), 0.0),
            (Some("lønn".into()), 125.0)
        ]
    );
    let acc = crate::economy::Accounts::new(&s.account_lines().unwrap());
    assert_eq!(
        acc.month(
            &UnitId::new("tekniske").unwrap(),
            "2025-01".parse().unwrap()
        ),
        Some(125.0)
    );
}

#[test]
fn a_locked_period_refuses_accounts_and_forecasts() {
    let mut s = Store::in_memory().unwrap();
    s.lock("2025-T1".parse().unwrap(), "rapportert").unwrap();
    let e = s
        .record_accounts(
            &[
                line("tekniske", "2025-03", None, 5.0),
                line("tekniske", "2025-05", None, 5.0),
            ],
            &BatchInfo::new("import"),
        )
        .unwrap_err();
    let Error::Economy(p) = e else { panic!() };
    assert_eq!(p.len(), 1);
    assert!(
        p.render(Lang::Nb)
            .starts_with("regnskap.xlsx: Data!C2: perioden 2025-T1 er låst (rapportert "),
        "{}",
        p.render(Lang::Nb)
    );
    assert!(!s.has_accounts().unwrap());
    let unit = UnitId::new("tekniske").unwrap();
    let e = s
        .add_forecast(&unit, "2025-T1".parse().unwrap(), 100.0, "x")
        .unwrap_err();
    assert!(
        e.render(Lang::Nb)
            .contains("prognose tekniske 2025-T1: perioden 2025-T1 er låst"),
        "{}",
        e.render(Lang::Nb)
    );
    let e = s
        .add_forecast(&unit, "2025-05".parse().unwrap(), 100.0, "x")
        .unwrap_err();
    assert!(
        e.render(Lang::Nb)
            .contains("en prognose meldes per tertial (f.eks. 2025-T2), ikke for 2025-05"),
        "{}",
        e.render(Lang::Nb)
    );
    let f = s
        .add_forecast(
            &unit,
            "2025-T2".parse().unwrap(),
            250_000.0,
            "Vedlikehold av kommunale veier",
        )
        .unwrap();
    assert_eq!(s.forecasts().unwrap(), [f]);
    let ev = s.events(Some(EntityKind::Forecast), None).unwrap();
    assert_eq!(ev[0].entity, "tekniske/2025-T2");
}

#[test]
fn the_economy_travels_in_the_json_export_and_is_checked_on_the_way_in() {
    let m = crate::Model::example();
    let mut s = Store::in_memory().unwrap();
    for v in crate::example::plan_versions(&m) {
        s.add_plan_version(&v).unwrap();
    }
    let lines = crate::example::account_lines(&m);
    s.record_accounts(&lines[..300], &BatchInfo::new("import"))
        .unwrap();
    s.add_forecast(
        &UnitId::new("institusjon").unwrap(),
        "2025-T2".parse().unwrap(),
        2.0e6,
        "Bemanning",
    )
    .unwrap();
    let json = s.export_json().unwrap();
    let mut back = Store::in_memory().unwrap();
    back.import_json(&m, &json, "s.json").unwrap();
    assert_eq!(back.plan_versions().unwrap(), s.plan_versions().unwrap());
    assert_eq!(back.account_lines().unwrap(), s.account_lines().unwrap());
    assert_eq!(back.forecasts().unwrap(), s.forecasts().unwrap());
    // A store that holds a plan is not empty.
    let e = back.import_json(&m, &json, "s.json").unwrap_err();
    assert!(
        e.render(Lang::Nb).contains("lageret er ikke tomt"),
        "{}",
        e.render(Lang::Nb)
    );
    // Damaged economy fields, each at its path.
    let mut doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    doc["plan_versions"][1]["based_on"] = "finnes-ikke".into();
    doc["plan_versions"][2]["entered_at"] = "i går".into();
    doc["account_lines"][0]["unit"] = "oppvekst".into();
    doc["account_lines"][1]["month"] = "2025-T1".into();
    doc["account_lines"][2]["batch"] = 999.into();
    doc["forecasts"][0]["period"] = "2025-05".into();
    let e = Store::in_memory()
        .unwrap()
        .import_json(&m, &doc.to_string(), "s.json")
        .unwrap_err();
    let Error::Interchange(p) = e else {
        panic!("{e}")
    };
    assert_eq!(
        p.iter().map(|x| x.render(Lang::Nb)).collect::<Vec<_>>(),
        [
            "s.json: plan_versions[1].based_on: «finnes-ikke» er ingen tidligere versjon",
            "s.json: plan_versions[2].entered_at: «i går» er ikke et tidspunkt (skriv f.eks. 2025-10-01T12:00:00Z)",
            "s.json: account_lines[0].unit: «oppvekst» er ikke en tjenesteenhet i modellen",
            "s.json: account_lines[1].month: 2025-T1 er ikke en måned",
            "s.json: account_lines[2].batch: ukjent batch 999",
            "s.json: forecasts[0].period: 2025-05 er ikke et tertial",
        ]
    );
    // A line key that is no statement line is named by serde's path.
    let mut doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    doc["plan_versions"][0]["years"][1]["lines"]["ramme"] = 1.into();
    let e = Store::in_memory()
        .unwrap()
        .import_json(&m, &doc.to_string(), "s.json")
        .unwrap_err();
    assert!(
        e.to_string().contains("plan_versions[0].years[1].lines"),
        "{e}"
    );
}

#[test]
fn a_writer_dropped_stores_nothing_and_months_already_stored_are_compared() {
    let mut s = Store::in_memory().unwrap();
    s.record_accounts(
        &[
            line("tekniske", "2025-01", Some("lønn"), 100.0),
            line("tekniske", "2025-01", Some("drift"), 40.0),
        ],
        &BatchInfo::new("import"),
    )
    .unwrap();
    let sheet = std::sync::Arc::new(crate::economy::SheetRef::new("ny.xlsx", "Data"));
    let incoming = |month: &str, category: &str, amount: f64, row: u32| IncomingLine {
        unit: UnitId::new("tekniske").unwrap(),
        month: month.parse().unwrap(),
        category: category.into(),
        amount,
        sheet: sheet.clone(),
        cell: Some((row, 2)),
    };
    let lines = [
        // January is stored: lønn unchanged, drift gone (revised to 0),
        // inntekter new.
        incoming("2025-01", "lønn", 100.0, 1),
        incoming("2025-01", "inntekter", -10.0, 2),
        // February is not: written as it comes.
        incoming("2025-02", "lønn", 110.0, 3),
        incoming("2025-02", "lønn", 110.0, 4),
    ];
    {
        let mut w = s.accounts_writer(&BatchInfo::new("import")).unwrap();
        for l in &lines {
            w.push(l).unwrap();
        }
        // Dropped without finish.
    }
    let before: Vec<(String, f64)> = s
        .account_lines()
        .unwrap()
        .into_iter()
        .map(|l| {
            (
                format!("{} {}", l.month, l.category.unwrap_or_default()),
                l.amount,
            )
        })
        .collect();
    assert_eq!(
        before,
        [
            ("2025-01 drift".to_string(), 40.0),
            ("2025-01 lønn".to_string(), 100.0)
        ]
    );
    let mut w = s.accounts_writer(&BatchInfo::new("import")).unwrap();
    for l in &lines {
        w.push(l).unwrap();
    }
    let sum = w.finish().unwrap();
    // New: inntekter and February's lønn (once); unchanged: lønn.
    assert_eq!((sum.new, sum.changed, sum.unchanged), (2, 0, 1));
    let after: Vec<(String, f64, Option<String>)> = s
        .account_lines()
        .unwrap()
        .into_iter()
        .map(|l| {
            (
                format!("{} {}", l.month, l.category.unwrap_or_default()),
                l.amount,
                l.location.cell,
            )
        })
        .collect();
    assert_eq!(
        after,
        [
            ("2025-01 drift".to_string(), 0.0, None),
            (
                "2025-01 inntekter".to_string(),
                -10.0,
                Some("C3".to_string())
            ),
            // Unchanged: as the first import read it (line() is at C2).
            ("2025-01 lønn".to_string(), 100.0, Some("C2".to_string())),
            ("2025-02 lønn".to_string(), 110.0, Some("C4".to_string())),
        ]
    );
}
