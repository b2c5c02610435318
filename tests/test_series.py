"""timeline.series on small hand-made timelines with known answers, and on the shipped data."""

from __future__ import annotations

import copy
import dataclasses
import random

import pandas as pd
import pytest

from timeline import series as S
from timeline.schema import CATEGORIES, MEASURES

D = pd.Timestamp


def day(frame: pd.DataFrame, date: str, group: str, col: str = "count"):
    rows = frame[(frame["period"] == D(date)) & (frame["group"] == group)]
    assert len(rows) == 1, f"expected one row for {date} / {group}, got {len(rows)}"
    return rows[col].iloc[0]


# --- events per period ----------------------------------------------------------------------------

def test_daily_counts_are_zero_filled_over_days_and_categories(make_timeline):
    tl = make_timeline([
        {"id": "a", "start": "2025-03-06", "category": "military"},
        {"id": "b", "start": "2025-03-08", "category": "political"},
    ])
    out = S.events_per_period(tl)
    assert list(out.columns) == ["period", "group", "count", "share"]
    assert out["period"].dtype == "datetime64[us]"
    assert out["group"].dtype == "str"
    assert out["count"].dtype == "int64" and out["share"].dtype == "float64"
    # every day from the first start to the last span_end, times every category, in vocabulary order
    assert list(out["period"].unique()) == list(pd.date_range("2025-03-06", "2025-03-08"))
    assert len(out) == 3 * len(CATEGORIES)
    assert list(out["group"].iloc[: len(CATEGORIES)]) == list(CATEGORIES)
    assert day(out, "2025-03-06", "military") == 1
    assert day(out, "2025-03-08", "political") == 1
    assert out.loc[out["period"] == D("2025-03-07"), "count"].tolist() == [0] * len(CATEGORIES)
    assert out.loc[out["group"] == "humanitarian", "count"].tolist() == [0, 0, 0]
    assert out["count"].sum() == 2 and out["share"].sum() == pytest.approx(2)


def test_explicit_range_extends_with_zeros_and_clips(make_timeline):
    tl = make_timeline([{"id": "a", "start": "2025-03-06", "end": "2025-03-08"}])
    out = S.events_per_period(tl, start="2025-03-04", end="2025-03-10")
    assert out["period"].min() == D("2025-03-04") and out["period"].max() == D("2025-03-10")
    assert day(out, "2025-03-04", "military") == 0
    # only the part of the span inside the range is counted
    clipped = S.events_per_period(tl, start="2025-03-07", end="2025-03-07")
    assert day(clipped, "2025-03-07", "military") == 1
    assert day(clipped, "2025-03-07", "military", "share") == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="`end`.*before `start`"):
        S.events_per_period(tl, start="2025-03-08", end="2025-03-07")


def test_weekly_periods_start_on_monday(make_timeline):
    tl = make_timeline([
        {"id": "sun", "start": "2025-03-02"},  # Sunday
        {"id": "mon", "start": "2025-03-03"},  # Monday
        {"id": "sun2", "start": "2025-03-09"},  # Sunday
    ])
    out = S.events_per_period(tl, freq="W")
    assert (out["period"].dt.day_of_week == 0).all()
    assert list(out["period"].unique()) == [D("2025-02-24"), D("2025-03-03")]
    assert day(out, "2025-02-24", "military") == 1
    assert day(out, "2025-03-03", "military") == 2


def test_a_three_day_event_counts_in_each_day_and_shares_a_third(make_timeline):
    tl = make_timeline([{"id": "a", "start": "2025-03-06", "end": "2025-03-08", "category": "violence_against_civilians"}])
    out = S.events_per_period(tl)
    ours = out[out["group"] == "violence_against_civilians"]
    assert ours["count"].tolist() == [1, 1, 1]
    assert ours["share"].tolist() == pytest.approx([1 / 3] * 3)
    assert ours["share"].sum() == pytest.approx(1)


