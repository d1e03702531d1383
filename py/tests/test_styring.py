"""The Python package, end to end: every public name, the model, the
store (recording, history, locks, actors, files, pickling), workbooks,
every exception path and threads. Scorecards and their outputs are in
``test_scorecards.py``; the comparison with the command in
``test_command_engine.py``."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import styring
from conftest import TESTBY_VALUES

PERIOD = "2025-T2"


# --- package -----------------------------------------------------------------


def test_all_names_exist_and_have_docstrings():
    for name in styring.__all__:
        obj = getattr(styring, name)
        if name == "__version__":
            assert obj == "0.1.0"
            continue
        assert obj.__doc__, f"{name} has no docstring"
    assert set(styring.__all__) >= {
        "Model",
        "Store",
        "Scorecard",
        "Section",
        "Rule",
        "overview",
        "evaluate",
        "export_xlsx",
        "write_template",
        "scorecard",
        "StyringError",
        "ValidationError",
        "WorkbookImportError",
        "ModelError",
        "ScriptError",
    }
    assert styring.Model.load.__doc__ and "ModelError" in styring.Model.load.__doc__


def test_exception_hierarchy():
    assert issubclass(styring.ValidationError, ValueError)
    assert issubclass(styring.ValidationError, styring.StyringError)
    for e in (styring.WorkbookImportError, styring.ModelError, styring.ScriptError):
        assert issubclass(e, styring.ValidationError)
    assert issubclass(styring.ScriptError, styring.ModelError)


def test_language_switch(model, store):
    with pytest.raises(ValueError, match='"nb" or "en"'):
        styring.set_language("de")
    styring.set_language("en")
    assert styring.get_language() == "en"
    with pytest.raises(styring.ValidationError) as e:
        store.record("M.15", "aurvoll", "2025-03", 0.04)
    assert str(e.value) == (
        '1 problem(s) in the values; nothing was stored:\n'
        'M.15/aurvoll/2025-03: unknown indicator "M.15" (did you mean "M.1.5"?)'
    )
    assert e.value.problems[0].message == e.value.problems[0].message_en
    assert e.value.problems[0].message_nb == "ukjent indikator «M.15» — mente du «M.1.5»?"
    styring.set_language("nb")
    assert styring.get_language() == "nb"


# --- model -------------------------------------------------------------------


def test_model_parts(model):
    """The example's parts, as written in core/src/example/oyer.toml."""
    assert repr(model) == 'Model("Øyer kommune", 13 units, 37 indicators)'
    assert (model.name, model.municipality_id) == ("Øyer kommune", "oyer")
    aurvoll = model.unit("aurvoll")
    assert (aurvoll.id, aurvoll.name, aurvoll.kind, aurvoll.is_sector) == ("aurvoll", "Aurvoll skole", "skole", False)
    assert (aurvoll.parent, aurvoll.leader, aurvoll.fte) == ("oppvekst", "Lars Ove Brenden", 38.0)
    assert [u.id for u in model.units if u.is_sector] == ["oppvekst", "helse_omsorg"]
    m15 = model.indicator("M.1.5")
    assert (m15.code, m15.name, m15.direction, m15.measure, m15.frequency, m15.decimals) == (
        "M.1.5",
        "Sykefravær korttid",
        "lower_is_better",
        "percent",
        "month",
        1,
    )
    assert (m15.perspective, m15.focus_area, m15.source) == ("medarbeidere", "M.1", "HR-systemet")
    assert repr(m15.rule) == "Rule.tolerance(absolute=0.005)" and m15.computed is None
    assert 'v("M.1.9")' in model.indicator("M.1.8").computed
    assert [p.id for p in model.perspectives] == ["okonomi", "tjenestekvalitet", "medarbeidere"]
    assert [f.id for f in model.focus_areas if f.cross_cutting] == ["O.1", "T.1", "M.1"]
    kp = [g for g in model.goals if g.level == "kommuneplan"]
    assert [(g.id, g.parent, g.indicators) for g in kp] == [
        ("KP.1", None, ["M.1.1", "M.1.2", "M.1.3", "M.1.4", "M.1.8"]),
        ("KP.2", None, ["T.1.1"]),
        ("KP.3", None, ["O.1.1", "O.1.2", "O.1.3", "O.1.4", "O.1.5", "O.1.6", "O.1.7"]),
    ]
    assert model.check() == []


def test_a_small_model_from_toml_text(testby):
    assert repr(testby) == 'Model("Testby kommune", 3 units, 2 indicators)'
    assert [(u.id, u.name, u.parent, u.is_sector, u.fte) for u in testby.units] == [
        ("oppvekst", "Oppvekst", None, True, 0.0),
        ("a", "A skole", "oppvekst", False, 10.0),
        ("b", "B skole", "oppvekst", False, 30.0),
    ]
    ba = testby.indicator("BA")
    assert (ba.direction, ba.min, ba.max, repr(ba.rule)) == ("within_range", -1.0, 1.0, "Rule.range(absolute=0.005)")
    assert testby.check() == []


