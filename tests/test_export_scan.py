"""timeline export --scan: a converted file's view as one page — its events read back from the file when the
filters keep few enough (the same Timeline, the same page, as the reader's file filtered in memory), else the
charts of their aggregates with a note on how to narrow the view, drawn offline in Chromium."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import warnings

import pandas as pd
import pytest

pytest.importorskip("duckdb")

import timeline  # noqa: E402
from timeline import strings as S  # noqa: E402
from timeline.charts.counts import month_note  # noqa: E402
from timeline.cli import main  # noqa: E402
from timeline.export import to_html_string  # noqa: E402
from timeline.filters import Filters, UnknownFilterValue, apply_filters  # noqa: E402
from timeline.io import read_acled, read_ucdp_ged  # noqa: E402
from timeline.scale import export as scan_export  # noqa: E402
from timeline.scale.convert import COLUMNS, TABLE_COLUMNS, convert  # noqa: E402
from timeline.scale.materialise import TooManyEvents, to_timeline  # noqa: E402
from timeline.synthetic import generate_acled, write_acled  # noqa: E402

from browser import browser, guard  # noqa: E402
from test_export import P1, P2, P3  # noqa: E402
from test_io import write_ged  # noqa: E402

TABLES = ("events", "places", "sources", "casualty_reports", "event_places", "event_sources", "event_actors",
          "report_sources", "actor_table", "phases")


def _quiet(fn, *a, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*a, **kw)


@pytest.fixture(scope="module")
def acled(tmp_path_factory):
    """600 ACLED-shaped events, a few with script payloads in their place, actor and description."""
    folder = tmp_path_factory.mktemp("export-scan")
    df = generate_acled(600, seed=7)
    for i in range(5):
        df.loc[i, "location"] = f"{P3} Kafr {i}"
        df.loc[i, "actor1"] = P1
        df.loc[i, "notes"] = P2 + " " + df.loc[i, "notes"]
    csv = write_acled(df, folder / "acled.csv")
    tl = _quiet(read_acled, csv, progress=False)
    _quiet(convert, csv, folder / "acled.parquet", "acled", progress=False)
    return tl, timeline.scan(folder / "acled.parquet"), folder


def cases(tl):
    actors = tuple(tl.event_actors["actor"].value_counts().index[:2])
    places = tuple(tl.event_places["place_id"].value_counts().index[1:3])
    return [Filters(), Filters(categories=("military",)), Filters(start="2024-12-01", end="2025-01-15"),
            Filters(actors=actors, min_confidence="medium"), Filters(places=places), Filters(text="killed"),
            Filters(reporters=("ACLED",), start="2025-01-01"), Filters(start="2031-01-01")]


def assert_same_timeline(a, b):
    for name in TABLES:
        x, y = getattr(a, name).reset_index(drop=True), getattr(b, name).reset_index(drop=True)
        pd.testing.assert_frame_equal(x, y, obj=name)
    assert (a.name, a.notes, a.row_counts, a.as_of) == (b.name, b.notes, b.row_counts, b.as_of)


def test_every_column_the_tables_are_read_from_is_a_column_of_the_file():
    assert {v for t in TABLE_COLUMNS.values() for v in t.values() if v} <= set(COLUMNS)


@pytest.mark.parametrize("k", range(8))
def test_the_events_read_back_are_the_readers_filtered(acled, k):
    tl, sc, _ = acled
    f = cases(tl)[k]
    assert_same_timeline(apply_filters(tl, f), to_timeline(sc.select(f)))


def test_ucdp_events_read_back_with_their_estimates_and_sides(tmp_path):
    path = write_ged(
        tmp_path / "ged.csv", {},
        {"best": "10", "low": "7", "high": "15", "deaths_a": "4", "deaths_b": "6", "date_start": "2017-01-04",
         "date_end": "2017-01-06", "date_prec": "2"},
        {"type_of_violence": "3", "best": "6", "low": "5", "high": "9", "date_start": "2017-01-12",
         "date_end": "2017-01-12", "deaths_civilians": "6", "deaths_a": "0", "where_coordinates": "Ar Raqqah town",
         "latitude": "35.95", "longitude": "39.01", "source_headline": P2},
        {"best": "3", "low": "3", "high": "3", "date_prec": "4", "date_start": "2017-02-01", "date_end": "2017-02-28"},
        {"best": "2", "low": "1", "high": "4", "side_b": "SDF", "where_coordinates": "Manbij town",
         "latitude": "36.52", "longitude": "37.95", "date_start": "2017-03-02", "date_end": "2017-03-02"})
    tl = read_ucdp_ged(path)
    _quiet(convert, path, tmp_path / "ged.parquet", "ucdp", progress=False)
    sc = timeline.scan(tmp_path / "ged.parquet", format="ucdp")
    for f in (Filters(), Filters(categories=("military",)), Filters(text="raqqah"), Filters(start="2017-01-10"),
              Filters(actors=("SDF",))):
        back = to_timeline(sc.select(f))
        assert_same_timeline(apply_filters(tl, f), back)
    assert back.casualty_reports["killed_side_b"].notna().all()  # the sides' deaths travel with the file


def test_gdelt_events_read_back_and_their_page(tmp_path):
    from test_io_gdelt import read, sample_rows, write

    path = write(tmp_path / "20250310000000.export.CSV", sample_rows())
    tl = read(path)
    _quiet(convert, path, tmp_path / "g.parquet", "gdelt", progress=False)
    sc = timeline.scan(tmp_path / "g.parquet", format="gdelt")
    for f in (Filters(), Filters(categories=("military",))):
        assert_same_timeline(apply_filters(tl, f), to_timeline(sc.select(f)))
    page = scan_export.scan_html_string(sc, None, limit=1)
    assert 'data-mode="aggregates"' in page and "--format gdelt" in page


def test_more_events_than_the_limit_are_not_read(acled):
    tl, sc, _ = acled
    with pytest.raises(TooManyEvents, match="600 events, more than 100"):
        to_timeline(sc.select(), limit=100)


def _data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="timeline-data">(.*?)</script>', page, re.S)
    return json.loads(m.group(1))


@pytest.mark.parametrize("k", [1, 3])
def test_below_the_limit_the_page_is_the_page_of_the_events_kept(acled, k):
    tl, sc, _ = acled
    f = cases(tl)[k]
    page = scan_export.scan_html_string(sc, f, limit=1000)
    notice = _data(page)["notice"]
    n = sc.select(f).n
    assert f"the {n:,} events of \u2068acled.parquet\u2069 that the filters keep, of 600" in notice["en"]
    assert notice["en"].endswith(scan_export.filters_text(f, "en"))
    # byte for byte the page of the reader's file filtered in memory, with the same line on top
    want = to_html_string(apply_filters(tl, f), None, notice=notice)
    if page != want:  # name the first difference (a diff of two whole pages would take minutes)
        at = next((i for i, (a, b) in enumerate(zip(page, want)) if a != b), min(len(page), len(want)))
        pytest.fail(f"the pages differ from character {at:,} (of {len(page):,} and {len(want):,}): "
                    f"{page[max(at - 80, 0):at + 80]!r} != {want[max(at - 80, 0):at + 80]!r}")


@pytest.fixture(scope="module")
def pages(acled):
    """The aggregates page (English and Arabic) of a view of more than the limit, and a page of its events."""
    tl, sc, folder = acled
    f = Filters(categories=("military", "violence_against_civilians"), start="2024-01-01")
    out = {"filters": f, "n": sc.select(f).n}
    for lang in ("en", "ar"):
        out[lang] = scan_export.write_scan_html(sc, folder / f"agg-{lang}.html", f, lang=lang, limit=50)
    out["events"] = scan_export.write_scan_html(sc, folder / "events.html", f, limit=1000)
    return out


def test_above_the_limit_the_page_holds_counts_not_events(acled, pages):
    tl, sc, _ = acled
    html = pages["en"].read_text(encoding="utf-8")
    n, f = pages["n"], pages["filters"]
    assert n > 50
    assert f"This page shows counts of the {n:,} events the filters keep, of 600 in \u2068acled.parquet\u2069" in html
    assert "more than 50" in html and "at most 50 events" in html
    cmd = scan_export.narrow_command("acled.parquet", "acled", f)
    assert cmd.startswith("timeline export --scan acled.parquet --format acled --start 2024-01-01 --end YYYY-MM-DD "
                          "--category military --category violence_against_civilians")
    assert cmd in html and "--min-confidence LEVEL" in html and "--text WORDS" in html
    assert "Filters: from 1 Jan 2024 · categories: Military, Violence against civilians" in html
    for d in tl.events["description"]:  # no event's description, hostile or not
        assert d not in html and json.dumps(d)[1:-1] not in html
    for p in (P1, P2, P3):
        assert p not in html
    data = _data(html)
    assert set(data["figures"]) == {"counts", "deaths", "map"} and "events" not in data


def test_the_aggregates_page_draws_offline_and_keeps_hostile_text_as_text(pages):
    with browser() as b:
        for lang in ("en", "ar"):
            page = b.new_page(viewport={"width": 1280, "height": 900})
            blocked, errors = guard(page)
            dialogs = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(pages[lang].as_uri())
            page.wait_for_function("() => window.timelineApp && window.timelineApp.drawn === true", timeout=60_000)
            drawn = page.evaluate("""() => ['overview', 'deaths', 'map'].map((id) =>
                document.querySelectorAll('#' + id + ' .main-svg').length)""")
            assert all(k > 0 for k in drawn), drawn
            assert page.evaluate("document.querySelectorAll('#overview .barlayer .point').length") > 0
            assert page.evaluate("document.querySelectorAll('#map .scattergeo .point').length") > 0
            assert page.evaluate("document.documentElement.dir") == ("rtl" if lang == "ar" else "ltr")
            assert not page.is_visible("#controls") and not page.is_visible("#events-table")
            assert page.evaluate("document.querySelectorAll('img').length") == 0
            assert page.evaluate("window.__pwned === undefined")
            assert (blocked, errors, dialogs) == ([], [], [])
            if lang == "ar":
                assert S.text("scan.counts.title", "ar") in page.inner_text("#overview")
            page.close()
        # the page of the events: the filters line share.js writes is the one Python writes
        page = b.new_page(viewport={"width": 1280, "height": 900})
        blocked, errors = guard(page)
        page.goto(pages["events"].as_uri())
        page.wait_for_selector("body[data-ready='1']", timeout=60_000)
        assert page.evaluate("window.timelineApp.visibleIds().length") == pages["n"]
        assert page.inner_text("#scope-note").startswith(f"This page holds the {pages['n']:,} events")
        f = Filters(categories=("military",), start="2024-03-01", end="2024-09-30", min_confidence="medium",
                    text="clash")
        page.evaluate("(f) => window.timelineApp.setFilters(f)", f.to_dict())
        assert page.inner_text("#filters-line") == scan_export.filters_text(f, "en")
        assert (blocked, errors) == ([], [])


def test_unknown_filter_values_and_files_that_are_not_converted(acled, tmp_path):
    tl, sc, folder = acled
    with pytest.raises(UnknownFilterValue):
        scan_export.scan_html_string(sc, Filters(places=("nowhere",)))
    with pytest.raises(ValueError, match="not a Parquet file written by 'timeline convert'.*timeline convert"):
        scan_export.open_scan(folder / "acled.csv")
    plain = tmp_path / "plain.parquet"
    pd.DataFrame({"a": [1]}).to_parquet(plain)
    with pytest.raises(ValueError, match="not one written by 'timeline convert'"):
        scan_export.open_scan(plain)
    with pytest.raises(FileNotFoundError):
        scan_export.open_scan(tmp_path / "missing.parquet")


def test_cli_export_scan(acled, tmp_path, capsys, monkeypatch):
    _, sc, folder = acled
    src = str(folder / "acled.parquet")
    out = tmp_path / "page.html"
    assert main(["export", "--scan", src, "--format", "acled", "--category", "military", "-o", str(out)]) == 0
    n = sc.select(Filters(categories=("military",))).n
    assert f"the {n:,} events the filters keep, of 600" in capsys.readouterr().out
    assert 'data-mode="interactive"' in out.read_text(encoding="utf-8")
    monkeypatch.setattr(scan_export, "LIMIT", 10)
    assert main(["export", "--scan", src, "--format", "acled", "--lang", "ar", "-o", str(out)]) == 0
    assert "counts of the 600 events" in capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    assert 'data-mode="aggregates"' in text and 'dir="rtl"' in text
    assert main(["export", "--scan", src, "-o", str(out)]) == 2  # no --format
    assert "--format acled or ucdp" in capsys.readouterr().err
    assert main(["export", "--scan", str(folder / "acled.csv"), "--format", "acled", "-o", str(out)]) == 1
    assert "timeline convert" in capsys.readouterr().err
    assert main(["export", "--scan", src, "--format", "acled", "--place", "nowhere", "-o", str(out)]) == 2
    csv = tmp_path / "kept.csv"
    assert main(["export", "--scan", src, "--format", "acled", "--to", "csv", "-o", str(csv)]) == 1  # 600 > 10
    assert "more than 10" in capsys.readouterr().err and not csv.exists()
    monkeypatch.setattr(scan_export, "LIMIT", 1000)
    assert main(["export", "--scan", src, "--format", "acled", "--category", "military", "--to", "csv",
                 "-o", str(csv)]) == 0
    assert len(pd.read_csv(csv)) == n


def test_cli_export_scan_without_duckdb(acled, tmp_path):
    _, _, folder = acled
    code = ("import sys; sys.modules['duckdb'] = None\nfrom timeline.cli import main\n"
            f"sys.exit(main(['export', '--scan', {str(folder / 'acled.parquet')!r}, '--format', 'acled', "
            f"'-o', {str(tmp_path / 'p.html')!r}]))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 1 and "pip install 'syria-timeline[scale]'" in run.stderr
    assert not (tmp_path / "p.html").exists()


def test_the_month_only_note_fits_one_line_however_many_months(acled):
    _, sc, _ = acled
    view = sc.select().counts("W")
    note = month_note(view)
    months = len({m for m, _, _ in view.month_rows})
    assert months > 3 and f"; and {months - 3} more months)." in note and len(note) < 200
