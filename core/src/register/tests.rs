use super::*;
use crate::actor::Actor;
use crate::keyword::round_trips;
use crate::Lang;
use chrono::{DateTime, Utc};

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn actor(s: &str) -> Actor {
    s.parse().unwrap()
}

fn new(risk: Risk, deadline: Option<&str>) -> DeviationReport {
    DeviationReport {
        unit: "aurvoll".parse().unwrap(),
        category: "informasjonssikkerhet og personvern".into(),
        description: "Elevlister sendt til feil mottaker".into(),
        happened: at("2025-05-05T08:00:00Z"),
        risk,
        duty: Some(NotificationDuty::PersonalDataBreach),
        deadline: deadline.map(at),
    }
}

#[test]
fn a_deviation_goes_from_report_to_closure_and_back_with_a_reason() {
    let (kari, leder) = (actor("kari"), actor("rektor"));
    // 3 × 2 = 6: medium, 30 days.
    let mut d = Deviation::register(
        "A-7",
        new(Risk::new(3, 2).unwrap(), None),
        at("2025-05-05T09:00:00Z"),
        &kari,
        &RiskMatrix::default(),
    )
    .unwrap();
    assert_eq!(d.deadline, at("2025-06-04T09:00:00Z"));
    assert!(!d.is_overdue(at("2025-06-04T09:00:00Z")));
    assert!(d.is_overdue(at("2025-06-04T09:00:01Z")));
    let h = &mut d.history;
    h.move_to(
        DeviationState::Mottatt,
        at("2025-05-05T10:00:00Z"),
        &leder,
        None,
    )
    .unwrap();
    h.move_to(
        DeviationState::UnderBehandling,
        at("2025-05-06T10:00:00Z"),
        &leder,
        None,
    )
    .unwrap();
    h.move_to(
        DeviationState::Lukket,
        at("2025-05-20T09:00:00Z"),
        &leder,
        None,
    )
    .unwrap();
    // 15 days after registration, inside the 30.
    assert_eq!(d.days_to_close(), Some(15.0));
    assert_eq!(d.closed_within_deadline(), Some(true));
    // Reopening needs a reason …
    let e = d
        .history
        .move_to(
            DeviationState::UnderBehandling,
            at("2025-06-10T09:00:00Z"),
            &leder,
            Some("  "),
        )
        .unwrap_err();
    assert_eq!(
        e.nb,
        "avviket er «lukket»; oppgi en begrunnelse (--reason) for å flytte det til «under behandling»"
    );
    d.history
        .move_to(
            DeviationState::UnderBehandling,
            at("2025-06-10T09:00:00Z"),
            &leder,
            Some("Skjedde igjen"),
        )
        .unwrap();
    // … and an open deviation has no closing time; it is now overdue.
    assert_eq!(d.days_to_close(), None);
    assert!(d.is_overdue(at("2025-06-10T09:00:00Z")));
    let last = d.history.last();
    assert_eq!(
        (last.actor.as_str(), last.reason.as_deref()),
        ("rektor", Some("Skjedde igjen"))
    );
    assert_eq!(d.history.steps().len(), 5);
    assert_eq!(d.registered(), at("2025-05-05T09:00:00Z"));
    assert_eq!(d.history.first().actor.as_str(), "kari");
}

