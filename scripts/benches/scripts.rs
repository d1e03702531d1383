//! Script-rule evaluations per second against the built-in tolerance rule
//! on the same 1,000,000 values, one thread and all cores. Figures in
//! BENCHMARKS.md. Run with `cargo bench -p styring-scripts`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::string_slice)] // a test: a panic is a failure

// criterion_group! generates undocumented functions.
#![allow(missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use styring_core::example::{scaled, Rng};
use styring_core::model::Model;
use styring_core::observation::Dataset;
use styring_core::period::Period;
use styring_core::rule::{CustomRules, Rule, RuleInput, ScriptSource, Tolerance};
use styring_core::scorecard::{Options, Scorecard};
use styring_core::target::TargetValue;
use styring_core::unit::Scope;
use styring_scripts::ScriptRules;

/// Splits `items` into one chunk per core, runs `f` on each in its own
/// thread and adds up the results.
fn on_all_cores<T: Sync>(items: &[T], f: impl Fn(&[T]) -> usize + Sync) -> usize {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let chunk = items.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                let f = &f;
                s.spawn(move || f(part))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    })
}

const THREE_BRANCHES: &str =
    "if value <= target { green() } else if value <= target + 0.005 { yellow() } else { red() }";

fn evaluations(c: &mut Criterion) {
    let mut m = Model::example();
    let src = ScriptSource::Inline(THREE_BRANCHES.into());
    m.set_rule("M.1.5", Rule::Script(src.clone())).unwrap();
    let rules = ScriptRules::for_model(&m).unwrap();
    let ind = m.indicator("M.1.5").unwrap().clone();
    let mut rng = Rng::new(3);
    let values: Vec<f64> = (0..1_000_000).map(|_| 0.05 + 0.01 * rng.normal()).collect();
    let period = "2025-T2".parse().unwrap();
    let input = |v: f64| RuleInput {
        indicator: &ind,
        unit: None,
        period,
        value: Some(v),
        target: Some(TargetValue::Value(0.05)),
        previous: None,
        history: &[],
        comparison: None,
    };
    let mut g = c.benchmark_group("rules_1M");
    g.sample_size(10);
    g.throughput(Throughput::Elements(values.len() as u64));
    g.bench_function("builtin_tolerance", |b| {
        let rule = Rule::Tolerance(Tolerance::Absolute(0.005));
        b.iter(|| {
            values
                .iter()
                .filter(|v| rule.evaluate(&input(**v), None).status == styring_core::Status::Green)
                .count()
        })
    });
    g.bench_function("script_one_thread", |b| {
        b.iter(|| {
            values
                .iter()
                .filter(|v| rules.evaluate(&src, &input(**v)).status == styring_core::Status::Green)
                .count()
        })
    });
    g.bench_function("script_all_cores", |b| {
        b.iter(|| {
            black_box(on_all_cores(&values, |part| {
                part.iter()
                    .filter(|v| {
                        rules.evaluate(&src, &input(**v)).status == styring_core::Status::Green
                    })
                    .count()
            }))
        })
    });
    g.finish();
}

/// A realistic rule: no data, then direction-aware bands around the target.
const DIRECTIONAL: &str = r#"
if value == () || target == () { no_data() }
else if indicator.direction == "lower_is_better" {
    if value <= target { green() } else if value <= target * 1.05 { yellow() } else { red() }
} else {
    if value >= target { green() } else if value >= target * 0.95 { yellow() } else { red() }
}
"#;

/// Every scorecard of the scaled municipality (500 units, 200 indicators,
/// 36 months): 500 unit cards, the sectors and the municipality, with the
/// built-in rules and with every indicator on a script rule.
fn scorecards(c: &mut Criterion) {
    let (mut model, inputs) = scaled(500, 200, 36);
    let obs = model.validate_batch(&inputs).unwrap();
    drop(inputs);
    let mut data = Dataset::new(&model);
    data.insert_all(&obs);
    drop(obs);
    // No computed indicators in the scaled model: nothing to compute.
    let data = styring_core::complete::Complete::new(&model, data, None);
    let p: Period = "2025-T2".parse().unwrap();
    let scopes: Vec<Scope> = model
        .units()
        .iter()
        .map(|u| Scope::Unit(u.id.clone()))
        .chain([Scope::Municipality])
        .collect();
    let every = |model: &Model, opts: &Options<'_>, scopes: &[Scope]| -> usize {
        scopes
            .iter()
            .map(|s| {
                Scorecard::build(model, &data, s, p, opts)
                    .unwrap()
                    .counts
                    .green
            })
            .sum()
    };
    let builtin = model.clone();
    let src = ScriptSource::Inline(DIRECTIONAL.into());
    let codes: Vec<String> = model
        .indicators()
        .iter()
        .map(|i| i.code.to_string())
        .collect();
    for code in &codes {
        model.set_rule(code, Rule::Script(src.clone())).unwrap();
    }
    let rules = ScriptRules::for_model(&model).unwrap();
    let with_scripts = Options {
        custom: Some(&rules),
        ..Options::default()
    };
    let mut g = c.benchmark_group("every_scorecard_500x200x36");
    g.sample_size(10);
    g.bench_function("builtin_rules", |b| {
        b.iter(|| black_box(every(&builtin, &Options::default(), &scopes)))
    });
    g.bench_function("script_rules", |b| {
        b.iter(|| black_box(every(&model, &with_scripts, &scopes)))
    });
    g.bench_function("script_rules_all_cores", |b| {
        b.iter(|| {
            black_box(on_all_cores(&scopes, |part| {
                every(&model, &with_scripts, part)
            }))
        })
    });
    g.bench_function("municipality_script_rules", |b| {
        b.iter(|| {
            black_box(
                Scorecard::build(&model, &data, &Scope::Municipality, p, &with_scripts).unwrap(),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, evaluations, scorecards);
criterion_main!(benches);
