"""The per-event death figures: the deaths chart, the table's "Reported killed" column and the map
sized by deaths, checked against plain pandas over the filtered timeline."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from timeline import figures as F
from timeline.charts import deaths as deaths_chart
from timeline.charts import map as map_chart
from timeline.filters import Filters, apply_filters
from timeline.io import read_ucdp_ged
from timeline.views import select
from timeline.views.deaths import deaths_view
from timeline.views.map import map_view
from timeline.widgets import events_table_html

from test_io import write_ged


@pytest.fixture(scope="module")
def ged(tmp_path_factory):
    path = write_ged(
        tmp_path_factory.mktemp("ged") / "ged.csv",
        {},                                                                       # 8, low 8, high 8 on 3 Jan
        {"best": "10", "low": "7", "high": "15", "date_start": "2017-01-04", "date_end": "2017-01-04"},
        {"best": "4", "low": "", "high": "", "date_start": "2017-01-12", "date_end": "2017-01-12"},
        {"type_of_violence": "3", "best": "6", "low": "5", "high": "9", "date_start": "2017-01-12",
         "date_end": "2017-01-12", "deaths_civilians": "6"},
        {"best": "3", "low": "3", "high": "3", "date_prec": "4", "date_start": "2017-02-01", "date_end": "2017-02-28"},
    )
    return read_ucdp_ged(path)


def bars(fig) -> pd.Series:
    """Deaths on the chart per (period start, category), from the figure's bar traces."""
    out = {}
    for t in fig.data:
        if (t.meta or {}).get("role") == "deaths":
            step = 7 if "week" in fig.layout.title.text else 1
            for x, y in zip(np.asarray(t.x, dtype="datetime64[us]"), t.y):
                if y:
                    out[(pd.Timestamp(x) - pd.Timedelta(hours=12 * step), t.meta["category"])] = int(y)
    return pd.Series(out, dtype="int64").sort_index()


def reference(view, freq: str) -> pd.Series:
    """Plain pandas: the incident figures of the filtered timeline, on their event's first day (or
    the Monday of its week), summed by category; events known only to the month left out."""
    cr = view.casualty_reports
    cr = cr[(cr["tally"] == "incident") & cr["killed_total"].notna()]
    ev = view.events.set_index("id")
    cr = cr[cr["event"].isin(ev.index)]
    start = cr["event"].map(ev["start"]).dt.normalize()
    on_day = (cr["event"].map(ev["date_precision"]) != "month").to_numpy()
    if freq == "W":
        start = start - pd.to_timedelta(start.dt.day_of_week, unit="D")
    df = pd.DataFrame({"period": start, "category": cr["event"].map(ev["category"]).astype(str),
                       "killed": cr["killed_total"].astype("int64")})[on_day]
    out = df.groupby(["period", "category"])["killed"].sum()
    out = out[out > 0]
    out.index = pd.MultiIndex.from_tuples([(pd.Timestamp(p), c) for p, c in out.index])
    return out.astype("int64").sort_index()


FILTERS = [Filters(), Filters(categories=["violence_against_civilians"]), Filters(min_confidence="high"),
           Filters(start="2024-02-01", end="2024-05-31"), Filters(text="killed"),
           Filters(reporters=["ACLED"], categories=["military", "political"])]


@pytest.mark.parametrize("freq", ["W", "D"])
@pytest.mark.parametrize("f", FILTERS)
def test_chart_sums_equal_a_pandas_groupby_of_the_filtered_timeline(acled, f, freq):
    view = apply_filters(acled, f)
    fig = F.deaths_figure(view, freq=freq, full=acled)
    got, want = bars(fig), reference(view, freq)
    assert got.index.tolist() == [tuple(i) for i in want.index.tolist()]
    assert got.tolist() == want.tolist()
    # the same from the selection directly
    spec = deaths_chart.paint(deaths_view(select(acled, f), freq=freq))
    assert bars(go.Figure(spec)).equals(got)


def test_subtitle_says_whose_figures_and_that_they_are_not_a_running_toll(acled):
    fig = F.deaths_figure(acled)
    sub = fig.layout.title.subtitle.text
    assert "ACLED" in sub and "fatality count for each event" in sub and "not a running toll" in sub
    assert fig.layout.title.text == "<b>Reported deaths per week, by category</b>"
    source = next(a.text for a in fig.layout.annotations if a.name == "source")
    assert source.startswith("Figures: ACLED")
    note = next(a.text for a in fig.layout.annotations if a.name == "note")
    n_month = (acled.events["date_precision"] == "month").sum()
    if n_month:
        assert "dated only to the month" in note
    assert {t.meta["reporter"] for t in fig.data} == {"ACLED"}


