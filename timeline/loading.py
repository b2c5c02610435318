"""Load a data folder (the bundled one by default) into a validated :class:`~timeline.model.Timeline`."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .errors import Problem, TimelineDataError
from .model import Timeline
from .schema import TABLES
from .validate import RawTable, check_refs, check_table, read_csv_table, rows_where, split_list

__all__ = ["load", "bundled_data_dir"]


def bundled_data_dir() -> Path:
    """The folder of the data shipped with the package."""
    here = Path(__file__).resolve().parent
    installed = here / "_data"  # wheels carry data/ as timeline/_data
    if installed.is_dir():
        return installed
    return here.parent / "data"  # a source checkout or editable install


def _label(path: Path) -> str:
    """The file name as the user will recognise it: relative to the working folder when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load(path: str | Path | None = None, *, name: str | None = None) -> Timeline:
    """Load and validate a data folder (``events.csv``, ``places.csv``, ``sources.csv``,
    ``casualty_reports.csv``, ``phases.csv``); the bundled data when ``path`` is ``None``.

    Raises :class:`~timeline.errors.TimelineDataError` listing every problem found, each as
    ``FILE:LINE: column 'NAME': what is wrong (got 'VALUE')``. No row is ever dropped.
    """
    folder = Path(path) if path is not None else bundled_data_dir()
    if not folder.is_dir():
        raise TimelineDataError([Problem(str(folder), 0, None, "not a folder (expected a folder with "
                                         + ", ".join(t.file for t in TABLES.values()) + ")")])
    problems: list[Problem] = []
    raws: dict[str, RawTable] = {}
    typed: dict[str, pd.DataFrame] = {}
    for key, table in TABLES.items():
        raw, probs = read_csv_table(folder / table.file, table, label=_label(folder / table.file))
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
    if "casualty_reports" in typed:
        df, raw = typed["casualty_reports"], raws["casualty_reports"]
        counts = df[["killed_total", "killed_civilians", "killed_government", "killed_loyalists"]]
        blank = counts.isna().all(axis=1).to_numpy()
        raw_blank = np.ones(len(df), bool)
        for c in counts.columns:
            if c in raw.frame:
                raw_blank &= (raw.frame[c] == "").to_numpy()
        problems += rows_where(raw, blank & raw_blank, "killed_total",
                               "no figure given (expected at least one of killed_total, killed_civilians, "
                               "killed_government, killed_loyalists)", df["id"])
    return problems


def _check_references(raws, typed) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    problems: list[Problem] = []
    links: dict[str, pd.DataFrame] = {}
    ids = {k: typed[k]["id"] for k in ("places", "sources", "events") if k in typed}
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
        actors = split_list(ev["actors"].reset_index(drop=True))
        links["event_actors"] = pd.DataFrame({"event_id": ev_ids[actors["pos"].to_numpy()],
                                              "actor": actors["item"].to_numpy()}).astype("str")
    if "casualty_reports" in typed:
        raw, cr = raws["casualty_reports"], typed["casualty_reports"]
        for col_name, target in (("source", "sources"), ("event", "events")):
            if target in ids:
                _, probs = check_refs(raw, TABLES["casualty_reports"].column(col_name), cr[col_name],
                                      ids[target], TABLES[target].file)
                problems += probs
    return links, problems
