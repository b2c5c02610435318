"""The explorer's input widgets: one control per filter dimension, with the counts of the whole timeline.

:func:`build_controls` makes them; :func:`write_controls` and :func:`read_controls` turn a
:class:`~timeline.filters.Filters` into control values and back. The explorer wires them.
"""

from __future__ import annotations

import ipywidgets as W
import pandas as pd

from ..charts import wording
from ..filters import DIMENSIONS, Filters
from ..schema import CONFIDENCE

__all__ = ["build_controls", "write_controls", "read_controls", "phase_buttons", "CONFIDENCE_OPTIONS",
           "FILTER_CONTROLS"]

CONFIDENCE_OPTIONS = [("any", "low"), ("medium or high", "medium"), ("high only", "high")]
#: the controls that hold a filter (the others are buttons and the export file name)
FILTER_CONTROLS = ("dates", "start", "end", "categories", "actors", "places", "reporters", "confidence", "text")


def _with_counts(labels_counts: list[tuple[str, str, int]]) -> list[tuple[str, str]]:
    return [(f"{label} ({n})", value) for label, value, n in labels_counts]


def days_of(span) -> pd.DatetimeIndex:
    """Every day of a timeline's ``span`` (first, last day; one day when it has no events)."""
    span = span or (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-01"))
    return pd.date_range(span[0], span[1], freq="D")


def phase_buttons(phases) -> list[tuple[W.Button, pd.Timestamp, pd.Timestamp]]:
    """One button per phase ("Coastal clashes, 6–10 Mar 2025") of ``phases`` (``(name, first
    day, last day)`` each, in date order), each with the first and last day it selects."""
    out = []
    for name, start, end in phases:
        start, end = pd.Timestamp(start), pd.Timestamp(end)
        out.append((W.Button(description=wording.phase_button_text(name, start, end),
                             tooltip=wording.phase_button_help(name, start, end),
                             layout=W.Layout(width="auto")), start, end))
    return out


def build_controls(options: dict, span, phases, export_path: str) -> dict[str, W.Widget]:
    """The controls of an explorer, by name (see :data:`FILTER_CONTROLS`), plus ``reset``,
    ``export_path``, ``export`` and ``phases`` (a box of :func:`phase_buttons`, whose list is
    ``c["phases"].buttons``): one per dimension of :data:`timeline.filters.DIMENSIONS`, with
    its label, its help as tooltip and its ``options`` (by dimension name, the
    ``(label, value, count)`` of :meth:`~timeline.filters.Dimension.options`: the whole
    timeline's counts), the days of its ``span`` and its ``phases`` (see :func:`phase_buttons`)."""
    style = {"description_width": "initial"}
    wide = W.Layout(width="96%")
    days = days_of(span)
    c: dict[str, W.Widget] = {}
    for dim in DIMENSIONS:
        if dim.kind == "date_range":
            c["dates"] = W.SelectionRangeSlider(
                options=[(f"{d.day} {d:%b %Y}", d) for d in days], index=(0, len(days) - 1),
                description=dim.label, continuous_update=False, readout=False, layout=wide, style=style,
                tooltip=dim.help)
            c["start"] = W.DatePicker(description="From", value=days[0].date(), style=style)
            c["end"] = W.DatePicker(description="To", value=days[-1].date(), style=style)
        elif dim.kind == "choices":
            opts = options[dim.name]
            rows = len(opts) if dim.name == "categories" else min(8, max(2, len(opts)))
            c[dim.name] = W.SelectMultiple(options=_with_counts(opts), description=dim.label, rows=rows,
                                           style=style, layout=wide, tooltip=dim.help)
        elif dim.kind == "min_level":
            c["confidence"] = W.ToggleButtons(options=CONFIDENCE_OPTIONS, value="low", description=dim.label,
                                              style=style, tooltips=[CONFIDENCE[k] for _, k in CONFIDENCE_OPTIONS])
        elif dim.kind == "words":
            c["text"] = W.Text(description=dim.label, placeholder="words in titles, descriptions, notes, places, actors",
                               continuous_update=True, style=style, layout=wide, tooltip=dim.help)
    buttons = phase_buttons(phases)
    c["phases"] = W.HBox([b for b, _, _ in buttons], layout=W.Layout(flex_flow="row wrap"))
    c["phases"].buttons = buttons
    c["reset"] = W.Button(description="Reset filters", icon="undo", tooltip="Show everything again")
    c["export_path"] = W.Text(value=export_path, description="File", style=style)
    c["export"] = W.Button(description="Export view to HTML", icon="download", layout=W.Layout(width="auto"),
                           tooltip="Download the current view as one self-contained HTML file (a copy is kept beside the notebook)")
    return c


def write_controls(c: dict[str, W.Widget], days: pd.DatetimeIndex, f: Filters) -> None:
    """Set the controls to show ``f`` (its values are known to the timeline: see
    :func:`timeline.filters.check_known`)."""
    a = f.start if f.start is not None else days[0]
    b = f.end if f.end is not None else days[-1]
    a, b = max(a, days[0]), min(b, days[-1])
    c["dates"].value = (days[days.get_indexer([a], method="nearest")[0]],
                        days[days.get_indexer([b], method="nearest")[0]])
    c["start"].value, c["end"].value = a.date(), b.date()
    c["categories"].value = tuple(f.categories)
    for name in ("actors", "places", "reporters"):
        valid = {v for _, v in c[name].options}
        c[name].value = tuple(x for x in getattr(f, name) if x in valid)
    c["confidence"].value = f.min_confidence
    c["text"].value = f.text


def read_controls(c: dict[str, W.Widget], days: pd.DatetimeIndex) -> Filters:
    """The filters the controls show (a date range at the span's ends is no filter)."""
    a = pd.Timestamp(c["start"].value) if c["start"].value else days[0]
    b = pd.Timestamp(c["end"].value) if c["end"].value else days[-1]
    return Filters(start=None if a <= days[0] else a, end=None if b >= days[-1] else b,
                   categories=c["categories"].value, actors=c["actors"].value, places=c["places"].value,
                   reporters=c["reporters"].value, min_confidence=c["confidence"].value, text=c["text"].value)
