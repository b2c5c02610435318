"""The base map for plotly.js in the browser, handed over by an invisible widget (no network needed)."""

from __future__ import annotations

import anywidget
import ipywidgets as W
import traitlets

from ..geo import GEO_TOPOJSON, geo_topojson_text

__all__ = ["GeoAssets"]


class GeoAssets(anywidget.AnyWidget):
    """An invisible widget that hands the shipped base map to plotly.js in the browser, so the map
    draws with no network (plotly.js would otherwise fetch its topojson from a CDN)."""

    _esm = """
    function register(model) {
      const name = model.get("name");
      window.PlotlyGeoAssets = window.PlotlyGeoAssets || {};
      window.PlotlyGeoAssets.topojson = window.PlotlyGeoAssets.topojson || {};
      if (!window.PlotlyGeoAssets.topojson[name]) {
        window.PlotlyGeoAssets.topojson[name] = JSON.parse(model.get("topojson"));
      }
    }
    export default { initialize({ model }) { register(model); }, render({ model }) { register(model); } };
    """
    name = traitlets.Unicode().tag(sync=True)
    topojson = traitlets.Unicode().tag(sync=True)

    def __init__(self):
        super().__init__(name=GEO_TOPOJSON, topojson=geo_topojson_text(),
                         layout=W.Layout(display="none"))
