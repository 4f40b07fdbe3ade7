"""Invitations (journey 3): the list built from the register (every idea-driven organisation,
every nämnd's chair and vice chair, the group; duplicates removed; rebuilding keeps the convener's
changes), sending in batches in the background (idempotent, progress recorded, failures recorded and
retried), the progress page, and the personal link that opens the registration form filled in."""

from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Organisation, OrganisationKind
from accounts.roles import CONVENER_GROUP, role_group
from conferences.models import Invitation, InvitationSending, Registration
from conferences.services import (
    invitation_add,
    invitation_list_build,
    invitation_sending_run,
    invitation_sending_start,
    invitation_set_excluded,
)
from conferences.services import registration as sending_service
from conferences.tests.factories import register
from overenskommelse.tests.cast import assert_status, login

pytestmark = pytest.mark.django_db


def _url(name, conference, **extra):
    return reverse(f"conferences:{name}", kwargs={"pk": conference.pk, **extra})


def _open(invitation):
    return reverse("conferences:invitation_open", kwargs={"token": invitation.token})


@pytest.fixture
def register_rows(db):
    """The register: associations (connected or not, with and without addresses), nämnder with
    chairs, a förvaltning and a university (not invited as organisations)."""
    Organisation.objects.create(
        name="Schackklubben", kind=OrganisationKind.NON_PROFIT_ASSOCIATION, email="info@schack.example",
        connected_since="2020-01-01",
    )
    Organisation.objects.create(
        name="Bygdeföreningen", kind=OrganisationKind.NON_PROFIT_ASSOCIATION, contact_email="kontakt@bygd.example",
    )
    Organisation.objects.create(name="Utan adress", kind=OrganisationKind.NON_PROFIT_ASSOCIATION)
    Organisation.objects.create(
        name="Stiftelsen", kind=OrganisationKind.FOUNDATION, email="Stiftelsen@Example.org",
        contact_email="person@stiftelsen.example",
    )
    Organisation.objects.create(
        name="Socialnämnden", kind=OrganisationKind.COMMITTEE, email="socialnamnden@kommun.example",
        chair_name="Anders Nyqvist", chair_email="ordf@kommun.example",
        vice_chair_name="Leila Karimi", vice_chair_email="vice@kommun.example",
    )
    # The same person chairs two nämnder: invited once.
    Organisation.objects.create(
        name="Kulturnämnden", kind=OrganisationKind.COMMITTEE,
        chair_name="Anders Nyqvist", chair_email="ORDF@kommun.example",
    )
    Organisation.objects.create(
        name="Socialförvaltningen", kind=OrganisationKind.ADMINISTRATION, email="sof@kommun.example"
    )
    Organisation.objects.create(name="Universitetet", kind=OrganisationKind.UNIVERSITY, email="uni@example.org")


def _emails(conference) -> set[str]:
    return set(conference.invitations.values_list("email", flat=True))


# --- The list from the register ------------------------------------------------------------------------


def test_the_list_is_built_from_the_register(conference, register_rows, convener, group_member):
    added = invitation_list_build(conference=conference, by=convener)
    assert _emails(conference) == {
        "info@schack.example",
        "kontakt@bygd.example",
        "stiftelsen@example.org",
        "ordf@kommun.example",
        "vice@kommun.example",
        convener.email,
        group_member.email,
    }
    assert added == 7
    chair = conference.invitations.get(email="vice@kommun.example")
    assert chair.source == Invitation.Source.CHAIR and chair.name == "Leila Karimi"
    assert chair.organisation.name == "Socialnämnden"
    association = conference.invitations.get(email="kontakt@bygd.example")
    assert association.source == Invitation.Source.ORGANISATION
    assert association.organisation.name == "Bygdeföreningen"


def test_an_address_found_twice_is_invited_once(conference, register_rows, convener):
    Organisation.objects.create(
        name="Ordförandes förening", kind=OrganisationKind.NON_PROFIT_ASSOCIATION, email="ordf@kommun.example"
    )
    invitation_list_build(conference=conference, by=convener)
    assert conference.invitations.filter(email="ordf@kommun.example").count() == 1


