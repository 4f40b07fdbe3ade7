"""The public list of connected organisations (with its open data), the public profile, and an
organisation's own pages for its representatives: details, representatives, invitations, the yearly
confirmation, withdrawal, and the contact person's consent to be shown publicly."""

import csv
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.generic import (
    DetailView,
    FormView,
    ListView,
    TemplateView,
    UpdateView,
    View,
)
from rules.contrib.views import PermissionRequiredMixin

from overenskommelse.selectors import agreement_current, agreement_words, worded
from plumbing.dates import long_date
from plumbing.ids import parse_id
from plumbing.lists import (
    filter_query,
    filtered_list_context,
    page_range,
    with_query,
)
from plumbing.opendata import csv_cell
from plumbing.ratelimit import RateLimitMixin, rate_limit

from ..forms.organisation import (
    ConfirmDetailsForm,
    ContactConsentForm,
    InvitationForm,
    OrganisationFilterForm,
    OrganisationForm,
    WithdrawalForm,
)
from ..models import (
    Invitation,
    Organisation,
    OrganisationEvent,
    OrganisationKind,
    UmbrellaRequest,
)
from ..orgnr import kind_mismatch_warning
from ..selectors.profile import profile_areas, profile_asked_umbrellas, profile_organisation, profile_umbrellas
from ..selectors.public_list import organisation_public_page, public_parties_rows
from ..selectors import (
    PARTY_OTHERS,
    PARTY_PUBLIC,
    STALE_AFTER,
    contact_persons_list,
    manage_page_history,
    manage_page_invitations,
    manage_page_organisation,
    manage_page_umbrella_requests,
    organisation_public_list,
    public_parties_listed,
    representations_of,
    umbrella_requests_to_answer,
    with_representatives,
)
from ..services import (
    contact_consent_set,
    invitation_accept,
    invitation_create,
    invitation_problem,
    organisation_confirm_details,
    organisation_contact_from_representative,
    organisation_update,
    umbrella_memberships_set,
    umbrella_request_answer,
    withdrawal_file,
)

FILTER_PARAMS = ("q", "party", "kind", "area", "umbrella")


# --- The public list and its open data -----------------------------------------------------------


def _filter_query(form: OrganisationFilterForm) -> str:
    """The valid filters as a query string, for the pagination and the download links."""
    filters = form.filters()
    values = {
        "q": filters["q"],
        "party": filters["party"],
        "kind": filters["kind"],
        "area": filters["priority_area"],
        "umbrella": filters["umbrella"],
    }
    return filter_query(values)


class OrganisationListView(ListView):
    """Every organisation connected to the agreement, searchable and filtered, 25 a page."""

    template_name = "accounts/organisation_list.html"
    context_object_name = "organisations"
    paginate_by = 25

    def get_queryset(self):
        # Where public actors may join (or some have), the public parties are listed under their
        # own heading, beside the idea-driven organisations, and a filter chooses between the two.
        self.with_party = public_parties_listed()
        self.filter_form = OrganisationFilterForm(self.request.GET or None, with_party=self.with_party)
        self.filters = self.filter_form.filters()
        # Compiled queries (accounts.selectors.public_list): the count, the page's rows and their
        # priority areas.
        if not self.with_party:
            return organisation_public_page(**self.filters)
        if self.filters["party"] == PARTY_PUBLIC:
            return Organisation.objects.none()
        return organisation_public_page(**{**self.filters, "party": PARTY_OTHERS})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = _filter_query(self.filter_form)
        party = self.filters.get("party", "")
        show_public = self.with_party and party != PARTY_OTHERS and context["page_obj"].number == 1
        context.update(
            filtered_list_context(context, form=self.filter_form, query=query),
            csv_url=with_query(reverse("accounts:organisation_list_csv"), query),
            json_url=with_query(reverse("accounts:organisation_list_json"), query),
            with_party=self.with_party,
            show_others=not (self.with_party and party == PARTY_PUBLIC),
            public_parties=public_parties_rows(**self.filters) if show_public else None,
        )
        return context


