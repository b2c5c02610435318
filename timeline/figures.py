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
- :func:`map_figure`      — where events happened, on an offline base map of Syria and Lebanon
  with an inset of the coast (or of the data's extent elsewhere); places without coordinates
  are listed, not placed.
- :func:`overview_figure` — timeline, counts and toll on one shared, zoomable date axis.

Offline maps (from :mod:`timeline.charts.geo`): :func:`offline_geo_assets` (the topojson the
map uses, to inline in HTML with :func:`geo_assets_script`) and :func:`use_offline_geo` (points
kaleido at the copies shipped in ``timeline/assets/topojson``; :func:`map_figure` calls it).

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

import re
import weakref

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import series as _series
from .charts import theme as T
from .charts import toll as _toll_chart
from .charts.wording import toll_panel_title
from .charts.common import (
    DAY,
    DAY_MS,
    EMPTY_TEXT,
    EMPTY_TOLL_TEXT,
    KINDS,
    KIND_LABELS,
    NOMINAL_WIDTH,
    NOON,
    date_text,
    day_text,
    esc,
    esc_list,
    event_table,
    kind_of,
    names_join,
    phase_plan,
    publishers_of,
    rgba,
    span_range,
    wrap2,
    x_range,
)
from .charts import geo
from .charts import map as map_chart
from .charts import wording as W
from .charts.geo import (  # noqa: F401 - the public names of the base maps, re-exported
    COAST_REGION, GEO_TOPOJSON, MAP_REGION, geo_assets_script, geo_topojson_text, offline_geo_assets,
    topojson_url, use_offline_geo)
from .model import Timeline
from .views import select as _select, select_view as _select_view
from .views.toll import toll_view as _toll_view
from .schema import CATEGORIES, CONFIDENCE, MEASURES
from .views import select, select_view
from .views.map import map_view

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


def _add_phases(fig: go.Figure, tl: Timeline, rng, panels: list[tuple[str, str]],
                label_px: float = NOMINAL_WIDTH - 250) -> int:
    """Shade each phase (clipped to ``rng``) on every panel ``(xref, yref)`` — e.g. ``("x", "y")``
    — and name it once, at the top of the first panel. A name wider than its band goes on two
    lines, and is moved down a row when it would still touch the previous name (widths
    estimated at ``label_px`` pixels for the whole range). Returns the number of label rows."""
    items, n_rows = phase_plan(tl, rng, label_px)
    for i, p, x0, x1, text, row in items:
        for xref, yref in panels:
            fig.add_shape(type="rect", xref=xref, yref=f"{yref} domain", x0=x0, x1=x1, y0=0, y1=1,
                          fillcolor=T.PHASE_FILL[i % 2], line_width=0, layer="below", name=f"phase:{p['id']}")
        xref, yref = panels[0]
        fig.add_annotation(name=f"phase:{p['id']}", text=text, x=x0, xref=xref, y=1, yref=f"{yref} domain",
                           xanchor="left", yanchor="top", xshift=3, yshift=-2 - 14 * row, showarrow=False,
                           align="left", font=dict(size=T.SIZES["note"], color=T.MUTED),
                           hovertext=esc([p["description"]])[0])
    return n_rows


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
# Legends shared by the event charts
# ================================================================================================

def _category_legend(fig: go.Figure, categories, legend: str = "legend", **where) -> None:
    """One legend entry per category, drawn as a plain dot whatever kinds of date its traces
    have; clicking it toggles the whole legend group (every chart row of that category)."""
    for c in categories:
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=T.category_label(c), legendgroup=c,
                                 legend=legend, showlegend=True, hoverinfo="skip",
                                 marker=dict(size=10, color=T.category_color(c), symbol="circle"),
                                 meta={"role": "legend", "category": c}), **where)


def _kind_key(fig: go.Figure, kinds_present: set[str], legend: str = "legend2", **where) -> None:
    """A key, in grey, to the ways dates are drawn (only the kinds present)."""
    grey = "#6B6B6B"
    styles = {
        "point": dict(mode="markers", marker=dict(size=10, color=grey, line=dict(color="white", width=1))),
        "approx_point": dict(mode="markers", marker=dict(size=10, color="white", line=dict(color=grey, width=2))),
        "span": dict(mode="lines", line=dict(color=grey, width=7)),
        "approx_span": dict(mode="markers", marker=dict(size=12, symbol="square-open", color=grey,
                                                        line=dict(width=1.6))),
        "month": dict(mode="markers", marker=dict(size=15, symbol="square", color=rgba(grey, 0.22))),
    }
    for kind in ("point", "approx_point", "span", "approx_span", "month"):
        if kind in kinds_present:
            fig.add_trace(go.Scatter(x=[None], y=[None], name=KIND_LABELS[kind], legend=legend, showlegend=True,
                                     hoverinfo="skip", meta={"role": "key", "kind": kind}, **styles[kind]), **where)


# ================================================================================================
# Timeline
# ================================================================================================

_MAX_LANES = 24  # actors or places beyond this many share one "other" lane


