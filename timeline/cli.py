"""The ``timeline`` command line. It parses arguments and calls the package's functions; nothing more."""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from pathlib import Path

from . import __version__
from .errors import TimelineDataError
from .loading import load
from .schema import CATEGORIES

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
    v.add_argument("data_dir", nargs="?", type=Path, metavar="DATA_DIR",
                   help="folder with events.csv, places.csv, sources.csv, casualty_reports.csv and "
                   "phases.csv (default: the bundled data)")
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
    e.add_argument("--data", type=Path, metavar="DIR",
                   help="data folder (default: the bundled data)")
    e.add_argument("-o", "--output", type=Path, default=Path("timeline.html"), metavar="FILE",
                   help="the HTML file to write (default: timeline.html)")
    e.add_argument("--start", type=_date_arg, metavar="YYYY-MM-DD", help="first day shown")
    e.add_argument("--end", type=_date_arg, metavar="YYYY-MM-DD", help="last day shown")
    e.add_argument("--category", action="extend", nargs="+", default=[], choices=list(CATEGORIES),
                   metavar="C", help=f"categories shown (any of: {', '.join(CATEGORIES)}; default: all)")
    e.add_argument("--reporter", action="extend", nargs="+", default=[], metavar="R",
                   help="organisations whose death toll is shown (default: all)")
    e.add_argument("--text", default="", metavar="T", help="words every event shown must contain")
    e.add_argument("--title", metavar="T", help="the page's title (default: the timeline's name)")
    e.set_defaults(func=_export)
    return parser


def _date_arg(value: str) -> str:
    try:
        return _dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {value!r} (expected YYYY-MM-DD)") from None


#: How each data format is read; the one place a loader is chosen (``--format`` will pick here).
_LOADERS = {"folder": load}


def _load_data(args):
    """The Timeline the command works on, read with the loader of ``args.format``."""
    return _LOADERS[getattr(args, "format", None) or "folder"](args.data)


def _validate(args) -> int:
    tl = load(args.data_dir)
    print(tl.summary())
    print("OK: no problems found.")
    return 0


def _export(args) -> int:
    from .export import write_html
    from .filters import Filters

    if args.start and args.end and args.start > args.end:
        print(f"timeline export: error: --start {args.start} is after --end {args.end}", file=sys.stderr)
        return 2
    if args.output.is_dir():
        print(f"timeline export: cannot write {args.output}: it is a folder (give a file name)", file=sys.stderr)
        return 1
    filters = Filters(start=args.start, end=args.end, categories=args.category, reporters=args.reporter,
                      text=args.text)
    tl = _load_data(args)
    try:
        path = write_html(tl, args.output, filters, title=args.title)
    except TimelineDataError:
        raise
    except ValueError as e:  # a reporter that is not in the data
        print(f"timeline export: error: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        why = e.strerror or str(e)
        hint = " (the folder does not exist)" if not args.output.parent.exists() else ""
        print(f"timeline export: cannot write {args.output}: {why}{hint}", file=sys.stderr)
        return 1
    size = path.stat().st_size
    print(f"Wrote {path} ({size / 1e6:.1f} MB): {len(tl)} events; open it in a browser, no connection needed.")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 bad data or output, 2 usage)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except TimelineDataError as e:
        print(str(e), file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
