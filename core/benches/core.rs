//! Criterion benchmarks for the core; figures in BENCHMARKS.md.
//!
//! * `statuses/1M`: tolerance-rule statuses for 1,000,000 observations.
//! * `scorecard/municipality_500x200x36`: a full municipality scorecard
//!   over 500 units × 200 indicators × 36 months (3.6 million values) in
//!   memory.
//! * `scorecard/unit_500x200x36`: one unit's scorecard on the same data.
//! * `store/insert_3_6M` and `store/read_3_6M`: one batch of the 3.6
//!   million values into a new SQLite store, and loading them back.
//!
//! * `economy/table_500`: the economy table of 500 units for a tertial,
//!   from a plan and 500 × 12 months × 3 categories of account lines.
//!
//! Run with `make bench` (or `cargo bench -p styring-core --bench core`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::string_slice)] // a test: a panic is a failure

// criterion_group! generates undocumented functions.
#![allow(missing_docs)]

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;
use styring_core::example::{scaled, Rng};
use styring_core::indicator::{Direction, Measure, MeasureKind};
use styring_core::observation::Dataset;
use styring_core::rule::{Rule, Tolerance};
use styring_core::scorecard::{Options, Scorecard};
use styring_core::store::{BatchInfo, Store};
use styring_core::target::TargetValue;
use styring_core::unit::Scope;

fn statuses(c: &mut Criterion) {
    let mut rng = Rng::new(7);
    let values: Vec<f64> = (0..1_000_000).map(|_| 0.05 + 0.01 * rng.normal()).collect();
    let rule = Rule::Tolerance(Tolerance::Absolute(0.005));
    let m = Measure::new(MeasureKind::Percent, 1);
    let t = Some(TargetValue::Value(0.05));
    let mut g = c.benchmark_group("statuses");
    g.throughput(Throughput::Elements(values.len() as u64));
    g.bench_function("1M", |b| {
        b.iter(|| {
            let mut green = 0usize;
            for v in &values {
                let e = rule
                    .evaluate_builtin(m, Direction::LowerIsBetter, Some(*v), t)
                    .unwrap();
                green += (e.status == styring_core::Status::Green) as usize;
            }
            black_box(green)
        })
    });
    g.finish();
}

fn scorecards(c: &mut Criterion) {
    let (model, inputs) = scaled(500, 200, 36);
    let obs = model.validate_batch(&inputs).unwrap();
    drop(inputs);
    let mut data = Dataset::new(&model);
    data.insert_all(&obs);
    let data = styring_core::complete::Complete::new(&model, data, None);
    let p = "2025-T2".parse().unwrap();
    let opts = Options::default();
    let mut g = c.benchmark_group("scorecard");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("municipality_500x200x36", |b| {
        b.iter(|| {
            black_box(Scorecard::build(&model, &data, &Scope::Municipality, p, &opts).unwrap())
        })
    });
    let unit = Scope::unit("enhet17").unwrap();
    g.bench_function("unit_500x200x36", |b| {
        b.iter(|| black_box(Scorecard::build(&model, &data, &unit, p, &opts).unwrap()))
    });
    g.finish();

    let mut g = c.benchmark_group("store");
    g.sample_size(10).measurement_time(Duration::from_secs(60));
    g.throughput(Throughput::Elements(obs.len() as u64));
    g.bench_function("insert_3_6M", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().unwrap();
                let s = Store::open(&dir.path().join("s.sqlite")).unwrap();
                (dir, s)
            },
            |(dir, mut s)| {
                s.record_validated(&obs, &BatchInfo::new("bench")).unwrap();
                (dir, s)
            },
            BatchSize::PerIteration,
        )
    });
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("s.sqlite")).unwrap();
    s.record_validated(&obs, &BatchInfo::new("bench")).unwrap();
    g.bench_function("read_3_6M", |b| {
        b.iter(|| black_box(s.dataset(&model).unwrap().len()))
    });
    g.finish();
}

