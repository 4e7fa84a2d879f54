"""Human-readable views of a digest: plain text for terminals, HTML for notebooks.

``digest_html`` shows the article with every found item highlighted (one colour per
kind, a legend with the counts, the item's value in the tooltip), then a compact table of
each kind. It needs the article text (``Digest.text``, which the Extractor fills, or the
``text`` argument); without it only the tables are shown. Plain HTML and inline styles,
no JavaScript, so that it renders the same in Jupyter, VS Code and exported notebooks.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from itertools import groupby
from typing import Iterable, Iterator, Optional

from .digest import Digest, Indicator

# Category -> background colour, in legend order.
COLOURS = {
    "region": "#c9dcff",
    "official": "#ffd3a3",
    "position": "#fff3a6",
    "date": "#c4f0c0",
    "indicator": "#f9c6f1",
}
# Which span is shown where two equally long ones cover the same characters.
_PRIORITY = {name: rank for rank, name in
             enumerate(("indicator", "date", "region", "official", "position"))}

_MARK_STYLE = "padding:0 1px;border-radius:3px;background:{}"
_CELL = "padding:2px 8px;border-bottom:1px solid #e4e4e4;text-align:left;vertical-align:top"
_PROSE_COLUMNS = {"as written", "subject", "position", "organization"}  # may wrap; codes don't


@dataclass(frozen=True)
class Span:
    """A highlighted stretch of the article, ``article[start:end]``."""

    start: int
    end: int
    category: str
    title: str


def digest_text(d: Digest) -> str:
    """A readable multi-line summary for a terminal (``govdigest show``)."""
    out = [f"{d.id or '(no id)'}" + (f"  published {d.published}" if d.published else "")]
    out.append(f"Regions ({len(d.regions)}):")
    for r in d.regions:
        out.append(f"  {r.code:<8} {r.name}{'  [primary]' if r.primary else ''}"
                   f"  x{len(r.mentions)}")
    out.append(f"Officials ({len(d.officials)}):")
    for o in d.officials:
        out.append(f"  {o.name}" + (f" — {o.position}" if o.position else ""))
    out.append(f"Dates ({len(d.dates)}):")
    for dt in d.dates:
        out.append(f"  {dt.value:<24} {dt.precision:<9} «{dt.text}»")
    out.append(f"Indicators ({len(d.indicators)}):")
    for i in d.indicators:
        out.append(f"  {indicator_value(i):>14} {i.unit or '':<10} {i.kind:<10} "
                   f"{i.qualifier:<8} {i.subject or ''}  «{i.text}»")
    if d.meta.get("errors"):
        out.append("Errors: " + "; ".join(d.meta["errors"]))
    return "\n".join(out)


def indicator_value(i: Indicator) -> str:
    """``600 000``, ``100–500``, ``4.21 of 5``: readable, never in exponent notation."""
    value = number(i.value) + (f"–{number(i.value_max)}" if i.value_max is not None else "")
    if i.of_total is not None:
        value += f" of {number(i.of_total)}"
    return value


def number(value: float) -> str:
    """``234 000 000``, ``49.42``, ``0.6667``: digits grouped by thousands."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", "\u2009")
    return f"{value:,.4f}".rstrip("0").replace(",", "\u2009")


# -- spans -------------------------------------------------------------------------------
def digest_spans(d: Digest, text: str) -> list[Span]:
    """Every item of the digest located in ``text``. A span whose offsets do not hold
    the item's text (a digest of another text, gold without offsets) is left out."""
    spans: set[Span] = set()

    def add(start: int, end: int, expected: str, category: str, title: str) -> None:
        if 0 <= start < end <= len(text) and text[start:end] == expected:
            spans.add(Span(start, end, category, title))

    for r in d.regions:
        for m in r.mentions:
            add(m.start, m.end, m.text, "region", f"{r.code} {r.name}")
    for o in d.officials:
        title = o.name + (f" — {o.position}" if o.position else "")
        for m in o.mentions:
            add(m.start, m.end, m.text, "official", title)
        for m in o.position_mentions:
            add(m.start, m.end, m.text, "position", f"{o.position} ({o.name})")
    for dt in d.dates:
        add(dt.start, dt.end, dt.text, "date", f"{dt.value} ({dt.precision})")
    for i in d.indicators:
        title = " · ".join(part for part in (f"{indicator_value(i)} {i.unit or ''}".strip(),
                                             i.kind, i.qualifier, i.subject) if part)
        add(i.start, i.end, i.text, "indicator", title)
    return sorted(spans, key=lambda s: (s.start, s.end, _PRIORITY[s.category]))


