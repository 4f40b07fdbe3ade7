"""The second factor holds everywhere (issue 13, part 1).

* ``has_mfa`` means this session passed the second factor, not that the account has an
  authenticator: a session that came in with the password alone sees none of the group's material;
* the admin has no login of its own: its address sends to the portal's login (allauth: rate limits
  and the code), and only staff in a session that passed the second factor get in;
* TOTP secrets are stored encrypted, and the admin never shows them.
"""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.apps import apps
from django.contrib import auth
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.demo import DEMO_TOTP_SECRET, demo_totp_activate
from accounts.models import Accession, OrganisationKind, User
from accounts.rules import has_mfa, has_totp
from conftest import TOTP_SECRET
from overenskommelse.tests.browser import totp_code, totp_code_of_secret

pytestmark = pytest.mark.django_db

LOG_IN_AGAIN = "loggade du in utan koden"
GROUP_PAGES = [
    ("collaboration:dashboard", {}),
    ("accounts:accession_queue", {}),
    ("accounts:register", {}),
    ("collaboration:meeting_list", {}),
    ("overenskommelse_audit_log", {}),
]


def _url(name: str, kwargs: dict) -> str:
    return reverse("audit_log") if name == "overenskommelse_audit_log" else reverse(name, kwargs=kwargs)


def _password_and_code(client, user, password) -> None:
    """The portal's own login, as a person does it: the password, then the code."""
    response = client.post(reverse("account_login"), {"login": user.email, "password": password})
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(user)})
    assert response.status_code == 302
    assert auth.get_user(client) == user


# --- What has_mfa means -----------------------------------------------------------------------------


def test_an_authenticator_alone_is_not_a_passed_second_factor(convener):
    """The same convener read afresh (no session behind it) has the authenticator, not the factor."""
    fresh = User.objects.get(pk=convener.pk)
    assert has_totp(fresh)
    assert not has_mfa(fresh)
    assert not fresh.has_perm("collaboration.view_dashboard")
    assert not fresh.has_perm("accounts.view_register")


@pytest.mark.parametrize("who", ["convener", "group_member"])
def test_a_session_with_the_password_alone_sees_none_of_the_groups_material(client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user, second_factor=False)
    for name, kwargs in GROUP_PAGES:
        response = client.get(_url(name, kwargs))
        assert response.status_code == 403, name
        # The page says what to do: log in again, this time with the code.
        assert LOG_IN_AGAIN in response.content.decode(), name


def test_the_same_person_with_the_code_sees_the_dashboard(client, convener, password):
    _password_and_code(client, convener, password)
    assert client.get(reverse("collaboration:dashboard")).status_code == 200
    assert client.get(reverse("accounts:register")).status_code == 200


@pytest.mark.django_db(transaction=True)  # allauth says it is on once it is saved (on commit)
def test_turning_two_step_verification_on_counts_for_this_session(client, convener_without_mfa, password):
    """Turning it on means typing a code from the app: no need to log in again to go on."""
    client.force_login(convener_without_mfa)
    assert client.get(reverse("collaboration:dashboard")).status_code == 403
    # allauth asks for the password again before turning it on.
    client.post(reverse("account_reauthenticate"), {"password": password})
    page = client.get(reverse("mfa_activate_totp"))
    code = totp_code_of_secret(page.context["form"].secret)
    response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.get(reverse("collaboration:dashboard")).status_code == 200


def test_removing_the_authenticator_ends_the_rights_of_a_session_that_used_it(client, convener):
    client.force_login(convener)
    assert client.get(reverse("collaboration:dashboard")).status_code == 200
    Authenticator.objects.filter(user=convener).delete()
    assert client.get(reverse("collaboration:dashboard")).status_code == 403


# --- The admin's login ----------------------------------------------------------------------------


@pytest.fixture
def staff_member(group_member) -> User:
    """Staff who is also a member of the group, with two-step verification turned on."""
    group_member.is_staff = True
    group_member.is_superuser = True
    group_member.save()
    return group_member


