"""Invitations and registrations: the convener's invitation list and its sending (with a progress
page that htmx polls), the public registration form (also opened, filled in, from a personal
invitation link), the personal link to change or cancel, a representative's form for colleagues,
and the convener's list of registrations with the waiting list.

Personal links are random tokens; they stop working (410 Gone) once the conference has ended.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from accounts.models import Organisation, Sector, kinds_of_sector
from accounts.selectors import organisations_of
from plumbing.forms import apply_service_errors
from plumbing.ids import parse_id
from plumbing.lists import page_range
from plumbing.ratelimit import RateLimitMixin

from .. import services
from ..forms.registration import (
    ColleagueFormSet,
    ColleagueOrganisationForm,
    InvitationAddForm,
    RegistrationChangeForm,
    RegistrationForm,
)
from ..models import Invitation, InvitationSending, Registration
from ..selectors import (
    conference_place_counts,
    invitation_by_token,
    invitation_counts,
    invitation_list,
    invitation_sending_latest,
    registration_by_token,
    registration_list,
    registration_state,
    registration_waiting_list,
    sessions_with_places,
)
from .conference import ConferenceObjectMixin

__all__ = [
    "InvitationListView",
    "InvitationOpenView",
    "InvitationSendView",
    "InvitationSendingProgressView",
    "RegistrationCancelView",
    "RegistrationColleaguesView",
    "RegistrationCreateView",
    "RegistrationListView",
    "RegistrationManageView",
]


# --- Invitations (the convener) -------------------------------------------------------------------


class InvitationPageMixin(PermissionRequiredMixin, ConferenceObjectMixin):
    permission_required = "conferences.send_invitations"

    def list_url(self) -> str:
        return reverse("conferences:invitation_list", kwargs={"pk": self.get_object().pk})


class InvitationListView(InvitationPageMixin, TemplateView):
    """The invitation list: build it from the register, add or remove addresses, send."""

    template_name = "conferences/invitation_list.html"
    paginate_by = 25

    def get_context_data(self, add_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        conference = self.get_object()
        paginator = Paginator(invitation_list(conference), self.paginate_by)
        page = paginator.get_page(self.request.GET.get("page"))
        context.update(
            conference=conference,
            invitations=page.object_list,
            page_obj=page,
            page_range=page_range(page),
            counts=invitation_counts(conference),
            latest_sending=invitation_sending_latest(conference),
            add_form=add_form or InvitationAddForm(),
        )
        return context

    def post(self, request, *args, **kwargs):
        conference = self.get_object()
        action = request.POST.get("action")
        if action == "build":
            added = services.invitation_list_build(conference=conference, by=request.user)
            messages.success(
                request,
                _("%(count)s new addresses were added from the register.") % {"count": added}
                if added
                else _("The list already holds every address in the register."),
            )
        elif action == "add":
            form = InvitationAddForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(add_form=form))
            try:
                services.invitation_add(
                    conference=conference,
                    by=request.user,
                    email=form.cleaned_data["email"],
                    name=form.cleaned_data["name"],
                )
            except ValidationError as error:
                apply_service_errors(error, form)
                return self.render_to_response(self.get_context_data(add_form=form))
            messages.success(
                request,
                _("%(email)s is on the invitation list.") % {"email": form.cleaned_data["email"]},
            )
        elif action in ("remove", "restore"):
            pk = parse_id(request.POST.get("invitation"))
            if pk is None:
                raise Http404
            invitation = get_object_or_404(Invitation, pk=pk, conference=conference)
            services.invitation_set_excluded(
                invitation=invitation, by=request.user, excluded=action == "remove"
            )
            messages.success(
                request,
                (_("%(email)s was removed from the list.") if action == "remove" else _("%(email)s is back on the list."))
                % {"email": invitation.email},
            )
        else:
            raise Http404
        return redirect(self.list_url())


class InvitationSendView(InvitationPageMixin, TemplateView):
    """Confirm, then send every invitation not yet sent, in the background."""

    template_name = "conferences/invitation_send.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        conference = self.get_object()
        context.update(conference=conference, counts=invitation_counts(conference))
        return context

    def post(self, request, *args, **kwargs):
        conference = self.get_object()
        try:
            sending = services.invitation_sending_start(conference=conference, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.list_url())
        return redirect(
            "conferences:invitation_sending_progress", pk=conference.pk, sending_pk=sending.pk
        )


class InvitationSendingProgressView(InvitationPageMixin, TemplateView):
    """The progress of a sending. htmx asks for the fragment every 2 seconds while it runs; without
    JavaScript the page has a link to reload it."""

    template_name = "conferences/invitation_sending_progress.html"
    fragment_template_name = "conferences/invitation_sending_fragment.html"

    def get_template_names(self):
        if self.request.headers.get("HX-Request") == "true":
            return [self.fragment_template_name]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        conference = self.get_object()
        sending = get_object_or_404(
            InvitationSending.objects.select_related("started_by"),
            pk=self.kwargs["sending_pk"],
            conference=conference,
        )
        context.update(
            conference=conference,
            sending=sending,
            in_progress=sending.status in (InvitationSending.Status.QUEUED, InvitationSending.Status.RUNNING),
        )
        return context


# --- Registering ----------------------------------------------------------------------------------


class RegistrationFormMixin(RateLimitMixin):
    """The registration form of a conference, fresh or opened from a personal invitation."""

    rate_limit_scope = "registration"

    template_name = "conferences/registration_form.html"
    invitation: Invitation | None = None

    def form(self, conference, sessions, data=None, initial=None) -> RegistrationForm:
        return RegistrationForm(data, conference=conference, sessions=sessions, initial=initial)

    def render(self, conference, form, sessions):
        counts = conference_place_counts(conference)
        existing = None
        if self.invitation is not None:
            existing = conference.registrations.filter(email__iexact=self.invitation.email).exclude(
                status=Registration.Status.CANCELLED
            ).exists()
        return self.render_to_response(
            {
                "conference": conference,
                "form": form,
                "counts": counts,
                "state": registration_state(conference),
                "sessions": sessions,
                "invitation": self.invitation,
                "already_registered": existing,
                "view": self,
            }
        )

    def handle(self, request, conference, initial=None):
        sessions = list(sessions_with_places(conference))
        if request.method != "POST":
            return self.render(conference, self.form(conference, sessions, initial=initial), sessions)
        form = self.form(conference, sessions, data=request.POST)
        if form.is_valid():
            data = form.cleaned_data
            organisation = None
            # The organisation of the invitation, unless the person wrote another one.
            invited = self.invitation.organisation if self.invitation is not None else None
            if invited is not None and data["organisation_name"].strip() == invited.name:
                organisation = invited
            try:
                registration = services.registration_create(
                    conference=conference,
                    name=data["name"],
                    email=data["email"],
                    organisation=organisation,
                    organisation_name=data["organisation_name"],
                    sessions=data["sessions"],
                    dietary_needs=data["dietary_needs"],
                    accessibility_needs=data["accessibility_needs"],
                    on_participant_list=data["on_participant_list"],
                    invitation=self.invitation,
                    registered_by=request.user if request.user.is_authenticated else None,
                )
            except ValidationError as error:
                apply_service_errors(error, form)
                sessions = list(sessions_with_places(conference))
            else:
                if registration.status == Registration.Status.CONFIRMED:
                    messages.success(
                        request,
                        _("You are registered. A confirmation has been sent to %(email)s.")
                        % {"email": registration.email},
                    )
                else:
                    messages.info(
                        request,
                        _("The conference is full, so you are on the waiting list. We have sent an email to %(email)s and will email you again if a place becomes free.")
                        % {"email": registration.email},
                    )
                return redirect("conferences:registration_manage", token=registration.token)
        return self.render(conference, form, sessions)


def _initial_from_account(user) -> dict | None:
    """What a logged-in person's account already says (WCAG 2.2, 3.3.7 Redundant entry): their
    name and email, and their organisation's name when they represent exactly one."""
    if not user.is_authenticated:
        return None
    organisations = list(organisations_of(user).values_list("name", flat=True)[:2])
    return {
        "name": user.full_name,
        "email": user.email,
        "organisation_name": organisations[0] if len(organisations) == 1 else "",
    }


