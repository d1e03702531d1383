//! The economy in a store's JSON export: plan versions, account lines and
//! entered forecasts, each field checked on the way in and each problem
//! named by its JSON path.

use super::Checker;
use crate::asof::format_instant;
use crate::economy::{VersionKind, YearBudget};
use crate::model::Model;
use crate::period::{Frequency, Period};
use crate::problem::ProblemKind;
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// A plan version in the export.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DocPlanVersion {
    id: String,
    kind: String,
    title: String,
    decision_ref: Option<String>,
    decided_on: Option<String>,
    based_on: Option<String>,
    first_year: i32,
    years: Vec<YearBudget>,
    entered_at: String,
    actor: String,
}

/// An account line (one revision) in the export.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DocAccountLine {
    unit: String,
    month: String,
    #[serde(default)]
    category: String,
    batch: i64,
    amount: f64,
    sheet: Option<String>,
    cell: Option<String>,
}

/// An entered forecast in the export.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DocForecast {
    unit: String,
    period: String,
    amount: f64,
    comment: String,
    at: String,
    actor: String,
}

/// The economy's part of the document.
#[derive(Debug, Default)]
pub(super) struct DocEconomy<'a> {
    pub(super) plan_versions: &'a [DocPlanVersion],
    pub(super) account_lines: &'a [DocAccountLine],
    pub(super) forecasts: &'a [DocForecast],
}

/// What the check found, in the form the tables hold.
#[derive(Default)]
pub(super) struct CheckedEconomy {
    version_at: Vec<String>,
    version_actor: Vec<String>,
    line_month: Vec<i64>,
    forecast_period: Vec<i64>,
    forecast_at: Vec<String>,
    forecast_actor: Vec<String>,
}

/// Checks the economy's part: kinds, dates, versions based on earlier
/// ones, unique ids, service units, months, tertials, known batches,
/// times and actors.
pub(super) fn check(
    doc: &DocEconomy<'_>,
    batches: &HashSet<i64>,
    model: &Model,
    c: &mut Checker<'_>,
) -> CheckedEconomy {
    let mut out = CheckedEconomy::default();
    let mut ids: HashSet<&str> = HashSet::new();
    for (i, v) in doc.plan_versions.iter().enumerate() {
        let path = format!("plan_versions[{i}]");
        c.text(format!("{path}.id"), &v.id, ("id-en", "the id"));
        if !ids.insert(v.id.as_str()) {
            c.add_kind(
                ProblemKind::Duplicate,
                format!("{path}.id"),
                format!("versjonen «{}» finnes to ganger", v.id),
                format!("version \"{}\" appears twice", v.id),
            );
        }
        if let Err(e) = v.kind.parse::<VersionKind>() {
            c.add(
                format!("{path}.kind"),
                crate::Localized::render(&e, crate::Lang::Nb),
                e.to_string(),
            );
        }
        if let Some(d) = &v.decided_on {
            if NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err() {
                c.add_kind(
                    ProblemKind::BadTime,
                    format!("{path}.decided_on"),
                    format!("«{d}» er ikke en dato (skriv ÅÅÅÅ-MM-DD)"),
                    format!("\"{d}\" is not a date (write YYYY-MM-DD)"),
                );
            }
        }
        if v.decision_ref.is_some() != v.decided_on.is_some() {
            c.add_kind(
                ProblemKind::Missing,
                format!("{path}.decided_on"),
                "et vedtak har både sak og dato".into(),
                "a decision has both a case and a date".into(),
            );
        }
        if let Some(b) = &v.based_on {
            // Versions come in the order entered: a version is based on one
            // before it.
            if !ids.contains(b.as_str()) || b == &v.id {
                c.add_kind(
                    ProblemKind::UnknownReference,
                    format!("{path}.based_on"),
                    format!("«{b}» er ingen tidligere versjon"),
                    format!("\"{b}\" is no earlier version"),
                );
            }
        }
        if Period::year(v.first_year).is_err() {
            c.add(
                format!("{path}.first_year"),
                format!("året {} er utenfor 1900–2200", v.first_year),
                format!("the year {} is outside 1900–2200", v.first_year),
            );
        }
        let at = c.instant(format!("{path}.entered_at"), &v.entered_at);
        out.version_at
            .push(at.map(format_instant).unwrap_or_default());
        let actor = c.actor(format!("{path}.actor"), &v.actor);
        out.version_actor
            .push(actor.map(|a| a.as_str().to_string()).unwrap_or_default());
    }
    let service = |u: &str| model.unit(u).is_some() && !model.is_sector(u);
    for (i, l) in doc.account_lines.iter().enumerate() {
        let path = format!("account_lines[{i}]");
        if !service(&l.unit) {
            c.add_kind(
                ProblemKind::UnknownUnit,
                format!("{path}.unit"),
                format!("«{}» er ikke en tjenesteenhet i modellen", l.unit),
                format!("\"{}\" is not a service unit in the model", l.unit),
            );
        }
        if !batches.contains(&l.batch) {
            c.add(
                format!("{path}.batch"),
                format!("ukjent batch {}", l.batch),
                format!("unknown batch {}", l.batch),
            );
        }
        if !l.amount.is_finite() {
            c.add_kind(
                ProblemKind::NotANumber,
                format!("{path}.amount"),
                "beløpet er ikke et tall".into(),
                "the amount is not a number".into(),
            );
        }
        let month = c.period(format!("{path}.month"), &l.month);
        match month {
            Some(p) if p.frequency() != Frequency::Month => {
                c.add_kind(
                    ProblemKind::BadPeriod,
                    format!("{path}.month"),
                    format!("{p} er ikke en måned"),
                    format!("{p} is not a month"),
                );
                out.line_month.push(0);
            }
            Some(p) => out.line_month.push(p.to_key()),
            None => out.line_month.push(0),
        }
    }
    for (i, f) in doc.forecasts.iter().enumerate() {
        let path = format!("forecasts[{i}]");
        if model.unit(&f.unit).is_none() {
            c.add_kind(
                ProblemKind::UnknownUnit,
                format!("{path}.unit"),
                format!("«{}» er ingen enhet i modellen", f.unit),
                format!("\"{}\" is no unit in the model", f.unit),
            );
        }
        match c.period(format!("{path}.period"), &f.period) {
            Some(p) if p.frequency() == Frequency::Tertial => out.forecast_period.push(p.to_key()),
            Some(p) => {
                c.add_kind(
                    ProblemKind::BadPeriod,
                    format!("{path}.period"),
                    format!("{p} er ikke et tertial"),
                    format!("{p} is not a tertial"),
                );
                out.forecast_period.push(0);
            }
            None => out.forecast_period.push(0),
        }
        if !f.amount.is_finite() {
            c.add_kind(
                ProblemKind::NotANumber,
                format!("{path}.amount"),
                "beløpet er ikke et tall".into(),
                "the amount is not a number".into(),
            );
        }
        let at = c.instant(format!("{path}.at"), &f.at);
        out.forecast_at
            .push(at.map(format_instant).unwrap_or_default());
        let actor = c.actor(format!("{path}.actor"), &f.actor);
        out.forecast_actor
            .push(actor.map(|a| a.as_str().to_string()).unwrap_or_default());
    }
    out
}

