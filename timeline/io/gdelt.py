"""GDELT 2.0 event files (and the same columns from BigQuery) read into a Timeline, every event marked machine-coded and unverified.

GDELT codes events by machine from news reports: each row is one report's coding of "who did
what to whom, where", never a confirmed event. :func:`read_gdelt` therefore gives every event
``confidence`` ``low`` and adds :data:`CAVEAT` to ``Timeline.notes``, which the exported page
and the explorer show (``caveat.gdelt`` of the strings table, in English and Arabic).

Input: the 61-column, tab-separated, header-less ``*.export.CSV`` files GDELT publishes every 15
minutes (as served, ``.zip`` holding one; or ``.csv.gz``), a folder of them, or a table with
GDELT's column names — a pandas DataFrame, a pyarrow Table or an Ibis expression, such as a
query of BigQuery's ``gdelt-bq.gdeltv2.events`` returns (:func:`timeline.scale.gdelt.events_query`).
The columns and their order are those of the GDELT Event Codebook V2.0
(http://data.gdeltproject.org/documentation/GDELT-Event_Codebook-V2.0.pdf; :data:`GDELT_NAMES`);
the CAMEO root codes those of the CAMEO codebook
(http://data.gdeltproject.org/documentation/CAMEO.Manual.1.1b3.pdf).

Mapping (``GDELT`` in :mod:`timeline.io.columns` defines the columns read)
-----------------------------------------------------------------------------
* ``id`` = ``GLOBALEVENTID``; the day = ``SQLDATE`` (YYYYMMDD), ``date_precision`` ``day``.
* ``category``: ``EventRootCode`` through :data:`CAMEO_ROOTS` (01–20; a one-digit code such as
  ``1`` is read as ``01``; any other value is a problem).
* ``title``: a machine-made line, ``ACTOR1 — CAMEO root name — ACTOR2 (machine-coded by
  GDELT)``; ``description``: what GDELT coded (CAMEO event code, Goldstein scale, mentions,
  sources and articles when first seen, average tone), saying it is machine-coded and unverified.
* actors: ``Actor1Name`` and ``Actor2Name`` (their CAMEO code when the name is blank).
* place: ``ActionGeo_*`` — one place per ``ActionGeo_FeatureID`` (id ``gdelt-FEATUREID``; without
  a feature id, one per name and coordinates), named ``ActionGeo_FullName`` (the first spelling
  met: GDELT writes one place several ways), ``admin1`` = ``ActionGeo_ADM1Code``, kind ``country``
  (type 1), ``region`` (2, 5) or ``town`` (3, 4). A row without coordinates is not dropped: its
  event is at the place ``gdelt-unplaced``, which has none (listed beside the map, never drawn).
  Types 1, 2 and 5 are centroids of a country or state: the event's notes say so.
* source: one per ``SOURCEURL`` — the news report; ``publisher`` its host name (``www.``
  dropped), ``url`` the address (a citation that is not an http(s) address is the publisher,
  with no url), no ``published`` date (GDELT gives none).
* no casualty figures (GDELT has none); ``confidence`` always ``low``.
* ``name``: the countries of the places (the last part of ``ActionGeo_FullName``), "(GDELT)";
  ``as_of``: the day of the latest ``DATEADDED``.

Extra columns of ``events`` keep GDELT's own values under GDELT's names: ``EventCode``,
``EventBaseCode``, ``EventRootCode``, ``QuadClass``, ``IsRootEvent``, ``Actor1Code``,
``Actor2Code``, ``ActionGeo_CountryCode``, ``ActionGeo_Type`` (categories), ``GoldsteinScale``,
``AvgTone`` (float), ``NumMentions``, ``NumSources``, ``NumArticles`` (``Int64``) and
``coded_date`` (``SQLDATE``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from ..errors import Problem, TimelineDataError
from ..model import Timeline
from ..schema import CATEGORIES, DATE_PRECISION, TABLES
from .cells import (
    Checker, Col, Context, US, as_str, categorical, check_choice, check_count, check_float, check_ids,
    check_required, combine, expand, unique_slugs,
)
from .columns import CAMEO_ROOTS, GDELT, GDELT_ALIASES, GDELT_CATEGORIES, GDELT_NAMES
from .files import BAD_ROWS, read_frame, read_table
from .frames import build_actors, confidence_of, data_name, empty_phases, events_frame, link_table, reports_frame

__all__ = ["read_gdelt", "CAVEAT", "CAVEAT_KEY", "CAMEO_ROOTS", "GDELT_NAMES", "cameo_markdown", "DATASET"]

#: The dataset's name, as timelines, sources and notes give it.
DATASET = "GDELT"
#: What every GDELT timeline says about its events (a note of the Timeline; the page and the
#: explorer show it, from the strings table's ``caveat.gdelt``).
CAVEAT = ("GDELT is machine-coded from news reports and unverified: each event is the automatic coding of "
          "one report, not a confirmed event.")

#: The key of :data:`CAVEAT` in the strings table (``timeline/assets/strings/strings.json``).
CAVEAT_KEY = "caveat.gdelt"
#: The place of the events GDELT gives no location for.
UNPLACED = "gdelt-unplaced"
_KINDS = {"1": "country", "2": "region", "3": "town", "4": "town", "5": "region"}
_GEO_NOTE = {"1": "Location known only to the country: the coordinates are its centroid (GDELT ActionGeo_Type 1).",
             "2": "Location known only to the US state: the coordinates are its centroid (GDELT ActionGeo_Type 2).",
             "5": "Location known only to the province or state: the coordinates are its centroid "
                  "(GDELT ActionGeo_Type 5)."}
_DAY_RE = re.compile(r"^\d{8}$")
_ADDED_RE = re.compile(r"^\d{14}$")
_ROOTS = {**{k: k for k in CAMEO_ROOTS}, **{k.lstrip("0"): k for k in CAMEO_ROOTS}}
_INTEGERS = {"globaleventid", "sqldate", "monthyear", "year", "isrootevent", "quadclass", "nummentions",
             "numsources", "numarticles", "actiongeo_type", "actor1geo_type", "actor2geo_type", "dateadded"}
_WIDE = {"globaleventid", "sourceurl", "avgtone", "dateadded", "actiongeo_lat", "actiongeo_long"}


def _col(name: str):
    """The column ``name`` (lower case) as problems show it: with GDELT's spelling."""
    return replace(GDELT.column(name), name=GDELT_NAMES[GDELT.column_names.index(name)])


