"""timeline convert and timeline.scan: every view computed by DuckDB over the converted Parquet file
equals the in-memory view of the same file read by the reader, for the same filters."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("duckdb")

import timeline  # noqa: E402
from timeline.filters import DIMENSIONS, Filters, UnknownFilterValue  # noqa: E402
from timeline.io import read_ucdp_ged  # noqa: E402
from timeline.scale import sql  # noqa: E402
from timeline.scale.convert import convert, read_meta  # noqa: E402
from timeline.synthetic import generate_acled, write_acled  # noqa: E402
from timeline.views import select  # noqa: E402
from timeline.views.counts import counts_view  # noqa: E402
from timeline.views.deaths import deaths_view  # noqa: E402
from timeline.views.map import map_view  # noqa: E402
from timeline.views.table import summary_view, table_view  # noqa: E402

from test_io import write_ged  # noqa: E402


@pytest.fixture(scope="module")
def acled(acled_scan):
    return acled_scan


def _some(tl, column, k):
    return tuple(tl.events[column].astype(str).value_counts().index[:k])


def filter_cases(tl):
    actors = tuple(tl.event_actors["actor"].value_counts().index[:2])
    places = tuple(tl.event_places["place_id"].value_counts().index[1:4])
    return [
        Filters(),
        Filters(categories=("military",)),
        Filters(categories=("political", "violence_against_civilians"), min_confidence="medium"),
        Filters(start="2024-12-01", end="2025-01-15"),
        Filters(start="2025-02-10"),
        Filters(end="2023-06-30", min_confidence="high"),
        Filters(actors=actors),
        Filters(places=places, categories=("military",)),
        Filters(text="daraa killed"),
        Filters(text="shelled", reporters=("ACLED",), start="2024-01-01"),
        Filters(start="2031-01-01"),  # nothing kept
        Filters(reporters=("ACLED",), min_confidence="medium"),
        Filters(places=places[:1]),
        Filters(actors=actors[:1], categories=("military",), end="2024-06-30"),
    ]


def assert_same(a, b, fields=None):
    """Two frozen views are equal, field by field (arrays by value)."""
    assert type(a) is type(b)
    for f in dataclasses.fields(a):
        if fields is not None and f.name not in fields:
            continue
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
            assert np.array_equal(np.asarray(x), np.asarray(y)), f.name
        else:
            assert x == y, f.name


def test_every_dimension_has_a_sql_twin():
    for d in DIMENSIONS:
        if d.kernel:
            assert d.kernel in sql.EVENT_SQL, d.name
        if d.report_kernel:
            assert d.report_kernel in sql.REPORT_SQL, d.name


def test_converted_file_is_sorted_with_its_metadata(acled, tmp_path):
    tl, sc = acled
    meta = read_meta(sc.relation.split("'")[1])
    assert meta["format"] == "acled" and meta["row_counts"]["events"] == len(tl.events)
    d = sc.query('SELECT "start", span_end, "row" FROM {events}')
    key = list(zip(d["start"], d["span_end"], d["row"]))
    assert key == sorted(key) and len(sc) == len(tl.events)


@pytest.mark.parametrize("k", range(14))
def test_every_view_equals_the_in_memory_view(acled, k):
    tl, sc = acled
    f = filter_cases(tl)[k]
    a, b = select(tl, f), sc.select(f)
    assert b.n == a.n and b.n_reports == a.n_reports and b.span == a.span
    assert summary_view(a) == b.summary()
    for freq in ("D", "W"):
        assert_same(counts_view(a, freq), b.counts(freq))
        assert_same(deaths_view(a, freq), b.deaths(freq))
    for size_by in ("events", "deaths"):
        assert_same(map_view(a, size_by=size_by), b.map(size_by))
    ta, tb = table_view(a, 60), b.table(60)
    assert [r.id for r in ta.rows] == [r.id for r in tb.rows]
    assert ta == tb


def test_ucdp_figures_with_low_and_high(tmp_path):
    path = write_ged(
        tmp_path / "ged.csv", {},
        {"best": "10", "low": "7", "high": "15", "date_start": "2017-01-04", "date_end": "2017-01-04"},
        {"type_of_violence": "3", "best": "6", "low": "5", "high": "9", "date_start": "2017-01-12",
         "date_end": "2017-01-12", "deaths_civilians": "6", "where_coordinates": "Ar Raqqah town",
         "latitude": "35.95", "longitude": "39.01"},
        {"best": "3", "low": "3", "high": "3", "date_prec": "4", "date_start": "2017-02-01", "date_end": "2017-02-28"})
    tl = read_ucdp_ged(path)
    convert(path, tmp_path / "ged.parquet", "ucdp", progress=False)
    sc = timeline.scan(tmp_path / "ged.parquet", format="ucdp")
    for f in (Filters(), Filters(categories=("military",)), Filters(text="raqqah")):
        a, b = select(tl, f), sc.select(f)
        assert summary_view(a) == b.summary()
        assert_same(deaths_view(a, "D"), b.deaths("D"))
        assert_same(counts_view(a, "W"), b.counts("W"))
        assert_same(map_view(a, size_by="deaths"), b.map("deaths"))
        assert table_view(a) == b.table()


def test_unknown_values_and_bad_sources(acled, tmp_path):
    _, sc = acled
    with pytest.raises(UnknownFilterValue, match="closest known"):
        sc.select(Filters(places=("daraa-x",)))
    with pytest.raises(FileNotFoundError):
        timeline.scan(tmp_path / "missing.parquet")
    with pytest.raises(ValueError, match="converted from acled"):
        timeline.scan(sc.relation.split("'")[1], format="ucdp")


def test_values_are_bound_not_written_into_the_sql(acled):
    _, sc = acled
    assert sc.select(Filters(text="x' OR 1=1 --")).n == 0


def test_the_engine_spills_outside_the_working_folder(acled):
    """DuckDB's default spill folder is ".tmp" in the working folder, which would fill a user's
    project (or a repository) with hundreds of MB when a view does not fit in memory."""
    _, sc = acled
    spill = Path(sc.con.execute("SELECT current_setting('temp_directory')").fetchone()[0]).resolve()
    assert not spill.is_relative_to(Path.cwd().resolve())


def test_cli_convert_and_bad_data(tmp_path):
    csv = write_acled(generate_acled(200, seed=3), tmp_path / "a.csv")
    out = tmp_path / "a.parquet"
    run = subprocess.run([sys.executable, "-m", "timeline", "convert", str(csv), str(out), "--format", "acled"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "200 events" in run.stdout and len(timeline.scan(out)) == 200
    bad = tmp_path / "bad.csv"
    bad.write_text(csv.read_text().replace(",Battles,", ",Batles,", 1))
    run = subprocess.run([sys.executable, "-m", "timeline", "convert", str(bad), str(tmp_path / "b.parquet"),
                          "--format", "acled"], capture_output=True, text=True)
    assert run.returncode == 1 and "event_type" in run.stderr and "Batles" in run.stderr
    assert not (tmp_path / "b.parquet").exists()


def test_an_ibis_table_scans_as_the_file(acled):
    ibis = pytest.importorskip("ibis")
    tl, sc = acled
    con = ibis.duckdb.connect()
    via = timeline.scan(con.read_parquet(sc.relation.split("'")[1]))
    f = Filters(categories=("military",), min_confidence="medium")
    assert via.select(f).summary() == sc.select(f).summary()
    assert_same(via.select(f).counts("W"), sc.select(f).counts("W"))


def test_import_timeline_needs_no_duckdb():
    code = ("import sys; sys.modules['duckdb'] = None; import timeline\n"
            "try:\n    timeline.scan('x.parquet')\nexcept ImportError as e:\n    print(e)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "pip install 'syria-timeline[scale]'" in run.stdout


def test_a_folder_of_parts_scans_as_one_file(acled, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    import json

    tl, sc = acled
    src = sc.relation.split("'")[1]
    meta = json.dumps(read_meta(src)).replace("'", "''")
    folder = tmp_path / "parts"
    folder.mkdir()
    con = duckdb.connect()
    for k, cond in enumerate(('"row" % 2 = 0', '"row" % 2 = 1')):  # two files, each sorted, rows apart
        con.execute(f"COPY (SELECT * FROM read_parquet('{src}') WHERE {cond} ORDER BY \"start\", span_end, \"row\") "
                    f"TO '{folder / f'part-{k}.parquet'}' (FORMAT parquet, KV_METADATA {{syria_timeline: '{meta}'}})")
    parts = timeline.scan(folder)
    for f in (Filters(), Filters(categories=("military",), min_confidence="medium"), Filters(text="daraa")):
        a, b = sc.select(f), parts.select(f)
        assert a.summary() == b.summary()
        assert_same(a.counts("W"), b.counts("W"))
        assert_same(a.map("deaths"), b.map("deaths"))
        assert a.table(40) == b.table(40)
    (folder / "part-1.parquet").rename(folder / "part-2.parquet")
    con.execute(f"COPY (SELECT * FROM read_parquet('{folder / 'part-0.parquet'}')) TO '{folder / 'part-1.parquet'}' "
                f"(FORMAT parquet, KV_METADATA {{syria_timeline: '{meta}'}})")
    with pytest.raises(ValueError, match="overlap"):
        timeline.scan(folder).select().n
    other = tmp_path / "other"
    other.mkdir()
    (folder / "part-0.parquet").rename(other / "a.parquet")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        convert(write_acled(generate_acled(200, seed=5), tmp_path / "b.csv"), other / "b.parquet", "acled",
                progress=False)
    with pytest.raises(ValueError, match="converted separately"):
        timeline.scan(other)


def test_convert_refuses_events_with_several_places():
    from timeline.scale.convert import events_table

    with pytest.raises(ValueError, match="several places"):
        events_table(timeline.load())


def test_a_selection_by_words_outlives_the_rows_kept_for_it(acled):
    """The rows the words keep are read from the files once per filter state and kept for the
    last eight states; an older selection reads them again when it needs them."""
    tl, sc = acled
    first = sc.select(Filters(text="daraa"))
    assert first.n == select(tl, Filters(text="daraa")).n
    for word in ("killed", "shelled", "attack", "protest", "clash", "air", "strike", "forces", "civilians"):
        sc.select(Filters(text=word)).summary()
    assert first.table(20) == table_view(select(tl, Filters(text="daraa")), 20)
