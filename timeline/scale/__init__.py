"""Past one machine's memory: timelines kept in Parquet files, filtered and aggregated by DuckDB.

- :mod:`timeline.scale.convert` — :func:`convert`: an ACLED or UCDP GED file, read and checked by
  the readers of :mod:`timeline.io`, written as one sorted, dictionary-encoded Parquet file of
  the normalised events (one row per event, :data:`COLUMNS`);
- :mod:`timeline.scale.sql` — the SQL twin of each filter kernel of
  :data:`timeline.filters.DIMENSIONS`;
- :mod:`timeline.scale.scan` — :func:`scan`: a lazy timeline over such files (or an Ibis table)
  whose filters run in the engine, and the aggregates the views share;
- :mod:`timeline.scale.views` — the views of :mod:`timeline.views` computed from those aggregates,
  returning the in-memory views' own frozen values;
- :mod:`timeline.scale.explore` — :class:`ScanViews`: what the explorer
  (:class:`timeline.widgets.Explorer`) shows of a scan, view by view;
- :mod:`timeline.scale.gdelt` — :func:`events_query`: GDELT 2.0's events of one country and
  period from an Ibis table on any backend (BigQuery's ``gdelt-bq.gdeltv2.events``, or GDELT's
  files on DuckDB through :func:`export_table`), for :func:`timeline.io.read_gdelt`;
- :mod:`timeline.scale.materialise` — :func:`~timeline.scale.materialise.to_timeline`: the events a
  selection keeps (at most :data:`LIMIT`), read back as the Timeline the reader gave;
- :mod:`timeline.scale.export` — :func:`~timeline.scale.export.write_scan_html`: one HTML page of a
  view, its events when they are at most :data:`LIMIT`, else the charts of their aggregates
  (:mod:`timeline.scale.aggregates`).

DuckDB and Ibis are optional (``pip install 'syria-timeline[scale]'``); :mod:`timeline` imports
without them.
"""

from __future__ import annotations

INSTALL = "pip install 'syria-timeline[scale]'"
#: The most events an exported page of a scan's view holds (:mod:`timeline.scale.export`); past it,
#: the page holds their aggregates (sizes and times: ``benchmarks/README.md``).
LIMIT = 200_000

__all__ = ["INSTALL", "LIMIT", "require_duckdb"]


def require_duckdb():
    """The ``duckdb`` module, or an :class:`ImportError` saying how to install it."""
    try:
        import duckdb
    except ImportError as e:  # pragma: no cover - exercised without the extra installed
        raise ImportError(f"timeline.scan needs DuckDB: install it with {INSTALL}") from e
    return duckdb
