"""The map's view and chart (timeline.views.map, timeline.charts.map, timeline.geo).

Checked on the shipped timeline, on synthetic ACLED data and on a few ACLED-layout rows written
here with Kenyan coordinates: the JSON is a valid plotly figure, every view of one timeline has
the same traces, the dots count what a plain pandas count gives, data outside Syria is framed
where it is, and the list beside the map fits above the note.
"""

from __future__ import annotations

import re

import numpy as np
import plotly.graph_objects as go
import pytest

from timeline import geo
from timeline.charts import map as map_chart
from timeline.charts import theme as T
from timeline.filters import Filters, apply_filters
from timeline.io import read_acled
from timeline.views import select
from timeline.views.map import HOVER_EVENTS, MAX_LISTED, MapContext, map_view

from test_io import write_acled

FILTERS = [Filters(), Filters(categories=("military",)), Filters(categories=("political", "humanitarian")),
           Filters(start="2025-03-06", end="2025-03-10"), Filters(min_confidence="high"),
           Filters(text="no such words anywhere")]
ACLED_FILTERS = [Filters(), Filters(categories=("military",)), Filters(start="2024-01-01", end="2024-03-31"),
                 Filters(categories=("violence_against_civilians",), min_confidence="medium"),
                 Filters(text="no such words anywhere")]


@pytest.fixture(scope="module")
def acled(tmp_path_factory):
    from timeline.synthetic import generate_acled, write_acled as write_synthetic

    path = write_synthetic(generate_acled(3000, seed=5), tmp_path_factory.mktemp("acled") / "acled.csv")
    return read_acled(path, progress=False)


KENYA = [  # (location, admin1, lat, lon, event type, sub-event type, date)
    ("Nairobi", "Nairobi", "-1.2864", "36.8172", "Protests", "Peaceful protest", "2024-06-25"),
    ("Nairobi", "Nairobi", "-1.2864", "36.8172", "Riots", "Violent demonstration", "2024-06-25"),
    ("Mombasa", "Mombasa", "-4.0435", "39.6682", "Protests", "Peaceful protest", "2024-06-27"),
    ("Kisumu", "Kisumu", "-0.0917", "34.7680", "Battles", "Armed clash", "2024-07-02"),
    ("Mandera", "Mandera", "3.9366", "41.8670", "Explosions/Remote violence", "Remote explosive/landmine/IED",
     "2024-07-09"),
    ("Lodwar", "Turkana", "3.1191", "35.5973", "Violence against civilians", "Attack", "2024-07-15"),
]


@pytest.fixture
def kenya(tmp_path):
    rows = [{"event_id_cnty": f"KEN{i + 1}", "event_date": d, "year": d[:4], "iso": "404", "region": "Eastern Africa",
             "country": "Kenya", "admin1": a1, "admin2": a1, "admin3": "", "location": loc, "latitude": lat,
             "longitude": lon, "event_type": et, "sub_event_type": st, "actor1": "Police Forces of Kenya (2022-)",
             "actor2": "Protesters (Kenya)", "source": "Daily Nation", "notes": f"On {d}, an event in {loc}."}
            for i, (loc, a1, lat, lon, et, st, d) in enumerate(KENYA)]
    return read_acled(write_acled(tmp_path / "kenya.csv", *rows), progress=False)


def spec_of(tl, f=None, ctx=None):
    sel = select(tl, f)
    return map_chart.paint(map_view(sel, ctx or MapContext(sel.index)))


def place_traces(spec, geo_name="geo"):
    return [t for t in spec["data"] if t["meta"].get("role") == "place" and t["meta"]["geo"] == geo_name]


def dot_counts(spec) -> dict:
    """{(place id, category): events} of the main map's dots."""
    return {(pid, t["meta"]["category"]): int(k) for t in place_traces(spec)
            for pid, k in zip(t["customdata"], t["marker"]["size"])}


def pandas_counts(tl, f, region) -> dict:
    """The reference: distinct kept events per place with coordinates in ``region`` and category."""
    view = apply_filters(tl, f)
    ep = view.event_places.merge(view.places.rename(columns={"id": "place_id"}), on="place_id") \
        .merge(view.events[["id", "category"]].rename(columns={"id": "event_id"}), on="event_id")
    ep = ep[ep["lat"].notna() & ep["lon"].notna()
            & ep["lon"].between(*region["lon"]) & ep["lat"].between(*region["lat"])]
    n = ep.drop_duplicates(["event_id", "place_id"]).groupby(["place_id", "category"], observed=True).size()
    return {(pid, str(c)): int(k) for (pid, c), k in n.items() if k}


def annotation(spec, name):
    (a,) = [a for a in spec["layout"]["annotations"] if a.get("name") == name]
    return a


def structure(spec):
    return ([(t["type"], t["meta"]) for t in spec["data"]], sorted(spec["layout"]),
            [a.get("name") for a in spec["layout"]["annotations"]])


# --- a valid figure, the same traces for every view ---------------------------------------------

