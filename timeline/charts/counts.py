"""The count chart: a :class:`~timeline.views.counts.CountsView` painted as plotly JSON.

- :func:`paint` — stacked bars per day or week, one trace per group (``meta.role == "count"``),
  phases shaded, the note on events known only to the month;
- :func:`layer` — the bars and the count axis bound to given axes, for the overview.

Every view of one timeline has the same bar traces (empty where the view has nothing) and the
same layout keys and annotations.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..views.counts import CountsView
from . import theme as T
from . import wording as W
from ..labels import DAY_MS, NOMINAL_WIDTH, esc_list, span_range
from .common import date_axis, empty_annotation, phase_layout, span_text

__all__ = ["paint", "layer", "month_note", "count_axis", "nice_step", "HEIGHT"]

HEIGHT = 520


def nice_step(raw: float) -> int:
    """The smallest whole 1, 2 or 5 × 10^k step at least ``raw`` (at least 1)."""
    step = 1
    while True:
        for m in (1, 2, 5):
            if step * m >= raw:
                return step * m
        step *= 10


def count_axis(view: CountsView, label_rows: int, plot_px: float = HEIGHT - 88 - 34 - 44 - 30) -> dict:
    """The count axis: from 0 to the tallest stack, with room for ``label_rows`` rows of phase
    names above it; whole-number ticks for counts of events (shares may be fractions)."""
    head = (6 + 14 * label_rows) / plot_px  # keep the phase names above the bars
    out = {"range": [0, max(view.vmax, 1) * 1.04 / (1 - head)], "rangemode": "tozero",
           "visible": bool(view.values.any())}
    if view.value == "count":
        out.update(tick0=0, dtick=nice_step(view.vmax / 5))
    return out


def month_note(view: CountsView) -> str:
    """'Not on any day: 2 events dated only to the month (February 2025: 1 political).' ('' when none)."""
    if not view.n_month:
        return ""
    label = (lambda x: T.category_label(x).lower()) if view.month_grouping == "category" else str
    parts, current = [], None
    for month, group, count in view.month_rows:
        text = f"{count} {label(group)}"
        if month != current:
            parts.append(f"{pd.Timestamp(month):%B %Y}: {text}")
            current = month
        else:
            parts[-1] += f", {text}"
    return W.month_only_note(view.n_month, parts)


def _bar_traces(view: CountsView, where: dict, show_legend: bool) -> list[dict]:
    step = 1 if view.freq == "D" else 7
    colors = T.group_colors(view.by, view.groups)
    period_txt = view.period_text
    x = view.periods + np.timedelta64(12 * step, "h")
    totals = view.values.sum(axis=0) if view.values.size else np.zeros(len(view.groups))
    none = np.zeros(0, dtype=object)
    out = []
    for j, g in enumerate(view.groups):
        label = T.category_label(g) if view.by == "category" else str(g)
        has = totals[j] > 0  # a group with no bars in the view: an empty trace
        out.append({
            "type": "bar", "x": x if has else x[:0], "y": view.values[:, j] if has else view.values[:0, j],
            "width": DAY_MS * step * 0.86, "name": label,
            "legendgroup": g if view.by == "category" else f"{view.by}:{g}", "showlegend": show_legend,
            "marker": {"color": colors[g], "line": {"width": 0}}, "customdata": period_txt if has else none,
            "hovertemplate": W.counts_hover(esc_list([label])[0], view.value),
            "meta": {"role": "count", "group": g, "by": view.by, "value": view.value}, **where})
    return out


def layer(view: CountsView, *, xaxis: str = "x", yaxis: str = "y", label_rows: int = 0,
          plot_px: float = HEIGHT - 88 - 34 - 44 - 30, show_legend: bool = True) -> dict:
    """The bars bound to ``xaxis``/``yaxis``: ``{"data": traces, "yaxis": the count axis}``."""
    axis = count_axis(view, label_rows, plot_px)
    axis.update(title={"text": W.counts_axis_title(view.freq, view.value)}, tickformat=",~r")
    return {"data": _bar_traces(view, {"xaxis": xaxis, "yaxis": yaxis}, show_legend), "yaxis": axis}


def paint(view: CountsView) -> dict:
    """The count figure of ``view`` as plotly JSON (``go.Figure(paint(view))`` accepts it)."""
    rng = span_range(view.span)
    shapes, notes, rows = phase_layout(None, rng, [("x", "y")], NOMINAL_WIDTH - 250, phases=view.phases)
    part = layer(view, label_rows=rows)
    note = month_note(view)
    height = HEIGHT + (17 if view.note_room or note else 0)
    frame = T.frame(W.counts_title(view.freq), W.counts_subtitle(view.freq, view.by, view.value, span_text(view.span)),
                    view.publishers if view.n else (), note=(note or " ") if view.note_room or note else None,
                    height=height)
    for a in frame["annotations"]:
        if a["name"] == "note" and not note:
            a["text"] = ""
    empty = not view.values.any()  # no bars (nothing kept, or only events known to the month)
    layout = {**frame, "height": height, "barmode": "stack", "bargap": 0,
              "xaxis": date_axis(rng, visible=not empty), "yaxis": part["yaxis"], "shapes": shapes,
              "annotations": notes + [empty_annotation(visible=empty)] + frame["annotations"]}
    return {"data": part["data"], "layout": layout}
