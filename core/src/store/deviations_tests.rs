use super::*;
use crate::register::{DeviationReport, RiskMatrix};
use crate::text::Localized;
use crate::Lang;

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn registered(id: &str) -> Deviation {
    let report = DeviationReport {
        unit: UnitId::new("aurvoll").unwrap(),
        category: "informasjonssikkerhet og personvern".into(),
        description: "Karakterliste sendt til feil foresatt".into(),
        happened: at("2025-05-05T08:00:00Z"),
        risk: Risk::new(3, 4).unwrap(),
        duty: Some(NotificationDuty::PersonalDataBreach),
        deadline: None,
    };
    Deviation::register(
        id,
        report,
        at("2025-05-05T09:00:00Z"),
        &Actor::new("kari").unwrap(),
        &RiskMatrix::default(),
    )
    .unwrap()
}

fn store_as(actor: &str) -> Store {
    let mut s = Store::in_memory().unwrap();
    s.set_actor(Actor::new(actor).unwrap());
    s
}

#[test]
fn a_deviation_is_followed_from_report_to_closure_with_every_step_an_event() {
    let mut s = store_as("rektor");
    s.add_deviation(&registered("A-7")).unwrap();
    let e = s.add_deviation(&registered("A-7")).unwrap_err();
    assert_eq!(
        e.render(Lang::Nb),
        "1 feil i registeret; ingenting ble lagret:\navvik A-7: avviket A-7 finnes fra før; et avvik registreres én gang"
    );
    s.move_deviation(
        "A-7",
        DeviationState::Mottatt,
        at("2025-05-05T10:00:00Z"),
        None,
    )
    .unwrap();
    s.set_deviation_notified("A-7", at("2025-05-06T10:00:00Z"))
        .unwrap();
    let n = s
        .add_deviation_measure(
            "A-7",
            "Ny rutine for utsending",
            &Actor::new("inspektor").unwrap(),
            at("2025-05-06T11:00:00Z"),
        )
        .unwrap();
    assert_eq!(n, 0);
    s.move_deviation_measure(
        "A-7",
        0,
        MeasureState::Iverksatt,
        at("2025-05-10T08:00:00Z"),
    )
    .unwrap();
    s.move_deviation(
        "A-7",
        DeviationState::UnderBehandling,
        at("2025-05-06T12:00:00Z"),
        None,
    )
    .unwrap();
    s.move_deviation(
        "A-7",
        DeviationState::Lukket,
        at("2025-05-12T09:00:00Z"),
        None,
    )
    .unwrap();
    // Reopening needs a reason.
    let e = s
        .move_deviation(
            "A-7",
            DeviationState::UnderBehandling,
            at("2025-05-20T09:00:00Z"),
            None,
        )
        .unwrap_err();
    assert!(e.render(Lang::Nb).ends_with("avvik A-7: avviket er «lukket»; oppgi en begrunnelse (--reason) for å flytte det til «under behandling»"), "{}", e.render(Lang::Nb));
    let d = s.deviation("A-7").unwrap().unwrap();
    let states: Vec<(DeviationState, &str)> = d
        .history
        .steps()
        .iter()
        .map(|s| (s.state, s.actor.as_str()))
        .collect();
    assert_eq!(
        states,
        [
            (DeviationState::Registrert, "kari"),
            (DeviationState::Mottatt, "rektor"),
            (DeviationState::UnderBehandling, "rektor"),
            (DeviationState::Lukket, "rektor"),
        ]
    );
    assert_eq!(d.notified, Some(at("2025-05-06T10:00:00Z")));
    // Notified 25 hours after discovery: within the 72.
    assert_eq!(
        NotificationDuty::PersonalDataBreach.notice(
            d.report.happened,
            d.notified,
            at("2025-06-01T00:00:00Z")
        ),
        crate::register::Notice::Met {
            at: at("2025-05-06T10:00:00Z")
        }
    );
    // 3 × 4 = 12: high, 7 days; closed after 7 days exactly.
    assert_eq!(d.deadline, at("2025-05-12T09:00:00Z"));
    assert_eq!(d.closed_within_deadline(), Some(true));
    assert_eq!(d.measures[0].history.current(), MeasureState::Iverksatt);
    assert_eq!(d.measures[0].owner.as_str(), "inspektor");
    // The events: six steps, one notification.
    let events = s.events(Some(EntityKind::Deviation), None).unwrap();
    let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "registrert",
            "mottatt",
            "notified",
            "planlagt",
            "iverksatt",
            "under_behandling",
            "lukket"
        ]
    );
    let e = s
        .move_deviation(
            "A-8",
            DeviationState::Mottatt,
            at("2025-05-20T09:00:00Z"),
            None,
        )
        .unwrap_err();
    assert!(
        e.render(Lang::Nb)
            .ends_with("ukjent avvik «A-8» — mente du «A-7»?"),
        "{}",
        e.render(Lang::Nb)
    );
    let e = s
        .move_deviation_measure("A-7", 3, MeasureState::Evaluert, at("2025-05-20T09:00:00Z"))
        .unwrap_err();
    assert!(
        e.render(Lang::Nb)
            .ends_with("avviket A-7 har ikke tiltak 3 (det har 1)"),
        "{}",
        e.render(Lang::Nb)
    );
    let e = s
        .set_deviation_notified("A-7", at("2025-05-20T09:00:00Z"))
        .unwrap_err();
    assert!(
        e.render(Lang::Nb)
            .contains("ble varslet 2025-05-06 12:00 allerede"),
        "{}",
        e.render(Lang::Nb)
    );
}