def test_a_multi_day_event_across_weeks_counts_once_per_week(make_timeline):
    # Saturday to Monday: two days in the week of 3 March, one in the week of 10 March
    tl = make_timeline([
        {"id": "a", "start": "2025-03-08", "end": "2025-03-10"},
        {"id": "b", "start": "2025-03-04", "end": "2025-03-06"},  # inside one week
    ])
    out = S.events_per_period(tl, freq="W")
    assert day(out, "2025-03-03", "military") == 2
    assert day(out, "2025-03-10", "military") == 1
    assert day(out, "2025-03-03", "military", "share") == pytest.approx(2 / 3 + 1)
    assert day(out, "2025-03-10", "military", "share") == pytest.approx(1 / 3)


def test_approximate_dates_are_spread_over_their_uncertain_span(make_timeline):
    tl = make_timeline([{"id": "a", "start": "2025-03-06", "end": "2025-03-07", "date_precision": "approximate"}])
    out = S.events_per_period(tl)
    assert out.loc[out["group"] == "military", "share"].tolist() == pytest.approx([0.5, 0.5])


def test_month_only_events_are_not_counted_on_days_but_listed_per_month(make_timeline):
    tl = make_timeline([
        {"id": "feb", "start": "2025-02", "date_precision": "month", "category": "humanitarian"},
        {"id": "jan-feb", "start": "2025-01", "end": "2025-02", "date_precision": "month",
         "category": "humanitarian"},
        {"id": "day", "start": "2025-03-06", "category": "humanitarian"},
    ])
    daily = S.events_per_period(tl)
    assert daily["count"].sum() == 1 and daily["share"].sum() == pytest.approx(1)
    # the range still covers the month-only events' span (zeros), like Timeline.span
    assert daily["period"].min() == D("2025-01-01")
    assert daily.loc[daily["period"] < D("2025-03-01"), "count"].sum() == 0
    assert S.events_per_period(tl, freq="W")["count"].sum() == 1
    assert S.cumulative_events(tl)["new"].sum() == 1

    months = S.month_only_events(tl)
    assert list(months.columns) == ["month", "group", "count", "event_ids"]
    assert months["month"].dtype == "datetime64[us]"
    assert months[["month", "group", "count", "event_ids"]].values.tolist() == [
        [D("2025-01-01"), "humanitarian", 1, "jan-feb"],
        [D("2025-02-01"), "humanitarian", 2, "feb;jan-feb"],
    ]


def test_month_only_events_is_an_empty_frame_when_there_are_none(make_timeline):
    tl = make_timeline([{"id": "a", "start": "2025-03-06"}])
    out = S.month_only_events(tl, by="place")
    assert out.empty and list(out.columns) == ["month", "group", "count", "event_ids"]


def test_by_place_and_actor_count_multi_valued_events_in_each_group(make_timeline):
    tl = make_timeline([
        {"id": "a", "start": "2025-03-06", "place": "latakia;baniyas", "actors": "Actor one; Actor two"},
        {"id": "b", "start": "2025-03-06", "place": "latakia", "actors": "Actor two"},
        {"id": "c", "start": "2025-03-07", "place": "baniyas", "actors": ""},
        {"id": "m", "start": "2025-02", "date_precision": "month", "place": "baniyas", "actors": "Actor three"},
    ])
    places = S.events_per_period(tl, by="place", start="2025-03-06")
    # groups: the English names of the places some event refers to, alphabetically
    assert list(places["group"].unique()) == ["Baniyas", "Latakia"]
    assert day(places, "2025-03-06", "Latakia") == 2
    assert day(places, "2025-03-06", "Baniyas") == 1
    assert day(places, "2025-03-07", "Baniyas") == 1
    assert day(places, "2025-03-07", "Latakia") == 0

    actors = S.events_per_period(tl, by="actor", start="2025-03-06")
    assert list(actors["group"].unique()) == ["Actor one", "Actor three", "Actor two"]
    assert day(actors, "2025-03-06", "Actor two") == 2
    assert day(actors, "2025-03-06", "Actor one") == 1
    assert actors["count"].sum() == 3  # event c names no actor; event m is month-only

    months = S.month_only_events(tl, by="actor")
    assert months[["group", "count", "event_ids"]].values.tolist() == [["Actor three", 1, "m"]]


def test_by_confidence_has_the_three_levels_in_order(make_timeline):
    tl = make_timeline([{"id": "a", "start": "2025-03-06", "confidence": "medium"}])
    out = S.events_per_period(tl, by="confidence")
    assert out["group"].tolist() == ["low", "medium", "high"]
    assert out["count"].tolist() == [0, 1, 0]