def test_check_advises_about_indicators_no_goal_uses(testby):
    without_goals = testby.to_toml().split("[[goals]]")[0]
    m = styring.Model.from_toml(without_goals, "testby.toml")
    why = "indikatoren kan ikke spores til noe mål i kommuneplanen (den røde tråden mangler)"
    assert [(p.entry, p.message) for p in m.check()] == [
        ("indicators[0] (BA)", why),
        ("indicators[1] (SF)", why),
    ]


def test_unknown_names_suggest(model):
    with pytest.raises(styring.ValidationError) as e:
        model.unit("aurvol")
    assert str(e.value) == "ukjent enhet «aurvol» — mente du «aurvoll»?"
    with pytest.raises(styring.ValidationError) as e:
        model.indicator("M.15")
    assert str(e.value) == "ukjent indikator «M.15» — mente du «M.1.5»?"


def test_model_file_round_trip(tmp_path: Path, model):
    path = tmp_path / "model.toml"
    model.save(path)
    assert path.read_text(encoding="utf-8") == model.to_toml()
    again = styring.Model.load(path)
    assert again.to_toml() == model.to_toml()
    assert styring.Model.from_toml(model.to_toml()).to_toml() == model.to_toml()


def test_a_model_entry_with_a_problem_is_named(model):
    tomllib = pytest.importorskip("tomllib")
    bad = model.to_toml().replace('focus_area = "M.1"', 'focus_area = "M.9"', 1)
    # Which indicator that made wrong, read independently of styring.
    index, code = next(
        (i, ind["code"]) for i, ind in enumerate(tomllib.loads(bad)["indicators"]) if ind["focus_area"] == "M.9"
    )
    with pytest.raises(styring.ModelError) as e:
        styring.Model.from_toml(bad, "bad.toml")
    (p,) = e.value.problems
    assert (p.file, p.entry) == ("bad.toml", f"indicators[{index}] ({code})")
    assert p.message == "ukjent fokusområde «M.9» — mente du «M.1»?"
    assert str(e.value) == f"1 feil i modellen:\nbad.toml: indicators[{index}] ({code}): ukjent fokusområde «M.9» — mente du «M.1»?"


def test_a_file_that_is_not_toml_names_the_file_and_line(tmp_path: Path):
    with pytest.raises(styring.ModelError) as e:
        styring.Model.from_toml("this is [not toml", "broken.toml")
    assert e.value.problems[0].file == "broken.toml"
    assert str(e.value).startswith("broken.toml: ikke en gyldig modellfil: TOML parse error at line 1, column 6")
    missing = tmp_path / "missing.toml"
    with pytest.raises(FileNotFoundError) as e:
        styring.Model.load(missing)
    assert str(missing) in str(e.value)


def test_rules(model):
    m = styring.Model.from_toml(model.to_toml())
    r = styring.Rule.tolerance(absolute=0.005)
    assert repr(r) == "Rule.tolerance(absolute=0.005)" and r.kind == "tolerance"
    assert repr(styring.Rule.tolerance(relative=0.1)) == "Rule.tolerance(relative=0.1)"
    assert repr(styring.Rule.range(absolute=0.01)) == "Rule.range(absolute=0.01)"
    assert styring.Rule.range(absolute=0.01).kind == "range"
    assert repr(styring.Rule.bands(3.8, 4.0)) == "Rule.bands(yellow=3.8, green=4.0)"
    assert styring.Rule.bands(3.8, 4.0).kind == "bands"
    assert r == styring.Rule.tolerance(absolute=0.005)
    assert r != styring.Rule.tolerance(absolute=0.006)
    m.set_rule("M.1.5", styring.Rule.script('if value == () { no_data() } else { yellow("alltid gul") }'))
    assert m.indicator("M.1.5").rule.kind == "script"


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: styring.Rule.tolerance(absolute=0.1, relative=0.1), "oppgi enten absolute eller relative, ikke begge"),
        (lambda: styring.Rule.tolerance(absolute=float("nan")), "absolute må være et endelig tall ≥ 0"),
        (lambda: styring.Rule.range(relative=-0.1), "relative må være et endelig tall ≥ 0"),
        (lambda: styring.Rule.bands(float("inf"), 1.0), "bands trenger endelige tall for yellow og green"),
    ],
)
def test_a_bad_rule_says_what_is_wrong(make, message):
    with pytest.raises(styring.ValidationError) as e:
        make()
    assert str(e.value) == message


def test_a_rule_that_does_not_fit_is_refused_and_changes_nothing(model):
    m = styring.Model.from_toml(model.to_toml())
    with pytest.raises(styring.ModelError) as e:
        m.set_rule("M.1.1", styring.Rule.bands(yellow=4.0, green=3.8))
    assert e.value.problems[0].entry == "indicators[0] (M.1.1)"
    assert e.value.problems[0].message.startswith("rule: når høyere er bedre, må green (3.8) være minst yellow (4")
    assert repr(m.indicator("M.1.1").rule) == "Rule.bands(yellow=3.8, green=4.0)"
    with pytest.raises(styring.ValidationError) as e:
        m.set_rule("X.1", styring.Rule.tolerance(absolute=0.005))
    assert str(e.value) == "ukjent indikator «X.1»"
    with pytest.raises(TypeError):
        m.set_rule("M.1.5", "tolerance")


