"""The report of the bench news corpus in a real browser: headless Chromium (Debian's, driven
by playwright) opens the file from a file:// URL; the charts, the maps and the tables are
there and work, no request leaves the page, and a screenshot is saved.

The digests come from the ``bench_digests`` fixture (``GOVDIGEST_BENCH_DIGESTS`` names a
file of the whole corpus; else a sample is extracted). ``GOVDIGEST_REPORT_SCREENSHOT``
names a second place for the screenshot (the README's picture is made so).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ru_govdigest.cli import main

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
VIEWPORT = {"width": 1280, "height": 1500}


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="the browser test needs playwright: pip install playwright")
    executable = next((path for path in map(shutil.which, BROWSERS) if path), None)
    if executable is None:
        pytest.skip("no Chromium to drive (Debian: apt-get install chromium; .ci/run installs it)")
    with sync_api.sync_playwright() as playwright:
        # headless by default; playwright gives each launch a fresh profile
        browser = playwright.chromium.launch(executable_path=executable, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def report(bench_digests, tmp_path_factory) -> Path:
    pytest.importorskip("matplotlib")
    out = tmp_path_factory.mktemp("report") / "bench_report.html"
    assert main(["report", str(bench_digests), "-o", str(out), "--title",
                 "Bench news corpus"]) == 0
    return out


def test_the_report_opens_offline_with_charts_and_tables(browser, report, tmp_path):
    page = browser.new_page(viewport=VIEWPORT)
    url = report.resolve().as_uri()
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    # Anything but the page itself is refused, so a stray reference cannot reach the network.
    page.route("**/*", lambda route: route.continue_() if route.request.url == url
               else route.abort())
    page.goto(url, wait_until="load")

    assert requests == [url] and errors == []
    plots = page.locator("svg.plot")
    assert plots.count() == 3
    for n in range(3):
        box = plots.nth(n).bounding_box()
        assert box["width"] > 200 and box["height"] > 100
    articles_map = page.locator('svg.tilemap[data-measure="articles"]')
    indicators_map = page.locator('svg.tilemap[data-measure="indicators"]')
    assert articles_map.is_visible() and not indicators_map.is_visible()
    assert articles_map.locator("g.tile").count() == 89
    moscow = articles_map.locator('g.tile[data-code="RU-MOW"]')
    assert int(moscow.get_attribute("data-count")) > 0
    assert "Москва" in moscow.locator("title").text_content()
    page.screenshot(path=str(tmp_path / "report.png"))
    if os.environ.get("GOVDIGEST_REPORT_SCREENSHOT"):
        page.screenshot(path=os.environ["GOVDIGEST_REPORT_SCREENSHOT"])
    assert (tmp_path / "report.png").read_bytes().startswith(b"\x89PNG")

    page.click('label[for="map-indicators"]')  # the radio switches the map
    assert indicators_map.is_visible() and not articles_map.is_visible()

    officials = page.locator("#table-officials tbody tr")
    assert officials.count() > 25
    assert _visible(officials) == 25  # one page of the table
    pager = page.locator("#officials .pager")
    first = officials.nth(0).locator("td").nth(0).inner_text()
    pager.locator("button").nth(1).click()
    assert not officials.nth(0).is_visible() and officials.nth(25).is_visible()
    pager.locator("input").fill(first.split(" +")[0])
    assert 1 <= _visible(officials) <= 25
    assert officials.filter(visible=True).nth(0).inner_text().startswith(first.split(" +")[0])

    link = page.locator("#table-indicators tbody tr a").first
    article = link.inner_text()
    link.click()
    view = page.locator(f"section.digest{link.get_attribute('href')}")
    assert view.is_visible() and article in view.inner_text()
    assert view.locator("table.gd-indicators").count() == 1
    assert requests == [url] and errors == []
    page.close()


def _visible(rows) -> int:
    """How many of the rows are shown (asked in one call: a call per row is slow)."""
    return rows.evaluate_all("rows => rows.filter(row => row.getClientRects().length > 0).length")
