"""The examples run: the notebook executes cell by cell in a Python kernel, its paired
jupytext script holds the same cells, and the batch script processes a folder."""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS

EXAMPLES = ROOT / "examples"
NOTEBOOK = EXAMPLES / "seeds_digest.ipynb"
PAIRED_SCRIPT = EXAMPLES / "seeds_digest.py"
BATCH_SCRIPT = EXAMPLES / "batch_folder.py"


def _cells(notebook) -> list[tuple[str, str]]:
    return [(cell.cell_type, cell.source.strip()) for cell in notebook.cells]


def test_notebook_and_its_script_hold_the_same_cells():
    jupytext = pytest.importorskip("jupytext")
    nbformat = pytest.importorskip("nbformat")
    assert _cells(jupytext.read(PAIRED_SCRIPT)) == _cells(nbformat.read(NOTEBOOK, as_version=4)), \
        "run: jupytext --sync examples/seeds_digest.py"


def test_notebook_executes_with_jupyter_execute_and_shows_its_plot(tmp_path):
    """The README's command, on a copy whose outputs are saved (--inplace) to look at."""
    nbformat = pytest.importorskip("nbformat")
    pytest.importorskip("nbclient")
    pytest.importorskip("matplotlib")
    pytest.importorskip("ipykernel")
    copy = tmp_path / NOTEBOOK.name
    copy.write_bytes(NOTEBOOK.read_bytes())
    env = {**os.environ, "GOVDIGEST_OUT": str(tmp_path), "GOVDIGEST_SEEDS": str(SEEDS)}
    env.pop("MPLBACKEND", None)
    proc = subprocess.run([str(Path(sys.executable).parent / "jupyter"), "execute",
                           "--inplace", str(copy)], capture_output=True, text=True,
                          env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    notebook = nbformat.read(copy, as_version=4)
    outputs = [out for cell in notebook.cells if cell.cell_type == "code"
               for out in cell.outputs]
    assert not [out for out in outputs if out.output_type == "error"]
    html = [out.data["text/html"] for out in outputs if "text/html" in out.get("data", {})]
    assert any('class="gd-article"' in page and 'class="gd-legend"' in page for page in html)
    assert any("<table" in page and "kind" in page for page in html)  # the pivot table
    images = [out for out in outputs if "image/png" in out.get("data", {})]
    assert len(images) == 1  # the plot, inline, once
    figure = tmp_path / "indicators_by_region.png"
    assert figure.read_bytes().startswith(b"\x89PNG")


def test_batch_script_over_a_folder(tmp_path):
    pytest.importorskip("pandas")
    articles = tmp_path / "articles"
    articles.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))[:2]
    for path in seeds:
        (articles / path.name).write_bytes(path.read_bytes())
    (articles / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, str(BATCH_SCRIPT), str(articles), "--out", str(out),
                           "--jobs", "1"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "3 articles, 1 errors" in proc.stdout and "empty: " in proc.stdout

    records = [json.loads(line) for line in (out / "digests.jsonl").read_text().splitlines()]
    assert [r["id"] for r in records] == sorted([p.stem for p in seeds] + ["empty"])
    with (out / "indicators.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == sum(len(r.get("indicators", [])) for r in records)
    assert {row["id"] for row in rows} <= {p.stem for p in seeds}
    for kind in ("regions", "officials", "dates"):
        header = (out / f"{kind}.csv").read_text(encoding="utf-8").splitlines()[0]
        assert header.startswith("id,published,")
