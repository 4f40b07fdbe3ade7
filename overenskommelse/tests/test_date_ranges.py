"""The dates people type have a sensible range (issue 13): from 1900, decisions not in the future,
plans at most 50 years ahead. The rule is on the model fields (plumbing/dates.py), so every
form built on them refuses such a date with a Swedish message; the inventory below fails when a new
date field has no range."""

import datetime

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.models import Accession
from collaboration.forms.group import SeatAssignForm, SeatTermForm
from initiatives.models import Partnership
from initiatives.tests.test_partnership_views import CREATE_URL, form_data
from plumbing.dates import DateRangeValidator

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def connected_a(organisation_a):
    organisation_a.connected_since = datetime.date(2020, 1, 1)
    organisation_a.save()
    return organisation_a

OUR_APPS = ["plumbing", "overenskommelse", "accounts", "initiatives", "conferences", "followup", "collaboration", "documents", "demo"]

TOO_EARLY = "Ange ett datum från år 1900 och framåt."
IN_FUTURE = "Datumet kan inte ligga i framtiden."
TOO_LATE = "Ange ett datum högst 50 år fram i tiden."

def _typed_date_fields():
    for app in OUR_APPS:
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.get_fields():
                # Dates only: the times (…_at) are set by the portal, except those listed below.
                if type(field) is not models.DateField:
                    continue
                if not field.editable or field.auto_now or field.auto_now_add:
                    continue
                if field.has_default():
                    continue
                yield f"{app}.{model.__name__}.{field.name}", field


def test_every_date_people_type_has_a_range():
    missing = [
        name
        for name, field in _typed_date_fields()
        if not any(isinstance(v, DateRangeValidator) for v in field.validators)
    ]
    assert missing == []


def test_the_typed_dates_and_times_have_a_range():
    for name in [
        "conferences.Conference.registration_opens_at",
        "conferences.Conference.registration_closes_at",
        "conferences.Session.ends_at",
        "conferences.Session.starts_at",
        "collaboration.Meeting.starts_at",
        "collaboration.Meeting.ends_at",
    ]:
        app, model, field = name.split(".")
        validators = apps.get_model(app, model)._meta.get_field(field).validators
        assert any(isinstance(v, DateRangeValidator) for v in validators), name


def _apply(client, user, **fields):
    client.force_login(user)
    return client.post(
        reverse("accounts:accession_start"), {"name": "Föreningen X", "action": "save", **fields}
    )


def test_a_board_decision_in_year_1_is_refused(client, ordinary_user):
    response = _apply(client, ordinary_user, board_decision_on="0001-01-01")
    assert response.status_code == 200
    assert TOO_EARLY in response.content.decode()
    assert not Accession.objects.exists()


def test_a_board_decision_tomorrow_is_refused(client, ordinary_user):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = _apply(client, ordinary_user, board_decision_on=tomorrow.isoformat())
    assert IN_FUTURE in response.content.decode()
    assert not Accession.objects.exists()


def test_a_board_decision_last_year_is_accepted(client, ordinary_user):
    last_year = timezone.localdate() - datetime.timedelta(days=365)
    _apply(client, ordinary_user, board_decision_on=last_year.isoformat())
    assert Accession.objects.get().board_decision_on == last_year


def test_a_commitment_running_until_9999_is_refused(
    client, officer_x, administration_x, connected_a
):
    client.force_login(officer_x)
    response = client.post(CREATE_URL, form_data(administration_x, [connected_a], ends_on="9999-12-31"))
    assert response.status_code == 200
    assert TOO_LATE in response.content.decode()
    assert not Partnership.objects.exists()


def test_a_commitment_decided_in_year_1_is_refused(client, officer_x, administration_x, connected_a):
    client.force_login(officer_x)
    response = client.post(CREATE_URL, form_data(administration_x, [connected_a], decision_on="0001-01-01"))
    assert TOO_EARLY in response.content.decode()
    assert not Partnership.objects.exists()


def test_a_term_until_9999_is_refused_also_where_the_form_skips_the_model_check():
    form = SeatTermForm(data={"starts_on": "2026-01-01", "ends_on": "9999-12-31"})
    assert not form.is_valid()
    assert form.errors["ends_on"] == [TOO_LATE]
    form = SeatAssignForm(
        data={"email": "a@example.org", "starts_on": "1850-01-01", "ends_on": "2027-01-01"}
    )
    assert not form.is_valid()
    assert form.errors["starts_on"] == [TOO_EARLY]
