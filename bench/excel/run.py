#!/usr/bin/env python3
"""Excel import/export benchmark: styring against the Python tools.

Generates the files (one 40,000-row unit workbook, one 1,000,000-row long
table, 20 files of 50,000 rows, 500 files of 300 rows; six columns each),
then runs every tool on the same files, each run in a fresh process, and
prints medians of wall time and peak memory (max RSS) as a Markdown table.

    python bench/excel/run.py --styring target/release/styring [--runs 3] [--only import|export]

Run it through `make bench-excel`, which builds styring and installs the
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

UNITS, INDICATORS, MONTHS = 500, 200, 36
HEADERS = ["Enhet", "Indikator", "Periode", "Verdi", "Kommentar", "Kilde"]


def keys():
    """Unique (unit, indicator, period) keys of the scaled model, in a fixed order."""
    periods = []
    y, m = 2023, 1
    for _ in range(MONTHS):
        periods.append(f"{y:04d}-{m:02d}")
        m += 1
        if m == 13:
            y, m = y + 1, 1
    for i in range(INDICATORS):
        for u in range(UNITS):
            for p in periods:
                yield (f"enhet{u}", f"I.{i}", p)


def write_table(path, rows, rnd):
    import xlsxwriter

    wb = xlsxwriter.Workbook(path, {"constant_memory": True})
    ws = wb.add_worksheet("Data")
    pct = wb.add_format({"num_format": "0.0%"})
    ws.write_row(0, 0, HEADERS)
    for r, (u, i, p) in enumerate(rows, start=1):
        ws.write_string(r, 0, u)
        ws.write_string(r, 1, i)
        ws.write_string(r, 2, p)
        ws.write_number(r, 3, round(0.03 + 0.04 * rnd.random(), 4), pct)
        if r % 10 == 0:
            ws.write_string(r, 4, "Kommentar fra enheten")
        ws.write_string(r, 5, "HR-systemet")
    wb.close()


def generate(root, styring):
    os.makedirs(root, exist_ok=True)
    model = os.path.join(root, "model.toml")
    if not os.path.exists(model):
        subprocess.run([styring, "bench-model", "--units", str(UNITS), "--indicators", str(INDICATORS), "--out", model], check=True, stdout=subprocess.DEVNULL)
    it = keys()
    rnd = random.Random(7)
    sets = {}

    def take(n):
        return [next(it) for _ in range(n)]

    spec = [("unit_40k", 1, 40_000), ("big_1m", 1, 1_000_000), ("files_20x50k", 20, 50_000), ("files_500x300", 500, 300)]
    for name, nfiles, rows in spec:
        folder = os.path.join(root, name)
        os.makedirs(folder, exist_ok=True)
        paths = [os.path.join(folder, f"{k:03d}.xlsx") for k in range(nfiles)]
        for p in paths:
            chunk = take(rows)
            if not os.path.exists(p):
                write_table(p, chunk, rnd)
        sets[name] = (paths, nfiles * rows)
    return model, sets


PY_READERS = {
    "python-calamine": "from python_calamine import CalamineWorkbook\nfor f in FILES:\n    rows = CalamineWorkbook.from_path(f).get_sheet_by_index(0).to_python()\n    n += len(rows) - 1",
    "fastexcel": "import fastexcel\nfor f in FILES:\n    n += fastexcel.read_excel(f).load_sheet(0).to_polars().height",
    "polars.read_excel (calamine)": "import polars as pl\nfor f in FILES:\n    n += pl.read_excel(f, engine='calamine').height",
    "pandas.read_excel (openpyxl)": "import pandas as pd\nfor f in FILES:\n    n += len(pd.read_excel(f, engine='openpyxl'))",
    "openpyxl (read-only)": "import openpyxl\nfor f in FILES:\n    wb = openpyxl.load_workbook(f, read_only=True)\n    n += sum(1 for _ in wb.active.iter_rows(min_row=2, values_only=True))",
}


def measure(cmd, env=None):
    """Wall seconds and peak RSS (MB) of one process."""
    t = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t
    if out.returncode != 0:
        raise RuntimeError(f"{cmd[:3]} failed: {out.stderr[-2000:]}")
    rss_kb = int(out.stderr.strip().splitlines()[-1])
    return wall, rss_kb / 1024


def median_run(cmd, runs):
    results = [measure(cmd) for _ in range(runs)]
    return statistics.median(r[0] for r in results), statistics.median(r[1] for r in results)


def wanted(tool, only_tools):
    return not only_tools or any(t.lower() in tool.lower() for t in only_tools)


def import_bench(root, styring, runs, skip_slow, only_tools=None):
    model, sets = generate(root, styring)
    rows_out = []
    for name, (paths, n) in sets.items():
        tools = {}
        tools["styring import (validate, --dry-run)"] = [styring, "import", "--dry-run", "--model", model] + paths
        store = os.path.join(root, "bench.sqlite")
        for name_py, body in PY_READERS.items():
            if skip_slow and "openpyxl" in name_py and n > 100_000:
                continue
            code = f"FILES = {paths!r}\nn = 0\n{body}\nassert n == {n}, n\n"
            tools[name_py] = [sys.executable, "-c", code]
        for tool, cmd in tools.items():
            if not wanted(tool, only_tools):
                continue
            r = runs if "openpyxl" not in tool else 1
            wall, rss = median_run(cmd, r)
            rows_out.append((name, n, tool, wall, rss))
            print(f"{name:15} {tool:40} {wall:8.2f} s {n / wall:12,.0f} rows/s {rss:8.0f} MB", flush=True)
        if not wanted("styring import (validate + store)", only_tools):
            continue
        # With the store write as well (a fresh store each run).
        def with_store():
            if os.path.exists(store):
                os.remove(store)
            return measure([styring, "import", "--model", model, "--store", store] + paths)
        res = [with_store() for _ in range(runs)]
        wall, rss = statistics.median(x[0] for x in res), statistics.median(x[1] for x in res)
        rows_out.append((name, n, "styring import (validate + store)", wall, rss))
        print(f"{name:15} {'styring import (validate + store)':40} {wall:8.2f} s {n / wall:12,.0f} rows/s {rss:8.0f} MB", flush=True)
    return rows_out


def export_bench(root, styring, runs, only_tools=None):
    """1,000,000 coloured cells: XlsxWriter (normal, constant memory), openpyxl, styring."""
    os.makedirs(root, exist_ok=True)
    cells = 1_000_000
    cols = 200
    rows = cells // cols
    common = f"""