def test_a_script_that_does_not_compile_names_line_and_column():
    with pytest.raises(styring.ScriptError) as e:
        styring.Rule.script("if value < { green() }")
    assert "1:" in str(e.value) and "syntaksfeil" in str(e.value)


def test_computed_indicators(model):
    m = styring.Model.from_toml(model.to_toml())
    s = styring.Store.example(m)
    m.set_computed("M.1.5", 'let x = v("M.1.6"); if x == () { () } else { x / 2.0 }')
    card = styring.scorecard(m, s, "aurvoll", PERIOD)
    row5, row6 = card.row("M.1.5"), card.row("M.1.6")
    assert row5.computed_by == "<inline computed M.1.5>"
    assert row6.value is not None
    assert row5.value == pytest.approx(row6.value / 2, abs=1e-12)
    with pytest.raises(styring.ScriptError, match="i ring"):
        m.set_computed("M.1.6", 'v("M.1.5")')
    assert m.indicator("M.1.6").computed is None, "a refused script changes nothing"
    m.set_computed("M.1.5", None)
    assert m.indicator("M.1.5").computed is None


# --- store -------------------------------------------------------------------


def test_store_record_and_history(model):
    s = styring.Store(model)
    assert repr(s) == 'Store(":memory:", 0 values)' and len(s) == 0
    r = s.record("M.1.5", "aurvoll", "2025-03", 0.041, "Færre korttidsfravær")
    assert repr(r) == "RecordSummary(new=1, changed=0, unchanged=0)"
    r = s.record("M.1.5", "aurvoll", "mars 2025", 0.043)
    assert (r.new, r.changed, r.unchanged) == (0, 1, 0)
    assert s.record("M.1.5", "aurvoll", "2025-03", 0.043).unchanged == 1
    h = s.history("M.1.5", "aurvoll")
    assert [(x.period, x.value, x.current, x.batch) for x in h] == [
        ("2025-03", 0.041, False, 1),
        ("2025-03", 0.043, True, 2),
    ]
    assert [repr(x) for x in h] == ['Revision("2025-03", 0.041, batch=1, superseded)', 'Revision("2025-03", 0.043, batch=2)']
    assert (h[0].comment, h[0].source, h[0].file, h[0].sheet, h[0].cell) == ("Færre korttidsfravær", "python", None, None, None)
    assert h[1].comment is None
    assert h[0].recorded_at <= h[1].recorded_at and h[1].recorded_at.endswith("Z")
    assert len(s) == 1 and repr(s) == 'Store(":memory:", 1 value)'


def test_history_is_oldest_period_first(testby, testby_store):
    assert [(r.period, r.value, r.comment) for r in testby_store.history("SF", "a")] == [
        ("2025-04", 0.06, None),
        ("2025-05", 0.053, "To langtidssykemeldte"),
    ]
    assert testby_store.history("SF", "oppvekst") == []
    assert len(testby_store) == len(TESTBY_VALUES) == 8


@pytest.mark.parametrize(
    "args, message",
    [
        (("M.1.5", "aurvoll", "2025-T4", 0.05), "tertial T4 finnes ikke (T1–T3)"),
        (("M.1.5", "aurvoll", "2025-T2", 0.05), "perioden 2025-T2 er per tertial, men «M.1.5» måles per måned"),
        (("M.1.5", "aurvoll", "2025-03", float("nan")), "verdien er ikke et endelig tall (NaN) for «M.1.5»"),
        (("M.1.5", "aurvoll", "2025-03", float("inf")), "verdien er ikke et endelig tall (inf) for «M.1.5»"),
        (("M.1.5", "aurvoll", "2025-03", 2.5), "verdien 250,0 % er utenfor gyldig område 0,0 %–100,0 % for «M.1.5»"),
        (("M.1.5", "oppvekst", "2025-03", 0.05), "«oppvekst» er en sektor; verdier registreres på tjenesteenhetene og summeres opp"),
        (
            ("M.1.8", "aurvoll", "2025-03", 0.05),
            "«M.1.8» beregnes fra andre indikatorer og kan ikke registreres; registrer tallene den beregnes fra",
        ),
        (("M.1.5", "aurvol", "2025-03", 0.05), "ukjent enhet «aurvol» — mente du «aurvoll»?"),
    ],
)
def test_bad_values_are_refused_with_their_place(model, args, message):
    s = styring.Store(model)
    with pytest.raises(styring.ValidationError) as e:
        s.record(*args)
    entry = f"{args[0]}/{args[1]}/{args[2]}"
    assert [(p.entry, p.message) for p in e.value.problems] == [(entry, message)]
    assert str(e.value) == f"1 feil i verdiene; ingenting ble lagret:\n{entry}: {message}"
    assert len(s) == 0


@pytest.mark.parametrize(
    "args",
    [
        (None, "aurvoll", "2025-03", 0.05),
        ("M.1.5", None, "2025-03", 0.05),
        ("M.1.5", "aurvoll", None, 0.05),
        ("M.1.5", "aurvoll", "2025-03", None),
        ("M.1.5", "aurvoll", "2025-03", "5 %"),
        ("M.1.5", "aurvoll", "2025-03", 0.05, 17),
    ],
)
def test_wrong_types_in_record_are_type_errors(model, args):
    s = styring.Store(model)
    with pytest.raises(TypeError):
        s.record(*args)
    assert len(s) == 0


