"""timeline.io.read_gdelt and timeline.scale.gdelt: GDELT 2.0 event files (61 tab-separated fields, no
header) and the same columns from a table, mapped to a Timeline whose events say they are
machine-coded and unverified; convert + scan, and the Ibis query on DuckDB. The files are small,
made-up rows written by the tests (URLs under example.org)."""

from __future__ import annotations

import dataclasses
import gzip
import re
import warnings
import zipfile

import numpy as np
import pandas as pd
import pytest

import timeline
from conftest import REPO
from timeline import strings as S
from timeline.cli import main
from timeline.errors import TimelineDataError
from timeline.filters import Filters
from timeline.io import CAMEO_ROOTS, CAVEAT, GDELT_NAMES, read_gdelt
from timeline.io.gdelt import CAVEAT_KEY, UNPLACED, cameo_markdown

#: One made-up event, every field as a GDELT 2.0 file writes it.
BASE = {
    "GLOBALEVENTID": "1200000001", "SQLDATE": "20250307", "MonthYear": "202503", "Year": "2025",
    "FractionDate": "2025.1836", "Actor1Code": "SYRMIL", "Actor1Name": "SYRIA", "Actor1CountryCode": "SYR",
    "Actor1Type1Code": "MIL", "Actor2Code": "REB", "Actor2Name": "REBEL", "Actor2Type1Code": "REB",
    "IsRootEvent": "1", "EventCode": "193", "EventBaseCode": "193", "EventRootCode": "19", "QuadClass": "4",
    "GoldsteinScale": "-10.0", "NumMentions": "8", "NumSources": "2", "NumArticles": "7", "AvgTone": "-6.25",
    "Actor1Geo_Type": "4", "Actor1Geo_FullName": "Latakia, Al Ladhiqiyah, Syria", "Actor1Geo_CountryCode": "SY",
    "ActionGeo_Type": "4", "ActionGeo_FullName": "Jableh, Al Ladhiqiyah, Syria", "ActionGeo_CountryCode": "SY",
    "ActionGeo_ADM1Code": "SY08", "ActionGeo_ADM2Code": "", "ActionGeo_Lat": "35.3621",
    "ActionGeo_Long": "35.9276", "ActionGeo_FeatureID": "-2982652", "DATEADDED": "20250307153000",
    "SOURCEURL": "https://www.example.org/news/jableh-clashes",
}
NO_PLACE = {k: "" for k in ("ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
                            "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID")}


def row(**values) -> dict[str, str]:
    out = {name: "" for name in GDELT_NAMES}
    out.update(BASE)
    out.update(values)
    return out


def line(r: dict[str, str]) -> str:
    return "\t".join(r[name] for name in GDELT_NAMES)


def write(path, rows, *, raw: list[str] | None = None):
    text = "".join(line(r) + "\n" for r in rows) + "".join(x + "\n" for x in raw or [])
    if path.name.endswith(".zip"):
        with zipfile.ZipFile(path, "w") as z:
            z.writestr(path.name[:-4], text)
    elif path.name.endswith(".gz"):
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text, encoding="utf-8")
    return path


