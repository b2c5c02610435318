"""The events a scan's filters keep, read back from the files as the Timeline the reader gave.

:func:`to_timeline` is the inverse of :func:`timeline.scale.convert.events_table`: it reads the
rows a :class:`~timeline.scale.scan.ScanSelection` keeps (in the order of the file the reader
read, ``row``) and rebuilds the tables of :func:`timeline.filters.apply_filters` of that
Timeline — events (with the dataset's own columns), the places and sources they cite, their
actors, their casualty figures (those the reporters filter keeps) with their sources — under the
name, notes, row counts and ``as_of`` the file's metadata recorded. Where each column comes from
is :data:`~timeline.scale.convert.TABLE_COLUMNS`; the dtypes, and the columns of one value in
every row, come from the metadata's ``tables`` (:func:`~timeline.scale.convert.table_templates`).
A few columns are made from others as the readers make them: an event's ``actors`` (its actors
joined by ``"; "``) and ``sources`` (its source ids joined by ``";"``), a figure's ``area`` (the
place's name, then its first-level division) and ``sources`` (its event's).

:data:`timeline.scale.LIMIT` is the most events it reads by default: a Timeline of more would not
fit an exported page.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from . import LIMIT
from .convert import TABLE_COLUMNS
from .scan import ScanSelection
from .sql import report_where

__all__ = ["LIMIT", "TooManyEvents", "to_timeline", "templates_of"]


class TooManyEvents(ValueError):
    """The filters keep more events than the limit: ``n`` kept, ``limit``."""

    def __init__(self, n: int, limit: int):
        self.n, self.limit = n, limit
        super().__init__(f"the filters keep {n:,} events, more than {limit:,}: narrow them (dates, categories, "
                         "places, words) to read the events themselves")


def templates_of(meta: dict) -> dict:
    """The ``tables`` entry of a converted file's metadata; a ``ValueError`` saying to convert the
    file again when it has none (files written before it was recorded)."""
    tables = meta.get("tables")
    if not tables:
        raise ValueError("the file was converted before its tables' layout was recorded: convert it again "
                         "(timeline convert FILE OUT.parquet --format ...) to read its events back")
    return tables


def _dtype(spec: dict):
    if spec["dtype"] == "category":
        return pd.CategoricalDtype(spec["categories"], ordered=spec["ordered"])
    return pd.api.types.pandas_dtype(spec["dtype"])


def _typed(values, spec: dict) -> pd.Series:
    """``values`` (an Arrow array or a Series) as a Series of the template's dtype."""
    import pyarrow as pa

    dtype = _dtype(spec)
    if isinstance(values, (pa.Array, pa.ChunkedArray)):
        text = pa.types.is_string(values.type) or pa.types.is_large_string(values.type)
        if text and isinstance(dtype, pd.CategoricalDtype):
            enc = values.dictionary_encode()  # each distinct text looked up once
            if isinstance(enc, pa.ChunkedArray):
                enc = enc.combine_chunks()
            codes = np.append(pd.Index(dtype.categories).get_indexer(enc.dictionary.to_pylist()), -1)
            idx = enc.indices.fill_null(len(codes) - 1).to_numpy(zero_copy_only=False)
            if (codes[:-1] < 0).any():
                unknown = [v for v, c in zip(enc.dictionary.to_pylist(), codes) if c < 0][:3]
                raise ValueError(f"values outside the categories the file's metadata records: {unknown} (files "
                                 "converted separately? convert their rows together)")
            return pd.Series(pd.Categorical.from_codes(codes[idx], dtype=dtype))
        if text and str(dtype) == "str":
            return pd.Series(pd.array(values.cast(pa.large_string()), dtype="str"))
        values = _series(values)
    if isinstance(dtype, pd.CategoricalDtype):
        return pd.Series(pd.Categorical(values.astype("object"), dtype=dtype))
    if str(dtype) == "str":
        return values.astype("object").astype("str")
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return pd.to_datetime(values).astype(dtype)
    return values.astype(dtype)


def _series(arr) -> pd.Series:
    import pyarrow as pa

    if pa.types.is_integer(arr.type):
        return pd.Series(pd.array(arr.to_pandas(), dtype="Int64") if arr.null_count else arr.to_numpy())
    return pd.Series(arr.to_pandas())


