"""The ``govdigest`` command: ``extract`` articles to JSON Lines/CSV/Parquet, ``show`` one,
``report`` on a file of digests."""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Iterator, Optional, Sequence

# One BLAS thread per process, set before numpy loads (the officials' NER loads it on
# first need): the command scales over processes (--jobs), and BLAS threads fighting for
# the same cores over tiny matrix products made a busy 2-core machine several times
# slower. A value the user exported wins.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

from .batch import (  # noqa: E402
    FORMATS, CsvWriter, JsonlWriter, ParquetWriter, Record, done_ids, run_task, run_tasks,
    warm_up)
from .inputs import (  # noqa: E402
    INPUT_SUFFIXES, JSONL_SUFFIXES, UsageError, collect_inputs, count_tasks, file_task,
    iter_tasks)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"govdigest: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("govdigest: interrupted", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="govdigest",
                                description="Digests of Russian government press releases.")
    sub = p.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract files or folders of articles")
    ex.add_argument("inputs", nargs="+", metavar="INPUT",
                    help=f"files or folders ({', '.join(INPUT_SUFFIXES)}; "
                         ".jsonl holds one {id, text[, published]} record a line)")
    ex.add_argument("-o", "--output", required=True, metavar="OUT",
                    help="output file, - for stdout (JSON Lines or CSV only)")
    ex.add_argument("-f", "--format", choices=FORMATS,
                    help="jsonl (default), csv or parquet (one row per item); "
                         "by default taken from OUT's extension")
    ex.add_argument("-j", "--jobs", type=int, default=1,
                    help="worker processes (0 = all cores; default 1)")
    ex.add_argument("--resume", action="store_true",
                    help="append to OUT, skipping the ids it already holds")
    ex.add_argument("--scheduler", metavar="ADDRESS",
                    help="run on a Dask cluster (e.g. tcp://10.0.0.5:8786); "
                         "needs ru_govdigest[dask]")
    ex.add_argument("--no-progress", action="store_true", help="no progress bar")
    ex.set_defaults(func=_extract)
    show = sub.add_parser("show", help="print one article's digest readably")
    show.add_argument("file", help="a .txt or .html article")
    show.add_argument("--json", action="store_true", help="print the JSON record instead")
    show.set_defaults(func=_show)
    report = sub.add_parser("report", help="one self-contained HTML page over a file of digests")
    report.add_argument("digests", metavar="DIGESTS.jsonl", help="output of govdigest extract")
    report.add_argument("-o", "--output", required=True, metavar="REPORT.html")
    report.add_argument("--title", help="the page's title (default: from the file name)")
    report.set_defaults(func=_report)
    return p


def _output_format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    suffix = Path(args.output).suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else "jsonl"


def _check_output(args: argparse.Namespace, fmt: str) -> None:
    to_stdout = args.output == "-"
    if to_stdout and fmt == "parquet":
        raise UsageError("--format parquet needs an output file, not stdout")
    if args.resume and (to_stdout or fmt == "parquet"):
        raise UsageError("--resume appends to a JSON Lines or CSV output file")
    if not to_stdout:
        out = Path(args.output)
        if not out.parent.exists():
            raise UsageError(f"output folder does not exist: {out.parent}")
        if out.is_dir():
            raise UsageError(f"output is a folder, not a file: {out}")


def _open_writer(args: argparse.Namespace, fmt: str, appending: bool):
    """The writer and the file it owns (None for stdout)."""
    if fmt == "parquet":
        return ParquetWriter(args.output), None
    if args.output == "-":
        sink = sys.stdout
        owned = None
    else:
        sink = owned = open(args.output, "a" if appending else "w",
                            encoding="utf-8", newline="" if fmt == "csv" else None)
    if fmt == "csv":
        return CsvWriter(sink, header=not appending), owned
    return JsonlWriter(sink), owned


def _runner(args: argparse.Namespace, jobs: int):
    """``run(tasks) -> records``, the Dask client it uses (or None), start-up seconds.
    Local runs load the models and warm them up here, once, before any worker forks; a
    cluster is reached before OUT is touched, so a wrong address leaves OUT as it was."""
    if args.scheduler:
        try:
            from .dask import connect, run_on_cluster
        except ImportError as exc:
            raise UsageError(str(exc)) from None
        client = connect(args.scheduler)
        return (lambda tasks: run_on_cluster(tasks, client)), client, 0.0
    from .extractor import Extractor
    loading = time.perf_counter()
    extractor = Extractor()
    warm_up(extractor)
    startup = time.perf_counter() - loading
    return (lambda tasks: run_tasks(tasks, jobs=jobs, extractor=extractor)), None, startup


def _extract(args: argparse.Namespace) -> int:
    if args.jobs < 0:
        raise UsageError("--jobs takes 0 (all cores) or a positive number")
    jobs = args.jobs or os.cpu_count() or 1
    fmt = _output_format(args)
    _check_output(args, fmt)
    files = collect_inputs(args.inputs)
    total = count_tasks(files)
    done: set[str] = set()
    if args.resume:
        done = done_ids(Path(args.output), fmt)
    appending = bool(args.resume and Path(args.output).exists()
                     and Path(args.output).stat().st_size > 0)
    run, client, startup = _runner(args, jobs)

    progress = None
    if not args.no_progress and sys.stderr.isatty():
        from tqdm import tqdm
        progress = tqdm(total=total, unit="art", file=sys.stderr)
    counts = {"articles": 0, "errors": 0, "skipped": 0}

    def todo() -> Iterator:
        for task in iter_tasks(files):
            if task.id in done:
                counts["skipped"] += 1
                if progress is not None:
                    progress.update(1)
                continue
            yield task

    started = time.perf_counter()
    writer, owned = _open_writer(args, fmt, appending)
    try:
        for record in run(todo()):
            writer.write(record)
            counts["articles"] += 1
            counts["errors"] += "error" in record
            if progress is not None:
                progress.update(1)
    finally:
        writer.close()
        if owned is not None:
            owned.close()
        if client is not None:
            client.close()
        if progress is not None:
            progress.close()
    seconds = time.perf_counter() - started
    rate = counts["articles"] / seconds if seconds > 0 else float("inf")
    skipped = f", {counts['skipped']} skipped (already in output)" if args.resume else ""
    print(f"govdigest: {counts['articles']} articles, {counts['errors']} errors{skipped}, "
          f"{seconds:.1f} s after {startup:.1f} s start-up, {rate:.1f} articles/s",
          file=sys.stderr)
    return 0


def _show(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"no such file: {path}")
    if path.suffix.lower() in JSONL_SUFFIXES:
        raise UsageError("show takes one article (.txt or .html); "
                         "use extract for a .jsonl file")
    from .extractor import Extractor
    record: Record = run_task(Extractor(), file_task(path))
    if args.json or "error" in record:
        import json
        print(json.dumps(record, ensure_ascii=False, indent=2))
        return 0
    from .digest import Digest
    from .display import digest_text
    print(digest_text(Digest.from_dict(record)))
    return 0


def _report(args: argparse.Namespace) -> int:
    source, out = Path(args.digests), Path(args.output)
    if not source.is_file():
        raise UsageError(f"no such file: {source}")
    if not out.parent.exists() or out.is_dir():
        raise UsageError(f"cannot write the report to {out}")
    try:
        from .report import write_report
        started = time.perf_counter()
        write_report(source, out, title=args.title)
    except ImportError as exc:
        raise UsageError(f"{exc}") from None
    print(f"govdigest: report of {source} written to {out} ({out.stat().st_size / 1e6:.1f} MB) "
          f"in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
