"""UCDP GED files read into a Timeline."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..model import Timeline
from ..schema import CATEGORIES, DATE_PRECISION, QUALIFIERS
from .columns import GED, GED_CATEGORIES
from .cells import (
    Checker, Col, Context, US, categorical, check_choice, check_count, check_dates, check_float, check_ids,
    check_required, combine, expand,
)
from .files import READ_ARGS, read_table
from .frames import (
    build_actors, build_places, column_of, confidence_of, data_name, empty_phases, events_frame, link_table,
    month_bounds, reports_frame, source_rows,
)


# --- UCDP GED ----------------------------------------------------------------------------------


def _build_ged(chk: Checker, cols: dict[str, pd.Series], n: int, ctx: Context) -> Timeline | None:
    T = GED.column
    ids = check_ids(chk, cols["id"], "id")
    tov_col = column_of(cols, "type_of_violence", n)
    tov_u = check_choice(chk, tov_col, T("type_of_violence"), {k: k for k in GED_CATEGORIES}, "1, 2, 3")
    dp_col = column_of(cols, "date_prec", n)
    dp_u = check_choice(chk, dp_col, T("date_prec"), {k: k for k in "12345"}, "1, 2, 3, 4, 5")
    wp_col = column_of(cols, "where_prec", n)
    wp_u = check_choice(chk, wp_col, T("where_prec"), {k: k for k in "1234567"}, "1, 2, 3, 4, 5, 6, 7")
    ec_col = column_of(cols, "event_clarity", n)
    ec_u = check_choice(chk, ec_col, T("event_clarity"), {"1": "1", "2": "2"}, "1, 2")
    de_col = column_of(cols, "date_end", n)
    ds, de = check_dates(chk, [(column_of(cols, "date_start", n), T("date_start")), (de_col, T("date_end"))], ctx)
    before = ~np.isnat(ds) & ~np.isnat(de) & (de < ds)
    chk.rows(before, "date_end", "ends before it starts (expected on or after date_start)", de_col)
    side_a, side_b = column_of(cols, "side_a", n), column_of(cols, "side_b", n)
    check_required(chk, side_a, T("side_a"))
    check_required(chk, side_b, T("side_b"))
    lat = check_float(chk, column_of(cols, "latitude", n), T("latitude"))
    lon = check_float(chk, column_of(cols, "longitude", n), T("longitude"))
    counts = {name: check_count(chk, column_of(cols, name, n), T(name))
              for name in ("best", "low", "high", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")}
    best, low, high = counts["best"], counts["low"], counts["high"]
    outside = ((low.notna() & best.notna() & (low > best)) | (high.notna() & best.notna() & (high < best)))
    outside = outside.fillna(False).to_numpy(dtype=bool)
    if chk.problems:
        return None
    ctx.stage("build")
    if outside.any():
        k = int(outside.sum())
        p = int(np.flatnonzero(outside)[0])
        example = f"id {ids.iloc[p]}: low {low.iloc[p]}, best {best.iloc[p]}, high {high.iloc[p]}"
        if k > 1:
            example = (f"ids {', '.join(ids[outside].iloc[:5].tolist())}{', …' if k > 5 else ''}; e.g. "
                       + example)
        ctx.note(f"{k:,} row{'s' if k != 1 else ''} with best outside low–high, as UCDP's own data has "
                 f"({example}): best is kept as UCDP's figure, and flagged in casualty_reports.best_outside_range "
                 "and in the events' notes")

    # dates: the window is uncertainty
    dp = np.array([int(x) for x in dp_u], dtype=np.int64)[dp_col.codes]
    wp = np.array([int(x) for x in wp_u], dtype=np.int64)[wp_col.codes]
    ec = np.array([int(x) if x else 1 for x in ec_u], dtype=np.int64)[ec_col.codes]
    m_start, m_end = month_bounds(ds)
    whole_month = (ds == m_start) & (de == m_end)
    is_month = (dp >= 4) & whole_month
    nat = np.datetime64("NaT", "us")
    start = np.where(is_month, m_start, ds)
    end = np.where(is_month | (de == ds), nat, de)
    span_end = np.where(is_month, m_end, de)
    names = list(DATE_PRECISION)
    prec = np.where(dp == 1, names.index("day"), np.where(is_month, names.index("month"),
                                                          names.index("approximate"))).astype(np.int8)

    # confidence: the worse of date, place and clarity
    d_rank = np.array([0, 0, 1, 1, 2, 2], dtype=np.int64)[dp]
    w_rank = np.array([0, 0, 0, 1, 1, 2, 2, 2], dtype=np.int64)[wp]
    c_rank = np.where(ec == 2, 2, 0)
    confidence = confidence_of(np.maximum(np.maximum(d_rank, w_rank), c_rank))

    # place: where_coordinates, else adm_1, else country
    wc, adm1, country = column_of(cols, "where_coordinates", n), column_of(cols, "adm_1", n), column_of(cols, "country", n)
    name_codes, first = combine(wc.codes, adm1.codes, country.codes)
    place_names = []
    for f in first:
        place_names.append(wc.uniques[wc.codes[f]] or adm1.uniques[adm1.codes[f]] or country.uniques[country.codes[f]]
                           or "(unnamed place)")
    pname = Col(name_codes, np.array(place_names, dtype=object))
    kind_rank = np.array([0, 0, 0, 1, 2, 2, 3, 2], dtype=np.int64)[wp]
    places, place_codes, place_ids = build_places(pname, adm1, lat, lon, kind_rank, "UCDP GED")

    title_codes, first = combine(side_a.codes, side_b.codes, name_codes)
    titles = [f"{side_a.uniques[side_a.codes[f]]} – {side_b.uniques[side_b.codes[f]]} in {pname.uniques[name_codes[f]]}"
              for f in first]
    headline, where_d = column_of(cols, "source_headline", n), column_of(cols, "where_description", n)
    desc_codes, first = combine(headline.codes, where_d.codes)
    descs = []
    for f in first:
        h, w = headline.uniques[headline.codes[f]], where_d.uniques[where_d.codes[f]]
        descs.append(" ".join(x for x in (h, f"Location: {w}." if w else "") if x))
    cats = list(CATEGORIES)
    cat_codes = np.array([cats.index(GED_CATEGORIES[x]) if x else -1 for x in tov_u], dtype=np.int64)[tov_col.codes]
    note_codes, first = combine(dp_col.codes, wp_col.codes, outside.astype(np.int64))
    notes = [_ged_note(int(dp[f]), int(wp[f]), bool(outside[f])) for f in first]

    src = column_of(cols, "source_article", n)
    sources, source_ids = source_rows(src, "UCDP GED", "UCDP GED")
    actor_codes, actor_lists = build_actors([side_a, side_b])
    place = expand(place_codes, place_ids)
    source = expand(src.codes, source_ids)
    events = events_frame(
        ids, start, end, span_end, prec,
        title=expand(title_codes, titles), description=expand(desc_codes, descs),
        category=categorical(cat_codes, cats), place=place,
        actors=expand(actor_codes, ["; ".join(x) for x in actor_lists]), sources=source,
        confidence=confidence, notes=expand(note_codes, notes),
    )
    for name in ("type_of_violence", "conflict_name", "dyad_name", "date_prec", "where_prec"):
        c = column_of(cols, name, n)
        events[name] = categorical(c.codes, c.uniques)
    events["best"] = best
    events["coded_date"] = pd.Series(ds, dtype=US)

    exact = (low.isna() | (low == best)) & (high.isna() | (high == best))
    q = list(QUALIFIERS)
    qual = np.where(exact.fillna(True).to_numpy(dtype=bool), q.index("exact"), q.index("approximately")).astype(np.int8)
    area_texts = (places["name"] + np.where(places["admin1"] != "", ", " + places["admin1"], "")).to_numpy(dtype=object)
    reports = reports_frame(
        n, ids + "-ucdp-ged", "UCDP GED", de, start, span_end,
        area=expand(place_codes, area_texts), killed_total=best, killed_civilians=counts["deaths_civilians"],
        qualifier_codes=qual,
        scope="UCDP GED best estimate of deaths in this event (low and high estimates in killed_total_low "
              "and killed_total_high)",
        source=source, event=ids,
    )
    reports["killed_total_low"] = low
    reports["killed_total_high"] = high
    reports["killed_side_a"] = counts["deaths_a"]
    reports["killed_side_b"] = counts["deaths_b"]
    reports["killed_unknown"] = counts["deaths_unknown"]
    reports["best_outside_range"] = outside
    return Timeline(
        events=events, places=places, sources=sources, casualty_reports=reports, phases=empty_phases(),
        event_places=pd.DataFrame({"event_id": ids, "place_id": place}),
        event_sources=pd.DataFrame({"event_id": ids, "source_id": source}),
        event_actors=link_table(ids, actor_codes, actor_lists, "actor"),
        report_sources=pd.DataFrame({"report_id": reports["id"], "source_id": source}),
        path=ctx.path, name=data_name(country, "UCDP GED", ctx.path),
    )


_GED_DATE = {1: "", 2: "UCDP GED gives a window of 2 to 6 days (date_prec 2).",
             3: "UCDP GED gives a window of about a week (date_prec 3).",
             4: "UCDP GED gives a window of about a month (date_prec 4).",
             5: "UCDP GED gives a window of up to a year (date_prec 5)."}
_GED_WHERE = {1: "", 2: "", 3: "Location known to the district (UCDP GED where_prec 3).",
              4: "Location known to the province (UCDP GED where_prec 4).",
              5: "Location imprecise: a part of the country or between places (UCDP GED where_prec 5).",
              6: "Location known only to the country (UCDP GED where_prec 6).",
              7: "Over water or in international airspace (UCDP GED where_prec 7)."}


_GED_OUTSIDE = ("UCDP GED's best estimate lies outside its own low–high range; it is kept as UCDP's figure "
                "(see killed_total_low and killed_total_high).")


def _ged_note(dp: int, wp: int, outside: bool = False) -> str:
    return " ".join(x for x in (_GED_DATE[dp], _GED_WHERE[wp], _GED_OUTSIDE if outside else "") if x)


def read_ucdp_ged(path: str | Path, *, encoding: str | None = None, date_format: str | None = None,
                  bad_rows: str = "error", progress: bool | None = None) -> Timeline:
    return read_table(Path(path), GED, {"id", "source_headline", "source_article", "where_description"}, _build_ged,
                 progress=progress, encoding=encoding, date_format=date_format, bad_rows=bad_rows,
                 dataset="UCDP GED")


read_ucdp_ged.__doc__ = """Read a UCDP GED file (as UCDP or HDX publish it) into a :class:`~timeline.model.Timeline`.

    ``date_start``/``date_end`` are read as the window *within which* the event happened (see the
    module docstring for the date precision, categories and confidence); ``best`` is the figure,
    with ``low`` and ``high`` kept (a ``best`` outside ``low``–``high``, which UCDP's own data
    has, is kept and flagged). Headers are matched case-insensitively; other columns are ignored.
""" + READ_ARGS
