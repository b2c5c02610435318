"""Read the big public conflict datasets — ACLED and UCDP GED exports — into a :class:`Timeline`.

:func:`read_acled` and :func:`read_ucdp_ged` return the same tables, columns and dtypes as
:func:`timeline.load` (plus a few extra columns that keep the dataset's own codes), so the series,
charts, widgets and exports work on them unchanged. Every value is checked; problems are raised
together as :class:`~timeline.errors.TimelineDataError`, each as
``FILE:LINE: column 'NAME': what is wrong (got 'VALUE')``. No row is lost: every row of the file
is an event, merged into one (monadic ACLED), rejected (only with ``bad_rows="skip"``, kept in
``Timeline.rejected``) or ignored as empty or as a tag row, and ``Timeline.row_counts`` and
``Timeline.notes`` say which.

Mapping (documented here once; ``ACLED`` and ``GED`` below define the columns read)
-----------------------------------------------------------------------------------
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

from __future__ import annotations

import codecs
import csv
import io
import re
import sys
import unicodedata
import warnings
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from .atomic import atomic_write
from .errors import Problem, TimelineDataError
from .loading import file_label
from .model import Timeline
from .schema import CATEGORIES, CONFIDENCE, DATE_PRECISION, QUALIFIERS, TALLY, TABLES, Column, Table
from .validate import utf8_problem, csv_records, field_count_problem

__all__ = ["read_acled", "read_ucdp_ged", "write_rejects", "ReadWarning", "ACLED", "GED", "ACLED_CATEGORIES",
           "ACLED_ALIASES", "GED_CATEGORIES", "date_format_option"]

#: Files larger than this show a progress bar when ``progress`` is ``None``.
PROGRESS_BYTES = 20 * 1024 * 1024

#: ACLED event type (lower case) → the schema's category. The first six are the current codebook;
#: the rest are event types of files coded before 2019.
ACLED_CATEGORIES: dict[str, str] = {
    "battles": "military",
    "explosions/remote violence": "military",
    "violence against civilians": "violence_against_civilians",
    "protests": "political",
    "riots": "political",
    "strategic developments": "political",
    "battle-no change of territory": "military",
    "battle-government regains territory": "military",
    "battle-non-state actor overtakes territory": "military",
    "battle-non-state actors overtake territory": "military",
    "remote violence": "military",
    "riots/protests": "political",
    "strategic development": "political",
    "headquarters or base established": "political",
    "non-violent transfer of territory": "political",
    "non-violent activity by a conflict actor": "political",
}

#: Older ACLED header names → the current ones (pre-2019 files call associated actors "allies").
ACLED_ALIASES: dict[str, str] = {"ally_actor_1": "assoc_actor_1", "ally_actor_2": "assoc_actor_2"}
_ACLED_TYPES_SHOWN = ("Battles, Explosions/Remote violence, Violence against civilians, Protests, "
                      "Riots, Strategic developments")

#: UCDP GED type_of_violence → the schema's category.
GED_CATEGORIES: dict[str, str] = {"1": "military", "2": "military", "3": "violence_against_civilians"}


def _c(name, kind, description, example, **kw) -> Column:
    return Column(name=name, kind=kind, description=description, example=example, **kw)


_NOT_READ = "Not used."

#: The columns of an ACLED export (current names; headers are matched case-insensitively).
ACLED = Table(
    "ACLED export",
    "acled.csv",
    "An ACLED CSV export: one row per event. Columns not listed here are accepted and ignored.",
    (
        _c("event_id_cnty", "text", "ACLED's event id; lower-cased (and slugified) as the event id. Rows of a "
           "monadic export (one row per actor, no actor2 column) that share it are one event.", "SYR12345"),
        _c("data_id", "text", "ACLED's row id; the event id of a row whose event_id_cnty is empty (with a note).",
           "7302319", required=False),
        _c("event_date", "date", "The day ACLED dates the event to: ISO (2025-03-08), with the month's name "
           "(08 March 2025, 8-Mar-25, 01-January-2015) or in numbers (31/12/2019, 31-12-19, 12/31/2019: the order "
           "of day and month is read from the file, or given with date_format).", "2025-03-08"),
        _c("year", "text", _NOT_READ, "2025", required=False),
        _c("time_precision", "choice", "1 = day, 2 = week or similar period, 3 = month.", "1",
           choices=("1", "2", "3")),
        _c("disorder_type", "text", "Kept as an extra column.", "Political violence", required=False),
        _c("event_type", "choice", "Mapped to the category; kept as an extra column.", "Battles",
           choices=tuple(ACLED_CATEGORIES)),
        _c("sub_event_type", "text", "Kept as an extra column; part of the title. Required when the column is "
           "there; files coded before 2019 have none.", "Armed clash", required=False),
        _c("actor1", "text", "First actor.", "Military Forces of Syria (2024-)"),
        _c("assoc_actor_1", "list", "Actors associated with actor1, `;`-separated (ALLY_ACTOR_1 in files coded "
           "before 2019).", "", required=False),
        _c("inter1", "text", "Type of actor1 (a number or text); kept.", "State forces", required=False),
        _c("actor2", "text", "Second actor.", "Civilians (Syria)", required=False),
        _c("assoc_actor_2", "list", "Actors associated with actor2, `;`-separated (ALLY_ACTOR_2 before 2019).",
           "", required=False),
        _c("inter2", "text", "Type of actor2 (a number or text); kept.", "Civilians", required=False),
        _c("interaction", "text", "Interaction code (a number or text); kept.", "State forces-Civilians",
           required=False),
        _c("civilian_targeting", "text", "'Civilian targeting' or blank; kept.", "", required=False),
        _c("iso", "text", _NOT_READ, "760", required=False),
        _c("region", "text", _NOT_READ, "Middle East", required=False),
        _c("country", "text", "Country; the timeline is named after the countries.", "Syria", required=False),
        _c("admin1", "text", "Governorate; the place's admin1.", "Latakia", required=False),
        _c("admin2", "text", _NOT_READ, "Jablah", required=False),
        _c("admin3", "text", _NOT_READ, "Jablah", required=False),
        _c("location", "text", "The place's name.", "Jableh"),
        _c("latitude", "float", "Latitude of the place.", "35.3621", range=(-90.0, 90.0)),
        _c("longitude", "float", "Longitude of the place.", "35.9276", range=(-180.0, 180.0)),
        _c("geo_precision", "choice", "1 = town, 2 = near a town or part of a region, 3 = larger region.",
           "1", choices=("1", "2", "3")),
        _c("source", "text", "The sources as ACLED names them, `;`-separated: one source per outlet, linked to "
           "the event.", "Syrian Observatory for Human Rights; Enab Baladi"),
        _c("source_scale", "text", _NOT_READ, "National", required=False),
        _c("notes", "text", "ACLED's description; the event description.", "On 8 March 2025, ...",
           required=False),
        _c("fatalities", "count", "Reported fatalities (ACLED: conservative estimates); 0 means none.", "0"),
        _c("tags", "text", _NOT_READ, "", required=False),
        _c("timestamp", "count", "Unix time of ACLED's last upload of the event; the figure's publication day. "
           "The latest is the timeline's as_of (data as of).", "1741651200", required=False),
    ),
)

#: The columns of a UCDP GED CSV file (headers matched case-insensitively; others are ignored).
GED = Table(
    "UCDP GED",
    "ged.csv",
    "A UCDP Georeferenced Event Dataset CSV file: one row per event.",
    (
        _c("id", "text", "GED event id; slugified as the event id.", "412345"),
        _c("type_of_violence", "choice", "1 state-based, 2 non-state, 3 one-sided.", "1",
           choices=("1", "2", "3")),
        _c("conflict_name", "text", "Kept as an extra column.", "Syria: Government", required=False),
        _c("dyad_name", "text", "Kept as an extra column.", "Government of Syria - IS", required=False),
        _c("side_a", "text", "First side.", "Government of Syria"),
        _c("side_b", "text", "Second side.", "IS"),
        _c("source_article", "text", "The source texts; one source row per distinct text.", "\"AFP,2017-01-03,...\"",
           required=False),
        _c("source_headline", "text", "Headline of the source; the event description.", "12 killed in ...",
           required=False),
        _c("where_prec", "choice", "Precision of the location, 1 (exact) to 7 (water or airspace).", "1",
           choices=tuple("1234567")),
        _c("where_coordinates", "text", "Name of the place the coordinates stand for.", "Aleppo town",
           required=False),
        _c("where_description", "text", "Where, as the sources say; added to the description.", "near Aleppo",
           required=False),
        _c("adm_1", "text", "Province; the place's admin1.", "Aleppo governorate", required=False),
        _c("country", "text", "Country; used as the place name when nothing finer is given.", "Syria",
           required=False),
        _c("latitude", "float", "Latitude.", "36.2", range=(-90.0, 90.0)),
        _c("longitude", "float", "Longitude.", "37.15", range=(-180.0, 180.0)),
        _c("event_clarity", "choice", "1 clear, 2 lower clarity.", "1", required=False, choices=("1", "2")),
        _c("date_prec", "choice", "Precision of the date window, 1 (day) to 5 (year).", "1",
           choices=tuple("12345")),
        _c("date_start", "date", "Earliest possible day (ISO; a time of day is ignored).", "2017-01-03"),
        _c("date_end", "date", "Latest possible day.", "2017-01-03"),
        _c("deaths_a", "count", "Deaths of side A.", "0", required=False),
        _c("deaths_b", "count", "Deaths of side B.", "5", required=False),
        _c("deaths_civilians", "count", "Civilian deaths.", "2", required=False),
        _c("deaths_unknown", "count", "Deaths of unknown status.", "0", required=False),
        _c("best", "count", "Best estimate of deaths; kept as UCDP's figure also where it lies outside "
           "low–high (flagged, with a note).", "7"),
        _c("high", "count", "High estimate of deaths.", "9", required=False),
        _c("low", "count", "Low estimate of deaths.", "7", required=False),
    ),
)

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
_ARABIC_RE = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_COUNT_RE = re.compile(r"^\d+$")
_ISO_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
#: Dates with the month's name (never ambiguous).
_NAMED = ("%d %B %Y", "%d %b %Y", "%d-%b-%y", "%d-%b-%Y", "%d %b %y", "%d %B %y", "%d-%B-%Y", "%d-%B-%y",
          "%d/%b/%Y", "%d/%b/%y", "%d.%b.%Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y")
#: Dates in numbers: day and month in an order read from the file (``_dates``), or year first.
_NUMERIC_RE = re.compile(r"^(\d{1,2})([/\-.])(\d{1,2})\2(\d{4}|\d{2})$")
_YMD_RE = re.compile(r"^(\d{4})([/.])(\d{1,2})\2(\d{1,2})$")

_DATE_HINT = "YYYY-MM-DD, or a date such as 08 March 2025, 8-Mar-25 or 31/12/2019"
_COUNT_MSG = ("not a count (expected a whole number, 0 or more, digits only; leave blank when not stated)")
_US = "datetime64[us]"


# ------------------------------------------------------------------------------------------------
# Columns as codes into their distinct (stripped) values
# ------------------------------------------------------------------------------------------------


@dataclass
class _Col:
    """One column: ``codes`` (one per row) into ``uniques`` (its distinct, stripped texts)."""

    codes: np.ndarray
    uniques: np.ndarray

    @classmethod
    def of(cls, s: pd.Series) -> "_Col":
        if isinstance(s.dtype, pd.CategoricalDtype):
            codes = s.cat.codes.to_numpy().astype(np.int64)
            uniques = s.cat.categories.to_numpy(dtype=object)
        else:
            codes, uniques = pd.factorize(s, use_na_sentinel=False)
            codes = codes.astype(np.int64)
            uniques = np.asarray(uniques, dtype=object)
        stripped = np.array([u.strip() for u in uniques], dtype=object)
        if len(set(stripped)) < len(stripped):  # " a" and "a": one value
            recode, stripped = pd.factorize(stripped)
            codes = recode[codes]
            stripped = np.asarray(stripped, dtype=object)
        return cls(codes, stripped)

    @classmethod
    def blank(cls, n: int) -> "_Col":
        return cls(np.zeros(n, np.int64), np.array([""], dtype=object))

    def rows_where(self, bad_unique: np.ndarray) -> np.ndarray:
        """Row mask where the value is one of the uniques flagged in ``bad_unique`` (bool per unique)."""
        return np.asarray(bad_unique, dtype=bool)[self.codes]


def _combine(*cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes of the distinct combinations of several code arrays (in order of first appearance),
    and the first row of each combination."""
    key = np.zeros(len(cols[0]), dtype=np.int64)
    for c in cols:
        key = key * (int(c.max()) + 1 if len(c) else 1) + c
        key, _ = pd.factorize(key)
        key = key.astype(np.int64)
    n = int(key.max()) + 1 if len(key) else 0
    first = np.full(n, -1, dtype=np.int64)
    first[key[::-1]] = np.arange(len(key) - 1, -1, -1)
    return key, first


