"""Drive the Explorer as a user would: set control values, assert on the figures and the summary."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timeline.charts import wording
from timeline.filters import Filters
from timeline.widgets import Explorer


@pytest.fixture(scope="module")
def shipped():
    import timeline

    return timeline.load()


@pytest.fixture
def ex(shipped):
    return Explorer(shipped)


def _n(trace) -> int:
    values = trace.lat if trace.type == "scattergeo" else trace.x
    return 0 if values is None else len(values)


def event_points(fig, category=None) -> int:
    """Events drawn on the timeline (markers and bars), optionally of one category."""
    return sum(_n(t) for t in fig.data if (t.meta or {}).get("role") == "event"
               and (category is None or t.meta.get("category") == category))


def drawn_categories(fig) -> set[str]:
    return {t.meta["category"] for t in fig.data if (t.meta or {}).get("role") == "event" and _n(t)}


def count_total(fig) -> float:
    return sum(float(np.nansum(np.asarray(t.y, dtype=float))) for t in fig.data
               if t.type == "bar" and t.y is not None)


def toll_reporters(fig) -> set[str]:
    return {t.meta["reported_by"] for t in fig.data if (t.meta or {}).get("role") == "toll" and _n(t)}


def drawn_reporters(tl) -> set[str]:
    """Organisations with a running total of all deaths or of civilians: the toll chart's default measures."""
    from timeline.series import toll_figures

    f = toll_figures(tl)
    f = f[(f["tally"] == "running") & f["measure"].isin(["killed_total", "killed_civilians"])]
    return set(f["reported_by"])


def test_opens_on_everything(ex, shipped):
    dated = (shipped.events["date_precision"] != "month").sum()
    assert event_points(ex.figures["timeline"]) == dated
    assert ex.summary.value.count(f"{len(shipped)} of {len(shipped)} events")
    assert toll_reporters(ex.figures["toll"]) == drawn_reporters(shipped)


def test_only_violence_against_civilians(ex, shipped):
    fw = ex.figures["timeline"]
    ids_before = [id(t) for t in fw.data]
    ex.controls["categories"].value = ("violence_against_civilians",)
    assert drawn_categories(fw) == {"violence_against_civilians"}
    n = int((shipped.events["category"] == "violence_against_civilians").sum())
    assert event_points(fw, "violence_against_civilians") == n
    assert f"{n} of {len(shipped)} events" in ex.summary.value
    # updated in place: the same FigureWidget and trace objects
    assert [id(t) for t in fw.data] == ids_before
    map_cats = {t.meta.get("category") for t in ex.figures["map"].data
                if (t.meta or {}).get("role") == "place" and _n(t)}
    assert map_cats <= {"violence_against_civilians"}


def test_narrowing_dates_changes_counts(ex, shipped):
    before = count_total(ex.figures["counts"])
    ex.controls["start"].value = pd.Timestamp("2025-03-06").date()
    ex.controls["end"].value = pd.Timestamp("2025-03-10").date()
    assert ex.filters.start == pd.Timestamp("2025-03-06") and ex.filters.end == pd.Timestamp("2025-03-10")
    after = count_total(ex.figures["counts"])
    assert 0 < after < before
    ev = shipped.events
    expected = int(((ev["span_end"] >= "2025-03-06") & (ev["start"] <= "2025-03-10")).sum())
    assert f"{expected} of {len(shipped)} events" in ex.summary.value
    assert "6–10 Mar 2025" in ex.summary.value
    # the slider follows the date pickers
    assert ex.controls["dates"].value == (pd.Timestamp("2025-03-06"), pd.Timestamp("2025-03-10"))


def test_slider_moves_the_date_pickers(ex):
    days = ex.controls["dates"].options
    ex.controls["dates"].value = (days[10][1], days[20][1])
    assert ex.controls["start"].value == days[10][1].date()
    assert ex.filters.end == days[20][1]


def test_text_finds_baniyas(ex, shipped):
    ex.controls["text"].value = "Baniyas"
    shown = len(ex.view)
    assert 0 < shown < len(shipped)
    assert event_points(ex.figures["timeline"]) + int((ex.view.events["date_precision"] == "month").sum()) == shown
    assert "Baniyas" in ex.table.value


def test_one_reporter_leaves_only_its_toll_line(ex):
    ex.controls["reporters"].value = ("SNHR",)
    assert toll_reporters(ex.figures["toll"]) == {"SNHR"}
    ex.controls["reporters"].value = ("SOHR", "OHCHR")
    assert toll_reporters(ex.figures["toll"]) == {"SOHR", "OHCHR"}


