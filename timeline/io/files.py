"""Reading a dataset file as its publisher makes it: containers, encodings, delimiters, tag and empty rows, the fast and the exact reader, rejected rows."""

from __future__ import annotations

import codecs
import csv
import io
import re
import sys
import warnings
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from ..atomic import atomic_write
from ..errors import Problem, TimelineDataError
from ..loading import file_label
from ..model import Timeline
from ..schema import Table
from ..validate import utf8_problem, csv_records, field_count_problem
from .columns import NOT_READ
from .cells import Checker, Context, date_format_option, text_columns


#: Files larger than this show a progress bar when ``progress`` is ``None``.
PROGRESS_BYTES = 20 * 1024 * 1024


# ------------------------------------------------------------------------------------------------
# Reading
# ------------------------------------------------------------------------------------------------


class Unreadable(Exception):
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
    headerless: bool = False  # the columns are named by the reader (GDELT); the first row is data


def _problem(src: _Source, message: str, line: int = 0) -> TimelineDataError:
    return TimelineDataError([Problem(src.file, line, None, message)])


def _open(path: Path, file: str, encoding: str | None, table: Table,
          names: list[str] | None = None) -> _Source:
    """What the file is: container by its first bytes, encoding, delimiter and header. With
    ``names``, the file has no header: its rows are tab-separated fields with these names, no
    field quoted, and a first row with another number of fields is a problem of the file."""
    src = _Source(path, file)
    columns = names
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
    if columns is not None and src.kind == "xlsx":
        raise _problem(src, f"a workbook (expected the {table.name} table as tab-separated text)")
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
    if columns is not None:
        src.delimiter, src.header, src.headerless = "\t", list(columns), True
        got = len(first.rstrip("\r").split("\t"))
        if first.strip() and got != len(columns):
            raise _problem(src, f"the first row has {got} tab-separated fields (expected {len(columns)}: "
                           f"{table.description})", 1)
        return src
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
        raise _problem(src, "file is empty (expected " + ("rows of data)" if src.headerless else "a header row)"), 1)
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
    want = {c.name: by_lower[c.name][0] for c in table.columns if c.name in by_lower and c.description != NOT_READ}
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


def read_fast(src: _Source, want: dict[str, int], wide: set[str]) -> _Rows:
    """Read the columns ``want`` (lower-case name → position in the header) as text with Apache
    Arrow: narrow columns as categoricals, ``wide`` ones (ids, notes) as ``str``. Raises
    :class:`Unreadable` when pyarrow is missing or the file has something the exact reader must
    see (bad encoding, an empty row, many rows with too many or too few fields). A few rows
    with the wrong number of fields (a truncated last row) are set aside, their lines found from
    their text, as ``ragged``."""
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise Unreadable("pyarrow is not installed") from e
    if src.kind == "xlsx":
        raise Unreadable("a workbook")
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
            read_options=pacsv.ReadOptions(use_threads=True, block_size=1 << 24, column_names=names,
                                           skip_rows=0 if src.headerless else 1,
                                           skip_rows_after_names=1 if src.hxl else 0, encoding=enc),
            parse_options=pacsv.ParseOptions(newlines_in_values=not src.headerless, delimiter=src.delimiter,
                                             quote_char=False if src.headerless else '"',
                                             invalid_row_handler=set_aside),
            convert_options=pacsv.ConvertOptions(column_types=types, include_columns=list(types),
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False,
                                                 null_values=[]),
        )
        out = {lower: table.column(f"c{i}").to_pandas() for lower, i in want.items()}
        extra = {i: table.column(f"c{i}").to_pandas() for i in unnamed}
    except (pa.ArrowException, KeyError, ValueError, UnicodeDecodeError) as e:
        raise Unreadable(str(e)) from e
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
        raise Unreadable("empty rows")
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
        raise Unreadable(str(e)) from e
    try:
        used: set[int] = set()
        for k, (count, text) in enumerate(invalid):
            needle = text.encode(codec)
            at = data.find(needle)
            while at >= 0 and (at in used or (at > 0 and data[at - 1:at] not in (b"\n", b"\r"))):
                at = data.find(needle, at + 1)
            if at < 0 or not needle:
                raise Unreadable("a row set aside is not found")
            used.add(at)
            line = data.count(b"\n", 0, at) + 1 if isinstance(data, bytes) else _count_lines(data, at)
            fields = next(csv.reader([text], delimiter=src.delimiter,
                                     quoting=csv.QUOTE_NONE if src.headerless else csv.QUOTE_MINIMAL), [])
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
    return csv_records(_text(src), src.delimiter, quote=not src.headerless)