def _str(values) -> pd.Series:
    """A Series of the ``str`` dtype that :func:`timeline.load` gives text columns."""
    return pd.Series(pd.array(np.asarray(values, dtype=object), dtype="str"))


_ARROW_STR = pd.StringDtype(na_value=np.nan).storage == "pyarrow"


def _expand(codes: np.ndarray, uniques) -> pd.Series:
    """Texts per row from codes into a small array of texts (each text made once)."""
    uniques = np.asarray(uniques, dtype=object)
    if _ARROW_STR and len(codes):
        import pyarrow as pa

        arr = pa.DictionaryArray.from_arrays(pa.array(np.asarray(codes, dtype=np.int32)),
                                             pa.array(uniques, pa.string())).cast(pa.large_string())
        return pd.Series(pd.array(arr, dtype="str"))
    return _str(uniques[codes])


def _categorical(codes: np.ndarray, categories, *, ordered: bool = False) -> pd.Series:
    return pd.Series(pd.Categorical.from_codes(codes, categories=list(categories), ordered=ordered))


def _const_cat(n: int, value: str, categories) -> pd.Series:
    cats = list(categories)
    return _categorical(np.full(n, cats.index(value), dtype=np.int8), cats)


# ------------------------------------------------------------------------------------------------
# Problems
# ------------------------------------------------------------------------------------------------


class _Checker:
    """Collects problems with the file lines of rows (a guess on the fast path, exact otherwise).

    ``bad`` marks the rows with a problem (rejected with ``bad_rows="skip"``); ``fatal`` holds the
    problems of the whole file (a missing column, an unknown date order), which no row can be
    skipped for. A checker made by :meth:`sub` works on some of the rows (merged monadic rows)
    and marks them in its parent."""

    def __init__(self, file: str, lines: np.ndarray):
        self.file, self.lines, self.problems = file, lines, []
        self.bad = np.zeros(len(lines), dtype=bool)
        self.fatal: list[Problem] = []
        self.companion: dict[int, int] = {}  # a row marked with its event's first row → that row
        self._parent: tuple[_Checker, np.ndarray, np.ndarray | None] | None = None

    def sub(self, positions: np.ndarray, groups: np.ndarray | None = None) -> "_Checker":
        """A checker for the rows at ``positions``, sharing this one's problems. With ``groups``
        (per row of this checker, the position of its group's first row), a problem of a row of
        the sub-checker marks every row of its group."""
        c = _Checker(self.file, self.lines[positions])
        c.problems, c.fatal, c._parent = self.problems, self.fatal, (self, positions, groups)
        return c

    def mark(self, pos) -> None:
        self.bad[pos] = True
        if self._parent is not None:
            parent, positions, groups = self._parent
            orig = positions[np.atleast_1d(pos)]
            if groups is not None:
                members = np.flatnonzero(np.isin(groups, orig))
                for m in set(members.tolist()) - set(orig.tolist()):
                    parent.companion[m] = int(groups[m])
                orig = members
            parent.mark(orig)

    def add(self, pos: int, column: str | None, message: str, value) -> None:
        self.problems.append(Problem(self.file, int(self.lines[pos]), column, message,
                                     None if value is None else str(value)))
        self.mark(pos)

    def whole_file(self, pos: int, column: str | None, message: str, value=None) -> None:
        """A problem of the file as a whole, shown at the line of row ``pos``."""
        p = Problem(self.file, int(self.lines[pos]) if len(self.lines) else 1, column, message,
                    None if value is None else str(value))
        self.problems.append(p)
        self.fatal.append(p)

    def rows(self, mask: np.ndarray, column: str, message: str, values) -> None:
        """A problem for each row where ``mask`` holds; ``values`` (per row, or a :class:`_Col`)
        gives the value shown."""
        pos = np.flatnonzero(mask)
        if not len(pos):
            return
        if isinstance(values, _Col):
            vals = values.uniques[values.codes[pos]]
        else:
            vals = np.asarray(values, dtype=object)[pos]
        self.problems += [Problem(self.file, int(self.lines[p]), column, message, None if v is None else str(v))
                          for p, v in zip(pos, vals)]
        self.mark(pos)


def _check_required(chk: _Checker, col: _Col, column: Column) -> np.ndarray:
    blank = col.uniques == ""
    if column.required:
        chk.rows(col.rows_where(blank), column.name, "empty required value (expected a value)", col)
    return blank


def _choice(chk: _Checker, col: _Col, column: Column, lookup: dict[str, str], expected: str) -> np.ndarray:
    """Map each distinct value through ``lookup`` (keys lower-case); report unknown values.
    Returns the mapped value per unique (``""`` for blank or unknown)."""
    blank = _check_required(chk, col, column)
    mapped = np.array([lookup.get(u.lower(), None) if u else "" for u in col.uniques], dtype=object)
    bad = np.array([m is None for m in mapped], dtype=bool)
    chk.rows(col.rows_where(bad), column.name, f"unknown value (expected one of: {expected})", col)
    mapped[bad | blank] = ""
    return mapped


def _count(chk: _Checker, col: _Col, column: Column, message: str = _COUNT_MSG) -> pd.Series:
    """Whole numbers ≥ 0 as ``Int64`` (NA for blank)."""
    blank = _check_required(chk, col, column)
    ok = np.array([bool(_COUNT_RE.match(u)) for u in col.uniques], dtype=bool)
    chk.rows(col.rows_where(~ok & ~blank), column.name, message, col)
    vals = pd.array([int(u) if o else pd.NA for u, o in zip(col.uniques, ok)], dtype="Int64")
    return pd.Series(vals.take(col.codes))


def _float(chk: _Checker, col: _Col, column: Column) -> np.ndarray:
    _check_required(chk, col, column)
    vals = np.full(len(col.uniques), np.nan)
    bad = np.zeros(len(col.uniques), dtype=bool)
    for i, u in enumerate(col.uniques):
        if u:
            try:
                vals[i] = float(u)
            except ValueError:
                bad[i] = True
            else:
                bad[i] = not np.isfinite(vals[i])
    chk.rows(col.rows_where(bad), column.name, "not a number (expected a decimal number)", col)
    vals[bad] = np.nan
    if column.range is not None:
        lo, hi = column.range
        out = ~np.isnan(vals) & ((vals < lo) | (vals > hi))
        chk.rows(col.rows_where(out), column.name, f"out of range (expected between {lo:g} and {hi:g})",
                 col)
        vals[out] = np.nan
    return vals[col.codes]


#: ``date_format`` shorthands: the order of day and month in dates written in numbers.
DATE_ORDERS = {"dmy": "day first, as in 31/12/2019", "mdy": "month first, as in 12/31/2019"}


def date_format_option(date_format: str | None) -> tuple[str | None, str | None]:
    """Check a ``date_format`` argument: ``None``; ``"dmy"``/``"mdy"`` (the order of day and
    month in dates written in numbers); or a :func:`~datetime.datetime.strptime` format such as
    ``"%m/%d/%Y"``. Returns ``(order, format)``; raises ``ValueError`` saying what is expected."""
    if date_format is None:
        return None, None
    f = str(date_format).strip()
    if f.lower() in DATE_ORDERS:
        return f.lower(), None
    if "%" in f:
        try:
            sample = datetime(2019, 12, 31).strftime(f)
            ok = datetime.strptime(sample, f).date() == datetime(2019, 12, 31).date()
        except ValueError:
            ok = False
        if ok:
            return None, f
    raise ValueError(f"date_format {date_format!r} is not a date format (expected 'dmy' or 'mdy', or a format "
                     "with day, month and year such as '%d/%m/%Y' or '%m/%d/%Y')")


