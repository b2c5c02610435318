"""One table of filter cases, three implementations, the same answers.

Each case runs through (a) :func:`timeline.filters.apply_filters` (checked against a plain
pandas reading of the filter semantics), (b) the notebook Explorer (public API: ``ex.filters``,
``ex.view``, ``ex.summary``) and (c) the exported page in headless Chromium, driven through its
test hook ``window.timelineApp`` (``setFilters(Filters.to_dict())`` → Promise resolved once
redrawn, or rejected for a value the data does not have; ``visibleIds()``; ``counts()`` →
``{events, reports, sources}``). All three keep the same events and show the same counts;
an unknown actor, place or reporter is the same error in all three, naming the value and the
closest known one.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

import timeline
from timeline.filters import DIMENSIONS, Filters, UnknownFilterValue, apply_filters
from timeline.search import normalize, words

#: (case id, Filters.to_dict()-style input). Dates lie inside the bundled span (27 Nov 2024 –
#: 29 Mar 2025), so every implementation's date controls can hold them.
CASES = [
    ("everything", {}),
    ("start", {"start": "2025-03-06"}),
    ("end", {"end": "2024-12-10"}),
    ("range", {"start": "2025-03-06", "end": "2025-03-10"}),
    ("one-day", {"start": "2025-03-08", "end": "2025-03-08"}),
    ("category", {"categories": ["violence_against_civilians"]}),
    ("two-categories", {"categories": ["political", "diplomatic"]}),
    ("actor", {"actors": ["Ahmed al-Sharaa"]}),
    ("two-actors", {"actors": ["Syrian Interior Ministry", "OHCHR"]}),
    ("place", {"places": ["latakia"]}),
    ("two-places", {"places": ["jableh", "baniyas"]}),
    ("reporter", {"reporters": ["SOHR"]}),
    ("two-reporters", {"reporters": ["SNHR", "OHCHR"]}),
    ("medium", {"min_confidence": "medium"}),
    ("high", {"min_confidence": "high"}),
    ("text-en", {"text": "hospital"}),
    ("text-en-case", {"text": "SOHR"}),
    ("text-two-words", {"text": "security latakia"}),
    ("text-actor-name", {"text": "Zakharova"}),
    ("text-ar-latakia", {"text": "اللاذقية"}),
    ("text-ar-taa-marbuta", {"text": "اللاذقيه"}),
    ("text-ar-harakat", {"text": "اللَّاذِقِيَّة"}),
    ("text-ar-hama-variant", {"text": "حماه"}),
    ("text-ar-hamza-variant", {"text": "احمد الشرع"}),  # an actor's Arabic name, أحمد without its hamza
    ("text-mixed", {"text": "Jableh جبلة"}),
    ("text-none", {"text": "zzzz-no-such-word"}),
    ("range+category", {"start": "2025-03-06", "end": "2025-03-10", "categories": ["violence_against_civilians"]}),
    ("category+high", {"categories": ["military"], "min_confidence": "high"}),
    ("place+text", {"places": ["latakia"], "text": "security"}),
    ("actor+range", {"actors": ["Ahmed al-Sharaa"], "start": "2025-01-01"}),
    ("reporter+range", {"reporters": ["SOHR"], "start": "2025-03-07", "end": "2025-03-12"}),
    ("reporter+category", {"reporters": ["SNHR"], "categories": ["violence_against_civilians"]}),
    ("everything-at-once", {"start": "2025-03-01", "end": "2025-03-20", "categories": ["violence_against_civilians", "military"],
                            "places": ["latakia", "jableh", "baniyas", "syrian-coast"], "min_confidence": "medium",
                            "text": "الساحل"}),
    ("empty-result", {"categories": ["humanitarian"], "text": "zakharova"}),
    ("empty-dates", {"start": "2025-03-28", "end": "2025-03-28", "categories": ["diplomatic"], "min_confidence": "high"}),
]

#: (case id, input, dimension, unknown value, a closest known value the error names)
UNKNOWN = [
    ("unknown-actor", {"actors": ["Ahmed al-Shara"]}, "actors", "Ahmed al-Shara", "Ahmed al-Sharaa"),
    ("unknown-place", {"places": ["latakiya"]}, "places", "latakiya", "latakia"),
    ("unknown-reporter", {"reporters": ["SOHRR"]}, "reporters", "SOHRR", "SOHR"),
    ("unknown-with-others", {"categories": ["military"], "places": ["jableh", "tartous"]}, "places", "tartous", "tartus"),
]

_SUMMARY = re.compile(r"([\d,]+) of [\d,]+ events · ([\d,]+) sources · .* · ([\d,]+) casualty figures")


@pytest.fixture(scope="module")
def tl():
    return timeline.load()


@pytest.fixture(scope="module")
def expected(tl):
    """Per case: the ids apply_filters keeps (sorted) and the counts shown."""
    out = {}
    for name, data in CASES:
        view = apply_filters(tl, data)
        out[name] = (sorted(view.events["id"]),
                     {"events": len(view), "reports": len(view.casualty_reports), "sources": len(view.sources)})
    return out


def reference_ids(tl, f: Filters) -> list[str]:
    """The filter semantics read plainly, with pandas (the definition the three follow)."""
    ev = tl.events
    keep = pd.Series(True, index=ev.index)
    if f.start is not None:
        keep &= ev["span_end"] >= f.start
    if f.end is not None:
        keep &= ev["start"] <= f.end
    if f.categories:
        keep &= ev["category"].isin(f.categories)
    if f.min_confidence != "low":
        levels = ["low", "medium", "high"]
        keep &= ev["confidence"].map(levels.index) >= levels.index(f.min_confidence)
    for link, col, chosen in ((tl.event_actors, "actor", f.actors), (tl.event_places, "place_id", f.places)):
        if chosen:
            keep &= ev["id"].isin(link.loc[link[col].isin(chosen), "event_id"])
    if f.text:
        names = tl.places.set_index("id")
        ep = tl.event_places.assign(t=tl.event_places["place_id"].map(names["name"]).fillna("") + "\n"
                                    + tl.event_places["place_id"].map(names["name_ar"]).fillna(""))
        places = ep.groupby("event_id")["t"].agg("\n".join).reindex(ev["id"]).fillna("").to_numpy()
        who = tl.actor_table.set_index("id")  # an actor is found by its name, Arabic name and aliases
        ea = tl.event_actors.assign(t=tl.event_actors["actor"] + "\n"
                                    + tl.event_actors["actor_id"].map(who["name_ar"]).fillna("") + "\n"
                                    + tl.event_actors["actor_id"].map(who["aliases"]).fillna(""))
        actors = ea.groupby("event_id")["t"].agg("\n".join).reindex(ev["id"]).fillna("").to_numpy()
        hay = [normalize("\n".join(parts)) for parts in zip(ev["title"], ev["description"], ev["notes"], places, actors)]
        for w in words(f.text):
            keep &= pd.Series([w in h for h in hay], index=ev.index)
    return sorted(ev.loc[keep.to_numpy(), "id"])


def test_the_table_covers_every_dimension():
    assert len(CASES) + len(UNKNOWN) >= 30
    fields = {k for _, data in CASES for k in data}
    assert fields == {k for d in DIMENSIONS for k in d.fields}


# --- (a) apply_filters ------------------------------------------------------------------------

@pytest.mark.parametrize("name, data", CASES, ids=[c[0] for c in CASES])
def test_apply_filters_follows_the_semantics(tl, expected, name, data):
    ids, counts = expected[name]
    assert ids == reference_ids(tl, Filters.from_dict(data))
    view = apply_filters(tl, data)
    if "reporters" in data:  # the tolls drawn and counted are those of the chosen organisations only
        assert set(view.casualty_reports["reported_by"]) <= set(data["reporters"])
        assert counts["reports"] < len(tl.casualty_reports)


def test_arabic_variants_find_the_same_events(expected):
    latakia = expected["text-ar-latakia"][0]
    assert latakia and latakia == expected["text-ar-taa-marbuta"][0] == expected["text-ar-harakat"][0]
    assert expected["text-ar-hama-variant"][0] and expected["text-ar-hamza-variant"][0]
    assert expected["empty-result"][0] == [] and expected["text-none"][0] == []


@pytest.mark.parametrize("name, data, dim, value, near", UNKNOWN, ids=[u[0] for u in UNKNOWN])
def test_apply_filters_rejects_unknown_values(tl, name, data, dim, value, near):
    with pytest.raises(UnknownFilterValue) as err:
        apply_filters(tl, data)
    assert err.value.dimension == dim and err.value.value == value and near in err.value.closest
    assert repr(value) in str(err.value) and repr(near) in str(err.value)
    from timeline import export
    from timeline.views import select

    for other in (lambda: select(tl, data), lambda: export.to_html_string(tl, Filters.from_dict(data))):
        with pytest.raises(UnknownFilterValue, match=re.escape(str(err.value))):
            other()


# --- (b) the Explorer --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def explorer(tl):
    from timeline.widgets import Explorer

    return Explorer(tl)


def summary_counts(text: str) -> dict:
    m = _SUMMARY.search(re.sub(r"<[^>]+>", "", text))
    assert m, text
    n, sources, reports = (int(g.replace(",", "")) for g in m.groups())
    return {"events": n, "reports": reports, "sources": sources}


@pytest.mark.parametrize("name, data", CASES, ids=[c[0] for c in CASES])
def test_explorer_keeps_the_same_events_and_shows_the_same_counts(explorer, expected, name, data):
    ids, counts = expected[name]
    explorer.filters = Filters.from_dict(data)
    assert sorted(explorer.view.events["id"]) == ids
    assert summary_counts(explorer.summary.value) == counts


@pytest.mark.parametrize("name, data, dim, value, near", UNKNOWN, ids=[u[0] for u in UNKNOWN])
def test_explorer_rejects_unknown_values(explorer, name, data, dim, value, near):
    explorer.filters = Filters()
    with pytest.raises(UnknownFilterValue) as err:
        explorer.filters = Filters.from_dict(data)
    assert err.value.value == value and near in err.value.closest


# --- (c) the exported page ---------------------------------------------------------------------

@pytest.mark.browser
def test_the_page_keeps_the_same_events_and_shows_the_same_counts(tl, expected, tmp_path):
    from browser import browser, guard
    from timeline import export

    path = export.write_html(tl, tmp_path / "conformance.html")
    with browser() as b:
        page = b.new_page(viewport={"width": 1280, "height": 900})
        blocked, errors = guard(page)
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready='1']", timeout=60_000)
        wrong = []
        for name, data in CASES:
            got = page.evaluate("""async (f) => {
                await window.timelineApp.setFilters(f);
                return {ids: window.timelineApp.visibleIds(), counts: window.timelineApp.counts()};
            }""", Filters.from_dict(data).to_dict())
            ids, counts = expected[name]
            if sorted(got["ids"]) != ids or {k: got["counts"][k] for k in counts} != counts:
                wrong.append((name, len(got["ids"]), got["counts"], len(ids), counts))
        for name, data, dim, value, near in UNKNOWN:
            got = page.evaluate("""async (f) => {
                try { await window.timelineApp.setFilters(f); return {ok: true}; }
                catch (e) { return {error: String((e && e.message) || e)}; }
            }""", data)
            if "error" not in got or value not in got["error"] or near not in got["error"]:
                wrong.append((name, got))
        assert not wrong, wrong
        assert not blocked and not errors, (blocked, errors)
