"""The look of every chart: palette, type, a plotly template, and the title and source line.

- :data:`OKABE_ITO` — the colour-blind-safe palette of Okabe & Ito (2008).
- :data:`CATEGORY_COLORS`, :data:`CATEGORY_LABELS` — one colour and one label per event category
  of :data:`timeline.schema.CATEGORIES`, the same in every chart; :func:`text_color` — a colour
  darkened, hue kept, until text in it is readable on white (WCAG's 4.5:1).
- :data:`REPORTER_COLORS`, :func:`reporter_color`, :func:`reporter_symbol` — casualty-reporting
  organisations (SOHR, SNHR, OHCHR, others).
- :data:`TEMPLATE` — the plotly template (also registered as ``plotly.io.templates["timeline"]``).
- :func:`frame` — title, subtitle, legends' rows and the source line, as plain layout JSON;
  :func:`apply_theme` applies it to a ``go.Figure``.
"""

from __future__ import annotations

import re
from typing import Iterable

import plotly.graph_objects as go
import plotly.io as pio

from ..labels import CATEGORY_LABELS
from ..schema import CATEGORIES, CONFIDENCE

__all__ = [
    "OKABE_ITO",
    "CATEGORY_COLORS",
    "CATEGORY_LABELS",
    "CONFIDENCE_COLORS",
    "REPORTER_COLORS",
    "OTHER_REPORTER_COLOR",
    "FONT_FAMILY",
    "SIZES",
    "INK",
    "MUTED",
    "GRID",
    "PHASE_FILL",
    "TEMPLATE",
    "CREDIT",
    "category_color",
    "category_label",
    "text_color",
    "reporter_color",
    "reporter_symbol",
    "group_colors",
    "source_line",
    "apply_theme",
    "frame",
    "wrap_lines",
    "add_heading",
    "SUBTITLE_LINE",
    "SUBTITLE_CHARS",
    "TEMPLATE_JSON",
]

#: Okabe & Ito's palette, distinguishable with the common forms of colour blindness.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: One colour per event category, in every chart (yellow is left out: it vanishes on white).
CATEGORY_COLORS: dict[str, str] = {
    "military": OKABE_ITO["blue"],
    "violence_against_civilians": OKABE_ITO["vermillion"],
    "political": OKABE_ITO["orange"],
    "statement": OKABE_ITO["reddish_purple"],
    "humanitarian": OKABE_ITO["bluish_green"],
    "diplomatic": OKABE_ITO["sky_blue"],
}
assert set(CATEGORY_COLORS) == set(CATEGORIES), "every category needs a colour"


#: Confidence levels, light to dark.
CONFIDENCE_COLORS: dict[str, str] = {"low": "#BDBDBD", "medium": "#7A7A7A", "high": "#2B2B2B"}
assert set(CONFIDENCE_COLORS) == set(CONFIDENCE)

#: Casualty-reporting organisations. Their lines also carry a marker shape of their own and a
#: direct label, so colour is never the only cue. Neutral and dark hues keep them apart from
#: the category colours when both are in one figure.
REPORTER_COLORS: dict[str, str] = {
    "SOHR": "#1F1F1F",
    "SNHR": "#8C6D00",   # a dark form of Okabe–Ito yellow
    "OHCHR": "#3E6FB0",
}
OTHER_REPORTER_COLOR = "#8A8A8A"
_REPORTER_SYMBOLS = {"SOHR": "circle", "SNHR": "square", "OHCHR": "diamond"}
_OTHER_SYMBOLS = ("triangle-up", "triangle-down", "pentagon", "hexagon", "star", "cross")
_OTHER_COLORS = ("#8A8A8A", "#A2574F", "#5B8C5A", "#7E6AA8", "#B07A2A", "#4F8A8B")

#: System sans-serif stack (Liberation Sans or DejaVu Sans on Debian; DejaVu has Arabic).
FONT_FAMILY = ('Inter, "Helvetica Neue", Helvetica, Arial, "Liberation Sans", "Noto Sans", '
               '"DejaVu Sans", "Noto Sans Arabic", sans-serif')

#: Type sizes in px.
SIZES = {"title": 21, "subtitle": 14, "axis_title": 13, "tick": 12, "legend": 12.5,
         "annotation": 12, "note": 11.5, "source": 11}

