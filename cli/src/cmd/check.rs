//! `check`: validate a model and its scripts.

use super::Context;
use crate::error::CliError;
use std::path::Path;
use styring::Localized;
use styring::{Engine, Lang};

pub fn run(path: &Path, cx: &Context) -> Result<(), CliError> {
    let engine = Engine::load(path)?;
    let model = engine.model();
    let advice = model.check();
    match cx.lang {
        Lang::Nb => say!(
            "{}: gyldig modell — {} perspektiver, {} fokusområder, {} enheter, {} indikatorer, {} målverdier, {} mål i målhierarkiet.",
            path.display(),
            model.perspectives().len(),
            model.focus_areas().len(),
            model.units().len(),
            model.indicators().len(),
            model.targets().all().len(),
            model.goals().len()
        ),
        Lang::En => say!(
            "{}: valid model — {} perspectives, {} focus areas, {} units, {} indicators, {} targets, {} goals.",
            path.display(),
            model.perspectives().len(),
            model.focus_areas().len(),
            model.units().len(),
            model.indicators().len(),
            model.targets().all().len(),
            model.goals().len()
        ),
    }
    if !advice.is_empty() {
        say!(
            "{}",
            cx.lang
                .pick("Merknader til målhierarkiet:", "Notes on the goal tree:")
        );
        for a in &advice {
            say!("  {}: {}", path.display(), a.render(cx.lang));
        }
    }
    Ok(())
}
