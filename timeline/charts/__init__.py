"""Charts: each module paints a view (:mod:`timeline.views`) into plotly figure JSON.

- :mod:`timeline.charts.theme`  — palette, type, template, title block and source line.
- :mod:`timeline.charts.common` — what every chart shares: escaping, dates as text, phases.
"""
