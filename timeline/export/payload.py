"""The data an exported page filters: events and casualty figures as typed columns, and the lists they point into.

:func:`payload` gives one JSON-ready dict. The events travel sorted by start day (the file's order
within a day), an event being its position in that order, as integer columns — start day,
length, category, confidence, precision, title and date-text codes, and per event its places,
sources and actors as positions in the page's lists (a count per event, then the positions, event
after event). The casualty figures travel as columns too — reporter code, day published, the
position of the event they are about, and the source of those figures whose source is not one of
their event's own — so the page counts what the reporters filter keeps as Python does. A figure
about one event also carries a code into the distinct claims (``reports.claims``: the text the
table shows, naming who gave it, and the numbers the deaths chart adds up) and whether it is the
one that counts for its event (:mod:`timeline.views.deaths`); ``deaths`` says what the page shows
of them (:func:`deaths_block`).

Small pages hold plain JSON lists; above :data:`COMPRESS_ABOVE` events the columns are
gzip-compressed little-endian integers, base64-encoded (:func:`int_column`), which the page
decodes with the browser's ``DecompressionStream``. The events' descriptions and notes are kept
while they add less than :data:`TEXT_BUDGET` bytes compressed.
"""

from __future__ import annotations

import base64
import datetime as _dt
import gzip
import json
import re

import numpy as np
import pandas as pd

from .. import __version__
from .. import figures as F
from .. import series as _series
from .. import labels
from .. import strings as S
from ..charts import map as map_chart
from ..charts import theme as T
from ..charts import wording as W
from ..filters import Filters
from ..index import positions
from ..model import Timeline
from ..schema import CATEGORIES, CONFIDENCE, DATE_PRECISION, MEASURES
from ..geo import in_region
from ..views import select
from ..views.deaths import event_figures
from ..views.map import MapContext
from . import plots
from .share import share_block
from .plots import day_numbers

__all__ = ["COMPRESS_ABOVE", "TEXT_BUDGET", "MAX_ROWS", "payload", "int_column", "text_column",
           "summary_parts", "data_date", "generated_text"]

#: Above this many events, the page's columns are gzip-compressed (and base64-encoded); below,
#: they are plain JSON lists anyone can read in the file.
COMPRESS_ABOVE = 5000
#: The most the events' descriptions and notes may add to the page, compressed (bytes). Above it
#: they are left out — titles, dates, places, actors and sources are always in — and the page
#: says so.
TEXT_BUDGET = 6_000_000
#: Rows the events table shows at most (the count line always gives the total).
MAX_ROWS = 500


# ------------------------------------------------------------------------------------------------
# Columns
# ------------------------------------------------------------------------------------------------

def _gzip_b64(data: bytes) -> str:
    return base64.b64encode(gzip.compress(data, compresslevel=6, mtime=0)).decode("ascii")


def _narrow(arr: np.ndarray) -> tuple[np.ndarray, str]:
    """``arr`` in the narrowest of uint8, uint16 and int32 that holds it, and that type's name."""
    lo, hi = (int(arr.min()), int(arr.max())) if len(arr) else (0, 0)
    if lo >= 0 and hi < 256:
        return arr.astype("<u1"), "uint8"
    if lo >= 0 and hi < 65536:
        return arr.astype("<u2"), "uint16"
    return arr.astype("<i4"), "int32"


def _planes(arr: np.ndarray) -> bytes:
    """The bytes of ``arr`` plane by plane: every value's first byte, then every second byte, …
    (the high bytes of small numbers are mostly alike, and compress far better together)."""
    return arr.view(np.uint8).reshape(-1, arr.dtype.itemsize).T.tobytes()


def int_column(values, compress: bool, *, delta: bool | None = None):
    """Integers as a JSON list, or compressed: ``{"type": "uint8"|"uint16"|"int32", "gzip": …,
    "delta": …, "planes": …}`` (little-endian; with ``delta`` each value is stored as its
    difference from the one before; with ``planes`` the bytes are stored plane by plane: all the
    first bytes, then all the second bytes, …). ``delta=None`` (the default) tries both ways and
    keeps the smaller; so does ``planes`` always, for types wider than a byte."""
    arr = np.asarray(values, dtype=np.int64)
    if not compress:
        return arr.tolist()
    best = None
    for d in ((False, True) if delta is None else (bool(delta),)):
        narrow, name = _narrow(np.diff(arr, prepend=0) if d and len(arr) else arr)
        for planes in ((False, True) if narrow.dtype.itemsize > 1 and len(arr) else (False,)):
            text = _gzip_b64(_planes(narrow) if planes else narrow.tobytes())
            if best is None or len(text) < len(best["gzip"]):
                best = {"type": name, "gzip": text, "delta": d, "planes": planes}
    return best