def _column(cols: dict[str, pd.Series], name: str, n: int) -> Col:
    return Col.of(cols[name]) if name in cols else Col.blank(n)


def _days(chk: Checker, col: Col, column, pattern: re.Pattern, fmt: str, expected: str) -> np.ndarray:
    """Days of ``YYYYMMDD`` (or ``YYYYMMDDHHMMSS``, the day kept) values; NaT where blank or bad."""
    blank = check_required(chk, col, column)
    out = np.full(len(col.uniques), np.datetime64("NaT"), dtype=US)
    bad = np.zeros(len(col.uniques), dtype=bool)
    for i, u in enumerate(col.uniques):
        if not u:
            continue
        try:
            if not pattern.match(u):
                raise ValueError
            out[i] = np.datetime64(datetime.strptime(u, fmt).date(), "D").astype(US)
        except ValueError:
            bad[i] = True
    chk.rows(col.rows_where(bad & ~blank), column.name, f"not a valid date (expected {expected})", col)
    return out[col.codes]


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def _source_id(publisher: str, url: str) -> str:
    """A source's id from its text alone (the same in every file): the publisher and a digest."""
    base = unique_slugs([publisher], "source", limit=40)[0]
    return f"{base}-{hashlib.sha1(url.encode('utf-8')).hexdigest()[:12]}"


