//! The built-in example: Øyer kommune's model (embedded `oyer.toml`) and a
//! deterministic, seeded generator of three years (2023–2025) of realistic
//! observations, with some values missing and some comments; and a scaled
//! model for benchmarks.
//!
//! ```
//! use styring_core::{example, model::Model};
//! let model = Model::example();
//! assert_eq!(model.service_units(&styring_core::unit::Scope::Municipality).len(), 11);
//! let a = example::sample_observations(&model);
//! let b = example::sample_observations(&model);
//! assert_eq!(a, b); // deterministic
//! assert!(a.len() > 1500);
//! ```

// The built-in example is part of this program: its data is valid by
// construction (the tests load every part of it), so its invariants are
// stated with `expect` rather than threaded through as errors no input
// can cause.
#![allow(clippy::expect_used)]

use crate::indicator::{Direction, MeasureKind, UnitAggregation};
use crate::model::Model;
use crate::observation::{Dataset, ObservationInput};
use crate::period::{Frequency, Period};
use crate::problem::Location;
use crate::rule::Rule;
use crate::unit::Scope;
use std::collections::HashMap;

mod economy;
mod kostra;
mod registers;
pub use economy::{account_lines, plan_versions, populate_economy, FRAMES_2025};
pub use kostra::sample_kostra_table;
pub use registers::{sample_benefit_plan, sample_deviations};

/// The example model's text (`model.toml` as `styring demo` writes it).
pub const OYER_TOML: &str = include_str!("example/oyer.toml");

/// The seed of the sample data.
pub const SEED: u64 = 0x5EED_0E1E;

impl Model {
    /// Øyer kommune: eleven service units in two sectors and two stand-alone
    /// units, three perspectives, 30-odd indicators with targets for
    /// 2024–2027, and a goal tree from kommuneplan to lederavtale.
    pub fn example() -> Model {
        Model::from_toml(OYER_TOML, "oyer.toml").expect("the built-in example is valid")
    }
}

/// A small deterministic random generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Roughly normal with mean 0 and standard deviation 1.
    pub fn normal(&mut self) -> f64 {
        (0..6).map(|_| self.unit()).sum::<f64>() * 2.0f64.sqrt() - 6.0 / 2.0f64.sqrt() * 1.0
    }
}

const COMMENTS_BAD: &[&str] = &[
    "Høyt fravær i forbindelse med influensasesongen. Tett oppfølging av den enkelte.",
    "To langtidssykemeldte; tilrettelegging er i gang i samarbeid med NAV.",
    "Resultatet er under målet. Tiltak drøftes i personalmøtet i neste måned.",
    "Økte kostnader til vikarer og overtid. Innsparingstiltak er iverksatt.",
    "Færre svar enn vanlig; resultatet må tolkes med forsiktighet.",
];
const COMMENTS_PLAIN: &[&str] = &[
    "Tallet er hentet fra fagsystemet og kontrollert av enhetens leder.",
    "Inkluderer vikarer og midlertidig ansatte.",
];
const COMMENTS_GOOD: &[&str] = &[
    "God utvikling etter arbeid med nærvær og trivsel i personalgruppen.",
    "Målet er nådd. Vi fortsetter med samme tiltak.",
    "Stabil drift og god kontroll på økonomien.",
    "Forbedring etter ny rutine for oppfølging.",
];

fn base_value(model: &Model, code: &str, period: Period) -> Option<f64> {
    let ind = model.indicator(code)?;
    if let Some(t) = model.targets().find(&ind.code, None, period) {
        return Some(t.value.midpoint());
    }
    if let Some(t) = model.targets().find(
        &ind.code,
        None,
        Period::year(period.year_number().clamp(2024, 2200)).ok()?,
    ) {
        return Some(t.value.midpoint());
    }
    match ind.rule {
        Rule::Bands { yellow, green } if (green - yellow).abs() > 1e-9 => {
            Some((green + yellow) / 2.0)
        }
        _ => None,
    }
}

