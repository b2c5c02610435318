"""Write every figure of a timeline to PNG: ``python -m timeline.render docs/``.

Uses kaleido (``pip install "syria-timeline[render]"``) with a Chromium it finds by itself
(Debian's ``/usr/bin/chromium`` works). Nothing is fetched from the network: MathJax is turned
off and the map's base map comes from the package (:func:`timeline.figures.use_offline_geo`).
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path
from typing import Callable

import plotly.graph_objects as go

from . import figures
from .loading import load
from .model import Timeline

__all__ = ["FIGURES", "render_all", "write_png", "to_png", "start_renderer", "stop_renderer", "main"]

WIDTH = 1200

#: file name → builder
FIGURES: dict[str, Callable[[Timeline], go.Figure]] = {
    "timeline.png": figures.timeline_figure,
    "toll.png": figures.toll_figure,
    "counts.png": figures.counts_figure,
    "map.png": figures.map_figure,
    "overview.png": figures.overview_figure,
}


def _kaleido():
    try:
        import kaleido
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError('Rendering PNGs needs kaleido: pip install "syria-timeline[render]" '
                          '(or pip install "kaleido>=1")') from None
    return kaleido


def start_renderer() -> None:
    """Start kaleido's shared browser once, so later images reuse it, with MathJax off so the page
    loads nothing from a CDN."""
    kaleido = _kaleido()
    if hasattr(kaleido, "start_sync_server"):
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)


def stop_renderer() -> None:
    kaleido = _kaleido()
    if hasattr(kaleido, "stop_sync_server"):
        kaleido.stop_sync_server(silence_warnings=True)


MAX_BYTES = 400 * 1024
SCALES = (2, 1.75, 1.5)


def to_png(fig: go.Figure, width: int = WIDTH, scale: float = 2) -> bytes:
    """PNG bytes of ``fig`` at ``width`` × the figure's own height, ``scale``× pixels."""
    figures.use_offline_geo()
    with warnings.catch_warnings():  # plotly warns that kopts are ignored when kaleido's server runs
        warnings.filterwarnings("ignore", message="The kopts argument is ignored")
        return fig.to_image(format="png", width=width, height=fig.layout.height or 650, scale=scale)


def write_png(fig: go.Figure, path: str | Path, width: int = WIDTH, scale: float | None = None,
              max_bytes: int = MAX_BYTES) -> tuple[Path, float]:
    """Write ``fig`` to ``path`` (atomically). With ``scale=None``, the sharpest of
    :data:`SCALES` whose file stays under ``max_bytes`` (the last one otherwise).
    Returns the path and the scale used."""
    path = Path(path)
    for s in ([scale] if scale is not None else SCALES):
        data = to_png(fig, width, s)
        if len(data) <= max_bytes:
            break
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return path, s


def render_all(out_dir: str | Path, tl: Timeline | None = None, scale: float | None = None,
               log: Callable[[str], None] = print) -> list[Path]:
    """Write :data:`FIGURES` of ``tl`` (the bundled data by default) into ``out_dir``, each at
    :data:`WIDTH` px wide and ``scale`` (default: 2, less when the file would pass 400 kB)."""
    tl = tl if tl is not None else load()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    start_renderer()
    written = []
    try:
        for name, build in FIGURES.items():
            t0 = time.perf_counter()
            fig = build(tl)
            t1 = time.perf_counter()
            path, used = write_png(fig, out / name, scale=scale)
            t2 = time.perf_counter()
            size = path.stat().st_size
            log(f"wrote {path}  {WIDTH}×{int(fig.layout.height or 650)} @{used:g}x  {size / 1024:.0f} kB  "
                f"(build {1000 * (t1 - t0):.0f} ms, render {1000 * (t2 - t1):.0f} ms)")
            written.append(path)
    finally:
        stop_renderer()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m timeline.render",
                                     description="Write every figure of the timeline to PNG files.")
    parser.add_argument("out_dir", help="folder to write timeline.png, toll.png, counts.png, map.png, overview.png")
    parser.add_argument("--data", help="data folder (default: the bundled data)")
    parser.add_argument("--scale", type=float, default=None,
                        help="pixel density (default: 2, or 1.75 / 1.5 when a file would pass 400 kB)")
    args = parser.parse_args(argv)
    tl = load(args.data) if args.data else None
    render_all(args.out_dir, tl, scale=args.scale)
    return 0


if __name__ == "__main__":
    sys.exit(main())
