"""The generator of synthetic ACLED-shaped rows now lives in the package, :mod:`timeline.synthetic`
(so notebooks and users can call it too); this script keeps the benchmarks' command line::

    python benchmarks/generate.py N OUT.csv [--seed S] [--date-format iso|dayfirst] [--inter numeric|text]
"""

from __future__ import annotations

import sys

from timeline.synthetic import ACLED_COLUMNS, generate_acled, main, write_acled

__all__ = ["ACLED_COLUMNS", "generate_acled", "write_acled", "main"]

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
