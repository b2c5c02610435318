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
(place, category) as integer codes, and its rank among its dot's events. A change then asks for
four aggregates of that table: the events per grid cell, which gives the counts per day or week,
the events known only to the month, the deaths and the summary; the events per dot; the events per
list of sources; the first rows in date order; then the first events of each dot for the hover,
looked for among each dot's first ranks. The texts and lists are read from the files only for the
conditions on them (words, actors), the table's rows and the hover lines, the last two narrowed to
the days they fall on. Individual events reach Python only as table rows and hover lines.

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

        backend = source._find_backend()
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
        self._lines: dict[int, str] = {}
        self._selections: dict = {}

    def forget(self) -> None:
        """Drop the selections kept for the filter states seen last (the whole timeline's stays)."""
        self._selections.clear()

    def query(self, sql: str, params=()) -> pd.DataFrame:
        """Run ``sql`` (``events`` stands for the timeline's rows, ``hot`` for :attr:`hot`) and
        return a small frame."""
        sql = sql.replace("{events}", self.relation)
        if "{hot}" in sql:
            sql = sql.replace("{hot}", self.hot)
        return self.con.execute(sql, list(params)).df()

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
        """The name of the engine's table of the columns the filters and aggregates read most,
        with each event's grid cell ``gkey``, dot ``dkey`` and list of sources ``scode`` (made
        when first needed)."""
        name = f"timeline_hot_{id(self):x}"
        rcase = " ".join(f"WHEN {_quote(r)} THEN {i}" for i, r in enumerate(self.reporters))
        rcode = f"(CASE reported_by {rcase} ELSE -1 END)" if rcase else "-1"
        file_index = "file_index" if self.relation.startswith("read_parquet(") else "0"
        ranges = ", killed_total_low, killed_total_high" if self.format == "ucdp" else ""
        dkey = f"CASE WHEN place_row IS NOT NULL AND category_code >= 0 THEN place_row * {_D_PLACE} + category_code END"
        self.con.execute(
            f'CREATE TEMP TABLE {name} AS SELECT "row", "start", span_end, category_code, '
            f"confidence_code, place_id, place_row, reported_by, killed_total{ranges}, "
            f"{DAY_SQL}::BIGINT * {_G_DAY} + ({_END} - {DAY_SQL}) * {_G_LEN} + (category_code::INT + 1) * {_G_CAT} + "
            f"(date_precision = 'month')::INT * {_G_MONTH} + {rcode} + 1 AS gkey, ({dkey})::INT AS dkey, "
            f"{file_index}::BIGINT * 4294967296 + sources_code AS scode FROM {self.relation}")
        if file_index != "0":  # a folder: the rows of its files must not overlap
            r = self.con.execute(f'SELECT min("row") AS a, max("row") AS b FROM {self.relation} GROUP BY file_index '
                                 "ORDER BY a").fetchall()
            if any(r[i + 1][0] <= r[i][1] for i in range(len(r) - 1)) and self.con.execute(
                    f'SELECT count(DISTINCT "row") < count(*) FROM {name}').fetchone()[0]:
                self.con.execute(f"DROP TABLE {name}")
                raise ValueError(f"{self.name}: the files' events overlap (the same rows in several files, as when "
                                 "the same rows are converted twice); scan each file on its own")
        return name

    @cached_property
    def source_lists(self) -> dict[int, tuple[str, ...]]:
        """The list of source ids of each ``scode`` of :attr:`hot`."""
        files = self.meta.get("files")
        if files and all("source_lists" in m for m in files):
            return {k * 4294967296 + c: tuple(ids or ()) for k, m in enumerate(files)
                    for c, ids in enumerate(m["source_lists"])}
        d = self.query("SELECT sources_code AS c, any_value(source_ids) AS ids FROM {events} GROUP BY 1")
        return {int(c): tuple(ids) for c, ids in zip(d["c"], d["ids"])}

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
        g = self.whole.grid
        dated = g[~g["month"]]
        return int(dated["s"].min()) if len(dated) else 0

    @cached_property
    def figures(self) -> dict:
        """The per-event figures' organisations: ``reporters`` (with a figure), ``main`` (the
        most counted figures; ties alphabetical), ``is_dataset``, ``has_range``, ``has_killed``."""
        rng = "count(killed_total_low) + count(killed_total_high)" if self.format == "ucdp" else "0"
        r = self.query(f"SELECT reported_by AS r, count(killed_total) AS k, count(*) AS n, {rng} AS rng FROM {{hot}} "
                       "WHERE reported_by IS NOT NULL GROUP BY 1 ORDER BY 1")
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

    @cached_property
    def condition(self) -> tuple[str, list]:
        """The filters as a condition on :attr:`ScanTimeline.hot`: the twins of the narrow
        columns directly, the others (words, actors) on the files, through the kept rows."""
        c, p = where(self.filters, NARROW)
        rest, rp = where(self.filters, _REST)
        if rest != "TRUE":
            c, p = f'({c}) AND "row" IN (SELECT "row" FROM {{events}} WHERE {rest})', [*p, *rp]
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

    def _figure_sums(self, ranges: bool) -> tuple[str, list]:
        """The kept figures' aggregates (count stated, deaths, low and high estimates)."""
        rx, rp = reporters_where(self.filters)
        cols = ["killed_total"] + (["coalesce(killed_total_low, killed_total)",
                                    "coalesce(killed_total_high, killed_total)"] if ranges else [])
        if rx != "TRUE":
            kept = [f"CASE WHEN {rx} THEN {c} END" for c in cols]
            n_rep, params = f"count(CASE WHEN {rx} THEN 1 END)", rp * (len(cols) + 2)
        else:
            kept, n_rep, params = cols, "count(reported_by)", []
        names = ["k", "lo", "hi"][:len(cols)]
        return (f"{n_rep} AS n_rep, count({kept[0]}) AS nf, " +
                ", ".join(f"sum({c}) AS {n}" for c, n in zip(kept, names))), params

    @cached_property
    def grid(self) -> pd.DataFrame:
        """Kept events grouped by first day ``s``, last day ``e``, category ``cat``, known only to
        the month (``month``): events ``n``, casualty figures kept ``n_rep``, and of the main
        organisation's kept figures: ``nf`` (stated), ``k`` (deaths), ``lo``/``hi`` (estimates)."""
        figs = self.scan.figures
        ranges = figs["has_range"]
        sums, params = self._figure_sums(ranges)
        g = self.query(f"gkey, count(*) AS n, {sums}", params, "GROUP BY gkey")
        key = g["gkey"].to_numpy(np.int64)
        s, rest = key // _G_DAY, key % _G_DAY
        rcode = rest % _G_MONTH - 1
        main = self.scan.reporters.index(figs["main"]) if figs["main"] in self.scan.reporters else -2
        mine = rcode == main
        out = pd.DataFrame({"s": s, "e": s + rest // _G_LEN, "cat": (rest % _G_LEN) // _G_CAT - 1,
                            "month": (rest % _G_CAT) // _G_MONTH, "n": g["n"].to_numpy(np.int64)})
        out["n_rep"] = g["n_rep"].fillna(0).to_numpy(np.int64)
        for c in ("nf", "k", *(("lo", "hi") if ranges else ())):
            out[c] = np.where(mine, g[c].fillna(0).to_numpy(np.int64), 0)
        if not ranges:
            out["lo"], out["hi"] = out["k"], out["k"]
        out = out.groupby(["s", "e", "cat", "month"], as_index=False, sort=True).sum()
        out["month"] = out["month"].astype(bool)
        for c in ("s", "e", "cat", "n", "n_rep", "nf", "k", "lo", "hi"):
            out[c] = out[c].astype(np.int64)
        return out

    @cached_property
    def n(self) -> int:
        return int(self.grid["n"].sum())

    @cached_property
    def n_reports(self) -> int:
        return int(self.grid["n_rep"].sum())

    @cached_property
    def span(self):
        g = self.grid
        if not len(g):
            return None
        return day_ts(g["s"].min()), day_ts(g["e"].max())

    @cached_property
    def citations(self) -> pd.DataFrame:
        """Kept events grouped by their lists of sources: ``source_ids``, ``n``."""
        d = self.query("scode, count(*) AS n", (), "GROUP BY scode")
        lists = self.scan.source_lists
        return pd.DataFrame({"source_ids": [lists[int(c)] for c in d["scode"]], "n": d["n"].to_numpy(np.int64)})

    @cached_property
    def n_sources(self) -> int:
        c = self.citations
        return len({s for ids in c["source_ids"] for s in ids})

    @cached_property
    def publishers(self) -> list[str]:
        """Publishers the kept events cite, most cited first."""
        totals: dict[str, int] = {}
        pub = self.scan.publisher_of
        for ids, k in zip(self.citations["source_ids"], self.citations["n"].tolist()):
            for i in ids:
                totals[pub[i]] = totals.get(pub[i], 0) + k
        return publisher_order(pd.Series(totals, dtype="int64"))

    @cached_property
    def dots(self) -> dict:
        """Kept events per (place row, category): ``place``, ``category`` (code), ``n``,
        ``deaths`` (the main organisation's kept figures) and ``first`` (rows of the first
        :data:`~timeline.views.map.HOVER_EVENTS` events by first day, then file order)."""
        rx, rp = reporters_where(self.filters)
        main = self.scan.figures["main"]
        kept = "killed_total" if rx == "TRUE" else f"CASE WHEN {rx} THEN killed_total END"
        code = self.scan.reporters.index(main) + 1 if main in self.scan.reporters else -1
        alone = len(self.scan.reporters) == 1 and code == 1  # every figure is the main organisation's
        deaths = f"sum({kept})" if alone else f"sum({kept}) FILTER (WHERE gkey % {_G_MONTH} = ?)"
        d = self.query(f'dkey, count(*) AS n, coalesce({deaths}, 0) AS deaths, min("start") AS d0, max("start") AS d1',
                       [*rp] if alone else [*rp, code], "AND dkey IS NOT NULL GROUP BY dkey ORDER BY dkey")
        dkey, n = d["dkey"].to_numpy(np.int64), d["n"].to_numpy(np.int64)
        d0, d1 = ((d[c].to_numpy("datetime64[us]").astype(np.int64) // DAY_US) for c in ("d0", "d1"))
        first = self._first(dkey, n, d0, d1)
        return {"place": dkey // _D_PLACE, "category": dkey % _D_PLACE, "n": n,
                "deaths": d["deaths"].to_numpy(np.int64), "first": [f % _K_DAY for f in first],
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