/// The economy's tables as export rows.
type Exported = (Vec<DocPlanVersion>, Vec<DocAccountLine>, Vec<DocForecast>);

/// The economy's tables as export rows.
pub(super) fn export(store: &super::Store) -> Result<Exported, crate::Error> {
    let plan_versions = store
        .plan_versions()?
        .into_iter()
        .map(|s| DocPlanVersion {
            id: s.version.id,
            kind: s.version.kind.key().to_string(),
            title: s.version.title,
            decision_ref: s.version.decision.as_ref().map(|d| d.reference.clone()),
            decided_on: s.version.decision.as_ref().map(|d| d.date.to_string()),
            based_on: s.version.based_on,
            first_year: s.version.first_year,
            years: s.version.years,
            entered_at: format_instant(s.entered_at),
            actor: s.actor.map(|a| a.as_str().to_string()).unwrap_or_default(),
        })
        .collect();
    let account_lines = super::all(
        store,
        "SELECT u.code, a.month, c.name, a.batch, a.amount, s.name, a.cell FROM account_lines a
         JOIN units u ON u.id = a.unit JOIN account_categories c ON c.id = a.category
         LEFT JOIN sheet_names s ON s.id = a.sheet
         ORDER BY a.batch, u.code, a.month, c.name",
        |r| {
            let month: i64 = r.get(1)?;
            Ok(DocAccountLine {
                unit: r.get(0)?,
                month: Period::from_key(month)
                    .map(|p| p.to_string())
                    .unwrap_or_else(|| month.to_string()),
                category: r.get(2)?,
                batch: r.get(3)?,
                amount: r.get(4)?,
                sheet: r.get(5)?,
                cell: r.get(6)?,
            })
        },
    )?;
    let forecasts = store
        .forecasts()?
        .into_iter()
        .map(|f| DocForecast {
            unit: f.unit.to_string(),
            period: f.period.to_string(),
            amount: f.amount,
            comment: f.comment,
            at: format_instant(f.at),
            actor: f.actor,
        })
        .collect();
    Ok((plan_versions, account_lines, forecasts))
}

/// Writes the checked economy.
pub(super) fn write(
    tx: &Connection,
    doc: &DocEconomy<'_>,
    c: &CheckedEconomy,
) -> rusqlite::Result<()> {
    for (i, v) in doc.plan_versions.iter().enumerate() {
        let years = serde_json::to_string(&v.years).unwrap_or_else(|_| "[]".into());
        tx.execute(
            "INSERT INTO plan_versions (id, kind, title, decision_ref, decided_on, based_on, first_year, years, entered_at, actor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                v.id,
                v.kind.parse::<VersionKind>().map(|k| k.key()).unwrap_or("proposal"),
                v.title,
                v.decision_ref,
                v.decided_on,
                v.based_on,
                v.first_year,
                years,
                c.version_at[i],
                c.version_actor[i]
            ],
        )?;
    }
    let mut names = crate::store::accounts_writer::Names::default();
    for (i, l) in doc.account_lines.iter().enumerate() {
        let (unit, category) = (names.unit(tx, &l.unit)?, names.category(tx, &l.category)?);
        let sheet = names.sheet(tx, l.sheet.as_deref())?;
        tx.prepare_cached(
            "INSERT INTO account_lines (unit, month, category, batch, amount, sheet, cell) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![unit, c.line_month[i], category, l.batch, l.amount, sheet, l.cell])?;
    }
    for (i, f) in doc.forecasts.iter().enumerate() {
        tx.execute(
            "INSERT INTO forecasts (unit, period, amount, comment, at, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![f.unit, c.forecast_period[i], f.amount, f.comment, c.forecast_at[i], c.forecast_actor[i]],
        )?;
    }
    Ok(())
}