def _build(chk: Checker, cols: dict[str, pd.Series], n: int, ctx: Context) -> Timeline | None:
    ids = check_ids(chk, cols["globaleventid"], "GLOBALEVENTID")
    day = _days(chk, Col.of(cols["sqldate"]), _col("sqldate"), _DAY_RE, "%Y%m%d", "YYYYMMDD, e.g. 20250308")
    root_col = _column(cols, "eventrootcode", n)
    root_u = check_choice(chk, root_col, _col("eventrootcode"), _ROOTS, "a CAMEO root code, 01 to 20")
    type_col = _column(cols, "actiongeo_type", n)
    type_u = check_choice(chk, type_col, _col("actiongeo_type"), {k: k for k in "012345"}, "0, 1, 2, 3, 4, 5")
    lat_col, lon_col = _column(cols, "actiongeo_lat", n), _column(cols, "actiongeo_long", n)
    lat = check_float(chk, lat_col, _col("actiongeo_lat"))
    lon = check_float(chk, lon_col, _col("actiongeo_long"))
    given = {"lat": lat_col.rows_where(lat_col.uniques != ""), "lon": lon_col.rows_where(lon_col.uniques != "")}
    chk.rows(given["lat"] & ~given["lon"], "ActionGeo_Long", "empty (expected a longitude with the latitude)", lon_col)
    chk.rows(given["lon"] & ~given["lat"], "ActionGeo_Lat", "empty (expected a latitude with the longitude)", lat_col)
    url_col = Col.of(cols["sourceurl"])
    check_required(chk, url_col, _col("sourceurl"))
    counts = {k: check_count(chk, _column(cols, k, n), _col(k)) for k in ("nummentions", "numsources", "numarticles")}
    floats = {k: check_float(chk, _column(cols, k, n), _col(k)) for k in ("goldsteinscale", "avgtone")}
    added = None
    if "dateadded" in cols:
        added = _days(chk, Col.of(cols["dateadded"]), _col("dateadded"), _ADDED_RE, "%Y%m%d%H%M%S",
                      "YYYYMMDDHHMMSS, e.g. 20250308120000")
    if chk.problems:
        return None
    ctx.stage("build")
    for name, what in (("actiongeo_lat", "the events are not placed"), ("actor1name", "actors are their codes")):
        if name not in ctx.present:
            ctx.note(f"no {GDELT_NAMES[GDELT.column_names.index(name)]} column: {what}")
    ctx.note(CAVEAT)

    # category and title
    cats = list(CATEGORIES)
    root_codes = np.asarray(root_u, dtype=object)
    cat_codes = np.array([cats.index(GDELT_CATEGORIES[r]) for r in root_codes], dtype=np.int64)[root_col.codes]
    a1n, a2n = _column(cols, "actor1name", n), _column(cols, "actor2name", n)
    a1c, a2c = _column(cols, "actor1code", n), _column(cols, "actor2code", n)
    a1 = _named(a1n, a1c)
    a2 = _named(a2n, a2c)
    title_codes, first = combine(a1.codes, root_col.codes, a2.codes)
    titles = []
    for f in first:
        parts = [a1.uniques[a1.codes[f]] or "(no actor coded)", CAMEO_ROOTS[root_codes[root_col.codes[f]]][0]]
        if a2.uniques[a2.codes[f]]:
            parts.append(a2.uniques[a2.codes[f]])
        titles.append(" — ".join(parts) + " (machine-coded by GDELT)")
    ev_col = _column(cols, "eventcode", n)
    stat_cols = [Col.of(pd.Series(v, dtype="str")) for v in (
        *(s.astype("str").fillna("") for s in counts.values()),
        *(np.where(np.isnan(x), "", x.astype(str)) for x in floats.values()))]
    desc_codes, first = combine(ev_col.codes, root_col.codes, *(c.codes for c in stat_cols))
    descs = [_description(ev_col.uniques[ev_col.codes[f]], root_codes[root_col.codes[f]],
                          *(c.uniques[c.codes[f]] for c in stat_cols)) for f in first]

    # places
    types = np.array([u if u else "0" for u in type_u], dtype=object)[type_col.codes]
    placed = ~np.isnan(lat)
    place_ids, places = _places(_column(cols, "actiongeo_featureid", n), _column(cols, "actiongeo_fullname", n),
                                _column(cols, "actiongeo_adm1code", n), lat, lon, types, placed)
    note_codes, first = combine(pd.factorize(np.where(placed, types, "none"))[0].astype(np.int64))
    note_texts = [_GEO_NOTE.get(types[f], "") if placed[f] else "GDELT gives no location for this event."
                  for f in first]

    # sources: one per report
    pubs = np.array([_host(u) if u.lower().startswith(("http://", "https://")) and _host(u) else u
                     for u in url_col.uniques], dtype=object)
    links = np.array([u if u.lower().startswith(("http://", "https://")) else "" for u in url_col.uniques],
                     dtype=object)
    src_ids = np.array([_source_id(p, u) for p, u in zip(pubs, url_col.uniques)], dtype=object)
    _, first = combine(url_col.codes)
    order = url_col.codes[first]
    k = len(order)
    blank = expand(np.zeros(k, np.int64), [""])
    sources = pd.DataFrame({
        "id": as_str(src_ids[order]), "publisher": as_str(pubs[order]), "origin": blank,
        "title": expand(np.zeros(k, np.int64), ["[news report GDELT coded the event from]"]),
        "url": as_str(links[order]), "published": pd.Series(np.full(k, np.datetime64("NaT", "us"))),
        "notes": blank.copy(),
    })
    actor_codes, actor_lists = build_actors([a1, a2])
    source = expand(url_col.codes, src_ids)
    nat = np.full(n, np.datetime64("NaT"), dtype=US)
    events = events_frame(
        ids, day, nat, day, np.full(n, list(DATE_PRECISION).index("day"), dtype=np.int8),
        title=expand(title_codes, titles), description=expand(desc_codes, descs),
        category=categorical(cat_codes, cats), place=as_str(place_ids),
        actors=expand(actor_codes, ["; ".join(x) for x in actor_lists]), sources=source,
        confidence=confidence_of(np.full(n, 2, dtype=np.int64)), notes=expand(note_codes, note_texts),
    )
    for name in ("eventcode", "eventbasecode", "eventrootcode", "quadclass", "isrootevent", "actor1code",
                 "actor2code", "actiongeo_countrycode", "actiongeo_type"):
        c = _column(cols, name, n)
        if name == "eventrootcode":
            c = Col(c.codes, root_codes)
        u_codes, u = pd.factorize(c.uniques)
        events[GDELT_NAMES[GDELT.column_names.index(name)]] = categorical(u_codes[c.codes], u)
    for name, v in floats.items():
        events[GDELT_NAMES[GDELT.column_names.index(name)]] = v
    for name, v in counts.items():
        events[GDELT_NAMES[GDELT.column_names.index(name)]] = v
    events["coded_date"] = pd.Series(day, dtype=US)

    as_of = None
    if added is not None and (~np.isnat(added)).any():
        as_of = pd.Timestamp(added[~np.isnat(added)].max())
    tl = Timeline(
        events=events, places=places, sources=sources, casualty_reports=_no_reports(), phases=empty_phases(),
        event_places=pd.DataFrame({"event_id": ids, "place_id": as_str(place_ids)}),
        event_sources=pd.DataFrame({"event_id": ids, "source_id": source}),
        event_actors=link_table(ids, actor_codes, actor_lists, "actor"),
        report_sources=pd.DataFrame({"report_id": as_str([]), "source_id": as_str([])}),
        path=ctx.path, name="", as_of=as_of,
    )
    return replace(tl, name=_name(tl, ctx.path))


