"""Two-step verification (TOTP) for the people who decide (issue 8, item 3).

The convener and the members of the collaboration group decide applications, decide at meetings,
see the dashboard and what the group has not published only with two-step verification turned on.
Without it they get a 403 page that says what is missing and links to turning it on. Logging in
asks them for the code. Their sessions end when the browser closes and after 8 hours.
"""

import base64
import time
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.contrib import auth
from django.urls import reverse
from django.utils import timezone

from accounts.demo import DEMO_TOTP_SECRET, demo_totp_activate
from accounts.models import Accession, OrganisationKind
from accounts.rules import has_mfa, has_totp
from accounts.second_factor import forget_totp
from overenskommelse.tests.browser import totp_code
from plumbing.middleware import SESSION_ENDS_AT_KEY

pytestmark = pytest.mark.django_db

TWO_STEP_MESSAGE = "behöver tvåstegsverifiering"


@pytest.fixture
def sent(representative_a) -> Accession:
    return Accession.objects.create(
        applicant=representative_a,
        name="Föreningen Skickad",
        kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
        status=Accession.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )


def _html(response) -> str:
    return response.content.decode()


# --- The predicate and the permissions -------------------------------------------------------------


def test_has_mfa_follows_the_totp_authenticator(convener, convener_without_mfa, ordinary_user):
    assert has_mfa(convener)
    assert not has_mfa(convener_without_mfa)
    assert not has_mfa(ordinary_user)
    Authenticator.objects.filter(user=convener).delete()
    forget_totp(convener)
    assert not has_mfa(convener)


def test_recovery_codes_alone_are_not_two_step_verification(convener_without_mfa):
    Authenticator.objects.create(
        user=convener_without_mfa, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x"}
    )
    assert not has_mfa(convener_without_mfa)


@pytest.mark.parametrize(
    "permission",
    [
        "accounts.view_accession_queue",
        "collaboration.view_dashboard",
        "collaboration.decide_at_meeting",
        "collaboration.view_meeting",
        "collaboration.view_group_members",
        "documents.make_followup_report",
        "followup.view_survey_results",
    ],
)
def test_the_group_and_the_convener_need_two_step_verification(
    permission, convener, group_member, convener_without_mfa, group_member_without_mfa
):
    assert convener.has_perm(permission)
    assert group_member.has_perm(permission)
    assert not convener_without_mfa.has_perm(permission)
    assert not group_member_without_mfa.has_perm(permission)


@pytest.mark.parametrize(
    "permission", ["collaboration.manage_group", "collaboration.manage_meeting", "followup.manage_round", "plumbing.view_audit_log"]
)
def test_the_conveners_own_work_needs_two_step_verification(permission, convener, convener_without_mfa):
    assert convener.has_perm(permission)
    assert not convener_without_mfa.has_perm(permission)


def test_deciding_an_application_needs_two_step_verification(sent, group_member, group_member_without_mfa):
    assert group_member.has_perm("accounts.decide_accession", sent)
    assert not group_member_without_mfa.has_perm("accounts.decide_accession", sent)
    assert not group_member_without_mfa.has_perm("accounts.view_accession", sent)


def test_the_applicant_sees_their_own_application_without_two_step_verification(sent, representative_a):
    assert representative_a.has_perm("accounts.view_accession", sent)


# --- What a person without it sees ----------------------------------------------------------------


@pytest.mark.parametrize("who", ["convener_without_mfa", "group_member_without_mfa"])
def test_the_queue_says_two_step_verification_is_needed_and_links_to_turning_it_on(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("accounts:accession_queue"))
    assert response.status_code == 403
    html = _html(response)
    assert TWO_STEP_MESSAGE in html
    assert f'href="{reverse("mfa_activate_totp")}"' in html
    assert "Slå på tvåstegsverifiering" in html


def test_a_member_without_it_cannot_decide_and_is_told_why(client, sent, group_member_without_mfa):
    client.force_login(group_member_without_mfa)
    response = client.post(
        reverse("accounts:accession_decide", args=[sent.pk]), {"decision": "approve", "reason": ""}
    )
    assert response.status_code == 403
    assert TWO_STEP_MESSAGE in _html(response)
    sent.refresh_from_db()
    assert sent.status == Accession.Status.SUBMITTED


