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
