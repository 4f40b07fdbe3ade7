"""Who may open and use each page of the initiatives, role by role (anonymous → log in; no right →
403; an initiative they may not know exists → 404)."""

import pytest
from django.urls import reverse

from initiatives.models import Interest
from initiatives.tests.factories import make_initiative
from overenskommelse.process import Step
from overenskommelse.tests.cast import CAST, assert_status, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_initiative(connected_a, administration_y):
    """Public, looking for partners; parties: Föreningen A (representative_a) and Socialförvaltningen
    (officer_y, not in the cast): representative_b and officer_x are not parties."""
    return make_initiative(
        parties=[connected_a, administration_y],
        looking_for_partners=True,
        partners_wanted="En förvaltning.",
        complete=True,
    )


@pytest.fixture
def private_initiative(connected_a, administration_y):
    return make_initiative(parties=[connected_a, administration_y], is_public=False, title="Hemligt")


def _url(name, initiative, **extra):
    return reverse(f"initiatives:{name}", kwargs={"pk": initiative.pk, **extra})


# --- Public pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("name", ["initiative_list", "initiative_matching"])
def test_everyone_opens_the_catalogue_and_the_initiatives_looking_for_partners(
    client, request, agreement, who, name
):
    login(client, request, who)
    assert_status(client.get(reverse(f"initiatives:{name}")), 200)


@pytest.mark.parametrize("who", CAST)
def test_everyone_opens_a_public_initiative(client, request, public_initiative, who):
    login(client, request, who)
    assert_status(client.get(_url("initiative_detail", public_initiative)), 200)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("ordinary_user", 404),
        ("representative_a", 200),
        ("representative_b", 404),
        ("officer_x", 404),
        ("group_member", 200),
        ("convener", 200),
    ],
)
def test_a_non_public_initiative_is_seen_by_its_parties_the_group_and_the_convener(
    client, request, private_initiative, who, expected
):
    login(client, request, who)
    assert_status(client.get(_url("initiative_detail", private_initiative)), expected)


def test_an_unknown_initiative_is_not_found(client, agreement):
    assert client.get(reverse("initiatives:initiative_detail", kwargs={"pk": 999})).status_code == 404


# --- The user's own pages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
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
def test_the_own_initiatives_page_needs_a_login(client, request, agreement, who, expected):
    login(client, request, who)
    assert_status(client.get(reverse("initiatives:initiative_mine")), expected)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("ordinary_user", 403),
        ("representative_a", 200),
        ("representative_b", 200),  # told to apply to join first
        ("officer_x", 200),
        ("group_member", 403),
        ("convener", 403),
    ],
)
def test_representatives_and_officers_open_the_proposal_form(client, request, connected_a, who, expected):
    login(client, request, who)
    assert_status(client.get(reverse("initiatives:initiative_create")), expected)


# --- Editing and moving -------------------------------------------------------------------------------


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
def test_only_the_parties_edit_an_initiative(client, request, public_initiative, who, expected):
    login(client, request, who)
    assert_status(client.get(_url("initiative_edit", public_initiative)), expected)


@pytest.mark.parametrize("who", ["ordinary_user", "representative_b", "officer_x"])
def test_the_edit_of_a_non_public_initiative_is_not_found_for_outsiders(
    client, request, private_initiative, who
):
    login(client, request, who)
    assert_status(client.get(_url("initiative_edit", private_initiative)), 404)


