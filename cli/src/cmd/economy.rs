//! `budget`, `accounts`, `forecast` and `economy`: the financial plan and
//! the accounts against it.

use super::cards::{emit, write_report};
use super::{number, period, workspace, Context};
use crate::args::{AccountsCommand, BudgetCommand, Files, ForecastCommand, Format};
use crate::error::CliError;
use crate::report_text;
use crate::table::use_colour;
use serde_json::json;
use std::path::Path;
use styring::report::Report;
use styring::styring_core::economy::{compare_report, EconomyRow, Sign, Statement, Sum};
use styring::{Lang, Localized, Workspace};

/// A report in the chosen format: the terminal, JSON, a page or a workbook.
pub(super) fn show(
    report: &Report,
    format: Format,
    out: Option<&Path>,
    lang: Lang,
) -> Result<(), CliError> {
    match format {
        Format::Table => emit(
            report_text::report(report, use_colour()).as_bytes(),
            out,
            lang,
        ),
        Format::Json => {
            let text = serde_json::to_string_pretty(report).map_err(|e| {
                CliError::usage(
                    format!("rapporten kan ikke skrives som JSON ({e})"),
                    format!("the report cannot be written as JSON ({e})"),
                )
            })? + "\n";
            emit(text.as_bytes(), out, lang)
        }
        Format::Csv => Err(CliError::usage(
            "skrives som table, json, html eller xlsx",
            "is written as table, json, html or xlsx",
        )),
        Format::Html | Format::Xlsx => write_report(report, format, out, lang),
    }
}

/// A workspace whose store may be new (imports create one); a dry run
/// never creates a store file, and checks against an empty store when
/// there is none.
pub(crate) fn writable(cx: &Context, files: &Files, dry_run: bool) -> Result<Workspace, CliError> {
    if dry_run && !files.store.exists() {
        let engine = styring::Engine::load(&files.model)?;
        let store = styring::Store::in_memory()?;
        return Ok(Workspace::new(engine, store));
    }
    Ok(Workspace::open(
        &files.model,
        &files.store,
        &cx.store,
        true,
    )?)
}

pub fn budget(cx: &Context, c: BudgetCommand) -> Result<(), CliError> {
    let lang = cx.lang;
    match c {
        BudgetCommand::Import {
            files,
            path,
            dry_run,
        } => {
            let mut ws = writable(cx, &files, dry_run)?;
            let (v, check) = ws.import_budget(&path, dry_run)?;
            let what = if dry_run {
                lang.pick("Kontrollert (ingenting lagret)", "Checked (nothing stored)")
            } else {
                lang.pick("Lagret", "Stored")
            };
            say!("{what}: {}", v.label(lang));
            if check.is_empty() {
                say!(
                    "{}",
                    lang.pick("Alle fire år er i balanse.", "All four years balance.")
                );
            } else {
                say!("{}", check.render(lang));
            }
            Ok(())
        }
        BudgetCommand::Export {
            files,
            version,
            out,
        } => {
            let ws = workspace(cx, &files)?;
            let v = ws.plan(version.as_deref(), None)?;
            styring::styring_xlsx::export::budget::write_budget_workbook(
                ws.model(),
                &v,
                &out,
                lang,
            )?;
            say!("{} {}", lang.pick("Skrev", "Wrote"), out.display());
            Ok(())
        }
        BudgetCommand::Show {
            files,
            year,
            version,
            format,
            out,
        } => {
            let ws = workspace(cx, &files)?;
            if format == Format::Json {
                let v = ws.plan(version.as_deref(), year)?;
                let (_, problems) = ws.check_budget(Some(&v.id))?;
                let statement: Vec<_> = v
                    .year_numbers()
                    .zip(&v.years)
                    .map(|(y, b)| {
                        let s = Statement::of(b);
                        let mut m = serde_json::Map::new();
                        m.insert("year".into(), json!(y));
                        for sum in Sum::ALL {
                            m.insert(format!("{sum:?}").to_lowercase(), json!(sum.of(&s)));
                        }
                        m.insert("balanced".into(), json!(s.balances()));
                        serde_json::Value::Object(m)
                    })
                    .collect();
                let doc = json!({
                    "version": v,
                    "statement": statement,
                    "problems": problems.iter().map(|p| json!({"kind": p.kind.key(), "message": p.render(lang)})).collect::<Vec<_>>(),
                });
                let text = serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n";
                return emit(text.as_bytes(), out.as_deref(), lang);
            }
            let r = ws.budget_report(version.as_deref(), year, lang)?;
            show(&r, format, out.as_deref(), lang)
        }
        BudgetCommand::Check { files, version } => {
            let ws = workspace(cx, &files)?;
            let (v, problems) = ws.check_budget(version.as_deref())?;
            if problems.is_empty() {
                say!(
                    "{}: {}",
                    v.label(lang),
                    lang.pick(
                        "alle fire år er i balanse, og rammene går opp",
                        "all four years balance, and the frames add up"
                    )
                );
                return Ok(());
            }
            Err(CliError::Failed(styring::Text::new(
                format!(
                    "{}: {} feil\n{}",
                    v.label(Lang::Nb),
                    problems.len(),
                    problems.render(Lang::Nb)
                ),
                format!(
                    "{}: {} problem(s)\n{}",
                    v.label(Lang::En),
                    problems.len(),
                    problems.render(Lang::En)
                ),
            )))
        }
        BudgetCommand::Compare {
            files,
            versions,
            format,
            out,
        } => {
            let ws = workspace(cx, &files)?;
            let list = if versions.is_empty() {
                ws.store()
                    .plan_versions()?
                    .into_iter()
                    .map(|s| s.version)
                    .collect()
            } else {
                versions
                    .iter()
                    .map(|id| ws.plan(Some(id), None))
                    .collect::<Result<Vec<_>, _>>()?
            };
            let r = compare_report(ws.model(), &list, lang);
            show(&r, format, out.as_deref(), lang)
        }
    }
}

