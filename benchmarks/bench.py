"""Speed of loading, exploring and exporting the bundled timeline and large ACLED-shaped ones.

First the bundled timeline (``timeline.load()``, the data every user opens; ``n`` is ``"bundled"``),
then each N (default 10,000, 100,000 and 1,000,000 rows of :func:`generate.generate_acled`, seed 0),
written once to a CSV in a temporary folder. The same measures for both:

``load_validate_s``
    :func:`timeline.load` of the bundled folder, or :func:`timeline.io.read_acled` of the file
    (reading and checking every value).
``explorer_build_s``
    ``Explorer(timeline)``: the codes of :mod:`timeline.index`, the controls and the four
    FigureWidgets; ``explorer_rebuild_s``: a second one in the same process.
``widget_change_ms``
    One filter change, in the same process, from setting a control's ``.value`` to the
    FigureWidgets (and the summary and table) being updated: ``median`` and ``p90`` over
    ``--repeat`` rounds of six changes of three kinds — the categories (only "military", then
    all again), the date range (the slider to the middle third of the span, then all of it) and
    the confidence ("high only", then "any"); ``by_kind`` gives each kind's median.
    ``timeline_modes`` counts the changes after which the timeline drew density or each event.
``naive_rebuild_ms``
    The same kinds of view done the naive way: :func:`timeline.filters.apply_filters`, then the
    explorer's four figures built from scratch as ``go.Figure`` with the public builders of
    :mod:`timeline.figures` (the index cleared first; the figures are only built, not even sent
    to a widget). ``median`` over ``--naive-repeat`` rounds of three views.
``ratio``
    ``naive_rebuild_ms.median / widget_change_ms.median``.
``events_mode_change_ms``
    The slider narrowed to two days, so the timeline shows each event, and back (median): the
    costliest change, reported apart.
``text_search_ms``
    The search box set to "jableh" (the first search builds the searched text) and cleared.
``export_html_bytes``, ``export_s``
    :func:`timeline.export.write_html` of the whole timeline, when that function exists and N is
    at most ``--export-max`` (else ``null`` with a ``note``).

Progress goes to stderr (tqdm); ``--json`` prints one JSON document to stdout, otherwise a
table. Targets (a 2-core machine, medians): a widget change at most 15 ms on the bundled
timeline and 30 ms at N = 1,000,000; the explorer built in at most 0.5 s bundled and 3 s at
1,000,000; a text search at 1,000,000 at most 1 s the first time and 200 ms after.

    python benchmarks/bench.py --json --sizes 10000 100000 1000000 --repeat 5
    python benchmarks/bench.py --sizes 0        # the bundled timeline only
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate_acled, write_acled  # noqa: E402

SIZES = (10_000, 100_000, 1_000_000)
TARGETS = {"widget_change_ms": {"bundled": 15.0, "1000000": 30.0},
           "explorer_build_s": {"bundled": 0.5, "1000000": 3.0},
           "text_search_ms": {"first": 1000.0, "again": 200.0}, "load_validate_s": 10.0,
           "export_html_bytes": 20_000_000}


def _tqdm(**kw):
    from tqdm.auto import tqdm

    return tqdm(file=sys.stderr, leave=False, dynamic_ncols=True, **kw)


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _summary(values: list[float]) -> dict:
    values = sorted(values)
    p90 = values[min(len(values) - 1, int(round(0.9 * (len(values) - 1))))]
    return {"median": round(statistics.median(values), 1), "p90": round(p90, 1), "n": len(values)}


def machine() -> dict:
    """What the numbers were measured on."""
    import numpy
    import pandas
    import plotly

    info = {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count(),
            "numpy": numpy.__version__, "pandas": pandas.__version__, "plotly": plotly.__version__}
    try:
        import pyarrow

        info["pyarrow"] = pyarrow.__version__
    except ImportError:  # pragma: no cover
        info["pyarrow"] = None
    try:
        cpu = [ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
               if ln.startswith("model name")]
        info["cpu"] = cpu[0] if cpu else None
        mem = [ln for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal")]
        info["memory_gb"] = round(int(mem[0].split()[1]) / 1024 ** 2, 1) if mem else None
    except OSError:  # pragma: no cover - not Linux
        info["cpu"] = platform.processor() or None
        info["memory_gb"] = None
    return info


def _changes(ex) -> list[tuple[str, str, object]]:
    """One round: (kind, control, value) — each kind narrows, then widens again."""
    days = [v for _, v in ex.controls["dates"].options]
    third = len(days) // 3
    return [
        ("category", "categories", ("military",)), ("category", "categories", ()),
        ("dates", "dates", (days[third], days[2 * third])), ("dates", "dates", (days[0], days[-1])),
        ("confidence", "confidence", "high"), ("confidence", "confidence", "low"),
    ]


def _naive_views(tl) -> list:
    from timeline.filters import Filters

    span = tl.span
    third = (span[1] - span[0]) / 3
    return [Filters(categories=("military",)),
            Filters(start=(span[0] + third).normalize(), end=(span[0] + 2 * third).normalize()),
            Filters(min_confidence="high")]


def _naive(tl, f) -> float:
    """apply_filters + the explorer's four figures from scratch; seconds."""
    from timeline import index as aggregate
    from timeline import figures as F
    from timeline.filters import apply_filters

    aggregate.clear_caches()
    t = time.perf_counter()
    view = apply_filters(tl, f)
    F.timeline_figure(view)
    F.counts_figure(view)
    F.toll_figure(view)
    F.map_figure(view)
    return time.perf_counter() - t


