"""Hostile inputs: no exception escapes ``extract``, every offset is exact, and in batch
mode every input file gets exactly one record."""
from __future__ import annotations

import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SEEDS
from ru_govdigest.cli import main
from ru_govdigest.digest import Digest

SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
HTML_WITH_SCRIPTS = (
    "<html><head><script>window.dataLayer=[{'region':'Москва','sum':'1 000 000'}];"
    "</script><style>p{color:red}</style></head><body>"
    "<p>Губернатор Тульской области Дмитрий Миляев 1 июня 2024 года открыл 2 парка.</p>"
    "<script>document.write('Более 600 тыс. рублей')</script></body></html>")


def assert_offsets_exact(text: str, digest: Digest) -> None:
    spans = ([m for r in digest.regions for m in r.mentions]
             + [m for o in digest.officials for m in o.mentions]
             + list(digest.dates) + list(digest.indicators))
    for item in spans:
        assert 0 <= item.start <= item.end <= len(text), item
        assert text[item.start:item.end] == item.text, item


def random_bytes(n: int, seed: int, low: int = 0) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(low, 256) for _ in range(n))


def varied_article(size: int, seed: int = 7) -> str:
    """About ``size`` characters of seed sentences with their numbers changed, so that a
    long article is not one text repeated."""
    rng = random.Random(seed)
    sentences = [s for text in SEED_TEXTS for s in text.replace("\n", " \n").split(". ") if s]
    parts, length = [], 0
    while length < size:
        s = "".join(str(rng.randint(0, 9)) if ch.isdigit() else ch
                    for ch in rng.choice(sentences))
        parts.append(s + (". " if rng.random() < 0.8 else ".\n"))
        length += len(parts[-1])
    return "".join(parts)


HOSTILE = {
    "empty": "",
    "whitespace": " \n\t\u00a0\u2009\r\n  \n",
    "binary_as_latin1": random_bytes(4000, seed=1).decode("latin-1"),
    "replacement_chars": "Губернатор \ufffd\ufffd области \ufffd 12 мар\ufffd 2024",
    "digits_only": "".join(str(i % 10) for i in range(20_000)),
    "digit_groups": " ".join(str(random.Random(n).randrange(10 ** 9)) for n in range(3000)),
    "single_long_line": varied_article(100_000, seed=3).replace("\n", " "),
    "html_markup": HTML_WITH_SCRIPTS,
    "invisible_and_typographic": ("\ufeffГубер\u00adнатор\u200b Смолен\u200dской области "
                                  "Вaсилий\u00a0Анохин — «1,2\u00a0млрд» руб.\u2009\u2212"
                                  "5 % с 1\u20132 марта 2024 г.\u2060"),
    "rare_scripts": "В 5 \U00017000\U00017001 школах, 3 \U0001b170 и 7 \U00018b00 ꙮ \ue000 \U000f0000.",
    "lone_surrogate_free_symbols": "☭ 🇷🇺 200 000 ₽ ≈ 3 × 10⁶ ⅔ ½ № 5 §3 ©2024 ‰",
    "number_shapes": (
        "Рост на 27,6-35,3%, цены на 42,2–112,2 тыс. рублей, ставки 12,5–13 %. "
        "1.000.000 рублей; 1/0 и 0/0 голосов; 2/3 жителей; в 10:30; 07.09.2021; "
        "31.02.2024; 1-е место; COVID-19; +7 (999) 123-45-67; 1e10; 0,0000001%; "
        "99999999999999999999999999999 рублей; ١٢٣ человека; ²³ метра; 5² метров; "
        "3½ тысячи; 2023/24; 1,,2; 1..2; 1.2.3.4.5; от 5 до 3 млн; 9999-9999; "
        "2100-1800; в 0 квартале; за 13 месяцев 2022 года; 0 января 0 года."),
    "only_punctuation": "...!!!???,,,;;;::: — – - «» \"\" '' ()[]{}" * 50,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_gives_a_digest_with_exact_offsets(extractor, name):
    text = HOSTILE[name]
    digest = extractor.extract(text, id=name)
    assert digest.id == name
    assert_offsets_exact(text, digest)
    assert not digest.meta.get("errors"), digest.meta


def test_five_megabyte_article(extractor):
    text = varied_article(5_000_000)
    digest = extractor.extract(text, id="big")
    assert_offsets_exact(text, digest)
    assert not digest.meta.get("errors"), digest.meta


_ALPHABET = st.one_of(
    st.sampled_from(list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
                         "0123456789 .,;:-–—%№«»\"'()\n\u00a0\u00ad\u200b\u2009\u2212"
                         "aeopcxyABCEHKMOPTX")),
    st.characters(codec="utf-8"),
)
_WORDS = st.sampled_from(["Москва", "Вологодской области", "губернатор", "Иван", "Петров",
                          "2024 года", "12 марта", "более", "тыс.", "млн рублей", "%",
                          "в два раза", "из", "первое полугодие", "г.", "Республики Крым",
                          "12,5–13", "1/0", "31.02.2024", "²", "10:30", "—", "2023/24",
                          "с 1 по 31", "квартале", "на", "до", "от", "человек", "рублей"])
