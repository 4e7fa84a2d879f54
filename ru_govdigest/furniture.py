"""What is not the article: view counters, credits, share buttons, teasers of other
articles, and the byline after which a page lists its teasers.

Works on lines before sentence splitting; the patterns are data (``models/furniture.tsv``).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from .resources import read_tsv

# A byline: a first name and a surname in capitals ("Лилия ПОТАПОВА"), alone on a line.
_BYLINE = re.compile(r"^[А-ЯЁ][а-яё]+\s+[А-ЯЁ]{2,}(?:-[А-ЯЁ]{2,})?$|^[А-ЯЁ]{2,}\s+[А-ЯЁ][а-яё]+$")


# A line this long that ends like a sentence is article prose, not a teaser headline.
_PARAGRAPH = 250
_PROSE_END = '.!?"»)'


@lru_cache(maxsize=None)
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    groups: dict[str, list[str]] = {"line": [], "tail": []}
    for kind, pattern in read_tsv("furniture.tsv"):
        groups[kind].append(f"(?:{pattern})")
    return (re.compile("|".join(groups["line"]), re.I),
            re.compile("|".join(groups["tail"]), re.I))


def _resumes_article(line: str) -> bool:
    """A full paragraph of prose after a teaser block: the article goes on. Teasers are
    headlines, dates and cut-off leads that end in an ellipsis."""
    return (len(line) >= _PARAGRAPH and line[-1] in _PROSE_END
            and not line.endswith(("...", "…")))


def furniture_lines(text: str, lines: Sequence[tuple[int, int]]) -> bytearray:
    """A flag for each line (its ``(start, end)`` in ``text``): 1 for page furniture. A teaser block ("Читайте
    также:") runs until a paragraph of prose resumes the article; a byline in the second
    half of the page ends the article."""
    line_re, tail_re = _patterns()
    n = len(lines)
    found = bytearray(n)
    in_teasers = False
    for i, (start, end) in enumerate(lines):
        line = text[start:end]
        if i > n // 2 and _BYLINE.match(line):
            found[i:] = b"\x01" * (n - i)
            break
        if in_teasers and not _resumes_article(line):
            found[i] = 1
            continue
        in_teasers = bool(tail_re.match(line))
        if in_teasers or line_re.match(line):
            found[i] = 1
    return found
