"""Inviting colleagues and proposing initiatives are rate limited like the other public forms
(issue 13): each sends email or makes public records from what was typed. Over the limit the answer
is 429 with the Swedish page and nothing is made."""

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from accounts.models import Invitation
from initiatives.models import Initiative
from initiatives.tests.test_initiative_pages import _proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "invitation": "2/h", "initiative": "2/h"}


def _assert_refused(response) -> None:
    assert response.status_code == 429
    assert "För många förfrågningar" in response.content.decode()
    assert int(response["Retry-After"]) > 0


def test_inviting_colleagues_is_limited_per_account(client, limits, organisation_a, representative_a):
    client.force_login(representative_a)
    url = reverse("accounts:invitation_create", args=[organisation_a.pk])
    for number in range(2):
        client.post(url, {"email": f"kollega{number}@example.org"})
    _assert_refused(client.post(url, {"email": "kollega3@example.org"}))
    assert not Invitation.objects.filter(email="kollega3@example.org").exists()
    assert Invitation.objects.count() == 2


def test_proposing_initiatives_is_limited_per_account(client, limits, connected_a, representative_a):
    client.force_login(representative_a)
    url = reverse("initiatives:initiative_create")
    for number in range(2):
        client.post(url, _proposal(connected_a, title=f"Initiativ {number}"))
    assert Initiative.objects.count() == 2
    _assert_refused(client.post(url, _proposal(connected_a, title="Initiativ 3")))
    assert Initiative.objects.count() == 2
    assert client.get(url).status_code == 200  # looking at the form is not limited


def test_the_new_limits_have_defaults_from_the_environment_table():
    assert {"invitation", "initiative"} <= set(django_settings.PORTAL_RATE_LIMITS)
