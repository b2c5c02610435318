"""The overview: the timeline, the events under way per day and the reported toll on one shared,
zoomable date axis (three rows), with the phases shaded across all three, as plotly JSON.

:func:`paint` composes the :func:`timeline.charts.timeline.layer` of a timeline view (top), the
:func:`timeline.charts.counts.layer` of a count view (middle) and a toll layer (bottom: a dict
of traces bound to ``x3``/``y3``, see :func:`paint`). Clicking a category in the legend hides
it in the timeline and in the counts at once. The top row holds the density strips and one
empty ``"dots"`` trace per category when the timeline view is in density mode (an exported
page fills them with the events of a small enough view), the event traces otherwise.
"""

from __future__ import annotations

import pandas as pd

from ..views.counts import CountsView
from ..views.timeline import TimelineView
from . import counts as C
from . import theme as T
from . import timeline as TL
from . import wording as W
from .common import date_axis, empty_annotation, phase_layout, span_text
from ..labels import DAY, NOMINAL_WIDTH, x_range

__all__ = ["paint", "overview_range", "HEIGHT", "ROWS"]

HEIGHT = 920
#: the three rows' axes: (xaxis, yaxis) references and y domains, top first
ROWS = (("x", "y", [0.545, 1.0]), ("x2", "y2", [0.318, 0.5]), ("x3", "y3", [0.0, 0.273]))
_TOP_PX = (HEIGHT - 122 - 74) * 0.91 * 0.5  # height of the timeline row, in pixels


def overview_range(timeline: TimelineView, toll_end=None):
    """The shared date range: the events' days and the toll's figures up to ``toll_end`` (the
    last day a toll line runs to, or ``None``), padded as :func:`~timeline.labels.x_range`."""
    dates = [] if timeline.span is None else [timeline.span[0], pd.Timestamp(timeline.span[1]) + DAY]
    if toll_end is not None:
        dates.append(pd.Timestamp(toll_end))
    return x_range(dates) if dates else None


def paint(timeline: TimelineView, counts: CountsView, toll: dict, rng, subject: str = "Syria") -> dict:
    """The overview figure as plotly JSON.

    ``toll``: the bottom row — ``{"data": traces on x3/y3, "annotations": [...], "reporters":
    organisations cited (for the source line)}``; with no traces the row keeps its date axis and
    says "No running death toll in this data". ``rng``: the shared date range
    (:func:`overview_range`). ``subject``: what the timeline is about, for the title
    (:func:`timeline.charts.wording.subject_of` of its name)."""
    dense = timeline.mode == "density"
    panels = [(x, y) for x, y, _ in ROWS]
    shapes, notes, rows = phase_layout(None, rng, panels, NOMINAL_WIDTH - 330, phases=timeline.phases)
    # a page exported in density mode fills the "dots" traces itself: no event traces then
    top = TL.layer(timeline, label_rows=rows, plot_px=_TOP_PX, key=False, legend=False, dots=dense, strips=dense,
                   marks=not dense)
    middle = C.layer(counts, xaxis="x2", yaxis="y2", show_legend=False)
    toll_data = list(toll.get("data") or [])
    toll_notes = list(toll.get("annotations") or [])
    yaxis3 = {"title": {"text": W.OVERVIEW_TOLL_AXIS, "font": {"size": 11}}, "rangemode": "tozero", "tickformat": ","}
    if not toll_data:  # keep the panel and its date labels, and say why it is empty
        toll_data = [{"type": "scatter", "x": [rng[0], rng[1]] if rng is not None else [],
                      "y": [0, 0] if rng is not None else [], "mode": "lines", "line": {"width": 0},
                      "hoverinfo": "skip", "showlegend": False, "meta": {"role": "axis"}, "xaxis": "x3", "yaxis": "y3"}]
        yaxis3.update(range=[0, 1], showticklabels=False)
        toll_notes.append({"name": "no-toll", "text": W.NO_RUNNING_TOLL, "xref": "x3 domain", "yref": "y3 domain",
                           "x": 0.5, "y": 0.5, "showarrow": False,
                           "font": {"size": T.SIZES["note"], "color": T.MUTED}})
    legend = TL.legend_traces(timeline.categories, timeline.categories_shown, where={"xaxis": "x", "yaxis": "y"})
    empty = timeline.n == 0
    frame = T.frame(W.overview_title(span_text(timeline.span), subject), W.overview_subtitle(dense),
                    list(toll.get("reporters") or []) + list(timeline.publishers), height=HEIGHT, left=150, right=180)
    yaxis2 = {"title": {"text": W.counts_axis_title(counts.freq, "count").replace(" per", "<br>per"),
                        "font": {"size": 11}}, "rangemode": "tozero"}
    layout = {**frame, "height": HEIGHT, "barmode": "stack", "bargap": 0,
              "shapes": shapes + top["shapes"],
              "annotations": notes + top["annotations"] + toll_notes + [empty_annotation(visible=empty)]
              + frame["annotations"]}
    for (x, y, domain), yaxis in zip(ROWS, (top["yaxis"], yaxis2, yaxis3)):
        xaxis = date_axis(rng, anchor=y, domain=[0.0, 1.0])
        if x != "x3":
            xaxis.update(matches="x3", showticklabels=False)
        layout[f"xaxis{x[1:]}"] = xaxis
        layout[f"yaxis{y[1:]}"] = {**yaxis, "anchor": x, "domain": domain}
        if empty:
            layout[f"xaxis{x[1:]}"]["visible"] = False
            layout[f"yaxis{y[1:]}"]["visible"] = False
    return {"data": top["data"] + middle["data"] + toll_data + legend, "layout": layout}

