"""Applying to join the agreement and the collaboration group's decision, as the people involved
experience it through the test client: the applicant's form and drafts, the emails, the group's
queue and decision (exactly once, also when two members decide at the same moment), and who may
see what."""

import datetime
import re
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import formats, timezone, translation

from accounts import services
from accounts.models import (
    Accession,
    Organisation,
    OrganisationEvent,
    OrganisationKind,
    Representation,
)
from overenskommelse.models import ActionPlan, Agreement, Principle, PriorityArea

pytestmark = pytest.mark.django_db

ASSOCIATION_NUMBER = "802480-0008"  # a valid number of an ideell förening (starts with 8)
OTHER_NUMBER = "802555-5551"
MUNICIPAL_NUMBER = "212000-1173"  # valid, but starts with 2: state, region, kommun or församling


# --- Set-up --------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def agreement(db):
    agreement = Agreement.objects.create(
        name="Överenskommelsen i Testkommun",
        municipality="Testkommun",
        sector_party="idéburen sektor i Testkommun",
        summary="En överenskommelse.",
        adopted_on=datetime.date(2024, 1, 1),
        valid_from=datetime.date(2024, 1, 1),
        contact_email="overenskommelse@example.org",
    )
    Principle.objects.create(
        agreement=agreement,
        name="Självständighet och oberoende",
        description="Organisationerna bestämmer själva.",
        position=1,
    )
    Principle.objects.create(
        agreement=agreement, name="Dialog", description="Parterna för en öppen dialog.", position=2
    )
    plan = ActionPlan.objects.create(
        agreement=agreement,
        title="Handlingsplan",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
    )
    PriorityArea.objects.create(
        action_plan=plan, name="Inkludering", slug="inkludering", position=1
    )
    PriorityArea.objects.create(
        action_plan=plan, name="Hälsosamma levnadsvanor", slug="halsa", position=2
    )
    return agreement


@pytest.fixture
def umbrella(db):
    return Organisation.objects.create(
        name="Paraplyorganisationen PIL", kind=OrganisationKind.UMBRELLA, org_number=OTHER_NUMBER
    )


