"""Codes computed once per Timeline, so filtering and aggregating a million events is numpy work.

Pure numpy/pandas: no plotly, nothing drawn, the Timeline never modified.

- :func:`positions` — where each key sits in a column of values (Arrow hashing), ``-1`` when absent.
- :func:`index_of` — the :class:`EventIndex` of a Timeline, built on first use and cached for
  as long as the Timeline lives.
- :class:`EventIndex` — integer codes of the events (microseconds, days, category and confidence
  codes), of the link tables (event positions, value codes) and of the casualty figures, built
  lazily (a part is built the first time something needs it). With them:

  * :meth:`EventIndex.event_mask` / :meth:`EventIndex.report_mask` — what
    :func:`timeline.filters.apply_filters` keeps, as boolean masks (a few vectorised comparisons
    and table look-ups; the text search reads text only when a search is given);
  * :meth:`EventIndex.daily_counts` — events under way per day and category (one ``bincount``);
  * :meth:`EventIndex.month_counts`, :meth:`EventIndex.span`, :meth:`EventIndex.source_usage`
    (``n_sources`` and ``publisher_counts``), :meth:`EventIndex.first_positions`,
    :meth:`EventIndex.map_counts` and :meth:`EventIndex.sub_timeline` — what the summary, the table,
    the counts chart and the map need, as small arrays.

The results are exactly those of the pandas implementations they replace (tests compare them);
the figures module turns them into plotly traces.
"""

from __future__ import annotations

import weakref
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .codes import (
    Link, as_us, days_of_us, first_kept, label_codes, lookup_table, positions, ranges, ts_us,
)
from .schema import CATEGORIES, CONFIDENCE
from .search import TextColumn, normalize, words

if TYPE_CHECKING:  # pragma: no cover
    from .model import Timeline

__all__ = ["EventIndex", "index_of", "positions", "clear_caches"]

_CATS = list(CATEGORIES)
_LEVELS = list(CONFIDENCE)
_MAX = np.iinfo(np.int64).max
_MIN = np.iinfo(np.int64).min




# ------------------------------------------------------------------------------------------------
# Text search
# ------------------------------------------------------------------------------------------------

#: How many searched words' results an index keeps (a new word containing one of them is only
#: searched among that word's events: typing a word letter by letter reads each text once).
_WORDS_KEPT = 24


# ------------------------------------------------------------------------------------------------
# The index
# ------------------------------------------------------------------------------------------------

