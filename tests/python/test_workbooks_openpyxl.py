"""The workbooks styring writes, read back with openpyxl: values, fills,
number formats, protection and the hidden template sheet."""
import os
import subprocess
import tempfile

import openpyxl
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STYRING = os.environ.get("STYRING", os.path.join(ROOT, "target", "debug", "styring"))

GREEN, YELLOW, RED = "C6EFCE", "FFEB9C", "FFC7CE"


@pytest.fixture(scope="module")
def demo():
    d = tempfile.mkdtemp()
    subprocess.run([STYRING, "demo", "--out", d], check=True, capture_output=True)
    return d


def test_scorecard_values_fills_and_formats(demo):
    # openpyxl does not know sparklines and warns that it drops them.
    with pytest.warns(UserWarning, match="Sparkline"):
        wb = openpyxl.load_workbook(os.path.join(demo, "styringskort.xlsx"))
    assert wb.sheetnames[0] == "Oversikt"
    assert wb.sheetnames[1] == "Øyer kommune"
    assert wb.sheetnames[-1] == "Tegnforklaring"
    ws = wb["Aurvoll skole"]
    assert ws["A1"].value == "Styringskort — Aurvoll skole"
    rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    r = rows["M.1.5"]
    # C value, D its period, G the light.
    value = ws.cell(r, 3)
    assert isinstance(value.value, float) and 0 < value.value < 0.2
    assert value.number_format == "0.0 %"
    assert ws.cell(r, 4).value == "2025-T2"
    status = ws.cell(r, 7)
    fill = status.fill.fgColor.rgb[-6:]
    expected = {"● grønn": GREEN, "▲ gul": YELLOW, "■ rød": RED}[status.value]
    assert fill == expected
    # Title, municipality and period, leader and FTEs, a blank row, the
    # summary band and its counts, a blank row: the header is row 8, and
    # everything below it and right of the name scrolls.
    assert [ws.cell(8, c).value for c in (1, 2, 3)] == ["Kode", "Indikator", "Verdi"]
    assert ws.freeze_panes == "C9"
    assert ws.page_setup.orientation == "landscape"
    # Fitted to one page wide (width 1 is the default and left out), any
    # number of pages tall, on A4.
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (None, 1)
    assert ws.page_setup.fitToHeight == 0
    assert int(ws.page_setup.paperSize) == 9
    # No author names in the document properties.
    assert not wb.properties.creator


def test_template_protection_validation_and_hidden_sheet(demo):
    wb = openpyxl.load_workbook(os.path.join(demo, "innsending", "aurvoll.xlsx"))
    assert wb.sheetnames == ["Registrering", "Veiledning", "_styring"]
    assert wb["_styring"].sheet_state == "hidden"
    assert wb["_styring"]["A1"].value == "styring-mal"
    assert wb["_styring"]["B3"].value == "aurvoll"
    ws = wb["Registrering"]
    assert ws.protection.sheet
    rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    r = rows["M.1.5"]
    jan = ws.cell(r, 5)
    assert jan.protection.locked is False
    assert jan.number_format == "0.0 %"
    # The year column is closed for a monthly indicator.
    assert ws.cell(r, 20).protection.locked is True
    assert any(f"E{r}" in str(dv.sqref) for dv in ws.data_validations.dataValidation)
