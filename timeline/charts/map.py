"""The map chart: paints a :class:`~timeline.views.map.MapView` as plotly figure JSON.

:func:`paint` gives ``{"data": [...], "layout": {...}}`` built as plain dicts (``go.Figure``
accepts it): a ``scattergeo`` trace of dots per category (area proportional to the number of
events, or to the deaths given for them when the view is sized by deaths; several categories at one place set side by side on a small ring, :func:`dodge`),
the place names that fit (:func:`label_positions`, a deterministic greedy placement), on the
offline base map of :mod:`timeline.geo`; on the map of Syria, an inset of the coast and
the neighbours named in grey. Beside the map, the places it cannot place, cut to the lines
that fit above the note (the rest counted).

The traces come from the view's :class:`~timeline.views.map.MapFrame` (the whole timeline), so
every view of one timeline has the same traces in the same order — empty where a view has no
dot — and the same layout keys. Trace ``meta``: ``{"role": "place", "category", "geo"}``,
``{"role": "label", "geo"}``, ``{"role": "context"}``, ``{"role": "inset-box"}``; annotation
names: ``"inset-title"``, ``"unplaced"``, ``"empty"``, ``"source"``, ``"note"``.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from . import theme as T
from . import wording as W
from ..labels import esc_list
from ..geo import (INSET_DOMAIN, MAIN_DOMAIN, MAP_HEIGHT, MAP_MARGIN, frame_px, in_region, inset_box,
                  main_box, merc)
from ..schema import CATEGORIES
from ..views.map import MAX_LISTED, UNPLACED_HEADINGS, MapView

__all__ = ["paint", "label_positions", "dodge", "geo_layout", "unplaced_text", "list_spec", "list_lines",
           "dot_sizes", "dot_sizeref", "sizeref_of", "LIST_WIDTH"]

_BIGGEST_DOT = 34   # px across
_MIN_DOT = 6
_MAX_LABELS = 80    # places considered for a name, biggest first (more never fit)
#: Characters per line of the list beside the map.
LIST_WIDTH = 72
_LINE_PX = T.SIZES["note"] * 1.3  # plotly's line spacing
_PAREN = re.compile(r"\s*\([^)]*\)")
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_LRM = "\u200e"  # after a right-to-left name, keeps its "(12)" on its right


_RANK = {c: i for i, c in enumerate(CATEGORIES)}


def _codes(values) -> np.ndarray:
    """Codes 0, 1, … of the distinct values, in order of first appearance."""
    values = np.asarray(values)
    if values.dtype.kind in "iu":
        uniq, first, inv = np.unique(values, return_index=True, return_inverse=True)
        rank = np.empty(uniq.size, dtype=np.int64)
        rank[np.argsort(first, kind="stable")] = np.arange(uniq.size)
        return rank[inv]
    return pd.factorize(values.astype(object))[0]


# --- geometry -----------------------------------------------------------------------------------------

def label_positions(lon, lat, labels, radius, region: dict, box: tuple[float, float],
                    obstacles: tuple | None = None) -> list[str | None]:
    """Greedy placement of place names, in the order given (biggest place first): the first of
    right / left / above / below (then the four diagonals) whose box stays in the frame and
    touches no name or dot already there; ``None`` when there is no room (the name stays in
    the hover). ``radius``: px radius of each place's dots; ``box``: px (width, height) the
    frame of ``region`` is fitted into; ``obstacles``: ``(lon, lat, radius)`` of more dots
    that get no name but that no name may touch."""
    scale, fw, fh = frame_px(region, box)
    n = len(labels)
    if n == 0:
        return []
    if obstacles is not None:
        lon, lat, radius = (np.r_[np.asarray(a, dtype=float), np.asarray(b, dtype=float)]
                            for a, b in zip((lon, lat, radius), obstacles))
    px_all = np.radians(np.asarray(lon, dtype=float) - region["lon"][0]) * scale
    py_all = (merc(region["lat"][1]) - merc(np.asarray(lat, dtype=float))) * scale
    r_all = np.asarray(radius, dtype=float)
    px, py, radius = px_all[:n], py_all[:n], r_all[:n]
    tw = np.array([len(t) for t in labels], dtype=float) * 6.9 + 4
    th = 15.0
    r = radius + 2
    x, y = px, py
    # (n, 8, 4): the eight candidate boxes of each name, in the order they are tried
    cand = np.stack([
        np.stack([x + r, y - th / 2, x + r + tw, y + th / 2], axis=-1),
        np.stack([x - r - tw, y - th / 2, x - r, y + th / 2], axis=-1),
        np.stack([x - tw / 2, y - r - th, x + tw / 2, y - r], axis=-1),
        np.stack([x - tw / 2, y + r, x + tw / 2, y + r + th], axis=-1),
        np.stack([x + r * 0.7, y - r * 0.7 - th, x + r * 0.7 + tw, y - r * 0.7], axis=-1),
        np.stack([x + r * 0.7, y + r * 0.7, x + r * 0.7 + tw, y + r * 0.7 + th], axis=-1),
        np.stack([x - r * 0.7 - tw, y - r * 0.7 - th, x - r * 0.7, y - r * 0.7], axis=-1),
        np.stack([x - r * 0.7 - tw, y + r * 0.7, x - r * 0.7, y + r * 0.7 + th], axis=-1),
    ], axis=1)
    ok = (cand[..., 0] >= 2) & (cand[..., 2] <= fw - 2) & (cand[..., 1] >= 2) & (cand[..., 3] <= fh - 2)
    dots = np.c_[px_all - r_all, py_all - r_all, px_all + r_all, py_all + r_all]
    # clear of every other dot: only dots within reach of a name's boxes can touch them
    reach_x, reach_y = r + tw + 1, r + th + 1
    near = (np.abs(px[:, None] - px_all[None, :]) <= reach_x[:, None] + r_all[None, :]) \
        & (np.abs(py[:, None] - py_all[None, :]) <= reach_y[:, None] + r_all[None, :])
    near[np.arange(n), np.arange(n)] = False  # a name's own dot does not count
    i, j = np.nonzero(near)
    if i.size:
        c, o = cand[i], dots[j]  # (pairs, 8, 4), (pairs, 4)
        touch = ~((c[:, :, 2] < o[:, None, 0]) | (c[:, :, 0] > o[:, None, 2])
                  | (c[:, :, 3] < o[:, None, 1]) | (c[:, :, 1] > o[:, None, 3]))
        for k in range(touch.shape[1]):
            ok[:, k] &= np.bincount(i, weights=touch[:, k], minlength=n) == 0
    names = ("middle right", "middle left", "top center", "bottom center", "top right", "bottom right",
             "top left", "bottom left")
    taken = np.zeros((n, 4))
    n_taken = 0
    out: list[str | None] = [None] * n
    for i in np.flatnonzero(ok.any(axis=1)).tolist():  # the names with a place clear of every dot
        ok_i = ok[i]
        if n_taken:
            t = taken[:n_taken]
            c = cand[i]
            ok_i = ok_i & ((c[:, None, 2] < t[None, :, 0]) | (c[:, None, 0] > t[None, :, 2])
                           | (c[:, None, 3] < t[None, :, 1]) | (c[:, None, 1] > t[None, :, 3])).all(axis=1)
        if ok_i.any():
            k = int(ok_i.argmax())
            taken[n_taken] = cand[i, k]
            n_taken += 1
            out[i] = names[k]
    return out


def dodge(place, category, n, lon, lat, region: dict, box: tuple[float, float], sizeref: float):
    """Positions of the dots of one place with several categories, set side by side on a small
    ring around the place (a few pixels) so none hides another; a place's dots go round in
    category order. ``place``: the place of each dot (any values: ids or row numbers).
    Returns (lon, lat, px radius of the whole cluster) per dot."""
    scale, _, _ = frame_px(region, box)
    n = np.asarray(n)
    radius = np.maximum(np.sqrt(n / sizeref), _MIN_DOT) / 2
    rank = np.array([_RANK.get(c, len(_RANK)) for c in np.asarray(category, dtype=object).tolist()], dtype=np.int64)
    code = _codes(place)
    size = len(code)
    if size == 0:
        empty = np.zeros(0)
        return empty, empty, empty
    k = np.bincount(code)[code]
    order = np.lexsort((np.arange(size), rank, code))  # by place, then category, then position
    sorted_code = code[order]
    starts = np.flatnonzero(np.r_[True, sorted_code[1:] != sorted_code[:-1]])
    j = np.empty(size, dtype=np.float64)
    j[order] = np.arange(size) - np.repeat(starts, np.diff(np.r_[starts, size]))  # rank within the place
    r_max = np.maximum.reduceat(radius[order], starts)[code]  # the widest dot of the place (codes 0, 1, …)
    ring = r_max * 0.8 * (k > 1)
    angle = 2 * np.pi * j / np.maximum(k, 1) + np.pi / 2
    out_lon = np.asarray(lon, dtype=float) + np.degrees(ring * np.cos(angle) / scale)
    y = merc(np.asarray(lat, dtype=float)) + ring * np.sin(angle) / scale
    out_lat = np.degrees(2 * np.arctan(np.exp(y)) - np.pi / 2)
    return out_lon, out_lat, ring + r_max


def geo_layout(region: dict, domain: dict, topojson: str) -> dict:
    """A ``geo`` subplot framing ``region`` on the shipped base map ``topojson``
    (``"<scope>_<resolution>m"``), in ``domain`` (paper fractions)."""
    scope, res = topojson.rsplit("_", 1)
    return dict(
        scope=scope, resolution=int(res.rstrip("m")), projection=dict(type="mercator"), domain=domain,
        lonaxis=dict(range=list(region["lon"])), lataxis=dict(range=list(region["lat"])),
        showland=True, landcolor="#EEECE7", showocean=True, oceancolor="#DDE8F0", showlakes=True,
        lakecolor="#DDE8F0", showrivers=False, showcountries=True, countrycolor="#9A9A9A", countrywidth=0.8,
        showcoastlines=True, coastlinecolor="#A9BCC9", coastlinewidth=0.8, showframe=True, framecolor="#C8C8C8",
        framewidth=1, bgcolor="white", showsubunits=False,
    )


# --- traces -----------------------------------------------------------------------------------------

def dot_sizes(view: MapView) -> np.ndarray:
    """What each dot's area shows: its events, or (``size_by="deaths"``) the deaths given for them."""
    return view.deaths if view.size_by == "deaths" and view.deaths is not None else view.n


