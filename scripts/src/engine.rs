//! The sandboxed rhai engine and the compiled scripts of a model.

use crate::computed::{order, reads};
use crate::error::ScriptError;
use crate::limits::Limits;
use crate::source::{compile, Compiled, Uses};
use rhai::packages::Package;
use rhai::{Array, Dynamic, Engine, EvalAltResult, ImmutableString, Map, Scope, AST};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeSet, HashMap};
use std::hash::BuildHasherDefault;
use styring_core::model::Model;
use styring_core::observation::Dataset;
use styring_core::rule::{CustomRules, Evaluation, Reason, Rule, RuleInput, ScriptSource};
use styring_core::status::Status;
use styring_core::target::TargetValue;
use styring_core::trend::Trend;

/// What a script returned: a status and an optional reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The status.
    pub status: Status,
    /// The script's reason, if it gave one.
    pub reason: Option<String>,
}

thread_local! {
    /// The evaluation in progress on this thread: its trend, judged by the
    /// core (direction, stability margin, distance from a range).
    static CURRENT: Cell<Trend> = const { Cell::new(Trend::Unknown) };
    /// `print` and `debug` lines of the evaluation in progress.
    static LOG: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    /// The inputs of the computed indicator being computed: (code, value).
    static INPUTS: RefCell<Vec<(String, Option<f64>)>> = const { RefCell::new(Vec::new()) };
    /// This thread's scope and copies of scripts, reused between
    /// evaluations to spare allocations and shared counters.
    static LOCAL: RefCell<Local> = RefCell::new(Local::default());
}

/// What one thread keeps between evaluations.
#[derive(Default)]
struct Local {
    scope: Scope<'static>,
    /// This thread's own copy of each script without functions, by
    /// (engine id, script address): evaluating a shared script touches
    /// its shared function library on every run, which the threads would
    /// otherwise fight over.
    asts: HashMap<(usize, usize), AST, BuildHasherDefault<Fnv>>,
}

/// FNV-1a: scripts are looked up by their text on every evaluation, and
/// this hashes a short text several times faster than the default hasher.
/// The keys are the model's own scripts, so hash flooding is no concern.
#[derive(Debug, Clone, Copy)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Distinguishes [`ScriptRules`] values in the thread-local cache.
static NEXT_ID: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(1);

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
    // Built-in operators on numbers are never overridden here, so rhai may
    // run them directly instead of looking them up on each use.
    e.set_fast_operators(true);
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
    e.register_fn(
        "v",
        |code: ImmutableString| -> Result<Dynamic, Box<EvalAltResult>> {
            INPUTS.with(|x| {
                let x = x.borrow();
                if x.is_empty() {
                    return Err(format!(
                        "v(\"{code}\") kan bare brukes i skript for beregnede indikatorer (computed)"
                    )
                    .into());
                }
                x.iter()
                    .find(|(c, _)| c.as_str() == code.as_str())
                    .map(|(_, v)| v.map(Dynamic::from_float).unwrap_or(Dynamic::UNIT))
                    .ok_or_else(|| format!("v(\"{code}\"): ikke et grunnlag for denne indikatoren").into())
            })
        },
    );
    e.register_fn("improving", || -> bool {
        matches!(CURRENT.get(), Trend::Improving(_))
    });
    e
}

/// The compiled script rules of a model, and the engine that runs them.
/// Implements [`CustomRules`], so scorecards and exports use it directly.
pub struct ScriptRules {
    /// Unique per value, for the thread-local copies of its scripts.
    id: usize,
    engine: Engine,
    scripts: HashMap<ScriptSource, Compiled, BuildHasherDefault<Fnv>>,
    /// Computed indicators by index.
    computed: HashMap<usize, ComputedScript>,
    /// Computed indicators in the order they are computed.
    order: Vec<usize>,
    /// How long computing them all may take.
    compute_budget: std::time::Duration,
}

