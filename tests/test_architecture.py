"""Which way the code depends, checked by parsing every module's imports (`ast`; no Django).

The rules (README, design notes; `../shared/docs/style.md`):

(a) A project module (rutan, pembinaan, absensi, pengaduan, devtools) is imported at module
    level, never inside a function or method to dodge a cycle; the one exception is
    `AppConfig.ready()`, Django's place for start-up wiring.
(b) The module-level imports between project modules have no cycle.
(c) The apps depend one way: absensi → pembinaan → rutan's base, pengaduan → rutan's base.
    The reports room (`rutan/reports/`, `rutan/urls.py`) is the only place that reads every
    app. Nobody imports `devtools` (test, benchmark and demo tools) but devtools itself, the
    tests, the benchmarks and the demo modules named in `DEMO_MODULES`.
(d) rutan's base (every rutan module outside the reports room) imports no app.

Run: `.venv/bin/pytest tests/test_architecture.py`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("rutan", "pembinaan", "absensi", "pengaduan")
DEVTOOLS = "devtools"
PROJECT = (*APPS, DEVTOOLS)

# The demo modules that may use devtools (e.g. a demo finger-scan terminal).
DEMO_MODULES = frozenset({"absensi.demo", "rutan.management.commands.seed_demo"})

# Layers and what each may import. "rutan" is rutan's base; "rutan.reports" is the room of
# cross-app reports (rutan/reports/ and rutan/urls.py).
REPORTS_ROOM = "rutan.reports"
ALLOWED: dict[str, frozenset[str]] = {
    "rutan": frozenset({"rutan"}),
    "pembinaan": frozenset({"pembinaan", "rutan"}),
    "pengaduan": frozenset({"pengaduan", "rutan"}),
    "absensi": frozenset({"absensi", "pembinaan", "rutan"}),
    REPORTS_ROOM: frozenset({REPORTS_ROOM, "rutan", "pembinaan", "absensi", "pengaduan"}),
    DEVTOOLS: frozenset({DEVTOOLS}),
}


@dataclass(frozen=True)
class Import:
    target: str  # the project module imported (longest known dotted prefix)
    line: int
    function: str | None  # enclosing function or method; None at module level
    allowed_in_function: bool  # inside AppConfig.ready()
    type_checking: bool  # under `if TYPE_CHECKING:`

    def describe(self) -> str:
        where = f" in {self.function}()" if self.function else ""
        return f"line {self.line}{where}: {self.target}"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def module_paths() -> dict[str, Path]:
    """Every module of the project packages, migrations excluded."""
    found: dict[str, Path] = {}
    for package in PROJECT:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.relative_to(ROOT).parts:
                continue
            found[_module_name(path)] = path
    return found


def _resolve(dotted: str) -> str | None:
    """The project module `dotted` names (its longest known prefix); None outside the project."""
    if dotted.split(".")[0] not in PROJECT:
        return None
    known = module_paths()
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in known:
            return candidate
    return dotted


def _is_appconfig(node: ast.ClassDef) -> bool:
    for base in node.bases:
        name = base.id if isinstance(base, ast.Name) else getattr(base, "attr", "")
        if name == "AppConfig":
            return True
    return False


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


class _ImportCollector(ast.NodeVisitor):
    def __init__(self, module: str, is_package: bool):
        self.module = module
        self.package = module if is_package else module.rpartition(".")[0]
        self.scopes: list[tuple[str, ast.AST]] = []  # (name, node) of classes and functions
        self.type_checking = 0
        self.imports: list[Import] = []

    def _function(self) -> str | None:
        names = [name for name, _node in self.scopes]
        if not any(
            isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            for _name, node in self.scopes
        ):
            return None
        return ".".join(names)

    def _in_ready(self) -> bool:
        if len(self.scopes) < 2:
            return False
        (_, owner), (name, function) = self.scopes[-2], self.scopes[-1]
        return (
            name == "ready"
            and isinstance(function, ast.FunctionDef)
            and isinstance(owner, ast.ClassDef)
            and _is_appconfig(owner)
        )

    def _add(self, dotted: str, node: ast.stmt) -> None:
        target = _resolve(dotted)
        if target is None:
            return
        self.imports.append(
            Import(
                target=target,
                line=node.lineno,
                function=self._function(),
                allowed_in_function=self._in_ready(),
                type_checking=self.type_checking > 0,
            )
        )

    def _scoped(self, name: str, node: ast.AST) -> None:
        self.scopes.append((name, node))
        self.generic_visit(node)
        self.scopes.pop()

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._scoped(node.name, node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._scoped(node.name, node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._scoped(node.name, node)

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._scoped("<lambda>", node)

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node):
            self.type_checking += 1
            for child in node.body:
                self.visit(child)
            self.type_checking -= 1
            for child in node.orelse:
                self.visit(child)
        else:
            self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name, node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base = self.package.split(".") if self.package else []
            base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
            prefix = ".".join([*base, *([node.module] if node.module else [])])
        else:
            prefix = node.module or ""
        known = module_paths()
        for alias in node.names:
            submodule = f"{prefix}.{alias.name}"
            self._add(submodule if submodule in known else prefix, node)


@cache
def imports_of(module: str) -> tuple[Import, ...]:
    path = module_paths()[module]
    collector = _ImportCollector(module, is_package=path.name == "__init__.py")
    collector.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    return tuple(collector.imports)


def layer(module: str) -> str:
    top = module.split(".")[0]
    if top != "rutan":
        return top
    if module == "rutan.urls" or module == REPORTS_ROOM or module.startswith(REPORTS_ROOM + "."):
        return REPORTS_ROOM
    return "rutan"


def app_modules() -> list[str]:
    return [m for m in module_paths() if m.split(".")[0] in APPS]


def cases(rule: str, modules: list[str]) -> list:
    """One test case per module, named after it (`rule` names the check, for readers)."""
    return [pytest.param(module, id=module) for module in modules]


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component with more than one module (or a self-loop)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def connect(node: str) -> None:  # Tarjan; the graph is small, recursion is fine
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return [_a_cycle_in(graph, set(component)) for component in components]


def _a_cycle_in(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    start = min(component)
    path, seen = [start], {start}

    def walk(node: str) -> bool:
        for nxt in sorted(graph.get(node, ())):
            if nxt == start:
                path.append(start)
                return True
            if nxt in component and nxt not in seen:
                seen.add(nxt)
                path.append(nxt)
                if walk(nxt):
                    return True
                path.pop()
        return False

    walk(start)
    return path


def _listed(imports: list[Import]) -> str:
    return "; ".join(dict.fromkeys(i.describe() for i in imports))


def module_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module in module_paths():
        graph[module] = {
            i.target
            for i in imports_of(module)
            if i.function is None and not i.type_checking and i.target != module
        }
    return graph


# --- (a) no imports inside functions -----------------------------------------------------------


@pytest.mark.parametrize("module", cases("in_function", app_modules()))
def test_no_project_import_inside_a_function(module):
    inside = [i for i in imports_of(module) if i.function and not i.allowed_in_function]
    assert not inside, f"{module} imports project modules inside functions: " + _listed(inside)


# --- (b) no cycles -------------------------------------------------------------------------------


def test_module_level_imports_have_no_cycle():
    cycles = _cycles(module_graph())
    assert not cycles, "import cycles: " + "; ".join(" → ".join(cycle) for cycle in cycles)


# --- (c) the apps depend one way -----------------------------------------------------------------


@pytest.mark.parametrize(
    "module", cases("one_way", [m for m in module_paths() if layer(m) != "rutan"])
)
def test_imports_follow_the_one_way_direction(module):
    allowed = ALLOWED[layer(module)]
    wrong = [
        i
        for i in imports_of(module)
        if layer(i.target) not in allowed
        and not (layer(i.target) == DEVTOOLS and module in DEMO_MODULES)
    ]
    assert not wrong, f"{module} ({layer(module)}) may import only {sorted(allowed)}: " + (
        _listed(wrong)
    )


# --- (d) rutan's base imports no app ------------------------------------------------------------


@pytest.mark.parametrize(
    "module", cases("rutan_base", [m for m in module_paths() if layer(m) == "rutan"])
)
def test_rutan_base_imports_no_app(module):
    wrong = [
        i
        for i in imports_of(module)
        if layer(i.target) != "rutan"
        and not (layer(i.target) == DEVTOOLS and module in DEMO_MODULES)
    ]
    assert not wrong, f"{module} is part of rutan's base and may import no app: " + _listed(wrong)


# --- the checker itself --------------------------------------------------------------------------


def test_the_checker_finds_every_kind_of_import():
    source = """
from django.apps import AppConfig
import absensi.sync
from absensi import services as s
from . import models

class C(AppConfig):
    def ready(self):
        from rutan import roles

def f():
    from pengaduan.models import Status
"""
    tree = ast.parse(source)
    collector = _ImportCollector("absensi.views", is_package=False)
    collector.visit(tree)
    found = {(i.target, i.function, i.allowed_in_function) for i in collector.imports}
    assert found == {
        ("absensi.sync", None, False),
        ("absensi.services", None, False),
        ("absensi.models", None, False),
        ("rutan.roles", "C.ready", True),
        ("pengaduan.models", "f", False),
    }


def test_the_cycle_finder_reports_the_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c", "a"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_every_project_package_is_parsed():
    modules = set(module_paths())
    assert {"absensi.services", "pengaduan.models", "rutan.settings", "devtools.zk_emulator"} <= (
        modules
    )
    assert not any(".migrations" in m for m in modules)
