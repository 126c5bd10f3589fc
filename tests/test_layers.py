"""Who may import whom, where the layout (docs/layout.md) draws a line: a publication's
words are wording.py's, for every reader alike, and not the Slack alert's."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import PROJECT

# wording.py's readers: none of them may be imported by it.
READERS = ("alerts", "web", "presentation", "service", "scheduler", "scraper")


def _imports(path: Path) -> set[str]:
    """Every module the file imports, "from alerts import message" as "alerts.message"."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_the_pages_and_the_terminal_take_a_publications_words_from_wording():
    readers = [*sorted((PROJECT / "web").rglob("*.py")), PROJECT / "presentation.py"]
    borrowed = [str(path.relative_to(PROJECT)) for path in readers if "alerts.message" in _imports(path)]
    assert borrowed == []


def test_wording_imports_none_of_its_readers_and_storage_words_nothing():
    above = sorted(m for m in _imports(PROJECT / "wording.py") if m.split(".")[0] in READERS)
    assert above == []
    storage = sorted((PROJECT / "storage").rglob("*.py"))
    assert [str(p.relative_to(PROJECT)) for p in storage if "wording" in _imports(p)] == []
