"""Exports (timeline.formats): TimelineJS3 JSON, CSV and GeoJSON, and their atomic writers."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import timeline
from timeline import formats
from timeline.io import read_acled
from test_io import write_acled

EVENTS = [
    {"id": "e-day", "start": "2025-03-06", "title": "Ambush near Jableh", "place": "latakia",
     "sources": "src-a;src-b"},
    {"id": "e-span", "start": "2025-03-06", "end": "2025-03-08", "category": "violence_against_civilians",
     "place": "baniyas;latakia"},
    {"id": "e-approx", "start": "2025-03-07", "end": "2025-03-09", "date_precision": "approximate",
     "notes": "Sources differ by a day."},
    {"id": "e-month", "start": "2025-02", "date_precision": "month", "category": "political",
     "place": "syrian-coast"},
]


@pytest.fixture
def small(make_timeline):
    return make_timeline(events=EVENTS)


# --- TimelineJS ---------------------------------------------------------------------------------


def test_timelinejs_has_the_structure_timelinejs_reads(small):
    doc = formats.to_timelinejs(small)
    assert doc["title"]["text"]["headline"]
    assert len(doc["events"]) == len(small)
    for slide in doc["events"]:
        assert isinstance(slide["start_date"]["year"], (int, str))
        assert isinstance(slide["text"]["headline"], str) and slide["text"]["headline"]
        assert slide["unique_id"] and slide["group"]
    ev = {s["unique_id"]: s for s in doc["events"]}
    assert ev["e-day"]["start_date"] == {"year": 2025, "month": 3, "day": 6}
    assert "end_date" not in ev["e-day"] and "display_date" not in ev["e-day"]
    assert ev["e-span"]["end_date"] == {"year": 2025, "month": 3, "day": 8}
    assert ev["e-span"]["group"] == "Violence against civilians"
    assert ev["e-approx"]["display_date"] == "7–9 March 2025 (exact day not known)"
    assert ev["e-month"]["start_date"] == {"year": 2025, "month": 2}  # no day for a month
    assert "location" not in ev["e-month"]  # the Syrian coast has no coordinates
    assert ev["e-day"]["location"] == {"lat": 35.53125, "lon": 35.79088, "name": "Latakia"}
    assert ev["e-span"]["location"]["name"] == "Baniyas"  # its first place with coordinates
    assert "Sources differ by a day." in ev["e-approx"]["text"]["text"]
    eras = doc["eras"]
    assert [e["text"]["headline"] for e in eras] == ["Before", "Clashes"]
    assert eras[1]["start_date"] == {"year": 2025, "month": 3, "day": 6}
    assert eras[1]["end_date"] == {"year": 2025, "month": 3, "day": 10}


def test_timelinejs_sources_are_named_and_linked(small):
    text = {s["unique_id"]: s["text"]["text"] for s in formats.to_timelinejs(small)["events"]}["e-day"]
    assert ('Sources: <a href="https://example.org/a" target="_blank" rel="noopener noreferrer">Agency A – '
            '[report A]</a>; <a href="https://example.org/b"') in text


def test_timelinejs_escapes_data_and_links_only_http(make_timeline):
    tl = make_timeline(
        events=[{"id": "e1", "start": "2025-03-06", "title": "<img src=x onerror=alert(1)>",
                 "description": "Hello <script>alert('x')</script> & bye", "sources": "evil;good"}],
        sources=[
            {"id": "evil", "publisher": "Evil <b>Co</b>", "title": "[x]", "url": "https://example.org/x",
             "published": "", "notes": ""},
            {"id": "good", "publisher": "Good", "title": "[y]", "url": "https://example.org/y", "published": "",
             "notes": ""},
        ],
    )
    # A javascript: address cannot get past the loader's URL check, so put one in afterwards,
    # as a filtered or hand-built Timeline could hold it.
    sources = tl.sources.copy()
    sources.loc[sources["id"] == "evil", "url"] = "javascript:alert(1)"
    from dataclasses import replace

    tl = replace(tl, sources=sources)
    slide = formats.to_timelinejs(tl)["events"][0]
    text, head = slide["text"]["text"], slide["text"]["headline"]
    assert "<script" not in text and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; bye" in text
    assert 'href="javascript' not in text and "Evil &lt;b&gt;Co&lt;/b&gt; – [x]" in text
    assert '<a href="https://example.org/y"' in text
    assert head == "&lt;img src=x onerror=alert(1)&gt;"


@pytest.fixture
def shipped(request):
    """The shipped data (conftest's ``tl``), once data/ is in the checkout."""
    if not (timeline.bundled_data_dir() / "events.csv").is_file():
        pytest.skip("the shipped data (data/events.csv) is not in this checkout yet")
    return request.getfixturevalue("tl")


def test_timelinejs_on_the_shipped_data_has_one_slide_per_event(shipped):
    tl = shipped
    doc = formats.to_timelinejs(tl)
    assert [s["unique_id"] for s in doc["events"]] == tl.events["id"].tolist()
    assert len(doc["eras"]) == len(tl.phases)
    json.dumps(doc, allow_nan=False)


def test_timelinejs_of_an_acled_file_with_blank_urls(tmp_path):
    tl = read_acled(write_acled(tmp_path / "a.csv", {"time_precision": "3"}, {"notes": "<b>bold</b>"}))
    doc = formats.to_timelinejs(tl)
    assert "<a " not in json.dumps(doc)
    assert doc["events"][0]["start_date"] == {"year": 2025, "month": 3}
    text = doc["events"][1]["text"]["text"]
    assert "Sources: Syrian Observatory for Human Rights – [source as given by ACLED]" in text
    assert "&lt;b&gt;bold&lt;/b&gt;" in text


def test_a_filtered_timeline_exports_only_its_events(small):
    doc = formats.to_timelinejs(small.subset(event_ids=["e-month"]))
    assert [s["unique_id"] for s in doc["events"]] == ["e-month"]


# --- GeoJSON --------------------------------------------------------------------------------------


def test_geojson_one_point_per_event_place_with_coordinates(small):
    gj = formats.to_geojson(small)
    assert gj["type"] == "FeatureCollection"
    ep = small.event_places.merge(small.places, left_on="place_id", right_on="id")
    assert len(gj["features"]) == int(ep["lat"].notna().sum()) == 4
    assert [f["id"] for f in gj["features"]] == ["e-day/latakia", "e-span/baniyas", "e-span/latakia",
                                                  "e-approx/latakia"]
    f = gj["features"][0]
    assert f["geometry"] == {"type": "Point", "coordinates": [35.79088, 35.53125]}  # lon, lat
    assert f["properties"]["start"] == "2025-03-06" and f["properties"]["end"] is None
    assert gj["properties"]["not_placed"] == ["e-month"]
    assert gj["properties"]["places_without_coordinates"] == ["syrian-coast"]


# --- CSV ------------------------------------------------------------------------------------------


def test_csv_flattens_places_and_sources(small, tmp_path):
    path = formats.to_csv(small, tmp_path / "events.csv")
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert df["id"].tolist() == small.events["id"].tolist()
    row = df.set_index("id")
    assert row.loc["e-month", "start"] == "2025-02" and row.loc["e-month", "span_end"] == "2025-02-28"
    assert row.loc["e-span", "place_names"] == "Baniyas; Latakia"
    assert row.loc["e-span", "lat"] == "35.18188"
    assert row.loc["e-month", "lat"] == ""
    assert row.loc["e-day", "source_urls"] == "https://example.org/a; https://example.org/b"


def test_csv_of_acled_data_with_blank_urls(tmp_path):
    tl = read_acled(write_acled(tmp_path / "a.csv", {}, {"source": "SANA"}))
    df = pd.read_csv(formats.to_csv(tl, tmp_path / "out.csv"), dtype=str, keep_default_na=False)
    assert df["source_urls"].tolist() == ["", ""]
    assert df["source_publishers"].tolist() == ["Syrian Observatory for Human Rights", "SANA"]
    assert df["fatalities"].tolist() == ["3", "3"]


# --- writing --------------------------------------------------------------------------------------

WRITERS = [
    ("timelinejs", formats.write_timelinejs),
    ("geojson", formats.write_geojson),
    ("csv", formats.to_csv),
]


@pytest.mark.parametrize("name,write", WRITERS)
def test_writers_are_deterministic(small, tmp_path, name, write):
    a, b = write(small, tmp_path / "a.out"), write(small, tmp_path / "b.out")
    assert a.read_bytes() == b.read_bytes()
    if name != "csv":
        text = a.read_text(encoding="utf-8")
        assert json.loads(text)
        doc = json.loads(text)
        assert list(doc) == sorted(doc)


@pytest.mark.parametrize("name,write", WRITERS)
def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(small, tmp_path, monkeypatch, name, write):
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "out.json"
    path.write_text("old content", encoding="utf-8")

    def broken(obj, fh, *a, **k):
        fh.write('{"partial": ')
        raise RuntimeError("disk full")

    def broken_csv(df, fh, *a, **k):
        fh.write("id,start\npartial")
        raise RuntimeError("disk full")

    monkeypatch.setattr(formats.json, "dump", broken)
    monkeypatch.setattr(formats, "_write_csv", broken_csv)
    with pytest.raises(RuntimeError, match="disk full"):
        write(small, path)
    assert path.read_text(encoding="utf-8") == "old content"
    assert [p.name for p in folder.iterdir()] == ["out.json"]


def test_an_unserialisable_value_fails_before_replacing(small, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "gj.json"
    formats.write_geojson(small, path)
    before = path.read_bytes()
    places = small.places.copy()
    places["lat"] = places["lat"].where(places["id"] != "latakia", float("inf"))
    from dataclasses import replace

    with pytest.raises(ValueError):
        formats.write_geojson(replace(small, places=places), path)  # inf is not JSON
    assert path.read_bytes() == before
    assert [p.name for p in folder.iterdir()] == ["gj.json"]


def test_written_files_are_readable_by_others(small, tmp_path):
    path = formats.write_timelinejs(small, tmp_path / "t.json")
    assert path.stat().st_mode & 0o044  # not left private like a temporary file
    assert json.loads(path.read_text(encoding="utf-8"))["events"]


def test_shipped_data_exports(shipped, tmp_path):
    tl = shipped
    gj = formats.to_geojson(tl)
    placed = {f["properties"]["event_id"] for f in gj["features"]}
    assert placed.isdisjoint(gj["properties"]["not_placed"])
    assert placed | set(gj["properties"]["not_placed"]) == set(tl.events["id"])
    df = pd.read_csv(formats.to_csv(tl, tmp_path / "tl.csv"), dtype=str, keep_default_na=False)
    assert df["id"].tolist() == tl.events["id"].tolist()


def test_csv_quotes_commas_quotes_and_newlines(make_timeline, tmp_path):
    text = 'He said "stop", then\nleft; جبلة'
    tl = make_timeline(events=[{"id": "e1", "start": "2025-03-06", "description": text}])
    df = pd.read_csv(formats.to_csv(tl, tmp_path / "q.csv"), dtype=str, keep_default_na=False)
    assert df["description"].tolist() == [text]
    assert df["end"].tolist() == [""] and df["lat"].tolist() == ["35.53125"]
