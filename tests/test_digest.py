"""The digest types: lossless round-trips through dicts and JSON, readable Cyrillic."""
from __future__ import annotations

import json

from ru_govdigest import DateMention, Digest, Indicator, Mention, Official, Region

ARTICLE = "Глава Чувашии Олег Николаев сообщил: 49,42% услуг — с 1 июля 2024 года."


def _digest() -> Digest:
    return Digest(
        id="a1", published="2024-07-02T10:00",
        regions=(Region("RU-CU", "Чувашская Республика", True, (Mention(6, 13, "Чувашии"),)),),
        officials=(Official("Олег Николаев", "Николаев", "Олег", None, "Глава Чувашии",
                            None, "RU-CU", (Mention(14, 27, "Олег Николаев"),),
                            (Mention(0, 13, "Глава Чувашии"),)),),
        dates=(DateMention("1 июля 2024 года", 54, 70, "2024-07-01", "day"),),
        indicators=(Indicator("49,42%", 37, 43, 49.42, "percent", "exact", "%", "услуги",
                              None, None, "RU-CU", "2024-07-01"),),
    )


def test_round_trip_through_dict_and_json():
    d = _digest()
    assert Digest.from_dict(d.to_dict()) == d
    assert Digest.from_json(d.to_json()) == d


def test_json_keeps_cyrillic_readable_and_has_contract_fields():
    d = _digest()
    line = d.to_json()
    assert "Чувашии" in line and "\\u04" not in line
    data = json.loads(line)
    assert set(data) >= {"id", "published", "regions", "officials", "dates", "indicators"}
    assert set(data["indicators"][0]) >= {"text", "start", "end", "value", "value_max", "kind",
                                          "qualifier", "unit", "subject", "of_total",
                                          "region", "date"}
    assert set(data["officials"][0]) >= {"name", "last_name", "first_name", "middle_name",
                                         "position", "organization", "region", "mentions",
                                         "position_mentions"}


def test_mentions_point_into_the_article():
    d = _digest()
    for item in d.regions + d.officials:
        for m in item.mentions:
            assert ARTICLE[m.start:m.end] == m.text
    for m in d.officials[0].position_mentions:
        assert ARTICLE[m.start:m.end] == m.text
    for item in d.dates + d.indicators:
        assert ARTICLE[item.start:item.end] == item.text


def test_digests_are_immutable_and_comparable():
    d = _digest()
    try:
        d.id = "other"  # type: ignore[misc]
    except AttributeError:
        pass
    else:
        raise AssertionError("Digest must be frozen")
    assert _digest() == d
    assert "RU-CU" in repr(d) and "Олег Николаев" in repr(d)


def test_gold_records_without_offsets_load():
    gold = {"id": "g", "published": None, "regions": [{"code": "RU-MO", "primary": True}],
            "officials": [{"name": "Виталий Тушинов", "last_name": "Тушинов",
                           "position": "заместитель губернатора"}],
            "dates": [{"value": "2024"}],
            "indicators": [{"kind": "count", "value": 86, "qualifier": "exact"}]}
    d = Digest.from_dict(gold)
    assert d.regions[0].primary and d.officials[0].last_name == "Тушинов"
    assert d.dates[0].value == "2024" and d.indicators[0].value == 86


def test_an_error_record_keeps_its_error_through_from_dict():
    record = {"id": "x", "error": "empty file", "meta": {"error_kind": "input"}}
    d = Digest.from_dict(record)
    assert d.error == "empty file" and d.meta == {"error_kind": "input"}
    assert d.to_dict() == record and Digest.from_json(d.to_json()) == d
    assert d != Digest(id="x")
    assert repr(d) == "Digest(id='x', error='empty file')"


def test_to_json_is_strict_json():
    d = Digest(id="x", indicators=(Indicator("много", 0, 5, float("inf"), "count"),))
    try:
        d.to_json()
    except ValueError as exc:
        assert "Out of range float" in str(exc)
    else:
        raise AssertionError("to_json wrote Infinity, which strict parsers reject")
