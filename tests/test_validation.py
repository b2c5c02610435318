"""Each kind of bad input gives a clear FILE:LINE: column error, all problems are collected,
and the command line exits 1 with them (never a traceback)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

import timeline
from conftest import line_of, read_rows, set_cell, write_rows
from timeline.cli import main

# (file, row index, column, bad value, expected message)
FAULTS = [
    ("events.csv", 2, "start", "2025-02-30", "not a valid date (expected YYYY-MM-DD or YYYY-MM)"),
    ("events.csv", 3, "start", "8 March 2025", "not a valid date"),
    ("events.csv", 1, "end", "2020-01-01", "ends before it starts (expected on or after start)"),
    ("events.csv", 4, "category", "riot", "unknown value (expected one of: military,"),
    ("events.csv", 5, "confidence", "certain", "unknown value (expected one of: low, medium, high)"),
    ("events.csv", 6, "place", "atlantis", "unknown id, not in places.csv"),
    ("events.csv", 7, "sources", "no-such-source", "unknown id, not in sources.csv"),
    ("events.csv", 8, "title", "", "empty required value (expected a value)"),
    ("events.csv", 9, "sources", "", "empty required value (expected at least one id)"),
    ("events.csv", 2, "date_precision", "roughly", "unknown value (expected one of: day, approximate, month)"),
    ("events.csv", 2, "start", "2025-03", "a month-only date needs date_precision 'month'"),
    ("casualty_reports.csv", 1, "qualifier", "roughly", "unknown value (expected one of: exact, at_least, approximately)"),
    ("casualty_reports.csv", 2, "killed_total", "-3", "not a count (expected a whole number"),
    ("casualty_reports.csv", 2, "killed_civilians", "12.5", "not a count"),
    ("casualty_reports.csv", 3, "sources", "nowhere", "unknown id, not in sources.csv"),
    ("casualty_reports.csv", 2, "wounded", "a few", "not a count"),
    ("casualty_reports.csv", 4, "includes", "no-such-report", "unknown id, not in casualty_reports.csv"),
    ("events.csv", 3, "actors", "general-securty", "unknown id, not in actors.csv; closest known ids: general-security"),
    ("events.csv", 4, "actors", "Hayat Tahrir al-Sham", "unknown id, not in actors.csv; that is the name of 'hts'"),
    ("actors.csv", 0, "kind", "militia", "unknown value (expected one of: state_body, armed_group,"),
    ("casualty_reports.csv", 3, "event", "no-event", "unknown id, not in events.csv"),
    ("casualty_reports.csv", 0, "published", "yesterday", "not a valid date (expected YYYY-MM-DD)"),
    ("places.csv", 0, "lat", "95", "out of range (expected between -90 and 90)"),
    ("places.csv", 0, "lon", "east", "not a number"),
    ("sources.csv", 0, "url", "javascript:alert(1)", "not a web address"),
    ("phases.csv", 1, "end", "2000-01-01", "ends before it starts"),
]


@pytest.mark.parametrize("file,row,column,value,expected", FAULTS,
                         ids=[f"{f[0]}-{f[2]}-{f[3] or 'blank'}" for f in FAULTS])
def test_fault_names_file_line_and_column(data_copy, capsys, file, row, column, value, expected):
    row_id = set_cell(data_copy, file, row, column, value)
    line = line_of(data_copy, file, row_id)
    with pytest.raises(timeline.TimelineDataError) as err:
        timeline.load(data_copy)
    prefix = f"{file}:{line}: column '{column}': "
    hits = [ln for ln in str(err.value).splitlines() if prefix in ln and expected in ln]
    assert hits, f"expected {prefix}{expected} in:\n{err.value}"
    if value:
        assert hits[0].endswith(f"(got {value!r})")

    # The command line prints the same and exits 1, without a traceback.
    assert main(["validate", str(data_copy)]) == 1
    out = capsys.readouterr()
    assert expected in out.err and "Traceback" not in out.err


def test_duplicate_id_is_reported_with_both_lines(data_copy):
    header, rows = read_rows(data_copy, "events.csv")
    first = rows[0]["id"]
    rows[3]["id"] = first
    write_rows(data_copy, "events.csv", header, rows)
    with pytest.raises(timeline.TimelineDataError) as err:
        timeline.load(data_copy)
    assert f"events.csv:5: column 'id': duplicate id (first used on line 2) (got '{first}')" in str(err.value)


def test_two_faults_in_one_file_are_both_reported(data_copy):
    set_cell(data_copy, "events.csv", 1, "category", "riot")
    set_cell(data_copy, "events.csv", 10, "confidence", "sure")
    with pytest.raises(timeline.TimelineDataError) as err:
        timeline.load(data_copy)
    msg = str(err.value)
    assert "events.csv:3: column 'category'" in msg
    assert "events.csv:12: column 'confidence'" in msg
    assert msg.startswith("2 problems found")


def test_faults_in_several_files_are_all_reported(data_copy):
    set_cell(data_copy, "places.csv", 0, "lat", "100")
    set_cell(data_copy, "casualty_reports.csv", 0, "killed_total", "many")
    set_cell(data_copy, "events.csv", 0, "category", "riot")
    with pytest.raises(timeline.TimelineDataError) as err:
        timeline.load(data_copy)
    files = {p.file.rsplit("/", 1)[-1] for p in err.value.problems}
    assert files == {"places.csv", "casualty_reports.csv", "events.csv"}


def test_missing_required_column(data_copy):
    header, rows = read_rows(data_copy, "events.csv")
    header.remove("title")
    for r in rows:
        del r["title"]
    write_rows(data_copy, "events.csv", header, rows)
    with pytest.raises(timeline.TimelineDataError, match=r"events.csv:1: column 'title': missing required column"):
        timeline.load(data_copy)


def test_missing_optional_column_is_fine(data_copy):
    header, rows = read_rows(data_copy, "places.csv")
    header.remove("coord_source")
    for r in rows:
        del r["coord_source"]
    write_rows(data_copy, "places.csv", header, rows)
    assert len(timeline.load(data_copy)) > 0


def test_empty_file(data_copy):
    (data_copy / "sources.csv").write_text("", encoding="utf-8")
    with pytest.raises(timeline.TimelineDataError, match=r"sources.csv:1: file is empty \(expected a header row: id, publisher"):
        timeline.load(data_copy)


def test_missing_file(data_copy):
    (data_copy / "phases.csv").unlink()
    with pytest.raises(timeline.TimelineDataError, match=r"phases.csv:0: file not found"):
        timeline.load(data_copy)


def test_not_utf8_names_the_line(data_copy):
    path = data_copy / "events.csv"
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    data = "".join(text[:4]).encode("utf-8") + text[4].replace("a", "\u00e9", 1).encode("latin-1", "replace") + "".join(text[5:]).encode("utf-8")
    path.write_bytes(data)
    with pytest.raises(timeline.TimelineDataError, match=r"events.csv:5: file is not valid UTF-8"):
        timeline.load(data_copy)


def test_bom_and_arabic_are_fine(data_copy):
    for name in ("events.csv", "places.csv"):
        p = data_copy / name
        p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes())
    tl = timeline.load(data_copy)
    assert list(tl.events.columns[:2]) == ["id", "start"]
    assert tl.places["name_ar"].str.contains("[\u0600-\u06FF]", regex=True).any()


def test_row_with_wrong_number_of_fields(data_copy):
    path = data_copy / "phases.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2] + ",extra"
    lines[3] = "only-an-id,Name"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(timeline.TimelineDataError) as err:
        timeline.load(data_copy)
    msg = str(err.value)
    assert re.search(r"phases.csv:3: row has \d+ fields, expected 5", msg)
    assert "phases.csv:4: row has 2 fields, expected 5" in msg


def test_line_numbers_count_multiline_fields(data_copy):
    header, rows = read_rows(data_copy, "events.csv")
    rows[0]["description"] = "First line.\nSecond line.\nThird line."
    rows[5]["category"] = "riot"
    write_rows(data_copy, "events.csv", header, rows)
    with pytest.raises(timeline.TimelineDataError) as err:
        timeline.load(data_copy)
    # rows[5] starts on line 7 without the two extra lines in rows[0], so on line 9.
    assert "events.csv:9: column 'category'" in str(err.value)


def test_no_row_is_dropped(data_copy):
    header, rows = read_rows(data_copy, "events.csv")
    tl = timeline.load(data_copy)
    assert len(tl) == len(rows)
    assert list(tl.events["id"]) == [r["id"] for r in rows]


def test_cli_validate_ok(capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "events" in out and "OK" in out and "SOHR" in out


def test_cli_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as e:
        main(["validate", "--no-such-option"])
    assert e.value.code == 2
    with pytest.raises(SystemExit) as e:
        main([])
    assert e.value.code == 2


def test_cli_help_and_console_script(data_copy):
    out = subprocess.run(["timeline", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "validate" in out.stdout
    out = subprocess.run(["timeline", "validate", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "FILE:LINE" in out.stdout
    set_cell(data_copy, "events.csv", 0, "confidence", "sure")
    out = subprocess.run([sys.executable, "-m", "timeline", "validate", str(data_copy)],
                         capture_output=True, text=True)
    assert out.returncode == 1
    assert "column 'confidence'" in out.stderr and "Traceback" not in out.stderr


def test_not_a_folder(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope")]) == 1
    assert "not a folder" in capsys.readouterr().err
