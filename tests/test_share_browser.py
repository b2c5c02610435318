"""The page's links to a view, CSV download, chart downloads and print, against Python's definitions.

The fragment the page writes for a view is Filters.to_fragment()'s; a page opened on a Python
fragment shows apply_filters' events; a hostile fragment never runs; the downloaded CSV is
formats.to_csv's bytes for the same events (plain and compressed pages); each chart downloads
a picture offline; the printed page has the filters in words and the table, without controls.
"""

from __future__ import annotations

import io

import pytest

import timeline
from timeline import export, formats
from timeline.filters import Filters, apply_filters

from browser import browser, guard
from test_conformance import CASES

pytestmark = pytest.mark.browser

READY = "() => document.body.dataset.ready === '1'"


@pytest.fixture(scope="module")
def tl():
    return timeline.load()


@pytest.fixture(scope="module")
def page_path(tl, tmp_path_factory):
    return export.write_html(tl, tmp_path_factory.mktemp("share") / "page.html")


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


def new_page(chromium, **kw):
    ctx = chromium.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900}, **kw)
    page = ctx.new_page()
    blocked, errors = guard(page)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    return page, blocked, errors, dialogs


def open_page(page, path, fragment=""):
    page.goto("about:blank")
    page.goto(path.as_uri() + fragment)
    page.wait_for_function(READY, timeout=60_000)


def set_filters(page, data):
    page.evaluate("f => window.timelineApp.setFilters(f)", data)


def ids_of(tl, f):
    return sorted(apply_filters(tl, f).events["id"].astype(str))


def test_the_page_writes_pythons_fragment_and_reads_it_back(chromium, tl, page_path):
    page, blocked, errors, _ = new_page(chromium)
    open_page(page, page_path)
    assert page.evaluate("location.hash") == ""
    wrong = []
    for name, data in CASES:
        f = Filters.from_dict(data)
        set_filters(page, f.to_dict())
        got = page.evaluate("location.hash")
        if got != f.to_fragment():
            wrong.append((name, got, f.to_fragment()))
    # a link typed or pasted into the address bar of an open page (hashchange)
    for name, data in CASES:
        f = Filters.from_dict(data)
        if f.is_empty:
            continue
        before = page.evaluate("window.timelineApp.renders")
        page.evaluate("h => { location.hash = h; }", f.to_fragment())
        page.wait_for_function(f"() => window.timelineApp.renders > {before}")
        got = sorted(page.evaluate("window.timelineApp.visibleIds()"))
        if got != ids_of(tl, f):
            wrong.append((name, "hashchange", len(got), len(ids_of(tl, f))))
        set_filters(page, {})
    assert not wrong, wrong
    assert not blocked and not errors, (blocked, errors)


@pytest.mark.parametrize("name", ["range+category", "two-actors", "reporter+range", "text-ar-latakia",
                                  "everything-at-once"])
def test_a_page_opened_on_a_python_fragment_shows_apply_filters_events(chromium, tl, page_path, name):
    f = Filters.from_dict(dict(CASES)[name])
    page, blocked, errors, _ = new_page(chromium)
    open_page(page, page_path, f.to_fragment())
    assert sorted(page.evaluate("window.timelineApp.visibleIds()")) == ids_of(tl, f)
    assert page.evaluate("window.timelineApp.renders") == 1  # opened on the view, not redrawn after
    assert page.evaluate("location.hash") == f.to_fragment()
    assert Filters.from_dict(page.evaluate("window.timelineApp.filters()")).to_fragment() == f.to_fragment()
    assert page.is_hidden("#share-note")
    assert not blocked and not errors, (blocked, errors)


HOSTILE = [
    "#start=javascript:alert(1)",
    "#cat=massacre",
    "#start=2025-02-30",
    "#start=2025-03-10&end=2025-03-01",
    "#q=%ZZ",
    "#q=%E0%A4%A",
    "#when=now",
    "#actor=Nobody%20at%20all",
    "#place=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
    "#q=" + "a" * 3000,
    "#cat=military&cat=political",
    "#conf=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
]


