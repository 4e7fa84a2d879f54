"""Data files under ``models/``, shipped inside the wheel as ``ru_govdigest.models``.

Every gazetteer and word list is read from there, once per process (results cached).
Running from a source checkout without installing falls back to the ``models/`` folder
beside the package.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path


@lru_cache(maxsize=None)
def models_dir() -> Path:
    try:
        path = Path(str(resources.files("ru_govdigest.models")))
        if path.is_dir():
            return path
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parent.parent / "models"


def model_path(name: str) -> Path:
    path = models_dir() / name
    if not path.exists():
        raise FileNotFoundError(f"ru_govdigest data file {name!r} is missing from {models_dir()}")
    return path


@lru_cache(maxsize=None)
def read_lines(name: str) -> tuple[str, ...]:
    """Non-empty lines of a UTF-8 word list, ``#`` comments and outer spaces removed."""
    out = []
    for line in model_path(name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return tuple(out)


@lru_cache(maxsize=None)
def read_tsv(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated file; the first row (header) and ``#`` lines skipped."""
    rows = []
    lines = model_path(name).read_text(encoding="utf-8").splitlines()
    for line in lines[1:]:
        if line.strip() and not line.startswith("#"):
            rows.append(tuple(cell.strip() for cell in line.split("\t")))
    return tuple(rows)
