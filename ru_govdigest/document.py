"""The Document: one article, analysed once, read by every extractor.

The original text is never changed. Matching works on ``normalized``: the same text with
typographic variants folded (nbsp and thin spaces to spaces, dashes to one dash, quotes to
``"``), soft hyphens and zero-width characters removed, and Latin look-alike letters inside
Cyrillic words replaced (``Макcут`` -> ``Максут``). An offset map takes every normalized
offset back to the original, so every reported span is exact: ``text[start:end]``.

Sentences come from razdel within each line (a line break always ends a sentence: titles
and datelines carry no full stop), tokens from razdel within each sentence. A "sentence"
longer than ``MAX_SENTENCE_TOKENS`` (a list without full stops, a line of figures, text with
no punctuation at all) is cut into windows of at most that many tokens, each ending at a
comma or semicolon where one is near: every extractor reads one sentence at a time, so the
work per sentence, and with it the whole analysis, stays linear in the article's length.
Morphology is looked up lazily through the cached ``morph`` module.

Memory stays linear and small too: the tokens, sentences and lines are kept as offset arrays
(8 bytes a token); ``Token`` and ``Sentence`` objects are made when read, and the tokens of
the sentences read last are kept (``TOKEN_CACHE``), all of them in an article of ordinary
size.
"""
from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Iterator, NamedTuple, Optional, Sequence, overload

import razdel

from . import morph
from .digest import Mention
from .furniture import furniture_lines

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
_INVISIBLE_CHARS = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]+")
_REMOVE_INVISIBLE = str.maketrans("", "", _INVISIBLE_CHARS)
# Latin letters that look like Cyrillic ones, replaced inside words that also hold Cyrillic.
_LOOKALIKE = str.maketrans("AaBCcEeHKMOoPpTXxYy", "АаВСсЕеНКМОоРрТХхУу")
# A word (a run of letters) with a Latin letter in it: only those can mix scripts. Linear:
# it starts only where a word starts, and its quantifiers are possessive.
_LATIN_WORD = re.compile(r"(?<![^\W\d_])[^\W\d_A-Za-z]*+[A-Za-z][^\W\d_]*+")
# razdel ends a sentence at an abbreviation's dot when a number follows (``За 9 мес. 2023
# г. ...``); a sentence hardly starts with a figure after such a dot, so the two are one.
_ABBREVIATION_END = re.compile(r"(?<![^\W\d_])[а-яё]{1,4}\.$")
_ABBREVIATION_SPAN = 5  # the longest text it matches: searched for only there
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[A-Za-z]")


# razdel reads a long line in pieces of this many characters; it decides where a sentence
# ends from up to 10 characters on each side (_CONTEXT with a margin).
_PIECE = 10_000
_CONTEXT = 20
_NORMALIZE_PIECE = 1 << 16  # characters normalized at once
# Longest sentence window, in tokens (real sentences stay far below: 158 in the dev sets).
MAX_SENTENCE_TOKENS = 200
# A window ends after the last comma, semicolon or colon of its second half, if any.
_WINDOW_ENDS = frozenset({",", ";", ":"})
# Tokens kept as objects (the sentences read last); an ordinary article fits whole.
TOKEN_CACHE = 10_000
# Sentences of a document kept made (a longer one makes each when read).
SENTENCE_CACHE = 2_000
# Sentences whose phrase layer is kept (the sentences read last).
PHRASE_CACHE = 512


@dataclass(frozen=True)
class OffsetMap:
    """Normalized offsets to original ones when characters were removed: the text is runs
    of kept characters; ``starts`` holds the normalized offset where each run begins,
    ``shifts`` the number of characters removed before it."""

    starts: array
    shifts: array

    def span(self, nstart: int, nend: int) -> tuple[int, int]:
        """Original offsets of the normalized span [nstart, nend): the end maps past the last
        kept character, not over removed ones after it."""
        start = nstart + self.shifts[bisect_right(self.starts, nstart) - 1]
        if nend <= nstart:
            return start, start
        return start, nend + self.shifts[bisect_right(self.starts, nend - 1) - 1]


