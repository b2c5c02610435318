"""The page's two figures as plain dicts, escaped, with what its script needs to filter them.

The figures are built by the public builders (:func:`timeline.figures.overview_figure` and
:func:`timeline.figures.map_figure`) for the whole timeline, turned into plain JSON
(:func:`fig_dict`), then marked so every filterable point knows what it shows: event markers
carry their event's position in ``customdata``, count bars and toll lines their day numbers in
``meta.days``, a range band the toll lines it spans (``meta.members``), map dots their places
(``meta.places``) and the first line of their hover (``meta.headers``). Every string plotly
renders as its HTML subset is escaped (:func:`sanitize`): only the tags the builders emit are
kept.
"""

from __future__ import annotations

import base64
import json
import re

import numpy as np
import pandas as pd

from .. import figures as F
from ..charts import deaths as deaths_chart
from ..model import Timeline
from ..views import select
from ..views.deaths import DeathsView, deaths_view

#: The page's value for "no day" in a day column (a casualty figure with no publication date).
NO_DAY = -1_000_000
_DAY = pd.Timedelta(days=1)
_EPOCH = pd.Timestamp("1970-01-01")


def day_numbers(values) -> np.ndarray:
    """Days since 1970-01-01 of each date (times of day dropped; ``NaT`` gives :data:`NO_DAY`)."""
    ts = pd.to_datetime(pd.Series(values)).dt.normalize()
    out = ((ts - _EPOCH) // _DAY)
    return out.fillna(NO_DAY).astype("int64").to_numpy()

__all__ = ["fig_dict", "plain", "plotly_text", "sanitize", "prepare_overview", "prepare_map", "prepare_deaths",
           "deaths_figure", "figures"]


# ------------------------------------------------------------------------------------------------
# Plotly text: escape everything that is not one of the builders' own tags
# ------------------------------------------------------------------------------------------------

#: Tags the figure builders write, and the entities they (or ``labels.esc``) produce.
_KEEP = re.compile(
    r"<(?:/?(?:b|i|em|sup|sub|extra)|br ?/?|/span|span style='color:#[0-9A-Fa-f]{6}')>"
    r"|&(?:amp|lt|gt|quot|#\d{1,7}|#x[0-9A-Fa-f]{1,6});")


def _esc_min(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plotly_text(s: str) -> str:
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


def sanitize(obj, key: str | None = None):
    """Apply :func:`plotly_text` to every string of a figure dict (``meta`` and the page's own
    ``labels`` excepted: plotly never renders them, and the page escapes what it takes from
    there)."""
    if isinstance(obj, str):
        return plotly_text(obj)
    if isinstance(obj, list):
        return [sanitize(v, key) for v in obj]
    if isinstance(obj, dict):
        return {k: (v if k in ("meta", "labels") else sanitize(v, k)) for k, v in obj.items()}
    return obj


# ------------------------------------------------------------------------------------------------
# Figures as plain dicts, with what the page needs to filter them
# ------------------------------------------------------------------------------------------------

def plain(obj):
    """plotly's JSON with its typed arrays (``{"dtype", "bdata"}``) turned back into lists, NaN
    into null, so the page can slice every array the same way."""
    if isinstance(obj, dict):
        if "bdata" in obj and "dtype" in obj:
            arr = np.frombuffer(base64.b64decode(obj["bdata"]), dtype=np.dtype(obj["dtype"]))
            if "shape" in obj:
                shape = obj["shape"]
                arr = arr.reshape([int(x) for x in shape.split(",")] if isinstance(shape, str) else shape)
            return plain(arr.tolist())
        return {k: plain(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [plain(v) for v in obj]
    if isinstance(obj, float) and not np.isfinite(obj):
        return None
    return obj


def fig_dict(fig) -> dict:
    """A figure (a ``go.Figure`` or its dict) as plain JSON: :func:`plain` of plotly's JSON."""
    import plotly.io as pio

    return plain(json.loads(pio.to_json(fig, validate=False, engine="json")))


def _days(values) -> list[int]:
    return day_numbers(values).tolist() if len(values) else []


def prepare_overview(fig: dict, pos_of: dict[str, int]) -> dict:
    """Event markers carry their event's position; count bars and toll lines their day numbers;
    a range band names the toll lines it spans (``meta.members``); ``labels`` maps the position
    of each toll line's end label (an annotation) to its organisation."""
    data = fig["data"]
    for tr in data:
        meta = tr.get("meta") or {}
        role = meta.get("role")
        if role == "event":
            tr["customdata"] = [pos_of[i] for i in tr.get("customdata") or []]
        elif role == "count":
            meta["days"] = _days(tr.get("x") or [])
        elif role in ("toll", "range"):
            meta["days"] = _days((tr.get("x") or [])[:-1])  # the last point is the tail, or repeats the last day
    for tr in data:
        meta = tr.get("meta") or {}
        if meta.get("role") != "range":
            continue
        lo, hi = (min(meta["days"]), max(meta["days"])) if meta["days"] else (0, -1)
        meta["members"] = [
            j for j, t in enumerate(data)
            if (t.get("meta") or {}).get("role") == "toll" and t["meta"]["measure"] == meta["measure"]
            and t["meta"]["days"] and t["meta"]["days"][0] <= hi and _days([t["x"][-1]])[0] >= lo]
    line_of = {f"end:{t['meta']['series']}:{t['meta']['measure']}": t["meta"]["reported_by"]
               for t in data if (t.get("meta") or {}).get("role") == "toll"}
    fig["labels"] = {str(k): line_of[a["name"]] for k, a in enumerate(fig["layout"].get("annotations", []))
                     if a.get("name") in line_of}
    return fig


def prepare_map(fig: dict, tl: Timeline) -> dict:
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


def prepare_deaths(fig: dict, view: DeathsView) -> dict:
    """The deaths figure of the whole timeline, with ``periods``: the first day (day number) of
    every period (``step`` days each) the bars may have (the page writes their labels in its
    language, as :func:`timeline.labels.period_texts`), and ``yscale``: the top of the count axis
    over the tallest period (room for the phase names above the bars)."""
    fig["periods"] = {"days": _days(view.periods), "step": 1 if view.freq == "D" else 7}
    fig["yscale"] = fig["layout"]["yaxis"]["range"][1] / max(view.vmax, 1)
    return fig


def deaths_figure(tl: Timeline, freq: str = "W") -> dict:
    """The deaths chart of the whole timeline (:mod:`timeline.charts.deaths`), prepared and escaped."""
    view = deaths_view(select(tl), freq=freq)
    return sanitize(prepare_deaths(fig_dict(deaths_chart.paint(view)), view))


def figures(tl: Timeline, pos_of: dict[str, int]) -> dict:
    """``{"overview": …, "map": …}``: the whole timeline's figures, prepared and escaped."""
    over = prepare_overview(fig_dict(F.overview_figure(tl)), pos_of)
    geo = prepare_map(fig_dict(F.map_figure(tl)), tl)
    return {"overview": sanitize(over), "map": sanitize(geo)}
