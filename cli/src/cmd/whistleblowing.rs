//! `whistleblowing`: the receiver's key pair, cases received (the
//! reporter's identity sealed before it is stored), moved through their
//! handling, unsealed with the private key and a reason, and the access
//! log of every unsealing. Nothing here prints an identity except
//! `unseal`.

use super::deviation::{keyword, time};
use super::economy::show;
use super::{workspace, Context};
use crate::args::{Format, WhistleCommand};
use crate::error::CliError;
use chrono::Utc;
use serde_json::json;
use styring::styring_core::asof::format_instant;
use styring::styring_core::register::{
    whistleblowing_report, CaseState, Channel, Notice, WhistleCase, Workflow,
};
use styring::whistleblowing::{keygen, CaseInput, Identity};

fn notice_json(n: Notice) -> serde_json::Value {
    match n {
        Notice::Met { at } => json!({ "met": true, "at": format_instant(at) }),
        Notice::Late { at, deadline } => {
            json!({ "met": false, "at": format_instant(at), "deadline": format_instant(deadline) })
        }
        Notice::Due { deadline } => json!({ "met": null, "deadline": format_instant(deadline) }),
        Notice::Overdue { deadline } => {
            json!({ "met": false, "deadline": format_instant(deadline) })
        }
    }
}

/// A case as JSON for its handler: never the identity, only whether
/// there is one.
fn case_json(c: &WhistleCase, model: &styring::Model, with_texts: bool) -> serde_json::Value {
    let now = Utc::now();
    let w = model.whistleblowing();
    let mut v = json!({
        "id": c.id,
        "channel": c.channel.key(),
        "received": format_instant(c.received()),
        "unit": c.unit.as_ref().map(|u| u.as_str()),
        "handler": c.handler.as_ref().map(|h| h.as_str()),
        "state": c.history.current().key(),
        "anonymous": c.is_anonymous(),
        "acknowledge_by": format_instant(w.acknowledge_by(c)),
        "acknowledgement": notice_json(w.acknowledgement(c, now)),
        "feedback_by": format_instant(w.feedback_by(c)),
        "feedback": notice_json(w.feedback(c, now)),
    });
    if with_texts {
        v["subject"] = json!(c.subject);
        v["description"] = json!(c.description);
        v["steps"] = c
            .history
            .steps()
            .iter()
            .map(|s| json!({ "state": s.state.key(), "at": format_instant(s.at), "actor": s.actor.as_str(), "reason": s.reason }))
            .collect();
    }
    v
}

fn json_out(v: &serde_json::Value) {
    say!("{}", serde_json::to_string_pretty(v).unwrap_or_default());
}

