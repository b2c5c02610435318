"""The exported page in Arabic and its language switch, and the page's own stumbles fixed (titles
that follow the filters, the count and table that follow the zoom, whole-number ticks, the
empty toll's note, phase buttons, the narrow screen): Debian's Chromium, network blocked."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

import timeline
from browser import browser as chromium, guard
from conftest import REPO
from timeline import export
from timeline import strings as S
from timeline.filters import Filters, apply_filters
from timeline.views import select

pytestmark = pytest.mark.browser

ROWS = "#events-table tbody tr"
LATIN = re.compile(r"[A-Za-z]{3,}")
#: the page's visible words: labels, headings, buttons, table headers, the count line, notes
VISIBLE = ("label, legend, h2, button, th, summary, option, #status, #summary, .hint, .phase-label, "
           "#table-note, .page-footer, .page-header .counts, .page-header .asof, .page-header .span")


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    tl = timeline.load()
    folder = tmp_path_factory.mktemp("arabic")
    paths = {lang: export.write_html(tl, folder / f"{lang}.html", lang=lang) for lang in ("en", "ar")}
    with chromium() as b:
        yield b, paths, tl


def open_page(b, path, width=1280):
    page = b.new_page(viewport={"width": width, "height": 900})
    blocked, errors = guard(page)
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=60_000)
    return page, blocked, errors


def act(page, action):
    before = int(page.evaluate("document.body.dataset.renders || 0"))
    action()
    page.wait_for_function("(n) => Number(document.body.dataset.renders || 0) > n", arg=before, timeout=10_000)


def data_words(tl) -> list[str]:
    """Data values and proper names with no Arabic form in the data: they may stay in Latin letters."""
    words = [str(r) for r in tl.reporters]
    words += tl.casualty_reports["reported_by"].astype(str).tolist()
    words += ["syria-timeline", "JavaScript", "Enter", "CSV", "PNG", timeline.__version__, "Syria timeline"]
    return sorted(set(words), key=len, reverse=True)


def visible_text(page) -> str:
    """The text of the page's own words, in the language of the page (the switch names the other)."""
    return page.evaluate("(s) => Array.from(document.querySelectorAll(s)).filter((n) => n.closest('[lang]').lang "
                         "=== document.documentElement.lang).map((n) => n.textContent).join(' | ')", VISIBLE)


def test_arabic_page_is_right_to_left_with_arabic_labels(pages):
    b, paths, tl = pages
    page, blocked, errors = open_page(b, paths["ar"])
    assert blocked == [] and errors == []
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    phases = pd.read_csv(REPO / "data" / "phases.csv")["name"].astype(str).tolist()
    text = visible_text(page)
    for w in sorted(set(data_words(tl) + phases), key=len, reverse=True):
        text = text.replace(w, "")
    assert LATIN.findall(text) == []
    assert page.text_content("th") == "التاريخ"
    assert page.text_content("#status") == f"الأحداث المعروضة: {len(tl)} من أصل {len(tl)}"
    L = page.evaluate("timelineApp.layouts()")
    title = L["overview"]["title"]["text"]
    assert title.startswith("\u202b") and title.endswith("\u202c")  # embedded right to left in plotly's SVG
    assert title[1:].startswith("<b>سوريا، ")
    assert "مارس 2025" in L["overview"]["title"]["text"]
    for axis in ("yaxis2", "yaxis3"):
        assert re.search("[\u0600-\u06FF]", L["overview"][axis]["title"]["text"])
    assert L["mapBase"]["title"]["text"] == "\u202b<b>أين وقعت الأحداث</b>\u202c"
    # the date axis speaks Arabic (plotly's locale from the table's month names)
    ticks = page.evaluate("Array.from(document.querySelectorAll('#overview .xaxislayer-above text'), (n) => n.textContent).join(' ')")
    assert "مارس" in ticks and "Mar" not in ticks
    # places in the table in Arabic where the data has them
    assert page.locator(ROWS).first.locator("td.places li span[lang=ar]").count() >= 1
    page.close()


