"""What the page needs to share a view: the rules of its links, and the events' CSV as columns.

:func:`share_block` gives the page's ``share`` entry, read by ``timeline/assets/export/share.js``:

- ``link``: :func:`timeline.filters.link_spec`, so the page writes and reads the same fragments
  as :meth:`~timeline.filters.Filters.to_fragment` / :meth:`~timeline.filters.Filters.from_fragment`;
- ``csv``: the columns of :func:`timeline.formats.csv_table` (each as its distinct cell texts and
  a code per event, events in the page's order), ``row`` (each event's row in the timeline, the
  order the CSV keeps) and the escaping rules (:func:`timeline.formats.csv_rules`), so the page's
  "Download these events (CSV)" writes what :func:`timeline.formats.to_csv` writes for the same
  events. Past :data:`CSV_BUDGET` bytes (compressed), or past :data:`CSV_MAX_EVENTS` events
  (whose columns would not fit it), the columns are left out and the page says to use
  ``timeline export --to csv``.
"""

from __future__ import annotations

import numpy as np

from .. import formats
from ..filters import link_spec
from ..model import Timeline

__all__ = ["CSV_BUDGET", "CSV_MAX_EVENTS", "share_block"]

#: The most the CSV's columns may add to a page, compressed (bytes).
CSV_BUDGET = 3_000_000
#: Above this many events the CSV's columns are not built (ACLED-shaped events take about 45
#: bytes each compressed, so they would not fit :data:`CSV_BUDGET`).
CSV_MAX_EVENTS = 50_000


def _size(column) -> int:
    """Bytes a page column adds (compressed ones: their gzip, else their JSON as a rough size)."""
    if isinstance(column, dict):
        return len(column["gzip"]) * 3 // 4
    return sum(len(str(v)) + 3 for v in column)


def share_block(tl: Timeline, pos: np.ndarray, int_column, text_column, budget: int | None = CSV_BUDGET) -> dict:
    """The page's ``share`` entry (see the module doc). ``pos``: each event's position in the
    page, by row of ``tl.events``; ``int_column``/``text_column``: how the page's columns are
    written (``timeline.export.payload``'s, with its choice of compression bound)."""
    if budget is not None and len(tl) > CSV_MAX_EVENTS:
        return {"link": link_spec(), "csv": _omitted(f"For {len(tl):,} events, the events as a CSV file would not fit "
                                                      "in this page")}
    order = np.argsort(pos, kind="stable")  # page position -> row of tl.events
    columns = []
    size = 0
    for c in formats.csv_columns(tl):
        col = {"name": c["name"], "text": c["text"], "values": text_column(c["values"]),
               "codes": int_column(c["codes"][order])}
        size += _size(col["values"]) + _size(col["codes"])
        columns.append(col)
    csv: dict = {"rules": formats.csv_rules(), "row": int_column(order), "columns": columns,
                 "omitted": None}
    if budget is not None and size > budget:
        csv = _omitted(f"The events as a CSV file would add {size / 1e6:.1f} MB to this page, so they are not in it")
    return {"link": link_spec(), "csv": csv}


def _omitted(why: str) -> dict:
    return {"rules": formats.csv_rules(), "row": [], "columns": [],
            "omitted": why + ": timeline export --to csv, with the same filters, writes them."}