@pytest.mark.parametrize(
    "call",
    [
        lambda m, s: styring.Model.from_toml(None),
        lambda m, s: styring.Model.load(None),
        lambda m, s: m.unit(None),
        lambda m, s: m.indicator(None),
        lambda m, s: m.set_computed(None, None),
        lambda m, s: styring.Rule.script(None),
        lambda m, s: styring.set_language(None),
        lambda m, s: styring.Store(model="model"),
        lambda m, s: styring.Store.open(None),
        lambda m, s: styring.Store.open(":memory:", actor=17),
        lambda m, s: s.history(None, "aurvoll"),
        lambda m, s: s.history("M.1.5", None),
        lambda m, s: s.lock_period(None, "x"),
        lambda m, s: s.reopen_period("2025-T1", None),
    ],
    ids=[
        "from_toml", "load", "unit", "indicator", "set_computed", "script", "set_language", "Store-model",
        "open-path", "open-actor", "history-indicator", "history-unit", "lock", "reopen",
    ],
)
def test_none_where_text_is_expected_is_a_type_error(model, call):
    s = styring.Store(model)
    with pytest.raises(TypeError):
        call(model, s)


@pytest.mark.parametrize("paths", [None, [None], ["a.xlsx", 5]])
def test_import_of_no_files_says_what_it_needs(testby_store, paths):
    with pytest.raises(styring.ValidationError) as e:
        testby_store.import_xlsx(paths)
    assert str(e.value) == "paths må være en fil eller en liste av filer"
    assert len(testby_store) == 8


def test_a_store_without_a_model_says_what_to_do(model):
    s = styring.Store()
    with pytest.raises(styring.StyringError) as e:
        s.record("M.1.5", "aurvoll", "2025-03", 0.04)
    assert str(e.value) == (
        "lageret har ingen modell å kontrollere verdiene mot: lag det med Store(model), eller gi model=…"
    )
    assert s.model is None and len(s) == 0
    s.record("M.1.5", "aurvoll", "2025-03", 0.04, model=model)
    s.model = model
    assert s.model is model and len(s) == 1


def test_record_frame_pandas_and_polars_all_or_nothing(model):
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    s = styring.Store(model)
    good = pd.DataFrame(
        {
            "indicator": ["M.1.5", "M.1.6"],
            "unit": ["aurvoll", "aurvoll"],
            "period": ["2025-03", "2025-03"],
            "value": [0.04, 0.05],
            "comment": ["ok", None],
        }
    )
    assert repr(s.record_frame(good)) == "RecordSummary(new=2, changed=0, unchanged=0)"
    assert [(r.value, r.comment) for r in s.history("M.1.5", "aurvoll")] == [(0.04, "ok")]
    assert [(r.value, r.comment) for r in s.history("M.1.6", "aurvoll")] == [(0.05, None)]
    same = pl.DataFrame(
        {
            "indicator": ["M.1.5", "M.1.6"],
            "unit": ["aurvoll", "aurvoll"],
            "period": ["2025-03", "2025-03"],
            "value": [0.04, 0.05],
            "comment": ["ok", None],
        }
    )
    assert repr(s.record_frame(same)) == "RecordSummary(new=0, changed=0, unchanged=2)"
    bad = pd.DataFrame(
        {
            "indicator": ["M.1.5", "M.1.5", 5],
            "unit": ["aurvoll", "solvang", "aurvoll"],
            "period": ["2025-04", "2025-13", "2025-04"],
            "value": [0.04, 0.05, 0.06],
        }
    )
    with pytest.raises(styring.ValidationError) as e:
        s.record_frame(bad)
    assert [p.entry for p in e.value.problems] == ["iloc[2]"]
    assert "indicator: 5 er ikke" in str(e.value)
    bad2 = bad.iloc[:2]
    with pytest.raises(styring.ValidationError) as e:
        s.record_frame(bad2)
    assert [p.entry for p in e.value.problems] == ["iloc[1]"]
    assert "måned 13 finnes ikke (1–12)" in e.value.problems[0].message
    assert len(s) == 2, "nothing from a bad frame is stored"
    with pytest.raises(styring.ValidationError, match="mangler kolonnen"):
        s.record_frame(pd.DataFrame({"indicator": ["M.1.5"]}))
    with pytest.raises(TypeError) as e:
        s.record_frame([1, 2, 3])
    assert str(e.value) == (
        "record_frame() needs a pandas or polars DataFrame (or a dict of columns) "
        "with columns indicator, unit, period, value[, comment], not list"
    )
    with pytest.raises(styring.ValidationError, match="ikke et endelig tall"):
        s.record_frame(
            {"indicator": ["M.1.5"], "unit": ["aurvoll"], "period": ["2025-05"], "value": [float("nan")]}
        )


