"""The exported page in a real browser: Debian's Chromium driven by playwright, network blocked.

Every request that is not ``file:``, ``data:`` or ``blob:`` is blocked and recorded; console
errors (CSP violations included), page errors and dialogs are recorded too. One browser serves
the whole module; each page is opened once and the tests drive it in turn.
"""

from __future__ import annotations

import os

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

import timeline
from conftest import DATA, REPO
from test_export import P1, P2, P3, P4, hostile_timeline
from timeline import export
from timeline import figures as F
from timeline.export.page import SCRIPTS
from timeline.filters import Filters, apply_filters
from timeline.schema import CATEGORIES
from timeline.views import select

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ALLOWED = ("file:", "data:", "blob:")
POINTS = "#overview .subplot.xy .scatterlayer .point"   # one-day events in the timeline panel
BARS = "#overview .subplot.xy .barlayer .point"         # multi-day events
ROWS = "#events-table tbody tr"


@dataclass
class Opened:
    page: object
    requests: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    dialogs: list = field(default_factory=list)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium (/usr/bin/chromium): bash scripts/test.sh installs it")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (never `playwright install`)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def open_page(browser, path: Path) -> Opened:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    o = Opened(page)

    def route(r):
        if r.request.url.startswith(ALLOWED):
            return r.continue_()
        o.requests.append(r.request.url)
        return r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: o.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: o.errors.append(str(e)))
    page.on("dialog", lambda d: (o.dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=60_000)
    return o


def renders(page) -> int:
    return int(page.evaluate("document.body.dataset.renders || 0"))


def act(page, action) -> None:
    """Do ``action`` and wait until the page has drawn the result."""
    before = renders(page)
    action()
    # a function, not a string: the page's CSP forbids eval, which a string predicate would need
    page.wait_for_function("(n) => Number(document.body.dataset.renders || 0) > n", arg=before, timeout=10_000)


def count(page, selector: str) -> int:
    return page.evaluate("(s) => document.querySelectorAll(s).length", selector)


def status(page) -> str:
    return page.text_content("#status")


def reset(page) -> None:
    act(page, lambda: page.click("#f-reset"))


def one_day(tl) -> np.ndarray:
    ev = tl.events
    return ((ev["date_precision"].astype(str) != "month")
            & (ev["span_end"].dt.normalize() == ev["start"].dt.normalize())).to_numpy()


@pytest.fixture(scope="module")
def full(browser, tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "timeline.html"
    export.write_html(timeline.load(), path)
    o = open_page(browser, path)
    yield o
    o.page.close()


# --- the page draws, offline ----------------------------------------------------------------------

def test_page_renders_offline_with_no_request_and_no_error(full, tl, tmp_path):
    page = full.page
    assert full.requests == [] and full.errors == [] and full.dialogs == []
    ev = tl.events
    assert count(page, POINTS) == int(one_day(tl).sum()) > 0
    assert count(page, BARS) == int(((ev["date_precision"].astype(str) != "month") & ~one_day(tl)).sum())
    assert count(page, "#overview .subplot.x3y3 .scatterlayer .point") > 0  # the toll's markers
    land = page.evaluate("Array.from(document.querySelectorAll('#map-base .geo .layer.land path'))"
                         ".map(p => (p.getAttribute('d') || '').length)")
    assert land and max(land) > 1000  # the base map came from the inlined topojson
    placed = page.evaluate("document.getElementById('map').data.filter(t => t.meta && t.meta.role === 'place')"
                           ".reduce((n, t) => n + t.lon.length, 0)")
    assert placed > 0
    assert count(page, ROWS) == len(tl)
    assert status(page) == f"Showing {len(tl)} of {len(tl)} events"
    page.screenshot(path=str(tmp_path / "export.png"), full_page=True)
    bottom = page.evaluate("document.getElementById('map').getBoundingClientRect().bottom + window.scrollY")
    if os.environ.get("TIMELINE_UPDATE_DOCS"):  # refresh the README's picture on request only
        page.screenshot(path=str(REPO / "docs" / "export.png"), full_page=True,
                        clip={"x": 0, "y": 0, "width": 1280, "height": int(bottom) + 10})
    assert (tmp_path / "export.png").stat().st_size > 50_000


def test_page_recomputes_exactly_what_python_drew(full):
    """With nothing filtered out, the page's own counts, range band, map dots and list of
    unplaced places are the ones the figure builders made."""
    diffs = full.page.evaluate("""() => {
      const D = JSON.parse(document.getElementById('timeline-data').textContent);
      const gd = document.getElementById('overview'), gm = document.getElementById('map');
      const same = (a, b) => JSON.stringify(Array.from(a || [])) === JSON.stringify(Array.from(b || []));
      const out = [];
      D.figures.overview.data.forEach((t, i) => {
        const role = (t.meta || {}).role;
        if ((role === 'count' || role === 'range') && !same(t.y, gd.data[i].y)) out.push(['y', i]);
        if (role === 'range' && !same(t.x.map(x => x.slice(0, 10)), gd.data[i].x.map(x => x.slice(0, 10)))) out.push(['x', i]);
        if (role === 'range' && t.hovertext && !same(t.hovertext, gd.data[i].hovertext)) out.push(['hover', i]);
      });
      const dots = gm.data.filter(t => (t.meta || {}).role === 'place');
      D.figures.map.data.forEach((t, i) => {
        if ((t.meta || {}).role !== 'place') return;
        const g = dots.filter(d => d.meta.category === t.meta.category && d.meta.geo === t.meta.geo);
        if (g.length !== 1) return out.push(['trace', i]);
        if (!same(t.marker.size, g[0].marker.size)) out.push(['size', i]);
        if (!same(t.hovertext, g[0].hovertext)) out.push(['map hover', i]);
      });
      const a = D.figures.map.layout.annotations.find(a => a.name === 'unplaced');
      const b = gm.layout.annotations.find(a => a.name === 'unplaced');
      if (a && (a.text !== b.text || a.hovertext !== b.hovertext)) out.push(['unplaced']);
      return out;
    }""")
    assert diffs == []


# --- the controls filter the charts and the table ------------------------------------------------

def test_unticking_a_category_hides_its_markers_and_rows(full, tl):
    page = full.page
    reset(page)
    military = (tl.events["category"].astype(str) == "military").to_numpy()
    act(page, lambda: page.uncheck("#f-categories input[value='military']"))
    assert count(page, POINTS) == int((one_day(tl) & ~military).sum())
    cats = page.eval_on_selector_all(ROWS, "rows => rows.map(r => r.dataset.category)")
    assert len(cats) == int((~military).sum()) and "military" not in cats
    assert status(page) == f"Showing {int((~military).sum())} of {len(tl)} events"
    hidden = page.evaluate("""() => {
      const gd = document.getElementById('overview'), gm = document.getElementById('map');
      return {
        counts: gd.data.filter(t => t.meta.role === 'count' && t.meta.group === 'military').map(t => Math.max(...t.y)),
        events: gd.data.filter(t => t.meta.role === 'event' && t.meta.category === 'military').map(t => t.x.length),
        map: gm.data.filter(t => t.meta && t.meta.role === 'place' && t.meta.category === 'military').map(t => t.visible),
      };
    }""")
    assert hidden["counts"] == [0] and set(hidden["events"]) == {0} and set(hidden["map"]) == {"legendonly"}
    act(page, lambda: page.check("#f-categories input[value='military']"))
    assert count(page, POINTS) == int(one_day(tl).sum())
    # a category in the chart's legend is the same switch as its checkbox
    act(page, lambda: page.click("#overview .legend .traces:has-text('Military') .legendtoggle"))
    assert not page.is_checked("#f-categories input[value='military']")
    assert count(page, POINTS) == int((one_day(tl) & ~military).sum())
    act(page, lambda: page.click("#overview .legend .traces:has-text('Military') .legendtoggle"))
    assert page.is_checked("#f-categories input[value='military']")


def test_text_box_narrows_the_table(full, tl):
    page = full.page
    reset(page)
    act(page, lambda: page.fill("#f-text", "Baniyas"))
    view = apply_filters(tl, Filters(text="Baniyas"))
    assert 0 < len(view) < len(tl)
    texts = page.eval_on_selector_all(ROWS, "rows => rows.map(r => r.textContent)")
    assert len(texts) == len(view) and all("baniyas" in t.lower() for t in texts)
    ids = page.eval_on_selector_all(ROWS, "rows => rows.map(r => r.dataset.event)")
    assert set(ids) == set(view.events["id"])
    assert count(page, POINTS) == int(one_day(view).sum())
    assert status(page) == f"Showing {len(view)} of {len(tl)} events"
    act(page, lambda: page.fill("#f-text", ""))


def test_controls_agree_with_apply_filters(full, tl):
    page = full.page
    reset(page)

    def set_dates(a, b):
        page.fill("#f-start", a)
        page.dispatch_event("#f-start", "change")
        act(page, lambda: (page.fill("#f-end", b), page.dispatch_event("#f-end", "change")))

    set_dates("2025-03-06", "2025-03-10")
    f = Filters(start="2025-03-06", end="2025-03-10")
    assert status(page) == f"Showing {len(apply_filters(tl, f))} of {len(tl)} events"
    rng = page.evaluate("document.getElementById('overview').layout.xaxis3.range")
    assert "2025-03-04" < rng[0] < "2025-03-06" and "2025-03-11" <= rng[1] < "2025-03-13"  # zoomed, a day's margin
    act(page, lambda: page.select_option("#f-confidence", "high"))
    act(page, lambda: page.uncheck("#f-categories input[value='political']"))
    f = f.replace(min_confidence="high", categories=tuple(c for c in CATEGORIES
                                                          if c != "political"))
    assert status(page) == f"Showing {len(apply_filters(tl, f))} of {len(tl)} events"
    reset(page)
    assert status(page) == f"Showing {len(tl)} of {len(tl)} events"


def test_actor_and_place_typed_in_the_page_filter_like_python(full, tl):
    page = full.page
    reset(page)
    act(page, lambda: (page.fill("#f-actor", "general security"), page.press("#f-actor", "Enter")))
    view = apply_filters(tl, Filters(actors=["General Security"]))
    assert 0 < len(view) < len(tl) and status(page) == f"Showing {len(view)} of {len(tl)} events"
    assert page.text_content("#f-extra") == "Actor: General Security ×" and page.input_value("#f-actor") == ""
    act(page, lambda: (page.fill("#f-place", "Jableh"), page.press("#f-place", "Enter")))
    both = apply_filters(tl, Filters(actors=["General Security"], places=["jableh"]))
    assert status(page) == f"Showing {len(both)} of {len(tl)} events"
    page.fill("#f-actor", "Nobody at all")
    page.press("#f-actor", "Enter")
    assert "No actor named “Nobody at all”" in page.text_content("#pick-note")
    act(page, lambda: page.click("#f-extra .chip >> nth=0"))  # remove the actor: the place stays
    assert status(page) == f"Showing {len(apply_filters(tl, Filters(places=['jableh'])))} of {len(tl)} events"
    options = page.eval_on_selector_all("#actor-list option", "os => os.map(o => o.value)")
    assert set(options) == set(tl.event_actors["actor"])
    reset(page)
    assert page.text_content("#f-extra") == ""


def test_unticked_reporter_hides_its_line_and_the_band_follows(full, tl):
    page = full.page
    reset(page)
    act(page, lambda: page.uncheck("#f-reporters input[value='SNHR']"))
    got = page.evaluate("""() => {
      const gd = document.getElementById('overview');
      return {
        snhr: gd.data.filter(t => t.meta.role === 'toll' && t.meta.reported_by === 'SNHR').map(t => t.visible),
        labels: gd.layout.annotations.filter(a => (a.name || '').startsWith('end:SNHR')).map(a => a.visible),
        bands: Object.fromEntries(gd.data.filter(t => t.meta.role === 'range')
                                    .map(t => [t.meta.id, [t.x.map(x => x.slice(0, 10)), Array.from(t.y)]])),
      };
    }""")
    assert got["snhr"] and set(got["snhr"]) == {False} and set(got["labels"]) == {False}
    others = [r for r in tl.reporters if r != "SNHR"]
    ref = F.overview_figure(apply_filters(tl, Filters(reporters=others)))
    expected = {tr.meta["id"]: [[str(x)[:10] for x in tr.x], [int(y) for y in tr.y]]
                for tr in ref.data if tr.meta.get("role") == "range"}
    for key, (x, y) in got["bands"].items():
        assert [x, y] == expected.get(key, [[], []]), key
    act(page, lambda: page.check("#f-reporters input[value='SNHR']"))


def test_filters_set_the_initial_view(browser, tl, tmp_path):
    f = Filters(start="2025-03-06", end="2025-03-10", categories=("violence_against_civilians",), reporters=("SOHR",))
    path = export.write_html(tl, tmp_path / "view.html", f)
    o = open_page(browser, path)
    try:
        page = o.page
        view = apply_filters(tl, f)
        assert status(page) == f"Showing {len(view)} of {len(tl)} events"
        assert count(page, ROWS) == len(view)
        assert page.input_value("#f-start") == "2025-03-06" and page.input_value("#f-end") == "2025-03-10"
        ticked = page.eval_on_selector_all("#f-categories input:checked", "xs => xs.map(x => x.value)")
        assert ticked == ["violence_against_civilians"]
        assert page.eval_on_selector_all("#f-reporters input:checked", "xs => xs.map(x => x.value)") == ["SOHR"]
        reset(page)  # the whole timeline is in the page
        assert status(page) == f"Showing {len(tl)} of {len(tl)} events"
        assert o.requests == [] and o.errors == []
    finally:
        o.page.close()


# --- hostile data does nothing ------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile(browser, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-data")
    for f in DATA.glob("*.csv"):
        shutil.copy(f, folder / f.name)
    tl = hostile_timeline(folder)
    path = export.write_html(tl, tmp_path_factory.mktemp("hostile") / "hostile.html", title=P2)
    o = open_page(browser, path)
    yield o
    o.page.close()


def assert_nothing_ran(o: Opened) -> None:
    page = o.page
    assert o.dialogs == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert count(page, "img") == 0
    assert count(page, "script") == 4 + len(SCRIPTS)  # the JSON block, the loader and the scripts it ran
    assert count(page, "a[href^='javascript' i]") == 0
    assert page.evaluate("Array.from(document.links).every(a => /^https?:$/.test(a.protocol))")
    assert o.requests == [] and o.errors == [], (o.requests, o.errors)


def hover_all(page, selector: str, limit: int = 60) -> str:
    """Move the mouse over each element of ``selector`` (the first ``limit``); return the hover
    texts seen."""
    seen = []
    for el in page.query_selector_all(selector)[:limit]:
        box = el.bounding_box()
        if not box:
            continue
        el.scroll_into_view_if_needed()
        box = el.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_timeout(60)
        seen.append(page.evaluate("Array.from(document.querySelectorAll('.hoverlayer')).map(h => h.textContent).join(' ')"))
    page.mouse.move(1, 1)
    return " ".join(seen)


def test_hostile_text_runs_nothing_on_load(hostile):
    page = hostile.page
    assert_nothing_ran(hostile)
    assert page.title() == P2
    table = page.text_content("#events-table")
    for p in (P1, P2, P3):
        assert p in table  # shown as text
    assert P4 in table  # the javascript: address is text, not a link
    assert P3 in page.text_content("#f-reporters") and P1 in page.text_content("#phase-list")
    assert "Actor" not in page.text_content("#f-extra")


def test_hostile_text_runs_nothing_when_filtered_and_hovered(hostile):
    page = hostile.page
    act(page, lambda: page.fill("#f-text", "pwned"))
    assert count(page, ROWS) >= 3
    seen = hover_all(page, POINTS)
    assert "onerror" in seen and "window.__pwned=1" in seen  # the payloads show as text in the hover
    seen = hover_all(page, "#map .scattergeo .point")
    assert "window.__pwned" in seen
    act(page, lambda: page.uncheck("#f-reporters input[value='%s']" % P3.replace("'", "\\'")))
    act(page, lambda: page.check("#f-reporters input[value='%s']" % P3.replace("'", "\\'")))
    assert P3 in hover_all(page, "#overview .subplot.x3y3 .scatterlayer .point", limit=40)  # its toll line
    act(page, lambda: page.fill("#f-text", ""))
    assert_nothing_ran(hostile)


def test_hostile_text_runs_nothing_in_a_large_page(browser, tmp_path, monkeypatch):
    """The large-timeline path — compressed columns, density strips, dots drawn by the page's
    script — shows the same payloads as text: the hostile data with the thresholds lowered."""
    folder = tmp_path / "data"
    folder.mkdir()
    for f in DATA.glob("*.csv"):
        shutil.copy(f, folder / f.name)
    tl = hostile_timeline(folder)
    monkeypatch.setattr(export.payload, "COMPRESS_ABOVE", 0)
    monkeypatch.setattr(F, "DENSITY_THRESHOLD", 10)
    o = open_page(browser, export.write_html(tl, tmp_path / "large-hostile.html", title=P2))
    page = o.page
    assert "density" in page.evaluate("document.getElementById('overview').data.map(t => t.meta.role).join(' ')")
    assert_nothing_ran(o)
    act(page, lambda: page.fill("#f-text", "pwned"))
    assert 3 <= count(page, ROWS) <= 10 and all(p in page.text_content("#events-table") for p in (P1, P2, P3))
    seen = hover_all(page, POINTS)  # the dots the page drew for the few events in view
    assert "onerror" in seen and "window.__pwned=1" in seen
    assert_nothing_ran(o)
    page.close()


# --- a large timeline: compressed columns, density, pages of rows -------------------------------

@pytest.fixture(scope="module")
def acled(tmp_path_factory):
    """6,000 generated ACLED-shaped events: over the density threshold and the compression one."""
    from timeline.io import read_acled
    from timeline.synthetic import generate_acled, write_acled

    folder = tmp_path_factory.mktemp("acled")
    write_acled(generate_acled(6000, seed=3), folder / "acled.csv")
    return read_acled(folder / "acled.csv", progress=False)


@pytest.fixture(scope="module")
def large(browser, acled, tmp_path_factory):
    assert len(acled) > max(F.DENSITY_THRESHOLD, export.COMPRESS_ABOVE)
    path = export.write_html(acled, tmp_path_factory.mktemp("large") / "acled.html")
    o = open_page(browser, path)
    yield o
    o.page.close()


def top_row(page) -> dict:
    """What the overview's top row shows: density strips or dots, and the mode line."""
    return page.evaluate("""() => {
      const gd = document.getElementById('overview');
      const role = (r) => gd.data.filter(t => t.meta && t.meta.role === r);
      return {
        density: role('density').map(t => t.visible !== false),
        strip_total: role('density').reduce((n, t) => n + t.z[0].reduce((a, b) => a + b, 0), 0),
        dots: role('dots').reduce((n, t) => n + (t.visible ? t.x.length : 0), 0),
        mode: gd.layout.annotations.find(a => a.name === 'mode').text,
      };
    }""")


def test_large_page_opens_in_density_with_every_event(large, acled):
    page = large.page
    n = len(acled)
    assert status(page) == f"Showing {n:,} of {n:,} events"
    top = top_row(page)
    assert all(top["density"]) and top["dots"] == 0 and top["mode"].startswith("<b>Density</b>")
    daily = (acled.events["date_precision"].astype(str) != "month")
    days = ((acled.events["span_end"] - acled.events["start"]).dt.days + 1)[daily]
    assert top["strip_total"] == int(days.sum())  # every dated event, on each day it is under way
    assert count(page, ROWS) == export.MAX_ROWS
    dates = page.eval_on_selector_all(ROWS, "rows => rows.map(r => r.dataset.event)")
    assert dates == acled.events.sort_values("start", kind="stable")["id"].head(export.MAX_ROWS).tolist()
    assert large.requests == [] and large.errors == [] and large.dialogs == []


def test_more_rows_on_request(large):
    page = large.page
    reset(page)
    assert page.is_visible("#table-more") and page.text_content("#table-more") == "Show 500 more"
    page.click("#table-more")
    assert count(page, ROWS) == 2 * export.MAX_ROWS
    reset(page)  # a new view starts again from one page of rows
    assert count(page, ROWS) == export.MAX_ROWS


def test_large_page_filters_agree_with_apply_filters_and_show_each_event(large, acled):
    page = large.page
    reset(page)
    page.fill("#f-start", "2024-06-01")
    page.dispatch_event("#f-start", "change")
    act(page, lambda: (page.fill("#f-end", "2024-06-10"), page.dispatch_event("#f-end", "change")))
    view = apply_filters(acled, Filters(start="2024-06-01", end="2024-06-10"))
    assert 0 < len(view) <= F.DENSITY_THRESHOLD
    assert status(page) == f"Showing {len(view):,} of {len(acled):,} events"
    top = top_row(page)
    assert not any(top["density"]) and top["dots"] == len(view) and top["mode"].startswith("<b>Each event</b>")
    act(page, lambda: page.fill("#f-text", "aleppo"))
    both = apply_filters(acled, Filters(start="2024-06-01", end="2024-06-10", text="aleppo"))
    assert 0 < len(both) < len(view)
    assert status(page) == f"Showing {len(both):,} of {len(acled):,} events"
    ids = page.eval_on_selector_all(ROWS, "rows => rows.map(r => r.dataset.event)")
    assert set(ids) == set(both.events["id"])
    act(page, lambda: page.select_option("#f-confidence", "high"))
    high = apply_filters(acled, Filters(start="2024-06-01", end="2024-06-10", text="aleppo", min_confidence="high"))
    assert status(page) == f"Showing {len(high):,} of {len(acled):,} events"
    reset(page)


def test_zooming_in_shows_each_event_and_zooming_out_the_density(large, acled):
    page = large.page
    reset(page)
    act(page, lambda: page.evaluate(
        "Plotly.relayout(document.getElementById('overview'), {'xaxis.range': ['2024-06-01', '2024-06-08']})"))
    top = top_row(page)
    ev = acled.events
    # the days in view: those whose noon, where the chart draws them, is in the range (1-7 June)
    under_way = ((ev["span_end"] >= "2024-06-01") & (ev["start"] <= "2024-06-07")).sum()
    assert top["dots"] == under_way > 0 and top["mode"].startswith("<b>Each event</b>")
    rng = page.evaluate("document.getElementById('overview')._fullLayout.xaxis3.range")
    assert rng[0].startswith("2024-06-01") and rng[1].startswith("2024-06-08")  # the reader's zoom is kept
    act(page, lambda: page.evaluate("Plotly.relayout(document.getElementById('overview'), {'xaxis.autorange': true})"))
    assert all(top_row(page)["density"]) and top_row(page)["dots"] == 0
    assert large.errors == []


def test_descriptions_left_out_are_announced_and_not_searched(browser, acled, tmp_path):
    path = export.write_html(acled, tmp_path / "lean.html", text_budget=0)
    o = open_page(browser, path)
    page = o.page
    note = page.text_content("#data-note")
    assert page.is_visible("#data-note") and "descriptions and notes are not in this page" in note
    assert page.get_attribute("#f-text", "placeholder") == "Words in titles, places and actors"
    word = "fighters"  # in ACLED-like notes ("clashed with fighters in …"), never in titles or places
    assert apply_filters(acled, Filters(text=word)).events.shape[0] > 0
    act(page, lambda: page.fill("#f-text", word))
    assert status(page) == f"Showing 0 of {len(acled):,} events"
    act(page, lambda: page.fill("#f-text", "shelling"))  # in titles only ("Shelling/artillery/missile attack")
    n = len(apply_filters(acled, Filters(text="shelling")))
    assert n > 0 and status(page) == f"Showing {n:,} of {len(acled):,} events"
    assert o.requests == [] and o.errors == []
    page.close()


# --- the page computes in place, and counts what Python counts ------------------------------------

def app_counts(page) -> dict:
    return page.evaluate("window.timelineApp.counts()")


def summary(page) -> str:
    return page.text_content("#summary")


def set_filters(page, f: Filters) -> None:
    """Set the page's filters through its test hook; returns once the page has redrawn."""
    before = page.evaluate("window.timelineApp.renders")
    page.evaluate("(f) => window.timelineApp.setFilters(f)", f.to_dict())
    assert page.evaluate("window.timelineApp.renders") > before


def test_reporters_change_the_counted_figures(full, tl):
    """Unticking an organisation leaves out its figures from the counts (and the sources only
    they cite), as Python's filters do — not only its line from the chart."""
    page = full.page
    reset(page)
    everything = select(tl)
    assert app_counts(page) == {"events": len(tl), "reports": everything.n_reports, "sources": everything.n_sources}
    act(page, lambda: page.uncheck("#f-reporters input[value='SOHR']"))
    sel = select(tl, Filters(reporters=[r for r in tl.reporters if r != "SOHR"]))
    assert sel.n_reports < everything.n_reports
    assert app_counts(page) == {"events": len(tl), "reports": sel.n_reports, "sources": sel.n_sources}
    assert summary(page) == f" · {sel.n_sources} sources · {sel.n_reports} casualty figures"
    act(page, lambda: page.uncheck("#f-reporters input[value='SNHR']"))  # and a second one, not drawn as a line alone
    sel = select(tl, Filters(reporters=[r for r in tl.reporters if r not in ("SOHR", "SNHR")]))
    assert app_counts(page)["reports"] == sel.n_reports
    reset(page)
    assert app_counts(page)["reports"] == everything.n_reports


def test_the_hook_sets_filters_and_reads_what_python_keeps(full, tl):
    page = full.page
    cases = [Filters(start="2025-03-06", end="2025-03-10", categories=("military", "violence_against_civilians")),
             Filters(min_confidence="high", reporters=("SOHR", "OHCHR")),
             Filters(actors=("General Security",), places=("jableh",)),
             Filters(text="Jableh security"),
             Filters(start="2030-01-01")]  # nothing
    for f in cases:
        set_filters(page, f)
        sel = select(tl, f)
        kept = tl.events["id"][sel.events]
        assert sorted(page.evaluate("window.timelineApp.visibleIds()")) == sorted(kept), f
        assert app_counts(page) == {"events": sel.n, "reports": sel.n_reports, "sources": sel.n_sources}, f
        assert status(page) == f"Showing {sel.n} of {len(tl)} events"
        assert count(page, ROWS) == sel.n
    set_filters(page, Filters())
    assert status(page) == f"Showing {len(tl)} of {len(tl)} events"


def test_arabic_place_name_typed_in_the_search_box_finds_its_events(full, tl):
    page = full.page
    reset(page)
    word = "اللاذقية"  # Latakia
    places = set(tl.places.loc[tl.places["name_ar"].astype(str).str.contains(word, regex=False), "id"])
    assert {"latakia", "latakia-governorate", "latakia-countryside"} <= places
    expected = set(tl.event_places.loc[tl.event_places["place_id"].isin(places), "event_id"])
    assert 0 < len(expected) < len(tl)
    act(page, lambda: page.fill("#f-text", word))
    assert set(page.evaluate("window.timelineApp.visibleIds()")) == expected
    assert set(page.eval_on_selector_all(ROWS, "rows => rows.map(r => r.dataset.event)")) == expected
    assert all(word in t for t in page.eval_on_selector_all(ROWS, "rows => rows.map(r => r.textContent)"))
    assert status(page) == f"Showing {len(expected)} of {len(tl)} events"
    act(page, lambda: page.fill("#f-text", ""))


def test_category_click_updates_the_charts_in_place(full, tl):
    """A category click changes only the traces of that category: the overview keeps its layout
    object (edited in place) and its other traces' objects, the map's dots are restyled in place,
    nothing is plotted anew, and the counts and the table follow."""
    page = full.page
    reset(page)
    page.evaluate("""() => {
      const gd = document.getElementById('overview'), gm = document.getElementById('map');
      window.__kept = {layout: gd.layout, map: gm.layout, traces: gd.data.slice(), dots: gm.data.slice(),
                       stats: Object.assign({}, window.timelineApp.stats),
                       axes: ['xaxis', 'yaxis', 'yaxis3'].map(a => [gd._fullLayout[a].type, gd._fullLayout[a].range])};
    }""")
    military = (tl.events["category"].astype(str) == "military").to_numpy()
    act(page, lambda: page.uncheck("#f-categories input[value='military']"))
    got = page.evaluate("""() => {
      const gd = document.getElementById('overview'), gm = document.getElementById('map');
      const k = window.__kept, s = window.timelineApp.stats;
      const replaced = gd.data.filter((t, i) => t !== k.traces[i]).map(t => t.meta.category || t.meta.group);
      return {
        layout: gd.layout === k.layout, map: gm.layout === k.map, dots: gm.data.every((t, i) => t === k.dots[i]),
        replaced, overview: s.react - k.stats.react, mapUpdates: s.update - k.stats.update,
        newPlot: s.newPlot - k.stats.newPlot,
        axes: JSON.stringify(['xaxis', 'yaxis', 'yaxis3'].map(a => [gd._fullLayout[a].type, gd._fullLayout[a].range]))
              === JSON.stringify(k.axes),
        counts: gd.data.filter(t => t.meta.role === 'count' && t.meta.group === 'military').map(t => Math.max(...t.y)),
        others: gd.data.filter(t => t.meta.role === 'count' && t.meta.group !== 'military').map(t => Math.max(...t.y)),
      };
    }""")
    assert got["layout"] and got["map"] and got["dots"], got
    assert got["axes"], got  # the lanes keep their order and the dates their range and type
    assert got["replaced"] and set(got["replaced"]) == {"military"}, got  # the other categories' traces are untouched
    assert got["overview"] == 1 and got["mapUpdates"] == 1 and got["newPlot"] == 0, got
    assert got["counts"] == [0] and max(got["others"]) > 0
    assert status(page) == f"Showing {int((~military).sum())} of {len(tl)} events"
    assert count(page, ROWS) == int((~military).sum())
    assert "military" not in page.eval_on_selector_all(ROWS, "rows => rows.map(r => r.dataset.category)")
    act(page, lambda: page.check("#f-categories input[value='military']"))
    page.evaluate("() => { delete window.__kept; }")


def test_hostile_text_in_every_field_runs_nothing_when_chosen_searched_and_hovered(hostile):
    """The payloads chosen as actor, place and reporter filters (chips, counts), typed in the
    search box and shown in every hover: still only text."""
    page = hostile.page
    set_filters(page, Filters(actors=(P3, P1), places=("aleppo", "aleppo-countryside-west"), reporters=(P3,)))
    assert P3 in page.text_content("#f-extra") and P1 in page.text_content("#f-extra")
    set_filters(page, Filters(text="</script>"))
    assert count(page, ROWS) >= 1
    act(page, lambda: page.fill("#f-text", P2))
    act(page, lambda: page.fill("#f-text", "pwned"))
    hover_all(page, POINTS)
    hover_all(page, BARS, limit=10)
    hover_all(page, "#map .scattergeo .point")
    hover_all(page, "#overview .subplot.x3y3 .scatterlayer .point", limit=40)
    set_filters(page, Filters())
    assert_nothing_ran(hostile)
