"""One HTML page of a view of a scan: its events when the filters keep few enough, else the charts of their counts.

:func:`write_scan_html` (and :func:`scan_html_string`, its pure half) takes a
:class:`~timeline.scale.scan.ScanTimeline` (or the path of a converted file) and the
:class:`~timeline.filters.Filters` of a view:

- when the filters keep at most ``limit`` events (:data:`~timeline.scale.materialise.LIMIT`), the
  page is the interactive page of :mod:`timeline.export` of those events, read back from the
  files (:func:`~timeline.scale.materialise.to_timeline`), with a line under its header saying
  they are the events of the file the filters keep, of how many, and which filters;
- above it, the page holds the aggregates only: the events per week by category
  (:func:`timeline.scale.views.counts_view`), the deaths per week
  (:func:`~timeline.scale.views.deaths_view`, when the data gives per-event figures) and the map
  (:func:`~timeline.scale.views.map_view`), painted by the chart painters of
  :mod:`timeline.charts` and escaped as :mod:`timeline.export.plots` escapes; the count line, the
  filters as text, and a note saying the events are not in the page and how to export a narrower
  view (:func:`narrow_command`, from the options of :data:`timeline.filters.DIMENSIONS`). It is the
  same template, style, plotly.js, loader and Content-Security-Policy as the interactive page
  (:func:`timeline.export.page.render`, mode ``"aggregates"``), with ``aggregates.js`` to draw.

The map's hover names the first events of each dot (date and title), as the map of the
interactive page does; no description or note of an event is in the aggregates page.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import shlex
from pathlib import Path

import pandas as pd

from .. import strings as S
from ..atomic import atomic_write
from ..filters import DIMENSIONS, Filters
from . import LIMIT
from .materialise import to_timeline
from .scan import ScanTimeline

__all__ = ["LIMIT", "open_scan", "write_scan_html", "scan_html_string", "filters_text", "narrow_command", "narrow_options"]


def open_scan(source, format: str = "acled") -> ScanTimeline:
    """``source`` as a :class:`ScanTimeline`: itself, or the converted file (or folder) at that
    path read as ``format``. A file that is not a converted Parquet file is a ``ValueError``
    saying how to convert it; a missing one a ``FileNotFoundError``; no DuckDB an
    ``ImportError`` giving the install command."""
    if isinstance(source, ScanTimeline):
        return source
    from .scan import scan

    from . import require_duckdb

    require_duckdb()
    path = Path(source)
    if path.is_file():
        from .convert import read_meta

        try:
            meta = read_meta(path)
        except (ValueError, OSError):  # not a Parquet file at all (pyarrow's ArrowInvalid is a ValueError)
            raise ValueError(f"{path}: not a Parquet file written by 'timeline convert' (convert it first: "
                             f"timeline convert {path} {path.stem}.parquet --format {format})") from None
        if not meta:
            raise ValueError(f"{path}: a Parquet file, but not one written by 'timeline convert' (no "
                             f"syria_timeline metadata); convert the dataset's file with: timeline convert FILE "
                             f"OUT.parquet --format {format}")
    return scan(path, format)


def _file_label(sc: ScanTimeline) -> str:
    """The name of the file (or folder) a scan reads, as the page names it."""
    files = re.findall(r"'((?:[^']|'')*)'", sc.relation) if sc.relation.startswith("read_parquet(") else []
    files = [f.replace("''", "'") for f in files]
    if len(files) == 1:
        return Path(files[0]).name
    if files:
        return Path(files[0]).parent.name + "/"
    return sc.name


def _as_filters(filters) -> Filters:
    if filters is None:
        return Filters()
    return Filters.from_dict(filters) if isinstance(filters, dict) else filters


def _day(v) -> str:
    return pd.Timestamp(v).strftime("%Y-%m-%d")


def filters_text(f: Filters, lang: str = S.DEFAULT_LANG, place_names: dict[str, str] | None = None) -> str:
    """The line of filters in force, as the page writes it (``share.js``'s ``filtersText``, in
    ``lang``): "Filters: from 1 Jan 2024 · categories: Military · search: “daraa”" (place ids
    named by ``place_names``)."""
    words = S.table(lang)
    t = lambda key, **kw: S.text(f"share.{key}", lang, **kw)  # noqa: E731
    parts = []
    if f.start is not None or f.end is not None:
        day = lambda v: S.day_text(pd.Timestamp(v), lang)  # noqa: E731
        parts.append(S.text("date.range", lang, **{"from": day(f.start), "to": day(f.end)})
                     if f.start is not None and f.end is not None
                     else t("from", day=day(f.start)) if f.start is not None else t("until", day=day(f.end)))
    if f.categories:
        parts.append(t("categories") + ": " + ", ".join(
            words.get(f"category.{c}", c) for c in f.categories))
    if f.actors:
        parts.append(t("actors") + ": " + ", ".join(f.actors))
    if f.places:
        names = place_names or {}
        parts.append(t("places") + ": " + ", ".join(names.get(p, p) for p in f.places))
    if f.reporters:
        parts.append(t("reporters") + ": " + ", ".join(f.reporters))
    conf = next(d for d in DIMENSIONS if d.name == "confidence")
    if conf.is_set(f):
        parts.append(t("confidence") + ": " + t("confidenceAtLeast", level=f.min_confidence))
    if f.text:
        parts.append(t("search") + ": “" + f.text + "”")
    return t("filters") + ": " + (" · ".join(parts) if parts else t("none"))


def narrow_options() -> list[str]:
    """The ``timeline export`` options that narrow the events (those of the dimensions with an
    event kernel), as ``--flag METAVAR``."""
    return [f"{o['flag']} {o['metavar']}" for d in DIMENSIONS if d.kernel for o in d.cli_options()]


def narrow_command(file: str, format: str, f: Filters, output: str = "page.html") -> str:
    """The ``timeline export --scan`` command of the view ``f`` (its options, from
    :data:`~timeline.filters.DIMENSIONS`), with ``--start``/``--end`` to fill in when ``f`` sets
    no date: the command to start from to export a narrower view."""
    args = ["timeline", "export", "--scan", file, "--format", format]
    for d in DIMENSIONS:
        opts = d.cli_options()
        if d.name == "dates":
            for o in opts:
                v = getattr(f, o["field"])
                args += [o["flag"], _day(v) if v is not None else o["metavar"]]
            continue
        if not d.is_set(f):
            continue
        for o in opts:
            v = getattr(f, o["field"])
            for x in (v if o["multiple"] else (v,)):
                args += [o["flag"], str(x)]
    args += ["-o", output]
    return " ".join(shlex.quote(a) for a in args)


def _place_names(sc: ScanTimeline) -> dict[str, str]:
    pl = sc.places
    return dict(zip(pl["id"].astype(str), pl["name"].astype(str)))


def scan_html_string(source, filters: Filters | dict | None = None, *, format: str = "acled",
                     title: str | None = None, lang: str = S.DEFAULT_LANG, limit: int = LIMIT,
                     generated: str | _dt.date | None = None, text_budget: int | None = None,
                     progress: bool | None = None) -> str:
    """The page of the view ``filters`` of ``source`` (a :class:`ScanTimeline`, or the path of
    a converted file or folder, read as ``format``), as a string: the interactive page of the
    events kept when they are at most ``limit``, else the page of their aggregates (see the
    module doc). ``title`` (default: the data's name), ``lang``, ``generated``, ``text_budget``
    and ``progress`` as :func:`timeline.export.to_html_string` takes them. An unknown place,
    actor or reporter is an :class:`~timeline.filters.UnknownFilterValue`."""
    S.check_lang(lang)
    sc = open_scan(source, format)
    f = _as_filters(filters)
    sel = sc.select(f)
    file = _file_label(sc)
    shown = "\u2068" + file + "\u2069"  # the name read in its own direction inside Arabic text
    if sel.n <= limit:
        from ..export import to_html_string

        tl = to_timeline(sel, limit)
        names = _place_names(sc)
        notice = {k: S.text("scan.holds", k, n=f"{sel.n:,}", file=shown, total=f"{sc.n:,}",
                            filters=filters_text(f, k, names)) for k in S.LANGS}
        return to_html_string(tl, None, title=title, generated=generated, text_budget=text_budget,
                              progress=progress, lang=lang, notice=notice)
    from . import aggregates

    return aggregates.page(sel, file=shown, title=title, lang=lang, limit=limit, generated=generated,
                           filters_line=filters_text(f, lang, _place_names(sc)),
                           how=narrow_command(file, sc.format, f), options=narrow_options())


def write_scan_html(source, path: str | os.PathLike, filters: Filters | dict | None = None, *,
                    format: str = "acled", title: str | None = None, lang: str = S.DEFAULT_LANG,
                    limit: int = LIMIT, generated: str | _dt.date | None = None, text_budget: int | None = None,
                    progress: bool | None = None) -> Path:
    """Write :func:`scan_html_string`'s page to ``path`` atomically (a failure leaves an earlier
    file as it was) and return the path."""
    text = scan_html_string(source, filters, format=format, title=title, lang=lang, limit=limit,
                            generated=generated, text_budget=text_budget, progress=progress)
    from ..export.page import write_text

    return atomic_write(path, lambda fh: write_text(fh, text))
