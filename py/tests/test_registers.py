"""The registers from a notebook: a quality system's export of deviations
imported (and again, changing nothing), as a DataFrame, registered and
moved by hand, every bad row with its cell; whistleblowing as records
without texts or identities."""
from pathlib import Path

import pytest

import styring

HEADER = ["Avviksnr", "Enhet", "Kategori", "Beskrivelse", "Registrert", "Konsekvens", "Sannsynlighet", "Status", "Mottatt", "Lukket"]


def export(path: Path, rows: list) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Avvik"
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


ROWS = [
    ["Q-1", "Aurvoll skole", "hms", "Elev falt i trappa", "2025-03-04 10:15", 2, 2, "lukket", "2025-03-05 08:00", "2025-03-20 14:30"],
    ["Q-2", "solvang", "annet", "Brannalarm uten grunn", "02.06.2025 13:00", 3, 3, "mottatt", "2025-06-02 15:00", None],
]


def test_an_export_in_and_again(tmp_path: Path):
    model = styring.Model.example()
    store = styring.Store(model)
    path = export(tmp_path / "avvik.xlsx", ROWS)
    assert styring.import_deviations(model, store, [path]) == {"new": 2, "extended": 0, "new_steps": 0, "unchanged": 0}
    assert styring.import_deviations(model, store, [path]) == {"new": 0, "extended": 0, "new_steps": 0, "unchanged": 2}
    records = {r["id"]: r for r in styring.deviations(model, store)}
    q1 = records["Q-1"]
    # 10:15 in Oslo in March is 09:15 UTC; closed at 14:30 16 days later:
    # 16 days and 4¼ hours.
    assert q1["registered"] == "2025-03-04T09:15:00.000000Z"
    assert q1["state"] == "lukket" and q1["closed_in_time"] is True
    assert q1["days_to_close"] == pytest.approx(16 + 4.25 / 24)
    assert (q1["risk_score"], q1["risk_level"]) == (4, "lav")
    assert records["Q-2"]["state"] == "mottatt" and records["Q-2"]["closed"] is None
    assert "reporter" not in q1
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(styring.deviations(model, store))
    assert list(frame.sort_values("id")["unit"]) == ["aurvoll", "solvang"]
    report = styring.deviations_report(model, store, "2025")
    assert [s.title for s in report.sections] == ["Avvik", "Per enhet"]


def test_a_bad_export_raises_with_every_cell_and_stores_nothing(tmp_path: Path):
    model = styring.Model.example()
    store = styring.Store(model)
    bad = [
        ["Q-1", "Aurvol skole", "hms", "x", "2025-03-04 10:15", 2, 2, "registrert", None, None],
        ["Q-2", "aurvoll", "hms", "x", "2025-03-04 10:15", 2, "høy", "registrert", None, None],
    ]
    with pytest.raises(styring.WorkbookImportError) as e:
        styring.import_deviations(model, store, [export(tmp_path / "feil.xlsx", bad)])
    cells = [(p.sheet, p.cell, p.kind) for p in e.value.problems]
    assert cells == [("Avvik", "B2", "unknown_unit"), ("Avvik", "G3", "not_a_number")]
    assert "mente du «Aurvoll skole»" in str(e.value)
    assert styring.deviations(model, store) == []