def test_rebuilding_adds_new_addresses_and_keeps_the_conveners_changes(conference, register_rows, convener):
    invitation_list_build(conference=conference, by=convener)
    invitation_set_excluded(
        invitation=conference.invitations.get(email="info@schack.example"), by=convener, excluded=True
    )
    invitation_add(conference=conference, by=convener, email="gast@example.org", name="En gäst")
    Organisation.objects.create(name="Nya föreningen", kind=OrganisationKind.COOPERATIVE, email="ny@example.org")
    before = _emails(conference)
    assert invitation_list_build(conference=conference, by=convener) == 1
    assert invitation_list_build(conference=conference, by=convener) == 0
    assert _emails(conference) == before | {"ny@example.org"}
    assert conference.invitations.get(email="info@schack.example").excluded
    assert conference.invitations.get(email="gast@example.org").source == Invitation.Source.MANUAL


def test_an_address_added_by_hand_is_linked_to_its_organisation(conference, register_rows, convener):
    invitation = invitation_add(conference=conference, by=convener, email="Person@Stiftelsen.example")
    assert invitation.email == "person@stiftelsen.example"
    assert invitation.organisation.name == "Stiftelsen"


# --- The convener's page --------------------------------------------------------------------------------


INVITER_MATRIX = [
    ("anonymous", "login"),
    ("ordinary_user", 403),
    ("representative_a", 403),
    ("representative_b", 403),
    ("officer_x", 403),
    ("group_member", 403),
    ("convener", 200),
]


@pytest.mark.parametrize(("who", "expected"), INVITER_MATRIX)
@pytest.mark.parametrize("name", ["invitation_list", "invitation_send"])
def test_only_the_convener_handles_the_invitations(client, request, conference, who, expected, name):
    login(client, request, who)
    assert_status(client.get(_url(name, conference)), expected)


@pytest.mark.parametrize(("who", "expected"), INVITER_MATRIX)
def test_only_the_convener_follows_a_sending(client, request, conference, convener, who, expected):
    sending = InvitationSending.objects.create(conference=conference, total=3, started_by=convener)
    login(client, request, who)
    assert_status(client.get(_url("invitation_sending_progress", conference, sending_pk=sending.pk)), expected)


@pytest.mark.parametrize("who", ["ordinary_user", "group_member", "representative_a"])
def test_nobody_else_changes_the_list(client, request, conference, who):
    login(client, request, who)
    assert client.post(_url("invitation_list", conference), {"action": "build"}).status_code == 403
    assert client.post(_url("invitation_send", conference)).status_code == 403
    assert not conference.invitations.exists() and not conference.sendings.exists()


def test_the_convener_builds_adds_removes_and_restores_on_the_page(client, convener, conference, register_rows):
    client.force_login(convener)
    assert client.post(_url("invitation_list", conference), {"action": "build"}).status_code == 302
    assert conference.invitations.count() == 6
    client.post(_url("invitation_list", conference), {"action": "add", "email": "gast@example.org", "name": ""})
    invitation = conference.invitations.get(email="gast@example.org")
    client.post(_url("invitation_list", conference), {"action": "remove", "invitation": invitation.pk})
    invitation.refresh_from_db()
    assert invitation.excluded
    client.post(_url("invitation_list", conference), {"action": "restore", "invitation": invitation.pk})
    invitation.refresh_from_db()
    assert not invitation.excluded


def test_adding_an_address_already_on_the_list_says_so(client, convener, english, conference):
    invitation_add(conference=conference, by=convener, email="gast@example.org")
    client.force_login(convener)
    response = client.post(_url("invitation_list", conference), {"action": "add", "email": "gast@example.org"})
    assert response.status_code == 200
    assert "This address is already on the invitation list." in response.content.decode()


