"""Matching: initiatives looking for partners, expressing interest, the parties' answer (an accepted
organisation becomes a party), the convener's suggestions and introductions, and their emails."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Organisation, OrganisationKind
from initiatives import selectors
from initiatives.models import Interest
from initiatives.tests.factories import make_initiative
from overenskommelse.models import PriorityArea

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def looking(connected_a):
    return make_initiative(
        parties=[connected_a], looking_for_partners=True, partners_wanted="En förvaltning med lokal."
    )


def _express(client, initiative, organisation, message="Vi har en lokal på kvällarna."):
    return client.post(
        reverse("initiatives:interest_create", kwargs={"pk": initiative.pk}),
        {"interest-organisation": organisation.pk, "interest-message": message},
    )


def _answer(client, interest, decision, answer=""):
    return client.post(
        reverse(
            "initiatives:interest_answer",
            kwargs={"pk": interest.initiative_id, "interest_pk": interest.pk},
        ),
        {f"answer-{interest.pk}-decision": decision, f"answer-{interest.pk}-answer": answer},
    )


def test_the_matching_page_lists_active_initiatives_looking_for_partners_with_what_they_look_for(
    client, looking, connected_a
):
    make_initiative(parties=[connected_a], title="Söker inte")
    make_initiative(
        parties=[connected_a], title="Pausat", looking_for_partners=True, partners_wanted="x", state="paused"
    )
    make_initiative(parties=[connected_a], title="Dolt", looking_for_partners=True, partners_wanted="x", is_public=False)
    html = client.get(reverse("initiatives:initiative_matching")).content.decode()
    assert looking.title in html and "En förvaltning med lokal." in html
    for title in ("Söker inte", "Pausat", "Dolt"):
        assert title not in html


def test_an_officer_expresses_interest_and_the_parties_are_told_by_email(
    client, looking, officer_x, administration_x, representative_a, django_capture_on_commit_callbacks
):
    client.force_login(officer_x)
    html = client.get(looking.get_absolute_url()).content.decode()
    assert 'id="express-interest"' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = _express(client, looking, administration_x)
    assert response.status_code == 302
    interest = Interest.objects.get()
    assert (interest.organisation, interest.created_by, interest.status) == (administration_x, officer_x, "pending")
    assert [m.to for m in mail.outbox] == [[representative_a.email]]
    assert administration_x.name in mail.outbox[0].subject
    assert "Vi har en lokal på kvällarna." in mail.outbox[0].body
    # The page now says the answer is pending instead of offering the form again.
    html = client.get(looking.get_absolute_url()).content.decode()
    assert "Din organisation har anmält intresse. Parterna har inte svarat än." in html


def test_an_unconnected_association_is_told_to_apply_to_join_before_taking_part(
    client, looking, representative_b, organisation_b
):
    client.force_login(representative_b)
    html = client.get(looking.get_absolute_url()).content.decode()
    assert f'{reverse("accounts:accession_start")}?organisation={organisation_b.pk}' in html
    response = _express(client, looking, organisation_b)
    assert response.status_code == 200
    assert not Interest.objects.exists()


def test_an_empty_message_is_refused_and_the_choice_kept(client, looking, officer_x, administration_x):
    client.force_login(officer_x)
    response = _express(client, looking, administration_x, message="")
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.content.decode()
    assert not Interest.objects.exists()


def test_the_parties_accept_an_interest_and_the_organisation_becomes_a_party(
    client, looking, officer_x, administration_x, representative_a, django_capture_on_commit_callbacks
):
    interest = Interest.objects.create(
        initiative=looking, organisation=administration_x, created_by=officer_x, message="Vi vill."
    )
    client.force_login(representative_a)
    html = client.get(looking.get_absolute_url()).content.decode()
    assert f'name="answer-{interest.pk}-decision" value="accept"' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = _answer(client, interest, "accept", "Välkomna!")
    assert response.status_code == 302
    interest.refresh_from_db()
    assert (interest.status, interest.answered_by, interest.answer) == ("accepted", representative_a, "Välkomna!")
    assert looking.parties.filter(organisation=administration_x).exists()
    assert [m.to for m in mail.outbox] == [[officer_x.email]]
    assert "Välkomna!" in mail.outbox[0].body
    # The officer now represents a party: they may move the initiative on.
    assert officer_x.has_perm("initiatives.advance_initiative", looking)


def test_the_parties_decline_an_interest(client, looking, officer_x, administration_x, representative_a):
    interest = Interest.objects.create(initiative=looking, organisation=administration_x, message="Vi vill.")
    client.force_login(representative_a)
    _answer(client, interest, "decline")
    interest.refresh_from_db()
    assert interest.status == "declined"
    assert not looking.parties.filter(organisation=administration_x).exists()


def test_an_interest_is_answered_only_once(client, looking, administration_x, representative_a):
    interest = Interest.objects.create(initiative=looking, organisation=administration_x, message="Vi vill.")
    client.force_login(representative_a)
    _answer(client, interest, "decline")
    response = _answer(client, interest, "accept")
    assert response.status_code == 302
    interest.refresh_from_db()
    assert interest.status == "declined"
    assert not looking.parties.filter(organisation=administration_x).exists()


def test_the_own_page_lists_the_interests_to_answer(client, looking, administration_x, representative_a):
    Interest.objects.create(initiative=looking, organisation=administration_x, message="Vi vill.")
    client.force_login(representative_a)
    html = client.get(reverse("initiatives:initiative_mine")).content.decode()
    assert f"{looking.get_absolute_url()}#interests" in html
    assert administration_x.name in html


# --- The convener's matching ----------------------------------------------------------------------


def test_the_convener_is_suggested_connected_organisations_of_the_same_areas_who_are_not_parties(
    client, looking, connected_a, connected_b, convener, agreement
):
    health = PriorityArea.objects.get(slug="halsa")
    inclusion = PriorityArea.objects.get(slug="inkludering")
    connected_b.priority_areas.add(inclusion)
    other_area = Organisation.objects.create(
        name="Föreningen Hälsa", kind=OrganisationKind.NON_PROFIT_ASSOCIATION, connected_since=connected_b.connected_since
    )
    other_area.priority_areas.add(health)
    unconnected = Organisation.objects.create(name="Föreningen Ej Ansluten", kind=OrganisationKind.NON_PROFIT_ASSOCIATION)
    unconnected.priority_areas.add(inclusion)
    assert selectors.introduction_suggestions(looking) == [connected_b]
    client.force_login(convener)
    html = client.get(looking.get_absolute_url()).content.decode()
    assert f'name="introduce-organisation" value="{connected_b.pk}"' in html


def test_the_suggestions_take_the_same_number_of_queries_however_many_organisations(
    looking, agreement, django_assert_max_num_queries
):
    inclusion = PriorityArea.objects.get(slug="inkludering")
    for number in range(30):
        organisation = Organisation.objects.create(
            name=f"Förening {number}", kind=OrganisationKind.NON_PROFIT_ASSOCIATION, connected_since="2025-01-01"
        )
        organisation.priority_areas.add(inclusion)
    with django_assert_max_num_queries(2):
        suggestions = selectors.introduction_suggestions(looking)
        names = [[area.name for area in o.priority_areas.all()] for o in suggestions]
    assert len(names) == 8


def test_the_convener_puts_an_organisation_in_touch_and_both_sides_get_an_email(
    client, looking, connected_b, representative_a, representative_b, convener, django_capture_on_commit_callbacks
):
    client.force_login(convener)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("initiatives:introduction_create", kwargs={"pk": looking.pk}),
            {"introduce-organisation": connected_b.pk, "introduce-note": "Ni borde prata."},
        )
    assert response.status_code == 302
    assert looking.introductions.get().organisation == connected_b
    assert sorted(m.to[0] for m in mail.outbox) == sorted([representative_a.email, representative_b.email])
    assert "Ni borde prata." in mail.outbox[0].body


def test_a_party_cannot_be_put_in_touch_again(client, looking, connected_a, convener):
    client.force_login(convener)
    response = client.post(
        reverse("initiatives:introduction_create", kwargs={"pk": looking.pk}),
        {"introduce-organisation": connected_a.pk},
    )
    assert response.status_code == 200
    assert not looking.introductions.exists()


def test_an_organisation_put_in_touch_may_read_a_non_public_initiative(
    client, connected_a, connected_b, representative_b, convener
):
    initiative = make_initiative(parties=[connected_a], is_public=False)
    client.force_login(representative_b)
    assert client.get(initiative.get_absolute_url()).status_code == 404
    initiative.introductions.create(organisation=connected_b, by=convener)
    assert client.get(initiative.get_absolute_url()).status_code == 200
