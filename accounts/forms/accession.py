"""The application to join (one form, two ways to send it) and the group's decision."""

import re
from typing import ClassVar

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from overenskommelse.models import Principle, PriorityArea
from overenskommelse.selectors import (
    action_plan_current,
    agreement_current,
    worded,
    worded_lazy,
)
from plumbing import ids
from plumbing.dates import validate_past_date
from plumbing.forms import ErrorSummaryMixin
from plumbing.honeypot import HoneypotMixin
from plumbing.limits import TEXT_MAX_LENGTH
from plumbing.uploads import (
    kept_upload_discard,
    kept_upload_held,
    kept_upload_store,
    kept_upload_take,
)

from ..models import (
    IDEA_DRIVEN_KINDS,
    PUBLIC_PARTY_KIND_CHOICES,
    PUBLIC_PARTY_KINDS,
    Accession,
    User,
)
from ..numbers import ContactNumbersMixin
from ..orgnr import (
    kind_mismatch_warning,
    normalise_org_number,
    public_party_number_problem,
)
from ..selectors import umbrella_choices
from ..services import (
    ACCESSION_CONFIRMED_TO_SEND,
    ACCESSION_REQUIRED_TO_SEND,
    accession_duplicate,
)
from ..validators import validate_pdf

# Where an upload is kept between a form with errors and the next try (never served publicly).
_KEPT_PATH = re.compile(r"^accessions/[0-9a-f]{32}\.pdf$")
_KEPT_SALT = "accounts.accession.minutes"
_KEPT_MAX_AGE = 24 * 60 * 60

# What must be filled in to send, in the order of the form: the service's list (accession_missing).
REQUIRED_TO_SEND = tuple(ACCESSION_REQUIRED_TO_SEND)
# Every field sending needs, marked so on the form (a draft needs only the name).
MARKED_AS_NEEDED_TO_SEND = (*REQUIRED_TO_SEND, *ACCESSION_CONFIRMED_TO_SEND)


def _formfield(db_field, **kwargs):
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")  # what Django 6 will do anyway
    return ids.id_formfield(db_field, **kwargs)


class PrincipleChoiceField(ids.ModelMultipleChoiceField):
    def label_from_instance(self, principle: Principle) -> str:
        return format_html(
            '{} <span lang="sv"><strong>{}</strong> – {}</span>',
            _("The organisation stands behind:"),
            principle.name,
            principle.description,
        )


class NamedChoiceField(ids.ModelMultipleChoiceField):
    """Names from the database are Swedish text: marked so in the English interface."""

    def label_from_instance(self, obj) -> str:
        return format_html('<span lang="sv">{}</span>', obj.name)


class KindField(forms.ChoiceField):
    """The kind of organisation. A public party's kind is offered only where the agreement lets
    public actors join; posted anyway, it is refused in words that say why (not as a bad choice)."""

    def validate(self, value) -> None:
        if value in PUBLIC_PARTY_KINDS and not self.valid_value(value):
            raise ValidationError(
                worded(
                    _(
                        "This agreement is joined by idea-driven organisations only: a public actor "
                        "(a municipality, a region, a state authority or a university) cannot apply "
                        "to join it. Contact %(convener)s if you have questions."
                    )
                ),
                code="public_actors_may_not_join",
            )
        super().validate(value)


