"""The one-file HTML export, without a browser: stable facts about the string and the file."""

from __future__ import annotations

import base64
import dataclasses
import gzip
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys

import numpy as np
import pytest

import timeline
from conftest import DATA, REPO, read_rows, set_cell, write_rows
from timeline import export
from timeline.export import plots
from timeline.export.page import SCRIPTS
from timeline.cli import main
from timeline.filters import Filters, apply_filters

P1 = "<script>window.__pwned=1</script>"
P2 = "</script><script>window.__pwned=2</script>"
P3 = '<img src=x onerror="window.__pwned=3">'
P4 = "javascript:window.__pwned=4"
PAYLOADS = (P1, P2, P3)


def hostile_timeline(folder):
    """The shipped data (copied into ``folder``) with script payloads in titles, descriptions,
    notes, a publisher, place names (mapped and unmapped), a phase, an actor and a reporter,
    and a ``javascript:`` source URL (set after loading: validation rejects it in a file)."""
    set_cell(folder, "events.csv", 0, "title", P1 + " offensive")
    set_cell(folder, "events.csv", 0, "description", P2)
    set_cell(folder, "events.csv", 0, "notes", P3)
    set_cell(folder, "actors.csv", 0, "name", P3)          # hts and allied-factions: the first event's actors
    set_cell(folder, "actors.csv", 1, "name", P1)
    set_cell(folder, "events.csv", 1, "title", P3 + " Aleppo")
    set_cell(folder, "events.csv", 1, "description", P1)
    set_cell(folder, "events.csv", 2, "title", P2 + " Hama")
    set_cell(folder, "places.csv", 0, "name", P1)          # aleppo: on the map
    set_cell(folder, "places.csv", 0, "name_ar", P2)
    set_cell(folder, "places.csv", 1, "name", P3)          # aleppo countryside: no coordinates
    set_cell(folder, "sources.csv", 0, "publisher", P3)
    set_cell(folder, "sources.csv", 0, "title", P2)
    set_cell(folder, "phases.csv", 0, "name", P1)
    set_cell(folder, "phases.csv", 0, "description", P3)
    header, rows = read_rows(folder, "casualty_reports.csv")
    for r in rows:
        r["reported_by"] = P3 if r["reported_by"] == "SNHR" else r["reported_by"]
    write_rows(folder, "casualty_reports.csv", header, rows)
    tl = timeline.load(folder)
    src = tl.sources.copy()
    first = src["id"] == tl.sources_of(tl.events["id"].iloc[0])["id"].iloc[0]
    src.loc[first, "url"] = P4
    return dataclasses.replace(tl, sources=src)


def payload_of(page: str) -> dict:
    """The page's data block, with its events decoded into a list of dicts (as the page's script
    decodes them: plain JSON lists, or gzip + base64 columns)."""
    m = re.search(r'<script type="([^"]*)" id="timeline-data"(?: data-bytes="(\d+)")?>(.*?)</script>', page, flags=re.S)
    text = m.group(3) if m.group(1) == "application/json" else \
        export.page.unpack(m.group(3), int(m.group(2))).decode("utf-8")
    data = json.loads(text)
    data["events_block"] = data["events"]
    data["events"] = decode_events(data["events"], data["places"], data["sources"])
    return data


def _column(c):
    if c is None or isinstance(c, list):
        return c
    if c["type"] == "split":
        return [c["prefixes"][p] + str(v) for p, v in zip(_column(c["prefix"]), _column(c["number"]))]
    raw = gzip.decompress(base64.b64decode(c["gzip"]))
    if c["type"] == "json":
        return json.loads(raw.decode("utf-8"))
    dtype = np.dtype({"uint8": "<u1", "uint16": "<u2", "int32": "<i4"}[c["type"]])
    if c.get("planes"):  # plane by plane: every value's first byte, then every second byte, ...
        raw = np.frombuffer(raw, dtype=np.uint8).reshape(dtype.itemsize, -1).T.tobytes()
    arr = np.frombuffer(raw, dtype=dtype).astype(np.int64)
    return (np.cumsum(arr) if c["delta"] else arr).tolist()


