"""Speed of the per-event death figures: :func:`timeline.views.deaths.deaths_view` with
:func:`timeline.charts.deaths.paint`, and the map sized by deaths, on the bundled timeline and on a
synthetic ACLED file.

The selections alternate between two category filters (only "military", then "military" and
"political"), so every run is a change; the Selection's shared values (publishers, span) are computed
once per selection, outside the timing, as every view shares them. Medians over ``--repeat`` runs,
in ms:

``view``       — ``deaths_view(sel, freq="W")``;   ``paint`` — ``paint(view)``;
``both``       — ``paint(deaths_view(sel))``;      ``both_D`` — the same per day;
``map_events`` — ``map_view(sel, ctx)``;           ``map_deaths`` — ``map_view(sel, ctx, size_by="deaths")``;
``first``      — building the per-event figures of the index once (:func:`event_figures`), in ms.

    python benchmarks/bench_deaths.py [/tmp/syn1m.csv] [--repeat 25]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_map import median_ms  # noqa: E402


def measure(tl, repeat: int) -> dict:
    from timeline.charts.deaths import paint
    from timeline.filters import Filters
    from timeline.views import select
    from timeline.views.deaths import deaths_view, event_figures
    from timeline.views.map import MapContext, map_view

    filters = [Filters(categories=("military",)), Filters(categories=("military", "political"))]
    sels = [select(tl, f) for f in filters]
    for s in sels:
        s.publishers, s.span  # shared by every view of the selection
    t = time.perf_counter()
    event_figures(sels[0].index)
    first = (time.perf_counter() - t) * 1000
    ctx = MapContext(sels[0].index)
    map_view(sels[0], ctx, size_by="deaths")
    views = [deaths_view(s) for s in sels]
    turn = iter(range(10 ** 9))
    return {
        "view": median_ms(lambda: deaths_view(sels[next(turn) % 2]), repeat),
        "paint": median_ms(lambda: paint(views[next(turn) % 2]), repeat),
        "both": median_ms(lambda: paint(deaths_view(sels[next(turn) % 2])), repeat),
        "both_D": median_ms(lambda: paint(deaths_view(sels[next(turn) % 2], freq="D")), repeat),
        "map_events": median_ms(lambda: map_view(sels[next(turn) % 2], ctx), repeat),
        "map_deaths": median_ms(lambda: map_view(sels[next(turn) % 2], ctx, size_by="deaths"), repeat),
        "first": first,
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv", nargs="?", help="a synthetic (or real) ACLED CSV")
    ap.add_argument("--repeat", type=int, default=25)
    args = ap.parse_args(argv)
    import timeline

    rows = {"bundled": measure(timeline.load(), args.repeat)}
    if args.csv:
        from timeline.io import read_acled

        rows[args.csv] = measure(read_acled(args.csv, progress=False), args.repeat)
    for name, r in rows.items():
        print(name, " ".join(f"{k}={v:.2f}ms" for k, v in r.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