def dot_sizeref(view: MapView) -> float:
    """plotly's ``marker.sizeref`` for the dots of ``view`` (:func:`sizeref_of` their sizes)."""
    return sizeref_of(dot_sizes(view))


def sizeref_of(size: np.ndarray) -> float:
    """plotly's ``marker.sizeref`` for dots of these sizes (areas): the biggest gets the largest dot."""
    return float(max(size.max(), 1) if size.size else 1) / _BIGGEST_DOT ** 2


def _hover(view: MapView, rows: np.ndarray) -> np.ndarray:
    what = {c: T.category_label(c).lower() for c in set(view.category[rows].tolist())}
    deaths = view.deaths[rows].tolist() if view.size_by == "deaths" and view.deaths is not None else None
    who = esc_list([view.reporter or ""])[0]
    out = []
    for i, (head, k, c, ln) in enumerate(zip(view.header[rows].tolist(), view.n[rows].tolist(),
                                             view.category[rows].tolist(), view.lines[rows].tolist())):
        dots = W.MAP_DOT_EVENTS.format(n=k, category=what[c]) + ("s" if k > 1 else "")
        if deaths is not None:
            dots += " · " + W.MAP_DOT_DEATHS.format(n=int(deaths[i]), reporter=who)
        out.append(f"{head}<br>{dots}:<br>{ln}")
    return np.asarray(out, dtype=object)


