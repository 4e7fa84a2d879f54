"""Input readers: files, folders and standard input in, ``Task`` objects out, in input order.

What a file holds is told by its extension (``--input-format`` overrides it; ``.gz`` may
follow any text format, ``feed.jsonl.gz``):

- ``.txt``: one article;
- ``.html``/``.htm``: one web page; its main text is extracted with trafilatura (the
  ``html`` extra), offsets refer to that extracted text (the record keeps it as ``text``),
  and the date in the page's metadata is the publication date when the text states none;
- ``.jsonl``/``.ndjson``: one article a line, ``{"id", "text"[, "published"]}``;
- ``.csv`` (with a header row) and ``.parquet`` (the ``parquet`` extra): one article a row.

Records (lines and rows) name their fields with ``Reading.text_col``, ``id_col`` and
``published_col``; one that is not a usable article becomes an error task, so it still gets
its one error record. Ids: see ``collect_inputs`` (files) and ``iter_tasks`` (records).

Bytes are decoded as UTF-8 (a few stray or cut bytes are replaced, with a note), else by
their byte order mark, as UTF-16 without one, or by detection (charset-normalizer); the
record notes anything but clean UTF-8 in ``meta``. Nothing here raises on a bad article:
it becomes an ``ArticleError`` whose message ends up in the error record.
"""
from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import os
import re
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator, Mapping, Optional

