"""Shared fixtures: one Extractor per test session, paths to the shared evaluation data."""
from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEV = SHARED / "eval" / "dev"
SEEDS = ROOT / "seeds"
BENCH = SHARED / "bench"
BENCH_EVERY = 5  # the tests extract every 5th post of the bench corpus (2936 of 14681)


@pytest.fixture(scope="session")
def extractor():
    from ru_govdigest import Extractor
    return Extractor()


@pytest.fixture(scope="session")
def dev_dir() -> Path:
    if not (DEV / "texts").is_dir():
        pytest.skip("../shared/eval/dev is absent: the quality checks need the shared dev set")
    return DEV


@pytest.fixture(scope="session")
def dev_predictions(extractor, dev_dir, tmp_path_factory) -> Path:
    """The extractor's digests of every dev article, as a JSON Lines file."""
    out = tmp_path_factory.mktemp("dev") / "pred.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for path in sorted((dev_dir / "texts").glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            f.write(extractor.extract(text, id=path.stem).to_json() + "\n")
    return out


@pytest.fixture(scope="session")
def bench_digests(extractor, tmp_path_factory) -> Path:
    """Digests of the bench news corpus, each post dated by ``news_sources.tsv``: the JSON
    Lines file ``GOVDIGEST_BENCH_DIGESTS`` names (e.g. the whole corpus, extracted once with
    ``govdigest extract``), else every ``BENCH_EVERY``-th post extracted here."""
    given = os.environ.get("GOVDIGEST_BENCH_DIGESTS")
    if given:
        return Path(given)
    if not (BENCH / "news.jsonl").is_file():
        pytest.skip("../shared/bench is absent: the corpus tests need the bench news corpus")
    with (BENCH / "news_sources.tsv").open(encoding="utf-8", newline="") as f:
        published = {row["id"]: row["date"] for row in csv.DictReader(f, delimiter="\t")}
    out = tmp_path_factory.mktemp("bench") / "digests.jsonl"
    with (BENCH / "news.jsonl").open(encoding="utf-8") as f, out.open("w", encoding="utf-8") as w:
        for number, line in enumerate(f, 1):
            if number % BENCH_EVERY == 0:
                post = json.loads(line)
                digest = extractor.extract(post["text"], id=post["id"],
                                           published=published[post["id"]])
                w.write(digest.to_json() + "\n")
    return out
