"""The officials step: names in the nominative, grouping of mentions, positions."""
from __future__ import annotations

import csv
import pickle
import threading
from pathlib import Path
from typing import Optional

import pytest

from ru_govdigest.digest import Mention, Region
from ru_govdigest.document import Document
from ru_govdigest.names import NameMorphology, NameWord
from ru_govdigest.officials import OfficialExtractor

DATA = Path(__file__).parent / "data"


def _table(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as f:
        rows = [line for line in f if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(rows, delimiter="\t"))


def _none(value: str):
    return None if value == "-" else value


@pytest.fixture(scope="module")
def officials():
    return OfficialExtractor()


@pytest.fixture(scope="module")
def names():
    return NameMorphology()


def extract(officials, text, regions=()):
    doc = Document.from_text(text)
    found = officials(doc, regions)
    for person in found:  # every mention is the article's own text
        for m in person.mentions + person.position_mentions:
            assert text[m.start:m.end] == m.text
        assert bool(person.position) == bool(person.position_mentions)
    return found


@pytest.mark.parametrize("case", _table("officials_names.tsv"), ids=lambda c: c["words"])
def test_name_nominative(names, case):
    words = case["words"].split()
    roles = names.roles(words)
    read = names.read([NameWord(w, r) for w, r in zip(words, roles)])
    assert (read.first, read.middle, read.last) == (
        _none(case["first"]), _none(case["middle"]), _none(case["last"]))


@pytest.mark.parametrize("case", _table("officials_positions.tsv"), ids=lambda c: c["name"])
def test_position(officials, case):
    found = extract(officials, case["sentence"])
    assert [(o.name, o.position) for o in found] == [(case["name"], _none(case["position"]))]


def test_partial_mentions_are_one_person(officials):
    text = ("Министр культуры Ольга Белова открыла выставку в областном музее.\n"
            "Белова отметила, что экспозиция будет работать до конца месяца.\n"
            "По словам Ольги Беловой, музей ждёт школьников.")
    [person] = extract(officials, text)
    assert person.name == "Ольга Белова" and person.last_name == "Белова"
    assert person.position == "Министр культуры"  # given once, kept for the person
    assert [m.text for m in person.mentions] == ["Ольга Белова", "Белова", "Ольги Беловой"]


def test_first_name_and_patronymic_join_the_person(officials):
    text = ("Директор школы Андрей Викторович Соколов встретил гостей.\n"
            "Андрей Викторович рассказал о новых классах.")
    [person] = extract(officials, text)
    assert (person.first_name, person.middle_name, person.last_name) == (
        "Андрей", "Викторович", "Соколов")
    assert person.name == "Андрей Викторович Соколов"
    assert len(person.mentions) == 2


def test_first_name_with_unknown_patronymic_is_a_surname(officials):
    [person] = extract(officials, "Об этом рассказал руководитель фонда Александр Бабич.")
    assert (person.name, person.last_name, person.position) == (
        "Александр Бабич", "Бабич", "руководитель фонда")


def test_surname_case_from_the_title_or_other_mentions(officials):
    # an indeclinable first name tells no case: the genitive title before it does
    [person] = extract(officials, "Заявление сенатора Джо Маккормика опубликовано в среду.")
    assert (person.name, person.last_name) == ("Джо Маккормик", "Маккормик")
    # or another mention of the surname
    [person] = extract(officials, "Визит Джо Маккормика завершился.\nМаккормик улетел домой.")
    assert person.last_name == "Маккормик"
    assert [m.text for m in person.mentions] == ["Джо Маккормика", "Маккормик"]


def test_first_name_and_patronymic_alone_are_no_person(officials):
    assert extract(officials, "Ирина Петровна рассказала о работе кружка.") == []


def test_namesakes_stay_apart(officials):
    found = extract(officials, "Иван Лосев и его сын Пётр Лосев открыли мастерскую.\n"
                               "И. Лосев рассказал о планах.")
    assert [(o.name, [m.text for m in o.mentions]) for o in found] == [
        ("Иван Лосев", ["Иван Лосев", "И. Лосев"]), ("Пётр Лосев", ["Пётр Лосев"])]


def test_unknown_first_name_follows_the_surname(officials):
    [person] = extract(officials, "Заявление канцлера Олафа Шольца опубликовано.")
    assert (person.name, person.position) == ("Олаф Шольц", "канцлер")


def test_initials(officials):
    [person] = extract(officials, "Приказ подписал начальник управления Д. Н. Краснов.")
    assert person.last_name == "Краснов" and person.name == "Д.Н. Краснов"
    assert person.mentions[0].text == "Д. Н. Краснов"
    assert person.position == "начальник управления"
    [person] = extract(officials, "Докладчик: Краснов Д.Н. рассказал о сроках.")
    assert person.last_name == "Краснов" and person.mentions[0].text == "Краснов Д.Н."


def test_two_people_keep_their_own_titles(officials):
    found = extract(officials, "Губернатор Олег Новиков и мэр города Сергей Фомин "
                               "осмотрели новую школу.")
    assert [(o.name, o.position) for o in found] == [
        ("Олег Новиков", "Губернатор"), ("Сергей Фомин", "мэр города")]


def test_names_of_things_are_not_people(officials):
    assert extract(officials, "Студенты университета им. И. М. Губкина и жители улицы "
                              "Льва Толстого приняли участие в акции.") == []
    assert extract(officials, "В кинотеатре покажут фильм «Иван Васильевич» и мультфильмы.") == []


def test_organization_and_region(officials):
    text = "Начальник областного департамента по туризму Вологодской области Ирина Лосева открыла сезон."
    start = text.index("Вологодской области")
    region = Region("RU-VLG", "Вологодская область", True,
                    (Mention(start, start + 19, "Вологодской области"),))
    [person] = extract(officials, text, (region,))
    assert person.position == "Начальник областного департамента по туризму Вологодской области"
    assert person.organization.startswith("областной департамент по туризму")
    assert person.region == "RU-VLG"


def test_people_in_furniture_are_left_out(officials):
    text = ("Глава района Иван Орлов открыл новый парк.\n"
            "Поделиться:\n"
            "Интересно:\n"
            "Губернатор Сергей Лавров посетил выставку\n"
            "04.01.2025 13:58 Аналитика\n")
    doc = Document.from_text(text)
    assert any(s.furniture for s in doc.sentences)  # the teaser block is furniture
    assert [o.name for o in officials(doc)] == ["Иван Орлов"]
    assert officials(Document.from_text("")) == []


def test_thread_safe(officials):
    text = "Заместитель губернатора Виктор Гладков провёл совещание с главами районов."
    results = []

    def work():
        results.append([(o.name, o.position) for o in officials(Document.from_text(text))])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [[("Виктор Гладков", "Заместитель губернатора")]] * 4


def test_pickles_by_rebuilding(officials):
    officials(Document.from_text("Маккормик заявил о поддержке."))  # the NER is loaded
    clone = pickle.loads(pickle.dumps(officials))
    [person] = clone(Document.from_text("Глава района Иван Орлов открыл парк."))
    assert (person.name, person.position) == ("Иван Орлов", "Глава района")


def test_bylines_are_left_out(officials):
    found = extract(officials, "Текст: Мария Иванова. Губернатор Олег Кувшинников провёл "
                               "совещание. Фото: Иван Петров")
    assert [o.name for o in found] == ["Олег Кувшинников"]
    # a list after a colon is no byline
    found = extract(officials, "Участники: Пётр Сидоров и Иван Орлов.")
    assert [o.name for o in found] == ["Пётр Сидоров", "Иван Орлов"]


def test_indeclinable_surname_in_an_oblique_case_is_the_same_person(officials):
    [person] = extract(officials, "Сергею Шойгу доложили о ходе учений. Министр обороны "
                                  "Сергей Шойгу осмотрел технику.")
    assert (person.name, person.position) == ("Сергей Шойгу", "Министр обороны")
    assert len(person.mentions) == 2


@pytest.mark.parametrize("text, organization", [
    ("Начальник ГУ МЧС по области Иван Петров провёл учения.", "ГУ МЧС по области"),
    ("Глава Минздрава Пётр Орлов открыл больницу.", "Минздрав"),
    ("Руководитель АО «Вектор» Пётр Орлов открыл цех.", "АО «Вектор»"),
    ("Глава Татарстана Пётр Орлов открыл больницу.", None),  # a region is no organization
    ("Пресс-секретарь Президента Пётр Орлов ответил на вопросы.", None),
])
def test_organization_named_on_its_own(officials, text, organization):
    [person] = extract(officials, text)
    assert person.organization == organization


def test_organization_ends_before_ot(officials):
    [person] = extract(officials, "Депутат Государственной Думы от Курской области Иван "
                                  "Громов провёл приём граждан.")
    assert person.position == "Депутат Государственной Думы от Курской области"
    assert person.organization == "Государственная Дума"


@pytest.mark.parametrize("text, name, last", [
    ("Председатель Еврокомиссии Урсула фон дер Ляйен выступила с заявлением.",
     "Урсула фон дер Ляйен", "фон дер Ляйен"),
    ("Переговоры с Мухаммедом бин Салманом прошли успешно.",
     "Мухаммед бин Салман", "бин Салман"),
    ("Президент Египта Абдель Фаттах ас-Сиси принял делегацию.", "Абдель ас-Сиси", "ас-Сиси"),
    ("Лидер партии Марин Ле Пен выступила на митинге.", "Марин Ле Пен", "Ле Пен"),
    ("Политик Фил О'Рейли выступил.", "Фил О'Рейли", "О'Рейли"),
    ("Политик Фил О’Рейли выступил.", "Фил О’Рейли", "О’Рейли"),
])
def test_surname_particles(officials, text, name, last):
    [person] = extract(officials, text)
    assert (person.name, person.last_name) == (name, last)


def test_first_name_and_patronymic_join_the_initials(officials):
    [person] = extract(officials, "Приказ подписал начальник управления Д. Н. Гусев.\n"
                                  "Дмитрий Николаевич отметил важность работы.")
    assert (person.name, person.last_name) == ("Дмитрий Николаевич Гусев", "Гусев")
    assert [m.text for m in person.mentions] == ["Д. Н. Гусев", "Дмитрий Николаевич"]


@pytest.mark.parametrize("text", [
    "Маршрут проходит по улицам Ленина и Карла Маркса.",
    "В селе отметили праздник Ивана Купалы.",
    "Турнир памяти Ивана Ярыгина прошёл в Красноярске.",
])
def test_names_of_things_and_their_coordinates_are_not_people(officials, text):
    assert extract(officials, text) == []


def _roles(found) -> list[tuple[str, str]]:
    return [(o.name, o.position) for o in found]


def test_list_of_participants_keeps_each_title_with_its_name(officials):
    # a title after a comma that runs right into the next name is that name's
    found = extract(officials, "В обсуждении приняли участие депутат Государственной Думы "
                               "Александр Шалаев, председатель Кировской городской Думы Сергей "
                               "Шаклеин, а также директор МУП «Кировский транспорт» Олег "
                               "Соколов.")
    assert _roles(found) == [
        ("Александр Шалаев", "депутат Государственной Думы"),
        ("Сергей Шаклеин", "председатель Кировской городской Думы"),
        ("Олег Соколов", "директор МУП «Кировский транспорт»")]


def test_organization_of_an_adjective_read_as_a_noun(officials):
    # pymorphy3 reads Главного first as the noun главное: still an adjective of управления
    [person] = extract(officials, "Начальник Главного управления МЧС России по Курской "
                                  "области Дмитрий Зайцев провёл учения.")
    assert person.organization == "Главное управление МЧС России по Курской области"


def test_a_title_chain_after_one_name_and_before_the_next(officials):
    found = extract(officials, "В совещании участвовали Иван Петров, министр финансов, "
                               "глава района Анна Сидорова и другие.")
    assert _roles(found) == [("Иван Петров", "министр финансов"),
                             ("Анна Сидорова", "глава района")]


@pytest.mark.parametrize("text, people", [
    ("Многодетная семья Ивановых стала победителем конкурса «Семья года».", []),
    ("Супруги Кузнецовы отметили золотую свадьбу.", []),
    ("Семья Петровых получила сертификат. Глава семьи Иван Петров работает трактористом.",
     [("Иван Петров", "Глава семьи")]),
    ("В семье Ивана Петрова родилась тройня.", [("Иван Петров", None)]),
])
def test_a_family_named_by_its_surname_is_no_person(officials, text, people):
    assert _roles(extract(officials, text)) == people


@pytest.mark.parametrize("text, people", [
    ("Заместители губернатора Иван Петров и Анна Сидорова посетили больницу.",
     [("Иван Петров", "Заместитель губернатора"), ("Анна Сидорова", "Заместитель губернатора")]),
    ("Награды получили врачи Иван Петров, Олег Смирнов и Анна Сидорова.",
     [("Иван Петров", "врач"), ("Олег Смирнов", "врач"), ("Анна Сидорова", "врач")]),
    # a title in the singular is the first name's only
    ("Губернатор Иван Петров и Анна Сидорова посетили больницу.",
     [("Иван Петров", "Губернатор"), ("Анна Сидорова", None)]),
])
def test_a_plural_title_is_shared_by_the_names_it_lists(officials, text, people):
    assert _roles(extract(officials, text)) == people


@pytest.mark.parametrize("text, name, last", [
    ("Переговоры с председателем КНР Си Цзиньпином прошли успешно.", "Си Цзиньпин", "Си"),
    ("Премьер Госсовета КНР Ли Цян провёл переговоры.", "Ли Цян", "Ли"),
    ("Лидер КНДР Ким Чен Ын осмотрел завод.", "Ким Чен Ын", "Ким"),
    # a Russian name order stays: the surname after a first name, or a known surname
    ("Директор школы Светлана Ким рассказала о ремонте.", "Светлана Ким", "Ким"),
    ("Ветеран Ким Иванов выступил.", "Ким Иванов", "Иванов"),
])
def test_east_asian_names_are_written_surname_first(officials, text, name, last):
    [person] = extract(officials, text)
    assert (person.name, person.last_name) == (name, last)


def test_east_asian_surname_before_the_given_names_stays_in_the_name(officials):
    [person] = extract(officials, "Выставку открыл бывший посол КНДР Хван Чжан Еп.")
    assert (person.name, person.last_name, person.position) == (
        "Хван Чжан Еп", "Хван", "бывший посол КНДР")


@pytest.mark.parametrize("text, name, last", [
    ("После встречи с Кимом Чен Ыном делегация вернулась.", "Ким Чен Ын", "Ким"),
    # before a word with a Russian surname's suffix (one pymorphy3 does not know) the
    # first word is a first name
    ("Выступил ветеран Ким Шкуратов.", "Ким Шкуратов", "Шкуратов"),
])
def test_east_asian_surname_in_an_oblique_case(officials, text, name, last):
    [person] = extract(officials, text)
    assert (person.name, person.last_name) == (name, last)


ARTICLE = """В Курской области подвели итоги паводкового сезона

Итоги обсудили на заседании комиссии по чрезвычайным ситуациям под председательством \
губернатора Курской области Алексея Смирнова.

В заседании приняли участие депутат Курской областной Думы Игорь Зубков, начальник \
Главного управления МЧС России по Курской области генерал-майор внутренней службы \
Дмитрий Зайцев, а также главы районов Ольга Кравец и Сергей Волков.

«Подтоплено было 43 дома, все жители получили помощь», – рассказал Дмитрий Зайцев.

Семья Черновых из Суджанского района получила компенсацию. Глава крестьянского \
(фермерского) хозяйства Иван Чернов поблагодарил спасателей.

Алексей Смирнов поручил подготовить предложения к 1 марта."""


def test_article_with_a_list_ranks_and_a_family(officials):
    found = extract(officials, ARTICLE)
    assert _roles(found) == [
        ("Алексей Смирнов", "губернатор Курской области"),
        ("Игорь Зубков", "депутат Курской областной Думы"),
        ("Дмитрий Зайцев", "начальник Главного управления МЧС России по Курской области "
                           "генерал-майор внутренней службы"),
        ("Ольга Кравец", "глава районов"),
        ("Сергей Волков", "глава районов"),
        ("Иван Чернов", "Глава крестьянского (фермерского) хозяйства")]
    assert [len(o.mentions) for o in found] == [2, 1, 2, 1, 1, 1]


def _officials_cell(cell: str) -> list[tuple[str, Optional[str]]]:
    pairs = [item.split(" = ") for item in cell.split(" ; ") if item.strip()]
    return [(name.strip(), _none(position.strip())) for name, position in pairs]


@pytest.mark.parametrize("case", _table("officials_roles.tsv"),
                         ids=lambda c: c["rule"])
def test_who_holds_which_post(officials, case):
    found = extract(officials, case["text"].replace("\\n", "\n"))  # \n: a line break
    assert _roles(found) == _officials_cell(case["officials"] or "")


@pytest.mark.parametrize("case", _table("officials_context.tsv"), ids=lambda c: c["text"][:40])
def test_organization_and_region_from_the_title_and_the_article(extractor, case):
    [person] = extractor.extract(case["text"]).officials
    assert (person.name, person.position, person.organization, person.region) == (
        case["name"], case["position"], _none(case["organization"]), _none(case["region"]))
