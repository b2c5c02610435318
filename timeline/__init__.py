"""syria-timeline: explore a sourced timeline of events in Syria, Nov 2024 – Mar 2025.

The package, one module per concern:

- :mod:`timeline.schema`   — the data dictionary: tables, columns, vocabularies (defined once).
- :mod:`timeline.loading`  — :func:`load` a data folder into a validated :class:`Timeline`.
- :mod:`timeline.validate` — reading CSV files and checking every value.
- :mod:`timeline.model`    — the :class:`Timeline` and its typed tables.
- :mod:`timeline.errors`   — :class:`TimelineDataError`, listing every problem as
  ``FILE:LINE: column 'NAME': what is wrong (got 'VALUE')``.
- :mod:`timeline.cli`      — the ``timeline`` command.
- :mod:`timeline.scale`    — :func:`scan`: Parquet files past memory, filtered by DuckDB (optional extra).

Quick start::

    import timeline
    tl = timeline.load()          # the bundled, sourced data
    tl.events.head()
    tl.sources_of(tl.events.id[0])
"""

from importlib.metadata import PackageNotFoundError, version

from .errors import Problem, TimelineDataError
from .loading import bundled_data_dir, load
from .model import Timeline

try:
    __version__ = version("syria-timeline")
except PackageNotFoundError:  # pragma: no cover - running from a checkout without install
    __version__ = "0+unknown"



def scan(source, format: str = "acled", **options):
    """A lazy timeline over a Parquet file written by ``timeline convert`` (or a folder of them,
    or an Ibis table): its filters and views run in DuckDB (see :mod:`timeline.scale.scan`).
    Needs the ``scale`` extra: ``pip install 'syria-timeline[scale]'``."""
    from .scale import require_duckdb

    require_duckdb()
    from .scale.scan import scan as scan_

    return scan_(source, format, **options)


__all__ = ["scan", "load", "bundled_data_dir", "Timeline", "TimelineDataError", "Problem", "__version__"]
