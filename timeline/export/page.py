"""The page itself: the HTML template filled in, its inline scripts, their Content-Security-Policy, and safe JSON.

Safety: all data text reaches the page as JSON in ``<script type="application/json">``
(:func:`json_for_script`: ``<``, ``>``, ``&``, U+2028 and U+2029 escaped) and the page's script
inserts it with ``textContent``; the header holds numbers and dates only; the inline scripts
(the base map's topojson, plotly.js, then the page's ``search.js``, ``engine.js``, ``deaths.js`` and ``page.js``
from ``timeline/assets/export/``) are the only ones allowed to run, by their SHA-256 hashes
(:func:`csp`).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import string
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import __version__
from .. import figures as F
from ..model import Timeline
from .payload import data_date, generated_text

__all__ = ["SCRIPTS", "asset", "plotly_js", "script_text", "csp", "json_for_script", "header_html", "assemble",
           "write_text"]

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "export"
#: The page's own scripts, in the order they run (after the topojson and plotly.js).
SCRIPTS = ("search.js", "engine.js", "deaths.js", "page.js")


def asset(name: str) -> str:
    """A file of ``timeline/assets/export/`` as text."""
    return (ASSETS / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def plotly_js() -> str:
    """plotly.js, as the plotly package ships it."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def script_text(js: str) -> str:
    """JavaScript made safe to sit inside ``<script>…</script>``: no ``</script`` or ``<!--``
    (plotly.js has neither today; ``<\\/`` is the same string in JavaScript)."""
    return js.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT").replace("<!--", "<\\!--")


def csp(scripts: list[str]) -> str:
    """A strict Content-Security-Policy: only the page's own inline scripts (by hash), no network,
    no plugins, no forms, no base URL. Styles may be inline (plotly sets style attributes)."""
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode('utf-8')).digest()).decode()}'"
                      for s in scripts)
    return ("default-src 'none'; "
            f"script-src {hashes}; "
            "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; connect-src 'none'; "
            "object-src 'none'; base-uri 'none'; form-action 'none'")


_JS_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_for_script(obj: Any) -> str:
    """JSON that cannot end its ``<script>`` block early: ``<``, ``>``, ``&``, U+2028 and U+2029
    as ``\\uXXXX`` escapes (the same string once parsed)."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return re.sub("[<>&\u2028\u2029]", lambda m: _JS_ESCAPES[m.group()], text)


def _fmt_day(ts) -> str:
    return f"{ts.day} {ts:%b %Y}"


def header_html(tl: Timeline, generated) -> str:
    """The header's facts: numbers and dates only (data text goes through the JSON block)."""
    counts = [(len(tl), "events"), (len(tl.sources), "sources"),
              (len(tl.casualty_reports), "casualty figures"), (len(tl.reporters), "reporters")]
    items = "".join(f"<li><strong>{n:,}</strong> {html.escape(label if n != 1 else label[:-1])}</li>"
                    for n, label in counts)
    as_of = data_date(tl)
    facts = [f"<p class='span'>{html.escape(tl.span_text())}</p>", f"<ul class='counts'>{items}</ul>"]
    meta = []
    if as_of is not None:
        meta.append(f"Data as of {html.escape(_fmt_day(as_of))} (the latest date of an event, figure or source)")
    gen = generated_text(generated)
    if gen:
        meta.append(f"page generated {html.escape(gen)}")
    if meta:
        facts.append(f"<p class='asof'>{' · '.join(meta)}</p>")
    return "\n".join(facts)


def assemble(tl: Timeline, title: str, generated, data: dict) -> str:
    """The page: ``page.html`` filled with the style, the header, the count line, the JSON block
    and the scripts, under a CSP naming exactly those scripts."""
    scripts = [F.geo_assets_script(), script_text(plotly_js()), *(script_text(asset(n)) for n in SCRIPTS)]
    status, _, summary = data["initial_summary"].partition(" · ")
    return string.Template(asset("page.html")).substitute(
        csp=csp(scripts),  # letters, digits, base64 and single quotes: nothing to escape in "…"
        title=html.escape(title),
        css=asset("page.css"),
        header=header_html(tl, generated),
        status=html.escape(status),
        summary=html.escape(summary),
        version=html.escape(__version__),
        data=json_for_script(data),
        geo_js=scripts[0],
        plotly_js=scripts[1],
        search_js=scripts[2],
        engine_js=scripts[3],
        deaths_js=scripts[4],
        page_js=scripts[5],
    )


def write_text(fh, text: str, chunk: int = 1 << 20) -> None:
    """Write ``text`` in 1 MB chunks (a failure can happen mid-file; the caller cleans up)."""
    for i in range(0, len(text), chunk):
        fh.write(text[i:i + chunk])
