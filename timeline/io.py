"""Read the big public conflict datasets — ACLED and UCDP GED exports — into a :class:`Timeline`.

:func:`read_acled` and :func:`read_ucdp_ged` return the same tables, columns and dtypes as
:func:`timeline.load` (plus a few extra columns that keep the dataset's own codes), so the series,
charts, widgets and exports work on them unchanged. Every value is checked; problems are raised
together as :class:`~timeline.errors.TimelineDataError`, each as
``FILE:LINE: column 'NAME': what is wrong (got 'VALUE')``. No row is ever dropped.

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

Sources: one per distinct source text (ACLED ``source``, GED ``source_article``), with the text
as ``publisher``, the title ``[source as given by ACLED]`` (or UCDP GED), no ``url`` (``""``:
the datasets give none) and no ``published`` date (NaT).

Casualty figures: the dataset's own claim, one row per event, ``tally`` ``incident``:

* ACLED: ``reported_by`` "ACLED", ``killed_total`` = ``fatalities`` (0 stays 0), ``qualifier``
  ``exact`` (the figure as ACLED gives it; ACLED calls its fatality counts conservative
  estimates, which ``scope`` says), ``published`` = the date of ACLED's ``timestamp`` (when the
  event was last uploaded) when present, else ``event_date``.
* GED: ``reported_by`` "UCDP GED", ``killed_total`` = ``best``, with ``low`` and ``high`` in
  the extra columns ``killed_total_low`` and ``killed_total_high``; ``killed_civilians`` =
  ``deaths_civilians``; ``deaths_a``/``deaths_b``/``deaths_unknown`` in ``killed_side_a``,
  ``killed_side_b``, ``killed_unknown``; ``qualifier`` ``exact`` when low = best = high, else
  ``approximately``; ``published`` = ``date_end``.

``confidence`` of a figure is ``high``: it is read from the dataset itself.

Reading. When ``pyarrow`` is installed, the file is first read with Apache Arrow (a million ACLED
rows in a few seconds) and every value is checked through the distinct values of each column
(no per-row Python). When that finds a problem — or without ``pyarrow`` — the file is read with
:func:`timeline.validate.read_csv_table`, which numbers the lines as the file does (the header is
line 1), and every problem is reported at its line. (pandas' own C parser is not used: it reads a
row with missing trailing fields as blanks, which would hide a broken row.)
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import Problem, TimelineDataError
from .loading import _label
from .model import Timeline
from .schema import CATEGORIES, CONFIDENCE, DATE_PRECISION, QUALIFIERS, TALLY, TABLES, Column, Table
from .validate import read_csv_table

__all__ = ["read_acled", "read_ucdp_ged", "ACLED", "GED", "ACLED_CATEGORIES", "GED_CATEGORIES"]

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
    "remote violence": "military",
    "riots/protests": "political",
    "strategic development": "political",
    "headquarters or base established": "political",
    "non-violent transfer of territory": "political",
}
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
        _c("event_id_cnty", "text", "ACLED's event id; lower-cased (and slugified) as the event id.", "SYR12345"),
        _c("event_date", "date", "The day ACLED dates the event to: ISO (2025-03-08) or day-first "
           "(08 March 2025, 8-Mar-25, 08/03/2025).", "2025-03-08"),
        _c("year", "text", _NOT_READ, "2025", required=False),
        _c("time_precision", "choice", "1 = day, 2 = week or similar period, 3 = month.", "1",
           choices=("1", "2", "3")),
        _c("disorder_type", "text", "Kept as an extra column.", "Political violence", required=False),
        _c("event_type", "choice", "Mapped to the category; kept as an extra column.", "Battles",
           choices=tuple(ACLED_CATEGORIES)),
        _c("sub_event_type", "text", "Kept as an extra column; part of the title.", "Armed clash"),
        _c("actor1", "text", "First actor.", "Military Forces of Syria (2024-)"),
        _c("assoc_actor_1", "list", "Actors associated with actor1, `;`-separated.", "", required=False),
        _c("inter1", "text", "Type of actor1 (a number or text); kept.", "State forces", required=False),
        _c("actor2", "text", "Second actor.", "Civilians (Syria)", required=False),
        _c("assoc_actor_2", "list", "Actors associated with actor2, `;`-separated.", "", required=False),
        _c("inter2", "text", "Type of actor2 (a number or text); kept.", "Civilians", required=False),
        _c("interaction", "text", "Interaction code (a number or text); kept.", "State forces-Civilians",
           required=False),
        _c("civilian_targeting", "text", "'Civilian targeting' or blank; kept.", "", required=False),
        _c("iso", "text", _NOT_READ, "760", required=False),
        _c("region", "text", _NOT_READ, "Middle East", required=False),
        _c("country", "text", _NOT_READ, "Syria", required=False),
        _c("admin1", "text", "Governorate; the place's admin1.", "Latakia", required=False),
        _c("admin2", "text", _NOT_READ, "Jablah", required=False),
        _c("admin3", "text", _NOT_READ, "Jablah", required=False),
        _c("location", "text", "The place's name.", "Jableh"),
        _c("latitude", "float", "Latitude of the place.", "35.3621", range=(-90.0, 90.0)),
        _c("longitude", "float", "Longitude of the place.", "35.9276", range=(-180.0, 180.0)),
        _c("geo_precision", "choice", "1 = town, 2 = near a town or part of a region, 3 = larger region.",
           "1", choices=("1", "2", "3")),
        _c("source", "text", "The sources as ACLED names them; one source row per distinct text.",
           "Syrian Observatory for Human Rights"),
        _c("source_scale", "text", _NOT_READ, "National", required=False),
        _c("notes", "text", "ACLED's description; the event description.", "On 8 March 2025, ...",
           required=False),
        _c("fatalities", "count", "Reported fatalities (ACLED: conservative estimates); 0 means none.", "0"),
        _c("tags", "text", _NOT_READ, "", required=False),
        _c("timestamp", "count", "Unix time of ACLED's last upload of the event; the figure's publication day.",
           "1741651200", required=False),
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
        _c("best", "count", "Best estimate of deaths.", "7"),
        _c("high", "count", "High estimate of deaths.", "9", required=False),
        _c("low", "count", "Low estimate of deaths.", "7", required=False),
    ),
)

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
_ARABIC_RE = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_COUNT_RE = re.compile(r"^\d+$")
_ISO_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DAYFIRST = ("%d %B %Y", "%d %b %Y", "%d-%b-%y", "%d-%b-%Y", "%d %b %y", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")

_DATE_HINT = "YYYY-MM-DD or a day-first date such as 08 March 2025"
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
    """Collects problems with the file lines of rows (a guess on the fast path, exact otherwise)."""

    def __init__(self, file: str, lines: np.ndarray):
        self.file, self.lines, self.problems = file, lines, []

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


def _parse_day(text: str) -> datetime | None:
    m = _ISO_RE.match(text)
    if m:
        try:
            return datetime.strptime(m.group(1), "%Y-%m-%d")
        except ValueError:
            return None
    for fmt in _DAYFIRST:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def _date(chk: _Checker, col: _Col, column: Column) -> np.ndarray:
    """Days as ``datetime64[us]`` (NaT for blank or bad)."""
    blank = _check_required(chk, col, column)
    parsed = [(_parse_day(u) if u else None) for u in col.uniques]
    bad = np.array([p is None for p in parsed], dtype=bool) & ~blank
    chk.rows(col.rows_where(bad), column.name, f"not a valid date (expected {_DATE_HINT})", col)
    days = np.array([np.datetime64(p, "us") if p is not None else np.datetime64("NaT", "us") for p in parsed],
                    dtype=_US)
    return days[col.codes]


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
            chk.problems.append(Problem(chk.file, int(chk.lines[p]), column,
                                        f"duplicate id (first used on line {first_line[idv[p]]})", raw_v[p]))
    return ids


# ------------------------------------------------------------------------------------------------
# Reading
# ------------------------------------------------------------------------------------------------


class _Unreadable(Exception):
    """The fast reader cannot read the file as it stands; the exact reader will say why."""


def _read_fast(path: Path, want: dict[str, str], wide: set[str]) -> tuple[dict[str, pd.Series], int]:
    """Read the columns ``want`` (lower-case name → name in the file) as text with Apache Arrow:
    narrow columns as categoricals, ``wide`` ones (ids, notes) as ``str``. Raises
    :class:`_Unreadable` when pyarrow is missing or the file has a problem the exact reader must
    report (encoding, a row with too many or too few fields)."""
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise _Unreadable("pyarrow is not installed") from e
    types = {file_name: (pa.string() if lower in wide else pa.dictionary(pa.int32(), pa.string()))
             for lower, file_name in want.items()}
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(use_threads=True, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(column_types=types, include_columns=list(want.values()),
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False,
                                                 null_values=[]),
        )
        out = {lower: table.column(file_name).to_pandas() for lower, file_name in want.items()}
    except (pa.ArrowException, KeyError, ValueError, UnicodeDecodeError) as e:
        raise _Unreadable(str(e)) from e
    for lower in wide:
        if lower in out and not isinstance(out[lower].dtype, pd.StringDtype):
            out[lower] = out[lower].astype("str")
    return out, table.num_rows


def _columns(header: list[str], table: Table, file: str) -> tuple[dict[str, str], list[Problem]]:
    """Match the header to the table's columns, ignoring case. Returns lower-case name → header
    name for the columns the table lists, and the problems (missing required, duplicates)."""
    problems = []
    by_lower: dict[str, list[str]] = {}
    for h in header:
        by_lower.setdefault(h.strip().lower(), []).append(h)
    for lower, names in by_lower.items():
        if len(names) > 1 and lower in table.column_names:
            problems.append(Problem(file, 1, lower, f"column appears {len(names)} times in the header "
                                    f"(as {', '.join(n.strip() for n in names)})"))
    required = [c.name for c in table.columns if c.required]
    for name in required:
        if name not in by_lower:
            problems.append(Problem(file, 1, name, f"missing required column (a {table.name} file has: "
                                    f"{', '.join(required)})"))
    want = {c.name: by_lower[c.name][0] for c in table.columns if c.name in by_lower and c.description != _NOT_READ}
    return want, problems


def _read(path: Path, table: Table, wide: set[str], build, *, progress) -> Timeline:
    """Read ``path`` (fast when possible), check it and build the Timeline. When the fast reader
    cannot read the file or finds a problem, the exact reader reads it to report every problem
    at its line. ``build(chk, columns, n, path, stage)`` checks, calls ``stage("build")``, builds."""
    file = _label(path)
    show = progress if progress is not None else (path.is_file() and path.stat().st_size > PROGRESS_BYTES)
    from tqdm.auto import tqdm

    with tqdm(total=3, desc=f"Loading {path.name}", unit="stage", disable=not show, file=sys.stderr,
              leave=False) as bar:

        def stage(name: str) -> None:
            if bar.n < bar.total and name != "read":
                bar.update(1)
            bar.set_postfix_str(name)

        stage("read")
        cols = None
        header = _header(path) if path.is_file() else []
        if header:
            want, problems = _columns(header, table, file)
            if problems:  # the header alone says it: no need to read the rows
                raise TimelineDataError(problems)
            try:
                cols, n = _read_fast(path, want, wide)
            except _Unreadable:
                cols = None
        if cols is not None:
            stage("validate")
            chk = _Checker(file, np.arange(n, dtype=np.int64) + 2)  # a guess: exact lines come below
            result = build(chk, cols, n, path, stage)
            if not chk.problems:
                bar.update(bar.total - bar.n)
                return result
            bar.reset(total=3)
            bar.set_description(f"Re-reading {path.name} to report problems")
            stage("read")
        # The exact reader: the same reading, line numbering and messages as timeline.load.
        raw, problems = read_csv_table(path, table, label=file)
        if raw is None:
            raise TimelineDataError(problems)
        want, problems = _columns(list(raw.frame.columns), table, file)
        if problems:
            raise TimelineDataError(problems)
        cols = {lower: raw.frame[name].astype("str") for lower, name in want.items()}
        stage("validate")
        chk = _Checker(file, raw.lines)
        result = build(chk, cols, len(raw.frame), path, stage)
        if chk.problems:
            raise TimelineDataError(chk.problems)
        bar.update(bar.total - bar.n)
        return result


def _header(path: Path) -> list[str]:
    """The header row as written (``[]`` when it cannot be read; the exact reader will say why)."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                if row:
                    return row
    except (UnicodeDecodeError, csv.Error, OSError):
        pass
    return []


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
    return pd.DataFrame({"event_id": ids.iloc[rows].reset_index(drop=True), key: _expand(items, vocab)})


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


