"""The default questions of a yearly follow-up round, after Borås's follow-up table: what the
förvaltningar are asked (free text) and what the connected organisations are asked in the
experience survey (a five-step scale and free text).

A new round copies these into its own ``Question`` rows (translated into the portal's language when
the round is made), so the convener can edit, add or remove questions for that year without
changing earlier rounds.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Question


@dataclass(frozen=True)
class DefaultQuestion:
    audience: str
    text: str
    help_text: str = ""
    has_scale: bool = False


DEFAULT_QUESTIONS: tuple[DefaultQuestion, ...] = (
    # To the förvaltningar.
    DefaultQuestion(
        Question.Audience.ADMINISTRATION,
        _("How does the förvaltning involve idea-driven organisations early in its planning?"),
        _("For example in needs assessments, plans and new services, before decisions are made."),
    ),
    DefaultQuestion(
        Question.Audience.ADMINISTRATION,
        _("Which forums has the förvaltning had where the associations can make their voice heard?"),
        _("Councils, dialogue meetings, reference groups: how often they met and who took part."),
    ),
    DefaultQuestion(
        Question.Audience.ADMINISTRATION,
        _("How can idea-driven organisations get in touch with the förvaltning?"),
        _("Contact persons, a shared address, office hours, where this is published."),
    ),
    DefaultQuestion(
        Question.Audience.ADMINISTRATION,
        _("Which routines of its own does the förvaltning have for collaborating with the idea-driven sector?"),
        _("Guidelines, templates for IOPs, training of staff, how collaboration is followed up."),
    ),
    # The associations' experience survey.
    DefaultQuestion(
        Question.Audience.ASSOCIATION,
        _("Was your organisation involved early in the municipality's planning and processes?"),
        has_scale=True,
    ),
    DefaultQuestion(
        Question.Audience.ASSOCIATION,
        _("Could your organisation keep its identity and stay independent in its dealings with the municipality?"),
        has_scale=True,
    ),
    DefaultQuestion(
        Question.Audience.ASSOCIATION,
        _("Did the municipality make use of your organisation's quality and knowledge in the collaboration?"),
        has_scale=True,
    ),
    DefaultQuestion(
        Question.Audience.ASSOCIATION,
        _("Was the municipality open, and did it give you insight into its work?"),
        has_scale=True,
    ),
)


# A survey answer is whole: each scale question needs a choice ("don't know" is one).
SURVEY_ANSWER_REQUIRED = _("Choose an answer, or “Don't know / would rather not say”.")
