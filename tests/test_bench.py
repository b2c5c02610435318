"""The benchmark script runs on a small N and reports every figure (not timed: no speed asserts)."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO


def test_bench_json_has_every_figure(tmp_path):
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "bench.py"), "--json", "--sizes", "2000", "--repeat", "2",
         "--max-markers", "500"],
        capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    doc = json.loads(done.stdout)
    assert doc["command"].startswith("python benchmarks/bench.py") and doc["date"]
    assert doc["density_threshold"] == 500
    assert {"python", "cpus", "pandas", "numpy", "plotly", "platform"} <= set(doc["machine"])
    assert doc["targets"]["widget_change_ms"] == {"bundled": 15, "1000000": 30}
    bundled, r = doc["results"]
    import timeline

    assert bundled["n"] == "bundled" and bundled["events"] == len(timeline.load())
    assert bundled["widget_change_ms"]["n"] == 12 and bundled["timeline_modes"] == {"density": 0, "events": 12}
    assert 0 < bundled["explorer_build_s"] and 0 < bundled["explorer_rebuild_s"]
    assert r["n"] == 2000 and r["csv_bytes"] > 100_000
    assert 0 < r["load_validate_s"] < 600 and 0 < r["explorer_build_s"] < 600
    change = r["widget_change_ms"]
    assert change["n"] == 12 and 0 < change["median"] <= change["p90"]
    assert set(change["by_kind"]) == {"category", "dates", "confidence"}
    assert sum(r["timeline_modes"].values()) == 12 and r["timeline_modes"]["density"] > 0
    assert r["events_mode_change_ms"]["mode_when_narrowed"] == "events"
    assert {"first", "again", "clear"} <= set(r["text_search_ms"])
    assert r["naive_rebuild_ms"]["n"] == 3 and r["naive_rebuild_ms"]["median"] > 0
    assert r["ratio"] == round(r["naive_rebuild_ms"]["median"] / change["median"], 1)
    if r["export_html_bytes"] is None:
        assert r["export_note"]
    else:
        assert r["export_html_bytes"] > 100_000 and r["export_s"] > 0
    assert "Loading" in done.stderr or "N=2,000" in done.stderr  # progress on stderr


def test_bench_table_without_json():
    sys.path.insert(0, str(REPO / "benchmarks"))
    from bench import table

    doc = {"date": "2026-01-01 00:00 UTC", "machine": {"cpu": "x", "cpus": 2, "python": "3.11", "pandas": "3",
                                                          "numpy": "2", "plotly": "7"},
           "results": [{"n": "bundled", "load_validate_s": 0.1, "explorer_build_s": 0.3,
                        "widget_change_ms": {"median": 5.0, "p90": 6.0},
                        "naive_rebuild_ms": {"median": 100.0}, "ratio": 20.0,
                        "events_mode_change_ms": {"median": 5.0}, "export_html_bytes": 1_000_000},
                       {"n": 1000, "load_validate_s": 0.1, "explorer_build_s": 1.0,
                        "widget_change_ms": {"median": 20.0, "p90": 30.0},
                        "naive_rebuild_ms": {"median": 400.0}, "ratio": 20.0,
                        "events_mode_change_ms": {"median": 90.0}, "export_html_bytes": None}]}
    text = table(doc)
    assert "bundled" in text and "5.0 ms" in text and "1.0 MB" in text
    assert "1,000" in text and "20.0 ms" in text and "20.0×" in text and "—" in text
