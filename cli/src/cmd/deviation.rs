//! `deviation`: register a deviation, list a period's, show one, move it
//! through its handling, its measures and the notification the law asks.

use super::economy::show;
use super::{period, workspace, Context};
use crate::args::{DeviationCommand, Format};
use crate::error::CliError;
use chrono::{DateTime, Utc};
use serde_json::json;
use styring::register::DeviationInput;
use styring::styring_core::register::{listed, Deviation, DeviationState, MeasureState, Workflow};
use styring::Lang;

/// A time as typed (`2025-05-05T08:00:00Z`), or now.
pub(super) fn time(text: Option<&str>, what: &str) -> Result<DateTime<Utc>, CliError> {
    match text {
        None => Ok(Utc::now()),
        Some(t) => styring::styring_core::asof::read_instant(t)
            .map_err(|e| CliError::usage(format!("{what}: {}", e.nb), format!("{what}: {}", e.en))),
    }
}

/// A keyword as typed, or a usage error listing the choices.
pub(super) fn keyword<K: std::str::FromStr<Err = styring::styring_core::keyword::KeywordError>>(
    text: &str,
    what: &str,
) -> Result<K, CliError> {
    text.parse::<K>().map_err(|e| {
        CliError::usage(
            format!("{what}: {}", styring::Localized::render(&e, Lang::Nb)),
            format!("{what}: {e}"),
        )
    })
}

/// A deviation as JSON: what a handler sees (never its reporter).
fn deviation_json(d: &Deviation, model: &styring::styring_core::Model) -> serde_json::Value {
    let f = styring::styring_core::asof::format_instant;
    let now = Utc::now();
    let level = model.deviations().matrix.level(d.report.risk);
    json!({
        "id": d.id,
        "unit": d.report.unit.as_str(),
        "category": d.report.category,
        "description": d.report.description,
        "happened": f(d.report.happened),
        "registered": f(d.registered()),
        "consequence": d.report.risk.consequence(),
        "likelihood": d.report.risk.likelihood(),
        "risk_score": d.report.risk.score(),
        "risk_level": level.key(),
        "state": d.history.current().key(),
        "deadline": f(d.deadline),
        "overdue": d.is_overdue(now),
        "duty": d.report.duty.map(|x| x.key()),
        "notified": d.notified.map(f),
        "handler": d.handler().map(|a| a.as_str()),
        "steps": d.history.steps().iter().skip(1).map(|s| json!({
            "state": s.state.key(), "at": f(s.at), "actor": s.actor.as_str(), "reason": s.reason,
        })).collect::<Vec<_>>(),
        "measures": d.measures.iter().map(|m| json!({
            "text": m.text, "owner": m.owner.as_str(), "state": m.history.current().key(),
        })).collect::<Vec<_>>(),
    })
}

