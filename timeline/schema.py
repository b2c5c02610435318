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
    "ACTOR_KINDS",
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
    "say why. Dates are written as days. An event gives the window of possible days in `start` "
    "and `end` (`end` is then required, and equals `start` for one inferred day); a casualty "
    "figure gives it in `notes`.",
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
    "part": "One part of a figure published in the same release (e.g. the dead attributed to one "
    "perpetrator); never part of the reported-toll series.",
}

#: What sort of actor a row of ``actors.csv`` is.
ACTOR_KINDS: dict[str, str] = {
    "state_body": "A ministry, agency, armed or security force, or office of a state (Syrian or "
    "foreign).",
    "armed_group": "A non-state armed group, faction or coalition of factions.",
    "organisation": "A non-governmental or international organisation (monitors, UN bodies, "
    "relief agencies).",
    "person": "One named person.",
    "country": "A state acting as a whole (its government), e.g. in a condemnation.",
    "group": "People who acted together without forming an organisation (protesters, residents, "
    "unidentified gunmen).",
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
    #: A folder may leave the file out (see the table's description for what happens then).
    optional: bool = False

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
            "`approximate` (then required); blank for a one-day event. Never before `start`.",
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
            "refs",
            "Who took part: `;`-separated ids from actors.csv (never the victims, nor who only "
            "reported it). In a folder without actors.csv: `;`-separated names.",
            "general-security;assad-loyalist-gunmen",
            required=False,
            ref="actors",
        ),
        _c("sources", "refs", "`;`-separated ids from sources.csv; at least one.", "ap-2025-03-07", ref="sources"),
        _c("confidence", "choice", "How sure the sources are; `high` needs two sources of different "
           "origin.", "high", choices=tuple(CONFIDENCE)),
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
        _c("origin", "text", "Whose reporting it carries: the agency behind a syndicated copy, the "
           "outlet behind a mirror; blank = the publisher. Sources of one origin count as one for "
           "`confidence`.", "AP", required=False),
        _c("title", "text", "The page's own headline where known; otherwise a description in "
           "[square brackets].", "[AFP report on the first day of clashes]"),
        _c("url", "url", "Address of the page; blank only when the reference names the report but "
           "gives no address (`notes` then says so).", "https://apnews.com/article/...",
           required=False),
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
        _c("wounded", "count", "Wounded, where the reporter gives a number; blank = not stated.",
           "10", required=False),
        _c("qualifier", "choice", "How the figures were worded.", "exact", choices=tuple(QUALIFIERS)),
        _c("scope", "text", "What the organisation counts.",
           "Deaths from all sides in the coastal clashes since 6 March"),
        _c("sources", "refs", "`;`-separated ids from sources.csv that carry the figure; at least "
           "one.", "afp-2025-03-08;shafaq-2025-03-08", ref="sources"),
        _c("event", "ref", "Id of the event the figure is about, if one.", "2025-03-06-jableh-ambush",
           required=False, ref="events"),
        _c("includes", "refs", "A total that adds figures of other reports (a mixed-source "
           "total): the `;`-separated ids of those reports.", "security-source-2025-03-09-231",
           required=False, ref="casualty_reports"),
        _c("confidence", "choice", "How sure we are that the organisation published this figure "
           "(not whether the figure is right); `high` needs two sources of different origin.",
           "high", choices=tuple(CONFIDENCE)),
        _c("notes", "text", "Wording, one-day figures, disagreements.", "\"More than 1,000\".",
           required=False),
    ),
)

ACTORS = Table(
    "actors",
    "actors.csv",
    "Who takes part in events, one row per actor, each named once. Optional: in a folder without "
    "it, `events.actors` holds free-text names.",
    (
        _c("id", "id", "Unique slug; what `events.actors` refers to.", "general-security"),
        _c("name", "text", "English name, as charts and filters show it.", "General Security"),
        _c("name_ar", "text", "Arabic name.", "الأمن العام", required=False),
        _c("kind", "choice", "What sort of actor.", "state_body", choices=tuple(ACTOR_KINDS)),
        _c("aliases", "list", "Other names it goes by, `;`-separated (filters match them too).",
           "General Security Service; Public Security", required=False),
        _c("notes", "text", "Who it is, whose term the name is.", "Syrian interior ministry force.",
           required=False),
    ),
    optional=True,
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
    t.name: t for t in (PLACES, SOURCES, ACTORS, EVENTS, CASUALTY_REPORTS, PHASES)
}
