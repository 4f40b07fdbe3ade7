"""The shape of the code (docs/architecture.md): imports point one way, and no app outgrows the rest.

Read from the source with ``ast`` (no app is imported), so a forbidden import anywhere in a module
counts, inside a function too (an import inside a function is a cycle in hiding, CONVENTIONS.md §2).
Tests and migrations are left out: tests may cross apps (the permission matrix reaches every URL)
and migrations name other apps only as strings.
"""

import ast
import collections
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)

# Lower first (DESIGN.md's map): an app imports only apps of a lower rank. Apps of one rank are
# siblings and import neither way (conferences and the follow-up both stand on initiatives).
# The plumbing stands below everything and imports no other app of ours; the demo data sets and the
# benchmarks stand above everything, and nothing imports them.
RANK = {
    "plumbing": 0,
    "overenskommelse": 1,
    "accounts": 2,
    "initiatives": 3,
    "conferences": 4,
    "followup": 4,
    "collaboration": 5,
    "documents": 6,
    "demo": 7,
}

# Existing modules that still break the rule, each with why; printed by the test so they stay seen.
# Empty since the project-wide tools moved to ``demo`` (issue 15, item 7); keep it so.
ALLOWED_UPWARD: dict[str, str] = {}

# Apps whose modules import at their top only (issue 15, item 3): an import inside a function is a
# cycle in hiding (CONVENTIONS.md §2). A service sends its app's task by name (``TaskNamed``), the
# tasks import the services; a lower app shows a higher one's things by name (a URL, a template).
TOP_IMPORTS_ONLY = (
    "overenskommelse", "accounts", "initiatives", "conferences", "followup", "collaboration", "documents"
)

# The imports inside a function that stay, ``module:function`` → why.
ALLOWED_INSIDE_FUNCTIONS: dict[str, str] = {
    "overenskommelse/apps.py:OverenskommelseConfig.ready": (
        "Django's ready(): the reference cache's invalidation needs the app's models loaded"
    ),
    "accounts/apps.py:AccountsConfig.ready": (
        "Django's ready(): the session signals and the reference cache need the models loaded"
    ),
    "initiatives/apps.py:InitiativesConfig.ready": (
        "Django's ready(): the reference cache's invalidation needs every app's models loaded"
    ),
    "collaboration/apps.py:CollaborationConfig.ready": (
        "Django's ready(): the signal handlers of the dashboard's cache need every app's models loaded"
    ),
}

# No app holds more than this share of the application code (non-blank lines outside tests and
# migrations).
MAX_SHARE = 0.25


def _app_modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        relative = path.relative_to(ROOT)
        if "tests" in relative.parts or "migrations" in relative.parts:
            continue
        yield relative, path.read_text(encoding="utf-8")


def _imported_modules(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def _imports_inside_functions(tree: ast.AST, scope: str = "", in_function: bool = False):
    """(line, ``Class.function``, statement) of every import inside a function or a method, however
    deep (a class's body at a module's top is no function: its imports run when the module does)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            name = f"{scope}.{node.name}" if scope else node.name
            is_function = in_function or not isinstance(node, ast.ClassDef)
            yield from _imports_inside_functions(node, name, is_function)
            continue
        if in_function and isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node.lineno, scope, ast.unparse(node)
        yield from _imports_inside_functions(node, scope, in_function)


def _upward_imports() -> dict[str, list[str]]:
    found: dict[str, list[str]] = collections.defaultdict(list)
    for app, rank in RANK.items():
        for relative, source in _app_modules(app):
            for line, module in _imported_modules(ast.parse(source, filename=str(relative))):
                other = module.split(".")[0]
                if other in RANK and other != app and RANK[other] >= rank:
                    found[relative.as_posix()].append(f"line {line}: {app} imports {module}")
    return found


def test_every_app_of_ours_has_a_rank():
    ours = [name for name in settings.INSTALLED_APPS if (ROOT / name / "apps.py").exists()]
    assert sorted(ours) == sorted(RANK)


def test_no_app_imports_one_above_it_or_beside_it():
    found = _upward_imports()
    allowed = {path: lines for path, lines in found.items() if path in ALLOWED_UPWARD}
    for path, lines in sorted(allowed.items()):
        print(f"allowed ({ALLOWED_UPWARD[path]}): {path}: {len(lines)} imports")
    forbidden = {path: lines for path, lines in found.items() if path not in ALLOWED_UPWARD}
    assert forbidden == {}
    # An allowance that is no longer needed is removed, so the list never hides a new import.
    assert sorted(set(ALLOWED_UPWARD) - set(found)) == []


def test_the_import_check_sees_an_import_inside_a_function():
    """The check itself: a module of the follow-up importing the group's models is caught."""
    tree = ast.parse("def f():\n    from collaboration.models import Meeting\n")
    assert [module for _, module in _imported_modules(tree)] == ["collaboration.models"]


def test_no_app_holds_more_than_a_quarter_of_the_code():
    lines = {
        app: sum(1 for _, source in _app_modules(app) for row in source.splitlines() if row.strip()) for app in RANK
    }
    total = sum(lines.values())
    shares = {app: round(count / total, 3) for app, count in lines.items()}
    print("share of the application code:", shares)
    assert {app: share for app, share in shares.items() if share > MAX_SHARE} == {}


def test_no_import_inside_a_function():
    """In the apps of ``TOP_IMPORTS_ONLY`` every module imports at its top, but for the few of
    ``ALLOWED_INSIDE_FUNCTIONS`` (printed, so they stay seen)."""
    found: dict[str, list[str]] = collections.defaultdict(list)
    for app in TOP_IMPORTS_ONLY:
        for relative, source in _app_modules(app):
            for line, function, statement in _imports_inside_functions(ast.parse(source, filename=str(relative))):
                found[f"{relative.as_posix()}:{function}"].append(f"line {line}: {statement}")
    for key in sorted(set(found) & set(ALLOWED_INSIDE_FUNCTIONS)):
        print(f"allowed ({ALLOWED_INSIDE_FUNCTIONS[key]}): {key}")
    assert {key: lines for key, lines in found.items() if key not in ALLOWED_INSIDE_FUNCTIONS} == {}
    # An allowance that is no longer needed is removed, so the list never hides a new import.
    assert sorted(set(ALLOWED_INSIDE_FUNCTIONS) - set(found)) == []


def test_the_inner_import_check_sees_methods_and_nested_functions_not_a_class_body():
    tree = ast.parse(
        "import os\n"
        "class Config:\n"
        "    import sys\n"
        "    def ready(self):\n"
        "        from .cache import connect_signals\n"
        "def outer():\n"
        "    def inner():\n"
        "        import json\n"
    )
    assert [(function, statement) for _, function, statement in _imports_inside_functions(tree)] == [
        ("Config.ready", "from .cache import connect_signals"),
        ("outer.inner", "import json"),
    ]
