"""The ``govdigest`` command: ``extract`` articles to JSON Lines/CSV/Parquet, ``show`` one,
``report`` on a file of digests.

Exit codes: 0 done (every input has its record); 1 ``--strict`` and some article got an
error record, or ``show`` of an article that cannot be used; 2 arguments or an output
that cannot be used (a one-line message on standard error); 130 interrupted.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any, Iterator, Optional, Sequence

# One BLAS thread per process, set before numpy loads (the officials' NER loads it on
# first need): the command scales over processes (--jobs), and BLAS threads fighting for
# the same cores over tiny matrix products made a busy 2-core machine several times
# slower. A value the user exported wins.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

from . import __version__  # noqa: E402
from .batch import (  # noqa: E402
    DEFAULT_TIMEOUT, FORMATS, CsvWriter, JsonlWriter, ParquetWriter, Record, resume_parquet,
    resume_text, run_task, run_tasks)
from .inputs import (  # noqa: E402
    INPUT_FORMATS, INPUT_SUFFIXES, RECORD_FORMATS, STDIN, Reading, Task, UsageError,
    collect_inputs, count_tasks, iter_tasks)

OUTPUT_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet"}

EXAMPLES = """\
examples:
  govdigest extract ARTICLES/ -o digests.jsonl --jobs 0     every core
  govdigest extract ARTICLES/ -o digests.jsonl --resume     go on after an interruption
  govdigest extract ARTICLES/ -o items.csv                  one row per item (or .parquet)
  govdigest extract feed.jsonl.gz -o - | jq .regions        records {id, text[, published]}
  govdigest extract news.csv --text-col body --id-col url -o out.jsonl
  govdigest extract DAY/ --published 2024-03-12 -o out.jsonl
  curl -s URL | govdigest show -                            one page, readably
