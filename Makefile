# Styring — one command surface for the README, CI and everyday work.
# `make help` lists the targets.

CARGO ?= cargo
FUZZ_SECONDS ?= 600
FUZZ_SEED ?= $(shell date +%s)

.PHONY: help demo test test-py lint fmt bench bench-economy bench-registers bench-kostra bench-excel bench-python doc fuzz

help: ## Show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

demo: ## Build and run `styring demo` (writes ./styring-demo) and show Aurvoll skole's scorecard
	$(CARGO) run --quiet --release -p styring-cli -- demo --out styring-demo
	$(CARGO) run --quiet --release -p styring-cli -- scorecard --model styring-demo/model.toml --store styring-demo/store.sqlite --unit aurvoll --period 2025-T2

test: ## Run every test (unit, property, integration, doc-tests, workbooks read by openpyxl) and build the benchmarks
	$(CARGO) test
	$(CARGO) bench --no-run
	$(CARGO) build -p styring-cli
	$(CARGO) run --quiet -p styring-fuzz -- --styring target/debug/styring --cases 3000 --seed 1 --quiet --out target/fuzz/findings-test
	test -x .venv-test/bin/python || python3 -m venv .venv-test
	.venv-test/bin/pip install -q openpyxl==3.1.5 pytest==8.3.5
	.venv-test/bin/python -m pytest -q tests/python
	$(MAKE) test-py

test-py: ## Install the Python package into .venv-py the way a user does (pip install ./py) and run its tests, example notebook and stub check
	test -x .venv-py/bin/python || python3 -m venv .venv-py
	.venv-py/bin/pip install -q --upgrade pip
	.venv-py/bin/pip install -q "./py[test]"
	.venv-py/bin/python -m pytest -q py/tests

lint: ## cargo fmt --check and clippy with warnings as errors
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

fmt: ## Format the code
	$(CARGO) fmt --all

bench: ## Run the benchmarks (takes minutes; see BENCHMARKS.md)
	$(CARGO) bench -p styring-core --bench core
	$(CARGO) bench -p styring-scripts --bench scripts

bench-economy: ## 1,000,000 account lines imported against polars.read_excel, and the economy table (see BENCHMARKS.md)
	$(CARGO) build --release -p styring-cli
	test -x .venv-bench/bin/python || python3 -m venv .venv-bench
	.venv-bench/bin/pip install -q -r bench/excel/requirements.txt
	.venv-bench/bin/python bench/economy/run.py --styring target/release/styring

bench-registers: ## 100,000 deviations imported from a quality system's export (see BENCHMARKS.md)
	$(CARGO) build --release -p styring-cli
	test -x .venv-bench/bin/python || python3 -m venv .venv-bench
	.venv-bench/bin/pip install -q -r bench/excel/requirements.txt
	.venv-bench/bin/python bench/registers/run.py --styring target/release/styring

bench-kostra: ## A JSON-stat table of 1,000,000 cells read and stored, against pandas and pyjstat (see BENCHMARKS.md)
	$(CARGO) build --release -p styring-cli
	test -x .venv-bench/bin/python || python3 -m venv .venv-bench
	.venv-bench/bin/pip install -q -r bench/excel/requirements.txt -r bench/kostra/requirements.txt
	.venv-bench/bin/python bench/kostra/run.py --styring target/release/styring

bench-excel: ## Excel import/export against the Python tools (installs them into .venv-bench; takes ~20 min)
	$(CARGO) build --release -p styring-cli
	test -x .venv-bench/bin/python || python3 -m venv .venv-bench
	.venv-bench/bin/pip install -q -r bench/excel/requirements.txt
	.venv-bench/bin/python bench/excel/run.py --styring target/release/styring

bench-python: ## The notebook workflow in styring against pandas + openpyxl, and to_pandas of 1M values (see BENCHMARKS.md)
	test -x .venv-py/bin/python || python3 -m venv .venv-py
	.venv-py/bin/pip install -q "./py[test]"
	.venv-py/bin/python bench/python/run.py

fuzz: ## Fuzz every input format against the release build for FUZZ_SECONDS (600); findings in target/fuzz/findings, exit 1 if any
	$(CARGO) build --release -p styring-cli -p styring-fuzz
	target/release/styring-fuzz --styring target/release/styring --seconds $(FUZZ_SECONDS) --seed $(FUZZ_SEED) --out target/fuzz/findings

doc: ## Build the API documentation
	$(CARGO) doc --workspace --no-deps
