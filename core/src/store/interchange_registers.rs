//! The registers in a store's JSON export: deviations and their measures
//! (their steps travel as events). Each field is checked at its JSON path
//! on the way in, and every history is read back by the workflow rule
//! before anything is stored.

use super::Checker;
use crate::asof::format_instant;
use crate::ids::UnitId;
use crate::problem::ProblemKind;
use crate::register::{NotificationDuty, Risk};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// A deviation's row in the export.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DocDeviation {
    id: String,
    unit: String,
    category: String,
    description: String,
    happened: String,
    consequence: i64,
    likelihood: i64,
    duty: Option<String>,
    deadline: String,
    #[serde(default)]
    deadline_by_hand: bool,
    notified: Option<String>,
}

/// A measure's row in the export.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DocMeasure {
    deviation: String,
    n: i64,
    text: String,
    owner: String,
}

/// The times as the tables hold them.
#[derive(Default)]
pub(super) struct CheckedRegisters {
    happened: Vec<String>,
    deadline: Vec<String>,
    notified: Vec<Option<String>>,
}

/// Checks every field: ids once, units, times, the risk scale, the duty,
/// measures of known deviations numbered 0, 1, 2 … and owned by actors.
pub(super) fn check(
    deviations: &[DocDeviation],
    measures: &[DocMeasure],
    c: &mut Checker<'_>,
) -> CheckedRegisters {
    let mut out = CheckedRegisters::default();
    let mut ids: HashSet<&str> = HashSet::new();
    for (i, d) in deviations.iter().enumerate() {
        let path = format!("deviations[{i}]");
        c.text(format!("{path}.id"), &d.id, ("id-en", "the id"));
        if d.id.contains('#') {
            c.add(
                format!("{path}.id"),
                format!("«{}»: en avviks-id kan ikke ha #", d.id),
                format!("\"{}\": a deviation id cannot hold #", d.id),
            );
        }
        if !ids.insert(d.id.as_str()) {
            c.add_kind(
                ProblemKind::Duplicate,
                format!("{path}.id"),
                format!("avviket «{}» finnes to ganger", d.id),
                format!("deviation \"{}\" appears twice", d.id),
            );
        }
        if let Err(e) = UnitId::new(&d.unit) {
            c.add_kind(
                ProblemKind::BadName,
                format!("{path}.unit"),
                crate::Localized::render(&e, crate::Lang::Nb),
                crate::Localized::render(&e, crate::Lang::En),
            );
        }
        c.text(
            format!("{path}.category"),
            &d.category,
            ("kategorien", "the category"),
        );
        c.text(
            format!("{path}.description"),
            &d.description,
            ("beskrivelsen", "the description"),
        );
        if let Err(t) = Risk::new(d.consequence, d.likelihood) {
            c.add_kind(
                ProblemKind::OutOfRange,
                format!("{path}.consequence"),
                t.nb,
                t.en,
            );
        }
        if let Some(Err(e)) = d.duty.as_deref().map(str::parse::<NotificationDuty>) {
            c.add(
                format!("{path}.duty"),
                crate::Localized::render(&e, crate::Lang::Nb),
                e.to_string(),
            );
        }
        let time = |c: &mut Checker<'_>, field: &str, text: &str| {
            c.instant(format!("{path}.{field}"), text)
                .map(format_instant)
                .unwrap_or_default()
        };
        out.happened.push(time(c, "happened", &d.happened));
        out.deadline.push(time(c, "deadline", &d.deadline));
        let notified = d.notified.as_deref().map(|n| time(c, "notified", n));
        out.notified.push(notified);
    }
    let mut numbers: HashSet<(&str, i64)> = HashSet::new();
    for (i, m) in measures.iter().enumerate() {
        let path = format!("deviation_measures[{i}]");
        if !ids.contains(m.deviation.as_str()) {
            c.add_kind(
                ProblemKind::UnknownReference,
                format!("{path}.deviation"),
                format!(
                    "tiltaket hører til avviket «{}», som ikke er i eksporten",
                    m.deviation
                ),
                format!(
                    "the measure belongs to deviation \"{}\", which is not in the export",
                    m.deviation
                ),
            );
        }
        // In order: every smaller number is there (bounded by how many
        // measures the export has, so a huge number is refused at once).
        let in_order = m.n >= 0
            && usize::try_from(m.n).is_ok_and(|n| n <= measures.len())
            && (0..m.n).all(|k| numbers.contains(&(m.deviation.as_str(), k)));
        if !in_order || !numbers.insert((m.deviation.as_str(), m.n)) {
            c.add(
                format!("{path}.n"),
                format!(
                    "tiltakene til et avvik nummereres 0, 1, 2 … i rekkefølge (her {})",
                    m.n
                ),
                format!(
                    "a deviation's measures are numbered 0, 1, 2 … in order (here {})",
                    m.n
                ),
            );
        }
        c.text(format!("{path}.text"), &m.text, ("teksten", "the text"));
        c.actor(format!("{path}.owner"), &m.owner);
    }
    out
}

