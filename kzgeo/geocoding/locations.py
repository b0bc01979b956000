"""From a parsed location phrase to the texts the geocoder matches, one per structured field.

:func:`kzgeo.geocoding.phrase.parse_location` says which words name what; a :class:`Reader`
chooses, for each part, the first of its forms the gazetteer knows for that kind and writes it
as the gazetteer does ("Глубоковского района" -> "Глубоковский район"), so the structured
matcher then sees a dictionary form. A part with no marker ("Semey" in "East Kazakhstan region,
Semey") is given the finest kind it names exactly. What is left over (a name that is nothing in
the gazetteer, a second settlement) is reported, with the words, in :attr:`Reading.notes`, and
makes the row ``review``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, Literal

from kzgeo.geocoding.morphology import KAZAKH_LETTERS, RUSSIAN_ONLY
from kzgeo.geocoding.names import fold_word, name_key
from kzgeo.geocoding.phrase import (
    Part,
    Phrase,
    canonical,
    dashed_names,
    name_forms,
    parse_location,
    word_variants,
)

if TYPE_CHECKING:
    from kzgeo.geocoding.gazetteer import Gazetteer

FIELDS: Final = ("sez", "settlement", "district", "region", "country")
# the gazetteer kind a role is matched against
_KIND: Final = {"sez": "sez", "zone": "zone", "deposit": "deposit", "settlement": "place",
                "district": "district", "region": "region"}  # fmt: skip
# a bare name: the finest kind it names exactly, in this order; after a settlement, coarse first
# a bare name is first a settlement (what texts name most), then an SEZ, a region (a bare
# region name is common: "в Жетісу"), and a district last (texts add "district" to those)
_FIRST_BARE: Final = ("place", "sez", "region", "district")
_ROLE_OF: Final = {"place": "settlement", "sez": "sez", "district": "district", "region": "region"}


SettlementHow = Literal["bare", "city", "village", "column", "okrug"]
"""How a row names its settlement: a bare name, with a town marker ("г.", "қаласы"), with a
village marker ("с.", "ауылы", "village"), in a ``settlement`` column, or only as the name of
a rural okrug ("сельский округ Карасу" and nothing else: an okrug is mostly named after a village
in it, but the name alone does not say which of the villages so called it is).

