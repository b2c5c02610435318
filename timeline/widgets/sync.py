"""Keeping a plotly FigureWidget in step with a figure given as plain JSON, sending only what changed.

:class:`FigureSync` remembers what a widget shows; :meth:`FigureSync.show` compares the next figure
(trace arrays, layout keys) with it and sends the differences in one ``batch_update`` — one plotly
update message, values not validated again property by property. A figure whose traces do not line up
with the shown ones (another number or type of traces) replaces them.
"""

from __future__ import annotations

import base64
import datetime as _dt
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.basedatatypes import Undefined

from .chart import ChartWidget

__all__ = ["FigureSync", "decode", "decode_layout", "same", "diff", "set_path"]


class FigureSync:
    """What one FigureWidget shows, as plain JSON (``{"data": [...], "layout": {...}}``), and how
    to show the next figure by sending only what differs.

    :meth:`show` compares a new figure with it and applies the differences — trace arrays, a
    few layout keys — in one ``batch_update``; unchanged parts (the template, styles, the
    phases) are not sent again. Axis ranges are read back from the widget first, so a zoom made
    in the browser is undone by the next update as before."""

    @classmethod
    def widget(cls, spec: dict) -> "FigureSync":
        """A new FigureWidget built with the traces and layout of ``spec`` (validated once, here),
        and its sync."""
        data = [decode(t) for t in spec.get("data") or []]
        layout = decode_layout(spec.get("layout") or {})
        return cls(ChartWidget(data=data, layout=layout), {"data": data, "layout": layout})

    def __init__(self, fw: go.FigureWidget, spec: dict):
        self.fw = fw
        self.data = [decode(t) for t in spec.get("data") or []]
        self.layout = decode_layout(spec.get("layout") or {})

    def show(self, spec: dict) -> int:
        """Show ``spec``; returns how many properties were sent."""
        fw = self.fw
        data, layout = [decode(t) for t in spec.get("data") or []], decode_layout(spec.get("layout") or {})
        if len(data) != len(self.data) or any(a.get("type") != b.get("type") for a, b in zip(data, self.data)):
            with fw.batch_update():
                fw.layout.update(layout, overwrite=True)
            fw.data = ()
            fw.add_traces(data)
            self.data, self.layout = data, layout
            return -1
        # Keys the new figure lacks at the top of the layout or of a trace are left as they are
        # (as an update with overwrite=True would): removing, say, the inset's `geo2` while a
        # trace still points to it would make plotly.js draw a default map fetched from a CDN.
        # Lists of shapes and annotations it lacks are emptied.
        layout = {**self.layout, **{k: [] for k in _LAYOUT_ARRAYS if k in self.layout}, **layout}
        data = [{**old, **new} for old, new in zip(self.data, data)]
        changes: list = []
        diff(self._axes_as_shown(), layout, "", changes)
        trace_changes = []
        for i, (old, new) in enumerate(zip(self.data, data)):
            out: list = []
            diff(old, new, "", out)
            trace_changes += [(i, path, value) for path, value in out]
        if changes or trace_changes:
            have = fw._layout  # the widget's layout as plain data: a key it has takes any path below it
            layout_ok = all(p not in _LAYOUT_ARRAYS and _top(p) in have for p, _ in changes)
            if layout_ok:
                # One plotly update message, built directly: the values come from the charts, in
                # the form plotly validated when the widget was built, so they are written into
                # the widget's own figure data (what ``fw.data``/``fw.layout`` read) without being
                # validated again path by path, and sent as one Plotly.update.
                indexes = sorted({i for i, _, _ in trace_changes})
                slot = {i: k for k, i in enumerate(indexes)}
                restyle: dict[str, list] = {}
                for i, path, value in trace_changes:
                    restyle.setdefault(path, [Undefined] * len(indexes))[slot[i]] = value
                    set_path(fw._data[i], path, value)
                for path, value in changes:
                    set_path(fw._layout, path, value)
                relayout = dict(changes)
                if restyle:  # plotly.js guesses the type of an axis again when its data change:
                    for key, axis in layout.items():  # state the types the figure gives
                        if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict) and axis.get("type"):
                            relayout.setdefault(f"{key}.type", axis["type"])
                fw._send_update_msg(restyle_data=restyle, relayout_data=relayout, trace_indexes=indexes)
            else:  # a new layout key (a second legend), new lists of annotations or shapes:
                # validated, and whole top-level values (plotly.js reads "annotations[2].x",
                # not the "annotations.2.x" a batch of element edits would send)
                with fw.batch_update():
                    for i in sorted({i for i, _, _ in trace_changes}):
                        for top in {_top(p) for j, p, _ in trace_changes if j == i}:
                            fw.data[i][top] = data[i].get(top)
                    for top in {_top(p) for p, _ in changes}:
                        fw.layout[top] = layout.get(top)
        self.data, self.layout = data, layout
        return len(changes) + len(trace_changes)

    def _axes_as_shown(self) -> dict:
        """The layout last sent, with the axis ranges the widget has now (a zoom in the browser)."""
        out = self.layout
        for key, axis in self.layout.items():
            if not (key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict)):
                continue
            now = self.fw.layout[key]
            rng, auto = now.range, now.autorange
            if same(axis.get("range"), rng) and axis.get("autorange") == auto:
                continue
            axis = dict(axis)
            for k, v in (("range", rng), ("autorange", auto)):
                if v is None:
                    axis.pop(k, None)
                else:
                    axis[k] = list(v) if k == "range" else v
            out = dict(out) if out is self.layout else out
            out[key] = axis
        return out