#[test]
fn deviations_travel_in_the_json_export_and_a_damaged_history_is_refused() {
    let mut s = store_as("rektor");
    s.add_deviation(&registered("A-7")).unwrap();
    s.move_deviation(
        "A-7",
        DeviationState::Mottatt,
        at("2025-05-05T10:00:00Z"),
        None,
    )
    .unwrap();
    s.add_deviation_measure(
        "A-7",
        "Ny rutine",
        &Actor::new("inspektor").unwrap(),
        at("2025-05-06T11:00:00Z"),
    )
    .unwrap();
    let json = s.export_json().unwrap();
    let model = crate::Model::example();
    let mut t = Store::in_memory().unwrap();
    t.import_json(&model, &json, "s.json").unwrap();
    assert_eq!(t.deviations().unwrap(), s.deviations().unwrap());
    // The receiving step made to skip straight to closed: refused, and
    // nothing stored.
    let bad = json.replacen("\"action\": \"mottatt\"", "\"action\": \"lukket\"", 1);
    assert_ne!(bad, json);
    let mut u = Store::in_memory().unwrap();
    let e = u.import_json(&model, &bad, "s.json").unwrap_err();
    assert!(
        e.render(Lang::Nb).contains("s.json: deviations: historikken til A-7 er skadet: steg 2: avviket er «registrert» og kan bare gå til «mottatt», ikke til «lukket»"),
        "{}",
        e.render(Lang::Nb)
    );
    assert!(!u.has_deviations().unwrap());
    assert_eq!(u.revision_count().unwrap(), 0);
    // A consequence off the scale, at its JSON path.
    let bad = json.replacen("\"consequence\": 3", "\"consequence\": 7", 1);
    let e = u.import_json(&model, &bad, "s.json").unwrap_err();
    assert!(
        e.render(Lang::Nb)
            .contains("s.json: deviations[0].consequence: konsekvens 7 er utenfor skalaen 1–5"),
        "{}",
        e.render(Lang::Nb)
    );
}

#[test]
fn the_register_feeds_indicators_like_any_other_value() {
    let model = crate::Model::from_toml(
        r#"
[municipality]
name = "Testby kommune"
[[perspectives]]
id = "medarbeidere"
name = "Medarbeidere"
[[focus_areas]]
id = "M.3"
perspective = "medarbeidere"
name = "HMS"
[[units]]
id = "aurvoll"
name = "Aurvoll skole"
kind = "skole"
fte = 40.0
[[indicators]]
code = "M.3.1"
name = "Avvik per 10 årsverk"
focus_area = "M.3"
measure = "number"
decimals = 2
direction = "lower_is_better"
frequency = "month"
register = "deviations_per_10_fte"
[[indicators]]
code = "M.3.2"
name = "Åpne avvik over fristen"
focus_area = "M.3"
measure = "count"
direction = "lower_is_better"
frequency = "month"
register = "deviations_open_past_deadline"
"#,
        "model.toml",
    )
    .unwrap();
    assert!(!model.indicator("M.3.1").unwrap().is_reported());
    let mut s = store_as("rektor");
    // Two in May (3 × 4 = 12, seven days each), none closed.
    s.add_deviation(&registered("A-7")).unwrap();
    s.add_deviation(&registered("A-8")).unwrap();
    let d = s.dataset_at(&model, &crate::asof::AsOf::Now).unwrap();
    let may: crate::Period = "2025-05".parse().unwrap();
    let june: crate::Period = "2025-06".parse().unwrap();
    let (m1, m2) = (
        model.indicator_index("M.3.1").unwrap(),
        model.indicator_index("M.3.2").unwrap(),
    );
    let u = model.unit_index("aurvoll").unwrap();
    // 2 over 40 FTEs, times 10.
    assert_eq!(d.get(m1, u, may), Some(Some(0.5)));
    // Their deadline (12 May) passed in May: both open past it at its end;
    // none registered in June, still both open.
    assert_eq!(d.get(m2, u, may), Some(Some(2.0)));
    assert_eq!(d.get(m1, u, june), Some(Some(0.0)));
    assert_eq!(d.get(m2, u, june), Some(Some(2.0)));
    // A source given twice is refused at its entry.
    let e = crate::Model::from_toml(
        &model.to_toml().replace(
            "register = \"deviations_per_10_fte\"",
            "register = \"deviations_per_10_fte\"\nledger = \"frame\"",
        ),
        "model.toml",
    )
    .unwrap_err();
    assert!(
        e.render(Lang::Nb).contains("en indikator hentes fra ett sted: regnskapet (ledger), avviksregisteret (register), et skript (computed) eller KOSTRA (kostra)"),
        "{}",
        e.render(Lang::Nb)
    );
}
