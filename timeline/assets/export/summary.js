/* syria-timeline export page: each chart told in words, for screen readers, from the numbers it draws.
 *
 * TimelineSummary.describe(ctx) returns {overview, map, deaths, caption}: one paragraph per chart
 * and the table's caption, written from the same kernel results the page draws (engine.js run(),
 * daily(), places()), the toll lines of the overview figure and what the deaths chart shows
 * (deaths.js values()). page.js writes them, on every redraw, into the visually hidden
 * paragraphs that each chart's aria-describedby names.
 * TimelineSummary.write(node, text) puts the text in node, each run of Arabic script in a
 * <span lang="ar" dir="rtl"> on a page in another language (names from the data), through text
 * nodes only. TimelineSummary.hideDrawing(gd) marks a plotly chart's SVG layers aria-hidden: the
 * paragraph is their text alternative, while the chart's toolbar buttons stay reachable.
 *
 * Every phrase is in TEXT below (English); the page's table of strings gives it in the page's
 * language as "summary." + name (i18n.js), a phrase that counts as "summary." + name + "." + a
 * plural category of Intl.PluralRules for that language ("one", "other"; Arabic adds "zero",
 * "two", "few", "many"), "other" being the fallback. Numbers and dates are formatted by the
 * functions the page passes in (ctx.fmt, ctx.dayText); category, measure and place names are
 * the table's and the data's in the page's language.
 */
