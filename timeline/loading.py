"""Load a data folder (the bundled one by default) into a validated :class:`~timeline.model.Timeline`."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .errors import Problem, TimelineDataError
from .model import Timeline, actor_table_from_names
from .schema import TABLES
from .validate import RawTable, check_refs, check_table, read_csv_table, rows_where, split_list

__all__ = ["load", "bundled_data_dir", "file_label"]


def bundled_data_dir() -> Path:
    """The folder of the data shipped with the package."""
    here = Path(__file__).resolve().parent
    installed = here / "_data"  # wheels carry data/ as timeline/_data
    if installed.is_dir():
        return installed
    return here.parent / "data"  # a source checkout or editable install


def file_label(path: Path) -> str:
    """The file name as the user will recognise it: relative to the working folder when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load(path: str | Path | None = None, *, name: str | None = None) -> Timeline:
    """Load and validate a data folder (``events.csv``, ``places.csv``, ``sources.csv``,
    ``casualty_reports.csv``, ``phases.csv``, and optionally ``actors.csv``); the bundled data
    when ``path`` is ``None``. Without ``actors.csv`` the events' actors are free-text names.

    Raises :class:`~timeline.errors.TimelineDataError` listing every problem found, each as
    ``FILE:LINE: column 'NAME': what is wrong (got 'VALUE')``. No row is ever dropped.
    """
    folder = Path(path) if path is not None else bundled_data_dir()
    if not folder.is_dir():
        raise TimelineDataError([Problem(str(folder), 0, None, "not a folder (expected a folder with "
                                         + ", ".join(t.file for t in TABLES.values() if not t.optional)
                                         + ")")])
    problems: list[Problem] = []
    raws: dict[str, RawTable] = {}
    typed: dict[str, pd.DataFrame] = {}
    for key, table in TABLES.items():
        if table.optional and not (folder / table.file).exists():
            continue
        raw, probs = read_csv_table(folder / table.file, table, label=file_label(folder / table.file))
        problems += probs
        if raw is None:
            continue
        df, probs = check_table(raw, table)
        problems += probs
        raws[key], typed[key] = raw, df

    problems += _check_rows(raws, typed)
    links, probs = _check_references(raws, typed)
    problems += probs
    if problems:
        raise TimelineDataError(problems)

    ev = typed["events"]
    ev = _with_span_end(ev)
    return Timeline(
        events=ev,
        places=typed["places"],
        sources=typed["sources"],
        casualty_reports=typed["casualty_reports"],
        phases=typed["phases"],
        event_places=links["event_places"],
        event_sources=links["event_sources"],
        event_actors=links["event_actors"],
        report_sources=links["report_sources"],
        actor_table=links["actor_table"],
        path=folder,
        name=name or ("Syria timeline" if path is None else folder.name),
    )


def _with_span_end(ev: pd.DataFrame) -> pd.DataFrame:
    last = ev["end"].fillna(ev["start"])
    month = ev["end_is_month"].where(ev["end"].notna(), ev["start_is_month"]).astype(bool)
    month_end = (last + pd.offsets.MonthEnd(0)).astype(last.dtype)
    span_end = last.where(~month, month_end)
    ev = ev.drop(columns=["start_is_month", "end_is_month"])
    pos = ev.columns.get_loc("end") + 1
    ev.insert(pos, "span_end", span_end)
    return ev


def _check_rows(raws: dict[str, RawTable], typed: dict[str, pd.DataFrame]) -> list[Problem]:
    """Checks across the columns of one row: end before start, precision against the date format."""
    problems: list[Problem] = []
    for key, (a, b) in {"events": ("start", "end"), "phases": ("start", "end"),
                        "casualty_reports": ("period_start", "period_end")}.items():
        if key not in typed:
            continue
        df, raw = typed[key], raws[key]
        before = (df[b] < df[a]).fillna(False).to_numpy(dtype=bool)
        problems += rows_where(raw, before, b, f"ends before it starts (expected on or after {a})",
                               raw.frame[b] if b in raw.frame else df[b].astype(str))
    if "events" in typed:
        df, raw = typed["events"], raws["events"]
        prec = df["date_precision"].astype("object").fillna("").astype(str).to_numpy()
        for col in ("start", "end"):
            if col not in raw.frame:
                continue
            is_month = df[f"{col}_is_month"].to_numpy(dtype=bool)
            has = df[col].notna().to_numpy()
            problems += rows_where(raw, has & is_month & (prec != "month") & (prec != ""),
                                   col, "a month-only date needs date_precision 'month'", raw.frame[col])
            problems += rows_where(raw, has & ~is_month & (prec == "month"), col,
                                   "date_precision is 'month' but the date gives a day (expected YYYY-MM)",
                                   raw.frame[col])
        end_blank = (raw.frame["end"] == "").to_numpy() if "end" in raw.frame else np.ones(len(df), bool)
        problems += rows_where(raw, (prec == "approximate") & end_blank, "end",
                               "date_precision is 'approximate' but no window is given (expected the last "
                               "possible day; the same day as start when the day is inferred)",
                               raw.frame["end"] if "end" in raw.frame else df["id"])
    if "sources" in typed:
        df, raw = typed["sources"], raws["sources"]
        no_url = (df["url"] == "").to_numpy() & (df["notes"] == "").to_numpy()
        problems += rows_where(raw, no_url, "notes", "a source without url needs notes (expected who "
                               "named the report and why there is no address)", df["notes"])
    if "casualty_reports" in typed:
        df, raw = typed["casualty_reports"], raws["casualty_reports"]
        prec = df["published_precision"].astype("object").fillna("").astype(str).to_numpy()
        problems += rows_where(raw, (prec == "approximate") & (df["notes"] == "").to_numpy(), "notes",
                               "published_precision is 'approximate' but notes are empty (expected the "
                               "window of possible publication days and why)", df["notes"])
        counts = df[["killed_total", "killed_civilians", "killed_government", "killed_loyalists", "wounded"]]
        blank = counts.isna().all(axis=1).to_numpy()
        raw_blank = np.ones(len(df), bool)
        for c in counts.columns:
            if c in raw.frame:
                raw_blank &= (raw.frame[c] == "").to_numpy()
        problems += rows_where(raw, blank & raw_blank, "killed_total",
                               "no figure given (expected at least one of killed_total, killed_civilians, "
                               "killed_government, killed_loyalists, wounded)", df["id"])
    return problems


