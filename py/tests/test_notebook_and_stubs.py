"""The example notebook runs start to finish, and the type stubs match the
built module."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
NOTEBOOK = HERE.parent / "examples" / "styring.ipynb"


def test_the_example_notebook_runs(tmp_path: Path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    # The scorecards render as styringskort: Aurvoll's and the municipality's.
    assert any("Aurvoll skole" in h and "#C6EFCE" in h for h in html)
    assert any("Øyer kommune" in h for h in html)
    # The plot was drawn.
    assert any("image/png" in o.get("data", {}) for o in outputs)
    # The custom rule's statuses and the workbook's sheets were shown.
    text = "\n".join(
        o["data"]["text/plain"] for o in outputs if "text/plain" in o.get("data", {})
    )
    assert "forrige periode" in text or "på eller under målet" in text or "ikke bedre" in text
    assert "Oversikt" in text


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
