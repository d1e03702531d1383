"""The Python package, end to end: every public name, every exception
path, DataFrame round trips, pickling and threads."""

from __future__ import annotations

import pickle
import threading
from pathlib import Path

import pytest

import styring

PERIOD = "2025-T2"


@pytest.fixture(scope="module")
def model() -> styring.Model:
    return styring.Model.example()


@pytest.fixture(scope="module")
def store(model: styring.Model) -> styring.Store:
    return styring.Store.example(model)


@pytest.fixture(autouse=True)
def norwegian():
    styring.set_language("nb")
    yield
    styring.set_language("nb")


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
    assert "unknown indicator" in str(e.value)
    assert e.value.problems[0].message == e.value.problems[0].message_en
    styring.set_language("nb")
    assert styring.get_language() == "nb"


# --- model -------------------------------------------------------------------


def test_model_parts(model):
    assert repr(model) == 'Model("Øyer kommune", 13 units, 33 indicators)'
    assert model.name == "Øyer kommune"
    aurvoll = model.unit("aurvoll")
    assert (aurvoll.id, aurvoll.name, aurvoll.is_sector) == ("aurvoll", "Aurvoll skole", False)
    assert aurvoll.parent == "oppvekst" and aurvoll.fte > 0
    assert [u.id for u in model.units if u.is_sector] == ["oppvekst", "helse_omsorg"]
    m15 = model.indicator("M.1.5")
    assert (m15.code, m15.name, m15.direction, m15.measure, m15.frequency) == (
        "M.1.5",
        "Sykefravær korttid",
        "lower_is_better",
        "percent",
        "month",
    )
    assert m15.perspective == "medarbeidere" and m15.focus_area == "M.1"
    assert m15.rule.kind == "tolerance" and m15.computed is None
    assert "v(\"M.1.9\")" in model.indicator("M.1.8").computed
    assert [p.id for p in model.perspectives] == ["okonomi", "tjenestekvalitet", "medarbeidere"]
    assert any(f.cross_cutting for f in model.focus_areas)
    kp = [g for g in model.goals if g.level == "kommuneplan"]
    assert kp and all(g.parent is None for g in kp)
    assert any("O.1.1" in g.indicators for g in kp)
    assert model.check() == []


def test_unknown_names_suggest(model):
    with pytest.raises(styring.ValidationError) as e:
        model.unit("aurvol")
    assert str(e.value) == "ukjent enhet «aurvol» — mente du «aurvoll»?"
    with pytest.raises(styring.ValidationError, match="mente du «M.1.5»"):
        model.indicator("M.15")


def test_model_file_round_trip_and_errors(tmp_path: Path, model):
    path = tmp_path / "model.toml"
    model.save(path)
    again = styring.Model.load(path)
    assert again.to_toml() == model.to_toml()
    assert styring.Model.from_toml(model.to_toml()).to_toml() == model.to_toml()
    with pytest.raises(FileNotFoundError):
        styring.Model.load(tmp_path / "missing.toml")
    bad = model.to_toml().replace('focus_area = "M.1"', 'focus_area = "M.9"', 1)
    with pytest.raises(styring.ModelError) as e:
        styring.Model.from_toml(bad, "bad.toml")
    p = e.value.problems[0]
    assert p.entry and p.entry.startswith("indicators[") and "M.9" in p.message
    with pytest.raises(styring.ModelError) as e:
        styring.Model.from_toml("this is [not toml", "broken.toml")
    assert e.value.problems[0].file == "broken.toml"
    with pytest.raises(TypeError):
        styring.Model.load(None)


