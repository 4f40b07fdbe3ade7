"""An organisation's own pages: details, the yearly confirmation, representatives and invitations,
withdrawal, the contact person's consent, and the yearly email asking to confirm the details."""

import datetime
import re
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from accounts.forms.organisation import OrganisationForm
from accounts.models import (
    Invitation,
    Organisation,
    OrganisationEvent,
    OrganisationKind,
    Representation,
    User,
    Withdrawal,
)
from accounts.tasks import send_confirmation_requests
from overenskommelse.tests.cast import CAST
from overenskommelse.tests.cast import assert_status as _assert_status
from overenskommelse.tests.cast import login as _login

pytestmark = pytest.mark.django_db

@pytest.fixture
def connected_a(organisation_a) -> Organisation:
    organisation_a.connected_since = datetime.date(2025, 3, 14)
    organisation_a.contact_name = "Karin Kontakt"
    organisation_a.contact_email = "karin@example.org"
    organisation_a.save()
    return organisation_a


@pytest.fixture
def contact_user(db) -> User:
    user = User.objects.create_user(email="karin@example.org", password="x", full_name="Karin Kontakt")
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    return user


def manage_url(organisation) -> str:
    return reverse("accounts:organisation_manage", args=[organisation.pk])


def details(organisation, **changes) -> dict:
    """The edit form's data as it is on the page, with some values changed."""
    data = {
        "name": organisation.name,
        "org_number": organisation.org_number,
        "kind": organisation.kind,
        "street_address": organisation.street_address,
        "postal_code": organisation.postal_code,
        "city": organisation.city,
        "website": organisation.website,
        "email": organisation.email,
        "phone": organisation.phone,
        "description": organisation.description,
        "contact_name": organisation.contact_name,
        "contact_email": organisation.contact_email,
        "contact_phone": organisation.contact_phone,
    }
    for flag in ("publish_address", "publish_email", "publish_phone"):
        if getattr(organisation, flag):
            data[flag] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# --- The manage page -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("ordinary_user", 403),
        ("representative_a", 200),
        ("representative_b", 403),
        ("officer_x", 403),
        ("group_member", 403),
        ("convener", 200),
    ],
)
def test_only_representatives_and_the_convener_open_the_manage_page(
    client, request, organisation_a, who, expected
):
    _login(client, request, who)
    _assert_status(client.get(manage_url(organisation_a)), expected)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("ordinary_user", 403),
        ("representative_a", "redirect"),
        ("representative_b", 403),
        ("officer_x", 403),
        ("group_member", 403),
        ("convener", "redirect"),
    ],
)
def test_only_representatives_and_the_convener_change_the_details(
    client, request, organisation_a, who, expected
):
    _login(client, request, who)
    response = client.post(manage_url(organisation_a), details(organisation_a, name="Nytt namn"))
    _assert_status(response, expected)
    organisation_a.refresh_from_db()
    assert (organisation_a.name == "Nytt namn") == (expected == "redirect")


def test_manage_page_of_unknown_organisation_is_404(client, representative_a):
    client.force_login(representative_a)
    assert client.get(reverse("accounts:organisation_manage", args=[999999])).status_code == 404


def test_representative_edits_the_details_and_the_history_says_so(client, representative_a, organisation_a):
    client.force_login(representative_a)
    response = client.post(
        manage_url(organisation_a),
        details(organisation_a, city="Lund", website="https://schack.example", publish_phone="on"),
    )
    assert response.status_code == 302
    organisation_a.refresh_from_db()
    assert organisation_a.city == "Lund"
    assert organisation_a.publish_phone is True
    event = organisation_a.events.get(kind=OrganisationEvent.Kind.DETAILS_CHANGED)
    assert event.by == representative_a
    html = client.get(manage_url(organisation_a)).content.decode()
    assert event.get_kind_display() in html


def test_org_number_is_stored_in_the_canonical_form(client, representative_a, organisation_a):
    client.force_login(representative_a)
    client.post(manage_url(organisation_a), details(organisation_a, org_number="168024800008"))
    organisation_a.refresh_from_db()
    assert organisation_a.org_number == "802480-0008"


