"""Applications to join the agreement (anslutning) and the collaboration group's decisions.

Thin views: the forms validate, ``services`` change state, ``rules`` say who may do what. Objects a
user may not know exist give 404; a logged-out visitor is sent to log in and brought back.
"""

import rules
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from overenskommelse.selectors import worded, worded_lazy
from plumbing.files import pdf_response
from plumbing.ids import parse_id
from plumbing.ratelimit import RateLimitMixin

from .. import services
from ..forms.accession import AccessionForm, DecisionForm
from ..models import Accession, Organisation
from ..orgnr import kind_mismatch_warning
from ..selectors import accession_queue, organisations_of

DECIDED = (Accession.Status.APPROVED, Accession.Status.REJECTED)


def _already_decided_message(accession: Accession) -> str:
    accession.refresh_from_db(fields=["status", "decided_at", "decided_by"])
    if accession.decided_at is None:
        return _("This application has already been decided.")
    who = accession.decided_by.get_full_name() if accession.decided_by else _("someone else")
    when = formats.date_format(timezone.localtime(accession.decided_at), "DATETIME_FORMAT")
    return _("This application was already decided by %(who)s on %(when)s (%(status)s).") % {
        "who": who,
        "when": when,
        "status": accession.get_status_display().lower(),
    }


class AccessionObjectMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """One application, looked up once. Users who may not even see it get 404, never 403."""

    queryset = Accession.objects.select_related("applicant", "organisation", "decided_by")

    def get_object(self) -> Accession:
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(self.queryset, pk=self.kwargs["pk"])
        return self._object

    def handle_no_permission(self):
        if not self.request.user.is_authenticated:
            return super().handle_no_permission()
        accession = self.get_object()
        if self.request.user.has_perm("accounts.view_accession", accession):
            return self.handle_known(accession)
        if rules.test_rule("accounts.lacks_second_factor", self.request.user):
            raise PermissionDenied  # the 403 page says what is missing: turning it on, or the code
        raise Http404

    def handle_known(self, accession: Accession):
        """The user may see the application but not do this with it."""
        raise PermissionDenied


# --- The applicant's form ---------------------------------------------------------------------------


class AccessionFormMixin:
    """Shared by the start page (a new draft) and the edit page (an existing draft)."""

    template_name = "accounts/accession_form.html"

    def sending(self) -> bool:
        return self.request.POST.get("action") == "send"

    def make_form(self, accession: Accession, *, initial=None) -> AccessionForm:
        if self.request.method == "POST":
            return AccessionForm(
                self.request.POST,
                self.request.FILES,
                instance=accession,
                user=self.request.user,
                sending=self.sending(),
            )
        return AccessionForm(instance=accession, initial=initial, user=self.request.user)

    def render_form(self, form: AccessionForm, accession: Accession):
        context = {"form": form, "accession": accession, "view": self}
        if accession.pk is None and accession.organisation is None:
            # Someone who already represents an organisation in the register applies for it, so
            # that the approval connects that organisation instead of making a second one.
            context["own_organisations"] = [
                organisation
                for organisation in organisations_of(self.request.user)
                if self.request.user.has_perm("accounts.apply_for_organisation", organisation)
            ]
        return self.render_to_response(context)

    def handle_form(self, accession: Accession):
        form = self.make_form(accession)
        valid = form.is_valid()
        for warning in form.warnings:
            messages.warning(self.request, warning)
        if not valid:
            form.keep_upload()
            return self.render_form(form, accession)
        with transaction.atomic():
            accession = form.save()
        if not self.sending():
            messages.success(
                self.request, _("Your draft has been saved. You can come back and continue later.")
            )
            return redirect("accounts:accession_edit", pk=accession.pk)
        try:
            services.accession_submit(accession=accession, by=self.request.user)
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            messages.info(self.request, _("Your draft has been saved."))
            return redirect("accounts:accession_edit", pk=accession.pk)
        if accession.is_public_party:
            sent = worded(
                _(
                    "The application for %(name)s to join the agreement as a public party has been "
                    "sent to %(group)s. You will get a confirmation by email, and you can follow "
                    "the application here."
                ),
                name=accession.name,
            )
        else:
            sent = worded(
                _(
                    "Your application has been sent to %(group)s. You will get a "
                    "confirmation by email, and you can follow the application here."
                )
            )
        messages.success(self.request, sent)
        return redirect(accession.get_absolute_url())


