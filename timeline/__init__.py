"""syria-timeline: explore a sourced timeline of events in Syria, Nov 2024 – Mar 2025.

The package, one module per concern:

- :mod:`timeline.schema`   — the data dictionary: tables, columns, vocabularies (defined once).
- :mod:`timeline.loading`  — :func:`load` a data folder into a validated :class:`Timeline`.
- :mod:`timeline.validate` — reading CSV files and checking every value.
- :mod:`timeline.model`    — the :class:`Timeline` and its typed tables.
- :mod:`timeline.errors`   — :class:`TimelineDataError`, listing every problem as
  ``FILE:LINE: column 'NAME': what is wrong (got 'VALUE')``.
- :mod:`timeline.cli`      — the ``timeline`` command.

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

__all__ = ["load", "bundled_data_dir", "Timeline", "TimelineDataError", "Problem", "__version__"]