def _lanes(tl: Timeline, table: pd.DataFrame, by: str) -> tuple[pd.DataFrame, list[str]]:
    """(event row position, lane) pairs and the lane order, top first. With ``by="actor"`` or
    ``"place"`` the busiest lanes come first and those past :data:`_MAX_LANES` share one lane,
    "Other N actors"."""
    if by == "category":
        present = set(table["category"])
        lanes = [c for c in CATEGORIES if c in present]
        return pd.DataFrame({"pos": np.arange(len(table)), "lane": table["category"].to_numpy()}), lanes
    if by == "confidence":
        conf = tl.events["confidence"].astype("object").astype("str").to_numpy()
        lanes = [c for c in reversed(list(CONFIDENCE)) if c in set(conf)]
        return pd.DataFrame({"pos": np.arange(len(table)), "lane": conf}), lanes
    if by in ("actor", "place"):
        if by == "actor":
            link = tl.event_actors
            names = link["actor"].astype("str")
        else:
            link = tl.event_places
            names = link["place_id"].map(pd.Series(tl.places["name"].to_numpy(), index=tl.places["id"].to_numpy()))
        pos = pd.Index(table["id"]).get_indexer(link["event_id"])
        pairs = pd.DataFrame({"pos": pos, "lane": names.astype("str").to_numpy()})
        pairs = pairs[pairs["pos"] >= 0].drop_duplicates()
        order = pairs["lane"].value_counts()
        lanes = sorted(order.index, key=lambda n: (-order[n], n))  # busiest lane on top
        if len(lanes) > _MAX_LANES:
            kept, rest = lanes[:_MAX_LANES - 1], lanes[_MAX_LANES - 1:]
            other = f"Other {len(rest)} {by}s"
            pairs = pairs.assign(lane=pairs["lane"].where(pairs["lane"].isin(kept), other)).drop_duplicates()
            lanes = kept + [other]
        return pairs.reset_index(drop=True), lanes
    raise ValueError(f"unknown value {by!r} for `by` (expected one of: category, actor, place, confidence)")


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
        track[a:b] = np.maximum(np.arange(b - a) - finished, 0)
    out = np.empty(n, dtype=np.int64)
    out[order] = track % max_tracks
    return out


def _lane_label(name: str, by: str) -> str:
    """The lane's name on one line, or two balanced lines, shortened with … past 26 characters."""
    text = T.category_label(name) if by == "category" else str(name)
    if len(text) > 18:
        text = wrap2(text)
    lines = [t if len(t) <= 26 else t[:25].rstrip() + "…" for t in text.split("<br>")]
    return "<br>".join(esc(lines))


_TRACK_H = 0.55   # y units per track; a lane is tracks × _TRACK_H + _LANE_PAD high
_LANE_PAD = 0.5
_PX_PER_Y = 40    # the timeline's height is chosen so that one y unit is about this many pixels


def _timeline_layer(fig: go.Figure, tl: Timeline, by: str, rng, *, row=None, col=None) -> dict:
    """Add the event traces (one per category × kind of date) to ``fig`` (at ``row``/``col`` of
    a subplot grid). Returns the lanes with their y positions, and the publishers cited."""
    table = event_table(tl)
    pairs, lanes = _lanes(tl, table, by)
    if not lanes:
        return {"lanes": [], "publishers": [], "bounds": np.array([0.0]), "kinds": set()}
    lo = rng[0] if rng else table["start"].min()
    span_days = ((rng[1] - rng[0]) / DAY) if rng else 30.0
    dot_days = max(1.0, span_days * 13 / (NOMINAL_WIDTH - 250))  # a dot is ~13 px wide
    t = table.iloc[pairs["pos"].to_numpy()].reset_index(drop=True)
    t["lane"] = pd.Categorical(pairs["lane"].to_numpy(), categories=lanes).codes
    s = ((t["start"] - lo) / DAY).to_numpy()
    length = ((t["end_excl"] - t["start"]) / DAY).to_numpy()
    is_point = t["kind"].isin(["point", "approx_point"]).to_numpy()
    is_month = (t["kind"] == "month").to_numpy()
    occupied = np.where(is_point, dot_days, length + dot_days * 0.4)
    track = np.zeros(len(t), dtype=np.int64)  # month-only spans fill the lane, outside the stacking
    track[~is_month] = _stack_tracks(t["lane"].to_numpy()[~is_month], s[~is_month],
                                     s[~is_month] + occupied[~is_month], max_tracks=8)
    n_tracks = pd.Series(track[~is_month]).groupby(t["lane"].to_numpy()[~is_month]).max() \
        .reindex(range(len(lanes))).fillna(0).astype(int).to_numpy() + 1
    heights = n_tracks * _TRACK_H + _LANE_PAD
    tops = np.r_[0.0, np.cumsum(heights)[:-1]]
    lane = t["lane"].to_numpy()
    y = tops[lane] + _LANE_PAD / 2 + (track + 0.5) * _TRACK_H
    y[is_month] = (tops + heights / 2)[lane[is_month]]
    t["y"], t["lane_h"] = y, heights[lane]

    where = {} if row is None else dict(row=row, col=col)
    groups = t.groupby(["category", "kind"], sort=False).indices
    for category in CATEGORIES:
        color = T.category_color(category)
        for kind in KINDS:
            if (category, kind) not in groups:
                continue
            sub = t.iloc[groups[(category, kind)]]
            common = dict(name=T.category_label(category), legendgroup=category, showlegend=False,
                          hovertext=sub["hover"].to_numpy(), hovertemplate="%{hovertext}<extra></extra>",
                          customdata=sub["id"].to_numpy(), meta={"role": "event", "category": category, "kind": kind})
            if kind in ("point", "approx_point"):
                hollow = kind == "approx_point"
                fig.add_trace(go.Scatter(
                    x=(sub["start"] + NOON).to_numpy(), y=sub["y"].to_numpy(), mode="markers",
                    marker=dict(size=11, symbol="circle", color="white" if hollow else color,
                                line=dict(color=color if hollow else "white", width=2 if hollow else 1)),
                    **common), **where)
                continue
            ms = ((sub["end_excl"] - sub["start"]) / pd.Timedelta(milliseconds=1)).to_numpy()
            if kind == "month":  # faint, hatched, the whole month and the lane's height: no day implied
                marker = dict(color=rgba(color, 0.12), line=dict(width=0),
                              pattern=dict(shape="/", fgcolor=rgba(color, 0.4), size=8, solidity=0.12))
                width = sub["lane_h"].to_numpy() - 0.1
            elif kind == "approx_span":  # outlined: the window of possible days
                marker = dict(color="white", line=dict(color=color, width=1.6))
                width = np.full(len(sub), _TRACK_H * 0.6)
            else:
                marker = dict(color=color, line=dict(color="white", width=0.5))
                width = np.full(len(sub), _TRACK_H * 0.6)
            fig.add_trace(go.Bar(orientation="h", base=sub["start"].to_numpy(), x=ms, y=sub["y"].to_numpy(),
                                 width=width, marker=marker, **common), **where)
    return {"lanes": lanes, "centres": tops + heights / 2, "bounds": np.r_[tops, tops[-1] + heights[-1]],
            "labels": [_lane_label(name, by) for name in lanes], "publishers": publishers_of(tl),
            "kinds": set(t["kind"].unique()), "categories": [c for c in CATEGORIES if c in {g[0] for g in groups}]}