def test_language_switch_keeps_the_filters(pages):
    b, paths, tl = pages
    page, blocked, errors = open_page(b, paths["en"])
    assert page.text_content("#f-lang") == "العربية"
    act(page, lambda: page.click("#f-categories input[value=military]"))
    before = page.evaluate("timelineApp.visibleIds()")
    page.click("#f-lang")
    page.wait_for_selector("body[data-lang='ar']")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    assert page.evaluate("timelineApp.visibleIds()") == before
    assert page.text_content("th") == "التاريخ"
    assert page.text_content("#f-lang") == "English"
    assert page.locator(ROWS).count() == len(before)
    assert not page.is_checked("#f-categories input[value=military]")
    assert "الفئات المعروضة: 5 فئات" in page.evaluate("timelineApp.layouts().overview.title.subtitle.text")
    page.click("#f-lang")
    page.wait_for_selector("body[data-lang='en']")
    assert page.text_content("th") == "Date"
    assert page.evaluate("timelineApp.visibleIds()") == before
    assert errors == [] and blocked == []
    page.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_arabic_search_works_in_every_language(pages, lang):
    b, paths, tl = pages
    page, _, errors = open_page(b, paths[lang])
    act(page, lambda: (page.fill("#f-text", "حلب"), page.press("#f-text", "Enter")))
    want = apply_filters(tl, Filters(text="حلب")).events["id"].tolist()
    assert sorted(page.evaluate("timelineApp.visibleIds()")) == sorted(want) and want
    # an actor typed by its Arabic name
    act(page, lambda: (page.fill("#f-text", ""), page.press("#f-text", "Enter")))
    act(page, lambda: (page.fill("#f-actor", "هيئة تحرير الشام"), page.press("#f-actor", "Enter")))
    want = apply_filters(tl, Filters(actors=("Hayat Tahrir al-Sham",))).events["id"].tolist()
    assert sorted(page.evaluate("timelineApp.visibleIds()")) == sorted(want) and want
    assert errors == []
    page.close()


def test_title_follows_the_dates_and_phase_buttons_set_them(pages):
    b, paths, tl = pages
    page, _, errors = open_page(b, paths["en"])
    page.evaluate("timelineApp.setFilters({start: '2025-03-06', end: '2025-03-10'})")
    assert page.evaluate("timelineApp.layouts().overview.title.text") == \
        "<b>Syria, 6–10 Mar 2025: events and the reported toll</b>"
    assert "6–10 Mar 2025" in page.evaluate("timelineApp.layouts().mapBase.title.subtitle.text")
    phases = pd.read_csv(REPO / "data" / "phases.csv")
    coast = phases[phases["id"] == "coastal-clashes"].iloc[0]
    button = page.locator(".phase-button", has_text=str(coast["name"]))
    assert button.text_content() == f"{coast['name']}, " + S.range_text(pd.Timestamp(coast["start"]), pd.Timestamp(coast["end"]))
    act(page, lambda: button.click())
    assert page.input_value("#f-start") == coast["start"] and page.input_value("#f-end") == coast["end"]
    n = select(tl, Filters(start=coast["start"], end=coast["end"])).n
    assert page.text_content("#status") == f"Showing {n} of {len(tl)} events"
    assert button.get_attribute("aria-pressed") == "true"
    assert errors == []
    page.close()


def test_count_and_table_follow_the_zoom(pages):
    b, paths, tl = pages
    page, _, errors = open_page(b, paths["en"])
    act(page, lambda: page.evaluate(
        "Plotly.relayout('overview', {'xaxis3.range': ['2025-03-05T18:00:00', '2025-03-09T18:00:00']})"))
    page.wait_for_function("() => document.getElementById('status').textContent.includes('zoomed')")
    n = select(tl, Filters(start="2025-03-06", end="2025-03-09")).n
    assert page.text_content("#status") == f"Showing {n} of {len(tl)} events in the zoomed range"
    assert page.locator(ROWS).count() == n < len(tl)
    assert "6–9 Mar 2025" in page.evaluate("timelineApp.layouts().overview.title.text")
    act(page, lambda: page.evaluate("Plotly.relayout('overview', {'xaxis3.autorange': true})"))
    assert page.text_content("#status") == f"Showing {len(tl)} of {len(tl)} events"
    assert errors == []
    page.close()


def test_events_per_day_has_whole_number_ticks(pages):
    b, paths, tl = pages
    page, _, _ = open_page(b, paths["en"])
    page.evaluate("timelineApp.setFilters({start: '2024-12-20', end: '2025-01-31'})")  # few events a day
    ticks = page.evaluate("Array.from(document.querySelectorAll('#overview .ytick text'), (n) => n.textContent)")
    counts = page.evaluate("Array.from(document.querySelectorAll('#overview .yaxislayer-above')[1]"
                           ".querySelectorAll('text'), (n) => n.textContent)")
    assert counts and all(re.fullmatch(r"\d+", c) for c in counts), counts
    assert ticks
    page.close()


