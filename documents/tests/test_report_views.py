"""The report pages: who may make, see, download and publish the yearly follow-up report; the
versions with their state; the error and "Försök igen"; the public page of published reports."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.models import FollowUpReport
from documents.services import pdf_jobs
from followup.models import FollowUpRound

pytestmark = pytest.mark.django_db

CAST = ["anonymous", "ordinary_user", "representative_a", "officer_x", "group_member", "convener"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fast_render(monkeypatch):
    """The pages are about the job; the PDF's content is tested in test_report_pdf.py."""
    monkeypatch.setattr(pdf_jobs, "render_job_pdf", lambda template_name, context: (b"%PDF-1.7 rapport", 4))


@pytest.fixture
def followup_round(db) -> FollowUpRound:
    return FollowUpRound.objects.create(
        year=2025,
        deadline=datetime.date(2026, 2, 15),
        opened_at=timezone.now() - datetime.timedelta(days=60),
        closed_at=timezone.now() - datetime.timedelta(days=1),
    )


def _made(followup_round, by=None, *, publish_by=None) -> FollowUpReport:
    report = pdf_jobs.followup_report_request(followup_round=followup_round, by=by)
    pdf_jobs.followup_report_make(report_id=report.pk)
    if publish_by:
        pdf_jobs.followup_report_publish(report=report, by=publish_by)
    report.refresh_from_db()
    return report


def _client_as(client, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


# --- Who may see the report page ------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, expected",
    [
        ("anonymous", 302),
        ("ordinary_user", 403),
        ("representative_a", 403),
        ("officer_x", 403),
        ("group_member", 200),
        ("convener", 200),
    ],
)
def test_the_report_page_is_for_the_group_and_the_convener(client, request, followup_round, role, expected):
    response = _client_as(client, request, role).get(reverse("documents:report_list", args=[2025]))
    assert response.status_code == expected
    if role == "anonymous":
        assert reverse("account_login") in response["Location"]


def test_without_two_step_verification_the_convener_may_not_make_the_report(client, convener_without_mfa, followup_round):
    client.force_login(convener_without_mfa)
    assert client.get(reverse("documents:report_list", args=[2025])).status_code == 403


def test_an_unknown_year_is_not_found(client, convener):
    client.force_login(convener)
    assert client.get(reverse("documents:report_list", args=[1999])).status_code == 404


@pytest.mark.parametrize("role, may", [(role, role in ("group_member", "convener")) for role in CAST])
def test_who_may_ask_for_a_report(client, request, followup_round, role, may, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _client_as(client, request, role).post(reverse("documents:report_create", args=[2025]))
    assert FollowUpReport.objects.exists() is may
    if not may:
        assert response.status_code in (302, 403)


# --- Making versions --------------------------------------------------------------------------------


def test_the_convener_makes_two_versions_and_both_can_be_downloaded(client, convener, followup_round, django_capture_on_commit_callbacks):
    client.force_login(convener)
    page = client.get(reverse("documents:report_list", args=[2025])).content.decode()
    assert "Skapa uppföljningsrapport" in page
    for version in (1, 2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("documents:report_create", args=[2025]))
        assert response["Location"].endswith(f"/uppfoljning/2025/rapport/#version-{version}")
    page = client.get(reverse("documents:report_list", args=[2025])).content.decode()
    assert "Version 1" in page and "Version 2" in page
    assert page.count("Klar") >= 2
    reports = list(FollowUpReport.objects.order_by("version"))
    assert [(r.version, r.status) for r in reports] == [(1, "done"), (2, "done")]
    for report in reports:
        download = client.get(reverse("documents:report_download", args=[report.pk]))
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"
        assert b"".join(download.streaming_content).startswith(b"%PDF")
        assert f"uppfoljningsrapport-2025-version-{report.version}.pdf" in download["Content-Disposition"]
        assert "no-store" in download["Cache-Control"]


def test_a_version_being_made_shows_its_progress_and_polls(client, group_member, followup_round):
    report = pdf_jobs.followup_report_request(followup_round=followup_round, by=group_member)  # not sent: waiting
    FollowUpReport.objects.filter(pk=report.pk).update(status="running", progress=40, progress_text="layout")
    client.force_login(group_member)
    page = client.get(reverse("documents:report_list", args=[2025])).content.decode()
    status_url = reverse("documents:report_status", args=[report.pk])
    assert f'hx-get="{status_url}"' in page
    assert "Sätter sidorna (40 %)" in page
    assert "Ladda om sidan" in page  # without JavaScript


def test_the_status_block_alone_for_htmx_and_the_page_without(client, group_member, followup_round):
    report = _made(followup_round)
    client.force_login(group_member)
    url = reverse("documents:report_status", args=[report.pk])
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert "<html" not in html
    assert "Klar" in html
    assert "hx-get" not in html  # done: polling stops
    assert client.get(url).status_code == 302  # a browser without htmx goes to the page


def test_a_failed_version_shows_the_error_and_can_be_made_again(client, convener, followup_round, monkeypatch, django_capture_on_commit_callbacks):
    def broken(template_name, context):
        raise RuntimeError("Teckensnittet saknas")

    monkeypatch.setattr(pdf_jobs, "render_job_pdf", broken)
    client.force_login(convener)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents:report_create", args=[2025]))
    page = client.get(reverse("documents:report_list", args=[2025])).content.decode()
    report = FollowUpReport.objects.get()
    assert report.status == "failed"
    assert "Misslyckades" in page
    assert "RuntimeError: Teckensnittet saknas" in page
    retry_url = reverse("documents:report_retry", args=[report.pk])
    assert f'action="{retry_url}"' in page
    assert "Försök igen" in page

    monkeypatch.setattr(pdf_jobs, "render_job_pdf", lambda template_name, context: (b"%PDF-1.7", 2))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(retry_url)
    page = client.get(reverse("documents:report_list", args=[2025])).content.decode()
    report.refresh_from_db()
    assert report.status == "done" and report.version == 1
    assert "Teckensnittet saknas" not in page
    assert reverse("documents:report_download", args=[report.pk]) in page


# --- Downloading and publishing ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, expected",
    [
        ("anonymous", 302),
        ("ordinary_user", 404),
        ("representative_a", 404),
        ("officer_x", 404),
        ("group_member", 200),
        ("convener", 200),
    ],
)
def test_an_unpublished_version_is_only_for_the_group_and_the_convener(client, request, followup_round, role, expected):
    report = _made(followup_round)
    response = _client_as(client, request, role).get(reverse("documents:report_download", args=[report.pk]))
    assert response.status_code == expected
    if expected == 302:
        assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("role", CAST)
