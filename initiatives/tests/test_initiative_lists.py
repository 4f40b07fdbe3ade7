"""The public catalogue (only public initiatives, filtered and paginated), the organisation's own
list, and the number of queries of each list whatever the number of rows."""

import pytest
from django.urls import reverse

from accounts.models import Organisation, OrganisationKind
from initiatives.models import Interest
from initiatives.tests.factories import make_initiative
from overenskommelse.process import Step

pytestmark = [pytest.mark.django_db]

LIST_URL = reverse("initiatives:initiative_list")


def _titles(response) -> list[str]:
    return [initiative.title for initiative in response.context["initiatives"]]


def test_the_catalogue_shows_only_public_initiatives(client, connected_a, convener):
    make_initiative(parties=[connected_a], title="Öppet initiativ")
    make_initiative(parties=[connected_a], title="Internt initiativ", is_public=False)
    assert _titles(client.get(LIST_URL)) == ["Öppet initiativ"]
    # Not even the convener, who may open the non-public one, sees it in the public catalogue.
    client.force_login(convener)
    response = client.get(LIST_URL)
    assert _titles(response) == ["Öppet initiativ"]
    assert "Internt initiativ" not in response.content.decode()


def test_each_row_has_a_step_indicator_in_words(client, connected_a):
    make_initiative(parties=[connected_a], step=Step.RESULT)
    assert "Steg 3 av 5: Resultat och spridning" in client.get(LIST_URL).content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "schack"}, ["Schack i skolan"]),
        ({"area": "halsa"}, ["Simskola"]),
        ({"step": Step.IMPLEMENTATION}, ["Schack i skolan"]),
        ({"form": "joint_project"}, ["Simskola"]),
        ({"step": "no-such-step"}, ["Simskola", "Schack i skolan"]),  # an invalid filter is ignored
    ],
)
def test_the_catalogue_filters_by_title_area_step_and_form(client, connected_a, administration_x, query, expected):
    make_initiative(parties=[connected_a, administration_x], title="Schack i skolan", step=Step.IMPLEMENTATION)
    make_initiative(parties=[connected_a], title="Simskola", areas=["halsa"], form="joint_project")
    assert sorted(_titles(client.get(LIST_URL, query))) == sorted(expected)


def test_the_catalogue_filters_by_a_part_of_a_partys_name(client, connected_a, administration_x):
    make_initiative(parties=[connected_a, administration_x], title="Med förvaltningen")
    make_initiative(parties=[connected_a], title="Bara föreningen")
    response = client.get(LIST_URL, {"organisation": "FRITIDSförvaltn"})
    assert _titles(response) == ["Med förvaltningen"]
    html = response.content.decode()
    # A labelled search field keeps what was typed; no list of every organisation is sent.
    assert 'value="FRITIDSförvaltn"' in html
    assert "Organisation som deltar" in html
    assert '<select name="organisation"' not in html
    assert f'<option value="{connected_a.pk}"' not in html
    assert "organisation=FRITIDSf%C3%B6rvaltn" in response.context["filter_query"]


def test_an_old_catalogue_link_with_an_organisations_id_still_filters(client, connected_a, administration_x):
    make_initiative(parties=[connected_a, administration_x], title="Med förvaltningen")
    make_initiative(parties=[connected_a], title="Bara föreningen")
    assert _titles(client.get(LIST_URL, {"organisation": administration_x.pk})) == ["Med förvaltningen"]
    # A number too large for an id finds nothing, and is no error.
    assert _titles(client.get(LIST_URL, {"organisation": "9" * 30})) == []


def test_the_catalogue_pages_by_25_and_keeps_the_filters_in_the_page_links(client, connected_a):
    for number in range(30):
        make_initiative(parties=[connected_a], title=f"Initiativ {number}")
    response = client.get(LIST_URL, {"q": "Initiativ"})
    assert len(response.context["initiatives"]) == 25
    assert "?q=Initiativ&amp;page=2" in response.content.decode()
    assert len(client.get(LIST_URL, {"q": "Initiativ", "page": 2}).context["initiatives"]) == 5


def _many(connected_a, count=30, **fields):
    organisations = [
        Organisation.objects.create(name=f"Förvaltning {n}", kind=OrganisationKind.ADMINISTRATION)
        for n in range(3)
    ]
    for number in range(count):
        make_initiative(
            parties=[connected_a, organisations[number % 3]],
            title=f"Initiativ {number}",
            areas=["inkludering", "halsa"],
            **fields,
        )


def test_the_catalogue_takes_the_same_number_of_queries_however_many_initiatives(
    client, connected_a, django_assert_max_num_queries
):
    _many(connected_a)
    with django_assert_max_num_queries(12):
        response = client.get(LIST_URL)
    assert len(response.context["initiatives"]) == 25


def test_the_matching_list_takes_the_same_number_of_queries_however_many_initiatives(
    client, connected_a, representative_b, django_assert_max_num_queries
):
    _many(connected_a, looking_for_partners=True, partners_wanted="En förening.")
    client.force_login(representative_b)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("initiatives:initiative_matching"))
    assert len(response.context["initiatives"]) == 25


def test_the_own_list_takes_the_same_number_of_queries_however_many_initiatives(
    client, connected_a, administration_x, representative_a, django_assert_max_num_queries
):
    _many(connected_a, is_public=False)
    for initiative in list(connected_a.initiative_parties.all())[:10]:
        Interest.objects.create(initiative=initiative.initiative, organisation=administration_x, message="Hej.")
    client.force_login(representative_a)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("initiatives:initiative_mine"))
    assert len(response.context["initiatives"]) == 25
    assert len(response.context["interests"]) == 10


def test_the_own_list_shows_non_public_initiatives_of_the_users_organisations_only(
    client, connected_a, connected_b, representative_a
):
    make_initiative(parties=[connected_a], title="Vårt interna", is_public=False)
    make_initiative(parties=[connected_b], title="Deras öppna")
    client.force_login(representative_a)
    response = client.get(reverse("initiatives:initiative_mine"))
    assert _titles(response) == ["Vårt interna"]
    assert "Visas inte i den offentliga katalogen" in response.content.decode()


def test_the_main_menu_links_the_catalogue(client, agreement):
    html = client.get(reverse("home")).content.decode()
    assert f'href="{LIST_URL}"' in html
