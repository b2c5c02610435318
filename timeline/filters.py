"""Filters: the dimensions a view can be narrowed by, defined once, and the function that applies them.

:data:`DIMENSIONS` lists every filter dimension — dates, categories, actors, places, reporters,
confidence, text — with what it reads, how it matches, its label, help text and command-line
flag. Everything else comes from that list: the fields of :class:`Filters`, the kernels
:func:`apply_filters` runs (one method of :class:`timeline.index.EventIndex` per dimension), the
explorer's and the page's controls (:meth:`Dimension.options`, :meth:`Dimension.control`,
:func:`page_controls`) and the ``timeline export`` options (:meth:`Dimension.cli_options`).
Adding a dimension: one entry here, one kernel in ``timeline/index.py``, one in the page, tests.

A value a timeline does not have (an actor, a place id, a reporter) is one error everywhere,
:class:`UnknownFilterValue`, naming the dimension, the value and the closest known values
(:func:`check_known`); categories and confidence levels are a fixed vocabulary, checked when
a :class:`Filters` is made.

>>> f = Filters(start="2025-03-06", end="2025-03-10", categories=("violence_against_civilians",))
>>> view = apply_filters(tl, f)          # a new Timeline; ``tl`` is unchanged
>>> Filters.from_dict(f.to_dict()) == f  # a view can be saved and reopened
True
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import difflib
import re
import urllib.parse
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .index import index_of
from .labels import CATEGORY_LABELS
from .model import Timeline
from .schema import CATEGORIES, CONFIDENCE
from .search import normalize

__all__ = ["Filters", "apply_filters", "check_known", "page_controls", "UnknownFilterValue", "LinkError",
           "as_filters", "link_spec", "encode_part", "decode_part", "MAX_FRAGMENT", "Dimension", "DateRange", "Choice", "MinLevel", "Words", "DIMENSIONS", "dimension"]


class UnknownFilterValue(ValueError):
    """A filter value the timeline (or the vocabulary) does not have. ``dimension`` (e.g.
    ``"places"``), ``field`` (the :class:`Filters` field), ``value`` and ``closest`` (the known
    values nearest to it, best first; may be empty) say which."""

    def __init__(self, dimension: str, field: str, what: str, value: str, known):
        known = [str(k) for k in (known if isinstance(known, (list, tuple)) else sorted(known))]
        self.dimension, self.field, self.value = dimension, field, value
        self.closest = tuple(closest(value, known))
        msg = f"unknown {what} {value!r} in filters.{field}"
        if self.closest:
            msg += f" (closest known: {', '.join(map(repr, self.closest))})"
        else:
            shown = ", ".join(known[:12]) + (", …" if len(known) > 12 else "")
            msg += f" (expected one of: {shown})" if known else " (the timeline has none)"
        super().__init__(msg)


def closest(value: str, known, n: int = 3) -> list[str]:
    """The known values nearest to ``value`` (ignoring case and Arabic letter forms), best first."""
    by_norm: dict[str, str] = {}
    for k in known:
        by_norm.setdefault(normalize(k), k)
    hits = difflib.get_close_matches(normalize(value), list(by_norm), n=n, cutoff=0.6)
    return [by_norm[h] for h in hits]


# ------------------------------------------------------------------------------------------------
# The dimensions
# ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Dimension:
    """One filter dimension.

    ``name``: its name (``"places"``); ``kind``: ``"date_range"``, ``"choices"``,
    ``"min_level"`` or ``"words"``; ``fields``: the :class:`Filters` fields it owns;
    ``reads``: the columns or link tables it reads; ``matches``: how a value matches;
    ``label``/``help``: what a control shows; ``flags``: its ``timeline export`` options, one
    per field; ``kernel``/``report_kernel``: the :class:`~timeline.index.EventIndex` methods
    ``(f, mask) -> mask`` that narrow the events and the casualty figures (``None``: it does
    not narrow them).
    """

    name: str
    kind: str
    fields: tuple[str, ...]
    reads: str
    matches: str
    label: str
    help: str
    flags: tuple[str, ...]
    kernel: str | None = None
    report_kernel: str | None = None
    metavar: str = "V"
    keys: tuple[str, ...] = ()

    def default(self, field: str):
        """The value of ``field`` that keeps everything."""
        return None

    def clean(self, field: str, value):
        """``value`` in the form :class:`Filters` holds (raises on a bad one)."""
        return value

    def is_set(self, f) -> bool:
        """True when ``f`` narrows this dimension."""
        return any(getattr(f, k) != self.default(k) for k in self.fields)

    def json_value(self, field: str, value):
        """``value`` as plain JSON (for :meth:`Filters.to_dict`)."""
        return value

    def check(self, tl: Timeline, f) -> None:
        """Raise :class:`UnknownFilterValue` when ``f`` holds a value ``tl`` does not have."""

    def link_text(self, field: str, value) -> str | None:
        """``value`` as it is written in a link to a view (see :meth:`Filters.to_fragment`), ``None``
        when it is the default (left out of the link)."""
        if value == self.default(field):
            return None
        return encode_part(str(self.json_value(field, value)))

    def link_value(self, field: str, text: str):
        """The value a link's text gives ``field`` (raises ``ValueError`` on a bad one)."""
        return decode_part(text)

    def options(self, tl: Timeline) -> list[tuple[str, str, int]]:
        """``(label, value, count)`` per value a control offers (empty for dates and text)."""
        return self.options_of(*index_of(tl).values(self.name), tl.places) if self.kind in ("choices", "min_level") \
            else []

    def options_of(self, values, counts, places=None) -> list[tuple[str, str, int]]:
        """:meth:`options` from the data's ``values`` of this dimension and their ``counts``
        (events, or figures for the reporters; any order; a value of the vocabulary left out has
        none) and its ``places`` (a frame with ``id``, ``name``, ``name_ar``: the places'
        labels) — what a timeline in memory and a scan both give."""
        return []

    def control(self, tl: Timeline) -> dict:
        """What a control of this dimension needs, as plain JSON: name, kind, fields, label,
        help, and for choices the options (label, value, count)."""
        out = {"name": self.name, "kind": self.kind, "fields": list(self.fields), "label": self.label,
               "help": self.help}
        opts = self.options(tl)
        if opts or self.kind in ("choices", "min_level"):
            out["options"] = [{"label": lab, "value": v, "count": int(n)} for lab, v, n in opts]
        return out

    def cli_options(self) -> list[dict]:
        """Per field, the ``timeline export`` option: ``flag``, ``field``, ``help``, ``metavar``,
        ``choices`` (or ``None``), ``multiple`` (repeatable) and ``type`` (``"date"`` or
        ``"text"``)."""
        return [{"flag": flag, "field": field, "help": self.help, "metavar": self.metavar, "choices": None,
                 "multiple": False, "type": "text"} for flag, field in zip(self.flags, self.fields)]