@pytest.mark.parametrize("f", FILTERS)
def test_the_json_is_a_valid_plotly_figure(tl, f):
    fig = go.Figure(spec_of(tl, f))
    assert fig.layout.geo.scope == "asia" and fig.layout.title.text


def test_every_view_of_one_timeline_has_the_same_traces_and_layout_keys(tl, acled):
    for data, filters in ((tl, FILTERS), (acled, ACLED_FILTERS)):
        ctx = MapContext(select(data).index)
        ref = structure(spec_of(data, None, ctx))
        for f in filters:
            assert structure(spec_of(data, f, ctx)) == ref, f
            assert structure(spec_of(data, f)) == ref, f  # a fresh context gives the same


def test_a_view_with_nothing_says_so_and_keeps_its_traces(tl):
    spec = spec_of(tl, FILTERS[-1])
    assert annotation(spec, "empty")["visible"] is True
    assert all(len(t["lon"]) == 0 for t in place_traces(spec) + place_traces(spec, "geo2"))
    assert annotation(spec, "unplaced")["visible"] is False
    assert annotation(spec_of(tl), "empty")["visible"] is False


# --- the dots count the events --------------------------------------------------------------------

@pytest.mark.parametrize("f", FILTERS)
def test_dots_count_what_pandas_counts_on_the_shipped_data(tl, f):
    assert dot_counts(spec_of(tl, f)) == pandas_counts(tl, f, geo.MAP_REGION)


@pytest.mark.parametrize("f", ACLED_FILTERS)
def test_dots_count_what_pandas_counts_on_acled_data(acled, f):
    spec = spec_of(acled, f)
    got = dot_counts(spec)
    assert got == pandas_counts(acled, f, geo.MAP_REGION)
    assert sum(got.values()) == len(apply_filters(acled, f).events)  # one place each, all on the map


def test_inset_dots_are_the_main_map_dots_on_the_coast(tl):
    spec = spec_of(tl)
    coast = {k: v for k, v in dot_counts(spec).items()
             if geo.in_region(*tl.places.set_index("id").loc[k[0], ["lon", "lat"]], geo.COAST_REGION)}
    inset = {(pid, t["meta"]["category"]): int(k) for t in place_traces(spec, "geo2")
             for pid, k in zip(t["customdata"], t["marker"]["size"])}
    assert inset == coast and len({p for p, _ in inset}) >= 2


def test_hover_lists_the_first_events_of_a_dot_then_counts_the_rest(acled):
    spec = spec_of(acled, Filters(categories=("military",)))
    (trace,) = [t for t in place_traces(spec) if len(t["lon"])]  # one category kept: one trace with dots
    k = int(np.argmax(trace["marker"]["size"]))
    text, n = trace["hovertext"][k], int(trace["marker"]["size"][k])
    assert n > HOVER_EVENTS
    assert text.count("• ") == HOVER_EVENTS and f"and {n - HOVER_EVENTS} more" in text
    assert f"{n} military events:" in text
    # the first events by date: the earliest day listed is the place's first day
    ev = apply_filters(acled, Filters(categories=("military",))).events
    at = acled.event_places[acled.event_places["place_id"] == trace["customdata"][k]]["event_id"]
    first = ev[ev["id"].isin(at)]["start"].min()
    line = text.split("<br>")[2]
    assert re.match(rf"• {first.day}\b", line) and f"{first:%b %Y}" in line.split(" — ")[0]


def test_label_placement_is_deterministic_and_names_are_clear_of_other_dots(acled):
    a, b = spec_of(acled), spec_of(acled)
    la, lb = ([t for t in s["data"] if t["meta"]["role"] == "label"][0] for s in (a, b))
    assert list(la["text"]) == list(lb["text"]) and list(la["textposition"]) == list(lb["textposition"])
    assert len(la["text"]) > 5


# --- data outside Syria -------------------------------------------------------------------------------

def test_a_file_from_elsewhere_is_drawn_on_a_map_of_its_own_extent(kenya):
    spec = spec_of(kenya)
    go.Figure(spec)
    g = spec["layout"]["geo"]
    assert g["scope"] == "world" and f"{g['scope']}_{g['resolution']}m" in geo.TOPOJSON_NAMES
    lon, lat = g["lonaxis"]["range"], g["lataxis"]["range"]
    places = kenya.places
    assert (places["lon"] > lon[0]).all() and (places["lon"] < lon[1]).all()
    assert (places["lat"] > lat[0]).all() and (places["lat"] < lat[1]).all()
    assert lon[1] - lon[0] < 20 and lat[1] - lat[0] < 20  # Kenya, not the world
    assert sum(dot_counts(spec).values()) == len(kenya.events) == len(KENYA)
    assert annotation(spec, "unplaced")["visible"] is False  # nothing off the map
    roles = [t["meta"]["role"] for t in spec["data"]]
    assert "context" not in roles and "inset-box" not in roles and "geo2" not in spec["layout"]
    assert "Golan" not in annotation(spec, "note")["text"]
    assert geo.topojson_names(spec) == [geo.WORLD_TOPOJSON]


