#!/usr/bin/env bash
# Code checks of CI (issue 8): bandit on our code, failing on anything of high severity, and an
# audit of the installed dependencies against the known vulnerabilities of PyPI's advisory data.
# Run by scripts/test.sh when CHECK_CATALOGUE=1 or CHECK_CODE=1 (CI sets the first). ~15 s.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> bandit (our code; fails on high severity)"
# Tests and migrations are not shipped code; medium and low findings are reviewed, not fatal.
.venv/bin/bandit -q -r plumbing overenskommelse accounts initiatives conferences followup \
  -x "*/tests/*,*/migrations/*,./.venv/*" --severity-level high

echo "==> pip-audit (dependencies)"
# pip-audit asks PyPI for the advisories of each exact version (https://pypi.org/pypi/NAME/VERSION/json).
# Where that endpoint cannot be reached (some build machines reach only the package index and
# the project pages: the per-version page answers 404, and api.osv.dev is not resolvable), pip-audit
# would report every package as "not found" and exit 0 — a silent pass. So probe it first, and say
# plainly when the audit could not run instead of passing it.
probe_url=$(.venv/bin/python -c 'import importlib.metadata as m; print("https://pypi.org/pypi/pip/%s/json" % m.version("pip"))')
if .venv/bin/python - "$probe_url" <<'PY'
import sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1], timeout=10) as response:  # noqa: S310 - a fixed https URL
        sys.exit(0 if response.status == 200 else 1)
except Exception:
    sys.exit(1)
PY
then
  # --strict: a package that could not be audited fails the run instead of being skipped.
  .venv/bin/pip-audit --strict --progress-spinner off -r requirements.txt --no-deps --disable-pip
  .venv/bin/pip-audit --strict --progress-spinner off --skip-editable
else
  echo "    NOT AUDITED: PyPI's per-version advisory data is not reachable from this machine" \
       "($probe_url). Run 'scripts/code_checks.sh' where it is (pip-audit --strict -r requirements.txt)."
fi
