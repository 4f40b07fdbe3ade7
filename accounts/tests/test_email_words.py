"""Issue 17: every email the portal can send speaks the portal's Swedish, is signed with the
portal's name and links to ``PORTAL_BASE_URL``, never to the host or port a request came in by
("Hej från 127.0.0.1:8101! … Tack för att du använder 127.0.0.1:8101!" was allauth's own).

allauth's emails are triggered through the account pages (a request to ``127.0.0.1:8101``, as on a
developer's machine) and read from the outbox; the portal's own emails (``templates/emails/``) are
each sent once through ``send_templated_email`` in both languages.
"""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from plumbing.emails import send_templated_email

pytestmark = pytest.mark.django_db

PORTAL = "https://overenskommelse.testkommun.se"
REQUEST_HOST = "127.0.0.1:8101"
PASSWORD = "Ett långt och bra lösenord 42"

# allauth's Swedish that is not ours: stiff phrases and its spellings.
STIFF = ("Vänligen", "epost", "Epost", "Verifierings-mail", "mailet", "Hej från", "Tack för att du använder")
HOSTS = re.compile(r"127\.0\.0\.1|localhost|testserver|\[::1\]|(?<=[a-z\]]):\d{2,5}\b", re.IGNORECASE)


def _text_of(message) -> str:
    bodies = [message.subject, message.body]
    bodies += [content for content, _mimetype in getattr(message, "alternatives", [])]
    return "\n".join(bodies)


def problems_of(message) -> list[str]:
    text = _text_of(message)
    without_portal = text.replace(PORTAL, "")
    problems = [f"a host or port: {match!r}" for match in HOSTS.findall(without_portal)]
    problems += [f"allauth's phrase {phrase!r}" for phrase in STIFF if phrase in text]
    return problems


@pytest.fixture
def portal(settings):
    settings.PORTAL_BASE_URL = PORTAL
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    settings.LANGUAGE_CODE = "sv"


def _post(client, name: str, data: dict, language: str = "sv"):
    cache.clear()  # the rate limits count by address: each request here is a first one
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.post(reverse(name), data, HTTP_HOST=REQUEST_HOST)


def _check_outbox(expected_subjects: int) -> list[str]:
    assert len(mail.outbox) == expected_subjects, [message.subject for message in mail.outbox]
    found = []
    for message in mail.outbox:
        found += [f"{message.subject!r}: {problem}" for problem in problems_of(message)]
    return found


@pytest.mark.parametrize("language", ["sv", "en"])
def test_allauths_emails_name_the_portal_and_link_to_its_address(client, portal, ordinary_user, language):
    """Signing up (the confirmation), signing up again with a known address (account already
    exists), asking for the confirmation again, a new password (known and unknown address)."""
    _post(client, "account_signup", {"email": "ny@example.org", "password1": PASSWORD, "password2": PASSWORD}, language)
    _post(
        client,
        "account_signup",
        {"email": ordinary_user.email, "password1": PASSWORD, "password2": PASSWORD},
        language,
    )
    _post(client, "account_reset_password", {"email": ordinary_user.email}, language)
    _post(client, "account_reset_password", {"email": "okand@example.org"}, language)
    client.force_login(ordinary_user)
    ordinary_user.emailaddress_set.update(verified=False)
    _post(client, "account_email", {"action_send": "", "email": ordinary_user.email}, language)

    problems = _check_outbox(5)
    assert not problems, "\n".join(problems)
    links = [link for message in mail.outbox for link in re.findall(r"https?://\S+", message.body)]
    assert links and all(link.startswith(PORTAL) for link in links), links
    for message in mail.outbox:
        assert PORTAL in message.body
        if language == "sv":
            assert "Överenskommelseportalen" in message.body
            assert "Hej!" in message.body


def test_the_confirmation_email_in_swedish_reads_as_the_portal_writes(client, portal):
    _post(client, "account_signup", {"email": "ny@example.org", "password1": PASSWORD, "password2": PASSWORD})
    (message,) = mail.outbox
    assert "Bekräfta din e-postadress" in message.subject
    assert "Öppna länken för att bekräfta att adressen är din" in message.body
    assert f"{PORTAL}/konto/confirm-email/" in message.body


