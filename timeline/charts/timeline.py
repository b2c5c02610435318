"""The timeline chart: a :class:`~timeline.views.timeline.TimelineView` painted as plotly JSON.

- :func:`paint` — the whole figure (``{"data": [...], "layout": {...}}``, plain dicts);
- :func:`layer` — its traces, lane axis and shapes bound to given axes, for the overview.

Traces, in order: the density strips (``meta.role == "density"``, only for a timeline over the
density threshold), one trace per (category, kind of date) of the timeline (``"event"``: dots,
bars, hollow approximate dates, hatched month spans), the category legend (``"legend"``, lanes
other than categories) and the key to the kinds of date (``"key"``). Every view of one
timeline has them all — empty where the view has nothing — and the same layout keys.
"""

from __future__ import annotations

import numpy as np

from ..views.timeline import DENSITY_LANE, DENSITY_PAD, TimelineView
from . import theme as T
from . import wording as W
from .common import date_axis, empty_annotation, phase_layout, rgba, span_text
from ..labels import KIND_LABELS, KINDS, NOMINAL_WIDTH, esc_list, wrap2

__all__ = ["paint", "layer", "lane_label", "mode_annotation", "PX_PER_Y"]

PX_PER_Y = 40  # the chart's height is chosen so that one y unit is about this many pixels
_KEY_GREY = "#6B6B6B"


def lane_label(name: str, by: str) -> str:
    """The lane's name on one line, or two balanced lines, shortened with … past 26 characters."""
    text = T.category_label(name) if by == "category" else str(name)
    if len(text) > 18:
        text = wrap2(text)
    lines = [t if len(t) <= 26 else t[:25].rstrip() + "…" for t in text.split("<br>")]
    return "<br>".join(esc_list(lines))


def mode_annotation(view: TimelineView) -> dict:
    """The note, top right above the plot, that says how the timeline is drawn (name ``"mode"``)."""
    text = W.density_mode_text(view.n, view.limit) if view.mode == "density" else \
        W.events_mode_text(view.n, view.limit)
    return {"name": "mode", "text": text, "xref": "paper", "yref": "paper", "x": 1, "y": 1, "xanchor": "right",
            "yanchor": "bottom", "yshift": 4, "showarrow": False, "align": "right",
            "font": {"size": T.SIZES["note"], "color": T.MUTED}}


def _event_traces(view: TimelineView, where: dict) -> list[dict]:
    out = []
    for m in view.marks:
        color = T.category_color(m.category)
        common = {"name": T.category_label(m.category), "legendgroup": m.category, "showlegend": False,
                  "hovertext": m.hover, "hovertemplate": "%{hovertext}<extra></extra>", "customdata": m.ids,
                  "meta": {"role": "event", "category": m.category, "kind": m.kind}, **where}
        if m.kind in ("point", "approx_point"):
            hollow = m.kind == "approx_point"
            out.append({"type": "scatter", "x": m.start + np.timedelta64(12, "h"), "y": m.y, "mode": "markers",
                        "marker": {"size": 11, "symbol": "circle", "color": "white" if hollow else color,
                                   "line": {"color": color if hollow else "white", "width": 2 if hollow else 1}},
                        **common})
            continue
        if m.kind == "month":  # faint, hatched, the whole month and the lane's height: no day implied
            marker = {"color": rgba(color, 0.12), "line": {"width": 0},
                      "pattern": {"shape": "/", "fgcolor": rgba(color, 0.4), "size": 8, "solidity": 0.12}}
        elif m.kind == "approx_span":  # outlined: the window of possible days
            marker = {"color": "white", "line": {"color": color, "width": 1.6}}
        else:
            marker = {"color": color, "line": {"color": "white", "width": 0.5}}
        out.append({"type": "bar", "orientation": "h", "base": m.start, "x": m.length_ms, "y": m.y,
                    "width": m.height, "marker": marker, **common})
    return out


