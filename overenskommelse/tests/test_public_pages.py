import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from overenskommelse.demo_year import demo_year

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    ("home", {}),
    ("agreement", {}),
    ("principles", {}),
    ("action_plan", {}),
    ("priority_area", {"slug": "inkludering"}),
    ("process", {}),
    ("join", {}),
    ("contact", {}),
    ("accessibility", {}),
]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))
    settings.DEBUG = False


@pytest.mark.parametrize(("name", "kwargs"), PUBLIC_PAGES)
def test_public_page_is_swedish_by_default(client, demo, name, kwargs):
    response = client.get(reverse(name, kwargs=kwargs), HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "Hoppa till innehållet" in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize(("name", "kwargs"), PUBLIC_PAGES)
def test_public_page_is_english_after_switching_language(client, demo, name, kwargs):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html


def test_language_switch_sets_english_and_returns_to_the_page(client, demo):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("principles")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("principles")
    assert '<html lang="en">' in client.get(reverse("principles")).content.decode()


def test_start_page_shows_the_agreement_and_its_priority_areas(client, demo):
    html = client.get(reverse("home")).content.decode()
    assert "Överenskommelsen mellan Lunds kommun och idéburen sektor i Lund" in html
    for area in ("Inkludering", "Hälsosamma levnadsvanor", "Demokrati, delaktighet och trygghet"):
        assert area in html
    assert "Ansök om anslutning" in html
    # Years are not written with a thousands separator (the action plan's, from the demo's year).
    assert f"{demo_year() - 2}–{demo_year() + 1}" in html


def test_principles_page_lists_the_six_principles(client, demo):
    html = client.get(reverse("principles")).content.decode()
    for principle in (
        "Självständighet och oberoende",
        "Dialog",
        "Kvalitet",
        "Långsiktighet",
        "Öppenhet och insyn",
        "Mångfald",
    ):
        assert principle in html


def test_action_plan_shows_each_area_with_its_directions(client, demo):
    html = client.get(reverse("action_plan")).content.decode()
    assert "Hållbar utveckling med utgångspunkt i Agenda 2030" in html
    assert "klimatsmarta lösningar" in html


def test_process_page_shows_the_five_steps_in_order(client, demo):
    html = client.get(reverse("process")).content.decode()
    titles = ["Samverkansinitiativ", "Genomförande", "Resultat och spridning", "Utvärdering", "Uppföljning"]
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)
    assert '<ol class="process-steps">' in html


def test_unknown_priority_area_is_not_found(client, demo):
    assert client.get(reverse("priority_area", kwargs={"slug": "finns-inte"})).status_code == 404


def test_unknown_address_gives_a_styled_swedish_404(client, demo):
    response = client.get("/finns-inte-alls/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Sidan hittades inte" in html
    assert "Hoppa till innehållet" in html


def test_pages_work_before_any_agreement_is_entered(client):
    for name, kwargs in PUBLIC_PAGES:
        if name == "priority_area":
            continue
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 200
