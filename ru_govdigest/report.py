"""One self-contained HTML file over a corpus of digests (``govdigest report``).

    write_report("digests.jsonl", "report.html")
    write_report(Corpus(digests), "report.html", title="Press releases, 2024")

The page holds a summary, the regions as a bar chart and as a tile grid map of the federal
subjects (``models/region_tiles.tsv``), the articles and figures over time, the most
reported subjects, the merged officials, a sample of the indicators each linked to its
article's digest view, and those digest views. Plots are matplotlib SVG written into the
page; styles and the small script that pages and filters the long tables are inline; no
font, image or script is loaded from anywhere, so the file works from a ``file://`` URL
and offline.

The size of the page does not grow with the corpus: charts and the subjects table
aggregate every article, the officials table keeps the persons of most articles and the
indicators table a random sample (fixed seed), each with a note on the page saying so.
Needs pandas and matplotlib (``pip install "ru_govdigest[report]"``).
"""
from __future__ import annotations

import html
import io
import math
import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Optional, Union

from .corpus import Corpus, fold
from .display import digest_html, number
from .resources import read_tsv

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Limits:
    """How much of each long table the page holds."""

    officials: int = 300  # persons of the most articles
    indicators: int = 400  # a random sample of the indicators (and their digest views)
    subjects: int = 30  # most reported subjects
    regions_charted: int = 20  # regions in the bar chart
    page: int = 25  # table rows a page
    seed: int = 0  # of the indicator sample


TILE, GAP = 46, 3  # tile grid map: tile side and gap, pixels
BLUES = ((0xde, 0xeb, 0xf7), (0x08, 0x30, 0x6b))  # lightest and darkest tile colour
EMPTY_TILE = "#eeeeee"


def write_report(source: Union[Corpus, str, os.PathLike], out: Union[str, os.PathLike], *,
                 title: Optional[str] = None, limits: Limits = Limits()) -> Path:
    """Write the report of ``source`` (a Corpus or a JSON Lines file of digests) to
    ``out``; returns its path."""
    if not isinstance(source, Corpus):
        title = title or f"Digests of {Path(source).name}"
        source = Corpus.from_jsonl(source)
    out = Path(out)
    out.write_text(report_html(source, title=title or "Digests", limits=limits), encoding="utf-8")
    return out


def report_html(corpus: Corpus, *, title: str = "Digests", limits: Limits = Limits()) -> str:
    """The whole page as a string."""
    officials = corpus.officials()
    indicators = corpus.indicators()
    regions = corpus.regions()
    articles = corpus.articles()
    sample = _indicator_sample(indicators, limits)
    anchors = {article_id: f"d{n}" for n, article_id in enumerate(dict.fromkeys(sample["id"]))}
    sections = [
        _summary(corpus, articles, officials, indicators, regions),
        _regions_section(regions, limits),
        _time_section(articles, indicators),
        _figures_section(indicators, limits),
        _officials_section(corpus, officials, limits),
        _indicators_section(indicators, sample, anchors, limits),
        _digests_section(corpus, anchors),
    ]
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return PAGE.format(title=html.escape(title), style=STYLE, script=SCRIPT, stamp=stamp,
                       body="\n".join(sections))


# -- sections ------------------------------------------------------------------------------
def _summary(corpus: Corpus, articles: "pd.DataFrame", officials: "pd.DataFrame",
             indicators: "pd.DataFrame", regions: "pd.DataFrame") -> str:
    dated = articles["date"].dropna()
    period = (f"{dated.min():%Y-%m-%d} – {dated.max():%Y-%m-%d}" if len(dated) else "no dates")
    raw_names = corpus.official_mentions()["name"].nunique()
    cards = [
        ("articles", _n(len(articles)), f"{_n(len(corpus.errors))} error records"),
        ("period", period, f"{_n(len(dated))} articles dated"),
        ("regions", _n(len(regions)),
         f"{_share(articles['regions'].gt(0).sum(), len(articles))} of articles name one; "
         f"{_share(articles['primary'].notna().sum(), len(articles))} have a primary"),
        ("officials", _n(len(officials)),
         f"persons merged from {_n(raw_names)} name strings"),
        ("indicators", _n(len(indicators)),
         f"{_share(indicators['region'].notna().sum(), len(indicators))} with a region"),
    ]
    items = "".join(f'<div class="card"><div class="label">{label}</div>'
                    f'<div class="big">{html.escape(value)}</div>'
                    f'<div class="note">{html.escape(note)}</div></div>'
                    for label, value, note in cards)
    return f'<section id="summary"><div class="cards">{items}</div></section>'


