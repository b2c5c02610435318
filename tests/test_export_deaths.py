"""The exported page's per-event death figures against Python's views, in headless Chromium.

The deaths chart's numbers (per week and category, low–high sums, the note, the count axis'
step) equal :func:`timeline.views.deaths.deaths_view` for the same filters; the table's
"Reported killed" cells equal :func:`timeline.views.table.table_view`'s claims written by
:func:`timeline.charts.wording.claim_text` (only the figures the reporters filter keeps); the
map's dots sized by deaths equal :func:`timeline.views.map.map_view` ``size_by="deaths"``; and
hostile text in an ACLED ``source`` column or a reporter's name shows as text.
"""

from __future__ import annotations

import numpy as np
import pytest

from timeline import export
from timeline.charts import deaths as deaths_chart
from timeline.charts import wording as W
from timeline.filters import Filters
from timeline.io import read_acled, read_ucdp_ged
from timeline.views import select
from timeline.views.deaths import deaths_view
from timeline.views.map import map_view
from timeline.views.table import table_view

from test_export import P1, P3, hostile_timeline
from test_io import write_ged

pytestmark = pytest.mark.browser

#: Filter cases for the synthetic ACLED file (dates, categories, confidence, text, places).
ACLED_CASES = [
    {}, {"start": "2024-02-01", "end": "2024-05-31"}, {"categories": ["violence_against_civilians"]},
    {"categories": ["military", "political"], "min_confidence": "high"}, {"text": "killed"},
    {"text": "no-such-word-at-all"}, {"start": "2024-06-01", "text": "shelled"},
]
#: The bundled data, shown with its per-event figures: reporters filter the figures.
BUNDLED_CASES = [
    {}, {"reporters": ["SOHR"]}, {"reporters": ["Syrian Interior Ministry", "Al Mayadeen"]},
    {"reporters": ["SOHR"], "start": "2025-03-07", "end": "2025-03-12"}, {"categories": ["violence_against_civilians"]},
    {"text": "latakia"}, {"reporters": ["SNHR"]},
]


@pytest.fixture(scope="module")
def chromium():
    from browser import browser

    with browser() as b:
        yield b


def opened(chromium, path):
    from browser import guard

    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    blocked, errors = guard(page)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=60_000)
    return page, blocked, errors, dialogs


@pytest.fixture(scope="module")
def ged(tmp_path_factory):
    path = write_ged(
        tmp_path_factory.mktemp("ged") / "ged.csv",
        {},
        {"best": "10", "low": "7", "high": "15", "date_start": "2017-01-04", "date_end": "2017-01-04"},
        {"best": "4", "low": "", "high": "", "date_start": "2017-01-12", "date_end": "2017-01-12"},
        {"type_of_violence": "3", "best": "6", "low": "5", "high": "9", "date_start": "2017-01-12",
         "date_end": "2017-01-12", "deaths_civilians": "6"},
        {"best": "3", "low": "3", "high": "3", "date_prec": "4", "date_start": "2017-02-01", "date_end": "2017-02-28"},
        {"best": "20", "low": "12", "high": "31", "date_start": "2017-03-02", "date_end": "2017-03-02"},
    )
    return read_ucdp_ged(path)


def _days(periods) -> list[int]:
    return (np.asarray(periods, dtype="datetime64[D]").astype(np.int64)).tolist()


def python_deaths(tl, f: dict) -> dict:
    """What Python's deaths chart shows for ``f``: per (first day of period, category) the deaths
    and figures; per period the low/high sums; the note and the count axis' step."""
    view = deaths_view(select(tl, Filters.from_dict(f)), freq="W")
    days = _days(view.periods)
    cells = {(d, c): (int(view.values[p, j]), int(view.figures[p, j]))
             for p, d in enumerate(days) for j, c in enumerate(view.categories)
             if view.values[p, j] or view.figures[p, j]}
    rng = ({d: (int(view.low[p]), int(view.high[p])) for p, d in enumerate(days) if view.low[p] or view.high[p]}
           if view.has_range else None)
    layout = deaths_chart.paint(view)["layout"]
    return {"cells": cells, "range": rng, "note": W.deaths_note(view.n_month, view.month_total, view.others),
            "total": view.total, "n_figures": view.n_figures, "n_month": view.n_month,
            "dtick": layout["yaxis"]["dtick"], "empty": view.total == 0 and not view.n_figures}


