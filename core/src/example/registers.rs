//! Øyer kommune's deviation register for 2025 as example data: a year of
//! deviations across the service units (about one per four FTEs), most
//! handled in time, some late, a few still open; a personal-data breach
//! notified to Datatilsynet and a serious adverse event in the nursing
//! home. Made up, of plausible kinds and numbers.

use super::Rng;
use crate::actor::Actor;
use crate::model::Model;
use crate::register::{
    Baseline, Benefit, BenefitKind, BenefitPlan, Deviation, DeviationReport, DeviationState,
    NotificationDuty, PlannedBenefit, ProjectKind, Risk,
};
use crate::unit::Scope;
use chrono::{DateTime, Duration, TimeZone, Utc};

/// What happens where, by the kind of unit: (category, description).
fn happenings(kind: &str) -> &'static [(&'static str, &'static str)] {
    match kind {
        "barnehage" => &[
            ("HMS", "Barn klemte fingeren i døra på stellerommet"),
            ("HMS", "Ansatt skadet ryggen ved løft av barn"),
            (
                "brudd på rutine eller prosedyre",
                "Barn hentet av person som ikke sto på hentelisten",
            ),
            (
                "pasient- og brukersikkerhet",
                "Barn fikk mat med allergen (egg)",
            ),
            ("annet", "Port til uteområdet sto åpen ved stengetid"),
        ],
        "skole" => &[
            ("HMS", "Elev skadet seg i gymsalen"),
            ("HMS", "Trussel mot ansatt fra elev"),
            (
                "informasjonssikkerhet og personvern",
                "Karakterliste sendt til feil foresatt",
            ),
            (
                "brudd på rutine eller prosedyre",
                "Fravær ikke meldt til foresatte samme dag",
            ),
            (
                "brudd på lov eller forskrift",
                "Vedtak om spesialundervisning ikke fattet innen fristen",
            ),
            ("annet", "Brannalarm utløst uten grunn"),
        ],
        "omsorg" => &[
            (
                "pasient- og brukersikkerhet",
                "Feil medisin gitt til bruker",
            ),
            (
                "pasient- og brukersikkerhet",
                "Fall uten at fallrutinen ble fulgt",
            ),
            (
                "pasient- og brukersikkerhet",
                "Planlagt besøk ikke gjennomført",
            ),
            ("HMS", "Ansatt utsatt for vold fra bruker"),
            (
                "informasjonssikkerhet og personvern",
                "Journalopplysninger lest uten tjenstlig behov",
            ),
            (
                "brudd på rutine eller prosedyre",
                "Dobbeltkontroll av legemidler ikke dokumentert",
            ),
        ],
        _ => &[
            ("HMS", "Ansatt skadet seg på glatt underlag"),
            (
                "informasjonssikkerhet og personvern",
                "E-post med personopplysninger sendt feil",
            ),
            (
                "brudd på rutine eller prosedyre",
                "Saksbehandlingsfrist ikke overholdt",
            ),
            ("annet", "Tjenestebil levert uten drivstoff"),
        ],
    }
}

fn actor(name: &str) -> Option<Actor> {
    Actor::new(name).ok()
}

/// The example's deviations registered in 2025, with their handling as it
/// stood at the end of November 2025, in the order registered.
pub fn sample_deviations(model: &Model) -> Vec<Deviation> {
    let mut rng = Rng::new(1212);
    let matrix = model.deviations().matrix;
    let start = Utc
        .with_ymd_and_hms(2025, 1, 2, 7, 0, 0)
        .single()
        .unwrap_or_default();
    let until: DateTime<Utc> = Utc
        .with_ymd_and_hms(2025, 11, 30, 12, 0, 0)
        .single()
        .unwrap_or_default();
    let days = (until - start).num_days();
    let mut out = Vec::new();
    for u in model.service_units(&Scope::Municipality) {
        let what = happenings(u.kind.as_str());
        let n = (u.fte / 4.0).round().max(2.0) as usize;
        let Some(leader) = actor(&format!("leder.{}", u.id)) else {
            continue;
        };
        for _ in 0..n {
            let (category, description) = what[(rng.next_u64() as usize) % what.len()];
            let reported = start
                + Duration::days((rng.next_u64() % days as u64) as i64)
                + Duration::minutes((rng.next_u64() % 540) as i64);
            let happened = reported - Duration::hours((rng.next_u64() % 30) as i64);
            let Ok(risk) = Risk::new(
                1 + (rng.next_u64() % 4) as i64,
                1 + (rng.next_u64() % 4) as i64,
            ) else {
                continue;
            };
            let duty = if category == "informasjonssikkerhet og personvern" && rng.unit() < 0.3 {
                Some(NotificationDuty::PersonalDataBreach)
            } else if category == "pasient- og brukersikkerhet" && risk.score() >= 12 {
                Some(NotificationDuty::SeriousAdverseEvent)
            } else {
                None
            };
            let report = DeviationReport {
                unit: u.id.clone(),
                category: category.to_string(),
                description: description.to_string(),
                happened,
                risk,
                duty,
                deadline: None,
            };
            let Some(reporter) = actor(&format!("ansatt.{}", 100 + rng.next_u64() % 400)) else {
                continue;
            };
            let Ok(mut d) = Deviation::register("", report, reported, &reporter, &matrix) else {
                continue;
            };
            if let Some(duty) = duty {
                d.notified = Some(happened + duty.within() / 2);
            }
            // Received within two days; in progress the day after; most
            // closed, within the deadline three times in four.
            let allowed = d.deadline - reported;
            let got = reported + Duration::hours(2 + (rng.next_u64() % 46) as i64);
            let working = got + Duration::hours(20);
            let roll = rng.unit();
            let closed = if roll < 0.6 {
                Some(working + allowed / 2)
            } else if roll < 0.8 {
                Some(working + allowed + Duration::days(10))
            } else {
                None
            };
            let mut moves = vec![
                (DeviationState::Mottatt, got),
                (DeviationState::UnderBehandling, working),
            ];
            if let Some(c) = closed {
                moves.push((DeviationState::Lukket, c));
            }
            for (state, at) in moves {
                if at > until {
                    break;
                }
                if d.history.move_to(state, at, &leader, None).is_err() {
                    break;
                }
            }
            out.push(d);
        }
    }
    out.sort_by_key(Deviation::registered);
    for (i, d) in out.iter_mut().enumerate() {
        d.id = format!("AV-2025-{:03}", i + 1);
    }
    out
}

