//! Script-rule evaluations per second against the built-in tolerance rule
//! on the same 1,000,000 values, one thread and all cores. Figures in
//! BENCHMARKS.md. Run with `cargo bench -p styring-scripts`.

// criterion_group! generates undocumented functions.
#![allow(missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use styring_core::example::Rng;
use styring_core::model::Model;
use styring_core::rule::{CustomRules, Rule, RuleInput, ScriptSource, Tolerance};
use styring_core::target::TargetValue;
use styring_scripts::ScriptRules;

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
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    g.bench_function("script_all_cores", |b| {
        b.iter(|| {
            std::thread::scope(|s| {
                let chunk = values.len().div_ceil(threads);
                let handles: Vec<_> = values
                    .chunks(chunk)
                    .map(|part| {
                        let (rules, src, input) = (&rules, &src, &input);
                        s.spawn(move || {
                            part.iter()
                                .filter(|v| {
                                    rules.evaluate(src, &input(**v)).status
                                        == styring_core::Status::Green
                                })
                                .count()
                        })
                    })
                    .collect();
                black_box(
                    handles
                        .into_iter()
                        .map(|h| h.join().unwrap())
                        .sum::<usize>(),
                )
            })
        })
    });
    g.finish();
}

criterion_group!(benches, evaluations);
criterion_main!(benches);
