"""The exported page in headless Chromium: its size, time to ready and how fast a filter change redraws it.

For each timeline (the bundled one, and N synthetic ACLED-shaped events) the page is exported with
:func:`timeline.export.write_html` (or taken from ``--page``), opened in Debian's Chromium
(``/usr/bin/chromium`` through playwright, never ``playwright install``; every request that is not
``file:``, ``data:`` or ``blob:`` is blocked) and driven through its own controls, as a reader
would: a category box unticked and ticked again, the start or end date moved and reset, the
confidence raised and lowered, words typed in the search box and cleared. Each change is timed
in the page, from the input event to the page's render counter (``body[data-renders]``, raised
once the charts and the table are redrawn); the search box is debounced, so for it the clock
starts when the debounce ends (the page's ``data-debounce`` milliseconds after the input).

    python benchmarks/bench_page.py                                  # bundled, 100k, 1M; a table
    python benchmarks/bench_page.py --sizes bundled 100000 --json    # JSON on stdout
    python benchmarks/bench_page.py --page old.html --label before   # time a page already written
    python benchmarks/bench_page.py --csv 1000000=/tmp/syn1m.csv     # reuse a generated CSV

Synthetic CSVs are written once to ``--cache`` (default: a temporary folder) with
``timeline.synthetic`` (seed 1) and reused.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ALLOWED = ("file:", "data:", "blob:")

#: Installed before the page's own scripts: records when the page says it is ready, and offers
#: ``__bench(fn)``, which runs a change and resolves with its latency once the render counter moves.
INIT = """
(() => {
  const mark = () => {
    if (document.body && document.body.dataset.ready === '1' && window.__readyAt === undefined) {
      window.__readyAt = performance.now();
    }
  };
  new MutationObserver(mark).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-ready']});
  window.__bench = (kind, selector, value) => new Promise((resolve, reject) => {
    const body = document.body, before = Number(body.dataset.renders || 0);
    const el = document.querySelector(selector);
    if (!el) return reject(new Error('no element ' + selector));
    const debounce = kind === 'text' ? Number(body.dataset.debounce || 200) : 0;
    const obs = new MutationObserver(() => {
      if (Number(body.dataset.renders || 0) > before) {
        obs.disconnect();
        resolve(performance.now() - t0 - debounce);
      }
    });
    obs.observe(body, {attributes: true, attributeFilter: ['data-renders']});
    setTimeout(() => { obs.disconnect(); reject(new Error('no redraw after ' + kind)); }, 60000);
    if (kind === 'check') el.checked = value;
    else el.value = value;
    var t0 = performance.now();
    el.dispatchEvent(new Event(kind === 'text' ? 'input' : 'change', {bubbles: true}));
  });
})();
"""


def changes(kind: str, page) -> list[tuple[str, str, str, object]]:
    """One round of changes, each undone by the next: (label, kind, selector, value)."""
    info = page.evaluate("""() => ({
      cats: Array.from(document.querySelectorAll('#f-categories input')).map(x => x.value),
      start: document.getElementById('f-start').value, end: document.getElementById('f-end').value,
    })""")
    cats = info["cats"]
    start, end = info["start"], info["end"]
    mid = _mid(start, end)
    words = ("jableh", "latakia") if kind == "bundled" else ("aleppo", "shelling")
    out = []
    for c in cats[:3]:
        sel = f"#f-categories input[value='{c}']"
        out += [("categories", "check", sel, False), ("categories", "check", sel, True)]
    out += [("dates", "date", "#f-start", mid), ("dates", "date", "#f-start", start),
            ("dates", "date", "#f-end", mid), ("dates", "date", "#f-end", end)]
    out += [("confidence", "select", "#f-confidence", "high"), ("confidence", "select", "#f-confidence", "medium"),
            ("confidence", "select", "#f-confidence", "low")]
    for w in words:
        out += [("text", "text", "#f-text", w), ("text", "text", "#f-text", "")]
    return out


def _mid(a: str, b: str) -> str:
    import datetime as dt

    x, y = dt.date.fromisoformat(a), dt.date.fromisoformat(b)
    return (x + (y - x) / 2).isoformat()


def _open(browser, path: Path) -> tuple:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    blocked, errors = [], []

    def route(r):
        if r.request.url.startswith(ALLOWED):
            return r.continue_()
        blocked.append(r.request.url)
        return r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(INIT)
    t0 = time.perf_counter()
    page.goto(path.resolve().as_uri(), timeout=120_000)
    page.wait_for_selector("body[data-ready='1']", timeout=180_000)
    wall = time.perf_counter() - t0
    page.wait_for_timeout(300)  # let the first frame settle
    return page, blocked, errors, wall


def measure(browser, paths: list[Path], kind: str, rounds: int) -> list[dict]:
    """Time the same changes on each page of ``paths`` (the same data), one change on each page
    in turn, so that a busy machine slows them alike."""
    opened = [_open(browser, p) for p in paths]
    lat: list[dict[str, list[float]]] = [{} for _ in paths]
    steps = changes(kind, opened[0][0])
    for _ in range(rounds):
        for label, k, sel, value in steps:
            for (page, *_), out in zip(opened, lat):
                out.setdefault(label, []).append(page.evaluate("([k, s, v]) => window.__bench(k, s, v)", [k, sel, value]))
                page.wait_for_timeout(30)
    results = []
    for path, (page, blocked, errors, wall), by in zip(paths, opened, lat):
        ready = page.evaluate("window.__readyAt")
        page.close()
        every = [v for vs in by.values() for v in vs]
        results.append({
            "page_bytes": path.stat().st_size,
            "ready_s": round(ready / 1000, 3) if ready is not None else None,
            "ready_wall_s": round(wall, 3),
            "changes": len(every),
            "change_median_ms": round(statistics.median(every), 1),
            "change_p95_ms": round(_p95(every), 1),
            "by_kind_median_ms": {k: round(statistics.median(v), 1) for k, v in by.items()},
            "blocked_requests": len(blocked), "page_errors": errors[:3],
        })
    return results


def _p95(xs: list[float]) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]


def export_page(size: str, folder: Path, csvs: dict[int, str]) -> tuple[Path, str]:
    import timeline
    from timeline import export
    from timeline.io import read_acled
    from timeline.synthetic import generate_acled, write_acled

    if size == "bundled":
        path = folder / "bundled.html"
        export.write_html(timeline.load(), path)
        return path, "bundled"
    n = int(size)
    csv = Path(csvs.get(n) or folder / f"acled-{n}.csv")
    if not csv.exists():
        print(f"generating {n:,} events", file=sys.stderr)
        write_acled(generate_acled(n, seed=1), csv)
    tl = read_acled(csv, progress=False)
    path = folder / f"acled-{n}.html"
    t = time.perf_counter()
    export.write_html(tl, path, progress=False)
    print(f"exported {n:,} events in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return path, "synthetic"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--sizes", nargs="+", default=["bundled", "100000", "1000000"])
    ap.add_argument("--page", nargs="+", type=Path, help="time these pages instead (kind from the name: "
                    "'bundled' in it means the bundled data)")
    ap.add_argument("--against", nargs="+", type=Path, default=[],
                    help="pages to time beside --page, one change on each in turn (e.g. the same data "
                         "exported by an earlier version); reported with '(against)'")
    ap.add_argument("--csv", nargs="*", default=[], help="N=PATH: a synthetic CSV to reuse")
    ap.add_argument("--cache", type=Path, default=None, help="folder for the CSVs and pages")
    ap.add_argument("--rounds", type=int, default=2, help="rounds of 17 changes (default 2)")
    ap.add_argument("--label", default="")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    folder = args.cache or Path(tempfile.mkdtemp(prefix="bench-page-"))
    folder.mkdir(parents=True, exist_ok=True)
    csvs = {int(k): v for k, v in (c.split("=", 1) for c in args.csv)}
    jobs = ([(p, "bundled" if "bundled" in p.name else "synthetic", p.name) for p in args.page] if args.page
            else [(*export_page(s, folder, csvs), s) for s in args.sizes])
    if args.against and len(args.against) != len(jobs):
        ap.error("--against needs one page per page timed")
    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for j, (path, kind, name) in enumerate(jobs):
            print(f"timing {name}", file=sys.stderr)
            paths = [path] + ([args.against[j]] if args.against else [])
            got = measure(browser, paths, kind, args.rounds)
            results[name] = got[0]
            if args.against:
                results[f"{name} (against: {args.against[j].name})"] = got[1]
        browser.close()
    if args.json:
        json.dump({"label": args.label, "results": results}, sys.stdout, indent=2)
        print()
    else:
        print(f"| page {args.label} | size | ready | change median | p95 | categories / dates / confidence / text |")
        print("|---|---:|---:|---:|---:|---|")
        for name, r in results.items():
            k = r["by_kind_median_ms"]
            print(f"| {name} | {r['page_bytes'] / 1e6:.1f} MB | {r['ready_s']} s | {r['change_median_ms']} ms | "
                  f"{r['change_p95_ms']} ms | {' / '.join(str(k.get(x)) for x in ('categories', 'dates', 'confidence', 'text'))} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
