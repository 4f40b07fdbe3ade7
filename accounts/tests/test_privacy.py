"""Personal data: the privacy page, the download of everything the portal holds about a user, and
deleting an account (personal data erased, the records that must stay kept with a neutral name)."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import (
    Accession,
    OrganisationKind,
    Representation,
    User,
)
from accounts.services import DELETED_NAME
from overenskommelse.models import Agreement

pytestmark = pytest.mark.django_db

PRIVACY_URL = reverse("accounts:privacy")
EXPORT_URL = reverse("accounts:data_export")
DELETE_URL = reverse("accounts:account_delete")

LOGGED_IN = ["ordinary_user", "representative_a", "representative_b", "officer_x", "group_member", "convener"]


@pytest.fixture
def agreement(db) -> Agreement:
    return Agreement.objects.create(
        name="Överenskommelsen i Testby",
        municipality="Testby kommun",
        sector_party="idéburen sektor i Testby",
        summary="En överenskommelse.",
        adopted_on=datetime.date(2024, 1, 1),
        valid_from=datetime.date(2024, 1, 1),
        contact_email="overenskommelsen@testby.se",
    )


def _application(user, organisation=None, status=Accession.Status.SUBMITTED, name="Föreningen A") -> Accession:
    return Accession.objects.create(
        applicant=user,
        organisation=organisation,
        status=status,
        name=name,
        kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
        contact_name="Rut Representant A",
        contact_email="rep.a@example.org",
        submitted_at=timezone.now() if status != Accession.Status.DRAFT else None,
    )


# --- The privacy page ----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", *LOGGED_IN])
def test_privacy_page_is_public(client, request, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.get(PRIVACY_URL)
    assert response.status_code == 200
    assert len(re.findall(r"<h1[\s>]", response.content.decode())) == 1


def test_privacy_page_says_what_why_how_long_and_the_rights(client, agreement):
    client.cookies["django_language"] = "en"
    html = client.get(PRIVACY_URL).content.decode()
    for words in ("What we keep", "Why we keep it", "For how long", "Who sees what", "Your rights"):
        assert words in html
    assert "allmän handling" in html
    assert "Integritetsskyddsmyndigheten" in html
    assert "mailto:overenskommelsen@testby.se" in html


def test_privacy_page_links_a_logged_in_user_to_their_data_and_to_deletion(client, ordinary_user):
    client.force_login(ordinary_user)
    html = client.get(PRIVACY_URL).content.decode()
    assert EXPORT_URL in html
    assert DELETE_URL in html


# --- The download of one's data ------------------------------------------------------------------


def test_data_download_requires_login(client):
    response = client.get(EXPORT_URL)
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


@pytest.mark.parametrize("who", LOGGED_IN)
def test_each_user_downloads_their_own_data_only(client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.get(EXPORT_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == user.email
    others = {"anna.vanlig@example.org", "rep.a@example.org", "rep.b@example.org", "ledamot@example.org"} - {user.email}
    assert not any(address in response.content.decode() for address in others)


def test_data_download_holds_representations_applications_and_contact_roles(
    client, representative_a, organisation_a
):
    _application(representative_a, organisation_a)
    organisation_a.contact_name = "Rut"
    organisation_a.contact_email = representative_a.email
    organisation_a.save()
    client.force_login(representative_a)
    data = json.loads(client.get(EXPORT_URL).content)
    assert data["represents"][0]["organisation"] == "Föreningen A"
    assert data["applications"][0]["organisation"] == "Föreningen A"
    assert data["contact_person_for"][0]["organisation"] == "Föreningen A"


def test_account_page_links_to_the_data_download_and_deletion(client, ordinary_user):
    client.force_login(ordinary_user)
    html = client.get(reverse("accounts:overview")).content.decode()
    assert EXPORT_URL in html
    assert DELETE_URL in html


# --- Deleting the account ------------------------------------------------------------------------


def test_delete_page_requires_login(client):
    response = client.get(DELETE_URL)
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


@pytest.mark.parametrize("who", LOGGED_IN)
def test_every_user_may_open_the_delete_page_for_their_own_account(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(DELETE_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert re.search(r'<label[^>]*for="id_password"', html)
    assert re.search(r'<label[^>]*for="id_confirm"', html)
    assert not re.search(r"\sstyle=\"|\son[a-z]+=", html)


def test_wrong_password_deletes_nothing(client, ordinary_user):
    client.force_login(ordinary_user)
    response = client.post(DELETE_URL, {"password": "fel", "confirm": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    ordinary_user.refresh_from_db()
    assert ordinary_user.is_active


def test_deletion_needs_the_confirmation(client, ordinary_user, password):
    client.force_login(ordinary_user)
    response = client.post(DELETE_URL, {"password": password})
    assert response.status_code == 200
    assert response.context["form"].errors["confirm"]
    ordinary_user.refresh_from_db()
    assert ordinary_user.is_active


def test_delete_page_warns_the_only_representative_of_an_organisation(client, representative_a):
    client.force_login(representative_a)
    html = client.get(DELETE_URL).content.decode()
    assert "alert-warning" in html
    assert reverse("accounts:organisation_manage", args=[representative_a.representations.get().organisation_id]) in html


@pytest.fixture
def deleted(client, representative_a, organisation_a, password):
    """representative_a with a sent application and a draft, then deleting their account."""
    sent = _application(representative_a, organisation_a)
    draft = _application(representative_a, status=Accession.Status.DRAFT, name="Utkastet")
    organisation_a.contact_name = "Rut Representant A"
    organisation_a.contact_email = representative_a.email
    organisation_a.contact_publish_consent_at = timezone.now()
    organisation_a.save()
    client.force_login(representative_a)
    response = client.post(DELETE_URL, {"password": password, "confirm": "on"})
    return {"response": response, "user": representative_a, "sent": sent, "draft": draft}


def test_after_deletion_the_user_is_logged_out_and_cannot_log_in(client, deleted, password):
    assert deleted["response"].status_code == 302
    assert client.get(reverse("accounts:overview")).status_code == 302  # logged out
    assert not client.login(email="rep.a@example.org", password=password)
    response = client.post(reverse("account_login"), {"login": "rep.a@example.org", "password": password})
    assert response.status_code == 200  # the form again, with an error
    assert not response.wsgi_request.user.is_authenticated


def test_after_deletion_the_sent_application_stays_with_a_neutral_applicant(deleted):
    sent = Accession.objects.select_related("applicant").get(pk=deleted["sent"].pk)
    assert str(sent.applicant) == DELETED_NAME == "Borttagen användare"
    assert "rep.a@example.org" not in sent.applicant.email
    assert sent.status == Accession.Status.SUBMITTED


def test_after_deletion_the_draft_is_gone(deleted):
    assert not Accession.objects.filter(pk=deleted["draft"].pk).exists()


def test_after_deletion_the_representation_is_gone(deleted, organisation_a):
    assert not Representation.objects.filter(organisation=organisation_a).exists()
    assert not User.objects.filter(email="rep.a@example.org").exists()


def test_after_deletion_the_contact_persons_details_are_removed_from_the_register(deleted, organisation_a):
    organisation_a.refresh_from_db()
    assert organisation_a.contact_email == ""
    assert organisation_a.contact_name == ""
    assert organisation_a.contact_publish_consent_at is None


def test_the_data_download_says_an_applications_status_in_words_beside_its_code(client, representative_a):
    """Issue 17: a person reads the download; the code stays for programs."""
    _application(representative_a)
    client.force_login(representative_a)
    (application,) = json.loads(client.get(EXPORT_URL).content)["applications"]
    assert application["status"] == "submitted"
    assert application["status_label"] == "Inskickad"
