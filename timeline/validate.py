"""Read CSV files and check every value against the data dictionary (:mod:`timeline.schema`).

Nothing here stops at the first problem: each function returns the problems it found
and the caller raises one :class:`~timeline.errors.TimelineDataError` with all of them.
Line numbers are lines of the CSV file (the header is line 1), also when a quoted field
spans several lines. No row is ever dropped.
"""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import Problem
from .schema import CONFIDENCE, Column, Table

__all__ = ["RawTable", "read_csv_table", "csv_records", "field_count_problem", "utf8_problem", "check_table", "check_refs",
           "split_list"]

_ID_RE = r"^[a-z0-9][a-z0-9_\-]*$"
_DAY_RE = r"^\d{4}-\d{2}-\d{2}$"
_MONTH_RE = r"^\d{4}-\d{2}$"
_COUNT_RE = r"^\d+$"
_URL_RE = r"^https?://\S+$"


@dataclass
class RawTable:
    """A CSV file read as text: every cell a ``str`` (blank = ``""``) and the file line of each row."""

    file: str
    frame: pd.DataFrame
    lines: np.ndarray

    def line_of(self, positions) -> np.ndarray:
        return self.lines[np.asarray(positions, dtype=np.int64)]


def utf8_problem(file: str, data: bytes, err: UnicodeDecodeError, hint: str | None = None) -> Problem:
    line = data.count(b"\n", 0, err.start) + 1
    byte = data[err.start : err.start + 1].hex().upper()
    return Problem(
        file,
        line,
        None,
        f"file is not valid UTF-8 (byte 0x{byte}); "
        + (hint or "save it as UTF-8 (CSV UTF-8 in a spreadsheet)"),
    )


