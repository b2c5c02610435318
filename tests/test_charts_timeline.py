"""The timeline, count and overview charts painted from views (timeline.views → timeline.charts).

What the explorer relies on: ``paint(view)`` is valid plotly JSON; every view of one timeline
has the same traces (type and meta, in order) and layout keys, whatever the filters — also when
the timeline switches between per-day density and each event; and the numbers are those of
:mod:`timeline.series` on the filtered timeline (the reference implementation).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

import timeline
from timeline import series as S
from timeline.charts import counts as CC
from timeline.charts import overview as CO
from timeline.charts import timeline as CT
from timeline.filters import Filters, apply_filters
from timeline.views import select
from timeline.views.counts import counts_view
from timeline.views.timeline import timeline_view

LIMIT = 5000


@pytest.fixture(scope="module")
def bundled():
    return timeline.load()


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """20,000 synthetic ACLED events: over the density threshold as a whole."""
    from timeline.io import read_acled
    from timeline.synthetic import generate_acled, write_acled

    path = tmp_path_factory.mktemp("acled") / "acled.csv"
    write_acled(generate_acled(20_000, seed=5), path)
    return read_acled(path)


def _month_timeline(make_timeline):
    """A small hand-made timeline with a month-only event, approximate and multi-day dates."""
    days = pd.date_range("2025-01-01", periods=20, freq="D")
    cats = ["military", "political", "violence_against_civilians"]
    events = [{"id": f"e{i}", "start": f"{days[i % 20]:%Y-%m-%d}", "category": cats[i % 3],
               "end": f"{days[i % 20] + pd.Timedelta(days=2):%Y-%m-%d}" if i % 11 == 0 else "",
               "date_precision": "approximate" if i % 11 == 0 else "day",
               "confidence": ("low", "medium", "high")[i % 3],
               "sources": "src-a;src-b" if i % 3 == 2 else "src-a",  # high: two independent sources
               "actors": "Actor one" if i % 2 else "Actor two;Actor one",
               "place": "latakia" if i % 4 else "baniyas;syrian-coast"} for i in range(60)]
    events.append({"id": "m1", "start": "2025-01", "date_precision": "month", "category": "military"})
    return make_timeline(events)


def structure(spec: dict) -> list:
    return [(t.get("type"), t.get("meta")) for t in spec["data"]]


def layout_keys(spec: dict) -> set:
    return set(spec["layout"])


def annotation(spec: dict, name: str) -> dict:
    (found,) = [a for a in spec["layout"]["annotations"] if a.get("name") == name]
    return found


# --- valid plotly JSON, built without graph_objects ------------------------------------------------

@pytest.mark.parametrize("by", ["category", "actor", "place", "confidence"])
def test_timeline_json_is_a_valid_figure(bundled, by):
    spec = CT.paint(timeline_view(select(bundled), by=by))
    fig = go.Figure(spec)
    assert sum(len(t.x) for t in fig.data if (t.meta or {}).get("role") == "event") >= len(bundled.events)
    assert fig.layout.title.text and fig.layout.yaxis.ticktext


def test_lane_labels_are_readable_in_their_category_colour(bundled):
    """Each category lane's name is in its colour, darkened (same hue) where that colour is too
    light for text on white: a contrast of at least 4.5:1."""
    import colorsys
    import re

    from timeline.charts import theme as T

    def contrast(hex_):
        rgb = [int(hex_[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lum = sum(w * (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
                  for w, c in zip((0.2126, 0.7152, 0.0722), rgb))
        return 1.05 / (lum + 0.05)

    def hue(hex_):
        return colorsys.rgb_to_hls(*[int(hex_[i:i + 2], 16) / 255 for i in (1, 3, 5)])[0]

    ticks = CT.paint(timeline_view(select(bundled), by="category"))["layout"]["yaxis"]["ticktext"]
    colours = [re.search(r"color:(#[0-9A-Fa-f]{6})", t).group(1) for t in ticks]
    assert len(colours) == len(ticks) > 1
    for c in colours:
        assert contrast(c) >= 4.5, c
    for cat, colour in T.CATEGORY_COLORS.items():
        text = T.text_color(colour)
        assert abs(hue(text) - hue(colour)) < 0.02 and (text == colour) == (contrast(colour) >= 4.5)


@pytest.mark.parametrize("freq,by,value", [("D", "category", "count"), ("W", "actor", "share"),
                                           ("D", "place", "count"), ("W", "confidence", "count")])
def test_counts_json_is_a_valid_figure(bundled, freq, by, value):
    fig = go.Figure(CC.paint(counts_view(select(bundled), freq=freq, by=by, value=value)))
    assert fig.layout.barmode == "stack"
    assert all(t.meta["role"] == "count" for t in fig.data)


def test_paint_builds_no_graph_objects(bundled, monkeypatch):
    """The charts write plain JSON: no plotly validation on the explorer's path."""
    def boom(*args, **kwargs):
        raise AssertionError("a chart built a graph object")

    monkeypatch.setattr(go.Figure, "__init__", boom)
    sel = select(bundled, Filters(categories=("military",)))
    CT.paint(timeline_view(sel))
    CC.paint(counts_view(sel))