def _day(value) -> pd.Timestamp | None:
    if value is None or value == "":
        return None
    ts = pd.Timestamp(value)
    if ts.tz is not None:
        ts = ts.tz_localize(None)
    return ts.normalize()


@dataclass(frozen=True)
class DateRange(Dimension):
    """Inclusive first and last day (``start``, ``end``); either may be ``None`` (open)."""

    def clean(self, field, value):
        return _day(value)

    def json_value(self, field, value):
        return value.strftime("%Y-%m-%d") if value is not None else None

    def link_value(self, field, text):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError("expected a date written YYYY-MM-DD")
        try:
            return _dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError("not a real date") from None

    def cli_options(self):
        first = {"start": "first day shown", "end": "last day shown"}
        return [{"flag": flag, "field": field, "help": first.get(field, self.help), "metavar": self.metavar,
                 "choices": None, "multiple": False, "type": "date"} for flag, field in zip(self.flags, self.fields)]


@dataclass(frozen=True)
class Choice(Dimension):
    """A set of values, any of which matches; empty keeps everything. ``vocabulary``: the fixed
    values allowed (checked when a :class:`Filters` is made), or ``None`` when the values come
    from the data (checked against a timeline by :func:`check_known`). ``what``: one value's name
    in messages (``"place id"``)."""

    vocabulary: tuple[str, ...] | None = None
    what: str = "value"

    def default(self, field):
        return ()

    def clean(self, field, value):
        if value is None:
            return ()
        if isinstance(value, str):
            value = (value,)
        try:
            value = tuple(str(v) for v in value)
        except TypeError:
            raise TypeError(f"Filters.{field} must be a list of strings, got {value!r}") from None
        if self.vocabulary is not None:
            for v in value:
                if v not in self.vocabulary:
                    raise UnknownFilterValue(self.name, field, self.what, v, self.vocabulary)
        return value

    def json_value(self, field, value):
        return list(value)

    def link_text(self, field, value):
        if not value:
            return None
        return ",".join(encode_part(v) for v in self.link_order(value))

    def link_order(self, values) -> list[str]:
        """``values`` once each, in the order a link writes them: the vocabulary's order, else
        sorted (by code point)."""
        values = list(dict.fromkeys(values))
        if self.vocabulary is not None:
            return [v for v in self.vocabulary if v in values] + [v for v in values if v not in self.vocabulary]
        return sorted(values)

    def link_value(self, field, text):
        items = [decode_part(t) for t in text.split(",")]
        if any(not t for t in items):
            raise ValueError("an empty value in the list")
        return tuple(items)

    def known(self, tl: Timeline) -> frozenset:
        """The values ``tl`` has for this dimension."""
        if self.vocabulary is not None:
            return frozenset(self.vocabulary)
        return index_of(tl).known(self.name)

    def check(self, tl, f):
        chosen = getattr(f, self.fields[0])
        if not chosen or self.vocabulary is not None:
            return
        known = self.known(tl)
        for v in chosen:
            if v not in known:
                raise UnknownFilterValue(self.name, self.fields[0], self.what, v, known)

    def options_of(self, values, counts, places=None):
        values, counts = list(values), [int(n) for n in counts]
        if self.vocabulary is not None:  # every value of the vocabulary, in its order
            given = dict(zip((str(v) for v in values), counts))
            values, counts = list(self.vocabulary), [given.get(v, 0) for v in self.vocabulary]
        labels = self._labels(places, values)
        opts = [(lab, str(v), int(n)) for lab, v, n in zip(labels, values, counts)]
        if self.vocabulary is None:  # the most used first
            opts.sort(key=lambda o: (-o[2], o[0].casefold()))
        return opts

    def _labels(self, places, values) -> list[str]:
        if self.name == "categories":
            return [CATEGORY_LABELS.get(str(v), str(v)) for v in values]
        if self.name == "places" and places is not None:
            places = places.drop_duplicates("id").set_index("id")
            out = []
            for v in values:
                if v not in places.index:
                    out.append(str(v))
                    continue
                name, ar = places.at[v, "name"], places.at[v, "name_ar"]
                out.append(str(name) + (f" · {ar}" if isinstance(ar, str) and ar else ""))
            return out
        return [str(v) for v in values]

    def cli_options(self):
        return [{"flag": self.flags[0], "field": self.fields[0], "help": self.help, "metavar": self.metavar,
                 "choices": list(self.vocabulary) if self.vocabulary is not None else None,
                 "multiple": True, "type": "text"}]


