"""app/ uses QtCore only: no QtWidgets or QtGui (what import-linter cannot express)."""

from __future__ import annotations

import ast

from tests.conftest import REPO

FORBIDDEN = ("PySide6.QtWidgets", "PySide6.QtGui")


def imported_modules(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_app_never_imports_qt_widgets_or_gui() -> None:
    offenders = []
    for path in sorted((REPO / "app").rglob("*.py")):
        modules = imported_modules(ast.parse(path.read_text(encoding="utf-8")))
        bad = sorted(m for m in modules if m.startswith(FORBIDDEN))
        if bad:
            offenders.append(f"{path.relative_to(REPO)}: {', '.join(bad)}")
    assert offenders == []
