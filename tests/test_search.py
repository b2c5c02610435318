"""Search text is normalised once, the same way in Python and in the page's JavaScript."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from timeline.search import normalize, words

SEARCH_JS = Path(__file__).resolve().parents[1] / "timeline" / "assets" / "export" / "search.js"

#: (text, what normalize gives)
CASES = [
    # English
    ("Latakia", "latakia"),
    ("LATAKIA", "latakia"),
    ("Deir ez-Zor", "deir ez-zor"),
    ("  spaced   out  ", "  spaced   out  "),
    ("", ""),
    ("Ma'arrat al-Nu'man", "ma'arrat al-nu'man"),
    ("Straße", "strasse"),
    ("ΣΟΦΙΑ σοφίας", "σοφια σοφίασ"),  # Greek accents are kept; final sigma folded
    ("Ａｌｅｐｐｏ", "aleppo"),           # full-width letters (NFKC)
    ("ﬁle ﬂag", "file flag"),            # ligatures (NFKC)
    ("Kelvin K", "kelvin k"),             # KELVIN SIGN
    ("Café", "café"),
    ("Cafe\u0301", "café"),               # decomposed accent composes (NFKC)
    ("İstanbul", "i\u0307stanbul"),
    ("Ꮳ Cherokee ꮳ", "Ꮳ cherokee Ꮳ"),
    ("½ №5 ™", "1⁄2 no5 tm"),
    ("soft\u00adhyphen", "softhyphen"),
    ("zero\u200bwidth", "zerowidth"),
    ("\ufeffBOM", "bom"),
    # Arabic: hamza/alef forms
    ("أحمد", "احمد"),
    ("إدلب", "ادلب"),
    ("آمنة", "امنه"),
    ("ٱلله", "الله"),
    ("مؤسسة", "موسسه"),
    ("رئيس", "رييس"),
    # taa marbuta, alef maqsura
    ("اللاذقية", "اللاذقيه"),
    ("حماة", "حماه"),
    ("مستشفى", "مستشفي"),
    ("على", "علي"),
    # harakat, superscript alef, Quranic marks, tatweel
    ("اللَّاذِقِيَّة", "اللاذقيه"),
    ("مُحَمَّدٌ", "محمد"),
    ("كتابًا", "كتابا"),
    ("هٰذا", "هذا"),
    ("الرَّحْمٰنِ", "الرحمن"),
    ("صلى\u0610 الله", "صلي الله"),
    ("قِيلَ\u06d6", "قيل"),
    ("اللـــاذقية", "اللاذقيه"),
    ("دمـشـق", "دمشق"),
    # presentation forms and ligatures (NFKC), decomposed hamza
    ("ﺍﻟﻼﺫﻗﻴﺔ", "اللاذقيه"),
    ("ﻷ", "لا"),
    ("ي\u0654", "ي"),
    ("ا\u0653", "ا"),
    # Persian forms, Arabic-Indic digits
    ("کرد یک", "كرد يك"),
    ("٢٠٢٥", "2025"),
    ("۱۴۰۳", "1403"),
    # mixed and bidirectional marks
    ("Latakia · اللاذقية", "latakia · اللاذقيه"),
    ("\u200fاللاذقية\u200e (Latakia)", "اللاذقيه (latakia)"),
    ("SOHR: 1,500 قتيل", "sohr: 1,500 قتيل"),
    ("\u2067جبلة\u2069 JABLEH", "جبله jableh"),
    ("line\nbreak\ttab", "line\nbreak\ttab"),
    ("non\u00a0breaking", "non breaking"),
]

QUERIES = ["  Jableh  جبلة ", "a\u00a0b\u2003c", "one\ttwo\nthree", "", "   ", "اللاذقيّة  حماة",
           "x\u3000y", "ﺍﻟﻼﺫﻗﻴﺔ", "\u200f"]


def run_js(script: str, payload) -> object:
    node = shutil.which("node")
    if not node:
        pytest.skip("node is not installed")
    code = f"require({json.dumps(str(SEARCH_JS))});\n" \
           "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n" + script
    out = subprocess.run([node, "-e", code], input=json.dumps(payload), capture_output=True, text=True,
                         encoding="utf-8", check=True, timeout=120)
    return json.loads(out.stdout)


@pytest.mark.parametrize("text, expected", CASES)
def test_normalize(text, expected):
    assert normalize(text) == expected


def test_the_table_is_large_and_covers_every_form():
    assert len(CASES) >= 40
    joined = "".join(t for t, _ in CASES)
    for ch in "أإآٱؤئةىـ\u064e\u0650\u0651\u064c\u064b\u0670\u0610\u06d6":
        assert ch in joined, ch


def test_variants_of_one_name_match_each_other():
    forms = ["اللاذقية", "اللاذقيه", "اللَّاذِقِيَّة", "اللـاذقية", "ﺍﻟﻼﺫﻗﻴﺔ"]
    assert len({normalize(f) for f in forms}) == 1
    assert normalize("أ") == normalize("إ") == normalize("آ") == normalize("ٱ") == normalize("ا")


def test_words_split_on_every_space_and_drop_empty_ones():
    assert words("  Jableh  جبلة ") == ["jableh", "جبله"]
    assert words("a\u00a0b\u2003c") == ["a", "b", "c"]
    assert words("") == [] and words("   ") == [] and words(None) == []


def test_javascript_gives_the_same_as_python_string_by_string():
    texts = [t for t, _ in CASES]
    js = run_js("process.stdout.write(JSON.stringify({n: input.texts.map(TimelineSearch.normalize), "
                "w: input.queries.map(TimelineSearch.words)}));", {"texts": texts, "queries": QUERIES})
    assert js["n"] == [normalize(t) for t in texts]
    assert js["w"] == [words(q) for q in QUERIES]
    assert run_js("process.stdout.write(JSON.stringify([TimelineSearch.normalize(null), "
                  "TimelineSearch.normalize(undefined), TimelineSearch.normalize(42)]));", None) == ["", "", "42"]


def test_javascript_gives_the_same_as_python_for_every_code_point():
    """Every character Python's Unicode database assigns (Node may know newer ones), alone and
    after a capital letter (so that context rules such as the final sigma are exercised)."""
    cps = [c for c in range(sys.maxunicode + 1)
           if not 0xD800 <= c <= 0xDFFF and unicodedata.category(chr(c)) != "Cn"]
    js = run_js("const out = [];\n"
                "for (const c of input) { const s = String.fromCodePoint(c);"
                " out.push(TimelineSearch.normalize(s), TimelineSearch.normalize('Σ' + s + 'Σ')); }\n"
                "process.stdout.write(JSON.stringify(out));", cps)
    py = []
    for c in cps:
        py += [normalize(chr(c)), normalize("Σ" + chr(c) + "Σ")]
    diff = [(hex(cps[i // 2]), a, b) for i, (a, b) in enumerate(zip(py, js)) if a != b]
    assert not diff, diff[:20]


def test_normalize_all_is_normalize_of_each():
    from timeline.search import normalize_all

    texts = [t for t, _ in CASES] * 2 + [None, "a  b", " \u0301x", "اللاذقية  Latakia ، حماة"]
    assert normalize_all(texts) == [normalize(t) for t in texts]
    cps = [chr(c) for c in range(0x3000) if unicodedata.category(chr(c)) != "Cn"]
    pairs = [c + " " + c for c in cps] + [c + " \u0301" for c in cps]
    assert normalize_all(pairs) == [normalize(p) for p in pairs]  # many: through Arrow
    import pyarrow as pa

    assert normalize_all(pa.array(texts)) == [normalize(t) for t in texts]
