"""ACLED and UCDP GED files as they come: one small file per variant seen in real downloads.

Every file here is written by its test, with rows made up in the datasets' layouts (ACLED's and
UCDP's terms restrict redistributing their rows). Each test checks what a user relies on: every
row of the file accounted for, the totals of the figures kept, the note or the error text.
"""

from __future__ import annotations

import csv
import gzip
import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import timeline
from test_io import ACLED_DEFAULTS, ACLED_HEADER, GED_DEFAULTS, GED_HEADER, acled_rows, write_acled, write_csv, write_ged
from timeline.cli import main
from timeline.io import ReadWarning, read_acled, read_ucdp_ged


def csv_text(header: list[str], rows: list[dict], delimiter: str = ",") -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, lineterminator="\n", extrasaction="ignore", delimiter=delimiter)
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def accounted(tl, rows: int) -> None:
    """Every row of the file is an event, merged into one, rejected or ignored (and said so)."""
    c = tl.row_counts
    assert c["rows"] == rows
    assert c["events"] + c["merged"] + c["rejected"] + c["ignored"] == rows, c
    assert c["events"] == len(tl.events) and c["rejected"] == len(tl.rejected)


def notes_with(tl, text: str) -> list[str]:
    return [n for n in tl.notes if text in n]


# --- UCDP GED ----------------------------------------------------------------------------------


def test_ged_best_outside_low_high_loads_flagged_and_counted(tmp_path):
    path = write_ged(tmp_path / "ged.csv", {}, {"best": "3", "low": "0", "high": "0"},
                     {"best": "10", "low": "12", "high": "20"}, {"best": "5", "low": "2", "high": "9"})
    with pytest.warns(ReadWarning, match=r"2 rows with best outside low–high.*id 1001: low 0, best 3, high 0"):
        tl = read_ucdp_ged(path)
    accounted(tl, 4)
    cr = tl.casualty_reports
    assert cr["killed_total"].tolist() == [8, 3, 10, 5]  # best kept as UCDP's claim
    assert int(cr["killed_total"].sum()) == 8 + 3 + 10 + 5
    assert cr["best_outside_range"].tolist() == [False, True, True, False]
    assert cr["qualifier"].tolist() == ["exact", "approximately", "approximately", "approximately"]
    assert "outside its own low–high range" in tl.event("1001")["notes"]
    assert "outside" not in tl.event("1000")["notes"]


def test_ged_from_hdx_skips_the_hxl_tag_row(tmp_path):
    header = GED_HEADER + ["iso3"]
    tags = {h: "" for h in header} | {"year": "#date+year", "side_a": "#group+name+first", "date_start": "#date+start",
                                      "date_end": "#date+end", "best": "#affected+killed", "iso3": "#country+code",
                                      "latitude": "#geo+lat", "longitude": "#geo+lon"}
    rows = [tags] + [{**GED_DEFAULTS, "id": str(71000 + i), "iso3": "SYR"} for i in range(3)]
    path = tmp_path / "conflict_data_syr.csv"
    path.write_text(csv_text(header, rows), encoding="utf-8")
    with pytest.warns(ReadWarning, match="line 2 is a row of HXL tags"):
        tl = read_ucdp_ged(path)
    accounted(tl, 4)
    assert tl.row_counts["ignored"] == 1 and len(tl) == 3
    assert tl.events["id"].tolist() == ["71000", "71001", "71002"]
    # problems are still reported at the file's own lines (the tag row is line 2)
    bad = tmp_path / "bad.csv"
    rows[2]["best"] = "many"
    bad.write_text(csv_text(header, rows), encoding="utf-8")
    with pytest.raises(timeline.TimelineDataError, match=r"bad.csv:4: column 'best': not a count"):
        read_ucdp_ged(bad)


def test_ged_name_and_dates_in_numbers(tmp_path):
    path = write_ged(tmp_path / "ged.csv", {"date_start": "03/01/2017", "date_end": "13/01/2017", "country": "Iraq"},
                     {"date_start": "05/01/2017", "date_end": "05/01/2017"})
    tl = read_ucdp_ged(path)
    assert tl.events["start"].tolist() == [pd.Timestamp("2017-01-03"), pd.Timestamp("2017-01-05")]
    assert tl.events["span_end"].iloc[0] == pd.Timestamp("2017-01-13")
    assert tl.name == "Iraq and Syria (UCDP GED)"