def test_the_admin_login_sends_to_the_portals_login(client):
    response = client.get(reverse("admin:login") + "?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=%2Fadmin%2F"


def test_a_password_posted_to_the_admin_login_logs_nobody_in(client, staff_member, password):
    """The old door: twelve tries, right password included, and nobody is logged in."""
    for attempt in range(12):
        given = password if attempt == 11 else f"fel-{attempt}"
        response = client.post(
            reverse("admin:login"), {"username": staff_member.email, "password": given}
        )
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert not auth.get_user(client).is_authenticated


def test_staff_in_a_session_with_the_password_alone_gets_neither_the_admin_nor_the_dashboard(
    client, staff_member
):
    client.force_login(staff_member, second_factor=False)
    admin = client.get(reverse("admin:index"), follow=True)
    assert admin.status_code == 403
    assert LOG_IN_AGAIN in admin.content.decode()
    assert client.get(reverse("collaboration:dashboard")).status_code == 403
    assert client.get(reverse("accounts:accession_queue")).status_code == 403


def test_staff_without_two_step_verification_is_told_to_turn_it_on(client, ordinary_user):
    ordinary_user.is_staff = True
    ordinary_user.save()
    client.force_login(ordinary_user)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403
    assert f'href="{reverse("mfa_activate_totp")}"' in response.content.decode()


def test_staff_who_logged_in_with_the_code_uses_the_admin(client, staff_member, password):
    response = client.get(reverse("admin:index"))
    assert response["Location"].startswith(reverse("admin:login"))
    _password_and_code(client, staff_member, password)
    assert client.get(reverse("admin:index")).status_code == 200


# --- Secrets at rest ------------------------------------------------------------------------------


def test_the_totp_secret_is_stored_encrypted(convener):
    stored = Authenticator.objects.get(user=convener, type=Authenticator.Type.TOTP).data["secret"]
    assert TOTP_SECRET not in stored
    assert decrypt(stored) == TOTP_SECRET


def test_a_secret_encrypted_with_an_earlier_key_still_works_after_a_new_key(settings, convener):
    settings.MFA_ENCRYPTION_KEYS = ["en-ny-nyckel-for-test", *settings.MFA_ENCRYPTION_KEYS]
    stored = Authenticator.objects.get(user=convener, type=Authenticator.Type.TOTP).data["secret"]
    assert decrypt(stored) == TOTP_SECRET


def test_the_admin_shows_no_secret_and_cannot_change_an_authenticator(client, staff_member, convener):
    client.force_login(staff_member)
    authenticator = Authenticator.objects.get(user=convener, type=Authenticator.Type.TOTP)
    page = client.get(reverse("admin:mfa_authenticator_change", args=[authenticator.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert convener.full_name in html
    assert TOTP_SECRET not in html and authenticator.data["secret"] not in html
    response = client.post(
        reverse("admin:mfa_authenticator_change", args=[authenticator.pk]), {"data": '{"secret": "X"}'}
    )
    assert response.status_code == 403
    authenticator.refresh_from_db()
    assert decrypt(authenticator.data["secret"]) == TOTP_SECRET


def test_plain_secrets_of_before_are_encrypted_by_the_migration_and_the_demo_code_still_works(
    client, convener_without_mfa, password
):
    """A database of before: the demo's published secret in plain text, recovery codes too."""
    import importlib

    migration = importlib.import_module("accounts.migrations.0006_encrypt_mfa_secrets")
    demo_totp_activate(convener_without_mfa)
    totp = Authenticator.objects.get(user=convener_without_mfa, type=Authenticator.Type.TOTP)
    Authenticator.objects.filter(pk=totp.pk).update(data={"secret": DEMO_TOTP_SECRET})
    codes = Authenticator.objects.create(
        user=convener_without_mfa,
        type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": "ab" * 40, "used_mask": 0, "migrated_codes": ["12345678"]},
    )

    migration.encrypt_secrets(apps, None)
    migration.encrypt_secrets(apps, None)  # a second run leaves encrypted secrets alone

    totp.refresh_from_db()
    codes.refresh_from_db()
    assert DEMO_TOTP_SECRET not in totp.data["secret"]
    assert decrypt(totp.data["secret"]) == DEMO_TOTP_SECRET
    assert decrypt(codes.data["seed"]) == "ab" * 40
    assert [decrypt(code) for code in codes.data["migrated_codes"]] == ["12345678"]
    assert codes.data["used_mask"] == 0
    # The published demo secret still logs the convener in.
    _password_and_code(client, convener_without_mfa, password)

    migration.decrypt_secrets(apps, None)  # and the way back
    totp.refresh_from_db()
    assert totp.data["secret"] == DEMO_TOTP_SECRET


@override_settings(MFA_ENCRYPTION_KEYS=["en-helt-annan-nyckel"])
def test_a_secret_under_an_unknown_key_is_refused_loudly(convener):
    stored = Authenticator.objects.get(user=convener, type=Authenticator.Type.TOTP).data["secret"]
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        decrypt(stored)


def test_a_superuser_with_the_password_alone_reads_no_application(client, staff_member, representative_a):
    """Neither Django's superuser shortcut nor a model permission of the same name as a portal rule
    (``accounts.view_accession``) opens an application to a session without the second factor."""
    sent = Accession.objects.create(
        applicant=representative_a,
        name="Föreningen Skickad",
        kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
        status=Accession.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    client.force_login(staff_member, second_factor=False)
    assert client.get(reverse("accounts:accession_detail", args=[sent.pk])).status_code == 403
    client.force_login(staff_member)
    assert client.get(reverse("accounts:accession_detail", args=[sent.pk])).status_code == 200