def test_store_to_pandas_has_one_row_per_value_with_provenance(testby, testby_store):
    pd = pytest.importorskip("pandas")
    df = testby_store.to_pandas()
    assert list(df.columns) == [
        "indicator", "unit", "period", "start", "value", "comment",
        "recorded_at", "source", "file", "sheet", "cell", "batch",
    ]
    got = sorted(
        (str(r.indicator), str(r.unit), str(r.period), r.value, None if pd.isna(r.comment) else r.comment)
        for r in df.itertuples()
    )
    assert got == sorted(TESTBY_VALUES)
    may = df[(df.indicator == "SF") & (df.unit == "a") & (df.period == "2025-05")].iloc[0]
    assert str(may.start.date()) == "2025-05-01"
    assert (may.source, may.batch) == ("python", 4), "the fourth value recorded"
    assert pd.isna(may.file) and pd.isna(may.cell)
    assert str(may.recorded_at.tz) == "UTC"


def test_store_frames_round_trip(model, store):
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    df = store.to_pandas()
    assert len(df) == len(store)
    one = df[(df.indicator == "M.1.5") & (df.unit == "aurvoll") & (df.period == "2025-03")]
    assert one.value.tolist() == [r.value for r in store.history("M.1.5", "aurvoll") if r.current and r.period == "2025-03"]
    # Into a fresh store and back out: the same values.
    fresh = styring.Store(model)
    fresh.record_frame(df[["indicator", "unit", "period", "value", "comment"]].astype(object).where(df.notna(), None))
    again = fresh.to_pandas()
    key = ["indicator", "unit", "period"]
    a = df[key + ["value"]].astype({"indicator": str, "unit": str, "period": str}).sort_values(key).reset_index(drop=True)
    b = again[key + ["value"]].astype({"indicator": str, "unit": str, "period": str}).sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)
    p = store.to_polars()
    assert p.height == len(df)
    assert p.filter((pl.col("indicator") == "M.1.5") & (pl.col("unit") == "aurvoll") & (pl.col("period") == "2025-03"))[
        "value"
    ].to_list() == one.value.tolist()
    fresh2 = styring.Store(model)
    fresh2.record_frame(p.select(["indicator", "unit", "period", "value", "comment"]))
    assert len(fresh2) == len(store)


def test_missing_pandas_is_named(monkeypatch, store):
    import builtins

    real = builtins.__import__

    def no_pandas(name, *args, **kwargs):
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("no pandas here")
        return real(name, *args, **kwargs)

    import importlib
    import sys

    monkeypatch.delitem(sys.modules, "pandas", raising=False)
    monkeypatch.setattr(importlib, "import_module", lambda n: no_pandas(n))
    with pytest.raises(ModuleNotFoundError) as e:
        store.to_pandas()
    assert str(e.value) == (
        "Store.to_pandas() needs the package 'pandas', which is not installed; install it with: pip install pandas"
    )


def test_store_files_and_pickling(tmp_path: Path, testby, testby_store):
    path = tmp_path / "store.sqlite"
    testby_store.save(path)
    opened = styring.Store.open(path, testby)
    assert opened.path == str(path)
    assert repr(opened) == f'Store("{path}", 8 values)'
    assert [(r.period, r.value) for r in opened.history("SF", "a")] == [("2025-04", 0.06), ("2025-05", 0.053)]
    copy = pickle.loads(pickle.dumps(testby_store))
    assert copy.model is not None and copy.path == ":memory:"
    assert [(r.period, r.value, r.comment) for r in copy.history("SF", "a")] == [
        ("2025-04", 0.06, None),
        ("2025-05", 0.053, "To langtidssykemeldte"),
    ]
    assert styring.scorecard(testby, copy, "a", "2025-05").counts[:2] == [("green", 1), ("yellow", 1)]
    mcopy = pickle.loads(pickle.dumps(testby))
    assert mcopy.to_toml() == testby.to_toml()
    again = styring.Store.from_bytes(testby_store.to_bytes(), testby)
    assert len(again) == 8 and again.history("BA", "b")[-1].value == -0.004


def test_a_file_that_is_not_a_store_is_named(tmp_path: Path):
    junk = tmp_path / "junk.sqlite"
    junk.write_text("not a database")
    with pytest.raises(styring.StyringError) as e:
        styring.Store.open(junk)
    assert str(e.value).startswith(f"lageret {junk}: ")
    with pytest.raises(styring.StyringError) as e:
        styring.Store.from_bytes(b"garbage")
    assert str(e.value).startswith("lageret <bytes>: ")


def sql(path: Path, query: str) -> list:
    """Rows of `query` on the SQLite file at `path`, read by another process.

    Not in this process: two copies of SQLite (Python's and the one in
    styring) in one process do not see each other's file locks."""
    program = (
        "import json, sqlite3, sys\n"
        "db = sqlite3.connect(f'file:{sys.argv[1]}?mode=ro', uri=True)\n"
        "print(json.dumps(db.execute(sys.argv[2]).fetchall()))\n"
    )
    done = subprocess.run([sys.executable, "-c", program, str(path), query], capture_output=True, text=True, check=True)
    return [tuple(r) for r in json.loads(done.stdout)]


