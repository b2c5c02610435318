"""timeline.scale.synthetic: a folder of synthetic ACLED-shaped Parquet parts that timeline.scan reads as one timeline."""

from __future__ import annotations

import warnings

import pytest

pytest.importorskip("duckdb")

import timeline  # noqa: E402
from timeline.filters import Filters  # noqa: E402
from timeline.io import read_acled  # noqa: E402
from timeline.scale.synthetic import write_synthetic  # noqa: E402
from timeline.synthetic import generate_acled, write_acled  # noqa: E402


def test_a_folder_of_copies_scans_as_one_timeline_with_its_own_ids(tmp_path):
    folder = write_synthetic(tmp_path / "big", 2500, part_rows=1000, seed=3)
    assert sorted(p.name for p in folder.glob("*.parquet")) == ["part-000.parquet", "part-001.parquet",
                                                               "part-002.parquet"]
    assert not list(folder.glob(".*"))  # no temporary file left
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        one = read_acled(write_acled(generate_acled(1000, seed=3), tmp_path / "one.csv"), progress=False)
    sc = timeline.scan(folder)
    assert len(sc) == 2500
    ids = sc.query('SELECT count(DISTINCT id) AS n, count(DISTINCT "row") AS r FROM {events}')
    assert (int(ids["n"].iat[0]), int(ids["r"].iat[0])) == (2500, 2500)
    # two whole copies and the first 500 events (in date order) of a third
    ev = one.events.sort_values(["start", "span_end"], kind="stable")
    military = int((ev["category"] == "military").sum())
    first_half = int((ev["category"].iloc[:500] == "military").sum())
    assert sc.select(Filters(categories=["military"])).n == 2 * military + first_half


def test_writing_again_replaces_the_parts(tmp_path):
    write_synthetic(tmp_path / "big", 3000, part_rows=1000)
    write_synthetic(tmp_path / "big", 1500, part_rows=1000)
    assert len(list((tmp_path / "big").glob("*.parquet"))) == 2
    assert len(timeline.scan(tmp_path / "big")) == 1500


def test_nonsense_sizes_are_refused(tmp_path):
    with pytest.raises(ValueError, match="at least 1"):
        write_synthetic(tmp_path / "x", 0)
