"""The :class:`Timeline`: validated, typed tables of events, places, sources, casualty reports and phases."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["Timeline", "actor_table_from_names"]

#: The columns of ``Timeline.actor_table`` (those of ``actors.csv``).
_ACTOR_COLUMNS = ["id", "name", "name_ar", "kind", "aliases", "notes"]


def actor_table_from_names(names: pd.Series) -> pd.DataFrame:
    """An actors table for free-text names: each distinct name is its own id, with no kind."""
    from .schema import ACTOR_KINDS

    uniq = pd.Series(pd.unique(pd.Series(names).astype("str")), dtype="str")
    blank = pd.Series([""] * len(uniq), dtype="str")
    kind = pd.Series(pd.Categorical([None] * len(uniq), categories=list(ACTOR_KINDS)))
    return pd.DataFrame({"id": uniq, "name": uniq, "name_ar": blank, "kind": kind,
                         "aliases": blank.copy(), "notes": blank.copy()})


def _report_sources_from(cr: pd.DataFrame) -> pd.DataFrame:
    """The link table ``report_sources`` from the ``sources`` text (or an older single ``source``)."""
    from .validate import split_list

    col = "sources" if "sources" in cr else "source" if "source" in cr else None
    if col is None or cr.empty:
        return pd.DataFrame({"report_id": pd.Series([], dtype="str"), "source_id": pd.Series([], dtype="str")})
    items = split_list(cr[col].astype("str").reset_index(drop=True))
    return pd.DataFrame({"report_id": cr["id"].to_numpy()[items["pos"].to_numpy()],
                         "source_id": items["item"].to_numpy()}).astype("str")


def _mask(df: pd.DataFrame, sel) -> np.ndarray:
    """Rows of ``df`` selected by ``sel``: a boolean mask as long as ``df``, or ids."""
    arr = np.asarray(sel) if not isinstance(sel, (set, frozenset)) else None
    if arr is not None and arr.dtype == bool and len(arr) == len(df):
        return arr
    values = list(sel) if isinstance(sel, (set, frozenset)) else list(sel)
    return df["id"].isin(pd.Series(values, dtype="object").astype("str")).to_numpy()


def _distinct(col: pd.Series) -> np.ndarray:
    """The distinct non-missing values of a text column (hashed, not put in a Python set)."""
    return np.asarray(col.dropna().unique(), dtype=object).astype(str)


def _kept_reports(report_sources: pd.DataFrame, cr: pd.DataFrame) -> np.ndarray:
    """Which rows of ``report_sources`` belong to a report still in ``cr``."""
    return report_sources["report_id"].isin(cr["id"]).to_numpy()


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

    ``actor_table``
        ``id``, ``name``, ``name_ar``, ``kind`` (category), ``aliases`` (``;``-separated),
        ``notes``: the rows of ``actors.csv``; for a folder without it (and for ACLED or UCDP
        data) one row per distinct actor name, the name as id and no kind.

    Link tables (long format, for fast filtering): ``event_places`` (``event_id``,
    ``place_id``), ``event_sources`` (``event_id``, ``source_id``), ``event_actors``
    (``event_id``, ``actor`` — the actor's display name — and ``actor_id``) and
    ``report_sources`` (``report_id``, ``source_id``: the sources of each casualty figure;
    ``casualty_reports["sources"]`` keeps the ``;``-separated text).

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
    report_sources: pd.DataFrame | None = None
    actor_table: pd.DataFrame | None = None
    notes: tuple[str, ...] = ()
    rejected: pd.DataFrame = field(default_factory=lambda: pd.DataFrame({"line": pd.Series([], dtype="int64"),
                                                                        "problems": pd.Series([], dtype="str")}))
    row_counts: dict[str, int] = field(default_factory=dict)
    as_of: pd.Timestamp | None = None

    def __post_init__(self) -> None:
        # Built here when a reader does not give them (readers of other formats, older code).
        if "actor_id" not in self.event_actors:
            object.__setattr__(self, "event_actors", self.event_actors.assign(actor_id=self.event_actors["actor"]))
        if self.report_sources is None:
            object.__setattr__(self, "report_sources", _report_sources_from(self.casualty_reports))
        if self.actor_table is None:
            object.__setattr__(self, "actor_table", actor_table_from_names(self.event_actors["actor"]))

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
        (:meth:`timeline.index.EventIndex.timeline_of` does the same from masks, faster on large
        timelines.)
        """
        ev, cr = self.events, self.casualty_reports
        ep, es, ea = self.event_places, self.event_sources, self.event_actors
        if event_ids is not None:
            keep = _mask(ev, event_ids)
            ev = ev[keep]
            kept_ids = ev["id"]
            ep = ep[ep["event_id"].isin(kept_ids).to_numpy()]
            es = es[es["event_id"].isin(kept_ids).to_numpy()]
            ea = ea[ea["event_id"].isin(kept_ids).to_numpy()]
        rs = self.report_sources
        if report_ids is not None:
            cr = cr[_mask(cr, report_ids)]
            rs = rs[_kept_reports(rs, cr)]
        return replace(self, events=ev, casualty_reports=cr, event_places=ep, event_sources=es,
                       event_actors=ea, report_sources=rs)

    def pruned(self) -> "Timeline":
        """The same Timeline with only the sources, places and actors its events and figures still use."""
        rs = self.report_sources
        rs = rs[_kept_reports(rs, self.casualty_reports)]
        src_ids = np.union1d(_distinct(self.event_sources["source_id"]), _distinct(rs["source_id"]))
        place_ids = _distinct(self.event_places["place_id"])
        actor_ids = _distinct(self.event_actors["actor_id"])
        return replace(self, sources=self.sources[self.sources["id"].isin(src_ids)],
                       places=self.places[self.places["id"].isin(place_ids)],
                       actor_table=self.actor_table[self.actor_table["id"].isin(actor_ids)],
                       report_sources=rs)

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