def _open_data_rows(request) -> tuple[list[dict], dict]:
    """The connected organisations (filtered as on the list page), as plain rows: only what each
    organisation chose to publish, and its contact person only with the person's own consent.

    Three queries whatever the number of organisations (the list and its two prefetches)."""
    form = OrganisationFilterForm(request.GET or None, with_party=public_parties_listed())
    filters = form.filters()
    rows = []
    with translation.override("sv"):
        for organisation in organisation_public_list(**filters):
            consented = organisation.contact_is_public
            rows.append(
                {
                    "name": organisation.name,
                    "org_number": organisation.org_number,
                    "kind": organisation.kind,
                    "kind_label": str(OrganisationKind(organisation.kind).label),
                    "town": organisation.city,
                    "website": organisation.website,
                    "street_address": organisation.street_address if organisation.publish_address else "",
                    "postal_code": organisation.postal_code if organisation.publish_address else "",
                    "email": organisation.email if organisation.publish_email else "",
                    "phone": organisation.phone if organisation.publish_phone else "",
                    "priority_areas": [area.name for area in organisation.priority_areas.all()],
                    "umbrella_organisations": [
                        umbrella.name for umbrella in organisation.umbrella_organisations.all()
                    ],
                    "connected_since": organisation.connected_since.isoformat(),
                    "profile_url": request.build_absolute_uri(organisation.get_absolute_url()),
                    "contact_name": organisation.contact_name if consented else "",
                    "contact_email": organisation.contact_email if consented else "",
                    "contact_phone": organisation.contact_phone if consented else "",
                }
            )
    return rows, filters


def _csv_columns() -> list[tuple[str, str]]:
    return [
        ("name", _("Name")),
        ("org_number", _("Organisation number")),
        ("kind_label", _("Kind")),
        ("town", _("Town")),
        ("website", _("Website")),
        ("street_address", _("Street address")),
        ("postal_code", _("Postal code")),
        ("email", _("Email")),
        ("phone", _("Phone")),
        ("priority_areas", agreement_words().Areas),
        ("umbrella_organisations", _("Umbrella organisations")),
        ("connected_since", _("Connected since")),
        ("profile_url", _("Profile")),
        ("contact_name", _("Contact person")),
        ("contact_email", _("Contact person's email")),
        ("contact_phone", _("Contact person's phone")),
    ]


