"""Bounded cost and no surprises (issue 14).

Linear time and bounded memory: each reproduction of the issue is timed against a plain
input of the same length, the cost is a ratio, never an absolute limit (absolute figures are
in benchmarks/bounded.py). A quadratic step shows as a ratio in the tens or hundreds at
these lengths; a bounded one stays within a few. Then a batch that cannot loop, orphan its
workers or write what parsers reject.
"""
from __future__ import annotations

import json
import math
import os
import re
import signal
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Callable, Iterator

import pytest

from conftest import ROOT, SEEDS
from ru_govdigest import (dates, document, furniture, indicators, inputs, names, numerals,
                          officials, regions)
from ru_govdigest.document import MAX_SENTENCE_TOKENS, Document
from ru_govdigest.resources import read_tsv

GOVDIGEST = Path(sys.executable).parent / "govdigest"
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


# == Linear time and bounded memory ===============================================================
def seconds(fn: Callable[[], object], repeat: int = 3) -> float:
    """The best of ``repeat`` runs: the least disturbed by other work on the machine."""
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def plain_text(length: int) -> str:
    """Ordinary article text of the given length: the seed articles, repeated."""
    text = "\n".join(SEED_TEXTS)
    return (text * (length // len(text) + 1))[:length]


# -- 1. every pattern is linear on adversarial lines ------------------------------------------
def patterns() -> Iterator[tuple[str, re.Pattern, str]]:
    """(name, pattern, how to apply it) for every compiled pattern of the modules that read
    text (searched: stricter than matching at one position), each furniture row on its own
    (matched at a line's start, as furniture.py does) and the date patterns over symbols."""
    for module in (document, furniture, inputs, numerals, indicators, dates, names, officials,
                   regions):
        for name, value in sorted(vars(module).items()):
            if isinstance(value, re.Pattern):
                yield f"{module.__name__}.{name}", value, "search"
    for kind, pattern in read_tsv("furniture.tsv"):
        yield f"furniture.tsv {kind} {pattern}", re.compile(pattern, re.I), "match"
    for name, pattern, *_ in dates._COMPILED:
        yield f"dates.PATTERNS {name}", pattern, "match"


# Pieces repeated into adversarial lines: runs of what the patterns' quantifiers take, with
# and without what must follow them, and the words the furniture patterns start with.
UNITS = ["а  /  ", "а / ", " ", "\t", "1", "1 ", "11.", "1,", "1.1", "1-", "1–1", "000 ",
         "12.12.2012 ", "-", "–", ".", ",", "(1)", "(", "а", "А", "АБ", "Иван ", "ов", "ович",
         "x", "X", "/", ">", "|", "%", "d", "dm", "y", "g.", "сy", "N", "mz", "дм"]
ENDS = ["", "x", ".", "!"]
PREFIXES = ["", "комментарии", "главная", "просмотров", "фото", "1 "]
LENGTHS = (24, 48, 96, 3072)  # short first: an exponential pattern fails before it hangs
MAX_RATIO = 100  # linear patterns stay far below; quadratic ones reach thousands at 3072


def adversarial(length: int) -> Iterator[tuple[str, str]]:
    for prefix in PREFIXES:
        for unit in UNITS:
            for end in ENDS:
                body = unit * ((length - len(prefix) - len(end)) // len(unit) + 1)
                yield f"{prefix!r} + {unit!r}* + {end!r}", (prefix + body)[:length - len(end)] + end


# The cost of reading a line once, in the regex engine: the floor of the comparison.
_SCAN = re.compile(r"(?:.|\n)*+")


@pytest.mark.parametrize("name,pattern,how", list(patterns()),
                         ids=lambda v: v if isinstance(v, str) else "")
def test_pattern_is_linear_on_adversarial_lines(name, pattern, how):
    apply = getattr(pattern, how)
    for length in LENGTHS:
        plain = plain_text(length).replace("\n", " ")
        reference = max(seconds(lambda: apply(plain)), seconds(lambda: _SCAN.match(plain)))
        for family, line in adversarial(length):
            spent = seconds(lambda: apply(line))
            assert spent <= MAX_RATIO * reference, (
                f"{name} on {family} ({length} characters): {spent / reference:.0f} times "
                f"a plain line")


# -- 2. extraction: every reproduction of the issue against plain text ------------------------
def _without_punctuation(length: int) -> str:
    words = " ".join(re.findall(r"[^\W\d_]+", "\n".join(SEED_TEXTS)))
    return (words * (length // len(words) + 1))[:length]


PUNCTUATION = "...!!!???,,,;;;::: — – - «» \"\" '' ()[]{} "
REPRODUCTIONS = {
    # 1. catastrophic backtracking in the furniture patterns
    "breadcrumb of separators": "а  /  " * 14 + ".",
    "comments and a run of spaces": "Комментарии" + " " * 32000 + "x",
    # 2. quadratic extraction: figures, long numbers, dates, no sentence ends
    "figures with no full stop": "более 5% " * 2000,
    "long numbers": "1 000 000,5 " * 2000,
    "numeric dates": "12.12.2012 " * 9100,
    "one surname repeated": "Иванов " * 5000,
    "punctuation": (PUNCTUATION * 1000)[:30_000],
    "words without punctuation": _without_punctuation(30_000),
}
# Dense figures cost more per character than prose (each is read, given a unit and a
# subject: about 8 times now); the target is 2 times, benchmarks/bounded.py reports
# the actual figures. A quadratic step was 14 to 130 times here.
MAX_EXTRACT_RATIO = 12


@pytest.mark.parametrize("name", sorted(REPRODUCTIONS))
def test_adversarial_article_costs_about_as_much_as_plain_text(extractor, name):
    text = REPRODUCTIONS[name]
    plain = plain_text(len(text))
    extractor.extract(SEED_TEXTS[0])  # what loads on first use is loaded
    repeat = 1 if len(text) > 50_000 else 3
    spent = seconds(lambda: extractor.extract(text), repeat)
    reference = seconds(lambda: extractor.extract(plain), repeat)
    assert spent <= MAX_EXTRACT_RATIO * reference, (
        f"{name}: {spent:.2f} s against {reference:.2f} s for plain text of "
        f"{len(text)} characters")


def test_cost_per_character_does_not_grow_with_the_article(extractor):
    """Eight times the sentences cost eight times as much, not more: no figure is compared
    with every region and date mention of the article (that made 10 MB cost 2-3 times more
    per character than 1 MB)."""
    sentence = "В Москве 5 марта 2024 года открыли 3 школы. "
    short, long = sentence * 750, sentence * 6000
    per_char_short = seconds(lambda: extractor.extract(short), repeat=2) / len(short)
    per_char_long = seconds(lambda: extractor.extract(long), repeat=1) / len(long)
    assert per_char_long <= 2 * per_char_short


# -- 3. memory: a long article is not kept as objects ------------------------------------------
def traced_peak(fn: Callable[[], object]) -> int:
    """Bytes allocated at the peak of ``fn`` above what was allocated before it."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        fn()
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


MEMORY_CASES = {
    "plain text": lambda n: plain_text(n),
    "one surname repeated": lambda n: ("Иванов " * n)[:n],
    "punctuation": lambda n: (PUNCTUATION * n)[:n],
    "words without punctuation": _without_punctuation,
    "numeric dates": lambda n: ("12.12.2012 " * n)[:n],
}


@pytest.mark.parametrize("name", sorted(MEMORY_CASES))
def test_document_takes_a_few_times_the_size_of_its_text(name):
    """Tokens, sentences and lines are offset arrays: each character more costs a few
    times its own size (25 to 150 times when they were objects; a 10 MB article took over
    1 GB). Measured between two lengths, so that what does not grow with the text
    (razdel's work on one piece of a line) cancels out."""
    short, long = MEMORY_CASES[name](15_000), MEMORY_CASES[name](60_000)
    grown = traced_peak(lambda: Document.from_text(long)) - \
        traced_peak(lambda: Document.from_text(short))
    assert grown <= 10 * (sys.getsizeof(long) - sys.getsizeof(short))


def test_a_repeated_name_takes_no_more_memory_than_plain_text(extractor):
    """\"Иванов \" * 100_000 is one sentence to razdel: the NER read it as one batch of
    100,000 tokens and the memory went up by 843 MB (3 times plain text already at 40 KB)."""
    text, plain = MEMORY_CASES["one surname repeated"](40_000), plain_text(40_000)
    extractor.extract(plain)  # the caches (morphology, names) filled as they will be
    assert traced_peak(lambda: extractor.extract(text)) <= \
        2 * traced_peak(lambda: extractor.extract(plain))


def test_a_long_sentence_is_read_in_windows():
    doc = Document.from_text(_without_punctuation(50_000))
    assert len(doc.sentences) > 1
    assert all(s.last - s.first <= MAX_SENTENCE_TOKENS for s in doc.sentences)
    # the windows cover the text: every token in one sentence, in order
    assert [t.nstart for s in doc.sentences for t in doc.sentence_tokens(s)] == \
        [t.nstart for t in doc.tokens]


def test_tokens_are_made_when_read_and_the_latest_kept():
    doc = Document.from_text(plain_text(300_000))
    assert sum(1 for _ in doc.tokens) == len(doc.tokens) > 2 * document.TOKEN_CACHE
    assert doc.tokens._cached <= document.TOKEN_CACHE + MAX_SENTENCE_TOKENS
    # a token made again is the same token
    middle = doc.tokens[len(doc.tokens) // 2]
    sentence = doc.sentences[middle.sent]
    assert doc.sentence_tokens(sentence)[len(doc.tokens) // 2 - sentence.first] == middle
    assert doc.text[middle.start:middle.end] == middle.text


# == A batch that cannot loop, orphan or write what parsers reject ================================
def _strict_loads(line: str):
    """json.loads that refuses NaN and Infinity, as standard parsers do."""
    def refuse(constant: str):
        raise ValueError(f"not JSON: {constant}")
    return json.loads(line, parse_constant=refuse)


def _children(pid: int) -> set[int]:
    """Pids of the living processes whose parent is ``pid`` (Linux /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2:].split()[0] != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_no_worker_outlives_a_killed_main_process(tmp_path, sig):
    folder = tmp_path / "in"
    folder.mkdir()
    long_article = " ".join(SEED_TEXTS) * 40  # about 2 s an article
    for i in range(12):
        (folder / f"a{i:02}.txt").write_text(long_article, encoding="utf-8")
    proc = subprocess.Popen([str(GOVDIGEST), "extract", str(folder), "-o",
                             str(tmp_path / "out.jsonl"), "--jobs", "2", "--no-progress"],
                            stderr=subprocess.PIPE, cwd=ROOT)
    try:
        deadline = time.monotonic() + 120
        workers: set[int] = set()
        while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
            workers = _children(proc.pid)
        assert len(workers) == 2, "the run did not start its two workers"
        time.sleep(1.0)  # into the middle of an article
        os.kill(proc.pid, sig)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in workers if _alive(pid)], "a worker outlived its parent"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_an_output_inside_the_input_folder_is_never_read_back(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    for path in sorted(SEEDS.glob("*.txt")):
        (folder / path.name).write_bytes(path.read_bytes())
    out = folder / "zz.jsonl"
    for _ in range(2):  # the second run finds the first one's output in the folder
        proc = subprocess.run([str(GOVDIGEST), "extract", str(folder), "-o", str(out),
                               "--no-progress"], capture_output=True, text=True, cwd=ROOT,
                              timeout=300)
        assert proc.returncode == 0, proc.stderr
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert [r["id"] for r in records] == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert "not read: 1 the output file" in proc.stderr
    # Another output in the folder reads the first one as records: finite, and each line
    # a clear error record, not a run that feeds on itself.
    other = folder / "yy.jsonl"
    proc = subprocess.run([str(GOVDIGEST), "extract", str(folder), "-o", str(other),
                           "--no-progress"], capture_output=True, text=True, cwd=ROOT,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in other.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 2 * len(SEED_TEXTS)
    assert {r.get("error") for r in records[len(SEED_TEXTS):]} == {
        "record has no 'text' field (choose the field with --text-col)"}
    # An input named as the output is refused before anything is truncated.
    target = folder / sorted(SEEDS.glob("*.txt"))[0].name
    before = target.read_bytes()
    proc = subprocess.run([str(GOVDIGEST), "extract", str(target), "-o", str(target)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2 and "is also the output" in proc.stderr
    assert target.read_bytes() == before


@pytest.mark.parametrize("text", [
    "Бюджет " + "9" * 400 + " рублей",
    "Бюджет " + "9" * 300 + " млрд рублей, из них " + "9" * 310 + ",5 тыс. рублей",
    "Выделено 1" + "0" * 320 + "%.",
    "Губернатор\x00 Тульской области Иван\x00 Петров\ud800 5 марта 2024 года открыл 2 парка.",
])
def test_every_line_written_is_strict_json(extractor, tmp_path, text):
    digest = extractor.extract(text, id="x")
    line = digest.to_json()
    assert _strict_loads(line)["id"] == "x"
    line.encode("utf-8")  # no lone surrogate: writable as UTF-8
    assert "\x00" not in line and "\\u0000" not in line
    for official in digest.officials:
        assert not set(official.name) & {"\x00", "\ud800"}
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "x", "text": text}) + "\n", encoding="utf-8")
    for name in ("out.jsonl", "out.csv"):
        proc = subprocess.run([str(GOVDIGEST), "extract", str(feed), "-o",
                               str(tmp_path / name), "--no-progress"],
                              capture_output=True, text=True, cwd=ROOT)
        assert proc.returncode == 0, proc.stderr
    for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines():
        record = _strict_loads(line)
        assert record == _strict_loads(digest.to_json())
    table = (tmp_path / "out.csv").read_text(encoding="utf-8").lower()
    assert "inf" not in table.replace("информ", "") and ",nan," not in table
