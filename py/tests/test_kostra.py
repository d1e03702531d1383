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


# A stand-in for SSB's PxWebApi v2 on 127.0.0.1, written here apart
# from the Rust one: a cell is worth its region's base, plus 1 000 per
# child in kindergarten, plus 10 for 2024; Øyer's old code 0521 has «.».
BASE = {"3440": 100_000, "0521": 90_000, "EKG01": 110_000, "EAK": 105_000, "3441": 95_000, "3439": 120_000}
CONTENTS = ["KOSkorrbrutto0000", "KOSkorrbarnehage0000"]
YEARS = ["2023", "2024"]


def _jsonstat(regions, contents, years, values=True):
    cat = lambda codes: {"index": {c: i for i, c in enumerate(codes)}, "label": {c: c for c in codes}}
    out = {
        "version": "2.0", "class": "dataset", "label": "12134: Grunnskole - nøkkeltall (K)",
        "updated": "2026-03-15T08:00:00Z",
        "id": ["Region", "ContentsCode", "Tid"], "size": [len(regions), len(contents), len(years)],
        "role": {"geo": ["Region"], "time": ["Tid"], "metric": ["ContentsCode"]},
        "dimension": {"Region": {"category": cat(regions)}, "ContentsCode": {"category": cat(contents)},
                      "Tid": {"category": cat(years)}},
    }
    if values:
        vals, status = [], {}
        for r in regions:
            for c in contents:
                for y in years:
                    if r == "0521":
                        status[str(len(vals))] = "."
                        vals.append(None)
                    else:
                        vals.append(BASE[r] + (1000 if c == "KOSkorrbarnehage0000" else 0) + (10 if y == "2024" else 0))
        out["value"], out["status"] = vals, status
    return out


@pytest.fixture
def ssb():
    import threading
    import time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from urllib.parse import parse_qs, urlsplit

    state = {"asked": [], "busy": 0, "hang": False}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send(self, code, body, kind="application/json", extra=()):
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            for k, v in extra:
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            url = urlsplit(self.path)
            q = parse_qs(url.query)
            state["asked"].append(self.path)
            path = url.path.removeprefix("/api/v2")
            if path == "/config":
                return self.send(200, {"maxDataCells": 1000, "maxCallsPerTimeWindow": 30, "timeWindow": 10,
                                       "defaultLanguage": "no", "languages": [{"id": "no", "label": "Norsk"}]})
            if path == "/tables":
                page = int(q.get("pageNumber", ["1"])[0])
                tables = [{"id": "12134", "label": "Grunnskole"}, {"id": "12362", "label": "Barnehager"}]
                return self.send(200, {"language": "no", "tables": [tables[page - 1]],
                                       "page": {"pageNumber": page, "pageSize": 1, "totalElements": 2, "totalPages": 2}})
            if path == "/tables/12134":
                return self.send(200, {"id": "12134", "label": "Grunnskole", "updated": "2026-03-15T08:00:00Z"})
            if path == "/tables/12134/metadata":
                return self.send(200, _jsonstat(list(BASE), CONTENTS, YEARS, values=False))
            if path == "/tables/12134/data":
                if state["hang"]:
                    time.sleep(5)
                    return
                if state["busy"] > 0:
                    state["busy"] -= 1
                    return self.send(429, {"title": "Too Many Requests"}, "application/problem+json", [("Retry-After", "1")])
                pick = lambda var, codes: [c for c in q[f"valueCodes[{var}]"][0].split(",")] if f"valueCodes[{var}]" in q else codes
                years = YEARS if q["valueCodes[Tid]"][0] == "*" else pick("Tid", YEARS)
                return self.send(200, _jsonstat(pick("Region", list(BASE)), pick("ContentsCode", CONTENTS), years))
            return self.send(404, {"title": "Not Found", "detail": "no such table"}, "application/problem+json")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state["url"] = f"http://127.0.0.1:{server.server_address[1]}/api/v2"
    yield state
    server.shutdown()


def test_fetch_the_models_figures_and_compare(ssb, tmp_path: Path):
    model = styring.Model.example()
    store = styring.Store(model)
    got = styring.fetch_kostra(model, store, base_url=ssb["url"], cache=tmp_path / "cache")
    # Two indicators × five regions (0521 merged into 3440) × two years.
    assert (got["new"], got["changed"], got["unchanged"]) == (20, 0, 0)
    [table] = got["tables"]
    assert (table["table"], table["values"], len(table["calls"])) == ("12134", 20, 1)
    assert table["calls"][0]["from_cache"] is False
    data = [a for a in ssb["asked"] if "/data?" in a]
    assert "valueCodes[Region]=3440,0521,EKG01,EAK,3441,3439" in data[0].replace("%2C", ",")
    values = {(r["indicator"], r["region"], r["year"]): r["value"] for r in styring.kostra_values(store)}
    assert values[("O.2.1", "3440", 2024)] == 100_010
    assert values[("O.2.2", "EKG01", 2023)] == 111_000
    assert len(values) == 20
    row = styring.kostra_comparison(model, store, 2024, indicator="O.2.1").sections[0].records()[0]
    assert (row["own"], row["kostra_group"], row["region_3439"]) == (100_010, 110_010, 120_010)
    # On the municipality's scorecard: SSB's figure, against the group.
    # O.2.2's rule is kostra_group: (101 010 − 111 010) / 111 010 = 9,0 % under.
    row = styring.scorecard(model, store, "kommune", "2025-T2").row("O.2.2")
    assert (row.value, row.value_period, row.from_kostra, row.status) == (101_010, "2024", True, "green")
    assert row.reason == "101 010 kr er 9,0 % under snittet i EKG01"
    assert row.breaks == []
    # Again: from the cache, nothing new.
    again = styring.fetch_kostra(model, store, base_url=ssb["url"], cache=tmp_path / "cache")
    assert again["tables"][0]["calls"][0]["from_cache"] is True
    assert again["unchanged"] == 20
    assert len([a for a in ssb["asked"] if "/data?" in a]) == 1
    assert [t["id"] for t in styring.kostra_tables(base_url=ssb["url"])] == ["12134", "12362"]


def test_fetch_errors_raise_and_store_nothing(ssb):
    model = styring.Model.example()
    store = styring.Store(model)
    ssb["busy"] = 1
    got = styring.fetch_kostra(model, store, base_url=ssb["url"], years="2024", region="3440")
    assert got["new"] == 2
    with pytest.raises(styring.ValidationError) as e:
        styring.fetch_kostra(model, store, base_url=ssb["url"], region="3340")
    assert "ukjent kode «3340» — mente du «3440»?" in str(e.value)
    with pytest.raises(styring.ValidationError):
        styring.fetch_kostra(model, store, base_url=ssb["url"], years="tjue")
    with pytest.raises(styring.StyringError) as e:
        styring.fetch_kostra(model, store, base_url=ssb["url"], table=["99999"])
    assert "HTTP 404 — Not Found: no such table" in str(e.value)
    with pytest.raises(ConnectionError):
        styring.fetch_kostra(model, store, base_url="http://127.0.0.1:1/api/v2")
    ssb["hang"] = True
    with pytest.raises(TimeoutError) as e:
        styring.fetch_kostra(model, store, base_url=ssb["url"], timeout=0.5)
    assert "tidsavbrudd" in str(e.value)
    with pytest.raises(styring.ValidationError):
        styring.fetch_kostra(model, store, base_url=ssb["url"], timeout=float("nan"))
    with pytest.raises(TypeError):
        styring.fetch_kostra(model, None)
    assert len(styring.kostra_values(store)) == 2
