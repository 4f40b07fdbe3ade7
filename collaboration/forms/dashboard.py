"""The dashboard's year selector (GET)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The years offered: this one, the one after (to plan its meetings) and nine before.
YEARS_BACK = 9


def dashboard_years(today=None) -> list[int]:
    this_year = (today or timezone.localdate()).year
    return list(range(this_year + 1, this_year - YEARS_BACK - 1, -1))


class DashboardYearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # str(): a year is never written with a thousands separator.
        self.fields["year"].choices = [(str(year), str(year)) for year in dashboard_years()]
        self.fields["year"].widget.attrs.update({"class": "form-select"})

    def chosen_year(self) -> int:
        """The valid year asked for, else this year."""
        if self.is_bound and self.is_valid() and self.cleaned_data.get("year"):
            return self.cleaned_data["year"]
        if self.is_bound and self.errors:
            # The error is shown under the field and tied to it.
            self.fields["year"].widget.attrs.update(
                {"aria-invalid": "true", "aria-describedby": f"{self['year'].auto_id}-error"}
            )
        return timezone.localdate().year