A marked or column settlement is a settlement for sure; a bare name may be anything the
geocoder does not know ("Жайремского горно-обогатительного"). A village marker says the place
is not the city of that name (see :func:`kzgeo.geocoding.nesting.dominant_city`).
"""
_CITY_MARKERS: Final = frozenset(
    fold_word(w)
    for w in "г гор город city town қала қаласы qala qalasy kalasy моногород мегаполис".split()  # noqa: SIM905
)

# a Russian place adjective, in Cyrillic or Latin letters ("Павлодарском", "Kostanaisky"): alone,
# without "район" or "область", it may be either ("Алматинский" is also a district of Astana)
_ADJECTIVE: Final = re.compile(
    r"(?:ск|цк|sk|tsk)(?:ий|ой|ая|ое|ого|ому|ом|ую|ие|их|ым|ыми|ей|iy|ii|y|oy|oi|aya|aia|oe"
    r"|ogo|om)$",
    re.IGNORECASE,
)
# what the parts of a phrase give: fields, zone, deposit, notes, words not understood, how
_Core = tuple[
    dict[str, str], str | None, str | None, tuple[str, ...], tuple[str, ...], SettlementHow
]
# works at a deposit: "Жайремский ГОК", "the Aktogay Mining and Processing Plant"; with one the
# name beside it may be the deposit's ("Жайремского горно-обогатительного комбината")
_WORKS: Final = (
    frozenset({fold_word("горно-обогатительный")}),
    frozenset({fold_word("гок")}),
    frozenset({fold_word("mining"), fold_word("processing")}),
)


def settlement_how(part: Part) -> SettlementHow:
    """Return how a settlement part is named: bare, by a town marker or by a village marker.

    Parameters
    ----------
    part
        A settlement part of :func:`~kzgeo.geocoding.phrase.parse_location`'s phrase.

    Returns
    -------
    SettlementHow
        ``"bare"`` when the part has no marker, ``"city"`` for a town marker ("г.",
        "қаласы", "city"), else ``"village"``; never ``"column"`` (that is the reader's).

    Examples
    --------
    >>> [settlement_how(p) for p in parse_location("с. Акши, г. Алматы, Semey").parts]
    ['village', 'city', 'bare']
    """
    if not part.marker:
        return "bare"
    return "city" if set(canonical(part.marker)) & _CITY_MARKERS else "village"


@dataclass(frozen=True, slots=True)
class Reading:
    """A location phrase as structured fields, with what was not used.

    Attributes
    ----------
    fields
        ``sez``, ``settlement``, ``district``, ``region``, ``country``: the text to match
        (a gazetteer form where one matched exactly, else the words as written); ``""`` when
        the phrase names none.
    zone
        ``None`` when the phrase names no industrial zone; else the zone's own name (``""``
        when only its town names it: "индустриальная зона города Актобе").
    deposit
        ``None`` when the phrase names no deposit or field; else its name (the gazetteer's text
        where a form of it is a deposit's exact name, else the words as written; ``""`` for a
        deposit word with no name: "на месторождении").
    notes
        What was read and what was not used, for ``geocode_note``.
    review
        True when some words were not understood (the row cannot be ``ok``).
    near
        The phrase says "near X".
    unused
        The words not understood.
    settlement_how
        How the settlement was named (see :data:`SettlementHow`).
    """

    fields: dict[str, str]
    zone: str | None = None
    deposit: str | None = None
    notes: tuple[str, ...] = ()
    review: bool = False
    near: bool = False
    unused: tuple[str, ...] = field(default_factory=tuple)
    settlement_how: SettlementHow = "bare"


def _described(phrase: Phrase) -> list[str]:
    notes = []
    if phrase.finer:
        notes.append(
            "finer than kzgeo's places, not used: " + "; ".join(repr(f) for f in phrase.finer)
        )
    if phrase.other:
        notes.append("not a place, not used: " + "; ".join(repr(o) for o in phrase.other))
    if phrase.distance_km is not None:
        notes.append(f"the location is {phrase.distance_km:g} km from the place named")
    return notes


def _russian_of(part: Part) -> bool:
    """Tell whether a Russian marker precedes the name ("промышленная зона Актау")."""
    marker = part.marker.lower()
    return (
        bool(marker)
        and part.text.startswith(part.marker)
        and RUSSIAN_ONLY.search(marker) is not None
        and KAZAKH_LETTERS.search(marker) is None
    )


def _adjective_alone(part: Part) -> list[str]:
    """Return a review note for a bare place adjective ("на Павлодарском"), else nothing."""
    if part.role != "bare" or not _ADJECTIVE.search(part.name):
        return []
    note = f"review: {part.name!r} is a place adjective without its noun: a district or a region"
    return [f"{note} of that name may be meant"]


class Reader:
    """Reads location phrases against one gazetteer, each distinct phrase once.

    Parameters
    ----------
    gazetteer
        The names the parts of a phrase are looked up in.
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        """Keep the gazetteer; readings are cached per phrase."""
        self.gaz = gazetteer
        self._cache: dict[str, Reading] = {}
        self._parts: dict[tuple[tuple[Part, ...], bool], _Core] = {}
        self._whole = dashed_names(str(text) for text in gazetteer.names.text)

    def read(self, text: str) -> Reading:
        """Return the reading of one phrase (cached).

        Parameters
        ----------
        text
            A free-text location as written in a register.

        Returns
        -------
        Reading
            The structured fields to match, with notes and the words not understood.

        Examples
        --------
        >>> from kzgeo.geocoding import Gazetteer
        >>> r = Reader(Gazetteer.default()).read("г. Талдыкорган, Алматинской области")
        >>> r.fields["settlement"], r.fields["region"]
        ('Taldykorgan', 'Алматинская область region')
        """
        found = self._cache.get(text)
        if found is None:
            found = self._read(parse_location(text, whole=self._whole))
            self._cache[text] = found
        return found

    def _read(self, phrase: Phrase) -> Reading:
        works = _names_works(phrase.other)
        core = self._parts.get((phrase.parts, works))
        if core is None:  # phrases differ in house numbers more than in places: share
            core = self._read_parts(phrase.parts, works=works)
            self._parts[phrase.parts, works] = core
        fields, zone, deposit, core_notes, core_unused, how = core
        unused = [*phrase.unused, *core_unused]
        notes = [*core_notes, *_described(phrase)]
        if unused:
            notes.append("words not understood: " + "; ".join(repr(u) for u in unused))
        far = phrase.distance_km is not None and phrase.distance_km > 25.0
        if phrase.route:
            notes.append("review: the site is along a road; the places named only bound it")
        review = any(n.startswith("review: ") for n in core_notes)
        doubt = bool(unused) or far or phrase.route or review
        return Reading(
            dict(fields), zone, deposit, tuple(notes), doubt, phrase.near, tuple(unused), how
        )

    def _read_parts(self, parts: tuple[Part, ...], *, works: bool = False) -> _Core:
        fields = dict.fromkeys(FIELDS, "")
        notes: list[str] = []
        unused: list[str] = []
        zone: str | None = None
        deposit: str | None = None
        how: SettlementHow = "bare"
        sez_unnamed = False
        # marked parts first, so a bare name is read in their light; known names before
        # unknown words, which must not take the settlement's place ("the plant in Saran")
        # a zone last: the settlement the phrase names says where an unlisted zone is
        ordered = sorted(
            parts,
            key=lambda p: (
                p.role == "bare",
                p.role == "bare" and not self._any(p),
                p.role == "zone",
            ),
        )
        okrugs = [p for p in parts if p.role == "okrug"]
        for whole in ordered:
            if whole.role == "okrug":
                continue
            part, rest = self._known_run(whole)
            unused += rest
            role = self._role(part, fields)
            if works and part.role == "bare" and self._known(part.forms, ("deposit",)):
                role = "deposit"  # "the Aktogay Mining and Processing Plant": the deposit's
            if role is None:
                unused.append(part.name)
            elif role == "zone":
                zone = self._zone(part, fields)
            elif role == "deposit":
                deposit = self._text(part, "deposit") if part.name else ""
            elif role == "sez" and (not part.name or self._is_town(part, "sez")):
                # "Кентаудағы арнайы экономикалық аймақ": the SEZ in Kentau, not one so named
                sez_unnamed = True
                if part.name and not fields["settlement"]:
                    fields["settlement"] = self._text(part, "place")
            else:
                if role == "settlement" and not fields["settlement"]:
                    how = settlement_how(part)
                notes += _adjective_alone(part)
                self._put(role, part, fields, notes, unused)
        if sez_unnamed and not fields["sez"]:
            notes.append("an SEZ is named without its name: placed by the rest of the location")
        placed = zone is not None or bool(deposit)
        if okrugs and self._okrug(okrugs, fields, notes, unused, placed=placed):
            how = "okrug"
        return fields, zone, deposit, tuple(notes), tuple(unused), how

    def _okrug(
        self,
        okrugs: list[Part],
        fields: dict[str, str],
        notes: list[str],
        unused: list[str],
        *,
        placed: bool,
    ) -> bool:
        """Note the rural okrugs; read the first as a settlement when nothing else places the row.

        An okrug is finer than a district and is not in kzgeo's gazetteer: beside a district
        or a region it only narrows them. Alone, its name is the one clue: it is matched as a
        settlement (okrugs are named after their villages), never as surely one of them.
        """
        named = "; ".join(repr(p.text) for p in okrugs)
        if placed or any(fields[f] for f in ("sez", "settlement", "district", "region")):
            notes.append(f"rural okrug {named}: finer than kzgeo's places, not used")
            return False
        first, *rest = okrugs
        fields["settlement"] = self._text(first, "place")
        notes.append(f"only a rural okrug names the place: {first.text!r}, read as a village")
        for other in rest:
            notes.append(f"second rural okrug {other.text!r} not used")
            unused.append(other.name)
        return True

    def _put(
        self, role: str, part: Part, fields: dict[str, str], notes: list[str], unused: list[str]
    ) -> None:
        if role == "country":
            # "в Казахстане", "Қазақстанда": the country as the gazetteer writes it
            forms = [f for f in canonical(part.text) if self.gaz.exact("country", f)]
            text = (self.gaz.text_of("country", forms[0]) or part.text) if forms else part.text
            if fields["country"]:  # "Республика Казахстан": every country word is Kazakhstan's
                if not forms or fields["country"] == part.text:
                    return
                fields["country"] = text
                return
        else:
            kind = _KIND[role]
            # English "Kordai region" often means a district
            if (
                role == "region"
                and not self._known(part.forms, ("region",))
                and self._known(part.forms, ("district",))
            ):
                role, kind = "district", "district"
            text = self._text(part, kind)
            if role == "region" and part.role != "bare":
                text = f"{text} region"  # the marker said region: "Almaty" is not the city here
        if fields[role] and fields[role] != text:
            notes.append(f"second {role} {part.text!r} not used")
            unused.append(part.name)
            return
        fields[role] = text

    def _is_town(self, part: Part, kind: str) -> bool:
        """Tell whether a name marked as a zone is no zone of that kind but a settlement."""
        return not self._known(part.forms, (kind,)) and self._known(part.forms, ("place",))

    def _any(self, part: Part) -> bool:
        return self._known(part.forms, _FIRST_BARE)

    def _known_run(self, part: Part) -> tuple[Part, list[str]]:
        """Return the longest known run of words of a name nothing knows whole, and the rest.

        "blah Almaty" -> "Almaty" and the words ``["blah"]``, reported as not understood.
        """
        words = part.name.split()
        kinds = _FIRST_BARE if part.role == "bare" else (_KIND.get(part.role, ""),)
        if len(words) < 2 or self._known(part.forms, kinds):
            return part, []
        for size in range(len(words) - 1, 0, -1):
            for start in range(len(words) - size + 1):
                run = words[start : start + size]
                forms = name_forms(run)
                if self._known(forms, kinds):
                    name = " ".join(run)
                    text = part.text.replace(part.name, name)
                    known = Part(part.role, text, name, forms, marker=part.marker)
                    return known, words[:start] + words[start + size :]
        return part, []

    def _known(self, forms: tuple[str, ...], kinds: tuple[str, ...]) -> bool:
        return any(self.gaz.exact(kind, f) for kind in kinds for f in forms)

    def _role(self, part: Part, fields: dict[str, str]) -> str | None:
        """Return what a part is: its marker says, or, for a bare name, the gazetteer.

        A bare name known as several kinds takes the first of :data:`_FIRST_BARE` not yet
        given whose regions agree with the parts already read ("Kerbulak district, Jetisu":
        Jetisu Region, not Almaty's Zhetysu district).
        """
        if part.role != "bare":
            return part.role
        hits = {
            kind: regions
            for kind in _FIRST_BARE
            if not fields[_ROLE_OF[kind]] and (regions := self._regions(part.forms, kind))
        }
        if not hits:
            # nothing knows it exactly: a settlement, for the fuzzy matcher, if none is named
            return None if fields["settlement"] else "settlement"
        context = self._context(fields)
        agreeing = {k: r for k, r in hits.items() if r & context} if context else hits
        hits = agreeing or hits
        return _ROLE_OF[next(iter(hits))]

    def _regions(self, forms: tuple[str, ...], kind: str) -> set[str]:
        """Return the regions of what the first form known as ``kind`` names."""
        for form in forms:
            hits = self.gaz.exact(kind, form)
            if hits:
                found = {self.gaz.records[e].region_iso for e, _ in hits}
                return {r for r in found if r}
        return set()

    def _context(self, fields: dict[str, str]) -> set[str]:
        """Return the regions the parts read so far agree on (empty: no constraint)."""
        sets = [
            self._regions((name_key(text),), kind)
            for role, kind in (
                ("settlement", "place"),
                ("district", "district"),
                ("region", "region"),
            )
            if (text := fields[role])
        ]
        sets = [r for r in sets if r]
        return set.intersection(*sets) if sets else set()

    def _zone(self, part: Part, fields: dict[str, str]) -> str:
        """Return a zone's own name, or ``""`` when the words only say whose town it is.

        "the industrial zone of Kostanay", "индустриальная зона Шымкента" (genitive),
        "Қостанайдағы индустрия аймағы" (locative): the zone of that town. "The Temir
        industrial zone" is a zone called Temir, which may lie far from the town of Temir: its
        town is used as the settlement, and the name kept so an unknown zone is reviewed.
        Russian writes a town's zone with the town after the marker ("промзона Актау", the
        town's name being indeclinable) and a zone's own name in quotes: a town there is the
        zone's town.
        """
        if not part.name or not self._is_town(part, "zone"):
            return self._text(part, "zone") if part.name else ""
        if fields["settlement"]:  # "the Saran industrial zone located in the city of Saran"
            return ""
        fields["settlement"] = self._text(part, "place")
        inflected = not self._known(part.forms[:1], ("place",))
        return "" if part.of_place or inflected or _russian_of(part) else part.name

    def _text(self, part: Part, kind: str) -> str:
        """Return the gazetteer's text for the first form it knows, else the words as written."""
        for form in part.forms:
            if self.gaz.exact(kind, form):
                return self.gaz.text_of(kind, form) or part.name
        return part.name


def _names_works(words: tuple[str, ...]) -> bool:
    """Tell whether a phrase's object words name works at a deposit (ГОК, mining and processing).

    Examples
    --------
    >>> _names_works(("горно-обогатительного", "комбината")), _names_works(("Plant",))
    (True, False)
    """
    forms = {f for w in words for f in word_variants(w)}
    return any(need <= forms for need in _WORKS)
