"""The explorer over a scan: Explorer(timeline.scan(file)) shows what Explorer(timeline in memory) shows
for the same data, after the same control changes — every chart's figure, the summary and the table."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import types

import numpy as np
import plotly.utils
import pytest

pytest.importorskip("duckdb")

import timeline  # noqa: E402
from timeline.filters import Filters, UnknownFilterValue  # noqa: E402
from timeline.io import read_ucdp_ged  # noqa: E402
from timeline.scale import explore as scan_explore  # noqa: E402
from timeline.scale import views as scan_views  # noqa: E402
from timeline.scale.convert import convert  # noqa: E402
from timeline.views import select  # noqa: E402
from timeline.views.timeline import timeline_view  # noqa: E402
from timeline.widgets import Explorer  # noqa: E402

from test_io import write_ged  # noqa: E402

LIMIT = 300  # low, so the whole timeline is dense and a few weeks show each event


@pytest.fixture(scope="module")
def data(acled_scan):
    return acled_scan


@pytest.fixture(scope="module")
def apps(data):
    tl, sc = data
    return Explorer(tl, max_markers=LIMIT), Explorer(sc, max_markers=LIMIT)


@pytest.fixture
def pair(apps):
    for ex in apps:
        ex.reset()
        if "size_by" in ex.controls:
            ex.controls["size_by"].value = "events"
    return apps


def figure(fw) -> dict:
    """A FigureWidget's figure as plain JSON, without the trace ids plotly gives each widget
    (random, so two widgets of the same figure never share them)."""
    spec = json.loads(json.dumps(fw.to_plotly_json(), cls=plotly.utils.PlotlyJSONEncoder))
    for trace in spec["data"]:
        trace.pop("uid", None)
    return spec


def assert_same_app(a: Explorer, b: Explorer) -> None:
    assert a.chart_names == b.chart_names
    for name in a.chart_names:
        assert figure(a.figures[name]) == figure(b.figures[name]), name
    assert a.summary.value == b.summary.value
    assert a.table.value == b.table.value
    assert a.timeline_mode == b.timeline_mode
    assert a.filters == b.filters


def drive(pair, *steps) -> list[str]:
    """Apply each step (a function of an explorer) to both explorers, checking they agree after
    each; returns the timeline's mode after each step."""
    modes = []
    for step in steps:
        for ex in pair:
            step(ex)
        assert_same_app(*pair)
        modes.append(pair[0].timeline_mode)
    return modes


def set_value(name, value):
    return lambda ex: setattr(ex.controls[name], "value", value(ex) if callable(value) else value)


def day(ex, i):
    return ex.controls["dates"].options[i][1]


def zoom(a, b):
    """A zoom of the timeline's date axis to days ``a`` to ``b``, as the browser sends one."""
    return lambda ex: ex.figures["timeline"].plotly_relayout(
        {"xaxis.range": [str(day(ex, a).date()), str(day(ex, b).date())], "xaxis.autorange": False})


def unzoom(ex):
    """A double click on the timeline: the whole range again."""
    ex.figures["timeline"].plotly_relayout({"xaxis.autorange": True})


def test_opens_as_the_in_memory_explorer(pair):
    a, b = pair
    for name, control in a.controls.items():
        if hasattr(control, "options"):  # every option, with the whole timeline's counts
            assert tuple(control.options) == tuple(b.controls[name].options), name
    assert a.controls["phases"].buttons == [] and b.controls["phases"].buttons == []  # ACLED has no phases
    assert a.show_deaths and b.show_deaths
    assert_same_app(a, b)
    assert b.timeline_mode == "density"
    assert repr(a) == repr(b)


