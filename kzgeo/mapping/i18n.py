"""The words of the map, the PNG and the report in English, Russian and Kazakh.

Every user-facing string is declared once in :data:`STRINGS`: a key per string, its text in the
three languages (a test checks that none is missing). Placeholders are ``str.format`` fields.
Region names come from the bundled tables (``name_en``, ``name_ru``, ``name_kk``). The SEZ table
has English and Russian names only, so Kazakh pages show the Russian (official, bilingual) name
of a zone rather than a made-up translation.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Final

from kzgeo.settings import LANGUAGES, Language, options

if TYPE_CHECKING:
    from collections.abc import Mapping

    import pandas as pd

__all__ = [
    "LANGUAGES",
    "STRINGS",
    "Language",
    "check_language",
    "policy_name",
    "region_name",
    "sez_name",
    "text",
]

# key -> (English, Russian, Kazakh)
_TABLE: Final[dict[str, tuple[str, str, str]]] = {
    "title_default": (
        "Investment projects in Kazakhstan",
        "Инвестиционные проекты в Казахстане",
        "Қазақстандағы инвестициялық жобалар",
    ),
    "subtitle": (
        "{projects} projects, {sites} sites; allocation policy: {policy}",
        "проектов: {projects}, площадок: {sites}; распределение: {policy}",
        "жобалар: {projects}, алаңдар: {sites}; бөлу: {policy}",
    ),
    "policy_primary": ("primary", "основная площадка", "негізгі алаң"),
    "policy_equal": ("equal", "поровну", "тең бөлу"),
    "policy_weights": ("weights", "по весам", "салмақ бойынша"),
    "layer_investment": ("Investment", "Инвестиции", "Инвестициялар"),
    "layer_jobs": ("Jobs", "Рабочие места", "Жұмыс орындары"),
    "layer_sez": (
        "Special economic zones",
        "Специальные экономические зоны",
        "Арнайы экономикалық аймақтар",
    ),
    "layer_sites": ("Facilities", "Объекты", "Нысандар"),
    "layer_labels": ("Region labels", "Подписи регионов", "Өңір атаулары"),
    "unit_investment": (
        "bn KZT ({policy} allocation)",
        "млрд тенге (распределение: {policy})",
        "млрд теңге (бөлу: {policy})",
    ),
    "unit_jobs": (
        "new jobs ({policy} allocation)",
        "новых рабочих мест (распределение: {policy})",
        "жаңа жұмыс орны (бөлу: {policy})",
    ),
    "bn_kzt": ("{value} bn KZT", "{value} млрд тенге", "{value} млрд теңге"),
    "m_kzt": ("{value} M KZT", "{value} млн тенге", "{value} млн теңге"),
    "m_usd": ("US${value} M", "{value} млн долл. США", "{value} млн АҚШ долл."),
    "jobs_n": ("{value} jobs", "{value} раб. мест", "{value} жұмыс орны"),
    "no_project": ("no project", "нет проектов", "жоба жоқ"),
    "figure_not_given": (
        "projects, figure not given",
        "проекты без этой цифры",
        "жобалар бар, көрсеткіш берілмеген",
    ),
    "classes_note": (
        "{scheme} classes among regions with a project",
        "классы {scheme} среди регионов с проектами",
        "жобасы бар өңірлер арасындағы {scheme} кластары",
    ),
    "outline_estimated": (
        "heavy dashed outline: total rests partly on estimates",
        "жирный пунктир: сумма частично оценочная",
        "қалың үзік жиек: сома ішінара бағалау",
    ),
    "outline_derived": (
        "heavy dotted outline: total partly derived (computed)",
        "жирные точки: сумма частично вычислена",
        "қалың нүкте жиек: сома ішінара есептелген",
    ),
    "sez_approx": (
        "approximate shape (official area)",
        "примерный контур (официальная площадь)",
        "шамамен алынған шекара (ресми аудан)",
    ),
    "sez_nominal": (
        "location only (area not published)",
        "только местоположение (площадь не опубликована)",
        "тек орналасқан жері (аудан жарияланбаған)",
    ),
    "sites_unit": (
        "size: investment; colour: company",
        "размер: инвестиции; цвет: компания",
        "өлшемі: инвестиция; түсі: компания",
    ),
    "marker_reported": (
        "filled: investment reported",
        "заливка: инвестиции по данным источника",
        "толық: инвестиция дереккөз бойынша",
    ),
    "marker_estimated": (
        "hollow ring: investment estimated",
        "кольцо: инвестиции оценочные",
        "сақина: инвестиция бағаланған",
    ),
    "marker_derived": (
        "dashed edge: investment derived",
        "пунктирный край: инвестиции вычислены",
        "үзік жиек: инвестиция есептелген",
    ),
    "marker_zero": (
        "small grey: 0 % of its project counted here",
        "маленький серый: здесь учтено 0 % проекта",
        "кішкене сұр: мұнда жобаның 0 %-ы есептелген",
    ),
    "sites_unit_stage": (
        "size: investment; colour: stage",
        "размер: инвестиции; цвет: стадия",
        "өлшемі: инвестиция; түсі: кезеңі",
    ),
    "colour_by_stage": (
        "{n} companies: coloured by the project's stage",
        "{n} компаний: цвет по стадии проекта",
        "{n} компания: түсі жоба кезеңі бойынша",
    ),
    "more_companies": (
        "+{n} more companies (colours repeat)",
        "ещё {n} компаний (цвета повторяются)",
        "тағы {n} компания (түстер қайталанады)",
    ),
    "dots_note": (
        "{n} facilities drawn as dots; click one for its card",
        "{n} объектов показаны точками; нажмите на точку",
        "{n} нысан нүкте ретінде; картаны ашу үшін басыңыз",
    ),
    "cities_title": (
        "Cities of republican significance",
        "Города республиканского значения",
        "Республикалық маңызы бар қалалар",
    ),
    "cities_note": (
        "circle area in proportion to the value",
        "площадь круга пропорциональна значению",
        "шеңбер ауданы мәнге пропорционал",
    ),
    "legend": ("Legend", "Легенда", "Шартты белгілер"),
    "details": ("Technical detail", "Технические подробности", "Техникалық мәліметтер"),
    # cards
    "projects": ("Projects", "Проекты", "Жобалар"),
    "investment": ("Investment", "Инвестиции", "Инвестиция"),
    "investment_usd": ("Investment (USD)", "Инвестиции (долл. США)", "Инвестиция (АҚШ долл.)"),
    "jobs": ("Jobs", "Рабочие места", "Жұмыс орындары"),
    "sector": ("Sector", "Отрасль", "Сала"),
    "stage": ("Stage", "Стадия", "Кезеңі"),
    "year": ("Year", "Год", "Жылы"),
    "unclassified": ("not classified", "не классифицировано", "жіктелмеген"),
    "stage_announced": ("announced", "объявлен", "жарияланды"),
    "stage_approved": ("approved", "одобрен", "мақұлданды"),
    "stage_under_construction": ("under construction", "строится", "салынуда"),
    "stage_launched": ("launched", "запущен", "іске қосылды"),
    "stage_suspended": ("suspended", "приостановлен", "тоқтатылды"),
    "stage_cancelled": ("cancelled", "отменён", "күші жойылды"),
    "stage_unknown": ("stage not stated", "стадия не указана", "кезеңі көрсетілмеген"),
    "projects_sites": ("Projects / sites", "Проекты / площадки", "Жобалар / алаңдар"),
    "share_national": ("Share of national", "Доля в стране", "Елдегі үлесі"),
    "share_value": (
        "{inv} % of investment, {jobs} % of jobs",
        "{inv} % инвестиций, {jobs} % рабочих мест",
        "инвестицияның {inv} %, жұмыс орындарының {jobs} %",
    ),
    "per_100k": (
        "{value} per 100k people",
        "{value} на 100 тыс. жителей",
        "100 мың адамға {value}",
    ),
    "rests_on": ("Made of", "Состав", "Құрамы"),
    "all_reported": ("all as reported", "всё по данным источников", "бәрі дереккөз бойынша"),
    "parts": (
        "{reported} reported, {derived} derived, {estimated} estimated",
        "{reported} по источникам, {derived} вычислено, {estimated} оценка",
        "{reported} дереккөз бойынша, {derived} есептелген, {estimated} бағалау",
    ),
    "range": ("Range", "Диапазон", "Ауқымы"),
    "range_value": (
        "{low} to {high} over allocation policies",
        "от {low} до {high} при разных правилах распределения",
        "бөлу ережелеріне қарай {low} – {high}",
    ),
    "region_note": (
        (
            "Allocation policy: {policy}. USD at {rate} KZT/USD ({date}). Population "
            "1 Jan 2026: {population}."
        ),
        (
            "Распределение: {policy}. Доллар по {rate} тенге ({date}). Население на "
            "1 янв. 2026: {population}."
        ),
        "Бөлу: {policy}. Доллар {rate} теңге ({date}). Халқы 2026 ж. 1 қаңтарға: {population}.",
    ),
    "not_found": ("not found", "не найдено", "табылмады"),
    "not_given": ("not given", "не указано", "берілмеген"),
    "zone": ("Zone", "Зона", "Аймақ"),
    "region": ("Region", "Регион", "Өңір"),
    "legal_act": ("Legal act", "Правовой акт", "Құқықтық акт"),
    "act_date": ("Act date", "Дата акта", "Акт күні"),
    "valid_to": ("Valid to", "Действует до", "Мерзімі"),
    "official_area": ("Official area", "Официальная площадь", "Ресми аудан"),
    "hectares": ("{value} ha", "{value} га", "{value} га"),
    "specialisation": ("Specialisation", "Специализация", "Мамандануы"),
    "investment_here": ("Investment here", "Инвестиции здесь", "Мұндағы инвестиция"),
    "no_project_register": (
        "no project in this register",
        "в этом реестре проектов нет",
        "бұл тізілімде жоба жоқ",
    ),
    "source": ("Source", "Источник", "Дереккөз"),
    "source_of": ("Source: {name}", "Источник: {name}", "Дереккөз: {name}"),
    "shape": ("Shape: {text}", "Контур: {text}", "Шекарасы: {text}"),
    "site": ("Site", "Площадка", "Алаң"),
    "partners": ("Partners", "Партнёры", "Серіктестер"),
    "location": ("Location", "Местоположение", "Орналасқан жері"),
    "precision": ("Precision", "Точность", "Дәлдігі"),
    "flag_reported": ("reported", "по данным источника", "дереккөз бойынша"),
    "flag_estimated": ("estimated", "оценка", "бағалау"),
    "flag_derived": ("derived", "вычислено", "есептелген"),
    "derived_usd": (
        "derived from the tenge figure at {rate} KZT/USD",
        "вычислено из суммы в тенге по курсу {rate}",
        "теңгедегі сомадан {rate} бағамымен есептелген",
    ),
    "derived_kzt": (
        "derived from the dollar figure at {rate} KZT/USD",
        "вычислено из суммы в долларах по курсу {rate}",
        "доллардағы сомадан {rate} бағамымен есептелген",
    ),
    "about": ("about {value}", "около {value}", "шамамен {value}"),
    "at_least": ("at least {value}", "не менее {value}", "кемінде {value}"),
    "more_than": ("more than {value}", "более {value}", "{value}-дан астам"),
    "up_to": ("up to {value}", "до {value}", "{value}-ға дейін"),
    "almost": ("almost {value}", "почти {value}", "{value}-ға жуық"),
    "this_site": (
        "this site: {value} ({share} % of the project)",
        "эта площадка: {value} ({share} % проекта)",
        "осы алаң: {value} (жобаның {share} %-ы)",
    ),
    "zero_share": (
        "0 % of the project under policy {policy}",
        "0 % проекта при распределении {policy}",
        "{policy} бөлуі бойынша жобаның 0 %-ы",
    ),
    "whole_project": (
        "the whole project: {value}, counted at its other site(s)",
        "весь проект: {value}, учтён на другой площадке",
        "бүкіл жоба: {value}, басқа алаңда есептелген",
    ),
    "located_in": ("{place}, {region}", "{place}, {region}", "{place}, {region}"),
    "in_sez": ("in SEZ {name}", "в СЭЗ {name}", "{name} АЭА-да"),
    "how_found": ("How it was placed", "Как найдено", "Қалай табылды"),
    "method": ("Method", "Метод", "Әдіс"),
    "status": ("Status", "Статус", "Күйі"),
    "location_source": ("Location source", "Источник местоположения", "Орналасу дереккөзі"),
    "codes": ("Codes", "Коды", "Кодтар"),
    "figure_basis": ("{figure} basis", "{figure}: основа", "{figure}: негізі"),
    "zero_tip": ("0 % (policy {policy})", "0 % (распределение {policy})", "0 % ({policy} бөлуі)"),
    "precision_1": (
        "exact point (coordinates)",
        "точная точка (координаты)",
        "нақты нүкте (координаттар)",
    ),
    "precision_2": ("within about 25 km", "в пределах около 25 км", "шамамен 25 км ішінде"),
    "precision_3": ("district (second-order unit)", "район", "аудан"),
    "precision_4": ("region (first-order unit)", "область или город", "облыс немесе қала"),
    "precision_5": (
        "somewhere in an area wider than 25 km",
        "где-то в зоне шире 25 км",
        "25 км-ден кең аймақтың бір жерінде",
    ),
    "precision_6": ("country only", "только страна", "тек ел"),
    "precision_8": ("unknown", "неизвестно", "белгісіз"),
    # PNG
    "png_title": (
        "{title}: investment by region",
        "{title}: инвестиции по регионам",
        "{title}: өңірлер бойынша инвестиция",
    ),
    "png_figure_title": (
        "{name} by region ({unit})",
        "{name} по регионам ({unit})",
        "Өңірлер бойынша: {name} ({unit})",
    ),
    "png_sites": ("facility", "объект", "нысан"),
    "png_cities": (
        "city of republican significance (area ∝ value)",
        "город респ. значения (площадь ∝ значению)",
        "республикалық маңызы бар қала (аудан ∝ мән)",
    ),
    "png_sez": (
        "special economic zone",
        "специальная экономическая зона",
        "арнайы экономикалық аймақ",
    ),
    "png_projection": (
        "Albers equal-area conic (43° N, 53° N)",
        "Равновеликая коническая Альберса (43°, 53° с. ш.)",
        "Альберстің тең аудандық конустық проекциясы (43°, 53° с. е.)",
    ),
    "km": ("km", "км", "км"),
    # report
    "report_heading": ("Report", "Отчёт", "Есеп"),
    "report_chart": (
        "Investment by region: reported, derived and estimated parts",
        "Инвестиции по регионам: данные источников, вычисленные и оценочные",
        "Өңірлер бойынша инвестиция: дереккөз, есептелген және бағалау бөліктері",
    ),
    "report_reconciliation": ("Do the parts add up?", "Сходятся ли суммы?", "Сомалар сәйкес пе?"),
    "report_sites": ("Sites", "Площадки", "Алаңдар"),
    "report_sources": ("Sources", "Источники", "Дереккөздер"),
    "report_map": ("Map", "Карта", "Карта"),
    "report_company": ("Company", "Компания", "Компания"),
    "report_share": ("Share counted here", "Учтённая доля", "Есептелген үлес"),
    "report_publisher": ("Publisher", "Издатель", "Баспагер"),
    "report_agrees": ("agrees", "сходится", "сәйкес"),
    "report_disagrees": ("does not add up", "не сходится", "сәйкес емес"),
    "report_lower_bound": ("a lower bound only", "только нижняя граница", "тек төменгі шек"),
    "report_incomplete": ("incomplete", "неполно", "толық емес"),
    "report_stated": (
        "The source states {stated}; the register's parts sum to {parts}: {status}.",
        "Источник называет {stated}; сумма по реестру {parts}: {status}.",
        "Дереккөз {stated} дейді; тізілім бойынша сома {parts}: {status}.",
    ),
    "report_policy": (
        (
            "Figures of multi-site projects are counted under policy {policy}; USD "
            "figures not given by a source are derived at {rate} KZT/USD ({date})."
        ),
        (
            "Цифры проектов с несколькими площадками распределены по правилу {policy}; "
            "недостающие суммы в долларах вычислены по курсу {rate} тенге ({date})."
        ),
        (
            "Бірнеше алаңы бар жобалар {policy} ережесімен бөлінген; долларда берілмеген "
            "сомалар {rate} теңге бағамымен ({date}) есептелген."
        ),
    ),
    # several registers in one build (kzgeo.register.combine)
    "report_registers": (
        "Registers in this build",
        "Реестры в этой сборке",
        "Осы жинақтағы тізілімдер",
    ),
    "report_register": ("Register", "Реестр", "Тізілім"),
    "report_rate_used": ("KZT/USD rate used", "Курс тенге к доллару", "Теңгенің долларға бағамы"),
    "report_left_out": (
        "Left out of the combined totals",
        "Не вошло в общие итоги",
        "Жалпы қорытындыға кірмеді",
    ),
    "report_duplicates": (
        "The same project in two registers",
        "Один и тот же проект в двух реестрах",
        "Екі тізілімдегі бір жоба",
    ),
    "report_no_duplicates": (
        "No project was found in two registers.",
        "Ни один проект не найден в двух реестрах.",
        "Екі тізілімде кездесетін жоба табылмады.",
    ),
    "report_match_duplicate": ("duplicate", "дубликат", "қайталама"),
    "report_match_possible": ("possible duplicate", "возможный дубликат", "ықтимал қайталама"),
    "report_action_left_out": (
        "the second copy is left out of the combined totals",
        "вторая копия не учтена в общих итогах",
        "екінші көшірме жалпы қорытындыға кірмеді",
    ),
    "report_action_kept": (
        "both copies are counted (--keep-duplicates)",
        "учтены обе копии (--keep-duplicates)",
        "екі көшірме де есептелді (--keep-duplicates)",
    ),
    "report_action_check": (
        "both are counted; check whether they are one project",
        "учтены оба; проверьте, один ли это проект",
        "екеуі де есептелді; бір жоба ма, тексеріңіз",
    ),
    "report_rates_per_register": (
        "USD figures not given by a source are derived at each register's own rate.",
        "Недостающие суммы в долларах вычислены по курсу каждого реестра.",
        "Долларда берілмеген сомалар әр тізілімнің өз бағамымен есептелген.",
    ),
    "report_generated": (
        "Made with kzgeo from the register's own files; every figure links to its source below.",
        "Сделано kzgeo по файлам реестра; источники каждой цифры перечислены ниже.",
        "kzgeo тізілім файлдарынан жасады; әр көрсеткіштің дереккөзі төменде.",
    ),
    # the web map's filter panel (kzgeo.mapping.filters)
    "filter_title": ("Filter", "Фильтр", "Сүзгі"),
    "filter_sector": ("Sector", "Отрасль", "Сала"),
    "filter_stage": ("Stage", "Стадия", "Кезең"),
    "filter_year": ("Year", "Год", "Жыл"),
    "filter_from": ("from", "от", "бастап"),
    "filter_to": ("to", "до", "дейін"),
    "filter_clear": ("Clear", "Сбросить", "Тазарту"),
    "filter_any": (
        # a standing hint, shown while boxes are ticked too: it must not read as a status
        "a group with nothing ticked keeps all",
        "группа без отметок учитывается целиком",
        "белгі қойылмаған топ толық есептеледі",
    ),
    "filter_unclassified": (
        "unclassified (no OKED code)",
        "не классифицировано (нет кода ОКЭД)",
        "жіктелмеген (ЭҚЖЖ коды жоқ)",
    ),
    "filter_stage_unknown": ("unknown", "неизвестна", "белгісіз"),
    "filter_active": (
        "Filter on: {n} of the {m} projects on the map kept",
        "Фильтр: оставлено {n} из {m} проектов на карте",
        "Сүзгі: картадағы {m} жобаның {n} қалды",
    ),
    "filter_card_note": (
        "Filter on: totals of {n} of the {m} projects here",
        "Фильтр: итоги {n} из {m} проектов региона",
        "Сүзгі: өңірдегі {m} жобаның {n} жиынтығы",
    ),
    "filter_none_here": (
        "no project here is kept by the filter",
        "ни один проект региона не проходит фильтр",
        "өңірдегі бірде-бір жоба сүзгіден өтпеді",
    ),
    "filter_no_year": (
        "left out while the years are narrowed, having no year: {n}",
        "не учитываются, пока сужен диапазон лет, проекты без года: {n}",
        "жыл аралығы тарылғанда есепке алынбайтын, жылы жоқ жобалар: {n}",
    ),
}

STRINGS: Final[dict[str, dict[Language, str]]] = {
    key: dict(zip(LANGUAGES, texts, strict=True)) for key, texts in _TABLE.items()
}


def check_language(value: object = None) -> Language:
    """Return ``value`` (default ``kzgeo.options.language``) as a language code, or raise.

    Parameters
    ----------
    value
        A language code; None (default) reads ``kzgeo.options.language``.

    Returns
    -------
    Language
        The code, one of :data:`LANGUAGES`.

    Raises
    ------
    ValueError
        When the code is not one of :data:`LANGUAGES`; the message names the value.

    Examples
    --------
    >>> check_language("kk")
    'kk'
    """
    if value is None:
        value = options.language
    if value not in LANGUAGES:
        raise ValueError(f"must be one of {LANGUAGES}, got {value!r}")
    return value


def text(key: str, lang: Language | None = None, **fields: object) -> str:
    """Return UI string ``key`` in ``lang`` (default ``kzgeo.options.language``), filled in.

    Parameters
    ----------
    key
        A key of :data:`STRINGS`, such as ``"bn_kzt"``.
    lang
        ``"en"``, ``"ru"`` or ``"kk"``; None (default) reads ``kzgeo.options.language``.
    **fields
        Values for the string's ``{placeholders}``; none leaves the string as it is.

    Returns
    -------
    str
        The string in that language with the fields filled in.

    Raises
    ------
    KeyError
        When ``key`` is not a UI string (or a placeholder is not given).
    ValueError
        When ``lang`` is not a language kzgeo has.

    Examples
    --------
    >>> text("bn_kzt", "ru", value="97.7")
    '97.7 млрд тенге'
    """
    words = STRINGS[key][check_language(lang)]
    return words.format(**fields) if fields else words


def policy_name(policy: str, lang: Language | None = None) -> str:
    """Return an allocation policy's name in ``lang`` (the code itself when unknown).

    Parameters
    ----------
    policy
        An allocation policy code, such as ``"equal"``.
    lang
        ``"en"``, ``"ru"`` or ``"kk"``; None (default) reads ``kzgeo.options.language``.

    Returns
    -------
    str
        The policy's name for a reader; ``policy`` itself when kzgeo has no name for it.

    Examples
    --------
    >>> policy_name("equal", "ru")
    'поровну'
    """
    key = f"policy_{policy}"
    return text(key, lang) if key in STRINGS else policy


def _plain(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def region_name(row: Mapping[str, Any] | pd.Series[Any], lang: Language = "en") -> str:
    """Return a region's name in ``lang`` (bundled tables), else its English or own name.

    Parameters
    ----------
    row
        A row of a region layer, with ``name_<lang>``, ``name_en`` or ``name`` columns.
    lang
        ``"en"``, ``"ru"`` or ``"kk"`` (default ``"en"``).

    Returns
    -------
    str
        The first non-empty of ``name_<lang>``, ``name_en`` and ``name``; ``""`` when all are
        missing.

    Examples
    --------
    >>> region_name({"name_en": "Almaty", "name_kk": "Алматы"}, "kk")
    'Алматы'
    """
    for column in (f"name_{lang}", "name_en", "name"):
        name = _plain(row.get(column))
        if name:
            return name
    return ""


def sez_name(row: Mapping[str, Any] | pd.Series[Any], lang: Language = "en") -> str:
    """Return an SEZ's name: English for ``en``, the Russian (official) name otherwise.

    Parameters
    ----------
    row
        A row of an SEZ layer, with ``name_en`` and ``name_ru``.
    lang
        ``"en"``, ``"ru"`` or ``"kk"`` (default ``"en"``).

    Returns
    -------
    str
        The name in that order of preference, the other one when it is missing; ``""`` when
        both are.

    Examples
    --------
    >>> sez_name({"name_en": "Astana - New City", "name_ru": "Астана - новый город"}, "kk")
    'Астана - новый город'
    """
    order = ("name_en", "name_ru") if lang == "en" else ("name_ru", "name_en")
    for column in order:
        name = _plain(row.get(column))
        if name:
            return name
    return ""


def number(value: float, digits: int = 1) -> str:
    """Format a number with grouping commas and ``digits`` decimals (``1,234.5``).

    Parameters
    ----------
    value
        Any int or float (an investment in billions, a count of jobs).
    digits
        Decimals to show (default 1).

    Returns
    -------
    str
        The number rounded to ``digits`` decimals, with commas between thousands.

    Examples
    --------
    >>> number(1234.56)
    '1,234.6'
    """
    return f"{value:,.{digits}f}"
