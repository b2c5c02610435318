"""Building a Timeline's tables from checked dataset columns: places, actors, sources, links, events and casualty figures."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..schema import CONFIDENCE, DATE_PRECISION, QUALIFIERS, TALLY, TABLES
from .cells import ARABIC_RE, Col, US, as_str, categorical, combine, const_cat, expand, unique_slugs


# ------------------------------------------------------------------------------------------------
# Building the Timeline
# ------------------------------------------------------------------------------------------------


def column_of(cols: dict[str, pd.Series], name: str, n: int) -> Col:
    return Col.of(cols[name]) if name in cols else Col.blank(n)


def build_places(name: Col, admin1: Col, lat: np.ndarray, lon: np.ndarray, kind_rank: np.ndarray,
            coord_source: str) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """One place per distinct (name, admin1, lat, lon). ``kind_rank`` per row indexes ``PLACE_KINDS``
    (lower = more precise); a place takes its most precise kind. Returns the places, the place
    code of each row and the place ids."""
    lat_codes, lat_u = pd.factorize(lat, use_na_sentinel=False)
    lon_codes, lon_u = pd.factorize(lon, use_na_sentinel=False)
    codes, first = combine(name.codes, admin1.codes, lat_codes.astype(np.int64), lon_codes.astype(np.int64))
    k = len(first)
    names = name.uniques[name.codes[first]]
    ids = np.array(unique_slugs(names, "place"), dtype=object)
    rank = np.full(k, len(PLACE_KINDS) - 1, dtype=np.int64)
    np.minimum.at(rank, codes, kind_rank)
    arabic = np.array([bool(ARABIC_RE.search(x)) for x in names], dtype=bool)
    kinds = TABLES["places"].column("kind").choices
    places = pd.DataFrame({
        "id": as_str(ids),
        "name": as_str(names),
        "name_ar": as_str(np.where(arabic, names, "")),
        "admin1": as_str(admin1.uniques[admin1.codes[first]]),
        "kind": categorical(np.array([kinds.index(PLACE_KINDS[r]) for r in rank], dtype=np.int64), kinds),
        "lat": lat[first].astype("float64"),
        "lon": lon[first].astype("float64"),
        "coord_source": expand(np.zeros(k, np.int64), [coord_source]),
    })
    return places, codes, ids


PLACE_KINDS = ("town", "district", "region", "country")


def build_actors(cols: list[Col]) -> tuple[np.ndarray, list[list[str]]]:
    """Per row, the code of its actor list; per code, the actors (``;``-separated cells split,
    blanks skipped, each actor once)."""
    codes, first = combine(*[c.codes for c in cols])
    lists = []
    for f in first:
        seen: dict[str, None] = {}
        for c in cols:
            for a in c.uniques[c.codes[f]].split(";"):
                a = a.strip()
                if a:
                    seen.setdefault(a, None)
        lists.append(list(seen))
    return codes, lists


def link_table(ids: pd.Series, codes: np.ndarray, lists: list[list[str]], key: str) -> pd.DataFrame:
    """Long link table (event_id, key) from per-row codes into lists of items, in row order."""
    lens = np.array([len(x) for x in lists], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(lens)[:-1]]).astype(np.int64) if len(lens) else np.zeros(0, np.int64)
    flat_codes, vocab = pd.factorize(np.array([a for x in lists for a in x], dtype=object))
    row_lens = lens[codes] if len(codes) else np.zeros(0, np.int64)
    rows = np.repeat(np.arange(len(codes)), row_lens)
    within = np.arange(len(rows)) - np.repeat(np.cumsum(row_lens) - row_lens, row_lens)
    items = flat_codes[offsets[codes[rows]] + within] if len(rows) else np.zeros(0, np.int64)
    event_id = ids.reset_index(drop=True) if len(rows) == len(codes) and (row_lens == 1).all() else (
        ids.iloc[rows].reset_index(drop=True))
    return pd.DataFrame({"event_id": event_id, key: expand(items, vocab)})


def source_rows(text: Col, dataset: str, empty_publisher: str) -> tuple[pd.DataFrame, np.ndarray]:
    """One source per distinct source text (a blank text becomes one source saying so)."""
    texts = text.uniques
    publishers = np.array([t if t else empty_publisher for t in texts], dtype=object)
    titles = np.array([f"[source as given by {dataset}]" if t else f"[{dataset} gives no source for these events]"
                       for t in texts], dtype=object)
    # in order of first appearance
    _, first = combine(text.codes)
    order = text.codes[first]
    ids = np.empty(len(texts), dtype=object)
    ids[order] = unique_slugs(publishers[order], "source")
    k = len(order)
    sources = pd.DataFrame({
        "id": as_str(ids[order]),
        "publisher": as_str(publishers[order]),
        "origin": expand(np.zeros(k, np.int64), [""]),
        "title": as_str(titles[order]),
        "url": expand(np.zeros(k, np.int64), [""]),
        "published": pd.Series(np.full(k, np.datetime64("NaT", "us"))),
        "notes": expand(np.zeros(k, np.int64), [""]),
    })
    return sources, ids


def split_outlets(text: Col, dataset: str, empty_publisher: str) -> tuple[pd.DataFrame, list[list[str]]]:
    """One source per outlet: each distinct text is split at ``;`` ("SOHR; Liveuamap" names two
    outlets, the same two as "Liveuamap; SOHR"). Returns the sources (in order of first
    appearance) and, per distinct text, the ids of its outlets (a blank text: one source saying
    the dataset gives none)."""
    _, first = combine(text.codes)
    order = text.codes[first]
    registry: dict[str, None] = {}
    split: dict[int, list[str]] = {}
    for u in order:
        parts = list(dict.fromkeys(x.strip() for x in text.uniques[u].split(";") if x.strip()))
        split[int(u)] = parts or [""]
        for x in split[int(u)]:
            registry.setdefault(x, None)
    names = list(registry)
    publishers = [x if x else empty_publisher for x in names]
    ids = dict(zip(names, unique_slugs(publishers, "source")))
    k = len(names)
    sources = pd.DataFrame({
        "id": as_str([ids[x] for x in names]),
        "publisher": as_str(publishers),
        "origin": expand(np.zeros(k, np.int64), [""]),
        "title": as_str([f"[source as given by {dataset}]" if x else f"[{dataset} gives no source for these events]"
                       for x in names]),
        "url": expand(np.zeros(k, np.int64), [""]),
        "published": pd.Series(np.full(k, np.datetime64("NaT", "us"))),
        "notes": expand(np.zeros(k, np.int64), [""]),
    })
    lists = [[ids[x] for x in split.get(u, [""])] for u in range(len(text.uniques))]
    return sources, lists


def month_bounds(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    month = days.astype("datetime64[M]")
    return month.astype(US), ((month + 1).astype("datetime64[D]") - 1).astype(US)


def empty_phases() -> pd.DataFrame:
    return pd.DataFrame({
        "id": as_str([]), "name": as_str([]), "start": pd.Series([], dtype=US), "end": pd.Series([], dtype=US),
        "description": as_str([]),
    })


def confidence_of(rank: np.ndarray) -> pd.Series:
    """rank 0 = high, 1 = medium, 2 = low → the ordered confidence category."""
    order = list(CONFIDENCE)  # low, medium, high
    codes = np.array([order.index("high"), order.index("medium"), order.index("low")], dtype=np.int8)[rank]
    return categorical(codes, order, ordered=True)


def events_frame(ids, start, end, span_end, precision_codes, title, description, category, place, actors,
                  sources, confidence, notes) -> pd.DataFrame:
    return pd.DataFrame({
        "id": ids,
        "start": pd.Series(start, dtype=US),
        "end": pd.Series(end, dtype=US),
        "span_end": pd.Series(span_end, dtype=US),
        "date_precision": categorical(precision_codes, DATE_PRECISION),
        "title": title,
        "description": description,
        "category": category,
        "place": place,
        "actors": actors,
        "sources": sources,
        "confidence": confidence,
        "notes": notes,
    })


def reports_frame(n, ids, reported_by, published, period_start, period_end, area, killed_total,
                   killed_civilians, qualifier_codes, scope, source, event) -> pd.DataFrame:
    na = pd.Series(pd.array(np.full(n, pd.NA), dtype="Int64"))
    const = np.zeros(n, np.int64)
    return pd.DataFrame({
        "id": ids,
        "reported_by": expand(const, [reported_by]),
        "published": pd.Series(published, dtype=US),
        "published_precision": const_cat(n, "day", DATE_PRECISION),
        "period_start": pd.Series(period_start, dtype=US),
        "period_end": pd.Series(period_end, dtype=US),
        "area": area,
        "tally": const_cat(n, "incident", TALLY),
        "killed_total": killed_total,
        "killed_civilians": killed_civilians if killed_civilians is not None else na,
        "killed_government": na,
        "killed_loyalists": na.copy(),
        "wounded": na.copy(),
        "qualifier": categorical(qualifier_codes, QUALIFIERS),
        "scope": expand(const, [scope]),
        "sources": source,
        "event": event,
        "includes": expand(const, [""]),
        "confidence": const_cat(n, "high", CONFIDENCE).cat.as_ordered(),
        "notes": expand(const, [""]),
    })


def iso_day(day: np.datetime64) -> str:
    return pd.Timestamp(day).strftime("%Y-%m-%d")




def data_name(country: Col, dataset: str, path: Path) -> str:
    """The timeline's name: the countries of the data (most events first), else the file's name."""
    counts = np.bincount(country.codes, minlength=len(country.uniques))
    order = [i for i in np.argsort(-counts, kind="stable") if counts[i] and country.uniques[i]]
    names = [str(country.uniques[i]) for i in order]
    if not names:
        return f"{path.name} ({dataset})"
    if len(names) > 3:
        return f"{', '.join(names[:3])} and {len(names) - 3} more countries ({dataset})"
    return f"{', '.join(names[:-1])} and {names[-1]} ({dataset})" if len(names) > 1 else f"{names[0]} ({dataset})"
