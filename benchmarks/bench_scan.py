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
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0)
    out["duckdb"] = duckdb.__version__
    return out


if __name__ == "__main__":
    print(json.dumps(run(*(int(a) for a in sys.argv[1:])), indent=2))
