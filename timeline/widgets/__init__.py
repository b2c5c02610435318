"""The interactive explorer in Jupyter and Voilà (ipywidgets + plotly FigureWidgets).

- :mod:`timeline.widgets.explorer` — :class:`Explorer`: state and wiring, one refresh path.
- :mod:`timeline.widgets.source`   — the views it computes through: a Timeline's, or a scan's.
- :mod:`timeline.widgets.controls` — the input widgets, from and to :class:`~timeline.filters.Filters`.
- :mod:`timeline.widgets.sync`     — a FigureWidget kept in step with figure JSON, sending only changes.
- :mod:`timeline.widgets.download` — a file made by the kernel, downloaded by the browser.
- :mod:`timeline.widgets.table`    — the summary line and the events table as HTML.
- :mod:`timeline.widgets.chart`    — a FigureWidget whose plotly.js and figure reach the page by message.

>>> ex = Explorer(timeline.load())       # or Explorer(timeline.scan("acled.parquet"))
>>> ex                                   # shows the app in Jupyter or Voilà
>>> ex.filters = Filters(categories=["violence_against_civilians"])   # set a view from code
"""

from .explorer import Explorer
from .table import events_table_html, summary_text

__all__ = ["Explorer", "events_table_html", "summary_text"]