class AccessionStartView(
    LoginRequiredMixin, PermissionRequiredMixin, RateLimitMixin, AccessionFormMixin, TemplateView
):
    """/ansok/: continue the user's draft, or start a new application (optionally again for an
    organisation the user represents that withdrew or was never connected)."""

    permission_required = "accounts.add_accession"
    rate_limit_scope = "accession"

    def get_organisation(self) -> Organisation | None:
        raw = self.request.GET.get("organisation")
        if not raw:
            return None
        pk = parse_id(raw)
        if pk is None:
            raise Http404
        organisation = get_object_or_404(Organisation, pk=pk)
        if not self.request.user.has_perm("accounts.apply_for_organisation", organisation):
            raise Http404
        return organisation

    def existing(self, organisation: Organisation | None):
        """Somewhere the user should go instead of a new form, or None."""
        drafts = Accession.objects.filter(
            applicant=self.request.user, status=Accession.Status.DRAFT
        )
        if organisation is not None:
            pending = Accession.objects.open().filter(organisation=organisation).first()
            if pending is not None:
                messages.info(
                    self.request,
                    _("An application for this organisation is already waiting for a decision."),
                )
                if self.request.user.has_perm("accounts.view_accession", pending):
                    return redirect(pending.get_absolute_url())
                return redirect("accounts:overview")
            drafts = drafts.filter(organisation=organisation)
        draft = drafts.order_by("-updated_at", "-pk").first()
        if draft is not None:
            return redirect("accounts:accession_edit", pk=draft.pk)
        return None

    def new_accession(self, organisation: Organisation | None) -> Accession:
        return Accession(applicant=self.request.user, organisation=organisation)

    def initial_from(self, organisation: Organisation | None) -> dict:
        if organisation is None:
            return {
                "contact_email": self.request.user.email,
                "contact_name": self.request.user.full_name,
            }
        initial = {field: getattr(organisation, field) for field in services.DETAIL_FIELDS}
        initial["priority_areas"] = list(organisation.priority_areas.values_list("pk", flat=True))
        initial["umbrella_organisations"] = list(
            organisation.umbrella_organisations.values_list("pk", flat=True)
        )
        return initial

    def get(self, request, *args, **kwargs):
        organisation = self.get_organisation()
        elsewhere = self.existing(organisation)
        if elsewhere is not None:
            return elsewhere
        accession = self.new_accession(organisation)
        form = self.make_form(accession, initial=self.initial_from(organisation))
        return self.render_form(form, accession)

    def post(self, request, *args, **kwargs):
        organisation = self.get_organisation()
        return self.handle_form(self.new_accession(organisation))


class AccessionEditView(AccessionObjectMixin, RateLimitMixin, AccessionFormMixin, TemplateView):
    """/ansokningar/<pk>/redigera/: the applicant's draft, until it is sent."""

    permission_required = "accounts.change_accession"
    rate_limit_scope = "accession"

    def handle_known(self, accession: Accession):
        if accession.applicant_id == self.request.user.pk:
            messages.info(
                self.request, _("This application has been sent and can no longer be changed.")
            )
            return redirect(accession.get_absolute_url())
        raise PermissionDenied

    def get(self, request, *args, **kwargs):
        accession = self.get_object()
        return self.render_form(self.make_form(accession), accession)

    def post(self, request, *args, **kwargs):
        return self.handle_form(self.get_object())


# --- Reading an application and deciding on it --------------------------------------------------


def _timeline(accession: Accession) -> list[dict]:
    """The steps of an application, for the status timeline on its page."""
    steps = [
        {
            "label": gettext_lazy("Started"),
            "done": True,
            "at": accession.created_at,
            "by": accession.applicant,
        },
        {
            "label": worded_lazy(gettext_lazy("Sent to %(group)s")),
            "done": accession.submitted_at is not None,
            "at": accession.submitted_at,
            "by": accession.applicant if accession.submitted_at else None,
        },
        {
            "label": gettext_lazy("Under review"),
            "done": accession.status == Accession.Status.UNDER_REVIEW or accession.is_decided,
            "current": accession.status == Accession.Status.UNDER_REVIEW,
        },
    ]
    if accession.status == Accession.Status.REJECTED:
        label = gettext_lazy("Rejected")
    elif accession.status == Accession.Status.APPROVED:
        label = gettext_lazy("Approved")
    else:
        label = gettext_lazy("Decided")
    steps.append(
        {
            "label": label,
            "done": accession.is_decided,
            "at": accession.decided_at,
            "by": accession.decided_by,
            "reason": accession.decision_reason,
            "meeting_on": accession.decision_meeting_on,
        }
    )
    return steps


