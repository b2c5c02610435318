"""Text for people, shared by the views and the charts: escaping for plotly's labels, dates as text,
the event table behind hovers, publishers in citation order, padded date ranges and where the
phases' labels go.

Pure pandas/numpy; nothing here builds a plotly object.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from . import series as _series
from . import strings as S
from .geo import NOMINAL_WIDTH
from .model import Timeline

#: Chart labels of the categories.
CATEGORY_LABELS: dict[str, str] = {
    "military": "Military",
    "violence_against_civilians": "Violence against civilians",
    "political": "Political",
    "statement": "Statement",
    "humanitarian": "Humanitarian",
    "diplomatic": "Diplomatic",
}

DAY = pd.Timedelta(days=1)
NOON = pd.Timedelta(hours=12)
DAY_MS = 86_400_000


# kinds of date, in drawing order (faint spans below, dots on top)
KINDS = ("month", "approx_span", "span", "approx_point", "point")
KIND_LABELS = {
    "point": "one day",
    "approx_point": "approximate day",
    "span": "several days",
    "approx_span": "window of possible days",
    "month": "month known, not the day",
}


def esc(values) -> pd.Series:
    """Text safe for plotly's HTML-like labels."""
    if isinstance(values, pd.Series):  # keep the index, so results align with their frame
        s = values.astype("object").fillna("").astype("str")
    else:
        s = pd.Series(values, dtype="object").fillna("").astype("str")
    return s.str.replace("&", "&amp;", regex=False).str.replace("<", "&lt;", regex=False) \
        .str.replace(">", "&gt;", regex=False)


def esc_list(values) -> list[str]:
    """:func:`esc` for a few values, as a list (faster than pandas on a few hundred)."""
    out = []
    for v in values:
        if not isinstance(v, str):
            v = "" if v is None or pd.isna(v) else str(v)
        out.append(v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") if ("&" in v or "<" in v or ">" in v)
                   else v)
    return out


def strftime_each(ts: pd.Series, fmt: str) -> pd.Series:
    """``ts.dt.strftime(fmt)``, formatting each distinct date once (fast for 100k events on a
    few hundred days). NaT gives ''."""
    codes, uniques = pd.factorize(pd.Series(ts).reset_index(drop=True))
    if len(uniques) == 0:
        return pd.Series([""] * len(codes), dtype="str")
    uniques = pd.DatetimeIndex(uniques)
    cache = _STRFTIME.setdefault(fmt, {})
    keys = uniques.asi8.tolist() if uniques.unit == "ns" else uniques.as_unit("ns").asi8.tolist()
    missing = [i for i, k in enumerate(keys) if k not in cache]
    if missing:
        if len(cache) > 200_000:
            cache.clear()
            missing = list(range(len(keys)))
        for i, t in zip(missing, uniques[missing].strftime(fmt)):
            cache[keys[i]] = t
    text = np.array([cache[k] for k in keys], dtype=object)
    out = np.where(codes >= 0, text[np.maximum(codes, 0)], "")
    return pd.Series(out, dtype="str")


_STRFTIME: dict[str, dict[int, str]] = {}  # format -> {nanoseconds: text}: each date is formatted once


def day_text(ts: pd.Series) -> pd.Series:
    """'7 Mar 2025' for each timestamp."""
    return strftime_each(ts, "%-d %b %Y")


def period_texts(day_texts, step: int) -> np.ndarray:
    """The label of each period of a chart from its first day's text: the day itself
    (``step`` 1), or "week of 6 Mar 2025" (``step`` 7; the phrase ``period.week_of`` of
    :mod:`timeline.strings`, which the exported page writes in its language)."""
    texts = np.asarray(day_texts, dtype=object)
    if step != 7:
        return texts
    return np.array([S.text("period.week_of", day=t) for t in texts], dtype=object)


