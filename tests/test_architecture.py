"""Decisions that have one home stay there (the layering itself: `.importlinter`).

Read from the source with `ast`, so a new module is checked without being listed:
settings are fetched only by the command entry point and passed down; errors are
caught by type, never recognised by their class name; the project's own modules are
imported plainly, never under `try/except ImportError`; no function's signature is
inspected at run time to guess what it accepts.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("answer", "bot", "haicap", "ingestion", "prompts", "retrieval")
ENTRY_POINTS = {"haicap/cli.py", "haicap/settings.py"}


def _modules() -> dict[str, ast.Module]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found[str(path.relative_to(ROOT))] = ast.parse(path.read_text(encoding="utf-8"))
    assert len(found) > 100, "the project's modules were not found"
    return found


MODULES = _modules()


def _calls(tree: ast.Module, name: str) -> list[int]:
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (getattr(node.func, "id", None) == name or getattr(node.func, "attr", None) == name)
    ]


def test_settings_are_fetched_only_by_the_entry_point() -> None:
    offenders = {
        path: lines
        for path, tree in MODULES.items()
        if path not in ENTRY_POINTS and (lines := _calls(tree, "get_settings"))
    }
    assert offenders == {}


def test_no_error_is_recognised_by_its_class_name() -> None:
    """`type(exc).__name__` may word a message, never decide (no comparison with it)."""
    offenders = []
    for path, tree in MODULES.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare):
                sides = [node.left, *node.comparators]
                if any(isinstance(s, ast.Attribute) and s.attr == "__name__" for s in sides):
                    offenders.append(f"{path}:{node.lineno}")
    assert offenders == []


def _own_imports(body: list[ast.stmt]) -> list[str]:
    names = []
    for node in body:
        for inner in ast.walk(node):
            if isinstance(inner, ast.ImportFrom) and inner.module:
                names.append(inner.module)
            elif isinstance(inner, ast.Import):
                names.extend(alias.name for alias in inner.names)
    return [name for name in names if name.split(".")[0] in PACKAGES]


def test_own_modules_are_never_imported_under_an_import_error_guard() -> None:
    offenders = []
    for path, tree in MODULES.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Try):
                continue
            guards = " ".join(ast.unparse(h.type) for h in node.handlers if h.type is not None)
            if "ImportError" in guards or "ModuleNotFoundError" in guards:
                offenders += [f"{path}:{node.lineno} {name}" for name in _own_imports(node.body)]
    assert offenders == []


def test_no_signature_is_inspected_at_run_time() -> None:
    offenders = [f"{path}:{line}" for path, tree in MODULES.items()
                 for line in _calls(tree, "signature")]  # fmt: skip
    assert offenders == []