def _read_exact(src: _Source, want: dict[str, int]) -> tuple[_Rows, list[str]]:
    """Read every record with the csv module, numbering lines as the file does (the header is
    line 1). Empty rows (every field blank) and an HXL tag row under the header are left out and
    counted; rows with the wrong number of fields are kept aside (``ragged``). Returns the rows
    and the header."""
    records = _records(src)
    try:
        header = src.header if src.headerless else next(records)[1]
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
    if not src.headerless:
        next(it, None)
    for r, (_, rec) in enumerate(it):
        if r in records:
            out[r] = rec
    return out



def _lines_text(lines, limit: int = 5) -> str:
    lines = [int(x) for x in lines]
    shown = ", ".join(str(x) for x in lines[:limit])
    return f"line{'s' if len(lines) != 1 else ''} {shown}" + (f" and {len(lines) - limit} more" if len(lines) > limit else "")


BAD_ROWS = ("error", "skip")


def _field_count(src: _Source, line: int, got: int, expected: int | None = None) -> Problem:
    if src.headerless:
        return Problem(src.file, line, None, f"row has {got} tab-separated fields, expected {len(src.header)}")
    return field_count_problem(src.file, line, got, len(src.header) if expected is None else expected)


def read_table(path: Path, table: Table, wide: set[str], build, *, progress, encoding=None, date_format=None,
          bad_rows="error", aliases=None, dataset: str, names: list[str] | None = None) -> Timeline:
    """Read ``path`` (fast when possible), check it and build the Timeline. When the fast reader
    cannot read the file or finds a problem, the exact reader reads it to report every problem
    at its line (or, with ``bad_rows="skip"``, to leave out the rows with problems).
    ``build(chk, columns, n, ctx)`` checks, calls ``ctx.stage("build")`` and builds. ``names``:
    the file has no header and these are its columns (see :func:`_open`); lines count from 1."""
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
        src = _open(path, file, encoding, table, names)
        aliases = aliases or {}

        def context(want) -> Context:
            return Context(path, file, set(want), date_format, date_order, date_fmt, stage)

        rows = None
        if src.header:
            want, problems, col_notes = _columns(src.header, table, file, aliases)
            if problems:  # the header alone says it: no need to read the rows
                raise TimelineDataError(problems)
            try:
                rows = read_fast(src, want, wide)
            except Unreadable:
                rows = None
        if rows is not None:
            stage("validate")
            guess = np.arange(rows.n, dtype=np.int64) + 2 - src.headerless + rows.hxl  # exact lines come below
            chk = Checker(file, guess)
            ctx = context(want)
            result = build(chk, rows.cols, rows.n, ctx)
            if not chk.problems:
                rejected = None
                if rows.ragged:  # a truncated last row, say: no need to read the file again
                    ragged = [_field_count(src, line, k) for _, line, k in rows.ragged]
                    if bad_rows == "error":
                        raise TimelineDataError(ragged)
                    rejected = _rejected(src, src.header, rows, ragged)
                bar.update(bar.total - bar.n)
                return _finish(result, src, rows, col_notes, ctx, rejected, dataset)
            bar.reset(total=3)
            bar.set_description(f"Re-reading {path.name} to report problems")
            stage("read")
        # The exact reader: every record at its line.
        if src.kind != "xlsx" and not src.headerless:
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
        ragged = [_field_count(src, line, k, len(header)) for _, line, k in rows.ragged]
        cols, lines, positions = rows.cols, rows.lines, rows.positions
        for attempt in range(4):
            chk = Checker(file, lines)
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