def _lane_axis(fig: go.Figure, info: dict, by: str, label_rows: int, plot_px: float | None = None, **where) -> None:
    """Lane names as y tick labels (coloured by category), separators between lanes, and room
    above the first lane for ``label_rows`` rows of phase names. ``plot_px``: height of the
    panel in pixels (default: :data:`_PX_PER_Y` pixels per y unit)."""
    if not info["lanes"]:
        fig.update_yaxes(visible=False, range=[1, 0], **where)
        return
    colors = [T.category_color(name) if by == "category" else T.INK for name in info["lanes"]]
    pad_px = 6 + 14 * label_rows
    units = float(info["bounds"][-1])
    top = pad_px / _PX_PER_Y if plot_px is None else pad_px * units / max(plot_px - pad_px, 1)
    fig.update_yaxes(tickvals=list(info["centres"]),
                     ticktext=[f"<span style='color:{c}'><b>{t}</b></span>" for t, c in zip(info["labels"], colors)],
                     range=[float(info["bounds"][-1]) + 0.05, -top], showgrid=False, zeroline=False,
                     fixedrange=True, ticks="", **where)
    xref = "x" if not where else fig.get_subplot(where["row"], where["col"]).xaxis.plotly_name.replace("axis", "")
    yref = "y" if not where else fig.get_subplot(where["row"], where["col"]).yaxis.plotly_name.replace("axis", "")
    for b in info["bounds"][1:-1]:
        fig.add_shape(type="line", xref=f"{xref} domain", yref=yref, x0=0, x1=1, y0=b, y1=b,
                      line=dict(color="#DADADA", width=1), layer="below", name="lane-separator")


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

    ``full``: the unfiltered timeline ``tl`` is a view of; the figure then has the same traces
    as ``full``'s (empty where the view has nothing), so a FigureWidget updates in place. When
    ``full`` itself is over the threshold, those traces are both the density strips and the
    event traces, and the chart names its mode in either case.
    """
    limit = DENSITY_THRESHOLD if max_markers is None else max_markers
    ev = tl.events
    if by == "category" and 0 < limit < len(ev):
        fig = _density_figure(tl, limit)
        return _stable(fig, full, _timeline_reference, by=by, max_markers=limit)
    fig = go.Figure()
    rng = x_range(ev["start"], ev["span_end"] + DAY) if len(ev) else None
    info = _timeline_layer(fig, tl, by, rng)
    rows = _add_phases(fig, tl, rng, [("x", "y")])
    _lane_axis(fig, info, by, rows)
    _date_axis(fig, rng)
    if by != "category":
        _category_legend(fig, info.get("categories", []))
    _kind_key(fig, info["kinds"])
    if not len(ev):
        _add_empty(fig, EMPTY_TEXT)
    y_units = float(info["bounds"][-1]) + (6 + 14 * rows) / _PX_PER_Y
    longest = max((len(line) for label in info.get("labels", []) for line in label.split("<br>")), default=10)
    fig.update_layout(height=int(max(440, 200 + _PX_PER_Y * y_units)), barmode="overlay",
                      margin=dict(l=int(min(max(120, 7.2 * longest + 24), 230)), r=30),
                      legend2=dict(itemclick=False, itemdoubleclick=False, font=dict(size=T.SIZES["note"])))
    T.apply_theme(fig, "What happened, and when",
                  f"{len(ev)} event{'s' if len(ev) != 1 else ''} by {by}, {tl.span_text()}. "
                  "Shading: phases of the period.", sources=info["publishers"],
                  legends=("legend2",) if by == "category" else ("legend", "legend2"))
    if by == "category" and full is not None and 0 < limit < len(full.events):
        fig.add_annotation(_mode_annotation(_events_mode_text(len(ev), limit)))
    return _stable(fig, full, _timeline_reference, by=by, max_markers=limit)


# ------------------------------------------------------------------------------------------------
# Density: the timeline of a large view, as heat strips of events per day
# ------------------------------------------------------------------------------------------------

#: Above this many events in view, :func:`timeline_figure` (and the explorer) draw per-day
#: density instead of one mark per event: beyond a few thousand markers a plotly chart is slow
#: to send and to draw, and the marks hide each other anyway.
DENSITY_THRESHOLD = 5000

_DENSITY_LANE = 1.2   # y units per density lane (a strip and a little padding)
_DENSITY_PAD = 0.12


def _mode_annotation(text: str) -> dict:
    """The annotation that says how the timeline is drawn (top right, above the plot)."""
    return dict(name="mode", text=text, xref="paper", yref="paper", x=1, y=1, xanchor="right", yanchor="bottom",
                yshift=4, showarrow=False, align="right", font=dict(size=T.SIZES["note"], color=T.MUTED))


def _events_mode_text(n: int, limit: int) -> str:
    return f"<b>Each event</b> · {n:,} in view (density above {limit:,})"


def _density_mode_text(n: int, limit: int) -> str:
    return f"<b>Density</b> · {n:,} events in view, over {limit:,}: filter or zoom in to see each event"


def _density_lanes(categories) -> dict:
    """Lane geometry of the density strips: one lane per category, top first."""
    lanes = [c for c in CATEGORIES if c in set(categories)]
    tops = np.arange(len(lanes)) * _DENSITY_LANE
    return {"lanes": lanes, "centres": tops + _DENSITY_LANE / 2,
            "bounds": np.r_[tops, len(lanes) * _DENSITY_LANE] if lanes else np.array([0.0]),
            "labels": [_lane_label(c, "category") for c in lanes], "kinds": set(), "publishers": [],
            "categories": lanes}


def _density_traces(lanes: dict) -> list[dict]:
    """One empty heat strip per lane (filled in by :func:`_density_update`)."""
    out = []
    for i, c in enumerate(lanes["lanes"]):
        color = T.category_color(c)
        top = float(lanes["bounds"][i])
        label = T.category_label(c)
        out.append(dict(
            type="heatmap", x=[], z=[[]], y=[top + _DENSITY_PAD, top + _DENSITY_LANE - _DENSITY_PAD],
            zmin=0, zmax=1, zauto=False, showscale=False, xgap=0, ygap=0, name=label, legendgroup=c,
            showlegend=False, colorscale=[[0, "rgba(255,255,255,0)"], [1e-9, rgba(color, 0.1)], [1, color]],
            hovertemplate=f"<b>{esc([label])[0]}</b><br>%{{x|%-d %b %Y}}: %{{z:,}} events under way<extra></extra>",
            meta={"role": "density", "category": c}))
    return out


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


def _density_frame(lanes: dict, rng, tl: Timeline) -> go.Figure:
    """The static part of a density chart: the strips (empty), lanes, phases, date axis, theme."""
    fig = go.Figure()
    for spec in _density_traces(lanes):
        fig.add_trace(go.Heatmap(**spec))
    rows = _add_phases(fig, tl, rng, [("x", "y")])
    _lane_axis(fig, lanes, "category", rows)
    _date_axis(fig, rng)
    y_units = float(lanes["bounds"][-1]) + (6 + 14 * rows) / _PX_PER_Y
    longest = max((len(line) for label in lanes["labels"] for line in label.split("<br>")), default=10)
    fig.update_layout(height=int(max(440, 200 + _PX_PER_Y * y_units)),
                      margin=dict(l=int(min(max(120, 7.2 * longest + 24), 230)), r=30))
    T.apply_theme(fig, "What happened, and when", " ", legends=(), top_extra=22)
    fig.add_annotation(_mode_annotation(""))
    return fig


def _apply_update(fig: go.Figure, traces: dict[str, dict], values: dict[str, object]) -> go.Figure:
    """Put :func:`_density_update`'s values into a figure built by :func:`_density_frame`."""
    for tr in fig.data:
        meta = tr.meta if isinstance(tr.meta, dict) else {}
        if meta.get("role") == "density" and meta.get("category") in traces:
            tr.update(traces[meta["category"]])
    for path, value in _layout_paths(fig.layout.to_plotly_json(), values).items():
        fig.layout[path] = value
    return fig