def test_unknown_by_or_freq_names_the_argument(make_timeline):
    tl = make_timeline([{"id": "a", "start": "2025-03-06"}])
    with pytest.raises(ValueError, match=r"unknown value 'source' for `by`"):
        S.events_per_period(tl, by="source")
    with pytest.raises(ValueError, match=r"unknown value 'M' for `freq`"):
        S.events_per_period(tl, freq="M")


def test_cumulative_counts_events_once_on_their_start(make_timeline):
    tl = make_timeline([
        {"id": "a", "start": "2025-03-06", "end": "2025-03-08"},
        {"id": "b", "start": "2025-03-08"},
        {"id": "c", "start": "2025-03-07", "category": "political"},
    ])
    out = S.cumulative_events(tl)
    assert list(out.columns) == ["period", "group", "new", "cumulative"]
    mil = out[out["group"] == "military"]
    assert mil["new"].tolist() == [1, 0, 1]
    assert mil["cumulative"].tolist() == [1, 1, 2]
    pol = out[out["group"] == "political"]
    assert pol["cumulative"].tolist() == [0, 1, 1]
    # same period x group rows as events_per_period
    counts = S.events_per_period(tl)
    assert out[["period", "group"]].equals(counts[["period", "group"]])


def _naive_counts(tl, freq, by):
    """Reference implementation, one event and one day at a time."""
    ev = tl.events
    if by == "category":
        groups = {r.id: [r.category] for r in ev.itertuples()}
    elif by == "place":
        name = dict(zip(tl.places["id"], tl.places["name"]))
        groups = {}
        for r in tl.event_places.itertuples():
            groups.setdefault(r.event_id, set()).add(name[r.place_id])
    else:
        groups = {}
        for r in tl.event_actors.itertuples():
            groups.setdefault(r.event_id, set()).add(r.actor)
    count, share = {}, {}
    for r in ev.itertuples():
        if r.date_precision == "month":
            continue
        days = pd.date_range(r.start, r.span_end)
        for g in groups.get(r.id, ()):
            touched = set()
            for d in days:
                p = d if freq == "D" else d - pd.Timedelta(days=d.day_of_week)
                touched.add(p)
                share[(p, g)] = share.get((p, g), 0) + 1 / len(days)
            for p in touched:
                count[(p, g)] = count.get((p, g), 0) + 1
    return count, share


@pytest.mark.parametrize("freq", ["D", "W"])
@pytest.mark.parametrize("by", ["category", "place", "actor"])
def test_vectorised_counts_match_a_naive_count(make_timeline, freq, by):
    rnd = random.Random(7)
    events = []
    for i in range(60):
        start = D("2025-02-20") + pd.Timedelta(days=rnd.randrange(30))
        kind = rnd.random()
        e = {"id": f"e{i}", "category": rnd.choice(list(CATEGORIES)),
             "place": ";".join(rnd.sample(["latakia", "baniyas", "syrian-coast"], rnd.randint(1, 2))),
             "actors": ";".join(rnd.sample(["A", "B", "C", "D"], rnd.randint(0, 3)))}
        if kind < 0.6:
            e["start"] = f"{start:%Y-%m-%d}"
        elif kind < 0.9:
            e["start"] = f"{start:%Y-%m-%d}"
            e["end"] = f"{start + pd.Timedelta(days=rnd.randint(1, 12)):%Y-%m-%d}"
        else:
            e["start"], e["date_precision"] = f"{start:%Y-%m}", "month"
        events.append(e)
    tl = make_timeline(events)
    out = S.events_per_period(tl, freq=freq, by=by)
    count, share = _naive_counts(tl, freq, by)
    got = out.set_index(["period", "group"])
    for key, n in count.items():
        assert got.loc[key, "count"] == n, key
        assert got.loc[key, "share"] == pytest.approx(share[key]), key
    assert out["count"].sum() == sum(count.values())
    assert out["share"].sum() == pytest.approx(sum(share.values()))


# --- casualty figures and the reported toll ------------------------------------------------------

