"""Convert an ACLED or UCDP GED file to one Parquet file of normalised events, for :func:`timeline.scan`.

The file is read and checked by the package's readers (:func:`timeline.io.read_acled`,
:func:`timeline.io.read_ucdp_ged`): the same problems are errors, the same mapping gives the
categories, dates and their precision, confidence, places, actors, sources and the dataset's
per-event casualty figure. :func:`events_table` flattens the Timeline they give into one row
per event (:data:`COLUMNS`), sorted as the events table lists them (by ``start``, then
``span_end``, then the row of the file), and :func:`convert` writes it with dictionary encoding,
in one step: a half-written file never replaces a good one.

The file's key-value metadata (``syria_timeline``) holds the format, the layout's ``version``, the
timeline's name, its ``as_of`` day, what reading noted, the row counts, the list of source ids of
each ``sources_code`` (``source_lists``), each source's publisher (``publisher_of``), the id of
each ``place_row`` (``place_ids``), the actors in the order the file first names them
(``actor_names``), and ``tables``: per table of the Timeline (events, places,
sources, casualty_reports) the dtype of each column and, for a column the file holds no column for
(:data:`TABLE_COLUMNS`), its one value when every row has the same (:func:`table_templates`), as
JSON. A casualty-figure column of the dataset's own that varies and is none of
:data:`TABLE_COLUMNS` (UCDP GED's ``killed_side_a``…) is a column of the file too, listed in
``report_columns``. :mod:`timeline.scale.materialise` rebuilds the Timeline from these.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from ..index import positions
from ..model import Timeline
from ..schema import CATEGORIES, CONFIDENCE, MEASURES
from ..search import normalize_all

__all__ = ["COLUMNS", "FORMATS", "META_KEY", "VERSION", "TABLE_COLUMNS", "events_table", "source_lists",
           "report_columns", "table_templates", "convert", "read_meta"]

#: The formats :func:`convert` reads, and the reader of each.
FORMATS = ("acled", "ucdp", "gdelt")
#: The key of the file's metadata (JSON).
META_KEY = b"syria_timeline"

#: The columns of a converted file, one row per event, and what each holds.
COLUMNS: dict[str, str] = {
    "id": "the event's id (ACLED event_id_cnty, GED id)",
    "row": "the event's position in the Timeline the reader gave (file order)",
    "start": "first day (timestamp)", "end": "last day when given (timestamp, null for one day)",
    "span_end": "last day the event may cover (timestamp)",
    "date_precision": "day, approximate or month", "category": "the schema's category",
    "category_code": "its position in the categories vocabulary",
    "confidence": "low, medium or high", "confidence_code": "0 low, 1 medium, 2 high",
    "title": "the event's title", "description": "its description", "notes": "its notes",
    "place_id": "its place's id", "place_row": "the place's row in the Timeline's places table", "place_name": "the place's name", "place_name_ar": "its Arabic name",
    "admin1": "the place's first-level division", "place_kind": "town, district, region or country",
    "lat": "latitude (null when unknown)", "lon": "longitude (null when unknown)",
    "actors": "the event's actors (list)", "source_ids": "ids of its sources (list)",
    "publishers": "the publisher of each of its sources (list)", "source_urls": "their urls (list)",
    "source_titles": "their titles (list)",
    "sources_code": "the event's list of sources, as its position in the metadata's ``source_lists``",
    "report_id": "its casualty figure's id", "reported_by": "who gave the figure (ACLED, UCDP GED)",
    "published": "the day the figure was published (timestamp)", "qualifier": "exact, at_least, approximately",
    **{m: f"deaths stated: {label} (null when not stated)" for m, label in MEASURES.items()},
    "killed_total_low": "GED's low estimate", "killed_total_high": "GED's high estimate",
    "title_norm": "the title as search compares it, null when plain ASCII (then lower case is the same)",
    "notes_norm": "the notes likewise", "description_norm": "the description likewise",
    "place_norm": "the place's names as search compares them", "actors_norm": "the actors' names likewise",
}

#: Where each column of the Timeline's tables is in a converted file: the column of :data:`COLUMNS`
#: that holds it (for ``sources``, the per-event list; ``None``: made from other columns — an
#: event's ``actors`` and ``sources`` texts, a figure's ``area`` and ``sources``). The dataset's own
#: event columns are columns of the file under their names.
TABLE_COLUMNS: dict[str, dict[str, str | None]] = {
    "events": {"id": "id", "start": "start", "end": "end", "span_end": "span_end",
               "date_precision": "date_precision", "title": "title", "description": "description",
               "category": "category", "place": "place_id", "actors": None, "sources": None,
               "confidence": "confidence", "notes": "notes"},
    "places": {"id": "place_id", "name": "place_name", "name_ar": "place_name_ar", "admin1": "admin1",
               "kind": "place_kind", "lat": "lat", "lon": "lon"},
    "sources": {"id": "source_ids", "publisher": "publishers", "title": "source_titles", "url": "source_urls"},
    "casualty_reports": {"id": "report_id", "reported_by": "reported_by", "published": "published",
                         "period_start": "start", "period_end": "span_end", "area": None, "qualifier": "qualifier",
                         "sources": None, "event": "id", **{m: m for m in MEASURES},
                         "killed_total_low": "killed_total_low", "killed_total_high": "killed_total_high"},
}

_CATS = list(CATEGORIES)
_LEVELS = list(CONFIDENCE)
_ROW_GROUP = 122_880


def _pa():
    import pyarrow as pa
    import pyarrow.compute as pc

    return pa, pc


def _arr(s: pd.Series):
    """A column as an Arrow array (text as strings, categories as their values)."""
    pa, _ = _pa()
    s = s.reset_index(drop=True)
    if isinstance(s.dtype, pd.CategoricalDtype):  # the categories as text, taken by the codes
        cats = pa.Array.from_pandas(pd.Series(s.cat.categories.astype("object")).astype("str"))
        codes = np.asarray(s.cat.codes.to_numpy(), dtype=np.int64)
        if not len(cats):
            return pa.nulls(len(s), cats.type)
        return cats.take(pa.array(np.where(codes >= 0, codes, 0), mask=codes < 0))
    return pa.Array.from_pandas(s)


def _norm(arr, always: bool = False):
    """Per text: its normalised form (:func:`timeline.search.normalize`); null where the text is
    plain ASCII, unless ``always``. Texts that repeat are normalised once each."""
    pa, pc = _pa()
    arr = pc.fill_null(arr.cast(pa.large_string()), "")
    if always:
        return pa.array(_normalized(arr), type=pa.string())
    ascii_ = np.asarray(pc.string_is_ascii(arr).to_numpy(zero_copy_only=False), dtype=bool)
    out = np.full(len(arr), None, dtype=object)
    other = np.flatnonzero(~ascii_)
    if other.size:
        out[other] = _normalized(arr.take(pa.array(other)))
    return pa.array(out, type=pa.string())


def _normalized(arr) -> list[str]:
    """:func:`timeline.search.normalize_all` of ``arr``, each distinct text once when they repeat."""
    _, pc = _pa()
    enc = pc.dictionary_encode(arr)
    if len(enc.dictionary) <= len(arr) // 2:
        done = np.asarray(normalize_all(enc.dictionary), dtype=object)
        return done[np.asarray(enc.indices.to_numpy(zero_copy_only=False), dtype=np.int64)].tolist()
    return normalize_all(arr)


class _Link:
    """A link table's rows per event (in the order of ``ids``): each event's rows, in link order."""

    def __init__(self, link: pd.DataFrame, ids: pd.Series):
        pa, _ = _pa()
        self.n = len(ids)
        pos = positions(link["event_id"], ids)
        keep = np.flatnonzero(pos >= 0)
        self.order = keep[np.argsort(pos[keep], kind="stable")]
        self.offsets = pa.array(np.searchsorted(pos[self.order], np.arange(self.n + 1), side="left").astype(np.int32))
        self.take = pa.array(self.order)

    def lists(self, values):
        """Per event: the list of its rows' ``values`` (an Arrow array or a column of the link)."""
        pa, _ = _pa()
        values = values if isinstance(values, pa.Array) else _arr(values)
        return pa.ListArray.from_arrays(self.offsets, values.take(self.take))


