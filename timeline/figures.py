"""Figures: a :class:`~timeline.model.Timeline` (or a filtered one) in, a plotly ``Figure`` out.

Builders (none of them calls ``.show()``; a view with nothing to draw gives an empty chart that
says so: "No events match", or "No casualty figures match" for the toll):

- :func:`timeline_figure` — one lane per category (or actor, place, confidence): one-day events
  as dots, multi-day events as bars, approximate dates hollow, month-only dates as faint spans
  over the whole month; phases shaded and named.
- :func:`toll_figure`     — the reported death toll: one step line per organisation's series and
  measure, a marker at each published figure (open for "at least"), the range across
  organisations as a band. Figures of different organisations are never added.
- :func:`counts_figure`   — events under way per day or week, stacked by category.
- :func:`map_figure`      — where events happened, on an offline base map of Syria and Lebanon,
  with an inset of the coast; places without coordinates are listed, not placed.
- :func:`overview_figure` — timeline, counts and toll on one shared, zoomable date axis.

Offline maps: :func:`offline_geo_assets` (the topojson the map uses, to inline in HTML with
:func:`geo_assets_script`) and :func:`use_offline_geo` (points kaleido at the copy shipped in
``timeline/assets/topojson``; :func:`map_figure` calls it for you).

Traces are built per group (category × kind of date), never per event, so a figure of 100,000
events has a few dozen traces. Each trace's ``meta`` says what it is, e.g.
``{"role": "event", "category": "military", "kind": "point"}``; shapes and annotations have
``name`` values such as ``"phase:coastal-clashes"``, ``"source"``, ``"empty"``.

Every builder takes ``full=``: the unfiltered timeline a view comes from. The figure then has
the same traces, in the same order, as the figure of ``full`` (empty where the view has
nothing), so a ``FigureWidget`` can show any view by updating its traces in place.

Layout decisions that depend on pixels (staggering phase labels, end labels of toll lines, map
labels) assume the figure is drawn about :data:`NOMINAL_WIDTH` pixels wide.
"""

from __future__ import annotations

import json
import re
import weakref
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from . import series as _series
from .charts import theme as T
from .charts.common import (
    DAY,
    DAY_MS,
    EMPTY_TEXT,
    EMPTY_TOLL_TEXT,
    NOMINAL_WIDTH,
    NOON,
    date_text,
    day_text,
    esc,
    esc_list,
    event_table,
    names_join,
    publishers_of,
    span_range,
)
from .charts import counts as _counts_chart
from .charts import overview as _overview_chart
from .charts import timeline as _timeline_chart
from .model import Timeline
from .schema import CATEGORIES, MEASURES
from .views import Selection, select, select_view
from .views.counts import counts_view
from .views.timeline import DENSITY_THRESHOLD, timeline_view

__all__ = [
    "timeline_figure",
    "toll_figure",
    "counts_figure",
    "map_figure",
    "overview_figure",
    "offline_geo_assets",
    "geo_assets_script",
    "use_offline_geo",
    "topojson_url",
    "GEO_TOPOJSON",
    "MAP_REGION",
    "NOMINAL_WIDTH",
    "DENSITY_THRESHOLD",
]

def _add_empty(fig: go.Figure, text: str, hide_axes: bool = True) -> None:
    """The empty chart of a filtered view that matches nothing: a centred message, no axes."""
    fig.add_annotation(name="empty", text=text, showarrow=False, font=dict(size=16, color=T.MUTED),
                       x=0.5, y=0.5, xref="paper", yref="paper")
    if hide_axes:
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)


def _date_axis(fig: go.Figure, rng, **where) -> None:
    kw = dict(type="date", tickformat="%-d %b\n%Y", hoverformat="%-d %b %Y", showgrid=False)
    if rng is not None:
        kw["range"] = [rng[0], rng[1]]
    fig.update_xaxes(**kw, **where)


# ------------------------------------------------------------------------------------------------
# Views of one timeline keep the same traces (for FigureWidgets updated in place)
# ------------------------------------------------------------------------------------------------

_STRUCTURE: "weakref.WeakKeyDictionary[Timeline, dict]" = weakref.WeakKeyDictionary()
_DATA_KEYS = ("x", "y", "z", "lon", "lat", "text", "hovertext", "customdata", "base", "width", "textposition")


def _trace_key(tr, seen: dict) -> tuple:
    """What a trace shows: its ``meta["id"]`` when it has one, else its whole ``meta``."""
    return _spec_key(tr.type, tr.meta, seen)


def _spec_key(kind: str, meta, seen: dict) -> tuple:
    """:func:`_trace_key` from a trace's type and meta (works for plain trace dicts too)."""
    meta = meta if isinstance(meta, dict) else {}
    key = (kind, meta["id"] if "id" in meta else tuple(sorted((k, str(v)) for k, v in meta.items())))
    seen[key] = seen.get(key, -1) + 1
    return key + (seen[key],)


def _empty_like(tr) -> dict:
    """The trace with no data (same type, style, legend group and meta)."""
    return _blank(tr.to_plotly_json())


def _blank(spec: dict) -> dict:
    """A plain trace dict with its data emptied (see :func:`_empty_like`); ``spec`` is not changed."""
    spec = dict(spec)
    for k in _DATA_KEYS:
        if k in spec and not isinstance(spec[k], (str, int, float)):
            spec[k] = []
    marker = dict(spec.get("marker") or {})
    for k in ("size", "symbol", "color"):
        if isinstance(marker.get(k), (list, tuple)) or hasattr(marker.get(k), "shape"):
            marker.pop(k)
    if "marker" in spec:
        spec["marker"] = marker
    spec["showlegend"] = False
    return spec


def _fill(frame: list[dict], traces: list[dict], roles: set[str]) -> list[dict]:
    """The traces of a figure whose structure is ``frame`` (plain trace dicts): each of
    ``traces`` in the place of the frame trace with the same key (:func:`_spec_key`); frame
    traces whose ``meta["role"]`` is in ``roles`` and that ``traces`` lacks are emptied, the
    others kept. A trace the frame does not have is an error (the frame must hold every trace
    a view can draw)."""
    seen: dict = {}
    mine = {_spec_key(t.get("type", "scatter"), t.get("meta"), seen): t for t in traces}
    seen = {}
    out = []
    for t in frame:
        key = _spec_key(t.get("type", "scatter"), t.get("meta"), seen)
        new = mine.pop(key, None)
        if new is not None:
            out.append(new)
        elif (t.get("meta") or {}).get("role") in roles:
            out.append(_blank(t))
        else:
            out.append(t)
    if mine:
        raise ValueError(f"traces missing from the frame: {sorted(map(str, mine))[:3]}")
    return out


def _stable(fig: go.Figure, full: Timeline | None, build, **kwargs) -> go.Figure:
    """With ``full`` (the unfiltered timeline a view comes from), give ``fig`` exactly the
    traces the figure of ``full`` has, in the same order — empty ones for what the view lacks —
    so a ``FigureWidget`` can show any view of ``full`` by updating its traces in place. The
    structure of ``full``'s figure is computed once per timeline and arguments."""
    if full is None:
        return fig
    cache = _STRUCTURE.setdefault(full, {})
    arg_key = (build.__name__, tuple(sorted((k, str(v)) for k, v in kwargs.items())))
    if arg_key not in cache:
        ref = build(full, **kwargs)
        seen: dict = {}
        cache[arg_key] = [(_trace_key(tr, seen), _empty_like(tr)) for tr in ref.data]
    seen = {}
    mine = {_trace_key(tr, seen): tr for tr in fig.data}
    data = [mine.pop(key, None) or empty for key, empty in cache[arg_key]]
    return go.Figure(data=data + list(mine.values()), layout=fig.layout)

# ================================================================================================
# Timeline, counts, overview: views (timeline.views) painted by timeline.charts
# ================================================================================================

def _selection(tl: Timeline, full: Timeline | None) -> Selection:
    """The selection a façade draws: all of ``tl``, or the part of ``full`` that ``tl`` is."""
    return select(tl) if full is None else select_view(full, tl)


