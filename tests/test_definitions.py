"""The data's own definitions, enforced when a folder is loaded: what `high` confidence needs,
approximate dates with their window, actors as a vocabulary, and casualty figures with all their
sources. Each test writes a small folder of CSV files and loads it through ``timeline.load``."""

from __future__ import annotations

import pandas as pd
import pytest

import timeline
from conftest import write_dataset, write_rows
from timeline.schema import TABLES
from timeline.series import toll_figures

SOURCES = [
    {"id": "afp-1", "publisher": "AFP (via Site One)", "origin": "AFP", "title": "[AFP copy one]",
     "url": "https://example.org/1", "published": "", "notes": ""},
    {"id": "afp-2", "publisher": "AFP (via Site Two)", "origin": "AFP", "title": "[AFP copy two]",
     "url": "https://example.org/2", "published": "", "notes": ""},
    {"id": "reuters-1", "publisher": "Reuters", "origin": "", "title": "[Reuters report]",
     "url": "https://example.org/3", "published": "", "notes": ""},
    {"id": "tass-1", "publisher": "TASS", "origin": "", "title": "[TASS report]", "url": "",
     "published": "2025-03-09", "notes": "Named by the reference, no address."},
    {"id": "src-a", "publisher": "Agency A", "origin": "", "title": "[report A]", "url": "https://example.org/a",
     "published": "", "notes": ""},  # the default source of the hand-made rows
]
ACTORS = [
    {"id": "general-security", "name": "General Security", "name_ar": "الأمن العام", "kind": "state_body",
     "aliases": "Public Security; GS", "notes": ""},
    {"id": "sohr", "name": "Syrian Observatory for Human Rights", "name_ar": "", "kind": "organisation",
     "aliases": "SOHR", "notes": ""},
]


def load(tmp_path, events, reports=(), **tables):
    tables.setdefault("sources", SOURCES)
    return timeline.load(write_dataset(tmp_path / "data", events, reports, **tables))


def problems(tmp_path, events, reports=(), **tables) -> str:
    with pytest.raises(timeline.TimelineDataError) as err:
        load(tmp_path, events, reports, **tables)
    return str(err.value)


# --- confidence ---------------------------------------------------------------------------------

def test_high_with_one_source_is_an_error(tmp_path):
    msg = problems(tmp_path, [{"id": "e1", "start": "2025-03-06", "sources": "reuters-1", "confidence": "high"}])
    assert ("events.csv:2: column 'confidence': 'high' needs at least two independent sources (different "
            "origin in sources.csv); this row cites only Reuters (expected medium or low") in msg
    assert msg.endswith("(got 'high')")


def test_copies_of_one_agency_are_one_source(tmp_path):
    msg = problems(tmp_path, [{"id": "e1", "start": "2025-03-06", "sources": "afp-1;afp-2", "confidence": "high"}])
    assert "this row cites only AFP" in msg


def test_high_with_two_origins_loads(tmp_path):
    tl = load(tmp_path, [{"id": "e1", "start": "2025-03-06", "sources": "afp-1;reuters-1", "confidence": "high"},
                         {"id": "e2", "start": "2025-03-07", "sources": "afp-2;tass-1", "confidence": "high"}])
    assert (tl.events["confidence"] == "high").all()


def test_a_figure_marked_high_needs_two_origins_too(tmp_path):
    events = [{"id": "e1", "start": "2025-03-06", "sources": "afp-1"}]
    msg = problems(tmp_path, events, [
        {"id": "r1", "reported_by": "SOHR", "published": "2025-03-08", "killed_total": "5",
         "sources": "afp-1;afp-2", "confidence": "high"},
        {"id": "r2", "reported_by": "SOHR", "published": "2025-03-09", "killed_total": "7",
         "sources": "afp-1;reuters-1", "confidence": "high"}])
    assert "casualty_reports.csv:2: column 'confidence': 'high' needs at least two independent sources" in msg
    assert "casualty_reports.csv:3:" not in msg


# --- dates --------------------------------------------------------------------------------------

def test_approximate_needs_its_window(tmp_path):
    msg = problems(tmp_path, [{"id": "e1", "start": "2025-03-06", "date_precision": "approximate"}])
    assert "events.csv:2: column 'end': date_precision is 'approximate' but no window is given" in msg
    tl = load(tmp_path / "ok", [{"id": "e1", "start": "2024-12-24", "end": "2024-12-25", "date_precision": "approximate"},
                                {"id": "e2", "start": "2025-03-06", "end": "2025-03-06", "date_precision": "approximate"}])
    assert tl.event("e1")["span_end"] == pd.Timestamp("2024-12-25")


def test_an_approximate_publication_day_is_explained(tmp_path):
    events = [{"id": "e1", "start": "2025-03-06"}]
    msg = problems(tmp_path, events, [{"id": "r1", "reported_by": "SOHR", "published": "2025-03-10",
                                       "published_precision": "approximate", "killed_civilians": "973"}])
    assert "casualty_reports.csv:2: column 'notes': published_precision is 'approximate' but notes are empty" in msg


# --- sources ------------------------------------------------------------------------------------

def test_a_source_without_address_says_why(tmp_path):
    bad = [*SOURCES, {"id": "x", "publisher": "X", "origin": "", "title": "[x]", "url": "", "published": "", "notes": ""}]
    msg = problems(tmp_path, [{"id": "e1", "start": "2025-03-06", "sources": "x"}], sources=bad)
    assert "sources.csv:7: column 'notes': a source without url needs notes" in msg