INK = "#1A1A1A"        # text
MUTED = "#5F5F5F"      # secondary text, axis titles
FAINT = "#8F8F8F"      # source line, notes
GRID = "#E4E4E4"
AXIS = "#9A9A9A"
PHASE_FILL = ("#F7F7F7", "#EEEEEE")  # alternate phases

CREDIT = "syria-timeline"

# top margin room for title (+ subtitle), bottom room for the source line and notes (px)
_TOP = {False: 58, True: 84}  # title (+ subtitle) block
SUBTITLE_LINE = 18  # px per further line of subtitle
#: a subtitle line longer than this many characters is broken at a space (it would run off a
#: figure drawn narrower than :data:`timeline.labels.NOMINAL_WIDTH`, as in the explorer)
SUBTITLE_CHARS = 100
_LEGEND_ROW = 34
_NOMINAL = 1200  # px width assumed to place the legends
_SOURCE_ROOM = 30
_NOTE_LINE = 17
_LEFT = 64
_EDGE = 16  # title and source line start this far from the left edge of the image

TEMPLATE = go.layout.Template(
    layout=dict(
        font=dict(family=FONT_FAMILY, size=SIZES["tick"], color=INK),
        paper_bgcolor="white",
        plot_bgcolor="white",
        colorway=[CATEGORY_COLORS[c] for c in CATEGORIES],
        hoverlabel=dict(font=dict(family=FONT_FAMILY, size=13, color=INK), bgcolor="white", bordercolor="#9A9A9A",
                        align="left"),  # plotly's default text colour is the border's: give it the ink
        hovermode="closest",
        title=dict(x=0, xref="container", xanchor="left", pad=dict(l=_EDGE),
                   font=dict(size=SIZES["title"], color=INK),
                   subtitle=dict(font=dict(size=SIZES["subtitle"], color=MUTED))),
        legend=dict(font=dict(size=SIZES["legend"]), bgcolor="rgba(255,255,255,0)", borderwidth=0,
                    orientation="h", x=0, xanchor="left", y=1.0, yanchor="bottom", itemclick="toggle",
                    title=dict(font=dict(size=SIZES["legend"], color=MUTED))),
        xaxis=dict(showgrid=False, showline=True, linecolor=AXIS, ticks="outside", tickcolor=AXIS,
                   ticklen=5, zeroline=False, title=dict(font=dict(size=SIZES["axis_title"], color=MUTED)),
                   tickfont=dict(size=SIZES["tick"], color=MUTED)),
        yaxis=dict(showgrid=True, gridcolor=GRID, zeroline=False, showline=False, ticks="",
                   title=dict(font=dict(size=SIZES["axis_title"], color=MUTED), standoff=8),
                   tickfont=dict(size=SIZES["tick"], color=MUTED)),
        bargap=0.12,
        margin=dict(l=_LEFT, r=40, t=_TOP[False], b=44 + _SOURCE_ROOM),
        geo=dict(bgcolor="white", showframe=False),
    )
)
pio.templates["timeline"] = TEMPLATE
#: :data:`TEMPLATE` as plain JSON, for figures built as dicts.
TEMPLATE_JSON = TEMPLATE.to_plotly_json()


def category_color(category: str) -> str:
    """The colour of a category (grey for a value outside the vocabulary)."""
    return CATEGORY_COLORS.get(str(category), "#9E9E9E")


def category_label(category: str) -> str:
    """The chart label of a category ("violence_against_civilians" → "Violence against civilians")."""
    c = str(category)
    return CATEGORY_LABELS.get(c, c.replace("_", " ").capitalize())


