//! The sandboxed rhai engine and the compiled scripts of a model.

use crate::error::ScriptError;
use crate::limits::Limits;
use rhai::packages::Package;
use rhai::{Array, Dynamic, Engine, ImmutableString, Map, Scope, AST};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::PathBuf;
use styring_core::indicator::Direction;
use styring_core::model::Model;
use styring_core::rule::{CustomRules, Evaluation, Reason, Rule, RuleInput, ScriptSource};
use styring_core::status::Status;
use styring_core::target::TargetValue;

/// What a script returned: a status and an optional reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The status.
    pub status: Status,
    /// The script's reason, if it gave one.
    pub reason: Option<String>,
}

thread_local! {
    /// The evaluation in progress on this thread: value, previous, direction.
    static CURRENT: RefCell<(Option<f64>, Option<f64>, Option<Direction>)> = const { RefCell::new((None, None, None)) };
    /// `print` and `debug` lines of the evaluation in progress.
    static LOG: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn outcome(status: Status, reason: Option<&str>) -> Outcome {
    Outcome {
        status,
        reason: reason.map(str::to_string),
    }
}

fn num(d: &Dynamic) -> Option<f64> {
    d.as_float()
        .ok()
        .or_else(|| d.as_int().ok().map(|i| i as f64))
}

fn sandbox(limits: &Limits) -> Engine {
    let mut e = Engine::new_raw();
    e.register_global_module(rhai::packages::StandardPackage::new().as_shared_module());
    e.disable_symbol("eval");
    e.set_max_operations(limits.max_operations);
    e.set_max_call_levels(limits.max_call_levels);
    e.set_max_string_size(limits.max_string_size);
    e.set_max_array_size(limits.max_array_size);
    e.set_max_map_size(limits.max_map_size);
    e.set_max_expr_depths(64, 32);
    e.on_print(|s| LOG.with(|l| l.borrow_mut().push(s.to_string())));
    e.on_debug(|s, _, _| LOG.with(|l| l.borrow_mut().push(s.to_string())));
    e.register_type_with_name::<Outcome>("Status");
    for (name, status) in [
        ("green", Status::Green),
        ("yellow", Status::Yellow),
        ("red", Status::Red),
        ("no_data", Status::NoData),
    ] {
        e.register_fn(name, move || outcome(status, None));
        e.register_fn(name, move |r: ImmutableString| {
            outcome(status, Some(r.as_str()))
        });
    }
    e.register_fn("pct_of", |a: Dynamic, b: Dynamic| -> Dynamic {
        match (num(&a), num(&b)) {
            (Some(a), Some(b)) if b != 0.0 => Dynamic::from_float(a / b * 100.0),
            _ => Dynamic::UNIT,
        }
    });
    e.register_fn("mean", |arr: Array| -> Dynamic {
        let v: Vec<f64> = arr.iter().filter_map(num).collect();
        if v.is_empty() {
            Dynamic::UNIT
        } else {
            Dynamic::from_float(v.iter().sum::<f64>() / v.len() as f64)
        }
    });
    e.register_fn("improving", || -> bool {
        CURRENT.with(|c| match *c.borrow() {
            (Some(v), Some(p), Some(Direction::HigherIsBetter)) => v > p,
            (Some(v), Some(p), Some(_)) => v < p,
            _ => false,
        })
    });
    e
}

/// The compiled script rules of a model, and the engine that runs them.
/// Implements [`CustomRules`], so scorecards and exports use it directly.
pub struct ScriptRules {
    engine: Engine,
    scripts: HashMap<ScriptSource, (String, AST)>,
}

impl std::fmt::Debug for ScriptRules {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ScriptRules({} scripts)", self.scripts.len())
    }
}

impl ScriptRules {
    /// Compiles every script rule of `model` (files relative to the
    /// model's folder), with the default limits.
    ///
    /// # Errors
    /// [`ScriptError`] naming the script, line and column.
    pub fn for_model(model: &Model) -> Result<ScriptRules, ScriptError> {
        ScriptRules::with_limits(model, Limits::default())
    }

    /// As [`ScriptRules::for_model`], with other limits.
    ///
    /// # Errors
    /// [`ScriptError`] naming the script, line and column.
    pub fn with_limits(model: &Model, limits: Limits) -> Result<ScriptRules, ScriptError> {
        let engine = sandbox(&limits);
        let mut scripts = HashMap::new();
        for ind in model.indicators() {
            let Rule::Script(src) = &ind.rule else {
                continue;
            };
            if scripts.contains_key(src) {
                continue;
            }
            let (name, text) = match src {
                ScriptSource::Inline(t) => (format!("<inline {}>", ind.code), t.clone()),
                ScriptSource::File(p) => {
                    let path = model
                        .base_dir()
                        .map(|d| d.join(p))
                        .unwrap_or_else(|| PathBuf::from(p));
                    let text = std::fs::read_to_string(&path).map_err(|e| ScriptError::Io {
                        script: p.clone(),
                        message: e.to_string(),
                    })?;
                    (p.clone(), text)
                }
            };
            let ast = engine.compile(&text).map_err(|e| {
                let pos = e.position();
                ScriptError::Syntax {
                    script: name.clone(),
                    line: pos.line().unwrap_or(0),
                    column: pos.position().unwrap_or(0),
                    message: e.0.to_string(),
                }
            })?;
            scripts.insert(src.clone(), (name, ast));
        }
        Ok(ScriptRules { engine, scripts })
    }