/// The registers' rows as the export holds them.
pub(super) fn export(
    store: &super::Store,
) -> Result<(Vec<DocDeviation>, Vec<DocMeasure>), crate::Error> {
    let deviations = super::all(
        store,
        "SELECT id, unit, category, description, happened, consequence, likelihood, duty, deadline, deadline_by_hand, notified
         FROM deviations ORDER BY id",
        |r| {
            Ok(DocDeviation {
                id: r.get(0)?,
                unit: r.get(1)?,
                category: r.get(2)?,
                description: r.get(3)?,
                happened: r.get(4)?,
                consequence: r.get(5)?,
                likelihood: r.get(6)?,
                duty: r.get(7)?,
                deadline: r.get(8)?,
                deadline_by_hand: r.get(9)?,
                notified: r.get(10)?,
            })
        },
    )?;
    let measures = super::all(
        store,
        "SELECT deviation, n, text, owner FROM deviation_measures ORDER BY deviation, n",
        |r| {
            Ok(DocMeasure {
                deviation: r.get(0)?,
                n: r.get(1)?,
                text: r.get(2)?,
                owner: r.get(3)?,
            })
        },
    )?;
    Ok((deviations, measures))
}

/// Writes the checked rows.
pub(super) fn write(
    tx: &Connection,
    deviations: &[DocDeviation],
    measures: &[DocMeasure],
    c: &CheckedRegisters,
) -> rusqlite::Result<()> {
    for (i, d) in deviations.iter().enumerate() {
        tx.execute(
            "INSERT INTO deviations (id, unit, category, description, happened, consequence, likelihood, duty, deadline, deadline_by_hand, notified)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                d.id,
                d.unit,
                d.category,
                d.description,
                c.happened[i],
                d.consequence,
                d.likelihood,
                d.duty.as_deref().and_then(|x| x.parse::<NotificationDuty>().ok()).map(|x| x.key()),
                c.deadline[i],
                d.deadline_by_hand,
                c.notified[i]
            ],
        )?;
    }
    for m in measures {
        tx.execute(
            "INSERT INTO deviation_measures (deviation, n, text, owner) VALUES (?1, ?2, ?3, ?4)",
            params![m.deviation, m.n, m.text, m.owner],
        )?;
    }
    Ok(())
}

/// A whistleblowing case's row in the export: the identity only as the
/// ciphertext, in hex.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DocCase {
    id: String,
    channel: String,
    subject: String,
    description: String,
    unit: Option<String>,
    handler: Option<String>,
    sealed: Option<String>,
}

