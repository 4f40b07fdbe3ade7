"""The collaboration group (seats, terms, chair and vice chair, meetings, agenda, attendance,
decisions), the yearly follow-up round (department reports, the associations' experience survey)
and the PDFs made in the background (the meeting pack and the yearly follow-up report).

Rules that touch several rows (who holds a seat now, the composition warnings, deciding an
application at a meeting, submitting and reopening a report) live in ``services/``; reads shared by
views, the dashboard and the PDFs live in ``selectors/``.
"""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Accession, Organisation, Sector, User
from conferences.models import Conference
from initiatives.models import Initiative, Partnership
from overenskommelse.dates import validate_plan_date
from overenskommelse.limits import LONG_TEXT_MAX_LENGTH, TEXT_MAX_LENGTH

# --- The group -----------------------------------------------------------------------------------


class SeatSector(models.TextChoices):
    """A seat belongs to one of the agreement's two sides."""

    PUBLIC = Sector.PUBLIC.value, _("Municipal")
    IDEA_DRIVEN = Sector.IDEA_DRIVEN.value, _("Idea-driven sector")


class Seat(models.Model):
    """One of the group's seats (Lund: eight, four municipal and four from the idea-driven sector).

    A seat is appointed by an administration (municipal seats) or by an umbrella organisation or the
    sector's own process (idea-driven seats); who holds it, and when, is kept in ``SeatTerm``."""

    position = models.PositiveSmallIntegerField(_("position"), default=0)
    sector = models.CharField(_("sector"), max_length=20, choices=SeatSector.choices)
    appointed_by = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="group_seats",
        verbose_name=_("appointed by"),
        help_text=_("The förvaltning or the umbrella organisation that appoints the seat."),
    )
    appointed_by_text = models.CharField(
        _("appointed by (when not an organisation in the register)"),
        max_length=200,
        blank=True,
        help_text=_("For example: the idea-driven sector's open nomination."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.get_sector_display()} {self.position}"

    @property
    def appointed_by_label(self) -> str:
        return self.appointed_by.name if self.appointed_by_id else self.appointed_by_text


class SeatTermQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None) -> "SeatTermQuerySet":
        """Terms held on a date (default today): begun and not yet left."""
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on).filter(models.Q(left_on__isnull=True) | models.Q(left_on__gt=on))