REPORTS = [
    {"id": "sohr-1", "reported_by": "SOHR", "published": "2025-03-07", "killed_total": "100",
     "killed_civilians": "50"},
    {"id": "snhr-1", "reported_by": "SNHR", "published": "2025-03-08", "killed_total": "150",
     "killed_civilians": "0", "source": "src-b"},
    {"id": "sohr-2", "reported_by": "SOHR", "published": "2025-03-09", "killed_total": "200",
     "qualifier": "at_least"},
    {"id": "sohr-3", "reported_by": "SOHR", "published": "2025-03-09", "killed_total": "1500",
     "qualifier": "at_least"},  # same day, later row: wins
    {"id": "sohr-incident", "reported_by": "SOHR", "published": "2025-03-09", "killed_total": "9",
     "tally": "incident"},
    {"id": "snhr-2", "reported_by": "SNHR", "published": "2025-03-10", "killed_total": "300",
     "qualifier": "approximately"},
    {"id": "sohr-4", "reported_by": "SOHR", "published": "2025-03-11", "killed_total": "1600"},
]


@pytest.fixture
def reports_tl(make_timeline):
    return make_timeline([{"id": "a", "start": "2025-03-06"}], REPORTS)


def toll_of(toll, series, measure="killed_total"):
    rows = toll[(toll["series"] == series) & (toll["measure"] == measure)]
    return dict(zip(rows["date"].dt.strftime("%m-%d"), rows["value"]))


def test_toll_figures_is_long_with_one_row_per_stated_measure(reports_tl):
    f = S.toll_figures(reports_tl)
    assert list(f.columns[:10]) == ["report_id", "reported_by", "published", "published_precision", "measure",
                                    "measure_label", "value", "qualifier", "is_lower_bound", "value_text"]
    for col in ("tally", "period_start", "period_end", "area", "scope", "source", "source_publisher",
                "source_url", "confidence", "notes", "order"):
        assert col in f.columns
    # blank (not stated) is dropped, 0 is kept
    assert f[["report_id", "measure", "value"]].values.tolist()[:4] == [
        ["sohr-1", "killed_total", 100], ["sohr-1", "killed_civilians", 50],
        ["snhr-1", "killed_total", 150], ["snhr-1", "killed_civilians", 0],
    ]
    assert len(f) == 9
    assert set(f["measure"]) <= set(MEASURES)
    assert (f["measure_label"] == f["measure"].map(MEASURES)).all()
    assert f["value"].dtype == "int64"
    assert f["order"].tolist() == [0, 0, 1, 1, 2, 3, 4, 5, 6]
    by_id = f.drop_duplicates("report_id").set_index("report_id")
    assert by_id.loc["sohr-3", "value_text"] == "≥1,500" and by_id.loc["sohr-3", "is_lower_bound"]
    assert by_id.loc["snhr-2", "value_text"] == "~300" and not by_id.loc["snhr-2", "is_lower_bound"]
    assert by_id.loc["sohr-4", "value_text"] == "1,600"
    assert by_id.loc["snhr-1", "source_publisher"] == "Agency B"
    assert by_id.loc["sohr-1", "source_url"] == "https://example.org/a"
    assert by_id.loc["sohr-incident", "tally"] == "incident"  # all tallies are returned


def test_reported_toll_is_a_step_series_never_carried_backwards(reports_tl):
    toll = S.reported_toll(reports_tl)
    assert toll["date"].dtype == "datetime64[us]"
    # SOHR's first figure is on 7 March: nothing before it; then each figure until replaced;
    # on 9 March the later row of the file (1500) wins over 200; runs to the last published day.
    assert toll_of(toll, "SOHR") == {"03-07": 100, "03-08": 100, "03-09": 1500, "03-10": 1500, "03-11": 1600}
    assert "sohr-2" not in set(toll["report_id"])
    assert "sohr-incident" not in set(toll["report_id"])  # incident tallies are not running totals
    sohr = toll[(toll["series"] == "SOHR") & (toll["measure"] == "killed_total")]
    assert sohr["is_new"].tolist() == [True, False, True, False, True]
    assert sohr["report_id"].tolist() == ["sohr-1", "sohr-1", "sohr-3", "sohr-3", "sohr-4"]


