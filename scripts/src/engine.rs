//! The sandboxed rhai engine and the compiled scripts of a model.

use crate::error::ScriptError;
use crate::limits::Limits;
use rhai::packages::Package;
use rhai::{Array, Dynamic, Engine, ImmutableString, Map, Scope, AST};
use std::cell::{Cell, RefCell};
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
    static CURRENT: Cell<(Option<f64>, Option<f64>, Option<Direction>)> = const { Cell::new((None, None, None)) };
    /// `print` and `debug` lines of the evaluation in progress.
    static LOG: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    /// This thread's scope, reused between evaluations to spare allocations.
    static SCOPE: RefCell<Scope<'static>> = RefCell::new(Scope::new());
}

/// Which context variables a script mentions. Only those are put in its
/// scope; a variable named anywhere in the text (even in a string or a
/// comment) counts, so a script never misses one it uses.
#[derive(Debug, Clone, Copy, Default)]
struct Uses {
    value: bool,
    target: bool,
    target_min: bool,
    target_max: bool,
    previous: bool,
    history: bool,
    unit: bool,
    indicator: bool,
    period: bool,
}

impl Uses {
    fn of(text: &str) -> Uses {
        let mut u = Uses::default();
        for word in text.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
            match word {
                "value" => u.value = true,
                "target" => u.target = true,
                "target_min" => u.target_min = true,
                "target_max" => u.target_max = true,
                "previous" => u.previous = true,
                "history" => u.history = true,
                "unit" => u.unit = true,
                "indicator" => u.indicator = true,
                "period" => u.period = true,
                _ => {}
            }
        }
        u
    }
}

/// One compiled script.
struct Compiled {
    /// The file, or `<inline CODE>`.
    name: String,
    ast: AST,
    uses: Uses,
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
        CURRENT.with(|c| match c.get() {
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
    scripts: HashMap<ScriptSource, Compiled>,
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
            let uses = Uses::of(&text);
            scripts.insert(src.clone(), Compiled { name, ast, uses });
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
        let result = self.run_inner(source, input);
        let log = LOG.with(|l| std::mem::take(&mut *l.borrow_mut()));
        (result, log)
    }

    fn run_inner(&self, source: &ScriptSource, input: &RuleInput<'_>) -> Result<Outcome, String> {
        let ind = input.indicator;
        let place = || {
            let unit = input
                .unit
                .map(|u| u.id.to_string())
                .unwrap_or_else(|| "kommunen".into());
            format!("({}, {unit}, {})", ind.code, input.period)
        };
        let Some(Compiled { name, ast, uses }) = self.scripts.get(source) else {
            return Err(format!("skriptet {source} er ikke lastet {}", place()));
        };
        CURRENT.set((input.value, input.previous, Some(ind.direction)));
        SCOPE.with(|cell| {
            // A nested evaluation (not possible today) gets a scope of its own.
            let mut own;
            let mut borrowed = cell.try_borrow_mut();
            let scope: &mut Scope<'static> = match borrowed.as_deref_mut() {
                Ok(s) => s,
                Err(_) => {
                    own = Scope::new();
                    &mut own
                }
            };
            scope.clear();
            push_context(scope, input, uses);
            let result = self.engine.eval_ast_with_scope::<Dynamic>(scope, ast);
            scope.clear();
            finish(name, result, place)
        })
    }
}

/// Puts the context variables the script uses into its scope.
fn push_context(scope: &mut Scope<'static>, input: &RuleInput<'_>, uses: &Uses) {
    let ind = input.indicator;
    let opt = |v: Option<f64>| v.map(Dynamic::from_float).unwrap_or(Dynamic::UNIT);
    if uses.value {
        scope.push_constant_dynamic("value", opt(input.value));
    }
    let (t, tmin, tmax) = match input.target {
        Some(TargetValue::Value(v)) => (Some(v), Some(v), Some(v)),
        Some(TargetValue::Range { min, max }) => (Some((min + max) / 2.0), Some(min), Some(max)),
        None => (None, None, None),
    };
    if uses.target {
        scope.push_constant_dynamic("target", opt(t));
    }
    if uses.target_min {
        scope.push_constant_dynamic("target_min", opt(tmin));
    }
    if uses.target_max {
        scope.push_constant_dynamic("target_max", opt(tmax));
    }
    if uses.previous {
        scope.push_constant_dynamic("previous", opt(input.previous));
    }
    if uses.history {
        let history: Array = input
            .history
            .iter()
            .map(|v| Dynamic::from_float(*v))
            .collect();
        scope.push_constant("history", history);
    }
    if uses.unit {
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
    }
    if uses.indicator {
        let mut im = Map::new();
        im.insert("code".into(), ind.code.to_string().into());
        im.insert("name".into(), ind.name.clone().into());
        im.insert("direction".into(), ind.direction.key().into());
        im.insert("measure".into(), ind.measure.kind.key().into());
        scope.push_constant("indicator", im);
    }
    if uses.period {
        let mut pm = Map::new();
        pm.insert("text".into(), input.period.to_string().into());
        pm.insert("year".into(), (input.period.year_number() as i64).into());
        pm.insert("kind".into(), input.period.frequency().key().into());
        scope.push_constant("period", pm);
    }
}

/// Turns what rhai returned into an outcome, or the message to show.
fn finish(
    name: &str,
    result: Result<Dynamic, Box<rhai::EvalAltResult>>,
    place: impl Fn() -> String,
) -> Result<Outcome, String> {
    match result {
        Ok(d) => {
            let type_name = d.type_name().to_string();
            d.try_cast::<Outcome>().ok_or_else(|| {
                    format!(
                        "{name}: skriptet returnerte {}, ikke en status (bruk green(), yellow(), red() eller no_data()) {}",
                        if type_name == "()" { "ingenting".to_string() } else { type_name },
                        place()
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
            Err(format!("{name}{line}: {why} {}", place()))
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
                (to_evaluation(input, r), log)
            }
            other => (other.evaluate(input, Some(self)), Vec::new()),
        }
    }
}

/// A script's outcome as an evaluation.
fn to_evaluation(input: &RuleInput<'_>, r: Result<Outcome, String>) -> Evaluation {
    match r {
        Ok(o) => Evaluation {
            status: o.status,
            reason: match o.reason {
                Some(r) => Reason::Text(r),
                None if input.value.is_none() => Reason::NoValue,
                None => Reason::Judged {
                    value: input.value,
                    status: o.status,
                },
            },
        },
        Err(message) => Evaluation {
            status: Status::Error,
            reason: Reason::Error(message),
        },
    }
}

impl CustomRules for ScriptRules {
    fn evaluate(&self, source: &ScriptSource, input: &RuleInput<'_>) -> Evaluation {
        to_evaluation(input, self.run(source, input).0)
    }
}
