"""The SQL executor of the filters: one twin of each kernel of :data:`timeline.filters.DIMENSIONS`.

Each dimension names its numpy kernels (``kernel``, ``report_kernel``: methods of
:class:`timeline.index.EventIndex`); :data:`EVENT_SQL` and :data:`REPORT_SQL` hold, under the
same names, functions ``(filters) -> (condition, parameters)`` that say the same in DuckDB SQL
over a converted file's columns (:data:`timeline.scale.convert.COLUMNS`). :func:`where` walks
:data:`~timeline.filters.DIMENSIONS` as :meth:`EventIndex.event_mask` does and joins the
conditions of the dimensions that are set. Values are always bound as parameters (``?``), never
written into the SQL text.

A converted file holds one casualty figure per event, about that event (ACLED's, GED's), so the
dates narrow figures through their events (as the numpy kernel does for a figure about one
incident) and the report conditions add only the reporters.
"""

from __future__ import annotations

from typing import Callable

import pandas as pd

from ..filters import DIMENSIONS
from ..schema import CATEGORIES, CONFIDENCE
from ..search import words

__all__ = ["EVENT_SQL", "REPORT_SQL", "NARROW", "where", "report_where", "reporters_where", "word_condition"]

Condition = tuple[str, list]

_LEVELS = list(CONFIDENCE)
_CATS = list(CATEGORIES)


def _ts(value) -> pd.Timestamp:
    return pd.Timestamp(value).to_pydatetime()


def dates_sql(f) -> Condition:
    """Events whose span (``start`` to ``span_end``) overlaps ``f.start``–``f.end``."""
    parts, params = [], []
    if f.start is not None:
        parts.append("span_end >= ?")
        params.append(_ts(f.start))
    if f.end is not None:
        parts.append('"start" <= ?')
        params.append(_ts(f.end))
    return " AND ".join(parts) or "TRUE", params


def categories_sql(f) -> Condition:
    """Events of one of ``f.categories`` (by their codes, positions in the vocabulary)."""
    return "list_contains(?, category_code)", [[_CATS.index(c) for c in f.categories if c in _CATS]]


def actors_sql(f) -> Condition:
    """Events with one of ``f.actors`` among their actors."""
    return "list_has_any(actors, ?)", [list(f.actors)]


def places_sql(f) -> Condition:
    """Events at one of ``f.places`` (place ids)."""
    return "list_contains(?, place_id)", [list(f.places)]


def confidence_sql(f) -> Condition:
    """Events at ``f.min_confidence`` or above."""
    return "confidence_code >= ?", [_LEVELS.index(f.min_confidence)]


def word_condition(word: str) -> Condition:
    """Events holding the normalised ``word`` in their title, notes, description, place names or
    actors (a text stored without its normalised form is plain ASCII: its lower case is it)."""
    texts = ["coalesce(title_norm, lower(title))", "coalesce(notes_norm, lower(notes))",
             "coalesce(description_norm, lower(description))", "place_norm", "actors_norm"]
    return "(" + " OR ".join(f"contains({t}, ?)" for t in texts) + ")", [word] * len(texts)


def words_sql(f) -> Condition:
    """Events with every word of ``f.text`` (:func:`timeline.search.words`)."""
    parts, params = [], []
    for w in words(f.text):
        c, p = word_condition(w)
        parts.append(c)
        params += p
    return " AND ".join(parts) or "TRUE", params


def reporters_sql(f) -> Condition:
    """Casualty figures published by one of ``f.reporters``."""
    return "list_contains(?, reported_by)", [list(f.reporters)]


def dates_report_sql(f) -> Condition:
    """A converted file's figures are each about one incident, kept with their event whatever
    day they were published: the dates do not narrow them further."""
    return "TRUE", []


#: The SQL twin of each event kernel, by the kernel's name.
EVENT_SQL: dict[str, Callable] = {
    "dates_mask": dates_sql, "categories_mask": categories_sql, "actors_mask": actors_sql,
    "places_mask": places_sql, "confidence_mask": confidence_sql, "words_mask": words_sql,
}
#: The SQL twin of each report kernel, by the kernel's name.
REPORT_SQL: dict[str, Callable] = {"reporters_report_mask": reporters_sql, "dates_report_mask": dates_report_sql}


#: The event kernels whose twins read only the narrow columns (dates, codes, place, reporter),
#: not the texts or the lists of actors.
NARROW = frozenset({"dates_mask", "categories_mask", "places_mask", "confidence_mask"})


def _join(f, table: dict, attr: str, kernels=None) -> Condition:
    parts, params = [], []
    for dim in f.dimensions:
        name = getattr(dim, attr)
        if name is not None and dim.is_set(f) and (kernels is None or name in kernels):
            if name not in table:  # pragma: no cover - a dimension added without its SQL twin
                raise NotImplementedError(f"no SQL for the {dim.name!r} filter ({attr} {name!r})")
            c, p = table[name](f)
            if c != "TRUE":
                parts.append(f"({c})")
                params += p
    return " AND ".join(parts) or "TRUE", params


def where(f, kernels=None) -> Condition:
    """The events ``f`` keeps, as one SQL condition and its parameters (only the dimensions
    whose kernel is in ``kernels``, when given)."""
    return _join(f, EVENT_SQL, "kernel", kernels)


def reporters_where(f) -> Condition:
    """The report conditions alone (``TRUE`` when no reporter is chosen): which of the kept
    events' figures ``f`` keeps, among those that exist."""
    return _join(f, REPORT_SQL, "report_kernel")


def report_where(f) -> Condition:
    """Of the kept events, those whose casualty figure ``f`` keeps (the event has one, and the
    report conditions hold)."""
    c, p = _join(f, REPORT_SQL, "report_kernel")
    return f"reported_by IS NOT NULL AND {c}", p


def _check() -> None:
    missing = [d.name for d in DIMENSIONS
               if (d.kernel and d.kernel not in EVENT_SQL) or (d.report_kernel and d.report_kernel not in REPORT_SQL)]
    if missing:  # pragma: no cover - caught by the tests when a dimension is added
        raise NotImplementedError(f"filter dimensions without SQL: {', '.join(missing)}")


_check()