@dataclass(frozen=True)
class MinLevel(Dimension):
    """The lowest level kept of an ordered vocabulary (``levels``, lowest first); the lowest
    keeps everything."""

    levels: tuple[str, ...] = ()

    def default(self, field):
        return self.levels[0]

    def clean(self, field, value):
        value = self.levels[0] if value is None or value == "" else value
        if value not in self.levels:
            raise UnknownFilterValue(self.name, field, "confidence level", value, self.levels)
        return value

    def options_of(self, values, counts, places=None):
        given = dict(zip((str(v) for v in values), (int(n) for n in counts)))
        at_least = np.cumsum([given.get(lev, 0) for lev in self.levels][::-1])[::-1]  # events at each level or above
        return [(lev.capitalize() if i == 0 else f"{lev.capitalize()} or above" if i < len(self.levels) - 1
                 else lev.capitalize(), lev, int(n)) for i, (lev, n) in enumerate(zip(self.levels, at_least))]

    def cli_options(self):
        return [{"flag": self.flags[0], "field": self.fields[0], "help": self.help, "metavar": self.metavar,
                 "choices": list(self.levels), "multiple": False, "type": "text"}]


@dataclass(frozen=True)
class Words(Dimension):
    """Words that must all be found, each anywhere in the searched texts (see
    :mod:`timeline.search` for how text is compared)."""

    def default(self, field):
        return ""

    def clean(self, field, value):
        return (value or "").strip()

    def cli_options(self):
        return [{"flag": self.flags[0], "field": self.fields[0], "help": self.help, "metavar": self.metavar,
                 "choices": None, "multiple": False, "type": "text"}]


