"""A lazy timeline over Parquet files: its filters and views computed by DuckDB, only small results in Python.

:func:`scan` opens a file written by :func:`timeline.scale.convert.convert` (or a folder of
them, or an Ibis table of the same columns on the DuckDB backend) as a :class:`ScanTimeline`.
:meth:`ScanTimeline.select` gives a :class:`ScanSelection` — the SQL condition of one filter
state (:mod:`timeline.scale.sql`, the twins of the numpy kernels) — and the functions of
:mod:`timeline.scale.views` compute the views of :mod:`timeline.views` from it, returning the same frozen values
(:class:`~timeline.views.counts.CountsView`, :class:`~timeline.views.deaths.DeathsView`,
:class:`~timeline.views.map.MapView`, :class:`~timeline.views.table.Summary`,
:class:`~timeline.views.table.TableView`), so the chart painters paint them unchanged.

The first view copies the columns the filters and aggregates read most (dates, codes, place,
figure) into one table of the engine (:attr:`ScanTimeline.hot`: the texts and lists stay in the
files), with each event's grid cell (first day, length, category, month-only, reporter) and dot
(place, category) as integer codes, and groups it three ways (:meth:`ScanTimeline.cube`): per grid
cell and confidence (with the dates), per dot and confidence, per list of sources, category and
confidence. A change then asks for three aggregates — the events per grid cell, which gives the
counts per day or week, the events known only to the month, the deaths and the summary; the
events per dot; the events per list of sources — each of the grouped table whose columns hold
every filter that is set (the same conditions, :mod:`timeline.scale.sql`, on the same columns),
else of the kept events of the narrow table; then the first rows in date order, and the first
events of each dot for the hover, looked for in a window of days past each dot's first kept one.
The texts and lists are read from the files only for the conditions on them (words, actors: once
per filter state, the kept rows kept in a table of the engine), the table's rows and the hover
lines, the last two narrowed to the days they fall on. Individual events reach Python only as
table rows and hover lines.

>>> tl = timeline.scan("acled.parquet")
>>> sel = tl.select(Filters(categories=["military"]))
>>> sel.counts().values.sum(), sel.summary().n
"""

from __future__ import annotations

import tempfile

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from ..filters import Filters, UnknownFilterValue
from ..geo import COAST_REGION, GEO_TOPOJSON, in_region, region_for
from ..labels import date_text, esc, publisher_order
from ..schema import CATEGORIES
from ..views.deaths import DATASET_SHARE
from ..views.map import (HOVER_EVENTS, MapFrame, by_size)
from . import require_duckdb
from .convert import FORMATS, VERSION, read_meta
from .sql import EVENT_SQL, NARROW, reporters_where, where

__all__ = ["scan", "ScanTimeline", "ScanSelection", "CATS", "N_CAT", "DAY_US", "DAY_SQL", "day_ts", "period_start"]

CATS = list(CATEGORIES)
N_CAT = len(CATS)
DAY_US = 86_400_000_000
DAY_SQL = f"(epoch_us(\"start\") // {DAY_US})"
_END = f"(epoch_us(span_end) // {DAY_US})"
# the grid cell of an event: first day, length in days, category + 1, month-only, reporter + 1
_G_DAY, _G_LEN, _G_CAT, _G_MONTH = 1 << 30, 1 << 10, 1 << 5, 1 << 4
# the dot of an event: place row, category
_D_PLACE = 32
# an event's order in its dot: first day, then row
_K_DAY = 1 << 34
# the ranks looked at, past a dot's first kept one, for its first events
_WINDOW = 4 * HOVER_EVENTS
_REST = frozenset(EVENT_SQL) - NARROW
# The grouped tables of the narrow one (ScanTimeline.cube). Each: the event kernels whose columns
# it keeps; its one integer key, of hot's columns (every part non-negative but the first day, so
# that shifts and masks decode it); its columns, of the key (reported_by and place_id: bound
# lists by code); the same columns of one event of hot (when the filters need the events); its
# values (name: the expression of one event, the aggregate of a group); the events it holds.
_CUBES: dict[str, dict] = {
    "cells": {
        "covers": frozenset({"dates_mask", "categories_mask", "confidence_mask"}),
        "key": "gkey * 4 + (confidence_code + 1)",
        "columns": {"g": "key >> 6", "rc": "(key >> 2) & 15", "category_code": "((key >> 7) & 31) - 1",
                    "confidence_code": "(key & 3) - 1", "start": f"make_timestamp((key >> 32) * {DAY_US})",
                    "span_end": f"make_timestamp(((key >> 32) + ((key >> 12) & 1048575)) * {DAY_US})",
                    "reported_by": "list_extract(?::VARCHAR[], ((key >> 2) & 15)::INT)"},
        "rows": {"g": "gkey >> 4", "rc": "rc", "reported_by": "reported_by"},
        "values": {"n": ("1", "count(*)"), "n_rep": ("(reported_by IS NOT NULL)::BIGINT", "count(reported_by)"),
                   "nf": ("(killed_total IS NOT NULL)::BIGINT", "count(killed_total)"),
                   "k": ("killed_total", "sum(killed_total)")},
        "only": "TRUE"},
    "dot_cells": {
        "covers": frozenset({"categories_mask", "confidence_mask", "places_mask"}),
        "key": "dkey::BIGINT * 64 + rc * 4 + (confidence_code + 1)",
        "columns": {"dkey": "(key >> 6)::INT", "rc": "(key >> 2) & 15", "category_code": "(key >> 6) & 31",
                    "confidence_code": "(key & 3) - 1", "place_id": "list_extract(?::VARCHAR[], (key >> 11)::INT + 1)",
                    "reported_by": "list_extract(?::VARCHAR[], ((key >> 2) & 15)::INT)"},
        "rows": {"dkey": "dkey", "rc": "rc", "reported_by": "reported_by"},
        "values": {"n": ("1", "count(*)"), "k": ("killed_total", "sum(killed_total)"), "d0": ("gkey", "min(gkey)"),
                   "d1": ("gkey", "max(gkey)")},
        "only": "dkey IS NOT NULL"},
    "source_cells": {
        "covers": frozenset({"categories_mask", "confidence_mask"}),
        "key": "scode * 64 + (category_code + 1) * 4 + (confidence_code + 1)",
        "columns": {"scode": "key >> 6", "category_code": "((key >> 2) & 15) - 1", "confidence_code": "(key & 3) - 1"},
        "rows": {"scode": "scode"},
        "values": {"n": ("1", "count(*)")},
        "only": "TRUE"},
}
_RANGES = {"lo": ("coalesce(killed_total_low, killed_total)", "sum(coalesce(killed_total_low, killed_total))"),
           "hi": ("coalesce(killed_total_high, killed_total)", "sum(coalesce(killed_total_high, killed_total))")}


