"""Write the notebooks in notebooks/ from the cells below (outputs stripped).

The notebooks are thin: every line calls the package. Run `python scripts/make_notebooks.py`
after editing a cell here; tests execute the notebooks top to bottom.
"""

from pathlib import Path

import nbformat as nbf

HERE = Path(__file__).resolve().parents[1] / "notebooks"


def md(text):
    return nbf.v4.new_markdown_cell(text.strip())


def code(text):
    return nbf.v4.new_code_cell(text.strip())


NOTEBOOKS = {
    "01_explore.ipynb": [
        md("""
# Explore the timeline: Syria, 27 November 2024 – 29 March 2025

From the offensive that ended Bashar al-Assad's rule (8 December 2024), through interim president
Ahmed al-Sharaa's visit to Latakia and Tartus (16 February 2025), to the clashes and killings on
the coast in March 2025. Every event and every casualty figure carries its sources; a casualty
figure is a claim by the organisation that published it.

Use the controls on the left: the charts, the summary line and the list of events follow. Hover
over a point to read the event and its sources. The list at the bottom links every source.
"""),
        code("""
import timeline
from timeline.filters import Filters
from timeline.widgets import Explorer

tl = timeline.load()
"""),
        code("""
explorer = Explorer(tl)
explorer
"""),
        md("""
## Open on a view from code

A view is a plain value. To open the explorer on, say, the killings of civilians during the
coastal clashes, set its filters; to save a view, keep `explorer.filters.to_dict()`:

```python
explorer.filters = Filters(start="2025-03-06", end="2025-03-10",
                           categories=["violence_against_civilians"])
```
"""),
        code("""
explorer.filters.to_dict()
"""),
    ],
    "02_reported_tolls.ipynb": [
        md("""
# How the toll of the March 2025 coastal killings was reported

The clashes began on 6 March 2025 near Jableh. Over the next ten days the Syrian Observatory for
Human Rights (SOHR) revised its count of the dead almost daily; the Syrian Network for Human
Rights (SNHR) published a preliminary count on 11 March; the UN human rights office (OHCHR) said
on the same day how many civilian killings it had verified so far.

**These figures must not be added together or compared as if they measured the same thing.**
Each organisation counts something different — a different period, a different area, a
different definition of who is a civilian, a different standard of proof. Each figure below
says who published it, when, and what it counts (`scope`).
"""),
        code("""
import timeline
from timeline import figures, series

tl = timeline.load()
figs = series.toll_figures(tl)
march = figs[(figs["tally"] == "running") & (figs["period_start"] == "2025-03-06")]
march[["published", "reported_by", "measure_label", "value_text", "scope", "source_publisher"]]
"""),
        md("""
## The reported toll over time

Each line steps to the next figure an organisation published and stays there until it published
another: the latest figure *as of* each day, never interpolated. An open marker is a lower bound
("more than 1,500"). The grey band is the range between the lowest and the highest current
figure — a description of the disagreement, not an estimate.
"""),
        code("""
figures.toll_figure(tl)
"""),
        md("""
## What each organisation had published by a given day

The step series is a tidy table: one row per day, organisation and measure.
"""),
        code("""
toll = series.reported_toll(tl, measures=["killed_civilians", "killed_total"])
toll[toll["date"] == "2025-03-11"][["series", "measure_label", "value_text", "published", "scope"]]
"""),
        code("""
spread = series.toll_spread(toll[toll["period_start"] == "2025-03-06"])
spread[spread["date"] == "2025-03-11"]
"""),
        md("""
## Why the figures differ

- **SOHR** counts deaths on all sides in the coastal clashes since 6 March; its civilian figure is
  of civilians it says were killed by government forces and allied groups.
- **SNHR** counted at least 803 people killed from 6 to 10 March, by all perpetrators, in a
  preliminary report that leaves out members of non-state armed groups; its breakdown by
  perpetrator is in rows with `tally == "part"`, which never enter the running series.
- **OHCHR** gave the number of civilian killings it had verified by 11 March: a floor, not an
  estimate.
- **NBC News** gave "at least 400" dead in its own voice and credited only the "more than 350
  civilians" to SOHR; **AFP**'s "nearly 1,500" rounds SOHR's figures together with a security
  source's 231. Such mixed totals name the reports they include (`includes`).

Read the `scope` and `notes` of each figure in `tl.casualty_reports` before quoting one.
"""),
        code("""
tl.casualty_reports[["id", "reported_by", "published", "qualifier", "scope", "notes"]].tail(12)
"""),
    ],
    "03_your_own_data.ipynb": [
        md("""
# Validate and explore your own data

Put your events in a folder of CSV files in the same layout as the bundled data (see
`data/README.md`: `events.csv`, `places.csv`, `sources.csv`, `casualty_reports.csv`,
`phases.csv`, and optionally `actors.csv`). `timeline.load(folder)` checks every value and lists **every** problem at once,
each with its file, line and column. Nothing is dropped silently.

Here we start from a copy of the bundled data, as you would from a template.
"""),
        code("""
import shutil
import tempfile
from pathlib import Path

import timeline
from timeline import figures
from timeline.filters import Filters, apply_filters

folder = Path(tempfile.mkdtemp()) / "my_data"
shutil.copytree(timeline.bundled_data_dir(), folder, ignore=shutil.ignore_patterns("*.md"))
sorted(p.name for p in folder.iterdir())
"""),
        md("""
## A mistake, and the error that finds it

Say a date was typed as `2025-02-30` and a category as `riot`:
"""),
        code("""
events = folder / "events.csv"
original = events.read_text(encoding="utf-8")
broken = original.replace(",2025-02-25,", ",2025-02-30,", 1).replace(",diplomatic,", ",riot,", 1)
events.write_text(broken, encoding="utf-8")

try:
    timeline.load(folder)
except timeline.TimelineDataError as err:
    print(err)
"""),
        md("""
The same check runs from a terminal: `timeline validate my_data/` prints these lines and exits
with status 1. Fix the file and load again:
"""),
        code("""
events.write_text(original, encoding="utf-8")
mine = timeline.load(folder)
mine
"""),
        md("""
## Explore it and export a chart

The explorer works the same on your data. To share a chart, export it to one HTML file that
opens anywhere, with no connection. The files go into `exports/`, a folder beside this notebook.
"""),
        code("""
from timeline.widgets import Explorer

Explorer(mine, filters=Filters(start="2025-03-01"))
"""),
        code("""
view = apply_filters(mine, Filters(start="2025-03-06", end="2025-03-15"))
exports = Path("exports").resolve()  # a folder beside this notebook
exports.mkdir(exist_ok=True)
out = exports / "coastal-clashes.html"
figures.timeline_figure(view).write_html(out, include_plotlyjs=True)
print(f"Wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
"""),
        md("""
## An ACLED export

`timeline.io.read_acled(path)` reads a CSV exported from ACLED (current or older column names),
checks it the same way, and maps it onto the timeline: precision codes to date precision,
fatalities kept as ACLED's own claim, ACLED's source text as the source (`read_ucdp_ged` does
the same for UCDP GED). From a terminal: `timeline validate --format acled FILE.csv` and
`timeline export --format acled FILE.csv -o acled.html`.

Put the path of your own export below. Without one, this cell writes **synthetic** rows in
ACLED's format (`timeline.synthetic`: made-up events, for trying the tool; no row describes a
real event).
"""),
        code("""
from timeline.io import read_acled
from timeline.synthetic import generate_acled, write_acled

acled_csv = Path("my_acled_export.csv")  # your file here
if not acled_csv.exists():
    acled_csv = write_acled(generate_acled(20_000, seed=1), folder.parent / "synthetic_acled.csv")
acled = read_acled(acled_csv)
acled
"""),
        md("""
Over 5,000 events in view, the timeline shows the events under way each day as heat strips;
filter (or zoom) to fewer and each event is back. The same filters work on the page you export:
one HTML file, with every event (descriptions are left out past a size budget, and the page
says so), that opens offline.
"""),
        code("""
Explorer(acled)
"""),
        code("""
from timeline.export import write_html

page = write_html(acled, exports / "acled.html", Filters(start="2025-03-01"), title="ACLED events, Syria")
print(f"Wrote {page} ({page.stat().st_size / 1e6:.1f} MB, {len(acled):,} events)")
"""),
        md("""
## Files too large for memory: convert to Parquet, then scan

Millions of rows do not need to fit in memory. `timeline convert FILE.csv OUT.parquet --format acled`
(or `convert` below) checks the file as the reader does and writes one sorted Parquet file;
`timeline.scan` opens it without loading it: DuckDB (the `scale` extra:
`pip install 'syria-timeline[scale]'`) applies the same filters and computes the same views, and
only their small results reach Python. The same code runs on a file of ten million rows.
"""),
        code("""
import plotly.graph_objects as go

from timeline.charts import counts as counts_chart
from timeline.charts import wording
from timeline.scale.convert import convert

parquet = folder.parent / "acled.parquet"
convert(acled_csv, parquet, "acled")
big = timeline.scan(parquet)
military = big.select(Filters(categories=["military"], min_confidence="medium"))
print(big)
print(wording.summary_line(military.summary()))
go.Figure(counts_chart.paint(military.counts("W")))
"""),
        md("""
The explorer takes the scan as it takes a timeline: the same controls and charts, computed by
DuckDB; each event is fetched from the file only when the timeline holds few enough of them
(zoom in, or filter).
"""),
        code("""
Explorer(big)
"""),
        md("""
## Millions of rows

The same explorer over a file too large for the in-memory path (a million ACLED-shaped events
take about 1.7 GB in memory there). `write_synthetic` writes a folder of made-up rows (copies of
one converted synthetic file, each with its own ids); set `ROWS = 10_000_000` to try ten million:
writing them takes a few minutes, and a change in the explorer stays well under a second
(`benchmarks/README.md`). A view with more events than a page can carry exports as a page of its
counts, which says how to narrow it.
"""),
        code("""
from timeline.scale.export import write_scan_html
from timeline.scale.synthetic import write_synthetic

ROWS = 2_000_000
huge = timeline.scan(write_synthetic(folder.parent / "synthetic-parquet", ROWS, part_rows=100_000))
page = write_scan_html(huge, exports / "synthetic-military.html", Filters(categories=["military"]))
print(huge)
print(f"Wrote {page} ({page.stat().st_size / 1e6:.1f} MB)")
"""),
        code("""
Explorer(huge)
"""),
    ],
}


def main():
    HERE.mkdir(exist_ok=True)
    for name, cells in NOTEBOOKS.items():
        nb = nbf.v4.new_notebook()
        nb.cells = cells
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nb.metadata["language_info"] = {"name": "python"}
        for i, cell in enumerate(nb.cells):
            cell["id"] = f"{name.split('_')[0]}-{i:02d}"
        nbf.write(nb, HERE / name)
        print("wrote", HERE / name)


if __name__ == "__main__":
    main()