# --- ACLED before 2019 -------------------------------------------------------------------------

OLD_HEADER = ["GWNO", "EVENT_ID_CNTY", "EVENT_ID_NO_CNTY", "EVENT_DATE", "YEAR", "TIME_PRECISION", "EVENT_TYPE",
              "ACTOR1", "ALLY_ACTOR_1", "INTER1", "ACTOR2", "ALLY_ACTOR_2", "INTER2", "INTERACTION", "COUNTRY",
              "ADMIN1", "ADMIN2", "ADMIN3", "LOCATION", "LATITUDE", "LONGITUDE", "GEO_PRECISION", "SOURCE", "NOTES",
              "FATALITIES"]


def old_rows():
    base = {"GWNO": "652", "YEAR": "2015", "TIME_PRECISION": "1", "ACTOR1": "Military Forces of Syria (2000-)",
            "ALLY_ACTOR_1": "Hezbollah", "INTER1": "1", "ACTOR2": "Rebel Militia (Syria)", "ALLY_ACTOR_2": "",
            "INTER2": "2", "INTERACTION": "12", "COUNTRY": "Syria", "ADMIN1": "Aleppo", "LOCATION": "Aleppo",
            "LATITUDE": "36.2", "LONGITUDE": "37.16", "GEO_PRECISION": "1", "SOURCE": "SOHR",
            "NOTES": "Clashes.\r\nTwo lines.", "FATALITIES": "4"}
    types = ["Battle-Non-state actors overtake territory", "Battle-No change of territory", "Riots/Protests",
             "Remote violence", "Violence Against Civilians", "Strategic development"]
    return [{**base, "EVENT_ID_CNTY": f"{i + 1}SYR", "EVENT_ID_NO_CNTY": str(i + 1),
             "EVENT_DATE": f"0{i + 1}-January-2015", "EVENT_TYPE": t} for i, t in enumerate(types)]


@pytest.mark.parametrize("case", [str.upper, str.lower])
def test_acled_before_2019_with_an_index_column(tmp_path, case):
    header = [""] + [case(h) for h in OLD_HEADER]
    rows = [{"": str(i), **{case(k): v for k, v in r.items()}} for i, r in enumerate(old_rows())]
    path = tmp_path / "acled_2015.csv"
    path.write_bytes(csv_text(header, rows).replace("\n", "\r\n").replace("\r\r\n", "\r\n").encode("utf-8"))
    with pytest.warns(ReadWarning):
        tl = read_acled(path)
    accounted(tl, 6)
    ev = tl.events
    assert ev["category"].tolist() == ["military", "military", "political", "military",
                                       "violence_against_civilians", "political"]
    assert ev["start"].tolist() == [pd.Timestamp(f"2015-01-0{i}") for i in range(1, 7)]
    assert ev["title"].iloc[0] == "Battle-Non-state actors overtake territory in Aleppo"
    assert tl.event_actors[tl.event_actors["event_id"] == "1syr"]["actor"].tolist() == [
        "Military Forces of Syria (2000-)", "Hezbollah", "Rebel Militia (Syria)"]
    assert int(ev["fatalities"].sum()) == 24
    assert notes_with(tl, "read as assoc_actor_1 (its name before 2019)")
    assert notes_with(tl, "no sub_event_type column")
    assert notes_with(tl, "column 1 has no name and is not read (0, 1, 2, …: a row index saved with the data)")
    assert tl.name == "Syria (ACLED)"


# --- ACLED re-saved by Excel -------------------------------------------------------------------


def excel_file(tmp_path, dates=("31-12-19", "9-May-20", "02-01-20")) -> Path:
    header = ACLED_HEADER + ["", "", ""]
    rows = acled_rows(*[{"event_date": d, "location": "Séguénéga", "fatalities": str(i + 1)}
                        for i, d in enumerate(dates)])
    text = csv_text(header, rows).splitlines()
    empty = "," * (len(header) - 1)
    lines = [text[0], text[1], empty, text[2], text[3], empty, empty]
    path = tmp_path / "acled_excel.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


