"""Issue 14: a follow-up that is not yearly is not called yearly. Under Borås's agreement (followed up
every other year) a round covers two years: the reminder and the reopened emails name its period and
the cadence, the förvaltning's report counts the commitments of both years, and the survey asks
about the collaboration with the agreement's own public party."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from followup import tasks as tasks_rounds
from followup.models import DepartmentReport
from followup.services.rounds import department_report_start
from followup.tests.factories import make_round
from overenskommelse.models import Agreement
from plumbing.emails import send_templated_email

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2026, 12, 15)


@pytest.fixture
def biennial(agreement) -> Agreement:
    """The agreement of the tests followed up every other year, as Borås's is."""
    agreement.municipality = "Borås Stad"
    agreement.followup_every_years = 2
    agreement.save()
    return agreement


@pytest.fixture
def today(monkeypatch):
    def set_day(day: datetime.date):
        monkeypatch.setattr(
            tasks_rounds.timezone, "localdate", lambda *args: day if not args else timezone.localtime(args[0]).date()
        )

    return set_day


def _reminded(convener, officer_y, today, *, day) -> str:
    followup_round = make_round(
        convener, deadline=DEADLINE, opened_at=timezone.make_aware(datetime.datetime(2026, 10, 1, 9, 0))
    )
    department_report_start(
        followup_round=followup_round, administration=officer_y.representations.get().organisation, by=officer_y
    )
    today(day)
    assert tasks_rounds.send_round_reminders() == 1
    [message] = mail.outbox
    return " ".join(message.body.split()) + " ".join(message.alternatives[0][0].split())


def test_the_reminder_of_a_round_every_other_year_is_not_called_yearly(biennial, convener, officer_y, today):
    body = _reminded(convener, officer_y, today, day=DEADLINE - datetime.timedelta(days=7))
    assert "årlig" not in body
    assert (
        "Förvaltningens rapport i uppföljningen av 2025–2026 (överenskommelsen följs upp vartannat år) "
        "ska vara inskickad senast 15 december 2026." in body
    )


def test_the_last_days_reminder_of_a_round_every_other_year_is_not_called_yearly(biennial, convener, officer_y, today):
    body = _reminded(convener, officer_y, today, day=DEADLINE)
    assert "årlig" not in body
    assert "I dag är sista dagen att skicka in förvaltningens rapport i uppföljningen av 2025–2026" in body


def test_the_reminder_of_a_yearly_round_still_says_yearly(agreement, convener, officer_y, today):
    body = _reminded(convener, officer_y, today, day=DEADLINE - datetime.timedelta(days=7))
    assert "Förvaltningens rapport i den årliga uppföljningen av 2026 ska vara inskickad senast 15 december 2026." in body


def test_the_reopened_email_of_a_round_every_other_year_names_its_period(
    client, biennial, convener, officer_x, administration_x, django_capture_on_commit_callbacks
):
    followup_round = make_round(convener)
    report = department_report_start(followup_round=followup_round, administration=administration_x, by=officer_x)
    DepartmentReport.objects.filter(pk=report.pk).update(status="submitted")
    client.force_login(convener)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("followup:department_report_reopen", kwargs={"pk": report.pk}),
            {"reason": "Beloppet saknas."},
        )
    [message] = mail.outbox
    body = " ".join(message.body.split())
    assert "årlig" not in body
    assert "har öppnat rapporten från Kultur- och fritidsförvaltningen i uppföljningen av 2025–2026 igen" in body


def test_the_report_of_a_round_every_other_year_counts_the_commitments_of_both_years(
    client, biennial, convener, officer_x, administration_x, commitments
):
    followup_round = make_round(convener)
    client.force_login(officer_x)
    client.get(
        reverse(
            "followup:department_report_start",
            kwargs={"year": followup_round.year, "administration": administration_x.pk},
        )
    )
    report = DepartmentReport.objects.get(followup_round=followup_round, administration=administration_x)
    page = " ".join(client.get(report.get_absolute_url()).content.decode().split())
    assert "Samverkansåtaganden under 2025–2026" in page
    assert "Avslutat samtalsstöd" in page, "ended in 2025: within the round's two years"
    assert "Kommande simskola" not in page, "starts after the period"
    assert {line.partnership.title for line in report.commitments.select_related("partnership")} == {
        "Mötesplats för unga",
        "Schack på fritidsgårdarna",
        "Sommarlovsaktiviteter",
        "Avslutat samtalsstöd",
    }


def test_the_survey_asks_about_the_agreements_public_party(client, biennial, convener, representative_a, organisation_a):
    organisation_a.connected_since = datetime.date(2020, 1, 1)
    organisation_a.save()
    followup_round = make_round(convener)
    client.force_login(representative_a)
    page = " ".join(client.get(reverse("followup:survey", kwargs={"year": followup_round.year})).content.decode().split())
    assert "Hur har samverkan med Borås Stad fungerat för er organisation under 2025–2026?" in page
    assert "samverkan med kommunen" not in page


def test_the_emails_name_the_agreements_public_party(biennial, organisation_a):
    send_templated_email(
        "confirm-details",
        ["forening@example.org"],
        {"organisation": organisation_a, "confirm_url": "", "portal_url": ""},
    )
    message = mail.outbox[-1]
    text = " ".join(message.body.split())
    html = " ".join(message.alternatives[0][0].split())
    assert "är ansluten till överenskommelsen mellan Borås Stad och den idéburna sektorn." in text
    assert "är ansluten till överenskommelsen mellan Borås Stad och den idéburna sektorn." in html
    assert "kommunen" not in text