def test_rules(model):
    m = styring.Model.from_toml(model.to_toml())
    r = styring.Rule.tolerance(absolute=0.005)
    assert repr(r) == "Rule.tolerance(absolute=0.005)" and r.kind == "tolerance"
    assert styring.Rule.tolerance(relative=0.1).kind == "tolerance"
    assert styring.Rule.range(absolute=0.01).kind == "range"
    assert repr(styring.Rule.bands(3.8, 4.0)) == "Rule.bands(yellow=3.8, green=4.0)"
    assert r == styring.Rule.tolerance(absolute=0.005)
    with pytest.raises(styring.ValidationError, match="enten absolute eller relative"):
        styring.Rule.tolerance(absolute=0.1, relative=0.1)
    with pytest.raises(styring.ValidationError):
        styring.Rule.tolerance(absolute=float("nan"))
    with pytest.raises(styring.ValidationError):
        styring.Rule.bands(float("inf"), 1.0)
    with pytest.raises(styring.ScriptError) as e:
        styring.Rule.script("if value < { green() }")
    assert "1:" in str(e.value) and "syntaksfeil" in str(e.value)
    with pytest.raises(styring.ModelError):
        m.set_rule("M.1.1", styring.Rule.bands(yellow=4.0, green=3.8))
    with pytest.raises(styring.ValidationError):
        m.set_rule("X.1", r)
    with pytest.raises(TypeError):
        m.set_rule("M.1.5", "tolerance")
    m.set_rule("M.1.5", styring.Rule.script('if value == () { no_data() } else { yellow("alltid gul") }'))
    assert m.indicator("M.1.5").rule.kind == "script"


def test_computed_indicators(model):
    m = styring.Model.from_toml(model.to_toml())
    s = styring.Store.example(m)
    m.set_computed("M.1.5", 'let x = v("M.1.6"); if x == () { () } else { x / 2.0 }')
    row5 = styring.scorecard(m, s, "aurvoll", PERIOD).row("M.1.5")
    row6 = styring.scorecard(m, s, "aurvoll", PERIOD).row("M.1.6")
    assert row5.computed_by == "<inline computed M.1.5>"
    assert row5.value == pytest.approx(row6.value / 2)
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
    assert (r.new, r.changed, r.unchanged) == (1, 0, 0)
    r = s.record("M.1.5", "aurvoll", "mars 2025", 0.043)
    assert (r.new, r.changed, r.unchanged) == (0, 1, 0)
    assert s.record("M.1.5", "aurvoll", "2025-03", 0.043).unchanged == 1
    h = s.history("M.1.5", "aurvoll")
    assert [(x.period, x.value, x.current) for x in h] == [
        ("2025-03", 0.041, False),
        ("2025-03", 0.043, True),
    ]
    assert h[0].comment == "Færre korttidsfravær" and h[0].source == "python"
    assert len(s) == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (("M.1.5", "aurvoll", "2025-T4", 0.05), "T4 finnes ikke"),
        (("M.1.5", "aurvoll", "2025-T2", 0.05), "perioden 2025-T2 er per tertial"),
        (("M.1.5", "aurvoll", "2025-03", float("nan")), "ikke et endelig tall"),
        (("M.1.5", "aurvoll", "2025-03", float("inf")), "ikke et endelig tall"),
        (("M.1.5", "aurvoll", "2025-03", 2.5), "utenfor gyldig område"),
        (("M.1.5", "oppvekst", "2025-03", 0.05), "er en sektor"),
        (("M.1.8", "aurvoll", "2025-03", 0.05), "beregnes fra andre indikatorer"),
        (("M.1.5", "aurvol", "2025-03", 0.05), "mente du «aurvoll»"),
    ],
)
def test_bad_values_are_refused_with_their_place(model, args, message):
    s = styring.Store(model)
    with pytest.raises(styring.ValidationError) as e:
        s.record(*args)
    assert message in str(e.value)
    assert e.value.problems[0].entry == f"{args[0]}/{args[1]}/{args[2]}"
    assert len(s) == 0


def test_wrong_types_are_type_errors(model):
    s = styring.Store(model)
    for args in [
        (None, "aurvoll", "2025-03", 0.05),
        ("M.1.5", None, "2025-03", 0.05),
        ("M.1.5", "aurvoll", None, 0.05),
        ("M.1.5", "aurvoll", "2025-03", None),
        ("M.1.5", "aurvoll", "2025-03", "5 %"),
    ]:
        with pytest.raises(TypeError):
            s.record(*args)
    with pytest.raises(TypeError):
        styring.scorecard(model, None, "aurvoll", PERIOD)
    with pytest.raises(TypeError):
        styring.Store(model="model")