/// Runs a whistleblowing subcommand.
pub fn run(cx: &Context, c: WhistleCommand) -> Result<(), CliError> {
    let lang = cx.lang;
    match c {
        WhistleCommand::Keygen { out } => {
            if out.exists() {
                return Err(CliError::usage(
                    format!(
                        "{} finnes fra før; en nøkkel overskrives ikke (velg et annet navn)",
                        out.display()
                    ),
                    format!(
                        "{} exists already; a key is never overwritten (choose another name)",
                        out.display()
                    ),
                ));
            }
            let keys = keygen();
            styring::styring_core::fsutil::write_atomic(&out, keys.secret_file().as_bytes())
                .map_err(|e| {
                    CliError::usage(
                        format!("{}: {e}", out.display()),
                        format!("{}: {e}", out.display()),
                    )
                })?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let _ = std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o600));
            }
            say!(
                "{} {}\n{}\n\n[whistleblowing]\nrecipient = \"{}\"",
                lang.pick("Skrev den private nøkkelen til", "Wrote the private key to"),
                out.display(),
                lang.pick(
                    "Hold den hemmelig og ta sikkerhetskopi: uten den kan ingen identitet åpnes. Sett den offentlige nøkkelen i modellen:",
                    "Keep it secret and back it up: without it no identity can be unsealed. Put the public key in the model:"
                ),
                keys.public()
            );
            Ok(())
        }
        WhistleCommand::Add {
            files,
            channel,
            unit,
            subject,
            description,
            reporter_name,
            reporter_contact,
            handler,
            id,
            at,
        } => {
            let mut ws = styring::Workspace::open(&files.model, &files.store, &cx.store, true)?;
            let channel: Channel = keyword(&channel, "--channel")?;
            let now = time(at.as_deref(), "--at")?;
            if reporter_name.is_none() && reporter_contact.is_some() {
                return Err(CliError::usage(
                    "--reporter-contact uten --reporter-name: oppgi navnet, eller utelat begge for et anonymt varsel",
                    "--reporter-contact without --reporter-name: give the name, or leave out both for an anonymous report",
                ));
            }
            let reporter = reporter_name
                .as_deref()
                .map(|n| Identity::new(n, reporter_contact.as_deref()));
            let case = ws.add_case(
                CaseInput {
                    id,
                    channel,
                    unit,
                    subject,
                    description,
                    handler,
                    reporter,
                },
                now,
            )?;
            let w = ws.model().whistleblowing();
            say!(
                "{} {} ({}): {} {}, {} {}",
                lang.pick("Registrert varslingssak", "Registered whistleblowing case"),
                case.id,
                if case.is_anonymous() {
                    lang.pick("anonym", "anonymous")
                } else {
                    lang.pick("identiteten forseglet", "identity sealed")
                },
                lang.pick("bekreft innen", "acknowledge by"),
                styring::styring_core::local_time::shown(w.acknowledge_by(&case)),
                lang.pick("tilbakemelding innen", "feedback by"),
                styring::styring_core::local_time::shown(w.feedback_by(&case))
            );
            Ok(())
        }
        WhistleCommand::List {
            files,
            format,
            period,
            out,
        } => {
            let ws = workspace(cx, &files)?;
            let cases = ws.store().cases()?;
            if format == Format::Json {
                let rows: Vec<serde_json::Value> = cases
                    .iter()
                    .map(|c| case_json(c, ws.model(), false))
                    .collect();
                json_out(&json!({ "cases": rows }));
                return Ok(());
            }
            let now = Utc::now();
            let p = match &period {
                Some(p) => super::period(p)?,
                None => super::period(&chrono::Datelike::year(&now).to_string())?,
            };
            let r = whistleblowing_report(ws.model(), &cases, p, now, lang);
            show(&r, format, out.as_deref(), lang)
        }
        WhistleCommand::Show { files, id, format } => {
            let ws = workspace(cx, &files)?;
            let c = ws.store().case(&id)?;
            if format == Format::Json {
                json_out(&case_json(&c, ws.model(), true));
                return Ok(());
            }
            let w = ws.model().whistleblowing();
            let shown = styring::styring_core::local_time::shown;
            say!(
                "{} {} — {}",
                lang.pick("Varslingssak", "Whistleblowing case"),
                c.id,
                c.subject
            );
            say!(
                "{}: {}",
                lang.pick("Kanal", "Channel"),
                c.channel.word(lang)
            );
            say!(
                "{}: {}",
                lang.pick("Status", "State"),
                c.history.current().word(lang)
            );
            say!(
                "{}: {}",
                lang.pick("Varsler", "Reporter"),
                if c.is_anonymous() {
                    lang.pick("anonym", "anonymous")
                } else {
                    lang.pick("forseglet (åpnes med unseal)", "sealed (open with unseal)")
                }
            );
            say!(
                "{}: {}",
                lang.pick("Bekreft innen", "Acknowledge by"),
                shown(w.acknowledge_by(&c))
            );
            say!(
                "{}: {}",
                lang.pick("Tilbakemelding innen", "Feedback by"),
                shown(w.feedback_by(&c))
            );
            say!();
            say!("{}", c.description);
            say!();
            for s in c.history.steps() {
                say!(
                    "  {}  {:<20} {}{}",
                    shown(s.at),
                    s.state.word(lang),
                    s.actor.as_str(),
                    s.reason
                        .as_deref()
                        .map(|r| format!(" — {r}"))
                        .unwrap_or_default()
                );
            }
            Ok(())
        }
        WhistleCommand::Move {
            files,
            id,
            to,
            reason,
            at,
        } => {
            let mut ws = workspace(cx, &files)?;
            let to: CaseState = keyword(&to, "--to")?;
            let at = time(at.as_deref(), "--at")?;
            let c = ws.store_mut().move_case(&id, to, at, reason.as_deref())?;
            say!(
                "{} {}: {}",
                lang.pick("Varslingssak", "Whistleblowing case"),
                c.id,
                c.history.current().word(lang)
            );
            Ok(())
        }
        WhistleCommand::Unseal {
            files,
            id,
            key,
            reason,
        } => {
            let mut ws = workspace(cx, &files)?;
            let identity = ws.unseal(&id, &key, reason.as_deref().unwrap_or(""), Utc::now())?;
            say!("{}: {}", lang.pick("Navn", "Name"), identity.name());
            if let Some(c) = identity.contact() {
                say!("{}: {c}", lang.pick("Kontakt", "Contact"));
            }
            say!(
                "{}",
                lang.pick(
                    "(Åpningen er ført i tilgangsloggen.)",
                    "(The unsealing is in the access log.)"
                )
            );
            Ok(())
        }
        WhistleCommand::AccessLog { files, format } => {
            let ws = workspace(cx, &files)?;
            let log = ws.store().access_log()?;
            if format == Format::Json {
                let rows: Vec<serde_json::Value> = log
                    .iter()
                    .map(|u| json!({ "case": u.case, "actor": u.actor.as_str(), "at": format_instant(u.at), "reason": u.reason }))
                    .collect();
                json_out(&json!({ "unsealings": rows }));
                return Ok(());
            }
            if log.is_empty() {
                say!(
                    "{}",
                    lang.pick(
                        "Ingen identitet er åpnet.",
                        "No identity has been unsealed."
                    )
                );
            }
            for u in &log {
                say!(
                    "{}  {}  {}  {}",
                    styring::styring_core::local_time::shown(u.at),
                    u.case,
                    u.actor.as_str(),
                    u.reason
                );
            }
            Ok(())
        }
    }
}
