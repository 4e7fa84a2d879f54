"""The Document: one article, analysed once, read by every extractor.

The original text is never changed. Matching works on ``normalized``: the same text with
typographic variants folded (nbsp and thin spaces to spaces, dashes to one dash, quotes to
``"``), soft hyphens and zero-width characters removed, and Latin look-alike letters inside
Cyrillic words replaced (``Макcут`` -> ``Максут``). An offset map takes every normalized
offset back to the original, so every reported span is exact: ``text[start:end]``.

Sentences come from razdel within each line (a line break always ends a sentence: titles
and datelines carry no full stop), tokens from razdel within each sentence. Morphology is
looked up lazily through the cached ``morph`` module.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Iterator, Optional, Sequence

import razdel

from . import morph
from .digest import Mention

# One-to-one substitutions: typographic variants of space, dash, quote, apostrophe.
_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\r\x0b\x0c"
_DASHES = "\u2012\u2013\u2014\u2015\u2e3a\u2e3b"  # figure, en, em, horizontal bar, two/three-em
_TRANSLATE = str.maketrans({
    **{c: " " for c in _SPACES},
    **{c: "\u2013" for c in _DASHES},
    "\u2010": "-", "\u2011": "-", "\u2212": "-",  # hyphen, non-breaking hyphen, minus
    "«": '"', "»": '"', "„": '"', "“": '"', "”": '"', "‟": '"', "″": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "`": "'",
})
# Characters that carry nothing for matching and are removed (the offset map keeps them).
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# Latin letters that look like Cyrillic ones, replaced inside words that also hold Cyrillic.
_LOOKALIKE = str.maketrans("AaBCcEeHKMOoPpTXxYy", "АаВСсЕеНКМОоРрТХхУу")
_WORD = re.compile(r"[^\W\d_]+")
# razdel ends a sentence at an abbreviation's dot when a number follows (``За 9 мес. 2023
# г. ...``); a sentence hardly starts with a figure after such a dot, so the two are one.
_ABBREVIATION_END = re.compile(r"(?<![^\W\d_])[а-яё]{1,4}\.$")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[A-Za-z]")


def normalize(text: str) -> tuple[str, Optional[list[int]]]:
    """The normalized text and, when characters were removed, the map from each
    normalized offset (and the end) to the original one; None means identity."""
    folded = text.translate(_TRANSLATE)
    if _LATIN.search(folded) and _CYRILLIC.search(folded):
        folded = _WORD.sub(_fix_lookalikes, folded)
    if not _INVISIBLE.search(folded):
        return folded, None
    kept: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(folded):
        if not _INVISIBLE.match(ch):
            kept.append(ch)
            index.append(i)
    index.append(len(folded))
    return "".join(kept), index


def _fix_lookalikes(m: re.Match) -> str:
    word = m.group(0)
    if _LATIN.search(word) and _CYRILLIC.search(word):
        return word.translate(_LOOKALIKE)
    return word


@dataclass(frozen=True)
class Token:
    """A razdel token. ``text`` is normalized; ``start``/``end`` index the original
    article, ``nstart``/``nend`` the normalized text; ``sent`` is the sentence index."""

    text: str
    start: int
    end: int
    nstart: int
    nend: int
    sent: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def parses(self) -> tuple:
        return morph.parse(self.text.lower())

    @property
    def lemma(self) -> str:
        return morph.lemma(self.text.lower())

    @property
    def lemmas(self) -> frozenset[str]:
        return morph.lemmas(self.text.lower())

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalpha()

    @property
    def is_title(self) -> bool:
        return self.text[:1].isupper()


def _sentence_spans(line: str) -> Iterator[tuple[int, int]]:
    """razdel's sentences of one line, joined where razdel cut after an abbreviation."""
    spans: list[tuple[int, int]] = []
    for s in razdel.sentenize(line):
        if spans and s.text[:1].isdigit() and _ABBREVIATION_END.search(line, 0, spans[-1][1]):
            spans[-1] = (spans[-1][0], s.stop)
        else:
            spans.append((s.start, s.stop))
    return iter(spans)


@dataclass(frozen=True)
class Sentence:
    """A sentence: offsets as for Token; tokens are ``doc.tokens[first:last]``."""

    text: str
    start: int
    end: int
    nstart: int
    nend: int
    first: int
    last: int
    line: int  # index of the line (paragraph) it stands in
    furniture: bool = False  # page furniture (counters, teasers, credits), not the article