def _regions_section(regions: "pd.DataFrame", limits: Limits) -> str:
    counts = regions.set_index("code")
    # Two maps, one shown at a time: a radio button picks which (CSS only, works without
    # scripts too).
    switch = "".join(
        f'<input type="radio" name="map" id="map-{column}" value="{column}"{checked}>'
        f'<label for="map-{column}">{column}</label>'
        for column, checked in (("articles", " checked"), ("indicators", "")))
    maps = "".join(
        f'<figure class="map map-{column}"><figcaption>{caption}</figcaption>'
        f"{tile_map(counts[column].to_dict(), counts['name'].to_dict(), column)}</figure>"
        for column, caption in (("articles", "Articles naming each region (hover a tile for "
                                             "its name)"),
                                ("indicators", "Indicators of each region (their own region, "
                                               "else the article's primary one)")))
    top = regions.head(limits.regions_charted)
    chart = _svg(_region_bars(top), "regions") if len(top) else "<p>No region is named.</p>"
    return (f'<section id="regions"><h2>Regions</h2><div class="maps">{switch}{maps}</div>'
            f'<figure class="chart">{chart}<figcaption>The {len(top)} regions named in most '
            f"articles, of {_n(len(regions))}: articles naming each and indicators that belong "
            "to it (their own region, else the article's primary one).</figcaption></figure>"
            "</section>")


def _time_section(articles: "pd.DataFrame", indicators: "pd.DataFrame") -> str:
    dated = articles["date"].dropna()
    if dated.empty:
        return '<section id="time"><h2>Over time</h2><p>No article has a date.</p></section>'
    low, high = dated.quantile(0.005), dated.quantile(0.995)
    outside = int(((dated < low) | (dated > high)).sum())
    note = (f" {_n(outside)} articles dated outside {low:%Y-%m-%d} – {high:%Y-%m-%d} "
            "(the outer 1%) are left out of the plot." if outside else "")
    figure = _svg(_time_plot(articles, indicators, low, high), "time")
    return (f'<section id="time"><h2>Over time</h2><figure class="chart">{figure}'
            "<figcaption>Articles and indicators by the article's date (its publication "
            f"date, else the latest day it names).{note}</figcaption></figure></section>")


def _figures_section(indicators: "pd.DataFrame", limits: Limits) -> str:
    if indicators.empty:
        return '<section id="figures"><h2>Figures</h2><p>No indicators.</p></section>'
    kinds = _svg(_kind_bars(indicators), "kinds")
    subjects = _top_subjects(indicators, limits.subjects)
    rows = [(s.subject, s.unit, _n(s.count), _n(s.regions), number(round(s.median, 4)),
             _day(s.latest)) for s in subjects.itertuples(index=False)]
    table = _table("subjects", ("subject", "unit", "indicators", "regions", "median value",
                                "latest"), rows, limits.page, nowrap=(2, 3, 4, 5))
    return (f'<section id="figures"><h2>Figures</h2><figure class="chart small">{kinds}'
            "<figcaption>Indicators by kind.</figcaption></figure>"
            f"<h3>Most reported subjects</h3><p class=\"note\">The {len(subjects)} subjects "
            f"(compared in lower case, ё as е) with most indicators, of "
            f"{_n(indicators['subject'].dropna().map(fold).nunique())}; values in base units.</p>"
            f"{table}</section>")


