"""Collaboration initiatives through the five steps, their parties and matching, and the register of
collaboration commitments (IOPs, joint projects and other solutions) of the förvaltningar.

The rules for moving between steps live in ``services.py`` (``initiative_missing_for_step``), so the
page that shows what is missing and the service that refuses a move say the same thing.
"""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Organisation, User
from overenskommelse.process import Step
from plumbing.dates import validate_past_date, validate_plan_date
from plumbing.limits import TEXT_MAX_LENGTH

# A step's number (1–5) by its key: ``Step.values`` builds a new list on every call.
_STEP_NUMBER = {value: number for number, value in enumerate(Step.values, 1)}


def _label(choices: type[models.TextChoices], value: str) -> str:
    """The label of ``value`` (the value itself when unknown), as ``get_FOO_display`` says it.
    Django's own rebuilds a dict of every translated label on each call: a cost per row of a list."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class CollaborationForm(models.TextChoices):
    IOP = "iop", _("Idea-driven public partnership (IOP)")
    JOINT_PROJECT = "joint_project", _("Joint project")
    OTHER = "other", _("Other collaboration solution")


class Horizon(models.TextChoices):
    SHORT = "short", _("Short-term")
    LONG = "long", _("Long-term")


class InitiativeQuerySet(models.QuerySet):
    def public(self) -> "InitiativeQuerySet":
        return self.filter(is_public=True)

    def looking_for_partners(self) -> "InitiativeQuerySet":
        return self.filter(looking_for_partners=True, state=Initiative.State.ACTIVE)


class Initiative(models.Model):
    class State(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        CLOSED = "closed", _("Closed early")

    # Step 1: the initiative.
    title = models.CharField(_("title"), max_length=200)
    need = models.TextField(_("the need it answers"), max_length=TEXT_MAX_LENGTH)
    goal = models.TextField(_("what it wants to achieve"), max_length=TEXT_MAX_LENGTH)
    priority_areas = models.ManyToManyField(
        "overenskommelse.PriorityArea",
        related_name="initiatives",
        verbose_name=_("priority areas"),
    )
    directions = models.ManyToManyField(
        "overenskommelse.Direction",
        blank=True,
        related_name="initiatives",
        verbose_name=_("directions of the action plan"),
    )
    horizon = models.CharField(
        _("short- or long-term"), max_length=10, choices=Horizon.choices, default=Horizon.SHORT
    )
    looking_for_partners = models.BooleanField(_("looking for more partners"), default=False)
    partners_wanted = models.TextField(
        _("what kind of partner is wanted"),
        blank=True,
        help_text=_("For example an association working with young people, a förvaltning, a university or a business."),
        max_length=TEXT_MAX_LENGTH,
    )
    is_public = models.BooleanField(
        _("shown in the public catalogue"),
        default=True,
        help_text=_("The parties decide whether the public can follow the initiative."),
    )
    # Step 2: implementation.
    form = models.CharField(
        _("form of collaboration"), max_length=20, choices=CollaborationForm.choices, blank=True
    )
    starts_on = models.DateField(_("start date"), null=True, blank=True, validators=[validate_plan_date])
    implementation_plan = models.TextField(_("how it is carried out"), blank=True, max_length=TEXT_MAX_LENGTH)
    # Step 3: results and dissemination.
    ends_on = models.DateField(_("end date"), null=True, blank=True, validators=[validate_plan_date])
    report_on = models.DateField(_("report date"), null=True, blank=True, validators=[validate_plan_date])
    results_summary = models.TextField(_("summary of the results"), blank=True, max_length=TEXT_MAX_LENGTH)
    dissemination = models.TextField(
        _("how the results were spread"),
        blank=True,
        help_text=_("For example presented at the agreement's conference."),
        max_length=TEXT_MAX_LENGTH,
    )
    reported_to_group_on = models.DateField(
        _("date reported to the collaboration group"), null=True, blank=True, validators=[validate_past_date]
    )
    # Step 4: evaluation.
    evaluation_worked = models.TextField(_("what worked"), blank=True, max_length=TEXT_MAX_LENGTH)
    evaluation_did_not_work = models.TextField(_("what did not work"), blank=True, max_length=TEXT_MAX_LENGTH)
    evaluation_lessons = models.TextField(_("lessons for the next initiative"), blank=True, max_length=TEXT_MAX_LENGTH)
    evaluation_completed_at = models.DateTimeField(_("evaluation completed"), null=True, blank=True)
    # Step 5: follow-up.
    followup_year = models.PositiveSmallIntegerField(
        _("counted in the follow-up of year"), null=True, blank=True
    )

    step = models.CharField(_("step"), max_length=20, choices=Step.choices, default=Step.INITIATIVE)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ACTIVE)
    state_reason = models.TextField(_("reason for pausing or closing"), blank=True, max_length=TEXT_MAX_LENGTH)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("proposed by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("collaboration initiative")
        verbose_name_plural = _("collaboration initiatives")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["step", "state"]),
            models.Index(fields=["is_public", "step"]),
            # The public catalogue's order: a page is read from the index, not sorted.
            models.Index(
                models.F("created_at").desc(),
                models.F("id").desc(),
                name="initiative_catalogue_order",
                condition=models.Q(is_public=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="initiative_end_not_before_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:initiative_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date cannot be before the start date.")})

    @property
    def step_number(self) -> int:
        return _STEP_NUMBER[self.step]

    def get_step_display(self) -> str:
        return _label(Step, self.step)

    def get_state_display(self) -> str:
        return _label(Initiative.State, self.state)

    def get_form_display(self) -> str:
        return _label(CollaborationForm, self.form)

    @property
    def has_ended(self) -> bool:
        return bool(self.ends_on and self.ends_on <= timezone.localdate())


class InitiativeParty(models.Model):
    """An organisation taking part in an initiative. Its representatives edit the initiative.

    A party is always one that agreed: its own people named it, it asked to join (``Interest``),
    or it accepted a ``PartyRequest``."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="parties", verbose_name=_("initiative")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="initiative_parties",
        verbose_name=_("organisation"),
    )
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)
    added_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "organisation"], name="initiativeparty_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.initiative}"


