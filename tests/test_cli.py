"""The ``govdigest`` command: formats, mixed inputs, resuming, usage errors."""
from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS
from ru_govdigest.cli import main

SEED_IDS = sorted(p.stem for p in SEEDS.glob("*.txt"))
GOVDIGEST = Path(sys.executable).parent / "govdigest"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def seeds_jsonl(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("cli") / "seeds.jsonl"
    assert main(["extract", str(SEEDS), "-o", str(out), "--no-progress"]) == 0
    return out


def test_extract_writes_one_record_per_seed_in_order(seeds_jsonl, extractor):
    records = read_jsonl(seeds_jsonl)
    assert [r["id"] for r in records] == SEED_IDS
    first = (SEEDS / f"{SEED_IDS[0]}.txt").read_text(encoding="utf-8")
    assert records[0] == extractor.extract(first, id=SEED_IDS[0]).to_dict()


def test_summary_line_on_stderr(tmp_path, capsys):
    main(["extract", str(SEEDS), "-o", str(tmp_path / "o.jsonl"), "--no-progress"])
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("govdigest: 5 articles, 0 errors, ")
    assert err[-1].endswith("articles/s")


def test_two_jobs_write_the_same_file(seeds_jsonl, tmp_path):
    out = tmp_path / "j2.jsonl"
    assert main(["extract", str(SEEDS), "-o", str(out), "--jobs", "2", "--no-progress"]) == 0
    assert out.read_bytes() == seeds_jsonl.read_bytes()


def test_mixed_folder_gets_exactly_one_record_per_article(tmp_path, capsys):
    pytest.importorskip("trafilatura", reason="HTML input needs the html extra (trafilatura)")
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEEDS / f"{SEED_IDS[0]}.txt", folder / "a_plain.txt")
    text = "Глава Чувашии Олег Николаев 3 апреля 2024 года вручил 12 наград."
    (folder / "b_win.txt").write_bytes(text.encode("cp1251"))
    (folder / "c_empty.txt").write_bytes(b"")
    (folder / "d_page.html").write_text(f"<html><body><article><p>{text}</p><p>Награды "
                                        f"получили врачи и учителя республики.</p>"
                                        f"</article></body></html>", encoding="utf-8")
    (folder / "e_feed.jsonl").write_text(
        json.dumps({"id": "feed1", "text": text, "published": "2024-04-03"},
                   ensure_ascii=False) + "\n{not json}\n"
        + json.dumps({"id": "feed3", "text": "Второй текст."}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    (folder / "notes.md").write_text("not an input", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(folder), "-o", str(out), "--no-progress"]) == 0
    records = read_jsonl(out)
    assert [r["id"] for r in records] == ["a_plain", "b_win", "c_empty", "d_page", "feed1",
                                          "e_feed:2", "feed3"]
    by_id = {r["id"]: r for r in records}
    assert set(by_id["c_empty"]) == {"id", "error", "meta"}
    assert by_id["e_feed:2"]["meta"] == {"error_kind": "input"}
    assert by_id["b_win"]["meta"]["encoding"] in ("cp1251", "windows-1251")
    assert by_id["feed1"]["published"] == "2024-04-03"
    assert text in by_id["d_page"]["text"]
    err = capsys.readouterr().err
    assert "7 articles, 2 errors" in err and "not read: 1 files of other types (.md)" in err


def test_csv_output_has_a_row_for_every_article(tmp_path, seeds_jsonl):
    out = tmp_path / "out.csv"
    assert main(["extract", str(SEEDS), str(tmp_path / "missing.txt"), "-o", str(out),
                 "--no-progress"]) == 2  # a missing input is a usage error ...
    assert not out.exists()
    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["extract", str(SEEDS), str(tmp_path / "empty.txt"), "-o", str(out),
                 "--no-progress"]) == 0  # ... an unreadable one an error row
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(dict.fromkeys(r["id"] for r in rows)) == SEED_IDS + ["empty"]
    assert rows[-1]["type"] == "error" and rows[-1]["error"] == "empty file"
    n_rows = sum(max(1, sum(len(r[k]) for k in ("regions", "officials", "dates",
                                                  "indicators")))
                 for r in read_jsonl(seeds_jsonl))
    assert len(rows) - 1 == n_rows


