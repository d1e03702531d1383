//! `kostra`: SSB's tables looked into before they are read in.

use super::Context;
use crate::args::{Format, KostraCommand};
use crate::error::CliError;
use serde_json::{Map, Value};
use styring::styring_core::kostra::{cells, cube_report};
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

fn encoding_of(text: &str) -> Result<Encoding, CliError> {
    text.parse().map_err(|e: styring::Text| {
        CliError::usage(
            format!("--encoding: {}", e.nb),
            format!("--encoding: {}", e.en),
        )
    })
}
