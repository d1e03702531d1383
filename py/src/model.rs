//! The model and its parts: units, indicators, perspectives, focus areas,
//! goals and rules.

use crate::errors::{guarded, py_result, Failure, Problem, Res};
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use styring::styring_core::model::Model as CoreModel;
use styring::styring_core::rule::{Rule as CoreRule, ScriptSource, Tolerance};
use styring::Engine;
use styring::Lang;
use styring::Localized;

/// A municipality's management model: perspectives, focus areas, units,
/// indicators, targets and the goal tree (`model.toml`).
#[pyclass(module = "styring._styring", name = "Model")]
pub struct Model {
    pub(crate) inner: CoreModel,
    /// The engine (the model with its scripts compiled), made on first use
    /// and dropped on any change.
    engine: Mutex<Option<Arc<Engine>>>,
}

impl Model {
    pub(crate) fn new(inner: CoreModel) -> Model {
        Model {
            inner,
            engine: Mutex::new(None),
        }
    }

    /// The library's engine for this model: every scorecard, overview,
    /// export and import goes through it (a syntax error or a cycle fails
    /// here).
    pub(crate) fn engine(&self) -> Res<Arc<Engine>> {
        let mut slot = self.engine.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(r) = &*slot {
            return Ok(r.clone());
        }
        let r = Arc::new(Engine::new(self.inner.clone())?);
        *slot = Some(r.clone());
        Ok(r)
    }

