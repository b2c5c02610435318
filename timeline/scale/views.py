"""The views of :mod:`timeline.views` computed over a scan: the same frozen values, from the engine's aggregates.

Each function takes a :class:`~timeline.scale.scan.ScanSelection` and returns the value its
in-memory twin returns for the same filters (a test checks every one against the in-memory views
of the same file): :func:`counts_view`, :func:`deaths_view`, :func:`map_view`,
:func:`summary_view`, :func:`table_view`. The selection's aggregates (its grid of cells, its
dots, its citations) are asked of the engine once and shared by the views.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..labels import day_text, period_texts, publisher_order
from ..schema import MEASURES
from ..views.counts import CountsView
from ..views.deaths import Claim, DeathsView
from ..views.map import (HOVER_EVENTS, MAX_LISTED, SIZE_BY, TITLES, UNPLACED_HEADINGS, MapView, Unplaced,
                         joined_lines, span_text)
from ..views.table import Row, Summary, TableView, summary_of
from .scan import CATS, DAY_SQL, N_CAT, ScanSelection, period_start
from .sql import report_where

__all__ = ["counts_view", "deaths_view", "map_view", "summary_view", "table_view"]


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
        p0, p1 = int(period_start(np.array([lo]), step)[0]), int(period_start(np.array([hi]), step)[0])
        n_periods = (p1 - p0) // step + 1
        g = sel.grid
        g = g[~g["month"] & (g["cat"] >= 0) & (g["e"] >= g["s"])]
        s, e = np.maximum(g["s"].to_numpy(), lo), np.minimum(g["e"].to_numpy(), hi)
        ok = s <= e
        s, e, cat, w = s[ok], e[ok], g["cat"].to_numpy()[ok], g["n"].to_numpy()[ok]
        ps, pe = period_start(s, step), period_start(e, step)
        k = (pe - ps) // step + 1
        idx = np.repeat(np.arange(k.size), k)
        p = ps[idx] + (np.arange(idx.size) - np.repeat(np.cumsum(k) - k, k)) * step
        counts = np.bincount(((p - p0) // step) * N_CAT + cat[idx], weights=w[idx],
                             minlength=n_periods * N_CAT).astype(np.int64).reshape(n_periods, N_CAT)
        values = counts[:, cols]
        periods = (p0 + np.arange(n_periods, dtype=np.int64) * step).astype("datetime64[D]").astype("datetime64[us]")
    vmax = float(values.sum(axis=1).max()) if values.size else 0.0
    n_month, rows = _month_rows(sel.grid)
    return CountsView(freq=f, by="category", value="count", n=sel.n, groups=groups, periods=periods,
                      period_text=_texts(periods, step), values=values, vmax=vmax, span=span, n_month=n_month,
                      month_rows=rows, month_grouping="category", note_room=bool(whole["month"].any()),
                      publishers=tuple(sel.publishers), phases=())


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
