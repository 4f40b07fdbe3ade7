"""The account journeys through allauth, as a visitor experiences them through the test client:
sign up, confirm the address from the email, log out, log in, reset a forgotten password; the
pages in Swedish by default and in English on request; and every allauth page rendered inside the
portal's own layout (templates/allauth/), accessible and without anything the CSP would block."""

import re

import pytest
from allauth.account.views import EmailView
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib import auth
from django.core import mail
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

NEW_EMAIL = "ny.forening@example.org"
NEW_PASSWORD = "ett-nytt-hemligt-losenord-17"


def _html(response) -> str:
    return response.content.decode()


def _link_in_last_email(path_start: str) -> str:
    """The path of the link in the latest email whose path starts with ``path_start``."""
    body = mail.outbox[-1].body
    match = re.search(r"https?://[^/\s]+(" + re.escape(path_start) + r"\S*)", body)
    assert match, f"no link to {path_start} in the email:\n{body}"
    return match.group(1)


def _logged_in_user(client):
    return auth.get_user(client)


def _log_in_through_the_form(client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


FORBIDDEN = [
    (re.compile(r"\sstyle=\""), "style attribute"),
    (re.compile(r"\son[a-z]+=", re.IGNORECASE), "event handler attribute"),
    (
        re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"),
        "inline script",
    ),
]


def _assert_portal_page(response, *, manage: bool = False) -> str:
    assert response.status_code == 200, response
    html = _html(response)
    assert 'id="main"' in html  # our base.html
    assert "<strong>Menu:</strong>" not in html  # not allauth's bare layout
    assert len(re.findall(r"<h1[\s>]", html)) == 1, "exactly one <h1>"
    assert re.search(r"<title>\s*\S.*–", html, re.DOTALL), "a title that says where you are"
    for pattern, what in FORBIDDEN:
        assert not pattern.search(html), f"{what} on {response.wsgi_request.path}"
    for form in re.findall(r"<form[^>]*method=\"post\".*?</form>", html, re.DOTALL):
        assert "csrfmiddlewaretoken" in form
    labelled = set(re.findall(r'<label[^>]*\bfor="([^"]+)"', html))
    for input_id in re.findall(
        r'<(?:input|textarea|select)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', html
    ):
        assert input_id in labelled, f"no label for #{input_id} on {response.wsgi_request.path}"
    if manage:  # the small menu between the account pages
        assert re.search(
            r'<ul class="nav nav-tabs">.*?href="' + reverse("accounts:overview"), html, re.DOTALL
        )
    return html


# --- The journeys ----------------------------------------------------------------------------------


def test_signing_up_sends_an_email_whose_link_confirms_the_address_and_logs_in(client):
    response = client.post(
        reverse("account_signup"),
        {"email": NEW_EMAIL, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    # Mandatory verification: the visitor is told to check their inbox, not logged in yet.
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not _logged_in_user(client).is_authenticated
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [NEW_EMAIL]

    _assert_portal_page(client.get(reverse("account_email_verification_sent")))

    confirm_path = _link_in_last_email("/konto/confirm-email/")
    html = _assert_portal_page(client.get(confirm_path))
    assert NEW_EMAIL in html
    # Following the link alone does not confirm (ACCOUNT_CONFIRM_EMAIL_ON_GET is off) …
    assert not User.objects.get(email=NEW_EMAIL).emailaddress_set.get().verified

    # … pressing the button does, and logs the new user in.
    response = client.post(confirm_path)
    assert response.status_code == 302
    assert User.objects.get(email=NEW_EMAIL).emailaddress_set.get().verified
    user = _logged_in_user(client)
    assert user.is_authenticated
    assert user.email == NEW_EMAIL


def test_a_user_who_logs_out_can_log_in_again_with_email_and_password(
    client, ordinary_user, password
):
    response = _log_in_through_the_form(client, ordinary_user.email, password)
    assert response.status_code == 302
    assert _logged_in_user(client) == ordinary_user

    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert not _logged_in_user(client).is_authenticated

    response = _log_in_through_the_form(client, ordinary_user.email, password)
    assert response.status_code == 302
    assert _logged_in_user(client) == ordinary_user


def test_a_user_who_forgot_the_password_sets_a_new_one_from_the_emailed_link(
    client, ordinary_user, password
):
    response = client.post(reverse("account_reset_password"), {"email": ordinary_user.email})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [ordinary_user.email]

    # The emailed link stores the key in the session and redirects to a key-less address.
    response = client.get(_link_in_last_email("/konto/password/reset/key/"))
    assert response.status_code == 302
    form_path = response["Location"]
    assert 'name="password1"' in _assert_portal_page(client.get(form_path))

    response = client.post(form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_from_key_done")
    _assert_portal_page(client.get(response["Location"]))

    # The old password no longer works; the new one does.
    response = _log_in_through_the_form(client, ordinary_user.email, password)
    assert response.status_code == 200
    assert not _logged_in_user(client).is_authenticated
    response = _log_in_through_the_form(client, ordinary_user.email, NEW_PASSWORD)
    assert response.status_code == 302
    assert _logged_in_user(client) == ordinary_user


def test_a_wrong_password_keeps_the_visitor_on_the_login_page_with_an_alert(client, ordinary_user):
    response = _log_in_through_the_form(client, ordinary_user.email, "fel-losenord")
    html = _html(response)
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert f'value="{ordinary_user.email}"' in html
    assert not _logged_in_user(client).is_authenticated


# --- Language ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url_name, swedish, english",
    [
        ("account_login", "Logga in", "Sign In"),
        ("account_signup", "Skapa konto", "Sign Up"),
    ],
)
def test_the_login_and_signup_pages_are_in_swedish_by_default(client, url_name, swedish, english):
    html = _html(client.get(reverse(url_name)))
    assert '<html lang="sv">' in html
    assert re.search(r"<h1[^>]*>\s*" + swedish + r"\s*</h1>", html)
    assert english not in html


@pytest.mark.parametrize(
    "url_name, english",
    [("account_login", "Sign In"), ("account_signup", "Sign Up")],
)
def test_the_login_and_signup_pages_are_in_english_when_the_visitor_chose_english(
    client, url_name, english
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = _html(client.get(reverse(url_name)))
    assert '<html lang="en">' in html
    assert re.search(r"<h1[^>]*>\s*" + english + r"\s*</h1>", html)


# --- Forms: labels and errors ----------------------------------------------------------------------


def test_signup_with_mismatching_passwords_keeps_the_email_and_ties_the_error_to_the_field(client):
    response = client.post(
        reverse("account_signup"),
        {"email": NEW_EMAIL, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"},
    )
    html = _html(response)
    assert response.status_code == 200
    assert not User.objects.filter(email=NEW_EMAIL).exists()

    # The typed address is still there; the passwords are not sent back.
    email_input = re.search(r'<input[^>]*name="email"[^>]*>', html).group(0)
    assert f'value="{NEW_EMAIL}"' in email_input
    assert NEW_PASSWORD not in html

    # The error sits next to the second password field and the field points at it.
    password2 = re.search(r'<input[^>]*name="password2"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in password2
    assert "is-invalid" in password2
    described_by = re.search(r'aria-describedby="([^"]+)"', password2).group(1).split()
    assert "id_password2_error" in described_by
    error = re.search(
        r'<div class="invalid-feedback d-block" id="id_password2_error">(.*?)</div>', html
    )
    assert error
    assert "lösenord" in error.group(1)  # "Du måste ange samma lösenord"


def test_every_field_on_the_signup_page_has_a_visible_label(client):
    html = _html(client.get(reverse("account_signup")))
    ids = re.findall(r'<input(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', html)
    assert {"id_email", "id_password1", "id_password2"} <= set(ids)
    for input_id in ids:
        assert f'<label class="form-label" for="{input_id}">' in html, input_id
    # The password rules are the first password's help text, and it points at them.
    password1 = re.search(r'<input[^>]*name="password1"[^>]*>', html).group(0)
    assert 'aria-describedby="id_password1_helptext"' in password1
    assert 'id="id_password1_helptext"' in html


def test_remember_me_is_a_labelled_bootstrap_checkbox(client):
    html = _html(client.get(reverse("account_login")))
    assert re.search(
        r'<input type="checkbox" name="remember" class="form-check-input"[^>]*id="id_remember"',
        html,
    )
    assert '<label class="form-check-label" for="id_remember">' in html


# --- Every allauth page, inside our layout ---------------------------------------------------------


@pytest.fixture
def logged_in_client(client, ordinary_user, password):
    """A client logged in through allauth's form, so the login counts as recent (no
    reauthentication needed for the sensitive pages)."""
    assert _log_in_through_the_form(client, ordinary_user.email, password).status_code == 302
    return client


@pytest.fixture
def user_with_totp(ordinary_user):
    TOTP.activate(ordinary_user, generate_totp_secret())
    RecoveryCodes.activate(ordinary_user)
    return ordinary_user


@pytest.mark.parametrize(
    "url_name",
    [
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key_done",
        "account_inactive",
    ],
)
def test_the_entrance_pages_render_inside_the_portal(client, url_name):
    _assert_portal_page(client.get(reverse(url_name)))


def test_a_bad_confirmation_link_explains_itself_inside_the_portal(client):
    html = _assert_portal_page(client.get(reverse("account_confirm_email", args=["fel-nyckel"])))
    assert reverse("account_email") in html


def test_a_used_password_reset_link_explains_itself_inside_the_portal(client):
    url = reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "fel-nyckel"})
    html = _assert_portal_page(client.get(url))
    assert reverse("account_reset_password") in html


@pytest.mark.parametrize(
    "url_name",
    [
        "account_email",
        "account_change_password",
        "account_logout",
        "account_reauthenticate",
        "mfa_index",
        "mfa_activate_totp",
    ],
)
def test_the_account_pages_render_inside_the_portal_with_the_account_menu(
    logged_in_client, password, url_name
):
    if url_name == "mfa_activate_totp":
        # Turning on two-factor asks for the password again first.
        response = logged_in_client.post(reverse("account_reauthenticate"), {"password": password})
        assert response.status_code == 302
    html = _assert_portal_page(
        logged_in_client.get(reverse(url_name)), manage=url_name != "account_reauthenticate"
    )
    if url_name == "mfa_activate_totp":
        assert re.search(r'<img class="[^"]*" src="data:image/svg\+xml', html)  # the QR code
        assert 'id="authenticator_secret"' in html


def test_the_email_page_lists_the_address_with_badges_in_a_fieldset(
    logged_in_client, ordinary_user
):
    html = _assert_portal_page(logged_in_client.get(reverse("account_email")))
    assert "<fieldset" in html and "<legend" in html
    assert ordinary_user.email in html
    assert "badge text-bg-success" in html  # verified
    assert 'class="btn btn-primary"' in html


def test_with_email_changing_on_the_email_page_shows_the_current_address_readonly(
    logged_in_client, ordinary_user, settings, monkeypatch
):
    # allauth picks the template when its module is imported, so switch both.
    settings.ACCOUNT_CHANGE_EMAIL = True
    monkeypatch.setattr(EmailView, "template_name", "account/email_change.html")
    html = _assert_portal_page(logged_in_client.get(reverse("account_email")), manage=True)
    current = re.search(r'<input[^>]*id="current_email"[^>]*>', html).group(0)
    assert f'value="{ordinary_user.email}"' in current
    assert "readonly" in current


def test_a_user_without_a_password_can_set_one_inside_the_portal(client, ordinary_user):
    ordinary_user.set_unusable_password()
    ordinary_user.save()
    client.force_login(ordinary_user)
    _assert_portal_page(client.get(reverse("account_set_password")), manage=True)


@pytest.mark.parametrize(
    "url_name",
    [
        "mfa_index",
        "mfa_deactivate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_reauthenticate",
    ],
)
def test_the_two_factor_pages_render_inside_the_portal(client, user_with_totp, password, url_name):
    # With two-factor on, logging in stops at the code page; pass it with a valid code.
    response = _log_in_through_the_form(client, user_with_totp.email, password)
    assert response["Location"] == reverse("mfa_authenticate")
    code_page = _assert_portal_page(client.get(reverse("mfa_authenticate")))
    assert 'autocomplete="one-time-code"' in code_page
    code = user_with_totp.authenticator_set.get(type="recovery_codes").wrap().get_unused_codes()[0]
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302, _html(response)
    if url_name not in ("mfa_index", "mfa_reauthenticate"):
        # Changing two-factor settings asks to confirm access first.
        response = client.post(reverse("account_reauthenticate"), {"password": password})
        assert response.status_code == 302

    html = _assert_portal_page(
        client.get(reverse(url_name)), manage=url_name != "mfa_reauthenticate"
    )
    if url_name == "mfa_view_recovery_codes":
        assert '<textarea class="form-control font-monospace" id="recovery_codes"' in html


def test_a_wrong_two_factor_code_is_shown_next_to_the_field(client, user_with_totp, password):
    _log_in_through_the_form(client, user_with_totp.email, password)
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    html = _assert_portal_page(response)
    code_input = re.search(r'<input[^>]*name="code"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in code_input
    assert 'aria-describedby="id_code_error"' in code_input
    assert 'id="id_code_error"' in html