def _named(name: Col, code: Col) -> Col:
    """Per row the actor's name, else its CAMEO code."""
    codes, first = combine(name.codes, code.codes)
    return Col(codes, np.array([name.uniques[name.codes[f]] or code.uniques[code.codes[f]] for f in first],
                               dtype=object))


def _description(event_code: str, root: str, mentions: str, sources: str, articles: str, goldstein: str,
                 tone: str) -> str:
    parts = [f"CAMEO event code {event_code or root} (root {root}: {CAMEO_ROOTS[root][0]})"]
    if goldstein:
        parts.append(f"Goldstein scale {float(goldstein):g}")
    seen = [f"{v} {w}{'' if v == '1' else 's'}" for v, w in ((mentions, "mention"), (sources, "source"),
                                                              (articles, "article")) if v]
    if seen:
        parts.append("when first seen " + ", ".join(seen))
    if tone:
        parts.append(f"average tone {float(tone):.2f}")
    return ("Machine-coded by GDELT from the news report given as the source; not verified. "
            + "; ".join(parts) + ".")


def _places(fid: Col, name: Col, adm1: Col, lat: np.ndarray, lon: np.ndarray, types: np.ndarray,
            placed: np.ndarray) -> tuple[np.ndarray, pd.DataFrame]:
    """Per row its place id, and the places: one per feature id (else per name and
    coordinates), and ``gdelt-unplaced`` for the rows without coordinates."""
    n = len(placed)
    lat_codes = pd.factorize(lat, use_na_sentinel=False)[0].astype(np.int64)
    lon_codes = pd.factorize(lon, use_na_sentinel=False)[0].astype(np.int64)
    has_fid = fid.rows_where(fid.uniques != "")
    key = np.where(has_fid, fid.codes, -1)
    codes, first = combine(np.where(placed, 1, 0), key + 1, np.where(has_fid, 0, name.codes),
                           np.where(has_fid, 0, lat_codes), np.where(has_fid, 0, lon_codes))
    ids, rows = [], []
    kinds = TABLES["places"].column("kind").choices
    for f in first:
        if not placed[f]:
            ids.append(UNPLACED)
            rows.append(("(no location coded by GDELT)", "", "region", np.nan, np.nan))
            continue
        nm = name.uniques[name.codes[f]] or "(unnamed place)"
        if has_fid[f]:
            pid = "gdelt-" + re.sub(r"[^a-z0-9_\-]+", "-", fid.uniques[fid.codes[f]].lower())
        else:
            pid = unique_slugs([f"gdelt {nm} {lat[f]:.4f} {lon[f]:.4f}"], "place", limit=90)[0]
        ids.append(pid)
        rows.append((nm, adm1.uniques[adm1.codes[f]], _KINDS.get(types[f], "town"), lat[f], lon[f]))
    ids_arr = np.array(ids, dtype=object)
    k = len(rows)
    places = pd.DataFrame({
        "id": as_str(ids_arr), "name": as_str([r[0] for r in rows]), "name_ar": as_str([""] * k),
        "admin1": as_str([r[1] for r in rows]),
        "kind": categorical(np.array([kinds.index(r[2]) for r in rows], dtype=np.int64), kinds),
        "lat": np.array([r[3] for r in rows], dtype="float64"), "lon": np.array([r[4] for r in rows], dtype="float64"),
        "coord_source": expand(np.zeros(k, np.int64), [DATASET]),
    })
    # two rows can reach one id only through a feature id met with different spellings or coordinates:
    # the first is the place
    dup = places["id"].duplicated().to_numpy()
    if dup.any():
        remap = pd.Series(np.arange(k)).groupby(places["id"].to_numpy()).transform("first").to_numpy()
        codes = remap[codes]
        places = places[~dup].reset_index(drop=True)
    return ids_arr[codes] if n else np.zeros(0, dtype=object), places