def decode_events(block, places, sources):
    cols = {k: _column(v) for k, v in block["columns"].items()}
    titles, dates = _column(block["titles"]), _column(block["dates"])

    def runs(name):
        off = np.r_[0, np.cumsum(cols[name + "_n"])]
        return [cols[name][a:b] for a, b in zip(off[:-1], off[1:])]

    p, s, a = runs("place"), runs("source"), runs("actor")
    day = lambda d: str(np.datetime64(int(d), "D"))  # noqa: E731
    return [{"id": cols["id"][i], "start": day(cols["d0"][i]), "end": day(cols["d0"][i] + cols["length"][i]),
             "title": titles[cols["title"][i]], "date": dates[cols["date"][i]],
             "category": block["categories"][cols["category"][i]],
             "confidence": block["confidence"][cols["confidence"][i]],
             "precision": block["precision"][cols["precision"][i]],
             "description": cols["description"][i] if "description" in cols else None,
             "notes": cols["notes"][i] if "notes" in cols else None,
             "places": [places[k]["id"] for k in p[i]], "sources": [sources[k]["publisher"] for k in s[i]],
             "actors": [block["actors"][k] for k in a[i]]} for i in range(block["n"])]


def inline_scripts(page: str) -> list[str]:
    """The scripts the page runs, in order: the loader's blocks (unpacked), then the loader."""
    out = []
    for kind, n, text in re.findall(r'<script type="([^"]*)"(?: data-bytes="(\d+)")? data-run>(.*?)</script>', page,
                                    flags=re.S):
        out.append(export.page.unpack(text, int(n)).decode("utf-8") if n else text)
    return out + re.findall(r"<script>(.*?)</script>", page, flags=re.S)


@pytest.fixture(scope="module")
def page(tl):
    return export.to_html_string(tl)


# --- one self-contained, stable file ------------------------------------------------------------

def test_page_loads_nothing_from_elsewhere(page):
    tags = re.findall(r"<(?:script|link|img|iframe|object|embed)\b[^>]*>", page, flags=re.I)
    assert tags and all(not re.search(r"\b(?:src|href)\s*=", t, flags=re.I) for t in tags), tags
    scripts = inline_scripts(page)
    assert len(scripts) == 3 + len(SCRIPTS)  # the topojson, plotly.js, the page's own scripts, the loader
    assert "window.PlotlyGeoAssets" in scripts[0] and "plotly.js v" in scripts[1][:200]
    assert len(re.findall(r"<script>", page)) == 1  # only the loader runs by itself


def test_same_data_and_options_give_the_same_bytes(tl, page):
    assert export.to_html_string(tl) == page
    f = Filters(categories=("military",), text="Jableh")
    assert export.to_html_string(tl, f, title="T") == export.to_html_string(tl, f, title="T")
    assert payload_of(page)["generated"] is None
    dated = export.to_html_string(tl, generated="2025-04-02")
    assert "page generated 2025-04-02" in dated and "page generated 2" not in page


def test_header_states_span_counts_and_the_date_of_the_data(tl, page):
    header = page.split("<header", 1)[1].split("</header>", 1)[0]
    assert tl.span_text() in header
    for n, what in ((len(tl), "events"), (len(tl.sources), "sources"),
                    (len(tl.casualty_reports), "casualty figures"),
                    (len(tl.reporters), "organisations giving casualty figures")):
        assert f"<strong>{n:,}</strong> {what}" in header
    as_of = max(tl.events["span_end"].max(), tl.casualty_reports["published"].max(), tl.sources["published"].max())
    assert f"Data as of {as_of.day} {as_of:%b %Y}" in header  # the bundled data: 3 Apr 2025
    assert 'aria-live="polite"' in page and 'role="status"' in page


def test_page_holds_the_whole_timeline_and_each_point_knows_its_event(tl, page):
    data = payload_of(page)
    by_date = tl.events.sort_values("start", kind="stable")
    assert [e["id"] for e in data["events"]] == by_date["id"].tolist()  # by date, file order within a day
    first = data["events"][0]
    row = by_date.iloc[0]
    assert (first["title"], first["description"], first["start"]) == (row["title"], row["description"],
                                                                      f"{row['start']:%Y-%m-%d}")
    assert first["places"] == tl.places_of(row["id"])["id"].tolist()
    assert first["actors"] == tl.event_actors.loc[tl.event_actors["event_id"] == row["id"], "actor"].tolist()
    over = data["figures"]["overview"]["data"]
    marked = [i for tr in over if tr["meta"].get("role") == "event" for i in tr["customdata"]]
    assert sorted(marked) == list(range(len(tl)))  # every event drawn once, by its position
    counts = [tr for tr in over if tr["meta"].get("role") == "count"]
    assert counts and all(len(tr["meta"]["days"]) == len(tr["x"]) == len(tr["y"]) for tr in counts)
    bands = [tr for tr in over if tr["meta"].get("role") == "range"]
    assert bands and all(tr["meta"]["members"] for tr in bands)
    places = [tr for tr in data["figures"]["map"]["data"] if tr["meta"].get("role") == "place"]
    assert all(len(tr["meta"]["places"]) == len(tr["lon"]) == len(tr["meta"]["headers"]) for tr in places)
    assert all(data["places"][k]["id"] == pid for tr in places for k, pid in zip(tr["meta"]["places"], tr["customdata"]))
    assert {r["name"] for r in data["reporters"]} <= set(tl.reporters)


