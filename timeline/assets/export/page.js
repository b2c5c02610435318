/* syria-timeline export page: filters the charts and the table in the browser, offline.
 *
 * All data comes from the JSON block #timeline-data and reaches the page through textContent,
 * createTextNode and element properties, never innerHTML. Text handed to plotly (which renders a
 * subset of HTML in hover labels and annotations) goes through esc(). Only http(s) addresses
 * become links.
 *
 * The events arrive as columns (see timeline/export.py): plain JSON lists in small pages, gzip +
 * base64 in large ones, decoded here with the browser's DecompressionStream. Events are sorted by
 * date; an event is its position. The figures in the JSON are built for the whole timeline, and
 * every filterable point knows its events: on each change the page keeps the points of the
 * visible events, recomputes the daily counts (and the density strips of a large timeline, or
 * its events one by one once few enough are in view), the map's dots and the range band, then
 * calls Plotly.react.
 */
(function () {
  "use strict";

  const D = JSON.parse(document.getElementById("timeline-data").textContent);
  const FIG = D.figures;
  const CONF = Object.fromEntries(D.confidence.map((c, i) => [c, i]));
  const CAT = Object.fromEntries(D.categories.map((c) => [c.id, c]));
  const CAT_INDEX = Object.fromEntries(D.categories.map((c, i) => [c.id, i]));
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const DAY_MS = 86400000;
  const POINT_KEYS = ["x", "y", "base", "width", "hovertext", "text", "customdata", "lon", "lat", "textposition"];
  const MARKER_KEYS = ["size", "color", "symbol", "opacity"];
  const CONFIG = {
    displaylogo: false, responsive: true,
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"],
    toImageButtonOptions: { filename: "syria-timeline", scale: 2 },
  };
  const ARRAYS = { uint8: Uint8Array, uint16: Uint16Array, int32: Int32Array };
  let E = null;  // the events, decoded: see decodeEvents()

  // ---------------------------------------------------------------------------------------------
  // small helpers
  const $ = (id) => document.getElementById(id);
  const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const fmt = (n) => Number(n).toLocaleString("en-US");
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const c of children) {
      if (c !== null && c !== undefined) node.append(c);  // strings become text nodes
    }
    return node;
  }
  function dayText(d) {
    const t = new Date(d * DAY_MS);
    return t.getUTCDate() + " " + MONTHS[t.getUTCMonth()] + " " + t.getUTCFullYear();
  }
  const isoDay = (d) => new Date(d * DAY_MS).toISOString().slice(0, 10);
  const dayOf = (iso) => Math.floor(Date.parse(iso.slice(0, 10)) / DAY_MS);
  function safeHref(url) {
    try {
      const u = new URL(url);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // state: what the reader chose
  const init = D.initial;
  const span = D.span || { start: "", end: "" };
  const tollReporters = D.reporters.map((r) => r.name);
  const state = {
    start: init.start && init.start > span.start ? init.start : span.start,
    end: init.end && init.end < span.end ? init.end : span.end,
    categories: new Set(init.categories.length ? init.categories : D.categories.map((c) => c.id)),
    reporters: new Set(init.reporters.length ? init.reporters.filter((r) => tollReporters.includes(r))
      : tollReporters),
    confidence: init.min_confidence || "low",
    text: init.text || "",
    actors: new Set(init.actors),
    places: new Set(init.places),
    zoom: null,  // the overview's zoomed x range, as plotly gives it, or null
  };

  // ---------------------------------------------------------------------------------------------
  // the events: columns, decoded once
  async function decodeColumn(c) {
    if (c === null || c === undefined) return null;
    if (Array.isArray(c)) return c;
    if (c.type === "split") {  // ids written as a prefix and a number
      const [prefix, number] = await Promise.all([decodeColumn(c.prefix), decodeColumn(c.number)]);
      return Array.from(number, (v, i) => c.prefixes[prefix[i]] + v);
    }
    const bin = atob(c.gzip);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i += 1) bytes[i] = bin.charCodeAt(i);
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    const buf = await new Response(stream).arrayBuffer();
    if (c.type === "json") return JSON.parse(new TextDecoder().decode(buf));
    const out = Int32Array.from(new ARRAYS[c.type](buf));
    if (c.delta) for (let i = 1; i < out.length; i += 1) out[i] += out[i - 1];
    return out;
  }

  function offsets(counts) {  // per-event counts -> start of each event's run (n + 1 entries)
    const off = new Int32Array(counts.length + 1);
    for (let i = 0; i < counts.length; i += 1) off[i + 1] = off[i] + counts[i];
    return off;
  }

  async function decodeEvents(block) {
    const names = Object.keys(block.columns);
    const cols = await Promise.all(names.map((k) => decodeColumn(block.columns[k])));
    const C = Object.fromEntries(names.map((k, i) => [k, cols[i]]));
    const [titles, dates] = await Promise.all([decodeColumn(block.titles), decodeColumn(block.dates)]);
    const ints = (k) => (C[k] instanceof Int32Array ? C[k] : Int32Array.from(C[k]));
    const d0 = ints("d0"), len = ints("length");
    const d1 = new Int32Array(d0.length);
    for (let i = 0; i < d0.length; i += 1) d1[i] = d0[i] + len[i];
    let first = Infinity, last = -Infinity;
    for (let i = 0; i < d0.length; i += 1) {
      if (d0[i] < first) first = d0[i];
      if (d1[i] > last) last = d1[i];
    }
    // categories, confidence and precision codes follow the page's own lists
    const catOf = block.categories.map((c) => (c in CAT_INDEX ? CAT_INDEX[c] : -1));
    const cat = ints("category").map((c) => catOf[c]);
    return {
      n: block.n, id: C.id, d0, d1, cat, conf: ints("confidence"), prec: ints("precision"),
      month: block.precision.indexOf("month"), approximate: block.precision.indexOf("approximate"),
      title: ints("title"), titles, date: ints("date"), dates,
      placeOff: offsets(ints("place_n")), place: ints("place"),
      sourceOff: offsets(ints("source_n")), source: ints("source"),
      actorOff: offsets(ints("actor_n")), actor: ints("actor"), actors: block.actors,
      description: C.description || null, notes: C.notes || null, omitted: block.omitted,
      first: d0.length ? first : 0, last: d0.length ? last : -1,
    };
  }

  const titleOf = (i) => E.titles[E.title[i]];
  const dateOf = (i) => E.dates[E.date[i]];
  const placesOf = (i) => E.place.subarray(E.placeOff[i], E.placeOff[i + 1]);

  // Words are searched as timeline.filters does: in the title, description, notes and English
  // place names (all of which must contain every word, in any of them), ignoring case.
  function wordMatcher(words) {
    if (!words.length) return null;
    const lower = (list) => list.map((t) => String(t).toLowerCase());
    const titles = lower(E.titles), places = lower(D.places.map((p) => p.name));
    const perWord = words.map((w) => ({
      w, title: Uint8Array.from(titles, (t) => t.includes(w)), place: Uint8Array.from(places, (t) => t.includes(w)),
    }));
    const desc = E.description, notes = E.notes;
    return (i) => perWord.every((m) => {
      if (m.title[E.title[i]]) return true;
      for (let k = E.placeOff[i]; k < E.placeOff[i + 1]; k += 1) if (m.place[E.place[k]]) return true;
      return (desc && desc[i].toLowerCase().includes(m.w)) || (notes && notes[i].toLowerCase().includes(m.w));
    });
  }

  function visibleEvents() {
    const words = state.text.toLowerCase().split(/\s+/).filter(Boolean);
    const match = wordMatcher(words);
    const minConf = CONF[state.confidence] || 0;
    const a = state.start ? dayOf(state.start) : -Infinity, b = state.end ? dayOf(state.end) : Infinity;
    const cats = Uint8Array.from(D.categories, (c) => state.categories.has(c.id));
    const actors = state.actors.size ? Uint8Array.from(E.actors, (x) => state.actors.has(x)) : null;
    const places = state.places.size ? Uint8Array.from(D.places, (p) => state.places.has(p.id)) : null;
    const keep = new Uint8Array(E.n);
    let n = 0;
    for (let i = 0; i < E.n; i += 1) {
      if (E.d1[i] < a || E.d0[i] > b) continue;
      if (!cats[E.cat[i]] || E.conf[i] < minConf) continue;
      if (actors && !anyOf(actors, E.actor, E.actorOff, i)) continue;
      if (places && !anyOf(places, E.place, E.placeOff, i)) continue;
      if (match && !match(i)) continue;
      keep[i] = 1;
      n += 1;
    }
    return { keep, n };
  }

  function anyOf(mask, values, off, i) {
    for (let k = off[i]; k < off[i + 1]; k += 1) if (mask[values[k]]) return true;
    return false;
  }

  // Events under way each day, by category (month-only events are on no day): daily[c][d - first].
  function dailyCounts(keep) {
    const width = Math.max(E.last - E.first + 1, 0);
    const daily = D.categories.map(() => new Int32Array(width));
    for (let i = 0; i < E.n; i += 1) {
      if (!keep[i] || E.prec[i] === E.month) continue;
      const row = daily[E.cat[i]];
      for (let d = E.d0[i]; d <= E.d1[i]; d += 1) row[d - E.first] += 1;
    }
    return daily;
  }

  // ---------------------------------------------------------------------------------------------
  // figures
  function pick(tr, idx) {
    const out = Object.assign({}, tr);
    for (const k of POINT_KEYS) if (Array.isArray(tr[k])) out[k] = idx.map((j) => tr[k][j]);
    if (tr.marker) {
      out.marker = Object.assign({}, tr.marker);
      for (const k of MARKER_KEYS) if (Array.isArray(tr.marker[k])) out.marker[k] = idx.map((j) => tr.marker[k][j]);
    }
    return out;
  }

  function countsOf(tr, daily) {
    const row = daily[CAT_INDEX[tr.meta.group]];
    return tr.meta.days.map((d) => (row && d >= E.first && d <= E.last ? row[d - E.first] : 0));
  }

  // The range band of one measure and episode, across the toll lines of the ticked organisations:
  // on each day where two or more of them have a figure in force, the lowest and the highest.
  function band(meta) {
    const lines = meta.members.map((j) => FIG.overview.data[j])
      .filter((t) => state.reporters.has(t.meta.reported_by));
    const all = lines.length === meta.members.length;
    const out = { x: [], low: [], high: [], hover: [] };
    const label = D.measures[meta.measure] || meta.measure;
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
    return out;

    function push(d, b) {
      out.x.push(isoDay(d) + "T12:00:00");
      out.low.push(b.lo);
      out.high.push(b.hi);
      out.hover.push("<b>Range across " + (all ? "organisations" : "the organisations shown") + "</b>, "
        + esc(label) + " killed<br>" + dayText(d) + ": " + fmt(b.lo) + " (" + esc(b.loBy) + ") to "
        + fmt(b.hi) + " (" + esc(b.hiBy) + ")<br><i>Not an estimate: the organisations count different things</i>");
    }
  }

  const EMPTY_NOTE = {
    name: "empty", text: "No events match", showarrow: false, x: 0.5, y: 0.5, xref: "paper", yref: "paper",
    font: { size: 16, color: "#5F5F5F" },
  };

  const noon = (d) => isoDay(d) + "T12:00:00";

  // How many visible events overlap the zoomed range (all visible events when not zoomed).
  // The zoomed range as day numbers (the days it touches), or null.
  function zoomDays() {
    if (!state.zoom) return null;
    const [a, b] = state.zoom.map((t) => Date.parse(t.replace(" ", "T").slice(0, 19) + "Z") / DAY_MS);
    return [Math.floor(a), Math.floor(b)];
  }

  function inZoom(keep, n) {
    const z = zoomDays();
    if (!z) return n;
    let k = 0;
    for (let i = 0; i < E.n; i += 1) if (keep[i] && E.d1[i] >= z[0] && E.d0[i] <= z[1]) k += 1;
    return k;
  }

  let densityX = null;

  // A large timeline's top row: heat strips of the events under way each day, or — once the
  // filters or the zoom leave few enough events in view — each event as a dot in its lane.
  function densityTraces(data, keep, n, daily) {
    const strips = data.filter((tr) => (tr.meta || {}).role === "density");
    if (!strips.length) return null;
    const shown = inZoom(keep, n);
    const dots = shown > 0 && shown <= D.max_markers;
    if (!densityX) {  // the strips' days, once: the same array every time lets plotly skip re-reading them
      densityX = [];
      for (let d = E.first; d <= E.last; d += 1) densityX.push(noon(d));
    }
    const x = densityX;
    let zmax = 1;
    for (const tr of strips) {
      const row = daily[CAT_INDEX[tr.meta.category]];
      if (row && state.categories.has(tr.meta.category)) for (const v of row) if (v > zmax) zmax = v;
    }
    const lane = {};
    for (const tr of strips) lane[tr.meta.category] = (tr.y[0] + tr.y[1]) / 2;
    const points = {};
    if (dots) {
      const stack = new Map();
      const z = zoomDays();
      for (let i = 0; i < E.n; i += 1) {
        if (!keep[i] || (z && (E.d1[i] < z[0] || E.d0[i] > z[1]))) continue;
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
        const where = Array.from(placesOf(i), (q) => esc(D.places[q].name)).join(", ");
        p.hovertext.push("<b>" + esc(titleOf(i)) + "</b><br>" + esc(dateOf(i)) + (where ? "<br>" + where : ""));
      }
    }
    return {
      dots, shown,
      trace(tr) {
        const m = tr.meta;
        const row = daily[CAT_INDEX[m.category]];
        if (m.role === "density") {
          return Object.assign({}, tr, { x, z: [row ? Array.from(row) : []], zmax, visible: !dots });
        }
        const p = points[m.category] || { x: [], y: [], hovertext: [], symbol: [] };
        return Object.assign({}, tr, { x: p.x, y: p.y, hovertext: p.hovertext, visible: dots,
          marker: Object.assign({}, tr.marker, { symbol: p.symbol, color: tr.marker.color }) });
      },
    };
  }

  function overviewFigure(keep, n, daily) {
    const src = FIG.overview;
    const bands = {};
    const dense = densityTraces(src.data, keep, n, daily);
    const data = src.data.map((tr) => {
      const m = tr.meta || {};
      if (m.role === "event") return pick(tr, tr.customdata.map((e, j) => (keep[e] ? j : -1)).filter((j) => j >= 0));
      if (m.role === "density" || m.role === "dots") return dense.trace(tr);
      if (m.role === "count") return Object.assign({}, tr, { y: countsOf(tr, daily) });
      if (m.role === "toll") return Object.assign({}, tr, { visible: state.reporters.has(m.reported_by) });
      if (m.role === "legend") return Object.assign({}, tr, { visible: state.categories.has(m.category) ? true : "legendonly" });
      if (m.role === "range") {
        const key = m.measure + "|" + m.episode;
        const b = bands[key] || (bands[key] = band(m));
        const out = Object.assign({}, tr, { x: b.x, y: m.edge === "low" ? b.low : b.high });
        if (m.edge === "high") out.hovertext = b.hover;
        return out;
      }
      return tr;
    });
    const layout = structuredClone(src.layout);
    layout.annotations = (layout.annotations || []).map((a, k) => {
      if (a.name === "mode" && dense) {
        return Object.assign(a, { text: dense.dots
          ? "<b>Each event</b> · " + fmt(dense.shown) + " in view (density above " + fmt(D.max_markers) + ")"
          : "<b>Density</b> · " + fmt(dense.shown) + " events in view, over " + fmt(D.max_markers)
            + ": filter or zoom in to see each event" });
      }
      const rep = src.labels[k];
      return rep === undefined ? a : Object.assign(a, { visible: state.reporters.has(rep) });
    });
    if (!n) layout.annotations.push(EMPTY_NOTE);
    const full = state.start <= span.start && state.end >= span.end;
    layout.uirevision = state.start + "/" + state.end;  // a reader's zoom survives other filters
    if (!full) {
      const a = dayOf(state.start), b = dayOf(state.end) + 1;
      const pad = Math.max(1, (b - a) * 0.015);
      const range = [new Date((a - pad) * DAY_MS).toISOString(), new Date((b + pad) * DAY_MS).toISOString()];
      for (const ax of ["xaxis", "xaxis2", "xaxis3"]) if (layout[ax]) layout[ax].range = range.slice();
    }
    if (state.zoom) {  // the reader's zoom, stated: plotly keeps GUI ranges only for the uirevision they were made in
      layout.uirevision += "/" + state.zoom.join("/");
      for (const ax of ["xaxis", "xaxis2", "xaxis3"]) {
        if (layout[ax]) Object.assign(layout[ax], { range: state.zoom.slice(), autorange: false });
      }
    }
    return { data, layout };
  }

  // Per map trace (a category), its point for each place.
  // Per map trace (a category, on the main map or the inset): for each place, its point (-1: none).
  const MAP_INDEX = FIG.map.data.map((tr) => {
    if ((tr.meta || {}).role !== "place") return null;
    const index = new Int32Array(D.places.length).fill(-1);
    tr.meta.places.forEach((p, j) => { if (p >= 0) index[p] = j; });
    return index;
  });
  const MAP_TRACES = D.categories.map((c) => FIG.map.data.map((tr, t) => t)
    .filter((t) => MAP_INDEX[t] && FIG.map.data[t].meta.category === c.id));

  function mapFigure(keep, n) {
    const src = FIG.map;
    // per place trace: events per point, and the first ones
    const perTrace = src.data.map((tr, t) => (MAP_INDEX[t]
      ? { counts: new Int32Array(tr.meta.places.length), first: tr.meta.places.map(() => []) } : null));
    for (let i = 0; i < E.n; i += 1) {
      if (!keep[i]) continue;
      for (const t of MAP_TRACES[E.cat[i]]) {
        const c = perTrace[t], index = MAP_INDEX[t];
        for (let k = E.placeOff[i]; k < E.placeOff[i + 1]; k += 1) {
          const j = index[E.place[k]];
          if (j < 0) continue;
          c.counts[j] += 1;
          if (c.first[j].length < 8) c.first[j].push(i);  // events are by date: the first 8 are the earliest
        }
      }
    }
    const data = src.data.map((tr, t) => {
      const m = tr.meta || {};
      if (m.role !== "place") return tr;
      if (!state.categories.has(m.category)) return Object.assign({}, tr, { visible: "legendonly" });
      const c = perTrace[t];
      const idx = [], sizes = [], hovers = [];
      c.counts.forEach((k, j) => {
        if (!k) return;
        idx.push(j);
        sizes.push(k);
        hovers.push(placeHover(m.headers[j], m.category, k, c.first[j]));
      });
      const out = pick(tr, idx);
      out.marker.size = sizes;
      out.hovertext = hovers;
      return out;
    });
    const layout = structuredClone(src.layout);
    layout.uirevision = "map";
    const note = unplaced(keep, n);
    layout.annotations = (layout.annotations || []).map((a) => (a.name === "unplaced"
      ? Object.assign(a, { text: note.text || " ", hovertext: note.hover || undefined, visible: !!note.text }) : a));
    if (!n) layout.annotations.push(EMPTY_NOTE);
    return { data, layout };
  }

  function placeHover(header, category, count, first) {
    const lines = first.map((i) => "• " + esc(dateOf(i)) + " — " + esc(titleOf(i)));
    if (count > first.length) lines.push("and " + fmt(count - first.length) + " more");
    const label = (CAT[category] ? CAT[category].label : category).toLowerCase();
    return header + "<br>" + fmt(count) + " " + esc(label) + (count > 1 ? " events" : " event") + ":<br>"
      + lines.join("<br>");
  }

  const STATUS = D.places.map((p) => p.status);

  // The list beside the map: how many visible events have no dot, and the places without one.
  function unplaced(keep, n) {
    const groups = { none: new Map(), outside: new Map() };
    let placed = 0;
    for (let i = 0; i < E.n; i += 1) {
      if (!keep[i]) continue;
      let onMap = false;
      for (let k = E.placeOff[i]; k < E.placeOff[i + 1]; k += 1) {
        const p = E.place[k], st = STATUS[p];
        if (st === "mapped") { onMap = true; continue; }
        const rec = groups[st].get(p) || { n: 0, titles: [] };
        rec.n += 1;
        if (rec.titles.length < 8 && !rec.titles.includes(titleOf(i))) rec.titles.push(titleOf(i));
        groups[st].set(p, rec);
      }
      if (onMap) placed += 1;
    }
    const blocks = [], hover = [];
    if (n - placed) {
      blocks.push("<b>Not on the map: " + fmt(n - placed) + " of " + fmt(n) + " events</b><br>"
        + "(no place with coordinates, or outside the map)");
    }
    for (const [heading, key] of [["No coordinates", "none"], ["Outside the map area", "outside"]]) {
      if (!groups[key].size) continue;
      const per = [...groups[key].entries()].map(([p, r]) => ({ name: D.places[p].name, n: r.n, titles: r.titles }))
        .sort((a, b) => b.n - a.n || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const shown = per.slice(0, 40);
      const items = shown.map((r) => esc(r.name) + " (" + r.n + ")");
      if (per.length > shown.length) {
        const rest = per.slice(shown.length);
        items.push("and " + rest.length + " more places (" + rest.reduce((s, r) => s + r.n, 0) + " events)");
      }
      blocks.push("<b>" + heading + "</b> — place (events):<br>" + wrapItems(items, 60));
      for (const r of shown) hover.push("<b>" + esc(r.name) + "</b>: " + r.titles.map(esc).join("; "));
    }
    return { text: blocks.join("<br><br>"), hover: hover.join("<br>") };
  }

  function wrapItems(items, width) {
    const lines = [];
    let cur = "";
    for (const it of items) {
      const next = cur ? cur + ", " + it : it;
      if (next.length > width && cur) {
        lines.push(cur + ",");
        cur = it;
      } else {
        cur = next;
      }
    }
    if (cur) lines.push(cur);
    return lines.join("<br>");
  }

  // ---------------------------------------------------------------------------------------------
  // the table of events (rows built once per event, on first show), a page of rows at a time
  const rows = new Map();
  let rowLimit = D.max_rows;

  function placeItem(p) {
    const place = D.places[p];
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
    if (!href && src.url) li.append(el("span", { className: "url", title: "not a web address, so not a link" }, src.url));
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
    if (E.notes && E.notes[i]) event.append(el("details", {}, el("summary", {}, "Notes"), el("p", {}, E.notes[i])));
    const sources = Array.from(E.source.subarray(E.sourceOff[i], E.sourceOff[i + 1]));
    const tr = el("tr", {},
      el("td", { className: "date" }, dateOf(i)),
      event,
      el("td", {}, el("span", { className: "cat" }, swatch, cat.label)),
      el("td", { className: "places" }, el("ul", {}, ...Array.from(placesOf(i), placeItem))),
      el("td", { className: "confidence" }, D.confidence[E.conf[i]]),
      el("td", { className: "sources" }, el("ul", {}, ...sources.map(sourceItem))));
    tr.dataset.event = E.id[i];
    tr.dataset.category = catId;
    rows.set(i, tr);
    return tr;
  }

  function renderTable(keep, n) {
    const frag = document.createDocumentFragment();
    let shown = 0;
    for (let i = 0; i < E.n && shown < rowLimit; i += 1) {  // events are in date order
      if (!keep[i]) continue;
      frag.append(row(i));
      shown += 1;
    }
    document.querySelector("#events-table tbody").replaceChildren(frag);
    $("table-note").textContent = !n ? "No events match these filters."
      : n > shown ? "Showing the first " + fmt(shown) + " of " + fmt(n) + " events, by date." : "";
    const more = $("table-more");
    more.hidden = n <= shown;
    more.textContent = "Show " + fmt(Math.min(D.max_rows, n - shown)) + " more";
  }

  // ---------------------------------------------------------------------------------------------
  // controls
  function check(name, value, checked, ...label) {
    const input = el("input", { type: "checkbox", name, value, checked });
    return el("label", {}, input, ...label);
  }

  function buildControls() {
    const start = $("f-start"), end = $("f-end");
    for (const input of [start, end]) {
      input.min = span.start;
      input.max = span.end;
    }
    start.value = state.start;
    end.value = state.end;
    const onDate = (ev) => {
      let a = start.value || span.start, b = end.value || span.end;
      if (a > b) {
        if (ev.target === start) b = a; else a = b;
      }
      start.value = state.start = a;
      end.value = state.end = b;
      state.zoom = null;
      update();
    };
    start.addEventListener("change", onDate);
    end.addEventListener("change", onDate);

    $("f-categories").append(...D.categories.filter((c) => c.count > 0).map((c) => {
      const sw = el("span", { className: "swatch" });
      sw.style.background = c.color;
      return check("category", c.id, state.categories.has(c.id), sw,
        el("span", {}, c.label + " ", el("span", { className: "count" }, "(" + fmt(c.count) + ")")));
    }));
    $("f-categories").addEventListener("change", (ev) => {
      toggle(state.categories, ev.target.value, ev.target.checked);
      update();
    });

    if (!D.reporters.length) $("f-reporters").append(el("p", { className: "note" }, "No running death tolls in the data."));
    $("f-reporters").append(...D.reporters.map((r) => {
      const sw = el("span", { className: "swatch line" });
      sw.style.background = r.color;
      return check("reporter", r.name, state.reporters.has(r.name), sw,
        el("span", {}, r.name + " ", el("span", { className: "count" }, "(" + fmt(r.count) + (r.count === 1 ? " figure)" : " figures)"))));
    }));
    if (D.reporters.length) $("f-reporters").append(el("p", { className: "hint" }, "Their running tolls, in the bottom chart."));
    $("f-reporters").addEventListener("change", (ev) => {
      toggle(state.reporters, ev.target.value, ev.target.checked);
      update();
    });

    const text = $("f-text");
    text.value = state.text;
    let timer = null;
    text.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        state.text = text.value;
        update();
      }, 200);
    });

    const conf = $("f-confidence");
    conf.value = state.confidence;
    conf.addEventListener("change", () => {
      state.confidence = conf.value;
      update();
    });

    $("f-reset").addEventListener("click", () => {
      Object.assign(state, {
        start: span.start, end: span.end, text: "", confidence: "low",
        categories: new Set(D.categories.map((c) => c.id)), reporters: new Set(tollReporters),
        actors: new Set(), places: new Set(), zoom: null,
      });
      start.value = span.start;
      end.value = span.end;
      text.value = "";
      conf.value = "low";
      for (const box of document.querySelectorAll("#controls input[type=checkbox]")) box.checked = true;
      $("f-actor").value = $("f-place").value = $("pick-note").textContent = "";
      renderChips();
      update();
    });
    renderChips();
  }

  // Actors and places: typed (with suggestions from the data) or set from Python; each chosen
  // one is a chip, removed by a click. An event is shown when it has any of them.
  function buildPicks() {
    const actors = E.actors.slice().sort((a, b) => a.localeCompare(b));
    const byName = new Map();
    for (const p of D.places) {
      const key = p.name.toLowerCase();
      byName.set(key, (byName.get(key) || []).concat([p.id]));
    }
    $("actor-list").append(...actors.map((a) => el("option", { value: a })));
    $("place-list").append(...[...new Set(D.places.map((p) => p.name))].sort((a, b) => a.localeCompare(b))
      .map((name) => el("option", { value: name })));
    const actorOf = new Map(actors.map((a) => [a.toLowerCase(), a]));
    pickControl($("f-actor"), "actor", (v) => (actorOf.has(v) ? [actorOf.get(v)] : []), "actors");
    pickControl($("f-place"), "place", (v) => byName.get(v) || [], "places");
  }

  function pickControl(input, what, lookup, key) {  // key: the state's set ("actors" or "places")
    const choose = () => {
      const typed = input.value.trim();
      if (!typed) return;
      const found = lookup(typed.toLowerCase());
      if (!found.length) {
        $("pick-note").textContent = "No " + what + " named “" + typed + "” in the data.";
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
    for (const a of state.actors) chips.push(chip("Actor: " + a, () => state.actors.delete(a)));
    for (const p of state.places) {
      const place = D.places.find((x) => x.id === p);
      chips.push(chip("Place: " + (place ? place.name : p), () => state.places.delete(p)));
    }
    $("f-extra").replaceChildren(...chips);
  }

  function chip(text, remove) {
    const b = el("button", { type: "button", className: "chip", title: "Remove this filter" }, text + " ×");
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
    $("phase-list").append(...D.phases.map((p) => {
      const li = el("li", {}, el("span", { className: "name" }, p.name), el("span", { className: "dates" }, p.dates),
        el("span", { className: "desc" }, p.description));
      li.style.borderLeftColor = p.fill === "#F7F7F7" ? "#DADADA" : "#BDBDBD";
      return li;
    }));
  }

  // ---------------------------------------------------------------------------------------------
  // drawing
  let renders = 0;

  let view = null;  // the visible events of the last update: { keep, n, daily }

  function update() {
    const { keep, n } = visibleEvents();
    view = { keep, n, daily: dailyCounts(keep) };
    $("status").textContent = "Showing " + fmt(n) + " of " + fmt(E.n) + " events";
    rowLimit = D.max_rows;
    renderTable(keep, n);
    const o = overviewFigure(keep, n, view.daily), m = mapFigure(keep, n);
    return Promise.all([
      Plotly.react($("overview"), o.data, o.layout, CONFIG),
      Plotly.react($("map"), m.data, m.layout, CONFIG),
    ]).then(rendered);
  }

  function rendered() {
    renders += 1;
    document.body.dataset.renders = String(renders);
  }

  // Zooming the overview of a large timeline far enough shows its events one by one.
  function onZoom(ev) {
    let zoom = state.zoom;
    for (const ax of ["xaxis", "xaxis2", "xaxis3"]) {
      if (ev[ax + ".autorange"]) zoom = null;
      const r = ev[ax + ".range"] || (ev[ax + ".range[0]"] !== undefined ? [ev[ax + ".range[0]"], ev[ax + ".range[1]"]] : null);
      if (r) zoom = r.slice(0, 2).map(String);
    }
    if (String(zoom) === String(state.zoom)) return;
    state.zoom = zoom;
    if (!view || !FIG.overview.data.some((tr) => (tr.meta || {}).role === "density")) return;
    clearTimeout(zoomTimer);  // after plotly has finished its own relayout
    zoomTimer = setTimeout(() => {
      const o = overviewFigure(view.keep, view.n, view.daily);
      Plotly.react($("overview"), o.data, o.layout, CONFIG).then(rendered);
    }, 50);
  }
  let zoomTimer = null;

  function onLegend(ev) {  // a category in a legend toggles its checkbox: one state for the whole page
    const meta = (ev.data[ev.curveNumber] || {}).meta || {};
    if (meta.category) setCategory(meta.category, !state.categories.has(meta.category));
    return false;
  }

  function start(events) {
    E = events;
    if (E.omitted) {
      $("data-note").textContent = E.omitted;
      $("data-note").hidden = false;
      $("f-text").placeholder = "Words in titles and places";
      document.querySelector("label[for=f-text]").textContent = "Words in titles and places";
    }
    $("table-more").addEventListener("click", () => {
      rowLimit += D.max_rows;
      renderTable(view.keep, view.n);
    });
    buildControls();
    buildPicks();
    renderPhases();
    return update().then(() => {
      for (const gd of [$("overview"), $("map")]) {
        gd.on("plotly_legendclick", onLegend);
        gd.on("plotly_legenddoubleclick", () => false);
      }
      $("overview").on("plotly_relayout", onZoom);
      document.body.dataset.ready = "1";
    });
  }

  if (typeof DecompressionStream === "undefined") {
    $("status").textContent = "This browser cannot read this page's data (it needs Chrome or Edge 80, Firefox 113, "
      + "Safari 16.4 or later).";
    return;
  }
  if (D.events.n > 50000) $("status").textContent = "Reading " + fmt(D.events.n) + " events…";
  decodeEvents(D.events).then(start).catch((err) => {
    $("status").textContent = "This page's data could not be read: " + err;
  });
})();
