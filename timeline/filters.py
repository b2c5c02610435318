"""Filters: a plain value describing a view, and one pure function that applies it.

>>> f = Filters(start="2025-03-06", end="2025-03-10", categories=("violence_against_civilians",))
>>> view = apply_filters(tl, f)          # a new Timeline; ``tl`` is unchanged
>>> Filters.from_dict(f.to_dict()) == f  # a view can be saved and reopened
True
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .index import index_of
from .model import Timeline
from .schema import CATEGORIES, CONFIDENCE

__all__ = ["Filters", "apply_filters"]

_LEVELS = list(CONFIDENCE)


def _day(value) -> pd.Timestamp | None:
    if value is None or value == "":
        return None
    ts = pd.Timestamp(value)
    if ts.tz is not None:
        ts = ts.tz_localize(None)
    return ts.normalize()


def _tuple(value, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    try:
        return tuple(str(v) for v in value)
    except TypeError:
        raise TypeError(f"Filters.{name} must be a list of strings, got {value!r}") from None


@dataclass(frozen=True)
class Filters:
    """What to show. Empty selections mean *everything*.

    ``start``/``end``: inclusive days (an event is kept when its span overlaps them; an event
    known only to the month is kept when its month overlaps them). ``categories``: event
    categories. ``actors``: actor names (an event is kept when any of its actors is chosen).
    ``places``: place ids (any). ``reporters``: organisations whose casualty figures are kept.
    ``min_confidence``: ``low`` (everything), ``medium`` or ``high``. ``text``: case-insensitive
    words searched in titles, descriptions, notes and place names (every word must appear).
    """

    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None
    categories: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    reporters: tuple[str, ...] = ()
    min_confidence: str = "low"
    text: str = ""

    def __post_init__(self):
        set_ = object.__setattr__
        set_(self, "start", _day(self.start))
        set_(self, "end", _day(self.end))
        for name in ("categories", "actors", "places", "reporters"):
            set_(self, name, _tuple(getattr(self, name), name))
        unknown = [c for c in self.categories if c not in CATEGORIES]
        if unknown:
            raise ValueError(f"unknown category {unknown[0]!r} (expected one of: {', '.join(CATEGORIES)})")
        if self.min_confidence not in _LEVELS:
            raise ValueError(f"min_confidence must be one of {', '.join(_LEVELS)}, got {self.min_confidence!r}")
        set_(self, "text", (self.text or "").strip())

    @property
    def is_empty(self) -> bool:
        """True when the filters keep everything."""
        return self == Filters()

    def replace(self, **changes) -> "Filters":
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-ready dict (dates as ``YYYY-MM-DD``, lists as lists)."""
        return {
            "start": self.start.strftime("%Y-%m-%d") if self.start is not None else None,
            "end": self.end.strftime("%Y-%m-%d") if self.end is not None else None,
            "categories": list(self.categories),
            "actors": list(self.actors),
            "places": list(self.places),
            "reporters": list(self.reporters),
            "min_confidence": self.min_confidence,
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Filters":
        """Rebuild from :meth:`to_dict`'s output. Unknown keys are an error (a typo would
        otherwise silently show everything)."""
        names = {f.name for f in dataclasses.fields(cls) if f.init}
        unknown = sorted(set(data) - names)
        if unknown:
            raise ValueError(f"unknown filter {unknown[0]!r} (expected: {', '.join(sorted(names))})")
        return cls(**data)


def _event_mask(tl: Timeline, f: Filters) -> np.ndarray:
    """The events ``f`` keeps, as a boolean mask over ``tl.events`` (computed on the integer
    codes of :func:`timeline.index.index_of`, cached per Timeline)."""
    return index_of(tl).event_mask(f)


def _text_mask(tl: Timeline, mask: np.ndarray, text: str) -> np.ndarray:
    """Every word of ``text`` must appear in the title, description, notes or place names
    (searched only among the events ``mask`` keeps)."""
    return index_of(tl).text_mask(mask, text)


def _report_mask(tl: Timeline, f: Filters, event_mask: np.ndarray) -> np.ndarray:
    """The casualty figures ``f`` keeps, given the events it keeps."""
    return index_of(tl).report_mask(f, event_mask)


def apply_filters(tl: Timeline, filters: Filters | dict | None) -> Timeline:
    """The part of ``tl`` that ``filters`` selects, as a new Timeline (``tl`` is not changed).

    Events are filtered by every field but ``reporters``. Casualty figures are filtered by
    ``reporters`` and by the date range (the day they were published); a figure about one
    event (``event`` set) is kept only when its event is. Sources and places are narrowed to
    those the kept events and figures still cite; phases are kept whole.
    """
    if filters is None:
        filters = Filters()
    elif isinstance(filters, dict):
        filters = Filters.from_dict(filters)
    if filters.is_empty:
        return tl
    ev_mask = _event_mask(tl, filters)
    cr_mask = _report_mask(tl, filters, ev_mask)
    return index_of(tl).timeline_of(ev_mask, cr_mask).pruned()
