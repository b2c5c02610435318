"""The dashboard for people who do not code: `voila notebooks/01_explore.ipynb` on 127.0.0.1,
opened in headless Chromium; the charts appear with their titles clear of their subtitles, a
control changes a chart, a phase button sets the dates and the export button downloads a page."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from browser import browser, guard
from conftest import REPO

pytestmark = pytest.mark.browser

# Voilà's page asks a CDN for icon fonts; harmless (icons missing), not the explorer's own request.
VOILA_OWN = ("https://cdn.jsdelivr.net/npm/@fortawesome/",)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def voila_url(tmp_path_factory):
    port = _free_port()
    log_path = tmp_path_factory.mktemp("voila") / "voila.log"
    log = open(log_path, "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "voila", str(REPO / "notebooks" / "01_explore.ipynb"), "--no-browser",
         f"--port={port}", "--Voila.ip=127.0.0.1", "--ServerApp.port_retries=0"],
        stdout=log, stderr=subprocess.STDOUT, cwd=REPO)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 180
    up = False
    while time.time() < deadline and proc.poll() is None:
        try:
            urllib.request.urlopen(url + "voila/static/", timeout=5)
            up = True
        except urllib.error.HTTPError:
            up = True  # the server answers (a 404 for the folder itself is fine)
        except OSError:
            time.sleep(0.5)
            continue
        break
    if not up:
        proc.terminate()
        log.close()
        pytest.fail(f"Voilà did not start on {url}:\n{log_path.read_text()[-3000:]}")
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def test_voila_dashboard_shows_and_filters(voila_url, tmp_path):
    import timeline

    tl = timeline.load()
    with browser() as b:
        page = b.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True).new_page()
        blocked, errors = guard(page, allowed=(voila_url, "data:", "blob:"))
        page.goto(voila_url, timeout=120_000)
        page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=180_000)
        assert page.locator(".js-plotly-plot").count() == 4  # timeline, counts, toll, map
        timeline_plot = page.locator(".js-plotly-plot").first
        before = timeline_plot.locator(".scatterlayer .point").count()
        assert before > 0
        body = page.inner_text("body")
        assert f"{len(tl)} of {len(tl)} events" in body
        assert "<Timeline" not in body  # no raw repr line in the app
        # each chart's title sits above its subtitle (plotly.js measures them: drawn while shown)
        gaps = page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')].map(p => {
            const t = p.querySelector('.gtitle').getBoundingClientRect();
            const s = p.querySelector('.gtitle-subtitle').getBoundingClientRect();
            return s.top - t.bottom; })""")
        assert len(gaps) == 4 and all(g >= 0 for g in gaps), gaps

        # choose one category in the first multi-select (Categories)
        n = int((tl.events["category"] == "diplomatic").sum())
        page.locator("select[multiple]").first.select_option(value=None, label=f"Diplomatic\u00a0({n})")
        page.wait_for_function(
            f"() => document.body.innerText.includes('{n} of {len(tl)} events')", timeout=30_000)
        # the summary changes first; the timeline's points follow when the figure update arrives
        page.wait_for_function(
            "(before) => document.querySelector('.js-plotly-plot')"
            ".querySelectorAll('.scatterlayer .point').length < before", arg=before, timeout=30_000)
        after = timeline_plot.locator(".scatterlayer .point").count()
        assert after < before
        page.screenshot(path=str(tmp_path / "voila.png"))

        # a phase button sets the dates in one click; the charts' subtitles say so
        page.get_by_role("button", name="Coastal clashes, 6–12 Mar 2025").click()
        page.wait_for_function("""() => [...document.querySelectorAll('.js-plotly-plot .gtitle-subtitle')]
            .every(s => s.textContent.includes('Syria, 6–12 Mar 2025 · Diplomatic'))""", timeout=30_000)

        # the export button hands the page to the browser as a download (the kernel's copy goes
        # to the test's folder)
        kept = tmp_path / "kept" / "coast-view.html"
        kept.parent.mkdir()
        page.locator("input[type=text]").and_(page.get_by_label("File")).fill(str(kept))
        with page.expect_download(timeout=60_000) as dl:
            page.get_by_role("button", name="Export view to HTML").click()
        path = tmp_path / "export.html"
        dl.value.save_as(path)
        assert dl.value.suggested_filename == "coast-view.html" and kept.exists()
        assert "<html" in path.read_text(encoding="utf-8")[:2000].lower() and path.stat().st_size > 100_000

        own = [u for u in blocked if not u.startswith(VOILA_OWN)]
        assert own == [], f"requests to the network: {own}"  # the map's base map included
        # Left aside: the blocked icon-font requests above.
        real = [e for e in errors if "ERR_FAILED" not in e]
        assert not real, real
