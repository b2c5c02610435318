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
each ``sources_code`` (``source_lists``), each source's publisher (``publisher_of``) and the id of
each ``place_row`` (``place_ids``), as JSON.
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

__all__ = ["COLUMNS", "FORMATS", "META_KEY", "VERSION", "events_table", "source_lists", "convert", "read_meta"]

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
    cols["sources_code"] = pc.dictionary_encode(src_key).indices.cast(pa.int32())
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
                   "place_ids": tl.places.drop_duplicates("id")["id"].astype(str).tolist()}
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
