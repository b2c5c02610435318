"""A widget that hands a file made by the kernel to the browser as a download (Jupyter and Voilà)."""

from __future__ import annotations

from pathlib import Path

import anywidget

__all__ = ["Download", "DOWNLOAD_JS"]

DOWNLOAD_JS = Path(__file__).resolve().parent.parent / "assets" / "widgets" / "download.js"


class Download(anywidget.AnyWidget):
    """Shows nothing until :meth:`offer` sends it a file: the browser then downloads it and the
    widget shows a link to download it again. The file travels as a message, never as widget
    state, so a saved notebook does not keep it."""

    _esm = DOWNLOAD_JS

    def offer(self, name: str, data: bytes, mime: str = "text/html") -> None:
        """Send ``data`` to the browser as the file ``name``."""
        size = f"{len(data) / 1e6:.1f} MB" if len(data) >= 100_000 else f"{len(data) / 1e3:.0f} kB"
        self.send({"type": "file", "name": name, "mime": mime, "size": size}, buffers=[data])
