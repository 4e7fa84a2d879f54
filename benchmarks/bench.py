"""Throughput benchmark: ru_govdigest against natasha's standard pipeline, same texts.

    python benchmarks/bench.py                       # 2000 bench texts + the dev articles
    python benchmarks/bench.py --limit 500 more/     # fewer texts, plus a folder of .txt
    python benchmarks/bench.py --profile             # + cProfile top functions
    python benchmarks/bench.py --cli-jobs 2          # + `govdigest extract --jobs 2` speedup
    python benchmarks/bench.py --limit -1 --no-natasha  # the whole news file (subject counts)

Every system runs in a fresh subprocess of its own, single process, so that start-up
(imports and model loading) and peak RSS (``ru_maxrss``) are its own. Texts are
distinct (a text seen twice is kept once). See benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
DEFAULT_NEWS = SHARED / "bench" / "news.jsonl"
DEFAULT_DEV = SHARED / "eval" / "dev" / "texts"
# Start-up includes one short article: models that load lazily on first use count too.
WARM_UP = ("Губернатор Вологодской области Олег Кувшинников и посол Уилсон Пэрриш 5 марта "
           "2024 года открыли 3 школы на 1,2 млн рублей.")
STARTUP_RUNS = 3  # fresh processes whose start-up is timed (the median is reported)
STEPS = ("document", "dates", "regions", "officials", "indicators")


# -- texts --------------------------------------------------------------------------------
def collect_texts(news: Path, limit: int, folders: list[Path]) -> list[tuple[str, str]]:
    """(id, text) pairs: the first ``limit`` distinct texts of the news file, then every
    .txt of the folders; a text already taken is skipped."""
    seen: set[str] = set()
    texts: list[tuple[str, str]] = []

    def take(ident: str, text: str) -> None:
        if text.strip() and text not in seen:
            seen.add(text)
            texts.append((ident, text))

    if limit and news.is_file():
        with news.open(encoding="utf-8") as f:
            for line in f:
                if 0 < limit <= len(texts):
                    break
                record = json.loads(line)
                take(str(record["id"]), record["text"])
    for folder in folders:
        for path in sorted(folder.rglob("*.txt")):
            take(path.stem, path.read_text(encoding="utf-8"))
    return texts


# -- workers (each in its own fresh process) -------------------------------------------------
def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _read_texts(path: str) -> list[str]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f]


def worker_ru_govdigest(texts_file: str) -> dict:
    texts = _read_texts(texts_file)
    t0 = time.perf_counter()
    from ru_govdigest import Extractor
    extractor = Extractor()
    extractor.extract(WARM_UP)
    startup = time.perf_counter() - t0
    t1, c1 = time.perf_counter(), time.process_time()
    digests = [extractor.extract(text) for text in texts]
    seconds, cpu = time.perf_counter() - t1, time.process_time() - c1
    return {"startup": startup, "seconds": seconds, "cpu": cpu,
            "subjects": _subject_counts(digests)}


def _subject_counts(digests: list) -> dict:
    """Subjects given, and those that name nothing measured (a place alone, a number)."""
    from ru_govdigest.subjects import bare_subjects
    bare = [b for d in digests for b in bare_subjects(d)]
    return {"subjects": sum(1 for d in digests for i in d.indicators if i.subject),
            "indicators": sum(len(d.indicators) for d in digests),
            "place_only": sum(1 for kind, _ in bare if kind == "place"),
            "number_only": sum(1 for kind, _ in bare if kind == "number"),
            "examples": bare[:5]}


def worker_natasha(texts_file: str) -> dict:
    texts = _read_texts(texts_file)
    t0 = time.perf_counter()
    from natasha import (PER, DatesExtractor, Doc, MoneyExtractor, MorphVocab,
                         NamesExtractor, NewsEmbedding, NewsMorphTagger, NewsNERTagger,
                         NewsSyntaxParser, Segmenter)
    segmenter = Segmenter()
    morph_vocab = MorphVocab()
    emb = NewsEmbedding()
    morph_tagger = NewsMorphTagger(emb)
    syntax_parser = NewsSyntaxParser(emb)
    ner_tagger = NewsNERTagger(emb)
    names_extractor = NamesExtractor(morph_vocab)
    dates_extractor = DatesExtractor(morph_vocab)
    money_extractor = MoneyExtractor(morph_vocab)

    def run(text: str) -> None:
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_morph(morph_tagger)
        doc.parse_syntax(syntax_parser)
        doc.tag_ner(ner_tagger)
        for span in doc.spans:
            span.normalize(morph_vocab)
            if span.type == PER:
                span.extract_fact(names_extractor)
        list(dates_extractor(text))
        list(money_extractor(text))

    run(WARM_UP)
    startup = time.perf_counter() - t0
    t1, c1 = time.perf_counter(), time.process_time()
    for text in texts:
        run(text)
    return {"startup": startup, "seconds": time.perf_counter() - t1,
            "cpu": time.process_time() - c1}


def worker_steps(texts_file: str) -> dict:
    """Seconds spent in each step of ``Extractor.extract`` (called as it calls them)."""
    texts = _read_texts(texts_file)
    from ru_govdigest import Extractor
    ex = Extractor()
    spent = dict.fromkeys(STEPS, 0.0)
    clock = time.perf_counter

    def timed(step: str, fn, *args):
        t = clock()
        out = fn(*args)
        spent[step] += clock() - t
        return out

    for text in texts:
        doc = timed("document", ex.document, text)
        _, dates = timed("dates", ex.dates, doc, None)
        regions = timed("regions", ex.regions, doc)
        timed("officials", ex.officials, doc, regions)
        timed("indicators", ex.indicators, doc, regions, dates)
    return {"steps": spent}


def worker_profile(texts_file: str, top: int = 30) -> dict:
    import cProfile
    import io
    import pstats

    texts = _read_texts(texts_file)
    from ru_govdigest import Extractor
    ex = Extractor()
    profiler = cProfile.Profile()
    profiler.enable()
    for text in texts:
        ex.extract(text)
    profiler.disable()
    report = {}
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(top)
        report[order] = out.getvalue()
    return {"profile": report}


WORKERS = {"ru_govdigest": worker_ru_govdigest, "natasha": worker_natasha,
           "steps": worker_steps, "profile": worker_profile}


# Single process means single thread too: numpy's BLAS would otherwise spread natasha's
# matrix products over the cores (CPU time above wall time), which a batch job running
# one worker per core does not get.
ONE_THREAD = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                     "MKL_NUM_THREADS")}


def run_worker(name: str, texts_file: str) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--worker", name, texts_file],
                          capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **ONE_THREAD})
    if proc.returncode != 0:
        raise SystemExit(f"bench worker {name} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- the CLI's process speedup ---------------------------------------------------------------
def cli_speedup(texts: list[tuple[str, str]], jobs: int, n: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="govdigest-bench-") as tmp:
        folder = Path(tmp) / "texts"
        folder.mkdir()
        for ident, text in texts[:n]:
            (folder / f"{ident}.txt").write_text(text, encoding="utf-8")
        walls, rates = {}, {}
        for j in (1, jobs):
            t = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "ru_govdigest.cli", "extract",
                                   str(folder), "-o",
                                   str(Path(tmp) / f"out{j}.jsonl"), "--jobs", str(j),
                                   "--no-progress"], check=True, capture_output=True,
                                  text=True)
            walls[j] = time.perf_counter() - t
            # the summary line: "... s after S s start-up, R articles/s"
            rates[j] = float(proc.stderr.strip().splitlines()[-1].split()[-2])
        same = ((Path(tmp) / "out1.jsonl").read_bytes()
                == (Path(tmp) / f"out{jobs}.jsonl").read_bytes())
    return {"articles": min(n, len(texts)), "jobs": jobs, "wall_1": walls[1],
            "wall_n": walls[jobs], "speedup": walls[1] / walls[jobs], "rate_1": rates[1],
            "rate_n": rates[jobs], "rate_speedup": rates[jobs] / rates[1], "identical": same}


# -- report ------------------------------------------------------------------------------------
def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("folders", nargs="*", type=Path, help="more folders of .txt articles")
    p.add_argument("--news", type=Path, default=DEFAULT_NEWS, help="JSON Lines of texts")
    p.add_argument("--limit", type=int, default=2000,
                   help="distinct texts taken from --news (default 2000; 0 = none, -1 = all)")
    p.add_argument("--dev", type=Path, default=DEFAULT_DEV,
                   help="the dev articles folder (added when it exists)")
    p.add_argument("--no-natasha", action="store_true", help="skip the natasha run")
    p.add_argument("--rounds", type=int, default=2,
                   help="runs of each system, taking turns; the fastest counts (default 2)")
    p.add_argument("--profile", action="store_true", help="print cProfile top functions")
    p.add_argument("--cli-jobs", type=int, default=0, metavar="N",
                   help="also time `govdigest extract --jobs 1` against `--jobs N`")
    p.add_argument("--cli-texts", type=int, default=1000,
                   help="texts written as .txt files for --cli-jobs (default 1000)")
    p.add_argument("--worker", nargs=2, metavar=("NAME", "TEXTS"), help=argparse.SUPPRESS)
    args = p.parse_args()

    if args.worker:
        name, texts_file = args.worker
        result = WORKERS[name](texts_file)
        result["peak_rss_mb"] = _peak_rss_mb()
        print(json.dumps(result))
        return

    folders = ([args.dev] if args.dev.is_dir() else []) + list(args.folders)
    texts = collect_texts(args.news, args.limit, folders)
    if not texts:
        raise SystemExit("no texts: give --news, --dev or folders of .txt files")
    chars = sum(len(t) for _, t in texts)
    print(f"{len(texts)} distinct texts, {chars} characters "
          f"(mean {chars / len(texts):.0f}); {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f}; Python {sys.version.split()[0]}; single process\n")
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8",
                                     delete=False) as f:
        for ident, text in texts:
            f.write(json.dumps({"id": ident, "text": text}, ensure_ascii=False) + "\n")
        texts_file = f.name
    try:
        systems = ["ru_govdigest"] + ([] if args.no_natasha else ["natasha"])
        # an install compiles the bytecode (pip does), a checkout under
        # PYTHONDONTWRITEBYTECODE would compile the sources at each start
        compileall.compile_dir(ROOT / "ru_govdigest", quiet=1)
        # a shared machine slows one run now and then: the systems take turns, --rounds
        # times, and each keeps its fastest run (by CPU time)
        results: dict[str, dict] = {}
        for _ in range(args.rounds):
            for name in systems:
                run = run_worker(name, texts_file)
                if name not in results or run["cpu"] < results[name]["cpu"]:
                    results[name] = run
        # start-up varies from one fresh process to the next: the median of three
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as empty:
            pass
        try:
            for name in systems:
                runs = [results[name]["startup"]] + [
                    run_worker(name, empty.name)["startup"] for _ in range(STARTUP_RUNS - 1)]
                results[name]["startup"] = statistics.median(runs)
        finally:
            os.unlink(empty.name)
        print("| system | articles/s | characters/s | CPU s | start-up s | peak RSS MB |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for name, r in results.items():
            print(f"| {name} | {len(texts) / r['seconds']:.1f} | "
                  f"{chars / r['seconds']:,.0f} | {r['cpu']:.1f} | {r['startup']:.2f} | "
                  f"{r['peak_rss_mb']:.0f} |")
        if "natasha" in results:
            ours, theirs = results["ru_govdigest"], results["natasha"]
            print(f"\nthroughput ratio ru_govdigest / natasha: "
                  f"{theirs['seconds'] / ours['seconds']:.1f}x by wall time, "
                  f"{theirs['cpu'] / ours['cpu']:.1f}x by CPU time")
        counts = results["ru_govdigest"]["subjects"]
        print(f"\nsubjects: {counts['subjects']} of {counts['indicators']} indicators have one; "
              f"{counts['place_only']} are only a place name, {counts['number_only']} only a "
              f"number" + (f" (e.g. {counts['examples']})" if counts["examples"] else ""))

        steps = run_worker("steps", texts_file)["steps"]
        total = sum(steps.values())
        print("\n| step | ms/article | share |")
        print("| --- | ---: | ---: |")
        for name in STEPS:
            print(f"| {name} | {1000 * steps[name] / len(texts):.2f} | "
                  f"{100 * steps[name] / total:.0f}% |")
        print(f"| all | {1000 * total / len(texts):.2f} | 100% |")

        if args.cli_jobs > 1:
            s = cli_speedup(texts, args.cli_jobs, args.cli_texts)
            print(f"\ngovdigest extract, {s['articles']} .txt files, --jobs 1 against "
                  f"--jobs {s['jobs']}:\n"
                  f"- whole command (wall, start-up included): {s['wall_1']:.1f} s against "
                  f"{s['wall_n']:.1f} s, speedup {s['speedup']:.2f}x\n"
                  f"- after start-up (the summary line's rate): {s['rate_1']:.0f} against "
                  f"{s['rate_n']:.0f} articles/s, speedup {s['rate_speedup']:.2f}x\n"
                  f"- outputs byte-identical: {s['identical']}")

        if args.profile:
            report = run_worker("profile", texts_file)["profile"]
            for order, text in report.items():
                print(f"\n## cProfile, top functions by {order}\n")
                print(text)
    finally:
        os.unlink(texts_file)


if __name__ == "__main__":
    main()