def test_the_invitation_list_has_constant_queries(client, convener, conference, django_assert_max_num_queries):
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Förening {i}", kind=OrganisationKind.NON_PROFIT_ASSOCIATION, email=f"f{i}@example.org")
        for i in range(60)
    )
    assert organisations
    invitation_list_build(conference=conference, by=convener)
    client.force_login(convener)
    with django_assert_max_num_queries(14):
        response = client.get(_url("invitation_list", conference))
    assert len(response.context["invitations"]) == 25


# --- Sending in the background ---------------------------------------------------------------------------


def _list_of(conference, count: int) -> None:
    Invitation.objects.bulk_create(
        Invitation(conference=conference, email=f"p{i:02}@example.org", source=Invitation.Source.MANUAL)
        for i in range(count)
    )


def test_sending_sends_each_invitation_with_its_personal_link(
    client, convener, conference, django_capture_on_commit_callbacks
):
    _list_of(conference, 3)
    client.force_login(convener)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("invitation_send", conference))
    sending = InvitationSending.objects.get()
    assert response["Location"] == _url("invitation_sending_progress", conference, sending_pk=sending.pk)
    assert (sending.status, sending.total, sending.sent) == ("done", 3, 3)
    assert sorted(m.to[0] for m in mail.outbox) == ["p00@example.org", "p01@example.org", "p02@example.org"]
    for invitation in conference.invitations.all():
        [message] = [m for m in mail.outbox if m.to == [invitation.email]]
        assert _open(invitation) in message.body
        assert invitation.sent_at is not None


def test_sending_goes_in_batches_and_records_progress_as_it_goes(conference, convener):
    _list_of(conference, 5)
    sending = InvitationSending.objects.create(conference=conference, total=5, started_by=convener)
    seen = []
    real = sending_service.send_invitation_email

    def spy(invitation, *, connection=None):
        seen.append(InvitationSending.objects.get(pk=sending.pk).sent)
        return real(invitation, connection=connection)

    with mock.patch.object(sending_service, "send_invitation_email", spy):
        result = invitation_sending_run(sending_id=sending.pk, batch_size=2)
    assert seen == [0, 0, 2, 2, 4]
    assert (result.status, result.sent) == ("done", 5)


def test_running_a_sending_again_sends_nobody_twice(conference, convener):
    _list_of(conference, 4)
    sending = InvitationSending.objects.create(conference=conference, total=4, started_by=convener)
    invitation_sending_run(sending_id=sending.pk, batch_size=3)
    # A redelivered task, and a second sending started by mistake.
    invitation_sending_run(sending_id=sending.pk, batch_size=3)
    second = InvitationSending.objects.create(conference=conference, total=4, started_by=convener)
    invitation_sending_run(sending_id=second.pk)
    assert len(mail.outbox) == 4
    second.refresh_from_db()
    assert second.sent == 0


def test_a_failure_is_recorded_and_a_new_sending_sends_the_rest_once(
    client, english, conference, convener, django_capture_on_commit_callbacks
):
    _list_of(conference, 5)
    real = sending_service.send_invitation_email
    calls = []

    def failing(invitation, *, connection=None):
        calls.append(invitation.email)
        if len(calls) == 3:
            raise OSError("The mail server went away")
        return real(invitation, connection=connection)

    with mock.patch.object(sending_service, "send_invitation_email", failing), django_capture_on_commit_callbacks(execute=True):
        first = invitation_sending_start(conference=conference, by=convener)
    first.refresh_from_db()
    assert first.status == "failed"
    assert "The mail server went away" in first.error
    assert first.sent == 2
    assert conference.invitations.filter(sent_at__isnull=False).count() == 2
    client.force_login(convener)
    page = client.get(_url("invitation_sending_progress", conference, sending_pk=first.pk)).content.decode()
    assert "Send the rest again" in page
    with django_capture_on_commit_callbacks(execute=True):
        second = invitation_sending_start(conference=conference, by=convener)
    second.refresh_from_db()
    assert (second.status, second.total, second.sent) == ("done", 3, 3)
    addresses = [m.to[0] for m in mail.outbox]
    assert sorted(addresses) == sorted(set(addresses)) and len(addresses) == 5