def test_a_measure_not_stated_later_keeps_its_previous_figure(reports_tl):
    toll = S.reported_toll(reports_tl)
    civ = toll[(toll["series"] == "SOHR") & (toll["measure"] == "killed_civilians")]
    assert civ["value"].tolist() == [50] * 5
    assert civ["report_id"].unique().tolist() == ["sohr-1"]
    assert civ["is_new"].tolist() == [True, False, False, False, False]
    # a stated 0 is a figure
    assert toll_of(toll, "SNHR", "killed_civilians") == {"03-08": 0, "03-09": 0, "03-10": 0, "03-11": 0}


def test_no_summing_across_organisations(reports_tl):
    toll = S.reported_toll(reports_tl)
    assert set(toll["series"]) == {"SOHR", "SNHR"}
    assert toll_of(toll, "SNHR") == {"03-08": 150, "03-09": 150, "03-10": 300, "03-11": 300}
    # one row per (date, measure, series), each value a figure its own organisation published
    assert not toll.duplicated(["date", "measure", "series"]).any()
    figures = S.toll_figures(reports_tl).set_index(["report_id", "measure"])["value"]
    assert (toll["value"].to_numpy() == figures.loc[list(zip(toll["report_id"], toll["measure"]))].to_numpy()).all()
    assert (toll["reported_by"] == toll["report_id"].map(
        S.toll_figures(reports_tl).drop_duplicates("report_id").set_index("report_id")["reported_by"])).all()
    on_9 = toll[(toll["date"] == D("2025-03-09")) & (toll["measure"] == "killed_total")]
    assert sorted(on_9["value"]) == [150, 1500]


def test_lower_bounds_stay_lower_bounds(reports_tl):
    toll = S.reported_toll(reports_tl)
    sohr = toll[(toll["series"] == "SOHR") & (toll["measure"] == "killed_total")].set_index(
        toll.loc[(toll["series"] == "SOHR") & (toll["measure"] == "killed_total"), "date"].dt.strftime("%m-%d"))
    assert not sohr.loc["03-08", "is_lower_bound"] and sohr.loc["03-08", "value_text"] == "100"
    # the figure after an exact one keeps its own qualifier, on every day it is in force
    for d in ("03-09", "03-10"):
        assert sohr.loc[d, "is_lower_bound"]
        assert sohr.loc[d, "qualifier"] == "at_least"
        assert sohr.loc[d, "value_text"] == "≥1,500"
    assert not sohr.loc["03-11", "is_lower_bound"]
    snhr = toll[(toll["series"] == "SNHR") & (toll["date"] == D("2025-03-10")) & (toll["measure"] == "killed_total")]
    assert snhr["value_text"].tolist() == ["~300"] and not snhr["is_lower_bound"].any()


def test_reported_toll_filters_and_range(reports_tl):
    toll = S.reported_toll(reports_tl, measures=["killed_civilians"], reporters=["SNHR"])
    assert set(toll["measure"]) == {"killed_civilians"} and set(toll["reported_by"]) == {"SNHR"}
    # start: the figure in force on that day is carried in, but no earlier day is output
    toll = S.reported_toll(reports_tl, start="2025-03-10", end="2025-03-12")
    assert toll_of(toll, "SOHR") == {"03-10": 1500, "03-11": 1600, "03-12": 1600}
    sohr = toll[(toll["series"] == "SOHR") & (toll["measure"] == "killed_total")]
    assert sohr["is_new"].tolist() == [False, True, False]
    # end before a figure: that figure is not used
    early = S.reported_toll(reports_tl, end="2025-03-08")
    assert toll_of(early, "SOHR") == {"03-07": 100, "03-08": 100}
    with pytest.raises(ValueError, match="`measures`"):
        S.reported_toll(reports_tl, measures=["killed"])


def test_one_reporter_with_two_series_gets_dated_labels(make_timeline):
    tl = make_timeline([{"id": "a", "start": "2025-03-06"}], [
        {"id": "sohr-2024", "reported_by": "SOHR", "published": "2024-11-30", "period_start": "2024-11-27",
         "killed_total": "311"},
        {"id": "sohr-2025", "reported_by": "SOHR", "published": "2025-03-07", "period_start": "2025-03-06",
         "killed_total": "70"},
        {"id": "snhr", "reported_by": "SNHR", "published": "2025-03-07", "killed_total": "80"},
    ])
    toll = S.reported_toll(tl)
    assert set(toll["series"]) == {"SOHR (from 27 Nov 2024)", "SOHR (from 6 Mar 2025)", "SNHR"}
    on_7 = toll[toll["date"] == D("2025-03-07")].set_index("series")["value"]
    assert on_7.to_dict() == {"SNHR": 80, "SOHR (from 27 Nov 2024)": 311, "SOHR (from 6 Mar 2025)": 70}
    # labels do not change with the filters
    only_2025 = S.reported_toll(tl, reporters=["SOHR"], start="2025-03-07")
    assert "SOHR (from 6 Mar 2025)" in set(only_2025["series"])


