"""Pages read top to bottom: no function of a page reads a module-level name that the page
assigns only further down, so everything a function needs is an argument or is defined above it."""

from __future__ import annotations

import ast
import builtins
import symtable
from pathlib import Path

import pytest

from data_access.engine import PROJECT_ROOT

PAGES = sorted((PROJECT_ROOT / "pages").glob("*.py"))


def _first_assignments(tree: ast.Module) -> dict[str, int]:
    """The line where each module-level name is first bound (imports, defs, assignments)."""
    lines: dict[str, int] = {}
    for node in tree.body:
        bound: list[str] = []
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            bound = [(a.asname or a.name).split(".")[0] for a in node.names]
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound = [node.name]
        else:
            bound = [
                n.id
                for n in ast.walk(node)
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
            ]
        for name in bound:
            lines.setdefault(name, node.lineno)
    return lines


def _late_globals(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    bound_at = _first_assignments(tree)
    defined_at = {
        node.name: node.lineno
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    }
    problems = []

    def visit(table: symtable.SymbolTable) -> None:
        for child in table.get_children():
            if child.get_type() == "function" and child.get_name() in defined_at:
                line = defined_at[child.get_name()]
                for symbol in child.get_symbols():
                    name = symbol.get_name()
                    if not symbol.is_global() or hasattr(builtins, name):
                        continue
                    if bound_at.get(name, 10**9) > line:
                        problems.append(f"{path.name}:{line} {child.get_name()}() reads {name}")
            visit(child)

    visit(symtable.symtable(source, str(path), "exec"))
    return problems


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_no_function_reads_a_global_assigned_below_it(path):
    assert _late_globals(path) == []