def test_a_closed_initiative_cannot_be_edited(client, representative_a, connected_a):
    initiative = make_initiative(parties=[connected_a], state="closed", state_reason="Slut.")
    client.force_login(representative_a)
    assert client.get(_url("initiative_edit", initiative)).status_code == 403


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("ordinary_user", 403),
        ("representative_a", "redirect"),
        ("representative_b", 403),
        ("officer_x", 403),
        ("group_member", 403),
        ("convener", 403),
    ],
)
def test_only_the_parties_move_an_initiative_on(client, request, public_initiative, who, expected):
    login(client, request, who)
    response = client.post(
        _url("initiative_advance", public_initiative), {"advance-step": public_initiative.step}
    )
    assert_status(response, expected)
    public_initiative.refresh_from_db()
    assert (public_initiative.step == Step.IMPLEMENTATION) is (expected == "redirect")


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("ordinary_user", 403),
        ("representative_a", 403),
        ("representative_b", 403),
        ("officer_x", 403),
        ("group_member", 403),
        ("convener", "redirect"),
    ],
)
def test_only_the_convener_moves_an_initiative_back(client, request, connected_a, administration_y, who, expected):
    initiative = make_initiative(parties=[connected_a, administration_y], step=Step.IMPLEMENTATION)
    login(client, request, who)
    response = client.post(
        _url("initiative_move_back", initiative), {"back-step": initiative.step, "back-reason": "Fel."}
    )
    assert_status(response, expected)
    initiative.refresh_from_db()
    assert (initiative.step == Step.INITIATIVE) is (expected == "redirect")


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
def test_the_parties_and_the_convener_pause_an_initiative(client, request, public_initiative, who, expected):
    login(client, request, who)
    response = client.post(
        _url("initiative_state", public_initiative), {"state-state": "paused", "state-reason": "Paus."}
    )
    assert_status(response, expected)
    public_initiative.refresh_from_db()
    assert (public_initiative.state == "paused") is (expected == "redirect")


# --- Matching -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("ordinary_user", 403),
        ("representative_a", 403),  # already a party
        ("representative_b", "redirect"),
        ("officer_x", "redirect"),
        ("group_member", 403),
        ("convener", 403),
    ],
)
def test_representatives_and_officers_who_are_not_parties_express_interest(
    client, request, public_initiative, connected_b, administration_x, who, expected
):
    user = login(client, request, who)
    organisation = user.representations.first().organisation if user and user.representations.exists() else None
    response = client.post(
        _url("interest_create", public_initiative),
        {"interest-organisation": organisation.pk if organisation else "", "interest-message": "Vi vill vara med."},
    )
    assert_status(response, expected)
    assert Interest.objects.filter(initiative=public_initiative).exists() is (expected == "redirect")


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("ordinary_user", 403),
        ("representative_a", "redirect"),
        ("representative_b", 403),
        ("officer_x", 403),
        ("group_member", 403),
        ("convener", 403),
    ],
)
def test_only_the_parties_answer_an_interest(client, request, public_initiative, administration_x, who, expected):
    interest = Interest.objects.create(
        initiative=public_initiative, organisation=administration_x, message="Vi vill vara med."
    )
    login(client, request, who)
    response = client.post(
        _url("interest_answer", public_initiative, interest_pk=interest.pk),
        {f"answer-{interest.pk}-decision": "accept"},
    )
    assert_status(response, expected)
    interest.refresh_from_db()
    assert (interest.status == Interest.Status.ACCEPTED) is (expected == "redirect")


def test_an_interest_of_another_initiative_is_not_found(client, representative_a, public_initiative, connected_a, administration_x):
    other = make_initiative(parties=[connected_a], title="Annat")
    interest = Interest.objects.create(initiative=other, organisation=administration_x, message="Hej.")
    client.force_login(representative_a)
    response = client.post(
        _url("interest_answer", public_initiative, interest_pk=interest.pk),
        {f"answer-{interest.pk}-decision": "accept"},
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("ordinary_user", 403),
        ("representative_a", 403),
        ("representative_b", 403),
        ("officer_x", 403),
        ("group_member", 403),
        ("convener", "redirect"),
    ],
)
def test_only_the_convener_puts_organisations_in_touch(
    client, request, public_initiative, connected_b, who, expected
):
    login(client, request, who)
    response = client.post(
        _url("introduction_create", public_initiative), {"introduce-organisation": connected_b.pk}
    )
    assert_status(response, expected)
    assert public_initiative.introductions.exists() is (expected == "redirect")


@pytest.mark.parametrize(
    ("name", "who"),
    [
        ("initiative_advance", "representative_a"),
        ("initiative_state", "representative_a"),
        ("interest_create", "officer_x"),
        ("introduction_create", "convener"),
    ],
)
def test_the_forms_of_an_initiative_page_take_only_post(client, request, public_initiative, name, who):
    login(client, request, who)
    assert client.get(_url(name, public_initiative)).status_code == 405
