"""Links to a view (Filters.to_fragment / from_fragment, ``timeline export --view``, the Explorer) and the
CSV's formula safety, in Python; the page's twins are tested in test_share_browser.py."""

from __future__ import annotations

import pandas as pd
import pytest

import timeline
from timeline import formats
from timeline.cli import main
from timeline.filters import MAX_FRAGMENT, Filters, LinkError, apply_filters, link_spec

from test_conformance import CASES


@pytest.fixture(scope="module")
def tl():
    return timeline.load()


def test_the_documented_example_reads_as_it_is_written():
    f = Filters(start="2025-03-06", end="2025-03-10", categories=("violence_against_civilians", "military"),
                reporters=("SOHR",), min_confidence="medium", text="Baniyas hospital",
                actors=("Syrian Interior Ministry",), places=("latakia",))
    assert f.to_fragment() == ("#start=2025-03-06&end=2025-03-10&cat=military,violence_against_civilians"
                               "&actor=Syrian%20Interior%20Ministry&place=latakia&rep=SOHR&conf=medium"
                               "&q=Baniyas%20hospital")
    assert Filters().to_fragment() == ""
    assert Filters.from_fragment("") == Filters() == Filters.from_fragment("#")


@pytest.mark.parametrize("name,data", CASES, ids=[c[0] for c in CASES])
def test_every_conformance_case_round_trips(name, data):
    f = Filters.from_dict(data)
    frag = f.to_fragment()
    back = Filters.from_fragment(frag)
    assert back.to_fragment() == frag
    for field in ("start", "end", "min_confidence", "text"):
        assert getattr(back, field) == getattr(f, field)
    for field in ("categories", "actors", "places", "reporters"):
        assert sorted(getattr(back, field)) == sorted(getattr(f, field))


def test_a_fragment_is_read_from_a_whole_address_and_is_url_safe():
    f = Filters(text='"quoted" <b>&amp; ل', actors=("a,b", "c&d=e"), places=("x#y",))
    frag = f.to_fragment()
    assert set(frag[1:]) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~%=&,")
    assert Filters.from_fragment("file:///tmp/page.html" + frag) == Filters.from_fragment(frag[1:]) == f


def test_lists_are_written_in_one_order_whatever_order_they_were_given():
    a = Filters(categories=("political", "military"), reporters=("SOHR", "AFP"))
    b = Filters(categories=("military", "political"), reporters=("AFP", "SOHR"))
    assert a.to_fragment() == b.to_fragment() == "#cat=military,political&rep=AFP,SOHR"


@pytest.mark.parametrize("fragment,part,why", [
    ("#start=2025-02-30", "start=2025-02-30", "not a real date"),
    ("#end=10/03/2025", "end=10/03/2025", "YYYY-MM-DD"),
    ("#start=javascript:alert(1)", "start=javascript:alert(1)", "YYYY-MM-DD"),
    ("#cat=massacre", "cat=massacre", "unknown category 'massacre'"),
    ("#cat=military,,political", "cat=military,,political", "empty value"),
    ("#conf=certain", "conf=certain", "unknown confidence level 'certain'"),
    ("#when=today", "when=today", "unknown key 'when'"),
    ("#q=%3Cscript", None, None),  # a valid search for the text "<script": nothing to refuse
    ("#q=%ZZ", "q=%ZZ", "two hexadecimal digits"),
    ("#q=%C3%28", "q=%C3%28", "not UTF-8"),
    ("#q=a&q=b", "q=b", "given twice"),
    ("#start", "start", "key=value"),
    ("#start=2025-03-10&end=2025-03-01", "start=2025-03-10&end=2025-03-01", "start is after the end"),
])
def test_a_malformed_fragment_names_the_part_at_fault(fragment, part, why):
    if part is None:
        assert Filters.from_fragment(fragment).text == "<script"
        return
    with pytest.raises(LinkError) as e:
        Filters.from_fragment(fragment)
    assert isinstance(e.value, ValueError)
    assert e.value.part == part and why in str(e.value) and part in str(e.value)


def test_a_fragment_is_at_most_2_kb():
    with pytest.raises(LinkError, match="over the 2,048"):
        Filters.from_fragment("#q=" + "a" * MAX_FRAGMENT)
    with pytest.raises(ValueError, match="over the 2,048"):
        Filters(text="ب" * 400).to_fragment()  # 400 letters, 2,400 characters once encoded
    assert len(Filters(text="ب" * 300).to_fragment()) <= MAX_FRAGMENT