def _quote(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def scan(source, format: str = "acled", *, connection=None) -> "ScanTimeline":
    """A lazy timeline over ``source``: a Parquet file written by ``timeline convert`` (or
    :func:`timeline.scale.convert.convert`), a folder of such files, or an Ibis table with the
    same columns on the DuckDB backend. ``format``: the dataset the file was converted from
    (``"acled"``, ``"ucdp"``, ``"gdelt"``; checked against the file's metadata). ``connection``: a DuckDB
    connection to use (default: a new in-memory one). Needs the ``scale`` extra."""
    duckdb = require_duckdb()
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r} for scan (expected one of: {', '.join(FORMATS)}; convert "
                         f"other files first with: timeline convert FILE OUT.parquet --format {'|'.join(FORMATS)})")
    meta: dict = {}
    if isinstance(source, (str, Path)):
        path = Path(source)
        files = sorted(path.glob("*.parquet")) if path.is_dir() else [path]
        if not files or not all(f.is_file() for f in files):
            raise FileNotFoundError(f"{path}: no Parquet file (expected a file written by 'timeline convert', or a "
                                    "folder of them)")
        if any(f.suffix.lower() == ".csv" for f in files):
            raise ValueError(f"{path}: a CSV file is read into memory by timeline.io; for scan, convert it first: "
                             f"timeline convert {path} OUT.parquet --format {format}")
        metas = [read_meta(f) for f in files]
        meta = metas[0]
        for f, m in zip(files, metas):
            if m.get("format") not in (None, format):
                raise ValueError(f"{f}: converted from {m['format']} data, not {format}")
            if m.get("version", 1) < VERSION:
                raise ValueError(f"{f}: converted by an older version of timeline convert; convert it again: "
                                 f"timeline convert FILE {f.name} --format {format}")
        places = [m.get("place_ids") for m in metas]
        if any(p != places[0] for p in places[1:]):
            raise ValueError(f"{path}: its files were converted separately (their places differ); convert the "
                             "rows together into one file, or scan each file on its own")
        # DuckDB spills to ".tmp" in the working folder by default: a user's project folder would fill
        # with hundreds of MB; spill to the system's temporary folder instead.
        spill = Path(tempfile.gettempdir()) / "syria-timeline-duckdb"
        con = connection or duckdb.connect(config={"threads": 2, "temp_directory": str(spill)})
        relation = f"read_parquet([{', '.join(_quote(f) for f in files)}])"
        name = meta.get("name") or path.name
        meta = {**meta, "files": metas}
    else:  # an Ibis table
        import ibis

        backend = ibis.get_backend(source)
        con = getattr(backend, "con", None)
        if con is None or backend.name != "duckdb":
            raise ValueError(f"scan takes Ibis tables of the DuckDB backend (got the {backend.name} backend)")
        relation = f"({ibis.to_sql(source, dialect='duckdb')})"
        name = "Ibis table"
    return ScanTimeline(con, relation, name, meta, format)


