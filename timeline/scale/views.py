"""The views of :mod:`timeline.views` computed over a scan: the same frozen values, from the engine's aggregates.

Each function takes a :class:`~timeline.scale.scan.ScanSelection` and returns the value its
in-memory twin returns for the same filters (a test checks every one against the in-memory views
of the same file): :func:`counts_view`, :func:`deaths_view`, :func:`map_view`,
:func:`summary_view`, :func:`table_view`, :func:`timeline_view` (per-day density from the
grid; the few events in view fetched from the files and laid out by the in-memory view's own
code) and :func:`toll_view`. The selection's aggregates (its grid of cells, its dots, its
citations) are asked of the engine once and shared by the views.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cached_property

import numpy as np
import pandas as pd

from ..labels import (KINDS, date_text, day_text, esc_list, hover_texts, kinds_of, period_texts, place_labels,
                      publisher_order, source_lines, span_range)
from ..schema import MEASURES
from ..views.counts import CountsView
from ..views.deaths import Claim, DeathsView
from ..views.map import (HOVER_EVENTS, MAX_LISTED, SIZE_BY, TITLES, UNPLACED_HEADINGS, MapView, Unplaced,
                         joined_lines, span_text)
from ..views.table import Row, Summary, TableView, summary_of
from ..views.timeline import DENSITY_THRESHOLD, TimelineView, density_marks, event_marks, view_mode
from ..views.toll import TollView, no_toll_view
from .scan import CATS, DAY_SQL, DAY_US, N_CAT, ScanSelection, day_ts, period_start
from .sql import report_where

__all__ = ["counts_view", "deaths_view", "map_view", "summary_view", "table_view", "timeline_view", "toll_view",
           "TimelineBasis", "under_way"]


def _texts(periods: np.ndarray, step: int) -> np.ndarray:
    return period_texts(day_text(pd.Series(periods)).to_numpy(dtype=object), step)


def _step(freq: str) -> tuple[str, int]:
    f = str(freq).upper()
    if f not in ("D", "W"):
        raise ValueError(f"unknown value {freq!r} for `freq` (expected 'D' or 'W')")
    return f, 1 if f == "D" else 7


def counts_view(sel: ScanSelection, freq: str = "D") -> CountsView:
    """:func:`timeline.views.counts.counts_view` (by category, events under way per period) of
    a scan's selection."""
    f, step = _step(freq)
    whole = sel.scan.whole.grid
    dated_whole = whole[~whole["month"] & (whole["cat"] >= 0)]
    groups = tuple(c for i, c in enumerate(CATS) if (dated_whole["cat"] == i).any())
    cols = [CATS.index(g) for g in groups]
    span = sel.span
    if span is None:
        periods = np.zeros(0, dtype="datetime64[us]")
        values = np.zeros((0, len(groups)), dtype=np.int64)
    else:
        lo, hi = (int(pd.Timestamp(t).value // 86_400_000_000_000) for t in span)
        p0, counts = under_way(sel.grid, lo, hi, step)
        values = counts[:, cols]
        periods = (p0 + np.arange(len(counts), dtype=np.int64) * step).astype("datetime64[D]").astype("datetime64[us]")
    vmax = float(values.sum(axis=1).max()) if values.size else 0.0
    n_month, rows = _month_rows(sel.grid)
    return CountsView(freq=f, by="category", value="count", n=sel.n, groups=groups, periods=periods,
                      period_text=_texts(periods, step), values=values, vmax=vmax, span=span, n_month=n_month,
                      month_rows=rows, month_grouping="category", note_room=bool(whole["month"].any()),
                      publishers=tuple(sel.publishers), phases=())


def under_way(grid, lo: int, hi: int, step: int = 1) -> tuple[int, np.ndarray]:
    """The events of ``grid`` (a selection's :attr:`~timeline.scale.scan.ScanSelection.grid`,
    or its columns as arrays)
    under way per period and category, from the period of day ``lo`` to that of day ``hi``
    (day numbers; periods of ``step`` days: 1, or 7 for weeks from Monday): ``(first period's
    day, counts)`` with ``counts`` of shape ``(periods, categories)``. An event counts once in
    every period its days touch; those known only to the month, or without a category, are left
    out."""
    p0, p1 = int(period_start(np.array([lo]), step)[0]), int(period_start(np.array([hi]), step)[0])
    n_periods = max((p1 - p0) // step + 1, 0)
    s, e, cat, w = (np.asarray(grid[c], dtype=np.int64) for c in ("s", "e", "cat", "n"))
    ok = ~np.asarray(grid["month"], dtype=bool) & (cat >= 0) & (e >= s)
    s, e = np.maximum(s, lo), np.minimum(e, hi)
    ok &= s <= e
    s, e, cat, w = s[ok], e[ok], cat[ok], w[ok]
    ps, pe = period_start(s, step), period_start(e, step)
    k = (pe - ps) // step + 1
    idx = np.repeat(np.arange(k.size), k)
    p = ps[idx] + (np.arange(idx.size) - np.repeat(np.cumsum(k) - k, k)) * step
    counts = np.bincount(((p - p0) // step) * N_CAT + cat[idx], weights=w[idx],
                         minlength=n_periods * N_CAT)[:n_periods * N_CAT].astype(np.int64)
    return p0, counts.reshape(n_periods, N_CAT)


def _month_rows(g: pd.DataFrame) -> tuple[int, tuple]:
    m = g[g["month"] & (g["cat"] >= 0)]
    if not len(m):
        return 0, ()
    to_month = lambda d: d.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)  # noqa: E731
    ms, me = to_month(m["s"].to_numpy()), to_month(m["e"].to_numpy())
    k = np.maximum(me - ms + 1, 0)
    idx = np.repeat(np.arange(k.size), k)
    months = ms[idx] + (np.arange(idx.size) - np.repeat(np.cumsum(k) - k, k))
    if not months.size:
        return int(m["n"].sum()), ()
    m0 = int(months.min())
    counts = np.bincount((months - m0) * N_CAT + m["cat"].to_numpy()[idx], weights=m["n"].to_numpy()[idx])
    return int(m["n"].sum()), tuple((np.datetime64(m0 + int(u // N_CAT), "M"), CATS[int(u % N_CAT)],
                                     int(counts[u])) for u in np.flatnonzero(counts))


def deaths_view(sel: ScanSelection, freq: str = "W") -> DeathsView:
    """:func:`timeline.views.deaths.deaths_view` (the main organisation's per-event figures,
    summed per period and category) of a scan's selection."""
    f, step = _step(freq)
    figs = sel.scan.figures
    whole = sel.scan.whole.grid
    on_whole = whole[~whole["month"] & (whole["cat"] >= 0) & (whole["nf"] > 0)]
    cols = [i for i in range(N_CAT) if (on_whole["cat"] == i).any()]
    g = sel.grid
    on = g[~g["month"] & (g["cat"] >= 0) & (g["nf"] > 0)]
    span = sel.span
    if span is None or not cols:
        p0, n_periods = 0, 0
    else:
        lo, hi = (int(pd.Timestamp(t).value // 86_400_000_000_000) for t in span)
        p0 = int(period_start(np.array([lo]), step)[0])
        n_periods = (int(period_start(np.array([hi]), step)[0]) - p0) // step + 1
    period = (period_start(on["s"].to_numpy(), step) - p0) // step
    key = period * N_CAT + on["cat"].to_numpy()
    size = n_periods * N_CAT
    values = np.bincount(key, weights=on["k"].to_numpy(), minlength=size).reshape(n_periods, N_CAT)[:, cols] \
        .astype(np.int64)
    figures = np.bincount(key, weights=on["nf"].to_numpy(), minlength=size).reshape(n_periods, N_CAT)[:, cols] \
        .astype(np.int64)
    has_range = figs["has_range"]
    low = high = None
    if has_range:
        low = np.bincount(period, weights=on["lo"].to_numpy(), minlength=n_periods).astype(np.float64)
        high = np.bincount(period, weights=on["hi"].to_numpy(), minlength=n_periods).astype(np.float64)
    periods = (p0 + np.arange(n_periods, dtype=np.int64) * step).astype("datetime64[D]").astype("datetime64[us]")
    month = g[g["month"] & (g["cat"] >= 0)]
    totals = values.sum(axis=1) if values.size else np.zeros(0)
    vmax = float(max(totals.max() if totals.size else 0.0, high.max() if high is not None and high.size else 0.0))
    n_fig = int(on["nf"].sum())
    many = len(figs["reporters"]) > 1 and figs["main"] is not None
    any_month = bool((whole["month"] & (whole["cat"] >= 0) & (whole["nf"] > 0)).any())
    return DeathsView(
        freq=f, reporter=figs["main"], categories=tuple(CATS[c] for c in cols), periods=periods,
        period_text=_texts(periods, step), values=values, figures=figures, low=low, high=high, has_range=has_range,
        total=int(values.sum()), n_figures=n_fig, n_events=sel.n, n_month=int(month["nf"].sum()),
        month_total=int(month["k"].sum()), others=_others(sel) if many else (), note_room=any_month or many,
        vmax=vmax, span=span, publishers=tuple(sel.publishers) if n_fig and figs["is_dataset"] else
        _publishers_of_figures(sel) if n_fig else (), phases=())


def _others(sel: ScanSelection) -> tuple[tuple[str, int], ...]:
    rc, rp = report_where(sel.filters)
    d = sel.query("reported_by AS r, count(*) AS n", (), f"AND ({rc}) AND killed_total IS NOT NULL AND "
                  "reported_by <> ? GROUP BY 1 ORDER BY 1", [*rp, sel.scan.figures["main"]])
    return tuple((str(r), int(k)) for r, k in zip(d["r"], d["n"]))


def _publishers_of_figures(sel: ScanSelection) -> tuple[str, ...]:
    rc, rp = report_where(sel.filters)
    d = sel.full_query("p, count(*) AS n FROM (SELECT unnest(publishers) AS p", (),
                  f"AND ({rc}) AND reported_by = ? AND killed_total IS NOT NULL AND date_precision <> 'month' "
                  "AND category_code >= 0) GROUP BY p", [*rp, sel.scan.figures["main"]])
    return tuple(publisher_order(pd.Series(d["n"].to_numpy(), index=d["p"].astype(str))))


def summary_view(sel: ScanSelection) -> Summary:
    """:func:`timeline.views.table.summary_view` of a scan's selection."""
    return summary_of(sel.n, sel.scan.n, sel.n_sources, sel.n_reports, sel.scan.span, sel.filters)


def _opt(v) -> int | None:
    return None if v is None or pd.isna(v) else int(v)


def _text(v) -> str:
    return "" if v is None or (not isinstance(v, (str, list, tuple, np.ndarray)) and pd.isna(v)) else str(v)


def table_view(sel: ScanSelection, max_rows: int = 200) -> TableView:
    """:func:`timeline.views.table.table_view` (the first ``max_rows`` kept events by start
    date, then end, then file order) of a scan's selection."""
    rc, rp = report_where(sel.filters)
    measures = [m for m in MEASURES if m != "killed_total"]
    first = sel.query(f'"row", {DAY_SQL} AS day', (), 'ORDER BY "start", span_end, "row" LIMIT ?', [int(max_rows)])
    cols = (f'"row", id, "start", "end", date_precision, category, title, description, confidence, place_id, '
            f"place_name, place_name_ar, source_ids, source_urls, publishers, source_titles, ({rc}) AS kept, "
            f"reported_by, killed_total, killed_total_low, killed_total_high, qualifier, {', '.join(measures)}")
    d = (sel.scan.query(f"SELECT {cols} FROM {{events}} LIMIT 0", rp) if not len(first) else
         sel.scan.fetch(cols, first["row"].to_numpy(np.int64), first["day"].to_numpy(np.int64), rp))
    has_killed = sel.scan.figures["has_killed"]
    rows = []
    for r in d.itertuples(index=False):
        claims = ()
        if has_killed and r.kept is True:
            parts = tuple((MEASURES[m], int(getattr(r, m))) for m in measures if not pd.isna(getattr(r, m)))
            claims = (Claim(reported_by=_text(r.reported_by), killed=_opt(r.killed_total), low=_opt(r.killed_total_low),
                            high=_opt(r.killed_total_high), qualifier=_text(r.qualifier), parts=parts),)
        end = None if pd.isna(r.end) else pd.Timestamp(r.end)
        rows.append(Row(int(r.row), str(r.id), pd.Timestamp(r.start), end, _text(r.date_precision), _text(r.category),
                        _text(r.title), _text(r.description), _text(r.confidence),
                        ((str(r.place_id), _text(r.place_name), _text(r.place_name_ar)),),
                        tuple((str(i), _text(u), _text(p), _text(t)) for i, u, p, t in
                              zip(r.source_ids, r.source_urls, r.publishers, r.source_titles)),
                        claims))
    return TableView(tuple(rows), sel.n, max_rows, has_killed)


def map_view(sel: ScanSelection, size_by: str = "events") -> MapView:
    """:func:`timeline.views.map.map_view` of a scan's selection: dots per place and category
    (with the main organisation's deaths when ``size_by="deaths"``) and the places not on the map."""
    if size_by not in SIZE_BY:
        raise ValueError(f"unknown value {size_by!r} for `size_by` (expected one of: {', '.join(SIZE_BY)})")
    sc = sel.scan
    frame, pl, inside = sc.frame, sc.places, sc.inside
    d = sel.dots
    keep = inside[d["place"]] if d["place"].size else np.zeros(0, dtype=bool)
    first = [f for f, k in zip(d["first"], keep) if k]
    flat = np.concatenate([np.asarray(f, dtype=np.int64) for f in first]) if first else np.zeros(0, np.int64)
    days = [f for f, k in zip(d["first_day"], keep) if k]
    texts = sc.lines(flat, np.concatenate(days) if days else np.zeros(0, np.int64))
    mc = {"place": d["place"][keep], "total": d["n"][keep],
          "line_group": np.repeat(np.arange(len(first)), [len(f) for f in first]).astype(np.int64)}
    lines = joined_lines(mc, np.asarray(texts, dtype=object), HOVER_EVENTS)
    rows = d["place"][keep]
    deaths = reporter = None
    if size_by == "deaths":
        reporter = sc.figures["main"]
        deaths = d["deaths"][keep].astype(np.int64)
    unplaced = []
    if sel.n:
        lat, lon = pl["lat"].to_numpy(float), pl["lon"].to_numpy(float)
        has = ~np.isnan(lat) & ~np.isnan(lon)
        for heading, mask in ((UNPLACED_HEADINGS["none"], ~has), (UNPLACED_HEADINGS["outside"], has & ~inside)):
            if mask.any():
                u = _unplaced(sel, heading, np.flatnonzero(mask))
                if u is not None:
                    unplaced.append(u)
    placed = int(d["n"][keep].sum())
    return MapView(
        frame=frame, place=rows, place_id=pl["id"].to_numpy(dtype=object)[rows],
        category=np.asarray(CATS, dtype=object)[d["category"][keep]], n=d["n"][keep].astype(np.int64),
        lon=pl["lon"].to_numpy(float)[rows], lat=pl["lat"].to_numpy(float)[rows],
        name=pl["name"].to_numpy(dtype=object)[rows], header=sc.headers[rows], lines=lines, n_events=sel.n,
        n_unplaced=sel.n - placed, unplaced=tuple(unplaced), span_text=span_text(sel.span),
        publishers=tuple(sel.publishers) if sel.n else (), size_by=size_by, deaths=deaths, reporter=reporter)


def _unplaced(sel: ScanSelection, heading: str, place_rows: np.ndarray) -> Unplaced | None:
    d = sel.full_query("place_row AS place, count(*) AS n, min_by(title, \"row\", ?) AS titles", [4 * TITLES],
                  "AND list_contains(?, place_row) GROUP BY place_row", [place_rows.tolist()])
    if not len(d):
        return None
    names = sel.scan.places["name"].to_numpy(dtype=object)[d["place"].to_numpy(np.int64)].astype(str)
    order = np.lexsort((names, -d["n"].to_numpy()))
    d, names = d.iloc[order], names[order]
    shown = d.iloc[:MAX_LISTED]
    titles = tuple(tuple(dict.fromkeys(str(t) for t in ts))[:TITLES] for ts in shown["titles"])
    return Unplaced(heading=heading, names=tuple(names[:MAX_LISTED].tolist()),
                    counts=tuple(int(k) for k in shown["n"]), titles=titles,
                    rest_places=max(len(d) - MAX_LISTED, 0), rest_events=int(d["n"].iloc[MAX_LISTED:].sum()))


def toll_view(sel: ScanSelection, measures=("killed_total", "killed_civilians"), reporters=None) -> TollView:
    """:func:`timeline.views.toll.toll_view` of a scan's selection: a converted file holds only
    per-event figures (ACLED's, GED's), never a running tally, so one empty panel, as the
    in-memory view of the same data."""
    return no_toll_view(measures, reporters)


class TimelineBasis:
    """What the timeline chart of one scan draws whatever the filters, asked of the engine once:
    its (category, kind of date) ``groups``, the ``categories`` (its lanes) and ``kinds`` it
    has, its first day ``day0`` and ``n_days``; and the hover text of each event once shown
    (``hovers``, by row). Hold one per scan (the explorer does) and pass it to
    :func:`timeline_view`."""

    def __init__(self, scan):
        self.scan = scan
        self.hovers: dict[int, str] = {}

    @cached_property
    def _kinds(self) -> pd.DataFrame:
        d = self.scan.query(
            f'SELECT category_code AS cat, date_precision AS p, (epoch_us(span_end) // {DAY_US}) > {DAY_SQL} AS multi '
            "FROM {events} GROUP BY ALL")
        return pd.DataFrame({"cat": d["cat"].to_numpy(np.int64),
                             "kind": [KINDS.index(k) for k in kinds_of(d["p"], d["multi"].to_numpy(bool))]})

    @cached_property
    def groups(self) -> tuple[tuple[str, str], ...]:
        have = set(zip(self._kinds["cat"].tolist(), self._kinds["kind"].tolist()))
        return tuple((c, k) for i, c in enumerate(CATS) for j, k in enumerate(KINDS) if (i, j) in have)

    @cached_property
    def kinds(self) -> tuple[str, ...]:
        have = set(self._kinds["kind"].tolist())
        return tuple(k for j, k in enumerate(KINDS) if j in have)

    @cached_property
    def categories(self) -> tuple[str, ...]:
        g = self.scan.whole.grid
        have = set(g.loc[g["cat"] >= 0, "cat"].tolist())
        return tuple(c for i, c in enumerate(CATS) if i in have)

    @cached_property
    def days(self) -> tuple[int, int]:
        """``(day0, n_days)``: the first day of the scan's events and how many days to its last."""
        g = self.scan.whole.grid
        if not len(g):
            return 0, 0
        return int(g["s"].min()), int(g["e"].max()) - int(g["s"].min()) + 1

    def hover(self, ev: pd.DataFrame) -> np.ndarray:
        """The hover text of the fetched events ``ev`` (as
        :func:`timeline.labels.event_table` writes it), each made once and kept."""
        need = ev[~ev["row"].isin(self.hovers)]
        if len(need):
            prec = need["date_precision"].astype("str")
            dates = date_text(need["start"], need["end"].where((prec != "month").to_numpy(), need["span_end"]), prec)
            named = need["place_name"].notna().to_numpy()
            labels = place_labels(pd.DataFrame({"id": need["place_id"].to_numpy(dtype=object),
                                                "name": need["place_name"].to_numpy(dtype=object),
                                                "name_ar": need["place_name_ar"].to_numpy(dtype=object)}))
            ids = need["place_id"].to_numpy(dtype=object)
            where = [lab if ok else ("" if i is None or pd.isna(i) else str(i))
                     for lab, ok, i in zip(labels.to_numpy(dtype=object), named, ids)]
            who = [", ".join(esc_list(a)) if a is not None else "" for a in need["actors"]]
            k = np.asarray([len(ids) for ids in need["source_ids"]], dtype=np.int64)
            flat = [np.concatenate([np.asarray(x, dtype=object) for x in need[c]]) if k.sum() else
                    np.zeros(0, dtype=object) for c in ("publishers", "source_titles", "source_ids")]
            lines = source_lines(flat[0], flat[1])
            unknown = pd.isna(flat[0])  # a source the data's sources do not list: its id, as in memory
            lines[unknown] = ["• " + str(i) for i in flat[2][unknown]]
            ends = np.cumsum(k)
            src = ["<br>".join(lines[e - n:e]) for e, n in zip(ends.tolist(), k.tolist())]
            hover = hover_texts(need["title"], dates, need["category"], need["confidence"], where, who, src)
            self.hovers.update(zip(need["row"].tolist(), hover.tolist()))
        return np.asarray([self.hovers[int(r)] for r in ev["row"]], dtype=object)


_EVENT_COLUMNS = ('"row", id, "start", "end", span_end, date_precision, category, category_code, confidence, title, '
                  "place_id, place_name, place_name_ar, actors, publishers, source_titles, source_ids")


def timeline_view(sel: ScanSelection, zoom=None, max_markers: int | None = DENSITY_THRESHOLD,
                  basis: TimelineBasis | None = None) -> TimelineView:
    """:func:`timeline.views.timeline.timeline_view` (by category) of a scan's selection, with
    the date axis zoomed to ``zoom`` (``(first, last)``, or ``None``): per-day density from the
    selection's grid while more than ``max_markers`` events are in view, else each event in
    view, fetched from the files (only those) and laid out by the in-memory view's own
    :func:`~timeline.views.timeline.event_marks`. ``basis``: the scan's :class:`TimelineBasis`,
    when the caller keeps one."""
    sc = sel.scan
    basis = basis if basis is not None and basis.scan is sc else TimelineBasis(sc)
    limit = int(max_markers or 0)
    g = sel.grid
    view_sel = sel
    if zoom is not None:
        lo, hi = pd.Timestamp(zoom[0]), pd.Timestamp(zoom[1])
        g = g[(g["e"] >= lo.normalize().value // (DAY_US * 1000)) & (g["s"] <= hi.value // (DAY_US * 1000))]
        f = sel.filters
        view_sel = ScanSelection(sc, replace(f, start=lo.normalize() if f.start is None else max(f.start, lo.normalize()),
                                             end=hi.normalize() if f.end is None else min(f.end, hi.normalize())))
        n = int(g["n"].sum())
        span = (day_ts(g["s"].min()), day_ts(g["e"].max())) if len(g) else None
        rng = (lo, hi)
    else:
        n, span = sel.n, sel.span
        rng = span_range(span)
    switchable, mode = view_mode("category", limit, sc.n, n)
    lanes = basis.categories
    strips = lanes if switchable else ()
    common = dict(by="category", mode=mode, limit=limit, switchable=switchable, n=n,
                  n_month=int(g.loc[g["month"], "n"].sum()), span=span, rng=rng, lanes=lanes, kinds=basis.kinds,
                  categories=basis.categories, phases=(), strips=strips, publishers=tuple(view_sel.publishers))
    if mode == "density":
        return TimelineView(**common, **density_marks(basis.groups, strips, *_density(sel.grid, basis, rng, strips)))
    rows = view_sel.query(f'"row", {DAY_SQL} AS day', (), 'ORDER BY "row" LIMIT ?', [n + 1])
    ev = (sc.query(f"SELECT {_EVENT_COLUMNS} FROM {{events}} LIMIT 0") if not len(rows) else
          sc.fetch(_EVENT_COLUMNS, rows["row"].to_numpy(np.int64), rows["day"].to_numpy(np.int64)))
    ev = ev[ev["category_code"] >= 0].sort_values("row", kind="stable").reset_index(drop=True)
    cat = ev["category_code"].to_numpy(np.int64)
    lane_of = np.full(N_CAT, -1, dtype=np.int64)
    lane_of[[CATS.index(c) for c in lanes]] = np.arange(len(lanes))
    s_day = ev["start"].to_numpy("datetime64[us]").astype(np.int64) // DAY_US
    e_day = ev["span_end"].to_numpy("datetime64[us]").astype(np.int64) // DAY_US
    kind = np.asarray([KINDS.index(k) for k in kinds_of(ev["date_precision"], e_day > s_day)], dtype=np.int64)
    return TimelineView(**common, **event_marks(basis.groups, strips, len(lanes), rng, lane_of[cat], s_day, e_day,
                                                kind, cat, basis.hover(ev), ev["id"].to_numpy(dtype=object)))


def _density(grid: pd.DataFrame, basis: TimelineBasis, rng, strips) -> tuple[np.ndarray, np.ndarray]:
    """Days (at noon) over ``rng`` within the scan's days, and the events under way on each, one
    column per strip (as the in-memory view's density)."""
    day0, n_days = basis.days
    lo, hi = 0, n_days
    if rng is not None and n_days:
        lo = min(max(pd.Timestamp(rng[0]).value // (DAY_US * 1000) - day0, 0), n_days)
        hi = min(max(int(np.ceil((pd.Timestamp(rng[1]) - day_ts(day0)) / pd.Timedelta(days=1))), lo), n_days)
    days = (np.arange(lo, hi, dtype=np.int64) + day0).astype("datetime64[D]").astype("datetime64[us]") \
        + np.timedelta64(12, "h")
    counts = under_way(grid, day0 + lo, day0 + hi - 1)[1] if hi > lo else np.zeros((0, N_CAT), dtype=np.int64)
    return days, counts[:, [CATS.index(c) for c in strips]]
