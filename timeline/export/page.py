"""The page itself: the HTML template filled in, its inline scripts, their Content-Security-Policy, and safe JSON.

Safety: all data text reaches the page as JSON in ``<script type="application/json">``
(:func:`json_for_script`: ``<``, ``>``, ``&``, U+2028 and U+2029 escaped), or packed (below), and
the page's script inserts it with ``textContent``; the header holds numbers and dates only. The
HTML runs one script itself, ``loader.js``; it runs the others in order — the base map's topojson,
plotly.js (the partial bundle in ``timeline/assets/plotly/``), then the page's ``search.js``,
``engine.js``, ``deaths.js``, ``summary.js``, ``share.js`` and ``page.js`` from ``timeline/assets/export/`` — each as
an inline script, and these are the only scripts allowed to run, by their SHA-256 hashes
(:func:`csp`).

Weight: the topojson, plotly.js and, above :data:`~timeline.export.payload.COMPRESS_ABOVE` events,
the data block travel packed (:func:`pack`: gzip, then 7 bits of it per character of text, which
``loader.js`` reverses with the browser's ``DecompressionStream``).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import json
import re
import string
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .. import __version__
from .. import figures as F
from .. import strings as S
from ..model import Timeline
from ..geo import topojson_names
from .payload import COMPRESS_ABOVE, data_date, generated_text

__all__ = ["SCRIPTS", "PLOTLY_BUNDLE", "asset", "plotly_js", "plotly_js_version", "pack", "unpack", "script_text",
           "csp", "json_for_script", "header_html", "header_facts", "fill_strings", "assemble", "render", "write_text"]

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "export"
#: The page's own scripts, in the order they run (after the topojson and plotly.js).
SCRIPTS = ("search.js", "engine.js", "i18n.js", "deaths.js", "summary.js", "share.js", "page.js")
#: The plotly.js the page runs: only the trace types its charts draw (built by
#: ``scripts/build-plotly.sh``; see the README beside it).
PLOTLY_BUNDLE = Path(__file__).resolve().parent.parent / "assets" / "plotly" / "plotly-page.min.js"


def asset(name: str) -> str:
    """A file of ``timeline/assets/export/`` as text."""
    return (ASSETS / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def plotly_js() -> str:
    """The page's plotly.js: :data:`PLOTLY_BUNDLE`, a partial bundle of the plotly.js release the
    plotly package ships (figures written from Python keep plotly's full bundle)."""
    return PLOTLY_BUNDLE.read_text(encoding="utf-8")


def plotly_js_version(js: str | None = None) -> str:
    """The version in a plotly.js bundle's header (default: the page's, :func:`plotly_js`)."""
    m = re.search(r"plotly\.js v(\d+\.\d+\.\d+\S*)", (js if js is not None else plotly_js())[:500])
    if m is None:
        raise ValueError("no 'plotly.js vX.Y.Z' line in the bundle's header")
    return m.group(1)


# ------------------------------------------------------------------------------------------------
# Packed blocks: gzip, then 7 bits per character. Base64 would carry 6 per character. The text
# holds no NUL, CR or "<" (the HTML parser would change the first two, the last could end the
# block): a 7-bit value that is one of ESCAPED is written together with the value after it as one
# character, PAIR + 128 * (its index in ESCAPED) + the next value (two bytes in UTF-8, 14 bits).
# loader.js decodes it.
# ------------------------------------------------------------------------------------------------

ESCAPED = (0x00, 0x0D, 0x3C)
PAIR = 0x100
_WEIGHTS = 1 << np.arange(6, -1, -1)


def pack(data: bytes, level: int = 6) -> tuple[str, int]:
    """``data`` gzip-compressed (no timestamp: the same bytes give the same text), as text with 7
    bits per character and none of NUL, CR or ``<``, and the number of compressed bytes it holds
    (:func:`unpack` and ``loader.js`` need it)."""
    z = gzip.compress(data, compresslevel=level, mtime=0)
    bits = np.unpackbits(np.frombuffer(z, dtype=np.uint8))
    bits = np.concatenate([bits, np.zeros(-len(bits) % 7, dtype=np.uint8)])
    g = bits.reshape(-1, 7) @ _WEIGHTS
    leads, after = [], -1
    for i in np.flatnonzero(np.isin(g, ESCAPED)).tolist():
        if i != after:  # a value already taken as the second of a pair is not a lead
            leads.append(i)
            after = i + 1
    lead = np.asarray(leads, dtype=np.int64)
    has_next = lead + 1 < len(g)
    codes = g.copy()
    codes[lead] = PAIR + 128 * np.searchsorted(ESCAPED, g[lead]) + np.where(
        has_next, g[np.minimum(lead + 1, max(len(g) - 1, 0))], 0)
    keep = np.ones(len(g), dtype=bool)
    keep[lead[has_next] + 1] = False
    return codes[keep].astype("<u4").tobytes().decode("utf-32-le"), len(z)


def unpack(text: str, nbytes: int) -> bytes:
    """The bytes :func:`pack` packed into ``text`` (``nbytes``: the count it returned)."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype="<u4").astype(np.int64)
    pair = codes >= PAIR
    first = np.where(pair, np.asarray(ESCAPED)[np.clip((codes - PAIR) >> 7, 0, len(ESCAPED) - 1)], codes)
    g = np.stack([first, np.where(pair, (codes - PAIR) & 127, -1)], axis=1).ravel()
    g = g[g >= 0]
    bits = ((g[:, None] >> np.arange(6, -1, -1)) & 1).astype(np.uint8).ravel()
    return gzip.decompress(np.packbits(bits[:nbytes * 8]).tobytes())


def _block(text: str, *, run: bool, packs: bool, level: int = 6, attrs: str = "") -> str:
    """One ``<script>`` block the loader reads: code to run (``run``) or data; packed or as it is
    (code as it is is ``text/plain``, so that only the loader runs it)."""
    if packs:
        body, n = pack(text.encode("utf-8"), level)
        return f'<script type="application/octet-stream"{attrs} data-bytes="{n}"{" data-run" if run else ""}>{body}</script>'
    kind = "text/plain" if run else "application/json"
    return f'<script type="{kind}"{attrs}{" data-run" if run else ""}>{text}</script>'


@lru_cache(maxsize=4)
def _packed_script(js: str) -> str:
    return _block(js, run=True, packs=True, level=9)


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


def header_html(tl: Timeline, generated, lang: str = S.DEFAULT_LANG) -> str:
    """The header's facts in ``lang``: numbers and dates only (data text goes through the JSON
    block). The page's script writes the same again when the reader changes the language."""
    counts = {"events": len(tl), "sources": len(tl.sources), "reports": len(tl.casualty_reports),
              "reporters": len(tl.reporters)}
    return header_facts(counts, tl.span, data_date(tl), generated, lang, tl.notes)