def _build_acled(chk: _Checker, cols: dict[str, pd.Series], n: int, path: Path, stage) -> Timeline | None:
    T = ACLED.column
    ids = _event_ids(chk, cols["event_id_cnty"], "event_id_cnty")
    date_col = _col(cols, "event_date", n)
    coded = _date(chk, date_col, T("event_date"))
    tp_col = _col(cols, "time_precision", n)
    tp_u = _choice(chk, tp_col, T("time_precision"), {c: c for c in ("1", "2", "3")}, "1, 2, 3")
    geo_col = _col(cols, "geo_precision", n)
    geo_u = _choice(chk, geo_col, T("geo_precision"), {c: c for c in ("1", "2", "3")}, "1, 2, 3")
    et_col = _col(cols, "event_type", n)
    cat_u = _choice(chk, et_col, T("event_type"), ACLED_CATEGORIES,
                    _ACLED_TYPES_SHOWN + " (or an event type of ACLED's pre-2019 codebook)")
    sub_col = _col(cols, "sub_event_type", n)
    _check_required(chk, sub_col, T("sub_event_type"))
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
    stage("build")

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
    sources, source_ids = _sources(src, "ACLED", "ACLED")
    actor_codes, actor_lists = _actors([a1, _col(cols, "assoc_actor_1", n), _col(cols, "actor2", n),
                                        _col(cols, "assoc_actor_2", n)])

    place = _expand(place_codes, place_ids)
    source = _expand(src.codes, source_ids)
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
        scope="ACLED reported fatalities (a conservative estimate) for this event", source=source, event=ids,
    )
    return Timeline(
        events=events, places=places, sources=sources, casualty_reports=reports, phases=_empty_phases(),
        event_places=pd.DataFrame({"event_id": ids, "place_id": place}),
        event_sources=pd.DataFrame({"event_id": ids, "source_id": source}),
        event_actors=_link(ids, actor_codes, actor_lists, "actor"),
        report_sources=pd.DataFrame({"report_id": reports["id"], "source_id": source}),
        path=path, name=f"ACLED: {path.name}",
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


def read_acled(path: str | Path, *, progress: bool | None = None) -> Timeline:
    """Read an ACLED CSV export into a :class:`~timeline.model.Timeline`.

    The mapping (dates and their precision, categories, confidence, places, sources and the
    fatality figures) is described in the module docstring. Headers may be upper-case (older
    exports); extra columns are ignored; ``inter1``/``inter2``/``interaction`` may be numbers or
    text; ``event_date`` may be ISO or day-first. ``progress``: show a progress bar (``None``:
    only for files over 20 MB).

    Raises :class:`~timeline.errors.TimelineDataError` listing every problem.
    """
    return _read(Path(path), ACLED, {"event_id_cnty", "notes", "timestamp"}, _build_acled, progress=progress)


# --- UCDP GED ----------------------------------------------------------------------------------


def _build_ged(chk: _Checker, cols: dict[str, pd.Series], n: int, path: Path, stage) -> Timeline | None:
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
    ds = _date(chk, _col(cols, "date_start", n), T("date_start"))
    de_col = _col(cols, "date_end", n)
    de = _date(chk, de_col, T("date_end"))
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
    chk.rows(outside, "best", "best estimate outside the low–high range (expected low ≤ best ≤ high)",
             best.astype("str").to_numpy(dtype=object))
    if chk.problems:
        return None
    stage("build")

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
    note_codes, first = _combine(dp_col.codes, wp_col.codes)
    notes = [_ged_note(int(dp[f]), int(wp[f])) for f in first]

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
    return Timeline(
        events=events, places=places, sources=sources, casualty_reports=reports, phases=_empty_phases(),
        event_places=pd.DataFrame({"event_id": ids, "place_id": place}),
        event_sources=pd.DataFrame({"event_id": ids, "source_id": source}),
        event_actors=_link(ids, actor_codes, actor_lists, "actor"),
        report_sources=pd.DataFrame({"report_id": reports["id"], "source_id": source}),
        path=path, name=f"UCDP GED: {path.name}",
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


def _ged_note(dp: int, wp: int) -> str:
    return " ".join(x for x in (_GED_DATE[dp], _GED_WHERE[wp]) if x)


def read_ucdp_ged(path: str | Path, *, progress: bool | None = None) -> Timeline:
    """Read a UCDP GED CSV file into a :class:`~timeline.model.Timeline`.

    ``date_start``/``date_end`` are read as the window *within which* the event happened (see the
    module docstring for the date precision, categories and confidence); ``best`` is the figure,
    with ``low`` and ``high`` kept. Headers are matched case-insensitively; other columns are
    ignored. ``progress``: show a progress bar (``None``: only for files over 20 MB).

    Raises :class:`~timeline.errors.TimelineDataError` listing every problem.
    """
    return _read(Path(path), GED, {"id", "source_headline", "source_article", "where_description"}, _build_ged,
                 progress=progress)
