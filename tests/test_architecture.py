"""The core never talks to the terminal: only klantprofiel/cli imports typer, rich or questionary."""

from __future__ import annotations

import ast
from pathlib import Path

import klantprofiel

PACKAGE = Path(klantprofiel.__file__).parent
TERMINAL_LIBRARIES = {"typer", "rich", "questionary", "prompt_toolkit", "click"}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_core_modules_do_not_import_terminal_libraries():
    core = [p for p in PACKAGE.rglob("*.py") if "cli" not in p.relative_to(PACKAGE).parts and p.name != "__main__.py"]
    assert len(core) > 10
    offenders = {str(p.relative_to(PACKAGE)): sorted(imported_roots(p) & TERMINAL_LIBRARIES) for p in core}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_only_the_prompts_module_imports_questionary():
    users = [p.name for p in (PACKAGE / "cli").rglob("*.py") if {"questionary", "prompt_toolkit"} & imported_roots(p)]
    assert users == ["prompts.py"]


def test_core_never_prints_or_exits():
    core = [p for p in PACKAGE.rglob("*.py") if "cli" not in p.relative_to(PACKAGE).parts and p.name not in ("__main__.py", "bench.py")]
    for path in core:
        calls = {n.func.id for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                 if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        assert not calls & {"print", "input", "exit"}, path
