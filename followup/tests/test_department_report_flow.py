"""A förvaltning's report: made on the first visit and filled in from the register (the
commitments active during the year with their amounts; ended ones absent), commitments added
later appear while it is a draft, the officer corrects, answers, saves and submits; a submitted
report is read-only until the convener reopens it (the officers are emailed); officers of another
förvaltning cannot see it."""

import datetime

import pytest
from django.core import mail
from django.db import reset_queries
from django.urls import reverse

from followup.models import DepartmentReport, Question
from followup.services.rounds import department_report_start
from followup.tests.factories import make_partnership, make_round
from initiatives.models import Contribution
from overenskommelse.tests.cast import assert_status, login

pytestmark = pytest.mark.django_db


def _start(client, followup_round, administration):
    return client.get(
        reverse(
            "followup:department_report_start",
            kwargs={"year": followup_round.year, "administration": administration.pk},
        )
    )


def _report_of(followup_round, administration) -> DepartmentReport:
    return DepartmentReport.objects.get(followup_round=followup_round, administration=administration)


def _form_data(report, *, answers=("Svar ett", "Svar två", "Svar tre", "Svar fyra"), **overrides):
    """What the officer's browser posts: every line as pre-filled, every question answered."""
    data = {"comment": ""}
    for line in report.commitments.all():
        data[f"line_{line.pk}_active"] = "on"
        data[f"line_{line.pk}_amount"] = str(line.registered_amount_sek)
        data[f"line_{line.pk}_comment"] = ""
    questions = report.followup_round.questions.filter(audience=Question.Audience.ADMINISTRATION).order_by(
        "position"
    )
    for question, text in zip(questions, answers, strict=False):
        data[f"answer_{question.pk}"] = text
    data.update(overrides)
    return data


def test_the_report_is_filled_in_from_the_register(client, open_round, officer_x, administration_x, commitments):
    client.force_login(officer_x)
    response = _start(client, open_round, administration_x)
    report = _report_of(open_round, administration_x)
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()

    lines = {line.partnership.title: line.registered_amount_sek for line in report.commitments.select_related("partnership")}
    assert lines == {
        "Mötesplats för unga": 450_000,  # the money; the premises (180 000 kr) are not priced in
        "Schack på fritidsgårdarna": 60_000,
        "Sommarlovsaktiviteter": 25_000,  # ended in the summer: still active during the year
    }
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Mötesplats för unga" in page
    assert "450\xa0000 kr" in page
    assert "Avslutat samtalsstöd" not in page, "ended the year before"
    assert "Kommande simskola" not in page, "starts next year"
    assert "Läxhjälp" not in page, "another förvaltning's"


def test_a_commitment_added_later_appears_while_the_report_is_a_draft(
    client, open_round, officer_x, administration_x, commitments
):
    client.force_login(officer_x)
    _start(client, open_round, administration_x)
    report = _report_of(open_round, administration_x)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Lägg till ett åtagande som saknas" in page
    assert f"?next={report.get_absolute_url()}" in page

    make_partnership(
        administration_x, "Läsfrämjande med biblioteken", starts_on=datetime.date(2026, 9, 1),
        amounts=[(Contribution.Kind.MONEY, 15_000)],
    )
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Läsfrämjande med biblioteken" in page
    assert report.commitments.count() == 4


