"""Bounded cost and no surprises (issue 14)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS

GOVDIGEST = Path(sys.executable).parent / "govdigest"
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


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