class AccessionForm(ErrorSummaryMixin, HoneypotMixin, ContactNumbersMixin, forms.ModelForm):
    """The whole application. ``sending=False`` saves a draft (only the name is required, but what
    is filled in must be valid); ``sending=True`` requires everything the group needs."""

    kind = KindField(
        label=_("Kind of organisation"),
        choices=[("", _("Choose…"))] + IDEA_DRIVEN_KINDS,
        required=False,
    )
    org_number = forms.CharField(
        label=_("Organisation number"),
        max_length=20,
        required=False,
        help_text=_(
            "Ten digits, NNNNNN-NNNN. You find it in the association's statutes or registration."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    priority_areas = NamedChoiceField(
        label=worded_lazy(_("%(Areas)s the organisation works in")),
        queryset=PriorityArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    umbrella_organisations = NamedChoiceField(
        label=_("Umbrella organisations it belongs to"),
        queryset=umbrella_choices(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    board_decision_on = forms.DateField(
        label=_("Date of the board's decision to join"),
        required=False,
        validators=[validate_past_date],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    minutes_extract = forms.FileField(
        label=_("Extract of the minutes (PDF)"),
        required=False,
        validators=[validate_pdf],
        help_text=_("Optional. A PDF file of at most 5 MB."),
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    minutes_token = forms.CharField(required=False, widget=forms.HiddenInput)
    remove_minutes = forms.BooleanField(label=_("Remove the attached file"), required=False)
    principles_confirmed = PrincipleChoiceField(
        label=_("The agreement's principles"),
        queryset=Principle.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    democratic_values_confirmed = forms.BooleanField(
        label=_(
            "The organisation stands behind democratic values: it respects human rights, works "
            "without discrimination and is open to everyone who shares its purpose."
        ),
        required=False,
    )

    class Meta:
        model = Accession
        formfield_callback = _formfield
        fields = (
            "name",
            "org_number",
            "has_no_org_number",
            "kind",
            "street_address",
            "postal_code",
            "city",
            "website",
            "email",
            "phone",
            "description",
            "priority_areas",
            "umbrella_organisations",
            "contact_name",
            "contact_email",
            "contact_phone",
            "signatory_name",
            "signatory_role",
            "board_decision_on",
            "principles_confirmed",
            "democratic_values_confirmed",
        )
        widgets: ClassVar[dict] = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "street_address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "postal_code": forms.TextInput(
                attrs={"autocomplete": "postal-code", "inputmode": "numeric"}
            ),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
        }

    def __init__(self, *args, user: User, sending: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.sending = sending
        self.warnings: list[str] = []
        self.missing: list[str] = []  # fields that must be filled in before sending
        self.kept_minutes: dict | None = None
        self.duplicate = None
        agreement = agreement_current()
        self.public_actors_may_join = bool(agreement and agreement.public_actors_may_join)
        if self.public_actors_may_join:
            self.fields["kind"].choices = [
                ("", _("Choose…")),
                (_("Idea-driven organisations"), IDEA_DRIVEN_KINDS),
                (_("Public parties"), PUBLIC_PARTY_KIND_CHOICES),
            ]
            self.fields["org_number"].help_text = _(
                "Ten digits, NNNNNN-NNNN. An association finds it in its statutes or registration; "
                "a municipality's starts with 212000-, a region's with 232100-, a state authority's "
                "or state university's with 2021."
            )
            self.fields["board_decision_on"].help_text = _(
                "For a public party: the date of the decision by the body that decides for it (for "
                "example the municipal or regional executive board, or the head of the authority)."
            )
            self.fields["democratic_values_confirmed"].help_text = _(
                "Idea-driven organisations confirm this. A public party does not need to."
            )
        plan = action_plan_current(agreement)
        self.fields["priority_areas"].queryset = (
            PriorityArea.objects.filter(action_plan=plan).order_by("position", "pk")
            if plan
            else PriorityArea.objects.none()
        )
        self.fields["principles_confirmed"].queryset = (
            Principle.objects.filter(agreement=agreement).order_by("position", "pk")
            if agreement
            else Principle.objects.none()
        )
        # Only the name is needed to keep a draft; the rest is checked when sending.
        for name, field in self.fields.items():
            field.required = name == "name"
        # What sending needs is marked, for the eye (*, explained at the top of the form) and for
        # screen readers (aria-required), though a draft may still be saved without it.
        self.plain_labels = {name: field.label for name, field in self.fields.items()}
        for name in MARKED_AS_NEEDED_TO_SEND:
            field = self.fields[name]
            field.widget.attrs["aria-required"] = "true"
            if not field.required:  # crispy-forms marks a required field (the name) itself
                field.label = format_html(
                    '{}<span class="asteriskField" aria-hidden="true">*</span>', field.label
                )
        self.fields["name"].widget.attrs["autocomplete"] = "organization"

    # --- One field at a time: the format of what is filled in, in both modes ------------------

    def clean_org_number(self) -> str:
        value = self.cleaned_data.get("org_number", "").strip()
        if not value:
            return ""
        return normalise_org_number(value)


    # --- The whole form -------------------------------------------------------------------------

    def clean(self):
        cleaned = super().clean()
        org_number = cleaned.get("org_number")
        if org_number and cleaned.get("has_no_org_number"):
            self.add_error(
                "has_no_org_number",
                _("You have given an organisation number. Remove it, or untick this box."),
            )
        kind = cleaned.get("kind") or ""
        if org_number:
            self._check_duplicate(org_number)
            problem = public_party_number_problem(org_number, kind)
            if problem and "org_number" not in self.errors:
                self.add_error("org_number", ValidationError(problem, code="public_party_number"))
            warning = None if problem else kind_mismatch_warning(org_number, kind)
            if warning:
                self.warnings.append(warning)
        if kind in PUBLIC_PARTY_KINDS:
            self._clean_public_party(cleaned)
        self._clean_minutes(cleaned)
        if self.sending:
            self._require_everything(cleaned)
        return cleaned

    def _clean_public_party(self, cleaned) -> None:
        """A public party always has an organisation number and belongs to no umbrella
        organisation; it is not asked the idea-driven organisations' own confirmation."""
        if cleaned.get("has_no_org_number"):
            self.add_error(
                "has_no_org_number",
                _("A public party always has an organisation number: give it, and untick this box."),
            )
        if cleaned.get("umbrella_organisations"):
            self.add_error(
                "umbrella_organisations",
                _("Umbrella organisations are for idea-driven organisations: untick them for a public party."),
            )

    @property
    def is_public_party(self) -> bool:
        return (getattr(self, "cleaned_data", {}).get("kind") or "") in PUBLIC_PARTY_KINDS

    def _check_duplicate(self, org_number: str) -> None:
        duplicate = accession_duplicate(org_number=org_number, exclude=self.instance)
        if duplicate is None:
            return
        self.duplicate = duplicate
        if duplicate.organisation is not None:
            message = format_html(
                '{} <a href="{}">{}</a>',
                duplicate.message,
                duplicate.organisation.get_absolute_url(),
                _("See %(name)s") % {"name": duplicate.organisation.name},
            )
        elif duplicate.accession is not None and duplicate.accession.applicant_id == self.user.pk:
            message = format_html(
                '{} <a href="{}">{}</a>',
                duplicate.message,
                duplicate.accession.get_absolute_url(),
                _("See your application"),
            )
        else:
            message = duplicate.message
        self.add_error("org_number", ValidationError(message, code="duplicate"))

    def _require_everything(self, cleaned) -> None:
        def missing(field: str, message) -> None:
            if field not in self.errors:
                self.add_error(field, message)
            self.missing.append(field)

        for field in REQUIRED_TO_SEND:
            if not cleaned.get(field) and field not in self.errors:
                missing(field, _("Fill this in to send the application."))
        no_number = not cleaned.get("org_number") and not cleaned.get("has_no_org_number")
        if no_number and "org_number" not in self.errors:
            missing(
                "org_number",
                _("Give the organisation number, or tick that the organisation has none."),
            )
        principles = self.fields["principles_confirmed"].queryset
        chosen = {p.pk for p in cleaned.get("principles_confirmed") or []}
        if principles.exclude(pk__in=chosen).exists():
            missing(
                "principles_confirmed",
                _("The organisation must stand behind every principle to join the agreement."),
            )
        public_party = (cleaned.get("kind") or "") in PUBLIC_PARTY_KINDS
        if not public_party and not cleaned.get("democratic_values_confirmed"):
            missing(
                "democratic_values_confirmed",
                _("The organisation must stand behind democratic values to join the agreement."),
            )

    SHORT_LABELS: ClassVar[dict] = {
        "principles_confirmed": _("The agreement's principles"),
        "democratic_values_confirmed": _("Democratic values"),
        "has_no_org_number": _("No organisation number"),
    }

    # --- The minutes: kept between tries, so a form with errors loses nothing ------------------

    def _clean_minutes(self, cleaned) -> None:
        if cleaned.get("remove_minutes"):
            self.kept_minutes = None
            return
        if isinstance(cleaned.get("minutes_extract"), UploadedFile):
            return
        if "minutes_extract" in self.errors:
            return
        token = cleaned.get("minutes_token")
        if token:
            self.kept_minutes = self._read_token(token)

    def _read_token(self, token: str) -> dict | None:
        try:
            kept = signing.loads(token, salt=_KEPT_SALT, max_age=_KEPT_MAX_AGE)
        except signing.BadSignature:
            return None
        if kept.get("user") != self.user.pk or not _KEPT_PATH.match(kept.get("path", "")):
            return None
        if not kept_upload_held(user=self.user, path=kept["path"]):
            return None
        return kept

    def keep_upload(self) -> None:
        """After an error elsewhere in the form: store a valid new upload where only this form
        can find it again, so the applicant does not have to choose the file a second time."""
        upload = getattr(self, "cleaned_data", {}).get("minutes_extract")
        if not isinstance(upload, UploadedFile) or "minutes_extract" in self.errors:
            return
        # The file kept from an earlier try is replaced by this one: it is not needed any more.
        earlier = self._read_token(self.data.get(self.add_prefix("minutes_token")) or "")
        if earlier:
            kept_upload_discard(user=self.user, path=earlier["path"])
        path = kept_upload_store(user=self.user, upload=upload, folder="accessions")
        self.kept_minutes = {
            "path": path,
            "name": upload.name[:200],
            "size": upload.size,
            "user": self.user.pk,
        }
        self.data = self.data.copy()
        self.data[self.add_prefix("minutes_token")] = signing.dumps(
            self.kept_minutes, salt=_KEPT_SALT
        )

    def save(self, commit: bool = True) -> Accession:
        accession = super().save(commit=False)
        # The file is not one of Meta.fields, so the instance still holds what is stored.
        old_file = (accession.minutes_extract.name or "") if accession.pk else ""
        upload = self.cleaned_data.get("minutes_extract")
        if self.cleaned_data.get("remove_minutes"):
            accession.minutes_extract = None
        elif isinstance(upload, UploadedFile):
            accession.minutes_extract = upload
        elif self.kept_minutes and kept_upload_take(user=self.user, path=self.kept_minutes["path"]):
            accession.minutes_extract.name = self.kept_minutes["path"]
        accession.save()
        self.save_m2m()
        # A draft was never sent, so a replaced file is not a public record: remove it.
        if old_file and accession.minutes_extract.name != old_file:
            default_storage.delete(old_file)
        self.kept_minutes = None
        return accession


class DecisionForm(forms.Form):
    """The collaboration group's decision on an application."""

    APPROVE = "approve"
    REJECT = "reject"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (APPROVE, _("Approve: the organisation joins the agreement")),
            (REJECT, _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the application is rejected. The applicant is told the reason."),
    )
    meeting_on = forms.DateField(
        label=_("Date of the meeting where it was decided"),
        required=False,
        validators=[validate_past_date],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.REJECT and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason when the application is rejected."))
        return cleaned

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == self.APPROVE