def test_the_link_spec_covers_every_filter_field():
    spec = link_spec()
    assert [f["field"] for f in spec["fields"]] == list(Filters().to_dict())
    assert len({f["key"] for f in spec["fields"]}) == len(spec["fields"]) and spec["max"] == MAX_FRAGMENT


def test_export_view_opens_the_view_of_a_link(tl, tmp_path, capsys):
    frag = "#start=2025-03-06&end=2025-03-10&cat=violence_against_civilians"
    out = tmp_path / "view.csv"
    assert main(["export", "--to", "csv", "--view", frag, "-o", str(out)]) == 0
    want = formats.to_csv(apply_filters(tl, Filters.from_fragment(frag)), tmp_path / "want.csv")
    assert out.read_bytes() == want.read_bytes()
    assert main(["export", "--view", "#cat=massacre", "-o", str(tmp_path / "x.html")]) == 2
    assert "--view: cannot read the link to a view: unknown category 'massacre'" in capsys.readouterr().err
    assert main(["export", "--view", frag, "--text", "x", "-o", str(tmp_path / "y.html")]) == 2
    assert "not both" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists() and not (tmp_path / "y.html").exists()


def test_the_explorer_opens_a_link(tl):
    from timeline.widgets import Explorer

    frag = "#start=2025-03-06&end=2025-03-10&place=latakia"
    ex = Explorer(tl, frag)
    assert ex.filters.to_fragment() == frag
    assert sorted(ex.view.events["id"]) == sorted(apply_filters(tl, Filters.from_fragment(frag)).events["id"])
    ex.filters = "#cat=military"
    assert ex.filters == Filters(categories=("military",))
    with pytest.raises(LinkError):
        ex.filters = "#cat=militar"


# --- the CSV's formula safety ------------------------------------------------------------------

HOSTILE = {"title": '=HYPERLINK("http://evil.example","click")', "description": "+1+2", "notes": "@SUM(A1)"}


def test_csv_writes_formulas_as_text_and_numbers_as_numbers(make_timeline, tmp_path):
    tl = make_timeline(events=[
        {"id": "e1", "start": "2025-03-06", **HOSTILE},
        {"id": "e2", "start": "2025-03-07", "title": "-3", "description": "-- a list", "notes": "-CR"},
        {"id": "e3", "start": "2025-03-08", "title": "-x", "description": "a=b", "notes": "+5.5e3", "place": "p"},
    ], places=[{"id": "latakia", "name": "Latakia", "name_ar": "", "admin1": "Latakia", "kind": "city",
                "lat": "35.53125", "lon": "35.79088", "coord_source": "test"},
               {"id": "p", "name": "=Place", "name_ar": "", "admin1": "X", "kind": "city", "lat": "35.5",
                "lon": "35.75", "coord_source": "test"}])
    df = pd.read_csv(formats.to_csv(tl, tmp_path / "f.csv"), dtype=str, keep_default_na=False)
    assert df["title"].tolist() == ["'" + HOSTILE["title"], "-3", "'-x"]
    assert df["description"].tolist() == ["'+1+2", "'-- a list", "a=b"]
    assert df["notes"].tolist() == ["'@SUM(A1)", "'-CR", "+5.5e3"]
    assert df["place_names"].tolist() == ["Latakia", "Latakia", "'=Place"]
    assert df["lat"].tolist() == ["35.53125", "35.53125", "35.5"]  # numbers, never prefixed


def test_csv_cell_rules():
    cell = formats.csv_cell
    assert cell("=1+1") == "'=1+1" and cell("-1") == "-1" and cell("-1.5e-3") == "-1.5e-3" and cell("+.5") == "+.5"
    assert cell("- item") == "'- item" and cell("@") == "'@" and cell("") == "" and cell("x=1") == "x=1"
    assert cell("\tx") == "'\tx" and cell("\rx") == "\"'\rx\""
    assert cell("-1", False) == "-1" and cell("=x", False) == "=x"
    assert cell('=A1,"b"') == '"\'=A1,""b"""'


def test_a_page_too_large_for_its_csv_says_so(tl):
    from timeline.export import payload, share

    _, pos, _ = payload.events_block(tl, False, None)
    plain = share.share_block(tl, pos, lambda v: payload.int_column(v, False), lambda v: payload.text_column(v, False))
    assert plain["csv"]["omitted"] is None
    assert [c["name"] for c in plain["csv"]["columns"]] == list(formats.csv_table(tl).columns)
    over = share.share_block(tl, pos, lambda v: payload.int_column(v, False), lambda v: payload.text_column(v, False),
                             budget=1000)
    assert over["csv"]["columns"] == [] and "timeline export --to csv" in over["csv"]["omitted"]
