"""Seeded generator of synthetic ACLED-shaped (and GDELT-shaped) data, for trying the tool at scale, benchmarks and tests.

``generate_acled(n, seed=0)`` returns a DataFrame with the columns of a current ACLED CSV export
(in ACLED's order) and Syria-like distributions: two years of dates with weekly rhythm, random
day-to-day variation and a few bursts of violence; ACLED's six event types and their sub-event
types; about 300 locations in the 14 governorates, some written in Arabic script, with
coordinates; fatalities mostly 0; ``time_precision`` mostly 1 with a few per cent of 2 and 3.
The same ``n`` and ``seed`` give the same rows, byte for byte once written. Everything is drawn
with vectorised numpy.

``generate_gdelt(n, seed=0)`` gives the cells of a GDELT 2.0 event file (``write_gdelt`` writes
one: tab-separated, no header).

The data is synthetic: the actor and place names are real names used to look realistic, but no
row describes a real event.

Command line::

    python -m timeline.synthetic N OUT.csv [--seed S] [--date-format iso|dayfirst] [--inter numeric|text]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from .atomic import atomic_write

__all__ = ["ACLED_COLUMNS", "generate_acled", "write_acled", "generate_gdelt", "write_gdelt", "main"]

#: The columns of a current ACLED export, in ACLED's order.
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
]

FIRST_DAY = pd.Timestamp("2023-04-01")
N_DAYS = 731  # two years, to 2025-03-31

# (event_type, share, disorder_type, [(sub_event_type, share within the type, P(fatalities > 0),
#   mean fatalities when > 0, verb for the notes)])
_TYPES = [
    ("Explosions/Remote violence", 0.44, "Political violence", [
        ("Shelling/artillery/missile attack", 0.55, 0.25, 2.0, "shelled positions near"),
        ("Air/drone strike", 0.30, 0.40, 3.0, "carried out a drone strike on"),
        ("Remote explosive/landmine/IED", 0.13, 0.45, 1.8, "detonated an explosive device in"),
        ("Grenade", 0.02, 0.30, 1.2, "threw a grenade in"),
    ]),
    ("Battles", 0.20, "Political violence", [
        ("Armed clash", 0.92, 0.45, 3.5, "clashed with fighters in"),
        ("Government regains territory", 0.04, 0.60, 6.0, "regained control of"),
        ("Non-state actor overtakes territory", 0.04, 0.60, 6.0, "took control of"),
    ]),
    ("Violence against civilians", 0.12, "Political violence", [
        ("Attack", 0.78, 0.80, 1.6, "attacked civilians in"),
        ("Abduction/forced disappearance", 0.20, 0.02, 1.0, "abducted civilians in"),
        ("Sexual violence", 0.02, 0.10, 1.0, "committed sexual violence in"),
    ]),
    ("Protests", 0.11, "Demonstrations", [
        ("Peaceful protest", 0.93, 0.0, 0.0, "protested in"),
        ("Protest with intervention", 0.06, 0.02, 1.0, "protested and were dispersed in"),
        ("Excessive force against protesters", 0.01, 0.50, 2.0, "fired on protesters in"),
    ]),
    ("Riots", 0.02, "Political violence; Demonstrations", [
        ("Violent demonstration", 0.65, 0.03, 1.0, "rioted in"),
        ("Mob violence", 0.35, 0.15, 1.0, "attacked people in"),
    ]),
    ("Strategic developments", 0.11, "Strategic developments", [
        ("Looting/property destruction", 0.30, 0.0, 0.0, "looted property in"),
        ("Arrests", 0.25, 0.0, 0.0, "arrested people in"),
        ("Disrupted weapons use", 0.20, 0.05, 1.0, "defused explosives in"),
        ("Change to group/activity", 0.10, 0.0, 0.0, "changed activity in"),
        ("Agreement", 0.05, 0.0, 0.0, "reached an agreement in"),
        ("Headquarters or base established", 0.04, 0.0, 0.0, "established a base in"),
        ("Non-violent transfer of territory", 0.03, 0.0, 0.0, "took over without fighting"),
        ("Other", 0.03, 0.0, 0.0, "were active in"),
    ]),
]

# (actor, inter code, assoc actors to draw from)
_ACTORS = [
    ("Military Forces of Syria (2024-)", 1, ["General Security Service", ""]),
    ("Military Forces of Syria (2000-2024)", 1, [""]),
    ("HTS: Hayat Tahrir al Sham", 2, [""]),
    ("SDF: Syrian Democratic Forces", 2, ["YPG: People's Protection Units", "Asayish", ""]),
    ("SNA: Syrian National Army", 2, ["Sultan Murad Division", "Hamza Division", ""]),
    ("Islamic State (Syria)", 2, [""]),
    ("Military Forces of Turkey (2016-)", 8, [""]),
    ("Military Forces of Israel (2022-)", 8, [""]),
    ("Military Forces of Russia (2000-)", 8, [""]),
    ("Druze Militia (Syria)", 4, ["Men of Dignity", ""]),
    ("Alawite Ethnic Militia (Syria)", 4, [""]),
    ("Unidentified Armed Group (Syria)", 3, [""]),
    ("Unidentified Military Forces", 8, [""]),
    ("Government of Syria (2024-)", 1, [""]),
]
_INTER_TEXT = {1: "State forces", 2: "Rebel group", 3: "Political militia", 4: "Identity militia",
               5: "Rioters", 6: "Protesters", 7: "Civilians", 8: "External/Other forces"}
_CIVILIANS = ("Civilians (Syria)", 7, ["Farmers (Syria)", "Health Workers (Syria)", "Women (Syria)", "", "", ""])
_PROTESTERS = ("Protesters (Syria)", 6, ["Teachers (Syria)", "Students (Syria)", "Druze Group (Syria)", "", ""])
_RIOTERS = ("Rioters (Syria)", 5, ["", ""])

# governorate: (centre lat, centre lon, spread in degrees, weight, districts)
_GOVERNORATES = {
    "Aleppo": (36.20, 37.15, 0.45, 0.20, ["Jebel Saman", "Afrin", "Azaz", "Menbij", "Al Bab", "Ain al Arab"]),
    "Idleb": (35.85, 36.65, 0.30, 0.17, ["Idleb", "Ariha", "Jisr-Ash-Shugur", "Harim", "Maarrat An Nu'man"]),
    "Deir ez Zor": (35.20, 40.25, 0.55, 0.14, ["Deir-ez-Zor", "Al Mayadin", "Abu Kamal"]),
    "Hama": (35.15, 36.70, 0.35, 0.09, ["Hama", "As-Salamiyeh", "Muhradah", "As-Suqaylabiyah"]),
    "Dar'a": (32.75, 36.15, 0.25, 0.08, ["Dar'a", "Izra'", "As-Sanamayn"]),
    "Raqqa": (35.95, 38.95, 0.45, 0.06, ["Ar-Raqqa", "Tell Abiad", "Ath-Thawrah"]),
    "Al Hasakeh": (36.55, 40.85, 0.50, 0.06, ["Al-Hasakeh", "Quamishli", "Ras Al Ain", "Al-Malikeyyeh"]),
    "Rural Damascus": (33.55, 36.45, 0.35, 0.05, ["Duma", "Az-Zabdani", "Qatana", "Yabroud"]),
    "Homs": (34.75, 37.00, 0.60, 0.05, ["Homs", "Tadmor", "Al Qusayr", "Ar-Rastan"]),
    "Latakia": (35.55, 35.90, 0.25, 0.03, ["Lattakia", "Jablah", "Al-Haffa", "Al-Qardaha"]),
    "As-Sweida": (32.70, 36.60, 0.25, 0.03, ["As-Sweida", "Salkhad", "Shahba"]),
    "Tartous": (35.00, 36.00, 0.20, 0.02, ["Tartous", "Banyas", "Safita"]),
    "Quneitra": (33.10, 35.85, 0.12, 0.01, ["Quneitra", "Al Fiq"]),
    "Damascus": (33.51, 36.29, 0.04, 0.01, ["Damascus"]),
}

# Real towns: (English, Arabic, governorate, approximate lat, lon)
_TOWNS = [
    ("Aleppo", "حلب", "Aleppo", 36.20, 37.16), ("Idlib", "إدلب", "Idleb", 35.93, 36.63),
    ("Deir ez Zor", "دير الزور", "Deir ez Zor", 35.34, 40.14), ("Hama", "حماة", "Hama", 35.13, 36.75),
    ("Daraa", "درعا", "Dar'a", 32.62, 36.10), ("Raqqa", "الرقة", "Raqqa", 35.95, 39.01),
    ("Al Hasakah", "الحسكة", "Al Hasakeh", 36.50, 40.75), ("Douma", "دوما", "Rural Damascus", 33.57, 36.40),
    ("Homs", "حمص", "Homs", 34.73, 36.71), ("Latakia", "اللاذقية", "Latakia", 35.52, 35.79),
    ("Suwayda", "السويداء", "As-Sweida", 32.71, 36.57), ("Tartus", "طرطوس", "Tartous", 34.89, 35.89),
    ("Quneitra", "القنيطرة", "Quneitra", 33.13, 35.82), ("Damascus", "دمشق", "Damascus", 33.51, 36.29),
    ("Jableh", "جبلة", "Latakia", 35.36, 35.93), ("Baniyas", "بانياس", "Tartous", 35.18, 35.95),
    ("Al Mayadin", "الميادين", "Deir ez Zor", 35.02, 40.45), ("Abu Kamal", "البوكمال", "Deir ez Zor", 34.45, 40.92),
    ("Manbij", "منبج", "Aleppo", 36.53, 37.95), ("Al Bab", "الباب", "Aleppo", 36.37, 37.52),
    ("Azaz", "أعزاز", "Aleppo", 36.59, 37.05), ("Afrin", "عفرين", "Aleppo", 36.51, 36.87),
    ("Kobani", "عين العرب", "Aleppo", 36.89, 38.35), ("Qamishli", "القامشلي", "Al Hasakeh", 37.05, 41.23),
    ("Ras al Ain", "رأس العين", "Al Hasakeh", 36.85, 40.07), ("Tell Abyad", "تل أبيض", "Raqqa", 36.70, 38.95),
    ("Saraqib", "سراقب", "Idleb", 35.86, 36.80), ("Maarrat al Numan", "معرة النعمان", "Idleb", 35.65, 36.67),
    ("Ariha", "أريحا", "Idleb", 35.81, 36.61), ("Jisr al Shughur", "جسر الشغور", "Idleb", 35.81, 36.32),
    ("Salamiyah", "السلمية", "Hama", 35.01, 37.05), ("Mhardeh", "محردة", "Hama", 35.25, 36.57),
    ("Suqaylabiyah", "السقيلبية", "Hama", 35.37, 36.39), ("Palmyra", "تدمر", "Homs", 34.56, 38.28),
    ("Al Qusayr", "القصير", "Homs", 34.51, 36.58), ("Rastan", "الرستن", "Homs", 34.93, 36.73),
    ("Zabadani", "الزبداني", "Rural Damascus", 33.72, 36.10), ("Yabroud", "يبرود", "Rural Damascus", 33.97, 36.66),
    ("Qardaha", "القرداحة", "Latakia", 35.45, 36.06), ("Haffah", "الحفة", "Latakia", 35.60, 36.03),
    ("Safita", "صافيتا", "Tartous", 34.82, 36.12), ("Salkhad", "صلخد", "As-Sweida", 32.49, 36.71),
    ("Shahba", "شهبا", "As-Sweida", 32.85, 36.63), ("Izra", "إزرع", "Dar'a", 32.86, 36.25),
    ("Nawa", "نوى", "Dar'a", 32.89, 36.04), ("Busra al Sham", "بصرى الشام", "Dar'a", 32.52, 36.48),
    ("Tafas", "طفس", "Dar'a", 32.74, 36.07), ("Jasim", "جاسم", "Dar'a", 32.99, 36.06),
    ("Hajin", "هجين", "Deir ez Zor", 34.69, 40.83), ("Al Shuhayl", "الشحيل", "Deir ez Zor", 35.13, 40.38),
    ("Dhiban", "ذيبان", "Deir ez Zor", 35.01, 40.50), ("Al Busayrah", "البصيرة", "Deir ez Zor", 35.16, 40.43),
    ("Khan Shaykhun", "خان شيخون", "Idleb", 35.44, 36.65), ("Kafr Nabl", "كفرنبل", "Idleb", 35.61, 36.56),
    ("Sarmada", "سرمدا", "Idleb", 36.18, 36.72), ("Al Dana", "الدانا", "Idleb", 36.21, 36.77),
    ("Atarib", "الأتارب", "Aleppo", 36.14, 36.83), ("Darat Izza", "دارة عزة", "Aleppo", 36.28, 36.85),
    ("Tadif", "تادف", "Aleppo", 36.35, 37.53), ("Jarabulus", "جرابلس", "Aleppo", 36.82, 38.01),
]
_PREFIXES = [("Tell", "تل"), ("Kafr", "كفر"), ("Ain", "عين"), ("Deir", "دير"), ("Khirbet", "خربة"),
             ("Jabal", "جبل"), ("Wadi", "وادي"), ("Qasr", "قصر"), ("Bir", "بئر"), ("Marj", "مرج")]
_STEMS = [("Abyad", "أبيض"), ("Hamra", "حمرا"), ("Sultan", "سلطان"), ("Ali", "علي"), ("Hasan", "حسن"),
          ("Zaytun", "زيتون"), ("Nahr", "نهر"), ("Shams", "شمس"), ("Rifaat", "رفعت"), ("Aswad", "أسود"),
          ("Ghazal", "غزال"), ("Karim", "كريم"), ("Salam", "سلام"), ("Jadid", "جديد"), ("Qadim", "قديم"),
          ("Sharqi", "شرقي"), ("Gharbi", "غربي"), ("Tahta", "تحتا"), ("Fawqa", "فوقا"), ("Kabir", "كبير")]

_SOURCES = ["Syrian Observatory for Human Rights", "SANA", "Enab Baladi", "North Press Agency",
            "Step News Agency", "Syria TV", "Halab Today TV", "Deir Ezzor 24", "Hawar News Agency",
            "Suwayda 24", "Reuters", "AFP", "Al Jazeera", "Syrian Network for Human Rights",
            "Levant 24", "Horan Free League"]
_SOURCE_W = np.array([30, 10, 8, 8, 8, 6, 4, 5, 5, 3, 3, 2, 2, 3, 2, 2], dtype=float)
_SCALES = ["National", "Subnational", "Local partner-National", "Subnational-National",
           "New media", "International", "Other-National"]
_SCALE_W = np.array([40, 25, 12, 10, 6, 5, 2], dtype=float)


def _norm(w) -> np.ndarray:
    w = np.asarray(w, dtype=float)
    return w / w.sum()


def _day_weights(rng: np.random.Generator) -> np.ndarray:
    """Relative intensity of each day: weekly rhythm, noise, and a few bursts."""
    days = np.arange(N_DAYS)
    dates = FIRST_DAY + pd.to_timedelta(days, unit="D")
    w = 1.0 + 0.15 * (dates.day_of_week.to_numpy() == 4) * -1  # quieter Fridays
    w = w * rng.lognormal(0.0, 0.25, N_DAYS)
    for start, length, height in (("2023-10-05", 10, 1.8), ("2024-11-27", 14, 3.0),
                                  ("2025-03-06", 6, 3.5), ("2024-06-10", 20, 0.6)):
        i0 = (pd.Timestamp(start) - FIRST_DAY).days
        bump = height * np.exp(-0.5 * ((days - i0 - length / 2) / (length / 2)) ** 2)
        w = w * (1.0 + bump)
    return w


def _locations(rng: np.random.Generator, n_loc: int = 300) -> pd.DataFrame:
    """About 300 places: real town names first, then made-up village names, some in Arabic script."""
    govs = list(_GOVERNORATES)
    gw = _norm([_GOVERNORATES[g][3] for g in govs])
    names_en = [t[0] for t in _TOWNS]
    names_ar = [t[1] for t in _TOWNS]
    gov = [govs.index(t[2]) for t in _TOWNS]
    lat = [t[3] for t in _TOWNS]
    lon = [t[4] for t in _TOWNS]
    # made-up villages around the governorates' centres
    n_made = max(n_loc - len(_TOWNS), 0)
    made_gov = rng.choice(len(govs), size=n_made, p=gw)
    for i in range(n_made):
        p, s = _PREFIXES[i % len(_PREFIXES)], _STEMS[(i // len(_PREFIXES)) % len(_STEMS)]
        names_en.append(f"{p[0]} {s[0]}")
        names_ar.append(f"{p[1]} {s[1]}")
        g = govs[made_gov[i]]
        c_lat, c_lon, spread = _GOVERNORATES[g][0], _GOVERNORATES[g][1], _GOVERNORATES[g][2]
        gov.append(int(made_gov[i]))
        lat.append(c_lat + rng.normal(0, spread / 2))
        lon.append(c_lon + rng.normal(0, spread / 2))
    names_en, names_ar, gov = names_en[:n_loc], names_ar[:n_loc], np.array(gov[:n_loc])
    lat, lon = np.array(lat[:n_loc]), np.array(lon[:n_loc])
    # ACLED writes locations in English; about one in ten here is in Arabic script, as in files
    # edited by local partners.
    arabic = rng.random(n_loc) < 0.10
    location = np.where(arabic, names_ar, names_en)
    admin2 = [rng.choice(_GOVERNORATES[govs[g]][4]) for g in gov]
    # popularity: a few places see most events (Zipf-like)
    pop = 1.0 / np.arange(1, n_loc + 1) ** 0.9
    rng.shuffle(pop)
    return pd.DataFrame({
        "admin1": [govs[g] for g in gov],
        "admin2": admin2,
        "admin3": [f"{a} Subdistrict" for a in admin2],
        "location": location,
        "latitude": np.round(np.clip(lat, 32.32, 37.32), 4),
        "longitude": np.round(np.clip(lon, 35.73, 42.37), 4),
        "weight": pop,
    })


def _fmt_dates(dates: pd.DatetimeIndex, date_format: str) -> np.ndarray:
    """Format each distinct day once and broadcast."""
    codes, uniq = pd.factorize(dates)
    if date_format == "iso":
        text = uniq.strftime("%Y-%m-%d")
    elif date_format == "dayfirst":
        text = uniq.strftime("%d %B %Y")
    else:
        raise ValueError(f"date_format must be 'iso' or 'dayfirst', got {date_format!r}")
    return np.asarray(text, dtype=object)[codes]


def generate_acled(n: int, seed: int = 0, *, date_format: str = "iso", inter: str = "text") -> pd.DataFrame:
    """``n`` rows of synthetic, ACLED-shaped events in Syria; the same ``seed`` gives the same rows.

    ``date_format``: ``"iso"`` (``2025-03-08``) or ``"dayfirst"`` (``08 March 2025``, as in ACLED's
    export tool). ``inter``: ``"text"`` (``State forces``, as in current exports) or ``"numeric"``
    (``1``, as in files before 2024).
    """
    if n < 0:
        raise ValueError(f"n must be 0 or more, got {n}")
    if inter not in ("text", "numeric"):
        raise ValueError(f"inter must be 'text' or 'numeric', got {inter!r}")
    rng = np.random.default_rng(seed)

    # --- when --------------------------------------------------------------------------------
    day = rng.choice(N_DAYS, size=n, p=_norm(_day_weights(rng)))
    dates = FIRST_DAY + pd.to_timedelta(day, unit="D")
    tp = rng.choice(np.array([1, 2, 3]), size=n, p=[0.94, 0.04, 0.02])
    # ACLED codes a month-precision event to the middle of the month
    mid_month = dates.to_period("M").to_timestamp() + pd.Timedelta(days=14)
    dates = pd.DatetimeIndex(np.where(tp == 3, mid_month, dates))

    # --- what --------------------------------------------------------------------------------
    et_idx = rng.choice(len(_TYPES), size=n, p=_norm([t[1] for t in _TYPES]))
    sub_names, sub_p0, sub_mean, sub_verb, sub_type, sub_disorder = [], [], [], [], [], []
    sub_of_type: list[np.ndarray] = []
    for ti, (etype, _, disorder, subs) in enumerate(_TYPES):
        first = len(sub_names)
        for name, _, pfat, mean, verb in subs:
            sub_names.append(name)
            sub_p0.append(pfat)
            sub_mean.append(mean)
            sub_verb.append(verb)
            sub_type.append(ti)
            sub_disorder.append(disorder)
        sub_of_type.append(np.arange(first, len(sub_names)))
    sub = np.empty(n, dtype=np.int64)
    for ti, (_, _, _, subs) in enumerate(_TYPES):
        mask = et_idx == ti
        sub[mask] = rng.choice(sub_of_type[ti], size=int(mask.sum()), p=_norm([s[1] for s in subs]))
    etypes = np.array([t[0] for t in _TYPES], dtype=object)
    sub_names_a = np.array(sub_names, dtype=object)

    # --- who ---------------------------------------------------------------------------------
    armed_w = _norm([14, 3, 6, 12, 12, 8, 9, 4, 3, 2, 2, 20, 2, 1])
    a1 = rng.choice(len(_ACTORS), size=n, p=armed_w)
    a2 = rng.choice(len(_ACTORS), size=n, p=armed_w)
    a2 = np.where(a2 == a1, (a2 + 3) % len(_ACTORS), a2)
    pool = _ACTORS + [_CIVILIANS, _PROTESTERS, _RIOTERS]
    civ, prot, riot, none = len(_ACTORS), len(_ACTORS) + 1, len(_ACTORS) + 2, -1
    et_name = etypes[et_idx]
    is_vac = et_name == "Violence against civilians"
    a2 = np.where(is_vac, civ, a2)
    a1 = np.where(et_name == "Protests", prot, a1)
    a2 = np.where(et_name == "Protests", np.where(rng.random(n) < 0.1, a2, none), a2)
    a1 = np.where(et_name == "Riots", riot, a1)
    a2 = np.where(et_name == "Riots", np.where(rng.random(n) < 0.5, civ, none), a2)
    a2 = np.where((et_name == "Strategic developments") & (rng.random(n) < 0.6), none, a2)
    a2 = np.where((et_name == "Explosions/Remote violence") & (rng.random(n) < 0.15), civ, a2)
    names = np.array([p[0] for p in pool] + [""], dtype=object)
    codes = np.array([p[1] for p in pool] + [0])
    actor1, actor2 = names[a1], names[a2]
    inter1_n, inter2_n = codes[a1], codes[a2]

    def assoc(idx: np.ndarray) -> np.ndarray:
        out = np.full(n, "", dtype=object)
        pick = rng.random(n)
        for k, (_, _, assocs) in enumerate(pool):
            mask = idx == k
            if mask.any():
                choices = np.array(assocs, dtype=object)
                out[mask] = choices[(pick[mask] * len(choices)).astype(int)]
        return out

    assoc1, assoc2 = assoc(a1), assoc(a2)
    lo, hi = np.minimum(inter1_n, inter2_n), np.maximum(inter1_n, inter2_n)
    lo_, hi_ = np.where(lo == 0, hi, lo), np.where(lo == 0, 0, hi)
    pair = lo_ * 9 + hi_  # each distinct pair of codes is written once below
    if inter == "numeric":
        codes_text = np.array([""] + [str(k) for k in range(1, 9)], dtype=object)
        pair_text = np.array([str(a * 10 + b) for a in range(9) for b in range(9)], dtype=object)
    else:
        codes_text = np.array([""] + [_INTER_TEXT[k] for k in range(1, 9)], dtype=object)
        pair_text = np.array([f"{codes_text[a]}-{codes_text[b]}" if b else f"{codes_text[a]} only"
                              for a in range(9) for b in range(9)], dtype=object)
    inter1, inter2, interaction = codes_text[inter1_n], codes_text[inter2_n], pair_text[pair]
    civ_target = np.where(is_vac | (a2 == civ) & (et_name == "Explosions/Remote violence"),
                          "Civilian targeting", "").astype(object)

    # --- where -------------------------------------------------------------------------------
    locs = _locations(rng)
    li = rng.choice(len(locs), size=n, p=_norm(locs["weight"]))
    geo = rng.choice(np.array([1, 2, 3]), size=n, p=[0.76, 0.19, 0.05])

    # --- how many, and from whom -------------------------------------------------------------
    p_fat = np.array(sub_p0)[sub]
    mean = np.array(sub_mean)[sub]
    has = rng.random(n) < p_fat
    fat = np.where(has, 1 + rng.poisson(np.maximum(mean - 1, 0)), 0)
    big = has & (rng.random(n) < 0.003)
    fat = np.where(big, fat + rng.integers(10, 120, n), fat)
    s1 = rng.choice(len(_SOURCES), size=n, p=_norm(_SOURCE_W))
    s2 = rng.choice(len(_SOURCES), size=n, p=_norm(_SOURCE_W))
    two = (rng.random(n) < 0.25) & (s1 != s2)
    src_pairs = np.array([a if i == j else f"{a}; {b}" for i, a in enumerate(_SOURCES)
                          for j, b in enumerate(_SOURCES)], dtype=object)
    source = src_pairs[s1 * len(_SOURCES) + np.where(two, s2, s1)]
    scale = np.array(_SCALES, dtype=object)[rng.choice(len(_SCALES), size=n, p=_norm(_SCALE_W))]
    tags = np.where(et_name == "Protests", np.where(rng.random(n) < 0.8, "crowd size=no report",
                                                    "crowd size=around 50"), "").astype(object)
    ts_base = (dates.to_numpy().astype("datetime64[s]").astype(np.int64))
    timestamp = ts_base + rng.integers(2, 21, n) * 86400 + rng.integers(0, 86400, n)

    # --- the notes: one short sentence, from parts each written once --------------------------
    loc_name = locs["location"].to_numpy(dtype=object)[li]
    coded_day = ((dates - FIRST_DAY) // pd.Timedelta(days=1)).to_numpy()
    when_codes, when_uniq = pd.factorize(pd.Series(tp * 100_000 + coded_day))

    def when(key: int) -> str:
        p, d = key // 100_000, FIRST_DAY + pd.Timedelta(days=key % 100_000)
        if p == 3:
            return f"In {d:%B %Y}, "
        return ("On " if p == 1 else "During the week of ") + f"{d:%d %B %Y}, "

    when_text = np.array([when(int(k)) for k in when_uniq], dtype=object)
    who_text = np.array([(p[0] or "Unidentified people") + " " for p in pool] + ["Unidentified people "],
                        dtype=object)
    n_loc = len(locs)
    place_text = (" " + locs["location"] + " (" + locs["admin2"] + ", " + locs["admin1"] + ")").to_numpy(dtype=object)
    what_text = np.array([verb + place_text[k] for verb in sub_verb for k in range(n_loc)], dtype=object)
    fat_codes, fat_uniq = pd.factorize(pd.Series(fat))
    fat_text = np.array([". No fatalities were reported." if f == 0 else ". 1 person was killed." if f == 1
                         else f". {f} people were killed." for f in fat_uniq], dtype=object)
    notes = when_text[when_codes] + who_text[a1] + what_text[sub * n_loc + li] + fat_text[fat_codes]

    ids = ("SYR" + pd.Series(100000 + np.arange(n)).astype("str")).to_numpy(dtype=object)
    df = pd.DataFrame({
        "event_id_cnty": ids,
        "event_date": _fmt_dates(dates, date_format),
        "year": dates.year.to_numpy(),
        "time_precision": tp,
        "disorder_type": np.array(sub_disorder, dtype=object)[sub],
        "event_type": et_name,
        "sub_event_type": sub_names_a[sub],
        "actor1": actor1,
        "assoc_actor_1": assoc1,
        "inter1": inter1,
        "actor2": actor2,
        "assoc_actor_2": assoc2,
        "inter2": inter2,
        "interaction": interaction,
        "civilian_targeting": civ_target,
        "iso": np.full(n, 760),
        "region": np.full(n, "Middle East", dtype=object),
        "country": np.full(n, "Syria", dtype=object),
        "admin1": locs["admin1"].to_numpy(dtype=object)[li],
        "admin2": locs["admin2"].to_numpy(dtype=object)[li],
        "admin3": locs["admin3"].to_numpy(dtype=object)[li],
        "location": loc_name,
        "latitude": locs["latitude"].to_numpy()[li],
        "longitude": locs["longitude"].to_numpy()[li],
        "geo_precision": geo,
        "source": source,
        "source_scale": scale,
        "notes": notes,
        "fatalities": fat.astype(np.int64),
        "tags": tags,
        "timestamp": timestamp.astype(np.int64),
    }, columns=ACLED_COLUMNS)
    return df


def _cell(value) -> str:
    """One CSV cell as ``csv.QUOTE_MINIMAL`` writes it."""
    text = value if isinstance(value, str) else repr(float(value)) if isinstance(value, float) else str(value)
    if any(ch in text for ch in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv_column(s: pd.Series) -> np.ndarray:
    """A column's cells as text: each distinct value formatted and quoted once."""
    codes, uniques = pd.factorize(s, use_na_sentinel=False)
    return np.array([_cell(u) for u in uniques], dtype=object)[codes]


