"""The register of collaboration commitments (IOPs, joint projects and other solutions): the public
list with its open data and one page per commitment; a förvaltning's own list; the officer's form
to log or change a commitment with what each party contributes; ending one; and the signed
agreement, streamed only to those who may read it.

Thin views: the forms validate, ``services`` change state, ``rules`` say who may do what.
"""


from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from accounts.selectors import several_public_parties
from overenskommelse.selectors import agreement_current, agreement_words
from plumbing.dates import long_date
from plumbing.files import pdf_response
from plumbing.forms import apply_service_errors
from plumbing.lists import (
    filter_query,
    filtered_list_context,
    page_range,
    with_query,
)
from plumbing.opendata import csv_response, json_response
from plumbing.ratelimit import rate_limit

from .. import services
from ..forms.partnership import (
    PartnershipEndForm,
    PartnershipFilterForm,
    PartnershipForm,
    contribution_formset_class,
)
from ..models import Partnership
from ..selectors.partnership import (
    STATUS_ACTIVE,
    STATUS_ENDED,
    administration_totals,
    administrations_of,
    partnership_detail_queryset,
    partnership_idea_driven_choices,
    partnership_public_list,
    partnership_public_page,
    partnerships_of_administrations,
    party_names,
    register_period_query,
)

__all__ = [
    "PartnershipCreateView",
    "PartnershipDetailView",
    "PartnershipEditView",
    "PartnershipEndView",
    "PartnershipListView",
    "PartnershipMineView",
    "partnership_attachment",
    "partnership_list_csv",
    "partnership_list_json",
]


# --- The public register and its open data -------------------------------------------------------


def _filter_query(form: PartnershipFilterForm) -> str:
    """The valid filters as a query string, for the pagination and the download links."""
    filters = form.filters()
    first, last = filters["from_year"], filters["to_year"]
    values = {
        "form": filters["form"],
        "administration": filters["administration"],
        "area": filters["priority_area"],
        "status": filters["status"],
        # One year as ``year=2025`` (the addresses the register has always had), a period as
        # ``from_year=2024&to_year=2025``.
        **(register_period_query(first, last) if first and last else {"from_year": first, "to_year": last}),
    }
    return filter_query(values)


