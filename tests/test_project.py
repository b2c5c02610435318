"""The project's own files agree: the data dictionary, the CSV files, and the two dependency lists."""

from __future__ import annotations

import re
import tomllib

from conftest import DATA, REPO, read_rows
from timeline.datadict import BEGIN, END, markdown
from timeline.schema import TABLES


def test_data_dictionary_matches_schema():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert BEGIN in readme and END in readme
    generated = readme[readme.index(BEGIN): readme.index(END) + len(END)]
    assert generated == markdown(), "data/README.md is stale: run python -m timeline.datadict data/README.md"


def test_data_dictionary_documents_exactly_the_file_columns():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for table in TABLES.values():
        section = readme.split(f"### `{table.file}`", 1)[1].split("###", 1)[0]
        documented = re.findall(r"^\| `([a-z_0-9]+)` \|", section, flags=re.M)
        header, _ = read_rows(DATA, table.file)
        assert documented == header, table.file


def _names(reqs):
    return {re.split(r"[<>=!\[ ;]", r.strip(), maxsplit=1)[0].lower() for r in reqs}


def test_environment_yml_and_pyproject_list_the_same_dependencies():
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    proj = pyproject["project"]
    pip_deps = _names(proj["dependencies"])
    for extra in proj["optional-dependencies"].values():
        pip_deps |= _names(extra)
    env_deps = set()
    text = (REPO / "environment.yml").read_text()
    block = text.split("\ndependencies:\n", 1)[1]
    for line in block.splitlines():
        m = re.match(r"^  - ([A-Za-z0-9_.\-]+)", line)  # top-level entries, not the pip: list
        if m and m.group(1) not in ("python", "pip"):
            env_deps.add(m.group(1).lower())
    assert pip_deps == env_deps


def test_ci_runs_the_readme_test_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text()
    assert "bash scripts/test.sh" in readme
    assert "bash scripts/test.sh" in ci
