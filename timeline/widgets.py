"""The interactive explorer: ipywidgets controls wired to plotly FigureWidgets.

The Explorer holds state (its controls and its :class:`~timeline.filters.Filters`) and calls the
package's pure functions — :func:`~timeline.filters.apply_filters` and the builders of
:mod:`timeline.figures` — on each change. Nothing is module-level: two explorers in one notebook
do not interfere.

>>> ex = Explorer(timeline.load())
>>> ex                                   # shows the app in Jupyter or Voilà
>>> ex.filters = Filters(categories=["violence_against_civilians"])   # set a view from code
"""

from __future__ import annotations

import asyncio
import html
from pathlib import Path

import anywidget
import ipywidgets as W
import traitlets
import pandas as pd
import plotly.graph_objects as go

from . import figures
from .filters import Filters, apply_filters
from .model import Timeline
from .schema import CATEGORIES, CONFIDENCE
from .theme import CATEGORY_LABELS

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
    parts = [f"{len(view)} of {len(full)} events", f"{len(view.sources)} sources"]
    span = full.span
    if span is not None:
        a = filters.start if filters.start is not None else span[0]
        b = filters.end if filters.end is not None else span[1]
        parts.append(_fmt_range(a, b))
    parts.append(f"{len(view.casualty_reports)} casualty figures")
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


def events_table_html(view: Timeline, max_rows: int = 200) -> str:
    """The filtered events as an HTML table: date, title, places (English and Arabic), sources as
    links. Every piece of data text is escaped; only http(s) URLs become links."""
    ev = view.events.sort_values(["start", "span_end"], kind="stable")
    if ev.empty:
        return "<p><em>No events match these filters.</em></p>"
    shown = ev.head(max_rows)
    ids = set(shown["id"])
    places = view.places.set_index("id")
    ep = view.event_places[view.event_places["event_id"].isin(ids)]
    place_text: dict[str, list[str]] = {}
    for eid, pid in zip(ep["event_id"], ep["place_id"]):
        if pid in places.index:
            p = places.loc[pid]
            label = html.escape(p["name"])
            if p["name_ar"]:
                label += f' <span lang="ar" dir="rtl">{html.escape(p["name_ar"])}</span>'
            place_text.setdefault(eid, []).append(label)
    sources = view.sources.set_index("id")
    es = view.event_sources[view.event_sources["event_id"].isin(ids)]
    source_text: dict[str, list[str]] = {}
    for eid, sid in zip(es["event_id"], es["source_id"]):
        if sid in sources.index:
            s = sources.loc[sid]
            source_text.setdefault(eid, []).append(_link(s["url"], s["publisher"]))
    rows = []
    for ev_row in shown.to_dict("records"):
        cat = str(ev_row["category"])
        rows.append(
            "<tr>"
            f"<td style='white-space:nowrap'>{html.escape(_date_text(ev_row))}</td>"
            f"<td>{html.escape(CATEGORY_LABELS.get(cat, cat))}</td>"
            f"<td><strong>{html.escape(ev_row['title'])}</strong><br>{html.escape(ev_row['description'])}</td>"
            f"<td>{'<br>'.join(place_text.get(ev_row['id'], []))}</td>"
            f"<td>{html.escape(str(ev_row['confidence']))}</td>"
            f"<td>{'<br>'.join(source_text.get(ev_row['id'], []))}</td>"
            "</tr>"
        )
    more = ""
    if len(ev) > max_rows:
        more = f"<p><em>Showing the first {max_rows} of {len(ev)} events; narrow the filters to see the rest.</em></p>"
    head = "".join(f"<th scope='col'>{h}</th>" for h in ("Date", "Category", "Event", "Places", "Confidence", "Sources"))
    return (
        "<table class='timeline-events' style='border-collapse:collapse;font-size:13px'>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{more}"
    )


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

    Attributes: ``figures`` (dict of ``go.FigureWidget`` by name: timeline, counts, toll, map),
    ``view`` (the filtered Timeline), ``summary`` and ``table`` (HTML widgets), ``controls``
    (dict of the input widgets), ``widget`` (the whole app).
    """

    chart_names = ("timeline", "counts", "toll", "map")

    def __init__(self, tl: Timeline, filters: Filters | None = None, *, export_path: str = "timeline-view.html",
                 max_rows: int = 200):
        self.timeline = tl
        self.max_rows = max_rows
        self._hold = False
        self._pending = None
        self._filters = Filters()
        self.controls = self._build_controls(export_path)
        self.view = tl
        self.geo_assets = GeoAssets()  # created before the map, so the browser has it first
        self.figures: dict[str, go.FigureWidget] = {
            name: go.FigureWidget(self._build_figure(name, tl)) for name in self.chart_names
        }
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
    def _refresh(self) -> None:
        self.view = apply_filters(self.timeline, self._filters)
        for name, fw in self.figures.items():
            _sync_figure(fw, self._build_figure(name, self.view))
        self.summary.value = f"<p role='status'><strong>{html.escape(summary_text(self.timeline, self.view, self._filters))}</strong></p>"
        self.table.value = events_table_html(self.view, self.max_rows)

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
        return f"<Explorer: {summary_text(self.timeline, self.view, self._filters)}>"


def _sync_figure(fw: go.FigureWidget, new: go.Figure) -> None:
    """Make ``fw`` show ``new`` in place: one ``batch_update`` when the traces line up (the figure
    builders keep the same traces for every view of one timeline), else rebuild its traces."""
    same = len(fw.data) == len(new.data) and all(a.type == b.type for a, b in zip(fw.data, new.data))
    if same:
        with fw.batch_update():
            for old, tr in zip(fw.data, new.data):
                old.update(tr.to_plotly_json(), overwrite=True)
            fw.layout.update(new.layout.to_plotly_json(), overwrite=True)
        return
    with fw.batch_update():
        fw.layout.update(new.layout.to_plotly_json(), overwrite=True)
    fw.data = ()
    fw.add_traces(list(new.data))