#[test]
fn illegal_moves_and_times_are_refused_with_what_is_allowed() {
    let kari = actor("kari");
    let mut h = History::new(
        DeviationState::Registrert,
        at("2025-05-05T09:00:00Z"),
        &kari,
    );
    let e = h
        .move_to(
            DeviationState::Lukket,
            at("2025-05-06T09:00:00Z"),
            &kari,
            None,
        )
        .unwrap_err();
    assert_eq!(
        e.nb,
        "avviket er «registrert» og kan bare gå til «mottatt», ikke til «lukket»"
    );
    assert_eq!(
        e.en,
        "the deviation is \"registered\" and can only go to \"received\", not to \"closed\""
    );
    let e = h
        .move_to(
            DeviationState::Registrert,
            at("2025-05-06T09:00:00Z"),
            &kari,
            None,
        )
        .unwrap_err();
    assert_eq!(e.nb, "avviket er allerede «registrert»");
    let e = h
        .move_to(
            DeviationState::Mottatt,
            at("2025-05-05T08:59:59Z"),
            &kari,
            None,
        )
        .unwrap_err();
    assert_eq!(
        e.nb,
        "tidspunktet 2025-05-05 10:59 er før forrige steg (2025-05-05 11:00); tiden går bare fremover"
    );
    // Nothing was recorded by the refusals; the same time is allowed.
    assert_eq!(h.steps().len(), 1);
    h.move_to(
        DeviationState::Mottatt,
        at("2025-05-05T09:00:00Z"),
        &kari,
        None,
    )
    .unwrap();
    // A measure ends evaluated.
    let mut m = History::new(MeasureState::Planlagt, at("2025-05-06T09:00:00Z"), &kari);
    m.move_to(
        MeasureState::Iverksatt,
        at("2025-05-07T09:00:00Z"),
        &kari,
        None,
    )
    .unwrap();
    m.move_to(
        MeasureState::Evaluert,
        at("2025-06-07T09:00:00Z"),
        &kari,
        None,
    )
    .unwrap();
    let e = m
        .move_to(
            MeasureState::Planlagt,
            at("2025-06-08T09:00:00Z"),
            &kari,
            None,
        )
        .unwrap_err();
    assert_eq!(e.nb, "tiltaket er «evaluert» og kan ikke flyttes videre");
}

#[test]
fn bad_registrations_say_what_is_wrong() {
    let kari = actor("kari");
    let m = RiskMatrix::default();
    let e = Risk::new(3, 7).unwrap_err();
    assert_eq!(e.nb, "sannsynlighet 7 er utenfor skalaen 1–5");
    assert_eq!(e.en, "likelihood 7 is outside the scale 1–5");
    let e = Deviation::register(
        "A-8",
        new(Risk::new(1, 1).unwrap(), Some("2025-05-01T00:00:00Z")),
        at("2025-05-05T09:00:00Z"),
        &kari,
        &m,
    )
    .unwrap_err();
    assert_eq!(
        e.nb,
        "fristen 2025-05-01 02:00 er allerede passert ved registreringen (2025-05-05 11:00)"
    );
    let mut later = new(Risk::new(1, 1).unwrap(), None);
    later.happened = at("2025-05-06T00:00:00Z");
    let e = Deviation::register("A-9", later, at("2025-05-05T09:00:00Z"), &kari, &m).unwrap_err();
    assert!(
        e.nb.starts_with("avviket skjedde 2025-05-06 02:00 etter at det ble registrert"),
        "{}",
        e.nb
    );
    let mut empty = new(Risk::new(1, 1).unwrap(), None);
    empty.description = " ".into();
    let e = Deviation::register("A-10", empty, at("2025-05-05T09:00:00Z"), &kari, &m).unwrap_err();
    assert_eq!(e.nb, "beskrivelsen mangler; skriv hva som skjedde");
}

#[test]
fn the_risk_matrix_gives_levels_colours_and_days() {
    // A matrix of the municipality's: medium from 6, high from 15; 60, 14
    // and 3 days.
    let m = RiskMatrix::new(6, 15, [60, 14, 3]).unwrap();
    let r = |c, l| Risk::new(c, l).unwrap();
    assert_eq!((m.level(r(1, 5)), m.days(r(1, 5))), (RiskLevel::Lav, 60));
    assert_eq!(
        (m.level(r(2, 3)), m.days(r(2, 3))),
        (RiskLevel::Middels, 14)
    );
    assert_eq!((m.level(r(5, 3)), m.days(r(5, 3))), (RiskLevel::Hoy, 3));
    assert_eq!(r(5, 3).score(), 15);
    assert_eq!(RiskLevel::Hoy.status(), crate::Status::Red);
    assert_eq!(
        m.deadline(r(5, 5), at("2025-12-30T12:00:00Z")),
        at("2026-01-02T12:00:00Z")
    );
    let e = RiskMatrix::new(12, 8, [60, 14, 3]).unwrap_err();
    assert!(
        e.nb.starts_with("grensene 12 (middels) og 8 (høy) må være 2–25"),
        "{}",
        e.nb
    );
    let e = RiskMatrix::new(6, 15, [14, 60, 3]).unwrap_err();
    assert!(
        e.nb.starts_with("høyere risiko kan ikke gi lengre frist"),
        "{}",
        e.nb
    );
    let e = RiskMatrix::new(6, 15, [60, 14, 0]).unwrap_err();
    assert_eq!(e.nb, "fristen 0 dager må være minst 1 dag");
}

