"""Forms of the yearly follow-up round: the round (year, deadline, message), its questions, a
förvaltning's report (its commitments and answers), reopening a report, and the associations'
survey. The forms validate; the services in ``services/rounds.py`` change state."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from plumbing import ids
from plumbing.dates import validate_plan_date
from plumbing.forms import ErrorSummaryMixin

from ..models import DepartmentReport, FollowUpRound, Question, ReportedCommitment
from ..questions import SURVEY_ANSWER_REQUIRED
from ..selectors.rounds import round_year_proposed
from ..selectors.table import networks_exist

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# The radio value for "don't know / would rather not say": an answer without a score.
DONT_KNOW = "none"


class RoundForm(ErrorSummaryMixin, forms.Form):
    """A round's year (only when it is made), last day to report and message."""

    year = forms.IntegerField(label=_("Year followed up"), min_value=2000, max_value=2100)
    deadline = forms.DateField(
        label=_("Last day to report"),
        widget=_DATE,
        validators=[validate_plan_date],
        help_text=_("Reminders go by email a week before and on the day to those who have not reported."),
    )
    introduction = forms.CharField(
        label=_("Message to those asked to report"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Sent in the email and shown at the top of the report and the survey."),
    )

    def __init__(self, *args, followup_round: FollowUpRound | None = None, **kwargs):
        self.followup_round = followup_round
        if followup_round is not None and not kwargs.get("initial"):
            kwargs["initial"] = {
                "year": followup_round.year,
                "deadline": followup_round.deadline,
                "introduction": followup_round.introduction,
            }
        super().__init__(*args, **kwargs)
        if followup_round is not None:
            del self.fields["year"]
        elif not self.is_bound and not self.initial:
            year = round_year_proposed()
            self.initial = {"year": year, "deadline": datetime.date(year, 12, 15)}

    def clean_year(self):
        year = self.cleaned_data["year"]
        if FollowUpRound.objects.filter(year=year).exists():
            raise forms.ValidationError(_("There is already a follow-up of %(year)s.") % {"year": year})
        return year

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("year") or (self.followup_round.year if self.followup_round else None)
        deadline = cleaned.get("deadline")
        if year and deadline and deadline.year < year:
            self.add_error("deadline", _("The last day cannot be before the year followed up."))
        return cleaned


# Whom a question of a round asks, as the editor offers it: the förvaltningar (a report each), or in
# the survey the joined organisations, the organisations in recurring networks, or both. Each
# choice is the question's (audience, to_joined, to_networks).
ASKS_NETWORKS = "networks"
ASKS_JOINED_AND_NETWORKS = "association_networks"
ASKED_OF: dict[str, tuple[str, bool, bool]] = {
    Question.Audience.ADMINISTRATION: (Question.Audience.ADMINISTRATION, False, False),
    Question.Audience.ASSOCIATION: (Question.Audience.ASSOCIATION, True, False),
    ASKS_NETWORKS: (Question.Audience.ASSOCIATION, False, True),
    ASKS_JOINED_AND_NETWORKS: (Question.Audience.ASSOCIATION, True, True),
}


def asked_of(question: Question) -> str:
    """The editor's choice for a question (``ASKED_OF``): a survey question that asks nobody yet
    counts as asking the joined organisations."""
    if question.audience != Question.Audience.ASSOCIATION:
        return question.audience
    if question.to_networks:
        return ASKS_JOINED_AND_NETWORKS if question.to_joined else ASKS_NETWORKS
    return Question.Audience.ASSOCIATION


def asked_of_choices(*, networks: bool) -> list[tuple[str, str]]:
    """The förvaltningar and the survey; with recurring networks, the survey to the joined
    organisations, to the networks' organisations, or to both."""
    if not networks:
        return list(Question.Audience.choices)
    return [
        (Question.Audience.ADMINISTRATION, Question.Audience.ADMINISTRATION.label),
        (Question.Audience.ASSOCIATION, _("The organisations that have joined the agreement (the survey)")),
        (ASKS_NETWORKS, _("The organisations in recurring networks (the survey)")),
        (ASKS_JOINED_AND_NETWORKS, _("Both the joined organisations and those in recurring networks (the survey)")),
    ]


class QuestionForm(forms.Form):
    id = ids.IdField(required=False, widget=forms.HiddenInput)
    audience = forms.ChoiceField(label=_("Asked of"), choices=Question.Audience.choices)
    text = forms.CharField(label=_("Question"), max_length=500, required=False)
    help_text = forms.CharField(label=_("Help text"), max_length=500, required=False)
    has_scale = forms.BooleanField(
        label=_("Answered on the five-step scale (survey questions only)"), required=False
    )

    def __init__(self, *args, networks: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = asked_of_choices(networks=networks)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("has_scale") and cleaned.get("audience") == Question.Audience.ADMINISTRATION:
            self.add_error("has_scale", _("Only questions of the survey are answered on the scale."))
        return cleaned


QuestionFormSet = forms.formset_factory(QuestionForm, extra=2, can_delete=True, max_num=40, validate_max=True)


def question_formset(followup_round: FollowUpRound, data=None) -> forms.BaseFormSet:
    """The round's questions; the networks' organisations can be asked where the agreement has
    recurring networks (or a question already asks them)."""
    questions = list(followup_round.questions.order_by("audience", "position", "pk"))
    initial = [
        {
            "id": question.pk,
            "audience": asked_of(question),
            "text": question.text,
            "help_text": question.help_text,
            "has_scale": question.has_scale,
        }
        for question in questions
    ]
    networks = any(question.to_networks for question in questions) or networks_exist()
    return QuestionFormSet(data, initial=initial, prefix="questions", form_kwargs={"networks": networks})


def question_changes(formset) -> list[dict]:
    """The formset as the list ``round_questions_update`` takes (rows left empty are skipped)."""
    changes = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data:
            continue
        audience, to_joined, to_networks = ASKED_OF[data.get("audience") or Question.Audience.ADMINISTRATION]
        changes.append(
            {
                "id": data.get("id"),
                "audience": audience,
                "to_joined": to_joined,
                "to_networks": to_networks,
                "text": data.get("text", ""),
                "help_text": data.get("help_text", ""),
                "has_scale": data.get("has_scale", False),
                "delete": data.get("DELETE", False),
            }
        )
    return changes


class DepartmentReportForm(ErrorSummaryMixin, forms.Form):
    """The förvaltning's report: for each commitment whether it was active during the year, its
    kronor during the year and a comment; an answer to each question; other comments."""

    comment = forms.CharField(
        label=_("Other comments"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(
        self,
        *args,
        report: DepartmentReport,
        lines: list[ReportedCommitment],
        questions: list[Question],
        answers: dict[int, str],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.report = report
        self.lines = lines
        self.questions = questions
        year = report.followup_round.year
        self.fields["comment"].initial = report.comment
        for line in lines:
            self.fields[f"line_{line.pk}_active"] = forms.BooleanField(
                label=_("The commitment was active during %(year)s") % {"year": year},
                required=False,
                initial=line.was_active,
            )
            self.fields[f"line_{line.pk}_amount"] = forms.IntegerField(
                label=_("Kronor during %(year)s") % {"year": year},
                min_value=0,
                max_value=2_000_000_000,
                required=False,
                initial=line.registered_amount_sek if line.amount_sek is None else line.amount_sek,
                help_text=_("Filled in from the register. Correct it if the year's amount was different."),
            )
            self.fields[f"line_{line.pk}_comment"] = forms.CharField(
                label=_("Comment"), max_length=500, required=False, initial=line.comment
            )
        for question in questions:
            self.fields[f"answer_{question.pk}"] = forms.CharField(
                label=question.text,
                help_text=question.help_text,
                max_length=5000,
                required=False,
                initial=answers.get(question.pk, ""),
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def line_groups(self):
        """Each line with its three bound fields, for the template."""
        return [
            (
                line,
                self[f"line_{line.pk}_active"],
                self[f"line_{line.pk}_amount"],
                self[f"line_{line.pk}_comment"],
            )
            for line in self.lines
        ]

    def answer_fields(self):
        return [self[f"answer_{question.pk}"] for question in self.questions]

    def line_changes(self) -> dict[int, dict]:
        data = self.cleaned_data
        return {
            line.pk: {
                "was_active": data.get(f"line_{line.pk}_active", False),
                "amount_sek": data.get(f"line_{line.pk}_amount"),
                "comment": data.get(f"line_{line.pk}_comment", ""),
            }
            for line in self.lines
        }

    def answer_changes(self) -> dict[int, str]:
        return {question.pk: self.cleaned_data.get(f"answer_{question.pk}", "") for question in self.questions}


class ReopenForm(ErrorSummaryMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is the report reopened?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The förvaltning's officers are emailed this, with a link to the report."),
    )


class SurveyForm(ErrorSummaryMixin, forms.Form):
    """The survey for one organisation: for each scale question a radio group (1 to 5, or don't
    know) and words of one's own; for other questions words only. Each scale question needs a
    choice ("don't know" is one): the answer is sent once, so it is sent whole."""

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for number, question in enumerate(questions, start=1):
            if question.has_scale:
                self.fields[f"score_{question.pk}"] = forms.ChoiceField(
                    label=question.text,
                    help_text=question.help_text,
                    required=True,
                    error_messages={"required": SURVEY_ANSWER_REQUIRED},
                    widget=forms.RadioSelect,
                    choices=[
                        ("1", _("1 – not at all")),
                        ("2", "2"),
                        ("3", "3"),
                        ("4", "4"),
                        ("5", _("5 – to a very high degree")),
                        (DONT_KNOW, _("Don't know / would rather not say")),
                    ],
                )
                text_label = _("In your own words, about question %(number)s (optional)") % {"number": number}
            else:
                text_label = question.text
            self.fields[f"text_{question.pk}"] = forms.CharField(
                label=text_label,
                help_text="" if question.has_scale else question.help_text,
                required=False,
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def question_groups(self):
        """Each question with its number, its radio group (or None) and its text field."""
        return [
            (
                number,
                question,
                self[f"score_{question.pk}"] if question.has_scale else None,
                self[f"text_{question.pk}"],
            )
            for number, question in enumerate(self.questions, start=1)
        ]

    def answers(self) -> dict[int, dict]:
        answers = {}
        for question in self.questions:
            raw = self.cleaned_data.get(f"score_{question.pk}") or ""
            answers[question.pk] = {
                "score": int(raw) if raw and raw != DONT_KNOW else None,
                "dont_know": raw == DONT_KNOW,
                "text": self.cleaned_data.get(f"text_{question.pk}", ""),
            }
        return answers
