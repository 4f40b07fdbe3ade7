"""Issue 14, stage 1: what an agreement decides about itself is kept in one place (the Agreement's
settings), edited by the convener on its own page, and read by every page, email and PDF that
names the group, the convener or the areas, and by the rules that count meetings and years."""

import datetime
import io
import re
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from collaboration.models import Meeting, Seat
from conferences.selectors.registration import conference_due_year
from conferences.tests.factories import make_conference
from followup.forms.rounds import RoundForm
from followup.models import FollowUpRound
from overenskommelse.models import ActionPlan, Agreement, Principle, PriorityArea
from overenskommelse.words import AgreementWords, genitive
from plumbing.emails import send_templated_email

pytestmark = pytest.mark.django_db

URL = "/overenskommelsen/installningar/"


def _html(response) -> str:
    return " ".join(response.content.decode().split())


def _text(response) -> str:
    """The page without its addresses (the URL paths keep their Swedish words)."""
    return re.sub(r'(href|action|value)="[^"]*"', "", _html(response))


@pytest.fixture
def blekinge_words(agreement) -> Agreement:
    """The agreement of the tests under Blekinge's words (a steering group led by a process leader,
    development areas), from its settings."""
    agreement.group_name = "styrgruppen"
    agreement.convener_title = "processledare"
    agreement.area_name = "utvecklingsområde"
    agreement.area_name_plural = "utvecklingsområden"
    agreement.save()
    return agreement


def _form(**changes) -> dict:
    data = {
        "group_name": "samverkansgruppen",
        "convener_title": "sammankallande",
        "area_name": "prioriterat område",
        "area_name_plural": "prioriterade områden",
        "public_side": "kommunal",
        "meetings_per_year": "2",
        "conference_every_years": "2",
        "followup_every_years": "1",
        "revision_cycle_years": "4",
        "chair_mandate_years": "",
    }
    data.update(changes)
    return data


# --- The words -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "capitalised", "of"),
    [
        ("samverkansgruppen", "Samverkansgruppen", "samverkansgruppens"),
        ("styrgruppen", "Styrgruppen", "styrgruppens"),
        ("samrådet", "Samrådet", "samrådets"),
    ],
)
def test_the_group_is_named_at_the_start_of_a_sentence_and_in_the_genitive(name, capitalised, of):
    words = AgreementWords(group=name)
    assert words.Group == capitalised
    assert words.group_gen == of
    assert words.Group_gen == capitalised + of[len(name):]


def test_a_name_ending_in_s_takes_no_second_s():
    assert genitive("Samrådet Borås") == "Samrådet Borås"


# --- The settings page ---------------------------------------------------------------------------


def test_the_convener_sees_the_settings_in_swedish(client, convener, agreement):
    client.force_login(convener)
    html = _html(client.get(URL))
    assert "<h1>Överenskommelsens inställningar</h1>" in html
    assert 'value="samverkansgruppen"' in html
    assert "Vad gruppen kallas i en mening" in html


def test_the_convener_saves_the_words_and_the_rules(client, convener, agreement):
    client.force_login(convener)
    response = client.post(
        URL,
        _form(group_name="styrgruppen", convener_title="processledare", conference_every_years="1", chair_mandate_years="2", public_actors_may_join="on"),
        follow=True,
    )
    assert "Överenskommelsens inställningar har sparats." in _html(response)
    agreement.refresh_from_db()
    assert (agreement.group_name, agreement.convener_title) == ("styrgruppen", "processledare")
    assert (agreement.conference_every_years, agreement.chair_mandate_years) == (1, 2)
    assert agreement.public_actors_may_join


def test_wrong_settings_are_refused_with_clear_errors_and_the_input_kept(client, convener, agreement):
    agreement.valid_until = agreement.valid_from.replace(year=agreement.valid_from.year + 2) - datetime.timedelta(days=1)
    agreement.save()
    client.force_login(convener)
    response = client.post(
        URL,
        _form(group_name="  ", convener_title="processledare", meetings_per_year="13", conference_every_years="5", followup_every_years="0", chair_mandate_years="3"),
    )
    html = _html(response)
    assert "Ingenting sparades. Rätta följande" in html
    assert "Skriv vad gruppen kallas." in html
    assert "Gruppen möts mellan 1 och 12 gånger om året." in html
    assert html.count("Skriv ett antal år från 1 till 4.") == 2
    assert "En mandattid på 3 år är längre än överenskommelsen gäller" in html
    assert 'value="processledare"' in html
    assert 'value="13"' in html
    agreement.refresh_from_db()
    assert agreement.convener_title == "sammankallande"


