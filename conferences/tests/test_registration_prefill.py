"""Issue 17, WCAG 2.2 (3.3.7 Redundant entry): a logged-in person who registers for the conference
finds what their account already says filled in (name, email, and the organisation they represent);
a visitor gets an empty form."""

import pytest
from django.urls import reverse


pytestmark = pytest.mark.django_db


def _form(client, conference):
    response = client.get(reverse("conferences:registration_create", kwargs={"pk": conference.pk}))
    assert response.status_code == 200
    return response.context["form"]


def test_a_representative_finds_name_email_and_organisation_filled_in(client, conference, representative_a):
    client.force_login(representative_a)
    form = _form(client, conference)
    assert form["name"].value() == representative_a.full_name
    assert form["email"].value() == representative_a.email
    assert form["organisation_name"].value() == "Föreningen A"


def test_an_account_without_an_organisation_finds_name_and_email(client, conference, ordinary_user):
    client.force_login(ordinary_user)
    form = _form(client, conference)
    assert form["name"].value() == ordinary_user.full_name
    assert form["email"].value() == ordinary_user.email
    assert not form["organisation_name"].value()


def test_a_visitor_gets_an_empty_form(client, conference):
    form = _form(client, conference)
    assert not form["name"].value() and not form["email"].value()
