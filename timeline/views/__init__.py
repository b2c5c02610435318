"""Views: the small values each chart shows, computed the same way for 44 events or a million.

A :class:`Selection` is what one filter state keeps of one timeline: boolean masks over its
events and its casualty figures (from the integer codes of :mod:`timeline.index`), an optional
zoom, and what several views share — the span, the events under way per day, the publishers
cited — computed once, when first asked for. The view modules turn a Selection into frozen
values that a chart module (:mod:`timeline.charts`) paints:

- :mod:`timeline.views.timeline` — lanes of events, or per-day density when too many are in view;
- :mod:`timeline.views.counts`   — events per period and category;
- :mod:`timeline.views.toll`     — the reported tolls: steps and spread per organisation;
- :mod:`timeline.views.map`      — dots per place and category, and the places not on the map;
- :mod:`timeline.views.table`    — the summary line and the rows of the events table;
- :mod:`timeline.views.shared`   — what the timeline and counts views of one index share.

>>> sel = select(tl, Filters(categories=["military"]))
>>> sel.n, sel.span
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
import pandas as pd

from ..filters import Filters, check_known
from ..index import EventIndex, index_of
from ..labels import publisher_order
from ..model import Timeline

__all__ = ["Selection", "select", "select_view"]


def _us(ts) -> int:
    return int(np.datetime64(pd.Timestamp(ts).to_datetime64(), "us").astype(np.int64))


#: the cached values of a Selection that depend on its events and figures only, not on its zoom
_EVENT_VALUES = ("n", "n_reports", "span", "daily", "source_usage", "publishers")


@dataclass(frozen=True, eq=False)
class Selection:
    """The events and casualty figures one filter state keeps, as masks over ``index.tl``.

    ``events``/``reports``: boolean masks over ``tl.events`` and ``tl.casualty_reports``.
    ``zoom``: ``(first, last)`` day of a zoomed date axis, or ``None``; it narrows only what
    :attr:`in_zoom` keeps (the timeline chart's events), never the other views.
    """

    index: EventIndex
    filters: Filters
    events: np.ndarray
    reports: np.ndarray
    zoom: tuple[pd.Timestamp, pd.Timestamp] | None = None

    @property
    def tl(self) -> Timeline:
        """The whole timeline the selection is taken from."""
        return self.index.tl

    @cached_property
    def n(self) -> int:
        """Events kept."""
        return int(np.count_nonzero(self.events))

    @cached_property
    def n_reports(self) -> int:
        """Casualty figures kept."""
        return int(np.count_nonzero(self.reports))

    @cached_property
    def span(self) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """First and last day of the kept events (``Timeline.span`` of the filtered timeline)."""
        return self.index.span(self.events)

    @cached_property
    def daily(self) -> np.ndarray:
        """Kept events under way per day and category (see :meth:`EventIndex.daily_counts`)."""
        return self.index.daily_counts(self.events)

    @cached_property
    def source_usage(self) -> tuple[int, pd.Series]:
        """``(n_sources, citations per publisher)`` of the kept events and figures."""
        return self.index.source_usage(self.events, self.reports)

    @property
    def n_sources(self) -> int:
        """Rows of ``sources`` the kept events and figures cite."""
        return self.source_usage[0]

    @cached_property
    def publishers(self) -> list[str]:
        """Publishers the kept events cite, most cited first."""
        return publisher_order(self.source_usage[1])

    @cached_property
    def in_zoom(self) -> np.ndarray:
        """:attr:`events` narrowed to the zoomed days (the same mask when not zoomed)."""
        if self.zoom is None:
            return self.events
        lo, hi = self.zoom
        ix = self.index
        return self.events & (ix.span_us >= _us(pd.Timestamp(lo).normalize())) & (ix.start_us <= _us(hi))

    def zoomed(self, zoom: tuple | None) -> "Selection":
        """The same selection with another zoom (``None``: the whole range). A zoom narrows only
        :attr:`in_zoom`: what the selection computed of its events is kept."""
        if zoom is not None:
            zoom = (pd.Timestamp(zoom[0]), pd.Timestamp(zoom[1]))
        if zoom == self.zoom:
            return self
        out = replace(self, zoom=zoom)
        out.__dict__.update({k: v for k, v in self.__dict__.items() if k in _EVENT_VALUES})
        return out


def select(tl: Timeline, filters: Filters | dict | None = None, zoom=None) -> Selection:
    """What ``filters`` keeps of ``tl`` (everything when ``None``), as a :class:`Selection`.
    The codes of ``tl`` are computed on first use and kept while ``tl`` lives. A value ``tl``
    does not have is a :class:`~timeline.filters.UnknownFilterValue`."""
    if filters is None:
        filters = Filters()
    elif isinstance(filters, dict):
        filters = Filters.from_dict(filters)
    check_known(tl, filters)
    ix = index_of(tl)
    ev = ix.event_mask(filters)
    cr = ix.report_mask(filters, ev)
    return Selection(ix, filters, ev, cr).zoomed(zoom)


def select_view(full: Timeline, view: Timeline) -> Selection:
    """The selection of ``full`` that keeps exactly the events and casualty figures of ``view``
    (a timeline :func:`~timeline.filters.apply_filters` or :meth:`Timeline.subset` made from
    ``full``)."""
    ix = index_of(full)
    ev = full.events["id"].isin(view.events["id"]).to_numpy()
    cr = full.casualty_reports["id"].isin(view.casualty_reports["id"]).to_numpy()
    return Selection(ix, Filters(), ev, cr)