def _density_traces(view: TimelineView, where: dict) -> list[dict]:
    zmax = max(int(view.z.max()) if view.z.size else 0, 1)
    out = []
    for i, c in enumerate(view.strips):
        color, label = T.category_color(c), T.category_label(c)
        top = i * DENSITY_LANE
        z = view.z[:, i][None, :] if view.z.shape[0] else [[]]
        out.append({
            "type": "heatmap", "x": view.days, "z": z, "y": [top + DENSITY_PAD, top + DENSITY_LANE - DENSITY_PAD],
            "zmin": 0, "zmax": zmax, "zauto": False, "showscale": False, "xgap": 0, "ygap": 0, "name": label,
            "legendgroup": c, "showlegend": False,
            "colorscale": [[0, "rgba(255,255,255,0)"], [1e-9, rgba(color, 0.1)], [1, color]],
            "hovertemplate": W.density_hover(esc_list([label])[0]), "meta": {"role": "density", "category": c}, **where})
    return out


def _dots_traces(view: TimelineView, where: dict) -> list[dict]:
    """One empty ``"dots"`` trace per strip, which an exported page fills with the events of a
    view small enough to show one by one."""
    return [{"type": "scatter", "x": [], "y": [], "mode": "markers", "name": T.category_label(c), "legendgroup": c,
             "showlegend": False, "hovertemplate": "%{hovertext}<extra></extra>",
             "marker": {"size": 10, "color": T.category_color(c), "line": {"color": "white", "width": 1}},
             "meta": {"role": "dots", "category": c}, **where} for c in view.strips]


def legend_traces(categories, shown, legend: str = "legend", where: dict | None = None) -> list[dict]:
    """One legend entry per category (a plain dot whatever its kinds of date; clicking it toggles
    the whole legend group); entries of categories not in ``shown`` stay out of the legend."""
    return [{"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": T.category_label(c),
             "legendgroup": c, "legend": legend, "showlegend": c in shown, "hoverinfo": "skip",
             "marker": {"size": 10, "color": T.category_color(c), "symbol": "circle"},
             "meta": {"role": "legend", "category": c}, **(where or {})} for c in categories]


def _key_traces(view: TimelineView, legend: str = "legend2") -> list[dict]:
    """A key, in grey, to the ways dates are drawn (entries for the kinds in view)."""
    grey = _KEY_GREY
    styles = {
        "point": {"mode": "markers", "marker": {"size": 10, "color": grey, "line": {"color": "white", "width": 1}}},
        "approx_point": {"mode": "markers", "marker": {"size": 10, "color": "white",
                                                       "line": {"color": grey, "width": 2}}},
        "span": {"mode": "lines", "line": {"color": grey, "width": 7}},
        "approx_span": {"mode": "markers", "marker": {"size": 12, "symbol": "square-open", "color": grey,
                                                      "line": {"width": 1.6}}},
        "month": {"mode": "markers", "marker": {"size": 15, "symbol": "square", "color": rgba(grey, 0.22)}},
    }
    shown = view.kinds_shown if view.mode == "events" else frozenset()
    return [{"type": "scatter", "x": [None], "y": [None], "name": KIND_LABELS[k], "legend": legend,
             "showlegend": k in shown, "hoverinfo": "skip", "meta": {"role": "key", "kind": k}, **styles[k]}
            for k in reversed(KINDS) if k in view.kinds]


def lane_axis(view: TimelineView, label_rows: int, plot_px: float | None = None) -> dict:
    """The y axis of the lanes: their names as tick labels (in their category's colour, darkened
    where needed to be readable: :func:`~timeline.charts.theme.text_color`), room above
    the first lane for ``label_rows`` rows of phase names, y running down. ``plot_px``: the
    panel's height in pixels (default: :data:`PX_PER_Y` pixels per y unit)."""
    if not view.lanes or view.n == 0:
        return {"visible": False, "range": [1, 0], "tickvals": [], "ticktext": [], "fixedrange": True}
    by = "category" if view.mode == "density" else view.by
    names = view.strips if view.mode == "density" else view.lanes
    colors = [T.text_color(T.category_color(name)) if by == "category" else T.INK for name in names]
    pad_px = 6 + 14 * label_rows
    units = float(view.bounds[-1])
    top = pad_px / PX_PER_Y if plot_px is None else pad_px * units / max(plot_px - pad_px, 1)
    return {"visible": True, "tickvals": [float(c) for c in view.centres],
            "ticktext": [f"<span style='color:{c}'><b>{lane_label(n, by)}</b></span>" for n, c in zip(names, colors)],
            "range": [units + 0.05, -top], "showgrid": False, "zeroline": False, "fixedrange": True, "ticks": ""}


