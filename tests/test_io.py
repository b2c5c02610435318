"""Reading ACLED and UCDP GED exports (timeline.io) and the seeded ACLED-shaped generator."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import timeline
import timeline.io.files as tio
from conftest import REPO
from timeline.io import read_acled, read_ucdp_ged

from timeline import synthetic as generate

ACLED_HEADER = generate.ACLED_COLUMNS

ACLED_DEFAULTS = {
    "event_date": "2025-03-08", "year": "2025", "time_precision": "1", "disorder_type": "Political violence",
    "event_type": "Battles", "sub_event_type": "Armed clash", "actor1": "Military Forces of Syria (2024-)",
    "assoc_actor_1": "", "inter1": "State forces", "actor2": "Alawite Ethnic Militia (Syria)",
    "assoc_actor_2": "", "inter2": "Identity militia", "interaction": "State forces-Identity militia",
    "civilian_targeting": "", "iso": "760", "region": "Middle East", "country": "Syria", "admin1": "Latakia",
    "admin2": "Jablah", "admin3": "Jablah", "location": "Jableh", "latitude": "35.3621", "longitude": "35.9276",
    "geo_precision": "1", "source": "Syrian Observatory for Human Rights", "source_scale": "National",
    "notes": "On 8 March 2025, clashes near Jableh.", "fatalities": "3", "tags": "", "timestamp": "1741651200",
}


def acled_rows(*rows: dict) -> list[dict]:
    return [{**ACLED_DEFAULTS, "event_id_cnty": f"SYR{i + 1}", **r} for i, r in enumerate(rows)]


def write_csv(path: Path, header: list[str], rows: list[dict], *, bom: bool = False) -> Path:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8-sig" if bom else "utf-8")
    return path


def write_acled(path: Path, *rows: dict, header=ACLED_HEADER, **kw) -> Path:
    return write_csv(path, header, acled_rows(*rows), **kw)


# --- dates, figures, names ------------------------------------------------------------------------


def test_time_precision_codes_map_to_day_approximate_and_month(tmp_path):
    path = write_acled(tmp_path / "a.csv", {"time_precision": "1"}, {"time_precision": "2"},
                       {"time_precision": "3", "event_date": "2025-03-15"})
    ev = read_acled(path).events.set_index("id")
    day, week, month = ev.loc["syr1"], ev.loc["syr2"], ev.loc["syr3"]
    assert day["date_precision"] == "day"
    assert day["start"] == pd.Timestamp("2025-03-08") and pd.isna(day["end"])
    assert day["span_end"] == pd.Timestamp("2025-03-08")
    # a week known, ACLED's day in its middle: the honest window is that day ±3 days
    assert week["date_precision"] == "approximate"
    assert (week["start"], week["end"], week["span_end"]) == (
        pd.Timestamp("2025-03-05"), pd.Timestamp("2025-03-11"), pd.Timestamp("2025-03-11"))
    assert week["coded_date"] == pd.Timestamp("2025-03-08")
    assert "time_precision 2" in week["notes"]
    assert month["date_precision"] == "month"
    assert month["start"] == pd.Timestamp("2025-03-01") and pd.isna(month["end"])
    assert month["span_end"] == pd.Timestamp("2025-03-31")


def test_confidence_is_the_worse_of_time_and_geo_precision(tmp_path):
    path = write_acled(tmp_path / "a.csv", {}, {"geo_precision": "2"}, {"time_precision": "3"},
                       {"time_precision": "2", "geo_precision": "3"})
    assert read_acled(path).events["confidence"].tolist() == ["high", "medium", "low", "low"]


def test_zero_fatalities_stay_zero(tmp_path):
    path = write_acled(tmp_path / "a.csv", {"fatalities": "0"}, {"fatalities": "12"})
    tl = read_acled(path)
    cr = tl.casualty_reports
    assert cr["killed_total"].tolist() == [0, 12]
    assert cr["killed_total"].notna().all()
    assert cr["killed_civilians"].isna().all()  # ACLED gives no split: not stated, not 0
    assert cr["reported_by"].unique().tolist() == ["ACLED"]
    assert set(cr["tally"]) == {"incident"} and set(cr["qualifier"]) == {"exact"}
    assert "conservative" in cr["scope"].iloc[0]
    assert cr["event"].tolist() == ["syr1", "syr2"]
    assert tl.events["fatalities"].tolist() == [0, 12]


def test_published_is_the_timestamp_day_else_the_event_day(tmp_path):
    path = write_acled(tmp_path / "a.csv", {"timestamp": "1741651200"}, {"timestamp": ""})
    cr = read_acled(path).casualty_reports
    assert cr["published"].tolist() == [pd.Timestamp("2025-03-11"), pd.Timestamp("2025-03-08")]


def test_categories_and_original_codes(tmp_path):
    types = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
             "Strategic developments"]
    path = write_acled(tmp_path / "a.csv", *[{"event_type": t} for t in types])
    ev = read_acled(path).events
    assert ev["category"].tolist() == ["military", "military", "violence_against_civilians", "political",
                                       "political", "political"]
    assert ev["event_type"].astype(str).tolist() == types
    assert ev["title"].iloc[0] == "Battles: Armed clash in Jableh"


def test_arabic_place_names_and_bom(tmp_path):
    path = write_acled(tmp_path / "a.csv", {"location": "جبلة", "notes": "اشتباكات في جبلة"},
                       {"location": "Jableh"}, bom=True)
    tl = read_acled(path)
    places = tl.places.set_index("name")
    assert places.loc["جبلة", "name_ar"] == "جبلة"
    assert places.loc["Jableh", "name_ar"] == ""
    assert tl.places["id"].str.match(r"^[a-z0-9][a-z0-9_\-]*$").all()
    ev = tl.events
    assert ev["title"].iloc[0] == "Battles: Armed clash in جبلة"
    assert ev["description"].iloc[0] == "اشتباكات في جبلة"
    assert tl.places_of("syr1")["name"].tolist() == ["جبلة"]


def test_one_place_per_location_admin1_and_coordinates(tmp_path):
    path = write_acled(tmp_path / "a.csv", {}, {}, {"latitude": "35.5"}, {"admin1": "Tartous"}, {"geo_precision": "3"})
    tl = read_acled(path)
    assert len(tl.places) == 3
    assert tl.places["id"].tolist() == ["jableh", "jableh-2", "jableh-3"]
    assert tl.places["kind"].tolist() == ["town", "town", "town"]  # the most precise code wins
    assert tl.events["place"].tolist() == ["jableh", "jableh", "jableh-2", "jableh-3", "jableh"]
    assert tl.places["coord_source"].unique().tolist() == ["ACLED"]


def test_actors_skip_blanks_and_split_associated_actors(tmp_path):
    path = write_acled(tmp_path / "a.csv",
                       {"assoc_actor_1": "General Security Service; Police", "actor2": "", "inter2": ""},
                       {"actor2": "Military Forces of Syria (2024-)"})
    tl = read_acled(path)
    assert tl.events["actors"].tolist() == [
        "Military Forces of Syria (2024-); General Security Service; Police",
        "Military Forces of Syria (2024-)",
    ]
    assert tl.event_actors[tl.event_actors["event_id"] == "syr1"]["actor"].tolist() == [
        "Military Forces of Syria (2024-)", "General Security Service", "Police"]


def test_sources_one_per_outlet_linked_to_the_event_without_urls(tmp_path):
    path = write_acled(tmp_path / "a.csv", {}, {"source": "SOHR; Liveuamap"}, {"source": "Liveuamap;SOHR; "},
                       {"source": "Syrian Observatory for Human Rights"})
    tl = read_acled(path)
    src = tl.sources
    assert src["publisher"].tolist() == ["Syrian Observatory for Human Rights", "SOHR", "Liveuamap"]
    assert src["title"].unique().tolist() == ["[source as given by ACLED]"]
    assert (src["url"] == "").all() and src["published"].isna().all()
    assert tl.sources_of("syr2")["publisher"].tolist() == ["SOHR", "Liveuamap"]
    assert tl.sources_of("syr3")["publisher"].tolist() == ["Liveuamap", "SOHR"]
    assert tl.events["sources"].tolist() == ["syrian-observatory-for-human-rights", "sohr;liveuamap",
                                             "liveuamap;sohr", "syrian-observatory-for-human-rights"]
    assert tl.event_sources.groupby("event_id").size().to_dict() == {"syr1": 1, "syr2": 2, "syr3": 2, "syr4": 1}
    # an event's casualty figure names all its outlets, as the event does
    assert tl.casualty_reports["sources"].tolist() == tl.events["sources"].tolist()
    assert tl.report_sources.groupby("report_id").size().tolist() == [1, 2, 2, 1]


def test_upper_case_headers_numeric_inter_codes_and_extra_columns(tmp_path):
    rows = [{"inter1": "1", "inter2": "4", "interaction": "14"}, {"time_precision": "2"}]
    lower = read_acled(write_acled(tmp_path / "lower.csv", *rows))
    header = [h.upper() for h in ACLED_HEADER] + ["EVENT_ID_NO_CNTY"]
    upper_rows = [{k.upper(): v for k, v in r.items()} | {"EVENT_ID_NO_CNTY": "7"} for r in acled_rows(*rows)]
    upper = read_acled(write_csv(tmp_path / "upper.csv", header, upper_rows))
    pd.testing.assert_frame_equal(lower.events, upper.events)
    pd.testing.assert_frame_equal(lower.casualty_reports, upper.casualty_reports)
    assert upper.events["inter1"].astype(str).tolist() == ["1", "State forces"]


@pytest.mark.parametrize("text", ["2025-03-08", "08 March 2025", "8 March 2025", "8-Mar-25", "08 Mar 2025",
                                  "08-March-2025", "March 8, 2025", "2025/03/08"])
def test_event_date_iso_or_day_first(tmp_path, text):
    ev = read_acled(write_acled(tmp_path / "a.csv", {"event_date": text})).events
    assert ev["start"].iloc[0] == pd.Timestamp("2025-03-08")


def test_dtypes_are_those_of_timeline_load(tmp_path, make_timeline):
    ref = make_timeline(events=[{"id": "e1", "start": "2025-03-06"}],
                        casualty_reports=[{"id": "r1", "reported_by": "SOHR", "published": "2025-03-08",
                                           "killed_total": "5", "event": "e1"}])
    acled = read_acled(write_acled(tmp_path / "a.csv", {}, {"time_precision": "3"}))
    ged = read_ucdp_ged(write_ged(tmp_path / "g.csv", {}))
    for got in (acled, ged):
        for name in ("events", "places", "sources", "casualty_reports", "phases", "event_places",
                     "event_sources", "event_actors", "report_sources", "actor_table"):
            want, have = getattr(ref, name), getattr(got, name)
            assert list(have.columns[: len(want.columns)]) == list(want.columns), name
            assert have.dtypes.iloc[: len(want.columns)].to_dict() == want.dtypes.to_dict(), name
            assert isinstance(have.index, pd.RangeIndex), name
    assert acled.phases.empty


def test_fast_reader_and_exact_reader_agree(tmp_path, monkeypatch):
    pytest.importorskip("pyarrow", reason="the fast reader needs pyarrow")
    path = tmp_path / "a.csv"
    generate.write_acled(generate.generate_acled(300, seed=5), path)
    fast = read_acled(path)

    def refuse(*a, **k):
        raise tio.Unreadable("forced")

    monkeypatch.setattr(tio, "read_fast", refuse)
    exact = read_acled(path)
    for name in ("events", "places", "sources", "casualty_reports", "event_places", "event_sources",
                 "event_actors"):
        pd.testing.assert_frame_equal(getattr(fast, name), getattr(exact, name), obj=name)


def test_progress_bar(tmp_path, capsys):
    path = write_acled(tmp_path / "a.csv", {})
    read_acled(path, progress=True)
    assert "Loading a.csv" in capsys.readouterr().err
    read_acled(path)  # small file: no bar by default
    assert capsys.readouterr().err == ""


# --- problems -------------------------------------------------------------------------------------


def test_bad_rows_report_every_problem_at_its_file_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rows = acled_rows(
        {"notes": "A note\nover two lines"},          # line 2-3
        {"event_date": "2025-13-45"},                 # line 4
        {"latitude": "north"},                        # line 5
        {"fatalities": "many"},                       # line 6
        {"fatalities": "-2"},                         # line 7
        {"event_id_cnty": ""},                        # line 8
        {"event_id_cnty": "syr1"},                    # line 9: same id as line 2, other case
        {"event_type": "Skirmish", "longitude": "200"},  # line 10
        {"time_precision": "4"},                      # line 11
    )
    write_csv(tmp_path / "acled.csv", ACLED_HEADER, rows)
    with pytest.raises(timeline.TimelineDataError) as e:
        read_acled("acled.csv")
    got = [str(p) for p in e.value.problems]
    assert got == [
        "acled.csv:4: column 'event_date': not a valid date (expected YYYY-MM-DD, or a date such as 08 March 2025, "
        "8-Mar-25 or 31/12/2019) (got '2025-13-45')",
        "acled.csv:5: column 'latitude': not a number (expected a decimal number) (got 'north')",
        "acled.csv:6: column 'fatalities': not a count (expected a whole number, 0 or more, digits only; leave "
        "blank when not stated) (got 'many')",
        "acled.csv:7: column 'fatalities': not a count (expected a whole number, 0 or more, digits only; leave "
        "blank when not stated) (got '-2')",
        "acled.csv:8: column 'event_id_cnty': empty required value (expected an id) (got '')",
        "acled.csv:9: column 'event_id_cnty': duplicate id (first used on line 2) (got 'syr1')",
        "acled.csv:10: column 'event_type': unknown value (expected one of: Battles, Explosions/Remote violence, "
        "Violence against civilians, Protests, Riots, Strategic developments (or an event type of ACLED's "
        "pre-2019 codebook)) (got 'Skirmish')",
        "acled.csv:10: column 'longitude': out of range (expected between -180 and 180) (got '200')",
        "acled.csv:11: column 'time_precision': unknown value (expected one of: 1, 2, 3) (got '4')",
    ]
    assert str(e.value).startswith("9 problems found in the data:\nacled.csv:4: column 'event_date'")


def test_missing_required_columns(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    header = [h for h in ACLED_HEADER if h not in ("event_date", "fatalities", "notes")]
    write_csv(tmp_path / "acled.csv", header, acled_rows({}))
    with pytest.raises(timeline.TimelineDataError) as e:
        read_acled("acled.csv")
    got = [str(p) for p in e.value.problems]
    assert len(got) == 2
    assert got[0].startswith("acled.csv:1: column 'event_date': missing required column (a ACLED export file has: "
                             "event_id_cnty, event_date, time_precision")
    assert got[1].startswith("acled.csv:1: column 'fatalities': missing required column")


def test_ragged_row_and_missing_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write_acled(tmp_path / "acled.csv", {}, {})
    lines = path.read_text().splitlines()
    lines[2] += ",surplus"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(timeline.TimelineDataError) as e:
        read_acled("acled.csv")
    assert [str(p) for p in e.value.problems] == [
        "acled.csv:3: row has 32 fields, expected 31 (one per header column); check for an unquoted comma or a "
        "missing field"]
    with pytest.raises(timeline.TimelineDataError, match="nothere.csv:0: file not found"):
        read_acled("nothere.csv")


# --- UCDP GED -------------------------------------------------------------------------------------

GED_HEADER = ["id", "relid", "year", "type_of_violence", "conflict_name", "dyad_name", "side_a", "side_b",
              "source_article", "source_headline", "where_prec", "where_coordinates", "where_description",
              "adm_1", "adm_2", "latitude", "longitude", "country", "event_clarity", "date_prec", "date_start",
              "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low"]
GED_DEFAULTS = {
    "relid": "SYR-2017-1-1", "year": "2017", "type_of_violence": "1", "conflict_name": "Syria: Government",
    "dyad_name": "Government of Syria - IS", "side_a": "Government of Syria", "side_b": "IS",
    "source_article": "\"Agence France Presse,2017-01-04,Clashes near Palmyra\"",
    "source_headline": "Clashes near Palmyra", "where_prec": "1", "where_coordinates": "Palmyra town",
    "where_description": "near Palmyra", "adm_1": "Hims governorate", "adm_2": "Tadmur district",
    "latitude": "34.56", "longitude": "38.28", "country": "Syria", "event_clarity": "1", "date_prec": "1",
    "date_start": "2017-01-03", "date_end": "2017-01-03", "deaths_a": "2", "deaths_b": "5",
    "deaths_civilians": "1", "deaths_unknown": "0", "best": "8", "high": "8", "low": "8",
}


def write_ged(path: Path, *rows: dict, header=GED_HEADER) -> Path:
    return write_csv(path, header, [{**GED_DEFAULTS, "id": str(1000 + i), **r} for i, r in enumerate(rows)])


def test_ged_date_window_is_uncertainty_not_duration(tmp_path):
    path = write_ged(
        tmp_path / "g.csv",
        {},                                                                         # 1000: one known day
        {"date_end": "2017-01-05"},                                                 # 1001: known days 3-5
        {"date_prec": "2", "date_end": "2017-01-06"},                               # 1002
        {"date_prec": "3", "date_start": "2017-01-02", "date_end": "2017-01-08"},   # 1003
        {"date_prec": "4", "date_start": "2017-02-01", "date_end": "2017-02-28"},   # 1004: the month
        {"date_prec": "4", "date_start": "2017-02-10", "date_end": "2017-03-09"},   # 1005
        {"date_prec": "5", "date_start": "2017-01-01", "date_end": "2017-12-31"},   # 1006: the year
        {"date_start": "2017-01-03 00:00:00.000", "date_end": "2017-01-03 00:00:00.000"},  # 1007
    )
    ev = read_ucdp_ged(path).events.set_index("id")
    T = pd.Timestamp

    def row(i):
        r = ev.loc[str(i)]
        return r["date_precision"], r["start"], None if pd.isna(r["end"]) else r["end"], r["span_end"]

    assert row(1000) == ("day", T("2017-01-03"), None, T("2017-01-03"))
    assert row(1001) == ("day", T("2017-01-03"), T("2017-01-05"), T("2017-01-05"))
    assert row(1002) == ("approximate", T("2017-01-03"), T("2017-01-06"), T("2017-01-06"))
    assert row(1003) == ("approximate", T("2017-01-02"), T("2017-01-08"), T("2017-01-08"))
    assert row(1004) == ("month", T("2017-02-01"), None, T("2017-02-28"))
    assert row(1005) == ("approximate", T("2017-02-10"), T("2017-03-09"), T("2017-03-09"))
    assert row(1006) == ("approximate", T("2017-01-01"), T("2017-12-31"), T("2017-12-31"))
    assert row(1007) == ("day", T("2017-01-03"), None, T("2017-01-03"))
    assert ev.loc["1002", "confidence"] == "medium" and ev.loc["1006", "confidence"] == "low"


def test_ged_best_low_high_and_civilians_are_kept(tmp_path):
    path = write_ged(tmp_path / "g.csv", {}, {"best": "10", "low": "7", "high": "15", "deaths_civilians": "4"},
                     {"type_of_violence": "3", "best": "0", "low": "0", "high": "0", "deaths_civilians": "0"})
    tl = read_ucdp_ged(path)
    cr = tl.casualty_reports
    assert cr["reported_by"].unique().tolist() == ["UCDP GED"]
    assert cr["killed_total"].tolist() == [8, 10, 0]
    assert cr["killed_total_low"].tolist() == [8, 7, 0]
    assert cr["killed_total_high"].tolist() == [8, 15, 0]
    assert cr["killed_civilians"].tolist() == [1, 4, 0]
    assert cr["killed_side_b"].tolist() == [5, 5, 5]
    assert cr["qualifier"].tolist() == ["exact", "approximately", "exact"]
    assert cr["published"].tolist() == [pd.Timestamp("2017-01-03")] * 3
    ev = tl.events
    assert ev["category"].tolist() == ["military", "military", "violence_against_civilians"]
    assert ev["title"].iloc[0] == "Government of Syria – IS in Palmyra town"
    assert ev["description"].iloc[0] == "Clashes near Palmyra Location: near Palmyra."
    assert tl.places["kind"].tolist() == ["town"]
    assert tl.sources["publisher"].iloc[0].startswith('"Agence France Presse')


def test_ged_problems(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_ged(tmp_path / "ged.csv", {"date_end": "2017-01-01"}, {"best": "x3"}, {"date_prec": "9"},
              {"id": "1000"})
    with pytest.raises(timeline.TimelineDataError) as e:
        read_ucdp_ged("ged.csv")
    assert [str(p) for p in e.value.problems] == [
        "ged.csv:2: column 'date_end': ends before it starts (expected on or after date_start) (got '2017-01-01')",
        "ged.csv:3: column 'best': not a count (expected a whole number, 0 or more, digits only; leave blank when "
        "not stated) (got 'x3')",
        "ged.csv:4: column 'date_prec': unknown value (expected one of: 1, 2, 3, 4, 5) (got '9')",
        "ged.csv:5: column 'id': duplicate id (first used on line 2) (got '1000')",
    ]


# --- the generator --------------------------------------------------------------------------------


def test_generator_is_deterministic_and_acled_shaped():
    a = generate.generate_acled(500, seed=7)
    pd.testing.assert_frame_equal(a, generate.generate_acled(500, seed=7))
    assert not a.equals(generate.generate_acled(500, seed=8))
    assert list(a.columns) == ACLED_HEADER
    assert a["event_id_cnty"].is_unique
    assert (a["fatalities"] == 0).mean() > 0.5
    assert set(a["time_precision"]) == {1, 2, 3} and (a["time_precision"] == 1).mean() > 0.85
    assert a["location"].str.contains(r"[\u0600-\u06FF]").any()


def test_generated_file_loads_without_problems(tmp_path):
    out = tmp_path / "acled.csv"
    done = subprocess.run([sys.executable, str(REPO / "benchmarks" / "generate.py"), "2000", str(out), "--seed", "3"],
                          capture_output=True, text=True, check=True)
    assert "2,000 rows" in done.stdout
    first = out.read_bytes()
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "generate.py"), "2000", str(out), "--seed", "3"],
                   capture_output=True, check=True)
    assert out.read_bytes() == first
    tl = read_acled(out)
    assert len(tl) == 2000 and len(tl.casualty_reports) == 2000
    assert set(tl.events["date_precision"]) == {"day", "approximate", "month"}
    assert np.isfinite(tl.places["lat"]).all()


def test_generated_day_first_numeric_variant_loads(tmp_path):
    df = generate.generate_acled(300, seed=1, date_format="dayfirst", inter="numeric")
    assert df["event_date"].str.match(r"^\d{2} [A-Z][a-z]+ \d{4}$").all()
    path = generate.write_acled(df, tmp_path / "a.csv")
    iso = generate.write_acled(generate.generate_acled(300, seed=1), tmp_path / "b.csv")
    pd.testing.assert_series_equal(read_acled(path).events["start"], read_acled(iso).events["start"])


def test_headers_with_spaces_and_mixed_case(tmp_path):
    header = [f" {h.title()} " if i % 2 else h for i, h in enumerate(ACLED_HEADER)]
    rows = [{f" {k.title()} " if k in header[1::2] or f" {k.title()} " in header else k: v
             for k, v in r.items()} for r in acled_rows({}, {"fatalities": "0"})]
    tl = read_acled(write_csv(tmp_path / "a.csv", header, rows))
    assert tl.casualty_reports["killed_total"].tolist() == [3, 0]


def test_duplicate_columns_short_rows_and_bad_encoding(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_csv(tmp_path / "dup.csv", ACLED_HEADER + ["NOTES"], acled_rows({}))
    with pytest.raises(timeline.TimelineDataError) as e:
        read_acled("dup.csv")
    assert [str(p) for p in e.value.problems] == [
        "dup.csv:1: column 'notes': column appears 2 times in the header (as notes, NOTES)"]
    path = write_acled(tmp_path / "short.csv", {}, {})
    lines = path.read_text().splitlines()
    lines[1] = lines[1].rsplit(",", 1)[0]
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(timeline.TimelineDataError, match=r"short.csv:2: row has 30 fields, expected 31"):
        read_acled("short.csv")
    path = write_acled(tmp_path / "latin.csv", {"location": "Jableh"})
    path.write_bytes(path.read_bytes().replace(b"Jableh", "Jabl\u00e9h".encode("latin-1")))
    with pytest.raises(timeline.TimelineDataError, match=r"latin.csv:2: file is not valid UTF-8 \(byte 0xE9\)"):
        read_acled("latin.csv")
