"""The columns of the ACLED and UCDP GED files, and how their event types map to the schema's categories."""

from __future__ import annotations

from ..schema import Column, Table


#: ACLED event type (lower case) → the schema's category. The first six are the current codebook;
#: the rest are event types of files coded before 2019.
ACLED_CATEGORIES: dict[str, str] = {
    "battles": "military",
    "explosions/remote violence": "military",
    "violence against civilians": "violence_against_civilians",
    "protests": "political",
    "riots": "political",
    "strategic developments": "political",
    "battle-no change of territory": "military",
    "battle-government regains territory": "military",
    "battle-non-state actor overtakes territory": "military",
    "battle-non-state actors overtake territory": "military",
    "remote violence": "military",
    "riots/protests": "political",
    "strategic development": "political",
    "headquarters or base established": "political",
    "non-violent transfer of territory": "political",
    "non-violent activity by a conflict actor": "political",
}

#: Older ACLED header names → the current ones (pre-2019 files call associated actors "allies").
ACLED_ALIASES: dict[str, str] = {"ally_actor_1": "assoc_actor_1", "ally_actor_2": "assoc_actor_2"}
ACLED_TYPES_SHOWN = ("Battles, Explosions/Remote violence, Violence against civilians, Protests, "
                      "Riots, Strategic developments")

#: UCDP GED type_of_violence → the schema's category.
GED_CATEGORIES: dict[str, str] = {"1": "military", "2": "military", "3": "violence_against_civilians"}


def _c(name, kind, description, example, **kw) -> Column:
    return Column(name=name, kind=kind, description=description, example=example, **kw)


NOT_READ = "Not used."

#: The columns of an ACLED export (current names; headers are matched case-insensitively).
ACLED = Table(
    "ACLED export",
    "acled.csv",
    "An ACLED CSV export: one row per event. Columns not listed here are accepted and ignored.",
    (
        _c("event_id_cnty", "text", "ACLED's event id; lower-cased (and slugified) as the event id. Rows of a "
           "monadic export (one row per actor, no actor2 column) that share it are one event.", "SYR12345"),
        _c("data_id", "text", "ACLED's row id; the event id of a row whose event_id_cnty is empty (with a note).",
           "7302319", required=False),
        _c("event_date", "date", "The day ACLED dates the event to: ISO (2025-03-08), with the month's name "
           "(08 March 2025, 8-Mar-25, 01-January-2015) or in numbers (31/12/2019, 31-12-19, 12/31/2019: the order "
           "of day and month is read from the file, or given with date_format).", "2025-03-08"),
        _c("year", "text", NOT_READ, "2025", required=False),
        _c("time_precision", "choice", "1 = day, 2 = week or similar period, 3 = month.", "1",
           choices=("1", "2", "3")),
        _c("disorder_type", "text", "Kept as an extra column.", "Political violence", required=False),
        _c("event_type", "choice", "Mapped to the category; kept as an extra column.", "Battles",
           choices=tuple(ACLED_CATEGORIES)),
        _c("sub_event_type", "text", "Kept as an extra column; part of the title. Required when the column is "
           "there; files coded before 2019 have none.", "Armed clash", required=False),
        _c("actor1", "text", "First actor.", "Military Forces of Syria (2024-)"),
        _c("assoc_actor_1", "list", "Actors associated with actor1, `;`-separated (ALLY_ACTOR_1 in files coded "
           "before 2019).", "", required=False),
        _c("inter1", "text", "Type of actor1 (a number or text); kept.", "State forces", required=False),
        _c("actor2", "text", "Second actor.", "Civilians (Syria)", required=False),
        _c("assoc_actor_2", "list", "Actors associated with actor2, `;`-separated (ALLY_ACTOR_2 before 2019).",
           "", required=False),
        _c("inter2", "text", "Type of actor2 (a number or text); kept.", "Civilians", required=False),
        _c("interaction", "text", "Interaction code (a number or text); kept.", "State forces-Civilians",
           required=False),
        _c("civilian_targeting", "text", "'Civilian targeting' or blank; kept.", "", required=False),
        _c("iso", "text", NOT_READ, "760", required=False),
        _c("region", "text", NOT_READ, "Middle East", required=False),
        _c("country", "text", "Country; the timeline is named after the countries.", "Syria", required=False),
        _c("admin1", "text", "Governorate; the place's admin1.", "Latakia", required=False),
        _c("admin2", "text", NOT_READ, "Jablah", required=False),
        _c("admin3", "text", NOT_READ, "Jablah", required=False),
        _c("location", "text", "The place's name.", "Jableh"),
        _c("latitude", "float", "Latitude of the place.", "35.3621", range=(-90.0, 90.0)),
        _c("longitude", "float", "Longitude of the place.", "35.9276", range=(-180.0, 180.0)),
        _c("geo_precision", "choice", "1 = town, 2 = near a town or part of a region, 3 = larger region.",
           "1", choices=("1", "2", "3")),
        _c("source", "text", "The sources as ACLED names them, `;`-separated: one source per outlet, linked to "
           "the event.", "Syrian Observatory for Human Rights; Enab Baladi"),
        _c("source_scale", "text", NOT_READ, "National", required=False),
        _c("notes", "text", "ACLED's description; the event description.", "On 8 March 2025, ...",
           required=False),
        _c("fatalities", "count", "Reported fatalities (ACLED: conservative estimates); 0 means none.", "0"),
        _c("tags", "text", NOT_READ, "", required=False),
        _c("timestamp", "count", "Unix time of ACLED's last upload of the event; the figure's publication day. "
           "The latest is the timeline's as_of (data as of).", "1741651200", required=False),
    ),
)

