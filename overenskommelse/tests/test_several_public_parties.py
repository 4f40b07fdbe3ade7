"""Several public parties (a regional agreement such as Blekinge's: the region and its
municipalities): each förvaltning and nämnd belongs to one of them, and the commitments register,
the dashboard, the follow-up's progress and the report say which, party by party. Where there is
one public party (Lund, Borås: none is set), the pages show no party at all, with as many queries."""

import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import Organisation, OrganisationKind
from accounts.services import organisation_create, organisation_public_party_problem
from documents.selectors.report import followup_report_context
from followup.tests.factories import make_round
from initiatives.models import CollaborationForm, Contribution, Partnership

pytestmark = pytest.mark.django_db

YEAR = 2026
PARTY_HEADER = "Offentlig part"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _administration(name: str, party: Organisation | None) -> Organisation:
    committee = Organisation.objects.create(
        name=f"Nämnden för {name}", kind=OrganisationKind.COMMITTEE, public_party=party
    )
    return Organisation.objects.create(
        name=name, kind=OrganisationKind.ADMINISTRATION, parent=committee, public_party=party
    )


def _commitment(administration: Organisation, title: str, association: Organisation) -> Partnership:
    partnership = Partnership.objects.create(
        administration=administration,
        title=title,
        form=CollaborationForm.IOP,
        description="Ett åtagande.",
        starts_on=datetime.date(YEAR, 2, 1),
    )
    partnership.organisations.add(association)
    Contribution.objects.create(
        partnership=partnership, organisation=administration, kind=Contribution.Kind.MONEY, amount_sek_per_year=10_000
    )
    return partnership


def _build(*, with_parties: bool) -> dict:
    """Three förvaltningar with a commitment each: of the region and two municipalities (with
    parties), or of one municipality that names no party (as Lund's)."""
    association = Organisation.objects.create(
        name="Föreningen Kusten",
        kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
        connected_since=datetime.date(2026, 1, 2),
    )
    parties = {}
    if with_parties:
        for name, kind in (
            ("Region Testlän", OrganisationKind.REGION),
            ("Östra kommun", OrganisationKind.MUNICIPALITY),
            ("Västra kommun", OrganisationKind.MUNICIPALITY),
        ):
            parties[name] = Organisation.objects.create(name=name, kind=kind)
    names = [
        ("Kulturförvaltningen i regionen", "Region Testlän"),
        ("Socialförvaltningen i Östra", "Östra kommun"),
        ("Fritidsförvaltningen i Västra", "Västra kommun"),
    ]
    administrations = []
    for name, party in names:
        administration = _administration(name, parties.get(party))
        _commitment(administration, f"Åtagande med {name}", association)
        administrations.append(administration)
    return {"parties": parties, "administrations": administrations, "association": association}


def _give_parties() -> None:
    """Each förvaltning of ``_build(with_parties=False)`` (and its nämnd) to a party of its own."""
    for number, administration in enumerate(Organisation.objects.filter(kind=OrganisationKind.ADMINISTRATION)):
        party = Organisation.objects.create(name=f"Kommun {number}", kind=OrganisationKind.MUNICIPALITY)
        Organisation.objects.filter(pk__in=[administration.pk, administration.parent_id]).update(public_party=party)


def _text(response) -> str:
    html = re.sub(r"<svg.*?</svg>", " ", response.content.decode(), flags=re.DOTALL)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html).replace("\xa0", " "))


# --- The register of commitments ----------------------------------------------------------------


def test_the_register_says_which_public_party_each_commitment_belongs_to(client):
    _build(with_parties=True)
    text = _text(client.get(reverse("initiatives:partnership_list")))
    assert PARTY_HEADER in text
    assert "Kulturförvaltningen i regionen Nämnden för Kulturförvaltningen i regionen Region Testlän" in text
    assert "Socialförvaltningen i Östra Nämnden för Socialförvaltningen i Östra Östra kommun" in text


def test_with_one_public_party_the_register_has_no_party_column(client):
    _build(with_parties=False)
    response = client.get(reverse("initiatives:partnership_list"))
    assert "Åtagande med Kulturförvaltningen i regionen" in _text(response)
    assert PARTY_HEADER not in _text(response)


def _queries(client, url, django_assert_max_num_queries, **params) -> int:
    client.get(url, params)  # the session and the language settle on the first request
    cache.clear()
    with django_assert_max_num_queries(40) as counted:
        assert client.get(url, params).status_code == 200
    return len(counted.captured_queries)


def test_the_register_makes_as_many_queries_with_parties_as_without(client, django_assert_max_num_queries):
    url = reverse("initiatives:partnership_list")
    _build(with_parties=False)
    without = _queries(client, url, django_assert_max_num_queries)
    _give_parties()
    assert _queries(client, url, django_assert_max_num_queries) == without


# --- The dashboard -------------------------------------------------------------------------------


def test_the_dashboard_lists_the_forvaltningar_party_by_party(client, group_member):
    _build(with_parties=True)
    client.force_login(group_member)
    text = _text(client.get(reverse("collaboration:dashboard"), {"year": YEAR}))
    assert PARTY_HEADER in text
    region = text.index("Kulturförvaltningen i regionen Region Testlän")
    east = text.index("Socialförvaltningen i Östra Östra kommun")
    west = text.index("Fritidsförvaltningen i Västra Västra kommun")
    assert region < west < east  # Region, Västra, Östra: by the party's name


def test_with_one_public_party_the_dashboard_has_no_party_column(client, group_member):
    _build(with_parties=False)
    client.force_login(group_member)
    text = _text(client.get(reverse("collaboration:dashboard"), {"year": YEAR}))
    assert "Kulturförvaltningen i regionen" in text
    assert PARTY_HEADER not in text