def test_invalid_org_number_is_refused_and_everything_typed_is_kept(client, representative_a, organisation_a):
    client.force_login(representative_a)
    response = client.post(
        manage_url(organisation_a),
        details(organisation_a, org_number="802480-0009", city="Staden som skrevs"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "is-invalid" in html
    assert "Staden som skrevs" in html
    assert "802480-0009" in html
    organisation_a.refresh_from_db()
    assert organisation_a.org_number == ""


def test_org_number_of_another_kind_is_saved_with_a_warning(client, representative_a, organisation_a):
    client.force_login(representative_a)
    # 212000-1124 starts with 2 (state, region, municipality): unusual for a non-profit association.
    response = client.post(manage_url(organisation_a), details(organisation_a, org_number="212000-1124"), follow=True)
    organisation_a.refresh_from_db()
    assert organisation_a.org_number == "212000-1124"
    assert any(message.level_tag == "warning" for message in response.context["messages"])


def test_org_number_of_another_organisation_is_refused(client, representative_a, organisation_a, organisation_b):
    organisation_b.org_number = "802480-0008"
    organisation_b.save()
    client.force_login(representative_a)
    response = client.post(manage_url(organisation_a), details(organisation_a, org_number="8024800008"))
    assert response.status_code == 200
    assert response.context["form"].errors["org_number"]


def test_representative_cannot_turn_an_association_into_a_municipal_administration(
    client, representative_a, organisation_a
):
    client.force_login(representative_a)
    response = client.post(manage_url(organisation_a), details(organisation_a, kind=OrganisationKind.ADMINISTRATION))
    assert response.status_code == 200
    organisation_a.refresh_from_db()
    assert organisation_a.kind == OrganisationKind.NON_PROFIT_ASSOCIATION


def test_changing_the_contact_person_ends_the_old_persons_consent(client, representative_a, connected_a):
    connected_a.contact_publish_consent_at = timezone.now()
    connected_a.save()
    client.force_login(representative_a)
    client.post(
        manage_url(connected_a),
        details(connected_a, contact_name="Nils Ny", contact_email="nils@example.org"),
    )
    connected_a.refresh_from_db()
    assert connected_a.contact_publish_consent_at is None
    assert "Nils Ny" not in client.get(connected_a.get_absolute_url()).content.decode()


def test_manage_page_shows_representatives_and_recommends_two(client, representative_a, organisation_a):
    client.force_login(representative_a)
    client.cookies["django_language"] = "en"
    html = client.get(manage_url(organisation_a)).content.decode()
    assert "rep.a@example.org" in html
    assert "We recommend two" in html


def test_history_is_paginated(client, representative_a, organisation_a):
    for number in range(30):
        OrganisationEvent.objects.create(
            organisation=organisation_a, kind=OrganisationEvent.Kind.DETAILS_CHANGED, note=f"ändring {number}"
        )
    client.force_login(representative_a)
    html = client.get(manage_url(organisation_a)).content.decode()
    assert "historik=2" in html
    assert "ändring 29" in html and "ändring 0<" not in html
    second = client.get(manage_url(organisation_a), {"historik": 2}).content.decode()
    assert "ändring 0<" in second


def test_manage_page_needs_the_same_few_queries_however_long_the_history(
    client, representative_a, organisation_a, django_assert_max_num_queries
):
    for number in range(40):
        OrganisationEvent.objects.create(
            organisation=organisation_a, kind=OrganisationEvent.Kind.DETAILS_CHANGED, by=representative_a
        )
        Invitation.objects.create(organisation=organisation_a, email=f"x{number}@example.org", token=f"t{number}", invited_by=representative_a)
    client.force_login(representative_a)
    # 13 on a first request (the reference cache's areas, umbrellas and agreement read once).
    with django_assert_max_num_queries(13):
        assert client.get(manage_url(organisation_a)).status_code == 200


def test_the_form_offers_every_umbrella_but_the_organisation_itself(organisation_a):
    first, second = (
        Organisation.objects.create(name=name, kind=OrganisationKind.UMBRELLA) for name in ("Paraply 1", "Paraply 2")
    )
    # The member's list is kept once made: asked again after an umbrella's own.
    cases = ((organisation_a, [first, second]), (first, [second]), (second, [first]), (organisation_a, [first, second]))
    for organisation, offered in cases:
        choices = OrganisationForm(instance=organisation).fields["umbrella_organisations"].widget.choices
        assert [value for value, _label in choices] == [str(umbrella.pk) for umbrella in offered]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_an_events_kind_label_is_its_display(language):
    with translation.override(language):
        for kind in [*OrganisationEvent.Kind.values, "no-longer-a-kind"]:
            event = OrganisationEvent(kind=kind)
            assert event.kind_label == event.get_kind_display()


def test_every_page_of_the_history_shows_its_events_and_authors(client, representative_a, organisation_a):
    for number in range(30):
        OrganisationEvent.objects.create(
            organisation=organisation_a,
            kind=OrganisationEvent.Kind.DETAILS_CHANGED,
            note=f"ändring {number}",
            by=representative_a if number % 2 else None,
        )
    client.force_login(representative_a)
    for asked, shown in (("", range(29, 4, -1)), ("2", range(4, -1, -1)), ("7", range(4, -1, -1)), ("x", range(29, 4, -1))):
        html = client.get(manage_url(organisation_a), {"historik": asked} if asked else {}).content.decode()
        notes = [int(number) for number in re.findall(r"ändring (\d+)<", html)]
        assert notes == list(shown), asked
        # Her row among the representatives, and each event she wrote.
        assert html.count("Rut Representant A</td>") == 1 + len([n for n in shown if n % 2])


# --- The yearly confirmation ---------------------------------------------------------------------


def test_manage_page_prompts_when_the_details_were_never_confirmed(client, representative_a, connected_a):
    client.force_login(representative_a)
    html = client.get(manage_url(connected_a)).content.decode()
    assert "border-warning" in html


def test_manage_page_prompts_when_the_details_are_over_a_year_old(client, representative_a, connected_a):
    connected_a.details_confirmed_at = timezone.now() - datetime.timedelta(days=400)
    connected_a.save()
    client.force_login(representative_a)
    assert "border-warning" in client.get(manage_url(connected_a)).content.decode()


def test_confirming_the_details_records_the_date(client, representative_a, connected_a):
    client.force_login(representative_a)
    response = client.post(reverse("accounts:organisation_confirm", args=[connected_a.pk]))
    assert response.status_code == 302
    connected_a.refresh_from_db()
    assert connected_a.details_confirmed_at is not None
    assert connected_a.events.filter(kind=OrganisationEvent.Kind.DETAILS_CONFIRMED, by=representative_a).exists()
    html = client.get(manage_url(connected_a)).content.decode()
    assert "border-warning" not in html


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("ordinary_user", 403),
        ("representative_a", "redirect"),
        ("representative_b", 403),
        ("officer_x", 403),
        ("group_member", 403),
        ("convener", "redirect"),
    ],
)
def test_only_representatives_and_the_convener_confirm_the_details(client, request, connected_a, who, expected):
    _login(client, request, who)
    _assert_status(client.post(reverse("accounts:organisation_confirm", args=[connected_a.pk])), expected)