def _officials_section(corpus: Corpus, officials: "pd.DataFrame", limits: Limits) -> str:
    shown = officials.head(limits.officials)
    rows = [(_person_cell(p.name, p.spellings), _positions_cell(p.positions), _n(p.articles),
             _day(p.first_seen), _day(p.last_seen), ", ".join(p.regions[:3]))
            for p in shown.itertuples(index=False)]
    note = (f"The {_n(len(shown))} persons written about in most articles, of "
            f"{_n(len(officials))}" if len(shown) < len(officials) else
            f"All {_n(len(officials))} persons")
    raw = corpus.official_mentions()["name"].nunique()
    return (f'<section id="officials"><h2>Officials</h2><p class="note">{note}, merged from '
            f"{_n(raw)} name strings: a surname alone or initials join the full name when "
            "that is unambiguous in the corpus; ё and е, Latin and Cyrillic look-alike letters "
            "are read alike. Hover a name for its spellings. The full table: "
            "<code>Corpus.officials()</code>.</p>"
            + _table("officials", ("name", "positions", "articles", "first seen", "last seen",
                                   "regions"), rows, limits.page, raw_html=(0, 1), nowrap=(2, 3, 4))
            + "</section>")


def _indicators_section(indicators: "pd.DataFrame", sample: "pd.DataFrame",
                        anchors: dict[str, str], limits: Limits) -> str:
    rows = [(i.date, i.region, i.subject, _value(i), i.unit, i.kind, i.qualifier, i.text,
             f'<a href="#{anchors[i.id]}">{html.escape(str(i.id))}</a>')
            for i in sample.itertuples(index=False)]
    if len(sample) < len(indicators):
        note = (f"A random sample of {_n(len(sample))} of the {_n(len(indicators))} indicators "
                f"(seed {limits.seed}), by date; the charts and the subjects table above count "
                "them all. The full table: <code>Corpus.indicators()</code>.")
    else:
        note = f"All {_n(len(indicators))} indicators, by date."
    return (f'<section id="indicators"><h2>Indicators</h2><p class="note">{note} Region and '
            "date are the indicator's own, else its article's; values in base units. The "
            "article link opens its digest.</p>"
            + _table("indicators", ("date", "region", "subject", "value", "unit", "kind",
                                    "qualifier", "as written", "article"), rows, limits.page,
                     raw_html=(8,), nowrap=(0, 1, 3, 4, 8))
            + "</section>")


def _digests_section(corpus: Corpus, anchors: dict[str, str]) -> str:
    by_id = {d.id: d for d in corpus.digests if d.id in anchors}
    views = "".join(f'<section class="digest" id="{anchor}"><p><a href="#indicators">'
                    f"&larr; back to the indicators</a></p>{digest_html(by_id[article_id])}</section>"
                    for article_id, anchor in anchors.items())
    return f'<div id="digests">{views}</div>'