def test_the_actor_is_recorded_on_batches_and_locks(tmp_path: Path, testby):
    path = tmp_path / "store.sqlite"
    s = styring.Store.open(path, testby, actor="kari")
    s.record("SF", "a", "2025-05", 0.053)
    s.lock_period("2025-T2", "rapportert")
    # Revision has no actor attribute; read what was stored.
    assert sql(path, "SELECT actor, source FROM batches") == [("kari", "python")]
    assert sql(path, "SELECT period, action, actor FROM lock_events") == [("2025-T2", "lock", "kari")]
    other = styring.Store.open(path, testby, actor="  per  ")
    other.reopen_period("2025-T2", "retting")
    assert sql(path, "SELECT action, actor FROM lock_events ORDER BY id") == [("lock", "kari"), ("reopen", "per")]


@pytest.mark.parametrize(
    "actor, message",
    [
        ("", "«» kan ikke være en aktør (et navn på 1–200 tegn uten linjeskift)"),
        ("kari\nper", "«kari\\nper» kan ikke være en aktør (et navn på 1–200 tegn uten linjeskift)"),
        ("x" * 201, f"«{'x' * 201}» kan ikke være en aktør (et navn på 1–200 tegn uten linjeskift)"),
    ],
)
def test_a_bad_actor_is_refused(tmp_path: Path, testby, actor, message):
    with pytest.raises(styring.ValidationError) as e:
        styring.Store.open(tmp_path / "s.sqlite", testby, actor=actor)
    assert str(e.value) == message


@pytest.mark.parametrize(
    "wait, message",
    [
        (-1.0, "wait: -1 er ikke et antall sekunder mellom 0 og 86400"),
        (float("nan"), "wait: NaN er ikke et antall sekunder mellom 0 og 86400"),
        (100000.0, "wait: 100000 er ikke et antall sekunder mellom 0 og 86400"),
    ],
)
def test_a_bad_wait_is_refused(tmp_path: Path, testby, wait, message):
    with pytest.raises(styring.ValidationError) as e:
        styring.Store.open(tmp_path / "s.sqlite", testby, wait=wait)
    assert str(e.value) == message


