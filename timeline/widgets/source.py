"""What the explorer shows of its data, view by view: a timeline in memory, or a scan.

:func:`views_of` picks, for the data an :class:`~timeline.widgets.explorer.Explorer` was given,
the one object it computes every view through: :class:`TimelineViews` for a
:class:`~timeline.model.Timeline` (the views of :mod:`timeline.views` over its masks), or
:class:`timeline.scale.explore.ScanViews` for a :class:`~timeline.scale.scan.ScanTimeline`
(the same views computed by the engine; imported only then, so the explorer needs no DuckDB).
Both answer the same questions:

- ``name``, ``notes`` (what reading the data noted: its caveats), ``span``, ``phases`` (``(name, first day, last day)``), ``options()`` (per dimension
  with choices, its ``(label, value, count)``), ``is_dataset`` and ``main_reporter`` (the
  per-event figures: see :class:`~timeline.views.deaths.EventFigures`);
- ``check(filters)`` (an unknown value is an :class:`~timeline.filters.UnknownFilterValue`),
  ``select(filters)`` (a selection);
- the views of a selection: ``timeline(sel, zoom, max_markers)``, ``counts(sel)``,
  ``deaths(sel)``, ``toll(sel)``, ``map(sel, size_by)``, ``summary(sel)``, ``table(sel, max_rows)``;
- ``filtered(filters)`` (the filtered Timeline) and ``export(path, filters)`` (the page).
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..filters import DIMENSIONS, Filters, apply_filters, check_known
from ..model import Timeline
from ..series import phase_intervals
from ..views import Selection, select
from ..views.counts import counts_view
from ..views.deaths import deaths_view, event_figures
from ..views.map import MapContext, map_view
from ..views.table import RowSource, summary_view, table_view
from ..views.timeline import timeline_view
from ..views.toll import toll_view

__all__ = ["TimelineViews", "views_of"]


def views_of(data):
    """The views an explorer of ``data`` (a Timeline, or a scan) computes through."""
    if isinstance(data, Timeline):
        return TimelineViews(data)
    scan = sys.modules.get("timeline.scale.scan")  # loaded when a scan exists: a Timeline needs no engine
    if scan is not None and isinstance(data, scan.ScanTimeline):
        from ..scale.explore import ScanViews

        return ScanViews(data)
    raise TypeError(f"the explorer takes a Timeline (timeline.load(), the readers of timeline.io) or a scan "
                    f"(timeline.scan), not {type(data).__name__}")


class TimelineViews:
    """The views of one Timeline in memory an explorer shows, with what they keep between
    changes (the table's rows, the map's places and hovers)."""

    def __init__(self, tl: Timeline):
        self.data = tl
        self.name, self.notes = tl.name, tuple(tl.notes)
        index = select(tl).index
        self._rows = RowSource(index)
        self._map = MapContext(index)
        figures = event_figures(index)
        self.is_dataset, self.main_reporter = figures.is_dataset, figures.main_reporter
        self.span = index.whole_span
        self.phases = tuple((p.name, p.start, p.end) for p in phase_intervals(tl).itertuples())

    def options(self) -> dict[str, list[tuple[str, str, int]]]:
        return {dim.name: dim.options(self.data) for dim in DIMENSIONS if dim.kind in ("choices", "min_level")}

    def check(self, filters: Filters) -> None:
        check_known(self.data, filters)

    def select(self, filters: Filters) -> Selection:
        return select(self.data, filters)

    def timeline(self, sel: Selection, zoom, max_markers: int):
        return timeline_view(sel.zoomed(zoom), max_markers=max_markers)

    def counts(self, sel: Selection):
        return counts_view(sel)

    def deaths(self, sel: Selection):
        return deaths_view(sel, freq="W")

    def toll(self, sel: Selection):
        return toll_view(sel)

    def map(self, sel: Selection, size_by: str):
        return map_view(sel, self._map, size_by=size_by)

    def summary(self, sel: Selection):
        return summary_view(sel)

    def table(self, sel: Selection, max_rows: int):
        return table_view(sel, max_rows, self._rows)

    def filtered(self, filters: Filters) -> Timeline:
        return apply_filters(self.data, filters)

    def export(self, path: Path, filters: Filters) -> None:
        from ..export import write_html

        write_html(self.data, path, filters=filters)