# -- the tile grid map ---------------------------------------------------------------------------
def tile_map(values: dict[str, int], names: dict[str, str], measure: str) -> str:
    """An SVG tile grid map: one square per federal subject (``models/region_tiles.tsv``),
    coloured by ``values`` on a log scale, the count on the tile, name and count in its
    tooltip."""
    tiles = [(code, label, int(row), int(col)) for code, label, row, col in read_tsv("region_tiles.tsv")]
    top = max((values.get(code, 0) for code, *_ in tiles), default=0)
    width = (max(col for *_, col in tiles) + 1) * (TILE + GAP)
    height = (max(row for *_, row, _ in tiles) + 1) * (TILE + GAP)
    parts = [f'<svg class="tilemap" data-measure="{measure}" xmlns="http://www.w3.org/2000/svg" '
             f'viewBox="0 0 {width} {height + 28}" width="{width}" height="{height + 28}" '
             'font-family="sans-serif" text-anchor="middle">']
    for code, label, row, col in tiles:
        count = int(values.get(code, 0) or 0)
        fill, ink = _tile_colour(count, top)
        x, y = col * (TILE + GAP), row * (TILE + GAP)
        name = html.escape(names.get(code, code))
        parts.append(
            f'<g class="tile" data-code="{code}" data-count="{count}">'
            f"<title>{name} ({code}): {_n(count)} {measure}</title>"
            f'<rect x="{x}" y="{y}" width="{TILE}" height="{TILE}" rx="4" fill="{fill}"/>'
            f'<text x="{x + TILE / 2}" y="{y + 18}" font-size="11" fill="{ink}">{html.escape(label)}</text>'
            f'<text x="{x + TILE / 2}" y="{y + 35}" font-size="12" font-weight="bold" '
            f'fill="{ink}">{_short(count)}</text></g>')
    legend_y = height + 8
    for n, count in enumerate(_legend_steps(top)):
        fill, ink = _tile_colour(count, top)
        x = n * 64
        parts.append(f'<rect x="{x}" y="{legend_y}" width="60" height="16" rx="3" fill="{fill}"/>'
                     f'<text x="{x + 30}" y="{legend_y + 12}" font-size="10" fill="{ink}">'
                     f"{_short(count)}</text>")
    parts.append("</svg>")
    return "".join(parts)


def _tile_colour(count: int, top: int) -> tuple[str, str]:
    """Fill and text colour: grey for none, light to dark blue by log(count)."""
    if count <= 0 or top <= 0:
        return EMPTY_TILE, "#666666"
    share = math.log1p(count) / math.log1p(top)
    rgb = [round(a + (b - a) * share) for a, b in zip(*BLUES)]
    return "#" + "".join(f"{c:02x}" for c in rgb), "#ffffff" if share > 0.5 else "#10243e"


def _legend_steps(top: int) -> list[int]:
    steps = [0] + [10 ** k for k in range(0, 7) if 10 ** k < top] + ([top] if top else [])
    return list(dict.fromkeys(steps))


# -- plots ---------------------------------------------------------------------------------------
def _plt():
    try:
        import matplotlib
    except ImportError:
        raise ImportError("the report needs matplotlib: pip install ru_govdigest[report]") from None
    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    return plt


def _svg(figure, name: str) -> str:
    """The figure as inline SVG: text drawn as paths (no font is needed), ids salted by
    ``name`` so that several figures on one page do not share them, without the XML
    prologue and matplotlib's RDF metadata block."""
    plt = _plt()
    buffer = io.StringIO()
    with plt.rc_context({"svg.fonttype": "path", "svg.hashsalt": name}):
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    svg = buffer.getvalue()
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg[svg.index("<svg"):], count=1, flags=re.S)
    return svg.replace("<svg ", f'<svg class="plot" data-plot="{name}" ', 1)


