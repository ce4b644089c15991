"""Project rules checked by reading the source: pure modules, module size, migrations."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "habitat_monitor"
PURE_MODULES = [
    "core/env.py",
    "core/translated.py",
    "geo/reference.py",
    "plans/framework.py",
    "plans/planfile.py",
    "plans/diff.py",
    "plans/lint/__init__.py",
    "plans/lint/base.py",
    "plans/lint/smart.py",
    "plans/lint/consistency.py",
    "reporting/periods.py",
    "reporting/disaggregation.py",
    "reporting/validation.py",
    "reporting/numbers.py",
    "reporting/tabular.py",
    "reporting/evidence.py",
    "progress/achievement.py",
    "progress/rollup.py",
    "progress/projection.py",
    "typology/rules.py",
    "typology/uses.py",
    "portal/sparkline.py",
    "portal/charts/palette.py",
    "portal/charts/specs.py",
    "portal/charts/render.py",
    "portal/charts/world.py",
    "portal/charts/bars.py",
    "typology/hubs.py",
    "typology/compare.py",
    "typology/spreadsheet.py",
    "engagement/measures.py",
    "interop/records.py",
    "interop/tables.py",
    "interop/formats.py",
    "interop/sdmx_csv.py",
    "interop/iati.py",
    "interop/dhis2.py",
    "interop/dhis2_periods.py",
    "interop/mapping.py",
    "interop/open_sdg.py",
    "interop/open_sdg_read.py",
    "reports/model.py",
    "reports/numbering.py",
    "reports/formatting.py",
    "reports/docx_writer.py",
    "reports/docx_parts.py",
]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("module", PURE_MODULES)
def test_domain_modules_do_not_import_django(module: str) -> None:
    """Domain logic stays plain Python: no Django, no database driver."""
    path = SRC / module
    if not path.exists():
        pytest.skip(f"{module} does not exist yet")
    forbidden = {
        name for name in _imports(path) if name.split(".")[0] in {"django", "psycopg", "duckdb"}
    }
    assert not forbidden, f"{module} imports {sorted(forbidden)}"


def test_no_module_over_400_lines() -> None:
    """Modules stay small: split a role file by resource before it reaches 400 lines."""
    too_long = {
        str(path.relative_to(SRC)): count
        for path in SRC.rglob("*.py")
        if "migrations" not in path.parts
        and (count := len(path.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert not too_long


def test_migrations_are_named() -> None:
    """Every migration has a name that says what it does (no *_auto_*)."""
    auto = [p.name for p in SRC.glob("*/migrations/*.py") if "_auto_" in p.name]
    assert not auto