pub fn accounts(cx: &Context, c: AccountsCommand) -> Result<(), CliError> {
    let lang = cx.lang;
    let AccountsCommand::Import {
        files,
        paths,
        sign,
        dry_run,
    } = c;
    let sign = match sign {
        None => None,
        Some(s) => Some(s.parse::<Sign>().map_err(|e| CliError::Usage(e.text()))?),
    };
    let mut ws = writable(cx, &files, dry_run)?;
    let refs: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
    let r = ws.import_accounts(&refs, sign, dry_run)?;
    for f in &r.files {
        say!(
            "{}: {} {} ({})",
            f.file,
            f.lines,
            lang.pick("regnskapslinjer", "account lines"),
            f.sign.key()
        );
    }
    if dry_run {
        say!(
            "{}",
            lang.pick(
                "Kontrollert: ingenting ble lagret.",
                "Checked: nothing was stored."
            )
        );
    } else {
        say!(
            "{}: {} {}, {} {}, {} {}",
            lang.pick("Lagret", "Stored"),
            r.summary.new,
            lang.pick("nye", "new"),
            r.summary.changed,
            lang.pick("endret", "changed"),
            r.summary.unchanged,
            lang.pick("uendret", "unchanged")
        );
    }
    if !r.warnings.is_empty() {
        say!(
            "{}\n{}",
            lang.pick("Advarsler:", "Warnings:"),
            r.warnings.render(lang)
        );
    }
    Ok(())
}

pub fn forecast(cx: &Context, c: ForecastCommand) -> Result<(), CliError> {
    let lang = cx.lang;
    let ForecastCommand::Set {
        files,
        unit,
        period: p,
        amount,
        comment,
    } = c;
    let mut ws = workspace(cx, &files)?;
    let p = period(&p)?;
    let amount = number(&amount)?;
    let f = ws.set_forecast(&unit, p, amount, &comment)?;
    say!(
        "{} {} {}: {}",
        lang.pick("Prognose for", "Forecast for"),
        f.unit,
        f.period,
        styring::report::Cell::Money(f.amount).text(lang)
    );
    Ok(())
}

fn row_json(r: &EconomyRow) -> serde_json::Value {
    json!({
        "unit": r.unit.as_str(),
        "name": r.name,
        "level": format!("{:?}", r.level).to_lowercase(),
        "frame": r.frame,
        "budget_to_date": r.budget_to_date,
        "accounts_to_date": r.accounts_to_date,
        "deviation": r.deviation,
        "deviation_pct": r.deviation_pct,
        "deviation_pct_of_frame": r.deviation_pct_of_frame,
        "forecast_mechanical": r.forecast_mechanical,
        "forecast_entered": r.forecast_entered,
        "forecast_comment": r.forecast_comment,
        "status": (r.status != styring::Status::Unjudged).then(|| r.status.key()),
        "sign_suspect": r.sign_suspect,
    })
}

pub fn economy(
    cx: &Context,
    files: &Files,
    p: &str,
    format: Format,
    out: Option<&Path>,
) -> Result<(), CliError> {
    let lang = cx.lang;
    let ws = workspace(cx, files)?;
    let p = period(p)?;
    if format == Format::Json {
        let (plan, rows) = ws.economy(p)?;
        let doc = json!({
            "period": p.to_string(),
            "version": plan.id,
            "forecast_method": ws.model().economy().forecast.key(),
            "rows": rows.iter().map(row_json).collect::<Vec<_>>(),
        });
        let text = serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n";
        return emit(text.as_bytes(), out, lang);
    }
    let r = ws.economy_report(p, lang)?;
    show(&r, format, out, lang)
}
