"""Bounded cost: time per character and peak memory of one article, by size and on
adversarial inputs (issue 14).

    python benchmarks/bounded.py                  # every input below
    python benchmarks/bounded.py real_1m dates    # some of them
    python benchmarks/bounded.py --profile dates  # + cProfile top functions of one input

Each input is written to a file and read by a fresh subprocess (as ``govdigest extract``
reads an article): the Extractor is built and warmed up on one short
article (so every model, the NER included, is loaded), then the peak resident set size is
reset (``/proc/self/clear_refs``) and ``extract`` runs once on the input. Reported: the
characters, wall and CPU seconds, microseconds of CPU per character (steadier than wall
time on a shared machine), the ratio of that to the 10 KB real article's, and the
process's peak RSS during the call (models included) next to its RSS before it. Real articles are bench news texts (``../shared/bench/news.jsonl``) joined by
blank lines; past the end of the corpus the texts repeat with their digits changed. See
benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NEWS = ROOT.parent / "shared" / "bench" / "news.jsonl"
WARM_UP = ("Губернатор Вологодской области Олег Кувшинников и посол Уилсон Пэрриш 5 марта "
           "2024 года открыли 3 школы на 1,2 млн рублей.")


def real_article(size: int) -> str:
    """About ``size`` characters of bench news texts joined by blank lines."""
    rng = random.Random(size)
    parts: list[str] = []
    length = 0
    lap = 0
    while length < size:
        with NEWS.open(encoding="utf-8") as f:
            for line in f:
                text = json.loads(line)["text"].strip()
                if lap:  # a second pass: the same texts with other figures
                    text = "".join(str(rng.randint(0, 9)) if ch.isdigit() else ch for ch in text)
                parts.append(text)
                length += len(text) + 2
                if length >= size:
                    break
        lap += 1
    return "\n\n".join(parts)


def unpunctuated(size: int) -> str:
    """Real words with no punctuation and no line break: one "sentence" of ``size``."""
    words = [w for w in real_article(size * 2).split() if w.isalpha()]
    return " ".join(words)[:size]


# name -> (what it is, the text)
INPUTS: dict[str, tuple[str, Callable[[], str]]] = {
    "real_10k": ("news texts, 10 KB", lambda: real_article(10_000)),
    "real_1m": ("news texts, 1 MB", lambda: real_article(1_000_000)),
    "real_10m": ("news texts, 10 MB", lambda: real_article(10_000_000)),
    "breadcrumb": ('"а  /  " x 14 + "." (furniture breadcrumb)', lambda: "а  /  " * 14 + "."),
    "comments": ('"Комментарии" + 32000 spaces + "x"', lambda: "Комментарии" + " " * 32000 + "x"),
    "more_percent": ('"более 5% " x 2000', lambda: "более 5% " * 2000),
    "big_numbers": ('"1 000 000,5 " x 8000 (100 KB)', lambda: "1 000 000,5 " * 8000),
    "dates": ('"12.12.2012 " x 91000 (1 MB)', lambda: "12.12.2012 " * 91_000),
    "surnames": ('"Иванов " x 100000', lambda: "Иванов " * 100_000),
    "punctuation": ("1 MB of punctuation",
                    lambda: ("...!!!???,,,;;;::: — – - «» \"\" '' ()[]{} " * 25_000)[:1_000_000]),
    "unpunctuated": ("100 KB of words, no punctuation or line break", lambda: unpunctuated(100_000)),
}


# -- the worker (a fresh process per input) ----------------------------------------------------
def _status_kb(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def _reset_peak() -> None:
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # resets VmHWM, the peak resident set size


def worker(path: str, profile: bool) -> dict:
    text = Path(path).read_text(encoding="utf-8")
    from ru_govdigest import Extractor
    extractor = Extractor()
    extractor.extract(WARM_UP)
    before = _status_kb("VmRSS")
    _reset_peak()
    if profile:
        import cProfile
        import io
        import pstats
        profiler = cProfile.Profile()
        profiler.enable()
    t, c = time.perf_counter(), time.process_time()
    digest = extractor.extract(text)
    seconds, cpu = time.perf_counter() - t, time.process_time() - c
    result = {"chars": len(text), "seconds": seconds, "cpu": cpu, "rss_before_mb": before / 1024,
              "peak_mb": _status_kb("VmHWM") / 1024,
              "items": len(digest.regions) + len(digest.officials) + len(digest.dates)
              + len(digest.indicators), "errors": digest.meta.get("errors", [])}
    if profile:
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
        result["profile"] = out.getvalue()
    return result


def run(name: str, profile: bool, timeout: float) -> dict:
    with tempfile.TemporaryDirectory(prefix="govdigest-bounded-") as tmp:
        path = Path(tmp) / f"{name}.txt"
        path.write_text(INPUTS[name][1](), encoding="utf-8")
        cmd = [sys.executable, __file__, "--worker", str(path)] + (["--profile"] if profile else [])
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=timeout,
                                  env={**os.environ, "OMP_NUM_THREADS": "1",
                                       "OPENBLAS_NUM_THREADS": "1"})
        except subprocess.TimeoutExpired:
            return {"timeout": timeout}
    if proc.returncode != 0:
        raise SystemExit(f"worker {name} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("names", nargs="*", help=f"inputs to run (default all: {', '.join(INPUTS)})")
    p.add_argument("--profile", action="store_true", help="print cProfile top functions")
    p.add_argument("--timeout", type=float, default=600, help="seconds per input (default 600)")
    p.add_argument("--worker", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.profile)))
        return
    names = args.names or list(INPUTS)
    unknown = set(names) - set(INPUTS)
    if unknown:
        raise SystemExit(f"unknown inputs: {', '.join(sorted(unknown))}")
    if "real_10k" not in names:
        names = ["real_10k", *names]  # the reference of the ratio
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
          f"Python {sys.version.split()[0]}\n")
    print("| input | characters | wall s | CPU s | µs/char | × 10 KB | peak RSS MB (before) | items |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    reference = None
    for name in names:
        r = run(name, args.profile, args.timeout)
        what = INPUTS[name][0]
        if "timeout" in r:
            print(f"| {name}: {what} | | > {r['timeout']:.0f} | | | | | |")
            continue
        per_char = 1e6 * r["cpu"] / max(r["chars"], 1)
        if name == "real_10k":
            reference = per_char
        ratio = f"{per_char / reference:.2f}" if reference else ""
        print(f"| {name}: {what} | {r['chars']:,} | {r['seconds']:.2f} | {r['cpu']:.2f} | {per_char:.1f} | "
              f"{ratio} | {r['peak_mb']:.0f} ({r['rss_before_mb']:.0f}) | {r['items']:,} |",
              flush=True)
        if r["errors"]:
            print(f"  errors: {r['errors']}")
        if args.profile:
            print(r["profile"])


if __name__ == "__main__":
    main()
