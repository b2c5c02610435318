"""Series: tidy DataFrames computed from a :class:`~timeline.model.Timeline`, ready to chart.

Every function here is pure: a Timeline (or the output of another function here) in, a new
DataFrame out. Nothing is plotted, nothing is read or written, and the input is never modified.

Events
    :func:`events_per_period`   events active per day or week, by category, actor, place or
                                confidence, over a full, zero-filled range.
    :func:`cumulative_events`   events starting per period and their running total.
    :func:`month_only_events`   the events whose date is known only to the month, per month.

Reported toll
    :func:`toll_figures`        every published casualty figure, one row per (report, measure).
    :func:`reported_toll`       per organisation's series and measure, the latest figure it had
                                published as of each day (a step series).
    :func:`toll_spread`         lowest and highest current figure across series, per day and measure.

Phases
    :func:`phase_intervals`     the phases as intervals for shading.
    :func:`phase_of`            the phase a date falls in.

How dates enter the event series
--------------------------------
- An event covers the days ``start`` … ``span_end`` (``span_end`` is ``end`` for a multi-day
  event and ``start`` for a one-day event). An event whose ``date_precision`` is
  ``approximate`` covers its whole uncertain span (``end`` is its last possible day).
- In a per-period count an event counts 1 in **every** period its span touches (``count``), and
  its weight of 1 is spread evenly over the days of its span (``share``: a 3-day event gives 1/3
  to each day, so its shares sum to 1).
- Events whose ``date_precision`` is ``month`` are **never** placed on a day or a week — that
  would invent a day. They are left out of :func:`events_per_period` and
  :func:`cumulative_events` and listed per month by :func:`month_only_events`, for the charts to
  draw as faint month-long spans.
"""

from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

from .model import Timeline
from .schema import CATEGORIES, CONFIDENCE, MEASURES

__all__ = [
    "events_per_period",
    "cumulative_events",
    "month_only_events",
    "toll_figures",
    "reported_toll",
    "toll_spread",
    "phase_intervals",
    "phase_of",
]

BY_CHOICES = ("category", "actor", "place", "confidence")
FREQ_CHOICES = ("D", "W")

_DAY = pd.Timedelta(days=1)
_DT = "datetime64[us]"


# --- small helpers ------------------------------------------------------------------------------

def _days(values) -> np.ndarray:
    """Datetimes (Series or array) as whole days since 1970-01-01 (int64)."""
    arr = np.asarray(values, dtype="datetime64[us]").astype("datetime64[D]")
    return arr.astype(np.int64)


def _day_of(value, name: str) -> int:
    """One date given by the caller (str, Timestamp, date) as a day number."""
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError) as e:
        raise ValueError(f"could not read `{name}`={value!r} as a date (expected e.g. '2025-03-06')") from e
    if pd.isna(ts):
        raise ValueError(f"`{name}` is not a date (got {value!r})")
    if ts.tzinfo is not None:
        ts = ts.tz_localize(None)
    return int(_days([ts.normalize().to_datetime64()])[0])


def _as_datetime(days: np.ndarray) -> np.ndarray:
    return np.asarray(days, dtype=np.int64).astype("datetime64[D]").astype(_DT)


def _check_choice(value, name: str, choices: Iterable[str]) -> None:
    choices = tuple(choices)
    if value not in choices:
        raise ValueError(f"unknown value {value!r} for `{name}` (expected one of: {', '.join(map(str, choices))})")


def _normalise_freq(freq: str) -> str:
    f = str(freq).upper()
    if f in ("W-MON", "W-SUN"):  # pandas spellings people may pass; periods always start Monday
        f = "W"
    _check_choice(f, "freq", FREQ_CHOICES)
    return f


def _period_start(days: np.ndarray, freq: str) -> np.ndarray:
    """The first day of the period of each day: the day itself, or the Monday of its week."""
    if freq == "D":
        return days
    # 1970-01-01 (day 0) was a Thursday: weekday (Monday = 0) is (day + 3) % 7.
    return days - (days + 3) % 7


def _text(values) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=object), dtype="str")