def segments(text: str, spans: Iterable[Span]) -> Iterator[tuple[int, int, Optional[Span]]]:
    """The text cut at every span boundary, each piece with the span shown on it: the
    innermost (shortest) covering span, ties broken by category priority. Overlapping
    and nested spans thus never produce overlapping tags."""
    spans = list(spans)
    cuts = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans})
    for start, end in zip(cuts, cuts[1:]):
        covering = [s for s in spans if s.start <= start and end <= s.end]
        best = min(covering, key=lambda s: (s.end - s.start, _PRIORITY[s.category]),
                   default=None)
        yield start, end, best


def highlighted(text: str, spans: Iterable[Span]) -> str:
    """The article as escaped HTML with one ``<mark>`` per run of the same span."""
    out: list[str] = []
    for span, run in groupby(segments(text, spans), key=lambda piece: piece[2]):
        run = list(run)
        out.append(_mark(text, run[0][0], run[-1][1], span))
    return "".join(out)


def _mark(text: str, start: int, end: int, span: Optional[Span]) -> str:
    body = html.escape(text[start:end])
    if span is None:
        return body
    return (f'<mark class="gd-{span.category}" data-start="{start}" data-end="{end}" '
            f'title="{html.escape(span.title)}" '
            f'style="{_MARK_STYLE.format(COLOURS[span.category])}">{body}</mark>')


# -- the whole view --------------------------------------------------------------------------
def digest_html(d: Digest, text: Optional[str] = None) -> str:
    """The digest as an HTML fragment: header, legend, highlighted article, tables.
    ``text`` defaults to ``d.text``."""
    text = d.text if text is None else text
    primary = next((r for r in d.regions if r.primary), None)
    head = f"<b>{html.escape(d.id or '(no id)')}</b>"
    if d.published:
        head += f" · published {html.escape(d.published)}"
    if primary:
        head += f" · about {html.escape(primary.name)} ({html.escape(primary.code)})"
    parts = ['<div class="govdigest" style="font-family:sans-serif;font-size:14px;'
             'line-height:1.5;max-width:1100px">', f"<div>{head}</div>", _legend(d)]
    if d.meta.get("errors"):
        parts.append('<div style="color:#b00020">Errors: '
                     + html.escape("; ".join(d.meta["errors"])) + "</div>")
    if text is None:
        parts.append('<p style="color:#777;font-style:italic">The article text is not '
                     'available (Digest.text is empty): tables only.</p>')
    else:
        parts.append('<div class="gd-article" style="white-space:pre-wrap;padding:8px 12px;'
                     'margin:6px 0 10px;border:1px solid #ddd;border-radius:4px">'
                     + highlighted(text, digest_spans(d, text)) + "</div>")
    parts.extend(_tables(d))
    parts.append("</div>")
    return "".join(parts)


def _legend(d: Digest) -> str:
    counts = {"region": len(d.regions), "official": len(d.officials),
              "position": sum(1 for o in d.officials if o.position),
              "date": len(d.dates), "indicator": len(d.indicators)}
    items = [f'<span class="gd-key" style="background:{colour};border-radius:3px;'
             f'padding:1px 6px;margin-right:8px">{category}s ({counts[category]})</span>'
             for category, colour in COLOURS.items()]
    return '<div class="gd-legend" style="margin:4px 0">' + "".join(items) + "</div>"


def _tables(d: Digest) -> Iterator[str]:
    yield _table("Regions", ("code", "name", "primary", "mentions", "as written"),
                 [(r.code, r.name, "yes" if r.primary else "", len(r.mentions),
                   ", ".join(dict.fromkeys(m.text for m in r.mentions)))
                  for r in d.regions])
    yield _table("Officials", ("name", "position", "organization", "region", "mentions"),
                 [(o.name, o.position, o.organization, o.region, len(o.mentions))
                  for o in d.officials])
    yield _table("Dates", ("as written", "value", "precision", "relative"),
                 [(dt.text, dt.value, dt.precision, "yes" if dt.relative else "")
                  for dt in d.dates])
    yield _table("Indicators", ("as written", "value", "kind", "qualifier", "unit",
                                "subject", "region", "date"),
                 [(i.text, indicator_value(i), i.kind, i.qualifier, i.unit, i.subject,
                   i.region, i.date) for i in d.indicators])


def _table(title: str, header: tuple[str, ...], rows: list[tuple]) -> str:
    caption = (f'<div style="font-weight:bold;margin-top:8px">{title} ({len(rows)})</div>')
    if not rows:
        return caption
    head = "".join(f'<th style="{_CELL};background:#f3f3f3">{h}</th>' for h in header)
    styles = [_CELL if h in _PROSE_COLUMNS else _CELL + ";white-space:nowrap" for h in header]
    body = "".join("<tr>" + "".join(f'<td style="{style}">{_cell(v)}</td>'
                                    for style, v in zip(styles, row)) + "</tr>"
                   for row in rows)
    return (f'{caption}<table class="gd-{title.lower()}" style="border-collapse:collapse;'
            f'font-size:13px;margin:2px 0"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


def _cell(value: object) -> str:
    return "" if value is None else html.escape(str(value))