def _parse_day(text: str, fmt: str | None) -> datetime | None:
    """ISO, a format given, or a date with the month's name (dates in numbers: ``_numeric``)."""
    m = _ISO_RE.match(text)
    if m:
        try:
            return datetime.strptime(m.group(1), "%Y-%m-%d")
        except ValueError:
            return None
    for f in ((fmt,) if fmt else ()) + _NAMED:
        try:
            return datetime.strptime(text, f)
        except ValueError:
            continue
    m = _YMD_RE.match(text)
    if m:
        try:
            return datetime(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        except ValueError:
            return None
    return None


def _numeric(a: int, b: int, year: str, order: str) -> datetime | None:
    y = int(year)
    if len(year) == 2:  # as strptime's %y: 69-99 → 1900s, 00-68 → 2000s
        y += 1900 if y >= 69 else 2000
    day, month = (a, b) if order == "dmy" else (b, a)
    try:
        return datetime(y, month, day)
    except ValueError:
        return None


def _dates(chk: _Checker, items: list[tuple[_Col, Column]], ctx: "_Ctx") -> list[np.ndarray]:
    """Days as ``datetime64[us]`` (NaT for blank or bad) for the date columns of one file.

    Dates in numbers (4/5/2020) are read in one order for the whole file: the one ``date_format``
    gives, else the one the file shows (a first number above 12 is a day, a second above 12 is
    one too). A file that shows both orders, or neither while some date could be read both ways,
    is a problem of the whole file: the order is never guessed."""
    order, fmt = ctx.date_order, ctx.date_fmt
    parsed: list[list[datetime | None]] = []
    numeric: list[tuple[int, int, int, str, str, str]] = []  # (item, unique, a, b, year, sep)
    for k, (col, _) in enumerate(items):
        out = []
        for i, u in enumerate(col.uniques):
            d = _parse_day(u, fmt) if u else None
            if d is None and u and fmt is None:
                m = _NUMERIC_RE.match(u)
                if m:
                    numeric.append((k, i, int(m.group(1)), int(m.group(3)), m.group(4), m.group(2)))
            out.append(d)
        parsed.append(out)

    def where(k: int, i: int) -> int:
        return int(np.argmax(items[k][0].codes == i))

    if numeric and order is None:
        day_first = [x for x in numeric if x[2] > 12 >= x[3]]
        month_first = [x for x in numeric if x[3] > 12 >= x[2]]
        both = [x for x in numeric if x[2] != x[3] and x[2] <= 12 and x[3] <= 12]
        if day_first and month_first:
            d, m = day_first[0], month_first[0]
            dv, mv = items[d[0]][0].uniques[d[1]], items[m[0]][0].uniques[m[1]]
            chk.whole_file(where(m[0], m[1]), items[m[0]][1].name,
                           f"dates in numbers in both orders: {dv!r} (line {int(chk.lines[where(d[0], d[1])])}) "
                           f"has the day first, this one the month first (expected one order; give it with "
                           f"date_format=\"dmy\" or \"mdy\", --date-format on the command line)", mv)
        elif day_first or month_first:
            order = "dmy" if day_first else "mdy"
            x = (day_first or month_first)[0]
            v = items[x[0]][0].uniques[x[1]]
            if both:
                ctx.note(f"{items[x[0]][1].name}: dates in numbers read {DATE_ORDERS[order]} ({v!r} decides)")
        elif both:
            x = both[0]
            v = items[x[0]][0].uniques[x[1]]
            y = "%Y" if len(x[4]) == 4 else "%y"
            sep = x[5]
            chk.whole_file(where(x[0], x[1]), items[x[0]][1].name,
                           "cannot tell day from month: no date in the file has a number above 12 in the first "
                           f"two places (expected date_format=\"%d{sep}%m{sep}{y}\" or \"%m{sep}%d{sep}{y}\"; on "
                           f"the command line --date-format \"%d{sep}%m{sep}{y}\" or \"%m{sep}%d{sep}{y}\")", v)
            order = "dmy"  # only to go on checking the other values; the file is not read
        else:
            order = "dmy"  # day = month in every date: both orders read the same
    for k, i, a, b, year, _ in numeric:
        parsed[k][i] = _numeric(a, b, year, order)
    if ctx.date_format is not None and any(parsed):
        ctx.note(f"dates read with date_format={ctx.date_format!r}")

    out = []
    for (col, column), days_u in zip(items, parsed):
        blank = _check_required(chk, col, column)
        bad = np.array([p is None for p in days_u], dtype=bool) & ~blank
        expected = f"a date as date_format={ctx.date_format!r}" if ctx.date_format else _DATE_HINT
        chk.rows(col.rows_where(bad), column.name, f"not a valid date (expected {expected})", col)
        days = np.array([np.datetime64(p, "us") if p is not None else np.datetime64("NaT", "us") for p in days_u],
                        dtype=_US)
        out.append(days[col.codes])
    return out


def _slug(text: str) -> str:
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[^a-z0-9_]+", "-", s).strip("-_")
    return s


def _unique_slugs(texts, fallback: str, limit: int = 60) -> list[str]:
    """Readable, unique ids for a registry (places, sources), in the given order."""
    used: set[str] = set()
    out = []
    for t in texts:
        base = _slug(t)[:limit].rstrip("-_") or fallback
        cand, k = base, 1
        while cand in used:
            k += 1
            cand = f"{base}-{k}"
        used.add(cand)
        out.append(cand)
    return out


def _event_ids(chk: _Checker, s: pd.Series, column: str) -> pd.Series:
    """The dataset's ids as event ids: stripped, lower-case, other characters as '-'; blank and
    duplicate ids are problems (ids differing only in case are duplicates)."""
    raw = s.str.strip()
    ids = raw.str.lower()
    ok = ids.str.match(_ID_RE.pattern).to_numpy(dtype=bool)
    if not ok.all():
        fixed = ids.to_numpy(dtype=object).copy()
        for p in np.flatnonzero(~ok):
            fixed[p] = _slug(fixed[p])
        ids = _str(fixed)
    blank = (raw == "").to_numpy(dtype=bool)
    chk.rows(blank, column, "empty required value (expected an id)", raw)
    empty_slug = (ids == "").to_numpy(dtype=bool) & ~blank
    chk.rows(empty_slug, column, "not usable as an id (expected letters or digits)", raw)
    filled = ~(blank | empty_slug)
    later = ids.duplicated(keep="first").to_numpy(dtype=bool) & filled
    if later.any():
        raw_v = raw.to_numpy(dtype=object)
        dup_vals = set(ids.to_numpy(dtype=object)[later])
        first_line: dict[str, int] = {}
        idv = ids.to_numpy(dtype=object)
        for p in np.flatnonzero(filled & ~later):
            if idv[p] in dup_vals:
                first_line[idv[p]] = int(chk.lines[p])
        for p in np.flatnonzero(later):
            chk.add(p, column, f"duplicate id (first used on line {first_line[idv[p]]})", raw_v[p])
    return ids


# ------------------------------------------------------------------------------------------------
# Reading
# ------------------------------------------------------------------------------------------------


class _Unreadable(Exception):
    """The fast reader cannot read the file as it stands; the exact reader will say why."""


class ReadWarning(UserWarning):
    """What reading a dataset file skipped, merged or detected (the same sentences are in
    :attr:`Timeline.notes <timeline.model.Timeline>`)."""


#: Delimiters told apart by the header row (the one giving the most columns wins; ties: ``,``).
_DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon (;)", "\t": "tab", "|": "vertical bar (|)"}
#: A cell of a Humanitarian Exchange Language tag row (``#date+start``), as HDX publishes under the header.
_HXL_RE = re.compile(r"^#[a-z][a-z0-9_]*(?:\s*\+\s*[a-z0-9_]+)*$", re.IGNORECASE)
_HEAD_BYTES = 1 << 18


@dataclass
class _Source:
    """A dataset file as it is read: its container (``csv``, ``gz``, ``zip``, ``xlsx``), encoding,
    delimiter, header and whether an HXL tag row follows the header."""

    path: Path
    file: str
    kind: str = "csv"
    encoding: str = "utf-8"
    encoding_given: bool = False
    member: str | None = None
    delimiter: str = ","
    header: list[str] = field(default_factory=list)
    hxl: bool = False
    records: list[tuple[int, list[str]]] | None = None  # xlsx: the sheet's rows, read once
    text: str | None = None  # the decoded text, once the exact reader needs it
    notes: list[str] = field(default_factory=list)


def _problem(src: _Source, message: str, line: int = 0) -> TimelineDataError:
    return TimelineDataError([Problem(src.file, line, None, message)])


def _open(path: Path, file: str, encoding: str | None, table: Table) -> _Source:
    """What the file is: container by its first bytes, encoding, delimiter and header."""
    src = _Source(path, file)
    if not path.is_file():
        what = "not a file" if path.exists() else "file not found"
        raise _problem(src, f"{what} (expected the {table.name} table here)")
    with open(path, "rb") as fh:
        magic = fh.read(4)
    if magic[:2] == b"\x1f\x8b":
        src.kind = "gz"
        src.notes.append("read from its gzip compression")
    elif magic == b"PK\x03\x04":
        import zipfile

        try:
            with zipfile.ZipFile(path) as z:
                names = [i.filename for i in z.infolist() if not i.is_dir()]
        except zipfile.BadZipFile as e:
            raise _problem(src, f"not a readable zip file ({e})") from None
        if "xl/workbook.xml" in names:
            src.kind = "xlsx"
        else:
            csvs = [n for n in names if n.lower().endswith((".csv", ".txt", ".tsv"))
                    and not n.startswith("__MACOSX/") and not Path(n).name.startswith(".")]
            if len(csvs) != 1:
                listed = ", ".join(csvs) if csvs else ", ".join(names) or "nothing"
                raise _problem(src, f"a zip file must hold exactly one CSV file to be read (this one holds "
                               f"{len(csvs)}: {listed}); unzip it and give the CSV file")
            src.kind, src.member = "zip", csvs[0]
            src.notes.append(f"read {csvs[0]!r} from the zip file")
    if src.kind == "xlsx":
        src.records = _xlsx_records(src)
        src.header = src.records[0][1] if src.records else []
        src.hxl = len(src.records) > 1 and _is_hxl(src.records[1][1])
        return src

    head = _head(src)
    if encoding is not None:
        try:
            src.encoding = codecs.lookup(encoding).name
        except LookupError:
            raise ValueError(f"encoding {encoding!r} is not an encoding Python knows (e.g. 'cp1252', "
                             "'latin-1', 'utf-16')") from None
        src.encoding_given = True
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        src.encoding = "utf-16"
        src.notes.append("encoding: UTF-16 (the file starts with its byte-order mark)")
    elif head.startswith(b"\xef\xbb\xbf"):
        src.encoding = "utf-8-sig"
    text = codecs.getincrementaldecoder(src.encoding)(errors="replace").decode(head, final=False)
    if text.startswith("\ufeff"):
        text = text[1:]
    first = text.split("\n", 1)[0]
    best, fields = ",", 0
    for d in _DELIMITERS:
        n = len(next(csv.reader([first], delimiter=d), []))
        if n > fields:
            best, fields = d, n
    src.delimiter = best
    if best != ",":
        src.notes.append(f"delimiter: {_DELIMITER_NAMES[best]}, detected from the header row")
    recs = csv.reader(io.StringIO(text), delimiter=best)
    try:
        rows = [r for r, _ in zip((r for r in recs if r), range(2))]
    except csv.Error:
        rows = []
    src.header = rows[0] if rows else []
    src.hxl = len(rows) > 1 and _is_hxl(rows[1])
    return src


def _is_hxl(rec: list[str]) -> bool:
    cells = [c.strip() for c in rec if c.strip()]
    return bool(cells) and all(_HXL_RE.match(c) for c in cells)


def _stream(src: _Source):
    """The file's bytes as a binary file object (decompressed)."""
    if src.kind == "gz":
        import gzip

        return gzip.open(src.path, "rb")
    if src.kind == "zip":
        import zipfile

        z = zipfile.ZipFile(src.path)
        return z.open(src.member)
    return open(src.path, "rb")


def _head(src: _Source) -> bytes:
    try:
        with _stream(src) as fh:
            return fh.read(_HEAD_BYTES)
    except (OSError, EOFError) as e:
        raise _problem(src, f"cannot read the file: {e}") from None


def _bytes(src: _Source) -> bytes:
    try:
        with _stream(src) as fh:
            return fh.read()
    except (OSError, EOFError) as e:
        raise _problem(src, f"cannot read the file: {e}") from None


def _likely_encoding(data: bytes) -> str:
    """The encoding a non-UTF-8 file most likely has, for the message (never used to read it)."""
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def _text(src: _Source) -> str:
    if src.text is not None:
        return src.text
    data = _bytes(src)
    try:
        text = data.decode(src.encoding)
    except UnicodeDecodeError as e:
        if src.encoding_given:
            line = data.count(b"\n", 0, e.start) + 1
            byte = data[e.start:e.start + 1].hex().upper()
            raise _problem(src, f"file is not valid {src.encoding} (byte 0x{byte}); give the encoding it was "
                           "saved in", line) from None
        enc = _likely_encoding(data)
        hint = (f"it is probably {enc} ({'as Excel saves CSV files on Windows' if enc == 'cp1252' else 'Latin-1'}): "
                f"read it with encoding=\"{enc}\" (on the command line --encoding {enc}), or save it as UTF-8")
        raise TimelineDataError([utf8_problem(src.file, data, e, hint)]) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise _problem(src, "file is empty (expected a header row)", 1)
    src.text = text
    return text


def _xlsx_records(src: _Source) -> list[tuple[int, list[str]]]:
    """The first sheet of an .xlsx workbook as text records, each with its sheet row number."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        raise ImportError("reading .xlsx files needs python-calamine: pip install python-calamine "
                          "(or pip install 'syria-timeline[xlsx]'), or save the sheet as CSV UTF-8") from None
    try:
        wb = CalamineWorkbook.from_path(str(src.path))
        names = wb.sheet_names
        sheet = wb.get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except Exception as e:  # calamine raises its own errors for damaged workbooks
        raise _problem(src, f"cannot read the workbook: {e}") from None
    src.notes.append(f"read the sheet {names[0]!r} of the workbook" +
                     (f" (the first of {len(names)}; the others are not read)" if len(names) > 1 else ""))
    out = []
    for i, row in enumerate(rows):
        rec = [_cell_text(v) for v in row]
        if not out and not any(rec):
            continue  # blank rows above the header
        out.append((i + 1, rec))
    return out


def _cell_text(v) -> str:
    """A cell as the text a CSV file would hold: whole numbers without '.0', days as ISO dates."""
    if v is None or v == "":
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if isinstance(v, datetime):
        return v.date().isoformat() if (v.hour, v.minute, v.second, v.microsecond) == (0, 0, 0, 0) else v.isoformat(" ")
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)


def _columns(header: list[str], table: Table, file: str,
             aliases: dict[str, str]) -> tuple[dict[str, int], list[Problem], list[str]]:
    """Match the header to the table's columns, ignoring case and surrounding spaces (and with
    ``aliases``, older names). Returns lower-case name → position in the header for the columns
    the table lists, the problems (missing required, duplicates) and notes."""
    problems, notes = [], []
    by_lower: dict[str, list[int]] = {}
    for i, h in enumerate(header):
        by_lower.setdefault(h.strip().lower(), []).append(i)
    for old, new in aliases.items():
        if old in by_lower and new not in by_lower:
            by_lower[new] = by_lower.pop(old)
            notes.append(f"column {header[by_lower[new][0]].strip()} read as {new} (its name before 2019)")
    for lower, idx in by_lower.items():
        if len(idx) > 1 and lower in table.column_names:
            problems.append(Problem(file, 1, lower, f"column appears {len(idx)} times in the header "
                                    f"(as {', '.join(header[i].strip() for i in idx)})"))
    required = [c.name for c in table.columns if c.required]
    for name in required:
        if name not in by_lower:
            problems.append(Problem(file, 1, name, f"missing required column (a {table.name} file has: "
                                    f"{', '.join(required)})"))
    want = {c.name: by_lower[c.name][0] for c in table.columns if c.name in by_lower and c.description != _NOT_READ}
    return want, problems, notes


def _unnamed(header: list[str]) -> list[int]:
    return [i for i, h in enumerate(header) if not h.strip()]


def _unnamed_note(positions: list[int], filled: list[int], sample: dict[int, list[str]]) -> list[str]:
    """Notes on columns with no name: empty ones, and ones with values (not read either)."""
    notes = []
    empty = [i for i in positions if i not in filled]
    if empty:
        notes.append(f"{len(empty)} empty column{'s' if len(empty) != 1 else ''} with no name ignored (as "
                     "spreadsheets leave them)")
    for i in filled:
        vals = sample.get(i, [])
        index = vals[:3] == [str(k) for k in range(len(vals[:3]))] or vals[:3] == [str(k + 1) for k in range(len(vals[:3]))]
        notes.append(f"column {i + 1} has no name and is not read" +
                     (" (0, 1, 2, …: a row index saved with the data)" if index and vals else
                      f" (values such as {vals[0]!r})" if vals else ""))
    return notes


@dataclass
class _Rows:
    """The rows of a file, as text per column read, and what was left aside while reading."""

    cols: dict[str, pd.Series]
    n: int
    lines: np.ndarray | None          # None: the fast reader's guess (exact lines not known)
    data_rows: int                     # records after the header (all of them)
    empty: int = 0
    hxl: int = 0
    ragged: list[tuple[int, int, int]] = field(default_factory=list)  # (record, line, fields)
    positions: np.ndarray | None = None  # record number (0 = first after the header) of each row
    fields: dict[int, list[str]] = field(default_factory=dict)  # the fields of the ragged records
    notes: list[str] = field(default_factory=list)


def _read_fast(src: _Source, want: dict[str, int], wide: set[str]) -> _Rows:
    """Read the columns ``want`` (lower-case name → position in the header) as text with Apache
    Arrow: narrow columns as categoricals, ``wide`` ones (ids, notes) as ``str``. Raises
    :class:`_Unreadable` when pyarrow is missing or the file has something the exact reader must
    see (bad encoding, an empty row, many rows with too many or too few fields). A few rows
    with the wrong number of fields (a truncated last row) are set aside, their lines found from
    their text, as ``ragged``."""
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise _Unreadable("pyarrow is not installed") from e
    if src.kind == "xlsx":
        raise _Unreadable("a workbook")
    names = [f"c{i}" for i in range(len(src.header))]
    unnamed = _unnamed(src.header)
    types = {f"c{i}": (pa.string() if lower in wide else pa.dictionary(pa.int32(), pa.string()))
             for lower, i in want.items()}
    types.update({f"c{i}": pa.dictionary(pa.int32(), pa.string()) for i in unnamed})
    if src.kind == "gz":
        source = pa.input_stream(str(src.path), compression="gzip")
    elif src.kind == "zip":
        source = pa.BufferReader(_bytes(src))
    else:
        source = str(src.path)
    enc = "utf8" if src.encoding in ("utf-8", "utf-8-sig") else src.encoding
    invalid: list[tuple[int, str]] = []

    def set_aside(row) -> str:
        invalid.append((row.actual_columns, row.text))
        return "skip" if len(invalid) <= _FAST_RAGGED else "error"

    try:
        table = pacsv.read_csv(
            source,
            read_options=pacsv.ReadOptions(use_threads=True, block_size=1 << 24, column_names=names, skip_rows=1,
                                           skip_rows_after_names=1 if src.hxl else 0, encoding=enc),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, delimiter=src.delimiter,
                                             invalid_row_handler=set_aside),
            convert_options=pacsv.ConvertOptions(column_types=types, include_columns=list(types),
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False,
                                                 null_values=[]),
        )
        out = {lower: table.column(f"c{i}").to_pandas() for lower, i in want.items()}
        extra = {i: table.column(f"c{i}").to_pandas() for i in unnamed}
    except (pa.ArrowException, KeyError, ValueError, UnicodeDecodeError) as e:
        raise _Unreadable(str(e)) from e
    for lower in wide:
        if lower in out and not isinstance(out[lower].dtype, pd.StringDtype):
            out[lower] = out[lower].astype("str")
    n = table.num_rows
    # an empty row (all blank): the exact reader counts it and its fields; rare, so no fast path
    blank = np.ones(n, dtype=bool)
    for s in [s for lower, s in out.items() if lower not in wide] + list(extra.values()):
        cats = np.asarray(s.cat.categories, dtype=object)
        blank_cat = np.array([not str(c).strip() for c in cats], dtype=bool)
        if len(cats) and not blank_cat.any():  # no blank value in this column: no empty row
            blank[:] = False
            break
        if len(cats):
            blank &= np.append(blank_cat, True)[s.cat.codes.to_numpy()]
    if blank.any():
        for lower in wide:
            if lower in out:
                blank[blank] = (out[lower][blank].str.strip() == "").to_numpy(dtype=bool)
    if blank.any():
        raise _Unreadable("empty rows")
    filled = [i for i, s in extra.items() if any(str(c).strip() for c in s.cat.categories)]
    sample = {i: [str(x) for x in extra[i].iloc[:3]] for i in filled}
    rows = _Rows(out, n, None, n + int(src.hxl) + len(invalid), hxl=int(src.hxl),
                 notes=_unnamed_note(unnamed, filled, sample))
    if invalid:
        _locate(src, invalid, rows)
    return rows


#: At most this many rows with the wrong number of fields are set aside by the fast reader.
_FAST_RAGGED = 20


def _locate(src: _Source, invalid: list[tuple[int, str]], rows: _Rows) -> None:
    """The lines of the rows the fast reader set aside, found from their text (a row's text is
    found where a line starts; when it cannot be found for sure, the exact reader reads the file)."""
    import mmap

    codec = "utf-8" if src.encoding == "utf-8-sig" else src.encoding
    try:
        if src.kind == "csv":
            fh = open(src.path, "rb")
            data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        else:
            fh, data = None, _bytes(src)
    except (OSError, ValueError) as e:
        raise _Unreadable(str(e)) from e
    try:
        used: set[int] = set()
        for k, (count, text) in enumerate(invalid):
            needle = text.encode(codec)
            at = data.find(needle)
            while at >= 0 and (at in used or (at > 0 and data[at - 1:at] not in (b"\n", b"\r"))):
                at = data.find(needle, at + 1)
            if at < 0 or not needle:
                raise _Unreadable("a row set aside is not found")
            used.add(at)
            line = data.count(b"\n", 0, at) + 1 if isinstance(data, bytes) else _count_lines(data, at)
            fields = next(csv.reader([text], delimiter=src.delimiter), [])
            rows.ragged.append((-1 - k, line, count))
            rows.fields[-1 - k] = fields
    finally:
        if fh is not None:
            data.close()
            fh.close()
    rows.ragged.sort(key=lambda x: x[1])


def _count_lines(data, end: int) -> int:
    """Lines up to byte ``end`` of a memory-mapped file (counted in blocks)."""
    n, step = 1, 1 << 24
    for start in range(0, end, step):
        n += data[start:min(start + step, end)].count(b"\n")
    return n


def _records(src: _Source):
    if src.kind == "xlsx":
        return iter(src.records)
    return csv_records(_text(src), src.delimiter)


def _read_exact(src: _Source, want: dict[str, int]) -> tuple[_Rows, list[str]]:
    """Read every record with the csv module, numbering lines as the file does (the header is
    line 1). Empty rows (every field blank) and an HXL tag row under the header are left out and
    counted; rows with the wrong number of fields are kept aside (``ragged``). Returns the rows
    and the header."""
    records = _records(src)
    try:
        _, header = next(records)
    except StopIteration:
        raise _problem(src, "file is empty (expected a header row)", 1) from None
    except csv.Error as e:
        raise _problem(src, f"cannot read the CSV file: {e}", 1) from None
    width = len(header)
    unnamed = _unnamed(header)
    vals: dict[str, list[str]] = {lower: [] for lower in want}
    idx = list(want.items())
    lines: list[int] = []
    positions: list[int] = []
    rows = _Rows({}, 0, None, 0)
    sample: dict[int, list[str]] = {}
    r, line = -1, 1
    try:
        for r, (line, rec) in enumerate(records):
            if r == 0 and _is_hxl(rec):
                rows.hxl += 1
                continue
            if not any(f.strip() for f in rec):
                rows.empty += 1
                continue
            if len(rec) != width:
                rows.ragged.append((r, line, len(rec)))
                rows.fields[r] = rec
                continue
            lines.append(line)
            positions.append(r)
            for lower, i in idx:
                vals[lower].append(rec[i])
            for i in unnamed:
                if rec[i].strip() and len(sample.setdefault(i, [])) < 3:
                    sample[i].append(rec[i].strip())
    except csv.Error as e:  # e.g. a NUL byte, or a field run on past the csv module's limit by a stray quote
        raise _problem(src, f"cannot read the CSV file after the row that starts on this line: {e}", line) from None
    rows.cols = {lower: pd.Series(v, dtype="str") for lower, v in vals.items()}
    rows.n, rows.lines, rows.data_rows = len(lines), np.asarray(lines, dtype=np.int64), r + 1
    rows.positions = np.asarray(positions, dtype=np.int64)
    rows.notes = _unnamed_note(unnamed, [i for i in unnamed if sample.get(i)], sample)
    return rows, header


def _fields(src: _Source, records: set[int], known: dict[int, list[str]]) -> dict[int, list[str]]:
    """The fields of the given records (numbered as in :class:`_Rows`): ``known`` ones, the
    others read again."""
    out = {r: known[r] for r in records if r in known}
    if len(out) == len(records):
        return out
    it = _records(src)
    next(it, None)
    for r, (_, rec) in enumerate(it):
        if r in records:
            out[r] = rec
    return out


@dataclass
class _Ctx:
    """What a builder needs besides the columns: the file, reading options, where notes go."""

    path: Path
    file: str
    present: set[str]
    date_format: str | None = None
    date_order: str | None = None
    date_fmt: str | None = None
    stage: object = None
    notes: list[str] = field(default_factory=list)
    merged: int = 0

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


def _lines_text(lines, limit: int = 5) -> str:
    lines = [int(x) for x in lines]
    shown = ", ".join(str(x) for x in lines[:limit])
    return f"line{'s' if len(lines) != 1 else ''} {shown}" + (f" and {len(lines) - limit} more" if len(lines) > limit else "")


BAD_ROWS = ("error", "skip")


def _read(path: Path, table: Table, wide: set[str], build, *, progress, encoding=None, date_format=None,
          bad_rows="error", aliases=None, dataset: str) -> Timeline:
    """Read ``path`` (fast when possible), check it and build the Timeline. When the fast reader
    cannot read the file or finds a problem, the exact reader reads it to report every problem
    at its line (or, with ``bad_rows="skip"``, to leave out the rows with problems).
    ``build(chk, columns, n, ctx)`` checks, calls ``ctx.stage("build")`` and builds."""
    if bad_rows not in BAD_ROWS:
        raise ValueError(f"bad_rows={bad_rows!r} (expected 'error' or 'skip')")
    date_order, date_fmt = date_format_option(date_format)
    file = file_label(path)
    show = progress if progress is not None else (path.is_file() and path.stat().st_size > PROGRESS_BYTES)
    from tqdm.auto import tqdm

    with tqdm(total=3, desc=f"Loading {path.name}", unit="stage", disable=not show, file=sys.stderr,
              leave=False) as bar:

        def stage(name: str) -> None:
            if bar.n < bar.total and name != "read":
                bar.update(1)
            bar.set_postfix_str(name)

        stage("read")
        src = _open(path, file, encoding, table)
        aliases = aliases or {}

        def context(want) -> _Ctx:
            return _Ctx(path, file, set(want), date_format, date_order, date_fmt, stage)

        rows = None
        if src.header:
            want, problems, col_notes = _columns(src.header, table, file, aliases)
            if problems:  # the header alone says it: no need to read the rows
                raise TimelineDataError(problems)
            try:
                rows = _read_fast(src, want, wide)
            except _Unreadable:
                rows = None
        if rows is not None:
            stage("validate")
            guess = np.arange(rows.n, dtype=np.int64) + 2 + rows.hxl  # exact lines come below
            chk = _Checker(file, guess)
            ctx = context(want)
            result = build(chk, rows.cols, rows.n, ctx)
            if not chk.problems:
                rejected = None
                if rows.ragged:  # a truncated last row, say: no need to read the file again
                    ragged = [field_count_problem(file, line, k, len(src.header)) for _, line, k in rows.ragged]
                    if bad_rows == "error":
                        raise TimelineDataError(ragged)
                    rejected = _rejected(src, src.header, rows, ragged)
                bar.update(bar.total - bar.n)
                return _finish(result, src, rows, col_notes, ctx, rejected, dataset)
            bar.reset(total=3)
            bar.set_description(f"Re-reading {path.name} to report problems")
            stage("read")
        # The exact reader: every record at its line.
        if src.kind != "xlsx":
            try:
                src.header = next(_records(src))[1]
            except StopIteration:
                raise _problem(src, "file is empty (expected a header row)", 1) from None
            except csv.Error as e:
                raise _problem(src, f"cannot read the CSV file: {e}", 1) from None
        want, problems, col_notes = _columns(src.header, table, file, aliases)
        if problems:
            raise TimelineDataError(problems)
        rows, header = _read_exact(src, want)
        stage("validate")
        ragged = [field_count_problem(file, line, k, len(header)) for _, line, k in rows.ragged]
        cols, lines, positions = rows.cols, rows.lines, rows.positions
        for attempt in range(4):
            chk = _Checker(file, lines)
            ctx = context(want)
            result = build(chk, cols, len(lines), ctx)
            if not chk.problems:
                break
            if bad_rows == "error" or chk.fatal or attempt == 3:
                raise TimelineDataError(ragged + chk.problems)
            # leave out the rows with problems; build again (a row left out may change another's check)
            keep = ~chk.bad
            bad_pos = positions[chk.bad]
            by_line: dict[int, list[Problem]] = {}
            for p in chk.problems:
                by_line.setdefault(p.line, []).append(p)
            for m, f in chk.companion.items():  # the other rows of a monadic event with problems
                if int(lines[m]) not in by_line:
                    by_line[int(lines[m])] = [Problem(file, int(lines[m]), None, f"left out with line "
                                                      f"{int(lines[f])}: the same event (one row per actor), which "
                                                      "has problems")]
            rows.ragged += [(int(r), int(line), -1) for r, line in zip(bad_pos, lines[chk.bad])]
            ragged += [q for line in lines[chk.bad] for q in by_line.get(int(line), [])]
            cols = {k: v[keep].reset_index(drop=True) for k, v in cols.items()}
            lines, positions = lines[keep], positions[keep]
        if ragged and bad_rows == "error":
            raise TimelineDataError(ragged)
        rejected = _rejected(src, header, rows, ragged) if ragged else None
        bar.update(bar.total - bar.n)
        return _finish(result, src, rows, col_notes, ctx, rejected, dataset)


def _rejected(src: _Source, header: list[str], rows: _Rows, problems: list[Problem]) -> pd.DataFrame:
    """The rows left out: ``line``, ``problems`` (each as ``column 'X': what (got 'V')``) and the
    fields as written, one column per header column (surplus fields in ``(more fields)``)."""
    left_out = rows.ragged
    fields = _fields(src, {r for r, _, _ in left_out}, rows.fields)
    by_line: dict[int, list[str]] = {}
    for p in problems:
        by_line.setdefault(p.line, []).append(str(p)[len(f"{p.file}:{p.line}: "):])
    names = [h.strip() or f"(column {i + 1})" for i, h in enumerate(header)]
    seen: dict[str, int] = {}
    for i, h in enumerate(names):  # repeated names kept apart
        seen[h] = seen.get(h, 0) + 1
        if seen[h] > 1:
            names[i] = f"{h} ({seen[h]})"
    out = []
    for r, line, _ in sorted(left_out, key=lambda x: x[1]):
        rec = fields.get(r, [])
        row = {"line": line, "problems": "; ".join(by_line.get(line, []))}
        row.update({n: (rec[i] if i < len(rec) else "") for i, n in enumerate(names)})
        if len(rec) > len(names):
            row["(more fields)"] = src.delimiter.join(rec[len(names):])
        out.append(row)
    frame = pd.DataFrame(out, columns=["line", "problems", *names] + (["(more fields)"] if any(
        "(more fields)" in r for r in out) else []))
    frame["line"] = frame["line"].astype("int64")
    return frame.fillna("").astype({c: "str" for c in frame.columns if c != "line"})


def _finish(tl: Timeline, src: _Source, rows: _Rows, col_notes: list[str], ctx: _Ctx,
            rejected: pd.DataFrame | None, dataset: str) -> Timeline:
    """The Timeline with what reading found: notes (also as warnings), rejected rows, row counts."""
    notes = list(src.notes) + list(col_notes) + list(rows.notes)
    if rows.hxl:
        notes.append("line 2 is a row of HXL tags (#date+start, …, as HDX publishes the data) and was skipped")
    if rows.empty:
        notes.append(f"{rows.empty:,} empty row{'s' if rows.empty != 1 else ''} (every field blank) ignored")
    notes += ctx.notes
    n_rej = 0 if rejected is None else len(rejected)
    if n_rej:
        notes.append(f"{n_rej:,} row{'s' if n_rej != 1 else ''} with problems left out (bad_rows=\"skip\"; "
                     f"{_lines_text(rejected['line'])}): they are in Timeline.rejected, with their problems")
    counts = {"rows": rows.data_rows, "events": len(tl.events), "merged": ctx.merged, "rejected": n_rej,
              "ignored": rows.empty + rows.hxl}
    accounted = counts["events"] + counts["merged"] + counts["rejected"] + counts["ignored"]
    if accounted != counts["rows"]:  # pragma: no cover - a bug: never lose a row silently
        raise AssertionError(f"{src.file}: {counts['rows']} rows read but {accounted} accounted for: {counts}")
    for text in notes:
        warnings.warn(f"{src.file}: {text}", ReadWarning, stacklevel=4)
    extra = {"notes": tuple(notes), "row_counts": counts}
    if rejected is not None:
        extra["rejected"] = rejected
    return replace(tl, **extra)


def write_rejects(tl: Timeline, path: str | Path) -> Path:
    """Write ``tl.rejected`` (the rows left out with ``bad_rows="skip"``) as a CSV file, in one
    step (:func:`timeline.atomic.atomic_write`): a header row, then one row per rejected row."""
    frame = tl.rejected

    def write(fh):
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(list(frame.columns))
        for row in frame.itertuples(index=False):
            w.writerow(["" if pd.isna(v) else v for v in row])

    return atomic_write(path, write)


# ------------------------------------------------------------------------------------------------
# Building the Timeline
# ------------------------------------------------------------------------------------------------


def _col(cols: dict[str, pd.Series], name: str, n: int) -> _Col:
    return _Col.of(cols[name]) if name in cols else _Col.blank(n)


def _places(name: _Col, admin1: _Col, lat: np.ndarray, lon: np.ndarray, kind_rank: np.ndarray,
            coord_source: str) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """One place per distinct (name, admin1, lat, lon). ``kind_rank`` per row indexes ``_KINDS``
    (lower = more precise); a place takes its most precise kind. Returns the places, the place
    code of each row and the place ids."""
    lat_codes, lat_u = pd.factorize(lat, use_na_sentinel=False)
    lon_codes, lon_u = pd.factorize(lon, use_na_sentinel=False)
    codes, first = _combine(name.codes, admin1.codes, lat_codes.astype(np.int64), lon_codes.astype(np.int64))
    k = len(first)
    names = name.uniques[name.codes[first]]
    ids = np.array(_unique_slugs(names, "place"), dtype=object)
    rank = np.full(k, len(_KINDS) - 1, dtype=np.int64)
    np.minimum.at(rank, codes, kind_rank)
    arabic = np.array([bool(_ARABIC_RE.search(x)) for x in names], dtype=bool)
    kinds = TABLES["places"].column("kind").choices
    places = pd.DataFrame({
        "id": _str(ids),
        "name": _str(names),
        "name_ar": _str(np.where(arabic, names, "")),
        "admin1": _str(admin1.uniques[admin1.codes[first]]),
        "kind": _categorical(np.array([kinds.index(_KINDS[r]) for r in rank], dtype=np.int64), kinds),
        "lat": lat[first].astype("float64"),
        "lon": lon[first].astype("float64"),
        "coord_source": _expand(np.zeros(k, np.int64), [coord_source]),
    })
    return places, codes, ids


_KINDS = ("town", "district", "region", "country")


def _actors(cols: list[_Col]) -> tuple[np.ndarray, list[list[str]]]:
    """Per row, the code of its actor list; per code, the actors (``;``-separated cells split,
    blanks skipped, each actor once)."""
    codes, first = _combine(*[c.codes for c in cols])
    lists = []
    for f in first:
        seen: dict[str, None] = {}
        for c in cols:
            for a in c.uniques[c.codes[f]].split(";"):
                a = a.strip()
                if a:
                    seen.setdefault(a, None)
        lists.append(list(seen))
    return codes, lists


def _link(ids: pd.Series, codes: np.ndarray, lists: list[list[str]], key: str) -> pd.DataFrame:
    """Long link table (event_id, key) from per-row codes into lists of items, in row order."""
    lens = np.array([len(x) for x in lists], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(lens)[:-1]]).astype(np.int64) if len(lens) else np.zeros(0, np.int64)
    flat_codes, vocab = pd.factorize(np.array([a for x in lists for a in x], dtype=object))
    row_lens = lens[codes] if len(codes) else np.zeros(0, np.int64)
    rows = np.repeat(np.arange(len(codes)), row_lens)
    within = np.arange(len(rows)) - np.repeat(np.cumsum(row_lens) - row_lens, row_lens)
    items = flat_codes[offsets[codes[rows]] + within] if len(rows) else np.zeros(0, np.int64)
    event_id = ids.reset_index(drop=True) if len(rows) == len(codes) and (row_lens == 1).all() else (
        ids.iloc[rows].reset_index(drop=True))
    return pd.DataFrame({"event_id": event_id, key: _expand(items, vocab)})


def _sources(text: _Col, dataset: str, empty_publisher: str) -> tuple[pd.DataFrame, np.ndarray]:
    """One source per distinct source text (a blank text becomes one source saying so)."""
    texts = text.uniques
    publishers = np.array([t if t else empty_publisher for t in texts], dtype=object)
    titles = np.array([f"[source as given by {dataset}]" if t else f"[{dataset} gives no source for these events]"
                       for t in texts], dtype=object)
    # in order of first appearance
    _, first = _combine(text.codes)
    order = text.codes[first]
    ids = np.empty(len(texts), dtype=object)
    ids[order] = _unique_slugs(publishers[order], "source")
    k = len(order)
    sources = pd.DataFrame({
        "id": _str(ids[order]),
        "publisher": _str(publishers[order]),
        "origin": _expand(np.zeros(k, np.int64), [""]),
        "title": _str(titles[order]),
        "url": _expand(np.zeros(k, np.int64), [""]),
        "published": pd.Series(np.full(k, np.datetime64("NaT", "us"))),
        "notes": _expand(np.zeros(k, np.int64), [""]),
    })
    return sources, ids


def _outlets(text: _Col, dataset: str, empty_publisher: str) -> tuple[pd.DataFrame, list[list[str]]]:
    """One source per outlet: each distinct text is split at ``;`` ("SOHR; Liveuamap" names two
    outlets, the same two as "Liveuamap; SOHR"). Returns the sources (in order of first
    appearance) and, per distinct text, the ids of its outlets (a blank text: one source saying
    the dataset gives none)."""
    _, first = _combine(text.codes)
    order = text.codes[first]
    registry: dict[str, None] = {}
    split: dict[int, list[str]] = {}
    for u in order:
        parts = list(dict.fromkeys(x.strip() for x in text.uniques[u].split(";") if x.strip()))
        split[int(u)] = parts or [""]
        for x in split[int(u)]:
            registry.setdefault(x, None)
    names = list(registry)
    publishers = [x if x else empty_publisher for x in names]
    ids = dict(zip(names, _unique_slugs(publishers, "source")))
    k = len(names)
    sources = pd.DataFrame({
        "id": _str([ids[x] for x in names]),
        "publisher": _str(publishers),
        "origin": _expand(np.zeros(k, np.int64), [""]),
        "title": _str([f"[source as given by {dataset}]" if x else f"[{dataset} gives no source for these events]"
                       for x in names]),
        "url": _expand(np.zeros(k, np.int64), [""]),
        "published": pd.Series(np.full(k, np.datetime64("NaT", "us"))),
        "notes": _expand(np.zeros(k, np.int64), [""]),
    })
    lists = [[ids[x] for x in split.get(u, [""])] for u in range(len(text.uniques))]
    return sources, lists


def _month_bounds(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    month = days.astype("datetime64[M]")
    return month.astype(_US), ((month + 1).astype("datetime64[D]") - 1).astype(_US)


def _empty_phases() -> pd.DataFrame:
    return pd.DataFrame({
        "id": _str([]), "name": _str([]), "start": pd.Series([], dtype=_US), "end": pd.Series([], dtype=_US),
        "description": _str([]),
    })


def _confidence(rank: np.ndarray) -> pd.Series:
    """rank 0 = high, 1 = medium, 2 = low → the ordered confidence category."""
    order = list(CONFIDENCE)  # low, medium, high
    codes = np.array([order.index("high"), order.index("medium"), order.index("low")], dtype=np.int8)[rank]
    return _categorical(codes, order, ordered=True)


def _events_frame(ids, start, end, span_end, precision_codes, title, description, category, place, actors,
                  sources, confidence, notes) -> pd.DataFrame:
    return pd.DataFrame({
        "id": ids,
        "start": pd.Series(start, dtype=_US),
        "end": pd.Series(end, dtype=_US),
        "span_end": pd.Series(span_end, dtype=_US),
        "date_precision": _categorical(precision_codes, DATE_PRECISION),
        "title": title,
        "description": description,
        "category": category,
        "place": place,
        "actors": actors,
        "sources": sources,
        "confidence": confidence,
        "notes": notes,
    })


def _reports_frame(n, ids, reported_by, published, period_start, period_end, area, killed_total,
                   killed_civilians, qualifier_codes, scope, source, event) -> pd.DataFrame:
    na = pd.Series(pd.array(np.full(n, pd.NA), dtype="Int64"))
    const = np.zeros(n, np.int64)
    return pd.DataFrame({
        "id": ids,
        "reported_by": _expand(const, [reported_by]),
        "published": pd.Series(published, dtype=_US),
        "published_precision": _const_cat(n, "day", DATE_PRECISION),
        "period_start": pd.Series(period_start, dtype=_US),
        "period_end": pd.Series(period_end, dtype=_US),
        "area": area,
        "tally": _const_cat(n, "incident", TALLY),
        "killed_total": killed_total,
        "killed_civilians": killed_civilians if killed_civilians is not None else na,
        "killed_government": na,
        "killed_loyalists": na.copy(),
        "wounded": na.copy(),
        "qualifier": _categorical(qualifier_codes, QUALIFIERS),
        "scope": _expand(const, [scope]),
        "sources": source,
        "event": event,
        "includes": _expand(const, [""]),
        "confidence": _const_cat(n, "high", CONFIDENCE).cat.as_ordered(),
        "notes": _expand(const, [""]),
    })


def _fmt(day: np.datetime64) -> str:
    return pd.Timestamp(day).strftime("%Y-%m-%d")


# --- ACLED -------------------------------------------------------------------------------------


def _data_ids(chk: _Checker, cols: dict[str, pd.Series], ctx: _Ctx) -> None:
    """A row with no ``event_id_cnty`` but a ``data_id`` takes the data_id as its id (with a note)."""
    if "data_id" not in cols:
        return
    blank = (cols["event_id_cnty"].str.strip() == "").to_numpy(dtype=bool)
    if not blank.any():
        return
    did = cols["data_id"].astype("str").str.strip()
    use = blank & (did != "").to_numpy(dtype=bool)
    if use.any():
        cols["event_id_cnty"] = cols["event_id_cnty"].where(~use, did)
        shown = ", ".join(did[use].iloc[:3].tolist()) + (", …" if use.sum() > 3 else "")
        k = int(use.sum())
        ctx.note(f"{k} row{'s' if k != 1 else ''} with an empty event_id_cnty take{'s' if k == 1 else ''} "
                 f"ACLED's data_id as the event id ({shown})")


#: Columns that belong to one actor's row in a monadic ACLED export; every other column read
#: repeats the event and must agree between its rows.
_MONADIC_ACTOR = {"event_id_cnty", "data_id", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
                  "inter2"}


def _merge_monadic(chk: _Checker, cols: dict[str, pd.Series], n: int,
                   ctx: _Ctx) -> tuple[dict[str, pd.Series], int, _Checker]:
    """A monadic export (one row per actor, no actor2 column): the rows of one ``event_id_cnty``
    become one event. The first row is the event; the next row's actor1, assoc_actor_1 and inter1
    become actor2, assoc_actor_2 and inter2 (further rows' actors join assoc_actor_2). Values
    of the event that differ between its rows are problems of the later row."""
    key = cols["event_id_cnty"].astype("str").str.strip().str.lower().to_numpy(dtype=object)
    codes, _ = pd.factorize(key)
    first = np.full(codes.max() + 1 if n else 0, -1, dtype=np.int64)
    first[codes[::-1]] = np.arange(n - 1, -1, -1)
    target = first[codes]
    later = (target != np.arange(n)) & (key != "")
    if not later.any():
        return cols, n, chk
    text = {k: v.astype("str").str.strip().to_numpy(dtype=object) for k, v in cols.items()}
    for name, v in text.items():
        if name in _MONADIC_ACTOR:
            continue
        for p in np.flatnonzero(later & (v != v[target])):
            chk.add(p, name, f"differs from line {int(chk.lines[target[p]])}, the event's first row (in a monadic "
                    f"export each actor's row repeats the event; expected {v[target[p]]!r})", v[p])
    a1 = text.get("actor1", np.full(n, "", dtype=object))
    for p in np.flatnonzero(later & (a1 == "")):
        chk.add(p, "actor1", "empty required value (expected a value)", "")
    assoc = text.get("assoc_actor_1", np.full(n, "", dtype=object))
    inter = text.get("inter1", np.full(n, "", dtype=object))
    actor2, assoc2, inter2 = (np.full(n, "", dtype=object) for _ in range(3))
    for p in np.flatnonzero(later):
        t = target[p]
        if not actor2[t]:
            actor2[t], assoc2[t], inter2[t] = a1[p], assoc[p], inter[p]
        else:
            assoc2[t] = "; ".join(x for x in (assoc2[t], a1[p], assoc[p]) if x)
    keep = np.flatnonzero(~later)
    out = {k: v.iloc[keep].reset_index(drop=True) for k, v in cols.items()}
    out["actor2"], out["assoc_actor_2"], out["inter2"] = (_str(x[keep]) for x in (actor2, assoc2, inter2))
    ctx.merged = int(later.sum())
    ctx.note(f"monadic export (one row per actor, no actor2 column): {ctx.merged:,} rows merged into the events "
             f"whose event_id_cnty they repeat ({len(keep):,} events from {n:,} rows); each event has all its "
             "actors and its fatalities once")
    return out, len(keep), chk.sub(keep, groups=np.where(key != "", target, np.arange(n)))


def _name(country: _Col, dataset: str, path: Path) -> str:
    """The timeline's name: the countries of the data (most events first), else the file's name."""
    counts = np.bincount(country.codes, minlength=len(country.uniques))
    order = [i for i in np.argsort(-counts, kind="stable") if counts[i] and country.uniques[i]]
    names = [str(country.uniques[i]) for i in order]
    if not names:
        return f"{path.name} ({dataset})"
    if len(names) > 3:
        return f"{', '.join(names[:3])} and {len(names) - 3} more countries ({dataset})"
    return f"{', '.join(names[:-1])} and {names[-1]} ({dataset})" if len(names) > 1 else f"{names[0]} ({dataset})"


def _build_acled(chk: _Checker, cols: dict[str, pd.Series], n: int, ctx: _Ctx) -> Timeline | None:
    T = ACLED.column
    cols = dict(cols)
    _data_ids(chk, cols, ctx)
    if "actor2" not in ctx.present:
        cols, n, chk = _merge_monadic(chk, cols, n, ctx)
    ids = _event_ids(chk, cols["event_id_cnty"], "event_id_cnty")
    date_col = _col(cols, "event_date", n)
    (coded,) = _dates(chk, [(date_col, T("event_date"))], ctx)
    tp_col = _col(cols, "time_precision", n)
    tp_u = _choice(chk, tp_col, T("time_precision"), {c: c for c in ("1", "2", "3")}, "1, 2, 3")
    geo_col = _col(cols, "geo_precision", n)
    geo_u = _choice(chk, geo_col, T("geo_precision"), {c: c for c in ("1", "2", "3")}, "1, 2, 3")
    et_col = _col(cols, "event_type", n)
    cat_u = _choice(chk, et_col, T("event_type"), ACLED_CATEGORIES,
                    _ACLED_TYPES_SHOWN + " (or an event type of ACLED's pre-2019 codebook)")
    sub_col = _col(cols, "sub_event_type", n)
    if "sub_event_type" in ctx.present:
        _check_required(chk, sub_col, replace(T("sub_event_type"), required=True))
    else:
        ctx.note("no sub_event_type column (ACLED's layout before 2019): titles name the event type only")
    a1 = _col(cols, "actor1", n)
    _check_required(chk, a1, T("actor1"))
    loc = _col(cols, "location", n)
    _check_required(chk, loc, T("location"))
    lat = _float(chk, _col(cols, "latitude", n), T("latitude"))
    lon = _float(chk, _col(cols, "longitude", n), T("longitude"))
    src = _col(cols, "source", n)
    _check_required(chk, src, T("source"))
    fat = _count(chk, _col(cols, "fatalities", n), T("fatalities"))
    ts = None
    if "timestamp" in cols:
        ts = _timestamp(chk, cols["timestamp"], "timestamp")
    if chk.problems:
        return None
    ctx.stage("build")

    # dates
    tp = np.array([int(x) for x in tp_u] if len(tp_u) else [], dtype=np.int64)[tp_col.codes]
    geo = np.array([int(x) for x in geo_u], dtype=np.int64)[geo_col.codes]
    m_start, m_end = _month_bounds(coded)
    week = np.timedelta64(3, "D")
    start = np.where(tp == 1, coded, np.where(tp == 2, coded - week, m_start))
    end = np.where(tp == 2, coded + week, np.datetime64("NaT", "us"))
    span_end = np.where(tp == 1, coded, np.where(tp == 2, coded + week, m_end))
    prec_names = list(DATE_PRECISION)
    prec = np.array([0, prec_names.index("day"), prec_names.index("approximate"), prec_names.index("month")],
                    dtype=np.int8)[tp]

    # title, category, confidence, notes
    title_codes, first = _combine(et_col.codes, sub_col.codes, loc.codes)
    titles = []
    for f in first:
        et, sub, where = et_col.uniques[et_col.codes[f]], sub_col.uniques[sub_col.codes[f]], loc.uniques[loc.codes[f]]
        titles.append(f"{et}: {sub} in {where}" if sub else f"{et} in {where}")
    cats = list(CATEGORIES)
    cat_codes = np.array([cats.index(c) if c else -1 for c in cat_u], dtype=np.int64)[et_col.codes]
    confidence = _confidence(np.maximum(tp, geo) - 1)
    note_codes, first = _combine(tp_col.codes, geo_col.codes, date_col.codes)
    note_texts = [_acled_note(int(tp[f]), int(geo[f]), coded[f]) for f in first]

    # places, sources, actors
    admin1 = _col(cols, "admin1", n)
    kind_rank = np.where(geo == 3, _KINDS.index("region"), _KINDS.index("town"))
    places, place_codes, place_ids = _places(loc, admin1, lat, lon, kind_rank, "ACLED")
    sources, outlet_lists = _outlets(src, "ACLED", "ACLED")
    actor_codes, actor_lists = _actors([a1, _col(cols, "assoc_actor_1", n), _col(cols, "actor2", n),
                                        _col(cols, "assoc_actor_2", n)])

    place = _expand(place_codes, place_ids)
    source = _expand(src.codes, [";".join(x) for x in outlet_lists])
    one_each = all(len(x) == 1 for x in outlet_lists)  # then the per-event text is the one source id
    events = _events_frame(
        ids, start, end, span_end, prec,
        title=_expand(title_codes, titles),
        description=(cols["notes"].str.strip().reset_index(drop=True) if "notes" in cols
                     else _expand(np.zeros(n, np.int64), [""])),
        category=_categorical(cat_codes, cats),
        place=place,
        actors=_expand(actor_codes, ["; ".join(x) for x in actor_lists]),
        sources=source,
        confidence=confidence,
        notes=_expand(note_codes, note_texts),
    )
    for name in ("event_type", "sub_event_type", "disorder_type", "civilian_targeting", "inter1", "inter2",
                 "interaction", "time_precision", "geo_precision"):
        c = _col(cols, name, n)
        events[name] = _categorical(c.codes, c.uniques)
    events["fatalities"] = fat
    events["coded_date"] = pd.Series(coded, dtype=_US)

    area_texts = (places["name"] + np.where(places["admin1"] != "", ", " + places["admin1"], "")).to_numpy(dtype=object)
    published = coded if ts is None else np.where(np.isnat(ts), coded, ts)
    reports = _reports_frame(
        n, ids + "-acled", "ACLED", published, start, span_end,
        area=_expand(place_codes, area_texts), killed_total=fat, killed_civilians=None,
        qualifier_codes=np.full(n, list(QUALIFIERS).index("exact"), dtype=np.int8),
        scope="ACLED reported fatalities (a conservative estimate) for this event",
        source=source, event=ids,
    )
    as_of = None
    if ts is not None and (~np.isnat(ts)).any():
        as_of = pd.Timestamp(ts[~np.isnat(ts)].max())
    event_sources = (pd.DataFrame({"event_id": ids, "source_id": source}) if one_each
                     else _link(ids, src.codes, outlet_lists, "source_id"))
    # each event's one casualty figure cites what the event cites
    report_sources = (pd.DataFrame({"report_id": reports["id"], "source_id": source}) if one_each
                      else _link(reports["id"], src.codes, outlet_lists, "source_id")
                      .rename(columns={"event_id": "report_id"}))
    return Timeline(
        events=events, places=places, sources=sources, casualty_reports=reports, phases=_empty_phases(),
        event_places=pd.DataFrame({"event_id": ids, "place_id": place}),
        event_sources=event_sources,
        event_actors=_link(ids, actor_codes, actor_lists, "actor"),
        report_sources=report_sources,
        path=ctx.path, name=_name(_col(cols, "country", n), "ACLED", ctx.path), as_of=as_of,
    )


def _acled_note(tp: int, geo: int, coded: np.datetime64) -> str:
    parts = []
    if tp == 2:
        parts.append(f"Date known only to the week or a similar period (ACLED time_precision 2); ACLED dates it "
                     f"to {_fmt(coded)}, shown here as the week around that day.")
    elif tp == 3:
        parts.append(f"Date known only to the month (ACLED time_precision 3; ACLED dates it to {_fmt(coded)}).")
    if geo == 2:
        parts.append("Location approximate: near the named place or in part of its area (ACLED geo_precision 2).")
    elif geo == 3:
        parts.append("Location imprecise: only a larger region is known; the coordinates stand for it "
                     "(ACLED geo_precision 3).")
    return " ".join(parts)


def _timestamp(chk: _Checker, s: pd.Series, column: str) -> np.ndarray:
    """Unix seconds → the day (``datetime64[us]``); NaT where blank."""
    text = s.str.strip()
    blank = (text == "").to_numpy(dtype=bool)
    digits = text.str.fullmatch(r"\d{1,12}").to_numpy(dtype=bool)
    chk.rows(~blank & ~digits, column, "not a Unix timestamp (expected whole seconds since 1970)", text)
    secs = text.where(digits, "0").astype("int64").to_numpy()
    days = (secs // 86400).astype("datetime64[D]").astype(_US)
    days[~digits] = np.datetime64("NaT")
    return days


_READ_ARGS = """
    The file may be CSV (``,``, ``;``, tab or ``|`` delimited, detected from the header), gzip-
    compressed, a zip holding one CSV file, or an ``.xlsx`` workbook (its first sheet; needs
    ``python-calamine``). A row of HXL tags under the header, empty rows and empty columns with
    no name are skipped and said so.

    ``encoding``: the file's text encoding when it is not UTF-8 (e.g. ``"cp1252"``, as Excel
    saves CSV on Windows); a file that is not valid UTF-8 is an error naming the likely one.
    ``date_format``: how dates in numbers are written, when the file cannot tell (``"dmy"``,
    ``"mdy"`` or a format such as ``"%m/%d/%Y"``); by default the order is read from the file
    and an ambiguous file is an error. ``bad_rows``: ``"error"`` (default) raises on any problem;
    ``"skip"`` leaves out the rows with problems and keeps them, with their problems, in
    ``Timeline.rejected`` (problems of the whole file still raise). ``progress``: show a
    progress bar (``None``: only for files over 20 MB).

    What was skipped, merged or detected is in ``Timeline.notes`` (and each note is issued as a
    :class:`ReadWarning`); ``Timeline.row_counts`` accounts for every row of the file
    (``rows`` = ``events`` + ``merged`` + ``rejected`` + ``ignored``).

    Raises :class:`~timeline.errors.TimelineDataError` listing every problem.
