"""Inputs as users have them: folders with repeated names, record files (.jsonl, .ndjson,
.csv, .parquet, gzipped), standard input, symlinks, stray bytes, publication dates."""
from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS
from ru_govdigest import Extractor, extract, read_articles
from ru_govdigest.cli import main
from ru_govdigest.inputs import (Reading, UsageError, collect_inputs, decode_article,
                                 iter_tasks, published_value)

TEXT = "Глава Чувашии Олег Николаев 3 апреля 2024 года вручил 12 наград врачам республики."
OTHER = "Губернатор Тульской области Дмитрий Миляев 5 июня открыл 2 новых парка."
SEED_FILES = sorted(SEEDS.glob("*.txt"))


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def extract_to(tmp_path: Path, *args: str, name: str = "out.jsonl") -> list[dict]:
    out = tmp_path / name
    assert main(["extract", *args, "-o", str(out), "--no-progress"]) == 0
    return read_jsonl(out)


# -- ids ---------------------------------------------------------------------------------------
def test_files_with_the_same_name_get_their_relative_paths_as_ids(tmp_path):
    for folder, text in (("a", TEXT), ("b", OTHER)):
        (tmp_path / "in" / folder).mkdir(parents=True)
        (tmp_path / "in" / folder / "index.txt").write_text(text, encoding="utf-8")
    (tmp_path / "in" / "lone.txt").write_text(TEXT, encoding="utf-8")
    records = extract_to(tmp_path, str(tmp_path / "in"))
    assert [r["id"] for r in records] == ["a/index", "b/index", "lone"]
    assert records[1]["officials"][0]["name"] == "Дмитрий Миляев"
    # A resumed run keeps both: neither id hides the other.
    out = tmp_path / "out.jsonl"
    out.write_text(out.read_text(encoding="utf-8").splitlines(keepends=True)[0],
                   encoding="utf-8")
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "--resume",
                 "--no-progress"]) == 0
    assert [r["id"] for r in read_jsonl(out)] == ["a/index", "b/index", "lone"]


def test_ids_stay_unique_across_folders_and_extensions(tmp_path):
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "news.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "x" / "news.txt.gz").write_bytes(gzip.compress(OTHER.encode()))
    sources = collect_inputs([tmp_path / "x", tmp_path / "y"]).sources
    ids = [s.id for s in sources]
    assert len(set(ids)) == 3
    assert ids == [(tmp_path / "x" / "news.txt").as_posix(),
                   (tmp_path / "x" / "news.txt.gz").as_posix(),
                   (tmp_path / "y" / "news").as_posix()]


def test_a_duplicate_id_in_records_gets_an_error_record_named_by_its_line(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps({"id": i, "text": t}, ensure_ascii=False)
                              for i, t in (("n1", TEXT), ("n2", OTHER), ("n1", OTHER))) + "\n",
                    encoding="utf-8")
    records = extract_to(tmp_path, str(feed))
    assert [r["id"] for r in records] == ["n1", "n2", "feed:3"]
    assert records[2]["error"] == ("duplicate id 'n1': an earlier article has it "
                                   "(ids must be unique)")
    assert records[0]["officials"][0]["name"] == "Олег Николаев"


