"""The command line reads other formats (--format) and writes other formats (--to)."""

from __future__ import annotations

import csv
import json

import pytest

from timeline.cli import main

from timeline.synthetic import generate_acled, write_acled


@pytest.fixture(scope="module")
def acled_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("acled") / "acled.csv"
    write_acled(generate_acled(400, seed=3), path)
    return path


def test_validate_an_acled_export(acled_file, capsys):
    assert main(["validate", "--format", "acled", str(acled_file)]) == 0
    out = capsys.readouterr().out
    assert "400 events" in out and "ACLED" in out and "OK" in out


def test_validate_a_broken_acled_export_names_file_line_column(acled_file, tmp_path, capsys):
    rows = list(csv.reader(acled_file.open(encoding="utf-8")))
    col = rows[0].index("event_date")
    rows[5][col] = "31 February 2025"
    bad = tmp_path / "bad.csv"
    with bad.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    assert main(["validate", "--format", "acled", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.csv:6: column 'event_date'" in err and "Traceback" not in err


def test_format_needs_a_file(capsys):
    assert main(["validate", "--format", "ucdp"]) == 2
    assert "needs the path of the CSV file" in capsys.readouterr().err


def test_export_an_acled_file_to_html(acled_file, tmp_path):
    out = tmp_path / "acled.html"
    assert main(["export", "--format", "acled", str(acled_file), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "ACLED" in text


def test_export_to_timelinejs_csv_geojson_with_filters(tmp_path, tl):
    js = tmp_path / "t.json"
    assert main(["export", "--to", "timelinejs", "-o", str(js), "--category", "violence_against_civilians"]) == 0
    events = json.loads(js.read_text(encoding="utf-8"))["events"]
    assert len(events) == int((tl.events["category"] == "violence_against_civilians").sum())
    out = tmp_path / "t.csv"
    assert main(["export", "--to", "csv", "-o", str(out), "--start", "2025-03-06", "--end", "2025-03-10"]) == 0
    with out.open(encoding="utf-8") as fh:
        n = sum(1 for _ in csv.DictReader(fh))
    ev = tl.events
    assert n == int(((ev["span_end"] >= "2025-03-06") & (ev["start"] <= "2025-03-10")).sum())
    geo = tmp_path / "t.geojson"
    assert main(["export", "--to", "geojson", "-o", str(geo)]) == 0
    assert json.loads(geo.read_text(encoding="utf-8"))["type"] == "FeatureCollection"


def test_data_given_twice_is_a_usage_error(tmp_path, capsys):
    assert main(["export", str(tmp_path), "--data", str(tmp_path)]) == 2
    assert "either as DATA or with --data" in capsys.readouterr().err


def test_export_filter_options_come_from_the_dimensions(tmp_path, tl):
    from timeline.filters import DIMENSIONS, Filters, apply_filters

    out = tmp_path / "t.csv"
    assert main(["export", "--to", "csv", "-o", str(out), "--place", "latakia", "--place", "jableh",
                 "--min-confidence", "medium", "--actor", "Ahmed al-Sharaa", "General Security"]) == 0
    with out.open(encoding="utf-8") as fh:
        got = sorted(r["id"] for r in csv.DictReader(fh))
    f = Filters(places=["latakia", "jableh"], min_confidence="medium", actors=["Ahmed al-Sharaa", "General Security"])
    assert got == sorted(apply_filters(tl, f).events["id"])
    from timeline.cli import build_parser

    help_text = build_parser()._subparsers._group_actions[0].choices["export"].format_help()
    for d in DIMENSIONS:
        for opt in d.cli_options():
            assert opt["flag"] in help_text


def test_export_text_search_finds_arabic(tmp_path, tl):
    out = tmp_path / "t.csv"
    assert main(["export", "--to", "csv", "-o", str(out), "--text", "اللاذقيه"]) == 0
    with out.open(encoding="utf-8") as fh:
        assert sum(1 for _ in csv.DictReader(fh)) > 0


@pytest.mark.parametrize("args, says", [
    (["--place", "latakiya"], "unknown place id 'latakiya' in filters.places (closest known: 'latakia'"),
    (["--actor", "Ahmed al-Shara"], "unknown actor 'Ahmed al-Shara' in filters.actors (closest known: 'Ahmed al-Sharaa'"),
    (["--reporter", "SOHRR"], "unknown reporter 'SOHRR' in filters.reporters (closest known: 'SOHR'"),
])
def test_an_unknown_filter_value_is_a_usage_error_naming_the_closest(tmp_path, capsys, args, says):
    for to in ("html", "csv"):
        assert main(["export", "--to", to, "-o", str(tmp_path / f"t.{to}"), *args]) == 2
        err = capsys.readouterr().err
        assert says in err and "Traceback" not in err
        assert not (tmp_path / f"t.{to}").exists()


def test_a_bad_confidence_level_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as e:
        main(["export", "--min-confidence", "certain"])
    assert e.value.code == 2 and "invalid choice: 'certain'" in capsys.readouterr().err