def test_a_store_without_a_model_says_what_to_do(model):
    s = styring.Store()
    with pytest.raises(styring.StyringError, match="Store\\(model\\)"):
        s.record("M.1.5", "aurvoll", "2025-03", 0.04)
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
    assert s.record_frame(good).new == 2
    same = pl.DataFrame(
        {
            "indicator": ["M.1.5", "M.1.6"],
            "unit": ["aurvoll", "aurvoll"],
            "period": ["2025-03", "2025-03"],
            "value": [0.04, 0.05],
            "comment": ["ok", None],
        }
    )
    assert s.record_frame(same).unchanged == 2
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
    assert len(s) == 2, "nothing from a bad frame is stored"
    with pytest.raises(styring.ValidationError, match="mangler kolonnen"):
        s.record_frame(pd.DataFrame({"indicator": ["M.1.5"]}))
    with pytest.raises(TypeError, match="pandas or polars"):
        s.record_frame([1, 2, 3])
    with pytest.raises(styring.ValidationError, match="ikke et endelig tall"):
        s.record_frame(
            {"indicator": ["M.1.5"], "unit": ["aurvoll"], "period": ["2025-05"], "value": [float("nan")]}
        )


def test_store_frames_round_trip(model, store):
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    df = store.to_pandas()
    assert len(df) == len(store)
    assert list(df.columns) == [
        "indicator", "unit", "period", "start", "value", "comment",
        "recorded_at", "source", "file", "sheet", "cell", "batch",
    ]
    one = df[(df.indicator == "M.1.5") & (df.unit == "aurvoll") & (df.period == "2025-03")]
    assert len(one) == 1
    assert str(one.start.iloc[0].date()) == "2025-03-01"
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
    assert p.filter(pl.col("indicator") == "M.1.5")["value"].sum() == pytest.approx(
        df[df.indicator == "M.1.5"].value.sum()
    )
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
    with pytest.raises(ModuleNotFoundError, match="pip install pandas"):
        store.to_pandas()


def test_store_files_and_pickling(tmp_path: Path, model, store):
    path = tmp_path / "store.sqlite"
    store.save(path)
    opened = styring.Store.open(path, model)
    assert len(opened) == len(store) and opened.path.endswith("store.sqlite")
    copy = pickle.loads(pickle.dumps(store))
    assert len(copy) == len(store) and copy.model is not None
    assert styring.scorecard(model, copy, "aurvoll", PERIOD).counts == styring.scorecard(
        model, store, "aurvoll", PERIOD
    ).counts
    mcopy = pickle.loads(pickle.dumps(model))
    assert mcopy.to_toml() == model.to_toml()
    (tmp_path / "junk.sqlite").write_text("not a database")
    with pytest.raises(styring.StyringError):
        styring.Store.open(tmp_path / "junk.sqlite")
    with pytest.raises(styring.StyringError, match="not an SQLite store"):
        styring.Store.from_bytes(b"garbage")


def test_locks(model):
    s = styring.Store.example(model)
    with pytest.raises(styring.ValidationError, match="låst"):
        s.record("M.1.5", "aurvoll", "2025-03", 0.01)
    with pytest.raises(styring.ValidationError):
        s.reopen_period("2025-T1", "")
    s.reopen_period("2025-T1", "retting av feil")
    assert s.record("M.1.5", "aurvoll", "2025-03", 0.01).changed == 1
    s.lock_period("2025-T1", "rapportert på nytt")
    with pytest.raises(styring.ValidationError):
        s.lock_period("2025-T9", "x")


# --- scorecards --------------------------------------------------------------


