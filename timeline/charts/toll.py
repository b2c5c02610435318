"""The reported death toll chart: a :class:`~timeline.views.toll.TollView` painted as plotly
figure JSON (plain dicts and numpy arrays, validated by nobody until a ``go.Figure`` is made).

- :func:`paint` — the whole chart: one panel per measure side by side (a shared y axis), a step
  line per organisation's series with a marker at every figure it published (open for "at
  least", ringed for "about"), the grey band of the range across the organisations counting
  the same episode, a label at the end of every line, a key to the markers, a date axis that
  skips the weeks with no figures (the cut is marked), "No casualty figures match" when the
  view keeps none.
- :func:`layer` — the lines, bands and end labels bound to given axes, for a figure that
  composes the toll with other charts (the overview's toll row).
- :func:`key_traces` — the key to the markers, as legend-only traces.

Every view of one timeline paints the same traces in the same order (empty ones for what the
filters drop) and the same layout keys, so a FigureWidget can show any of them in place. Trace
``meta``: ``{"role": "toll", "series", "reported_by", "measure", "id"}`` for a line,
``{"role": "range", "measure", "episode", "edge": "low"|"high", "id"}`` for the band's edges,
``{"role": "key", "qualifier"}`` for the key; annotation names ``"end:<series>:<measure>"``,
``"range-label"``, ``"axis-break"``, ``"panel:<measure>"``, ``"empty"``, ``"source"``.
Figures of different organisations are never added together.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from ..schema import MEASURES
from ..views.toll import TollView
from . import theme as T
from . import wording as W
from ..labels import NOMINAL_WIDTH, esc_list

__all__ = ["paint", "layer", "key_traces", "HEIGHT"]

HEIGHT = 560
_SYMBOL_SUFFIX = {"exact": "", "at_least": "-open", "approximately": "-open-dot"}
_MEASURE_DASH = {"killed_total": "solid", "killed_civilians": "dot", "killed_government": "dash",
                 "killed_loyalists": "dashdot"}
_BAND_FILL = "rgba(140,140,140,0.2)"
_KEY_GREY = "#555555"
_ONE_DAY = np.timedelta64(1, "D")
_NOON = np.timedelta64(12, "h")


# ------------------------------------------------------------------------------------------------
# Private dict helpers (dates as plotly reads them, the empty message)
# ------------------------------------------------------------------------------------------------

def _noon(days: np.ndarray) -> np.ndarray:
    """Days as ``datetime64[us]`` at noon, the centre of each day on a date axis."""
    return days.astype("datetime64[us]") + _NOON


def _iso(t) -> str:
    return str(np.datetime64(t, "ms"))


def _day_texts(days: np.ndarray) -> list[str]:
    """'7 Mar 2025' for each day."""
    return [f"{d.day} {d:%b %Y}" for d in days.astype("datetime64[D]").astype(object)]


def _empty_annotation(visible: bool) -> dict:
    return {"name": "empty", "text": W.EMPTY_TOLL_TEXT, "showarrow": False, "visible": visible,
            "font": {"size": 16, "color": T.MUTED}, "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper"}


def _measure_label(measure: str) -> str:
    return MEASURES.get(measure, measure)


# ------------------------------------------------------------------------------------------------
# The layer: lines, bands and end labels on given axes
# ------------------------------------------------------------------------------------------------

def _band_traces(view: TollView, axes_of, band_legend: str | None, label_band: bool) -> tuple[list, list]:
    traces, notes = [], []
    legend_shown = labelled = False
    for band in view.bands:
        xa, ya = axes_of(band.measure)
        meta = {"role": "range", "measure": band.measure, "episode": band.episode}
        if band.n:  # one more day, so the last step of the band is as wide as a day
            days = np.r_[band.days, band.days[-1:] + _ONE_DAY]
            low, high = np.r_[band.low, band.low[-1:]], np.r_[band.high, band.high[-1:]]
            head = W.TOLL_RANGE_HOVER.format(measure=_measure_label(band.measure))
            texts = _day_texts(days)
            low_by, high_by = esc_list(np.r_[band.low_by, band.low_by[-1:]]), esc_list(np.r_[band.high_by,
                                                                                          band.high_by[-1:]])
            hover = [f"{head}{t}: {lo:,} ({lb}) to {hi:,} ({hb}){W.TOLL_RANGE_NOTE}"
                     for t, lo, lb, hi, hb in zip(texts, low.tolist(), low_by, high.tolist(), high_by)]
            x = _noon(days)
        else:
            x, low, high, hover = [], [], [], []
        first = band.n > 0 and band_legend is not None and not legend_shown
        legend_shown |= first
        traces.append({"type": "scatter", "x": x, "y": low, "mode": "lines", "line": {"width": 0, "shape": "hv"},
                       "legendgroup": "range", "showlegend": False, "hoverinfo": "skip", "name": "lowest figure",
                       "meta": {**meta, "edge": "low", "id": f"{band.id}:low"}, "xaxis": xa, "yaxis": ya})
        traces.append({"type": "scatter", "x": x, "y": high, "mode": "lines", "line": {"width": 0, "shape": "hv"},
                       "fill": "tonexty", "fillcolor": _BAND_FILL, "legendgroup": "range", "name": W.TOLL_RANGE,
                       "showlegend": first, "legend": band_legend or "legend", "hovertext": hover,
                       "hovertemplate": "%{hovertext}<extra></extra>",
                       "meta": {**meta, "edge": "high", "id": f"{band.id}:high"}, "xaxis": xa, "yaxis": ya})
        if band.n and label_band and not labelled:
            labelled = True  # only the first band drawn is labelled, and only when it is wide enough
            if len(days) >= 3:
                centre = days[0].astype("datetime64[us]") + (days[-1] - days[0]).astype("timedelta64[us]") / 2 + _NOON
                j = int(np.searchsorted(_noon(days), centre, side="right")) - 1  # the step under the middle
                notes.append({"name": "range-label", "text": W.TOLL_RANGE_LABEL, "xref": xa, "yref": ya,
                              "x": _iso(centre), "y": (int(low[j]) + int(high[j])) / 2, "showarrow": False,
                              "font": {"size": T.SIZES["note"], "color": "#6E6E6E"}, "visible": True})
    if label_band and not notes and view.bands:  # the same annotations for every view: kept, hidden
        xa, ya = axes_of(view.bands[0].measure)
        notes.append({"name": "range-label", "text": W.TOLL_RANGE_LABEL, "xref": xa, "yref": ya, "x": None,
                      "y": None, "showarrow": False, "font": {"size": T.SIZES["note"], "color": "#6E6E6E"},
                      "visible": False})
    return traces, notes


def _line_trace(line, xa: str, ya: str, by_measure: bool) -> tuple[dict, dict | None]:
    color, symbol = T.reporter_color(line.reported_by), T.reporter_symbol(line.reported_by)
    label = _measure_label(line.measure)
    meta = {"role": "toll", "series": line.series, "reported_by": line.reported_by, "measure": line.measure,
            "id": line.id}
    spec = {"type": "scatter", "mode": "lines+markers",
            "line": {"color": color, "width": 2.2, "shape": "hv",
                     "dash": _MEASURE_DASH.get(line.measure, "solid") if by_measure else "solid"},
            "name": f"{line.series}, {label}" if by_measure else line.series,
            "legendgroup": f"series:{line.series}", "showlegend": False,
            "hovertemplate": "%{hovertext}<extra></extra>", "meta": meta, "xaxis": xa, "yaxis": ya}
    if not line.n:
        spec.update(x=[], y=[], hovertext=[], marker={"color": color, "size": [], "symbol": [],
                                                      "line": {"color": color, "width": 1.6}})
        return spec, None
    tail = line.end + _ONE_DAY  # the last figure stays in force to the end of its episode
    series = esc_list([line.series])[0]
    since = f" (since {_day_texts(np.asarray([line.period_start]))[0]})"
    qual = [W.TOLL_QUALIFIER_TEXT.get(q, q) for q in line.qualifier]
    published = _day_texts(line.x)
    hover = [f"<b>{series}: {v}</b> {label} killed ({q})<br>Published {p}{' (approximate)' if a else ''}"
             f" · reported by {pub}<br>Counts: {sc}{since}"
             for v, q, p, a, pub, sc in zip(line.value_text, qual, published, line.approximate.tolist(),
                                           esc_list(line.publisher), esc_list(line.scope))]
    last = str(line.value_text[-1])
    hover.append(f"<b>{series}: {last}</b>{W.TOLL_LATEST}{_day_texts(np.asarray([line.end]))[0]}")
    spec.update(x=_noon(np.r_[line.x, tail]), y=np.r_[line.y, line.y[-1:]], hovertext=hover,
                marker={"color": color, "size": [9] * line.n + [0], "line": {"color": color, "width": 1.6},
                        "symbol": [symbol + _SYMBOL_SUFFIX.get(q, "") for q in line.qualifier] + [symbol]})
    end = dict(y=int(line.y[-1]), x=_noon(np.asarray([tail]))[0], series=line.series, reporter=line.reported_by,
               value=last, color=color, measure=line.measure, xref=xa, yref=ya, episode=line.episode)
    return spec, end


def _end_labels(view: TollView, ends: list[dict], by_measure: bool, panel_px: tuple[float, float],
                early_labels: str) -> list[dict]:
    """A label at the end of every line: for the last episode, to the right of the line, moved up
    so that labels never overlap; for an earlier one, above the end of its line."""
    if not ends:
        return []
    last_episode = max(e["episode"] for e in ends)  # ISO days sort as text
    ymax = max(max(int(line.y.max()) for line in view.lines if line.n), 1)
    gap = ymax * 1.1 * 15 / panel_px[1]  # 15 px between end labels
    groups: dict[tuple, list] = {}
    for e in ends:
        groups.setdefault((e["xref"], e["episode"]), []).append(e)
    notes = []
    for (_, episode), items in groups.items():
        per_reporter: dict[str, set] = {}
        for it in items:
            per_reporter.setdefault(it["reporter"], set()).add(it["series"])
        items.sort(key=lambda it: it["y"])
        prev = None
        for it in items:  # the organisation's name alone unless it has two series here
            name = it["reporter"] if len(per_reporter[it["reporter"]]) <= 1 else it["series"]
            text = f"{name}, {_measure_label(it['measure'])} {it['value']}" if by_measure else f"{name} {it['value']}"
            if episode == last_episode:
                base, sep, rest = name.partition(" (")
                if sep and not by_measure:  # "NBC News ≥400<br>(attributed to SOHR)": fits the right margin
                    text = "<br>".join(esc_list([f"{base} {it['value']}", f"({rest}"]))
                y_lab = it["y"] if prev is None else max(it["y"], prev + gap * (1.5 if sep else 1))
                prev = y_lab + (gap * 0.5 if sep else 0)
                pos = {"x": _iso(it["x"]), "y": y_lab, "xanchor": "left", "yanchor": "middle", "xshift": 4}
            else:  # an earlier episode: above the end of its line, so it never runs into the next one
                pos = {"x": _iso(it["x"]), "y": it["y"], "xanchor": early_labels, "yanchor": "bottom", "yshift": 3}
            notes.append({"name": f"end:{it['series']}:{it['measure']}", "xref": it["xref"], "yref": it["yref"],
                          "showarrow": False, "text": text if "<br>" in text else esc_list([text])[0],
                          "font": {"size": T.SIZES["note"], "color": T.text_color(it["color"])}, **pos})
    return notes


def layer(view: TollView, *, xaxis: str | Sequence[str] = "x", yaxis: str | Sequence[str] = "y",
          band_legend: str | None = None, label_band: bool = False,
          panel_px: tuple[float, float] = (NOMINAL_WIDTH - 300, 230), early_labels: str = "left") -> dict:
    """The toll's traces and annotations bound to given axes: ``{"data": [...], "annotations":
    [...]}`` to add to a figure's ``data`` and ``layout.annotations``.

    ``xaxis``/``yaxis``: one axis name each (``"x3"``, ``"y3"``) to draw every measure in one
    panel, the lines of each measure told apart by their dash and named with it (the overview's
    toll row); or one name per ``view.measures`` to give each measure its own panel.

    ``band_legend``: the legend ("legend2") in which the band has its entry (none when
    ``None``); ``label_band``: write "range across organisations" inside the first band;
    ``panel_px``: the panel's (width, height) in pixels, to keep end labels 15 px apart;
    ``early_labels``: ``"left"`` or ``"right"``, where the labels of earlier episodes sit from
    the end of their line (``"right"`` when the axis is cut just after it).

    The traces are the same, in the same order, for every view of one timeline: bands first
    (below the lines), then one line per series and measure.
    """
    one_panel = isinstance(xaxis, str)
    if one_panel:
        axes = {m: (xaxis, yaxis) for m in view.measures}
    else:
        axes = dict(zip(view.measures, zip(xaxis, yaxis)))
    first = next(iter(axes.values()))

    def axes_of(measure):
        return axes.get(measure, first)

    by_measure = one_panel
    traces, notes = _band_traces(view, axes_of, band_legend, label_band)
    ends = []
    for line in view.lines:
        xa, ya = axes_of(line.measure)
        spec, end = _line_trace(line, xa, ya, by_measure)
        traces.append(spec)
        if end is not None:
            ends.append(end)
    drawn = {n["name"]: n for n in _end_labels(view, ends, by_measure, panel_px, early_labels)}
    for line in view.lines:  # one end label per line of the whole timeline, hidden where it ends nowhere
        name = f"end:{line.series}:{line.measure}"
        if name in drawn:
            notes.append({**drawn.pop(name), "visible": True})
        elif not any(n.get("name") == name for n in notes):
            xa, ya = axes_of(line.measure)
            notes.append({"name": name, "xref": xa, "yref": ya, "showarrow": False, "text": "", "x": None,
                          "y": None, "visible": False, "font": {"size": T.SIZES["note"]}})
    notes += drawn.values()
    return {"data": traces, "annotations": notes}


def key_traces(view: TollView, legend: str = "legend2") -> list[dict]:
    """The key to the markers, in grey: one legend-only trace per qualifier of the whole timeline,
    shown in the legend only when the view keeps a figure with that qualifier."""
    out = []
    for q, sym in (("exact", "circle"), ("at_least", "circle-open"), ("approximately", "circle-open-dot")):
        if q in view.qualifiers:
            out.append({"type": "scatter", "x": [None], "y": [None], "mode": "markers",
                        "name": W.TOLL_QUALIFIER_KEY[q], "legend": legend, "showlegend": q in view.shown_qualifiers,
                        "marker": {"symbol": sym, "size": 9, "color": _KEY_GREY,
                                   "line": {"color": _KEY_GREY, "width": 1.6}},
                        "hoverinfo": "skip", "meta": {"role": "key", "qualifier": q}})
    return out


# ------------------------------------------------------------------------------------------------
# The date axis of the episodes
# ------------------------------------------------------------------------------------------------

def _breaks(spans) -> list:
    """The quiet gaps (more than 10 days) between episodes, as (first, last) days cut."""
    out = []
    for (_, pb), (na, _) in zip(spans[:-1], spans[1:]):
        lo, hi = pb + 2 * _ONE_DAY, na - _ONE_DAY
        if hi - lo > np.timedelta64(10, "D"):
            out.append((lo, hi))
    return out


def _episode_axis(view: TollView, panel_width: float) -> tuple[dict, list, list]:
    """The x axis properties of the kept episodes: cuts for quiet gaps (> 10 days) between the
    whole timeline's episodes (the same cuts for every view, so an axis updated in place keeps
    them), day ticks at noon labelled '6<br>Mar 2025' at the first day of an episode ('1<br>Apr'
    at a new month), else '7'; the range of the kept episodes, with room on the right for the end
    labels (~110 px). Also the days where the axis is cut, and whether each cut lies within the
    range shown."""
    spans = [(np.datetime64(a, "D"), np.datetime64(b, "D")) for a, b in view.episodes]
    every = [(np.datetime64(a, "D"), np.datetime64(b, "D")) for a, b in (view.all_episodes or view.episodes)]
    breaks = _breaks(every)
    days = np.unique(np.concatenate([np.arange(a, b + 2 * _ONE_DAY, dtype="datetime64[D]") for a, b in spans]))
    out = np.zeros(len(days), dtype=bool)
    for lo, hi in breaks:
        out |= (days >= lo) & (days <= hi)
    shown = days[~out].astype(object)
    step = max(1, int(np.ceil(len(shown) / 16)))
    vals, text, prev = [], [], None
    last_two = None  # the last tick with a second line (month), whose month a close next one replaces
    for i, d in enumerate(shown):
        new = prev is None or (d - prev).days > 1 or d.month != prev.month
        if new or i % step == 0:
            vals.append(f"{d.isoformat()}T12:00:00")
            new_year = prev is None or d.year != prev.year or (d - prev).days > 1
            text.append((f"{d.day}<br>{d:%b %Y}" if new_year else f"{d.day}<br>{d:%b}") if new else str(d.day))
            if new:
                if last_two is not None and len(vals) - 1 - last_two < 4 and last_two > 0:
                    text[last_two] = text[last_two].split("<br>")[0]  # "1" after "30": the month is plain
                last_two = len(vals) - 1
        prev = d
    visible = sum(float((b - a) / _ONE_DAY) + 2 for a, b in spans)
    right = 1.6 + 110 * visible / max(panel_width * 0.85 - 110, 100)
    lo = spans[0][0].astype("datetime64[ms]") - np.timedelta64(int(0.2 * 86_400_000), "ms")
    hi = max(b for _, b in spans).astype("datetime64[ms]") + np.timedelta64(int(right * 86_400_000), "ms")
    axis = {"type": "date", "rangebreaks": [{"bounds": [_iso(lo_), _iso(hi_)]} for lo_, hi_ in breaks],
            "tickvals": vals, "ticktext": text, "showgrid": False, "hoverformat": "%-d %b %Y", "ticks": "outside",
            "range": [_iso(lo), _iso(hi)], "tickangle": 0, "visible": True}
    inside = [bool(spans[0][0] < lo_ and hi_ < spans[-1][1]) for lo_, hi_ in breaks]
    return axis, [lo_ for lo_, _ in breaks], inside


# ------------------------------------------------------------------------------------------------
# The chart
# ------------------------------------------------------------------------------------------------

def paint(view: TollView) -> dict:
    """The toll chart of ``view`` as figure JSON (``go.Figure(paint(view))`` accepts it)."""
    n = len(view.measures)
    spacing = 0.12 if n > 1 else 0.1
    width = (1 - spacing * (n - 1)) / n
    names = [("x", "y")] + [(f"x{i + 1}", f"y{i + 1}") for i in range(1, n)]
    panel_px = ((NOMINAL_WIDTH - 150) / n, HEIGHT - 250)
    drawn = layer(view, xaxis=[x for x, _ in names], yaxis=[y for _, y in names], band_legend="legend2",
                  label_band=True, panel_px=panel_px, early_labels="right")
    empty = view.empty
    if empty:
        every = [(np.datetime64(a, "D"), np.datetime64(b, "D")) for a, b in view.all_episodes]
        breaks = _breaks(every)
        # the keys (and cuts) of a drawn axis, so a widget updated in place keeps its structure
        xprops = {"type": "date", "rangebreaks": [{"bounds": [_iso(a), _iso(b)]} for a, b in breaks],
                  "tickvals": [], "ticktext": [], "showgrid": False, "hoverformat": "%-d %b %Y", "ticks": "outside",
                  "range": None, "tickangle": 0, "visible": False}
        cuts, inside = [a for a, _ in breaks], [False] * len(breaks)
    else:
        xprops, cuts, inside = _episode_axis(view, panel_px[0])
    titles, shapes, cut_notes = [], [], []
    layout: dict = {}
    for i, (m, (xa, ya)) in enumerate(zip(view.measures, names)):
        x0 = i * (width + spacing)
        suffix = "" if i == 0 else str(i + 1)
        layout[f"xaxis{suffix}"] = {"anchor": ya, "domain": [x0, x0 + width], **xprops}
        yprops = {"anchor": xa, "domain": [0.0, 1.0], "rangemode": "tozero", "tickformat": ",", "showgrid": True,
                  "visible": not empty}
        if i == 0:
            yprops["title"] = {"text": W.TOLL_AXIS}
        else:
            yprops.update(matches="y", showticklabels=False)
        layout[f"yaxis{suffix}"] = yprops
        titles.append({"name": f"panel:{m}", "text": W.toll_panel_title(m, _measure_label(m)), "showarrow": False,
                       "x": x0, "xanchor": "left", "xref": "paper", "y": 1.0, "yanchor": "bottom", "yref": "paper",
                       "yshift": 4, "font": {"size": 14, "color": T.INK}})
        for c, seen in zip(cuts, inside):  # mark each cut of the axis that lies in the range shown
            shapes.append({"type": "line", "name": "axis-break", "xref": xa, "yref": f"{ya} domain",
                           "x0": _iso(c), "x1": _iso(c), "y0": 0, "y1": 1, "visible": seen,
                           "line": {"color": "#9A9A9A", "width": 1, "dash": "dot"}})
            cut_notes.append({"name": "axis-break", "text": W.TOLL_AXIS_CUT, "xref": xa, "yref": f"{ya} domain",
                              "x": _iso(c), "y": 1, "yanchor": "top", "xanchor": "left", "xshift": 3,
                              "visible": seen, "showarrow": False, "align": "left",
                              "font": {"size": 10, "color": "#8A8A8A"}})
    spec = T.frame(W.TOLL_TITLE, W.TOLL_SUBTITLE + (W.TOLL_CUT if any(inside) else ""),
                   source_text=W.toll_source(view.reporters, view.publishers, T.CREDIT), legends=("legend2",),
                   top_extra=22, axis_room=52, height=HEIGHT, right=30)
    spec["legend2"].update(itemclick=False, itemdoubleclick=False, font={"size": T.SIZES["note"]})
    frame_notes = spec.pop("annotations")
    layout.update(spec, height=HEIGHT, shapes=shapes,
                  annotations=titles + drawn["annotations"] + cut_notes + [_empty_annotation(empty)] + frame_notes)
    return {"data": drawn["data"] + key_traces(view), "layout": layout}