def test_ged_low_and_high_are_summed_as_whiskers(ged):
    fig = F.deaths_figure(ged, freq="W")
    assert "UCDP GED" in fig.layout.title.subtitle.text and "low and high" in fig.layout.title.subtitle.text
    got = bars(fig)
    week1, week2 = pd.Timestamp("2017-01-02"), pd.Timestamp("2017-01-09")
    assert got[(week1, "military")] == 18 and got[(week2, "military")] == 4
    assert got[(week2, "violence_against_civilians")] == 6
    (rng,) = [t for t in fig.data if t.meta["role"] == "deaths-range"]
    x = [pd.Timestamp(v) - pd.Timedelta(days=3.5) for v in np.asarray(rng.x, dtype="datetime64[us]")]
    totals = dict(zip(x, rng.y))
    low = {k: y - m for k, y, m in zip(x, rng.y, rng.error_y.arrayminus)}
    high = {k: y + p for k, y, p in zip(x, rng.y, rng.error_y.array)}
    assert totals[week1] == 18 and low[week1] == 15 and high[week1] == 23
    # a figure without low/high counts its best in both sums
    assert totals[week2] == 10 and low[week2] == 9 and high[week2] == 13
    note = next(a.text for a in fig.layout.annotations if a.name == "note")
    assert "3 deaths in 1 event dated only to the month" in note


def test_structure_is_stable_across_filters_and_empty_says_so(acled, ged):
    for tl, filters in ((acled, FILTERS + [Filters(text="zzzz-no-such-word")]),
                        (ged, [Filters(), Filters(categories=["violence_against_civilians"]),
                               Filters(start="2030-01-01")])):
        specs = [deaths_chart.paint(deaths_view(select(tl, f))) for f in filters]
        first = specs[0]
        for spec in specs:
            assert [(t["type"], t["meta"]) for t in spec["data"]] == [(t["type"], t["meta"]) for t in first["data"]]
            assert sorted(spec["layout"]) == sorted(first["layout"])
            assert [a["name"] for a in spec["layout"]["annotations"]] == \
                [a["name"] for a in first["layout"]["annotations"]]
            go.Figure(spec)  # valid figure JSON
        empty = go.Figure(specs[-1])
        (msg,) = [a for a in empty.layout.annotations if a.name == "empty"]
        assert msg.visible and msg.text == "No per-event death figures match"
        assert all(len(t.x) == 0 for t in empty.data)


def test_bundled_data_adds_one_organisation_once_per_event(tl):
    """The shipped timeline's per-event figures come from several organisations: the chart adds
    up the one with the most (SOHR), its latest (then largest) figure per event, and names the
    others in the note, never adding them in; running tallies are never on it."""
    fig = F.deaths_figure(tl)
    assert {t.meta["reporter"] for t in fig.data} == {"SOHR"}
    got = bars(fig)
    assert got.sum() == 69 + 1  # the 69 in three villages (not also SOHR's earlier 52), a protester in Homs
    note = next(a.text for a in fig.layout.annotations if a.name == "note")
    assert "Not added in" in note and "Al Mayadeen (1)" in note and "Amnesty International (1)" in note
    other = F.deaths_figure(tl, reporter="Al Mayadeen")
    assert bars(other).sum() == 30
    with pytest.raises(ValueError, match="no per-event figures by 'SNHR'"):
        F.deaths_figure(tl, reporter="SNHR")


def test_a_timeline_without_per_event_figures(make_timeline):
    tl = make_timeline([{"id": "x1", "start": "2025-03-06", "title": "A meeting"}])
    fig = F.deaths_figure(tl)
    (msg,) = [a for a in fig.layout.annotations if a.name == "empty"]
    assert msg.visible and msg.text == "No per-event death figures in this data"
    assert "Reported killed" not in events_table_html(tl)


# --- the events table ------------------------------------------------------------------------------