def _density_of(tl: Timeline, rng, limit: int) -> tuple[dict, dict[str, dict], dict[str, object]]:
    """The lanes of ``tl``'s density strips, and :func:`_density_update`'s strip data and
    layout values for it."""
    ev = tl.events
    counts = _series.events_per_period(tl, "D", "category")
    days = _series._days(counts["period"].to_numpy()[:: len(CATEGORIES)]) if len(counts) else np.zeros(0, int)
    daily = counts["count"].to_numpy().reshape(-1, len(CATEGORIES)) if len(counts) else np.zeros((0, len(CATEGORIES)))
    present = [c for c in CATEGORIES if c in set(ev["category"].astype("object"))]
    n_month = int((ev["date_precision"] == "month").sum())
    traces, values = _density_update(daily, int(days[0]) if len(days) else 0, n_events=len(ev), n_month=n_month,
                                     span_text=tl.span_text(), publishers=publishers_of(tl), rng=rng, limit=limit)
    return _density_lanes(present), traces, values


def _density_figure(tl: Timeline, limit: int) -> go.Figure:
    """The density chart of ``tl`` (see :func:`timeline_figure`)."""
    ev = tl.events
    rng = x_range(ev["start"], ev["span_end"] + DAY)
    lanes, traces, values = _density_of(tl, rng, limit)
    return _apply_update(_density_frame(lanes, rng, tl), traces, values)


def _density_layer(fig: go.Figure, tl: Timeline, rng, limit: int, *, row=None, col=None) -> dict:
    """The density strips of ``tl`` in ``fig`` (at ``row``/``col``), the mode annotation, and
    one empty ``"dots"`` trace per lane, which an exported page fills with the events of a
    view small enough to show one by one. Returns the lanes, as :func:`_timeline_layer`."""
    lanes, traces, values = _density_of(tl, rng, limit)
    where = {} if row is None else dict(row=row, col=col)
    for spec in _density_traces(lanes):
        spec.update(traces[spec["meta"]["category"]])
        fig.add_trace(go.Heatmap(**spec), **where)
    for c in lanes["lanes"]:
        fig.add_trace(go.Scatter(x=[], y=[], mode="markers", name=T.category_label(c), legendgroup=c,
                                 showlegend=False, hovertemplate="%{hovertext}<extra></extra>",
                                 marker=dict(size=10, color=T.category_color(c), line=dict(color="white", width=1)),
                                 meta={"role": "dots", "category": c}), **where)
    fig.add_annotation(_mode_annotation(values["mode"]))
    return dict(lanes, publishers=publishers_of(tl))