#[test]
fn legal_notification_deadlines_are_flagged() {
    let found = at("2025-05-05T08:00:00Z");
    let health = NotificationDuty::SeriousAdverseEvent;
    assert_eq!(health.deadline(found), at("2025-05-06T08:00:00Z"));
    assert_eq!(
        health.notice(
            found,
            Some(at("2025-05-06T09:00:00Z")),
            at("2025-05-07T00:00:00Z")
        ),
        Notice::Late {
            at: at("2025-05-06T09:00:00Z"),
            deadline: at("2025-05-06T08:00:00Z")
        }
    );
    assert_eq!(
        health.notice(found, None, at("2025-05-05T20:00:00Z")),
        Notice::Due {
            deadline: at("2025-05-06T08:00:00Z")
        }
    );
    assert!(health
        .authority(Lang::Nb)
        .starts_with("Statens helsetilsyn straks"));
    assert_eq!("gdpr".parse(), Ok(NotificationDuty::PersonalDataBreach));
}

#[test]
fn the_registers_keywords_round_trip() {
    assert!(round_trips::<DeviationState>());
    assert!(round_trips::<MeasureState>());
    assert!(round_trips::<RiskLevel>());
    assert!(round_trips::<NotificationDuty>());
    assert_eq!(
        "under behandling".parse(),
        Ok(DeviationState::UnderBehandling)
    );
    assert_eq!(
        DeviationState::UnderBehandling.to_string(),
        "under_behandling"
    );
}

/// A deviation registered at `registered` with `days` to close it, closed
/// at `closed` if given.
fn handled(id: &str, registered: &str, days: i64, closed: Option<&str>) -> Deviation {
    let leader = actor("rektor");
    let mut r = new(Risk::new(1, 1).unwrap(), None);
    r.happened = at(registered);
    r.deadline = Some(at(registered) + chrono::Duration::days(days));
    let mut d = Deviation::register(
        id,
        r,
        at(registered),
        &actor("kari"),
        &RiskMatrix::default(),
    )
    .unwrap();
    if let Some(c) = closed {
        let h = &mut d.history;
        h.move_to(DeviationState::Mottatt, at(registered), &leader, None)
            .unwrap();
        h.move_to(
            DeviationState::UnderBehandling,
            at(registered),
            &leader,
            None,
        )
        .unwrap();
        h.move_to(DeviationState::Lukket, at(c), &leader, None)
            .unwrap();
    }
    d
}

#[test]
fn statistics_as_the_period_ended() {
    let all = [
        // Closed in 3 days, inside its 7.
        handled("A", "2025-05-02T12:00:00Z", 7, Some("2025-05-05T12:00:00Z")),
        // Closed in June, after its deadline 9 June: open, not yet due,
        // when May ended.
        handled(
            "B",
            "2025-05-10T12:00:00Z",
            30,
            Some("2025-06-20T12:00:00Z"),
        ),
        // Open, its deadline (19 May) passed.
        handled("C", "2025-05-12T12:00:00Z", 7, None),
        // Registered in April, still open past its deadline (5 May).
        handled("D", "2025-04-28T12:00:00Z", 7, None),
        // Registered in June: nothing of May's.
        handled("E", "2025-06-02T12:00:00Z", 7, None),
    ];
    let s = deviation_stats(
        &all,
        "2025-05".parse().unwrap(),
        20.0,
        at("2025-07-01T00:00:00Z"),
    );
    assert_eq!(
        s,
        DeviationStats {
            // A, B and C.
            count: 3,
            // 3 over 20 FTEs, times 10.
            per_10_fte: Some(1.5),
            // Decided: A (in time) and C (past its deadline).
            closed_in_time: Some(0.5),
            // Only A was closed by 31 May.
            median_days_to_close: Some(3.0),
            // C and D.
            open_past_deadline: 2,
        }
    );
    // June, as it stands on 25 June: E is June's only one, open past its
    // deadline (9 June): decided, not in time.
    let s = deviation_stats(
        &all,
        "2025-06".parse().unwrap(),
        0.0,
        at("2025-06-25T00:00:00Z"),
    );
    assert_eq!(
        (s.count, s.per_10_fte, s.closed_in_time),
        (1, None, Some(0.0))
    );
    // C, D and E open past their deadlines; B closed on 20 June.
    assert_eq!(s.open_past_deadline, 3);
    assert_eq!(s.median_days_to_close, None);
    // The tertial 2025-T2 (May–August) by 1 July: A, B, C and E; all four
    // decided, only A in time; closed: A in 3 days, B in 41.
    let s = deviation_stats(
        &all,
        "2025-T2".parse().unwrap(),
        20.0,
        at("2025-07-01T00:00:00Z"),
    );
    assert_eq!(s.count, 4);
    assert_eq!(s.closed_in_time, Some(0.25));
    assert_eq!(s.median_days_to_close, Some(22.0));
    assert_eq!(s.open_past_deadline, 3);
}

