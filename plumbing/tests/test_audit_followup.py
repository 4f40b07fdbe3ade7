"""The audit log of the collaboration group's records (issue 8, item 6): seats and terms, chair
and vice chair, decisions at meetings, minutes and the yearly follow-up report. Each service that
changes one of them writes who, when and what in the same transaction."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import Accession, Organisation, OrganisationKind
from collaboration.models import (
    GroupOffice,
    Meeting,
    Seat,
    SeatSector,
)
from collaboration.services import group as group_services
from collaboration.services import meetings as meeting_services
from documents.models import FollowUpReport
from documents.services import pdf_jobs
from followup.models import FollowUpRound
from plumbing.models import AuditEntry

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _only_entry(**filters) -> AuditEntry:
    entries = list(AuditEntry.objects.filter(**filters))
    assert len(entries) == 1, entries
    return entries[0]


@pytest.fixture
def seat(db) -> Seat:
    umbrella = Organisation.objects.create(name="Paraplyet", kind=OrganisationKind.UMBRELLA)
    return Seat.objects.create(position=1, sector=SeatSector.IDEA_DRIVEN, appointed_by=umbrella)


@pytest.fixture
def meeting(db) -> Meeting:
    starts_at = timezone.now() - datetime.timedelta(days=3)
    return Meeting.objects.create(starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2), place="Stadshuset")


def test_appointing_changing_and_ending_a_term_are_logged(seat, convener):
    assignment = group_services.seat_assign(
        seat=seat,
        email="ny.ledamot@example.org",
        full_name="Nina Ny",
        starts_on=TODAY,
        ends_on=TODAY + datetime.timedelta(days=700),
        by=convener,
    )
    assigned = _only_entry(action="group.term_assigned")
    assert assigned.actor == convener
    assert assigned.changes["holder"]["after"] == "Nina Ny"

    group_services.seat_term_update(
        term=assignment.term, starts_on=TODAY, ends_on=TODAY + datetime.timedelta(days=1000), by=convener
    )
    changed = _only_entry(action="group.term_changed")
    assert list(changed.changes) == ["ends_on"]

    group_services.seat_term_end(term=assignment.term, left_on=TODAY + datetime.timedelta(days=10), by=convener)
    ended = _only_entry(action="group.term_ended")
    assert ended.changes["left_on"] == {"before": None, "after": (TODAY + datetime.timedelta(days=10)).isoformat()}


def test_a_chair_appointed_and_stepping_down_is_logged(seat, convener):
    office = group_services.group_office_appoint(kind=GroupOffice.Kind.CHAIR, seat=seat, starts_on=TODAY, by=convener)
    assert _only_entry(action="group.office_set").changes["kind"]["after"] == "chair"
    group_services.group_office_end(office=office, ends_on=TODAY + datetime.timedelta(days=5), by=convener)
    assert _only_entry(action="group.office_ended").actor == convener


def test_decisions_at_a_meeting_are_logged_also_when_removed(meeting, convener):
    decision = meeting_services.decision_record(meeting=meeting, text="Gruppen beslutar att bjuda in PIL.", by=convener)
    recorded = _only_entry(action="meeting.decision_recorded")
    assert recorded.target_label == "Gruppen beslutar att bjuda in PIL."
    meeting_services.decision_delete(decision=decision, by=convener)
    assert _only_entry(action="meeting.decision_removed").note == "Gruppen beslutar att bjuda in PIL."


def test_deciding_an_application_at_a_meeting_logs_the_decision_and_the_application(meeting, group_member, representative_a):
    accession = Accession.objects.create(
        applicant=representative_a,
        name="Föreningen Väntar",
        kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
        status=Accession.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    meeting_services.meeting_decide_application(
        meeting=meeting, accession=accession, approve=True, reason="", by=group_member
    )
    assert _only_entry(action="accession.approved").actor == group_member
    assert _only_entry(action="meeting.decision_recorded").actor == group_member


def test_publishing_and_correcting_minutes_are_logged(meeting, convener):
    meeting_services.minutes_save(meeting=meeting, minutes="§1 Mötet öppnas.", by=convener)
    assert not AuditEntry.objects.exists()  # a draft of the minutes is not yet a record
    meeting_services.minutes_publish(meeting=meeting, publish=True, by=convener)
    _only_entry(action="meeting.minutes_published")
    meeting_services.minutes_save(meeting=meeting, minutes="§1 Mötet öppnas kl. 17.", by=convener)
    corrected = _only_entry(action="meeting.minutes_changed")
    assert corrected.changes["minutes"] == {"before": "§1 Mötet öppnas.", "after": "§1 Mötet öppnas kl. 17."}
    meeting_services.minutes_publish(meeting=meeting, publish=False, by=convener)
    _only_entry(action="meeting.minutes_withdrawn")


def test_publishing_the_followup_report_is_logged(convener, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    followup_round = FollowUpRound.objects.create(year=TODAY.year - 1, deadline=TODAY)
    report = FollowUpReport.objects.create(followup_round=followup_round, version=1, status="done")
    report.file.save("rapport.pdf", ContentFile(b"%PDF-1.7 rapport"), save=True)
    pdf_jobs.followup_report_publish(report=report, by=convener)
    published = _only_entry(action="report.published")
    assert published.actor == convener
    pdf_jobs.followup_report_publish(report=report, by=convener)  # already published: nothing new
    assert AuditEntry.objects.filter(action="report.published").count() == 1
    pdf_jobs.followup_report_unpublish(report=report, by=convener)
    _only_entry(action="report.unpublished")
