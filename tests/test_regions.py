"""Regions: every form a subject is named in, lists, disambiguation, primary, find()."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import razdel

from ru_govdigest import morph
from ru_govdigest.document import Document
from ru_govdigest.regions import RegionExtractor
from ru_govdigest.resources import model_path, read_tsv


@pytest.fixture(scope="module")
def extractor() -> RegionExtractor:
    return RegionExtractor()


def codes(extractor: RegionExtractor, text: str) -> list[str]:
    return [r.code for r in extractor(Document.from_text(text))]


# (sentence, expected codes in order of first mention)
CASES = [
    # full names, any case
    ("Глава Республики Мордовия провёл совещание с министрами.", ["RU-MO"]),
    ("Министр Чувашской Республики – Чувашии выступил на форуме.", ["RU-CU"]),
    ("В Ханты-Мансийском автономном округе – Югре открыли новую школу.", ["RU-KHM"]),
    ("Делегация Республики Саха (Якутия) прибыла на выставку.", ["RU-SA"]),
    ("Школы Кемеровской области – Кузбасса перешли на новый график.", ["RU-KEM"]),
    ("Жители Северной Осетии – Алании получат субсидии.", ["RU-SE"]),
    ("Волонтёры приехали в Республику Марий Эл.", ["RU-ME"]),
    # short names
    ("Соглашение подписали Мордовия, Чувашия и Якутия.", ["RU-MO", "RU-CU", "RU-SA"]),
    ("Кузбасс и Югра нарастили добычу, Башкирия отстала.", ["RU-KEM", "RU-KHM", "RU-BA"]),
    # informal names
    ("На Вологодчине и Смоленщине убрали урожай.", ["RU-VLG", "RU-SMO"]),
    ("Ставрополье, Прикамье и Кубань получат гранты.", ["RU-STA", "RU-PER", "RU-KDA"]),
    ("На Ставропольщине и Тюменщине, в Самарской и Калужской губерниях тепло.",
     ["RU-STA", "RU-TYU", "RU-SAM", "RU-KLU"]),
    ("Из Подмосковья в Зауралье отправили гуманитарный груз.", ["RU-MOS", "RU-KGN"]),
    # demonyms
    ("Более половины вологжан и смолян пользуются порталом.", ["RU-VLG", "RU-SMO"]),
    ("Кубанцы обогнали нижегородцев, а калининградцы стали третьими.",
     ["RU-KDA", "RU-NIZ", "RU-KGD"]),
    # feminine demonyms (derived by suffix or listed), sentence-start guessed demonyms
    ("Москвичка и вологжанка вышли в финал, тулячка стала третьей.",
     ["RU-MOW", "RU-VLG", "RU-TUL"]),
    ("Петербурженка и нижегородка заняли призовые места.", ["RU-SPE", "RU-NIZ"]),
    ("Камчатцы, забайкальцы и ивановцы получат выплаты.", ["RU-KAM", "RU-ZAB", "RU-IVA"]),
    ("Амурчане получат выплаты первыми.", ["RU-AMU"]),
    ("Прикамцы, зауральцы и колымчане получат выплаты, вятчане и хабаровцы – тоже.",
     ["RU-PER", "RU-KGN", "RU-MAG", "RU-KIR", "RU-KHA"]),
    # title case opening a quotation or a list item; a word quoted alone is a brand
    ("Министр отметил: «Смоляне активно пользуются порталом».", ["RU-SMO"]),
    ("1. Туляки получат выплаты первыми.", ["RU-TUL"]),
    ("Магазин «Пермяк» открылся в центре.", []),
    ("БОЛЕЕ 500 СМОЛЯН ПОЛУЧИЛИ СЕРТИФИКАТЫ", ["RU-SMO"]),
    ("ПЕРМЯКОВ ВОЗГЛАВИЛ КОМИТЕТ", []),
    # abbreviations
    ("Выплаты получат ХМАО, ЯНАО и НАО.", ["RU-KHM", "RU-YAN", "RU-NEN"]),
    ("Депутаты КБР, КЧР и ЕАО обсудили бюджет.", ["RU-KB", "RU-KC", "RU-YEV"]),
    ("Минздрав РТ, Правительство РМЭ и Минфин РХ сообщили.", ["RU-TA", "RU-ME", "RU-KK"]),
    # federal cities
    ("Поезд связал Москву и Петербург.", ["RU-MOW", "RU-SPE"]),
    ("Форум пройдёт в Санкт-Петербурге, затем в Севастополе.", ["RU-SPE", "UA-40"]),
    # names inside bodies' names
    ("Правительство Вологодской области утвердило программу.", ["RU-VLG"]),
    ("Законодательное собрание Приморского края приняло закон.", ["RU-PRI"]),
    ("Депутат Сахалинской областной думы сложил полномочия.", ["RU-SAK"]),
    ("Решение приняла Мосгордума.", ["RU-MOW"]),
    ("Депутаты Тульской облдумы и Красноярский крайсуд поддержали инициативу.",
     ["RU-TUL", "RU-KYA"]),
    ("Правительство РС(Я) утвердило программу.", ["RU-SA"]),
    ("В Кемеровской области-Кузбассе открыли школу.", ["RU-KEM"]),
    ("В Кемеровской области—Кузбассе и РСО—Алании открыли школы.", ["RU-KEM", "RU-SE"]),
    ("Школы Донецкой и Луганской народных республик получили компьютеры.",
     ["UA-14", "UA-09"]),
    # coordinated and elliptical lists
    ("Отстают Архангельской, Иркутской, Магаданской областей учреждения.",
     ["RU-ARK", "RU-IRK", "RU-MAG"]),
    ("Низкая активность у республик Алтай и Карелия.", ["RU-AL", "RU-KR"]),
    ("Смоленская и Калужская области вошли в число лидеров.", ["RU-SMO", "RU-KLU"]),
    ("Далее идут Тверская (120), Тульская (98) и Омская (75) области.",
     ["RU-TVE", "RU-TUL", "RU-OMS"]),
    ("Краснодарский и Ставропольский края получили субсидии.", ["RU-KDA", "RU-STA"]),
    ("В Ханты-Мансийском и Ямало-Ненецком автономных округах похолодало.",
     ["RU-KHM", "RU-YAN"]),
    ("Власти Ненецкого АО и Республики Северная Осетия-Алания подписали договор.",
     ["RU-NEN", "RU-SE"]),
    ("Туристы едут в Северную столицу, а москвичи – на Камчатку.",
     ["RU-SPE", "RU-MOW", "RU-KAM"]),
    ("Янтарный край принял гостей, янтарный бизнес растёт.", ["RU-KGD"]),
    ("Проект охватит три области: Вологодскую, Архангельскую и Мурманскую.",
     ["RU-VLG", "RU-ARK", "RU-MUR"]),
    ("Московская, Ленинградская и другие области присоединились.", ["RU-MOS", "RU-LEN"]),
    ("В Смоленской, а также в Калужской областях открыли центры.", ["RU-SMO", "RU-KLU"]),
    ("Вологодская городская дума встретилась с Архангельской областной думой.", ["RU-ARK"]),
    # a region abroad inside a list does not break it
    ("Обстрелам подверглись Курская, Белгородская и Харьковская области.",
     ["RU-KRS", "RU-BEL"]),
    ("Делегации Брянской и Гомельской областей встретились.", ["RU-BRY"]),
    # elliptical members whose head noun stood in an earlier name
    ("Режим ввели в Белгородской области, а также в Курской и Брянской.",
     ["RU-BEL", "RU-KRS", "RU-BRY"]),
    ("Субсидии получат Удмуртская Республика и Чувашская.", ["RU-UD", "RU-CU"]),
    ("Министр встретился с губернатором Курской области и главой Белгородской.",
     ["RU-KRS", "RU-BEL"]),
    ("Жители Курской области и улицы Тверской получат выплаты.", ["RU-KRS"]),
    ("Ситуация в Курской области хуже, чем в Белгородской.", ["RU-KRS", "RU-BEL"]),
    ("На первом месте Тульская область, на втором – Рязанская, на третьем – Калужская.",
     ["RU-TUL", "RU-RYA", "RU-KLU"]),
    ("Губернатор Тверской области встретился с жителями на улице Тверской.", ["RU-TVE"]),
    ("Глава Смоленской области и Андрей Смоленский открыли выставку.", ["RU-SMO"]),
    ("В Курской области, а также Белгородский и Российский университеты провели форум.",
     ["RU-KRS"]),
    ("Лимиты выросли в Еврейской АО и на Чукотке.", ["RU-YEV", "RU-CHU"]),
    # "регион" after the subject's own adjective ("московский" is Moscow's: ambiguous)
    ("В Смоленском регионе открыли школы, Тульский и Рязанский регионы подождут.",
     ["RU-SMO", "RU-TUL", "RU-RYA"]),
    ("В Московском и Приволжском регионах открыли школы.", []),
    ("Уроженцы Тверского края и Курской земли вернулись домой.", ["RU-TVE", "RU-KRS"]),
    ("Выставка «Еврейская земля» открылась в музее.", []),
    ("На Колыме, Ульяновщине и в Вятском крае открыли школы.", ["RU-MAG", "RU-ULY", "RU-KIR"]),
    # a subject named by its centre and generic noun
    ("Жители Омска и области, Москвы и области получат выплаты.",
     ["RU-OMS", "RU-MOW", "RU-MOS"]),
    ("В Красноярске и крае открыли школы.", ["RU-KYA"]),
    ("В Уфе и в республике открыли школы.", ["RU-BA"]),
    ("Успехи в Омске и области здравоохранения.", ["RU-OMS"]),  # an article about Omsk (issue 16)
    # annexed regions
    ("Выплаты получат жители Крыма, ДНР, ЛНР, Запорожской и Херсонской областей.",
     ["UA-43", "UA-14", "UA-09", "UA-23", "UA-65"]),
    # disambiguation
    ("Алтайский край и Республика Алтай заключили соглашение.", ["RU-ALT", "RU-AL"]),
    ("Москва и Московская область договорились о транспорте.", ["RU-MOW", "RU-MOS"]),
    ("Татарский язык будут изучать в школах Казани.", ["RU-TA"]),  # its town names the topic
    ("Мост построят в Курске и Пензе.", []),
    ("Министр Питер Данн подчеркнул важность реформы.", []),
    ("Пермяков заявил, что отставки не будет.", []),
    ("Игорь Алтаев возглавил комитет.", []),
    # a title that is also a first name governs the region's genitive, unlike a surname
    ("Раис Татарстана Рустам Минниханов прибыл в Уфу.", ["RU-TA"]),
    ("НАО «Северная верфь» погасило долги перед РСО.", []),
    ("Завод «Москвич» возобновил выпуск машин.", []),
    # a name quoted alone names a club, a train; a quoted phrase around it does not
    ("ФК «Кубань» обыграл «Алания», поезд «Татарстан» ушёл.", []),
    ("Проект «Кузбасс – территория здоровья» получил грант.", ["RU-KEM"]),
    ("Правительство Республики Беларусь и Минская область подписали меморандум.", []),
    ("В Южной Осетии прошли выборы.", []),
    ("Россия и РФ не являются регионами, как и Северный Кавказ.", []),
    ("Курский и Белгородский районы Москвы.", ["RU-MOW"]),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_forms(extractor, text, expected):
    assert codes(extractor, text) == expected


def test_mentions_are_exact_spans(extractor):
    text = "Глава\u00a0Чувашской Республики\u00a0– Чувашии встретился с вологжана\u00adми.\nЧувашия рада."
    regions = extractor(Document.from_text(text))
    by_code = {r.code: r for r in regions}
    assert [m.text for m in by_code["RU-CU"].mentions] == [
        "Чувашской Республики\u00a0– Чувашии", "Чувашия"]
    for region in regions:
        for m in region.mentions:
            assert text[m.start:m.end] == m.text
    assert by_code["RU-CU"].name == "Чувашская Республика – Чувашия"


def test_list_members_have_own_mentions(extractor):
    regions = extractor(Document.from_text("Лидируют Смоленская и Калужская области."))
    assert [(r.code, [m.text for m in r.mentions]) for r in regions] == [
        ("RU-SMO", ["Смоленская"]), ("RU-KLU", ["Калужская области"])]


PRIMARY = [
    # the title names it and nothing else competes
    ("Более 600 тысяч жителей Мордовии получили ключи от портала\n"
     "В республике продолжается регистрация на Госуслугах.", "RU-MO"),
    # an authority of the region, then more mentions; a passing federal city
    ("Губернатор заявил о новых дорогах\n"
     "Губернатор Пензенской области рассказал о ремонте трасс. Деньги на ремонт выделит Москва. "
     "В Пензенской области отремонтируют 40 км.", "RU-PNZ"),
    # a federal article mentioning one region in passing
    ("Министерство подвело итоги года\n"
     "Ведомство отчиталось о выполнении нацпроекта. Среди лучших отмечена Пензенская область.",
     None),
    # a list of regions: nobody dominates
    ("Лидеры рейтинга\nПервые места заняли Татарстан, Москва и Тюменская область.", None),
    # a regional release naming its region once, through the body that issued it
    ("Более 500 семей получили жилищные сертификаты\n"
     "В этом году сертификаты выданы 512 семьям. Средний размер выплаты составил 1,2 млн "
     "рублей.\nОб этом сообщили в министерстве социальной защиты населения Тверской области.",
     "RU-TVE"),
    ("Новые ФАПы откроются в 12 районах\nВ 2024 году в регионе построят 12 модульных ФАПов. "
     "«Новые ФАПы получат жители отдалённых сёл», – отметил министр здравоохранения "
     "Кировской области.", "RU-KIR"),
    # residents named once by their demonym: the release is theirs
    ("Выплаты получили более 2 тысяч семей\nСредства перечислены на счета получателей. "
     "Кузбассовцы могут подать заявление через Госуслуги.", "RU-KEM"),
    # a delegation visits Moscow and meets its mayor: Moscow does not dominate
    ("Ярославская делегация провела переговоры в Москве\nГубернатор провёл встречу с мэром "
     "Москвы. Москва поделится опытом.\n«Ярославцы ждут таких сервисов», – сказал он.", None),
    # a territorial body of a federal agency signs a release naming its region once
    ("Главное управление МЧС информирует\nЖителей края просят соблюдать осторожность. "
     "Ожидается сильный ветер.\nПресс-служба ГУ МЧС России по Хабаровскому краю", "RU-KHA"),
    # a federal title: a region named later is an example, one in the lead is the topic
    ("Минпросвещения России: в стране откроются 150 школ\nСтроительство идёт по нацпроекту. "
     "Например, в Тульской области откроются пять школ. «Туляки получат школы», – отметил "
     "губернатор Тульской области.", None),
    ("Минздрав России выделил средства на ремонт больниц\nСредства получит Тульская область. "
     "Губернатор Тульской области поблагодарил министра.", "RU-TUL"),
    ("На выставке «Россия» прошёл день региона\nДень провели на ВДНХ. Например, гости узнали "
     "о туризме. Губернатор Тульской области рассказал о Туле. Туляки пели.", "RU-TUL"),
    # a federal article naming the venue in passing
    ("Минцифры подвело итоги года\nСовещание прошло в Москве. Обсуждали цифровизацию.", None),
    # a federal article listing regions, one of them named again
    ("Правительство России выделило средства на ремонт школ\n"
     "Средства получат Курская, Белгородская и Брянская области, а также Республика Крым.\n"
     "Больше всего – 1,2 млрд рублей – получит Белгородская область.", None),
    # a regional article whose region also stands in a list
    ("Вологодская область вошла в тройку лидеров рейтинга\n"
     "Вологодская, Тюменская и Московская области возглавили рейтинг. "
     "Вологодская область набрала 90 баллов.", "RU-VLG"),
    # a dateline is where the agency wrote from
    ("МОСКВА, 5 марта 2024 года. Минцифры подвело итоги года.", None),
    # a headline in capitals is not a dateline
    ("МОРДОВИЯ ЛИДИРУЕТ ПО ЧИСЛУ ЗАЯВЛЕНИЙ\nВ республике подано 14 тысяч заявлений.", "RU-MO"),
    # two regions' heads sign an agreement: a bilateral article is about neither
    ("Татарстан и Башкортостан подписали соглашение\n"
     "Документ подписали Раис Татарстана Рустам Минниханов и Глава Башкортостана Радий "
     "Хабиров.\nТоварооборот между республиками вырос.", None),
    # a route is not what the article is about
    ("Открыт участок трассы Москва – Казань\n"
     "Движение по участку в Нижегородской области и Чувашии открыто.", None),
]


@pytest.mark.parametrize("text,expected", PRIMARY, ids=[p[0][:30] for p in PRIMARY])
def test_primary(extractor, text, expected):
    regions = extractor(Document.from_text(text))
    assert sum(r.primary for r in regions) <= 1
    assert next((r.code for r in regions if r.primary), None) == expected


def test_find_in_position_phrase(extractor):
    doc = Document.from_text("Глава Чувашии Олег Николаев и вологодский губернатор встретились.")
    head = doc.tokens[:2]
    assert [(code, m.text) for code, m in extractor.find(doc, head)] == [("RU-CU", "Чувашии")]
    assert extractor.region_code_in(doc, head) == "RU-CU"
    tail = doc.tokens[5:7]
    assert extractor.find(doc, tail) == []
    assert [code for code, _ in extractor.find(doc, tail, adjectives=True)] == ["RU-VLG"]


def test_gazetteer_covers_every_subject():
    canonical = {code: key for kind, code, key, _ in read_tsv("regions.tsv") if kind == "canonical"}
    assert len(canonical) == 89  # 83 ISO 3166-2:RU subjects + 6 UA-* codes
    assert sum(code.startswith("RU-") for code in canonical) == 83
    assert {c for c in canonical if c.startswith("UA-")} == {
        "UA-43", "UA-40", "UA-14", "UA-09", "UA-23", "UA-65"}
    assert canonical["RU-VLG"] == "Вологодская область"


def load_build_script():
    spec = importlib.util.spec_from_file_location("build_regions",
                                                  model_path("build_regions.py"))
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    return build


def inflect_name(variant: str, case: str, number: str) -> str:
    """The variant in another case: every word agrees, except the name standing in apposition
    after "республика" ("Республики Марий Эл")."""
    out, frozen = [], False
    for tok in razdel.tokenize(variant):
        word = tok.text
        parses = [p for p in morph.parse(word.lower())
                  if p.tag.POS in ("NOUN", "ADJF") and "nomn" in p.tag]
        form = parses[0].inflect({case, number}) if parses and not frozen else None
        text = form.word if form else word
        if parses and parses[0].normal_form == "республика":
            frozen = True
        out.append(morph.match_case(text, word) if word[:1].isalpha() else text)
    return " ".join(out).replace("( ", "(").replace(" )", ")")


def test_every_source_variant_matches_in_every_case(extractor):
    build = load_build_script()
    misses = []
    for region in build.read_source():
        variants = [(v, "sing") for column in ("name", "full", "short", "informal")
                    for v in build.split_list(region[column])]
        variants += [(v, n) for v in build.split_list(region["demonyms"])
                     for n in ("sing", "plur")]
        for variant, number in variants:
            for case in ("nomn", "gent", "datv", "accs", "ablt", "loct"):
                text = inflect_name(variant, case, number)
                found = codes(extractor, f"Сообщили, что {text} отмечены.")
                if found != [region["code"]]:
                    misses.append((region["code"], text, found))
    assert misses == []


def test_built_gazetteer_is_up_to_date():
    build = load_build_script()
    rows = {tuple(r) for r in build.build()}
    shipped = {r for r in read_tsv("regions.tsv")}
    assert rows == shipped, "run: .venv/bin/python models/build_regions.py"


def test_unparsable_words_next_to_names(extractor):
    """pymorphy3 gives no parse for characters without a Unicode name (Tangut)."""
    assert codes(extractor, "𗀀 Тверской области и 𗀀 Курской 𗀀.") == ["RU-TVE"]


def _region_cases():
    path = Path(__file__).parent / "data" / "regions_cases.tsv"
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip() and not line.startswith("#"):
            text, expected, primary = line.split("\t")
            yield pytest.param(text.replace("\\n", "\n"), [] if expected == "-" else expected.split(),
                               None if primary == "-" else primary, id=text[:40])


@pytest.mark.parametrize("text,expected,primary", list(_region_cases()))
def test_region_cases(extractor, text, expected, primary):
    """Issue 16's patterns (tests/data/regions_cases.tsv): the codes in order of first
    mention, the primary, and exact mention spans."""
    regions = extractor(Document.from_text(text))
    assert [r.code for r in regions] == expected
    assert next((r.code for r in regions if r.primary), None) == primary
    for region in regions:
        for m in region.mentions:
            assert text[m.start:m.end] == m.text
