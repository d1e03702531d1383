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


KOSTRA_MODEL = """
[[indicators]]
code = "O.2.9"
name = "Netto driftsresultat i prosent"
focus_area = "O.2"
measure = "number"
decimals = 1
direction = "higher_is_better"
frequency = "year"
kostra = { table = "12134", contents = "NDR" }

[kostra]
region = "3440"
group = "EKG01"
compare = ["3441"]
"""

MERGED = {
    "version": "2.0", "class": "dataset", "label": "12134: Nøkkeltall (eksempeldata)",
    "id": ["Region", "ContentsCode", "Tid"], "size": [3, 1, 1],
    "role": {"geo": ["Region"], "time": ["Tid"], "metric": ["ContentsCode"]},
    "dimension": {
        "Region": {"category": {"index": ["3440", "3441", "EKG01"]}},
        "ContentsCode": {"category": {"index": ["NDR"]}},
        "Tid": {"category": {"index": ["2024"]}},
    },
    "value": [2.0, 3.0, 1.6],
}


def test_figures_stored_and_compared(tmp_path: Path):
    # The example's own [kostra] section is its last; this one replaces it.
    base = styring.Model.example().to_toml()
    model = styring.Model.from_toml(base[: base.index("\n[kostra]") + 1] + KOSTRA_MODEL)
    store = styring.Store(model)
    path = tmp_path / "12134.json"
    path.write_text(json.dumps(MERGED), encoding="utf-8")
    got = styring.import_kostra(model, store, [path])
    assert (got["new"], got["changed"], got["unchanged"]) == (3, 0, 0)
    assert got["files"] == [{"file": "12134.json", "table": "12134", "values": 3}]
    assert styring.import_kostra(model, store, [path])["unchanged"] == 3
    values = {r["region"]: r["value"] for r in styring.kostra_values(store)}
    assert values == {"3440": 2.0, "3441": 3.0, "EKG01": 1.6}
    report = styring.kostra_comparison(model, store, 2024, indicator="O.2.9")
    pytest.importorskip("pandas")
    row = report.sections[0].to_pandas().iloc[0]
    assert (row["own"], row["kostra_group"], row["region_3441"]) == (2.0, 1.6, 3.0)
    # Higher is better: Gausdal's 3,0 beats Øyer's 2,0 — 2nd of 2; Øyer is
    # (2,0 − 1,6) / 1,6 = 25 % above the group.
    assert row["rank"] == "2 av 2"
    assert row["against_group"] == "25,0 % over snittet i KOSTRA-gruppen (EKG01)"
    with pytest.raises(styring.ValidationError) as e:
        styring.kostra_comparison(model, store, 2024, indicator="O.2.99")
    assert "mente du «O.2.9»" in str(e.value)
    bad = tmp_path / "feil.json"
    bad.write_text(json.dumps(MERGED).replace('"NDR"]', '"NDRX"]'), encoding="utf-8")
    with pytest.raises(styring.ValidationError):
        styring.import_kostra(model, store, [bad])
    assert len(styring.kostra_values(store)) == 3
