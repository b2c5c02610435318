"""The ``timeline`` command line. It parses arguments and calls the package's functions; nothing more."""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from pathlib import Path

from . import __version__
from .errors import TimelineDataError
from .loading import load
from .scale import LIMIT

__all__ = ["main", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="timeline",
        description="Explore, check and export a sourced timeline of events in Syria "
        "(Nov 2024 – Mar 2025). Every event and casualty figure carries its sources.",
        epilog="Run 'timeline COMMAND --help' for the options of one command.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    v = sub.add_parser(
        "validate",
        help="check a data folder and print a summary",
        description="Check every file of a data folder against the data dictionary. Prints a "
        "summary and exits 0 when the data is valid; prints every problem as "
        "FILE:LINE: column 'NAME': ... and exits 1 when it is not.",
    )
    v.add_argument("data_dir", nargs="?", type=Path, metavar="DATA",
                   help="folder with events.csv, places.csv, sources.csv, casualty_reports.csv and "
                   "phases.csv (default: the bundled data), or a file with --format acled/ucdp/gdelt")
    _add_format(v)
    v.set_defaults(func=_validate)

    e = sub.add_parser(
        "export",
        help="write one self-contained HTML page that filters offline",
        description="Write the timeline as one HTML file: charts, map, phases and the table of "
        "events, with date, category, organisation and text filters that work in the browser "
        "with no connection. The options set the view the page opens on; the page holds the "
        "whole timeline, so the reader can widen it. Exits 1 on bad data or an unwritable file, "
        "2 on a usage error.",
    )
    e.add_argument("source", nargs="?", type=Path, metavar="DATA",
                   help="the same as --data")
    e.add_argument("--data", type=Path, metavar="DATA",
                   help="data folder (default: the bundled data), or a file with --format acled/ucdp/gdelt")
    e.add_argument("--scan", type=Path, metavar="FILE.parquet",
                   help="a file written by 'timeline convert' (or a folder of them), with --format acled/ucdp/gdelt: "
                        "the page holds the events the filter options keep, read from it; past "
                        f"{LIMIT:,} events it holds their counts per week, deaths and map "
                        "only, and says how to export a narrower view; with --to csv, geojson or timelinejs, "
                        f"the events themselves (at most {LIMIT:,})")
    _add_format(e)
    e.add_argument("-o", "--output", type=Path, default=None, metavar="FILE",
                   help="the file to write (default: timeline.html, or timeline.json/.csv/.geojson with --to)")
    e.add_argument("--to", choices=list(_WRITERS), default="html",
                   help="html: one self-contained page that filters offline (default); timelinejs: "
                   "TimelineJS JSON; csv: one row per event; geojson: points of the events' places. "
                   "The filter options select what non-HTML files hold.")
    _add_filter_options(e)
    e.add_argument("--view", metavar="FRAGMENT",
                   help="open on the view a page's link holds (its part from #, e.g. "
                        "'#start=2025-03-06&end=2025-03-10&cat=military'; quote it in the shell), "
                        "instead of the filter options")
    e.add_argument("--title", metavar="T", help="the page's title (default: the timeline's name)")
    e.add_argument("--text-budget", type=float, default=None, metavar="MB",
                   help="HTML: the most the events' descriptions and notes may add to the page, compressed, "
                        "in MB (default 6; past it they are left out and the page says so; 0: leave them out; "
                        "-1: keep them however large)")
    e.add_argument("--lang", choices=("en", "ar"), default="en",
                   help="HTML: the language the page opens in: en (English, default) or ar (Arabic, right to "
                        "left); the page holds both and its reader can switch")
    e.set_defaults(func=_export)

    c = sub.add_parser(
        "convert",
        help="write an ACLED, UCDP or GDELT file as Parquet, for timeline.scan",
        description="Read an ACLED, UCDP GED or GDELT 2.0 file, check every value as 'timeline validate' does, and "
        "write its events (one row per event, sorted by date, dictionary-encoded) to a Parquet file that "
        "timeline.scan() and 'timeline export --scan' read without loading it into memory. Exits 1 on bad "
        "data or an unwritable file, 2 on a usage error.",
    )
    c.add_argument("source", type=Path, metavar="FILE", help="the ACLED, UCDP GED or GDELT file (CSV, .csv.gz, .zip, .xlsx; GDELT: also a folder)")
    c.add_argument("output", type=Path, metavar="OUT.parquet", help="the Parquet file to write")
    c.add_argument("--format", choices=["acled", "ucdp", "gdelt"], required=True,
                   help="the dataset the file comes from (gdelt: a GDELT 2.0 event file or a folder of them)")
    c.add_argument("--encoding", metavar="ENC", help="the file's encoding when it is not UTF-8, e.g. cp1252")
    c.add_argument("--date-format", type=_date_format_arg, metavar="F",
                   help="how dates in numbers are written when the file cannot tell: dmy, mdy, or a format "
                   "such as %%m/%%d/%%Y")
    c.add_argument("--skip-bad-rows", action="store_true",
                   help="leave out the rows with problems (and say how many) instead of stopping")
    c.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="show a progress bar (default: for files over 20 MB)")
    c.set_defaults(func=_convert)
    return parser


