/* syria-timeline export page: the numeric kernels, over typed columns; no DOM, no plotly.
 *
 * TimelineEngine.decode(D) reads the page's JSON block (see timeline/export/payload.py) into
 * typed columns: the events sorted by start day (an event is its position), their links to
 * places, sources and actors as offsets into flat arrays, and the casualty figures. Then
 * TimelineEngine.create(D, E) gives the kernels one filter change runs, each a loop over typed
 * arrays into buffers allocated once:
 *
 *   run(q)      the events a filter keeps (a binary search on the start day bounds the loop;
 *               categories and confidence are one look-up table; actors, places and words are
 *               per-event masks cached by value), then the casualty figures and sources counted;
 *   daily()     events under way per day and category (difference arrays, then running sums);
 *   places()    kept events per place and category, the first ones of each, and the places
 *               not on the map;
 *   inRange()   how many kept events touch a range of days;
 *   deaths()    the per-event death figures of one organisation that run() kept, per period
 *               and category, and per event (timeline.views.deaths);
 *   figuresOf() the kept per-event figures of one event (the table's "Reported killed").
 *
 * The filter semantics are Python's (timeline.filters.apply_filters): dates overlap the
 * event's span; words must each be found, normalised by TimelineSearch, in the title,
 * description, notes, a place name (English or Arabic) or an actor name; casualty figures are
 * kept by reporter, by the day published and by their event.
 */
