/* syria-timeline search: the twin of timeline/search.py. A search word matches a text when
 * normalize(word) is a substring of normalize(text); words(query) gives the normalised words that
 * must all match. Steps (exactly those of timeline.search, which a test checks string by string):
 * 1. Unicode NFKC; 2. case folding as Python's str.casefold (toLowerCase, then the letters whose
 * case fold differs from their lower case: FOLD below, and Cherokee); 3. Arabic letter forms
 * folded (أ إ آ ٱ → ا, ؤ → و, ئ → ي, ة → ه, ى → ي, Persian ی → ي and ک → ك, Arabic-Indic digits
 * → 0-9); 4. Arabic combining marks (harakat, superscript alef, Quranic marks), tatweel and
 * invisible format characters removed.
 * Defines the global TimelineSearch = {normalize(text), words(query)}; nothing else.
 */
(function (root) {
  "use strict";

  // Lower-case letters whose case fold is not themselves (CaseFolding.txt, full foldings).
  const FOLD = {
    "\u00df": "ss", "\u01f0": "j\u030c", "\u0345": "\u03b9", "\u0390": "\u03b9\u0308\u0301",
    "\u03b0": "\u03c5\u0308\u0301", "\u03c2": "\u03c3", "\u1c80": "\u0432", "\u1c81": "\u0434",
    "\u1c82": "\u043e", "\u1c83": "\u0441", "\u1c84": "\u0442", "\u1c85": "\u0442", "\u1c86": "\u044a",
    "\u1c87": "\u0463", "\u1c88": "\ua64b", "\u1e96": "h\u0331", "\u1e97": "t\u0308",
    "\u1e98": "w\u030a", "\u1e99": "y\u030a", "\u1f50": "\u03c5\u0313", "\u1f52": "\u03c5\u0313\u0300",
    "\u1f54": "\u03c5\u0313\u0301", "\u1f56": "\u03c5\u0313\u0342", "\u1f80": "\u1f00\u03b9",
    "\u1f81": "\u1f01\u03b9", "\u1f82": "\u1f02\u03b9", "\u1f83": "\u1f03\u03b9",
    "\u1f84": "\u1f04\u03b9", "\u1f85": "\u1f05\u03b9", "\u1f86": "\u1f06\u03b9",
    "\u1f87": "\u1f07\u03b9", "\u1f90": "\u1f20\u03b9", "\u1f91": "\u1f21\u03b9",
    "\u1f92": "\u1f22\u03b9", "\u1f93": "\u1f23\u03b9", "\u1f94": "\u1f24\u03b9",
    "\u1f95": "\u1f25\u03b9", "\u1f96": "\u1f26\u03b9", "\u1f97": "\u1f27\u03b9",
    "\u1fa0": "\u1f60\u03b9", "\u1fa1": "\u1f61\u03b9", "\u1fa2": "\u1f62\u03b9",
    "\u1fa3": "\u1f63\u03b9", "\u1fa4": "\u1f64\u03b9", "\u1fa5": "\u1f65\u03b9",
    "\u1fa6": "\u1f66\u03b9", "\u1fa7": "\u1f67\u03b9", "\u1fb2": "\u1f70\u03b9",
    "\u1fb3": "\u03b1\u03b9", "\u1fb4": "\u03ac\u03b9", "\u1fb6": "\u03b1\u0342",
    "\u1fb7": "\u03b1\u0342\u03b9", "\u1fc2": "\u1f74\u03b9", "\u1fc3": "\u03b7\u03b9",
    "\u1fc4": "\u03ae\u03b9", "\u1fc6": "\u03b7\u0342", "\u1fc7": "\u03b7\u0342\u03b9",
    "\u1fd2": "\u03b9\u0308\u0300", "\u1fd6": "\u03b9\u0342", "\u1fd7": "\u03b9\u0308\u0342",
    "\u1fe2": "\u03c5\u0308\u0300", "\u1fe4": "\u03c1\u0313", "\u1fe6": "\u03c5\u0342",
    "\u1fe7": "\u03c5\u0308\u0342", "\u1ff2": "\u1f7c\u03b9", "\u1ff3": "\u03c9\u03b9",
    "\u1ff4": "\u03ce\u03b9", "\u1ff6": "\u03c9\u0342", "\u1ff7": "\u03c9\u0342\u03b9"
  };
  const FOLD_RE = new RegExp("[" + Object.keys(FOLD).join("") + "\\uab70-\\uabbf\\u13f8-\\u13fd]", "gu");
  const foldOne = (c) => {
    const f = FOLD[c];
    if (f !== undefined) return f;
    const p = c.codePointAt(0);
    return String.fromCodePoint(p >= 0xab70 ? p - 0xab70 + 0x13a0 : p - 8);  // Cherokee: to upper case
  };

  const LETTERS = {
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",
    "\u0624": "\u0648", "\u0626": "\u064a", "\u0629": "\u0647", "\u0649": "\u064a",
    "\u06cc": "\u064a", "\u06a9": "\u0643",
  };
  for (let d = 0; d < 10; d += 1) {
    LETTERS[String.fromCharCode(0x0660 + d)] = String(d);
    LETTERS[String.fromCharCode(0x06f0 + d)] = String(d);
  }
  const LETTERS_RE = /[\u0622-\u0626\u0629\u0649\u0671\u06cc\u06a9\u0660-\u0669\u06f0-\u06f9]/g;
  const REMOVED_RE = new RegExp("[\\u00ad\\u0610-\\u061a\\u0640\\u064b-\\u065f\\u0670\\u06d6-\\u06dc"
    + "\\u06df-\\u06e4\\u06e7\\u06e8\\u06ea-\\u06ed\\u200b-\\u200f\\u202a-\\u202e\\u2066-\\u2069\\ufeff]", "g");
  const SPLIT_RE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
  const ASCII_RE = /^[\x00-\x7f]*$/;

  function normalize(text) {
    if (text === null || text === undefined) return "";
    const s = String(text);
    if (ASCII_RE.test(s)) return s.toLowerCase();
    return s.normalize("NFKC").toLowerCase().replace(FOLD_RE, foldOne)
      .replace(LETTERS_RE, (c) => LETTERS[c] || c).replace(REMOVED_RE, "");
  }

  function words(query) {
    return normalize(query).split(SPLIT_RE).filter((w) => w.length > 0);
  }

  root.TimelineSearch = Object.freeze({ normalize, words });
})(typeof globalThis !== "undefined" ? globalThis : this);
