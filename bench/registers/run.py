#!/usr/bin/env python3
"""Deviation register benchmark (issue 12): a quality system's export of
100,000 deviations across the example model's service units, read,
checked and stored by `styring deviation import` on a fresh store (the
floor: under 2 s); the same file imported again (everything unchanged);
and a dry run. polars.read_excel merely reading the file is measured in
the same rounds, for scale.

    python bench/registers/run.py --styring target/release/styring [--runs 5]

Run it through `make bench-registers`, which builds styring and installs
the Python tools from bench/excel/requirements.txt into .venv-bench. The
statistics indicators are measured by `cargo bench -p styring-core
--bench core -- register`.
"""
import argparse
import datetime
import os
import random
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "excel"))
from run import measure  # noqa: E402  (the Excel benchmark's timing)

ROWS = 100_000
CATEGORIES = ["HMS", "pasient- og brukersikkerhet", "informasjonssikkerhet og personvern",
              "brudd på rutine eller prosedyre", "brudd på lov eller forskrift", "annet"]
HEADER = ["Avviksnr", "Enhet", "Kategori", "Beskrivelse", "Registrert", "Konsekvens",
          "Sannsynlighet", "Status", "Mottatt", "Lukket", "Saksbehandler"]


def service_units(styring, root):
    """The demo model's service units (those that have no units below)."""
    import tomllib

    subprocess.run([styring, "demo", "--out", os.path.join(root, "demo")], check=True, capture_output=True)
    model = os.path.join(root, "demo", "model.toml")
    with open(model, "rb") as f:
        spec = tomllib.load(f)
    parents = {u.get("parent") for u in spec["units"]}
    return model, [u["id"] for u in spec["units"] if u["id"] not in parents and "parent" in u]


def write_export(path, units, rnd):
    import xlsxwriter

    wb = xlsxwriter.Workbook(path, {"constant_memory": True})
    ws = wb.add_worksheet("Avvik")
    ws.write_row(0, 0, HEADER)
    start = datetime.datetime(2025, 1, 1, 8, 0)
    for r in range(1, ROWS + 1):
        reg = start + datetime.timedelta(minutes=rnd.randrange(0, 330 * 24 * 60))
        state = rnd.choice(["registrert", "mottatt", "under behandling", "lukket", "lukket", "lukket"])
        got = reg + datetime.timedelta(hours=rnd.randrange(1, 48))
        closed = got + datetime.timedelta(hours=rnd.randrange(1, 2000))
        row = [f"Q-{r}", rnd.choice(units), rnd.choice(CATEGORIES), f"Hendelse nummer {r} på enheten",
               reg.strftime("%Y-%m-%d %H:%M"), rnd.randint(1, 5), rnd.randint(1, 5), state,
               got.strftime("%Y-%m-%d %H:%M") if state != "registrert" else "",
               closed.strftime("%Y-%m-%d %H:%M") if state == "lukket" else "",
               f"leder.{rnd.randrange(40)}"]
        ws.write_row(r, 0, row)
    wb.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--styring", required=True)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    styring = os.path.abspath(a.styring)
    rnd = random.Random(12)
    with tempfile.TemporaryDirectory() as root:
        model, units = service_units(styring, root)
        export = os.path.join(root, "avvik.xlsx")
        write_export(export, units, rnd)
        print(f"{ROWS} deviations over {len(units)} units, {os.path.getsize(export) / 1e6:.1f} MB")
        polars_code = f"import polars as pl\nprint(pl.read_excel({export!r}, engine='calamine').height)"
        ours, again, dry, polars = [], [], [], []
        for i in range(a.runs):
            s = os.path.join(root, f"s{i}.sqlite")
            cmd = [styring, "deviation", "import", "--model", model, "--store", s, export]
            polars.append(measure([sys.executable, "-c", polars_code]))
            ours.append(measure(cmd))
            again.append(measure(cmd))
            dry.append(measure([styring, "deviation", "import", "--dry-run", "--model", model,
                                "--store", os.path.join(root, "none.sqlite"), export]))
        med = lambda xs, i: statistics.median(x[i] for x in xs)
        ratio = lambda xs: statistics.median(x[0] / p[0] for x, p in zip(xs, polars))
        print("| run | time | peak memory | against polars' read |")
        print("| --- | --- | --- | --- |")
        for name, xs in [("import into a fresh store", ours), ("the same file again (all unchanged)", again),
                         ("--dry-run", dry), ("polars.read_excel, read only", polars)]:
            print(f"| {name} | {med(xs, 0):.2f} s | {med(xs, 1):.0f} MB | {ratio(xs):.2f}× |")
        print("rounds (import / polars):", ", ".join(f"{x[0]:.2f}/{p[0]:.2f}" for x, p in zip(ours, polars)))


if __name__ == "__main__":
    main()
