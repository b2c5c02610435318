"""Export a (filtered) :class:`~timeline.model.Timeline` for other tools: TimelineJS, CSV, GeoJSON.

- :func:`to_timelinejs` / :func:`write_timelinejs` — TimelineJS3 JSON: one slide per event
  (dates honouring their precision, the category as the group, the description and the sources
  in the text, HTML-escaped), eras from the phases.
- :func:`to_csv` — one row per event, with the place names, coordinates and source addresses
  flattened into columns, for a spreadsheet (:func:`csv_table`); text a spreadsheet would run as
  a formula is written as text (:func:`csv_cell`).
- :func:`to_geojson` / :func:`write_geojson` — a FeatureCollection with one Point per event and
  place with coordinates; events with no coordinates are listed, not dropped.

The ``to_*`` functions that return a dict are pure; the writers write atomically (a temporary file
in the same folder, then :func:`os.replace`: on failure the earlier file is untouched and no
temporary file is left) and write the same bytes for the same timeline (sorted keys, no
timestamps).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import numpy as np
import pandas as pd

from .atomic import atomic_write
from .model import Timeline

__all__ = ["to_timelinejs", "write_timelinejs", "to_csv", "csv_table", "csv_columns", "csv_values", "csv_cell",
           "csv_rules", "FORMULA_START", "FORMULA_PREFIX", "NUMBER_PATTERN", "to_geojson", "write_geojson",
           "category_label"]

_HTTP_RE = re.compile(r"^https?://[^\s\"'<>]+$", re.IGNORECASE)


def category_label(category: str) -> str:
    """``violence_against_civilians`` → ``Violence against civilians``."""
    return str(category).replace("_", " ").capitalize()


def _day(ts: pd.Timestamp) -> str:
    return f"{ts.day} {ts:%B %Y}"


def _date_obj(ts: pd.Timestamp, month_only: bool = False) -> dict:
    d = {"year": int(ts.year), "month": int(ts.month)}
    if not month_only:
        d["day"] = int(ts.day)
    return d


def _approx_display(start: pd.Timestamp, end) -> str:
    if pd.isna(end) or end == start:
        return f"about {_day(start)} (exact day not known)"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y} (exact day not known)"
    return f"{_day(start)} – {_day(end)} (exact day not known)"


def _esc(text) -> str:
    return html.escape("" if text is None or (isinstance(text, float) and np.isnan(text)) else str(text), quote=True)


def _source_html(publisher: str, title: str, url: str) -> str:
    label = _esc(publisher) + (f" – {_esc(title)}" if title else "")
    if url and _HTTP_RE.match(url):
        return f'<a href="{_esc(url)}" target="_blank" rel="noopener noreferrer">{label}</a>'
    return label


def _sources_by_event(tl: Timeline, render: Callable[[str, str, str], str]) -> dict[str, list[str]]:
    """Each event's sources, rendered once per source, in the order the event cites them."""
    src = tl.sources
    rendered = dict(zip(src["id"].tolist(),
                        (render(p, t, u) for p, t, u in zip(src["publisher"].tolist(), src["title"].tolist(),
                                                             src["url"].tolist()))))
    out: dict[str, list[str]] = {}
    for e, s in zip(tl.event_sources["event_id"].tolist(), tl.event_sources["source_id"].tolist()):
        out.setdefault(e, []).append(rendered.get(s, _esc(s)))
    return out


def _first_located_place(tl: Timeline) -> pd.DataFrame:
    """For each event with coordinates, its first place that has them (event_id, name, lat, lon)."""
    ep = tl.event_places.merge(tl.places[["id", "name", "lat", "lon"]], left_on="place_id", right_on="id",
                               how="left", sort=False)
    ep = ep[ep["lat"].notna() & ep["lon"].notna()]
    return ep.drop_duplicates("event_id", keep="first").set_index("event_id")


