"""The Explorer: ipywidgets controls and plotly FigureWidgets, wired to the views and charts.

One path for every size of timeline: on each change the explorer takes the selection of its
filters, asks each chart's view for its values, paints them as plain figure JSON and sends each
FigureWidget only what differs (:class:`~timeline.widgets.sync.FigureSync`). The views come through one
object chosen from the data it was given (:func:`~timeline.widgets.source.views_of`): for a Timeline the
views of :mod:`timeline.views` over masks of its index, for a scan (:func:`timeline.scan`) the same
views computed by DuckDB over the files, where individual events reach Python only as table rows and
the timeline's marks of the few events in view. The timeline chart's view decides by itself between
each event and per-day density; a zoom of its date axis repaints it alone.
"""

from __future__ import annotations

import asyncio
import html
from dataclasses import replace
from pathlib import Path

import ipywidgets as W
import pandas as pd
import plotly.graph_objects as go

from ..charts import counts as counts_chart
from ..charts import deaths as deaths_chart
from ..charts import map as map_chart
from ..charts import timeline as timeline_chart
from ..charts import toll as toll_chart
from ..filters import Filters, as_filters
from ..model import Timeline
from ..views.timeline import DENSITY_THRESHOLD
from . import controls as C
from .download import Download
from .source import views_of
from .sync import FigureSync
from .table import row_html, summary_html, table_html
from ..charts import wording
from ..charts.theme import add_heading

__all__ = ["Explorer"]

_DEBOUNCE_S = 0.35