class SeatTerm(models.Model):
    """Who held a seat, from when, for which term: the history of the group is these rows.

    ``ends_on`` is the end of the term the holder was appointed for; ``left_on`` is set when the
    holder actually leaves (replaced, resigned). A holder who stays past the end of the term still
    holds the seat until someone else is appointed (the warning says the term has run out)."""

    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="terms", verbose_name=_("seat"))
    holder = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="seat_terms", verbose_name=_("holder")
    )
    starts_on = models.DateField(_("term starts"), validators=[validate_plan_date])
    ends_on = models.DateField(_("term ends"), validators=[validate_plan_date])
    left_on = models.DateField(_("left the seat on"), null=True, blank=True, validators=[validate_plan_date])
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    # When the holder was told about the seat (the email goes once).
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SeatTermQuerySet.as_manager()

    class Meta:
        verbose_name = _("term on a seat")
        verbose_name_plural = _("terms on seats")
        ordering = ["seat", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="seatterm_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.holder} – {self.seat} ({self.starts_on}–{self.ends_on})"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The term cannot end before it starts.")})


class GroupOffice(models.Model):
    """The chair or the vice chair of the group: which seat holds it, from when, until when
    (Blekinge: chosen for two years, one from each sector)."""

    class Kind(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice chair")

    kind = models.CharField(_("office"), max_length=12, choices=Kind.choices)
    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="offices", verbose_name=_("seat"))
    starts_on = models.DateField(_("from"), validators=[validate_plan_date])
    ends_on = models.DateField(_("until"), validators=[validate_plan_date])
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("chair or vice chair")
        verbose_name_plural = _("chairs and vice chairs")
        ordering = ["-starts_on", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="groupoffice_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.seat} ({self.starts_on}–{self.ends_on})"


# --- Meetings ------------------------------------------------------------------------------------


class MeetingQuerySet(models.QuerySet):
    def in_year(self, year: int) -> "MeetingQuerySet":
        return self.filter(starts_at__year=year)

    def upcoming(self) -> "MeetingQuerySet":
        return self.filter(starts_at__gte=timezone.now(), cancelled_at__isnull=True).order_by("starts_at")

    def without_minutes(self) -> "MeetingQuerySet":
        """Held (started in the past, not cancelled) and still without minutes."""
        return self.filter(starts_at__lt=timezone.now(), cancelled_at__isnull=True, minutes="")


class Meeting(models.Model):
    """A meeting of the group (Lund: twice a year)."""

    starts_at = models.DateTimeField(_("starts"), validators=[validate_plan_date])
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True, validators=[validate_plan_date])
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    description = models.TextField(_("note to the members"), blank=True, max_length=TEXT_MAX_LENGTH)
    minutes = models.TextField(_("minutes"), blank=True, max_length=LONG_TEXT_MAX_LENGTH)
    minutes_published_at = models.DateTimeField(_("minutes published"), null=True, blank=True)
    invitation_sent_at = models.DateTimeField(_("invitation sent"), null=True, blank=True)
    minutes_reminder_sent_at = models.DateTimeField(
        _("convener reminded about the minutes"), null=True, blank=True
    )
    # What the last invitation said (a digest of time, place and agenda) and which ``sequence``
    # finished sending: sending again is a no-op until something changes, and then bumps ``sequence``.
    invitation_digest = models.CharField(max_length=64, blank=True, editable=False)
    invitation_sent_sequence = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # A random, unguessable id for the iCal event (stable across updates).
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting of the group")
        verbose_name_plural = _("meetings of the group")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return _("Meeting %(date)s") % {"date": local.strftime("%Y-%m-%d")}

    def get_absolute_url(self) -> str:
        return reverse("followup:meeting_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
        if not self.place and not self.video_link:
            raise ValidationError(_("Give a place, a video link, or both."))

    @property
    def is_past(self) -> bool:
        return self.starts_at < timezone.now()

    @property
    def minutes_are_published(self) -> bool:
        return self.minutes_published_at is not None

    @property
    def lacks_minutes(self) -> bool:
        return self.is_past and self.cancelled_at is None and not self.minutes.strip()


class AgendaItem(models.Model):
    """One item of a meeting's agenda, with its estimated duration; it may point at what it is
    about (an application to decide, an initiative reported to the group, the follow-up round,
    the conference)."""

    class Kind(models.TextChoices):
        APPLICATION = "application", _("Application to decide")
        INITIATIVE = "initiative", _("Initiative reported to the group")
        FOLLOWUP = "followup", _("The yearly follow-up")
        CONFERENCE = "conference", _("The conference")
        OTHER = "other", _("Other item")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("item"), max_length=300)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_MAX_LENGTH)
    duration_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=10, validators=[MinValueValidator(1), MaxValueValidator(480)]
    )
    accession = models.ForeignKey(
        Accession, on_delete=models.SET_NULL, null=True, blank=True, related_name="agenda_items"
    )
    initiative = models.ForeignKey(
        Initiative, on_delete=models.SET_NULL, null=True, blank=True, related_name="agenda_items"
    )
    followup_round = models.ForeignKey(
        "FollowUpRound", on_delete=models.SET_NULL, null=True, blank=True, related_name="agenda_items"
    )
    conference = models.ForeignKey(
        Conference, on_delete=models.SET_NULL, null=True, blank=True, related_name="agenda_items"
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class MeetingAttendance(models.Model):
    """Who was at a meeting (recorded by the convener), and for which seat."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(User, on_delete=models.PROTECT, related_name="meeting_attendances")
    seat = models.ForeignKey(Seat, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        verbose_name = _("attendance at a meeting")
        verbose_name_plural = _("attendance at meetings")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="meetingattendance_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.meeting}"


class MeetingEmail(models.Model):
    """An email about a meeting already sent to one address (the invitation of one ``sequence``),
    so that a task run twice, or retried after a crash, never sends it again."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(max_length=30)
    sequence = models.PositiveIntegerField(default=0)
    email = models.EmailField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "kind", "sequence", "email"], name="meetingemail_once")
        ]