@rate_limit("open_data", methods=("GET", "HEAD"))
def organisation_list_csv(request):
    """Open data as CSV for Swedish spreadsheet programs: UTF-8 with BOM, semicolon-separated."""
    rows, _filters = _open_data_rows(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="anslutna-organisationer-{stamp}.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    with translation.override("sv"):
        columns = _csv_columns()
        writer.writerow([csv_cell(label) for _key, label in columns])
    for row in rows:
        writer.writerow(
            [
                csv_cell(", ".join(row[key]) if isinstance(row[key], list) else row[key])
                for key, _label in columns
            ]
        )
    return response


@rate_limit("open_data", methods=("GET", "HEAD"))
def organisation_list_json(request):
    """Open data as JSON. The structure is described on the list page (section "Open data")::

        {"generated": "2026-06-01T08:00:00+02:00", "licence": "CC0-1.0", "publisher": "...",
         "documentation": "https://…/organisationer/#oppna-data", "filters": {...},
         "count": 2, "organisations": [{"name": ..., "org_number": ..., "kind": ...,
         "kind_label": ..., "town": ..., "website": ..., "street_address": ..., "postal_code": ...,
         "email": ..., "phone": ..., "priority_areas": [...], "umbrella_organisations": [...],
         "connected_since": "2025-03-14", "profile_url": ..., "contact_name": ...,
         "contact_email": ..., "contact_phone": ...}, ...]}

    Empty strings mean "not published".
    """
    rows, filters = _open_data_rows(request)
    agreement = agreement_current()
    payload = {
        "generated": timezone.localtime().isoformat(timespec="seconds"),
        "licence": "CC0-1.0",
        "publisher": agreement.municipality if agreement else "",
        "documentation": request.build_absolute_uri(reverse("accounts:organisation_list"))
        + "#oppna-data",
        "filters": {key: value for key, value in filters.items() if value},
        "count": len(rows),
        "organisations": rows,
    }
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Type"] = "application/json; charset=utf-8"
    response["Access-Control-Allow-Origin"] = "*"
    return response


# --- The contact persons, for the group -----------------------------------------------------------


class ContactPersonListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    """Every organisation that joined, public parties first, with the contact person it names for
    the agreement: for the group and the convener only (personal data, never public)."""

    permission_required = "accounts.view_contact_persons"
    template_name = "accounts/contact_person_list.html"
    context_object_name = "organisations"
    paginate_by = 50

    def get_queryset(self):
        return contact_persons_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_range"] = page_range(context["page_obj"])
        return context


# --- The public profile --------------------------------------------------------------------------


class OrganisationProfileView(DetailView):
    """What a connected organisation chose to publish. Its own people also see a preview before it
    is connected (or after it withdrew); everyone else gets 404 for those."""

    template_name = "accounts/organisation_profile.html"
    context_object_name = "organisation"

    def get_object(self, queryset=None):
        # The organisation and what the page shows of its areas and umbrellas are read by
        # queries compiled once (``accounts.selectors.profile``, issue 16).
        organisation = profile_organisation(self.kwargs["pk"])
        if organisation is None or not self.request.user.has_perm("accounts.view_organisation", organisation):
            raise Http404
        return organisation

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.object
        context["is_preview"] = not organisation.is_connected
        # The organisation's own claim, said as such: the umbrella has not confirmed it (yet).
        context["asked_umbrellas"] = profile_asked_umbrellas(organisation)
        context["areas"] = profile_areas(organisation)
        context["umbrellas"] = profile_umbrellas(organisation)
        if organisation.kind == OrganisationKind.UMBRELLA:
            context["member_organisations"] = organisation.member_organisations.connected().order_by(
                "name"
            )
        return context


# --- An organisation's own pages -----------------------------------------------------------------


class OrganisationPageMixin(PermissionRequiredMixin):
    """The organisation named in the address (404 when unknown), checked against a permission
    (login for visitors, 403 for users without the right)."""

    # The pages that list the representatives (and ask several permissions of the organisation)
    # prefetch them: ``with_representatives``.
    organisation_queryset = Organisation.objects.all()

    def get_object(self, queryset=None):
        if not hasattr(self, "_organisation"):
            self._organisation = get_object_or_404(self.organisation_queryset, pk=self.kwargs["pk"])
        return self._organisation

    def manage_url(self, anchor: str = "") -> str:
        url = reverse("accounts:organisation_manage", kwargs={"pk": self.get_object().pk})
        return f"{url}#{anchor}" if anchor else url

    def manage_context(self, *, form=None, invite_form=None) -> dict:
        """Everything the manage page shows, with the forms given (bound, with errors) or new ones."""
        organisation = self.get_object()
        history = manage_page_history(organisation, self.request.GET.get("historik"))
        confirmed = organisation.details_confirmed_at
        representations = list(representations_of(organisation))
        withdrawal = organisation.withdrawals.select_related("filed_by").first() if organisation.withdrawn_on else None
        return {
            "organisation": organisation,
            "form": form or OrganisationForm(instance=organisation),
            "invite_form": invite_form or InvitationForm(),
            "confirm_form": ConfirmDetailsForm(),
            "representations": representations,
            "invitations": manage_page_invitations(organisation),
            "history_page": history,
            "history_range": page_range(history),
            "confirmation_due": confirmed is None or confirmed < timezone.now() - STALE_AFTER,
            "withdrawal": withdrawal,
            "has_left": bool(organisation.withdrawn_on and organisation.withdrawn_on <= timezone.localdate()),
            "consent_url": self.request.build_absolute_uri(
                reverse("accounts:contact_consent", kwargs={"pk": organisation.pk})
            ),
            "umbrella_requests": manage_page_umbrella_requests(organisation),
            "member_requests": (
                umbrella_requests_to_answer(organisation)
                if organisation.kind == OrganisationKind.UMBRELLA
                else []
            ),
        }


class OrganisationManageView(OrganisationPageMixin, UpdateView):
    """A representative's page for the organisation: details, representatives, history, status."""

    permission_required = "accounts.manage_organisation"
    template_name = "accounts/organisation_manage.html"
    form_class = OrganisationForm

    def get_object(self, queryset=None):
        # The organisation with its representatives and priority areas, read by compiled queries.
        if not hasattr(self, "_organisation"):
            self._organisation = manage_page_organisation(self.kwargs["pk"])
            if self._organisation is None:
                raise Http404
        return self._organisation

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.manage_context(form=kwargs.get("form") or context.get("form")))
        return context

    def form_valid(self, form):
        had_consent = self.object.contact_publish_consent_at is not None
        changed = [name for name in form.changed_data if name != "umbrella_organisations"]
        with transaction.atomic():
            organisation = form.save()
            organisation_update(
                organisation=organisation,
                by=self.request.user,
                changed=changed,
                before={name: form.initial.get(name) for name in changed},
            )
            if "umbrella_organisations" in form.changed_data:
                umbrella_memberships_set(
                    organisation=organisation,
                    umbrellas=form.cleaned_data["umbrella_organisations"],
                    by=self.request.user,
                )
        if not form.changed_data:
            messages.info(self.request, _("Nothing was changed."))
        else:
            messages.success(self.request, _("The organisation's details have been saved."))
        warning = kind_mismatch_warning(organisation.org_number, organisation.kind)
        if warning:
            messages.warning(self.request, warning)
        if had_consent and organisation.contact_publish_consent_at is None:
            messages.info(
                self.request,
                _(
                    "The contact person changed, so they are no longer shown on the public profile "
                    "until the new contact person agrees."
                ),
            )
        return redirect(self.manage_url())


