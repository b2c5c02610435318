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

# --- summary and table ------------------------------------------------------------------------

# --- page -------------------------------------------------------------------------------------
