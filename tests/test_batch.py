"""Batch machinery: records, ordered parallel runs, table rows, writers, resuming, threads."""
from __future__ import annotations

import csv
import io
import json
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import SEEDS
from ru_govdigest import Extractor
from ru_govdigest.batch import (CsvWriter, JsonlWriter, drop_partial_line, json_line,
                                resume_text, run_task, run_tasks)
from ru_govdigest.dask import ordered_map
from ru_govdigest.frames import COLUMNS, record_rows
from ru_govdigest.inputs import Reading, Task, collect_inputs, iter_tasks, jsonl_line_task

SEED_FILES = sorted(SEEDS.glob("*.txt"))
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in SEED_FILES]

ARTICLE = ("Губернатор Смоленской области Василий Анохин 12 марта 2024 года открыл "
           "в Вязьме новую школу на 550 мест. На строительство направили 1,2 млрд рублей.")


# -- .jsonl lines ------------------------------------------------------------------------------
@pytest.mark.parametrize("line, expected", [
    ('{"id": "a1", "text": "Текст"}', Task(id="a1", text="Текст")),
    ('{"id": 17, "text": "Текст", "published": "2024-03-12"}',
     Task(id="17", text="Текст", published="2024-03-12")),
    ('{"text": "Текст без id"}', Task(id="f:3", text="Текст без id")),
    ('{"id": "a2"}', Task(id="a2", error="record has no 'text' field (choose the field "
                                         "with --text-col)")),
    ('{"id": "a3", "text": 5}', Task(id="a3", error="record's 'text' is a int, not a text")),
    ('{"id": "a6", "text": " \\n "}', Task(id="a6", error="record has no text in 'text'")),
    ('{"id": "a4", "text": "x", "published": 2024}',
     Task(id="a4", error="'published': published must be a date, a datetime or an ISO "
                         "8601 string, not int")),
    ('{"id": "a5", "text": "x", "published": "вчера"}',
     Task(id="a5", error="'published': published must be an ISO 8601 date or date-time "
                         "(2021-09-07, 2021-09-07T13:20), not 'вчера'")),
    ('["a", "b"]', Task(id="f:3", error="line is not a JSON object")),
])
def test_jsonl_line_becomes_a_task_or_an_error_task(line, expected):
    assert jsonl_line_task(line.encode("utf-8"), fallback_id="f:3") == expected


def test_jsonl_line_that_is_not_json_is_an_error_task():
    task = jsonl_line_task(b'{"id": "a5", "text": "obr', fallback_id="f:9")
    assert task.id == "f:9" and task.error.startswith("line is not valid JSON")


def test_jsonl_file_gives_one_task_per_nonblank_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": "x", "text": "один"}\n\n{broken\n{"id": "y", "text": "два"}',
                    encoding="utf-8")
    tasks = list(iter_tasks(collect_inputs([path])))
    assert [t.id for t in tasks] == ["x", "feed:3", "y"]
    assert tasks[1].error and not tasks[0].error


def file_task(path) -> Task:
    return next(iter_tasks(collect_inputs([path])))


# -- records --------------------------------------------------------------------------------------
def test_cp1251_file_is_decoded_and_its_encoding_noted(extractor, tmp_path):
    path = tmp_path / "win.txt"
    path.write_bytes(ARTICLE.encode("cp1251"))
    record = run_task(extractor, file_task(path))
    assert "error" not in record
    assert record["meta"]["encoding"] in ("cp1251", "windows-1251")
    assert record == {**extractor.extract(ARTICLE, id="win").to_dict(), "meta": record["meta"]}


def test_html_file_record_holds_the_extracted_text_and_offsets_into_it(extractor, tmp_path):
    pytest.importorskip("trafilatura", reason="HTML input needs the html extra (trafilatura)")
    page = (f"<html><head><title>Новости</title><script>var x = 'Москва 2024';</script>"
            f"</head><body><nav>Главная | Контакты</nav><article><h1>Новая школа</h1>"
            f"<p>{ARTICLE}</p><p>Школа начнёт работу 1 сентября.</p></article>"
            f"<footer>© 2024</footer></body></html>")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    record = run_task(extractor, file_task(path))
    assert "error" not in record, record
    assert "Вязьме" in record["text"] and "var x" not in record["text"]
    for item in record["indicators"] + record["dates"]:
        assert record["text"][item["start"]:item["end"]] == item["text"]