_TEXT = st.lists(st.one_of(st.text(_ALPHABET, max_size=30), _WORDS),
                 max_size=60).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT)
def test_generated_unicode_text(extractor, text):
    digest = extractor.extract(text)
    assert_offsets_exact(text, digest)
    assert not digest.meta.get("errors"), digest.meta


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(st.characters(codec="utf-8"), max_size=400))
def test_arbitrary_unicode_text(extractor, text):
    digest = extractor.extract(text)
    assert_offsets_exact(text, digest)
    assert not digest.meta.get("errors"), digest.meta


def test_batch_gives_every_hostile_file_exactly_one_record(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    utf8 = "Глава Чувашии Олег Николаев 3 апреля 2024 года вручил 12 наград.".encode()
    files = {
        "a_empty.txt": b"",
        "b_whitespace.txt": b" \n\t \r\n",
        "c_binary.txt": random_bytes(3000, seed=5),
        "c_binary_no_nul.txt": random_bytes(3000, seed=6, low=1),
        "d_truncated_utf8.txt": utf8[:-1] + "ж".encode()[:1],
        "e_cp1251.txt": utf8.decode().encode("cp1251"),
        "f_long_line.txt": HOSTILE["single_long_line"].encode(),
        "g_digits.txt": HOSTILE["digits_only"].encode(),
        "h_scripts.html": HTML_WITH_SCRIPTS.encode(),
        "i_scripts_as_text.txt": HTML_WITH_SCRIPTS.encode(),
        "j_utf16.txt": utf8.decode().encode("utf-16"),
        "k_seed.txt": SEED_TEXTS[0].encode(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(folder), "-o", str(out), "--jobs", "2", "--no-progress"]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [name.rsplit(".", 1)[0] for name in sorted(files)]
    by_id = {r["id"]: r for r in records}
    for ident in ("a_empty", "b_whitespace", "c_binary", "c_binary_no_nul"):
        assert set(by_id[ident]) == {"id", "error", "meta"}
        assert by_id[ident]["meta"] == {"error_kind": "input"}
    assert by_id["d_truncated_utf8"]["meta"] == {
        "decoding": "1 invalid UTF-8 byte sequence replaced with U+FFFD"}
    for ident in ("d_truncated_utf8", "e_cp1251", "f_long_line", "g_digits",
                  "i_scripts_as_text", "j_utf16", "k_seed"):
        assert "error" not in by_id[ident], by_id[ident]
    assert by_id["e_cp1251"]["meta"]["encoding"] in ("cp1251", "windows-1251")
    for ident, record in by_id.items():
        if "error" in record:
            continue
        raw = files[next(n for n in files if n.startswith(ident + "."))]
        text = record.get("text") or _decoded(raw, record)
        assert_offsets_exact(text, Digest.from_dict(record))
    html = by_id["h_scripts"]
    if "error" not in html:  # trafilatura installed: the scripts are not the article
        assert "dataLayer" not in html["text"] and "document.write" not in html["text"]


def _decoded(raw: bytes, record: dict) -> str:
    return raw.decode((record.get("meta") or {}).get("encoding", "utf-8"), errors="replace")


def test_lone_surrogates_from_json_and_file_names_do_not_break_the_output(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "feed.jsonl").write_text(
        '{"id": "s\\udc01", "text": "Губернатор \\ud800 Тульской области 5 марта 2024 года"}\n',
        encoding="utf-8")
    bad_name = folder / "bad\udcff.txt"  # a file name that is not UTF-8
    try:
        bad_name.write_text("Глава Чувашии 3 апреля 2024 года.", encoding="utf-8")
    except (UnicodeEncodeError, OSError):
        bad_name = None
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(folder), "-o", str(out), "--no-progress"]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 1 + (bad_name is not None)
    feed = next(r for r in records if r["id"] == "s\ufffd")
    text = "Губернатор \ufffd Тульской области 5 марта 2024 года"
    assert_offsets_exact(text, Digest.from_dict(feed))