/// The sample observations for `model`: every service unit, every
/// indicator that applies, every period of 2023–2025 at the indicator's
/// frequency. Deterministic for a model.
pub fn sample_observations(model: &Model) -> Vec<ObservationInput> {
    let mut rng = Rng::new(SEED);
    let units = model.service_units(&Scope::Municipality);
    let mut out = Vec::new();
    // Parts of ratio indicators are generated with their ratio.
    let mut parts: HashMap<&str, ()> = HashMap::new();
    for ind in model.indicators() {
        if let UnitAggregation::Ratio {
            numerator,
            denominator,
        } = &ind.aggregate_units
        {
            parts.insert(numerator.as_str(), ());
            parts.insert(denominator.as_str(), ());
        }
    }
    // The accounts and budget behind a computed budget deviation.
    let budget_parts = model
        .indicator("O.1.1")
        .is_some_and(|i| i.computed.is_some())
        && model.indicator("O.1.3").is_some()
        && model.indicator("O.1.4").is_some();
    if budget_parts {
        parts.insert("O.1.3", ());
        parts.insert("O.1.4", ());
    }
    // A few units have not reported their latest tertial yet.
    let late_units: Vec<&str> = units.iter().rev().take(2).map(|u| u.id.as_str()).collect();
    for unit in &units {
        let unit_bias = rng.normal();
        let mut values: HashMap<(&str, Period), f64> = HashMap::new();
        for ind in model.indicators() {
            // The ledger's indicators come from the plan and the accounts.
            // The two that are ratios (budget and forecast deviation) still
            // draw their numbers and throw them away, so that every other
            // indicator keeps the figures it had when units reported these
            // (the workbook fixtures hold them).
            let ratio = matches!(ind.aggregate_units, UnitAggregation::Ratio { .. });
            // The register's figures are counted from the register.
            if !model.applies(ind, unit)
                || parts.contains_key(ind.code.as_str())
                || (ind.ledger.is_some() && !ratio)
                || ind.register.is_some()
            {
                continue;
            }
            let bias = 0.6 * unit_bias + 0.8 * rng.normal();
            let start = Period::year(2023).expect("valid");
            for year_p in [start, start.next(), start.next().next()] {
                for p in year_p.subperiods(ind.frequency) {
                    let roll = rng.unit();
                    let late = late_units.contains(&unit.id.as_str())
                        && p.year_number() == 2025
                        && p.month_span().0 >= 5
                        && p.month_span().1 <= 8
                        && ind.frequency != Frequency::Year;
                    if roll < 0.03 || (late && ind.perspective_is_not_economy(model)) {
                        continue;
                    }
                    let Some(base) = base_value(model, ind.code.as_str(), p) else {
                        continue;
                    };
                    let v = if ind.code.as_str() == "M.1.8" {
                        match (values.get(&("M.1.5", p)), values.get(&("M.1.6", p))) {
                            (Some(a), Some(b)) => ((a + b) * 10_000.0).round() / 10_000.0,
                            _ => continue,
                        }
                    } else {
                        let season = if ind.frequency == Frequency::Month {
                            let m = p.index() as f64;
                            0.12 * (2.0 * std::f64::consts::PI * (m - 1.5) / 12.0).cos()
                        } else {
                            0.0
                        };
                        let noise = 0.5 * rng.normal();
                        let spread = match (ind.measure.kind, ind.direction) {
                            (_, Direction::WithinRange) => 0.012,
                            (MeasureKind::Percent, _) => base.abs() * 0.12,
                            (MeasureKind::Score, _) => 0.18 * (1.0 + base.abs() / 20.0),
                            _ => base.abs() * 0.06,
                        };
                        let sign = if ind.direction == Direction::LowerIsBetter {
                            1.0
                        } else {
                            -1.0
                        };
                        let mut v = base
                            + spread * (bias + noise)
                            + sign
                                * base.abs()
                                * season
                                * f64::from(u8::from(ind.measure.kind == MeasureKind::Percent));
                        if let Some(min) = ind.measure.min {
                            v = v.max(min);
                        }
                        if let Some(max) = ind.measure.max {
                            v = v.min(max);
                        }
                        let scale = 10f64.powi(
                            ind.measure.decimals as i32
                                + if ind.measure.kind == MeasureKind::Percent {
                                    3
                                } else {
                                    1
                                },
                        );
                        (v * scale).round() / scale
                    };
                    values.insert((ind.code.as_str(), p), v);
                    let mut input = ObservationInput::new(
                        ind.code.as_str(),
                        unit.id.as_str(),
                        &p.to_string(),
                        Some(v),
                    );
                    input.location = Location::default();
                    if rng.unit() < 0.08 {
                        let status = ind
                            .rule
                            .evaluate_builtin(
                                ind.measure,
                                ind.direction,
                                Some(v),
                                model
                                    .targets()
                                    .find(&ind.code, Some(&unit.id), p)
                                    .map(|t| t.value),
                            )
                            .map(|e| e.status);
                        // A value with no target is neither good nor bad.
                        let list = match status {
                            Some(crate::status::Status::Green) => COMMENTS_GOOD,
                            Some(crate::status::Status::Unjudged) => COMMENTS_PLAIN,
                            _ => COMMENTS_BAD,
                        };
                        input.comment =
                            Some(list[(rng.next_u64() % list.len() as u64) as usize].to_string());
                    }
                    // Computed and ledger indicators are not reported; the
                    // inputs of computed ones are.
                    if ind.is_reported() {
                        out.push(input);
                    }
                    if ind.ledger.is_some() {
                        continue;
                    }
                    if budget_parts
                        && ind.code.as_str() == "O.1.1"
                        && p.frequency() == Frequency::Month
                    {
                        let month = f64::from(p.month_span().1);
                        let budget = (unit.fte.max(1.0) * 58_000.0 * month).round();
                        for (code, value) in
                            [("O.1.4", budget), ("O.1.3", (budget * (1.0 + v)).round())]
                        {
                            out.push(ObservationInput::new(
                                code,
                                unit.id.as_str(),
                                &p.to_string(),
                                Some(value),
                            ));
                        }
                    }
                    // Ratio parts: days possible from FTEs, days lost from the rate.
                    if let UnitAggregation::Ratio {
                        numerator,
                        denominator,
                    } = &ind.aggregate_units
                    {
                        let days = (unit.fte.max(1.0) * 21.0 * (1.0 + 0.03 * rng.normal())).round();
                        out.push(ObservationInput::new(
                            denominator.as_str(),
                            unit.id.as_str(),
                            &p.to_string(),
                            Some(days),
                        ));
                        out.push(ObservationInput::new(
                            numerator.as_str(),
                            unit.id.as_str(),
                            &p.to_string(),
                            Some((v * days).round()),
                        ));
                    }
                }
            }
        }
    }
    out
}

