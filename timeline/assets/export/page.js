/* syria-timeline export page: the controls, the charts and the table, filtered in the browser, offline.
 *
 * All data comes from the JSON block #timeline-data and reaches the page through textContent,
 * createTextNode and element properties, never innerHTML. Text handed to plotly (which renders a
 * subset of HTML in hover labels and annotations) goes through esc(). Only http(s) addresses
 * become links.
 *
 * A change of the filters runs the kernels of engine.js over the typed columns, then updates
 * only what changed: each trace is compared with what it shows and replaced only when its
 * points differ; the layout object is kept and edited in place (axis ranges, notes); the map is
 * two layers, its base (land, borders, names) drawn once and its dots in a transparent layer
 * above; the table's rows are rebuilt only when the kept events change. The figures in the JSON
 * are built for the whole timeline, and every filterable point knows its events.
 *
 * window.timelineApp offers the page to tests and benchmarks: setFilters(filters) with the keys
 * of Python's Filters.to_dict(), resolved once the charts and the table are redrawn;
 * visibleIds(); counts() as the count line shows them; renders, the number of redraws done;
 * deaths(), what the deaths chart shows; setSizeBy("events" | "deaths"), the map's dots.
 */
(function () {
  "use strict";

  const D = JSON.parse(document.getElementById("timeline-data").textContent);
  const FIG = D.figures;
  const CONF = Object.fromEntries(D.confidence.map((c, i) => [c, i]));
  const CAT = Object.fromEntries(D.categories.map((c) => [c.id, c]));
  const CAT_INDEX = Object.fromEntries(D.categories.map((c, i) => [c.id, i]));
  const I = TimelineI18n.create(D);  // the page's words, in the reader's language (i18n.js)
  const t = I.t;
  const DAY_MS = 86400000;
  const DEBOUNCE_MS = 200;  // the search box waits this long after a key before searching
  const POINT_KEYS = ["x", "y", "base", "width", "hovertext", "text", "customdata", "lon", "lat", "textposition"];
  const MARKER_KEYS = ["size", "color", "symbol", "opacity"];
  const CONFIG = {
    displaylogo: false, responsive: true, showSendToCloud: false,  // no "Share chart" upload button
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"],
    toImageButtonOptions: { filename: "syria-timeline", scale: 2 },
  };
  const REPORTERS = D.reporters.map((r) => r.name);
  const ALL_CATS = D.categories.map((c) => c.id);
  let E = null, K = null;  // the events (engine.decode) and the kernels (engine.create)
  let DX = null;  // the per-event death figures: chart, table cell, map sizes (deaths.js)

  // ---------------------------------------------------------------------------------------------
  // small helpers
  const $ = (id) => document.getElementById(id);
  const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const fmt = I.fmt;  // Western digits in every language
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const c of children) {
      if (c !== null && c !== undefined) node.append(c);  // strings become text nodes
    }
    return node;
  }
  const dayText = I.dayText;
  const catLabel = (id) => (("category." + id) in D.strings.en ? t("category." + id) : CAT[id] ? CAT[id].label : id);
  const arabic = () => I.lang === "ar";
  // a place's or an actor's name in the page's language (the Arabic one where the data has it)
  const placeName = (q) => (arabic() && D.places[q].name_ar ? D.places[q].name_ar : D.places[q].name);
  const actorName = (k) => (arabic() && D.events.actors_ar && D.events.actors_ar[k] ? D.events.actors_ar[k] : E.actors[k]);
  const isoDay = (d) => new Date(d * DAY_MS).toISOString().slice(0, 10);
  const dayOf = (iso) => Math.floor(Date.parse(iso.slice(0, 10)) / DAY_MS);
  const noon = (d) => isoDay(d) + "T12:00:00";
  function safeHref(url) {
    try {
      const u = new URL(url);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (e) {
      return null;
    }
  }
  function sameArray(a, b) {
    if (a === b) return true;
    if (!a || !b || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // state: what the reader chose, with the meaning of Python's Filters (no date: open-ended;
  // categories and reporters: the ticked ones, all of them being no filter)
  const span = D.span || { start: "", end: "" };
  function stateOf(f) {
    const known = (list, xs) => new Set(xs && xs.length ? xs.filter((x) => list.includes(x)) : list);
    return {
      start: f.start || null, end: f.end || null,
      categories: known(ALL_CATS, f.categories), reporters: known(REPORTERS, f.reporters),
      confidence: f.min_confidence || "low", text: f.text || "",
      actors: new Set(f.actors || []), places: new Set(f.places || []),
    };
  }
  const state = Object.assign(stateOf(D.initial), { zoom: null });

  // A value the data does not have is an error naming the closest known ones, as in Python
  // (timeline.filters.check_known); the page's own controls only offer known values.
  function distance(a, b) {  // Levenshtein, case and Arabic letter forms ignored
    a = TimelineSearch.normalize(a); b = TimelineSearch.normalize(b);
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i += 1) {
      const cur = [i];
      for (let j = 1; j <= b.length; j += 1) {
        cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
      }
      prev = cur;
    }
    return prev[b.length];
  }
  function closest(value, known) {
    return known.map((k) => [distance(value, k) / Math.max(value.length, k.length, 1), k])
      .filter(([d]) => d <= 0.4).sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : 1)).slice(0, 3).map(([, k]) => k);
  }
  function checkKnown(f) {
    const lists = [["categories", "category", ALL_CATS], ["reporters", "reporter", REPORTERS],
      ["actors", "actor", E.actors], ["places", "place id", D.places.map((p) => p.id)]];
    for (const [field, what, known] of lists) {
      for (const v of f[field] || []) {
        if (known.includes(v)) continue;
        const near = closest(String(v), known);
        throw new Error(`unknown ${what} '${v}' in filters.${field} (`
          + (near.length ? "closest known: " + near.map((k) => `'${k}'`).join(", ") : "none is close") + ")");
      }
    }
    if (f.min_confidence && !(f.min_confidence in CONF)) {
      throw new Error(`unknown confidence '${f.min_confidence}' in filters.min_confidence (expected one of: `
        + D.confidence.join(", ") + ")");
    }
  }

  // The days in view: the filters' dates, within the reader's zoom (a day is in the zoomed range
  // when its noon is, where the charts draw it). null: open-ended.
  function viewDays() {
    let a = state.start ? dayOf(state.start) : null, b = state.end ? dayOf(state.end) : null;
    const z = zoomDays();
    if (z) {
      a = a === null ? z[0] : Math.max(a, z[0]);
      b = b === null ? z[1] : Math.min(b, z[1]);
    }
    return [a, b];
  }

  function query() {
    const [a, b] = viewDays();
    return {
      a, b,
      cats: state.categories.size === ALL_CATS.length ? new Set() : state.categories,
      minConf: CONF[state.confidence] || 0, actors: state.actors, places: state.places,
      words: TimelineSearch.words(state.text),
      reporters: state.reporters.size === REPORTERS.length ? null : state.reporters,
    };
  }

  const titleOf = (i) => E.titles[E.title[i]];
  const dateOf = (i) => E.dates[E.date[i]];
  function eventDate(i) {  // as precise as known: Python's text in English, the table's formats otherwise
    if (!arabic()) return dateOf(i);
    if (E.prec[i] === E.month) return I.monthsText(E.d0[i], E.d1[i]);
    const text = I.rangeText(E.d0[i], E.d1[i]);
    return E.prec[i] === E.approximate ? t("date.approximate", { date: text }) : text;
  }
  const placesOf = (i) => E.place.subarray(E.placeOff[i], E.placeOff[i + 1]);

  // ---------------------------------------------------------------------------------------------
  // a trace's changes, applied as a new object (the figure's other traces keep theirs)
  function patched(tr, patch) {
    const out = Object.assign({}, tr);
    for (const [k, v] of Object.entries(patch)) {
      if (k.startsWith("marker.")) {
        out.marker = out.marker === tr.marker ? Object.assign({}, tr.marker) : out.marker;
        out.marker[k.slice(7)] = v;
      } else {
        out[k] = v;
      }
    }
    return out;
  }

  function pickPatch(src, idx) {  // the points idx of the figure's trace src
    const patch = {};
    for (const k of POINT_KEYS) if (Array.isArray(src[k])) patch[k] = idx.map((j) => src[k][j]);
    if (src.marker) {
      for (const k of MARKER_KEYS) if (Array.isArray(src.marker[k])) patch["marker." + k] = idx.map((j) => src.marker[k][j]);
    }
    return patch;
  }

  const emptyNote = () => ({
    name: "empty", text: t("chart.empty"), showarrow: false, x: 0.5, y: 0.5, xref: "paper", yref: "paper",
    font: { size: 16, color: "#5F5F5F" },
  });

  // A chart: its div, its traces and its one layout object. Before the first draw, changes are
  // made to them directly. After it they are collected, then applied in one call: for a chart
  // with cartesian axes (the overview) the changed traces become new objects and the same
  // layout object, edited in place, goes to Plotly.react — a restyle of x or y would make plotly
  // guess the axes' types again (a horizontal bar's lengths are numbers: "linear"), and stating
  // them again resets their ranges; for the map's dots, one Plotly.update (restyle of the changed
  // traces, relayout of the changed keys) edits the same objects in place.
  function chart(gd, data, layout, how) {
    return { gd, data, layout, how: how || "update", plotted: false, dirty: new Map(), layoutPatch: {} };
  }

  const stats = { update: 0, react: 0, newPlot: 0, overview: 0, map: 0, table: 0, deaths: 0 };

  function setPath(obj, key, value) {
    const path = key.split(".");
    for (const p of path.slice(0, -1)) obj = obj[p] = Object.assign({}, obj[p]);
    obj[path[path.length - 1]] = value === null ? undefined : value;
  }

  function draw(c) {
    if (!c.plotted) {
      c.plotted = true;
      stats.newPlot += 1;
      return Plotly.newPlot(c.gd, c.data, c.layout, c.config || CONFIG);
    }
    const idx = [...c.dirty.keys()], layout = c.layoutPatch;
    if (!idx.length && !Object.keys(layout).length) return null;
    const dirty = c.dirty;
    c.dirty = new Map();
    c.layoutPatch = {};
    if (c.how === "react") {
      for (const j of idx) c.data[j] = patched(c.data[j], dirty.get(j));
      for (const [k, v] of Object.entries(layout)) setPath(c.layout, k, v);
      stats.react += 1;
      return Plotly.react(c.gd, c.data, c.layout, c.config || CONFIG);
    }
    const keys = [...new Set(idx.flatMap((j) => Object.keys(dirty.get(j))))];
    const traces = Object.fromEntries(keys.map((k) => [k, idx.map((j) => dirty.get(j)[k])]));  // undefined: unchanged
    stats[c.stat || "update"] = (stats[c.stat || "update"] || 0) + 1;
    return idx.length ? Plotly.update(c.gd, traces, layout, idx) : Plotly.relayout(c.gd, layout);
  }

  function setTrace(c, j, patch) {
    if (!c.plotted) c.data[j] = patched(c.data[j], patch);
    else c.dirty.set(j, Object.assign(c.dirty.get(j) || {}, patch));
  }

  function setLayout(c, key, value) {  // key: a plotly attribute string ("xaxis.range")
    if (!c.plotted) setPath(c.layout, key, value);
    else c.layoutPatch[key] = value;
  }

  // ---------------------------------------------------------------------------------------------
  // the overview: events (or per-day density), events per day, the reported toll
  let OV = null;
  const tollCache = new Map();

  function overviewChart() {
    const src = FIG.overview;
    const c = chart($("overview"), src.data.map((t) => Object.assign({}, t)), structuredClone(src.layout), "react");
    c.baseAnnotations = c.layout.annotations || [];
    c.eventIdx = src.data.map((tr) => ((tr.meta || {}).role === "event" ? Int32Array.from(tr.customdata || []) : null));
    c.shown = src.data.map(() => null);  // per event trace, the points shown
    c.version = -1;
    c.texts = {};
    c.tollLines = src.data.some((tr) => (tr.meta || {}).role === "toll");
    c.reporters = null;
    c.categories = null;
    c.dense = src.data.some((tr) => (tr.meta || {}).role === "density");
    c.densityX = null;
    c.mode = null;
    return c;
  }

  function updateOverview(res) {
    const c = OV, src = FIG.overview;
    const eventsChanged = K.version !== c.version;
    const catKey = [...state.categories].sort().join("|");
    const repKey = [...state.reporters].sort().join("|");
    const repChanged = repKey !== c.reporters;
    const daily = eventsChanged ? K.daily() : null;
    const dense = c.dense && (eventsChanged || c.zoomKey !== String(state.zoom)) ? densityPatches(res) : null;
    src.data.forEach((tr, j) => {
      const m = tr.meta || {};
      if (m.role === "event" && eventsChanged) {
        const idx = [];
        const pos = c.eventIdx[j];
        for (let k = 0; k < pos.length; k += 1) if (K.keep[pos[k]]) idx.push(k);
        if (!sameArray(idx, c.shown[j])) {
          c.shown[j] = idx;
          setTrace(c, j, pickPatch(localTrace(j, tr), idx));
        }
      } else if ((m.role === "density" || m.role === "dots") && dense) {
        const patch = dense(tr);
        if (patch) setTrace(c, j, patch);
      } else if (m.role === "count" && eventsChanged) {
        const ci = CAT_INDEX[m.group];
        const y = m.days.map((d) => (ci !== undefined && d >= E.first && d <= E.last ? daily.out[ci * K.width + d - E.first] : 0));
        if (!sameArray(y, c.data[j].y)) setTrace(c, j, { y });
      } else if (m.role === "toll" && repChanged) {
        const visible = state.reporters.has(m.reported_by);
        if (c.data[j].visible !== visible) setTrace(c, j, { visible });
      } else if (m.role === "range" && repChanged) {
        const b = band(m);
        const patch = { x: b.x, y: m.edge === "low" ? b.low : b.high };
        if (m.edge === "high") patch.hovertext = b.hover;
        if (!sameArray(patch.x, c.data[j].x) || !sameArray(patch.y, c.data[j].y)) setTrace(c, j, patch);
      } else if (m.role === "legend" && catKey !== c.categories) {
        const visible = state.categories.has(m.category) ? true : "legendonly";
        if (c.data[j].visible !== visible) setTrace(c, j, { visible });
      }
    });
    c.version = K.version;
    c.reporters = repKey;
    c.categories = catKey;
    c.zoomKey = String(state.zoom);
    overviewLayout(c, res);
  }

  function overviewLayout(c, res) {
    const L = c.layout, src = FIG.overview;  // L: what plotly shows (edited by setLayout)
    const notes = c.baseAnnotations.map(localNote).map((a, k) => {
      if (a.name === "mode" && c.mode) return Object.assign({}, a, { text: c.mode });
      const rep = src.labels[k];
      return rep === undefined ? a : Object.assign({}, a, { visible: state.reporters.has(rep) });
    });
    if (!res.n) notes.push(emptyNote());
    else if (!state.reporters.size && c.tollLines) notes.push(noReporterNote());
    const key = JSON.stringify(notes.map((a) => [a.text, a.visible]));
    if (key !== c.notesKey) {
      c.notesKey = key;
      setLayout(c, "annotations", notes);
    }
    const full = (!state.start || state.start <= span.start) && (!state.end || state.end >= span.end);
    let range = null;
    let rev = (state.start || "") + "/" + (state.end || "");  // a reader's zoom survives other filters
    if (!full) {
      const a = dayOf(state.start || span.start), b = dayOf(state.end || span.end) + 1;
      const pad = Math.max(1, (b - a) * 0.015);
      range = [new Date((a - pad) * DAY_MS).toISOString(), new Date((b + pad) * DAY_MS).toISOString()];
    }
    if (state.zoom) {  // the reader's zoom, stated: plotly keeps GUI ranges only for the uirevision they were made in
      rev += "/" + state.zoom.join("/");
      range = state.zoom.slice();
    }
    c.xrange = { range, rev };  // the deaths chart follows the same dates
    if (rev !== L.uirevision) {
      setLayout(c, "uirevision", rev);
      for (const ax of ["xaxis", "xaxis2", "xaxis3"]) {
        if (!L[ax]) continue;
        const orig = src.layout[ax];
        setLayout(c, ax + ".range", range ? range.slice() : (orig.range ? orig.range.slice() : null));
        setLayout(c, ax + ".autorange", range ? false : (orig.autorange === undefined ? null : orig.autorange));
      }
    }
  }

  // Whole numbers of events on the events-per-day axis: a tick step of 1 or more.
  function countTicks(c) {
    let top = 0;
    const sums = [];
    c.data.forEach((tr) => {
      if ((tr.meta || {}).role !== "count" || tr.visible === false || tr.visible === "legendonly") return;
      (tr.y || []).forEach((v, k) => { sums[k] = (sums[k] || 0) + (v || 0); if (sums[k] > top) top = sums[k]; });
    });
    const raw = Math.max(1, top / 4), pow = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 5, 10].map((m) => m * pow).find((v) => v >= raw);
    return Math.max(1, Math.round(step));
  }

  const noReporterNote = () => ({
    name: "no-reporter", text: t("overview.no_reporter"), xref: "x3 domain", yref: "y3 domain", x: 0.5, y: 0.5,
    showarrow: false, font: { size: 13, color: "#5F5F5F" },
  });

  // ---------------------------------------------------------------------------------------------
  // the charts' words: titles that follow the filters, and Python's labels in the page's language
  function viewSpanText() {
    const [a, b] = viewDays();
    const first = a === null ? dayOf(span.start) : a, last = b === null ? dayOf(span.end) : b;
    return first <= last ? I.rangeText(first, last) : "";
  }

  function chartTexts() {
    const spanText = viewSpanText();
    const subjectKey = "chart.subject." + D.subject;
    const subject = subjectKey in D.strings.en ? t(subjectKey) : D.subject;
    const cats = state.categories.size < ALL_CATS.length && state.categories.size
      ? t("overview.categories", { list: state.categories.size <= 2  // as the explorer's wording.view_heading
        ? ALL_CATS.filter((c) => state.categories.has(c)).map(catLabel).join(", ")
        : t("overview.n_categories", { n: fmt(state.categories.size) }) }) : "";
    const texts = {
      "title.text": "<b>" + esc(t("overview.title", { subject, span: spanText })) + "</b>",
      "title.subtitle.text": esc(cats) + t(OV.dense ? "overview.subtitle_dense" : "overview.subtitle"),
      "yaxis2.title.text": t("overview.counts_axis"),
      "yaxis3.title.text": t("overview.toll_axis"),
      "yaxis2.dtick": countTicks(OV),
      "title.x": arabic() ? 1 : 0, "title.xanchor": arabic() ? "right" : "left",  // titles start where the reader's line does
      "title.pad.r": arabic() ? 16 : 0,
    };
    for (let [k, v] of Object.entries(texts)) {
      if (k.endsWith(".text")) v = I.lineDir(v);  // Arabic lines read right to left in plotly's SVG
      if (OV.texts[k] !== v) { OV.texts[k] = v; setLayout(OV, k, v); }
    }
    const mapTexts = {
      "title.text": "<b>" + esc(t("map.title")) + "</b>",
      "title.subtitle.text": (mapSizeBy === "deaths" ? DX.mapSubtitle(spanText)
        : esc(t("map.subtitle", { span: spanText }))) + (cats ? "<br>" + esc(cats) : ""),
      "title.x": arabic() ? 1 : 0, "title.xanchor": arabic() ? "right" : "left", "title.pad.r": arabic() ? 16 : 0,
    };
    for (let [k, v] of Object.entries(mapTexts)) {
      if (k.endsWith(".text")) v = I.lineDir(v);
      if (MAP_BASE.texts[k] !== v) { MAP_BASE.texts[k] = v; setLayout(MAP_BASE, k, v); }
    }
    if (DX && DX.chart) DX.texts(spanText, cats);  // the deaths chart's, by the same rules (deaths.js)
  }

  // Python's own words in a figure (English), in the page's language: notes by their name, the
  // source line, toll labels, the map's place names.
  const EN_TO_KEY = new Map(Object.entries(D.strings.en).filter(([k]) => k.startsWith("map.")).map(([k, v]) => [v, k]));
  function localText(text) {
    if (!arabic() || typeof text !== "string") return text;
    return EN_TO_KEY.has(text) ? t(EN_TO_KEY.get(text)) : text;
  }
  function localNote(a) {
    if (!arabic()) return a;
    const name = a.name || "";
    let text = a.text;
    if (name === "empty") text = t("chart.empty");
    else if (name === "no-toll") text = t("overview.no_toll");
    else if (name === "source") text = sourceText(a.text);
    else if (name.startsWith("end:")) text = endLabel(a.text, name.split(":").pop());
    else text = localText(a.text);
    return text === a.text ? a : Object.assign({}, a, { text: I.lineDir(text) });
  }
  function sourceText(text) {  // "Source: A, B and 4 others · credit"
    const m = /^Source: (.*?)(?: and (\d+) others?)? · (.*)$/.exec(text);
    if (!m) return text;
    const names = m[2] ? t("chart.source_others", { names: m[1], n: m[2] }) : m[1];
    return t("chart.source", { names, credit: m[3] });
  }
  function endLabel(text, measure) {  // "SOHR, civilians 28"
    const en = ", " + D.strings.en["measure." + measure] + " ";
    const at = text.lastIndexOf(en);
    if (at < 0) return text;
    return t("toll.end_label", { who: text.slice(0, at), measure: t("measure." + measure), value: text.slice(at + en.length) });
  }

  // An event trace with its hovers in the page's language (Python wrote them in English).
  const localTraces = new Map();
  function localTrace(j, tr) {
    if (!arabic() || !Array.isArray(tr.customdata)) return tr;
    if (!localTraces.has(j)) localTraces.set(j, Object.assign({}, tr, { hovertext: tr.customdata.map(eventHover) }));
    return localTraces.get(j);
  }
  function wrap(text, width) {  // long titles on several lines, never cut
    const out = [];
    let line = "";
    for (const word of text.split(" ")) {
      if (line && line.length + word.length + 1 > width) { out.push(line); line = word; } else line = line ? line + " " + word : word;
    }
    if (line) out.push(line);
    return out.join("<br>  ");
  }
  function eventHover(i) {
    const places = Array.from(placesOf(i), (q) => esc(placeName(q)) + (arabic() && D.places[q].name_ar ? " · " + esc(D.places[q].name) : ""));
    const actors = Array.from(E.actor.subarray(E.actorOff[i], E.actorOff[i + 1]), (k) => esc(actorName(k)));
    const sources = Array.from(E.source.subarray(E.sourceOff[i], E.sourceOff[i + 1]), (q) => {
      const src = D.sources[q];
      return "• " + esc(src.publisher) + (src.title ? " — " + wrap(esc(src.title), 70) : "");
    });
    return t("event.hover", {
      title: wrap(esc(titleOf(i)), 70), date: esc(eventDate(i)), category: esc(catLabel(D.categories[E.cat[i]].id)),
      confidence: t("confidence." + D.confidence[E.conf[i]]), places: places.join(", "),
      who: actors.length ? t("event.who", { actors: actors.join(", ") }) : "", sources: sources.join("<br>"),
    });
  }

  // Names of the traces (legends) and the count bars' hovers, in the page's language.
  function relabelTraces() {
    FIG.overview.data.forEach((tr, j) => {
      const m = tr.meta || {};
      if (m.role === "legend" && m.category) setTrace(OV, j, { name: arabic() ? catLabel(m.category) : tr.name });
      if (m.role === "count" && m.group) {
        setTrace(OV, j, { hovertemplate: arabic() ? t("overview.count_hover", { label: esc(catLabel(m.group)) }) : tr.hovertemplate });
      }
    });
    MAP.src.forEach((tr, j) => {
      const m = tr.meta || {};
      if (m.role === "place" && m.category) setTrace(MAP, j, { name: arabic() ? catLabel(m.category) : tr.name });
      if (m.role === "label") setTrace(MAP, j, { text: (tr.text || []).map(cityName) });
    });
    const lanes = FIG.overview.layout.yaxis && FIG.overview.layout.yaxis.ticktext;
    if (lanes) {  // the timeline's lanes are the categories
      const byLabel = new Map(D.categories.map((c) => [c.label, c.id]));
      setLayout(OV, "yaxis.ticktext", lanes.map((x) => {
        const id = byLabel.get(String(x).replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim());
        return arabic() && id ? String(x).replace(/<b>.*<\/b>/, "<b>" + esc(catLabel(id)) + "</b>") : x;
      }));
    }
    const base = MAP_BASE;
    base.data.forEach((tr, j) => {
      const orig = base.src[j];
      if (orig && (orig.meta || {}).role === "context") base.data[j] = Object.assign({}, tr, { text: orig.text.map(localText) });
    });
    base.layout.annotations = base.srcAnnotations.map(localNote);
  }
  function cityName(name) {
    if (!arabic()) return name;
    const p = D.places.find((x) => x.name === name);
    return p && p.name_ar ? p.name_ar : name;
  }

  // The range band of one measure and episode, across the toll lines of the ticked organisations:
  // on each day where two or more of them have a figure in force, the lowest and the highest.
  function band(meta) {
    const key = I.lang + "|" + meta.id + "|" + [...state.reporters].sort().join("|");
    if (tollCache.has(key)) return tollCache.get(key);
    const lines = meta.members.map((j) => FIG.overview.data[j])
      .filter((t) => state.reporters.has(t.meta.reported_by));
    const all = lines.length === meta.members.length;
    const out = { x: [], low: [], high: [], hover: [] };
    const label = t("measure." + meta.measure);
    let last = null;
    for (const d of meta.days) {
      const vals = [];
      for (const t of lines) {
        let k = -1;
        for (let i = 0; i < t.meta.days.length && t.meta.days[i] <= d; i += 1) k = i;
        if (k >= 0) vals.push({ v: t.y[k], s: t.meta.series });
      }
      if (new Set(vals.map((v) => v.s)).size < 2) continue;
      const lo = Math.min(...vals.map((v) => v.v));
      const hi = Math.max(...vals.map((v) => v.v));
      const by = (x) => [...new Set(vals.filter((v) => v.v === x).map((v) => v.s))].join(", ");
      last = { lo, hi, loBy: by(lo), hiBy: by(hi) };
      push(d, last);
    }
    if (last) push(dayOf(out.x[out.x.length - 1]) + 1, last);
    tollCache.set(key, out);
    return out;

    function push(d, b) {
      out.x.push(isoDay(d) + "T12:00:00");
      out.low.push(b.lo);
      out.high.push(b.hi);
      out.hover.push(t("toll.range", { who: t(all ? "toll.range_all" : "toll.range_shown"), measure: esc(label),
        date: dayText(d), lo: fmt(b.lo), lo_by: esc(b.loBy), hi: fmt(b.hi), hi_by: esc(b.hiBy) }));
    }
  }

  // The zoomed range as day numbers (the days it touches), or null.
  function zoomDays() {
    if (!state.zoom) return null;
    const [a, b] = state.zoom.map((x) => Date.parse(x.replace(" ", "T").slice(0, 19) + "Z") / DAY_MS);
    return [Math.ceil(a - 0.5), Math.floor(b - 0.5)];
  }

  // A large timeline's top row: heat strips of the events under way each day, or — once the
  // filters or the zoom leave few enough events in view — each event as a dot in its lane.
  function densityPatches(res) {
    const c = OV, strips = FIG.overview.data.filter((tr) => (tr.meta || {}).role === "density");
    const z = zoomDays();
    const shown = z ? K.inRange(z[0], z[1]) : res.n;
    const dots = shown > 0 && shown <= D.max_markers;
    const daily = K.daily();
    if (!c.densityX) {  // the strips' days, once: the same array every time lets plotly skip re-reading them
      c.densityX = [];
      for (let d = E.first; d <= E.last; d += 1) c.densityX.push(noon(d));
    }
    let zmax = 1;
    for (const tr of strips) {
      const ci = CAT_INDEX[tr.meta.category];
      if (ci === undefined || !state.categories.has(tr.meta.category)) continue;
      const row = daily.out.subarray(ci * K.width, (ci + 1) * K.width);
      for (let d = 0; d < row.length; d += 1) if (row[d] > zmax) zmax = row[d];
    }
    const lane = {};
    for (const tr of strips) lane[tr.meta.category] = (tr.y[0] + tr.y[1]) / 2;
    const points = {};
    if (dots) {
      const stack = new Map();
      for (let t = 0; t < res.n; t += 1) {
        const i = K.kept[t];
        if (z && (E.d1[i] < z[0] || E.d0[i] > z[1])) continue;
        const cat = D.categories[E.cat[i]].id;
        const p = points[cat] || (points[cat] = { x: [], y: [], hovertext: [], symbol: [] });
        const month = E.prec[i] === E.month;
        const day = month ? Math.floor((E.d0[i] + E.d1[i]) / 2) : E.d0[i];
        const key = cat + "|" + day;
        const k = stack.get(key) || 0;
        stack.set(key, k + 1);
        p.x.push(noon(day));
        p.y.push(lane[cat] + (((k % 5) - 2) * 0.17));
        p.symbol.push(month || E.prec[i] === E.approximate ? "circle-open" : "circle");
        const where = Array.from(placesOf(i), (q) => esc(placeName(q))).join(", ");
        p.hovertext.push("<b>" + esc(titleOf(i)) + "</b><br>" + esc(eventDate(i)) + (where ? "<br>" + where : ""));
      }
    }
    c.mode = t(dots ? "overview.mode_events" : "overview.mode_density", { n: fmt(shown), limit: fmt(D.max_markers) });
    return (tr) => {
      const m = tr.meta, j = FIG.overview.data.indexOf(tr), cur = c.data[j];
      const ci = CAT_INDEX[m.category];
      if (m.role === "density") {
        const zrow = ci === undefined ? [] : Array.from(daily.out.subarray(ci * K.width, (ci + 1) * K.width));
        if (cur.visible === !dots && cur.zmax === zmax && cur.z && sameArray(cur.z[0], zrow)) return null;
        return { x: c.densityX, z: [zrow], zmax, visible: !dots };
      }
      const p = points[m.category] || { x: [], y: [], hovertext: [], symbol: [] };
      if (!dots && cur.visible === false) return null;
      return { x: p.x, y: p.y, hovertext: p.hovertext, visible: dots, "marker.symbol": p.symbol };
    };
  }

  // ---------------------------------------------------------------------------------------------
  // the map: a base layer drawn once, and the dots (per place and category) in a layer above it
  let MAP = null, MAP_BASE = null;
  const BASE_LAYERS = ["showland", "showocean", "showlakes", "showrivers", "showcountries", "showcoastlines",
    "showframe", "showsubunits"];
  const CLEAR = "rgba(0,0,0,0)";
  const DYNAMIC_NOTES = ["unplaced"];

  function mapCharts() {
    const src = FIG.map;
    const onTop = (tr) => ["place", "label"].includes((tr.meta || {}).role);
    const baseLayout = structuredClone(src.layout);
    baseLayout.showlegend = false;
    baseLayout.annotations = (baseLayout.annotations || []).filter((a) => !DYNAMIC_NOTES.includes(a.name));
    const baseData = src.data.filter((t) => !onTop(t));
    for (const g of new Set(src.data.filter(onTop).map((t) => t.geo || "geo"))) {  // a geo shows only with a trace
      if (!baseData.some((t) => (t.geo || "geo") === g)) {
        baseData.push({ type: "scattergeo", geo: g, lon: [], lat: [], showlegend: false, hoverinfo: "skip" });
      }
    }
    const base = chart($("map-base"), baseData, baseLayout);
    base.src = baseData.slice();
    base.srcAnnotations = baseLayout.annotations.slice();
    base.texts = {};
    base.stat = "base";  // its titles, counted apart from the dots' updates
    base.config = { staticPlot: true, displayModeBar: false, responsive: true };
    const layout = structuredClone(src.layout);
    delete layout.title;
    layout.paper_bgcolor = layout.plot_bgcolor = CLEAR;
    for (const g of ["geo", "geo2"]) {
      if (!layout[g]) continue;
      for (const k of BASE_LAYERS) layout[g][k] = false;
      layout[g].bgcolor = CLEAR;
    }
    layout.annotations = (layout.annotations || []).filter((a) => DYNAMIC_NOTES.includes(a.name));
    layout.uirevision = "map";
    const index = src.data.map((tr, j) => j).filter((j) => onTop(src.data[j]));
    const dots = chart($("map"), index.map((j) => Object.assign({}, src.data[j])), layout);
    dots.src = index.map((j) => src.data[j]);
    dots.baseAnnotations = layout.annotations;
    dots.version = -1;
    dots.config = Object.assign({}, CONFIG, {
      modeBarButtonsToRemove: CONFIG.modeBarButtonsToRemove.concat(["toImage"]),
      modeBarButtonsToAdd: [{ name: t("map.download"), icon: Plotly.Icons.camera, click: downloadMap }],
    });
    return [base, dots];
  }

  function updateMap(res) {
    const c = MAP;
    const catKey = [...state.categories].sort().join("|");
    const sizeKey = mapSizeBy === "deaths" ? "deaths/" + K.reportVersion : "events";
    if (K.version === c.version && catKey === c.categories && sizeKey === c.sizeKey) return;
    c.sizeKey = sizeKey;
    const P = K.places(), ncat = D.categories.length;
    const PD = mapSizeBy === "deaths" ? DX.placeDeaths() : null;  // per place and category: reported deaths
    const hoverOf = new Map();  // per place and category: the main map and the inset share it
    c.src.forEach((tr, j) => {
      const m = tr.meta || {};
      if (m.role !== "place") return;
      if (!state.categories.has(m.category)) {
        if (c.data[j].visible !== "legendonly") setTrace(c, j, { visible: "legendonly" });
        return;
      }
      const ci = CAT_INDEX[m.category];
      const idx = [], sizes = [], hovers = [], opacity = [];
      m.places.forEach((p, k) => {
        const at = p * ncat + ci, count = p >= 0 ? P.count[at] : 0;
        if (!count) return;
        idx.push(k);
        sizes.push(PD ? Math.max(PD[at], 1e-3) : count);  // a dot with no death: small and faint, not hidden
        if (PD) opacity.push(PD[at] > 0 ? 0.85 : 0.3);
        if (!hoverOf.has(at)) {
          const first = P.first.subarray(at * K.FIRSTS, at * K.FIRSTS + Math.min(count, K.FIRSTS));
          hoverOf.set(at, placeHoverBody(m.category, count, first, PD ? PD[at] : null));
        }
        hovers.push(m.headers[k] + hoverOf.get(at));
      });
      const cur = c.data[j];
      if (cur.visible !== "legendonly" && sameArray(cur.hovertext, hovers) && sameArray(cur.marker.size, sizes)) return;
      const patch = pickPatch(tr, idx);
      patch["marker.size"] = sizes;
      patch["marker.sizeref"] = PD ? DX.map.sizeref : tr.marker.sizeref;
      patch["marker.opacity"] = PD ? opacity : tr.marker.opacity;
      patch.hovertext = hovers;
      patch.visible = tr.visible === undefined ? true : tr.visible;
      setTrace(c, j, patch);
    });
    const note = unplaced(P, res.n);
    const notes = c.baseAnnotations.map((a) => (a.name === "unplaced"
      ? Object.assign({}, a, { text: note.text || " ", hovertext: note.hover || undefined, visible: !!note.text }) : a));
    if (!res.n) notes.push(emptyNote());
    const key = JSON.stringify(notes.map((a) => [a.text, a.hovertext, a.visible]));
    if (key !== c.notesKey) {
      c.notesKey = key;
      setLayout(c, "annotations", notes);
    }
    c.version = K.version;
    c.categories = catKey;
  }

  const hoverLines = new Map();  // event -> its line in a dot's hover, made once
  function hoverLine(i) {
    let line = hoverLines.get(i);
    if (line === undefined) {
      line = "• " + esc(eventDate(i)) + " — " + esc(titleOf(i));
      if (hoverLines.size > 200000) hoverLines.clear();
      hoverLines.set(i, line);
    }
    return line;
  }

  function placeHoverBody(category, count, first, deaths) {  // a dot's hover, after its header
    const lines = Array.from(first, hoverLine);
    if (count > first.length) lines.push(t("map.dot_more", { n: fmt(count - first.length) }));
    const label = catLabel(category).toLowerCase();
    const killed = deaths === null || deaths === undefined ? "" : " · " + t("map.dot_deaths", { n: fmt(deaths), reporter: esc(D.deaths.reporter) });
    return "<br>" + t(count > 1 ? "map.dot" : "map.dot_one", { n: fmt(count), category: esc(label), killed }) + "<br>" + lines.join("<br>");
  }

  // The list beside the map: how many visible events have no dot, and the places without one.
  // The list beside the map, written by the rules Python's map chart states in D.map_list
  // (timeline.charts.map.unplaced_text): at most max_lines lines of about `width` characters.
  function unplaced(P, n) {
    const L = D.map_list, rtl = new RegExp(L.rtl);
    const blocks = [], hover = [];
    if (n - P.placed) blocks.push(t("map.not_on_map", { n: fmt(n - P.placed), total: fmt(n) }).split("<br>"));
    for (const [, key] of L.headings) {
      const heading = t("map.heading." + key);
      const per = [];
      D.places.forEach((p, q) => {
        if (p.status !== key || !P.off[q]) return;
        const titles = Array.from(P.titles.subarray(q * K.FIRSTS, q * K.FIRSTS + P.nTitles[q]), (t) => E.titles[t]);
        per.push({ name: placeName(q), n: P.off[q], titles });
      });
      if (!per.length) continue;
      per.sort((a, b) => b.n - a.n || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const shown = per.slice(0, L.max_listed), rest = per.slice(L.max_listed);
      const restEvents = rest.reduce((s, r) => s + r.n, 0);
      const used = blocks.reduce((s, b) => s + b.length, 0) + blocks.length;
      const room = L.max_lines - used - 1;  // lines for the places, under the heading
      if (room < 0) break;
      if (room === 0) {
        blocks.push([t("map.unplaced_count", { heading, places: fmt(per.length), events: fmt(per.reduce((s, r) => s + r.n, 0)) })]);
        continue;
      }
      const items = shown.map((r) => esc(r.name) + (rtl.test(r.name) ? "\u200e" : "") + " (" + fmt(r.n) + ")");
      const lengths = shown.map((r) => r.name.length + (" (" + fmt(r.n) + ")").length);
      let k = items.length, lines;
      for (;;) {
        const restP = rest.length + items.length - k;
        const restE = restEvents + shown.slice(k).reduce((s, r) => s + r.n, 0);
        const tail = restP ? [t("map.unplaced_rest", { places: fmt(restP), events: fmt(restE) })] : [];
        lines = wrapItems(items.slice(0, k).concat(tail), lengths.slice(0, k).concat(tail.map((t) => t.length)), L.width);
        if (lines.length <= room || k === 0) break;
        k -= 1;
      }
      blocks.push([t("map.unplaced_heading", { heading })].concat(lines.slice(0, room)));
      for (const r of shown.slice(0, k)) {
        hover.push("<b>" + esc(r.name) + "</b>: " + r.titles.map(esc).join("; ") + (r.n > r.titles.length ? "; …" : ""));
      }
    }
    return { text: blocks.map((b) => b.join("<br>")).join("<br><br>"), hover: hover.join("<br>") };
  }

  function wrapItems(items, lengths, width) {  // items joined with ", " into lines of about `width` characters
    const lines = [];
    let cur = "", curLen = 0;
    items.forEach((it, i) => {
      const n = lengths[i];
      if (cur && curLen + 2 + n > width) { lines.push(cur + ","); cur = it; curLen = n; }
      else if (cur) { cur += ", " + it; curLen += 2 + n; }
      else { cur = it; curLen = n; }
    });
    if (cur) lines.push(cur);
    return lines;
  }

  // The map's picture: both layers, one over the other.
  function downloadMap() {
    const opts = { format: "png", scale: 2 };
    Promise.all([Plotly.toImage($("map-base"), opts), Plotly.toImage($("map"), opts)]).then((urls) => Promise.all(
      urls.map((u) => new Promise((ok, fail) => { const im = new Image(); im.onload = () => ok(im); im.onerror = fail; im.src = u; }))))
      .then(([a, b]) => {
        const canvas = el("canvas", { width: a.width, height: a.height });
        const ctx = canvas.getContext("2d");
        ctx.drawImage(a, 0, 0);
        ctx.drawImage(b, 0, 0);
        canvas.toBlob((blob) => {
          const link = el("a", { href: URL.createObjectURL(blob), download: "syria-timeline-map.png" });
          link.click();
          setTimeout(() => URL.revokeObjectURL(link.href), 1000);
        });
      });
  }

  // ---------------------------------------------------------------------------------------------
  // the per-event death figures (deaths.js): the deaths chart, the table's "Reported killed"
  // column, and the map's dots sized by events or by reported deaths
  let mapSizeBy = "events";

  function startDeaths() {
    DX = TimelineDeaths.create({ D, E, K, chart, setTrace, setLayout, esc, fmt, I });
    if (DX.chart) $("deaths-section").hidden = false;
    if (DX.table) {
      const places = document.querySelector("#events-table thead th:nth-child(4)");
      const th = el("th", { scope: "col" }, t("table.killed"));
      th.dataset.i18n = "table.killed";  // rewritten with the page's language
      places.after(th);
    }
    if (!DX.map) return;
    const words = (key, args) => {  // text in the page's language, rewritten when it changes (i18n.js)
      const span = el("span", {}, t(key, args));
      span.dataset.i18n = key;
      if (args) span.dataset.i18nArgs = JSON.stringify(args);
      return span;
    };
    const radio = (value, label, checked) => el("label", {}, el("input", { type: "radio", name: "size-by", value, checked }), label);
    const box = el("fieldset", { className: "size-by" }, el("legend", {}, words("map.size_by")),
      radio("events", words("map.size_by_events"), true),
      radio("deaths", words("map.size_by_deaths", { reporter: D.deaths.reporter }), false));
    box.addEventListener("change", (ev) => setSizeBy(ev.target.value));
    document.querySelector(".map-stack").before(box);
  }

  function setSizeBy(value) {
    if (!DX.map || (value !== "events" && value !== "deaths")) return Promise.reject(new Error("unknown size-by " + value));
    mapSizeBy = value;
    for (const r of document.querySelectorAll("input[name=size-by]")) r.checked = r.value === value;
    chartTexts();  // the map's subtitle says what the dots' areas show
    draw(MAP_BASE);
    return update();
  }

  // ---------------------------------------------------------------------------------------------
  // the table of events (rows built once per event, on first show), a page of rows at a time
  const rows = new Map();
  let rowLimit = D.max_rows;
  let tableKey = null;
  let rowsFor = "";  // the reporters whose figures the cached rows show

  function placeItem(p) {
    const place = D.places[p];
    if (arabic() && place.name_ar) {  // the Arabic name first, the English one beside it for checking
      return el("li", {}, el("span", { lang: "ar" }, place.name_ar), " · ", el("span", { lang: "en", dir: "ltr" }, place.name));
    }
    const li = el("li", {}, place.name);
    if (place.name_ar) li.append(" · ", el("span", { lang: "ar", dir: "rtl" }, place.name_ar));
    return li;
  }

  function sourceItem(s) {
    const src = D.sources[s];
    const href = src.link ? safeHref(src.url) : null;
    const li = el("li");
    if (href) {
      li.append(el("a", { href, target: "_blank", rel: "noopener noreferrer" }, src.publisher));
    } else {
      li.append(el("span", { className: "publisher" }, src.publisher));
    }
    if (src.title) li.append(el("span", { className: "src-title" }, src.title));
    if (!href && src.url) li.append(el("span", { className: "url", title: t("table.not_a_link") }, src.url));
    return li;
  }

  function row(i) {
    if (rows.has(i)) return rows.get(i);
    const catId = D.categories[E.cat[i]].id;
    const cat = CAT[catId];
    const swatch = el("span", { className: "swatch" });
    swatch.style.background = cat.color;
    const event = el("td", { className: "event" }, el("span", { className: "title" }, titleOf(i)));
    if (E.description) event.append(el("span", { className: "desc" }, E.description[i]));
    if (E.notes && E.notes[i]) event.append(el("details", {}, el("summary", {}, t("table.notes")), el("p", {}, E.notes[i])));
    const sources = Array.from(E.source.subarray(E.sourceOff[i], E.sourceOff[i + 1]));
    const tr = el("tr", {},
      el("td", { className: "date" }, eventDate(i)),
      event,
      el("td", {}, el("span", { className: "cat" }, swatch, catLabel(catId))),
      el("td", { className: "places" }, el("ul", {}, ...Array.from(placesOf(i), placeItem))),
      DX.table ? DX.cell(i) : null,
      el("td", { className: "confidence" }, t("confidence." + D.confidence[E.conf[i]])),
      el("td", { className: "sources" }, el("ul", {}, ...sources.map(sourceItem))));
    tr.dataset.event = E.idOf(i);
    tr.dataset.category = catId;
    rows.set(i, tr);
    return tr;
  }

  function showRows(limit) {  // at most `limit` rows (null: one page of them), e.g. for print
    rowLimit = limit === null ? D.max_rows : Math.max(limit, D.max_rows);
    renderTable(result.n);
  }

  function renderTable(n) {
    // a row shows its event's per-event figures that the reporters filter keeps (whatever the dates)
    const reporters = DX.table ? [...state.reporters].sort().join("\u0000") : "";
    const key = K.version + "/" + rowLimit + "/" + reporters + "/" + I.lang;
    if (key === tableKey) return;
    if (reporters !== rowsFor) {
      rows.clear();
      rowsFor = reporters;
    }
    tableKey = key;
    stats.table += 1;
    const shown = Math.min(n, rowLimit);
    const frag = document.createDocumentFragment();
    for (let t = 0; t < shown; t += 1) frag.append(row(K.kept[t]));  // events are in date order
    document.querySelector("#events-table tbody").replaceChildren(frag);
    $("table-note").textContent = !n ? t("table.none")
      : n > shown ? t("table.first", { shown: fmt(shown), n: fmt(n) }) : "";
    const more = $("table-more");
    more.hidden = n <= shown;
    more.textContent = t("table.more", { n: fmt(Math.min(D.max_rows, n - shown)) });
  }

  function describe() {  // each chart and the table in words, for screen readers (summary.js)
    const text = TimelineSummary.describe({
      D, E, K, res: result, from: state.start || span.start, to: state.end || span.end, reporters: state.reporters,
      fmt, dayText, dayOf, shown: Math.min(result.n, rowLimit), deaths: DX.chart ? DX.values() : null,
    });
    TimelineSummary.write($("overview-summary"), text.overview);
    TimelineSummary.write($("map-summary"), text.map);
    TimelineSummary.write($("deaths-summary"), text.deaths || "");
    $("events-caption").textContent = text.caption;
    for (const gd of [$("overview"), $("map"), $("deaths")]) TimelineSummary.hideDrawing(gd);
  }

  // ---------------------------------------------------------------------------------------------
  // controls
  function check(name, value, checked, ...label) {
    const input = el("input", { type: "checkbox", name, value, checked });
    return el("label", {}, input, ...label);
  }

  function showState() {  // the controls, as the state says
    $("f-start").value = state.start || span.start;
    $("f-end").value = state.end || span.end;
    $("f-text").value = state.text;
    $("f-confidence").value = state.confidence;
    for (const box of document.querySelectorAll("#f-categories input")) box.checked = state.categories.has(box.value);
    for (const box of document.querySelectorAll("#f-reporters input")) box.checked = state.reporters.has(box.value);
    renderChips();
  }

  function buildControls() {
    const start = $("f-start"), end = $("f-end");
    for (const input of [start, end]) {
      input.min = span.start;
      input.max = span.end;
    }
    const onDate = (ev) => {
      let a = start.value || span.start, b = end.value || span.end;
      if (a > b) {
        if (ev.target === start) b = a; else a = b;
      }
      start.value = a;
      end.value = b;
      state.start = a === span.start ? null : a;  // the whole span: no date filter
      state.end = b === span.end ? null : b;
      state.zoom = null;
      update();
    };
    start.addEventListener("change", onDate);
    end.addEventListener("change", onDate);

    $("f-categories").append(...D.categories.filter((c) => c.count > 0).map((c) => {
      const sw = el("span", { className: "swatch" });
      sw.style.background = c.color;
      return check("category", c.id, state.categories.has(c.id), sw,
        el("span", {}, el("span", { className: "cat-label", lang: I.lang }, catLabel(c.id)), " ",
          el("span", { className: "count" }, "(" + fmt(c.count) + ")")));
    }));
    $("f-categories").addEventListener("change", (ev) => {
      toggle(state.categories, ev.target.value, ev.target.checked);
      update();
    });

    buildReporters();
    $("f-reporters").addEventListener("change", (ev) => {
      toggle(state.reporters, ev.target.value, ev.target.checked);
      update();
    });

    const text = $("f-text");
    let timer = null;
    const search = () => {
      clearTimeout(timer);
      if (state.text === text.value) return;
      state.text = text.value;
      update();
    };
    text.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(search, DEBOUNCE_MS);
    });
    text.addEventListener("change", search);  // Enter, or leaving the box: at once
    document.body.dataset.debounce = String(DEBOUNCE_MS);

    const conf = $("f-confidence");
    conf.addEventListener("change", () => {
      state.confidence = conf.value;
      update();
    });

    $("f-reset").addEventListener("click", () => {
      Object.assign(state, stateOf({}), { zoom: null });
      $("f-actor").value = $("f-place").value = $("pick-note").textContent = "";
      showState();
      update();
    });
    showState();
  }

  function buildReporters() {  // the organisations with figures: those with a running toll, then the others
    const box = $("f-reporters");
    if (!D.reporters.length) {
      box.replaceChildren(el("p", { className: "note" }, t("reporters.none")));
      return;
    }
    const reporter = (r) => {
      const sw = el("span", { className: "swatch line" });
      if (r.toll) sw.style.background = r.color;
      return check("reporter", r.name, state.reporters.has(r.name), sw,
        el("span", {}, r.name + " ", el("span", { className: "count" },
          t(r.count === 1 ? "reporters.figure" : "reporters.figures", { n: fmt(r.count) }))));
    };
    const tolls = D.reporters.filter((r) => r.toll), others = D.reporters.filter((r) => !r.toll);
    const items = tolls.map(reporter);
    if (others.length) {  // organisations with figures but no running toll: counted, not drawn
      const open = box.querySelector("details.more");
      const more = el("details", { className: "more" },
        el("summary", {}, t(tolls.length ? "reporters.others" : "reporters.all", { n: fmt(others.length) })), ...others.map(reporter));
      more.open = open ? open.open : !tolls.length;
      items.push(more);
    }
    items.push(el("p", { className: "hint" }, tolls.length
      ? t("reporters.hint_toll", { tolls: fmt(tolls.length), n: fmt(D.reporters.length) }) : t("reporters.hint")));
    box.replaceChildren(...items);
  }

  // Phase buttons: one click shows one phase's dates.
  function buildPhaseButtons() {
    $("f-phases").replaceChildren(...D.phases.filter((p) => p.start && p.end).map((p) => {
      const [before, after] = t("phase.button", { name: "\u0000", dates: I.rangeText(dayOf(p.start), dayOf(p.end)) }).split("\u0000");
      const b = el("button", { type: "button", className: "phase-button", title: t("phase.button_title") },
        before, el("bdi", {}, p.name), after);  // a phase's name is data, in its own direction
      b.setAttribute("aria-pressed", String(state.start === (p.start <= span.start ? null : p.start)
        && state.end === (p.end >= span.end ? null : p.end)));
      b.dataset.start = p.start;
      b.dataset.end = p.end;
      b.addEventListener("click", () => {
        Object.assign(state, { start: p.start <= span.start ? null : p.start, end: p.end >= span.end ? null : p.end, zoom: null });
        showState();
        update();
      });
      return b;
    }));
  }

  // Actors and places: typed (with suggestions from the data) or set from Python; each chosen
  // one is a chip, removed by a click. An event is shown when it has any of them.
  function buildPicks() {
    const byName = new Map();
    for (const p of D.places) {  // a place by its English or its Arabic name, in every language
      for (const name of [p.name, p.name_ar]) {
        if (!name) continue;
        const key = name.toLowerCase();
        byName.set(key, [...new Set((byName.get(key) || []).concat([p.id]))]);
      }
    }
    const actorOf = new Map();
    E.actors.forEach((a, k) => {
      actorOf.set(a.toLowerCase(), a);
      const ar = (D.events.actors_ar || [])[k];
      if (ar) actorOf.set(ar.toLowerCase(), a);
    });
    fillPickLists();
    pickControl($("f-actor"), "actor", (v) => (actorOf.has(v) ? [actorOf.get(v)] : []), "actors");
    pickControl($("f-place"), "place", (v) => byName.get(v) || [], "places");
  }

  function fillPickLists() {  // suggestions in the page's language
    const actors = E.actors.map((a, k) => actorName(k)).sort((a, b) => a.localeCompare(b));
    $("actor-list").replaceChildren(...actors.map((a) => el("option", { value: a })));
    $("place-list").replaceChildren(...[...new Set(D.places.map((p, q) => placeName(q)))].sort((a, b) => a.localeCompare(b))
      .map((name) => el("option", { value: name })));
  }

  function pickControl(input, what, lookup, key) {  // key: the state's set ("actors" or "places")
    const choose = () => {
      const typed = input.value.trim();
      if (!typed) return;
      const found = lookup(typed.toLowerCase());
      if (!found.length) {
        $("pick-note").textContent = t("pick.no_" + what, { name: typed });
        return;
      }
      $("pick-note").textContent = "";
      input.value = "";
      for (const v of found) state[key].add(v);
      renderChips();
      update();
    };
    input.addEventListener("change", choose);
    input.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter") {
        ev.preventDefault();
        choose();
      }
    });
  }

  function renderChips() {
    const chips = [];
    for (const a of state.actors) {
      const k = E.actors.indexOf(a);
      chips.push(chip(t("chip.actor", { name: k >= 0 ? actorName(k) : a }), () => state.actors.delete(a)));
    }
    for (const p of state.places) {
      const q = D.places.findIndex((x) => x.id === p);
      chips.push(chip(t("chip.place", { name: q >= 0 ? placeName(q) : p }), () => state.places.delete(p)));
    }
    $("f-extra").replaceChildren(...chips);
  }

  function chip(text, remove) {
    const b = el("button", { type: "button", className: "chip", title: t("chip.remove") }, text + " ×");
    b.addEventListener("click", () => {
      remove();
      renderChips();
      update();
    });
    return b;
  }

  function toggle(set, value, on) {
    if (on) set.add(value); else set.delete(value);
  }

  function setCategory(cat, on) {
    toggle(state.categories, cat, on);
    for (const box of document.querySelectorAll("#f-categories input")) if (box.value === cat) box.checked = on;
    update();
  }

  function renderPhases() {
    const none = !D.phases.length;  // data without phases (ACLED, GED): no empty heading, no empty bar
    document.querySelector("section.phases").hidden = none;
    document.querySelector(".phase-bar").hidden = none;
    $("phase-list").replaceChildren(...D.phases.map((p) => {
      const dates = arabic() && p.start && p.end ? I.rangeText(dayOf(p.start), dayOf(p.end)) : p.dates;
      const li = el("li", {}, el("span", { className: "name" }, p.name), el("span", { className: "dates" }, dates),
        el("span", { className: "desc" }, p.description));
      li.style.borderInlineStartColor = p.fill === "#F7F7F7" ? "#DADADA" : "#BDBDBD";
      return li;
    }));
  }

  // ---------------------------------------------------------------------------------------------
  // drawing: one change at a time; changes made while one is drawn are drawn together next
  let renders = 0;
  let result = { n: 0, nReports: 0, nSources: 0 };
  let drawing = Promise.resolve(), queued = null;

  function update() {
    if (queued) return queued;
    queued = drawing.then(() => {
      queued = null;
      return redraw();
    });
    drawing = queued.catch(() => null);
    return queued;
  }

  function redraw() {
    result = K.run(query());
    for (const b of document.querySelectorAll(".phase-button")) {
      const on = state.start === (b.dataset.start <= span.start ? null : b.dataset.start)
        && state.end === (b.dataset.end >= span.end ? null : b.dataset.end) && !state.zoom;
      b.setAttribute("aria-pressed", String(on));
    }
    $("status").textContent = t(state.zoom ? "status.showing_zoom" : "status.showing", { n: fmt(result.n), total: fmt(E.n) });
    $("summary").textContent = " · " + t("status.summary", { sources: fmt(result.nSources), reports: fmt(result.nReports) });
    updateOverview(result);
    chartTexts(result);
    updateMap(result);
    draw(MAP_BASE);
    if (DX.chart) DX.update(OV.xrange);
    const done = [draw(OV), draw(MAP), DX.chart ? draw(DX.chart) : null];
    if (done[0]) stats.overview += 1;
    if (done[1]) stats.map += 1;
    if (done[2]) stats.deaths += 1;
    return Promise.all(done).then(() => {
      rowLimit = D.max_rows;  // a new view starts again from one page of rows
      renderTable(result.n);  // after the charts: plotly measures its text before the rows change the page
      describe();
      rendered();
    });
  }

  // ---------------------------------------------------------------------------------------------
  // the page's language: its fixed words (data-i18n), the header, the controls' labels
  function renderHeader() {
    const C = D.counts, items = [["events", C.events], ["sources", C.sources], ["reports", C.reports], ["reporters", C.reporters]];
    const facts = [];
    if (D.span) facts.push(el("p", { className: "span" }, t("date.range", { from: dayText(dayOf(D.span.start)), to: dayText(dayOf(D.span.end)) })));
    facts.push(el("ul", { className: "counts" }, ...items.map(([k, n]) => el("li", {}, el("strong", {}, fmt(n)), " ",
      t("header." + (n === 1 ? k.slice(0, -1) : k))))));
    const meta = [];
    if (D.data_date) meta.push(t("header.as_of", { date: dayText(dayOf(D.data_date)) }));
    if (D.generated) meta.push(t("header.generated", { date: D.generated }));
    if (meta.length) facts.push(el("p", { className: "asof" }, meta.join(" · ")));
    for (const key of D.caveats || []) facts.push(el("p", { className: "caveat" }, t(key)));
    $("header-facts").replaceChildren(...facts);
  }

  function labelPage() {
    I.setLang(I.lang);  // <html lang dir> and every data-i18n element
    const other = I.lang === "ar" ? "en" : "ar";
    const button = $("f-lang");
    button.textContent = D.strings[other]["lang.name"];
    button.lang = other;
    button.dataset.lang = other;
    renderHeader();
    $("footer-text").textContent = t("footer", { version: D.version });
    if (D.notice) $("scope-note").textContent = D.notice[I.lang] || D.notice.en;  // where the events come from
    if (E.omitted) {
      const why = D.events.omitted_why || ["omitted.budget", {}];
      $("data-note").textContent = t("omitted", { n: fmt(E.n), why: t(why[0], why[1]) });
    }
    for (const node of document.querySelectorAll("#f-categories .cat-label")) {
      node.textContent = catLabel(node.closest("label").querySelector("input").value);
      node.lang = I.lang;
    }
    const conf = CONFIG.locale;
    CONFIG.locale = arabic() ? "ar" : "en";
    for (const c of [OV, MAP, MAP_BASE]) if (c && c.config) c.config.locale = CONFIG.locale;
    return conf !== CONFIG.locale;
  }

  // English ⇄ العربية, the filters kept: every word of the page, the charts and the table again.
  function setLanguage(lang) {
    I.setLang(lang);
    labelPage();
    buildReporters();
    buildPhaseButtons();
    renderPhases();
    renderChips();
    fillPickLists();
    if (E.omitted) $("f-text").placeholder = t("search.short");
    const shareKeys = Object.keys(D.strings.en).filter((k) => k.startsWith("share."));
    for (const node of document.querySelectorAll("#share-tools button, #share-tools a")) {  // share.js's buttons
      const key = shareKeys.find((k) => D.strings[lang === "ar" ? "en" : "ar"][k] === node.textContent);
      if (key) node.textContent = t(key);
    }
    rows.clear();
    hoverLines.clear();
    tollCache.clear();
    localTraces.clear();
    tableKey = null;
    OV.version = -1;
    OV.reporters = null;
    OV.notesKey = null;
    OV.shown = OV.shown.map(() => null);
    MAP.version = -1;
    MAP.notesKey = null;
    relabelTraces();
    return update().then(() => Promise.all([OV, MAP, MAP_BASE].map((c) => Plotly.react(c.gd, c.gd.data, c.gd.layout, c.config))))
      .then(() => { document.body.dataset.lang = I.lang; });
  }

  function rendered() {
    renders += 1;
    document.body.dataset.renders = String(renders);
    document.dispatchEvent(new Event("timeline:rendered"));
  }

  function filtersOf(s) {  // the state as Python's Filters.to_dict() (all ticked: no filter)
    return {
      start: s.start, end: s.end,
      categories: s.categories.size === ALL_CATS.length ? [] : ALL_CATS.filter((c) => s.categories.has(c)),
      actors: [...s.actors], places: [...s.places],
      reporters: s.reporters.size === REPORTERS.length ? [] : REPORTERS.filter((r) => s.reporters.has(r)),
      min_confidence: s.confidence, text: s.text.trim(),
    };
  }

  // Zooming the overview of a large timeline far enough shows its events one by one.
  let zoomTimer = null;
  function onZoom(ev) {
    let zoom = state.zoom;
    for (const ax of ["xaxis", "xaxis2", "xaxis3"]) {
      if (ev[ax + ".autorange"]) zoom = null;
      const r = ev[ax + ".range"] || (ev[ax + ".range[0]"] !== undefined ? [ev[ax + ".range[0]"], ev[ax + ".range[1]"]] : null);
      if (r) zoom = r.slice(0, 2).map(String);
    }
    if (String(zoom) === String(state.zoom)) return;
    state.zoom = zoom;
    clearTimeout(zoomTimer);  // after plotly has finished its own relayout
    zoomTimer = setTimeout(update, 50);
  }

  function onLegend(ev) {  // a category in a legend toggles its checkbox: one state for the whole page
    const meta = (ev.data[ev.curveNumber] || {}).meta || {};
    if (meta.category) setCategory(meta.category, !state.categories.has(meta.category));
    return false;
  }

  function followMap(ev) {  // the base follows the dots layer's pan and zoom
    const keys = Object.keys(ev).filter((k) => k.startsWith("geo"));
    if (keys.length) Plotly.relayout($("map-base"), Object.fromEntries(keys.map((k) => [k, ev[k]])));
  }

  window.timelineApp = {
    setFilters(f) {
      try { checkKnown(f || {}); } catch (err) { return Promise.reject(err); }
      Object.assign(state, stateOf(f || {}), { zoom: null });
      showState();
      return update().then(() => undefined);
    },
    visibleIds: () => K.ids(),
    counts: () => ({ events: result.n, reports: result.nReports, sources: result.nSources }),
    get renders() { return renders; },
    stats,
    layouts: () => ({ overview: OV.layout, map: MAP.layout, mapBase: MAP_BASE.layout }),
    deaths: () => (DX && DX.values()),
    setSizeBy: (v) => setSizeBy(v),
    filters: () => filtersOf(state),
    // for share.js (links, CSV, print): the data, the kept events' positions, the check of
    // filter values, the number of table rows
    internal: { data: D, kept: () => K.kept.subarray(0, result.n), check: checkKnown, showRows },
    setLanguage,
    get lang() { return I.lang; },
  };

  function start(events) {
    E = events;
    K = TimelineEngine.create(D, E);
    OV = overviewChart();
    [MAP_BASE, MAP] = mapCharts();
    startDeaths();
    if (E.omitted) {
      $("data-note").hidden = false;
      for (const node of [$("f-text"), document.querySelector("label[for=f-text]")]) delete node.dataset.i18n;
      $("f-text").dataset.i18nAttr = "placeholder:search.short";
      document.querySelector("label[for=f-text]").dataset.i18n = "search.short";
    }
    $("f-lang").addEventListener("click", () => setLanguage(I.lang === "ar" ? "en" : "ar"));
    Plotly.register(I.plotlyLocale());
    labelPage();
    relabelTraces();
    $("table-more").addEventListener("click", () => {
      rowLimit += D.max_rows;
      renderTable(result.n);
      describe();
    });
    const linked = window.TimelineShare ? TimelineShare.opened(window.timelineApp) : null;  // the view a link asks for
    if (linked) Object.assign(state, stateOf(linked));
    buildControls();
    buildPicks();
    buildPhaseButtons();
    renderPhases();
    draw(MAP_BASE);
    return update().then(() => {
      for (const gd of [$("overview"), $("map")].concat(DX.chart ? [$("deaths")] : [])) {
        gd.on("plotly_legendclick", onLegend);
        gd.on("plotly_legenddoubleclick", () => false);
      }
      $("overview").on("plotly_relayout", onZoom);
      $("map").on("plotly_relayout", followMap);
      $("map").on("plotly_relayouting", followMap);
      document.body.dataset.lang = I.lang;
      document.body.dataset.ready = "1";
    });
  }

  if (typeof DecompressionStream === "undefined") {
    $("status").textContent = t("status.old_browser");
    return;
  }
  if (D.events.n > 50000) $("status").textContent = t("status.reading", { n: fmt(D.events.n) });
  TimelineEngine.decode(D).then(start).catch((err) => {
    $("status").textContent = t("status.unreadable", { error: err });
  });
})();
