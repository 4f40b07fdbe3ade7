"""The agreement itself: the Agreement, its Principles, its ActionPlans with PriorityAreas and Directions.

Nothing about one municipality is hard-coded: the agreements of the demo are demo data (``load_demo``).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plumbing.dates import validate_plan_date
from plumbing.limits import LONG_TEXT_MAX_LENGTH, TEXT_MAX_LENGTH

from .words import AgreementWords


class AgreementQuerySet(models.QuerySet):
    def current(self) -> "Agreement | None":
        """The agreement the portal is about: the most recently adopted one."""
        return self.order_by("-adopted_on", "-pk").first()


class Agreement(models.Model):
    name = models.CharField(_("name"), max_length=200)
    municipality = models.CharField(
        _("municipality or region"), max_length=120, help_text=_("As the agreement names the party.")
    )
    sector_party = models.CharField(
        _("idea-driven party"),
        max_length=200,
        help_text=_("How the idea-driven sector is named as a party in the agreement."),
    )
    summary = models.TextField(_("summary"), help_text=_("What the agreement is, in a few sentences."), max_length=LONG_TEXT_MAX_LENGTH)
    purpose = models.TextField(_("purpose"), blank=True, max_length=LONG_TEXT_MAX_LENGTH)
    adopted_on = models.DateField(_("adopted on"), validators=[validate_plan_date])
    valid_from = models.DateField(_("valid from"), validators=[validate_plan_date])
    valid_until = models.DateField(_("valid until"), null=True, blank=True, validators=[validate_plan_date])
    revision_cycle_years = models.PositiveSmallIntegerField(
        _("revised every (years)"), default=4
    )
    contact_email = models.EmailField(_("contact email"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_office = models.CharField(
        _("convening office"),
        max_length=200,
        blank=True,
        help_text=_("The office that convenes the group and runs the work day to day."),
    )

    # --- What the agreement decides about itself (its words and its rules) ---------------------
    # The portal reads these wherever it names the group, the convener or the areas, and wherever
    # it counts meetings or the years between conferences and follow-ups (``words.py``). The
    # defaults are the portal's behaviour before they existed.
    group_name = models.CharField(
        _("the group's name in a sentence"),
        max_length=80,
        default="samverkansgruppen",
        help_text=_("Written in definite form and lower case, as in the middle of a sentence, e.g. samverkansgruppen, styrgruppen or samrådet."),
    )
    convener_title = models.CharField(
        _("the convener's title"),
        max_length=80,
        default="sammankallande",
        help_text=_("The title of the person who runs the work day to day, e.g. sammankallande or processledare."),
    )
    area_name = models.CharField(
        _("what an area is called"),
        max_length=80,
        default="prioriterat område",
        help_text=_("One area of the action plan, e.g. prioriterat område or utvecklingsområde."),
    )
    area_name_plural = models.CharField(
        _("what the areas are called"),
        max_length=80,
        default="prioriterade områden",
        help_text=_("Several areas, e.g. prioriterade områden or utvecklingsområden."),
    )
    public_side = models.CharField(
        _("the public side, as an adjective"),
        max_length=40,
        default="kommunal",
        help_text=_("What the agreement calls its public side, in one word: kommunal or offentlig."),
    )
    meetings_per_year = models.PositiveSmallIntegerField(
        _("meetings of the group per year (at least)"), default=2
    )
    conference_every_years = models.PositiveSmallIntegerField(
        _("a conference every (years)"), default=2
    )
    followup_every_years = models.PositiveSmallIntegerField(
        _("followed up every (years)"), default=1
    )
    chair_mandate_years = models.PositiveSmallIntegerField(
        _("mandate of the chair and vice chair (years)"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the agreement sets no mandate length."),
    )
    public_actors_may_join = models.BooleanField(
        _("public actors may join"),
        default=False,
        help_text=_("Municipalities, regions, state authorities and universities may apply to join, not only idea-driven organisations."),
    )

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-adopted_on"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end date must come after the start date.")})

    @property
    def words(self) -> "AgreementWords":
        """The agreement's own words (its group, its convener, its areas), in every form a
        sentence needs."""
        return AgreementWords.of(self)


class Principle(models.Model):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="principles", verbose_name=_("agreement")
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), max_length=TEXT_MAX_LENGTH)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("principle")
        verbose_name_plural = _("principles")
        ordering = ["agreement", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "name"], name="principle_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class ActionPlan(models.Model):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="action_plans", verbose_name=_("agreement")
    )
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("period starts"), validators=[validate_plan_date])
    ends_on = models.DateField(_("period ends"), validators=[validate_plan_date])
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True, validators=[validate_plan_date])
    introduction = models.TextField(_("introduction"), blank=True, max_length=LONG_TEXT_MAX_LENGTH)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="actionplan_period_forward",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_on.year}–{self.ends_on.year})"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": _("The period must end after it starts.")})


class PriorityArea(models.Model):
    action_plan = models.ForeignKey(
        ActionPlan,
        on_delete=models.CASCADE,
        related_name="priority_areas",
        verbose_name=_("action plan"),
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_MAX_LENGTH)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("priority area")
        verbose_name_plural = _("priority areas")
        ordering = ["action_plan", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["action_plan", "slug"], name="priorityarea_unique_slug")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("priority_area", kwargs={"slug": self.slug})


class Direction(models.Model):
    priority_area = models.ForeignKey(
        PriorityArea,
        on_delete=models.CASCADE,
        related_name="directions",
        verbose_name=_("priority area"),
    )
    text = models.TextField(_("text"), max_length=TEXT_MAX_LENGTH)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("direction")
        verbose_name_plural = _("directions")
        ordering = ["priority_area", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class OperationalPlan(models.Model):
    """A year's operational plan (verksamhetsplan) under the four-year action plan: what the group
    plans to do that year, as activities it follows up. Public once adopted."""

    action_plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="operational_plans", verbose_name=_("action plan")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    introduction = models.TextField(_("introduction"), blank=True, max_length=TEXT_MAX_LENGTH)
    adopted_on = models.DateField(
        _("adopted on"),
        null=True,
        blank=True,
        validators=[validate_plan_date],
    )

    class Meta:
        verbose_name = _("operational plan")
        verbose_name_plural = _("operational plans")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["action_plan", "year"], name="operationalplan_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}"

    def clean(self) -> None:
        plan = self.action_plan if self.action_plan_id else None
        if plan and self.year and not plan.starts_on.year <= self.year <= plan.ends_on.year:
            raise ValidationError(
                {
                    "year": _("The year must be within the action plan's period, %(start)s–%(end)s.")
                    % {"start": plan.starts_on.year, "end": plan.ends_on.year}
                }
            )


class Activity(models.Model):
    """One activity of a year's operational plan: what, in which area, who is responsible, when it
    is planned, how far it has come and a short note from its follow-up."""

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("activity status", "Planned")
        ONGOING = "ongoing", pgettext_lazy("activity status", "Ongoing")
        DONE = "done", pgettext_lazy("activity status", "Done")
        CANCELLED = "cancelled", pgettext_lazy("activity status", "Cancelled")

    plan = models.ForeignKey(
        OperationalPlan, on_delete=models.CASCADE, related_name="activities", verbose_name=_("operational plan")
    )
    title = models.CharField(_("what"), max_length=200)
    priority_area = models.ForeignKey(
        PriorityArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("area"),
    )
    responsible = models.CharField(_("responsible"), max_length=200)
    starts_on = models.DateField(_("planned from"), validators=[validate_plan_date])
    ends_on = models.DateField(_("planned until"), validators=[validate_plan_date])
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    note = models.TextField(_("follow-up note"), blank=True, max_length=1000)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["plan", "starts_on", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="activity_period_forward",
            )
        ]

    def __str__(self) -> str:
        return self.title