def normalize(text: str) -> tuple[str, Optional[OffsetMap]]:
    """The normalized text and, when characters were removed, the map from normalized
    offsets (and the end) to original ones; None means identity. A long text is
    normalized in pieces cut at a space or line break (no word is cut, and no run of
    removed characters either), so that no more than the pieces and their join are held:
    a copy of the whole text per stage would take several times its size."""
    pieces: list[str] = []
    starts, shifts = array("q", [0]), array("q", [0])
    removed = begin = 0
    while begin < len(text):
        end = _piece_end(text, begin)
        folded = text[begin:end].translate(_TRANSLATE)
        if _LATIN.search(folded) and _CYRILLIC.search(folded):
            folded = _fix_lookalikes(folded)
        before = removed
        for m in _INVISIBLE.finditer(folded):
            removed += m.end() - m.start()
            kept = begin + m.end() - removed  # where the next kept character lands
            if starts[-1] == kept:  # removed at the very start, or right after a piece
                shifts[-1] = removed
            else:
                starts.append(kept)
                shifts.append(removed)
        pieces.append(folded.translate(_REMOVE_INVISIBLE) if removed > before else folded)
        begin = end
    return "".join(pieces), (OffsetMap(starts, shifts) if removed else None)


def _piece_end(text: str, begin: int) -> int:
    """End of the piece of text to normalize from ``begin``: after the last space or line
    break within _NORMALIZE_PIECE characters, else after the next one, else the end."""
    end = begin + _NORMALIZE_PIECE
    if end >= len(text):
        return len(text)
    cut = max(text.rfind(" ", begin, end), text.rfind("\n", begin, end))
    if cut < 0:
        found = [k for k in (text.find(" ", end), text.find("\n", end)) if k >= 0]
        return min(found) + 1 if found else len(text)
    return cut + 1


def _fix_lookalikes(text: str) -> str:
    """Latin look-alikes replaced in the words that also hold Cyrillic letters (the other
    words are not copied: a long article holds millions)."""
    parts: list[str] = []
    done = 0
    for m in _LATIN_WORD.finditer(text):
        if _CYRILLIC.search(text, m.start(), m.end()):
            parts += (text[done:m.start()], m.group(0).translate(_LOOKALIKE))
            done = m.end()
    return "".join(parts) + text[done:] if parts else text


class Token(NamedTuple):
    """A razdel token. ``text`` is normalized; ``start``/``end`` index the original
    article, ``nstart``/``nend`` the normalized text; ``sent`` is the sentence index.
    Immutable like the other records, but a named tuple: tokens are made by the million in
    a long article, several times faster than a frozen dataclass."""

    text: str
    start: int
    end: int
    nstart: int
    nend: int
    sent: int
    # read by every extractor, so made with the token (see Tokens.sentence)
    lower: str
    is_word: bool  # starts with a letter
    is_title: bool  # starts with a capital

    @property
    def parses(self) -> tuple:
        return morph.parse(self.lower)

    @property
    def lemma(self) -> str:
        return morph.lemma(self.lower)

    @property
    def tag(self):
        """The likeliest pymorphy3 tag, None for a word pymorphy3 cannot read."""
        parses = morph.parse(self.lower)
        return parses[0].tag if parses else None

    @property
    def pos(self) -> Optional[str]:
        """The likeliest part of speech (pymorphy3's ``POS``), None when there is none."""
        parses = morph.parse(self.lower)
        return parses[0].tag.POS if parses else None

    @property
    def case(self) -> Optional[str]:
        """The case of the likeliest reading, None when it has none."""
        parses = morph.parse(self.lower)
        return parses[0].tag.case if parses else None

    @property
    def lemmas(self) -> frozenset[str]:
        return morph.lemmas(self.lower)


def _razdel_sentences(line: str) -> Iterator[tuple[int, int]]:
    """razdel's sentence spans of one line. razdel builds a sentence by joining strings, in
    time quadratic in its length, so a long line is read in pieces of _PIECE characters:
    the sentences of a piece but the last (and any ending too near the piece's end for
    razdel to have seen what follows) are taken, and the next piece starts where they end;
    a piece in which no sentence ends is cut at its last space."""
    begin = 0
    while True:
        piece = line[begin:begin + _PIECE]
        spans = [(s.start, s.stop) for s in razdel.sentenize(piece)]
        if begin + len(piece) >= len(line):
            yield from ((begin + a, begin + b) for a, b in spans)
            return
        taken = [(a, b) for a, b in spans[:-1] if b + _CONTEXT <= len(piece)]
        if taken:
            cut = spans[len(taken)][0]
        else:
            cut = piece.rfind(" ") + 1 or len(piece)
            taken = [(s.start, s.stop) for s in razdel.sentenize(piece[:cut])]
        yield from ((begin + a, begin + b) for a, b in taken)
        begin += cut