def header_facts(counts: dict[str, int], span, as_of, generated, lang: str = S.DEFAULT_LANG, notes=()) -> str:
    """The header's facts from their values: the span (first and last day, or ``None``), the
    ``counts`` of events, sources, reports and reporters (those given, in that order), the day the
    data is as of and the day the page was generated (each ``None`` when not known), and the
    caveats of the data among what reading it noted (``notes``, :func:`timeline.strings.caveats`)."""
    items = "".join(f"<li><strong>{n:,}</strong> {html.escape(S.text(f'header.{key if n != 1 else key[:-1]}', lang))}</li>"
                    for key, n in counts.items())
    span_text = S.text("date.range", lang, **{"from": S.day_text(span[0], lang), "to": S.day_text(span[1], lang)}) \
        if span else ""
    facts = [f"<p class='span'>{html.escape(span_text)}</p>", f"<ul class='counts'>{items}</ul>"]
    meta = []
    if as_of is not None:
        meta.append(html.escape(S.text("header.as_of", lang, date=S.day_text(as_of, lang))))
    gen = generated_text(generated)
    if gen:
        meta.append(html.escape(S.text("header.generated", lang, date=gen)))
    if meta:
        facts.append(f"<p class='asof'>{' · '.join(meta)}</p>")
    facts += [f"<p class='caveat'>{html.escape(S.text(k, lang))}</p>" for k in S.caveats(notes)]
    return "\n".join(facts)