def test_confirmation_requests_go_to_representatives_and_contact_of_connected_organisations(
    representative_a, representative_b, connected_a, organisation_b
):
    sent = send_confirmation_requests()
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {"rep.a@example.org", "karin@example.org"}
    assert sent == 2
    assert reverse("accounts:organisation_manage", args=[connected_a.pk]) in mail.outbox[0].body
    assert "Föreningen A" in mail.outbox[0].subject


def test_confirmation_requests_sent_twice_reach_nobody_the_second_time(representative_a, connected_a):
    send_confirmation_requests()
    first = len(mail.outbox)
    assert first == 2
    assert send_confirmation_requests() == 0
    assert len(mail.outbox) == first


# --- Invitations ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("ordinary_user", 403),
        ("representative_a", "redirect"),
        ("representative_b", 403),
        ("officer_x", 403),
        ("group_member", 403),
        ("convener", "redirect"),
    ],
)
def test_only_representatives_and_the_convener_invite(client, request, organisation_a, who, expected):
    _login(client, request, who)
    response = client.post(
        reverse("accounts:invitation_create", args=[organisation_a.pk]), {"email": "kollega@example.org"}
    )
    _assert_status(response, expected)
    assert Invitation.objects.filter(email="kollega@example.org").exists() == (expected == "redirect")