def csv_records(text: str, delimiter: str = ",", *, quote: bool = True):
    """Yield ``(line, fields)`` for each record of CSV text, the header first: ``line`` is the
    file line where the record starts (also when a quoted field spans several lines). Blank
    lines are not records. ``quote=False``: no field is quoted (a ``"`` is text)."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quoting=csv.QUOTE_MINIMAL if quote else csv.QUOTE_NONE)
    prev_end = 0
    for rec in reader:
        start = prev_end + 1
        prev_end = reader.line_num
        if rec:
            yield start, rec


def field_count_problem(file: str, line: int, got: int, expected: int) -> Problem:
    """The problem of a row with the wrong number of fields."""
    return Problem(file, line, None, f"row has {got} fields, expected {expected} (one per header column); "
                   "check for an unquoted comma or a missing field")


def read_csv_table(path: Path | str, table: Table, label: str | None = None) -> tuple[RawTable | None, list[Problem]]:
    """Read one CSV file as text, checking encoding, header and the number of fields per row.

    Returns the table (or ``None`` when it cannot be read at all) and the problems found.
    """
    path = Path(path)
    file = label or str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(file, 0, None, f"file not found (expected the {table.name} table here)")]
    except OSError as e:
        return None, [Problem(file, 0, None, f"cannot read file: {e.strerror or e}")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return None, [utf8_problem(file, data, e)]
    if not text.strip():
        expected = ", ".join(table.column_names)
        return None, [Problem(file, 1, None, f"file is empty (expected a header row: {expected})")]

    # One pass with the csv module: the starting line and field count of every record.
    header: list[str] | None = None
    starts: list[int] = []
    problems: list[Problem] = []
    for start, rec in csv_records(text):
        if header is None:
            header = [h.strip() for h in rec]
            continue
        starts.append(start)
        if len(rec) != len(header):
            problems.append(field_count_problem(file, start, len(rec), len(header)))
    assert header is not None
    seen: dict[str, int] = {}
    for h in header:
        seen[h] = seen.get(h, 0) + 1
    for h, n in seen.items():
        if n > 1:
            problems.append(Problem(file, 1, h, f"column appears {n} times in the header"))
    if problems:
        return None, problems

    frame = pd.read_csv(
        io.StringIO(text),
        dtype=str,
        keep_default_na=False,
        na_filter=False,
        index_col=False,
        skip_blank_lines=True,
    )
    frame.columns = header
    if len(frame) != len(starts):  # pragma: no cover - the two parsers disagree; never lose rows
        return None, [
            Problem(file, 1, None, f"could not read the file consistently ({len(starts)} rows by one "
                    f"parser, {len(frame)} by another); check quoting")
        ]
    frame = frame.apply(lambda s: s.str.strip())
    return RawTable(file, frame, np.asarray(starts, dtype=np.int64)), []


def split_list(values: pd.Series) -> pd.DataFrame:
    """Split ``;``-separated cells into a long frame with the row position and each stripped item."""
    parts = values.str.split(";").explode()
    parts = parts.str.strip()
    out = pd.DataFrame({"pos": parts.index.to_numpy(), "item": parts.to_numpy()})
    out = out[out["item"].notna() & (out["item"] != "")]
    return out.reset_index(drop=True)


def _problems_at(raw: RawTable, mask, column: str, message: str, values: pd.Series | None = None) -> list[Problem]:
    mask = np.asarray(mask, dtype=bool)
    if not mask.any():
        return []
    pos = np.flatnonzero(mask)
    lines = raw.lines[pos]
    vals = (values if values is not None else raw.frame[column]).to_numpy()[pos]
    return [Problem(raw.file, int(ln), column, message, None if v is None else str(v)) for ln, v in zip(lines, vals)]


def _parse_dates(s: pd.Series, month_ok: bool) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """Parse ISO days (and months where allowed). Returns (datetimes, is_month, bad)."""
    is_day = s.str.match(_DAY_RE).to_numpy(dtype=bool)
    is_month = s.str.match(_MONTH_RE).to_numpy(dtype=bool) if month_ok else np.zeros(len(s), bool)
    text = s.where(~is_month, s + "-01")
    # Only well-formed strings are parsed; the rest stay NaT and are reported below.
    parsed = pd.to_datetime(text.where(is_day | is_month), format="%Y-%m-%d", errors="coerce")
    bad = (s != "").to_numpy() & (~(is_day | is_month) | parsed.isna().to_numpy())
    return parsed.astype("datetime64[us]"), is_month, bad


def check_table(raw: RawTable, table: Table) -> tuple[pd.DataFrame, list[Problem]]:
    """Check every column of one table and return it typed.

    Typed columns: ``date`` → ``datetime64[us]`` (first day of a month for ``YYYY-MM``; the
    column ``<name>_is_month`` says which), ``choice`` → ``category`` (``confidence`` ordered
    low < medium < high), ``count`` → ``Int64``, ``float`` → ``float64``; text stays ``str``
    with ``""`` for blank. Columns not in the dictionary are kept as text.
    """
    df = raw.frame
    problems: list[Problem] = []
    out: dict[str, pd.Series] = {}
    present = set(df.columns)
    for col in table.columns:
        if col.name not in present:
            if col.required:
                problems.append(
                    Problem(raw.file, 1, col.name, f"missing required column (expected header: "
                            f"{', '.join(table.column_names)})")
                )
            s = pd.Series([""] * len(df), dtype="str", index=df.index)
        else:
            s = df[col.name].astype("str")
        typed, probs = _check_column(raw, col, s)
        problems += probs
        out.update(typed)
    for extra in df.columns:
        if extra not in out:
            out[extra] = df[extra].astype("str")
    typed = pd.DataFrame(out, index=df.index)
    return typed, problems


def _check_column(raw: RawTable, col: Column, s: pd.Series) -> tuple[dict[str, pd.Series], list[Problem]]:
    problems: list[Problem] = []
    blank = (s == "").to_numpy()
    if col.required:
        what = "at least one id" if col.kind == "refs" else "a value"
        problems += _problems_at(raw, blank, col.name, f"empty required value (expected {what})", s)
    filled = ~blank
    k = col.kind
    if k == "id":
        bad = filled & ~s.str.match(_ID_RE).to_numpy(dtype=bool)
        problems += _problems_at(raw, bad, col.name, "not a valid id (expected lower-case letters, digits, '-' or '_')", s)
        dup = filled & s.duplicated(keep=False).to_numpy()
        if dup.any():
            first_line = {}
            for v, ln in zip(s.to_numpy()[dup], raw.lines[dup]):
                first_line.setdefault(v, int(ln))
            later = filled & s.duplicated(keep="first").to_numpy()
            for pos in np.flatnonzero(later):
                v = s.iat[pos]
                problems.append(Problem(raw.file, int(raw.lines[pos]), col.name,
                                        f"duplicate id (first used on line {first_line[v]})", v))
        return {col.name: s}, problems
    if k == "date":
        parsed, is_month, bad = _parse_dates(s, col.month_ok)
        expected = "YYYY-MM-DD or YYYY-MM" if col.month_ok else "YYYY-MM-DD"
        problems += _problems_at(raw, bad, col.name, f"not a valid date (expected {expected})", s)
        typed = {col.name: parsed}
        if col.month_ok:
            typed[f"{col.name}_is_month"] = pd.Series(is_month, index=s.index)
        return typed, problems
    if k == "choice":
        bad = filled & ~s.isin(col.choices).to_numpy()
        problems += _problems_at(raw, bad, col.name, f"unknown value (expected one of: {', '.join(col.choices)})", s)
        ordered = tuple(col.choices) == tuple(CONFIDENCE)
        cat = pd.Categorical(s.where(filled & ~bad), categories=list(col.choices), ordered=ordered)
        return {col.name: pd.Series(cat, index=s.index)}, problems
    if k == "count":
        ok = s.str.match(_COUNT_RE).to_numpy(dtype=bool)
        bad = filled & ~ok
        problems += _problems_at(raw, bad, col.name, "not a count (expected a whole number, 0 or more, "
                                 "digits only; leave blank when not stated)", s)
        vals = pd.to_numeric(s.where(filled & ok), errors="coerce").astype("Int64")
        return {col.name: vals}, problems
    if k == "float":
        vals = pd.to_numeric(s.where(filled), errors="coerce")
        bad = filled & vals.isna().to_numpy()
        problems += _problems_at(raw, bad, col.name, "not a number (expected a decimal number)", s)
        if col.range is not None:
            lo, hi = col.range
            out_of = (vals < lo) | (vals > hi)
            problems += _problems_at(raw, out_of.fillna(False).to_numpy(), col.name,
                                     f"out of range (expected between {lo:g} and {hi:g})", s)
        return {col.name: vals.astype("float64")}, problems
    if k == "url":
        bad = filled & ~s.str.match(_URL_RE).to_numpy(dtype=bool)
        problems += _problems_at(raw, bad, col.name, "not a web address (expected http:// or https://...)", s)
        return {col.name: s}, problems
    # text, list, ref, refs: kept as text; references are checked by check_refs
    return {col.name: s}, problems


#: How many unknown ids get "closest known ids" hints (the search costs one pass over the ids each).
MAX_HINTS = 200


def _closest(value: str, known: list[str], names: dict[str, str] | None) -> str:
    """``"; closest known ids: a, b"`` (or the id whose name or alias ``value`` is), or ``""``."""
    if names:
        hit = names.get(value.casefold())
        if hit is not None:
            return f"; that is the name of '{hit}' (expected the id)"
    close = difflib.get_close_matches(value, known, n=3, cutoff=0.6)
    if not close and names:
        by_name = difflib.get_close_matches(value.casefold(), list(names), n=3, cutoff=0.6)
        close = list(dict.fromkeys(names[n] for n in by_name))
    return f"; closest known ids: {', '.join(close)}" if close else ""


def check_refs(raw: RawTable, col: Column, values: pd.Series, known: pd.Series, target_file: str,
               names: dict[str, str] | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """Check that ids in ``values`` (one or ``;``-separated) exist in ``known``.

    An unknown id's problem names the closest known ids, or the id whose name or alias it is
    (``names``: casefolded name or alias -> id). Returns the long link table (``pos``,
    ``item``) and the problems.
    """
    if col.kind == "ref":
        items = pd.DataFrame({"pos": np.arange(len(values)), "item": values.to_numpy()})
        items = items[items["item"] != ""]
    else:
        items = split_list(values.reset_index(drop=True))
    unknown = ~items["item"].isin(set(known)).to_numpy()
    problems = []
    known_list = [str(k) for k in pd.unique(known)] if unknown.any() else []
    for n, (p, v) in enumerate(zip(items["pos"].to_numpy()[unknown], items["item"].to_numpy()[unknown])):
        hint = _closest(str(v), known_list, names) if n < MAX_HINTS else ""
        problems.append(Problem(raw.file, int(raw.lines[p]), col.name,
                                f"unknown id, not in {target_file}{hint}", v))
    return items.reset_index(drop=True), problems


def rows_where(raw: RawTable, mask, column: str, message: str, values: pd.Series) -> list[Problem]:
    """Problems for the rows where ``mask`` holds (used for checks across columns)."""
    return _problems_at(raw, mask, column, message, values)

