"""The data dictionary: every table, every column, every allowed value — defined once.

Validation (:mod:`timeline.validate`) and the data dictionary in ``data/README.md`` both
come from the definitions here; a test checks that the README, the CSV files and this
module agree.

Column kinds
------------
``id``        a slug: lower-case letters, digits, ``-`` and ``_``; unique in its table.
``text``      free text (UTF-8; Arabic welcome).
``date``      ``YYYY-MM-DD``, or ``YYYY-MM`` where the column allows month precision.
``choice``    one value from a closed vocabulary (``choices``).
``ref``       the id of a row in another table (``ref``).
``refs``      one or more ``;``-separated ids of rows in another table.
``list``      ``;``-separated free-text items.
``count``     a non-negative whole number; blank means *not stated*, which is not 0.
``float``     a decimal number within ``range``; blank means *not known*.
``url``       an ``http://`` or ``https://`` address.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "Column",
    "Table",
    "TABLES",
    "CATEGORIES",
    "CONFIDENCE",
    "DATE_PRECISION",
    "QUALIFIERS",
    "TALLY",
    "MEASURES",
]

#: Event categories, with the definition used when coding an event.
CATEGORIES: dict[str, str] = {
    "military": "Armed clashes, offensives, captures of territory, attacks on armed forces, "
    "military operations and their declared start or end.",
    "violence_against_civilians": "Killings, executions, raids, detentions or abuse of "
    "civilians, whoever the perpetrator.",
    "political": "Decisions and acts of government and political bodies: appointments, "
    "decrees, conferences, committees, agreements, visits of leaders, arrests ordered "
    "by the authorities.",
    "statement": "A public statement, speech or announcement whose content is the event "
    "(it does not itself change facts on the ground).",
    "humanitarian": "Displacement, refugees, shelter, services cut off, aid.",
    "diplomatic": "Acts and statements of foreign governments and international bodies "
    "(asylum, condemnations, UN Security Council).",
}

#: How sure the sources are that the event happened as described (or, for a casualty
#: report, that the organisation really published the figure), lowest first.
CONFIDENCE: dict[str, str] = {
    "low": "A single secondary source, or a claim nobody else reports.",
    "medium": "One reliable outlet, or sources that disagree on details.",
    "high": "Several independent outlets or agencies report the same fact or figure.",
}

#: How precisely a date is known.
DATE_PRECISION: dict[str, str] = {
    "day": "The sources agree on the day.",
    "approximate": "The sources disagree by about a day, or the day is inferred; the notes "
    "say why. Dates are written as days.",
    "month": "Only the month is known; the date is written `YYYY-MM`.",
}

#: How a casualty figure relates to the true number, as the publisher worded it.
QUALIFIERS: dict[str, str] = {
    "exact": "The figure as published, with no qualifier.",
    "at_least": "A lower bound: \"at least N\", \"more than N\", \"over N\" (entered as N).",
    "approximately": "\"About N\", \"some N\", \"nearly N\".",
}

#: What kind of count a casualty report is.
TALLY: dict[str, str] = {
    "running": "A running total for the period, which the organisation revised as it "
    "counted; successive reports replace each other (the reported-toll series).",
    "incident": "The dead of one attack or incident (linked with `event`).",
}

#: Casualty measures (the ``killed_*`` columns), with a short label for charts.
MEASURES: dict[str, str] = {
    "killed_total": "total",
    "killed_civilians": "civilians",
    "killed_government": "government forces",
    "killed_loyalists": "Assad loyalists",
}


@dataclass(frozen=True)
class Column:
    """One column of a table: its kind, whether it is required, and its documentation."""

    name: str
    kind: str
    description: str
    example: str
    required: bool = True
    choices: tuple[str, ...] = ()
    ref: str | None = None
    month_ok: bool = False
    range: tuple[float, float] | None = None


@dataclass(frozen=True)
class Table:
    """One CSV file of the data folder."""

    name: str
    file: str
    description: str
    columns: tuple[Column, ...] = field(default_factory=tuple)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def _c(name, kind, description, example, **kw) -> Column:
    return Column(name=name, kind=kind, description=description, example=example, **kw)


EVENTS = Table(
    "events",
    "events.csv",
    "One row per event: what happened, when, where, who was involved, and who reported it.",
    (
        _c("id", "id", "Unique, stable slug of the event.", "2025-03-06-jableh-ambush"),
        _c("start", "date", "First day of the event (or its month).", "2025-03-06", month_ok=True),
        _c(
            "end",
            "date",
            "Last day of a multi-day event, or the last possible day when the precision is "
            "`approximate`; blank for a one-day event. Never before `start`.",
            "2025-03-07",
            required=False,
            month_ok=True,
        ),
        _c(
            "date_precision",
            "choice",
            "How precisely `start` and `end` are known.",
            "day",
            choices=tuple(DATE_PRECISION),
        ),
        _c("title", "text", "Short neutral headline, claims attributed.", "Ambush near Jableh"),
        _c(
            "description",
            "text",
            "One to three sentences in our own words; every claim attributed (\"SOHR reported …\").",
            "Gunmen attacked security forces near Jableh, SOHR reported.",
        ),
        _c("category", "choice", "What kind of event it is.", "military", choices=tuple(CATEGORIES)),
        _c("place", "refs", "Where: one or more `;`-separated ids from places.csv.", "jableh", ref="places"),
        _c(
            "actors",
            "list",
            "Who took part: `;`-separated names.",
            "Syrian General Security; Assad loyalist groups",
            required=False,
        ),
        _c("sources", "refs", "`;`-separated ids from sources.csv; at least one.", "ap-2025-03-07", ref="sources"),
        _c("confidence", "choice", "How sure the sources are.", "high", choices=tuple(CONFIDENCE)),
        _c(
            "notes",
            "text",
            "How the date was decided, what is disputed, other sources.",
            "Sources date the start of the clashes to Thursday 6 March.",
            required=False,
        ),
    ),
)

PLACES = Table(
    "places",
    "places.csv",
    "Places the events refer to. Coordinates are blank when not known — never guessed.",
    (
        _c("id", "id", "Unique slug.", "jableh"),
        _c("name", "text", "English name.", "Jableh"),
        _c("name_ar", "text", "Arabic name.", "جبلة", required=False),
        _c("admin1", "text", "Governorate (Syria) or country (abroad).", "Latakia"),
        _c("kind", "choice", "What sort of place.", "city",
           choices=("city", "town", "village", "district", "facility", "region", "country", "online")),
        _c("lat", "float", "Latitude, decimal degrees WGS84; blank when not known.", "35.36211",
           required=False, range=(-90.0, 90.0)),
        _c("lon", "float", "Longitude, decimal degrees WGS84; blank when not known.", "35.92759",
           required=False, range=(-180.0, 180.0)),
        _c("coord_source", "text", "Where the coordinates come from (gazetteer and id).",
           "GeoNames 169304", required=False),
    ),
)

SOURCES = Table(
    "sources",
    "sources.csv",
    "The registry of sources that events and casualty reports cite.",
    (
        _c("id", "id", "Unique slug.", "ap-2025-03-07-clashes"),
        _c("publisher", "text", "Who published it (the outlet or agency, and the site of a copy).",
           "AP (via ABC News)"),
        _c("title", "text", "The headline where known; otherwise a description in [square brackets].",
           "[AFP report on the first day of clashes]"),
        _c("url", "url", "Address of the page.", "https://apnews.com/article/..."),
        _c("published", "date", "Publication date; blank when not known (never guessed).",
           "2025-03-07", required=False),
        _c("notes", "text", "Mirrors, copies, caveats.", "Syndicated AFP copy.", required=False),
    ),
)

CASUALTY_REPORTS = Table(
    "casualty_reports",
    "casualty_reports.csv",
    "One row per published casualty figure: a claim by an organisation, not a fact.",
    (
        _c("id", "id", "Unique slug.", "sohr-2025-03-08-1018"),
        _c("reported_by", "text", "The organisation that published the figure.", "SOHR"),
        _c("published", "date", "The day the figure was published.", "2025-03-08"),
        _c("published_precision", "choice", "How precisely `published` is known.", "day",
           choices=tuple(DATE_PRECISION)),
        _c("period_start", "date", "First day of the period the figure counts.", "2025-03-06"),
        _c("period_end", "date", "Last day of the period counted (the publication day for a "
           "running total).", "2025-03-08"),
        _c("area", "text", "The area the figure covers.", "Syrian coast"),
        _c("tally", "choice", "A running total of the period, or one incident.", "running",
           choices=tuple(TALLY)),
        _c("killed_total", "count", "All dead counted; blank = not stated (not 0).", "1018", required=False),
        _c("killed_civilians", "count", "Civilians; blank = not stated.", "745", required=False),
        _c("killed_government", "count", "Government (security) forces; blank = not stated.",
           "125", required=False),
        _c("killed_loyalists", "count", "Fighters loyal to the former government; blank = not stated.",
           "148", required=False),
        _c("qualifier", "choice", "How the figures were worded.", "exact", choices=tuple(QUALIFIERS)),
        _c("scope", "text", "What the organisation counts.",
           "Deaths from all sides in the coastal clashes since 6 March"),
        _c("source", "ref", "Id from sources.csv.", "afp-2025-03-08", ref="sources"),
        _c("event", "ref", "Id of the event the figure is about, if one.", "2025-03-06-jableh-ambush",
           required=False, ref="events"),
        _c("confidence", "choice", "How sure we are that the organisation published this figure "
           "(not whether the figure is right).", "high", choices=tuple(CONFIDENCE)),
        _c("notes", "text", "Wording, one-day figures, disagreements.", "\"More than 1,000\".",
           required=False),
    ),
)

PHASES = Table(
    "phases",
    "phases.csv",
    "The eras the charts shade. Editorial periods, dated by the events that open and close them.",
    (
        _c("id", "id", "Unique slug.", "coastal-clashes"),
        _c("name", "text", "Label shown on charts.", "Coastal clashes"),
        _c("start", "date", "First day.", "2025-03-06"),
        _c("end", "date", "Last day (never before `start`).", "2025-03-10"),
        _c("description", "text", "What marks the period.", "From the ambush near Jableh to ..."),
    ),
)

#: All tables, in load order (referenced tables first).
TABLES: dict[str, Table] = {
    t.name: t for t in (PLACES, SOURCES, EVENTS, CASUALTY_REPORTS, PHASES)
}
