"""Errors raised for bad input data: every problem, with file, line and column."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Problem", "TimelineDataError"]

#: How many problems the exception message lists before summarising the rest.
MAX_LISTED = 200


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one value (or one file).

    ``line`` is the line of the CSV file where the row starts (the header is line 1);
    ``column`` is ``None`` for problems with the whole file or row.
    """

    file: str
    line: int
    column: str | None
    message: str
    value: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: "
        if self.column is not None:
            where += f"column '{self.column}': "
        got = ""
        if self.value is not None:
            shown = self.value if len(self.value) <= 80 else self.value[:77] + "..."
            got = f" (got {shown!r})"
        return f"{where}{self.message}{got}"


class TimelineDataError(ValueError):
    """The data could not be loaded. ``problems`` holds every problem found.

    The message lists each problem as ``FILE:LINE: column 'NAME': what is wrong (got 'VALUE')``.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.column or "", p.message))
        lines = [str(p) for p in self.problems[:MAX_LISTED]]
        if len(self.problems) > MAX_LISTED:
            lines.append(f"... and {len(self.problems) - MAX_LISTED} more problems")
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} found in the data:"
        super().__init__("\n".join([head, *lines]))