    fn changed(&mut self) {
        *self.engine.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

impl Model {
    /// The unit or sector `text` names (an id or a name, any case).
    pub(crate) fn find_unit(&self, text: &str) -> Res<&styring::styring_core::unit::Unit> {
        Ok(self.inner.resolve_unit(text)?)
    }

    /// Indicator `code`, or the error with a «mente du» suggestion.
    pub(crate) fn find_indicator(
        &self,
        code: &str,
    ) -> Res<&styring::styring_core::indicator::Indicator> {
        Ok(self.inner.indicator_or_error(code)?)
    }
}

#[pymethods]
impl Model {
    /// The built-in example: Øyer kommune, with 11 service units in 2
    /// sectors, its indicators, targets for 2024–2027 and goal tree.
    #[staticmethod]
    fn example() -> Model {
        Model::new(CoreModel::example())
    }

    /// Loads and checks `model.toml` from `path`. Script paths in it are
    /// relative to its folder.
    ///
    /// Raises `ModelError` listing every problem, or `FileNotFoundError`.
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<Model> {
        py_result(py, guarded(|| Ok(Model::new(CoreModel::load(&path)?))))
    }

    /// Reads a model from TOML text; `name` names it in messages and
    /// `base_dir` is the folder script paths are relative to.
    #[staticmethod]
    #[pyo3(signature = (text, name = "model.toml", base_dir = None))]
    fn from_toml(
        py: Python<'_>,
        text: &str,
        name: &str,
        base_dir: Option<PathBuf>,
    ) -> PyResult<Model> {
        py_result(
            py,
            guarded(|| {
                let mut m = CoreModel::from_toml(text, name)?;
                m.set_base_dir(base_dir);
                Ok(Model::new(m))
            }),
        )
    }

    /// The model as `model.toml` text.
    fn to_toml(&self) -> String {
        self.inner.to_toml()
    }

    /// Saves the model to `path` atomically (the old file is kept on
    /// failure).
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        py_result(py, guarded(|| Ok(self.inner.save(&path)?)))
    }

    /// Advice and problems that do not stop the model from loading: goals
    /// without indicators, indicators that trace to no kommuneplan goal,
    /// and scripts that do not compile (or computed indicators in a cycle).
    fn check(&self) -> Vec<Problem> {
        let mut out: Vec<Problem> = self.inner.check().iter().map(Problem::from_core).collect();
        if let Err(Failure::Script(e)) = self.engine() {
            out.push(Problem::plain(e.render(Lang::Nb), e.render(Lang::En)));
        }
        out
    }

    /// The municipality's name, e.g. `Øyer kommune`.
    #[getter]
    fn name(&self) -> String {
        self.inner.municipality_name().to_string()
    }

    /// The municipality's id (the root of the unit tree).
    #[getter]
    fn municipality_id(&self) -> String {
        self.inner.municipality_id().to_string()
    }

    /// Every unit: sectors and service units, in model order.
    #[getter]
    fn units(&self) -> Vec<Unit> {
        self.inner
            .units()
            .iter()
            .map(|u| Unit::from_core(&self.inner, u))
            .collect()
    }

    /// Every indicator, in model order.
    #[getter]
    fn indicators(&self) -> Vec<Indicator> {
        self.inner
            .indicators()
            .iter()
            .map(|i| Indicator::from_core(&self.inner, i))
            .collect()
    }

    /// The perspectives (økonomi, tjenester, medarbeidere …).
    #[getter]
    fn perspectives(&self) -> Vec<Perspective> {
        self.inner
            .perspectives()
            .iter()
            .map(|p| Perspective {
                id: p.id.to_string(),
                name: p.name.clone(),
            })
            .collect()
    }

    /// The focus areas, each under a perspective.
    #[getter]
    fn focus_areas(&self) -> Vec<FocusArea> {
        self.inner
            .focus_areas()
            .iter()
            .map(|f| FocusArea {
                id: f.id.to_string(),
                perspective: f.perspective.to_string(),
                name: f.name.clone(),
                cross_cutting: f.cross_cutting,
            })
            .collect()
    }

    /// The goal tree, from kommuneplan down to leader agreements.
    #[getter]
    fn goals(&self) -> Vec<Goal> {
        self.inner
            .goals()
            .iter()
            .map(|g| Goal {
                id: g.id.to_string(),
                level: g.level.key().to_string(),
                title: g.title.clone(),
                parent: g.parent.as_ref().map(|p| p.to_string()),
                unit: g.unit.as_ref().map(|u| u.to_string()),
                indicators: g.indicators.iter().map(|i| i.to_string()).collect(),
            })
            .collect()
    }

    /// One unit by id. Raises `ValidationError` (with a suggestion) when
    /// there is none.
    fn unit(&self, py: Python<'_>, id: &str) -> PyResult<Unit> {
        py_result(
            py,
            self.find_unit(id).map(|u| Unit::from_core(&self.inner, u)),
        )
    }

    /// One indicator by code. Raises `ValidationError` (with a suggestion)
    /// when there is none.
    fn indicator(&self, py: Python<'_>, code: &str) -> PyResult<Indicator> {
        py_result(
            py,
            self.find_indicator(code)
                .map(|i| Indicator::from_core(&self.inner, i)),
        )
    }

    /// Sets an indicator's traffic-light rule. Raises `ModelError` when the
    /// rule does not fit the indicator, `ScriptError` when a script rule
    /// does not compile.
    fn set_rule(&mut self, py: Python<'_>, code: &str, rule: PyRef<'_, Rule>) -> PyResult<()> {
        let r = rule.inner.clone();
        py_result(
            py,
            guarded(|| {
                self.find_indicator(code)?;
                self.inner.set_rule(code, r)?;
                Ok(())
            }),
        )?;
        self.changed();
        py_result(py, self.engine().map(|_| ()))
    }

    /// Makes an indicator computed from others by a rhai script that reads
    /// them with `v("M.1.9")` (or, with `None`, reported by units again).
    /// Raises `ScriptError` for a script that does not compile, reads an
    /// unknown indicator or closes a cycle; the model is then unchanged.
    #[pyo3(signature = (code, script))]
    fn set_computed(&mut self, py: Python<'_>, code: &str, script: Option<String>) -> PyResult<()> {
        let before = py_result(py, self.find_indicator(code).map(|i| i.computed.clone()))?;
        py_result(
            py,
            guarded(|| {
                Ok(self
                    .inner
                    .set_computed(code, script.map(ScriptSource::Inline))?)
            }),
        )?;
        self.changed();
        if let Err(e) = self.engine() {
            let _ = self.inner.set_computed(code, before);
            self.changed();
            return Err(e.into_py(py));
        }
        Ok(())
    }

    fn __repr__(&self) -> String {
        format!(
            "Model({:?}, {} units, {} indicators)",
            self.inner.municipality_name(),
            self.inner.units().len(),
            self.inner.indicators().len()
        )
    }

    /// Pickles as its TOML text and script folder.
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let this = slf.borrow();
        let ctor = py.get_type::<Model>().getattr("from_toml")?;
        let base = this.inner.base_dir().map(|d| d.display().to_string());
        let args = PyTuple::new(
            py,
            [
                this.inner.to_toml().into_pyobject(py)?.into_any(),
                "model.toml".into_pyobject(py)?.into_any(),
                base.into_pyobject(py)?.into_any(),
            ],
        )?;
        Ok((ctor, args))
    }
}

