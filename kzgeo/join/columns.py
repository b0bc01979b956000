"""Text columns of a join built from integer codes, not from a Python string per row.

A join of 10 million points has one status, region, SEZ and note per point. Building those
columns from object arrays of Python strings costs more than the point-in-polygon step itself
(pandas converts each string into its Arrow-backed ``str`` column). Here each column is kept as
small integer codes into a short list of labels while the join runs, and becomes a ``str``
column at the end: one Arrow ``take`` of the present rows (Arrow's take with null indices is a
slow per-row path) and the offsets from one cumulative sum. Notes are sparse: only the rows that
have one carry text, and the column's bytes are theirs, in row order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pandas.api.extensions import ExtensionArray

STR = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' default ``str`` dtype
# Arrow's default pool (mimalloc) maps fresh memory for each large column in a new process (page
# faults, a visible share of a million-row join); the system allocator reuses what the join's numpy
# temporaries just freed
POOL = pa.system_memory_pool()


def str_from_codes(
    codes: np.ndarray, labels: Sequence[str] | pa.Array
) -> pd.api.extensions.ExtensionArray:
    """Return a pandas ``str`` array whose row ``i`` is ``labels[codes[i]]`` (-1: missing).

    Parameters
    ----------
    codes
        Integer codes, one per row; negative means missing.
    labels
        The labels the codes index (duplicates allowed).

    Returns
    -------
    pandas.api.extensions.ExtensionArray
        An array of pandas' ``str`` dtype.

    Examples
    --------
    >>> import numpy as np
    >>> str_from_codes(np.array([1, -1, 0]), ["inside", "snapped"]).tolist()
    ['snapped', nan, 'inside']
    """
    dictionary = labels if isinstance(labels, pa.Array) else pa.array(list(labels), pa.string())
    codes = np.asarray(codes)
    valid = codes >= 0
    # Arrow's take with null indices runs a per-row slow path (slow on a million rows of a
    # nearly empty SEZ column): only the present rows are taken, and the offsets of the
    # whole column come from one cumulative sum over the label lengths
    present = bool(valid.all())
    picked = codes if present else codes[valid]
    text = pc.take(
        dictionary.cast(pa.large_string()),
        pa.array(np.asarray(picked, dtype=np.int32)),
        memory_pool=POOL,
    )
    if not present:
        sizes = pc.binary_length(dictionary).to_numpy(zero_copy_only=False).astype(np.int64)
        text = _with_gaps(len(codes), np.flatnonzero(valid), sizes[picked], text)
    return _to_str(text)


def _with_gaps(
    n: int, rows: np.ndarray, sizes: np.ndarray, text: pa.Array, *, null: bool = True
) -> pa.Array:
    """Spread ``text`` (one string per position in ``rows``) over ``n`` rows.

    The other rows are null, or empty strings when ``null`` is False.
    """
    # np.full, not np.zeros: calloc maps fresh zero pages for a large array, malloc reuses the
    # heap the join's temporaries freed
    offsets = np.full(n + 1, 0, dtype=np.int64)
    offsets[rows + 1] = sizes
    np.cumsum(offsets, out=offsets)  # in place: a million rows is 8 MB an array
    start = text.offset
    first = int(np.frombuffer(text.buffers()[1], dtype=np.int64)[start]) if len(text) else 0
    data = text.buffers()[2]
    data = pa.py_buffer(b"") if data is None else data.slice(first)
    if not null:
        return pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), data, null_count=0)
    mask = np.full(n, fill_value=False)
    mask[rows] = True
    bitmap = pa.py_buffer(np.packbits(mask, bitorder="little"))
    return pa.LargeStringArray.from_buffers(
        n, pa.py_buffer(offsets), data, bitmap, null_count=n - len(rows)
    )


def _to_str(text: pa.Array) -> pd.api.extensions.ExtensionArray:
    array: ExtensionArray = text.to_pandas(types_mapper={pa.large_string(): STR}.get).array
    return array


def categorical_from_codes(codes: np.ndarray, labels: Sequence[str] | np.ndarray) -> pd.Categorical:
    """Return a categorical whose row ``i`` is ``labels[codes[i]]`` (-1: missing).

    The categories are the distinct labels in their first order (a label listed twice, such
    as a zone named by each of its sub-zones, is one category).

    Parameters
    ----------
    codes
        Integer positions into ``labels``, one a row; -1 (any negative) for a missing value.
    labels
        The label of each code; may repeat.

    Returns
    -------
    pandas.Categorical
        One value a code, with ``str`` categories in the order the labels first come.

    Examples
    --------
    >>> import numpy as np
    >>> column = categorical_from_codes(np.array([2, -1, 0]), ["a", "b", "a"])
    >>> column.tolist(), column.categories.tolist()
    (['a', nan, 'a'], ['a', 'b'])
    """
    labels = np.asarray(labels, dtype=object)
    if not len(labels):
        return pd.Categorical.from_codes(
            np.full(len(codes), -1), categories=pd.Index([], dtype=STR)
        )
    distinct, first, inverse = np.unique(labels, return_index=True, return_inverse=True)
    order = np.argsort(first)  # categories in the order the labels come, not sorted
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    codes = np.asarray(codes, dtype=np.int64)
    mapped = np.where(codes >= 0, rank[inverse][np.maximum(codes, 0)], -1)
    categories = pd.Index(distinct[order].astype(str), dtype=STR)
    return pd.Categorical.from_codes(mapped, categories=categories)


class Notes:
    """Sparse per-row notes: added in batches, joined with ``"; "`` where a row has several.

    Parameters
    ----------
    n
        The number of rows.

    Examples
    --------
    >>> import numpy as np
    >>> notes = Notes(3)
    >>> notes.add(np.array([2, 0]), ["far", "near"])
    >>> notes.add(np.array([2]), ["swapped"])
    >>> list(notes.column())
    ['near', '', 'far; swapped']
    """

    def __init__(self, n: int) -> None:
        """Hold no note for each of ``n`` rows."""
        self.n = n
        self._rows: list[np.ndarray] = []
        self._texts: list[pa.Array] = []

    def add(self, rows: np.ndarray, texts: Sequence[str] | pa.Array) -> None:
        """Add ``texts[k]`` as a note of row ``rows[k]``.

        Parameters
        ----------
        rows
            Row positions, 0 to ``n - 1``; a row may get notes in several calls.
        texts
            One note a position of ``rows``.
        """
        if len(rows):
            self._rows.append(np.asarray(rows, dtype=np.int64))
            self._texts.append(texts if isinstance(texts, pa.Array) else pa.array(list(texts)))

    def column(self) -> ExtensionArray:
        """Return the notes as a ``str`` array ("" where a row has none).

        Returns
        -------
        pandas.api.extensions.ExtensionArray
            ``n`` strings; a row's notes are joined with ``"; "`` in the order they were
            added.
        """
        if not self._rows:
            return _to_str(_empty_strings(self.n))
        rows = np.concatenate(self._rows)
        texts = pa.concat_arrays(
            [pc.cast(t, pa.large_string(), memory_pool=POOL) for t in self._texts],
            memory_pool=POOL,
        )
        order = np.argsort(rows, kind="stable")
        rows, texts = rows[order], pc.take(texts, pa.array(order), memory_pool=POOL)
        first = np.r_[True, rows[1:] != rows[:-1]]
        if not first.all():  # the few rows with two notes: join them
            texts = pa.array(_join_runs(texts.to_pylist(), first), pa.large_string())
            rows = rows[first]
        # the notes are already in row order: their bytes are the column's, and the rows
        # without a note are empty strings between them (no per-row take over n rows)
        sizes = pc.binary_length(texts).to_numpy(zero_copy_only=False).astype(np.int64)
        return _to_str(_with_gaps(self.n, rows, sizes, texts, null=False))


def _empty_strings(n: int) -> pa.Array:
    """Return ``n`` empty strings."""
    return pa.LargeStringArray.from_buffers(
        n, pa.py_buffer(np.full(n + 1, 0, dtype=np.int64)), pa.py_buffer(b""), null_count=0
    )


def _join_runs(texts: list[str], first: np.ndarray) -> list[str]:
    joined: list[str] = []
    for text, start in zip(texts, first, strict=True):
        if start:
            joined.append(text)
        else:
            joined[-1] = f"{joined[-1]}; {text}"
    return joined