fn benefit(expected: f64, realised: &[(&str, f64)]) -> Benefit {
    Benefit {
        name: "Spart tid på digitalt tilsyn".into(),
        kind: BenefitKind::Economic,
        measure_unit: None,
        baseline: Baseline {
            value: 0.0,
            date: "2025-01-01".parse().unwrap(),
            source: "Tidsregistrering".into(),
        },
        expected,
        // Due by the end of the second tertial, 31 August.
        due: "2025-T2".parse().unwrap(),
        realised: realised
            .iter()
            .map(|(p, v)| (p.parse().unwrap(), *v))
            .collect(),
    }
}

#[test]
fn benefits_are_judged_against_baseline_and_time() {
    let day = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    // 1 January to 31 August is 242 days; on 1 May 120 have passed (50 %).
    let b = benefit(400_000.0, &[("2025-T1", 240_000.0)]);
    let (s, why) = b.status(day("2025-05-01"));
    assert_eq!(s, BenefitStatus::OnTrack);
    assert_eq!(
        why.nb,
        "60 % av gevinsten er realisert (240 000 i 2025-T1 mot nullpunkt 0 og forventet 400 000 kr); 50 % av tiden er gått"
    );
    // The same 60 % on 1 July (181 days, 75 %): behind.
    assert_eq!(b.status(day("2025-07-01")).0, BenefitStatus::Behind);
    // Past the due period, still short: behind, and it says so.
    let (s, why) = b.status(day("2025-09-15"));
    assert_eq!(s, BenefitStatus::Behind);
    assert!(
        why.nb.ends_with("; fristen (2025-T2) er passert"),
        "{}",
        why.nb
    );
    // The latest value counts: reached.
    let b = benefit(400_000.0, &[("2025-T1", 240_000.0), ("2025-T2", 420_000.0)]);
    let (s, why) = b.status(day("2025-09-15"));
    assert_eq!(s, BenefitStatus::Realised);
    assert!(
        why.nb
            .starts_with("105 % av gevinsten er realisert (420 000 i 2025-T2"),
        "{}",
        why.nb
    );
    // Nothing measured yet.
    let (s, why) = benefit(400_000.0, &[]).status(day("2025-05-01"));
    assert_eq!(
        (s, why.nb.as_str()),
        (
            BenefitStatus::NotMeasured,
            "ingen måling etter nullpunktet (2025-01-01)"
        )
    );
    assert_eq!(s.light(), crate::Status::NoData);
    // An expected value equal to the baseline cannot be followed up.
    let (s, why) = benefit(0.0, &[("2025-T1", 1.0)]).status(day("2025-05-01"));
    assert_eq!(s, BenefitStatus::NotMeasured);
    assert_eq!(
        why.nb,
        "forventet verdi er lik nullpunktet; en gevinst må endre noe"
    );
    // A project is as behind as its most behind benefit.
    use BenefitStatus::*;
    assert_eq!(
        project_status([Realised, OnTrack, NotMeasured]),
        Some(NotMeasured)
    );
    assert_eq!(project_status([OnTrack, Behind, Realised]), Some(Behind));
    assert_eq!(project_status([Realised, Realised]), Some(Realised));
    assert_eq!(project_status([]), None);
    assert!(round_trips::<BenefitStatus>());
    assert!(round_trips::<BenefitKind>());
}

