"""The interactive explorer: ipywidgets controls wired to plotly FigureWidgets.

The Explorer holds state (its controls and its :class:`~timeline.filters.Filters`) and calls the
package's pure functions — :func:`~timeline.filters.apply_filters` and the builders of
:mod:`timeline.figures` — on each change. Nothing is module-level: two explorers in one notebook
do not interfere.

Each FigureWidget is updated in place, in one ``batch_update``, with only what changed (trace
arrays, a few layout keys; never the template again): the explorer keeps the plain JSON each
widget shows and sends the difference to the next figure.

Large timelines (more than ``max_markers`` events, default
:data:`timeline.figures.DENSITY_THRESHOLD` = 5,000) take a faster path: the filters run on integer
codes computed once (:mod:`timeline.index`), and the charts are filled from small aggregated
arrays — events under way per day and category, dots per place and category — instead of
filtering the tables and rebuilding the figures. The timeline is then drawn as per-day density
(one heat strip per category, with a note saying so) until the view is filtered, or zoomed, to
``max_markers`` events or fewer, when it shows each event as on small data. In this mode the
lanes of the density chart and the phases drawn stay those of the whole timeline, and
``explorer.view`` (the filtered Timeline) is built only when read.

>>> ex = Explorer(timeline.load())
>>> ex                                   # shows the app in Jupyter or Voilà
>>> ex.filters = Filters(categories=["violence_against_civilians"])   # set a view from code
"""

from __future__ import annotations

import asyncio
import base64
import html
import re
from pathlib import Path

import anywidget
import ipywidgets as W
import numpy as np
import traitlets
import pandas as pd
import plotly.graph_objects as go
from plotly.basedatatypes import Undefined

from . import figures
from .charts import common
from .index import index_of
from .filters import Filters, apply_filters
from .model import Timeline
from .schema import CATEGORIES, CONFIDENCE
from .charts.theme import CATEGORY_LABELS

__all__ = ["Explorer", "events_table_html", "summary_text"]

_CONFIDENCE_OPTIONS = [("any", "low"), ("medium or high", "medium"), ("high only", "high")]
_DEBOUNCE_S = 0.35


def _fmt_day(ts: pd.Timestamp) -> str:
    return f"{ts.day} {ts:%b %Y}"


def _fmt_range(a: pd.Timestamp, b: pd.Timestamp) -> str:
    if a == b:
        return _fmt_day(a)
    if a.year == b.year and a.month == b.month:
        return f"{a.day}–{b.day} {b:%b %Y}"
    if a.year == b.year:
        return f"{a.day} {a:%b} – {b.day} {b:%b %Y}"
    return f"{_fmt_day(a)} – {_fmt_day(b)}"


def summary_text(full: Timeline, view: Timeline, filters: Filters) -> str:
    """One line: "12 of 44 events · 9 sources · 6–10 Mar 2025 · 14 casualty figures"."""
    return _summary(len(view), len(full), len(view.sources), len(view.casualty_reports), full.span, filters)


def _summary(n_view: int, n_full: int, n_sources: int, n_reports: int, span, filters: Filters) -> str:
    parts = [f"{n_view} of {n_full} events", f"{n_sources} sources"]
    if span is not None:
        a = filters.start if filters.start is not None else span[0]
        b = filters.end if filters.end is not None else span[1]
        parts.append(_fmt_range(a, b))
    parts.append(f"{n_reports} casualty figures")
    return " · ".join(parts)


def _link(url: str, text: str) -> str:
    text = html.escape(text)
    if url.startswith(("http://", "https://")):
        return f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">{text}</a>'
    return text


def _date_text(ev) -> str:
    prec = str(ev["date_precision"])
    if prec == "month":
        return f"{ev['start']:%b %Y} (month only)"
    text = _fmt_day(ev["start"]) if pd.isna(ev["end"]) else _fmt_range(ev["start"], ev["end"])
    return text + (" (approx.)" if prec == "approximate" else "")


def _labels_by_event(link, key: str, table, columns, ids, label) -> dict[str, list[str]]:
    """For each event in ``ids``: the labels of its linked rows (places or sources), in link order."""
    rows = link[link["event_id"].isin(ids)]
    found = _first_rows(table, rows[key], columns)
    out: dict[str, list[str]] = {}
    for eid, rid in zip(rows["event_id"], rows[key]):
        row = found.get(rid)
        if row is not None:
            out.setdefault(eid, []).append(label(row))
    return out


def events_table_html(view: Timeline, max_rows: int = 200, *, total: int | None = None) -> str:
    """The filtered events as an HTML table: date, title, places (English and Arabic), sources as
    links. Every piece of data text is escaped; only http(s) URLs become links. ``total``: the
    number of events of the whole view when ``view`` holds only its first events (the explorer
    of a large timeline passes those only)."""
    ev = view.events
    if ev.empty:
        return _NO_EVENTS
    total = len(ev) if total is None else total
    order = np.lexsort((ev["span_end"].to_numpy(), ev["start"].to_numpy()))  # stable; NaT last
    shown = ev[_TABLE_COLUMNS].iloc[order[:max_rows]]
    ids = set(shown["id"])
    place_text = _labels_by_event(view.event_places, "place_id", view.places, ("name", "name_ar"),
                                  ids, lambda p: _place_label(p["name"], p["name_ar"]))
    source_text = _labels_by_event(view.event_sources, "source_id", view.sources, ("url", "publisher"),
                                   ids, lambda s: _link(s["url"], s["publisher"]))
    return _table_html(_records(shown, _TABLE_COLUMNS), place_text, source_text, max_rows, total)


