"""Browser test infrastructure: Playwright with Debian's chromium, and an axe-core check.

Loaded for the whole suite by ``pytest_plugins`` in the root conftest.py; the fixtures cost nothing
until a test asks for them. Browser tests are marked ``@pytest.mark.browser`` so they can run alone
(``pytest -m browser``) and need ``@pytest.mark.django_db(transaction=True)`` for ``live_server``.
"""

import os

import pytest

# Playwright's sync API runs an asyncio event loop in the test's thread, and Django refuses ORM
# calls (fixtures, call_command) from a thread with a running loop unless told it is safe here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# WCAG 2.1 level A and AA, the level the Swedish accessibility law (DOS-lagen) requires, and 2.2 AA
# (EN 301 549's next edition). The bundled axe-core (4.12, axe-playwright-python) tags its 2.2 rules
# "wcag22aa" only (target size, 2.5.8); it has no "wcag22a" tag, so that one would select nothing.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the whole run (never `playwright install`: Debian's is used)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
            # While the sync API is active it marks its event loop as running in this thread, so
            # Django keeps this thread's connections in a separate (async) store; close those
            # before the store goes away, or they would hold the test database open.
            from django.db import connections

            connections.close_all()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context and page per test; relative URLs go to ``live_server``."""
    context = browser.new_context(
        base_url=live_server.url,
        # Wide enough for the expanded navbar (navbar-expand-xl: 1200 px).
        viewport={"width": 1280, "height": 900},
        locale="sv-SE",
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def axe_violations(page) -> list[str]:
    """Every WCAG 2.1 A/AA and 2.2 AA violation axe-core finds on the page as it is now, one line per
    rule (its id, impact, help and up to three of the elements)."""
    import json

    from axe_playwright_python.sync_playwright import Axe

    # Injected once per loaded page (a second run on the same page, e.g. at another width, reuses it).
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(Axe().axe_script)
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    response = page.evaluate(f"axe.run(document, {json.dumps(options)})")
    lines = []
    for violation in response["violations"]:
        targets = [
            ", ".join(map(str, node["target"])) for node in violation["nodes"][:3]
        ]
        more = len(violation["nodes"]) - len(targets)
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" [{'; '.join(targets)}{f'; … {more} more' if more > 0 else ''}]"
        )
    return lines


def assert_no_axe_violations(page) -> None:
    """Fail with every WCAG 2.1 A/AA and 2.2 AA violation axe-core finds on the page as it is now."""
    violations = axe_violations(page)
    if violations:
        pytest.fail(
            "\n".join([f"{len(violations)} axe violation(s) on {page.url}:", *violations]),
            pytrace=False,
        )


@pytest.fixture
def demo_data(settings, tmp_path):
    """The demo data (``load_demo``) for a live-server test, with uploads in a temporary folder.

    Each transactional test after the first starts from a flushed database, so the role groups a
    migration created are gone; ``load_demo`` recreates them through ``accounts.roles.role_group``.
    """
    import io

    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEBUG = True  # load_demo refuses to run in production mode
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False  # the pages are served as in production


@pytest.fixture
def console_errors(page):
    """Errors the browser reports (CSP refusals, missing static files, script errors)."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def check_page(page) -> None:
    """One <h1>, and no WCAG 2.1 A/AA or 2.2 AA violation."""
    page.wait_for_load_state("load")
    assert page.locator("h1").count() == 1, f"{page.url}: expected exactly one <h1>"
    assert_no_axe_violations(page)


def totp_code(user) -> str:
    """The code the user's authenticator app shows now (two-step verification, allauth.mfa TOTP).

    allauth accepts each code once per period; the mark that this code was used is dropped, so a
    test may log the same person in twice within 30 seconds (the cache is this process's own).
    """
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from allauth.mfa.utils import decrypt
    from django.core.cache import cache

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    code = totp_code_of_secret(decrypt(authenticator.data["secret"]))
    cache.delete(TOTP(authenticator)._get_used_cache_key(code))
    return code


def totp_code_of_secret(secret: str) -> str:
    """The code an authenticator app set up with ``secret`` (base32) shows now. In the last seconds
    of a period it waits for the next code, as a person would: a code typed as it changes is refused
    (allauth accepts the current period's only), which made a browser test fail now and then."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    period = app_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < 5:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def answer_two_step_if_asked(page, email: str) -> None:
    """On the page asking for the code of two-step verification (after the password of the
    convener or a group member), type the code the person's app would show now and go on."""
    from django.urls import reverse

    from accounts.models import User

    if page.url.split("?")[0].endswith(reverse("mfa_authenticate")):
        page.locator('main input[name="code"]').fill(totp_code(User.objects.get(email=email)))
        with page.expect_navigation():
            page.locator('main form button[type="submit"]').first.click()


def log_in(page, email: str, password: str, next_url: str = "") -> None:
    """Log in through the login form, as a person would, including the code of two-step
    verification when the portal asks for it; then on to ``next_url`` when given."""
    from urllib.parse import urlencode

    from django.urls import reverse

    login_url = reverse("account_login")
    page.goto(f"{login_url}?{urlencode({'next': next_url})}" if next_url else login_url)
    page.locator('main input[name="login"]').fill(email)
    page.locator('main input[name="password"]').fill(password)
    with page.expect_navigation():
        page.locator('main form button[type="submit"]').first.click()
    answer_two_step_if_asked(page, email)


def log_out(page) -> None:
    with page.expect_navigation():
        page.locator('header form[action$="/logout/"] button').click()


def sign_in_context(context, live_server, user) -> None:
    """Give a browser context the session the portal's login leaves for ``user`` (the password, and
    the second factor when the account has it turned on: ``PortalClient.force_login``), without
    going through the forms: for tests that walk many pages as several people."""
    from django.conf import settings

    from plumbing.testing import PortalClient

    client = PortalClient()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
