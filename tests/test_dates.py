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