/// A unit: the municipality's sectors and service units.
#[pyclass(frozen, module = "styring._styring", name = "Unit")]
#[derive(Clone)]
pub struct Unit {
    /// Its id, e.g. `aurvoll`.
    #[pyo3(get)]
    id: String,
    /// Its name, e.g. `Aurvoll skole`.
    #[pyo3(get)]
    name: String,
    /// Its kind, e.g. `skole` or `sektor`.
    #[pyo3(get)]
    kind: String,
    /// The sector (or municipality) it belongs to.
    #[pyo3(get)]
    parent: Option<String>,
    /// Its leader.
    #[pyo3(get)]
    leader: String,
    /// Full-time equivalents (årsverk).
    #[pyo3(get)]
    fte: f64,
    /// Whether it is a sector (values roll up into it).
    #[pyo3(get)]
    is_sector: bool,
}

impl Unit {
    fn from_core(m: &CoreModel, u: &styring::styring_core::unit::Unit) -> Unit {
        Unit {
            id: u.id.to_string(),
            name: u.name.clone(),
            kind: u.kind.to_string(),
            parent: u.parent.as_ref().map(|p| p.to_string()),
            leader: u.leader.clone(),
            fte: u.fte,
            is_sector: m.is_sector(u.id.as_str()),
        }
    }
}

#[pymethods]
impl Unit {
    fn __repr__(&self) -> String {
        format!("Unit({:?}, {:?})", self.id, self.name)
    }
}

/// An indicator: what is measured, how, and how it is judged.
#[pyclass(frozen, module = "styring._styring", name = "Indicator")]
#[derive(Clone)]
pub struct Indicator {
    /// Its code, e.g. `M.1.5`.
    #[pyo3(get)]
    code: String,
    /// Its name.
    #[pyo3(get)]
    name: String,
    /// How it is measured.
    #[pyo3(get)]
    description: String,
    /// Its focus area's id.
    #[pyo3(get)]
    focus_area: String,
    /// Its perspective's id.
    #[pyo3(get)]
    perspective: String,
    /// `percent`, `number`, `score`, `nok` or `count`.
    #[pyo3(get)]
    measure: String,
    /// Decimals shown.
    #[pyo3(get)]
    decimals: u8,
    /// Smallest valid value, if any (percentages are fractions).
    #[pyo3(get)]
    min: Option<f64>,
    /// Largest valid value, if any.
    #[pyo3(get)]
    max: Option<f64>,
    /// `higher_is_better`, `lower_is_better` or `within_range`.
    #[pyo3(get)]
    direction: String,
    /// `month`, `tertial` or `year`.
    #[pyo3(get)]
    frequency: String,
    /// Where the numbers come from.
    #[pyo3(get)]
    source: String,
    /// The script that computes it, if it is computed (inline text, or the
    /// file's path).
    #[pyo3(get)]
    computed: Option<String>,
    rule: CoreRule,
}