#: Every filter dimension, in the order the kernels run (the text search last: it reads text only
#: for the events the others kept).
DIMENSIONS: tuple[Dimension, ...] = (
    DateRange(
        "dates", "date_range", ("start", "end"),
        reads="events.start, events.span_end; casualty_reports.published",
        matches="an event is kept when its span overlaps the days (one known only to the month, when "
                "its month does); a casualty figure when it was published within them, and a figure "
                "about one incident (ACLED's, GED's) with its event",
        label="Dates", help="inclusive first and last day; events whose span overlaps them are kept",
        flags=("--start", "--end"), keys=("start", "end"), kernel="dates_mask", metavar="YYYY-MM-DD", report_kernel="dates_report_mask"),
    Choice(
        "categories", "choices", ("categories",), reads="events.category",
        matches="an event of any chosen category", label="Categories",
        help=f"event categories (any of: {', '.join(CATEGORIES)}; default: all)",
        flags=("--category",), keys=("cat",), kernel="categories_mask", metavar="C", vocabulary=tuple(CATEGORIES), what="category"),
    Choice(
        "actors", "choices", ("actors",), reads="event_actors.actor",
        matches="an event with any chosen actor among its actors", label="Actors",
        help="actors (an event is kept when any of its actors is chosen; default: all)",
        flags=("--actor",), keys=("actor",), kernel="actors_mask", metavar="NAME", what="actor"),
    Choice(
        "places", "choices", ("places",), reads="event_places.place_id (labels: places.name · places.name_ar)",
        matches="an event at any chosen place (place ids)", label="Places",
        help="place ids (an event is kept when any of its places is chosen; default: all)",
        flags=("--place",), keys=("place",), kernel="places_mask", metavar="ID", what="place id"),
    Choice(
        "reporters", "choices", ("reporters",), reads="casualty_reports.reported_by",
        matches="a casualty figure published by any chosen organisation: only their tolls are drawn and "
                "counted (events are not narrowed)", label="Reported by",
        help="organisations whose death tolls are shown and counted (default: all)",
        flags=("--reporter",), keys=("rep",), report_kernel="reporters_report_mask", metavar="ORG", what="reporter"),
    MinLevel(
        "confidence", "min_level", ("min_confidence",), reads="events.confidence",
        matches="an event at the chosen confidence level or above", label="Confidence",
        help=f"lowest confidence shown ({', '.join(CONFIDENCE)}; default: low, everything)",
        flags=("--min-confidence",), keys=("conf",), kernel="confidence_mask", metavar="LEVEL", levels=tuple(CONFIDENCE)),
    Words(
        "text", "words", ("text",),
        reads="events.title, events.description, events.notes; places.name and places.name_ar of the "
              "event's places; event_actors.actor",
        matches="every word is found (each in any of the texts), ignoring case, Arabic hamza/alef forms, "
                "taa marbuta, alef maqsura, harakat and tatweel", label="Search",
        help="words every event shown must contain (titles, descriptions, notes, place names in English "
             "or Arabic, actors)",
        flags=("--text",), keys=("q",), kernel="words_mask", metavar="WORDS"),
)

_BY_NAME = {d.name: d for d in DIMENSIONS}
_BY_FIELD = {k: d for d in DIMENSIONS for k in d.fields}


def dimension(name: str) -> Dimension:
    """The dimension called ``name`` (``"places"``), or the one owning the field ``name``
    (``"min_confidence"``)."""
    d = _BY_NAME.get(name) or _BY_FIELD.get(name)
    if d is None:
        raise KeyError(f"no filter dimension {name!r} (expected one of: {', '.join(_BY_NAME)})")
    return d


# ------------------------------------------------------------------------------------------------
# Links to a view: the filters as a URL fragment
# ------------------------------------------------------------------------------------------------

#: The longest fragment a link may have (characters, with its ``#``).
MAX_FRAGMENT = 2048


class LinkError(ValueError):
    """A link to a view (a URL fragment) that cannot be read; ``part`` is the ``key=value`` part
    at fault (``""`` when it is the whole link)."""

    def __init__(self, part: str, why: str):
        self.part = part
        shown = part if len(part) <= 80 else part[:77] + "…"
        super().__init__(f"cannot read the link to a view: {why}" + (f" (in {shown!r})" if part else ""))


def encode_part(text: str) -> str:
    """Text as a link writes it: UTF-8, percent-encoded except ``A–Z a–z 0–9 - _ . ~`` (what the
    page's ``encodeURIComponent`` gives once ``! ' ( ) *`` are encoded too)."""
    return urllib.parse.quote(text, safe="")