#: The columns of a UCDP GED CSV file (headers matched case-insensitively; others are ignored).
GED = Table(
    "UCDP GED",
    "ged.csv",
    "A UCDP Georeferenced Event Dataset CSV file: one row per event.",
    (
        _c("id", "text", "GED event id; slugified as the event id.", "412345"),
        _c("type_of_violence", "choice", "1 state-based, 2 non-state, 3 one-sided.", "1",
           choices=("1", "2", "3")),
        _c("conflict_name", "text", "Kept as an extra column.", "Syria: Government", required=False),
        _c("dyad_name", "text", "Kept as an extra column.", "Government of Syria - IS", required=False),
        _c("side_a", "text", "First side.", "Government of Syria"),
        _c("side_b", "text", "Second side.", "IS"),
        _c("source_article", "text", "The source texts; one source row per distinct text.", "\"AFP,2017-01-03,...\"",
           required=False),
        _c("source_headline", "text", "Headline of the source; the event description.", "12 killed in ...",
           required=False),
        _c("where_prec", "choice", "Precision of the location, 1 (exact) to 7 (water or airspace).", "1",
           choices=tuple("1234567")),
        _c("where_coordinates", "text", "Name of the place the coordinates stand for.", "Aleppo town",
           required=False),
        _c("where_description", "text", "Where, as the sources say; added to the description.", "near Aleppo",
           required=False),
        _c("adm_1", "text", "Province; the place's admin1.", "Aleppo governorate", required=False),
        _c("country", "text", "Country; used as the place name when nothing finer is given.", "Syria",
           required=False),
        _c("latitude", "float", "Latitude.", "36.2", range=(-90.0, 90.0)),
        _c("longitude", "float", "Longitude.", "37.15", range=(-180.0, 180.0)),
        _c("event_clarity", "choice", "1 clear, 2 lower clarity.", "1", required=False, choices=("1", "2")),
        _c("date_prec", "choice", "Precision of the date window, 1 (day) to 5 (year).", "1",
           choices=tuple("12345")),
        _c("date_start", "date", "Earliest possible day (ISO; a time of day is ignored).", "2017-01-03"),
        _c("date_end", "date", "Latest possible day.", "2017-01-03"),
        _c("deaths_a", "count", "Deaths of side A.", "0", required=False),
        _c("deaths_b", "count", "Deaths of side B.", "5", required=False),
        _c("deaths_civilians", "count", "Civilian deaths.", "2", required=False),
        _c("deaths_unknown", "count", "Deaths of unknown status.", "0", required=False),
        _c("best", "count", "Best estimate of deaths; kept as UCDP's figure also where it lies outside "
           "low–high (flagged, with a note).", "7"),
        _c("high", "count", "High estimate of deaths.", "9", required=False),
        _c("low", "count", "Low estimate of deaths.", "7", required=False),
    ),
)


#: GDELT 2.0 event files: the 61 columns in the order of the codebook (GDELT Event Codebook V2.0,
#: http://data.gdeltproject.org/documentation/GDELT-Event_Codebook-V2.0.pdf), spelled as GDELT's
#: BigQuery table ``gdelt-bq.gdeltv2.events`` names them (the codebook calls the first two
#: ``GlobalEventID`` and ``Day``; names are matched ignoring case).
GDELT_NAMES: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"{a}{f}" for a in ("Actor1", "Actor2") for f in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{g}_{f}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo") for f in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)

#: The codebook's other names for two columns (GDELT 2.0's codebook and some exports) → ours.
GDELT_ALIASES: dict[str, str] = {"day": "sqldate"}