class RegistrationCreateView(RegistrationFormMixin, ConferenceObjectMixin, TemplateView):
    """/konferens/<pk>/anmalan/: anyone registers, no account needed (a logged-in person finds
    their name, email and organisation filled in)."""

    def get(self, request, *args, **kwargs):
        return self.handle(request, self.get_object(), initial=_initial_from_account(request.user))

    def post(self, request, *args, **kwargs):
        return self.handle(request, self.get_object())


def _private(response):
    """A page behind a personal link: never cached by a shared cache, never indexed."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _expired(request, conference):
    return TemplateResponse(
        request, "conferences/registration_link_expired.html", {"conference": conference}, status=410
    )


class InvitationOpenView(RegistrationFormMixin, TemplateView):
    """/konferens/inbjudan/<token>/: the registration form, filled in for the invitation."""

    def dispatch(self, request, *args, **kwargs):
        self.invitation = invitation_by_token(kwargs["token"])
        if self.invitation is None:
            raise Http404
        if self.invitation.conference.has_taken_place:
            return _expired(request, self.invitation.conference)
        return _private(super().dispatch(request, *args, **kwargs))

    def initial(self) -> dict:
        invitation = self.invitation
        return {
            "email": invitation.email,
            # An organisation's invitation names the organisation, not a person.
            "name": "" if invitation.source == Invitation.Source.ORGANISATION else invitation.name,
            "organisation_name": invitation.organisation.name if invitation.organisation else "",
        }

    def get(self, request, *args, **kwargs):
        return self.handle(request, self.invitation.conference, initial=self.initial())

    def post(self, request, *args, **kwargs):
        return self.handle(request, self.invitation.conference)


class RegistrationLinkMixin:
    """A registration behind a personal link: 404 when unknown, 410 once the conference is over."""

    def dispatch(self, request, *args, **kwargs):
        self.registration = registration_by_token(kwargs["token"])
        if self.registration is None:
            raise Http404
        if self.registration.conference.has_taken_place:
            return _expired(request, self.registration.conference)
        return _private(super().dispatch(request, *args, **kwargs))


class RegistrationManageView(RegistrationLinkMixin, TemplateView):
    """/konferens/anmalan/<token>/: see and change one's registration."""

    template_name = "conferences/registration_manage.html"

    def form(self, data=None):
        registration = self.registration
        sessions = list(sessions_with_places(registration.conference))
        initial = {
            "name": registration.name,
            "sessions": [session.pk for session in registration.sessions.all()],
            "dietary_needs": registration.dietary_needs,
            "accessibility_needs": registration.accessibility_needs,
            "on_participant_list": registration.on_participant_list,
        }
        return RegistrationChangeForm(
            data, conference=registration.conference, sessions=sessions, initial=initial
        )

    def render(self, form):
        registration = self.registration
        position = None
        if registration.status == Registration.Status.WAITING:
            position = (
                registration.conference.registrations.filter(
                    status=Registration.Status.WAITING, waiting_since__lt=registration.waiting_since
                ).count()
                + 1
            )
        return self.render_to_response(
            {
                "registration": registration,
                "conference": registration.conference,
                "form": form,
                "position": position,
                "is_cancelled": registration.status == Registration.Status.CANCELLED,
            }
        )

    def get(self, request, *args, **kwargs):
        return self.render(self.form())

    def post(self, request, *args, **kwargs):
        if self.registration.status == Registration.Status.CANCELLED:
            return redirect(request.path)
        form = self.form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.registration_update(
                    registration=self.registration,
                    name=data["name"],
                    sessions=data["sessions"],
                    dietary_needs=data["dietary_needs"],
                    accessibility_needs=data["accessibility_needs"],
                    on_participant_list=data["on_participant_list"],
                )
            except ValidationError as error:
                apply_service_errors(error, form)
            else:
                messages.success(request, _("Your changes have been saved."))
                return redirect(request.path)
        return self.render(form)


