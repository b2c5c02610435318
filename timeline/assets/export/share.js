/* syria-timeline export page: a link to the view (the filters in the address's fragment), the events as CSV, print.
 *
 * TimelineShare.format(spec, filters) and TimelineShare.parse(spec, fragment) are the twins of
 * Python's Filters.to_fragment() and Filters.from_fragment() (timeline/filters.py), driven by the
 * same spec (D.share.link, from timeline.filters.link_spec): one key=value part per field that
 * narrows, lists comma-separated in the vocabulary's order or sorted, every value
 * percent-encoded. A fragment is untrusted: it is only ever parsed into filter values (checked
 * against the data before use) and shown as text; a part that cannot be read opens the whole
 * timeline with a note saying so.
 *
 * TimelineShare.csv(app) writes what timeline.formats.to_csv writes for the events shown: the
 * columns of D.share.csv (each its distinct cell texts and a code per event), rows in the
 * timeline's order, cells escaped by the rules Python states (formulas as text, quotes as
 * csv.QUOTE_MINIMAL).
 *
 * page.js calls TimelineShare.opened(app) once the data is read (the view the fragment asks for,
 * or null) and dispatches "timeline:rendered" after each redraw; this file then keeps the
 * fragment (history.replaceState) and the line of filters in force up to date. Every phrase it
 * shows is in PHRASES.
 */