def write_acled(df: pd.DataFrame, path: str | Path) -> Path:
    """Write ``df`` as an ACLED-style CSV (UTF-8, comma-separated, a header row, ``\\n`` line ends,
    fields quoted only where needed), atomically. Returns the path."""
    path = Path(path)
    cells = [_csv_column(df[col]).tolist() for col in df.columns]
    header = ",".join(_cell(c) for c in df.columns)
    def write(fh) -> None:
        fh.write(header + "\n")
        step = 100_000
        for start in range(0, len(df), step):
            rows = zip(*(c[start:start + step] for c in cells))
            fh.write("\n".join(map(",".join, rows)) + "\n")

    return atomic_write(path, write)


#: GDELT-style actors (name, CAMEO code) drawn for the synthetic GDELT rows; "" is no actor.
_GDELT_ACTORS = [("SYRIA", "SYR"), ("MILITARY", "MIL"), ("REBEL", "REB"), ("GOVERNMENT", "GOV"), ("CIVILIAN", "CVL"),
                 ("POLICE", "COP"), ("TURKEY", "TUR"), ("RUSSIA", "RUS"), ("ISRAEL", "ISR"),
                 ("UNITED NATIONS", "UNO"), ("DAMASCUS", "SYR"), ("KURD", "KUR"), ("", "")]