def test_removed_addresses_are_not_sent(conference, convener, django_capture_on_commit_callbacks):
    _list_of(conference, 2)
    conference.invitations.filter(email="p00@example.org").update(excluded=True)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_sending_start(conference=conference, by=convener)
    assert [m.to for m in mail.outbox] == [["p01@example.org"]]


def test_a_draft_cannot_be_sent(client, convener, english, draft_conference):
    _list_of(draft_conference, 2)
    client.force_login(convener)
    response = client.post(_url("invitation_send", draft_conference), follow=True)
    assert "Publish the conference before you send the invitations." in response.content.decode()
    assert not draft_conference.sendings.exists()


def test_the_progress_page_polls_with_htmx_while_sending_and_works_without_it(client, convener, english, conference):
    sending = InvitationSending.objects.create(conference=conference, total=10, sent=4, status="running", started_by=convener)
    client.force_login(convener)
    url = _url("invitation_sending_progress", conference, sending_pk=sending.pk)
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "htmx.min.js" in page
    assert f'href="{url}"' in page, "a reload link without JavaScript"
    assert '<progress id="sending-bar"' in page and 'value="4"' in page
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and 'id="sending-progress"' in fragment
    sending.status, sending.sent = "done", 10
    sending.save()
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in fragment, "polling stops when the sending is done"


# --- The personal link ---------------------------------------------------------------------------------


@pytest.fixture
def invitation(conference, organisation_a):
    organisation_a.email = "info@foreningen-a.example"
    organisation_a.save()
    return Invitation.objects.create(
        conference=conference,
        email="info@foreningen-a.example",
        name=organisation_a.name,
        organisation=organisation_a,
        source=Invitation.Source.ORGANISATION,
    )


def test_the_invitation_link_opens_the_form_filled_in_for_the_organisation(client, invitation):
    response = client.get(_open(invitation))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["email"].value() == "info@foreningen-a.example"
    assert form["organisation_name"].value() == "Föreningen A"
    assert not form["name"].value()


def test_a_registration_through_the_invitation_is_linked_to_it(client, invitation, organisation_a):
    response = client.post(
        _open(invitation),
        {"name": "Rut Ek", "email": "rut@example.org", "organisation_name": "Föreningen A", "website": ""},
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.invitation == invitation
    assert registration.organisation == organisation_a


def test_a_chairs_invitation_fills_in_the_name(client, conference):
    chair = Invitation.objects.create(
        conference=conference, email="ordf@kommun.example", name="Anders Nyqvist", source=Invitation.Source.CHAIR
    )
    assert client.get(_open(chair)).context["form"]["name"].value() == "Anders Nyqvist"


def test_the_invitation_link_tells_when_the_address_is_already_registered(client, english, invitation):
    register(invitation.conference, invitation.email)
    assert "This address is already registered" in client.get(_open(invitation)).content.decode()


def test_an_unknown_or_removed_invitation_link_is_not_found(client, invitation):
    assert client.get(reverse("conferences:invitation_open", kwargs={"token": "gissat"})).status_code == 404
    invitation.excluded = True
    invitation.save()
    assert client.get(_open(invitation)).status_code == 404


def test_the_invitation_link_expires_after_the_conference(client, held_conference):
    invitation = Invitation.objects.create(
        conference=held_conference, email="a@example.org", source=Invitation.Source.MANUAL
    )
    assert client.get(_open(invitation)).status_code == 410
    assert client.post(_open(invitation), {"name": "A", "email": "a@example.org"}).status_code == 410
    assert not Registration.objects.exists()


def test_invitation_tokens_cannot_be_guessed(conference):
    _list_of(conference, 3)
    tokens = list(conference.invitations.values_list("token", flat=True))
    assert len(set(tokens)) == 3 and all(len(token) >= 40 for token in tokens)


def test_the_convener_group_is_invited(conference, convener):
    role_group(CONVENER_GROUP)
    invitation_list_build(conference=conference, by=convener)
    assert conference.invitations.get(email=convener.email).source == Invitation.Source.GROUP
