"""The numbers in a notebook are the command's numbers: the `styring`
command, run on the demo's files, and the Python package, reading the
same files, give the same scorecard.

Needs the command built (`cargo build -p styring-cli`); the newest of
target/release/styring and target/debug/styring is used, or the one
named by $STYRING_BIN.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

import styring

ROOT = Path(__file__).resolve().parents[2]
PERIOD = "2025-T2"


def command() -> Path:
    named = os.environ.get("STYRING_BIN")
    if named:
        return Path(named)
    built = [p for p in (ROOT / "target" / "release" / "styring", ROOT / "target" / "debug" / "styring") if p.is_file()]
    if not built:
        pytest.skip("the styring command is not built: run `cargo build -p styring-cli` (or set STYRING_BIN)")
    return max(built, key=lambda p: p.stat().st_mtime)


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "STYRING_ACTOR": "test"}
    return subprocess.run([str(command()), *args], capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    done = run("demo", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert (out / "model.toml").is_file() and (out / "store.sqlite").is_file()
    return out


def command_scorecard(demo: Path, unit: str) -> dict:
    done = run(
        "scorecard",
        "--model", str(demo / "model.toml"),
        "--store", str(demo / "store.sqlite"),
        "--unit", unit,
        "--period", PERIOD,
        "--format", "json",
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def close(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-12


@pytest.mark.parametrize("unit", ["all", "oppvekst", "aurvoll"])
def test_scorecard_matches_the_command_engine(demo: Path, unit: str):
    expected = command_scorecard(demo, unit)
    model = styring.Model.load(demo / "model.toml")
    store = styring.Store.open(demo / "store.sqlite", model)
    # The command shows six values of history by default.
    card = styring.scorecard(model, store, unit, PERIOD, history=6)

    assert (card.unit, card.unit_name, card.period) == (expected["unit"], expected["name"], expected["period"])
    assert dict(card.counts) == expected["counts"]
    assert [r.indicator for r in card.rows] == [r["indicator"] for r in expected["rows"]]
    for row, want in zip(card.rows, expected["rows"]):
        where = f"{unit} {row.indicator}"
        assert row.status == want["status"], where
        assert row.reason == want["reason"], where
        assert close(row.value, want["value"]), (where, row.value, want["value"])
        assert close(row.previous, want["previous"]), where
        assert close(row.last_year, want["last_year"]), where
        assert row.value_period == want["value_period"], where
        target = want["target"]
        if isinstance(target, dict):
            assert (close(row.target_min, target["min"]), close(row.target_max, target["max"])) == (True, True), where
        else:
            assert close(row.target, target), where
        assert (row.trend, row.trend_last_year) == (want["trend"], want["trend_last_year"]), where
        assert (row.comment, row.computed_by, row.late) == (want["comment"], want["computed_by"], want["late"]), where
        assert [p for p, _ in row.history] == [h["period"] for h in want["history"]], where
        assert all(close(v, h["value"]) for (_, v), h in zip(row.history, want["history"])), where


def test_the_municipalitys_counts_add_up_to_its_rows(demo: Path):
    expected = command_scorecard(demo, "all")
    tally = {k: 0 for k in expected["counts"]}
    unlit = 0
    for r in expected["rows"]:
        # A value with no target has no light and is not counted.
        if r["status"] is None:
            unlit += 1
        else:
            tally[r["status"]] += 1
    assert tally == expected["counts"]
    assert unlit == 7  # the ledger's amounts O.1.3–O.1.7, and M.1.9–M.1.10 (sick-leave days)
    assert len(expected["rows"]) == len(styring.Model.load(demo / "model.toml").indicators)


def test_an_unknown_unit_is_the_same_message_in_both(demo: Path):
    done = run(
        "scorecard",
        "--model", str(demo / "model.toml"),
        "--store", str(demo / "store.sqlite"),
        "--unit", "aurvol",
        "--period", PERIOD,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "feil: ukjent enhet «aurvol» — mente du «aurvoll»?"
    model = styring.Model.load(demo / "model.toml")
    with pytest.raises(styring.ValidationError) as e:
        styring.scorecard(model, styring.Store.open(demo / "store.sqlite", model), "aurvol", PERIOD)
    assert str(e.value) == "ukjent enhet «aurvol» — mente du «aurvoll»?"
