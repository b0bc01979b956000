"""``kzgeo.testing``: synthetic registers for tests and benchmarks, with a known truth.

Public but not part of the pipeline: ``variant_sites`` makes a register of sites whose true
region and place are known, to measure a geocoder or a join against.

Nothing here is data about real projects: the figures are random and the names are spelling
variants of GeoNames places, so the geocoder and the joins can be measured against a known truth
(``true_region``, ``true_place``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kzgeo.datasets import load_aliases, load_places, load_regions
from kzgeo.geocoding.names import to_kazakh_latin

CYRILLIC = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі")
STYLES = ("main", "cyrillic", "alias", "kazakh-latin", "decorated", "typo")


def _typo(name: str, rng: np.random.Generator) -> str:
    letters = [i for i, ch in enumerate(name) if ch.isalpha()]
    if len(letters) < 6:
        return name
    i = int(rng.choice(letters[1:-1]))
    kind = rng.integers(3)
    if kind == 0:  # deletion
        return name[:i] + name[i + 1 :]
    if kind == 1:  # transposition with the next letter
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    replacement = "aeiou"[int(rng.integers(5))] if name[i].lower() not in "aeiou" else "y"
    return name[:i] + replacement + name[i + 1 :]


def _decorate(name: str, rng: np.random.Generator) -> str:
    forms = (
        f"{name.upper()}",
        f"{name.lower()}",
        f"г. {name}",
        f"{name} city",
        f" {name}. ",
        f"{name} (town)",
    )
    return forms[int(rng.integers(len(forms)))]


def _spell(
    place: pd.Series, style: str, aliases: dict[str, list[str]], rng: np.random.Generator
) -> tuple[str, str]:
    """Return the place's name written in ``style``, and the style (``main`` if impossible)."""
    alts = [a for a in str(place.alt_names).split("|") if a]
    cyr = [a for a in alts if set(a.lower()) & CYRILLIC]
    name = str(place["name"])
    if style == "cyrillic" and cyr:
        return cyr[int(rng.integers(len(cyr)))], style
    if style == "alias" and place.place_id in aliases:
        options = aliases[place.place_id]
        return options[int(rng.integers(len(options)))], style
    if style == "kazakh-latin" and cyr:
        return to_kazakh_latin(cyr[0]), style
    if style == "decorated":
        return _decorate(name, rng), style
    if style == "typo":
        return _typo(name, rng), style
    return name, "main"


def variant_sites(
    n: int, *, seed: int = 0, hint_share: float = 0.85, weight_by_population: bool = True
) -> pd.DataFrame:
    """Return ``n`` sites named after gazetteer places in mixed spellings, with the truth.

    Parameters
    ----------
    n
        Number of rows.
    seed
        Random seed (the same seed gives the same rows).
    hint_share
        Share of rows that also name their region (in English, Russian or as an ISO code).
    weight_by_population
        Draw places with probability proportional to the square root of their population
        (plus 1,000), as industrial sites cluster in towns; ``False`` draws uniformly.

    Returns
    -------
    pandas.DataFrame
        ``site_id``, ``project_id``, ``settlement``, ``region``, ``style`` (how the name was
        written), ``true_place``, ``true_region``.

    Examples
    --------
    >>> sites = variant_sites(5, seed=1)
    >>> list(sites.columns[:4])
    ['site_id', 'project_id', 'settlement', 'region']
    """
    rng = np.random.default_rng(seed)
    places = load_places().reset_index(drop=True)
    grouped = load_aliases().groupby("target")["alias"]
    aliases = {str(target): list(names) for target, names in grouped}
    regions = load_regions().set_index("iso_3166_2")
    if weight_by_population:
        weight = np.sqrt(places["population"].fillna(0).to_numpy(dtype=float) + 1000.0)
        picks = rng.choice(len(places), size=n, p=weight / weight.sum())
    else:
        picks = rng.integers(len(places), size=n)
    styles = rng.choice(len(STYLES), size=n)
    rows = []
    for k in range(n):
        place = places.iloc[int(picks[k])]
        name, style = _spell(place, STYLES[int(styles[k])], aliases, rng)
        region = ""
        if rng.random() < hint_share:
            iso = place.region_iso
            form = int(rng.integers(3))
            region = (regions.at[iso, "name_en"], regions.at[iso, "name_ru"], iso)[form]
        rows.append(
            {
                "site_id": f"s{k}",
                "project_id": f"p{k}",
                "settlement": name,
                "region": region,
                "style": style,
                "true_place": place.place_id,
                "true_region": place.region_iso,
            }
        )
    return pd.DataFrame(rows)
