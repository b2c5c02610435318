"""Charts: each module paints a view (:mod:`timeline.views`) into plotly figure JSON (plain dicts).

- :mod:`timeline.charts.timeline` — lanes of events, or per-day density strips.
- :mod:`timeline.charts.counts`   — events per day or week, stacked by category.
- :mod:`timeline.charts.toll`     — the reported tolls: step lines, markers, the range band.
- :mod:`timeline.charts.map`      — dots per place and category, names, the list beside the map.
- :mod:`timeline.charts.overview` — timeline, counts and toll on one shared date axis.
- :mod:`timeline.charts.theme`    — palette, type, template, title block and source line.
- :mod:`timeline.charts.common`   — layout pieces every chart shares (date axis, phases, "empty").
- :mod:`timeline.charts.wording`  — every phrase of the charts and the page, defined once.

``paint(view) -> {"data": [...], "layout": {...}}``; for the views of one timeline the traces are
the same, in the same order, whatever the filters (empty where nothing is kept), so a widget can
update them in place. :mod:`timeline.figures` wraps them as ``go.Figure``.
"""