def test_filters_set_the_initial_view(tl):
    f = Filters(start="2025-03-06", end="2025-03-10", categories=("violence_against_civilians", "military"),
                reporters=("SOHR",), text="Jableh")
    data = payload_of(export.to_html_string(tl, f))
    assert data["initial"] == f.to_dict()
    n = len(apply_filters(tl, f))
    assert data["initial_summary"].startswith(f"Showing {n} of {len(tl)} events")
    assert len(data["events"]) == len(tl)  # the reader can still widen the view
    assert payload_of(export.to_html_string(tl, f.to_dict()))["initial"] == f.to_dict()


def test_compressed_columns_hold_the_same_events(tl, page, monkeypatch):
    """Above COMPRESS_ABOVE events the columns are gzip + base64: the same events come back."""
    monkeypatch.setattr(export.payload, "COMPRESS_ABOVE", 0)
    packed = export.to_html_string(tl)
    block = payload_of(packed)["events_block"]
    assert all(isinstance(c, dict) and "gzip" in c for c in block["columns"].values())
    assert payload_of(packed)["events"] == payload_of(page)["events"]


def test_descriptions_past_the_text_budget_are_left_out_and_the_page_says_so(tl, page):
    kept = payload_of(page)
    assert kept["events_block"]["omitted"] is None and all(e["description"] is not None for e in kept["events"])
    lean = payload_of(export.to_html_string(tl, text_budget=0))
    assert f"for {len(tl)} events" in lean["events_block"]["omitted"]
    assert all(e["description"] is None and e["notes"] is None for e in lean["events"])
    assert [(e["id"], e["title"], e["places"], e["sources"]) for e in lean["events"]] == \
        [(e["id"], e["title"], e["places"], e["sources"]) for e in kept["events"]]  # the rest is all there


def test_large_export_grows_by_bytes_per_event_not_kilobytes(tmp_path, page):
    """20,000 ACLED-shaped events add about a hundred bytes each to the page, drawn
    as density: no per-event marker or hover text in the figures."""
    from timeline.io import read_acled
    from timeline.synthetic import generate_acled, write_acled

    write_acled(generate_acled(20_000, seed=1), tmp_path / "acled.csv")
    tl = read_acled(tmp_path / "acled.csv", progress=False)
    big = export.to_html_string(tl)
    per_event = (len(big.encode()) - len(page.encode())) / len(tl)
    assert per_event < 120, per_event
    data = payload_of(big)
    roles = [tr["meta"].get("role") for tr in data["figures"]["overview"]["data"]]
    assert "density" in roles and "dots" in roles and "event" not in roles
    assert [e["id"] for e in data["events"]] == tl.events.sort_values("start", kind="stable")["id"].tolist()
    assert data["events_block"]["columns"]["id"]["type"] == "split"  # prefix + number, read back exactly above


def test_unknown_reporter_is_an_error_naming_it(tl):
    with pytest.raises(ValueError, match="unknown reporter 'Nobody'.*SOHR"):
        export.to_html_string(tl, Filters(reporters=("Nobody",)))


# --- safety -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    for f in DATA.glob("*.csv"):
        shutil.copy(f, folder / f.name)
    tl = hostile_timeline(folder)
    return tl, export.to_html_string(tl, title=P2)