def test_scorecard(model, store):
    card = styring.scorecard(model, store, "aurvoll", PERIOD)
    assert card.unit == "aurvoll" and card.unit_name == "Aurvoll skole" and card.period == PERIOD
    assert repr(card).startswith('Scorecard("aurvoll", "2025-T2", 20 rows')
    assert len(card) == len(card.rows) == 20
    statuses = {r.status for r in card.rows}
    assert statuses <= {"green", "yellow", "red", "no_data", "error"}
    assert "error" not in statuses
    row = card.row("M.1.5")
    assert row.indicator == "M.1.5" and row.name == "Sykefravær korttid"
    assert row.perspective == "medarbeidere"
    assert row.value is not None and row.target == pytest.approx(0.05, abs=0.05)
    assert row.reason and row.trend in {"improving", "worsening", "stable", "unknown"}
    assert row.history[-1][0] == PERIOD and len(row.history) == 5
    assert card.row("X") is None
    assert dict(card.counts)["green"] == sum(r.status == "green" for r in card.rows)
    html = card._repr_html_()
    assert "Aurvoll skole" in html and "Medarbeidere" in html and "#C6EFCE" in html
    assert html.index("Økonomi") < html.index("Tjenestekvalitet") < html.index("Medarbeidere")


def test_scorecard_matches_the_command_engine(model, store):
    """The municipality's numbers are the published roll-up's numbers."""
    card = styring.scorecard(model, store, "all", PERIOD)
    assert card.unit_name == "Øyer kommune"
    ev = [r for r in styring.evaluate(model, store, PERIOD) if r["level"] == "municipality"]
    by = {r["indicator"]: r for r in ev}
    for row in card.rows:
        assert by[row.indicator]["value"] == row.value
        assert by[row.indicator]["status"] == row.status
    sector = styring.scorecard(model, store, "oppvekst", PERIOD)
    assert sector.unit_name == "Oppvekst"


def test_scorecard_frames(model, store):
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    card = styring.scorecard(model, store, "aurvoll", PERIOD)
    df = card.to_pandas()
    assert list(df.indicator) == [r.indicator for r in card.rows]
    assert set(df.status) <= {"green", "yellow", "red", "no_data"}
    assert card.to_polars().height == len(card.rows)
    assert card.rows[0].to_dict()["indicator"] == card.rows[0].indicator
    assert isinstance(df, pd.DataFrame) and isinstance(card.to_polars(), pl.DataFrame)


def test_scorecard_bad_input(model, store):
    with pytest.raises(styring.ValidationError, match="T4 finnes ikke"):
        styring.scorecard(model, store, "aurvoll", "2025-T4")
    with pytest.raises(styring.ValidationError, match="mente du «aurvoll»"):
        styring.scorecard(model, store, "aurvol", PERIOD)
    with pytest.raises(styring.ValidationError, match="er ikke en dato"):
        styring.scorecard(model, store, "aurvoll", PERIOD, as_of="i går")
    past = styring.scorecard(model, store, "aurvoll", PERIOD, as_of="2020-01-01")
    assert all(r.value is None for r in past.rows)
    reported = styring.scorecard(model, store, "aurvoll", "2025-T1", as_reported="2025-T1")
    assert reported.rows


def test_overview_and_evaluate(model, store):
    pd = pytest.importorskip("pandas")
    o = styring.overview(model, store, PERIOD)
    assert len(o.indicators) == len(model.indicators)
    assert repr(o) == f'Overview("2025-T2", {len(o.units)} units × {len(o.indicators)} indicators)'
    assert "aurvoll" in o.units and "all" in o.units
    assert o.status("aurvoll", "M.1.5") in {"green", "yellow", "red", "no_data"}
    m = o.to_pandas()
    assert m.loc["aurvoll", "M.1.5"] == o.status("aurvoll", "M.1.5")
    v = o.to_pandas("value")
    assert v.loc["aurvoll", "M.1.5"] == pytest.approx(styring.scorecard(model, store, "aurvoll", PERIOD).row("M.1.5").value)
    assert o.to_polars().height == len(o.units)
    with pytest.raises(ValueError):
        o.to_pandas("colour")
    assert "<table" in o._repr_html_()
    records = styring.evaluate(model, store, PERIOD)
    df = pd.DataFrame(records)
    assert {"unit", "indicator", "status", "value", "level"} <= set(df.columns)
    assert set(df.level) == {"unit", "sector", "municipality"}
    assert len(df[df.level == "unit"]) == sum(
        len(styring.scorecard(model, store, u.id, PERIOD)) for u in model.units if not u.is_sector
    )