def test_registered_and_moved_by_hand():
    model = styring.Model.example()
    store = styring.Store(model)
    d = styring.add_deviation(model, store, "aurvoll", "HMS", "Glatt trapp", 4, 3, at="2025-05-05T09:00:00Z")
    # 4 × 3 = 12 is high: seven days.
    assert (d["id"], d["risk_level"], d["deadline"]) == ("AV-1", "høy", "2025-05-12T09:00:00.000000Z")
    assert d["handler"] is None
    d = styring.move_deviation(model, store, "AV-1", "mottatt", at="2025-05-05T10:00:00Z")
    assert d["state"] == "mottatt"
    card = styring.deviation(model, store, "AV-1")
    assert [s.title for s in card.sections] == ["Avviket", "Behandling", "Tiltak"]
    with pytest.raises(styring.ValidationError) as e:
        styring.deviation(model, store, "AV-2")
    assert "mente du «AV-1»" in str(e.value)
    with pytest.raises(styring.ValidationError) as e:
        styring.move_deviation(model, store, "AV-1", "lukket", at="2025-05-06T10:00:00Z")
    assert "kan bare gå til «under behandling», ikke til «lukket»" in str(e.value)
    with pytest.raises(styring.ValidationError) as e:
        styring.add_deviation(model, store, "aurvoll", "HMS", "x", 0, 3)
    assert "konsekvens 0 er utenfor skalaen 1–5" in str(e.value)
    # A pickled store keeps its register.
    import pickle

    copy = pickle.loads(pickle.dumps(store))
    assert [r["state"] for r in styring.deviations(model, copy)] == ["mottatt"]


def test_whistleblowing_records_hold_no_texts():
    model = styring.Model.example()
    store = styring.Store(model)
    assert styring.whistleblowing_cases(model, store) == []
    assert styring.access_log(store) == []
    report = styring.whistleblowing(model, store, "2025")
    assert [s.title for s in report.sections] == ["Saker", "Per kanal"]


# A receiver's public key (its private half was never kept: this test only
# seals).
RECIPIENT = "age12q6ln05ksp2eftsrtakfgpvahyckrzu03lw6pyvx3ae95km85ytsnahkt4"
CANARY = "Kanarifugl P9Z4 Varslersen"


def test_the_canary_name_is_in_no_python_output(tmp_path: Path):
    model = styring.Model.from_toml(
        styring.Model.example().to_toml() + f'\n[whistleblowing]\nrecipient = "{RECIPIENT}"\n', "model.toml"
    )
    store = styring.Store.example(model)
    case = styring.add_case(
        model, store, "employee", "Økonomisk mislighold", "Fakturaer attestert uten leveranse",
        unit="aurvoll", reporter_name=CANARY, reporter_contact="p9z4@example.no", at="2025-05-02T08:00:00Z",
    )
    assert (case["id"], case["anonymous"], case["channel"]) == ("VS-1", False, "employee")
    anonymous = styring.add_case(model, store, "citizen", "Anskaffelser", "Uten konkurranse", at="2025-06-02T08:00:00Z")
    assert anonymous["anonymous"] is True
    import pickle

    pd = pytest.importorskip("pandas")
    outputs = [
        repr(store),
        repr(styring.whistleblowing_cases(model, store)),
        pd.DataFrame(styring.whistleblowing_cases(model, store)).to_string(),
        styring.whistleblowing(model, store, "2025")._repr_html_(),
        repr(styring.whistleblowing(model, store, "2025")),
        repr([s.to_pandas() for s in styring.whistleblowing(model, store, "2025").sections]),
        repr(styring.access_log(store)),
        styring.scorecard(model, store, "aurvoll", "2025-T2")._repr_html_(),
        styring.overview(model, store, "2025-T2")._repr_html_(),
        store.to_pandas().to_string(),
    ]
    for text in outputs:
        assert CANARY not in text and "p9z4@example.no" not in text
    blobs = [pickle.dumps(store), store.to_bytes()]
    store.save(tmp_path / "lager.sqlite")
    blobs += [p.read_bytes() for p in tmp_path.iterdir()]
    for b in blobs:
        assert CANARY.encode() not in b and b"p9z4@example.no" not in b
    # The search finds what is there: the case's own description is kept.
    assert any(b"Fakturaer attestert" in b for b in blobs)
    # Without a receiver's key in the model, a named report is refused.
    with pytest.raises(styring.ValidationError) as e:
        styring.add_case(styring.Model.example(), store, "employee", "S", "D", reporter_name="N")
    assert "modellen har ingen offentlig nøkkel for varsling" in str(e.value)
