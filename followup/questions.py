"""The follow-up table: what a round asks, of whom, and who is responsible for it.

An agreement keeps its own table (``FollowUpArea`` rows, edited by the convener on the table page);
an agreement that has not saved one yet uses the portal's default table below (the questions every
round asked before the table was a setting): what the förvaltningar are asked (free text) and what
the joined organisations are asked in the experience survey (a five-step scale and free text).

A new round copies the table into its own ``Question`` rows (the defaults translated into the
portal's language when the round is made), so the convener can edit, add or remove questions for
that round without changing earlier rounds or the table.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import FollowUpArea, Question


@dataclass(frozen=True)
class DefaultQuestion:
    audience: str
    text: str
    help_text: str = ""
    has_scale: bool = False

    def as_area(self, position: int) -> FollowUpArea:
        """This question as a row of the table (not saved): questions to the förvaltningar are the
        convener's to follow up, the survey the group's."""
        public = self.audience == Question.Audience.ADMINISTRATION
        return FollowUpArea(
            position=position,
            text=str(self.text),
            help_text=str(self.help_text),
            responsible=FollowUpArea.Responsible.CONVENER
            if public
            else FollowUpArea.Responsible.GROUP,
            asks_public_units=public,
            asks_joined=not public,
            has_scale=self.has_scale,
        )


DEFAULT_QUESTIONS: tuple[DefaultQuestion, ...] = (
    # To the förvaltningar.
    DefaultQuestion(
        Question.Audience.ADMINISTRATION,
        _(
            "How does the förvaltning involve idea-driven organisations early in its planning?"
        ),
        _(
            "For example in needs assessments, plans and new services, before decisions are made."
        ),
    ),
    DefaultQuestion(
        Question.Audience.ADMINISTRATION,
        _(
            "Which forums has the förvaltning had where the associations can make their voice heard?"
        ),
        _(
            "Councils, dialogue meetings, reference groups: how often they met and who took part."
        ),
    ),
    DefaultQuestion(
        Question.Audience.ADMINISTRATION,
        _("How can idea-driven organisations get in touch with the förvaltning?"),
        _("Contact persons, a shared address, office hours, where this is published."),
    ),
    DefaultQuestion(
        Question.Audience.ADMINISTRATION,
        _(
            "Which routines of its own does the förvaltning have for collaborating with the idea-driven sector?"
        ),
        _(
            "Guidelines, templates for IOPs, training of staff, how collaboration is followed up."
        ),
    ),
    # The associations' experience survey.
    DefaultQuestion(
        Question.Audience.ASSOCIATION,
        _(
            "Was your organisation involved early in the municipality's planning and processes?"
        ),
        has_scale=True,
    ),
    DefaultQuestion(
        Question.Audience.ASSOCIATION,
        _(
            "Could your organisation keep its identity and stay independent in its dealings with the municipality?"
        ),
        has_scale=True,
    ),
    DefaultQuestion(
        Question.Audience.ASSOCIATION,
        _(
            "Did the municipality make use of your organisation's quality and knowledge in the collaboration?"
        ),
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


def default_areas() -> list[FollowUpArea]:
    """The portal's default table, in the language of the moment (unsaved rows)."""
    return [
        default.as_area(position)
        for position, default in enumerate(DEFAULT_QUESTIONS, start=1)
    ]


def questions_of_area(area: FollowUpArea, responsible: str = "") -> list[dict]:
    """The round's questions one row of the table makes: one to the förvaltningar and companies
    (free text) if it asks them, and one in the survey (to the joined organisations, the
    organisations in recurring networks, or both) if it asks organisations."""
    questions = []
    if area.asks_public_units:
        questions.append(
            {
                "audience": Question.Audience.ADMINISTRATION,
                "text": area.text,
                "help_text": area.help_text,
                "has_scale": False,
                "to_joined": False,
                "to_networks": False,
                "responsible": responsible,
            }
        )
    if area.asks_joined or area.asks_networks:
        questions.append(
            {
                "audience": Question.Audience.ASSOCIATION,
                "text": area.text,
                "help_text": area.help_text,
                "has_scale": area.has_scale,
                "to_joined": area.asks_joined,
                "to_networks": area.asks_networks,
                "responsible": responsible,
            }
        )
    return questions