def test_invited_colleague_gets_an_email_with_the_link(
    client, representative_a, organisation_a, django_capture_on_commit_callbacks
):
    client.force_login(representative_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:invitation_create", args=[organisation_a.pk]), {"email": "Kollega@Example.org"})
    invitation = Invitation.objects.get()
    assert invitation.email == "kollega@example.org"
    assert mail.outbox[-1].to == ["kollega@example.org"]
    assert reverse("accounts:invitation_accept", args=[invitation.token]) in mail.outbox[-1].body
    assert "kollega@example.org" in client.get(manage_url(organisation_a)).content.decode()


def test_inviting_the_same_address_twice_says_so(client, representative_a, organisation_a):
    client.force_login(representative_a)
    url = reverse("accounts:invitation_create", args=[organisation_a.pk])
    client.post(url, {"email": "kollega@example.org"})
    response = client.post(url, {"email": "kollega@example.org"})
    assert response.status_code == 200
    assert "kollega@example.org" in response.content.decode()
    assert response.context["invite_form"].errors["email"]
    assert Invitation.objects.count() == 1


def test_inviting_someone_who_already_represents_says_so(client, representative_a, organisation_a):
    client.force_login(representative_a)
    response = client.post(
        reverse("accounts:invitation_create", args=[organisation_a.pk]), {"email": "rep.a@example.org"}
    )
    assert response.status_code == 200
    assert response.context["invite_form"].errors["email"]


def _invitation(organisation, email="kollega@example.org", **fields) -> Invitation:
    return Invitation.objects.create(organisation=organisation, email=email, token=f"tok-{email}", **fields)


def test_invitation_link_of_unknown_token_is_404(client, ordinary_user):
    client.force_login(ordinary_user)
    assert client.get(reverse("accounts:invitation_accept", args=["finns-inte"])).status_code == 404


def test_visitor_with_the_invitation_is_asked_to_log_in_or_sign_up_and_come_back(client, organisation_a):
    invitation = _invitation(organisation_a)
    url = reverse("accounts:invitation_accept", args=[invitation.token])
    html = client.get(url).content.decode()
    assert "Föreningen A" in html
    assert f"{reverse('account_login')}?{urlencode({'next': url})}" in html
    assert f"{reverse('account_signup')}?{urlencode({'next': url})}" in html
    response = client.post(url)
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]
    assert not Representation.objects.filter(organisation=organisation_a).exists()


def test_invited_user_accepts_and_becomes_a_representative(client, ordinary_user, organisation_a):
    invitation = _invitation(organisation_a, email=ordinary_user.email)
    client.force_login(ordinary_user)
    url = reverse("accounts:invitation_accept", args=[invitation.token])
    assert "Föreningen A" in client.get(url).content.decode()
    response = client.post(url)
    assert response["Location"] == manage_url(organisation_a)
    assert Representation.objects.filter(user=ordinary_user, organisation=organisation_a).exists()
    assert client.get(manage_url(organisation_a)).status_code == 200


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("used", "already been used"),
        ("expired", "expired"),
        ("wrong_email", "kollega@example.org"),
    ],
)
def test_invitation_that_cannot_be_accepted_says_why(client, ordinary_user, representative_b, organisation_a, case, words):
    email = "kollega@example.org" if case == "wrong_email" else ordinary_user.email
    invitation = _invitation(organisation_a, email=email)
    if case == "used":
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = representative_b
        invitation.save()
    if case == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(created_at=timezone.now() - datetime.timedelta(days=31))
    client.cookies["django_language"] = "en"
    client.force_login(ordinary_user)
    url = reverse("accounts:invitation_accept", args=[invitation.token])
    html = client.get(url).content.decode()
    assert "alert-danger" in html and words in html
    response = client.post(url)
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not Representation.objects.filter(user=ordinary_user).exists()


# --- Withdrawal ----------------------------------------------------------------------------------


def withdrawal_url(organisation) -> str:
    return reverse("accounts:withdrawal_create", args=[organisation.pk])


