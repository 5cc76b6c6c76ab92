"""The article flows downhill: the lower floors never import the ones built on them.

``text/`` (article in, mentions out) and ``data/`` (tables in, checked frames out) are
the ground floor; ``explainer/`` stands on them; ``map/``, ``viewer/``, ``ui/`` and the
export on that. An import back up (found anywhere in a module, a lazy one inside a
function included) would make the ground floor load what it serves.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from explainers.paths import PACKAGE_DIR

UPPER = ("explainer", "map", "viewer", "ui", "export")
GROUND = ("text", "data")


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def floor(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "explainers" and len(parts) > 1 else None


@pytest.mark.parametrize("package", GROUND)
def test_the_ground_floor_imports_nothing_built_on_it(package):
    back_up = {
        f"{path.relative_to(PACKAGE_DIR)} imports {module}"
        for path in sorted((PACKAGE_DIR / package).rglob("*.py"))
        for module in imported_modules(path)
        if floor(module) in UPPER
    }
    assert not back_up


def test_the_rule_sees_a_lazy_import_back_up(tmp_path):
    module = tmp_path / "lazy.py"
    module.write_text("def f():\n    from explainers.map.layers import LAYERS\n")
    assert floor(max(imported_modules(module), key=len)) == "map"
