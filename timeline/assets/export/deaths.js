/* syria-timeline export page: the per-event death figures — the deaths chart, the table's
 * "Reported killed" cell and the map's sizing by deaths. No data text reaches the DOM but
 * through textContent; text handed to plotly goes through the page's esc().
 *
 * The chart is Python's (timeline.charts.deaths, for the whole timeline: one bar trace per
 * category, a trace of low–high whiskers when the organisation gives them, annotations named
 * "empty" and "note"); on each change the page's kernel (TimelineEngine deaths()) adds up the
 * kept figures per period and category, and only the y values, their hovers, the count axis
 * and the notes are set again — as timeline.views.deaths.deaths_view computes them.
 *
 * TimelineDeaths.create(page) takes the page's helpers ({D, E, K, chart, setTrace, setLayout,
 * esc, fmt, I: i18n.js}) and gives: chart (null when the page has none), update(xr) (xr: the
 * overview's date range, {range, rev}), texts(span, cats) (the chart's title, subtitle and axis
 * for the dates and categories in view, in the page's language: the words of
 * timeline.charts.wording's deaths_title / deaths_subtitle, from the table of strings),
 * mapSubtitle(span) (the map's subtitle when its dots are sized by deaths), values() (what the
 * chart shows, for tests), cell(i) (the table's cell of event i), placeDeaths() for the map.
 */
