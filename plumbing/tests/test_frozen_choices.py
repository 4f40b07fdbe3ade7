"""The filter forms' choices made once per language and data (plumbing/widgets.py
``frozen_choices``): the same options as the lists they replace, in the language of the request,
and a change of the data (a new umbrella organisation, a renamed area) shows on the next form."""

import pytest
from django import forms
from django.utils import translation

from accounts.forms.organisation import OrganisationFilterForm
from accounts.models import Organisation, OrganisationKind
from initiatives.forms.partnership import PartnershipFilterForm
from plumbing.widgets import FrozenChoices, LargeSelect, frozen_choices

pytestmark = pytest.mark.django_db


def _options(form, name) -> list[tuple[str, str]]:
    return list(form.fields[name].choices)


def test_frozen_choices_are_made_once_per_language_and_key():
    made = []

    def make():
        made.append(translation.get_language())
        return [("", translation.gettext_lazy("All")), (1, "Ett")]

    with translation.override("sv"):
        first = frozen_choices("test-once", make)
        assert frozen_choices("test-once", make) is first
        assert list(first) == [("", "Alla"), ("1", "Ett")]
    with translation.override("en"):
        assert list(frozen_choices("test-once", make)) == [("", "All"), ("1", "Ett")]
    assert made == ["sv", "en"]
    with translation.override("sv"):
        assert frozen_choices(("test-once", "other data"), make) is not first


def test_a_choice_field_takes_them_as_they_are_and_validates_against_them():
    class Form(forms.Form):
        pick = forms.ChoiceField(required=False, widget=LargeSelect)

    choices = FrozenChoices([("", "Alla"), ("a", "A & <b>")])
    form = Form({"pick": "a"})
    form.fields["pick"].choices = choices
    assert form.fields["pick"].choices is choices
    assert form.is_valid()
    html = str(form["pick"])
    assert '<option value="a" selected>A &amp; &lt;b&gt;</option>' in html
    assert '<option value="">Alla</option>' in html
    bad = Form({"pick": "zz"})
    bad.fields["pick"].choices = choices
    assert not bad.is_valid()
    assert " selected" not in str(bad["pick"])


def test_a_new_umbrella_organisation_shows_on_the_next_form():
    with translation.override("sv"):
        before = _options(OrganisationFilterForm(), "umbrella")
        umbrella = Organisation.objects.create(name="Nytt paraply", kind=OrganisationKind.UMBRELLA)
        after = _options(OrganisationFilterForm(), "umbrella")
        assert (str(umbrella.pk), "Nytt paraply") in after
        assert (str(umbrella.pk), "Nytt paraply") not in before
        umbrella.name = "Omdöpt paraply"
        umbrella.save()
        assert (str(umbrella.pk), "Omdöpt paraply") in _options(OrganisationFilterForm(), "umbrella")
        assert OrganisationFilterForm({"umbrella": str(umbrella.pk)}).filters()["umbrella"] == str(umbrella.pk)


def test_the_options_are_in_the_language_of_the_request():
    with translation.override("sv"):
        swedish = _options(PartnershipFilterForm(), "status")
    with translation.override("en"):
        english = _options(PartnershipFilterForm(), "status")
    assert swedish[0] == ("", "Aktiva och avslutade")
    assert english[0] == ("", "Active and ended")