CHANGES = {
    "categories": [set_value("categories", ("military",)),
                   set_value("categories", ("political", "violence_against_civilians"))],
    "slider": [set_value("dates", lambda ex: (day(ex, 100), day(ex, 160))),
               set_value("dates", lambda ex: (day(ex, 0), day(ex, 400)))],
    "date pickers": [set_value("start", lambda ex: day(ex, 300).date()),
                     set_value("end", lambda ex: day(ex, 330).date())],
    "confidence": [set_value("confidence", "medium"), set_value("confidence", "high")],
    "text": [set_value("text", "killed"), set_value("text", "daraa killed")],
    "actors": [set_value("actors", lambda ex: tuple(v for _, v in ex.controls["actors"].options[:2]))],
    "places": [set_value("places", lambda ex: tuple(v for _, v in ex.controls["places"].options[1:4])),
               set_value("categories", ("military",))],
    "reporters": [set_value("reporters", ("ACLED",)), set_value("start", lambda ex: day(ex, 200).date())],
    "size_by": [set_value("size_by", "deaths"), set_value("categories", ("military",))],
    "reset": [set_value("categories", ("military",)), set_value("text", "shelled"), lambda ex: ex.reset()],
    "from code": [lambda ex: setattr(ex, "filters", "#start=2024-06-01&end=2024-07-15&cat=military"),
                  lambda ex: ex.show_dates("2024-01-01", "2024-01-20")],
    "nothing kept": [set_value("text", "no-such-word-anywhere"), set_value("text", "")],
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_the_same_change_shows_the_same_view(pair, change):
    drive(pair, *CHANGES[change])


def test_filtering_and_zooming_show_both_modes(pair):
    modes = drive(pair,
                  zoom(200, 215),                            # a zoom of a dense view: each event
                  unzoom,
                  set_value("dates", lambda ex: (day(ex, 100), day(ex, 150))),  # a filter: each event
                  zoom(110, 120),                            # a zoom within it
                  set_value("categories", ("military",)),   # a change undoes the zoom
                  lambda ex: ex.reset())
    assert modes == ["events", "density", "events", "events", "events", "density"]


def test_timeline_view_of_a_scan_equals_the_in_memory_view(data):
    """The scan's twin of timeline_view: the same values, field by field, in density and events
    mode, zoomed or not. The marks of each (category, kind) are in file order in both (the scan
    sorts the fetched events by their row), so hovers and ids line up one to one."""
    tl, sc = data
    basis = scan_views.TimelineBasis(sc)
    span = tl.span
    cases = [(Filters(), None, LIMIT), (Filters(), (span[0], span[1]), LIMIT),
             (Filters(), ("2024-05-01", "2024-05-20 12:00"), LIMIT), (Filters(categories=("military",)), None, 1000),
             (Filters(start="2024-02-01", end="2024-03-01"), None, LIMIT),
             (Filters(min_confidence="high", text="killed"), ("2023-10-01", "2024-04-01"), LIMIT),
             (Filters(start="2031-01-01"), None, LIMIT), (Filters(categories=("political",)), None, 0)]
    modes = set()
    for f, z, limit in cases:
        a = timeline_view(select(tl, f).zoomed(z), max_markers=limit)
        b = scan_views.timeline_view(sc.select(f), z, max_markers=limit, basis=basis)
        modes.add(a.mode)
        for field in dataclasses.fields(a):
            x, y = getattr(a, field.name), getattr(b, field.name)
            if field.name == "marks":
                assert len(x) == len(y)
                for m, n in zip(x, y):
                    for g in dataclasses.fields(m):
                        assert np.array_equal(np.asarray(getattr(m, g.name)), np.asarray(getattr(n, g.name))), \
                            (f, z, m.category, m.kind, g.name)
            elif isinstance(x, np.ndarray):
                assert np.array_equal(x, y), (f, z, field.name)
            else:
                assert x == y, (f, z, field.name)
    assert modes == {"events", "density"}


def test_unknown_values_are_refused_by_both(pair):
    messages = []
    for ex in pair:
        with pytest.raises(UnknownFilterValue, match="closest known") as e:
            ex.filters = Filters(places=("daraa-x",))
        messages.append(str(e.value))
        assert ex.filters == Filters()  # the view did not change
    assert messages[0] == messages[1]


def test_a_scan_explorer_has_no_view_in_memory(pair):
    with pytest.raises(TypeError, match=r"selection\.table"):
        pair[1].view
    assert len(pair[0].view) == len(pair[0].timeline)


def test_export_from_a_scan_goes_through_the_scan_export(pair, tmp_path, monkeypatch):
    _, b = pair
    monkeypatch.setattr(scan_explore, "EXPORT", ("timeline.scale.no_such_module", "write_html"))
    b.controls["export_path"].value = str(tmp_path / "view.html")
    b.controls["export"].click()  # the status line says why, the button raises nothing
    assert "timeline export --scan" in b.status.value and not (tmp_path / "view.html").exists()
    with pytest.raises(LookupError, match="timeline export --scan"):
        b.export()

    written = []

    def write_html(scan, path, filters):
        written.append((scan, filters))
        path.write_text("<html>view</html>")

    monkeypatch.setitem(sys.modules, "scan_export_stand_in", types.SimpleNamespace(write_html=write_html))
    monkeypatch.setattr(scan_explore, "EXPORT", ("scan_export_stand_in", "write_html"))
    b.controls["categories"].value = ("military",)
    b.controls["export"].click()
    assert written == [(b.timeline, Filters(categories=("military",)))]
    assert "view.html" in b.status.value and (tmp_path / "view.html").read_text() == "<html>view</html>"


def test_a_ged_scan_explorer_shows_its_ranges_as_in_memory(tmp_path):
    path = write_ged(
        tmp_path / "ged.csv", {},
        {"best": "10", "low": "7", "high": "15", "date_start": "2017-01-04", "date_end": "2017-01-04"},
        {"type_of_violence": "3", "best": "6", "low": "5", "high": "9", "date_start": "2017-01-12",
         "date_end": "2017-01-14", "deaths_civilians": "6", "where_coordinates": "Ar Raqqah town",
         "latitude": "35.95", "longitude": "39.01"},
        {"best": "3", "low": "3", "high": "3", "date_prec": "4", "date_start": "2017-02-01", "date_end": "2017-02-28"})
    convert(path, tmp_path / "ged.parquet", "ucdp", progress=False)
    pair = Explorer(read_ucdp_ged(path)), Explorer(timeline.scan(tmp_path / "ged.parquet", format="ucdp"))
    assert pair[1].show_deaths
    drive(pair, lambda ex: None, set_value("text", "raqqah"), set_value("size_by", "deaths"), lambda ex: ex.reset())


def test_import_timeline_widgets_needs_no_duckdb():
    """The scan is an optional extra: the explorer of a Timeline neither imports nor needs DuckDB
    (here DuckDB cannot be imported at all, and nothing of timeline.scale is loaded)."""
    code = ("import sys; sys.modules['duckdb'] = None\n"
            "import timeline, timeline.widgets\n"
            "mode = timeline.widgets.Explorer(timeline.load()).timeline_mode\n"
            "print(mode, sorted(m for m in sys.modules if m.startswith('timeline.scale')))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "events []"
