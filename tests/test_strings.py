"""The table of strings (timeline.strings): every phrase in English and Arabic with the same
placeholders and tags, every key the page asks for in the table, and English wording unchanged."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from conftest import REPO
from timeline import strings as S
from timeline.charts import wording as W

ROWS = {k: v for k, v in json.loads(S.PATH.read_text(encoding="utf-8")).items() if not k.startswith("_")}
PAGE = REPO / "timeline" / "assets" / "export"
ARABIC = re.compile("[\u0600-\u06FF]")
TAG = re.compile(r"<[^>]+>")
#: keys the page builds from a vocabulary ("category." + id): their families
DYNAMIC = ("category.", "measure.", "confidence.", "month.", "map.heading.", "map.ctx.", "header.", "pick.no_",
           "chart.subject.", "omitted.", "reporters.figure", "lang.", "share.", "summary.")


def test_every_key_has_both_languages_with_the_same_placeholders_and_tags():
    for key, row in ROWS.items():
        assert set(row) == set(S.LANGS), key
        en, ar = row["en"], row["ar"]
        assert en.strip() and ar.strip(), key
        assert S.placeholders(en) == S.placeholders(ar), key
        assert sorted(TAG.findall(en)) == sorted(TAG.findall(ar)), key


def test_the_arabic_column_is_arabic():
    for key, row in ROWS.items():
        if re.search("[A-Za-z]{2}", TAG.sub("", re.sub(r"%?\{\w+(\|[^}]*)?\}", "", row["en"]))):
            assert ARABIC.search(row["ar"]), f"{key}: {row['ar']!r} has no Arabic"


def _page_js() -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(PAGE.glob("*.js")))


def _used_keys() -> set[str]:
    js = _page_js()
    html = (PAGE / "page.html").read_text(encoding="utf-8")
    keys = set(re.findall(r'\bt\(\s*"([\w.]+)"', js))
    for a, b in re.findall(r'\?\s*"([\w.]+)"\s*:\s*"([\w.]+)"', js):
        keys |= {a, b}
    keys |= set(re.findall(r'data-i18n="([\w.]+)"', html))
    for attrs in re.findall(r'data-i18n-attr="([^"]+)"', html + js):
        keys |= {p.split(":")[1] for p in attrs.split(";")}
    return {k for k in keys if "." in k or k in ROWS}


def test_every_key_the_page_asks_for_is_in_the_table():
    missing = sorted(k for k in _used_keys() if k not in ROWS and not k.endswith((".", "_")))  # "category." + id
    assert len(_used_keys()) > 80
    assert missing == []


def test_every_key_of_the_table_is_used():
    js = _page_js()
    py = "".join(p.read_text(encoding="utf-8") for p in (REPO / "timeline").rglob("*.py"))
    html = (PAGE / "page.html").read_text(encoding="utf-8")
    unused = [k for k in ROWS if not k.startswith(DYNAMIC) and f'"{k}"' not in js + py and k not in html
              and f"'{k}'" not in py and f":{k}" not in html]
    assert unused == []


def test_text_fills_fields_and_leaves_plotly_templates_alone():
    assert S.text("status.showing", n="12", total="53") == "Showing 12 of 53 events"
    assert S.text("status.showing", "ar", n="12", total="53") == "الأحداث المعروضة: 12 من أصل 53"
    assert "%{y}" in S.text("overview.count_hover", label="Military")
    with pytest.raises(ValueError, match="unknown language 'fr'.*en, ar"):
        S.text("events", "fr")


def test_dates_in_arabic_use_the_table_months():
    a, b = pd.Timestamp("2025-03-06"), pd.Timestamp("2025-03-10")
    assert S.range_text(a, b, "ar") == "6–10 مارس 2025"
    assert S.day_text(pd.Timestamp("2024-11-27"), "ar") == "27 نوفمبر 2024"
    assert W.fmt_range(pd.Timestamp("2024-11-27"), pd.Timestamp("2024-12-08")) == "27 Nov – 8 Dec 2024"


def test_english_wording_is_unchanged_and_arabic_on_request():
    assert W.overview_title("27 Nov 2024 – 29 Mar 2025") == \
        "Syria, 27 Nov 2024 – 29 Mar 2025: events and the reported toll"
    assert W.overview_title("x", "Syria", lang="ar").startswith("سوريا، x")
    assert W.OVERVIEW_TOLL_AXIS == "Deaths reported<br>(never added up)"
    assert W.EMPTY_TEXT == "No events match"
    assert W.overview_subtitle(False).startswith("Top: events by category (hollow = approximate date).")
    assert ARABIC.search(W.overview_subtitle(True, "ar"))
    assert W.category_label("violence_against_civilians", "ar") == "عنف ضد المدنيين"
    assert W.category_label("violence_against_civilians") == "Violence against civilians"
    assert W.map_subtitle("S", "ar").endswith("S")


def test_figures_are_attributed_in_arabic():
    """A figure is always someone's claim: the Arabic band names who gave each end."""
    text = S.text("toll.range", "ar", who="الجهات", measure="x", date="d", lo="1", lo_by="A", hi="2", hi_by="B")
    assert "بحسب A" in text and "بحسب B" in text


def test_deaths_wording_in_english_is_pythons():
    span = S.range_text(pd.Timestamp("2024-02-01"), pd.Timestamp("2024-05-31"))
    assert S.text("deaths.title") == W.deaths_title("W")
    assert S.text("deaths.axis") == W.deaths_axis_title("W")
    for reporter, what, rng in (("ACLED", "deaths.what.acled", False), ("UCDP GED", "deaths.what.ged", True),
                                ("SOHR", "deaths.what.other", False)):
        page = S.text("deaths.subtitle", reporter=reporter, what=S.text(what), span=span,
                      range=S.text("deaths.range") if rng else "")
        assert page == W.deaths_subtitle(reporter, "W", span, rng)
    assert W.DEATHS_NOTE == {k: S.text(f"deaths.note.{k}") for k in ("month", "others", "other", "more")}
    assert S.text("map.subtitle_deaths", reporter="ACLED", span=span) == \
        W.MAP_SUBTITLE_DEATHS.format(reporter="ACLED", span=span)
    assert "بحسب ACLED" in S.text("deaths.subtitle", "ar", reporter="ACLED", what="", span="", range="")
    assert S.text("deaths.source", reporter="ACLED", names="AFP, 3 others", credit="c") == \
        W.deaths_source("ACLED", ["AFP", "a", "b", "d"], "c", shown=1)
    assert S.text("map.dot_deaths", n="1,234", reporter="ACLED") == W.MAP_DOT_DEATHS.format(n=1234, reporter="ACLED")
    assert S.text("deaths.source_alone", reporter="ACLED", credit="c") == W.deaths_source("ACLED", [], "c")


def test_summary_keys_name_phrases_of_the_summaries():
    js = (PAGE / "summary.js").read_text(encoding="utf-8")
    names = {k.split(".")[1] for k in ROWS if k.startswith("summary.")}
    assert {"overview", "map", "deaths", "caption"} <= names
    assert [n for n in names if not re.search(rf"\b{n}: ", js)] == []