class PartyRequest(models.Model):
    """An organisation named as a party by someone who does not act for it, and its answer.

    Naming is only a question: the organisation becomes a party (``InitiativeParty``, what the
    public pages and open data show) once one of its representatives or officers accepted (or the
    convener on its behalf while it has nobody in the portal). Answered requests are kept, so the
    parties see the answer.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Asked")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="party_requests", verbose_name=_("initiative")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="party_requests",
        verbose_name=_("organisation"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    asked_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("asked by")
    )
    asked_at = models.DateTimeField(_("asked"), default=timezone.now)
    answered_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("answered by")
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("request to be a party")
        verbose_name_plural = _("requests to be a party")
        ordering = ["asked_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "organisation"],
                condition=models.Q(status="pending"),
                name="partyrequest_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.initiative}"

    def get_status_display(self) -> str:
        return _label(PartyRequest.Status, self.status)


class PrincipleAssessment(models.Model):
    """How the collaboration lived up to one principle, written in the evaluation."""

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="principle_assessments",
        verbose_name=_("initiative"),
    )
    principle = models.ForeignKey(
        "overenskommelse.Principle", on_delete=models.PROTECT, related_name="+", verbose_name=_("principle")
    )
    text = models.TextField(_("how the collaboration lived up to it"), max_length=TEXT_MAX_LENGTH)

    class Meta:
        verbose_name = _("assessment of a principle")
        verbose_name_plural = _("assessments of the principles")
        ordering = ["principle__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "principle"], name="principleassessment_unique"
            )
        ]


class StepTransition(models.Model):
    """Every move of an initiative: who, when, from which step, to which, and why."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Proposed")
        FORWARD = "forward", _("Moved on")
        BACK = "back", _("Moved back")
        PAUSED = "paused", _("Paused")
        RESUMED = "resumed", _("Resumed")
        CLOSED = "closed", _("Closed early")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("initiative")
    )
    kind = models.CharField(_("what"), max_length=10, choices=Kind.choices)
    from_step = models.CharField(_("from step"), max_length=20, choices=Step.choices, blank=True)
    to_step = models.CharField(_("to step"), max_length=20, choices=Step.choices)
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("when"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True, max_length=TEXT_MAX_LENGTH)

    class Meta:
        verbose_name = _("step change")
        verbose_name_plural = _("step changes")
        ordering = ["at", "pk"]

    # An initiative's page lists every step change: labels by a dict lookup (``_label``).
    def get_kind_display(self) -> str:
        return _label(StepTransition.Kind, self.kind)

    def get_from_step_display(self) -> str:
        return _label(Step, self.from_step)

    def get_to_step_display(self) -> str:
        return _label(Step, self.to_step)