def test_the_account_pages_speak_the_portals_swedish(client, portal, ordinary_user):
    """allauth's pages, anonymous and logged in: none of its stiff phrases or spellings."""
    _post(client, "account_signup", {"email": "ny@example.org", "password1": PASSWORD, "password2": PASSWORD})
    anonymous = ("account_login", "account_signup", "account_reset_password", "account_reset_password_done")
    pages = [client.get(reverse("account_email_verification_sent"), HTTP_HOST=REQUEST_HOST)]
    pages += [client.get(reverse(name), HTTP_HOST=REQUEST_HOST) for name in anonymous]
    client.force_login(ordinary_user)
    pages += [
        client.get(reverse(name), HTTP_HOST=REQUEST_HOST)
        for name in ("account_email", "account_change_password", "mfa_index")
    ]
    for response in pages:
        assert response.status_code == 200, response.wsgi_request.path
        html = response.content.decode()
        for phrase in STIFF:
            assert phrase not in html, (response.wsgi_request.path, phrase)


EMAILS = sorted(
    path.name.removesuffix("-subject.txt")
    for path in (Path(settings.BASE_DIR) / "templates" / "emails").glob("*-subject.txt")
)


class Anything(datetime.datetime):
    """Stands for every value a template asks for (an organisation, its pk, a date, a list)."""

    def __getattr__(self, name):
        return self

    def __str__(self):
        return "1"

    def __int__(self):
        return 1

    def __iter__(self):
        return iter(())

    def __len__(self):
        return 0


def context_for(name: str) -> dict:
    """Every name the email's templates use, standing for anything (but the portal's address)."""
    folder = Path(settings.BASE_DIR) / "templates" / "emails"
    text = "".join(path.read_text() for path in folder.glob(f"{name}-*"))
    text += (folder / "conference-footer-body.txt").read_text() + (folder / "conference-details-body.txt").read_text()
    names = set()
    for tag in re.findall(r"\{[{%](.*?)[%}]\}", text):
        names.update(re.findall(r"(?<![.\w'\"])([a-z_][a-z0-9_]*)", tag))
    return {name: Anything(2026, 3, 5, 17, 0, tzinfo=datetime.UTC) for name in names - {"portal_url"}}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_portals_own_emails_name_no_host_and_no_stiff_phrase(portal, language):
    """Every email template of ``templates/emails/`` (text, HTML, subject), sent once: the words
    around the data. The data itself (names, dates) is tested by each feature's own tests."""
    assert len(EMAILS) >= 20
    problems = []
    for name in EMAILS:
        mail.outbox = []
        send_templated_email(name, ["mottagare@example.org"], context_for(name), language=language)
        (message,) = mail.outbox
        problems += [f"{name}: {problem}" for problem in problems_of(message)]
    assert not problems, "\n".join(problems)


ALLAUTH_EMAILS = [
    "account/email/" + name
    for name in (
        "account_already_exists",
        "email_changed",
        "email_confirm",
        "email_confirmation",
        "email_confirmation_signup",
        "email_deleted",
        "password_changed",
        "password_reset",
        "password_reset_key",
        "password_set",
        "unknown_account",
    )
] + ["mfa/email/" + name for name in ("recovery_codes_generated", "totp_activated", "totp_deactivated")]


def test_every_allauth_email_the_portal_could_send_names_no_host(rf, portal, ordinary_user):
    """allauth's other emails (the change notifications, the second factor's) are not sent today
    (ACCOUNT_EMAIL_NOTIFICATIONS is off): rendered through the adapter all the same, for the day
    they are turned on. Login and password-reset codes are not used (links are)."""
    from allauth.account.adapter import get_adapter
    from allauth.core.context import request_context

    request = rf.get("/", HTTP_HOST=REQUEST_HOST)
    request.user = ordinary_user
    link = f"http://{REQUEST_HOST}/konto/"
    context = {
        "user": ordinary_user,
        "activate_url": link,
        "password_reset_url": link,
        "signup_url": link,
        "from_email": "gammal@example.org",
        "to_email": "ny@example.org",
        "deleted_email": "gammal@example.org",
        "ip": "192.0.2.1",
        "user_agent": "Firefox",
        "timestamp": "5 mars 2026",
    }
    with request_context(request):
        for template in ALLAUTH_EMAILS:
            get_adapter(request).send_mail(template, ordinary_user.email, context)
    problems = _check_outbox(len(ALLAUTH_EMAILS))
    assert not problems, "\n".join(problems)