def decode_part(text: str) -> str:
    """The text a link's part stands for (raises ``ValueError`` on a bad ``%`` escape or bytes
    that are not UTF-8)."""
    if re.search(r"%(?![0-9A-Fa-f]{2})", text):
        raise ValueError("a % not followed by two hexadecimal digits")
    try:
        return urllib.parse.unquote(text, errors="strict")
    except UnicodeDecodeError:
        raise ValueError("percent-escapes that are not UTF-8 text") from None


def _to_fragment(self) -> str:
    """The filters as a URL fragment, ``#start=2025-03-06&end=2025-03-10&cat=clashes,massacre``:
    one ``key=value`` part per field that narrows (keys: ``start``, ``end`` — days
    ``YYYY-MM-DD``; ``cat`` — categories; ``actor``; ``place`` — place ids; ``rep`` — reporters;
    ``conf`` — the lowest confidence; ``q`` — the search words), in :data:`DIMENSIONS` order;
    lists comma-separated, in the vocabulary's order (categories) or sorted; every value
    percent-encoded (:func:`encode_part`). ``""`` when the filters keep everything. The page's
    ``share.js`` writes the same string for the same filters. Raises ``ValueError`` past
    :data:`MAX_FRAGMENT` characters."""
    parts = []
    for d in self.dimensions:
        for field, key in zip(d.fields, d.keys):
            text = d.link_text(field, getattr(self, field))
            if text is not None:
                parts.append(f"{key}={text}")
    out = "#" + "&".join(parts) if parts else ""
    if len(out) > MAX_FRAGMENT:
        raise ValueError(f"the link to this view would be {len(out):,} characters, over the {MAX_FRAGMENT:,} "
                         "a link may have (fewer actors, places or search words would fit)")
    return out


def _from_fragment(cls, fragment: str) -> "Filters":
    """The filters a URL fragment (:meth:`to_fragment`'s form, with or without its ``#``; a whole
    address is read from its ``#``) stands for. A fragment is untrusted: a part that cannot be
    read — an unknown key, a key given twice, a bad date, an unknown category or confidence
    level, a bad ``%`` escape, a start after the end, more than :data:`MAX_FRAGMENT` characters —
    raises :class:`LinkError` (a ``ValueError``) naming it. Actors, places and reporters are
    checked against a timeline later (:func:`check_known`)."""
    if not isinstance(fragment, str):
        raise TypeError(f"a link's fragment must be text, got {type(fragment).__name__}")
    if len(fragment) > MAX_FRAGMENT:
        raise LinkError("", f"it is {len(fragment):,} characters long, over the {MAX_FRAGMENT:,} a link may have")
    text = fragment.partition("#")[2] if "#" in fragment else fragment
    by_key = {k: (d, f) for d in DIMENSIONS for f, k in zip(d.fields, d.keys)}
    values: dict[str, Any] = {}
    for part in text.split("&") if text else []:
        key, eq, raw = part.partition("=")
        if not eq:
            raise LinkError(part, "expected key=value")
        if key not in by_key:
            raise LinkError(part, f"unknown key {key[:40]!r} (expected one of: {', '.join(by_key)})")
        d, field = by_key[key]
        if field in values:
            raise LinkError(part, f"{key!r} is given twice")
        try:
            values[field] = d.link_value(field, raw)
        except ValueError as e:
            raise LinkError(part, str(e)) from None
    try:
        f = cls(**values)
    except UnknownFilterValue as e:
        key = next(k for k, (_, field) in by_key.items() if field == e.field)
        part = next(p for p in text.split("&") if p.startswith(key + "="))
        raise LinkError(part, str(e)) from None
    if f.start is not None and f.end is not None and f.start > f.end:
        raise LinkError(f"start={f.start:%Y-%m-%d}&end={f.end:%Y-%m-%d}", "the start is after the end")
    return f


def link_spec() -> dict:
    """What the page's ``share.js`` needs to write and read the same fragments as
    :meth:`Filters.to_fragment` / :meth:`Filters.from_fragment`, as plain JSON: per field its
    key, kind, and fixed vocabulary (categories, in order) or levels (confidence, lowest first)."""
    fields = []
    for d in DIMENSIONS:
        for field, key in zip(d.fields, d.keys):
            item = {"field": field, "key": key, "kind": d.kind}
            if isinstance(d, Choice) and d.vocabulary is not None:
                item["vocabulary"] = list(d.vocabulary)
            if isinstance(d, MinLevel):
                item["levels"] = list(d.levels)
            fields.append(item)
    return {"fields": fields, "max": MAX_FRAGMENT}


# ------------------------------------------------------------------------------------------------
# Filters: one field per field of the dimensions
# ------------------------------------------------------------------------------------------------

