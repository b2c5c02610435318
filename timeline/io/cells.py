"""Checking a dataset file's cells: columns as codes into their distinct values (a table's columns as text cells first), counts, choices, coordinates, dates and ids, every problem collected."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import Problem
from ..schema import Column


_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
ARABIC_RE = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_COUNT_RE = re.compile(r"^\d+$")
_ISO_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
#: Dates with the month's name (never ambiguous).
_NAMED = ("%d %B %Y", "%d %b %Y", "%d-%b-%y", "%d-%b-%Y", "%d %b %y", "%d %B %y", "%d-%B-%Y", "%d-%B-%y",
          "%d/%b/%Y", "%d/%b/%y", "%d.%b.%Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y")
#: Dates in numbers: day and month in an order read from the file (``check_dates``), or year first.
_NUMERIC_RE = re.compile(r"^(\d{1,2})([/\-.])(\d{1,2})\2(\d{4}|\d{2})$")
_YMD_RE = re.compile(r"^(\d{4})([/.])(\d{1,2})\2(\d{1,2})$")

_DATE_HINT = "YYYY-MM-DD, or a date such as 08 March 2025, 8-Mar-25 or 31/12/2019"
_COUNT_MSG = ("not a count (expected a whole number, 0 or more, digits only; leave blank when not stated)")
US = "datetime64[us]"


# ------------------------------------------------------------------------------------------------
# Columns as codes into their distinct (stripped) values
# ------------------------------------------------------------------------------------------------


@dataclass
class Col:
    """One column: ``codes`` (one per row) into ``uniques`` (its distinct, stripped texts)."""

    codes: np.ndarray
    uniques: np.ndarray

    @classmethod
    def of(cls, s: pd.Series) -> "Col":
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
    def blank(cls, n: int) -> "Col":
        return cls(np.zeros(n, np.int64), np.array([""], dtype=object))

    def rows_where(self, bad_unique: np.ndarray) -> np.ndarray:
        """Row mask where the value is one of the uniques flagged in ``bad_unique`` (bool per unique)."""
        return np.asarray(bad_unique, dtype=bool)[self.codes]


def combine(*cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
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


def as_str(values) -> pd.Series:
    """A Series of the ``str`` dtype that :func:`timeline.load` gives text columns."""
    return pd.Series(pd.array(np.asarray(values, dtype=object), dtype="str"))


_ARROW_STR = pd.StringDtype(na_value=np.nan).storage == "pyarrow"


def expand(codes: np.ndarray, uniques) -> pd.Series:
    """Texts per row from codes into a small array of texts (each text made once)."""
    uniques = np.asarray(uniques, dtype=object)
    if _ARROW_STR and len(codes):
        import pyarrow as pa

        arr = pa.DictionaryArray.from_arrays(pa.array(np.asarray(codes, dtype=np.int32)),
                                             pa.array(uniques, pa.string())).cast(pa.large_string())
        return pd.Series(pd.array(arr, dtype="str"))
    return as_str(uniques[codes])


def categorical(codes: np.ndarray, categories, *, ordered: bool = False) -> pd.Series:
    return pd.Series(pd.Categorical.from_codes(codes, categories=list(categories), ordered=ordered))


def const_cat(n: int, value: str, categories) -> pd.Series:
    cats = list(categories)
    return categorical(np.full(n, cats.index(value), dtype=np.int8), cats)


def text_columns(table, names: list[str], integers: set[str]) -> dict[str, pd.Series]:
    """The columns of an Arrow table (``names``: its column names) as the text cells a file would
    hold: blank for null, whole numbers without ``.0`` in the columns ``integers`` names (lower
    case), each a ``str`` Series to check like a file's."""
    import pyarrow as pa
    import pyarrow.compute as pc

    out = {}
    for i, name in enumerate(names):
        a = table.column(i)
        if name.strip().lower() in integers and pa.types.is_floating(a.type):
            whole = pc.fill_null(pc.equal(a, pc.floor(a)), True)
            if pc.all(whole).as_py():
                a = pc.cast(a, pa.int64())
        if pa.types.is_dictionary(a.type):
            a = pc.cast(a, a.type.value_type)
        if not (pa.types.is_string(a.type) or pa.types.is_large_string(a.type)):
            a = pc.cast(a, pa.string())
        out[name] = pd.Series(pc.fill_null(a, "").to_pandas(), dtype="str")
    return out