var TimelineEngine = (function () {
  "use strict";

  const ARRAYS = { uint8: Uint8Array, uint16: Uint16Array, int32: Int32Array };
  const NO_DAY = -1000000;  // a casualty figure with no publication date (export/payload.py NO_DAY)
  const FIRSTS = 8;         // events listed per map dot, and titles per place off the map

  // ---------------------------------------------------------------------------------------------
  // decoding, once
  async function column(c) {
    if (c === null || c === undefined) return null;
    if (Array.isArray(c)) return c;
    if (c.type === "split") {  // ids written as a prefix and a number, joined when asked for
      const [prefix, number] = await Promise.all([column(c.prefix), column(c.number)]);
      return { prefixes: c.prefixes, prefix, number };
    }
    const bin = atob(c.gzip);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i += 1) bytes[i] = bin.charCodeAt(i);
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    const buf = await new Response(stream).arrayBuffer();
    if (c.type === "json") return JSON.parse(new TextDecoder().decode(buf));
    const out = Int32Array.from(new ARRAYS[c.type](c.planes ? interleave(new Uint8Array(buf), ARRAYS[c.type].BYTES_PER_ELEMENT) : buf));
    if (c.delta) for (let i = 1; i < out.length; i += 1) out[i] += out[i - 1];
    return out;
  }

  function interleave(bytes, width) {  // plane by plane (payload.py int_column) -> value by value
    const n = bytes.length / width, out = new Uint8Array(bytes.length);
    for (let b = 0; b < width; b += 1) for (let i = 0; i < n; i += 1) out[i * width + b] = bytes[b * n + i];
    return out.buffer;
  }

  const ints = (x) => (x instanceof Int32Array ? x : Int32Array.from(x || []));

  function offsets(counts) {  // per-event counts -> start of each event's run (n + 1 entries)
    const off = new Int32Array(counts.length + 1);
    for (let i = 0; i < counts.length; i += 1) off[i + 1] = off[i] + counts[i];
    return off;
  }

  async function decode(D) {
    const block = D.events, rb = D.reports;
    const names = Object.keys(block.columns), rnames = Object.keys(rb.columns);
    const cols = await Promise.all(names.map((k) => column(block.columns[k])).concat(
      rnames.map((k) => column(rb.columns[k])), [column(block.titles), column(block.dates)]));
    const C = Object.fromEntries(names.map((k, i) => [k, cols[i]]));
    const R = Object.fromEntries(rnames.map((k, i) => [k, ints(cols[names.length + i])]));
    const [titles, dates] = cols.slice(names.length + rnames.length);
    const cb = rb.claims || { n: 0, text: [], killed: [], low: [], high: [] };
    const [claimText, claimKilled, claimLow, claimHigh] = await Promise.all(
      [column(cb.text), column(cb.killed), column(cb.low), column(cb.high)]);
    const n = block.n;
    const d0 = ints(C.d0), len = ints(C.length);
    const d1 = new Int32Array(n);
    let first = Infinity, last = -Infinity, maxLen = 0;
    for (let i = 0; i < n; i += 1) {
      d1[i] = d0[i] + len[i];
      if (d0[i] < first) first = d0[i];
      if (d1[i] > last) last = d1[i];
      if (len[i] > maxLen) maxLen = len[i];
    }
    // categories, confidence and precision codes follow the page's own lists
    const catIndex = Object.fromEntries(D.categories.map((c, i) => [c.id, i]));
    const catOf = Int32Array.from(block.categories, (c) => (c in catIndex ? catIndex[c] : -1));
    const cat = ints(C.category).map((c) => catOf[c]);
    const conf = ints(C.confidence);
    const nconf = D.confidence.length;
    const cc = new Int32Array(n);  // category × confidence, one look-up per event
    for (let i = 0; i < n; i += 1) cc[i] = cat[i] < 0 || conf[i] < 0 ? -1 : cat[i] * nconf + conf[i];
    const ids = C.id;
    return {
      n, d0, d1, cat, conf, cc, prec: ints(C.precision), maxLen,
      month: block.precision.indexOf("month"), approximate: block.precision.indexOf("approximate"),
      title: ints(C.title), titles, date: ints(C.date), dates,
      placeOff: offsets(ints(C.place_n)), place: ints(C.place),
      sourceOff: offsets(ints(C.source_n)), source: ints(C.source),
      actorOff: offsets(ints(C.actor_n)), actor: ints(C.actor), actors: block.actors,
      actorTexts: block.actor_texts,
      description: C.description || null, notes: C.notes || null, omitted: block.omitted,
      first: n ? first : 0, last: n ? last : -1,
      idOf: Array.isArray(ids) ? (i) => ids[i] : (i) => ids.prefixes[ids.prefix[i]] + ids.number[i],
      reports: {
        n: rb.n, reporters: rb.reporters, reporter: R.reporter, published: R.published, event: R.event,
        byEvent: R.by_event,
        extra: R.extra, extraSource: R.extra_source,
        claim: R.claim || new Int32Array(rb.n).fill(-1), counted: R.counted || new Int32Array(rb.n),
        claims: { text: claimText || [], killed: ints(claimKilled), low: ints(claimLow), high: ints(claimHigh) },
      },
    };
  }

  // ---------------------------------------------------------------------------------------------
  // the kernels
  function lowerBound(a, x) {  // first index with a[i] >= x (a sorted)
    let lo = 0, hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (a[mid] < x) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  function create(D, E) {
    const n = E.n, ncat = D.categories.length, nplaces = D.places.length;
    const R = E.reports;
    const keep = new Uint8Array(n), kept = new Int32Array(n);
    const keepReport = new Uint8Array(R.n);
    const sourceSeen = new Uint32Array(D.sources.length);
    let stamp = 0;
    const mapped = Uint8Array.from(D.places, (p) => p.status === "mapped");
    const width = Math.max(E.last - E.first + 1, 0);
    let last = { k: 0, hash: 0 };
    let dailyBuf = null, dailyFor = -1;
    let placeBuf = null, placeFor = -1;
    let version = 0;  // raised each time the kept events change
    let reportVersion = 0, lastReports = { n: -1, hash: 0 };  // the same for the kept casualty figures

    // Per-event masks of the link filters and the words, cached by value.
    const linkCache = new Map(), wordCache = new Map();
    function linkMask(kind, chosen) {  // kind: "actor" | "place"; chosen: a Set of names / place ids
      const key = kind + "\u0000" + [...chosen].sort().join("\u0000");
      if (linkCache.has(key)) return linkCache.get(key);
      const labels = kind === "actor" ? E.actors : D.places.map((p) => p.id);
      const lut = Uint8Array.from(labels, (x) => chosen.has(x));
      const off = kind === "actor" ? E.actorOff : E.placeOff, vals = kind === "actor" ? E.actor : E.place;
      const mask = new Uint8Array(n);
      for (let i = 0; i < n; i += 1) {
        for (let k = off[i]; k < off[i + 1]; k += 1) if (lut[vals[k]]) { mask[i] = 1; break; }
      }
      if (linkCache.size > 32) linkCache.clear();
      linkCache.set(key, mask);
      return mask;
    }

    let searched = null;  // the searched text, normalised once on the first search
    function searchText() {
      if (searched) return searched;
      const norm = (xs) => (xs ? Array.from(xs, (t) => TimelineSearch.normalize(t)) : null);
      searched = {
        titles: norm(E.titles), actors: norm(E.actorTexts),
        places: D.places.map((p) => TimelineSearch.normalize(p.name + "\n" + (p.name_ar || ""))),
        description: norm(E.description), notes: norm(E.notes),
      };
      return searched;
    }

    function wordMask(w) {
      if (wordCache.has(w)) return wordCache.get(w);
      const S = searchText();
      const inTitle = Uint8Array.from(S.titles, (t) => t.includes(w));
      const inPlace = Uint8Array.from(S.places, (t) => t.includes(w));
      const inActor = Uint8Array.from(S.actors, (t) => t.includes(w));
      const mask = new Uint8Array(n);
      const desc = S.description, notes = S.notes;
      for (let i = 0; i < n; i += 1) {
        let hit = inTitle[E.title[i]];
        for (let k = E.placeOff[i]; !hit && k < E.placeOff[i + 1]; k += 1) hit = inPlace[E.place[k]];
        for (let k = E.actorOff[i]; !hit && k < E.actorOff[i + 1]; k += 1) hit = inActor[E.actor[k]];
        if (!hit && desc) hit = desc[i].includes(w) ? 1 : 0;
        if (!hit && notes) hit = notes[i].includes(w) ? 1 : 0;
        mask[i] = hit;
      }
      if (wordCache.size > 64) wordCache.clear();
      wordCache.set(w, mask);
      return mask;
    }

    let textKey = null, textMaskValue = null;
    function textMask(words) {
      const key = words.join(" ");
      if (key === textKey) return textMaskValue;
      const masks = words.map(wordMask);
      let mask = masks[0];
      if (masks.length > 1) {
        mask = mask.slice();
        for (const m of masks.slice(1)) for (let i = 0; i < n; i += 1) mask[i] &= m[i];
      }
      textKey = key;
      textMaskValue = mask;
      return mask;
    }

    // q: {a, b (day numbers or null), cats (Set of category ids, empty: all), minConf (index),
    //     actors, places (Sets, empty: no filter), words (normalised), reporters (Set or null: all)}
    function run(q) {
      const ok = new Uint8Array(ncat * D.confidence.length);
      D.categories.forEach((c, ci) => {
        if (q.cats.size && !q.cats.has(c.id)) return;
        for (let k = q.minConf; k < D.confidence.length; k += 1) ok[ci * D.confidence.length + k] = 1;
      });
      const am = q.actors.size ? linkMask("actor", q.actors) : null;
      const pm = q.places.size ? linkMask("place", q.places) : null;
      const tm = q.words.length ? textMask(q.words) : null;
      const lo = q.a === null ? 0 : lowerBound(E.d0, q.a - E.maxLen);
      const hi = q.b === null ? n : lowerBound(E.d0, q.b + 1);
      const a = q.a === null ? -2147483648 : q.a;
      const d1 = E.d1, cc = E.cc;
      keep.fill(0);
      let k = 0, hash = 0;
      if (!am && !pm && !tm) {
        for (let i = lo; i < hi; i += 1) {
          if (d1[i] >= a && ok[cc[i]] === 1) { keep[i] = 1; kept[k++] = i; hash = (Math.imul(hash, 31) + i) | 0; }
        }
      } else {
        for (let i = lo; i < hi; i += 1) {
          if (d1[i] < a || ok[cc[i]] !== 1 || (am && !am[i]) || (pm && !pm[i]) || (tm && !tm[i])) continue;
          keep[i] = 1;
          kept[k++] = i;
          hash = (Math.imul(hash, 31) + i) | 0;
        }
      }
      const changed = k !== last.k || hash !== last.hash;
      last = { k, hash };
      if (changed) version += 1;
      let rhash = 0;
      // casualty figures: by reporter, by the day published, by their event
      const repOk = q.reporters ? Uint8Array.from(R.reporters, (r) => q.reporters.has(r)) : null;
      const rep = R.reporter, pub = R.published, rev = R.event, byEvent = R.byEvent;
      const ra = q.a, rb = q.b;
      let nReports = 0;
      for (let j = 0; j < R.n; j += 1) {
        let on = 1;
        if (repOk && !repOk[rep[j]]) on = 0;
        // a figure about one incident is kept with its event, whatever the day it was published
        else if (!byEvent[j] && ra !== null && (pub[j] === NO_DAY || pub[j] < ra)) on = 0;
        else if (!byEvent[j] && rb !== null && (pub[j] === NO_DAY || pub[j] > rb)) on = 0;
        else if (rev[j] === -2 || (rev[j] >= 0 && !keep[rev[j]])) on = 0;
        keepReport[j] = on;
        nReports += on;
        if (on) rhash = (Math.imul(rhash, 31) + j) | 0;
      }
      if (nReports !== lastReports.n || rhash !== lastReports.hash) reportVersion += 1;
      lastReports = { n: nReports, hash: rhash };
      // sources: those the kept events cite, and those the kept figures cite beyond their events'
      stamp += 1;
      let nSources = 0;
      const off = E.sourceOff, src = E.source;
      for (let t = 0; t < k; t += 1) {
        const i = kept[t];
        for (let s = off[i]; s < off[i + 1]; s += 1) {
          if (sourceSeen[src[s]] !== stamp) { sourceSeen[src[s]] = stamp; nSources += 1; }
        }
      }
      for (let t = 0; t < R.extra.length; t += 1) {
        const s = R.extraSource[t];
        if (keepReport[R.extra[t]] && sourceSeen[s] !== stamp) { sourceSeen[s] = stamp; nSources += 1; }
      }
      return { n: k, nReports, nSources, changed };
    }

    // Events under way each day, by category (month-only events are on no day):
    // out[c * width + (d - E.first)].
    function daily() {
      if (dailyFor === version) return dailyBuf;
      if (!dailyBuf) dailyBuf = { diff: new Int32Array(ncat * (width + 1)), out: new Int32Array(ncat * width) };
      const { diff, out } = dailyBuf;
      diff.fill(0);
      const first = E.first, stride = width + 1;
      for (let t = 0; t < last.k; t += 1) {
        const i = kept[t];
        if (E.prec[i] === E.month || E.cat[i] < 0) continue;
        const row = E.cat[i] * stride;
        diff[row + E.d0[i] - first] += 1;
        diff[row + E.d1[i] - first + 1] -= 1;
      }
      for (let c = 0; c < ncat; c += 1) {
        let acc = 0;
        for (let d = 0; d < width; d += 1) {
          acc += diff[c * stride + d];
          out[c * width + d] = acc;
        }
      }
      dailyFor = version;
      return dailyBuf;
    }

    // Kept events per place and category (count[p * ncat + c]) with the first ones of each
    // (first[(p * ncat + c) * FIRSTS + j], events being in date order); per place off the map,
    // its kept events and up to FIRSTS distinct titles; and how many kept events have a dot.
    function places() {
      if (placeFor === version) return placeBuf;
      if (!placeBuf) {
        placeBuf = {
          count: new Int32Array(nplaces * ncat), first: new Int32Array(nplaces * ncat * FIRSTS),
          off: new Int32Array(nplaces), titles: new Int32Array(nplaces * FIRSTS), nTitles: new Uint8Array(nplaces),
          placed: 0,
        };
      }
      const P = placeBuf;
      P.count.fill(0);
      P.off.fill(0);
      P.nTitles.fill(0);
      let placed = 0;
      for (let t = 0; t < last.k; t += 1) {
        const i = kept[t], c = E.cat[i];
        let onMap = false;
        for (let s = E.placeOff[i]; s < E.placeOff[i + 1]; s += 1) {
          const p = E.place[s];
          if (c >= 0) {
            const at = p * ncat + c, m = P.count[at]++;
            if (m < FIRSTS) P.first[at * FIRSTS + m] = i;
          }
          if (mapped[p]) { onMap = true; continue; }
          P.off[p] += 1;
          const have = P.nTitles[p];
          if (have < FIRSTS) {
            let dup = false;
            for (let j = 0; j < have; j += 1) if (P.titles[p * FIRSTS + j] === E.title[i]) { dup = true; break; }
            if (!dup) { P.titles[p * FIRSTS + have] = E.title[i]; P.nTitles[p] = have + 1; }
          }
        }
        if (onMap) placed += 1;
      }
      P.placed = placed;
      placeFor = version;
      return P;
    }

    function inRange(a, b) {  // kept events whose span touches days a..b
      let m = 0;
      for (let t = 0; t < last.k; t += 1) {
        const i = kept[t];
        if (E.d1[i] >= a && E.d0[i] <= b) m += 1;
      }
      return m;
    }

    // The per-event death figures (timeline.views.deaths.deaths_view): of the figures about one
    // event that run() kept, those that count for their event (claim >= 0, counted) and are
    // organisation `code`'s, summed into the grid of periods (`days`: each period's first day,
    // `step` days long) × category: values[p * ncat + c] deaths from figs[p * ncat + c] figures,
    // low[p] and high[p] the sums of the low and high estimates (a figure without them counts its
    // own value); those of events known only to the month are on no day (nMonth, monthTotal);
    // perEvent[i] the deaths of event i (for the map, month-only events included); others[r]
    // the figures of every other organisation r kept (never added in).
    let deathsBuf = null, deathsFor = null;
    function deaths(code, days, step) {
      const key = reportVersion + "/" + code;
      if (deathsFor === key) return deathsBuf;
      const np = days.length, p0 = np ? days[0] : 0;
      if (!deathsBuf) {
        deathsBuf = {
          values: new Float64Array(np * ncat), figs: new Int32Array(np * ncat), low: new Float64Array(np),
          high: new Float64Array(np), perEvent: new Float64Array(n), others: new Int32Array(R.reporters.length),
        };
      }
      const B = deathsBuf, C = R.claims;
      B.values.fill(0); B.figs.fill(0); B.low.fill(0); B.high.fill(0); B.perEvent.fill(0); B.others.fill(0);
      let nMonth = 0, monthTotal = 0, nFigures = 0, total = 0;
      for (let j = 0; j < R.n; j += 1) {
        const q = R.claim[j];
        if (q < 0 || !R.counted[j] || !keepReport[j]) continue;
        if (R.reporter[j] !== code) { if (R.reporter[j] >= 0) B.others[R.reporter[j]] += 1; continue; }
        const i = R.event[j], killed = C.killed[q];
        if (killed < 0) continue;
        B.perEvent[i] += killed;
        const c = E.cat[i];
        if (c < 0) continue;
        if (E.prec[i] === E.month) { nMonth += 1; monthTotal += killed; continue; }
        const d = E.d0[i], start = step === 1 ? d : d - (((d + 3) % 7) + 7) % 7;  // 1970-01-01 was a Thursday
        const p = (start - p0) / step;
        if (p < 0 || p >= np) continue;
        B.values[p * ncat + c] += killed;
        B.figs[p * ncat + c] += 1;
        B.low[p] += C.low[q] >= 0 ? C.low[q] : killed;
        B.high[p] += C.high[q] >= 0 ? C.high[q] : killed;
        nFigures += 1;
        total += killed;
      }
      Object.assign(B, { nMonth, monthTotal, nFigures, total });
      deathsFor = key;
      return B;
    }

    // The kept figures about one event (claim >= 0), in the file's order.
    let figureOff = null;
    function figuresOf(i) {
      if (!figureOff) {
        figureOff = new Int32Array(n + 1);
        for (let j = 0; j < R.n; j += 1) if (R.event[j] >= 0) figureOff[R.event[j] + 1] += 1;
        for (let e = 0; e < n; e += 1) figureOff[e + 1] += figureOff[e];
        figureOff = { off: figureOff, base: lowerBound(R.event, 0) };
      }
      const out = [];
      for (let j = figureOff.base + figureOff.off[i]; j < figureOff.base + figureOff.off[i + 1]; j += 1) {
        if (R.claim[j] >= 0 && keepReport[j]) out.push(j);
      }
      return out;
    }

    return {
      keep, kept, run, daily, places, inRange, deaths, figuresOf, width, FIRSTS,
      get count() { return last.k; },
      get version() { return version; },
      get reportVersion() { return reportVersion; },
      ids() { return Array.from(kept.subarray(0, last.k), E.idOf); },
    };
  }

  return { decode, create, column, NO_DAY };
})();