def text_column(values: list[str], compress: bool):
    """Strings as a JSON list, or the list compressed: ``{"type": "json", "gzip": …}``."""
    if not compress:
        return list(values)
    return {"type": "json", "gzip": _gzip_b64(json.dumps(list(values), ensure_ascii=False,
                                                          separators=(",", ":")).encode("utf-8"))}


def _id_column(ids: pd.Series, compress: bool):
    """Event ids; compressed, ids that are all a prefix and a number (ACLED's ``SYR12345``, GED's
    numbers) are stored as ``{"type": "split", "prefixes": […], "prefix": codes, "number": …}``:
    about half the size of the text. Only when every id reads back exactly (no leading zeros)."""
    if compress and len(ids):
        parts = _split_ids(ids)
        if parts is not None:
            codes, prefixes = pd.factorize(parts[0])
            return {"type": "split", "prefixes": [str(p) for p in prefixes], "prefix": int_column(codes, True),
                    "number": int_column(parts[1], True)}
    return text_column(ids.tolist(), compress)


_ID_PARTS = r"^(?P<prefix>\D*?)(?P<number>[1-9]\d{0,8}|0)$"


def _split_ids(ids: pd.Series) -> tuple[np.ndarray, np.ndarray] | None:
    """Each id's prefix and number, when every id is one (else ``None``); Arrow's regex engine,
    pandas as the fallback."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc

        parts = pc.extract_regex(pa.array(ids.astype("str")).cast(pa.large_string()), _ID_PARTS)
        if parts.null_count:
            return None
        prefix = parts.field("prefix").to_numpy(zero_copy_only=False)
        number = pc.cast(parts.field("number"), pa.int64()).to_numpy()
    except Exception:  # pragma: no cover - no pyarrow (a dependency), or text Arrow cannot hold
        df = ids.astype("str").str.extract(_ID_PARTS)
        if df.isna().any().any():
            return None
        prefix, number = df["prefix"].to_numpy(dtype=object), df["number"].astype("int64").to_numpy()
    return prefix, number


def _codes(values: pd.Series, labels) -> np.ndarray:
    """Each value's position in ``labels`` (``-1``: not one of them)."""
    return np.asarray(pd.Categorical(values.astype("object"), categories=list(labels)).codes, dtype=np.int64)


