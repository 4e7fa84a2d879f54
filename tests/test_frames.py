"""to_frames: one row per item, the article id on every row, stable columns and types."""
from __future__ import annotations

import json
import sys

import pytest

pd = pytest.importorskip("pandas")

from ru_govdigest import DateMention, Digest, Indicator, Mention, Official, Region, to_frames
from ru_govdigest.frames import COLUMNS, Frames

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
    for kind, columns in COLUMNS.items():
        assert list(frames[kind].columns) == list(columns)
        assert getattr(frames, kind) is frames[kind]
    assert len(frames.regions) == 4 and len(frames.officials) == 2
    assert len(frames.dates) == 2 and len(frames.indicators) == 2
    assert list(frames.regions["id"]) == ["a", "a", "b", "b"]
    cu = frames.regions.iloc[0]
    assert (cu["code"], cu["mentions"], cu["first_text"]) == ("RU-CU", 2, "Чувашии")
    assert TEXT[cu["first_start"]:cu["first_end"]] == "Чувашии"
    assert frames.indicators["value"].dtype == "float64"
    assert frames.regions.groupby("code")["id"].nunique().to_dict() == {"RU-CU": 2, "RU-ME": 2}
    assert repr(frames) == ("Frames(regions=4 rows, officials=2 rows, dates=2 rows, "
                            "indicators=2 rows)")


def test_digests_dicts_and_jsonl_files_give_the_same_frames(tmp_path):
    digests = [article("a"), article("b")]
    path = tmp_path / "d.jsonl"
    path.write_text("".join(d.to_json() + "\n" for d in digests)
                    + json.dumps({"id": "bad", "error": "empty file"}) + "\n\n",
                    encoding="utf-8")
    from_objects = to_frames(digests)
    for other in (to_frames([d.to_dict() for d in digests]), to_frames(path),
                  to_frames(str(path))):
        for kind in COLUMNS:
            pd.testing.assert_frame_equal(from_objects[kind], other[kind])


def test_error_records_are_skipped():
    frames = to_frames([{"id": "bad", "error": "UnicodeDecodeError"}, article("ok").to_dict()])
    assert set(frames.regions["id"]) == {"ok"}


def test_empty_input_keeps_columns_and_types():
    frames = to_frames([])
    assert all(frames[kind].empty for kind in COLUMNS)
    assert frames.indicators["value"].dtype == "float64"
    assert frames.regions["primary"].dtype == bool
    assert list(frames.dates.columns) == list(COLUMNS["dates"])


def test_gold_records_without_offsets():
    gold = {"id": "g", "regions": [{"code": "RU-CU"}],
            "dates": [{"value": "2025", "precision": "year"}],
            "indicators": [{"value": 12, "kind": "count"}]}
    frames = to_frames([gold])
    assert frames.regions.loc[0, "mentions"] == 0
    assert pd.isna(frames.regions.loc[0, "first_start"])
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
    for kind in COLUMNS:
        assert len(frames[kind]) == sum(len(getattr(d, kind)) for d in digests)
    assert set(frames.regions["id"]) <= {p.stem for p in paths}
