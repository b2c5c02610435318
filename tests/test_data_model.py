"""The shipped data loads, with the right types, and its references resolve."""

from __future__ import annotations

import pandas as pd
import pytest

import timeline
from timeline.schema import CATEGORIES, TABLES


def test_shipped_data_is_valid_and_covers_the_period(tl):
    assert len(tl) >= 35
    first, last = tl.span
    assert first == pd.Timestamp("2024-11-27")
    assert last <= pd.Timestamp("2025-03-31")
    assert len(tl.reporters) >= 2
    assert {"SOHR", "SNHR", "OHCHR"} <= set(tl.reporters)


def test_every_event_and_figure_is_sourced(tl):
    cited = set(tl.event_sources["event_id"])
    assert set(tl.events["id"]) == cited
    assert set(tl.report_sources["report_id"]) == set(tl.casualty_reports["id"])
    assert (tl.casualty_reports["sources"] != "").all()
    urls = tl.sources["url"]
    assert (urls.str.match(r"^https?://\S+$") | (urls == "")).all()
    assert (tl.sources.loc[urls == "", "notes"] != "").all()  # a source with no address says why


def test_the_registry_holds_exactly_the_cited_sources(tl):
    cited = set(tl.event_sources["source_id"]) | set(tl.report_sources["source_id"])
    assert cited == set(tl.sources["id"])


def test_counts_match_the_files(tl):
    from conftest import DATA, read_rows

    for attr, file in (("events", "events.csv"), ("casualty_reports", "casualty_reports.csv"),
                       ("sources", "sources.csv"), ("places", "places.csv"), ("actor_table", "actors.csv")):
        _, rows = read_rows(DATA, file)
        assert len(getattr(tl, attr)) == len(rows), file
    assert f"{len(tl)} events" in repr(tl) and f"{len(tl.sources)} sources" in repr(tl)


def test_report_sources_link_table(tl):
    rs = tl.report_sources
    assert list(rs.columns) == ["report_id", "source_id"]
    assert "source" not in tl.casualty_reports
    first = tl.casualty_reports.iloc[0]
    assert rs.loc[rs["report_id"] == first["id"], "source_id"].tolist() == first["sources"].split(";")


def test_actors_are_a_vocabulary(tl):
    at, ea = tl.actor_table, tl.event_actors
    assert list(ea.columns) == ["event_id", "actor", "actor_id"]
    assert set(ea["actor_id"]) <= set(at["id"])
    assert at["kind"].notna().all()
    names = at.set_index("id")["name"]
    assert (ea["actor"] == ea["actor_id"].map(names)).all()  # the display name, for charts and filters
    assert tl.actors == sorted(set(ea["actor"]))
    # the interior ministry is one actor; participants, news agencies and victims are not actors
    assert (at["name"].str.contains("Interior Ministry")).sum() == 1
    for name in ("~600 participants", "RIA Novosti", "TASS", "Alawite residents", "unidentified victims"):
        assert name not in set(ea["actor"])


def test_definitions_hold_in_the_shipped_data(tl):
    ev = tl.events
    approx = ev["date_precision"] == "approximate"
    assert ev.loc[approx, "end"].notna().all()
    assert ev.set_index("id").loc["2025-03-06-huweija-arrested", "category"] == "political"
    protests = tl.event("2024-12-25-alawite-protests-homs-curfew")
    assert (protests["start"], protests["end"]) == (pd.Timestamp("2024-12-24"), pd.Timestamp("2024-12-25"))


def test_dtypes(tl):
    ev = tl.events
    assert ev["start"].dtype.kind == "M" and ev["end"].dtype.kind == "M" and ev["span_end"].dtype.kind == "M"
    assert isinstance(ev["category"].dtype, pd.CategoricalDtype)
    assert list(ev["category"].cat.categories) == list(CATEGORIES)
    assert ev["confidence"].cat.ordered
    assert ev["confidence"].min() == "low" and ev["confidence"].max() == "high"
    cr = tl.casualty_reports
    for col in ("killed_total", "killed_civilians", "killed_government", "killed_loyalists"):
        assert str(cr[col].dtype) == "Int64"
    assert cr["published"].dtype.kind == "M"
    assert tl.places["lat"].dtype == "float64"