def test_parquet_and_csv_rows_are_the_to_frames_table(tmp_path, seeds_jsonl):
    pd = pytest.importorskip("pandas", reason="parquet output needs the parquet extra")
    pytest.importorskip("pyarrow", reason="parquet output needs the parquet extra")
    from ru_govdigest import to_frames
    from ru_govdigest.frames import COLUMNS
    (tmp_path / "empty.txt").write_bytes(b"")
    inputs = [str(SEEDS), str(tmp_path / "empty.txt")]
    parquet, csv_out, jsonl = tmp_path / "o.parquet", tmp_path / "o.csv", tmp_path / "o.jsonl"
    for out in (parquet, csv_out, jsonl):
        assert main(["extract", *inputs, "-o", str(out), "--no-progress"]) == 0
    table = pd.read_parquet(parquet)
    assert list(table.columns) == list(COLUMNS)
    assert str(table["start"].dtype) == "Int64" and str(table["value"].dtype) == "float64"
    assert list(dict.fromkeys(table["id"])) == SEED_IDS + ["empty"]
    from_records = to_frames(read_jsonl(jsonl))
    pd.testing.assert_frame_equal(table, from_records.table)
    for path in (parquet, csv_out, jsonl):
        pd.testing.assert_frame_equal(to_frames(path).table, from_records.table)
    assert list(from_records.errors["id"]) == ["empty"]


def test_resume_skips_done_ids_and_repairs_a_cut_line(tmp_path, seeds_jsonl, capsys):
    out = tmp_path / "out.jsonl"
    lines = seeds_jsonl.read_text(encoding="utf-8").splitlines(keepends=True)
    out.write_text(lines[0] + lines[1] + lines[2][:40], encoding="utf-8")
    assert main(["extract", str(SEEDS), "-o", str(out), "--resume", "--no-progress"]) == 0
    assert out.read_bytes() == seeds_jsonl.read_bytes()
    assert "3 articles, 0 errors, 2 skipped" in capsys.readouterr().err
    assert main(["extract", str(SEEDS), "-o", str(out), "--resume", "--no-progress"]) == 0
    assert out.read_bytes() == seeds_jsonl.read_bytes()


def test_resume_csv_does_not_repeat_the_header(tmp_path):
    out = tmp_path / "out.csv"
    seed = SEEDS / f"{SEED_IDS[0]}.txt"
    assert main(["extract", str(seed), "-o", str(out), "--no-progress"]) == 0
    assert main(["extract", str(SEEDS), "-o", str(out), "--resume", "--no-progress"]) == 0
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(dict.fromkeys(r["id"] for r in rows)) == SEED_IDS
    assert all(r["id"] != "id" for r in rows)


