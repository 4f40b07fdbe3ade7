"""/logg/: the audit log, for the convener. Read only: the portal has no view that changes it."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import FieldDoesNotExist
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import ListView
from rules.contrib.views import PermissionRequiredMixin

from .audit import ACTIONS, KINDS
from .lists import page_range
from .models import AuditEntry


class AuditLogView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    """Every decision and change that matters, latest first, filtered by kind (``?typ=``).
    The same few queries whatever the page holds."""

    permission_required = "plumbing.view_audit_log"
    template_name = "plumbing/audit_log.html"
    context_object_name = "entries"
    paginate_by = 50
    KIND_PARAM = "typ"

    def kind(self) -> str:
        kind = self.request.GET.get(self.KIND_PARAM, "")
        return kind if kind in KINDS else ""

    def get_queryset(self):
        entries = AuditEntry.objects.select_related("actor", "target_type").order_by("-at", "-pk")
        if self.kind():
            entries = entries.filter(kind=self.kind())
        return entries

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        for entry in context["entries"]:
            entry.action_label = str(ACTIONS.get(entry.action, entry.action))
            entry.change_rows = _change_rows(entry)
        context.update(
            kinds=list(KINDS.items()),
            kind=self.kind(),
            kind_param=self.KIND_PARAM,
            query=urlencode({self.KIND_PARAM: self.kind()}) if self.kind() else "",
            page_range=page_range(page, on_each_side=3, on_ends=2) if page else [],
        )
        return context


def _field(model, name: str):
    try:
        return model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return None


def _shown(value, field=None) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    choices = dict(field.flatchoices) if field is not None and getattr(field, "choices", None) else {}
    return str(choices.get(value, value))


def _change_rows(entry: AuditEntry) -> list[tuple[str, str, str]]:
    """(field label, before, after) of each change, in the reader's language (choices by label)."""
    if not isinstance(entry.changes, dict):
        return []
    model = entry.target_type.model_class() if entry.target_type else None
    rows = []
    for name, change in entry.changes.items():
        if not isinstance(change, dict):
            continue
        field = _field(model, name)
        label = str(field.verbose_name) if field is not None and hasattr(field, "verbose_name") else name
        rows.append((label, _shown(change.get("before"), field), _shown(change.get("after"), field)))
    return rows
