#!/usr/bin/env python3
"""Accounts benchmark (issue 11): 1,000,000 account lines (500 units × 12
months × 170 lines) read, validated and stored by `styring accounts
import`, against `polars.read_excel` merely reading the same file, in the
same run; and the economy table of the scaled municipality.

    python bench/economy/run.py --styring target/release/styring [--runs 3]

Run it through `make bench-economy`, which builds styring and installs the
Python tools from bench/excel/requirements.txt into .venv-bench.
"""
import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "excel"))
from run import measure, median_run  # noqa: E402  (the Excel benchmark's timing)

UNITS, MONTHS, LINES = 500, 12, 170
YEARS = [2025, 2026, 2027, 2028]


def write_plan(path, units, parent):
    """Every unit 1 million a year; the budget areas are the model's
    sectors, each the sum of its units."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Bevilgningsoversikt")
    ws.write_row(0, 0, ["Linje", *YEARS])
    total = 1_000_000.0 * len(units)
    ws.write_row(1, 0, ["Rammetilskudd", *[-total] * 4])
    areas = {}
    for u in units:
        areas[parent.get(u, u)] = areas.get(parent.get(u, u), 0.0) + 1_000_000.0
    for r, (a, v) in enumerate(areas.items(), start=2):
        ws.write_row(r, 0, [a, *[v] * 4])
    fr = wb.add_worksheet("Rammer")
    fr.write_row(0, 0, ["Enhet", *YEARS])
    for r, u in enumerate(units, start=1):
        fr.write_row(r, 0, [u, *[1_000_000.0] * 4])
    v = wb.add_worksheet("Versjon")
    for r, row in enumerate([["Id", "vedtatt"], ["Type", "vedtatt"], ["Vedtak", "KST-sak 1/25"], ["Dato", "2024-12-12"]]):
        v.write_row(r, 0, row)
    wb.close()


def write_accounts(path, units, rnd):
    import xlsxwriter

    wb = xlsxwriter.Workbook(path, {"constant_memory": True})
    ws = wb.add_worksheet("Regnskap")
    ws.write_row(0, 0, ["Fortegn", "utgifter positive"])
    ws.write_row(2, 0, ["Enhet", "Periode", "Kategori", "Regnskap"])
    r = 3
    for u in units:
        for m in range(1, MONTHS + 1):
            p = f"2025-{m:02d}"
            for k in range(LINES):
                ws.write_string(r, 0, u)
                ws.write_string(r, 1, p)
                ws.write_string(r, 2, f"art {k}")
                ws.write_number(r, 3, round(490.0 * rnd.random(), 2))
                r += 1
    wb.close()
    return r - 3


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--styring", required=True)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    styring = os.path.abspath(a.styring)
    rnd = random.Random(11)
    with tempfile.TemporaryDirectory() as root:
        model = os.path.join(root, "model.toml")
        subprocess.run([styring, "bench-model", "--units", str(UNITS), "--indicators", "10", "--out", model], check=True, capture_output=True)
        import tomllib

        with open(model, "rb") as f:
            spec = tomllib.load(f)
        parent = {u["id"]: u["parent"] for u in spec["units"] if "parent" in u}
        units = [f"enhet{u}" for u in range(UNITS)]
        plan = os.path.join(root, "plan.xlsx")
        write_plan(plan, units, parent)
        accounts = os.path.join(root, "regnskap.xlsx")
        lines = write_accounts(accounts, units, rnd)
        size = os.path.getsize(accounts) / 1e6
        print(f"{lines} account lines, {size:.0f} MB")

        def fresh_store(i):
            s = os.path.join(root, f"s{i}.sqlite")
            subprocess.run([styring, "budget", "import", "--model", model, "--store", s, plan], check=True, capture_output=True)
            return s

        # Rounds interleave the three, so that the machine's noise falls on
        # all of them alike; the ratio is the median of each round's ratio.
        stores = [fresh_store(i) for i in range(a.runs)]
        polars_code = f"import polars as pl\nprint(pl.read_excel({accounts!r}, engine='calamine', read_options={{'header_row': 2}}).height)"
        ours, dry, polars = [], [], []
        for s in stores:
            polars.append(measure([sys.executable, "-c", polars_code]))
            ours.append(measure([styring, "accounts", "import", "--model", model, "--store", s, accounts, "--sign", "expenses-positive"]))
            dry.append(measure([styring, "accounts", "import", "--dry-run", "--model", model, "--store", stores[0], accounts, "--sign", "expenses-positive"]))
        med = lambda xs, i: statistics.median(x[i] for x in xs)
        ratio = lambda xs: statistics.median(x[0] / p[0] for x, p in zip(xs, polars))
        rows = [
            ("styring accounts import (read, check, store)", med(ours, 0), med(ours, 1), ratio(ours)),
            ("styring accounts import --dry-run (read, check)", med(dry, 0), med(dry, 1), ratio(dry)),
            ("polars.read_excel (calamine), read only", med(polars, 0), med(polars, 1), 1.0),
        ]
        print("| tool | time | peak memory | against polars |")
        print("| --- | --- | --- | --- |")
        for name, t, mem, r in rows:
            print(f"| {name} | {t:.2f} s | {mem:.0f} MB | {r:.2f}× its time |")
        print("rounds (styring import / polars):", ", ".join(f"{x[0]:.2f}/{p[0]:.2f}" for x, p in zip(ours, polars)))
        t = median_run([styring, "economy", "--model", model, "--store", stores[0], "--period", "2025-T2", "--format", "json"], a.runs)
        print(f"economy table, {UNITS} units, whole command: {t[0] * 1000:.0f} ms, {t[1]:.0f} MB")


if __name__ == "__main__":
    main()