@pytest.mark.parametrize("args, message", [
    (["extract", "no/such/dir", "-o", "{tmp}/o.jsonl"], "no such file or folder"),
    (["extract", "{seeds}", "-o", "{tmp}/absent/o.jsonl"], "output folder does not exist"),
    (["extract", "{seeds}", "-o", "{tmp}/o.jsonl", "--jobs", "-2"], "--jobs takes"),
    (["extract", "{seeds}", "-o", "{tmp}/o.jsonl", "--timeout", "-1"], "--timeout takes"),
    (["extract", "{seeds}", "-o", "-", "--format", "parquet"], "needs an output file"),
    (["extract", "{seeds}", "-o", "-", "--resume"], "not stdout"),
    (["extract", "{seeds}", "-o", "{tmp}/o.jsonl", "--retry-errors"], "goes with --resume"),
    (["extract", "{seeds}", "-o", "{tmp}/o.xlsx"], "cannot tell the output format"),
    (["extract", "{seeds}", "-o", "{tmp}/o.json"], "cannot tell the output format"),
    (["extract", "{seeds}", "-o", "{tmp}/o.jsonl", "--published", "вчера"],
     "ISO 8601 date"),
    (["extract", "{tmp}/void", "-o", "{tmp}/o.jsonl"], "no .txt/.html/.htm/.jsonl"),
    (["extract", "{tmp}/feed.jsonl", "-o", "{tmp}/feed.jsonl"], "is also the output"),
    (["extract", "{tmp}/bad.csv", "-o", "{tmp}/o.csv", "--resume"], "not a table"),
    (["show", "{tmp}/nothing.txt"], "no such file"),
    (["show", "{tmp}/feed.jsonl"], "use extract for a file of records"),
])
def test_unusable_arguments_exit_2_with_one_line(args, message, tmp_path):
    (tmp_path / "feed.jsonl").write_text('{"id": "a", "text": "Текст."}\n', encoding="utf-8")
    (tmp_path / "void").mkdir()
    (tmp_path / "void" / "notes.md").write_text("not an article", encoding="utf-8")
    (tmp_path / "o.csv").write_text("id,text\na,b\n", encoding="utf-8")
    (tmp_path / "bad.csv").write_text("id,text\na,b\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    argv = [a.format(tmp=tmp_path, seeds=SEEDS) for a in args]
    proc = subprocess.run([str(GOVDIGEST), *argv], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert proc.stderr.startswith("govdigest: ") and message in proc.stderr
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_show_prints_a_readable_digest(capsys):
    assert main(["show", str(SEEDS / f"{SEED_IDS[0]}.txt")]) == 0
    out = capsys.readouterr().out
    assert out.startswith(SEED_IDS[0]) and "Indicators (" in out
    assert main(["show", "--json", str(SEEDS / f"{SEED_IDS[0]}.txt")]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == SEED_IDS[0]


def test_stdout_output(capsys):
    assert main(["extract", str(SEEDS / f"{SEED_IDS[1]}.txt"), "-o", "-"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["id"] == SEED_IDS[1]


def test_output_does_not_depend_on_the_hash_seed(tmp_path):
    """Workers (spawned processes, Dask) hash strings differently: no set order may leak
    into a record."""
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}.jsonl"
        subprocess.run([str(GOVDIGEST), "extract", str(SEEDS), "-o", str(out),
                        "--no-progress"], check=True, cwd=ROOT,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_explicit_format_wins_over_the_extension(capsys):
    assert main(["extract", str(SEEDS / f"{SEED_IDS[1]}.txt"), "-o", "-", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("id,published,type,")
    assert all(line.startswith(SEED_IDS[1] + ",") for line in lines[1:]) and len(lines) > 1


# -- conventions --------------------------------------------------------------------------------
def test_version_module_entry_and_examples_in_help():
    from ru_govdigest import __version__
    for command in ([str(GOVDIGEST)], [sys.executable, "-m", "ru_govdigest"]):
        proc = subprocess.run([*command, "--version"], capture_output=True, text=True)
        assert (proc.returncode, proc.stdout.strip()) == (0, f"govdigest {__version__}")
    proc = subprocess.run([sys.executable, "-m", "ru_govdigest", "extract", "--help"],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and "examples:" in proc.stdout
    assert "govdigest extract ARTICLES/ -o digests.jsonl --resume" in proc.stdout


def test_strict_exits_1_when_an_article_got_an_error_record(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    seed = str(SEEDS / f"{SEED_IDS[0]}.txt")
    out = str(tmp_path / "o.jsonl")
    assert main(["extract", seed, "-o", out, "--strict", "--no-progress"]) == 0
    assert main(["extract", seed, str(tmp_path / "empty.txt"), "-o", out, "--strict",
                 "--no-progress"]) == 1
    assert len(read_jsonl(Path(out))) == 2
    assert main(["extract", seed, str(tmp_path / "empty.txt"), "-o", out,
                 "--no-progress"]) == 0


def test_jobs_minus_one_and_zero_mean_every_core(tmp_path, seeds_jsonl):
    for jobs in ("-1", "0"):
        out = tmp_path / f"j{jobs}.jsonl"
        assert main(["extract", str(SEEDS), "-o", str(out), "--jobs", jobs,
                     "--no-progress"]) == 0
        assert out.read_bytes() == seeds_jsonl.read_bytes()


def test_show_of_an_unusable_article_exits_1_with_its_error(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    proc = subprocess.run([str(GOVDIGEST), "show", str(tmp_path / "empty.txt")],
                          capture_output=True, text=True)
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, "", "govdigest: empty: empty file\n")


def test_show_and_extract_read_standard_input():
    text = (SEEDS / f"{SEED_IDS[0]}.txt").read_bytes()
    proc = subprocess.run([str(GOVDIGEST), "show", "-", "--json"], input=text,
                          capture_output=True)
    assert proc.returncode == 0, proc.stderr
    shown = json.loads(proc.stdout)
    proc = subprocess.run([str(GOVDIGEST), "extract", "-", "-o", "-"], input=text,
                          capture_output=True)
    assert json.loads(proc.stdout) == shown and shown["id"] == "stdin"
    assert shown["regions"]


def test_a_closed_pipe_ends_the_run_quietly(tmp_path):
    text = (SEEDS / f"{SEED_IDS[0]}.txt").read_text(encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": f"a{i}", "text": text}, ensure_ascii=False)
                            + "\n" for i in range(300)), encoding="utf-8")
    for jobs in ("1", "2"):
        proc = subprocess.Popen([str(GOVDIGEST), "extract", str(feed), "-o", "-", "--jobs",
                                 jobs], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        first = proc.stdout.readline()
        proc.stdout.close()  # as `| head -1` does
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=120) == 0
        assert json.loads(first)["id"] == "a0"
        assert err == "", err


# -- outputs that cannot be written ----------------------------------------------------------------
def _as_unprivileged() -> list[str]:
    """A command prefix that drops root's power to write anything (permissions apply)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    return [setpriv, "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search", "--"]


@pytest.mark.parametrize("case", ["read-only file", "read-only folder", "full device"])
def test_an_unwritable_output_is_one_line_and_exit_2(tmp_path, case):
    if case == "full device":
        if not Path("/dev/full").exists():
            pytest.skip("no /dev/full here")
        out, prefix = "/dev/full", []
    elif case == "read-only file":
        out = tmp_path / "o.jsonl"
        out.write_text("earlier output\n", encoding="utf-8")
        out.chmod(0o444)
        prefix = _as_unprivileged()
    else:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o555)
        out, prefix = folder / "o.jsonl", _as_unprivileged()
    proc = subprocess.run([*prefix, str(GOVDIGEST), "extract", str(SEEDS), "-o", str(out),
                           "--no-progress"], capture_output=True, text=True)
    assert proc.returncode == 2, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert proc.stderr.startswith(f"govdigest: cannot write {out}: ")
    if case == "read-only file":
        assert out.read_text(encoding="utf-8") == "earlier output\n"


# -- resuming --------------------------------------------------------------------------------------
def test_resume_redoes_errors_that_may_go_away_and_keeps_the_others(tmp_path, seeds_jsonl):
    (tmp_path / "empty.txt").write_bytes(b"")
    out = tmp_path / "out.jsonl"
    lines = seeds_jsonl.read_text(encoding="utf-8").splitlines(keepends=True)
    crashed = json.dumps({"id": SEED_IDS[1], "error": "worker process died",
                          "meta": {"error_kind": "crash"}}) + "\n"
    empty = json.dumps({"id": "empty", "error": "empty file",
                        "meta": {"error_kind": "input"}}) + "\n"
    out.write_text(lines[0] + crashed + empty, encoding="utf-8")
    args = ["extract", str(SEEDS), str(tmp_path / "empty.txt"), "-o", str(out), "--resume",
            "--no-progress"]
    assert main(args) == 0
    records = read_jsonl(out)
    assert [r["id"] for r in records] == [SEED_IDS[0], "empty"] + SEED_IDS[1:]
    assert records[2:] == read_jsonl(seeds_jsonl)[1:]
    assert main(args + ["--retry-errors"]) == 0  # the empty file's record is redone too
    assert [r["id"] for r in read_jsonl(out)] == SEED_IDS + ["empty"]


def test_parquet_resume_gives_the_table_of_a_run_in_one_go(tmp_path):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    whole, resumed = tmp_path / "whole.parquet", tmp_path / "resumed.parquet"
    assert main(["extract", str(SEEDS), "-o", str(whole), "--no-progress"]) == 0
    first_two = [str(SEEDS / f"{i}.txt") for i in SEED_IDS[:2]]
    assert main(["extract", *first_two, "-o", str(resumed), "--no-progress"]) == 0
    assert main(["extract", str(SEEDS), "-o", str(resumed), "--resume", "--no-progress"]) == 0
    pd.testing.assert_frame_equal(pd.read_parquet(resumed), pd.read_parquet(whole))
    assert not (tmp_path / "resumed.parquet.part").exists()
    (tmp_path / "cut.parquet").write_bytes(whole.read_bytes()[:-100])  # a killed run's file
    proc = subprocess.run([str(GOVDIGEST), "extract", str(SEEDS), "-o",
                           str(tmp_path / "cut.parquet"), "--resume"], capture_output=True,
                          text=True)
    assert proc.returncode == 2 and "not a readable Parquet file" in proc.stderr
