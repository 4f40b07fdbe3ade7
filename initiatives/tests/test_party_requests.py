"""Naming another organisation as a party to an initiative only asks it: the public page and the
catalogue show it as a party once its representative or officer (or the convener, while it has
nobody in the portal) accepted; a declined question disappears, and the parties see the answer."""

import re

import pytest
from django.urls import reverse

from accounts.models import Organisation, OrganisationKind
from initiatives import services
from initiatives.models import Initiative, InitiativeParty, PartyRequest
from overenskommelse.models import PriorityArea
from overenskommelse.tests.cast import assert_status, login

pytestmark = [pytest.mark.django_db]

MINE_URL = reverse("initiatives:initiative_mine")
CATALOGUE_URL = reverse("initiatives:initiative_list")


def _propose(by, organisation, *, others, is_public=True) -> Initiative:
    return services.initiative_propose(
        by=by,
        organisation=organisation,
        title="Schack för nyanlända unga",
        need="En mötesplats.",
        goal="Schackkvällar.",
        priority_areas=PriorityArea.objects.filter(slug="inkludering"),
        horizon="short",
        looking_for_partners=False,
        is_public=is_public,
        other_parties=others,
    )


def _answer_url(party_request: PartyRequest) -> str:
    return reverse(
        "initiatives:party_request_answer",
        args=[party_request.initiative_id, party_request.pk],
    )


def _public_parties(client, initiative) -> str:
    """The parties section of the initiative's page, as a visitor sees it."""
    client.logout()
    html = client.get(initiative.get_absolute_url()).content.decode()
    start = html.index('id="parties"')
    return html[start : html.index("</section>", start)]


def test_an_organisation_named_by_another_is_not_shown_as_a_party_until_it_accepts(
    client, connected_a, representative_a, connected_b, representative_b
):
    initiative = _propose(representative_a, connected_a, others=[connected_b])
    assert connected_b.name not in _public_parties(client, initiative)
    catalogue = client.get(CATALOGUE_URL).content.decode()
    assert connected_a.name in catalogue and connected_b.name not in catalogue
    found = client.get(
        CATALOGUE_URL, {"organisation": connected_b.name}
    ).content.decode()
    assert initiative.title not in found

    # The asked organisation's representative finds the question on their initiatives page.
    client.force_login(representative_b)
    asked = initiative.party_requests.get()
    mine = client.get(MINE_URL).content.decode()
    assert "Tillfrågade om att vara part" in mine and _answer_url(asked) in mine
    response = client.post(_answer_url(asked), {"answer": "accept"})
    assert response.status_code == 302

    assert connected_b.name in _public_parties(client, initiative)
    found = client.get(
        CATALOGUE_URL, {"organisation": connected_b.name}
    ).content.decode()
    assert initiative.title in found
    # Now a party, it edits the initiative like the others.
    assert representative_b.has_perm(
        "initiatives.change_initiative", Initiative.objects.get(pk=initiative.pk)
    )


def test_the_parties_see_who_was_asked_and_a_declined_organisation_disappears(
    client, connected_a, representative_a, connected_b, representative_b
):
    initiative = _propose(representative_a, connected_a, others=[connected_b])
    client.force_login(representative_a)
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert "Tillfrågade om att vara med" in html and "inget svar ännu" in html

    client.force_login(representative_b)
    client.post(_answer_url(initiative.party_requests.get()), {"answer": "decline"})
    assert not InitiativeParty.objects.filter(
        initiative=initiative, organisation=connected_b
    ).exists()
    assert "Tillfrågade om att vara part" not in client.get(MINE_URL).content.decode()

    assert connected_b.name not in _public_parties(client, initiative)
    client.force_login(representative_a)
    html = client.get(initiative.get_absolute_url()).content.decode()
    asked_part = html[
        html.index('id="party-requests"') : html.index(
            "</section>", html.index('id="party-requests"')
        )
    ]
    assert re.search(rf"{connected_b.name}</span> –\s*tackade nej", asked_part)


def test_an_organisation_the_proposer_represents_too_is_a_party_at_once(
    client, connected_a, representative_a, connected_b
):
    connected_b.representations.create(user=representative_a)
    initiative = _propose(representative_a, connected_a, others=[connected_b])
    assert not initiative.party_requests.exists()
    assert connected_b.name in _public_parties(client, initiative)


def test_an_asked_organisation_reads_a_non_public_initiative_before_it_answers(
    client, connected_a, representative_a, connected_b, representative_b
):
    initiative = _propose(
        representative_a, connected_a, others=[connected_b], is_public=False
    )
    client.force_login(representative_b)
    response = client.get(initiative.get_absolute_url())
    assert response.status_code == 200
    assert _answer_url(initiative.party_requests.get()) in response.content.decode()
    # After declining it no longer sees it, and lands on its own initiatives page.
    response = client.post(
        _answer_url(initiative.party_requests.get()), {"answer": "decline"}
    )
    assert response["Location"] == MINE_URL
    assert client.get(initiative.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("ordinary_user", 403),
        (
            "representative_a",
            403,
        ),  # the party that asked cannot answer for the other side
        ("representative_b", "redirect"),
        ("officer_x", 403),
        ("group_member", 403),
        ("convener", 403),  # the organisation has a representative: they answer
    ],
)
def test_only_the_asked_organisations_people_answer(
    client,
    request,
    connected_a,
    representative_a,
    connected_b,
    representative_b,
    officer_x,
    who,
    expected,
):
    initiative = _propose(representative_a, connected_a, others=[connected_b])
    asked = initiative.party_requests.get()
    login(client, request, who)
    assert_status(client.post(_answer_url(asked), {"answer": "accept"}), expected)
    is_party = InitiativeParty.objects.filter(
        initiative=initiative, organisation=connected_b
    ).exists()
    assert is_party == (expected == "redirect")


