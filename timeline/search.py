"""Text search, defined once: how text is normalised (the page's ``TimelineSearch`` does exactly the same).

A search word matches a text when ``normalize(word)`` is a substring of ``normalize(text)``;
:func:`words` splits a query into the normalised words that must all match. The same steps run
in the exported page (``timeline/assets/export/search.js``, a test compares both over a table of
strings and every code point):

1. Unicode NFKC (Arabic presentation forms and ligatures become plain letters: ``ﻷ`` → ``لأ``;
   full-width and compatibility characters become their plain forms);
2. case folding (:meth:`str.casefold`: ``Ä`` → ``ä``, ``ß`` → ``ss``, ``Σ``/``ς`` → ``σ``);
3. Arabic letter forms folded: hamza and alef forms ``أ إ آ ٱ`` → ``ا``, ``ؤ`` → ``و``,
   ``ئ`` → ``ي``, taa marbuta ``ة`` → ``ه``, alef maqsura ``ى`` → ``ي``; the Persian forms
   ``ی`` → ``ي`` and ``ک`` → ``ك``; Arabic-Indic digits → ``0``–``9``;
4. removed: harakat and other Arabic combining marks (U+064B–U+065F, superscript alef U+0670,
   the Quranic marks U+0610–U+061A and U+06D6–U+06ED), tatweel U+0640, and invisible format
   characters (soft hyphen, zero-width spaces and joiners, bidirectional marks, U+FEFF).

>>> normalize("اللاذقيّة") == normalize("اللاذقيه") == normalize("ٱللاذقية")
True
>>> words("  Jableh  جبلة ")
['jableh', 'جبله']

:class:`TextColumn` holds one column of texts ready for such searches (used by
:class:`timeline.index.EventIndex`).
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

__all__ = ["normalize", "normalize_all", "words", "TextColumn", "FOLDED", "REMOVED", "SEPARATORS"]

#: Letters replaced after case folding (step 3).
FOLDED: dict[str, str] = {
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",  # أ إ آ ٱ → ا
    "\u0624": "\u0648",                                                              # ؤ → و
    "\u0626": "\u064a",                                                              # ئ → ي
    "\u0629": "\u0647",                                                              # ة → ه
    "\u0649": "\u064a",                                                              # ى → ي
    "\u06cc": "\u064a", "\u06a9": "\u0643",                                          # ی → ي, ک → ك
    **{chr(0x0660 + d): str(d) for d in range(10)},                                  # ٠–٩
    **{chr(0x06F0 + d): str(d) for d in range(10)},                                  # ۰–۹
}

#: Code point ranges removed (step 4), inclusive.
REMOVED: tuple[tuple[int, int], ...] = (
    (0x00AD, 0x00AD),  # soft hyphen
    (0x0610, 0x061A),  # Quranic marks above and below
    (0x0640, 0x0640),  # tatweel
    (0x064B, 0x065F),  # harakat (fathatan … sukun), maddah and hamza above/below, other marks
    (0x0670, 0x0670),  # superscript alef
    (0x06D6, 0x06DC),  # Quranic annotation marks
    (0x06DF, 0x06E4),
    (0x06E7, 0x06E8),
    (0x06EA, 0x06ED),
    (0x200B, 0x200F),  # zero-width space, non-joiner, joiner; left-to-right and right-to-left marks
    (0x202A, 0x202E),  # bidirectional embeddings and overrides
    (0x2066, 0x2069),  # bidirectional isolates
    (0xFEFF, 0xFEFF),  # zero-width no-break space (byte order mark)
)

#: What separates the words of a query (after normalisation): ASCII and Unicode spaces, line
#: and paragraph separators, and the information separators U+001C–U+001F.
SEPARATORS = "\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"

_FOLD = re.compile("[" + "".join(re.escape(k) for k in FOLDED) + "]")
_REMOVE = re.compile("[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in REMOVED) + "]+")
_SPLIT = re.compile(f"[{SEPARATORS}]+")


def _fold(m: re.Match) -> str:
    return FOLDED[m.group()]


def normalize(text) -> str:
    """``text`` as search compares it: NFKC, case folded, Arabic letter forms folded, marks and
    invisible characters removed (see the module doc). ``None`` gives ``""``."""
    if text is None:
        return ""
    text = str(text)
    if text.isascii():
        return text.lower()
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return _REMOVE.sub("", _FOLD.sub(_fold, text.casefold()))


def normalize_all(texts) -> list[str]:
    """``[normalize(t) for t in texts]`` (``texts``: strings or an Arrow string array), quicker for
    many texts sharing words: each text is normalised piece by piece between spaces (no step
    reaches across a space), each distinct piece once."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError:  # pragma: no cover - pyarrow comes with pandas 3
        pa = None
    if pa is None or (not isinstance(texts, (pa.Array, pa.ChunkedArray)) and len(texts) < 1000):
        cache: dict[str, str] = {}

        def piece(p: str) -> str:
            out = cache.get(p)
            if out is None:
                out = cache[p] = normalize(p)
            return out

        return [t.lower() if t.isascii() else " ".join([piece(p) for p in t.split(" ")])
                for t in ("" if t is None else str(t) for t in texts)]
    arr = texts if isinstance(texts, (pa.Array, pa.ChunkedArray)) else \
        pa.array(["" if t is None else str(t) for t in texts], type=pa.large_string())
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    arr = pc.fill_null(arr.cast(pa.large_string()), "")
    parts = pc.split_pattern(arr, " ")
    enc = pc.dictionary_encode(parts.flatten())
    done = pa.array([normalize(p) for p in enc.dictionary.to_pylist()], type=pa.large_string())
    rebuilt = type(parts).from_arrays(parts.offsets, done.take(enc.indices))
    return pc.binary_join(rebuilt, pa.scalar(" ", pa.large_string())).to_pylist()


