"""The reported death toll as a view: each organisation's running series, the range across the
organisations counting the same episode, and the episodes the date axis keeps.

:func:`toll_view` turns a :class:`~timeline.views.Selection` into a :class:`TollView` that
:mod:`timeline.charts.toll` paints. Its STRUCTURE — the panels (measures), the series (one line
per organisation's running tally and measure), their episodes, the bands and the qualifiers of
the key — comes from the whole timeline, so every view of one timeline has the same lines and
bands (empty where the filters keep nothing); the NUMBERS come from the casualty figures the
selection keeps (``sel.reports``). Only running tallies are drawn: a file of a million incident
figures (ACLED, GED) costs one look-up of its running rows, and none when it has none.

The numbers are those of :mod:`timeline.series` (the reference): a line's value on a day is
:func:`~timeline.series.reported_toll`'s, and a band's low and high on a day are
:func:`~timeline.series.toll_spread`'s over the series of one episode. Figures of different
organisations are never added together.

>>> view = toll_view(select(tl, Filters(reporters=["SNHR"])))
>>> [(line.series, line.y.tolist()) for line in view.lines if line.n]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from .. import series as _series
from ..index import EventIndex
from ..schema import MEASURES
from . import Selection

__all__ = ["TollView", "TollLine", "TollBand", "toll_view", "no_toll_view", "EPISODE_GAP_DAYS", "QUALIFIERS"]

#: series whose counting starts (``period_start``) lie within this many days of each other
#: count the same violence: they form one episode and are compared in one band.
EPISODE_GAP_DAYS = 14
#: the qualifiers of a published figure, in the order of the key
QUALIFIERS = ("exact", "at_least", "approximately")

_EMPTY_DAYS = np.zeros(0, dtype="datetime64[D]")
_VIA = re.compile(r"\s*\(.*\)\s*$")


@dataclass(frozen=True, eq=False)
class TollLine:
    """One organisation's running series of one measure: a step line with a marker per figure.

    Identity (the same in every view): ``id`` (``"toll:SOHR:2025-03-06:killed_total"``),
    ``series`` (``"SOHR"`` or ``"SOHR (from 6 Mar 2025)"`` when SOHR has several series),
    ``reported_by``, ``measure``, ``period_start`` (``datetime64[D]``), ``episode`` (the ISO day
    its episode starts counting, e.g. ``"2025-03-06"``).

    The kept figures, in publication order (several on one day all kept, in file order): ``x``
    (``datetime64[D]``, the day published), ``y`` (``int64``), ``qualifier``, ``value_text``
    (``"≥1,500"``), ``approximate`` (the day published is approximate), ``publisher``
    (of the source), ``scope``. ``end``: the last day of the episode in this view (the last
    figure stays in force to it), ``None`` when no figure is kept.
    """

    id: str
    series: str
    reported_by: str
    measure: str
    period_start: np.datetime64
    episode: str
    x: np.ndarray
    y: np.ndarray
    qualifier: np.ndarray
    value_text: np.ndarray
    approximate: np.ndarray
    publisher: np.ndarray
    scope: np.ndarray
    end: np.datetime64 | None

    @property
    def n(self) -> int:
        """Figures kept."""
        return len(self.y)

    def value_on(self, days) -> np.ndarray:
        """The figure in force on each of ``days`` (the latest published on or before it; the
        later in the file on a day with several), ``-1`` before the first."""
        days = np.asarray(days, dtype="datetime64[D]")
        i = np.searchsorted(self.x, days, side="right") - 1
        return np.where(i >= 0, self.y[np.maximum(i, 0)] if self.n else -1, -1)


@dataclass(frozen=True, eq=False)
class TollBand:
    """The range across the organisations of one episode for one measure, per day on which two
    or more of its series have a figure in force (empty arrays when fewer than two do).

    ``id`` (``"range:killed_total:2025-03-06"``), ``measure``, ``episode``; per day: ``days``
    (``datetime64[D]``), ``low``/``high`` (``int64``), ``low_by``/``high_by`` (the series
    holding that figure, joined with ", " when they tie), ``n_series``. Not an estimate: the
    organisations count different things.
    """

    id: str
    measure: str
    episode: str
    days: np.ndarray
    low: np.ndarray
    high: np.ndarray
    low_by: np.ndarray
    high_by: np.ndarray
    n_series: np.ndarray

    @property
    def n(self) -> int:
        return len(self.days)


@dataclass(frozen=True, eq=False)
class TollView:
    """What the toll chart shows of one selection.

    ``measures``: the panels, one per measure the whole timeline has running figures for (the
    first asked for when it has none). ``lines`` and ``bands``: every line and band of the whole
    timeline, in drawing order, with the kept numbers. ``qualifiers``: those of the whole
    timeline (the key's entries), ``shown_qualifiers`` those of the kept figures. ``episodes``:
    ``(first day published, last day)`` of each episode with a kept figure, in date order;
    ``all_episodes`` those of the whole timeline (where the date axis may be cut, whatever the
    filters). ``reporters`` / ``publishers``: of the kept figures, most figures first. ``n``: figures
    kept. ``key``: bytes that differ whenever the kept figures differ (equal keys, equal views).
    """

    measures: tuple[str, ...]
    lines: tuple[TollLine, ...]
    bands: tuple[TollBand, ...]
    qualifiers: tuple[str, ...]
    shown_qualifiers: frozenset
    episodes: tuple[tuple[np.datetime64, np.datetime64], ...]
    reporters: tuple[str, ...]
    publishers: tuple[str, ...]
    n: int
    key: bytes
    all_episodes: tuple[tuple[np.datetime64, np.datetime64], ...] = ()

    @property
    def empty(self) -> bool:
        return self.n == 0

    @property
    def first(self) -> pd.Timestamp | None:
        """The first day a kept figure was published (``None`` when none is kept)."""
        return pd.Timestamp(self.episodes[0][0]) if self.episodes else None

    @property
    def last(self) -> pd.Timestamp | None:
        """The last day of the last episode kept (its lines run to the end of that day)."""
        return pd.Timestamp(self.episodes[-1][1]) if self.episodes else None


# ------------------------------------------------------------------------------------------------
# What a timeline's running figures are, computed once per timeline and options
# ------------------------------------------------------------------------------------------------

def _labels(running: pd.DataFrame) -> pd.DataFrame:
    """The label of each series, as :func:`~timeline.series.reported_toll` names it: "SOHR", or
    "SOHR (from 27 Nov 2024)" when SOHR has several running series (among all of them)."""
    keys = running[["reported_by", "period_start"]].drop_duplicates()
    many = keys.groupby("reported_by")["period_start"].transform("size").to_numpy() > 1
    return keys.assign(series=[f"{rb} (from {ps.day} {ps:%b %Y})" if k else rb
                               for rb, ps, k in zip(keys["reported_by"], keys["period_start"], many)])


class _Basis:
    """The running figures of one timeline for some measures and reporters, sorted as drawn
    (episode, series, measure, then publication), with their lines, episodes and bands."""

    def __init__(self, ix: EventIndex, measures: tuple[str, ...], reporters: tuple[str, ...] | None):
        tl = ix.tl
        # only the running tallies' rows reach toll_figures: a million incident figures cost one
        # comparison here, and their table is never copied
        rows = np.flatnonzero((tl.casualty_reports["tally"] == "running").to_numpy(dtype=bool, na_value=False))
        if not rows.size:  # nothing to draw, whatever the filters (ACLED, GED)
            self._nothing(measures)
            return
        running = _series.toll_figures(replace(tl, casualty_reports=tl.casualty_reports.iloc[rows]))
        running["order"] = rows[running["order"].to_numpy(dtype=np.int64)]  # row in tl.casualty_reports
        figs = running[running["measure"].isin(list(measures))]
        if reporters is not None:
            figs = figs[figs["reported_by"].isin(list(reporters))]
        figs = figs.merge(_labels(running), on=["reported_by", "period_start"], how="left")
        present = [m for m in measures if m in set(figs["measure"])]
        self.measures = tuple(present or measures[:1])

        ps = figs["period_start"].to_numpy().astype("datetime64[D]")
        starts = np.unique(ps)
        gaps = np.diff(starts) > np.timedelta64(EPISODE_GAP_DAYS, "D")
        number = np.cumsum(np.r_[0, gaps]).astype(np.int64)[:len(starts)]
        first = np.zeros(number.max() + 1 if len(number) else 0, dtype="datetime64[D]")
        if len(number):
            first[number[::-1]] = starts[::-1]  # each episode is named by the day its first series starts
        self.episode_names = tuple(str(d) for d in first)
        figs = figs.assign(episode=number[np.searchsorted(starts, ps)] if len(figs) else np.zeros(0, np.int64))
        figs["ep_name"] = np.asarray(self.episode_names, dtype=object)[figs["episode"].to_numpy()] \
            if len(figs) else ""
        figs = figs.sort_values(["ep_name", "series", "measure", "published", "order"], kind="stable") \
            .reset_index(drop=True)

        line_keys = figs[["ep_name", "series", "measure"]].drop_duplicates()
        self.n_lines = len(line_keys)
        code = np.zeros(len(figs), dtype=np.int64)
        if len(figs):
            code = (figs[["ep_name", "series", "measure"]].ne(figs[["ep_name", "series", "measure"]].shift())
                    .any(axis=1).cumsum().to_numpy() - 1).astype(np.int64)
        self.line = code
        firsts = np.searchsorted(code, np.arange(self.n_lines))
        self.line_info = [
            dict(series=str(figs["series"].iat[i]), reported_by=str(figs["reported_by"].iat[i]),
                 measure=str(figs["measure"].iat[i]), episode=str(figs["ep_name"].iat[i]),
                 period_start=figs["period_start"].iat[i].to_datetime64().astype("datetime64[D]"),
                 ep=int(figs["episode"].iat[i]))
            for i in firsts]
        for info in self.line_info:
            info["id"] = f"toll:{info['reported_by']}:{info['period_start']}:{info['measure']}"
        self.bounds = np.searchsorted(code, np.arange(self.n_lines + 1))

        # per figure, the columns a view slices
        self.report_pos = figs["order"].to_numpy(dtype=np.int64)
        self.day = figs["published"].to_numpy().astype("datetime64[D]")
        self.value = figs["value"].to_numpy(dtype=np.int64)
        self.qualifier = figs["qualifier"].to_numpy(dtype=object)
        self.value_text = figs["value_text"].to_numpy(dtype=object)
        self.approximate = (figs["published_precision"] == "approximate").to_numpy(dtype=bool)
        self.publisher = figs["source_publisher"].to_numpy(dtype=object)
        self.scope = figs["scope"].to_numpy(dtype=object)
        self.episode = figs["episode"].to_numpy(dtype=np.int64)
        self.reporter_code, self.reporter_names = pd.factorize(figs["reported_by"])
        # "AFP (via CNA)" counts as AFP in the source line
        self.publisher_code, self.publisher_names = pd.factorize(
            figs["source_publisher"].str.replace(_VIA, "", regex=True).str.strip())
        self.qualifiers = tuple(q for q in QUALIFIERS if q in set(self.qualifier))

        # bands: per (episode, measure) whose series overlap in the whole timeline
        self.bands = []
        full = np.ones(len(figs), dtype=bool)
        for ep in range(len(self.episode_names)):
            for m in MEASURES:
                members = self._members(ep, m)
                if len(members) >= 2 and self._band(ep, m, members, full)[0].size:
                    self.bands.append((ep, m, members))

    def _nothing(self, measures: tuple[str, ...]) -> None:
        """The basis of a timeline without a running tally: one (empty) panel."""
        self.measures, self.episode_names, self.n_lines, self.line_info, self.bands = measures[:1], (), 0, [], []
        self.bounds = np.zeros(1, dtype=np.int64)
        self.report_pos = self.value = self.episode = self.line = np.zeros(0, dtype=np.int64)
        self.reporter_code = self.publisher_code = np.zeros(0, dtype=np.int64)
        self.day = _EMPTY_DAYS
        self.approximate = np.zeros(0, dtype=bool)
        self.qualifier = self.value_text = self.publisher = self.scope = np.zeros(0, dtype=object)
        self.reporter_names = self.publisher_names = np.zeros(0, dtype=object)
        self.qualifiers = ()

    def _members(self, ep: int, measure: str) -> list[int]:
        """Lines of an episode and measure, in the order series are listed in a band's holders
        (organisation, then the day the series starts)."""
        ids = [i for i, info in enumerate(self.line_info) if info["ep"] == ep and info["measure"] == measure]
        return sorted(ids, key=lambda i: (self.line_info[i]["reported_by"], self.line_info[i]["period_start"]))

    def _band(self, ep: int, measure: str, members: list[int], kept: np.ndarray):
        """Days, low, high, holders and counts of the kept figures of ``members``, on the days
        two or more have a figure in force, up to the episode's last kept publication day."""
        parts = []
        for i in members:
            a, b = self.bounds[i], self.bounds[i + 1]
            k = kept[a:b]
            parts.append((self.day[a:b][k], self.value[a:b][k]))
        starts = sorted(d[0] for d, _ in parts if len(d))
        if len(starts) < 2:  # from the day a second series has a figure, two or more have one
            return (_EMPTY_DAYS,)
        end = self._episode_end(ep, kept)
        days = np.arange(starts[1], end + np.timedelta64(1, "D"), dtype="datetime64[D]")
        if not days.size:
            return (_EMPTY_DAYS,)
        grid = np.full((len(parts), len(days)), -1, dtype=np.int64)
        for r, (d, v) in enumerate(parts):
            if len(d):
                j = np.searchsorted(d, days, side="right") - 1
                grid[r] = np.where(j >= 0, v[np.maximum(j, 0)], -1)
        has = grid >= 0
        n = has.sum(axis=0)
        big = np.iinfo(np.int64).max
        low = np.where(has, grid, big).min(axis=0)
        high = grid.max(axis=0)
        names = [self.line_info[i]["series"] for i in members]

        def holders(target):
            hit = has & (grid == target)
            return np.array([", ".join(names[r] for r in np.flatnonzero(col)) for col in hit.T], dtype=object)

        return days, low, high, holders(low), holders(high), n

    def _episode_end(self, ep: int, kept: np.ndarray) -> np.datetime64:
        sel = kept & (self.episode == ep)
        return self.day[sel].max()


def _basis(ix: EventIndex, measures: tuple[str, ...], reporters: tuple[str, ...] | None) -> _Basis:
    """The basis of a timeline's index for these options, built on first use and kept with it."""
    return ix.derived(("toll", measures, reporters), lambda i: _Basis(i, measures, reporters))


def _options(measures, reporters) -> tuple[tuple[str, ...], tuple[str, ...] | None]:
    measures = (measures,) if isinstance(measures, str) else tuple(measures)
    for m in measures:
        if m not in MEASURES:
            raise ValueError(f"unknown measure {m!r} in `measures` (expected some of: {', '.join(MEASURES)})")
    if reporters is not None:
        reporters = (reporters,) if isinstance(reporters, str) else tuple(reporters)
    return measures, reporters


def _ordered(codes: np.ndarray, names) -> tuple[str, ...]:
    """Names by how many of ``codes`` they have, most first; ties in order of first appearance."""
    if not len(codes):
        return ()
    uniq, first, counts = np.unique(codes, return_index=True, return_counts=True)
    order = np.lexsort((first, -counts))
    return tuple(str(names[c]) for c in uniq[order])


# ------------------------------------------------------------------------------------------------
# The view
# ------------------------------------------------------------------------------------------------

def no_toll_view(measures=("killed_total", "killed_civilians"), reporters=None) -> TollView:
    """The toll view of a timeline without running figures for ``measures`` (and ``reporters``):
    one empty panel, whatever the filters — what ACLED and GED data show, whose figures are each
    about one event (and a scan's, whose files hold only such figures)."""
    measures, reporters = _options(measures, reporters)
    return TollView(measures=measures[:1], lines=(), bands=(), qualifiers=(), shown_qualifiers=frozenset(),
                    episodes=(), reporters=(), publishers=(), n=0, key=repr((measures, reporters)).encode())


def toll_view(sel: Selection, measures=("killed_total", "killed_civilians"), reporters=None) -> TollView:
    """The toll chart's view of ``sel``: the lines and bands of the whole timeline (for
    ``measures``, and only the organisations in ``reporters`` when given) with the running
    figures ``sel.reports`` keeps. An episode's lines run to the last day a kept figure of that
    episode was published; a band covers the days two or more of its series have a figure."""
    measures, reporters = _options(measures, reporters)
    b = _basis(sel.index, measures, reporters)
    if not len(b.report_pos):  # no running figure to draw, whatever the filters
        return no_toll_view(measures, reporters)
    kept = sel.reports[b.report_pos] if len(b.report_pos) else np.zeros(0, dtype=bool)
    key = repr((measures, reporters)).encode() + np.packbits(kept).tobytes()
    n = int(np.count_nonzero(kept))

    ep_end = {}
    if n:
        eps = b.episode[kept]
        days = b.day[kept]
        for ep in np.unique(eps):
            ep_end[int(ep)] = days[eps == ep].max()
    lines = []
    for i, info in enumerate(b.line_info):
        lo, hi = b.bounds[i], b.bounds[i + 1]
        k = kept[lo:hi]
        take = np.flatnonzero(k) + lo
        lines.append(TollLine(
            id=info["id"], series=info["series"], reported_by=info["reported_by"], measure=info["measure"],
            period_start=info["period_start"], episode=info["episode"],
            x=b.day[take], y=b.value[take], qualifier=b.qualifier[take], value_text=b.value_text[take],
            approximate=b.approximate[take], publisher=b.publisher[take], scope=b.scope[take],
            end=ep_end.get(info["ep"]) if take.size else None))
    bands = []
    for ep, m, members in b.bands:
        name = b.episode_names[ep]
        if ep in ep_end:
            days, *rest = b._band(ep, m, members, kept)
        else:
            days, rest = _EMPTY_DAYS, []
        if not days.size:
            z = np.zeros(0, dtype=np.int64)
            rest = [z, z, np.zeros(0, dtype=object), np.zeros(0, dtype=object), z]
        bands.append(TollBand(f"range:{m}:{name}", m, name, days, *rest))
    every = sorted((b.day[b.episode == ep].min(), b.day[b.episode == ep].max()) for ep in np.unique(b.episode))
    if n:
        spans = sorted((b.day[kept & (b.episode == ep)].min(), end) for ep, end in ep_end.items())
        shown = frozenset(b.qualifier[kept])
    else:
        spans, shown = [], frozenset()
    return TollView(
        measures=b.measures, lines=tuple(lines), bands=tuple(bands), qualifiers=b.qualifiers,
        shown_qualifiers=shown, episodes=tuple(spans),
        reporters=_ordered(b.reporter_code[kept], b.reporter_names),
        publishers=_ordered(b.publisher_code[kept], b.publisher_names), n=n, key=key, all_episodes=tuple(every))