def test_toll_chart_keeps_both_panels_whatever_the_reporters(ex):
    """A view with figures for one measure only (SNHR counts civilians here) keeps the second
    panel where it was: a panel dropped and brought back breaks the chart in the browser."""
    def panels(fig):
        lay = fig.layout
        return [tuple(lay.xaxis.domain), tuple(lay.xaxis2.domain)], [(a.text, a.x) for a in lay.annotations
                                                                     if (a.name or "").startswith("panel:")
                                                                     and a.visible is not False]

    both = panels(ex.figures["toll"])
    assert both[0][0][1] < both[0][1][0] and len(both[1]) == 2  # side by side, each with its title
    ex.controls["reporters"].value = ("SNHR",)
    assert toll_reporters(ex.figures["toll"]) == {"SNHR"} and panels(ex.figures["toll"]) == both
    ex.controls["reporters"].value = ()
    assert panels(ex.figures["toll"]) == both


def test_confidence_and_places(ex, shipped):
    ex.controls["confidence"].value = "high"
    assert (ex.view.events["confidence"] == "high").all()
    ex.controls["confidence"].value = "low"
    ex.controls["places"].value = ("jableh",)
    assert set(ex.view.event_places["place_id"]) >= {"jableh"}
    assert len(ex.view) == shipped.event_places.loc[shipped.event_places["place_id"] == "jableh", "event_id"].nunique()


def test_reset_restores_everything(ex, shipped):
    full_points = event_points(ex.figures["timeline"])
    full_counts = count_total(ex.figures["counts"])
    ex.controls["categories"].value = ("military",)
    ex.controls["text"].value = "Jableh"
    ex.controls["reporters"].value = ("SNHR",)
    ex.controls["reset"].click()
    assert ex.filters == Filters()
    assert event_points(ex.figures["timeline"]) == full_points
    assert count_total(ex.figures["counts"]) == full_counts
    assert ex.controls["categories"].value == () and ex.controls["text"].value == ""
    assert toll_reporters(ex.figures["toll"]) == drawn_reporters(shipped)


def test_filters_settable_from_code_and_two_explorers_independent(shipped):
    a = Explorer(shipped, filters=Filters(categories=["military"]))
    b = Explorer(shipped)
    assert a.controls["categories"].value == ("military",)
    assert drawn_categories(a.figures["timeline"]) == {"military"}
    assert len(drawn_categories(b.figures["timeline"])) > 1
    b.filters = {"text": "Qardaha"}
    assert a.filters.text == "" and b.filters.text == "Qardaha"
    assert b.controls["text"].value == "Qardaha"


def test_table_escapes_untrusted_text(make_timeline):
    tl = make_timeline([
        {"id": "x1", "start": "2025-03-06", "title": "<script>alert(1)</script>",
         "description": '<img src=x onerror="alert(2)">'},
    ], sources=[{"id": "src-a", "publisher": "<b>Pub</b>", "title": "[t]", "url": "https://example.org/?a=1&b=\"2\"",
                 "published": "", "notes": ""}])
    ex = Explorer(tl)
    html = ex.table.value
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;Pub&lt;/b&gt;" in html
    assert 'href="https://example.org/?a=1&amp;b=&quot;2&quot;"' in html


def test_export_button_downloads_the_view_and_keeps_a_copy(ex, tmp_path, monkeypatch):
    sent = []
    monkeypatch.setattr(ex.download, "send", lambda content, buffers=None: sent.append((content, buffers)))
    ex.controls["categories"].value = ("political",)
    out = tmp_path / "view.html"
    ex.controls["export_path"].value = str(out)
    ex.controls["export"].click()
    assert out.exists() and out.stat().st_size > 100_000
    # the browser gets the very file, as a message (never widget state)
    [(content, buffers)] = sent
    assert content["type"] == "file" and content["name"] == "view.html" and content["mime"] == "text/html"
    assert bytes(buffers[0]) == out.read_bytes()
    assert "downloads" in ex.status.value and str(out) in ex.status.value
    assert "view.html" not in str(ex.download.get_state())