#: CAMEO event root code (``EventRootCode``, 01–20; CAMEO Conflict and Mediation Event
#: Observations codebook, as GDELT's lookup ``CAMEO.eventcodes.txt`` names them) → (its
#: name, the schema's category). The one table of the mapping: the README's table is checked
#: against it.
CAMEO_ROOTS: dict[str, tuple[str, str]] = {
    "01": ("Make public statement", "statement"),
    "02": ("Appeal", "statement"),
    "03": ("Express intent to cooperate", "statement"),
    "04": ("Consult", "political"),
    "05": ("Engage in diplomatic cooperation", "diplomatic"),
    "06": ("Engage in material cooperation", "political"),
    "07": ("Provide aid", "humanitarian"),
    "08": ("Yield", "political"),
    "09": ("Investigate", "political"),
    "10": ("Demand", "statement"),
    "11": ("Disapprove", "statement"),
    "12": ("Reject", "statement"),
    "13": ("Threaten", "statement"),
    "14": ("Protest", "political"),
    "15": ("Exhibit force posture", "military"),
    "16": ("Reduce relations", "diplomatic"),
    "17": ("Coerce", "political"),
    "18": ("Assault", "violence_against_civilians"),
    "19": ("Fight", "military"),
    "20": ("Use unconventional mass violence", "violence_against_civilians"),
}

#: EventRootCode → the schema's category (from :data:`CAMEO_ROOTS`).
GDELT_CATEGORIES: dict[str, str] = {code: cat for code, (_, cat) in CAMEO_ROOTS.items()}

_GDELT_USED = {
    "globaleventid": ("text", "GDELT's event id; the event id.", True),
    "sqldate": ("date", "The day GDELT dates the event to (YYYYMMDD); the event's day.", True),
    "actor1code": ("text", "Actor1's CAMEO code; kept, and the actor when Actor1Name is blank.", False),
    "actor1name": ("text", "Actor1's name as GDELT codes it; an actor of the event.", False),
    "actor2code": ("text", "Actor2's CAMEO code; kept, and the actor when Actor2Name is blank.", False),
    "actor2name": ("text", "Actor2's name; an actor of the event.", False),
    "isrootevent": ("text", "1 when the event is in the report's lead paragraph; kept.", False),
    "eventcode": ("text", "The CAMEO event code; kept, and in the description.", False),
    "eventbasecode": ("text", "The CAMEO base code; kept.", False),
    "eventrootcode": ("choice", "The CAMEO root code (01–20); mapped to the category (CAMEO_ROOTS); kept.", True),
    "quadclass": ("text", "1–4: verbal/material cooperation/conflict; kept.", False),
    "goldsteinscale": ("float", "Goldstein score of the event type (−10 to +10); kept, and in the description.",
                       False),
    "nummentions": ("count", "Mentions when GDELT first saw the event; kept, and in the description.", False),
    "numsources": ("count", "Sources when first seen; kept, and in the description.", False),
    "numarticles": ("count", "Articles when first seen; kept, and in the description.", False),
    "avgtone": ("float", "Average tone of those articles (−100 to +100); kept, and in the description.", False),
    "actiongeo_type": ("choice", "Resolution of the place: 1 country, 2 US state, 3 US city, 4 world city, "
                       "5 world state (0 or blank: none); the place's kind.", False),
    "actiongeo_fullname": ("text", "The place's name; its last part names the country (the timeline's name).",
                           False),
    "actiongeo_countrycode": ("text", "FIPS 10-4 country code of the place; kept.", False),
    "actiongeo_adm1code": ("text", "FIPS 10-4 country and ADM1 code; the place's admin1.", False),
    "actiongeo_lat": ("float", "Latitude of the place (blank: the event is not placed).", False),
    "actiongeo_long": ("float", "Longitude of the place.", False),
    "actiongeo_featureid": ("text", "GNS/GNIS feature id; the place id (gdelt-FEATUREID).", False),
    "dateadded": ("text", "When GDELT added the event (YYYYMMDDHHMMSS, UTC); the latest is the timeline's as_of.",
                  False),
    "sourceurl": ("text", "The news report GDELT coded the event from: the source (publisher: its host name).",
                  True),
}
_GDELT_RANGES = {"actiongeo_lat": (-90.0, 90.0), "actiongeo_long": (-180.0, 180.0),
                 "goldsteinscale": (-10.0, 10.0), "avgtone": (-100.0, 100.0)}

#: The columns of a GDELT 2.0 event file (``*.export.CSV``: tab-separated, no header) or of the
#: same columns from BigQuery; the ones not listed as used are not read.
GDELT = Table(
    "GDELT 2.0 events",
    "*.export.CSV",
    "a GDELT 2.0 event file has 61 tab-separated fields a row and no header (GDELT 1.0 files have 57 or 58; "
    "mentions and GKG files are other tables)",
    tuple(
        _c(name.lower(), _GDELT_USED[name.lower()][0], _GDELT_USED[name.lower()][1], "",
           required=_GDELT_USED[name.lower()][2], range=_GDELT_RANGES.get(name.lower()),
           choices=tuple(CAMEO_ROOTS) if name.lower() == "eventrootcode" else
           tuple("012345") if name.lower() == "actiongeo_type" else ())
        if name.lower() in _GDELT_USED else _c(name.lower(), "text", NOT_READ, "", required=False)
        for name in GDELT_NAMES
    ),
)