class Explorer:
    """An ipywidgets app to filter a Timeline and see every chart and the event list follow.

    Parameters
    ----------
    tl : Timeline or ScanTimeline
        The data: a timeline in memory (e.g. ``timeline.load()``), or a scan of converted files
        (``timeline.scan("acled.parquet")``), whose events stay in the files.
    filters : Filters, dict or str, optional
        The view to open on; text is a link's fragment (``"#start=2025-03-06&cat=military"``,
        :meth:`~timeline.filters.Filters.from_fragment`), the same a page's link holds.
    export_path : str
        Default file name of the "Export view to HTML" button.
    max_rows : int
        Rows shown in the events table.
    max_markers : int, optional
        The timeline chart draws each event while at most this many are in view (default
        :data:`timeline.figures.DENSITY_THRESHOLD`, 5,000), per-day density above.
    deaths : bool, optional
        Show the per-event death figures: the deaths chart (below the counts) and the "Size map
        dots by" toggle. Default: when one organisation gives a figure for at least half the
        events (ACLED's fatalities, UCDP GED's best estimate; see
        :data:`timeline.views.deaths.DATASET_SHARE`). The events table shows the per-event
        figures whenever the timeline has some.

    Attributes: ``figures`` (dict of ``go.FigureWidget`` by name: timeline, counts, deaths when
    shown, toll, map), ``chart_names`` (their names, in order),
    ``view`` (the filtered Timeline, built when read; not for a scan), ``selection`` (the current
    filters' :class:`~timeline.views.Selection`, or a scan's
    :class:`~timeline.scale.scan.ScanSelection`), ``summary``, ``table`` and ``status`` (HTML widgets), ``download`` (the
    :class:`~timeline.widgets.download.Download` the export goes through), ``controls`` (dict of the input widgets),
    ``widget`` (the whole app), ``timeline_mode`` (``"events"`` or ``"density"``).
    """

    chart_names = ("timeline", "counts", "toll", "map")

    def __init__(self, tl, filters: Filters | None = None, *, export_path: str = "timeline-view.html",
                 max_rows: int = 200, max_markers: int | None = None, deaths: bool | None = None):
        self.timeline = tl
        self._views = v = views_of(tl)
        self.max_rows = max_rows
        self.max_markers = DENSITY_THRESHOLD if max_markers is None else int(max_markers)
        self._hold = False
        self._pending = None
        self._zoom = None
        self._drawing = False
        self._toll_key = None
        self._view: Timeline | None = None
        self.show_deaths = v.is_dataset if deaths is None else bool(deaths) and v.main_reporter is not None
        if self.show_deaths:
            self.chart_names = ("timeline", "counts", "deaths", "toll", "map")
        self._row_html: dict[tuple, str] = {}
        self._days = C.days_of(v.span)
        self.controls = C.build_controls(v.options(), v.span, v.phases, export_path)
        if self.show_deaths:
            self.controls["size_by"] = W.ToggleButtons(
                options=[("events", "events"), ("reported deaths", "deaths")], value="events",
                description="Size map dots by:", style={"description_width": "initial"},
                tooltips=["The number of events at the place",
                          f"The deaths {v.main_reporter} gave for the events at the place (per-event figures)"])
        f = as_filters(filters)
        v.check(f)
        self._filters = f
        self.selection = v.select(f)
        specs = self._paint_all(self.selection)
        self._sync = {name: FigureSync.widget(specs[name]) for name in self.chart_names}
        self.figures: dict[str, go.FigureWidget] = {name: s.fw for name, s in self._sync.items()}
        self.figures["timeline"].layout.on_change(self._on_zoom, "xaxis.range", "xaxis.autorange")
        self.summary = W.HTML()
        self.table = W.HTML()
        self.status = W.HTML()
        self.download = Download()
        self.widget = self._layout()
        for name in C.FILTER_CONTROLS:
            self.controls[name].observe(self._on_change, names="value")
        if self.show_deaths:
            self.controls["size_by"].observe(self._on_size_by, names="value")
        self.controls["reset"].on_click(lambda _: self.reset())
        for button, start, end in self.controls["phases"].buttons:
            button.on_click(lambda _, a=start, b=end: self.show_dates(a, b))
        self.controls["export"].on_click(self._on_export)
        self.filters = f

    # --- what each chart shows -----------------------------------------------------------------
    @property
    def heading(self) -> str:
        """What the current filters show, the first line of every chart's subtitle ("Syria,
        6–10 Mar 2025 · Violence against civilians"; :func:`timeline.charts.wording.view_heading`)."""
        f, days = self._filters, self._days
        start = days[0] if f.start is None else max(pd.Timestamp(f.start), days[0])
        end = days[-1] if f.end is None else min(pd.Timestamp(f.end), days[-1])
        return wording.view_heading(wording.subject_of(self._views.name), start, end, f.categories)

    def _headed(self, spec: dict) -> dict:
        return {**spec, "layout": add_heading(spec["layout"], html.escape(self.heading))}

    def _timeline_spec(self, sel) -> dict:
        view = self._views.timeline(sel, self._zoom, self.max_markers)
        self.timeline_mode = view.mode
        return self._headed(timeline_chart.paint(view))

    def _toll_spec(self, sel) -> dict | None:
        """The toll's figure, or ``None`` when the figures it draws (and its heading) are those
        already shown."""
        view = self._views.toll(sel)
        key = (view.key, self.heading)
        if key == self._toll_key:
            return None
        self._toll_key = key
        return self._headed(toll_chart.paint(view))

    @property
    def size_by(self) -> str:
        """What the map's dots show: ``"events"``, or ``"deaths"`` (the "Size map dots by" toggle)."""
        return self.controls["size_by"].value if "size_by" in self.controls else "events"

    def _map_spec(self, sel) -> dict:
        return self._headed(map_chart.paint(self._views.map(sel, self.size_by)))

    def _paint_all(self, sel) -> dict[str, dict | None]:
        out = {"timeline": self._timeline_spec(sel),
               "counts": self._headed(counts_chart.paint(self._views.counts(sel)))}
        if self.show_deaths:
            out["deaths"] = self._headed(deaths_chart.paint(self._views.deaths(sel)))
        out["toll"] = self._toll_spec(sel)
        out["map"] = self._map_spec(sel)
        return out

    def _layout(self) -> W.Widget:
        c = self.controls
        left = W.VBox([
            W.HTML("<strong>Filters</strong>"),
            c["dates"], W.HBox([c["start"], c["end"]]), c["phases"],
            c["categories"], c["confidence"], c["text"], c["actors"], c["places"], c["reporters"],
            W.HBox([c["reset"]]),
            W.HTML("<strong>Export</strong>"), c["export_path"], c["export"], self.status, self.download,
        ], layout=W.Layout(width="34%", min_width="280px"))
        shown = [self.figures[name] for name in self.chart_names]
        if self.show_deaths:  # the toggle just above the map
            shown.insert(self.chart_names.index("map"), c["size_by"])
        charts = W.VBox([self.summary, *shown], layout=W.Layout(width="66%"))
        return W.VBox([W.HBox([left, charts]), W.HTML("<strong>Events</strong>"), self.table])

    # --- state ---------------------------------------------------------------------------------
    @property
    def filters(self) -> Filters:
        """The current filters. Set it to open a given view: ``ex.filters = Filters(...)`` (or a
        link's fragment, ``ex.filters = "#start=2025-03-06"``); a value
        the timeline does not have (an actor, a place, a reporter) raises
        :class:`~timeline.filters.UnknownFilterValue` naming the closest known ones."""
        return self._filters

    @filters.setter
    def filters(self, value: Filters | dict | str) -> None:
        f = as_filters(value)
        self._views.check(f)
        self._hold = True
        try:
            C.write_controls(self.controls, self._days, f)
        finally:
            self._hold = False
        self._filters = C.read_controls(self.controls, self._days)
        self._refresh()

    def show_dates(self, start, end) -> None:
        """Keep the other filters and show the days from ``start`` to ``end`` (what a phase button
        does)."""
        self.filters = replace(self._filters, start=pd.Timestamp(start), end=pd.Timestamp(end))

    def reset(self) -> None:
        """Show everything again."""
        self.filters = Filters()

    def _on_change(self, change) -> None:
        if self._hold:
            return
        owner = change["owner"]
        c, days = self.controls, self._days
        self._hold = True
        try:  # keep the slider and the date pickers in step
            if owner is c["dates"]:
                a, b = change["new"]
                c["start"].value, c["end"].value = a.date(), b.date()
            elif owner in (c["start"], c["end"]):
                a = pd.Timestamp(c["start"].value or days[0].date())
                b = pd.Timestamp(c["end"].value or days[-1].date())
                if b < a:  # keep a valid range: move the other end
                    if owner is c["start"]:
                        b = a
                        c["end"].value = b.date()
                    else:
                        a = b
                        c["start"].value = a.date()
                a, b = max(a, days[0]), min(b, days[-1])
                c["dates"].value = (a, b)
        finally:
            self._hold = False
        if owner is c["text"]:
            self._debounced()
        else:
            self._apply_controls()

    def _apply_controls(self) -> None:
        self._filters = C.read_controls(self.controls, self._days)
        self._refresh()

    def _debounced(self) -> None:
        """Typing waits until a pause; with no running event loop (tests, scripts) it applies now."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None:
            self._apply_controls()
            return
        if self._pending is not None:
            self._pending.cancel()

        def fire():
            self._pending = None
            self._apply_controls()

        self._pending = loop.call_later(_DEBOUNCE_S, fire)

    # --- drawing -------------------------------------------------------------------------------
    @property
    def view(self) -> Timeline:
        """The filtered Timeline (what :func:`~timeline.filters.apply_filters` gives), built when
        read. An explorer of a scan has none (a ``TypeError`` says how to read its rows)."""
        if self._view is None:
            self._view = self._views.filtered(self._filters)
        return self._view

    def _refresh(self) -> None:
        self._zoom = None
        self._view = None
        sel = self.selection = self._views.select(self._filters)
        for name, spec in self._paint_all(sel).items():
            if spec is not None:
                self._show(name, spec)
        self.summary.value = summary_html(self._views.summary(sel), self._views.notes)
        tv = self._views.table(sel, self.max_rows)
        cache = self._row_html
        for r in tv.rows:
            if (r.position, r.killed) not in cache:
                cache[(r.position, r.killed)] = row_html(r, tv.has_killed)
        self.table.value = table_html(tv, [cache[(r.position, r.killed)] for r in tv.rows])

    def _on_size_by(self, change) -> None:
        self._show("map", self._map_spec(self.selection))

    def _show(self, name: str, spec: dict) -> None:
        self._drawing = True
        try:
            self._sync[name].show(spec)
        finally:
            self._drawing = False

    def _on_zoom(self, layout, xrange, autorange) -> None:
        """A zoom of the timeline chart (in the browser, or ``layout.xaxis.range = ...`` from code):
        its view is repainted for the days in view (each event once few enough are in view)."""
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
        self._show("timeline", self._timeline_spec(self.selection))

    def _on_export(self, _button) -> None:
        try:
            self.export()
        except (LookupError, OSError):
            pass  # the status line says what went wrong

    def export(self, path: str | Path | None = None) -> Path:
        """Write the current view to one self-contained HTML file beside the notebook (the
        kernel's working folder, or ``path``), hand a copy to the browser as a download
        (:attr:`download`), and return the file's absolute path. For a scan, the page is written
        by the scan's export (:data:`timeline.scale.explore.EXPORT`); without it, the status line
        says so and a ``LookupError`` is raised."""
        path = Path(path or self.controls["export_path"].value or "timeline-view.html").resolve()
        try:
            self._views.export(path, self._filters)
        except LookupError as e:
            self.status.value = f"<span style='color:#b00'>{html.escape(str(e))}</span>"
            raise
        except OSError as e:
            self.status.value = (f"<span style='color:#b00'>Could not write {html.escape(str(path))}: "
                                 f"{html.escape(e.strerror or str(e))}</span>")
            raise
        self.download.offer(path.name, path.read_bytes())
        self.status.value = (f"Your browser downloads <code>{html.escape(path.name)}</code>; a copy is at "
                             f"<code>{html.escape(str(path))}</code> on the machine running the notebook.")
        return path

    # --- display -------------------------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        return f"<Explorer: {wording.summary_line(self._views.summary(self.selection))}>"
