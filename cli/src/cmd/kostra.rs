//! `kostra`: SSB's tables looked into before they are read in.

use super::Context;
use crate::args::{Format, KostraCommand};
use crate::error::CliError;
use serde_json::{Map, Value};
use styring::styring_core::kostra::{cells, cube_report};
use styring::styring_kostra::Encoding;

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
            let encoding: Encoding = encoding.parse().map_err(|e: String| {
                CliError::usage(
                    format!("--encoding: {e}"),
                    format!("--encoding: unknown encoding \"{encoding}\" (use auto, utf-8 or iso-8859-1)"),
                )
            })?;
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
    }
}