class EventIndex:
    """Integer codes of one Timeline for fast filtering and aggregation (see the module doc).
    A text search reads each text column only for the events no link table or earlier column
    already matched, and keeps each word's result for the next searches."""

    def __init__(self, tl: "Timeline"):
        self.tl = tl
        self.n = len(tl.events)

    def derived(self, key, build):
        """``build(self)``, built on first use and kept with the index: what the views of one
        timeline compute once, whatever the filters, lives here (``key`` names it)."""
        store = self.__dict__.setdefault("_derived", {})
        if key not in store:
            store[key] = build(self)
        return store[key]

    # --- events ------------------------------------------------------------------------------
    @cached_property
    def first(self) -> np.ndarray | None:
        """``None`` when event ids are unique (always, for a validated Timeline); else, per row,
        the first row with the same id (so a filter by id keeps every row of that id)."""
        ids = self.tl.events["id"]
        if ids.is_unique:
            return None
        return positions(ids, ids)

    @cached_property
    def start_us(self) -> np.ndarray:
        us = as_us(self.tl.events["start"])
        return np.where(us == _MIN, _MAX, us)  # NaT: never before an end date

    @cached_property
    def span_us(self) -> np.ndarray:
        return as_us(self.tl.events["span_end"])  # NaT: the smallest int64, never after a start date

    @cached_property
    def category(self) -> np.ndarray:
        return label_codes(self.tl.events["category"], _CATS)

    @cached_property
    def confidence(self) -> np.ndarray:
        return label_codes(self.tl.events["confidence"], _LEVELS)

    @cached_property
    def month_only(self) -> np.ndarray:
        return (self.tl.events["date_precision"] == "month").to_numpy(dtype=bool, na_value=False)

    def _link(self, name: str, column: str) -> Link:
        df = getattr(self.tl, name)
        return Link(positions(df["event_id"], self.tl.events["id"]), df[column], self.n)

    @cached_property
    def actors(self) -> Link:
        return self._link("event_actors", "actor")

    @cached_property
    def places(self) -> Link:
        return self._link("event_places", "place_id")

    @cached_property
    def sources(self) -> Link:
        return self._link("event_sources", "source_id")

    def link(self, name: str) -> Link:
        """The link table ``event_actors``, ``event_places`` or ``event_sources`` as codes."""
        return {"event_actors": self.actors, "event_places": self.places, "event_sources": self.sources}[name]

    def by_id(self, mask: np.ndarray) -> np.ndarray:
        """``mask`` widened to every row whose id is the id of a kept row (a no-op for unique ids)."""
        if self.first is None:
            return mask
        kept = np.zeros(self.n, dtype=bool)
        kept[self.first[mask]] = True
        return kept[self.first]

    def link_keep(self, name: str, mask: np.ndarray) -> np.ndarray:
        """Rows of a link table whose event is kept by ``mask`` (as ``isin(kept ids)``)."""
        return self.link(name).rows_kept(self.by_id(mask))

    # --- casualty figures ----------------------------------------------------------------------
    @cached_property
    def _reports(self) -> dict:
        cr = self.tl.casualty_reports
        ev = cr["event"].astype("object")
        code, labels = pd.factorize(cr["reported_by"], use_na_sentinel=True)
        pub = as_us(cr["published"])
        event = positions(cr["event"], self.tl.events["id"])
        return {
            "event": event, "event_clipped": np.maximum(event, 0),
            "identity": len(event) == self.n and bool(np.array_equal(event, np.arange(self.n))),
            "linked": (ev != "").to_numpy(dtype=bool, na_value=True),
            "reporter": np.asarray(code, dtype=np.int64),
            "reporters": np.asarray(labels, dtype=object),
            "published": pub,
            "has_published": pub != _MIN,
            "running": (cr["tally"] == "running").to_numpy(dtype=bool, na_value=False),
            # a figure about one event (ACLED's, GED's, an incident's toll) is dated by its event
            "by_event": ((ev != "") & (cr["tally"] == "incident")).to_numpy(dtype=bool, na_value=False),
        }

    @property
    def report_codes(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per casualty figure: ``(event position (-1: about no event of the timeline), reporter
        code, reporter names)``."""
        r = self._reports
        return r["event"], r["reporter"], r["reporters"]

    # --- filters -------------------------------------------------------------------------------
    # One kernel per dimension of :data:`timeline.filters.DIMENSIONS` (its ``kernel`` and
    # ``report_kernel``): ``kernel(f, mask) -> mask`` narrows a mask of events or of figures.
    def event_mask(self, f) -> np.ndarray:
        """The events a :class:`~timeline.filters.Filters` keeps: the event kernel of each of its
        dimensions that is set, in turn (the text search last, over what the others kept)."""
        mask = np.ones(self.n, dtype=bool)
        for dim in f.dimensions:
            if dim.kernel is not None and dim.is_set(f):
                mask = getattr(self, dim.kernel)(f, mask)
        return mask

    def report_mask(self, f, event_mask: np.ndarray) -> np.ndarray:
        """The casualty figures kept: the report kernel of each dimension that is set (the
        reporters, the day published within the dates); a figure about one event only when that
        event is kept."""
        r = self._reports
        mask = np.ones(len(r["event"]), dtype=bool)
        for dim in f.dimensions:
            if dim.report_kernel is not None and dim.is_set(f):
                mask = getattr(self, dim.report_kernel)(f, mask)
        kept = self.by_id(event_mask)
        if r["identity"]:  # figure i is about event i (ACLED, GED)
            return mask & kept
        mask &= ~r["linked"] | ((r["event"] >= 0) & kept[r["event_clipped"]])
        return mask

    def dates_mask(self, f, mask: np.ndarray) -> np.ndarray:
        """Events whose span (``start`` to ``span_end``) overlaps ``f.start``–``f.end``."""
        if f.start is not None:
            mask = mask & (self.span_us >= ts_us(f.start))
        if f.end is not None:
            mask = mask & (self.start_us <= ts_us(f.end))
        return mask

    def dates_report_mask(self, f, mask: np.ndarray) -> np.ndarray:
        """Casualty figures published within ``f.start``–``f.end`` — except a figure about one
        incident (``tally`` "incident", with its ``event``), which the dates of its event decide
        (it is kept with its event), whenever it was published or uploaded."""
        r = self._reports
        if f.start is not None:
            mask = mask & (r["by_event"] | (r["has_published"] & (r["published"] >= ts_us(f.start))))
        if f.end is not None:
            mask = mask & (r["by_event"] | (r["has_published"] & (r["published"] <= ts_us(f.end))))
        return mask

    def categories_mask(self, f, mask: np.ndarray) -> np.ndarray:
        """Events of one of ``f.categories``."""
        return mask & lookup_table(_CATS, f.categories)[self.category]

    def confidence_mask(self, f, mask: np.ndarray) -> np.ndarray:
        """Events at ``f.min_confidence`` or above."""
        return mask & (self.confidence >= _LEVELS.index(f.min_confidence))

    def _any_of(self, link: Link, chosen) -> np.ndarray:
        hit = np.zeros(self.n, dtype=bool)
        hit[link.event[np.flatnonzero(link.hits(chosen))]] = True
        return self.by_id(hit)

    def actors_mask(self, f, mask: np.ndarray) -> np.ndarray:
        """Events with one of ``f.actors`` among their actors."""
        return mask & self._any_of(self.actors, f.actors)

    def places_mask(self, f, mask: np.ndarray) -> np.ndarray:
        """Events at one of ``f.places`` (place ids)."""
        return mask & self._any_of(self.places, f.places)

    def reporters_report_mask(self, f, mask: np.ndarray) -> np.ndarray:
        """Casualty figures published by one of ``f.reporters``."""
        r = self._reports
        return mask & lookup_table(r["reporters"], f.reporters)[r["reporter"]]

    def words_mask(self, f, mask: np.ndarray) -> np.ndarray:
        """Events (among ``mask``) with every word of ``f.text`` (see :meth:`text_mask`)."""
        return self.text_mask(mask, f.text)

    def values(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """``(values, counts)`` of a dimension whose values come from the data: ``"actors"``
        (events per actor), ``"places"`` (events per place id; every id of ``tl.places``, with
        0 for the unused ones), ``"reporters"`` (casualty figures per organisation), or
        ``"categories"`` / ``"confidence"`` (events per category, per level, in vocabulary order)."""
        cache = self.__dict__.setdefault("_values", {})
        if name not in cache:
            cache[name] = self._values_of(name)
        return cache[name]

    def known(self, name: str) -> frozenset:
        """The values of :meth:`values` as a set (what a filter of that dimension may choose)."""
        cache = self.__dict__.setdefault("_known", {})
        if name not in cache:
            cache[name] = frozenset(self.values(name)[0].tolist())
        return cache[name]

    def _values_of(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        if name in ("categories", "confidence"):
            labels, codes = (_CATS, self.category) if name == "categories" else (_LEVELS, self.confidence)
            counts = np.bincount(codes[codes >= 0].astype(np.int64), minlength=len(labels))
            return np.asarray(labels, dtype=object), counts.astype(np.int64)
        if name == "reporters":
            r = self._reports
            labels, code = r["reporters"], r["reporter"]
        elif name in ("actors", "places"):
            link = self.actors if name == "actors" else self.places
            labels, code = link.labels, link.code[link.event >= 0]
        else:
            raise KeyError(f"no values for {name!r} (expected actors, places, reporters, categories, confidence)")
        counts = np.bincount(code[code >= 0], minlength=len(labels)).astype(np.int64)
        labels = np.asarray(labels, dtype=object)
        if name == "places":  # every place of the table, used or not
            ids = self.tl.places["id"].astype("object").to_numpy()
            extra = ids[~pd.Index(ids).isin(labels)]
            labels = np.concatenate([labels, extra])
            counts = np.concatenate([counts, np.zeros(len(extra), dtype=np.int64)])
        return labels, counts

    # --- text search ---------------------------------------------------------------------------
    @cached_property
    def _texts(self) -> dict:
        """The searched texts: per column of the events, a :class:`~timeline.search.TextColumn`; per label of the
        place link, its English and Arabic names; per label of the actor link, its name, its
        Arabic name and its aliases (from ``tl.actor_table``); all normalised by
        :func:`timeline.search.normalize`."""
        places = self.tl.places
        pos = positions(pd.Series(self.places.labels, dtype="object"), places["id"])
        en = np.append(places["name"].astype("object").to_numpy(), "")[pos]
        ar = np.append(places["name_ar"].astype("object").fillna("").to_numpy(), "")[pos]
        return {
            "columns": [TextColumn(self.tl.events[c]) for c in ("title", "notes", "description")],
            "places": [normalize(a) + "\n" + normalize(b) for a, b in zip(en, ar)],
            "actors": [normalize(a) for a in self.actor_texts()],
        }

    def actor_texts(self) -> list[str]:
        """Per label of the actor link: the texts a search finds it by — its name, and, when the
        timeline's ``actor_table`` names it, its Arabic name and its aliases — one per line."""
        table = getattr(self.tl, "actor_table", None)
        extra: dict[str, str] = {}
        if table is not None and len(table):
            cols = [c for c in ("name_ar", "aliases") if c in table.columns]
            for row in table[["name", *cols]].astype("object").fillna("").itertuples(index=False):
                extra[str(row[0])] = "\n".join(str(v).replace(";", "\n") for v in row[1:] if v)
        return [f"{a}\n{extra[a]}" if extra.get(a) else str(a) for a in self.actors.labels]

    def _search(self, word: str, idx: np.ndarray) -> np.ndarray:
        """For the events ``idx``: whether ``word`` (normalised) is in their title, notes,
        description, one of their places' English or Arabic names, or one of their actors'
        names. The link tables first (one look-up per name), then the columns, each only for
        the events still unmatched."""
        t = self._texts
        hit = np.zeros(idx.size, dtype=bool)
        for link, names in ((self.places, t["places"]), (self.actors, t["actors"])):
            in_name = np.fromiter((word in s for s in names), dtype=bool, count=len(names))
            if in_name.any() and len(link.event):
                rows = (link.event >= 0) & (link.code >= 0) & in_name[np.maximum(link.code, 0)]
                by_link = np.zeros(self.n, dtype=bool)
                by_link[link.event[rows]] = True
                hit |= by_link[idx]
        for column in t["columns"]:
            rest = np.flatnonzero(~hit)
            if not rest.size:
                break
            hit[rest] = column.contains(idx[rest], word)
        return hit

    def _word_hits(self, word: str) -> np.ndarray:
        """Per event: whether it holds ``word`` (see :meth:`_search`). Kept for the last words
        searched; a word containing one of them is only searched among that word's events."""
        cache: dict = self.__dict__.setdefault("_word_cache", {})
        if word in cache:
            cache[word] = cache.pop(word)  # most recently used last
            return cache[word]
        within = [m for w, m in cache.items() if w in word]
        idx = np.flatnonzero(min(within, key=np.count_nonzero)) if within else np.arange(self.n)
        out = np.zeros(self.n, dtype=bool)
        out[idx[self._search(word, idx)]] = True
        cache[word] = out
        while len(cache) > _WORDS_KEPT:
            cache.pop(next(iter(cache)))
        return out

    def text_mask(self, mask: np.ndarray, text: str) -> np.ndarray:
        """Events (among ``mask``) with every word of ``text`` (:func:`timeline.search.words`) in
        their title, description, notes, place names (English or Arabic) or actor names — each
        word may be in a different one of them; text compared as :func:`timeline.search.normalize`
        gives it (case, Arabic letter forms and marks folded). A word is searched in every event
        and its result kept, unless the other filters keep few events: then only in those."""
        out = mask.copy()
        cache: dict = self.__dict__.setdefault("_word_cache", {})
        for word in words(text):
            kept = np.flatnonzero(out)
            if not kept.size:
                break
            if word in cache or kept.size * 4 >= self.n:
                out &= self._word_hits(word)
            else:
                out[kept[~self._search(word, kept)]] = False
        return out

    # --- what the summary and the table need ---------------------------------------------------
    def span(self, mask: np.ndarray) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """First ``start`` and last ``span_end`` of the kept events (``Timeline.span`` of the view)."""
        first = first_kept(self._order, mask, 1)
        last = first_kept(self._order_end, mask, 1)
        if not first.size:
            return None
        lo, hi = self.start_us[first[0]], self.span_us[last[0]]
        if lo == _MAX or hi == _MIN:
            return None
        return pd.Timestamp(int(lo), unit="us"), pd.Timestamp(int(hi), unit="us")

    @cached_property
    def whole_span(self) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """:attr:`Timeline.span` of the whole timeline, computed once."""
        return self.tl.span

    @cached_property
    def _source_pos(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        src = self.tl.sources
        ids = src["id"]
        link = self.sources
        label_pos = positions(pd.Series(link.labels), ids)
        es_pos = np.where(link.code >= 0, np.append(label_pos, -1)[link.code], -1)
        cr_pos = positions(self.tl.report_sources["source_id"], ids)  # one per row of report_sources
        return es_pos, cr_pos, positions(ids, ids)

    @cached_property
    def _report_link_pos(self) -> np.ndarray:
        """Per row of ``report_sources``: the position of its report (``-1``: not in the table)."""
        return positions(self.tl.report_sources["report_id"], self.tl.casualty_reports["id"])

    def source_usage(self, event_mask: np.ndarray, report_mask: np.ndarray) -> tuple[int, pd.Series]:
        """``(n_sources, publisher_counts)`` in one pass: how many rows of ``sources`` the kept
        events and figures cite (``len(view.sources)``), and :meth:`publisher_counts`."""
        es_pos1, cr_pos1, first = self._source_pos1
        n_src = len(first)
        rows = self.link_keep("event_sources", event_mask)
        counts = np.bincount(es_pos1, weights=rows, minlength=n_src + 1)[1:].astype(np.int64)
        used = counts > 0
        if not self._reports_cite_their_events_sources:
            weights = np.append(np.asarray(report_mask, dtype=np.float64), 0.0)[self._report_link_pos]
            used |= np.bincount(cr_pos1, weights=weights, minlength=n_src + 1)[1:] > 0
        n = int(used[first].sum()) if n_src else 0
        return n, self._publishers(counts)

    def n_sources(self, event_mask: np.ndarray, report_mask: np.ndarray) -> int:
        """How many rows of ``sources`` the kept events and figures cite (``len(view.sources)``)."""
        return self.source_usage(event_mask, report_mask)[0]

    def publisher_counts(self, event_mask: np.ndarray) -> pd.Series:
        """Citations by the kept events per publisher (``value_counts`` of the publishers of
        ``view.event_sources``), as a Series indexed by publisher."""
        es_pos1, _, first = self._source_pos1
        rows = self.link_keep("event_sources", event_mask)
        counts = np.bincount(es_pos1, weights=rows, minlength=len(first) + 1)[1:].astype(np.int64)
        return self._publishers(counts)

    @cached_property
    def _reports_cite_their_events_sources(self) -> bool:
        """Figure ``i`` is about event ``i`` and cites its one source (ACLED, GED): a kept figure's
        event is kept, so the figures add no source the events do not cite already."""
        es_pos, cr_pos, _ = self._source_pos
        return bool(self._reports["identity"] and self.sources.identity and np.array_equal(es_pos, cr_pos))

    @cached_property
    def _source_pos1(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:attr:`_source_pos` plus one (``0``: an id not in the table), ready for ``bincount``."""
        es_pos, cr_pos, first = self._source_pos
        return es_pos + 1, cr_pos + 1, first

    def _publishers(self, counts: np.ndarray) -> pd.Series:
        code, names = self._publisher_codes
        total = np.bincount(code, weights=counts, minlength=len(names) + 1)[:len(names)].astype(np.int64)
        keep = total > 0
        return pd.Series(total[keep], index=pd.Index(names[keep], dtype="str"))

    @cached_property
    def _publisher_codes(self) -> tuple[np.ndarray, np.ndarray]:
        """Per row of ``sources``: the code of its publisher (missing ones: one past the last)."""
        code, names = pd.factorize(self.tl.sources["publisher"], use_na_sentinel=True)
        code = np.where(code < 0, len(names), code)
        return code, np.asarray(names, dtype=object)

    @cached_property
    def _order(self) -> np.ndarray:
        """Events by ``start`` then ``span_end`` (stable; NaT last), as the events table lists them."""
        span = np.where(self.span_us == _MIN, _MAX, self.span_us)
        return np.lexsort((span, self.start_us))

    @cached_property
    def _order_end(self) -> np.ndarray:
        """Events by ``span_end``, latest first (NaT last)."""
        return np.argsort(-self.span_us.astype(np.float64), kind="stable")

    def first_positions(self, mask: np.ndarray, k: int) -> np.ndarray:
        """Positions of the first ``k`` kept events in date order (see :attr:`_order`)."""
        return first_kept(self._order, mask, k)

    def timeline_of(self, event_mask: np.ndarray, report_mask: np.ndarray) -> "Timeline":
        """The Timeline of the events and casualty figures the masks keep, link rows following
        their events (as :meth:`Timeline.subset`); places, sources and phases whole."""
        tl = self.tl
        return replace(
            tl, events=tl.events[event_mask], casualty_reports=tl.casualty_reports[report_mask],
            event_places=tl.event_places[self.link_keep("event_places", event_mask)],
            event_sources=tl.event_sources[self.link_keep("event_sources", event_mask)],
            event_actors=tl.event_actors[self.link_keep("event_actors", event_mask)],
            report_sources=tl.report_sources[np.append(np.asarray(report_mask, dtype=bool), False)[self._report_link_pos]])

    def sub_timeline(self, event_pos: np.ndarray, report_mask: np.ndarray | None = None) -> "Timeline":
        """A small Timeline of the events at ``event_pos`` (in file order) with their link rows,
        the whole places, sources and phases, and the casualty figures of ``report_mask`` (none
        when ``None``). Cheap for a few thousand events of a large timeline."""
        tl = self.tl
        pos = np.sort(np.asarray(event_pos, dtype=np.int64))
        cr = tl.casualty_reports
        return replace(
            tl, events=tl.events.iloc[pos],
            event_places=tl.event_places.iloc[self.places.rows_of(pos)],
            event_sources=tl.event_sources.iloc[self.sources.rows_of(pos)],
            event_actors=tl.event_actors.iloc[self.actors.rows_of(pos)],
            casualty_reports=cr.iloc[0:0] if report_mask is None else cr[report_mask],
            report_sources=tl.report_sources[np.append(
                np.zeros(len(cr), dtype=bool) if report_mask is None else np.asarray(report_mask, dtype=bool),
                False)[self._report_link_pos]])

    # --- per day and per month -----------------------------------------------------------------
    @cached_property
    def _daily(self) -> dict:
        s_us = self.start_us
        ok = (s_us != _MAX) & (self.span_us != _MIN)
        s = np.where(ok, days_of_us(np.where(ok, s_us, 0)), 0)
        e = np.where(ok, days_of_us(np.where(ok, self.span_us, 0)), 0)
        day0 = int(s[ok].min()) if ok.any() else 0
        day1 = int(e[ok].max()) if ok.any() else -1
        n_cat = len(_CATS)
        cat = self.category.astype(np.int64)
        dated = ok & ~self.month_only & (cat >= 0) & (e >= s)
        k = np.where(dated, e - s + 1, 0)
        single = dated & (k == 1)
        size = max(day1 - day0 + 1, 0) * n_cat
        key1 = np.where(single, (s - day0) * n_cat + cat, size)  # others: a spare last bin
        multi = np.flatnonzero(dated & (k > 1))
        pair_ev = np.repeat(multi, k[multi])
        pair_day = ranges(s[multi], k[multi])
        # months of the events known only to the month
        mo = np.flatnonzero(ok & self.month_only & (cat >= 0))
        m_s = np.asarray(s[mo], dtype="datetime64[D]").astype("datetime64[M]").astype(np.int64)
        m_e = np.asarray(e[mo], dtype="datetime64[D]").astype("datetime64[M]").astype(np.int64)
        month0 = int(m_s.min()) if mo.size else 0
        n_months = int(m_e.max()) - month0 + 1 if mo.size else 0
        mk = np.maximum(m_e - m_s + 1, 0)
        month_ev = np.repeat(mo, mk)
        month_key = (ranges(m_s, mk) - month0) * n_cat + cat[month_ev]
        return {"day0": day0, "n_days": max(day1 - day0 + 1, 0), "single": single, "key1": key1,
                "pair_ev": pair_ev, "pair_key": (pair_day - day0) * n_cat + cat[pair_ev],
                "month0": month0, "n_months": n_months, "month_ev": month_ev, "month_key": month_key,
                "month_events": np.bincount(mo, minlength=self.n).astype(bool)}

    @property
    def day0(self) -> int:
        """Day number (days since 1970-01-01) of row 0 of :meth:`daily_counts`."""
        return self._daily["day0"]

    def daily_counts(self, mask: np.ndarray) -> np.ndarray:
        """Events under way per day and category, ``(n_days, n_categories)``: row ``i`` is day
        :attr:`day0` + ``i`` (the timeline's first to last day), columns in
        :data:`~timeline.schema.CATEGORIES` order. An event counts once on every day of its span;
        events known only to the month are left out — as ``events_per_period(view, "D")``."""
        d = self._daily
        size = d["n_days"] * len(_CATS)
        # bincount with the mask as weights: quicker than selecting with a random boolean mask
        counts = np.bincount(d["key1"], weights=mask, minlength=size + 1)[:size]
        if d["pair_ev"].size:
            counts = counts + np.bincount(d["pair_key"], weights=mask[d["pair_ev"]], minlength=size)
        return counts.reshape(d["n_days"], len(_CATS)).astype(np.int64)

    def month_counts(self, mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
        """Events known only to the month: ``(n_events, months, counts)`` with ``months`` as
        ``datetime64[M]`` and ``counts[i, c]`` the events of category ``c`` whose span touches
        month ``i`` — as ``month_only_events(view)``."""
        d = self._daily
        n = int(np.count_nonzero(mask & d["month_events"]))
        size = d["n_months"] * len(_CATS)
        counts = np.bincount(d["month_key"], weights=mask[d["month_ev"]], minlength=size)[:size] \
            .reshape(d["n_months"], len(_CATS))
        months = (d["month0"] + np.arange(d["n_months"])).astype("datetime64[M]")
        return n, months, counts.astype(np.int64)

    # --- the map ----------------------------------------------------------------------------------
    @cached_property
    def _map(self) -> dict:
        """Rows of ``event_places`` with a known event, as (event, place row, category) codes,
        sorted by (place, category, start day, row) for the hover lists."""
        link = self.places
        places = self.tl.places
        label_pos = positions(pd.Series(link.labels), places["id"])
        place = np.where(link.code >= 0, np.append(label_pos, -1)[link.code], -1)
        rows = np.flatnonzero(link.event >= 0)
        ev, pl = link.event[rows], place[rows]
        cat = self.category[ev].astype(np.int64)
        n_cat = len(_CATS)
        lat = places["lat"].to_numpy(dtype=float)
        lon = places["lon"].to_numpy(dtype=float)
        has = np.append(~np.isnan(lat) & ~np.isnan(lon), False)[pl]  # -1: unknown place id
        group = np.where(has & (cat >= 0), np.maximum(pl, 0) * n_cat + cat, -1)
        day = days_of_us(np.where(self.start_us[ev] == _MAX, 0, self.start_us[ev]))
        order = np.lexsort((rows, day, group))
        order = order[group[order] >= 0]
        g = group[order]
        pair = ev[order] * (len(places) + 1) + pl[order]  # an event listed twice at one place counts once
        _, first_pair = np.unique(pair, return_index=True)
        is_first = np.zeros(g.size, dtype=bool)
        is_first[first_pair] = True
        n_groups = len(places) * n_cat
        out = {"rows": rows, "event": ev, "place": pl, "has": has, "ev_sorted": ev[order], "group": g,
               "first_pair": is_first, "all_first": bool(is_first.all()), "n_groups": n_groups,
               "identity": link.identity}
        if link.identity:  # one row per event, in event order: work in event order where possible
            out["event_group1"] = group + 1  # 0: on no dot
            day_sorted = day[order] - (day.min() if day.size else 0)
            out["key_sorted"] = g * (1 << 32) + day_sorted
            out["day0"] = int(day.min()) if day.size else 0
            out["gstart"] = np.searchsorted(g, np.arange(n_groups), side="left")
            out["gend"] = np.searchsorted(g, np.arange(n_groups), side="right")
        return out

    def map_counts(self, mask: np.ndarray, limit: int = 8) -> dict:
        """Per (place with coordinates, category) with kept events, by place row then category:
        ``place`` (row of ``tl.places``), ``category`` (code), ``n``
        (distinct events) and ``total`` (link rows); and for the hover lists ``line_group`` /
        ``line_event``: the first ``limit`` rows of each group by start day (then file order),
        as group numbers into those arrays and event positions."""
        m = self._map
        if m["identity"]:
            return self._map_counts_by_event(mask, limit)
        g, ev_sorted = m["group"], m["ev_sorted"]
        size = m["n_groups"]
        kept = np.flatnonzero(mask[ev_sorted])
        gk = g[kept]
        total = np.bincount(gk, minlength=size)
        n = total if m["all_first"] else np.bincount(gk[m["first_pair"][kept]], minlength=size)
        if gk.size:
            starts = np.flatnonzero(gk[1:] != gk[:-1]) + 1
            starts = np.r_[0, starts]
            groups = gk[starts]  # by place row, then category
            # the first `limit` kept rows of each group: the kept rows are grouped, so each
            # group's are a run in `gk`; take the first `limit` of every run
            run = np.diff(np.r_[starts, gk.size])
            take = ranges(starts, np.minimum(run, limit))
            line_g, line_ev = gk[take], ev_sorted[kept[take]]
        else:
            groups = np.zeros(0, dtype=np.int64)
            line_g = line_ev = np.zeros(0, dtype=np.int64)
        slot = np.full(size, -1, dtype=np.int64)
        slot[groups] = np.arange(groups.size)
        n_cat = len(_CATS)
        return {"place": groups // n_cat, "category": groups % n_cat, "n": n[groups], "total": total[groups],
                "line_group": slot[line_g], "line_event": line_ev}

    def _map_counts_by_event(self, mask: np.ndarray, limit: int) -> dict:
        """:meth:`map_counts` when each event has exactly one place row (ACLED, GED): counts in
        event order, and for the hover lists only the first rows of each group are read — from
        the view's first day on — and the rest of a group only when those do not hold ``limit``
        kept events. The result is the same."""
        m, size, n_cat = self._map, self._map["n_groups"], len(_CATS)
        eg = m["event_group1"]
        total = np.bincount(eg, weights=mask, minlength=size + 1)[1:].astype(np.int64)
        present = np.flatnonzero(total)
        empty = np.zeros(0, dtype=np.int64)
        if not present.size:
            return {"place": empty, "category": empty, "n": empty, "total": empty, "line_group": empty,
                    "line_event": empty}
        groups = present  # by place row, then category
        # hover lists: the first `limit` kept rows of each group (rows sorted by start day)
        day_first = int(days_of_us(self.start_us[first_kept(self._order, mask, 1)[0]])) - m["day0"]
        lo = np.maximum(m["gstart"][groups], np.searchsorted(m["key_sorted"], groups * (1 << 32) + day_first))
        hi = m["gend"][groups]
        lines_g, lines_ev = [], []
        got = np.zeros(groups.size, dtype=np.int64)
        head = 3 * limit
        while True:
            cnt = np.minimum(hi - lo, head)
            cnt[got >= np.minimum(limit, total[groups])] = 0
            if not cnt.any():
                break
            idx = ranges(lo, cnt)
            slot = np.repeat(np.arange(groups.size), cnt)
            kept = mask[m["ev_sorted"][idx]]
            cs = np.cumsum(kept)
            seg = np.cumsum(cnt) - cnt  # where each group's rows start in idx
            before = np.repeat(np.where(seg > 0, cs[np.maximum(seg - 1, 0)], 0), cnt)
            rank = got[slot] + cs - before - 1
            take = kept & (rank < limit)
            lines_g.append(slot[take])
            lines_ev.append(m["ev_sorted"][idx[take]])
            got += np.bincount(slot[kept], minlength=groups.size)
            lo = lo + cnt
            head *= 8
        return {"place": groups // n_cat, "category": groups % n_cat, "n": total[groups], "total": total[groups],
                "line_group": np.concatenate(lines_g) if lines_g else empty,
                "line_event": np.concatenate(lines_ev) if lines_ev else empty}

    def map_rows(self, mask: np.ndarray, place_rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Link rows (of ``event_places``) of kept events at the given place rows, or at a place
        id missing from ``tl.places`` (``-1``): ``(row numbers, event positions)`` in file order."""
        m = self._map
        want = np.zeros(len(self.tl.places) + 1, dtype=bool)
        want[np.asarray(place_rows, dtype=np.int64)] = True
        sel = mask[m["event"]] & want[m["place"]]
        return m["rows"][sel], m["event"][sel]

    def events_with_place(self, place_rows: np.ndarray) -> np.ndarray:
        """Per event: whether one of its places is among ``place_rows`` (rows of ``tl.places``;
        ``-1`` for a place id missing from it)."""
        m = self._map
        want = np.zeros(len(self.tl.places) + 1, dtype=bool)
        want[np.asarray(place_rows, dtype=np.int64)] = True
        hit = np.zeros(self.n, dtype=bool)
        hit[m["event"][want[m["place"]]]] = True
        return hit


_INDEX: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def index_of(tl: "Timeline") -> EventIndex:
    """The :class:`EventIndex` of ``tl``, built on first use and kept while ``tl`` lives."""
    ix = _INDEX.get(tl)
    if ix is None:
        ix = _INDEX[tl] = EventIndex(tl)
    return ix


def clear_caches() -> None:
    """Forget every cached index (for benchmarks that time work done from scratch)."""
    _INDEX.clear()