def test_on_a_non_public_initiative_an_outsider_gets_404(
    client, connected_a, representative_a, connected_b, representative_b, ordinary_user
):
    initiative = _propose(
        representative_a, connected_a, others=[connected_b], is_public=False
    )
    client.force_login(ordinary_user)
    assert (
        client.post(
            _answer_url(initiative.party_requests.get()), {"answer": "accept"}
        ).status_code
        == 404
    )


def test_an_officer_answers_for_a_forvaltning_and_the_convener_for_an_organisation_with_nobody(
    client, connected_a, representative_a, administration_x, officer_x, convener
):
    nobody = Organisation.objects.create(
        name="Föreningen Utan Konto",
        kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
        connected_since=connected_a.connected_since,
    )
    initiative = _propose(
        representative_a, connected_a, others=[administration_x, nobody]
    )
    to_forvaltning, to_nobody = initiative.party_requests.order_by("organisation__name")
    assert to_forvaltning.organisation == nobody or to_nobody.organisation == nobody
    if to_forvaltning.organisation == nobody:
        to_forvaltning, to_nobody = to_nobody, to_forvaltning
    client.force_login(convener)
    assert (
        client.post(_answer_url(to_forvaltning), {"answer": "accept"}).status_code
        == 403
    )
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert _answer_url(to_nobody) in html and _answer_url(to_forvaltning) not in html
    assert client.post(_answer_url(to_nobody), {"answer": "accept"}).status_code == 302
    client.force_login(officer_x)
    assert (
        client.post(_answer_url(to_forvaltning), {"answer": "accept"}).status_code
        == 302
    )
    assert set(initiative.parties.values_list("organisation", flat=True)) == {
        connected_a.pk,
        administration_x.pk,
        nobody.pk,
    }


def test_an_answered_question_cannot_be_answered_again(
    client, connected_a, representative_a, connected_b, representative_b
):
    initiative = _propose(representative_a, connected_a, others=[connected_b])
    asked = initiative.party_requests.get()
    client.force_login(representative_b)
    client.post(_answer_url(asked), {"answer": "decline"})
    assert client.post(_answer_url(asked), {"answer": "accept"}).status_code == 404
    assert not InitiativeParty.objects.filter(
        initiative=initiative, organisation=connected_b
    ).exists()


def test_saving_the_edit_keeps_the_question_and_leaving_it_out_takes_it_back(
    connected_a, representative_a, connected_b
):
    initiative = _propose(representative_a, connected_a, others=[connected_b])
    services.initiative_update(
        initiative=initiative,
        by=representative_a,
        fields=[],
        parties=[connected_a, connected_b],
    )
    assert initiative.party_requests.filter(status="pending").count() == 1
    services.initiative_update(
        initiative=initiative, by=representative_a, fields=[], parties=[connected_a]
    )
    assert not initiative.party_requests.exists()


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm what a process keeps
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_pages_with_the_questions_make_as_many_queries_for_ten_as_for_one(
    client, connected_a, representative_a, connected_b, representative_b
):
    initiative = _propose(representative_a, connected_a, others=[connected_b])
    client.force_login(representative_a)
    detail_one = _queries(client, initiative.get_absolute_url())
    client.force_login(representative_b)
    mine_one = _queries(client, MINE_URL)
    for number in range(9):
        other = Organisation.objects.create(
            name=f"Förening {number}",
            kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
            connected_since=connected_a.connected_since,
        )
        PartyRequest.objects.create(
            initiative=initiative, organisation=other, asked_by=representative_a
        )
        more = _propose(representative_a, connected_a, others=[connected_b])
        assert more.party_requests.count() == 1
    assert _queries(client, MINE_URL) == mine_one
    client.force_login(representative_a)
    assert _queries(client, initiative.get_absolute_url()) == detail_one


def test_the_asked_organisations_people_are_told_by_email(
    connected_a,
    representative_a,
    connected_b,
    representative_b,
    django_capture_on_commit_callbacks,
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        initiative = _propose(representative_a, connected_a, others=[connected_b])
    assert [m.to for m in mail.outbox] == [[representative_b.email]]
    message = mail.outbox[0]
    assert message.subject.endswith(
        "Föreningen B tillfrågas om att vara part i ”Schack för nyanlända unga”"
    )
    assert f"{initiative.get_absolute_url()}#party-requests" in message.body
