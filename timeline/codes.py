"""Integer codes of a Timeline's columns and link tables: the numpy building blocks of the event index.

Pure numpy/pandas (Arrow for hashing): where keys sit in a column (:func:`positions`), times as
microseconds and days, labels as codes and look-up tables, ranges of positions, and
:class:`Link` — a link table (``event_places``, ``event_actors``, ``event_sources``) as event
positions and value codes.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd

__all__ = ["positions", "arrow_array", "as_us", "ts_us", "days_of_us", "label_codes", "lookup_table", "ranges",
           "first_kept", "Link", "US_PER_DAY"]

US_PER_DAY = 86_400_000_000


def arrow_array(s: pd.Series):
    import pyarrow as pa

    arr = getattr(s.array, "_pa_array", None)
    if arr is not None:
        return arr
    return pa.array(np.asarray(s.to_numpy(dtype=object)), from_pandas=True)


def positions(keys, values) -> np.ndarray:
    """The position in ``values`` (first occurrence) of each of ``keys``; ``-1`` where a key is
    missing or not among the values. Text is hashed by Apache Arrow (``pyarrow``), with pandas as
    the fallback."""
    keys = pd.Series(keys) if not isinstance(keys, pd.Series) else keys
    values = pd.Series(values) if not isinstance(values, pd.Series) else values
    if len(keys) == 0:
        return np.zeros(0, dtype=np.int64)
    if len(values) == 0:
        return np.full(len(keys), -1, dtype=np.int64)
    try:
        import pyarrow as pa
        import pyarrow.compute as pc

        k, v = arrow_array(keys), arrow_array(values)
        if k.type != v.type:
            k, v = k.cast(pa.large_string()), v.cast(pa.large_string())
        out = pc.fill_null(pc.index_in(k, value_set=v), -1)
        return np.asarray(out.to_numpy(zero_copy_only=False), dtype=np.int64)
    except Exception:  # no pyarrow, or values Arrow cannot hash together
        codes, uniques = pd.factorize(values)
        first = np.full(len(uniques), -1, dtype=np.int64)
        order = np.arange(len(codes))[::-1]  # the first occurrence written last wins
        first[codes[order]] = order
        found = pd.Index(uniques).get_indexer(keys)
        return np.where(found >= 0, first[np.maximum(found, 0)], -1)


def as_us(values) -> np.ndarray:
    """Datetimes as int64 microseconds (NaT as the smallest int64)."""
    return np.asarray(values, dtype="datetime64[us]").astype(np.int64)


def ts_us(ts: pd.Timestamp) -> int:
    return int(np.datetime64(pd.Timestamp(ts).to_datetime64(), "us").astype(np.int64))


def days_of_us(us: np.ndarray) -> np.ndarray:
    return np.floor_divide(us, US_PER_DAY)


def label_codes(col: pd.Series, labels: list[str]) -> np.ndarray:
    """Codes of a column into ``labels`` (``-1`` for a missing value or one not in ``labels``)."""
    if isinstance(col.dtype, pd.CategoricalDtype) and list(col.cat.categories) == labels:
        return col.cat.codes.to_numpy().astype(np.int8)
    return pd.Categorical(col.astype("object"), categories=labels).codes.astype(np.int8)


def lookup_table(labels, chosen) -> np.ndarray:
    """A look-up table: ``lut[code]`` is True when ``labels[code]`` is chosen; ``lut[-1]`` is False."""
    chosen = set(chosen)
    return np.array([lab in chosen for lab in labels] + [False], dtype=bool)


def ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """``np.concatenate([np.arange(s, s + n) for s, n in zip(starts, lengths)])`` without a loop."""
    lengths = np.asarray(lengths, dtype=np.int64)
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    idx = np.repeat(np.arange(lengths.size), lengths)
    offset = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return np.asarray(starts, dtype=np.int64)[idx] + offset


def first_kept(order: np.ndarray, mask: np.ndarray, k: int) -> np.ndarray:
    """The first ``k`` items of ``order`` that ``mask`` keeps. Reads ``order`` in growing chunks
    and stops once it has ``k`` (a few thousand reads for most views, not a million)."""
    found, n_found, step, start = [], 0, max(16 * k, 4096), 0
    while start < order.size and n_found < k:
        chunk = order[start:start + step]
        found.append(chunk[mask[chunk]])
        n_found += len(found[-1])
        start += step
        step *= 4
    return np.concatenate(found)[:k] if found else np.zeros(0, dtype=np.int64)


class Link:
    """One link table as codes: ``event`` (position of the row's event, ``-1`` unknown), ``code``
    (index into ``labels``, ``-1`` missing) and the rows grouped by event (``order``, ``offsets``)."""

    def __init__(self, event: np.ndarray, values: pd.Series, n_events: int):
        self.event = event
        code, labels = pd.factorize(values, use_na_sentinel=True)
        self.code = np.asarray(code, dtype=np.int64)
        self.labels = np.asarray(labels, dtype=object)
        self.n_events = n_events
        #: one row per event, in event order (ACLED, GED: one place and one source text each)
        self.identity = len(event) == n_events and bool(np.array_equal(event, np.arange(n_events)))
        self.known = event >= 0
        self.clipped = np.maximum(event, 0)

    def rows_kept(self, mask: np.ndarray) -> np.ndarray:
        """Rows whose event is kept by ``mask``."""
        if self.identity:
            return mask
        return self.known & mask[self.clipped]

    @cached_property
    def order(self) -> np.ndarray:
        return np.argsort(self.event, kind="stable")

    @cached_property
    def offsets(self) -> np.ndarray:
        return np.searchsorted(self.event[self.order], np.arange(self.n_events + 1), side="left")

    def rows_of(self, event_pos: np.ndarray) -> np.ndarray:
        """The rows of the given events, in file order."""
        a, b = self.offsets[event_pos], self.offsets[np.asarray(event_pos) + 1]
        return np.sort(self.order[ranges(a, b - a)])

    def hits(self, chosen, keep_event: np.ndarray | None = None) -> np.ndarray:
        """Rows whose value is among ``chosen`` (and whose event is kept, when given)."""
        rows = lookup_table(self.labels, chosen)[self.code] & (self.event >= 0)
        if keep_event is not None:
            rows &= keep_event[np.maximum(self.event, 0)]
        return rows