def _sentence_spans(line: str) -> Iterator[tuple[int, int]]:
    """razdel's sentences of one line, joined where razdel cut after an abbreviation."""
    pending: Optional[tuple[int, int]] = None
    for start, stop in _razdel_sentences(line):
        if pending and line[start:start + 1].isdigit() and _ABBREVIATION_END.search(
                line, max(0, pending[1] - _ABBREVIATION_SPAN), pending[1]):
            pending = (pending[0], stop)
            continue
        if pending:
            yield pending
        pending = (start, stop)
    if pending:
        yield pending


@dataclass(frozen=True, slots=True)
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


class Lines(Sequence[tuple[int, int]]):
    """The normalized (start, end) of every non-blank line, stripped."""

    def __init__(self) -> None:
        self.starts = array("i")
        self.ends = array("i")

    def append(self, start: int, end: int) -> None:
        self.starts.append(start)
        self.ends.append(end)

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, i: int) -> tuple[int, int]: ...
    @overload
    def __getitem__(self, i: slice) -> list[tuple[int, int]]: ...

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        return self.starts[i], self.ends[i]

    def __repr__(self) -> str:
        return f"<{len(self)} lines>"


class Sentences(Sequence[Sentence]):
    """The sentences (windows) of a Document as offset arrays; ``Sentence`` objects are
    made when read."""

    def __init__(self, doc: "Document") -> None:
        self._doc = doc
        self.nstarts = array("i")
        self.nends = array("i")
        self.firsts = array("i")
        self.lasts = array("i")
        self.lines = array("i")
        self.furniture = bytearray()
        # every sentence, for a document of at most SENTENCE_CACHE sentences
        self._whole: Optional[list[Sentence]] = None

    def append(self, nstart: int, nend: int, first: int, last: int, line: int,
               furniture: bool) -> None:
        self._whole = None
        self.nstarts.append(nstart)
        self.nends.append(nend)
        self.firsts.append(first)
        self.lasts.append(last)
        self.lines.append(line)
        self.furniture.append(furniture)

    def __len__(self) -> int:
        return len(self.nstarts)

    @overload
    def __getitem__(self, i: int) -> Sentence: ...
    @overload
    def __getitem__(self, i: slice) -> list[Sentence]: ...

    def __getitem__(self, i):
        whole = self._whole
        if whole is None and len(self.nstarts) <= SENTENCE_CACHE:
            whole = self._whole = [self._make(k) for k in range(len(self.nstarts))]
        if whole is not None:
            return whole[i]
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        return self._make(i)

    def _make(self, i: int) -> Sentence:
        nstart, nend = self.nstarts[i], self.nends[i]
        start, end = self._doc.original(nstart, nend)
        return Sentence(self._doc.normalized[nstart:nend], start, end, nstart, nend,
                        self.firsts[i], self.lasts[i], self.lines[i], bool(self.furniture[i]))

    def __iter__(self) -> Iterator[Sentence]:
        if self._whole is not None or len(self.nstarts) <= SENTENCE_CACHE:
            return iter(self[:])
        return (self._make(i) for i in range(len(self)))

    def __repr__(self) -> str:
        return f"<{len(self)} sentences>"


class Selection(Sequence[Sentence]):
    """Some of a Document's sentences, by index; ``Sentence`` objects are made when read."""

    def __init__(self, sentences: Sentences, indices: array) -> None:
        self._sentences = sentences
        self._indices = indices

    def __len__(self) -> int:
        return len(self._indices)

    @overload
    def __getitem__(self, i: int) -> Sentence: ...
    @overload
    def __getitem__(self, i: slice) -> list[Sentence]: ...

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._sentences[k] for k in self._indices[i]]
        return self._sentences[self._indices[i]]

    def __iter__(self) -> Iterator[Sentence]:
        return (self._sentences[k] for k in self._indices)

    def __repr__(self) -> str:
        return f"<{len(self)} sentences>"


