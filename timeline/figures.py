"""Figures: a :class:`~timeline.model.Timeline` (or a filtered one) in, a plotly ``Figure`` out.

The public face of the charts. Each builder takes the selection of its timeline
(:func:`timeline.views.select`), computes that chart's view (:mod:`timeline.views`) and paints it
(:mod:`timeline.charts`) into figure JSON, validated once here as a ``go.Figure``. None of them
calls ``.show()``; a view with nothing to draw gives an empty chart that says so ("No events
match", or "No casualty figures match" for the toll).

- :func:`timeline_figure` — one lane per category (or actor, place, confidence): one-day events
  as dots, multi-day events as bars, approximate dates hollow, month-only dates as faint spans
  over the whole month; phases shaded and named; per-day density above a threshold.
- :func:`toll_figure`     — the reported death toll: one step line per organisation's series and
  measure, a marker at each published figure (open for "at least"), the range across
  organisations as a band. Figures of different organisations are never added.
- :func:`counts_figure`   — events under way per day or week, stacked by category.
- :func:`map_figure`      — where events happened, on an offline base map (Syria and Lebanon with
  an inset of the coast, or the data's extent elsewhere); places without coordinates are listed,
  not placed.
- :func:`deaths_figure`   — the deaths one organisation gave for single events (ACLED's
  fatalities, UCDP GED's best estimate with low–high whiskers), per day or week by category:
  per-event claims, never a running toll, never added across organisations.
- :func:`overview_figure` — timeline, counts and toll on one shared, zoomable date axis.

Offline maps: :func:`offline_geo_assets` (the topojson the maps use, to inline in HTML with
:func:`geo_assets_script`) and :func:`use_offline_geo` (points kaleido at the copies shipped in
``timeline/assets/topojson``; :func:`map_figure` calls it for you).

Traces are built per group (category × kind of date), never per event. Each trace's ``meta``
says what it is, e.g. ``{"role": "event", "category": "military", "kind": "point"}``; shapes and
annotations have ``name`` values such as ``"phase:coastal-clashes"``, ``"source"``, ``"empty"``.

Every builder takes ``full=``: the unfiltered timeline a view comes from. The figure then has the
same traces, in the same order, as the figure of ``full`` (empty where the view has nothing).

Layout decisions that depend on pixels (staggering phase labels, end labels of toll lines, map
labels) assume the figure is drawn about :data:`NOMINAL_WIDTH` pixels wide.
"""

from __future__ import annotations

import plotly.graph_objects as go

from .charts import counts as counts_chart
from .charts import deaths as deaths_chart
from .charts import map as map_chart
from .charts import overview as overview_chart
from .charts import timeline as timeline_chart
from .charts import toll as toll_chart
from .charts import wording
from .labels import DAY, NOMINAL_WIDTH
from .geo import (
    COAST_REGION,
    GEO_TOPOJSON,
    MAP_REGION,
    geo_assets_script,
    geo_topojson_text,
    offline_geo_assets,
    topojson_url,
    use_offline_geo,
)
from .model import Timeline
from .views import Selection, select, select_view
from .views.counts import counts_view
from .views.deaths import deaths_view
from .views.map import map_view
from .views.timeline import DENSITY_THRESHOLD, timeline_view
from .views.toll import toll_view

__all__ = [
    "timeline_figure",
    "toll_figure",
    "counts_figure",
    "map_figure",
    "deaths_figure",
    "overview_figure",
    "offline_geo_assets",
    "geo_assets_script",
    "geo_topojson_text",
    "use_offline_geo",
    "topojson_url",
    "GEO_TOPOJSON",
    "MAP_REGION",
    "COAST_REGION",
    "NOMINAL_WIDTH",
    "DENSITY_THRESHOLD",
    "EMPTY_TEXT",
    "EMPTY_TOLL_TEXT",
]

EMPTY_TEXT = wording.EMPTY_TEXT
EMPTY_TOLL_TEXT = wording.EMPTY_TOLL_TEXT


def _selection(tl: Timeline, full: Timeline | None) -> Selection:
    """The selection a builder draws: all of ``tl``, or the part of ``full`` that ``tl`` is."""
    return select(tl) if full is None else select_view(full, tl)


def timeline_figure(tl: Timeline, by: str = "category", *, full: Timeline | None = None,
                    max_markers: int | None = None) -> go.Figure:
    """The events on a date axis, one lane per category (or ``by="actor"``, ``"place"``,
    ``"confidence"``; an event with two actors appears in both their lanes).

    One-day events are dots; multi-day events are bars over their days; ``approximate`` dates
    are hollow (a ring, or an outlined bar over the window of possible days); events dated only
    to the month are faint hatched spans over the whole month and the lane's height, so no day
    is implied. Colour is always the category (legend group = category); events that overlap
    in a lane are stacked. Phases are shaded and named. Hover: title, date as precise as known,
    places in English and Arabic, actors, confidence and sources (publisher — title).

    Density: with ``by="category"`` and more than ``max_markers`` events (default
    :data:`DENSITY_THRESHOLD`, 5,000; ``0`` never draws density) the lanes are heat strips of the
    events under way each day instead (as :func:`timeline.series.events_per_period`; events known
    only to the month are not on any day), and the chart says so (the ``"mode"`` annotation and
    the subtitle). Filter the timeline below the threshold to see each event.

    ``full``: the unfiltered timeline ``tl`` is a view of; the figure then has the lanes and the
    traces of ``full``'s (empty where the view has nothing).
    """
    limit = DENSITY_THRESHOLD if max_markers is None else max_markers
    return go.Figure(timeline_chart.paint(timeline_view(_selection(tl, full), by=by, max_markers=limit)))