@pytest.mark.parametrize("page", [
    "<html><body><script>alert(1)</script></body></html>",
    "<html><body><nav><a href='/'>menu</a></nav></body></html>",
    "<html><body><ul><li><a href='/a'>Главная</a></li><li><a href='/b'>Новости</a></li></ul>"
    "<footer>© 2024 Пресс-служба</footer></body></html>",
])
def test_html_without_main_text_gets_an_error_record(extractor, tmp_path, page):
    pytest.importorskip("trafilatura", reason="HTML input needs the html extra (trafilatura)")
    path = tmp_path / "blank.html"
    path.write_text(page, encoding="utf-8")
    assert run_task(extractor, file_task(path)) == {
        "id": "blank", "error": "no main text found in the HTML page",
        "meta": {"error_kind": "input"}}


def test_html_page_date_is_the_publication_date_when_the_text_has_none(extractor, tmp_path):
    pytest.importorskip("trafilatura", reason="HTML input needs the html extra (trafilatura)")
    body = ("<p>Губернатор открыл школу в Вязьме. Занятия в ней начнутся 1 сентября.</p>"
            "<p>В школе будут учиться 550 детей из трёх соседних сёл района.</p>")
    dated = tmp_path / "dated.html"
    dated.write_text(f'<html><head><meta property="article:published_time" '
                     f'content="2023-05-14T10:00:00+03:00"></head><body><article>{body}'
                     f'</article></body></html>', encoding="utf-8")
    record = run_task(extractor, file_task(dated))
    assert record["published"] == "2023-05-14"
    assert record["meta"]["published_from"] == "the page's metadata"
    assert [d["value"] for d in record["dates"]] == ["2023-09-01"]
    explicit = run_task(extractor, Task(id="d", path=str(dated), format="html",
                                        published="2024-02-01"))
    assert explicit["published"] == "2024-02-01"
    assert [d["value"] for d in explicit["dates"]] == ["2024-09-01"]


def test_unreadable_inputs_get_error_records(extractor, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    records = [run_task(extractor, Task(id=name.split(".")[0], path=str(tmp_path / name)))
               for name in ("empty.txt", "bin.txt", "missing.txt")]
    assert [r["id"] for r in records] == ["empty", "bin", "missing"]
    assert {r["meta"]["error_kind"] for r in records} == {"input"}
    assert records[0]["error"] == "empty file"
    assert records[1]["error"].startswith("binary file")
    assert records[2]["error"].startswith("cannot read file")


# -- order across processes ------------------------------------------------------------------------
def test_two_processes_give_the_same_records_in_input_order(extractor, tmp_path):
    tasks = ([Task(id=f"t{i}", text=text) for i, text in enumerate(SEED_TEXTS)]
             + [Task(id="bad", error="line is not a JSON object"),
                Task(id="absent", path=str(tmp_path / "absent.txt"))]
             + [file_task(p) for p in SEED_FILES])
    sequential = list(run_tasks(tasks, jobs=1, extractor=extractor))
    parallel = list(run_tasks(tasks, jobs=2, extractor=extractor, chunksize=2))
    assert parallel == sequential
    assert [r["id"] for r in parallel] == [t.id for t in tasks]


def test_pipe_over_processes_equals_sequential(extractor):
    items = [(f"s{i}", text) for i, text in enumerate(SEED_TEXTS)]
    assert (list(extractor.pipe(items, n_process=2, batch_size=2))
            == list(extractor.pipe(items)))


def test_ordered_map_keeps_order_when_chunks_finish_out_of_order():
    pending_high_water = 0
    running = 0
    lock = threading.Lock()

    def work(chunk):
        nonlocal running, pending_high_water
        with lock:
            running += 1
            pending_high_water = max(pending_high_water, running)
        time.sleep(0.02 * (3 - chunk[0] % 3))  # later chunks finish first
        with lock:
            running -= 1
        return [x * 10 for x in chunk]

    with ThreadPoolExecutor(4) as pool:
        out = list(ordered_map(lambda c: pool.submit(work, c), lambda f: f.result(),
                               range(23), chunksize=2, in_flight=3))
    assert out == [x * 10 for x in range(23)]
    assert pending_high_water <= 3


def test_one_extractor_is_safe_from_four_threads(extractor):
    expected = [extractor.extract(t, id=str(i)) for i, t in enumerate(SEED_TEXTS)]
    jobs = [(str(i), t) for i, t in enumerate(SEED_TEXTS)] * 4
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda job: extractor.extract(job[1], id=job[0]), jobs))
    assert got == expected * 4