def _no_reports() -> pd.DataFrame:
    none = np.zeros(0, dtype=US)
    return reports_frame(0, as_str([]), DATASET, none, none, none, area=as_str([]),
                         killed_total=pd.Series(pd.array([], dtype="Int64")), killed_civilians=None,
                         qualifier_codes=np.zeros(0, np.int8), scope="", source=as_str([]), event=as_str([]))


def _name(tl: Timeline, path: Path) -> str:
    """The countries of the events' places (most events first), with the dataset."""
    country = tl.places.set_index("id")["name"].astype("str").str.rsplit(",", n=1).str[-1].str.strip()
    country[UNPLACED] = ""
    per_event = country.reindex(tl.event_places["place_id"].astype("str")).fillna("").to_numpy(dtype=object)
    return data_name(Col.of(as_str(per_event)), DATASET, path)


def _files(folder: Path) -> tuple[list[Path], list[str]]:
    """The GDELT event files of a folder, and the names of its other files (not read)."""
    every = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    files = [p for p in every if re.search(r"\.export\.csv(\.zip|\.gz)?$", p.name, re.IGNORECASE)]
    if not files:
        raise TimelineDataError([Problem(str(folder), 0, None, "no GDELT event file in the folder (expected files "
                                         "named like 20250308120000.export.CSV, .export.CSV.zip or .gz)")])
    return files, [p.name for p in every if p not in files]


