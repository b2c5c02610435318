"""A folder of synthetic ACLED-shaped Parquet files, as many rows as asked, for trying ``timeline.scan`` past memory.

:func:`write_synthetic` writes made-up rows in ACLED's format (:mod:`timeline.synthetic`: no row
describes a real event) once, converts them as ``timeline convert`` does, then writes the folder
as copies of that converted file, each with its own event ids (``<id>-<copy>``) and rows, sorted
as a converted file is. Ten million rows take a few minutes and a few hundred MB of disk, not ten
million rows in memory: the copies are written by DuckDB straight from the converted file.

>>> folder = write_synthetic("synthetic-acled", 10_000_000)
>>> timeline.scan(folder)
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from . import require_duckdb
from .convert import convert, read_meta

__all__ = ["write_synthetic", "PART_ROWS"]

#: Rows of the converted file each copy repeats (fewer when fewer rows are asked for).
PART_ROWS = 1_000_000


def _sql_text(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def write_synthetic(folder: str | Path, rows: int, *, part_rows: int = PART_ROWS, seed: int = 0,
                    progress: bool | None = None) -> Path:
    """Write ``rows`` synthetic ACLED-shaped events into ``folder`` as Parquet files of at most
    ``part_rows`` rows each (``part-000.parquet``, …) and return the folder, ready for
    :func:`timeline.scan`. The same arguments give the same rows. Files of an earlier call in
    ``folder`` are replaced; each file is written under a temporary name and renamed, so a
    failure leaves no half-written part. ``progress``: a progress bar (default: over a million
    rows). Needs the ``scale`` extra."""
    from tqdm.auto import tqdm

    from ..synthetic import generate_acled, write_acled

    duckdb = require_duckdb()
    rows, part_rows = int(rows), int(part_rows)
    if rows < 1 or part_rows < 1:
        raise ValueError(f"rows and part_rows must be at least 1 (got {rows:,} and {part_rows:,})")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    part_rows = min(part_rows, rows)
    copies = -(-rows // part_rows)
    show = progress if progress is not None else rows > 1_000_000
    for old in folder.glob("part-*.parquet"):
        old.unlink()
    with tempfile.TemporaryDirectory(prefix="synthetic-acled-") as tmp, \
            tqdm(total=copies + 1, desc=f"Writing {folder.name}", unit="file", disable=not show, file=sys.stderr,
                 leave=False) as bar:
        csv, one = Path(tmp) / "synthetic.csv", Path(tmp) / "synthetic.parquet"
        write_acled(generate_acled(part_rows, seed=seed), csv)
        convert(csv, one, "acled", progress=False)
        bar.update(1)
        meta = json.dumps(read_meta(one))
        con = duckdb.connect(config={"threads": 2, "temp_directory": str(Path(tmp) / "spill")})
        try:
            con.execute("SET enable_progress_bar = false")
            for k in range(copies):
                n = min(part_rows, rows - k * part_rows)
                out = folder / f"part-{k:03d}.parquet"
                part = folder / f".{out.name}.tmp"
                con.execute(
                    f"COPY (SELECT * REPLACE (id || '-{k}' AS id, \"row\" + {k * part_rows} AS \"row\", "
                    f"report_id || '-{k}' AS report_id) FROM read_parquet({_sql_text(one)}) LIMIT {n}) "
                    f"TO {_sql_text(part)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880, "
                    f"KV_METADATA {{syria_timeline: {_sql_text(meta)}}})")
                os.replace(part, out)
                bar.update(1)
        finally:
            con.close()
            for left in folder.glob(".part-*.tmp"):
                left.unlink()
    return folder
