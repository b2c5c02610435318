/* Text search for the exported page: how the search box's words and the searched text are normalised.
 * (A minimal version: Unicode NFKC, lower case. The full one adds Arabic normalisation.) */
var TimelineSearch = (function () {
  "use strict";
  function normalize(s) {
    return String(s).normalize("NFKC").toLowerCase();
  }
  function words(q) {
    return normalize(q).split(/\s+/).filter(Boolean);
  }
  return { normalize, words };
})();
