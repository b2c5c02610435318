"""The deaths chart: a :class:`~timeline.views.deaths.DeathsView` painted as plotly figure JSON.

Stacked bars of the deaths one organisation gave for single events (ACLED's fatalities, UCDP GED's
best estimate), per day or week and by the event's category, with GED's low and high estimates as
whiskers on each period's total. The subtitle says whose figures they are and that they are claims
about single events, not a running toll; a note counts what is not on the chart (figures of events
known only to the month, other organisations' per-event figures, never added in).

Every view of one timeline has the same traces — one bar trace per category
(``meta = {"role": "deaths", "category": ..., "reporter": ...}``, empty where nothing is kept) and,
when the organisation gives low/high estimates, one ``{"role": "deaths-range"}`` trace — and the
same layout keys and annotations (``"empty"``, ``"note"``, ``"source"``, ``"phase:<id>"``).
"""

from __future__ import annotations

import numpy as np

from ..views.deaths import DeathsView
from . import theme as T
from .counts import nice_step
from . import wording as W
from ..labels import DAY_MS, NOMINAL_WIDTH, esc_list, span_range
from .common import date_axis, empty_annotation, phase_layout, span_text

__all__ = ["paint", "HEIGHT"]

HEIGHT = 480


def _traces(view: DeathsView) -> list[dict]:
    step = 1 if view.freq == "D" else 7
    x = view.periods + np.timedelta64(12 * step, "h")
    totals = view.values.sum(axis=0) if view.values.size else np.zeros(len(view.categories))
    who = esc_list([view.reporter or ""])[0]
    out = []
    for j, c in enumerate(view.categories):
        label = T.category_label(c)
        has = totals[j] > 0 or (view.figures[:, j].any() if view.figures.size else False)
        rows = slice(None) if has else slice(0, 0)
        custom = np.empty((len(view.periods), 2), dtype=object)
        custom[:, 0] = view.period_text
        custom[:, 1] = view.figures[:, j]
        out.append({
            "type": "bar", "x": x[rows], "y": view.values[rows, j], "customdata": custom[rows],
            "width": DAY_MS * step * 0.86, "name": label, "legendgroup": c,
            "marker": {"color": T.category_color(c), "line": {"width": 0}},
            "hovertemplate": W.deaths_hover(esc_list([label])[0], who),
            "meta": {"role": "deaths", "category": c, "reporter": view.reporter}})
    if view.has_range:
        total = view.values.sum(axis=1) if view.values.size else np.zeros(len(view.periods))
        show = (view.high > total) | (view.low < total) if view.low is not None else np.zeros(0, dtype=bool)
        custom = np.empty((int(show.sum()), 3), dtype=object)
        custom[:, 0] = view.period_text[show]
        custom[:, 1] = view.low[show].astype(np.int64)
        custom[:, 2] = view.high[show].astype(np.int64)
        out.append({
            "type": "scatter", "mode": "markers", "x": x[show], "y": total[show], "customdata": custom,
            "marker": {"symbol": "line-ns-open", "size": 9, "color": T.INK, "line": {"width": 1, "color": T.INK}},
            "error_y": {"type": "data", "symmetric": False, "array": (view.high - total)[show],
                        "arrayminus": (total - view.low)[show], "color": T.INK, "thickness": 1,
                        "width": 2 if step == 1 else 4},
            "name": W.DEATHS_RANGE, "showlegend": True, "legendgroup": "deaths-range",
            "hovertemplate": W.deaths_range_hover(who), "meta": {"role": "deaths-range", "reporter": view.reporter}})
    return out


def paint(view: DeathsView) -> dict:
    """The deaths figure of ``view`` as plotly JSON (``go.Figure(paint(view))`` accepts it)."""
    rng = span_range(view.span)
    shapes, phase_notes, rows = phase_layout(None, rng, [("x", "y")], NOMINAL_WIDTH - 250, phases=view.phases)
    note = W.deaths_note(view.n_month, view.month_total, view.others)
    height = HEIGHT + (17 if view.note_room or note else 0)
    frame = T.frame(W.deaths_title(view.freq),
                    W.deaths_subtitle(view.reporter, view.freq, span_text(view.span), view.has_range),
                    source_text=W.deaths_source(view.reporter, view.publishers, T.CREDIT),
                    note=(note or " ") if view.note_room or note else None, height=height)
    for a in frame["annotations"]:
        if a["name"] == "note" and not note:
            a["text"] = ""
    empty = view.total == 0 and not view.n_figures
    plot_px = height - frame["margin"]["t"] - frame["margin"]["b"]
    head = (6 + 14 * rows) / max(plot_px, 1)
    yaxis = {"range": [0, max(view.vmax, 1) * 1.04 / (1 - head)], "rangemode": "tozero", "visible": not empty,
             "title": {"text": W.deaths_axis_title(view.freq)}, "tickformat": ",~r", "tick0": 0,
             "dtick": nice_step(max(view.vmax, 1) / 5)}
    layout = {**frame, "height": height, "barmode": "stack", "bargap": 0,
              "xaxis": date_axis(rng, visible=not empty), "yaxis": yaxis, "shapes": shapes,
              "annotations": phase_notes + [empty_annotation(W.DEATHS_EMPTY if view.reporter else W.DEATHS_NONE,
                                                             visible=empty)] + frame["annotations"]}
    return {"data": _traces(view), "layout": layout}
