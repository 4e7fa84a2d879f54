"""pymorphy3 behind a per-process cache.

The analyser is created once per process (it pickles by its dictionary path, so workers
rebuild it cheaply) and every lookup goes through an LRU cache keyed by the lower-cased
word: press releases repeat their vocabulary, so most lookups are cache hits (MORPH_CACHE
bounds the memory it takes).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Optional

import pymorphy3

_ANALYZER: Optional[pymorphy3.MorphAnalyzer] = None
# Word forms kept. A parse takes about 1 KB, so this bounds the memory of a long article;
# the caches keyed by word forms or parses in phrases, positions and names keep as many. A
# 10 MB article peaks at 396 MB with 20,000 (363 MB with 10,000, 464 MB with 50,000); over
# 4000 bench texts (44,000 forms) 20,000 misses 11% more lookups than a cache keeping all,
# about 1.5% of the time, where 10,000 would cost about 4%.
MORPH_CACHE = 20_000


def analyzer() -> pymorphy3.MorphAnalyzer:
    global _ANALYZER
    if _ANALYZER is None:
        _ANALYZER = pymorphy3.MorphAnalyzer()
    return _ANALYZER


@lru_cache(maxsize=MORPH_CACHE)
def parse(word: str) -> tuple:
    """All pymorphy3 parses of ``word`` (pass it lower-cased, ё kept); none for a word
    pymorphy3 cannot read (it raises on characters without a Unicode name, e.g. Tangut)."""
    try:
        return tuple(analyzer().parse(word))
    except (ValueError, KeyError):
        return ()


@lru_cache(maxsize=MORPH_CACHE)
def lemma(word: str) -> str:
    """The most probable normal form of a lower-cased word."""
    parses = parse(word)
    return parses[0].normal_form if parses else word


@lru_cache(maxsize=MORPH_CACHE)
def lemmas(word: str) -> frozenset[str]:
    """Every normal form pymorphy3 considers for a lower-cased word."""
    return frozenset(p.normal_form for p in parse(word)) or frozenset((word,))


def has_tag(word: str, grammemes: Iterable[str]) -> bool:
    """True when some parse of the word carries all the grammemes."""
    wanted = set(grammemes)
    return any(wanted <= set(p.tag.grammemes) for p in parse(word))


def inflect(word: str, grammemes: Iterable[str], *, where: Iterable[str] = ()) -> Optional[str]:
    """Inflect a lower-cased word to ``grammemes``, using the first parse that has all of
    ``where`` (e.g. ``{"Surn"}``); None when pymorphy3 cannot."""
    need = set(where)
    for p in parse(word):
        if need <= set(p.tag.grammemes):
            form = p.inflect(set(grammemes))
            if form is not None:
                return form.word
    return None


def match_case(form: str, model: str) -> str:
    """Give ``form`` the capitalization of ``model`` (Title, UPPER or lower)."""
    if model.isupper() and len(model) > 1:
        return form.upper()
    if model[:1].isupper():
        return form[:1].upper() + form[1:]
    return form