_NO_EVENTS = "<p><em>No events match these filters.</em></p>"
_TABLE_COLUMNS = ["id", "start", "end", "date_precision", "category", "title", "description", "confidence"]


def _place_label(name: str, name_ar: str) -> str:
    label = html.escape(name)
    if name_ar:
        label += f' <span lang="ar" dir="rtl">{html.escape(name_ar)}</span>'
    return label


def _table_html(records: list[dict], place_text: dict, source_text: dict, max_rows: int, total: int) -> str:
    """The table from its rows (event fields as dicts, in the order shown) and, by event id, the
    HTML of their places and of their sources."""
    return _table_from_rows([_table_row(r, place_text, source_text) for r in records], max_rows, total)


def _table_row(ev_row: dict, place_text: dict, source_text: dict) -> str:
    cat = str(ev_row["category"])
    return (
        "<tr>"
        f"<td style='white-space:nowrap'>{html.escape(_date_text(ev_row))}</td>"
        f"<td>{html.escape(CATEGORY_LABELS.get(cat, cat))}</td>"
        f"<td><strong>{html.escape(ev_row['title'])}</strong><br>{html.escape(ev_row['description'])}</td>"
        f"<td>{'<br>'.join(place_text.get(ev_row['id'], []))}</td>"
        f"<td>{html.escape(str(ev_row['confidence']))}</td>"
        f"<td>{'<br>'.join(source_text.get(ev_row['id'], []))}</td>"
        "</tr>"
    )


def _table_from_rows(rows: list[str], max_rows: int, total: int) -> str:
    more = ""
    if total > max_rows:
        more = f"<p><em>Showing the first {max_rows} of {total} events; narrow the filters to see the rest.</em></p>"
    head = "".join(f"<th scope='col'>{h}</th>" for h in ("Date", "Category", "Event", "Places", "Confidence", "Sources"))
    return (
        "<table class='timeline-events' style='border-collapse:collapse;font-size:13px'>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{more}"
    )


def _first_rows(df: pd.DataFrame, ids, cols) -> dict[str, dict]:
    """The rows of a table with the given ids (the first row of an id), as dicts by id."""
    rows = df[df["id"].isin(pd.unique(np.asarray(ids, dtype=object)))].drop_duplicates("id")
    return dict(zip(rows["id"], _records(rows, cols)))


def _records(df: pd.DataFrame, cols) -> list[dict]:
    """``df[cols].to_dict("records")``, quicker for a few hundred rows."""
    arrays = [df[c].to_numpy(dtype=object) for c in cols]
    return [dict(zip(cols, values)) for values in zip(*arrays)]


class GeoAssets(anywidget.AnyWidget):
    """An invisible widget that hands the shipped base map to plotly.js in the browser, so the map
    draws with no network (plotly.js would otherwise fetch its topojson from a CDN)."""

    _esm = """
    function register(model) {
      const name = model.get("name");
      window.PlotlyGeoAssets = window.PlotlyGeoAssets || {};
      window.PlotlyGeoAssets.topojson = window.PlotlyGeoAssets.topojson || {};
      if (!window.PlotlyGeoAssets.topojson[name]) {
        window.PlotlyGeoAssets.topojson[name] = JSON.parse(model.get("topojson"));
      }
    }
    export default { initialize({ model }) { register(model); }, render({ model }) { register(model); } };
    """
    name = traitlets.Unicode().tag(sync=True)
    topojson = traitlets.Unicode().tag(sync=True)

    def __init__(self):
        super().__init__(name=figures.GEO_TOPOJSON, topojson=figures.geo_topojson_text(),
                         layout=W.Layout(display="none"))


def _options_with_counts(labels_counts: list[tuple[str, str, int]]) -> list[tuple[str, str]]:
    return [(f"{label} ({n})", value) for label, value, n in labels_counts]