def test_density_json_is_a_valid_figure_with_the_mode_named(large):
    view = timeline_view(select(large))
    assert view.mode == "density"
    fig = go.Figure(CT.paint(view))
    assert "Density" in [a for a in fig.layout.annotations if a.name == "mode"][0].text


# --- stable structure: the same traces whatever the filters -------------------------------------------

def _filters(tl: timeline.Timeline) -> list[Filters]:
    span = tl.span
    mid = span[0] + (span[1] - span[0]) / 2
    cats = sorted(set(tl.events["category"].astype(str)))
    return [Filters(), Filters(categories=(cats[0],)), Filters(start=mid, end=mid + pd.Timedelta(days=1)),
            Filters(min_confidence="high"), Filters(text="no such words at all"),
            Filters(categories=(cats[-1],), start=span[0], end=span[0] + pd.Timedelta(days=3))]


@pytest.mark.parametrize("by", ["category", "actor", "confidence"])
def test_views_of_the_bundled_timeline_keep_their_structure(bundled, by):
    ref_t = CT.paint(timeline_view(select(bundled), by=by))
    ref_c = CC.paint(counts_view(select(bundled), by=by))
    for f in _filters(bundled):
        sel = select(bundled, f)
        t, c = CT.paint(timeline_view(sel, by=by)), CC.paint(counts_view(sel, by=by))
        assert structure(t) == structure(ref_t), f
        assert structure(c) == structure(ref_c), f
        assert layout_keys(t) == layout_keys(ref_t) and layout_keys(c) == layout_keys(ref_c), f
        assert annotation(t, "empty")["visible"] == (sel.n == 0)


def test_a_large_timeline_switches_between_density_and_each_event_with_one_structure(large):
    ref = CT.paint(timeline_view(select(large), max_markers=LIMIT))
    modes = set()
    views = [select(large, f) for f in _filters(large)]
    views.append(select(large).zoomed((large.span[0], large.span[0] + pd.Timedelta(days=2))))
    for sel in views:
        view = timeline_view(sel, max_markers=LIMIT)
        spec = CT.paint(view)
        modes.add(view.mode)
        assert structure(spec) == structure(ref)
        assert layout_keys(spec) == layout_keys(ref)
        n_marks = sum(len(t["x"]) for t in spec["data"] if t["meta"]["role"] == "event")
        n_days = sum(len(t["x"]) for t in spec["data"] if t["meta"]["role"] == "density")
        if view.mode == "events":
            assert n_days == 0 and view.n <= LIMIT
            assert n_marks == int(np.count_nonzero(sel.in_zoom))  # one mark per event (by category)
            assert "Each event" in annotation(spec, "mode")["text"]
        else:
            assert n_marks == 0 and n_days > 0 and view.n > LIMIT
            assert "Density" in annotation(spec, "mode")["text"]
    assert modes == {"density", "events"}


def test_a_zoom_below_the_threshold_shows_each_event_of_the_zoomed_days(large):
    lo = large.span[0] + pd.Timedelta(days=30)
    sel = select(large).zoomed((lo, lo + pd.Timedelta(days=1)))
    view = timeline_view(sel, max_markers=LIMIT)
    assert view.mode == "events" and view.rng == (lo, lo + pd.Timedelta(days=1))
    ids = {i for m in view.marks for i in m.ids}
    kept = large.events[(large.events["span_end"] >= lo) & (large.events["start"] <= lo + pd.Timedelta(days=1))]
    assert ids == set(kept["id"])