class Decision(models.Model):
    """A decision taken at a meeting. Deciding an application from the meeting page records the
    decision here too, linked to the application."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    text = models.TextField(_("decision"), max_length=TEXT_MAX_LENGTH)
    accession = models.ForeignKey(
        Accession, on_delete=models.PROTECT, null=True, blank=True, related_name="group_decisions"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "recorded_at", "pk"]
        constraints = [
            # An application is decided once; so it is linked to one decision at most.
            models.UniqueConstraint(
                fields=["accession"], condition=models.Q(accession__isnull=False), name="decision_one_per_accession"
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]


# --- The yearly follow-up ------------------------------------------------------------------------


class FollowUpRoundQuerySet(models.QuerySet):
    def open(self) -> "FollowUpRoundQuerySet":
        return self.filter(opened_at__isnull=False, closed_at__isnull=True)


class FollowUpRound(models.Model):
    """The follow-up of one year: the förvaltningar's reports and the associations' survey, ending
    in the yearly follow-up report (PDF)."""

    year = models.PositiveSmallIntegerField(_("year followed up"), unique=True)
    deadline = models.DateField(_("last day to report"), validators=[validate_plan_date])
    introduction = models.TextField(
        _("message to those asked to report"),
        blank=True,
        help_text=_("Sent in the email and shown at the top of the report and the survey."),
        max_length=TEXT_MAX_LENGTH,
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    opened_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Reminders already sent ("week_before", "deadline"): each goes once.
    reminders_sent = models.JSONField(default=list, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FollowUpRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("yearly follow-up")
        verbose_name_plural = _("yearly follow-ups")
        ordering = ["-year"]

    def __str__(self) -> str:
        return _("Follow-up %(year)s") % {"year": self.year}

    def get_absolute_url(self) -> str:
        return reverse("followup:round_detail", kwargs={"year": self.year})

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None and self.closed_at is None

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Question(models.Model):
    """A question of a round: to the förvaltningar (free text) or in the associations' survey
    (a five-step scale and free text). Each round has its own copy, so editing next year's
    questions never changes last year's answers."""

    class Audience(models.TextChoices):
        ADMINISTRATION = "administration", _("Förvaltningar")
        ASSOCIATION = "association", _("Associations (survey)")

    followup_round = models.ForeignKey(FollowUpRound, on_delete=models.CASCADE, related_name="questions")
    audience = models.CharField(_("asked of"), max_length=20, choices=Audience.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    has_scale = models.BooleanField(
        _("answered on a five-step scale"),
        default=False,
        help_text=_("Survey questions: 1 = not at all, 5 = to a very high degree; free text besides."),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["followup_round", "audience", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class DepartmentReport(models.Model):
    """A förvaltning's report for a round: its commitments (confirmed or corrected) and answers."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    followup_round = models.ForeignKey(FollowUpRound, on_delete=models.CASCADE, related_name="department_reports")
    administration = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="followup_reports", verbose_name=_("förvaltning")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    comment = models.TextField(_("other comments"), blank=True, max_length=TEXT_MAX_LENGTH)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reopened_at = models.DateTimeField(_("reopened"), null=True, blank=True)
    reopened_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reopen_reason = models.TextField(_("why it was reopened"), blank=True, max_length=TEXT_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("förvaltning's report")
        verbose_name_plural = _("förvaltningar's reports")
        ordering = ["followup_round", "administration__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["followup_round", "administration"], name="departmentreport_one_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.administration} – {self.followup_round}"

    def get_absolute_url(self) -> str:
        return reverse("followup:department_report", kwargs={"pk": self.pk})

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class ReportedCommitment(models.Model):
    """One commitment in a förvaltning's report, as the register had it (pre-filled) and as the
    officer confirmed or corrected it."""

    report = models.ForeignKey(DepartmentReport, on_delete=models.CASCADE, related_name="commitments")
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="followup_lines", verbose_name=_("commitment")
    )
    # What the register said when the report was made (kept, so corrections show against it).
    registered_amount_sek = models.PositiveIntegerField(_("kronor per year in the register"), default=0)
    was_active = models.BooleanField(_("active during the year"), default=True)
    amount_sek = models.PositiveIntegerField(_("kronor during the year"), null=True, blank=True)
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("reported commitment")
        verbose_name_plural = _("reported commitments")
        ordering = ["report", "partnership__title"]
        constraints = [
            models.UniqueConstraint(fields=["report", "partnership"], name="reportedcommitment_once_per_report")
        ]

    def __str__(self) -> str:
        return str(self.partnership)

    @property
    def reported_amount_sek(self) -> int:
        """What the year's figures use: the officer's correction, else the register's amount."""
        if not self.was_active:
            return 0
        return self.registered_amount_sek if self.amount_sek is None else self.amount_sek


class DepartmentAnswer(models.Model):
    report = models.ForeignKey(DepartmentReport, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="department_answers")
    text = models.TextField(_("answer"), blank=True, max_length=5000)

    class Meta:
        verbose_name = _("answer of a förvaltning")
        verbose_name_plural = _("answers of förvaltningar")
        constraints = [
            models.UniqueConstraint(fields=["report", "question"], name="departmentanswer_once_per_question")
        ]


class SurveyResponse(models.Model):
    """One connected organisation's answer to a round's experience survey (one per round).

    Only totals are ever shown, and only for a question that at least five organisations answered."""

    followup_round = models.ForeignKey(FollowUpRound, on_delete=models.CASCADE, related_name="survey_responses")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="survey_responses")
    submitted_at = models.DateTimeField(_("answered"), default=timezone.now)
    submitted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(fields=["followup_round", "organisation"], name="surveyresponse_one_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.followup_round}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="survey_answers")
    score = models.PositiveSmallIntegerField(
        _("answer on the scale"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = models.TextField(_("in your own words"), blank=True, max_length=3000)

    class Meta:
        verbose_name = _("survey answer to a question")
        verbose_name_plural = _("survey answers to questions")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="surveyanswer_once_per_question"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=5),
                name="surveyanswer_score_1_to_5",
            ),
        ]


class FollowUpEmail(models.Model):
    """An email of a round to one address (the invitation to report, a reminder), claimed before it
    is sent and marked sent once the mail server took it, so that a task run twice, or retried
    after a crash, never sends it again; a claim left unsent by a worker that died expires and is
    sent by the next run (``services.rounds.followup_emails_send``)."""

    followup_round = models.ForeignKey(FollowUpRound, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(max_length=30)
    email = models.EmailField()
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["followup_round", "kind", "email"], name="followupemail_once")
        ]


# --- PDFs made in the background -----------------------------------------------------------------


class PdfJobStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting to be made")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


def report_upload_to(instance, filename: str) -> str:
    return f"followup/{uuid.uuid4().hex}.pdf"


class PdfJob(models.Model):
    """What the meeting pack and the yearly report share: a status a page can show while the PDF
    is made, the stored file, and what went wrong."""

    status = models.CharField(_("status"), max_length=10, choices=PdfJobStatus.choices, default=PdfJobStatus.WAITING)
    progress = models.PositiveSmallIntegerField(_("progress (percent)"), default=0)
    progress_text = models.CharField(max_length=200, blank=True)
    file = models.FileField(upload_to=report_upload_to, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    started_at = models.DateTimeField(null=True, blank=True)
    made_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_done(self) -> bool:
        return self.status == PdfJobStatus.DONE

    @property
    def is_pending(self) -> bool:
        return self.status in (PdfJobStatus.WAITING, PdfJobStatus.RUNNING)


class MeetingPack(PdfJob):
    """The meeting's PDF: agenda, the dashboard as it stands, the applications to decide."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="packs")

    class Meta:
        verbose_name = _("meeting pack")
        verbose_name_plural = _("meeting packs")
        ordering = ["-requested_at", "-pk"]


class FollowUpReport(PdfJob):
    """One version of a round's yearly follow-up report. Making it again adds a version; every
    version is kept. A published version is public on the site."""

    followup_round = models.ForeignKey(FollowUpRound, on_delete=models.PROTECT, related_name="reports")
    version = models.PositiveSmallIntegerField(_("version"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("yearly follow-up report")
        verbose_name_plural = _("yearly follow-up reports")
        ordering = ["-followup_round__year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["followup_round", "version"], name="followupreport_unique_version")
        ]

    def __str__(self) -> str:
        return _("Follow-up report %(year)s, version %(version)s") % {
            "year": self.followup_round.year,
            "version": self.version,
        }
