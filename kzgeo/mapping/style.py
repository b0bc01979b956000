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
    """How a figure is mapped: its UI string keys, scale, colour ramp and number formats.

    Attributes
    ----------
    layer_key
        The :mod:`kzgeo.mapping.i18n` key of the layer and legend name.
    unit_key
        The key of the unit text, which has a ``{policy}`` field.
    scale
        Values are divided by this before they are shown (``1e9``: tenge to bn tenge).
    ramp
        The colour ramp, light to dark.
    fmt
        The format of a class bound in the legend, e.g. ``"{:,.1f}"``.
    label_key
        The key of a value with its unit, which has a ``{value}`` field.
    """

    layer_key: str
    unit_key: str
    scale: float
    ramp: tuple[str, ...]
    fmt: str
    label_key: str


# the figures the maps draw, declared once for the web map and the PNG
FIGURE_STYLES = {
    "investment_kzt": FigureStyle(
        "layer_investment", "unit_investment", 1e9, INVESTMENT_COLOURS, "{:,.1f}", "bn_kzt"
    ),
    "jobs": FigureStyle("layer_jobs", "unit_jobs", 1.0, JOBS_COLOURS, "{:,.0f}", "jobs_n"),
}


@dataclass(frozen=True)
class Classes:
    """Choropleth classes: upper bounds, a colour each, and which class each value is in.

    Attributes
    ----------
    bounds
        The upper bound of each class, increasing; empty when no unit has a project.
    colours
        One colour a class, picked evenly from the ramp (2 classes get its two ends, a
        single class its darkest colour).
    index
        The class of each unit, in the order the values were given; ``-1`` for a unit
        without a project.
    ranges
        The smallest and largest value in each class (a class no value falls in shows its
        bound twice).
    """

    bounds: tuple[float, ...]
    colours: tuple[str, ...]
    index: tuple[int, ...]
    ranges: tuple[tuple[float, float], ...] = ()

    def labels(self, fmt: str) -> list[str]:
        """Return a legend label per class from the values in it: ``36.7`` or ``39.0 - 97.7``.

        Parameters
        ----------
        fmt
            A format for one value, e.g. ``"{:,.1f}"`` (values are shown as given: scale them
            before classifying).

        Returns
        -------
        list of str
            One label a class, the value alone when a class holds one value.

        Examples
        --------
        >>> Classes((1.0, 9.0), ("#fff", "#000"), (0, 1, 1), ((1.0, 1.0), (4.0, 9.0))).labels(
        ...     "{:.1f}"
        ... )
        ['1.0', '4.0 - 9.0']
        """
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
        ``FisherJenks`` is computed by kzgeo itself; the others need mapclassify.

    Returns
    -------
    Classes
        At most ``k`` classes; when the units with projects have ``k`` or fewer distinct
        values, each value is its own class.

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


def classify_figure(
    table: pd.DataFrame, figure: str, *, scale: float = 1.0, k: int = 5, scheme: str = "FisherJenks"
) -> Classes:
    """Classify a figure of each unit the way every map draws it, with its colour ramp.

    Only units with projects whose figure is given are classified: units without a project
    and units whose projects give no figure both get class -1 (the maps draw them apart,
    telling the two by ``has_projects``).

    Parameters
    ----------
    table
        A region or SEZ layer with ``has_projects`` (bool) and the ``figure`` column (null
        where no project gives the figure).
    figure
        A key of :data:`FIGURE_STYLES`: ``"investment_kzt"`` or ``"jobs"``.
    scale
        Values are divided by this first, so that the bounds are in the unit the legend
        shows (``FIGURE_STYLES[figure].scale``); 1 keeps them as stored.
    k, scheme
        As in :func:`classify`.

    Returns
    -------
    Classes
        Bounds in the scaled unit, colours from ``FIGURE_STYLES[figure].ramp``.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame(
    ...     {"jobs": [None, None, 40, 300], "has_projects": [False, True, True, True]}
    ... )
    >>> classify_figure(table, "jobs").index
    (-1, -1, 0, 1)
    """
    values = table[figure].to_numpy(dtype=float) / scale
    known = table["has_projects"].to_numpy(dtype=bool) & ~np.isnan(values)
    ramp = FIGURE_STYLES[figure].ramp
    return classify(np.nan_to_num(values), known, colours=ramp, k=k, scheme=scheme)


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

    Parameters
    ----------
    table
        An aggregate table with ``<column>``, and where some of it is not as reported,
        ``<column>_estimated`` and ``<column>_derived`` (the parts of the total that are).
    column
        The figure, e.g. ``"investment_kzt"`` or ``"jobs"``.

    Returns
    -------
    list of str
        One flag a row, in the table's order.

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
