"""The exported page's weight: the partial plotly.js it ships (its version, its trace types), the
packed blocks and the loader that runs them under the page's Content-Security-Policy, the page's
size, and figures written from Python keeping plotly's full bundle."""

from __future__ import annotations

import json
import os
import re

import pytest
from plotly.offline import get_plotlyjs, get_plotlyjs_version

from browser import browser, guard
from timeline import export
from timeline import figures as F
from timeline.export import page as P
from timeline.io import read_acled
from timeline.synthetic import generate_acled, write_acled

#: The size the page of the shipped data must stay under (bytes).
BUNDLED_PAGE_MAX = 1_200_000


def page_data(html: str) -> dict:
    """The page's JSON block, unpacked if it is packed."""
    m = re.search(r'<script type="([^"]*)" id="timeline-data"(?: data-bytes="(\d+)")?>(.*?)</script>', html, flags=re.S)
    text = m.group(3) if m.group(2) is None else P.unpack(m.group(3), int(m.group(2))).decode("utf-8")
    return json.loads(text)


def trace_types(html: str) -> set[str]:
    figures = page_data(html)["figures"]
    return {tr.get("type", "scatter") for fig in figures.values() for tr in fig["data"]}


@pytest.fixture(scope="module")
def small(tl):
    return export.to_html_string(tl)


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """An ACLED-shaped timeline large enough for the density strips and a packed data block."""
    path = tmp_path_factory.mktemp("acled") / "acled.csv"
    write_acled(generate_acled(8_000, seed=3), path)
    return export.to_html_string(read_acled(path, progress=False))


def test_bundle_is_the_plotly_packages_release():
    """Upgrading plotly fails here until scripts/build-plotly.sh is run again."""
    assert P.plotly_js_version() == get_plotlyjs_version()
    assert P.plotly_js_version(get_plotlyjs()) == get_plotlyjs_version()
    assert (P.PLOTLY_BUNDLE.parent / "LICENSE-plotly.js").read_text().startswith("MIT License")


def test_bundled_page_is_light(small):
    assert len(small.encode("utf-8")) <= BUNDLED_PAGE_MAX
    assert len(P.plotly_js()) < len(get_plotlyjs()) / 2


def test_packed_text_round_trips_and_cannot_end_its_block():
    rng = __import__("numpy").random.default_rng(0)
    for data in (b"", b"\x00", bytes(3), b"<\r<\r\x00<", bytes(range(256)) * 9, rng.bytes(100_001)):
        text, n = P.pack(data)
        assert P.unpack(text, n) == data
        assert not set(text) & {"\x00", "\r", "<"}
        assert max(map(ord, text), default=0) < 0x800  # one or two bytes each in UTF-8
    data = rng.bytes(1000)
    assert P.pack(data, 9) == P.pack(data, 9)  # no timestamp: the same bytes give the same text


def test_large_page_packs_its_data(large):
    assert re.search(r'<script type="application/octet-stream" id="timeline-data" data-bytes="\d+">', large)
    assert "heatmap" in trace_types(large)


def test_figures_written_from_python_keep_plotlys_own_bundle(tl):
    html = F.map_figure(tl).to_html(include_plotlyjs=True, full_html=False)
    assert get_plotlyjs() in html and P.plotly_js() not in html


@pytest.mark.browser
def test_the_bundle_draws_every_trace_type_of_the_page_offline(small, large, tmp_path):
    needed = trace_types(small) | trace_types(large)
    assert {"scatter", "bar", "heatmap", "scattergeo"} <= needed
    with browser() as b:
        for name, html in (("small", small), ("large", large)):
            path = tmp_path / f"{name}.html"
            path.write_text(html, encoding="utf-8")
            pg = b.new_page(viewport={"width": 1200, "height": 900})
            blocked, errors = guard(pg)
            pg.goto(path.as_uri())
            pg.wait_for_function("() => document.body.dataset.ready === '1'", timeout=60_000)
            registered = set(pg.evaluate("() => Object.keys(Plotly.PlotSchema.get().traces)"))
            assert needed <= registered, needed - registered
            assert pg.evaluate("() => Plotly.version") == get_plotlyjs_version()
            drawn = pg.evaluate("""() => [...document.querySelectorAll('#overview .trace, #map .trace')]
                                   .map((t) => [...t.classList].find((c) => c !== 'trace'))""")
            assert {"bars", "scatter"} <= set(drawn) and "scattergeo" in set(drawn), set(drawn)
            assert pg.locator("#map-base .geo .layer.land path").count() > 0  # the base map, from the page
            if name == "large":
                assert pg.locator("#overview .hm").count() > 0  # the density strips
            assert blocked == [] and errors == [], (blocked, errors)
            pg.close()


@pytest.mark.browser
def test_a_script_not_in_the_policy_does_not_run(small, tmp_path):
    """The loader runs each block as an inline script; one whose text is not the one hashed in
    the page's policy is refused (and the page does not start)."""
    tampered = small.replace('<script type="text/plain" data-run>', '<script type="text/plain" data-run>window.__ran = 1;', 1)
    assert tampered != small
    path = tmp_path / "tampered.html"
    path.write_text(tampered, encoding="utf-8")
    with browser() as b:
        pg = b.new_page()
        blocked, errors = guard(pg)
        pg.goto(path.as_uri())
        pg.wait_for_function("() => document.querySelectorAll('script:not([type])').length >= 6", timeout=60_000)
        assert pg.evaluate("() => typeof window.__ran") == "undefined"
        assert any("Content Security Policy" in e for e in errors), errors
        assert pg.evaluate("() => document.body.dataset.ready") is None