def counts_figure(tl: Timeline, freq: str = "D", by: str = "category", value: str = "count", *,
                  full: Timeline | None = None) -> go.Figure:
    """Stacked bars of events per day (``freq="D"``) or week (``"W"``), by category (or
    ``by="actor"``, ``"place"``, ``"confidence"``).

    ``value="count"`` (default): events under way in the period — an event of several days
    counts once in each of its days. ``value="share"``: each event's weight of 1 split over its
    days, so the bars add up to the number of events. The y-axis title says which. Events known
    only to the month are not put on any day: a note under the chart counts them. ``full``: as
    in :func:`timeline_figure`.
    """
    if value not in ("count", "share"):
        raise ValueError(f"unknown value {value!r} for `value` (expected 'count' or 'share')")
    return go.Figure(counts_chart.paint(counts_view(_selection(tl, full), freq=freq, by=by, value=value)))


def toll_figure(tl: Timeline, measures=("killed_total", "killed_civilians"), reporters=None, *,
                full: Timeline | None = None) -> go.Figure:
    """How the reported death toll changed: one panel per measure; in it one step line per
    organisation's running series (labels from :func:`timeline.series.reported_toll`), a marker
    at every figure published (open for "at least", ringed for "about"; several figures on one
    day are all shown), and a grey band from the lowest to the highest figure in force across
    the organisations counting the same episode. Nothing is ever added up: the organisations
    count different things.

    Quiet stretches between episodes are cut out of the date axis, and the cut is marked.
    ``full``: as in :func:`timeline_figure` (the panels, lines and bands are those of ``full``).
    """
    return go.Figure(toll_chart.paint(toll_view(_selection(tl, full), measures=measures, reporters=reporters)))


def deaths_figure(tl: Timeline, freq: str = "W", reporter: str | None = None, *,
                  full: Timeline | None = None) -> go.Figure:
    """Stacked bars of the deaths given for single events, per week (``freq="W"``) or day
    (``"D"``), by the event's category: ACLED's fatalities, UCDP GED's best estimate (with the
    sums of its low and high estimates as whiskers), or the per-event figures of ``reporter``
    (default: the organisation with the most per-event figures). One organisation's figures only,
    one per event (its latest); an event's figure goes on its first day. Claims about single
    events, not a running toll: the subtitle says whose. "No per-event death figures match"
    when there are none. ``full``: as in :func:`timeline_figure`.
    """
    return go.Figure(deaths_chart.paint(deaths_view(_selection(tl, full), freq=freq, reporter=reporter)))


def map_figure(tl: Timeline, *, full: Timeline | None = None, size_by: str = "events") -> go.Figure:
    """Where events happened: a dot per place and category, its area proportional to the number
    of events (an event with two places counts at both), on an offline base map — Syria and
    Lebanon with an inset of the coast, or the extent of the data when it lies elsewhere.
    Places without coordinates (regions, districts, places abroad, "online") and places outside
    the frame are listed beside the map with their number of events — never placed. Hover:
    English and Arabic names, governorate and the first events (date — title).

    Needs no network: the base maps are the topojson files in ``timeline/assets/topojson``
    (:func:`use_offline_geo` is called here for static export; HTML pages inline
    :func:`geo_assets_script`). ``full``: as in :func:`timeline_figure`. ``size_by="deaths"``:
    the dots' areas show the deaths given for their events instead (the per-event figures of
    :func:`deaths_figure`; an event at two places counts at both).
    """
    use_offline_geo()
    return go.Figure(map_chart.paint(map_view(_selection(tl, full), size_by=size_by)))


def overview_figure(tl: Timeline, freq: str = "D", measures=("killed_total", "killed_civilians"), *,
                    full: Timeline | None = None, max_markers: int | None = None) -> go.Figure:
    """The timeline, the events under way per day (or week) and the reported toll, on one
    shared, zoomable date axis, with the phases shaded across all three. Clicking a category in
    the legend hides it in the timeline and in the counts at once. ``full``: as in
    :func:`timeline_figure`.

    With more than ``max_markers`` events (default :data:`DENSITY_THRESHOLD`; ``0`` never) the
    top row shows heat strips of the events under way each day, as :func:`timeline_figure`
    does, and says so (and holds one empty ``"dots"`` trace per category, which the exported
    page fills with the events of a view small enough to show one by one)."""
    limit = DENSITY_THRESHOLD if max_markers is None else max_markers
    sel = _selection(tl, full)
    tv = timeline_view(sel, by="category", max_markers=limit)
    cv = counts_view(sel, freq=freq)
    toll = toll_view(sel, measures=measures)
    row = toll_chart.layer(toll, xaxis="x3", yaxis="y3", band_legend=None, label_band=False,
                           panel_px=(NOMINAL_WIDTH - 300, 230), early_labels="left")
    rng = overview_chart.overview_range(tv, None if toll.last is None else toll.last + 2 * DAY)
    row = {**row, "reporters": list(toll.reporters), "range": rng}
    subject = wording.subject_of((full if full is not None else tl).name)
    return go.Figure(overview_chart.paint(tv, cv, row, rng, subject))
