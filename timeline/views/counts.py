"""The count chart's view: events per day or week of a selection, by group, over its span.

:func:`counts_view` gives the numbers :func:`timeline.series.events_per_period` gives for the
filtered timeline (``count``: events under way in the period; ``share``: each event's weight of
1 spread over its days), as a grid of periods × groups, from the index's codes. The groups are
those of the whole timeline that have dated events, so every view of one timeline has the same
bars. Events known only to the month are on no day: they are counted per month for the note.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..labels import period_texts
from ..schema import CATEGORIES, CONFIDENCE
from . import Selection
from .shared import DAY_US, shared

__all__ = ["CountsView", "counts_view"]

_CAT_INDEX = {c: i for i, c in enumerate(CATEGORIES)}


@dataclass(frozen=True, eq=False)
class CountsView:
    """What the count chart of one selection shows: ``values[i, j]`` is group ``groups[j]`` in
    the period starting ``periods[i]`` (the day, or the Monday of the week). ``vmax``: the
    tallest stack. ``month_rows``: ``(month, group, count)`` of the events known only to the
    month (grouped by category, or by confidence when ``by="confidence"``), ``n_month`` of them;
    ``note_room``: the timeline has such events (the chart keeps room for the note)."""

    freq: str
    by: str
    value: str
    n: int
    groups: tuple[str, ...]
    periods: np.ndarray
    period_text: np.ndarray
    values: np.ndarray
    vmax: float
    span: tuple | None
    n_month: int
    month_rows: tuple[tuple, ...]
    month_grouping: str
    note_room: bool
    publishers: tuple[str, ...]
    phases: tuple[dict, ...]


def _period_start(days: np.ndarray, step: int) -> np.ndarray:
    # 1970-01-01 (day 0) was a Thursday: weekday (Monday = 0) is (day + 3) % 7
    return days if step == 1 else days - (days + 3) % 7


def _grid(sh, mask: np.ndarray, by: str, lo: int, hi: int, step: int) -> np.ndarray:
    """``(count, share)`` grids over every group of ``by`` (periods × groups), as
    :func:`timeline.series.events_per_period` with ``start``/``end`` = days ``lo``/``hi``."""
    pos, codes, labels = sh.members(by)
    n_groups = max(len(labels), 1)
    p0, p1 = int(_period_start(np.array([lo]), step)[0]), int(_period_start(np.array([hi]), step)[0])
    n_periods = (p1 - p0) // step + 1
    keep = mask[pos] & ~sh.ix.month_only[pos]
    pos, codes = pos[keep], codes[keep]
    s_full, e_full = sh.start_day[pos], sh.end_day[pos]
    n_days = (e_full - s_full + 1).astype(np.float64)
    s, e = np.maximum(s_full, lo), np.minimum(e_full, hi)
    inside = s <= e
    s, e, n_days, codes = s[inside], e[inside], n_days[inside], codes[inside]
    ps, pe = _period_start(s, step), _period_start(e, step)
    k = (pe - ps) // step + 1
    idx = np.repeat(np.arange(k.size), k)  # one row per period an event touches
    offset = np.arange(idx.size) - np.repeat(np.cumsum(k) - k, k)
    p = ps[idx] + offset * step
    overlap = np.minimum(e[idx], p + step - 1) - np.maximum(s[idx], p) + 1
    keys = ((p - p0) // step) * n_groups + codes[idx]
    size = n_periods * n_groups
    count = np.bincount(keys, minlength=size).astype(np.int64).reshape(n_periods, n_groups)
    share = np.bincount(keys, weights=overlap / n_days[idx], minlength=size).reshape(n_periods, n_groups)
    return count, share


def _month_rows(sh, mask: np.ndarray, grouping: str) -> tuple[int, tuple[tuple, ...]]:
    """The kept events known only to the month: how many, and ``(month, group, count)`` per
    month their span touches and group (months in order, groups in vocabulary order)."""
    ix = sh.ix
    kept = mask[sh.month_pos]
    if not kept.any():
        return 0, ()
    mo = sh.month_pos[kept]
    codes = (ix.category if grouping == "category" else ix.confidence)[mo].astype(np.int64)
    labels = list(CATEGORIES if grouping == "category" else CONFIDENCE)
    ok = codes >= 0
    mo, codes = mo[ok], codes[ok]
    m_s, m_e = (m[kept][ok] for m in sh.month_span)
    k = np.maximum(m_e - m_s + 1, 0)
    idx = np.repeat(np.arange(k.size), k)
    months = m_s[idx] + (np.arange(idx.size) - np.repeat(np.cumsum(k) - k, k))
    if not months.size:
        return int(mo.size), ()
    m0 = int(months.min())
    counts = np.bincount((months - m0) * len(labels) + codes[idx])
    rows = tuple((np.datetime64(m0 + int(u // len(labels)), "M"), labels[int(u % len(labels))], int(counts[u]))
                 for u in np.flatnonzero(counts))
    return int(mo.size), rows


def counts_view(sel: Selection, freq: str = "D", by: str = "category", value: str = "count") -> CountsView:
    """Events of ``sel`` per day (``freq="D"``) or week (``"W"``, Monday first), by category
    (or ``by="actor"``, ``"place"``, ``"confidence"``): ``value="count"`` events under way in
    the period, ``"share"`` each event's weight of 1 split over its days. Over the selection's
    span (``Timeline.span`` of the filtered timeline); the zoom is not applied."""
    if value not in ("count", "share"):
        raise ValueError(f"unknown value {value!r} for `value` (expected 'count' or 'share')")
    f = str(freq).upper()
    if f not in ("D", "W"):
        raise ValueError(f"unknown value {freq!r} for `freq` (expected 'D' or 'W')")
    step = 1 if f == "D" else 7
    sh = shared(sel.index)
    groups = sh.day_groups(by)
    _, _, labels = sh.members(by)
    col = {g: i for i, g in enumerate(labels)}
    cols = [col[g] for g in groups]
    span = sel.span
    if span is None:
        periods = np.zeros(0, dtype="datetime64[us]")
        values = np.zeros((0, len(groups)), dtype=np.int64 if value == "count" else np.float64)
    else:
        lo, hi = (int(np.datetime64(pd.Timestamp(t).to_datetime64(), "us").astype(np.int64) // DAY_US) for t in span)
        if step == 1 and by == "category" and value == "count":  # the selection's own per-day counts
            d0 = sel.index.day0
            values = sel.daily[lo - d0:hi - d0 + 1][:, [_CAT_INDEX[g] for g in groups]]
            p0 = lo
        else:
            count, share = _grid(sh, sel.events, by, lo, hi, step)
            values = (count if value == "count" else share)[:, cols]
            p0 = int(_period_start(np.array([lo]), step)[0])
        periods = (p0 + np.arange(values.shape[0], dtype=np.int64) * step).astype("datetime64[D]") \
            .astype("datetime64[us]")
    vmax = float(values.sum(axis=1).max()) if values.size else 0.0
    text = period_texts(sh.day_text(periods.astype("datetime64[D]").astype(np.int64)), step)
    grouping = by if by in ("category", "confidence") else "category"
    n_month, rows = _month_rows(sh, sel.events, grouping)
    return CountsView(freq=f, by=by, value=value, n=sel.n, groups=groups, periods=periods, period_text=text, values=values, vmax=vmax,
                      span=span, n_month=n_month, month_rows=rows, month_grouping=grouping,
                      note_room=sh.any_month_only, publishers=tuple(sel.publishers),
                      phases=sh.phases)