def _post_init(self) -> None:
    for d in self.dimensions:
        for k in d.fields:
            object.__setattr__(self, k, d.clean(k, getattr(self, k)))


def _is_empty(self) -> bool:
    """True when the filters keep everything."""
    return not any(d.is_set(self) for d in self.dimensions)


def _replace(self, **changes) -> "Filters":
    """A copy with some fields changed."""
    return dataclasses.replace(self, **changes)


def _to_dict(self) -> dict[str, Any]:
    """A plain, JSON-ready dict (dates as ``YYYY-MM-DD``, lists as lists)."""
    return {k: d.json_value(k, getattr(self, k)) for d in self.dimensions for k in d.fields}


def _from_dict(cls, data: dict[str, Any]) -> "Filters":
    """Rebuild from :meth:`to_dict`'s output. Unknown keys are an error (a typo would
    otherwise silently show everything)."""
    names = [k for d in DIMENSIONS for k in d.fields]
    unknown = sorted(set(data) - set(names))
    if unknown:
        near = difflib.get_close_matches(unknown[0], names, n=1)
        hint = f"; did you mean {near[0]!r}?" if near else ""
        raise ValueError(f"unknown filter {unknown[0]!r} (expected: {', '.join(sorted(names))}){hint}")
    return cls(**data)


def _doc() -> str:
    lines = ["What to show, one field per field of :data:`DIMENSIONS`. Empty selections mean "
             "*everything*.", ""]
    for d in DIMENSIONS:
        lines.append(f"``{'``/``'.join(d.fields)}`` ({d.name}): {d.help}; {d.matches}.")
    return "\n".join(lines)


Filters = dataclasses.make_dataclass(
    "Filters",
    [(k, Any, dataclasses.field(default=d.default(k))) for d in DIMENSIONS for k in d.fields],
    namespace={"__post_init__": _post_init, "is_empty": property(_is_empty), "replace": _replace,
               "to_dict": _to_dict, "from_dict": classmethod(_from_dict), "to_fragment": _to_fragment,
               "from_fragment": classmethod(_from_fragment), "dimensions": DIMENSIONS,
               "__doc__": _doc()},
    frozen=True,
)
Filters.__module__ = __name__


# ------------------------------------------------------------------------------------------------
# Applying filters
# ------------------------------------------------------------------------------------------------

def as_filters(filters) -> "Filters":
    """``filters`` as :class:`Filters`: ``None`` (everything), a dict (:meth:`Filters.from_dict`),
    text (a link's fragment, :meth:`Filters.from_fragment`) or a :class:`Filters`."""
    if filters is None:
        return Filters()
    if isinstance(filters, dict):
        return Filters.from_dict(filters)
    if isinstance(filters, str):
        return Filters.from_fragment(filters)
    return filters


_as_filters = as_filters


def check_known(tl: Timeline, filters) -> None:
    """Raise :class:`UnknownFilterValue` when ``filters`` chooses an actor, a place id or a
    reporter that ``tl`` does not have (naming it and the closest known values). The one check
    of :func:`apply_filters`, :func:`timeline.views.select`, the export and the explorer."""
    f = _as_filters(filters)
    for d in f.dimensions:
        d.check(tl, f)


def page_controls(tl: Timeline) -> list[dict]:
    """The controls of every dimension for ``tl`` as plain JSON (see :meth:`Dimension.control`),
    in :data:`DIMENSIONS` order — what the exported page builds its filters from."""
    return [d.control(tl) for d in DIMENSIONS]


def apply_filters(tl: Timeline, filters: "Filters | dict | None") -> Timeline:
    """The part of ``tl`` that ``filters`` selects, as a new Timeline (``tl`` is not changed).

    Events are narrowed by every dimension but the reporters. Casualty figures are narrowed by
    the reporters and by the dates (the day they were published — a figure about one incident,
    ``tally`` "incident" with its ``event``, by the dates of its event); a figure about one event
    (``event`` set) is kept only when its event is. Sources and places are narrowed to those the
    kept events and figures still cite; phases are kept whole. A value ``tl`` does not have is an
    :class:`UnknownFilterValue`.
    """
    f = _as_filters(filters)
    check_known(tl, f)
    if f.is_empty:
        return tl
    ix = index_of(tl)
    ev_mask = ix.event_mask(f)
    cr_mask = ix.report_mask(f, ev_mask)
    return ix.timeline_of(ev_mask, cr_mask).pruned()