class Tokens(Sequence[Token]):
    """Every token of a Document as offset arrays. Reading a token makes the ``Token``
    objects of its whole sentence; those of the sentences read last are kept (up to
    ``TOKEN_CACHE`` tokens), so a step that reads one sentence at a time makes each once.
    ``Document.from_text`` fills the arrays before any token is read."""

    def __init__(self, doc: "Document") -> None:
        self._doc = doc
        self.nstarts = array("i")
        self.nends = array("i")
        self._cache: OrderedDict[int, list[Token]] = OrderedDict()
        self._cached = 0  # tokens in the cache
        self._recent: tuple[int, list[Token]] = (0, [])  # (first, tokens) of the last read
        # every token, for a document of at most TOKEN_CACHE tokens (nearly every article):
        # indexing is then a list's
        self._whole: Optional[list[Token]] = None

    def __len__(self) -> int:
        return len(self.nstarts)

    def sentence(self, si: int) -> list[Token]:
        """The tokens of sentence ``si`` (the cached list: do not change it)."""
        found = self._cache.get(si)
        if found is not None:
            self._cache.move_to_end(si)
            return found
        doc = self._doc
        first, last = doc.sentences.firsts[si], doc.sentences.lasts[si]
        text, offsets = doc.normalized, doc.offsets
        spans = list(zip(self.nstarts[first:last], self.nends[first:last]))
        originals = spans
        if offsets is not None:
            starts, shifts = offsets.starts, offsets.shifts
            run = bisect_right(starts, self.nstarts[first]) - 1 if last > first else 0
            if last > first and bisect_right(starts, self.nends[last - 1] - 1) - 1 == run:
                shift = shifts[run]  # nothing removed inside the sentence
                originals = [(a + shift, b + shift) for a, b in spans]
            else:
                originals = [offsets.span(a, b) for a, b in spans]
        make = tuple.__new__  # Token(...) without the keyword handling: the hot path
        made = [make(Token, (word, start, end, a, b, si,
                             word.lower(), word[:1].isalpha(), word[:1].isupper()))
                for (a, b), (start, end) in zip(spans, originals) for word in (text[a:b],)]
        self._cache[si] = made
        self._cached += len(made)
        while self._cached > TOKEN_CACHE and len(self._cache) > 1:
            self._cached -= len(self._cache.popitem(last=False)[1])
        return made

    def _block(self, i: int) -> tuple[int, list[Token]]:
        """(index of the first token, tokens) of the sentence holding token ``i``."""
        first, tokens = self._recent
        if not first <= i < first + len(tokens):
            si = bisect_right(self._doc.sentences.firsts, i) - 1
            first, tokens = self._doc.sentences.firsts[si], self.sentence(si)
            self._recent = (first, tokens)
        return first, tokens

    @overload
    def __getitem__(self, i: int) -> Token: ...
    @overload
    def __getitem__(self, i: slice) -> list[Token]: ...

    def __getitem__(self, i):
        whole = self._whole
        if whole is None and len(self.nstarts) <= TOKEN_CACHE:
            whole = self._whole = list(self)
        if whole is not None:
            return whole[i]
        n = len(self.nstarts)
        if isinstance(i, slice):
            start, stop, step = i.indices(n)
            if step != 1:
                return [self[k] for k in range(start, stop, step)]
            out: list[Token] = []
            while start < stop:
                first, tokens = self._block(start)
                end = min(stop, first + len(tokens))
                out += tokens[start - first:end - first]
                start = end
            return out
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("token index out of range")
        first, tokens = self._block(i)
        return tokens[i - first]

    def __iter__(self) -> Iterator[Token]:
        for si in range(len(self._doc.sentences)):
            yield from self.sentence(si)

    def __repr__(self) -> str:
        return f"<{len(self)} tokens>"