impl Indicator {
    fn from_core(m: &CoreModel, i: &styring::styring_core::indicator::Indicator) -> Indicator {
        Indicator {
            code: i.code.to_string(),
            name: i.name.clone(),
            description: i.description.clone(),
            focus_area: i.focus_area.to_string(),
            perspective: m.perspective_of(i).id.to_string(),
            measure: i.measure.kind.key().to_string(),
            decimals: i.measure.decimals,
            min: i.measure.min,
            max: i.measure.max,
            direction: i.direction.key().to_string(),
            frequency: i.frequency.key().to_string(),
            source: i.source.clone(),
            computed: i.computed.as_ref().map(|s| match s {
                ScriptSource::File(p) | ScriptSource::Inline(p) => p.clone(),
            }),
            rule: i.rule.clone(),
        }
    }
}

#[pymethods]
impl Indicator {
    /// How a value becomes a traffic light.
    #[getter]
    fn rule(&self) -> Rule {
        Rule {
            inner: self.rule.clone(),
        }
    }

    fn __repr__(&self) -> String {
        format!("Indicator({:?}, {:?})", self.code, self.name)
    }
}

/// A perspective of the balanced scorecard.
#[pyclass(frozen, module = "styring._styring", name = "Perspective")]
#[derive(Clone)]
pub struct Perspective {
    /// Its id, e.g. `okonomi`.
    #[pyo3(get)]
    id: String,
    /// Its name, e.g. `Økonomi`.
    #[pyo3(get)]
    name: String,
}

#[pymethods]
impl Perspective {
    fn __repr__(&self) -> String {
        format!("Perspective({:?}, {:?})", self.id, self.name)
    }
}

/// A focus area (fokusområde) within a perspective.
#[pyclass(frozen, module = "styring._styring", name = "FocusArea")]
#[derive(Clone)]
pub struct FocusArea {
    /// Its id, e.g. `M.1`.
    #[pyo3(get)]
    id: String,
    /// The perspective's id.
    #[pyo3(get)]
    perspective: String,
    /// Its name.
    #[pyo3(get)]
    name: String,
    /// Whether every unit works on it (gjennomgående).
    #[pyo3(get)]
    cross_cutting: bool,
}

#[pymethods]
impl FocusArea {
    fn __repr__(&self) -> String {
        format!("FocusArea({:?}, {:?})", self.id, self.name)
    }
}

/// A goal in the goal tree.
#[pyclass(frozen, module = "styring._styring", name = "Goal")]
#[derive(Clone)]
pub struct Goal {
    /// Its id, e.g. `KP.3`.
    #[pyo3(get)]
    id: String,
    /// `kommuneplan`, `temaplan`, `virksomhetsplan`, `lederavtale` …
    #[pyo3(get)]
    level: String,
    /// What the goal says.
    #[pyo3(get)]
    title: String,
    /// The goal it serves, if any.
    #[pyo3(get)]
    parent: Option<String>,
    /// The unit it belongs to, if any.
    #[pyo3(get)]
    unit: Option<String>,
    /// The indicators that measure it.
    #[pyo3(get)]
    indicators: Vec<String>,
}

#[pymethods]
impl Goal {
    fn __repr__(&self) -> String {
        format!("Goal({:?}, {:?})", self.id, self.title)
    }
}

/// A traffic-light rule: `Rule.tolerance(...)`, `Rule.range(...)`,
/// `Rule.bands(...)` or `Rule.script(...)`; set it with `model.set_rule`.
#[pyclass(frozen, module = "styring._styring", name = "Rule")]
#[derive(Clone)]
pub struct Rule {
    pub(crate) inner: CoreRule,
}

fn tolerance(absolute: Option<f64>, relative: Option<f64>) -> Res<Tolerance> {
    Tolerance::from_parts(absolute, relative)
        .map_err(|e| Failure::other("ValidationError", e.render(Lang::Nb), e.render(Lang::En)))
}

#[pymethods]
impl Rule {
    /// Green on or better than the target, yellow within the tolerance,
    /// red beyond it. `absolute` is in the indicator's units (0.005 is half
    /// a percent point); `relative` is a share of the target.
    #[staticmethod]
    #[pyo3(signature = (absolute = None, relative = None))]
    fn tolerance(py: Python<'_>, absolute: Option<f64>, relative: Option<f64>) -> PyResult<Rule> {
        py_result(
            py,
            tolerance(absolute, relative).map(|t| Rule {
                inner: CoreRule::Tolerance(t),
            }),
        )
    }