def _timeline_reference(full: Timeline, by: str = "category", max_markers: int = DENSITY_THRESHOLD) -> go.Figure:
    """Every trace a view of ``full`` may need (see :func:`_stable`): the figure of ``full``
    itself, or — when ``full`` is drawn as density — its density strips and one event trace
    per (category, kind of date) in ``full`` (from one event of each), and the key."""
    if not (by == "category" and 0 < max_markers < len(full.events)):
        return timeline_figure(full, by=by, max_markers=max_markers)
    from .index import index_of

    ev = full.events
    cat_code = pd.factorize(ev["category"])[0]
    kind_code = pd.factorize(kind_of(ev))[0]
    _, first = np.unique(cat_code.astype(np.int64) * 8 + kind_code, return_index=True)
    first = np.sort(first)  # one event of each (category, kind of date), in file order
    proto = timeline_figure(index_of(full).sub_timeline(first), by=by, max_markers=0)
    present = [c for c in CATEGORIES if c in set(ev["category"].astype("object"))]
    data = [go.Heatmap(**spec) for spec in _density_traces(_density_lanes(present))] + list(proto.data)
    return go.Figure(data=data)


# ================================================================================================
# Counts
# ================================================================================================

def _counts_layer(fig: go.Figure, tl: Timeline, freq: str, by: str, value: str, *, row=None, col=None,
                  show_legend: bool = True) -> dict:
    """Add one stacked bar trace per group; returns the groups drawn and the tallest stack."""
    counts = _series.events_per_period(tl, freq=freq, by=by)
    traces, info = _count_traces(counts, freq, by, value, show_legend=show_legend)
    where = {} if row is None else dict(row=row, col=col)
    for spec in traces:
        fig.add_trace(go.Bar(**spec), **where)
    return info


def _count_traces(counts: pd.DataFrame, freq: str, by: str, value: str, *,
                  show_legend: bool = True) -> tuple[list[dict], dict]:
    """The stacked bars of :func:`timeline.series.events_per_period`'s frame (a full grid of
    period × group), as plain trace dicts (one per group with events), and
    ``{"groups": [...], "max": tallest stack}``."""
    if counts.empty:
        return [], {"groups": [], "max": 0.0}
    group_code, group_names = pd.factorize(counts["group"])  # groups in order of appearance
    period_code, periods = pd.factorize(counts["period"])
    values = counts[value].to_numpy()
    grid = np.zeros((len(periods), len(group_names)), dtype=values.dtype)
    grid[period_code, group_code] = values
    if value == "count":  # whole numbers: any order of summing gives the same
        stack = float(grid.sum(axis=1).max())
    else:
        stack = float(counts.groupby("period")[value].sum().max())
    return _bar_traces(np.asarray(periods, dtype="datetime64[us]"), list(group_names), grid, freq, by, value,
                       show_legend=show_legend), {
        "groups": [g for g, t in zip(group_names, grid.sum(axis=0)) if t > 0], "max": stack}


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


def _month_only_note(tl: Timeline, by: str) -> str | None:
    """'Not counted: 2 events known only to the month (February 2025: 1 political) — …'."""
    grouping = by if by in ("category", "confidence") else "category"
    mo = _series.month_only_events(tl, by=grouping)
    if mo.empty:
        return None
    ids = {i for v in mo["event_ids"] for i in (v if not isinstance(v, str) else v.split(";")) if i}
    n = len(ids) or int(mo["count"].sum())
    return _month_only_text(n, mo[["month", "group", "count"]], grouping)


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


def _counts_axis_title(freq: str, value: str) -> str:
    unit = "day" if str(freq).upper() == "D" else "week"
    if value == "count":
        return f"Events under way per {unit}"
    return f"Events per {unit} (multi-day events split over their days)"


def _nice_step(raw: float) -> int:
    """The smallest whole 1, 2 or 5 × 10^k step at least ``raw`` (at least 1)."""
    step = 1
    while True:
        for m in (1, 2, 5):
            if step * m >= raw:
                return step * m
        step *= 10


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
    ev = tl.events
    fig = go.Figure()
    rng = x_range(ev["start"], ev["span_end"] + DAY) if len(ev) else None
    info = _counts_layer(fig, tl, freq, by, value)
    _date_axis(fig, rng)
    rows = _add_phases(fig, tl, rng, [("x", "y")])
    height = _COUNTS_HEIGHT
    fig.update_yaxes(title_text=_counts_axis_title(freq, value), tickformat=",~r", rangemode="tozero",
                     **_counts_yrange(info["max"], value, rows))
    if not info["groups"]:
        _add_empty(fig, EMPTY_TEXT)
    note = _month_only_note(tl, by)
    fig.update_layout(barmode="stack", bargap=0, height=height + (17 if note else 0))
    unit = "day" if str(freq).upper() == "D" else "week"
    T.apply_theme(fig, f"Events per {unit}", _counts_subtitle(freq, by, value, tl.span_text()),
                  sources=publishers_of(tl) if len(ev) else [], note=note)
    return _stable(fig, full, counts_figure, freq=freq, by=by, value=value)


