"""The words of the charts and the page, defined once: titles, subtitles, notes and labels.

Every chart module and the exported page take their text from here, so a phrase changes in one
place (and, later, has its translation beside it).
"""

from __future__ import annotations

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

def overview_title(span_text: str) -> str:
    return f"Syria, {span_text}: events and the reported toll"


def overview_subtitle(dense: bool) -> str:
    return (("Top: events under way each day, by category (darker = more). " if dense else
             "Top: events by category (hollow = approximate date). ") + "Middle: events under way each day. "
            "Bottom: each organisation's latest death toll (open marker = “at least”). Drag to zoom.")


OVERVIEW_TOLL_AXIS = "Deaths reported<br>(never added up)"
NO_RUNNING_TOLL = "No running death toll in this data"

# --- toll -------------------------------------------------------------------------------------

# --- map --------------------------------------------------------------------------------------

# --- summary and table ------------------------------------------------------------------------

# --- page -------------------------------------------------------------------------------------
