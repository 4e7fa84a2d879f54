"""Numeric indicators on sentences written for the purpose (tests/data/indicators_cases.tsv),
plus subjects, links to regions and dates, offsets, and the dev-set floor."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ru_govdigest import Document
from ru_govdigest.digest import DateMention, Mention, Region
from ru_govdigest.indicators import IndicatorExtractor

CASES = Path(__file__).parent / "data" / "indicators_cases.tsv"


@pytest.fixture(scope="module")
def indicators():
    return IndicatorExtractor()


def _cases():
    return list(_read_cases())


def _read_cases():
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        sentence, _, expected = line.partition("\t")
        yield pytest.param(sentence, [e.strip() for e in expected.split(" ; ") if e.strip()],
                           id=sentence[:40])


def _parse_expected(item):
    """"2400 other exact unit=кв. м max=5" -> (2400.0, "other", "exact", {"unit": "кв. м", "max": "5"})."""
    value, kind, qualifier, *rest = item.split(" ", 3)
    fields = dict(re.findall(r"(\w+)=(.*?)(?= \w+=|$)", rest[0])) if rest else {}
    return float(value), kind, qualifier, fields


@pytest.mark.parametrize("sentence, expected", _cases())
def test_sentence(indicators, sentence, expected):
    doc = Document.from_text(sentence)
    found = indicators(doc)
    assert len(found) == len(expected), [(i.text, i.value, i.kind) for i in found]
    for ind, parts in zip(found, expected):
        value, kind, qualifier, fields = _parse_expected(parts)
        assert ind.value == pytest.approx(value, rel=1e-3), ind
        assert (ind.kind, ind.qualifier) == (kind, qualifier), ind
        if "unit" in fields:
            assert ind.unit == fields["unit"], ind
        if "max" in fields:
            assert ind.value_max == pytest.approx(float(fields["max"])), ind
        if "of" in fields:
            assert ind.of_total == pytest.approx(float(fields["of"])), ind
        assert sentence[ind.start:ind.end] == ind.text


SUBJECTS = [
    ("В электронный вид переведено 40 массовых социально значимых услуг.",
     {"массовые", "социально", "значимые", "услуги", "переведенные"}),
    ("Доля заявлений, поданных онлайн, составила 72%.", {"доля", "заявлений", "поданных", "онлайн"}),
    ("Стоимость моста оценивается в 12 млрд рублей.", {"стоимость", "моста"}),
    ("Число туристов выросло в 3 раза.", {"рост", "числа", "туристов"}),
    ("Ветеранам назначена доплата в 5 тысяч рублей.", {"доплата"}),
    ("Область направит 200 млн рублей на ремонт школ.", {"ремонт", "школ"}),
    ("К тушению пожаров привлечено 300 человек.", {"привлеченные", "тушению", "пожаров"}),
    ("Ему принадлежат два участка (600 кв. м и 900 кв. м).", {"площадь", "участка"}),
    ("Лидеры: Самарская область (120 идей), Тверская область (95).", {"идеи", "тверская", "область"}),
    ("Пособие по безработице составило 12 тысяч рублей, а доплата – 3 тысячи рублей. "
     "Ранее оно равнялось 8 тысячам рублей.", {"пособие", "безработице"}),
    ("Выручка компаний увеличится в 2 раза.", {"рост", "выручки", "компаний"}),
    ("Ущерб от паводка превысил 3 млн долларов США.", {"ущерб", "паводка"}),
    ("В семинаре приняли участие 120 предпринимателей.", {"принявшие", "участие", "семинаре"}),
    ("Компенсации получили 450 пенсионеров.", {"пенсионеры", "получившие"}),
    ("К ликвидации паводка привлекли 200 спасателей.", {"спасатели", "привлеченные"}),
    ("На 7,5% увеличилось число субъектов МСП.", {"рост", "числа", "субъектов"}),
    ("Доходы бюджета выросли на треть.", {"рост", "доходов", "бюджета"}),
    ("В регионе открылось 1 200 компаний, что на 15% больше, чем годом ранее.", {"рост", "числа", "компаний"}),
    ("Фестиваль посетили 8 тысяч гостей, это в 2 раза больше прошлогоднего.", {"рост", "числа", "гостей"}),
    ("Сорок два объекта уже введены в эксплуатацию.", {"объекты", "введенные", "эксплуатацию"}),
    ("Число пострадавших в ДТП снизилось на 15%.", {"снижение", "числа", "пострадавших"}),
    ("Доля занятых составила 64%.", {"доля", "занятых"}),
    ("Поступило 1200 заявок, из них 800 одобрены.", {"заявки", "одобренные"}),
    ("Субсидии на модернизацию получили 35 предприятий.", {"предприятия", "получившие"}),
    ("Они провели более 300 переговоров.", {"переговоры", "проведенные"}),
    ("Аграрии собрали 9 млн тонн зерна.", {"собранные"}),
    ("Собрано 9 млн тонн зерна. Это на 1,3 млн тонн больше, чем годом ранее.", {"рост", "собранные"}),
    # a change takes the verb of its own clause, not the sentence's first one
    ("Число посещений выросло на 5%, а смертность снизилась на 2 процентных пункта.",
     {"снижение", "смертности"}),
    ("Надои выросли, а поголовье коров сократилось на 1,4 тыс. голов.", {"снижение", "поголовья"}),
    # a part of a sum named after a dash
    ("Объём финансирования составит 3 млрд рублей, из них 2 млрд – средства областного бюджета.",
     {"средства", "областного", "бюджета"}),
    # a genitive that pymorphy3 reads first as an accusative plural
    ("Размер выплаты – 20 тыс. рублей.", {"размер", "выплаты"}),
    # coordinated figures share the verb
    ("Закуплено 15 единиц оборудования и 7 машин скорой помощи.", {"машины", "закупленные"}),
    # a body in the nominative is the subject: the counted things undergo the action
    ("Хозяйства приобрели 120 тракторов и 40 комбайнов.", {"комбайны", "приобретенные"}),
    ("Власти города выкупают 17 участков под школы.", {"участки", "выкупаемые"}),
    # the level compared with is not what changed; the change is of the figure before
    ("Намолочено 2 млн тонн зерна, что на 10% больше уровня прошлого года.", {"рост", "зерна"}),
    # the share of a whole after a measuring verb measures the clause's subject
    ("Охват вакцинацией против гриппа составил 60 процентов населения.", {"охват", "вакцинацией", "гриппа"}),
    # a noun counted by a year starts no genitive chain
    ("В 2023 году выплаты составили 5 млрд рублей.", {"выплаты"}),
    # a short participle with its own subject says nothing of the counted things ("!": absent)
    ("Ежемесячное пособие назначено 18 тыс. семей.", {"семьи", "!назначенные"}),
    # a passive keeps its complement; an agent its object before the verb
    ("В области ввели в эксплуатацию 45 домов.", {"дома", "введенные", "эксплуатацию"}),
    ("Новые квартиры получили 1 240 человек.", {"получившие", "новые", "квартиры"}),
    # an anchor after an adjective; a unit of measure inside a genitive chain
    ("Застройщики построили 2,3 тыс. домов общей площадью 280 тыс. кв. м.", {"площадь", "домов"}),
    ("Стоимость квадратного метра выросла с 78 до 92 тыс. рублей.", {"стоимость", "квадратного", "метра"}),
    # a participial phrase with не holds no subject of its own
    ("Доля выпускников, не преодолевших минимальный порог, снизилась до 1,8%.", {"доля", "выпускников"}),
    # a share "из них" of the things counted before; "Это N%" of the figure before
    ("Экзамены сдавали 5 630 выпускников. Почти 40% из них выбрали профильную математику.",
     {"выпускники", "выбравшие", "математику"}),
    ("Введено 450 тыс. кв. метров жилья. Это 112% от плана.", {"жильё"}),
    # a mark heads its clause
    ("Средний балл ЕГЭ по физике составил 71,2.", {"средний", "балл", "егэ"}),
    # a part of a sum named by its source
    ("На ремонт выделено 900 млн рублей, в том числе 600 млн рублей за счет средств федерального бюджета.",
     {"средства", "федерального", "бюджета"}),
    ("Объём финансирования – 5 млрд рублей, из них 2 млрд рублей – из областного.", {"средства", "областного"}),
    # an adjective pymorphy3 reads first as a noun stays the attribute of the noun after it
    ("Вакцинацию прошли 320 тысяч жителей, что составляет 36% взрослого населения.", {"взрослое", "население"}),
    # the antecedent of a later change is inflected from its nominative reading
    ("Отремонтировано 312 км автомобильных дорог, это на 40 км больше, чем годом ранее.",
     {"рост", "автомобильных", "дорог"}),
    # an infinitive after the verb goes into the participle
    ("В сельские больницы приехали работать 57 врачей.", {"врачи", "приехавшие", "работать"}),
    # a count over a rate's base is the rate of the clause's subject
    ("Заболеваемость туберкулезом снизилась до 31 случая на 100 тыс. населения.",
     {"заболеваемость", "туберкулезом"}),
    # both ends of a change "с X до Y" measure the same thing
    ("Число аварийных участков уменьшилось в 2 раза – с 92 до 46.", {"число", "аварийных", "участков"}),
    # coordinated adjectives inside a genitive chain
    ("Число субъектов малого и среднего бизнеса превысило 60 тысяч.", {"малого", "среднего", "бизнеса"}),
    # a short participle pymorphy3 reads first as a short adjective; its own subject only
    # after the last comma; an abbreviation ends the phrase before it
    ("Выручка выросла, в сфере МСП занято 178 тыс. человек.", {"занятые", "сфере", "мсп"}),
    ("В больницах города оказались заняты 84% коек.", {"койки", "занятые", "больницах"}),
    # people in the dative of a verb of giving received its object
    ("Банк выдал льготные кредиты 640 предпринимателям.", {"предприниматели", "получившие", "кредиты"}),
    # a name in apposition to a noun is not the clause's subject
    ("Стоимость реконструкции трассы Тверь – Ржев составит 18 млрд рублей.", {"стоимость", "реконструкции"}),
    # a date's year starts no genitive chain that hides the short participle's subject
    ("С 1 января 2023 года пособие назначено 28 тыс. семей.", {"семьи", "!назначенные"}),
    # a person before a comma is the subject of another clause
    ("Как отметил министр Иван Петров, выплату получили 35 тысяч семей.", {"получившие", "выплату"}),
    # an impersonal verb with an infinitive: a relative clause in the article's words
    ("В районе планируется построить 6 домов культуры.", {"которые", "планируется", "построить"}),
    # the last of a coordinated list shares the verb of the first
    ("Закупили 260 тракторов, 140 комбайнов и 30 сеялок.", {"сеялки", "закупленные"}),
    # a part named by the source that gives it
    ("Объём составит 2,5 млрд рублей, из которых 1,7 млрд рублей выделит федеральный бюджет.",
     {"средства", "федерального", "бюджета"}),
    # an elliptical clause after a dash measures what the figure before measured; a plural
    # short adjective after the counted phrase names it as a full one
    ("В Татарстане 96% массовых услуг доступны онлайн, в Башкирии – 89%.", {"услуги", "доступные"}),
    # an anaphoric object of a change points back; a modal verb gives no participle
    ("Охват оздоровлением составил 64%. Мы планируем увеличить этот показатель до 70%.",
     {"охват", "оздоровлением"}),
    ("Отдохнуть смогут более 32 тысяч детей.", {"дети", "!смогшие"}),
    # a substantivized adjective pymorphy3 reads first as a locative
    ("Работают 412 лагерей, в том числе 18 загородных.", {"загородные"}),
    # a measure noun in the instrumental names what it measures
    ("В школе есть бассейн длиной 25 метров.", {"длина", "бассейна"}),
    ("Построена дорога протяженностью 12 км.", {"протяженность", "дороги"}),
    # a figure in a noun's prepositional phrase takes no verb of the clause
    ("В области открыли новую школу на 1 100 мест.", {"места", "!открывшие"}),
    # "на уровне N" gives the level of the clause's subject
    ("Инфляция в регионе осталась на уровне 7,4%.", {"инфляция"}),
    ("Уровень безработицы составил 0,6%. Год назад этот показатель был на уровне 0,9%.",
     {"уровень", "безработицы"}),
    # a part of people named by its participle alone
    ("Переобучение прошли 1 250 человек, из них 870 трудоустроены.", {"трудоустроенные", "!люди"}),
    # a prepositional phrase ends at punctuation; an agent's object with its genitive chain
    ("Кроме того, выплаты получили более 3,5 тыс. семей.", {"получившие", "выплаты"}),
    ("Выплату материнского капитала получили 3 612 семей.", {"получившие", "выплату", "капитала"}),
    # a count as the subject takes no masculine singular verb
    ("Для 1,5 тыс. детей организован бесплатный подвоз.", {"дети", "!организованные"}),
    # a signed figure in parentheses after another is its change
    ("Поступления НДФЛ составили 12,4 млрд рублей (+8,2% к 2022 году).", {"рост", "поступлений", "ндфл"}),
    ("Построено 3 моста общей длиной 1,2 км.", {"длина", "моста"}),
    # a noun in the instrumental after с measures the clause's subject
    ("Областной бюджет на 2024 год принят с дефицитом 4,5 млрд рублей.", {"дефицит", "областного", "бюджета"}),
    # a pronoun starts no genitive chain; a capitalized possessive is no attribute
    ("Поступления достигли 2,3 млрд рублей, из них курортный сбор – 180 млн рублей.", {"курортный", "сбор"}),
    ("Его состояние оценивается в 249 млн рублей.", {"состояние", "!его"}),
    # the levels of a change after its size measure the thing that changed (issue 16)
    ("Число аварий сократилось на 60 процентов, с 12 тысяч до 4,8 тысячи.", {"число", "аварий", "!снижение"}),
    ("Выбросы серы сократились вдвое – с 900 до 450 тонн.", {"выбросы", "серы", "!снижение"}),
]


@pytest.mark.parametrize("sentence, words", SUBJECTS, ids=[s[:30] for s, _ in SUBJECTS])
def test_subject(indicators, sentence, words):
    found = indicators(Document.from_text(sentence))
    subject = found[-1].subject or ""
    said = set(subject.lower().replace(",", " ").split())
    assert {w for w in words if w[0] != "!"} <= said, subject
    assert not {w[1:] for w in words if w[0] == "!"} & said, subject


def test_abbreviation_keeps_its_capitals(indicators):
    """ФАПов -> ФАПы: an abbreviation with a Russian ending keeps its capitals in the subject."""
    found = indicators(Document.from_text("Построено 12 ФАПов из 15 запланированных."))
    assert found[0].subject.startswith("ФАПы"), found[0].subject


def test_region_and_date_of_the_sentence(indicators):
    text = "В Тверской области выдано 500 сертификатов. Всего по стране выдано 9000 сертификатов."
    region = Region("RU-TVE", "Тверская область", True, (Mention(2, 17, "Тверской области"),))
    other = Region("RU-MOS", "Московская область", False, ())
    date = DateMention("1 мая", 60, 65, "2024-05-01", "day")
    doc = Document.from_text(text)
    first, second = indicators(doc, [other, region], [])
    assert first.region == "RU-TVE"
    assert second.region == "RU-TVE"  # no region in its sentence: the primary one
    text2 = "На 1 мая выдано 700 сертификатов."
    doc2 = Document.from_text(text2)
    found = indicators(doc2, [], [DateMention("1 мая", 3, 8, "2024-05-01", "day")])
    assert [(i.value, i.date) for i in found] == [(700, "2024-05-01")]
    assert date.value == "2024-05-01"


def test_dates_argument_excludes_its_numbers(indicators):
    text = "Через 3 дня, 7 июня, выдано 40 справок."
    doc = Document.from_text(text)
    without = [i.value for i in indicators(doc)]
    with_dates = [i.value for i in indicators(doc, [], [DateMention("7 июня", 12, 18, "2024-06-07", "day")])]
    assert without == with_dates == [40]


def test_offsets_survive_normalization(indicators):
    text = "Выдано более 12\u00a0345 карт, рост\u00a0— 7,5\u202f%."
    doc = Document.from_text(text)
    found = indicators(doc)
    assert [i.value for i in found] == [12345, 7.5]
    for ind in found:
        assert text[ind.start:ind.end] == ind.text


def test_furniture_is_skipped(indicators):
    text = "Выдано 50 сертификатов.\nПросмотров: 1520"
    doc = Document.from_text(text)
    assert [i.value for i in indicators(doc)] == [50]


def test_dev_floor(dev_predictions, dev_dir):
    """Indicators F1 >= 0.95, qualifier accuracy >= 0.95, subjects F1 >= 0.60 on dev."""
    score = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "score.py"
    out = subprocess.run([sys.executable, str(score), str(dev_dir / "gold.jsonl"),
                          str(dev_predictions), "--json"], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    tasks = result.get("tasks", result)
    assert tasks["indicators"]["f1"] >= 0.95
    assert tasks["qualifiers"]["accuracy"] >= 0.95
    assert tasks["subjects"]["f1"] >= 0.60


def test_anchor_word_ends_a_counted_phrase(indicators):
    """``на сумму``, ``площадью`` begin the next figure: they are not in the counted subject."""
    text = "В крае выдано 1 200 кредитов на сумму 3 млрд рублей и создано 9 заповедников площадью 40 тыс. га."
    subjects = [i.subject or "" for i in indicators(Document.from_text(text)) if i.kind == "count"]
    assert len(subjects) == 2 and "кредиты" in subjects[0] and "заповедники" in subjects[1]
    assert not any("сумму" in s or "площадью" in s for s in subjects), subjects


def test_links_prefer_the_figure_s_clause(indicators):
    """The region and the date of a figure come from its own clause when it has them."""
    text = "В Тверской области за 2022 год выдано 500 карт, а в Курской области – 300 карт."
    at = {w: (text.index(w), text.index(w) + len(w)) for w in ("Тверской области", "Курской области", "2022 год")}
    tver = Region("RU-TVE", "Тверская область", False, (Mention(*at["Тверской области"], "Тверской области"),))
    kursk = Region("RU-KRS", "Курская область", False, (Mention(*at["Курской области"], "Курской области"),))
    year = DateMention("2022 год", *at["2022 год"], "2022", "year")
    found = indicators(Document.from_text(text), [tver, kursk], [year])
    assert [(i.value, i.region, i.date) for i in found] == [(500, "RU-TVE", "2022"), (300, "RU-KRS", "2022")]


def test_a_full_stop_is_not_a_unit_s_dot(indicators):
    """The sentence's last dot belongs to an abbreviated unit (руб.) but not to a symbol (МВт)."""
    texts = ["Мощность станции составит 50 МВт.", "Стоимость оборудования – 250 тыс. евро.",
             "Выплата составит 10 000 руб."]
    found = [indicators(Document.from_text(t))[0].text for t in texts]
    assert found == ["50 МВт", "250 тыс. евро", "10 000 руб."]