def test_acled_saved_by_excel_in_cp1252_names_the_encoding(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    excel_file(tmp_path)
    with pytest.raises(timeline.TimelineDataError) as e:
        read_acled("acled_excel.csv")
    assert str(e.value.problems[0]) == (
        "acled_excel.csv:2: file is not valid UTF-8 (byte 0xE9); it is probably cp1252 (as Excel saves CSV files on "
        "Windows): read it with encoding=\"cp1252\" (on the command line --encoding cp1252), or save it as UTF-8")
    assert main(["validate", "--format", "acled", "acled_excel.csv"]) == 1


def test_acled_saved_by_excel_loads_with_its_encoding(tmp_path):
    path = excel_file(tmp_path)
    with pytest.warns(ReadWarning, match="3 empty rows"):
        tl = read_acled(path, encoding="cp1252")
    accounted(tl, 6)
    assert tl.row_counts["ignored"] == 3
    assert tl.events["start"].tolist() == [pd.Timestamp("2019-12-31"), pd.Timestamp("2020-05-09"),
                                           pd.Timestamp("2020-01-02")]
    assert tl.places["name"].tolist() == ["Séguénéga"]
    assert int(tl.events["fatalities"].sum()) == 6
    assert notes_with(tl, "3 empty columns with no name ignored")
    assert notes_with(tl, "3 empty rows (every field blank) ignored")
    assert notes_with(tl, "dates in numbers read day first, as in 31/12/2019 ('31-12-19' decides)")


def test_utf16_file_is_read_and_said_so(tmp_path):
    path = tmp_path / "acled.txt"
    path.write_text(csv_text(ACLED_HEADER, acled_rows({}, {}), delimiter="\t"), encoding="utf-16")
    with pytest.warns(ReadWarning):
        tl = read_acled(path)
    assert len(tl) == 2 and notes_with(tl, "UTF-16") and notes_with(tl, "delimiter: tab")


# --- dates in numbers ---------------------------------------------------------------------------


def test_us_dates_order_is_read_from_the_file(tmp_path):
    path = write_acled(tmp_path / "us.csv", {"event_date": "4/5/2020"}, {"event_date": "4/13/2020"})
    with pytest.warns(ReadWarning, match=r"month first, as in 12/31/2019 \('4/13/2020' decides\)"):
        tl = read_acled(path)
    assert tl.events["start"].tolist() == [pd.Timestamp("2020-04-05"), pd.Timestamp("2020-04-13")]
    path = write_acled(tmp_path / "eu.csv", {"event_date": "4/5/2020"}, {"event_date": "13/4/2020"})
    assert read_acled(path).events["start"].tolist() == [pd.Timestamp("2020-05-04"), pd.Timestamp("2020-04-13")]


def test_ambiguous_dates_are_an_error_asking_for_the_format(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write_acled(tmp_path / "a.csv", {"event_date": "5/5/2020"}, {"event_date": "4/5/2020"}, {"event_date": "4/6/2020"})
    with pytest.raises(timeline.TimelineDataError) as e:
        read_acled("a.csv")
    assert [str(p) for p in e.value.problems] == [
        "a.csv:3: column 'event_date': cannot tell day from month: no date in the file has a number above 12 in the "
        "first two places (expected date_format=\"%d/%m/%Y\" or \"%m/%d/%Y\"; on the command line --date-format "
        "\"%d/%m/%Y\" or \"%m/%d/%Y\") (got '4/5/2020')"]
    # never skipped row by row: the whole file is ambiguous
    with pytest.raises(timeline.TimelineDataError, match="cannot tell day from month"):
        read_acled("a.csv", bad_rows="skip")
    for fmt in ("%m/%d/%Y", "mdy"):
        tl = read_acled("a.csv", date_format=fmt)
        assert tl.events["start"].tolist() == [pd.Timestamp(d) for d in ("2020-05-05", "2020-04-05", "2020-04-06")]
    assert read_acled("a.csv", date_format="dmy").events["start"].iloc[1] == pd.Timestamp("2020-05-04")
    assert main(["validate", "--format", "acled", "a.csv"]) == 1
    assert "a.csv:3: column 'event_date': cannot tell day from month" in capsys.readouterr().err
    assert main(["validate", "--format", "acled", "a.csv", "--date-format", "%m/%d/%Y"]) == 0
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_:
        main(["validate", "--format", "acled", "a.csv", "--date-format", "sometimes"])
    assert exit_.value.code == 2 and "is not a date format" in capsys.readouterr().err
    with pytest.raises(ValueError, match="is not a date format"):
        read_acled("a.csv", date_format="%Y")


def test_dates_in_both_orders_are_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_acled(tmp_path / "a.csv", {"event_date": "13/5/2020"}, {"event_date": "5/14/2020"})
    with pytest.raises(timeline.TimelineDataError, match=r"a.csv:3: column 'event_date': dates in numbers in both "
                       r"orders: '13/5/2020' \(line 2\) has the day first, this one the month first"):
        read_acled("a.csv")


# --- monadic exports and ids --------------------------------------------------------------------

MONADIC_HEADER = [h for h in ACLED_HEADER if h not in ("actor2", "assoc_actor_2", "inter2")]


def test_monadic_export_merges_the_rows_of_one_event(tmp_path):
    rows = acled_rows({}, {}, {}, {})
    rows[0] |= {"event_id_cnty": "BGD1", "actor1": "Protesters (Bangladesh)", "assoc_actor_1": "Students (Bangladesh)",
                "inter1": "Protesters", "fatalities": "2"}
    rows[1] |= {"event_id_cnty": "BGD1", "actor1": "Police Forces of Bangladesh (2009-)", "inter1": "State forces",
                "fatalities": "2"}
    rows[2] |= {"event_id_cnty": "BGD2", "actor1": "Rioters (Bangladesh)", "fatalities": "1"}
    rows[3] |= {"event_id_cnty": "BGD1", "actor1": "Civilians (Bangladesh)", "fatalities": "2"}
    path = write_csv(tmp_path / "monadic.csv", MONADIC_HEADER, rows)
    with pytest.warns(ReadWarning, match="monadic export .*2 rows merged"):
        tl = read_acled(path)
    accounted(tl, 4)
    assert tl.row_counts["merged"] == 2
    assert tl.events["id"].tolist() == ["bgd1", "bgd2"]
    assert tl.event_actors[tl.event_actors["event_id"] == "bgd1"]["actor"].tolist() == [
        "Protesters (Bangladesh)", "Students (Bangladesh)", "Police Forces of Bangladesh (2009-)",
        "Civilians (Bangladesh)"]
    assert tl.events["inter2"].astype(str).tolist() == ["State forces", ""]
    assert tl.casualty_reports["killed_total"].tolist() == [2, 1]  # fatalities counted once per event


def test_monadic_rows_that_disagree_are_problems_of_the_later_row(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rows = acled_rows({"event_id_cnty": "BGD1", "fatalities": "2"}, {"event_id_cnty": "BGD1", "fatalities": "3"})
    write_csv(tmp_path / "monadic.csv", MONADIC_HEADER, rows)
    with pytest.raises(timeline.TimelineDataError) as e:
        read_acled("monadic.csv")
    assert [str(p) for p in e.value.problems] == [
        "monadic.csv:3: column 'fatalities': differs from line 2, the event's first row (in a monadic export each "
        "actor's row repeats the event; expected '2') (got '3')"]
    # a file with actor2 is dyadic: the same id twice is a duplicate, as before
    write_acled(tmp_path / "dyadic.csv", {"event_id_cnty": "BGD1"}, {"event_id_cnty": "BGD1"})
    with pytest.raises(timeline.TimelineDataError, match=r"dyadic.csv:3: column 'event_id_cnty': duplicate id"):
        read_acled("dyadic.csv")


def test_skipping_a_monadic_event_leaves_out_all_its_rows(tmp_path):
    bad_day = {"event_id_cnty": "BGD1", "event_date": "2024-02-30"}
    rows = acled_rows(bad_day, bad_day, {"event_id_cnty": "BGD2"}, {"event_id_cnty": "BGD2", "actor1": "Police"})
    path = write_csv(tmp_path / "monadic.csv", MONADIC_HEADER, rows)
    with pytest.warns(ReadWarning):
        tl = read_acled(path, bad_rows="skip")
    accounted(tl, 4)
    assert tl.events["id"].tolist() == ["bgd2"] and tl.row_counts["merged"] == 1
    assert tl.rejected["line"].tolist() == [2, 3]
    assert tl.rejected["problems"].iloc[1] == ("left out with line 2: the same event (one row per actor), which has "
                                               "problems")


def test_an_empty_event_id_takes_the_data_id(tmp_path):
    header = ["data_id"] + ACLED_HEADER
    rows = [r | {"data_id": str(7302319 + i)} for i, r in enumerate(acled_rows({}, {"event_id_cnty": ""}, {}))]
    path = write_csv(tmp_path / "a.csv", header, rows)
    with pytest.warns(ReadWarning, match=r"1 row with an empty event_id_cnty takes ACLED's data_id as the event id "
                      r"\(7302320\)"):
        tl = read_acled(path)
    accounted(tl, 3)
    assert tl.events["id"].tolist() == ["syr1", "7302320", "syr3"]


# --- bad rows ------------------------------------------------------------------------------------


def truncated(tmp_path) -> Path:
    path = write_acled(tmp_path / "acled.csv", {"fatalities": "1"}, {"fatalities": "2",
                       "notes": "A note\nover two lines"}, {"event_date": "2025-02-30", "fatalities": "4"},
                       {"fatalities": "8"})
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.rindex("Syrian Observatory")] + "Syrian Obs", encoding="utf-8")  # cut short
    return path


def test_a_truncated_last_row_is_an_error_naming_its_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    truncated(tmp_path)
    with pytest.raises(timeline.TimelineDataError) as e:
        read_acled("acled.csv")
    assert [str(p) for p in e.value.problems] == [
        "acled.csv:5: column 'event_date': not a valid date (expected YYYY-MM-DD, or a date such as 08 March 2025, "
        "8-Mar-25 or 31/12/2019) (got '2025-02-30')",
        "acled.csv:6: row has 26 fields, expected 31 (one per header column); check for an unquoted comma or a "
        "missing field"]


def test_skip_bad_rows_loads_the_rest_and_keeps_the_rejected(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    truncated(tmp_path)
    with pytest.warns(ReadWarning, match=r"2 rows with problems left out \(bad_rows=\"skip\"; lines 5, 6\)"):
        tl = read_acled("acled.csv", bad_rows="skip")
    accounted(tl, 4)
    assert tl.events["id"].tolist() == ["syr1", "syr2"]
    assert int(tl.events["fatalities"].sum()) == 3
    rej = tl.rejected
    assert rej["line"].tolist() == [5, 6]
    assert rej["problems"].tolist() == [
        "column 'event_date': not a valid date (expected YYYY-MM-DD, or a date such as 08 March 2025, 8-Mar-25 or "
        "31/12/2019) (got '2025-02-30')",
        "row has 26 fields, expected 31 (one per header column); check for an unquoted comma or a missing field"]
    assert rej.loc[0, "event_id_cnty"] == "SYR3" and rej.loc[0, "fatalities"] == "4"
    assert rej.loc[1, "source"] == "Syrian Obs" and rej.loc[1, "fatalities"] == ""
    with pytest.raises(ValueError, match="bad_rows='drop'"):
        read_acled("acled.csv", bad_rows="drop")


def test_a_truncated_last_row_is_found_at_its_line_by_both_readers(tmp_path, monkeypatch):
    import timeline.io.files as tio

    monkeypatch.chdir(tmp_path)
    path = write_acled(tmp_path / "acled.csv", {"notes": "A note\nover\nthree lines"}, {}, {"fatalities": "7"},
                       {"notes": "Last, cut"})
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.rindex("Last, cut") + 4], encoding="utf-8")
    expected = ["acled.csv:7: row has 28 fields, expected 31 (one per header column); check for an unquoted comma "
                "or a missing field"]
    fast = read_acled("acled.csv", bad_rows="skip")
    with pytest.raises(timeline.TimelineDataError) as e:
        read_acled("acled.csv")
    assert [str(p) for p in e.value.problems] == expected

    def refuse(*a, **k):
        raise tio.Unreadable("forced")

    monkeypatch.setattr(tio, "read_fast", refuse)
    exact = read_acled("acled.csv", bad_rows="skip")
    with pytest.raises(timeline.TimelineDataError) as e:
        read_acled("acled.csv")
    assert [str(p) for p in e.value.problems] == expected
    for tl in (fast, exact):
        accounted(tl, 4)
        assert tl.rejected["line"].tolist() == [7] and tl.rejected["notes"].tolist() == ["Last"]
        assert int(tl.events["fatalities"].sum()) == 13
    pd.testing.assert_frame_equal(fast.rejected, exact.rejected)
    pd.testing.assert_frame_equal(fast.events, exact.events)


