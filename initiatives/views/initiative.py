"""Collaboration initiatives: the public catalogue, the initiatives looking for partners, an
organisation's own initiatives, proposing one, its page with the five steps, the edit of each
step's content, the moves between steps, and matching (interest, answers, introductions).

Thin views: forms validate, ``services`` change state, ``selectors`` read, ``rules`` decide who may
do what. An initiative a user may not see answers 404 (a logged-out visitor is sent to log in).
"""


from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView, UpdateView
from rules.contrib.views import PermissionRequiredMixin

from accounts.roles import Role, roles_of
from overenskommelse.process import STEPS, Step
from plumbing.lists import filter_query, filtered_list_context, page_range
from plumbing.ratelimit import RateLimitMixin

from .. import services
from ..forms.initiative import (
    EDITABLE_GROUPS,
    AdvanceForm,
    InitiativeEditForm,
    InitiativeFilterForm,
    InitiativeProposeForm,
    InterestAnswerForm,
    InterestForm,
    IntroductionForm,
    MoveBackForm,
    StateForm,
)
from ..models import Initiative, Interest, PartyRequest
from ..selectors import (
    initiative_catalogue_page,
    initiative_detail_queryset,
    initiative_interests_pending,
    initiative_matching_list,
    initiative_page_areas,
    initiative_page_assessments,
    initiative_page_directions,
    initiative_page_history,
    initiative_page_object,
    initiative_page_parties,
    initiatives_of,
    interest_organisations_for,
    interests_to_answer,
    introduction_choices,
    introduction_suggestions,
    party_requests_of,
    party_requests_to_answer,
    proposing_organisations,
    unconnected_organisations_of,
)

STEP_BY_VALUE = {description.step.value: description for description in STEPS}


def _step_label(step: str) -> str:
    description = STEP_BY_VALUE[step]
    return _("step %(number)s, %(name)s") % {"number": description.number, "name": description.title}


# --- Lists ---------------------------------------------------------------------------------------