def test_the_partnership_form_brings_the_officer_back_to_the_report(
    client, open_round, officer_x, administration_x, organisation_a
):
    client.force_login(officer_x)
    report = department_report_start(followup_round=open_round, administration=administration_x, by=officer_x)
    create_url = reverse("initiatives:partnership_create") + f"?next={report.get_absolute_url()}"
    form_page = client.get(create_url).content.decode()
    assert f'action="{create_url}"' in form_page, "the form posts back with the way to return"

    organisation_a.connected_since = datetime.date(2020, 1, 1)
    organisation_a.save()
    response = client.post(
        create_url,
        {
            "title": "Läsfrämjande med biblioteken",
            "form": "other",
            "administration": administration_x.pk,
            "description": "Högläsning på biblioteken.",
            "organisations": [organisation_a.pk],
            "starts_on": "2026-09-01",
            "contributions-TOTAL_FORMS": "0",
            "contributions-INITIAL_FORMS": "0",
            "contributions-MIN_NUM_FORMS": "0",
            "contributions-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == report.get_absolute_url()
    assert "Läsfrämjande med biblioteken" in client.get(report.get_absolute_url()).content.decode()


def test_a_next_to_another_site_is_ignored(client, officer_x, administration_x, organisation_a):
    client.force_login(officer_x)
    organisation_a.connected_since = datetime.date(2020, 1, 1)
    organisation_a.save()
    response = client.post(
        reverse("initiatives:partnership_create") + "?next=https://evil.example/",
        {
            "title": "Läsfrämjande", "form": "other", "administration": administration_x.pk,
            "description": "Högläsning.", "organisations": [organisation_a.pk], "starts_on": "2026-09-01",
            "contributions-TOTAL_FORMS": "0", "contributions-INITIAL_FORMS": "0",
            "contributions-MIN_NUM_FORMS": "0", "contributions-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_the_officer_corrects_saves_a_draft_and_submits(client, open_round, officer_x, administration_x, commitments):
    client.force_login(officer_x)
    report = department_report_start(followup_round=open_round, administration=administration_x, by=officer_x)
    iop = report.commitments.get(partnership=commitments["iop"])
    summer = report.commitments.get(partnership=commitments["ended_in_year"])
    data = _form_data(
        report,
        answers=("Vi bjuder in till dialogmöten.", "", "", ""),
        **{
            f"line_{iop.pk}_amount": "500000",
            f"line_{iop.pk}_comment": "Lokalen räknades inte in i år.",
            f"line_{summer.pk}_active": "",
        },
    )
    response = client.post(report.get_absolute_url(), {**data, "save": ""}, follow=True)
    assert "Utkastet är sparat" in response.content.decode()
    iop.refresh_from_db()
    summer.refresh_from_db()
    assert (iop.amount_sek, iop.comment, iop.reported_amount_sek) == (500_000, "Lokalen räknades inte in i år.", 500_000)
    assert not summer.was_active and summer.reported_amount_sek == 0
    report.refresh_from_db()
    assert report.status == "draft"

    # Going on to submit with questions unanswered: the confirmation page says so and has no button.
    response = client.post(report.get_absolute_url(), {**data, "submit": ""})
    assert response["Location"] == reverse("followup:department_report_submit", kwargs={"pk": report.pk})
    page = client.get(response["Location"]).content.decode()
    assert "Några frågor är inte besvarade" in page
    client.post(response["Location"])
    report.refresh_from_db()
    assert report.status == "draft"

    data = _form_data(report, **{f"line_{iop.pk}_amount": "500000", f"line_{summer.pk}_active": ""})
    client.post(report.get_absolute_url(), {**data, "submit": ""})
    page = client.get(reverse("followup:department_report_submit", kwargs={"pk": report.pk})).content.decode()
    assert "500\xa0000 kr" in page and "Skicka in rapporten" in page
    response = client.post(reverse("followup:department_report_submit", kwargs={"pk": report.pk}), follow=True)
    page = response.content.decode()
    assert "Rapporten är inskickad" in page
    report.refresh_from_db()
    assert report.status == "submitted" and report.submitted_by == officer_x

    # Read-only now: no form, and a post changes nothing.
    assert "<textarea" not in page
    response = client.post(report.get_absolute_url(), {**data, "comment": "Ändrat i efterhand"})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.comment == ""


def test_an_unchanged_amount_follows_the_register(client, open_round, officer_x, administration_x, commitments):
    client.force_login(officer_x)
    report = department_report_start(followup_round=open_round, administration=administration_x, by=officer_x)
    client.post(report.get_absolute_url(), {**_form_data(report), "save": ""})
    line = report.commitments.get(partnership=commitments["project"])
    assert line.amount_sek is None, "the register's amount, not a correction"
    Contribution.objects.filter(partnership=commitments["project"]).update(amount_sek_per_year=70_000)
    client.get(report.get_absolute_url())
    line.refresh_from_db()
    assert line.reported_amount_sek == 70_000


def test_the_convener_reopens_a_submitted_report_and_the_officers_are_emailed(
    client, open_round, officer_x, convener, administration_x, commitments, django_capture_on_commit_callbacks
):
    report = department_report_start(followup_round=open_round, administration=administration_x, by=officer_x)
    DepartmentReport.objects.filter(pk=report.pk).update(status="submitted")
    reopen_url = reverse("followup:department_report_reopen", kwargs={"pk": report.pk})

    client.force_login(convener)
    assert "Öppna rapporten igen" in client.get(report.get_absolute_url()).content.decode()
    response = client.post(reopen_url, {"reason": ""})
    assert "Varför öppnas rapporten igen?" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reopen_url, {"reason": "Beloppet för mötesplatsen saknas."}, follow=True)
    assert "Rapporten är öppnad igen" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "draft" and report.reopened_by == convener

    [message] = mail.outbox
    assert message.to == [officer_x.email]
    assert "Beloppet för mötesplatsen saknas." in message.body
    assert report.get_absolute_url() in message.body

    # The officer can change it again, and sees why.
    client.force_login(officer_x)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Beloppet för mötesplatsen saknas." in page and "<textarea" in page


def test_a_draft_cannot_be_reopened_and_a_closed_round_cannot_be_changed(
    client, convener, officer_x, administration_x, commitments
):
    closed = make_round(convener, year=2025, closed=True)
    report = DepartmentReport.objects.create(followup_round=closed, administration=administration_x)
    client.force_login(convener)
    assert client.get(reverse("followup:department_report_reopen", kwargs={"pk": report.pk})).status_code == 403
    client.force_login(officer_x)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "<textarea" not in page
    assert "inte in innan uppföljningen stängdes" in page


def test_officers_of_another_forvaltning_cannot_see_or_start_the_report(
    client, open_round, officer_x, officer_y, administration_x, commitments
):
    report = department_report_start(followup_round=open_round, administration=administration_x, by=officer_x)
    client.force_login(officer_y)
    assert client.get(report.get_absolute_url()).status_code == 403
    assert client.post(report.get_absolute_url(), _form_data(report)).status_code == 403
    assert client.get(reverse("followup:department_report_submit", kwargs={"pk": report.pk})).status_code == 403
    assert _start(client, open_round, administration_x).status_code == 404


def test_a_report_cannot_be_started_in_a_round_that_is_closed(client, convener, officer_x, administration_x):
    closed = make_round(convener, year=2025, closed=True)
    client.force_login(officer_x)
    response = _start(client, closed, administration_x)
    assert response.status_code == 302
    assert not DepartmentReport.objects.filter(followup_round=closed).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Uppföljningen är inte öppen" in page


@pytest.mark.parametrize(
    "who, expected",
    [
        ("anonymous", "login"),
        ("ordinary_user", 403),
        ("representative_a", 403),
        ("officer_x", 200),
        ("officer_y", 403),
        ("group_member", 200),
        ("convener", 200),
    ],
)
def test_who_may_read_a_report(client, request, who, expected, open_round, officer_x, administration_x):
    report = department_report_start(followup_round=open_round, administration=administration_x, by=officer_x)
    login(client, request, who)
    assert_status(client.get(report.get_absolute_url()), expected)


@pytest.mark.parametrize(
    "who, expected",
    [
        ("anonymous", "login"),
        ("ordinary_user", 403),
        ("representative_a", 403),
        ("officer_x", 302),
        ("officer_y", 404),
        ("group_member", 403),
        ("convener", 403),
    ],
)
def test_who_may_start_a_report(client, request, who, expected, open_round, administration_x):
    login(client, request, who)
    assert_status(_start(client, open_round, administration_x), expected)


@pytest.mark.parametrize(
    "who, expected",
    [
        ("anonymous", "login"),
        ("ordinary_user", 403),
        ("representative_a", 403),
        ("officer_x", 200),
        ("officer_y", 403),
        ("group_member", 403),
        ("convener", 403),
    ],
)
def test_who_may_submit_a_report(client, request, who, expected, open_round, officer_x, administration_x):
    report = department_report_start(followup_round=open_round, administration=administration_x, by=officer_x)
    login(client, request, who)
    assert_status(client.get(reverse("followup:department_report_submit", kwargs={"pk": report.pk})), expected)


@pytest.mark.parametrize(
    "who, expected",
    [
        ("anonymous", "login"),
        ("ordinary_user", 403),
        ("representative_a", 403),
        ("officer_x", 403),
        ("group_member", 403),
        ("convener", 200),
    ],
)
def test_who_may_reopen_a_report(client, request, who, expected, open_round, officer_x, administration_x):
    report = department_report_start(followup_round=open_round, administration=administration_x, by=officer_x)
    DepartmentReport.objects.filter(pk=report.pk).update(status="submitted")
    login(client, request, who)
    assert_status(client.get(reverse("followup:department_report_reopen", kwargs={"pk": report.pk})), expected)


def test_the_report_page_runs_the_same_queries_whatever_the_number_of_commitments(
    client, open_round, officer_x, administration_x, organisation_a, django_assert_max_num_queries
):
    def add(count):
        for number in range(count):
            make_partnership(
                administration_x, f"Åtagande {number}", starts_on=datetime.date(2026, 1, 1),
                amounts=[(Contribution.Kind.MONEY, 1_000)], parties=[organisation_a],
            )

    client.force_login(officer_x)
    add(2)
    report = department_report_start(followup_round=open_round, administration=administration_x, by=officer_x)
    client.get(report.get_absolute_url())
    reset_queries()  # a request resets the log; start the count from an empty one
    with django_assert_max_num_queries(100) as few:
        client.get(report.get_absolute_url())
    baseline = len(few)
    add(20)
    client.get(report.get_absolute_url())  # adds the new lines
    reset_queries()
    with django_assert_max_num_queries(baseline):
        response = client.get(report.get_absolute_url())
    assert response.content.decode().count("<fieldset") >= 22
