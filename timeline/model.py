"""The :class:`Timeline`: validated, typed tables of events, places, sources, casualty reports and phases."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["Timeline"]


def _mask(df: pd.DataFrame, sel) -> np.ndarray:
    arr = np.asarray(sel) if not isinstance(sel, (set, frozenset)) else None
    if arr is not None and arr.dtype == bool and len(arr) == len(df):
        return arr
    values = list(sel) if isinstance(sel, (set, frozenset)) else sel
    if len(values) <= 1000:
        return df["id"].isin(values).to_numpy()
    from .aggregate import positions  # many ids: hash them once (Arrow) instead of isin

    return positions(df["id"], pd.Series(list(values), dtype="object").astype("str")) >= 0


def _distinct(col: pd.Series) -> np.ndarray:
    """The distinct non-missing values of a text column (hashed, not put in a Python set)."""
    return np.asarray(col.dropna().unique(), dtype=object).astype(str)


def _fmt_day(ts: pd.Timestamp) -> str:
    return f"{ts.day} {ts:%b %Y}"


@dataclass(frozen=True, eq=False)
class Timeline:
    """A sourced timeline. Build one with :func:`timeline.load`; treat it as read-only.

    Tables (pandas DataFrames, one row per CSV row, in file order):

    ``events``
        ``id``, ``start``, ``end`` (``datetime64``; ``end`` is NaT for one-day events),
        ``span_end`` (last day the event may cover: ``end`` or ``start``, and the last day of the
        month for month-precision dates), ``date_precision`` (category: day, approximate, month),
        ``title``, ``description``, ``category`` (category), ``place``, ``actors``, ``sources``
        (the ``;``-separated text as in the file), ``confidence`` (ordered category
        low < medium < high), ``notes``.
    ``places``
        ``id``, ``name``, ``name_ar``, ``admin1``, ``kind``, ``lat``, ``lon`` (float, NaN when
        not known), ``coord_source``.
    ``sources``
        ``id``, ``publisher``, ``title``, ``url``, ``published`` (NaT when not known), ``notes``.
    ``casualty_reports``
        one row per published figure; ``killed_*`` are nullable ``Int64`` (NA = not stated).
    ``phases``
        ``id``, ``name``, ``start``, ``end``, ``description``.

    Link tables (long format, for fast filtering): ``event_places`` (``event_id``,
    ``place_id``), ``event_sources`` (``event_id``, ``source_id``) and ``event_actors``
    (``event_id``, ``actor``).

    What reading a dataset file (:mod:`timeline.io`) found: ``notes`` (what was skipped,
    merged or detected, one sentence each), ``rejected`` (rows left out with
    ``bad_rows="skip"``: ``line``, ``problems`` and the row's fields as written), ``row_counts``
    (the rows of the file: ``rows`` = ``events`` + ``merged`` + ``rejected`` + ``ignored``) and
    ``as_of`` (the latest upload date the file gives, e.g. ACLED's ``timestamp``; ``None`` when
    it gives none).
    """

    events: pd.DataFrame
    places: pd.DataFrame
    sources: pd.DataFrame
    casualty_reports: pd.DataFrame
    phases: pd.DataFrame
    event_places: pd.DataFrame
    event_sources: pd.DataFrame
    event_actors: pd.DataFrame
    path: Path | None = None
    name: str = field(default="Syria timeline")
    notes: tuple[str, ...] = ()
    rejected: pd.DataFrame = field(default_factory=lambda: pd.DataFrame({"line": pd.Series([], dtype="int64"),
                                                                        "problems": pd.Series([], dtype="str")}))
    row_counts: dict[str, int] = field(default_factory=dict)
    as_of: pd.Timestamp | None = None

    # --- what a user asks first -------------------------------------------------------------
    def __len__(self) -> int:
        """Number of events."""
        return len(self.events)

    @property
    def span(self) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """First and last day covered by the events (``None`` when there are none)."""
        if self.events.empty:
            return None
        return self.events["start"].min(), self.events["span_end"].max()

    @property
    def reporters(self) -> list[str]:
        """Organisations that published casualty figures, alphabetically."""
        return sorted(self.casualty_reports["reported_by"].unique().tolist())

    @property
    def actors(self) -> list[str]:
        """Every actor named in the events, alphabetically."""
        return sorted(self.event_actors["actor"].unique().tolist())

    def event(self, event_id: str) -> pd.Series:
        """One event as a Series. Raises ``KeyError`` naming the id when it is unknown."""
        rows = self.events[self.events["id"] == event_id]
        if rows.empty:
            raise KeyError(f"no event with id {event_id!r}")
        return rows.iloc[0]

    def sources_of(self, event_id: str) -> pd.DataFrame:
        """The sources an event cites, in the order it cites them."""
        self.event(event_id)
        ids = self.event_sources.loc[self.event_sources["event_id"] == event_id, "source_id"]
        return self.sources.set_index("id").loc[ids.tolist()].reset_index()

    def places_of(self, event_id: str) -> pd.DataFrame:
        """The places of an event, in the order it lists them (English and Arabic names, coordinates)."""
        self.event(event_id)
        ids = self.event_places.loc[self.event_places["event_id"] == event_id, "place_id"]
        return self.places.set_index("id").loc[ids.tolist()].reset_index()

    def reports_for(self, event_id: str) -> pd.DataFrame:
        """Casualty figures published about one event."""
        self.event(event_id)
        return self.casualty_reports[self.casualty_reports["event"] == event_id]

    # --- derived timelines ------------------------------------------------------------------
    def subset(self, event_ids=None, report_ids=None) -> "Timeline":
        """A Timeline with only the given events and casualty reports (all when ``None``).

        ``event_ids``/``report_ids`` are ids, or boolean masks as long as the table.
        Places and sources are kept whole (see :meth:`pruned`); link tables follow the events.
        """
        from .aggregate import index_of  # link rows follow their events through cached positions

        ev, cr = self.events, self.casualty_reports
        ep, es, ea = self.event_places, self.event_sources, self.event_actors
        if event_ids is not None:
            keep = _mask(ev, event_ids)
            ix = index_of(self)
            ev = ev[keep]
            ep = ep[ix.link_keep("event_places", keep)]
            es = es[ix.link_keep("event_sources", keep)]
            ea = ea[ix.link_keep("event_actors", keep)]
        if report_ids is not None:
            cr = cr[_mask(cr, report_ids)]
        return replace(self, events=ev, casualty_reports=cr, event_places=ep, event_sources=es,
                       event_actors=ea)

    def pruned(self) -> "Timeline":
        """The same Timeline with only the sources and places its events and figures still use."""
        src_ids = np.union1d(_distinct(self.event_sources["source_id"]), _distinct(self.casualty_reports["source"]))
        place_ids = _distinct(self.event_places["place_id"])
        return replace(self, sources=self.sources[self.sources["id"].isin(src_ids)],
                       places=self.places[self.places["id"].isin(place_ids)])

    # --- text -------------------------------------------------------------------------------
    def span_text(self) -> str:
        span = self.span
        if span is None:
            return "no events"
        return f"{_fmt_day(span[0])} – {_fmt_day(span[1])}"

    def summary(self) -> str:
        """A few lines for people: counts, span, reporters."""
        cr = self.casualty_reports
        lines = [
            f"{self.name}: {len(self)} events, {self.span_text()}",
            f"  {len(self.sources)} sources, {len(self.places)} places, {len(self.phases)} phases",
            f"  {len(cr)} casualty figure{'s' if len(cr) != 1 else ''} from {len(self.reporters)} "
            f"reporter{'s' if len(self.reporters) != 1 else ''}: "
            + (", ".join(self.reporters) if self.reporters else "none"),
        ]
        if len(self):
            counts = self.events["category"].value_counts(sort=False)
            lines.append("  by category: " + ", ".join(f"{k} {v}" for k, v in counts.items() if v))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"<Timeline {self.name!r}: {len(self)} events, {self.span_text()}; "
            f"{len(self.sources)} sources; {len(self.casualty_reports)} casualty figures "
            f"from {len(self.reporters)} reporters>"
        )
