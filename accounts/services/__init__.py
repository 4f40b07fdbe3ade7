"""Every change of state in accounts, one module per area (named like its views): applications
(``accession``), an organisation's own details, umbrellas and withdrawal (``organisation``), its
representatives (``representatives``), a person's own data (``privacy``), the convener's register
(``register``) and the organisation's history (``history``). Keyword-only, atomic, and each writes
who/when/what to the history.

Emails are Celery tasks enqueued with ``transaction.on_commit``, so nobody is told about a change
that was rolled back.

The names below stay importable from ``accounts.services`` (other apps import ``AlreadyDecided``,
``accession_decide``, ``accession_duplicate`` and ``role_group_emails``; the views, forms and tests of
accounts the rest). ``role_group_emails`` is a read and lives in ``accounts.selectors``.
"""

from ..selectors import role_group_emails
from .accession import (
    ACCESSION_CONFIRMED_TO_SEND,
    ACCESSION_REQUIRED_TO_SEND,
    DETAIL_FIELDS,
    AlreadyDecided,
    Duplicate,
    accession_decide,
    accession_duplicate,
    accession_kind_problem,
    accession_missing,
    accession_start_review,
    accession_submit,
)
from .history import organisation_event_add
from .organisation import (
    contact_consent_set,
    organisation_confirm_details,
    organisation_contact_from_representative,
    organisation_update,
    umbrella_memberships_set,
    umbrella_request_answer,
    umbrellas_ask,
    withdrawal_file,
)
from .privacy import DELETED_NAME, user_erase
from .register import (
    REGISTER_FIELDS,
    organisation_create,
    organisation_parent_problem,
    register_import_apply,
    register_import_preview,
)
from .representatives import (
    invitation_accept,
    invitation_create,
    invitation_problem,
    representation_end,
)

__all__ = [
    "DELETED_NAME",
    "DETAIL_FIELDS",
    "REGISTER_FIELDS",
    "AlreadyDecided",
    "Duplicate",
    "accession_decide",
    "accession_duplicate",
    "accession_kind_problem",
    "accession_missing",
    "accession_start_review",
    "accession_submit",
    "contact_consent_set",
    "invitation_accept",
    "invitation_create",
    "invitation_problem",
    "organisation_confirm_details",
    "organisation_contact_from_representative",
    "organisation_create",
    "organisation_event_add",
    "organisation_parent_problem",
    "organisation_update",
    "register_import_apply",
    "register_import_preview",
    "representation_end",
    "role_group_emails",
    "umbrella_memberships_set",
    "umbrella_request_answer",
    "umbrellas_ask",
    "user_erase",
    "withdrawal_file",
]