def to_timelinejs(tl: Timeline, *, title: str | None = None) -> dict:
    """The timeline as a TimelineJS3 JSON object (a dict ready for :func:`json.dump`).

    Each event becomes a slide: ``start_date`` (and ``end_date`` when the event has an end) as
    ``{"year", "month", "day"}`` — no ``day`` for month-precision dates; ``display_date`` saying
    the window for approximate dates; ``text.headline`` the title and ``text.text`` the
    description, the notes and the sources ("Sources: publisher – title", linked only when the
    address is http(s)); ``group`` the category; ``unique_id`` the event id; ``location``
    (``lat``, ``lon``, ``name``) of its first place with coordinates. All text from the data is
    HTML-escaped, since TimelineJS renders it as HTML. Phases become ``eras``.
    """
    ev = tl.events
    sources = _sources_by_event(tl, _source_html)
    located = _first_located_place(tl)
    loc = {e: (float(la), float(lo), n) for e, la, lo, n in zip(located.index.tolist(), located["lat"].tolist(),
                                                                 located["lon"].tolist(), located["name"].tolist())}
    events = []
    cols = [ev[c].tolist() for c in ("id", "start", "end", "date_precision", "title", "description", "category",
                                     "notes")]
    for eid, start, end, prec, head, desc, cat, notes in zip(*cols):
        month = prec == "month"
        slide: dict = {"start_date": _date_obj(start, month), "unique_id": str(eid)}
        if not pd.isna(end):
            slide["end_date"] = _date_obj(end, month)
        if prec == "approximate":
            slide["display_date"] = _approx_display(start, end)
        parts = []
        if desc:
            parts.append(f"<p>{_esc(desc)}</p>")
        if notes:
            parts.append(f"<p><em>Note:</em> {_esc(notes)}</p>")
        cited = sources.get(eid, [])
        if cited:
            parts.append(f"<p>Sources: {'; '.join(cited)}</p>")
        slide["text"] = {"headline": _esc(head), "text": "".join(parts)}
        if not pd.isna(cat):
            slide["group"] = category_label(cat)
        if eid in loc:
            lat, lon, name = loc[eid]
            slide["location"] = {"lat": lat, "lon": lon, "name": _esc(name)}
        events.append(slide)
    eras = [
        {"start_date": _date_obj(s), "end_date": _date_obj(e), "text": {"headline": _esc(n), "text": _esc(d)}}
        for s, e, n, d in zip(tl.phases["start"].tolist(), tl.phases["end"].tolist(), tl.phases["name"].tolist(),
                              tl.phases["description"].tolist())
    ]
    n = len(tl)
    intro = f"{n} event{'s' if n != 1 else ''}, {tl.span_text()}. Each event gives its sources."
    out = {
        "title": {"text": {"headline": _esc(title if title is not None else tl.name), "text": f"<p>{_esc(intro)}</p>"}},
        "events": events,
    }
    if eras:
        out["eras"] = eras
    return out


# ------------------------------------------------------------------------------------------------
# Writing
# ------------------------------------------------------------------------------------------------


def _dump_json(obj: dict) -> Callable[[TextIO], None]:
    def write(fh: TextIO) -> None:
        json.dump(obj, fh, ensure_ascii=False, sort_keys=True, allow_nan=False, separators=(",", ":"))
        fh.write("\n")

    return write


def write_timelinejs(tl: Timeline, path: str | Path, *, title: str | None = None) -> Path:
    """Write :func:`to_timelinejs` as UTF-8 JSON to ``path`` (atomically). Returns the path."""
    return atomic_write(path, _dump_json(to_timelinejs(tl, title=title)))


