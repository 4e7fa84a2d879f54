"""Subjects of figures on sentences written for the purpose (tests/data/subjects_cases.tsv):
each case names the rule of ``subjects.RULES`` that must give the subject, and the subject;
plus the guarantees that hold on any text (never a place alone, never only a number)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ru_govdigest import Document
from ru_govdigest.indicators import IndicatorExtractor
from ru_govdigest.subjects import RULES, SubjectFinder

CASES = Path(__file__).parent / "data" / "subjects_cases.tsv"
SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"
MARK = re.compile(r"\[\[(.+?)\]\]")


class RecordingFinder(SubjectFinder):
    """The finder, remembering which rule gave each figure its subject."""

    def __init__(self) -> None:
        super().__init__()
        self.rules: list[str] = []

    def explain(self, ph, fig, history=(), previous=None):
        rule, found = super().explain(ph, fig, history, previous)
        self.rules.append(rule)
        return rule, found


def _rows():
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#") and not line.startswith("rule\t"):
            yield line.split("\t")


def _cases():
    for rule, text, subject in _rows():
        yield pytest.param(rule, text, subject, id=f"{rule}:{MARK.search(text).group(1)}:{text[:30]}")


@pytest.fixture(scope="module")
def extractor():
    ex = IndicatorExtractor()
    ex.subjects = RecordingFinder()
    return ex


def test_every_rule_has_cases():
    named = {rule for rule, _, _ in _rows()}
    assert {name for name, _ in RULES} - named == set()


@pytest.mark.parametrize("rule, marked, subject", list(_cases()))
def test_subject(extractor, rule, marked, subject):
    match = MARK.search(marked)
    text = marked[:match.start()] + match.group(1) + marked[match.end():]
    start, end = match.start(), match.start() + len(match.group(1))
    extractor.subjects.rules.clear()
    found = extractor(Document.from_text(text))
    rules = list(extractor.subjects.rules)
    at = [n for n, ind in enumerate(found) if (ind.start, ind.end) == (start, end)]
    assert at, [(i.text, i.start, i.end) for i in found]
    assert (rules[at[0]], found[at[0]].subject) == (rule, subject)


@pytest.mark.parametrize("name", ["dev", "dev2"])
def test_no_subject_is_only_a_place_or_a_number(name):
    """On both development sets: a place name alone, or a number alone, is never a subject."""
    texts = SHARED / name / "texts"
    if not texts.is_dir():
        pytest.skip(f"{texts} is not here (outside the shared workspace)")
    from ru_govdigest import Extractor
    from ru_govdigest.subjects import bare_subjects
    ex = Extractor()
    bad = []
    for path in sorted(texts.glob("*.txt")):
        digest = ex.extract(path.read_text(encoding="utf-8"), id=path.stem)
        bad += [(path.stem, kind, subject) for kind, subject in bare_subjects(digest)]
    assert bad == []