def read_frame(frame, table: Table, build, *, bad_rows: str = "error", dataset: str, label: str | None = None,
               integers: set[str] = frozenset(), aliases: dict[str, str] | None = None) -> Timeline:
    """Read a table that is already in memory — a pandas DataFrame, a pyarrow Table, or anything
    with ``to_pyarrow()`` (an Ibis expression) — whose column names are the dataset's (matched
    ignoring case), as a database query returns them. Values are checked as in a file (numbers
    and dates as text; null is blank); problems name ``label`` (default: the kind of table) and
    the row, counted from 1 (``DataFrame:3: column 'X': …``). ``bad_rows="skip"`` leaves out the
    rows with problems and keeps them in ``Timeline.rejected`` (``line`` is the row number).
    ``build`` is as for :func:`read_table`."""
    import pyarrow as pa

    if bad_rows not in BAD_ROWS:
        raise ValueError(f"bad_rows={bad_rows!r} (expected 'error' or 'skip')")
    kind = type(frame).__name__
    if isinstance(frame, pd.DataFrame):
        arrow = pa.Table.from_pandas(frame.reset_index(drop=True), preserve_index=False)
    elif isinstance(frame, (pa.Table, pa.RecordBatch)):
        arrow = pa.table(frame)
    elif hasattr(frame, "to_pyarrow"):
        arrow = frame.to_pyarrow()
    else:
        raise TypeError(f"expected a path, a pandas DataFrame or a pyarrow Table (got {kind})")
    file = label or kind
    header = [str(c) for c in arrow.column_names]
    want, problems, col_notes = _columns(header, table, file, aliases or {})
    if problems:
        raise TimelineDataError([Problem(p.file, 0, p.column, p.message.replace("in the header", "in the table"),
                                         p.value) for p in problems])
    text = text_columns(arrow, header, set(integers))
    cols = {lower: text[header[i]] for lower, i in want.items()}
    n = arrow.num_rows
    lines = np.arange(1, n + 1, dtype=np.int64)
    path = Path(file)
    date_order, date_fmt = date_format_option(None)
    left_out: list[Problem] = []
    for attempt in range(4):
        chk = Checker(file, lines)
        ctx = Context(path, file, set(want), None, date_order, date_fmt, lambda name: None)
        result = build(chk, cols, len(lines), ctx)
        if not chk.problems:
            break
        if bad_rows == "error" or chk.fatal or attempt == 3:
            raise TimelineDataError(left_out + chk.problems)
        left_out += chk.problems
        keep = ~chk.bad
        cols = {k: v[keep].reset_index(drop=True) for k, v in cols.items()}
        lines = lines[keep]
    rejected = None
    if left_out:
        by_line: dict[int, list[str]] = {}
        for p in left_out:
            by_line.setdefault(p.line, []).append(str(p)[len(f"{p.file}:{p.line}: "):])
        rows_out = sorted(by_line)
        pos = np.asarray(rows_out, dtype=np.int64) - 1
        rejected = pd.DataFrame({"line": pd.Series(rows_out, dtype="int64"),
                                 "problems": pd.Series(["; ".join(by_line[r]) for r in rows_out], dtype="str"),
                                 **{h: text[h].iloc[pos].reset_index(drop=True) for h in header}})
    src = _Source(path, file)
    return _finish(result, src, _Rows({}, len(lines), None, n), col_notes, ctx, rejected, dataset)


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


def _finish(tl: Timeline, src: _Source, rows: _Rows, col_notes: list[str], ctx: Context,
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




READ_ARGS = """
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