def _fmt_dates(values: pd.Series, month: np.ndarray | None = None) -> pd.Series:
    """``YYYY-MM-DD`` (``YYYY-MM`` where ``month``), blank for NaT; each distinct date formatted once."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)  # NaT → -1 → ""
    uniques = pd.DatetimeIndex(uniques)
    day = np.array([*uniques.strftime("%Y-%m-%d"), ""], dtype=object)[codes]
    if month is not None:
        day = np.where(month, np.array([*uniques.strftime("%Y-%m"), ""], dtype=object)[codes], day)
    return pd.Series(day, index=values.index, dtype="str")


def _joined(link: pd.DataFrame, key: str, values: pd.Series, ids: pd.Series) -> pd.Series:
    """For each event id in ``ids``, the ``;``-joined values of its linked rows (in link order)."""
    v = link[key].map(values)
    v = v.fillna("").astype("str")
    if link["event_id"].is_unique:
        joined = pd.Series(v.to_numpy(), index=link["event_id"].to_numpy())
    else:  # one pass in link order (a groupby's per-group Python call is far slower)
        acc: dict = {}
        for e, x in zip(link["event_id"].tolist(), v.tolist()):
            acc[e] = acc[e] + "; " + x if e in acc else x
        joined = pd.Series(list(acc.values()), index=list(acc.keys()), dtype="object")
    return joined.reindex(ids.to_numpy()).fillna("").astype("str").reset_index(drop=True)


#: A text cell beginning with one of these would be read by a spreadsheet as a formula
#: (``=HYPERLINK(…)``, ``+1+2``, ``@SUM(…)``, a tab or carriage return before one): such a cell
#: is written after :data:`FORMULA_PREFIX`, the OWASP advice, so it shows as the text it is. A
#: text cell that is a plain number (``-3``, ``+1.5e3``, :data:`NUMBER_PATTERN`) is left as it
#: is, and number columns are never prefixed: a negative number stays a number.
FORMULA_START = "=+-@\t\r"
FORMULA_PREFIX = "'"
#: A plain number (the same pattern in Python's ``re`` and JavaScript's ``RegExp``).
NUMBER_PATTERN = r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$"
_NUMBER_RE = re.compile(NUMBER_PATTERN)
_QUOTE_RE = re.compile(r'[,"\r\n]')


def csv_table(tl: Timeline) -> pd.DataFrame:
    """The table :func:`to_csv` writes, one row per event in the timeline's order: the event
    columns with dates as in the data files (``YYYY-MM`` for month precision), then
    ``place_names``, ``lat``/``lon`` (the first place with coordinates; blank when none),
    ``source_publishers`` and ``source_urls`` (``;``-joined, blank where a source has no address),
    then any extra columns of the events. Text columns hold text, ``lat``/``lon`` and numeric
    extra columns numbers."""
    ev = tl.events.reset_index(drop=True)
    month = (ev["date_precision"] == "month").to_numpy(dtype=bool)
    out = pd.DataFrame({
        "id": ev["id"],
        "start": _fmt_dates(ev["start"], month),
        "end": _fmt_dates(ev["end"], month),
        "span_end": _fmt_dates(ev["span_end"]),
    })
    for col in ("date_precision", "title", "description", "category", "place", "actors", "sources",
                "confidence", "notes"):
        out[col] = ev[col].astype("str").fillna("") if col in ev else ""
    places = tl.places.set_index("id")
    out["place_names"] = _joined(tl.event_places, "place_id", places["name"], ev["id"])
    located = _first_located_place(tl)
    out["lat"] = ev["id"].map(located["lat"]).to_numpy()
    out["lon"] = ev["id"].map(located["lon"]).to_numpy()
    sources = tl.sources.set_index("id")
    out["source_publishers"] = _joined(tl.event_sources, "source_id", sources["publisher"], ev["id"])
    out["source_urls"] = _joined(tl.event_sources, "source_id", sources["url"], ev["id"])
    known = {"id", "start", "end", "span_end", "date_precision", "title", "description", "category", "place",
             "actors", "sources", "confidence", "notes"}
    for col in ev.columns:
        if col not in known and col not in out:
            s = ev[col]
            out[col] = _fmt_dates(s) if s.dtype.kind == "M" else s
    return out


def to_csv(tl: Timeline, path: str | Path) -> Path:
    """Write :func:`csv_table` as CSV (atomically): a header row, ``\\n`` line ends, fields quoted
    only where needed, blank for missing values, and text that a spreadsheet would run as a
    formula written as text (:data:`FORMULA_START`). The exported page's "Download these events
    (CSV)" writes the same bytes for the same events (``share.js``, from :func:`csv_columns`)."""
    out = csv_table(tl)
    return atomic_write(path, lambda fh: _write_csv(out, fh))


def csv_cell(text: str, is_text: bool = True) -> str:
    """One CSV cell: text that would start a formula after :data:`FORMULA_PREFIX` (not a plain
    number, nor a number column's cell), then quoted as ``csv.QUOTE_MINIMAL`` would."""
    if is_text and text and text[0] in FORMULA_START and not _NUMBER_RE.match(text):
        text = FORMULA_PREFIX + text
    if _QUOTE_RE.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def _cell(value) -> str:
    """A non-text value's cell text (floats as ``repr``)."""
    return repr(float(value)) if isinstance(value, float) else str(value)


def _is_text(s: pd.Series) -> bool:
    return isinstance(s.dtype, pd.StringDtype) or s.dtype == object