def test_payloads_are_escaped_not_raw(hostile):
    tl, page = hostile
    for p in PAYLOADS:
        assert p not in page
    assert "<script>window.__pwned" not in page and "<img src=x" not in page
    n = 4 + len(SCRIPTS)  # the JSON, the topojson, plotly.js, the page's own scripts, the loader
    assert page.count("</script>") == n and page.count("<script") == n
    esc = json.dumps(P1)[1:-1].replace("<", "\\u003c").replace(">", "\\u003e")
    assert esc in page  # in the JSON block, as \u003c…\u003e
    assert f"<title>{html.escape(P2)}</title>" in page
    data = payload_of(page)
    assert P1 + " offensive" in [e["title"] for e in data["events"]]  # the data itself is intact


def test_everything_plotly_renders_is_escaped(hostile):
    tl, page = hostile
    data = payload_of(page)

    def strings(obj, key=None):
        if isinstance(obj, str):
            yield obj
        elif isinstance(obj, list):
            for v in obj:
                yield from strings(v)
        elif isinstance(obj, dict):
            for k, v in obj.items():
                if k not in ("meta", "labels"):
                    yield from strings(v, k)

    texts = [s for name in ("overview", "map") for s in strings(data["figures"][name])]
    assert any("&lt;img src=x onerror" in s for s in texts)  # the payload is there, as text
    for s in texts:
        assert "<img" not in s and "<script" not in s and "</script" not in s, s


def test_builders_text_passes_the_escaper_unchanged(tl):
    """The escaper keeps every tag the figure builders write (so clean data looks the same)."""
    from timeline import figures as F

    for fig in (F.overview_figure(tl), F.map_figure(tl), F.toll_figure(tl), F.timeline_figure(tl)):
        d = plots.fig_dict(fig)
        assert plots.sanitize(d) == d


def test_only_http_urls_become_links(hostile):
    tl, page = hostile
    data = payload_of(page)
    bad = [s for s in data["sources"] if s["url"] == P4]
    assert bad and not bad[0]["link"]
    assert all(s["link"] for s in data["sources"] if s["url"].startswith("https://"))
    assert 'href="javascript' not in page.lower()