    /// Runs the script for `input` and returns its outcome and the lines it
    /// printed.
    ///
    /// # Errors
    /// The message to show when the script fails, names the script, line and
    /// the (indicator, unit, period) being judged.
    pub fn run(
        &self,
        source: &ScriptSource,
        input: &RuleInput<'_>,
    ) -> (Result<Outcome, String>, Vec<String>) {
        LOG.with(|l| l.borrow_mut().clear());
        let result = self.run_inner(source, input);
        let log = LOG.with(|l| std::mem::take(&mut *l.borrow_mut()));
        (result, log)
    }

    fn run_inner(&self, source: &ScriptSource, input: &RuleInput<'_>) -> Result<Outcome, String> {
        let ind = input.indicator;
        let unit = input
            .unit
            .map(|u| u.id.to_string())
            .unwrap_or_else(|| "kommunen".into());
        let place = format!("({}, {unit}, {})", ind.code, input.period);
        let Some((name, ast)) = self.scripts.get(source) else {
            return Err(format!("skriptet {source} er ikke lastet {place}"));
        };
        CURRENT.with(|c| *c.borrow_mut() = (input.value, input.previous, Some(ind.direction)));
        let mut scope = Scope::new();
        let opt = |v: Option<f64>| v.map(Dynamic::from_float).unwrap_or(Dynamic::UNIT);
        scope.push_constant_dynamic("value", opt(input.value));
        let (t, tmin, tmax) = match input.target {
            Some(TargetValue::Value(v)) => (Some(v), Some(v), Some(v)),
            Some(TargetValue::Range { min, max }) => {
                (Some((min + max) / 2.0), Some(min), Some(max))
            }
            None => (None, None, None),
        };
        scope.push_constant_dynamic("target", opt(t));
        scope.push_constant_dynamic("target_min", opt(tmin));
        scope.push_constant_dynamic("target_max", opt(tmax));
        scope.push_constant_dynamic("previous", opt(input.previous));
        let history: Array = input
            .history
            .iter()
            .map(|v| Dynamic::from_float(*v))
            .collect();
        scope.push_constant("history", history);
        let unit_map = match input.unit {
            Some(u) => {
                let mut m = Map::new();
                m.insert("id".into(), u.id.to_string().into());
                m.insert("name".into(), u.name.clone().into());
                m.insert("kind".into(), u.kind.to_string().into());
                Dynamic::from_map(m)
            }
            None => Dynamic::UNIT,
        };
        scope.push_constant_dynamic("unit", unit_map);
        let mut im = Map::new();
        im.insert("code".into(), ind.code.to_string().into());
        im.insert("name".into(), ind.name.clone().into());
        im.insert("direction".into(), ind.direction.key().into());
        im.insert("measure".into(), ind.measure.kind.key().into());
        scope.push_constant("indicator", im);
        let mut pm = Map::new();
        pm.insert("text".into(), input.period.to_string().into());
        pm.insert("year".into(), (input.period.year_number() as i64).into());
        pm.insert("kind".into(), input.period.frequency().key().into());
        scope.push_constant("period", pm);
        let result = self.engine.eval_ast_with_scope::<Dynamic>(&mut scope, ast);
        match result {
            Ok(d) => {
                let type_name = d.type_name().to_string();
                d.try_cast::<Outcome>().ok_or_else(|| {
                    format!(
                        "{name}: skriptet returnerte {}, ikke en status (bruk green(), yellow(), red() eller no_data()) {place}",
                        if type_name == "()" { "ingenting".to_string() } else { type_name }
                    )
                })
            }
            Err(e) => {
                let line = e
                    .position()
                    .line()
                    .map(|l| format!(" linje {l}"))
                    .unwrap_or_default();
                let why = match &*e {
                    rhai::EvalAltResult::ErrorTooManyOperations(_) => {
                        "skriptet brukte for mange operasjoner (evig løkke?)".to_string()
                    }
                    rhai::EvalAltResult::ErrorStackOverflow(_) => {
                        "skriptet kalte seg selv for mange ganger (uendelig rekursjon?)".to_string()
                    }
                    rhai::EvalAltResult::ErrorDataTooLarge(what, _) => {
                        format!("skriptet lagde for store data ({what})")
                    }
                    other => other.to_string(),
                };
                Err(format!("{name}{line}: {why} {place}"))
            }
        }
    }
}

impl ScriptRules {
    /// Evaluates `rule` (a script, or a built-in rule) on `input` and
    /// returns the evaluation with the lines the script printed.
    pub fn evaluate_logged(&self, rule: &Rule, input: &RuleInput<'_>) -> (Evaluation, Vec<String>) {
        match rule {
            Rule::Script(src) => {
                let (r, log) = self.run(src, input);
                (self.to_evaluation(src, input, r), log)
            }
            other => (other.evaluate(input, Some(self)), Vec::new()),
        }
    }

    fn to_evaluation(
        &self,
        source: &ScriptSource,
        input: &RuleInput<'_>,
        r: Result<Outcome, String>,
    ) -> Evaluation {
        match r {
            Ok(o) => Evaluation {
                status: o.status,
                reason: match o.reason {
                    Some(r) => Reason::Text(r),
                    None if input.value.is_none() => Reason::NoValue,
                    None => Reason::Text(format!(
                        "{} ({source})",
                        o.status.word(styring_core::Lang::Nb)
                    )),
                },
            },
            Err(message) => Evaluation {
                status: Status::Error,
                reason: Reason::Error(message),
            },
        }
    }
}

impl CustomRules for ScriptRules {
    fn evaluate(&self, source: &ScriptSource, input: &RuleInput<'_>) -> Evaluation {
        self.to_evaluation(source, input, self.run(source, input).0)
    }
}
