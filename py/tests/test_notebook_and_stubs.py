"""The example notebook runs start to finish, and the type stubs match the
built module."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
NOTEBOOK = HERE.parent / "examples" / "styring.ipynb"


def outputs_of(nb, code: str) -> list:
    """The outputs of the code cell whose source contains `code`."""
    (cell,) = [c for c in nb.cells if c.cell_type == "code" and code in c.source]
    return cell.get("outputs", [])


def plain(outputs) -> str:
    return "\n".join(o["data"]["text/plain"] for o in outputs if "text/plain" in o.get("data", {}))


def html(outputs) -> str:
    return "\n".join(o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {}))


def test_the_example_notebook_runs(tmp_path: Path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    import styring

    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert [o for o in outputs if o.get("output_type") == "error"] == []
    model = styring.Model.example()
    units = [u for u in model.units if not u.is_sector]
    # Every service unit's workbook was read, and all of it was new.
    summary = plain(outputs_of(nb, "summary = store.import_xlsx(books)"))
    match = re.fullmatch(r"ImportSummary\((\d+) files, values=(\d+), new=(\d+), changed=0, unchanged=0\)", summary)
    assert match, summary
    files, values, new = map(int, match.groups())
    assert files == len(units) and values == new > 0
    # The scorecards render as styringskort, lights in their colours.
    aurvoll = html(outputs_of(nb, 'card = styring.scorecard(model, store, "aurvoll", "2025-T2")'))
    assert "<h1>Styringskort — Aurvoll skole</h1>" in aurvoll
    assert '<span class="light s-green">● grønn</span>' in aurvoll
    assert ".styring .s-green{background:#C6EFCE;color:#006100}" in aurvoll
    municipality = html(outputs_of(nb, 'styring.scorecard(model, store, "all", "2025-T2")'))
    assert "<h1>Styringskort — Øyer kommune</h1>" in municipality
    # The plot was drawn.
    assert any("image/png" in o.get("data", {}) for o in outputs_of(nb, "plt.show()"))
    # The custom rule: Aurvoll's 2,6 % in 2025-T2 is under the 3,1 % target.
    assert plain(outputs_of(nb, 'model.set_rule("M.1.5", rule)')) == "('green', 'på eller under målet')"
    # The workbook: overview, municipality, one sheet per service unit, legend.
    sheets = plain(outputs_of(nb, "sheets = styring.export_xlsx("))
    assert sheets == f"({len(units) + 3}, ['Oversikt', 'Øyer kommune', '{units[0].name}'])"


def test_the_stubs_match_the_module():
    pytest.importorskip("mypy")
    result = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "styring._styring"],
        capture_output=True,
        text=True,
        cwd=HERE,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success" in result.stdout


def test_the_package_is_typed():
    import styring

    root = Path(styring.__file__).parent
    assert (root / "py.typed").exists()
    assert (root / "_styring.pyi").exists()


def test_every_public_name_in_the_stubs_has_a_docstring():
    import ast

    import styring

    stub = Path(styring.__file__).parent / "_styring.pyi"
    tree = ast.parse(stub.read_text(encoding="utf-8"))
    missing = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not ast.get_docstring(node):
            missing.append(node.name)
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if (
                    isinstance(item, ast.FunctionDef)
                    and not item.name.startswith("_")
                    and not ast.get_docstring(item)
                    and not any(
                        isinstance(d, ast.Attribute) and d.attr == "setter"
                        for d in item.decorator_list
                    )
                ):
                    missing.append(f"{node.name}.{item.name}")
    assert missing == []
    # And help() shows the same words as the stub.
    assert styring.Unit.name.__doc__ == "Its name, e.g. `Aurvoll skole`."
    assert "Its name, e.g. `Aurvoll skole`." in stub.read_text(encoding="utf-8")
