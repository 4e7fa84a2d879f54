"""The HTML report: every part is on the page, nothing is loaded from elsewhere, long tables
are cut and say so, the page does not grow with the corpus; the tile grid map's layout."""
from __future__ import annotations

import importlib.util
import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest

from conftest import SEEDS
from ru_govdigest import Digest
from ru_govdigest.cli import main
from ru_govdigest.corpus import Corpus
from ru_govdigest.resources import model_path, read_tsv

pytest.importorskip("pandas")
pytest.importorskip("matplotlib")
from ru_govdigest.report import Limits, report_html, write_report  # noqa: E402

OWN_ARTICLES = [  # written for these tests
    "Губернатор Вологодской области Иван Сидоренко открыл школу на 600 мест. "
    "На её строительство направили 45 млн рублей.",
    "Глава региона Сидоренко наградил 12 учителей Вологодской области.",
    "Урожай зерна в Смоленской области составил 350 тыс. тонн.",
]


class Page(HTMLParser):
    """Tags with their attributes, the ids on the page, the text inside each element id."""

    def __init__(self, text: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def find(self, tag: str, **attrs) -> list[dict]:
        return [a for t, a in self.tags if t == tag
                and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())]


@pytest.fixture(scope="module")
def corpus(extractor) -> Corpus:
    digests = [extractor.extract(path.read_text(encoding="utf-8"), id=path.stem)
               for path in sorted(SEEDS.glob("*.txt"))]
    digests += [extractor.extract(text, id=f"own{n}", published=f"2024-0{n + 1}-15")
                for n, text in enumerate(OWN_ARTICLES)]
    return Corpus(digests + [{"id": "broken", "error": "empty file"}])


@pytest.fixture(scope="module")
def page(corpus) -> str:
    return report_html(corpus, title="Test corpus")


def _rows(page: str, table: str) -> list[str]:
    body = re.search(rf'<table class="paged" id="table-{table}".*?<tbody>(.*?)</tbody>', page, re.S)
    return re.findall(r"<tr>.*?</tr>", body.group(1), re.S)


def test_every_part_is_on_the_page(corpus, page):
    parsed = Page(page)
    for section in ("summary", "regions", "time", "figures", "officials", "indicators"):
        assert parsed.find("section", id=section), section
    assert {a["data-plot"] for a in parsed.find("svg") if "data-plot" in a} == \
        {"regions", "time", "kinds"}
    assert {a["data-measure"] for a in parsed.find("svg", class_="tilemap")} == \
        {"articles", "indicators"}
    assert len(parsed.find("g", class_="tile")) == 2 * len(read_tsv("region_tiles.tsv"))
    vologda = parsed.find("g", class_="tile", **{"data-code": "RU-VLG"})
    assert [a["data-count"] for a in vologda] == [
        str(corpus.regions().set_index("code").loc["RU-VLG", c]) for c in ("articles", "indicators")]
    assert len(_rows(page, "officials")) == len(corpus.officials())
    assert len(_rows(page, "indicators")) == len(corpus.indicators())
    assert "1 error records" in page and "Test corpus" in page


def test_each_indicator_links_to_its_articles_digest(corpus, page):
    views = dict(re.findall(r'<section class="digest" id="(d\d+)">.*?<b>([^<]+)</b>', page, re.S))
    links = re.findall(r'<a href="#(d\d+)">([^<]+)</a>', page)
    assert links and all(views[anchor] == article_id for anchor, article_id in links)
    assert set(views.values()) == set(corpus.indicators()["id"])


def test_nothing_is_loaded_from_elsewhere(page):
    for tag, attrs in Page(page).tags:
        assert "src" not in attrs, tag
        for name in ("href", "xlink:href"):
            assert attrs.get(name, "#").startswith("#"), (tag, attrs)
    assert not re.search(r"<link|<img|<image|<iframe|@import|url\((?!#)|https?://(?!www\.w3\.org/)",
                         page)