def test_the_same_file_given_twice_is_one_input(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert [s.id for s in collect_inputs([path, tmp_path, str(path)]).sources] == ["a"]


# -- what a file holds ------------------------------------------------------------------------------
def test_a_file_of_an_unknown_type_given_by_name_gets_an_error_record(tmp_path):
    (tmp_path / "table.xlsx").write_bytes(b"PK\x03\x04" + TEXT.encode())
    (tmp_path / "dump.gz").write_bytes(gzip.compress(TEXT.encode()))
    (tmp_path / "plain.txt").write_text(TEXT, encoding="utf-8")
    records = extract_to(tmp_path, *(str(tmp_path / n) for n in ("table.xlsx", "dump.gz",
                                                                 "plain.txt")))
    assert [r["id"] for r in records] == ["table", "dump", "plain"]
    assert records[0]["error"].startswith("unsupported file type '.xlsx'")
    assert records[1]["error"].startswith("unsupported file type '.gz'")
    assert "error" not in records[2]
    # ... unless the user says what it holds.
    records = extract_to(tmp_path, str(tmp_path / "dump.gz"), "--input-format", "text")
    assert records[0]["officials"][0]["name"] == "Олег Николаев"


def test_record_files_of_every_format_give_the_same_records(tmp_path):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    rows = [{"url": "u1", "body": TEXT, "day": "2024-04-03"},
            {"url": "u2", "body": OTHER, "day": None},
            {"url": "u3", "body": None, "day": None}]
    frame = pd.DataFrame(rows)
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    files = {"f.ndjson": lines.encode(), "f.jsonl.gz": gzip.compress(lines.encode()),
             "f.csv": frame.to_csv(index=False).encode(),
             "f.csv.gz": gzip.compress(frame.to_csv(index=False).encode())}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    frame.to_parquet(tmp_path / "f.parquet")
    options = ["--text-col", "body", "--id-col", "url", "--published-col", "day"]
    expected = None
    for name in [*files, "f.parquet"]:
        records = extract_to(tmp_path, str(tmp_path / name), *options, name=name + ".out.jsonl")
        assert [r["id"] for r in records] == ["u1", "u2", "u3"], name
        assert records[0]["published"] == "2024-04-03"
        assert records[2]["error"] == "record has no text in 'body'"
        expected = expected or records
        assert records == expected, name
    assert expected[0] == extract(TEXT, id="u1", published="2024-04-03").to_dict()
    assert expected[1] == extract(OTHER, id="u2").to_dict()


def test_a_record_file_without_the_text_column_is_one_error_record(tmp_path):
    (tmp_path / "news.csv").write_text("url,content\nu1,Текст\n", encoding="utf-8")
    records = extract_to(tmp_path, str(tmp_path / "news.csv"))
    assert records == [{"id": "news", "error": "no column 'text' in the CSV header (url, "
                                               "content); choose one with --text-col",
                        "meta": {"error_kind": "input"}}]


def test_a_digest_file_read_as_input_says_so(tmp_path):
    digests = tmp_path / "digests.jsonl"
    digests.write_text(extract(TEXT, id="a").to_json() + "\n", encoding="utf-8")
    (record,) = extract_to(tmp_path, str(digests))
    assert record["error"] == "record has no 'text' field (choose the field with --text-col)"


def test_standard_input_as_records_or_as_one_article(tmp_path):
    out = tmp_path / "o.jsonl"
    feed = json.dumps({"id": "s1", "text": TEXT}, ensure_ascii=False) + "\n"
    for data, ids in ((feed.encode(), ["s1"]), (TEXT.encode("cp1251"), ["stdin"])):
        proc = subprocess.run([sys.executable, "-m", "ru_govdigest", "extract", "-", "-o",
                               str(out), "--no-progress"], input=data, capture_output=True)
        assert proc.returncode == 0, proc.stderr
        records = read_jsonl(out)
        assert [r["id"] for r in records] == ids
        assert records[0]["officials"][0]["name"] == "Олег Николаев"


# -- publication dates ------------------------------------------------------------------------------
@pytest.mark.parametrize("value, expected", [
    (None, None), ("", None), ("2021-09-07", "2021-09-07"), (" 2021-09-07T13:20 ", "2021-09-07T13:20"),
    (dt.date(2021, 9, 7), "2021-09-07"), (dt.datetime(2021, 9, 7, 13, 20), "2021-09-07T13:20"),
    (dt.datetime(2021, 9, 7, 13, 20, 5), "2021-09-07T13:20:05"),
])
def test_published_takes_dates_datetimes_and_iso_strings(value, expected):
    assert published_value(value) == expected


@pytest.mark.parametrize("value", ["garbage", "07.09.2021", "2021-13-01", 20210907, 2021.5, []])
def test_published_refuses_anything_else_with_a_clear_message(value):
    with pytest.raises(ValueError, match="published must be"):
        published_value(value)
    with pytest.raises(ValueError, match="published must be"):
        extract(TEXT, published=value)


def test_a_date_object_anchors_year_less_dates_like_its_iso_string():
    text = "Прием заявлений продлится до 1 октября."
    by_object = extract(text, published=dt.date(2021, 9, 7))
    assert [d.value for d in by_object.dates] == ["2021-10-01"]
    assert by_object == extract(text, published="2021-09-07")
    assert not by_object.meta


def test_published_option_dates_a_folder_and_a_record_date_wins(tmp_path):
    text = "Прием заявлений продлится до 1 октября."
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "in" / "feed.jsonl").write_text(
        json.dumps({"id": "r", "text": text, "published": "2019-05-01"}) + "\n"
        + json.dumps({"id": "s", "text": text}) + "\n", encoding="utf-8")
    records = extract_to(tmp_path, str(tmp_path / "in"), "--published", "2021-09-07")
    assert {r["id"]: r["dates"][0]["value"] for r in records} == {
        "a": "2021-10-01", "r": "2019-10-01", "s": "2021-10-01"}