# -- rows ---------------------------------------------------------------------------------------------
def test_rows_hold_every_item_with_its_type(extractor):
    record = extractor.extract(SEED_TEXTS[0], id="s0").to_dict()
    rows = record_rows(record)
    expected = (len(record["regions"]) + len(record["officials"]) + len(record["dates"])
                + len(record["indicators"]))
    assert len(rows) == max(1, expected)
    assert all(set(row) <= set(COLUMNS) and row["id"] == "s0" for row in rows)
    for row, date in zip([r for r in rows if r["type"] == "date"], record["dates"]):
        assert row["date"] == date["value"] and row["text"] == date["text"]
    for row, official in zip([r for r in rows if r["type"] == "official"],
                             record["officials"]):
        first = min(official["mentions"], key=lambda m: m["start"])
        assert (row["mentions"], row["start"], row["text"]) == (
            len(official["mentions"]), first["start"], first["text"])
    assert not any(isinstance(v, (list, dict)) for row in rows for v in row.values())


def test_an_article_with_no_items_and_an_error_record_still_get_a_row():
    assert record_rows({"id": "a", "published": None, "regions": [], "officials": [],
                        "dates": [], "indicators": [], "meta": {"encoding": "cp1251"}}) == [
        {"id": "a", "published": None, "notes": "encoding: cp1251", "type": "none"}]
    assert record_rows({"id": "b", "error": "empty file", "meta": {"error_kind": "input"}}) == [
        {"id": "b", "published": None, "notes": None, "type": "error", "error": "empty file",
         "error_kind": "input"}]


# -- strict JSON ----------------------------------------------------------------------------------------
def test_a_record_with_a_non_finite_number_is_written_as_its_error_record():
    line = json_line({"id": "x", "indicators": [{"value": float("inf")}]})
    record = json.loads(line)
    assert record["id"] == "x" and record["meta"] == {"error_kind": "internal"}
    assert "Out of range float" in record["error"]
    out = io.StringIO()
    CsvWriter(out).write({"id": "y", "indicators": [{"value": float("nan")}]})
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert (row["id"], row["type"], row["error_kind"], row["value"]) == (
        "y", "error", "internal", "")


# -- resuming -----------------------------------------------------------------------------------------
def test_resume_keeps_whole_records_and_drops_a_cut_line(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "a", "regions": []}\nnot json\n'
                   '{"id": "b", "error": "x", "meta": {"error_kind": "input"}}\n'
                   '{"id": "c", "regi', encoding="utf-8")
    assert resume_text(out, "jsonl") == {"a", "b"}
    assert out.read_text(encoding="utf-8") == (
        '{"id": "a", "regions": []}\n'
        '{"id": "b", "error": "x", "meta": {"error_kind": "input"}}\n')


@pytest.mark.parametrize("kind, retried", [("input", False), ("timeout", True),
                                           ("crash", True), ("internal", True)])
def test_resume_retries_errors_that_may_go_away(tmp_path, kind, retried):
    out = tmp_path / "out.jsonl"
    line = json.dumps({"id": "e", "error": "x", "meta": {"error_kind": kind}}) + "\n"
    out.write_text('{"id": "a", "regions": []}\n' + line, encoding="utf-8")
    assert resume_text(out, "jsonl") == ({"a"} if retried else {"a", "e"})
    assert resume_text(out, "jsonl", retry_errors=True) == {"a"}
    assert out.read_text(encoding="utf-8") == '{"id": "a", "regions": []}\n'


