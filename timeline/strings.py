"""The words of the exported page and of the charts, in English and Arabic, from one table.

The table is ``timeline/assets/strings/strings.json``: one key per phrase, each with an ``"en"``
and an ``"ar"`` column whose ``{placeholders}`` are the same. Python reads it here
(:func:`text`, :func:`table`); the page gets both columns in its JSON and reads them with its
own ``t(key, params)`` (``timeline/assets/export/i18n.js``), so a phrase is written once for
both.

Choices for Arabic readers, as the main pan-Arab news sites write: Western digits with a comma
for thousands ("1,500"); the month names used across the Gulf and Egypt and by pan-Arab media
(يناير، فبراير، مارس …) rather than the Levantine ones (كانون الثاني، شباط، آذار …); dates
as "6 مارس 2025". Figures are attributed to who gave them ("بحسب …", "أفاد … بـ").
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

__all__ = ["LANGS", "DEFAULT_LANG", "PATH", "table", "text", "placeholders", "check_lang", "month", "day_text",
           "range_text", "DIRECTION", "caveats"]

#: The languages of the table, the default first.
LANGS = ("en", "ar")
DEFAULT_LANG = "en"
#: The writing direction of each language (the page's ``dir``).
DIRECTION = {"en": "ltr", "ar": "rtl"}
PATH = Path(__file__).resolve().parent / "assets" / "strings" / "strings.json"
_FIELD = re.compile(r"(?<!%)\{(\w+)\}")  # {name}; plotly's %{x} is not a placeholder


@lru_cache(maxsize=1)
def _rows() -> dict[str, dict[str, str]]:
    rows = json.loads(PATH.read_text(encoding="utf-8"))
    return {k: v for k, v in rows.items() if not k.startswith("_")}


def check_lang(lang: str) -> str:
    """``lang`` if the table has it; else ``ValueError`` naming the languages it has."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r} (expected one of: {', '.join(LANGS)})")
    return lang


def table(lang: str = DEFAULT_LANG) -> dict[str, str]:
    """Every phrase of one language, by key (a copy)."""
    check_lang(lang)
    return {k: v[lang] for k, v in _rows().items()}


def placeholders(s: str) -> set[str]:
    """The ``{fields}`` of a phrase (plotly's ``%{…}`` excluded)."""
    return set(_FIELD.findall(s))


def text(key: str, lang: str = DEFAULT_LANG, **params) -> str:
    """The phrase ``key`` in ``lang`` with its ``{fields}`` filled from ``params`` (a field with
    no value is left as it is; plotly's ``%{…}`` is never touched)."""
    check_lang(lang)
    s = _rows()[key][lang]
    return _FIELD.sub(lambda m: str(params[m.group(1)]) if m.group(1) in params else m.group(0), s)


def caveats(notes) -> list[str]:
    """The keys of the ``caveat.*`` phrases whose English text is one of a timeline's ``notes``: what a
    reader says about its data that every page and explorer of it must show (``caveat.gdelt``:
    machine-coded, unverified events)."""
    held = set(notes or ())
    return [k for k, v in _rows().items() if k.startswith("caveat.") and v[DEFAULT_LANG] in held]


def month(m: int, lang: str = DEFAULT_LANG) -> str:
    """The month's name as dates show it ("Mar", "مارس")."""
    return text(f"month.{int(m)}", lang)


def day_text(ts, lang: str = DEFAULT_LANG) -> str:
    """'6 Mar 2025', '6 مارس 2025'."""
    return text("date.day", lang, d=ts.day, month=month(ts.month, lang), y=ts.year)


def range_text(a, b, lang: str = DEFAULT_LANG) -> str:
    """'6 Mar 2025', '6–10 Mar 2025', '27 Nov – 8 Dec 2024' or '27 Nov 2024 – 29 Mar 2025' (and
    the same in Arabic)."""
    if (a.year, a.month, a.day) == (b.year, b.month, b.day):
        return day_text(a, lang)
    if (a.year, a.month) == (b.year, b.month):
        return text("date.same_month", lang, d0=a.day, d1=b.day, month=month(b.month, lang), y=b.year)
    if a.year == b.year:
        return text("date.same_year", lang, d0=a.day, month0=month(a.month, lang), d1=b.day,
                    month1=month(b.month, lang), y=b.year)
    return text("date.range", lang, **{"from": day_text(a, lang), "to": day_text(b, lang)})
