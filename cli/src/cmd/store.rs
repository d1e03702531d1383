//! `store …`: export, import, locks, events, history, corrections and late
//! values.

use super::{date, engine, period, store, today, Context};
use crate::args::StoreCommand;
use crate::error::CliError;
use styring::styring_core::deadline::{late_values, DEFAULT_GRACE_DAYS};
use styring::styring_core::store::EntityKind;
use styring::AsOf;
use styring::Localized;

/// The period of `store lock`/`reopen`, from `--period` or the older
/// positional form.
fn lock_period(
    flag: Option<String>,
    positional: Option<String>,
) -> Result<styring::Period, CliError> {
    match flag.or(positional) {
        Some(p) => period(&p),
        None => Err(CliError::usage(
            "oppgi perioden med --period (f.eks. --period 2025-T2)",
            "give the period with --period (e.g. --period 2025-T2)",
        )),
    }
}

pub fn run(cx: &Context, cmd: StoreCommand) -> Result<(), CliError> {
    let lang = cx.lang;
    match cmd {
        StoreCommand::Export { files, out, .. } => {
            let json = store(cx, &files.store, false)?.export_json()?;
            match out {
                Some(p) => {
                    styring::write_file(&p, json.as_bytes())?;
                    eprintln!("{} {}", lang.pick("Skrev", "Wrote"), p.display());
                }
                None => say!("{json}"),
            }
        }
        StoreCommand::Import { files, file, .. } => {
            let engine = engine(&files)?;
            let text =
                std::fs::read_to_string(&file).map_err(|e| styring::styring_core::Error::Io {
                    path: file.display().to_string(),
                    source: e,
                })?;
            let mut s = store(cx, &files.store, true)?;
            let n = s.import_json(engine.model(), &text, &file.display().to_string())?;
            say!(
                "{} {n} {}",
                lang.pick("Importerte", "Imported"),
                lang.pick("revisjoner.", "revisions.")
            );
        }
        StoreCommand::Lock {
            files,
            period: p,
            period_arg,
            reason,
        } => {
            let p = lock_period(p, period_arg)?;
            store(cx, &files.store, false)?.lock(p, &reason)?;
            say!("{} {p}.", lang.pick("Låste", "Locked"));
        }
        StoreCommand::Reopen {
            files,
            period: p,
            period_arg,
            reason,
        } => {
            let p = lock_period(p, period_arg)?;
            store(cx, &files.store, false)?.reopen(p, &reason)?;
            say!("{} {p}.", lang.pick("Gjenåpnet", "Reopened"));
        }
        StoreCommand::Locks { files } => {
            for l in store(cx, &files.store, false)?.locks()? {
                let who = l.actor.map(|a| a.to_string()).unwrap_or_default();
                say!(
                    "{}\t{}\t{}\t{}",
                    l.period,
                    l.locked_at.date_naive(),
                    l.reason,
                    who
                );
            }
        }
        StoreCommand::Events {
            files,
            kind,
            entity,
        } => {
            let kind = kind
                .map(|k| {
                    k.parse::<EntityKind>()
                        .map_err(|e| CliError::Usage(e.text()))
                })
                .transpose()?;
            let events = store(cx, &files.store, false)?.events(kind, entity.as_deref())?;
            if events.is_empty() {
                say!("{}", lang.pick("Ingen hendelser.", "No events."));
            }
            for e in events {
                say!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    styring::styring_core::local_time::shown(e.at),
                    e.actor,
                    e.kind,
                    e.entity,
                    e.action,
                    e.reason.unwrap_or_default()
                );
            }
        }
        StoreCommand::Late { files, today: t } => {
            let engine = engine(&files)?;
            let t = match t {
                Some(t) => date(&t)?,
                None => today(),
            };
            let data = engine.data(&store(cx, &files.store, false)?, &AsOf::Now)?;
            let late = late_values(engine.model(), &data, t, DEFAULT_GRACE_DAYS);
            if late.is_empty() {
                say!(
                    "{}",
                    lang.pick("Ingen verdier er forsinket.", "No values are late.")
                );
            }
            for l in late {
                say!("{}", l.render(engine.model(), lang));
            }
        }
        StoreCommand::History {
            files,
            indicator,
            unit,
            period: p,
        } => {
            let engine = engine(&files)?;
            let p = period(&p)?;
            let model = engine.model();
            let ind = model.indicator_or_error(&indicator)?;
            let u = model.resolve_unit(&unit).map_err(CliError::usage_from)?;
            for r in
                store(cx, &files.store, false)?.revisions(ind.code.as_str(), u.id.as_str(), p)?
            {
                let v = r
                    .value
                    .map(|v| ind.measure.format(v, lang))
                    .unwrap_or_else(|| "–".into());
                let from = [r.file.clone(), r.sheet.clone(), r.cell.clone()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" ");
                say!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    r.recorded_at.format("%Y-%m-%dT%H:%M:%S"),
                    v,
                    r.source,
                    from,
                    r.actor.map(|a| a.to_string()).unwrap_or_default(),
                    r.comment.unwrap_or_default()
                );
            }
        }
        StoreCommand::Corrections { files, since } => {
            let engine = engine(&files)?;
            let s = store(cx, &files.store, false)?;
            let as_of: AsOf = since
                .parse()
                .map_err(|e: styring::styring_core::asof::AsOfError| CliError::Usage(e.text()))?;
            let Some(at) = s.instant(&as_of)? else {
                return Ok(());
            };
            let list = s.corrections_since(at)?;
            if list.is_empty() {
                say!(
                    "{}",
                    lang.pick(
                        "Ingen verdier er rettet siden da.",
                        "No values were corrected since then."
                    )
                );
            }
            for c in list {
                let m = engine.model().indicator(&c.indicator).map(|i| i.measure);
                let f = |v: Option<f64>| match (v, m) {
                    (Some(v), Some(m)) => m.format(v, lang),
                    (Some(v), None) => v.to_string(),
                    _ => "–".into(),
                };
                say!(
                    "{} {} {}: {} → {} ({})",
                    c.indicator,
                    c.unit,
                    c.period,
                    f(c.reported),
                    f(c.current),
                    c.corrected_at.date_naive()
                );
            }
        }
    }
    Ok(())
}
