"""The form of the agreement's settings: what it calls its group, its convener, its areas and its
public side, and its rules (meetings per year, how often the conference and the follow-up come, the
revision cycle, the mandate of the chair and vice chair, whether public actors may join)."""

from typing import ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from plumbing.dates import long_date, years_later
from plumbing.forms import ErrorSummaryMixin

from ..models import Agreement

CADENCE_YEARS = (1, 4)
REVISION_YEARS = (1, 10)
MEETINGS_PER_YEAR = (1, 12)
MANDATE_YEARS = (1, 10)

SETTINGS_FIELDS = [
    "group_name",
    "convener_title",
    "area_name",
    "area_name_plural",
    "public_side",
    "meetings_per_year",
    "conference_every_years",
    "followup_every_years",
    "revision_cycle_years",
    "chair_mandate_years",
    "public_actors_may_join",
]


def _between(low: int, high: int, message) -> dict:
    return {"min_value": message % {"low": low, "high": high}, "max_value": message % {"low": low, "high": high}}


class AgreementSettingsForm(ErrorSummaryMixin, forms.ModelForm):
    """Every setting in one form. The words are stored as typed (trimmed); the numbers within
    what an agreement can sensibly decide."""

    group_name = forms.CharField(
        label=_("What the group is called in a sentence"),
        max_length=80,
        help_text=_("Definite form, lower case, as in the middle of a sentence: samverkansgruppen, styrgruppen, samrådet."),
        error_messages={"required": _("Write what the group is called.")},
    )
    convener_title = forms.CharField(
        label=_("The title of the person who runs the work"),
        max_length=80,
        help_text=_("For example sammankallande or processledare."),
        error_messages={"required": _("Write the title of the person who runs the work.")},
    )
    area_name = forms.CharField(
        label=_("One area of the action plan is called"),
        max_length=80,
        help_text=_("For example prioriterat område or utvecklingsområde."),
        error_messages={"required": _("Write what one area is called.")},
    )
    area_name_plural = forms.CharField(
        label=_("Several areas are called"),
        max_length=80,
        help_text=_("For example prioriterade områden or utvecklingsområden."),
        error_messages={"required": _("Write what several areas are called.")},
    )
    public_side = forms.CharField(
        label=_("The public side is called"),
        max_length=40,
        help_text=_(
            "One word in lower case, as in “a … seat”: kommunal or offentlig. Where a sentence needs it, "
            "the pages add an -a (kommunala, offentliga)."
        ),
        error_messages={"required": _("Write what the agreement calls its public side.")},
    )
    meetings_per_year = forms.IntegerField(
        label=_("The group meets at least (times a year)"),
        min_value=MEETINGS_PER_YEAR[0],
        max_value=MEETINGS_PER_YEAR[1],
        error_messages={
            "required": _("Write how many times a year the group meets."),
            **_between(*MEETINGS_PER_YEAR, _("The group meets between %(low)s and %(high)s times a year.")),
        },
    )
    conference_every_years = forms.IntegerField(
        label=_("A conference every (years)"),
        min_value=CADENCE_YEARS[0],
        max_value=CADENCE_YEARS[1],
        help_text=_("1: every year; 2: every other year."),
        error_messages={
            "required": _("Write how often the conference is held."),
            **_between(*CADENCE_YEARS, _("Write a number of years from %(low)s to %(high)s.")),
        },
    )
    followup_every_years = forms.IntegerField(
        label=_("Followed up every (years)"),
        min_value=CADENCE_YEARS[0],
        max_value=CADENCE_YEARS[1],
        help_text=_("1: a follow-up round every year; 2: every other year."),
        error_messages={
            "required": _("Write how often the agreement is followed up."),
            **_between(*CADENCE_YEARS, _("Write a number of years from %(low)s to %(high)s.")),
        },
    )
    revision_cycle_years = forms.IntegerField(
        label=_("The agreement is revised every (years)"),
        min_value=REVISION_YEARS[0],
        max_value=REVISION_YEARS[1],
        error_messages={
            "required": _("Write how often the agreement is revised."),
            **_between(*REVISION_YEARS, _("Write a number of years from %(low)s to %(high)s.")),
        },
    )
    chair_mandate_years = forms.IntegerField(
        label=_("Mandate of the chair and vice chair (years)"),
        required=False,
        min_value=MANDATE_YEARS[0],
        max_value=MANDATE_YEARS[1],
        help_text=_("Leave empty when the agreement sets no mandate length."),
        error_messages=_between(*MANDATE_YEARS, _("Write a number of years from %(low)s to %(high)s, or leave it empty.")),
    )
    public_actors_may_join = forms.BooleanField(
        label=_("Public actors may join (municipalities, regions, state authorities, universities)"),
        required=False,
    )

    SHORT_LABELS: ClassVar = {"public_actors_may_join": _("Public actors may join")}

    class Meta:
        model = Agreement
        fields = SETTINGS_FIELDS

    def clean_area_name(self):
        return self.cleaned_data["area_name"].strip()

    def clean_public_side(self):
        word = self.cleaned_data["public_side"].strip()
        if len(word.split()) != 1:
            raise forms.ValidationError(_("Write one word, for example kommunal or offentlig."))
        return word

    def clean_chair_mandate_years(self):
        years = self.cleaned_data.get("chair_mandate_years")
        agreement = self.instance
        if (
            years
            and agreement.valid_from
            and agreement.valid_until
            and years_later(agreement.valid_from, years) > agreement.valid_until
        ):
            raise forms.ValidationError(
                _("A mandate of %(years)s years is longer than the agreement is valid (%(start)s to %(end)s).")
                % {
                    "years": years,
                    "start": long_date(agreement.valid_from),
                    "end": long_date(agreement.valid_until),
                }
            )
        return years