def words(query) -> list[str]:
    """The normalised words of a search query, in order (empty words dropped). An event matches
    the query when each word is in one of its searched texts."""
    return [w for w in _SPLIT.split(normalize(query)) if w]


class TextColumn:
    """One text column of the events, searchable for normalised words. A column with few
    distinct values (titles, notes) is searched once per distinct value; a column of mostly
    distinct texts (descriptions) row by row: plain ASCII rows through Arrow, ignoring ASCII
    case (for them that is exactly what :func:`~timeline.search.normalize` does), the others in
    their normalised form, computed once."""

    def __init__(self, col: pd.Series):
        n = len(col)
        sample = col.iloc[:20_000]
        self.distinct = n == 0 or sample.nunique(dropna=False) <= 0.3 * len(sample)
        if self.distinct:
            codes, uniques = pd.factorize(col, use_na_sentinel=True)
            self.codes = np.asarray(codes, dtype=np.int64)
            self.uniques = normalize_all(uniques)
            return
        import pyarrow as pa
        import pyarrow.compute as pc

        arr = getattr(col.array, "_pa_array", None)
        self.arr = arr if arr is not None else pa.array(col.to_numpy(dtype=object), from_pandas=True)
        if not (pa.types.is_string(self.arr.type) or pa.types.is_large_string(self.arr.type)):
            self.arr = self.arr.cast(pa.large_string())
        ascii_ = pc.fill_null(pc.string_is_ascii(self.arr), True)
        self.ascii = np.asarray(ascii_.to_numpy(zero_copy_only=False), dtype=bool)
        other = np.flatnonzero(~self.ascii)
        self.slot = np.full(n, -1, dtype=np.int64)
        self.slot[other] = np.arange(other.size)
        self.other = normalize_all(pc.filter(self.arr, pa.array(~self.ascii))) if other.size else []

    def contains(self, idx: np.ndarray, word: str) -> np.ndarray:
        """For the rows ``idx`` (sorted positions): whether their normalised text holds ``word``
        (a normalised word)."""
        if self.distinct:
            lut = np.append(np.fromiter((word in u for u in self.uniques), dtype=bool,
                                        count=len(self.uniques)), False)
            return lut[self.codes[idx]]
        out = np.zeros(idx.size, dtype=bool)
        asc = self.ascii[idx]
        if word.isascii() and asc.any():
            import pyarrow as pa
            import pyarrow.compute as pc

            rows = idx[asc]
            whole = rows.size * 3 >= len(self.ascii)  # searching every row beats copying most of them
            arr = self.arr if whole else self.arr.take(pa.array(rows))
            found = pc.fill_null(pc.match_substring(arr, word, ignore_case=True), False)
            found = np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)
            out[asc] = found[rows] if whole else found
        if self.other and not asc.all():
            slots = self.slot[idx[~asc]]
            other = self.other
            out[~asc] = np.fromiter((word in other[s] for s in slots), dtype=bool, count=slots.size)
        return out
