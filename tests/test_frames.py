"""to_frames: the one digest table (one row per item, typed columns, no JSON in cells) and
its view per kind of item; the same from Digests, records and the files the CLI writes."""
from __future__ import annotations

import json
import sys

import pytest

pd = pytest.importorskip("pandas")

from ru_govdigest import DateMention, Digest, Indicator, Mention, Official, Region, to_frames
from ru_govdigest.frames import COLUMNS, DTYPES, VIEWS, Frames

TEXT = "Глава Чувашии Олег Николаев: в Чувашии и Марий Эл к 2025 году откроют 12 центров."


def m(fragment: str, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(fragment, start + 1)
    return Mention(start, start + len(fragment), fragment)


def at(fragment: str) -> tuple[int, int]:
    mention = m(fragment)
    return mention.start, mention.end


def article(ident: str) -> Digest:
    return Digest(
        id=ident, published="2024-03-01",
        regions=(Region("RU-CU", "Чувашская Республика", True,
                        (m("Чувашии"), m("Чувашии", 1))),
                 Region("RU-ME", "Республика Марий Эл", False, (m("Марий Эл"),))),
        officials=(Official("Олег Николаев", "Николаев", "Олег", position="глава Чувашии",
                            region="RU-CU", mentions=(m("Олег Николаев"),)),),
        dates=(DateMention("2025 году", *at("2025 году"), value="2025", precision="year"),),
        indicators=(Indicator("12 центров", *at("12 центров"), value=12.0, kind="count",
                              unit="центр", region="RU-CU", date="2025"),),
    )


def test_columns_and_one_row_per_item():
    frames = to_frames([article("a"), article("b")])
    assert isinstance(frames, Frames)
    assert list(frames.table.columns) == list(COLUMNS)
    assert {c: str(t) for c, t in frames.table.dtypes.items()} == DTYPES
    for kind, columns in VIEWS.items():
        assert list(frames[kind].columns) == list(columns)
        assert getattr(frames, kind) is frames[kind]
    assert len(frames.table) == 10
    assert len(frames.regions) == 4 and len(frames.officials) == 2
    assert len(frames.dates) == 2 and len(frames.indicators) == 2
    assert list(frames.regions["id"]) == ["a", "a", "b", "b"]
    cu = frames.regions.iloc[0]
    assert (cu["code"], cu["mentions"], cu["text"]) == ("RU-CU", 2, "Чувашии")
    assert TEXT[cu["start"]:cu["end"]] == "Чувашии"
    assert frames.dates.loc[0, "date"] == "2025" and frames.indicators.loc[0, "date"] == "2025"
    assert frames.indicators["value"].dtype == "float64"
    assert frames.regions.groupby("code")["id"].nunique().to_dict() == {"RU-CU": 2, "RU-ME": 2}
    assert repr(frames) == ("Frames(regions=4 rows, officials=2 rows, dates=2 rows, "
                            "indicators=2 rows, errors=0 rows)")


def test_no_cell_holds_json_or_a_list():
    table = to_frames([article("a")]).table
    for column in table.columns:
        for value in table[column].dropna():
            assert not isinstance(value, (list, dict, tuple))
            assert not (isinstance(value, str) and value[:1] in "[{"), (column, value)


def test_digests_dicts_and_jsonl_files_give_the_same_frames(tmp_path):
    digests = [article("a"), article("b")]
    path = tmp_path / "d.jsonl"
    path.write_text("".join(d.to_json() + "\n" for d in digests)
                    + json.dumps({"id": "bad", "error": "empty file",
                                  "meta": {"error_kind": "input"}}) + "\n\n",
                    encoding="utf-8")
    from_objects = to_frames(digests)
    for other in (to_frames([d.to_dict() for d in digests]), to_frames(path),
                  to_frames(str(path))):
        for kind in VIEWS:
            if kind != "errors":
                pd.testing.assert_frame_equal(from_objects[kind], other[kind])
    assert to_frames(path).errors.to_dict("records") == [
        {"id": "bad", "error": "empty file", "error_kind": "input"}]


def test_error_records_and_articles_without_items_are_rows_of_the_table():
    frames = to_frames([{"id": "bad", "error": "UnicodeDecodeError"}, article("ok").to_dict(),
                        Digest(id="void")])
    assert set(frames.regions["id"]) == {"ok"}
    assert list(frames.table["type"])[:1] == ["error"] and list(frames.table["type"])[-1] == "none"
    assert list(frames.errors["id"]) == ["bad"]


def test_empty_input_keeps_columns_and_types():
    frames = to_frames([])
    assert all(frames[kind].empty for kind in VIEWS)
    assert frames.indicators["value"].dtype == "float64"
    assert str(frames.regions["primary"].dtype) == "boolean"
    assert list(frames.dates.columns) == list(VIEWS["dates"])


def test_gold_records_without_offsets():
    gold = {"id": "g", "regions": [{"code": "RU-CU"}],
            "dates": [{"value": "2025", "precision": "year"}],
            "indicators": [{"value": 12, "kind": "count"}]}
    frames = to_frames([gold])
    assert frames.regions.loc[0, "mentions"] == 0 and not frames.regions.loc[0, "primary"]
    assert pd.isna(frames.regions.loc[0, "start"])
    assert pd.isna(frames.dates.loc[0, "start"]) and frames.indicators.loc[0, "value"] == 12.0


def test_wrong_items_are_refused():
    with pytest.raises(TypeError, match="Digest objects or dicts"):
        to_frames(["not a digest"])


def test_missing_pandas_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install ru_govdigest\[pandas\]"):
        to_frames([article("a")])


def test_real_seed_frames(extractor):
    from conftest import SEEDS
    paths = sorted(SEEDS.glob("*.txt"))
    digests = [extractor.extract(p.read_text(encoding="utf-8"), id=p.stem) for p in paths]
    frames = to_frames(digests)
    for kind in ("regions", "officials", "dates", "indicators"):
        assert len(frames[kind]) == sum(len(getattr(d, kind)) for d in digests)
    assert set(frames.regions["id"]) <= {p.stem for p in paths}
    assert to_frames(frames.table).table is not frames.table
    pd.testing.assert_frame_equal(to_frames(frames.table).table, frames.table)