impl crate::indicator::Indicator {
    fn perspective_is_not_economy(&self, model: &Model) -> bool {
        model.perspective_of(self).id.as_str() != "okonomi"
    }
}

/// The sample observations loaded into a [`Dataset`].
pub fn sample_dataset(model: &Model) -> Dataset {
    let obs = model
        .validate_batch(&sample_observations(model))
        .expect("sample observations are valid");
    let mut d = Dataset::new(model);
    d.insert_all(&obs);
    d
}

/// A scaled model for benchmarks: `units` service units in sectors of 20,
/// `indicators` monthly percent indicators (lower is better, FTE-weighted,
/// a target each year 2020–2030), and its observations over `months`
/// months ending December 2025.
pub fn scaled(units: usize, indicators: usize, months: usize) -> (Model, Vec<ObservationInput>) {
    let mut t = String::from("[municipality]\nid = \"storby\"\nname = \"Storby kommune\"\n\n");
    t.push_str("[[perspectives]]\nid = \"okonomi\"\nname = \"Økonomi\"\n[[perspectives]]\nid = \"tjenester\"\nname = \"Tjenestekvalitet\"\n[[perspectives]]\nid = \"medarbeidere\"\nname = \"Medarbeidere\"\n");
    for (i, p) in ["okonomi", "tjenester", "medarbeidere"].iter().enumerate() {
        t.push_str(&format!("[[focus_areas]]\nid = \"F.{i}\"\nperspective = \"{p}\"\nname = \"Område {i}\"\ncross_cutting = true\n"));
    }
    let sectors = units.div_ceil(20);
    for s in 0..sectors {
        t.push_str(&format!(
            "[[units]]\nid = \"sektor{s}\"\nname = \"Sektor {s}\"\nkind = \"sektor\"\n"
        ));
    }
    for u in 0..units {
        t.push_str(&format!(
            "[[units]]\nid = \"enhet{u}\"\nname = \"Enhet {u}\"\nkind = \"enhet\"\nparent = \"sektor{}\"\nleader = \"Leder {u}\"\nfte = {}.0\n",
            u / 20,
            10 + u % 40
        ));
    }
    for i in 0..indicators {
        t.push_str(&format!(
            "[[indicators]]\ncode = \"I.{i}\"\nname = \"Indikator {i}\"\nfocus_area = \"F.{}\"\nmeasure = \"percent\"\ndecimals = 1\ndirection = \"lower_is_better\"\nfrequency = \"month\"\naggregate_units = \"weighted_mean\"\nweight = \"fte\"\nrule = {{ kind = \"tolerance\", absolute = 0.005 }}\n",
            i % 3
        ));
        for y in 2020..=2030 {
            t.push_str(&format!(
                "[[targets]]\nindicator = \"I.{i}\"\nyear = {y}\nvalue = 0.05\n"
            ));
        }
    }
    let model = Model::from_toml(&t, "scaled.toml").expect("scaled model is valid");
    let mut rng = Rng::new(SEED);
    let last = Period::month(2025, 12).expect("valid");
    let periods: Vec<String> = (0..months)
        .rev()
        .map(|k| last.shift(-(k as i64)).to_string())
        .collect();
    let mut out = Vec::with_capacity(units * indicators * months);
    for i in 0..indicators {
        let code = format!("I.{i}");
        for u in 0..units {
            let unit = format!("enhet{u}");
            for p in &periods {
                let v = (0.05 + 0.01 * rng.normal()).clamp(0.0, 1.0);
                out.push(ObservationInput::new(&code, &unit, p, Some(v)));
            }
        }
    }
    (model, out)
}

