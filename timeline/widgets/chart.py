"""A plotly FigureWidget whose browser code is loaded once per page, so saved notebooks stay small.

plotly's FigureWidget is an anywidget whose front-end module (about 5 MB, plotly.js inside) is
widget state: every figure of a saved notebook stores a copy. :class:`ChartWidget` behaves as
``go.FigureWidget`` in Python; its front-end module is a small loader
(``timeline/assets/widgets/chart.js``) that asks the kernel for plotly's module once per page (a
message, not saved) with the offline base map for plotly.js, then asks for its figure (not kept
as widget state either) and draws it once it has a size on screen. A saved notebook reopened
without a running kernel shows a note instead of the charts.
"""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path

import plotly.graph_objects as go
import traitlets
from plotly.basewidget import BaseFigureWidget
from plotly.serializers import custom_serializers

from ..geo import GEO_TOPOJSON, geo_topojson_text

__all__ = ["ChartWidget", "CHART_JS", "plotly_widget_module"]

#: the loader every ChartWidget's front end runs
CHART_JS = Path(__file__).resolve().parent.parent / "assets" / "widgets" / "chart.js"


def plotly_widget_module() -> bytes:
    """plotly's own FigureWidget front-end module (the file ``go.FigureWidget`` hands to anywidget)."""
    esm = BaseFigureWidget._esm
    return Path(esm).read_bytes() if isinstance(esm, Path) else str(esm).encode("utf-8")


class ChartWidget(go.FigureWidget):
    """``go.FigureWidget`` with a small front-end module: plotly's module is sent by the kernel
    when the page asks (once per page), then each chart asks for its current figure and draws."""

    _esm = CHART_JS
    # the figure itself is sent when the page asks for it, not kept as widget state: a saved
    # notebook stores no figure data (it could not draw it without a kernel anyway)
    _widget_data = traitlets.List().tag(sync=False, **custom_serializers)
    _widget_layout = traitlets.Dict().tag(sync=False, **custom_serializers)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.on_msg(self._on_front_end)

    def _on_front_end(self, _widget, content, _buffers) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "bundle":  # plotly's module and the base map plotly.js draws maps with
            self.send({"type": "bundle", "topojson": GEO_TOPOJSON},
                      buffers=[plotly_widget_module(), geo_topojson_text().encode("utf-8")])
        elif kind == "sync":  # the figure as it is now (updates sent before the code loaded included)
            self._widget_layout = deepcopy(self._layout_obj._props)
            self._widget_data = deepcopy(self._data)
            self.send_state(["_widget_data", "_widget_layout", "_last_layout_edit_id", "_last_trace_edit_id"])
            self.send({"type": "synced"})
