"""The timeline chart's view: each event in its lane, or per-day density when too many are in view.

:func:`timeline_view` turns a :class:`~timeline.views.Selection` into a :class:`TimelineView`
of small arrays. The lanes, the (category, kind of date) groups and the phases are those of the
whole timeline, so every view of one timeline has the same structure; only the marks and counts
change. ``mode`` is ``"events"`` (one mark per event: dots, bars, hollow approximate dates,
month-long spans, stacked in tracks within their lane) or ``"density"`` (by category, with
more than ``max_markers`` events in view: events under way per day, per category). Zooming in
(``sel.zoomed``) narrows the events in view, so a zoom below the threshold shows each event.
The marks and the strips are laid out from plain arrays (:func:`event_marks`,
:func:`density_marks`), so the view over a scan (:func:`timeline.scale.views.timeline_view`)
lays them out with the same code.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..labels import DAY, KINDS, NOMINAL_WIDTH, publisher_order, span_range
from ..schema import CATEGORIES
from . import Selection
from .shared import DAY_US, shared

__all__ = ["TimelineView", "EventMarks", "timeline_view", "view_mode", "event_marks", "density_marks", "empty_marks",
           "DENSITY_THRESHOLD", "TRACK_H", "LANE_PAD", "DENSITY_LANE", "DENSITY_PAD"]

#: Above this many events in view the timeline draws per-day density instead of one mark per
#: event: beyond a few thousand markers a plotly chart is slow to send and to draw, and the
#: marks hide each other anyway.
DENSITY_THRESHOLD = 5000

TRACK_H = 0.55       # y units per track; a lane is tracks × TRACK_H + LANE_PAD high
LANE_PAD = 0.5
MAX_TRACKS = 8       # overlapping marks stack up to this many tracks, then wrap
DENSITY_LANE = 1.2   # y units per density lane (a strip and a little padding)
DENSITY_PAD = 0.12
_CAT_INDEX = {c: i for i, c in enumerate(CATEGORIES)}


@dataclass(frozen=True, eq=False)
class EventMarks:
    """The marks of one (category, kind of date): ``start`` (first day, ``datetime64[us]``),
    ``length_ms`` (days covered, in milliseconds: bars), ``y``, ``height`` (bar thickness in y
    units), ``hover`` and ``ids``. Empty arrays when the view has none."""

    category: str
    kind: str
    start: np.ndarray
    length_ms: np.ndarray
    y: np.ndarray
    height: np.ndarray
    hover: np.ndarray
    ids: np.ndarray


@dataclass(frozen=True, eq=False)
class TimelineView:
    """What the timeline chart of one selection shows.

    ``lanes``/``centres``/``bounds``: lane names top first, their centres and edges in y units
    (the y axis runs down). ``marks``: one :class:`EventMarks` per (category, kind) of the whole
    timeline (filled in events mode). ``strips``: categories of the density strips (empty when
    the timeline can never be dense); ``days`` and ``z`` (``days × strips``) their counts in
    density mode. ``switchable``: the whole timeline is over the threshold, so the chart names
    its mode. ``kinds``/``categories``: the key and legend entries (whole timeline);
    ``kinds_shown``/``categories_shown``: those the view has."""

    by: str
    mode: str
    limit: int
    switchable: bool
    n: int
    n_month: int
    span: tuple | None
    rng: tuple | None
    lanes: tuple[str, ...]
    centres: np.ndarray
    bounds: np.ndarray
    marks: tuple[EventMarks, ...]
    strips: tuple[str, ...]
    days: np.ndarray
    z: np.ndarray
    kinds: tuple[str, ...]
    kinds_shown: frozenset
    categories: tuple[str, ...]
    categories_shown: frozenset
    publishers: tuple[str, ...]
    phases: tuple[dict, ...]


def _stack_tracks(lane: np.ndarray, s: np.ndarray, e: np.ndarray, max_tracks: int) -> np.ndarray:
    """A track (row within its lane) for each item occupying [s, e) days: the number of earlier
    items of its lane not yet finished at its start, so overlapping dots and bars sit one above
    the other. Vectorised per lane (sort + searchsorted); wraps at ``max_tracks``."""
    n = len(s)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((-(e - s), s, lane))
    lane_o, s_o, e_o = lane[order], s[order], e[order]
    track = np.zeros(n, dtype=np.int64)
    bounds = np.flatnonzero(np.r_[True, lane_o[1:] != lane_o[:-1], True])
    for a, b in zip(bounds[:-1], bounds[1:]):  # one iteration per lane, not per event
        ss, ee = s_o[a:b], e_o[a:b]
        finished = np.searchsorted(np.sort(ee), ss, side="right")
        track[order[a:b]] = (np.arange(b - a) - finished) % max_tracks
    return track


def empty_marks(category: str, kind: str) -> EventMarks:
    """The marks of a (category, kind) with none in view (the density mode's)."""
    f = np.zeros(0, dtype=float)
    return EventMarks(category, kind, np.zeros(0, dtype="datetime64[us]"), f, f, f,
                      np.zeros(0, dtype=object), np.zeros(0, dtype=object))


def timeline_view(sel: Selection, by: str = "category", max_markers: int | None = DENSITY_THRESHOLD
                  ) -> TimelineView:
    """The timeline of ``sel``: one lane per category (or ``by="actor"``, ``"place"``,
    ``"confidence"``; an event with two actors is in both their lanes), each event as a mark —
    or, with ``by="category"`` and more than ``max_markers`` events in view (``0`` or ``None``:
    never), events under way per day and category (as ``events_per_period(view, "D")``; events
    known only to the month are on no day). With ``sel.zoom`` set, the events in view are those
    of the zoomed days (``sel.in_zoom``) and the date range is the zoom's."""
    sh = shared(sel.index)
    ix = sel.index
    limit = int(max_markers or 0)
    lanes, pair_ev, pair_lane = sh.lanes(by)
    mask = sel.in_zoom
    zoomed = sel.zoom is not None
    n = sel.n if not zoomed else int(np.count_nonzero(mask))
    span = sel.span if not zoomed else ix.span(mask)
    rng = (pd.Timestamp(sel.zoom[0]), pd.Timestamp(sel.zoom[1])) if zoomed else span_range(span)
    switchable, mode = view_mode(by, limit, ix.n, n)
    strips = sh.categories if switchable else ()
    common = dict(by=by, mode=mode, limit=limit, switchable=switchable, n=n,
                  n_month=int(np.count_nonzero(mask[sh.month_pos])), span=span, rng=rng, lanes=tuple(lanes),
                  kinds=sh.kinds, categories=sh.categories, phases=sh.phases, strips=strips,
                  publishers=tuple(sel.publishers) if not zoomed else _publishers(ix, mask))
    if mode == "density":
        return TimelineView(**common, **density_marks(sh.groups, strips, *_density(sel, mask, zoomed, rng, strips)))
    # each event: the (event, lane) pairs in view, in file order
    keep = mask[pair_ev]
    ev, lane = pair_ev[keep], pair_lane[keep]
    return TimelineView(**common, **event_marks(
        sh.groups, strips, len(lanes), rng, lane, sh.start_day[ev], sh.end_day[ev], sh.kind[ev], ix.category[ev],
        sh.hover(ev), ix.tl.events["id"].take(ev).to_numpy(dtype=object)))


def view_mode(by: str, limit: int, n_total: int, n: int) -> tuple[bool, str]:
    """``(switchable, mode)`` of a view of ``n`` events in view of a timeline of ``n_total``:
    by category, a timeline of more than ``limit`` events can switch to density, and does when
    more than ``limit`` are in view (``limit`` 0: never)."""
    switchable = by == "category" and 0 < limit < n_total
    return switchable, "density" if switchable and n > limit else "events"


def density_marks(groups, strips: tuple[str, ...], days: np.ndarray, z: np.ndarray) -> dict:
    """The density mode's fields of a :class:`TimelineView`: one strip per category of
    ``strips``, ``z`` (``days × strips``) the events under way on each of ``days``, and the
    (empty) marks of every (category, kind) of ``groups``."""
    tops = np.arange(len(strips)) * DENSITY_LANE
    return dict(centres=tops + DENSITY_LANE / 2, bounds=np.r_[tops, len(strips) * DENSITY_LANE],
                marks=tuple(empty_marks(c, k) for c, k in groups), days=days, z=z, kinds_shown=frozenset(),
                categories_shown=frozenset(c for c, i in zip(strips, z.sum(axis=0)) if i > 0))


def event_marks(groups, strips: tuple[str, ...], n_lanes: int, rng, lane: np.ndarray, start_day: np.ndarray,
                end_day: np.ndarray, kind: np.ndarray, category: np.ndarray, hover: np.ndarray, ids: np.ndarray) -> dict:
    """The events mode's fields of a :class:`TimelineView`, from (event, lane) pairs given in
    file order: ``marks`` (one :class:`EventMarks` per (category, kind) of
    ``groups``), ``centres`` and ``bounds`` of the ``n_lanes`` lanes, ``kinds_shown`` and
    ``categories_shown``. Per pair: its ``lane``, its event's first and last day numbers,
    kind of date (index into :data:`~timeline.labels.KINDS`), category code, hover text and id.
    Marks overlapping within a lane stack in tracks; the date range ``rng`` sets a dot's width."""
    lane = np.asarray(lane, dtype=np.int64)
    s_day, e_day = np.asarray(start_day, dtype=np.int64), np.asarray(end_day, dtype=np.int64)
    kind = np.asarray(kind, dtype=np.int64)
    lo_day = _day(rng[0]) if rng is not None else 0
    span_days = ((rng[1] - rng[0]) / DAY) if rng is not None else 30.0
    dot_days = max(1.0, span_days * 13 / (NOMINAL_WIDTH - 250))  # a dot is about 13 px wide
    s = (s_day - lo_day).astype(float)
    length = (e_day - s_day + 1).astype(float)
    is_point = kind >= 3  # approx_point, point (see KINDS)
    is_month = kind == 0
    occupied = np.where(is_point, dot_days, length + dot_days * 0.4)
    track = np.zeros(len(lane), dtype=np.int64)  # month-only spans fill the lane, outside the stacking
    track[~is_month] = _stack_tracks(lane[~is_month], s[~is_month], s[~is_month] + occupied[~is_month], MAX_TRACKS)
    n_tracks = np.ones(n_lanes, dtype=np.int64)
    if n_lanes and (~is_month).any():
        np.maximum.at(n_tracks, lane[~is_month], track[~is_month] + 1)
    heights = n_tracks * TRACK_H + LANE_PAD
    tops = np.r_[0.0, np.cumsum(heights)[:-1]] if n_lanes else np.zeros(0)
    y = tops[lane] + LANE_PAD / 2 + (track + 0.5) * TRACK_H if n_lanes else np.zeros(0)
    y = np.where(is_month, (tops + heights / 2)[lane] if n_lanes else 0.0, y)
    height = np.where(is_month, heights[lane] - 0.1 if n_lanes else 0.0, TRACK_H * 0.6)
    start = s_day.astype("datetime64[D]").astype("datetime64[us]")
    length_ms = length * 86_400_000.0
    hover, ids = np.asarray(hover, dtype=object), np.asarray(ids, dtype=object)
    key = np.asarray(category, dtype=np.int64) * 8 + kind
    marks = []
    for c, k in groups:
        rows = np.flatnonzero(key == _CAT_INDEX[c] * 8 + KINDS.index(k))
        marks.append(EventMarks(c, k, start[rows], length_ms[rows], y[rows], height[rows], hover[rows], ids[rows]))
    bounds = np.r_[tops, tops[-1] + heights[-1]] if n_lanes else np.array([0.0])
    return dict(marks=tuple(marks), centres=tops + heights / 2, bounds=bounds,
                days=np.zeros(0, dtype="datetime64[us]"), z=np.zeros((0, len(strips)), dtype=np.int64),
                kinds_shown=frozenset(m.kind for m in marks if m.ids.size),
                categories_shown=frozenset(m.category for m in marks if m.ids.size))


def _day(ts) -> int:
    return int(np.datetime64(pd.Timestamp(ts).to_datetime64(), "us").astype(np.int64) // DAY_US)


def _publishers(ix, mask) -> tuple[str, ...]:
    return tuple(publisher_order(ix.publisher_counts(mask)))


def _density(sel: Selection, mask: np.ndarray, zoomed: bool, rng, strips) -> tuple[np.ndarray, np.ndarray]:
    """Days (at noon) over ``rng`` and the events under way on each, one column per strip."""
    ix = sel.index
    daily = sel.daily if not zoomed else ix.daily_counts(mask)
    day0 = ix.day0
    lo, hi = 0, daily.shape[0]
    if rng is not None and daily.shape[0]:
        lo = min(max(_day(rng[0]) - day0, 0), daily.shape[0])
        hi = min(max(int(np.ceil((pd.Timestamp(rng[1]) - pd.Timestamp(int(day0), unit="D")) / DAY)), lo),
                 daily.shape[0])
    days = (np.arange(lo, hi, dtype=np.int64) + day0).astype("datetime64[D]").astype("datetime64[us]") \
        + np.timedelta64(12, "h")
    cols = [_CAT_INDEX[c] for c in strips]
    return days, daily[lo:hi][:, cols]