def test_blank_count_is_not_zero(tl):
    cr = tl.casualty_reports
    # SNHR's preliminary report gives a total but no civilian split: the split is unknown, not 0.
    snhr = cr[(cr["reported_by"] == "SNHR") & (cr["tally"] == "running")].iloc[0]
    assert snhr["killed_total"] == 803
    assert pd.isna(snhr["killed_civilians"])


def test_fact_checked_figures(tl):
    cr = tl.casualty_reports.set_index("id")
    snhr = cr.loc["snhr-2025-03-11-803"]
    assert snhr["qualifier"] == "at_least" and "armed groups" in snhr["scope"]
    parts = cr[(cr["reported_by"] == "SNHR") & (cr["tally"] == "part")]
    assert sorted(parts["killed_total"].tolist()) == [172, 211, 420]
    first = cr.loc["sohr-2024-11-28-132"]
    assert first["published"] == pd.Timestamp("2024-11-28") and first["killed_total"] == 132
    assert cr.loc["ohchr-2025-03-11-111", "qualifier"] == "at_least"
    # NBC's own "at least 400" is NBC's, not SOHR's, and stays out of SOHR's series
    assert cr.loc["nbc-2025-03-08-400", "reported_by"] == "NBC News"
    assert not ((cr["reported_by"] == "SOHR") & (cr["killed_total"] == 400)).any()
    # totals that add the security source's 231 say so
    assert cr.loc["sohr-2025-03-09-1311", "includes"] == "security-source-2025-03-09-231"
    assert cr.loc["afp-2025-03-10-1500", "reported_by"] == "AFP"
    assert cr.loc["interior-ministry-2024-12-25-14", "wounded"] == 10


def test_lower_bounds_are_kept(tl):
    cr = tl.casualty_reports
    sohr_1500 = cr[(cr["reported_by"] == "SOHR") & (cr["killed_civilians"] == 1500)]
    assert len(sohr_1500) == 1
    assert sohr_1500["qualifier"].iloc[0] == "at_least"


def test_references_resolve(tl):
    ev = tl.events.iloc[0]
    src = tl.sources_of(ev["id"])
    assert len(src) >= 1 and src["url"].str.startswith("http").all()
    places = tl.places_of(ev["id"])
    assert len(places) >= 1
    assert set(tl.event_places["place_id"]) <= set(tl.places["id"])
    assert set(tl.report_sources["source_id"]) <= set(tl.sources["id"])
    linked = tl.casualty_reports["event"][tl.casualty_reports["event"] != ""]
    assert set(linked) <= set(tl.events["id"])


def test_arabic_names_present(tl):
    latakia = tl.places.set_index("id").loc["latakia"]
    assert latakia["name_ar"] == "اللاذقية"


def test_unknown_event_id_is_a_clear_key_error(tl):
    with pytest.raises(KeyError, match="no event with id 'nope'"):
        tl.sources_of("nope")


def test_repr_and_summary_are_readable(tl):
    r = repr(tl)
    assert f"{len(tl)} events" in r and "27 Nov 2024" in r
    s = tl.summary()
    assert "SOHR" in s and "sources" in s


def test_month_precision_event_spans_its_month(tmp_path, data_copy):
    from conftest import read_rows, write_rows

    header, rows = read_rows(data_copy, "events.csv")
    rows[0]["start"], rows[0]["end"], rows[0]["date_precision"] = "2025-02", "", "month"
    write_rows(data_copy, "events.csv", header, rows)
    tl = timeline.load(data_copy)
    ev = tl.event(rows[0]["id"])
    assert ev["start"] == pd.Timestamp("2025-02-01")
    assert ev["span_end"] == pd.Timestamp("2025-02-28")
    assert ev["date_precision"] == "month"


def test_shipped_files_have_every_dictionary_column_in_order():
    from conftest import DATA, read_rows

    for table in TABLES.values():
        header, _ = read_rows(DATA, table.file)
        assert header == table.column_names, table.file