def page_deaths(page, f: dict) -> dict:
    got = page.evaluate("""async (f) => { await window.timelineApp.setFilters(f); return window.timelineApp.deaths(); }""",
                        Filters.from_dict(f).to_dict())
    cells = {(d, c): (int(v[p]), int(n[p])) for c, v, n in zip(got["categories"], got["values"], got["figures"])
             for p, d in enumerate(got["days"]) if v[p] or n[p]}
    rng = ({d: (int(lo), int(hi)) for d, lo, hi in zip(got["days"], got["low"], got["high"]) if lo or hi}
           if got["low"] is not None else None)
    return {"cells": cells, "range": rng, "note": got["note"], "total": int(got["total"]),
            "n_figures": got["n_figures"], "n_month": got["n_month"], "dtick": got["dtick"], "empty": got["empty"]}


def page_table(page) -> dict[str, list[str]]:
    """Per event row shown: the texts of its "Reported killed" cell."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#events-table tbody tr')].map(
        (tr) => [tr.dataset.event, [...tr.querySelectorAll('td.killed li')].map((li) => li.textContent)]))""")


def python_table(tl, f: dict) -> dict[str, list[str]]:
    view = table_view(select(tl, Filters.from_dict(f)), max_rows=500)
    return {r.id: [t for t in (W.claim_text(c) for c in r.killed) if t] for r in view.rows}


def check_cases(page, tl, cases) -> list:
    wrong = []
    for f in cases:
        want, got = python_deaths(tl, f), page_deaths(page, f)
        if want != got:
            wrong.append((f, {k: (want[k], got[k]) for k in want if want[k] != got[k]}))
        want_t, got_t = python_table(tl, f), page_table(page)
        common = set(want_t) & set(got_t)
        if len(common) < min(len(want_t), len(got_t)) or any(want_t[i] != got_t[i] for i in common):
            wrong.append((f, "table", [(i, want_t.get(i), got_t.get(i)) for i in sorted(set(want_t) | set(got_t))
                                       if want_t.get(i) != got_t.get(i)][:5]))
    return wrong


# --- the deaths chart and the table, like Python's -------------------------------------------------

def test_acled_page_deaths_and_table_equal_pythons(chromium, acled, tmp_path):
    path = export.write_html(acled, tmp_path / "acled.html", progress=False)
    page, blocked, errors, dialogs = opened(chromium, path)
    assert page.is_visible("#deaths") and page.text_content("#events-table thead") .count(W.DEATHS_TABLE_HEADER) == 1
    wrong = check_cases(page, acled, ACLED_CASES)
    assert not wrong, wrong
    assert python_deaths(acled, {})["n_figures"] > 1000  # the check is not vacuous
    # the hover of each bar: Python's template and period labels ("week of 6 Mar 2025")
    view = deaths_view(select(acled, Filters.from_dict(ACLED_CASES[-1])), freq="W")
    shown = page.evaluate("() => document.getElementById('deaths').data.filter((t) => t.meta.role === 'deaths')")
    want = {tr["name"]: tr["hovertemplate"] for tr in deaths_chart.paint(view)["data"] if tr["meta"]["role"] == "deaths"}
    assert {tr["name"]: tr["hovertemplate"] for tr in shown} == want
    whole = deaths_view(select(acled), freq="W")  # the page's periods are the whole timeline's
    label_of = dict(zip(_days(whole.periods), whole.period_text))
    page_labels = {(int(np.datetime64(x[:10], "D").astype(np.int64)) - 3, c[0])  # x: the middle of the week
                   for tr in shown for x, c in zip(tr["x"], tr["customdata"])}
    assert page_labels and all(label_of.get(d) == text for d, text in page_labels), page_labels
    assert not blocked and not errors and not dialogs, (blocked, errors, dialogs)


def test_ged_page_sums_low_and_high_like_python(chromium, ged, tmp_path):
    path = export.write_html(ged, tmp_path / "ged.html", progress=False)
    page, blocked, errors, dialogs = opened(chromium, path)
    cases = [{}, {"categories": ["violence_against_civilians"]}, {"start": "2017-01-10"}, {"end": "2017-01-05"}]
    wrong = check_cases(page, ged, cases)
    assert not wrong, wrong
    got = page_deaths(page, {})
    assert got["range"] and got["n_month"] == 1  # whiskers, and the month-only event in the note
    shown = page.evaluate("""() => document.getElementById('deaths').data.find((t) => t.meta.role === 'deaths-range')""")
    assert shown["customdata"] and all(len(c) == 3 for c in shown["customdata"])
    assert not blocked and not errors and not dialogs, (blocked, errors, dialogs)


def test_bundled_page_follows_the_reporters_filter(chromium, tl, tmp_path):
    path = export.write_html(tl, tmp_path / "bundled.html", deaths=True)
    page, blocked, errors, dialogs = opened(chromium, path)
    wrong = check_cases(page, tl, BUNDLED_CASES)
    assert not wrong, wrong
    sohr, others = python_table(tl, {"reporters": ["SOHR"]}), python_table(tl, {"reporters": ["Al Mayadeen"]})
    assert any(sohr.values()) and any(others.values()) and sohr != others  # the filter changes the cells
    assert not blocked and not errors and not dialogs, (blocked, errors, dialogs)