class InitiativeListView(ListView):
    """The public catalogue: the initiatives their parties made public, filtered, 25 a page."""

    template_name = "initiatives/initiative_list.html"
    context_object_name = "initiatives"
    paginate_by = 25

    def get_queryset(self):
        self.filter_form = InitiativeFilterForm(self.request.GET or None)
        # Compiled queries (selectors.catalogue): the count, the page's rows, their parties and areas.
        return initiative_catalogue_page(**self.filter_form.filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = self.filter_form.filters()
        query = filter_query(
            {
                "q": filters["q"],
                "area": filters["priority_area"],
                "step": filters["step"],
                "form": filters["form"],
                "organisation": filters["organisation"],
            }
        )
        context.update(filtered_list_context(context, form=self.filter_form, query=query), steps=STEPS)
        return context


class InitiativeMatchingView(ListView):
    """Active initiatives looking for partners, with what they look for."""

    template_name = "initiatives/initiative_matching.html"
    context_object_name = "initiatives"
    paginate_by = 25

    def get_queryset(self):
        return initiative_matching_list(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(page_range=page_range(context["page_obj"]), steps=STEPS)
        return context


class InitiativeMineView(LoginRequiredMixin, ListView):
    """The initiatives of the user's organisations (public or not) and the interests to answer."""

    template_name = "initiatives/initiative_mine.html"
    context_object_name = "initiatives"
    paginate_by = 25

    def get_queryset(self):
        return initiatives_of(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            page_range=page_range(context["page_obj"]),
            steps=STEPS,
            interests=list(interests_to_answer(user)),
            party_requests=list(party_requests_to_answer(user)),
            may_propose=user.has_perm("initiatives.add_initiative"),
        )
        return context


# --- Proposing -----------------------------------------------------------------------------------


class InitiativeCreateView(PermissionRequiredMixin, RateLimitMixin, FormView):
    """A representative of a connected organisation, or an officer of a förvaltning, proposes an
    initiative for one of their organisations. A representative of an association that is not
    connected yet is told to apply to join first."""

    permission_required = "initiatives.add_initiative"
    rate_limit_scope = "initiative"
    template_name = "initiatives/initiative_form.html"
    form_class = InitiativeProposeForm

    def dispatch(self, request, *args, **kwargs):
        self.organisations = proposing_organisations(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["organisations"] = self.organisations
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_propose"] = self.organisations.exists()
        context["unconnected"] = list(unconnected_organisations_of(self.request.user))
        return context

    def post(self, request, *args, **kwargs):
        if not self.organisations.exists():
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            initiative = services.initiative_propose(
                by=self.request.user,
                organisation=data["organisation"],
                title=data["title"],
                need=data["need"],
                goal=data["goal"],
                priority_areas=data["priority_areas"],
                directions=data["directions"],
                horizon=data["horizon"],
                looking_for_partners=data["looking_for_partners"],
                partners_wanted=data["partners_wanted"] if data["looking_for_partners"] else "",
                is_public=data["is_public"],
                other_parties=data["other_parties"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The initiative has been proposed. It starts in step 1, %(step)s.")
            % {"step": Step.INITIATIVE.label},
        )
        return redirect(initiative)


# --- One initiative --------------------------------------------------------------------------------


class InitiativeObjectMixin(PermissionRequiredMixin):
    """The initiative named in the address, looked up once with what its page shows. A user who
    may not see it gets 404 (never 403); a logged-out visitor is sent to log in."""

    def get_object(self, queryset=None) -> Initiative:
        if not hasattr(self, "_initiative"):
            self._initiative = get_object_or_404(initiative_detail_queryset(), pk=self.kwargs["pk"])
        return self._initiative

    def handle_no_permission(self):
        if not self.request.user.is_authenticated:
            return super().handle_no_permission()
        if not self.request.user.has_perm("initiatives.view_initiative", self.get_object()):
            raise Http404
        raise PermissionDenied

    def detail_url(self, anchor: str = "") -> str:
        url = self.get_object().get_absolute_url()
        return f"{url}#{anchor}" if anchor else url

    def render_detail(self, **forms):
        """The initiative's page again, with a form that has errors (everything typed kept)."""
        context = detail_context(self.request, self.get_object(), **forms)
        return TemplateResponse(self.request, "initiatives/initiative_detail.html", context)


def detail_context(request, initiative: Initiative, **forms) -> dict:
    """Everything an initiative's page shows, for the user looking at it. ``forms`` replaces a
    blank form by a bound one with errors (``advance_form``, ``back_form``, ``state_form``,
    ``interest_form``, ``introduction_form``, ``answer_forms``)."""
    user = request.user
    roles = roles_of(user)
    may = {
        name: user.has_perm(f"initiatives.{name}", initiative)
        for name in (
            "change_initiative",
            "advance_initiative",
            "move_back_initiative",
            "pause_initiative",
            "answer_interest",
            "express_interest",
            "introduce_organisation",
        )
    }
    is_party = may["advance_initiative"]
    insider = is_party or bool(roles & {Role.CONVENER, Role.GROUP_MEMBER})
    step_number = initiative.step_number
    active = initiative.state == Initiative.State.ACTIVE
    next_step = services.next_step(initiative.step)
    edit_url = reverse("initiatives:initiative_edit", kwargs={"pk": initiative.pk})
    shown_groups = EDITABLE_GROUPS[step_number] if is_party else tuple(range(2, step_number + 1))

    context = {
        "initiative": initiative,
        "steps": STEPS,
        "may": may,
        "is_party": is_party,
        "insider": insider,
        # What the page only displays, as rows (``selectors.page``: no prefetch, compiled once).
        "parties": initiative_page_parties(initiative),
        "areas": initiative_page_areas(initiative),
        "directions": initiative_page_directions(initiative),
        "transitions": initiative_page_history(initiative),
        "shown_groups": shown_groups,
        "assessments": initiative_page_assessments(initiative) if 4 in shown_groups else [],
        "next_step": STEP_BY_VALUE[next_step] if next_step else None,
        "previous_step": STEP_BY_VALUE[services.previous_step(initiative.step)]
        if services.previous_step(initiative.step)
        else None,
        "is_active": active,
    }
    # Organisations asked to be parties are not parties: only the parties, the group and the
    # convener see them (as asked, or declined), and an asked organisation its own question.
    if insider:
        requests = list(party_requests_of(initiative))
    elif user.is_authenticated:
        requests = list(
            party_requests_of(initiative).filter(
                status=PartyRequest.Status.PENDING, organisation__representations__user=user
            )
        )
    else:
        requests = []
    context["party_requests"] = [
        (
            request_row,
            request_row.status == PartyRequest.Status.PENDING
            and user.has_perm("initiatives.answer_party_request", request_row),
        )
        for request_row in requests
    ]
    if next_step and (is_party or insider) and initiative.state != Initiative.State.CLOSED:
        context["missing"] = [
            {
                "message": missing.message,
                "url": f"{edit_url}#id_{missing.field}" if may["change_initiative"] else "",
            }
            for missing in services.initiative_missing_for_next_step(initiative)
        ]
    if may["advance_initiative"] and active and next_step:
        context["advance_form"] = forms.get("advance_form") or AdvanceForm(
            prefix="advance", initial={"step": initiative.step}
        )
    if may["move_back_initiative"] and context["previous_step"]:
        context["back_form"] = forms.get("back_form") or MoveBackForm(
            prefix="back", initial={"step": initiative.step}
        )
    if may["pause_initiative"] and initiative.state != Initiative.State.CLOSED:
        context["state_form"] = forms.get("state_form") or StateForm(
            prefix="state", current=initiative.state
        )
    if may["answer_interest"]:
        answer_forms = forms.get("answer_forms") or {}
        context["interests"] = [
            (
                interest,
                answer_forms.get(interest.pk) or InterestAnswerForm(prefix=f"answer-{interest.pk}"),
            )
            for interest in initiative_interests_pending(initiative)
        ]
    if may["express_interest"]:
        organisations = interest_organisations_for(user, initiative)
        if organisations.exists():
            context["interest_form"] = forms.get("interest_form") or InterestForm(
                prefix="interest", organisations=organisations
            )
        else:
            context["unconnected"] = list(unconnected_organisations_of(user))
            context["interest_pending"] = initiative.interests.filter(
                status=Interest.Status.PENDING, organisation__representations__user=user
            ).exists()
    if may["introduce_organisation"]:
        context["introduction_form"] = forms.get("introduction_form") or IntroductionForm(
            prefix="introduce", organisations=introduction_choices(initiative)
        )
        context["suggestions"] = introduction_suggestions(initiative)
        context["introductions"] = list(
            initiative.introductions.select_related("organisation", "by").order_by("-at", "-pk")[:10]
        )
    return context


class InitiativeDetailView(InitiativeObjectMixin, TemplateView):
    """An initiative's page: its five steps, parties, content, history and what can be done next."""

    permission_required = "initiatives.view_initiative"
    template_name = "initiatives/initiative_detail.html"

    def get_object(self, queryset=None) -> Initiative:
        # The initiative's row alone: what the page shows of it besides is read as rows by
        # ``detail_context`` (the other views of the mixin prefetch, for their forms).
        if not hasattr(self, "_initiative"):
            self._initiative = initiative_page_object(self.kwargs["pk"])
            if self._initiative is None:
                raise Http404
        return self._initiative

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(detail_context(self.request, self.get_object()))
        return context


class InitiativeEditView(InitiativeObjectMixin, UpdateView):
    """The parties' edit: step 1's content, the parties, and each reached step's content."""

    permission_required = "initiatives.change_initiative"
    template_name = "initiatives/initiative_edit.html"
    form_class = InitiativeEditForm
    context_object_name = "initiative"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["steps"] = STEPS
        context["step_descriptions"] = STEP_BY_VALUE
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.initiative_update(
                initiative=form.instance,
                by=self.request.user,
                fields=form.model_fields(),
                priority_areas=data["priority_areas"],
                directions=data["directions"],
                parties=data["parties"],
                principle_texts=form.principle_texts(),
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The initiative has been saved."))
        return redirect(self.detail_url("next-step"))


class InitiativeActionView(InitiativeObjectMixin, View):
    """A form on the initiative's page (POST only); back to the page afterwards."""

    http_method_names = ("post",)


class InitiativeAdvanceView(InitiativeActionView):
    """Move on to the next step, when its conditions are met."""

    permission_required = "initiatives.advance_initiative"

    def post(self, request, *args, **kwargs):
        initiative = self.get_object()
        form = AdvanceForm(request.POST, prefix="advance")
        if not form.is_valid():
            return self.render_detail(advance_form=form)
        try:
            initiative = services.initiative_advance(
                initiative=initiative,
                by=request.user,
                comment=form.cleaned_data["comment"],
                from_step=form.cleaned_data["step"],
            )
        except services.StaleStep:
            messages.warning(request, _stale_message())
            return redirect(self.detail_url())
        except ValidationError as error:
            target = services.next_step(initiative.step)
            if target:
                messages.error(
                    request,
                    _("The initiative cannot move on to %(step)s yet. What is missing:")
                    % {"step": _step_label(target)},
                )
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.detail_url("next-step"))
        messages.success(
            request,
            _("The initiative has moved on to %(step)s. The parties have been told.")
            % {"step": _step_label(initiative.step)},
        )
        return redirect(self.detail_url())


def _stale_message() -> str:
    return _(
        "Someone else has already moved the initiative to another step. Here is the page as it "
        "is now: check it before you continue."
    )


class InitiativeMoveBackView(InitiativeActionView):
    """The convener moves the initiative back one step, with a reason."""

    permission_required = "initiatives.move_back_initiative"

    def post(self, request, *args, **kwargs):
        form = MoveBackForm(request.POST, prefix="back")
        if not form.is_valid():
            return self.render_detail(back_form=form)
        try:
            initiative = services.initiative_move_back(
                initiative=self.get_object(),
                by=request.user,
                reason=form.cleaned_data["reason"],
                from_step=form.cleaned_data["step"],
            )
        except services.StaleStep:
            messages.warning(request, _stale_message())
            return redirect(self.detail_url())
        except ValidationError as error:
            form.add_error("reason", error)
            return self.render_detail(back_form=form)
        messages.success(
            request,
            _("The initiative has been moved back to %(step)s.") % {"step": _step_label(initiative.step)},
        )
        return redirect(self.detail_url())


class InitiativeStateView(InitiativeActionView):
    """Pause, resume or close the initiative early (pausing and closing need a reason)."""

    permission_required = "initiatives.pause_initiative"

    def post(self, request, *args, **kwargs):
        initiative = self.get_object()
        form = StateForm(request.POST, prefix="state", current=initiative.state)
        if not form.is_valid():
            return self.render_detail(state_form=form)
        try:
            initiative = services.initiative_set_state(
                initiative=initiative,
                by=request.user,
                state=form.cleaned_data["state"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_detail(state_form=form)
        done = {
            Initiative.State.ACTIVE: _("The initiative has been resumed."),
            Initiative.State.PAUSED: _("The initiative has been paused."),
            Initiative.State.CLOSED: _("The initiative has been closed."),
        }[initiative.state]
        messages.success(request, done)
        return redirect(self.detail_url())


# --- Matching ------------------------------------------------------------------------------------


class InterestCreateView(RateLimitMixin, InitiativeActionView):
    """A connected organisation (or a förvaltning) tells the parties it would like to take part."""

    permission_required = "initiatives.express_interest"
    rate_limit_scope = "interest"

    def post(self, request, *args, **kwargs):
        initiative = self.get_object()
        form = InterestForm(
            request.POST,
            prefix="interest",
            organisations=interest_organisations_for(request.user, initiative),
        )
        if not form.is_valid():
            return self.render_detail(interest_form=form)
        try:
            services.interest_express(
                initiative=initiative,
                organisation=form.cleaned_data["organisation"],
                by=request.user,
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_detail(interest_form=form)
        messages.success(
            request,
            _("Your interest has been sent to the parties of the initiative. You get an email when they answer."),
        )
        return redirect(self.detail_url())


class InterestAnswerView(InitiativeActionView):
    """The parties accept (the organisation becomes a party) or decline an expression of interest."""

    permission_required = "initiatives.answer_interest"

    def post(self, request, *args, **kwargs):
        initiative = self.get_object()
        interest = get_object_or_404(
            Interest.objects.select_related("organisation"),
            pk=self.kwargs["interest_pk"],
            initiative=initiative,
        )
        form = InterestAnswerForm(request.POST, prefix=f"answer-{interest.pk}")
        if not form.is_valid():
            return self.render_detail(answer_forms={interest.pk: form})
        accept = form.cleaned_data["decision"] == "accept"
        try:
            services.interest_answer(
                interest=interest, by=request.user, accept=accept, answer=form.cleaned_data["answer"]
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.detail_url())
        name = interest.organisation.name
        if accept:
            messages.success(request, _("%(name)s is now a party to the initiative.") % {"name": name})
        else:
            messages.success(request, _("The interest from %(name)s has been declined.") % {"name": name})
        return redirect(self.detail_url("interests" if not accept else "parties"))


class PartyRequestAnswerView(InitiativeActionView):
    """An organisation named as a party accepts (it becomes a party, shown publicly) or declines.
    Its representatives or officers answer, or the convener while it has nobody in the portal."""

    permission_required = "initiatives.answer_party_request"

    def get_permission_object(self):
        if not hasattr(self, "_party_request"):
            self._party_request = get_object_or_404(
                PartyRequest.objects.select_related("organisation", "initiative"),
                pk=self.kwargs["request_pk"],
                initiative=self.get_object(),
                status=PartyRequest.Status.PENDING,
            )
        return self._party_request

    def post(self, request, *args, **kwargs):
        party_request = self.get_permission_object()
        if request.POST.get("answer") not in ("accept", "decline"):
            return redirect(self.detail_url("party-requests"))
        accept = request.POST["answer"] == "accept"
        try:
            services.party_request_answer(request=party_request, by=request.user, accept=accept)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.detail_url())
        name = party_request.organisation.name
        if accept:
            messages.success(request, _("%(name)s is now a party to the initiative.") % {"name": name})
            return redirect(self.detail_url("parties"))
        messages.success(
            request, _("You declined: %(name)s is not a party to the initiative.") % {"name": name}
        )
        if request.user.has_perm("initiatives.view_initiative", Initiative.objects.get(pk=self.get_object().pk)):
            return redirect(self.detail_url("parties"))
        return redirect("initiatives:initiative_mine")


class IntroductionCreateView(InitiativeActionView):
    """The convener puts an organisation in touch with the initiative's parties."""

    permission_required = "initiatives.introduce_organisation"

    def post(self, request, *args, **kwargs):
        initiative = self.get_object()
        form = IntroductionForm(
            request.POST, prefix="introduce", organisations=introduction_choices(initiative)
        )
        if not form.is_valid():
            return self.render_detail(introduction_form=form)
        organisation = form.cleaned_data["organisation"]
        services.introduction_create(
            initiative=initiative, organisation=organisation, by=request.user, note=form.cleaned_data["note"]
        )
        messages.success(
            request,
            _("%(name)s and the parties have been put in touch by email.") % {"name": organisation.name},
        )
        return redirect(self.detail_url("matching"))