"""


def read_acled(path: str | Path, *, encoding: str | None = None, date_format: str | None = None,
               bad_rows: str = "error", progress: bool | None = None) -> Timeline:
    return _read(Path(path), ACLED, {"event_id_cnty", "data_id", "notes", "timestamp"}, _build_acled,
                 progress=progress, encoding=encoding, date_format=date_format, bad_rows=bad_rows,
                 aliases=ACLED_ALIASES, dataset="ACLED")


read_acled.__doc__ = """Read an ACLED export into a :class:`~timeline.model.Timeline`.

    The mapping (dates and their precision, categories, confidence, places, sources and the
    fatality figures) is described in the module docstring. Headers may be upper-case and in the
    layout before 2019 (``ALLY_ACTOR_1``, no ``sub_event_type``); extra columns are ignored;
    ``inter1``/``inter2``/``interaction`` may be numbers or text. A monadic export (one row per
    actor) is merged into one event per ``event_id_cnty``.
""" + _READ_ARGS


# --- UCDP GED ----------------------------------------------------------------------------------


def _build_ged(chk: _Checker, cols: dict[str, pd.Series], n: int, ctx: _Ctx) -> Timeline | None:
    T = GED.column
    ids = _event_ids(chk, cols["id"], "id")
    tov_col = _col(cols, "type_of_violence", n)
    tov_u = _choice(chk, tov_col, T("type_of_violence"), {k: k for k in GED_CATEGORIES}, "1, 2, 3")
    dp_col = _col(cols, "date_prec", n)
    dp_u = _choice(chk, dp_col, T("date_prec"), {k: k for k in "12345"}, "1, 2, 3, 4, 5")
    wp_col = _col(cols, "where_prec", n)
    wp_u = _choice(chk, wp_col, T("where_prec"), {k: k for k in "1234567"}, "1, 2, 3, 4, 5, 6, 7")
    ec_col = _col(cols, "event_clarity", n)
    ec_u = _choice(chk, ec_col, T("event_clarity"), {"1": "1", "2": "2"}, "1, 2")
    de_col = _col(cols, "date_end", n)
    ds, de = _dates(chk, [(_col(cols, "date_start", n), T("date_start")), (de_col, T("date_end"))], ctx)
    before = ~np.isnat(ds) & ~np.isnat(de) & (de < ds)
    chk.rows(before, "date_end", "ends before it starts (expected on or after date_start)", de_col)
    side_a, side_b = _col(cols, "side_a", n), _col(cols, "side_b", n)
    _check_required(chk, side_a, T("side_a"))
    _check_required(chk, side_b, T("side_b"))
    lat = _float(chk, _col(cols, "latitude", n), T("latitude"))
    lon = _float(chk, _col(cols, "longitude", n), T("longitude"))
    counts = {name: _count(chk, _col(cols, name, n), T(name))
              for name in ("best", "low", "high", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")}
    best, low, high = counts["best"], counts["low"], counts["high"]
    outside = ((low.notna() & best.notna() & (low > best)) | (high.notna() & best.notna() & (high < best)))
    outside = outside.fillna(False).to_numpy(dtype=bool)
    if chk.problems:
        return None
    ctx.stage("build")
    if outside.any():
        k = int(outside.sum())
        p = int(np.flatnonzero(outside)[0])
        example = f"id {ids.iloc[p]}: low {low.iloc[p]}, best {best.iloc[p]}, high {high.iloc[p]}"
        if k > 1:
            example = (f"ids {', '.join(ids[outside].iloc[:5].tolist())}{', …' if k > 5 else ''}; e.g. "
                       + example)
        ctx.note(f"{k:,} row{'s' if k != 1 else ''} with best outside low–high, as UCDP's own data has "
                 f"({example}): best is kept as UCDP's figure, and flagged in casualty_reports.best_outside_range "
                 "and in the events' notes")

    # dates: the window is uncertainty
    dp = np.array([int(x) for x in dp_u], dtype=np.int64)[dp_col.codes]
    wp = np.array([int(x) for x in wp_u], dtype=np.int64)[wp_col.codes]
    ec = np.array([int(x) if x else 1 for x in ec_u], dtype=np.int64)[ec_col.codes]
    m_start, m_end = _month_bounds(ds)
    whole_month = (ds == m_start) & (de == m_end)
    is_month = (dp >= 4) & whole_month
    nat = np.datetime64("NaT", "us")
    start = np.where(is_month, m_start, ds)
    end = np.where(is_month | (de == ds), nat, de)
    span_end = np.where(is_month, m_end, de)
    names = list(DATE_PRECISION)
    prec = np.where(dp == 1, names.index("day"), np.where(is_month, names.index("month"),
                                                          names.index("approximate"))).astype(np.int8)

    # confidence: the worse of date, place and clarity
    d_rank = np.array([0, 0, 1, 1, 2, 2], dtype=np.int64)[dp]
    w_rank = np.array([0, 0, 0, 1, 1, 2, 2, 2], dtype=np.int64)[wp]
    c_rank = np.where(ec == 2, 2, 0)
    confidence = _confidence(np.maximum(np.maximum(d_rank, w_rank), c_rank))

    # place: where_coordinates, else adm_1, else country
    wc, adm1, country = _col(cols, "where_coordinates", n), _col(cols, "adm_1", n), _col(cols, "country", n)
    name_codes, first = _combine(wc.codes, adm1.codes, country.codes)
    place_names = []
    for f in first:
        place_names.append(wc.uniques[wc.codes[f]] or adm1.uniques[adm1.codes[f]] or country.uniques[country.codes[f]]
                           or "(unnamed place)")
    pname = _Col(name_codes, np.array(place_names, dtype=object))
    kind_rank = np.array([0, 0, 0, 1, 2, 2, 3, 2], dtype=np.int64)[wp]
    places, place_codes, place_ids = _places(pname, adm1, lat, lon, kind_rank, "UCDP GED")

    title_codes, first = _combine(side_a.codes, side_b.codes, name_codes)
    titles = [f"{side_a.uniques[side_a.codes[f]]} – {side_b.uniques[side_b.codes[f]]} in {pname.uniques[name_codes[f]]}"
              for f in first]
    headline, where_d = _col(cols, "source_headline", n), _col(cols, "where_description", n)
    desc_codes, first = _combine(headline.codes, where_d.codes)
    descs = []
    for f in first:
        h, w = headline.uniques[headline.codes[f]], where_d.uniques[where_d.codes[f]]
        descs.append(" ".join(x for x in (h, f"Location: {w}." if w else "") if x))
    cats = list(CATEGORIES)
    cat_codes = np.array([cats.index(GED_CATEGORIES[x]) if x else -1 for x in tov_u], dtype=np.int64)[tov_col.codes]
    note_codes, first = _combine(dp_col.codes, wp_col.codes, outside.astype(np.int64))
    notes = [_ged_note(int(dp[f]), int(wp[f]), bool(outside[f])) for f in first]

    src = _col(cols, "source_article", n)
    sources, source_ids = _sources(src, "UCDP GED", "UCDP GED")
    actor_codes, actor_lists = _actors([side_a, side_b])
    place = _expand(place_codes, place_ids)
    source = _expand(src.codes, source_ids)
    events = _events_frame(
        ids, start, end, span_end, prec,
        title=_expand(title_codes, titles), description=_expand(desc_codes, descs),
        category=_categorical(cat_codes, cats), place=place,
        actors=_expand(actor_codes, ["; ".join(x) for x in actor_lists]), sources=source,
        confidence=confidence, notes=_expand(note_codes, notes),
    )
    for name in ("type_of_violence", "conflict_name", "dyad_name", "date_prec", "where_prec"):
        c = _col(cols, name, n)
        events[name] = _categorical(c.codes, c.uniques)
    events["best"] = best
    events["coded_date"] = pd.Series(ds, dtype=_US)

    exact = (low.isna() | (low == best)) & (high.isna() | (high == best))
    q = list(QUALIFIERS)
    qual = np.where(exact.fillna(True).to_numpy(dtype=bool), q.index("exact"), q.index("approximately")).astype(np.int8)
    area_texts = (places["name"] + np.where(places["admin1"] != "", ", " + places["admin1"], "")).to_numpy(dtype=object)
    reports = _reports_frame(
        n, ids + "-ucdp-ged", "UCDP GED", de, start, span_end,
        area=_expand(place_codes, area_texts), killed_total=best, killed_civilians=counts["deaths_civilians"],
        qualifier_codes=qual,
        scope="UCDP GED best estimate of deaths in this event (low and high estimates in killed_total_low "
              "and killed_total_high)",
        source=source, event=ids,
    )
    reports["killed_total_low"] = low
    reports["killed_total_high"] = high
    reports["killed_side_a"] = counts["deaths_a"]
    reports["killed_side_b"] = counts["deaths_b"]
    reports["killed_unknown"] = counts["deaths_unknown"]
    reports["best_outside_range"] = outside
    return Timeline(
        events=events, places=places, sources=sources, casualty_reports=reports, phases=_empty_phases(),
        event_places=pd.DataFrame({"event_id": ids, "place_id": place}),
        event_sources=pd.DataFrame({"event_id": ids, "source_id": source}),
        event_actors=_link(ids, actor_codes, actor_lists, "actor"),
        report_sources=pd.DataFrame({"report_id": reports["id"], "source_id": source}),
        path=ctx.path, name=_name(country, "UCDP GED", ctx.path),
    )


_GED_DATE = {1: "", 2: "UCDP GED gives a window of 2 to 6 days (date_prec 2).",
             3: "UCDP GED gives a window of about a week (date_prec 3).",
             4: "UCDP GED gives a window of about a month (date_prec 4).",
             5: "UCDP GED gives a window of up to a year (date_prec 5)."}
_GED_WHERE = {1: "", 2: "", 3: "Location known to the district (UCDP GED where_prec 3).",
              4: "Location known to the province (UCDP GED where_prec 4).",
              5: "Location imprecise: a part of the country or between places (UCDP GED where_prec 5).",
              6: "Location known only to the country (UCDP GED where_prec 6).",
              7: "Over water or in international airspace (UCDP GED where_prec 7)."}


_GED_OUTSIDE = ("UCDP GED's best estimate lies outside its own low–high range; it is kept as UCDP's figure "
                "(see killed_total_low and killed_total_high).")


def _ged_note(dp: int, wp: int, outside: bool = False) -> str:
    return " ".join(x for x in (_GED_DATE[dp], _GED_WHERE[wp], _GED_OUTSIDE if outside else "") if x)


def read_ucdp_ged(path: str | Path, *, encoding: str | None = None, date_format: str | None = None,
                  bad_rows: str = "error", progress: bool | None = None) -> Timeline:
    return _read(Path(path), GED, {"id", "source_headline", "source_article", "where_description"}, _build_ged,
                 progress=progress, encoding=encoding, date_format=date_format, bad_rows=bad_rows,
                 dataset="UCDP GED")


read_ucdp_ged.__doc__ = """Read a UCDP GED file (as UCDP or HDX publish it) into a :class:`~timeline.model.Timeline`.

    ``date_start``/``date_end`` are read as the window *within which* the event happened (see the
    module docstring for the date precision, categories and confidence); ``best`` is the figure,
    with ``low`` and ``high`` kept (a ``best`` outside ``low``–``high``, which UCDP's own data
    has, is kept and flagged). Headers are matched case-insensitively; other columns are ignored.
""" + _READ_ARGS