def test_empty_toll_and_spread_have_their_columns(make_timeline):
    tl = make_timeline([{"id": "a", "start": "2025-03-06"}])
    toll = S.reported_toll(tl)
    assert toll.empty and {"date", "series", "value", "is_new", "value_text"} <= set(toll.columns)
    spread = S.toll_spread(toll)
    assert spread.empty and {"low", "high", "low_by", "high_by", "n_series"} <= set(spread.columns)
    assert S.toll_figures(tl).empty


def test_spread_low_high_and_who(reports_tl):
    spread = S.toll_spread(S.reported_toll(reports_tl))
    for col in ("date", "measure", "low", "high", "low_by", "high_by", "n_series", "low_is_lower_bound",
                "high_is_lower_bound"):
        assert col in spread.columns
    total = spread[spread["measure"] == "killed_total"].set_index(
        spread.loc[spread["measure"] == "killed_total", "date"].dt.strftime("%m-%d"))
    # 7 March: only SOHR has published
    assert total.loc["03-07", ["low", "high", "n_series"]].tolist() == [100, 100, 1]
    assert total.loc["03-08", ["low", "low_by", "high", "high_by", "n_series"]].tolist() == [100, "SOHR", 150, "SNHR", 2]
    row = total.loc["03-09"]
    assert (row["low"], row["low_by"], row["low_is_lower_bound"]) == (150, "SNHR", False)
    assert (row["high"], row["high_by"], row["high_is_lower_bound"]) == (1500, "SOHR", True)
    assert total.loc["03-11", ["low", "high"]].tolist() == [300, 1600]
    assert "03-06" not in total.index
    assert spread.loc[spread["measure"] == "killed_civilians", "low"].tolist() == [50, 0, 0, 0, 0]


def test_spread_names_every_series_that_ties(make_timeline):
    tl = make_timeline([{"id": "a", "start": "2025-03-06"}], [
        {"id": "x", "reported_by": "X", "published": "2025-03-07", "killed_total": "10", "qualifier": "at_least"},
        {"id": "y", "reported_by": "Y", "published": "2025-03-07", "killed_total": "10"},
    ])
    row = S.toll_spread(S.reported_toll(tl)).iloc[0]
    assert row["low_by"] == row["high_by"] == "X, Y"
    assert not row["low_is_lower_bound"]


# --- phases ----------------------------------------------------------------------------------------

def test_phase_intervals_and_phase_of(make_timeline):
    tl = make_timeline([{"id": "a", "start": "2025-03-06"}], phases=[
        {"id": "clashes", "name": "Clashes", "start": "2025-03-06", "end": "2025-03-10", "description": "C."},
        {"id": "before", "name": "Before", "start": "2025-03-01", "end": "2025-03-05", "description": "B."},
    ])
    ph = S.phase_intervals(tl)
    assert list(ph.columns) == ["id", "name", "start", "end", "end_exclusive", "description"]
    assert ph["id"].tolist() == ["before", "clashes"]  # sorted by start
    assert ph["end_exclusive"].tolist() == [D("2025-03-06"), D("2025-03-11")]
    assert S.phase_of(tl, "2025-03-03") == "before"
    assert S.phase_of(tl, "2025-03-01") == "before"  # first day
    assert S.phase_of(tl, "2025-03-05") == "before"  # last day
    assert S.phase_of(tl, D("2025-03-06")) == "clashes"
    assert S.phase_of(tl, D("2025-03-10 23:30")) == "clashes"  # the whole last day
    assert S.phase_of(tl, "2025-03-11") is None
    assert S.phase_of(tl, "2025-02-28") is None
    assert S.phase_of(tl, None) is None


# --- purity ----------------------------------------------------------------------------------------

