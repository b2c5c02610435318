"""The words of the charts and the page, defined once: titles, subtitles, notes and labels.

Every chart module and the exported page take their text from here, so a phrase changes in one
place (and, later, has its translation beside it).
"""

from __future__ import annotations

EMPTY_TEXT = "No events match"
EMPTY_TOLL_TEXT = "No casualty figures match"

# --- timeline ---------------------------------------------------------------------------------

# --- counts -----------------------------------------------------------------------------------

# --- toll -------------------------------------------------------------------------------------

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

# --- page -------------------------------------------------------------------------------------
