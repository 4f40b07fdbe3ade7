"""The five-step collaboration process (samverkansprocessen), defined once.

The initiatives app stores an initiative's step as one of these keys; the public pages draw the
figure from the same list.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .selectors import worded_lazy


class Step(models.TextChoices):
    INITIATIVE = "initiative", _("Collaboration initiative")
    IMPLEMENTATION = "implementation", _("Implementation")
    RESULT = "result", _("Results and dissemination")
    EVALUATION = "evaluation", _("Evaluation")
    FOLLOW_UP = "follow_up", _("Follow-up")


@dataclass(frozen=True)
class StepDescription:
    step: Step
    number: int
    summary: Promise
    moves_on_when: Promise

    @property
    def title(self) -> str:
        return self.step.label


STEPS: tuple[StepDescription, ...] = (
    StepDescription(
        Step.INITIATIVE,
        1,
        worded_lazy(
            _(
                "A need that both the municipality and the idea-driven sector recognise is written down "
                "and tied to a %(area)s. If more partners are needed, the portal and %(convener)s "
                "help to find them."
            )
        ),
        _("Both sides agree to work together and choose a form for it."),
    ),
    StepDescription(
        Step.IMPLEMENTATION,
        2,
        _(
            "The partners carry the initiative out as an idea-driven public partnership (IOP), a "
            "joint project or another form of collaboration that suits the need."
        ),
        _("The work is done and its results can be summarised."),
    ),
    StepDescription(
        Step.RESULT,
        3,
        worded_lazy(
            _(
                "The results are compiled and shared with the parties, for example at the agreement's "
                "conference, and reported to %(group)s."
            )
        ),
        _("The initiative has ended and its results have been reported."),
    ),
    StepDescription(
        Step.EVALUATION,
        4,
        _(
            "Every initiative is evaluated when it ends, so that the lessons are kept: what worked, "
            "what did not, and how the collaboration lived up to the principles."
        ),
        _("The evaluation is complete."),
    ),
    StepDescription(
        Step.FOLLOW_UP,
        5,
        worded_lazy(
            _(
                "The initiative is included in the follow-up of the action plan, %(followup_every)s, "
                "and in the revision of the agreement, %(revision_every)s."
            )
        ),
        _("This is the last step."),
    ),
)
