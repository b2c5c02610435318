"""Export a timeline as one self-contained HTML page whose filters work offline, in the browser.

- :func:`to_html_string` — pure: a :class:`~timeline.model.Timeline` (and the
  :class:`~timeline.filters.Filters` of the view to open on) in, the page as a string out. The
  same data and options give the same bytes.
- :func:`write_html` — writes that string atomically (a temporary file in the same folder, then
  ``os.replace``): a failure leaves an earlier file intact and no temporary file behind.

The page holds the *whole* timeline; ``filters`` only sets its initial view, and the reader can
widen it. Everything it needs is inside the file: plotly.js, the base map's topojson
(:func:`timeline.figures.geo_assets_script`), the page's script and style
(``timeline/assets/export/``) and the data, so it opens from ``file://`` with the network off.

How the page filters without Python: the events travel as columns (start day, length, category,
confidence, precision, title and date-text codes, and per event its places, sources and actors as
positions in the page's lists), sorted by start date — as plain JSON lists in small pages, gzip-
compressed and base64-encoded above :data:`COMPRESS_ABOVE` events (the page decodes them with the
browser's ``DecompressionStream``). The figures are built here for the full timeline, then
post-processed so every point knows what it shows — event markers carry the event's position in
``customdata``, map dots name their place in ``meta.places``, count bars and toll lines carry their
day numbers in ``meta.days``. The page's script keeps the points of the visible events, recomputes
the daily counts, the map's dot sizes and the range band of the ticked organisations, and calls
``Plotly.react``.

Large timelines (issue 6: 1,000,000 events in under 20 MB): above
:data:`timeline.figures.DENSITY_THRESHOLD` events the overview's top row is per-day density strips
(see :func:`timeline.figures.overview_figure`), filled by the page for the view, and each event is
drawn as a dot once the filters or the zoom leave that few; no per-event hover text is stored. The
table shows 500 rows at a time. The descriptions and notes are kept while they add less than
:data:`TEXT_BUDGET` bytes compressed; past that they are left out and the page says so.

Safety: all data text reaches the page as JSON in ``<script type="application/json">`` (with
``<``, ``>``, ``&``, U+2028 and U+2029 escaped) and the script inserts it with ``textContent``;
every string plotly renders as its HTML subset is escaped here (only the tags the figure builders
emit are kept, see :func:`_plotly_text`); only ``http(s)`` URLs become links; a hash-based
Content-Security-Policy lets only the page's own inline scripts run.
"""

from __future__ import annotations

import base64
import datetime as _dt
import gzip
import hashlib
import html
import json
import os
import re
import string
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import __version__
from . import figures as F
from .charts import common
from . import series as _series
from .charts import theme as T
from .index import _codes, positions
from .filters import Filters, apply_filters, check_known
from .atomic import atomic_write
from .model import Timeline
from .schema import CATEGORIES, CONFIDENCE, DATE_PRECISION, MEASURES

__all__ = ["to_html_string", "write_html"]

_ASSETS = Path(__file__).resolve().parent / "assets" / "export"
_DAY = pd.Timedelta(days=1)
_EPOCH = pd.Timestamp("1970-01-01")
#: Rows the events table shows at most (the count line always gives the total).
MAX_ROWS = 500


# ================================================================================================
# Public API
# ================================================================================================

#: Timelines with more events than this show a progress bar while exporting, when ``progress``
#: is ``None``.
PROGRESS_EVENTS = 100_000