/// A computed indicator's script and the indicators it reads.
struct ComputedScript {
    name: String,
    source: ScriptSource,
    /// (code, indicator index) of each indicator read with `v(...)`.
    inputs: Vec<(String, usize)>,
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
        let mut scripts = HashMap::default();
        let mut computed = HashMap::new();
        let mut deps = HashMap::new();
        for (i, ind) in model.indicators().iter().enumerate() {
            if let Rule::Script(src) = &ind.rule {
                if !scripts.contains_key(src) {
                    let name = format!("<inline {}>", ind.code);
                    let (c, _) = compile(&engine, model, src, name)?;
                    scripts.insert(src.clone(), c);
                }
            }
            let Some(src) = &ind.computed else { continue };
            let name = format!("<inline computed {}>", ind.code);
            let (c, text) = compile(&engine, model, src, name)?;
            let found = reads(&text).map_err(|line| ScriptError::DynamicRead {
                script: c.name.clone(),
                line,
            })?;
            let mut inputs: Vec<(String, usize)> = Vec::new();
            for r in found {
                let Some(d) = model.indicator_index(&r.code) else {
                    return Err(ScriptError::UnknownIndicator {
                        script: c.name.clone(),
                        line: r.line,
                        suggestion: styring_core::problem::suggest(
                            &r.code,
                            model.indicators().iter().map(|x| x.code.as_str()),
                        ),
                        code: r.code,
                    });
                };
                if !inputs.iter().any(|(code, _)| *code == r.code) {
                    inputs.push((r.code, d));
                }
            }
            deps.insert(i, inputs.iter().map(|(_, d)| *d).collect::<Vec<_>>());
            computed.insert(
                i,
                ComputedScript {
                    name: c.name.clone(),
                    source: src.clone(),
                    inputs,
                },
            );
            scripts.entry(src.clone()).or_insert(c);
        }
        let order = order(model, &deps)?;
        Ok(ScriptRules {
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            engine,
            scripts,
            computed,
            order,
            compute_budget: std::time::Duration::from_millis(limits.max_compute_millis),
        })
    }

    /// Checks that `text` compiles in the sandbox; `name` names it in the
    /// error.
    ///
    /// # Errors
    /// [`ScriptError::Syntax`] with line and column.
    pub fn check_source(text: &str, name: &str) -> Result<(), ScriptError> {
        let engine = sandbox(&Limits::default());
        let src = ScriptSource::Inline(text.to_string());
        let model = Model::example();
        compile(&engine, &model, &src, name.to_string()).map(|_| ())
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
        let place = || place_of(input);
        let Some(c) = self.scripts.get(source) else {
            return Err(format!("skriptet {source} er ikke lastet {}", place()));
        };
        let result = self.eval(c, input);
        match result {
            Ok(d) => {
                let type_name = d.type_name().to_string();
                d.try_cast::<Outcome>().ok_or_else(|| {
                    format!(
                        "{}: skriptet returnerte {}, ikke en status (bruk green(), yellow(), red() eller no_data()) {}",
                        c.name,
                        if type_name == "()" { "ingenting".to_string() } else { type_name },
                        place()
                    )
                })
            }
            Err(e) => Err(failure(&c.name, &e, place)),
        }
    }

    /// Evaluates a compiled script with the context of `input`.
    fn eval(&self, c: &Compiled, input: &RuleInput<'_>) -> Result<Dynamic, Box<EvalAltResult>> {
        CURRENT.set(Trend::for_indicator(
            input.indicator,
            input.previous,
            input.value,
            input.target,
        ));
        LOCAL.with(|cell| {
            let Ok(mut local) = cell.try_borrow_mut() else {
                // A nested evaluation (not possible today) gets a scope of its own.
                let mut scope = Scope::new();
                push_context(&mut scope, input, &c.uses);
                return self
                    .engine
                    .eval_ast_with_scope::<Dynamic>(&mut scope, &c.ast);
            };
            let Local { scope, asts } = &mut *local;
            scope.clear();
            push_context(scope, input, &c.uses);
            let ast = if c.ast.has_functions() {
                &c.ast
            } else {
                if asts.len() > 1024 {
                    asts.clear();
                }
                asts.entry((self.id, c as *const Compiled as usize))
                    .or_insert_with(|| c.ast.clone_statements_only())
            };
            let result = self.engine.eval_ast_with_scope::<Dynamic>(scope, ast);
            scope.clear();
            result
        })
    }

    /// Fills `data` with the values of the model's computed indicators,
    /// each computed in dependency order for every unit it applies to and
    /// every period where one of its inputs has a value. Values stored for
    /// a computed indicator are replaced; failures are kept in `data` as
    /// errors, which scorecards show as error statuses.
    ///
    /// Callers go through [`styring_core::complete::Complete::new`], which
    /// gives the completed dataset its own type.
    fn compute_into(&self, model: &Model, data: &mut Dataset) {
        let units = model.service_units(&styring_core::unit::Scope::Municipality);
        let started = std::time::Instant::now();
        for &i in &self.order {
            let Some(cs) = self.computed.get(&i) else {
                continue;
            };
            let Some(c) = self.scripts.get(&cs.source) else {
                continue;
            };
            let ind = &model.indicators()[i];
            let f = ind.frequency;
            data.begin_computed(i, &cs.name);
            for unit in units.iter().filter(|u| model.applies(ind, u)) {
                let Some(u) = model.unit_index(unit.id.as_str()) else {
                    continue;
                };
                let mut periods = BTreeSet::new();
                for (_, d) in &cs.inputs {
                    for (p, _, _) in data.series(*d, u) {
                        if p.frequency() == f {
                            periods.insert(p);
                        } else if p.frequency() < f {
                            periods.extend(p.coarsen(f));
                        } else {
                            periods.extend(p.subperiods(f));
                        }
                    }
                }
                for p in periods {
                    let values: Vec<(String, Option<f64>)> = cs
                        .inputs
                        .iter()
                        .map(|(code, d)| {
                            (code.clone(), data.value(model, *d, u, p).map(|v| v.value))
                        })
                        .collect();
                    let target = model
                        .targets()
                        .find(&ind.code, Some(&unit.id), p)
                        .map(|t| t.value);
                    let input = RuleInput {
                        indicator: ind,
                        unit: Some(unit),
                        period: p,
                        value: None,
                        target,
                        previous: None,
                        history: &[],
                        comparison: None,
                    };
                    if started.elapsed() > self.compute_budget {
                        data.set_computed_error(
                            i,
                            u,
                            p,
                            format!(
                                "{}: beregningene tok for lang tid (over {} ms i alt); gjør skriptet enklere {}",
                                cs.name,
                                self.compute_budget.as_millis(),
                                place_of(&input)
                            ),
                        );
                        continue;
                    }
                    INPUTS.with(|x| *x.borrow_mut() = values);
                    let result = self.eval(c, &input);
                    INPUTS.with(|x| x.borrow_mut().clear());
                    LOG.with(|l| l.borrow_mut().clear());
                    let place = || place_of(&input);
                    match result {
                        Ok(d) if d.is_unit() => {}
                        Ok(d) => match num(&d) {
                            Some(v) if v.is_finite() && ind.measure.check(v).is_ok() => {
                                data.set_computed(i, u, p, Some(v));
                            }
                            Some(v) => data.set_computed_error(
                                i,
                                u,
                                p,
                                format!(
                                    "{}: beregnet verdi {} er utenfor gyldig område {}",
                                    cs.name,
                                    if v.is_finite() {
                                        ind.measure.format(v, styring_core::Lang::Nb)
                                    } else {
                                        v.to_string()
                                    },
                                    place()
                                ),
                            ),
                            None => data.set_computed_error(
                                i,
                                u,
                                p,
                                format!(
                                    "{}: skriptet returnerte {}, ikke et tall eller () {}",
                                    cs.name,
                                    d.type_name(),
                                    place()
                                ),
                            ),
                        },
                        Err(e) => data.set_computed_error(i, u, p, failure(&cs.name, &e, place)),
                    }
                }
            }
        }
    }

    /// The computed indicators' codes, in the order they are computed.
    pub fn computed_order<'m>(&self, model: &'m Model) -> Vec<&'m str> {
        self.order
            .iter()
            .map(|&i| model.indicators()[i].code.as_str())
            .collect()
    }
}

/// `(M.1.5, aurvoll, 2025-T2)`: what was being evaluated.
fn place_of(input: &RuleInput<'_>) -> String {
    let unit = input
        .unit
        .map(|u| u.id.to_string())
        .unwrap_or_else(|| "kommunen".into());
    format!("({}, {unit}, {})", input.indicator.code, input.period)
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

/// The message for a script that failed: script, line, why, and where.
fn failure(name: &str, e: &EvalAltResult, place: impl Fn() -> String) -> String {
    let line = e
        .position()
        .line()
        .map(|l| format!(" linje {l}"))
        .unwrap_or_default();
    let why = match e {
        EvalAltResult::ErrorTooManyOperations(_) => {
            "skriptet brukte for mange operasjoner (evig løkke?)".to_string()
        }
        EvalAltResult::ErrorStackOverflow(_) => {
            "skriptet kalte seg selv for mange ganger (uendelig rekursjon?)".to_string()
        }
        EvalAltResult::ErrorDataTooLarge(what, _) => {
            format!("skriptet lagde for store data ({what})")
        }
        other => other.to_string(),
    };
    format!("{name}{line}: {why} {}", place())
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

    fn compute(&self, model: &Model, data: &mut Dataset) {
        self.compute_into(model, data);
    }
}
