"""Benefit plans from a notebook: a plan's workbook read in (and again,
changing nothing), its benefits as records and a DataFrame with each status
worked out by hand, values recorded and taken from an indicator over all the
plan's units, the plan as a report, and every bad input with its message."""
from pathlib import Path

import pytest

import styring

HEAD = ["Gevinst", "Type", "Måleenhet", "Nullpunkt", "Nullpunktsdato", "Forventet", "Frist", "Indikator", "Mål", "Tiltak", "Effekt"]


def plan(path: Path, rows: list, units: str = "hjemmebaserte, institusjon") -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    facts = wb.active
    facts.title = "Prosjekt"
    for row in [["Id", "P-1"], ["Prosjekt", "Velferdsteknologi"], ["Eier", "kommunalsjef"], ["Enheter", units], ["Type", "drift"]]:
        facts.append(row)
    sheet = wb.create_sheet("Gevinster")
    sheet.append(HEAD)
    for r in rows:
        sheet.append(r)
    wb.save(path)
    return path


ROWS = [
    ["Færre km", "kvalitet", "km per uke", 1000, "2025-01-01", 600, "2025", None, "TP.3", "Skjermtilsyn", "Færre besøk"],
    ["Spart tid", "økonomisk", None, 0, "2025-01-01", 400000, "2025", None, "KP.3", "Skjermtilsyn", "Færre besøk"],
    # Lost days of work (M.1.9, summed over the units), from 100 to 60.
    ["Færre tapte dagsverk", "kvalitet", "dagsverk", 100, "2025-01-01", 60, "2025", "M.1.9", "", "Skjermtilsyn", "Mindre belastning"],
]


def test_a_plan_in_its_benefits_and_their_values(tmp_path: Path):
    model = styring.Model.example()
    store = styring.Store(model)
    path = plan(tmp_path / "plan.xlsx", ROWS)
    record, warnings = styring.import_benefit_plan(model, store, path)
    assert (record["id"], record["version"], record["benefits"]) == ("P-1", 1, 3)
    assert record["units"] == ["hjemmebaserte", "institusjon"]
    # The benefit that serves no goal is stored, and listed.
    assert [w.kind for w in warnings] == ["missing"]
    assert "Færre tapte dagsverk" in warnings[0].entry
    again, _ = styring.import_benefit_plan(model, store, path)
    assert again["version"] is None
    styring.record_benefit_value(store, "P-1", "Færre km", "2025-T2", 700)
    styring.record_benefit_value(store, "P-1", "Spart tid", "2025-T2", 100000)
    # In May, 50 + 30 lost days in the two units: 80, halfway from 100 to 60.
    store.record("M.1.9", "hjemmebaserte", "2025-05", 50)
    store.record("M.1.9", "institusjon", "2025-05", 30)
    rows = {b["benefit"]: b for b in styring.benefits(model, store, today="2025-09-01")}
    km, tid, dager = rows["Færre km"], rows["Spart tid"], rows["Færre tapte dagsverk"]
    # 1 000 → 700 of the way to 600: 75 %; on 1 September 243 of the 364
    # days from 1 January to 31 December (67 %) have gone: on track. 100 000 of 400 000 (25 %): behind.
    assert (km["progress"], km["status"]) == (0.75, "on_track")
    assert km["time_passed"] == pytest.approx(243 / 364)
    assert (tid["progress"], tid["status"]) == (0.25, "behind")
    assert (dager["latest_period"], dager["latest_value"], dager["progress"]) == ("2025-05", 80.0, 0.5)
    assert dager["status"] == "behind"
    assert km["reason"].startswith("75 % av gevinsten er realisert (700 i 2025-T2")
    assert dager["goals"] == [] and km["goals"] == ["TP.3"]
    values = styring.benefit_values(model, store, "P-1")
    assert [(v["benefit"], v["period"], v["value"], v["source"]) for v in values] == [
        ("Færre km", "2025-T2", 700.0, "recorded"),
        ("Spart tid", "2025-T2", 100000.0, "recorded"),
        ("Færre tapte dagsverk", "2025-05", 80.0, "indicator"),
    ]
    [p] = styring.benefit_plans(model, store, today="2025-09-01")
    assert (p["id"], p["status"], p["benefits"]) == ("P-1", "behind", 3)
    report = styring.benefit_report(model, store, "P-1", today="2025-09-01")
    assert "Velferdsteknologi" in report.title
    assert "Skjermtilsyn" in report._repr_html_()
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(styring.benefits(model, store, "P-1", today="2025-09-01"))
    assert list(frame["status"]) == ["on_track", "behind", "behind"]


def test_bad_plans_and_values_say_what_is_wrong(tmp_path: Path):
    model = styring.Model.example()
    store = styring.Store(model)
    bad = [["Færre km", "kvalitet", "km", "mye", "2025-01-01", 600, "2025", None, "TP.3", "T", "E"]]
    with pytest.raises(styring.WorkbookImportError) as e:
        styring.import_benefit_plan(model, store, plan(tmp_path / "feil.xlsx", bad))
    [p] = e.value.problems
    assert (p.sheet, p.cell, p.kind) == ("Gevinster", "D2", "not_a_number")
    assert "«mye» er ikke et tall (Nullpunkt)" in p.message
    no_base = [["Færre km", "kvalitet", "km", None, "2025-01-01", 600, "2025", None, "TP.3", "T", "E"]]
    with pytest.raises(styring.WorkbookImportError) as e:
        styring.import_benefit_plan(model, store, plan(tmp_path / "uten.xlsx", no_base))
    assert "mangler nullpunkt" in str(e.value)
    with pytest.raises(styring.ValidationError) as e:
        styring.import_benefit_plan(model, store, plan(tmp_path / "enhet.xlsx", ROWS, units="hjemmebasert"))
    assert "mente du «hjemmebaserte»" in str(e.value)
    assert styring.benefit_plans(model, store) == []
    styring.import_benefit_plan(model, store, plan(tmp_path / "plan.xlsx", ROWS))
    with pytest.raises(styring.ValidationError) as e:
        styring.record_benefit_value(store, "P-1", "Færre kn", "2025-T2", 700)
    assert "ukjent gevinst «Færre kn» — mente du «Færre km»?" in str(e.value)
    with pytest.raises(styring.ValidationError) as e:
        styring.record_benefit_value(store, "P-1", "Trygghet", "2025-T2", 70)
    assert "ukjent gevinst «Trygghet»; det finnes: «Færre km», «Spart tid», «Færre tapte dagsverk»" in str(e.value)
    with pytest.raises(styring.ValidationError) as e:
        styring.record_benefit_value(store, "P-2", "Færre km", "2025-T2", 700)
    assert "mente du «P-1»" in str(e.value)
    with pytest.raises(styring.ValidationError):
        styring.record_benefit_value(store, "P-1", "Færre km", "2025-T2", float("nan"))
    with pytest.raises(TypeError):
        styring.record_benefit_value(store, "P-1", "Færre km", "2025-T2", None)
    with pytest.raises(styring.ValidationError) as e:
        styring.benefit_report(model, store, "P-1", today="1. september")
    assert str(e.value).startswith("today:")
    assert styring.benefit_values(model, store) == []