var TimelineSummary = (function () {
  "use strict";

  const TEXT = {
    none: "No events match these filters.",
    overview: { one: "Events over time: {n} event between {from} and {to}.",
      other: "Events over time: {n} events between {from} and {to}." },
    byCategory: "By category: {list}.",
    perDay: { one: "Events under way per day: most on {day} ({count}); at least one event on {days} of {width} day.",
      other: "Events under way per day: most on {day} ({count}); at least one event on {days} of {width} days." },
    perDayNone: "Events under way per day: none on a single day.",
    monthOnly: { one: "{n} is dated only to a month, so not counted by day.",
      other: "{n} are dated only to a month, so not counted by day." },
    toll: "Death tolls as each organisation reported them, never added up, latest figure by {to}: {list}.",
    tollMeasure: "{measure} killed: {list}",
    tollItem: "{series} {value} ({day})",
    tollNone: "No death toll is drawn for the organisations ticked.",
    tollAbsent: "No running death toll in this data.",
    atLeast: "at least ",
    about: "about ",
    map: { one: "Map: {placed} of the {n} events shown is at a place on the map; most at {list}.",
      other: "Map: {placed} of the {n} events shown are at {places} places on the map; most at {list}." },
    mapNone: "Map: none of the events shown is at a place on the map.",
    mapItem: "{place} ({count})",
    unplaced: { one: "{n} event has no place on the map (listed beside it).",
      other: "{n} events have no place on the map (listed beside it)." },
    deaths: "Reported deaths by category, from {reporter}’s figures for single events: {total} killed in all, for the events shown; "
      + "most in the {period} from {day} ({count}).",
    deathsNone: "Reported deaths: no figure from {reporter} for the events shown.",
    period: { 1: "day", 7: "week" },
    periodDays: "{n} days",
    caption: "Events matching the filters, by date: {shown} of {n} shown. This table lists what the charts draw.",
    listSep: ", ",
    measureSep: "; ",
  };
  const TOP_PLACES = 3;

  const fill = (s, v) => s.replace(/\{(\w+)\}/g, (m, k) => (k in v ? v[k] : m));
  const PLURALS = ["zero", "one", "two", "few", "many", "other"];
  const lang = () => window.TimelineI18n && window.TimelineI18n.current;
  // TEXT[name] in the page's language, from the table of strings when it has it
  const T = new Proxy(TEXT, { get: (w, name) => {
    const I = lang(), base = w[name];
    if (!I || typeof name !== "string") return base;
    const S = I.strings, key = "summary." + name;
    if (typeof base !== "object") return key in S ? S[key] : base;
    const forms = Object.assign({}, base);
    for (const k of new Set(Object.keys(base).concat(PLURALS))) if (key + "." + k in S) forms[k] = S[key + "." + k];
    return forms;
  } });
  const rules = {};
  function counted(forms, n, v) {  // the form of a phrase for the number n
    if (typeof forms === "string") return fill(forms, v);
    const code = document.documentElement.lang || "en";
    rules[code] = rules[code] || new Intl.PluralRules(code);
    return fill(forms[rules[code].select(n)] || forms.other, v);
  }
  const tr = (key, fallback) => (lang() && key in lang().strings ? lang().t(key) : fallback);

  // ctx: {D, E, K, res (K.run's result), from, to (ISO days: the range in force), reporters (a Set),
  //       fmt (number -> text), dayText (day number -> text), dayOf (ISO -> day number),
  //       shown (the table's rows shown), deaths (the deaths chart's values, or null)}
  function describe(ctx) {
    return { overview: overview(ctx), map: map(ctx), deaths: deaths(ctx), caption: caption(ctx) };
  }

  function overview(ctx) {
    const { D, E, K, res, fmt, dayText, dayOf } = ctx;
    if (!res.n) return T.none + " " + toll(ctx);
    const a = dayOf(ctx.from), b = dayOf(ctx.to);
    const parts = [counted(T.overview, res.n, { n: fmt(res.n), from: dayText(a), to: dayText(b) })];
    const perCat = new Int32Array(D.categories.length);
    let monthOnly = 0;
    for (let t = 0; t < res.n; t += 1) {
      const i = K.kept[t];
      if (E.cat[i] >= 0) perCat[E.cat[i]] += 1;
      if (E.prec[i] === E.month) monthOnly += 1;
    }
    const cats = D.categories.map((c, ci) => [tr("category." + c.id, c.label), perCat[ci]]).filter(([, k]) => k > 0)
      .sort((x, y) => y[1] - x[1]);
    parts.push(fill(T.byCategory, { list: cats.map(([l, k]) => l + " " + fmt(k)).join(T.listSep) }));
    // the middle panel: events under way each day, all categories together, over the days in view
    const daily = K.daily(), width = K.width;
    const lo = Math.max(a, E.first), hi = Math.min(b, E.last);
    let best = -1, bestDay = null, busy = 0;
    for (let d = lo; d <= hi; d += 1) {
      let sum = 0;
      for (let c = 0; c < D.categories.length; c += 1) sum += daily.out[c * width + d - E.first];
      if (sum > 0) busy += 1;
      if (sum > best) { best = sum; bestDay = d; }
    }
    parts.push(best > 0
      ? counted(T.perDay, b - a + 1, { day: dayText(bestDay), count: fmt(best), days: fmt(busy), width: fmt(b - a + 1) })
      : T.perDayNone);
    if (monthOnly) parts.push(counted(T.monthOnly, monthOnly, { n: fmt(monthOnly) }));
    parts.push(toll(ctx));
    return parts.join(" ");
  }

  // The bottom panel: per toll line of a ticked organisation, its latest figure published by the
  // end of the range in force (the value its step line shows at the right edge), by measure.
  function toll(ctx) {
    const { D, fmt, dayText, dayOf } = ctx;
    const end = dayOf(ctx.to);
    const byMeasure = new Map();
    if (!D.figures.overview.data.some((tr) => (tr.meta || {}).role === "toll")) return T.tollAbsent;
    for (const tr of D.figures.overview.data) {
      const m = tr.meta || {};
      if (m.role !== "toll" || !ctx.reporters.has(m.reported_by)) continue;
      let k = -1;
      for (let j = 0; j < m.days.length && m.days[j] <= end; j += 1) k = j;
      if (k < 0) continue;
      const sym = String(((tr.marker || {}).symbol || [])[k] || "");
      const q = sym.endsWith("-open-dot") ? T.about : sym.endsWith("-open") ? T.atLeast : "";
      const item = fill(T.tollItem, { series: m.series, value: q + fmt(tr.y[k]), day: dayText(m.days[k]) });
      if (!byMeasure.has(m.measure)) byMeasure.set(m.measure, []);
      byMeasure.get(m.measure).push(item);
    }
    if (!byMeasure.size) return T.tollNone;
    const list = [...byMeasure].map(([measure, items]) => {
      const label = tr("measure." + measure, D.measures[measure] || measure);
      return fill(T.tollMeasure, { measure: label[0].toUpperCase() + label.slice(1), list: items.join(T.listSep) });
    });
    return fill(T.toll, { to: dayText(end), list: list.join(T.measureSep) });
  }

  function map(ctx) {
    const { D, K, res, fmt } = ctx;
    if (!res.n) return T.none;
    const P = K.places(), ncat = D.categories.length;
    const perPlace = [];
    D.places.forEach((p, q) => {
      if (p.status !== "mapped") return;
      let count = 0;
      for (let c = 0; c < ncat; c += 1) count += P.count[q * ncat + c];
      if (count) perPlace.push([lang() && lang().lang === "ar" && p.name_ar ? p.name_ar : p.name, count]);
    });
    perPlace.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    const parts = [perPlace.length
      ? counted(T.map, P.placed, {
        placed: fmt(P.placed), n: fmt(res.n), places: fmt(perPlace.length),
        list: perPlace.slice(0, TOP_PLACES).map(([place, count]) => fill(T.mapItem, { place, count: fmt(count) }))
          .join(T.listSep),
      })
      : T.mapNone];
    const off = res.n - P.placed;
    if (off > 0) parts.push(counted(T.unplaced, off, { n: fmt(off) }));
    return parts.join(" ");
  }

  // The deaths chart (ctx.deaths: what deaths.js says it shows; null without one): the total of
  // the kept figures and the period with the most, all categories together.
  function deaths(ctx) {
    const V = ctx.deaths, { D, fmt, dayText } = ctx;
    if (!V) return null;
    const reporter = D.deaths.reporter;
    if (V.empty || !V.total) return fill(T.deathsNone, { reporter });
    let best = -1, at = 0;
    for (let p = 0; p < V.days.length; p += 1) {
      let sum = 0;
      for (const row of V.values) sum += row[p];
      if (sum > best) { best = sum; at = p; }
    }
    const step = D.figures.deaths.periods.step;
    return fill(T.deaths, {
      reporter, total: fmt(V.total), count: fmt(best), day: dayText(V.days[at]),
      period: T.period[step] || fill(T.periodDays, { n: fmt(step) }),
    });
  }

  function caption(ctx) {
    return fill(T.caption, { shown: ctx.fmt(Math.min(ctx.shown, ctx.res.n)), n: ctx.fmt(ctx.res.n) });
  }

  const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]+(?:[\s\u200c\u200d]+[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]+)*/g;
  const HAS_ARABIC = new RegExp(ARABIC.source);  // not global: test() keeps no position between calls
  function write(node, text) {
    const lang = document.documentElement.lang || "en";
    if (lang === "ar" || !HAS_ARABIC.test(text)) {
      node.textContent = text;
      return;
    }
    const parts = [];
    let at = 0;
    for (const m of text.matchAll(ARABIC)) {
      if (m.index > at) parts.push(text.slice(at, m.index));
      const span = document.createElement("span");
      span.lang = "ar";
      span.dir = "rtl";
      span.textContent = m[0];
      parts.push(span);
      at = m.index + m[0].length;
    }
    if (at < text.length) parts.push(text.slice(at));
    node.replaceChildren(...parts);
  }

  function hideDrawing(gd) {
    for (const svg of gd.querySelectorAll("svg.main-svg")) svg.setAttribute("aria-hidden", "true");
  }

  return { TEXT, describe, write, hideDrawing };
})();
