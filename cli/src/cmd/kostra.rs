//! `kostra`: SSB's tables looked into before they are read in.

use super::Context;
use crate::args::{Format, KostraCommand};
use crate::error::CliError;
use serde_json::{Map, Value};
use styring::styring_core::kostra::{cells, cube_report};
use styring::styring_core::local_time;
use styring::styring_kostra::pxweb::{Cache, ClientOptions, OutputValues, Selection, ValueExpr};
use styring::styring_kostra::Encoding;
use styring::Localized;

/// Runs a kostra subcommand.
pub fn run(cx: &Context, c: KostraCommand) -> Result<(), CliError> {
    let lang = cx.lang;
    match c {
        KostraCommand::Show {
            file,
            format,
            encoding,
            out,
        } => {
            let encoding = encoding_of(&encoding)?;
            let cube = styring::kostra::read_table(&file, encoding)?;
            if format == Format::Json {
                let records: Vec<Value> = cells(&cube)
                    .map(|c| {
                        let mut m = Map::new();
                        for (id, code) in c.codes {
                            m.insert(id.to_string(), Value::String(code.to_string()));
                        }
                        m.insert(
                            "value".into(),
                            c.value
                                .and_then(serde_json::Number::from_f64)
                                .map_or(Value::Null, Value::Number),
                        );
                        m.insert(
                            "status".into(),
                            c.status.map_or(Value::Null, |s| Value::String(s.into())),
                        );
                        Value::Object(m)
                    })
                    .collect();
                let text = serde_json::to_string_pretty(&records).unwrap_or_default() + "\n";
                return super::cards::emit(text.as_bytes(), out.as_deref(), lang);
            }
            super::economy::show(&cube_report(&cube, lang), format, out.as_deref(), lang)
        }
        KostraCommand::Import {
            files,
            paths,
            table,
            encoding,
            dry_run,
        } => {
            let encoding = encoding_of(&encoding)?;
            let mut ws = super::economy::writable(cx, &files, dry_run)?;
            let refs: Vec<&std::path::Path> = paths.iter().map(|p| p.as_path()).collect();
            let (model, store) = ws.parts_mut();
            let (done, t) = styring::kostra::import_tables(
                model,
                store,
                &refs,
                table.as_deref(),
                encoding,
                dry_run,
            )?;
            for d in &done {
                say!(
                    "{}: {} {}, {} {}",
                    d.file,
                    lang.pick("tabell", "table"),
                    d.table,
                    d.values,
                    lang.pick(
                        "tall for modellens indikatorer",
                        "figures for the model's indicators"
                    )
                );
                if !d.skipped.is_empty() {
                    say!(
                        "{}\n{}",
                        lang.pick(
                            "  Ikke i filen (hoppet over):",
                            "  Not in the file (skipped):"
                        ),
                        d.skipped.render(lang)
                    );
                }
            }
            stored(lang, dry_run, &t);
            Ok(())
        }
        KostraCommand::Compare {
            files,
            year,
            indicator,
            format,
            out,
        } => {
            let ws = super::workspace(cx, &files)?;
            let r = styring::kostra::comparison(
                ws.model(),
                ws.store(),
                year,
                indicator.as_deref(),
                lang,
            )?;
            super::economy::show(&r, format, out.as_deref(), lang)
        }
        KostraCommand::Fetch {
            files,
            table,
            region,
            years,
            contents,
            select,
            codelist,
            output_values,
            api,
            cache,
            no_cache,
            refresh,
            max_calls,
            dry_run,
        } => {
            let exprs =
                |flag: &str, text: &Option<String>| -> Result<Option<Vec<ValueExpr>>, CliError> {
                    text.as_deref()
                        .map(|t| ValueExpr::parse_list(t).map_err(|e| usage(flag, &e)))
                        .transpose()
                };
            let mut selections: Vec<Selection> = Vec::new();
            for s in &select {
                let (v, items) = pair("--select", s)?;
                let values = ValueExpr::parse_list(items).map_err(|e| usage("--select", &e))?;
                selections.push(Selection::new(v, values));
            }
            for (flag, list) in [
                ("--codelist", &codelist),
                ("--output-values", &output_values),
            ] {
                for s in list {
                    let (v, x) = pair(flag, s)?;
                    let at = match selections.iter().position(|s| s.variable == v) {
                        Some(i) => i,
                        None => {
                            selections.push(Selection::new(v, Vec::new()));
                            selections.len() - 1
                        }
                    };
                    let Some(sel) = selections.get_mut(at) else {
                        continue;
                    };
                    if flag == "--codelist" {
                        sel.codelist = Some(x.to_string());
                    } else {
                        sel.output_values =
                            Some(x.parse::<OutputValues>().map_err(|e| usage(flag, &e))?);
                    }
                }
            }
            let request = styring::kostra::FetchRequest {
                tables: table,
                regions: exprs("--region", &region)?,
                years: years
                    .as_deref()
                    .map(|y| {
                        styring::styring_kostra::pxweb::years(y).map_err(|e| usage("--years", &e))
                    })
                    .transpose()?,
                contents: exprs("--contents", &contents)?,
                select: selections,
                dry_run,
            };
            let cache_dir = if no_cache {
                None
            } else {
                Some(cache.unwrap_or_else(|| {
                    files
                        .store
                        .parent()
                        .unwrap_or_else(|| std::path::Path::new("."))
                        .join("ssb-cache")
                }))
            };
            let mut options = client_options(&api, lang);
            options.cache = cache_dir.map(Cache::new);
            options.refresh = refresh;
            options.max_calls = max_calls.max(1);
            // The network first, with no store open; then one transaction.
            let engine = styring::Engine::load(&files.model)?;
            let fetch = styring::kostra::fetch_figures(engine.model(), &request, options)?;
            let t = if dry_run {
                Default::default()
            } else {
                let mut ws = super::economy::writable(cx, &files, false)?;
                ws.store_mut().add_kostra_values(&fetch.batches)?
            };
            let done = &fetch.tables;
            for d in done {
                say!(
                    "{} {} «{}»: {} {}, {} {}",
                    lang.pick("Tabell", "Table"),
                    d.table,
                    d.label,
                    d.calls.len(),
                    lang.pick("kall", if d.calls.len() == 1 { "call" } else { "calls" }),
                    d.values,
                    lang.pick(
                        "tall for modellens indikatorer",
                        "figures for the model's indicators"
                    )
                );
                for c in &d.calls {
                    let when = local_time::shown(c.fetched);
                    say!(
                        "  {} {} ({} {}): {}",
                        if c.from_cache {
                            lang.pick("fra hurtiglageret, hentet", "from the cache, fetched")
                        } else {
                            lang.pick("hentet", "fetched")
                        },
                        when,
                        c.cells,
                        lang.pick("celler", "cells"),
                        c.url
                    );
                }
                if !d.skipped.is_empty() {
                    say!(
                        "{}\n{}",
                        lang.pick(
                            "  Ikke i tabellen (hoppet over):",
                            "  Not in the table (skipped):"
                        ),
                        d.skipped.render(lang)
                    );
                }
            }
            stored(lang, dry_run, &t);
            Ok(())
        }
        KostraCommand::Tables { query, api, format } => {
            let tables =
                styring::kostra::list_tables(client_options(&api, lang), query.as_deref())?;
            if format == Format::Json {
                let rows: Vec<Value> = tables
                    .iter()
                    .map(|t| {
                        serde_json::json!({
                            "id": t.id, "label": t.label, "updated": t.updated,
                            "first_period": t.first_period, "last_period": t.last_period,
                            "discontinued": t.discontinued,
                        })
                    })
                    .collect();
                say!(
                    "{}",
                    serde_json::to_string_pretty(&rows).unwrap_or_default()
                );
                return Ok(());
            }
            for t in &tables {
                let period = match (&t.first_period, &t.last_period) {
                    (Some(a), Some(b)) => format!("{a}–{b}"),
                    _ => String::new(),
                };
                say!(
                    "{:<6} {}  {}{}",
                    t.id,
                    t.label,
                    period,
                    if t.discontinued {
                        lang.pick(" (avsluttet)", " (discontinued)")
                    } else {
                        ""
                    }
                );
            }
            say!("{} {}", tables.len(), lang.pick("tabeller", "tables"));
            Ok(())
        }
        KostraCommand::List { files, format } => {
            let ws = super::workspace(cx, &files)?;
            let all = ws.store().kostra_values()?;
            if format == Format::Json {
                let rows: Vec<Value> = all
                    .iter()
                    .map(|s| {
                        let v = &s.value;
                        serde_json::json!({
                            "indicator": v.indicator, "region": v.region, "year": v.year,
                            "value": v.value, "status": v.status, "code_in_table": v.code_in_table,
                            "break": v.break_note, "table": s.table, "source": s.source,
                            "read_at": styring::styring_core::asof::format_instant(s.at), "actor": s.actor,
                        })
                    })
                    .collect();
                say!(
                    "{}",
                    serde_json::to_string_pretty(&rows).unwrap_or_default()
                );
                return Ok(());
            }
            if all.is_empty() {
                say!(
                    "{}",
                    lang.pick(
                        "Ingen KOSTRA-tall i lageret. Les inn en tabell med `styring kostra import FIL`.",
                        "No KOSTRA figures in the store. Read a table in with `styring kostra import FILE`."
                    )
                );
            }
            for s in &all {
                let v = &s.value;
                let value = match (v.value, v.status.as_deref()) {
                    // As the indicator's measure shows it (decimals, kr, %).
                    (Some(x), _) => match ws.model().indicator(&v.indicator) {
                        Some(i) => styring::report::Cell::Value {
                            value: Some(x),
                            measure: i.measure,
                            period: None,
                        }
                        .text(lang),
                        None => styring::styring_core::lang::format_number(x, 0, lang),
                    },
                    (None, Some(sym)) => format!(
                        "{sym} ({})",
                        styring::styring_core::kostra::symbol_meaning(sym).get(lang)
                    ),
                    (None, None) => "—".to_string(),
                };
                say!(
                    "{}  {}  {}  {}{}  ({} {}, {})",
                    v.indicator,
                    v.region,
                    v.year,
                    value,
                    v.break_note
                        .as_deref()
                        .map(|n| format!("  ⚑ {n}"))
                        .unwrap_or_default(),
                    lang.pick("tabell", "table"),
                    s.table,
                    s.source
                );
            }
            Ok(())
        }
    }
}

