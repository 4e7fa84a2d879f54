"""The phrase layer (``ru_govdigest.phrases``): the operations extractors ask of it."""
from __future__ import annotations

from ru_govdigest import Document


def layer(text: str):
    doc = Document.from_text(text)
    return doc.phrases(doc.body_sentences()[0])


def words(ph, span: tuple[int, int]) -> str:
    return ph.text(*span)


def test_clause_span_is_the_clause_holding_a_token_range():
    """A coordinated clause after ``, а`` and a subordinate one after ``, когда`` are their
    own; a participial phrase is spanned by the clause it interrupts."""
    ph = layer("Выдачи выросли на 5%, а смертность снизилась на 12%, когда заработал центр.")
    at = {tok.text: k for k, tok in enumerate(ph.tokens)}
    assert words(ph, ph.clause_span(at["5"], at["5"] + 1)) == "Выдачи выросли на 5%"
    assert words(ph, ph.clause_span(at["12"], at["12"] + 1)) == "а смертность снизилась на 12%"
    assert words(ph, ph.clause_span(at["центр"], at["центр"] + 1)) == "когда заработал центр."
    both = ph.clause_span(at["5"], at["12"])
    assert words(ph, both).startswith("Выдачи") and words(ph, both).endswith("12%")
    ph = layer("Число обращений, поданных онлайн, выросло на 5%.")
    k = next(k for k, tok in enumerate(ph.tokens) if tok.text == "5")
    assert words(ph, ph.clause_span(k, k + 1)) == "Число обращений, поданных онлайн, выросло на 5%."


def test_bracket_host_is_the_phrase_a_bracket_follows():
    """In a list of names with figures in brackets each bracket is about the names since
    the bracket before; a bracket after a figure follows no noun phrase."""
    ph = layer("Больше всего выдано в Москве (436 тыс.), Московской области (393 тыс.), "
               "Москве и Татарстане (300 тыс.).")
    opens = [k for k, tok in enumerate(ph.tokens) if tok.text == "("]
    assert [words(ph, ph.bracket_host(k)) for k in opens] == [
        "Москве", "Московской области", "Москве и Татарстане"]
    ph = layer("Доля составила 49,42% (плановый показатель – 40%).")
    assert ph.bracket_host(next(k for k, tok in enumerate(ph.tokens) if tok.text == "(")) is None


def test_a_colon_inside_a_bracket_ends_no_clause_outside_it():
    """After ``)`` the clause the bracket interrupted goes on, whatever the bracket held
    (a colon of an address, a semicolon)."""
    ph = layer("В Подмосковье выпало 30% нормы, а в Москве (по данным: meteo.ru) выпало 40%.")
    at = {tok.text: k for k, tok in enumerate(ph.tokens)}
    assert ph.clause_ids[at["40"]] == ph.clause_ids[at["Москве"]]
    assert words(ph, ph.clause_span(at["40"], at["40"] + 1)).startswith("а в Москве")


def test_continued_span_is_the_clause_a_bracket_or_a_gap_continues():
    """A parenthesis continues the clause it interrupts, a gapped clause the one before;
    an ordinary clause continues none."""
    ph = layer("Рост вызван увеличением выпуска (до 40 тонн в сутки) и новыми заказами.")
    k = next(k for k, tok in enumerate(ph.tokens) if tok.text == "40")
    assert words(ph, ph.continued_span(k)).startswith("Рост вызван увеличением выпуска")
    ph = layer("Тарифы снизят до 3 рублей в мае, а в октябре – до 2,5 рубля.")
    at = {tok.text: k for k, tok in enumerate(ph.tokens)}
    assert words(ph, ph.continued_span(at["октябре"])).startswith("Тарифы снизят")
    assert ph.continued_span(at["мае"]) is None
