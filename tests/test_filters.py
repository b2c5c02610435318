"""Filters select what a user asked for, round-trip through a dict, and never change the input."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pandas as pd
import pytest

from timeline.filters import Filters, apply_filters

EVENTS = [
    {"id": "e1", "start": "2025-03-05", "category": "political", "title": "Decree in Latakia",
     "actors": "Presidency", "confidence": "high", "sources": "src-a;src-b"},
    {"id": "e2", "start": "2025-03-07", "end": "2025-03-09", "category": "violence_against_civilians",
     "title": "Killings reported", "description": "SOHR reported killings.", "place": "baniyas",
     "actors": "Armed groups;Security forces", "confidence": "medium", "sources": "src-b"},
    {"id": "e3", "start": "2025-03-11", "category": "military", "place": "latakia;baniyas",
     "actors": "Security forces", "confidence": "low", "notes": "Date disputed"},
    {"id": "e4", "start": "2025-02", "date_precision": "month", "category": "humanitarian",
     "place": "syrian-coast", "actors": "", "confidence": "high", "sources": "src-a;src-b"},
]
REPORTS = [
    {"id": "r1", "reported_by": "SOHR", "published": "2025-03-07", "killed_total": "50"},
    {"id": "r2", "reported_by": "SNHR", "published": "2025-03-11", "killed_total": "80", "source": "src-b"},
    {"id": "r3", "reported_by": "SOHR", "published": "2025-03-08", "killed_civilians": "9",
     "tally": "incident", "event": "e2"},
]


@pytest.fixture
def small(make_timeline):
    return make_timeline(EVENTS, REPORTS)


def ids(tl):
    return sorted(tl.events["id"])


def test_no_filters_keep_everything(small):
    assert apply_filters(small, Filters()) is small
    assert apply_filters(small, None) is small


def test_date_range_keeps_overlapping_spans(small):
    view = apply_filters(small, Filters(start="2025-03-08", end="2025-03-10"))
    assert ids(view) == ["e2"]  # 7–9 March overlaps; 5 and 11 March do not
    assert sorted(view.casualty_reports["id"]) == ["r3"]  # published in range, its event kept


def test_month_only_event_kept_when_its_month_overlaps(small):
    assert ids(apply_filters(small, Filters(start="2025-02-20", end="2025-03-01"))) == ["e4"]
    assert "e4" not in ids(apply_filters(small, Filters(start="2025-03-01")))


def test_categories_and_confidence(small):
    assert ids(apply_filters(small, Filters(categories=["violence_against_civilians"]))) == ["e2"]
    assert ids(apply_filters(small, Filters(min_confidence="medium"))) == ["e1", "e2", "e4"]
    assert ids(apply_filters(small, Filters(min_confidence="high"))) == ["e1", "e4"]


def test_actors_and_places_match_any(small):
    assert ids(apply_filters(small, Filters(actors=["Security forces"]))) == ["e2", "e3"]
    assert ids(apply_filters(small, Filters(places=["latakia"]))) == ["e1", "e3"]


def test_text_searches_titles_descriptions_notes_and_place_names(small):
    assert ids(apply_filters(small, Filters(text="sohr"))) == ["e2"]
    assert ids(apply_filters(small, Filters(text="DISPUTED"))) == ["e3"]
    assert ids(apply_filters(small, Filters(text="Baniyas"))) == ["e2", "e3"]
    assert ids(apply_filters(small, Filters(text="baniyas killings"))) == ["e2"]
    assert ids(apply_filters(small, Filters(text="<script>"))) == []


def test_reporters_filter_only_casualty_figures(small):
    view = apply_filters(small, Filters(reporters=["SNHR"]))
    assert list(view.casualty_reports["reported_by"].unique()) == ["SNHR"]
    assert len(view) == len(small)


def test_sources_and_places_are_narrowed_to_what_is_used(small):
    view = apply_filters(small, Filters(categories=["violence_against_civilians"], reporters=["SOHR"]))
    assert set(view.places["id"]) == {"baniyas"}
    assert set(view.sources["id"]) == {"src-a", "src-b"}  # src-b from e2, src-a from SOHR's figure
    assert set(view.event_actors["event_id"]) == {"e2"}


def test_input_is_not_changed(small):
    before = small.events.copy(deep=True), small.casualty_reports.copy(deep=True)
    apply_filters(small, Filters(start="2025-03-08", text="killings", reporters=["SOHR"]))
    pd.testing.assert_frame_equal(before[0], small.events)
    pd.testing.assert_frame_equal(before[1], small.casualty_reports)


def test_round_trip_through_json(small):
    f = Filters(start="2025-03-06", end="2025-03-10", categories=["military"], actors=["Presidency"],
                places=["latakia"], reporters=["SOHR"], min_confidence="medium", text="Jableh")
    data = json.loads(json.dumps(f.to_dict()))
    assert Filters.from_dict(data) == f
    assert ids(apply_filters(small, data)) == ids(apply_filters(small, f))


def test_bad_filters_are_clear_errors():
    with pytest.raises(ValueError, match="unknown category 'riot'"):
        Filters(categories=["riot"])
    with pytest.raises(ValueError, match=r"unknown confidence level 'certain' in filters.min_confidence \(expected one of: low, medium, high\)"):
        Filters(min_confidence="certain")
    with pytest.raises(ValueError, match="unknown filter 'categorys'"):
        Filters.from_dict({"categorys": ["military"]})


def test_on_shipped_data_civilian_killings_in_march(tl):
    view = apply_filters(tl, Filters(start="2025-03-06", end="2025-03-10",
                                     categories=["violence_against_civilians"]))
    assert len(view) >= 3
    assert (view.events["category"] == "violence_against_civilians").all()
    assert (view.events["span_end"] >= pd.Timestamp("2025-03-06")).all()


# --- the dimensions -----------------------------------------------------------------------------

from timeline.filters import DIMENSIONS, UnknownFilterValue, check_known, dimension, page_controls  # noqa: E402


def test_filters_has_one_field_per_field_of_the_dimensions():
    assert [f.name for f in dataclasses.fields(Filters)] == [k for d in DIMENSIONS for k in d.fields]
    assert [d.name for d in DIMENSIONS] == ["dates", "categories", "actors", "places", "reporters", "confidence", "text"]
    assert dimension("min_confidence") is dimension("confidence")


def test_every_kernel_exists_on_the_index(small):
    from timeline.index import index_of

    ix = index_of(small)
    for d in DIMENSIONS:
        for k in (d.kernel, d.report_kernel):
            assert k is None or callable(getattr(ix, k)), (d.name, k)
        assert d.kernel or d.report_kernel


def test_options_come_from_the_timeline_with_counts(small):
    places = dict((v, (label, n)) for label, v, n in dimension("places").options(small))
    assert places["latakia"] == ("Latakia · اللاذقية", 2)
    actors = dimension("actors").options(small)
    assert actors[0] == ("Security forces", "Security forces", 2)  # the most used first
    assert [v for _, v, _ in dimension("reporters").options(small)] == ["SOHR", "SNHR"]
    cats = dimension("categories").options(small)
    assert ("Violence against civilians", "violence_against_civilians", 1) in cats
    assert [n for _, _, n in dimension("confidence").options(small)] == [4, 3, 2]


def test_category_labels_are_the_charts_labels(small):
    from timeline.charts.theme import CATEGORY_LABELS

    assert {v: lab for lab, v, _ in dimension("categories").options(small)} == CATEGORY_LABELS


def test_page_controls_are_plain_json(small):
    controls = page_controls(small)
    assert json.loads(json.dumps(controls)) == controls
    assert [c["name"] for c in controls] == [d.name for d in DIMENSIONS]
    places = next(c for c in controls if c["name"] == "places")
    assert {"label": "Latakia · اللاذقية", "value": "latakia", "count": 2} in places["options"]


def test_an_unknown_value_names_it_and_the_closest_known(small):
    with pytest.raises(UnknownFilterValue, match=r"unknown place id 'latakya' in filters.places \(closest known: 'latakia'\)"):
        apply_filters(small, Filters(places=["latakya"]))
    with pytest.raises(UnknownFilterValue) as err:
        check_known(small, {"actors": ["security forces"]})
    assert err.value.dimension == "actors" and err.value.closest[0] == "Security forces"
    with pytest.raises(UnknownFilterValue, match="unknown reporter 'Nobody'.*expected one of: SNHR, SOHR"):
        check_known(small, Filters(reporters=["Nobody"]))
    assert isinstance(err.value, ValueError)


def test_text_matches_arabic_place_names_and_actor_names(small):
    assert ids(apply_filters(small, Filters(text="اللاذقية"))) == ["e1", "e3"]
    assert ids(apply_filters(small, Filters(text="اللاذقيه"))) == ["e1", "e3"]  # taa marbuta as haa
    assert ids(apply_filters(small, Filters(text="الساحل"))) == ["e4"]
    assert ids(apply_filters(small, Filters(text="armed GROUPS"))) == ["e2"]  # an actor's name
    assert ids(apply_filters(small, Filters(text="presidency baniyas"))) == []


def test_reporters_narrow_the_figures_counted_not_the_events(small):
    from timeline.views import select

    sel = select(small, Filters(reporters=["SOHR"]))
    assert sel.n == len(small) and sel.n_reports == 2


@pytest.fixture(scope="module")
def acled(tmp_path_factory):
    from timeline.io import read_acled
    from timeline.synthetic import generate_acled, write_acled

    path = tmp_path_factory.mktemp("acled") / "acled.csv"
    write_acled(generate_acled(3000, seed=5), path)
    return read_acled(path, progress=False)


def test_text_search_on_many_events_reads_every_text_normalised(acled):
    """Against a plain reading: each word, normalised, in the normalised title, description,
    notes, place names (English and Arabic) or actor names."""
    from timeline.search import normalize, words

    ev = acled.events
    places = acled.places.set_index("id")
    ep = acled.event_places
    names = ep["place_id"].map(places["name"]).fillna("") + "\n" + ep["place_id"].map(places["name_ar"]).fillna("")
    place_text = ep.assign(t=names).groupby("event_id")["t"].agg("\n".join)
    actor_text = acled.event_actors.groupby("event_id")["actor"].agg("\n".join)
    hay = [normalize("\n".join(p)) for p in zip(ev["title"], ev["description"], ev["notes"],
                                                 ev["id"].map(place_text).fillna(""), ev["id"].map(actor_text).fillna(""))]
    arabic = next(w for h in hay for w in h.split() if not w.isascii() and len(w) > 3)
    queries = ["(2016-)", "nu'man", "a.b", "IDLEB", "killed", "kill", arabic, arabic.replace("ا", "أ") + " killed",
               "zzzz", "e"]
    for q in queries:
        expect = sorted(ev["id"][np.array([all(w in h for w in words(q)) for h in hay])])
        assert ids(apply_filters(acled, Filters(text=q))) == expect, q
    for q in queries:  # a second time, from what the index kept, and within other filters
        f = Filters(text=q, categories=["military"])
        keep = np.array([all(w in h for w in words(q)) for h in hay]) & (ev["category"] == "military").to_numpy()
        expect = sorted(ev["id"][keep])
        assert ids(apply_filters(acled, f)) == expect, q


def test_a_figure_about_one_incident_follows_its_event_dates_not_its_publication():
    """A date range that keeps an event keeps the figures about that one incident, even when they
    were published later (ACLED's upload timestamps, a toll published days after); running tallies
    stay dated by their publication."""
    import timeline

    tl = timeline.load()
    cr, ev = tl.casualty_reports, tl.events.set_index("id")
    incident = cr[(cr["tally"] == "incident") & (cr["event"] != "")]
    late = incident[incident["published"] > incident["event"].map(ev["span_end"])]
    assert len(late), "the bundled data has incident figures published after their event"
    for _, r in late.iterrows():
        e = ev.loc[r["event"]]
        view = apply_filters(tl, Filters(start=e["start"], end=e["span_end"]))
        assert r["event"] in set(view.events["id"]) and r["id"] in set(view.casualty_reports["id"])
    running = cr[cr["tally"] == "running"].iloc[0]
    day = running["published"]
    before = apply_filters(tl, Filters(end=day - pd.Timedelta(days=1)))
    assert running["id"] not in set(before.casualty_reports["id"])
