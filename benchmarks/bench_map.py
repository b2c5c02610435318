"""Speed of the map's view and chart: :func:`timeline.views.map.map_view` and
:func:`timeline.charts.map.paint`, on the bundled timeline and on a synthetic ACLED file.

For each timeline, one :class:`~timeline.views.map.MapContext` is made and used for every view
(as the explorer holds one); the selections alternate between two category filters (only
"military", then "military" and "political"), so every run is a change. Medians over
``--repeat`` runs, in ms:

``view``   — ``map_view(sel, ctx)`` (the Selection's shared values, publishers and span, are
             computed once per selection, outside the timing, as every view shares them);
``paint``  — ``paint(view)``;
``both``   — ``paint(map_view(sel, ctx))``;
``select`` — ``select(tl, filters)``, for scale;
``facade`` — ``figures.map_figure(tl)`` (``go.Figure`` validation included), bundled only.

    python benchmarks/bench_map.py [/tmp/syn1m.csv] [--repeat 25]

(``python -m timeline.synthetic 1000000 /tmp/syn1m.csv`` writes the synthetic file.)
"""

from __future__ import annotations

import argparse
import statistics
import time


def median_ms(fn, repeat: int) -> float:
    """The median time of ``fn()`` in ms over ``repeat`` runs, after one run to warm up."""
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def measure(tl, repeat: int, facade: bool = False) -> dict:
    from timeline import figures as F
    from timeline.charts.map import paint
    from timeline.filters import Filters
    from timeline.views import select
    from timeline.views.map import MapContext, map_view

    filters = [Filters(categories=("military",)), Filters(categories=("military", "political"))]
    sels = [select(tl, f) for f in filters]
    for s in sels:
        s.publishers, s.span  # shared by every view of the selection
    ctx = MapContext(sels[0].index)
    views = [map_view(s, ctx) for s in sels]
    turn = iter(range(10 ** 9))
    out = {
        "view": median_ms(lambda: map_view(sels[next(turn) % 2], ctx), repeat),
        "paint": median_ms(lambda: paint(views[next(turn) % 2]), repeat),
        "both": median_ms(lambda: paint(map_view(sels[next(turn) % 2], ctx)), repeat),
        "select": median_ms(lambda: select(tl, filters[next(turn) % 2]), repeat),
        "dots": [len(v.n) for v in views],
    }
    if facade:
        out["facade"] = median_ms(lambda: F.map_figure(tl), repeat)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv", nargs="?", help="a synthetic (or real) ACLED CSV")
    ap.add_argument("--repeat", type=int, default=25)
    args = ap.parse_args(argv)
    import timeline

    rows = {"bundled": measure(timeline.load(), args.repeat, facade=True)}
    if args.csv:
        from timeline.io import read_acled

        rows[args.csv] = measure(read_acled(args.csv, progress=False), args.repeat)
    for name, r in rows.items():
        print(name, " ".join(f"{k}={v:.2f}ms" if isinstance(v, float) else f"{k}={v}" for k, v in r.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