def to_html_string(tl: Timeline, filters: Filters | dict | None = None, *, title: str | None = None,
                   generated: str | _dt.date | None = None, text_budget: int | None = None,
                   progress: bool | None = None) -> str:
    """The page as a string: header (title, span, counts, the date of the data), controls,
    "Showing N of M events", the overview chart, the phases, the map and the table of events.

    Parameters
    ----------
    tl
        The whole timeline; the page always holds all of it.
    filters
        The initial view (a :class:`~timeline.filters.Filters` or its ``to_dict()``); the reader
        can widen it. Reporters, actors and places must exist in ``tl`` (a typo would otherwise
        open on an empty chart): ``ValueError`` names the unknown value.
    title
        The page's title (default: ``tl.name``).
    generated
        Shown as "Page generated …" when given (a date, a datetime or text). Off by default, so
        that the same data and options give a byte-identical file.
    text_budget
        The most, in bytes once compressed, that the events' descriptions and notes may add
        (default :data:`TEXT_BUDGET`, 6 MB; ``0`` leaves them out, ``-1`` keeps them however
        large). Past it they are left out, the page says so and its search covers titles and
        places; every event is still in the page with its title, date, category, confidence,
        places, actors and sources.
    progress
        Show a progress bar on stderr (``None``: for more than :data:`PROGRESS_EVENTS` events;
        1,000,000 events take about a minute).

    Large timelines: the events travel as compact columns, gzip-compressed above
    :data:`COMPRESS_ABOVE` events; above :data:`timeline.figures.DENSITY_THRESHOLD` events the
    top chart shows the events under way each day as heat strips, and each event as a dot once
    the filters or the zoom leave that few in view. The table shows 500 rows at a time.
    """
    f = Filters.from_dict(filters) if isinstance(filters, dict) else (filters or Filters())
    check_known(tl, f)
    title = (title if title is not None else tl.name).strip() or tl.name
    budget = TEXT_BUDGET if text_budget is None else (None if text_budget < 0 else text_budget)
    from tqdm.auto import tqdm

    show = progress if progress is not None else len(tl) > PROGRESS_EVENTS
    with tqdm(total=3, desc=f"Exporting {len(tl):,} events", unit="stage", disable=not show,
              file=sys.stderr, leave=False) as bar:
        payload = _payload(tl, f, title, generated, budget, bar)
        bar.set_postfix_str("page")
        page = _page(tl, title, generated, payload)
        bar.update(1)
    return page


def _page(tl: Timeline, title: str, generated, payload: dict) -> str:
    scripts = [F.geo_assets_script(), _script_text(_plotly_js()), _asset("page.js")]
    page = string.Template(_asset("page.html")).substitute(
        csp=_csp(scripts),  # letters, digits, base64 and single quotes: nothing to escape in "…"
        title=html.escape(title),
        css=_asset("page.css"),
        header=_header_html(tl, generated),
        summary=html.escape(payload["initial_summary"]),
        version=html.escape(__version__),
        data=_json_for_script(payload),
        geo_js=scripts[0],
        plotly_js=scripts[1],
        page_js=scripts[2],
    )
    return page


def write_html(tl: Timeline, path: str | os.PathLike, filters: Filters | dict | None = None, *,
               title: str | None = None, generated: str | _dt.date | None = None,
               text_budget: int | None = None, progress: bool | None = None) -> Path:
    """Write :func:`to_html_string`'s page to ``path`` atomically and return the path.

    The page is written to a temporary file in the same folder, which then replaces ``path`` in
    one step. On any failure (a missing or read-only folder, a full disk)
    the ``OSError`` propagates, an earlier file at ``path`` is left as it was and the temporary
    file is removed."""
    return atomic_write(path, lambda fh: _write_all(
        fh, to_html_string(tl, filters, title=title, generated=generated, text_budget=text_budget,
                           progress=progress)))


def _write_all(fh, text: str, chunk: int = 1 << 20) -> None:
    """Write ``text`` in 1 MB chunks (a failure can happen mid-file; the caller cleans up)."""
    for i in range(0, len(text), chunk):
        fh.write(text[i:i + chunk])


# ================================================================================================
# Assets, scripts, CSP
# ================================================================================================

def _asset(name: str) -> str:
    return (_ASSETS / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def _script_text(js: str) -> str:
    """JavaScript made safe to sit inside ``<script>…</script>``: no ``</script`` or ``<!--``
    (plotly.js has neither today; ``<\\/`` is the same string in JavaScript)."""
    return js.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT").replace("<!--", "<\\!--")


def _csp(scripts: list[str]) -> str:
    """A strict Content-Security-Policy: only the page's own inline scripts (by hash), no network,
    no plugins, no forms, no base URL. Styles may be inline (plotly sets style attributes)."""
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode('utf-8')).digest()).decode()}'"
                      for s in scripts)
    return ("default-src 'none'; "
            f"script-src {hashes}; "
            "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; connect-src 'none'; "
            "object-src 'none'; base-uri 'none'; form-action 'none'")


