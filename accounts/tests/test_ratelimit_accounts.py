"""allauth's rate limits on logging in, signing up, resetting a password and confirming an address
(issue 8, item 3): set explicitly in the settings and counted in the shared cache, so guessing a
password or flooding someone's inbox stops after a few tries."""

import pytest
from allauth.account import app_settings
from django.conf import settings
from django.contrib import auth
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

TOO_MANY_LOGINS = "För många misslyckade inloggningsförsök. Försök igen senare."


def _html(response) -> str:
    return response.content.decode()


def _log_in(client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_the_limits_are_set_explicitly_and_in_force():
    configured = settings.ACCOUNT_RATE_LIMITS
    for action in ("login", "login_failed", "signup", "reset_password", "confirm_email"):
        assert configured[action], action
        assert app_settings.RATE_LIMITS[action] == configured[action]
    assert configured["login_failed"] == "10/m/ip,5/5m/key"


def test_the_cache_that_counts_is_a_real_one():
    # A dummy cache would count nothing and so limit nothing.
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend != "django.core.cache.backends.dummy.DummyCache"


def test_after_five_wrong_passwords_the_sixth_try_is_refused_even_with_the_right_one(
    client, ordinary_user, password
):
    for _ in range(5):
        response = _log_in(client, ordinary_user.email, "fel-losenord")
        assert response.status_code == 200
        assert TOO_MANY_LOGINS not in _html(response)
    response = _log_in(client, ordinary_user.email, password)
    assert response.status_code == 200
    assert TOO_MANY_LOGINS in _html(response)
    assert not auth.get_user(client).is_authenticated


def test_wrong_passwords_for_one_address_do_not_lock_out_another(client, ordinary_user, convener, password):
    for _ in range(5):
        _log_in(client, convener.email, "fel-losenord")
    response = _log_in(client, ordinary_user.email, password)
    assert response.status_code == 302
    assert auth.get_user(client) == ordinary_user


def test_a_right_password_within_the_limit_logs_in(client, ordinary_user, password):
    for _ in range(4):
        _log_in(client, ordinary_user.email, "fel-losenord")
    response = _log_in(client, ordinary_user.email, password)
    assert response.status_code == 302
    assert auth.get_user(client) == ordinary_user


def test_signing_up_too_often_from_one_address_gets_a_swedish_429_page(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/m/ip"}
    for number in range(2):
        response = client.post(
            reverse("account_signup"),
            {
                "email": f"ny{number}@example.org",
                "password1": "ett-langt-losenord-99",
                "password2": "ett-langt-losenord-99",
            },
        )
        assert response.status_code == 302
        client.logout()
    response = client.post(
        reverse("account_signup"),
        {"email": "ny9@example.org", "password1": "ett-langt-losenord-99", "password2": "ett-langt-losenord-99"},
    )
    assert response.status_code == 429
    assert "För många förfrågningar" in _html(response)


def test_asking_again_and_again_for_a_password_reset_sends_at_most_five_emails(client, ordinary_user):
    for _ in range(7):
        client.post(reverse("account_reset_password"), {"email": ordinary_user.email})
    assert len(mail.outbox) == 5


def test_a_second_confirmation_email_within_three_minutes_is_not_sent(client):
    address = "obekraftad@example.org"
    client.post(
        reverse("account_signup"),
        {"email": address, "password1": "ett-langt-losenord-99", "password2": "ett-langt-losenord-99"},
    )
    assert len(mail.outbox) == 1
    # Logging in with the unconfirmed address would send the confirmation again: not this soon.
    _log_in(client, address, "ett-langt-losenord-99")
    assert len(mail.outbox) == 1
