"""What the views of one timeline share whatever the filters: kinds of date, group memberships,
lanes, phases and hover texts, computed once per :class:`~timeline.index.EventIndex`.

They depend only on the (immutable) timeline, so every view of it draws the same lanes and
traces; :func:`shared` keeps one :class:`Shared` per index for as long as the index lives (as
:func:`timeline.index.index_of` keeps one index per timeline). Pure numpy/pandas.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd

from .. import series as _series
from ..labels import KINDS, day_text, event_table
from ..index import EventIndex
from ..schema import CATEGORIES, CONFIDENCE

__all__ = ["Shared", "shared", "BY_CHOICES", "MAX_LANES", "DAY_US"]

BY_CHOICES = ("category", "actor", "place", "confidence")
MAX_LANES = 24  # actors or places beyond this many share one "Other N actors" lane
DAY_US = 86_400_000_000
_KIND = {k: i for i, k in enumerate(KINDS)}


def check_by(by: str) -> None:
    if by not in BY_CHOICES:
        raise ValueError(f"unknown value {by!r} for `by` (expected one of: {', '.join(BY_CHOICES)})")


class Shared:
    """The filter-independent parts of one timeline's views (each built on first use)."""

    def __init__(self, ix: EventIndex):
        self.ix = ix
        self._members: dict[str, tuple] = {}
        self._lanes: dict[str, tuple] = {}
        self._day_groups: dict[str, tuple] = {}
        self._hover = np.full(ix.n, None, dtype=object)

    # --- days --------------------------------------------------------------------------------
    @cached_property
    def start_day(self) -> np.ndarray:
        """Day number (days since 1970-01-01) of each event's start."""
        return self.ix.start_us // DAY_US

    @cached_property
    def end_day(self) -> np.ndarray:
        """Day number of each event's last day (``span_end``)."""
        return self.ix.span_us // DAY_US

    @cached_property
    def kind(self) -> np.ndarray:
        """The kind of date of each event, as an index into :data:`~timeline.labels.KINDS`
        (as :func:`~timeline.labels.kind_of`)."""
        prec = self.ix.tl.events["date_precision"]
        approx = (prec == "approximate").to_numpy(dtype=bool, na_value=False)
        multi = self.end_day > self.start_day
        out = np.full(self.ix.n, _KIND["point"], dtype=np.int8)
        out[multi] = _KIND["span"]
        out[approx] = _KIND["approx_point"]
        out[approx & multi] = _KIND["approx_span"]
        out[self.ix.month_only] = _KIND["month"]
        return out

    @cached_property
    def groups(self) -> tuple[tuple[str, str], ...]:
        """Every (category, kind of date) the timeline has, in drawing order (categories in
        vocabulary order; faint month spans first, dots last)."""
        cat = self.ix.category.astype(np.int64)
        ok = cat >= 0
        have = np.bincount(cat[ok] * len(KINDS) + self.kind[ok], minlength=len(CATEGORIES) * len(KINDS)) > 0
        return tuple((c, k) for i, c in enumerate(CATEGORIES) for j, k in enumerate(KINDS)
                     if have[i * len(KINDS) + j])

    @cached_property
    def categories(self) -> tuple[str, ...]:
        """The categories of the timeline's events, in vocabulary order."""
        cat = self.ix.category
        have = np.bincount(cat[cat >= 0].astype(np.int64), minlength=len(CATEGORIES)) > 0
        return tuple(c for c, h in zip(CATEGORIES, have) if h)

    @cached_property
    def kinds(self) -> tuple[str, ...]:
        """The kinds of date the timeline has, in :data:`KINDS` order."""
        have = np.bincount(self.kind.astype(np.int64), minlength=len(KINDS)) > 0
        return tuple(k for k, h in zip(KINDS, have) if h)

    @cached_property
    def phases(self) -> tuple[dict, ...]:
        """The rows of ``timeline.series.phase_intervals`` of the timeline, as dicts."""
        return tuple(_series.phase_intervals(self.ix.tl).to_dict("records"))

    @cached_property
    def _day_texts(self) -> tuple[int, np.ndarray]:
        """'7 Mar 2025' for every day of the timeline (and the week before its first day)."""
        first = self.ix.day0 - 6
        dated = self.ix.start_us != np.iinfo(np.int64).max
        last = int(self.end_day[dated].max()) if dated.any() else self.ix.day0
        days = np.arange(first, last + 1)
        return first, day_text(pd.Series(days.astype("datetime64[D]").astype("datetime64[us]"))).to_numpy(dtype=object)

    def day_text(self, days: np.ndarray) -> np.ndarray:
        """'7 Mar 2025' for each day number, from the texts of the timeline's days written once."""
        first, texts = self._day_texts
        days = np.asarray(days, dtype=np.int64)
        i = days - first
        inside = (i >= 0) & (i < len(texts))
        if inside.all():
            return texts[i]
        out = np.empty(len(days), dtype=object)
        out[inside] = texts[i[inside]]
        out[~inside] = day_text(pd.Series(days[~inside].astype("datetime64[D]").astype("datetime64[us]"))).to_numpy()
        return out

    # --- groups ------------------------------------------------------------------------------
    def members(self, by: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """``(event_pos, code, labels)``: one row per (event, group) pair, each pair once, sorted
        by event then group; the groups of ``timeline.series.events_per_period(tl, by=by)`` in
        its order (categories and confidence levels in vocabulary order, actors and English
        place names alphabetically; only the places some event refers to)."""
        check_by(by)
        if by not in self._members:
            self._members[by] = self._make_members(by)
        return self._members[by]

    def _make_members(self, by: str):
        ix, tl = self.ix, self.ix.tl
        if by in ("category", "confidence"):
            codes = (ix.category if by == "category" else ix.confidence).astype(np.int64)
            keep = codes >= 0
            return np.flatnonzero(keep), codes[keep], list(CATEGORIES if by == "category" else CONFIDENCE)
        link = ix.actors if by == "actor" else ix.places
        values = pd.Series(link.labels, dtype="object")
        if by == "place":
            names = pd.Series(tl.places["name"].to_numpy(dtype=object), index=tl.places["id"].to_numpy(dtype=object))
            names = names[~names.index.duplicated()]
            values = values.map(names)  # an id not in the places table: no group
        codes_of_label, labels = pd.factorize(values, sort=True, use_na_sentinel=True)
        labels = [str(v) for v in labels]
        code = np.append(np.asarray(codes_of_label, dtype=np.int64), -1)[link.code]
        ok = (link.event >= 0) & (code >= 0)
        if by == "place" and labels:  # only the places some event refers to
            used = np.bincount(code[ok], minlength=len(labels)) > 0
            remap = np.cumsum(used) - 1
            labels = [lab for lab, u in zip(labels, used) if u]
            code = np.where(code >= 0, remap[np.maximum(code, 0)], -1)
        n_groups = max(len(labels), 1)
        pairs = np.unique(link.event[ok].astype(np.int64) * n_groups + code[ok])
        return pairs // n_groups, pairs % n_groups, labels

    def day_groups(self, by: str) -> tuple[str, ...]:
        """The groups that have events placed on days (not only known to the month), in the
        order of :meth:`members`: the bars a count chart of this timeline can draw."""
        if by not in self._day_groups:
            self._day_groups[by] = self._make_day_groups(by)
        return self._day_groups[by]

    @cached_property
    def any_month_only(self) -> bool:
        """Whether some event is known only to the month."""
        return bool(self.month_pos.size)

    @cached_property
    def month_pos(self) -> np.ndarray:
        """Positions of the events known only to the month."""
        return np.flatnonzero(self.ix.month_only)

    @cached_property
    def month_span(self) -> tuple[np.ndarray, np.ndarray]:
        """First and last month (months since 1970-01) of each event of :attr:`month_pos`."""
        pos = self.month_pos
        to_month = lambda d: d.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)  # noqa: E731
        return to_month(self.start_day[pos]), to_month(self.end_day[pos])

    def _make_day_groups(self, by: str) -> tuple[str, ...]:
        pos, code, labels = self.members(by)
        dated = ~self.ix.month_only[pos] & (self.ix.start_us[pos] != np.iinfo(np.int64).max)
        have = np.bincount(code[dated], minlength=len(labels)) > 0
        return tuple(g for g, h in zip(labels, have) if h)

    def lanes(self, by: str) -> tuple[list[str], np.ndarray, np.ndarray]:
        """The timeline chart's lanes, top first, and its (event, lane) pairs: categories in
        vocabulary order, confidence high to low; actors and places busiest first, those past
        :data:`MAX_LANES` in one lane "Other N actors" (or places)."""
        check_by(by)
        if by not in self._lanes:
            self._lanes[by] = self._make_lanes(by)
        return self._lanes[by]

    def _make_lanes(self, by: str):
        pos, code, labels = self.members(by)
        if by in ("category", "confidence"):
            have = np.bincount(code, minlength=len(labels)) > 0
            order = [i for i in range(len(labels)) if have[i]]
            if by == "confidence":
                order = order[::-1]
        else:
            n = np.bincount(code, minlength=len(labels))
            order = sorted((i for i in range(len(labels)) if n[i] > 0), key=lambda i: (-n[i], labels[i]))
        lane_of = np.full(max(len(labels), 1), -1, dtype=np.int64)
        names = [labels[i] for i in order]
        if len(order) > MAX_LANES:
            kept, rest = order[:MAX_LANES - 1], order[MAX_LANES - 1:]
            lane_of[kept] = np.arange(len(kept))
            lane_of[rest] = len(kept)
            names = names[:MAX_LANES - 1] + [f"Other {len(rest)} {by}s"]
        else:
            lane_of[order] = np.arange(len(order))
        lane = lane_of[code] if code.size else code
        pairs = np.unique(pos * max(len(names), 1) + lane)  # two actors in "Other": one mark
        return names, pairs // max(len(names), 1), pairs % max(len(names), 1)

    # --- text ----------------------------------------------------------------------------------
    def hover(self, pos: np.ndarray) -> np.ndarray:
        """The hover text of the events at positions ``pos`` (see
        :func:`~timeline.labels.event_table`), each made once and kept."""
        pos = np.asarray(pos, dtype=np.int64)
        cache = self._hover
        missing = np.unique(pos[pd.isna(cache[pos])]) if pos.size else pos
        if missing.size:
            cache[missing] = event_table(self.ix.sub_timeline(missing))["hover"].to_numpy(dtype=object)
        return cache[pos]


def shared(ix: EventIndex) -> Shared:
    """The :class:`Shared` parts of ``ix``'s views, built on first use and kept with it."""
    return ix.derived("shared", Shared)
