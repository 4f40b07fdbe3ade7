"""The collaboration group's page (public without personal details; with names, warnings and the
history for the group and the convener) and the convener's forms: seats, holders and terms, chair
and vice chair.

Thin views: forms validate, ``services.group`` changes state, ``selectors.group`` reads, ``rules``
decide.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from plumbing.dates import long_date
from plumbing.forms import apply_service_errors

from ..forms.group import (
    GroupOfficeEndForm,
    GroupOfficeForm,
    SeatAssignForm,
    SeatForm,
    SeatRemoveForm,
    SeatTermEndForm,
    SeatTermForm,
)
from ..models import GroupOffice, Seat, SeatTerm
from ..selectors.group import (
    current_chair_and_vice,
    group_composition_warnings,
    group_history,
    group_seats,
    office_mandate_years,
    seat_label,
)
from ..services import group as services

__all__ = ["GroupHistoryView", "GroupView", "urlpatterns"]


class GroupView(TemplateView):
    """/samverkansgruppen/: the seats, who appoints them, the terms, the chair and the vice chair.
    Names and addresses, the warnings and the history only for the group and the convener."""

    template_name = "collaboration/group.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        seats = group_seats()
        may_see_members = user.has_perm("collaboration.view_group_members")
        context.update(
            seats=[view for view in seats if not view.is_adjunct],
            adjunct_seats=[view for view in seats if view.is_adjunct],
            mandate_years=office_mandate_years(),
            chair_and_vice=current_chair_and_vice(seats=seats),
            may_see_members=may_see_members,
            may_manage=user.has_perm("collaboration.manage_group"),
            may_see_meetings=user.has_perm("collaboration.view_meeting"),
            warnings=group_composition_warnings(seats=seats) if may_see_members else [],
        )
        return context


class GroupHistoryView(PermissionRequiredMixin, TemplateView):
    """Who sat on which seat when, and who was chair and vice chair."""

    permission_required = "collaboration.view_group_members"
    template_name = "collaboration/group_history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        terms, offices = group_history()
        context.update(terms=terms, offices=offices, may_manage=self.request.user.has_perm("collaboration.manage_group"))
        return context


class GroupFormView(PermissionRequiredMixin, TemplateView):
    """A convener's form about the group: validate, call the service, tie its refusals to the fields."""

    permission_required = "collaboration.manage_group"
    template_name = "collaboration/group_form.html"
    form_class = None
    title = ""
    lead = ""
    submit_label = gettext_lazy("Save")

    def get_form_kwargs(self) -> dict:
        return {}

    def get_form(self):
        kwargs = self.get_form_kwargs()
        if self.request.method == "POST":
            kwargs["data"] = self.request.POST
        return self.form_class(**kwargs)

    def get_lead(self) -> str:
        return self.lead

    def render(self, form):
        return self.render_to_response(
            self.get_context_data(
                form=form, title=self.title, lead=self.get_lead(), submit_label=self.submit_label
            )
        )

    def get(self, request, *args, **kwargs):
        return self.render(self.get_form())

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            try:
                message = self.save(form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(error, form)
            else:
                messages.success(request, message)
                return redirect(self.success_url())
        return self.render(form)

    def success_url(self) -> str:
        return reverse("collaboration:group")


class SeatCreateView(GroupFormView):
    form_class = SeatForm
    title = gettext_lazy("Add a seat")

    def save(self, data) -> str:
        services.seat_save(data=data, by=self.request.user)
        return _("The seat has been added.")


class SeatEditView(GroupFormView):
    form_class = SeatForm
    title = gettext_lazy("Edit the seat")

    def get_form_kwargs(self) -> dict:
        self.seat = get_object_or_404(Seat, pk=self.kwargs["pk"])
        return {"instance": self.seat}

    def save(self, data) -> str:
        services.seat_save(seat=self.seat, data=data, by=self.request.user)
        return _("The seat has been saved.")


class SeatRemoveView(GroupFormView):
    """Remove a seat nobody has held (one added by mistake); a seat with a history stays."""

    form_class = SeatRemoveForm
    title = gettext_lazy("Remove the seat")
    submit_label = gettext_lazy("Remove the seat")

    def get_form_kwargs(self) -> dict:
        self.seat = get_object_or_404(Seat.objects.select_related("appointed_by"), pk=self.kwargs["pk"])
        return {}

    def get_lead(self) -> str:
        return _("The seat %(seat)s (%(sector)s). Only a seat that nobody has held can be removed.") % {
            "seat": seat_label(self.seat),
            "sector": self.seat.side_display.lower(),
        }

    def save(self, data) -> str:
        services.seat_remove(seat=self.seat, by=self.request.user)
        return _("The seat %(seat)s has been removed.") % {"seat": seat_label(self.seat)}


class SeatAssignView(GroupFormView):
    """Appoint a person to a seat for a term (by email; an account is made when there is none)."""

    form_class = SeatAssignForm
    title = gettext_lazy("Appoint a holder to the seat")
    submit_label = gettext_lazy("Appoint")

    def get_form_kwargs(self) -> dict:
        self.seat = get_object_or_404(Seat.objects.select_related("appointed_by"), pk=self.kwargs["pk"])
        return {}

    def get_lead(self) -> str:
        return _(
            "The seat %(seat)s (%(sector)s). Whoever holds the seat now leaves it the day the new term starts."
        ) % {"seat": seat_label(self.seat), "sector": self.seat.side_display.lower()}

    def save(self, data) -> str:
        assignment = services.seat_assign(seat=self.seat, by=self.request.user, **data)
        holder = assignment.term.holder
        if assignment.account_created:
            return _(
                "%(name)s has been appointed. An account was made and an email with a link to choose a "
                "password is on its way to %(email)s."
            ) % {"name": holder.get_full_name(), "email": holder.email}
        return _("%(name)s has been appointed and is told by email.") % {"name": holder.get_full_name()}


class SeatTermEditView(GroupFormView):
    form_class = SeatTermForm
    title = gettext_lazy("Change the term")

    def get_form_kwargs(self) -> dict:
        self.term = get_object_or_404(SeatTerm.objects.select_related("holder", "seat"), pk=self.kwargs["pk"])
        return {"instance": self.term}

    def get_lead(self) -> str:
        return _("%(name)s on the seat %(seat)s.") % {
            "name": self.term.holder.get_full_name(),
            "seat": seat_label(self.term.seat),
        }

    def save(self, data) -> str:
        services.seat_term_update(term=self.term, by=self.request.user, **data)
        return _("The term has been changed.")


class SeatTermEndView(GroupFormView):
    form_class = SeatTermEndForm
    title = gettext_lazy("End the term")
    submit_label = gettext_lazy("End the term")

    def get_form_kwargs(self) -> dict:
        self.term = get_object_or_404(SeatTerm.objects.select_related("holder", "seat"), pk=self.kwargs["pk"])
        return {}

    def get_lead(self) -> str:
        return _("%(name)s leaves the seat %(seat)s. The term stays in the history.") % {
            "name": self.term.holder.get_full_name(),
            "seat": seat_label(self.term.seat),
        }

    def save(self, data) -> str:
        services.seat_term_end(term=self.term, by=self.request.user, **data)
        return _("%(name)s leaves the seat on %(date)s.") % {
            "name": self.term.holder.get_full_name(),
            "date": long_date(data["left_on"]),
        }


class GroupOfficeAppointView(GroupFormView):
    form_class = GroupOfficeForm
    title = gettext_lazy("Appoint the chair or the vice chair")
    submit_label = gettext_lazy("Appoint")
    lead = gettext_lazy(
        "The office goes to a seat for a period (two years unless you say otherwise). Whoever held it "
        "before hands it over the day before."
    )

    def get_lead(self) -> str:
        years = office_mandate_years()
        if not years:
            return self.lead
        return ngettext(
            "The office goes to an ordinary seat for the agreement's mandate of %(years)s year. Whoever "
            "held it before hands it over the day before.",
            "The office goes to an ordinary seat for the agreement's mandate of %(years)s years. Whoever "
            "held it before hands it over the day before.",
            years,
        ) % {"years": years}

    def get_form_kwargs(self) -> dict:
        kwargs = {"mandate_years": office_mandate_years()}
        kind = self.request.GET.get("kind")
        if kind in GroupOffice.Kind.values:
            kwargs["initial"] = {"kind": kind}
        return kwargs

    def save(self, data) -> str:
        office = services.group_office_appoint(by=self.request.user, **data)
        if office_mandate_years():
            message = _("%(office)s from %(starts)s, mandate until %(ends)s: the seat %(seat)s.")
        else:
            message = _("%(office)s from %(starts)s until %(ends)s: the seat %(seat)s.")
        return message % {
            "office": office.get_kind_display(),
            "starts": long_date(office.starts_on),
            "ends": long_date(office.ends_on),
            "seat": seat_label(office.seat),
        }


class GroupOfficeEndView(GroupFormView):
    form_class = GroupOfficeEndForm
    title = gettext_lazy("End the period in office")
    submit_label = gettext_lazy("End the period")

    def get_form_kwargs(self) -> dict:
        self.office = get_object_or_404(GroupOffice.objects.select_related("seat"), pk=self.kwargs["pk"])
        return {}

    def get_lead(self) -> str:
        return _("%(office)s: the seat %(seat)s, appointed until %(date)s.") % {
            "office": self.office.get_kind_display(),
            "seat": seat_label(self.office.seat),
            "date": long_date(self.office.ends_on),
        }

    def save(self, data) -> str:
        services.group_office_end(office=self.office, by=self.request.user, **data)
        return _("The period in office has been ended.")


urlpatterns = [
    path("samverkansgruppen/", GroupView.as_view(), name="group"),
    path("samverkansgruppen/historik/", GroupHistoryView.as_view(), name="group_history"),
    path("samverkansgruppen/platser/ny/", SeatCreateView.as_view(), name="seat_create"),
    path("samverkansgruppen/platser/<int:pk>/redigera/", SeatEditView.as_view(), name="seat_edit"),
    path("samverkansgruppen/platser/<int:pk>/ta-bort/", SeatRemoveView.as_view(), name="seat_remove"),
    path("samverkansgruppen/platser/<int:pk>/tillsatt/", SeatAssignView.as_view(), name="seat_assign"),
    path("samverkansgruppen/mandat/<int:pk>/andra/", SeatTermEditView.as_view(), name="term_edit"),
    path("samverkansgruppen/mandat/<int:pk>/avsluta/", SeatTermEndView.as_view(), name="term_end"),
    path("samverkansgruppen/ordforande/utse/", GroupOfficeAppointView.as_view(), name="office_appoint"),
    path("samverkansgruppen/ordforande/<int:pk>/avsluta/", GroupOfficeEndView.as_view(), name="office_end"),
]
