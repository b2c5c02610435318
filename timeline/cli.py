"""The ``timeline`` command line. It parses arguments and calls the package's functions; nothing more."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .errors import TimelineDataError
from .loading import load

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
    return parser


def _validate(args) -> int:
    tl = load(args.data_dir)
    print(tl.summary())
    print("OK: no problems found.")
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