def _frame(specs: dict, n: int, given: dict) -> tuple[pd.DataFrame, list[str]]:
    """A table of ``n`` rows in the template's column order: the ``given`` columns, the others
    their one value; and the columns the file does not keep (they varied), left empty."""
    cols, lost = {}, []
    for c, spec in specs.items():
        if c in given:
            cols[c] = _typed(given[c], spec)
            continue
        if spec.get("varies"):
            lost.append(c)
        value = spec.get("value")
        cols[c] = _typed(pd.Series([value] * n, dtype="object"), spec)
    return pd.DataFrame(cols), lost


def _flat(lists):
    """The rows of a list column's items, and the items (of an Arrow list array)."""
    import pyarrow.compute as pc

    parent = pc.list_parent_indices(lists).to_numpy()
    return parent, pc.list_flatten(lists)


def _joined(lists, sep: str) -> list[str]:
    return [sep.join(x or ()) for x in lists.to_pylist()]


def to_timeline(sel: ScanSelection, limit: int | None = LIMIT):
    """The :class:`~timeline.model.Timeline` of the events ``sel`` keeps, read from the files: the
    tables :func:`timeline.filters.apply_filters` gives for the same filters over the Timeline
    the reader gave (see the module doc). More than ``limit`` events kept (``None``: no limit)
    is a :class:`TooManyEvents`."""
    from ..io.frames import empty_phases
    from ..model import Timeline, actor_table_from_names

    sc = sel.scan
    if limit is not None and sel.n > limit:
        raise TooManyEvents(sel.n, limit)
    tables = templates_of(sc.meta)
    rc, rp = report_where(sel.filters)
    t = _read(sel, rc, rp)
    ids = _text(t.column("id").combine_chunks())
    events, links, lost = _events(t, ids, tables["events"])
    places, pl_lost = _places(t, tables["places"])
    sources, s_lost = _sources(t, tables["sources"], _source_order(sc.meta))
    reports, report_sources, r_lost = _reports(t, tables["casualty_reports"], sc.meta.get("report_columns", ()),
                                               events["sources"], links)
    lost += [f"places.{c}" for c in pl_lost] + [f"sources.{c}" for c in s_lost] + \
        [f"casualty_reports.{c}" for c in r_lost]
    meta = sc.meta
    notes = tuple(meta.get("notes", ()))
    if lost:
        notes += (f"the converted file does not keep {', '.join(lost)} (its values differ between rows): "
                  "empty here",)
    as_of = meta.get("as_of")
    return Timeline(
        events=events, places=places, sources=sources, casualty_reports=reports, phases=empty_phases(),
        event_places=links["places"], event_sources=links["sources"], event_actors=links["actors"],
        report_sources=report_sources, actor_table=actor_table_from_names(_in_file_order(sc.meta, links["actors"]["actor"])),
        path=Path(sc.relation.split("'")[1]) if sc.relation.startswith("read_parquet(") else None,
        name=meta.get("name") or sc.name, notes=notes, row_counts=dict(meta.get("row_counts") or {}),
        as_of=None if as_of is None else pd.Timestamp(as_of))


def _text(values) -> pd.Series:
    """Texts (an Arrow array or a Series) as a Series of the ``str`` dtype, from 0."""
    if isinstance(values, pd.Series):
        return values.astype("str").reset_index(drop=True)
    return _typed(values, {"dtype": "str"})


def _events(t, ids: pd.Series, specs: dict) -> tuple[pd.DataFrame, dict, list[str]]:
    """The events (the file's columns, the dataset's own, the actors and sources texts), their
    link tables (``places``, ``sources``, ``actors``; ``source_rows``: the event of each
    ``sources`` row), and the columns the file does not keep."""
    held = TABLE_COLUMNS["events"]
    given = {c: t.column(held[c]).combine_chunks() for c in specs if held.get(c)}
    given.update({c: t.column(c).combine_chunks() for c in specs if c not in held and c in t.column_names})
    actors, source_ids = t.column("actors").combine_chunks(), t.column("source_ids").combine_chunks()
    given["actors"] = pd.Series(_joined(actors, "; "), dtype="object")
    given["sources"] = pd.Series(_joined(source_ids, ";"), dtype="object")
    events, lost = _frame(specs, t.num_rows, given)
    a_row, a_items = _flat(actors)
    s_row, s_items = _flat(source_ids)
    links = {"actors": pd.DataFrame({"event_id": _text(ids.iloc[a_row]), "actor": _text(a_items)}),
             "sources": pd.DataFrame({"event_id": _text(ids.iloc[s_row]), "source_id": _text(s_items)}),
             "places": pd.DataFrame({"event_id": ids, "place_id": _text(t.column("place_id").combine_chunks())}),
             "source_rows": s_row}
    return events, links, [f"events.{c}" for c in lost]