"""


class OutputError(Exception):
    """The output cannot be written (a full disk, a read-only file, a missing folder)."""


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    previous = _exit_on_sigterm()
    try:
        return args.func(args)
    except (UsageError, OutputError) as exc:
        print(f"govdigest: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader went away (| head): nothing more to say
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        print("govdigest: interrupted", file=sys.stderr)
        return 130
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _exit_on_sigterm() -> Any:
    """SIGTERM unwinds like Ctrl-C: workers stop, a Parquet output gets its footer. (A
    SIGKILL cannot be caught: the workers then see their parent die and exit.) Returns
    the handler it replaced."""
    def terminate(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, terminate)


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that flushing it at exit raises nothing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="govdigest", epilog=EXAMPLES,
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                description="Digests of Russian government press releases: "
                                            "regions, officials, dates, indicators.")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract files, folders or standard input",
                        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    ex.add_argument("inputs", nargs="+", metavar="INPUT",
                    help=f"files or folders ({', '.join(INPUT_SUFFIXES)}, and .gz of the "
                         f"text formats), or - for standard input")
    ex.add_argument("-o", "--output", required=True, metavar="OUT",
                    help="output file (.jsonl, .csv or .parquet), - for standard output")
    ex.add_argument("-f", "--format", choices=FORMATS,
                    help="jsonl (one record an article), csv or parquet (one row an item); "
                         "by default taken from OUT's extension")
    ex.add_argument("-j", "--jobs", type=int, default=1,
                    help="worker processes (0 or -1: one per core; default 1)")
    ex.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                    help=f"time limit per article: one that takes longer gets an error "
                         f"record and its worker is replaced (default {DEFAULT_TIMEOUT:g}; "
                         f"0: none)")
    ex.add_argument("--resume", action="store_true",
                    help="go on with OUT: keep the articles it holds, redo the rest "
                         "(and errors that may go away: a timeout, a dead worker)")
    ex.add_argument("--retry-errors", action="store_true",
                    help="with --resume, redo every article that got an error record")
    ex.add_argument("--strict", action="store_true",
                    help="exit 1 when any article got an error record")
    reading = ex.add_argument_group("reading the inputs")
    reading.add_argument("--input-format", choices=INPUT_FORMATS,
                         help="what every input holds, whatever its extension")
    reading.add_argument("--text-col", default="text", metavar="NAME",
                         help="the field of a .jsonl/.csv/.parquet record that holds the "
                              "text (default: text)")
    reading.add_argument("--id-col", default="id", metavar="NAME",
                         help="the field with the article id (default: id)")
    reading.add_argument("--published-col", default="published", metavar="NAME",
                         help="the field with the publication date (default: published)")
    reading.add_argument("--published", metavar="DATE",
                         help="publication date (ISO 8601) of articles that give none, "
                              "e.g. a folder of one day's news")
    reading.add_argument("--follow-symlinks", action="store_true",
                         help="follow symlinks that leave an input folder")
    ex.add_argument("--scheduler", metavar="ADDRESS",
                    help="run on a Dask cluster (e.g. tcp://10.0.0.5:8786); "
                         "needs ru_govdigest[dask]")
    ex.add_argument("--no-progress", action="store_true", help="no progress bar")
    ex.set_defaults(func=_extract)
    show = sub.add_parser("show", help="print one article's digest readably")
    show.add_argument("file", help="a .txt or .html article (.gz too), or - for standard input")
    show.add_argument("--json", action="store_true", help="print the JSON record instead")
    show.add_argument("--published", metavar="DATE", help="its publication date (ISO 8601)")
    show.set_defaults(func=_show)
    report = sub.add_parser("report", help="one self-contained HTML page over a file of digests")
    report.add_argument("digests", metavar="DIGESTS.jsonl", help="output of govdigest extract")
    report.add_argument("-o", "--output", required=True, metavar="REPORT.html")
    report.add_argument("--title", help="the page's title (default: from the file name)")
    report.set_defaults(func=_report)
    return p


# -- extract --------------------------------------------------------------------------------
def _output_format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    out = Path(args.output)
    if args.output == STDIN or (out.exists() and not out.is_file() and not out.is_dir()):
        return "jsonl"  # standard output, /dev/stdout, a named pipe
    suffix = out.suffix.lower()
    if suffix not in OUTPUT_SUFFIXES:
        raise UsageError(f"cannot tell the output format from {args.output!r}: name it "
                         f".jsonl, .csv or .parquet, or give --format")
    return OUTPUT_SUFFIXES[suffix]


def _check_not_an_input(args: argparse.Namespace) -> None:
    """``-o a.txt`` with ``a.txt`` an input is refused before anything is truncated
    (inputs inside folders are left out by ``collect_inputs``)."""
    if args.output != STDIN and any(
            raw != STDIN and os.path.realpath(raw) == os.path.realpath(args.output)
            for raw in args.inputs):
        raise UsageError(f"input {args.output} is also the output: choose another -o")


def _check_output(args: argparse.Namespace, fmt: str) -> None:
    """What can be told about OUT before anything is read or loaded."""
    to_stdout = args.output == STDIN
    if to_stdout and fmt == "parquet":
        raise UsageError("--format parquet needs an output file, not stdout")
    if args.resume and to_stdout:
        raise UsageError("--resume goes on with an output file, not stdout")
    if args.retry_errors and not args.resume:
        raise UsageError("--retry-errors goes with --resume")
    if to_stdout:
        return
    out = Path(args.output)
    if not out.parent.is_dir():
        raise UsageError(f"output folder does not exist: {out.parent}")
    if out.is_dir():
        raise UsageError(f"output is a folder, not a file: {out}")
    if args.resume and out.exists() and not out.is_file():
        raise UsageError(f"--resume goes on with a regular file, not {out}")


def _open_output(args: argparse.Namespace, fmt: str, keep: Any):
    """The writer and the file it owns (None for stdout). A file that cannot be written
    is an OutputError, raised here, before any model loads."""
    try:
        if fmt == "parquet":
            return ParquetWriter(args.output, keep=keep), None
        appending = bool(args.resume and Path(args.output).is_file()
                         and Path(args.output).stat().st_size > 0)
        if args.output == STDIN:
            sink, owned = sys.stdout, None
        else:
            sink = owned = open(args.output, "a" if appending else "w",
                                encoding="utf-8", newline="" if fmt == "csv" else None)
        if fmt == "csv":
            return CsvWriter(sink, header=not appending), owned
        return JsonlWriter(sink), owned
    except OSError as exc:
        raise OutputError(_write_failure(args.output, exc)) from None


def _write_failure(output: str, exc: OSError) -> str:
    where = "standard output" if output == STDIN else output
    return f"cannot write {where}: {exc.strerror or exc}"


def _runner(args: argparse.Namespace, connected: Any):
    """``run(tasks) -> records`` and the start-up seconds: on the Dask cluster of the
    ``connected`` client, or here, with the models loaded and warmed up once, before any
    worker forks."""
    if connected is not None:
        from .dask import run_on_cluster
        return (lambda tasks: run_on_cluster(tasks, connected)), 0.0
    from .extractor import Extractor
    loading = time.perf_counter()
    extractor = Extractor()
    extractor.warm_up()
    startup = time.perf_counter() - loading
    return (lambda tasks: run_tasks(tasks, jobs=args.jobs, extractor=extractor,
                                    timeout=args.timeout)), startup


def _connect(args: argparse.Namespace) -> Any:
    """The Dask client of ``--scheduler`` (None without): reached before OUT is touched,
    so a wrong address leaves OUT as it was."""
    if not args.scheduler:
        return None
    try:
        from .dask import connect
    except ImportError as exc:
        raise UsageError(str(exc)) from None
    return connect(args.scheduler)


def _extract(args: argparse.Namespace) -> int:
    if args.jobs < -1:
        raise UsageError("--jobs takes 0 or -1 (one per core) or a positive number")
    if args.timeout < 0:
        raise UsageError("--timeout takes a number of seconds (0: no limit)")
    _check_not_an_input(args)
    fmt = _output_format(args)
    _check_output(args, fmt)
    reading = Reading(text_col=args.text_col, id_col=args.id_col,
                      published_col=args.published_col, published=args.published,
                      format=args.input_format, follow_symlinks=args.follow_symlinks)
    excluded = [] if args.output == STDIN else [args.output, args.output + ".part"]
    inputs = collect_inputs(args.inputs, reading, exclude=excluded)
    total = count_tasks(inputs)
    client = _connect(args)
    try:
        done, keep = _resume(args, fmt)
        writer, owned = _open_output(args, fmt, keep)
    except BaseException:
        if client is not None:
            client.close()
        raise
    closed = False
    records = progress = None
    counts = {"articles": 0, "errors": 0, "skipped": 0}

    def todo() -> Iterator[Task]:
        for task in iter_tasks(inputs, reading):
            if task.id in done:
                counts["skipped"] += 1
                if progress is not None:
                    progress.update(1)
                continue
            yield task

    try:
        run, startup = _runner(args, client)
        started = time.perf_counter()
        if not args.no_progress and sys.stderr.isatty():
            from tqdm import tqdm
            progress = tqdm(total=total, unit="art", file=sys.stderr)
        records = run(todo())
        for record in records:
            try:
                writer.write(record)
            except BrokenPipeError:
                raise
            except OSError as exc:
                raise OutputError(_write_failure(args.output, exc) + _resumable(counts, args)
                                  ) from None
            counts["articles"] += 1
            counts["errors"] += "error" in record
            if progress is not None:
                progress.update(1)
        _close(writer, owned, args)
        closed = True
    finally:
        if records is not None:
            records.close()  # stops the workers when the loop ended early
        if not closed:  # keep what was written: a Parquet file gets its footer
            for closing in (writer.close, owned.close if owned is not None else None):
                try:
                    if closing is not None:
                        closing()
                except Exception:
                    pass
        if client is not None:
            client.close()
        if progress is not None:
            progress.close()
    _summary(counts, inputs.skipped, args, time.perf_counter() - started, startup)
    return 1 if args.strict and counts["errors"] else 0


def _resume(args: argparse.Namespace, fmt: str) -> tuple[set[str], Any]:
    """The ids ``--resume`` skips, and for Parquet the rows it keeps (see ``batch``)."""
    if not args.resume:
        return set(), None
    if fmt == "parquet":
        return resume_parquet(Path(args.output), args.retry_errors)
    return resume_text(Path(args.output), fmt, args.retry_errors), None


def _resumable(counts: dict[str, int], args: argparse.Namespace) -> str:
    if args.output == STDIN:
        return ""
    return f" ({counts['articles']} articles written; --resume goes on from there)"


def _close(writer, owned, args: argparse.Namespace) -> None:
    try:
        writer.close()
        if owned is not None:
            owned.close()
        elif args.output == STDIN:
            sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(_write_failure(args.output, exc)) from None


def _summary(counts: dict[str, int], skipped: dict[str, int], args: argparse.Namespace,
             seconds: float, startup: float) -> None:
    rate = counts["articles"] / seconds if seconds > 0 else 0.0
    parts = [f"{counts['articles']} articles", f"{counts['errors']} errors"]
    if args.resume:
        parts.append(f"{counts['skipped']} skipped (already in output)")
    line = (f"govdigest: {', '.join(parts)}, {seconds:.1f} s after {startup:.1f} s start-up, "
            f"{rate:.1f} articles/s")
    if skipped:
        line += "; not read: " + ", ".join(f"{n} {what}" for what, n in skipped.items())
    print(line, file=sys.stderr)


# -- show -------------------------------------------------------------------------------------
def _show(args: argparse.Namespace) -> int:
    reading = Reading(published=args.published)
    if args.file == STDIN:
        data = sys.stdin.buffer.read()
        task = Task(id="stdin", data=data, published=reading.published,
                    format="html" if data.lstrip()[:1] == b"<" else "text")
    else:
        path = Path(args.file)
        if not path.is_file():
            raise UsageError(f"no such file: {path}")
        inputs = collect_inputs([path], reading)
        if inputs.sources[0].format in RECORD_FORMATS:
            raise UsageError("show takes one article (.txt or .html); "
                             "use extract for a file of records (.jsonl, .csv, .parquet)")
        task = next(iter_tasks(inputs, reading))
    from .extractor import Extractor
    record: Record = run_task(Extractor(), task)
    if "error" in record:
        print(f"govdigest: {task.id}: {record['error']}", file=sys.stderr)
        return 1
    if args.json:
        import json
        print(json.dumps(record, ensure_ascii=False, allow_nan=False, indent=2))
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
