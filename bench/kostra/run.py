#!/usr/bin/env python3
"""KOSTRA benchmark (issue 14): a JSON-stat 2.0 table of 1,000,000 cells in
SSB's shape (400 regions × 50 contents × 50 years, the region index an
object, the values sparse with some cells missing under a status) read,
checked and stored by `styring kostra import` on a fresh store, against
pyjstat and pandas (json.load and a DataFrame of the cells) reading the
same file in the same rounds. The model is the demo's with one KOSTRA
indicator per contents code, so every cell is a figure to store.

    python bench/kostra/run.py --styring target/release/styring [--runs 5]

Run it through `make bench-kostra`, which builds styring and installs
pyjstat and pandas from bench/kostra/requirements.txt into .venv-bench.
"""
import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "excel"))
from run import measure  # noqa: E402  (the Excel benchmark's timing)

REGIONS, CONTENTS, YEARS = 400, 50, 50


def regions():
    codes = ["3440", "EAK", "EAKUO"] + [f"EKG{g:02d}" for g in range(1, 18)]
    n = 3000
    while len(codes) < REGIONS:
        n += 1
        if str(n) != "3440":
            codes.append(str(n))
    return codes


def write_table(path, rnd):
    regs = regions()
    contents = [f"KOS{c:03d}" for c in range(CONTENTS)]
    years = [str(1975 + y) for y in range(YEARS)]
    value, status = {}, {}
    i = 0
    for _ in regs:
        for _ in contents:
            for _ in years:
                if rnd.random() < 0.02:
                    status[str(i)] = rnd.choice(["..", ".", ":"])
                else:
                    value[str(i)] = round(rnd.uniform(10, 200_000), 1)
                i += 1
    doc = {
        "version": "2.0", "class": "dataset", "label": "12134: Benchmark (eksempeldata)",
        "id": ["KOKkommuneregion0000", "ContentsCode", "Tid"], "size": [len(regs), len(contents), len(years)],
        "role": {"geo": ["KOKkommuneregion0000"], "metric": ["ContentsCode"], "time": ["Tid"]},
        "dimension": {
            "KOKkommuneregion0000": {"category": {"index": {c: k for k, c in reversed(list(enumerate(regs)))}}},
            "ContentsCode": {"category": {"index": contents}},
            "Tid": {"category": {"index": years}},
        },
        "value": value, "status": status,
    }
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f)
    return contents


def write_model(styring, root, contents):
    subprocess.run([styring, "demo", "--out", os.path.join(root, "demo")], check=True, capture_output=True)
    src = os.path.join(root, "demo", "model.toml")
    with open(src, encoding="utf-8") as f:
        text = f.read()
    # The demo's own two KOSTRA indicators read other contents: drop them.
    text = text.replace('kostra = { table = "12134", contents = "KOSkorrbrutto0000" }\n', "")
    text = text.replace('kostra = { table = "12134", contents = "KOSkorrbarnehage0000" }\n', "")
    head, _, tail = text.partition("\n[kostra]")
    extra = "".join(
        f'\n[[indicators]]\ncode = "K.{k}"\nname = "KOSTRA-tall {c}"\nfocus_area = "O.2"\nmeasure = "number"\n'
        f'direction = "higher_is_better"\nfrequency = "year"\nkostra = {{ table = "12134", contents = "{c}" }}\n'
        for k, c in enumerate(contents)
    )
    model = os.path.join(root, "model.toml")
    with open(model, "w", encoding="utf-8") as f:
        f.write(head + "\n" + extra + "\n[kostra]" + tail)
    return model


PANDAS = """
import json, pandas as pd
d = json.load(open(PATH, encoding="utf-8"))
dims = [list(d["dimension"][i]["category"]["index"]) for i in d["id"]]
idx = pd.MultiIndex.from_product(dims, names=d["id"])
v = [None] * len(idx)
for k, x in d["value"].items():
    v[int(k)] = x
frame = pd.DataFrame({"value": v}, index=idx).reset_index()
print(len(frame))
"""

PYJSTAT = """
from pyjstat import pyjstat
frame = pyjstat.Dataset.read(open(PATH, encoding="utf-8").read()).write("dataframe")
print(len(frame))
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--styring", required=True)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    styring = os.path.abspath(a.styring)
    rnd = random.Random(14)
    with tempfile.TemporaryDirectory() as root:
        table = os.path.join(root, "12134.json")
        contents = write_table(table, rnd)
        model = write_model(styring, root, contents)
        print(f"{REGIONS * CONTENTS * YEARS} cells, {os.path.getsize(table) / 1e6:.1f} MB")
        ours, dry, pd_, pj = [], [], [], []
        for i in range(a.runs):
            s = os.path.join(root, f"s{i}.sqlite")
            ours.append(measure([styring, "kostra", "import", "--model", model, "--store", s, table]))
            dry.append(measure([styring, "kostra", "import", "--dry-run", "--model", model,
                                "--store", os.path.join(root, "none.sqlite"), table]))
            pd_.append(measure([sys.executable, "-c", f"PATH = {table!r}\n" + PANDAS]))
            pj.append(measure([sys.executable, "-c", f"PATH = {table!r}\n" + PYJSTAT]))
        med = lambda xs, i: statistics.median(x[i] for x in xs)
        ratio = lambda xs, peer: statistics.median(x[0] / p[0] for x, p in zip(xs, peer))
        print("| run | time | peak memory | against pandas | against pyjstat |")
        print("| --- | --- | --- | --- | --- |")
        for name, xs in [("styring kostra import, fresh store", ours), ("--dry-run (read and check)", dry),
                         ("pandas (json.load + DataFrame), read only", pd_), ("pyjstat, read only", pj)]:
            print(f"| {name} | {med(xs, 0):.2f} s | {med(xs, 1):.0f} MB | {ratio(xs, pd_):.2f}× | {ratio(xs, pj):.2f}× |")
        print("rounds (import / pandas / pyjstat):",
              ", ".join(f"{x[0]:.2f}/{p[0]:.2f}/{q[0]:.2f}" for x, p, q in zip(ours, pd_, pj)))


if __name__ == "__main__":
    main()