def test_with_two_step_verification_the_member_decides(client, sent, group_member):
    client.force_login(group_member)
    response = client.post(
        reverse("accounts:accession_decide", args=[sent.pk]), {"decision": "approve", "reason": ""}
    )
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.status == Accession.Status.APPROVED


def test_others_refused_get_the_ordinary_403_page(client, ordinary_user):
    client.force_login(ordinary_user)
    response = client.get(reverse("accounts:accession_queue"))
    assert response.status_code == 403
    html = _html(response)
    assert TWO_STEP_MESSAGE not in html
    assert "Du har inte behörighet att se den här sidan" in html


# --- Logging in -----------------------------------------------------------------------------------


def test_logging_in_asks_the_convener_for_the_code(client, convener, password):
    response = client.post(reverse("account_login"), {"login": convener.email, "password": password})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert not auth.get_user(client).is_authenticated

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert not auth.get_user(client).is_authenticated

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(convener)})
    assert response.status_code == 302
    assert auth.get_user(client) == convener


def test_logging_in_does_not_ask_an_ordinary_user_for_a_code(client, ordinary_user, password):
    response = client.post(reverse("account_login"), {"login": ordinary_user.email, "password": password})
    assert response.status_code == 302
    assert response["Location"] != reverse("mfa_authenticate")
    assert auth.get_user(client) == ordinary_user


# --- Sessions of those who decide -----------------------------------------------------------------


def test_a_conveners_session_ends_at_browser_close_and_after_eight_hours(client, convener):
    client.force_login(convener)
    session = client.session
    assert session.get_expire_at_browser_close()
    ends_at = session[SESSION_ENDS_AT_KEY]
    assert 8 * 3600 - 60 < ends_at - time.time() <= 8 * 3600


def test_remember_me_does_not_keep_a_staff_session_past_the_browser(client, ordinary_user, password):
    ordinary_user.is_staff = True
    ordinary_user.save()
    response = client.post(
        reverse("account_login"), {"login": ordinary_user.email, "password": password, "remember": "on"}
    )
    assert response.status_code == 302
    client.get(reverse("home"))
    assert client.session.get_expire_at_browser_close()


def test_an_ordinary_session_is_not_shortened(client, ordinary_user):
    client.force_login(ordinary_user)
    assert SESSION_ENDS_AT_KEY not in client.session
    assert not client.session.get_expire_at_browser_close()


def test_staff_sessions_are_shortened_too(client, ordinary_user):
    ordinary_user.is_staff = True
    ordinary_user.save()
    client.force_login(ordinary_user)
    assert SESSION_ENDS_AT_KEY in client.session


def test_after_eight_hours_the_convener_is_logged_out_and_sent_to_log_in(client, convener):
    client.force_login(convener)
    session = client.session
    session[SESSION_ENDS_AT_KEY] = time.time() - 1
    session.save()
    response = client.get(reverse("accounts:accession_queue"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=" in response["Location"]
    assert not auth.get_user(client).is_authenticated
    page = client.get(response["Location"])
    assert "Din session har gått ut" in _html(page)


def test_before_the_eight_hours_the_convener_stays(client, convener):
    client.force_login(convener)
    assert client.get(reverse("accounts:accession_queue")).status_code == 200


# --- The demo -------------------------------------------------------------------------------------


def test_the_demo_secret_is_a_valid_totp_secret_and_published_in_the_readme():
    assert len(base64.b32decode(DEMO_TOTP_SECRET)) >= 16
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert DEMO_TOTP_SECRET in readme


def test_demo_two_step_verification_is_turned_on_once_with_the_published_secret(convener_without_mfa):
    demo_totp_activate(convener_without_mfa)
    demo_totp_activate(convener_without_mfa)
    authenticators = Authenticator.objects.filter(user=convener_without_mfa, type=Authenticator.Type.TOTP)
    assert authenticators.count() == 1
    assert decrypt(authenticators.get().data["secret"]) == DEMO_TOTP_SECRET
    forget_totp(convener_without_mfa)
    assert has_totp(convener_without_mfa)


def test_the_demo_convener_and_group_member_have_two_step_verification(settings):
    import io

    from django.core.management import call_command

    from accounts.models import User

    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    for email in ("sammankallande@demo.lund.se", "ledamot@demo.lund.se", "admin@demo.lund.se"):
        assert has_totp(User.objects.get(email=email)), email
    for email in ("handlaggare@demo.lund.se", "forening@demo.lund.se"):
        assert not has_totp(User.objects.get(email=email)), email
