"""A form whose CSRF check fails gets the portal's own page (issue 13): in Swedish, saying what
happened and what to do, inside the site's layout and its Content Security Policy, with 403."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Accession

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_client():
    return Client(enforce_csrf_checks=True)


def test_a_form_sent_with_a_stale_token_gets_the_portals_page(strict_client, ordinary_user):
    strict_client.force_login(ordinary_user)
    url = reverse("accounts:accession_start")
    strict_client.get(url)  # the CSRF cookie is set, as in a browser
    response = strict_client.post(url, {"name": "Föreningen X", "action": "save", "csrfmiddlewaretoken": "x" * 64})
    page = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Formuläret kunde inte skickas</h1>" in page
    assert "Ingenting har sparats." in page
    assert "Ladda om sidan" in page
    assert "CSRF verification failed" not in page  # not Django's English page
    # Rendered with the request: the site's menu knows who is logged in, and the new form token
    # on the page (the logout form's) lets the next try through.
    assert "Logga ut" in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert not Accession.objects.exists()


def test_the_page_says_so_when_the_browser_keeps_no_cookie(strict_client):
    response = strict_client.post(reverse("account_login"), {"login": "a@example.org", "password": "x"})
    assert response.status_code == 403
    assert "Tillåt kakor för den här webbplatsen" in response.content.decode()


def test_the_page_is_the_sites_own_within_the_content_security_policy(strict_client):
    response = strict_client.post(reverse("account_login"), {})
    page = response.content.decode()
    assert '<html lang="sv">' in page
    assert "<title>" in page and "Formuläret kunde inte skickas" in page.split("</title>")[0]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)", page), "no inline script"
    assert "style=" not in page and not re.search(r"\son[a-z]+=", page)