def _dates(a: np.ndarray) -> np.ndarray:
    """Datetimes as the ISO texts plotly.js reads (to the millisecond; NaT as ``None``)."""
    ms = a.astype("datetime64[ms]")
    out = np.datetime_as_string(ms, unit="ms").astype(object)
    out[np.isnat(ms)] = None
    return out


def decode(obj):
    """Plain JSON with plotly's typed arrays (``{"dtype": "f8", "bdata": ...}``, as
    ``to_plotly_json`` gives numeric arrays) turned back into numpy arrays, so values compare;
    datetimes (numpy arrays, ``Timestamp``s) as the ISO texts plotly.js reads, since a widget's
    update is sent as it is, without the conversions a validated figure makes."""
    if isinstance(obj, np.ndarray):
        return _dates(obj) if obj.dtype.kind == "M" else obj
    if isinstance(obj, (_dt.datetime, _dt.date, np.datetime64)):
        return None if pd.isna(obj) else pd.Timestamp(obj).isoformat()
    if isinstance(obj, dict):
        if "bdata" in obj and "dtype" in obj:
            arr = np.frombuffer(base64.b64decode(obj["bdata"]), dtype=np.dtype(obj["dtype"]))
            if obj.get("shape"):
                arr = arr.reshape(tuple(int(x) for x in str(obj["shape"]).split(",")))
            return arr
        return {k: decode(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)) and obj and isinstance(obj[0], (dict, list, _dt.date, np.datetime64)):
        return [decode(v) for v in obj]
    return obj


def decode_layout(layout: dict) -> dict:
    return {k: (v if k == "template" else decode(v)) for k, v in layout.items()}


def same(a, b) -> bool:
    """Equal plain-JSON values (numpy arrays compared by value)."""
    if a is b:
        return True
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        try:
            x, y = np.asarray(a), np.asarray(b)
            if x.shape != y.shape:
                return False
            if x.dtype.kind == "f" and y.dtype.kind == "f":
                return bool(np.array_equal(x, y, equal_nan=True))
            return bool(np.array_equal(x, y))
        except (TypeError, ValueError):
            return False
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


_WHOLE = {"meta"}
_LAYOUT_ARRAYS = {"annotations", "shapes", "images", "selections", "sliders", "updatemenus"}  # values that are data, not plotly objects: sent whole


def diff(old, new, prefix: str, out: list) -> None:
    """Append to ``out`` the ``(path, value)`` pairs that turn ``old`` into ``new`` (plain JSON):
    down into dicts and into lists of dicts of the same length (``annotations[3].text``); a
    key that is gone is set to ``None``."""
    if old is new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for k, v in new.items():
            path = f"{prefix}.{k}" if prefix else k
            if k not in old:
                out.append((path, v))
            elif k in _WHOLE:
                if not same(old[k], v):
                    out.append((path, v))
            else:
                diff(old[k], v, path, out)
        for k in old:
            if k not in new:
                out.append((f"{prefix}.{k}" if prefix else k, None))
        return
    if (isinstance(old, (list, tuple)) and isinstance(new, (list, tuple)) and len(old) == len(new) and new
            and all(isinstance(x, dict) for x in old) and all(isinstance(x, dict) for x in new)):
        for i, (a, b) in enumerate(zip(old, new)):
            diff(a, b, f"{prefix}[{i}]", out)
        return
    if not same(old, new):
        out.append((prefix, new))


_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def set_path(obj: dict, path: str, value) -> None:
    """Set ``path`` (``"annotations[2].text"``, ``"marker.size"``) in plain JSON ``obj``, in place,
    making the dicts along the way; ``None`` removes the key."""
    tokens = [int(i) if i else k for k, i in _TOKEN.findall(path)]
    node = obj
    for t, nxt in zip(tokens[:-1], tokens[1:]):
        if isinstance(t, int):
            node = node[t]
            continue
        child = node.get(t)
        if child is None:
            child = node[t] = [] if isinstance(nxt, int) else {}
        node = child
    last = tokens[-1]
    if value is None and not isinstance(last, int):
        node.pop(last, None)
    else:
        node[last] = value


def _top(path: str) -> str:
    """The top-level key of a property path (``"annotations[2].text"`` → ``"annotations"``)."""
    return path.split(".", 1)[0].split("[", 1)[0]
