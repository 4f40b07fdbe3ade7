"""Changes to the agreement itself, made through the portal."""

from django.db import transaction

from plumbing.audit import audit_changes, audit_record

from .models import Agreement


@transaction.atomic
def agreement_settings_update(*, agreement: Agreement, data: dict, by) -> Agreement:
    """Save the agreement's own words and rules (``data``: the settings form's cleaned fields) and
    write what changed to the audit log. Nothing is written when nothing changed."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    before = {name: getattr(agreement, name) for name in data}
    for name, value in data.items():
        setattr(agreement, name, value)
    changes = audit_changes(before, data)
    if not changes:
        return agreement
    agreement.save(update_fields=list(data))
    audit_record(actor=by, action="agreement.settings_changed", target=agreement, changes=changes)
    return agreement