def test_bundled_page_by_default_has_the_column_but_no_deaths_chart(chromium, tl, tmp_path):
    path = export.write_html(tl, tmp_path / "bundled.html")
    page, blocked, errors, dialogs = opened(chromium, path)
    assert not page.is_visible("#deaths") and not page.query_selector(".size-by")
    assert page.text_content("#events-table thead").count(W.DEATHS_TABLE_HEADER) == 1
    assert page_table(page) == python_table(tl, {})
    assert not blocked and not errors and not dialogs, (blocked, errors, dialogs)


def test_phases_show_only_where_the_data_has_them(chromium, tl, acled, tmp_path):
    bundled, *_ = opened(chromium, export.write_html(tl, tmp_path / "bundled.html"))
    assert bundled.is_visible("section.phases") and bundled.is_visible(".phase-bar")
    assert bundled.locator("#phase-list li").count() == len(tl.phases) > 0
    page, blocked, errors, dialogs = opened(chromium, export.write_html(acled, tmp_path / "acled.html", progress=False))
    assert acled.phases.empty
    assert not page.is_visible("section.phases") and not page.is_visible(".phase-bar")
    assert not blocked and not errors and not dialogs, (blocked, errors, dialogs)


# --- the map sized by deaths ------------------------------------------------------------------------

def test_map_dots_sized_by_reported_deaths_like_python(chromium, acled, tmp_path):
    path = export.write_html(acled, tmp_path / "acled.html", progress=False)
    page, blocked, errors, dialogs = opened(chromium, path)
    page.check("input[name=size-by][value=deaths]")
    page.wait_for_function("() => document.getElementById('map').data.some((t) => t.meta && t.meta.role === 'place' "
                           "&& Array.isArray(t.marker.opacity))")
    for f in ({}, {"categories": ["military"]}, {"start": "2024-01-01", "end": "2024-03-31"}):
        page.evaluate("(f) => window.timelineApp.setFilters(f)", Filters.from_dict(f).to_dict())
        got = page.evaluate("""() => document.getElementById('map').data
            .filter((t) => t.meta && t.meta.role === 'place' && t.meta.geo === 'geo' && t.visible !== 'legendonly')
            .map((t) => [t.meta.category, Array.from(t.marker.size)])""")
        view = map_view(select(acled, Filters.from_dict(f)), size_by="deaths")
        for cat, sizes in got:
            want = np.sort(np.maximum(view.deaths[view.category == cat], 1e-3))
            assert np.allclose(np.sort(sizes), want), (f, cat)
        assert {c for c, s in got if s} == set(view.category.tolist())
    hover = page.evaluate("() => document.getElementById('map').data.find((t) => t.meta && t.meta.role === 'place').hovertext[0]")
    assert "reported killed (ACLED" in hover
    subtitle = page.evaluate("() => document.getElementById('map-base').layout.title.subtitle.text")
    assert "deaths ACLED gave" in subtitle
    page.check("input[name=size-by][value=events]")
    page.wait_for_function("() => !document.getElementById('map-base').layout.title.subtitle.text.includes('deaths')")
    assert not blocked and not errors and not dialogs, (blocked, errors, dialogs)


# --- hostile text -----------------------------------------------------------------------------------

def test_hostile_acled_source_and_reporter_names_show_as_text(chromium, tmp_path, data_copy):
    from timeline.synthetic import generate_acled, write_acled

    df = generate_acled(300, seed=3)
    df.loc[df.index[:40], "source"] = P3 + "; " + P1
    tl = read_acled(write_acled(df, tmp_path / "hostile.csv"), progress=False)
    path = export.write_html(tl, tmp_path / "hostile.html", progress=False)
    page, blocked, errors, dialogs = opened(chromium, path)
    assert page.evaluate("() => window.__pwned === undefined") and not dialogs
    assert page.evaluate("() => document.querySelectorAll('main img, main script').length") == 0
    source_line = page.evaluate("""() => [...document.querySelectorAll('#deaths .annotation-text')]
        .map((t) => t.textContent).join(' ')""")
    assert "<img src=x" in source_line  # the publisher, as text in the chart's source line
    assert P3 in page.text_content("#events-table")
    # a reporter's name, in the table's cells (the bundled data with a hostile reporter)
    bad = hostile_timeline(data_copy)
    path = export.write_html(bad, tmp_path / "hostile-bundled.html", deaths=True)
    page, blocked2, errors2, dialogs2 = opened(chromium, path)
    assert page.evaluate("() => window.__pwned === undefined") and not dialogs2
    assert page_table(page) == python_table(bad, {})
    assert not blocked and not errors and not blocked2 and not errors2, (blocked, errors, blocked2, errors2)
