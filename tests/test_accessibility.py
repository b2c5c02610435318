"""The exported page for keyboard and screen-reader users, in a real browser (Debian's Chromium).

- axe-core (vendored in ``tests/vendor/axe-core``, injected by the test into a browser context
  that bypasses the page's CSP; the page itself keeps it) finds no serious or critical problem,
  on the opened page, a filtered one with chips, an empty one, a narrow one and a large one;
- the keyboard alone reaches every control in document order, each with a visible focus
  outline, passes through the charts' toolbars without being trapped, and operates the
  controls (Space and Enter, arrows in dates and the confidence list, typing in the boxes);
- each chart has a text summary (named by its ``aria-describedby``) that follows the filters and
  states the numbers the page counts and Python computes; the table has a caption.

Each test takes the page's language; a language other than English is skipped, with the
reason, until :func:`timeline.export.to_html_string` has a ``lang`` parameter.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pandas as pd
import pytest

import timeline
from browser import browser, guard
from conftest import REPO
from timeline import export
from timeline import strings as S
from timeline.filters import Filters
from timeline.views import select
from timeline.views.counts import counts_view

pytestmark = pytest.mark.browser

AXE = REPO / "tests" / "vendor" / "axe-core" / "axe.min.js"
LANGS = ["en", "ar"]
SERIOUS = ("serious", "critical")
#: what a Tab stops on (the page sets no positive tabindex, so Tab follows document order)
TABBABLE = ("a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1']), "
            "[contenteditable='true']")


def _day(ts) -> str:
    ts = pd.Timestamp(ts)
    return f"{ts.day} {ts:%b %Y}"


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


@pytest.fixture(scope="module")
def tl():
    return timeline.load()


def page_file(tl, folder: Path, lang: str, name: str = "page") -> Path:
    """The page of ``tl`` in ``lang``, written to ``folder``; skipped for a language the export
    cannot write yet."""
    kwargs = {}
    if lang != "en":
        if "lang" not in inspect.signature(export.to_html_string).parameters:
            pytest.skip(f"timeline.export.to_html_string has no `lang` parameter yet: no {lang!r} page to check")
        kwargs["lang"] = lang
    path = folder / f"{name}-{lang}.html"
    path.write_text(export.to_html_string(tl, **kwargs), encoding="utf-8")
    return path


@pytest.fixture(scope="module", params=LANGS)
def lang(request):
    return request.param


@pytest.fixture(scope="module")
def shipped(tl, lang, tmp_path_factory):
    return page_file(tl, tmp_path_factory.mktemp("a11y"), lang)


@pytest.fixture(scope="module")
def many(lang, tmp_path_factory):
    """600 generated ACLED-shaped events: more than one page of table rows."""
    from timeline.io import read_acled
    from timeline.synthetic import generate_acled, write_acled

    folder = tmp_path_factory.mktemp("a11y-acled")
    write_acled(generate_acled(export.MAX_ROWS + 100, seed=5), folder / "acled.csv")
    return page_file(read_acled(folder / "acled.csv", progress=False), folder, lang, "acled")


def open_page(chromium, path: Path, lang: str, width: int = 1280):
    """The page opened in a context that lets the test inject axe-core (``bypass_csp``); returns
    the page and its lists of blocked requests and console errors."""
    ctx = chromium.new_context(bypass_csp=True, viewport={"width": width, "height": 900}, locale="en-US")
    page = ctx.new_page()
    blocked, errors = guard(page)
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=60_000)
    assert page.evaluate("document.documentElement.lang") == lang
    return page, blocked, errors


def set_filters(page, filters: dict) -> None:
    page.evaluate("f => window.timelineApp.setFilters(f)", filters)


def renders(page) -> int:
    return page.evaluate("window.timelineApp.renders")


def wait_render(page, before: int) -> None:
    page.wait_for_function("n => window.timelineApp.renders > n", arg=before, timeout=30_000)


# -------------------------------------------------------------------------------------------------
# axe-core

def axe_problems(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is: one line per rule (id,
    impact, what it asks) and one per element (its selector and what to fix). Left out: the
    table's rows past the 50th (made alike) and plotly's drawings (hidden from screen readers,
    which read the charts' summaries instead; axe cannot judge the contrast of their text)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    res = page.evaluate("axe.run({include: [document], exclude: ['#events-table tbody tr:nth-child(n+51)', "
                        "'.main-svg']}, {resultTypes: ['violations']})")
    lines = []
    for v in res["violations"]:
        if v["impact"] not in SERIOUS:
            continue
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} element(s)")
        for node in v["nodes"][:10]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary[:300]}")
    return lines


def test_axe_is_vendored_with_its_licence():
    head = AXE.read_text(encoding="utf-8")[:200]
    version = (AXE.parent / "VERSION").read_text().strip()
    assert head.startswith(f"/*! axe v{version}")
    assert "Mozilla Public License" in (AXE.parent / "LICENSE").read_text(encoding="utf-8")[:200]


def test_axe_finds_no_serious_problem(chromium, shipped, lang):
    page, blocked, errors = open_page(chromium, shipped, lang)
    found = {"opened": axe_problems(page)}
    # a filtered view: actor and place chips, the other organisations and an event's notes opened
    actor = page.evaluate("document.querySelector('#actor-list option').value")
    place = page.evaluate("document.querySelector('#place-list option').value")
    for box, name in (("#f-actor", actor), ("#f-place", place)):
        page.fill(box, name)
        n = renders(page)
        page.press(box, "Enter")
        wait_render(page, n)
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    assert page.locator("#f-extra .chip").count() == 2
    found["filtered, with chips"] = axe_problems(page)
    set_filters(page, {"text": "no event has this word zqxj"})
    assert page.evaluate("window.timelineApp.counts().events") == 0
    found["no event matches"] = axe_problems(page)
    page.context.close()
    narrow, _, narrow_errors = open_page(chromium, shipped, lang, width=400)
    found["400 px wide"] = axe_problems(narrow)
    narrow.context.close()
    report = [f"{state}:\n" + "\n".join(lines) for state, lines in found.items() if lines]
    assert not report, "axe-core, serious or critical violations:\n" + "\n".join(report)
    assert not blocked and not errors and not narrow_errors


def test_axe_finds_no_serious_problem_with_many_events(chromium, many, lang):
    page, blocked, errors = open_page(chromium, many, lang)
    assert page.is_visible("#table-more")
    lines = axe_problems(page)
    assert not lines, "axe-core, serious or critical violations:\n" + "\n".join(lines)
    assert not blocked and not errors
    page.context.close()


# -------------------------------------------------------------------------------------------------
# the keyboard

MARK_TABBABLE = """sel => {
  const shown = (el) => {
    if (el.disabled || el.closest('[hidden], [inert]')) return false;
    const d = el.closest('details');
    if (d && !d.open && !(el.tagName === 'SUMMARY' && el.parentElement === d)) return false;
    const s = getComputedStyle(el);
    return s.visibility !== 'hidden' && s.display !== 'none' && el.getClientRects().length > 0;
  };
  const all = [...document.querySelectorAll(sel)].filter(shown);
  all.forEach((el, i) => { el.dataset.kb = String(i); });
  return all.map((el) => el.id || el.getAttribute('aria-label') || el.textContent.trim().slice(0, 40) || el.tagName);
}"""

# where the focus is, whether it shows an outline of at least 2 px, and how opaque it is
FOCUSED = """() => {
  const a = document.activeElement;
  if (!a || a === document.body) return null;
  let opacity = 1;
  for (let e = a; e && e.nodeType === 1; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
  const s = getComputedStyle(a);
  return { kb: a.dataset.kb === undefined ? null : Number(a.dataset.kb), tag: a.tagName, id: a.id,
           name: a.getAttribute('aria-label') || a.textContent.trim().slice(0, 40),
           outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2, opacity,
           visible: a.matches(':focus-visible') };
}"""


def tab_walk(page, limit: int = 2000) -> list[dict]:
    """Press Tab from the top of the page until the focus leaves the page: each stop once (a date
    box's day, month and year are one stop), waiting for a toolbar that fades in to show."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.evaluate("window.scrollTo(0, 0)")
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        at = page.evaluate(FOCUSED)
        if at is None:
            break
        if at["opacity"] < 1:  # plotly's toolbar fades in (0.3 s) once it holds the focus
            page.wait_for_function("() => { let o = 1; for (let e = document.activeElement; e && e.nodeType === 1; "
                                   "e = e.parentElement) o *= Number(getComputedStyle(e).opacity); return o === 1; }",
                                   timeout=5_000)
            at["opacity"] = 1
        if stops and stops[-1]["kb"] is not None and stops[-1]["kb"] == at["kb"]:
            continue
        if stops and at["kb"] is not None and at["kb"] < stops[-1]["kb"]:
            break  # back at the top: the walk went round
        stops.append(at)
    return stops


def test_keyboard_reaches_every_control_in_order(chromium, shipped, lang, tmp_path):
    page, blocked, errors = open_page(chromium, shipped, lang)
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    controls = page.evaluate(MARK_TABBABLE, TABBABLE)
    stops = tab_walk(page)
    strays = [s for s in stops if s["kb"] is None]
    assert not strays, f"Tab stops on elements that are not controls: {strays[:5]}"
    reached = [s["kb"] for s in stops]
    assert reached == list(range(len(controls))), (
        "Tab does not reach every control in order; missed: "
        + ", ".join(controls[i] for i in sorted(set(range(len(controls))) - set(reached))))
    # the groups of controls the reader needs are all among them
    ids = set(controls)
    for needed in ("f-start", "f-end", "f-text", "f-confidence", "f-actor", "f-place", "f-reset"):
        assert needed in ids
    kinds = page.evaluate("""() => ({
      categories: document.querySelectorAll('#f-categories input[data-kb]').length,
      reporters: document.querySelectorAll('#f-reporters input[data-kb]').length,
      toolbar: document.querySelectorAll('.chart .modebar-btn[data-kb]').length,
      table: document.querySelectorAll('#events-table [data-kb]').length,
      phases: document.querySelectorAll('#phase-list [data-kb]').length,
      phaseButtons: document.querySelectorAll('#phase-list button').length,
    })""")
    assert kinds["categories"] >= 2 and kinds["reporters"] >= 2 and kinds["table"] > 10
    assert kinds["phases"] == kinds["phaseButtons"]  # phases are reachable once they are buttons
    # the charts' toolbars are passed through, never a trap: the walk goes on into the table
    toolbar = [i for i, s in enumerate(stops) if s["tag"] == "BUTTON" and page.evaluate(
        "k => !!document.querySelector(`[data-kb='${k}']`).closest('.modebar')", s["kb"])]
    assert kinds["toolbar"] >= 2 and toolbar and toolbar[-1] < len(stops) - 1
    assert all(stops[i]["name"] for i in toolbar), "a toolbar button without a name"
    # and Shift+Tab goes back through them
    after = stops[toolbar[-1] + 1]["kb"]
    page.focus(f"[data-kb='{after}']")
    for k in reversed(toolbar[-3:]):
        page.keyboard.press("Shift+Tab")
        assert page.evaluate(FOCUSED)["kb"] == stops[k]["kb"]
    # every stop shows where the focus is
    unseen = [s for s in stops if not (s["outline"] and s["visible"] and s["opacity"] == 1)]
    assert not unseen, f"focus not visible on: {unseen[:5]}"
    # a picture of the outline, on a checkbox and on a toolbar button, to look at
    for sel, name in (("#f-categories input", "checkbox"), ("#overview .modebar-btn", "toolbar")):
        page.focus("body")
        page.keyboard.press("Tab")
        page.focus(sel)  # focus() after a key press: Chromium shows it as keyboard focus
        page.wait_for_function("() => { let o = 1; for (let e = document.activeElement; e && e.nodeType === 1; "
                               "e = e.parentElement) o *= Number(getComputedStyle(e).opacity); return o === 1; }")
        box = page.evaluate("() => { const r = document.activeElement.getBoundingClientRect(); "
                            "return {x: r.x, y: r.y, width: r.width, height: r.height}; }")
        out = REPO / "test-artifacts" / f"focus-{name}-{lang}.png"
        out.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(out), clip={"x": max(box["x"] - 60, 0), "y": max(box["y"] - 20, 0),
                                             "width": box["width"] + 240, "height": box["height"] + 40})
    assert not blocked and not errors
    page.context.close()


def test_keyboard_operates_the_controls(chromium, shipped, lang, tl):
    page, blocked, errors = open_page(chromium, shipped, lang)
    total = len(tl)
    counts = lambda: page.evaluate("window.timelineApp.counts()")  # noqa: E731

    def key(selector: str, keys: str) -> None:
        page.focus(selector)
        n = renders(page)
        page.keyboard.press(keys)
        wait_render(page, n)

    # Space toggles a category off and on
    box = "#f-categories input >> nth=0"
    key(box, "Space")
    assert not page.is_checked(box) and counts()["events"] < total
    key(box, "Space")
    assert page.is_checked(box) and counts()["events"] == total
    # and a reporter
    rep = "#f-reporters > label input >> nth=0"
    reports = counts()["reports"]
    key(rep, "Space")
    assert not page.is_checked(rep) and counts()["reports"] < reports
    key(rep, "Space")
    assert counts()["reports"] == reports
    # Enter opens the other organisations
    if page.locator("#f-reporters details.more").count():
        page.evaluate("document.querySelector('#f-reporters details.more').open = false")
        page.focus("#f-reporters details.more summary")
        page.keyboard.press("Enter")
        assert page.evaluate("document.querySelector('#f-reporters details.more').open")
    # the arrows change a date, a part at a time
    start = page.input_value("#f-start")
    page.focus("#f-start")
    n = renders(page)
    page.keyboard.press("ArrowRight")  # from the month to the day (en-US: month/day/year)
    page.keyboard.press("ArrowUp")
    wait_render(page, n)
    assert page.input_value("#f-start") == str((pd.Timestamp(start) + pd.Timedelta(days=1)).date())
    n = renders(page)
    page.keyboard.press("ArrowDown")
    wait_render(page, n)
    assert page.input_value("#f-start") == start
    # the confidence list
    key("#f-confidence", "ArrowDown")
    assert page.input_value("#f-confidence") == "medium"
    key("#f-confidence", "ArrowUp")
    assert page.input_value("#f-confidence") == "low"
    # the search box: words, then Enter
    word = tl.events["title"].iloc[0].split()[0]
    page.focus("#f-text")
    page.keyboard.type(word)
    n = renders(page)
    page.keyboard.press("Enter")
    wait_render(page, n)
    assert 0 < counts()["events"] < total
    # an actor and a place, typed then Enter, become chips; Enter on a chip removes it
    actor = page.evaluate("document.querySelector('#actor-list option').value")
    place = page.evaluate("document.querySelector('#place-list option').value")
    for box, name in (("#f-actor", actor), ("#f-place", place)):
        page.focus(box)
        page.keyboard.type(name)
        n = renders(page)
        page.keyboard.press("Enter")
        wait_render(page, n)
    assert page.locator("#f-extra .chip").count() == 2
    key("#f-extra .chip >> nth=0", "Enter")
    assert page.locator("#f-extra .chip").count() == 1
    # Enter on "Show everything" resets every filter
    key("#f-reset", "Enter")
    assert counts()["events"] == total and page.input_value("#f-text") == ""
    assert page.locator("#f-extra .chip").count() == 0 and page.input_value("#f-start") == start
    # a phase, once phases are buttons, sets the dates
    if page.locator("#phase-list button").count():
        end = page.input_value("#f-end")
        key("#phase-list button >> nth=0", "Enter")
        assert (page.input_value("#f-start"), page.input_value("#f-end")) != (start, end)
        key("#f-reset", "Enter")
    # Enter opens an event's notes in the table
    notes = "#events-table details >> nth=0"
    if page.locator(notes).count():
        page.focus("#events-table details summary >> nth=0")
        page.keyboard.press("Enter")
        assert page.evaluate("document.querySelector('#events-table details').open")
    assert not blocked and not errors
    page.context.close()


def test_keyboard_shows_more_rows(chromium, many, lang):
    page, blocked, errors = open_page(chromium, many, lang)
    rows = "#events-table tbody tr"
    assert page.locator(rows).count() == export.MAX_ROWS
    page.focus("#table-more")
    page.keyboard.press("Enter")
    page.wait_for_function("n => document.querySelectorAll('#events-table tbody tr').length > n",
                           arg=export.MAX_ROWS)
    assert not page.is_visible("#table-more")
    caption = page.text_content("#events-caption")
    n = f"{export.MAX_ROWS + 100:,}"
    assert caption == S.text("summary.caption", lang, shown=n, n=n), caption  # in the page's language
    assert not blocked and not errors
    page.context.close()


# -------------------------------------------------------------------------------------------------
# the charts in words

def described(page, chart: str) -> str:
    """The text of the element a chart's aria-describedby names."""
    ref = page.get_attribute(f"#{chart}", "aria-describedby")
    assert ref, f"#{chart} has no aria-describedby"
    return page.text_content(f"#{ref}")


VIEWS = [
    {},
    {"start": "2025-03-06", "end": "2025-03-10"},
    {"categories": ["political", "diplomatic"], "reporters": ["SNHR"]},
    {"min_confidence": "high"},
]


def test_chart_summaries_follow_the_filters(chromium, shipped, lang, tl):
    if lang != "en":
        pytest.skip("the summaries' English wording is checked here; other languages by axe and the walk")
    page, blocked, errors = open_page(chromium, shipped, lang)
    first = described(page, "overview")
    for filters in VIEWS:
        summaries_agree(page, tl, filters, first)
    assert not blocked and not errors
    page.context.close()


def summaries_agree(page, tl, filters, first):
    set_filters(page, filters)
    counts = page.evaluate("window.timelineApp.counts()")
    overview, mapped = described(page, "overview"), described(page, "map")
    assert (overview != first) == bool(filters)
    n = counts["events"]
    assert re.search(rf"\b{n:,} events? between ", overview), overview
    # the same numbers as Python's count chart: the busiest day and its count, the month-only events
    f = Filters.from_dict(filters)
    view = counts_view(select(tl, f))
    span = tl.span
    lo = pd.Timestamp(f.start) if f.start is not None else span[0]
    hi = pd.Timestamp(f.end) if f.end is not None else span[1]
    per_day = pd.Series(view.values.sum(axis=1), index=pd.DatetimeIndex(view.periods))
    per_day = per_day[(per_day.index >= lo.normalize()) & (per_day.index <= hi)]
    assert f"most on {_day(per_day.idxmax())} ({int(per_day.max()):,})" in overview, overview
    if view.n_month:
        assert f"{view.n_month:,} " in overview and "only to a month" in overview
    # the categories and the organisations of the toll are those in force
    labels = page.evaluate("() => Object.fromEntries(JSON.parse(document.getElementById('timeline-data')"
                           ".textContent).categories.map((c) => [c.id, c.label]))")
    for cat, label in labels.items():
        if cat in (f.categories or labels):
            continue
        assert f"{label} " not in overview.split("By category:")[1].split(".")[0]
    if f.reporters:
        toll = overview.split("never added up")[1]
        assert "SNHR" in toll and "SOHR" not in toll
    assert re.search(rf"of the {n:,} events? shown|none of the events", mapped), mapped
    # the charts' drawings are hidden from screen readers; their summaries stand for them
    for chart in ("overview", "map"):
        assert page.get_attribute(f"#{chart}", "role") == "figure"
        assert page.get_attribute(f"#{chart}", "aria-label")
        assert page.evaluate(f"[...document.querySelectorAll('#{chart} svg.main-svg')]"
                             ".every((s) => s.getAttribute('aria-hidden') === 'true')")
    caption = page.text_content("#events-caption")
    assert f"{n:,} of {n:,}" in caption


def test_chart_summaries_follow_a_keyboard_change(chromium, shipped, lang):
    page, blocked, errors = open_page(chromium, shipped, lang)
    before = described(page, "overview"), described(page, "map"), page.text_content("#events-caption")
    page.focus("#f-categories input >> nth=0")
    n = renders(page)
    page.keyboard.press("Space")
    wait_render(page, n)
    after = described(page, "overview"), described(page, "map"), page.text_content("#events-caption")
    events = page.evaluate("window.timelineApp.counts().events")
    assert all(a != b for a, b in zip(before, after))
    assert all(re.search(rf"\b{events:,}\b", text) for text in after), after
    assert not blocked and not errors
    page.context.close()


def test_chart_summaries_of_a_dataset_with_death_figures(chromium, many, lang):
    """An ACLED-shaped page: the deaths chart is told too, with the total the chart adds up, and
    names in Arabic script inside an English summary are marked as Arabic."""
    if lang != "en":
        pytest.skip("the summaries' English wording is checked here; other languages by axe and the walk")
    page, blocked, errors = open_page(chromium, many, lang)
    marked = 0
    for filters in ({}, {"start": "2024-03-01", "end": "2024-05-10"}):
        set_filters(page, filters)
        shown = page.evaluate("window.timelineApp.deaths()")
        text = described(page, "deaths")
        assert f": {shown['total']:,} killed in all, for the events shown" in text, text
        n = page.evaluate("window.timelineApp.counts().events")
        assert re.search(rf"\b{n:,} events? between ", described(page, "overview"))
        bare = page.evaluate("""() => [...document.querySelectorAll('.visually-hidden')].flatMap((p) => [...p.childNodes])
          .filter((n) => n.nodeType === 3 && /[\u0600-\u06FF]/.test(n.textContent)).length""")
        assert bare == 0, "Arabic text outside a lang='ar' span in a summary"
        marked += page.locator(".visually-hidden span[lang='ar']").count()
    assert marked, "no Arabic name in the summaries: the data no longer tests the marking"
    assert "No running death toll in this data." in described(page, "overview")
    assert not blocked and not errors
    page.context.close()