def _links(left: pd.Series, right: pd.Series, ids: pd.Series, targets: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """A link table as, per event (in ``ids`` order), how many targets it has, and the targets'
    positions in ``targets`` (first occurrence), event after event (each event's in the order of
    the file)."""
    ev, to = positions(left, ids), positions(right, targets)
    ok = (ev >= 0) & (to >= 0)
    ev, to = ev[ok], to[ok]
    order = np.argsort(ev, kind="stable")
    return np.bincount(ev, minlength=len(ids)), to[order]


def _date_texts(ev: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    """Each event's date as precisely as it is known (as the charts write it), as codes into the
    distinct texts."""
    prec = ev["date_precision"].astype("str")
    end = ev["end"].where(prec != "month", ev["span_end"])
    codes, texts = pd.factorize(labels.date_text(ev["start"], end, prec))
    return codes, [str(t) for t in texts]


def _fits(column: list[str], budget: int | None) -> bool:
    """Whether ``column`` compressed would fit ``budget`` bytes, judged on a sample of every
    n-th value when the column is large and clearly over (so 1,000,000 descriptions are not
    compressed only to be left out); else on the column itself."""
    if budget is None:
        return True
    n = len(column)
    if n > 50_000:
        sample = column[:: n // 20_000]
        est = len(gzip.compress(json.dumps(sample, ensure_ascii=False).encode("utf-8"), 6)) * n / len(sample)
        if est > 1.5 * budget:
            return False
    return True


# ------------------------------------------------------------------------------------------------
# The events and the casualty figures
# ------------------------------------------------------------------------------------------------

def events_block(tl: Timeline, compress: bool, text_budget: int | None) -> tuple[dict, np.ndarray, dict]:
    """The events by start date (file order within a day), as columns the page decodes; each
    event's position in that order (by ``tl.events`` row); and the lists the columns point into
    (``sources``: the deduplicated sources table, ``source_pos`` its link positions)."""
    ev = tl.events.reset_index(drop=True)
    n = len(ev)
    d0 = day_numbers(ev["start"]) if n else np.zeros(0, np.int64)
    d1 = day_numbers(ev["span_end"]) if n else np.zeros(0, np.int64)
    order = np.argsort(d0, kind="stable")  # by start day; the file's order within a day, as the charts' lists
    pos = np.empty(n, dtype=np.int64)
    pos[order] = np.arange(n)
    ev = ev.iloc[order].reset_index(drop=True)
    d0, d1 = d0[order], d1[order]
    ids = ev["id"].astype("str")
    title_codes, titles = pd.factorize(ev["title"].astype("str"))
    date_codes, dates = _date_texts(ev)
    actor_names = pd.Series(pd.unique(tl.event_actors["actor"].astype("str")), dtype="str")
    src = tl.sources.drop_duplicates("id").reset_index(drop=True)
    place_n, place = _links(tl.event_places["event_id"], tl.event_places["place_id"], ids, tl.places["id"])
    source_n, source = _links(tl.event_sources["event_id"], tl.event_sources["source_id"], ids, src["id"])
    actor_n, actor = _links(tl.event_actors["event_id"], tl.event_actors["actor"], ids, actor_names)

    cols = {
        "id": _id_column(ids, compress),
        "d0": int_column(d0, compress),
        "length": int_column(d1 - d0, compress),
        "category": int_column(_codes(ev["category"], CATEGORIES), compress),
        "confidence": int_column(_codes(ev["confidence"], CONFIDENCE), compress),
        "precision": int_column(_codes(ev["date_precision"], DATE_PRECISION), compress),
        "title": int_column(title_codes, compress),
        "date": int_column(date_codes, compress),
        "place_n": int_column(place_n, compress), "place": int_column(place, compress),
        "source_n": int_column(source_n, compress), "source": int_column(source, compress),
        "actor_n": int_column(actor_n, compress), "actor": int_column(actor, compress),
    }
    block = {"n": n, "columns": cols, "titles": text_column([str(t) for t in titles], compress),
             "dates": text_column(dates, compress), "actors": actor_names.tolist(),
             "actor_texts": _actor_texts(tl, actor_names),
             "categories": list(CATEGORIES), "confidence": list(CONFIDENCE), "precision": list(DATE_PRECISION),
             "omitted": None}
    texts = {c: ev[c].astype("str").tolist() for c in ("description", "notes")}
    fits = text_budget is None or (text_budget > 0 and all(_fits(t, text_budget) for t in texts.values()))
    size = None
    if fits:
        desc, notes = text_column(texts["description"], compress), text_column(texts["notes"], compress)
        size = sum(len(c["gzip"]) * 3 // 4 for c in (desc, notes) if isinstance(c, dict))
        fits = text_budget is None or size <= text_budget
    if fits:
        cols["description"], cols["notes"] = desc, notes
    else:
        why = ("omitted.request" if text_budget == 0 else "omitted.size" if size is not None else "omitted.budget",
               {"mb": f"{size / 1e6:.0f}"} if size is not None else {})
        block["omitted"] = S.text("omitted", n=f"{n:,}", why=S.text(why[0], **why[1]))
        block["omitted_why"] = [why[0], why[1]]  # the page writes the note again in its language
    links = {"sources": src, "event_pos": np.repeat(np.arange(n), source_n), "source_pos": source}
    return block, pos, links


def _actor_texts(tl: Timeline, names: pd.Series) -> list[str]:
    """Per actor name: the text a search finds it by (its name, Arabic name and aliases; see
    :meth:`timeline.index.EventIndex.actor_texts`)."""
    ix = select(tl).index
    text = dict(zip(ix.actors.labels.tolist(), ix.actor_texts()))
    return [text.get(n, n) for n in names.tolist()]


def reports_block(tl: Timeline, pos: np.ndarray, links: dict, reporters: list[str], compress: bool) -> dict:
    """The casualty figures as columns, ordered by the position of their event: ``reporter``
    (a code into ``reporters``), ``by_event`` (1: a figure about one incident, kept with its event
    whatever the dates; see :meth:`timeline.index.EventIndex.dates_report_mask`), ``published`` (day number, :data:`~timeline.export.plots.NO_DAY` when unknown),
    ``event`` (the event's position; ``-1`` for a figure about no one event, ``-2`` for one whose
    event is not in the timeline, never kept) and ``extra``/``extra_source``: the (figure, source)
    pairs of ``report_sources`` whose source is not one of the figure's event's sources — the only
    sources the page must count for the figures on their own."""
    cr = tl.casualty_reports.reset_index(drop=True)
    m = len(cr)
    row = positions(cr["event"], tl.events["id"]) if m else np.zeros(0, np.int64)
    linked = (cr["event"].astype("object") != "").to_numpy(dtype=bool, na_value=False)
    event = np.where(row >= 0, pos[np.maximum(row, 0)] if len(pos) else -1, np.where(linked, -2, -1))
    order = np.argsort(event, kind="stable")
    event = event[order]
    reporter = _codes(cr["reported_by"].astype("str"), reporters)[order]
    published = day_numbers(cr["published"])[order] if m else np.zeros(0, np.int64)
    by_event = (linked & (cr["tally"].astype("str") == "incident").to_numpy(dtype=bool))[order].astype(np.int64)
    src = links["sources"]
    # every (figure, source) pair of report_sources, by the figure's place in ``order``
    rs = tl.report_sources
    rank = np.empty(m, dtype=np.int64)
    rank[order] = np.arange(m)
    rs_row = positions(rs["report_id"], cr["id"]) if len(rs) else np.zeros(0, np.int64)
    ok = rs_row >= 0
    pair_report = rank[rs_row[ok]]
    source = positions(rs["source_id"], src["id"])[ok] if len(rs) else np.zeros(0, np.int64)
    width = len(src) + 1
    own = np.isin(np.where(event[pair_report] >= 0, event[pair_report], -1) * width + source,
                  links["event_pos"] * width + links["source_pos"])
    pick = np.flatnonzero((source >= 0) & ~own)
    pick = pick[np.argsort(pair_report[pick], kind="stable")]
    extra, source = pair_report[pick], source[pick]
    # per figure about one event: a code into the distinct claims (-1: not such a figure), and
    # whether it is the one that counts for its event and organisation (views.deaths)
    figs = event_figures(select(tl).index)
    codes, claims = figs.distinct_claims
    claim = np.full(m, -1, dtype=np.int64)
    counted = np.zeros(m, dtype=np.int64)
    claim[figs.row], counted[figs.row] = codes, figs.counted
    return {"n": m, "reporters": list(reporters), "claims": _claims_block(claims, compress), "columns": {
        "claim": int_column(claim[order], compress),
        "counted": int_column(counted[order], compress),
        "reporter": int_column(reporter, compress),
        "published": int_column(published, compress),
        "by_event": int_column(by_event, compress),
        "event": int_column(event, compress),
        "extra": int_column(extra, compress),
        "extra_source": int_column(source, compress),
    }}


def _claims_block(claims, compress: bool) -> dict:
    """The distinct per-event claims as columns: ``text`` (as the table shows it, naming who gave
    it: :func:`timeline.charts.wording.claim_text`), ``killed``, ``low``, ``high`` (``-1``: not
    stated)."""
    num = lambda v: -1 if v is None else int(v)  # noqa: E731
    return {"n": len(claims), "text": text_column([W.claim_text(c) for c in claims], compress),
            **{k: int_column([num(getattr(c, k)) for c in claims], compress) for k in ("killed", "low", "high")}}


def deaths_block(tl: Timeline, reporters: list[str], show: bool | None, ctx: MapContext, inside: np.ndarray) -> dict:
    """What the page needs to show the per-event death figures (see :mod:`timeline.views.deaths`):
    ``table`` (the table has a "Reported killed" column), ``chart`` (the deaths chart and the
    map's "Size dots by" control are shown: by default for a dataset such as ACLED or GED, as in
    the explorer), the organisation whose figures the chart adds up (``reporter``, its ``code``
    in the reports' list), the chart's note as templates, and the map's sizing by deaths (``ctx``:
    the map's context, ``inside``: per place row, it is on the map)."""
    sel = select(tl)
    figs = event_figures(sel.index)
    main = figs.main_reporter
    chart = (figs.is_dataset if show is None else bool(show)) and main is not None
    out = {"table": bool(len(figs.event)), "chart": chart, "header": W.DEATHS_TABLE_HEADER,
           "reporter": main, "code": reporters.index(main) if main in reporters else -1,
           "reporters": list(figs.reporters), "step": 7, "note": dict(W.DEATHS_NOTE),
           "note_names": W.DEATHS_NOTE_NAMES}
    if chart:  # the dots' scale: the whole timeline's deaths per place (on the map) and category
        rows, n_cat = np.flatnonzero(inside), len(CATEGORIES)
        per_dot = ctx.dot_deaths(figs.event_deaths(sel)[1], np.repeat(rows, n_cat), np.tile(np.arange(n_cat), rows.size))
        who = labels.esc_list([main])[0]
        span = tl.span_text()
        out["map"] = {"sizeref": map_chart.sizeref_of(per_dot),
                      "dot": plots.plotly_text(W.MAP_DOT_DEATHS.replace("{n:,}", "{n}").replace("{reporter}", who)),
                      "subtitle": plots.plotly_text(W.MAP_SUBTITLE_DEATHS.format(reporter=who, span=span))}
    return out


# ------------------------------------------------------------------------------------------------
# The page's facts
# ------------------------------------------------------------------------------------------------

def data_date(tl: Timeline) -> pd.Timestamp | None:
    """The date the data is as of: the latest upload date a dataset file gives (``tl.as_of``, e.g.
    ACLED's ``timestamp``), else the latest date in the data — of an event, a published figure
    or a source."""
    if getattr(tl, "as_of", None) is not None:
        return pd.Timestamp(tl.as_of).normalize()
    dates = [tl.events["span_end"].max() if len(tl.events) else pd.NaT,
             tl.casualty_reports["published"].max() if len(tl.casualty_reports) else pd.NaT,
             tl.sources["published"].max() if len(tl.sources) else pd.NaT]
    dates = [d for d in dates if not pd.isna(d)]
    return max(dates) if dates else None


def generated_text(generated) -> str | None:
    """The "page generated" text of a date, a datetime or text (``None``: none)."""
    if generated is None:
        return None
    if isinstance(generated, _dt.datetime):
        return generated.isoformat(timespec="minutes")
    if isinstance(generated, _dt.date):
        return generated.isoformat()
    return str(generated)


def summary_parts(tl: Timeline, f: Filters, lang: str = S.DEFAULT_LANG) -> tuple[str, str]:
    """The page's count line for ``f``, as the page writes it: ``("Showing 12 of 44 events",
    "9 sources · 14 casualty figures")`` (in ``lang``)."""
    sel = select(tl, f)
    return (S.text("status.showing", lang, n=f"{sel.n:,}", total=f"{len(tl):,}"),
            S.text("status.summary", lang, sources=f"{sel.n_sources:,}", reports=f"{sel.n_reports:,}"))


def _iso(ts) -> str | None:
    return None if ts is None or pd.isna(ts) else f"{pd.Timestamp(ts):%Y-%m-%d}"


def _is_http(url: str) -> bool:
    return bool(re.match(r"https?://[^\s]", url.strip(), flags=re.I))


def _reporters(tl: Timeline, toll_reporters: list[str]) -> list[dict]:
    """Every organisation with figures: those with a running toll in the overview first (most
    running figures first), then the others (most figures first)."""
    cr = tl.casualty_reports
    counts = cr["reported_by"].astype("str").value_counts()
    running = cr.loc[cr["tally"] == "running", "reported_by"].astype("str").value_counts()
    toll = set(toll_reporters)
    names = sorted(map(str, tl.reporters), key=lambda r: (r not in toll, -int(running.get(r, 0)) if r in toll
                                                          else -int(counts.get(r, 0)), r))
    return [{"name": r, "color": T.reporter_color(r), "count": int(counts.get(r, 0)), "toll": r in toll,
             "running": int(running.get(r, 0))} for r in names]


def _actors_ar(tl: Timeline, names: list[str]) -> list[str]:
    """Per actor name of the page's list: its Arabic name, or ``""``."""
    table = getattr(tl, "actor_table", None)
    if table is None or "name_ar" not in table:
        return [""] * len(names)
    ar = dict(zip(table["name"].astype("str"), table["name_ar"].fillna("").astype("str")))
    return [ar.get(n, "") for n in names]


def payload(tl: Timeline, f: Filters, title: str, generated, text_budget: int | None = TEXT_BUDGET,
            bar=None, deaths: bool | None = None, lang: str = S.DEFAULT_LANG) -> dict:
    """Everything the page's script reads, as one JSON-ready dict (see the module doc).
    ``deaths``: show the deaths chart and the map's sizing by deaths (``None``: for a dataset
    such as ACLED or GED; see :func:`deaths_block`). The page opens in ``lang`` and holds the
    table of strings in every language."""

    compress = len(tl) > COMPRESS_ABOVE
    step = bar.update if bar is not None else (lambda n: None)
    if bar is not None:
        bar.set_postfix_str("events")
    events, pos, links = events_block(tl, compress, text_budget)
    step(1)
    if bar is not None:
        bar.set_postfix_str("figures")
    pos_of = dict(zip(tl.events["id"].astype("str"), pos.tolist())) if len(tl) <= F.DENSITY_THRESHOLD else {}

    places = tl.places.reset_index(drop=True)
    lat, lon = places["lat"].to_numpy(dtype=float), places["lon"].to_numpy(dtype=float)
    has = ~np.isnan(lat) & ~np.isnan(lon)
    map_context = MapContext(select(tl).index)
    frame = map_context.frame  # what the map frames, for this data
    inside = has & in_region(lon, lat, frame.region)
    status = np.where(~has, "none", np.where(inside, "mapped", "outside"))

    cat_counts = tl.events["category"].astype("str").value_counts()
    figures = plots.figures(tl, pos_of)
    step(1)
    toll_reporters = list(dict.fromkeys(tr["meta"]["reported_by"] for tr in figures["overview"]["data"]
                                        if (tr.get("meta") or {}).get("role") == "toll"))
    reporters = _reporters(tl, toll_reporters)
    reports = reports_block(tl, pos, links, [r["name"] for r in reporters], compress)
    death_facts = deaths_block(tl, [r["name"] for r in reporters], deaths, map_context, inside)
    if death_facts["chart"]:
        figures["deaths"] = plots.deaths_figure(tl)
    src = links["sources"]
    phases = _series.phase_intervals(tl)
    span = tl.span
    status_text, summary = summary_parts(tl, f, lang)
    events["actors_ar"] = _actors_ar(tl, events["actors"])
    return {
        "title": title,
        "lang": lang,
        "strings": {k: S.table(k) for k in S.LANGS},
        "subject": W.subject_of(tl.name),
        "counts": {"events": len(tl), "sources": len(tl.sources), "reports": len(tl.casualty_reports),
                   "reporters": len(tl.reporters)},
        "version": __version__,
        "span": {"start": _iso(span[0]), "end": _iso(span[1])} if span else None,
        "data_date": _iso(data_date(tl)),
        "caveats": S.caveats(tl.notes),
        "generated": generated_text(generated),
        "initial": f.to_dict(),
        "initial_summary": status_text + " · " + summary,
        "max_rows": MAX_ROWS,
        "max_markers": F.DENSITY_THRESHOLD,
        "categories": [{"id": c, "label": T.category_label(c), "color": T.category_color(c),
                        "count": int(cat_counts.get(c, 0))} for c in CATEGORIES],
        "confidence": list(CONFIDENCE),
        "measures": dict(MEASURES),
        "reporters": reporters,
        "events": events,
        "reports": reports,
        "deaths": death_facts,
        "places": [{"id": str(p.id), "name": str(p.name), "name_ar": str(p.name_ar), "status": str(s)}
                   for p, s in zip(places.itertuples(index=False), status)],
        "map_list": map_chart.list_spec(frame),
        "sources": [{"publisher": str(s.publisher), "title": str(s.title), "url": str(s.url),
                     "link": _is_http(str(s.url))} for s in src.itertuples(index=False)],
        "phases": [{"name": str(p.name), "dates": str(labels.date_text(pd.Series([p.start]), pd.Series([p.end]),
                                                                     pd.Series(["day"]))[0]),
                    "description": str(p.description), "fill": T.PHASE_FILL[i % 2],
                    "start": _iso(p.start), "end": _iso(p.end)}
                   for i, p in enumerate(phases.itertuples(index=False))],
        "figures": figures,
        "share": share_block(tl, pos, lambda v: int_column(v, compress), lambda v: text_column(v, compress)),
    }