def test_no_function_mutates_the_timeline(make_timeline):
    tl = make_timeline([
        {"id": "a", "start": "2025-03-06", "end": "2025-03-08", "place": "latakia;baniyas", "actors": "A;B"},
        {"id": "m", "start": "2025-02", "date_precision": "month"},
    ], REPORTS)
    before = {f.name: copy.deepcopy(getattr(tl, f.name)) for f in dataclasses.fields(tl)
              if isinstance(getattr(tl, f.name), pd.DataFrame)}
    for by in S.BY_CHOICES:
        for freq in S.FREQ_CHOICES:
            S.events_per_period(tl, freq=freq, by=by)
            S.cumulative_events(tl, freq=freq, by=by)
        S.month_only_events(tl, by=by)
    S.toll_figures(tl)
    toll = S.reported_toll(tl)
    toll_before = toll.copy(deep=True)
    S.toll_spread(toll)
    pd.testing.assert_frame_equal(toll, toll_before)
    S.phase_intervals(tl)
    S.phase_of(tl, "2025-03-07")
    for name, frame in before.items():
        pd.testing.assert_frame_equal(getattr(tl, name), frame, obj=name)


# --- the shipped data --------------------------------------------------------------------------------

def _latest(raw: pd.DataFrame, on: pd.Timestamp, measure: str):
    """The figure in force on a day, read from the raw table one row at a time."""
    best = None
    for r in raw.itertuples(index=False):
        if pd.isna(getattr(r, measure)) or r.published > on:
            continue
        if best is None or r.published >= best[0]:  # later row on the same day wins
            best = (r.published, int(getattr(r, measure)), r.id)
    return best


def test_shipped_sohr_civilian_toll_is_the_latest_published(tl):
    on = D("2025-03-12")
    cr = tl.casualty_reports
    sohr = cr[(cr["reported_by"] == "SOHR") & (cr["tally"] == "running")]
    toll = S.reported_toll(tl, measures=["killed_civilians"], reporters=["SOHR"])
    checked = 0
    for period_start, raw in sohr.groupby("period_start"):
        expected = _latest(raw, on, "killed_civilians")
        got = toll[(toll["period_start"] == period_start) & (toll["date"] == on)]
        if expected is None:
            assert got.empty
            continue
        assert got["value"].tolist() == [expected[1]]
        assert got["report_id"].tolist() == [expected[2]]
        checked += 1
    assert checked >= 1


def test_shipped_organisations_are_separate_series(tl):
    toll = S.reported_toll(tl)
    by_series = toll.groupby("series")["reported_by"].unique()
    assert all(len(v) == 1 for v in by_series)  # no series mixes organisations
    for org in ("SNHR", "OHCHR", "SOHR"):
        assert any(v[0] == org for v in by_series)
    assert not toll.duplicated(["date", "measure", "series"]).any()
    # every value is one a single report published for that measure: nothing summed
    figures = S.toll_figures(tl).set_index(["report_id", "measure"])["value"]
    assert (toll["value"].to_numpy() == figures.loc[list(zip(toll["report_id"], toll["measure"]))].to_numpy()).all()
    # the series as of each day agree with a one-row-at-a-time reading of the raw table
    cr = tl.casualty_reports[tl.casualty_reports["tally"] == "running"]
    last = tl.casualty_reports["published"].max()
    for (org, period_start), raw in cr.groupby(["reported_by", "period_start"]):
        for measure in MEASURES:
            expected = _latest(raw, last, measure)
            got = toll[(toll["reported_by"] == org) & (toll["period_start"] == period_start)
                       & (toll["measure"] == measure) & (toll["date"] == last)]
            assert got["value"].tolist() == ([] if expected is None else [expected[1]]), (org, measure)


def test_shipped_event_counts_and_phases(tl):
    daily = S.events_per_period(tl)
    counted = tl.events[tl.events["date_precision"] != "month"]
    assert daily["share"].sum() == pytest.approx(len(counted))
    assert daily["period"].min() == tl.span[0] and daily["period"].max() == tl.span[1]
    weekly = S.events_per_period(tl, freq="W")
    assert weekly["share"].sum() == pytest.approx(len(counted))
    for ph in S.phase_intervals(tl).itertuples():
        assert S.phase_of(tl, ph.start) == ph.id
        assert S.phase_of(tl, ph.end) == ph.id