def test_a_malformed_or_hostile_link_opens_the_starting_view_with_a_note(chromium, tl, page_path):
    page, blocked, errors, dialogs = new_page(chromium)
    everything = sorted(tl.events["id"].astype(str))
    for frag in HOSTILE:
        open_page(page, page_path, frag)
        assert page.is_visible("#share-note"), frag
        assert "could not be read" in page.text_content("#share-note"), frag
        assert sorted(page.evaluate("window.timelineApp.visibleIds()")) == everything, frag
        assert page.evaluate("location.hash") == ""  # the address now says what is shown
    assert not dialogs and not blocked and not errors, (dialogs, blocked, errors)


def test_markup_in_a_valid_link_is_only_ever_text(chromium, page_path):
    page, blocked, errors, dialogs = new_page(chromium)
    text = '"><img src=x onerror=alert(1)><script>alert(2)</script>'
    f = Filters(text=text)
    open_page(page, page_path, f.to_fragment())
    assert page.input_value("#f-text") == text
    assert text in page.text_content("#filters-line")
    assert page.evaluate("document.querySelectorAll('img[src=x], script:not([type])').length") == page.evaluate(
        "document.querySelectorAll('script:not([type])').length")  # no new image, no new script
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("window.timelineApp.visibleIds().length") == 0
    assert not dialogs and not blocked and not errors, (dialogs, blocked, errors)


def test_copy_link_copies_the_address_or_selects_it(chromium, page_path):
    f = Filters(start="2025-03-06", categories=("military",))
    page, blocked, errors, _ = new_page(chromium)
    open_page(page, page_path, f.to_fragment())
    page.evaluate("""() => { Object.defineProperty(navigator, 'clipboard', {value: {
        writeText: (t) => { window.__copied = t; return Promise.resolve(); }}, configurable: true}); }""")
    page.click("#copy-link")
    page.wait_for_function("() => window.__copied !== undefined")
    assert page.evaluate("window.__copied") == page_path.as_uri() + f.to_fragment()
    assert "Link copied" in page.text_content("#share-note")
    # no clipboard (a page from file:// may have none): the link is shown, selected
    page.evaluate("() => { Object.defineProperty(navigator, 'clipboard', {value: undefined}); }")
    page.click("#copy-link")
    assert page.input_value("#share-url") == page_path.as_uri() + f.to_fragment()
    assert page.evaluate("document.activeElement.id") == "share-url"
    assert page.evaluate("(() => { const b = document.activeElement; return b.selectionEnd - b.selectionStart; })()") \
        == len(page_path.as_uri() + f.to_fragment())
    assert not blocked and not errors, (blocked, errors)


def download_csv(page) -> bytes:
    with page.expect_download() as dl:
        page.click("#download-csv")
    assert dl.value.suggested_filename == "syria-timeline-events.csv"
    with open(dl.value.path(), "rb") as fh:
        return fh.read()


def python_csv(tl, f, tmp_path) -> bytes:
    return formats.to_csv(apply_filters(tl, f), tmp_path / "want.csv").read_bytes()


def test_the_downloaded_csv_is_to_csv_of_the_same_filters(chromium, tl, page_path, tmp_path):
    page, blocked, errors, _ = new_page(chromium)
    open_page(page, page_path)
    for name in ["everything", "range+category", "two-places", "text-ar-latakia", "empty-result", "reporter"]:
        f = Filters.from_dict(dict(CASES)[name])
        set_filters(page, f.to_dict())
        assert download_csv(page) == python_csv(tl, f, tmp_path), name
    assert not blocked and not errors, (blocked, errors)