def test_the_public_side_is_saved_as_one_word(client, convener, agreement):
    client.force_login(convener)
    response = client.post(URL, _form(public_side=" offentlig "), follow=True)
    assert "Överenskommelsens inställningar har sparats." in _html(response)
    agreement.refresh_from_db()
    assert agreement.public_side == "offentlig"
    assert (agreement.words.public, agreement.words.publics, agreement.words.Public) == ("offentlig", "offentliga", "Offentlig")


@pytest.mark.parametrize(
    ("word", "error"),
    [("  ", "Skriv vad överenskommelsen kallar sin offentliga sida."), ("offentlig sektor", "Skriv ett ord, till exempel kommunal eller offentlig.")],
)
def test_an_empty_or_several_word_public_side_is_refused(client, convener, agreement, word, error):
    client.force_login(convener)
    html = _html(client.post(URL, _form(public_side=word)))
    assert "Ingenting sparades. Rätta följande" in html
    assert error in html
    agreement.refresh_from_db()
    assert agreement.public_side == "kommunal"


def test_a_portal_without_the_setting_says_kommunal():
    words = AgreementWords()
    assert (words.public, words.publics, words.Public) == ("kommunal", "kommunala", "Kommunal")


@pytest.mark.parametrize("who", ["ordinary_user", "group_member", "convener_without_mfa", "representative_a"])
def test_others_may_not_change_the_settings(client, request, agreement, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403
    assert client.post(URL, _form(group_name="styrgruppen")).status_code == 403
    agreement.refresh_from_db()
    assert agreement.group_name == "samverkansgruppen"


def test_the_agreement_and_the_group_link_the_convener_to_the_settings(client, convener, agreement):
    client.force_login(convener)
    assert f'href="{URL}"' in client.get(reverse("agreement")).content.decode()
    assert f'href="{URL}"' in client.get(reverse("collaboration:group")).content.decode()


# --- The words on pages, emails and PDFs ---------------------------------------------------------


def test_the_groups_page_and_menu_use_the_agreements_words(client, blekinge_words):
    html = _text(client.get(reverse("collaboration:group")))
    assert "<h1>Styrgruppen</h1>" in html
    assert "Styrgruppen följer överenskommelsen" in html
    assert "Samverkansgrupp" not in html
    assert "samverkansgrupp" not in html


def test_the_dashboard_uses_the_agreements_words(client, convener, blekinge_words):
    client.force_login(convener)
    html = _text(client.get(reverse("collaboration:dashboard")))
    assert f"Styrgruppens översikt {timezone.localdate().year}" in html
    assert "utvecklingsområde" in html
    assert "amverkansgrupp" not in html


def test_the_process_names_the_convener_by_the_agreements_title(client, blekinge_words):
    html = _html(client.get(reverse("process")))
    assert "portalen och processledare till att hitta dem" in html
    assert "sammankallande" not in html


def test_an_email_uses_the_agreements_words(blekinge_words):
    accession = SimpleNamespace(
        name="Förening P",
        submitted_at=timezone.now(),
        org_number="",
        has_no_org_number=True,
        contact_name="Pia Persson",
        get_kind_display=lambda: "Ideell förening",
    )
    send_templated_email("accession-received", ["styrgrupp@example.org"], {"accession": accession, "accession_url": "", "queue_url": ""})
    assert "Ansökan väntar på styrgruppens beslut." in mail.outbox[-1].body


def test_the_reports_words_are_the_agreements(blekinge_words):
    html = " ".join(render_to_string("pdf/followup_meetings.html", {"meetings": [], "year": 2026}).split())
    assert "Styrgruppens möten" in html
    assert "Styrgruppen hade inga registrerade möten 2026." in html


# --- The rules -----------------------------------------------------------------------------------


def test_one_meeting_is_enough_when_the_agreement_asks_for_one_a_year(client, convener, agreement):
    year = timezone.localdate().year
    starts = timezone.make_aware(datetime.datetime(year, 12, 30, 17, 0))
    Meeting.objects.create(starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), place="Sal A")
    client.force_login(convener)
    url = reverse("collaboration:meeting_list") + f"?ar={year}"
    assert "färre än två möten är planerade" in _html(client.get(url))
    agreement.meetings_per_year = 1
    agreement.save()
    html = _html(client.get(url))
    assert "möts minst" not in html


def test_the_conference_is_due_the_next_year_when_it_is_held_every_year(agreement):
    make_conference(starts_on=datetime.date(2024, 5, 10), ends_on=datetime.date(2024, 5, 10))
    assert conference_due_year(datetime.date(2025, 3, 1)) == 2026
    agreement.conference_every_years = 1
    agreement.save()
    assert conference_due_year(datetime.date(2025, 3, 1)) == 2025


def test_the_next_round_is_proposed_after_the_follow_up_cadence(agreement):
    this_year = timezone.localdate().year
    FollowUpRound.objects.create(year=this_year - 1, deadline=datetime.date(this_year, 2, 1))
    assert RoundForm().initial["year"] == this_year
    agreement.followup_every_years = 2
    agreement.save()
    assert RoundForm().initial["year"] == this_year + 1