def test_the_shipped_timeline_keeps_the_map_of_syria(tl):
    frame = map_view(select(tl)).frame
    assert frame.region == geo.MAP_REGION and frame.topojson == geo.GEO_TOPOJSON
    assert frame.inset == geo.COAST_REGION and frame.syria


def test_region_follows_most_events_and_leaves_far_outliers_off():
    # most events in Syria: Syria's frame, whatever the rest
    region, topo = geo.region_for([36.3, 2.35], [33.5, 48.85], [10, 9])
    assert (region, topo) == (geo.MAP_REGION, geo.GEO_TOPOJSON)
    # Kenya with one event in Paris: Kenya's frame; Paris is outside it
    lon = np.r_[np.linspace(34, 41, 50), 2.35]
    lat = np.r_[np.linspace(-4, 4, 50), 48.85]
    region, topo = geo.region_for(lon, lat, np.r_[np.full(50, 100.0), 1.0])
    assert topo == geo.WORLD_TOPOJSON
    assert geo.in_region(lon[:50], lat[:50], region).all() and not geo.in_region(2.35, 48.85, region)
    # a single town: a frame a little wider than the town
    region, _ = geo.region_for([-58.38], [-34.6], [3])
    assert region["lon"][1] - region["lon"][0] >= 1.5


def test_the_base_maps_are_shipped_and_inlined_with_their_licence():
    for name in geo.TOPOJSON_NAMES:
        assert {"countries", "coastlines", "land", "ocean"} <= set(geo.offline_geo_assets(name)["objects"])
    script = geo.geo_assets_script()
    assert all(f'topojson["{n}"] = {{' in script for n in geo.TOPOJSON_NAMES) and "</script" not in script
    assert geo.geo_assets_script(geo.WORLD_TOPOJSON).count("topojson[") == 1
    with pytest.raises(ValueError, match="asia_50m"):
        geo.offline_geo_assets("europe_50m")


# --- the list beside the map ----------------------------------------------------------------------------

def _many_unplaced(make_timeline, n_places=70):
    places = [{"id": f"p{i}", "name": f"Somewhere with a long name number {i}", "name_ar": "", "admin1": "Syria",
               "kind": "region", "lat": "", "lon": "", "coord_source": ""} for i in range(n_places)]
    places += [{"id": "latakia", "name": "Latakia", "name_ar": "اللاذقية", "admin1": "Latakia", "kind": "city",
                "lat": "35.53125", "lon": "35.79088", "coord_source": "GeoNames 173576"},
               {"id": "ar", "name": "كفر سلطان", "name_ar": "", "admin1": "Syria", "kind": "region", "lat": "",
                "lon": "", "coord_source": ""}]
    events = [{"id": f"e{i}", "start": "2025-03-06", "place": f"p{i % n_places}", "title": f"Event {i}"}
              for i in range(3 * n_places)]
    events += [{"id": "at-latakia", "start": "2025-03-07", "place": "latakia"}]
    events += [{"id": f"arabic{i}", "start": "2025-03-07", "place": "ar"} for i in range(5)]
    return make_timeline(events, places=places)


def _lines(text: str) -> int:
    return text.count("<br>") + 1


def test_the_list_beside_the_map_fits_above_the_note_and_counts_the_rest(make_timeline):
    tl = _many_unplaced(make_timeline)
    spec = spec_of(tl)
    a = annotation(spec, "unplaced")
    lay = spec["layout"]
    plot_h = lay["height"] - lay["margin"]["t"] - lay["margin"]["b"]
    assert _lines(a["text"]) * T.SIZES["note"] * 1.3 <= a["y"] * plot_h + 4  # ends above the plot's bottom
    assert "Not on the map: 215 of 216 events" in a["text"]
    listed = [int(k.replace(",", "")) for k in re.findall(r"\(([\d,]+)\)", a["text"])]
    rest = re.search(r"and ([\d,]+) more places \(([\d,]+) events\)", a["text"])
    assert rest, a["text"]
    assert len(listed) + int(rest.group(1)) == 71  # every place listed or counted, once
    assert sum(listed) + int(rest.group(2)) == 215  # and every one of its events


def test_the_list_can_be_cut_to_any_number_of_lines(make_timeline):
    view = map_view(select(_many_unplaced(make_timeline)))
    full, hover = map_chart.unplaced_text(view)
    assert f"and {71 - MAX_LISTED} more places ({3 * (71 - MAX_LISTED)} events)" in full  # the view lists 40
    assert hover.count("<b>") == MAX_LISTED and "Event 0" in hover
    assert "كفر سلطان\u200e (5)" in full  # its count stays on the right of an Arabic name
    for budget in (4, 5, 6, 10, 20):
        text, hover = map_chart.unplaced_text(view, max_lines=budget)
        assert _lines(text) <= budget
        listed = [int(k) for k in re.findall(r"\((\d+)\)", text)]
        rest = re.search(r"(?:and|—) (\d+) (?:more )?places \((\d+) events\)", text)
        assert len(listed) + int(rest.group(1)) == 71 and sum(listed) + int(rest.group(2)) == 215, budget
        assert hover.count("<b>") == len(listed)