def test_a_write_waits_for_another_writer_then_says_so(tmp_path: Path, testby):
    path = tmp_path / "store.sqlite"
    s = styring.Store.open(path, testby, wait=1.0)
    s.record("SF", "a", "2025-04", 0.06)
    # Another program starts writing and holds on until told to stop.
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "db.execute('BEGIN IMMEDIATE')\n"
            "print('writing', flush=True)\n"
            "sys.stdin.read()\n"
            "db.execute('ROLLBACK')\n",
            str(path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline() == "writing\n"
        started = time.monotonic()
        with pytest.raises(styring.StyringError) as e:
            s.record("SF", "a", "2025-05", 0.053)
        assert time.monotonic() - started >= 0.9, "it waited"
        assert str(e.value) == (
            f"et annet program skriver til lageret {path}; ventet 1,0 s — "
            "prøv igjen når det er ferdig, eller vent lenger (Store.open(…, wait=SEKUNDER))"
        )
    finally:
        writer.communicate("", timeout=30)
    assert s.record("SF", "a", "2025-05", 0.053).new == 1
    assert len(s) == 2


def test_locks(model):
    s = styring.Store.example(model)
    with pytest.raises(styring.ValidationError) as e:
        s.record("M.1.5", "aurvoll", "2025-03", 0.01)
    assert e.value.problems[0].entry == "M.1.5/aurvoll/2025-03"
    assert "perioden 2025-T1 er låst (rapportert " in e.value.problems[0].message
    with pytest.raises(styring.ValidationError) as e:
        s.reopen_period("2025-T1", "")
    assert str(e.value) == "oppgi en begrunnelse for å gjenåpne 2025-T1"
    s.reopen_period("2025-T1", "retting av feil")
    assert s.record("M.1.5", "aurvoll", "2025-03", 0.01).changed == 1
    with pytest.raises(styring.ValidationError) as e:
        s.reopen_period("2025-T1", "igjen")
    assert str(e.value) == "perioden 2025-T1 er ikke låst"
    s.lock_period("2025-T1", "rapportert på nytt")
    with pytest.raises(styring.ValidationError) as e:
        s.lock_period("2025-T1", "to ganger")
    assert str(e.value) == "perioden 2025-T1 er allerede låst"
    with pytest.raises(styring.ValidationError) as e:
        s.lock_period("2025-T9", "x")
    assert str(e.value) == "tertial T9 finnes ikke (T1–T3)"


def test_a_locked_period_names_the_value_once(model):
    s = styring.Store.example(model)
    with pytest.raises(styring.ValidationError) as e:
        s.record("M.1.5", "aurvoll", "2025-03", 0.01)
    assert e.value.problems[0].message.startswith("perioden 2025-T1 er låst (rapportert ")


# --- scripts -----------------------------------------------------------------


def test_script_rules_and_errors_show_as_statuses(model, store):
    m = styring.Model.from_toml(model.to_toml())
    m.set_rule("M.1.5", styring.Rule.script('if value == () { no_data() } else { yellow("alltid gul") }'))
    row = styring.scorecard(m, store, "aurvoll", PERIOD).row("M.1.5")
    assert (row.status, row.reason) == ("yellow", "alltid gul")
    m.set_rule("M.1.5", styring.Rule.script("loop { }"))
    row = styring.scorecard(m, store, "aurvoll", PERIOD).row("M.1.5")
    assert row.status == "error" and row.reason.startswith("regelfeil: ") and "for mange operasjoner" in row.reason


# --- workbooks ---------------------------------------------------------------


def test_a_template_holds_the_units_indicators_and_imports_back(tmp_path: Path, testby, testby_store):
    path = tmp_path / "a.xlsx"
    # Testby has two indicators, neither computed; both apply to A skole.
    assert styring.write_template(testby, "a", 2025, path, store=testby_store) == 2
    fresh = styring.Store(testby)
    dry = fresh.import_xlsx([path], dry_run=True)
    # A skole's four values in the store were filled in.
    assert (dry.dry_run, dry.values, dry.new, len(fresh)) == (True, 4, 0, 0)
    assert repr(dry) == "ImportSummary(1 file, values=4, new=0, changed=0, unchanged=0, dry_run=True)"
    summary = fresh.import_xlsx([path])
    assert repr(summary) == "ImportSummary(1 file, values=4, new=4, changed=0, unchanged=0)"
    (f,) = summary.files
    assert (f.file, f.shape, f.values, f.new) == ("a.xlsx", "template", 4, 4)
    assert repr(f) == 'FileImport("a.xlsx", values=4, new=4, changed=0, unchanged=0)'
    assert [(r.period, r.value) for r in fresh.history("SF", "a")] == [("2025-04", 0.06), ("2025-05", 0.053)]
    assert [(r.period, r.value) for r in fresh.history("BA", "a")] == [("2025-04", 0.02), ("2025-05", 0.008)]
    r = fresh.history("SF", "a")[-1]
    # Sources are named as in core's BatchInfo: import, demo, python …
    assert (r.source, r.file) == ("import", "a.xlsx") and r.sheet and r.cell
    # Again, as a list of str or one path: nothing new.
    assert fresh.import_xlsx([str(path)]).unchanged == 4
    assert fresh.import_xlsx(path).unchanged == 4


def test_the_older_import_form_still_works_and_warns(tmp_path: Path, testby, testby_store):
    path = tmp_path / "a.xlsx"
    styring.write_template(testby, "a", 2025, path, store=testby_store)
    fresh = styring.Store(testby)
    with pytest.warns(DeprecationWarning) as w:
        assert fresh.import_xlsx(testby, path).new == 4
    assert [str(x.message) for x in w] == [
        "store.import_xlsx(model, paths) is deprecated: the store knows its model; call store.import_xlsx(paths)"
    ]
    with pytest.warns(DeprecationWarning), pytest.raises(styring.ValidationError) as e:
        fresh.import_xlsx(testby)
    assert str(e.value) == "import_xlsx mangler filene som skal leses"


def test_import_needs_a_model_and_files(tmp_path: Path, testby, testby_store):
    path = tmp_path / "a.xlsx"
    styring.write_template(testby, "a", 2025, path, store=testby_store)
    loose = styring.Store()
    with pytest.raises(styring.StyringError) as e:
        loose.import_xlsx([path])
    assert str(e.value) == "lageret har ingen modell å kontrollere verdiene mot: lag det med Store(model), eller gi model=…"
    assert loose.import_xlsx([path], model=testby).new == 4
    with pytest.raises(styring.ValidationError) as e:
        testby_store.import_xlsx(5)
    assert str(e.value) == "paths må være en fil eller en liste av filer"


def test_a_long_table_imports_with_its_shape(tmp_path: Path, testby):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["Enhet", "Indikator", "Periode", "Verdi", "Kommentar"])
    ws.append(["b", "SF", "2025-04", 0.05, None])
    ws.append(["B skole", "SF", "mai 2025", "4,5 %", "Færre sykemeldte"])
    path = tmp_path / "tabell.xlsx"
    wb.save(path)
    s = styring.Store(testby)
    (f,) = s.import_xlsx([path]).files
    assert (f.shape, f.values, f.new) == ("long_table", 2, 2)
    assert [(r.period, r.value, r.comment, r.sheet, r.cell) for r in s.history("SF", "b")] == [
        ("2025-04", 0.05, None, "Data", "D2"),
        ("2025-05", 0.045, "Færre sykemeldte", "Data", "D3"),
    ]


def test_templates_for_sectors_unknown_units_and_years_are_refused(tmp_path: Path, model, testby):
    with pytest.raises(styring.ValidationError) as e:
        styring.write_template(testby, "oppvekst", 2025, tmp_path / "t.xlsx")
    assert str(e.value) == "«oppvekst» (Oppvekst) er en sektor; velg en av tjenesteenhetene i den"
    with pytest.raises(styring.ValidationError) as e:
        styring.write_template(model, "aurvol", 2025, tmp_path / "t.xlsx")
    assert str(e.value) == "ukjent enhet «aurvol» — mente du «aurvoll»?"
    with pytest.raises(styring.ValidationError) as e:
        styring.write_template(model, "aurvoll", 3025, tmp_path / "t.xlsx")
    assert str(e.value) == "året 3025 er utenfor 1900–2200"
    assert not (tmp_path / "t.xlsx").exists()


