"""The words of the charts and the page, defined once: titles, subtitles, notes and labels.

Every chart module and the exported page take their text from here, so a phrase changes in one
place (and, later, has its translation beside it).
"""

from __future__ import annotations

import pandas as pd

EMPTY_TEXT = "No events match"
EMPTY_TOLL_TEXT = "No casualty figures match"

# --- timeline ---------------------------------------------------------------------------------

TIMELINE_TITLE = "What happened, and when"


def timeline_subtitle(n: int, by: str, span_text: str) -> str:
    return f"{n} event{'s' if n != 1 else ''} by {by}, {span_text}. Shading: phases of the period."


def density_subtitle(n: int, span_text: str, n_month: int) -> str:
    month = f" ({n_month:,} known only to the month are on no day)" if n_month else ""
    return f"{n:,} events by category, {span_text}. Colour: events under way each day{month}."


def events_mode_text(n: int, limit: int) -> str:
    return f"<b>Each event</b> · {n:,} in view (density above {limit:,})"


def density_mode_text(n: int, limit: int) -> str:
    return f"<b>Density</b> · {n:,} events in view, over {limit:,}: filter or zoom in to see each event"


def density_hover(label: str) -> str:
    """The hover template of a density strip (``label`` already escaped)."""
    return f"<b>{label}</b><br>%{{x|%-d %b %Y}}: %{{z:,}} events under way<extra></extra>"



# --- counts -----------------------------------------------------------------------------------


def counts_title(freq: str) -> str:
    return f"Events per {_unit(freq)}"


def counts_subtitle(freq: str, by: str, value: str, span_text: str) -> str:
    return f"{'Events under way' if value == 'count' else 'Events'} each {_unit(freq)}, by {by}, {span_text}"


def counts_axis_title(freq: str, value: str) -> str:
    if value == "count":
        return f"Events under way per {_unit(freq)}"
    return f"Events per {_unit(freq)} (multi-day events split over their days)"


def counts_hover(label: str, value: str) -> str:
    """The hover template of a count bar (``label`` already escaped; ``customdata``: the period)."""
    fmt = "%{y}" if value == "count" else "%{y:.2f}"
    what = "under way" if value == "count" else "(share of multi-day events)"
    return f"<b>{label}</b><br>%{{customdata}}: {fmt} events {what}<extra></extra>"


def month_only_note(n: int, parts: list[str]) -> str:
    """'Not on any day: 2 events dated only to the month (February 2025: 1 political).'"""
    return f"Not on any day: {n} event{'s' if n != 1 else ''} dated only to the month ({'; '.join(parts)})."


def _unit(freq: str) -> str:
    return "day" if str(freq).upper() == "D" else "week"


# --- overview ---------------------------------------------------------------------------------

def subject_of(name: str) -> str:
    """What a timeline is about, from its name: "Syria" for "Syria timeline", "Bangladesh (ACLED)"
    as it is."""
    name = str(name or "").strip()
    return name[: -len(" timeline")] if name.lower().endswith(" timeline") else (name or "Events")


def overview_title(span_text: str, subject: str = "Syria") -> str:
    return f"{subject}, {span_text}: events and the reported toll"


def overview_subtitle(dense: bool) -> str:
    return (("Top: events under way each day, by category (darker = more). " if dense else
             "Top: events by category (hollow = approximate date). ") + "Middle: events under way each day. "
            "Bottom: each organisation's latest death toll (open marker = “at least”). Drag to zoom.")


OVERVIEW_TOLL_AXIS = "Deaths reported<br>(never added up)"
NO_RUNNING_TOLL = "No running death toll in this data"

# --- toll -------------------------------------------------------------------------------------
TOLL_TITLE = "The death toll as each organisation reported it"
TOLL_SUBTITLE = ("Lines step to each new figure. Organisations count different things (period, area, who is a "
                 "civilian), so their figures are never added up.")
TOLL_CUT = " The date axis skips the weeks with no figures."
TOLL_AXIS = "Deaths reported"
TOLL_AXIS_CUT = "axis<br>cut"
TOLL_RANGE = "range across organisations"
TOLL_RANGE_LABEL = "<i>range across<br>organisations</i>"
TOLL_RANGE_HOVER = "<b>Range across organisations</b>, {measure} killed<br>"
TOLL_RANGE_NOTE = "<br><i>Not an estimate: the organisations count different things</i>"
TOLL_LATEST = ", latest figure as of "
#: how a figure's qualifier reads in its hover
TOLL_QUALIFIER_TEXT = {"exact": "as published", "at_least": "at least — a lower bound",
                       "approximately": "approximately"}
