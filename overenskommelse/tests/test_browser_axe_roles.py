"""Issue 17: axe-core (WCAG 2.1 A/AA and 2.2 AA) on every page a role can reach, not only the public
ones, at desktop (1280 px) and phone (390 px) widths; and the help (Contact) in the same place on
each of them (3.2.6 Consistent help).

The pages are those of the permission matrix (``permission_matrix_table.py``): for each role, each
GET line whose cell says 200, in the matrix's own world (``build_world``). Each role's browser
context carries the session the portal's login would leave (``PortalClient.force_login``: the
password, and the second factor for the convener and the group member, who have it turned on), so
the pages behind two-step verification are checked as their readers see them. Files (CSV, XLSX,
PDF, ICS, JSON) are left out by what the browser receives.

One test per role, so the suite's processes share the walk (``scripts/test.sh`` runs the browser
tests in parallel); each page the role reaches is loaded once, checked at the desktop width, then the
window is narrowed to the phone width and the same load is checked again. Every page of every role,
at both widths: 448 (role, page) pairs.
"""

import time

import pytest
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from .browser import axe_violations, sign_in_context
from .permission_matrix_table import ROLES, TABLE
from .test_permission_matrix import PDF, build_world, url_kwargs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# The fewest pages a role reaches in the matrix (the anonymous visitor: the public pages).
MINIMUM_PAGES = 20


def pages_of(role: str) -> list[tuple[str, dict]]:
    """The (url name, kwargs) of every GET line of the matrix this role gets a 200 for."""
    column = ROLES.index(role)
    return [
        (name, kwargs)
        for name, kwargs, method, cells in TABLE
        if method == "GET" and cells.split()[column] == "200"
    ]


def _settle(page) -> None:
    """Two animation frames: the page's resize handlers (scroll-regions.js) have run."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


@pytest.fixture
def cast_and_world(request, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # Name badges are a download, skipped below; no need to wait for WeasyPrint to make them.
    from conferences.views import attendance

    monkeypatch.setattr(attendance, "render_pdf", lambda *args, **kwargs: PDF)
    cast = {
        name: request.getfixturevalue(name)
        for name in (*ROLES[1:], "organisation_a", "organisation_b", "administration_x", "administration_y")
    }
    return cast, build_world(cast)


def _context_for(browser, live_server, user):
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="sv-SE")
    context.set_default_timeout(15_000)
    if user is not None:
        sign_in_context(context, live_server, user)
    return context


@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_a_role_meets_wcag_2_2_aa_at_desktop_and_phone_widths(
    role, browser, live_server, cast_and_world
):
    cast, world = cast_and_world
    pages = pages_of(role)
    contact = reverse("contact")
    started = time.monotonic()
    problems: list[str] = []
    checked = {"desktop": 0, "phone": 0, "files skipped": 0}
    context = _context_for(browser, live_server, cast.get(role))
    page = context.new_page()
    try:
        for name, kwargs in pages:
            path = reverse(name, kwargs=url_kwargs(world, kwargs))
            page.set_viewport_size(DESKTOP)
            try:
                response = page.goto(path)
            except PlaywrightError as error:
                if "Download is starting" in str(error):
                    checked["files skipped"] += 1
                    continue
                raise
            if not response.headers.get("content-type", "").startswith("text/html"):
                checked["files skipped"] += 1
                continue
            if response.status != 200:
                problems.append(f"{role} {path}: HTTP {response.status}, the matrix says 200")
                continue
            for line in axe_violations(page):
                problems.append(f"{role} {path} at {DESKTOP['width']} px: {line}")
            # Consistent help (WCAG 2.2, 3.2.6): Contact first in the footer's list, everywhere.
            if page.locator("footer ul li").first.locator(f'a[href="{contact}"]').count() != 1:
                problems.append(f"{role} {path}: the footer's list does not begin with Contact")
            checked["desktop"] += 1
            page.set_viewport_size(PHONE)
            _settle(page)
            for line in axe_violations(page):
                problems.append(f"{role} {path} at {PHONE['width']} px: {line}")
            checked["phone"] += 1
    finally:
        context.close()
    took = time.monotonic() - started
    print(f"\naxe on the pages of {role}: {checked}, {len(problems)} problem(s), {took:.0f} s")
    # Every page of the role was looked at (a page, or a file left out), and enough pages to mean it.
    assert len(pages) >= MINIMUM_PAGES, f"{role} reaches only {len(pages)} pages in the matrix"
    assert checked["desktop"] + checked["files skipped"] == len(pages) - sum(
        1 for line in problems if "HTTP" in line
    ), checked
    assert checked["phone"] == checked["desktop"] > 0, checked
    assert not problems, f"{len(problems)} problem(s) ({checked}, {took:.0f} s):\n" + "\n".join(problems)