def _concat(parts: list[Timeline], folder: Path) -> Timeline:
    """The timelines of several files as one (ids are the same in every file, so places and
    sources met in several files are one)."""
    ev = pd.concat([t.events for t in parts], ignore_index=True)
    dup = ev["id"].duplicated(keep="first").to_numpy()
    if dup.any():
        where = {}
        for t in parts:
            for i in t.events["id"].astype("str"):
                where.setdefault(i, []).append(t.path.name)
        shown = sorted(set(ev["id"][dup]))
        raise TimelineDataError([Problem(str(folder), 0, "GLOBALEVENTID", f"an event in several files "
                                         f"({', '.join(where[i])})", i) for i in shown])
    for c in ev.columns:  # categories that differ between files: the schema's, or those met
        first = parts[0].events[c].dtype
        if isinstance(first, pd.CategoricalDtype) and not isinstance(ev[c].dtype, pd.CategoricalDtype):
            if c in ("category", "confidence", "date_precision"):
                ev[c] = pd.Categorical(ev[c].astype("object"), categories=first.categories, ordered=first.ordered)
            else:
                ev[c] = ev[c].astype("str").astype("category")
    places = pd.concat([t.places for t in parts], ignore_index=True).drop_duplicates("id").reset_index(drop=True)
    places["kind"] = pd.Categorical(places["kind"].astype("object"),
                                    categories=parts[0].places["kind"].cat.categories)
    sources = pd.concat([t.sources for t in parts], ignore_index=True).drop_duplicates("id").reset_index(drop=True)
    link = {k: pd.concat([getattr(t, k) for t in parts], ignore_index=True)
            for k in ("event_places", "event_sources", "event_actors", "report_sources")}
    rejected = [t.rejected.assign(file=t.path.name) for t in parts if len(t.rejected)]
    rej = (pd.concat(rejected, ignore_index=True)[["file", *[c for c in rejected[0].columns if c != "file"]]]
           if rejected else parts[0].rejected)
    counts = {k: sum(t.row_counts.get(k, 0) for t in parts) for k in parts[0].row_counts}
    notes = [CAVEAT, f"read {len(parts)} GDELT event file{'s' if len(parts) != 1 else ''} from {folder.name}"]
    for t in parts:
        notes += [f"{t.path.name}: {x}" for x in t.notes if x != CAVEAT]
    as_of = max((t.as_of for t in parts if t.as_of is not None), default=None)
    tl = Timeline(events=ev, places=places, sources=sources, casualty_reports=_no_reports(), phases=empty_phases(),
                  path=folder, name="", as_of=as_of, notes=tuple(notes), rejected=rej, row_counts=counts, **link)
    return replace(tl, name=_name(tl, folder))