def test_a_published_version_is_downloadable_by_everyone(client, request, followup_round, convener, role):
    report = _made(followup_round, publish_by=convener)
    client.logout()
    response = _client_as(client, request, role).get(reverse("documents:report_download", args=[report.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("role, may", [(role, role == "convener") for role in CAST])
def test_only_the_convener_publishes(client, request, followup_round, role, may):
    report = _made(followup_round)
    response = _client_as(client, request, role).post(reverse("documents:report_publish", args=[report.pk]))
    report.refresh_from_db()
    assert (report.published_at is not None) is may
    if not may:
        assert response.status_code in (302, 403)


def test_the_publish_button_is_shown_to_the_convener_only(client, convener, group_member, followup_round):
    _made(followup_round)
    client.force_login(group_member)
    assert "Publicera version 1" not in client.get(reverse("documents:report_list", args=[2025])).content.decode()
    client.force_login(convener)
    assert "Publicera version 1" in client.get(reverse("documents:report_list", args=[2025])).content.decode()


def test_publishing_lists_the_report_on_the_public_page(client, convener, followup_round):
    report = _made(followup_round)
    public_url = reverse("documents:published_reports")
    assert "Uppföljningen av 2025" not in client.get(public_url).content.decode()
    client.force_login(convener)
    page = client.post(reverse("documents:report_publish", args=[report.pk]), follow=True).content.decode()
    assert "Version 1 är publicerad." in page
    client.logout()
    public = client.get(public_url).content.decode()
    assert "Uppföljningen av 2025" in public
    assert reverse("documents:report_download", args=[report.pk]) in public

    client.force_login(convener)
    client.post(reverse("documents:report_publish", args=[report.pk]), {"action": "unpublish"})
    client.logout()
    assert "Uppföljningen av 2025" not in client.get(public_url).content.decode()
    assert client.get(reverse("documents:report_download", args=[report.pk])).status_code == 302


def test_a_version_still_being_made_cannot_be_downloaded(client, convener, followup_round):
    report = pdf_jobs.followup_report_request(followup_round=followup_round, by=convener)
    client.force_login(convener)
    assert client.get(reverse("documents:report_download", args=[report.pk])).status_code == 404


def test_the_public_page_lists_reports_in_few_queries(client, convener, django_assert_max_num_queries):
    for year in (2021, 2022, 2023, 2024):
        followup_round = FollowUpRound.objects.create(year=year, deadline=datetime.date(year + 1, 2, 1))
        _made(followup_round, publish_by=convener)
    with django_assert_max_num_queries(6):
        page = client.get(reverse("documents:published_reports")).content.decode()
    assert page.index("Uppföljningen av 2024") < page.index("Uppföljningen av 2021")


def test_the_round_page_links_to_the_report(client, group_member, followup_round):
    client.force_login(group_member)
    page = client.get(reverse("followup:round_detail", args=[2025])).content.decode()
    assert reverse("documents:report_list", args=[2025]) in page
