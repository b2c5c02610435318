"""Export a timeline as one self-contained HTML page whose filters work offline, in the browser.

- :func:`to_html_string` — pure: a :class:`~timeline.model.Timeline` (and the
  :class:`~timeline.filters.Filters` of the view to open on) in, the page as a string out. The
  same data and options give the same bytes.
- :func:`write_html` — writes that string atomically (a temporary file in the same folder, then
  ``os.replace``): a failure leaves an earlier file intact and no temporary file behind.

The page holds the *whole* timeline; ``filters`` only sets its initial view, and the reader can
widen it. Everything it needs is inside the file: plotly.js, the base map's topojson
(:func:`timeline.figures.geo_assets_script`), the page's scripts and style
(``timeline/assets/export/``) and the data, so it opens from ``file://`` with the network off.

The package:

- :mod:`timeline.export.payload` — the data: events and casualty figures as typed columns
  (gzip + base64 above :data:`~timeline.export.payload.COMPRESS_ABOVE` events), and the lists
  they point into;
- :mod:`timeline.export.plots` — the overview, map and deaths figures as plain, escaped dicts,
  marked so every point knows its events;
- :mod:`timeline.export.share` — the rules of a link to a view and the events' CSV as columns,
  for the page's "Copy link to this view" and "Download these events (CSV)";
- :mod:`timeline.export.page` — the HTML, its inline scripts, the hash-based
  Content-Security-Policy and the JSON that cannot close its ``<script>`` early.

In the browser, ``search.js`` normalises text for the search box, ``engine.js`` holds the numeric
kernels (the events a filter keeps, the casualty figures and sources it counts, events per day,
per place, the per-event death figures) over the typed columns, ``deaths.js`` the deaths chart,
the table's "Reported killed" cells and the map's sizing by deaths, ``share.js`` keeps the filters
in the address's fragment and writes the CSV, and ``page.js`` draws: on each change it runs the
kernels and updates only the traces, notes and table rows that changed. ``window.timelineApp``
lets tests and benchmarks set filters and read what the page shows.
"""

from __future__ import annotations

import datetime as _dt
import os
import sys
from pathlib import Path

from .. import strings as S
from ..atomic import atomic_write
from ..filters import Filters, check_known
from ..model import Timeline
from . import page, payload
from .payload import COMPRESS_ABOVE, MAX_ROWS, TEXT_BUDGET

__all__ = ["to_html_string", "write_html", "COMPRESS_ABOVE", "MAX_ROWS", "TEXT_BUDGET", "PROGRESS_EVENTS"]

#: Timelines with more events than this show a progress bar while exporting, when ``progress``
#: is ``None``.
PROGRESS_EVENTS = 100_000


def to_html_string(tl: Timeline, filters: Filters | dict | None = None, *, title: str | None = None,
                   generated: str | _dt.date | None = None, text_budget: int | None = None,
                   progress: bool | None = None, deaths: bool | None = None, lang: str = S.DEFAULT_LANG,
                   notice: dict[str, str] | None = None) -> str:
    """The page as a string: header (title, span, counts, the date of the data), controls,
    "Showing N of M events" with the sources and casualty figures counted, the overview chart,
    the phases, the map and the table of events.

    Parameters
    ----------
    tl
        The whole timeline; the page always holds all of it.
    filters
        The initial view (a :class:`~timeline.filters.Filters` or its ``to_dict()``); the reader
        can widen it. Reporters, actors and places must exist in ``tl`` (a typo would otherwise
        open on an empty chart): ``ValueError`` names the unknown value.
    title
        The page's title (default: ``tl.name``).
    generated
        Shown as "Page generated …" when given (a date, a datetime or text). Off by default, so
        that the same data and options give a byte-identical file.
    text_budget
        The most, in bytes once compressed, that the events' descriptions and notes may add
        (default :data:`TEXT_BUDGET`, 6 MB; ``0`` leaves them out, ``-1`` keeps them however
        large). Past it they are left out, the page says so and its search covers titles,
        places and actors; every event is still in the page with its title, date, category,
        confidence, places, actors and sources.
    progress
        Show a progress bar on stderr (``None``: for more than :data:`PROGRESS_EVENTS` events).
    deaths
        Show the deaths chart (the per-event death figures per week by category, see
        :func:`timeline.figures.deaths_figure`) and the map's "Size dots by: reported deaths"
        (``None``: when one organisation gives a figure for most events, as ACLED and UCDP GED
        do — as the explorer does). The table shows each event's per-event figures, naming who
        gave them, whenever the data has some.
    lang
        The language the page opens in: ``"en"`` (default) or ``"ar"`` (Arabic, right to left).
        The page holds both (:mod:`timeline.strings`) and its reader can switch.
    notice
        A line under the header saying where the page's events come from, as text in each
        language (``{"en": …, "ar": …}``), e.g. the part of a larger file they are
        (:func:`timeline.scale.export.write_scan_html`).

    Large timelines: the events travel as compact columns, gzip-compressed above
    :data:`COMPRESS_ABOVE` events; above :data:`timeline.figures.DENSITY_THRESHOLD` events the
    top chart shows the events under way each day as heat strips, and each event as a dot once
    the filters or the zoom leave that few in view. The table shows 500 rows at a time.
    """
    S.check_lang(lang)
    f = Filters.from_dict(filters) if isinstance(filters, dict) else (filters or Filters())
    check_known(tl, f)
    title = (title if title is not None else tl.name).strip() or tl.name
    budget = payload.TEXT_BUDGET if text_budget is None else (None if text_budget < 0 else text_budget)
    from tqdm.auto import tqdm

    show = progress if progress is not None else len(tl) > PROGRESS_EVENTS
    with tqdm(total=3, desc=f"Exporting {len(tl):,} events", unit="stage", disable=not show,
              file=sys.stderr, leave=False) as bar:
        data = payload.payload(tl, f, title, generated, budget, bar, deaths, lang=lang)
        if notice:
            data["notice"] = {k: str(notice.get(k) or notice.get(S.DEFAULT_LANG, "")) for k in S.LANGS}
        bar.set_postfix_str("page")
        text = page.assemble(tl, title, generated, data, lang)
        bar.update(1)
    return text


def write_html(tl: Timeline, path: str | os.PathLike, filters: Filters | dict | None = None, *,
               title: str | None = None, generated: str | _dt.date | None = None,
               text_budget: int | None = None, progress: bool | None = None, deaths: bool | None = None,
               lang: str = S.DEFAULT_LANG, notice: dict[str, str] | None = None) -> Path:
    """Write :func:`to_html_string`'s page to ``path`` atomically and return the path.

    The page is written to a temporary file in the same folder, which then replaces ``path`` in
    one step. On any failure (a missing or read-only folder, a full disk) the ``OSError``
    propagates, an earlier file at ``path`` is left as it was and the temporary file is removed."""
    return atomic_write(path, lambda fh: page.write_text(
        fh, to_html_string(tl, filters, title=title, generated=generated, text_budget=text_budget,
                           progress=progress, deaths=deaths, lang=lang,
                           notice=notice)))
