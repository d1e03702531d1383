"""Shared fixtures: the built-in example (Øyer kommune) and Testby, a
model small enough that every expected value in the tests can be worked
out by hand.

Testby kommune has one sector (Oppvekst) with two schools, A skole (10
årsverk) and B skole (30 årsverk), and two monthly percent indicators:

* ``BA`` Budsjettavvik — within a target range of −1,0 % to 1,0 % in
  2025, yellow up to half a percent point outside it (``range`` rule);
* ``SF`` Sykefravær — lower is better, target 5,0 % in 2025, yellow up to
  half a percent point above it (``tolerance`` rule).

Both roll up to the sector and the municipality as means weighted by
årsverk, and changes of at most 0,1 percent point count as stable.
"""

from __future__ import annotations

import pytest

import styring

TESTBY_TOML = """
[municipality]
id = "testby"
name = "Testby kommune"

[[perspectives]]
id = "okonomi"
name = "Økonomi"

[[perspectives]]
id = "medarbeidere"
name = "Medarbeidere"

[[focus_areas]]
id = "O.1"
perspective = "okonomi"
name = "Økonomistyring"

[[focus_areas]]
id = "M.1"
perspective = "medarbeidere"
name = "Arbeidsmiljø"
cross_cutting = true

[[units]]
id = "oppvekst"
name = "Oppvekst"
kind = "sektor"

[[units]]
id = "a"
name = "A skole"
kind = "skole"
parent = "oppvekst"
leader = "Kari Nordmann"
fte = 10.0

[[units]]
id = "b"
name = "B skole"
kind = "skole"
parent = "oppvekst"
fte = 30.0

[[indicators]]
code = "BA"
name = "Budsjettavvik"
focus_area = "O.1"
measure = "percent"
decimals = 1
min = -1.0
max = 1.0
direction = "within_range"
frequency = "month"
aggregate_time = "last"
aggregate_units = "weighted_mean"
weight = "fte"
rule = { kind = "range", absolute = 0.005 }
trend_margin = 0.001

[[indicators]]
code = "SF"
name = "Sykefravær"
focus_area = "M.1"
measure = "percent"
decimals = 1
direction = "lower_is_better"
frequency = "month"
aggregate_time = "mean"
aggregate_units = "weighted_mean"
weight = "fte"
rule = { kind = "tolerance", absolute = 0.005 }
trend_margin = 0.001

[[targets]]
indicator = "BA"
year = 2025
min = -0.01
max = 0.01

[[targets]]
indicator = "SF"
year = 2025
value = 0.05

[[goals]]
id = "KP.1"
level = "kommuneplan"
title = "God drift og et godt arbeidsmiljø"
indicators = ["BA", "SF"]
"""

#: The values recorded by ``testby_store``: (indicator, unit, period, value, comment).
TESTBY_VALUES = [
    ("BA", "a", "2025-04", 0.020, None),
    ("BA", "a", "2025-05", 0.008, None),
    ("SF", "a", "2025-04", 0.060, None),
    ("SF", "a", "2025-05", 0.053, "To langtidssykemeldte"),
    ("BA", "b", "2025-04", 0.000, None),
    ("BA", "b", "2025-05", -0.004, None),
    ("SF", "b", "2025-04", 0.050, None),
    ("SF", "b", "2025-05", 0.045, None),
]


def fill(store: styring.Store, values=TESTBY_VALUES) -> styring.Store:
    for indicator, unit, period, value, comment in values:
        store.record(indicator, unit, period, value, comment)
    return store


@pytest.fixture(scope="session")
def model() -> styring.Model:
    return styring.Model.example()


@pytest.fixture(scope="session")
def store(model: styring.Model) -> styring.Store:
    return styring.Store.example(model)


@pytest.fixture(scope="session")
def testby() -> styring.Model:
    return styring.Model.from_toml(TESTBY_TOML, "testby.toml")


@pytest.fixture()
def testby_store(testby: styring.Model) -> styring.Store:
    """A fresh store in memory with ``TESTBY_VALUES``."""
    return fill(styring.Store(testby))


@pytest.fixture(autouse=True)
def norwegian():
    styring.set_language("nb")
    yield
    styring.set_language("nb")