@pytest.mark.filterwarnings("ignore:Sparkline Group extension is not supported")
def test_the_scorecard_workbook_has_a_sheet_per_unit(tmp_path: Path, testby, testby_store):
    path = tmp_path / "kort.xlsx"
    sheets = styring.export_xlsx(testby, testby_store, path, "2025-05")
    # The overview, the municipality, each service unit (not sectors), the legend.
    assert sheets == ["Oversikt", "Testby kommune", "A skole", "B skole", "Tegnforklaring"]
    assert path.read_bytes()[:2] == b"PK"
    en = styring.export_xlsx(testby, testby_store, tmp_path / "card.xlsx", "2025-05", language="en")
    assert en == ["Overview", "Testby kommune", "A skole", "B skole", "Legend"]
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == sheets
    numbers = [c.value for row in wb["A skole"].iter_rows() for c in row if isinstance(c.value, float)]
    assert 0.053 in numbers and 0.008 in numbers
    with pytest.raises(styring.ValidationError) as e:
        styring.export_xlsx(testby, testby_store, tmp_path / "x.xlsx", "2025-05", language="sv")
    assert str(e.value) == 'language må være "nb" eller "en", ikke "sv"'


def test_bad_workbooks_raise_with_file_sheet_and_cell(tmp_path: Path, model):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["Enhet", "Indikator", "Periode", "Verdi"])
    ws.append(["aurvoll", "M.1.5", "2025-03", 0.04])
    ws.append(["aurvoll", "M.1.5", "2025-04", "mye"])
    path = tmp_path / "tabell.xlsx"
    wb.save(path)
    s = styring.Store(model)
    with pytest.raises(styring.WorkbookImportError) as e:
        s.import_xlsx([path])
    p = e.value.problems[0]
    assert (p.file, p.sheet, p.cell) == ("tabell.xlsx", "Data", "D3")
    assert "«mye» er ikke et tall" in p.message
    assert str(e.value).startswith("1 feil; ingenting ble importert:\ntabell.xlsx: Data!D3: ")
    assert isinstance(e.value, ValueError) and len(s) == 0
    (tmp_path / "not.xlsx").write_text("hello")
    with pytest.raises(styring.WorkbookImportError) as e:
        s.import_xlsx([tmp_path / "not.xlsx"])
    assert e.value.problems[0].file == "not.xlsx"
    with pytest.raises(styring.WorkbookImportError) as e:
        s.import_xlsx([tmp_path / "missing.xlsx"])
    assert e.value.problems[0].file == "missing.xlsx"
    assert "finnes ikke" in str(e.value)


# --- threads -----------------------------------------------------------------


def test_the_gil_is_released_during_evaluation(model, store):
    """Another Python thread keeps running while scorecards are computed."""
    ticks = []
    done = threading.Event()

    def ticker():
        while not done.is_set():
            ticks.append(1)
            done.wait(0.001)

    t = threading.Thread(target=ticker)
    t.start()
    try:
        for _ in range(3):
            styring.evaluate(model, store, PERIOD)
    finally:
        done.set()
        t.join()
    assert len(ticks) > 3


def test_threads_evaluating_at_once_get_the_same_records(model, store):
    alone = styring.evaluate(model, store, PERIOD)
    # Every service unit's rows, every sector's and the municipality's.
    assert len(alone) == sum(
        len(styring.scorecard(model, store, u.id, PERIOD)) for u in model.units
    ) + len(styring.scorecard(model, store, "all", PERIOD))
    results = []

    def work():
        results.append(styring.evaluate(model, store, PERIOD))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(results) == 4
    assert all(r == alone for r in results)


def test_reprs_are_short_and_deterministic(model, store):
    assert repr(model.unit("aurvoll")) == 'Unit("aurvoll", "Aurvoll skole")'
    assert repr(model.indicator("M.1.5")) == 'Indicator("M.1.5", "Sykefravær korttid")'
    assert repr(model.perspectives[0]) == 'Perspective("okonomi", "Økonomi")'
    assert repr(model.goals[0]) == (
        'Goal("KP.1", "Øyer kommune skal være en attraktiv arbeidsgiver med et nærværende og utviklende arbeidsmiljø")'
    )
    assert repr(styring.Store(model)) == 'Store(":memory:", 0 values)'
    card = styring.scorecard(model, store, "aurvoll", PERIOD)
    assert all(len(repr(x)) < 200 for x in [model, store, card, *card.rows, *card.sections])


# --- damaged files -------------------------------------------------------------

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures"


@pytest.mark.parametrize(
    "name",
    [
        "damaged/" + p.name
        for p in sorted((FIXTURES / "damaged").glob("*.xls"))
        if "far_away" not in p.name  # that one is a limit, not damage
    ][:6]
    + ["fuzz/ods_table_without_end_tag.ods", "fuzz/xls_fat_chain_loop.xls"],
)
def test_a_damaged_workbook_is_an_exception_never_a_dead_interpreter(model, name):
    s = styring.Store(model)
    with pytest.raises(styring.WorkbookImportError) as e:
        s.import_xlsx([FIXTURES / name])
    (p,) = e.value.problems
    file = name.split("/")[-1]
    assert (p.file, p.kind) == (file, "damaged")
    assert p.message.startswith("filen er skadet eller ikke en arbeidsbok vi kan lese")
    assert len(s) == 0
