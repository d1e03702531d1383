"""The economy from a notebook: a plan in, its balance, accounts in, the
economy table with numbers worked out by hand, a forecast, the statement
as a report — and the ledger's indicators on the scorecard."""
from pathlib import Path

import pytest

import styring


def book(path: Path, sheets: dict) -> Path:
    """A workbook of `sheets` (name → rows), as a finance department or an
    accounting system would write it (openpyxl is a test dependency)."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


YEARS = ["Linje", 2025, 2026, 2027, 2028]


def small_plan(tmp_path: Path, id: str = "liten", tax_2026: float = 0.0) -> Path:
    return book(
        tmp_path / f"{id}.xlsx",
        {
            "Bevilgningsoversikt": [
                YEARS,
                ["Rammetilskudd", -1200, -1200, -1200, -1200],
                ["Skatt", 0, tax_2026, 0, 0],
                ["Tekniske tjenester", 1200, 1200, 1200, 1200],
            ],
            "Rammer": [["Enhet", 2025, 2026, 2027, 2028], ["tekniske", 1200, 1200, 1200, 1200]],
            "Versjon": [["Id", id], ["Type", "vedtatt"], ["Vedtak", "KST-sak 1/25"], ["Dato", "2024-12-12"]],
        },
    )


def accounts(tmp_path: Path, rows: list, name: str = "regnskap.xlsx") -> Path:
    return book(tmp_path / name, {"Regnskap": [["Enhet", "Periode", "Regnskap"], *rows]})


@pytest.fixture
def model():
    return styring.Model.example()


def test_a_plan_its_accounts_and_the_economy_worked_out_by_hand(tmp_path, model):
    store = styring.Store(model)
    version, problems = styring.import_budget(model, store, small_plan(tmp_path))
    assert (version["id"], version["kind"], version["first_year"]) == ("liten", "adopted", 2025)
    assert problems == []
    assert [v["id"] for v in styring.plan_versions(store)] == ["liten"]
    # 115 a month for four months against 1 200 a year spread linearly:
    # 400 to date, 460 booked, 60 over — 15 %, red.
    rows = [["tekniske", f"2025-0{m}", 115] for m in range(1, 5)]
    r = styring.import_accounts(model, store, [accounts(tmp_path, rows)], sign="expenses-positive")
    assert (r["new"], r["changed"], r["unchanged"], r["warnings"]) == (4, 0, 0, [])
    lines = styring.accounts(store)
    assert [(x["unit"], x["month"], x["amount"], x["cell"]) for x in lines][:2] == [
        ("tekniske", "2025-01", 115.0, "C2"),
        ("tekniske", "2025-02", 115.0, "C3"),
    ]
    assert lines[0]["file"] == "regnskap.xlsx" and lines[0]["sheet"] == "Regnskap"
    eco = styring.economy(model, store, "2025-T1")
    assert (eco.period, eco.version) == ("2025-T1", "liten")
    t = next(x for x in eco.records() if x["unit"] == "tekniske")
    assert (t["frame"], t["budget_to_date"], t["accounts_to_date"], t["deviation"]) == (1200, 400, 460, 60)
    assert t["deviation_pct"] == 0.15
    assert (t["forecast_mechanical"], t["forecast_entered"], t["status"]) == (60, None, "red")
    styring.set_forecast(model, store, "Tekniske tjenester", "2025-T1", -25.0, "Mild vinter")
    t = styring.economy(model, store, "2025-T1").records()[0]
    assert (t["forecast_entered"], t["forecast_comment"]) == (-25.0, "Mild vinter")
    assert "Tekniske tjenester" in eco._repr_html_()


def test_an_unbalanced_plan_is_stored_and_its_gap_is_said(tmp_path, model):
    store = styring.Store(model)
    _, problems = styring.import_budget(model, store, small_plan(tmp_path, "ubalanse", tax_2026=1250))
    assert [(p.kind, p.message_nb) for p in problems] == [
        ("unbalanced", "ikke i balanse: 1 250 kr merforbruk blir fremført til inndekning i senere år; dekk det med innsparinger, økte inntekter eller bruk av fond")
    ]
    assert [p.message_nb for p in styring.check_budget(model, store)] == [problems[0].message_nb]
    report = styring.budget(model, store)
    # The workbook names no title: the plan's years make it, and it says
    # it is a plan already, so there is no prefix.
    assert report.title == "Økonomiplan 2025–2028"
    statement = report.sections[1]
    texts = {row[0]: row[1:] for row in statement.texts()}
    assert texts["Netto driftsresultat"][1] == "1 250 kr"
    assert texts["Fremført til inndekning i senere år (merforbruk)"][1] == "1 250 kr"


def test_bad_accounts_raise_with_their_cells_and_store_nothing(tmp_path, model):
    store = styring.Store(model)
    styring.import_budget(model, store, small_plan(tmp_path))
    bad = accounts(tmp_path, [["Aurvol skole", "2025-01", 10], ["tekniske", "2025-02", "tolv"]])
    with pytest.raises(styring.WorkbookImportError) as e:
        styring.import_accounts(model, store, [bad], sign="expenses-positive")
    assert [(p.kind, p.cell) for p in e.value.problems] == [("unknown_unit", "A2"), ("not_a_number", "C3")]
    with pytest.raises(styring.WorkbookImportError) as e:
        styring.import_accounts(model, store, [accounts(tmp_path, [["tekniske", "2025-01", 1]], "b.xlsx")])
    assert "fortegnet er ikke oppgitt" in e.value.problems[0].message_nb
    with pytest.raises(styring.ValidationError):
        styring.import_accounts(model, store, [bad], sign="both")
    assert styring.economy(model, store, "2025-T1").records()[0]["accounts_to_date"] == 0


def test_the_examples_scorecard_shows_no_light_on_amounts_without_a_target():
    model = styring.Model.example()
    store = styring.Store.example(model)
    card = styring.scorecard(model, store, "aurvoll", "2025-T2")
    assert card.row("O.1.1").status in ("green", "yellow", "red")
    for code in ["O.1.3", "O.1.4", "O.1.5", "O.1.6", "O.1.7"]:
        row = card.row(code)
        assert row.value is not None and row.status is None, code
    # The example store holds the economy too.
    assert [v["id"] for v in styring.plan_versions(store)] == ["forslag-2025", "vedtatt-2025", "alt-sp-2025", "reg-t1-2025"]
    eco = styring.economy(model, store, "2025-T2")
    assert eco.version == "reg-t1-2025"
    assert len(eco) == 14