def timeline_figure(tl: Timeline, by: str = "category", *, full: Timeline | None = None,
                    max_markers: int | None = None) -> go.Figure:
    """The events on a date axis, one lane per category (or ``by="actor"``, ``"place"``,
    ``"confidence"``; an event with two actors appears in both their lanes).

    One-day events are dots; multi-day events are bars over their days; ``approximate`` dates
    are hollow (a ring, or an outlined bar over the window of possible days); events dated only
    to the month are faint hatched spans over the whole month and the lane's height, so no day
    is implied. Colour is always the category (legend group = category); events that overlap
    in a lane are stacked. Phases are shaded and named. Hover: title, date as precise as known,
    places in English and Arabic, actors, confidence and sources (publisher — title).

    Density: with ``by="category"`` and more than ``max_markers`` events (default
    :data:`DENSITY_THRESHOLD`, 5,000; ``0`` never draws density) the lanes are heat strips of the
    events under way each day instead (as :func:`timeline.series.events_per_period`; events known
    only to the month are not on any day), and the chart says so (the ``"mode"`` annotation and
    the subtitle). Filter the timeline below the threshold to see each event.

    ``full``: the unfiltered timeline ``tl`` is a view of; the figure then has the lanes and the
    traces of ``full``'s (empty where the view has nothing), so a FigureWidget updates in place.
    When ``full`` is over the threshold, those traces are both the density strips and the event
    traces, and the chart names its mode in either case. (See :mod:`timeline.views.timeline`
    and :mod:`timeline.charts.timeline`.)
    """
    limit = DENSITY_THRESHOLD if max_markers is None else max_markers
    return go.Figure(_timeline_chart.paint(timeline_view(_selection(tl, full), by=by, max_markers=limit)))


def counts_figure(tl: Timeline, freq: str = "D", by: str = "category", value: str = "count", *,
                  full: Timeline | None = None) -> go.Figure:
    """Stacked bars of events per day (``freq="D"``) or week (``"W"``), by category (or
    ``by="actor"``, ``"place"``, ``"confidence"``).

    ``value="count"`` (default): events under way in the period — an event of several days
    counts once in each of its days. ``value="share"``: each event's weight of 1 split over its
    days, so the bars add up to the number of events. The y-axis title says which. Events known
    only to the month are not put on any day: a note under the chart counts them. ``full``: as
    in :func:`timeline_figure`.
    """
    if value not in ("count", "share"):
        raise ValueError(f"unknown value {value!r} for `value` (expected 'count' or 'share')")
    return go.Figure(_counts_chart.paint(counts_view(_selection(tl, full), freq=freq, by=by, value=value)))


def overview_figure(tl: Timeline, freq: str = "D", measures=("killed_total", "killed_civilians"), *,
                    full: Timeline | None = None, max_markers: int | None = None) -> go.Figure:
    """The timeline, the events under way per day (or week) and the reported toll, on one
    shared, zoomable date axis, with the phases shaded across all three. Clicking a category in
    the legend hides it in the timeline and in the counts at once. ``full``: as in
    :func:`timeline_figure`.

    With more than ``max_markers`` events (default :data:`DENSITY_THRESHOLD`; ``0`` never) the
    top row shows heat strips of the events under way each day, as :func:`timeline_figure`
    does, and says so (and holds one empty ``"dots"`` trace per category, which the exported
    page fills with the events of a view small enough to show one by one)."""
    limit = DENSITY_THRESHOLD if max_markers is None else max_markers
    sel = _selection(tl, full)
    tv = timeline_view(sel, by="category", max_markers=limit)
    cv = counts_view(sel, freq=freq)
    toll = _overview_toll(tl, measures, tv, full)
    return go.Figure(_overview_chart.paint(tv, cv, toll, toll["range"]))


def _overview_toll(tl: Timeline, measures, tv, full: Timeline | None = None) -> dict:
    """The overview's toll row (traces and end labels on ``x3``/``y3``), drawn by
    :func:`_toll_layer` on a scratch three-row grid, and the shared date range. With ``full``,
    the row has the toll traces of ``full`` (empty where ``tl`` has none)."""
    figs, spread = _toll_data(tl, measures, None)
    rng = _overview_chart.overview_range(tv, (figs["episode_end"].max() + 2 * DAY) if not figs.empty else None)
    data, notes = _overview_toll_traces(figs, spread)
    if full is not None and full is not tl:
        whole, _ = _overview_toll_traces(*_toll_data(full, measures, None))
        data = _fill(whole, data, {"toll", "range"})
    reporters = figs["reported_by"].value_counts().index.tolist() if not figs.empty else []
    return {"data": data, "annotations": notes, "reporters": reporters, "range": rng}


