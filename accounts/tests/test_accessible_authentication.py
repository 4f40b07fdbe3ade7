"""Issue 17, WCAG 2.2 (3.3.8 Accessible authentication, minimum): logging in asks for nothing a
person must remember or transcribe without help. The email and password fields tell the browser and
password managers what they are; the code of two-step verification can be filled in by an
authenticator or password manager (autocomplete="one-time-code"), pasted, and typed on a phone's
number pad; there is no puzzle (captcha) anywhere on the way."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

CAPTCHA = re.compile(r"captcha|recaptcha|hcaptcha|turnstile", re.IGNORECASE)


def _input(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, f"no input {name!r}"
    return match.group(0)


def test_the_login_fields_say_what_they_hold(client):
    html = client.get(reverse("account_login")).content.decode()
    assert 'autocomplete="email"' in _input(html, "login")
    assert 'type="email"' in _input(html, "login")
    password = _input(html, "password")
    assert 'autocomplete="current-password"' in password
    assert not CAPTCHA.search(html)


def test_the_code_of_two_step_verification_can_be_filled_in_pasted_and_typed_on_a_number_pad(
    client, convener, password
):
    response = client.post(reverse("account_login"), {"login": convener.email, "password": password})
    assert response["Location"] == reverse("mfa_authenticate")
    html = client.get(reverse("mfa_authenticate")).content.decode()
    code = _input(html, "code")
    assert 'autocomplete="one-time-code"' in code
    assert 'inputmode="numeric"' in code
    # Nothing stops pasting or a password manager: no handlers, no limit shorter than a code.
    assert not re.search(r"\son[a-z]+=", code)
    assert "maxlength" not in code or int(re.search(r'maxlength="(\d+)"', code).group(1)) >= 8
    assert 'readonly' not in code and "disabled" not in code
    assert not CAPTCHA.search(html)


def test_signing_up_has_no_puzzle_and_new_password_fields(client):
    html = client.get(reverse("account_signup")).content.decode()
    assert not CAPTCHA.search(html)
    assert 'autocomplete="new-password"' in _input(html, "password1")
    assert 'autocomplete="email"' in _input(html, "email")