var TimelineDeaths = (function () {
  "use strict";

  function niceStep(raw) {  // timeline.charts.counts.nice_step: the smallest 1, 2 or 5 × 10^k ≥ raw
    let step = 1;
    for (;;) {
      for (const m of [1, 2, 5]) if (step * m >= raw) return step * m;
      step *= 10;
    }
  }

  const fill = (s, v) => s.replace(/\{(\w+)\}/g, (m, k) => (k in v ? v[k] : m));

  function create(P) {
    const { D, E, K } = P;
    const S = D.deaths || { table: false, chart: false };
    const FIG = S.chart ? D.figures.deaths : null;
    const ncat = D.categories.length;
    const CAT_INDEX = Object.fromEntries(D.categories.map((c, i) => [c.id, i]));
    const C = E.reports.claims;

    function cell(i) {  // the kept per-event figures of event i, each naming who gave it
      const items = [];
      for (const j of K.figuresOf(i)) {
        const text = C.text[E.reports.claim[j]];
        if (!text) continue;
        const li = document.createElement("li");
        li.textContent = text;
        items.push(li);
      }
      const td = document.createElement("td");
      td.className = "killed";
      const ul = document.createElement("ul");
      ul.append(...items);
      td.append(ul);
      return td;
    }

    const t = P.I.t;
    const WHAT = { ACLED: "deaths.what.acled", "UCDP GED": "deaths.what.ged" };  // wording.DEATHS_MEASURE
    function mapSubtitle(span) {
      return t("map.subtitle_deaths", { reporter: P.esc(S.reporter), span: P.esc(span) });
    }

    if (!FIG) return { chart: null, update() {}, texts() {}, mapSubtitle, values: () => null, cell, table: S.table, map: null };

    const grid = FIG.periods, days = Int32Array.from(grid.days), step = grid.step;
    const x = grid.days.map((d) => new Date((d + step / 2) * 86400000).toISOString().slice(0, 19));
    // labels.period_texts: each period's first day, "week of …" for weeks, in the page's language
    const periodTexts = () => grid.days.map((d) => (step === 7 ? t("period.week_of", { day: P.I.dayText(d) }) : P.I.dayText(d)));
    const c = P.chart(document.getElementById("deaths"), FIG.data.map((t) => Object.assign({}, t)),
      structuredClone(FIG.layout), "react");
    const notes = c.layout.annotations || [];
    const hasRange = FIG.data.some((t) => (t.meta || {}).role === "deaths-range");  // low–high estimates given
    let shownFor = null, shownLang = null, rev = null, last = null, shownTexts = {};

    function texts(span, cats) {  // the title and subtitle for the dates and categories in view
      const ar = P.I.lang === "ar";
      const v = {
        "title.text": "<b>" + P.esc(t("deaths.title")) + "</b>",
        "title.subtitle.text": P.esc(cats) + t("deaths.subtitle", {
          reporter: P.esc(S.reporter), what: t(WHAT[S.reporter] || "deaths.what.other"), span: P.esc(span),
          range: hasRange ? t("deaths.range") : "" }),
        "yaxis.title.text": P.esc(t("deaths.axis")),
        "title.x": ar ? 1 : 0, "title.xanchor": ar ? "right" : "left", "title.pad.r": ar ? 16 : 0,
      };
      for (const k of ["title.text", "title.subtitle.text", "yaxis.title.text"]) v[k] = P.I.lineDir(v[k]);
      if (shownTexts.lang !== P.I.lang) {  // the legend's categories
        shownTexts.lang = P.I.lang;
        FIG.data.forEach((tr, j) => {
          const m = tr.meta || {};
          if (m.role === "deaths" && ("category." + m.category) in P.I.strings) {
            const name = P.I.lang === "en" ? tr.name : P.esc(t("category." + m.category));
            P.setTrace(c, j, { name, hovertemplate: t("deaths.hover", { label: name, reporter: P.esc(S.reporter) }) });
          } else if (m.role === "deaths-range") {
            P.setTrace(c, j, { hovertemplate: t("deaths.range_hover", { reporter: P.esc(S.reporter) }) });
          }
        });
      }
      for (const [k, x] of Object.entries(v)) {
        if (shownTexts[k] !== x) { shownTexts[k] = x; P.setLayout(c, k, x); }
      }
    }

    // timeline.charts.wording.deaths_note: the templates Python gives (S.note), in the page's
    // language from the table of strings ("deaths.note.*", whose English is the same)
    function noteText(B) {
      const T = P.I.lang === "en" ? S.note : { month: t("deaths.note.month"), others: t("deaths.note.others"),
        other: t("deaths.note.other"), more: t("deaths.note.more") };
      const parts = [];
      if (B.nMonth) {
        parts.push(fill(T.month, { total: P.fmt(B.monthTotal), n: P.fmt(B.nMonth),
          events: t(B.nMonth !== 1 ? "deaths.note.events" : "deaths.note.event") }));
      }
      const others = [];
      for (const name of S.reporters) {
        const r = E.reports.reporters.indexOf(name);
        if (r >= 0 && r !== S.code && B.others[r]) others.push([name, B.others[r]]);
      }
      if (others.length) {
        let names = others.slice(0, S.note_names).map(([r, k]) => fill(T.other, { reporter: P.esc(r), n: String(k) })).join(", ");
        if (others.length > S.note_names) names += fill(T.more, { n: String(others.length - S.note_names) });
        parts.push(fill(T.others, { names }));
      }
      return parts.join(" ");
    }

    // wording.deaths_source ("Figures: ACLED, from reports by X, Y, 3 others · credit"; its
    // parts escaped by Python) in the page's language
    function sourceText(text) {
      const m = P.I.lang === "en" ? null : /^Figures: (.*?)(?:, from reports by (.*?))? · (.*)$/.exec(text);
      if (!m) return text;
      if (!m[2]) return P.I.lineDir(t("deaths.source_alone", { reporter: m[1], credit: m[3] }));
      const rest = /^(.*), (\d+) others?$/.exec(m[2]);
      const names = rest ? t("chart.source_others", { names: rest[1], n: rest[2] }) : m[2];
      return P.I.lineDir(t("deaths.source", { reporter: m[1], names, credit: m[3] }));
    }

    function update(xr) {
      if (xr && xr.rev !== rev) {  // the overview's dates
        rev = xr.rev;
        P.setLayout(c, "uirevision", rev);
        const orig = FIG.layout.xaxis;
        P.setLayout(c, "xaxis.range", xr.range ? xr.range.slice() : (orig.range ? orig.range.slice() : null));
        P.setLayout(c, "xaxis.autorange", xr.range ? false : (orig.autorange === undefined ? null : orig.autorange));
      }
      if (shownFor === K.reportVersion && shownLang === P.I.lang) return;
      shownFor = K.reportVersion;
      shownLang = P.I.lang;
      const B = K.deaths(S.code, days, step), np = days.length, ptext = periodTexts();
      const total = new Float64Array(np);
      const out = { categories: [], values: [], figures: [], low: null, high: null };
      FIG.data.forEach((tr, j) => {
        const m = tr.meta || {};
        if (m.role !== "deaths") return;
        const ci = CAT_INDEX[m.category];
        const y = new Array(np), figs = new Array(np);
        let any = false;
        for (let p = 0; p < np; p += 1) {
          y[p] = ci === undefined ? 0 : B.values[p * ncat + ci];
          figs[p] = ci === undefined ? 0 : B.figs[p * ncat + ci];
          total[p] += y[p];
          if (y[p] || figs[p]) any = true;
        }
        out.categories.push(m.category);
        out.values.push(y);
        out.figures.push(figs);
        const patch = any ? { x, y, customdata: y.map((_, p) => [ptext[p], figs[p]]) } : { x: [], y: [], customdata: [] };
        P.setTrace(c, j, patch);
      });
      let vmax = 0;
      for (let p = 0; p < np; p += 1) vmax = Math.max(vmax, total[p], hasRange ? B.high[p] : 0);
      FIG.data.forEach((tr, j) => {
        if ((tr.meta || {}).role !== "deaths-range") return;
        const show = [];
        for (let p = 0; p < np; p += 1) if (B.high[p] > total[p] || B.low[p] < total[p]) show.push(p);
        out.low = Array.from(B.low);
        out.high = Array.from(B.high);
        P.setTrace(c, j, {
          x: show.map((p) => x[p]), y: show.map((p) => total[p]),
          customdata: show.map((p) => [ptext[p], B.low[p], B.high[p]]),
          error_y: Object.assign({}, tr.error_y, { array: show.map((p) => B.high[p] - total[p]),
            arrayminus: show.map((p) => total[p] - B.low[p]) }),
        });
      });
      const empty = B.total === 0 && !B.nFigures;
      const top = Math.max(vmax, 1);
      P.setLayout(c, "yaxis.range", [0, top * FIG.yscale]);
      P.setLayout(c, "yaxis.dtick", niceStep(top / 5));
      P.setLayout(c, "yaxis.visible", !empty);
      P.setLayout(c, "xaxis.visible", !empty);
      const note = noteText(B);
      P.setLayout(c, "annotations", notes.map((a) => (a.name === "empty" ? Object.assign({}, a, { visible: empty, text: P.esc(t("deaths.empty")) })
        : a.name === "note" ? Object.assign({}, a, { text: P.I.lineDir(note) })
        : a.name === "source" ? Object.assign({}, a, { text: sourceText(a.text) }) : a)));
      Object.assign(out, { days: grid.days, total: B.total, n_figures: B.nFigures, n_month: B.nMonth, month_total: B.monthTotal,
        note, empty, dtick: niceStep(top / 5), vmax });
      last = out;
    }

    // The map's dots sized by deaths: per (place, category), the deaths of the kept events there.
    function placeDeaths() {
      const B = K.deaths(S.code, days, step), nplaces = D.places.length;
      const out = new Float64Array(nplaces * ncat);
      for (let t = 0; t < K.count; t += 1) {
        const i = K.kept[t], ci = E.cat[i];
        if (ci < 0 || !B.perEvent[i]) continue;
        for (let s = E.placeOff[i]; s < E.placeOff[i + 1]; s += 1) out[E.place[s] * ncat + ci] += B.perEvent[i];
      }
      return out;
    }

    return { chart: c, update, texts, mapSubtitle, values: () => last, cell, table: S.table, map: S.map, placeDeaths };
  }

  return { create, niceStep };
})();