def _check_references(raws, typed) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    problems: list[Problem] = []
    links: dict[str, pd.DataFrame] = {}
    ids = {k: typed[k]["id"] for k in ("places", "sources", "events", "actors", "casualty_reports")
           if k in typed}
    if "events" in typed:
        raw, ev = raws["events"], typed["events"]
        ev_ids = ev["id"].to_numpy()
        for col_name, target, link, fk in (("place", "places", "event_places", "place_id"),
                                           ("sources", "sources", "event_sources", "source_id")):
            col = TABLES["events"].column(col_name)
            if target in ids:
                items, probs = check_refs(raw, col, ev[col_name], ids[target], TABLES[target].file)
                problems += probs
            else:
                items = split_list(ev[col_name].reset_index(drop=True))
            links[link] = pd.DataFrame({"event_id": ev_ids[items["pos"].to_numpy()],
                                        fk: items["item"].to_numpy()}).astype("str")
            if col_name == "sources":
                problems += _check_confidence(raw, ev, links[link]["source_id"], items["pos"].to_numpy(), typed)
        links["event_actors"], links["actor_table"], probs = _actors(raw, ev, typed.get("actors"))
        problems += probs
    if "casualty_reports" in typed:
        raw, cr = raws["casualty_reports"], typed["casualty_reports"]
        table = TABLES["casualty_reports"]
        if "sources" in ids:
            items, probs = check_refs(raw, table.column("sources"), cr["sources"], ids["sources"],
                                      TABLES["sources"].file)
            problems += probs
        else:
            items = split_list(cr["sources"].reset_index(drop=True))
        pos = items["pos"].to_numpy()
        links["report_sources"] = pd.DataFrame({"report_id": cr["id"].to_numpy()[pos],
                                                "source_id": items["item"].to_numpy()}).astype("str")
        problems += _check_confidence(raw, cr, links["report_sources"]["source_id"], pos, typed)
        for col_name, target in (("event", "events"), ("includes", "casualty_reports")):
            if target in ids:
                _, probs = check_refs(raw, table.column(col_name), cr[col_name], ids[target],
                                      TABLES[target].file)
                problems += probs
    return links, problems


def _check_confidence(raw: RawTable, df: pd.DataFrame, source_ids: pd.Series, row_pos: np.ndarray,
                      typed) -> list[Problem]:
    """``confidence = high`` needs sources of at least two origins (an agency and its copies are one)."""
    if "sources" not in typed:
        return []
    high = (df["confidence"] == "high").to_numpy(dtype=bool, na_value=False)
    if not high.any():
        return []
    src = typed["sources"].drop_duplicates("id").set_index("id")
    origin = src["origin"].where(src["origin"] != "", src["publisher"]).str.strip()
    link = pd.DataFrame({"pos": np.asarray(row_pos, dtype=np.int64),
                         "origin": source_ids.map(origin).to_numpy()})
    link = link[link["origin"].notna()]
    link = link[high[link["pos"].to_numpy()]]
    link["key"] = link["origin"].astype("str").str.casefold()
    by_row = link.drop_duplicates(["pos", "key"]).groupby("pos")["origin"].agg(list)
    problems = []
    for p in np.flatnonzero(high):
        origins = by_row.get(p, [])
        if len(origins) >= 2:
            continue
        cites = f"this row cites only {origins[0]}" if origins else "this row cites no known source"
        problems.append(Problem(raw.file, int(raw.lines[p]), "confidence",
                                f"'high' needs at least two independent sources (different origin in "
                                f"sources.csv); {cites} (expected medium or low, or a source of another "
                                f"origin)", "high"))
    return problems


def _actors(raw: RawTable, ev: pd.DataFrame, actors: pd.DataFrame | None):
    """The link table ``event_actors`` (``event_id``, ``actor`` = display name, ``actor_id``), the
    actors table, and the problems. Without ``actors.csv`` each name is its own id."""
    ev_ids = ev["id"].to_numpy()
    if actors is None:
        items = split_list(ev["actors"].reset_index(drop=True))
        names = items["item"].to_numpy()
        link = pd.DataFrame({"event_id": ev_ids[items["pos"].to_numpy()], "actor": names,
                             "actor_id": names}).astype("str")
        return link, actor_table_from_names(link["actor"]), []
    known: dict[str, str] = {}
    for i, name, aliases in zip(actors["id"], actors["name"], actors["aliases"]):
        for n in [name, *aliases.split(";")]:
            if n.strip():
                known.setdefault(n.strip().casefold(), i)
    items, problems = check_refs(raw, TABLES["events"].column("actors"), ev["actors"], actors["id"],
                                 TABLES["actors"].file, names=known)
    name_of = actors.drop_duplicates("id").set_index("id")["name"]
    ids = items["item"]
    link = pd.DataFrame({"event_id": ev_ids[items["pos"].to_numpy()],
                         "actor": ids.map(name_of).fillna(ids).to_numpy(),
                         "actor_id": ids.to_numpy()}).astype("str")
    return link, actors.reset_index(drop=True), problems