@dataclass
class Document:
    text: str
    id: Optional[str] = None
    normalized: str = ""
    tokens: list[Token] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    lines: list[tuple[int, int]] = field(default_factory=list)  # normalized (start, end)
    _index: Optional[list[int]] = field(default=None, repr=False)
    _starts: list[int] = field(default_factory=list, repr=False)
    _phrases: dict = field(default_factory=dict, repr=False)

    @classmethod
    def from_text(cls, text: str, id: Optional[str] = None) -> "Document":
        from .furniture import furniture_lines  # furniture reads lines; avoids a cycle

        normalized, index = normalize(text)
        doc = cls(text=text, id=id, normalized=normalized, _index=index)
        pos = 0
        for raw_line in normalized.split("\n"):
            begin, pos = pos, pos + len(raw_line) + 1
            stripped = raw_line.strip()
            if stripped:
                lstart = begin + raw_line.index(stripped[0])
                doc.lines.append((lstart, lstart + len(stripped)))
        skip = furniture_lines(doc)
        for li, (lstart, lend) in enumerate(doc.lines):
            for start, stop in _sentence_spans(normalized[lstart:lend]):
                doc._add_sentence(lstart + start, lstart + stop, li, li in skip)
        return doc

    def _add_sentence(self, nstart: int, nend: int, line: int, furniture: bool) -> None:
        first = len(self.tokens)
        si = len(self.sentences)
        chunk = self.normalized[nstart:nend]
        for t in razdel.tokenize(chunk):
            a, b = nstart + t.start, nstart + t.stop
            start, end = self.original(a, b)
            self.tokens.append(Token(t.text, start, end, a, b, si))
        start, end = self.original(nstart, nend)
        self.sentences.append(Sentence(chunk, start, end, nstart, nend, first,
                                       len(self.tokens), line, furniture))

    # -- offsets -------------------------------------------------------------------------
    def original(self, nstart: int, nend: int) -> tuple[int, int]:
        """Original offsets of the normalized span [nstart, nend)."""
        if self._index is None:
            return nstart, nend
        start = self._index[nstart]
        # The end maps past the last kept character, not over removed ones after it.
        end = self._index[nend - 1] + 1 if nend > nstart else start
        return start, end

    def mention(self, nstart: int, nend: int) -> Mention:
        """A Mention for the normalized span, with original offsets and text."""
        start, end = self.original(nstart, nend)
        return Mention(start, end, self.text[start:end])

    def span_mention(self, tokens: Sequence[Token]) -> Mention:
        """A Mention covering the given consecutive tokens."""
        return self.mention(tokens[0].nstart, tokens[-1].nend)

    # -- navigation -----------------------------------------------------------------------
    def sentence_tokens(self, sentence: Sentence | int) -> list[Token]:
        s = self.sentences[sentence] if isinstance(sentence, int) else sentence
        return self.tokens[s.first:s.last]

    def phrases(self, sentence: Sentence | int):
        """The phrase layer of a sentence (``ru_govdigest.phrases.Phrases``), read on first
        use and kept: only the sentences an extractor asks about pay for it."""
        from .phrases import Phrases  # the layer reads Tokens; avoids a cycle

        index = sentence if isinstance(sentence, int) else self._sentence_index(sentence)
        found = self._phrases.get(index)
        if found is None:
            found = self._phrases[index] = Phrases.of(self.sentence_tokens(index))
        return found

    def _sentence_index(self, sentence: Sentence) -> int:
        return self.tokens[sentence.first].sent if sentence.last > sentence.first else \
            self.sentences.index(sentence)

    def body_sentences(self) -> Iterator[Sentence]:
        """Sentences of the article itself, page furniture left out."""
        return (s for s in self.sentences if not s.furniture)

    def sentence_at(self, nstart: int) -> Optional[Sentence]:
        """The sentence containing the normalized offset, if any."""
        if len(self._starts) != len(self.sentences):
            self._starts = [s.nstart for s in self.sentences]
        i = bisect_right(self._starts, nstart) - 1
        if i >= 0 and self.sentences[i].nstart <= nstart < self.sentences[i].nend:
            return self.sentences[i]
        return None

    def is_furniture(self, nstart: int) -> bool:
        s = self.sentence_at(nstart)
        return bool(s and s.furniture)