def test_script_rules_and_errors_show_as_statuses(model, store):
    m = styring.Model.from_toml(model.to_toml())
    m.set_rule("M.1.5", styring.Rule.script('if value == () { no_data() } else { yellow("alltid gul") }'))
    row = styring.scorecard(m, store, "aurvoll", PERIOD).row("M.1.5")
    assert (row.status, row.reason) == ("yellow", "alltid gul")
    m.set_rule("M.1.5", styring.Rule.script("loop { }"))
    row = styring.scorecard(m, store, "aurvoll", PERIOD).row("M.1.5")
    assert row.status == "error" and "for mange operasjoner" in row.reason


# --- workbooks ---------------------------------------------------------------


def test_templates_import_and_export(tmp_path: Path, model, store):
    paths = []
    for u in [u for u in model.units if not u.is_sector][:3]:
        p = tmp_path / f"{u.id}.xlsx"
        assert styring.write_template(model, u.id, 2025, p, store=store) > 0
        paths.append(p)
    fresh = styring.Store(model)
    dry = fresh.import_xlsx(paths, dry_run=True)
    assert dry.dry_run and dry.values > 0 and len(fresh) == 0
    summary = fresh.import_xlsx(paths)
    assert len(summary) == 3 and summary.new == summary.values > 0
    assert summary.files[0].shape == "template"
    assert fresh.import_xlsx([str(p) for p in paths]).unchanged == summary.values
    assert fresh.import_xlsx(paths[0]).unchanged > 0
    # The older form, with the model first, still works and says so.
    with pytest.warns(DeprecationWarning, match="the store knows its model"):
        assert fresh.import_xlsx(model, paths[0]).unchanged > 0
    with pytest.raises(styring.StyringError, match="ingen modell"):
        styring.Store().import_xlsx(paths)
    sheets = styring.export_xlsx(model, store, tmp_path / "kort.xlsx", PERIOD)
    assert (tmp_path / "kort.xlsx").read_bytes()[:2] == b"PK" and len(sheets) > 3
    en = styring.export_xlsx(model, store, tmp_path / "card.xlsx", PERIOD, language="en")
    assert en != sheets
    with pytest.raises(styring.ValidationError):
        styring.export_xlsx(model, store, tmp_path / "x.xlsx", PERIOD, language="sv")
    with pytest.raises(styring.ValidationError, match="mente du"):
        styring.write_template(model, "aurvol", 2025, tmp_path / "t.xlsx")
    with pytest.raises(styring.ValidationError, match="1900–2200"):
        styring.write_template(model, "aurvoll", 3025, tmp_path / "t.xlsx")


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

    results = []

    def work():
        results.append(len(styring.evaluate(model, store, PERIOD)))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(set(results)) == 1 and results[0] > 0


def test_reprs_are_short_and_deterministic(model, store):
    card = styring.scorecard(model, store, "aurvoll", PERIOD)
    assert repr(card.rows[0]) == repr(styring.scorecard(model, store, "aurvoll", PERIOD).rows[0])
    assert repr(model.unit("aurvoll")) == 'Unit("aurvoll", "Aurvoll skole")'
    assert repr(model.indicator("M.1.5")) == 'Indicator("M.1.5", "Sykefravær korttid")'
    row = card.row("M.1.5")
    assert repr(row) == f'Row("M.1.5", "Sykefravær korttid", value={row.value!r}, status="{row.status}")'
    assert all(len(repr(x)) < 200 for x in [model, store, card, card.rows[0]])