class Interest(models.Model):
    """An organisation's interest in joining an initiative that looks for partners."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="interests", verbose_name=_("initiative")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="interests", verbose_name=_("organisation")
    )
    message = models.TextField(_("message"), max_length=2000)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    answered_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True, max_length=TEXT_MAX_LENGTH)

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "organisation"],
                condition=models.Q(status="pending"),
                name="interest_one_pending_per_organisation",
            )
        ]


class Introduction(models.Model):
    """The convener puts an organisation in touch with an initiative (matching by hand)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="introductions")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    note = models.TextField(_("note"), blank=True, max_length=TEXT_MAX_LENGTH)
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("introduction to a partner")
        verbose_name_plural = _("introductions to partners")
        ordering = ["-at"]


def partnership_upload_to(instance: "Partnership", filename: str) -> str:
    return f"partnerships/{uuid.uuid4().hex}.pdf"


class PartnershipQuerySet(models.QuerySet):
    def active_during(self, year: int, *, from_year: int | None = None) -> "PartnershipQuerySet":
        """Active at some time during ``year`` (or during the years ``from_year``–``year``, the
        period of a follow-up round of several years)."""

        start, end = datetime.date(from_year or year, 1, 1), datetime.date(year, 12, 31)
        return self.filter(starts_on__lte=end).filter(
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=start)
        )


class Partnership(models.Model):
    """A collaboration commitment (samverkansåtagande) of a förvaltning with idea-driven
    organisations: an IOP, a joint project or another solution."""

    administration = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("förvaltning"),
    )
    title = models.CharField(_("title"), max_length=200)
    form = models.CharField(_("form"), max_length=20, choices=CollaborationForm.choices)
    organisations = models.ManyToManyField(
        Organisation,
        related_name="partnerships_as_party",
        verbose_name=_("idea-driven parties"),
    )
    priority_area = models.ForeignKey(
        "overenskommelse.PriorityArea",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partnerships",
        verbose_name=_("priority area"),
    )
    description = models.TextField(_("description"), max_length=TEXT_MAX_LENGTH)
    starts_on = models.DateField(_("start date"), validators=[validate_plan_date])
    ends_on = models.DateField(_("end date"), null=True, blank=True, validators=[validate_plan_date])
    decision_on = models.DateField(_("date of the decision"), null=True, blank=True, validators=[validate_past_date])
    decision_reference = models.CharField(_("diarienummer"), max_length=60, blank=True)
    signed_agreement = models.FileField(
        _("signed agreement (PDF)"), upload_to=partnership_upload_to, blank=True
    )
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partnerships",
        verbose_name=_("initiative it came from"),
    )
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("collaboration commitment")
        verbose_name_plural = _("collaboration commitments")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="partnership_end_not_before_start",
            )
        ]
        indexes = [
            # The public register's order: a page is read from the index, not sorted.
            models.Index(models.F("starts_on").desc(), "title", "id", name="partnership_register_order"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:partnership_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date cannot be before the start date.")})


class Contribution(models.Model):
    """What one party contributes to a commitment each year."""

    class Kind(models.TextChoices):
        MONEY = "money", _("Money")
        PREMISES = "premises", _("Premises")
        STAFF = "staff", _("Staff")
        VOLUNTEERS = "volunteers", _("Volunteers")
        OTHER = "other", pgettext_lazy("contribution", "Other")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="contributions", verbose_name=_("commitment")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("party")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    amount_sek_per_year = models.PositiveIntegerField(
        _("kronor per year"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["pk"]
