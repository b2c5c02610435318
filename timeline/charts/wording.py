"""The words of the charts and the page, defined once: titles, subtitles, notes and labels.

Every chart module and the exported page take their text from here, so a phrase changes in one
place. The phrases the page shows too are read from the table of strings
(:mod:`timeline.strings`), whose Arabic column stands beside the English one: the functions
taking ``lang`` give either (English by default).
"""

from __future__ import annotations

import pandas as pd

from .. import strings as S
from ..labels import CATEGORY_LABELS

EMPTY_TEXT = S.text("chart.empty")


def empty_text(lang: str = S.DEFAULT_LANG) -> str:
    return S.text("chart.empty", lang)


def category_label(category: str, lang: str = S.DEFAULT_LANG) -> str:
    """A category's label in ``lang`` ("Military", "عسكري"); the id made readable for one the
    table does not have."""
    key = f"category.{category}"
    try:
        return S.text(key, lang)
    except KeyError:
        return str(category).replace("_", " ").capitalize()
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


#: The months a month-only note lists at most (one line under the chart); the others are counted.
MONTHS_LISTED = 3


def month_only_note(n: int, parts: list[str]) -> str:
    """'Not on any day: 2 events dated only to the month (February 2025: 1 political).' The
    first :data:`MONTHS_LISTED` months are listed, the rest counted ("; and 21 more months")."""
    more = len(parts) - MONTHS_LISTED
    tail = f"; and {more} more month{'s' if more != 1 else ''}" if more > 0 else ""
    return (f"Not on any day: {n:,} event{'s' if n != 1 else ''} dated only to the month "
            f"({'; '.join(parts[:MONTHS_LISTED])}{tail}).")


def _unit(freq: str) -> str:
    return "day" if str(freq).upper() == "D" else "week"


# --- overview ---------------------------------------------------------------------------------

def subject_of(name: str) -> str:
    """What a timeline is about, from its name: "Syria" for "Syria timeline", "Bangladesh (ACLED)"
    as it is."""
    name = str(name or "").strip()
    return name[: -len(" timeline")] if name.lower().endswith(" timeline") else (name or "Events")


def subject_text(subject: str, lang: str = S.DEFAULT_LANG) -> str:
    """The subject in ``lang`` when the table has it ("Syria" → "سوريا"), else as it is."""
    try:
        return S.text(f"chart.subject.{subject}", lang)
    except KeyError:
        return subject


def overview_title(span_text: str, subject: str = "Syria", lang: str = S.DEFAULT_LANG) -> str:
    return S.text("overview.title", lang, subject=subject_text(subject, lang), span=span_text)


def overview_subtitle(dense: bool, lang: str = S.DEFAULT_LANG) -> str:
    return S.text("overview.subtitle_dense" if dense else "overview.subtitle", lang)


def overview_toll_axis(lang: str = S.DEFAULT_LANG) -> str:
    return S.text("overview.toll_axis", lang)


def overview_counts_axis(lang: str = S.DEFAULT_LANG) -> str:
    return S.text("overview.counts_axis", lang)


def no_running_toll(lang: str = S.DEFAULT_LANG) -> str:
    return S.text("overview.no_toll", lang)


def no_reporter_text(lang: str = S.DEFAULT_LANG) -> str:
    """The toll panel's note when no organisation is ticked."""
    return S.text("overview.no_reporter", lang)


OVERVIEW_TOLL_AXIS = overview_toll_axis()
NO_RUNNING_TOLL = no_running_toll()

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
MAP_TITLE = S.text("map.title")
MAP_SUBTITLE = S.text("map.subtitle")
MAP_NOTE_SYRIA = S.text("map.note_syria")
MAP_NOTE_WORLD = S.text("map.note_world")
MAP_INSET_TITLE = S.text("map.inset")
MAP_NOT_ON_MAP = S.text("map.not_on_map")
MAP_UNPLACED_HEADING = S.text("map.unplaced_heading")
MAP_UNPLACED_REST = S.text("map.unplaced_rest")
MAP_UNPLACED_COUNT = S.text("map.unplaced_count")


def map_title(lang: str = S.DEFAULT_LANG) -> str:
    return S.text("map.title", lang)


def map_subtitle(span: str, lang: str = S.DEFAULT_LANG) -> str:
    return S.text("map.subtitle", lang, span=span)