def notice(**changes) -> dict:
    data = {
        "effective_on": timezone.localdate().isoformat(),
        "reason": "Föreningen har upphört.",
        "signatory_name": "Rut Representant",
        "signatory_role": "ordförande",
        "confirm": "on",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("ordinary_user", 403),
        ("representative_a", 200),
        ("representative_b", 403),
        ("officer_x", 403),
        ("group_member", 403),
        ("convener", 403),
    ],
)
def test_only_the_organisations_representatives_open_the_withdrawal_form(client, request, connected_a, who, expected):
    _login(client, request, who)
    _assert_status(client.get(withdrawal_url(connected_a)), expected)


def test_an_unconnected_organisation_cannot_withdraw(client, representative_a, organisation_a):
    client.force_login(representative_a)
    assert client.get(withdrawal_url(organisation_a)).status_code == 403


def test_withdrawal_form_suggests_today(client, representative_a, connected_a):
    client.force_login(representative_a)
    html = client.get(withdrawal_url(connected_a)).content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in html


def test_withdrawal_is_filed_the_group_is_told_and_the_organisation_leaves_the_list(
    client, representative_a, connected_a, group_member, convener, django_capture_on_commit_callbacks
):
    client.force_login(representative_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(withdrawal_url(connected_a), notice())
    assert response.status_code == 302
    withdrawal = Withdrawal.objects.get(organisation=connected_a)
    assert withdrawal.filed_by == representative_a
    assert withdrawal.signatory_role == "ordförande"
    recipients = {address for message in mail.outbox for address in message.to}
    assert {"ledamot@example.org", "sammankallande@example.org"} <= recipients
    assert "Föreningen A" in mail.outbox[0].subject
    # Leaves the public list and the open data from the date given (today) …
    assert "Föreningen A" not in client.get(reverse("accounts:organisation_list")).content.decode()
    assert "Föreningen A" not in client.get(reverse("accounts:organisation_list_csv")).content.decode()
    # … but its history stays.
    connected_a.refresh_from_db()
    assert connected_a.connected_since == datetime.date(2025, 3, 14)
    assert connected_a.events.filter(kind=OrganisationEvent.Kind.WITHDRAWN).exists()
    html = client.get(manage_url(connected_a)).content.decode()
    assert "Föreningen har upphört." in html  # the reason, in the history


def test_withdrawal_with_a_future_date_keeps_the_organisation_listed_until_then(client, representative_a, connected_a):
    client.force_login(representative_a)
    later = timezone.localdate() + datetime.timedelta(days=30)
    client.post(withdrawal_url(connected_a), notice(effective_on=later.isoformat()))
    connected_a.refresh_from_db()
    assert connected_a.withdrawn_on == later
    assert "Föreningen A" in client.get(reverse("accounts:organisation_list")).content.decode()


def test_withdrawal_date_in_the_past_is_refused_and_the_text_kept(client, representative_a, connected_a):
    client.force_login(representative_a)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(withdrawal_url(connected_a), notice(effective_on=yesterday.isoformat()))
    assert response.status_code == 200
    assert response.context["form"].errors["effective_on"]
    assert "Föreningen har upphört." in response.content.decode()
    assert not Withdrawal.objects.exists()


def test_withdrawal_needs_the_confirmation(client, representative_a, connected_a):
    client.force_login(representative_a)
    data = notice()
    del data["confirm"]
    response = client.post(withdrawal_url(connected_a), data)
    assert response.status_code == 200
    assert response.context["form"].errors["confirm"]
    assert not Withdrawal.objects.exists()


def test_a_second_notice_is_not_possible(client, representative_a, connected_a):
    client.force_login(representative_a)
    later = timezone.localdate() + datetime.timedelta(days=30)
    client.post(withdrawal_url(connected_a), notice(effective_on=later.isoformat()))
    response = client.post(withdrawal_url(connected_a), notice(effective_on=later.isoformat()))
    assert response.status_code == 200
    assert Withdrawal.objects.count() == 1


# --- The contact person's consent ----------------------------------------------------------------


def consent_url(organisation) -> str:
    return reverse("accounts:contact_consent", args=[organisation.pk])


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("ordinary_user", 403),
        ("representative_a", 403),
        ("representative_b", 403),
        ("officer_x", 403),
        ("group_member", 403),
        ("convener", 403),
        ("contact_user", 200),
    ],
)
def test_only_the_contact_person_decides_about_being_shown(client, request, connected_a, who, expected):
    _login(client, request, who)
    _assert_status(client.get(consent_url(connected_a)), expected)
    response = client.post(consent_url(connected_a), {"consent": "yes"})
    connected_a.refresh_from_db()
    assert (connected_a.contact_publish_consent_at is not None) == (who == "contact_user")
    if who != "contact_user":
        _assert_status(response, expected)