_GDELT_ACTOR_W = np.array([14, 12, 10, 10, 8, 4, 5, 4, 4, 3, 3, 3, 8], dtype=float)
#: CAMEO root codes 01–20 and how often each is drawn.
_ROOT_W = np.array([20, 4, 6, 14, 4, 2, 3, 2, 1, 3, 6, 2, 2, 3, 2, 1, 4, 6, 12, 1], dtype=float)


def generate_gdelt(n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` rows of synthetic GDELT 2.0 events in Syria, as the cells of an event file (text, the 61
    columns of :data:`timeline.io.GDELT_NAMES` in order); the same ``seed`` gives the same rows. Real
    town names and made-up feature ids, codes and figures; every URL is under ``example.org``; about
    a tenth of the rows are coded to the whole country and a few have no location."""
    from .io.columns import GDELT_NAMES

    if n < 0:
        raise ValueError(f"n must be 0 or more, got {n}")
    rng = np.random.default_rng(seed)
    day = FIRST_DAY + pd.to_timedelta(rng.choice(N_DAYS, size=n, p=_norm(_day_weights(rng))), unit="D")
    ymd = day.strftime("%Y%m%d").to_numpy(dtype=object)
    govs = list(_GOVERNORATES)
    town = rng.integers(0, len(_TOWNS), size=n)
    where = rng.choice(3, size=n, p=[0.87, 0.10, 0.03])  # a town, the country, none
    t_name = np.array([f"{t[0]}, {t[2]}, Syria" for t in _TOWNS], dtype=object)[town]
    t_adm1 = np.array([f"SY{govs.index(t[2]) + 1:02d}" for t in _TOWNS], dtype=object)[town]
    t_fid = np.array([str(-2_900_000 - i) for i in range(len(_TOWNS))], dtype=object)[town]
    t_lat = np.array([f"{t[3]:.4f}" for t in _TOWNS], dtype=object)[town]
    t_lon = np.array([f"{t[4]:.4f}" for t in _TOWNS], dtype=object)[town]

    def pick(town_v, country_v, none_v=""):
        return np.where(where == 0, town_v, np.where(where == 1, country_v, none_v))

    a1, a2 = (rng.choice(len(_GDELT_ACTORS), size=n, p=_norm(_GDELT_ACTOR_W)) for _ in range(2))
    names = np.array([a[0] for a in _GDELT_ACTORS], dtype=object)
    codes = np.array([a[1] for a in _GDELT_ACTORS], dtype=object)
    root = rng.choice(20, size=n, p=_norm(_ROOT_W)) + 1
    root_s = np.array([f"{r:02d}" for r in range(21)], dtype=object)[root]
    event = root_s + rng.integers(0, 5, size=n).astype(str).astype(object)
    mentions = rng.geometric(0.3, size=n)
    added = (day + pd.to_timedelta(rng.integers(0, 96, size=n) * 15 + 24 * 60, unit="min")).strftime("%Y%m%d%H%M%S")
    blank = np.full(n, "", dtype=object)
    cols = {name: blank for name in GDELT_NAMES}
    cols.update({
        "GLOBALEVENTID": (1_100_000_000 + np.arange(n)).astype(str), "SQLDATE": ymd,
        "MonthYear": day.strftime("%Y%m").to_numpy(dtype=object), "Year": day.strftime("%Y").to_numpy(dtype=object),
        "FractionDate": np.char.mod("%.4f", day.year + (day.month * 30 + day.day) / 365),
        "Actor1Code": codes[a1], "Actor1Name": names[a1], "Actor2Code": codes[a2], "Actor2Name": names[a2],
        "IsRootEvent": rng.integers(0, 2, size=n).astype(str), "EventCode": event, "EventBaseCode": event,
        "EventRootCode": root_s, "QuadClass": np.where(root <= 5, "1", np.where(root <= 8, "2", np.where(
            root <= 13, "3", "4"))).astype(object),
        "GoldsteinScale": np.char.mod("%.1f", np.round(10 - root + rng.normal(0, 1, n).clip(-2, 2), 1).clip(-10, 10)),
        "NumMentions": mentions.astype(str), "NumSources": np.minimum(mentions, rng.geometric(0.6, size=n)).astype(str),
        "NumArticles": mentions.astype(str), "AvgTone": np.char.mod("%.6f", rng.normal(-4, 3, n).clip(-30, 20)),
        "ActionGeo_Type": pick("4", "1"), "ActionGeo_FullName": pick(t_name, "Syria"),
        "ActionGeo_CountryCode": pick("SY", "SY"), "ActionGeo_ADM1Code": pick(t_adm1, "SY"),
        "ActionGeo_Lat": pick(t_lat, "35"), "ActionGeo_Long": pick(t_lon, "38"), "ActionGeo_FeatureID": pick(t_fid, "SY"),
        "DATEADDED": added.to_numpy(dtype=object),
        "SOURCEURL": np.char.add("https://example.org/news/", (np.arange(n) // 3).astype(str)).astype(object),
    })
    return pd.DataFrame({k: np.asarray(v, dtype=object) for k, v in cols.items()}).astype("str")


def write_gdelt(df: pd.DataFrame, path: str | Path) -> Path:
    """Write ``df`` (from :func:`generate_gdelt`) as a GDELT 2.0 event file — tab-separated, no header,
    ``\n`` line ends — atomically. Returns the path."""
    path = Path(path)
    cells = [df[c].tolist() for c in df.columns]
    return atomic_write(path, lambda fh: fh.write("".join("\t".join(r) + "\n" for r in zip(*cells))))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m timeline.synthetic",
        description="Write N rows of synthetic ACLED-shaped events in Syria to a CSV file.",
    )
    parser.add_argument("n", type=int, metavar="N", help="number of rows")
    parser.add_argument("out", type=Path, metavar="OUT.csv", help="file to write")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--date-format", choices=("iso", "dayfirst"), default="iso",
                        help="event_date as 2025-03-08 (iso, default) or 08 March 2025 (dayfirst)")
    parser.add_argument("--inter", choices=("text", "numeric"), default="text",
                        help="inter1/inter2 as text (default, as in current exports) or numeric codes")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error(f"N must be 0 or more, got {args.n}")
    df = generate_acled(args.n, seed=args.seed, date_format=args.date_format, inter=args.inter)
    write_acled(df, args.out)
    print(f"wrote {len(df):,} rows to {args.out}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