/// Checks the cases: ids once, a known channel, a unit id, an actor, the
/// ciphertext in hex.
pub(super) fn check_cases(cases: &[DocCase], c: &mut Checker<'_>) {
    let mut ids: HashSet<&str> = HashSet::new();
    for (i, x) in cases.iter().enumerate() {
        let path = format!("whistleblowing_cases[{i}]");
        c.text(format!("{path}.id"), &x.id, ("id-en", "the id"));
        if !ids.insert(x.id.as_str()) {
            c.add_kind(
                ProblemKind::Duplicate,
                format!("{path}.id"),
                format!("varslingssaken «{}» finnes to ganger", x.id),
                format!("whistleblowing case \"{}\" appears twice", x.id),
            );
        }
        if let Err(e) = x.channel.parse::<crate::register::Channel>() {
            c.add(
                format!("{path}.channel"),
                crate::Localized::render(&e, crate::Lang::Nb),
                e.to_string(),
            );
        }
        c.text(
            format!("{path}.subject"),
            &x.subject,
            ("emnet", "the subject"),
        );
        c.text(
            format!("{path}.description"),
            &x.description,
            ("beskrivelsen", "the description"),
        );
        if let Some(Err(e)) = x.unit.as_deref().map(UnitId::new) {
            c.add_kind(
                ProblemKind::BadName,
                format!("{path}.unit"),
                crate::Localized::render(&e, crate::Lang::Nb),
                crate::Localized::render(&e, crate::Lang::En),
            );
        }
        if let Some(h) = &x.handler {
            c.actor(format!("{path}.handler"), h);
        }
        if x.sealed
            .as_deref()
            .is_some_and(|s| crate::register::SealedIdentity::from_hex(s).is_none())
        {
            c.add(
                format!("{path}.sealed"),
                "den forseglede identiteten er ikke heksadesimal; eksporten er skadet".into(),
                "the sealed identity is not hexadecimal; the export is damaged".into(),
            );
        }
    }
}

/// The cases as the export holds them.
pub(super) fn export_cases(store: &super::Store) -> Result<Vec<DocCase>, crate::Error> {
    super::all(
        store,
        "SELECT id, channel, subject, description, unit, handler, sealed FROM whistleblowing_cases ORDER BY id",
        |r| {
            Ok(DocCase {
                id: r.get(0)?,
                channel: r.get(1)?,
                subject: r.get(2)?,
                description: r.get(3)?,
                unit: r.get(4)?,
                handler: r.get(5)?,
                sealed: r
                    .get::<_, Option<Vec<u8>>>(6)?
                    .map(|b| crate::register::SealedIdentity::from_ciphertext(b).to_hex()),
            })
        },
    )
}

/// Writes the checked cases (their steps come with the events).
pub(super) fn write_cases(tx: &Connection, cases: &[DocCase]) -> rusqlite::Result<()> {
    for x in cases {
        let channel = x
            .channel
            .parse::<crate::register::Channel>()
            .map(|c| c.key())
            .unwrap_or("other");
        let sealed = x
            .sealed
            .as_deref()
            .and_then(crate::register::SealedIdentity::from_hex)
            .map(|s| s.ciphertext().to_vec());
        tx.execute(
            "INSERT INTO whistleblowing_cases (id, channel, subject, description, unit, handler, sealed)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![x.id, channel, x.subject, x.description, x.unit, x.handler, sealed],
        )?;
    }
    Ok(())
}

/// A benefit plan version's row in the export (the plan as the store
/// keeps it, JSON in a string).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DocBenefitPlan {
    id: String,
    version: i64,
    plan: String,
    at: String,
    actor: String,
}

/// A recorded benefit value's row in the export.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DocBenefitValue {
    plan: String,
    benefit: String,
    period: String,
    value: f64,
    at: String,
    actor: String,
}

