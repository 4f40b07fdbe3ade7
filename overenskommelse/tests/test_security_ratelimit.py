"""Rate limits of the open data and the public forms (issue 8, item 4): over the limit the answer is
429 with a Swedish page and a Retry-After header; the limits come from the settings; they count per
account, or per client address for visitors; a cache that is down lets requests through."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from accounts.models import Accession
from conferences.models import Registration
from conferences.tests.factories import make_conference
from initiatives.models import Interest
from initiatives.tests.factories import make_initiative
from plumbing import ratelimit

pytestmark = pytest.mark.django_db

OPEN_DATA = [
    "accounts:organisation_list_csv",
    "accounts:organisation_list_json",
    "initiatives:partnership_list_csv",
    "initiatives:partnership_list_json",
]


@pytest.fixture
def limits(settings):
    """Small limits, so a test needs only a few requests."""
    settings.PORTAL_RATE_LIMITS = {
        "open_data": "3/m",
        "accession": "2/h",
        "registration": "2/h",
        "interest": "2/h",
    }
    return settings.PORTAL_RATE_LIMITS


def _assert_refused(response) -> None:
    assert response.status_code == 429
    assert "För många förfrågningar" in response.content.decode()
    assert int(response["Retry-After"]) > 0


# --- Parsing --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rate", "expected"),
    [("30/h", (30, 3600)), ("5/10m", (5, 600)), ("60/m", (60, 60)), ("1/d", (1, 86400)), (" 2 / s ", (2, 1))],
)
def test_a_rate_is_an_amount_per_period(rate, expected):
    assert ratelimit.parse_rate(rate) == expected


@pytest.mark.parametrize("rate", ["", "many", "5/week", "/m"])
def test_a_mistyped_rate_is_a_configuration_error(rate):
    with pytest.raises(ImproperlyConfigured):
        ratelimit.parse_rate(rate)


# --- Open data ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", OPEN_DATA)
def test_open_data_is_refused_with_429_after_the_limit(client, limits, name):
    for _ in range(3):
        assert client.get(reverse(name)).status_code == 200
    _assert_refused(client.get(reverse(name)))


def test_the_open_data_files_share_one_limit(client, limits):
    for name in OPEN_DATA[:3]:
        assert client.get(reverse(name)).status_code == 200
    _assert_refused(client.get(reverse(OPEN_DATA[3])))


def test_each_visitor_address_has_its_own_count(limits):
    first, second = Client(REMOTE_ADDR="192.0.2.1"), Client(REMOTE_ADDR="192.0.2.2")
    url = reverse(OPEN_DATA[0])
    for _ in range(3):
        first.get(url)
    assert first.get(url).status_code == 429
    assert second.get(url).status_code == 200


def test_a_logged_in_user_is_counted_by_account_not_address(limits, ordinary_user, representative_a):
    url = reverse(OPEN_DATA[0])
    one, other = Client(REMOTE_ADDR="192.0.2.9"), Client(REMOTE_ADDR="192.0.2.9")
    one.force_login(ordinary_user)
    other.force_login(representative_a)
    for _ in range(3):
        one.get(url)
    assert one.get(url).status_code == 429
    assert other.get(url).status_code == 200


def test_the_limit_follows_the_setting(client, settings):
    settings.PORTAL_RATE_LIMITS = {"open_data": "1/m"}
    url = reverse(OPEN_DATA[0])
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 429


def test_without_a_limit_in_the_setting_nothing_is_counted(client, settings):
    settings.PORTAL_RATE_LIMITS = {}
    for _ in range(5):
        assert client.get(reverse(OPEN_DATA[0])).status_code == 200


def test_when_the_cache_is_down_requests_go_through(client, limits, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(ratelimit.cache, "add", broken)
    monkeypatch.setattr(ratelimit.cache, "incr", broken)
    for _ in range(5):
        assert client.get(reverse(OPEN_DATA[0])).status_code == 200


def test_the_429_page_is_in_english_for_those_who_chose_english(client, limits, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _ in range(3):
        client.get(reverse(OPEN_DATA[0]))
    response = client.get(reverse(OPEN_DATA[0]))
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()


# --- The public forms -----------------------------------------------------------------------------


def test_the_conference_registration_is_limited_per_visitor(client, limits):
    conference = make_conference()
    url = reverse("conferences:registration_create", kwargs={"pk": conference.pk})
    for number in range(2):
        response = client.post(url, {"name": f"Person {number}", "email": f"p{number}@example.org", "website": ""})
        assert response.status_code in (200, 302)
    _assert_refused(client.post(url, {"name": "Person 3", "email": "p3@example.org", "website": ""}))
    assert not Registration.objects.filter(email="p3@example.org").exists()
    # Looking at the form is not limited.
    assert client.get(url).status_code == 200


def test_saving_an_application_is_limited_per_account(client, limits, ordinary_user, agreement):
    client.force_login(ordinary_user)
    url = reverse("accounts:accession_start")
    for number in range(2):
        client.post(url, {"name": f"Föreningen {number}", "action": "save"})
    _assert_refused(client.post(url, {"name": "Föreningen 3", "action": "save"}))
    assert not Accession.objects.filter(name="Föreningen 3").exists()


def test_expressing_interest_is_limited_per_account(client, limits, connected_a, officer_x, administration_x):
    initiatives = [
        make_initiative(parties=[connected_a], looking_for_partners=True, partners_wanted="En lokal.", title=f"Initiativ {n}")
        for n in range(3)
    ]
    client.force_login(officer_x)
    for initiative in initiatives[:2]:
        response = client.post(
            reverse("initiatives:interest_create", kwargs={"pk": initiative.pk}),
            {"interest-organisation": administration_x.pk, "interest-message": "Vi har en lokal."},
        )
        assert response.status_code == 302
    _assert_refused(
        client.post(
            reverse("initiatives:interest_create", kwargs={"pk": initiatives[2].pk}),
            {"interest-organisation": administration_x.pk, "interest-message": "Vi har en lokal."},
        )
    )
    assert Interest.objects.count() == 2
