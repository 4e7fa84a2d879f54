"""The ``govdigest`` spaCy component (``pip install 'ru_govdigest[spacy]'``).

    nlp = spacy.blank("ru")
    nlp.add_pipe("govdigest")                     # config={"set_ents": True} fills doc.ents
    doc = nlp(text)
    doc._.digest                      # the Digest of doc.text
    doc.spans["govdigest"]            # REGION, OFFICIAL, POSITION, DATE, INDICATOR spans
    displacy.render(doc, style="span", options={"spans_key": "govdigest"})
    for doc, context in nlp.pipe([(text, {"id": "a1", "published": "2024-03-12"})],
                                 as_tuples=True):
        doc._.digest.id               # 'a1'; the date anchors year-less dates

The digest is kept in ``doc.user_data`` as its JSON-format dict (``doc._.digest`` is a
getter that rebuilds the Digest), so it survives ``Doc.to_bytes`` and therefore
``nlp.pipe(texts, n_process=N)``. Spans are aligned to spaCy tokens by expanding to the
tokens that cover the character offsets. ``kb_id_`` holds the item's key: the region
code, the official's name, the date's ISO value, the indicator's value. With
``set_ents`` the same spans, less those that overlap a longer one (or an entity already
there), become ``doc.ents``.

A POSITION span marks where the text words an official's position (the digest's
``position_mentions``: ``заместителя губернатора`` for the nominative position).
"""
from __future__ import annotations

from typing import Iterator, Optional

try:
    from spacy.language import Language
    from spacy.tokens import Doc, Span
    from spacy.util import filter_spans
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("the govdigest spaCy component needs spaCy: "
                      "pip install 'ru_govdigest[spacy]'") from exc

from .digest import Digest
from .extractor import Extractor, default_extractor

USER_DATA_KEY = "govdigest.digest"
SPANS_KEY = "govdigest"
LABELS = ("REGION", "OFFICIAL", "POSITION", "DATE", "INDICATOR")


def _digest_of(doc: Doc) -> Optional[Digest]:
    data = doc.user_data.get(USER_DATA_KEY)
    return None if data is None else Digest.from_dict(data)


if not Doc.has_extension("digest"):
    Doc.set_extension("digest", getter=_digest_of)


class GovDigestComponent:
    """Sets ``doc._.digest``, ``doc.spans[spans_key]`` and, with ``set_ents``,
    ``doc.ents``. The article's id and publication date come from the context of
    ``nlp.pipe(..., as_tuples=True)`` (a dict with ``id`` and ``published``). The
    Extractor is shared and thread-safe, and pickles by rebuilding its models (for
    ``n_process``)."""

    def __init__(self, nlp: Language, name: str = "govdigest", spans_key: str = SPANS_KEY,
                 set_ents: bool = False, extractor: Optional[Extractor] = None) -> None:
        self.name = name
        self.spans_key = spans_key
        self.set_ents = set_ents
        self.extractor = extractor or default_extractor()

    def __call__(self, doc: Doc) -> Doc:
        context = doc._context if isinstance(doc._context, dict) else {}
        digest = self.extractor.extract(doc.text, id=context.get("id"),
                                        published=context.get("published"))
        doc.user_data[USER_DATA_KEY] = digest.to_dict()
        spans = list(digest_spans(doc, digest))
        doc.spans[self.spans_key] = spans
        if self.set_ents:
            taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
            ours = [span for span in filter_spans(spans)
                    if not taken.intersection(range(span.start, span.end))]
            doc.ents = sorted([*doc.ents, *ours], key=lambda span: span.start)
        return doc


@Language.factory("govdigest", default_config={"spans_key": SPANS_KEY, "set_ents": False},
                  assigns=["doc._.digest", "doc.spans", "doc.ents"])
def make_govdigest(nlp: Language, name: str, spans_key: str,
                   set_ents: bool) -> GovDigestComponent:
    return GovDigestComponent(nlp, name, spans_key, set_ents)


def digest_spans(doc: Doc, digest: Digest) -> Iterator[Span]:
    """The digest's items as labelled spans of ``doc`` (sorted, without duplicates)."""
    found: dict[tuple[int, int, str], Span] = {}

    def add(start: int, end: int, label: str, key: str) -> None:
        span = doc.char_span(start, end, label=label, kb_id=key, alignment_mode="expand")
        if span is not None:
            found.setdefault((span.start, span.end, label), span)

    for region in digest.regions:
        for m in region.mentions:
            add(m.start, m.end, "REGION", region.code)
    for official in digest.officials:
        for m in official.mentions:
            add(m.start, m.end, "OFFICIAL", official.name)
        for m in official.position_mentions:
            add(m.start, m.end, "POSITION", official.name)
    for date in digest.dates:
        add(date.start, date.end, "DATE", date.value)
    for ind in digest.indicators:
        add(ind.start, ind.end, "INDICATOR", f"{ind.value:g}")
    return (found[key] for key in sorted(found))