def test_drop_partial_line_keeps_a_clean_file_and_empties_a_single_cut_line(tmp_path):
    clean = tmp_path / "clean.jsonl"
    clean.write_bytes(b'{"id": "a"}\n' * 5000)
    drop_partial_line(clean)
    assert clean.read_bytes() == b'{"id": "a"}\n' * 5000
    cut = tmp_path / "cut.jsonl"
    cut.write_bytes(b'{"id": "a", "text": "' + "ж".encode() * 40000)
    drop_partial_line(cut)
    assert cut.read_bytes() == b""


def _csv_of(records) -> str:
    out = io.StringIO()
    writer = CsvWriter(out)
    for record in records:
        writer.write(record)
    return out.getvalue()


def test_csv_resume_redoes_the_last_article_whose_rows_may_have_been_cut(extractor, tmp_path):
    records = [extractor.extract(t, id=f"s{i}").to_dict() for i, t in enumerate(SEED_TEXTS[:3])]
    whole = _csv_of(records)
    out = tmp_path / "out.csv"
    last_rows = [line for line in whole.splitlines() if line.startswith("s2,")]
    assert len(last_rows) > 2
    cut = whole[:whole.index(last_rows[2])]  # s2's first two rows only: a full disk
    out.write_text(cut, encoding="utf-8")
    assert resume_text(out, "csv") == {"s0", "s1"}
    assert out.read_text(encoding="utf-8") == _csv_of(records[:2])
    out.write_text(whole[:-30], encoding="utf-8")  # a row cut half-way
    assert resume_text(out, "csv") == {"s0", "s1"}
    assert out.read_text(encoding="utf-8") == _csv_of(records[:2])


def test_csv_resume_refuses_a_foreign_table(tmp_path):
    from ru_govdigest.inputs import UsageError
    out = tmp_path / "out.csv"
    out.write_text("id,type,value\na,none,\n", encoding="utf-8")
    with pytest.raises(UsageError, match="not a table this version writes"):
        resume_text(out, "csv")


class DyingExtractor(Extractor):
    """Kills its worker process on one text, as the OOM killer or a native crash would;
    sleeps on another, as an article that never ends would."""

    def extract(self, text, **kwargs):
        if text == "KILL":
            os._exit(3)
        if text == "HANG":
            time.sleep(3600)
        return super().extract(text, **kwargs)


def test_a_dying_worker_costs_only_its_article(extractor):
    tasks = ([Task(id=f"a{i}", text=t) for i, t in enumerate(SEED_TEXTS)]
             + [Task(id="kill", text="KILL")]
             + [Task(id=f"b{i}", text=t) for i, t in enumerate(SEED_TEXTS)])
    records = list(run_tasks(tasks, jobs=2, extractor=DyingExtractor(), chunksize=3))
    assert [r["id"] for r in records] == [t.id for t in tasks]
    assert records[len(SEED_TEXTS)]["error"].startswith("worker process died")
    assert records[len(SEED_TEXTS)]["meta"] == {"error_kind": "crash"}
    expected = list(run_tasks(tasks[:len(SEED_TEXTS)], extractor=extractor))
    assert records[:len(SEED_TEXTS)] == expected
    assert records[len(SEED_TEXTS) + 1:] == [{**r, "id": "b" + r["id"][1:]} for r in expected]


def test_an_article_over_the_time_limit_gets_an_error_record_and_the_run_goes_on(extractor):
    tasks = ([Task(id="hang", text="HANG")]
             + [Task(id=f"a{i}", text=t) for i, t in enumerate(SEED_TEXTS[:3])])
    started = time.monotonic()
    records = list(run_tasks(tasks, jobs=1, extractor=DyingExtractor(), chunksize=4,
                             timeout=2))
    assert time.monotonic() - started < 60
    assert records[0] == {"id": "hang", "meta": {"error_kind": "timeout"},
                          "error": "timed out after 2 s (--timeout); its worker process "
                                   "was replaced"}
    assert records[1:] == list(run_tasks(tasks[1:], extractor=extractor))