def test_the_dashboard_makes_as_many_queries_with_parties_as_without(
    client, group_member, django_assert_max_num_queries
):
    url = reverse("collaboration:dashboard")
    client.force_login(group_member)
    _build(with_parties=False)
    without = _queries(client, url, django_assert_max_num_queries, year=YEAR)
    _give_parties()
    assert _queries(client, url, django_assert_max_num_queries, year=YEAR) == without


# --- The follow-up and the report ----------------------------------------------------------------


def test_the_rounds_progress_names_each_forvaltnings_party(client, convener):
    _build(with_parties=True)
    followup_round = make_round(convener)
    client.force_login(convener)
    text = _text(client.get(reverse("followup:round_detail", kwargs={"year": followup_round.year})))
    assert "Kulturförvaltningen i regionen Region Testlän" in text
    assert "Socialförvaltningen i Östra Östra kommun" in text


def test_with_one_public_party_the_rounds_progress_names_no_party(client, convener):
    data = _build(with_parties=False)
    followup_round = make_round(convener)
    client.force_login(convener)
    response = client.get(reverse("followup:round_detail", kwargs={"year": followup_round.year}))
    assert data["administrations"][0].name in _text(response)
    assert "Region Testlän" not in _text(response)


def _report_text(followup_round) -> str:
    with translation.override("sv"):
        html = render_to_string("pdf/followup_report.html", followup_report_context(followup_round))
    chapter = html[html.index('id="commitments"') :]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", chapter))


def test_the_reports_chapter_on_commitments_names_each_forvaltnings_party(convener):
    _build(with_parties=True)
    text = _report_text(make_round(convener))
    assert PARTY_HEADER in text
    assert "Socialförvaltningen i Östra Östra kommun" in text


def test_with_one_public_party_the_reports_chapter_has_no_party_column(convener):
    _build(with_parties=False)
    text = _report_text(make_round(convener))
    assert "Socialförvaltningen i Östra" in text
    assert PARTY_HEADER not in text


# --- Which organisation belongs to which party ---------------------------------------------------


def test_only_a_forvaltning_namnd_or_company_belongs_to_a_municipality_or_region(convener):
    region = Organisation.objects.create(name="Region Testlän", kind=OrganisationKind.REGION)
    university = Organisation.objects.create(name="Högskolan", kind=OrganisationKind.UNIVERSITY)
    assert organisation_public_party_problem(kind=OrganisationKind.ADMINISTRATION, public_party=region) is None
    assert organisation_public_party_problem(kind=OrganisationKind.MUNICIPAL_COMPANY, public_party=region) is None
    assert organisation_public_party_problem(kind=OrganisationKind.COMMITTEE, public_party=university)
    assert organisation_public_party_problem(kind=OrganisationKind.NON_PROFIT_ASSOCIATION, public_party=region)
    with pytest.raises(ValidationError) as refused:
        organisation_create(
            by=convener,
            details={"name": "Föreningen", "kind": OrganisationKind.NON_PROFIT_ASSOCIATION, "public_party": region},
        )
    assert "public_party" in refused.value.message_dict


def test_the_convener_sets_a_forvaltnings_party_in_the_register(client, convener):
    region = Organisation.objects.create(name="Region Testlän", kind=OrganisationKind.REGION)
    committee = Organisation.objects.create(name="Kulturnämnden", kind=OrganisationKind.COMMITTEE)
    client.force_login(convener)
    page = client.get(reverse("accounts:register_create")).content.decode()
    assert 'name="public_party"' in page
    response = client.post(
        reverse("accounts:register_create"),
        {
            "name": "Kulturförvaltningen",
            "kind": OrganisationKind.ADMINISTRATION,
            "parent": committee.pk,
            "public_party": region.pk,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Organisation.objects.get(name="Kulturförvaltningen").public_party == region


def test_without_a_municipality_or_region_the_register_form_asks_for_no_party(client, convener):
    client.force_login(convener)
    page = client.get(reverse("accounts:register_create")).content.decode()
    assert 'name="parent"' in page
    assert 'name="public_party"' not in page


def test_blekinges_demo_has_forvaltningar_and_commitments_of_the_region_and_two_municipalities(client, settings):
    settings.DEBUG = True
    for _ in range(2):  # idempotent
        call_command("load_demo", agreement="blekinge", stdout=io.StringIO())
    owners = {}
    for partnership in Partnership.objects.select_related("administration__public_party"):
        owners.setdefault(partnership.administration.public_party.name, set()).add(partnership.administration.name)
    assert set(owners) == {"Region Blekinge", "Karlskrona kommun", "Ronneby kommun"}
    assert all(len(names) >= 2 for names in owners.values())
    assert Partnership.objects.count() == 6
    text = _text(client.get(reverse("initiatives:partnership_list")))
    assert PARTY_HEADER in text and "Ronneby kommun" in text


def test_the_register_of_organisations_says_which_party_each_belongs_to(client, convener):
    _build(with_parties=True)
    client.force_login(convener)
    text = _text(client.get(reverse("accounts:register")))
    assert PARTY_HEADER in text
    assert "Nämnden för Socialförvaltningen i Östra Östra kommun" in text


def test_with_one_public_party_the_register_of_organisations_has_no_party_column(client, convener):
    _build(with_parties=False)
    client.force_login(convener)
    assert PARTY_HEADER not in _text(client.get(reverse("accounts:register")))


def test_the_register_of_organisations_makes_as_many_queries_with_parties_as_without(
    client, convener, django_assert_max_num_queries
):
    url = reverse("accounts:register")
    client.force_login(convener)
    _build(with_parties=False)
    without = _queries(client, url, django_assert_max_num_queries)
    _give_parties()
    assert _queries(client, url, django_assert_max_num_queries) == without
