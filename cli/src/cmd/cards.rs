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
        Format::Html => {
            let report = styring::report::scorecard_report(ws.model(), &card, lang);
            let page = styring::styring_html::page(&report);
            return match a.out {
                Some(out) => {
                    styring::write_file(out, page.as_bytes())?;
                    say!("{} {}", lang.pick("Skrev", "Wrote"), out.display());
                    Ok(())
                }
                None => {
                    say_raw!("{page}");
                    Ok(())
                }
            };
        }
    };
    match a.out {
        Some(out) => {
            styring::write_file(out, text.as_bytes())?;
            say!("{} {}", lang.pick("Skrev", "Wrote"), out.display());
        }
        None => say_raw!("{text}"),
    }
    Ok(())
}

pub fn overview(cx: &Context, files: &Files, p: &str) -> Result<(), CliError> {
    let ws = workspace(cx, files)?;
    let p = period(p)?;
    let o = ws.engine().overview(&ws.data()?, p);
    say_raw!(
        "{}",
        table::overview(ws.model(), &o, cx.lang, table::use_colour())
    );
    Ok(())
}

pub fn goals(cx: &Context, files: &Files, p: &str) -> Result<(), CliError> {
    let ws = workspace(cx, files)?;
    let p = period(p)?;
    let goals = ws.engine().goals(&ws.data()?, p);
    say_raw!("{}", table::goals(&goals, p, cx.lang, table::use_colour()));
    Ok(())
}