_JS_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _json_for_script(obj: Any) -> str:
    """JSON that cannot end its ``<script>`` block early: ``<``, ``>``, ``&``, U+2028 and U+2029
    as ``\\uXXXX`` escapes (the same string once parsed)."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return re.sub("[<>&\u2028\u2029]", lambda m: _JS_ESCAPES[m.group()], text)


# ================================================================================================
# Plotly text: escape everything that is not one of the builders' own tags
# ================================================================================================

#: Tags the figure builders write, and the entities they (or ``_esc``) produce.
_KEEP = re.compile(
    r"<(?:/?(?:b|i|em|sup|sub|extra)|br ?/?|/span|span style='color:#[0-9A-Fa-f]{6}')>"
    r"|&(?:amp|lt|gt|quot|#\d{1,7}|#x[0-9A-Fa-f]{1,6});")


def _esc_min(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _plotly_text(s: str) -> str:
    """``s`` with every ``<``, ``>`` and ``&`` escaped except the builders' own tags (``<b>``,
    ``<br>``, ``<i>``, ``<extra>``, a coloured ``<span>``) and entities — so a data value such
    as ``<img src=x onerror=…>`` or ``<a href="javascript:…">`` is shown as text, whether or not
    the builder escaped it. Text the builders already escaped comes out unchanged."""
    out, pos = [], 0
    for m in _KEEP.finditer(s):
        out.append(_esc_min(s[pos:m.start()]))
        out.append(m.group())
        pos = m.end()
    out.append(_esc_min(s[pos:]))
    return "".join(out)


def _sanitize(obj, key: str | None = None):
    """Apply :func:`_plotly_text` to every string of a figure dict (``meta`` and the page's own
    ``labels`` excepted: plotly never renders them, and the page escapes what it takes from
    there)."""
    if isinstance(obj, str):
        return _plotly_text(obj)
    if isinstance(obj, list):
        return [_sanitize(v, key) for v in obj]
    if isinstance(obj, dict):
        return {k: (v if k in ("meta", "labels") else _sanitize(v, k)) for k, v in obj.items()}
    return obj


# ================================================================================================
# Figures as plain dicts, with what the page needs to filter them
# ================================================================================================

def _plain(obj):
    """plotly's JSON with its typed arrays (``{"dtype", "bdata"}``) turned back into lists, NaN
    into null, so the page can slice every array the same way."""
    if isinstance(obj, dict):
        if "bdata" in obj and "dtype" in obj:
            arr = np.frombuffer(base64.b64decode(obj["bdata"]), dtype=np.dtype(obj["dtype"]))
            if "shape" in obj:
                shape = obj["shape"]
                arr = arr.reshape([int(x) for x in shape.split(",")] if isinstance(shape, str) else shape)
            return _plain(arr.tolist())
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_plain(v) for v in obj]
    if isinstance(obj, float) and not np.isfinite(obj):
        return None
    return obj


def _fig_dict(fig) -> dict:
    import plotly.io as pio

    return _plain(json.loads(pio.to_json(fig, validate=False, engine="json")))


def _day_number(values) -> list[int]:
    """Days since 1970-01-01 of each date (times of day dropped)."""
    ts = pd.to_datetime(pd.Series(values)).dt.normalize()
    return ((ts - _EPOCH) // _DAY).astype("int64").tolist()


def _prepare_overview(fig: dict, pos_of: dict[str, int]) -> dict:
    """Event markers carry their event's position; count bars and toll lines their day numbers;
    a range band names the toll lines it spans (``meta.members``)."""
    data = fig["data"]
    for tr in data:
        meta = tr.get("meta") or {}
        role = meta.get("role")
        if role == "event":
            tr["customdata"] = [pos_of[i] for i in tr.get("customdata") or []]
        elif role == "count":
            meta["days"] = _day_number(tr.get("x") or [])
        elif role == "toll":
            meta["days"] = _day_number((tr.get("x") or [])[:-1])  # the last point is the tail
        elif role == "range":
            meta["days"] = _day_number((tr.get("x") or [])[:-1])  # the last point repeats the last day
    for tr in data:
        meta = tr.get("meta") or {}
        if meta.get("role") != "range":
            continue
        lo, hi = (min(meta["days"]), max(meta["days"])) if meta["days"] else (0, -1)
        meta["members"] = [
            j for j, t in enumerate(data)
            if (t.get("meta") or {}).get("role") == "toll" and t["meta"]["measure"] == meta["measure"]
            and t["meta"]["days"] and t["meta"]["days"][0] <= hi and _tail_day(t) >= lo]
    # the label at the end of a toll line follows its line: annotation position -> organisation
    line_of = {f"end:{t['meta']['series']}:{t['meta']['measure']}": t["meta"]["reported_by"]
               for t in data if (t.get("meta") or {}).get("role") == "toll"}
    fig["labels"] = {str(k): line_of[a["name"]] for k, a in enumerate(fig["layout"].get("annotations", []))
                     if a.get("name") in line_of}
    return fig


def _tail_day(tr: dict) -> int:
    return _day_number([tr["x"][-1]])[0]


def _prepare_map(fig: dict, tl: Timeline) -> dict:
    """Each dot (a place × category) names its place (``meta.places``: positions in
    ``tl.places``) and keeps the first line of its hover text (``meta.headers``: place name,
    Arabic name, governorate), so the page can size it by the visible events there and rewrite
    its hover."""
    place_pos = pd.Index(tl.places["id"].astype("str"))
    for tr in fig["data"]:
        meta = tr.get("meta") or {}
        if meta.get("role") != "place":
            continue
        meta["places"] = place_pos.get_indexer([str(p) for p in tr.get("customdata") or []]).tolist()
        meta["headers"] = [h.split("<br>", 1)[0] for h in tr.get("hovertext") or []]
    return fig


def _figures(tl: Timeline, pos_of: dict[str, int]) -> dict:
    over = _prepare_overview(_fig_dict(F.overview_figure(tl)), pos_of)
    geo = _prepare_map(_fig_dict(F.map_figure(tl)), tl)
    return {"overview": _sanitize(over), "map": _sanitize(geo)}


# ================================================================================================
# The data the page filters
# ================================================================================================

def _iso(ts) -> str | None:
    return None if ts is None or pd.isna(ts) else f"{pd.Timestamp(ts):%Y-%m-%d}"


def _fmt_day(ts: pd.Timestamp) -> str:
    return f"{ts.day} {ts:%b %Y}"


def _is_http(url: str) -> bool:
    return bool(re.match(r"https?://[^\s]", url.strip(), flags=re.I))


def _data_date(tl: Timeline) -> pd.Timestamp | None:
    """The latest date in the data: of an event, a published figure or a source."""
    dates = [tl.events["span_end"].max() if len(tl.events) else pd.NaT,
             tl.casualty_reports["published"].max() if len(tl.casualty_reports) else pd.NaT,
             tl.sources["published"].max() if len(tl.sources) else pd.NaT]
    dates = [d for d in dates if not pd.isna(d)]
    return max(dates) if dates else None


def _generated_text(generated) -> str | None:
    if generated is None:
        return None
    if isinstance(generated, _dt.datetime):
        return generated.isoformat(timespec="minutes")
    if isinstance(generated, _dt.date):
        return generated.isoformat()
    return str(generated)


# ------------------------------------------------------------------------------------------------
# The events, as columns
# ------------------------------------------------------------------------------------------------

#: Above this many events, the page's columns are gzip-compressed (and base64-encoded); below,
#: they are plain JSON lists anyone can read in the file.
COMPRESS_ABOVE = 5000
#: The most the events' descriptions and notes may add to the page, compressed (bytes). Above it
#: they are left out — titles, dates, places, actors and sources are always in — and the page
#: says so. 1,000,000 ACLED-like descriptions take about 10 MB compressed.
TEXT_BUDGET = 6_000_000


def _gzip_b64(data: bytes) -> str:
    return base64.b64encode(gzip.compress(data, compresslevel=6, mtime=0)).decode("ascii")


def _int_column(values: np.ndarray, compress: bool, *, delta: bool = False):
    """Integers as a JSON list, or compressed: ``{"type": "int32", "gzip": …, "delta": …}``
    (little-endian; with ``delta`` each value is stored as its difference from the one before)."""
    arr = np.asarray(values, dtype=np.int64)
    if not compress:
        return arr.tolist()
    if delta and len(arr):
        arr = np.diff(arr, prepend=0)
    hi = int(np.abs(arr).max()) if len(arr) else 0
    dtype, name = ((np.dtype("<u1"), "uint8") if arr.min(initial=0) >= 0 and hi < 256
                   else (np.dtype("<u2"), "uint16") if arr.min(initial=0) >= 0 and hi < 65536
                   else (np.dtype("<i4"), "int32"))
    return {"type": name, "gzip": _gzip_b64(arr.astype(dtype).tobytes()), "delta": bool(delta)}


def _text_column(values: list[str], compress: bool):
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
            return {"type": "split", "prefixes": [str(p) for p in prefixes], "prefix": _int_column(codes, True),
                    "number": _int_column(parts[1], True)}
    return _text_column(ids.tolist(), compress)


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
    codes, texts = pd.factorize(common.date_text(ev["start"], end, prec))
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


def _events_block(tl: Timeline, compress: bool, text_budget: int | None) -> tuple[dict, list[int]]:
    """The events by start date (file order within a day), as columns the page decodes,
    and each event's position in that order (by ``tl.events`` row)."""
    ev = tl.events.reset_index(drop=True)
    n = len(ev)
    d0 = np.asarray(_day_number(ev["start"]) if n else [], dtype=np.int64)
    d1 = np.asarray(_day_number(ev["span_end"]) if n else [], dtype=np.int64)
    order = np.argsort(d0, kind="stable")  # by start day; the file's order within a day, as the charts' lists
    pos = np.empty(n, dtype=np.int64)
    pos[order] = np.arange(n)
    ev = ev.iloc[order].reset_index(drop=True)
    d0, d1 = d0[order], d1[order]
    ids = ev["id"].astype("str")
    title_codes, titles = pd.factorize(ev["title"].astype("str"))
    date_codes, dates = _date_texts(ev)
    actor_names = pd.Series(pd.unique(tl.event_actors["actor"].astype("str")), dtype="str")
    place_n, place = _links(tl.event_places["event_id"], tl.event_places["place_id"], ids, tl.places["id"])
    source_n, source = _links(tl.event_sources["event_id"], tl.event_sources["source_id"], ids,
                              tl.sources.drop_duplicates("id")["id"])
    actor_n, actor = _links(tl.event_actors["event_id"], tl.event_actors["actor"], ids, actor_names)

    cols = {
        "id": _id_column(ids, compress),
        "d0": _int_column(d0, compress, delta=True),
        "length": _int_column(d1 - d0, compress),
        "category": _int_column(_codes(ev["category"], list(CATEGORIES)), compress),
        "confidence": _int_column(_codes(ev["confidence"], list(CONFIDENCE)), compress),
        "precision": _int_column(_codes(ev["date_precision"], list(DATE_PRECISION)), compress),
        "title": _int_column(title_codes, compress),
        "date": _int_column(date_codes, compress),
        "place_n": _int_column(place_n, compress), "place": _int_column(place, compress),
        "source_n": _int_column(source_n, compress), "source": _int_column(source, compress),
        "actor_n": _int_column(actor_n, compress), "actor": _int_column(actor, compress),
    }
    block = {"n": n, "columns": cols, "titles": _text_column([str(t) for t in titles], compress),
             "dates": _text_column(dates, compress), "actors": actor_names.tolist(),
             "categories": list(CATEGORIES), "confidence": list(CONFIDENCE), "precision": list(DATE_PRECISION),
             "omitted": None}
    texts = {c: ev[c].astype("str").tolist() for c in ("description", "notes")}
    fits = text_budget is None or (text_budget > 0 and all(_fits(t, text_budget) for t in texts.values()))
    size = None
    if fits:
        desc, notes = _text_column(texts["description"], compress), _text_column(texts["notes"], compress)
        size = sum(len(c["gzip"]) * 3 // 4 for c in (desc, notes) if isinstance(c, dict))
        fits = text_budget is None or size <= text_budget
    if fits:
        cols["description"], cols["notes"] = desc, notes
    else:
        why = f"would add {size / 1e6:.0f} MB" if size is not None else "would not fit the page's size budget"
        if text_budget == 0:
            why = "were left out on request"
        block["omitted"] = (f"The events' descriptions and notes are not in this page: for {n:,} events they "
                            f"{why}. Titles, dates, places, actors and sources are here "
                            "for every event; the full text is in the data (timeline export --to csv).")
    return block, pos.tolist()


def _payload(tl: Timeline, f: Filters, title: str, generated, text_budget: int | None = TEXT_BUDGET,
             bar=None) -> dict:
    compress = len(tl) > COMPRESS_ABOVE
    step = bar.update if bar is not None else (lambda n: None)
    if bar is not None:
        bar.set_postfix_str("events")
    events, pos = _events_block(tl, compress, text_budget)
    step(1)
    if bar is not None:
        bar.set_postfix_str("figures")
    pos_of = dict(zip(tl.events["id"].astype("str"), pos)) if len(tl) <= F.DENSITY_THRESHOLD else {}

    places = tl.places.reset_index(drop=True)
    lat, lon = places["lat"].to_numpy(dtype=float), places["lon"].to_numpy(dtype=float)
    has = ~np.isnan(lat) & ~np.isnan(lon)
    inside = has & (lon >= F.MAP_REGION["lon"][0]) & (lon <= F.MAP_REGION["lon"][1]) \
        & (lat >= F.MAP_REGION["lat"][0]) & (lat <= F.MAP_REGION["lat"][1])
    status = np.where(~has, "none", np.where(inside, "mapped", "outside"))
    src = tl.sources.drop_duplicates("id").reset_index(drop=True)

    cat_counts = tl.events["category"].astype("str").value_counts()
    figures = _figures(tl, pos_of)
    step(1)
    toll_reporters = [tr["meta"]["reported_by"] for tr in figures["overview"]["data"]
                      if (tr.get("meta") or {}).get("role") == "toll"]
    toll_counts = pd.Series(toll_reporters, dtype="object").value_counts()
    running = tl.casualty_reports[tl.casualty_reports["tally"] == "running"]
    fig_counts = running[running["reported_by"].isin(toll_counts.index)].groupby("reported_by").size()
    reporters = sorted(dict.fromkeys(toll_reporters), key=lambda r: (-int(fig_counts.get(r, 0)), r))

    phases = _series.phase_intervals(tl)
    span = tl.span
    view = apply_filters(tl, f)
    from .widgets import summary_text  # the explorer's own summary line, for the page before its script runs

    return {
        "title": title,
        "version": __version__,
        "span": {"start": _iso(span[0]), "end": _iso(span[1])} if span else None,
        "data_date": _iso(_data_date(tl)),
        "generated": _generated_text(generated),
        "initial": f.to_dict(),
        "initial_summary": summary_text(tl, view, f),
        "max_rows": MAX_ROWS,
        "max_markers": F.DENSITY_THRESHOLD,
        "categories": [{"id": c, "label": T.category_label(c), "color": T.category_color(c),
                        "count": int(cat_counts.get(c, 0))} for c in CATEGORIES],
        "confidence": list(CONFIDENCE),
        "measures": dict(MEASURES),
        "reporters": [{"name": r, "color": T.reporter_color(r), "count": int(fig_counts.get(r, 0))}
                      for r in reporters],
        "events": events,
        "places": [{"id": str(p.id), "name": str(p.name), "name_ar": str(p.name_ar), "status": str(s)}
                   for p, s in zip(places.itertuples(index=False), status)],
        "sources": [{"publisher": str(s.publisher), "title": str(s.title), "url": str(s.url),
                     "link": _is_http(str(s.url))} for s in src.itertuples(index=False)],
        "phases": [{"name": str(p.name), "dates": str(common.date_text(pd.Series([p.start]), pd.Series([p.end]),
                                                                     pd.Series(["day"]))[0]),
                    "description": str(p.description), "fill": T.PHASE_FILL[i % 2]}
                   for i, p in enumerate(phases.itertuples(index=False))],
        "figures": figures,
    }


def _header_html(tl: Timeline, generated) -> str:
    """The header's facts: numbers and dates only (data text goes through the JSON block)."""
    n_rep = len(tl.reporters)
    counts = [(len(tl), "events"), (len(tl.sources), "sources"),
              (len(tl.casualty_reports), "casualty figures"), (n_rep, "reporters")]
    items = "".join(f"<li><strong>{n:,}</strong> {html.escape(label if n != 1 else label[:-1])}</li>"
                    for n, label in counts)
    as_of = _data_date(tl)
    facts = [f"<p class='span'>{html.escape(tl.span_text())}</p>", f"<ul class='counts'>{items}</ul>"]
    meta = []
    if as_of is not None:
        meta.append(f"Data as of {html.escape(_fmt_day(as_of))} (the latest date of an event, figure or source)")
    gen = _generated_text(generated)
    if gen:
        meta.append(f"page generated {html.escape(gen)}")
    if meta:
        facts.append(f"<p class='asof'>{' · '.join(meta)}</p>")
    return "\n".join(facts)