/// Runs a deviation subcommand.
pub fn run(cx: &Context, c: DeviationCommand) -> Result<(), CliError> {
    let lang = cx.lang;
    match c {
        DeviationCommand::Import {
            files,
            paths,
            dry_run,
        } => {
            let mut ws = super::economy::writable(cx, &files, dry_run)?;
            let refs: Vec<&std::path::Path> = paths.iter().map(|p| p.as_path()).collect();
            let plan = ws.import_deviations(&refs, dry_run)?;
            say!(
                "{} {} {}, {} {} ({} {}), {} {}",
                if dry_run {
                    lang.pick("Kontrollert, ingenting lagret:", "Checked, nothing stored:")
                } else {
                    lang.pick("Lagret:", "Stored:")
                },
                plan.new,
                lang.pick("nye avvik", "new deviations"),
                plan.extended,
                lang.pick("ført videre", "carried further"),
                plan.new_steps,
                lang.pick("nye steg", "new steps"),
                plan.unchanged,
                lang.pick("uendret", "unchanged")
            );
            Ok(())
        }
        DeviationCommand::Export {
            files,
            period: p,
            out,
        } => {
            let ws = workspace(cx, &files)?;
            let mut all = ws.store().deviations()?;
            if let Some(p) = p {
                let p = period(&p)?;
                all.retain(|d| listed(d, p, Utc::now()));
            }
            styring::styring_xlsx::export::deviations::write_deviations_workbook(
                ws.model(),
                &all,
                lang,
                &out,
            )?;
            say!(
                "{} {} ({} {})",
                lang.pick("Skrev", "Wrote"),
                out.display(),
                all.len(),
                lang.pick("avvik", "deviations")
            );
            Ok(())
        }
        DeviationCommand::Add {
            files,
            id,
            unit,
            category,
            description,
            consequence,
            likelihood,
            happened,
            duty,
            deadline,
            at,
        } => {
            let mut ws = styring::Workspace::open(&files.model, &files.store, &cx.store, true)?;
            let now = time(at.as_deref(), "--at")?;
            let input = DeviationInput {
                id,
                unit,
                category,
                description,
                happened: happened
                    .as_deref()
                    .map(|t| time(Some(t), "--happened"))
                    .transpose()?,
                consequence,
                likelihood,
                duty: duty.as_deref().map(|d| keyword(d, "--duty")).transpose()?,
                deadline: deadline
                    .as_deref()
                    .map(|t| time(Some(t), "--deadline"))
                    .transpose()?,
            };
            let d = ws.add_deviation(&input, now)?;
            let level = ws.model().deviations().matrix.level(d.report.risk);
            say!(
                "{} {}: {} {} ({}), {} {}",
                lang.pick("Registrert avvik", "Registered deviation"),
                d.id,
                lang.pick("risiko", "risk"),
                d.report.risk.score(),
                level.word(lang),
                lang.pick("frist", "deadline"),
                styring::styring_core::local_time::shown(d.deadline)
            );
            Ok(())
        }
        DeviationCommand::List {
            files,
            period: p,
            format,
            out,
        } => {
            let ws = workspace(cx, &files)?;
            let p = period(&p)?;
            if format == Format::Json {
                let all = ws.store().deviations()?;
                let rows: Vec<serde_json::Value> = all
                    .iter()
                    .filter(|d| listed(d, p, Utc::now()))
                    .map(|d| deviation_json(d, ws.model()))
                    .collect();
                let text = serde_json::to_string_pretty(
                    &json!({ "period": p.to_string(), "deviations": rows }),
                )
                .unwrap_or_default()
                    + "\n";
                return super::cards::emit(text.as_bytes(), out.as_deref(), lang);
            }
            let r = ws.deviations_report(p, Utc::now(), lang)?;
            show(&r, format, out.as_deref(), lang)
        }
        DeviationCommand::Show {
            files,
            id,
            format,
            out,
        } => {
            let ws = workspace(cx, &files)?;
            let Some(d) = ws.store().deviation(&id)? else {
                let t = ws.store().unknown_deviation(&id)?;
                return Err(CliError::usage(t.nb, t.en));
            };
            if format == Format::Json {
                let text = serde_json::to_string_pretty(&deviation_json(&d, ws.model()))
                    .unwrap_or_default()
                    + "\n";
                return super::cards::emit(text.as_bytes(), out.as_deref(), lang);
            }
            let card =
                styring::styring_core::register::deviation_card(ws.model(), &d, Utc::now(), lang);
            super::economy::show(&card, format, out.as_deref(), lang)
        }
        DeviationCommand::Move {
            files,
            id,
            to,
            reason,
            at,
        } => {
            let mut ws = workspace(cx, &files)?;
            let to: DeviationState = keyword(&to, "--to")?;
            let at = time(at.as_deref(), "--at")?;
            let (_, store) = ws.parts_mut();
            let d = store.move_deviation(&id, to, at, reason.as_deref())?;
            say!(
                "{} {}: {}",
                lang.pick("Avvik", "Deviation"),
                d.id,
                d.history.current().word(lang)
            );
            Ok(())
        }
        DeviationCommand::AddMeasure {
            files,
            id,
            text,
            owner,
            at,
        } => {
            let mut ws = workspace(cx, &files)?;
            let owner = owner
                .parse::<styring::styring_core::actor::Actor>()
                .map_err(|e| {
                    CliError::usage(
                        format!("--owner: {}", styring::Localized::render(&e, Lang::Nb)),
                        format!("--owner: {}", styring::Localized::render(&e, Lang::En)),
                    )
                })?;
            let at = time(at.as_deref(), "--at")?;
            let (_, store) = ws.parts_mut();
            let n = store.add_deviation_measure(&id, &text, &owner, at)?;
            say!(
                "{} {n} {} {id}",
                lang.pick("Tiltak", "Measure"),
                lang.pick("lagt til avvik", "added to deviation")
            );
            Ok(())
        }
        DeviationCommand::MoveMeasure {
            files,
            id,
            number,
            to,
            at,
        } => {
            let mut ws = workspace(cx, &files)?;
            let to: MeasureState = keyword(&to, "--to")?;
            let at = time(at.as_deref(), "--at")?;
            let (_, store) = ws.parts_mut();
            store.move_deviation_measure(&id, number, to, at)?;
            say!(
                "{} {number} ({id}): {}",
                lang.pick("Tiltak", "Measure"),
                to.word(lang)
            );
            Ok(())
        }
        DeviationCommand::Notify { files, id, at } => {
            let mut ws = workspace(cx, &files)?;
            let at = time(at.as_deref(), "--at")?;
            let (_, store) = ws.parts_mut();
            let d = store.set_deviation_notified(&id, at)?;
            say!(
                "{} {}: {}",
                lang.pick("Avvik", "Deviation"),
                d.id,
                d.report.duty.map(|x| x.authority(lang)).unwrap_or_default()
            );
            Ok(())
        }
    }
}