def test_phase_buttons_set_the_dates_in_one_click(ex):
    ex.controls["categories"].value = ("violence_against_civilians",)
    labels = [b.description for b, _, _ in ex.controls["phases"].buttons]
    assert "Coastal clashes, 6–12 Mar 2025" in labels
    button, start, end = next(x for x in ex.controls["phases"].buttons if x[0].description.startswith("Coastal"))
    button.click()
    assert (ex.filters.start, ex.filters.end) == (start, end)
    assert ex.filters.categories == ("violence_against_civilians",)  # the other filters stay
    assert (ex.controls["start"].value, ex.controls["end"].value) == (start.date(), end.date())


def test_chart_titles_follow_the_filters(ex):
    def first_line(name):
        return ex.figures[name].layout.title.subtitle.text.split("<br>")[0]

    assert all("Syria, 27 Nov 2024 – 29 Mar 2025" in first_line(n) for n in ex.chart_names)
    ex.filters = Filters(start="2025-03-06", end="2025-03-10", categories=["violence_against_civilians"])
    for name in ex.chart_names:
        assert "Syria, 6–10 Mar 2025 · Violence against civilians" in first_line(name), name
    assert wording.view_heading("Syria", pd.Timestamp("2025-03-06"), pd.Timestamp("2025-03-10"),
                                ["military", "political", "statement"]) == "Syria, 6–10 Mar 2025 · 3 categories"


def test_charts_keep_no_bundle_or_figure_in_widget_state(ex):
    import json

    for fw in ex.figures.values():
        state = fw.get_state()
        assert "_widget_data" not in state and "_widget_layout" not in state
        assert len(json.dumps(state, default=str)) < 20_000  # the loader, not plotly.js


# --- large timelines: per-day density, aggregated updates -------------------------------------------

from timeline import figures as F  # noqa: E402
from timeline import series as S  # noqa: E402
from timeline.filters import apply_filters  # noqa: E402
from timeline.widgets import events_table_html, summary_text  # noqa: E402
from timeline.widgets.sync import same as _same  # noqa: E402

LIMIT = 50  # a small density threshold, so a few hundred events are a "large" timeline


@pytest.fixture(scope="module")
def acled(tmp_path_factory):
    """400 ACLED-shaped events (timeline.synthetic), read as a user would."""
    from timeline.synthetic import generate_acled, write_acled
    from timeline.io import read_acled

    path = write_acled(generate_acled(400, seed=3), tmp_path_factory.mktemp("acled") / "acled.csv")
    return read_acled(path, progress=False)


@pytest.fixture
def big(acled):
    return Explorer(acled, max_markers=LIMIT)


def role(fig, name):
    return [t for t in fig.data if (t.meta or {}).get("role") == name]


def density(fig) -> dict[str, pd.Series]:
    """The density strips: events per day by category, indexed by day."""
    out = {}
    for t in role(fig, "density"):
        x = np.asarray(t.x if t.x is not None else [], dtype="datetime64[us]") - np.timedelta64(12, "h")
        z = np.asarray(t.z, dtype=float).reshape(-1) if t.z is not None and len(t.z) else np.zeros(0)
        out[t.meta["category"]] = pd.Series(z[:len(x)], index=x)
    return out


def mode_text(fig) -> str:
    return next(a.text for a in fig.layout.annotations if a.name == "mode")


def view_of(ex):
    return apply_filters(ex.timeline, ex.filters)


def check_density_matches_data(ex):
    """Each strip holds the events under way per day of its category, as computed from the data."""
    view = view_of(ex)
    counts = S.events_per_period(view, "D", "category")
    strips = density(ex.figures["timeline"])
    assert strips
    for category, strip in strips.items():
        want = counts[counts["group"] == category].set_index("period")["count"]
        assert strip.reindex(want.index, fill_value=0).astype(int).tolist() == want.tolist(), category
        assert strip.sum() == want.sum()
    # and, from the raw events: one-day events by their day
    ev = view.events[(view.events["date_precision"] == "day") & (view.events["end"].isna())]
    by_day = ev.groupby([ev["start"].dt.normalize(), ev["category"].astype(str)]).size()
    for (day, category), n in by_day.items():
        assert strips[category].get(np.datetime64(day, "us"), 0) >= n


def test_large_timeline_opens_as_density(big, acled):
    assert big.timeline_mode == "density"
    fw = big.figures["timeline"]
    assert "Density" in mode_text(fw) and f"{len(acled):,} events" in mode_text(fw)
    assert all(len(t.x) == 0 for t in role(fw, "event"))
    check_density_matches_data(big)
    assert f"{len(acled)} of {len(acled)} events" in big.summary.value