_COUNTS_HEIGHT = 520


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


def _span_text(span) -> str:
    """``Timeline.span_text`` of a span."""
    a, b = span
    return f"{a.day} {a:%b %Y} – {b.day} {b:%b %Y}"


def _empty_annotation(visible: bool = False) -> dict:
    return dict(name="empty", text=EMPTY_TEXT, showarrow=False, font=dict(size=16, color=T.MUTED),
                x=0.5, y=0.5, xref="paper", yref="paper", visible=visible)


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


# ================================================================================================
# Reported toll
# ================================================================================================

_SYMBOL_SUFFIX = {"exact": "", "at_least": "-open", "approximately": "-open-dot"}
_QUALIFIER_TEXT = {"exact": "as published", "at_least": "at least — a lower bound", "approximately": "approximately"}
_MEASURE_DASH = {"killed_total": "solid", "killed_civilians": "dot", "killed_government": "dash",
                 "killed_loyalists": "dashdot"}
_EPISODE_GAP = pd.Timedelta(days=14)


def _measure_title(measure: str) -> str:
    """The title of a measure's panel (kept for tests/test_widgets.py; see charts.wording)."""
    return toll_panel_title(measure, MEASURES.get(measure, measure))


# _toll_data, _ref and _toll_layer are left for overview_figure until it draws its toll row with
# timeline.charts.toll.layer; toll_figure no longer uses them.

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


def toll_figure(tl: Timeline, measures=("killed_total", "killed_civilians"), reporters=None, *,
                full: Timeline | None = None) -> go.Figure:
    """How the reported death toll changed: one panel per measure; in it one step line per
    organisation's running series (labels from :func:`timeline.series.reported_toll`), a marker
    at every figure published (open for "at least", ringed for "about"; several figures on one
    day are all shown), and a grey band from the lowest to the highest figure in force across
    the organisations counting the same episode. Nothing is ever added up: the organisations
    count different things.

    Quiet stretches of more than 10 days between episodes (SOHR's toll of the November 2024
    offensive, the tolls of March 2025) are cut out of the date axis, and the cut is marked.
    ``full``: as in :func:`timeline_figure` (the panels, lines and bands are those of ``full``).
    See :mod:`timeline.views.toll` and :mod:`timeline.charts.toll`.
    """
    sel = _select(tl) if full is None else _select_view(full, tl)
    return go.Figure(_toll_chart.paint(_toll_view(sel, measures=measures, reporters=reporters)))


# ================================================================================================
# Map
# ================================================================================================

def map_figure(tl: Timeline, *, full: Timeline | None = None) -> go.Figure:
    """Where events happened: a dot per place and category, its area proportional to the number
    of events (an event with two places counts at both), on an offline base map — Syria and
    Lebanon with an inset of the coast, or the extent of the data when it lies elsewhere.
    Places without coordinates (regions, districts, places abroad, "online") and places outside
    the frame are listed beside the map with their number of events — never placed. Hover:
    English and Arabic names, governorate and the first events (date — title).

    Needs no network: the base maps are the topojson files in ``timeline/assets/topojson``
    (:func:`use_offline_geo` is called here for static export; HTML pages inline
    :func:`geo_assets_script`). ``full``: as in :func:`timeline_figure`. Built by
    :func:`timeline.views.map.map_view` and :func:`timeline.charts.map.paint`.
    """
    use_offline_geo()
    sel = select(tl) if full is None else select_view(full, tl)
    return go.Figure(map_chart.paint(map_view(sel)))


# ------------------------------------------------------------------------------------------------
# Kept only for widgets._Aggregated (its large-data map); map_view/paint replace them.
# ------------------------------------------------------------------------------------------------

_MAP_MAIN, _MAP_INSET = geo.MAIN_DOMAIN, geo.INSET_DOMAIN
_merc, _frame_px, _label_positions = geo.merc, geo.frame_px, map_chart.label_positions
_PAREN = re.compile(r"\s*\([^)]*\)")
_MAX_LISTED = 40  # places listed beside the map; the rest are counted


def _geo_layout(region: dict, domain: dict) -> dict:
    return map_chart.geo_layout(region, domain, GEO_TOPOJSON)


def _n_rows(pts) -> int:
    """Rows of a points table: a DataFrame, or a dict of equal-length arrays (the explorer's)."""
    if isinstance(pts, pd.DataFrame):
        return len(pts)
    return len(next(iter(pts.values()))) if pts else 0


def _col(pts, name: str, dtype=None) -> np.ndarray:
    col = pts[name]
    return col.to_numpy(dtype=dtype) if isinstance(col, pd.Series) else np.asarray(col, dtype=dtype)


def _rows(pts, mask: np.ndarray):
    if isinstance(pts, pd.DataFrame):
        return pts[np.asarray(mask)]
    return {k: v[mask] for k, v in pts.items()}


