"""Every change of state of initiatives and commitments, one module per area (named like its
views): the steps of an initiative and what each needs (``steps``), the initiative itself
(``initiative``), interest and introductions (``matching``) and the förvaltningar's commitments
(``partnership``). Keyword-only, atomic, recorded.

The conditions to move on are defined once, in ``steps.STEP_CONDITIONS``: the initiative page lists
what is missing from them, and ``initiative_advance`` refuses with the same messages.

The names below stay importable from ``initiatives.services`` (the views, forms, demo and tests
of initiatives and ``plumbing/tests/test_audit_log.py`` use them through it).
"""

from .initiative import (
    initiative_advance,
    initiative_assess_principles,
    initiative_move_back,
    initiative_propose,
    initiative_set_state,
    initiative_update,
    may_propose_for,
    party_request_answer,
)
from .matching import interest_answer, interest_express, introduction_create
from .partnership import (
    PARTNERSHIP_FIELDS,
    partnership_check,
    partnership_create,
    partnership_end,
    partnership_update,
)
from .steps import (
    STEP_CONDITIONS,
    STEP_ORDER,
    Missing,
    StaleStep,
    initiative_missing_for_next_step,
    next_step,
    previous_step,
    step_transition_record,
)

__all__ = [
    "PARTNERSHIP_FIELDS",
    "STEP_CONDITIONS",
    "STEP_ORDER",
    "Missing",
    "StaleStep",
    "initiative_advance",
    "initiative_assess_principles",
    "initiative_missing_for_next_step",
    "initiative_move_back",
    "initiative_propose",
    "initiative_set_state",
    "initiative_update",
    "interest_answer",
    "interest_express",
    "introduction_create",
    "may_propose_for",
    "next_step",
    "partnership_check",
    "partnership_create",
    "partnership_end",
    "partnership_update",
    "party_request_answer",
    "previous_step",
    "step_transition_record",
]
