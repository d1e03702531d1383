//! `scorecard`, `overview` and `goals`: the views of one period.

use super::{period, scope, today, workspace, Context};
use crate::args::{Files, Format};
use crate::error::CliError;
use crate::table;
use std::path::Path;
use styring::{AsOf, CardOptions};

/// The arguments of `styring scorecard`.
pub struct CardArgs<'a> {
    pub unit: &'a str,
    pub period: &'a str,
    pub format: Format,
    pub history: usize,
    pub as_of: Option<&'a str>,
    pub as_reported: Option<&'a str>,
    pub out: Option<&'a Path>,
}

pub fn scorecard(cx: &Context, files: &Files, a: CardArgs<'_>) -> Result<(), CliError> {
    let mut ws = workspace(cx, files)?;
    let p = period(a.period)?;
    let s = scope(ws.engine(), a.unit)?;
    match (a.as_of, a.as_reported) {
        (Some(d), _) => ws.set_as_of(AsOf::date(super::date(d)?)),
        (None, Some(r)) => ws.set_as_of(AsOf::Reported(period(r)?)),
        (None, None) => {}
    }
    let data = ws.data()?;
    let opts = CardOptions {
        history: a.history,
        today: Some(today()),
    };
    let card = ws.engine().scorecard(&data, &s, p, &opts)?;
    let lang = cx.lang;
    let text = match a.format {
        Format::Table => table::scorecard(&card, lang, table::use_colour()),
        Format::Json => table::scorecard_json(&card, lang),
        Format::Csv => table::scorecard_csv(&card, lang),
        Format::Html | Format::Xlsx => {
            let report = styring::report::scorecard_report(ws.model(), &card, lang);
            return write_report(&report, a.format, a.out, lang);
        }
    };
    emit(text.as_bytes(), a.out, lang)
}

/// Text to `out`, or to standard output.
pub(super) fn emit(bytes: &[u8], out: Option<&Path>, lang: styring::Lang) -> Result<(), CliError> {
    match out {
        Some(out) => {
            styring::write_file(out, bytes)?;
            say!("{} {}", lang.pick("Skrev", "Wrote"), out.display());
        }
        None => say_raw!("{}", String::from_utf8_lossy(bytes)),
    }
    Ok(())
}

/// A report as a page or a workbook; a workbook needs `--out`.
pub(super) fn write_report(
    report: &styring::report::Report,
    format: Format,
    out: Option<&Path>,
    lang: styring::Lang,
) -> Result<(), CliError> {
    match format {
        Format::Xlsx => {
            let Some(out) = out else {
                return Err(CliError::usage(
                    "--format xlsx trenger --out FIL.xlsx",
                    "--format xlsx needs --out FILE.xlsx",
                ));
            };
            styring::styring_xlsx::export::report::write_report_workbook(
                std::slice::from_ref(report),
                out,
            )?;
            say!("{} {}", lang.pick("Skrev", "Wrote"), out.display());
            Ok(())
        }
        _ => emit(styring::styring_html::page(report).as_bytes(), out, lang),
    }
}

pub fn overview(
    cx: &Context,
    files: &Files,
    p: &str,
    format: Format,
    out: Option<&Path>,
) -> Result<(), CliError> {
    let ws = workspace(cx, files)?;
    let p = period(p)?;
    let o = ws.engine().overview(&ws.data()?, p);
    match format {
        Format::Html | Format::Xlsx => {
            let report = styring::report::overview_report(ws.model(), &o, cx.lang);
            write_report(&report, format, out, cx.lang)
        }
        Format::Table => {
            let text = table::overview(ws.model(), &o, cx.lang, table::use_colour());
            emit(text.as_bytes(), out, cx.lang)
        }
        Format::Json | Format::Csv => Err(CliError::usage(
            "oversikten skrives som table, html eller xlsx",
            "the overview is written as table, html or xlsx",
        )),
    }
}

pub fn goals(cx: &Context, files: &Files, p: &str) -> Result<(), CliError> {
    let ws = workspace(cx, files)?;
    let p = period(p)?;
    let goals = ws.engine().goals(&ws.data()?, p);
    say_raw!("{}", table::goals(&goals, p, cx.lang, table::use_colour()));
    Ok(())
}
