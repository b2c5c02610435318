"""Headless Chromium for the tests: Debian's /usr/bin/chromium driven by playwright (never
`playwright install`), with every request outside the allowed schemes/hosts blocked and recorded."""

from __future__ import annotations

import shutil
from contextlib import contextmanager

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def require_chromium():
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (bash scripts/test.sh installs it)")
    pytest.importorskip("playwright.sync_api", reason="pip install playwright (bash scripts/test.sh)")


@contextmanager
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


def guard(page, allowed=("file:", "data:", "blob:")):
    """Block every request whose URL does not start with one of ``allowed``; return the list of
    blocked URLs and the list of console errors, both filled as the page runs."""
    blocked: list[str] = []
    errors: list[str] = []

    def route(r):
        url = r.request.url
        if url.startswith(tuple(allowed)):
            return r.continue_()
        blocked.append(url)
        return r.abort()

    page.route("**/*", route)

    def console(m):
        if m.type != "error":
            return
        detail = ""
        for a in m.args[1:]:
            try:
                detail += " " + str(a.evaluate("e => e && (e.stack || e.message || String(e))"))[:400]
            except Exception:  # the page may be gone
                pass
        errors.append(m.text + detail)

    page.on("console", console)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return blocked, errors