MAP_DOT_EVENTS = "{n} {category} event"  # + "s" when more than one
MAP_CONTEXT_LABELS = [  # (lon, lat, text): orientation only, in grey, on the map of Syria
    (38.9, 35.2, "SYRIA"), (35.72, 33.95, "LEBANON"), (36.3, 37.4, "TÜRKIYE"), (41.6, 33.4, "IRAQ"),
    (37.6, 32.25, "JORDAN"), (34.9, 32.2, "ISRAEL"), (34.85, 35.1, "<i>Mediterranean<br>Sea</i>"),
    (35.8, 32.95, "Golan<br>Heights*"),
]

# --- summary and table ------------------------------------------------------------------------

def fmt_day(ts: pd.Timestamp, lang: str = S.DEFAULT_LANG) -> str:
    """'6 Mar 2025' ('6 مارس 2025')."""
    return S.day_text(ts, lang)


def fmt_range(a: pd.Timestamp, b: pd.Timestamp, lang: str = S.DEFAULT_LANG) -> str:
    """'6 Mar 2025', '6–10 Mar 2025', '27 Nov – 8 Dec 2024' or '27 Nov 2024 – 29 Mar 2025' (the
    page writes the same, in either language)."""
    return S.range_text(a, b, lang)


def view_heading(place: str, start: pd.Timestamp | None, end: pd.Timestamp | None,
                 categories=()) -> str:
    """What a filtered view shows, as the first line of every chart's subtitle: "Syria, 6–10 Mar
    2025", "Syria, 6–10 Mar 2025 · Violence against civilians, Military", "Syria, 6–10 Mar 2025 ·
    4 categories". ``place``: what the timeline is about (:func:`subject_of` of its name);
    ``start``/``end``: the first and last day in view (the filter's dates within the data's
    span; ``None`` for no events); ``categories``: the categories chosen (none: every one)."""
    text = f"{place}, {fmt_range(pd.Timestamp(start), pd.Timestamp(end))}" if start is not None else place
    cats = [CATEGORY_LABELS.get(c, c) for c in categories]
    if cats:
        text += " · " + (", ".join(cats) if len(cats) <= 2 else f"{len(cats)} categories")
    return text


def summary_line(summary) -> str:
    """One line from a :class:`timeline.views.table.Summary`:
    "12 of 44 events · 9 sources · 6–10 Mar 2025 · 14 casualty figures" (thousands separated:
    "639,990 of 1,000,000 events")."""
    parts = [f"{summary.n:,} of {summary.n_total:,} events", f"{summary.n_sources:,} sources"]
    if summary.first is not None:
        parts.append(fmt_range(summary.first, summary.last))
    parts.append(f"{summary.n_reports:,} casualty figures")
    return " · ".join(parts)


def table_date_text(start: pd.Timestamp, end: pd.Timestamp | None, precision: str) -> str:
    """An event's date in the table: '7 Mar 2025', '6–10 Mar 2025 (approx.)', 'Mar 2025 (month only)'."""
    if precision == "month":
        return f"{start:%b %Y} (month only)"
    text = fmt_day(start) if end is None or pd.isna(end) else fmt_range(start, end)
    return text + (" (approx.)" if precision == "approximate" else "")


def phase_button_text(name: str, start: pd.Timestamp, end: pd.Timestamp) -> str:
    """The label of a button that selects a phase's days: "Coastal clashes, 6–10 Mar 2025"."""
    return f"{name}, {fmt_range(start, end)}"


def phase_button_help(name: str, start: pd.Timestamp, end: pd.Timestamp) -> str:
    return f"Show {fmt_range(start, end)}, the days of the phase “{name}”"


NO_EVENTS_TABLE = "No events match these filters."
TABLE_HEADERS = ("Date", "Category", "Event", "Places", "Confidence", "Sources")


def more_rows_text(shown: int, total: int) -> str:
    """The note under a table that shows only its first rows."""
    return f"Showing the first {shown} of {total} events; narrow the filters to see the rest."

# --- deaths -----------------------------------------------------------------------------------
#: What an organisation's per-event figure is, when it is a dataset's own measure.
DEATHS_MEASURE = {"ACLED": "fatality count", "UCDP GED": "best estimate"}
DEATHS_EMPTY = S.text("deaths.empty")
DEATHS_NONE = "No per-event death figures in this data"
DEATHS_TABLE_HEADER = "Reported killed"
DEATHS_RANGE = "low – high estimates"
MAP_SUBTITLE_DEATHS = S.text("map.subtitle_deaths")
MAP_DOT_DEATHS = "{n:,} reported killed ({reporter}'s per-event figures)"