def _memberships(tl: Timeline, by: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Which group(s) each event belongs to.

    Returns ``(event_pos, group_code, labels)``: one row per (event, group) pair, ``event_pos``
    the row position in ``tl.events``, ``group_code`` an index into ``labels`` (the groups in
    output order). Pairs are unique (an actor listed twice counts once).
    """
    _check_choice(by, "by", BY_CHOICES)
    ev = tl.events
    if by in ("category", "confidence"):
        labels = list(CATEGORIES) if by == "category" else list(CONFIDENCE)
        col = ev[by]
        if isinstance(col.dtype, pd.CategoricalDtype) and list(col.cat.categories) == labels:
            codes = col.cat.codes.to_numpy().astype(np.int64)
        else:  # pragma: no cover - a Timeline from timeline.load always has the categorical
            codes = pd.Categorical(col.astype("object"), categories=labels).codes.astype(np.int64)
        keep = codes >= 0
        return np.flatnonzero(keep), codes[keep], labels
    if by == "actor":
        link = tl.event_actors
        codes, uniques = pd.factorize(link["actor"], sort=True, use_na_sentinel=True)
        labels = [str(u) for u in uniques]
    else:
        link = tl.event_places
        place_pos = pd.Index(tl.places["id"]).get_indexer(link["place_id"])
        name_codes, uniques = pd.factorize(tl.places["name"], sort=True, use_na_sentinel=True)
        labels = [str(u) for u in uniques]
        codes = np.append(name_codes, -1)[place_pos]  # -1: unknown place id (never from load)
    pos = pd.Index(ev["id"]).get_indexer(link["event_id"])
    ok = (pos >= 0) & (codes >= 0)
    if by == "place" and labels:  # only the places some event refers to are groups
        used = np.zeros(len(labels), dtype=bool)
        used[codes[ok]] = True
        remap = np.cumsum(used) - 1
        labels = [lab for lab, u in zip(labels, used) if u]
        codes = np.where(codes >= 0, remap[np.maximum(codes, 0)], -1)
    n_groups = max(len(labels), 1)
    pairs = np.sort(pos[ok].astype(np.int64) * n_groups + codes[ok])  # by event, then group
    pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]] if pairs.size else pairs  # each pair once
    return pairs // n_groups, pairs % n_groups, labels


def _event_days(tl: Timeline) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per event: first day, last day (``span_end``) and whether it is known only to the month."""
    ev = tl.events
    s = _days(ev["start"])
    e = _days(ev["span_end"])
    month = (ev["date_precision"] == "month").to_numpy(dtype=bool, na_value=False)
    return s, e, month


def _range(tl: Timeline, start, end) -> tuple[int, int] | None:
    """The day range of the output: [start, end] with defaults from the whole timeline."""
    span = tl.span
    if span is None and (start is None or end is None):
        return None
    lo = _day_of(start, "start") if start is not None else int(_days([span[0]])[0])
    hi = _day_of(end, "end") if end is not None else int(_days([span[1]])[0])
    if hi < lo:
        raise ValueError(f"`end` ({end!r}) is before `start` ({start!r})")
    return lo, hi


def _empty_counts(kind: str) -> pd.DataFrame:
    cols = {"period": pd.Series([], dtype=_DT), "group": pd.Series([], dtype="str")}
    if kind == "share":
        cols["count"] = pd.Series([], dtype="int64")
        cols["share"] = pd.Series([], dtype="float64")
    else:
        cols["new"] = pd.Series([], dtype="int64")
        cols["cumulative"] = pd.Series([], dtype="int64")
    return pd.DataFrame(cols)


def _grid(p0: int, p1: int, step: int, labels: list[str]) -> tuple[int, pd.Series, pd.Series]:
    n_periods = (p1 - p0) // step + 1
    periods = p0 + np.arange(n_periods, dtype=np.int64) * step
    period = pd.Series(_as_datetime(np.repeat(periods, len(labels))))
    codes = np.tile(np.arange(len(labels), dtype=np.int64), n_periods)
    group = pd.Series(pd.Categorical.from_codes(codes, categories=labels)).astype("str") if labels else \
        pd.Series([], dtype="str")
    return n_periods, period, group


# --- events -------------------------------------------------------------------------------------

def events_per_period(tl: Timeline, freq: str = "D", by: str = "category", start=None, end=None) -> pd.DataFrame:
    """Events active per day or per week, by group, over a full, zero-filled range.

    Parameters
    ----------
    freq
        ``"D"`` (days) or ``"W"`` (weeks starting on Monday).
    by
        ``"category"``, ``"actor"``, ``"place"`` or ``"confidence"``.
    start, end
        First and last day counted (anything :class:`pandas.Timestamp` reads). Default: the
        first ``start`` and the last ``span_end`` of all the timeline's events (month-only ones
        included, so the range matches :attr:`Timeline.span` and the month-only spans drawn over
        it). Days of a span outside ``[start, end]`` are not counted; with ``freq="W"`` the first
        and last weeks can therefore be partial.

    Returns
    -------
    DataFrame with one row per (period, group), sorted by period then group:

    ``period`` (``datetime64[us]``)
        the day, or the Monday of the week.
    ``group`` (``str``)
        the category, actor, place name (English) or confidence level.
    ``count`` (``int64``)
        events active in the period: an event spanning several days counts 1 in every period
        its span touches (a 3-day event inside one week counts 1 in that week).
    ``share`` (``float64``)
        each event's weight of 1 spread evenly over the days of its span; the shares of one event
        sum to 1 across periods (less when part of its span is outside ``[start, end]``).

    Rules
    -----
    - Full range: every period from ``start`` to ``end``, times every group, with 0 where
      nothing happened. Groups for ``by="category"`` are every category of
      :data:`timeline.schema.CATEGORIES` in vocabulary order (even with no events); for
      ``by="confidence"`` low, medium, high; for ``by="actor"`` and ``by="place"`` every actor /
      place name that appears in the timeline's events, alphabetically.
    - Actors and places come from the link tables ``tl.event_actors`` / ``tl.event_places``: an
      event with two places counts once in each place's group (so the groups' counts can add up
      to more than the number of events); an event with no actor is in no actor group. Two
      places with the same English name are one group.
    - ``approximate`` events are spread over their whole uncertain span (``start`` … ``end``).
    - Events whose ``date_precision`` is ``month`` are **not** in this frame (counting them on a
      day or week would invent a date): see :func:`month_only_events`.
    - Empty frame (same columns) when the timeline has no events and no range is given.
    """
    freq = _normalise_freq(freq)
    event_pos, codes, labels = _memberships(tl, by)
    rng = _range(tl, start, end)
    if rng is None or not labels:
        return _empty_counts("share")
    lo, hi = rng
    step = 1 if freq == "D" else 7
    p0, p1 = int(_period_start(np.array([lo]), freq)[0]), int(_period_start(np.array([hi]), freq)[0])
    n_groups = len(labels)

    s_all, e_all, month = _event_days(tl)
    keep = ~month[event_pos]
    event_pos, codes = event_pos[keep], codes[keep]
    s_full, e_full = s_all[event_pos], e_all[event_pos]
    n_days = (e_full - s_full + 1).astype(np.float64)  # the whole span, also when clipped below
    s, e = np.maximum(s_full, lo), np.minimum(e_full, hi)
    inside = s <= e
    s, e, n_days, codes = s[inside], e[inside], n_days[inside], codes[inside]

    ps, pe = _period_start(s, freq), _period_start(e, freq)
    k = (pe - ps) // step + 1  # periods touched by each (event, group)
    one = k == 1
    # Fast path: the span lies in one period (every single-day event).
    key_one = ((ps[one] - p0) // step) * n_groups + codes[one]
    w_one = (e[one] - s[one] + 1) / n_days[one]
    # Spans over several periods: one row per period touched (numpy repeat, no Python loop).
    many = ~one
    k_m = k[many]
    idx = np.repeat(np.arange(k_m.size), k_m)
    offset = np.arange(idx.size) - np.repeat(np.cumsum(k_m) - k_m, k_m)
    p = ps[many][idx] + offset * step
    overlap = np.minimum(e[many][idx], p + step - 1) - np.maximum(s[many][idx], p) + 1
    key_m = ((p - p0) // step) * n_groups + codes[many][idx]
    w_m = overlap / n_days[many][idx]

    n_periods, period, group = _grid(p0, p1, step, labels)
    size = n_periods * n_groups
    keys = np.concatenate([key_one, key_m])
    weights = np.concatenate([w_one, w_m])
    count = np.bincount(keys, minlength=size).astype(np.int64)
    share = np.bincount(keys, weights=weights, minlength=size).astype(np.float64)
    return pd.DataFrame({"period": period, "group": group, "count": count, "share": share})


def cumulative_events(tl: Timeline, freq: str = "D", by: str = "category", start=None, end=None) -> pd.DataFrame:
    """Events starting in each period, and their running total, by group.

    Same ``freq``, ``by``, ``start``, ``end``, groups and full zero-filled range as
    :func:`events_per_period` (the two frames have the same ``period`` × ``group`` rows).

    Returns
    -------
    DataFrame sorted by period then group:

    ``period`` (``datetime64[us]``), ``group`` (``str``)
        as in :func:`events_per_period`.
    ``new`` (``int64``)
        events whose **start** day falls in the period (a multi-day event is new once).
    ``cumulative`` (``int64``)
        running sum of ``new`` per group from ``start``: events that started before ``start``
        are not counted.

    Rules
    -----
    - Events whose ``date_precision`` is ``month`` are left out (their start day is not known);
      see :func:`month_only_events`.
    - With ``by="actor"`` / ``"place"`` an event is new in each of its groups.
    """
    freq = _normalise_freq(freq)
    event_pos, codes, labels = _memberships(tl, by)
    rng = _range(tl, start, end)
    if rng is None or not labels:
        return _empty_counts("cumulative")
    lo, hi = rng
    step = 1 if freq == "D" else 7
    p0, p1 = int(_period_start(np.array([lo]), freq)[0]), int(_period_start(np.array([hi]), freq)[0])
    n_groups = len(labels)

    s_all, _, month = _event_days(tl)
    s = s_all[event_pos]
    keep = ~month[event_pos] & (s >= lo) & (s <= hi)
    keys = ((_period_start(s[keep], freq) - p0) // step) * n_groups + codes[keep]
    n_periods, period, group = _grid(p0, p1, step, labels)
    new = np.bincount(keys, minlength=n_periods * n_groups).astype(np.int64)
    cumulative = new.reshape(n_periods, n_groups).cumsum(axis=0).reshape(-1)
    return pd.DataFrame({"period": period, "group": group, "new": new, "cumulative": cumulative})


def month_only_events(tl: Timeline, by: str = "category") -> pd.DataFrame:
    """The events whose date is known only to the month, per month and group.

    These are the events :func:`events_per_period` and :func:`cumulative_events` leave out; the
    charts draw them as faint month-long spans.

    Returns
    -------
    DataFrame with one row per (month, group) that has at least one such event (no zero-filling),
    sorted by month then group (groups in the order of :func:`events_per_period`):

    ``month`` (``datetime64[us]``)
        the first day of the month.
    ``group`` (``str``)
        category, actor, place name or confidence level.
    ``count`` (``int64``)
        number of such events.
    ``event_ids`` (``str``)
        their ids, ``;``-joined, in file order.

    An event dated ``2024-12`` … ``2025-01`` is listed in each month its span touches. Empty frame
    with these columns when there are none.
    """
    event_pos, codes, labels = _memberships(tl, by)
    s_all, e_all, month = _event_days(tl)
    keep = month[event_pos]
    event_pos, codes = event_pos[keep], codes[keep]
    empty = pd.DataFrame({"month": pd.Series([], dtype=_DT), "group": pd.Series([], dtype="str"),
                          "count": pd.Series([], dtype="int64"), "event_ids": pd.Series([], dtype="str")})
    if event_pos.size == 0:
        return empty
    m_s = _as_datetime(s_all[event_pos]).astype("datetime64[M]").astype(np.int64)
    m_e = _as_datetime(e_all[event_pos]).astype("datetime64[M]").astype(np.int64)
    k = m_e - m_s + 1
    idx = np.repeat(np.arange(k.size), k)
    months = m_s[idx] + (np.arange(idx.size) - np.repeat(np.cumsum(k) - k, k))
    long = pd.DataFrame({"m": months, "g": codes[idx], "pos": event_pos[idx]})
    long = long.sort_values(["m", "g", "pos"], kind="stable")
    ids = tl.events["id"].to_numpy(dtype=object)
    long["id"] = ids[long["pos"].to_numpy()]
    agg = long.groupby(["m", "g"], sort=True).agg(count=("id", "size"), event_ids=("id", ";".join)).reset_index()
    return pd.DataFrame({
        "month": agg["m"].to_numpy().astype("datetime64[M]").astype(_DT),
        "group": _text(np.asarray(labels, dtype=object)[agg["g"].to_numpy()]),
        "count": agg["count"].to_numpy(dtype=np.int64),
        "event_ids": _text(agg["event_ids"].to_numpy()),
    })


# --- reported toll ------------------------------------------------------------------------------

_FIGURE_COLUMNS = ["report_id", "reported_by", "published", "published_precision", "measure", "measure_label",
                   "value", "qualifier", "is_lower_bound", "value_text", "tally", "period_start", "period_end",
                   "area", "scope", "event", "source", "source_publisher", "source_url", "sources", "confidence",
                   "notes", "order"]

_TOLL_COLUMNS = ["date", "reported_by", "series", "period_start", "measure", "measure_label", "value", "qualifier",
                 "is_lower_bound", "value_text", "scope", "report_id", "published", "source", "source_url",
                 "source_publisher", "is_new", "published_precision", "confidence"]

_SPREAD_COLUMNS = ["date", "measure", "measure_label", "low", "high", "low_by", "high_by", "n_series",
                   "low_is_lower_bound", "high_is_lower_bound"]


def _value_text(values: np.ndarray, qualifiers: np.ndarray) -> list[str]:
    prefix = {"at_least": "≥", "approximately": "~"}
    return [f"{prefix.get(q, '')}{int(v):,}" for v, q in zip(values, qualifiers)]


def toll_figures(tl: Timeline, tally: str | None = None) -> pd.DataFrame:
    """Every published casualty figure in long form: one row per (report, measure) stated
    (``tally="running"`` or ``"incident"``: only the reports of that tally).

    A measure left blank in the file (*not stated*) has no row; a stated 0 has one.

    Returns
    -------
    DataFrame sorted by ``order`` then measure (in :data:`timeline.schema.MEASURES` order):

    ``report_id``, ``reported_by``, ``published`` (``datetime64``), ``published_precision``
        the report.
    ``measure``, ``measure_label``
        a key of :data:`timeline.schema.MEASURES` (``killed_total``, ``killed_civilians``,
        ``killed_government``, ``killed_loyalists``) and its chart label.
    ``value`` (``int64``), ``qualifier`` (exact, at_least, approximately)
        the figure as published.
    ``is_lower_bound`` (``bool``)
        ``qualifier == "at_least"``.
    ``value_text`` (``str``)
        ``"≥1,500"`` (at least), ``"~1,500"`` (approximately) or ``"1,500"`` (exact).
    ``tally`` (running, incident), ``period_start``, ``period_end``, ``area``, ``scope``, ``event``
        what the figure counts.
    ``source``, ``source_publisher``, ``source_url``
        the report's first source: its id, and its publisher and address from ``tl.sources``.
    ``sources``
        all the report's source ids, ``;``-separated.
    ``confidence`` (ordered category), ``notes``
        as in the file.
    ``order`` (``int64``)
        the report's row position in the file (0 = first), to break same-day ties.

    Text columns are ``str``. All tallies are returned; :func:`reported_toll` uses only the
    ``running`` ones.
    """
    cr = tl.casualty_reports.reset_index(drop=True)
    file_pos = np.arange(len(cr), dtype=np.int64)
    if tally is not None:  # first, so that 1,000,000 incident figures cost nothing in a toll chart
        keep = (cr["tally"] == tally).to_numpy(dtype=bool, na_value=False)
        cr, file_pos = cr[keep].reset_index(drop=True), file_pos[keep]
    order = np.arange(len(cr), dtype=np.int64)
    parts = []
    for m_pos, measure in enumerate(MEASURES):
        stated = cr[measure].notna().to_numpy(dtype=bool)
        parts.append(pd.DataFrame({"pos": order[stated], "m_pos": m_pos,
                                   "value": cr[measure].to_numpy(dtype=object)[stated]}))
    long = pd.concat(parts, ignore_index=True).sort_values(["pos", "m_pos"], kind="stable")
    pos = long["pos"].to_numpy(dtype=np.int64)
    rows = cr.iloc[pos].reset_index(drop=True)
    measures = np.asarray(list(MEASURES), dtype=object)[long["m_pos"].to_numpy(dtype=np.int64)]
    values = long["value"].to_numpy().astype(np.int64)
    qualifier = rows["qualifier"].astype("object").to_numpy()
    src = tl.sources.drop_duplicates("id").set_index("id")
    sources = rows["sources"].astype("str") if "sources" in rows else rows["source"].astype("str")
    source = sources.str.split(";", n=1).str[0].str.strip()

    def text(col):
        return rows[col].astype("object").fillna("").astype("str").reset_index(drop=True)

    out = pd.DataFrame({
        "report_id": text("id"),
        "reported_by": text("reported_by"),
        "published": rows["published"].astype(_DT),
        "published_precision": text("published_precision"),
        "measure": _text(measures),
        "measure_label": _text([MEASURES[m] for m in measures]),
        "value": values,
        "qualifier": text("qualifier"),
        "is_lower_bound": qualifier == "at_least",
        "value_text": _text(_value_text(values, qualifier)),
        "tally": text("tally"),
        "period_start": rows["period_start"].astype(_DT),
        "period_end": rows["period_end"].astype(_DT),
        "area": text("area"),
        "scope": text("scope"),
        "event": text("event"),
        "source": source,
        "source_publisher": source.map(src["publisher"]).fillna("").astype("str"),
        "source_url": source.map(src["url"]).fillna("").astype("str"),
        "sources": sources.reset_index(drop=True),
        "confidence": rows["confidence"].reset_index(drop=True),
        "notes": text("notes"),
        "order": file_pos[pos],
    })
    return out[_FIGURE_COLUMNS]


def _series_labels(running: pd.DataFrame) -> pd.Series:
    """``"SOHR"``, or ``"SOHR (from 27 Nov 2024)"`` when SOHR has several series."""
    keys = running[["reported_by", "period_start"]].drop_duplicates()
    n = keys.groupby("reported_by")["period_start"].transform("size")
    labels = [rb if k == 1 else f"{rb} (from {ps.day} {ps:%b %Y})"
              for rb, ps, k in zip(keys["reported_by"], keys["period_start"], n)]
    index = pd.MultiIndex.from_frame(keys)
    return pd.Series(labels, index=index, dtype="str")


def reported_toll(tl: Timeline, measures=None, reporters=None, start=None, end=None) -> pd.DataFrame:
    """The reported toll as a step series: for each series and measure, the latest figure
    published as of each day.

    A *series* is one running tally of one organisation, keyed by (``reported_by``,
    ``period_start``): SOHR's toll of the November 2024 offensive and its toll of the March 2025
    coastal violence are two series. Only reports with ``tally == "running"`` are used.

    Parameters
    ----------
    measures
        measure names (keys of :data:`timeline.schema.MEASURES`) to keep; all when ``None``.
    reporters
        ``reported_by`` values to keep; all when ``None``.
    start
        first day in the output (figures published before it still set the value on that day).
    end
        last day; default the last ``published`` date across all casualty reports (so every
        series runs to the same day).

    Rules
    -----
    - For each series and measure, every day from the day of its first published figure of that
      measure to ``end`` carries the latest figure published on or before that day. Never
      carried backwards (no row before the first figure), never interpolated.
    - Same-day figures: the later row in the file wins (only it appears).
    - Never summed or combined: across organisations, across series of one organisation, or
      across measures. A release that does not state a measure leaves that measure's previous
      figure in force.
    - Each day keeps the qualifier of the figure in force: a lower bound stays a lower bound
      (``is_lower_bound``, ``"≥"`` in ``value_text``) even when the previous figure was exact.

    Returns
    -------
    DataFrame sorted by ``reported_by``, ``period_start``, measure (MEASURES order), ``date``:

    ``date`` (``datetime64[us]``)
    ``reported_by``, ``series`` (``str``)
        the organisation and the series label: ``"SOHR"``, with ``" (from 27 Nov 2024)"`` (the
        ``period_start``) added only when that organisation has more than one running series.
        Labels are decided from all the running reports, so they do not change with the filters.
    ``period_start``
    ``measure``, ``measure_label``, ``value`` (``int64``), ``qualifier``, ``is_lower_bound``, ``value_text``, ``scope``
        the figure in force, as in :func:`toll_figures`.
    ``report_id``, ``published``, ``source``, ``source_url``, ``source_publisher``
        the report that published it.
    ``is_new`` (``bool``)
        ``True`` on the day the figure was published.
    ``published_precision``, ``confidence``
        of that report.
    """
    figures = toll_figures(tl, tally="running")
    running = figures
    extra = {"date": _DT, "series": "str", "is_new": "bool"}
    empty = pd.DataFrame({c: pd.Series([], dtype=extra[c] if c in extra else figures[c].dtype)
                          for c in _TOLL_COLUMNS})
    if measures is not None:
        measures = [measures] if isinstance(measures, str) else list(measures)
        for m in measures:
            _check_choice(m, "measures", MEASURES)
    if reporters is not None:
        reporters = [reporters] if isinstance(reporters, str) else list(reporters)
    if running.empty:
        return empty
    labels = _series_labels(running)

    if end is not None:
        last = _day_of(end, "end")
    else:
        last = int(_days([tl.casualty_reports["published"].max()])[0])
    first = _day_of(start, "start") if start is not None else None
    if first is not None and last < first:
        raise ValueError(f"`end` ({end!r}) is before `start` ({start!r})")

    f = running
    if measures is not None:
        f = f[f["measure"].isin(measures)]
    if reporters is not None:
        f = f[f["reported_by"].isin(reporters)]
    pub = _days(f["published"])
    f = f[pub <= last]
    if f.empty:
        return empty
    m_pos = f["measure"].map({m: i for i, m in enumerate(MEASURES)})
    f = (f.assign(_m=m_pos.to_numpy())
          .sort_values(["reported_by", "period_start", "_m", "published", "order"], kind="stable")
          .drop_duplicates(["reported_by", "period_start", "measure", "published"], keep="last")
          .reset_index(drop=True))
    keys = ["reported_by", "period_start", "_m"]
    pub = _days(f["published"])
    same = (f[keys].shift(-1) == f[keys]).all(axis=1).to_numpy()
    nxt = np.roll(pub, -1)
    until = np.where(same, nxt - 1, last)  # last day each figure stays in force
    k = until - pub + 1
    idx = np.repeat(np.arange(len(f)), k)
    offset = np.arange(idx.size) - np.repeat(np.cumsum(k) - k, k)
    rows = f.iloc[idx].reset_index(drop=True)
    date_days = pub[idx] + offset
    rows["date"] = _as_datetime(date_days)
    rows["is_new"] = offset == 0
    rows["series"] = labels.reindex(pd.MultiIndex.from_frame(rows[["reported_by", "period_start"]])) \
        .to_numpy(dtype=object)
    rows["series"] = rows["series"].astype("str")
    if first is not None:
        rows = rows[date_days >= first].reset_index(drop=True)
    return rows[_TOLL_COLUMNS]


def toll_spread(toll: pd.DataFrame) -> pd.DataFrame:
    """Lowest and highest current figure across series, per day and measure.

    ``toll`` is the output of :func:`reported_toll` (filter it first to compare fewer series).

    Organisations count different things (different periods, areas, methods, who counts as a
    civilian): the spread describes how far the published figures are apart; it is not an
    estimate of the true toll and its bounds are not a confidence interval. Every series in
    ``toll`` that has a figure on a day takes part, whatever period it counts: to compare only
    the tolls of one episode, pass those series, e.g.
    ``toll[toll["period_start"] == "2025-03-06"]`` (otherwise a 2024 toll carried forward into
    2025 sits in the same band).

    Returns
    -------
    DataFrame with one row per (``date``, ``measure``) on which at least one series has a figure,
    sorted by measure (MEASURES order) then date:

    ``date``, ``measure``, ``measure_label``
    ``low``, ``high`` (``int64``)
        the lowest and highest figure in force that day, among the series that have one (a
        series that has not published yet is not counted as 0).
    ``low_by``, ``high_by`` (``str``)
        the series label(s) holding that figure; several joined with ``", "`` (in the order of
        ``toll``) when they tie.
    ``n_series`` (``int64``)
        how many series have a figure that day (``low == high`` when it is 1).
    ``low_is_lower_bound``, ``high_is_lower_bound`` (``bool``)
        whether that figure was published as a lower bound ("at least"); for a tie, ``True``
        only when every tied figure is a lower bound.
    """
    if toll.empty:
        return pd.DataFrame({"date": pd.Series([], dtype=_DT), "measure": pd.Series([], dtype="str"),
                             "measure_label": pd.Series([], dtype="str"),
                             "low": pd.Series([], dtype="int64"), "high": pd.Series([], dtype="int64"),
                             "low_by": pd.Series([], dtype="str"), "high_by": pd.Series([], dtype="str"),
                             "n_series": pd.Series([], dtype="int64"),
                             "low_is_lower_bound": pd.Series([], dtype="bool"),
                             "high_is_lower_bound": pd.Series([], dtype="bool")})
    t = toll[["date", "measure", "series", "value", "is_lower_bound"]].copy()
    t["_m"] = t["measure"].map({m: i for i, m in enumerate(MEASURES)}).fillna(len(MEASURES)).to_numpy()
    t["_row"] = np.arange(len(t))
    g = t.groupby(["_m", "date"], sort=True)
    stats = g.agg(measure=("measure", "first"), low=("value", "min"), high=("value", "max"),
                  n_series=("series", "nunique"))
    t = t.join(stats[["low", "high"]], on=["_m", "date"]).sort_values("_row", kind="stable")

    def holders(mask):
        sub = t[mask]
        return sub.groupby(["_m", "date"], sort=True).agg(
            by=("series", lambda s: ", ".join(dict.fromkeys(s))),
            lb=("is_lower_bound", "all"))

    lows = holders(t["value"] == t["low"])
    highs = holders(t["value"] == t["high"])
    out = stats.join(lows.rename(columns={"by": "low_by", "lb": "low_is_lower_bound"})) \
        .join(highs.rename(columns={"by": "high_by", "lb": "high_is_lower_bound"})).reset_index()
    out["measure_label"] = out["measure"].map(MEASURES).fillna(out["measure"])
    out = out.astype({"measure": "str", "measure_label": "str", "low": "int64", "high": "int64",
                      "low_by": "str", "high_by": "str", "n_series": "int64",
                      "low_is_lower_bound": "bool", "high_is_lower_bound": "bool", "date": _DT})
    return out[_SPREAD_COLUMNS].reset_index(drop=True)


# --- phases -------------------------------------------------------------------------------------

def phase_intervals(tl: Timeline) -> pd.DataFrame:
    """The phases as intervals, sorted by ``start`` (file order for equal starts).

    Returns ``id``, ``name``, ``start``, ``end`` (the inclusive last day), ``end_exclusive``
    (``end`` + 1 day: the right edge of a shaded band that covers the whole last day) and
    ``description``.
    """
    ph = tl.phases.sort_values("start", kind="stable")
    return pd.DataFrame({
        "id": ph["id"].astype("str").to_numpy(),
        "name": ph["name"].astype("str").to_numpy(),
        "start": ph["start"].astype(_DT).to_numpy(),
        "end": ph["end"].astype(_DT).to_numpy(),
        "end_exclusive": (ph["end"] + _DAY).astype(_DT).to_numpy(),
        "description": ph["description"].astype("str").to_numpy(),
    }).astype({"id": "str", "name": "str", "description": "str"})


def phase_of(tl: Timeline, date) -> str | None:
    """The id of the phase containing ``date`` (its first and last days included), or ``None``
    when the date is in no phase (or is missing). If phases overlap, the one that starts first.
    The time of day is ignored."""
    if date is None or (not isinstance(date, str) and pd.isna(date)):
        return None
    day = _day_of(date, "date")
    ph = phase_intervals(tl)
    inside = (_days(ph["start"]) <= day) & (_days(ph["end"]) >= day)
    hits = ph["id"].to_numpy()[inside]
    return str(hits[0]) if hits.size else None
