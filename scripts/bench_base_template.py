"""CPU time of rendering ``base.html`` per role, against an older copy of it (issue 16: the chrome).

    DATABASE_URL=postgres://…/ok_bench .venv/bin/python scripts/bench_base_template.py OLD.html [N]

OLD.html: the template to compare with, e.g. ``git show <commit>:templates/base.html > /tmp/old.html``.
Renders both with ``render_to_string``-like calls (a RequestContext of a fresh request each time,
the same user object, so its roles are cached as they are after the first ask of a request),
alternating old and new, and prints the median CPU time (``time.process_time``) of each per role
and language. Reads the database only.
"""

import os
import statistics
import sys
import time

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "overenskommelse.settings.base")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.template.loader import get_template
from django.test import RequestFactory
from django.utils import translation

from accounts.models import User
from accounts.second_factor import mark_second_factor

ROLES = {
    "anonymous": None,
    "representative": "forening@demo.lund.se",
    "officer": "handlaggare@demo.lund.se",
    "group member": "ledamot@demo.lund.se",
    "convener": "sammankallande@demo.lund.se",
}


def main(old_path: str, n: int) -> None:
    with open(old_path, encoding="utf-8") as file:
        old = engines["django"].from_string(file.read())
    new = get_template("base.html")
    factory = RequestFactory()
    print(f"{'role':<16}{'lang':<6}{'old ms':>8}{'new ms':>8}")
    for role, email in ROLES.items():
        user = AnonymousUser() if email is None else mark_second_factor(User.objects.get(email=email))
        for language in ("sv", "en"):
            translation.activate(language)
            times = {"old": [], "new": []}
            for i in range(n + 20):
                for name, template in (("old", old), ("new", new)) if i % 2 else (("new", new), ("old", old)):
                    request = factory.get("/initiativ/", {"next": "/a?b=1&c=<d>"})
                    request.user = user
                    start = time.process_time()
                    html = template.render({}, request)
                    elapsed = time.process_time() - start
                    if i >= 20:
                        times[name].append(elapsed * 1000)
            assert html
            print(
                f"{role:<16}{language:<6}{statistics.median(times['old']):>8.3f}"
                f"{statistics.median(times['new']):>8.3f}"
            )


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 300)
