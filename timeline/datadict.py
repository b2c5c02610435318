"""Render the data dictionary (:mod:`timeline.schema`) as Markdown for ``data/README.md``.

``python -m timeline.datadict data/README.md`` rewrites the part of the README between the
``<!-- BEGIN GENERATED -->`` and ``<!-- END GENERATED -->`` markers; a test fails when that part
and the schema drift apart.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .schema import ACTOR_KINDS, CATEGORIES, CONFIDENCE, DATE_PRECISION, QUALIFIERS, TABLES, TALLY, Column

__all__ = ["markdown", "update_readme", "BEGIN", "END"]

BEGIN = "<!-- BEGIN GENERATED: python -m timeline.datadict data/README.md -->"
END = "<!-- END GENERATED -->"

_KIND = {
    "id": "id (slug)",
    "text": "text",
    "date": "date",
    "choice": "choice",
    "ref": "id in {ref}",
    "refs": "ids in {ref}, `;`-separated",
    "list": "text list, `;`-separated",
    "count": "whole number ≥ 0",
    "float": "decimal",
    "url": "http(s) URL",
}


def _type(col: Column) -> str:
    kind = _KIND[col.kind].format(ref=f"{col.ref}.csv" if col.ref else "")
    if col.kind == "date":
        kind = "date `YYYY-MM-DD`" + (" or `YYYY-MM`" if col.month_ok else "")
    return kind


def _allowed(col: Column) -> str:
    if col.choices:
        return ", ".join(f"`{c}`" for c in col.choices)
    if col.range:
        return f"{col.range[0]:g} to {col.range[1]:g}"
    return ""


def _vocab(title: str, items: dict[str, str]) -> list[str]:
    out = [f"#### {title}", "", "| value | meaning |", "|---|---|"]
    out += [f"| `{k}` | {v} |" for k, v in items.items()]
    return out + [""]


def markdown() -> str:
    """The generated part of the data dictionary: one table per file, then the vocabularies."""
    out: list[str] = [BEGIN, ""]
    for table in TABLES.values():
        out += [f"### `{table.file}`", "", table.description + (" *(optional file)*" if table.optional else ""), ""]
        out += ["| column | required | type | allowed values | meaning | example |",
                "|---|---|---|---|---|---|"]
        for c in table.columns:
            desc = c.description.replace("|", "\\|")
            out.append(f"| `{c.name}` | {'yes' if c.required else 'no'} | {_type(c)} | {_allowed(c)} "
                       f"| {desc} | `{c.example}` |")
        out.append("")
    out += ["### Vocabularies", ""]
    out += _vocab("`category` (events)", CATEGORIES)
    out += _vocab("`confidence`", CONFIDENCE)
    out += _vocab("`date_precision`, `published_precision`", DATE_PRECISION)
    out += _vocab("`qualifier` (casualty reports)", QUALIFIERS)
    out += _vocab("`tally` (casualty reports)", TALLY)
    out += _vocab("`kind` (actors)", ACTOR_KINDS)
    out.append(END)
    return "\n".join(out)


def update_readme(path: str | Path) -> bool:
    """Rewrite the generated part of ``path``; returns True when the file changed."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise ValueError(f"{path}: markers {BEGIN!r} and {END!r} not found")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    new = head + markdown() + tail
    if new != text:
        path.write_text(new, encoding="utf-8")
        return True
    return False


if __name__ == "__main__":  # pragma: no cover
    target = sys.argv[1] if len(sys.argv) > 1 else "data/README.md"
    print(("updated " if update_readme(target) else "unchanged ") + target)