def _luminance(rgb) -> float:
    lin = [c / 255 / 12.92 if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def text_color(color: str, ratio: float = 4.5) -> str:
    """``color`` (``#RRGGBB``) as it is if text in it on white has a contrast of at least
    ``ratio`` (WCAG's measure), else the lightest shade of it, towards black, that has it."""
    rgb = [int(color.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)]
    for k in range(101):
        shade = [round(c * (1 - k / 100)) for c in rgb]
        if 1.05 / (_luminance(shade) + 0.05) >= ratio:
            return "#" + "".join(f"{c:02X}" for c in shade)
    return "#000000"


def _other_index(name: str) -> int:
    # stable across runs (no hash randomisation): sum of code points
    return sum(map(ord, name)) % len(_OTHER_COLORS)


def reporter_color(name: str) -> str:
    """The colour of an organisation's toll line (a fixed one for SOHR, SNHR, OHCHR)."""
    base = str(name).split(" (")[0]
    return REPORTER_COLORS.get(base, _OTHER_COLORS[_other_index(base)])


def reporter_symbol(name: str) -> str:
    """The marker shape of an organisation (add ``-open`` for a lower bound)."""
    base = str(name).split(" (")[0]
    return _REPORTER_SYMBOLS.get(base, _OTHER_SYMBOLS[_other_index(base) % len(_OTHER_SYMBOLS)])


_CYCLE = [OKABE_ITO[k] for k in ("blue", "vermillion", "orange", "reddish_purple", "bluish_green",
                                 "sky_blue", "black")] + ["#8C6D00", "#9E9E9E"]


def group_colors(by: str, groups: Iterable[str]) -> dict[str, str]:
    """Colours for the groups of a chart: categories and confidence levels keep their fixed
    colours; other groupings (actors, places) cycle through the palette."""
    groups = [str(g) for g in groups]
    if by == "category":
        return {g: category_color(g) for g in groups}
    if by == "confidence":
        return {g: CONFIDENCE_COLORS.get(g, "#9E9E9E") for g in groups}
    return {g: _CYCLE[i % len(_CYCLE)] for i, g in enumerate(groups)}


def source_line(sources: Iterable[str], max_names: int = 8) -> str:
    """``"Source: SOHR, SNHR, OHCHR via AP, AFP and 4 others · syria-timeline"``.

    ``sources`` are names in the order to show; duplicates and blanks are dropped. Past
    ``max_names`` the rest are counted, so the line stays one line.
    """
    names = [s for s in dict.fromkeys(str(s).strip() for s in sources) if s]
    if not names:
        return CREDIT
    shown = names[:max_names]
    rest = len(names) - len(shown)
    text = ", ".join(shown)
    if rest:
        text += f" and {rest} other{'s' if rest > 1 else ''}"
    return f"Source: {text} · {CREDIT}"


_DATE = re.compile(r"\b\d{1,2} [A-Z][a-z]{2}(?: \d{4})?\b|\b[A-Z][a-z]{2} \d{4}\b")


def wrap_lines(text: str, width: int = SUBTITLE_CHARS) -> str:
    """``text`` with each of its lines (``<br>``-separated) longer than ``width`` characters
    broken at spaces into more lines, never inside a date ("6 Mar 2025"); tags count as
    characters: keep them short."""
    glued = _DATE.sub(lambda m: m.group(0).replace(" ", "\x00"), str(text))
    out = []
    for line in glued.split("<br>"):
        cur = ""
        for word in line.split(" "):
            if cur and len(cur) + 1 + len(word) > width:
                out.append(cur)
                cur = word
            else:
                cur = f"{cur} {word}" if cur else word
        out.append(cur)
    return "<br>".join(out).replace("\x00", " ")


def add_heading(layout: dict, heading: str) -> dict:
    """A :func:`frame`-made layout with ``heading`` (what the view shows, e.g.
    :func:`timeline.charts.wording.view_heading`) as the subtitle's first line, in the title's
    colour: the top margin grows by a line and the legends move down with it. Returns a new dict."""
    out = dict(layout)
    title = dict(out.get("title") or {})
    sub = dict(title.get("subtitle") or {})
    before = sub.get("text") or ""
    sub["text"] = f"<span style='color:{INK}'>{heading}</span>" + (f"<br>{before}" if before else "")
    title["subtitle"] = sub
    out["title"] = title
    extra = SUBTITLE_LINE if before else _TOP[True] - _TOP[False]
    margin = dict(out.get("margin") or {})
    margin["t"] = margin.get("t", 0) + extra
    out["margin"] = margin
    height = out.get("height") or 450
    for key, value in layout.items():
        if key.startswith("legend") and isinstance(value, dict) and value.get("yref") == "container":
            out[key] = {**value, "y": value["y"] - extra / height}
    return out


def frame(title: str, subtitle: str | None = None, sources: Iterable[str] = (), *,
          source_text: str | None = None, note: str | None = None, axis_room: int = 44,
          legends: Iterable[str] = ("legend",), top_extra: int = 0, height: float | None = None,
          left: float | None = None, right: float | None = None) -> dict:
    """The project's look and newsroom framing as plain layout JSON (merge it into a figure's
    ``layout``; its ``annotations`` list is to be appended to the figure's own).

    From the top: the bold ``title`` and the grey ``subtitle`` (lines past
    :data:`SUBTITLE_CHARS` characters broken, see :func:`wrap_lines`), aligned with the left edge of the
    image; a row for each of the ``legends`` named (``"legend"``, ``"legend2"``; pass ``()``
    when no legend is shown); the plot (``top_extra`` more pixels above it, e.g. for subplot
    titles); under it ``axis_room`` pixels for tick labels, an optional grey ``note`` (``<br>``
    for more lines) and the source line naming whose data the chart shows: ``sources``
    (organisations / publishers, most important first, see :func:`source_line`) or
    ``source_text`` verbatim. ``height`` (450 when ``None``) turns pixels into the legends'
    positions; ``left``/``right`` are the side margins (64 and 40 px when ``None``).
    """
    line = source_text if source_text is not None else source_line(sources)
    legends = tuple(legends)
    height = height or 450
    subtitle = wrap_lines(subtitle) if subtitle else subtitle
    block = _TOP[bool(subtitle)] + (SUBTITLE_LINE * subtitle.count("<br>") if subtitle else 0)
    note_lines = str(note).count("<br>") + 1 if note else 0
    bottom = axis_room + _NOTE_LINE * note_lines + _SOURCE_ROOM
    left = _LEFT if left is None else left
    top = block + (_LEGEND_ROW + (len(legends) - 1) * 24 if legends else 0) + top_extra
    out = {
        "template": TEMPLATE_JSON,
        "title": {"text": f"<b>{title}</b>", "subtitle": {"text": subtitle or ""}, "x": 0, "xref": "container",
                  "xanchor": "left", "y": 1, "yref": "container", "yanchor": "top", "pad": {"l": _EDGE, "t": 16}},
        "margin": {"t": top, "b": bottom, "l": left, "r": 40 if right is None else right},
    }
    for i, name in enumerate(legends):
        out[name] = {"orientation": "h", "yref": "container", "y": 1 - (block - 12 + 24 * i) / height,
                     "yanchor": "top", "xref": "container", "x": _EDGE / _NOMINAL, "xanchor": "left",
                     "bgcolor": "rgba(255,255,255,0)"}
    edge = {"xref": "paper", "yref": "paper", "x": 0, "y": 0, "xanchor": "left", "yanchor": "bottom",
            "showarrow": False, "align": "left", "xshift": -left + _EDGE}
    notes = [{"name": "source", "text": line, "yshift": -bottom + 10,
              "font": {"size": SIZES["source"], "color": FAINT}, **edge}]
    if note:
        notes.append({"name": "note", "text": note, "yshift": -bottom + 10 + _SOURCE_ROOM - 12,
                      "font": {"size": SIZES["note"], "color": MUTED}, **edge})
    out["annotations"] = notes
    return out


def apply_theme(fig: go.Figure, title: str, subtitle: str | None = None, sources: Iterable[str] = (),
                *, source_text: str | None = None, note: str | None = None, axis_room: int = 44,
                legends: Iterable[str] = ("legend",), top_extra: int = 0) -> go.Figure:
    """:func:`frame` applied to a ``go.Figure`` (changed in place and returned); its height and
    side margins are read from the figure."""
    m = fig.layout.margin
    spec = frame(title, subtitle, sources, source_text=source_text, note=note, axis_room=axis_room,
                 legends=legends, top_extra=top_extra, height=fig.layout.height, left=m.l, right=m.r)
    notes = spec.pop("annotations")
    spec["template"] = TEMPLATE
    legend_specs = {name: spec.pop(name) for name in tuple(legends)}
    fig.update_layout(**spec)
    for name, leg in legend_specs.items():
        fig.layout[name].update(**leg)
    for a in notes:
        fig.add_annotation(**a)
    return fig
