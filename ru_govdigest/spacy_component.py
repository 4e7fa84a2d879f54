"""The ``govdigest`` spaCy component.

    nlp = spacy.blank("ru")
    nlp.add_pipe("govdigest")
    doc = nlp(text)
    doc._.digest                      # the Digest of doc.text
    doc.spans["govdigest"]            # REGION, OFFICIAL, POSITION, DATE, INDICATOR spans
    displacy.render(doc, style="span", options={"spans_key": "govdigest"})

The digest is kept in ``doc.user_data`` as its JSON-format dict (``doc._.digest`` is a
getter that rebuilds the Digest), so it survives ``Doc.to_bytes`` and therefore
``nlp.pipe(texts, n_process=N)``. Spans are aligned to spaCy tokens by expanding to the
tokens that cover the character offsets. ``kb_id_`` holds the item's key: the region
code, the official's name, the date's ISO value, the indicator's value.

A POSITION span marks where the text words an official's position (the digest's
``position_mentions``: ``заместителя губернатора`` for the nominative position).
"""
from __future__ import annotations

from typing import Iterator, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

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
    """Sets ``doc._.digest`` and ``doc.spans[spans_key]``; the Extractor is shared and
    thread-safe, and pickles by rebuilding its models (for ``n_process``)."""

    def __init__(self, nlp: Language, name: str = "govdigest", spans_key: str = SPANS_KEY,
                 extractor: Optional[Extractor] = None) -> None:
        self.name = name
        self.spans_key = spans_key
        self.extractor = extractor or default_extractor()

    def __call__(self, doc: Doc) -> Doc:
        digest = self.extractor.extract(doc.text)
        doc.user_data[USER_DATA_KEY] = digest.to_dict()
        doc.spans[self.spans_key] = list(digest_spans(doc, digest))
        return doc


@Language.factory("govdigest", default_config={"spans_key": SPANS_KEY})
def make_govdigest(nlp: Language, name: str, spans_key: str) -> GovDigestComponent:
    return GovDigestComponent(nlp, name, spans_key)


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