fn economy(c: &mut Criterion) {
    use styring_core::economy::{
        economy_rows, AccountLine, Accounts, PlanVersion, VersionKind, YearBudget,
    };
    let (model, _) = scaled(500, 10, 0);
    let mut y = YearBudget::default();
    for u in model.service_units(&Scope::Municipality) {
        y.units.insert(u.id.clone(), 1_000_000.0);
        if let Some(a) = model.budget_area_of(u.id.as_str()) {
            *y.areas.entry(a.id.clone()).or_insert(0.0) += 1_000_000.0;
        }
    }
    let plan = PlanVersion {
        id: "v".into(),
        kind: VersionKind::Adopted,
        title: "V".into(),
        decision: None,
        based_on: None,
        first_year: 2025,
        years: vec![y; 4],
    };
    let mut rng = Rng::new(3);
    let mut lines = Vec::new();
    for u in model.service_units(&Scope::Municipality) {
        for m in 1..=12 {
            for cat in ["lønn", "andre", "inntekter"] {
                lines.push(AccountLine {
                    unit: u.id.clone(),
                    month: styring_core::Period::month(2025, m).unwrap(),
                    category: Some(cat.into()),
                    amount: 30_000.0 * (1.0 + 0.1 * rng.normal()),
                    location: Default::default(),
                });
            }
        }
    }
    let accounts = Accounts::new(&lines);
    let p = "2025-T2".parse().unwrap();
    let mut g = c.benchmark_group("economy");
    g.bench_function("table_500", |b| {
        b.iter(|| black_box(economy_rows(&model, &plan, &accounts, &[], p).len()))
    });
    g.finish();
}

fn register(c: &mut Criterion) {
    use styring_core::register::{
        register_values, Deviation, DeviationReport, DeviationState, Risk,
    };
    // The example with the five register figures as indicators, monthly
    // and by tertial: ten indicators for every service unit.
    let mut toml = styring_core::example::OYER_TOML.to_string();
    for (freq, suffix) in [("month", "m"), ("tertial", "t")] {
        for (n, figure) in [
            "deviations",
            "deviations_per_10_fte",
            "deviations_closed_in_time",
            "deviation_days_to_close",
            "deviations_open_past_deadline",
        ]
        .iter()
        .enumerate()
        {
            toml.push_str(&format!(
                "\n[[indicators]]\ncode = \"R.{suffix}{n}\"\nname = \"{figure} {freq}\"\nfocus_area = \"M.1\"\nmeasure = \"number\"\ndirection = \"lower_is_better\"\nfrequency = \"{freq}\"\nregister = \"{figure}\"\n"
            ));
        }
    }
    let model = styring_core::Model::from_toml(&toml, "model.toml")
        .expect("the example with register indicators");
    let units: Vec<_> = model
        .service_units(&Scope::Municipality)
        .iter()
        .map(|u| u.id.clone())
        .collect();
    let matrix = model.deviations().matrix;
    let mut rng = Rng::new(12);
    let start: chrono::DateTime<chrono::Utc> = "2025-01-01T08:00:00Z".parse().unwrap();
    let actor: styring_core::actor::Actor = "leder".parse().unwrap();
    let deviations: Vec<Deviation> = (0..100_000)
        .map(|i| {
            let at = start + chrono::Duration::minutes((rng.next_u64() % (330 * 24 * 60)) as i64);
            let report = DeviationReport {
                unit: units[(rng.next_u64() as usize) % units.len()].clone(),
                category: "HMS".into(),
                description: format!("Hendelse {i}"),
                happened: at,
                risk: Risk::new(
                    1 + (rng.next_u64() % 5) as i64,
                    1 + (rng.next_u64() % 5) as i64,
                )
                .unwrap(),
                duty: None,
                deadline: None,
            };
            let mut d =
                Deviation::register(&format!("Q-{i}"), report, at, &actor, &matrix).unwrap();
            if rng.next_u64().is_multiple_of(2) {
                let h = chrono::Duration::hours(1 + (rng.next_u64() % 2000) as i64);
                for s in [
                    DeviationState::Mottatt,
                    DeviationState::UnderBehandling,
                    DeviationState::Lukket,
                ] {
                    d.history.move_to(s, at + h, &actor, None).unwrap();
                }
            }
            d
        })
        .collect();
    let now: chrono::DateTime<chrono::Utc> = "2025-12-31T12:00:00Z".parse().unwrap();
    let mut g = c.benchmark_group("register");
    g.bench_function("statistics_100k", |b| {
        b.iter(|| black_box(register_values(&model, &deviations, now).len()))
    });
    g.finish();
}

criterion_group!(benches, statuses, scorecards, economy, register);
criterion_main!(benches);