# File extension -> what the file holds. Record files hold many articles.
FORMATS_BY_SUFFIX = {".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl",
                     ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet"}
INPUT_FORMATS = ("text", "html", "jsonl", "csv", "parquet")
RECORD_FORMATS = ("jsonl", "csv", "parquet")
COMPRESSED = ".gz"
INPUT_SUFFIXES = tuple(FORMATS_BY_SUFFIX)
STDIN = "-"
INPUT_ERROR = "input"  # the ``meta.error_kind`` of an input that is not a usable article
# A compressed article larger than this when unpacked is refused (a "zip bomb").
MAX_UNPACKED_BYTES = 1 << 30


class UsageError(ValueError):
    """Arguments that cannot be used (missing path, folder with no articles, an option's
    bad value); the command prints its message on one line and exits 2."""


class ArticleError(Exception):
    """An input that is not a readable article; the message goes into its error record."""


@dataclass(frozen=True)
class Reading:
    """How to read inputs: the record fields that hold each article's text, id and
    publication date; the publication date of articles that give none (``--published``);
    a format for every input whatever its extension; whether to follow symlinks that
    leave an input folder."""

    text_col: str = "text"
    id_col: str = "id"
    published_col: str = "published"
    published: Optional[str] = None
    format: Optional[str] = None
    follow_symlinks: bool = False

    def __post_init__(self) -> None:
        if self.format is not None and self.format not in INPUT_FORMATS:
            raise UsageError(f"unknown input format {self.format!r} "
                             f"(one of {', '.join(INPUT_FORMATS)})")
        try:
            object.__setattr__(self, "published", published_value(self.published))
        except ValueError as exc:
            raise UsageError(str(exc)) from None


@dataclass(frozen=True)
class Source:
    """One input file (``path`` ``-`` is standard input) and what it holds; ``error`` set
    means it cannot be read (a dangling symlink, an unsupported type)."""

    path: str
    format: Optional[str]
    id: str
    compressed: bool = False
    error: Optional[str] = None


@dataclass(frozen=True)
class Inputs:
    """The sources of a run, and what a folder search left out (for the summary)."""

    sources: list[Source]
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> count


@dataclass(frozen=True)
class Task:
    """One article to process: a file to read (``path``), bytes or a text already in
    memory, with ``format`` ``text`` or ``html``. ``error`` set means the input was found
    unusable already."""

    id: str
    path: Optional[str] = None
    text: Optional[str] = None
    data: Optional[bytes] = None
    published: Optional[str] = None
    format: str = "text"
    compressed: bool = False
    error: Optional[str] = None


@dataclass(frozen=True)
class Article:
    """An article as read: its text and what the record should note about how it was
    read, or the ``error`` that made it unusable."""

    id: Optional[str]
    text: str = ""
    published: Optional[str] = None
    page_date: Optional[str] = None  # an HTML page's date: the fallback publication date
    encoding: Optional[str] = None  # set when not UTF-8
    decoding: Optional[str] = None  # a note when bytes had to be replaced
    extracted: bool = False  # the text was extracted from HTML (the record keeps it)
    error: Optional[str] = None

    @property
    def meta(self) -> dict[str, str]:
        """What the digest's ``meta`` notes about the reading."""
        return {key: value for key, value in (("encoding", self.encoding),
                                              ("decoding", self.decoding)) if value}


# -- publication dates ------------------------------------------------------------------------
def published_value(value: Any) -> Optional[str]:
    """A publication date as the library takes it: ``None``, a ``date``, a ``datetime`` or
    an ISO 8601 string (``2021-09-07``, ``2021-09-07T13:20``); the ISO string it stands
    for. Anything else is a ValueError that says what is wrong."""
    if value is None:
        return None
    if isinstance(value, datetime):
        timespec = "minutes" if not (value.second or value.microsecond) else "seconds"
        return value.isoformat(timespec=timespec)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        for parse in (date.fromisoformat, datetime.fromisoformat):
            try:
                parse(text)
                return text
            except ValueError:
                pass
        raise ValueError(f"published must be an ISO 8601 date or date-time "
                         f"(2021-09-07, 2021-09-07T13:20), not {value!r}")
    raise ValueError(f"published must be a date, a datetime or an ISO 8601 string, "
                     f"not {type(value).__name__}")


# -- finding the inputs ------------------------------------------------------------------------
def input_format(name: str, forced: Optional[str] = None) -> tuple[Optional[str], bool]:
    """What a file of this name holds (None when unsupported) and whether it is gzipped."""
    lower = name.lower()
    compressed = lower.endswith(COMPRESSED)
    if compressed:
        lower = lower[:-len(COMPRESSED)]
    if forced:
        return forced, compressed
    fmt = FORMATS_BY_SUFFIX.get(os.path.splitext(lower)[1])
    if fmt == "parquet" and compressed:
        return None, compressed  # Parquet compresses itself
    return fmt, compressed


def _strip_suffixes(name: str) -> str:
    """``a.txt`` -> ``a``, ``feed.jsonl.gz`` -> ``feed``."""
    if name.lower().endswith(COMPRESSED):
        name = name[:-len(COMPRESSED)]
    stem, ext = os.path.splitext(name)
    return stem if ext else name


def collect_inputs(paths: Iterable[str | os.PathLike], reading: Reading = Reading(), *,
                   exclude: Iterable[str | os.PathLike] = ()) -> Inputs:
    """The input files in order: files as given, folders searched recursively (sorted).

    Ids of one-article files are unique and stable: the file name without its extension;
    where two inputs share it, each of them gets its path relative to its input folder
    without the extension (``a/index``, ``b/index``), then the path with the input folder,
    then with the extension, until they differ. Files in ``exclude`` (what the run writes)
    are never inputs: one given as an input is refused, one in a folder left out. In a
    folder, files of other types and symlinks leaving it (unless ``follow_symlinks``) are
    not articles; a dangling or outside symlink becomes an error source."""
    excluded = [_resolved(Path(p)) for p in exclude]
    found: list[tuple[Source, list[str]]] = []
    skipped: dict[str, int] = {}
    seen: set[str] = set()
    for raw in paths:
        raw = os.fspath(raw)
        if raw == STDIN:
            fmt = reading.format
            found.append((Source(STDIN, fmt, "stdin"), ["stdin"]))
            continue
        path = Path(raw)
        if path.is_dir():
            inside = list(_folder_sources(path, reading, excluded, skipped))
            if not inside:
                raise UsageError(f"no {'/'.join(INPUT_SUFFIXES)} files in folder {path}")
            for source, names in inside:
                real = _resolved(Path(source.path))
                if real in seen and not source.error:
                    _count(skipped, "links to files read already")
                    continue
                seen.add(real)
                found.append((source, names))
        elif path.exists() or path.is_symlink():
            if _is_excluded(path, excluded):
                raise UsageError(f"input {path} is also the output: choose another -o")
            if _resolved(path) in seen:
                continue  # the same file twice is one input
            seen.add(_resolved(path))
            fmt, compressed = input_format(path.name, reading.format)
            error = None
            if not path.exists():
                error = "dangling symlink: its target does not exist"
            elif fmt is None:
                error = (f"unsupported file type {''.join(path.suffixes[-2:]) or path.name!r}"
                         f" (supported: {', '.join(INPUT_SUFFIXES)}, and .gz of the text "
                         f"formats; or say what it holds with --input-format)")
            stem = _strip_suffixes(path.name)
            found.append((Source(str(path), fmt, stem, compressed, error),
                          [stem, _no_ext(raw), _no_ext(raw), raw]))
        else:
            raise UsageError(f"no such file or folder: {path}")
    return Inputs(_unique_ids(found), skipped)


def _folder_sources(folder: Path, reading: Reading, excluded: list[str],
                    skipped: dict[str, int]) -> list[tuple[Source, list[str]]]:
    """The folder's article files, sorted by their path inside it."""
    found = list(_walk(folder, reading, excluded, skipped))
    return [item for _, item in sorted(found, key=lambda pair: pair[0])]


def _walk(folder: Path, reading: Reading, excluded: list[str], skipped: dict[str, int]
          ) -> Iterator[tuple[tuple[str, ...], tuple[Source, list[str]]]]:
    root = _resolved(folder)
    visited: set[str] = set()  # real paths of the folders read: a link loop ends there
    for current, dirs, files in os.walk(folder, followlinks=reading.follow_symlinks):
        here = Path(current)
        if _resolved(here) in visited:
            _count(skipped, "folders linked twice")
            dirs[:] = []
            continue
        visited.add(_resolved(here))
        if not reading.follow_symlinks:
            linked = [name for name in dirs if (here / name).is_symlink()]
            for _ in linked:
                _count(skipped, "symlinked folders (use --follow-symlinks)")
            dirs[:] = [name for name in dirs if name not in linked]
        for name in sorted(files):
            path = here / name
            fmt, compressed = input_format(name, reading.format)
            if fmt is None:
                suffix = "".join(Path(name).suffixes[-2:]).lower() or "no extension"
                _count(skipped, f"files of other types ({suffix})")
                continue
            if _is_excluded(path, excluded):
                _count(skipped, "the output file")
                continue
            error = None
            if path.is_symlink():
                if not path.exists():
                    error = "dangling symlink: its target does not exist"
                elif not reading.follow_symlinks and not _inside(_resolved(path), root):
                    error = ("symlink to a file outside the input folder, not followed "
                             "(use --follow-symlinks)")
            relative = path.relative_to(folder).as_posix()
            given = path.as_posix()
            stem = _strip_suffixes(name)
            rel_stem = _no_ext(relative)
            yield (path.relative_to(folder).parts,
                   (Source(str(path), fmt, stem, compressed, error),
                    [stem, rel_stem, _no_ext(given), given]))


def _count(counts: dict[str, int], key: str) -> None:
    counts[key] = counts.get(key, 0) + 1


def _no_ext(path: str) -> str:
    head, _, name = path.replace(os.sep, "/").rpartition("/")
    return (head + "/" if head else "") + _strip_suffixes(name)


def _unique_ids(found: list[tuple[Source, list[str]]]) -> list[Source]:
    """Each source's id: the first of its candidate names that no other source shares
    at the same step (see ``collect_inputs``)."""
    level = [0] * len(found)
    for _ in range(4):
        names: dict[str, list[int]] = {}
        for i, (source, candidates) in enumerate(found):
            names.setdefault(candidates[level[i]], []).append(i)
        clashes = [group for group in names.values() if len(group) > 1]
        if not clashes:
            break
        for group in clashes:
            for i in group:
                level[i] = min(level[i] + 1, len(found[i][1]) - 1)
    out = []
    for i, (source, candidates) in enumerate(found):
        ident = _valid_unicode(candidates[level[i]])
        out.append(Source(source.path, source.format, ident, source.compressed, source.error))
    return out


def _resolved(path: Path) -> str:
    return os.path.realpath(path)


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _is_excluded(path: Path, excluded: list[str]) -> bool:
    return bool(excluded) and _resolved(path) in excluded


# -- tasks ---------------------------------------------------------------------------------
def iter_tasks(inputs: Inputs | Iterable[Source], reading: Reading = Reading()
               ) -> Iterator[Task]:
    """The tasks of the sources in order: one per article file, one per record of a
    record file. An id met before makes its task an error task named by where it stands
    (``feed:7``: line or row 7 of feed.jsonl), so that no record is lost or overwritten
    and ids in the output stay unique."""
    sources = inputs.sources if isinstance(inputs, Inputs) else inputs
    seen: set[str] = set()
    for source in sources:
        for task, where in _source_tasks(source, reading):
            if task.id in seen:
                ident = where
                while ident in seen:
                    ident += "'"
                task = Task(id=ident, error=task.error or (
                    f"duplicate id {task.id!r}: an earlier article has it (ids must be unique)"))
            seen.add(task.id)
            yield task


def _source_tasks(source: Source, reading: Reading) -> Iterator[tuple[Task, str]]:
    if source.error:
        yield Task(id=source.id, error=source.error), source.path
        return
    if source.format in RECORD_FORMATS or (source.path == STDIN and source.format is None):
        yield from _record_tasks(source, reading)
        return
    if source.path == STDIN:
        with _open_binary(source) as stream:
            data = stream.read()
        yield (Task(id=source.id, data=data, published=reading.published,
                    format=source.format or "text"), source.path)
        return
    yield Task(id=source.id, path=source.path, published=reading.published,
               format=source.format or "text", compressed=source.compressed), source.path


def count_tasks(inputs: Inputs) -> Optional[int]:
    """How many tasks ``iter_tasks`` yields, when known without parsing (for a progress
    bar); None for standard input, compressed and CSV record files."""
    total = 0
    for source in inputs.sources:
        if source.error or source.format not in RECORD_FORMATS:
            if source.path == STDIN:
                return None
            total += 1
        elif source.format == "jsonl" and not source.compressed:
            try:
                with open(source.path, "rb") as f:
                    total += sum(1 for line in f if line.strip())
            except OSError:
                total += 1
        elif source.format == "parquet":
            try:
                import pyarrow.parquet as pq
                total += pq.ParquetFile(source.path).metadata.num_rows
            except Exception:
                return None
        else:
            return None
    return total


def _open_binary(source: Source) -> BinaryIO:
    if source.path == STDIN:
        stdin = sys.stdin.buffer
        return gzip.GzipFile(fileobj=stdin) if source.compressed else stdin
    return gzip.open(source.path, "rb") if source.compressed else open(source.path, "rb")


def _record_tasks(source: Source, reading: Reading) -> Iterator[tuple[Task, str]]:
    """One task per record of a JSON Lines, CSV or Parquet file (or of standard input,
    whose format is read off its first byte when not given: ``{`` JSON Lines, ``<`` one
    HTML page, anything else one text article)."""
    prefix = source.id
    try:
        stream = _open_binary(source)
    except OSError as exc:
        yield Task(id=source.id, error=f"cannot read file: {exc.strerror or exc}"), source.path
        return
    fmt = source.format
    try:
        if fmt is None:  # standard input, format not given
            head = stream.read(1 << 16)
            first = head.lstrip()[:1]
            if first != b"{":
                data = head + stream.read()
                yield Task(id="stdin", data=data, published=reading.published,
                           format="html" if first == b"<" else "text"), "stdin"
                return
            stream = io.BufferedReader(_Prepended(head, stream))  # type: ignore[arg-type]
            fmt = "jsonl"
        if fmt == "jsonl":
            for number, raw in enumerate(stream, 1):
                if raw.strip():
                    where = f"{prefix}:{number}"
                    yield jsonl_line_task(raw, where, reading), where
        elif fmt == "csv":
            yield from _csv_tasks(stream, prefix, reading)
        else:
            yield from _parquet_tasks(source, reading)
    except (OSError, EOFError, gzip.BadGzipFile, csv.Error) as exc:
        yield (Task(id=f"{prefix}:rest", error=f"cannot read the rest of the file: "
                                               f"{type(exc).__name__}: {exc}"), source.path)
    finally:
        if source.path != STDIN:
            stream.close()


class _Prepended(io.RawIOBase):
    """A stream that gives ``head`` first, then the rest of ``rest``."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self.head, self.rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n], self.head = self.head[:n], self.head[n:]
            return n
        data = self.rest.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


def jsonl_line_task(raw: bytes, fallback_id: str, reading: Reading = Reading()) -> Task:
    """The task of one JSON Lines record; the id is the record's or ``file:line``."""
    try:
        record = json.loads(raw)
    except ValueError as exc:
        return Task(id=fallback_id, error=f"line is not valid JSON: {exc}")
    if not isinstance(record, dict):
        return Task(id=fallback_id, error="line is not a JSON object")
    return record_task(record, fallback_id, reading)


def record_task(record: Mapping[str, Any], fallback_id: str,
                reading: Reading = Reading()) -> Task:
    """The task of one record (a JSON object, a CSV or Parquet row)."""
    ident = record.get(reading.id_col)
    if ident is None or ident == "" or _is_nan(ident):
        ident = fallback_id
    ident = _valid_unicode(str(ident))
    if reading.text_col not in record:
        return Task(id=ident, error=f"record has no {reading.text_col!r} field (choose the "
                                    f"field with --text-col)")
    text = record[reading.text_col]
    if text is not None and not isinstance(text, str):
        return Task(id=ident, error=f"record's {reading.text_col!r} is a "
                                    f"{type(text).__name__}, not a text")
    if text is None or not text.strip():
        return Task(id=ident, error=f"record has no text in {reading.text_col!r}")
    published = record.get(reading.published_col)
    if published is None or published == "" or _is_nan(published):
        published = reading.published
    else:
        try:
            published = published_value(published)
        except ValueError as exc:
            return Task(id=ident, error=f"{reading.published_col!r}: {exc}")
    return Task(id=ident, text=text, published=published)


def _is_nan(value: Any) -> bool:
    return isinstance(value, float) and value != value


def _csv_tasks(stream: BinaryIO, prefix: str, reading: Reading
               ) -> Iterator[tuple[Task, str]]:
    csv.field_size_limit(min(sys.maxsize, 2 ** 31 - 1))  # an article is a large field
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
    rows = csv.DictReader(text)
    header = rows.fieldnames or []
    if reading.text_col not in header:
        yield (Task(id=prefix, error=f"no column {reading.text_col!r} in the CSV header "
                                     f"({', '.join(header) or 'empty'}); choose one with "
                                     f"--text-col"), prefix)
        return
    for number, row in enumerate(rows, 1):
        where = f"{prefix}:{number}"
        yield record_task(row, where, reading), where


def _parquet_tasks(source: Source, reading: Reading) -> Iterator[tuple[Task, str]]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield (Task(id=source.id, error="Parquet input needs pyarrow: "
                                        "pip install 'ru_govdigest[parquet]'"), source.path)
        return
    try:
        parquet = pq.ParquetFile(source.path)
    except Exception as exc:
        yield (Task(id=source.id, error=f"not a readable Parquet file: {exc}"), source.path)
        return
    names = parquet.schema_arrow.names
    if reading.text_col not in names:
        yield (Task(id=source.id, error=f"no column {reading.text_col!r} in the Parquet file "
                                        f"({', '.join(names)}); choose one with --text-col"),
               source.path)
        return
    columns = [c for c in (reading.text_col, reading.id_col, reading.published_col)
               if c in names]
    number = 0
    for batch in parquet.iter_batches(batch_size=256, columns=columns):
        for row in batch.to_pylist():
            number += 1
            where = f"{source.id}:{number}"
            yield record_task(row, where, reading), where


# -- reading one article --------------------------------------------------------------------
# Lone surrogates (a file name that is not UTF-8, a JSON "\udc00") and NUL cannot be written
# as UTF-8 or parsed by every reader; each becomes U+FFFD, one character for one, so offsets
# into the text do not move.
_UNWRITABLE = re.compile("[\x00\ud800-\udfff]")


def writable(text: str) -> tuple[str, int]:
    """The text with NUL and lone surrogates as U+FFFD, and how many there were."""
    return _UNWRITABLE.subn("\ufffd", text)


def _valid_unicode(text: str) -> str:
    return writable(text)[0]


# Byte order marks of UTF-16/32 files (Notepad's "Unicode"); these codecs drop the mark,
# so ``data.decode(encoding)`` gives the text the offsets refer to. UTF-32 comes first:
# its little-endian mark begins with UTF-16's. A UTF-8 mark stays in the text as U+FEFF
# (plain UTF-8 decoding), which matching ignores.
_UNICODE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                 (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# UTF-8 with stray or cut bytes is still UTF-8 when its well-formed multi-byte characters
# outnumber the bad sequences this many times (a cp1251 text is almost all bad sequences).
_UTF8_EVIDENCE = 10


def decode_article(data: bytes) -> tuple[str, str, Optional[str]]:
    """The text of an article file, the encoding it was read with, and a note when bytes
    had to be replaced."""
    if not data.strip():
        raise ArticleError("empty file")
    for bom, encoding in _UNICODE_BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding, None
            except UnicodeDecodeError:
                raise ArticleError(f"{encoding} byte order mark, but the bytes do not "
                                   f"decode as {encoding}") from None
    if b"\x00" in data[:8192]:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise ArticleError("binary file (NUL bytes), not a text article")
        return data.decode(encoding), encoding, None
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    well_formed = sum(1 for ch in text if ord(ch) > 0x7F) - bad - data.count("\ufffd".encode())
    if well_formed >= _UTF8_EVIDENCE * bad:
        return text, "utf-8", (f"{bad} invalid UTF-8 byte sequence{'s' if bad > 1 else ''} "
                               f"replaced with U+FFFD")
    from charset_normalizer import from_bytes
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise ArticleError("not text: no character encoding fits the bytes")
    text = str(best)
    if sum(ch.isprintable() or ch.isspace() for ch in text) < 0.95 * len(text):
        raise ArticleError(f"binary file (decodes as {best.encoding} only to unprintable text)")
    return text, best.encoding, None


def _utf16_without_bom(data: bytes) -> Optional[str]:
    """``utf-16-le`` or ``utf-16-be`` when the bytes are such text without a byte order
    mark: they decode, and almost every character is Latin, Cyrillic, common punctuation
    or white space (random bytes with NULs decode to scattered CJK and symbols)."""
    if len(data) % 2:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        usual = sum(1 for ch in text if ch.isspace() or (ch.isprintable() and (
            ord(ch) < 0x0530 or 0x2000 <= ord(ch) < 0x2200)))
        if usual >= 0.95 * len(text):
            return encoding
    return None


# Page parts that are never the article: trafilatura falls back to any text at all (a
# menu, a copyright line) when a page has no main text; the page has main text only when
# some words stand outside these.
_PAGE_FURNITURE = ("nav", "header", "footer", "aside", "menu", "script", "style", "noscript",
                   "form", "button", "select", "a", "title", "head", "template")
_WORD = re.compile(r"[^\W\d_]{2,}")


def html_main_text(html: str) -> tuple[str, Optional[str]]:
    """The main text of a web page (trafilatura), without menus, scripts and comments,
    and the publication date its metadata states (or None)."""
    try:
        import trafilatura
    except ImportError:
        raise ArticleError("HTML input needs trafilatura: pip install 'ru_govdigest[html]'"
                           ) from None
    if not _has_content(html):
        raise ArticleError("no main text found in the HTML page")
    found = trafilatura.extract(html, output_format="json", with_metadata=True,
                                include_comments=False, include_tables=True,
                                favor_recall=True,
                                date_extraction_params={"extensive_search": False,
                                                        "original_date": True})
    page = json.loads(found) if found else {}
    text = page.get("text") or ""
    if not text.strip():
        raise ArticleError("no main text found in the HTML page")
    try:
        page_date = published_value(page.get("date"))
    except ValueError:
        page_date = None
    return text, page_date


def _has_content(html: str) -> bool:
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(html)
    except Exception:  # lxml rejects some broken pages: leave the judgement to trafilatura
        return True
    for element in tree.xpath("|".join(f"//{tag}" for tag in _PAGE_FURNITURE)):
        if element.getparent() is not None:
            element.drop_tree()
    return _WORD.search(tree.text_content()) is not None


def load_article(task: Task) -> Article:
    """Read and decode the task's article; raises ArticleError when it is unusable."""
    if task.error is not None:
        raise ArticleError(task.error)
    encoding = decoding = None
    if task.text is not None:
        text = task.text
    else:
        data = task.data if task.data is not None else _read_file(task)
        text, encoding, decoding = decode_article(data)
        encoding = None if encoding == "utf-8" else encoding
    if task.format == "html":
        text, page_date = html_main_text(text)
        return Article(task.id, text, task.published, page_date, encoding, decoding,
                       extracted=True)
    return Article(task.id, text, task.published, None, encoding, decoding)


def _read_file(task: Task) -> bytes:
    assert task.path is not None
    try:
        if not task.compressed:
            return Path(task.path).read_bytes()
        with gzip.open(task.path, "rb") as f:
            data = f.read(MAX_UNPACKED_BYTES + 1)
    except (OSError, EOFError) as exc:
        message = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise ArticleError(f"cannot read file: {message}") from exc
    if len(data) > MAX_UNPACKED_BYTES:
        raise ArticleError(f"unpacks to more than {MAX_UNPACKED_BYTES >> 20} MB")
    return data


def read_article(task: Task) -> Article:
    """``load_article``, with an unusable input as an Article holding its ``error``."""
    try:
        return load_article(task)
    except ArticleError as exc:
        return Article(task.id, error=str(exc))
    except Exception as exc:  # a reader's bug must cost one article, not the run
        return Article(task.id, error=f"{type(exc).__name__}: {exc}")


def read_articles(paths: str | os.PathLike | Iterable[str | os.PathLike], *,
                  reading: Optional[Reading] = None, **options: Any) -> Iterator[Article]:
    """Every article of the files and folders (the formats and ids of ``govdigest
    extract``), read in this process, in order; an unusable input is an Article with its
    ``error``. ``options`` are ``Reading`` fields: ``text_col``, ``id_col``,
    ``published_col``, ``published``, ``format``, ``follow_symlinks``."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    reading = reading or Reading(**options)
    for task in iter_tasks(collect_inputs(paths, reading), reading):
        yield read_article(task)
