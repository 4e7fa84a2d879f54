"""The spaCy component: doc._.digest, aligned spans, displaCy, n_process, the entry point."""
from __future__ import annotations

import subprocess
import sys

import pytest
import spacy
from spacy import displacy
from spacy.tokens import Doc, DocBin, Span

from conftest import ROOT, SEEDS
from ru_govdigest.digest import Digest, Mention, Official
from ru_govdigest.spacy_component import LABELS, SPANS_KEY, digest_spans

SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("ru")
    nlp.add_pipe("govdigest")
    return nlp


def span_items(doc: Doc) -> list[tuple[int, int, str, str]]:
    return [(s.start_char, s.end_char, s.label_, s.kb_id_) for s in doc.spans[SPANS_KEY]]


def test_digest_is_the_extractors_and_spans_cover_its_items(nlp, extractor):
    for text in SEED_TEXTS:
        doc = nlp(text)
        digest = extractor.extract(text)
        assert doc._.digest == digest
        spans = doc.spans[SPANS_KEY]
        assert {s.label_ for s in spans} <= set(LABELS)
        items = ([(m.start, m.end, "REGION") for r in digest.regions for m in r.mentions]
                 + [(m.start, m.end, "OFFICIAL") for o in digest.officials for m in o.mentions]
                 + [(d.start, d.end, "DATE") for d in digest.dates]
                 + [(i.start, i.end, "INDICATOR") for i in digest.indicators])
        for start, end, label in items:  # each item lies inside a span of its label
            assert any(s.label_ == label and s.start_char <= start and end <= s.end_char
                       for s in spans), (label, text[start:end])


def test_spans_render_with_displacy(nlp):
    doc = nlp(SEED_TEXTS[0])
    html = displacy.render(doc, style="span", options={"spans_key": SPANS_KEY})
    for label in {s.label_ for s in doc.spans[SPANS_KEY]}:
        assert label in html


def test_digest_and_spans_survive_serialization_and_two_processes(nlp):
    sequential = [nlp(text) for text in SEED_TEXTS]
    parallel = list(nlp.pipe(SEED_TEXTS, n_process=2, batch_size=2))
    assert [d._.digest for d in parallel] == [d._.digest for d in sequential]
    assert [span_items(d) for d in parallel] == [span_items(d) for d in sequential]
    restored = list(DocBin(docs=sequential, store_user_data=True).get_docs(nlp.vocab))
    assert [d._.digest for d in restored] == [d._.digest for d in sequential]


def test_a_doc_the_component_did_not_see_has_no_digest(nlp):
    assert nlp.make_doc("Текст.")._.digest is None


@pytest.mark.parametrize("text, expected", [
    ("Об этом сообщил заместитель губернатора Вологодской области Иван Петров.",
     "заместитель губернатора Вологодской области"),
    ("Доклад заместителя губернатора Вологодской области Ивана Петрова заслушали.",
     "заместителя губернатора Вологодской области"),
    ("Вице-губернатору Анне Сидоровой вручили грамоту.", "Вице-губернатору"),
    ("Слово взял Иван Петров, ректор университета им. М. Акмуллы.",
     "ректор университета им. М. Акмуллы"),
])
def test_position_span_is_the_text_as_written(nlp, text, expected):
    doc = nlp(text)
    assert [s.text for s in doc.spans["govdigest"] if s.label_ == "POSITION"] == [expected]


def test_position_without_a_span_is_not_marked(nlp):
    text = "Затем слово взял Иван Петров."
    digest = Digest(officials=(Official(name="Иван Петров", position="министр финансов",
                                        mentions=(Mention(17, 28, "Иван Петров"),)),))
    labels = [s.label_ for s in digest_spans(nlp.make_doc(text), digest)]
    assert labels == ["OFFICIAL"]


def test_factory_is_found_through_the_entry_point_without_importing_the_module():
    code = ("import spacy, sys; nlp = spacy.blank('ru'); nlp.add_pipe('govdigest'); "
            "print(type(nlp('Текст.')._.digest).__name__, "
            "'ru_govdigest.spacy_component' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["Digest", "True"]



def test_the_component_declares_what_it_assigns(nlp):
    assigns = nlp.get_pipe_meta("govdigest").assigns
    assert {"doc._.digest", "doc.spans", "doc.ents"} <= set(assigns)


def test_id_and_publication_date_come_from_the_pipe_context(nlp, extractor):
    text = "Губернатор Иван Петров сообщил, что прием заявлений продлится до 1 октября."
    data = [(text, {"id": "a1", "published": "2021-09-07"}), (text, {"id": "a2"})]
    for n_process in (1, 2):
        out = list(nlp.pipe(data, as_tuples=True, n_process=n_process))
        assert [context["id"] for _, context in out] == ["a1", "a2"]
        digests = [doc._.digest for doc, _ in out]
        assert digests[0] == extractor.extract(text, id="a1", published="2021-09-07")
        assert [d.value for d in digests[0].dates] == ["2021-10-01"]
        assert digests[1].id == "a2" and digests[1].published is None


def test_set_ents_fills_doc_ents_without_overlaps_and_keeps_earlier_ones():
    nlp = spacy.blank("ru")

    def earlier(doc):  # an entity where the digest has an indicator (Более 600 тыс. ...)
        doc.ents = [Span(doc, 0, 2, label="EARLY")]
        return doc

    spacy.Language.component("earlier_ents", func=earlier)
    nlp.add_pipe("earlier_ents")
    nlp.add_pipe("govdigest", config={"set_ents": True})
    doc = nlp(SEED_TEXTS[0])
    ents = list(doc.ents)
    assert (ents[0].label_, ents[0].text) == ("EARLY", "Более 600")
    assert {e.label_ for e in ents[1:]} <= set(LABELS) and len(ents) > 5
    for a, b in zip(ents, ents[1:]):
        assert a.end <= b.start
    plain = spacy.blank("ru")
    plain.add_pipe("govdigest")
    assert list(plain(SEED_TEXTS[0]).ents) == []


def test_without_spacy_the_component_names_the_extra():
    code = ("import sys; sys.modules['spacy'] = None\n"
            "try:\n    import ru_govdigest.spacy_component\n"
            "except ImportError as exc:\n    print(exc)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stdout.strip() == ("the govdigest spaCy component needs spaCy: "
                                   "pip install 'ru_govdigest[spacy]'")
