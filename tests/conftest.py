"""Shared fixtures: a temporary copy of the shipped data that a test can break on purpose."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

import timeline

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"


@pytest.fixture(scope="session")
def tl():
    """The shipped data, loaded once."""
    return timeline.load()


@pytest.fixture(scope="session")
def acled(tmp_path_factory):
    """1,500 synthetic ACLED rows (``timeline.synthetic``, seed 7), read by the reader once."""
    from timeline.io import read_acled
    from timeline.synthetic import generate_acled, write_acled

    path = write_acled(generate_acled(1500, seed=7), tmp_path_factory.mktemp("acled") / "acled.csv")
    return read_acled(path, progress=False)


@pytest.fixture(scope="session")
def acled_scan(tmp_path_factory):
    """3,000 synthetic ACLED rows (seed 11): the Timeline the reader gives, and the scan of the same
    file converted to Parquet (needs DuckDB)."""
    import warnings

    from timeline.io import read_acled
    from timeline.scale.convert import convert
    from timeline.synthetic import generate_acled, write_acled

    folder = tmp_path_factory.mktemp("scan")
    csv = write_acled(generate_acled(3000, seed=11), folder / "acled.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tl = read_acled(csv, progress=False)
        convert(csv, folder / "acled.parquet", "acled", progress=False)
    return tl, timeline.scan(folder / "acled.parquet")


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A copy of data/ in a temporary folder."""
    dest = tmp_path / "data"
    dest.mkdir()
    for f in DATA.glob("*.csv"):
        shutil.copy(f, dest / f.name)
    return dest


def line_of(folder: Path, file: str, row_id: str) -> int:
    """The file line (header = 1) of the row whose first field is ``row_id``."""
    for n, line in enumerate((folder / file).read_text(encoding="utf-8-sig").splitlines(), start=1):
        if line.startswith(row_id + ","):
            return n
    raise AssertionError(f"{row_id} not found in {file}")


def read_rows(folder: Path, file: str) -> tuple[list[str], list[dict]]:
    with open(folder / file, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames), list(reader)


def write_rows(folder: Path, file: str, header: list[str], rows: list[dict]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    (folder / file).write_text(buf.getvalue(), encoding="utf-8")


def set_cell(folder: Path, file: str, row_index: int, column: str, value: str) -> str:
    """Set one cell of the row at ``row_index`` (0 = first data row); returns that row's id."""
    header, rows = read_rows(folder, file)
    rows[row_index][column] = value
    write_rows(folder, file, header, rows)
    return rows[row_index]["id"]


# --- small hand-made datasets -------------------------------------------------------------------

from timeline.schema import TABLES  # noqa: E402

_DEFAULTS = {
    "places": [
        {"id": "latakia", "name": "Latakia", "name_ar": "اللاذقية", "admin1": "Latakia", "kind": "city",
         "lat": "35.53125", "lon": "35.79088", "coord_source": "GeoNames 173576"},
        {"id": "baniyas", "name": "Baniyas", "name_ar": "بانياس", "admin1": "Tartus", "kind": "city",
         "lat": "35.18188", "lon": "35.94871", "coord_source": "GeoNames 171830"},
        {"id": "syrian-coast", "name": "Syrian coast", "name_ar": "الساحل السوري", "admin1": "Syria",
         "kind": "region", "lat": "", "lon": "", "coord_source": ""},
    ],
    "sources": [
        {"id": "src-a", "publisher": "Agency A", "title": "[report A]", "url": "https://example.org/a",
         "published": "2025-03-08", "notes": ""},
        {"id": "src-b", "publisher": "Agency B", "title": "[report B]", "url": "https://example.org/b",
         "published": "", "notes": ""},
    ],
    "phases": [
        {"id": "before", "name": "Before", "start": "2025-03-01", "end": "2025-03-05", "description": "Before."},
        {"id": "clashes", "name": "Clashes", "start": "2025-03-06", "end": "2025-03-10", "description": "Clashes."},
    ],
}

EVENT_DEFAULTS = {"end": "", "date_precision": "day", "title": "An event", "description": "Something happened, A reported.",
                  "category": "military", "place": "latakia", "actors": "Actor one", "sources": "src-a",
                  "notes": ""}
REPORT_DEFAULTS = {"published_precision": "day", "period_start": "2025-03-06", "area": "Syrian coast",
                   "tally": "running", "killed_total": "", "killed_civilians": "", "killed_government": "",
                   "killed_loyalists": "", "qualifier": "exact", "scope": "all deaths", "sources": "src-a",
                   "event": "", "notes": ""}


def _with_confidence(row: dict) -> dict:
    """A row's default confidence: ``high`` when it cites two sources (the default sources are of
    different origins), else ``medium`` -- ``high`` with one source is a validation error."""
    if "confidence" not in row:
        n = len([s for s in row.get("sources", "").split(";") if s.strip()])
        row = {**row, "confidence": "high" if n >= 2 else "medium"}
    return row


def write_dataset(folder: Path, events: list[dict], casualty_reports: list[dict] = (), **tables) -> Path:
    """Write a small, valid data folder. Events need ``id`` and ``start``; casualty reports need ``id``,
    ``reported_by``, ``published`` and one ``killed_*``; other columns take defaults."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = {
        "events": [_with_confidence({**EVENT_DEFAULTS, **e}) for e in events],
        # ``source`` (one id, the column's former name) is read as ``sources``
        "casualty_reports": [_with_confidence({**REPORT_DEFAULTS, "period_end": r["published"],
                                               **({"sources": r["source"]} if "source" in r else {}), **r})
                             for r in casualty_reports],
        "places": tables.get("places", _DEFAULTS["places"]),
        "sources": tables.get("sources", _DEFAULTS["sources"]),
        "phases": tables.get("phases", _DEFAULTS["phases"]),
        "actors": tables.get("actors"),  # none: the events' actors are free-text names
    }
    for key, table in TABLES.items():
        if rows[key] is None:
            continue
        write_rows(folder, table.file, table.column_names, [{c: r.get(c, "") for c in table.column_names} for r in rows[key]])
    return folder


@pytest.fixture
def make_timeline(tmp_path):
    """Build a Timeline from a few hand-written rows: ``make_timeline(events=[...], casualty_reports=[...])``."""
    counter = iter(range(1000))

    def make(events, casualty_reports=(), **tables):
        folder = write_dataset(tmp_path / f"ds{next(counter)}", events, casualty_reports, **tables)
        return timeline.load(folder)

    return make