def _map_traces(pts, geo_name: str, region: dict, box: tuple[float, float], sizeref: float,
                skip_labels: dict | None = None) -> list[dict]:
    """Dots per (place, category) — one trace per category — and the place names that fit."""
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
    lon_dot, lat_dot, extent = map_chart.dodge(place_id, cat, n, _col(pts, "lon", float), _col(pts, "lat", float),
                                               region, box, sizeref)
    sums: dict = {}
    for c, k in zip(cat, n):
        sums[c] = sums.get(c, 0) + k
    order = sorted(sorted(sums), key=lambda c: -sums[c])  # biggest first; ties alphabetical
    for category in order:  # the biggest category first, so smaller dots are drawn on top
        sel = cat == category
        out.append(dict(
            type="scattergeo", lon=lon_dot[sel], lat=lat_dot[sel], geo=geo_name,
            mode="markers", customdata=place_id[sel],
            marker=dict(size=n[sel], sizemode="area", sizeref=sizeref, sizemin=6,
                        color=T.category_color(category), opacity=0.85, line=dict(color="white", width=1)),
            name=T.category_label(category), legendgroup=category, showlegend=geo_name == "geo",
            legendrank=1000 + list(CATEGORIES).index(category) if category in CATEGORIES else 2000,
            hovertext=hover[sel], hovertemplate="%{hovertext}<extra></extra>",
            meta={"role": "place", "category": category, "geo": geo_name}))
    code, _ = pd.factorize(place_id)
    first = np.unique(code, return_index=True)[1]
    p_extent = np.full(first.size, -np.inf)
    np.maximum.at(p_extent, code, extent)
    p_total = np.bincount(code, weights=n, minlength=first.size).astype(np.int64)
    p_name = _col(pts, "name", object)[first]
    p_lat, p_lon = _col(pts, "lat", float)[first], _col(pts, "lon", float)[first]
    inside = geo.in_region(p_lon, p_lat, region)
    if skip_labels:
        inside &= ~geo.in_region(p_lon, p_lat, skip_labels)
    rows = np.flatnonzero(inside)
    if rows.size == 0:
        return out
    rows = rows[pd.Series(p_total[rows]).sort_values(ascending=False).index.to_numpy()]
    label = [_PAREN.sub("", str(x)).strip() for x in p_name[rows]]
    diam = 2 * p_extent[rows]
    pos = _label_positions(p_lon[rows], p_lat[rows], label, diam / 2, region, box)
    keep = np.array([p is not None for p in pos])
    if not keep.any():
        return out
    out.append(dict(
        type="scattergeo", lon=p_lon[rows][keep], lat=p_lat[rows][keep], geo=geo_name, mode="markers+text",
        text=np.array(esc_list([t for t, k in zip(label, keep) if k]), dtype=object),
        textposition=[p for p in pos if p is not None],
        marker=dict(size=diam[keep] + 2, color="rgba(0,0,0,0)", line=dict(width=0)),
        textfont=dict(size=12, color=T.INK), hoverinfo="skip", showlegend=False,
        meta={"role": "label", "geo": geo_name}))
    return out


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


