/* syria-timeline export page: the one script the HTML runs itself. It unpacks the blocks that
 * travel compressed (plotly.js, the base map, the data of a large timeline: gzip, written as
 * text with 7 bits per character by timeline/export/page.py `pack`), then runs the page's scripts
 * in the order they appear, each as an inline script that the page's Content-Security-Policy
 * allows by its hash. A packed data block gets its JSON back as text; it never runs.
 */
(function () {
  "use strict";

  const ESCAPED = [0x00, 0x0d, 0x3c];  // 7-bit values written as a pair (page.py ESCAPED)
  const PAIR = 0x100;                   // a pair: PAIR + 128 * (its index in ESCAPED) + the next value

  function bytesOf(text, n) {
    const out = new Uint8Array(n);
    let acc = 0, bits = 0, j = 0;
    const push = (v) => {
      acc = ((acc << 7) | v) & 0x7fff;
      bits += 7;
      if (bits >= 8) {
        bits -= 8;
        if (j < n) out[j++] = (acc >> bits) & 255;
      }
    };
    for (let i = 0; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      if (c < 128) push(c);
      else {
        push(ESCAPED[(c - PAIR) >> 7]);
        push((c - PAIR) & 127);
      }
    }
    if (j !== n) throw new Error("a packed block is " + j + " bytes, not " + n);
    return out;
  }

  async function unpack(el) {
    const bytes = bytesOf(el.textContent, Number(el.dataset.bytes));
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new TextDecoder().decode(await new Response(stream).arrayBuffer());
  }

  function fail(text) {
    const status = document.getElementById("status");
    if (status) status.textContent = text;
  }

  const blocks = Array.from(document.querySelectorAll("script[data-run], script[data-bytes]"));
  if (typeof DecompressionStream === "undefined" && blocks.some((b) => b.dataset.bytes)) {
    fail("This browser cannot read this page's data (it needs Chrome or Edge 80, Firefox 113, Safari 16.4 or later).");
    return;
  }
  Promise.all(blocks.map((b) => (b.dataset.bytes ? unpack(b) : b.textContent))).then((texts) => {
    blocks.forEach((b, i) => {
      if (b.dataset.run === undefined) {  // data: its text back, still not a script
        b.textContent = texts[i];
        return;
      }
      const s = document.createElement("script");
      s.textContent = texts[i];
      b.replaceWith(s);  // runs now, if its hash is in the policy
    });
  }).catch((err) => fail("This page could not be unpacked: " + err));
})();
