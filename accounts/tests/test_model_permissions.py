"""Django's model permissions count for staff only: the portal's pages follow django-rules."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Permission
from django.urls import reverse

from conftest import TOTP_SECRET

pytestmark = pytest.mark.django_db


def _grant(user, codename: str) -> None:
    user.user_permissions.add(Permission.objects.get(content_type__app_label="accounts", codename=codename))


def test_a_model_permission_given_to_an_ordinary_account_opens_no_portal_page(client, ordinary_user):
    # "add_organisation" is both a model permission of the admin and the portal's rule for adding to
    # the register (the convener's): given in the admin, it must not open the register's form.
    _grant(ordinary_user, "add_organisation")
    client.force_login(ordinary_user)
    assert client.get(reverse("accounts:register_create")).status_code == 403


def test_staff_keep_their_model_permissions_for_the_admin(client, ordinary_user):
    ordinary_user.is_staff = True
    ordinary_user.save()
    TOTP.activate(ordinary_user, TOTP_SECRET)  # the admin lets in staff with the second factor
    _grant(ordinary_user, "view_organisation")
    client.force_login(ordinary_user)
    assert client.get(reverse("admin:accounts_organisation_changelist")).status_code == 200


def test_a_logged_in_page_does_not_ask_for_model_permissions(client, representative_a, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(representative_a)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    assert not [q for q in queries.captured_queries if "auth_permission" in q["sql"]]
