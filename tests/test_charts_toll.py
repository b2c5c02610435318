"""The toll chart's view (timeline.views.toll) and painter (timeline.charts.toll).

The view's numbers are checked against timeline.series (the reference: ``reported_toll`` and
``toll_spread`` of the timeline ``apply_filters`` gives); the painted JSON is checked to be a valid
plotly figure with the same traces and layout keys for every view of one timeline.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from timeline import figures
from timeline import series as S
from timeline.charts import toll as C
from timeline.charts import wording as W
from timeline.filters import Filters, apply_filters
from timeline.views import select
from timeline.views.toll import toll_view

MEASURES2 = ("killed_total", "killed_civilians")

# Three organisations over two episodes (November 2024, March 2025); SOHR has a series in each.
# Two SOHR figures on one day (the later row wins the day), a lower bound, an "about"; two
# incident figures among them, which no toll line draws.
REPORTS = [
    {"id": "i1", "reported_by": "SNHR", "published": "2025-03-07", "tally": "incident", "killed_total": "9999",
     "event": "e1"},
    {"id": "n1", "reported_by": "SOHR", "published": "2024-11-28", "period_start": "2024-11-27",
     "killed_total": "130", "qualifier": "at_least"},
    {"id": "n2", "reported_by": "SOHR", "published": "2024-11-30", "period_start": "2024-11-27",
     "killed_total": "311", "killed_civilians": "28"},
    {"id": "m1", "reported_by": "SOHR", "published": "2025-03-07", "killed_total": "70", "killed_civilians": "10"},
    {"id": "m2", "reported_by": "SOHR", "published": "2025-03-08", "killed_total": "400", "qualifier": "at_least"},
    {"id": "m3", "reported_by": "SOHR", "published": "2025-03-08", "killed_total": "524", "killed_civilians": "300"},
    {"id": "i2", "reported_by": "SOHR", "published": "2025-03-08", "tally": "incident", "killed_total": "8888",
     "event": "e1"},
    {"id": "s1", "reported_by": "SNHR", "published": "2025-03-09", "killed_total": "803", "source": "src-b"},
    {"id": "o1", "reported_by": "OHCHR", "published": "2025-03-11", "killed_civilians": "111",
     "qualifier": "approximately"},
    {"id": "m4", "reported_by": "SOHR", "published": "2025-03-12", "killed_total": "1500",
     "qualifier": "approximately", "killed_civilians": "1225"},
]
EVENTS = [{"id": "e1", "start": "2025-03-06", "category": "military"},
          {"id": "e2", "start": "2024-11-27", "category": "political"}]

FILTERS = [
    Filters(),
    Filters(reporters=("SNHR",)),
    Filters(reporters=("SOHR", "OHCHR")),
    Filters(start="2025-03-08", end="2025-03-10"),
    Filters(start="2024-11-01", end="2024-11-29"),
    Filters(categories=("military",)),
    Filters(start="2030-01-01"),
]


@pytest.fixture
def tolls(make_timeline):
    return make_timeline(EVENTS, REPORTS)


def _structure(spec: dict) -> tuple:
    traces = [(t["type"], json.dumps(t.get("meta"), sort_keys=True), t.get("xaxis"), t.get("yaxis"))
              for t in spec["data"]]
    axes = {k: sorted(v) for k, v in spec["layout"].items() if k.startswith(("xaxis", "yaxis"))}
    return traces, sorted(spec["layout"]), axes


def _empty_note(spec: dict) -> dict:
    (note,) = [a for a in spec["layout"]["annotations"] if a.get("name") == "empty"]
    return note


# --- valid plotly JSON -------------------------------------------------------------------------

@pytest.mark.parametrize("f", FILTERS, ids=str)
def test_painted_json_is_a_valid_figure(tolls, f):
    spec = C.paint(toll_view(select(tolls, f)))
    fig = go.Figure(spec)  # validates every property
    assert fig.layout.title.text and fig.to_json()


def test_the_bundled_toll_is_a_valid_figure_and_the_facade_returns_it(tl):
    spec = C.paint(toll_view(select(tl)))
    go.Figure(spec)
    fig = figures.toll_figure(tl)
    assert isinstance(fig, go.Figure)
    assert [tr.meta for tr in fig.data] == [t["meta"] for t in spec["data"]]


def test_layer_binds_every_trace_and_note_to_the_axes_given(tolls):
    view = toll_view(select(tolls))
    drawn = C.layer(view, xaxis="x3", yaxis="y3")
    assert {(t["xaxis"], t["yaxis"]) for t in drawn["data"]} == {("x3", "y3")}
    assert {(a["xref"], a["yref"]) for a in drawn["annotations"]} == {("x3", "y3")}
    # one panel for both measures: the lines tell them apart by dash and say which they are
    dashes = {t["meta"]["measure"]: t["line"]["dash"] for t in drawn["data"] if t["meta"]["role"] == "toll"}
    assert dashes == {"killed_total": "solid", "killed_civilians": "dot"}
    assert any("civilians" in a["text"] for a in drawn["annotations"])
    layout = {"xaxis3": {"type": "date", "domain": [0, 1], "anchor": "y3"}, "yaxis3": {"anchor": "x3"},
              "annotations": drawn["annotations"]}
    go.Figure({"data": drawn["data"], "layout": layout})


# --- stable structure --------------------------------------------------------------------------

def test_every_view_of_one_timeline_paints_the_same_traces_and_layout_keys(tolls):
    ref = _structure(C.paint(toll_view(select(tolls))))
    for f in FILTERS:
        assert _structure(C.paint(toll_view(select(tolls, f)))) == ref, f


def test_the_bundled_toll_keeps_its_structure_across_filters(tl):
    ref = _structure(C.paint(toll_view(select(tl))))
    for f in (Filters(reporters=("SNHR",)), Filters(start="2025-03-07", end="2025-03-10"),
              Filters(categories=("military",)), Filters(start="2030-01-01")):
        assert _structure(C.paint(toll_view(select(tl, f)))) == ref, f


def test_a_view_with_no_figure_says_so_and_keeps_its_panels(tolls):
    full = C.paint(toll_view(select(tolls)))
    spec = C.paint(toll_view(select(tolls, Filters(start="2030-01-01"))))
    note = _empty_note(spec)
    assert note["visible"] and note["text"] == W.EMPTY_TOLL_TEXT
    assert not _empty_note(full)["visible"]
    assert all(len(t["x"]) == 0 for t in spec["data"] if t["meta"]["role"] in ("toll", "range"))
    for axis in ("xaxis", "xaxis2"):
        assert spec["layout"][axis]["domain"] == full["layout"][axis]["domain"]


def test_only_snhr_keeps_every_panel_and_draws_no_nan(tl):
    """SNHR publishes no civilian toll here: its view still has both panels, where they were,
    with their titles, and no trace carries a NaN (plotly.js errors on them)."""
    full = C.paint(toll_view(select(tl)))
    spec = C.paint(toll_view(select(tl, Filters(reporters=("SNHR",)))))
    for key in ("xaxis", "xaxis2", "yaxis", "yaxis2"):
        assert spec["layout"][key]["domain"] == full["layout"][key]["domain"]
    titles = [a["text"] for a in spec["layout"]["annotations"] if str(a.get("name", "")).startswith("panel:")]
    assert titles == ["All deaths counted", "Civilians killed"]
    shown = {t["meta"]["reported_by"] for t in spec["data"] if t["meta"]["role"] == "toll" and len(t["x"])}
    assert shown == {"SNHR"}
    for t in spec["data"]:
        for k in ("x", "y"):
            values = [v for v in list(t[k]) if v is not None]
            assert not any(isinstance(v, float) and np.isnan(v) for v in values), (t["meta"], k)
    assert "NaN" not in go.Figure(spec).to_json()


def test_key_changes_exactly_when_the_kept_figures_change(tl):
    base = toll_view(select(tl)).key
    assert toll_view(select(tl, Filters(min_confidence="low"))).key == base
    assert toll_view(select(tl, Filters(reporters=("SNHR",)))).key != base
    assert toll_view(select(tl, Filters(start="2025-03-07"))).key != base


# --- the numbers are those of timeline.series -----------------------------------------------------

def _steps(view) -> pd.DataFrame:
    rows = []
    for line in view.lines:
        if not line.n:
            continue
        days = np.arange(line.x[0], line.end + np.timedelta64(1, "D"), dtype="datetime64[D]")
        for d, v in zip(days, line.value_on(days)):
            rows.append((line.reported_by, np.datetime64(line.period_start, "D"), line.measure, d, int(v)))
    return pd.DataFrame(rows, columns=["reported_by", "period_start", "measure", "date", "value"])


@pytest.mark.parametrize("f", FILTERS, ids=str)
def test_step_values_are_reported_toll_of_the_filtered_timeline(tolls, f):
    view = toll_view(select(tolls, f))
    ref = S.reported_toll(apply_filters(tolls, f), measures=list(MEASURES2))
    mine = _steps(view)
    if mine.empty:
        assert ref.empty or not len(view.episodes)
        return
    ref = ref.assign(period_start=ref["period_start"].to_numpy().astype("datetime64[D]"),
                     date=ref["date"].to_numpy().astype("datetime64[D]"))
    merged = mine.merge(ref, on=["reported_by", "period_start", "measure", "date"], how="left",
                        suffixes=("", "_ref"), indicator=True)
    assert (merged["_merge"] == "both").all()  # every day drawn has the reference's figure
    assert (merged["value"] == merged["value_ref"]).all()
    # and the line starts on the day of the reference's first figure
    firsts = ref.groupby(["reported_by", "period_start", "measure"])["date"].min()
    assert mine.groupby(["reported_by", "period_start", "measure"])["date"].min().sort_index().equals(
        firsts.sort_index())


@pytest.mark.parametrize("f", FILTERS[:6], ids=str)
def test_bands_are_toll_spread_of_each_episode(tolls, f):
    view = toll_view(select(tolls, f))
    toll = S.reported_toll(apply_filters(tolls, f), measures=list(MEASURES2))
    # series keep the names they have in the whole timeline ("SOHR (from 6 Mar 2025)")
    whole = S.reported_toll(tolls).drop_duplicates(["reported_by", "period_start"])
    names = dict(zip(zip(whole["reported_by"], whole["period_start"]), whole["series"]))
    toll = toll.assign(series=[names[k] for k in zip(toll["reported_by"], toll["period_start"])])
    for band in view.bands:
        episode = [line for line in view.lines if line.episode == band.episode and line.measure == band.measure]
        starts = {np.datetime64(line.period_start, "D") for line in episode}
        in_episode = np.isin(toll["period_start"].to_numpy().astype("datetime64[D]"), list(starts))
        part = toll[in_episode & (toll["measure"] == band.measure).to_numpy()]
        ref = S.toll_spread(part)
        ref = ref[ref["n_series"] >= 2]
        ref = ref[ref["date"].to_numpy().astype("datetime64[D]") <= max(
            (line.end for line in episode if line.n), default=np.datetime64("1970-01-01"))]
        assert list(band.days) == list(ref["date"].to_numpy().astype("datetime64[D]"))
        assert band.low.tolist() == ref["low"].tolist() and band.high.tolist() == ref["high"].tolist()
        assert band.low_by.tolist() == ref["low_by"].tolist() and band.high_by.tolist() == ref["high_by"].tolist()


def test_incident_figures_are_never_drawn(tolls):
    spec = C.paint(toll_view(select(tolls)))
    values = {int(v) for t in spec["data"] if t["meta"]["role"] in ("toll", "range") for v in t["y"]}
    assert values and not values & {9999, 8888}


def test_series_of_different_episodes_never_share_a_band(tolls):
    view = toll_view(select(tolls))
    assert {b.episode for b in view.bands} == {"2025-03-06"}  # November has one organisation only
    nov = [line for line in view.lines if line.episode == "2024-11-27"]
    assert {line.series for line in nov} == {"SOHR (from 27 Nov 2024)"}


def test_same_day_figures_are_all_drawn_and_the_later_one_holds_the_day(tolls):
    view = toll_view(select(tolls))
    (line,) = [ln for ln in view.lines if ln.id == "toll:SOHR:2025-03-06:killed_total"]
    assert line.y.tolist() == [70, 400, 524, 1500]
    assert line.qualifier.tolist() == ["exact", "at_least", "exact", "approximately"]
    assert int(line.value_on([np.datetime64("2025-03-08")])[0]) == 524


def test_labels_and_panels_come_from_the_whole_timeline(tolls):
    """A filter that keeps only SOHR's March series does not rename it, and panels stay."""
    view = toll_view(select(tolls, Filters(start="2025-03-01")))
    names = {line.series for line in view.lines if line.n and line.reported_by == "SOHR"}
    assert names == {"SOHR (from 6 Mar 2025)"}
    assert view.measures == MEASURES2
    assert toll_view(select(tolls, Filters(reporters=("SNHR",))), measures=MEASURES2).measures == MEASURES2


def test_unknown_measure_is_an_error_that_names_it(tolls):
    with pytest.raises(ValueError, match="unknown measure 'killed_cats'"):
        toll_view(select(tolls), measures=("killed_cats",))


# --- large files: only running tallies are drawn ---------------------------------------------------

def test_acled_figures_are_not_running_tallies_so_the_toll_says_none_match(tmp_path):
    from timeline.io import read_acled
    from timeline.synthetic import generate_acled, write_acled

    write_acled(generate_acled(3000, seed=2), tmp_path / "acled.csv")
    tl = read_acled(tmp_path / "acled.csv", progress=False)
    assert len(tl.casualty_reports) > 0
    for f in (Filters(), Filters(categories=("military",))):
        view = toll_view(select(tl, f))
        assert view.empty and view.lines == () and view.measures == ("killed_total",)
        spec = C.paint(view)
        assert _empty_note(spec)["visible"]
        go.Figure(spec)