/// What an import or a fetch stored, or that it stored nothing.
fn stored(lang: styring::Lang, dry_run: bool, t: &styring::styring_core::store::KostraTally) {
    if dry_run {
        say!(
            "{}",
            lang.pick("Kontrollert, ingenting lagret.", "Checked, nothing stored.")
        );
    } else {
        say!(
            "{} {} {}, {} {}, {} {}",
            lang.pick("Lagret:", "Stored:"),
            t.new,
            lang.pick("nye", "new"),
            t.changed,
            lang.pick("revidert", "revised"),
            t.unchanged,
            lang.pick("uendret", "unchanged")
        );
    }
}

fn usage(flag: &str, e: &styring::Text) -> CliError {
    CliError::usage(format!("{flag}: {}", e.nb), format!("{flag}: {}", e.en))
}

/// `VARIABEL=…` split at its first `=`.
fn pair<'a>(flag: &str, text: &'a str) -> Result<(&'a str, &'a str), CliError> {
    match text.split_once('=') {
        Some((v, x)) if !v.trim().is_empty() && !x.trim().is_empty() => Ok((v.trim(), x.trim())),
        _ => Err(CliError::usage(
            format!("{flag}: «{text}» er ikke VARIABEL=VERDI (som Region=3440)"),
            format!("{flag}: \"{text}\" is not VARIABLE=VALUE (like Region=3440)"),
        )),
    }
}

fn client_options(api: &crate::args::ApiArgs, lang: styring::Lang) -> ClientOptions {
    ClientOptions::new(
        api.base_url.clone(),
        lang,
        std::time::Duration::from_secs(api.timeout.max(1)),
    )
}

fn encoding_of(text: &str) -> Result<Encoding, CliError> {
    text.parse().map_err(|e: styring::Text| {
        CliError::usage(
            format!("--encoding: {}", e.nb),
            format!("--encoding: {}", e.en),
        )
    })
}
