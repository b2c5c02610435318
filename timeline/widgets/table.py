"""The explorer's summary line and events table as HTML, from the views of :mod:`timeline.views.table`.

Every piece of data text is escaped; only http(s) URLs become links (underlined, in the link colour).
"""

from __future__ import annotations

import html

from .. import strings as S
from ..charts import wording
from ..charts.theme import CATEGORY_LABELS
from ..model import Timeline
from ..views import select
from ..views.table import Row, Summary, TableView, summary_view, table_view

__all__ = ["summary_html", "table_html", "table_headers", "row_html", "killed_html", "events_table_html", "summary_text"]

_LINK_STYLE = "color:#0B5FA5;text-decoration:underline"


def summary_text(full: Timeline, view: Timeline, filters=None) -> str:
    """One line: "12 of 44 events · 9 sources · 6–10 Mar 2025 · 14 casualty figures" for ``view``, a
    filtered timeline of ``full`` (dates: those of ``filters``, within the span of ``full``)."""
    from ..views import select_view

    sel = select_view(full, view)
    if filters is not None:
        from dataclasses import replace

        sel = replace(sel, filters=filters)
    return wording.summary_line(summary_view(sel))


def summary_html(summary: Summary, notes=()) -> str:
    """The summary line, announced to screen readers when it changes; under it, the caveats the
    timeline's ``notes`` hold (:func:`timeline.strings.caveats`: GDELT's machine-coded events)."""
    caveats = "".join(f"<p><em>{html.escape(S.text(k))}</em></p>" for k in S.caveats(notes))
    return f"<p role='status'><strong>{html.escape(wording.summary_line(summary))}</strong></p>{caveats}"


def _link(url: str, text: str) -> str:
    text = html.escape(text)
    if url.startswith(("http://", "https://")):
        return (f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer" '
                f'style="{_LINK_STYLE}">{text}</a>')
    return text


def _place(name: str, name_ar: str) -> str:
    label = html.escape(name)
    if name_ar:
        label += f' <span lang="ar" dir="rtl">{html.escape(name_ar)}</span>'
    return label


def killed_html(r: Row) -> str:
    """The "Reported killed" cell's content: each per-event figure naming who gave it, one a line."""
    return "<br>".join(html.escape(t) for t in (wording.claim_text(c) for c in r.killed) if t)


def row_html(r: Row, killed: bool = False) -> str:
    """One ``<tr>`` of the events table (``killed``: with the "Reported killed" cell)."""
    cell = f"<td>{killed_html(r)}</td>" if killed else ""
    return (
        "<tr>"
        f"<td style='white-space:nowrap'>{html.escape(wording.table_date_text(r.start, r.end, r.date_precision))}</td>"
        f"<td>{html.escape(CATEGORY_LABELS.get(r.category, r.category))}</td>"
        f"<td><strong>{html.escape(r.title)}</strong><br>{html.escape(r.description)}</td>"
        f"<td>{'<br>'.join(_place(name, ar) for _, name, ar in r.places)}</td>"
        f"{cell}"
        f"<td>{html.escape(r.confidence)}</td>"
        f"<td>{'<br>'.join(_link(url, pub) for _, url, pub, _ in r.sources)}</td>"
        "</tr>"
    )


def table_headers(view: TableView) -> tuple[str, ...]:
    """The column headings: those of :data:`~timeline.charts.wording.TABLE_HEADERS`, with
    "Reported killed" after "Places" when the timeline has per-event casualty figures."""
    heads = list(wording.TABLE_HEADERS)
    if view.has_killed:
        heads.insert(heads.index("Places") + 1, wording.DEATHS_TABLE_HEADER)
    return tuple(heads)


def table_html(view: TableView, rows_html: list[str] | None = None) -> str:
    """The events table of a :class:`~timeline.views.table.TableView` (``rows_html``: its rows
    already made, when the caller keeps them)."""
    if not view.rows:
        return f"<p><em>{html.escape(wording.NO_EVENTS_TABLE)}</em></p>"
    rows = rows_html if rows_html is not None else [row_html(r, view.has_killed) for r in view.rows]
    more = ""
    if view.total > len(view.rows):
        more = f"<p><em>{html.escape(wording.more_rows_text(len(view.rows), view.total))}</em></p>"
    head = "".join(f"<th scope='col'>{h}</th>" for h in table_headers(view))
    return ("<table class='timeline-events' style='border-collapse:collapse;font-size:13px'>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{more}")


def events_table_html(view: Timeline, max_rows: int = 200) -> str:
    """The events of a (filtered) timeline as an HTML table: date, category, title and description,
    places (English and Arabic), the per-event casualty figures with who gave them (when the
    timeline has some), confidence, sources as links; the first ``max_rows`` by date."""
    return table_html(table_view(select(view), max_rows))
