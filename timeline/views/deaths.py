"""Per-event death figures: each event's own casualty figure as its reporter gives it, and the
deaths chart's view — those figures added up per day or week by category.

A per-event figure is a row of ``casualty_reports`` with ``tally`` "incident" about one event of the
timeline: ACLED's ``fatalities``, UCDP GED's ``best`` (with its ``low`` and ``high`` estimates), or a
figure an organisation gave for one event of the bundled timeline. They are claims about single
events, never a running toll, and they are never mixed with the running tolls.

- :func:`event_figures` — the per-event figures of one index as codes (:class:`EventFigures`),
  built on first use and kept while the index lives;
- :func:`deaths_view` — a :class:`DeathsView`: the figures of one organisation for the kept
  events, summed per period and category (numpy over the codes, the same for 44 events or a
  million).

Which figures count. An event counts once per organisation: when an organisation gave several
figures for one event, the latest published counts (on the same day, the largest). The chart adds
up one organisation's figures only (by default the one with the most per-event figures in the
timeline; for ACLED and GED, the dataset), so figures of different organisations are never added.
A figure is kept when the selection keeps it (``Selection.reports``: its event is kept, its
reporter passes the reporters filter and, as :func:`~timeline.filters.apply_filters` has it, the
day it was published is within the dates). A figure goes on its event's first day; figures of events known only to the month are on no day (counted for the note).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from ..index import EventIndex
from ..labels import period_texts, publisher_order
from ..schema import CATEGORIES, MEASURES
from . import Selection
from .shared import DAY_US, shared

__all__ = ["Claim", "EventFigures", "DeathsView", "event_figures", "deaths_view", "DATASET_SHARE"]

_CATS = tuple(CATEGORIES)
_MAX = np.iinfo(np.int64).max
#: An organisation whose per-event figures cover at least this share of the events is the
#: timeline's dataset (ACLED, GED): the explorer then shows the deaths chart.
DATASET_SHARE = 0.5


@dataclass(frozen=True)
class Claim:
    """One per-event figure as its reporter gave it: ``killed`` (``killed_total``; ``None`` when
    not stated), ``low``/``high`` (GED's estimates, ``None`` when not given), ``qualifier``
    (exact, at_least, approximately) and ``parts``: the other measures stated, as
    ``(label, value)`` (e.g. ``("civilians", 69)``)."""

    reported_by: str
    killed: int | None
    low: int | None
    high: int | None
    qualifier: str
    parts: tuple[tuple[str, int], ...]


def _ints(cr: pd.DataFrame, col: str) -> np.ndarray:
    """A count column as float (NaN where not stated or absent)."""
    if col not in cr.columns:
        return np.full(len(cr), np.nan)
    return pd.to_numeric(cr[col], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)


def _opt(v: float) -> int | None:
    return None if np.isnan(v) else int(v)


class EventFigures:
    """The per-event figures of one timeline as arrays, one entry per figure (a row of
    ``casualty_reports`` with ``tally`` "incident" whose ``event`` is an event of the timeline):
    ``row`` (its row), ``event`` (the event's position), ``reporter`` (code into
    :attr:`reporters`), ``killed``/``low``/``high`` (float, NaN when not stated), ``counted``
    (the figure that counts for its event and organisation, ``killed`` stated), and per figure its
    event's ``category`` code and first ``day`` (``dated``: on a day, not only a month)."""

    def __init__(self, ix: EventIndex):
        self.index = ix
        tl = ix.tl
        cr = tl.casualty_reports
        event, code, names = ix.report_codes
        incident = (cr["tally"] == "incident").to_numpy(dtype=bool, na_value=False) & (event >= 0)
        self.all_rows = bool(incident.all())
        self.row = np.flatnonzero(incident)
        self.event = event if self.all_rows else event[self.row]
        sub = cr if self.all_rows else cr.iloc[self.row]
        code = code if self.all_rows else code[self.row]
        used = np.bincount(code[code >= 0], minlength=len(names)) > 0  # organisations with a figure here
        remap = np.where(used, np.cumsum(used) - 1, -1)
        self.reporter = np.append(remap, -1)[code].astype(np.int64)
        self.reporters = tuple(str(n) for n, u in zip(names, used) if u)
        self.killed = _ints(sub, "killed_total")
        self.low = _ints(sub, "killed_total_low")
        self.high = _ints(sub, "killed_total_high")
        self._sub = sub
        stated = ~np.isnan(self.killed)
        key = self.event * max(len(self.reporters), 1) + self.reporter
        if key.size < 2 or bool(np.all(np.diff(key) > 0)):  # one figure per event and organisation
            self.counted = stated
        else:  # the latest published, then the largest, of each (event, organisation)
            pub = np.asarray(sub["published"], dtype="datetime64[us]").astype(np.int64)
            cand = np.flatnonzero(stated)
            order = cand[np.lexsort((-self.killed[cand], -pub[cand], key[cand]))]
            _, first = np.unique(key[order], return_index=True)
            self.counted = np.zeros(key.size, dtype=bool)
            self.counted[order[first]] = True
        self.category = ix.category[self.event].astype(np.int64)
        sh = shared(ix)
        self.day = sh.start_day[self.event]
        self.dated = ~ix.month_only[self.event] & (ix.start_us[self.event] != _MAX) & (self.category >= 0)
        self.month = ix.month_only[self.event] & (self.category >= 0)
        #: figure i is about event i (ACLED, GED: one figure per event, in event order)
        self.identity = self.all_rows and len(self.event) == ix.n and bool(np.array_equal(self.event, np.arange(ix.n)))
        self._claims: dict[int, Claim] = {}

    # --- which organisation -----------------------------------------------------------------------
    @cached_property
    def per_reporter(self) -> np.ndarray:
        """Counted figures per organisation (in :attr:`reporters` order)."""
        ok = self.counted & (self.reporter >= 0)
        return np.bincount(self.reporter[ok], minlength=len(self.reporters)).astype(np.int64)

    @cached_property
    def main_reporter(self) -> str | None:
        """The organisation with the most counted per-event figures (ties: alphabetical), or
        ``None`` when the timeline has none."""
        n = self.per_reporter
        if not n.size or n.max() == 0:
            return None
        best = [r for r, k in zip(self.reporters, n.tolist()) if k == n.max()]
        return sorted(best)[0]

    @cached_property
    def is_dataset(self) -> bool:
        """Whether one organisation gives a figure for at least :data:`DATASET_SHARE` of the events
        (ACLED, GED): the per-event figures are then the data's own measure of deaths."""
        n = self.per_reporter
        return bool(n.size and self.index.n and n.max() >= DATASET_SHARE * self.index.n)

    def code_of(self, reporter: str | None) -> int:
        """The code of an organisation (``-1`` when it has no per-event figure)."""
        try:
            return self.reporters.index(reporter)
        except ValueError:
            return -1

    def mine(self, code: int) -> np.ndarray:
        """Per figure: it is the counted figure of organisation ``code`` for its event."""
        cache = self.__dict__.setdefault("_mine", {})
        if code not in cache:
            if code < 0:
                cache[code] = np.zeros(len(self.event), dtype=bool)
            else:
                cache[code] = self.counted if len(self.reporters) == 1 else self.counted & (self.reporter == code)
        return cache[code]

    def has_range(self, code: int) -> bool:
        """Whether the organisation's counted figures give low or high estimates (GED)."""
        m = self.mine(code)
        return bool((~np.isnan(self.low[m])).any() or (~np.isnan(self.high[m])).any())

    def plan(self, code: int, step: int) -> dict:
        """What the deaths chart of organisation ``code`` per ``step`` days needs whatever the
        filters, computed once: its categories, its figures on a day (``on_day``) and of events
        known only to the month (``month``), and per figure its bin in the grid of every period
        of the timeline × category (``key``; ``p0`` the first period's day), with the low and
        high estimates to add (a figure without them counts its own value)."""
        cache = self.__dict__.setdefault("_plans", {})
        if (code, step) not in cache:
            mine = self.mine(code)
            on_day = mine & self.dated
            have = np.bincount(self.category[on_day], minlength=len(_CATS)) > 0
            days = self.day[on_day]
            p0 = int(_period_start(days.min(keepdims=True), step)[0]) if days.size else 0
            p1 = int(_period_start(days.max(keepdims=True), step)[0]) if days.size else -step
            period = np.where(on_day, (_period_start(self.day, step) - p0) // step, 0)
            rng = self.has_range(code)
            cache[(code, step)] = {
                "cols": np.flatnonzero(have), "on_day": on_day, "month": mine & self.month,
                "key": period * len(_CATS) + np.maximum(self.category, 0), "period": period, "p0": p0,
                "n_periods": (p1 - p0) // step + 1, "has_range": rng,
                "low": np.where(np.isnan(self.low), self.killed, self.low) if rng else None,
                "high": np.where(np.isnan(self.high), self.killed, self.high) if rng else None}
        return cache[(code, step)]

    # --- what a selection keeps -------------------------------------------------------------------
    def kept(self, sel: Selection) -> np.ndarray:
        """Per figure: whether ``sel`` keeps it (:attr:`Selection.reports`; its event is kept)."""
        return sel.reports if self.all_rows else sel.reports[self.row]

    def event_deaths(self, sel: Selection, reporter: str | None = None) -> tuple[str | None, np.ndarray]:
        """``(organisation, deaths per event)``: the counted figure of ``reporter`` (default
        :attr:`main_reporter`) of each kept event, 0 elsewhere (float, one per event)."""
        name = self.main_reporter if reporter is None else reporter
        code = self.code_of(name)
        cache = self.__dict__.setdefault("_killed_of", {})
        if code not in cache:  # the organisation's counted figure per figure, 0 elsewhere
            cache[code] = np.where(self.mine(code), np.nan_to_num(self.killed), 0.0)
        kept = self.kept(sel)
        if self.identity:  # figure i is about event i (ACLED, GED)
            return (name if code >= 0 else None), kept * cache[code]
        rows = np.flatnonzero(kept & self.mine(code))
        return (name if code >= 0 else None), np.bincount(self.event[rows], weights=self.killed[rows],
                                                          minlength=self.index.n)

    # --- the table --------------------------------------------------------------------------------
    @cached_property
    def _by_event(self) -> tuple[np.ndarray, np.ndarray]:
        order = np.argsort(self.event, kind="stable")
        return order, np.searchsorted(self.event[order], np.arange(self.index.n + 1), side="left")

    def claims(self, sel: Selection, pos: int) -> tuple[Claim, ...]:
        """The figures of the event at position ``pos`` that ``sel`` keeps, in file order."""
        order, offsets = self._by_event
        idx = order[offsets[pos]:offsets[pos + 1]]
        idx = idx[sel.reports[self.row[idx]]]
        return tuple(self._claim(i) for i in idx.tolist())

    @cached_property
    def distinct_claims(self) -> tuple[np.ndarray, tuple[Claim, ...]]:
        """``(codes, claims)``: per figure, a code into ``claims``, the distinct claims of the
        timeline (figures alike in organisation, qualifier and every value stated share one), in
        order of first appearance."""
        sub = self._sub
        cols = {"reporter": self.reporter, "killed": self.killed, "low": self.low, "high": self.high}
        for m in MEASURES:
            if m != "killed_total" and m in sub.columns:
                cols[m] = _ints(sub, m)
        if "qualifier" in sub.columns:
            cols["qualifier"] = sub["qualifier"].astype("object").fillna("").astype("str").to_numpy()
        if not len(self.event):
            return np.zeros(0, dtype=np.int64), ()
        keys = pd.DataFrame(cols)
        codes = keys.groupby(list(cols), sort=False, dropna=False).ngroup().to_numpy(dtype=np.int64)
        first = np.full(int(codes.max()) + 1, len(codes), dtype=np.int64)
        np.minimum.at(first, codes, np.arange(len(codes)))
        order = np.argsort(first, kind="stable")  # codes by first appearance
        rank = np.empty_like(order)
        rank[order] = np.arange(order.size)
        return rank[codes], tuple(self._claim(int(i)) for i in first[order].tolist())

    def _claim(self, i: int) -> Claim:
        got = self._claims.get(i)
        if got is None:
            sub = self._sub
            parts = []
            for m, label in MEASURES.items():
                if m != "killed_total" and m in sub.columns:
                    v = sub[m].iat[i]
                    if not pd.isna(v):
                        parts.append((label, int(v)))
            q = sub["qualifier"].iat[i] if "qualifier" in sub.columns else None
            got = self._claims[i] = Claim(
                reported_by=self.reporters[self.reporter[i]] if self.reporter[i] >= 0 else "",
                killed=_opt(self.killed[i]), low=_opt(self.low[i]), high=_opt(self.high[i]),
                qualifier="" if q is None or pd.isna(q) else str(q), parts=tuple(parts))
        return got


def event_figures(ix: EventIndex) -> EventFigures:
    """The :class:`EventFigures` of ``ix``, built on first use and kept with it."""
    return ix.derived("event_figures", EventFigures)


# ------------------------------------------------------------------------------------------------
# The deaths chart's view
# ------------------------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class DeathsView:
    """What the deaths chart of one selection shows: ``values[i, j]`` deaths that ``reporter``
    gave for the kept events of category ``categories[j]`` starting in the period ``periods[i]``
    (the day, or the Monday of the week), from ``figures[i, j]`` figures; ``low``/``high`` the
    period's sums of the low and high estimates (a figure without them counts its own value;
    ``None`` unless ``has_range``). ``total``: deaths on the chart; ``n_figures``: figures added.
    ``n_month``/``month_total``: kept figures of events known only to the month (on no day);
    ``others``: ``(organisation, figures)`` of the other organisations' per-event figures of the
    kept events, not added in; ``note_room``: the timeline has month-only figures or other
    organisations (the chart keeps room for the note). ``reporter`` is ``None`` when the timeline
    has no per-event figure."""

    freq: str
    reporter: str | None
    categories: tuple[str, ...]
    periods: np.ndarray
    period_text: np.ndarray
    values: np.ndarray
    figures: np.ndarray
    low: np.ndarray | None
    high: np.ndarray | None
    has_range: bool
    total: int
    n_figures: int
    n_events: int
    n_month: int
    month_total: int
    others: tuple[tuple[str, int], ...]
    note_room: bool
    vmax: float
    span: tuple | None
    publishers: tuple[str, ...]
    phases: tuple[dict, ...]


def _period_start(days: np.ndarray, step: int) -> np.ndarray:
    # 1970-01-01 (day 0) was a Thursday: weekday (Monday = 0) is (day + 3) % 7
    return days if step == 1 else days - (days + 3) % 7


def deaths_view(sel: Selection, freq: str = "W", reporter: str | None = None) -> DeathsView:
    """The per-event figures of ``reporter`` (default: the organisation with the most, see
    :attr:`EventFigures.main_reporter`) for the kept events, summed per day (``freq="D"``) or
    week (``"W"``, Monday first) and category, over the selection's span. The categories are
    those the organisation's figures have in the whole timeline, so every view of a timeline has
    the same bars."""
    f = str(freq).upper()
    if f not in ("D", "W"):
        raise ValueError(f"unknown value {freq!r} for `freq` (expected 'D' or 'W')")
    step = 1 if f == "D" else 7
    fig = event_figures(sel.index)
    sh = shared(sel.index)
    name = fig.main_reporter if reporter is None else reporter
    code = fig.code_of(name)
    if reporter is not None and code < 0 and fig.reporters:
        raise ValueError(f"no per-event figures by {reporter!r} (organisations with some: {', '.join(fig.reporters)})")
    plan = fig.plan(code, step)
    cols = plan["cols"]
    categories = tuple(_CATS[c] for c in cols)
    has_range = plan["has_range"]
    kept = fig.kept(sel)
    on_day = np.flatnonzero(kept & plan["on_day"])
    span = sel.span
    n_cat = len(_CATS)
    if span is None or not len(cols):
        a, n_periods, p0 = 0, 0, 0
    else:  # the span's periods, as rows of the plan's grid of every period of the timeline
        lo, hi = (int(np.datetime64(pd.Timestamp(t).to_datetime64(), "us").astype(np.int64) // DAY_US) for t in span)
        p0 = int(_period_start(np.array([lo]), step)[0])
        a = (p0 - plan["p0"]) // step
        n_periods = (int(_period_start(np.array([hi]), step)[0]) - p0) // step + 1
    grid = max(plan["n_periods"], 0)
    keys = plan["key"][on_day]
    killed = fig.killed[on_day]

    def rows(counts: np.ndarray, width: int) -> np.ndarray:
        """Rows ``a`` to ``a + n_periods`` of a grid, zeros outside the timeline's periods."""
        counts = counts.reshape(grid, width)
        out = np.zeros((n_periods, width), dtype=counts.dtype)
        lo_r, hi_r = max(a, 0), min(a + n_periods, grid)
        if hi_r > lo_r:
            out[lo_r - a:hi_r - a] = counts[lo_r:hi_r]
        return out

    values = rows(np.bincount(keys, weights=killed, minlength=grid * n_cat), n_cat)[:, cols]
    figures = rows(np.bincount(keys, minlength=grid * n_cat), n_cat)[:, cols]
    low = high = None
    if has_range:
        period = plan["period"][on_day]
        low = rows(np.bincount(period, weights=plan["low"][on_day], minlength=grid), 1)[:, 0]
        high = rows(np.bincount(period, weights=plan["high"][on_day], minlength=grid), 1)[:, 0]
    values = values.astype(np.int64)
    periods = (p0 + np.arange(n_periods, dtype=np.int64) * step).astype("datetime64[D]").astype("datetime64[us]")
    text = period_texts(sh.day_text(periods.astype("datetime64[D]").astype(np.int64)), step)
    month = np.flatnonzero(kept & plan["month"]) if plan["month"].any() else np.zeros(0, dtype=np.int64)
    others: tuple[tuple[str, int], ...] = ()
    if len(fig.reporters) > 1:
        other = kept & fig.counted & (fig.reporter != code) & (fig.reporter >= 0)
        n_other = np.bincount(fig.reporter[other], minlength=len(fig.reporters))
        others = tuple((r, int(k)) for r, k in zip(fig.reporters, n_other.tolist()) if k)
    any_month = bool(plan["month"].any())
    totals = values.sum(axis=1) if values.size else np.zeros(0)
    vmax = float(max(totals.max() if totals.size else 0.0, high.max() if high is not None and high.size else 0.0))
    return DeathsView(
        freq=f, reporter=name if code >= 0 else None, categories=categories, periods=periods, period_text=text,
        values=values, figures=figures.astype(np.int64), low=low, high=high, has_range=has_range,
        total=int(values.sum()), n_figures=int(on_day.size), n_events=sel.n,
        n_month=int(month.size), month_total=int(fig.killed[month].sum()),
        others=others, note_room=any_month or len(fig.reporters) > 1 and code >= 0, vmax=vmax, span=span,
        publishers=_publishers(sel, fig, on_day), phases=sh.phases)


def _publishers(sel: Selection, fig: EventFigures, rows: np.ndarray) -> tuple[str, ...]:
    """Who reported the events whose figures are added: for a dataset (ACLED, GED) the outlets the
    kept events cite; otherwise those the events with an added figure cite."""
    if not rows.size:
        return ()
    if fig.is_dataset:
        return tuple(sel.publishers)
    mask = np.zeros(sel.index.n, dtype=bool)
    mask[fig.event[rows]] = True
    return tuple(publisher_order(sel.index.publisher_counts(mask)))