def test_long_tables_are_cut_and_say_so(corpus):
    limits = Limits(officials=2, indicators=3, page=2)
    page = report_html(corpus, limits=limits)
    assert len(_rows(page, "officials")) == 2
    assert f"The 2 persons written about in most articles, of {len(corpus.officials())}" in page
    assert len(_rows(page, "indicators")) == 3
    assert f"A random sample of 3 of the {len(corpus.indicators())} indicators (seed 0)" in page
    assert page.count('class="digest"') <= 3
    assert _rows(page, "indicators") == _rows(report_html(corpus, limits=limits), "indicators")
    assert 'data-page="2"' in page


def test_the_page_does_not_grow_with_the_corpus(corpus):
    limits = Limits(officials=5, indicators=5)
    small = report_html(corpus, limits=limits)
    copies = [replace(d, id=f"{d.id}_{n}") for n in range(40) for d in corpus.digests]
    large = report_html(Corpus(copies), limits=limits)
    assert len(large) < 1.25 * len(small)


def test_report_command(corpus, tmp_path, capsys):
    digests = tmp_path / "digests.jsonl"
    digests.write_text("".join(d.to_json() + "\n" for d in corpus.digests), encoding="utf-8")
    out = tmp_path / "report.html"
    assert main(["report", str(digests), "-o", str(out), "--title", "Сводка"]) == 0
    assert "<title>Сводка</title>" in out.read_text(encoding="utf-8")
    assert "report of" in capsys.readouterr().err
    assert main(["report", str(tmp_path / "missing.jsonl"), "-o", str(out)]) == 2
    assert main(["report", str(digests), "-o", str(tmp_path / "no" / "r.html")]) == 2


def test_write_report_reads_a_jsonl_file(corpus, tmp_path):
    digests = tmp_path / "some.jsonl"
    digests.write_text("".join(d.to_json() + "\n" for d in corpus.digests), encoding="utf-8")
    page = write_report(digests, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<title>Digests of some.jsonl</title>" in page
    assert len(_rows(page, "indicators")) == len(corpus.indicators())


# -- the tile grid map ---------------------------------------------------------------------------
def _build_tiles():
    spec = importlib.util.spec_from_file_location("build_tiles", model_path("build_tiles.py"))
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    return build


def test_every_subject_has_one_tile_of_its_own():
    tiles = read_tsv("region_tiles.tsv")
    subjects = {row[1] for row in read_tsv("regions.tsv") if row[0] == "canonical"}
    assert sorted(code for code, *_ in tiles) == sorted(subjects)
    assert len({(row, col) for _, _, row, col in tiles}) == len(tiles)


def test_tiles_are_built_from_the_points_and_keep_the_geography():
    build = _build_tiles()
    points = build.read_points()
    layout = build.layout(points)
    built = [(p["code"], p["label"], str(row), str(col)) for p, (row, col) in zip(points, layout)]
    assert built == list(read_tsv("region_tiles.tsv")), "run: python models/build_tiles.py"
    import pandas as pd
    frame = pd.DataFrame({"lon": [float(p["lon"]) for p in points],
                          "lat": [float(p["lat"]) for p in points],
                          "col": [col for _, col in layout], "row": [row for row, _ in layout]})
    ranks = frame.rank()
    assert ranks["lon"].corr(ranks["col"]) > 0.9  # west to east
    assert ranks["lat"].corr(ranks["row"]) < -0.8  # north at the top


def test_assignment_is_minimal():
    build = _build_tiles()
    cost = [[4, 1, 3], [2, 0, 5], [3, 2, 2]]
    assert build.assign(cost) == [1, 0, 2]  # 1 + 2 + 2 = 5, the least of the 6 ways
    assert build.assign([[5, 1, 9, 9], [1, 9, 9, 9]]) == [1, 0]


def test_digests_with_text_show_the_article(extractor):
    digest = extractor.extract(OWN_ARTICLES[0], id="with-text")
    page = report_html(Corpus([digest]))
    assert 'class="gd-article"' in page  # the highlighted article inside the digest view
    bare = report_html(Corpus([Digest.from_dict(digest.to_dict())]))
    assert 'class="gd-article"' not in bare and "tables only" in bare