def read(*args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_gdelt(*args, **kw)


def sample_rows() -> list[dict[str, str]]:
    """Twenty events, one per CAMEO root, on several days and places; one with no place."""
    places = [("Jableh, Al Ladhiqiyah, Syria", "SY08", "35.3621", "35.9276", "-2982652", "4"),
              ("Latakia, Al Ladhiqiyah, Syria", "SY08", "35.5167", "35.7833", "-2983268", "4"),
              ("Hims, Hims, Syria", "SY11", "34.7333", "36.7167", "-2985236", "4"),
              ("Syria", "", "35", "38", "SY", "1")]
    rows = []
    for i, root in enumerate(CAMEO_ROOTS):
        name, adm1, lat, lon, fid, kind = places[i % len(places)]
        geo = {"ActionGeo_FullName": name, "ActionGeo_ADM1Code": adm1, "ActionGeo_Lat": lat, "ActionGeo_Long": lon,
               "ActionGeo_FeatureID": fid, "ActionGeo_Type": kind}
        rows.append(row(GLOBALEVENTID=str(1200000100 + i), SQLDATE=f"202503{6 + i % 5:02d}", EventRootCode=root,
                        EventCode=root + "0", EventBaseCode=root + "0", SOURCEURL=f"https://example.org/r/{i % 7}",
                        DATEADDED=f"202503{6 + i % 5:02d}120000", **geo))
    rows.append(row(GLOBALEVENTID="1200000200", SQLDATE="20250308", EventRootCode="18", **NO_PLACE,
                    SOURCEURL="https://news.example.org/unplaced"))
    return rows


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gdelt")
    path = write(folder / "20250310000000.export.CSV", sample_rows())
    return path, read(path)


# --- the columns and the mapping ---------------------------------------------------------------


def test_the_61_columns_in_the_codebooks_order():
    assert len(GDELT_NAMES) == 61 and len(set(n.lower() for n in GDELT_NAMES)) == 61
    assert GDELT_NAMES[:2] == ("GLOBALEVENTID", "SQLDATE") and GDELT_NAMES[-2:] == ("DATEADDED", "SOURCEURL")
    assert GDELT_NAMES.index("EventRootCode") == 28 and GDELT_NAMES.index("ActionGeo_FeatureID") == 58


def test_each_field_is_mapped(tmp_path):
    tl = read(write(tmp_path / "one.export.CSV", [row()]))
    ev = tl.events.iloc[0]
    assert ev["id"] == "1200000001" and ev["start"] == pd.Timestamp("2025-03-07") and pd.isna(ev["end"])
    assert ev["span_end"] == ev["start"] and ev["date_precision"] == "day"
    assert ev["category"] == "military" and ev["confidence"] == "low"
    assert ev["title"] == "SYRIA — Fight — REBEL (machine-coded by GDELT)"
    for words in ("Machine-coded by GDELT", "not verified", "CAMEO event code 193", "Goldstein scale -10",
                  "8 mentions, 2 sources, 7 articles", "average tone -6.25"):
        assert words in ev["description"]
    assert tl.event_actors["actor"].tolist() == ["SYRIA", "REBEL"]
    place = tl.places.set_index("id").loc["gdelt--2982652"]
    assert (place["name"], place["admin1"], place["kind"], place["lat"], place["lon"]) == (
        "Jableh, Al Ladhiqiyah, Syria", "SY08", "town", 35.3621, 35.9276)
    assert ev["place"] == "gdelt--2982652" and place["coord_source"] == "GDELT"
    src = tl.sources.iloc[0]
    assert (src["publisher"], src["url"]) == ("example.org", "https://www.example.org/news/jableh-clashes")
    assert ev["sources"] == src["id"] and pd.isna(src["published"])
    assert len(tl.casualty_reports) == 0
    assert (ev["EventCode"], ev["EventRootCode"], ev["Actor1Code"], ev["QuadClass"]) == ("193", "19", "SYRMIL", "4")
    assert (ev["GoldsteinScale"], ev["AvgTone"], ev["NumMentions"], ev["NumArticles"]) == (-10.0, -6.25, 8, 7)
    assert tl.name == "Syria (GDELT)" and tl.as_of == pd.Timestamp("2025-03-07")
    assert CAVEAT in tl.notes and tl.row_counts == {"rows": 1, "events": 1, "merged": 0, "rejected": 0,
                                                    "ignored": 0}


def test_every_cameo_root_has_its_category(sample):
    _, tl = sample
    by_root = dict(zip(tl.events["EventRootCode"].astype(str), tl.events["category"].astype(str)))
    assert set(by_root) == set(CAMEO_ROOTS)
    for root, (_, category) in CAMEO_ROOTS.items():
        assert by_root[root] == category, root
    # the documented choices, read from the table in words
    assert (by_root["19"], by_root["18"], by_root["20"], by_root["07"], by_root["14"], by_root["01"]) == (
        "military", "violence_against_civilians", "violence_against_civilians", "humanitarian", "political",
        "statement")
    assert set(by_root.values()) <= set(timeline.schema.CATEGORIES)
    assert (tl.events["confidence"] == "low").all()


def test_the_readme_table_is_the_code_table():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- cameo-table -->\n(.*?)\n<!-- /cameo-table -->", text, re.S).group(1)
    assert block == cameo_markdown()
    rows = [[c.strip() for c in x.strip("|").split("|")] for x in block.splitlines()[2:]]
    assert {r[0]: (r[1], r[2].strip("`")) for r in rows} == CAMEO_ROOTS


def test_a_one_digit_root_and_a_row_without_place(tmp_path):
    tl = read(write(tmp_path / "x.export.CSV", [row(EventRootCode="1", EventCode="010"),
                                                row(GLOBALEVENTID="1200000002", **NO_PLACE)]))
    assert tl.events["category"].tolist() == ["statement", "military"]
    assert tl.events["place"].tolist()[1] == UNPLACED
    unplaced = tl.places.set_index("id").loc[UNPLACED]
    assert np.isnan(unplaced["lat"]) and "no location" in tl.events["notes"].iloc[1]
    assert len(tl) == 2 and tl.row_counts["events"] == 2


def test_places_are_one_per_feature_id_and_country_centroids_say_so(sample):
    _, tl = sample
    assert tl.places["id"].is_unique and len(tl.places) == 5
    country = tl.events[tl.events["place"] == "gdelt-sy"]
    assert len(country) and country["notes"].str.contains("only to the country").all()
    assert tl.places.set_index("id").loc["gdelt-sy", "kind"] == "country"


# --- bad input --------------------------------------------------------------------------------------


def bad_file(tmp_path):
    """Lines 1–6 events, three of them bad (3, 4, 5); line 7 repeats line 1's id; line 8 is a field short."""
    rows = [row(GLOBALEVENTID=str(1200000010 + i)) for i in range(6)]
    rows[2]["SQLDATE"] = "20250230"
    rows[3]["ActionGeo_Lat"] = "95.5"
    rows[4]["EventRootCode"] = "21"
    rows.append(row(GLOBALEVENTID="1200000010"))
    short = line(row(GLOBALEVENTID="1200000099")).rsplit("\t", 1)[0]
    return write(tmp_path / "bad.export.CSV", rows, raw=[short])


def test_bad_rows_give_every_problem_at_its_line(tmp_path):
    path = bad_file(tmp_path)
    with pytest.raises(TimelineDataError) as e:
        read(path)
    got = {(p.line, p.column) for p in e.value.problems}
    assert got == {(3, "SQLDATE"), (4, "ActionGeo_Lat"), (5, "EventRootCode"), (7, "GLOBALEVENTID"),
                   (8, None)}, str(e.value)
    text = str(e.value)
    assert "bad.export.CSV:3: column 'SQLDATE': not a valid date (expected YYYYMMDD" in text
    assert "out of range (expected between -90 and 90) (got '95.5')" in text
    assert "bad.export.CSV:8: row has 60 tab-separated fields, expected 61" in text


def test_skip_keeps_the_bad_rows_in_rejected(tmp_path):
    tl = read(bad_file(tmp_path), bad_rows="skip")
    assert len(tl) == 3 and tl.rejected["line"].tolist() == [3, 4, 5, 7, 8]
    assert tl.rejected.loc[0, "problems"].startswith("column 'SQLDATE'")
    assert tl.rejected.loc[0, "SQLDATE"] == "20250230"
    c = tl.row_counts
    assert c["rows"] == 8 == c["events"] + c["rejected"] and c["rejected"] == 5


def test_a_file_of_another_layout_is_one_problem(tmp_path):
    path = tmp_path / "v1.export.CSV"
    path.write_text("\t".join(["x"] * 58) + "\n" + "\t".join(["x"] * 58) + "\n", encoding="utf-8")
    with pytest.raises(TimelineDataError) as e:
        read(path)
    assert len(e.value.problems) == 1 and "58 tab-separated fields (expected 61" in str(e.value)


def test_quotes_are_text_in_a_gdelt_file(tmp_path):
    tl = read(write(tmp_path / "q.export.CSV", [row(Actor2Name='"REBEL'),
                                                row(GLOBALEVENTID="1200000002", SOURCEURL='https://example.org/a"b')]))
    assert len(tl) == 2 and tl.event_actors["actor"].tolist()[1] == '"REBEL'


def test_zip_and_gzip_read_as_the_plain_file(sample, tmp_path):
    _, tl = sample
    for name in ("20250310000000.export.CSV.zip", "20250310000000.export.CSV.gz"):
        other = read(write(tmp_path / name, sample_rows()))
        pd.testing.assert_frame_equal(other.events, tl.events)
        pd.testing.assert_frame_equal(other.places, tl.places)


def test_a_folder_of_files_is_one_timeline(tmp_path):
    rows = sample_rows()
    write(tmp_path / "20250307000000.export.CSV", rows[:12])
    write(tmp_path / "20250307001500.export.CSV.zip", rows[12:])
    whole = read(write(tmp_path.parent / "all.export.CSV", rows))
    tl = read(tmp_path)
    assert tl.events["id"].tolist() == whole.events["id"].tolist()
    assert sorted(tl.places["id"]) == sorted(whole.places["id"]) and len(tl.sources) == len(whole.sources)
    assert tl.row_counts["rows"] == len(rows) and CAVEAT in tl.notes and tl.name == whole.name
    write(tmp_path / "20250307003000.export.CSV", rows[:1])
    with pytest.raises(TimelineDataError, match="an event in several files"):
        read(tmp_path)


def bigquery_frame(rows) -> pd.DataFrame:
    """The rows as a BigQuery query gives them: numbers as numbers, blanks as null."""
    from timeline.scale.gdelt import TYPES

    df = pd.DataFrame(rows)
    for name, kind in TYPES.items():
        v = df[name].replace("", None)
        df[name] = (pd.to_numeric(v).astype("Int64") if kind == "INTEGER" else pd.to_numeric(v) if kind == "FLOAT"
                    else v)
    return df


def test_a_dataframe_with_bigquerys_names(sample):
    path, tl = sample
    df = bigquery_frame(sample_rows())
    got = read(df)
    pd.testing.assert_frame_equal(got.events, tl.events)
    pd.testing.assert_frame_equal(got.places, tl.places)
    pd.testing.assert_frame_equal(got.sources, tl.sources)
    assert CAVEAT in got.notes
    # a float column of whole numbers (pandas' way with nulls) reads as the integers it holds
    assert read(df.astype({"SQLDATE": "float64"})).events["start"].equals(tl.events["start"])


def test_a_dataframe_with_problems_names_the_rows(sample):
    df = bigquery_frame(sample_rows())
    df.loc[1, "SQLDATE"] = 20250231
    df.loc[3, "EventRootCode"] = "99"
    with pytest.raises(TimelineDataError) as e:
        read(df)
    assert {(p.file, p.line, p.column) for p in e.value.problems} == {("DataFrame", 2, "SQLDATE"),
                                                                     ("DataFrame", 4, "EventRootCode")}
    tl = read(df, bad_rows="skip")
    assert tl.rejected["line"].tolist() == [2, 4] and len(tl) == len(df) - 2
    with pytest.raises(TimelineDataError, match="missing required column"):
        read(df.drop(columns=["SOURCEURL"]))


# --- convert, scan and the Ibis query --------------------------------------------------------------


def test_convert_and_scan_count_as_the_views(sample, tmp_path):
    pytest.importorskip("duckdb")
    from timeline.scale.convert import convert
    from timeline.views import select
    from timeline.views.counts import counts_view
    from timeline.views.table import summary_view

    path, tl = sample
    out = tmp_path / "gdelt.parquet"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        convert(path, out, "gdelt", progress=False)
    sc = timeline.scan(out, format="gdelt")
    for f in (Filters(), Filters(categories=("military", "statement")), Filters(start="2025-03-08"),
              Filters(text="rebel"), Filters(places=("gdelt--2983268",))):
        a, b = select(tl, f), sc.select(f)
        assert summary_view(a) == b.summary()
        for freq in ("D", "W"):
            va, vb = counts_view(a, freq), b.counts(freq)
            assert np.array_equal(va.values, vb.values) and np.array_equal(va.periods, vb.periods)
    with pytest.raises(ValueError, match="converted from gdelt"):
        timeline.scan(out, format="acled")


def test_events_query_on_duckdb_reads_as_the_file(sample, tmp_path):
    ibis = pytest.importorskip("ibis")
    from timeline.scale.gdelt import events_query, export_table

    rows = sample_rows() + [row(GLOBALEVENTID="1200000300", ActionGeo_CountryCode="LE",
                                ActionGeo_FullName="Tripoli, Liban-Nord, Lebanon")]
    path = write(tmp_path / "x.export.CSV", rows)
    con = ibis.duckdb.connect()
    expr = events_query(export_table(con, path), "SY", "2025-03-07", "2025-03-09")
    got = read(expr)
    whole = read(path)
    keep = [r["GLOBALEVENTID"] for r in rows if r["ActionGeo_CountryCode"] == "SY" and "20250307" <= r["SQLDATE"]
            <= "20250309"]
    assert sorted(got.events["id"]) == sorted(keep) and 0 < len(keep) < len(rows)
    mine = whole.events.set_index("id").loc[got.events["id"], ["title", "category", "place", "description"]]
    pd.testing.assert_frame_equal(got.events.set_index("id")[mine.columns], mine)
    # the same expression written for BigQuery: its filter and the columns read
    sql = ibis.to_sql(expr, dialect="bigquery")
    assert "`ActionGeo_CountryCode` = 'SY'" in sql and "20250307" in sql and "`SOURCEURL`" in sql
    assert "`Actor1Geo_FullName`" not in sql
    with pytest.raises(ValueError, match="no column"):
        events_query(ibis.memtable(pd.DataFrame({"a": [1]})))
    with pytest.raises(ValueError, match="after end"):
        events_query(export_table(con, path), start="2025-03-09", end="2025-03-01")


# --- the caveat where readers see it ---------------------------------------------------------------


def test_the_caveat_is_in_the_page_and_the_explorer(sample):
    import html

    from timeline.export import to_html_string
    from timeline.export.page import header_html
    from timeline.widgets import Explorer

    _, tl = sample
    assert S.text(CAVEAT_KEY) == CAVEAT and S.caveats(tl.notes) == [CAVEAT_KEY]
    page = to_html_string(tl)
    header = page.split("<header", 1)[1].split("</header>", 1)[0]
    assert html.escape(CAVEAT) in header
    assert html.escape(S.text(CAVEAT_KEY, "ar")) in header_html(tl, None, "ar")
    assert html.escape(CAVEAT) in Explorer(tl).summary.value
    assert "caveat" not in header_html(dataclasses.replace(tl, notes=()), None)  # only where the notes hold it


def test_the_command_line_reads_converts_and_exports(sample, tmp_path, capsys):
    path, tl = sample
    assert main(["validate", "--format", "gdelt", str(path)]) == 0
    out = capsys.readouterr()
    assert f"{len(tl)} events" in out.out and CAVEAT in out.err
    assert main(["export", "--format", "gdelt", str(path), "-o", str(tmp_path / "g.html")]) == 0
    assert (tmp_path / "g.html").stat().st_size > 0
    assert main(["validate", "--format", "gdelt", str(path), "--date-format", "dmy"]) == 2
    pytest.importorskip("duckdb")
    assert main(["convert", str(path), str(tmp_path / "g.parquet"), "--format", "gdelt"]) == 0
    assert len(timeline.scan(tmp_path / "g.parquet", format="gdelt")) == len(tl)


def test_the_page_shows_the_caveat_in_both_languages(sample, tmp_path):
    from browser import browser, guard
    from timeline.export import write_html

    _, tl = sample
    path = write_html(tl, tmp_path / "gdelt.html")
    with browser() as b:
        page = b.new_page()
        blocked, errors = guard(page)
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready='1']", timeout=60_000)
        assert page.text_content(".page-header .caveat") == CAVEAT
        page.click("#f-lang")
        page.wait_for_function("(t) => document.querySelector('.page-header .caveat').textContent === t",
                               arg=S.text(CAVEAT_KEY, "ar"), timeout=10_000)
        assert not blocked and not errors


def test_synthetic_gdelt_rows_read_back(tmp_path):
    from timeline.synthetic import generate_gdelt, write_gdelt

    df = generate_gdelt(400, seed=3)
    assert list(df.columns) == list(GDELT_NAMES) and df.equals(generate_gdelt(400, seed=3))
    tl = read(write_gdelt(df, tmp_path / "syn.export.CSV"))
    assert len(tl) == 400 and tl.row_counts["rows"] == 400 and (tl.events["confidence"] == "low").all()
    assert (tl.events["place"] == UNPLACED).any() and tl.sources["url"].str.startswith("https://example.org/").all()
