"""Read the big public conflict datasets — ACLED and UCDP GED exports, GDELT 2.0 events — into a :class:`Timeline`.

:func:`read_gdelt` (:mod:`timeline.io.gdelt`, which documents its own mapping) reads GDELT 2.0
event files or the same columns from a database table; its events are machine-coded and
unverified, and say so. :func:`read_acled` and :func:`read_ucdp_ged` return the same tables, columns and dtypes as
:func:`timeline.load` (plus a few extra columns that keep the dataset's own codes), so the series,
charts, widgets and exports work on them unchanged. Every value is checked; problems are raised
together as :class:`~timeline.errors.TimelineDataError`, each as
``FILE:LINE: column 'NAME': what is wrong (got 'VALUE')``. No row is lost: every row of the file
is an event, merged into one (monadic ACLED), rejected (only with ``bad_rows="skip"``, kept in
``Timeline.rejected``) or ignored as empty or as a tag row, and ``Timeline.row_counts`` and
``Timeline.notes`` say which.

Mapping (documented here once; ``ACLED`` and ``GED`` in :mod:`timeline.io.columns` define the columns read)
-----------------------------------------------------------------------------------------------------------
Dates. ACLED ``time_precision`` (ACLED codebook: 1 = the sources give the day; 2 = the sources
give only the week, a weekend or a similar period, and ACLED dates the event to a day in it;
3 = only the month, dated to the middle of the month):

* 1 → ``day``: ``start`` = ``event_date``.
* 2 → ``approximate``: the window ``event_date`` − 3 days … ``event_date`` + 3 days — one week
  centred on ACLED's day — as ``start`` … ``end``. (Where ACLED's day is not the middle of the
  period the sources name, the true day can lie up to 3 days outside this window; the notes
  give ACLED's own day, kept in ``coded_date``.)
* 3 → ``month``: ``start`` = first day of the month of ``event_date``, ``span_end`` its last day.

UCDP GED ``date_start`` / ``date_end`` bound *when* the event happened (an uncertainty window),
with ``date_prec`` (1 = exact day; 2 = within 2–6 days; 3 = within a week; 4 = within a month;
5 = within a year):

* 1 → ``day``: ``start`` = ``date_start``; ``end`` = ``date_end`` when later (an event over
  several known days).
* 2, 3 → ``approximate``: ``start`` = ``date_start``, ``end`` = ``date_end``.
* 4, 5 → ``month`` when the window is exactly one calendar month; otherwise ``approximate``
  over the whole window.

Extra columns of ``events`` (after the schema's columns) keep the dataset's own values:
``coded_date`` (ACLED ``event_date``; GED ``date_start``), and as categories ACLED
``event_type``, ``sub_event_type``, ``disorder_type``, ``civilian_targeting``, ``inter1``,
``inter2``, ``interaction``, ``time_precision``, ``geo_precision`` (plus ``fatalities``,
``Int64``); GED ``type_of_violence``, ``conflict_name``, ``dyad_name``, ``date_prec``,
``where_prec`` (plus ``best``). Other columns of the file are not kept.

Categories (the schema's vocabulary):

* ACLED Battles, Explosions/Remote violence → ``military``; Violence against civilians →
  ``violence_against_civilians``; Protests, Riots, Strategic developments → ``political``
  (event types of the pre-2019 codebook are mapped the same way: see :data:`ACLED_CATEGORIES`).
* GED type_of_violence 1 (state-based) and 2 (non-state) → ``military``; 3 (one-sided) →
  ``violence_against_civilians``.

Confidence: the worse of the two precision codes. ACLED: ``max(time_precision, geo_precision)``
1 → high, 2 → medium, 3 → low. GED: ``date_prec`` 1 → high, 2–3 → medium, 4–5 → low, and
``where_prec`` 1–2 → high, 3–4 → medium, 5–7 → low (and ``event_clarity`` 2 → low).

Places: one per distinct (location, admin1, latitude, longitude) — ACLED ``location``/GED
``where_coordinates`` as the name (also as ``name_ar`` when written in Arabic script), ``kind``
``town`` (ACLED ``geo_precision`` 1–2; GED ``where_prec`` 1–2), ``district`` (GED 3), ``region``
(ACLED 3, GED 4, 5, 7) or ``country`` (GED 6) — the most precise code among the place's events.

Sources: ACLED — one per outlet: ``source`` is split at ``;`` ("SOHR; Liveuamap" is two sources,
the same two as "Liveuamap; SOHR"), each linked to the event in ``event_sources``; GED — one per
distinct ``source_article`` text. The outlet or text is the ``publisher``, the title
``[source as given by ACLED]`` (or UCDP GED), no ``url`` (``""``: the datasets give none) and no
``published`` date (NaT).

Actors: ACLED actor1, assoc_actor_1, actor2, assoc_actor_2 (``ALLY_ACTOR_1/2`` in files coded
before 2019); GED side_a and side_b. A monadic ACLED export (one row per actor, no ``actor2``
column) has its rows of one ``event_id_cnty`` merged into one event with all the actors; the
values of the event (date, place, fatalities, …) must agree between them.

Name and date of the data: ``Timeline.name`` names the countries of the data (most events
first; the file's name when there is no ``country`` column), with the dataset; ``as_of`` is the
day of the latest ACLED ``timestamp`` (``None`` for GED, which gives none).

Casualty figures: the dataset's own claim, one row per event, ``tally`` ``incident``:

* ACLED: ``reported_by`` "ACLED", ``killed_total`` = ``fatalities`` (0 stays 0), ``qualifier``
  ``exact`` (the figure as ACLED gives it; ACLED calls its fatality counts conservative
  estimates, which ``scope`` says), ``published`` = the date of ACLED's ``timestamp`` (when the
  event was last uploaded) when present, else ``event_date``.
* GED: ``reported_by`` "UCDP GED", ``killed_total`` = ``best``, with ``low`` and ``high`` in
  the extra columns ``killed_total_low`` and ``killed_total_high``; ``killed_civilians`` =
  ``deaths_civilians``; ``deaths_a``/``deaths_b``/``deaths_unknown`` in ``killed_side_a``,
  ``killed_side_b``, ``killed_unknown``; ``qualifier`` ``exact`` when low = best = high, else
  ``approximately``; ``published`` = ``date_end``. A ``best`` outside ``low``–``high`` (UCDP's
  own data has some) is kept as UCDP's figure and flagged in ``best_outside_range``.

``confidence`` of a figure is ``high``: it is read from the dataset itself.

Reading. The file may be plain CSV, gzip-compressed, a zip holding one CSV file, or an
``.xlsx`` workbook (first sheet, with ``python-calamine``), told apart by its first bytes; the
delimiter (``,``, ``;``, tab, ``|``) is read from the header row; an HXL tag row under the header
(HDX) is skipped. A file that is not UTF-8 is an error naming the likely encoding and the
``encoding=`` option (UTF-16 with its byte-order mark is read, and said so). Dates in numbers are
read in the order the file shows (a first number above 12 is a day), or ``date_format``; a file
that cannot tell is an error, never a guess.

When ``pyarrow`` is installed, the file is first read with Apache Arrow and every value is checked through the distinct values of each column (no per-row
Python). When that finds a problem — or something it does not read (a workbook, an empty row, a
row with the wrong number of fields), or without ``pyarrow`` — every record is read with the
csv module (:func:`timeline.validate.csv_records`), which numbers the lines as the file does (the
header is line 1), and every problem is reported at its line. (pandas' own C parser is not used:
it reads a row with missing trailing fields as blanks, which would hide a broken row.)
"""

from .acled import read_acled
from .cells import DATE_ORDERS, date_format_option
from .columns import ACLED, ACLED_ALIASES, ACLED_CATEGORIES, GED, GED_CATEGORIES
from .files import BAD_ROWS, PROGRESS_BYTES, ReadWarning, read_frame, write_rejects
from .gdelt import CAMEO_ROOTS, CAVEAT, GDELT_NAMES, read_gdelt
from .ged import read_ucdp_ged

__all__ = ["read_acled", "read_ucdp_ged", "read_gdelt", "read_frame", "write_rejects", "CAMEO_ROOTS", "CAVEAT",
           "GDELT_NAMES", "ReadWarning", "ACLED", "GED", "ACLED_CATEGORIES",
           "ACLED_ALIASES", "GED_CATEGORIES", "date_format_option", "DATE_ORDERS", "BAD_ROWS", "PROGRESS_BYTES"]
