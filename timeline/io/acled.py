"""ACLED exports (current and pre-2019 layouts, monadic exports) read into a Timeline."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from ..model import Timeline
from ..schema import CATEGORIES, DATE_PRECISION, QUALIFIERS
from .columns import ACLED, ACLED_ALIASES, ACLED_CATEGORIES, ACLED_TYPES_SHOWN
from .cells import (
    Checker, Context, US, as_str, categorical, check_choice, check_count, check_dates, check_float, check_ids,
    check_required, combine, expand,
)
from .files import READ_ARGS, read_table
from .frames import (
    PLACE_KINDS, build_actors, build_places, column_of, confidence_of, data_name, empty_phases, events_frame,
    iso_day, link_table, month_bounds, reports_frame, split_outlets,
)


# --- ACLED -------------------------------------------------------------------------------------


def _data_ids(chk: Checker, cols: dict[str, pd.Series], ctx: Context) -> None:
    """A row with no ``event_id_cnty`` but a ``data_id`` takes the data_id as its id (with a note)."""
    if "data_id" not in cols:
        return
    blank = (cols["event_id_cnty"].str.strip() == "").to_numpy(dtype=bool)
    if not blank.any():
        return
    did = cols["data_id"].astype("str").str.strip()
    use = blank & (did != "").to_numpy(dtype=bool)
    if use.any():
        cols["event_id_cnty"] = cols["event_id_cnty"].where(~use, did)
        shown = ", ".join(did[use].iloc[:3].tolist()) + (", …" if use.sum() > 3 else "")
        k = int(use.sum())
        ctx.note(f"{k} row{'s' if k != 1 else ''} with an empty event_id_cnty take{'s' if k == 1 else ''} "
                 f"ACLED's data_id as the event id ({shown})")


#: Columns that belong to one actor's row in a monadic ACLED export; every other column read
#: repeats the event and must agree between its rows.
_MONADIC_ACTOR = {"event_id_cnty", "data_id", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
                  "inter2"}


def _merge_monadic(chk: Checker, cols: dict[str, pd.Series], n: int,
                   ctx: Context) -> tuple[dict[str, pd.Series], int, Checker]:
    """A monadic export (one row per actor, no actor2 column): the rows of one ``event_id_cnty``
    become one event. The first row is the event; the next row's actor1, assoc_actor_1 and inter1
    become actor2, assoc_actor_2 and inter2 (further rows' actors join assoc_actor_2). Values
    of the event that differ between its rows are problems of the later row."""
    key = cols["event_id_cnty"].astype("str").str.strip().str.lower().to_numpy(dtype=object)
    codes, _ = pd.factorize(key)
    first = np.full(codes.max() + 1 if n else 0, -1, dtype=np.int64)
    first[codes[::-1]] = np.arange(n - 1, -1, -1)
    target = first[codes]
    later = (target != np.arange(n)) & (key != "")
    if not later.any():
        return cols, n, chk
    text = {k: v.astype("str").str.strip().to_numpy(dtype=object) for k, v in cols.items()}
    for name, v in text.items():
        if name in _MONADIC_ACTOR:
            continue
        for p in np.flatnonzero(later & (v != v[target])):
            chk.add(p, name, f"differs from line {int(chk.lines[target[p]])}, the event's first row (in a monadic "
                    f"export each actor's row repeats the event; expected {v[target[p]]!r})", v[p])
    a1 = text.get("actor1", np.full(n, "", dtype=object))
    for p in np.flatnonzero(later & (a1 == "")):
        chk.add(p, "actor1", "empty required value (expected a value)", "")
    assoc = text.get("assoc_actor_1", np.full(n, "", dtype=object))
    inter = text.get("inter1", np.full(n, "", dtype=object))
    actor2, assoc2, inter2 = (np.full(n, "", dtype=object) for _ in range(3))
    for p in np.flatnonzero(later):
        t = target[p]
        if not actor2[t]:
            actor2[t], assoc2[t], inter2[t] = a1[p], assoc[p], inter[p]
        else:
            assoc2[t] = "; ".join(x for x in (assoc2[t], a1[p], assoc[p]) if x)
    keep = np.flatnonzero(~later)
    out = {k: v.iloc[keep].reset_index(drop=True) for k, v in cols.items()}
    out["actor2"], out["assoc_actor_2"], out["inter2"] = (as_str(x[keep]) for x in (actor2, assoc2, inter2))
    ctx.merged = int(later.sum())
    ctx.note(f"monadic export (one row per actor, no actor2 column): {ctx.merged:,} rows merged into the events "
             f"whose event_id_cnty they repeat ({len(keep):,} events from {n:,} rows); each event has all its "
             "actors and its fatalities once")
    return out, len(keep), chk.sub(keep, groups=np.where(key != "", target, np.arange(n)))


def _build_acled(chk: Checker, cols: dict[str, pd.Series], n: int, ctx: Context) -> Timeline | None:
    T = ACLED.column
    cols = dict(cols)
    _data_ids(chk, cols, ctx)
    if "actor2" not in ctx.present:
        cols, n, chk = _merge_monadic(chk, cols, n, ctx)
    ids = check_ids(chk, cols["event_id_cnty"], "event_id_cnty")
    date_col = column_of(cols, "event_date", n)
    (coded,) = check_dates(chk, [(date_col, T("event_date"))], ctx)
    tp_col = column_of(cols, "time_precision", n)
    tp_u = check_choice(chk, tp_col, T("time_precision"), {c: c for c in ("1", "2", "3")}, "1, 2, 3")
    geo_col = column_of(cols, "geo_precision", n)
    geo_u = check_choice(chk, geo_col, T("geo_precision"), {c: c for c in ("1", "2", "3")}, "1, 2, 3")
    et_col = column_of(cols, "event_type", n)
    cat_u = check_choice(chk, et_col, T("event_type"), ACLED_CATEGORIES,
                    ACLED_TYPES_SHOWN + " (or an event type of ACLED's pre-2019 codebook)")
    sub_col = column_of(cols, "sub_event_type", n)
    if "sub_event_type" in ctx.present:
        check_required(chk, sub_col, replace(T("sub_event_type"), required=True))
    else:
        ctx.note("no sub_event_type column (ACLED's layout before 2019): titles name the event type only")
    a1 = column_of(cols, "actor1", n)
    check_required(chk, a1, T("actor1"))
    loc = column_of(cols, "location", n)
    check_required(chk, loc, T("location"))
    lat = check_float(chk, column_of(cols, "latitude", n), T("latitude"))
    lon = check_float(chk, column_of(cols, "longitude", n), T("longitude"))
    src = column_of(cols, "source", n)
    check_required(chk, src, T("source"))
    fat = check_count(chk, column_of(cols, "fatalities", n), T("fatalities"))
    ts = None
    if "timestamp" in cols:
        ts = _timestamp(chk, cols["timestamp"], "timestamp")
    if chk.problems:
        return None
    ctx.stage("build")

    # dates
    tp = np.array([int(x) for x in tp_u] if len(tp_u) else [], dtype=np.int64)[tp_col.codes]
    geo = np.array([int(x) for x in geo_u], dtype=np.int64)[geo_col.codes]
    m_start, m_end = month_bounds(coded)
    week = np.timedelta64(3, "D")
    start = np.where(tp == 1, coded, np.where(tp == 2, coded - week, m_start))
    end = np.where(tp == 2, coded + week, np.datetime64("NaT", "us"))
    span_end = np.where(tp == 1, coded, np.where(tp == 2, coded + week, m_end))
    prec_names = list(DATE_PRECISION)
    prec = np.array([0, prec_names.index("day"), prec_names.index("approximate"), prec_names.index("month")],
                    dtype=np.int8)[tp]

    # title, category, confidence, notes
    title_codes, first = combine(et_col.codes, sub_col.codes, loc.codes)
    titles = []
    for f in first:
        et, sub, where = et_col.uniques[et_col.codes[f]], sub_col.uniques[sub_col.codes[f]], loc.uniques[loc.codes[f]]
        titles.append(f"{et}: {sub} in {where}" if sub else f"{et} in {where}")
    cats = list(CATEGORIES)
    cat_codes = np.array([cats.index(c) if c else -1 for c in cat_u], dtype=np.int64)[et_col.codes]
    confidence = confidence_of(np.maximum(tp, geo) - 1)
    note_codes, first = combine(tp_col.codes, geo_col.codes, date_col.codes)
    note_texts = [_acled_note(int(tp[f]), int(geo[f]), coded[f]) for f in first]

    # places, sources, actors
    admin1 = column_of(cols, "admin1", n)
    kind_rank = np.where(geo == 3, PLACE_KINDS.index("region"), PLACE_KINDS.index("town"))
    places, place_codes, place_ids = build_places(loc, admin1, lat, lon, kind_rank, "ACLED")
    sources, outlet_lists = split_outlets(src, "ACLED", "ACLED")
    actor_codes, actor_lists = build_actors([a1, column_of(cols, "assoc_actor_1", n), column_of(cols, "actor2", n),
                                        column_of(cols, "assoc_actor_2", n)])

    place = expand(place_codes, place_ids)
    source = expand(src.codes, [";".join(x) for x in outlet_lists])
    one_each = all(len(x) == 1 for x in outlet_lists)  # then the per-event text is the one source id
    events = events_frame(
        ids, start, end, span_end, prec,
        title=expand(title_codes, titles),
        description=(cols["notes"].str.strip().reset_index(drop=True) if "notes" in cols
                     else expand(np.zeros(n, np.int64), [""])),
        category=categorical(cat_codes, cats),
        place=place,
        actors=expand(actor_codes, ["; ".join(x) for x in actor_lists]),
        sources=source,
        confidence=confidence,
        notes=expand(note_codes, note_texts),
    )
    for name in ("event_type", "sub_event_type", "disorder_type", "civilian_targeting", "inter1", "inter2",
                 "interaction", "time_precision", "geo_precision"):
        c = column_of(cols, name, n)
        events[name] = categorical(c.codes, c.uniques)
    events["fatalities"] = fat
    events["coded_date"] = pd.Series(coded, dtype=US)

    area_texts = (places["name"] + np.where(places["admin1"] != "", ", " + places["admin1"], "")).to_numpy(dtype=object)
    published = coded if ts is None else np.where(np.isnat(ts), coded, ts)
    reports = reports_frame(
        n, ids + "-acled", "ACLED", published, start, span_end,
        area=expand(place_codes, area_texts), killed_total=fat, killed_civilians=None,
        qualifier_codes=np.full(n, list(QUALIFIERS).index("exact"), dtype=np.int8),
        scope="ACLED reported fatalities (a conservative estimate) for this event",
        source=source, event=ids,
    )
    as_of = None
    if ts is not None and (~np.isnat(ts)).any():
        as_of = pd.Timestamp(ts[~np.isnat(ts)].max())
    event_sources = (pd.DataFrame({"event_id": ids, "source_id": source}) if one_each
                     else link_table(ids, src.codes, outlet_lists, "source_id"))
    # each event's one casualty figure cites what the event cites
    report_sources = (pd.DataFrame({"report_id": reports["id"], "source_id": source}) if one_each
                      else link_table(reports["id"], src.codes, outlet_lists, "source_id")
                      .rename(columns={"event_id": "report_id"}))
    return Timeline(
        events=events, places=places, sources=sources, casualty_reports=reports, phases=empty_phases(),
        event_places=pd.DataFrame({"event_id": ids, "place_id": place}),
        event_sources=event_sources,
        event_actors=link_table(ids, actor_codes, actor_lists, "actor"),
        report_sources=report_sources,
        path=ctx.path, name=data_name(column_of(cols, "country", n), "ACLED", ctx.path), as_of=as_of,
    )


def _acled_note(tp: int, geo: int, coded: np.datetime64) -> str:
    parts = []
    if tp == 2:
        parts.append(f"Date known only to the week or a similar period (ACLED time_precision 2); ACLED dates it "
                     f"to {iso_day(coded)}, shown here as the week around that day.")
    elif tp == 3:
        parts.append(f"Date known only to the month (ACLED time_precision 3; ACLED dates it to {iso_day(coded)}).")
    if geo == 2:
        parts.append("Location approximate: near the named place or in part of its area (ACLED geo_precision 2).")
    elif geo == 3:
        parts.append("Location imprecise: only a larger region is known; the coordinates stand for it "
                     "(ACLED geo_precision 3).")
    return " ".join(parts)


def _timestamp(chk: Checker, s: pd.Series, column: str) -> np.ndarray:
    """Unix seconds → the day (``datetime64[us]``); NaT where blank."""
    text = s.str.strip()
    blank = (text == "").to_numpy(dtype=bool)
    digits = text.str.fullmatch(r"\d{1,12}").to_numpy(dtype=bool)
    chk.rows(~blank & ~digits, column, "not a Unix timestamp (expected whole seconds since 1970)", text)
    secs = text.where(digits, "0").astype("int64").to_numpy()
    days = (secs // 86400).astype("datetime64[D]").astype(US)
    days[~digits] = np.datetime64("NaT")
    return days




def read_acled(path: str | Path, *, encoding: str | None = None, date_format: str | None = None,
               bad_rows: str = "error", progress: bool | None = None) -> Timeline:
    return read_table(Path(path), ACLED, {"event_id_cnty", "data_id", "notes", "timestamp"}, _build_acled,
                 progress=progress, encoding=encoding, date_format=date_format, bad_rows=bad_rows,
                 aliases=ACLED_ALIASES, dataset="ACLED")


read_acled.__doc__ = """Read an ACLED export into a :class:`~timeline.model.Timeline`.

    The mapping (dates and their precision, categories, confidence, places, sources and the
    fatality figures) is described in the module docstring. Headers may be upper-case and in the
    layout before 2019 (``ALLY_ACTOR_1``, no ``sub_event_type``); extra columns are ignored;
    ``inter1``/``inter2``/``interaction`` may be numbers or text. A monadic export (one row per
    actor) is merged into one event per ``event_id_cnty``.
""" + READ_ARGS