def layer(view: TimelineView, *, xaxis: str = "x", yaxis: str = "y", label_rows: int = 0,
          plot_px: float | None = None, key: bool = True, legend: bool | None = None, dots: bool = False,
          strips: bool = True, marks: bool = True) -> dict:
    """The chart's parts bound to the axes ``xaxis``/``yaxis`` (``"x2"``, ``"y2"``...):
    ``{"data": traces, "yaxis": the lane axis, "shapes": lane separators, "annotations": [the
    mode note when the timeline can switch mode]}``. ``key``: add the key to the kinds of date;
    ``legend``: add the category legend (default: when the lanes are not categories);
    ``dots``: add one empty ``"dots"`` trace per density strip (the exported page fills them);
    ``strips``/``marks``: leave out the density strips or the event traces (``False``)."""
    where = {"xaxis": xaxis, "yaxis": yaxis}
    data = (_density_traces(view, where) if strips else []) + (_event_traces(view, where) if marks else [])
    if dots:
        data += _dots_traces(view, where)
    if legend if legend is not None else view.by != "category":
        data += legend_traces(view.categories, view.categories_shown, where=where)
    if key:
        data += _key_traces(view)
    separators = [{"type": "line", "xref": f"{xaxis} domain", "yref": yaxis, "x0": 0, "x1": 1, "y0": float(b),
                   "y1": float(b), "line": {"color": "#DADADA", "width": 1}, "layer": "below",
                   "name": "lane-separator", "visible": bool(view.n)} for b in view.bounds[1:-1]]
    return {"data": data, "yaxis": lane_axis(view, label_rows, plot_px), "shapes": separators,
            "annotations": [mode_annotation(view)] if view.switchable else []}


def paint(view: TimelineView) -> dict:
    """The timeline figure of ``view`` as plotly JSON (``go.Figure(paint(view))`` accepts it)."""
    shapes, notes, rows = phase_layout_of(view, [("x", "y")])
    part = layer(view, label_rows=rows)
    labels = [lane_label(n, "category" if view.mode == "density" else view.by)
              for n in (view.strips if view.mode == "density" else view.lanes)]
    y_units = float(view.bounds[-1]) + (6 + 14 * rows) / PX_PER_Y
    longest = max((len(line) for label in labels for line in label.split("<br>")), default=10)
    height = int(max(440, 200 + PX_PER_Y * y_units))
    left = int(min(max(120, 7.2 * longest + 24), 230))
    dense = view.mode == "density"
    text = span_text(view.span)
    if dense:
        frame = T.frame(W.TIMELINE_TITLE, W.density_subtitle(view.n, text, view.n_month), view.publishers,
                        legends=(), top_extra=22, height=height, left=left, right=30)
    else:
        frame = T.frame(W.TIMELINE_TITLE, W.timeline_subtitle(view.n, view.by, text), view.publishers,
                        legends=("legend2",) if view.by == "category" else ("legend", "legend2"),
                        height=height, left=left, right=30)
    legend2 = {"itemclick": False, "itemdoubleclick": False, "font": {"size": T.SIZES["note"]}}
    legend2.update(frame.pop("legend2", {"orientation": "h", "yref": "container", "y": 1, "yanchor": "top",
                                         "xref": "container", "x": 0, "xanchor": "left"}))
    legend = frame.pop("legend", {})
    empty = view.n == 0
    layout = {
        **frame,
        "legend": legend, "legend2": legend2,
        "height": height, "barmode": "overlay",
        "xaxis": date_axis(view.rng, visible=not empty),
        "yaxis": part["yaxis"],
        "shapes": shapes + part["shapes"],
        "annotations": notes + [empty_annotation(visible=empty)] + part["annotations"] + frame["annotations"],
    }
    return {"data": part["data"], "layout": layout}


def phase_layout_of(view: TimelineView, panels, label_px: float | None = None):
    """:func:`~timeline.charts.common.phase_layout` of the view's timeline phases over its range."""
    return phase_layout(None, view.rng, panels, NOMINAL_WIDTH - 250 if label_px is None else label_px,
                        phases=view.phases)