class UmbrellaRequestAnswerView(OrganisationPageMixin, View):
    """An umbrella organisation confirms or declines that an organisation is its member (POST from
    its manage page). Only its representatives, or the convener while it has none (403)."""

    permission_required = "accounts.answer_umbrella_request"
    http_method_names = ("post",)

    def get_permission_object(self):
        if not hasattr(self, "_request_row"):
            self._request_row = get_object_or_404(
                UmbrellaRequest.objects.select_related("member", "umbrella"),
                pk=self.kwargs["request_pk"],
                umbrella=self.get_object(),
                status=UmbrellaRequest.Status.PENDING,
            )
        return self._request_row

    def post(self, request, *args, **kwargs):
        row = self.get_permission_object()
        if request.POST.get("answer") not in ("accept", "decline"):
            return redirect(self.manage_url("member-requests"))
        accept = request.POST["answer"] == "accept"
        try:
            umbrella_request_answer(request=row, by=request.user, accept=accept)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(self.manage_url("member-requests"))
        if accept:
            message = _("%(name)s is now shown as a member of %(umbrella)s.")
        else:
            message = _("You declined: %(name)s is not shown as a member of %(umbrella)s.")
        messages.success(request, message % {"name": row.member.name, "umbrella": row.umbrella.name})
        return redirect(self.manage_url("member-requests"))


class ContactPersonSetView(OrganisationPageMixin, View):
    """POST from the manage page: one of the organisation's representatives becomes its contact
    person for the agreement."""

    permission_required = "accounts.set_contact_person"
    http_method_names = ("post",)

    def post(self, request, *args, **kwargs):
        organisation = self.get_object()
        pk = parse_id(request.POST.get("representation"))
        representation = (
            organisation.representations.select_related("user").filter(pk=pk).first() if pk else None
        )
        if representation is None:
            messages.error(request, _("Choose one of the organisation's representatives."))
            return redirect(self.manage_url("representatives"))
        organisation_contact_from_representative(
            organisation=organisation, representation=representation, by=request.user
        )
        messages.success(
            request,
            _("%(name)s is now the organisation's contact person for the agreement.")
            % {"name": representation.user.get_full_name()},
        )
        return redirect(self.manage_url("representatives"))


class OrganisationConfirmView(OrganisationPageMixin, FormView):
    """The yearly confirmation that the details and the contact person are current (POST only)."""

    permission_required = "accounts.manage_organisation"
    form_class = ConfirmDetailsForm
    http_method_names = ("post",)

    def form_valid(self, form):
        organisation_confirm_details(organisation=self.get_object(), by=self.request.user)
        messages.success(self.request, _("Thank you: the details are confirmed as current."))
        return redirect(self.manage_url())