def test_filtering_below_the_threshold_shows_each_event_and_back(big, acled):
    fw = big.figures["timeline"]
    ids = [id(t) for t in fw.data]
    days = [v for _, v in big.controls["dates"].options]
    big.controls["dates"].value = (days[200], days[209])
    view = view_of(big)
    assert 0 < len(view) <= LIMIT
    assert big.timeline_mode == "events" and "Each event" in mode_text(fw)
    dated = int((view.events["date_precision"] != "month").sum())
    assert event_points(fw) + int((view.events["date_precision"] == "month").sum()) >= dated
    assert sum(len(t.x) for t in role(fw, "event")) == len(view)  # one mark per event (one lane each)
    assert all(len(t.x) == 0 for t in role(fw, "density"))
    # the hover of each event lists its sources, as on small data
    hover = " ".join(h for t in role(fw, "event") for h in t.hovertext)
    assert "Sources:" in hover
    big.controls["dates"].value = (days[0], days[-1])
    assert big.timeline_mode == "density"
    assert all(len(t.x) == 0 for t in role(fw, "event"))
    check_density_matches_data(big)
    assert [id(t) for t in fw.data] == ids  # the same trace objects in both modes
    assert all(big.figures[name] is fig for name, fig in zip(big.chart_names, big.figures.values()))


def test_density_follows_category_and_confidence(big):
    fw = big.figures["timeline"]
    ids = {name: [id(t) for t in f.data] for name, f in big.figures.items()}
    big.controls["categories"].value = ("military",)
    assert big.timeline_mode == "density"
    strips = density(fw)
    assert strips["military"].sum() > 0
    assert all(s.sum() == 0 for c, s in strips.items() if c != "military")
    check_density_matches_data(big)
    big.controls["confidence"].value = "high"
    check_density_matches_data(big)
    assert {name: [id(t) for t in f.data] for name, f in big.figures.items()} == ids


@pytest.mark.parametrize("filters", [
    Filters(), Filters(categories=["political"]), Filters(min_confidence="medium"),
    Filters(start="2024-01-01", end="2024-06-30", categories=["military", "political"]),
    Filters(text="killed"), Filters(reporters=["ACLED"], start="2024-03-01"),
])
def test_aggregated_views_equal_the_builders(big, acled, filters):
    """Summary, table, counts, map dots and view: what apply_filters and the builders give."""
    big.filters = filters
    f = big.filters
    view = apply_filters(acled, f)
    assert summary_text(acled, view, f) in big.summary.value
    assert big.table.value == events_table_html(view, big.max_rows)
    v = big.view
    for name in ("events", "casualty_reports", "sources", "places", "event_places", "event_sources", "event_actors"):
        assert getattr(v, name).index.equals(getattr(view, name).index), name
    ref = F.counts_figure(view, full=acled)
    for a, b in zip(ref.data, big.figures["counts"].data):
        assert _same(np.asarray(a.y), np.asarray(b.y)) and _same(np.asarray(a.customdata), np.asarray(b.customdata))
    # the explorer's subtitle: the view's heading, then the chart's own
    assert ref.layout.title.subtitle.text == big.figures["counts"].layout.title.subtitle.text.split("<br>", 1)[1]

    def dots(fig):
        return {(t.meta["geo"], t.meta["category"], cd): (int(sz), hv) for t in role(fig, "place")
                if t.meta["geo"] == "geo" and len(t.lon) for cd, sz, hv in zip(t.customdata, t.marker.size, t.hovertext)}

    ref = F.map_figure(view)
    assert dots(ref) == dots(big.figures["map"])
    if big.timeline_mode == "density":
        check_density_matches_data(big)
    else:
        ref = F.timeline_figure(view, full=acled, max_markers=LIMIT)
        for a, b in zip(ref.data, big.figures["timeline"].data):
            assert _same(np.asarray(a.hovertext if a.hovertext is not None else []),
                         np.asarray(b.hovertext if b.hovertext is not None else []))


def test_zooming_in_shows_each_event_and_out_density(big, acled):
    fw = big.figures["timeline"]
    ids = [id(t) for t in fw.data]
    fw.layout.xaxis.range = ["2024-05-01", "2024-05-09"]  # as a zoom in the browser would
    assert big.timeline_mode == "events"
    shown = sum(len(t.x) for t in role(fw, "event"))
    ev = acled.events
    in_window = ((ev["span_end"] >= "2024-05-01") & (ev["start"] <= "2024-05-09")).sum()
    assert 0 < shown == in_window <= LIMIT
    assert [str(pd.Timestamp(x).date()) for x in fw.layout.xaxis.range] == ["2024-05-01", "2024-05-09"]
    fw.plotly_relayout({"xaxis.autorange": True})  # double click: zoom out
    assert big.timeline_mode == "density"
    assert [id(t) for t in fw.data] == ids
    assert "6 of" not in big.summary.value  # a zoom is not a filter