/// Fills `store` with the sample data as it would have arrived: one batch
/// per reporting date (ten days after each month or tertial; surveys in
/// May), and each tertial up to 2025-T2 locked as reported twenty days
/// after it ended. Returns the number of values stored.
///
/// # Errors
/// [`crate::Error`] from the store.
pub fn populate_store(
    store: &mut crate::store::Store,
    model: &Model,
) -> Result<usize, crate::Error> {
    // The economy first: the history's locks would refuse its accounts.
    if model
        .economy()
        .budget_areas
        .iter()
        .all(|a| model.unit(a.as_str()).is_some())
        && model.indicators().iter().any(|i| i.ledger.is_some())
    {
        economy::populate_economy(store, model)?;
    }
    populate_store_until(store, model, 2025)
}

/// As [`populate_store`], for the sample data up to and including
/// `last_year` only (locks likewise).
///
/// # Errors
/// [`crate::Error`] from the store.
pub fn populate_store_until(
    store: &mut crate::store::Store,
    model: &Model,
    last_year: i32,
) -> Result<usize, crate::Error> {
    use chrono::{NaiveDate, TimeZone, Utc};
    let mut inputs = sample_observations(model);
    inputs.retain(|i| {
        i.period
            .get(..4)
            .and_then(|y| y.parse::<i32>().ok())
            .is_some_and(|y| y <= last_year)
    });
    let obs = model
        .validate_batch(&inputs)
        .map_err(crate::Error::Observations)?;
    let report_date = |p: Period| -> NaiveDate {
        match p.frequency() {
            Frequency::Year => NaiveDate::from_ymd_opt(p.year_number(), 5, 10).expect("valid"),
            _ => p.end() + chrono::Duration::days(10),
        }
    };
    let mut by_date: std::collections::BTreeMap<NaiveDate, Vec<crate::observation::Observation>> =
        Default::default();
    for o in obs {
        by_date.entry(report_date(o.period)).or_default().push(o);
    }
    let mut locks: Vec<(NaiveDate, Period)> = Vec::new();
    for y in 2023..=2025 {
        for t in 1..=3 {
            let p = Period::tertial(y, t).expect("valid");
            if p <= Period::tertial(2025, 2).expect("valid") && y <= last_year {
                locks.push((p.end() + chrono::Duration::days(20), p));
            }
        }
    }
    let at = |d: NaiveDate| Utc.from_utc_datetime(&d.and_hms_opt(12, 0, 0).expect("valid"));
    let mut n = 0;
    let mut li = 0;
    for (date, batch) in by_date {
        while li < locks.len() && locks[li].0 < date {
            store.lock_at(locks[li].1, "rapportert til kommunestyret", at(locks[li].0))?;
            li += 1;
        }
        let info = crate::store::BatchInfo::new("demo").at(at(date));
        store.record_validated(&batch, &info)?;
        n += batch.len();
    }
    for (date, p) in &locks[li..] {
        store.lock_at(*p, "rapportert til kommunestyret", at(*date))?;
    }
    Ok(n)
}