def test_casualty_figures_cite_all_their_sources(tmp_path):
    tl = load(tmp_path, [{"id": "e1", "start": "2025-03-06", "sources": "afp-1"}], [
        {"id": "r1", "reported_by": "SOHR", "published": "2025-03-08", "killed_total": "5", "wounded": "10",
         "sources": "tass-1;reuters-1", "confidence": "high"},
        {"id": "r2", "reported_by": "Interior ministry", "published": "2025-03-09", "wounded": "3",
         "sources": "afp-2", "tally": "incident", "event": "e1"}])
    assert tl.report_sources.to_dict("list") == {"report_id": ["r1", "r1", "r2"],
                                                 "source_id": ["tass-1", "reuters-1", "afp-2"]}
    assert tl.casualty_reports["sources"].tolist() == ["tass-1;reuters-1", "afp-2"]
    assert tl.casualty_reports["wounded"].tolist() == [10, 3]
    figs = toll_figures(tl)
    assert figs[["report_id", "source", "sources"]].values.tolist() == [["r1", "tass-1", "tass-1;reuters-1"]]
    assert figs["source_url"].tolist() == [""] and figs["source_publisher"].tolist() == ["TASS"]
    # a source cited only by a figure survives pruning, and leaves with the figure
    assert "reuters-1" in set(tl.pruned().sources["id"])
    rest = tl.subset(report_ids=["r2"]).pruned()
    assert set(rest.report_sources["report_id"]) == {"r2"} and "reuters-1" not in set(rest.sources["id"])


def test_totals_that_mix_sources_name_the_reports_they_include(tmp_path):
    events = [{"id": "e1", "start": "2025-03-06"}]
    reports = [{"id": "sec", "reported_by": "Security source", "published": "2025-03-09", "killed_government": "231"},
               {"id": "tot", "reported_by": "SOHR", "published": "2025-03-09", "killed_total": "1311", "includes": "sec"}]
    tl = load(tmp_path, events, reports)
    assert tl.casualty_reports.set_index("id").loc["tot", "includes"] == "sec"


# --- actors -------------------------------------------------------------------------------------

def test_events_name_actors_by_id(tmp_path):
    tl = load(tmp_path, [{"id": "e1", "start": "2025-03-06", "actors": "general-security;sohr"},
                         {"id": "e2", "start": "2025-03-07", "actors": "sohr"}], actors=ACTORS)
    assert tl.event_actors.values.tolist() == [["e1", "General Security", "general-security"],
                                               ["e1", "Syrian Observatory for Human Rights", "sohr"],
                                               ["e2", "Syrian Observatory for Human Rights", "sohr"]]
    assert tl.actors == ["General Security", "Syrian Observatory for Human Rights"]
    assert tl.actor_table["id"].tolist() == ["general-security", "sohr"]
    assert tl.actor_table["kind"].tolist() == ["state_body", "organisation"]
    assert tl.actor_table.set_index("id").loc["general-security", "aliases"] == "Public Security; GS"
    pruned = tl.subset(event_ids=["e2"]).pruned()
    assert pruned.actor_table["id"].tolist() == ["sohr"]


def test_unknown_actor_names_the_closest_ids(tmp_path):
    msg = problems(tmp_path, [{"id": "e1", "start": "2025-03-06", "actors": "general-securty"},
                              {"id": "e2", "start": "2025-03-07", "actors": "SOHR;General Security"},
                              {"id": "e3", "start": "2025-03-08", "actors": "nobody-like-this"}], actors=ACTORS)
    assert ("events.csv:2: column 'actors': unknown id, not in actors.csv; closest known ids: general-security "
            "(got 'general-securty')") in msg
    assert "events.csv:3: column 'actors': unknown id, not in actors.csv; that is the name of 'sohr'" in msg
    assert "that is the name of 'general-security' (expected the id) (got 'General Security')" in msg
    assert "events.csv:4: column 'actors': unknown id, not in actors.csv (got 'nobody-like-this')" in msg
    assert msg.startswith("4 problems found")


def test_actor_kinds_are_a_vocabulary(tmp_path):
    bad = [{**ACTORS[0], "kind": "militia"}, ACTORS[1]]
    msg = problems(tmp_path, [{"id": "e1", "start": "2025-03-06", "actors": "sohr"}], actors=bad)
    assert "actors.csv:2: column 'kind': unknown value (expected one of: state_body, armed_group" in msg


def test_without_actors_csv_actors_are_free_text(tmp_path):
    tl = load(tmp_path, [{"id": "e1", "start": "2025-03-06", "actors": "Security forces; Gunmen"},
                         {"id": "e2", "start": "2025-03-07", "actors": "Gunmen"}])
    assert not (tmp_path / "data" / "actors.csv").exists()
    assert tl.event_actors["actor"].tolist() == tl.event_actors["actor_id"].tolist() == ["Security forces", "Gunmen", "Gunmen"]
    at = tl.actor_table
    assert list(at.columns) == [c.name for c in TABLES["actors"].columns]
    assert at["name"].tolist() == at["id"].tolist() == ["Security forces", "Gunmen"]
    assert at["kind"].isna().all()


def test_an_empty_actors_file_is_reported(tmp_path):
    folder = write_dataset(tmp_path / "data", [{"id": "e1", "start": "2025-03-06", "actors": ""}], sources=SOURCES)
    write_rows(folder, "actors.csv", ["id", "name"], [{"id": "x", "name": "X"}])
    with pytest.raises(timeline.TimelineDataError, match=r"actors.csv:1: column 'kind': missing required column"):
        timeline.load(folder)
