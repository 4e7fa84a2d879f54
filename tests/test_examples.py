"""The examples run: the notebooks execute cell by cell in a Python kernel, their paired
jupytext scripts hold the same cells, and the batch script processes a folder."""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BENCH, ROOT, SEEDS

EXAMPLES = ROOT / "examples"
NOTEBOOK = EXAMPLES / "seeds_digest.ipynb"
PAIRED_SCRIPT = EXAMPLES / "seeds_digest.py"
BATCH_SCRIPT = EXAMPLES / "batch_folder.py"
BENCH_NOTEBOOK = EXAMPLES / "bench_corpus.ipynb"
BENCH_EVERY = 10  # the bench notebook runs over every 10th post here (all of them by default)


def _cells(notebook) -> list[tuple[str, str]]:
    return [(cell.cell_type, cell.source.strip()) for cell in notebook.cells]


@pytest.mark.parametrize("notebook", [NOTEBOOK, BENCH_NOTEBOOK], ids=lambda path: path.stem)
def test_notebook_and_its_script_hold_the_same_cells(notebook):
    jupytext = pytest.importorskip("jupytext")
    nbformat = pytest.importorskip("nbformat")
    script = notebook.with_suffix(".py")
    assert _cells(jupytext.read(script)) == _cells(nbformat.read(notebook, as_version=4)), \
        f"run: jupytext --sync examples/{script.name}"


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


def test_bench_notebook_executes(tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("matplotlib")
    pytest.importorskip("ipykernel")
    if not (BENCH / "news.jsonl").is_file():
        pytest.skip("../shared/bench is absent: the bench notebook reads the bench news corpus")
    monkeypatch.setenv("GOVDIGEST_OUT", str(tmp_path))
    monkeypatch.setenv("GOVDIGEST_BENCH", str(BENCH))
    monkeypatch.setenv("GOVDIGEST_BENCH_EVERY", str(BENCH_EVERY))
    monkeypatch.setenv("GOVDIGEST_JOBS", "2")
    notebook = nbformat.read(BENCH_NOTEBOOK, as_version=4)
    nbclient.NotebookClient(notebook, kernel_name="python3", timeout=600,
                            resources={"metadata": {"path": str(EXAMPLES)}}).execute()

    outputs = [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs]
    assert not [out for out in outputs if out.output_type == "error"]
    text = "".join(out.get("text", "") for out in outputs if out.output_type == "stream")
    html = "".join(out.data["text/html"] for out in outputs if "text/html" in out.get("data", {}))
    posts = sum(1 for _ in (BENCH / "news.jsonl").open(encoding="utf-8")) // BENCH_EVERY
    assert f"Corpus({posts} articles, 0 errors)" in "".join(
        out.data["text/plain"] for out in outputs if "text/plain" in out.get("data", {}))
    assert "name strings -> " in text and "% of posts name a region" in text
    assert "Москва" in html and "spellings" in html and "median" in html  # the three answers
    for figure in ("bench_regions.png", "bench_rates.png"):
        assert (tmp_path / figure).read_bytes().startswith(b"\x89PNG")
    assert 'id="table-officials"' in (tmp_path / "bench_report.html").read_text(encoding="utf-8")


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
