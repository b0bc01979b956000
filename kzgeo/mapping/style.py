"""Classification and colours for the maps (choropleth classes; colours declared once)."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kzgeo.mapping.jenks import fisher_jenks

# ColorBrewer sequential schemes (Cynthia Brewer, Apache-2.0 licensed colour specifications)
INVESTMENT_COLOURS = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
JOBS_COLOURS = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
NO_PROJECT = "#e6e6e6"
UNKNOWN = "#bdbdbd"  # regions with projects whose figure is not given
# companies: a categorical palette (from ColorBrewer Dark2/PiYG/BrBG) kept away from both ramps
# (no yellow, orange, red or blue), so a marker never reads as a choropleth class; a test
# checks every colour is at least CIE76 dE 30 from every ramp colour
COMPANY_COLOURS = ("#1b9e77", "#e7298a", "#66a61e", "#7b3294", "#8c510a", "#01665e",
                   "#de77ae", "#4d4d4d")  # fmt: skip
SEZ_COLOUR = "#6a3d9a"
ZERO_SHARE = "#9e9e9e"  # a site that carries 0 % of its project under the policy
# outlines that tell a total resting partly on estimated / derived figures from a reported one
OUTLINES = {
    "estimated": {"color": "#111", "weight": 2.6, "dashArray": "7 4"},
    "derived": {"color": "#111", "weight": 2.6, "dashArray": "1 4", "lineCap": "round"},
}


@dataclass(frozen=True)
class FigureStyle:
    """How a figure is mapped: its UI string keys, scale, colour ramp and number formats."""

    layer_key: str  # i18n key of the layer / legend name
    unit_key: str  # i18n key of the unit, with a {policy} field
    scale: float  # divide values by this (tenge -> bn)
    ramp: tuple[str, ...]
    fmt: str  # class labels: "{:,.1f}"
    label_key: str  # i18n key of a value with its unit, with a {value} field


# the figures the maps draw, declared once for the web map and the PNG
FIGURE_STYLES = {
    "investment_kzt": FigureStyle(
        "layer_investment", "unit_investment", 1e9, INVESTMENT_COLOURS, "{:,.1f}", "bn_kzt"
    ),
    "jobs": FigureStyle("layer_jobs", "unit_jobs", 1.0, JOBS_COLOURS, "{:,.0f}", "jobs_n"),
}


@dataclass(frozen=True)
class Classes:
    """Choropleth classes: upper bounds, a colour each, and which class each value is in."""

    bounds: tuple[float, ...]
    colours: tuple[str, ...]
    index: tuple[int, ...]  # -1: no project
    ranges: tuple[tuple[float, float], ...] = ()  # smallest and largest value in each class

    def labels(self, fmt: str) -> list[str]:
        """Return a legend label per class from the values in it: ``36.7`` or ``39.0 - 97.7``."""
        out = []
        for low, high in self.ranges:
            out.append(
                fmt.format(low) if low == high else f"{fmt.format(low)} - {fmt.format(high)}"
            )
        return out


def classify(
    values: np.ndarray,
    has_project: np.ndarray,
    *,
    colours: tuple[str, ...],
    k: int = 5,
    scheme: str = "FisherJenks",
) -> Classes:
    """Classify the values of units with projects; units without get class -1.

    Parameters
    ----------
    values
        One value per unit.
    has_project
        Which units have a project (only they are classified, so "no project" is never the
        lowest class).
    colours
        A colour ramp, light to dark.
    k
        Number of classes wanted (fewer when there are fewer distinct values).
    scheme
        A mapclassify scheme name (``FisherJenks``, ``Quantiles``, ``NaturalBreaks`` ...).

    Examples
    --------
    >>> import numpy as np
    >>> c = classify(np.array([0, 10, 20, 30.0]), np.array([False, True, True, True]),
    ...              colours=JOBS_COLOURS, k=5)
    >>> c.index
    (-1, 0, 1, 2)
    """
    picked = values[has_project]
    distinct = np.unique(picked)
    index = np.full(len(values), -1)
    if len(distinct) == 0:
        return Classes((), (), tuple(int(i) for i in index))
    n = min(k, len(distinct))
    if n == len(distinct):
        bounds = distinct.astype(float)
    elif scheme == "FisherJenks":
        bounds = fisher_jenks(picked, n)
    else:
        import mapclassify  # noqa: PLC0415 - scipy and pyplot only for the other schemes

        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Numba not installed", category=UserWarning)
            bounds = np.asarray(getattr(mapclassify, scheme)(picked, k=n).bins, dtype=float)
    ramp = (
        np.linspace(0, len(colours) - 1, n).round().astype(int)
        if n > 1
        else np.array([len(colours) - 1])
    )
    cls = np.minimum(np.searchsorted(bounds, picked, side="left"), n - 1)
    index[has_project] = cls
    ranges = tuple(
        (float(picked[cls == c].min()), float(picked[cls == c].max()))
        if (cls == c).any()
        else (float(bounds[c]), float(bounds[c]))
        for c in range(n)
    )
    return Classes(
        tuple(float(b) for b in bounds),
        tuple(colours[i] for i in ramp),
        tuple(int(i) for i in index),
        ranges,
    )


# data credits on the web map and the PNG
CREDITS = [
    "Boundaries © OpenStreetMap contributors (ODbL)",
    "Places © GeoNames (CC BY 4.0)",
    "SEZ shapes approximate (kzgeo)",
]


def basis_flags(table: pd.DataFrame, column: str) -> list[str]:
    """Return per row ``"estimated"``, ``"derived"`` or ``""``: what its total partly rests on.

    A total with any estimated part is flagged ``estimated`` (the weaker basis wins), else one
    with any derived part ``derived``.

    Examples
    --------
    >>> import pandas as pd
    >>> basis_flags(pd.DataFrame({"jobs": [10, 5, 3], "jobs_estimated": [4, 0, 0],
    ...                           "jobs_derived": [0, 0, 1]}), "jobs")
    ['estimated', '', 'derived']
    """
    zero = pd.Series(0.0, index=table.index)
    estimated = pd.to_numeric(table.get(f"{column}_estimated", zero), errors="coerce").fillna(0)
    derived = pd.to_numeric(table.get(f"{column}_derived", zero), errors="coerce").fillna(0)
    return [
        "estimated" if e > 0 else "derived" if d > 0 else ""
        for e, d in zip(estimated, derived, strict=True)
    ]