def bench_size(n: int, folder: Path, *, repeat: int, naive_repeat: int, export_max: int, seed: int = 0,
               max_markers: int | None = None) -> dict:
    """Every measure for N synthetic rows (``n == 0``: the bundled timeline)."""
    from timeline.io import read_acled

    stages = _tqdm(total=7, desc="bundled" if n == 0 else f"N={n:,}", unit="stage")
    if n == 0:
        import timeline

        out: dict = {"n": "bundled"}
        stages.set_postfix_str("load + validate")
        t = time.perf_counter()
        tl = timeline.load()
        out["load_validate_s"] = round(time.perf_counter() - t, 2)
        out["events"] = len(tl)
        path = None
        stages.update(2)
    else:
        out = {"n": n}
        stages.set_postfix_str("generating")
        df = generate_acled(n, seed=seed)
        path = write_acled(df, folder / f"acled_{n}.csv")
        del df
        out["csv_bytes"] = path.stat().st_size
        stages.update()
        stages.set_postfix_str("load + validate")
        gc.collect()
        t = time.perf_counter()
        tl = read_acled(path)
        out["load_validate_s"] = round(time.perf_counter() - t, 2)
        stages.update()
    _explore(tl, out, stages, n=max(n, len(tl)), folder=folder, repeat=repeat, naive_repeat=naive_repeat,
             export_max=export_max, max_markers=max_markers)
    stages.close()
    if path is not None:
        path.unlink()
    return out


def _explore(tl, out: dict, stages, *, n: int, folder: Path, repeat: int, naive_repeat: int, export_max: int,
             max_markers: int | None) -> None:
    from timeline.widgets import Explorer

    stages.set_postfix_str("explorer")
    t = time.perf_counter()
    ex = Explorer(tl, max_markers=max_markers)
    out["explorer_build_s"] = round(time.perf_counter() - t, 2)
    t = time.perf_counter()
    Explorer(tl, max_markers=max_markers)
    out["explorer_rebuild_s"] = round(time.perf_counter() - t, 2)
    stages.update()

    stages.set_postfix_str("widget changes")
    changes = _changes(ex)
    for kind, name, value in changes:  # one warm-up round (first use of each code path)
        ex.controls[name].value = value
    times: dict[str, list[float]] = {}
    modes = {"density": 0, "events": 0}
    with _tqdm(total=repeat * len(changes), desc="changes", unit="change") as bar:
        for _ in range(repeat):
            for kind, name, value in changes:
                t = time.perf_counter()
                ex.controls[name].value = value
                times.setdefault(kind, []).append(_ms(time.perf_counter() - t))
                modes[ex.timeline_mode] += 1
                bar.update()
    every = [v for vs in times.values() for v in vs]
    out["widget_change_ms"] = {**_summary(every), "by_kind": {k: _summary(v)["median"] for k, v in times.items()}}
    out["timeline_modes"] = modes
    days = [v for _, v in ex.controls["dates"].options]
    mid = len(days) // 2
    narrow = []
    for _ in range(max(1, min(repeat, 3))):
        t = time.perf_counter()
        ex.controls["dates"].value = (days[mid], days[min(mid + 1, len(days) - 1)])
        narrow.append(_ms(time.perf_counter() - t))
        shown = ex.timeline_mode
        t = time.perf_counter()
        ex.controls["dates"].value = (days[0], days[-1])
        narrow.append(_ms(time.perf_counter() - t))
    out["events_mode_change_ms"] = {**_summary(narrow), "mode_when_narrowed": shown}
    text = []
    for value in ("jableh", "", "jableh", ""):
        t = time.perf_counter()
        ex.controls["text"].value = value
        text.append(_ms(time.perf_counter() - t))
    out["text_search_ms"] = {"first": text[0], "again": text[2], "clear": round(statistics.median([text[1], text[3]]), 1)}
    del ex
    stages.update()

    stages.set_postfix_str("naive rebuild")
    naive = []
    views = _naive_views(tl)
    with _tqdm(total=naive_repeat * len(views), desc="naive", unit="view") as bar:
        for _ in range(naive_repeat):
            for f in views:
                naive.append(_ms(_naive(tl, f)))
                bar.update()
    out["naive_rebuild_ms"] = _summary(naive)
    out["ratio"] = round(out["naive_rebuild_ms"]["median"] / max(out["widget_change_ms"]["median"], 1e-9), 1)
    stages.update()

    stages.set_postfix_str("export")
    try:
        from timeline.export import write_html
    except ImportError:
        write_html = None
    if write_html is None:
        out["export_html_bytes"], out["export_s"] = None, None
        out["export_note"] = "timeline.export.write_html does not exist yet"
    elif n > export_max:
        out["export_html_bytes"], out["export_s"] = None, None
        out["export_note"] = f"skipped: N above --export-max {export_max:,}"
    else:
        target = folder / f"export_{n}.html"
        t = time.perf_counter()
        write_html(tl, target)
        out["export_s"] = round(time.perf_counter() - t, 2)
        out["export_html_bytes"] = target.stat().st_size
        target.unlink()
    stages.update()