def _unplaced_text(n_none: int, n_events: int, unmapped: pd.DataFrame, outside: pd.DataFrame) -> tuple[str, str]:
    """The list beside the map from the number of events on no dot and the event × place rows
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


_MAP_HEIGHT = geo.MAP_HEIGHT


def _map_sizeref(pts) -> float:
    n_max = _col(pts, "n").max() if _n_rows(pts) else 1
    return float(n_max) / 34.0 ** 2  # the biggest dot is 34 px across


def _in_region(pts, region: dict) -> np.ndarray:
    return geo.in_region(_col(pts, "lon", float), _col(pts, "lat", float), region)


def _map_with_inset(pts) -> bool:
    return bool(_n_rows(pts)) and len(set(_col(pts, "place_id", object)[_in_region(pts, COAST_REGION)])) >= 2


def _map_point_traces(pts, with_inset: bool) -> list[dict]:
    if not _n_rows(pts):
        return []
    sizeref = _map_sizeref(pts)
    box_main, box_inset = geo.main_box(), geo.inset_box()
    out = _map_traces(pts, "geo", MAP_REGION, box_main, sizeref, skip_labels=COAST_REGION if with_inset else None)
    if with_inset:
        out += _map_traces(_rows(pts, _in_region(pts, COAST_REGION)), "geo2", COAST_REGION, box_inset, sizeref)
    return out


def _map_from_points(pts, text: str, hover: str, *, n_events: int, span_text: str,
                     publishers: list[str], with_inset: bool | None = None) -> go.Figure:
    """The map from its aggregated parts: the points table, the text beside the map, the number
    of events, the span and the publishers cited."""
    fig = go.Figure()
    main, inset = _MAP_MAIN, _MAP_INSET
    if with_inset is None:
        with_inset = _map_with_inset(pts)
    lon, lat, ctx = zip(*W.MAP_CONTEXT_LABELS)
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
        fig.add_annotation(name="inset-title", text=W.MAP_INSET_TITLE, xref="paper",
                           yref="paper", x=inset["x"][0], y=inset["y"][1], xanchor="left", yanchor="bottom",
                           showarrow=False, font=dict(size=T.SIZES["annotation"], color=T.INK))
    if text:
        fig.add_annotation(name="unplaced", text=text, hovertext=hover or None, xref="paper", yref="paper",
                           x=inset["x"][0], y=inset["y"][0] - 0.04 if with_inset else 1, xanchor="left",
                           yanchor="top", align="left", showarrow=False,
                           font=dict(size=T.SIZES["note"], color=T.MUTED))
    if not n_events:
        _add_empty(fig, EMPTY_TEXT, hide_axes=False)
    fig.update_layout(**layout, height=_MAP_HEIGHT, margin=dict(l=24, r=24), legend=dict(itemsizing="constant"))
    T.apply_theme(fig, W.MAP_TITLE, _map_subtitle(span_text), sources=publishers, note=W.MAP_NOTE_SYRIA, axis_room=10)
    return fig


def _points_from_counts(tl: Timeline, mc: dict, limit: int = 8, lines=None) -> dict:
    """The points table, as a dict of arrays, from :meth:`timeline.index.EventIndex.map_counts`
    (one row per place and category, in the same order). ``lines``: a function giving the hover
    line of each event position (default :func:`_event_lines`)."""
    places = tl.places
    if len(mc["place"]) == 0:
        return {}
    pl = places.iloc[mc["place"]]
    line = (lines or (lambda pos: _event_lines(tl, pos)))(mc["line_event"])
    group = mc["line_group"]
    order = np.argsort(group, kind="stable")
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
    """Rows of ``tl.event_places`` as :func:`_unplaced_text` reads them."""
    if len(rows) == 0:
        return pd.DataFrame({"place_id": [], "name": [], "event_id": [], "title": []}, dtype="str")
    ep = tl.event_places.iloc[rows]
    names = pd.Series(tl.places["name"].to_numpy(), index=tl.places["id"].to_numpy())
    names = names[~names.index.duplicated()]
    return pd.DataFrame({"place_id": ep["place_id"].to_numpy(), "name": ep["place_id"].map(names).to_numpy(),
                         "event_id": ep["event_id"].to_numpy(), "title": tl.events["title"].iloc[events].to_numpy()},
                        index=np.arange(len(rows)))


def _map_view(pts, text: str, hover: str, *, n_events: int, span_text: str, publishers: list[str],
              with_inset: bool) -> tuple[list[dict], dict[str, object]]:
    """The dot and name traces and the layout values that change, from the aggregated parts."""
    return _map_point_traces(pts, with_inset), {
        "subtitle": _map_subtitle(span_text), "source": T.source_line(publishers), "unplaced": text,
        "hover:unplaced": hover or None, "show:empty": n_events == 0}


def _map_subtitle(span_text: str) -> str:
    return W.MAP_SUBTITLE.format(span=span_text)


# ================================================================================================
# Overview
# ================================================================================================

def overview_figure(tl: Timeline, freq: str = "D", measures=("killed_total", "killed_civilians"), *,
                    full: Timeline | None = None, max_markers: int | None = None) -> go.Figure:
    """The timeline, the events under way per day (or week) and the reported toll, on one
    shared, zoomable date axis, with the phases shaded across all three. Clicking a category in
    the legend hides it in the timeline and in the counts at once. ``full``: as in
    :func:`timeline_figure`.

    With more than ``max_markers`` events (default :data:`DENSITY_THRESHOLD`; ``0`` never) the
    top row shows heat strips of the events under way each day, as :func:`timeline_figure`
    does, and says so."""
    limit = DENSITY_THRESHOLD if max_markers is None else max_markers
    dense = 0 < limit < len(tl.events)
    ev = tl.events
    figs, spread = _toll_data(tl, measures, None)
    rng = x_range(ev["start"] if len(ev) else None, (ev["span_end"] + DAY) if len(ev) else None,
                   (figs["episode_end"] + 2 * DAY) if not figs.empty else None)
    fig = make_subplots(rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.045, row_heights=[0.5, 0.2, 0.3])
    if dense:
        info = _density_layer(fig, tl, rng, limit, row=1, col=1)
    else:
        info = _timeline_layer(fig, tl, "category", rng, row=1, col=1)
    _counts_layer(fig, tl, freq, "category", "count", row=2, col=1, show_legend=False)
    _toll_layer(fig, figs, spread, panel_of=lambda m: dict(row=3, col=1), dash_by_measure=True, band_legend=None,
                label_band=False, panel_px=(NOMINAL_WIDTH - 300, 230), early_labels="left")
    if figs.empty and rng is not None:  # keep the panel and its date labels, and say why it is empty
        fig.add_trace(go.Scatter(x=[rng[0], rng[1]], y=[0, 0], mode="lines", line=dict(width=0), hoverinfo="skip",
                                 showlegend=False, meta={"role": "axis"}), row=3, col=1)
        fig.update_yaxes(range=[0, 1], showticklabels=False, row=3, col=1)
        fig.add_annotation(name="no-toll", text="No running death toll in this data", xref="x3 domain",
                           yref="y3 domain", x=0.5, y=0.5, showarrow=False,
                           font=dict(size=T.SIZES["note"], color=T.MUTED))
    _category_legend(fig, info.get("categories", []), row=1, col=1)
    rows = _add_phases(fig, tl, rng, [("x", "y"), ("x2", "y2"), ("x3", "y3")], label_px=NOMINAL_WIDTH - 330)
    _lane_axis(fig, info, "category", rows, plot_px=(920 - 122 - 74) * 0.91 * 0.5, row=1, col=1)
    _date_axis(fig, rng)
    fig.update_xaxes(showticklabels=False, row=1, col=1)
    fig.update_xaxes(showticklabels=False, row=2, col=1)
    fig.update_yaxes(title_text=_counts_axis_title(freq, "count").replace(" per", "<br>per"), rangemode="tozero",
                     title_font_size=11, row=2, col=1)
    fig.update_yaxes(title_text="Deaths reported<br>(never added up)", rangemode="tozero", tickformat=",",
                     title_font_size=11, row=3, col=1)
    if not len(ev):
        _add_empty(fig, EMPTY_TEXT)
    fig.update_layout(height=920, barmode="stack", bargap=0, margin=dict(l=150, r=180))
    reporters = figs["reported_by"].value_counts().index.tolist() if not figs.empty else []
    pubs = publishers_of(tl) if len(ev) else []
    T.apply_theme(fig, f"Syria, {tl.span_text()}: events and the reported toll",
                  ("Top: events under way each day, by category (darker = more). " if dense else
                   "Top: events by category (hollow = approximate date). ") + "Middle: events under way each day. "
                  "Bottom: each organisation's latest death toll (open marker = “at least”). Drag to zoom.",
                  sources=reporters + pubs)
    return _stable(fig, full, overview_figure, freq=freq, measures=tuple(measures), max_markers=limit)
