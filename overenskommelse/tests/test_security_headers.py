"""Production mode sends the security headers and secure cookies (issue 8, item 2).

The production settings are read afresh from settings/base.py with ``DJANGO_DEBUG=False`` (the test
settings themselves run with DEBUG on) and put in place for the test, so what is checked is what
production really sets. ``check --deploy`` itself is tested in test_settings.py.
"""

import runpy
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

BASE_SETTINGS = Path(__file__).resolve().parent.parent / "settings" / "base.py"

# What production sets that the test settings must not override for these tests.
PRODUCTION_KEYS = [
    "DEBUG",
    "MIDDLEWARE",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_SAMESITE",
    "CONTENT_SECURITY_POLICY",
    "X_FRAME_OPTIONS",
    "PERMISSIONS_POLICY",
]

PAGES = ["home", "agreement", "account_login", "accounts:organisation_list"]


@pytest.fixture
def production(settings, monkeypatch):
    """The security settings of production mode, in force for this test; a client over HTTPS."""
    for name in ("DJANGO_SECURE_SSL_REDIRECT", "DJANGO_SECURE_HSTS_SECONDS", "DJANGO_SECURE_HSTS_PRELOAD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DJANGO_DEBUG", "False")
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 60)
    monkeypatch.setenv("DJANGO_MFA_ENCRYPTION_KEY", "y" * 60)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "testserver")
    values = runpy.run_path(str(BASE_SETTINGS))
    assert values["DEBUG"] is False
    for key in PRODUCTION_KEYS:
        setattr(settings, key, values[key])
    # Behind the TLS-terminating proxy, which says so in X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER).
    return Client(headers={"X-Forwarded-Proto": "https"})


def _csp(response) -> dict[str, list[str]]:
    policy = {}
    for directive in response["Content-Security-Policy"].split(";"):
        name, *sources = directive.split()
        policy[name] = sources
    return policy


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_every_page_sends_the_security_headers(production, page):
    response = production.get(reverse(page))
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions


@pytest.mark.django_db
def test_the_content_security_policy_allows_nothing_inline_and_nothing_from_elsewhere(production):
    policy = _csp(production.get(reverse("home")))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    for sources in policy.values():
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:"} & set(sources)


@pytest.mark.django_db
def test_plain_http_is_sent_to_https(production):
    response = Client(headers={"X-Forwarded-Proto": "http"}).get(reverse("home"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def _cookie(response, name: str):
    assert name in response.cookies, f"{name} not set"
    return response.cookies[name]


def _assert_hardened(cookie) -> None:
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_the_session_cookie_is_secure_httponly_and_samesite(production, ordinary_user, password):
    response = production.post(
        reverse("account_login"), {"login": ordinary_user.email, "password": password}
    )
    assert response.status_code == 302
    _assert_hardened(_cookie(response, "sessionid"))


@pytest.mark.django_db
def test_the_csrf_cookie_is_secure_httponly_and_samesite(production):
    response = production.get(reverse("account_login"))
    _assert_hardened(_cookie(response, "csrftoken"))


@pytest.mark.django_db
def test_the_language_cookie_is_secure_httponly_and_samesite(production):
    response = production.post(reverse("set_language"), {"language": "en", "next": "/"})
    _assert_hardened(_cookie(response, "django_language"))


def test_the_permissions_policy_is_built_from_the_setting(rf, settings):
    from django.http import HttpResponse

    from plumbing.middleware import SecurityHeadersMiddleware

    settings.PERMISSIONS_POLICY = {"camera": [], "fullscreen": ["self"]}
    middleware = SecurityHeadersMiddleware(lambda request: HttpResponse("ok"))
    assert middleware(rf.get("/"))["Permissions-Policy"] == "camera=(), fullscreen=(self)"