/// Checks the benefit rows: each plan readable, versions once, values of
/// known plans with a period, a finite number, a time and an actor.
pub(super) fn check_benefits(
    plans: &[DocBenefitPlan],
    values: &[DocBenefitValue],
    c: &mut Checker<'_>,
) {
    let mut seen: HashSet<(&str, i64)> = HashSet::new();
    for (i, p) in plans.iter().enumerate() {
        let path = format!("benefit_plans[{i}]");
        let ok = serde_json::from_str::<crate::register::StoredPlan>(&p.plan)
            .ok()
            .and_then(|s| crate::register::BenefitPlan::from_stored(&s))
            .is_some_and(|x| x.id == p.id);
        if !ok {
            c.add(
                format!("{path}.plan"),
                "gevinstplanen kan ikke leses; eksporten er skadet".into(),
                "the benefit plan cannot be read; the export is damaged".into(),
            );
        }
        if p.version < 1 || !seen.insert((p.id.as_str(), p.version)) {
            c.add(
                format!("{path}.version"),
                format!(
                    "versjon {} av gevinstplanen «{}» er ugyldig eller står to ganger",
                    p.version, p.id
                ),
                format!(
                    "version {} of benefit plan \"{}\" is invalid or appears twice",
                    p.version, p.id
                ),
            );
        }
        c.instant(format!("{path}.at"), &p.at);
        c.actor(format!("{path}.actor"), &p.actor);
    }
    for (i, v) in values.iter().enumerate() {
        let path = format!("benefit_values[{i}]");
        if !plans.iter().any(|p| p.id == v.plan) {
            c.add_kind(
                ProblemKind::UnknownReference,
                format!("{path}.plan"),
                format!(
                    "verdien hører til gevinstplanen «{}», som ikke er i eksporten",
                    v.plan
                ),
                format!(
                    "the value belongs to benefit plan \"{}\", which is not in the export",
                    v.plan
                ),
            );
        }
        if v.period.parse::<crate::period::Period>().is_err() {
            c.add(
                format!("{path}.period"),
                format!("«{}» er ikke en periode", v.period),
                format!("\"{}\" is not a period", v.period),
            );
        }
        if !v.value.is_finite() {
            c.add(
                format!("{path}.value"),
                "verdien er ikke et tall".into(),
                "the value is not a number".into(),
            );
        }
        c.text(
            format!("{path}.benefit"),
            &v.benefit,
            ("gevinsten", "the benefit"),
        );
        c.instant(format!("{path}.at"), &v.at);
        c.actor(format!("{path}.actor"), &v.actor);
    }
}

/// The benefit rows as the export holds them.
pub(super) fn export_benefits(
    store: &super::Store,
) -> Result<(Vec<DocBenefitPlan>, Vec<DocBenefitValue>), crate::Error> {
    let plans = super::all(
        store,
        "SELECT id, version, plan, at, actor FROM benefit_plans ORDER BY id, version",
        |r| {
            Ok(DocBenefitPlan {
                id: r.get(0)?,
                version: r.get(1)?,
                plan: r.get(2)?,
                at: r.get(3)?,
                actor: r.get(4)?,
            })
        },
    )?;
    let values = super::all(
        store,
        "SELECT plan, benefit, period, value, at, actor FROM benefit_values ORDER BY id",
        |r| {
            Ok(DocBenefitValue {
                plan: r.get(0)?,
                benefit: r.get(1)?,
                period: r.get(2)?,
                value: r.get(3)?,
                at: r.get(4)?,
                actor: r.get(5)?,
            })
        },
    )?;
    Ok((plans, values))
}

/// Writes the checked benefit rows (times in the canonical form).
pub(super) fn write_benefits(
    tx: &Connection,
    plans: &[DocBenefitPlan],
    values: &[DocBenefitValue],
) -> rusqlite::Result<()> {
    let canon = |t: &str| {
        crate::asof::parse_instant(t)
            .map(format_instant)
            .unwrap_or_default()
    };
    for p in plans {
        tx.execute(
            "INSERT INTO benefit_plans (id, version, plan, at, actor) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![p.id, p.version, p.plan, canon(&p.at), p.actor],
        )?;
    }
    for v in values {
        tx.execute(
            "INSERT INTO benefit_values (plan, benefit, period, value, at, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![v.plan, v.benefit, v.period, v.value, canon(&v.at), v.actor],
        )?;
    }
    Ok(())
}
