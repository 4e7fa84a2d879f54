"""The notebook view of a digest: escaped article, highlighted spans that hold exactly the
article's characters, legend, tables; and the terminal view."""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest

from conftest import SEEDS
from ru_govdigest import DateMention, Digest, Indicator, Mention, Official, Region
from ru_govdigest.display import digest_html, digest_spans, digest_text, number, segments

ARTICLE = ("Губернатор Вологодской области Олег Кувшинников сообщил, что к 1 июля 2024 года "
           "более 600 тыс. вологжан получают услуги онлайн.\n"
           "Заместителя губернатора Ивана Петрова попросили проверить код "
           "<script>alert(1)</script> & «кавычки» — и ответить до 2025 года.")


def span(text: str, fragment: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(fragment, start + 1)
    return start, start + len(fragment)


def mention(text: str, fragment: str, nth: int = 0) -> Mention:
    start, end = span(text, fragment, nth)
    return Mention(start, end, fragment)


def make_digest(text: str = ARTICLE) -> Digest:
    return Digest(
        id="vlg-1", published="2024-06-20", text=text,
        regions=(Region("RU-VLG", "Вологодская область", primary=True,
                        mentions=(mention(text, "Вологодской области"),
                                  mention(text, "вологжан"))),),
        officials=(Official("Олег Кувшинников", position="губернатор Вологодской области",
                            region="RU-VLG", mentions=(mention(text, "Олег Кувшинников"),),
                            position_mentions=(mention(text, "Губернатор Вологодской области"),)),
                   Official("Иван Петров", position="заместитель губернатора",
                            mentions=(mention(text, "Ивана Петрова"),),
                            position_mentions=(mention(text, "Заместителя губернатора"),))),
        dates=(DateMention("1 июля 2024 года", *span(text, "1 июля 2024 года"),
                           value="2024-07-01", precision="day"),
               DateMention("2025 года", *span(text, "2025 года"), value="2025",
                           precision="year")),
        indicators=(Indicator("более 600 тыс. вологжан", *span(text, "более 600 тыс. вологжан"),
                              value=600000.0, kind="count", qualifier="more", unit="человек",
                              subject="вологжане"),),
    )


class Marks(HTMLParser):
    """Collects every <mark> (its attributes and text) and the page's visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.marks: list[dict] = []
        self.article_text: list[str] = []
        self.tags: list[str] = []
        self._in_article = 0
        self._current = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attrs = dict(attrs)
        if self._in_article:
            self._in_article += 1
        elif "gd-article" in (attrs.get("class") or ""):
            self._in_article = 1
        if tag == "mark":
            self._current = {**attrs, "text": ""}

    def handle_endtag(self, tag):
        if tag == "mark":
            self.marks.append(self._current)
            self._current = None
        if self._in_article:
            self._in_article -= 1

    def handle_data(self, data):
        if self._current is not None:
            self._current["text"] += data
        if self._in_article:
            self.article_text.append(data)


def parse(page: str) -> Marks:
    parser = Marks()
    parser.feed(page)
    parser.close()
    return parser


def test_article_markup_is_escaped():
    page = digest_html(make_digest())
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert " &amp; " in page
    assert "script" not in parse(page).tags


def test_marks_hold_the_article_characters_and_nothing_is_lost():
    d = make_digest()
    parsed = parse(digest_html(d))
    assert "".join(parsed.article_text) == ARTICLE
    for m in parsed.marks:
        start, end = int(m["data-start"]), int(m["data-end"])
        assert m["text"] == ARTICLE[start:end]


def test_every_kind_is_highlighted_with_its_own_colour():
    parsed = parse(digest_html(make_digest()))
    by_class: dict[str, set[str]] = {}
    for m in parsed.marks:
        by_class.setdefault(m["class"], set()).add(m["text"])
    assert by_class["gd-region"] == {"Вологодской области", "вологжан"}
    assert by_class["gd-official"] == {"Олег Кувшинников", "Ивана Петрова"}
    assert by_class["gd-date"] == {"1 июля 2024 года", "2025 года"}
    # "вологжан" (region) sits inside the indicator: innermost wins, the indicator is cut.
    assert by_class["gd-indicator"] == {"более 600 тыс. "}
    # Positions are marked where the text words them (position_mentions), inflected.
    assert by_class["gd-position"] == {"Губернатор ", "Заместителя губернатора"}
    styles = {m["class"]: re.search(r"background:(#\w+)", m["style"]).group(1)
              for m in parsed.marks}
    assert len(set(styles.values())) == 5


def test_legend_and_tables():
    page = digest_html(make_digest())
    for key in ("regions (1)", "officials (2)", "positions (2)", "dates (2)",
                "indicators (1)"):
        assert f">{key}</span>" in page
    for table in ("gd-regions", "gd-officials", "gd-dates", "gd-indicators"):
        assert f'<table class="{table}"' in page
    assert "600\u2009000" in page and "2024-07-01" in page and "vlg-1" in page


def test_overlapping_spans_never_overlap_tags():
    text = "abcdefghij"
    d = Digest(text=text,
               dates=(DateMention("abcdef", 0, 6, "2024", "year"),),
               indicators=(Indicator("defghi", 3, 9, 1.0, "count"),),
               regions=(Region("RU-MOW", "Москва", mentions=(Mention(4, 5, "e"),)),))
    parsed = parse(digest_html(d))
    assert "".join(parsed.article_text) == text
    # Equal lengths: the indicator outranks the date; the region is innermost.
    assert [(m["class"], m["text"]) for m in parsed.marks] == [
        ("gd-date", "abc"), ("gd-indicator", "d"), ("gd-region", "e"), ("gd-indicator", "fghi")]


def test_segments_pick_the_innermost_span():
    d = Digest(dates=(DateMention("abcdef", 0, 6, "2024", "year"),),
               regions=(Region("RU-MOW", "Москва", mentions=(Mention(2, 4, "cd"),)),))
    cut = [(s, e, span.category if span else None)
           for s, e, span in segments("abcdefgh", digest_spans(d, "abcdefgh"))]
    assert cut == [(0, 2, "date"), (2, 4, "region"), (4, 6, "date"), (6, 8, None)]


def test_spans_that_do_not_hold_their_text_are_left_out():
    text = "Москва и Тверь"
    d = Digest(text=text, regions=(
        Region("RU-MOW", "Москва", mentions=(Mention(0, 6, "Москва"),)),
        Region("RU-TVE", "Тверская область", mentions=(Mention(0, 5, "Тверь"),)),
        Region("RU-SPE", "Санкт-Петербург", mentions=(Mention(-1, -1, "Петербург"),))))
    assert [(s.start, s.end) for s in digest_spans(d, text)] == [(0, 6)]


def test_without_text_only_tables():
    assert "text" not in make_digest().to_dict()  # JSON stays lean by default
    page = digest_html(Digest.from_dict(make_digest().to_dict()))
    assert "gd-article" not in page and "not available" in page
    assert '<table class="gd-regions"' in page
    # The text given explicitly, or kept through to_dict(include_text=True), is shown.
    assert "gd-article" in digest_html(make_digest(), text=ARTICLE)
    assert "gd-article" in Digest.from_dict(make_digest().to_dict(include_text=True))._repr_html_()


def test_table_values_are_escaped():
    d = Digest(id="<b>x</b>", officials=(Official("Иван <i>Петров</i>", position="A & B"),))
    page = digest_html(d)
    assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page
    assert "<i>Петров" not in page and "&lt;i&gt;Петров" in page and "A &amp; B" in page


@pytest.mark.parametrize("value, shown", [(234000000.0, "234\u2009000\u2009000"),
                                          (49.42, "49.42"), (2 / 3, "0.6667"), (5.0, "5")])
def test_numbers_are_readable(value, shown):
    assert number(value) == shown


def test_terminal_view():
    out = digest_text(make_digest())
    assert out.splitlines()[0] == "vlg-1  published 2024-06-20"
    assert "RU-VLG" in out and "Олег Кувшинников — губернатор Вологодской области" in out
    assert "600\u2009000" in out


def test_repr_html_on_a_real_seed(extractor):
    path = sorted(SEEDS.glob("*.txt"))[0]
    text = path.read_text(encoding="utf-8")
    d = extractor.extract(text, id=path.stem)
    assert d.text == text
    parsed = parse(d._repr_html_())
    assert "".join(parsed.article_text) == text
    assert all(m["text"] == text[int(m["data-start"]):int(m["data-end"])]
               for m in parsed.marks)
    assert html.escape(path.stem) in d._repr_html_()
    assert len(repr(d)) < 400