#[test]
fn a_periods_list_holds_its_own_and_the_ones_still_open() {
    let may: crate::Period = "2025-05".parse().unwrap();
    let now = at("2025-12-01T00:00:00Z");
    // April's, closed in April: not May's.
    let closed = handled("A", "2025-04-02T12:00:00Z", 7, Some("2025-04-05T12:00:00Z"));
    // April's, closed in June: open when May ended.
    let late = handled("B", "2025-04-10T12:00:00Z", 7, Some("2025-06-05T12:00:00Z"));
    // June's: not yet there.
    let june = handled("C", "2025-06-02T12:00:00Z", 7, None);
    // May's, closed in May.
    let own = handled("D", "2025-05-02T12:00:00Z", 7, Some("2025-05-03T12:00:00Z"));
    let got: Vec<bool> = [&closed, &late, &june, &own]
        .iter()
        .map(|d| listed(d, may, now))
        .collect();
    assert_eq!(got, [false, true, false, true]);
    let model = crate::Model::example();
    let r = deviations_report(&model, &[closed, late, june, own], may, now, Lang::En);
    let ids: Vec<String> = r.sections[0]
        .table()
        .unwrap()
        .rows
        .iter()
        .map(|row| row.cells[0].text(Lang::En))
        .collect();
    assert_eq!(ids, ["B", "D"]);
    // B is past its deadline (17 April, 12:00 UTC: 14:00 in Norway's
    // summer time) at May's end.
    assert_eq!(
        r.sections[0].table().unwrap().rows[0].cells[8].text(Lang::En),
        "2025-04-17 14:00 (passed)"
    );
}

#[test]
fn a_plan_for_several_units_follows_them_all() {
    use crate::observation::{Dataset, ObservationInput};
    let model = crate::Model::example();
    // Lost days of work (M.1.9, summed over units), for two of the
    // sector's units; December is before the baseline.
    let obs = [
        ("hjemmebaserte", "2024-12", 99.0),
        ("hjemmebaserte", "2025-01", 10.0),
        ("institusjon", "2025-01", 5.0),
        ("hjemmebaserte", "2025-02", 8.0),
        ("institusjon", "2025-03", 4.0),
        ("aurvoll", "2025-02", 1000.0),
    ];
    let inputs: Vec<ObservationInput> = obs
        .iter()
        .map(|(u, p, v)| ObservationInput::new("M.1.9", u, p, Some(*v)))
        .collect();
    let mut data = Dataset::new(&model);
    data.insert_all(&model.validate_batch(&inputs).unwrap());
    let (mut plan, _) = crate::example::sample_benefit_plan().unwrap();
    plan.benefits[0].indicator = Some("M.1.9".into());
    let name = plan.benefits[0].benefit.name.clone();
    // March recorded by hand: the recorded value wins over the indicator.
    let recorded = vec![(name, "2025-03".parse().unwrap(), 3.0)];
    let mut realised = |units: &[&str]| {
        plan.units = units.iter().map(|u| u.to_string()).collect();
        with_realised(&model, &data, &recorded, &plan).benefits[0]
            .benefit
            .realised
            .iter()
            .map(|(p, v)| (p.to_string(), *v))
            .collect::<Vec<_>>()
    };
    let both = vec![
        ("2025-01".to_string(), 15.0),
        ("2025-02".to_string(), 8.0),
        ("2025-03".to_string(), 3.0),
    ];
    assert_eq!(realised(&["hjemmebaserte", "institusjon"]), both);
    // The sector stands for its units (the school's value is not in it).
    assert_eq!(realised(&["helse_omsorg"]), both);
    // One unit: its own values.
    assert_eq!(
        realised(&["institusjon"]),
        vec![("2025-01".to_string(), 5.0), ("2025-03".to_string(), 3.0)]
    );
}