def test_contact_person_agrees_and_the_date_is_recorded_and_shown(client, contact_user, connected_a, representative_a):
    client.force_login(contact_user)
    client.post(consent_url(connected_a), {"consent": "yes"})
    connected_a.refresh_from_db()
    assert timezone.localdate(connected_a.contact_publish_consent_at) == timezone.localdate()
    assert connected_a.events.filter(kind=OrganisationEvent.Kind.CONSENT_GIVEN, by=contact_user).exists()
    today = timezone.localdate()
    assert str(today.day) in client.get(consent_url(connected_a)).content.decode()
    assert "Karin Kontakt" in client.get(connected_a.get_absolute_url()).content.decode()
    client.force_login(representative_a)
    assert "alert" in client.get(manage_url(connected_a)).content.decode()


def test_contact_person_withdraws_consent(client, contact_user, connected_a):
    connected_a.contact_publish_consent_at = timezone.now()
    connected_a.save()
    client.force_login(contact_user)
    client.post(consent_url(connected_a), {"consent": "no"})
    connected_a.refresh_from_db()
    assert connected_a.contact_publish_consent_at is None
    assert "Karin Kontakt" not in client.get(connected_a.get_absolute_url()).content.decode()


def test_contact_person_is_asked_on_their_account_page_until_they_decide(client, contact_user, connected_a):
    client.force_login(contact_user)
    overview = reverse("accounts:overview")
    assert consent_url(connected_a) in client.get(overview).content.decode()
    client.post(consent_url(connected_a), {"consent": "no"})
    assert consent_url(connected_a) not in client.get(overview).content.decode()


def test_others_are_not_asked_about_consent(client, ordinary_user, connected_a):
    client.force_login(ordinary_user)
    assert consent_url(connected_a) not in client.get(reverse("accounts:overview")).content.decode()


# --- Every page of this file --------------------------------------------------------------------


def test_organisation_pages_have_one_h1_labels_and_nothing_the_csp_would_block(
    client, representative_a, connected_a, contact_user
):
    invitation = _invitation(connected_a, email=representative_a.email)
    pages = [
        (representative_a, manage_url(connected_a)),
        (representative_a, withdrawal_url(connected_a)),
        (representative_a, reverse("accounts:invitation_accept", args=[invitation.token])),
        (contact_user, consent_url(connected_a)),
    ]
    for user, url in pages:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert len(re.findall(r"<h1[\s>]", html)) == 1, url
        assert not re.search(r"\sstyle=\"", html), url
        assert not re.search(r"\son[a-z]+=", html, re.IGNORECASE), url
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        for field_id in re.findall(r'<(?:input|select|textarea)[^>]*\bid="(id_[^"]+)"', html):
            if 'type="hidden"' in html.split(f'id="{field_id}"')[0].rsplit("<", 1)[-1]:
                continue
            assert f'for="{field_id}"' in html, f"{field_id} has no label on {url}"


def test_invited_colleague_without_an_account_signs_up_and_comes_back_to_the_invitation(
    client, representative_a, organisation_a, django_capture_on_commit_callbacks
):
    client.force_login(representative_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:invitation_create", args=[organisation_a.pk]), {"email": "ny.kollega@example.org"})
    accept_path = re.search(r"https?://[^/\s]+(/inbjudan/\S+)", mail.outbox[-1].body).group(1)
    client.logout()

    signup_url = client.get(accept_path).context["signup_url"]
    password = "ett-nytt-hemligt-losenord-17"
    client.post(signup_url, {"email": "ny.kollega@example.org", "password1": password, "password2": password})
    confirm_path = re.search(r"https?://[^/\s]+(/konto/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    response = client.post(confirm_path)
    assert response["Location"] == accept_path

    response = client.post(accept_path)
    assert response["Location"] == manage_url(organisation_a)
    assert Representation.objects.filter(organisation=organisation_a, user__email="ny.kollega@example.org").exists()