def _add_filter_options(p: argparse.ArgumentParser) -> None:
    """One option per field of :data:`timeline.filters.DIMENSIONS` (``--start``, ``--category``,
    ``--actor``…); multi-valued ones repeat (``--place a --place b``) or take several values."""
    from .filters import DIMENSIONS

    for dim in DIMENSIONS:
        for opt in dim.cli_options():
            kw = {"dest": opt["field"], "metavar": opt["metavar"], "help": opt["help"]}
            if opt["choices"] is not None:
                kw["choices"] = opt["choices"]
            if opt["type"] == "date":
                kw["type"] = _date_arg
            if opt["multiple"]:
                kw.update(action="extend", nargs="+", default=[])
            p.add_argument(opt["flag"], **kw)


def _filters_of(args):
    """The :class:`~timeline.filters.Filters` the filter options (or ``--view``) ask for."""
    from .filters import DIMENSIONS, Filters

    f = Filters(**{k: getattr(args, k) for d in DIMENSIONS for k in d.fields})
    if getattr(args, "view", None) is None:
        return f
    if not f.is_empty:
        raise _Usage("give the view either with --view or with filter options, not both")
    try:
        return Filters.from_fragment(args.view)
    except ValueError as e:
        raise _Usage(f"--view: {e}") from None


def _date_arg(value: str) -> str:
    try:
        return _dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {value!r} (expected YYYY-MM-DD)") from None


def _read_acled(path, **options):
    from .io import read_acled

    return read_acled(path, **options)


def _read_ucdp(path, **options):
    from .io import read_ucdp_ged

    return read_ucdp_ged(path, **options)


def _read_gdelt(path, **options):
    from .io import read_gdelt

    return read_gdelt(path, **options)


#: How each data format is read; the one place a loader is chosen.
_LOADERS = {"folder": load, "acled": _read_acled, "ucdp": _read_ucdp, "gdelt": _read_gdelt}
#: Default output name of each ``--to`` format.
_WRITERS = {"html": "timeline.html", "timelinejs": "timeline.json", "csv": "timeline.csv",
            "geojson": "timeline.geojson"}


def _add_format(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=list(_LOADERS), default="folder",
                   help="folder: a data folder in this project's layout (default); acled: an ACLED "
                   "export; ucdp: a UCDP GED file (CSV, .csv.gz, .zip with one CSV, or .xlsx); gdelt: a "
                   "GDELT 2.0 event file (*.export.CSV, .zip or .gz) or a folder of them (machine-coded, "
                   "unverified: every event low confidence)")
    r = p.add_argument_group("reading an ACLED, UCDP or GDELT file (with --format acled/ucdp/gdelt)")
    r.add_argument("--encoding", metavar="ENC",
                   help="the file's encoding when it is not UTF-8, e.g. cp1252 (as Excel saves CSV on Windows)")
    r.add_argument("--date-format", type=_date_format_arg, metavar="F",
                   help="how dates in numbers are written when the file cannot tell: dmy, mdy, or a format "
                   "such as %%m/%%d/%%Y (default: the order the file shows; an ambiguous file is an error)")
    r.add_argument("--skip-bad-rows", action="store_true",
                   help="leave out the rows with problems (and say how many) instead of stopping")
    r.add_argument("--rejects", type=Path, metavar="FILE.csv",
                   help="with --skip-bad-rows: write the rows left out, with their line and problems, to FILE.csv")


def _date_format_arg(value: str) -> str:
    from .io import date_format_option

    try:
        date_format_option(value)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None
    return value


