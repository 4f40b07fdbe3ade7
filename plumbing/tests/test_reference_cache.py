"""The reference cache: what every page reads and seldom changes (the agreement in the footer, the
action plan, the filter options) is read once, and a change shows on the next page at once."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Organisation, OrganisationKind
from overenskommelse.models import ActionPlan, Agreement, PriorityArea

pytestmark = pytest.mark.django_db

HOME = reverse("home")
ORGANISATIONS = reverse("accounts:organisation_list")
INITIATIVES = reverse("initiatives:initiative_list")
PARTNERSHIPS = reverse("initiatives:partnership_list")


@pytest.fixture
def plan(db) -> ActionPlan:
    agreement = Agreement.objects.create(
        name="Överenskommelsen i Testby",
        municipality="Testby kommun",
        sector_party="idéburen sektor i Testby",
        summary="En överenskommelse.",
        adopted_on=datetime.date(2024, 1, 1),
        valid_from=datetime.date(2024, 1, 1),
        contact_email="overenskommelsen@testby.se",
    )
    plan = ActionPlan.objects.create(
        agreement=agreement,
        title="Handlingsplan",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
    )
    PriorityArea.objects.create(action_plan=plan, name="Inkludering", slug="inkludering", position=1)
    return plan


def _tables_read(client, url) -> str:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return " ".join(query["sql"] for query in captured.captured_queries)


@pytest.mark.parametrize("url", [HOME, ORGANISATIONS, INITIATIVES, PARTNERSHIPS])
def test_the_second_visit_reads_neither_the_agreement_nor_the_priority_areas(client, plan, url):
    first = _tables_read(client, url)
    assert "overenskommelse_agreement" in first
    again = _tables_read(client, url)
    assert "overenskommelse_agreement" not in again
    assert "overenskommelse_priorityarea" not in again
    assert "overenskommelse_actionplan" not in again


def test_a_renamed_agreement_shows_in_the_footer_at_once(client, plan):
    assert "Överenskommelsen i Testby" in client.get(ORGANISATIONS).content.decode()
    agreement = plan.agreement
    agreement.name = "Den nya överenskommelsen"
    agreement.contact_email = "ny@testby.se"
    agreement.save()
    page = client.get(ORGANISATIONS).content.decode()
    assert "Den nya överenskommelsen" in page
    assert "ny@testby.se" in page


def test_a_new_priority_area_is_offered_by_the_filters_and_the_start_page_at_once(client, plan):
    for url in (HOME, ORGANISATIONS, INITIATIVES, PARTNERSHIPS):
        assert "Hälsa och trygghet" not in client.get(url).content.decode()
    PriorityArea.objects.create(action_plan=plan, name="Hälsa och trygghet", slug="halsa", position=2)
    for url in (ORGANISATIONS, INITIATIVES, PARTNERSHIPS):
        assert '<option value="halsa">Hälsa och trygghet</option>' in client.get(url).content.decode()
    assert "Hälsa och trygghet" in client.get(HOME).content.decode()


def test_a_new_umbrella_organisation_is_offered_at_once(client, plan):
    assert "Idéburna paraplyet" not in client.get(ORGANISATIONS).content.decode()
    umbrella = Organisation.objects.create(name="Idéburna paraplyet", kind=OrganisationKind.UMBRELLA)
    assert f'<option value="{umbrella.pk}">Idéburna paraplyet</option>' in client.get(ORGANISATIONS).content.decode()


def test_a_change_without_signals_shows_at_once(client, plan):
    """``QuerySet.update()`` sends no signal: the write hook on the database connection tells."""
    assert "Överenskommelsen i Testby" in client.get(ORGANISATIONS).content.decode()
    Agreement.objects.filter(pk=plan.agreement.pk).update(name="Den uppdaterade överenskommelsen")
    PriorityArea.objects.filter(action_plan=plan).update(name="Inkludering och trygghet")
    page = client.get(ORGANISATIONS).content.decode()
    assert "Den uppdaterade överenskommelsen" in page
    assert "Inkludering och trygghet" in page


def test_a_cache_that_is_down_breaks_no_page(client, plan, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("the cache is down")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    for url in (HOME, ORGANISATIONS, INITIATIVES, PARTNERSHIPS):
        response = client.get(url)
        assert response.status_code == 200
        assert "Överenskommelsen i Testby" in response.content.decode()