_I18N_TEXT = re.compile(r'(<(\w+)\b[^>]*\bdata-i18n="([\w.]+)"[^>]*>)(</\2>)')
_I18N_ATTR = re.compile(r'\bdata-i18n-attr="([\w.:;-]+)"')


def fill_strings(template: str, lang: str) -> str:
    """The template's marked elements written in ``lang``: an empty element with
    ``data-i18n="key"`` gets the phrase as its text, ``data-i18n-attr="attr:key;…"`` gets the
    attributes (escaped; the page's script rewrites both when the language changes)."""
    words = {k: v.replace("$", "$$") for k, v in S.table(lang).items()}  # the template is a string.Template
    out = _I18N_TEXT.sub(lambda m: m.group(1) + html.escape(words[m.group(3)]) + m.group(4), template)
    return _I18N_ATTR.sub(lambda m: m.group(0) + "".join(
        f' {a}="{html.escape(words[k])}"' for a, k in (p.split(":") for p in m.group(1).split(";"))), out)


def assemble(tl: Timeline, title: str, generated, data: dict, lang: str = S.DEFAULT_LANG) -> str:
    """The page in ``lang``: ``page.html`` filled with the style, the header, the count line, the JSON block,
    the scripts and the loader that runs them, under a CSP naming exactly those scripts. The base
    maps inlined are the ones the map draws; the data block is packed above
    :data:`~timeline.export.payload.COMPRESS_ABOVE` events. ``data["notice"]`` (when given: the
    text in each language) is a line under the header saying where the page's events come from."""
    status, _, summary = data["initial_summary"].partition(" · ")
    notice = (data.get("notice") or {}).get(lang, "")
    return render(data, title=title, lang=lang, header=header_html(tl, generated, lang), status=status,
                  summary=summary, notice=notice, packs=len(tl) > COMPRESS_ABOVE, scripts=SCRIPTS)


def render(data: dict, *, title: str, lang: str, header: str, status: str, summary: str, scripts=SCRIPTS,
           packs: bool = False, notice: str = "", filters: str = "", how: str = "", mode: str = "interactive") -> str:
    """``page.html`` filled in: ``data`` as the JSON block (packed when ``packs``), its
    ``figures["map"]`` naming the base maps to inline, the page's ``scripts`` (names in
    ``timeline/assets/export/``) after the base map and plotly.js, and the texts (``header``:
    HTML of numbers and dates; the others plain text, escaped here). ``mode``: ``"interactive"``
    (the controls, the charts and the table) or ``"aggregates"`` (the charts of a view, with the
    filters as ``filters`` text, ``notice`` and ``how``: no controls, no table)."""
    maps = topojson_names(data["figures"]["map"])  # none: every shipped one
    codes = [F.geo_assets_script(*maps), script_text(plotly_js()), *(script_text(asset(n)) for n in scripts)]
    loader = script_text(asset("loader.js"))
    blocks = [_packed_script(codes[0]), _packed_script(codes[1]),
              *(_block(s, run=True, packs=False) for s in codes[2:])]
    return string.Template(fill_strings(asset("page.html"), lang)).substitute(
        csp=csp([loader, *codes]),  # letters, digits, base64 and single quotes: nothing to escape in "…"
        lang=lang,
        dir=S.DIRECTION[lang],
        mode=mode,
        title=html.escape(title),
        css=asset("page.css"),
        header=header,
        notice=html.escape(notice),
        how=html.escape(how),
        status=html.escape(status),
        summary=html.escape(summary),
        filters=html.escape(filters),
        version=html.escape(__version__),
        footer=html.escape(S.text("footer", lang, version=__version__)),
        data=_block(json_for_script(data), run=False, packs=packs, attrs=' id="timeline-data"'),
        scripts="\n".join(blocks),
        loader_js=loader,
    )


def write_text(fh, text: str, chunk: int = 1 << 20) -> None:
    """Write ``text`` in 1 MB chunks (a failure can happen mid-file; the caller cleans up)."""
    for i in range(0, len(text), chunk):
        fh.write(text[i:i + chunk])
