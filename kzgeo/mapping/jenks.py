"""Fisher-Jenks natural breaks, exact, for the few values a choropleth of regions has.

mapclassify's classifiers import scipy and matplotlib's pyplot (slow at start-up) and warn
without numba; a map of 20 regions needs one exact dynamic programme of a few hundred steps.
Other mapclassify schemes still work through :func:`kzgeo.mapping.style.classify`, which imports
mapclassify only for them.
"""

from __future__ import annotations

import numpy as np


def fisher_jenks(values: np.ndarray, k: int) -> np.ndarray:
    """Return the upper bounds of the ``k`` classes that minimise the within-class variance.

    Fisher's exact optimal partition of sorted values into ``k`` contiguous classes (the sum
    of squared deviations from each class mean is smallest), as mapclassify's ``FisherJenks``
    computes it: the last bound is the largest value.

    Parameters
    ----------
    values
        The values to classify (at least ``k`` distinct ones).
    k
        Number of classes.

    Returns
    -------
    numpy.ndarray
        ``k`` upper bounds, increasing.

    Examples
    --------
    >>> fisher_jenks(np.array([1.0, 2, 3, 10, 11, 12, 30]), 3).tolist()
    [3.0, 12.0, 30.0]
    """
    x = np.sort(np.asarray(values, dtype=float))
    n = len(x)
    s1 = np.r_[0.0, np.cumsum(x)]
    s2 = np.r_[0.0, np.cumsum(x * x)]

    def ssd(i: np.ndarray, j: int) -> np.ndarray:  # squared deviations of x[i:j]
        m = j - i
        total = s1[j] - s1[i]
        out: np.ndarray = s2[j] - s2[i] - total * total / m
        return out

    cost = np.full((k + 1, n + 1), np.inf)
    start = np.zeros((k + 1, n + 1), dtype=np.int64)
    cost[0, 0] = 0.0
    for c in range(1, k + 1):
        for j in range(c, n + 1):
            i = np.arange(c - 1, j)
            total = cost[c - 1, i] + ssd(i, j)
            best = int(np.argmin(total))
            cost[c, j], start[c, j] = total[best], i[best]
    bounds, j = [], n
    for c in range(k, 0, -1):
        bounds.append(x[j - 1])
        j = int(start[c, j])
    return np.array(bounds[::-1])
