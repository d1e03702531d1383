"""SSB's tables in a notebook: a saved JSON-stat file read cell by cell into
a DataFrame, and a bad one refused with its JSON path."""
import json
from pathlib import Path

import pytest

import styring

TABLE = {
    "version": "2.0", "class": "dataset", "label": "Netto driftsresultat (eksempeldata)",
    "id": ["Region", "Tid"], "size": [2, 2], "role": {"geo": ["Region"], "time": ["Tid"]},
    "dimension": {
        "Region": {"label": "region", "category": {"index": ["3440", "3441"], "label": {"3440": "Øyer", "3441": "Gausdal"}}},
        "Tid": {"label": "år", "category": {"index": {"2024": 1, "2023": 0}}},
    },
    "value": [1.5, 2.25, None, -0.5], "status": {"2": ":"},
}


def test_a_table_as_records_and_a_frame(tmp_path: Path):
    path = tmp_path / "t.json"
    path.write_text(json.dumps(TABLE), encoding="utf-8")
    records = styring.read_kostra(path)
    assert [(r["Region"], r["Tid"], r["value"], r["status"]) for r in records] == [
        ("3440", "2023", 1.5, None),
        ("3440", "2024", 2.25, None),
        ("3441", "2023", None, ":"),
        ("3441", "2024", -0.5, None),
    ]
    assert records[2]["Region_label"] == "Gausdal"
    assert records[2]["status_text"] == "vises ikke av hensyn til personvernet"
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(records)
    assert frame.pivot(index="Region", columns="Tid", values="value").loc["3440", "2024"] == 2.25


def test_a_bad_table_raises_with_its_path(tmp_path: Path):
    bad = dict(TABLE, size=[2, 3])
    path = tmp_path / "t.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(styring.ValidationError) as e:
        styring.read_kostra(path)
    assert [p.entry for p in e.value.problems] == ["$.size[1]", "$.value"]
    assert "size sier 3 for «Tid», men dimensjonen har 2 kategorier" in str(e.value)
    with pytest.raises(FileNotFoundError):
        styring.read_kostra(tmp_path / "finnes-ikke.json")
    with pytest.raises(styring.ValidationError):
        styring.read_kostra(path, encoding="ebcdic")
    with pytest.raises(TypeError):
        styring.read_kostra(None)