#: the key's entries, one per qualifier
TOLL_QUALIFIER_KEY = {"exact": "figure as published", "at_least": "“at least” (a lower bound)",
                      "approximately": "“about”"}


def toll_panel_title(measure: str, label: str) -> str:
    """The title of a measure's panel: "All deaths counted", "Civilians killed"."""
    return "All deaths counted" if measure == "killed_total" else f"{label[0].upper()}{label[1:]} killed"


def toll_source(reporters, publishers, credit: str, shown: int = 5) -> str:
    """"Source: SOHR, SNHR, as reported by AFP, AP, 3 others · syria-timeline" (just the credit
    when there is no figure)."""
    if not reporters:
        return credit
    pubs = list(publishers[:shown]) + ([f"{len(publishers) - shown} others"] if len(publishers) > shown else [])
    return f"Source: {', '.join(reporters)}, as reported by {', '.join(pubs)} · {credit}"


# --- map --------------------------------------------------------------------------------------
MAP_TITLE = "Where events happened"
MAP_SUBTITLE = "Each dot is a place; its area shows the number of events there, by category. {span}"
MAP_NOTE_SYRIA = ("* Base map: Natural Earth, de facto borders: the Golan Heights, occupied by Israel since 1967, "
                  "are drawn inside Israel's outline.")
MAP_NOTE_WORLD = "Base map: Natural Earth (1:110m), de facto borders."
MAP_INSET_TITLE = "<b>The coast</b> (box on the main map)"
MAP_NOT_ON_MAP = "<b>Not on the map: {n} of {total} events</b><br>(no place with coordinates, or outside the map)"
MAP_UNPLACED_HEADING = "<b>{heading}</b> — place (events):"
MAP_UNPLACED_REST = "and {places} more places ({events} events)"
MAP_UNPLACED_COUNT = "<b>{heading}</b> — {places} places ({events} events)"
MAP_DOT_EVENTS = "{n} {category} event"  # + "s" when more than one
MAP_CONTEXT_LABELS = [  # (lon, lat, text): orientation only, in grey, on the map of Syria
    (38.9, 35.2, "SYRIA"), (35.72, 33.95, "LEBANON"), (36.3, 37.4, "TÜRKIYE"), (41.6, 33.4, "IRAQ"),
    (37.6, 32.25, "JORDAN"), (34.9, 32.2, "ISRAEL"), (34.85, 35.1, "<i>Mediterranean<br>Sea</i>"),
    (35.8, 32.95, "Golan<br>Heights*"),
]

# --- summary and table ------------------------------------------------------------------------

def fmt_day(ts: pd.Timestamp) -> str:
    """'6 Mar 2025'."""
    return f"{ts.day} {ts:%b %Y}"


def fmt_range(a: pd.Timestamp, b: pd.Timestamp) -> str:
    """'6 Mar 2025', '6–10 Mar 2025', '27 Nov – 8 Dec 2024' or '27 Nov 2024 – 29 Mar 2025'."""
    if a == b:
        return fmt_day(a)
    if a.year == b.year and a.month == b.month:
        return f"{a.day}–{b.day} {b:%b %Y}"
    if a.year == b.year:
        return f"{a.day} {a:%b} – {b.day} {b:%b %Y}"
    return f"{fmt_day(a)} – {fmt_day(b)}"


def summary_line(summary) -> str:
    """One line from a :class:`timeline.views.table.Summary`:
    "12 of 44 events · 9 sources · 6–10 Mar 2025 · 14 casualty figures"."""
    parts = [f"{summary.n} of {summary.n_total} events", f"{summary.n_sources} sources"]
    if summary.first is not None:
        parts.append(fmt_range(summary.first, summary.last))
    parts.append(f"{summary.n_reports} casualty figures")
    return " · ".join(parts)


def table_date_text(start: pd.Timestamp, end: pd.Timestamp | None, precision: str) -> str:
    """An event's date in the table: '7 Mar 2025', '6–10 Mar 2025 (approx.)', 'Mar 2025 (month only)'."""
    if precision == "month":
        return f"{start:%b %Y} (month only)"
    text = fmt_day(start) if end is None or pd.isna(end) else fmt_range(start, end)
    return text + (" (approx.)" if precision == "approximate" else "")


NO_EVENTS_TABLE = "No events match these filters."
TABLE_HEADERS = ("Date", "Category", "Event", "Places", "Confidence", "Sources")


def more_rows_text(shown: int, total: int) -> str:
    """The note under a table that shows only its first rows."""
    return f"Showing the first {shown} of {total} events; narrow the filters to see the rest."

# --- page -------------------------------------------------------------------------------------
