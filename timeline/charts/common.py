"""What every chart shares: layout pieces as plain JSON (a date axis, the phases' bands and labels,
the "empty" annotation, axis names) and, from :mod:`timeline.labels`, the text every chart writes.

Plain dicts; nothing here builds a plotly object.
"""

from __future__ import annotations

import pandas as pd

from .. import series as _series
from ..labels import NOMINAL_WIDTH, esc_list, phase_plan
from ..model import Timeline
from . import theme as T
from .wording import EMPTY_TEXT

def rgba(hex_color: str, alpha: float) -> str:
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def axis_key(ref: str) -> str:
    """The layout key of an axis reference: ``"x"`` → ``"xaxis"``, ``"y3"`` → ``"yaxis3"``."""
    return f"{ref[0]}axis{ref[1:]}"


def date_axis(rng=None, **extra) -> dict:
    """A date x-axis as layout JSON: day ticks ('7 Mar<br>2025'), day hover, no grid, and the
    ``range`` ``rng`` (``(first, last)``; autorange when ``None``). ``extra`` keys are added."""
    out = {"type": "date", "tickformat": "%-d %b\n%Y", "hoverformat": "%-d %b %Y", "showgrid": False}
    if rng is not None:
        out["range"] = [rng[0], rng[1]]
    out.update(extra)
    return out


#: phase names are placed as if the plot were at most this many pixels wide, so they do not run
#: into each other in a figure drawn narrower than it was laid out for (the explorer's charts)
PHASE_LABEL_PX = 640


def phase_layout(tl: Timeline, rng, panels, label_px: float = NOMINAL_WIDTH - 250,
                 phases=None) -> tuple[list[dict], list[dict], int]:
    """The phases of ``tl`` clipped to ``rng`` as layout JSON: ``(shapes, annotations, label_rows)``.

    Each phase is shaded (alternate greys, below the data) on every panel of ``panels`` —
    ``(xref, yref)`` pairs such as ``("x", "y")`` — and named once, at the top of the first panel;
    shapes and annotations are named ``"phase:<id>"``, the annotation's hover is the phase's
    description. Names go on two lines, or down a row, as :func:`phase_plan` says for a plot
    ``label_px`` wide (at most :data:`PHASE_LABEL_PX`). A phase
    outside ``rng`` is kept, hidden (``visible`` false), so every range gives the same lists."""
    every = _series.phase_intervals(tl) if phases is None else phases
    if isinstance(every, pd.DataFrame):
        every = every.to_dict("records")
    items, n_rows = phase_plan(tl, rng, min(label_px, PHASE_LABEL_PX), every)
    placed = {item[1]["id"]: item for item in items}
    shapes, notes = [], []
    # every phase of the timeline, in its order: those outside the range are kept, hidden, so the
    # layout of every view has the same shapes and annotations (a widget updates them in place)
    for k, p in enumerate(every):
        name = f"phase:{p['id']}"
        i, _, x0, x1, text, row = placed.get(p["id"], (k, p, p["start"], p["end_exclusive"], esc_list([p["name"]])[0], 0))
        seen = p["id"] in placed
        for xref, yref in panels:
            shapes.append({"type": "rect", "xref": xref, "yref": f"{yref} domain", "x0": x0, "x1": x1,
                           "y0": 0, "y1": 1, "fillcolor": T.PHASE_FILL[i % 2], "line": {"width": 0},
                           "layer": "below", "name": name, "visible": seen})
        xref, yref = panels[0]
        notes.append({"name": name, "text": text, "x": x0, "xref": xref, "y": 1, "yref": f"{yref} domain",
                      "xanchor": "left", "yanchor": "top", "xshift": 3, "yshift": -2 - 14 * row,
                      "showarrow": False, "align": "left", "font": {"size": T.SIZES["note"], "color": T.MUTED},
                      "hovertext": esc_list([p["description"]])[0], "visible": seen})
    return shapes, notes, n_rows


def empty_annotation(text: str = EMPTY_TEXT, visible: bool = True, xref: str = "paper",
                     yref: str = "paper") -> dict:
    """The centred message of a chart with nothing to draw (name ``"empty"``). Charts keep it in
    every view (``visible`` says whether it shows), so a view's layout has the same annotations
    whatever the filters."""
    return {"name": "empty", "text": text, "showarrow": False, "font": {"size": 16, "color": T.MUTED},
            "x": 0.5, "y": 0.5, "xref": xref, "yref": yref, "visible": bool(visible)}


def span_text(span) -> str:
    """``Timeline.span_text`` of a ``(first, last)`` span ('6 Mar 2025 – 17 Mar 2025'), or
    'no events' for ``None``."""
    if span is None:
        return "no events"
    a, b = pd.Timestamp(span[0]), pd.Timestamp(span[1])
    return f"{a.day} {a:%b %Y} – {b.day} {b:%b %Y}"