def deaths_title(freq: str) -> str:
    return f"Reported deaths per {_unit(freq)}, by category"


def deaths_subtitle(reporter: str | None, freq: str, span_text: str, has_range: bool) -> str:
    """Whose figures the chart adds up, and that they are claims about single events."""
    if reporter is None:
        return "Deaths given for single events (per-event figures); this data has none."
    what = f"{DEATHS_MEASURE[reporter]} for each event" if reporter in DEATHS_MEASURE else "figures for single events"
    rng = "Whiskers: the sums of its low and high estimates. " if has_range else ""
    return (f"{reporter}’s {what}, added up per {_unit(freq)} by the event’s category, {span_text}.<br>"
            f"{rng}Claims about single events, as {reporter} gives them — not a running toll.")


def deaths_axis_title(freq: str) -> str:
    return f"Deaths reported per {_unit(freq)}"


def deaths_hover(label: str, reporter: str, lang: str = S.DEFAULT_LANG) -> str:
    """The hover template of a deaths bar (``label`` already escaped; ``customdata``: the period and
    the number of figures)."""
    return S.text("deaths.hover", lang, label=label, reporter=reporter)


def deaths_range_hover(reporter: str, lang: str = S.DEFAULT_LANG) -> str:
    """The hover template of the low–high whiskers (``customdata``: period, low, high)."""
    return S.text("deaths.range_hover", lang, reporter=reporter)


#: The parts of the deaths chart's note, as templates (the exported page fills them too):
#: ``{total}``, ``{n}`` formatted numbers, ``{events}`` "event" or "events", ``{names}`` the
#: first :data:`DEATHS_NOTE_NAMES` other organisations, each as ``other``, then ``more``.
DEATHS_NOTE = {
    "month": S.text("deaths.note.month"),
    "others": S.text("deaths.note.others"),
    "other": S.text("deaths.note.other"),
    "more": S.text("deaths.note.more"),
}
DEATHS_NOTE_NAMES = 4


def deaths_note(n_month: int, month_total: int, others) -> str:
    """What is not on the chart: figures of events known only to the month, and other
    organisations' per-event figures (never added to these)."""
    parts = []
    if n_month:
        parts.append(DEATHS_NOTE["month"].format(total=f"{month_total:,}", n=f"{n_month:,}",
                                                 events="events" if n_month != 1 else "event"))
    if others:
        k = DEATHS_NOTE_NAMES
        names = ", ".join(DEATHS_NOTE["other"].format(reporter=r, n=n) for r, n in others[:k])
        if len(others) > k:
            names += DEATHS_NOTE["more"].format(n=len(others) - k)
        parts.append(DEATHS_NOTE["others"].format(names=names))
    return " ".join(parts)


def deaths_source(reporter: str | None, publishers, credit: str, shown: int = 5) -> str:
    """"Figures: ACLED, from reports by X, Y, 3 others · syria-timeline" (the credit alone when none)."""
    if reporter is None:
        return credit
    rest = len(publishers) - shown
    pubs = list(publishers[:shown]) + ([f"{rest} other{'s' if rest > 1 else ''}"] if rest > 0 else [])
    via = f", from reports by {', '.join(pubs)}" if pubs else ""
    return f"Figures: {reporter}{via} · {credit}"


def claim_text(claim) -> str:
    """A per-event figure as the table shows it, naming who gave it: "12 (ACLED)",
    "best 12 (low 10 – high 15), UCDP GED", "at least 30 (Al Mayadeen)",
    "69, of them 69 civilians (SOHR)", "14 government forces (Syrian Interior Ministry)"."""
    who = claim.reported_by
    parts = ", ".join(f"{v:,} {label}" for label, v in claim.parts)
    if claim.killed is not None and (claim.low is not None or claim.high is not None):
        lo = "?" if claim.low is None else f"{claim.low:,}"
        hi = "?" if claim.high is None else f"{claim.high:,}"
        return f"best {claim.killed:,} (low {lo} – high {hi}){', of them ' + parts if parts else ''}, {who}"
    prefix = {"at_least": "at least ", "approximately": "about "}.get(claim.qualifier, "")
    if claim.killed is not None:
        main = f"{prefix}{claim.killed:,}" + (f", of them {parts}" if parts else "")
    else:
        main = f"{prefix}{parts}" if parts else ""
    if not main:
        return ""
    return f"{main}, per {who}" if "(" in who else f"{main} ({who})"

# --- page -------------------------------------------------------------------------------------