class ScanTimeline:
    """A timeline whose events stay in the engine. ``name``, ``meta`` (what ``timeline convert``
    recorded), ``format``; ``len()`` the events; :meth:`select` a filter state. What the views
    need of the whole timeline (its places, categories, span, per-event figures' organisation)
    is asked once, when first needed; selections are kept for the filter states seen last."""

    def __init__(self, con, relation: str, name: str, meta: dict, format: str):
        self.con, self.relation, self.name, self.meta, self.format = con, relation, name, meta, format
        con.execute("SET enable_progress_bar = false")  # the views' queries print nothing
        con.execute("SET parquet_metadata_cache = true")  # each read of the files parses their footers once
        self._lines: dict[int, str] = {}
        self._selections: dict = {}

    def forget(self) -> None:
        """Drop the selections kept for the filter states seen last (the whole timeline's stays)."""
        self._selections.clear()

    def kept_rows(self, condition: str, params: list) -> str:
        """The name of an engine's table of the rows of the files that hold ``condition`` (a
        condition on the texts and lists: words, actors), read once; the last eight are kept."""
        tables = self.__dict__.setdefault("_kept_rows", {})
        key = (condition, repr(params))
        name = tables.pop(key, None)
        if name is None:
            made = self.__dict__["_kept_made"] = self.__dict__.get("_kept_made", 0) + 1
            name = f"timeline_kept_{id(self):x}_{made}"
            self.con.execute(self._sql(f'CREATE TEMP TABLE {name} AS SELECT "row" FROM {{events}} WHERE {condition}'),
                             list(params))
        tables[key] = name
        while len(tables) > 8:
            self.con.execute(f"DROP TABLE {tables.pop(next(iter(tables)))}")
        return name

    def _sql(self, sql: str) -> str:
        sql = sql.replace("{events}", self.relation)
        return sql.replace("{hot}", self.hot) if "{hot}" in sql else sql

    def query(self, sql: str, params=()) -> pd.DataFrame:
        """Run ``sql`` (``events`` stands for the timeline's rows, ``hot`` for :attr:`hot`) and
        return a small frame."""
        return self.con.execute(self._sql(sql), list(params)).df()

    def arrays(self, sql: str, params=()) -> dict[str, np.ndarray]:
        """As :meth:`query`, the columns as numpy arrays (for results without nulls)."""
        return self.con.execute(self._sql(sql), list(params)).fetchnumpy()

    @cached_property
    def reporters(self) -> tuple[str, ...]:
        """Who gave the per-event figures, in order (their codes in :attr:`hot`)."""
        d = self.con.execute(f"SELECT DISTINCT reported_by AS r FROM {self.relation} WHERE reported_by IS NOT NULL "
                             "ORDER BY 1").df()
        if len(d) > 14:
            raise ValueError(f"{self.name}: figures from {len(d)} organisations (at most 14 can be scanned)")
        return tuple(str(r) for r in d["r"])

    @cached_property
    def hot(self) -> str:
        """The name of the engine's table (a view of it) of the columns the filters and
        aggregates read most, with each event's grid cell ``gkey``, dot ``dkey``, list of sources
        ``scode`` and reporter code ``rc`` (0 without a figure; made when first needed)."""
        name = f"timeline_hot_{id(self):x}"
        rcase = " ".join(f"WHEN {_quote(r)} THEN {i}" for i, r in enumerate(self.reporters))
        rcode = f"(CASE reported_by {rcase} ELSE -1 END)" if rcase else "-1"
        file_index = "file_index" if self.relation.startswith("read_parquet(") else "0"
        ranges = ", killed_total_low, killed_total_high" if self.format == "ucdp" else ""
        dkey = f"CASE WHEN place_row IS NOT NULL AND category_code >= 0 THEN place_row * {_D_PLACE} + category_code END"
        # the reporter is kept as its code; the view gives its name back (computed only when read)
        self.con.execute(
            f'CREATE TEMP TABLE {name}_rows AS SELECT "row", "start", span_end, category_code, '
            f"confidence_code, place_id, place_row, killed_total{ranges}, "
            f"{DAY_SQL}::BIGINT * {_G_DAY} + ({_END} - {DAY_SQL}) * {_G_LEN} + (category_code::INT + 1) * {_G_CAT} + "
            f"(date_precision = 'month')::INT * {_G_MONTH} + rc AS gkey, ({dkey})::INT AS dkey, "
            f"part * 4294967296 + sources_code AS scode, rc "
            f"FROM (SELECT *, ({rcode} + 1)::TINYINT AS rc, {file_index}::BIGINT AS part FROM {self.relation})")
        names = ", ".join(_quote(r) for r in self.reporters)
        self.con.execute(f"CREATE TEMP VIEW {name} AS SELECT *, list_extract([{names}]::VARCHAR[], rc) AS reported_by "
                         f"FROM {name}_rows")
        if file_index != "0":  # a folder: the rows of its files must not overlap
            r = self.con.execute(f'SELECT scode >> 32 AS f, min("row") AS a, max("row") AS b FROM {name}_rows '
                                 "GROUP BY f ORDER BY a").fetchall()
            if any(r[i + 1][1] <= r[i][2] for i in range(len(r) - 1)) and self.con.execute(
                    f'SELECT count(DISTINCT "row") < count(*) FROM {name}_rows').fetchone()[0]:
                self.con.execute(f"DROP VIEW {name}")
                self.con.execute(f"DROP TABLE {name}_rows")
                raise ValueError(f"{self.name}: the files' events overlap (the same rows in several files, as when "
                                 "the same rows are converted twice); scan each file on its own")
        return name

    def values_of(self, cube: str) -> dict[str, tuple[str, str]]:
        """The values of the grouped table ``cube`` (see :meth:`cube`): name: (the expression of
        one event, the aggregate of a group)."""
        values = dict(_CUBES[cube]["values"])
        if cube == "cells" and self.format == "ucdp":
            values.update(_RANGES)
        return values

    def rows_as(self, cube: str, condition: str = "TRUE") -> str:
        """The events of :attr:`hot` that hold ``condition``, as rows of the columns ``cube``'s
        aggregates read (one event a row)."""
        spec = _CUBES[cube]
        cols = [f"{e} AS {n}" for n, e in spec["rows"].items()]
        cols += [f"{e} AS {n}" for n, (e, _) in self.values_of(cube).items()]
        return f"SELECT {', '.join(cols)} FROM {{hot}} WHERE ({spec['only']}) AND ({condition})"

    def cube(self, name: str) -> str | None:
        """The engine's table of :attr:`hot` grouped by ``name``'s key — ``cells`` (grid cell,
        reporter, confidence: with the dates and category), ``dot_cells`` (dot, reporter,
        confidence: with the place and category), ``source_cells`` (list of sources, category,
        confidence) — the columns the filters read decoded from the key, each group's values
        summed; ``None`` when it would not be much smaller than :attr:`hot`, or (``cells``) when
        some dates are not whole days (then the events are read instead). Made when first needed."""
        cubes = self.__dict__.setdefault("_cubes", {})
        if name not in cubes:
            cubes[name] = self._make_cube(name)
        return cubes[name]

    def _make_cube(self, name: str) -> str | None:
        spec = _CUBES[name]
        if name == "cells" and self.con.execute(self._sql(
                f'SELECT count(*) FROM {{hot}} WHERE epoch_us("start") % {DAY_US} <> 0 OR '
                f"epoch_us(span_end) % {DAY_US} <> 0")).fetchone()[0]:
            return None
        places = self.meta.get("place_ids")
        params, cols = [], []
        for col, e in spec["columns"].items():
            if col == "place_id" and places is None:
                return None
            params += [list(self.reporters)] if col == "reported_by" else [places] if col == "place_id" else []
            cols.append(f"{e} AS {col}")
        values = self.values_of(name)
        table = f"timeline_{name}_{id(self):x}"
        self.con.execute(self._sql(
            f"CREATE TEMP TABLE {table} AS SELECT {', '.join(cols)}, {', '.join(values)} FROM (SELECT "
            f"{spec['key']} AS key, {', '.join(f'{a}::BIGINT AS {n}' for n, (_, a) in values.items())} "
            f"FROM {{hot}} WHERE {spec['only']} GROUP BY key)"), params)
        size = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        if size > max(self.n // 2, 200_000):
            self.con.execute(f"DROP TABLE {table}")
            return None
        return table

    @cached_property
    def source_lists(self) -> dict[int, tuple[str, ...]]:
        """The list of source ids of each ``scode`` of :attr:`hot`."""
        files = self.meta.get("files")
        if files and all("source_lists" in m for m in files):
            return {k * 4294967296 + c: tuple(ids or ()) for k, m in enumerate(files)
                    for c, ids in enumerate(m["source_lists"])}
        d = self.query("SELECT sources_code AS c, any_value(source_ids) AS ids FROM {events} GROUP BY 1")
        return {int(c): tuple(ids) for c, ids in zip(d["c"], d["ids"])}

    @cached_property
    def citing(self) -> dict[str, np.ndarray]:
        """The lists of sources as flat arrays: ``codes`` (each list's ``scode``, sorted),
        ``owner`` (per cited source, its list's position in ``codes``), ``source`` and
        ``publisher`` (its code), ``publishers`` (the names of those codes)."""
        lists = self.source_lists
        codes = np.array(sorted(lists), dtype=np.int64)
        ids = [i for c in codes.tolist() for i in lists[c]]
        pub = self.publisher_of
        source, _ = pd.factorize(pd.Series(ids, dtype=object))
        publisher, names = pd.factorize(pd.Series([pub[i] for i in ids], dtype=object))
        owner = np.repeat(np.arange(codes.size), [len(lists[c]) for c in codes.tolist()])
        return {"codes": codes, "owner": owner, "source": source, "publisher": publisher,
                "publishers": np.asarray(names, dtype=object)}

    def __len__(self) -> int:
        return self.n

    def __repr__(self) -> str:
        return f"<ScanTimeline {self.name}: {self.n:,} events>"

    @cached_property
    def n(self) -> int:
        return int(self.query("SELECT count(*) AS n FROM {hot}")["n"].iat[0])

    def select(self, filters: Filters | dict | None = None) -> "ScanSelection":
        """The selection ``filters`` keeps (everything when ``None``). A place, actor or
        reporter the timeline does not have is an :class:`~timeline.filters.UnknownFilterValue`."""
        f = Filters() if filters is None else Filters.from_dict(filters) if isinstance(filters, dict) else filters
        for dim in f.dimensions:
            if dim.name in ("actors", "places", "reporters") and getattr(f, dim.fields[0]):
                chosen = getattr(f, dim.fields[0])
                known = self.known(dim.name)
                for v in chosen:
                    if v not in known:
                        raise UnknownFilterValue(dim.name, dim.fields[0], dim.what, v, known)
        key = repr(f.to_dict())
        sel = self._selections.pop(key, None) or (self.whole if f.is_empty else ScanSelection(self, f))
        self._selections[key] = sel
        while len(self._selections) > 8:
            self._selections.pop(next(iter(self._selections)))
        return sel

    # --- the whole timeline ----------------------------------------------------------------------
    @cached_property
    def whole(self) -> "ScanSelection":
        return ScanSelection(self, Filters())

    def values(self, name: str) -> pd.DataFrame:
        """``value``, ``n`` per value of a dimension (events per actor, place, category or
        confidence level; figures per reporter), most first."""
        cache = self.__dict__.setdefault("_values", {})
        if name not in cache:
            expr = {"actors": "unnest(actors)", "places": "place_id", "categories": "category",
                    "confidence": "confidence", "reporters": "reported_by"}[name]
            cache[name] = self.query(f"SELECT v AS value, count(*) AS n FROM (SELECT {expr} AS v FROM {{events}}) "
                                     "WHERE v IS NOT NULL GROUP BY v ORDER BY n DESC, v")
        return cache[name]

    def known(self, name: str) -> frozenset:
        return frozenset(self.values(name)["value"].astype(str))

    @cached_property
    def places(self) -> pd.DataFrame:
        """One row per place (by its row in the reader's places table): id, name, name_ar,
        admin1, lat, lon, and its events ``n``."""
        return self.query(
            "SELECT place_row, any_value(place_id) AS id, any_value(place_name) AS name, any_value(place_name_ar) "
            "AS name_ar, any_value(admin1) AS admin1, any_value(lat) AS lat, any_value(lon) AS lon, count(*) AS n "
            "FROM {events} GROUP BY place_row ORDER BY place_row").reset_index(drop=True)

    @cached_property
    def span(self):
        return self.whole.span

    @cached_property
    def publisher_of(self) -> dict[str, str]:
        """The publisher of each source id."""
        files = self.meta.get("files")
        if files and all("publisher_of" in m for m in files):
            return {i: p for m in files for i, p in m["publisher_of"].items()}
        d = self.query("SELECT DISTINCT unnest(source_ids) AS i, unnest(publishers) AS p FROM "
                       "(SELECT DISTINCT source_ids, publishers FROM {events})")
        return dict(zip(d["i"].astype(str), d["p"].astype(str)))

    @cached_property
    def day0(self) -> int:
        g = self.whole.cells
        dated = g["s"][~g["month"]]
        return int(dated.min()) if dated.size else 0

    @cached_property
    def figures(self) -> dict:
        """The per-event figures' organisations: ``reporters`` (with a figure), ``main`` (the
        most counted figures; ties alphabetical), ``is_dataset``, ``has_range``, ``has_killed``."""
        rng = "count(killed_total_low) + count(killed_total_high)" if self.format == "ucdp" else "0"
        r = self.query(f"SELECT rc, count(killed_total) AS k, count(*) AS n, {rng} AS rng FROM {{hot}} "
                       "WHERE rc > 0 GROUP BY 1 ORDER BY 1")
        r["r"] = [self.reporters[int(c) - 1] for c in r["rc"]]
        reporters = tuple(str(x) for x in r["r"])
        main = None
        if len(r) and r["k"].max() > 0:
            main = sorted(r.loc[r["k"] == r["k"].max(), "r"].astype(str))[0]
        k = int(r["k"].max()) if len(r) else 0
        rng = bool(r.loc[r["r"] == main, "rng"].sum()) if main is not None else False
        return {"reporters": reporters, "main": main, "is_dataset": bool(self.n and k >= DATASET_SHARE * self.n),
                "has_range": rng, "has_killed": bool(len(r))}

    @cached_property
    def frame(self) -> MapFrame:
        d = self.whole.dots
        pl = self.places
        lon, lat = pl["lon"].to_numpy(float), pl["lat"].to_numpy(float)
        place, n = d["place"], d["n"]
        per_place = np.bincount(place, weights=n, minlength=len(pl)) if place.size else np.zeros(len(pl))
        rows = np.flatnonzero(per_place)
        region, topo = region_for(lon[rows], lat[rows], per_place[rows])
        syria = topo == GEO_TOPOJSON
        inside = in_region(lon[place], lat[place], region)
        in_coast = inside & in_region(lon[place], lat[place], COAST_REGION)
        inset = COAST_REGION if syria and np.unique(place[in_coast]).size >= 2 else None
        return MapFrame(region=region, topojson=topo, syria=syria, inset=inset,
                        categories=by_size(d["category"][inside], n[inside]),
                        inset_categories=by_size(d["category"][in_coast], n[in_coast]) if inset else ())

    @cached_property
    def headers(self) -> np.ndarray:
        pl = self.places
        name, ar, adm = (esc(pl[c]).to_numpy(dtype=object) for c in ("name", "name_ar", "admin1"))
        return np.array([f"<b>{a}</b>{' · ' + b if b else ''} ({c})" for a, b, c in zip(name, ar, adm)], dtype=object)

    @cached_property
    def inside(self) -> np.ndarray:
        """Per place row: on the main map."""
        pl = self.places
        return in_region(pl["lon"].to_numpy(float), pl["lat"].to_numpy(float), self.frame.region)

    def fetch(self, columns: str, rows, days, params=()) -> pd.DataFrame:
        """``columns`` of the events at ``rows`` (in the order of ``start``, ``span_end``, ``row``),
        whose first days are among ``days`` (day numbers): the files are read only where those
        days are."""
        days = sorted({int(d) for d in days})
        lo, hi = day_ts(days[0]).to_pydatetime(), day_ts(days[-1]).to_pydatetime()
        return self.query(f'SELECT {columns} FROM {{events}} SEMI JOIN (SELECT unnest(?::BIGINT[]) AS r) t '
                          'ON "row" = t.r WHERE "start" >= ? AND "start" <= ? AND list_contains(?, "start") '
                          'ORDER BY "start", span_end, "row"',
                          [*params, [int(r) for r in rows], lo, hi, [day_ts(d).to_pydatetime() for d in days]])

    def lines(self, rows: np.ndarray, days: np.ndarray) -> list[str]:
        """The hover line "• date — title" of the events at ``rows`` (escaped; ``days``: their
        first days), each asked once."""
        known = self._lines
        need = [i for i, r in enumerate(rows.tolist()) if r not in known]
        if need:
            ev = self.fetch('"row", "start", "end", span_end, date_precision, title', rows[need], days[need])
            prec = ev["date_precision"].astype("str")
            dates = date_text(ev["start"], ev["end"].where((prec != "month").to_numpy(), ev["span_end"]), prec)
            text = "• " + dates + " — " + esc(ev["title"].reset_index(drop=True))
            self._lines.update(zip(ev["row"].tolist(), text.tolist()))
        return [self._lines[int(r)] for r in rows]


def day_ts(day) -> pd.Timestamp:
    return pd.Timestamp(int(day) * DAY_US, unit="us")


def period_start(days: np.ndarray, step: int) -> np.ndarray:
    # 1970-01-01 (day 0) was a Thursday: weekday (Monday = 0) is (day + 3) % 7
    return days if step == 1 else days - (days + 3) % 7


@dataclass(frozen=True, eq=False)
class ScanSelection:
    """What one filter state keeps of a :class:`ScanTimeline`: its SQL condition, and the
    aggregates the views share, each asked of the engine once, when first needed."""

    scan: ScanTimeline
    filters: Filters

    @property
    def condition(self) -> tuple[str, list]:
        """The filters as a condition on :attr:`ScanTimeline.hot`: the twins of the narrow
        columns directly, the others (words, actors) through the rows of the files they keep
        (:meth:`ScanTimeline.kept_rows`)."""
        c, p = where(self.filters, NARROW)
        rest, rp = where(self.filters, _REST)
        if rest != "TRUE":
            c = f'({c}) AND "row" IN (SELECT "row" FROM {self.scan.kept_rows(rest, rp)})'
        return c, p

    def query(self, select: str, params=(), tail: str = "", tail_params=()) -> pd.DataFrame:
        """``SELECT {select} FROM hot WHERE <the filters> {tail}``; ``params`` bind the ``?`` of
        ``select``, ``tail_params`` those of ``tail``."""
        c, p = self.condition
        return self.scan.query(f"SELECT {select} FROM {{hot}} WHERE {c} {tail}", [*params, *p, *tail_params])

    def full_query(self, select: str, params=(), tail: str = "", tail_params=()) -> pd.DataFrame:
        """As :meth:`query`, over the files (every column)."""
        c, p = where(self.filters)
        return self.scan.query(f"SELECT {select} FROM {{events}} WHERE {c} {tail}", [*params, *p, *tail_params])

    def _from(self, cube: str) -> tuple[str, list]:
        """The rows an aggregate reads: those of the grouped table ``cube`` the filters keep,
        when its columns hold every filter that is set; else the kept events of :attr:`hot`, as
        rows of the same columns."""
        f = self.filters
        kernels = {d.kernel for d in f.dimensions if d.kernel and d.is_set(f)}
        table = self.scan.cube(cube) if kernels <= _CUBES[cube]["covers"] else None
        if table is not None:
            c, p = where(f, NARROW)
            return f"SELECT * FROM {table} WHERE {c}", p
        c, p = self.condition
        return self.scan.rows_as(cube, c), p

    def _aggregate(self, cube: str, select: list[tuple[str, list]], tail: str = "") -> dict[str, np.ndarray]:
        """``SELECT <select> FROM <the rows of cube> <tail>`` as arrays; ``select``: the
        expressions and the parameters of each."""
        rows, p = self._from(cube)
        return self.scan.arrays(f"SELECT {', '.join(e for e, _ in select)} FROM ({rows}) {tail}",
                                [*(v for _, ps in select for v in ps), *p])

    def _kept(self, col: str) -> tuple[str, list]:
        """``col`` where the kept figures are (the reporters chosen), else null."""
        rx, rp = reporters_where(self.filters)
        return (col, []) if rx == "TRUE" else (f"CASE WHEN {rx} THEN {col} END", list(rp))

    def _main_code(self) -> int:
        main = self.scan.figures["main"]
        return self.scan.reporters.index(main) + 1 if main in self.scan.reporters else -1

    @cached_property
    def cells(self) -> dict[str, np.ndarray]:
        """:attr:`grid` as arrays, in its order."""
        ranges = self.scan.figures["has_range"]
        code = self._main_code()
        select = [("g", []), ("sum(n)::BIGINT AS n", [])]
        e, p = self._kept("n_rep")
        select.append((f"coalesce(sum({e}), 0)::BIGINT AS n_rep", p))
        for c in ("nf", "k", *(("lo", "hi") if ranges else ())):
            e, p = self._kept(c)
            select.append((f"coalesce(sum({e}) FILTER (WHERE rc = ?), 0)::BIGINT AS {c}", [*p, code]))
        d = self._aggregate("cells", select, "GROUP BY g ORDER BY g")
        key = np.asarray(d["g"], dtype=np.int64) * _G_MONTH
        s, rest = key // _G_DAY, key % _G_DAY
        out = {"s": s, "e": s + rest // _G_LEN, "cat": (rest % _G_LEN) // _G_CAT - 1,
               "month": ((rest % _G_CAT) // _G_MONTH).astype(bool)}
        out.update({c: np.asarray(d[c], dtype=np.int64) for c in ("n", "n_rep", "nf", "k")})
        out["lo"], out["hi"] = (np.asarray(d[c], dtype=np.int64) for c in ("lo", "hi")) if ranges else (out["k"],) * 2
        return out

    @cached_property
    def grid(self) -> pd.DataFrame:
        """Kept events grouped by first day ``s``, last day ``e``, category ``cat``, known only to
        the month (``month``): events ``n``, casualty figures kept ``n_rep``, and of the main
        organisation's kept figures: ``nf`` (stated), ``k`` (deaths), ``lo``/``hi`` (estimates)."""
        return pd.DataFrame(self.cells)

    @cached_property
    def n(self) -> int:
        return int(self.cells["n"].sum())

    @cached_property
    def n_reports(self) -> int:
        return int(self.cells["n_rep"].sum())

    @cached_property
    def span(self):
        g = self.cells
        if not g["n"].size:
            return None
        return day_ts(g["s"].min()), day_ts(g["e"].max())

    @cached_property
    def cited(self) -> dict[str, np.ndarray]:
        """Kept events per list of sources: ``scode`` (sorted), ``n``."""
        d = self._aggregate("source_cells", [("scode", []), ("sum(n)::BIGINT AS n", [])],
                            "GROUP BY scode ORDER BY scode")
        return {"scode": np.asarray(d["scode"], dtype=np.int64), "n": np.asarray(d["n"], dtype=np.int64)}

    @cached_property
    def citations(self) -> pd.DataFrame:
        """Kept events grouped by their lists of sources: ``source_ids``, ``n``."""
        d = self.cited
        lists = self.scan.source_lists
        return pd.DataFrame({"source_ids": [lists[int(c)] for c in d["scode"].tolist()], "n": d["n"]})

    @cached_property
    def _per_citation(self) -> np.ndarray:
        """Per cited source of :attr:`ScanTimeline.citing`: the kept events citing it."""
        c, d = self.scan.citing, self.cited
        per_list = np.zeros(c["codes"].size, dtype=np.int64)
        per_list[np.searchsorted(c["codes"], d["scode"])] = d["n"]
        return per_list[c["owner"]]

    @cached_property
    def n_sources(self) -> int:
        c = self.scan.citing
        return int(np.unique(c["source"][self._per_citation > 0]).size)

    @cached_property
    def publishers(self) -> list[str]:
        """Publishers the kept events cite, most cited first."""
        c = self.scan.citing
        totals = np.bincount(c["publisher"], weights=self._per_citation, minlength=c["publishers"].size)
        return publisher_order(pd.Series(totals.astype(np.int64), index=c["publishers"]))

    @cached_property
    def dots(self) -> dict:
        """Kept events per (place row, category): ``place``, ``category`` (code), ``n``,
        ``deaths`` (the main organisation's kept figures) and ``first`` (rows of the first
        :data:`~timeline.views.map.HOVER_EVENTS` events by first day, then file order)."""
        code = self._main_code()
        alone = len(self.scan.reporters) == 1 and code == 1  # every figure is the main organisation's
        e, p = self._kept("k")
        deaths = (f"coalesce(sum({e}), 0)::BIGINT AS deaths", p) if alone else \
            (f"coalesce(sum({e}) FILTER (WHERE rc = ?), 0)::BIGINT AS deaths", [*p, code])
        d = self._aggregate("dot_cells", [("dkey", []), ("sum(n)::BIGINT AS n", []), deaths, ("min(d0) AS d0", []),
                                          ("max(d1) AS d1", [])], "GROUP BY dkey ORDER BY dkey")
        dkey, n = np.asarray(d["dkey"], dtype=np.int64), np.asarray(d["n"], dtype=np.int64)
        d0, d1 = (np.asarray(d[c], dtype=np.int64) // _G_DAY for c in ("d0", "d1"))
        first = self._first(dkey, n, d0, d1)
        return {"place": dkey // _D_PLACE, "category": dkey % _D_PLACE, "n": n,
                "deaths": np.asarray(d["deaths"], dtype=np.int64), "first": [f % _K_DAY for f in first],
                "first_day": [f // _K_DAY for f in first]}

    def _first(self, dkey: np.ndarray, n: np.ndarray, d0: np.ndarray, d1: np.ndarray) -> list[np.ndarray]:
        """Per dot, the keys (first day × 2^34 + row) of its first kept events, in order: looked for
        among the days just past its first kept one (as many as should hold a few times
        :data:`~timeline.views.map.HOVER_EVENTS` of its events), then, for the dots those do not
        fill, among all their events."""
        if not dkey.size:
            return []
        key = f'{DAY_SQL}::BIGINT * {_K_DAY} + "row"'
        top = f"min_by({key}, {key}, {HOVER_EVENTS}) AS first"
        found: dict[int, list] = {}
        bound = d0 + np.maximum(np.ceil(_WINDOW * (d1 - d0 + 1) / np.maximum(n, 1)).astype(np.int64), 1)
        c, p = self.condition
        d = self.scan.query(
            f"SELECT dkey, {top} FROM {{hot}} JOIN (SELECT unnest(?::INT[]) AS dk, unnest(?::BIGINT[]) AS b) t "
            f'ON dkey = t.dk WHERE {c} AND "start" < ? AND {DAY_SQL} < t.b GROUP BY dkey',
            [dkey.tolist(), bound.tolist(), *p, day_ts(int(bound.max())).to_pydatetime()])
        found.update(zip(d["dkey"].tolist(), d["first"]))
        want = np.minimum(n, HOVER_EVENTS)
        short = [int(k) for k, w in zip(dkey, want) if len(found.get(int(k), ())) < w]
        if short:
            d = self.query(f"dkey, {top}", (), "AND list_contains(?, dkey) GROUP BY dkey", [short])
            found.update(zip(d["dkey"].tolist(), d["first"]))
        return [np.asarray(found.get(int(k), ()), dtype=np.int64) for k in dkey]

    def _view(self, name: str, *args):
        views = self.__dict__.setdefault("_views", {})
        key = (name, *args)
        if key not in views:
            from . import views as V

            views[key] = getattr(V, name)(self, *args)
        return views[key]

    def counts(self, freq="D"):
        """:func:`timeline.scale.views.counts_view` of this selection (kept while it lives)."""
        return self._view("counts_view", freq)

    def deaths(self, freq="W"):
        """:func:`timeline.scale.views.deaths_view` of this selection."""
        return self._view("deaths_view", freq)

    def map(self, size_by="events"):
        """:func:`timeline.scale.views.map_view` of this selection."""
        return self._view("map_view", size_by)

    def summary(self):
        """:func:`timeline.scale.views.summary_view` of this selection."""
        return self._view("summary_view")

    def table(self, max_rows=200):
        """:func:`timeline.scale.views.table_view` of this selection."""
        return self._view("table_view", max_rows)
