"""Input readers: files and folders in, ``Task`` objects out, in input order.

Three kinds of file are articles:

- ``.txt``: one article; the id is the file name without the extension;
- ``.html``/``.htm``: one web page; its main text is extracted with trafilatura (the
  ``html`` extra) and offsets refer to that extracted text, which the record keeps as
  ``text``;
- ``.jsonl``: one article a line, ``{"id", "text"[, "published"]}``; a line that is not
  such a record becomes an error task, so it still gets its one error record.

Bytes are decoded as UTF-8 or, failing that, by detection (charset-normalizer); the
record notes any other encoding in ``meta.encoding``. Nothing here raises on a bad
article: it becomes an ``ArticleError`` whose message ends up in the error record.
"""
from __future__ import annotations

import codecs
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
INPUT_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES


class UsageError(Exception):
    """Arguments that cannot be used (missing path, folder with no articles)."""


class ArticleError(Exception):
    """An input that is not a readable article; the message goes into its error record."""


@dataclass(frozen=True)
class Task:
    """One article to process: a file to read (``path``, ``kind`` ``text`` or ``html``) or
    a text already in memory. ``error`` set means the input was already found unusable."""

    id: str
    path: Optional[str] = None
    text: Optional[str] = None
    published: Optional[str] = None
    kind: str = "text"
    error: Optional[str] = None


@dataclass(frozen=True)
class Article:
    """A readable article: its text and what the record should note about how it was read."""

    id: str
    text: str
    published: Optional[str] = None
    encoding: Optional[str] = None  # set when not UTF-8
    extracted: bool = False  # the text was extracted from HTML (the record keeps it)


def collect_inputs(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Input files in order: files as given, folders searched recursively (sorted)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*")
                            if p.suffix.lower() in INPUT_SUFFIXES and p.is_file())
            if not inside:
                raise UsageError(f"no {'/'.join(INPUT_SUFFIXES)} files in folder {path}")
            found.extend(inside)
        elif path.exists() or path.is_symlink():
            found.append(path)
        else:
            raise UsageError(f"no such file or folder: {path}")
    return found


# Lone surrogates: a file name that is not UTF-8 (os decodes it with surrogateescape), a
# JSON "\udc00". They cannot be written as UTF-8; each becomes U+FFFD, one character for
# one, so offsets into the text do not move.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _valid_unicode(text: str) -> str:
    return _SURROGATE.sub("\ufffd", text)


def file_task(path: Path) -> Task:
    """The task of a one-article file (.txt, .html); any other suffix is read as text."""
    kind = "html" if path.suffix.lower() in HTML_SUFFIXES else "text"
    return Task(id=_valid_unicode(path.stem), path=str(path), kind=kind)


def iter_tasks(files: Iterable[Path]) -> Iterator[Task]:
    """The tasks of the files in order: one per article file, one per line of a .jsonl."""
    for path in files:
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from jsonl_tasks(path)
        else:
            yield file_task(path)


def count_tasks(files: Iterable[Path]) -> int:
    """How many tasks ``iter_tasks`` yields, without parsing (for a progress bar)."""
    total = 0
    for path in files:
        if path.suffix.lower() in JSONL_SUFFIXES:
            try:
                with open(path, "rb") as f:
                    total += sum(1 for line in f if line.strip())
            except OSError:
                total += 1
        else:
            total += 1
    return total


def jsonl_tasks(path: Path) -> Iterator[Task]:
    """One task per non-blank line of a .jsonl file of ``{id, text[, published]}``."""
    try:
        f = open(path, "rb")
    except OSError as exc:
        yield Task(id=path.stem, error=f"cannot read file: {exc.strerror or exc}")
        return
    with f:
        for lineno, raw in enumerate(f, 1):
            if raw.strip():
                yield jsonl_line_task(raw, fallback_id=f"{path.stem}:{lineno}")


def jsonl_line_task(raw: bytes, fallback_id: str) -> Task:
    """The task of one JSON Lines record; the id is the record's or ``file:line``."""
    try:
        record = json.loads(raw)
    except ValueError as exc:
        return Task(id=fallback_id, error=f"line is not valid JSON: {exc}")
    if not isinstance(record, dict):
        return Task(id=fallback_id, error="line is not a JSON object")
    ident = record.get("id")
    ident = fallback_id if ident is None or ident == "" else _valid_unicode(str(ident))
    text = record.get("text")
    if not isinstance(text, str):
        return Task(id=ident, error='record has no "text" string')
    published = record.get("published")
    if published is not None and not isinstance(published, str):
        return Task(id=ident, error='"published" must be an ISO date string')
    return Task(id=ident, text=_valid_unicode(text), published=published or None)


# Byte order marks of UTF-16/32 files (Notepad's "Unicode"); these codecs drop the mark,
# so ``data.decode(encoding)`` gives the text the offsets refer to. UTF-32 comes first:
# its little-endian mark begins with UTF-16's. A UTF-8 mark stays in the text as U+FEFF
# (plain UTF-8 decoding), which matching ignores.
_UNICODE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                 (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_article(data: bytes) -> tuple[str, str]:
    """The text of an article file and the encoding it was read with."""
    if not data.strip():
        raise ArticleError("empty file")
    for bom, encoding in _UNICODE_BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                raise ArticleError(f"{encoding} byte order mark, but the bytes do not "
                                   f"decode as {encoding}") from None
    if b"\x00" in data[:8192]:
        raise ArticleError("binary file (NUL bytes), not a text article")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise ArticleError("not text: no character encoding fits the bytes")
    text = str(best)
    if sum(ch.isprintable() or ch.isspace() for ch in text) < 0.95 * len(text):
        raise ArticleError(f"binary file (decodes as {best.encoding} only to unprintable text)")
    return text, best.encoding


def html_main_text(html: str) -> str:
    """The main text of a web page (trafilatura), without menus, scripts and comments."""
    try:
        import trafilatura
    except ImportError:
        raise ArticleError("HTML input needs trafilatura: pip install 'ru_govdigest[html]'"
                           ) from None
    text = trafilatura.extract(html, include_comments=False, include_tables=True,
                               favor_recall=True)
    if not text or not text.strip():
        raise ArticleError("no main text found in the HTML page")
    return text


def load_article(task: Task) -> Article:
    """Read and decode the task's article; raises ArticleError when it is unusable."""
    if task.error is not None:
        raise ArticleError(task.error)
    if task.text is not None:
        if task.kind == "html":
            return Article(task.id, html_main_text(task.text), task.published, extracted=True)
        return Article(task.id, task.text, task.published)
    try:
        data = Path(task.path).read_bytes()
    except OSError as exc:
        raise ArticleError(f"cannot read file: {exc.strerror or exc}") from exc
    text, encoding = decode_article(data)
    encoding = None if encoding == "utf-8" else encoding
    if task.kind == "html":
        return Article(task.id, html_main_text(text), task.published, encoding, extracted=True)
    return Article(task.id, text, task.published, encoding)