def date_text(start: pd.Series, end: pd.Series, precision: pd.Series) -> pd.Series:
    """Dates as precise as they are known: '7 Mar 2025', '6–7 Mar 2025', '29 Nov – 1 Dec 2024',
    '7–8 Dec 2024 (approximate)', 'March 2025 (month only)'."""
    start = pd.Series(start).reset_index(drop=True)
    end = pd.Series(end).reset_index(drop=True).fillna(start)
    prec = pd.Series(precision, dtype="object").reset_index(drop=True).astype("str")
    if len(start) > 2000 and start.notna().all():  # many events share dates: write each distinct date once
        day = lambda t: (t.dt.normalize() - pd.Timestamp("1970-01-01")) // DAY + 200_000  # noqa: E731
        p_code = pd.Categorical(prec, categories=["day", "approximate", "month"]).codes.astype(np.int64) + 1
        key = (day(start).to_numpy(dtype=np.int64) * 400_000 + day(end).to_numpy(dtype=np.int64)) * 4 + p_code
        codes, uniques = pd.factorize(key)
        if len(uniques) < len(start) // 2:
            first = np.full(len(uniques), -1, dtype=np.int64)
            first[codes[::-1]] = np.arange(len(codes))[::-1]  # the first row of each distinct key
            texts = date_text(start.iloc[first], end.iloc[first], prec.iloc[first])
            return pd.Series(texts.to_numpy(dtype=object)[codes], dtype="str")
    same_day = start.dt.normalize() == end.dt.normalize()
    same_month = (start.dt.year == end.dt.year) & (start.dt.month == end.dt.month)
    same_year = start.dt.year == end.dt.year
    sd = strftime_each(start, "%-d")
    s_day, e_day = day_text(start), day_text(end)
    s_month, e_month = strftime_each(start, "%B %Y"), strftime_each(end, "%B %Y")
    days = np.select(
        [same_day, same_month, same_year],
        [s_day, sd + "–" + e_day, sd + " " + strftime_each(start, "%b") + " – " + e_day],
        default=s_day + " – " + e_day)
    months = np.select(
        [same_month, same_year],
        [s_month, strftime_each(start, "%B") + " – " + e_month],
        default=s_month + " – " + e_month)
    out = np.where(prec == "month", pd.Series(months) + " (month only)",
                   np.where(prec == "approximate", pd.Series(days) + " (approximate)", days))
    return pd.Series(out, dtype="str")


def names_join(df: pd.DataFrame, key, col: str, sep: str) -> pd.Series:
    """The ``col`` texts of each ``key`` (a column or a list of columns) joined with ``sep``, in
    row order; indexed by the key in order of first appearance. Groups of one row (most of
    them) are taken as they are; Python joins only the others."""
    if df.empty:
        return pd.Series([], dtype="str")
    keys = [key] if isinstance(key, str) else list(key)
    if len(keys) == 1:
        codes, uniques = pd.factorize(df[keys[0]].reset_index(drop=True))
    else:
        codes, uniques = pd.factorize(pd.MultiIndex.from_frame(df[keys].reset_index(drop=True)))
    values = df[col].to_numpy(dtype=object)
    order = np.argsort(codes, kind="stable")
    sorted_values = values[order]
    bounds = np.r_[np.flatnonzero(np.r_[True, np.diff(codes[order]) != 0]), len(codes)]
    sizes = np.diff(bounds)
    out = sorted_values[bounds[:-1]].copy()
    for g in np.flatnonzero(sizes > 1):
        out[g] = sep.join(sorted_values[bounds[g]:bounds[g + 1]])
    return pd.Series(out, index=uniques, dtype=object)


def place_labels(places: pd.DataFrame) -> pd.Series:
    """'Latakia · اللاذقية' (English · Arabic), indexed by place id."""
    en = esc(places["name"])
    ar = esc(places["name_ar"])
    label = np.where(ar.str.len() > 0, en + " · " + ar, en)
    return pd.Series(label, index=places["id"].to_numpy(), dtype="str")


def kind_of(ev: pd.DataFrame) -> np.ndarray:
    """The kind of date of each event (see :data:`KINDS`)."""
    return kinds_of(ev["date_precision"], ev["span_end"].dt.normalize() > ev["start"].dt.normalize())


def kinds_of(precision, multi) -> np.ndarray:
    """The kind of date (see :data:`KINDS`) of dates of ``precision`` ("day", "approximate",
    "month") covering several days or not (``multi``)."""
    prec = pd.Series(precision, dtype="object").reset_index(drop=True).astype("str").to_numpy()
    multi = np.asarray(multi, dtype=bool)
    return np.select([prec == "month", (prec == "approximate") & multi, prec == "approximate", multi],
                     ["month", "approx_span", "approx_point", "span"], default="point")


