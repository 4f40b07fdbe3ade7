"""The yearly follow-up round: the questions, the förvaltningar's reports (with the commitments
they report on), the associations' experience survey, and the round's emails.

Rules that touch several rows (submitting and reopening a report) live in ``services/``; reads
shared by views, the dashboard and the PDFs live in ``selectors/``.
"""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, OrganisationKind, User
from initiatives.models import Partnership
from overenskommelse.models import Agreement
from plumbing.dates import validate_plan_date
from plumbing.limits import TEXT_MAX_LENGTH

# The public units that report in a round, each for itself: the förvaltningar and the municipal
# companies (bolag). A nämnd reports through its förvaltning.
REPORTING_KINDS: tuple[str, ...] = (OrganisationKind.ADMINISTRATION, OrganisationKind.MUNICIPAL_COMPANY)


# --- The agreement's follow-up table -------------------------------------------------------------


class FollowUpArea(models.Model):
    """One row of the agreement's follow-up table: what is followed up, who is responsible for it,
    and whom it asks. A new round copies the table into its own questions (``round_create``), so
    a change of the table never changes a round already made."""

    class Responsible(models.TextChoices):
        GROUP = "group", _("The group")
        CONVENER = "convener", _("The convener")
        PUBLIC_PARTY = "public_party", _("The municipality or region")
        OTHER = "other", _("Someone else")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="followup_areas", verbose_name=_("agreement")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("what is followed up"), max_length=500)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    responsible = models.CharField(
        _("responsible"), max_length=20, choices=Responsible.choices, default=Responsible.GROUP
    )
    responsible_other = models.CharField(_("responsible (someone else)"), max_length=200, blank=True)
    asks_public_units = models.BooleanField(_("asks the förvaltningar and municipal companies"), default=False)
    asks_joined = models.BooleanField(_("asks the joined organisations"), default=False)
    asks_networks = models.BooleanField(_("asks the organisations in recurring networks"), default=False)
    has_scale = models.BooleanField(_("answered on a five-step scale"), default=False)

    class Meta:
        verbose_name = _("row of the follow-up table")
        verbose_name_plural = _("the follow-up table")
        ordering = ["agreement", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(asks_public_units=True) | models.Q(asks_joined=True) | models.Q(asks_networks=True),
                name="followuparea_asks_someone",
            )
        ]

    def __str__(self) -> str:
        return self.text


class Network(models.Model):
    """A recurring network or council where the municipality meets idea-driven organisations (a
    local network in a housing area, a council of a district): its member organisations can be
    asked in a round, whether or not they have joined the agreement. Kept by the convener."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.CharField(_("description"), max_length=500, blank=True)
    members = models.ManyToManyField(
        Organisation, related_name="followup_networks", blank=True, verbose_name=_("member organisations")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recurring network")
        verbose_name_plural = _("recurring networks")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

# --- The yearly follow-up ------------------------------------------------------------------------


class FollowUpRoundQuerySet(models.QuerySet):
    def open(self) -> "FollowUpRoundQuerySet":
        return self.filter(opened_at__isnull=False, closed_at__isnull=True)


class FollowUpRound(models.Model):
    """The follow-up of one year: the förvaltningar's reports and the associations' survey, ending
    in the yearly follow-up report (PDF)."""

    year = models.PositiveSmallIntegerField(_("year followed up"), unique=True)
    # How many years the round follows up, ending with ``year``: the agreement's cadence when the
    # round was made (2 for a round every other year: "2025–2026").
    years_covered = models.PositiveSmallIntegerField(_("years followed up"), default=1, editable=False)
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
    def first_year(self) -> int:
        return self.year - max(self.years_covered, 1) + 1

    @property
    def period(self) -> str:
        """The years the round follows up: "2026", or "2025–2026" for a round every other year."""
        if self.first_year == self.year:
            return str(self.year)
        return f"{self.first_year}–{self.year}"

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
    # Whom a survey question asks: the joined organisations, the organisations in recurring
    # networks, or both (from the agreement's follow-up table).
    to_joined = models.BooleanField(_("asks the joined organisations"), default=True)
    to_networks = models.BooleanField(_("asks the organisations in recurring networks"), default=False)
    # Who is responsible for what the question follows up, as the table said when the round was made.
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)

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


# --- Kept for the migrations ---------------------------------------------------------------------


def report_upload_to(instance, filename: str) -> str:
    """Named by this app's first migrations (the PDFs lived here before ``documents``); the models
    use ``documents.models.report_upload_to``, which gives the same paths."""
    return f"followup/{uuid.uuid4().hex}.pdf"