DETAIL_QUERYSET = AccessionObjectMixin.queryset.prefetch_related(
    "priority_areas", "umbrella_organisations", "principles_confirmed"
)
DETAIL_TEMPLATE = "accounts/accession_detail.html"


def _detail_context(user, accession: Accession, decision_form: DecisionForm | None = None) -> dict:
    may_decide = user.has_perm("accounts.decide_accession", accession)
    return {
        "accession": accession,
        "timeline": _timeline(accession),
        "may_decide": may_decide,
        "decision_form": decision_form or (DecisionForm() if may_decide else None),
        "kind_warning": kind_mismatch_warning(accession.org_number, accession.kind)
        if accession.org_number and accession.kind
        else None,
    }


class AccessionDetailView(AccessionObjectMixin, TemplateView):
    """/ansokningar/<pk>/: everything that was sent, its status, and the group's decision form."""

    template_name = DETAIL_TEMPLATE
    permission_required = "accounts.view_accession"
    queryset = DETAIL_QUERYSET

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(_detail_context(self.request.user, self.get_object()))
        return context


class AccessionReviewView(AccessionObjectMixin, View):
    """POST: a member of the group takes a sent application up for review."""

    http_method_names = ("post",)
    permission_required = "accounts.decide_accession"

    def handle_known(self, accession: Accession):
        if accession.is_decided and self.request.user.has_perm("accounts.view_accession_queue"):
            messages.error(self.request, _already_decided_message(accession))
            return redirect(accession.get_absolute_url())
        raise PermissionDenied

    def post(self, request, *args, **kwargs):
        accession = self.get_object()
        try:
            services.accession_start_review(accession=accession, by=request.user)
        except services.AlreadyDecided:
            messages.error(request, _already_decided_message(accession))
        else:
            messages.success(request, _("The application is now under review."))
        return redirect(accession.get_absolute_url())


class AccessionDecideView(AccessionReviewView):
    """POST: the group approves or rejects an application, exactly once."""

    def post(self, request, *args, **kwargs):
        accession = self.get_object()
        form = DecisionForm(request.POST)
        if not form.is_valid():  # shown again on the application's page, with what was typed
            accession = DETAIL_QUERYSET.get(pk=accession.pk)
            context = _detail_context(request.user, accession, decision_form=form)
            return render(request, DETAIL_TEMPLATE, context)
        try:
            services.accession_decide(
                accession=accession,
                by=request.user,
                approve=form.approve,
                reason=form.cleaned_data["reason"].strip(),
                meeting_on=form.cleaned_data["meeting_on"],
            )
        except services.AlreadyDecided:
            messages.error(request, _already_decided_message(accession))
        else:
            if form.approve:
                messages.success(
                    request,
                    _("The application is approved: %(name)s is now connected to the agreement.")
                    % {"name": accession.name},
                )
            else:
                messages.success(
                    request, _("The application is rejected. The applicant is told by email.")
                )
        return redirect(accession.get_absolute_url())


def accession_attachment(request, pk: int):
    """The extract of the minutes, streamed only to those who may see the application (uploads are
    never served from /media/)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    accession = get_object_or_404(Accession, pk=pk)
    if not request.user.has_perm("accounts.view_accession_attachment", accession):
        raise Http404
    return pdf_response(accession.minutes_extract, filename=f"protokollsutdrag-{accession.pk}.pdf")


# --- The group's queue ----------------------------------------------------------------------------------


class AccessionQueueView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    """/ansokningar/: applications waiting for a decision, and (a second tab) those decided."""

    template_name = "accounts/accession_queue.html"
    permission_required = "accounts.view_accession_queue"
    paginate_by = 25
    context_object_name = "accessions"
    DECIDED_TAB = "beslutade"

    def showing_decided(self) -> bool:
        return self.request.GET.get("visa") == self.DECIDED_TAB

    def get_queryset(self):
        if self.showing_decided():
            return (
                Accession.objects.filter(status__in=DECIDED)
                .select_related("applicant", "organisation", "decided_by")
                .order_by("-decided_at", "-pk")
            )
        return accession_queue()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = Accession.objects.aggregate(
            open=Count("pk", filter=Q(status__in=Accession.OPEN_STATUSES)),
            decided=Count("pk", filter=Q(status__in=DECIDED)),
        )
        context.update(
            showing_decided=self.showing_decided(),
            decided_tab=self.DECIDED_TAB,
            open_count=counts["open"],
            decided_count=counts["decided"],
            queue_url=reverse("accounts:accession_queue"),
        )
        return context