def _places(t, specs: dict) -> tuple[pd.DataFrame, list[str]]:
    """The places the kept events are at, in the reader's order (``place_row``)."""
    prow = t.column("place_row").to_numpy()
    first = np.unique(prow, return_index=True)[1] if t.num_rows else np.zeros(0, np.int64)
    held = TABLE_COLUMNS["places"]
    return _frame(specs, len(first), {c: t.column(held[c]).take(first) for c in held})


def _sources(t, specs: dict, order: dict[str, int] | None) -> tuple[pd.DataFrame, list[str]]:
    """The sources the kept events cite, in the reader's order (``order``: each id's place)."""
    held = TABLE_COLUMNS["sources"]
    src = pd.DataFrame({c: _text(_flat(t.column(held[c]).combine_chunks())[1]) for c in held}).drop_duplicates("id")
    if order is not None:
        src = src.iloc[np.argsort([order.get(i, len(order)) for i in src["id"]], kind="stable")]
    return _frame(specs, len(src), {c: src[c].reset_index(drop=True) for c in held})


def _reports(t, specs: dict, own: tuple, event_sources_text: pd.Series, links: dict):
    """The kept events' casualty figures the reporters filter keeps (one per event, in event
    order), their ``report_sources`` (their events' sources), and the columns the file does not
    keep."""
    kept = np.flatnonzero(t.column("_report_kept").to_numpy(zero_copy_only=False).astype(bool))
    held = TABLE_COLUMNS["casualty_reports"]
    given = {c: t.column(held[c]).take(kept) for c in specs if held.get(c)}
    given.update({c: t.column(c).take(kept) for c in own if c in specs})
    name, admin1 = (t.column(c).take(kept).to_pandas().astype("object").fillna("").astype("str")
                    for c in ("place_name", "admin1"))
    given["area"] = (name + np.where(admin1 != "", ", " + admin1, "")).reset_index(drop=True)
    given["sources"] = event_sources_text.astype("object").iloc[kept].reset_index(drop=True)
    reports, lost = _frame(specs, len(kept), given)
    s_row = links["source_rows"]
    on = np.isin(s_row, kept)
    report_of = pd.Series(reports["id"].to_numpy(dtype=object), index=kept)
    report_sources = pd.DataFrame({"report_id": _text(report_of.loc[s_row[on]]),
                                   "source_id": links["sources"]["source_id"][on].reset_index(drop=True)})
    return reports, report_sources, lost


def _read(sel: ScanSelection, rc: str, rp: list):
    """The kept rows, in the reader's order (``row``): the columns the tables are read from and
    ``_report_kept`` (the row's casualty figure is kept)."""
    from .sql import where

    meta = sel.scan.meta
    tables = templates_of(meta)
    need = {v for t in TABLE_COLUMNS.values() for v in t.values() if v}
    need |= {"actors", "source_ids", "place_row", "place_name", "admin1", *meta.get("report_columns", ())}
    need |= {c for c in tables["events"] if c not in TABLE_COLUMNS["events"]}
    c, p = where(sel.filters)
    cols = ", ".join(f'"{x}"' for x in sorted(need))
    query = f'SELECT {cols}, ({rc}) AS _report_kept FROM {sel.scan.relation} WHERE {c} ORDER BY "row"'
    return sel.scan.con.sql(query, params=[*rp, *p]).to_arrow_table()


def _in_file_order(meta: dict, actors: pd.Series) -> pd.Series:
    """The distinct ``actors`` in the order the whole file first names them (event by event, each
    event's in its order; the metadata's ``actor_names``), as the reader's actors table lists them."""
    order: dict[str, int] = {}
    for m in meta.get("files") or [meta]:
        for a in m.get("actor_names", ()):
            order.setdefault(a, len(order))
    names = pd.unique(actors.astype("object"))
    return _text(pd.Series(sorted(names, key=lambda a: order.get(a, len(order))), dtype="object"))


def _source_order(meta: dict) -> dict[str, int] | None:
    """Each source id's place in the reader's sources table: the order the metadata lists their
    publishers in (the order of first citation in the file), across a folder's files."""
    files = meta.get("files") or [meta]
    if not all("publisher_of" in m for m in files):
        return None
    order: dict[str, int] = {}
    for m in files:
        for i in m["publisher_of"]:
            order.setdefault(i, len(order))
    return order