def test_json_block_cannot_be_closed_early():
    text = export.page.json_for_script({"a": "</script><!-- \u2028\u2029 & >"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- \u2028\u2029 & >"}


def test_content_security_policy_allows_only_the_page_scripts(page):
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    assert not set(csp) & set('"<>&')
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    hashes = {f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
              for s in inline_scripts(page)}
    assert set(directives["script-src"].split()) == hashes
    assert directives["default-src"] == "'none'" and directives["connect-src"] == "'none'"
    assert "unsafe-eval" not in csp and "unsafe-inline" not in directives["script-src"]
    assert page.index("Content-Security-Policy") < page.index("<script")


# --- the file: atomic writes --------------------------------------------------------------------

def test_write_html_writes_the_page(tl, tmp_path, page):
    out = export.write_html(tl, tmp_path / "t.html")
    assert out == tmp_path / "t.html"
    assert out.read_text(encoding="utf-8") == page
    assert os.listdir(tmp_path) == ["t.html"]
    assert out.stat().st_mode & 0o777 != 0o600  # readable by others, like any file written here


def test_failed_write_keeps_the_old_file_and_no_temp_file(tl, tmp_path, monkeypatch):
    out = tmp_path / "t.html"
    out.write_text("old page", encoding="utf-8")

    def half_then_fail(fh, text, chunk=1 << 20):
        fh.write(text[: len(text) // 2])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export.page, "write_text", half_then_fail)
    with pytest.raises(OSError, match="No space left"):
        export.write_html(tl, out)
    assert out.read_text(encoding="utf-8") == "old page"
    assert os.listdir(tmp_path) == ["t.html"]


def test_failed_build_touches_nothing(tl, tmp_path):
    out = tmp_path / "t.html"
    out.write_text("old page", encoding="utf-8")
    with pytest.raises(ValueError):
        export.write_html(tl, out, Filters(reporters=("Nobody",)))
    assert out.read_text(encoding="utf-8") == "old page"
    assert os.listdir(tmp_path) == ["t.html"]


def test_missing_folder_raises_and_creates_nothing(tl, tmp_path):
    with pytest.raises(FileNotFoundError):
        export.write_html(tl, tmp_path / "missing" / "t.html")
    assert os.listdir(tmp_path) == []


# --- the command line ---------------------------------------------------------------------------

def test_cli_export_writes_the_file(tmp_path, capsys):
    out = tmp_path / "view.html"
    code = main(["export", "-o", str(out), "--start", "2025-03-06", "--end", "2025-03-10",
                 "--category", "military", "violence_against_civilians", "--reporter", "SOHR",
                 "--text", "Jableh", "--title", "Coast"])
    assert code == 0
    assert "Wrote" in capsys.readouterr().out
    data = payload_of(out.read_text(encoding="utf-8"))
    assert data["initial"]["categories"] == ["military", "violence_against_civilians"]
    assert data["initial"]["start"] == "2025-03-06" and data["initial"]["reporters"] == ["SOHR"]
    assert data["title"] == "Coast"


def test_cli_text_budget_leaves_descriptions_out(tmp_path, capsys):
    out = tmp_path / "lean.html"
    assert main(["export", "-o", str(out), "--text-budget", "0"]) == 0
    data = payload_of(out.read_text(encoding="utf-8"))
    assert data["events_block"]["omitted"] and all(e["description"] is None for e in data["events"])
    assert main(["export", "-o", str(out), "--text-budget", "-1"]) == 0
    assert payload_of(out.read_text(encoding="utf-8"))["events_block"]["omitted"] is None


def test_large_export_shows_progress(tmp_path, capsys):
    from timeline.io import read_acled
    from timeline.synthetic import generate_acled, write_acled

    tl = read_acled(write_acled(generate_acled(3000, seed=2), tmp_path / "a.csv"), progress=False)
    capsys.readouterr()
    export.write_html(tl, tmp_path / "a.html", progress=True)
    assert "Exporting 3,000 events" in capsys.readouterr().err
    export.write_html(tl, tmp_path / "a.html")  # small enough: no bar by default
    assert capsys.readouterr().err == ""


def test_cli_default_file_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["export"]) == 0
    assert (tmp_path / "timeline.html").stat().st_size > 500_000  # plotly.js and the data are in it


@pytest.mark.parametrize("where", ["missing-folder", "under-a-file", "a-folder"])
def test_cli_unwritable_path_is_one_line_and_exit_1(tmp_path, capsys, where):
    (tmp_path / "file.txt").write_text("x")
    target = {"missing-folder": tmp_path / "missing" / "out.html",
              "under-a-file": tmp_path / "file.txt" / "out.html",
              "a-folder": tmp_path}[where]
    assert main(["export", "-o", str(target)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("timeline export: cannot write")
    assert str(target) in err and "Traceback" not in err


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes to read-only folders")
def test_cli_read_only_folder_exit_1(tmp_path, capsys):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        assert main(["export", "-o", str(ro / "out.html")]) == 1
        assert "Permission denied" in capsys.readouterr().err
    finally:
        ro.chmod(0o755)


def test_cli_permission_denied_exit_1(tmp_path, capsys, monkeypatch):
    """A read-only folder, as root sees it too: the temporary file cannot be created."""
    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(timeline.atomic.tempfile, "mkstemp", denied)
    assert main(["export", "-o", str(tmp_path / "out.html")]) == 1
    err = capsys.readouterr().err.strip()
    assert err == f"timeline export: cannot write {tmp_path / 'out.html'}: Permission denied"


def test_cli_process_exit_code_and_message(tmp_path):
    """The real command: no traceback, one line on stderr."""
    r = subprocess.run([sys.executable, "-m", "timeline", "export", "-o", str(tmp_path / "no" / "x.html")],
                       capture_output=True, text=True, cwd=REPO, timeout=120)
    assert r.returncode == 1
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr


@pytest.mark.parametrize("args", [
    ["--category", "nope"],
    ["--start", "2025-02-30"],
    ["--start", "2025-03-10", "--end", "2025-03-06"],
    ["--reporter", "Nobody"],
    ["--bogus"],
])
def test_cli_usage_errors_exit_2(tmp_path, capsys, args):
    out = tmp_path / "x.html"
    try:
        code = main(["export", "-o", str(out), *args])
    except SystemExit as e:
        code = e.code
    assert code == 2
    assert "error" in capsys.readouterr().err
    assert not out.exists()


def test_cli_bad_data_exit_1_with_file_and_line(data_copy, tmp_path, capsys):
    set_cell(data_copy, "events.csv", 0, "start", "2025-02-30")
    assert main(["export", "--data", str(data_copy), "-o", str(tmp_path / "x.html")]) == 1
    err = capsys.readouterr().err
    assert re.search(r"events\.csv:2: column 'start'", err)
    assert not (tmp_path / "x.html").exists()