def test_no_organisation_ticked_says_so(pages):
    b, paths, tl = pages
    page, _, errors = open_page(b, paths["en"])
    for box in page.locator("#f-reporters input").all():
        if box.is_checked():
            if not box.is_visible():
                page.click("#f-reporters details.more summary")
            act(page, lambda: box.click())
    notes = page.evaluate("timelineApp.layouts().overview.annotations.map((a) => a.name)")
    assert "no-reporter" in notes
    assert page.locator("#overview .annotation-text", has_text="No organisation ticked").count() == 1
    assert errors == []
    page.close()


def test_header_and_toll_filter_count_the_same_organisations(pages):
    b, paths, tl = pages
    page, _, _ = open_page(b, paths["en"])
    n = len(tl.reporters)
    assert f"{n} organisations giving casualty figures" in page.text_content(".page-header .counts")
    assert page.locator("#f-reporters input").count() == n
    assert f"of the {n} organisations" in page.text_content("#f-reporters .hint")
    page.close()


def test_hover_text_is_dark_on_white_and_titles_are_wrapped_not_cut(pages):
    b, paths, tl = pages
    page, _, _ = open_page(b, paths["en"])
    label = page.evaluate("document.getElementById('overview')._fullLayout.hoverlabel")
    assert label["font"]["color"].lower() in ("#1a1a1a", "rgb(26, 26, 26)") and label["bgcolor"] in ("white", "#fff", "#ffffff")
    hovers = page.evaluate("FIG_HOVERS = Array.from(document.getElementById('overview').data).filter((t) => t.meta && "
                           "t.meta.role === 'event').flatMap((t) => t.hovertext || [])")
    assert hovers and not any("…" in h for h in hovers)
    page.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_narrow_screen_keeps_the_controls_inside(pages, lang, tmp_path):
    b, paths, tl = pages
    page, _, _ = open_page(b, paths[lang], width=400)
    over = page.evaluate("""() => Array.from(document.querySelectorAll('#controls input, #controls select, #controls button'))
        .filter((n) => n.offsetParent && (n.getBoundingClientRect().right > 400.5 || n.getBoundingClientRect().left < -0.5))
        .map((n) => n.id || n.className)""")
    assert over == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    page.close()


# --- the deaths chart's words (an ACLED page) -------------------------------------------------------

@pytest.fixture(scope="module")
def acled_pages(pages, tmp_path_factory):
    from timeline.io import read_acled
    from timeline.synthetic import generate_acled, write_acled

    folder = tmp_path_factory.mktemp("acled")
    tl = read_acled(write_acled(generate_acled(800, seed=11), folder / "acled.csv"), progress=False)
    paths = {lang: export.write_html(tl, folder / f"acled-{lang}.html", lang=lang, progress=False) for lang in ("en", "ar")}
    return pages[0], paths, tl


def deaths_texts(page) -> dict:
    """The deaths chart's title, subtitle and axis, the map's subtitle and the filters line, without
    the marks that embed each Arabic line right to left in the charts."""
    got = page.evaluate("""() => { const L = document.getElementById('deaths').layout;
        return {title: L.title.text, subtitle: L.title.subtitle.text, axis: L.yaxis.title.text,
                map: document.getElementById('map-base').layout.title.subtitle.text,
                filters: document.getElementById('filters-line').textContent}; }""")
    return {k: re.sub("[\u202b\u202c]", "", v) for k, v in got.items()}


def test_deaths_title_follows_the_dates_and_categories(acled_pages):
    from timeline.charts import wording as W

    b, paths, tl = acled_pages
    page, blocked, errors = open_page(b, paths["en"])
    assert deaths_texts(page)["title"] == "<b>" + W.deaths_title("W") + "</b>"
    act(page, lambda: page.evaluate("timelineApp.setFilters({start: '2024-02-01', end: '2024-05-31'})"))
    span = S.range_text(pd.Timestamp("2024-02-01"), pd.Timestamp("2024-05-31"))
    got = deaths_texts(page)
    assert got["subtitle"] == W.deaths_subtitle("ACLED", "W", span, False)
    assert got["axis"] == W.deaths_axis_title("W")
    act(page, lambda: page.evaluate("timelineApp.setFilters({start: '2024-02-01', end: '2024-05-31', "
                                    "categories: ['military']})"))
    assert deaths_texts(page)["subtitle"].startswith("Categories shown: Military. ACLED’s fatality count")
    assert page.text_content("fieldset.size-by legend") == "Size dots by"
    page.check("input[name=size-by][value=deaths]")
    page.wait_for_function("() => document.getElementById('map-base').layout.title.subtitle.text.includes('deaths ACLED gave')")
    assert span in deaths_texts(page)["map"]
    assert not blocked and errors == []
    page.close()


