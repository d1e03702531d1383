//! `rule test`: try an indicator's rule on one value.

use super::{number, period, Context};
use crate::args::RuleCommand;
use crate::error::CliError;
use styring::styring_core::rule::RuleInput;
use styring::styring_core::target::TargetValue;
use styring::{Engine, Status};

pub fn run(cx: &Context, c: RuleCommand) -> Result<(), CliError> {
    let RuleCommand::Test {
        model,
        indicator,
        value,
        target,
        previous,
        unit,
        period: p,
    } = c;
    let engine = Engine::load(&model)?;
    let model = engine.model();
    let ind = model.indicator_or_error(&indicator)?;
    let p = period(&p)?;
    let u = match &unit {
        Some(u) => Some(model.resolve_unit(u).map_err(CliError::usage_from)?),
        None => None,
    };
    let target = match target {
        Some(t) => Some(TargetValue::Value(number(&t)?)),
        None => model
            .targets()
            .find(&ind.code, u.map(|u| &u.id), p)
            .map(|t| t.value),
    };
    let input = RuleInput {
        indicator: ind,
        unit: u,
        period: p,
        value: Some(number(&value)?),
        target,
        previous: previous.map(|x| number(&x)).transpose()?,
        history: &[],
        comparison: None,
    };
    let (evaluation, log) = engine.rules().evaluate_logged(&ind.rule, &input);
    say!(
        "{} {}: {}",
        evaluation.status.symbol(),
        evaluation.status.word(cx.lang),
        evaluation.reason.render(cx.lang, &ind.measure, p)
    );
    for l in log {
        say!("  log: {l}");
    }
    if evaluation.status == Status::Error {
        return Err(CliError::Failed(styring::Text::new(
            "regelen feilet",
            "the rule failed",
        )));
    }
    Ok(())
}