def _geo_traces(view: MapView, rows: np.ndarray, geo: str, region: dict, box: tuple[float, float],
                sizeref: float, categories: tuple[str, ...], skip_labels: dict | None) -> list[dict]:
    """One trace of dots per category of ``categories`` (empty when the view has none) and one
    of names, for the dots ``rows`` of the view on the subplot ``geo``."""
    cat = view.category[rows]
    n = dot_sizes(view)[rows]
    by_deaths = view.size_by == "deaths"  # a dot with no death drawn small and faint, not hidden
    place_id = view.place_id[rows]
    hover = _hover(view, rows)
    lon_dot, lat_dot, extent = dodge(view.place[rows], cat, n, view.lon[rows], view.lat[rows], region, box, sizeref)
    out: list[dict] = []
    for category in categories:  # the biggest category first, so smaller dots are drawn on top
        sel = cat == category
        out.append(dict(
            type="scattergeo", lon=lon_dot[sel], lat=lat_dot[sel], geo=geo,
            mode="markers", customdata=place_id[sel],
            marker=dict(size=np.maximum(n[sel], 1e-3) if by_deaths else n[sel], sizemode="area", sizeref=sizeref,
                        sizemin=_MIN_DOT, color=T.category_color(category),
                        opacity=np.where(n[sel] > 0, 0.85, 0.3) if by_deaths else 0.85,
                        line=dict(color="white", width=1)),
            name=T.category_label(category), legendgroup=category, showlegend=geo == "geo" and bool(sel.any()),
            legendrank=1000 + list(CATEGORIES).index(category) if category in CATEGORIES else 2000,
            hovertext=hover[sel], hovertemplate="%{hovertext}<extra></extra>",
            meta={"role": "place", "category": category, "geo": geo}))
    label = dict(type="scattergeo", geo=geo, mode="markers+text", lon=[], lat=[], text=[], textposition=[],
                 marker=dict(size=[], color="rgba(0,0,0,0)", line=dict(width=0)),
                 textfont=dict(size=12, color=T.INK), hoverinfo="skip", showlegend=False,
                 meta={"role": "label", "geo": geo})
    out.append(label)
    if not rows.size:
        return out
    # one row per place, in order of first appearance: its widest dot, its events, name, position
    code = _codes(view.place[rows])
    first = np.unique(code, return_index=True)[1]
    p_extent = np.full(first.size, -np.inf)
    np.maximum.at(p_extent, code, extent)
    p_total = np.bincount(code, weights=n, minlength=first.size).astype(np.int64)
    p_name = view.name[rows][first]
    p_lon, p_lat = view.lon[rows][first], view.lat[rows][first]
    inside = in_region(p_lon, p_lat, region)
    if skip_labels:
        inside &= ~in_region(p_lon, p_lat, skip_labels)
    ranked = np.flatnonzero(inside)
    ranked = ranked[np.argsort(-p_total[ranked], kind="stable")]  # biggest first
    cand, others = ranked[:_MAX_LABELS], ranked[_MAX_LABELS:]
    if not cand.size:
        return out
    names = [_PAREN.sub("", str(x)).strip() for x in p_name[cand]]
    diam = 2 * p_extent[cand]  # px across the dots of the place
    pos = label_positions(p_lon[cand], p_lat[cand], names, diam / 2, region, box,
                          obstacles=(p_lon[others], p_lat[others], p_extent[others]) if others.size else None)
    keep = np.array([p is not None for p in pos])
    if keep.any():
        # invisible markers as big as the dots, so plotly sets each name beside its dot, not over it
        label.update(lon=p_lon[cand][keep], lat=p_lat[cand][keep],
                     text=np.array(esc_list([t for t, k in zip(names, keep) if k]), dtype=object),
                     textposition=[p for p in pos if p is not None], marker=dict(label["marker"], size=diam[keep] + 2))
    return out


