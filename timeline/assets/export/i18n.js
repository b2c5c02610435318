/* syria-timeline export page: its words in the reader's language, from the one table of strings.
 *
 * D.strings holds the table (timeline/assets/strings/strings.json) as {en: {key: text}, ar: {…}};
 * D.lang the language the page opens in. TimelineI18n.create(D) gives t(key, params) — the
 * phrase in the current language with its {fields} filled (plotly's %{…} left alone) — the
 * dates written as the table says, and setLang(lang), which sets <html lang dir> and rewrites
 * every element marked data-i18n="key" (its text) or data-i18n-attr="attr:key;attr:key".
 * Numbers keep Western digits in both languages, as the main pan-Arab news sites write them.
 */
(function () {
  "use strict";

  const DAY_MS = 86400000;
  const DIR = { en: "ltr", ar: "rtl" };

  function create(D) {
    const S = D.strings;
    let lang = S[D.lang] ? D.lang : "en";
    const NUMBER = new Intl.NumberFormat("en-US");

    function t(key, params) {
      const s = key in S[lang] ? S[lang][key] : key in S.en ? S.en[key] : key;
      if (!params) return s;
      return s.replace(/%?\{(\w+)\}/g, (m, k) => (m[0] === "%" || !(k in params) ? m : String(params[k])));
    }
    const month = (m) => t("month." + m);
    function parts(d) {
      const x = new Date(d * DAY_MS);
      return { d: x.getUTCDate(), m: x.getUTCMonth() + 1, y: x.getUTCFullYear() };
    }
    function dayText(d) {  // a day number: "6 Mar 2025", "6 مارس 2025"
      const p = parts(d);
      return t("date.day", { d: p.d, month: month(p.m), y: p.y });
    }
    function rangeText(a, b) {  // two day numbers, as Python's strings.range_text
      if (a === b) return dayText(a);
      const p = parts(a), q = parts(b);
      if (p.y === q.y && p.m === q.m) return t("date.same_month", { d0: p.d, d1: q.d, month: month(q.m), y: q.y });
      if (p.y === q.y) {
        return t("date.same_year", { d0: p.d, month0: month(p.m), d1: q.d, month1: month(q.m), y: q.y });
      }
      return t("date.range", { from: dayText(a), to: dayText(b) });
    }
    function monthsText(a, b) {  // an event known only to the month (or months)
      const p = parts(a), q = parts(b);
      const first = p.y === q.y && p.m === q.m ? month(q.m) : month(p.m) + " – " + month(q.m);
      return t("date.month_only", { month: first, y: q.y });
    }

    function apply(root) {
      for (const node of (root || document).querySelectorAll("[data-i18n]")) {  // data-i18n-args: the words' values (JSON)
        node.textContent = t(node.dataset.i18n, node.dataset.i18nArgs ? JSON.parse(node.dataset.i18nArgs) : undefined);
      }
      for (const node of (root || document).querySelectorAll("[data-i18n-attr]")) {
        for (const pair of node.dataset.i18nAttr.split(";")) {
          const [attr, key] = pair.split(":");
          node.setAttribute(attr, t(key));
        }
      }
    }

    function setLang(next) {
      lang = S[next] ? next : "en";
      document.documentElement.lang = lang;
      document.documentElement.dir = DIR[lang] || "ltr";
      apply(document);
      return lang;
    }

    // plotly's date axes in the page's language (the month names of the table)
    function plotlyLocale() {
      const months = Array.from({ length: 12 }, (_, i) => S.ar["month." + (i + 1)]);
      return {
        moduleType: "locale", name: "ar",
        dictionary: {},
        format: { months, shortMonths: months, decimal: ".", thousands: ",", date: "%d/%m/%Y" },
      };
    }

    // A chart's text in the reader's direction: plotly lays out its SVG text left to right, so in
    // Arabic each line (between <br>s) is embedded right to left (U+202B … U+202C).
    function lineDir(text) {
      if (DIR[lang] !== "rtl" || typeof text !== "string") return text;
      return text.split("<br>").map((line) => "\u202B" + line + "\u202C").join("<br>");
    }

    const api = {
      t, dayText, rangeText, monthsText, apply, setLang, plotlyLocale, lineDir,
      fmt: (n) => NUMBER.format(n),
      get lang() { return lang; },
      get strings() { return S[lang]; },
      langs: Object.keys(S),
    };
    window.TimelineI18n.current = api;  // the page's other scripts (share.js) take their words from it
    return api;
  }

  window.TimelineI18n = { create };
})();