def test_arabic_acled_page_has_arabic_deaths_words_and_filters_line(acled_pages):
    b, paths, tl = acled_pages
    page, blocked, errors = open_page(b, paths["ar"])
    got = deaths_texts(page)
    assert got["title"] == "<b>" + S.text("deaths.title", "ar") + "</b>"
    assert "بحسب ACLED" in got["subtitle"] and not LATIN.search(got["axis"])
    act(page, lambda: page.evaluate("timelineApp.setFilters({start: '2024-03-06', end: '2024-03-12'})"))
    got = deaths_texts(page)
    assert S.range_text(pd.Timestamp("2024-03-06"), pd.Timestamp("2024-03-12"), "ar") in got["subtitle"]
    assert "6 مارس 2024" in got["filters"] and "12 مارس 2024" in got["filters"] and "Mar" not in got["filters"]
    note = page.evaluate("() => timelineApp.deaths().note")
    assert "Not " not in note and "events" not in note
    names = page.evaluate("() => document.getElementById('deaths').data.filter((t) => (t.meta || {}).role === 'deaths')"
                          ".map((t) => t.name)")
    assert names and not any(LATIN.search(n) for n in names), names
    bars = page.evaluate("() => document.getElementById('deaths').data.filter((t) => (t.meta || {}).role === 'deaths')")
    hover = re.sub(r"%\{[^}]*\}|<[^>]*>", "", bars[0]["hovertemplate"])  # its words, without plotly's fields
    assert "بحسب ACLED" in hover and LATIN.findall(hover.replace("ACLED", "")) == [], hover
    periods = {c[0] for tr in bars for c in tr["customdata"]}
    assert periods and all(p.startswith("أسبوع ") and "مارس" in p or not LATIN.search(p) for p in periods), periods
    source = page.evaluate("() => document.getElementById('deaths').layout.annotations.find((a) => a.name === 'source').text")
    assert source.startswith("\u202Bالأرقام: ACLED، من تقارير ")
    line = page.evaluate("() => document.getElementById('deaths').layout.title.subtitle.text")
    assert all(part.startswith("\u202B") and part.endswith("\u202C") for part in line.split("<br>"))
    # the screen readers' summaries in Arabic too, with Arabic category names
    summaries = {k: page.text_content(f"#{k}-summary") for k in ("overview", "map", "deaths")}
    assert summaries["overview"].startswith("الأحداث عبر الزمن: ") and "مارس 2024" in summaries["overview"]
    assert S.text("category.military", "ar") in summaries["overview"]
    assert summaries["map"].startswith("الخريطة: ") and summaries["deaths"].startswith("القتلى المُبلَغ عنهم")
    for text in summaries.values():
        assert LATIN.findall(text.replace("ACLED", "")) == [] or all(w[0].isupper() for w in LATIN.findall(text))
    control = page.text_content("fieldset.size-by")  # the "Size dots by" control in Arabic, naming ACLED
    assert S.text("map.size_by", "ar") in control and "ACLED" in control
    assert LATIN.findall(control.replace("ACLED", "")) == [], control
    page.click("#f-lang")  # and in English once the reader switches
    page.wait_for_selector("body[data-lang='en']")
    assert page.text_content("fieldset.size-by") == "Size dots by" + "events" + "reported deaths (ACLED’s per-event figures)"
    page.click("#f-lang")
    page.wait_for_selector("body[data-lang='ar']")
    page.check("input[name=size-by][value=deaths]")
    page.wait_for_function("() => document.getElementById('map-base').layout.title.subtitle.text.includes('ACLED')")
    assert deaths_texts(page)["map"].startswith("كل نقطة مكان، وتدل مساحتها على عدد القتلى الذي أورده ACLED")
    assert not blocked and errors == []
    page.close()
