"""GDELT 2.0 events through Ibis: the rows of one country and period, on any backend — BigQuery's public table or local files.

GDELT's whole event table is far past one machine (BigQuery's ``gdelt-bq.gdeltv2.events`` holds
every event since February 2015, with the 61 columns of the GDELT 2.0 event files under the same
names). :func:`events_query` takes an Ibis table with those columns — on any backend — and
returns the expression that keeps the events of a country (``ActionGeo_CountryCode``, FIPS 10-4:
Syria is ``SY``) between two days (``SQLDATE``), with only the columns
:func:`timeline.io.read_gdelt` reads. The backend runs it; its small result goes to
``read_gdelt`` (``expr.to_pyarrow()``) or to a Parquet file (``expr.to_parquet(...)``) for
``timeline convert … --format gdelt`` and :func:`timeline.scan`.

:func:`export_table` opens GDELT's own ``*.export.CSV`` files (tab-separated, no header; plain
or gzip-compressed) as such a table on an Ibis DuckDB connection, with BigQuery's column names
and types, so the same query runs over files on disk.

>>> import ibis
>>> con = ibis.bigquery.connect(project_id="my-project")            # not run by the tests
>>> expr = events_query(con.table("gdelt-bq.gdeltv2.events"), "SY", "2024-11-27", "2025-03-31")
>>> tl = timeline.io.read_gdelt(expr.to_pyarrow())
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..io.columns import GDELT, GDELT_NAMES, NOT_READ

__all__ = ["events_query", "export_table", "READ_COLUMNS", "TYPES"]

#: The columns :func:`timeline.io.read_gdelt` reads (the others are not selected).
READ_COLUMNS: tuple[str, ...] = tuple(name for name, c in zip(GDELT_NAMES, GDELT.columns) if c.description != NOT_READ)

_INTEGER = {"GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "IsRootEvent", "QuadClass", "NumMentions",
            "NumSources", "NumArticles", "Actor1Geo_Type", "Actor2Geo_Type", "ActionGeo_Type", "DATEADDED"}
_FLOAT = {"FractionDate", "GoldsteinScale", "AvgTone", *(f"{g}_{x}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo")
                                                          for x in ("Lat", "Long"))}
#: Each column's type in BigQuery's ``gdelt-bq.gdeltv2.events`` (INTEGER, FLOAT, else STRING).
TYPES: dict[str, str] = {n: "INTEGER" if n in _INTEGER else "FLOAT" if n in _FLOAT else "STRING" for n in GDELT_NAMES}
_DUCKDB = {"INTEGER": "BIGINT", "FLOAT": "DOUBLE", "STRING": "VARCHAR"}


def _day(value, name: str) -> int | None:
    if value is None:
        return None
    try:
        d = dt.date.fromisoformat(str(value)[:10]) if not isinstance(value, dt.date) else value
    except ValueError:
        raise ValueError(f"{name}={value!r} is not a day (expected YYYY-MM-DD)") from None
    return d.year * 10000 + d.month * 100 + d.day


def events_query(table, country: str | list[str] | None = "SY", start=None, end=None, *,
                 columns: tuple[str, ...] = READ_COLUMNS):
    """The Ibis expression of the GDELT events of ``country`` (a FIPS 10-4 code of
    ``ActionGeo_CountryCode``, or several; ``None``: every country) from ``start`` to ``end``
    (days, inclusive, compared with ``SQLDATE``; ``None``: open), with ``columns`` (default
    :data:`READ_COLUMNS`), ordered by ``SQLDATE`` then ``GLOBALEVENTID``. ``table`` is an Ibis
    table with GDELT 2.0's column names (matched ignoring case) on any backend. Nothing runs
    until the expression is executed (``to_pyarrow()``, ``to_pandas()``, ``to_parquet()``)."""
    names = {c.lower(): c for c in table.columns}
    missing = [c for c in ("SQLDATE", "ActionGeo_CountryCode", *columns) if c.lower() not in names]
    if missing:
        raise ValueError(f"the table has no column {', '.join(dict.fromkeys(missing))} (expected GDELT 2.0's "
                         f"columns, as gdelt-bq.gdeltv2.events has them; it has: {', '.join(table.columns[:8])}, …)")
    col = {c: table[names[c.lower()]] for c in ("SQLDATE", "ActionGeo_CountryCode")}
    cond = []
    if country is not None:
        codes = [country] if isinstance(country, str) else list(country)
        cond.append(col["ActionGeo_CountryCode"].isin(codes) if len(codes) > 1
                    else col["ActionGeo_CountryCode"] == codes[0])
    first, last = _day(start, "start"), _day(end, "end")
    if first is not None and last is not None and first > last:
        raise ValueError(f"start {start} is after end {end}")
    if first is not None:
        cond.append(col["SQLDATE"] >= first)
    if last is not None:
        cond.append(col["SQLDATE"] <= last)
    expr = table.filter(*cond) if cond else table
    expr = expr.select(*[table[names[c.lower()]].name(c) for c in columns])
    order = [c for c in ("SQLDATE", "GLOBALEVENTID") if c in columns]
    return expr.order_by(order) if order else expr


def export_table(con, paths):
    """GDELT 2.0 event files (``*.export.CSV``, plain or ``.gz``; a path, a glob such as
    ``"gdelt/*.export.CSV"`` or a list) as an Ibis table on the DuckDB connection ``con``
    (``ibis.duckdb.connect()``), with the 61 columns named and typed as in BigQuery's
    ``gdelt-bq.gdeltv2.events`` (:data:`TYPES`). Zip files must be unzipped first."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    paths = [str(p) for p in paths]
    if any(p.lower().endswith(".zip") for p in paths):
        raise ValueError("DuckDB does not read zip files: unzip them first (or read them with timeline.io.read_gdelt)")
    return con.read_csv(paths, delim="\t", header=False, quote="", escape="", auto_detect=False,
                        columns={n: _DUCKDB[TYPES[n]] for n in GDELT_NAMES})
