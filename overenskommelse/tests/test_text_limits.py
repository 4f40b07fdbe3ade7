"""Long free text has a limit (issue 13): every text people type into a text area is bounded by
the form (and the browser is told, through ``maxlength``); a longer text is refused with a Swedish
message saying how long it may be. The inventory walks every form of our apps, so a new text area
without a limit fails here."""

import pytest
from django import forms
from django.apps import apps
from django.db import models
from django.urls import reverse

from accounts.models import Accession
from initiatives.forms.initiative import _step_one_fields
from overenskommelse.tests.test_security_input import _form_classes
from plumbing.limits import TEXT_MAX_LENGTH

pytestmark = pytest.mark.django_db

OUR_APPS = ["plumbing", "overenskommelse", "accounts", "initiatives", "conferences", "followup", "collaboration", "documents", "demo"]
# Written by the portal itself, never typed.
NOT_TYPED = {
    "conferences.CertificateJob.error",
    "conferences.Certificate.error",
    "followup.ReportJob.error",
    "followup.PdfJob.error",
    "documents.MeetingPack.error",
    "documents.FollowUpReport.error",
    "plumbing.QueuedTask.last_error",
}


def test_every_text_field_of_our_models_has_a_limit():
    missing = [
        f"{app}.{model.__name__}.{field.name}"
        for app in OUR_APPS
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField) and field.editable and not field.max_length
    ]
    assert [name for name in missing if not name.endswith("error")] == []


def test_every_text_area_of_our_forms_has_a_limit():
    fields = {
        f"{cls.__module__}.{cls.__name__}.{name}": field
        for cls in _form_classes()
        for name, field in cls.base_fields.items()
    }
    # The initiative's first step is added by its forms' __init__.
    fields.update({f"initiative step one.{name}": f for name, f in _step_one_fields().items()})
    missing = [
        name
        for name, field in fields.items()
        if isinstance(field.widget, forms.Textarea) and not getattr(field, "max_length", None)
    ]
    assert missing == []


def test_a_text_area_tells_the_browser_its_limit(client, ordinary_user):
    client.force_login(ordinary_user)
    html = client.get(reverse("accounts:accession_start")).content.decode()
    assert f'maxlength="{2000}"' in html  # the description of the organisation


def test_a_text_longer_than_the_limit_is_refused_with_a_swedish_message(client, ordinary_user):
    client.force_login(ordinary_user)
    response = client.post(
        reverse("accounts:accession_start"),
        {"name": "Föreningen X", "description": "x" * 2001, "action": "save"},
    )
    assert response.status_code == 200
    assert "Texten får vara högst 2" in response.content.decode()
    assert not Accession.objects.exists()


def test_the_decision_reason_is_bounded():
    from accounts.forms.accession import DecisionForm

    form = DecisionForm(data={"decision": "reject", "reason": "x" * (TEXT_MAX_LENGTH + 1)})
    assert not form.is_valid()
    assert "reason" in form.errors


def test_the_page_counts_the_characters_left_in_swedish(client, ordinary_user):
    client.force_login(ordinary_user)
    html = client.get(reverse("accounts:accession_start")).content.decode()
    assert 'data-text-left="Tecken kvar:"' in html
    assert "/static/js/text-limit.js" in html