def csv_values(s: pd.Series) -> tuple[np.ndarray, list[str], bool]:
    """A column of :func:`csv_table` as codes into its distinct cell texts (before
    :func:`csv_cell`; ``-1``: missing, blank), and whether it is a text column."""
    is_text = _is_text(s)
    codes, uniques = pd.factorize(s.astype("str") if is_text else s, use_na_sentinel=True)
    texts = [str(u) if is_text else _cell(u) for u in uniques]
    return np.asarray(codes, dtype=np.int64), texts, is_text


def csv_columns(tl: Timeline) -> list[dict]:
    """:func:`csv_table` as the page carries it: per column its ``name``, ``text`` (whether
    :data:`FORMULA_START` applies), its distinct cell texts (``values``) and each row's
    position in them (``codes``, ``-1`` blank), rows in the timeline's order."""
    out = []
    table = csv_table(tl)
    for col in table.columns:
        codes, values, is_text = csv_values(table[col])
        out.append({"name": str(col), "text": is_text, "values": values, "codes": codes})
    return out


def csv_rules() -> dict:
    """The escaping rules of :func:`csv_cell` as plain JSON, for the page's twin."""
    return {"formula_start": FORMULA_START, "prefix": FORMULA_PREFIX, "number": NUMBER_PATTERN}


def _csv_cells(s: pd.Series) -> list[str]:
    """A column's cells (each distinct value escaped once; missing values blank)."""
    codes, values, is_text = csv_values(s)
    texts = np.array([csv_cell(v, is_text) for v in values] + [""], dtype=object)
    return texts[codes].tolist()


def _write_csv(df: pd.DataFrame, fh: TextIO, step: int = 100_000) -> None:
    """Write ``df`` as CSV (a header row, ``\\n`` line ends, fields quoted only where needed,
    blank for missing values, formulas written as text)."""
    cols = [_csv_cells(df[name]) for name in df.columns]
    fh.write(",".join(csv_cell(str(c)) for c in df.columns) + "\n")
    for start in range(0, len(df), step):
        rows = zip(*(c[start:start + step] for c in cols))
        fh.write("\n".join(map(",".join, rows)) + "\n")


def to_geojson(tl: Timeline) -> dict:
    """A GeoJSON FeatureCollection: one Point per (event, place) whose place has coordinates, in
    event order. Events with no coordinates at all are listed in the collection's
    ``properties.not_placed``; places without coordinates that events cite, in
    ``properties.places_without_coordinates``."""
    ev = tl.events
    ep = tl.event_places.merge(tl.places[["id", "name", "lat", "lon"]], left_on="place_id", right_on="id",
                               how="left", sort=False)
    has = (ep["lat"].notna() & ep["lon"].notna()).to_numpy(dtype=bool)
    placed = ep[has].drop(columns="id")
    info = pd.DataFrame({
        "event_id": ev["id"],
        "title": ev["title"],
        "start": _fmt_dates(ev["start"]),
        "end": _fmt_dates(ev["end"]),
        "span_end": _fmt_dates(ev["span_end"]),
        "date_precision": ev["date_precision"].astype("str"),
        "category": ev["category"].astype("str"),
        "confidence": ev["confidence"].astype("str"),
    })
    placed = placed.merge(info, on="event_id", how="left", sort=False)
    names = ["event_id", "place_id", "name", "lat", "lon", "title", "start", "end", "span_end", "date_precision",
             "category", "confidence"]
    features = []
    for eid, pid, name, lat, lon, title, start, end, span_end, prec, cat, conf in zip(
            *[placed[c].tolist() for c in names]):
        features.append({
            "type": "Feature",
            "id": f"{eid}/{pid}",
            "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
            "properties": {
                "event_id": eid, "place_id": pid, "place_name": name, "title": title,
                "start": start, "end": end or None, "span_end": span_end,
                "date_precision": prec, "category": cat, "confidence": conf,
            },
        })
    placed_ids = set(placed["event_id"].tolist())
    not_placed = [e for e in ev["id"].tolist() if e not in placed_ids]
    no_coords = sorted(set(ep.loc[~has, "place_id"].tolist()))
    return {
        "type": "FeatureCollection",
        "features": features,
        "properties": {"name": tl.name, "not_placed": not_placed, "places_without_coordinates": no_coords},
    }


def write_geojson(tl: Timeline, path: str | Path) -> Path:
    """Write :func:`to_geojson` as UTF-8 JSON to ``path`` (atomically). Returns the path."""
    return atomic_write(path, _dump_json(to_geojson(tl)))
