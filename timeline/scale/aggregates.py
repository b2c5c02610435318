"""The page of a scan's view that holds only its aggregates: counts per week, deaths per week, the map, the count line.

:func:`page` paints the views of :mod:`timeline.scale.views` with the chart painters of
:mod:`timeline.charts`, turns them into plain JSON escaped as the interactive page's figures are
(:func:`timeline.export.plots.fig_dict`, :func:`~timeline.export.plots.sanitize`), and fills the
page's template in its ``"aggregates"`` mode (:func:`timeline.export.page.render`): the header
of the whole file, the note saying the events are not in the page and how to export a narrower
view, the filters as text, the count line, and ``aggregates.js`` to draw the charts. In Arabic
the charts' titles, subtitles, axes and categories come from the table of strings, each line
embedded right to left, as the interactive page writes them.
"""

from __future__ import annotations

import pandas as pd

from .. import strings as S
from ..charts import counts as counts_chart
from ..charts import deaths as deaths_chart
from ..charts import map as map_chart
from ..export import page as P
from ..export import plots
from .scan import ScanSelection

__all__ = ["FREQ", "SCRIPTS", "page", "figures"]

#: The charts' period: a week (the deaths chart's, and readable over years of data).
FREQ = "W"
#: The page's own script in this mode (after the base map and plotly.js).
SCRIPTS = ("aggregates.js",)
_WHAT = {"ACLED": "deaths.what.acled", "UCDP GED": "deaths.what.ged"}


def _rtl(text: str) -> str:
    """Each line embedded right to left (the page's ``lineDir``)."""
    return "<br>".join("\u202B" + line + "\u202C" for line in text.split("<br>"))


def _esc(text) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _span(span, lang: str) -> str:
    return "" if span is None else S.range_text(pd.Timestamp(span[0]), pd.Timestamp(span[1]), lang)


def _in_lang(fig: dict, lang: str, title: str, subtitle: str, axis: str | None = None) -> dict:
    """``fig`` with its title, subtitle, count axis and categories in ``lang`` (English: as painted)."""
    if lang == S.DEFAULT_LANG:
        return fig
    lay = fig["layout"]
    lay["title"].update(text=_rtl(f"<b>{_esc(title)}</b>"), x=1, xanchor="right", pad={"r": 16})
    lay["title"].setdefault("subtitle", {})["text"] = _rtl(subtitle)
    if axis is not None:
        lay["yaxis"].setdefault("title", {})["text"] = _rtl(_esc(axis))
    words = S.table(lang)
    for tr in fig["data"]:
        meta = tr.get("meta") or {}
        cat = meta.get("category") or (meta.get("group") if meta.get("by") == "category" else None)
        if cat and f"category.{cat}" in words:
            tr["name"] = _esc(words[f"category.{cat}"])
    syria = "geo" in lay and any((t.get("meta") or {}).get("role") == "context" for t in fig["data"])
    for a in lay.get("annotations", []):
        key = {"inset-title": "map.inset", "note": ("map.note_syria" if syria else "map.note_world")
               if "geo" in lay else None}.get(a.get("name"))
        if key:
            a["text"] = _rtl(words[key])
    return fig


def figures(sel: ScanSelection, lang: str = S.DEFAULT_LANG) -> dict:
    """``{"counts": …, "deaths": … (when the data gives per-event figures), "map": …}``: the
    view's charts as plain, escaped plotly JSON, their words in ``lang``."""
    counts = sel.counts(FREQ)
    span = _span(sel.span, lang)
    out = {"counts": _in_lang(plots.sanitize(plots.fig_dict(counts_chart.paint(counts))), lang,
                              S.text("scan.counts.title", lang),
                              _esc(S.text("scan.counts.subtitle", lang, span=span)),
                              S.text("scan.counts.axis", lang))}
    figs = sel.scan.figures
    if figs["main"] is not None and figs["is_dataset"]:
        view = sel.deaths(FREQ)
        who = _esc(view.reporter)
        sub = S.text("deaths.subtitle", lang, reporter=who, what=S.text(_WHAT.get(view.reporter, "deaths.what.other"),
                                                                       lang),
                     span=_esc(span), range=S.text("deaths.range", lang) if view.has_range else "")
        out["deaths"] = _in_lang(plots.sanitize(plots.fig_dict(deaths_chart.paint(view))), lang,
                                 S.text("deaths.title", lang), sub, S.text("deaths.axis", lang))
    mv = sel.map("events")
    out["map"] = _in_lang(plots.sanitize(plots.fig_dict(map_chart.paint(mv))), lang, S.text("map.title", lang),
                          _esc(S.text("map.subtitle", lang, span=span)))
    return out


def page(sel: ScanSelection, *, file: str, title: str | None, lang: str, limit: int, generated,
         filters_line: str, how: str, options: list[str]) -> str:
    """The aggregates page of ``sel`` (see the module doc) as a string: ``file`` names the data's
    file, ``limit`` the most events an exported page holds, ``filters_line`` the filters as text,
    ``how`` the command that exports a narrower view and ``options`` the options that narrow."""
    sc = sel.scan
    whole = sc.whole
    figs = figures(sel, lang)
    counts = {"events": sc.n, "sources": len(sc.publisher_of), "reports": whole.n_reports,
              "reporters": len(sc.figures["reporters"])}
    as_of = sc.meta.get("as_of")
    header = P.header_facts(counts, sc.span, None if as_of is None else pd.Timestamp(as_of), generated, lang,
                            tuple(sc.meta.get("notes", ())))
    notice = S.text("scan.aggregates", lang, n=f"{sel.n:,}", total=f"{sc.n:,}", file=file, limit=f"{limit:,}")
    how_text = how + "\n" + S.text("scan.narrow", lang, options=", ".join(options))
    data = {"mode": "aggregates", "lang": lang, "figures": figs,
            "labels": {"overview": S.text("scan.counts.title", lang), "deaths": S.text("deaths.title", lang),
                       "map": S.text("map.title", lang)},
            "counts": {"kept": sel.n, "total": sc.n, "limit": limit}}
    return P.render(data, title=(title if title is not None else sc.name).strip() or sc.name, lang=lang,
                    header=header, status=S.text("status.showing", lang, n=f"{sel.n:,}", total=f"{sc.n:,}"),
                    summary=S.text("status.summary", lang, sources=f"{sel.n_sources:,}",
                                   reports=f"{sel.n_reports:,}"),
                    scripts=SCRIPTS, notice=notice, filters=filters_line, how=how_text, mode="aggregates")
