"""The map's view: dots per place and category, and the places that are not on the map.

:func:`map_view` turns a :class:`~timeline.views.Selection` into a :class:`MapView` — numpy
over the index's codes (:meth:`~timeline.index.EventIndex.map_counts`), the same for 44 events
or a million. What does not depend on the filters — the region framed, the base map, whether
the coast gets an inset, which traces the chart has — is a :class:`MapFrame` of the whole
timeline, kept with the hover lines already written in a :class:`MapContext` (one per
timeline; hold it and pass it to every :func:`map_view` of that timeline).

>>> ctx = MapContext(index_of(tl))
>>> view = map_view(select(tl, Filters(categories=["military"])), ctx)
>>> view.n[:3], view.unplaced[0].names[:2]
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from ..labels import date_text, esc
from ..geo import COAST_REGION, GEO_TOPOJSON, in_region, region_for
from ..index import EventIndex, positions
from ..schema import CATEGORIES
from . import Selection
from .deaths import event_figures

__all__ = ["MapFrame", "MapContext", "Unplaced", "MapView", "map_view", "by_size", "span_text", "joined_lines", "HOVER_EVENTS", "MAX_LISTED",
           "UNPLACED_HEADINGS", "SIZE_BY"]

#: Events listed in the hover of a dot (then "and N more").
HOVER_EVENTS = 8
#: Places listed beside the map per heading, at most (the chart may list fewer to fit).
MAX_LISTED = 40
#: the headings of the list beside the map, by the status of its places
UNPLACED_HEADINGS = {"none": "No coordinates", "outside": "Outside the map area"}
TITLES = 8  # event titles in the hover of a place listed beside the map

_CATS = np.asarray(list(CATEGORIES), dtype=object)


@dataclass(frozen=True)
class MapFrame:
    """What the map of one timeline draws whatever the filters.

    ``region``: ``{"lon": (west, east), "lat": (south, north)}`` of the main map;
    ``topojson``: the base map (``"asia_50m"`` for Syria, ``"world_110m"`` elsewhere);
    ``syria``: the frame is Syria's (the chart names the neighbours and notes the Golan's
    borders); ``inset``: the region of the coastal inset, or ``None``; ``categories`` /
    ``inset_categories``: the categories with a dot in the main map / in the inset, biggest
    first (their order of drawing: smaller dots on top)."""

    region: dict
    topojson: str
    syria: bool
    inset: dict | None
    categories: tuple[str, ...]
    inset_categories: tuple[str, ...]


@dataclass(frozen=True)
class Unplaced:
    """The places of one heading beside the map ("No coordinates", "Outside the map area"),
    most events first: ``names``, ``counts`` (distinct kept events) and ``titles`` (a few
    titles of their events, for the hover) — at most :data:`MAX_LISTED` — and the places and
    events not listed (``rest_places``, ``rest_events``)."""

    heading: str
    names: tuple[str, ...]
    counts: tuple[int, ...]
    titles: tuple[tuple[str, ...], ...]
    rest_places: int
    rest_events: int


@dataclass(frozen=True, eq=False)
class MapView:
    """What the map shows of a selection.

    Dots — one row per (place, category) with kept events, inside ``frame.region``, by place
    row then category: ``place`` (row of ``tl.places``), ``place_id``, ``category`` (names),
    ``n`` (distinct kept events), ``lon``/``lat`` (the place's), ``name``, and for the hover
    (escaped HTML) ``header`` ("<b>Latakia</b> · اللاذقية (Latakia)") and ``lines`` ("• date —
    title" of the first :data:`HOVER_EVENTS` events, then "and N more").
    ``n_events``: events kept; ``n_unplaced``: kept events on no dot of the main map;
    ``unplaced``: the places listed beside the map; ``span_text``; ``publishers`` (most cited
    first). ``size_by``: what the dots' areas show, ``"events"`` (``n``) or ``"deaths"``: then
    ``deaths`` holds, per dot, the sum of the per-event figures ``reporter`` gave for its kept
    events (:mod:`timeline.views.deaths`; an event at two places counts at both)."""

    frame: MapFrame
    place: np.ndarray
    place_id: np.ndarray
    category: np.ndarray
    n: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    name: np.ndarray
    header: np.ndarray
    lines: np.ndarray
    n_events: int
    n_unplaced: int
    unplaced: tuple[Unplaced, ...]
    span_text: str
    publishers: tuple[str, ...]
    size_by: str = "events"
    deaths: np.ndarray | None = None
    reporter: str | None = None


SIZE_BY = ("events", "deaths")


class MapContext:
    """The map of one timeline, across its views: the :attr:`frame` (from the whole timeline),
    which places are on the map, and each event's hover line once written (only events a view
    shows are written). Hold one per timeline and pass it to :func:`map_view`."""

    def __init__(self, index: EventIndex):
        self.index = index
        places = index.tl.places
        self._lat = places["lat"].to_numpy(dtype=float)
        self._lon = places["lon"].to_numpy(dtype=float)
        self._text = {c: places[c].to_numpy(dtype=object) for c in ("id", "name")}
        self._lines = np.full(index.n, None, dtype=object)

    @cached_property
    def _whole(self) -> dict:
        return self.index.map_counts(np.ones(self.index.n, dtype=bool), HOVER_EVENTS)

    @cached_property
    def frame(self) -> MapFrame:
        mc = self._whole
        place, n = mc["place"], mc["n"]
        per_place = np.bincount(place, weights=n, minlength=len(self._lat)) if place.size else np.zeros(len(self._lat))
        rows = np.flatnonzero(per_place)
        region, topo = region_for(self._lon[rows], self._lat[rows], per_place[rows])
        syria = topo == GEO_TOPOJSON
        inside = in_region(self._lon[place], self._lat[place], region)
        in_coast = inside & in_region(self._lon[place], self._lat[place], COAST_REGION)
        inset = COAST_REGION if syria and np.unique(place[in_coast]).size >= 2 else None
        return MapFrame(region=region, topojson=topo, syria=syria, inset=inset,
                        categories=by_size(mc["category"][inside], n[inside]),
                        inset_categories=by_size(mc["category"][in_coast], n[in_coast]) if inset else ())

    @cached_property
    def _places(self) -> dict:
        """Place rows on the map, without coordinates and outside it; and what each needs."""
        ix, region = self.index, self.frame.region
        has = ~np.isnan(self._lat) & ~np.isnan(self._lon)
        inside = has & in_region(self._lon, self._lat, region)
        unmapped = np.r_[np.flatnonzero(~has), -1]  # -1: a place id not in the places table
        outside = np.flatnonzero(has & ~inside)
        link = ix.places
        label_row = positions(pd.Series(link.labels, dtype="object"), ix.tl.places["id"])
        return {"inside": inside, "placed": ix.events_with_place(np.flatnonzero(inside)),
                "groups": [(h, rows, bool(ix.events_with_place(rows).any()))
                           for h, rows in ((UNPLACED_HEADINGS["none"], unmapped),
                                           (UNPLACED_HEADINGS["outside"], outside))],
                "label_row": label_row}

    @cached_property
    def headers(self) -> np.ndarray:
        """The first line of a dot's hover, per place row: "<b>name</b> · Arabic name (governorate)"."""
        pl = self.index.tl.places
        name, ar, adm = (esc(pl[c]).to_numpy(dtype=object) for c in ("name", "name_ar", "admin1"))
        return np.array([f"<b>{n}</b>{' · ' + a if a else ''} ({d})" for n, a, d in zip(name, ar, adm)], dtype=object)

    @cached_property
    def _event_groups(self) -> tuple[np.ndarray, np.ndarray, int]:
        """``(event, group)``: each (event, dot of the map's groups) pair once — group = place row
        × categories + category, as :meth:`~timeline.index.EventIndex.map_counts` numbers them."""
        ix = self.index
        link = ix.places
        n_cat = len(_CATS)
        row = np.append(self._places["label_row"], -1)[link.code]
        ev = link.event
        cat = np.where(ev >= 0, ix.category[np.maximum(ev, 0)].astype(np.int64), -1)
        ok = (ev >= 0) & (row >= 0) & (cat >= 0)
        ev, group = ev[ok].astype(np.int64), row[ok] * n_cat + cat[ok]
        size = len(self._lat) * n_cat
        if not link.identity:
            pair = np.unique(ev * max(size, 1) + group)
            ev, group = pair // max(size, 1), pair % max(size, 1)
        return ev, group, size

    def dot_deaths(self, per_event: np.ndarray, place: np.ndarray, category: np.ndarray) -> np.ndarray:
        """Per dot (``place`` row, ``category`` code): the sum of ``per_event`` over its events."""
        ev, group, size = self._event_groups
        if self.index.places.identity:  # one place row per event, in event order
            if "_group_of_event" not in self.__dict__:
                g = np.full(self.index.n, size, dtype=np.int64)  # size: on no dot
                g[ev] = group
                self.__dict__["_group_of_event"] = g
            by_group = np.bincount(self.__dict__["_group_of_event"], weights=per_event, minlength=size + 1)
        else:
            by_group = np.bincount(group, weights=per_event[ev], minlength=size)
        return by_group[place * len(_CATS) + category].astype(np.int64)

    def lines(self, pos: np.ndarray) -> np.ndarray:
        """The hover line "• date — title" of the events at positions ``pos`` (escaped)."""
        cache = self._lines
        if not len(pos):
            return np.zeros(0, dtype=object)
        missing = np.unique(pos[pd.isna(cache[pos])])
        if missing.size:
            ev = self.index.tl.events.iloc[missing]
            prec = ev["date_precision"].astype("object").astype("str")
            dates = date_text(ev["start"], ev["end"].where((prec != "month").to_numpy(), ev["span_end"]), prec)
            cache[missing] = ("• " + dates + " — " + esc(ev["title"].reset_index(drop=True))).to_numpy(dtype=object)
        return cache[pos]


def by_size(category: np.ndarray, n: np.ndarray) -> tuple[str, ...]:
    """Category names by their number of events, biggest first (ties alphabetical)."""
    if not category.size:
        return ()
    sums = np.bincount(category, weights=n, minlength=len(_CATS))
    names = [str(_CATS[c]) for c in np.flatnonzero(sums)]
    return tuple(sorted(sorted(names), key=lambda c: -sums[list(CATEGORIES).index(c)]))


def span_text(span) -> str:
    if span is None:
        return "no events"
    a, b = span
    return f"{a.day} {a:%b %Y} – {b.day} {b:%b %Y}"


def joined_lines(mc: dict, lines: np.ndarray, limit: int) -> np.ndarray:
    """Each group's hover lines joined with ``<br>``, then "and N more" past ``limit``."""
    size = len(mc["place"])
    joined = np.full(size, "", dtype=object)
    g = mc["line_group"]
    if g.size:
        order = np.argsort(g, kind="stable")  # each group's lines in the order given
        g, line = g[order], lines[order].tolist()
        bounds = np.r_[np.flatnonzero(np.r_[True, g[1:] != g[:-1]]), g.size]
        for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
            joined[g[a]] = "<br>".join(line[a:b])
    more = mc["total"] > limit
    if more.any():
        joined[more] = joined[more] + "<br>and " + (mc["total"][more] - limit).astype(str).astype(object) + " more"
    return joined


def _unplaced(ctx: MapContext, mask: np.ndarray, heading: str, place_rows: np.ndarray) -> Unplaced | None:
    """The places of ``place_rows`` where kept events are, most events first."""
    ix, tl = ctx.index, ctx.index.tl
    rows, events = ix.map_rows(mask, place_rows)
    if not rows.size:
        return None
    code = ix.places.code[rows]  # place id (label) of each link row
    n_labels = len(ix.places.labels)
    pair = np.unique(code.astype(np.int64) * (ix.n + 1) + events)  # an event listed twice counts once
    counts = np.bincount(pair // (ix.n + 1), minlength=n_labels)
    present = np.flatnonzero(counts)
    label_row = ctx._places["label_row"][present]
    names_tbl = ctx._text["name"]
    names = np.array([str(names_tbl[r]) if r >= 0 else str(ix.places.labels[c]) for r, c in zip(label_row, present)],
                     dtype=object)
    order = np.lexsort((names, -counts[present]))
    present, names = present[order], names[order]
    shown, rest = present[:MAX_LISTED], present[MAX_LISTED:]
    # a few titles per listed place: distinct titles of its first rows (in file order)
    titles_col = tl.events["title"]
    sub = np.flatnonzero(np.isin(code, shown))
    sub = sub[np.argsort(code[sub], kind="stable")]
    starts = np.flatnonzero(np.r_[True, code[sub][1:] != code[sub][:-1]])
    run = np.diff(np.r_[starts, sub.size])
    sub = sub[np.concatenate([np.arange(a, a + k) for a, k in zip(starts, np.minimum(run, 4 * TITLES))])]
    by_code: dict[int, list[str]] = {int(c): [] for c in shown}
    for c, e in zip(code[sub].tolist(), events[sub].tolist()):
        got = by_code[c]
        if len(got) < TITLES:
            t = str(titles_col.iat[e])
            if t not in got:
                got.append(t)
    return Unplaced(heading=heading, names=tuple(names[:MAX_LISTED].tolist()),
                    counts=tuple(int(k) for k in counts[shown]),
                    titles=tuple(tuple(by_code[int(c)]) for c in shown),
                    rest_places=int(rest.size), rest_events=int(counts[rest].sum()))


def map_view(sel: Selection, context: MapContext | None = None, size_by: str = "events") -> MapView:
    """The map of ``sel``: its dots per place and category and the places it cannot place.
    ``context``: the :class:`MapContext` of ``sel.tl`` (one is made when ``None``; pass the
    same one to every view of a timeline to keep the work that does not depend on filters).
    ``size_by``: the dots' areas show their events (``"events"``) or the deaths given for them
    (``"deaths"``: the per-event figures of the organisation with the most, see
    :func:`timeline.views.deaths.deaths_view`)."""
    if size_by not in SIZE_BY:
        raise ValueError(f"unknown value {size_by!r} for `size_by` (expected one of: {', '.join(SIZE_BY)})")
    ctx = context if context is not None else MapContext(sel.index)
    if ctx.index is not sel.index:
        raise ValueError("map_view: the context belongs to another timeline (make one with MapContext(sel.index))")
    ix, mask = sel.index, sel.events
    frame, places = ctx.frame, ctx._places
    mc = ix.map_counts(mask, HOVER_EVENTS)
    lines = joined_lines(mc, ctx.lines(mc["line_event"]), HOVER_EVENTS)
    keep = places["inside"][mc["place"]]
    rows = mc["place"][keep]
    deaths = reporter = None
    if size_by == "deaths":
        reporter, per_event = event_figures(ix).event_deaths(sel)
        deaths = ctx.dot_deaths(per_event, rows, mc["category"][keep])
    text = ctx._text
    unplaced = []
    if sel.n:
        for heading, place_rows, present in places["groups"]:
            u = _unplaced(ctx, mask, heading, place_rows) if present else None
            if u is not None:
                unplaced.append(u)
    return MapView(
        frame=frame,
        place=rows, place_id=text["id"][rows],
        category=_CATS[mc["category"][keep]],
        n=mc["n"][keep].astype(np.int64),
        lon=ctx._lon[rows], lat=ctx._lat[rows],
        name=text["name"][rows], header=ctx.headers[rows],
        lines=lines[keep],
        n_events=sel.n,
        n_unplaced=sel.n - int(np.count_nonzero(mask & places["placed"])),
        unplaced=tuple(unplaced),
        span_text=span_text(sel.span),
        publishers=tuple(sel.publishers) if sel.n else (),
        size_by=size_by, deaths=deaths, reporter=reporter,
    )