def test_the_downloaded_csv_writes_formulas_as_text(chromium, make_timeline, tmp_path):
    tl = make_timeline(events=[
        {"id": "e1", "start": "2025-03-06", "title": '=HYPERLINK("http://evil.example","x")', "notes": "@SUM(A1)"},
        {"id": "e2", "start": "2025-03-07", "title": "-3", "description": "+cmd|' /C calc'!A0"},
    ])
    path = export.write_html(tl, tmp_path / "hostile.html")
    page, blocked, errors, _ = new_page(chromium)
    open_page(page, path)
    got = download_csv(page)
    assert got == python_csv(tl, Filters(), tmp_path)
    assert b"\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"" in got and b",'@SUM(A1)" in got
    assert b",-3," in got and b"'+cmd|" in got
    assert not blocked and not errors, (blocked, errors)


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """A page large enough that its columns are compressed (and its table shows one page of rows)."""
    from timeline.io import read_acled
    from timeline.synthetic import generate_acled, write_acled

    folder = tmp_path_factory.mktemp("big")
    tl = read_acled(write_acled(generate_acled(export.payload.COMPRESS_ABOVE + 1000, seed=3), folder / "a.csv"))
    return tl, export.write_html(tl, folder / "big.html")


def test_a_compressed_pages_csv_and_print_rows(chromium, big, tmp_path):
    tl, path = big
    page, blocked, errors, _ = new_page(chromium)
    open_page(page, path)
    cats = sorted(tl.events["category"].astype(str).unique())[:2]
    f = Filters(start="2024-06-01", categories=tuple(cats))
    set_filters(page, f.to_dict())
    assert download_csv(page) == python_csv(tl, f, tmp_path)
    n = page.evaluate("window.timelineApp.counts().events")
    assert n > 500
    assert page.locator("#events-table tbody tr").count() == 500
    page.emulate_media(media="print")
    page.wait_for_function(f"() => document.querySelectorAll('#events-table tbody tr').length === {min(n, 5000)}")
    page.emulate_media(media="screen")
    page.wait_for_function("() => document.querySelectorAll('#events-table tbody tr').length === 500")
    assert not blocked and not errors, (blocked, errors)


def test_each_chart_downloads_a_picture_offline(chromium, page_path):
    page, blocked, errors, _ = new_page(chromium)
    open_page(page, page_path)
    for chart, button in [("#overview", "Download plot as a PNG"), ("#map", "Download the map as a PNG")]:
        page.hover(chart)
        with page.expect_download() as dl:
            page.click(f"{chart} .modebar-btn[data-title='{button}']")
        with open(dl.value.path(), "rb") as fh:
            data = fh.read()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000, (chart, len(data))
    assert not blocked and not errors, (blocked, errors)


def test_the_printed_page_has_the_filters_in_words_the_charts_and_the_table(chromium, tl, page_path):
    pypdf = pytest.importorskip("pypdf", reason="pip install pypdf (the test extra)")
    f = Filters(start="2025-03-06", end="2025-03-10", categories=("violence_against_civilians",))
    page, blocked, errors, _ = new_page(chromium)
    open_page(page, page_path, f.to_fragment())
    page.emulate_media(media="print")
    for hidden in ["#controls", "#copy-link", "#download-csv", "#f-reset", ".modebar-container"]:
        assert page.locator(hidden).first.is_hidden(), hidden
    assert page.is_visible("#filters-line") and page.is_visible("#overview .main-svg")
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    text = " ".join(p.extract_text() for p in pdf.pages)
    flat = " ".join(text.split())
    assert "Filters: 6 Mar 2025 – 10 Mar 2025 · categories: Violence against civilians" in flat
    view = apply_filters(tl, f)
    for title in view.events["title"]:
        assert " ".join(str(title).split()[:4]) in flat, title
    cited = view.sources.set_index("id").loc[view.event_sources["source_id"], "url"]
    urls = [u for u in cited if str(u).startswith("http")]
    assert urls and all(u[:30] in text.replace("\n", "") for u in urls[:5])  # links print their address
    assert "Copy link" not in flat and "Show everything" not in flat and "Download these" not in flat
    assert len(pdf.pages) >= 2
    assert not blocked and not errors, (blocked, errors)