/// A realised value of the example: (benefit, period, value).
pub type RealisedValue = (&'static str, &'static str, f64);

/// The example's benefit plan: digital home-care visits (digitalt
/// tilsyn) in the home-based services, with three benefits, and the
/// values realised by the second tertial of 2025: fewer kilometres driven
/// (on track), hours saved valued in kroner (behind), and users who feel
/// safe at home (not measured yet).
pub fn sample_benefit_plan() -> Option<(BenefitPlan, Vec<RealisedValue>)> {
    let start = chrono::NaiveDate::from_ymd_opt(2025, 1, 1)?;
    let (y2025, y2026) = (
        crate::period::Period::year(2025).ok()?,
        crate::period::Period::year(2026).ok()?,
    );
    let benefit =
        |name: &str, kind, unit: Option<&str>, base: f64, source: &str, expected: f64, due| {
            Benefit {
                name: name.to_string(),
                kind,
                measure_unit: unit.map(str::to_string),
                baseline: Baseline {
                    value: base,
                    date: start,
                    source: source.to_string(),
                },
                expected,
                due,
                realised: Vec::new(),
            }
        };
    let measure = "Digitalt tilsyn med skjerm og sensorer";
    let plan = BenefitPlan {
        id: "GP-1".into(),
        project: "Digitalt tilsyn i hjemmetjenesten".into(),
        owner: "kommunalsjef.helse".into(),
        units: vec!["hjemmebaserte".into()],
        kind: ProjectKind::Operations,
        benefits: vec![
            PlannedBenefit {
                benefit: benefit(
                    "Færre kjørte kilometer",
                    BenefitKind::Quality,
                    Some("km per uke"),
                    1800.0,
                    "Kjørebok for tjenestebilene",
                    1200.0,
                    y2025,
                ),
                description: "Tilsyn på skjerm erstatter en del av de fysiske besøkene".into(),
                owner: "leder.hjemmebaserte".into(),
                indicator: None,
                goals: vec!["TP.3".into()],
                measure: measure.into(),
                effect: "Færre fysiske tilsynsbesøk".into(),
            },
            PlannedBenefit {
                benefit: benefit(
                    "Frigjort tid til brukerrettet arbeid",
                    BenefitKind::Economic,
                    None,
                    0.0,
                    "Tidsregistrering (GAT)",
                    900_000.0,
                    y2025,
                ),
                description: "Spart kjøretid verdsatt i kroner".into(),
                owner: "leder.hjemmebaserte".into(),
                indicator: None,
                goals: vec!["KP.3".into()],
                measure: measure.into(),
                effect: "Færre fysiske tilsynsbesøk".into(),
            },
            PlannedBenefit {
                benefit: benefit(
                    "Brukere som føler seg trygge hjemme",
                    BenefitKind::Quality,
                    Some("% av brukerne"),
                    72.0,
                    "Brukerundersøkelsen 2024",
                    85.0,
                    y2026,
                ),
                description: "Andel som svarer 4 eller 5 på tryggheten".into(),
                owner: "kommunalsjef.helse".into(),
                indicator: None,
                goals: vec!["TP.3".into(), "KP.2".into()],
                measure: measure.into(),
                effect: "Raskere hjelp ved fall og uro om natten".into(),
            },
        ],
    };
    let realised = vec![
        ("Færre kjørte kilometer", "2025-T1", 1650.0),
        ("Færre kjørte kilometer", "2025-T2", 1380.0),
        ("Frigjort tid til brukerrettet arbeid", "2025-T2", 210_000.0),
    ];
    Some((plan, realised))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_across_every_service_unit() {
        let model = Model::example();
        let all = sample_deviations(&model);
        // About one per four FTEs, at least two per unit.
        let expected: usize = model
            .service_units(&Scope::Municipality)
            .iter()
            .map(|u| (u.fte / 4.0).round().max(2.0) as usize)
            .sum();
        assert_eq!(all.len(), expected);
        for u in model.service_units(&Scope::Municipality) {
            assert!(all.iter().any(|d| d.report.unit == u.id), "{}", u.id);
        }
        let closed = all.iter().filter(|d| d.closed_at().is_some()).count();
        let late = all
            .iter()
            .filter(|d| d.closed_within_deadline() == Some(false))
            .count();
        assert!(
            closed > all.len() / 2 && late > 0,
            "{closed} closed, {late} late of {}",
            all.len()
        );
        assert!(all
            .iter()
            .any(|d| d.report.duty.is_some() && d.notified.is_some()));
        let ids: std::collections::HashSet<&str> = all.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids.len(), all.len());
    }
}