def test_cli_skip_bad_rows_writes_the_rejects(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    truncated(tmp_path)
    assert main(["validate", "--format", "acled", "acled.csv"]) == 1
    assert "acled.csv:6: row has 26 fields" in capsys.readouterr().err
    assert main(["validate", "--format", "acled", "acled.csv", "--skip-bad-rows", "--rejects", "rejects.csv"]) == 0
    out, err = capsys.readouterr()
    assert "2 events" in out and "4 = 2 events + 0 merged into them + 2 left out + 0 ignored" in out
    assert "Wrote rejects.csv: 2 rows left out" in err and "note: 2 rows with problems left out" in err
    with open("rejects.csv", encoding="utf-8", newline="") as fh:
        got = list(csv.DictReader(fh))
    assert [r["line"] for r in got] == ["5", "6"] and got[0]["event_date"] == "2025-02-30"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".rejects")]  # written in one step
    assert main(["export", "--format", "acled", "acled.csv", "--skip-bad-rows", "-o", "a.html"]) == 0
    assert main(["validate", "--format", "acled", "acled.csv", "--rejects", "r.csv"]) == 2
    assert "--rejects needs --skip-bad-rows" in capsys.readouterr().err
    assert main(["validate", "--encoding", "cp1252"]) == 2
    assert "--encoding only reads an ACLED, UCDP or GDELT file" in capsys.readouterr().err


