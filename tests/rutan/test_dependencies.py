"""Which way the code depends: rutan's base imports no app; only rutan/reports/ reads them all.

Every `import` is read from the source (also those inside functions), so a hidden import
fails here as well as a top-level one.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("pembinaan", "absensi", "pengaduan")
REPORTS = ROOT / "rutan" / "reports"


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules.add(node.module)
    return modules


def top(module: str) -> str:
    return module.split(".")[0]


def base_modules() -> list[Path]:
    return sorted(p for p in (ROOT / "rutan").rglob("*.py") if REPORTS not in p.parents)


def test_the_reports_room_is_a_package_of_rutan():
    assert (REPORTS / "__init__.py").exists()
    assert len(base_modules()) > 10


@pytest.mark.parametrize("path", base_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_rutan_base_imports_no_app(path):
    apps = {m for m in imported_modules(path) if top(m) in APPS}
    reports = {m for m in imported_modules(path) if m.startswith("rutan.reports")}
    assert not apps, f"{path.relative_to(ROOT)} imports {sorted(apps)}"
    assert not reports, f"{path.relative_to(ROOT)} imports {sorted(reports)}"


@pytest.mark.parametrize("app", APPS)
def test_apps_never_import_the_reports_room(app):
    for path in sorted((ROOT / app).rglob("*.py")):
        modules = imported_modules(path)
        assert not {m for m in modules if m.startswith(("rutan.reports", "rutan.views"))}, path