    /// For a target range: green inside it, yellow within the tolerance
    /// outside it, red beyond.
    #[staticmethod]
    #[pyo3(signature = (absolute = None, relative = None))]
    fn range(py: Python<'_>, absolute: Option<f64>, relative: Option<f64>) -> PyResult<Rule> {
        py_result(
            py,
            tolerance(absolute, relative).map(|t| Rule {
                inner: CoreRule::Range(t),
            }),
        )
    }

    /// Against the KOSTRA group's average for the year: green at or
    /// better than it (by the indicator's direction), yellow worse within
    /// the tolerance, red beyond. The indicator needs a `kostra` source
    /// and the model a `[kostra] group`.
    #[staticmethod]
    #[pyo3(signature = (absolute = None, relative = None))]
    fn kostra_group(
        py: Python<'_>,
        absolute: Option<f64>,
        relative: Option<f64>,
    ) -> PyResult<Rule> {
        py_result(
            py,
            tolerance(absolute, relative).map(|t| Rule {
                inner: CoreRule::KostraGroup(t),
            }),
        )
    }

    /// Fixed bands: green from `green`, yellow from `yellow` (below them
    /// for indicators where lower is better).
    #[staticmethod]
    fn bands(py: Python<'_>, yellow: f64, green: f64) -> PyResult<Rule> {
        if !(yellow.is_finite() && green.is_finite()) {
            return py_result(
                py,
                Err(Failure::other(
                    "ValidationError",
                    "bands trenger endelige tall for yellow og green",
                    "bands needs finite numbers for yellow and green",
                )),
            );
        }
        Ok(Rule {
            inner: CoreRule::Bands { yellow, green },
        })
    }

    /// A rule written in rhai (see the scripts README): it sees `value`,
    /// `target`, `previous`, `history`, `unit`, `indicator`, `period` and
    /// returns `green()`, `yellow()`, `red()` or `no_data()`. Raises
    /// `ScriptError` with line and column when it does not compile.
    #[staticmethod]
    fn script(py: Python<'_>, source: &str) -> PyResult<Rule> {
        py_result(
            py,
            guarded(|| {
                styring::styring_scripts::ScriptRules::check_source(source, "<inline>")?;
                Ok(Rule {
                    inner: CoreRule::Script(ScriptSource::Inline(source.to_string())),
                })
            }),
        )
    }

    /// `tolerance`, `range`, `bands`, `kostra_group` or `script`.
    #[getter]
    fn kind(&self) -> &'static str {
        match self.inner {
            CoreRule::Tolerance(_) => "tolerance",
            CoreRule::Range(_) => "range",
            CoreRule::Bands { .. } => "bands",
            CoreRule::Script(_) => "script",
            CoreRule::KostraGroup(_) => "kostra_group",
        }
    }

    fn __repr__(&self) -> String {
        let f = |x: f64| crate::errors::py_float(Some(x));
        let tol = |t: &Tolerance| match t {
            Tolerance::Absolute(a) => format!("absolute={}", f(*a)),
            Tolerance::Relative(r) => format!("relative={}", f(*r)),
        };
        match &self.inner {
            CoreRule::Tolerance(t) => format!("Rule.tolerance({})", tol(t)),
            CoreRule::Range(t) => format!("Rule.range({})", tol(t)),
            CoreRule::KostraGroup(t) => format!("Rule.kostra_group({})", tol(t)),
            CoreRule::Bands { yellow, green } => {
                format!("Rule.bands(yellow={}, green={})", f(*yellow), f(*green))
            }
            CoreRule::Script(ScriptSource::Inline(s)) => format!("Rule.script({s:?})"),
            CoreRule::Script(ScriptSource::File(p)) => format!("Rule.script_file({p:?})"),
        }
    }

    fn __eq__(&self, other: &Rule) -> bool {
        self.inner == other.inner
    }
}