# ------------------------------------------------------------------------------------------------
# Problems
# ------------------------------------------------------------------------------------------------


class Checker:
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
        self._parent: tuple[Checker, np.ndarray, np.ndarray | None] | None = None

    def sub(self, positions: np.ndarray, groups: np.ndarray | None = None) -> "Checker":
        """A checker for the rows at ``positions``, sharing this one's problems. With ``groups``
        (per row of this checker, the position of its group's first row), a problem of a row of
        the sub-checker marks every row of its group."""
        c = Checker(self.file, self.lines[positions])
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
        """A problem for each row where ``mask`` holds; ``values`` (per row, or a :class:`Col`)
        gives the value shown."""
        pos = np.flatnonzero(mask)
        if not len(pos):
            return
        if isinstance(values, Col):
            vals = values.uniques[values.codes[pos]]
        else:
            vals = np.asarray(values, dtype=object)[pos]
        self.problems += [Problem(self.file, int(self.lines[p]), column, message, None if v is None else str(v))
                          for p, v in zip(pos, vals)]
        self.mark(pos)


def check_required(chk: Checker, col: Col, column: Column) -> np.ndarray:
    blank = col.uniques == ""
    if column.required:
        chk.rows(col.rows_where(blank), column.name, "empty required value (expected a value)", col)
    return blank


def check_choice(chk: Checker, col: Col, column: Column, lookup: dict[str, str], expected: str) -> np.ndarray:
    """Map each distinct value through ``lookup`` (keys lower-case); report unknown values.
    Returns the mapped value per unique (``""`` for blank or unknown)."""
    blank = check_required(chk, col, column)
    mapped = np.array([lookup.get(u.lower(), None) if u else "" for u in col.uniques], dtype=object)
    bad = np.array([m is None for m in mapped], dtype=bool)
    chk.rows(col.rows_where(bad), column.name, f"unknown value (expected one of: {expected})", col)
    mapped[bad | blank] = ""
    return mapped


def check_count(chk: Checker, col: Col, column: Column, message: str = _COUNT_MSG) -> pd.Series:
    """Whole numbers ≥ 0 as ``Int64`` (NA for blank)."""
    blank = check_required(chk, col, column)
    ok = np.array([bool(_COUNT_RE.match(u)) for u in col.uniques], dtype=bool)
    chk.rows(col.rows_where(~ok & ~blank), column.name, message, col)
    vals = pd.array([int(u) if o else pd.NA for u, o in zip(col.uniques, ok)], dtype="Int64")
    return pd.Series(vals.take(col.codes))


def check_float(chk: Checker, col: Col, column: Column) -> np.ndarray:
    check_required(chk, col, column)
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


def check_dates(chk: Checker, items: list[tuple[Col, Column]], ctx: "Context") -> list[np.ndarray]:
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
        blank = check_required(chk, col, column)
        bad = np.array([p is None for p in days_u], dtype=bool) & ~blank
        expected = f"a date as date_format={ctx.date_format!r}" if ctx.date_format else _DATE_HINT
        chk.rows(col.rows_where(bad), column.name, f"not a valid date (expected {expected})", col)
        days = np.array([np.datetime64(p, "us") if p is not None else np.datetime64("NaT", "us") for p in days_u],
                        dtype=US)
        out.append(days[col.codes])
    return out


def _slug(text: str) -> str:
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[^a-z0-9_]+", "-", s).strip("-_")
    return s


def unique_slugs(texts, fallback: str, limit: int = 60) -> list[str]:
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


def check_ids(chk: Checker, s: pd.Series, column: str) -> pd.Series:
    """The dataset's ids as event ids: stripped, lower-case, other characters as '-'; blank and
    duplicate ids are problems (ids differing only in case are duplicates)."""
    raw = s.str.strip()
    ids = raw.str.lower()
    ok = ids.str.match(_ID_RE.pattern).to_numpy(dtype=bool)
    if not ok.all():
        fixed = ids.to_numpy(dtype=object).copy()
        for p in np.flatnonzero(~ok):
            fixed[p] = _slug(fixed[p])
        ids = as_str(fixed)
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



@dataclass
class Context:
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