@dataclass(eq=False)
class Document:
    text: str
    id: Optional[str] = None
    normalized: str = ""
    offsets: Optional[OffsetMap] = field(default=None, repr=False)
    lines: Lines = field(default_factory=Lines)  # normalized (start, end) of each line
    sentences: Sentences = field(init=False)
    tokens: Tokens = field(init=False)
    # the phrase layer of the sentences read last (PHRASE_CACHE), by sentence index
    _phrases: OrderedDict = field(default_factory=OrderedDict, repr=False)

    def __post_init__(self) -> None:
        self.sentences = Sentences(self)
        self.tokens = Tokens(self)

    @classmethod
    def from_text(cls, text: str, id: Optional[str] = None) -> "Document":
        normalized, offsets = normalize(text)
        doc = cls(text=text, id=id, normalized=normalized, offsets=offsets)
        begin = 0
        while begin <= len(normalized):
            stop = normalized.find("\n", begin)
            stop = len(normalized) if stop < 0 else stop
            raw_line = normalized[begin:stop]
            stripped = raw_line.strip()
            if stripped:
                lstart = begin + len(raw_line) - len(raw_line.lstrip())
                doc.lines.append(lstart, lstart + len(stripped))
            begin = stop + 1
        skip = furniture_lines(normalized, doc.lines)
        for li, (lstart, lend) in enumerate(doc.lines):
            for start, stop in _sentence_spans(normalized[lstart:lend]):
                doc._add_sentence(lstart + start, lstart + stop, li, bool(skip[li]))
        return doc

    def _add_sentence(self, nstart: int, nend: int, line: int, furniture: bool) -> None:
        """The tokens of one sentence, in windows of at most MAX_SENTENCE_TOKENS."""
        tokens = self.tokens
        window = len(tokens)  # first token of the current window
        window_start = nstart
        starts, ends = tokens.nstarts, tokens.nends  # appended to in place: the hot path
        for t in razdel.tokenize(self.normalized[nstart:nend]):
            if len(starts) - window == MAX_SENTENCE_TOKENS:
                cut = self._window_cut(window)
                self.sentences.append(window_start, ends[cut - 1], window, cut, line, furniture)
                window, window_start = cut, starts[cut] if cut < len(starts) else -1
            starts.append(nstart + t.start)
            ends.append(nstart + t.stop)
            if window_start < 0:
                window_start = nstart + t.start
        self.sentences.append(window_start, nend, window, len(tokens), line, furniture)

    def _window_cut(self, window: int) -> int:
        """Where a full window ends: after its last comma, semicolon or colon in the
        second half, else after its last token."""
        tokens = self.tokens
        for k in range(len(tokens) - 1, window + MAX_SENTENCE_TOKENS // 2, -1):
            if self.normalized[tokens.nstarts[k]:tokens.nends[k]] in _WINDOW_ENDS:
                return k + 1
        return len(tokens)

    # -- offsets -------------------------------------------------------------------------
    def original(self, nstart: int, nend: int) -> tuple[int, int]:
        """Original offsets of the normalized span [nstart, nend)."""
        if self.offsets is None:
            return nstart, nend
        return self.offsets.span(nstart, nend)

    def mention(self, nstart: int, nend: int) -> Mention:
        """A Mention for the normalized span, with original offsets and text."""
        start, end = self.original(nstart, nend)
        return Mention(start, end, self.text[start:end])

    def span_mention(self, tokens: Sequence[Token]) -> Mention:
        """A Mention covering the given consecutive tokens."""
        return self.mention(tokens[0].nstart, tokens[-1].nend)

    # -- navigation -----------------------------------------------------------------------
    def sentence_tokens(self, sentence: Sentence | int) -> list[Token]:
        if isinstance(sentence, int):
            return list(self.tokens.sentence(sentence))
        return self.tokens[sentence.first:sentence.last]

    def phrases(self, sentence: Sentence | int):
        """The phrase layer of a sentence (``ru_govdigest.phrases.Phrases``), read on first
        use and kept for the PHRASE_CACHE sentences read last (all of an ordinary article):
        only the sentences an extractor asks about pay for it."""
        from .phrases import Phrases  # the layer reads Tokens; avoids a cycle

        index = sentence if isinstance(sentence, int) else self._sentence_index(sentence)
        found = self._phrases.get(index)
        if found is None:
            found = self._phrases[index] = Phrases.of(self.sentence_tokens(index))
            if len(self._phrases) > PHRASE_CACHE:
                self._phrases.popitem(last=False)
        else:
            self._phrases.move_to_end(index)
        return found

    def _sentence_index(self, sentence: Sentence) -> int:
        return self.tokens[sentence.first].sent if sentence.last > sentence.first else \
            self.sentences.index(sentence)

    def body_sentences(self) -> "Selection":
        """Sentences of the article itself, page furniture left out (made when read)."""
        skip = self.sentences.furniture
        return Selection(self.sentences, array("i", (i for i in range(len(skip)) if not skip[i])))

    def sentence_at(self, nstart: int) -> Optional[Sentence]:
        """The sentence containing the normalized offset, if any."""
        i = bisect_right(self.sentences.nstarts, nstart) - 1
        if i >= 0 and self.sentences.nstarts[i] <= nstart < self.sentences.nends[i]:
            return self.sentences[i]
        return None

    def is_furniture(self, nstart: int) -> bool:
        s = self.sentence_at(nstart)
        return bool(s and s.furniture)
