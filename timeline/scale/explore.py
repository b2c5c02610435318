"""What the explorer shows of a scan, view by view: the scan's twin of the explorer's in-memory views.

:class:`ScanViews` answers what :class:`timeline.widgets.explorer.Explorer` asks of the data it
was given (see :class:`timeline.widgets.source.TimelineViews`, the in-memory side, for the
questions): the controls' options with the whole scan's counts, its span, the per-event
figures' organisation, a selection per filter state, and each chart's view of it — computed by
the engine (:mod:`timeline.scale.views`), so only those small values reach Python.

>>> ex = Explorer(timeline.scan("acled.parquet"))
"""

from __future__ import annotations

import importlib
from pathlib import Path

from ..filters import DIMENSIONS, Filters
from . import views as V
from .scan import ScanSelection, ScanTimeline

__all__ = ["ScanViews", "EXPORT"]

#: Where the page of a scan's view is written from: ``(module, function)``, the function taking
#: ``(scan, path, filters=...)`` as :func:`timeline.export.write_html` takes a Timeline (the
#: page of ``timeline export --scan``).
EXPORT = ("timeline.scale.export", "write_scan_html")


class ScanViews:
    """The views of one :class:`~timeline.scale.scan.ScanTimeline` an explorer shows."""

    def __init__(self, scan: ScanTimeline):
        self.data = scan
        self.name, self.notes = scan.name, tuple(scan.meta.get("notes") or ())
        self.basis = V.TimelineBasis(scan)
        figures = scan.figures
        self.is_dataset, self.main_reporter = figures["is_dataset"], figures["main"]
        self.phases: tuple = ()  # a converted file holds no phases

    @property
    def span(self):
        return self.data.span

    def options(self) -> dict[str, list[tuple[str, str, int]]]:
        """Per dimension with choices, its options with the whole scan's counts (the labels of
        :meth:`~timeline.filters.Dimension.options_of`, as in memory)."""
        places = self.data.places[["id", "name", "name_ar"]]
        out = {}
        for dim in DIMENSIONS:
            if dim.kind in ("choices", "min_level"):
                v = self.data.values(dim.name)
                out[dim.name] = dim.options_of(v["value"].astype(str), v["n"], places)
        return out

    def check(self, filters: Filters) -> None:
        """Raise :class:`~timeline.filters.UnknownFilterValue` for a value the scan does not have."""
        self.data.select(filters)

    def select(self, filters: Filters) -> ScanSelection:
        return self.data.select(filters)

    def timeline(self, sel: ScanSelection, zoom, max_markers: int):
        return V.timeline_view(sel, zoom, max_markers=max_markers, basis=self.basis)

    def counts(self, sel: ScanSelection):
        return sel.counts("D")

    def deaths(self, sel: ScanSelection):
        return sel.deaths("W")

    def toll(self, sel: ScanSelection):
        return V.toll_view(sel)

    def map(self, sel: ScanSelection, size_by: str):
        return sel.map(size_by)

    def summary(self, sel: ScanSelection):
        return sel.summary()

    def table(self, sel: ScanSelection, max_rows: int):
        return sel.table(max_rows)

    def filtered(self, filters: Filters):
        raise TypeError("Explorer.view is the filtered Timeline in memory, which the explorer of a scan does not "
                        "build (its events may not fit in memory): read the kept rows with "
                        "ex.selection.table(max_rows), the counts with ex.selection.counts(); for a Timeline, read "
                        "the file before `timeline convert` with timeline.io.read_acled or read_ucdp_ged")

    def export(self, path: Path, filters: Filters) -> None:
        """Write the page of the view (the scan's export, when installed); a ``LookupError``
        saying how otherwise."""
        module, name = EXPORT
        try:
            found = importlib.import_module(module)
        except ModuleNotFoundError as e:
            if e.name != module:
                raise
            found = None
        write = getattr(found, name, None)
        if write is None:
            raise LookupError("export from a scan needs `timeline export --scan`")
        write(self.data, path, filters=filters)