class PartnershipListView(ListView):
    """Every IOP, joint project and other commitment of the förvaltningar, filtered, 25 a page."""

    template_name = "initiatives/partnership_list.html"
    context_object_name = "partnerships"
    paginate_by = 25

    def get_queryset(self):
        self.filter_form = PartnershipFilterForm(self.request.GET or None)
        # Compiled queries: the count (without the names a row shows), the page's rows and their
        # parties' names.
        return partnership_public_page(**self.filter_form.filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = _filter_query(self.filter_form)
        context.update(
            filtered_list_context(context, form=self.filter_form, query=query),
            csv_url=with_query(reverse("initiatives:partnership_list_csv"), query),
            json_url=with_query(reverse("initiatives:partnership_list_json"), query),
            today=timezone.localdate(),
            by_party=several_public_parties(
                partnership.public_party_name
                for partnership in context["partnerships"]
                if partnership.public_party_name
            ),
        )
        return context


# What a person reads for a commitment's status (the open data's ``status_label``).
STATUS_LABELS = {STATUS_ACTIVE: gettext_lazy("Active"), STATUS_ENDED: gettext_lazy("Ended")}


def _status(partnership: Partnership, today) -> str:
    return (
        STATUS_ENDED
        if partnership.ends_on and partnership.ends_on < today
        else STATUS_ACTIVE
    )


def _open_data_rows(request) -> tuple[list[dict], dict]:
    """The commitments (filtered as on the list page) as plain rows, names and labels in Swedish.

    Four queries whatever the number of commitments (the list and three prefetches)."""
    filters = PartnershipFilterForm(request.GET or None).filters()
    today = timezone.localdate()
    rows = []
    with translation.override("sv"):
        for partnership in partnership_public_list(**filters, with_contributions=True):
            administration = partnership.administration
            rows.append(
                {
                    "id": partnership.pk,
                    "title": partnership.title,
                    "form": partnership.form,
                    "form_label": str(partnership.get_form_display()),
                    "administration": administration.name,
                    "committee": administration.parent.name
                    if administration.parent
                    else "",
                    "parties": [
                        {
                            "name": organisation.name,
                            "org_number": organisation.org_number,
                        }
                        for organisation in partnership.organisations.all()
                    ],
                    "priority_area": partnership.priority_area.name
                    if partnership.priority_area
                    else "",
                    "description": partnership.description,
                    "starts_on": partnership.starts_on.isoformat(),
                    "ends_on": partnership.ends_on.isoformat()
                    if partnership.ends_on
                    else "",
                    "status": _status(partnership, today),
                    "status_label": str(STATUS_LABELS[_status(partnership, today)]),
                    "money_sek_per_year": partnership.money_per_year,
                    "contributions": [
                        {
                            "party": contribution.organisation.name,
                            "kind": contribution.kind,
                            "kind_label": str(contribution.get_kind_display()),
                            "amount_sek_per_year": contribution.amount_sek_per_year,
                            "description": contribution.description,
                        }
                        for contribution in partnership.contributions.all()
                    ],
                    "decision_on": partnership.decision_on.isoformat()
                    if partnership.decision_on
                    else "",
                    "decision_reference": partnership.decision_reference,
                    "url": request.build_absolute_uri(partnership.get_absolute_url()),
                }
            )
    return rows, filters


def _contributions_text(contributions: list[dict]) -> str:
    parts = []
    for contribution in contributions:
        text = f"{contribution['party']}: {contribution['kind_label']}"
        if contribution["amount_sek_per_year"] is not None:
            text += f", {contribution['amount_sek_per_year']} kr/år"
        if contribution["description"]:
            text += f" ({contribution['description']})"
        parts.append(text)
    return "; ".join(parts)


def _csv_columns() -> list[tuple[str, str]]:
    return [
        ("id", _("Id")),
        ("title", _("Title")),
        ("form_label", _("Form")),
        ("administration", _("Förvaltning")),
        ("committee", _("Nämnd")),
        ("parties", _("Idea-driven parties")),
        ("priority_area", agreement_words().Area),
        ("starts_on", _("Start date")),
        ("ends_on", _("End date")),
        ("status_label", _("Status")),
        ("money_sek_per_year", _("Kronor per year (money)")),
        ("contributions", _("Contributions")),
        ("decision_on", _("Date of the decision")),
        ("decision_reference", _("Diarienummer")),
        ("description", _("Description")),
        ("url", _("Page")),
        # The code ("active", "ended") for programs that read the file, after what people read.
        ("status", _("Status (code)")),
    ]


def _csv_value(row: dict, key: str):
    if key == "parties":
        return ", ".join(party["name"] for party in row["parties"])
    if key == "contributions":
        return _contributions_text(row["contributions"])
    return row[key]


@rate_limit("open_data", methods=("GET", "HEAD"))
def partnership_list_csv(request):
    """Open data as CSV for Swedish spreadsheet programs: UTF-8 with BOM, semicolon-separated,
    cells that a spreadsheet would run as formulas neutralised."""
    rows, _filters = _open_data_rows(request)
    with translation.override("sv"):
        columns = _csv_columns()
        header = [str(label) for _key, label in columns]
    return csv_response(
        filename=f"samverkansataganden-{timezone.localdate().isoformat()}.csv",
        header=header,
        rows=([_csv_value(row, key) for key, _label in columns] for row in rows),
    )


@rate_limit("open_data", methods=("GET", "HEAD"))
def partnership_list_json(request):
    """Open data as JSON. The structure is described on the list page (section "Open data")::

        {"generated": "2026-06-01T08:00:00+02:00", "licence": "CC0-1.0", "publisher": "...",
         "documentation": "https://…/samverkansataganden/#oppna-data", "filters": {...},
         "count": 2, "partnerships": [{"id": 7, "title": ..., "form": "iop", "form_label": ...,
         "administration": ..., "committee": ..., "parties": [{"name": ..., "org_number": ...}],
         "priority_area": ..., "description": ..., "starts_on": "2025-01-01", "ends_on": "",
         "status": "active", "status_label": "Aktivt", "money_sek_per_year": 150000, "contributions": [{"party": ...,
         "kind": "money", "kind_label": ..., "amount_sek_per_year": 150000, "description": ...}],
         "decision_on": "2024-12-12", "decision_reference": ..., "url": ...}, ...]}

    Empty strings mean "not given"; amounts are whole kronor per year.
    """
    rows, filters = _open_data_rows(request)
    agreement = agreement_current()
    return json_response(
        {
            "generated": timezone.localtime().isoformat(timespec="seconds"),
            "licence": "CC0-1.0",
            "publisher": agreement.municipality if agreement else "",
            "documentation": request.build_absolute_uri(
                reverse("initiatives:partnership_list")
            )
            + "#oppna-data",
            "filters": {key: value for key, value in filters.items() if value},
            "count": len(rows),
            "partnerships": rows,
        }
    )


class PartnershipDetailView(DetailView):
    """One commitment, for everyone: its parties, period, contributions and the decision."""

    template_name = "initiatives/partnership_detail.html"
    context_object_name = "partnership"

    def get_queryset(self):
        return partnership_detail_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partnership = self.object
        contributions = list(partnership.contributions.all())
        context.update(
            contributions=contributions,
            has_ended=_status(partnership, timezone.localdate()) == STATUS_ENDED,
            initiative_visible=bool(
                partnership.initiative
                and self.request.user.has_perm(
                    "initiatives.view_initiative", partnership.initiative
                )
            ),
        )
        return context


def partnership_attachment(request, pk: int):
    """The signed agreement, streamed only to the förvaltning's officers and the collaboration group
    (uploads are never served from /media/)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    partnership = get_object_or_404(
        Partnership.objects.select_related("administration"), pk=pk
    )
    if not request.user.has_perm(
        "initiatives.view_partnership_attachment", partnership
    ):
        raise PermissionDenied
    return pdf_response(
        partnership.signed_agreement, filename=f"samverkansavtal-{partnership.pk}.pdf"
    )


# --- A förvaltning's own list ----------------------------------------------------------------------


class PartnershipMineView(PermissionRequiredMixin, ListView):
    """/samverkansataganden/forvaltning/: the commitments of the officer's förvaltningar, active
    first, with the kronor per year of the active ones."""

    permission_required = "initiatives.add_partnership"
    template_name = "initiatives/partnership_mine.html"
    context_object_name = "partnerships"
    paginate_by = 25

    def get_queryset(self):
        # The totals per förvaltning are read first: their counts are the paginator's, so the list
        # needs no COUNT query of its own.
        self.administrations = administration_totals(self.request.user)
        return partnerships_of_administrations(self.administrations)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partnerships = list(context["page_obj"].object_list)
        context.update(
            partnerships=partnerships,
            parties=party_names(partnerships),
            administrations=self.administrations,
            several_administrations=len(self.administrations) > 1,
            page_range=page_range(context["page_obj"]),
        )
        return context


# --- Logging and changing a commitment -------------------------------------------------------------


class PartnershipFormMixin:
    """Shared by the form to log a commitment and the form to change one."""

    template_name = "initiatives/partnership_form.html"
    extra_rows = 3

    def get_partnership(self) -> Partnership:
        raise NotImplementedError

    def build(self, partnership: Partnership):
        user = self.request.user
        administrations = list(administrations_of(user))
        bound = self.request.method == "POST"
        data = (self.request.POST, self.request.FILES) if bound else ()
        form = PartnershipForm(
            *data, instance=partnership, user=user, administrations=administrations
        )
        earlier = list(partnership.organisations.all()) if partnership.pk else []
        candidates = list(partnership_idea_driven_choices(include=earlier))
        parties = self._chosen_parties(form, candidates, earlier)
        formset = contribution_formset_class(extra=self.extra_rows)(
            *data,
            instance=partnership,
            prefix="contributions",
            administrations=administrations,
            parties=parties,
            candidates=candidates,
        )
        return form, formset

    def _chosen_parties(self, form, candidates, earlier):
        """The parties ticked in the form (or recorded), offered first in the contribution rows."""
        if form.is_bound:
            chosen = set(form.data.getlist(form.add_prefix("organisations")))
            return [o for o in candidates if str(o.pk) in chosen]
        return earlier

    def render(self, form, formset, partnership):
        has_errors = form.is_bound and (
            bool(form.errors) or formset.total_error_count() > 0
        )
        return self.render_to_response(
            {
                "form": form,
                "formset": formset,
                "partnership": partnership,
                "has_errors": has_errors,
                "view": self,
            }
        )

    def get(self, request, *args, **kwargs):
        partnership = self.get_partnership()
        form, formset = self.build(partnership)
        return self.render(form, formset, partnership)

    def post(self, request, *args, **kwargs):
        partnership = self.get_partnership()
        form, formset = self.build(partnership)
        valid = form.is_valid()
        valid = formset.is_valid() and valid
        if valid:
            rows = formset.contributions()
            try:
                saved = self.save(form, [data for _form, data in rows], partnership)
            except ValidationError as error:
                apply_service_errors(error, form, rows={"contributions": lambda index: rows[index][0]})
                valid = False
        if not valid:
            form.keep_upload()
            return self.render(form, formset, partnership)
        messages.success(request, self.success_message)
        # ?next= (a local path, e.g. the förvaltning's follow-up report) to come back where one was.
        next_url = request.GET.get("next", "")
        if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            return redirect(next_url)
        return redirect(saved.get_absolute_url())


class PartnershipCreateView(
    PermissionRequiredMixin, PartnershipFormMixin, TemplateView
):
    """/samverkansataganden/nytt/: an officer logs a commitment of their förvaltning."""

    permission_required = "initiatives.add_partnership"

    @property
    def success_message(self) -> str:
        return _(
            "The commitment has been saved. It is now shown in the public list of commitments."
        )

    def get_partnership(self) -> Partnership:
        return Partnership()

    def save(self, form, contributions, partnership) -> Partnership:
        return services.partnership_create(
            by=self.request.user,
            data=form.partnership_data(),
            organisations=form.cleaned_data["organisations"],
            contributions=contributions,
            **form.file_arguments(),
        )


class PartnershipObjectMixin(PermissionRequiredMixin):
    """One commitment, looked up once (404 when unknown). The register is public, so a logged-in
    user without the right gets 403, not 404."""

    permission_required = "initiatives.change_partnership"

    def get_object(self) -> Partnership:
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(
                Partnership.objects.select_related(
                    "administration", "administration__parent"
                ),
                pk=self.kwargs["pk"],
            )
        return self._object


class PartnershipEditView(PartnershipObjectMixin, PartnershipFormMixin, TemplateView):
    """/samverkansataganden/<pk>/redigera/: an officer of the förvaltning changes the commitment."""

    extra_rows = 2

    @property
    def success_message(self) -> str:
        return _("The changes to the commitment have been saved.")

    def get_partnership(self) -> Partnership:
        return self.get_object()

    def save(self, form, contributions, partnership) -> Partnership:
        return services.partnership_update(
            partnership=partnership,
            by=self.request.user,
            data=form.partnership_data(),
            organisations=form.cleaned_data["organisations"],
            contributions=contributions,
            remove_signed_agreement=bool(
                form.cleaned_data.get("remove_signed_agreement")
            ),
            **form.file_arguments(),
        )


class PartnershipEndView(PartnershipObjectMixin, TemplateView):
    """/samverkansataganden/<pk>/avsluta/: end the commitment on a date (not before its start)."""

    template_name = "initiatives/partnership_end.html"

    def render(self, form):
        return self.render_to_response(
            {"form": form, "partnership": self.get_object(), "view": self}
        )

    def get(self, request, *args, **kwargs):
        partnership = self.get_object()
        # Already ended: show its date to correct; otherwise suggest today (not a planned end).
        has_ended = _status(partnership, timezone.localdate()) == STATUS_ENDED
        return self.render(
            PartnershipEndForm(
                initial={"ends_on": partnership.ends_on} if has_ended else None
            )
        )

    def post(self, request, *args, **kwargs):
        partnership = self.get_object()
        form = PartnershipEndForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        try:
            services.partnership_end(
                partnership=partnership,
                by=request.user,
                ends_on=form.cleaned_data["ends_on"],
            )
        except ValidationError as error:
            form.add_error("ends_on", error)
            return self.render(form)
        messages.success(
            request,
            _("The commitment ends on %(date)s.")
            % {"date": long_date(form.cleaned_data["ends_on"])},
        )
        return redirect(partnership.get_absolute_url())
