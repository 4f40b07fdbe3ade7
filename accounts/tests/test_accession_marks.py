"""Issue 17: the application form marks every field that sending needs (for the eye and for screen
readers), not only the name, and says at the top that a draft can be saved with less. The marks and
the check when sending come from one list (accounts.services.ACCESSION_REQUIRED_TO_SEND)."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from accounts.models import Accession

from .test_accession import agreement  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


class _Fields(HTMLParser):
    """The names of the form's inputs marked aria-required, and of those that are not."""

    def __init__(self):
        super().__init__()
        self.marked: set[str] = set()
        self.unmarked: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit"):
            name = attrs.get("name")
            if name and name != "website_url":  # the honeypot
                (self.marked if attrs.get("aria-required") == "true" else self.unmarked).add(name)


def _form(client):
    html = client.get(reverse("accounts:accession_start")).content.decode()
    fields = _Fields()
    fields.feed(html)
    return html, fields


def test_every_field_sending_needs_is_marked_and_nothing_else(client, ordinary_user, agreement):  # noqa: F811
    client.force_login(ordinary_user)
    _html, fields = _form(client)
    # Sending a draft with only its name says what is missing: exactly the marked fields.
    client.post(reverse("accounts:accession_start"), {"name": "Föreningen Halvfärdig", "action": "save"})
    accession = Accession.objects.get()
    response = client.post(
        reverse("accounts:accession_edit", kwargs={"pk": accession.pk}),
        {"name": "Föreningen Halvfärdig", "action": "send"},
    )
    missing = set(response.context["form"].missing)
    assert missing, "sending an application with only a name must be refused"
    assert fields.marked == missing | {"name"}
    # What sending does not need stays unmarked.
    assert {"street_address", "city", "website", "description", "contact_phone"} <= fields.unmarked
    accession.refresh_from_db()
    assert accession.status == Accession.Status.DRAFT


def test_the_marks_are_visible_and_explained_at_the_top(client, ordinary_user, agreement):  # noqa: F811
    client.force_login(ordinary_user)
    html, fields = _form(client)
    explanation = re.search(r'<p id="needed-to-send">(.*?)</p>', html, re.DOTALL)
    assert explanation, "the form says at the top what the marks mean"
    text = re.sub(r"<[^>]+>", "", explanation.group(1))
    assert "behövs för att skicka ansökan" in text
    assert "Ett utkast kan sparas med mindre" in text
    assert html.index('id="needed-to-send"') < html.index('<form method="post" enctype')
    # Each marked field's label carries the visible mark (crispy-forms' own for the name).
    for name in fields.marked - {"principles_confirmed"}:
        label = re.search(rf'<label[^>]*for="id_{name}"[^>]*>(.*?)</label>', html, re.DOTALL)
        assert label and 'class="asteriskField"' in label.group(1), f"{name}: no visible mark"
    principles = re.search(r'id="div_id_principles_confirmed".*?</(legend|label)>', html, re.DOTALL)
    assert principles and 'class="asteriskField"' in principles.group(0), "principles: no visible mark"


def test_a_draft_is_still_saved_with_only_the_name(client, ordinary_user, agreement):  # noqa: F811
    client.force_login(ordinary_user)
    response = client.post(reverse("accounts:accession_start"), {"name": "Föreningen Utkast", "action": "save"})
    assert response.status_code == 302
    assert Accession.objects.get().status == Accession.Status.DRAFT