class InvitationCreateView(OrganisationPageMixin, RateLimitMixin, FormView):
    """Invite a colleague by email to represent the organisation too (POST from the manage page).
    Rate limited: each invitation sends an email to an address typed in."""

    permission_required = "accounts.invite_representative"
    rate_limit_scope = "invitation"
    form_class = InvitationForm
    template_name = "accounts/organisation_manage.html"
    organisation_queryset = with_representatives(Organisation.objects.all())
    http_method_names = ("post",)

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        try:
            invitation_create(organisation=self.get_object(), by=self.request.user, email=email)
        except ValidationError as error:
            form.add_error("email", error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("An invitation has been sent to %(email)s.") % {"email": email}
        )
        return redirect(self.manage_url("representatives"))

    def form_invalid(self, form):
        return self.render_to_response(self.manage_context(invite_form=form))


class WithdrawalCreateView(OrganisationPageMixin, FormView):
    """The organisation's formal written notice of withdrawal (utträde)."""

    permission_required = "accounts.withdraw_organisation"
    form_class = WithdrawalForm
    template_name = "accounts/withdrawal_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.get_object()
        context["organisation"] = organisation
        context["withdrawal"] = organisation.withdrawals.first() if organisation.withdrawn_on else None
        return context

    def form_valid(self, form):
        organisation = self.get_object()
        data = form.cleaned_data
        try:
            withdrawal = withdrawal_file(
                organisation=organisation,
                by=self.request.user,
                effective_on=data["effective_on"],
                reason=data["reason"],
                signatory_name=data["signatory_name"],
                signatory_role=data["signatory_role"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            worded(
                _(
                    "The notice of withdrawal has been filed. The organisation leaves the agreement on "
                    "%(date)s; %(group)s has been told."
                ),
                date=long_date(withdrawal.effective_on),
            ),
        )
        return redirect(self.manage_url())


class ContactConsentView(OrganisationPageMixin, FormView):
    """The contact person's own decision to be shown, or not, on the public profile."""

    permission_required = "accounts.consent_organisation"
    form_class = ContactConsentForm
    template_name = "accounts/organisation_consent.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.get_object()
        context["organisation"] = organisation
        context["last_decision"] = (
            organisation.events.filter(
                by=self.request.user,
                kind__in=[OrganisationEvent.Kind.CONSENT_GIVEN, OrganisationEvent.Kind.CONSENT_WITHDRAWN],
            )
            .order_by("-at", "-pk")
            .first()
        )
        return context

    def form_valid(self, form):
        consent = form.cleaned_data["consent"]
        contact_consent_set(organisation=self.get_object(), user=self.request.user, consent=consent)
        if consent:
            messages.success(self.request, _("Thank you: you are now shown as the contact person."))
        else:
            messages.success(
                self.request, _("Your choice is saved: you are not shown on the public profile.")
            )
        return redirect("accounts:contact_consent", pk=self.get_object().pk)


class InvitationAcceptView(TemplateView):
    """The page the invitation email links to. A visitor logs in or signs up first (and comes
    back here); a logged-in user sees the organisation and accepts, or what stands in the way."""

    template_name = "accounts/invitation_accept.html"

    def dispatch(self, request, *args, **kwargs):
        self.invitation = get_object_or_404(
            Invitation.objects.select_related("organisation", "invited_by"), token=kwargs["token"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        here = self.request.get_full_path()
        context.update(
            invitation=self.invitation,
            organisation=self.invitation.organisation,
            login_url=f"{reverse('account_login')}?{urlencode({'next': here})}",
            signup_url=f"{reverse('account_signup')}?{urlencode({'next': here})}",
        )
        if user.is_authenticated and "problem" not in context:
            context["problem"] = invitation_problem(invitation=self.invitation, user=user)
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            invitation_accept(invitation=self.invitation, user=request.user)
        except ValidationError as error:
            return self.render_to_response(self.get_context_data(problem=error.messages[0]))
        messages.success(
            request,
            _("You now represent %(organisation)s.") % {"organisation": self.invitation.organisation.name},
        )
        return redirect("accounts:organisation_manage", pk=self.invitation.organisation_id)