class Explorer:
    """An ipywidgets app to filter a Timeline and see every chart and the event list follow.

    Parameters
    ----------
    tl : Timeline
        The data (e.g. ``timeline.load()``).
    filters : Filters, optional
        The view to open on.
    export_path : str
        Default file name of the "Export view to HTML" button.
    max_rows : int
        Rows shown in the events table.
    max_markers : int, optional
        Density threshold (default :data:`timeline.figures.DENSITY_THRESHOLD`, 5,000): a
        timeline with more events takes the aggregated path described in the module doc, and
        its timeline chart shows per-day density while more than this many events are in view.

    Attributes: ``figures`` (dict of ``go.FigureWidget`` by name: timeline, counts, toll, map),
    ``view`` (the filtered Timeline), ``summary`` and ``table`` (HTML widgets), ``controls``
    (dict of the input widgets), ``widget`` (the whole app), ``timeline_mode`` (``"events"`` or
    ``"density"``: how the timeline chart is drawn now).
    """

    chart_names = ("timeline", "counts", "toll", "map")

    def __init__(self, tl: Timeline, filters: Filters | None = None, *, export_path: str = "timeline-view.html",
                 max_rows: int = 200, max_markers: int | None = None):
        self.timeline = tl
        self.max_rows = max_rows
        self.max_markers = figures.DENSITY_THRESHOLD if max_markers is None else int(max_markers)
        self.timeline_mode = "events"
        self._hold = False
        self._pending = None
        self._filters = Filters()
        self._view: Timeline | None = tl
        self.controls = self._build_controls(export_path)
        self.geo_assets = GeoAssets()  # created before the map, so the browser has it first
        self._large = _Aggregated(tl, self.max_markers) if 0 < self.max_markers < len(tl.events) else None
        if self._large is not None:
            specs = self._large.frames()
        else:
            specs = {name: self._build_figure(name, tl).to_plotly_json() for name in self.chart_names}
        specs = {name: {"data": [_decode(t) for t in spec["data"]], "layout": _decode_layout(spec["layout"])}
                 for name, spec in specs.items()}
        self.figures: dict[str, go.FigureWidget] = {
            name: go.FigureWidget(data=specs[name]["data"], layout=specs[name]["layout"]) for name in self.chart_names
        }
        self._shown = {name: _Shown(fw, specs[name]) for name, fw in self.figures.items()}
        self._toll_key = None
        self._zoom = None  # (first, last) day shown after a zoom of the timeline chart (large timelines)
        self._drawing = False
        if self._large is not None:
            self.figures["timeline"].layout.on_change(self._on_zoom, "xaxis.range", "xaxis.autorange")
        self.summary = W.HTML()
        self.table = W.HTML()
        self.status = W.HTML()
        self.widget = self._layout()
        for name, ctl in self.controls.items():
            if name in ("reset", "export", "export_path"):
                continue
            ctl.observe(self._on_change, names="value")
        self.controls["reset"].on_click(lambda _: self.reset())
        self.controls["export"].on_click(lambda _: self.export())
        self.filters = filters or Filters()

    # --- building ----------------------------------------------------------------------------
    def _build_controls(self, export_path: str) -> dict[str, W.Widget]:
        tl = self.timeline
        style = {"description_width": "initial"}
        wide = W.Layout(width="96%")
        span = tl.span or (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-01"))
        days = pd.date_range(span[0], span[1], freq="D")
        self._days = days
        c: dict[str, W.Widget] = {}
        c["dates"] = W.SelectionRangeSlider(
            options=[(f"{d.day} {d:%b %Y}", d) for d in days], index=(0, len(days) - 1),
            description="Dates", continuous_update=False, readout=False, layout=wide, style=style)
        c["start"] = W.DatePicker(description="From", value=span[0].date(), style=style)
        c["end"] = W.DatePicker(description="To", value=span[1].date(), style=style)
        cat_counts = tl.events["category"].value_counts()
        c["categories"] = W.SelectMultiple(
            options=_options_with_counts([(CATEGORY_LABELS[k], k, int(cat_counts.get(k, 0))) for k in CATEGORIES]),
            description="Categories", rows=len(CATEGORIES), style=style, layout=wide)
        actor_counts = tl.event_actors.groupby("actor").size().sort_values(ascending=False)
        c["actors"] = W.SelectMultiple(
            options=_options_with_counts([(a, a, int(n)) for a, n in actor_counts.items()]),
            description="Actors", rows=8, style=style, layout=wide)
        place_counts = tl.event_places.groupby("place_id").size()
        places = tl.places.set_index("id")
        place_opts = []
        for pid, n in place_counts.sort_values(ascending=False).items():
            p = places.loc[pid] if pid in places.index else None
            label = pid if p is None else (p["name"] + (f" · {p['name_ar']}" if p["name_ar"] else ""))
            place_opts.append((label, pid, int(n)))
        c["places"] = W.SelectMultiple(options=_options_with_counts(place_opts), description="Places",
                                       rows=8, style=style, layout=wide)
        rep_counts = tl.casualty_reports.groupby("reported_by").size().sort_values(ascending=False)
        c["reporters"] = W.SelectMultiple(
            options=_options_with_counts([(r, r, int(n)) for r, n in rep_counts.items()]),
            description="Reported by", rows=min(8, max(2, len(rep_counts))), style=style, layout=wide)
        c["confidence"] = W.ToggleButtons(options=_CONFIDENCE_OPTIONS, value="low", description="Confidence",
                                          style=style, tooltips=[CONFIDENCE[k] for _, k in _CONFIDENCE_OPTIONS])
        c["text"] = W.Text(description="Search", placeholder="words in titles, descriptions, notes, places",
                           continuous_update=True, style=style, layout=wide)
        c["reset"] = W.Button(description="Reset filters", icon="undo", tooltip="Show everything again")
        c["export_path"] = W.Text(value=export_path, description="File", style=style)
        c["export"] = W.Button(description="Export view to HTML", icon="download", layout=W.Layout(width="auto"),
                               tooltip="Write the current view to one self-contained HTML file")
        return c

    def _build_figure(self, name: str, view: Timeline) -> go.Figure:
        full = self.timeline
        if name == "timeline":
            return figures.timeline_figure(view, full=full)
        if name == "counts":
            return figures.counts_figure(view, full=full)
        if name == "toll":
            return figures.toll_figure(view, full=full)
        if name == "map":
            return figures.map_figure(view, full=full)
        raise ValueError(name)

    def _layout(self) -> W.Widget:
        c = self.controls
        left = W.VBox([
            W.HTML("<strong>Filters</strong>"),
            c["dates"], W.HBox([c["start"], c["end"]]),
            c["categories"], c["confidence"], c["text"], c["actors"], c["places"], c["reporters"],
            W.HBox([c["reset"]]),
            W.HTML("<strong>Export</strong>"), c["export_path"], c["export"], self.status,
        ], layout=W.Layout(width="34%", min_width="280px"))
        charts = W.VBox([self.summary, *self.figures.values()], layout=W.Layout(width="66%"))
        return W.VBox([self.geo_assets, W.HBox([left, charts]), W.HTML("<strong>Events</strong>"), self.table])

    # --- state ---------------------------------------------------------------------------------
    @property
    def filters(self) -> Filters:
        """The current filters. Set it to open a given view: ``ex.filters = Filters(...)``."""
        return self._filters

    @filters.setter
    def filters(self, value: Filters | dict) -> None:
        f = Filters.from_dict(value) if isinstance(value, dict) else value
        self._hold = True
        try:
            self._write_controls(f)
        finally:
            self._hold = False
        self._filters = self._read_controls()
        self._refresh()

    def reset(self) -> None:
        """Show everything again."""
        self.filters = Filters()

    def _write_controls(self, f: Filters) -> None:
        c, days = self.controls, self._days
        a = f.start if f.start is not None else days[0]
        b = f.end if f.end is not None else days[-1]
        a, b = max(a, days[0]), min(b, days[-1])
        c["dates"].value = (days[days.get_indexer([a], method="nearest")[0]],
                            days[days.get_indexer([b], method="nearest")[0]])
        c["start"].value, c["end"].value = a.date(), b.date()
        c["categories"].value = tuple(f.categories)
        valid = {v for _, v in c["actors"].options}
        c["actors"].value = tuple(x for x in f.actors if x in valid)
        valid = {v for _, v in c["places"].options}
        c["places"].value = tuple(x for x in f.places if x in valid)
        valid = {v for _, v in c["reporters"].options}
        c["reporters"].value = tuple(x for x in f.reporters if x in valid)
        c["confidence"].value = f.min_confidence
        c["text"].value = f.text

    def _read_controls(self) -> Filters:
        c, days = self.controls, self._days
        a = pd.Timestamp(c["start"].value) if c["start"].value else days[0]
        b = pd.Timestamp(c["end"].value) if c["end"].value else days[-1]
        return Filters(
            start=None if a <= days[0] else a,
            end=None if b >= days[-1] else b,
            categories=c["categories"].value, actors=c["actors"].value, places=c["places"].value,
            reporters=c["reporters"].value, min_confidence=c["confidence"].value, text=c["text"].value,
        )

    def _on_change(self, change) -> None:
        if self._hold:
            return
        owner = change["owner"]
        c = self.controls
        self._hold = True
        try:  # keep the slider and the date pickers in step
            if owner is c["dates"]:
                a, b = change["new"]
                c["start"].value, c["end"].value = a.date(), b.date()
            elif owner in (c["start"], c["end"]):
                a = pd.Timestamp(c["start"].value or self._days[0].date())
                b = pd.Timestamp(c["end"].value or self._days[-1].date())
                if b < a:  # keep a valid range: move the other end
                    if owner is c["start"]:
                        b = a
                        c["end"].value = b.date()
                    else:
                        a = b
                        c["start"].value = a.date()
                a, b = max(a, self._days[0]), min(b, self._days[-1])
                c["dates"].value = (a, b)
        finally:
            self._hold = False
        if owner is c["text"]:
            self._debounced()
        else:
            self._filters = self._read_controls()
            self._refresh()

    def _debounced(self) -> None:
        """Typing waits until a pause; with no running event loop (tests, scripts) it applies now."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None:
            self._filters = self._read_controls()
            self._refresh()
            return
        if self._pending is not None:
            self._pending.cancel()

        def fire():
            self._pending = None
            self._filters = self._read_controls()
            self._refresh()

        self._pending = loop.call_later(_DEBOUNCE_S, fire)

    # --- drawing -------------------------------------------------------------------------------
    @property
    def view(self) -> Timeline:
        """The filtered Timeline (what :func:`~timeline.filters.apply_filters` gives). On a large
        timeline it is built the first time it is read after a change."""
        if self._view is None:
            self._view = self._large.view(self._filters)
        return self._view

    def _refresh(self) -> None:
        self._zoom = None
        if self._large is not None:
            self._refresh_large()
            return
        self._view = apply_filters(self.timeline, self._filters)
        view = self._view
        key = tuple(view.casualty_reports.index)  # the toll chart depends on the figures kept only
        for name in self.chart_names:
            if name == "toll":
                if key == self._toll_key:
                    continue
                self._toll_key = key
            self._show(name, self._build_figure(name, view).to_plotly_json())
        self.summary.value = _summary_html(summary_text(self.timeline, view, self._filters))
        self.table.value = events_table_html(view, self.max_rows)

    def _refresh_large(self) -> None:
        big = self._large
        big.select(self._filters)
        self._view = None
        for name, spec in big.targets(self._zoom).items():
            self._show(name, spec)
        self.timeline_mode = big.mode
        self.summary.value = _summary_html(big.summary(self._filters))
        self.table.value = big.table_html(self.max_rows)

    def _show(self, name: str, spec: dict) -> None:
        self._drawing = True
        try:
            self._shown[name].show(spec)
        finally:
            self._drawing = False

    def _on_zoom(self, layout, xrange, autorange) -> None:
        """A zoom of the timeline chart (in the browser, or ``layout.xaxis.range = ...`` from
        code): density while the zoomed range holds more than ``max_markers`` events, each event
        below."""
        if self._drawing:
            return
        zoom = None
        if xrange is not None and not autorange:
            try:
                zoom = (pd.Timestamp(xrange[0]), pd.Timestamp(xrange[1]))
            except (TypeError, ValueError, IndexError):
                return
        if zoom == self._zoom:
            return
        self._zoom = zoom
        spec = self._large.timeline_target(zoom)
        self._show("timeline", spec)
        self.timeline_mode = self._large.mode

    def export(self, path: str | Path | None = None) -> Path:
        """Write the current view to one self-contained HTML file and return its path."""
        path = Path(path or self.controls["export_path"].value or "timeline-view.html")
        try:
            from .export import write_html
        except ImportError:  # pragma: no cover - until the export module lands
            write_html = None
        try:
            if write_html is not None:
                write_html(self.timeline, path, filters=self._filters)
            else:  # pragma: no cover
                figures.overview_figure(self.view).write_html(path, include_plotlyjs=True)
        except OSError as e:
            self.status.value = f"<span style='color:#b00'>Could not write {html.escape(str(path))}: {html.escape(e.strerror or str(e))}</span>"
            raise
        self.status.value = f"Wrote <code>{html.escape(str(path))}</code>"
        return path

    # --- display -------------------------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        if self._large is not None:
            return f"<Explorer: {self._large.summary(self._filters)}>"
        return f"<Explorer: {summary_text(self.timeline, self.view, self._filters)}>"


def _summary_html(text: str) -> str:
    return f"<p role='status'><strong>{html.escape(text)}</strong></p>"


def _sync_figure(fw: go.FigureWidget, new: go.Figure) -> None:
    """Make ``fw`` show ``new`` in place, in one ``batch_update`` sending only what differs
    (see :class:`_Shown`); when the traces do not line up, its traces are replaced."""
    _Shown(fw, fw.to_plotly_json()).show(new.to_plotly_json())


# ================================================================================================
# Updating a FigureWidget with only what changed
# ================================================================================================

class _Shown:
    """What one FigureWidget shows, as plain JSON (``{"data": [...], "layout": {...}}``).

    :meth:`show` compares a new figure with it and applies the differences — trace arrays, a
    few layout keys — in one ``batch_update``; unchanged parts (the template, styles, the
    phases) are not sent again. Axis ranges are read back from the widget first, so a zoom made
    in the browser is undone by the next update as before."""

    def __init__(self, fw: go.FigureWidget, spec: dict):
        self.fw = fw
        self.data = [_decode(t) for t in spec.get("data") or []]
        self.layout = _decode_layout(spec.get("layout") or {})

    def show(self, spec: dict) -> int:
        """Show ``spec``; returns how many properties were sent."""
        fw = self.fw
        data, layout = [_decode(t) for t in spec.get("data") or []], _decode_layout(spec.get("layout") or {})
        if len(data) != len(self.data) or any(a.get("type") != b.get("type") for a, b in zip(data, self.data)):
            with fw.batch_update():
                fw.layout.update(layout, overwrite=True)
            fw.data = ()
            fw.add_traces(data)
            self.data, self.layout = data, layout
            return -1
        # Keys the new figure lacks at the top of the layout or of a trace are left as they are
        # (as an update with overwrite=True would): removing, say, the inset's `geo2` while a
        # trace still points to it would make plotly.js draw a default map fetched from a CDN.
        # Lists of shapes and annotations it lacks are emptied.
        layout = {**self.layout, **{k: [] for k in _LAYOUT_ARRAYS if k in self.layout}, **layout}
        data = [{**old, **new} for old, new in zip(self.data, data)]
        changes: list = []
        _diff(self._axes_as_shown(), layout, "", changes)
        trace_changes = []
        for i, (old, new) in enumerate(zip(self.data, data)):
            out: list = []
            _diff(old, new, "", out)
            trace_changes += [(i, path, value) for path, value in out]
        if changes or trace_changes:
            have = fw._layout  # the widget's layout as plain data: a key it has takes any path below it
            layout_ok = all(p not in _LAYOUT_ARRAYS and _top(p) in have for p, _ in changes)
            if layout_ok:
                # One plotly update — the message a batch_update sends — built directly: the
                # values come from the figure builders, in the form plotly validated when the
                # widget was built, so they are not validated again property by property.
                indexes = sorted({i for i, _, _ in trace_changes})
                slot = {i: k for k, i in enumerate(indexes)}
                restyle: dict[str, list] = {}
                for i, path, value in trace_changes:
                    restyle.setdefault(path, [Undefined] * len(indexes))[slot[i]] = value
                with fw.batch_update():
                    fw.plotly_update(restyle_data=restyle or None, relayout_data=dict(changes) or None,
                                     trace_indexes=indexes or None)
            else:  # a new layout key (a second legend), new lists of annotations or shapes:
                # validated, and whole top-level values (plotly.js reads "annotations[2].x",
                # not the "annotations.2.x" a batch of element edits would send)
                with fw.batch_update():
                    for i in sorted({i for i, _, _ in trace_changes}):
                        for top in {_top(p) for j, p, _ in trace_changes if j == i}:
                            fw.data[i][top] = data[i].get(top)
                    for top in {_top(p) for p, _ in changes}:
                        fw.layout[top] = layout.get(top)
        self.data, self.layout = data, layout
        return len(changes) + len(trace_changes)

    def _axes_as_shown(self) -> dict:
        """The layout last sent, with the axis ranges the widget has now (a zoom in the browser)."""
        out = self.layout
        for key, axis in self.layout.items():
            if not (key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict)):
                continue
            now = self.fw.layout[key]
            rng, auto = now.range, now.autorange
            if _same(axis.get("range"), rng) and axis.get("autorange") == auto:
                continue
            axis = dict(axis)
            for k, v in (("range", rng), ("autorange", auto)):
                if v is None:
                    axis.pop(k, None)
                else:
                    axis[k] = list(v) if k == "range" else v
            out = dict(out) if out is self.layout else out
            out[key] = axis
        return out


def _decode(obj):
    """Plain JSON with plotly's typed arrays (``{"dtype": "f8", "bdata": ...}``, as
    ``to_plotly_json`` gives numeric arrays) turned back into numpy arrays, so values compare."""
    if isinstance(obj, dict):
        if "bdata" in obj and "dtype" in obj:
            arr = np.frombuffer(base64.b64decode(obj["bdata"]), dtype=np.dtype(obj["dtype"]))
            if obj.get("shape"):
                arr = arr.reshape(tuple(int(x) for x in str(obj["shape"]).split(",")))
            return arr
        return {k: _decode(v) for k, v in obj.items()}
    if isinstance(obj, list) and obj and isinstance(obj[0], (dict, list)):
        return [_decode(v) for v in obj]
    return obj


def _decode_layout(layout: dict) -> dict:
    return {k: (v if k == "template" else _decode(v)) for k, v in layout.items()}


def _same(a, b) -> bool:
    """Equal plain-JSON values (numpy arrays compared by value)."""
    if a is b:
        return True
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        try:
            x, y = np.asarray(a), np.asarray(b)
            if x.shape != y.shape:
                return False
            if x.dtype.kind == "f" and y.dtype.kind == "f":
                return bool(np.array_equal(x, y, equal_nan=True))
            return bool(np.array_equal(x, y))
        except (TypeError, ValueError):
            return False
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


_WHOLE = {"meta"}
_LAYOUT_ARRAYS = {"annotations", "shapes", "images", "selections", "sliders", "updatemenus"}  # values that are data, not plotly objects: sent whole


def _diff(old, new, prefix: str, out: list) -> None:
    """Append to ``out`` the ``(path, value)`` pairs that turn ``old`` into ``new`` (plain JSON):
    down into dicts and into lists of dicts of the same length (``annotations[3].text``); a
    key that is gone is set to ``None``."""
    if old is new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for k, v in new.items():
            path = f"{prefix}.{k}" if prefix else k
            if k not in old:
                out.append((path, v))
            elif k in _WHOLE:
                if not _same(old[k], v):
                    out.append((path, v))
            else:
                _diff(old[k], v, path, out)
        for k in old:
            if k not in new:
                out.append((f"{prefix}.{k}" if prefix else k, None))
        return
    if (isinstance(old, (list, tuple)) and isinstance(new, (list, tuple)) and len(old) == len(new) and new
            and all(isinstance(x, dict) for x in old) and all(isinstance(x, dict) for x in new)):
        for i, (a, b) in enumerate(zip(old, new)):
            _diff(a, b, f"{prefix}[{i}]", out)
        return
    if not _same(old, new):
        out.append((prefix, new))


_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _top(path: str) -> str:
    """The top-level key of a property path (``"annotations[2].text"`` → ``"annotations"``)."""
    return path.split(".", 1)[0].split("[", 1)[0]


def _put(obj, path: str, value):
    """A copy of plain-JSON ``obj`` with ``path`` (``"annotations[2].text"``) set to ``value``
    (removed when ``None``); only the containers along the path are copied."""
    tokens = [int(i) if i else k for k, i in _TOKEN.findall(path)]

    def put(o, toks):
        t, rest = toks[0], toks[1:]
        if isinstance(t, int):
            o = list(o)
            o[t] = put(o[t], rest) if rest else value
            return o
        o = dict(o or {})
        if rest:
            o[t] = put(o.get(t), rest)
        elif value is None:
            o.pop(t, None)
        else:
            o[t] = value
        return o

    return put(obj, tokens)


def _with_values(frame: dict, traces: list[dict], roles: set[str], values: dict) -> dict:
    """A figure (plain JSON) from its ``frame``: ``traces`` in place of the frame's (see
    :func:`timeline.figures._fill`) and the named layout ``values`` set."""
    layout = frame["layout"]
    for path, value in figures._layout_paths(layout, values).items():
        layout = _put(layout, path, value)
    return {"data": figures._fill(frame["data"], traces, roles), "layout": layout}


# ================================================================================================
# The charts of a large timeline, from aggregates
# ================================================================================================

class _Aggregated:
    """The explorer's charts of a large timeline, computed from the integer codes of
    :func:`timeline.index.index_of` (one filter change: a few numpy masks and bincounts, then
    a few small arrays for the figures). :meth:`frames` gives the initial figures (the whole
    timeline); after :meth:`select`, :meth:`targets` gives each chart's figure as plain JSON."""

    def __init__(self, tl: Timeline, limit: int):
        self.tl = tl
        self.limit = limit
        self.ix = index_of(tl)
        self.mode = "density"
        ev = tl.events
        self.full_range = common.x_range(ev["start"], ev["span_end"] + common.DAY)
        self.full_span = tl.span
        self._table_events = ev[_TABLE_COLUMNS]
        self.phase_rows = common.phase_plan(tl, self.full_range)[1]
        places = tl.places
        lat, lon = places["lat"].to_numpy(dtype=float), places["lon"].to_numpy(dtype=float)
        has = ~np.isnan(lat) & ~np.isnan(lon)
        region = figures.MAP_REGION
        inside = has & (lon >= region["lon"][0]) & (lon <= region["lon"][1]) \
            & (lat >= region["lat"][0]) & (lat <= region["lat"][1])
        self.places_inside = np.flatnonzero(inside)
        self.places_unmapped = np.r_[np.flatnonzero(~has), -1]  # -1: a place id not in the places table
        self.places_outside = np.flatnonzero(has & ~inside)
        self.placed = self.ix.events_with_place(self.places_inside)  # events on a dot of the main map
        self.any_unmapped = self.ix.events_with_place(self.places_unmapped).any()
        self.any_outside = self.ix.events_with_place(self.places_outside).any()
        reports = self.ix._reports
        self.running = np.flatnonzero(reports["running"])
        self._line_cache = np.full(len(tl.events), None, dtype=object)
        self._row_cache: dict[int, str] = {}  # event position -> its row of the events table
        self.select(Filters())

    # --- the view ------------------------------------------------------------------------------
    def select(self, f: Filters) -> None:
        """Compute the masks of a view (and what every chart shares: counts per day)."""
        ix = self.ix
        self.filters = f
        self.ev = ix.event_mask(f)
        self.cr = ix.report_mask(f, self.ev)
        self.n = int(np.count_nonzero(self.ev))
        self.span = ix.span(self.ev)
        self.daily = ix.daily_counts(self.ev)
        self.n_sources, counts = ix.source_usage(self.ev, self.cr)
        self.publishers = common.publisher_order(counts)

    def view(self, f: Filters) -> Timeline:
        if f.is_empty:
            return self.tl
        return self.tl.subset(event_ids=self.ev, report_ids=self.cr).pruned()

    def summary(self, f: Filters) -> str:
        return _summary(self.n, len(self.tl.events), self.n_sources, int(np.count_nonzero(self.cr)), self.full_span, f)

    def table_html(self, max_rows: int) -> str:
        """:func:`events_table_html` of the view: the first events' positions, and each event's
        row of HTML made once (its place and source HTML once per place and source) and kept."""
        if not self.n:
            return _NO_EVENTS
        pos = self.ix.first_positions(self.ev, max_rows)
        cache = self._row_cache
        missing = [p for p in pos.tolist() if p not in cache]
        if missing:
            cache.update(zip(missing, self._rows_html(np.asarray(missing, dtype=np.int64))))
        return _table_from_rows([cache[p] for p in pos.tolist()], max_rows, self.n)

    def _rows_html(self, pos: np.ndarray) -> list[str]:
        """The table rows of the events at ``pos`` (in that order)."""
        ix, tl = self.ix, self.tl
        ev = self._table_events.iloc[pos]
        records = _records(ev, _TABLE_COLUMNS)
        ids = ev["id"].to_numpy(dtype=object)
        if not hasattr(self, "_place_html"):
            self._place_html = self._link_html(ix.places, tl.places, ("name", "name_ar"), _place_label)
            self._source_html = self._link_html(ix.sources, tl.sources, ("url", "publisher"), _link)
        texts = []
        order = np.argsort(pos, kind="stable")
        sorted_pos, sorted_ids = pos[order], ids[order]
        for link, labels in ((ix.places, self._place_html), (ix.sources, self._source_html)):
            out: dict[str, list[str]] = {}
            rows = link.rows_of(pos)  # in file order, as the view's link table lists them
            where = np.searchsorted(sorted_pos, link.event[rows])
            for w, code in zip(where, link.code[rows]):
                label = labels[code] if code >= 0 else None
                if label is not None:
                    out.setdefault(sorted_ids[w], []).append(label)
            texts.append(out)
        return [_table_row(r, texts[0], texts[1]) for r in records]

    @staticmethod
    def _link_html(link, table: pd.DataFrame, cols, fmt) -> np.ndarray:
        """The HTML of each value of a link table (a place, a source) — ``None`` when its id is not in ``table``."""
        rows = _first_rows(table, link.labels, cols)
        return np.array([fmt(*(rows[v][c] for c in cols)) if v in rows else None for v in link.labels] + [None],
                        dtype=object)

    def span_text(self) -> str:
        return "no events" if self.span is None else figures._span_text(self.span)

    # --- figures ---------------------------------------------------------------------------------
    def frames(self) -> dict[str, dict]:
        """The figures of the whole timeline, with every trace a view may need."""
        tl = self.tl
        self.frame = {}
        self.frame["timeline"] = figures.timeline_figure(tl, full=tl, max_markers=self.limit).to_plotly_json()
        counts = figures.counts_figure(tl, full=tl).to_plotly_json()
        counts["layout"]["annotations"] = list(counts["layout"].get("annotations") or []) \
            + [figures._empty_annotation(False)]
        self.frame["counts"] = counts
        self.toll_full = self._toll_timeline(np.ones(len(tl.casualty_reports), dtype=bool))
        self.frame["toll"] = figures.toll_figure(self.toll_full, full=self.toll_full).to_plotly_json()
        self.frame["map"] = self._map_frame()
        return dict(self.frame)

    def targets(self, zoom=None) -> dict[str, dict]:
        out = {"timeline": self.timeline_target(zoom), "counts": self.counts_target(), "map": self.map_target()}
        toll = self.toll_target()
        if toll is not None:
            out["toll"] = toll
        return out

    def timeline_target(self, zoom=None) -> dict:
        ix, mask, frame = self.ix, self.ev, self.frame["timeline"]
        n, span, daily, rng = self.n, self.span, self.daily, None
        if zoom is not None:
            lo, hi = zoom
            mask = mask & (ix.span_us >= _us(lo.normalize())) & (ix.start_us <= _us(hi))
            n, span, rng = int(mask.sum()), ix.span(mask), [lo, hi]
            daily = ix.daily_counts(mask) if n > self.limit else None
        if n <= self.limit:
            self.mode = "events"
            sub = ix.sub_timeline(np.flatnonzero(mask))
            spec = figures.timeline_figure(sub, full=self.tl, max_markers=self.limit).to_plotly_json()
            if rng is not None:
                spec["layout"] = _put(spec["layout"], "xaxis.range", list(rng))
            return spec
        self.mode = "density"
        n_month = ix.month_counts(mask)[0]
        x_range = rng or common.span_range(span)
        publishers = self.publishers if zoom is None else common.publisher_order(ix.publisher_counts(mask))
        data, values = figures._density_update(daily, ix.day0, n_events=n, n_month=n_month,
                                               span_text=figures._span_text(span), publishers=publishers,
                                               rng=x_range, limit=self.limit)
        traces = [dict(t, **data[t["meta"]["category"]]) for t in frame["data"]
                  if (t.get("meta") or {}).get("role") == "density"]
        return _with_values(frame, traces, {"event", "key", "legend"}, values)

    def counts_target(self) -> dict:
        ix = self.ix
        n_month, months, counts = ix.month_counts(self.ev)
        month_rows = None
        if n_month:
            m, c = np.nonzero(counts)
            month_rows = pd.DataFrame({"month": months[m].astype("datetime64[us]"),
                                       "group": np.asarray(list(figures.CATEGORIES), dtype=object)[c],
                                       "count": counts[m, c]})
        traces, values = figures._counts_view(self.daily, ix.day0, self.span, rows=self.phase_rows,
                                              publishers=self.publishers, n_month=n_month, month_rows=month_rows)
        return _with_values(self.frame["counts"], traces, {"count"}, values)

    def _lines(self, pos: np.ndarray) -> np.ndarray:
        """The map's hover line of each event, computed once per event and kept."""
        cache = self._line_cache
        missing = np.unique(pos[pd.isna(cache[pos])]) if len(pos) else pos
        if len(missing):
            cache[missing] = figures._event_lines(self.tl, missing)
        return cache[pos]

    def _map_parts(self, mask: np.ndarray, n: int):
        """The dots (per place and category), and the list beside the map, of the kept events."""
        ix, tl = self.ix, self.tl
        pts = figures._points_from_counts(tl, ix.map_counts(mask), lines=self._lines)
        n_none = n - int(np.count_nonzero(mask & self.placed))
        frames = []
        for place_rows, present in ((self.places_unmapped, self.any_unmapped), (self.places_outside, self.any_outside)):
            rows, events = ix.map_rows(mask, place_rows) if present else (np.zeros(0, int), np.zeros(0, int))
            frames.append(figures._place_rows(tl, rows, events))
        text, hover = figures._unplaced_text(n_none, n, frames[0], frames[1])
        return pts, text, hover

    def _map_frame(self) -> dict:
        figures.use_offline_geo()
        mask = np.ones(len(self.tl.events), dtype=bool)
        pts, text, hover = self._map_parts(mask, len(mask))
        self.with_inset = figures._map_with_inset(pts)
        fig = figures._map_from_points(pts, text, hover, n_events=len(mask), span_text=self.tl.span_text(),
                                       publishers=self.publishers, with_inset=self.with_inset)
        spec = fig.to_plotly_json()
        labels = {(t.get("meta") or {}).get("geo") for t in spec["data"] if (t.get("meta") or {}).get("role") == "label"}
        for geo in ("geo", "geo2") if self.with_inset else ("geo",):
            if geo not in labels:  # every view may place names: keep a (so far empty) trace for them
                spec["data"].append(dict(type="scattergeo", geo=geo, mode="markers+text", lon=[], lat=[], text=[],
                                         hoverinfo="skip", showlegend=False, meta={"role": "label", "geo": geo}))
        if not any(a.get("name") == "empty" for a in spec["layout"].get("annotations") or []):
            empty = figures._empty_annotation(False)
            spec["layout"]["annotations"] = list(spec["layout"].get("annotations") or []) + [empty]
        return spec

    def map_target(self) -> dict:
        pts, text, hover = self._map_parts(self.ev, self.n)
        traces, values = figures._map_view(pts, text, hover, n_events=self.n, span_text=self.span_text(),
                                           publishers=self.publishers if self.n else [], with_inset=self.with_inset)
        return _with_values(self.frame["map"], traces, {"place", "label"}, values)

    # --- the toll: only the running tallies matter -------------------------------------------------
    def _toll_timeline(self, cr_mask: np.ndarray) -> Timeline:
        """The running tallies kept, and the last figure published (the toll's lines run to it)."""
        from dataclasses import replace

        r = self.ix._reports
        keep = np.zeros(len(cr_mask), dtype=bool)
        keep[self.running] = cr_mask[self.running]
        dated = np.flatnonzero(cr_mask & r["has_published"])
        if keep.any() and dated.size:
            keep[dated[np.argmax(r["published"][dated])]] = True
        tl = self.tl
        return replace(tl, events=tl.events.iloc[0:0], event_places=tl.event_places.iloc[0:0],
                       event_sources=tl.event_sources.iloc[0:0], event_actors=tl.event_actors.iloc[0:0],
                       casualty_reports=tl.casualty_reports[keep])

    def toll_target(self) -> dict | None:
        if not self.running.size:
            return None  # no running tally: the toll chart says so, whatever the filters
        kept = self.running[self.cr[self.running]]
        r = self.ix._reports
        dated = np.flatnonzero(self.cr & r["has_published"])
        key = (kept.tobytes(), int(r["published"][dated].max()) if dated.size and kept.size else None)
        if key == getattr(self, "_toll_key", None):
            return None
        self._toll_key = key
        view = self._toll_timeline(self.cr)
        return figures.toll_figure(view, full=self.toll_full).to_plotly_json()


def _us(ts: pd.Timestamp) -> int:
    return int(np.datetime64(pd.Timestamp(ts).to_datetime64(), "us").astype(np.int64))
