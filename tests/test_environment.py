"""A command's inputs are its arguments and its config: no product code changes the
process's environment for another part to read (a dry run's store is handed over)."""

from __future__ import annotations

import ast

from tests.conftest import PROJECT

PRODUCT = (
    "scheduler.py",
    "presentation.py",
    "config.py",
    "product.py",
    "vocabulary.py",
    "wording.py",
    "scraper",
    "alerts",
    "storage",
    "reader",
    "service",
    "web",
    "authorities",
)


def _sources():
    for name in PRODUCT:
        path = PROJECT / name
        yield from ([path] if path.is_file() else sorted(path.rglob("*.py")))


def _changes_the_environment(node: ast.AST) -> bool:
    if isinstance(node, ast.Assign | ast.AugAssign | ast.Delete):
        targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
        return any(isinstance(t, ast.Subscript) and ast.unparse(t.value) == "os.environ" for t in targets)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        called = ast.unparse(node.func)
        return called in ("os.putenv", "os.unsetenv") or (
            ast.unparse(node.func.value) == "os.environ"
            and node.func.attr in ("update", "setdefault", "pop", "clear")
        )
    return False


def test_no_product_code_changes_the_environment():
    changes = [
        f"{path.relative_to(PROJECT)}:{getattr(node, 'lineno', 0)}"
        for path in _sources()
        for node in ast.walk(ast.parse(path.read_text(), str(path)))
        if _changes_the_environment(node)
    ]
    assert changes == []
