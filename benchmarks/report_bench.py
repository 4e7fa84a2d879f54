"""Time ``govdigest report`` on a file of digests, and on the same digests copied up to a
large corpus, and how long a browser takes to open each page.

    .venv/bin/govdigest extract bench_in.jsonl -o /tmp/bench_digests.jsonl --jobs 2
    .venv/bin/python benchmarks/report_bench.py /tmp/bench_digests.jsonl --scale 100000

The extraction is not timed here (see bench.py). Each report is made by the command in a
fresh process (wall time, Python start-up and imports included; peak RSS of that process).
``--scale N`` writes N digests, the input's over and over with new ids, to a temporary file
and reports on it too. When playwright and Chromium are there, each page is opened headless
from its file:// URL and the time to its load event is printed.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOVDIGEST = Path(sys.executable).with_name("govdigest")


def scaled(source: Path, count: int, out: Path) -> Path:
    """``count`` digests: the lines of ``source`` repeated, each copy with its own id."""
    import json
    lines = [line for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    with out.open("w", encoding="utf-8") as f:
        for n in range(count):
            record = json.loads(lines[n % len(lines)])
            record["id"] = f"{record.get('id')}_{n // len(lines)}"
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return out


def make_report(digests: Path, page: Path) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of ``govdigest report`` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run([str(GOVDIGEST), "report", str(digests), "-o", str(page)], check=True,
                   capture_output=True)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def open_seconds(pages: list[Path]) -> list[float | None]:
    """Seconds from navigation to the load event of each page, or None without a browser."""
    executable = next((p for p in map(shutil.which, ("chromium", "google-chrome")) if p), None)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        executable = None
    if executable is None:
        return [None] * len(pages)
    out = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable,
                                             args=["--no-sandbox", "--disable-gpu"])
        for page_path in pages:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            started = time.perf_counter()
            page.goto(page_path.resolve().as_uri(), wait_until="load")
            out.append(time.perf_counter() - started)
            page.close()
        browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("digests", type=Path, help="JSON Lines output of govdigest extract")
    parser.add_argument("--scale", type=int, help="also report on this many copied digests")
    args = parser.parse_args()

    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, "
          f"Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        inputs = [args.digests]
        if args.scale:
            inputs.append(scaled(args.digests, args.scale, Path(tmp) / "scaled.jsonl"))
        rows = []
        for n, digests in enumerate(inputs):
            page = Path(tmp) / f"report{n}.html"
            seconds, peak = make_report(digests, page)
            articles = sum(1 for line in digests.open(encoding="utf-8") if line.strip())
            rows.append((articles, seconds, peak, page))
        opened = open_seconds([row[3] for row in rows])
        print("| articles | report s | peak RSS MB | page MB | browser load s |")
        print("| ---: | ---: | ---: | ---: | ---: |")
        for (articles, seconds, peak, page), load in zip(rows, opened):
            load_text = "-" if load is None else f"{load:.2f}"
            print(f"| {articles:,} | {seconds:.1f} | {peak:.0f} | "
                  f"{page.stat().st_size / 1e6:.1f} | {load_text} |")


if __name__ == "__main__":
    main()