def _take(arr, pos: np.ndarray):
    """``arr[pos]``, null where ``pos`` is ``-1``."""
    pa, _ = _pa()
    return arr.take(pa.array(np.where(pos >= 0, pos, 0), mask=pos < 0))


def _joined(lists, sep: str = "\n"):
    pa, pc = _pa()
    return pc.binary_join(lists, pa.scalar(sep, lists.type.value_type))


def events_table(tl: Timeline):
    """``tl`` (as :func:`~timeline.io.read_acled` or :func:`~timeline.io.read_ucdp_ged` give it)
    as one Arrow table of :data:`COLUMNS`, one row per event, sorted by ``start``, ``span_end``
    and ``row``; the dataset's own extra columns of ``events`` follow. Raises ``ValueError`` for
    a timeline whose events have several places or several casualty figures each (the bundled
    timeline: explore it in memory)."""
    pa, pc = _pa()
    ev = tl.events.reset_index(drop=True)
    n = len(ev)
    # the events in the table's order; every other table is placed by the events' ids in it
    order = np.lexsort((np.arange(n), ev["span_end"].to_numpy(dtype="datetime64[us]").astype(np.int64),
                        ev["start"].to_numpy(dtype="datetime64[us]").astype(np.int64)))
    if not np.array_equal(order, np.arange(n)):
        ev = ev.take(order).reset_index(drop=True)
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    ids = ev["id"].astype("str")
    ep = tl.event_places.reset_index(drop=True)
    place_pos = positions(ep["event_id"], ids)
    if len(ep) != n or not np.array_equal(place_pos, rank):
        raise ValueError("events with several places each (or none) cannot be converted: the converted file "
                         "holds one place per event, as ACLED and UCDP GED give")
    ep = ep.take(order).reset_index(drop=True)
    places = tl.places.drop_duplicates("id").reset_index(drop=True)
    prow = positions(ep["place_id"], places["id"])
    cr = tl.casualty_reports.reset_index(drop=True)
    incident = (cr["tally"].astype("object") == "incident").to_numpy()
    rpos_all = positions(cr["event"], ids)
    if (rpos_all[~incident] >= 0).any() or (np.bincount(rpos_all[rpos_all >= 0], minlength=1) > 1).any():
        raise ValueError("events with several casualty figures each (or running tallies) cannot be converted")
    report_of = np.full(n, -1, dtype=np.int64)
    report_of[rpos_all[rpos_all >= 0]] = np.flatnonzero(rpos_all >= 0)
    src = tl.sources.drop_duplicates("id").reset_index(drop=True)
    es = tl.event_sources.reset_index(drop=True)
    spos = positions(es["source_id"], src["id"])
    by_event = _Link(es, ids)

    cat = pd.Categorical(ev["category"].astype("object"), categories=_CATS).codes.astype(np.int8)
    conf = pd.Categorical(ev["confidence"].astype("object"), categories=_LEVELS).codes.astype(np.int8)
    cols = {
        "id": _arr(ids), "row": pa.array(order.astype(np.int64)),
        "start": _arr(ev["start"]), "end": _arr(ev["end"]), "span_end": _arr(ev["span_end"]),
        "date_precision": _arr(ev["date_precision"]), "category": _arr(ev["category"]),
        "category_code": pa.array(cat), "confidence": _arr(ev["confidence"]), "confidence_code": pa.array(conf),
        "title": _arr(ev["title"]), "description": _arr(ev["description"]), "notes": _arr(ev["notes"]),
    }
    per_place = {c: _arr(places[c]) for c in ("id", "name", "name_ar", "admin1", "kind", "lat", "lon")}
    pl = {c: _take(a, prow) for c, a in per_place.items()}
    cols.update({"place_id": _arr(ep["place_id"]), "place_row": pa.array(prow, mask=prow < 0),
                 "place_name": pl["name"], "place_name_ar": pl["name_ar"],
                 "admin1": pl["admin1"], "place_kind": pl["kind"], "lat": pl["lat"], "lon": pl["lon"]})
    actors = _Link(tl.event_actors.reset_index(drop=True), ids).lists(tl.event_actors["actor"])
    cols["actors"] = actors
    cols["source_ids"] = by_event.lists(es["source_id"])
    cols["publishers"] = by_event.lists(pc.fill_null(_take(_arr(src["publisher"]), spos), ""))
    for c in ("url", "title"):
        cols[f"source_{c}s"] = by_event.lists(pc.fill_null(_take(_arr(src[c]), spos), ""))
    src_key = pc.fill_null(_joined(cols["source_ids"], "\x1f"), "")
    codes = np.asarray(pc.dictionary_encode(src_key).indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    first = np.full(int(codes.max()) + 1 if n else 0, n, dtype=np.int64)
    np.minimum.at(first, codes, order)  # numbered as the reader's events first cite each list
    cols["sources_code"] = pa.array(np.argsort(np.argsort(first, kind="stable"))[codes].astype(np.int32))
    cols["report_id"] = _take(_arr(cr["id"]), report_of)
    cols["reported_by"] = _take(_arr(cr["reported_by"]), report_of)
    cols["published"] = _take(_arr(cr["published"]), report_of)
    cols["qualifier"] = _take(_arr(cr["qualifier"]), report_of)
    for m in (*MEASURES, "killed_total_low", "killed_total_high"):
        values = cr[m] if m in cr.columns else pd.Series(pd.array([pd.NA] * len(cr), dtype="Int64"))
        cols[m] = _take(pa.Array.from_pandas(pd.Series(values, dtype="Int64").reset_index(drop=True)), report_of)
    cols["title_norm"] = _norm(cols["title"])
    cols["notes_norm"] = _norm(cols["notes"])
    cols["description_norm"] = _norm(cols["description"])
    # each place's names once (and no place's: empty names), then per event
    text = [pc.fill_null(per_place[c].cast(pa.large_string()), "") for c in ("name", "name_ar")]
    names = pc.binary_join_element_wise(*text, pa.scalar("\n", pa.large_string()))
    names = pa.concat_arrays([names, pa.array(["\n"], pa.large_string())])
    cols["place_norm"] = _norm(names, always=True).take(pa.array(np.where(prow >= 0, prow, len(places))))
    cols["actors_norm"] = _norm(_joined(actors), always=True)
    for c in ev.columns:  # the dataset's own columns (event_type, fatalities, coded_date, ...)
        if c not in cols and c not in ("place", "actors", "sources"):
            cols[c] = _arr(ev[c])
    for c in report_columns(tl):  # the figures' own columns that vary (GED's killed_side_a, ...)
        if c in cols:
            raise ValueError(f"casualty_reports.{c} has the name of an events column: the converted file cannot hold both")
        cols[c] = _take(pa.Array.from_pandas(cr[c].reset_index(drop=True)), report_of)
    return pa.table(cols)


#: The version of the converted files' layout (``timeline.scan`` reads this one).
VERSION = 2


def source_lists(table) -> tuple[list[list[str]], dict[str, str]]:
    """Of an :func:`events_table`: the list of source ids of each ``sources_code``, and the
    publisher of each source id."""
    codes = table.column("sources_code").to_numpy()
    _, first = np.unique(codes, return_index=True)
    ids = table.column("source_ids").take(first).to_pylist()
    pubs = table.column("publishers").take(first).to_pylist()
    return ids, {i: p for li, lp in zip(ids, pubs) for i, p in zip(li or (), lp or ())}


def report_columns(tl: Timeline) -> list[str]:
    """The columns of ``tl.casualty_reports`` the file holds as columns of their own: those of
    none of :data:`TABLE_COLUMNS` whose values differ between rows."""
    cr = tl.casualty_reports
    held = TABLE_COLUMNS["casualty_reports"]
    return [c for c in cr.columns if c not in held and not _constant(cr[c])]


def _constant(s: pd.Series) -> bool:
    """Every row has the same value (missing counting as one value)."""
    if len(s) == 0:
        return True
    na = np.asarray(s.isna(), dtype=bool)
    if na.all() or na.any():
        return bool(na.all())
    return bool(np.asarray(s == s.iloc[0], dtype=bool).all())


def _json_value(v):
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if isinstance(v, pd.Timestamp):
        return v.isoformat()
    return v.item() if hasattr(v, "item") else v


def _dtype(s: pd.Series) -> dict:
    if isinstance(s.dtype, pd.CategoricalDtype):
        return {"dtype": "category", "categories": [_json_value(c) for c in s.cat.categories],
                "ordered": bool(s.cat.ordered)}
    return {"dtype": str(s.dtype)}


def table_templates(tl: Timeline) -> dict:
    """Per table of ``tl`` (events, places, sources, casualty_reports), its columns in order, each
    with its dtype (categories for a categorical) and, for one the file holds no column for
    (none of :data:`TABLE_COLUMNS`, not the dataset's own events column, not in
    :func:`report_columns`), ``value``: the one value every row has (``varies``: true when they
    differ — the file then does not keep it)."""
    own = set(report_columns(tl))
    out = {}
    for name in TABLE_COLUMNS:
        df = getattr(tl, name)
        held = TABLE_COLUMNS[name]
        cols = {}
        for c in df.columns:
            spec = _dtype(df[c])
            if c not in held and name in ("places", "sources", "casualty_reports") and c not in own:
                if _constant(df[c]):
                    spec["value"] = _json_value(df[c].iloc[0]) if len(df) else None
                else:
                    spec["varies"] = True
            cols[c] = spec
        out[name] = cols
    return out


def _meta(tl: Timeline, fmt: str) -> dict:
    return {"version": VERSION, "format": fmt, "name": tl.name,
            "as_of": None if tl.as_of is None else pd.Timestamp(tl.as_of).strftime("%Y-%m-%d"),
            "notes": list(tl.notes), "row_counts": dict(tl.row_counts or {})}


def read_meta(path: str | Path) -> dict:
    """The metadata :func:`convert` wrote into a Parquet file (``{}`` when it has none)."""
    import pyarrow.parquet as pq

    md = pq.read_schema(path).metadata or {}
    return json.loads(md[META_KEY]) if META_KEY in md else {}


def convert(path: str | Path, out: str | Path, format: str = "acled", *, progress: bool | None = None,
            **read_options) -> dict:
    """Read ``path`` with the reader of ``format`` (``"acled"``, ``"ucdp"``, ``"gdelt"``: a file,
    a folder of GDELT files or a table with GDELT's columns; ``read_options`` as the reader takes
    them: ``encoding``, ``date_format``, ``bad_rows``) and write its events to
    ``out`` as Parquet (see the module doc). ``progress``: show a progress bar (``None``: for
    files over 20 MB, as the readers). Returns the metadata written (with ``events``: rows)."""
    import pyarrow.parquet as pq
    from tqdm.auto import tqdm

    from .. import io as tio

    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r} (expected one of: {', '.join(FORMATS)})")
    is_path = isinstance(path, (str, Path))
    if not is_path and format != "gdelt":
        raise TypeError(f"convert reads {format} data from a file (got {type(path).__name__})")
    path, out = Path(path) if is_path else path, Path(out)
    reader = {"acled": tio.read_acled, "ucdp": tio.read_ucdp_ged, "gdelt": tio.read_gdelt}[format]
    show = progress if progress is not None else (is_path and path.is_file()
                                                  and path.stat().st_size > tio.PROGRESS_BYTES)
    tl = reader(path, progress=show, **read_options)
    with tqdm(total=len(tl.events) + 1, desc=f"Writing {out.name}", unit="event", unit_scale=True,
              disable=not show, file=sys.stderr, leave=False) as bar:
        table = events_table(tl)
        bar.update(1)
        meta = _meta(tl, format)
        lists, publisher_of = source_lists(table)
        written = {**meta, "source_lists": lists, "publisher_of": publisher_of,
                   "place_ids": tl.places.drop_duplicates("id")["id"].astype(str).tolist(),
                   "tables": table_templates(tl), "report_columns": report_columns(tl),
                   "actor_names": pd.unique(tl.event_actors["actor"].astype("object")).tolist()}
        table = table.replace_schema_metadata({META_KEY: json.dumps(written).encode()})
        fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
        os.close(fd)
        try:
            with pq.ParquetWriter(tmp, table.schema, compression="zstd", use_dictionary=True) as w:
                for a in range(0, max(table.num_rows, 1), _ROW_GROUP):
                    w.write_table(table.slice(a, _ROW_GROUP), row_group_size=_ROW_GROUP)
                    bar.update(min(_ROW_GROUP, table.num_rows - a))
            os.chmod(tmp, 0o644)
            os.replace(tmp, out)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return {**meta, "events": table.num_rows}