var TimelineShare = (function () {
  "use strict";

  // Every phrase this file puts on the page ({name}: filled in).
  const WORDS = {
    copyLink: "Copy link to this view",
    copied: "Link copied: paste it anywhere to reopen this view.",
    copyByHand: "Copy this link (Ctrl+C or ⌘C):",
    linkTooLong: "This view is too long for a link (over {max} characters): the address shows the last view that fit.",
    badLink: "This link's view could not be read ({why}); the page opens on its starting view instead.",
    csv: "Download these events (CSV)",
    csvTitle: "The events shown, with dates, places, actors, categories and every source address",
    csvOmitted: "{why}",
    filters: "Filters",
    none: "none (everything is shown)",
    dates: "{from} – {to}",
    from: "from {day}",
    until: "until {day}",
    categories: "categories",
    actors: "actors",
    places: "places",
    reporters: "death tolls reported by",
    confidence: "confidence",
    confidenceAtLeast: "{level} or above",
    search: "search",
    quoted: "“{text}”",
    printRows: "Printed: the first {shown} of {n} events, by date.",
  };
  // in the page's language when the table of strings has the phrase ("share." + name; i18n.js)
  const PHRASES = new Proxy(WORDS, { get: (w, k) => {
    const I = window.TimelineI18n && window.TimelineI18n.current;
    return I && ("share." + String(k)) in I.strings ? I.t("share." + String(k)) : w[k];
  } });
  const PRINT_ROWS = 5000;  // rows a printed page holds at most (the table's note says how many)
  const PRINT_WIDTH = 700;  // CSS pixels a chart may take on paper (A4 or Letter, page.css's margins)
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  const fill = (s, v) => s.replace(/\{(\w+)\}/g, (m, k) => (k in v ? v[k] : m));
  const $ = (id) => document.getElementById(id);

  // ---------------------------------------------------------------------------------------------
  // the fragment
  function encode(text) {  // Python's urllib.parse.quote(text, safe="")
    return encodeURIComponent(text).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
  }

  function decode(text) {
    if (/%(?![0-9A-Fa-f]{2})/.test(text)) throw new Error("a % not followed by two hexadecimal digits");
    try {
      return decodeURIComponent(text);
    } catch (e) {
      throw new Error("percent-escapes that are not UTF-8 text");
    }
  }

  const byCodePoint = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

  function ordered(item, values) {  // Python's Choice.link_order
    const vs = [...new Set(values)];
    if (item.vocabulary) return item.vocabulary.filter((v) => vs.includes(v)).concat(vs.filter((v) => !item.vocabulary.includes(v)));
    return vs.sort(byCodePoint);
  }

  function format(spec, f) {
    const parts = [];
    for (const item of spec.fields) {
      const v = f[item.field];
      let text = null;
      if (item.kind === "date_range") text = v ? encode(String(v)) : null;
      else if (item.kind === "choices") text = v && v.length ? ordered(item, v.map(String)).map(encode).join(",") : null;
      else if (item.kind === "min_level") text = v && v !== item.levels[0] ? encode(String(v)) : null;
      else if (item.kind === "words") text = String(v || "").trim() ? encode(String(v).trim()) : null;
      if (text !== null) parts.push(item.key + "=" + text);
    }
    const out = parts.length ? "#" + parts.join("&") : "";
    if (out.length > spec.max) {
      const err = new Error("the link to this view would be " + out.length + " characters, over " + spec.max);
      err.tooLong = true;
      throw err;
    }
    return out;
  }

  function realDay(text) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) throw new Error("expected a date written YYYY-MM-DD");
    const [y, m, d] = text.split("-").map(Number);
    const t = new Date(Date.UTC(y, m - 1, d));
    if (y < 1 || t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) throw new Error("not a real date");
    return text;
  }

  function linkError(part, why) {
    const shown = part.length <= 80 ? part : part.slice(0, 77) + "…";
    const err = new Error("cannot read the link to a view: " + why + (part ? " (in '" + shown + "')" : ""));
    err.part = part;
    err.why = why;
    return err;
  }

  // The filters (keys of Python's Filters.to_dict()) a fragment stands for; throws an Error
  // naming the part that cannot be read.
  function parse(spec, fragment) {
    fragment = String(fragment || "");
    if (fragment.length > spec.max) throw linkError("", "it is " + fragment.length + " characters long, over the " + spec.max + " a link may have");
    const text = fragment.includes("#") ? fragment.slice(fragment.indexOf("#") + 1) : fragment;
    const byKey = new Map(spec.fields.map((item) => [item.key, item]));
    const out = {};
    for (const part of text ? text.split("&") : []) {
      const eq = part.indexOf("=");
      if (eq < 0) throw linkError(part, "expected key=value");
      const key = part.slice(0, eq), raw = part.slice(eq + 1);
      const item = byKey.get(key);
      if (!item) throw linkError(part, "unknown key '" + key.slice(0, 40) + "' (expected one of: " + [...byKey.keys()].join(", ") + ")");
      if (item.field in out) throw linkError(part, "'" + key + "' is given twice");
      try {
        if (item.kind === "date_range") {
          out[item.field] = realDay(decode(raw));
        } else if (item.kind === "choices") {
          const vs = raw.split(",").map(decode);
          if (vs.some((v) => !v)) throw new Error("an empty value in the list");
          for (const v of item.vocabulary ? vs : []) {
            if (!item.vocabulary.includes(v)) throw new Error("unknown value '" + v.slice(0, 40) + "' (expected one of: " + item.vocabulary.join(", ") + ")");
          }
          out[item.field] = vs;
        } else if (item.kind === "min_level") {
          const v = decode(raw);
          if (!item.levels.includes(v)) throw new Error("unknown level '" + v.slice(0, 40) + "' (expected one of: " + item.levels.join(", ") + ")");
          out[item.field] = v;
        } else {
          out[item.field] = decode(raw).trim();
        }
      } catch (e) {
        throw linkError(part, e.message);
      }
    }
    if (out.start && out.end && out.start > out.end) throw linkError("start=" + out.start + "&end=" + out.end, "the start is after the end");
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // the CSV
  function csvCell(text, isText, rules) {  // Python's timeline.formats.csv_cell
    if (isText && text && rules.formula_start.includes(text[0]) && !rules.numberRe.test(text)) text = rules.prefix + text;
    return /[,"\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  let csvColumns = null;  // decoded once, on the first download
  function columns(spec) {
    if (!csvColumns) {
      const rules = Object.assign({ numberRe: new RegExp(spec.rules.number) }, spec.rules);
      csvColumns = Promise.all([TimelineEngine.column(spec.row)].concat(spec.columns.flatMap((c) => [
        TimelineEngine.column(c.values), TimelineEngine.column(c.codes)]))).then(([row, ...cs]) => ({
        rules, row,
        columns: spec.columns.map((c, k) => ({
          name: c.name, codes: cs[2 * k + 1], cells: cs[2 * k].map((v) => csvCell(v, c.text, rules)),
        })),
      }));
    }
    return csvColumns;
  }

  // The CSV of the events a page shows, as text.
  function csv(app) {
    const spec = app.internal.data.share.csv;
    return columns(spec).then((C) => {
      const kept = Array.from(app.internal.kept()).sort((a, b) => C.row[a] - C.row[b]);  // the timeline's order
      const lines = [C.columns.map((c) => csvCell(c.name, true, C.rules)).join(",")];
      for (const p of kept) {
        lines.push(C.columns.map((c) => (c.codes[p] < 0 ? "" : c.cells[c.codes[p]])).join(","));
      }
      return lines.join("\n") + "\n";
    });
  }

  function download(app) {
    return csv(app).then((text) => {
      const blob = new Blob([text], { type: "text/csv;charset=utf-8" });
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = "syria-timeline-events.csv";
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    });
  }

  // ---------------------------------------------------------------------------------------------
  // the line of filters in force (on screen and in print)
  // dates and category names in the page's language (i18n.js) when it is there
  const lang = () => window.TimelineI18n && window.TimelineI18n.current;
  const dayNumber = (iso) => Math.round(Date.parse(iso + "T00:00:00Z") / 86400000);
  function dayText(iso) {
    if (lang()) return lang().dayText(dayNumber(iso));
    const [y, m, d] = iso.split("-").map(Number);
    return d + " " + MONTHS[m - 1] + " " + y;
  }

  function filtersText(D, f) {
    const parts = [];
    if (f.start || f.end) {
      parts.push(f.start && f.end ? fill(PHRASES.dates, { from: dayText(f.start), to: dayText(f.end) })
        : f.start ? fill(PHRASES.from, { day: dayText(f.start) }) : fill(PHRASES.until, { day: dayText(f.end) }));
    }
    const label = (list, id) => ((list.find((x) => x.id === id) || {}).label || id);
    const catLabel = (id) => (lang() && ("category." + id) in lang().strings ? lang().t("category." + id) : label(D.categories, id));
    if (f.categories.length) parts.push(PHRASES.categories + ": " + f.categories.map(catLabel).join(", "));
    if (f.actors.length) parts.push(PHRASES.actors + ": " + f.actors.join(", "));
    if (f.places.length) {
      parts.push(PHRASES.places + ": " + f.places.map((p) => (D.places.find((x) => x.id === p) || { name: p }).name).join(", "));
    }
    if (f.reporters.length) parts.push(PHRASES.reporters + ": " + f.reporters.join(", "));
    if (f.min_confidence && f.min_confidence !== D.confidence[0]) {
      parts.push(PHRASES.confidence + ": " + fill(PHRASES.confidenceAtLeast, { level: f.min_confidence }));
    }
    if (f.text) parts.push(PHRASES.search + ": " + fill(PHRASES.quoted, { text: f.text }));
    return PHRASES.filters + ": " + (parts.length ? parts.join(" · ") : PHRASES.none);
  }

  // ---------------------------------------------------------------------------------------------
  // wiring
  function note(text) {
    const p = $("share-note");
    p.textContent = text || "";
    p.hidden = !text;
  }

  function button(text, onClick, title) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    if (title) b.title = title;
    b.addEventListener("click", onClick);
    return b;
  }

  function copyLink() {
    const url = location.href;
    const byHand = () => {  // no clipboard (a file:// page may have none): the link, selected
      const box = $("share-url");
      box.value = url;
      box.hidden = false;
      box.focus();
      box.select();
      let ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      note(ok ? PHRASES.copied : PHRASES.copyByHand);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(() => { $("share-url").hidden = true; note(PHRASES.copied); }, byHand);
    } else {
      byHand();
    }
  }

  let spec = null, written = null;

  function opened(app) {
    const D = app.internal.data;
    spec = D.share.link;
    const tools = $("share-tools");
    const csvButton = button(PHRASES.csv, () => download(app), PHRASES.csvTitle);
    csvButton.id = "download-csv";
    const linkButton = button(PHRASES.copyLink, copyLink);
    linkButton.id = "copy-link";
    const url = document.createElement("input");
    Object.assign(url, { id: "share-url", type: "text", readOnly: true, hidden: true });
    url.setAttribute("aria-label", PHRASES.copyLink);
    tools.replaceChildren(linkButton, csvButton, url);
    if (D.share.csv.omitted) {  // the page is too large to carry the CSV: say where to get it
      csvButton.disabled = true;
      const why = document.createElement("span");
      why.className = "note";
      why.id = "csv-note";
      why.textContent = fill(PHRASES.csvOmitted, { why: D.share.csv.omitted });
      csvButton.setAttribute("aria-describedby", "csv-note");
      tools.append(why);
    }
    document.addEventListener("timeline:rendered", () => rendered(app));
    window.addEventListener("hashchange", () => {
      if (location.hash === written) return;
      const f = read(app);
      app.setFilters(f || app.internal.data.initial);
    });
    const printRows = () => {
      app.internal.showRows(PRINT_ROWS);
      fitCharts(true);
    };
    const screenRows = () => {
      app.internal.showRows(null);
      fitCharts(false);
    };
    window.addEventListener("beforeprint", printRows);
    window.addEventListener("afterprint", screenRows);
    const media = window.matchMedia("print");
    media.addEventListener("change", () => (media.matches ? printRows() : screenRows()));
    return location.hash ? read(app) : null;
  }

  // On paper, each chart drawn for the screen is scaled to the page's width.
  function fitCharts(on) {
    for (const section of document.querySelectorAll(".chart-section")) {
      const widths = Array.from(section.querySelectorAll(".main-svg"), (svg) => Number(svg.getAttribute("width")) || 0);
      const w = Math.max(0, ...widths);
      section.style.zoom = on && w > PRINT_WIDTH ? String(PRINT_WIDTH / w) : "";
    }
  }

  function read(app) {  // the filters of the address's fragment, or null (and a note) when it cannot be read
    try {
      const f = parse(spec, location.hash);
      app.internal.check(f);
      note("");
      return f;
    } catch (err) {
      const shown = err.part ? err.part.slice(0, 80) : "";
      note(fill(PHRASES.badLink, { why: err.why ? err.why + (shown ? ", in “" + shown + "”" : "") : String(err.message || err) }));
      return null;
    }
  }

  function rendered(app) {
    const f = app.filters();
    $("filters-line").textContent = filtersText(app.internal.data, f);
    let hash;
    try {
      hash = format(spec, f);
    } catch (err) {
      if (err.tooLong) note(fill(PHRASES.linkTooLong, { max: spec.max }));
      return;
    }
    if (hash === location.hash || (!hash && !location.hash)) {
      written = location.hash;
      return;
    }
    try {
      history.replaceState(history.state, "", hash || location.pathname + location.search);
      written = location.hash;
    } catch (e) {
      // an address that cannot change (some embedded viewers): the view still works
    }
  }

  return { WORDS, format, parse, csv, csvCell, filtersText, opened };
})();
