"""The installed product runs on its runtime dependencies alone, without the dev extras."""

import ast
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import liaison

PACKAGE = Path(liaison.__file__).parent
PYPROJECT = PACKAGE.parent.parent / "pyproject.toml"
# Distribution name → the module it provides, where the two differ.
MODULE_OF = {
    "django-simple-history": "simple_history",
    "dj-database-url": "dj_database_url",
    "psycopg[binary]": "psycopg",
    "pystemmer": "Stemmer",
    "django-filter": "django_filters",
    "django-axes": "axes",
    "django-csp": "csp",
    "djangorestframework": "rest_framework",
    "django-import-export": "import_export",
}
# Modules a runtime dependency requires itself, so they are there wherever it is: the imports
# read files through django-import-export's tablib.
BROUGHT_BY = {"tablib": "import_export"}


def runtime_modules() -> set[str]:
    dependencies = tomllib.loads(PYPROJECT.read_text())["project"]["dependencies"]
    names = [d.split(">")[0].split("<")[0].split("=")[0].strip() for d in dependencies]
    modules = {MODULE_OF.get(n, n.replace("-", "_")) for n in names}
    return modules | {module for module, by in BROUGHT_BY.items() if by in modules}


def imported_at_runtime(tree: ast.Module) -> Iterator[str]:
    """Top-level modules a file imports, leaving out `if TYPE_CHECKING:` blocks."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(n) for n in ast.walk(node))
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]


def test_the_package_imports_only_the_standard_library_and_its_runtime_dependencies() -> None:
    allowed = runtime_modules() | set(sys.stdlib_module_names) | {"liaison"}
    strays = {
        f"{path.relative_to(PACKAGE)}: {module}"
        for path in PACKAGE.rglob("*.py")
        for module in imported_at_runtime(ast.parse(path.read_text()))
        if module not in allowed
    }
    assert strays == set()
