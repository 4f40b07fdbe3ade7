"""The collaboration group's dashboard page: who may open it, what a member sees for a chosen year,
the links from each figure to the list behind it, and its queries (fixed, and fewer when cached)."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accounts.models import Accession, OrganisationKind
from collaboration.models import Meeting
from initiatives.models import CollaborationForm, StepTransition
from overenskommelse.process import Step

from .test_figures_year import (
    YEAR,
    application,
    at,
    build_figures_data,
    initiative,
    organisation,
    partnership,
)

pytestmark = pytest.mark.django_db

URL = reverse("collaboration:dashboard")


@pytest.fixture(autouse=True)
def _empty_cache():
    """The cache lives in memory across tests; each test starts without cached figures."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def figures_data(db) -> dict:
    """The hand-made data set of ``test_figures_year`` (2024 against 2023)."""
    return build_figures_data()


def page_of(response) -> str:
    return response.content.decode()


def text_of(response) -> str:
    """The page's visible words, tags removed and spaces (also non-breaking) collapsed."""
    html = re.sub(r"<svg.*?</svg>", " ", page_of(response), flags=re.DOTALL)
    text = re.sub(r"<[^>]+>", " ", html).replace("\xa0", " ")
    return re.sub(r"\s+", " ", text)


# --- Who may open it ---------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["ordinary_user", "representative_a", "officer_x"])
def test_people_outside_the_group_are_refused(client, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("role", ["group_member", "convener"])
def test_the_group_and_the_convener_see_it(client, request, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get(URL)

    assert response.status_code == 200
    assert "Samverkansgruppens översikt" in text_of(response)


# --- What a member sees ------------------------------------------------------------------------


def test_this_year_is_shown_by_default(client, group_member):
    client.force_login(group_member)
    this_year = timezone.localdate().year

    response = client.get(URL)

    assert f"<h1>Samverkansgruppens översikt {this_year}</h1>" in page_of(response)
    assert f'<option value="{this_year}" selected>' in page_of(response)


def test_a_chosen_year_shows_its_figures_against_the_year_before(client, group_member, figures_data):
    client.force_login(group_member)

    text = text_of(client.get(URL, {"year": YEAR}))

    assert "Samverkansgruppens översikt 2024" in text
    assert "Anslutna organisationer 3 4 +1" in text
    assert "Nya under året 1 2 +1" in text
    assert "Utträden under året 2 1 −1" in text
    assert "Ansökningar som väntar på beslut just nu – 2 –" in text
    assert "1. Samverkansinitiativ 1 2 0 2 2 ±0" in text
    assert "Xförvaltningen 1 1 0 2 +1 120 000 kr +20 000 kr" in text
    assert "Alla förvaltningar 1 1 0 2 ±0 120 000 kr +15 000 kr" in text
    assert "2 av 3 förvaltningar har lämnat sin rapport (67 %)" in text
    assert "Har ännu inte rapporterat: Zförvaltningen" in text
    assert "I dag har 2 aktiva initiativ stått i samma steg i mer än ett år" in text
    assert "År 4 av 4: följs upp och revideras" in text


def test_a_year_that_is_not_offered_falls_back_to_this_year_with_an_error(client, group_member):
    client.force_login(group_member)

    response = client.get(URL, {"year": "1850"})

    assert f"Samverkansgruppens översikt {timezone.localdate().year}" in text_of(response)
    assert 'aria-invalid="true"' in page_of(response)
    assert "Välj ett giltigt alternativ" in text_of(response)


def test_too_few_meetings_this_year_are_warned_about(client, group_member):
    client.force_login(group_member)
    Meeting.objects.create(starts_at=timezone.now() + datetime.timedelta(hours=1), place="Stadshuset")

    text = text_of(client.get(URL))

    assert f"Varning: bara 1 möte i samverkansgruppen är planerat för {timezone.localdate().year}" in text


def test_the_charts_are_svg_images_with_a_title_a_description_and_a_table(client, group_member, figures_data):
    client.force_login(group_member)

    page = page_of(client.get(URL, {"year": YEAR}))

    svgs = re.findall(r"<svg[^>]*>", page)
    assert len(svgs) == 5
    assert all('role="img"' in svg and "aria-labelledby=" in svg for svg in svgs)
    assert '<title id="chart-organisations-2024-title">Anslutna organisationer 2023 och 2024</title>' in page
    assert "<caption>Kronor per år per förvaltning 2023 och 2024</caption>" in page
    assert "<td>120\xa0000 kr</td>" in page


def test_the_page_has_no_inline_script_or_style(client, group_member, figures_data):
    client.force_login(group_member)

    page = page_of(client.get(URL, {"year": YEAR}))

    assert ' style="' not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert not re.search(r"\son[a-z]+=", page)


# --- Every figure links to the list behind it --------------------------------------------------


def test_each_figure_links_to_its_list(client, group_member, figures_data):
    client.force_login(group_member)
    x = figures_data["x"]

    page = page_of(client.get(URL, {"year": YEAR}))

    assert f'href="{reverse("accounts:organisation_list")}"' in page
    assert f'href="{reverse("accounts:accession_queue")}"' in page
    catalogue = reverse("initiatives:initiative_list")
    assert f'href="{catalogue}?step=initiative&amp;area=halsa"' in page
    assert f'href="{catalogue}?step=implementation"' in page
    register = reverse("initiatives:partnership_list")
    assert f'href="{register}?administration={x.pk}&amp;year=2024"' in page
    assert f'href="{register}?administration={x.pk}&amp;year=2024&amp;form=iop"' in page
    stuck = figures_data["initiatives"]["I1"]
    assert f'href="{stuck.get_absolute_url()}"' in page


def test_the_round_and_the_next_meeting_link_to_their_pages_when_those_exist(client, group_member, figures_data):
    client.force_login(group_member)
    meeting = Meeting.objects.create(starts_at=timezone.now() + datetime.timedelta(days=20), place="Stadshuset")

    page = page_of(client.get(URL, {"year": YEAR}))

    try:
        round_url = reverse("followup:round_detail", kwargs={"year": YEAR})
    except NoReverseMatch:
        round_url = None
    if round_url:
        assert f'href="{round_url}"' in page
    try:
        meeting_url = reverse("collaboration:meeting_detail", kwargs={"pk": meeting.pk})
    except NoReverseMatch:
        meeting_url = None
    if meeting_url:
        assert f'href="{meeting_url}"' in page
    assert "Stadshuset" in page


def test_the_commitment_link_shows_the_register_filtered(client, group_member, figures_data):
    client.force_login(group_member)
    x = figures_data["x"]

    response = client.get(reverse("initiatives:partnership_list"), {"administration": x.pk, "year": YEAR})

    text = text_of(response)
    assert "2 åtaganden stämmer med filtren" in text
    assert "P1 läxhjälp" in text and "P2 språkcafé" in text
    assert "P3 idrott" not in text


# --- Queries and the cache ---------------------------------------------------------------------


def _more_data(figures_data, count: int) -> None:
    x = figures_data["x"]
    area = figures_data["areas"][0]
    for number in range(count):
        organisation(f"Förening {number}", since=datetime.date(2024, 1, 1) + datetime.timedelta(days=number))
        application(f"Ansökan {number}", Accession.Status.SUBMITTED, at(2024, 2, 1 + number % 27))
        initiative(
            f"Initiativ {number}",
            created=at(2023, 1, 1),
            moves=[(StepTransition.Kind.FORWARD, Step.IMPLEMENTATION, at(2024, 1, 1 + number % 28))],
            areas=[area],
        )
        partnership(x, f"Åtagande {number}", CollaborationForm.IOP, datetime.date(2024, 1, 1), money=[1_000])
    for number in range(5):
        organisation(f"Förvaltning {number}", kind=OrganisationKind.ADMINISTRATION)


def test_the_number_of_queries_stays_the_same_with_more_data(
    client, group_member, figures_data, django_assert_max_num_queries
):
    client.force_login(group_member)
    client.get(URL)  # the session and the language settle on the first request
    cache.clear()
    with django_assert_max_num_queries(15) as small:
        assert client.get(URL, {"year": YEAR}).status_code == 200

    _more_data(figures_data, 40)
    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(URL, {"year": YEAR})
    assert "Anslutna organisationer 3 44 +41" in text_of(response)


def test_a_cached_page_makes_none_of_the_figures_queries(
    client, group_member, figures_data, django_assert_max_num_queries
):
    client.force_login(group_member)
    client.get(URL)
    cache.clear()
    with django_assert_max_num_queries(15) as uncached:
        client.get(URL, {"year": YEAR})

    with django_assert_max_num_queries(len(uncached.captured_queries) - 6) as cached:
        client.get(URL, {"year": YEAR})

    tables = " ".join(query["sql"] for query in cached.captured_queries)
    for table in ("accounts_accession", "initiatives_", "followup_", "conferences_"):
        assert table not in tables


def test_a_change_shows_up_on_the_page_at_once(client, group_member, figures_data):
    client.force_login(group_member)
    assert "Ansökningar som väntar på beslut just nu – 2 –" in text_of(client.get(URL, {"year": YEAR}))

    application("Ny ansökan", Accession.Status.SUBMITTED, at(2024, 11, 1))

    assert "Ansökningar som väntar på beslut just nu – 3 –" in text_of(client.get(URL, {"year": YEAR}))