# --- the list beside the map ------------------------------------------------------------------------

def _wrap(items: list[str], lengths: list[int], width: int) -> list[str]:
    """Items joined with ", " into lines of about ``width`` visible characters."""
    lines, cur, cur_len = [], "", 0
    for it, n in zip(items, lengths):
        if cur and cur_len + 2 + n > width:
            lines.append(cur + ",")
            cur, cur_len = it, n
        else:
            cur, cur_len = (f"{cur}, {it}", cur_len + 2 + n) if cur else (it, n)
    if cur:
        lines.append(cur)
    return lines


def list_top(frame) -> float:
    """Where the list beside the map starts (paper y): under the inset, or at the top."""
    return 1.0 if frame.inset is None else INSET_DOMAIN["y"][0] - 0.04


def list_lines(frame) -> int:
    """How many lines the list beside the map has room for, above the note."""
    plot_h = main_box()[1] / (MAIN_DOMAIN["y"][1] - MAIN_DOMAIN["y"][0])
    return int((list_top(frame) * plot_h + 4) // _LINE_PX)


def list_spec(frame) -> dict:
    """How the list beside the map is written, for a page that writes it again for a filtered
    view (the rules of :func:`unplaced_text`): line ``width``, ``max_lines``, places listed at most
    (``max_listed``), the phrases with their ``{fields}``, and the right-to-left letters after
    which a left-to-right mark keeps a count on the right."""
    return {"width": LIST_WIDTH, "max_lines": list_lines(frame), "max_listed": MAX_LISTED,
            "not_on_map": W.MAP_NOT_ON_MAP, "heading": W.MAP_UNPLACED_HEADING, "rest": W.MAP_UNPLACED_REST,
            "count": W.MAP_UNPLACED_COUNT, "rtl": _RTL.pattern,
            "headings": [[UNPLACED_HEADINGS[k], k] for k in ("none", "outside")]}


def unplaced_text(view: MapView, max_lines: int | None = None, width: int = LIST_WIDTH) -> tuple[str, str]:
    """The list beside the map — how many events are on no dot, then the places without
    coordinates and those outside the frame with their numbers of events — in at most
    ``max_lines`` lines (places that do not fit are counted in a last item: "and N more
    places (M events)"). Returns (text, hover text naming a few events of each place listed)."""
    budget = 10 ** 6 if max_lines is None else max_lines
    blocks: list[list[str]] = []
    hover: list[str] = []
    if view.n_unplaced:
        blocks.append(W.MAP_NOT_ON_MAP.format(n=f"{view.n_unplaced:,}", total=f"{view.n_events:,}").split("<br>"))
    for u in view.unplaced:
        used = sum(len(b) for b in blocks) + len(blocks)  # lines so far, and a blank line before this block
        room = budget - used - 1  # lines for the places, under the heading
        if room < 0:
            break
        if room == 0:  # room for one line: how many places and events, no names
            total_p = len(u.names) + u.rest_places
            blocks.append([W.MAP_UNPLACED_COUNT.format(heading=u.heading, places=f"{total_p:,}",
                                                       events=f"{sum(u.counts) + u.rest_events:,}")])
            continue
        items = [f"{esc_list([nm])[0]}{_LRM if _RTL.search(nm) else ''} ({k:,})"
                 for nm, k in zip(u.names, u.counts)]
        lengths = [len(nm) + len(f" ({k:,})") for nm, k in zip(u.names, u.counts)]
        k = len(items)
        while True:
            rest_p = u.rest_places + len(items) - k
            rest_e = u.rest_events + sum(u.counts[k:])
            tail = [W.MAP_UNPLACED_REST.format(places=f"{rest_p:,}", events=f"{rest_e:,}")] if rest_p else []
            lines = _wrap(items[:k] + tail, lengths[:k] + [len(t) for t in tail], width)
            if len(lines) <= room or k == 0:
                break
            k -= 1
        blocks.append([W.MAP_UNPLACED_HEADING.format(heading=u.heading)] + lines[:room])
        for nm, titles, n in zip(u.names[:k], u.titles[:k], u.counts[:k]):
            more = "; …" if n > len(titles) else ""
            hover.append(f"<b>{esc_list([nm])[0]}</b>: {'; '.join(esc_list(titles))}{more}")
    return "<br><br>".join("<br>".join(b) for b in blocks), "<br>".join(hover)


# --- the figure ---------------------------------------------------------------------------------------

def paint(view: MapView) -> dict:
    """The map of ``view`` as plotly figure JSON (``{"data": [...], "layout": {...}}``)."""
    fr = view.frame
    box_main, box_inset = main_box(), inset_box()
    sizeref = dot_sizeref(view)
    data: list[dict] = []
    if fr.syria:
        lon, lat, ctx = zip(*W.MAP_CONTEXT_LABELS)
        data.append(dict(type="scattergeo", lon=list(lon), lat=list(lat), text=list(ctx), mode="text", geo="geo",
                         hoverinfo="skip", showlegend=False, textfont=dict(size=11, color=T.FAINT),
                         meta={"role": "context"}))
    all_rows = np.arange(len(view.n))
    data += _geo_traces(view, all_rows, "geo", fr.region, box_main, sizeref, fr.categories, fr.inset)
    layout: dict = {"geo": geo_layout(fr.region, MAIN_DOMAIN, fr.topojson)}
    own: list[dict] = []
    list_top = 1.0
    if fr.inset is not None:
        lo, la = fr.inset["lon"], fr.inset["lat"]
        data.append(dict(type="scattergeo", lon=[lo[0], lo[1], lo[1], lo[0], lo[0]],
                         lat=[la[0], la[0], la[1], la[1], la[0]], mode="lines", line=dict(color="#4A4A4A", width=1),
                         geo="geo", hoverinfo="skip", showlegend=False, meta={"role": "inset-box"}))
        rows = all_rows[in_region(view.lon, view.lat, fr.inset)]
        data += _geo_traces(view, rows, "geo2", fr.inset, box_inset, sizeref, fr.inset_categories, None)
        layout["geo2"] = geo_layout(fr.inset, INSET_DOMAIN, fr.topojson)
        own.append(dict(name="inset-title", text=W.MAP_INSET_TITLE, xref="paper", yref="paper",
                        x=INSET_DOMAIN["x"][0], y=INSET_DOMAIN["y"][1], xanchor="left", yanchor="bottom",
                        showarrow=False, font=dict(size=T.SIZES["annotation"], color=T.INK)))
        list_top = INSET_DOMAIN["y"][0] - 0.04
    text, hover = unplaced_text(view, max_lines=list_lines(fr))
    own.append(dict(name="unplaced", text=text or " ", hovertext=hover or None, visible=bool(text), xref="paper",
                    yref="paper", x=INSET_DOMAIN["x"][0], y=list_top, xanchor="left", yanchor="top", align="left",
                    showarrow=False, font=dict(size=T.SIZES["note"], color=T.MUTED)))
    own.append(dict(name="empty", text=W.EMPTY_TEXT, showarrow=False, font=dict(size=16, color=T.MUTED),
                    x=0.5, y=0.5, xref="paper", yref="paper", visible=view.n_events == 0))
    subtitle = (W.MAP_SUBTITLE_DEATHS.format(reporter=esc_list([view.reporter or ""])[0], span=view.span_text)
                if view.size_by == "deaths" else W.MAP_SUBTITLE.format(span=view.span_text))
    themed = T.frame(W.MAP_TITLE, subtitle, view.publishers,
                     note=W.MAP_NOTE_SYRIA if fr.syria else W.MAP_NOTE_WORLD, axis_room=10, height=MAP_HEIGHT,
                     left=MAP_MARGIN["l"], right=MAP_MARGIN["r"])
    notes = themed.pop("annotations")
    themed["legend"] = dict(themed.get("legend") or {}, itemsizing="constant")
    layout.update(themed, height=MAP_HEIGHT, annotations=own + notes)
    return {"data": data, "layout": layout}