def _overview_toll_traces(figs: pd.DataFrame, spread: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    scratch = make_subplots(rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.045, row_heights=[0.5, 0.2, 0.3])
    _toll_layer(scratch, figs, spread, panel_of=lambda m: dict(row=3, col=1), dash_by_measure=True, band_legend=None,
                label_band=False, panel_px=(NOMINAL_WIDTH - 300, 230), early_labels="left")
    spec = scratch.to_plotly_json()
    return spec["data"], list(spec["layout"].get("annotations") or [])


# ------------------------------------------------------------------------------------------------
# Kept for timeline/widgets.py (its large-data path) until the explorer paints the views
# ------------------------------------------------------------------------------------------------

def _density_mode_text(n: int, limit: int) -> str:
    return f"<b>Density</b> · {n:,} events in view, over {limit:,}: filter or zoom in to see each event"


def _density_update(daily: np.ndarray, day0: int, *, n_events: int, n_month: int, span_text: str,
                    publishers: list[str], rng, limit: int) -> tuple[dict[str, dict], dict[str, object]]:
    """What the density chart of a view shows, from its events under way per day and category
    (``daily[i, c]``: day ``day0 + i``, category ``CATEGORIES[c]``): the data of each strip (by
    category) and the layout values that change (by name: ``subtitle``, ``source``, ``mode``,
    ``xrange``). Shared by :func:`timeline_figure` and the explorer."""
    cats = list(CATEGORIES)
    lo, hi = 0, daily.shape[0]
    if rng is not None and daily.shape[0]:
        lo = max(int((rng[0] - pd.Timestamp(int(day0), unit="D")) / DAY), 0)
        hi = min(int(np.ceil((rng[1] - pd.Timestamp(int(day0), unit="D")) / DAY)), daily.shape[0])
    days = (np.arange(lo, hi, dtype=np.int64) + day0).astype("datetime64[D]").astype("datetime64[us]")
    x = days + np.timedelta64(12, "h")
    part = daily[lo:hi]
    zmax = max(int(part.max()) if part.size else 0, 1)
    traces = {c: {"x": x, "z": part[:, i][None, :], "zmax": zmax} for i, c in enumerate(cats)}
    month = f" ({n_month:,} known only to the month are on no day)" if n_month else ""
    subtitle = f"{n_events:,} events by category, {span_text}. Colour: events under way each day{month}."
    return traces, {"subtitle": subtitle, "source": T.source_line(publishers), "mode": _density_mode_text(n_events, limit),
                    "xrange": None if rng is None else [rng[0], rng[1]]}


def _layout_paths(layout: dict, values: dict[str, object]) -> dict[str, object]:
    """Named layout values as plotly property paths into ``layout`` (a plain dict, e.g.
    ``fig.layout.to_plotly_json()``): ``subtitle``; ``xrange``; the name of an annotation (sets
    its text), ``hover:NAME`` (its hover text), ``show:NAME`` (whether it is visible); any key
    with a dot is a path already (``yaxis.range``)."""
    names = {a.get("name"): i for i, a in enumerate(layout.get("annotations") or []) if a.get("name")}
    out = {}
    for key, value in values.items():
        if key == "subtitle":
            out["title.subtitle.text"] = value
        elif key == "xrange":
            out["xaxis.range"] = None if value is None else list(value)
        elif "." in key:
            out[key] = value
        elif ":" in key:
            what, name = key.split(":", 1)
            if name in names:
                out[f"annotations[{names[name]}].{'hovertext' if what == 'hover' else 'visible'}"] = value
        elif key in names:
            out[f"annotations[{names[key]}].text"] = value
    return out


def _counts_view(daily: np.ndarray, day0: int, span, *, rows: int, publishers: list[str], n_month: int,
                 month_rows: pd.DataFrame) -> tuple[list[dict], dict[str, object]]:
    """The count chart of a view (per day, by category, events under way) from its events under
    way per day and category (``daily[i, c]``: day ``day0 + i``), its span, the phase label rows
    of the chart, the publishers cited and its month-only events (``n_month`` and the
    ``month``/``group``/``count`` rows of the note): the bar traces and the layout values that
    change, for :func:`_fill` and :func:`_layout_paths`. The bars are those of
    :func:`counts_figure` for the same view."""
    if span is None:
        traces, vmax, rng = [], 0.0, None
    else:
        lo = max(int(_series._days([span[0]])[0]) - day0, 0)
        hi = int(_series._days([span[1]])[0]) - day0
        part = daily[lo:hi + 1]
        periods = (np.arange(lo, lo + part.shape[0]) + day0).astype("datetime64[D]").astype("datetime64[us]")
        traces = _bar_traces(periods, list(CATEGORIES), part, "D", "category", "count")
        vmax = float(part.sum(axis=1).max()) if part.size else 0.0
        rng = span_range(span)
    info = {"groups": [t["meta"]["group"] for t in traces], "max": vmax}
    values: dict[str, object] = {
        "xrange": rng, "subtitle": _counts_subtitle("D", "category", "count", "no events" if span is None
                                                    else _span_text(span)),
        "source": T.source_line(publishers),
        "note": _month_only_text(n_month, month_rows) if n_month else "",
        "show:empty": not info["groups"], "xaxis.visible": bool(info["groups"]), "yaxis.visible": bool(info["groups"]),
    }
    values.update({f"yaxis.{k}": v for k, v in _counts_yrange(info["max"], "count", rows).items()})
    return traces, values


def _bar_traces(periods: np.ndarray, groups: list[str], grid: np.ndarray, freq: str, by: str, value: str, *,
                show_legend: bool = True) -> list[dict]:
    """One stacked bar trace per group with events: ``grid[i, j]`` is the value of group ``j`` in
    period ``periods[i]`` (the day, or the Monday of the week)."""
    step = 1 if str(freq).upper() == "D" else 7
    totals = grid.sum(axis=0)
    present = [g for g, t in zip(groups, totals) if t > 0]
    colors = T.group_colors(by, present)
    label_of = (lambda g: T.category_label(g)) if by == "category" else (lambda g: str(g))
    day_txt = day_text(pd.Series(periods)).to_numpy(dtype=object)
    period_txt = day_txt if step == 1 else np.array(["week of " + t for t in day_txt], dtype=object)
    x = periods + np.timedelta64(12 * step, "h")
    fmt = "%{y}" if value == "count" else "%{y:.2f}"
    what = "under way" if value == "count" else "(share of multi-day events)"
    out = []
    for j, g in enumerate(groups):
        if totals[j] <= 0:
            continue
        label = label_of(g)
        out.append(dict(
            type="bar", x=x, y=grid[:, j],
            width=DAY_MS * step * 0.86, name=label, legendgroup=g if by == "category" else f"{by}:{g}",
            showlegend=show_legend, marker=dict(color=colors[g], line=dict(width=0)),
            customdata=period_txt,
            hovertemplate=f"<b>{esc_list([label])[0]}</b><br>%{{customdata}}: {fmt} events {what}<extra></extra>",
            meta={"role": "count", "group": g, "by": by, "value": value}))
    return out


def _month_only_text(n: int, mo: pd.DataFrame, grouping: str = "category") -> str:
    """The note under a count chart from the number of month-only events and their
    (``month``, ``group``, ``count``) rows (counts above 0)."""
    label = (lambda x: T.category_label(x).lower()) if grouping == "category" else str
    months = mo["month"].to_numpy()
    order = np.argsort(months, kind="stable")  # by month; each month's rows in their order
    groups, counts = mo["group"].to_numpy(dtype=object)[order], mo["count"].to_numpy()[order]
    months = months[order]
    bounds = np.r_[np.flatnonzero(np.r_[True, months[1:] != months[:-1]]), len(months)] if len(months) else [0]
    parts = []
    for a, b in zip(bounds[:-1], bounds[1:]):
        parts.append(f"{pd.Timestamp(months[a]):%B %Y}: " + ", ".join(f"{int(c)} {label(x)}"
                                                                      for x, c in zip(groups[a:b], counts[a:b])))
    return (f"Not on any day: {n} event{'s' if n != 1 else ''} dated only to the month "
            f"({'; '.join(parts)}).")


def _nice_step(raw: float) -> int:
    """The smallest whole 1, 2 or 5 × 10^k step at least ``raw`` (at least 1)."""
    step = 1
    while True:
        for m in (1, 2, 5):
            if step * m >= raw:
                return step * m
        step *= 10


_COUNTS_HEIGHT = 520


def _counts_yrange(vmax: float, value: str, rows: int) -> dict:
    """The count axis: from 0 to the tallest stack, with room for ``rows`` rows of phase names
    above it; whole-number ticks for counts of events (shares may be fractions)."""
    plot_px = _COUNTS_HEIGHT - 88 - 34 - 44 - 30
    head = (6 + 14 * rows) / plot_px  # keep the phase names above the bars
    out = {"range": [0, max(vmax, 1) * 1.04 / (1 - head)]}
    if value == "count":
        out.update(tick0=0, dtick=_nice_step(vmax / 5))
    return out


def _counts_subtitle(freq: str, by: str, value: str, span_text: str) -> str:
    unit = "day" if str(freq).upper() == "D" else "week"
    return f"{'Events under way' if value == 'count' else 'Events'} each {unit}, by {by}, {span_text}"


def _span_text(span) -> str:
    """``Timeline.span_text`` of a span."""
    a, b = span
    return f"{a.day} {a:%b %Y} – {b.day} {b:%b %Y}"


def _empty_annotation(visible: bool = False) -> dict:
    return dict(name="empty", text=EMPTY_TEXT, showarrow=False, font=dict(size=16, color=T.MUTED),
                x=0.5, y=0.5, xref="paper", yref="paper", visible=visible)


# ================================================================================================
# Reported toll
# ================================================================================================

_SYMBOL_SUFFIX = {"exact": "", "at_least": "-open", "approximately": "-open-dot"}
_QUALIFIER_TEXT = {"exact": "as published", "at_least": "at least — a lower bound", "approximately": "approximately"}
_MEASURE_DASH = {"killed_total": "solid", "killed_civilians": "dot", "killed_government": "dash",
                 "killed_loyalists": "dashdot"}
_EPISODE_GAP = pd.Timedelta(days=14)


def _measure_title(measure: str) -> str:
    label = MEASURES.get(measure, measure)
    return "All deaths counted" if measure == "killed_total" else f"{label[0].upper()}{label[1:]} killed"


def _toll_data(tl: Timeline, measures, reporters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every published running figure (one row each, with its series label, episode and the
    episode's last publication day) and the daily range across series per (episode, measure).

    Episodes: series whose ``period_start`` lie within 14 days of each other count the same
    violence, so SOHR's toll of the November 2024 offensive is never compared with the tolls of
    March 2025. The range is :func:`timeline.series.toll_spread` of each episode separately —
    this grouping is a helper of the figures (``toll_spread`` compares every series it is given).
    """
    measures = [measures] if isinstance(measures, str) else list(measures)
    reporters = [reporters] if isinstance(reporters, str) else reporters
    toll = _series.reported_toll(tl, measures=measures, reporters=reporters)
    figs = _series.toll_figures(tl, tally="running")
    figs = figs[figs["measure"].isin(measures)]
    if reporters is not None:
        figs = figs[figs["reported_by"].isin(list(reporters))]
    if toll.empty or figs.empty:
        empty = figs.iloc[0:0].assign(series=pd.Series([], dtype="str"), episode=pd.Series([], dtype="str"),
                                      episode_end=pd.Series([], dtype="datetime64[us]"))
        return empty, pd.DataFrame()
    labels = toll[["reported_by", "period_start", "series"]].drop_duplicates(["reported_by", "period_start"])
    figs = figs.merge(labels, on=["reported_by", "period_start"], how="inner")
    starts = np.sort(toll["period_start"].unique())
    number = np.cumsum(np.r_[0, np.diff(starts) > _EPISODE_GAP.to_timedelta64()])
    first = pd.Series(starts).groupby(number).transform("min").to_numpy()
    # an episode is named by the day its first series starts counting, so it keeps its name in any view
    episode_of = pd.Series(pd.DatetimeIndex(first).strftime("%Y-%m-%d"), index=starts)
    figs["episode"] = figs["period_start"].map(episode_of).astype("str")
    ep_end = figs.groupby("episode")["published"].max()
    figs["episode_end"] = figs["episode"].map(ep_end)
    toll = toll.assign(episode=toll["period_start"].map(episode_of).astype("str").to_numpy())
    toll = toll[toll["date"] <= toll["episode"].map(ep_end)]
    spread = pd.concat([_series.toll_spread(part).assign(episode=ep) for ep, part in toll.groupby("episode")],
                       ignore_index=True)
    figs = figs.sort_values(["episode", "series", "measure", "published", "order"], kind="stable")
    return figs.reset_index(drop=True), spread


def _ref(fig: go.Figure, where: dict) -> tuple[str, str]:
    """Axis references ("x2", "y2") of a subplot cell ({} = the only one)."""
    if not where:
        return "x", "y"
    sp = fig.get_subplot(where["row"], where["col"])
    return sp.xaxis.plotly_name.replace("axis", ""), sp.yaxis.plotly_name.replace("axis", "")


def _toll_layer(fig: go.Figure, figs: pd.DataFrame, spread: pd.DataFrame, *, panel_of, dash_by_measure: bool,
                band_legend: str | None, label_band: bool, panel_px: tuple[float, float],
                early_labels: str = "right") -> None:
    """Step lines with a marker per published figure, the range band, and a label at the end of
    every line. ``panel_of(measure)`` gives the subplot cell of a measure ({} when none). Labels
    of earlier episodes sit above the end of their line, ending there (``early_labels="right"``,
    when the axis is cut just after) or starting there (``"left"``)."""
    # the band first, below the lines; only where two or more series have a figure
    banded = set()
    for (ep, measure), sp in (spread.groupby(["episode", "measure"], sort=False) if not spread.empty else []):
        sp = sp[sp["n_series"] >= 2].sort_values("date").reset_index(drop=True)
        if sp.empty:
            continue
        sp = pd.concat([sp, sp.iloc[[-1]].assign(date=sp["date"].iloc[-1] + DAY)], ignore_index=True)
        x = (sp["date"] + NOON).to_numpy()
        hover = ("<b>Range across organisations</b>, " + MEASURES.get(measure, measure) + " killed<br>"
                 + day_text(sp["date"]) + ": " + sp["low"].map("{:,}".format) + " (" + esc(sp["low_by"])
                 + ") to " + sp["high"].map("{:,}".format) + " (" + esc(sp["high_by"]) + ")"
                 + "<br><i>Not an estimate: the organisations count different things</i>")
        meta = {"role": "range", "measure": measure, "episode": str(ep)}
        where = panel_of(measure)
        fig.add_trace(go.Scatter(x=x, y=sp["low"].to_numpy(), mode="lines", line=dict(width=0, shape="hv"),
                                 legendgroup="range", showlegend=False, hoverinfo="skip", name="lowest figure",
                                 meta={**meta, "edge": "low", "id": f"range:{measure}:{ep}:low"}), **where)
        first = band_legend is not None and "range" not in banded
        fig.add_trace(go.Scatter(x=x, y=sp["high"].to_numpy(), mode="lines", line=dict(width=0, shape="hv"),
                                 fill="tonexty", fillcolor="rgba(140,140,140,0.2)", legendgroup="range",
                                 name="range across organisations", showlegend=first,
                                 legend=band_legend or "legend", hovertext=hover.to_numpy(),
                                 hovertemplate="%{hovertext}<extra></extra>",
                                 meta={**meta, "edge": "high", "id": f"range:{measure}:{ep}:high"}),
                      **where)
        if label_band and "range" not in banded and len(sp) >= 3:
            xref, yref = _ref(fig, where)
            centre = sp["date"].iloc[0] + (sp["date"].iloc[-1] - sp["date"].iloc[0]) / 2 + NOON
            mid = sp[sp["date"] + NOON <= centre].iloc[-1]  # the step under the middle of the band
            fig.add_annotation(name="range-label", text="<i>range across<br>organisations</i>", xref=xref, yref=yref,
                               x=centre, y=(mid["low"] + mid["high"]) / 2, showarrow=False,
                               font=dict(size=T.SIZES["note"], color="#6E6E6E"))
        banded.add("range")

    ends: dict[tuple, list] = {}
    for (series_label, measure), g in figs.groupby(["series", "measure"], sort=False):
        g = g.sort_values(["published", "order"], kind="stable").reset_index(drop=True)
        reporter = g["reported_by"].iloc[0]
        color, symbol = T.reporter_color(reporter), T.reporter_symbol(reporter)
        ep_end = g["episode_end"].iloc[0]
        tail = ep_end + DAY + NOON  # the last figure stays in force to the end of the episode
        x = np.r_[(g["published"] + NOON).to_numpy(), np.array([tail], dtype="datetime64[us]")]
        y = np.r_[g["value"].to_numpy(), g["value"].iloc[-1]]
        hover = ("<b>" + esc(g["series"]) + ": " + g["value_text"] + "</b> " + MEASURES.get(measure, measure)
                 + " killed (" + g["qualifier"].map(_QUALIFIER_TEXT).fillna(g["qualifier"]) + ")"
                 + "<br>Published " + day_text(g["published"])
                 + np.where(g["published_precision"] == "approximate", " (approximate)", "")
                 + " · reported by " + esc(g["source_publisher"])
                 + "<br>Counts: " + esc(g["scope"]) + " (since " + day_text(g["period_start"]) + ")")
        last_text = g["value_text"].iloc[-1]
        hovers = list(hover) + [f"<b>{esc([series_label])[0]}: {last_text}</b>, latest figure as of "
                                f"{ep_end.day} {ep_end:%b %Y}"]
        where = panel_of(measure)
        fig.add_trace(go.Scatter(
            x=x, y=y, mode="lines+markers",
            line=dict(color=color, width=2.2, shape="hv",
                      dash=_MEASURE_DASH.get(measure, "solid") if dash_by_measure else "solid"),
            marker=dict(color=color, size=[9] * len(g) + [0], line=dict(color=color, width=1.6),
                        symbol=[symbol + _SYMBOL_SUFFIX.get(q, "") for q in g["qualifier"]] + [symbol]),
            name=series_label if not dash_by_measure else f"{series_label}, {MEASURES.get(measure, measure)}",
            legendgroup=f"series:{series_label}", showlegend=False,
            hovertext=hovers, hovertemplate="%{hovertext}<extra></extra>",
            meta={"role": "toll", "series": series_label, "reported_by": reporter, "measure": measure,
                  "id": f"toll:{reporter}:{g['period_start'].iloc[0]:%Y-%m-%d}:{measure}"}), **where)
        key = (tuple(sorted(where.items())), str(g["episode"].iloc[0]))
        ends.setdefault(key, []).append(dict(y=float(y[-1]), x=tail, series=series_label, reporter=reporter,
                                             value=last_text, color=color, measure=measure, where=where))

    last_episode = str(figs["episode"].max()) if not figs.empty else ""  # ISO dates sort as text
    ymax = max(float(figs["value"].max()), 1.0) if not figs.empty else 1.0
    gap = ymax * 1.1 * 15 / panel_px[1]  # 15 px between end labels
    for (_, episode), items in ends.items():
        n_series = pd.Series({it["series"]: it["reporter"] for it in items}).value_counts()
        items.sort(key=lambda it: it["y"])
        prev = None
        for it in items:  # the organisation's name alone unless it has two series here
            name = it["reporter"] if n_series.get(it["reporter"], 0) <= 1 else it["series"]
            text = f"{name} {it['value']}" if not dash_by_measure else \
                f"{name}, {MEASURES.get(it['measure'], it['measure'])} {it['value']}"
            xref, yref = _ref(fig, it["where"])
            if episode == last_episode:
                y_lab = it["y"] if prev is None else max(it["y"], prev + gap)
                prev = y_lab
                pos = dict(x=it["x"], y=y_lab, xanchor="left", yanchor="middle", xshift=4)
            else:  # an earlier episode: above the end of its line, so it never runs into the next one
                pos = dict(x=it["x"], y=it["y"], xanchor=early_labels, yanchor="bottom", yshift=3)
            fig.add_annotation(name=f"end:{it['series']}:{it['measure']}", xref=xref, yref=yref, showarrow=False,
                               text=esc([text])[0], font=dict(size=T.SIZES["note"], color=it["color"]), **pos)


def _qualifier_key(fig: go.Figure, qualifiers: set[str], legend: str = "legend2") -> None:
    grey = "#555555"
    for q, label, sym in (("exact", "figure as published", "circle"),
                          ("at_least", "“at least” (a lower bound)", "circle-open"),
                          ("approximately", "“about”", "circle-open-dot")):
        if q in qualifiers:
            fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=label, legend=legend,
                                     marker=dict(symbol=sym, size=9, color=grey, line=dict(color=grey, width=1.6)),
                                     hoverinfo="skip", meta={"role": "key", "qualifier": q}))


def _toll_source_text(figs: pd.DataFrame) -> str:
    if figs.empty:
        return T.CREDIT
    reporters = figs["reported_by"].value_counts().index.tolist()
    pubs = figs["source_publisher"].str.replace(r"\s*\(.*\)\s*$", "", regex=True).value_counts().index.tolist()
    shown = pubs[:5] + ([f"{len(pubs) - 5} others"] if len(pubs) > 5 else [])
    return f"Source: {', '.join(reporters)}, as reported by {', '.join(shown)} · {T.CREDIT}"


def _episode_axis(figs: pd.DataFrame) -> tuple[list[dict], list, list[str]]:
    """Axis breaks for quiet gaps (> 10 days) between episodes, and day ticks (at noon, the centre
    of each day) labelled '6<br>Mar 2025' at the first day of an episode ('1<br>Apr' at a new
    month), else just '7'."""
    spans = figs.groupby("episode").agg(a=("published", "min"), b=("episode_end", "max")).sort_values("a")
    breaks, pieces = [], []
    for (_, p), (_, n) in zip(spans.iloc[:-1].iterrows(), spans.iloc[1:].iterrows()):
        lo, hi = p["b"] + 2 * DAY, n["a"] - DAY
        if hi - lo > pd.Timedelta(days=10):
            breaks.append(dict(bounds=[lo, hi]))
    for _, sp in spans.iterrows():
        pieces.append(pd.date_range(sp["a"], sp["b"] + DAY, freq="D"))
    days = pd.DatetimeIndex(sorted(set(pd.DatetimeIndex(np.concatenate([p.to_numpy() for p in pieces])))))
    shown = [d for d in days if not any(b["bounds"][0] <= d <= b["bounds"][1] for b in breaks)]
    step = max(1, int(np.ceil(len(shown) / 16)))
    vals, text = [], []
    prev = None
    for i, d in enumerate(shown):
        new = prev is None or (d - prev) > DAY or d.month != prev.month
        if new or i % step == 0:
            vals.append(d + NOON)
            new_year = prev is None or d.year != prev.year or (d - prev) > DAY
            text.append((f"{d.day}<br>{d:%b %Y}" if new_year else f"{d.day}<br>{d:%b}") if new else str(d.day))
        prev = d
    return breaks, vals, text


def toll_figure(tl: Timeline, measures=("killed_total", "killed_civilians"), reporters=None, *,
                full: Timeline | None = None) -> go.Figure:
    """How the reported death toll changed: one panel per measure; in it one step line per
    organisation's running series (labels from :func:`timeline.series.reported_toll`), a marker
    at every figure published (open for "at least", ringed for "about"; several figures on one
    day are all shown), and a grey band from the lowest to the highest figure in force across
    organisations. Nothing is ever added up: the organisations count different things.

    Quiet stretches of more than 10 days between episodes (SOHR's toll of the November 2024
    offensive, the tolls of March 2025) are cut out of the date axis, and the cut is marked.
    ``full``: as in :func:`timeline_figure`.
    """
    measures = [measures] if isinstance(measures, str) else list(measures)
    for m in measures:
        if m not in MEASURES:
            raise ValueError(f"unknown measure {m!r} in `measures` (expected some of: {', '.join(MEASURES)})")
    figs, spread = _toll_data(tl, measures, reporters)
    present = [m for m in measures if m in set(figs["measure"])] or measures[:1]
    if full is not None:  # a view keeps the panels of the whole timeline: a widget's layout never loses an axis
        cache = _STRUCTURE.setdefault(full, {})
        key = ("toll panels", tuple(measures), tuple(reporters) if reporters is not None else None)
        if key not in cache:
            whole = _toll_data(full, measures, reporters)[0]
            cache[key] = [m for m in measures if m in set(whole["measure"])] or measures[:1]
        present = cache[key]
    n = len(present)
    fig = make_subplots(rows=1, cols=n, shared_yaxes=True, horizontal_spacing=0.12 if n > 1 else 0.1,
                        subplot_titles=[_measure_title(m) for m in present])
    panel = {m: dict(row=1, col=i + 1) for i, m in enumerate(present)}
    height = 560
    panel_px = ((NOMINAL_WIDTH - 150) / n, height - 250)
    _toll_layer(fig, figs, spread, panel_of=lambda m: panel.get(m, {}), dash_by_measure=False,
                band_legend="legend2", label_band=True, panel_px=panel_px)
    for ann in fig.layout.annotations:  # subplot titles, left-aligned over their panel
        if ann.name is None and ann.text in {_measure_title(m) for m in present}:
            col = [_measure_title(m) for m in present].index(ann.text) + 1
            dom = fig.get_subplot(1, col).xaxis.domain
            ann.update(x=dom[0], xanchor="left", font=dict(size=14, color=T.INK), yshift=4)
    fig.update_yaxes(rangemode="tozero", tickformat=",", showgrid=True)
    fig.update_yaxes(title_text="Deaths reported", row=1, col=1)
    if figs.empty:
        _add_empty(fig, EMPTY_TOLL_TEXT)
        _date_axis(fig, None)
    else:
        breaks, tickvals, ticktext = _episode_axis(figs)
        fig.update_xaxes(type="date", rangebreaks=breaks, tickvals=tickvals, ticktext=ticktext, showgrid=False,
                         hoverformat="%-d %b %Y", ticks="outside")
        # room on the right for the end labels (~90 px), in days of the visible (cut) axis
        spans = figs.groupby("episode").agg(a=("published", "min"), b=("episode_end", "max"))
        visible = float(((spans["b"] - spans["a"]) / DAY + 2).sum())
        right = 1.6 + 90 * visible / max(panel_px[0] * 0.85 - 90, 100)
        fig.update_xaxes(range=[figs["published"].min() - 0.2 * DAY, figs["episode_end"].max() + right * DAY],
                         tickangle=0)
        for b in breaks:  # mark each cut of the axis
            for i in range(n):
                xref, yref = _ref(fig, dict(row=1, col=i + 1))
                fig.add_shape(type="line", xref=xref, yref=f"{yref} domain", x0=b["bounds"][0], x1=b["bounds"][0],
                              y0=0, y1=1, line=dict(color="#9A9A9A", width=1, dash="dot"), name="axis-break")
                fig.add_annotation(name="axis-break", text="axis<br>cut", xref=xref, yref=f"{yref} domain",
                                   x=b["bounds"][0], y=1, yanchor="top", xanchor="left", xshift=3, showarrow=False,
                                   align="left", font=dict(size=10, color="#8A8A8A"))
    _qualifier_key(fig, set(figs["qualifier"]))
    fig.update_layout(height=height, margin=dict(r=30),
                      legend2=dict(itemclick=False, itemdoubleclick=False, font=dict(size=T.SIZES["note"])))
    cut = " The date axis skips the weeks with no figures." if not figs.empty and _episode_axis(figs)[0] else ""
    T.apply_theme(fig, "The death toll as each organisation reported it",
                  "Lines step to each new figure. Organisations count different things (period, area, who is a "
                  "civilian), so their figures are never added up." + cut,
                  source_text=_toll_source_text(figs), legends=("legend2",), top_extra=22, axis_room=52)
    return _stable(fig, full, toll_figure, measures=tuple(measures),
                   reporters=None if reporters is None else tuple([reporters] if isinstance(reporters, str)
                                                                   else reporters))


# ================================================================================================
# Map
# ================================================================================================

GEO_TOPOJSON = "asia_50m"  # scope "asia", resolution 50 — the file shipped in assets/topojson
_ASSETS = Path(__file__).resolve().parent / "assets" / "topojson"

#: The map frame: Syria and Lebanon.
MAP_REGION = {"lon": (34.2, 42.7), "lat": (32.0, 37.6)}
#: The coastal inset (Latakia and Tartus governorates).
COAST_REGION = {"lon": (35.3, 36.45), "lat": (34.7, 35.8)}

_CONTEXT_LABELS = [  # (lon, lat, text): orientation only, in grey
    (38.9, 35.2, "SYRIA"), (35.72, 33.95, "LEBANON"), (36.3, 37.4, "TÜRKIYE"), (41.6, 33.4, "IRAQ"),
    (37.6, 32.25, "JORDAN"), (34.9, 32.2, "ISRAEL"), (34.85, 35.1, "<i>Mediterranean<br>Sea</i>"),
    (35.8, 32.95, "Golan<br>Heights*"),
]


def topojson_url() -> str:
    """``file://`` address of the folder holding the shipped topojson (ends with ``/``)."""
    return _ASSETS.as_uri() + "/"


@lru_cache(maxsize=1)
def _topojson_text() -> str:
    return (_ASSETS / f"{GEO_TOPOJSON}.json").read_text(encoding="utf-8")


def geo_topojson_text() -> str:
    """The shipped topojson as JSON text (see :func:`offline_geo_assets`)."""
    return _topojson_text()


def offline_geo_assets() -> dict:
    """The topojson the map draws (:data:`GEO_TOPOJSON`: a dict with ``"objects"``), read from
    the package (a new dict each call). Inline it in an HTML page as
    ``window.PlotlyGeoAssets = {topojson: {"asia_50m": <this>}}`` — or use
    :func:`geo_assets_script` — so plotly.js never fetches it from its CDN."""
    return json.loads(_topojson_text())


def geo_assets_script() -> str:
    """JavaScript registering the shipped topojson with plotly.js, for a ``<script>`` tag placed
    anywhere before the figure is drawn (it works before or after plotly.js is loaded)."""
    body = _topojson_text().strip().replace("</", "<\\/")
    return ("window.PlotlyGeoAssets = window.PlotlyGeoAssets || {};\n"
            "window.PlotlyGeoAssets.topojson = window.PlotlyGeoAssets.topojson || {};\n"
            f"window.PlotlyGeoAssets.topojson[{json.dumps(GEO_TOPOJSON)}] = {body};\n")


def use_offline_geo(force: bool = False) -> str:
    """Point ``plotly.io.defaults.topojson`` (which kaleido hands to plotly.js as
    ``topojsonURL``) at the shipped topojson, unless the caller already chose one
    (``force=True`` overrides). Returns the URL in force."""
    if force or not pio.defaults.topojson:
        pio.defaults.topojson = topojson_url()
    return pio.defaults.topojson


def _geo_layout(region: dict, domain: dict) -> dict:
    return dict(
        scope="asia", resolution=50, projection=dict(type="mercator"), domain=domain,
        lonaxis=dict(range=list(region["lon"])), lataxis=dict(range=list(region["lat"])),
        showland=True, landcolor="#EEECE7", showocean=True, oceancolor="#DDE8F0", showlakes=True,
        lakecolor="#DDE8F0", showrivers=False, showcountries=True, countrycolor="#9A9A9A", countrywidth=0.8,
        showcoastlines=True, coastlinecolor="#A9BCC9", coastlinewidth=0.8, showframe=True, framecolor="#C8C8C8",
        framewidth=1, bgcolor="white", showsubunits=False,
    )


def _frame_px(region: dict, box: tuple[float, float]) -> tuple[float, float, float]:
    """(scale, width, height) in px of a mercator frame of ``region`` fitted into ``box``."""
    w = np.radians(region["lon"][1] - region["lon"][0])
    h = _merc(region["lat"][1]) - _merc(region["lat"][0])
    scale = min(box[0] / w, box[1] / h)
    return scale, w * scale, h * scale


def _label_positions(lon, lat, labels, radius, region: dict, box: tuple[float, float]) -> list[str | None]:
    """Greedy placement of place names, biggest place first: the first of right / left / above
    / below whose box stays in the frame and touches no name or dot already there; ``None``
    when there is no room (the name stays in the hover). (The candidate boxes of every name are
    tested against the dots near it at once with numpy; only the test against the names already
    placed is done name by name.)"""
    scale, fw, fh = _frame_px(region, box)
    px = np.radians(np.asarray(lon, dtype=float) - region["lon"][0]) * scale
    py = (_merc(region["lat"][1]) - _merc(np.asarray(lat, dtype=float))) * scale
    radius = np.asarray(radius, dtype=float)
    n = len(px)
    if n == 0:
        return []
    tw = np.array([len(t) for t in labels], dtype=float) * 6.9 + 4
    th = 15.0
    r = radius + 2
    x, y = px, py
    # (n, 8, 4): the eight candidate boxes of each name, in the order they are tried
    cand = np.stack([
        np.stack([x + r, y - th / 2, x + r + tw, y + th / 2], axis=-1),
        np.stack([x - r - tw, y - th / 2, x - r, y + th / 2], axis=-1),
        np.stack([x - tw / 2, y - r - th, x + tw / 2, y - r], axis=-1),
        np.stack([x - tw / 2, y + r, x + tw / 2, y + r + th], axis=-1),
        np.stack([x + r * 0.7, y - r * 0.7 - th, x + r * 0.7 + tw, y - r * 0.7], axis=-1),
        np.stack([x + r * 0.7, y + r * 0.7, x + r * 0.7 + tw, y + r * 0.7 + th], axis=-1),
        np.stack([x - r * 0.7 - tw, y - r * 0.7 - th, x - r * 0.7, y - r * 0.7], axis=-1),
        np.stack([x - r * 0.7 - tw, y + r * 0.7, x - r * 0.7, y + r * 0.7 + th], axis=-1),
    ], axis=1)
    ok = (cand[..., 0] >= 2) & (cand[..., 2] <= fw - 2) & (cand[..., 1] >= 2) & (cand[..., 3] <= fh - 2)
    dots = np.c_[px - radius, py - radius, px + radius, py + radius]
    # clear of every other dot: only dots within reach of a name's boxes can touch them
    reach_x, reach_y = r + tw + 1, r + th + 1
    near = (np.abs(px[:, None] - px[None, :]) <= reach_x[:, None] + radius[None, :]) \
        & (np.abs(py[:, None] - py[None, :]) <= reach_y[:, None] + radius[None, :])
    np.fill_diagonal(near, False)  # a name's own dot does not count
    i, j = np.nonzero(near)
    if i.size:
        c, o = cand[i], dots[j]  # (pairs, 8, 4), (pairs, 4)
        touch = ~((c[:, :, 2] < o[:, None, 0]) | (c[:, :, 0] > o[:, None, 2])
                  | (c[:, :, 3] < o[:, None, 1]) | (c[:, :, 1] > o[:, None, 3]))
        for k in range(touch.shape[1]):
            ok[:, k] &= np.bincount(i, weights=touch[:, k], minlength=n) == 0
    names = ("middle right", "middle left", "top center", "bottom center", "top right", "bottom right",
             "top left", "bottom left")
    taken = np.zeros((n, 4))
    n_taken = 0
    out: list[str | None] = [None] * n
    for i in np.flatnonzero(ok.any(axis=1)).tolist():  # the names with a place clear of every dot
        ok_i = ok[i]
        if n_taken:
            t = taken[:n_taken]
            c = cand[i]
            ok_i = ok_i & ((c[:, None, 2] < t[None, :, 0]) | (c[:, None, 0] > t[None, :, 2])
                           | (c[:, None, 3] < t[None, :, 1]) | (c[:, None, 1] > t[None, :, 3])).all(axis=1)
        if ok_i.any():
            k = int(ok_i.argmax())
            taken[n_taken] = cand[i, k]
            n_taken += 1
            out[i] = names[k]
    return out


def _map_data(tl: Timeline) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(event × place rows with coordinates, event × place rows without)."""
    table = event_table(tl, hover=False)
    pl = tl.places.rename(columns={"id": "place_id"})[["place_id", "name", "name_ar", "admin1", "lat", "lon"]]
    ep = tl.event_places.merge(pl, on="place_id", how="left").merge(
        table[["id", "category", "title", "date_text", "start"]].rename(columns={"id": "event_id"}),
        on="event_id", how="inner")
    has = ep["lat"].notna() & ep["lon"].notna()
    return ep[has].reset_index(drop=True), ep[~has].reset_index(drop=True)


def _bullets(df: pd.DataFrame, key: list[str], limit: int = 8) -> pd.Series:
    """'• 7 Mar 2025 — title' lines per group, oldest first (at most ``limit``, then 'and N more')."""
    d = df.sort_values("start", kind="stable").reset_index(drop=True)
    d["line"] = "• " + d["date_text"] + " — " + esc(d["title"])
    d["n"] = d.groupby(key).cumcount()
    total = d.groupby(key).size()
    lines = names_join(d[d["n"] < limit], key, "line", "<br>")
    more = total[total > limit]
    if len(more):
        lines.loc[more.index] = lines.loc[more.index] + "<br>and " + (more - limit).astype("str") + " more"
    return lines


def _merc(lat):
    return np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))


def _n_rows(pts) -> int:
    """Rows of a points table: a DataFrame, or a dict of equal-length arrays (the explorer's)."""
    if isinstance(pts, pd.DataFrame):
        return len(pts)
    return len(next(iter(pts.values()))) if pts else 0


def _col(pts, name: str, dtype=None) -> np.ndarray:
    """A column of a points table as a numpy array."""
    col = pts[name]
    return col.to_numpy(dtype=dtype) if isinstance(col, pd.Series) else np.asarray(col, dtype=dtype)


def _rows(pts, mask: np.ndarray):
    """The rows of a points table that ``mask`` keeps."""
    if isinstance(pts, pd.DataFrame):
        return pts[np.asarray(mask)]
    return {k: v[mask] for k, v in pts.items()}


def _dodge(pts: pd.DataFrame, region: dict, box: tuple[float, float], sizeref: float):
    """Positions of the dots of one place with several categories, set side by side on a small
    ring around the place (a few pixels: a few km at this scale) so none hides another.
    Returns (lon, lat, px radius of the whole cluster)."""
    scale, _, _ = _frame_px(region, box)
    radius = np.maximum(np.sqrt(_col(pts, "n") / sizeref), 6) / 2
    rank = pd.Categorical(_col(pts, "category"), categories=list(CATEGORIES)).codes
    code = pd.factorize(_col(pts, "place_id"))[0]
    n = len(code)
    k = np.bincount(code)[code]
    order = np.lexsort((np.arange(n), rank, code))  # by place, then category, then position
    sorted_code = code[order]
    starts = np.flatnonzero(np.r_[True, sorted_code[1:] != sorted_code[:-1]])
    j = np.empty(n, dtype=np.float64)
    j[order] = np.arange(n) - np.repeat(starts, np.diff(np.r_[starts, n]))  # rank within the place
    r_max = np.maximum.reduceat(radius[order], starts)[code]  # the widest dot of the place (codes 0, 1, …)
    ring = r_max * 0.8 * (k > 1)
    angle = 2 * np.pi * j / np.maximum(k, 1) + np.pi / 2
    lon = _col(pts, "lon") + np.degrees(ring * np.cos(angle) / scale)
    y = _merc(_col(pts, "lat")) + ring * np.sin(angle) / scale
    lat = np.degrees(2 * np.arctan(np.exp(y)) - np.pi / 2)
    return lon, lat, ring + r_max


def _map_points(mapped: pd.DataFrame) -> pd.DataFrame:
    """One row per (place, category) of the event × place rows with coordinates: ``n``
    (distinct events), ``name``, ``name_ar``, ``admin1``, ``lat``, ``lon`` and ``lines`` (the
    hover list of its events, see :func:`_bullets`)."""
    pts = mapped.groupby(["place_id", "category"], sort=False).agg(
        n=("event_id", "nunique"), name=("name", "first"), name_ar=("name_ar", "first"),
        admin1=("admin1", "first"), lat=("lat", "first"), lon=("lon", "first")).reset_index()
    lines = _bullets(mapped, ["place_id", "category"])
    pts["lines"] = lines.reindex(pd.MultiIndex.from_frame(pts[["place_id", "category"]])).to_numpy()
    return pts


def _map_layer(fig: go.Figure, pts: pd.DataFrame, geo: str, region: dict, box: tuple[float, float],
               sizeref: float, skip_labels: dict | None = None) -> None:
    """Dots per (place, category) — one trace per category — and the place names that fit."""
    for spec in _map_traces(pts, geo, region, box, sizeref, skip_labels):
        fig.add_trace(go.Scattergeo(**spec))


def _map_traces(pts: pd.DataFrame, geo: str, region: dict, box: tuple[float, float], sizeref: float,
                skip_labels: dict | None = None) -> list[dict]:
    """The traces of :func:`_map_layer` as plain dicts, from :func:`_map_points`' frame."""
    if not _n_rows(pts):
        return []
    out: list[dict] = []
    cat = _col(pts, "category", object)
    n = _col(pts, "n")
    place_id = _col(pts, "place_id", object)
    name = esc_list(_col(pts, "name", object))
    what = {c: T.category_label(c).lower() for c in set(cat)}
    hover = np.array([
        f"<b>{nm}</b>{' · ' + ar if len(ar) > 0 else ''} ({ad})<br>{k} {what[c]}"
        f"{' events' if k > 1 else ' event'}:<br>{ln}"
        for nm, ar, ad, k, c, ln in zip(name, esc_list(_col(pts, "name_ar", object)),
                                        esc_list(_col(pts, "admin1", object)), n.tolist(), cat,
                                        _col(pts, "lines", object))], dtype=object)
    lon_dot, lat_dot, extent = _dodge(pts, region, box, sizeref)
    sums: dict = {}
    for c, k in zip(cat, n):
        sums[c] = sums.get(c, 0) + k
    order = sorted(sorted(sums), key=lambda c: -sums[c])  # biggest first; ties alphabetical
    for category in order:  # the biggest category first, so smaller dots are drawn on top
        sel = cat == category
        out.append(dict(
            type="scattergeo", lon=lon_dot[sel], lat=lat_dot[sel], geo=geo,
            mode="markers", customdata=place_id[sel],
            marker=dict(size=n[sel], sizemode="area", sizeref=sizeref, sizemin=6,
                        color=T.category_color(category), opacity=0.85, line=dict(color="white", width=1)),
            name=T.category_label(category), legendgroup=category, showlegend=geo == "geo",
            legendrank=1000 + list(CATEGORIES).index(category) if category in CATEGORIES else 2000,
            hovertext=hover[sel], hovertemplate="%{hovertext}<extra></extra>",
            meta={"role": "place", "category": category, "geo": geo}))
    # one row per place, in order of first appearance: its widest dot, its events, name, position
    code, _ = pd.factorize(place_id)
    first = np.unique(code, return_index=True)[1]
    p_extent = np.full(first.size, -np.inf)
    np.maximum.at(p_extent, code, extent)
    p_total = np.bincount(code, weights=n, minlength=first.size).astype(np.int64)
    p_name = _col(pts, "name", object)[first]
    p_lat, p_lon = _col(pts, "lat", float)[first], _col(pts, "lon", float)[first]
    inside = (p_lon >= region["lon"][0]) & (p_lon <= region["lon"][1]) \
        & (p_lat >= region["lat"][0]) & (p_lat <= region["lat"][1])
    if skip_labels:
        inside &= ~((p_lon >= skip_labels["lon"][0]) & (p_lon <= skip_labels["lon"][1])
                    & (p_lat >= skip_labels["lat"][0]) & (p_lat <= skip_labels["lat"][1]))
    rows = np.flatnonzero(inside)
    if rows.size == 0:
        return out
    rows = rows[pd.Series(p_total[rows]).sort_values(ascending=False).index.to_numpy()]
    label = [_PAREN.sub("", str(x)).strip() for x in p_name[rows]]
    diam = 2 * p_extent[rows]  # px across the dots of the place
    pos = _label_positions(p_lon[rows], p_lat[rows], label, diam / 2, region, box)
    keep = np.array([p is not None for p in pos])
    if not keep.any():
        return out
    # invisible markers as big as the dots, so plotly sets each name beside its dot, not over it
    out.append(dict(
        type="scattergeo", lon=p_lon[rows][keep], lat=p_lat[rows][keep], geo=geo, mode="markers+text",
        text=np.array(esc_list([t for t, k in zip(label, keep) if k]), dtype=object),
        textposition=[p for p in pos if p is not None],
        marker=dict(size=diam[keep] + 2, color="rgba(0,0,0,0)", line=dict(width=0)),
        textfont=dict(size=12, color=T.INK), hoverinfo="skip", showlegend=False, meta={"role": "label", "geo": geo}))
    return out


_PAREN = re.compile(r"\s*\([^)]*\)")


def _wrap_items(items: list[str], width: int = 60) -> str:
    lines, cur = [], ""
    for it in items:
        nxt = f"{cur}, {it}" if cur else it
        if len(nxt) > width and cur:
            lines.append(cur + ",")
            cur = it
        else:
            cur = nxt
    if cur:
        lines.append(cur)
    return "<br>".join(lines)


_MAX_LISTED = 40  # places listed beside the map; the rest are counted


def _unplaced(mapped: pd.DataFrame, unmapped: pd.DataFrame, n_events: int) -> tuple[str, str]:
    """The list beside the map: places without coordinates (and mapped places outside the frame)
    with their number of events, and how many events are on no dot at all. Returns (text, hover
    text listing the events of each place)."""
    outside = ~(mapped["lon"].between(*MAP_REGION["lon"]) & mapped["lat"].between(*MAP_REGION["lat"]))
    placed = set(mapped.loc[~outside, "event_id"])
    return _unplaced_text(n_events - len(placed), n_events, unmapped, mapped[outside])


def _unplaced_text(n_none: int, n_events: int, unmapped: pd.DataFrame, outside: pd.DataFrame) -> tuple[str, str]:
    """:func:`_unplaced` from its parts: the number of events on no dot and the event × place rows
    (``place_id``, ``name``, ``event_id``, ``title``) without coordinates and outside the map."""
    blocks, hover = [], []
    if n_none:
        blocks.append(f"<b>Not on the map: {n_none} of {n_events} events</b><br>"
                      "(no place with coordinates, or outside the map)")
    for heading, df in (("No coordinates", unmapped), ("Outside the map area", outside)):
        if df.empty:
            continue
        per = df.groupby("place_id", sort=False).agg(name=("name", "first"), n=("event_id", "nunique"))
        per = per.sort_values(["n", "name"], ascending=[False, True])
        shown = per.iloc[:_MAX_LISTED]
        items = [f"{esc([nm])[0]} ({k})" for nm, k in zip(shown["name"], shown["n"])]
        if len(per) > len(shown):
            rest = per.iloc[len(shown):]
            items.append(f"and {len(rest)} more places ({int(rest['n'].sum())} events)")
        blocks.append(f"<b>{heading}</b> — place (events):<br>{_wrap_items(items)}")
        titles = names_join(df.drop_duplicates(["place_id", "title"]).assign(title=esc(df["title"])),
                             "place_id", "title", "; ")
        hover += [f"<b>{esc([nm])[0]}</b>: {titles.get(pid, '')}" for pid, nm in zip(shown.index, shown["name"])]
    return "<br><br>".join(blocks), "<br>".join(hover)


def map_figure(tl: Timeline, *, full: Timeline | None = None) -> go.Figure:
    """Where events happened: a dot per place and category, its area proportional to the number
    of events (an event with two places counts at both), on an offline base map of Syria and
    Lebanon with an inset of the coast. Places without coordinates (regions, districts, places
    abroad, "online") are listed beside the map with their number of events — never placed.
    Hover: English and Arabic names, governorate and the events (date — title).

    Needs no network: the base map is the topojson in ``timeline/assets/topojson``
    (:func:`use_offline_geo` is called here for static export; HTML pages inline
    :func:`geo_assets_script`). ``full``: as in :func:`timeline_figure`.
    """
    use_offline_geo()
    mapped, unmapped = _map_data(tl)
    pts = _map_points(mapped) if not mapped.empty else pd.DataFrame()
    text, hover = _unplaced(mapped, unmapped, len(tl.events))
    fig = _map_from_points(pts, text, hover, n_events=len(tl.events), span_text=tl.span_text(),
                           publishers=publishers_of(tl) if len(tl.events) else [])
    return _stable(fig, full, map_figure)


_MAP_HEIGHT, _MAP_MARGIN_T, _MAP_MARGIN_B = 660, 88 + 34, 10 + 17 + 30
_MAP_MAIN = dict(x=[0, 0.56], y=[0, 1])
_MAP_INSET = dict(x=[0.6, 0.9], y=[0.44, 0.97])


def _map_sizeref(pts: pd.DataFrame) -> float:
    n_max = _col(pts, "n").max() if _n_rows(pts) else 1
    return float(n_max) / 34.0 ** 2  # the biggest dot is 34 px across


def _map_boxes() -> tuple[tuple[float, float], tuple[float, float]]:
    """Pixel boxes of the main map and of the inset."""
    plot_w, plot_h = NOMINAL_WIDTH - 48, _MAP_HEIGHT - _MAP_MARGIN_T - _MAP_MARGIN_B
    return (plot_w * 0.56, plot_h), (plot_w * 0.3, plot_h * 0.53)


def _in_region(pts: pd.DataFrame, region: dict) -> pd.Series:
    lon, lat = _col(pts, "lon", float), _col(pts, "lat", float)
    return (lon >= region["lon"][0]) & (lon <= region["lon"][1]) & (lat >= region["lat"][0]) & (lat <= region["lat"][1])


def _map_with_inset(pts: pd.DataFrame) -> bool:
    return bool(_n_rows(pts)) and len(set(_col(pts, "place_id", object)[_in_region(pts, COAST_REGION)])) >= 2


def _map_point_traces(pts: pd.DataFrame, with_inset: bool) -> list[dict]:
    """The dots and names of the main map and (``with_inset``) of the inset, as plain dicts."""
    if not _n_rows(pts):
        return []
    sizeref = _map_sizeref(pts)
    box_main, box_inset = _map_boxes()
    out = _map_traces(pts, "geo", MAP_REGION, box_main, sizeref, skip_labels=COAST_REGION if with_inset else None)
    if with_inset:
        out += _map_traces(_rows(pts, _in_region(pts, COAST_REGION)), "geo2", COAST_REGION, box_inset, sizeref)
    return out


def _map_from_points(pts: pd.DataFrame, text: str, hover: str, *, n_events: int, span_text: str,
                     publishers: list[str], with_inset: bool | None = None) -> go.Figure:
    """The map from its aggregated parts: :func:`_map_points`' frame, the text beside the map
    (:func:`_unplaced`), the number of events, the span and the publishers cited."""
    fig = go.Figure()
    height = _MAP_HEIGHT
    main, inset = _MAP_MAIN, _MAP_INSET
    if with_inset is None:
        with_inset = _map_with_inset(pts)
    lon, lat, ctx = zip(*_CONTEXT_LABELS)
    fig.add_trace(go.Scattergeo(lon=lon, lat=lat, text=ctx, mode="text", geo="geo", hoverinfo="skip",
                                showlegend=False, textfont=dict(size=11, color="#8F8F8F"), meta={"role": "context"}))
    traces = _map_point_traces(pts, with_inset)
    for spec in traces:
        if spec["geo"] == "geo":
            fig.add_trace(go.Scattergeo(**spec))
    layout = dict(geo=_geo_layout(MAP_REGION, main))
    if with_inset:
        lo, la = COAST_REGION["lon"], COAST_REGION["lat"]
        fig.add_trace(go.Scattergeo(lon=[lo[0], lo[1], lo[1], lo[0], lo[0]], lat=[la[0], la[0], la[1], la[1], la[0]],
                                    mode="lines", line=dict(color="#4A4A4A", width=1), geo="geo", hoverinfo="skip",
                                    showlegend=False, meta={"role": "inset-box"}))
        for spec in traces:
            if spec["geo"] == "geo2":
                fig.add_trace(go.Scattergeo(**spec))
        layout["geo2"] = _geo_layout(COAST_REGION, inset)
        fig.add_annotation(name="inset-title", text="<b>The coast</b> (box on the main map)", xref="paper",
                           yref="paper", x=inset["x"][0], y=inset["y"][1], xanchor="left", yanchor="bottom",
                           showarrow=False, font=dict(size=T.SIZES["annotation"], color=T.INK))
    if text:
        fig.add_annotation(name="unplaced", text=text, hovertext=hover or None, xref="paper", yref="paper",
                           x=inset["x"][0], y=inset["y"][0] - 0.04 if with_inset else 1, xanchor="left",
                           yanchor="top", align="left", showarrow=False,
                           font=dict(size=T.SIZES["note"], color=T.MUTED))
    if not n_events:
        _add_empty(fig, EMPTY_TEXT, hide_axes=False)
    fig.update_layout(**layout, height=height, margin=dict(l=24, r=24), legend=dict(itemsizing="constant"))
    T.apply_theme(fig, "Where events happened", _map_subtitle(span_text), sources=publishers,
                  note="* Base map: Natural Earth, de facto borders: the Golan Heights, occupied by Israel since 1967, "
                       "are drawn inside Israel's outline.", axis_room=10)
    return fig


def _points_from_counts(tl: Timeline, mc: dict, limit: int = 8, lines=None) -> dict:
    """:func:`_map_points`' table, as a dict of arrays, from
    :meth:`timeline.index.EventIndex.map_counts` (one row per place and category, in the same
    order). ``lines``: a function giving the hover line of each event position (default
    :func:`_event_lines`)."""
    places = tl.places
    if len(mc["place"]) == 0:
        return {}
    pl = places.iloc[mc["place"]]
    line = (lines or (lambda pos: _event_lines(tl, pos)))(mc["line_event"])
    group = mc["line_group"]
    order = np.argsort(group, kind="stable")  # each group's lines in the order given
    g, line = group[order], line[order].tolist()
    bounds = np.r_[np.flatnonzero(np.r_[True, g[1:] != g[:-1]]), g.size] if g.size else np.zeros(1, dtype=int)
    joined = np.full(len(mc["place"]), "", dtype=object)
    for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
        joined[g[a]] = "<br>".join(line[a:b])
    more = mc["total"] > limit
    joined[more] = joined[more] + "<br>and " + (mc["total"][more] - limit).astype(str).astype(object) + " more"

    return {"place_id": pl["id"].to_numpy(dtype=object),
            "category": np.asarray(list(CATEGORIES), dtype=object)[mc["category"]],
            "n": mc["n"].astype(np.int64), "name": pl["name"].to_numpy(dtype=object),
            "name_ar": pl["name_ar"].to_numpy(dtype=object), "admin1": pl["admin1"].to_numpy(dtype=object),
            "lat": pl["lat"].to_numpy(dtype=float), "lon": pl["lon"].to_numpy(dtype=float), "lines": joined}


def _event_lines(tl: Timeline, pos: np.ndarray) -> np.ndarray:
    """'• 7 Mar 2025 — title' (as in the map's hover) for the events at positions ``pos``."""
    if len(pos) == 0:
        return np.zeros(0, dtype=object)
    uniq, inv = np.unique(pos, return_inverse=True)
    ev = tl.events.iloc[uniq]
    prec = ev["date_precision"].astype("object").astype("str")
    dates = date_text(ev["start"], ev["end"].where((prec != "month").to_numpy(), ev["span_end"]), prec)
    return ("• " + dates + " — " + esc(ev["title"].reset_index(drop=True))).to_numpy(dtype=object)[inv]


def _place_rows(tl: Timeline, rows: np.ndarray, events: np.ndarray) -> pd.DataFrame:
    """Rows of ``tl.event_places`` as :func:`_unplaced_text` reads them: ``place_id``, ``name``
    (missing for a place id not in ``tl.places``), ``event_id``, ``title``."""
    if len(rows) == 0:
        return pd.DataFrame({"place_id": [], "name": [], "event_id": [], "title": []}, dtype="str")
    ep = tl.event_places.iloc[rows]
    names = pd.Series(tl.places["name"].to_numpy(), index=tl.places["id"].to_numpy())
    names = names[~names.index.duplicated()]
    return pd.DataFrame({"place_id": ep["place_id"].to_numpy(), "name": ep["place_id"].map(names).to_numpy(),
                         "event_id": ep["event_id"].to_numpy(), "title": tl.events["title"].iloc[events].to_numpy()},
                        index=np.arange(len(rows)))


def _map_view(pts: pd.DataFrame, text: str, hover: str, *, n_events: int, span_text: str, publishers: list[str],
              with_inset: bool) -> tuple[list[dict], dict[str, object]]:
    """The map of a view from its aggregated parts (as :func:`_map_from_points` draws them): the
    dot and name traces and the layout values that change."""
    return _map_point_traces(pts, with_inset), {
        "subtitle": _map_subtitle(span_text), "source": T.source_line(publishers), "unplaced": text,
        "hover:unplaced": hover or None, "show:empty": n_events == 0}


def _map_subtitle(span_text: str) -> str:
    return f"Each dot is a place; its area shows the number of events there, by category. {span_text}"