ROWS, COLS = {rows}, {cols}
fills = ['#C6EFCE', '#FFEB9C', '#FFC7CE', '#EDEDED']
"""
    xw = common + """
import xlsxwriter, sys
wb = xlsxwriter.Workbook(sys.argv[1], {'constant_memory': CM})
ws = wb.add_worksheet('Oversikt')
fmts = [wb.add_format({'bg_color': c, 'num_format': '0.0 %', 'border': 1}) for c in fills]
for r in range(ROWS):
    for c in range(COLS):
        ws.write_number(r, c, 0.05, fmts[(r + c) % 4])
wb.close()
"""
    op = common + """
import openpyxl, sys
from openpyxl.styles import PatternFill, Border, Side
wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet('Oversikt')
from openpyxl.cell import WriteOnlyCell
side = Side(style='thin')
pf = [PatternFill('solid', fgColor=c[1:]) for c in fills]
for r in range(ROWS):
    row = []
    for c in range(COLS):
        cell = WriteOnlyCell(ws, value=0.05)
        cell.fill = pf[(r + c) % 4]
        cell.number_format = '0.0 %'
        cell.border = Border(left=side, right=side, top=side, bottom=side)
        row.append(cell)
    ws.append(row)
wb.save(sys.argv[1])
"""
    out = os.path.join(root, "out.xlsx")
    tools = {
        "styring (rust_xlsxwriter, constant memory)": [styring, "bench-export", "--cells", str(cells), "--out", out],
        "XlsxWriter": [sys.executable, "-c", "CM=False\n" + xw, out],
        "XlsxWriter (constant_memory)": [sys.executable, "-c", "CM=True\n" + xw, out],
        "openpyxl (write-only)": [sys.executable, "-c", op, out],
    }
    rows_out = []
    for tool, cmd in tools.items():
        if not wanted(tool, only_tools):
            continue
        wall, rss = median_run(cmd, runs if "openpyxl" not in tool else 1)
        rows_out.append(("export_1m_cells", cells, tool, wall, rss))
        print(f"{'export':15} {tool:45} {wall:8.2f} s {rss:8.0f} MB", flush=True)
    return rows_out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--styring", required=True)
    ap.add_argument("--root", default=os.path.join(tempfile.gettempdir(), "styring-excel-bench"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", choices=["import", "export"])
    ap.add_argument("--skip-slow", action="store_true", help="skip openpyxl/pandas on the big sets")
    ap.add_argument("--tools", help="comma-separated substrings of the tools to run (default: all)")
    a = ap.parse_args()
    styring = os.path.abspath(a.styring)
    rows = []
    only_tools = [t.strip() for t in a.tools.split(",")] if a.tools else None
    if a.only in (None, "import"):
        rows += import_bench(a.root, styring, a.runs, a.skip_slow, only_tools)
    if a.only in (None, "export"):
        rows += export_bench(a.root, styring, a.runs, only_tools)
    print("\n| set | rows/cells | tool | median s | rows/s | peak MB |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, n, tool, wall, rss in rows:
        print(f"| {name} | {n:,} | {tool} | {wall:.2f} | {n / wall:,.0f} | {rss:.0f} |")


if __name__ == "__main__":
    main()
