/* syria-timeline export page: filters the charts and the table in the browser, offline.
 *
 * All data comes from the JSON block #timeline-data and reaches the page through textContent,
 * createTextNode and element properties, never innerHTML. Text handed to plotly (which renders a
 * subset of HTML in hover labels and annotations) goes through esc(). Only http(s) addresses
 * become links.
 *
 * The figures in the JSON are built for the whole timeline; every filterable point knows its
 * events (see timeline/export.py). On each change the page keeps the points of the visible
 * events, recomputes the daily counts, the map's dots and the range band, then Plotly.react.
 */
(function () {
  "use strict";

  const D = JSON.parse(document.getElementById("timeline-data").textContent);
  const EV = D.events;
  const FIG = D.figures;
  const CONF = Object.fromEntries(D.confidence.map((c, i) => [c, i]));
  const CAT = Object.fromEntries(D.categories.map((c) => [c.id, c]));
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const DAY_MS = 86400000;
  const POINT_KEYS = ["x", "y", "base", "width", "hovertext", "text", "customdata", "lon", "lat", "textposition"];
  const MARKER_KEYS = ["size", "color", "symbol", "opacity"];
  const CONFIG = {
    displaylogo: false, responsive: true,
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"],
    toImageButtonOptions: { filename: "syria-timeline", scale: 2 },
  };

  // Words are searched as timeline.filters does: title, description, notes, English place names.
  const HAY = EV.map((e) => [e.title, e.description, e.notes]
    .concat(e.places.map((p) => D.places[p].name)).join(" ").toLowerCase());

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
  };

  function visibleEvents() {
    const words = state.text.toLowerCase().split(/\s+/).filter(Boolean);
    const minConf = CONF[state.confidence] || 0;
    const keep = new Uint8Array(EV.length);
    let n = 0;
    EV.forEach((e, i) => {
      if (state.start && e.end < state.start) return;
      if (state.end && e.start > state.end) return;
      if (!state.categories.has(e.category)) return;
      if ((CONF[e.confidence] || 0) < minConf) return;
      if (state.actors.size && !e.actors.some((a) => state.actors.has(a))) return;
      if (state.places.size && !e.places.some((p) => state.places.has(D.places[p].id))) return;
      if (words.length && !words.every((w) => HAY[i].includes(w))) return;
      keep[i] = 1;
      n += 1;
    });
    return { keep, n };
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

  function countsOf(tr, keep) {
    const days = tr.meta.days;
    const y = new Array(days.length).fill(0);
    if (!days.length) return y;
    const first = days[0];
    const contiguous = days[days.length - 1] - first === days.length - 1;
    const pos = contiguous ? null : new Map(days.map((d, j) => [d, j]));
    EV.forEach((e, i) => {
      if (!keep[i] || e.category !== tr.meta.group || e.precision === "month") return;
      for (let d = e.d0; d <= e.d1; d += 1) {
        const j = contiguous ? d - first : pos.get(d);
        if (j !== undefined && j >= 0 && j < y.length) y[j] += 1;
      }
    });
    return y;
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

  function overviewFigure(keep, n) {
    const src = FIG.overview;
    const bands = {};
    const data = src.data.map((tr) => {
      const m = tr.meta || {};
      if (m.role === "event") return pick(tr, tr.customdata.map((e, j) => (keep[e] ? j : -1)).filter((j) => j >= 0));
      if (m.role === "count") return Object.assign({}, tr, { y: countsOf(tr, keep) });
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
    return { data, layout };
  }

  function mapFigure(keep, n) {
    const src = FIG.map;
    const data = src.data.map((tr) => {
      const m = tr.meta || {};
      if (m.role !== "place") return tr;
      if (!state.categories.has(m.category)) return Object.assign({}, tr, { visible: "legendonly" });
      const idx = [], sizes = [], hovers = [];
      m.events.forEach((list, j) => {
        const evs = list.filter((i) => keep[i]);
        if (!evs.length) return;
        idx.push(j);
        sizes.push(evs.length);
        hovers.push(placeHover(m.headers[j], m.category, evs));
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

  function placeHover(header, category, evs) {
    const sorted = evs.slice().sort((a, b) => EV[a].d0 - EV[b].d0);
    const lines = sorted.slice(0, 8).map((i) => "• " + esc(EV[i].date) + " — " + esc(EV[i].title));
    if (sorted.length > 8) lines.push("and " + (sorted.length - 8) + " more");
    const label = (CAT[category] ? CAT[category].label : category).toLowerCase();
    return header + "<br>" + evs.length + " " + esc(label) + (evs.length > 1 ? " events" : " event") + ":<br>"
      + lines.join("<br>");
  }

  // The list beside the map: how many visible events have no dot, and the places without one.
  function unplaced(keep, n) {
    const groups = { none: new Map(), outside: new Map() };
    let placed = 0;
    EV.forEach((e, i) => {
      if (!keep[i]) return;
      let onMap = false;
      for (const p of e.places) {
        const st = D.places[p].status;
        if (st === "mapped") { onMap = true; continue; }
        const rec = groups[st].get(p) || { n: 0, titles: [] };
        rec.n += 1;
        if (!rec.titles.includes(e.title)) rec.titles.push(e.title);
        groups[st].set(p, rec);
      }
      if (onMap) placed += 1;
    });
    const blocks = [], hover = [];
    if (n - placed) {
      blocks.push("<b>Not on the map: " + (n - placed) + " of " + n + " events</b><br>"
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
  // the table of events (rows built once per event, on first show)
  const rows = new Array(EV.length);

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
    if (rows[i]) return rows[i];
    const e = EV[i];
    const cat = CAT[e.category] || { label: e.category, color: "#9E9E9E" };
    const swatch = el("span", { className: "swatch" });
    swatch.style.background = cat.color;
    const event = el("td", { className: "event" },
      el("span", { className: "title" }, e.title),
      el("span", { className: "desc" }, e.description));
    if (e.notes) event.append(el("details", {}, el("summary", {}, "Notes"), el("p", {}, e.notes)));
    const tr = el("tr", {},
      el("td", { className: "date" }, e.date),
      event,
      el("td", {}, el("span", { className: "cat" }, swatch, cat.label)),
      el("td", { className: "places" }, el("ul", {}, ...e.places.map(placeItem))),
      el("td", { className: "confidence" }, e.confidence),
      el("td", { className: "sources" }, el("ul", {}, ...e.sources.map(sourceItem))));
    tr.dataset.event = e.id;
    tr.dataset.category = e.category;
    rows[i] = tr;
    return tr;
  }

  function renderTable(keep, n) {
    const frag = document.createDocumentFragment();
    let shown = 0;
    for (const i of D.order) {
      if (!keep[i]) continue;
      if (shown >= D.max_rows) break;
      frag.append(row(i));
      shown += 1;
    }
    document.querySelector("#events-table tbody").replaceChildren(frag);
    $("table-note").textContent = !n ? "No events match these filters."
      : n > shown ? "Showing the first " + shown + " of " + n + " events, by date; narrow the filters to see the rest." : "";
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
      update();
    };
    start.addEventListener("change", onDate);
    end.addEventListener("change", onDate);

    $("f-categories").append(...D.categories.filter((c) => c.count > 0).map((c) => {
      const sw = el("span", { className: "swatch" });
      sw.style.background = c.color;
      return check("category", c.id, state.categories.has(c.id), sw,
        el("span", {}, c.label + " ", el("span", { className: "count" }, "(" + c.count + ")")));
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
        el("span", {}, r.name + " ", el("span", { className: "count" }, "(" + r.count + (r.count === 1 ? " figure)" : " figures)"))));
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
        actors: new Set(), places: new Set(),
      });
      start.value = span.start;
      end.value = span.end;
      text.value = "";
      conf.value = "low";
      for (const box of document.querySelectorAll("#controls input[type=checkbox]")) box.checked = true;
      update();
    });
    renderChips();
  }

  // Filters the page has no control for (actors, places) arrive from Python: shown as chips to remove.
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

  function update() {
    const { keep, n } = visibleEvents();
    $("status").textContent = "Showing " + fmt(n) + " of " + fmt(EV.length) + " events";
    renderTable(keep, n);
    const o = overviewFigure(keep, n), m = mapFigure(keep, n);
    return Promise.all([
      Plotly.react($("overview"), o.data, o.layout, CONFIG),
      Plotly.react($("map"), m.data, m.layout, CONFIG),
    ]).then(() => {
      renders += 1;
      document.body.dataset.renders = String(renders);
    });
  }

  function onLegend(ev) {  // a category in a legend toggles its checkbox: one state for the whole page
    const meta = (ev.data[ev.curveNumber] || {}).meta || {};
    if (meta.category) setCategory(meta.category, !state.categories.has(meta.category));
    return false;
  }

  buildControls();
  renderPhases();
  update().then(() => {
    for (const gd of [$("overview"), $("map")]) {
      gd.on("plotly_legendclick", onLegend);
      gd.on("plotly_legenddoubleclick", () => false);
    }
    document.body.dataset.ready = "1";
  });
})();
