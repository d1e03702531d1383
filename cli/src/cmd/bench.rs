//! Hidden commands that write scaled inputs for the benchmarks.

use super::{today, Context};
use crate::error::CliError;
use std::path::Path;
use styring::styring_core::{
    example,
    scorecard::{Overview, OverviewCell},
    Status,
};
use styring::Scope;

pub fn model(cx: &Context, units: usize, indicators: usize, out: &Path) -> Result<(), CliError> {
    let lang = cx.lang;
    let (model, _) = example::scaled(units.clamp(1, 100_000), indicators.clamp(1, 10_000), 0);
    model.save(out)?;
    say!("{} {}", lang.pick("Skrev", "Wrote"), out.display());
    Ok(())
}

pub fn export(cx: &Context, cells: usize, out: &Path) -> Result<(), CliError> {
    let lang = cx.lang;

    // An overview of `cells` coloured values: units × 200 indicators.
    let indicators = 200;
    let units = cells.div_ceil(indicators).clamp(1, 1_000_000);
    let (model, _) = example::scaled(units, indicators, 0);
    let mut rng = example::Rng::new(11);
    let statuses = [Status::Green, Status::Yellow, Status::Red, Status::NoData];
    let overview = Overview {
        period: super::period("2025-T2")?,
        units: model
            .service_units(&Scope::Municipality)
            .iter()
            .map(|u| (Scope::Unit(u.id.clone()), u.name.clone()))
            .collect(),
        indicators: model
            .indicators()
            .iter()
            .map(|i| {
                (
                    i.code.clone(),
                    i.name.clone(),
                    model.perspective_of(i).id.clone(),
                )
            })
            .collect(),
        cells: (0..units)
            .map(|_| {
                (0..indicators)
                    .map(|_| {
                        let s = statuses[(rng.next_u64() % 4) as usize];
                        Some(OverviewCell {
                            value: (s != Status::NoData).then(|| 0.03 + 0.04 * rng.unit()),
                            status: s,
                        })
                    })
                    .collect()
            })
            .collect(),
        counts: vec![Default::default(); units],
    };
    styring::styring_xlsx::export::scorecard::write_overview_workbook(
        &model,
        &overview,
        out,
        lang,
        today(),
    )?;
    say!(
        "{} {} ({} {})",
        lang.pick("Skrev", "Wrote"),
        out.display(),
        units * indicators,
        lang.pick("celler", "cells")
    );
    Ok(())
}