# -- bytes ------------------------------------------------------------------------------------------
def test_utf8_with_a_stray_and_a_cut_byte_is_decoded_with_a_note():
    data = TEXT.encode()
    cut = data.index(b" ") + 1
    stray = data[:cut] + b"\xff" + data[cut:] + "ж".encode()[:1]
    text, encoding, note = decode_article(stray)
    assert encoding == "utf-8" and text.count("\ufffd") == 2
    assert note == "2 invalid UTF-8 byte sequences replaced with U+FFFD"
    assert text.replace("\ufffd", "") == TEXT


def test_cp1251_is_still_told_from_utf8_with_stray_bytes():
    text, encoding, note = decode_article(TEXT.encode("cp1251"))
    assert text == TEXT and encoding in ("cp1251", "windows-1251") and note is None


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_detected(codec):
    text, encoding, _ = decode_article(TEXT.encode(codec))
    assert (text, encoding) == (TEXT, codec)


def test_random_bytes_with_nul_stay_binary():
    import random
    rng = random.Random(3)
    data = bytes(rng.randrange(256) for _ in range(4000))
    with pytest.raises(Exception, match="binary file"):
        decode_article(data)


def test_a_stray_byte_in_a_batch_file_becomes_a_note_in_meta(tmp_path):
    data = TEXT.encode()
    (tmp_path / "cut.txt").write_bytes(data + "ж".encode()[:1])
    (tmp_path / "u16.txt").write_bytes(TEXT.encode("utf-16-le"))
    records = extract_to(tmp_path, str(tmp_path / "cut.txt"), str(tmp_path / "u16.txt"))
    assert records[0]["meta"] == {"decoding": "1 invalid UTF-8 byte sequence replaced with U+FFFD"}
    assert records[0]["officials"][0]["name"] == "Олег Николаев"
    assert records[1]["meta"] == {"encoding": "utf-16-le"}
    assert records[1]["regions"] == records[0]["regions"]


# -- symlinks ---------------------------------------------------------------------------------------
def test_symlinks_dangling_inside_and_leaving_the_folder(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text(OTHER, encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "b_inside.txt").symlink_to(folder / "a.txt")
    (folder / "c_dangling.txt").symlink_to(tmp_path / "gone.txt")
    (folder / "d_outside.txt").symlink_to(outside)
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "m.txt").write_text(OTHER, encoding="utf-8")
    (tmp_path / "more" / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "e_dir").symlink_to(tmp_path / "more", target_is_directory=True)
    records = extract_to(tmp_path, str(folder))
    by_id = {r["id"]: r for r in records}
    assert list(by_id) == ["a", "c_dangling", "d_outside"]  # b_inside is a, read once
    assert by_id["c_dangling"]["error"] == "dangling symlink: its target does not exist"
    assert by_id["d_outside"]["error"].startswith("symlink to a file outside the input folder")
    records = extract_to(tmp_path, str(folder), "--follow-symlinks", name="follow.jsonl")
    by_id = {r["id"]: r for r in records}
    assert by_id["d_outside"]["officials"][0]["name"] == "Дмитрий Миляев"
    assert list(by_id) == ["a", "c_dangling", "d_outside", "m"]  # the linked folder, once
    assert by_id["m"]["officials"] == by_id["d_outside"]["officials"]


# -- the Python side --------------------------------------------------------------------------------
def test_extract_folder_gives_one_digest_per_input_in_order(tmp_path, extractor):
    folder = tmp_path / "in"
    folder.mkdir()
    for path in SEED_FILES[:2]:
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "zz_empty.txt").write_bytes(b"")
    digests = list(extractor.extract_folder(folder))
    assert [d.id for d in digests] == [p.stem for p in SEED_FILES[:2]] + ["zz_empty"]
    assert digests[-1].error == "empty file" and digests[-1].meta == {"error_kind": "input"}
    for digest, path in zip(digests[:2], SEED_FILES):
        assert digest == extractor.extract(path.read_text(encoding="utf-8"), id=path.stem)
        assert digest.text == path.read_text(encoding="utf-8")  # for display
    assert list(extractor.extract_folder(folder, n_process=2)) == digests


def test_read_articles_reads_records_with_their_options(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"key": 7, "body": TEXT, "date": "2024-04-03"},
                               ensure_ascii=False) + "\n{}\n", encoding="utf-8")
    articles = list(read_articles(feed, text_col="body", id_col="key", published_col="date"))
    assert [(a.id, a.published, a.error) for a in articles] == [
        ("7", "2024-04-03", None), ("feed:2", None, "record has no 'body' field (choose the "
                                                    "field with --text-col)")]
    assert articles[0].text == TEXT


def test_reading_options_are_checked():
    with pytest.raises(UsageError, match="ISO 8601"):
        Reading(published="03.04.2024")
    with pytest.raises(UsageError, match="unknown input format"):
        Reading(format="xlsx")
