"""Quality floors on the shared dev set, scored by the shared scorer.

Each floor is the level the extractor has reached; a change that drops below it is a
regression. Floors are raised as extractors improve, never lowered to make a change pass.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import DEV

FLOORS = {
    # task: (metric, floor) — the targets of the issues that built each extractor
    "regions": ("f1", 0.98),
    "primary": ("accuracy", 0.90),
    "officials": ("f1", 0.98),
    "positions": ("f1", 0.95),
    "dates": ("f1", 0.95),
    "indicators": ("f1", 0.95),
    "qualifiers": ("accuracy", 0.95),
    "subjects": ("f1", 0.60),
}


@pytest.fixture(scope="module")
def scores(dev_predictions):
    result = subprocess.run(
        [sys.executable, str(DEV.parent / "score.py"), str(DEV / "gold.jsonl"),
         str(dev_predictions), "--texts", str(DEV / "texts"), "--json"],
        capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_every_offset_is_exact(scores):
    offsets = scores["offsets"]
    assert offsets["checked"] > 500 and offsets["bad"] == 0, offsets["examples"]
    assert not scores["missing_docs"]
    assert not scores["errors"]


@pytest.mark.parametrize("task", sorted(FLOORS))
def test_quality_floor(scores, task):
    metric, floor = FLOORS[task]
    value = scores["tasks"][task][metric] or 0.0
    assert value >= floor, f"{task} {metric} {value:.3f} fell below its floor {floor}"


def test_every_mention_indexes_its_article(dev_predictions):
    """Checked here directly as well as by the scorer: ``text == article[start:end]``."""
    for line in dev_predictions.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        article = (DEV / "texts" / f"{record['id']}.txt").read_text(encoding="utf-8")
        spans = [m for key in ("regions", "officials") for item in record[key]
                 for m in item["mentions"]]
        spans += record["dates"] + record["indicators"]
        for span in spans:
            assert article[span["start"]:span["end"]] == span["text"], (record["id"], span)