def event_table(tl: Timeline, hover: bool = True) -> pd.DataFrame:
    """One row per event (``tl.events`` order) with what the charts need: day numbers, the kind
    of date, the date as text and (``hover=True``) a complete hover text: title, date as
    precise as known, category, places with English and Arabic names, actors, confidence,
    sources as publisher — title."""
    ev = tl.events.reset_index(drop=True)
    ids = ev["id"].astype("str")
    prec = ev["date_precision"].astype("object").astype("str")
    start, span_end = ev["start"], ev["span_end"]
    kind = kind_of(ev)
    end_for_text = ev["end"].where(prec != "month", span_end)
    dates = date_text(start, end_for_text, prec)
    cat = ev["category"].astype("object").astype("str")
    table = pd.DataFrame({
        "id": ids, "category": cat, "kind": pd.Series(kind, dtype="str"), "start": start.dt.normalize(),
        "end_excl": span_end.dt.normalize() + DAY, "date_text": dates, "title": ev["title"].astype("str"),
    })
    if not hover:
        return table

    where = tl.event_places.merge(
        pd.DataFrame({"place_id": tl.places["id"].to_numpy(), "label": place_labels(tl.places).to_numpy()}),
        on="place_id", how="left")
    where_txt = names_join(where.assign(label=where["label"].fillna(where["place_id"])), "event_id", "label", ", ")
    who_txt = names_join(tl.event_actors.assign(actor=esc(tl.event_actors["actor"]).to_numpy()),
                          "event_id", "actor", ", ")
    src = tl.sources[["id", "publisher", "title"]].drop_duplicates("id")
    src_label = pd.DataFrame({"source_id": src["id"].to_numpy(),
                              "label": source_lines(src["publisher"], src["title"])})
    cites = tl.event_sources.merge(src_label, on="source_id", how="left")
    cites["label"] = cites["label"].fillna("• " + cites["source_id"].astype("str"))
    src_txt = names_join(cites, "event_id", "label", "<br>")

    def lookup(s: pd.Series) -> pd.Series:
        return pd.Series(s.reindex(ids.to_numpy()).to_numpy(), dtype="object").fillna("").astype("str")

    hover = hover_texts(ev["title"], dates, cat, ev["confidence"], lookup(where_txt), lookup(who_txt),
                        lookup(src_txt))
    return table.assign(hover=hover)


def source_lines(publisher, title) -> np.ndarray:
    """The line of each source in an event's hover: "• publisher — title" (escaped; the title
    wrapped, never cut)."""
    title = pd.Series(title, dtype="object").reset_index(drop=True).astype("str")
    wrapped = pd.Series(wrap_lines(esc(title).tolist(), 70), dtype="str")
    return ("• " + esc(pd.Series(publisher, dtype="object").reset_index(drop=True)) + " — " + wrapped) \
        .to_numpy(dtype=object)


def hover_texts(title, dates, category, confidence, where, who, sources) -> np.ndarray:
    """The hover text of each event: its title, date as text (``dates``), category and
    confidence, then ``where`` (its places' labels, joined), ``who`` (its actors, escaped and
    joined; the line is left out when empty) and ``sources`` (its :func:`source_lines`, joined
    by ``<br>``)."""
    def col(v) -> pd.Series:
        return pd.Series(v, dtype="object").reset_index(drop=True).fillna("").astype("str")

    cat = col(category)
    who = col(who)
    hover = ("<b>" + esc(col(title)) + "</b><br>" + col(dates) + "<br>"
             + cat.map(CATEGORY_LABELS).fillna(cat) + " · confidence: " + col(confidence)
             + "<br>Where: " + col(where)
             + pd.Series(np.where(who.str.len() > 0, "<br>Who: " + who, ""), dtype="str")
             + "<br>Sources:<br>" + col(sources))
    return hover.to_numpy(dtype=object)


def wrap_lines(texts, width: int = 70, indent: str = "  ") -> list[str]:
    """Each text on lines of about ``width`` characters, joined by ``<br>`` (the lines after the
    first indented), words never cut."""
    out = []
    for text in texts:
        lines, line = [], ""
        for word in str(text).split(" "):
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        if line:
            lines.append(line)
        out.append(("<br>" + indent).join(lines))
    return out


def publishers_of(tl: Timeline) -> list[str]:
    """Publishers of the sources the timeline's events cite, most cited first ("AFP (via CNA)"
    counts as "AFP")."""
    publisher = pd.Series(tl.sources["publisher"].to_numpy(), index=tl.sources["id"].to_numpy())
    publisher = publisher[~publisher.index.duplicated()]
    counts = tl.event_sources["source_id"].map(publisher).dropna().astype("str").value_counts()
    return publisher_order(counts)


