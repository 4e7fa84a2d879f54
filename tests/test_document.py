"""The Document: normalization for matching that never loses the original offsets."""
from __future__ import annotations

import pytest

from ru_govdigest import Document
from ru_govdigest.document import normalize


def test_lookalike_latin_letters_inside_cyrillic_words_are_fixed():
    doc = Document.from_text("Министр Макcут Шадаев и компания Yandex")
    assert "Максут" in doc.normalized
    assert "Yandex" in doc.normalized  # all-Latin words stay as they are
    token = next(t for t in doc.tokens if t.text == "Максут")
    assert doc.text[token.start:token.end] == "Макcут"


def test_spaces_dashes_quotes_fold_with_same_offsets():
    text = "Более 600\u00a0тыс.\u2009человек\u00a0— «Госуслуги»"
    normalized, index = normalize(text)
    assert index is None and len(normalized) == len(text)
    assert normalized == 'Более 600 тыс. человек – "Госуслуги"'


def test_removed_soft_hyphens_map_back_to_original_offsets():
    text = "Прави\u00adтельство Воло\u00adгодской области\u200b сообщило"
    doc = Document.from_text(text)
    assert "Правительство Вологодской области" in doc.normalized
    for token in doc.tokens:
        original = doc.text[token.start:token.end]
        assert original.replace("\u00ad", "").replace("\u200b", "") == token.text
    m = doc.mention(doc.normalized.index("Вологодской"), doc.normalized.index(" сообщило"))
    assert m.text == text[m.start:m.end] and m.text.startswith("Воло\u00adгодской")


def test_lines_end_sentences_and_sentences_own_their_tokens():
    text = "Заголовок без точки\n\n15 февраля 2018 года в 15:27\nПервое предложение. Второе!"
    doc = Document.from_text(text)
    assert [s.text for s in doc.sentences] == [
        "Заголовок без точки", "15 февраля 2018 года в 15:27",
        "Первое предложение.", "Второе!"]
    for i, s in enumerate(doc.sentences):
        assert all(t.sent == i for t in doc.sentence_tokens(s))
        assert doc.text[s.start:s.end] == s.text
    assert doc.sentence_at(doc.normalized.index("Второе")).text == "Второе!"


def test_tokens_carry_cached_morphology():
    doc = Document.from_text("жителей Мордовии")
    assert doc.tokens[0].lemma == "житель"
    assert "мордовия" in doc.tokens[1].lemmas


@pytest.mark.parametrize("text", ["", "   \n\t ", "\u00ad\u200b", "12345", "\x00\x01"])
def test_degenerate_texts_build(text):
    doc = Document.from_text(text)
    for t in doc.tokens:
        assert doc.text[t.start:t.end].replace("\u00ad", "").replace("\u200b", "") == t.text


def test_words_pymorphy3_cannot_read_have_no_parses():
    doc = Document.from_text("В 5 \U00017000\U00017001 школах")
    unreadable = next(t for t in doc.tokens if t.text.startswith("\U00017000"))
    assert unreadable.parses == () and unreadable.lemma == unreadable.lower


def test_a_figure_after_an_abbreviation_dot_continues_the_sentence():
    doc = Document.from_text("За 9 мес. 2023 г. в бюджет поступило 5 млн рублей. "
                             "Площадь 5 тыс. кв. м. Это новый корпус.")
    assert [s.text for s in doc.sentences] == [
        "За 9 мес. 2023 г. в бюджет поступило 5 млн рублей.",
        "Площадь 5 тыс. кв. м.", "Это новый корпус."]