def run(sizes=SIZES, *, repeat: int = 5, naive_repeat: int = 1, export_max: int = 10**12,
        max_markers: int | None = None) -> dict:
    from timeline.figures import DENSITY_THRESHOLD

    doc = {"command": "python benchmarks/bench.py " + " ".join(sys.argv[1:]),
           "density_threshold": DENSITY_THRESHOLD if max_markers is None else max_markers,
           "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
           "machine": machine(), "targets": TARGETS, "results": []}
    sizes = [0] + [int(n) for n in sizes if int(n) > 0]
    with tempfile.TemporaryDirectory(prefix="timeline-bench-") as tmp:
        for n in _tqdm(iterable=sizes, desc="sizes", unit="N"):
            doc["results"].append(bench_size(int(n), Path(tmp), repeat=repeat, naive_repeat=naive_repeat,
                                             export_max=export_max, max_markers=max_markers))
    return doc


def table(doc: dict) -> str:
    rows = [("N", "load+validate", "explorer", "change median", "change p90", "naive median", "ratio",
             "2-day view", "export")]
    for r in doc["results"]:
        size = r.get("export_html_bytes")
        label = r["n"] if isinstance(r["n"], str) else f"{r['n']:,}"
        rows.append((label, f"{r['load_validate_s']:.2f} s", f"{r['explorer_build_s']:.2f} s",
                     f"{r['widget_change_ms']['median']:.1f} ms", f"{r['widget_change_ms']['p90']:.1f} ms",
                     f"{r['naive_rebuild_ms']['median']:,.0f} ms", f"{r['ratio']:,.1f}×",
                     f"{r['events_mode_change_ms']['median']:.0f} ms",
                     "—" if size is None else f"{size / 1e6:.1f} MB"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(row, widths)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    m = doc["machine"]
    lines.append(f"\n{doc['date']} · {m.get('cpu')} · {m['cpus']} CPUs · Python {m['python']} · "
                 f"pandas {m['pandas']} · numpy {m['numpy']} · plotly {m['plotly']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python benchmarks/bench.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON document (default: a table)")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), metavar="N",
                        help="numbers of synthetic rows (default: 10000 100000 1000000); the bundled "
                             "timeline is always measured first (0: only the bundled timeline)")
    parser.add_argument("--repeat", type=int, default=5, help="rounds of the six widget changes (default 5)")
    parser.add_argument("--naive-repeat", type=int, default=1,
                        help="rounds of the three naive rebuilds (default 1: they take seconds at 1M)")
    parser.add_argument("--export-max", type=int, default=10**12, metavar="N",
                        help="skip the HTML export above this N (default: never skip)")
    parser.add_argument("--max-markers", type=int, default=None, metavar="K",
                        help="the explorer's density threshold (default: timeline.figures.DENSITY_THRESHOLD)")
    parser.add_argument("--scan", action="store_true",
                        help="measure timeline convert and timeline.scan instead (see bench_scan.py; "
                             "--sizes gives the rows of the scanned file, default 10,000,000)")
    parser.add_argument("--folder", default=None, metavar="DIR",
                        help="with --scan: the folder of the converted file and its copies, kept and reused")
    args = parser.parse_args(argv)
    if args.scan:
        import bench_scan

        rows = args.sizes[-1] if argv is not None and "--sizes" in argv or "--sizes" in sys.argv else 10_000_000
        print(json.dumps(bench_scan.run(rows, repeat=args.repeat, folder=args.folder), indent=2))
        return 0
    if args.repeat < 1 or args.naive_repeat < 1 or any(n < 0 for n in args.sizes):
        parser.error("--repeat and --naive-repeat must be 1 or more, --sizes 0 or more")
    doc = run(args.sizes, repeat=args.repeat, naive_repeat=args.naive_repeat, export_max=args.export_max,
              max_markers=args.max_markers)
    print(json.dumps(doc, indent=2) if args.json else table(doc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
