"""Dates: every form of the genre as an ISO value, the publication date, and what is never
a date. Cases are data (tests/data/dates_cases.tsv), sentences written for the tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from ru_govdigest import Document
from ru_govdigest.dates import DateExtractor

CASES = Path(__file__).parent / "data" / "dates_cases.tsv"


def _cases():
    lines = CASES.read_text(encoding="utf-8").splitlines()[1:]
    for line in lines:
        if line.strip() and not line.startswith("#"):
            text, published, values = line.split("\t")
            expected = [] if values == "-" else values.split(" | ")
            yield pytest.param(text, None if published == "-" else published, expected,
                               id=text[:40])


@pytest.fixture(scope="module")
def dates():
    return DateExtractor()


@pytest.mark.parametrize("text,published,expected", list(_cases()))
def test_date_values(dates, text, published, expected):
    _, found = dates(Document.from_text(text), published)
    assert [d.value for d in found] == expected
    for d in found:
        assert text[d.start:d.end] == d.text


def test_dateline_with_time_is_the_publication_date(dates):
    text = "Новости\n\n14 марта 2022 года в 11:05\n\nВ августе губернатор открыл школу."
    published, found = dates(Document.from_text(text))
    assert published == "2022-03-14T11:05"
    assert [(d.value, d.precision) for d in found] == [
        ("2022-03-14T11:05", "datetime"), ("2022-08", "month")]


def test_numeric_dateline_and_explicit_published_wins(dates):
    text = "12.10.2020 08:45\nДо 1 декабря проект завершат."
    assert dates(Document.from_text(text))[0] == "2020-10-12T08:45"
    published, found = dates(Document.from_text(text), "2021-01-05")
    assert published == "2021-01-05"
    assert found[-1].value == "2021-12-01"


def test_a_date_in_the_body_is_not_a_dateline(dates):
    text = ("Губернатор подвёл итоги года\n"
            "Губернатор рассказал 5 мая 2023 года о планах строительства новых школ.")
    assert dates(Document.from_text(text))[0] is None


def test_relative_dates_are_marked(dates):
    _, found = dates(Document.from_text("В прошлом году открыли офис."), "2020-02-02")
    assert found[0].relative and found[0].value == "2019"
    _, found = dates(Document.from_text("В 2019 году открыли офис."), "2020-02-02")
    assert not found[0].relative


def test_year_less_dates_take_the_nearest_year_of_their_sentence(dates):
    _, found = dates(Document.from_text("В 2022 году, 3 апреля, открыли школу."))
    assert [d.value for d in found] == ["2022", "2022-04-03"]


def test_furniture_is_not_read(dates):
    text = "Школу открыли 1 сентября 2024 года.\nЧитайте также:\nМузей открылся 2 мая 2021 года"
    _, found = dates(Document.from_text(text))
    assert [d.value for d in found] == ["2024-09-01"]


@pytest.mark.parametrize("text,span,precision", [
    ("Форум пройдёт с 20 по 25 ноября 2023 г. в Казани.", "с 20 по 25 ноября 2023 г.",
     "interval"),
    ("Рост отмечен в III квартале 2024 года.", "III квартале 2024 года", "quarter"),
    ("В первой половине 2025 года откроют центр.", "первой половине 2025 года", "half"),
    ("За январь–сентябрь 2024 года выдано 300 кредитов.", "январь–сентябрь 2024 года",
     "interval"),
    ("Дорогу построят к концу 2026 года.", "2026 года", "year"),
    ("Это было в XX в.", "XX в.", "interval"),
    ("Это было в 1990-е.", "1990-е", "interval"),
    ("Форум 5\u00a0апреля 2024\u00a0г. прошёл.", "5\u00a0апреля 2024\u00a0г.", "day"),
    ("Первого сентября открыли школу.", "Первого сентября", "day"),
])
def test_spans_and_precision(dates, text, span, precision):
    """Spans hold the period's prepositions (с ... по) and abbreviation dots (г., в.),
    not other prepositions or the boundary words before an explicit year."""
    _, found = dates(Document.from_text(text), "2024-05-20")
    assert [(d.text, d.precision) for d in found] == [(span, precision)]


def test_relative_flag_follows_the_relative_word(dates):
    _, found = dates(Document.from_text(
        "В первом полугодии прошлого года и в первом полугодии 2024 года."), "2024-09-01")
    assert [(d.value, d.relative) for d in found] == [
        ("2023-01-01/2023-06-30", True), ("2024-01-01/2024-06-30", False)]


def test_dateline_year_before_a_comma_and_a_time(dates):
    """razdel glues the comma to the year in ``2024, 10:15``; the span leaves it out."""
    text = "05 апреля 2024, 10:15\nГубернатор открыл школу вчера."
    published, found = dates(Document.from_text(text))
    assert published == "2024-04-05T10:15"
    assert [(d.text, d.value) for d in found] == [
        ("05 апреля 2024, 10:15", "2024-04-05T10:15"), ("вчера", "2024-04-04")]


def test_a_time_before_the_date_is_not_folded_in(dates):
    published, found = dates(Document.from_text("10:15, 05 апреля 2024\nТекст новости."))
    assert published == "2024-04-05"
    assert [d.text for d in found] == ["05 апреля 2024"]


def test_labelled_dateline(dates):
    text = "Дата публикации: 05.04.2024 10:15\nГубернатор открыл школу сегодня."
    assert dates(Document.from_text(text))[0] == "2024-04-05T10:15"


def test_rubric_dateline_under_the_title(dates):
    """A rubric and "от" before the date: the page's date; month names take its year."""
    text = ("Правительство утвердило программу\nНовости от 18.04.2024\n"
            "Ранее, в марте, в регионе открылся филиал фонда.")
    published, found = dates(Document.from_text(text))
    assert published == "2024-04-18"
    assert [d.value for d in found] == ["2024-04-18", "2024-03"]


