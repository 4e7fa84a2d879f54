"""Shared fixtures: one Extractor per test session, paths to the shared evaluation data."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEV = SHARED / "eval" / "dev"
SEEDS = ROOT / "seeds"


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
