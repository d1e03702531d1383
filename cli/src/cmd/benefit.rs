//! `benefit`: benefit plans read from their workbooks, listed with their
//! status, shown with each benefit's reason and the benefit map, and
//! realised values recorded.

use super::economy::show;
use super::{period, workspace, Context};
use crate::args::{BenefitCommand, Format};
use crate::error::CliError;
use serde_json::json;
use styring::styring_core::register::plan_status;
use styring::Localized;

fn today(text: Option<&str>) -> Result<chrono::NaiveDate, CliError> {
    match text {
        None => Ok(super::today()),
        Some(t) => styring::styring_core::asof::parse_date(t).map_err(|e| {
            CliError::usage(
                format!("--today: {}", e.render(styring::Lang::Nb)),
                format!("--today: {e}"),
            )
        }),
    }
}

/// Runs a benefit subcommand.
pub fn run(cx: &Context, c: BenefitCommand) -> Result<(), CliError> {
    let lang = cx.lang;
    match c {
        BenefitCommand::Import {
            files,
            path,
            dry_run,
        } => {
            let mut ws = super::economy::writable(cx, &files, dry_run)?;
            let r = ws.import_benefit_plan(&path, dry_run)?;
            let what = match (dry_run, r.version) {
                (true, _) => lang
                    .pick("Kontrollert, ingenting lagret", "Checked, nothing stored")
                    .to_string(),
                (false, Some(v)) => format!(
                    "{} {v}",
                    lang.pick("Lagret som versjon", "Stored as version")
                ),
                (false, None) => lang
                    .pick(
                        "Uendret (samme som siste versjon)",
                        "Unchanged (the same as the last version)",
                    )
                    .to_string(),
            };
            say!(
                "{} {} ({}, {} {}): {what}",
                lang.pick("Gevinstplan", "Benefit plan"),
                r.plan.id,
                r.plan.project,
                r.plan.benefits.len(),
                lang.pick("gevinster", "benefits")
            );
            if !r.warnings.is_empty() {
                say!(
                    "{}\n{}",
                    lang.pick("Gevinstkartet mangler:", "The benefit map lacks:"),
                    r.warnings.render(lang)
                );
            }
            Ok(())
        }
        BenefitCommand::List { files, format } => {
            let ws = workspace(cx, &files)?;
            let plans = ws.benefit_plans()?;
            let t = super::today();
            if format == Format::Json {
                let rows: Vec<serde_json::Value> = plans
                    .iter()
                    .map(|p| {
                        json!({
                            "id": p.id, "project": p.project, "owner": p.owner, "units": p.units, "kind": p.kind.key(),
                            "status": plan_status(p, t).map(|s| s.key()),
                            "benefits": p.benefits.iter().map(|b| {
                                let (s, why) = b.benefit.status(t);
                                json!({ "name": b.benefit.name, "status": s.key(), "reason": why.get(lang),
                                        "goals": b.goals, "progress": b.benefit.progress().map(|x| x.0) })
                            }).collect::<Vec<_>>(),
                        })
                    })
                    .collect();
                say!(
                    "{}",
                    serde_json::to_string_pretty(&json!({ "plans": rows })).unwrap_or_default()
                );
                return Ok(());
            }
            if plans.is_empty() {
                say!(
                    "{}",
                    lang.pick(
                        "Ingen gevinstplaner. Les inn en med `styring benefit import PLAN.xlsx`.",
                        "No benefit plans. Read one in with `styring benefit import PLAN.xlsx`."
                    )
                );
            }
            for p in &plans {
                say!(
                    "{}  {}  ({}, {} {})  {}",
                    p.id,
                    p.project,
                    p.owner,
                    p.benefits.len(),
                    lang.pick("gevinster", "benefits"),
                    plan_status(p, t).map_or("", |s| s.word(lang))
                );
            }
            Ok(())
        }
        BenefitCommand::Show {
            files,
            id,
            format,
            out,
            today: t,
        } => {
            let ws = workspace(cx, &files)?;
            let r = ws.benefit_report(&id, today(t.as_deref())?, lang)?;
            show(&r, format, out.as_deref(), lang)
        }
        BenefitCommand::Record {
            files,
            id,
            benefit,
            period: p,
            value,
        } => {
            let mut ws = workspace(cx, &files)?;
            let p = period(&p)?;
            let v = styring::styring_core::lang::parse_number(&value).ok_or_else(|| {
                CliError::usage(
                    format!("--value: «{value}» er ikke et tall"),
                    format!("--value: \"{value}\" is not a number"),
                )
            })?;
            ws.store_mut().record_benefit_value(&id, &benefit, p, v)?;
            say!(
                "{} {id}: «{benefit}» {p} = {}",
                lang.pick("Gevinstplan", "Benefit plan"),
                styring::styring_core::lang::format_number(v, 0, lang)
            );
            Ok(())
        }
    }
}
