"""Matching names against the gazetteer: exact keys first, then batched fuzzy matching.

Exact lookups are dictionary hits on :func:`~kzgeo.geocoding.names.name_key`. What is left is
scored in batches with ``rapidfuzz.process.cdist`` (Levenshtein ratio of the keys) against every
name of the same kind, reduced to the best score per entity. A fuzzy match is accepted when its
score reaches ``kzgeo.options.fuzzy_threshold`` and beats the next different entity by
``kzgeo.options.fuzzy_margin``; otherwise the row is ``ambiguous`` (several candidates) or
``not-found`` (with the closest names as suggestions). Names are never guessed between
candidates: a region hint may narrow them, nothing else does. A fuzzy match is ``review``
unless the row's region hint agrees with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz, process

from kzgeo.geocoding.gazetteer import legacy_codes
from kzgeo.geocoding.names import name_key, name_kind
from kzgeo.settings import options
from kzgeo.vocabularies import MATCH_KINDS, check_choice

if TYPE_CHECKING:
    from collections.abc import Sequence

    from kzgeo.geocoding.gazetteer import Gazetteer
    from kzgeo.vocabularies import MatchKind, MatchStatus, MatchVia, NameVia

CITY_CODES = frozenset({"KZ-71", "KZ-75", "KZ-79"})
# A fuzzy match is only "ok" (not "review") when it is this good and this far ahead.
CONFIDENT_SCORE = 90.0
CONFIDENT_MARGIN = 8.0
TOP_K = 8
BATCH = 2048


@dataclass(frozen=True, slots=True)
class Match:
    """The result of matching one name.

    Attributes
    ----------
    entity_id
        Gazetteer id of the entity matched; None when nothing or several matched.
    via
        How it matched (:data:`kzgeo.vocabularies.MATCH_VIAS`): ``main``, ``alias``, ``alt``
        (an alternate name), ``code``, ``legacy`` (a pre-2020 code), ``former``, ``fuzzy`` or
        ``region-of-candidates``; ``""`` when nothing matched.
    status
        ``ok``, ``review``, ``ambiguous`` or ``not-found``
        (:data:`kzgeo.vocabularies.MATCH_STATUSES`).
    score
        Similarity of the name to the entity's, 0-100 (rapidfuzz ratio; 100.0 for an
        exact match, 0.0 when nothing matched).
    candidates
        For an ambiguous match, the entities it might be, described for a reader.
    note
        Why the match needs review or is ambiguous, for the row's notes; ``""`` when ok.
    ids
        The entity ids of an exact name shared by several entities (empty otherwise).
    """

    entity_id: str | None
    via: MatchVia
    status: MatchStatus
    score: float
    candidates: tuple[str, ...] = ()
    note: str = ""
    ids: tuple[str, ...] = ()  # the entity ids of an exact name shared by several entities


NO_MATCH = Match(None, "", "not-found", 0.0)


def _spread_km(lat: np.ndarray, lon: np.ndarray) -> float:
    """Largest distance between any two points, in km (equirectangular; fine below 100 km)."""
    mid = np.radians(lat.mean())
    x = lon * 111.32 * np.cos(mid)
    y = lat * 110.57
    return float(np.max(np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :])))


class Matcher:
    """Matches names of one gazetteer, caching fuzzy scores per key.

    Parameters
    ----------
    gazetteer
        The names to match against; the fuzzy threshold and margin are read from
        :data:`kzgeo.options` once, here.
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        """Prepare per-kind choice arrays for the fuzzy matcher."""
        self.gaz = gazetteer
        # best candidates per fuzzy key: (score, position in the kind's entity list), best first
        self._fuzzy: dict[tuple[str, str], list[tuple[float, int]]] = {}
        # a register repeats its names: each (kind, name, hint) is matched once per Matcher
        self._memo: dict[tuple[str, str, str | None], Match] = {}
        self._region_of = {eid: r.region_iso for eid, r in gazetteer.records.items()}
        # thresholds are read once, when geocoding starts
        self.threshold = float(options.fuzzy_threshold)
        self.margin = float(options.fuzzy_margin)
        self._groups: dict[str, tuple[list[str], np.ndarray, np.ndarray]] = {}
        self._entity_ids: dict[str, list[str]] = {}
        for kind in MATCH_KINDS:
            keys, ids = gazetteer.choices(kind)
            if not keys:
                continue
            order = np.argsort(ids, kind="stable")
            keys_sorted = [keys[i] for i in order]
            ids_sorted = ids[order]
            starts = np.flatnonzero(np.r_[True, ids_sorted[1:] != ids_sorted[:-1]])
            self._groups[kind] = (keys_sorted, ids_sorted[starts], starts)
            self._entity_ids[kind] = [str(e) for e in ids_sorted[starts]]

    def prefetch(self, kind: MatchKind, keys: Sequence[str]) -> None:
        """Score every key not matched exactly against all names of ``kind``, in batches.

        The scores are kept for :meth:`match`; calling this first with all of a register's
        keys scores them in a few vectorised batches instead of one by one.

        Parameters
        ----------
        kind
            Gazetteer kind: ``place``, ``district``, ``region``, ``sez`` or ``zone``.
        keys
            Name keys (:func:`~kzgeo.geocoding.names.name_key`); empty keys, keys already
            scored and keys with an exact match are skipped.

        Raises
        ------
        ValueError
            When ``kind`` is not one of them.
        """
        check_choice(kind, MATCH_KINDS, "kind")
        exact = self.gaz.exact
        todo = sorted(
            {k for k in keys if k and (kind, k) not in self._fuzzy and not exact(kind, k)}
        )
        if not todo or kind not in self._groups:
            return
        choices, _, starts = self._groups[kind]
        for lo in range(0, len(todo), BATCH):
            batch = todo[lo : lo + BATCH]
            scores = process.cdist(batch, choices, scorer=fuzz.ratio, dtype=np.uint8, workers=-1)
            per_entity = np.maximum.reduceat(scores, starts, axis=1)
            k = min(TOP_K, per_entity.shape[1])
            top = np.argpartition(per_entity, per_entity.shape[1] - k, axis=1)[:, -k:]
            top_scores = np.take_along_axis(per_entity, top, axis=1).astype(float).tolist()
            top_ids = top.tolist()
            for key, row_scores, row_ids in zip(batch, top_scores, top_ids, strict=True):
                self._fuzzy[(kind, key)] = sorted(
                    zip(row_scores, row_ids, strict=True), reverse=True
                )

    def match(self, kind: MatchKind, text: str, hint: str | None = None) -> Match:
        """Match one name of ``kind`` (place, district, region, sez), narrowed by a region hint.

        Parameters
        ----------
        kind
            Gazetteer kind: ``place``, ``district``, ``region``, ``sez`` or ``zone``.
        text
            The name as written (it is keyed with :func:`~kzgeo.geocoding.names.name_key`).
        hint
            ISO 3166-2 code of the region the row names, or None: among several candidates
            the ones in that region are kept, and a fuzzy match is ``ok`` only when its
            region agrees.

        Returns
        -------
        Match
            The match, memoised per ``(kind, text, hint)``; status ``not-found`` when nothing
            matches (``NO_MATCH`` when the name has no key at all).

        Raises
        ------
        ValueError
            When ``kind`` is not one of them.
        """
        memo = (kind, text, hint)
        found = self._memo.get(memo)
        if found is None:
            check_choice(kind, MATCH_KINDS, "kind")
            found = self._match(kind, text, hint)
            self._memo[memo] = found
        return found

    def _match(self, kind: MatchKind, text: str, hint: str | None) -> Match:
        key = name_key(text)
        if not key:
            return NO_MATCH
        hits = self.gaz.exact(kind, key)
        if hits:
            return self._from_exact(kind, text, hits, hint)
        if (kind, key) not in self._fuzzy:
            self.prefetch(kind, [key])
        return self._from_fuzzy(kind, key, hint)

    def _from_exact(
        self, kind: str, text: str, hits: list[tuple[str, NameVia]], hint: str | None
    ) -> Match:
        # every exact hit counts the same: a former name in kzgeo's alias table ("Джамбул" for
        # Taraz) can be the current name of another place, and then the row is ambiguous
        ids = sorted({e for e, _ in hits})
        vias: dict[str, MatchVia] = {}
        for e, v in hits:
            if vias.get(e) != "main":
                vias[e] = v
        if kind == "region" and len(ids) > 1:
            ids = self._region_kind(ids, text)
        ids = self._narrow(ids, hint)
        if len(ids) > 1:
            return self._several(
                kind, ids, 100.0, f"{len(ids)} {kind}s are called {text!r}", fuzzy=False
            )
        eid = ids[0]
        via = vias[eid]
        status: MatchStatus = "ok"
        note = ""
        if via == "alt" and not self._agrees(eid, hint):
            main = self.gaz.records[eid].key
            if fuzz.ratio(main, name_key(text)) < self.threshold:
                # a GeoNames alternate name that is another word (a former or other-language
                # name) may equally be a typo of a third place: without a hint, review it
                status = "review"
                owner = self.gaz.records[eid].name
                note = (
                    f"{text!r} is a GeoNames alternate name of {owner}, not a spelling of its name"
                )
        if via == "legacy":
            status = "review"
            note = f"{text} is a pre-2020 code: {self._legacy_note(text)}"
        return Match(eid, via, status, 100.0, (), note)

    def _several(self, kind: str, ids: list[str], score: float, why: str, *, fuzzy: bool) -> Match:
        """Several candidates: one place if they are records of it, else flag them.

        GeoNames holds duplicate records of some towns (two "Atbasar" 2 km apart); candidates
        all within 25 km of each other are one place, and the most populous record is used.
        Candidates far apart but in one region still fix the region: the row is placed at
        region level and flagged ``ambiguous``. Otherwise nothing is placed.
        """
        names = tuple(self._describe(e) for e in ids)
        rows = [self.gaz.records[e] for e in ids]
        regions = {r.region_iso for r in rows}
        spread = _spread_km(np.array([r.lat for r in rows]), np.array([r.lon for r in rows]))
        if kind == "place" and spread <= 25.0:
            # the most populous record; ties keep the order of ``ids``
            best = max(rows, key=lambda r: r.population).entity_id
            note = (
                f"{why}: {len(ids)} records within {spread:.0f} km, taken as one place "
                f"({'; '.join(names)})"
            )
            return Match(
                best, "fuzzy" if fuzzy else "main", "review" if fuzzy else "ok", score, (), note
            )
        if kind == "place" and len(regions) == 1 and not fuzzy:
            iso = regions.pop()
            return Match(
                f"region:{iso}",
                "region-of-candidates",
                "ambiguous",
                score,
                names,
                f"{why}, all in {iso}: placed at region level",
                tuple(ids),
            )
        note = f"{why}: {'; '.join(names)}"
        return Match(None, "", "ambiguous", score, names, note, () if fuzzy else tuple(ids))

    def _agrees(self, entity_id: str, hint: str | None) -> bool:
        return bool(hint) and self._region_of[entity_id] == hint

    def _region_kind(self, ids: list[str], text: str) -> list[str]:
        """Almaty is a city and a region: the words of the name decide, a bare name is the city."""
        kind = name_kind(text)
        cities = [e for e in ids if e.split(":")[1] in CITY_CODES]
        regions = [e for e in ids if e not in cities]
        if kind == "region" and regions:
            return regions
        if cities and kind in ("city", ""):
            return cities
        return ids

    def _legacy_note(self, text: str) -> str:
        code = text.strip().upper()
        return legacy_codes().get(code, ("", "legacy code"))[1] or "legacy code"

    def _narrow(self, ids: list[str], hint: str | None) -> list[str]:
        if hint and len(ids) > 1:
            inside = [e for e in ids if self.gaz.records[e].region_iso == hint]
            if inside:
                return inside
        return ids

    def _describe(self, entity_id: str) -> str:
        row = self.gaz.records[entity_id]
        return f"{row.name} ({row.region_iso}, {entity_id})"

    def _from_fuzzy(self, kind: str, key: str, hint: str | None) -> Match:
        ids = self._entity_ids[kind]
        ranked = self._hint_first(
            [(score, ids[i]) for score, i in self._fuzzy.get((kind, key), [])], hint
        )
        if not ranked or ranked[0][0] < self.threshold:
            return self._not_found(ranked)
        best_score, best = ranked[0]
        runner = next(((s, e) for s, e in ranked[1:] if e != best), (0.0, ""))
        if runner[0] >= self.threshold and best_score - runner[0] < self.margin:
            close_ids = list(
                dict.fromkeys(
                    e for s, e in ranked if s >= self.threshold and best_score - s < self.margin
                )
            )
            return self._several(
                kind, close_ids, best_score, "several names are about as close", fuzzy=True
            )
        return self._accepted(best_score, best, runner, hint)

    def _hint_first(
        self, ranked: list[tuple[float, str]], hint: str | None
    ) -> list[tuple[float, str]]:
        """Move the candidates above the threshold in the hinted region to the front."""
        if not hint:
            return ranked
        inside = [(s, e) for s, e in ranked if s >= self.threshold and self._region_of[e] == hint]
        if not inside:
            return ranked
        return inside + [p for p in ranked if p not in inside]

    def _not_found(self, ranked: list[tuple[float, str]]) -> Match:
        """Say that no name is close enough; suggest the closest few (score 60 or more)."""
        close = tuple(f"{self._describe(e)} score {s:.0f}" for s, e in ranked[:3] if s >= 60)
        return Match(
            None,
            "",
            "not-found",
            ranked[0][0] if ranked else 0.0,
            close,
            "no name close enough" + ("; closest: " + "; ".join(close) if close else ""),
        )

    def _accepted(
        self, best_score: float, best: str, runner: tuple[float, str], hint: str | None
    ) -> Match:
        """Accept a match clear of the runner-up; ``ok`` only when confident and corroborated."""
        # a typo can turn one real name into another: a fuzzy match is "ok" only when the
        # row's own region hint agrees with it, otherwise it is left for review
        margin = best_score - runner[0]
        corroborated = self._agrees(best, hint)
        confident = corroborated and best_score >= CONFIDENT_SCORE and margin >= CONFIDENT_MARGIN
        note = f"fuzzy match, score {best_score:.0f}"
        if runner[1]:
            note += f", next {self._describe(runner[1])} at {runner[0]:.0f}"
        return Match(best, "fuzzy", "ok" if confident else "review", best_score, (), note)
