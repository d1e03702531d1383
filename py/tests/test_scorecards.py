"""Scorecards, their sections, HTML and the overview, checked against
values worked out by hand.

Most tests use Testby (see ``conftest.py``): A skole reported, for April
and May 2025,

    BA Budsjettavvik  2,0 % → 0,8 %   target −1,0 % til 1,0 %, yellow ±0,5 pp outside
    SF Sykefravær     6,0 % → 5,3 %   target 5,0 %, yellow up to 5,5 %

and B skole BA 0,0 % → −0,4 % and SF 5,0 % → 4,5 %. So in May A skole's
BA is inside its range (green) and closer to it than in April (improving),
and its SF is 0,3 points over the target, inside the tolerance (yellow),
and falling (improving, since lower is better).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import styring
from conftest import fill

MAY = "2025-05"
PERIOD = "2025-T2"

#: A skole's May scorecard, row by row, as worked out above.
A_BA = {
    "indicator": "BA",
    "name": "Budsjettavvik",
    "perspective": "okonomi",
    "focus_area": "O.1",
    "value": 0.008,
    "value_text": "0,8 %",
    "value_period": MAY,
    "target": 0.0,
    "target_min": -0.01,
    "target_max": 0.01,
    "target_text": "−1,0 % til 1,0 %",
    "status": "green",
    "reason": "0,8 % er innenfor målet −1,0 % til 1,0 %",
    # 1,0 point outside the range in April, inside it in May.
    "trend": "improving",
    "trend_arrow": "↓",
    "trend_word": "bedre",
    "trend_last_year": "unknown",
    "previous": 0.020,
    "last_year": None,
    "comment": None,
    "history": [("2024-12", None), ("2025-01", None), ("2025-02", None), ("2025-03", None), ("2025-04", 0.020), (MAY, 0.008)],
    "computed_by": None,
    "late": False,
    "from_kostra": False,
    "breaks": [],
    "measure": "percent",
}
A_SF = {
    "indicator": "SF",
    "name": "Sykefravær",
    "perspective": "medarbeidere",
    "focus_area": "M.1",
    "value": 0.053,
    "value_text": "5,3 %",
    "value_period": MAY,
    "target": 0.05,
    "target_min": 0.05,
    "target_max": 0.05,
    "target_text": "5,0 %",
    "status": "yellow",
    "reason": "5,3 % er over målet 5,0 %, innenfor toleransen",
    "trend": "improving",
    "trend_arrow": "↓",
    "trend_word": "bedre",
    "trend_last_year": "unknown",
    "previous": 0.060,
    "last_year": None,
    "comment": "To langtidssykemeldte",
    "history": [("2024-12", None), ("2025-01", None), ("2025-02", None), ("2025-03", None), ("2025-04", 0.060), (MAY, 0.053)],
    "computed_by": None,
    "late": False,
    "from_kostra": False,
    "breaks": [],
    "measure": "percent",
}


def fields(row: styring.Row) -> dict:
    return {k: getattr(row, k) for k in A_SF}


# --- one unit's scorecard ----------------------------------------------------


def test_a_units_rows_have_the_values_statuses_reasons_and_trends_worked_out_by_hand(testby, testby_store):
    card = styring.scorecard(testby, testby_store, "a", MAY)
    assert (card.unit, card.unit_name, card.period) == ("a", "A skole", MAY)
    assert card.title == "Styringskort — A skole"
    assert [r.indicator for r in card.rows] == ["BA", "SF"], "perspectives in model order"
    assert fields(card.row("BA")) == A_BA
    assert fields(card.row("SF")) == A_SF
    assert card.counts == [("green", 1), ("yellow", 1), ("red", 0), ("no_data", 0), ("error", 0)]
    assert card.row("XX") is None


def test_a_period_without_values_is_no_data_and_late(testby, testby_store):
    # Nothing was recorded for June 2025, and its deadline is long past.
    card = styring.scorecard(testby, testby_store, "a", "2025-06")
    sf = card.row("SF")
    assert (sf.value, sf.value_text, sf.status) == (None, "–", "no_data")
    assert sf.reason == "ingen verdi for 2025-06"
    assert sf.late is True
    assert (sf.trend, sf.trend_arrow, sf.trend_word) == ("unknown", " ", "–")
    assert sf.previous == 0.053, "May is the previous period"
    assert sf.history == [("2025-01", None), ("2025-02", None), ("2025-03", None), ("2025-04", 0.06), ("2025-05", 0.053), ("2025-06", None)]
    assert card.counts == [("green", 0), ("yellow", 0), ("red", 0), ("no_data", 2), ("error", 0)]


def test_a_value_without_a_target_has_no_light(testby):
    # Testby has targets for 2025 only: a value with nothing to judge it by
    # shows no light at all, and no better or worse.
    s = styring.Store(testby)
    s.record("SF", "a", "2026-01", 0.04)
    sf = styring.scorecard(testby, s, "a", "2026-01").row("SF")
    assert (sf.value, sf.target, sf.target_text, sf.status) == (0.04, None, "–", None)
    assert sf.trend == "unknown"
    assert sf.reason == "ingen mål for 2026-01"


@pytest.mark.parametrize(
    "value, status, reason",
    [
        (0.049, "green", "4,9 % når målet 5,0 %"),
        (0.050, "green", "5,0 % når målet 5,0 %"),
        # Judged as shown: 5,04 % shows as 5,0 %, which meets the target.
        (0.0504, "green", "5,0 % når målet 5,0 %"),
        (0.053, "yellow", "5,3 % er over målet 5,0 %, innenfor toleransen"),
        # The tolerance's edge (target + 0,5 points) is still yellow.
        (0.055, "yellow", "5,5 % er over målet 5,0 %, innenfor toleransen"),
        (0.056, "red", "5,6 % er over målet 5,0 %"),
        (0.120, "red", "12,0 % er over målet 5,0 %"),
    ],
)
def test_the_tolerance_rule_for_a_lower_is_better_indicator(testby, value, status, reason):
    s = styring.Store(testby)
    s.record("SF", "a", MAY, value)
    row = styring.scorecard(testby, s, "a", MAY).row("SF")
    assert (row.status, row.reason) == (status, reason)


@pytest.mark.parametrize(
    "value, status, reason",
    [
        (0.0, "green", "0,0 % er innenfor målet −1,0 % til 1,0 %"),
        (-0.010, "green", "−1,0 % er innenfor målet −1,0 % til 1,0 %"),
        (0.010, "green", "1,0 % er innenfor målet −1,0 % til 1,0 %"),
        (-0.012, "yellow", "−1,2 % er utenfor målet −1,0 % til 1,0 %, innenfor toleransen"),
        (0.015, "yellow", "1,5 % er utenfor målet −1,0 % til 1,0 %, innenfor toleransen"),
        (0.016, "red", "1,6 % er utenfor målet −1,0 % til 1,0 %"),
        (-0.020, "red", "−2,0 % er utenfor målet −1,0 % til 1,0 %"),
    ],
)
def test_the_range_rule_for_a_within_range_indicator(testby, value, status, reason):
    s = styring.Store(testby)
    s.record("BA", "a", MAY, value)
    row = styring.scorecard(testby, s, "a", MAY).row("BA")
    assert (row.status, row.reason) == (status, reason)


@pytest.mark.parametrize(
    "april, may, trend, arrow, word",
    [
        (0.060, 0.053, "improving", "↓", "bedre"),
        (0.053, 0.060, "worsening", "↑", "dårligere"),
        # Within the margin of 0,1 points: stable.
        (0.053, 0.054, "stable", "→", "stabil"),
        (0.053, 0.052, "stable", "→", "stabil"),
    ],
)
def test_trends_follow_the_direction_and_the_margin(testby, april, may, trend, arrow, word):
    s = styring.Store(testby)
    s.record("SF", "a", "2025-04", april)
    s.record("SF", "a", MAY, may)
    row = styring.scorecard(testby, s, "a", MAY).row("SF")
    assert (row.trend, row.trend_arrow, row.trend_word) == (trend, arrow, word)


def test_a_within_range_trend_is_judged_by_the_distance_to_the_range(testby):
    # −2,0 % → −1,2 %: the value rose towards the range, 1,0 → 0,2 points away.
    s = styring.Store(testby)
    s.record("BA", "a", "2025-04", -0.020)
    s.record("BA", "a", MAY, -0.012)
    row = styring.scorecard(testby, s, "a", MAY).row("BA")
    assert (row.trend, row.trend_word) == ("improving", "bedre")
    # Inside the range both times: as good as before.
    s.record("BA", "a", "2025-04", 0.005)
    s.record("BA", "a", MAY, -0.005)
    assert styring.scorecard(testby, s, "a", MAY).row("BA").trend == "stable"


def test_a_within_range_arrow_shows_the_way_the_value_moved(testby):
    s = styring.Store(testby)
    s.record("BA", "a", "2025-04", -0.020)
    s.record("BA", "a", MAY, -0.012)
    assert styring.scorecard(testby, s, "a", MAY).row("BA").trend_arrow == "↑"


def test_history_has_as_many_values_as_asked_ending_with_the_period(testby, testby_store):
    sf = styring.scorecard(testby, testby_store, "a", MAY, history=2).row("SF")
    assert sf.history == [("2025-04", 0.06), ("2025-05", 0.053)]
    sf = styring.scorecard(testby, testby_store, "a", MAY, history=7).row("SF")
    assert [p for p, _ in sf.history] == [f"2024-{m}" for m in ("11", "12")] + [f"2025-0{m}" for m in range(1, 6)]


def test_a_tertial_is_the_mean_of_its_months(testby, testby_store):
    # Aggregated by SF's aggregate_time = "mean": T2 is May–August, of which
    # only May has a value; T1 (January–April) only April.
    sf = styring.scorecard(testby, testby_store, "a", PERIOD).row("SF")
    assert (sf.value, sf.value_period, sf.previous) == (0.053, PERIOD, 0.06)
    testby_store.record("SF", "a", "2025-06", 0.047)
    sf = styring.scorecard(testby, testby_store, "a", PERIOD).row("SF")
    assert sf.value == pytest.approx((0.053 + 0.047) / 2, abs=1e-12)
    assert (sf.value_text, sf.status, sf.reason) == ("5,0 %", "green", "5,0 % når målet 5,0 %")


def test_the_examples_tertial_value_is_the_mean_of_the_months_in_the_store(model, store):
    """Aurvoll skole's sick leave in 2025-T2, from the store's monthly values.

    M.1.5 is a monthly indicator aggregated by its mean; its 2025 target in
    the example model is 3,1 % with 0,5 points' tolerance.
    """

    def months(year, first, last):
        wanted = {f"{year}-{m:02d}" for m in range(first, last + 1)}
        return [r.value for r in store.history("M.1.5", "aurvoll") if r.current and r.period in wanted]

    may_to_august = months(2025, 5, 8)
    january_to_april = months(2025, 1, 4)
    assert len(may_to_august) == len(january_to_april) == 4
    row = styring.scorecard(model, store, "aurvoll", PERIOD).row("M.1.5")
    assert row.value == pytest.approx(sum(may_to_august) / 4, abs=1e-12)
    assert row.previous == pytest.approx(sum(january_to_april) / 4, abs=1e-12)
    assert row.last_year == pytest.approx(sum(months(2024, 5, 8)) / 4, abs=1e-12)
    assert row.target == 0.031
    # (2,80 + 2,41 + 2,60 + 2,42) / 4 = 2,56 %: under the target.
    assert (row.value_text, row.status) == ("2,6 %", "green")
    assert row.reason == "2,6 % når målet 3,1 %"
    # From 3,11 % in T1: down more than the margin (0,2 points), better.
    assert (row.trend, row.trend_arrow, row.trend_word) == ("improving", "↓", "bedre")
    assert [p for p, _ in row.history] == ["2023-T3", "2024-T1", "2024-T2", "2024-T3", "2025-T1", "2025-T2"]


def test_the_language_changes_reasons_words_and_headings(testby, testby_store):
    styring.set_language("en")
    card = styring.scorecard(testby, testby_store, "a", MAY)
    sf = card.row("SF")
    assert (sf.value_text, sf.target_text) == ("5.3%", "5.0%")
    assert sf.reason == "5.3% is above the target 5.0%, within tolerance"
    assert card.row("BA").reason == "0.8% is within the target -1.0% to 1.0%"
    assert sf.trend_word == "better"
    assert card.title == "Scorecard — A skole"
    assert [s.title for s in card.sections] == ["Summary", "Økonomi", "Medarbeidere"]
    assert card.sections[0].text == "● 1 green · ▲ 1 yellow · ■ 0 red · ○ 0 no data"
    assert card.sections[1].headings == [
        "Code", "Indicator", "Value", "Period", "Basis", "Target", "Status", "Trend", "Reason", "History", "Unit's comment",
    ]


# --- sectors, the municipality and how scopes are named -----------------------


def test_a_sector_and_the_municipality_roll_up_by_weighted_mean(testby, testby_store):
    # Weighted by årsverk: A skole 10, B skole 30.
    sf_may = (10 * 0.053 + 30 * 0.045) / 40  # 4,7 %
    sf_april = (10 * 0.060 + 30 * 0.050) / 40  # 5,25 %
    ba_may = (10 * 0.008 + 30 * -0.004) / 40  # −0,1 %
    for scope in ("oppvekst", "all"):
        card = styring.scorecard(testby, testby_store, scope, MAY)
        sf, ba = card.row("SF"), card.row("BA")
        assert sf.value == pytest.approx(sf_may, abs=1e-12)
        assert sf.previous == pytest.approx(sf_april, abs=1e-12)
        assert (sf.status, sf.reason, sf.trend) == ("green", "4,7 % når målet 5,0 %", "improving")
        assert ba.value == pytest.approx(ba_may, abs=1e-12)
        # 0,5 % in April and −0,1 % in May are both inside the range.
        assert (ba.status, ba.reason, ba.trend) == ("green", "−0,1 % er innenfor målet −1,0 % til 1,0 %", "stable")
        assert card.counts[0] == ("green", 2)
    assert styring.scorecard(testby, testby_store, "oppvekst", MAY).unit_name == "Oppvekst"
    muni = styring.scorecard(testby, testby_store, "all", MAY)
    assert (muni.unit, muni.unit_name, muni.title) == ("all", "Testby kommune", "Styringskort — Testby kommune")


@pytest.mark.parametrize("name", ["Aurvoll skole", "aurvoll skole", "AURVOLL SKOLE", " aurvoll ", "Aurvoll"])
def test_a_unit_is_found_by_id_or_name_in_any_case(model, store, name):
    card = styring.scorecard(model, store, name, PERIOD)
    assert (card.unit, card.unit_name) == ("aurvoll", "Aurvoll skole")


def test_the_municipality_is_all_kommune_or_its_id(model, store):
    assert model.municipality_id == "oyer"
    for name in ("all", "alle", "kommune", "Kommunen", model.municipality_id, "Øyer kommune"):
        card = styring.scorecard(model, store, name, PERIOD)
        assert (card.unit, card.unit_name) == ("all", "Øyer kommune"), name


def test_an_unknown_unit_names_the_closest_one(model, store):
    with pytest.raises(styring.ValidationError) as e:
        styring.scorecard(model, store, "aurvol", PERIOD)
    assert str(e.value) == "ukjent enhet «aurvol» — mente du «aurvoll»?"
    assert [p.message for p in e.value.problems] == ["ukjent enhet «aurvol» — mente du «aurvoll»?"]


def test_a_sector_is_found_by_name(model, store):
    card = styring.scorecard(model, store, "Oppvekst", PERIOD)
    assert (card.unit, card.unit_name) == ("oppvekst", "Oppvekst")


# --- bad input ---------------------------------------------------------------


@pytest.mark.parametrize(
    "period, message",
    [
        ("2025-T4", "tertial T4 finnes ikke (T1–T3)"),
        ("2025-13", "måned 13 finnes ikke (1–12)"),
        ("3025", "året 3025 er utenfor 1900–2200"),
        ("i fjor", "«i fjor» er ikke en periode (skriv f.eks. 2025-03, 2025-T2 eller 2025)"),
    ],
)
def test_a_bad_period_says_what_is_wrong(model, store, period, message):
    with pytest.raises(styring.ValidationError) as e:
        styring.scorecard(model, store, "aurvoll", period)
    assert str(e.value) == message


def test_a_bad_as_of_date_says_how_to_write_one(model, store):
    with pytest.raises(styring.ValidationError) as e:
        styring.scorecard(model, store, "aurvoll", PERIOD, as_of="i går")
    assert str(e.value) == "as_of: «i går» er ikke en dato (skriv ÅÅÅÅ-MM-DD)"


def test_as_reported_needs_a_locked_period(testby, testby_store):
    with pytest.raises(styring.ValidationError) as e:
        styring.scorecard(testby, testby_store, "a", MAY, as_reported=PERIOD)
    assert str(e.value) == "perioden 2025-T2 er aldri låst som rapportert"


def test_as_reported_shows_the_values_at_the_lock(testby, testby_store):
    testby_store.lock_period(PERIOD, "rapportert til kommunestyret")
    testby_store.reopen_period(PERIOD, "retting av feil")
    testby_store.record("SF", "a", MAY, 0.058)
    now = styring.scorecard(testby, testby_store, "a", MAY).row("SF")
    then = styring.scorecard(testby, testby_store, "a", MAY, as_reported=PERIOD).row("SF")
    assert (now.value, now.status) == (0.058, "red")
    assert (then.value, then.status) == (0.053, "yellow")


def test_as_of_a_date_before_anything_was_recorded_shows_no_values(model, store):
    past = styring.scorecard(model, store, "aurvoll", PERIOD, as_of="2020-01-01")
    # Aurvoll's 16 reported and computed indicators and the ledger's 7 (O.1.1–O.1.7).
    assert len(past.rows) == 24
    assert [r.indicator for r in past.rows if r.value is not None] == []
    assert dict(past.counts)["no_data"] == 24


@pytest.mark.parametrize(
    "call",
    [
        lambda m, s: styring.scorecard(m, s, None, PERIOD),
        lambda m, s: styring.scorecard(m, s, "aurvoll", None),
        lambda m, s: styring.scorecard(None, s, "aurvoll", PERIOD),
        lambda m, s: styring.scorecard(m, None, "aurvoll", PERIOD),
        lambda m, s: styring.scorecard(m, s, "aurvoll", PERIOD, history=None),
        lambda m, s: styring.overview(m, s, None),
        lambda m, s: styring.evaluate(m, s, None),
        lambda m, s: styring.export_xlsx(m, s, None, PERIOD),
        lambda m, s: styring.write_template(m, None, 2025, "x.xlsx"),
        lambda m, s: styring.write_template(m, "aurvoll", None, "x.xlsx"),
    ],
    ids=[
        "scorecard-unit",
        "scorecard-period",
        "scorecard-model",
        "scorecard-store",
        "scorecard-history",
        "overview-period",
        "evaluate-period",
        "export-path",
        "template-unit",
        "template-year",
    ],
)
def test_none_where_text_or_a_number_is_expected_is_a_type_error(model, store, call):
    with pytest.raises(TypeError):
        call(model, store)


def test_a_type_error_names_the_argument(model, store):
    with pytest.raises(TypeError) as e:
        styring.scorecard(model, store, "aurvoll", None)
    # pyo3 names it in a note, which the traceback shows.
    assert any("'period'" in note for note in getattr(e.value, "__notes__", []))


# --- sections ----------------------------------------------------------------

HEADINGS_NB = [
    "Kode", "Indikator", "Verdi", "Periode", "Grunnlag", "Mål", "Status", "Trend", "Begrunnelse", "Historikk",
    "Enhetens kommentar",
]
COLUMNS = [
    "indicator", "name", "value", "period", "basis", "target", "status", "trend", "reason", "history", "comment",
]


def test_a_scorecard_has_a_summary_then_one_table_per_perspective(testby, testby_store):
    summary, okonomi, medarbeidere = styring.scorecard(testby, testby_store, "a", MAY).sections
    assert (summary.title, summary.kind, summary.status) == ("Sammendrag", "paragraph", None)
    assert summary.text == "● 1 grønn · ▲ 1 gul · ■ 0 rød · ○ 0 mangler data"
    assert (summary.columns, summary.headings, summary.records(), summary.texts(), len(summary)) == ([], [], [], [], 0)
    for section, title, status in [(okonomi, "Økonomi", "green"), (medarbeidere, "Medarbeidere", "yellow")]:
        assert (section.title, section.kind, section.status, section.text) == (title, "table", status, None)
        assert section.columns == COLUMNS
        assert section.headings == HEADINGS_NB
        assert len(section) == 1


def test_section_texts_are_the_cells_as_shown(testby, testby_store):
    _, okonomi, medarbeidere = styring.scorecard(testby, testby_store, "a", MAY).sections
    assert okonomi.texts() == [
        # A month's value from that month: no basis to tell.
        ["BA", "Budsjettavvik", "0,8 %", MAY, "", "−1,0 % til 1,0 %", "● grønn", "↓ bedre",
         "0,8 % er innenfor målet −1,0 % til 1,0 %", "– · – · – · – · 2,0 % · 0,8 %", ""]
    ]
    assert medarbeidere.texts() == [
        ["SF", "Sykefravær", "5,3 %", MAY, "", "5,0 %", "▲ gul", "↓ bedre",
         "5,3 % er over målet 5,0 %, innenfor toleransen", "– · – · – · – · 6,0 % · 5,3 %", "To langtidssykemeldte"]
    ]


def test_section_records_hold_numbers_status_keys_and_the_focus_area(testby, testby_store):
    _, okonomi, medarbeidere = styring.scorecard(testby, testby_store, "a", MAY).sections
    assert okonomi.records() == [
        {
            "indicator": "BA",
            "name": "Budsjettavvik",
            "value": 0.008,
            "period": MAY,
            "basis": None,
            # The target cell is text (a range has no single number).
            "target": "−1,0 % til 1,0 %",
            "status": "green",
            "trend": "↓ bedre",
            "reason": "0,8 % er innenfor målet −1,0 % til 1,0 %",
            "history": "– · – · – · – · 2,0 % · 0,8 %",
            "comment": None,
            "group": "O.1 Økonomistyring",
        }
    ]
    assert medarbeidere.records() == [
        {
            "indicator": "SF",
            "name": "Sykefravær",
            "value": 0.053,
            "period": MAY,
            "basis": None,
            # A single target is a number, like the value it is compared with.
            "target": 0.05,
            "status": "yellow",
            "trend": "↓ bedre",
            "reason": "5,3 % er over målet 5,0 %, innenfor toleransen",
            "history": "– · – · – · – · 6,0 % · 5,3 %",
            "comment": "To langtidssykemeldte",
            "group": "M.1 Arbeidsmiljø (gjennomgående)",
        }
    ]


def test_a_missing_value_is_none_in_records_and_a_dash_in_texts(testby, testby_store):
    medarbeidere = styring.scorecard(testby, testby_store, "a", "2025-06").sections[2]
    (record,) = medarbeidere.records()
    assert (record["value"], record["status"]) == (None, "no_data")
    # No value: no period or basis for it either.
    assert medarbeidere.texts()[0][2:7] == ["–", "", "", "5,0 %", "○ mangler data"]
    assert medarbeidere.texts()[0][8] == "ingen verdi for 2025-06"


def test_the_examples_sections_cover_every_row_once(model, store):
    card = styring.scorecard(model, store, "aurvoll", PERIOD)
    sections = card.sections
    assert [s.title for s in sections] == ["Sammendrag", "Økonomi", "Tjenestekvalitet", "Medarbeidere"]
    codes = [r["indicator"] for s in sections[1:] for r in s.records()]
    assert codes == [r.indicator for r in card.rows]
    statuses = [r["status"] for s in sections[1:] for r in s.records()]
    assert statuses == [r.status for r in card.rows]
    # Each row stands under its own focus area's heading.
    groups = [r["group"] for s in sections[1:] for r in s.records()]
    names = {
        "O.1": "O.1 Budsjettstyring (gjennomgående)",
        "O.2": "O.2 Effektiv ressursbruk",
        "T.1": "T.1 Brukertilfredshet (gjennomgående)",
        "T.2": "T.2 Læring i skolen",
        "T.3": "T.3 Gode barnehager",
        "T.4": "T.4 Helse og omsorg",
        "T.5": "T.5 Kultur og tekniske tjenester",
        "M.1": "M.1 Utviklende arbeidsmiljø (gjennomgående)",
        "M.2": "M.2 Kompetanse",
    }
    assert groups == [names[r.focus_area] for r in card.rows]


def test_a_section_becomes_a_data_frame(testby, testby_store):
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    medarbeidere = styring.scorecard(testby, testby_store, "a", MAY).sections[2]
    df = medarbeidere.to_pandas()
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == COLUMNS + ["group"]
    assert df.to_dict("records") == medarbeidere.records()
    p = medarbeidere.to_polars()
    assert isinstance(p, pl.DataFrame)
    assert p.columns == COLUMNS + ["group"]
    assert p["value"].to_list() == [0.053] and p["status"].to_list() == ["yellow"]


def test_section_reprs(testby, testby_store):
    sections = styring.scorecard(testby, testby_store, "a", MAY).sections
    assert [repr(s) for s in sections] == [
        'Section("Sammendrag", paragraph)',
        'Section("Økonomi", table of 1 row)',
        'Section("Medarbeidere", table of 1 row)',
    ]


# --- HTML ----------------------------------------------------------------------


def test_repr_html_shows_lights_in_the_status_colours(testby, testby_store):
    html = styring.scorecard(testby, testby_store, "a", MAY)._repr_html_()
    assert html.startswith("<style>")
    assert "<h1>Styringskort — A skole</h1>" in html
    assert '<p class="sub">Testby kommune · mai 2025</p>' in html
    # The colours of the lights: green #C6EFCE, yellow #FFEB9C.
    assert ".styring .s-green{background:#C6EFCE;color:#006100}" in html
    assert ".styring .s-yellow{background:#FFEB9C;color:#7F4F00}" in html
    # BA is green, SF yellow; then the trend and the reason in their columns.
    assert '<td><span class="light s-green">● grønn</span></td><td>↓ bedre</td><td>0,8 % er innenfor målet −1,0 % til 1,0 %</td>' in html
    assert '<td><span class="light s-yellow">▲ gul</span></td><td>↓ bedre</td><td>5,3 % er over målet 5,0 %, innenfor toleransen</td>' in html
    # Each perspective's heading carries its light.
    assert '<h2>Økonomi<span class="light s-green">● grønn</span></h2>' in html
    assert '<h2>Medarbeidere<span class="light s-yellow">▲ gul</span></h2>' in html
    assert html.index("<h2>Økonomi") < html.index("<h2>Medarbeidere")
    assert '<tr class="group"><td colspan="11">M.1 Arbeidsmiljø (gjennomgående)</td></tr>' in html
    assert '<td class="comment">To langtidssykemeldte</td>' in html
    assert "<script" not in html


def test_html_escapes_what_units_write(testby):
    s = styring.Store(testby)
    s.record("SF", "a", MAY, 0.05, "<script>alert(1)</script> & «Tom's»")
    html = styring.scorecard(testby, s, "a", MAY)._repr_html_()
    assert "<script" not in html
    assert '<td class="comment">&lt;script&gt;alert(1)&lt;/script&gt; &amp; «Tom&#39;s»</td>' in html


def test_a_roll_up_row_says_how_many_units_have_a_value(testby, testby_store):
    testby_store.record("SF", "a", "2025-06", 0.05)
    html = styring.scorecard(testby, testby_store, "all", "2025-06")._repr_html_()
    # The basis column: one of the two units has June's value.
    assert "<td>2025-06</td><td>1 av 2 enheter</td>" in html


def test_to_html_writes_a_whole_page(tmp_path: Path, testby, testby_store):
    card = styring.scorecard(testby, testby_store, "a", MAY)
    path = tmp_path / "kort.html"
    assert card.to_html(path) is None
    page = path.read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="nb">\n<head>\n<meta charset="utf-8">')
    assert "<title>Styringskort — A skole — mai 2025</title>" in page
    assert page.endswith("</body>\n</html>\n")
    assert '<span class="light s-yellow">▲ gul</span>' in page
    assert "<script" not in page
    card.to_html(str(path))  # a str path too, replacing the page
    assert path.read_text(encoding="utf-8") == page


def test_to_html_in_english_says_so(tmp_path: Path, testby, testby_store):
    styring.set_language("en")
    path = tmp_path / "card.html"
    styring.scorecard(testby, testby_store, "a", MAY).to_html(path)
    page = path.read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "<title>Scorecard — A skole — May 2025</title>" in page


def test_to_html_into_a_missing_folder_names_the_file(tmp_path: Path, testby, testby_store):
    card = styring.scorecard(testby, testby_store, "a", MAY)
    path = tmp_path / "finnes-ikke" / "kort.html"
    with pytest.raises(FileNotFoundError) as e:
        card.to_html(path)
    assert str(path) in str(e.value)


# --- frames, dicts and reprs ---------------------------------------------------

RECORD_KEYS = [
    "indicator", "name", "perspective", "focus_area", "value", "value_period",
    "target", "target_min", "target_max", "status", "reason", "trend",
    "trend_last_year", "previous", "last_year", "comment", "computed_by", "late",
    "from_kostra", "breaks",
]


def test_a_row_as_a_dict(testby, testby_store):
    d = styring.scorecard(testby, testby_store, "a", MAY).row("SF").to_dict()
    assert list(d) == RECORD_KEYS
    assert d == {k: A_SF[k] for k in RECORD_KEYS}


def test_scorecard_frames_have_one_row_per_indicator(testby, testby_store):
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    card = styring.scorecard(testby, testby_store, "a", MAY)
    assert card.records() == [{k: A_BA[k] for k in RECORD_KEYS}, {k: A_SF[k] for k in RECORD_KEYS}]
    df = card.to_pandas()
    assert isinstance(df, pd.DataFrame) and list(df.columns) == RECORD_KEYS
    assert df.indicator.tolist() == ["BA", "SF"]
    assert df.value.tolist() == [0.008, 0.053]
    assert df.status.tolist() == ["green", "yellow"]
    assert df.reason.tolist() == [A_BA["reason"], A_SF["reason"]]
    p = card.to_polars()
    assert isinstance(p, pl.DataFrame) and p.columns == RECORD_KEYS
    assert p["target_min"].to_list() == [-0.01, 0.05]


def test_scorecard_and_row_reprs_are_short_and_exact(testby, testby_store):
    card = styring.scorecard(testby, testby_store, "a", MAY)
    assert repr(card) == 'Scorecard("a", "2025-05", 2 rows: green=1, yellow=1)'
    assert repr(card.row("SF")) == 'Row("SF", "Sykefravær", value=0.053, status="yellow")'
    assert repr(card.row("BA")) == 'Row("BA", "Budsjettavvik", value=0.008, status="green")'
    empty = styring.scorecard(testby, testby_store, "a", "2025-06")
    assert repr(empty) == 'Scorecard("a", "2025-06", 2 rows: no_data=2)'
    assert repr(empty.row("SF")) == 'Row("SF", "Sykefravær", value=None, status="no_data")'


# --- overview and evaluate -----------------------------------------------------


def test_the_overview_is_units_by_indicators(testby, testby_store):
    o = styring.overview(testby, testby_store, MAY)
    assert repr(o) == 'Overview("2025-05", 3 units × 2 indicators)'
    assert o.period == MAY
    # Service units in model order, then the municipality (no sectors).
    assert o.units == ["a", "b", "all"]
    assert o.unit_names == ["A skole", "B skole", "Testby kommune"]
    assert o.indicators == ["BA", "SF"]
    assert o.statuses == [["green", "yellow"], ["green", "green"], ["green", "green"]]
    assert o.values[:2] == [[0.008, 0.053], [-0.004, 0.045]]
    assert o.values[2] == pytest.approx([(10 * 0.008 - 30 * 0.004) / 40, (10 * 0.053 + 30 * 0.045) / 40], abs=1e-12)
    assert o.status("a", "SF") == "yellow"
    assert o.status("all", "BA") == "green"
    assert o.status("c", "SF") is None and o.status("a", "XX") is None


def test_the_overview_section_has_a_row_per_unit(testby, testby_store):
    (section,) = styring.overview(testby, testby_store, MAY).sections
    assert (section.title, section.kind, section.status) == ("Enheter og indikatorer", "table", None)
    assert section.columns == ["unit", "BA", "SF", "counts"]
    assert section.headings == ["Enhet", "BA Budsjettavvik", "SF Sykefravær", "Status"]
    two_green = "● 2 grønn · ▲ 0 gul · ■ 0 rød · ○ 0 mangler data"
    assert section.texts() == [
        ["A skole", "● grønn", "▲ gul", "● 1 grønn · ▲ 1 gul · ■ 0 rød · ○ 0 mangler data"],
        ["B skole", "● grønn", "● grønn", two_green],
        ["Testby kommune (kommunen)", "● grønn", "● grønn", two_green],
    ]
    assert [(r["unit"], r["BA"], r["SF"], r["group"]) for r in section.records()] == [
        ("A skole", "green", "yellow", None),
        ("B skole", "green", "green", None),
        ("Testby kommune (kommunen)", "green", "green", None),
    ]


def test_the_overview_html_colours_each_cell(testby, testby_store):
    html = styring.overview(testby, testby_store, MAY)._repr_html_()
    assert "<h1>Oversikt — Testby kommune</h1>" in html
    # A skole's SF cell: yellow, with its value.
    assert '<span class="light s-yellow">▲ gul</span><span class="reason">5,3 %</span>' in html
    assert "<script" not in html


def test_overview_frames(testby, testby_store):
    pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    o = styring.overview(testby, testby_store, MAY)
    statuses = o.to_pandas()
    assert list(statuses.index) == ["a", "b", "all"] and list(statuses.columns) == ["BA", "SF"]
    assert statuses.loc["a", "SF"] == "yellow"
    values = o.to_pandas("value")
    assert values.loc["b", "BA"] == -0.004
    p = o.to_polars("value")
    assert p.columns == ["unit", "BA", "SF"]
    assert p.filter(pl.col("unit") == "a")["SF"].to_list() == [0.053]
    with pytest.raises(ValueError) as e:
        o.to_pandas("colour")
    assert str(e.value) == "what must be \"status\" or \"value\", not 'colour'"


def test_evaluate_lists_every_unit_sector_and_the_municipality(testby, testby_store):
    records = styring.evaluate(testby, testby_store, MAY)
    got = [(r["unit"], r["unit_name"], r["level"], r["indicator"], r["status"]) for r in records]
    assert got == [
        ("oppvekst", "Oppvekst", "sector", "BA", "green"),
        ("oppvekst", "Oppvekst", "sector", "SF", "green"),
        ("a", "A skole", "unit", "BA", "green"),
        ("a", "A skole", "unit", "SF", "yellow"),
        ("b", "B skole", "unit", "BA", "green"),
        ("b", "B skole", "unit", "SF", "green"),
        ("all", "Testby kommune", "municipality", "BA", "green"),
        ("all", "Testby kommune", "municipality", "SF", "green"),
    ]
    assert {r["period"] for r in records} == {MAY}
    by = {(r["unit"], r["indicator"]): r["value"] for r in records}
    assert (by["a", "SF"], by["b", "SF"]) == (0.053, 0.045)
    assert by["oppvekst", "SF"] == pytest.approx((10 * 0.053 + 30 * 0.045) / 40, abs=1e-12)
    assert by["all", "SF"] == pytest.approx((10 * 0.053 + 30 * 0.045) / 40, abs=1e-12)


# --- computed indicators and script rules --------------------------------------


def test_a_computed_indicator_takes_its_value_from_the_script(testby):
    m = styring.Model.from_toml(testby.to_toml())
    m.set_computed("BA", 'let x = v("SF"); if x == () { () } else { x - 0.05 }')
    s = fill(styring.Store(m), [("SF", "a", MAY, 0.053, None)])
    ba = styring.scorecard(m, s, "a", MAY).row("BA")
    assert ba.computed_by == "<inline computed BA>"
    assert ba.value == pytest.approx(0.003, abs=1e-12)
    assert (ba.status, ba.reason) == ("green", "0,3 % er innenfor målet −1,0 % til 1,0 %")
    with pytest.raises(styring.ValidationError) as e:
        s.record("BA", "a", MAY, 0.01)
    assert "beregnes fra andre indikatorer" in str(e.value)


def test_a_script_rule_decides_the_status_and_its_reason(testby, testby_store):
    m = styring.Model.from_toml(testby.to_toml())
    m.set_rule("SF", styring.Rule.script('if value == () { no_data() } else if value > 0.052 { red("over 5,2 %") } else { green() }'))
    card = styring.scorecard(m, testby_store, "a", MAY)
    assert (card.row("SF").status, card.row("SF").reason) == ("red", "over 5,2 %")
    b = styring.scorecard(m, testby_store, "b", MAY).row("SF")
    assert (b.status, b.reason) == ("green", "4,5 %: grønn etter regelskriptet")