def publisher_order(counts: pd.Series) -> list[str]:
    """Publishers from citation counts per publisher (a Series indexed by publisher), most cited
    first; "AFP (via CNA)" counts as "AFP"; ties in alphabetical order."""
    totals: dict[str, int] = {}
    for name, n in zip(counts.index, counts.to_numpy()):
        if n > 0:
            key = short_publisher(str(name))
            totals[key] = totals.get(key, 0) + n
    # most cited first; ties in alphabetical order (as a sorted groupby, then a stable sort)
    return sorted(totals, key=lambda k: (-totals[k], k))


@lru_cache(maxsize=4096)
def short_publisher(name: str) -> str:
    return _VIA.sub("", name).strip()


_VIA = re.compile(r"\s*\(.*\)\s*$")




def x_range(*dates) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """A padded date range covering all given dates (None when there are none)."""
    parts = [pd.Series(d, dtype="datetime64[us]") for d in dates if d is not None]
    vals = pd.concat(parts, ignore_index=True).dropna() if parts else pd.Series([], dtype="datetime64[us]")
    if vals.empty:
        return None
    lo, hi = vals.min().normalize(), vals.max().normalize() + DAY
    pad = max(pd.Timedelta(days=1), (hi - lo) * 0.015)
    return lo - pad, hi + pad


def span_range(span) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """``x_range(starts, span_ends + 1 day)`` from the first start and the last span end."""
    if span is None:
        return None
    lo, hi = pd.Timestamp(span[0]).normalize(), (pd.Timestamp(span[1]) + DAY).normalize() + DAY
    pad = max(pd.Timedelta(days=1), (hi - lo) * 0.015)
    return lo - pad, hi + pad




# ------------------------------------------------------------------------------------------------
# Phases: shaded bands and labels, shared by every date chart
# ------------------------------------------------------------------------------------------------

def wrap2(text: str) -> str:
    """Split a label into two balanced lines at a space."""
    words = text.split(" ")
    if len(words) < 2:
        return text
    k = min(range(1, len(words)), key=lambda k: abs(len(" ".join(words[:k])) - len(" ".join(words[k:]))))
    return " ".join(words[:k]) + "<br>" + " ".join(words[k:])




def phase_plan(tl: Timeline, rng, label_px: float = NOMINAL_WIDTH - 250, phases=None) -> tuple[list[tuple], int]:
    """Where :func:`phase_layout` puts each phase: ``(i, phase, x0, x1, label, label row)``
    items (``phase``: a dict of the phase's ``id``, ``name``, ``description``, ``start``,
    ``end_exclusive``) and the number of label rows. ``phases``: ``phase_intervals(tl)`` (or its
    rows as dicts), when the caller has it already."""
    if rng is None:
        return [], 0
    ph = _series.phase_intervals(tl) if phases is None else phases
    if isinstance(ph, pd.DataFrame):
        ph = ph.to_dict("records")
    lo, hi = pd.Timestamp(rng[0]), pd.Timestamp(rng[1])
    ph = [p for p in ph if p["end_exclusive"] > lo and p["start"] < hi]
    if not ph:
        return [], 0
    px_per_day = label_px / max((hi - lo) / DAY, 1)
    row_end: list[float] = []  # right edge (px) of the last label in each row (a row is one line high)
    items = []
    for i, p in enumerate(ph):
        x0, x1 = max(p["start"], lo), min(p["end_exclusive"], hi)
        left = (x0 - lo) / DAY * px_per_day
        band = (x1 - x0) / DAY * px_per_day
        text = esc_list([p["name"]])[0]
        lines = 1
        if len(text) * 5.7 + 6 > band and " " in text:
            text, lines = wrap2(text), 2
        width = max(len(t) for t in text.split("<br>")) * 5.6 + 6
        row = next((r for r in range(len(row_end)) if all(left >= e for e in row_end[r:r + lines])), len(row_end))
        while len(row_end) < row + lines:
            row_end.append(-1e9)
        for r in range(row, row + lines):
            row_end[r] = left + width
        items.append((i, p, x0, x1, text, row))
    return items, len(row_end)


# ------------------------------------------------------------------------------------------------
# Timeline, counts, overview: layout pieces as plain dicts (shared by every date chart)
# ------------------------------------------------------------------------------------------------