# --- delimiters and containers -------------------------------------------------------------------


@pytest.mark.parametrize("delimiter,name", [(";", "semicolon"), ("\t", "tab")])
def test_delimiter_is_detected(tmp_path, delimiter, name):
    path = tmp_path / "acled.csv"
    path.write_text(csv_text(ACLED_HEADER, acled_rows({"location": "Jableh, city"}, {}), delimiter=delimiter),
                    encoding="utf-8")
    with pytest.warns(ReadWarning, match=f"delimiter: {name}"):
        tl = read_acled(path)
    accounted(tl, 2)
    assert tl.places["name"].tolist() == ["Jableh, city", "Jableh"]


def test_gzip_and_zip_files_load(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = csv_text(ACLED_HEADER, acled_rows({}, {"fatalities": "5"}))
    (tmp_path / "acled.csv.gz").write_bytes(gzip.compress(text.encode("utf-8")))
    with zipfile.ZipFile(tmp_path / "acled.zip", "w") as z:
        z.writestr("export/acled.csv", text)
        z.writestr("README.txt".replace(".txt", ".md"), "ACLED export")
    for name in ("acled.csv.gz", "acled.zip"):
        tl = read_acled(name)
        accounted(tl, 2)
        assert tl.casualty_reports["killed_total"].tolist() == [3, 5]
    assert main(["validate", "--format", "acled", "acled.zip"]) == 0
    with zipfile.ZipFile(tmp_path / "two.zip", "w") as z:
        z.writestr("a.csv", text)
        z.writestr("b.csv", text)
    with pytest.raises(timeline.TimelineDataError, match=r"two.zip:0: a zip file must hold exactly one CSV file to be "
                       r"read \(this one holds 2: a.csv, b.csv\)"):
        read_acled("two.zip")
    # a problem in a compressed file is reported at its line, as in a plain one
    bad = text.replace("Battles", "Skirmish", 1)
    (tmp_path / "bad.csv.gz").write_bytes(gzip.compress(bad.encode("utf-8")))
    with pytest.raises(timeline.TimelineDataError, match=r"bad.csv.gz:2: column 'event_type': unknown value"):
        read_acled("bad.csv.gz")


def test_xlsx_workbook_loads(tmp_path):
    pytest.importorskip("python_calamine", reason="reading .xlsx needs python-calamine")
    openpyxl = pytest.importorskip("openpyxl", reason="writing the test workbook needs openpyxl")
    import datetime as dt

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Export"
    ws.append(ACLED_HEADER)
    for k, r in enumerate(acled_rows({"fatalities": "2"}, {"fatalities": "0"})):
        if k:
            ws.append([None] * len(ACLED_HEADER))  # an empty row between the two
        values = [r.get(h, "") for h in ACLED_HEADER]
        row = []
        for h, v in zip(ACLED_HEADER, values):
            if h == "event_date":
                row.append(dt.datetime(2025, 3, 8))
            elif h in ("fatalities", "time_precision", "geo_precision", "timestamp", "year", "iso"):
                row.append(int(v))
            elif h in ("latitude", "longitude"):
                row.append(float(v))
            else:
                row.append(v or None)
        ws.append(row)
    wb.create_sheet("Notes")
    path = tmp_path / "acled.xlsx"
    wb.save(path)
    with pytest.warns(ReadWarning, match="read the sheet 'Export' of the workbook \\(the first of 2"):
        tl = read_acled(path)
    accounted(tl, 3)
    assert tl.events["start"].tolist() == [pd.Timestamp("2025-03-08")] * 2
    assert tl.casualty_reports["killed_total"].tolist() == [2, 0]
    assert tl.places["lat"].tolist() == [35.3621]
    assert tl.as_of == pd.Timestamp("2025-03-11")


def test_xlsx_without_its_reader_says_how_to_install_it(tmp_path, monkeypatch):
    import builtins

    with zipfile.ZipFile(tmp_path / "a.xlsx", "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    real = builtins.__import__

    def no_calamine(name, *a, **k):
        if name == "python_calamine":
            raise ImportError("No module named 'python_calamine'")
        return real(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", no_calamine)
    with pytest.raises(ImportError, match=r"pip install python-calamine"):
        read_acled(tmp_path / "a.xlsx")


# --- names and dates of the data -----------------------------------------------------------------


def test_name_from_the_countries_or_the_file(tmp_path):
    rows = [{"country": c} for c in ("Kenya", "Kenya", "Somalia", "Ethiopia", "Uganda")]
    assert read_acled(write_acled(tmp_path / "a.csv", *rows[:1])).name == "Kenya (ACLED)"
    assert read_acled(write_acled(tmp_path / "b.csv", *rows[:3])).name == "Kenya and Somalia (ACLED)"
    assert read_acled(write_acled(tmp_path / "c.csv", *rows)).name == (
        "Kenya, Somalia, Ethiopia and 1 more countries (ACLED)")
    header = [h for h in ACLED_HEADER if h != "country"]
    tl = read_acled(write_csv(tmp_path / "burkina_2020.csv", header, acled_rows({})))
    assert tl.name == "burkina_2020.csv (ACLED)"
    assert tl.summary().startswith("burkina_2020.csv (ACLED): 1 events")


def test_as_of_is_the_latest_upload_timestamp(tmp_path):
    path = write_acled(tmp_path / "a.csv", {"timestamp": "1741651200", "time_precision": "3"},
                       {"timestamp": "1741737600"}, {"timestamp": ""})
    tl = read_acled(path)
    assert tl.as_of == pd.Timestamp("2025-03-12")
    assert tl.events["span_end"].max() == pd.Timestamp("2025-03-31")  # later than the file itself
    header = [h for h in ACLED_HEADER if h != "timestamp"]
    assert read_acled(write_csv(tmp_path / "b.csv", header, acled_rows({}))).as_of is None
    assert read_ucdp_ged(write_ged(tmp_path / "g.csv", {})).as_of is None


def test_plain_files_have_no_notes(tmp_path, recwarn):
    tl = read_acled(write_acled(tmp_path / "a.csv", {}, {}))
    assert tl.notes == () and tl.rejected.empty
    assert tl.row_counts == {"rows": 2, "events": 2, "merged": 0, "rejected": 0, "ignored": 0}
    assert not [w for w in recwarn if issubclass(w.category, ReadWarning)]