def _region_bars(top: "pd.DataFrame"):
    plt = _plt()
    figure, axes = plt.subplots(figsize=(9, 0.28 * len(top) + 1.2))
    positions = range(len(top))[::-1]
    axes.barh([p + 0.2 for p in positions], top["articles"], height=0.4, label="articles",
              color="#3b78b5")
    axes.barh([p - 0.2 for p in positions], top["indicators"], height=0.4, label="indicators",
              color="#e08a3c")
    axes.set_yticks(list(positions), top["name"])
    axes.set_xscale("symlog", linthresh=10)
    axes.legend(loc="lower right", frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_xlabel("count (log scale above 10)")
    return figure


def _time_plot(articles: "pd.DataFrame", indicators: "pd.DataFrame", low, high):
    plt = _plt()
    span_days = (high - low).days
    freq, label = ("W-MON", "week") if span_days <= 400 else ("MS", "month")
    per = {name: dates[(dates >= low) & (dates <= high)].dt.to_period(freq[0]).value_counts()
           .sort_index() for name, dates in (("articles", articles["date"].dropna()),
                                             ("indicators", _indicator_days(indicators)))}
    figure, axes = plt.subplots(figsize=(9, 3))
    for (name, counts), colour in zip(per.items(), ("#3b78b5", "#e08a3c")):
        if len(counts):
            axes.plot(counts.index.to_timestamp(), counts.values, marker=".", label=name,
                      color=colour)
    axes.set_ylabel(f"per {label}")
    axes.legend(frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    figure.autofmt_xdate()
    return figure


def _indicator_days(indicators: "pd.DataFrame"):
    """The day of each indicator's article (an indicator's own date may be a year)."""
    import pandas as pd
    return pd.to_datetime(indicators["published"].str.slice(0, 10), format="%Y-%m-%d",
                          errors="coerce").dropna()


def _kind_bars(indicators: "pd.DataFrame"):
    plt = _plt()
    counts = indicators["kind"].value_counts()
    figure, axes = plt.subplots(figsize=(5, 0.3 * len(counts) + 0.8))
    axes.barh(counts.index[::-1], counts.values[::-1], color="#b5549a")
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_xlabel("indicators")
    return figure


# -- tables -----------------------------------------------------------------------------------
def _indicator_sample(indicators: "pd.DataFrame", limits: Limits) -> "pd.DataFrame":
    sample = indicators
    if len(indicators) > limits.indicators:
        sample = indicators.sample(n=limits.indicators, random_state=limits.seed)
    return sample.sort_values(["when", "id", "start"], kind="stable", na_position="last")


def _top_subjects(indicators: "pd.DataFrame", count: int) -> "pd.DataFrame":
    rows = indicators.dropna(subset=["subject"]).assign(
        folded=lambda f: f["subject"].map(fold), unit=lambda f: f["unit"].fillna(""))
    grouped = rows.groupby(["folded", "unit"], sort=False)
    table = grouped.agg(subject=("subject", lambda s: s.mode().iat[0]), count=("value", "size"),
                        regions=("region", "nunique"), median=("value", "median"),
                        latest=("when", "max")).reset_index()
    return table.sort_values(["count", "folded"], ascending=[False, True]).head(count)


def _table(name: str, header: Iterable[str], rows: list[tuple], page: int,
           raw_html: tuple[int, ...] = (), nowrap: tuple[int, ...] = ()) -> str:
    """A table the page's script pages (``page`` rows) and filters. Cells are escaped
    unless their column is in ``raw_html``; missing values are blank; columns in ``nowrap``
    (numbers, dates, codes) do not wrap."""
    header = list(header)
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    opening = ['<td class="nowrap">' if n in nowrap else "<td>" for n in range(len(header))]
    body = "".join("<tr>" + "".join(
        opening[n] + (cell if n in raw_html else html.escape(_text(cell))) + "</td>"
        for n, cell in enumerate(row)) + "</tr>" for row in rows)
    return (f'<table class="paged" id="table-{name}" data-page="{page}"><thead><tr>{head}'
            f"</tr></thead><tbody>{body}</tbody></table>")


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _person_cell(name: str, spellings: list[str]) -> str:
    others = [s for s in spellings if s != name]
    title = f' title="{html.escape("also: " + "; ".join(others))}"' if others else ""
    return f"<span{title}>{html.escape(name)}</span>" + (
        f' <span class="note">+{len(others)}</span>' if others else "")


def _positions_cell(positions: list[str]) -> str:
    shown = "; ".join(html.escape(p) for p in positions[:3])
    return shown + (f' <span class="note">(+{len(positions) - 3})</span>' if len(positions) > 3 else "")


def _value(indicator) -> str:
    value = number(indicator.value)
    if indicator.value_max == indicator.value_max and indicator.value_max is not None:  # not NaN
        value += f"–{number(indicator.value_max)}"
    return value


# -- formatting ------------------------------------------------------------------------------------
def _n(count: int) -> str:
    return f"{int(count):,}".replace(",", "\u2009")


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "0%"


def _short(count: int) -> str:
    """A count that fits a tile: 950, 12k, 3.4M."""
    for size, suffix in ((1_000_000, "M"), (1_000, "k")):
        if count >= size:
            value = count / size
            return f"{value:.1f}{suffix}" if value < 10 else f"{value:.0f}{suffix}"
    return str(count)


def _day(value) -> str:
    return "" if value is None or value != value else f"{value:%Y-%m-%d}"  # NaT != NaT


STYLE = """
body{font-family:sans-serif;margin:0 auto;max-width:1200px;padding:16px 24px;color:#1d1d1f;background:#fff}
h1{font-size:24px;margin:8px 0 4px}h2{font-size:19px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
h3{font-size:15px;margin:16px 0 4px}nav a{margin-right:14px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin-top:12px}
.card{border:1px solid #ddd;border-radius:6px;padding:10px 14px;min-width:170px}
.card .label{color:#666;font-size:12px;text-transform:uppercase}.card .big{font-size:22px;font-weight:bold}
.note{color:#666;font-size:13px}figure{margin:8px 0}figcaption{color:#555;font-size:13px}
.maps label{margin:0 14px 0 4px}.maps figure.map-indicators{display:none}
#map-indicators:checked~figure.map-indicators{display:block}#map-indicators:checked~figure.map-articles{display:none}
svg.plot{max-width:100%;height:auto}
table.paged{border-collapse:collapse;font-size:13px;width:100%}
table.paged th{background:#f3f3f3;text-align:left;padding:4px 8px;position:sticky;top:0}
table.paged td{padding:3px 8px;border-bottom:1px solid #eee;vertical-align:top}td.nowrap{white-space:nowrap}
.pager{margin:6px 0;font-size:13px}.pager input{margin-right:10px}.pager button{margin:0 4px}
.digest{display:none;border:2px solid #3b78b5;border-radius:6px;padding:8px 12px;margin:16px 0}
.digest:target{display:block}
"""

# Pages and filters every table.paged; without scripts the tables show every row.
SCRIPT = """
document.querySelectorAll('table.paged').forEach(function (table) {
  var size = +table.dataset.page, rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var shown = rows, page = 0;
  var bar = document.createElement('div'); bar.className = 'pager';
  var filter = document.createElement('input'); filter.placeholder = 'filter';
  var prev = document.createElement('button'); prev.textContent = '\\u2190';
  var next = document.createElement('button'); next.textContent = '\\u2192';
  var info = document.createElement('span');
  bar.append(filter, prev, info, next); table.parentNode.insertBefore(bar, table);
  function draw() {
    var pages = Math.max(1, Math.ceil(shown.length / size));
    page = Math.min(Math.max(page, 0), pages - 1);
    rows.forEach(function (row) { row.style.display = 'none'; });
    shown.slice(page * size, page * size + size).forEach(function (row) { row.style.display = ''; });
    info.textContent = 'page ' + (page + 1) + ' of ' + pages + ' (' + shown.length + ' rows)';
  }
  filter.addEventListener('input', function () {
    var needle = filter.value.toLowerCase();
    shown = rows.filter(function (row) { return row.textContent.toLowerCase().indexOf(needle) >= 0; });
    page = 0; draw();
  });
  prev.addEventListener('click', function () { page -= 1; draw(); });
  next.addEventListener('click', function () { page += 1; draw(); });
  draw();
});
"""

PAGE = """<!doctype html>
<html lang="ru"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><style>{style}</style></head>
<body>
<h1>{title}</h1>
<p class="note">ru_govdigest report, made {stamp}.</p>
<nav><a href="#regions">Regions</a><a href="#time">Over time</a><a href="#figures">Figures</a>
<a href="#officials">Officials</a><a href="#indicators">Indicators</a></nav>
{body}
<script>{script}</script>
</body></html>
"""