def _pdf(size: int = 2000, name: str = "protokoll.pdf") -> SimpleUploadedFile:
    content = b"%PDF-1.4\n" + b"0" * max(0, size - 9)
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _complete(agreement, **overrides) -> dict:
    """Everything a complete application sends."""
    data = {
        "name": "Lunds Schackklubb",
        "org_number": ASSOCIATION_NUMBER,
        "kind": OrganisationKind.NON_PROFIT_ASSOCIATION,
        "street_address": "Storgatan 1",
        "postal_code": "22221",
        "city": "Lund",
        "website": "https://schack.example.org",
        "email": "info@schack.example.org",
        "phone": "046-12 34 56",
        "description": "Vi spelar schack med barn och unga.",
        "priority_areas": [PriorityArea.objects.get(slug="inkludering").pk],
        "contact_name": "Kim Kontakt",
        "contact_email": "kim@schack.example.org",
        "contact_phone": "070-123 45 67",
        "signatory_name": "Siv Ordförande",
        "signatory_role": "ordförande",
        "board_decision_on": "2026-03-15",
        "principles_confirmed": list(
            Principle.objects.filter(agreement=agreement).values_list("pk", flat=True)
        ),
        "democratic_values_confirmed": "on",
        "action": "send",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _sent(applicant, agreement=None, **fields) -> Accession:
    """An application as it is after it was sent (made directly: the set-up of a test)."""
    values = {
        "name": "Föreningen Skickad",
        "kind": OrganisationKind.NON_PROFIT_ASSOCIATION,
        "org_number": ASSOCIATION_NUMBER,
        "contact_name": "Kim Kontakt",
        "contact_email": "kim@example.org",
        "signatory_name": "Siv Ordförande",
        "signatory_role": "ordförande",
        "board_decision_on": datetime.date(2026, 3, 15),
        "democratic_values_confirmed": True,
        "status": Accession.Status.SUBMITTED,
        "submitted_at": timezone.now(),
        "applicant": applicant,
    }
    values.update(fields)
    accession = Accession.objects.create(**values)
    if agreement is not None:
        accession.principles_confirmed.set(Principle.objects.filter(agreement=agreement))
    return accession


@pytest.fixture
def draft_a(representative_a):
    return Accession.objects.create(
        applicant=representative_a,
        name="Föreningen Utkast",
        kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
    )


@pytest.fixture
def sent_a(representative_a):
    accession = _sent(representative_a)
    accession.minutes_extract.save("x.pdf", ContentFile(b"%PDF-1.4 protokoll"), save=True)
    return accession


def _html(response) -> str:
    return response.content.decode()


def _user(request, role):
    return None if role == "anonymous" else request.getfixturevalue(role)


def _client_as(client, user):
    if user is not None:
        client.force_login(user)
    return client


FORBIDDEN_MARKUP = [
    (re.compile(r"\sstyle=\""), "style attribute"),
    (re.compile(r"\son[a-z]+=", re.IGNORECASE), "event handler attribute"),
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>"), "inline script"),
]


def _assert_portal_page(response) -> str:
    """One <h1>, a title, every field labelled, nothing the CSP would block."""
    assert response.status_code == 200
    html = _html(response)
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert re.search(r"<title>\s*\S.*–", html, re.DOTALL)
    for pattern, what in FORBIDDEN_MARKUP:
        assert not pattern.search(html), what
    labelled = set(re.findall(r'<label[^>]*\bfor="([^"]+)"', html))
    for input_id in re.findall(
        r'<(?:input|textarea|select)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', html
    ):
        assert input_id in labelled, f"no label for #{input_id}"
    return html


# --- Starting, drafts and coming back ------------------------------------------------------------


def test_a_logged_out_visitor_is_sent_to_log_in_and_back_to_the_form(client):
    response = client.get(reverse("accounts:accession_start"))
    assert response.status_code == 302
    assert (
        response["Location"]
        == f"{reverse('account_login')}?next={reverse('accounts:accession_start')}"
    )


def test_a_new_user_comes_back_to_the_form_after_signing_up_and_confirming(client, agreement):
    start = reverse("accounts:accession_start")
    client.post(
        f"{reverse('account_signup')}?next={start}",
        {
            "email": "ny@example.org",
            "password1": "ett-nytt-losenord-99",
            "password2": "ett-nytt-losenord-99",
            "next": start,
        },
    )
    link = re.search(r"https?://[^/\s]+(/konto/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == start
    assert client.get(start).status_code == 200


def test_the_form_has_every_part_in_one_page(client, ordinary_user, agreement, umbrella):
    client.force_login(ordinary_user)
    html = _assert_portal_page(client.get(reverse("accounts:accession_start")))
    for legend in ("Organisationen", "Kontaktperson", "Styrelsens beslut och vem som undertecknar"):
        assert f'<legend class="h3">{legend}</legend>' in html
    assert "Organisationen står bakom:" in html
    assert "Självständighet och oberoende" in html
    assert "Organisationerna bestämmer själva." in html
    assert 'name="democratic_values_confirmed"' in html
    assert "Inkludering" in html and "Paraplyorganisationen PIL" in html
    assert 'type="date"' in html
    assert 'type="file"' in html
    assert "allmän handling" in html
    assert 'value="save"' in html and 'value="send"' in html
    # only idea-driven kinds
    assert 'value="ideell_forening"' in html
    assert 'value="forvaltning"' not in html


def test_saving_a_draft_needs_only_the_name(client, ordinary_user, agreement):
    client.force_login(ordinary_user)
    response = client.post(
        reverse("accounts:accession_start"), {"name": "Föreningen Halvfärdig", "action": "save"}
    )
    accession = Accession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:accession_edit", kwargs={"pk": accession.pk})
    assert accession.status == Accession.Status.DRAFT
    assert accession.applicant == ordinary_user
    assert accession.name == "Föreningen Halvfärdig"


def test_a_draft_without_a_name_is_not_saved(client, ordinary_user, agreement):
    client.force_login(ordinary_user)
    response = client.post(
        reverse("accounts:accession_start"), {"name": "", "city": "Lund", "action": "save"}
    )
    assert response.status_code == 200
    assert not Accession.objects.exists()
    assert 'value="Lund"' in _html(response)


def test_the_start_page_takes_the_user_back_to_their_draft_with_what_they_saved(client, draft_a):
    draft_a.city = "Lund"
    draft_a.save()
    client.force_login(draft_a.applicant)
    response = client.get(reverse("accounts:accession_start"))
    edit = reverse("accounts:accession_edit", kwargs={"pk": draft_a.pk})
    assert response["Location"] == edit
    html = _html(client.get(edit))
    assert 'value="Föreningen Utkast"' in html
    assert 'value="Lund"' in html


def test_saving_the_draft_again_updates_it(client, draft_a, agreement):
    client.force_login(draft_a.applicant)
    edit = reverse("accounts:accession_edit", kwargs={"pk": draft_a.pk})
    client.post(edit, {"name": "Föreningen Utkast", "contact_name": "Kim", "action": "save"})
    draft_a.refresh_from_db()
    assert draft_a.contact_name == "Kim"
    assert Accession.objects.count() == 1


def test_a_draft_still_checks_the_format_of_what_is_filled_in(client, ordinary_user, agreement):
    client.force_login(ordinary_user)
    response = client.post(
        reverse("accounts:accession_start"),
        {
            "name": "Föreningen X",
            "org_number": "802480-0009",
            "contact_email": "inte-en-adress",
            "action": "save",
        },
    )
    assert response.status_code == 200
    assert not Accession.objects.exists()
    html = _html(response)
    assert "Kontrollsiffran (den sista siffran) stämmer inte." in html
    assert 'id="id_contact_email_error"' in html  # Django's own message, in Swedish


def test_the_number_is_stored_in_one_form(client, ordinary_user, agreement):
    client.force_login(ordinary_user)
    client.post(
        reverse("accounts:accession_start"),
        {"name": "Föreningen X", "org_number": "16 8024800008", "action": "save"},
    )
    assert Accession.objects.get().org_number == ASSOCIATION_NUMBER


def test_a_personal_identity_number_is_refused(client, ordinary_user, agreement):
    client.force_login(ordinary_user)
    response = client.post(
        reverse("accounts:accession_start"),
        {"name": "Föreningen X", "org_number": "850101-1234", "action": "save"},
    )
    assert "Det här ser ut som ett personnummer." in _html(response)
    assert not Accession.objects.exists()


def test_a_number_that_does_not_fit_the_kind_is_a_warning_not_a_refusal(
    client, ordinary_user, agreement
):
    client.force_login(ordinary_user)
    response = client.post(
        reverse("accounts:accession_start"),
        _complete(agreement, org_number=MUNICIPAL_NUMBER, action="save"),
        follow=True,
    )
    assert Accession.objects.get().org_number == MUNICIPAL_NUMBER
    assert (
        'alert-warning">Observera: organisationsnummer som börjar med 2 brukar höra till: '
        "stat, region, kommun eller församling." in _html(response)
    )


def test_saying_the_organisation_has_no_number_is_enough_to_send(client, ordinary_user, agreement):
    client.force_login(ordinary_user)
    client.post(
        reverse("accounts:accession_start"),
        _complete(agreement, org_number="", has_no_org_number="on"),
    )
    accession = Accession.objects.get()
    assert accession.status == Accession.Status.SUBMITTED
    assert accession.has_no_org_number


# --- Sending ----------------------------------------------------------------------------------------


def test_sending_with_missing_fields_lists_what_is_missing_and_keeps_everything_typed(
    client, ordinary_user, agreement, umbrella
):
    client.force_login(ordinary_user)
    first, second = Principle.objects.filter(agreement=agreement)
    data = _complete(
        agreement,
        contact_name="",
        signatory_role="",
        principles_confirmed=[first.pk],
        umbrella_organisations=[umbrella.pk],
        democratic_values_confirmed=None,
    )
    response = client.post(reverse("accounts:accession_start"), data)
    assert response.status_code == 200
    assert not Accession.objects.exists()
    html = _html(response)
    start = html.index("Fyll i eller rätta det här innan du skickar in ansökan:")
    summary = html[start : html.index("</ul>", start)]
    # Each missing field is listed by its label, linked to the field's own input (the first box
    # of a group of check boxes), and nothing else is.
    for anchor, label in (
        ("id_contact_name", "Kontaktperson"),
        ("id_signatory_role", "Roll i organisationen"),
        ("id_principles_confirmed_0", "Överenskommelsens principer"),
        ("id_democratic_values_confirmed", "Demokratiska värderingar"),
    ):
        assert f'<a href="#{anchor}">{label}</a>' in summary
        assert f'id="{anchor}"' in html
    assert summary.count("<li>") == 4
    assert "Lunds Schackklubb" not in summary
    # What was typed and ticked is still there.
    assert 'value="Lunds Schackklubb"' in html
    assert 'value="802480-0008"' in html
    assert "Vi spelar schack med barn och unga." in html
    assert re.search(
        rf'value="{first.pk}"[^>]*checked', html.split('name="principles_confirmed"', 1)[1]
    )
    assert not re.search(rf'name="principles_confirmed" value="{second.pk}"[^>]*checked', html)
    assert re.search(rf'name="umbrella_organisations" value="{umbrella.pk}"[^>]*checked', html)
    assert re.search(r'name="board_decision_on" value="2026-03-15"', html)
    assert re.search(r'<option value="ideell_forening" selected>', html)


def test_sending_a_complete_application_sends_it_and_emails_the_applicant_and_the_group(
    client, ordinary_user, agreement, group_member, convener, django_capture_on_commit_callbacks
):
    client.force_login(ordinary_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:accession_start"), _complete(agreement))
    accession = Accession.objects.get()
    assert response["Location"] == accession.get_absolute_url()
    assert accession.status == Accession.Status.SUBMITTED
    assert accession.submitted_at is not None
    assert accession.principles_confirmed.count() == 2
    to_applicant = [m for m in mail.outbox if m.to == [ordinary_user.email]]
    to_group = [m for m in mail.outbox if m.to[0] in (group_member.email, convener.email)]
    assert len(to_applicant) == 1
    assert len(to_group) == 2
    # The emails are rendered in Swedish, the portal's language (the subject carries the
    # portal's Swedish name; the body the Swedish date of sending).
    assert "Överenskommelseportalen" in to_applicant[0].subject
    assert "Lunds Schackklubb" in to_applicant[0].subject
    with translation.override("sv"):
        sent_on = formats.date_format(timezone.localtime(accession.submitted_at), "j F Y")
    assert sent_on in to_applicant[0].body
    assert accession.get_absolute_url() in to_applicant[0].body
    assert reverse("accounts:accession_queue") in to_group[0].body
    assert to_applicant[0].alternatives[0][1] == "text/html"
    follow = client.get(response["Location"])
    assert "Din ansökan har skickats till samverkansgruppen." in _html(follow)


def test_when_sending_fails_at_the_last_moment_the_draft_is_kept_and_the_reason_shown(
    client, ordinary_user, agreement, monkeypatch
):
    def refuse(**kwargs):
        raise ValidationError(
            "An application for this number has already been sent and is waiting for a decision."
        )

    monkeypatch.setattr(services, "accession_submit", refuse)
    client.force_login(ordinary_user)
    response = client.post(reverse("accounts:accession_start"), _complete(agreement), follow=True)
    accession = Accession.objects.get()
    assert accession.status == Accession.Status.DRAFT
    assert accession.name == "Lunds Schackklubb"
    assert response.redirect_chain[-1][0] == reverse(
        "accounts:accession_edit", kwargs={"pk": accession.pk}
    )
    assert "already been sent and is waiting for a decision" in _html(response)


def test_a_sent_application_can_no_longer_be_changed(client, sent_a):
    client.force_login(sent_a.applicant)
    response = client.get(reverse("accounts:accession_edit", kwargs={"pk": sent_a.pk}))
    assert response["Location"] == sent_a.get_absolute_url()
    response = client.post(
        reverse("accounts:accession_edit", kwargs={"pk": sent_a.pk}),
        {"name": "Nytt namn", "action": "save"},
    )
    sent_a.refresh_from_db()
    assert sent_a.name == "Föreningen Skickad"


def test_a_number_already_connected_is_refused_with_a_link_to_the_organisation(
    client, ordinary_user, agreement
):
    connected = Organisation.objects.create(
        name="Lunds Schackklubb",
        kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
        org_number=ASSOCIATION_NUMBER,
        connected_since=datetime.date(2025, 1, 1),
    )
    client.force_login(ordinary_user)
    response = client.post(reverse("accounts:accession_start"), _complete(agreement))
    html = _html(response)
    assert response.status_code == 200
    assert "En organisation med det här numret är redan ansluten till överenskommelsen." in html
    assert f'<a href="{connected.get_absolute_url()}">' in html
    assert not Accession.objects.exists()


def test_a_number_with_a_pending_application_is_refused_and_says_so(
    client, ordinary_user, representative_b, agreement
):
    _sent(representative_b)
    client.force_login(ordinary_user)
    response = client.post(reverse("accounts:accession_start"), _complete(agreement))
    assert (
        "En ansökan för det här numret har redan skickats in och väntar på beslut."
        in _html(response)
    )
    assert Accession.objects.count() == 1


# --- The minutes (PDF) ---------------------------------------------------------------------------


def test_a_pdf_is_saved_with_the_draft_and_streamed_only_through_the_portal(
    client, ordinary_user, agreement, media
):
    client.force_login(ordinary_user)
    client.post(
        reverse("accounts:accession_start"),
        {"name": "Föreningen X", "minutes_extract": _pdf(), "action": "save"},
    )
    accession = Accession.objects.get()
    assert accession.minutes_extract.name.startswith("accessions/")
    assert "protokoll" not in accession.minutes_extract.name  # never the uploaded name
    html = _html(client.get(reverse("accounts:accession_edit", kwargs={"pk": accession.pk})))
    assert reverse("accounts:accession_attachment", kwargs={"pk": accession.pk}) in html
    assert "/media/" not in html


def test_a_text_file_named_pdf_is_refused(client, ordinary_user, agreement):
    client.force_login(ordinary_user)
    fake = SimpleUploadedFile("x.pdf", b"just some text, not a PDF", content_type="application/pdf")
    response = client.post(
        reverse("accounts:accession_start"),
        {"name": "Föreningen X", "minutes_extract": fake, "action": "save"},
    )
    assert response.status_code == 200
    assert "Filen är ingen PDF-fil." in _html(response)
    assert not Accession.objects.exists()


def test_a_pdf_larger_than_5_mb_is_refused(client, ordinary_user, agreement):
    client.force_login(ordinary_user)
    big = _pdf(size=5 * 1024 * 1024 + 1)
    response = client.post(
        reverse("accounts:accession_start"),
        {"name": "Föreningen X", "minutes_extract": big, "action": "save"},
    )
    assert response.status_code == 200
    assert re.search(r"Den får vara högst 5,0\s*MB", _html(response))
    assert not Accession.objects.exists()


def test_an_uploaded_pdf_is_kept_when_the_form_has_other_errors(client, ordinary_user, agreement):
    client.force_login(ordinary_user)
    start = reverse("accounts:accession_start")
    response = client.post(
        start, {"name": "", "minutes_extract": _pdf(name="styrelseprotokoll.pdf"), "action": "save"}
    )
    html = _html(response)
    assert response.status_code == 200
    assert "styrelseprotokoll.pdf" in html  # shown as already uploaded
    token = re.search(r'name="minutes_token" value="([^"]+)"', html).group(1)
    # The second try sends no file again, only the corrected name.
    response = client.post(
        start, {"name": "Föreningen X", "minutes_token": token, "action": "save"}
    )
    accession = Accession.objects.get()
    assert accession.minutes_extract
    assert accession.minutes_extract.open("rb").read().startswith(b"%PDF-")


def test_a_kept_upload_of_another_user_cannot_be_taken(
    client, ordinary_user, representative_b, agreement
):
    client.force_login(representative_b)
    html = _html(
        client.post(
            reverse("accounts:accession_start"),
            {"name": "", "minutes_extract": _pdf(), "action": "save"},
        )
    )
    token = re.search(r'name="minutes_token" value="([^"]+)"', html).group(1)
    client.force_login(ordinary_user)
    client.post(
        reverse("accounts:accession_start"),
        {"name": "Föreningen X", "minutes_token": token, "action": "save"},
    )
    assert not Accession.objects.get().minutes_extract


def test_the_attachment_is_a_pdf_download_that_browsers_do_not_sniff(client, sent_a, group_member):
    client.force_login(group_member)
    response = client.get(reverse("accounts:accession_attachment", kwargs={"pk": sent_a.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_no_attachment_gives_404(client, representative_a):
    accession = _sent(representative_a)
    client.force_login(representative_a)
    assert (
        client.get(
            reverse("accounts:accession_attachment", kwargs={"pk": accession.pk})
        ).status_code
        == 404
    )


# --- Applying again for an organisation ---------------------------------------------------------


def test_a_representative_applies_again_for_an_organisation_that_withdrew(
    client, representative_a, organisation_a, agreement
):
    organisation_a.org_number = ASSOCIATION_NUMBER
    organisation_a.city = "Lund"
    organisation_a.connected_since = datetime.date(2020, 1, 1)
    organisation_a.withdrawn_on = datetime.date(2025, 1, 1)
    organisation_a.save()
    client.force_login(representative_a)
    start = f"{reverse('accounts:accession_start')}?organisation={organisation_a.pk}"
    html = _html(client.get(start))
    assert 'value="Föreningen A"' in html and 'value="Lund"' in html
    client.post(start, _complete(agreement, name="Föreningen A", action="save"))
    assert Accession.objects.get().organisation == organisation_a


def test_the_new_form_offers_the_unconnected_organisations_the_user_represents(
    client, representative_a, organisation_a, agreement
):
    client.force_login(representative_a)
    html = _html(client.get(reverse("accounts:accession_start")))
    assert f"?organisation={organisation_a.pk}" in html


def test_nobody_applies_for_an_organisation_they_do_not_represent(
    client, representative_b, organisation_a, agreement
):
    client.force_login(representative_b)
    response = client.get(f"{reverse('accounts:accession_start')}?organisation={organisation_a.pk}")
    assert response.status_code == 404


# --- Reading an application ------------------------------------------------------------------------


def test_the_application_page_shows_what_was_sent_and_its_status(client, sent_a, agreement):
    sent_a.principles_confirmed.set(Principle.objects.filter(agreement=agreement))
    client.force_login(sent_a.applicant)
    html = _assert_portal_page(client.get(sent_a.get_absolute_url()))
    assert "Föreningen Skickad" in html
    assert ASSOCIATION_NUMBER in html
    assert "Siv Ordförande" in html
    assert "Självständighet och oberoende" in html
    assert "Skickad till samverkansgruppen" in html
    assert reverse("accounts:accession_attachment", kwargs={"pk": sent_a.pk}) in html
    # The applicant does not get the group's decision form.
    assert reverse("accounts:accession_decide", kwargs={"pk": sent_a.pk}) not in html
    assert "Registrera beslutet" not in html


def test_the_group_sees_the_decision_form_and_the_review_button(client, sent_a, group_member):
    client.force_login(group_member)
    html = _assert_portal_page(client.get(sent_a.get_absolute_url()))
    assert reverse("accounts:accession_decide", kwargs={"pk": sent_a.pk}) in html
    assert "Registrera beslutet" in html
    assert reverse("accounts:accession_review", kwargs={"pk": sent_a.pk}) in html
    assert "Ta upp för behandling" in html


def test_taking_up_for_review_shows_under_review(client, sent_a, group_member):
    client.force_login(group_member)
    response = client.post(reverse("accounts:accession_review", kwargs={"pk": sent_a.pk}))
    assert response["Location"] == sent_a.get_absolute_url()
    sent_a.refresh_from_db()
    assert sent_a.status == Accession.Status.UNDER_REVIEW
    html = _html(client.get(sent_a.get_absolute_url()))
    assert 'aria-current="step"' in html
    assert reverse("accounts:accession_review", kwargs={"pk": sent_a.pk}) not in html
    assert "Ta upp för behandling" not in html


def test_review_is_post_only(client, sent_a, group_member):
    client.force_login(group_member)
    assert (
        client.get(reverse("accounts:accession_review", kwargs={"pk": sent_a.pk})).status_code
        == 405
    )


# --- Deciding -------------------------------------------------------------------------------------


def test_approving_connects_the_organisation_and_makes_the_applicant_its_representative(
    client, sent_a, group_member, django_capture_on_commit_callbacks
):
    client.force_login(group_member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:accession_decide", kwargs={"pk": sent_a.pk}),
            {"decision": "approve", "reason": "", "meeting_on": "2026-11-20"},
        )
    assert response["Location"] == sent_a.get_absolute_url()
    sent_a.refresh_from_db()
    assert sent_a.status == Accession.Status.APPROVED
    assert sent_a.decided_by == group_member
    assert sent_a.decided_at is not None
    assert sent_a.decision_meeting_on == datetime.date(2026, 11, 20)
    organisation = Organisation.objects.connected().get(org_number=ASSOCIATION_NUMBER)
    assert sent_a.organisation == organisation
    assert Representation.objects.filter(user=sent_a.applicant, organisation=organisation).exists()
    assert organisation.events.filter(
        kind=OrganisationEvent.Kind.APPROVED, by=group_member
    ).exists()
    decided = [m for m in mail.outbox if m.to == [sent_a.applicant.email]]
    assert len(decided) == 1
    assert "Föreningen Skickad" in decided[0].subject
    html = _html(client.get(sent_a.get_absolute_url()))
    assert "20 november 2026" in html
    assert group_member.full_name in html


def test_rejecting_needs_a_reason_and_keeps_what_was_typed(client, sent_a, convener):
    client.force_login(convener)
    response = client.post(
        reverse("accounts:accession_decide", kwargs={"pk": sent_a.pk}),
        {"decision": "reject", "reason": "  ", "meeting_on": "2026-11-20"},
    )
    assert response.status_code == 200
    html = _html(response)
    assert "Skriv skälet när ansökan avslås." in html
    assert 'value="2026-11-20"' in html
    assert re.search(r'value="reject"[^>]*checked', html)
    sent_a.refresh_from_db()
    assert sent_a.is_open


def test_rejecting_with_a_reason_records_it_and_tells_the_applicant(
    client, sent_a, convener, django_capture_on_commit_callbacks
):
    client.force_login(convener)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:accession_decide", kwargs={"pk": sent_a.pk}),
            {"decision": "reject", "reason": "Föreningen är inte idéburen.", "meeting_on": ""},
        )
    sent_a.refresh_from_db()
    assert sent_a.status == Accession.Status.REJECTED
    assert sent_a.decision_reason == "Föreningen är inte idéburen."
    assert sent_a.decided_by == convener
    assert not Organisation.objects.connected().exists()
    assert not Representation.objects.filter(
        user=sent_a.applicant, organisation__org_number=ASSOCIATION_NUMBER
    ).exists()
    decided = [m for m in mail.outbox if m.to == [sent_a.applicant.email]]
    assert len(decided) == 1
    assert "Föreningen är inte idéburen." in decided[0].body


def test_deciding_twice_gives_one_decision_and_says_who_decided_first(
    client, sent_a, group_member, convener
):
    client.force_login(group_member)
    client.post(
        reverse("accounts:accession_decide", kwargs={"pk": sent_a.pk}), {"decision": "approve"}
    )
    client.force_login(convener)
    response = client.post(
        reverse("accounts:accession_decide", kwargs={"pk": sent_a.pk}),
        {"decision": "reject", "reason": "Nej."},
        follow=True,
    )
    sent_a.refresh_from_db()
    assert sent_a.status == Accession.Status.APPROVED
    assert sent_a.decided_by == group_member
    assert OrganisationEvent.objects.filter(kind__in=["approved", "rejected"]).count() == 1
    html = _html(response)
    assert f"Beslut om ansökan har redan fattats av {group_member.full_name}" in html
    assert reverse("accounts:accession_decide", kwargs={"pk": sent_a.pk}) not in html
    assert "Registrera beslutet" not in html


def test_the_service_refuses_a_second_decision(sent_a, group_member, convener):
    services.accession_decide(accession=sent_a, by=group_member, approve=False, reason="Nej.")
    with pytest.raises(services.AlreadyDecided):
        services.accession_decide(accession=sent_a, by=convener, approve=True, reason="")


@pytest.mark.django_db(transaction=True)
def test_two_members_deciding_at_the_same_moment_give_exactly_one_decision(
    sent_a, group_member, convener
):
    # SQLite's shared in-memory test database answers "locked" at once where a database file
    # would wait for the lock (its busy timeout): retry like that wait would. PostgreSQL waits
    # on the row lock by itself, and the conditional UPDATE then finds the decision made.
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(user, approve):
        try:
            barrier.wait(timeout=10)
            for _attempt in range(200):
                try:
                    services.accession_decide(
                        accession=Accession.objects.get(pk=sent_a.pk),
                        by=user,
                        approve=approve,
                        reason="Möte.",
                    )
                    outcomes.append("decided")
                except services.AlreadyDecided:
                    outcomes.append("already decided")
                except Exception as error:  # noqa: BLE001
                    if connection.vendor == "sqlite" and "locked" in str(error):
                        threading.Event().wait(0.01)
                        continue
                    outcomes.append(repr(error))
                break
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(group_member, True)),
        threading.Thread(target=decide, args=(convener, False)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["already decided", "decided"]
    sent_a.refresh_from_db()
    assert sent_a.is_decided
    assert sent_a.decided_by in (group_member, convener)
    approved = sent_a.status == Accession.Status.APPROVED
    # One decision: one history line (a rejected application without an organisation in the
    # register has none), and at most one new organisation and representative.
    assert OrganisationEvent.objects.filter(kind__in=["approved", "rejected"]).count() == int(
        approved
    )
    assert Organisation.objects.filter(org_number=ASSOCIATION_NUMBER).count() == int(approved)
    assert Representation.objects.filter(
        user=sent_a.applicant, organisation__org_number=ASSOCIATION_NUMBER
    ).count() == int(approved)


# --- The queue -----------------------------------------------------------------------------------------


def test_the_queue_lists_open_applications_oldest_first_and_a_tab_of_decided_ones(
    client, representative_a, group_member
):
    now = timezone.now()
    older = _sent(
        representative_a,
        name="Äldre föreningen",
        org_number="",
        submitted_at=now - datetime.timedelta(days=3),
    )
    newer = _sent(representative_a, name="Nyare föreningen", org_number="", submitted_at=now)
    decided = _sent(
        representative_a,
        name="Beslutade föreningen",
        org_number="",
        status=Accession.Status.REJECTED,
        decided_at=now,
        decided_by=group_member,
    )
    Accession.objects.create(applicant=representative_a, name="Hemligt utkast")
    client.force_login(group_member)
    html = _assert_portal_page(client.get(reverse("accounts:accession_queue")))
    assert html.index(older.name) < html.index(newer.name)
    assert decided.name not in html and "Hemligt utkast" not in html
    html = _assert_portal_page(client.get(reverse("accounts:accession_queue") + "?visa=beslutade"))
    assert decided.name in html and older.name not in html and "Hemligt utkast" not in html


@pytest.mark.parametrize("tab", ["", "?visa=beslutade"])
def test_the_queue_needs_the_same_number_of_queries_for_many_applications(
    client, representative_a, group_member, django_assert_max_num_queries, tab
):
    def make(count, start):
        for index in range(start, start + count):
            _sent(representative_a, name=f"Förening {index}", org_number="")
            _sent(
                representative_a,
                name=f"Beslutad {index}",
                org_number="",
                status=Accession.Status.APPROVED,
                decided_at=timezone.now(),
                decided_by=group_member,
            )

    client.force_login(group_member)
    url = reverse("accounts:accession_queue") + tab
    make(2, 0)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    make(40, 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.context["paginator"].count == 42
    assert len(response.context["accessions"]) == 25


# --- The account page ----------------------------------------------------------------------------


def test_the_account_page_lists_the_users_applications_with_links(
    client, draft_a, representative_a
):
    sent = _sent(representative_a, name="Föreningen Skickad")
    client.force_login(representative_a)
    html = _html(client.get(reverse("accounts:overview")))
    assert reverse("accounts:accession_edit", kwargs={"pk": draft_a.pk}) in html
    assert sent.get_absolute_url() in html
    # The status badges (the draft's own name also holds the word "Utkast").
    assert '">Utkast</span>' in html and '">Inskickad</span>' in html


# --- Who may do what ----------------------------------------------------------------------------------


def _expect(response, expected):
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected, response


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", "login"),
        ("ordinary_user", 200),
        ("representative_a", 200),
        ("representative_b", 200),
        ("officer_x", 200),
        ("group_member", 200),
        ("convener", 200),
    ],
)
def test_who_may_start_an_application(client, request, agreement, role, expected):
    _expect(
        _client_as(client, _user(request, role)).get(reverse("accounts:accession_start")), expected
    )


DRAFT_MATRIX = [
    ("anonymous", "login"),
    ("ordinary_user", 404),
    ("representative_a", 200),
    ("representative_b", 404),
    ("officer_x", 404),
    ("group_member", 404),
    ("convener", 404),
]
SENT_MATRIX = [
    ("anonymous", "login"),
    ("ordinary_user", 404),
    ("representative_a", 200),
    ("representative_b", 404),
    ("officer_x", 404),
    ("group_member", 200),
    ("convener", 200),
]


@pytest.mark.parametrize(("role", "expected"), DRAFT_MATRIX)
def test_who_may_edit_a_draft(client, request, draft_a, agreement, role, expected):
    url = reverse("accounts:accession_edit", kwargs={"pk": draft_a.pk})
    _expect(_client_as(client, _user(request, role)).get(url), expected)


@pytest.mark.parametrize(("role", "expected"), DRAFT_MATRIX)
def test_who_may_save_a_draft(client, request, draft_a, agreement, role, expected):
    url = reverse("accounts:accession_edit", kwargs={"pk": draft_a.pk})
    response = _client_as(client, _user(request, role)).post(
        url, {"name": "Kapat namn", "action": "save"}
    )
    _expect(response, 302 if expected == 200 else expected)
    draft_a.refresh_from_db()
    assert (draft_a.name == "Kapat namn") == (expected == 200)


@pytest.mark.parametrize(("role", "expected"), DRAFT_MATRIX)
def test_who_may_see_a_draft(client, request, draft_a, role, expected):
    _expect(_client_as(client, _user(request, role)).get(draft_a.get_absolute_url()), expected)


@pytest.mark.parametrize(("role", "expected"), SENT_MATRIX)
def test_who_may_see_a_sent_application(client, request, sent_a, role, expected):
    _expect(_client_as(client, _user(request, role)).get(sent_a.get_absolute_url()), expected)


@pytest.mark.parametrize(("role", "expected"), SENT_MATRIX)
def test_who_may_download_the_minutes(client, request, sent_a, role, expected):
    url = reverse("accounts:accession_attachment", kwargs={"pk": sent_a.pk})
    _expect(_client_as(client, _user(request, role)).get(url), expected)


@pytest.mark.parametrize(("role", "expected"), DRAFT_MATRIX)
def test_who_may_download_the_minutes_of_a_draft(client, request, draft_a, role, expected):
    draft_a.minutes_extract.save("x.pdf", ContentFile(b"%PDF-1.4 utkast"), save=True)
    url = reverse("accounts:accession_attachment", kwargs={"pk": draft_a.pk})
    _expect(_client_as(client, _user(request, role)).get(url), expected)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", "login"),
        ("ordinary_user", 403),
        ("representative_a", 403),
        ("representative_b", 403),
        ("officer_x", 403),
        ("group_member", 200),
        ("convener", 200),
    ],
)
def test_who_may_see_the_queue(client, request, role, expected):
    _expect(
        _client_as(client, _user(request, role)).get(reverse("accounts:accession_queue")), expected
    )


DECIDE_MATRIX = [
    ("anonymous", "login"),
    ("ordinary_user", 404),
    ("representative_a", 403),
    ("representative_b", 404),
    ("officer_x", 404),
    ("group_member", 302),
    ("convener", 302),
]


@pytest.mark.parametrize(("role", "expected"), DECIDE_MATRIX)
def test_who_may_take_an_application_up_for_review(client, request, sent_a, role, expected):
    url = reverse("accounts:accession_review", kwargs={"pk": sent_a.pk})
    _expect(_client_as(client, _user(request, role)).post(url), expected)
    sent_a.refresh_from_db()
    assert (sent_a.status == Accession.Status.UNDER_REVIEW) == (expected == 302)


@pytest.mark.parametrize(("role", "expected"), DECIDE_MATRIX)
def test_who_may_decide(client, request, sent_a, role, expected):
    url = reverse("accounts:accession_decide", kwargs={"pk": sent_a.pk})
    _expect(_client_as(client, _user(request, role)).post(url, {"decision": "approve"}), expected)
    sent_a.refresh_from_db()
    assert sent_a.is_decided == (expected == 302)


@pytest.mark.parametrize("role", ["group_member", "convener"])
def test_the_group_cannot_decide_on_a_draft(client, request, draft_a, role):
    client.force_login(request.getfixturevalue(role))
    response = client.post(
        reverse("accounts:accession_decide", kwargs={"pk": draft_a.pk}), {"decision": "approve"}
    )
    assert response.status_code == 404
    draft_a.refresh_from_db()
    assert draft_a.status == Accession.Status.DRAFT