def test_reset_restores_the_density_view(big, acled):
    big.controls["categories"].value = ("violence_against_civilians",)
    big.controls["text"].value = "killed"
    big.reset()
    assert big.filters == Filters() and big.timeline_mode == "density"
    check_density_matches_data(big)
    assert f"{len(acled)} of {len(acled)} events" in big.summary.value


@pytest.mark.parametrize("large", [False, True])
def test_updates_send_only_what_changed_and_never_the_template(ex, big, large):
    """One update message per figure and change, with the changed trace data and a few layout
    keys — never the template (sent once, when the widget was built)."""
    app = big if large else ex
    sent: dict[str, list] = {name: [] for name in app.figures}
    for name, fw in app.figures.items():
        fw.observe(lambda change, name=name: change["new"] and sent[name].append(change["new"]),
                   names=["_py2js_update", "_py2js_relayout", "_py2js_restyle"])
    app.controls["categories"].value = ("political",)
    assert len(sent["counts"]) == 1 and len(sent["timeline"]) == 1 and len(sent["map"]) == 1
    for name, msgs in sent.items():
        for msg in msgs:
            layout = msg.get("layout_data") or {}
            assert not any(k.startswith("template") for k in layout), name
            assert len(layout) < 40, (name, sorted(layout))
    assert set(sent["counts"][0]["style_data"]) >= {"y"}


def test_the_explorer_filters_as_a_plain_pandas_filter_would(acled):
    """The integer codes give the masks of a straightforward pandas implementation."""
    from timeline.index import EventIndex

    ix = EventIndex(acled)
    ev, cr = acled.events, acled.casualty_reports
    actor = acled.event_actors["actor"].iloc[0]
    place = acled.event_places["place_id"].iloc[5]
    for f in [Filters(start="2024-02-01", end="2024-02-20"), Filters(categories=["political"]),
              Filters(min_confidence="high"), Filters(actors=[actor]), Filters(places=[place]),
              Filters(text="killed armed"), Filters(reporters=["ACLED"], end="2024-05-01")]:
        mask = np.ones(len(ev), dtype=bool)
        if f.start is not None:
            mask &= (ev["span_end"] >= f.start).to_numpy()
        if f.end is not None:
            mask &= (ev["start"] <= f.end).to_numpy()
        if f.categories:
            mask &= ev["category"].isin(f.categories).to_numpy()
        if f.min_confidence != "low":
            mask &= (ev["confidence"] >= f.min_confidence).fillna(False).to_numpy(dtype=bool)
        if f.actors:
            mask &= ev["id"].isin(acled.event_actors.loc[acled.event_actors["actor"].isin(f.actors), "event_id"])
        if f.places:
            mask &= ev["id"].isin(acled.event_places.loc[acled.event_places["place_id"].isin(f.places), "event_id"])
        if f.text:
            from timeline.search import normalize, words

            places = acled.places.set_index("id")
            ep = acled.event_places
            names = ep["place_id"].map(places["name"]).fillna("") + "\n" + ep["place_id"].map(places["name_ar"]).fillna("")
            place_text = ep.assign(name=names).groupby("event_id", sort=False)["name"].agg("\n".join)
            actor_text = acled.event_actors.groupby("event_id", sort=False)["actor"].agg("\n".join)
            hay = (ev["title"] + "\n" + ev["description"] + "\n" + ev["notes"] + "\n"
                   + ev["id"].map(place_text).fillna("") + "\n" + ev["id"].map(actor_text).fillna("")).map(normalize)
            for word in words(f.text):
                mask &= hay.str.contains(word, regex=False).to_numpy()
        assert np.array_equal(ix.event_mask(f), mask), f
        keep = np.ones(len(cr), dtype=bool)
        if f.reporters:
            keep &= cr["reported_by"].isin(f.reporters).to_numpy()
        by_event = ((cr["event"] != "") & (cr["tally"] == "incident")).to_numpy()  # dated by their event
        if f.start is not None:
            keep &= by_event | (cr["published"] >= f.start).to_numpy()
        if f.end is not None:
            keep &= by_event | (cr["published"] <= f.end).to_numpy()
        keep &= ((cr["event"] == "") | cr["event"].isin(ev["id"][mask])).to_numpy()
        assert np.array_equal(ix.report_mask(f, mask), keep), f


