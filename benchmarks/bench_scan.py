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
``peak_rss_mb``: the process's peak resident memory before the explorer is measured (the CSV and
the 1M-row conversion are done in a child process, so they are not counted). ``cpu_s`` (build) and ``change_cpu_ms`` (set and all
medians): the process's own CPU time (user + system, every thread), less moved by other work on a
shared machine than the wall clock.
``explorer``: the explorer over the scanned folder (:func:`explorer`; alone, on a folder of
:func:`timeline.scale.synthetic.write_synthetic`: ``python -c "from bench_scan import explorer;
print(explorer('FOLDER'))"`` from ``benchmarks/``).

``folder``: where the CSV, the converted file and the copies are written; a folder kept from an
earlier run (``--folder DIR``) is reused: the CSV is not written again, the copies are not
written again when they are all there, and ``convert_repeat=0`` skips the conversion (its file
kept). ``python benchmarks/bench_scan.py --folder DIR [--rows N] [--repeat K] [--convert-repeat C]``.
"""

from __future__ import annotations

import argparse
import json
import os
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
import os, resource
n, folder = int(sys.argv[1]), sys.argv[2]
csv = folder + f"/syn-{n}.csv"
if not os.path.exists(csv):
    write_acled(generate_acled(n, seed=0), csv + ".part")
    os.replace(csv + ".part", csv)
r0, t = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
convert(csv, folder + "/syn.parquet", "acled", progress=False)
r1 = resource.getrusage(resource.RUSAGE_SELF)
print(time.perf_counter() - t, r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime)
"""


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _views(sel):
    sel.counts("D"), sel.deaths("W"), sel.map("deaths"), sel.summary(), sel.table(200)


def run(rows: int = 10_000_000, convert_rows: int = 1_000_000, repeat: int = 3, folder: str | None = None,
        convert_repeat: int = 1, with_explorer: bool = True) -> dict:
    import duckdb
    import pyarrow.parquet as pq

    import timeline
    from timeline.filters import Filters
    from timeline.scale.convert import read_meta

    tmp = Path(folder or tempfile.mkdtemp(prefix="bench-scan-"))
    tmp.mkdir(parents=True, exist_ok=True)
    out = {"rows": rows, "convert_rows": convert_rows, "load_before": os.getloadavg()[0]}
    env_path = os.environ.get("PYTHONPATH") or str(Path(__file__).resolve().parent.parent)
    walls, cpus = [], []
    for _ in range(convert_repeat if convert_repeat > 0 or not (tmp / "syn.parquet").exists() else 0):
        child = subprocess.run([sys.executable, "-c", CHILD, str(convert_rows), str(tmp)], capture_output=True,
                               text=True, env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"}, check=True)
        wall, cpu = (float(x) for x in child.stdout.strip().splitlines()[-1].split())
        walls.append(wall)
        cpus.append(cpu)
    if walls:
        out["convert_s"] = round(statistics.median(walls), 2)
        out["convert_cpu_s"] = round(statistics.median(cpus), 2)
        out["convert_all_s"] = [round(w, 2) for w in walls]
    if rows <= 0:  # the conversion alone
        return out
    big = tmp / "scan"
    big.mkdir(exist_ok=True)
    copies = -(-rows // convert_rows)
    parts = [big / f"part-{k:03d}.parquet" for k in range(copies)]
    for f in big.glob("*.parquet"):
        if f not in parts or walls or f.stat().st_mtime < (tmp / "syn.parquet").stat().st_mtime:
            f.unlink()  # other copies, or copies of an older conversion
    t = time.perf_counter()
    con = duckdb.connect(config={"temp_directory": str(tmp / "duckdb-spill")})  # never ".tmp" in the working folder
    con.execute("SET memory_limit = '1GB'")
    src = str(tmp / "syn.parquet").replace("'", "''")
    meta = json.dumps(read_meta(tmp / "syn.parquet")).replace("'", "''")
    group = pq.ParquetFile(tmp / "syn.parquet").metadata.row_group(0).num_rows  # as timeline convert wrote it
    for k in range(copies):  # each copy sorted as the converted file is, with its own ids and rows
        if parts[k].exists():
            continue
        con.execute(
            f"COPY (SELECT * REPLACE (id || '-{k}' AS id, \"row\" + {k * convert_rows} AS \"row\", "
            f"report_id || '-{k}' AS report_id) FROM read_parquet('{src}') LIMIT {min(convert_rows, rows - k * convert_rows)}) "
            f"TO '{parts[k]}' (FORMAT parquet, COMPRESSION zstd, "
            f"ROW_GROUP_SIZE {group}, KV_METADATA {{syria_timeline: '{meta}'}})")
    con.close()
    out["write_s"] = round(time.perf_counter() - t, 2)
    out["file_mb"] = round(sum(f.stat().st_size for f in big.glob("*.parquet")) / 1e6, 1)

    out["load_start"] = os.getloadavg()[0]
    c, t = _cpu(), time.perf_counter()
    sc = timeline.scan(big)
    _views(sc.select())
    out["build_s"] = round(time.perf_counter() - t, 2)
    out["build_cpu_s"] = round(_cpu() - c, 2)
    span = sc.span
    third = (span[1] - span[0]) / 3
    changes = [Filters(categories=("military",)), Filters(),
               Filters(start=span[0] + third, end=span[0] + 2 * third), Filters(),
               Filters(min_confidence="high"), Filters()]
    times, cpu, by_kind = [], [], {"categories": [], "dates": [], "confidence": []}
    kinds = ["categories", "categories", "dates", "dates", "confidence", "confidence"]
    for _ in range(repeat):
        for kind, f in zip(kinds, changes):
            sc.forget()  # a state not seen before (the whole timeline's selection stays)
            c, t = _cpu(), time.perf_counter()
            _views(sc.select(f))
            ms = (time.perf_counter() - t) * 1000
            times.append(ms)
            cpu.append((_cpu() - c) * 1000)
            by_kind[kind].append(ms)
    set_times = sorted(times[i] for i in range(len(times)) if i % 2 == 0)
    set_cpu = [cpu[i] for i in range(len(cpu)) if i % 2 == 0]
    out["change_all_ms"] = [round(x, 1) for x in times]
    out["change_cpu_ms"] = {"median": round(statistics.median(cpu), 1),
                            "set_median": round(statistics.median(set_cpu), 1)}
    times.sort()
    out["change_ms"] = {"median": round(statistics.median(times), 1),
                        "p90": round(times[int(0.9 * (len(times) - 1))], 1),
                        "set_median": round(statistics.median(set_times), 1),
                        "by_kind": {k: round(statistics.median(v), 1) for k, v in by_kind.items()}}
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0)
    if with_explorer:
        del sc  # its engine's tables freed before the explorer's scan
        out["explorer"] = explorer(big, repeat)
        out["explorer"]["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0)
    out["duckdb"] = duckdb.__version__
    out["load_after"] = os.getloadavg()[0]
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
    parser = argparse.ArgumentParser(prog="python benchmarks/bench_scan.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000, help="events scanned (default 10,000,000; 0: the conversion alone)")
    parser.add_argument("--convert-rows", type=int, default=1_000_000, help="rows converted (default 1,000,000)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the six changes (default 3)")
    parser.add_argument("--convert-repeat", type=int, default=1,
                        help="conversions measured (default 1; 0 keeps the converted file of --folder)")
    parser.add_argument("--folder", default=None, help="a folder to write to and keep (reused when run again)")
    parser.add_argument("--no-explorer", action="store_true", help="measure the views alone, not the explorer")
    a = parser.parse_args()
    print(json.dumps(run(a.rows, a.convert_rows, a.repeat, a.folder, a.convert_repeat, not a.no_explorer), indent=2))