@pytest.mark.parametrize("line", [
    "12.03.2024, 14:05", "Вт, 12.03.2024, 14:05",
    "Пресс-служба Правительства Тверской области, 12 марта 2024"])
def test_dateline_forms(dates, line):
    text = f"Губернатор открыл школу\n{line}\nВ марте открыли ещё одну."
    published, found = dates(Document.from_text(text))
    assert published[:10] == "2024-03-12"
    assert found[-1].value == "2024-03"


@pytest.mark.parametrize("footer,published", [
    ("Дата публикации: 12.03.2024 14:05", "2024-03-12T14:05"),
    ("Пресс-служба Правительства Тверской области, 12.03.2024", "2024-03-12"),
    ("Приём заявок продлится до 1 апреля 2024 года.", None),
    ("Постановление от 12.03.2024 № 45", None)])
def test_footer_dateline(dates, footer, published):
    text = ("Губернатор открыл школу\nВ Твери открыли школу на 1100 мест.\n"
            "В марте откроют ещё одну.\nШкола оснащена новым оборудованием.\n" + footer)
    found_published, found = dates(Document.from_text(text))
    assert found_published == published
    assert found[0].value == ("2024-03" if published else "--03")


@pytest.mark.parametrize("text,published", [
    ("12.03.2024 14:05 Губернатор открыл школу\nВ марте открыли ещё одну.", "2024-03-12T14:05"),
    ("Губернатор открыл школу 12 марта 2024, 14:05\nВ марте открыли ещё одну.",
     "2024-03-12T14:05"),
    ("Форум\n22 июня 2024 года в 10:30 начнётся форум. В марте открыли школу.", None)])
def test_date_and_time_glued_to_the_title(dates, text, published):
    assert dates(Document.from_text(text))[0] == published


def test_a_lead_ending_in_a_date_is_no_dateline(dates):
    text = "Губернатор открыл школу\nГубернатор открыл школу, 12 марта 2024 года.\nТекст."
    assert dates(Document.from_text(text))[0] is None


def test_year_less_periods_take_the_sentence_year(dates):
    _, found = dates(Document.from_text("В 2022 году, во втором полугодии, открыли центр."))
    assert [d.value for d in found] == ["2022", "2022-07-01/2022-12-31"]
    _, found = dates(Document.from_text("Во втором полугодии откроют центр."))
    assert [d.value for d in found] == ["--07-01/--12-31"]


def test_years_and_dates_are_not_indicators():
    from ru_govdigest import extract
    d = extract("В 2023/2024 учебном году 15–17 мая в школы пришли 900 детей.")
    assert [x.value for x in d.dates] == ["2023/2024", "--05-15/--05-17"]
    assert not any(i.start < t.end and t.start < i.end for i in d.indicators for t in d.dates)


@pytest.mark.parametrize("text, published, values", [
    ("Москва, 10 августа. Губернатор открыл мост.\nМост закрыли на ремонт 10 августа 2020 года.",
     "2020-08-10", ["2020-08-10", "2020-08-10"]),
    ("ТАСС, 3 марта\nДо 3 марта 2022 года заявки принимались онлайн. Итоги подведут 20 марта.",
     "2022-03-03", ["2022-03-03", "2022-03-03", "2022-03-20"]),
    ("ТАСС, 3 марта\nОтчёт сдали 5 марта 2022 года.", None, ["--03-03", "2022-03-05"]),
])
def test_a_yearless_dateline_takes_the_year_of_the_same_day(dates, text, published, values):
    """A dateline without a year (``ТАСС, 10 августа``) takes the year of a full date of the
    same day in the article; without one it stays year-less."""
    found_published, found = dates(Document.from_text(text))
    assert found_published == published
    assert [d.value for d in found] == values
