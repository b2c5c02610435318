"""Charts: each module paints a view (:mod:`timeline.views`) into plotly figure JSON.

- :mod:`timeline.charts.theme`  — palette, type, template, title block and source line.
- :mod:`timeline.charts.common` — what every chart shares: escaping, dates as text, phases.
- :mod:`timeline.charts.geo`    — the map's geography: shipped base maps, regions, projection.
- :mod:`timeline.charts.map`    — the map: dots per place and category, names, the list beside it.
"""