def test_overview_keeps_its_structure_across_filters(small_many):
    tl = small_many
    ref = CO.paint(*_overview_parts(select(tl)))
    for f in _filters(tl):
        spec = CO.paint(*_overview_parts(select(tl, f)))
        assert structure(spec) == structure(ref), f
        assert layout_keys(spec) == layout_keys(ref)
    go.Figure(ref)


def test_overview_in_density_mode_has_strips_and_dots_for_the_page(small_many):
    spec = CO.paint(*_overview_parts(select(small_many), max_markers=10))
    roles = [t["meta"].get("role") for t in spec["data"]]
    assert "density" in roles and "dots" in roles and "event" not in roles
    assert "Density" in annotation(spec, "mode")["text"]
    go.Figure(spec)


def _overview_parts(sel, max_markers=0):
    tv, cv = timeline_view(sel, max_markers=max_markers), counts_view(sel)
    return tv, cv, {"data": [], "annotations": [], "reporters": []}, CO.overview_range(tv)


@pytest.fixture
def small_many(make_timeline):
    return _month_timeline(make_timeline)


# --- the numbers are those of timeline.series on the filtered timeline ------------------------------

def _grid_of(view) -> pd.DataFrame:
    return pd.DataFrame(view.values, index=pd.DatetimeIndex(view.periods), columns=list(view.groups))


def _reference(tl_view, freq, by, value) -> pd.DataFrame:
    ref = S.events_per_period(tl_view, freq=freq, by=by)
    if ref.empty:
        return pd.DataFrame()
    return ref.pivot(index="period", columns="group", values=value)


@pytest.mark.parametrize("freq,value", [("D", "count"), ("W", "count"), ("D", "share"), ("W", "share")])
@pytest.mark.parametrize("by", ["category", "actor", "place", "confidence"])
def test_counts_view_equals_events_per_period_of_the_filtered_timeline(small_many, bundled, freq, by, value):
    for tl in (small_many, bundled):
        for f in _filters(tl):
            got = _grid_of(counts_view(select(tl, f), freq=freq, by=by, value=value))
            want = _reference(apply_filters(tl, f), freq, by, value)
            if want.empty:
                assert not got.to_numpy().any()
                continue
            assert list(got.index) == list(want.index), (f, by)
            want = want.reindex(columns=got.columns, fill_value=0)
            assert want.drop(columns=got.columns, errors="ignore").empty
            np.testing.assert_allclose(got.to_numpy(dtype=float), want.to_numpy(dtype=float), err_msg=str(f))


def test_counts_note_counts_the_month_only_events_of_the_view(small_many):
    spec = CC.paint(counts_view(select(small_many)))
    assert "1 event dated only to the month (January 2025: 1 military)" in annotation(spec, "note")["text"]
    other = CC.paint(counts_view(select(small_many, Filters(categories=("political",)))))
    assert annotation(other, "note")["text"] == ""  # kept, empty: the layout does not change
    assert spec["layout"]["height"] == other["layout"]["height"]


def test_density_counts_equal_events_per_period_of_the_filtered_timeline(large):
    for f in _filters(large)[:4]:
        sel = select(large, f)
        view = timeline_view(sel, max_markers=10)
        if view.mode != "density":
            continue
        want = S.events_per_period(apply_filters(large, f), "D", "category")
        days = pd.DatetimeIndex(view.days) - pd.Timedelta(hours=12)
        for j, c in enumerate(view.strips):
            w = want[want["group"] == c].set_index("period")["count"]
            got = pd.Series(view.z[:, j], index=days)
            assert got.reindex(w.index, fill_value=0).tolist() == w.tolist(), (f, c)
            assert got.drop(w.index, errors="ignore").sum() == 0  # nothing outside the view's days


def test_each_event_view_places_every_event_of_the_filtered_timeline(small_many):
    for by in ("category", "actor", "place", "confidence"):
        for f in _filters(small_many):
            view = timeline_view(select(small_many, f), by=by, max_markers=0)
            ids = [i for m in view.marks for i in m.ids]
            kept = set(apply_filters(small_many, f).events["id"])
            assert set(ids) == kept
            if by in ("category", "confidence"):
                assert len(ids) == len(kept)  # one lane each: one mark each
