"""Drive the Explorer as a user would: set control values, assert on the figures and the summary."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timeline.filters import Filters
from timeline.widgets import Explorer


@pytest.fixture(scope="module")
def shipped():
    import timeline

    return timeline.load()


@pytest.fixture
def ex(shipped):
    return Explorer(shipped)


def _n(trace) -> int:
    values = trace.lat if trace.type == "scattergeo" else trace.x
    return 0 if values is None else len(values)


def event_points(fig, category=None) -> int:
    """Events drawn on the timeline (markers and bars), optionally of one category."""
    return sum(_n(t) for t in fig.data if (t.meta or {}).get("role") == "event"
               and (category is None or t.meta.get("category") == category))


def drawn_categories(fig) -> set[str]:
    return {t.meta["category"] for t in fig.data if (t.meta or {}).get("role") == "event" and _n(t)}


def count_total(fig) -> float:
    return sum(float(np.nansum(np.asarray(t.y, dtype=float))) for t in fig.data
               if t.type == "bar" and t.y is not None)


def toll_reporters(fig) -> set[str]:
    return {t.meta["reported_by"] for t in fig.data if (t.meta or {}).get("role") == "toll" and _n(t)}


def drawn_reporters(tl) -> set[str]:
    """Organisations with a running total of all deaths or of civilians: the toll chart's default measures."""
    from timeline.series import toll_figures

    f = toll_figures(tl)
    f = f[(f["tally"] == "running") & f["measure"].isin(["killed_total", "killed_civilians"])]
    return set(f["reported_by"])


def test_opens_on_everything(ex, shipped):
    dated = (shipped.events["date_precision"] != "month").sum()
    assert event_points(ex.figures["timeline"]) == dated
    assert ex.summary.value.count(f"{len(shipped)} of {len(shipped)} events")
    assert toll_reporters(ex.figures["toll"]) == drawn_reporters(shipped)


def test_only_violence_against_civilians(ex, shipped):
    fw = ex.figures["timeline"]
    ids_before = [id(t) for t in fw.data]
    ex.controls["categories"].value = ("violence_against_civilians",)
    assert drawn_categories(fw) == {"violence_against_civilians"}
    n = int((shipped.events["category"] == "violence_against_civilians").sum())
    assert event_points(fw, "violence_against_civilians") == n
    assert f"{n} of {len(shipped)} events" in ex.summary.value
    # updated in place: the same FigureWidget and trace objects
    assert [id(t) for t in fw.data] == ids_before
    map_cats = {t.meta.get("category") for t in ex.figures["map"].data
                if (t.meta or {}).get("role") == "place" and _n(t)}
    assert map_cats <= {"violence_against_civilians"}


def test_narrowing_dates_changes_counts(ex, shipped):
    before = count_total(ex.figures["counts"])
    ex.controls["start"].value = pd.Timestamp("2025-03-06").date()
    ex.controls["end"].value = pd.Timestamp("2025-03-10").date()
    assert ex.filters.start == pd.Timestamp("2025-03-06") and ex.filters.end == pd.Timestamp("2025-03-10")
    after = count_total(ex.figures["counts"])
    assert 0 < after < before
    ev = shipped.events
    expected = int(((ev["span_end"] >= "2025-03-06") & (ev["start"] <= "2025-03-10")).sum())
    assert f"{expected} of {len(shipped)} events" in ex.summary.value
    assert "6–10 Mar 2025" in ex.summary.value
    # the slider follows the date pickers
    assert ex.controls["dates"].value == (pd.Timestamp("2025-03-06"), pd.Timestamp("2025-03-10"))


def test_slider_moves_the_date_pickers(ex):
    days = ex.controls["dates"].options
    ex.controls["dates"].value = (days[10][1], days[20][1])
    assert ex.controls["start"].value == days[10][1].date()
    assert ex.filters.end == days[20][1]


def test_text_finds_baniyas(ex, shipped):
    ex.controls["text"].value = "Baniyas"
    shown = len(ex.view)
    assert 0 < shown < len(shipped)
    assert event_points(ex.figures["timeline"]) + int((ex.view.events["date_precision"] == "month").sum()) == shown
    assert "Baniyas" in ex.table.value


def test_one_reporter_leaves_only_its_toll_line(ex):
    ex.controls["reporters"].value = ("SNHR",)
    assert toll_reporters(ex.figures["toll"]) == {"SNHR"}
    ex.controls["reporters"].value = ("SOHR", "OHCHR")
    assert toll_reporters(ex.figures["toll"]) == {"SOHR", "OHCHR"}


def test_confidence_and_places(ex, shipped):
    ex.controls["confidence"].value = "high"
    assert (ex.view.events["confidence"] == "high").all()
    ex.controls["confidence"].value = "low"
    ex.controls["places"].value = ("jableh",)
    assert set(ex.view.event_places["place_id"]) >= {"jableh"}
    assert len(ex.view) == shipped.event_places.loc[shipped.event_places["place_id"] == "jableh", "event_id"].nunique()


def test_reset_restores_everything(ex, shipped):
    full_points = event_points(ex.figures["timeline"])
    full_counts = count_total(ex.figures["counts"])
    ex.controls["categories"].value = ("military",)
    ex.controls["text"].value = "Jableh"
    ex.controls["reporters"].value = ("SNHR",)
    ex.controls["reset"].click()
    assert ex.filters == Filters()
    assert event_points(ex.figures["timeline"]) == full_points
    assert count_total(ex.figures["counts"]) == full_counts
    assert ex.controls["categories"].value == () and ex.controls["text"].value == ""
    assert toll_reporters(ex.figures["toll"]) == drawn_reporters(shipped)


def test_filters_settable_from_code_and_two_explorers_independent(shipped):
    a = Explorer(shipped, filters=Filters(categories=["military"]))
    b = Explorer(shipped)
    assert a.controls["categories"].value == ("military",)
    assert drawn_categories(a.figures["timeline"]) == {"military"}
    assert len(drawn_categories(b.figures["timeline"])) > 1
    b.filters = {"text": "Qardaha"}
    assert a.filters.text == "" and b.filters.text == "Qardaha"
    assert b.controls["text"].value == "Qardaha"


def test_table_escapes_untrusted_text(make_timeline):
    tl = make_timeline([
        {"id": "x1", "start": "2025-03-06", "title": "<script>alert(1)</script>",
         "description": '<img src=x onerror="alert(2)">'},
    ], sources=[{"id": "src-a", "publisher": "<b>Pub</b>", "title": "[t]", "url": "https://example.org/?a=1&b=\"2\"",
                 "published": "", "notes": ""}])
    ex = Explorer(tl)
    html = ex.table.value
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;Pub&lt;/b&gt;" in html
    assert 'href="https://example.org/?a=1&amp;b=&quot;2&quot;"' in html


def test_export_button_writes_the_view(ex, tmp_path):
    ex.controls["categories"].value = ("political",)
    out = tmp_path / "view.html"
    ex.controls["export_path"].value = str(out)
    ex.controls["export"].click()
    assert out.exists() and out.stat().st_size > 100_000
    assert "Wrote" in ex.status.value
