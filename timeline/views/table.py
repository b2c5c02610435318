"""The summary line and the events table of a selection: counts, and the first rows in date order.

The same computation for every size: the table reads only the rows it shows (the first ``max_rows``
kept events by start date, then end), with their places and sources taken from the index's link codes
and their per-event casualty figures from :mod:`timeline.views.deaths`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import Selection
from .deaths import Claim, event_figures

__all__ = ["Summary", "Row", "TableView", "RowSource", "summary_of", "summary_view", "table_view"]


@dataclass(frozen=True)
class Summary:
    """What the summary line says: ``n`` of ``n_total`` events, the sources and casualty figures the
    kept events and figures cite, and the dates in view (the filters' dates within the data's span)."""

    n: int
    n_total: int
    n_sources: int
    n_reports: int
    first: pd.Timestamp | None
    last: pd.Timestamp | None


@dataclass(frozen=True)
class Row:
    """One event of the table: its fields, its places as ``(id, name, name_ar)`` and its sources as
    ``(id, url, publisher, title)``, in the order the event lists them; ``killed``: its per-event
    casualty figures that the filters keep (:class:`~timeline.views.deaths.Claim`, each naming
    who gave it), in file order — never a running toll."""

    position: int
    id: str
    start: pd.Timestamp
    end: pd.Timestamp | None
    date_precision: str
    category: str
    title: str
    description: str
    confidence: str
    places: tuple[tuple[str, str, str], ...]
    sources: tuple[tuple[str, str, str, str], ...]
    killed: tuple[Claim, ...] = ()


@dataclass(frozen=True)
class TableView:
    """The first ``len(rows)`` of ``total`` kept events, in date order. ``has_killed``: the
    timeline has per-event casualty figures (the table then has a "Reported killed" column)."""

    rows: tuple[Row, ...]
    total: int
    max_rows: int
    has_killed: bool = False


def summary_of(n: int, n_total: int, n_sources: int, n_reports: int, span, filters) -> Summary:
    """The :class:`Summary` of ``n`` kept events of ``n_total``: its dates are the ``filters``'
    range clipped to the whole timeline's ``span`` (``None`` when it has no events). Every
    executor of the views (in memory, over a scan) makes its summary with this."""
    first = last = None
    if span is not None:
        first = filters.start if filters.start is not None else span[0]
        last = filters.end if filters.end is not None else span[1]
    return Summary(n, n_total, n_sources, n_reports, first, last)


def summary_view(sel: Selection) -> Summary:
    """The summary of a selection (dates: the filters' range clipped to the whole timeline's span)."""
    return summary_of(sel.n, len(sel.tl.events), sel.n_sources, sel.n_reports, sel.index.whole_span, sel.filters)


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


class RowSource:
    """What the table rows of one timeline read, looked up once: per value of the place and source
    link tables, its fields (``None`` when the id is not in ``places``/``sources``). Hold one per
    timeline (the explorer does) and pass it to :func:`table_view`."""

    def __init__(self, sel_or_index):
        ix = getattr(sel_or_index, "index", sel_or_index)
        self.index = ix
        tl = ix.tl
        self.places = self._lookup(ix.places.labels, tl.places, ("name", "name_ar"))
        self.sources = self._lookup(ix.sources.labels, tl.sources, ("url", "publisher", "title"))
        #: per event position, its table fields once read (see :func:`table_view`)
        self.rows: dict[int, tuple] = {}

    @staticmethod
    def _lookup(labels: np.ndarray, table: pd.DataFrame, cols: tuple[str, ...]) -> list[tuple | None]:
        first = table.drop_duplicates("id")
        where = pd.Index(first["id"].astype("object")).get_indexer(pd.Index(labels, dtype="object"))
        values = [first[c].to_numpy(dtype=object) for c in cols]
        return [None if w < 0 else (str(lab), *(_text(v[w]) for v in values)) for lab, w in zip(labels, where)]

    def labels(self, link, lookup: list, pos: np.ndarray) -> dict[int, list[tuple]]:
        """Per event position in ``pos``: the looked-up rows of its links, in link order."""
        rows = link.rows_of(pos)
        out: dict[int, list[tuple]] = {}
        for ev, code in zip(link.event[rows].tolist(), link.code[rows].tolist()):
            found = lookup[code] if code >= 0 else None
            if found is not None:
                out.setdefault(ev, []).append(found)
        return out


_COLUMNS = ("id", "start", "end", "date_precision", "category", "title", "description", "confidence")


def table_view(sel: Selection, max_rows: int = 200, source: RowSource | None = None) -> TableView:
    """The first ``max_rows`` kept events by start date (then end; undated last), with their places
    and sources. ``source``: the :class:`RowSource` of ``sel``'s timeline, when the caller keeps one."""
    source = source if source is not None and source.index is sel.index else RowSource(sel)
    ix, tl = sel.index, sel.tl
    pos = ix.first_positions(sel.events, max_rows)
    figures = event_figures(ix)
    has_killed = bool(len(figures.event))
    if not pos.size:
        return TableView((), sel.n, max_rows, has_killed)
    known = source.rows
    missing = np.asarray([q for q in pos.tolist() if q not in known], dtype=np.int64)
    if missing.size:  # each event's fields, places and sources are read once
        places = source.labels(ix.places, source.places, missing)
        sources = source.labels(ix.sources, source.sources, missing)
        shown = tl.events.iloc[missing]
        cols = {c: shown[c].to_numpy(dtype=object) for c in _COLUMNS}
        for k, q in enumerate(missing.tolist()):
            end = cols["end"][k]
            known[q] = (str(cols["id"][k]), cols["start"][k], None if pd.isna(end) else end,
                        _text(cols["date_precision"][k]), _text(cols["category"][k]), _text(cols["title"][k]),
                        _text(cols["description"][k]), _text(cols["confidence"][k]),
                        tuple(places.get(q, ())), tuple(sources.get(q, ())))
    rows = [Row(q, *known[q], figures.claims(sel, q) if has_killed else ()) for q in pos.tolist()]
    return TableView(tuple(rows), sel.n, max_rows, has_killed)