def _load_data(args, path):
    """The Timeline the command works on, read with the loader of ``args.format``; what reading
    noted goes to stderr, and the rows left out to ``--rejects``."""
    import warnings

    options = {"encoding": args.encoding, "date_format": args.date_format,
               "bad_rows": "skip" if args.skip_bad_rows else "error"}
    if args.format == "folder":
        given = [f"--{k.replace('_', '-')}" for k, v in vars(args).items()
                 if k in ("encoding", "date_format", "skip_bad_rows", "rejects") and v]
        if given:
            raise _Usage(f"{', '.join(given)} only read{'s' if len(given) == 1 else ''} an ACLED, UCDP or GDELT file "
                         "(--format acled/ucdp/gdelt)")
        return load(path)
    if path is None:
        raise _Usage(f"--format {args.format} needs the path of the CSV file")
    if args.rejects is not None and not args.skip_bad_rows:
        raise _Usage("--rejects needs --skip-bad-rows (without it, a row with problems stops the reading)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tl = _LOADERS[args.format](path, **options)
    except ImportError as e:  # an .xlsx file without its reader installed
        raise _Failure(str(e)) from None
    except ValueError as e:
        if isinstance(e, TimelineDataError):
            raise
        raise _Usage(str(e)) from None
    for note in tl.notes:
        print(f"note: {note}", file=sys.stderr)
    if args.rejects is not None:
        from .io import write_rejects

        try:
            write_rejects(tl, args.rejects)
        except OSError as e:
            raise _Failure(f"cannot write {args.rejects}: {e.strerror or e}") from None
        print(f"Wrote {args.rejects}: {len(tl.rejected):,} rows left out, with their problems.", file=sys.stderr)
    return tl


class _Usage(Exception):
    """A usage error found after parsing (exit 2)."""


class _Failure(Exception):
    """The command cannot do its work (exit 1)."""


def _validate(args) -> int:
    tl = _load_data(args, args.data_dir)
    print(tl.summary())
    if tl.row_counts:
        c = tl.row_counts
        print(f"  rows of the file: {c['rows']:,} = {c['events']:,} events + {c['merged']:,} merged into them + "
              f"{c['rejected']:,} left out + {c['ignored']:,} ignored (empty or tag rows)")
    if len(tl.rejected):
        print(f"Loaded without the {len(tl.rejected):,} rows that have problems (--skip-bad-rows).")
    else:
        print("OK: no problems found.")
    return 0


def _export(args) -> int:
    from .export import write_html
    from .filters import UnknownFilterValue, apply_filters, check_known

    if args.start and args.end and args.start > args.end:
        print(f"timeline export: error: --start {args.start} is after --end {args.end}", file=sys.stderr)
        return 2
    if args.output is not None and args.output.is_dir():
        print(f"timeline export: cannot write {args.output}: it is a folder (give a file name)", file=sys.stderr)
        return 1
    if args.source is not None and args.data is not None:
        raise _Usage("give the data either as DATA or with --data, not both")
    args.output = args.output or Path(_WRITERS[args.to])
    filters = _filters_of(args)
    if args.scan is not None:
        return _export_scan(args, filters)
    tl = _load_data(args, args.source or args.data)
    try:
        check_known(tl, filters)
    except UnknownFilterValue as e:  # a value the data does not have: a usage error
        print(f"timeline export: error: {e}", file=sys.stderr)
        return 2
    try:
        if args.to == "html":
            budget = None if args.text_budget is None else (-1 if args.text_budget < 0
                                                              else int(args.text_budget * 1e6))
            path = write_html(tl, args.output, filters, title=args.title, text_budget=budget, lang=args.lang)
        else:
            path = _write_other(args.to, apply_filters(tl, filters), args.output, args.title)
    except TimelineDataError:
        raise
    except OSError as e:
        why = e.strerror or str(e)
        hint = " (the folder does not exist)" if not args.output.parent.exists() else ""
        print(f"timeline export: cannot write {args.output}: {why}{hint}", file=sys.stderr)
        return 1
    size = path.stat().st_size
    if args.to == "html":
        print(f"Wrote {path} ({size / 1e6:.1f} MB): {len(tl):,} events; open it in a browser, no connection needed.")
    else:
        print(f"Wrote {path} ({size / 1e6:.1f} MB, {args.to}).")
    return 0


def _export_scan(args, filters) -> int:
    """``timeline export --scan``: the page of a converted file's view (timeline.scale.export)."""
    if args.source is not None or args.data is not None:
        raise _Usage("give the data either with --scan or as DATA/--data, not both")
    from .scale.convert import FORMATS

    if args.format not in FORMATS:
        raise _Usage(f"--scan needs --format {' or '.join(FORMATS)}: the dataset the file was converted from")
    given = [f"--{k.replace('_', '-')}" for k, v in vars(args).items()
             if k in ("encoding", "date_format", "skip_bad_rows", "rejects") and v]
    if given:
        raise _Usage(f"{', '.join(given)} only read{'s' if len(given) == 1 else ''} a CSV file; a converted file "
                     "was checked when it was written")
    from .filters import UnknownFilterValue

    try:
        from .scale import export as scan_export

        sc = scan_export.open_scan(args.scan, args.format)
        sel = sc.select(filters)
        n, limit = sel.n, scan_export.LIMIT
        if args.to != "html":  # the events themselves, read back: at most the limit
            from .scale.materialise import to_timeline

            if n > limit:
                raise _Failure(f"the filters keep {n:,} events, more than {limit:,}: narrow them (--start, --end, "
                               f"--category, ...) to write them as {args.to}")
            path = _write_other(args.to, to_timeline(sel, limit), args.output, args.title)
            print(f"Wrote {path} ({path.stat().st_size / 1e6:.1f} MB, {args.to}): the {n:,} events the filters "
                  f"keep, of {len(sc):,} in {args.scan}.")
            return 0
        budget = None if args.text_budget is None else (-1 if args.text_budget < 0 else int(args.text_budget * 1e6))
        path = scan_export.write_scan_html(sc, args.output, filters, title=args.title, lang=args.lang, limit=limit,
                                           text_budget=budget)
    except UnknownFilterValue as e:
        print(f"timeline export: error: {e}", file=sys.stderr)
        return 2
    except ImportError as e:  # DuckDB not installed
        raise _Failure(str(e)) from None
    except FileNotFoundError as e:
        raise _Failure(str(e)) from None
    except OSError as e:
        hint = " (the folder does not exist)" if not args.output.parent.exists() else ""
        raise _Failure(f"cannot write {args.output}: {e.strerror or e}{hint}") from None
    except ValueError as e:
        if isinstance(e, TimelineDataError):
            raise
        raise _Failure(str(e)) from None
    size = path.stat().st_size / 1e6
    if n <= limit:
        print(f"Wrote {path} ({size:.1f} MB): the {n:,} events the filters keep, of {len(sc):,} in {args.scan}; "
              "open it in a browser, no connection needed.")
    else:
        print(f"Wrote {path} ({size:.1f} MB): counts of the {n:,} events the filters keep, of {len(sc):,} in "
              f"{args.scan}. The events are not in the page (more than {limit:,}): narrow the filters to export them.")
    return 0


def _convert(args) -> int:
    import warnings

    from .scale.convert import convert

    if args.output.is_dir():
        raise _Failure(f"cannot write {args.output}: it is a folder (give a file name)")
    try:
        with warnings.catch_warnings(record=True) as notes:
            warnings.simplefilter("always")
            meta = convert(args.source, args.output, args.format, progress=args.progress, encoding=args.encoding,
                           date_format=args.date_format, bad_rows="skip" if args.skip_bad_rows else "error")
    except OSError as e:
        if isinstance(e, FileNotFoundError) and not Path(args.source).exists():
            raise _Failure(f"no such file: {args.source}") from None
        raise _Failure(f"cannot write {args.output}: {e.strerror or e}") from None
    except ImportError as e:
        raise _Failure(str(e)) from None
    except ValueError as e:
        if isinstance(e, TimelineDataError):
            raise
        raise _Usage(str(e)) from None
    for note in meta["notes"]:
        print(f"note: {note}", file=sys.stderr)
    del notes
    print(f"Wrote {args.output} ({args.output.stat().st_size / 1e6:.1f} MB): {meta['events']:,} events of "
          f"{meta['name']}.")
    return 0


def _write_other(kind: str, view, path: Path, title: str | None) -> Path:
    from . import formats

    if kind == "timelinejs":
        return formats.write_timelinejs(view, path, title=title)
    if kind == "csv":
        return formats.to_csv(view, path)
    return formats.write_geojson(view, path)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 bad data or output, 2 usage)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except TimelineDataError as e:
        print(str(e), file=sys.stderr)
        return 1
    except _Usage as e:
        parser.print_usage(sys.stderr)
        print(f"timeline {args.command}: error: {e}", file=sys.stderr)
        return 2
    except _Failure as e:
        print(f"timeline {args.command}: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
