"""Batch machinery: input readers, ordered parallel runs, table rows, resuming, threads."""
from __future__ import annotations

import json
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import SEEDS
from ru_govdigest import Extractor
from ru_govdigest.batch import (COLUMN_NAMES, done_ids, drop_partial_line, ordered_map,
                                record_rows, run_task, run_tasks)
from ru_govdigest.inputs import Task, file_task, iter_tasks, jsonl_line_task

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
    ('{"id": "a2"}', Task(id="a2", error='record has no "text" string')),
    ('{"id": "a3", "text": 5}', Task(id="a3", error='record has no "text" string')),
    ('{"id": "a4", "text": "x", "published": 2024}',
     Task(id="a4", error='"published" must be an ISO date string')),
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
    tasks = list(iter_tasks([path]))
    assert [t.id for t in tasks] == ["x", "feed:3", "y"]
    assert tasks[1].error and not tasks[0].error


def test_file_task_kind_follows_the_suffix(tmp_path):
    assert file_task(tmp_path / "a.HTML").kind == "html"
    assert file_task(tmp_path / "a.txt").kind == "text"


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


def test_html_without_main_text_gets_an_error_record(extractor, tmp_path):
    pytest.importorskip("trafilatura", reason="HTML input needs the html extra (trafilatura)")
    path = tmp_path / "blank.html"
    path.write_text("<html><body><script>alert(1)</script></body></html>", encoding="utf-8")
    assert run_task(extractor, file_task(path)) == {
        "id": "blank", "error": "no main text found in the HTML page"}


def test_unreadable_inputs_get_error_records(extractor, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    records = [run_task(extractor, file_task(tmp_path / name))
               for name in ("empty.txt", "bin.txt", "missing.txt")]
    assert [r["id"] for r in records] == ["empty", "bin", "missing"]
    assert records[0]["error"] == "empty file"
    assert records[1]["error"].startswith("binary file")
    assert records[2]["error"].startswith("cannot read file")


# -- order across processes ------------------------------------------------------------------------
def test_two_processes_give_the_same_records_in_input_order(extractor, tmp_path):
    tasks = ([Task(id=f"t{i}", text=text) for i, text in enumerate(SEED_TEXTS)]
             + [Task(id="bad", error="line is not a JSON object"),
                file_task(tmp_path / "absent.txt")]
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
    assert all(set(row) <= set(COLUMN_NAMES) and row["id"] == "s0" for row in rows)
    for row, date in zip([r for r in rows if r["type"] == "date"], record["dates"]):
        assert row["date"] == date["value"] and row["text"] == date["text"]
    for row, official in zip([r for r in rows if r["type"] == "official"],
                             record["officials"]):
        assert json.loads(row["mentions"]) == official["mentions"]


def test_an_article_with_no_items_and_an_error_record_still_get_a_row():
    assert record_rows({"id": "a", "published": None, "regions": [], "officials": [],
                        "dates": [], "indicators": []}) == [
        {"id": "a", "published": None, "meta": None, "type": "none"}]
    assert record_rows({"id": "b", "error": "empty file"}) == [
        {"id": "b", "published": None, "meta": None, "type": "error", "error": "empty file"}]


# -- resuming -----------------------------------------------------------------------------------------
def test_done_ids_ignores_a_cut_last_line_and_removes_it(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "a", "regions": []}\nnot json\n{"id": "b", "error": "x"}\n'
                   '{"id": "c", "regi', encoding="utf-8")
    assert done_ids(out, "jsonl") == {"a", "b"}
    assert out.read_text(encoding="utf-8").endswith('{"id": "b", "error": "x"}\n')


def test_drop_partial_line_keeps_a_clean_file_and_empties_a_single_cut_line(tmp_path):
    clean = tmp_path / "clean.jsonl"
    clean.write_bytes(b'{"id": "a"}\n' * 5000)
    drop_partial_line(clean)
    assert clean.read_bytes() == b'{"id": "a"}\n' * 5000
    cut = tmp_path / "cut.jsonl"
    cut.write_bytes(b'{"id": "a", "text": "' + "ж".encode() * 40000)
    drop_partial_line(cut)
    assert cut.read_bytes() == b""


def test_done_ids_reads_csv_output(tmp_path):
    out = tmp_path / "out.csv"
    out.write_text(",".join(COLUMN_NAMES) + "\na,none" + "," * (len(COLUMN_NAMES) - 2)
                   + "\nb,error" + "," * (len(COLUMN_NAMES) - 2) + "\n", encoding="utf-8")
    assert done_ids(out, "csv") == {"a", "b"}
    assert done_ids(tmp_path / "absent.csv", "csv") == set()



class DyingExtractor(Extractor):
    """Kills its worker process on one text, as the OOM killer or a native crash would."""

    def extract(self, text, **kwargs):
        if text == "KILL":
            os._exit(3)
        return super().extract(text, **kwargs)


def test_a_dying_worker_costs_only_its_article(extractor):
    tasks = ([Task(id=f"a{i}", text=t) for i, t in enumerate(SEED_TEXTS)]
             + [Task(id="kill", text="KILL")]
             + [Task(id=f"b{i}", text=t) for i, t in enumerate(SEED_TEXTS)])
    records = list(run_tasks(tasks, jobs=2, extractor=DyingExtractor(), chunksize=3))
    assert [r["id"] for r in records] == [t.id for t in tasks]
    assert records[len(SEED_TEXTS)]["error"].startswith("worker process died")
    expected = list(run_tasks(tasks[:len(SEED_TEXTS)], extractor=extractor))
    assert records[:len(SEED_TEXTS)] == expected
    assert records[len(SEED_TEXTS) + 1:] == [{**r, "id": "b" + r["id"][1:]} for r in expected]
