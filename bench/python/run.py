"""The notebook workflow in styring against the same in pandas + openpyxl.

Workflow: import the 11 unit workbooks of the demo (2025, on top of the
stored history up to 2024), compute every scorecard for 2025-T2 (11 units,
2 sectors, the municipality), and export a coloured workbook. Then
`store.to_pandas()` of 1,000,000 observations.

    make bench-python        # or: .venv-py/bin/python bench/python/run.py

Prints a Markdown table of medians over --runs runs (each side run in
turn, so both see the same machine), for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.styles import Font, PatternFill

import styring

PERIOD = "2025-T2"
MONTHS_T2 = ["2025-05", "2025-06", "2025-07", "2025-08"]
PREVIOUS_MONTHS = ["2025-01", "2025-02", "2025-03", "2025-04"]
FILLS = {
    "green": "C6EFCE",
    "yellow": "FFEB9C",
    "red": "FFC7CE",
    "no_data": "EDEDED",
}


def setup(work: Path):
    """The demo's inputs: model.toml, the unit workbooks, the history up to
    2024 as a store (for styring) and as a CSV (for pandas)."""
    model = styring.Model.example()
    model.save(work / "model.toml")
    sample = styring.Store.example(model)
    books = []
    (work / "innsending").mkdir()
    for u in model.units:
        if not u.is_sector:
            p = work / "innsending" / f"{u.id}.xlsx"
            styring.write_template(model, u.id, 2025, p, store=sample)
            books.append(p)
    history = sample.to_pandas()
    history = history[history.start < "2025-01-01"]
    cols = ["indicator", "unit", "period", "value", "comment"]
    history[cols].to_csv(work / "history.csv", index=False)
    store = styring.Store(model)
    store.record_frame(history[cols].astype(object).where(history[cols].notna(), None))
    store.save(work / "history.sqlite")
    return books


# --- styring -----------------------------------------------------------------


def run_styring(work: Path, books, out: Path) -> int:
    model = styring.Model.load(work / "model.toml")
    shutil.copy(work / "history.sqlite", work / "run.sqlite")
    store = styring.Store.open(work / "run.sqlite", model)
    store.import_xlsx(books)
    rows = 0
    for u in model.units:
        rows += len(styring.scorecard(model, store, u.id, PERIOD))
    rows += len(styring.scorecard(model, store, "all", PERIOD))
    styring.export_xlsx(model, store, out, PERIOD)
    return rows


# --- pandas + openpyxl, the way an analyst would -------------------------------


def read_workbook(path: Path) -> pd.DataFrame:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    meta = list(wb["_styring"].iter_rows(values_only=True))
    unit = meta[2][1]
    periods = [p for p in meta[5][1:] if p]
    records = []
    for row in wb["Registrering"].iter_rows(min_row=5, values_only=True):
        code = row[0]
        if not code:
            continue
        comment = row[4 + len(periods)] if len(row) > 4 + len(periods) else None
        for k, period in enumerate(periods):
            v = row[4 + k]
            if v is not None:
                records.append((code, unit, period, float(v), comment))
    wb.close()
    return pd.DataFrame(records, columns=["indicator", "unit", "period", "value", "comment"])


def target_for(targets, code, unit, period):
    """Most specific target: the unit's before everyone's, period before year."""
    best, score = None, -1
    year = int(period[:4])
    for t in targets:
        if t["indicator"] != code:
            continue
        if t.get("unit") not in (None, unit):
            continue
        if "period" in t and t["period"] != period:
            continue
        if "year" in t and t["year"] != year:
            continue
        s = (2 if t.get("unit") else 0) + (1 if "period" in t else 0)
        if s > score:
            best, score = t, s
    if best is None:
        return None
    if "min" in best:
        return (best["min"], best["max"])
    return best["value"]


def judge(ind, value, target):
    if value is None or pd.isna(value):
        return "no_data"
    rule = ind.get("rule", {})
    kind = rule.get("kind")
    if kind == "bands":
        y, g = rule["yellow"], rule["green"]
        if ind["direction"] == "lower_is_better":
            return "green" if value <= g else "yellow" if value <= y else "red"
        return "green" if value >= g else "yellow" if value >= y else "red"
    if target is None:
        return "no_data"
    tol = rule.get("absolute")
    if tol is None:
        tol = abs(rule.get("relative", 0.0) * (target if not isinstance(target, tuple) else 1.0))
    if isinstance(target, tuple):
        lo, hi = target
        if lo <= value <= hi:
            return "green"
        return "yellow" if lo - tol <= value <= hi + tol else "red"
    better = value <= target if ind["direction"] == "lower_is_better" else value >= target
    if better:
        return "green"
    return "yellow" if abs(value - target) <= tol else "red"


def run_pandas(work: Path, books, out: Path) -> int:
    with open(work / "model.toml", "rb") as f:
        model = tomllib.load(f)
    data = pd.concat(
        [pd.read_csv(work / "history.csv")] + [read_workbook(p) for p in books],
        ignore_index=True,
    )
    data = data.drop_duplicates(["indicator", "unit", "period"], keep="last")
    # Computed indicators, as the model says.
    wide = data.pivot_table(index=["unit", "period"], columns="indicator", values="value")
    computed = []
    if {"M.1.9", "M.1.10"} <= set(wide.columns):
        m18 = (wide["M.1.9"] / wide["M.1.10"]).dropna()
        computed.append(m18.rename("value").reset_index().assign(indicator="M.1.8"))
    if {"O.1.3", "O.1.4"} <= set(wide.columns):
        o11 = ((wide["O.1.3"] - wide["O.1.4"]) / wide["O.1.4"]).dropna()
        computed.append(o11.rename("value").reset_index().assign(indicator="O.1.1"))
    data = pd.concat([data[~data.indicator.isin(["M.1.8", "O.1.1"])]] + computed, ignore_index=True)

    units = {u["id"]: u for u in model["units"]}
    service = [u for u in model["units"] if u["kind"] != "sektor"]
    indicators = model["indicators"]
    targets = model["targets"]

    def applies(ind, unit):
        a = ind.get("applies_to", "all")
        if a == "all":
            return True
        if "kinds" in a:
            return unit["kind"] in a["kinds"]
        return unit["id"] in a.get("units", [])

    def unit_value(ind, unit_id, months):
        rows = data[(data.indicator == ind["code"]) & (data.unit == unit_id)]
        f = ind["frequency"]
        if f == "month":
            v = rows[rows.period.isin(months)].sort_values("period").value
            if v.empty:
                return None
            how = ind.get("aggregate_time", "mean")
            return v.iloc[-1] if how == "last" else v.sum() if how == "sum" else v.mean()
        if f == "tertial":
            v = rows[rows.period == (PERIOD if months is MONTHS_T2 else "2025-T1")].value
            return None if v.empty else v.iloc[0]
        v = rows[rows.period.astype(str) <= "2025"].sort_values("period").value
        return None if v.empty else v.iloc[-1]

    def scope_value(ind, leaves, months):
        vals = {u["id"]: unit_value(ind, u["id"], months) for u in leaves if applies(ind, u)}
        vals = {k: v for k, v in vals.items() if v is not None and not pd.isna(v)}
        if not vals:
            return None
        how = ind.get("aggregate_units", "mean")
        if how == "sum":
            return sum(vals.values())
        if how == "ratio":
            num = [unit_value(next(i for i in indicators if i["code"] == ind["numerator"]), k, months) for k in vals]
            den = [unit_value(next(i for i in indicators if i["code"] == ind["denominator"]), k, months) for k in vals]
            num = sum(x for x in num if x is not None)
            den = sum(x for x in den if x is not None)
            return num / den if den else None
        if how == "weighted_mean":
            w = {k: units[k].get("fte", 1.0) for k in vals}
            return sum(vals[k] * w[k] for k in vals) / sum(w.values())
        return sum(vals.values()) / len(vals)

    scopes = [(u["id"], u["name"], [u]) for u in service]
    scopes += [
        (u["id"], u["name"], [s for s in service if s.get("parent") == u["id"]])
        for u in model["units"]
        if u["kind"] == "sektor"
    ]
    scopes.append(("all", model["municipality"]["name"], service))
    cards = []
    for sid, name, leaves in scopes:
        rows = []
        for ind in indicators:
            if not any(applies(ind, u) for u in leaves):
                continue
            value = scope_value(ind, leaves, MONTHS_T2)
            previous = scope_value(ind, leaves, PREVIOUS_MONTHS)
            target = target_for(targets, ind["code"], sid if len(leaves) == 1 else None, PERIOD)
            status = judge(ind, value, target)
            trend = (
                "unknown"
                if value is None or previous is None
                else "stable"
                if abs(value - previous) < 1e-9
                else "up"
                if value > previous
                else "down"
            )
            rows.append((ind["code"], ind["name"], value, target, status, trend))
        cards.append((sid, name, rows))

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sid, name, rows in cards:
        ws = wb.create_sheet(sid[:31])
        ws.append([f"Styringskort — {name}", PERIOD])
        ws["A1"].font = Font(bold=True, size=14)
        ws.append(["Kode", "Indikator", "Verdi", "Mål", "Status", "Trend"])
        for code, iname, value, target, status, trend in rows:
            t = f"{target[0]}–{target[1]}" if isinstance(target, tuple) else target
            ws.append([code, iname, value, t, status, trend])
            fill = PatternFill("solid", fgColor=FILLS[status])
            ws.cell(ws.max_row, 3).fill = fill
            ws.cell(ws.max_row, 5).fill = fill
            ws.cell(ws.max_row, 3).number_format = "0.0%" if value is not None and abs(value) < 1 else "#,##0.0"
    wb.save(out)
    return sum(len(r) for _, _, r in cards)


# --- store.to_pandas of 1,000,000 observations -------------------------------


def big_store(work: Path, units: int = 500, indicators: int = 56, months: int = 36):
    t = ['[municipality]\nid = "storby"\nname = "Storby kommune"\n']
    t.append('[[perspectives]]\nid = "p"\nname = "Perspektiv"\n')
    t.append('[[focus_areas]]\nid = "F"\nperspective = "p"\nname = "Område"\n')
    for u in range(units):
        t.append(f'[[units]]\nid = "e{u}"\nname = "Enhet {u}"\nkind = "enhet"\nfte = 10.0\n')
    for i in range(indicators):
        t.append(
            f'[[indicators]]\ncode = "I.{i}"\nname = "Indikator {i}"\nfocus_area = "F"\n'
            'measure = "percent"\ndirection = "lower_is_better"\nfrequency = "month"\n'
            'applies_to = "all"\nrule = { kind = "tolerance", absolute = 0.01 }\n'
        )
    model = styring.Model.from_toml("\n".join(t), "big.toml")
    periods = [f"{2023 + m // 12}-{m % 12 + 1:02d}" for m in range(months)]
    n = units * indicators * months
    frame = pd.DataFrame(
        {
            "indicator": [f"I.{i}" for i in range(indicators) for _ in range(units * months)],
            "unit": [f"e{u}" for _ in range(indicators) for u in range(units) for _ in range(months)],
            "period": periods * (units * indicators),
            "value": [((k * 7919) % 1000) / 10000 for k in range(n)],
        }
    )
    store = styring.Store(model)
    store.record_frame(frame)
    return store


def median_time(f, runs):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return statistics.median(times), times


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="styring-bench-"))
    books = setup(work)
    rows_s = run_styring(work, books, work / "s.xlsx")
    rows_p = run_pandas(work, books, work / "p.xlsx")
    print(f"scorecard rows: styring {rows_s}, pandas {rows_p}", file=sys.stderr)
    s_times, p_times = [], []
    for k in range(args.runs):
        t = time.perf_counter()
        run_styring(work, books, work / f"s{k}.xlsx")
        s_times.append(time.perf_counter() - t)
        t = time.perf_counter()
        run_pandas(work, books, work / f"p{k}.xlsx")
        p_times.append(time.perf_counter() - t)
    s, p = statistics.median(s_times), statistics.median(p_times)
    store = big_store(work)
    n = len(store)
    tp, tp_all = median_time(store.to_pandas, args.runs)
    tl, tl_all = median_time(store.to_polars, args.runs)
    fmt = lambda xs: ", ".join(f"{x:.3f}" for x in xs)  # noqa: E731
    print("| workflow | median | runs (s) | ratio |")
    print("| --- | --- | --- | --- |")
    print(f"| styring: import 11 workbooks, every scorecard, export | {s:.3f} s | {fmt(s_times)} | 1 |")
    print(f"| pandas + openpyxl: the same | {p:.3f} s | {fmt(p_times)} | {p / s:.1f}× slower |")
    print()
    print(f"| {n:,} observations | median | runs (s) |")
    print("| --- | --- | --- |")
    print(f"| store.to_pandas() | {tp:.3f} s | {fmt(tp_all)} |")
    print(f"| store.to_polars() | {tl:.3f} s | {fmt(tl_all)} |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
