//! `template`: input workbooks for units to fill in.

use super::{engine, store, Context};
use crate::args::Files;
use crate::error::CliError;
use std::path::{Path, PathBuf};
use styring::{AsOf, Scope};

pub fn run(
    cx: &Context,
    files: &Files,
    unit: Option<&str>,
    all: bool,
    year: i32,
    out: Option<&Path>,
    out_dir: Option<&Path>,
) -> Result<(), CliError> {
    let engine = engine(files)?;
    // Values already stored are filled in (computed ones too, so the
    // template shows what the scorecard will).
    let data = if files.store.exists() {
        Some(engine.data(&store(cx, &files.store, false)?, &AsOf::Now)?)
    } else {
        None
    };
    let units: Vec<String> = if all {
        engine
            .model()
            .service_units(&Scope::Municipality)
            .iter()
            .map(|u| u.id.to_string())
            .collect()
    } else {
        let u = engine
            .model()
            .resolve_service_unit(unit.unwrap_or_default())
            .map_err(CliError::usage_from)?;
        vec![u.id.to_string()]
    };
    for u in &units {
        let path: PathBuf = match (out, out_dir) {
            (Some(p), _) if !all => p.to_path_buf(),
            (_, Some(d)) => {
                std::fs::create_dir_all(d).map_err(|e| styring::styring_core::Error::Io {
                    path: d.display().to_string(),
                    source: e,
                })?;
                d.join(format!("{u}.xlsx"))
            }
            _ => {
                return Err(CliError::usage(
                    "oppgi --out (for én enhet) eller --out-dir (med --all)",
                    "give --out (for one unit) or --out-dir (with --all)",
                ))
            }
        };
        let rows = engine.template(data.as_ref(), u, year, &path)?;
        say!(
            "{} {} ({rows} {})",
            cx.lang.pick("Skrev", "Wrote"),
            path.display(),
            cx.lang.pick("indikatorer", "indicators")
        );
    }
    Ok(())
}