# --- per-event death figures ------------------------------------------------------------------------

def deaths_total(fig) -> int:
    return int(sum(np.nansum(np.asarray(t.y, dtype=float)) for t in role(fig, "deaths")))


def test_dataset_timeline_shows_the_deaths_chart_below_the_counts(big, acled):
    assert big.chart_names == ("timeline", "counts", "deaths", "toll", "map")
    charts = big.widget.children[0].children[1].children
    assert charts.index(big.figures["deaths"]) == charts.index(big.figures["counts"]) + 1
    assert charts.index(big.controls["size_by"]) == charts.index(big.figures["map"]) - 1
    fw = big.figures["deaths"]
    assert deaths_total(fw) == deaths_total(F.deaths_figure(acled))
    sub = fw.layout.title.subtitle.text.replace("<br>", " ")
    assert "ACLED" in sub and "not a running toll" in sub
    assert "Reported killed" in big.table.value and "(ACLED)</td>" in big.table.value


@pytest.mark.parametrize("filters", [
    Filters(categories=["political"]), Filters(start="2024-01-01", end="2024-06-30"), Filters(text="killed"),
    Filters(reporters=["ACLED"], min_confidence="high"),
])
def test_filters_apply_to_the_deaths_chart(big, acled, filters):
    ids = [id(t) for t in big.figures["deaths"].data]
    big.filters = filters
    view = apply_filters(acled, big.filters)
    ref = F.deaths_figure(view, full=acled)
    got = big.figures["deaths"]
    assert [id(t) for t in got.data] == ids  # updated in place
    for a, b in zip(ref.data, got.data):
        assert a.meta == b.meta
        assert _same(np.asarray(a.y), np.asarray(b.y)) and _same(pd.to_datetime(np.asarray(a.x)).to_numpy(), pd.to_datetime(np.asarray(b.x)).to_numpy())
    assert deaths_total(got) == int(view.casualty_reports.loc[
        view.casualty_reports["event"].isin(view.events.loc[view.events["date_precision"] != "month", "id"]),
        "killed_total"].sum())


def test_map_toggle_sizes_dots_by_reported_deaths(big, acled):
    def sizes(fig):
        return {(t.meta["category"], cd): float(s) for t in role(fig, "place") if t.meta["geo"] == "geo"
                for cd, s in zip(t.customdata, t.marker.size)}

    by_events = sizes(big.figures["map"])
    assert by_events == sizes(F.map_figure(acled))
    big.controls["size_by"].value = "deaths"
    assert big.size_by == "deaths"
    assert sizes(big.figures["map"]) == sizes(F.map_figure(acled, size_by="deaths")) != by_events
    big.controls["categories"].value = ("military",)
    view = apply_filters(acled, big.filters)
    assert sizes(big.figures["map"]) == sizes(F.map_figure(view, size_by="deaths"))
    big.controls["size_by"].value = "events"
    assert sizes(big.figures["map"]) == sizes(F.map_figure(view))


def test_bundled_timeline_keeps_four_charts_and_shows_its_per_event_figures_in_the_table(ex, shipped):
    """The shipped timeline's per-event figures are few and from many organisations: no deaths chart
    or map toggle (they would read as a toll), but the table names each figure and who gave it."""
    assert ex.chart_names == ("timeline", "counts", "toll", "map") and "deaths" not in ex.figures
    assert "size_by" not in ex.controls and ex.size_by == "events"
    assert "Reported killed" in ex.table.value and "at least 30 (Al Mayadeen)" in ex.table.value
    ex.controls["reporters"].value = ("SOHR",)
    assert "(Al Mayadeen)" not in ex.table.value and "69, of them 69 civilians (SOHR)<br>52 (SOHR)</td>" in ex.table.value
    forced = Explorer(shipped, deaths=True)
    assert "deaths" in forced.figures and "SOHR" in forced.figures["deaths"].layout.title.subtitle.text


def test_the_summary_line_separates_thousands():
    from timeline.charts import wording
    from timeline.views.table import Summary

    line = wording.summary_line(Summary(639_990, 1_000_000, 16, 1_000_000, None, None))
    assert line == "639,990 of 1,000,000 events · 16 sources · 1,000,000 casualty figures"