def read_gdelt(source, *, encoding: str | None = None, bad_rows: str = "error", progress: bool | None = None,
               label: str | None = None, date_format: str | None = None) -> Timeline:
    if date_format is not None:
        raise ValueError("date_format does not apply to GDELT: its dates are YYYYMMDD (SQLDATE)")
    if bad_rows not in BAD_ROWS:
        raise ValueError(f"bad_rows={bad_rows!r} (expected 'error' or 'skip')")
    if not isinstance(source, (str, Path)):
        return read_frame(source, GDELT, _build, bad_rows=bad_rows, dataset=DATASET, label=label,
                          integers=_INTEGERS, aliases=GDELT_ALIASES)
    path = Path(source)
    if path.suffix.lower() == ".parquet" and path.is_file():  # GDELT's columns, as a query saved them
        import pyarrow.parquet as pq

        return read_frame(pq.read_table(path), GDELT, _build, bad_rows=bad_rows, dataset=DATASET,
                          label=label or path.name, integers=_INTEGERS, aliases=GDELT_ALIASES)

    def one(p: Path) -> Timeline:
        return read_table(p, GDELT, _WIDE, _build, progress=progress, encoding=encoding, bad_rows=bad_rows,
                          dataset=DATASET, names=list(GDELT_NAMES))

    if path.is_dir():
        files, others = _files(path)
        tl = _concat([one(p) for p in files], path)
        if others:
            shown = ", ".join(others[:3]) + (", …" if len(others) > 3 else "")
            tl = replace(tl, notes=tl.notes + (f"{len(others)} file{'s' if len(others) != 1 else ''} of the folder "
                                               f"not read: not GDELT event files (*.export.CSV) ({shown})",))
        return tl
    return one(path)


read_gdelt.__doc__ = """Read GDELT 2.0 events into a :class:`~timeline.model.Timeline` (see the module doc for the mapping).

    ``source``: a GDELT 2.0 event file (``*.export.CSV``: 61 tab-separated fields a row, no header;
    also ``.zip`` holding one, as GDELT serves them, or ``.csv.gz``), a folder of them (read as
    one timeline), or a table with GDELT's column names — a pandas DataFrame, a pyarrow Table, an
    Ibis expression or a Parquet file of them (what a query of BigQuery's ``gdelt-bq.gdeltv2.events`` returns; names
    matched ignoring case, ``Day`` read as ``SQLDATE``; only GLOBALEVENTID, SQLDATE,
    EventRootCode and SOURCEURL are required, null is blank). Problems name the file and line (a
    table: ``label``, default its type, and the row counted from 1), every one at once.

    ``encoding``: a file's text encoding when it is not UTF-8. ``bad_rows``: ``"error"``
    (default) raises on any problem; ``"skip"`` leaves out the rows with problems and keeps them
    in ``Timeline.rejected`` (with a ``file`` column for a folder). ``progress``: show a progress
    bar (``None``: only for files over 20 MB).

    Every event has ``confidence`` ``low``, and ``Timeline.notes`` begins with (or holds)
    :data:`CAVEAT`: GDELT is machine-coded and unverified. ``Timeline.row_counts`` accounts for
    every row (``rows`` = ``events`` + ``rejected``).

    Raises :class:`~timeline.errors.TimelineDataError` listing every problem.
"""


def cameo_markdown() -> str:
    """The CAMEO root code → category table (:data:`CAMEO_ROOTS`) as the README shows it."""
    lines = ["| EventRootCode | CAMEO root | category |", "|---|---|---|"]
    lines += [f"| {code} | {name} | `{cat}` |" for code, (name, cat) in CAMEO_ROOTS.items()]
    return "\n".join(lines)