# --- The demo agreements -------------------------------------------------------------------------


def _all_text() -> str:
    """Every text value the demo stored, with the accounts' addresses and names."""
    from django.apps import apps

    parts = []
    for app_label in ("overenskommelse", "accounts", "collaboration", "initiatives", "followup", "conferences", "documents"):
        for model in apps.get_app_config(app_label).get_models():
            fields = [f.attname for f in model._meta.concrete_fields if f.get_internal_type() in ("CharField", "TextField", "EmailField", "SlugField") and f.name != "password"]
            if fields:
                parts.extend(str(value) for row in model.objects.order_by("pk").values_list(*fields) for value in row)
    return "\n".join(parts)


@pytest.mark.parametrize(
    ("key", "name", "group", "principles", "areas", "area_word"),
    [
        ("boras", "Borås Stad", "samrådet", 4, 3, "utvecklingsområden"),
        ("blekinge", "Region Blekinge", "styrgruppen", 7, 4, "utvecklingsområden"),
    ],
)
def test_another_agreements_demo_is_its_own_and_loads_twice(settings, key, name, group, principles, areas, area_word):
    settings.DEBUG = True
    call_command("load_demo", agreement=key, stdout=io.StringIO())
    first = _all_text()
    call_command("load_demo", agreement=key, stdout=io.StringIO())
    assert _all_text() == first
    agreement = Agreement.objects.get()
    assert agreement.municipality == name
    assert (agreement.group_name, agreement.area_name_plural) == (group, area_word)
    assert Principle.objects.count() == principles
    assert ActionPlan.objects.count() == 1
    assert PriorityArea.objects.count() == areas
    seats = Seat.objects.all()
    assert seats.filter(sector="offentlig").count() == seats.filter(sector="ideburen").count() == 4
    assert User.objects.filter(email__endswith=f"@demo.{'boras' if key == 'boras' else 'blekinge'}.se").count() == 3
    assert not re.search(r"lund|\bPIL\b|\bLIPS\b|kommunkontoret", first, re.IGNORECASE)


def test_blekinges_demo_has_its_rules(settings):
    settings.DEBUG = True
    call_command("load_demo", agreement="blekinge", stdout=io.StringIO())
    agreement = Agreement.objects.get()
    assert agreement.public_side == "offentlig"
    assert agreement.convener_title == "processledare"
    assert (agreement.conference_every_years, agreement.chair_mandate_years) == (1, 2)
    assert agreement.public_actors_may_join
    assert Principle.objects.filter(name="Innovation").exists()


def test_boras_is_followed_up_every_other_year(settings):
    settings.DEBUG = True
    call_command("load_demo", agreement="boras", stdout=io.StringIO())
    assert Agreement.objects.get().followup_every_years == 2


def test_lunds_demo_is_the_default_and_keeps_its_words(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    agreement = Agreement.objects.get()
    assert agreement.municipality == "Lunds kommun"
    assert (agreement.group_name, agreement.convener_title, agreement.meetings_per_year) == ("samverkansgruppen", "sammankallande", 2)


# --- Nothing Lund-specific outside the demo data ------------------------------------------------

LUND_WORDS = re.compile(
    r"\blunds?\b|\bPIL\b|\bLIPS\b|kommunkontor|kultur- och fritidsförvaltning|socialförvaltning|"
    r"vård- och omsorgsförvaltning|barn- och skolförvaltning",
    re.IGNORECASE,
)


def _outside_demo_data(path: str) -> bool:
    name = Path(path).name
    return not (
        "/tests/" in path or path.startswith(("tests/", "scripts/")) or "/migrations/" in path or name.startswith("demo") or name == "conftest.py" or name in ("bench_pages.py", "load_demo.py")
    )


def test_no_lund_specific_word_is_left_in_code_templates_or_translations():
    files = subprocess.run(
        ["git", "ls-files", "*.py", "*.html", "*.txt"], capture_output=True, text=True, cwd=django_settings.BASE_DIR, check=True
    ).stdout.split()
    found = []
    for path in filter(_outside_demo_data, files):
        if path.startswith(("requirements", "static/vendor")):
            continue
        for number, line in enumerate((Path(django_settings.BASE_DIR) / path).read_text(encoding="utf-8").splitlines(), 1):
            if LUND_WORDS.search(line):
                found.append(f"{path}:{number}: {line.strip()[:100]}")
    catalogue = (Path(django_settings.BASE_DIR) / "locale" / "sv" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    for translation in re.findall(r'^msg(?:id|str(?:\[\d\])?) "(.*)"$', catalogue, re.MULTILINE):
        if LUND_WORDS.search(translation):
            found.append(f"django.po: {translation[:100]}")
    assert not found, "\n".join(found)