def killed_cells(html: str) -> list[str]:
    heads = re.findall(r"<th scope='col'>(.*?)</th>", html)
    col = heads.index("Reported killed")
    return [re.findall(r"<td[^>]*>(.*?)</td>", row)[col] for row in re.findall(r"<tr>(.*?)</tr>", html)[1:]]


def test_table_names_who_reported_each_figure(acled, ged, tl):
    view = apply_filters(acled, Filters(start="2024-03-01", end="2024-03-20"))
    cells = killed_cells(events_table_html(view, 10_000))
    first = view.events.sort_values(["start", "span_end"], kind="stable")
    fat = view.casualty_reports.set_index("event")["killed_total"]
    assert cells == [f"{int(fat[e])} (ACLED)" if e in fat.index else "" for e in first["id"]]

    cells = killed_cells(events_table_html(ged))
    assert cells == ["best 8 (low 8 – high 8), of them 1 civilians, UCDP GED",
                     "best 10 (low 7 – high 15), of them 1 civilians, UCDP GED",
                     "4, of them 1 civilians (UCDP GED)",  # no low or high given
                     "best 6 (low 5 – high 9), of them 6 civilians, UCDP GED",
                     "best 3 (low 3 – high 3), of them 1 civilians, UCDP GED"]

    html = events_table_html(tl, 10_000)
    cells = killed_cells(html)
    assert "69, of them 69 civilians (SOHR)<br>52 (SOHR)<br>at least 30 (Al Mayadeen)" in cells
    assert "14 government forces (Syrian Interior Ministry)<br>3 Assad loyalists (SOHR)" in cells
    assert "1 government forces, per SANA (security source)" in cells
    # never a running tally: SOHR's and SNHR's running totals are in no cell
    running = tl.casualty_reports[tl.casualty_reports["tally"] != "incident"]["killed_total"].dropna().astype(int)
    assert not any(f"{v:,} (" in c for v in running for c in cells if v > 100)
    assert sum(1 for c in cells if c) == tl.casualty_reports.query("tally == 'incident'")["event"].nunique()


def test_table_follows_the_reporters_filter(tl):
    view = apply_filters(tl, Filters(reporters=["Al Mayadeen"]))
    cells = [c for c in killed_cells(events_table_html(view, 10_000)) if c]
    assert cells == ["at least 30 (Al Mayadeen)"]


# --- the map sized by deaths -----------------------------------------------------------------------

def dot_sizes(fig) -> dict:
    return {(t.meta["category"], cd): float(s) for t in fig.data if (t.meta or {}).get("role") == "place"
            and t.meta["geo"] == "geo" for cd, s in zip(t.customdata, t.marker.size)}


@pytest.mark.parametrize("f", [Filters(), Filters(categories=["military"]), Filters(text="killed")])
def test_map_dots_sized_by_reported_deaths(acled, f):
    sel = select(acled, f)
    by_events = go.Figure(map_chart.paint(map_view(sel)))
    by_deaths = go.Figure(map_chart.paint(map_view(sel, size_by="deaths")))
    view = apply_filters(acled, f)
    ev = view.events.set_index("id")
    cr = view.casualty_reports.set_index("event")["killed_total"]
    ep = view.event_places.assign(category=lambda d: d["event_id"].map(ev["category"]).astype(str),
                                  killed=lambda d: d["event_id"].map(cr).fillna(0))
    want = ep.groupby(["category", "place_id"])["killed"].sum()
    sizes = dot_sizes(by_deaths)
    assert set(sizes) == set(dot_sizes(by_events))  # the same dots, sized otherwise
    for key, s in sizes.items():
        assert round(s) == int(want[key]) or (want[key] == 0 and s < 0.01), key
    assert "deaths ACLED gave" in by_deaths.layout.title.subtitle.text
    assert "reported killed" in next(t for t in by_deaths.data if (t.meta or {}).get("role") == "place"
                                     and len(t.lon)).hovertext[0]
    assert map_view(sel).size_by == "events"  # the default is unchanged
    with pytest.raises(ValueError, match="size_by"):
        map_view(sel, size_by="people")


def test_map_figure_size_by(acled):
    fig = F.map_figure(acled, size_by="deaths")
    assert dot_sizes(fig) == dot_sizes(go.Figure(map_chart.paint(map_view(select(acled), size_by="deaths"))))
    assert dot_sizes(fig) != dot_sizes(F.map_figure(acled))
