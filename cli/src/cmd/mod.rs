//! The subcommands, one module each: they parse arguments, call the
//! library and print. No policy lives here.

mod bench;
mod benefit;
mod cards;
mod check;
mod demo;
mod deviation;
mod economy;
mod export;
mod import;
mod kostra;
mod rule;
mod store;
mod template;
mod whistleblowing;

use crate::args::{Cli, Command, Files};
use crate::error::CliError;
use chrono::NaiveDate;
use std::path::Path;
use std::time::Duration;
use styring::styring_core::asof::parse_date;
use styring::styring_core::period::PeriodError;
use styring::Localized;
use styring::{Actor, Engine, Lang, OpenOptions, Period, Store, Workspace};

/// What every subcommand gets besides its own arguments.
pub struct Context {
    pub lang: Lang,
    pub store: OpenOptions,
}

pub fn run(cli: Cli) -> Result<(), CliError> {
    let actor = match &cli.actor {
        Some(a) => Some(Actor::new(a).map_err(|e| CliError::Usage(e.text()))?),
        None => None,
    };
    let cx = Context {
        lang: cli.lang,
        store: OpenOptions {
            wait: Duration::from_secs(cli.wait),
            actor,
        },
    };
    match cli.command {
        Command::Demo { out } => demo::run(&out, &cx),
        Command::Check { model } => check::run(&model, &cx),
        Command::Scorecard {
            files,
            unit,
            period,
            format,
            history,
            as_of,
            as_reported,
            out,
        } => cards::scorecard(
            &cx,
            &files,
            cards::CardArgs {
                unit: &unit,
                period: &period,
                format,
                history,
                as_of: as_of.as_deref(),
                as_reported: as_reported.as_deref(),
                out: out.as_deref(),
            },
        ),
        Command::Overview {
            files,
            period,
            format,
            out,
        } => cards::overview(&cx, &files, &period, format, out.as_deref()),
        Command::Goals { files, period } => cards::goals(&cx, &files, &period),
        Command::Export { files, period, out } => export::run(&cx, &files, &period, &out),
        Command::Template {
            files,
            unit,
            all,
            year,
            out,
            out_dir,
        } => template::run(
            &cx,
            &files,
            unit.as_deref(),
            all,
            year,
            out.as_deref(),
            out_dir.as_deref(),
        ),
        Command::Import {
            files,
            paths,
            dry_run,
            unit,
            limits,
        } => import::run(&cx, &files, &paths, dry_run, unit, &limits),
        Command::BenchModel {
            units,
            indicators,
            out,
        } => bench::model(&cx, units, indicators, &out),
        Command::BenchExport { cells, out } => bench::export(&cx, cells, &out),
        Command::Store(c) => store::run(&cx, c),
        Command::Rule(c) => rule::run(&cx, c),
        Command::Budget(c) => economy::budget(&cx, c),
        Command::Accounts(c) => economy::accounts(&cx, c),
        Command::Forecast(c) => economy::forecast(&cx, c),
        Command::Deviation(c) => deviation::run(&cx, c),
        Command::Whistleblowing(c) => whistleblowing::run(&cx, c),
        Command::Benefit(c) => benefit::run(&cx, c),
        Command::Kostra(c) => kostra::run(&cx, c),
        Command::Economy {
            files,
            period,
            format,
            out,
        } => economy::economy(&cx, &files, &period, format, out.as_deref()),
    }
}

/// A period as the user typed it; a wrong one is a usage error.
pub fn period(text: &str) -> Result<Period, CliError> {
    text.parse()
        .map_err(|e: PeriodError| CliError::Usage(e.text()))
}

/// A date `YYYY-MM-DD`; a wrong one is a usage error.
pub fn date(text: &str) -> Result<NaiveDate, CliError> {
    parse_date(text).map_err(|e| CliError::Usage(e.text()))
}

/// Today (UTC).
pub fn today() -> NaiveDate {
    styring::styring_core::local_time::today()
}

/// The engine of `files.model`.
pub fn engine(files: &Files) -> Result<Engine, CliError> {
    Ok(Engine::load(&files.model)?)
}

/// The workspace of `files`: an existing store for reading.
pub fn workspace(cx: &Context, files: &Files) -> Result<Workspace, CliError> {
    Ok(Workspace::open(
        &files.model,
        &files.store,
        &cx.store,
        false,
    )?)
}

/// The store of `files` alone; `create` makes a new one.
pub fn store(cx: &Context, path: &Path, create: bool) -> Result<Store, CliError> {
    if !create && !path.exists() {
        return Err(styring::Error::NoStore {
            path: path.display().to_string(),
        }
        .into());
    }
    Ok(Store::open_with(path, &cx.store)?)
}

/// A scope as the user typed it; an unknown one is a usage error.
pub fn scope(engine: &Engine, text: &str) -> Result<styring::Scope, CliError> {
    engine
        .model()
        .resolve_scope(text)
        .map_err(CliError::usage_from)
}

/// A number as people type it (`5,3 %`, `1 234,5`, `−2`).
pub fn number(text: &str) -> Result<f64, CliError> {
    styring::styring_core::lang::parse_number(text).ok_or_else(|| {
        CliError::usage(
            format!("«{text}» er ikke et tall"),
            format!("\"{text}\" is not a number"),
        )
    })
}
