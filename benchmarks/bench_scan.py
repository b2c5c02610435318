"""Speed and memory of timeline convert and timeline.scan (``python benchmarks/bench.py --scan``).

``convert_s``: ``timeline convert`` of ``--convert-rows`` synthetic ACLED rows (written once as
CSV; reading, checking and writing Parquet). The scanned folder holds ``--rows`` events: copies of
the converted file, each with its own ids and rows, one Parquet file per copy.
``build_s``: :func:`timeline.scan` and every view of the whole timeline (what an explorer
shows first: counts per day, deaths per week, the map with deaths, the summary, the first 200
rows). ``change_ms``: one filter change (a new selection and the same five views), median and
p90 over ``--repeat`` rounds of six changes (categories, dates, confidence, set and cleared;
each to a state not seen before, except that clearing returns to the whole timeline's views, kept),
``set_median`` the median of the changes that set a filter.
``peak_rss_mb``: the process's peak resident memory (the CSV and the 1M-row conversion are done
in a child process, so they are not counted).
``explorer``: the explorer over the scanned folder (:func:`explorer`; alone, on a folder of
:func:`timeline.scale.synthetic.write_synthetic`: ``python -c "from bench_scan import explorer;
print(explorer('FOLDER'))"`` from ``benchmarks/``).
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

CHILD = """
import sys, time, warnings
warnings.simplefilter("ignore")
from timeline.synthetic import generate_acled, write_acled
from timeline.scale.convert import convert
n, folder = int(sys.argv[1]), sys.argv[2]
write_acled(generate_acled(n, seed=0), folder + "/syn.csv")
t = time.perf_counter()
convert(folder + "/syn.csv", folder + "/syn.parquet", "acled", progress=False)
print(time.perf_counter() - t)
"""


def _views(sel):
    sel.counts("D"), sel.deaths("W"), sel.map("deaths"), sel.summary(), sel.table(200)


def run(rows: int = 10_000_000, convert_rows: int = 1_000_000, repeat: int = 3, folder: str | None = None) -> dict:
    import duckdb

    import timeline
    from timeline.filters import Filters
    from timeline.scale.convert import read_meta

    tmp = Path(folder or tempfile.mkdtemp(prefix="bench-scan-"))
    out = {"rows": rows, "convert_rows": convert_rows}
    env_path = str(Path(__file__).resolve().parent.parent)
    child = subprocess.run([sys.executable, "-c", CHILD, str(convert_rows), str(tmp)], capture_output=True, text=True,
                           env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"}, check=True)
    out["convert_s"] = round(float(child.stdout.strip().splitlines()[-1]), 2)
    big = tmp / "scan"
    big.mkdir(exist_ok=True)
    copies = -(-rows // convert_rows)
    t = time.perf_counter()
    con = duckdb.connect(config={"temp_directory": str(tmp / "duckdb-spill")})  # never ".tmp" in the working folder
    con.execute("SET memory_limit = '1GB'")
    src = str(tmp / "syn.parquet").replace("'", "''")
    meta = json.dumps(read_meta(tmp / "syn.parquet")).replace("'", "''")
    for k in range(copies):  # each copy sorted as the converted file is, with its own ids and rows
        con.execute(
            f"COPY (SELECT * REPLACE (id || '-{k}' AS id, \"row\" + {k * convert_rows} AS \"row\", "
            f"report_id || '-{k}' AS report_id) FROM read_parquet('{src}') LIMIT {min(convert_rows, rows - k * convert_rows)}) "
            f"TO '{big / f'part-{k:03d}.parquet'}' (FORMAT parquet, COMPRESSION zstd, "
            f"ROW_GROUP_SIZE 122880, KV_METADATA {{syria_timeline: '{meta}'}})")
    con.close()
    out["write_s"] = round(time.perf_counter() - t, 2)
    out["file_mb"] = round(sum(f.stat().st_size for f in big.glob("*.parquet")) / 1e6, 1)

    t = time.perf_counter()
    sc = timeline.scan(big)
    _views(sc.select())
    out["build_s"] = round(time.perf_counter() - t, 2)
    span = sc.span
    third = (span[1] - span[0]) / 3
    changes = [Filters(categories=("military",)), Filters(),
               Filters(start=span[0] + third, end=span[0] + 2 * third), Filters(),
               Filters(min_confidence="high"), Filters()]
    times, by_kind = [], {"categories": [], "dates": [], "confidence": []}
    kinds = ["categories", "categories", "dates", "dates", "confidence", "confidence"]
    for _ in range(repeat):
        for kind, f in zip(kinds, changes):
            sc.forget()  # a state not seen before (the whole timeline's selection stays)
            t = time.perf_counter()
            _views(sc.select(f))
            ms = (time.perf_counter() - t) * 1000
            times.append(ms)
            by_kind[kind].append(ms)
    set_times = sorted(times[i] for i in range(len(times)) if i % 2 == 0)
    times.sort()
    out["change_ms"] = {"median": round(statistics.median(times), 1),
                        "p90": round(times[int(0.9 * (len(times) - 1))], 1),
                        "set_median": round(statistics.median(set_times), 1),
                        "by_kind": {k: round(statistics.median(v), 1) for k, v in by_kind.items()}}
    out["explorer"] = explorer(big, repeat)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0)
    out["duckdb"] = duckdb.__version__
    return out


#: the explorer's views, timed one by one in a change (the rest: painting and sending the figures)
_PARTS = ("select", "timeline", "counts", "deaths", "toll", "map", "summary", "table")


def explorer(folder, repeat: int = 3) -> dict:
    """``Explorer(timeline.scan(folder))``: ``build_s`` (a new scan: the engine's table, every
    chart, the summary and the table), ``change_ms`` (median and p90 of control changes, each to
    a state not seen before: categories, the date slider, confidence and words, set then
    cleared — clearing returns to the whole timeline, whose views are kept; ``set_median``: of
    the changes that set a filter), ``zoom_ms`` (the timeline zoomed to a fortnight and to a day,
    and back; ``zoom_*_mode``: density or each event), and ``parts_ms``: the median time of each
    view in a change that sets a filter (``paint_sync``: the rest, painting the figures and
    sending what changed)."""
    import timeline
    from timeline.widgets import Explorer

    def cpu() -> float:
        r = resource.getrusage(resource.RUSAGE_SELF)
        return r.ru_utime + r.ru_stime

    c0, t = cpu(), time.perf_counter()
    ex = Explorer(timeline.scan(folder))
    out = {"build_s": round(time.perf_counter() - t, 2), "build_cpu_s": round(cpu() - c0, 2)}
    sc, c = ex.timeline, ex.controls
    days = [v for _, v in c["dates"].options]
    third = len(days) // 3
    steps = [("categories", "categories", ("military",)), ("categories", "categories", ()),
             ("dates", "dates", (days[third], days[2 * third])), ("dates", "dates", (days[0], days[-1])),
             ("confidence", "confidence", "high"), ("confidence", "confidence", "low"),
             ("text", "text", "killed"), ("text", "text", "")]
    parts: dict[str, list] = {k: [] for k in (*_PARTS, "paint_sync")}
    spent: dict[str, float] = {}

    def timed(name, fn):
        def run(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - t0
        return run

    for name in _PARTS:
        setattr(ex._views, name, timed(name, getattr(ex._views, name)))
    times, set_times, by_kind = [], [], {k: [] for k, _, _ in steps}
    zooms = {"fortnight": 14, "day": 1}
    zoom: dict[str, list] = {**{k: [] for k in zooms}, "out": []}
    fw = ex.figures["timeline"]
    mid = days[len(days) // 2]
    for _ in range(repeat):
        for i, (kind, control, value) in enumerate(steps):
            sc.forget()
            spent.clear()
            t = time.perf_counter()
            c[control].value = value
            ms = (time.perf_counter() - t) * 1000
            times.append(ms)
            by_kind[kind].append(ms)
            if i % 2 == 0:  # a filter set (the next step clears it)
                set_times.append(ms)
                for name in _PARTS:
                    parts[name].append(spent.get(name, 0.0) * 1000)
                parts["paint_sync"].append(ms - sum(spent.values()) * 1000)
        for name, n_days in zooms.items():
            t = time.perf_counter()
            fw.plotly_relayout({"xaxis.range": [str(mid.date()), str((mid + pd.Timedelta(days=n_days)).date())],
                                "xaxis.autorange": False})
            zoom[name].append((time.perf_counter() - t) * 1000)
            out[f"zoom_{name}_mode"] = ex.timeline_mode
            t = time.perf_counter()
            fw.plotly_relayout({"xaxis.autorange": True})
            zoom["out"].append((time.perf_counter() - t) * 1000)
    times.sort()
    out["change_ms"] = {"median": round(statistics.median(times), 1), "p90": round(times[int(0.9 * (len(times) - 1))], 1),
                        "set_median": round(statistics.median(set_times), 1),
                        "by_kind": {k: round(statistics.median(v), 1) for k, v in by_kind.items()}}
    out["zoom_ms"] = {k: round(statistics.median(v), 1) for k, v in zoom.items()}
    out["parts_ms"] = {k: round(statistics.median(v), 1) for k, v in parts.items()}
    return out


if __name__ == "__main__":
    print(json.dumps(run(*(int(a) for a in sys.argv[1:])), indent=2))