class RegistrationCancelView(RegistrationLinkMixin, TemplateView):
    """/konferens/anmalan/<token>/avboka/: confirm, then cancel (the place goes to the waiting list)."""

    template_name = "conferences/registration_cancel.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(registration=self.registration, conference=self.registration.conference)
        return context

    def post(self, request, *args, **kwargs):
        services.registration_cancel(registration=self.registration)
        messages.success(request, _("Your registration has been cancelled. Thank you for letting us know."))
        return redirect("conferences:registration_manage", token=self.registration.token)


class RegistrationColleaguesView(PermissionRequiredMixin, ConferenceObjectMixin, TemplateView):
    """/konferens/<pk>/anmalan/kollegor/: a representative registers several people of their
    organisation at once."""

    permission_required = "conferences.register_colleagues"
    template_name = "conferences/registration_colleagues.html"

    def organisations(self):
        return Organisation.objects.filter(
            representations__user=self.request.user,
            kind__in=kinds_of_sector(Sector.IDEA_DRIVEN),
        ).order_by("name")

    def render(self, organisation_form, formset, done=None):
        conference = self.get_object()
        return self.render_to_response(
            {
                "conference": conference,
                "organisation_form": organisation_form,
                "formset": formset,
                "counts": conference_place_counts(conference),
                "state": registration_state(conference),
                "done": done,
            }
        )

    def get(self, request, *args, **kwargs):
        return self.render(
            ColleagueOrganisationForm(organisations=self.organisations()), ColleagueFormSet(prefix="people")
        )

    def post(self, request, *args, **kwargs):
        conference = self.get_object()
        organisation_form = ColleagueOrganisationForm(request.POST, organisations=self.organisations())
        formset = ColleagueFormSet(request.POST, prefix="people")
        valid = organisation_form.is_valid()
        valid = formset.is_valid() and valid
        if valid:
            people = formset.people()
            try:
                done = services.registration_colleagues_create(
                    conference=conference,
                    by=request.user,
                    organisation=organisation_form.cleaned_data["organisation"],
                    people=people,
                )
            except ValidationError as error:
                apply_service_errors(
                    error, organisation_form, rows={"people": lambda index: formset.forms[formset.row_of(index)]}
                )
            else:
                return self.render(None, None, done=done)
        return self.render(organisation_form, formset)


# --- The convener's list ---------------------------------------------------------------------------


class RegistrationListView(PermissionRequiredMixin, ConferenceObjectMixin, TemplateView):
    """Every registration with its status, sessions and needs; the waiting list in order."""

    permission_required = "conferences.view_registrations"
    template_name = "conferences/registration_list.html"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        conference = self.get_object()
        paginator = Paginator(registration_list(conference), self.paginate_by)
        page = paginator.get_page(self.request.GET.get("page"))
        context.update(
            conference=conference,
            registrations=page.object_list,
            page_obj=page,
            page_range=page_range(page),
            waiting=registration_waiting_list(conference),
            counts=conference_place_counts(conference),
        )
        return context
