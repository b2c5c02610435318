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

# --- summary and table ------------------------------------------------------------------------

# --- page -------------------------------------------------------------------------------------
