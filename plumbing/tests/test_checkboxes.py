"""A field of checkboxes written in Python (plumbing/checkboxes.py) is the markup crispy-forms
wrote for it: rendered side by side with crispy's bootstrap5 pack, the organisation's form whole
and the field alone, in both languages, with boxes ticked and with errors."""

import copy

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.template import Context, Template
from django.test.html import parse_html
from django.utils import translation

from accounts.forms.organisation import OrganisationForm
from accounts.models import Organisation, OrganisationKind
from plumbing.checkboxes import CheckboxesField, checkboxes

pytestmark = pytest.mark.django_db

CRISPY = Template("{% load crispy_forms_tags %}{% crispy form helper %}")


def _as_crispy(layout):
    """``layout`` with every ``CheckboxesField`` given back to crispy (the field's name)."""
    for number, item in enumerate(layout.fields):
        if isinstance(item, CheckboxesField):
            layout.fields[number] = item.name
        elif hasattr(item, "fields"):
            _as_crispy(item)
    return layout


def _render(form, helper) -> str:
    return CRISPY.render(Context({"form": form, "helper": helper}))


@pytest.fixture
def umbrellas(db):
    return [
        Organisation.objects.create(name=name, kind=OrganisationKind.UMBRELLA)
        for name in ("Paraplyet & <Co>", "Ärligt \"citerat\" 'förbund'", "LIPS", "PIL", "Ö-förbundet")
    ]


@pytest.fixture
def member(umbrellas):
    organisation = Organisation.objects.create(name="Föreningen", kind=OrganisationKind.NON_PROFIT_ASSOCIATION)
    organisation.umbrella_organisations.set(umbrellas[1:3])
    return organisation


def _data(member, umbrellas: list) -> dict:
    return {
        "name": member.name,
        "kind": member.kind,
        "umbrella_organisations": umbrellas,
    }


def _cases(member, umbrellas):
    ticked = [str(umbrellas[0].pk), str(umbrellas[3].pk)]
    return {
        "unbound, the named ones ticked": {"instance": member},
        "bound, some ticked": {"instance": member, "data": _data(member, ticked)},
        "bound, none ticked": {"instance": member, "data": _data(member, [])},
        "bound, an unknown one": {"instance": member, "data": _data(member, [*ticked, "999999"])},
        "bound, not a number": {"instance": member, "data": _data(member, [ticked[0], "x"])},
    }


CASE_NAMES = [
    "unbound, the named ones ticked",
    "bound, some ticked",
    "bound, none ticked",
    "bound, an unknown one",
    "bound, not a number",
]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("case", CASE_NAMES)
def test_the_organisation_form_is_crispys_markup(member, umbrellas, language, case):
    kwargs = _cases(member, umbrellas)[case]
    with translation.override(language):
        # Two forms: crispy adds its classes to the widgets of the form it renders.
        new_form, old_form = OrganisationForm(**kwargs), OrganisationForm(**kwargs)
        if "data" in kwargs:
            new_form.is_valid(), old_form.is_valid()
        new = _render(new_form, new_form.helper)
        old_helper = copy.deepcopy(old_form.helper)
        old_helper.layout = _as_crispy(old_helper.layout)
        before = _render(old_form, old_helper)
        field = checkboxes(OrganisationForm(**kwargs)["umbrella_organisations"])
        alone_helper = FormHelper()
        alone_helper.form_tag = False
        alone_helper.layout = Layout("umbrella_organisations")
        alone = _render(OrganisationForm(**kwargs), alone_helper)
    assert "CheckboxesField" not in repr(old_helper.layout)
    assert parse_html(new) == parse_html(before)
    assert parse_html(field) == parse_html(alone)
    assert field.count('class="form-check"') == len(umbrellas)
    if case.startswith("unbound"):
        assert field.count("checked") == 2
    if case == "bound, some ticked":
        assert field.count("checked") == 2
    if "unknown" in case or "number" in case:
        assert field.count("is-invalid") == len(umbrellas)
        assert 'class="invalid-feedback"' in field and "aria-invalid" in field


def test_a_field_of_ticked_boxes_tells_its_errors_and_help(member, umbrellas):
    with translation.override("en"):
        form = OrganisationForm(instance=member, data=_data(member, [str(umbrellas[0].pk), "999999"]))
        html = checkboxes(form["umbrella_organisations"])
    assert (
        '<fieldset aria-describedby="id_umbrella_organisations_helptext id_umbrella_organisations_error">'
        '<legend class="form-label fs-6">Umbrella organisations it belongs to</legend>'
    ) in html
    umbrella = umbrellas[0]
    index = list(form.fields["umbrella_organisations"].queryset).index(umbrella)
    assert (
        f'<input type="checkbox" class="form-check-input is-invalid" name="umbrella_organisations" '
        f'value="{umbrella.pk}" id="id_umbrella_organisations_{index}" aria-invalid="true" checked>'
        f'<label for="id_umbrella_organisations_{index}" class="form-check-label">Paraplyet &amp; &lt;Co&gt;</label>'
    ) in html
    assert (
        '<div id="id_umbrella_organisations_error" class="invalid-feedback">'
        '<p id="error_1_id_umbrella_organisations">'
    ) in html
    assert (
        '<div id="id_umbrella_organisations_helptext" class="form-text">The umbrella organisation is asked'
    ) in html


class Other(forms.Form):
    """Choices crispy wrote otherwise: required (the asterisk), numbers, groups, no help text."""

    numbers = forms.TypedMultipleChoiceField(
        label="Numbers & <more>",
        coerce=int,
        choices=[(1, "one"), ("Group <a>", [(2, "two"), (3, 3.5)]), ("Group b", [(1000, "<b>thousand</b>")])],
        widget=forms.CheckboxSelectMultiple,
    )
    nameless = forms.MultipleChoiceField(
        label="", required=False, choices=[("a", "A")], widget=forms.CheckboxSelectMultiple
    )


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("data", [None, {"numbers": ["2", "1000"]}, {}, {"numbers": ["4"], "nameless": ["b"]}])
def test_other_checkboxes_are_crispys_markup(language, data):
    for name in ("numbers", "nameless"):
        helper = FormHelper()
        helper.form_tag = False
        helper.layout = Layout(name)
        new_helper = FormHelper()
        new_helper.form_tag = False
        new_helper.layout = Layout(CheckboxesField(name))
        with translation.override(language):
            before = _render(Other(data), helper)
            new = _render(Other(data), new_helper)
        assert parse_html(new) == parse_html(before)


def test_another_widget_is_refused():
    class Ticked(forms.Form):
        ticked = forms.MultipleChoiceField(choices=[("a", "A")])

    with pytest.raises(TypeError):
        checkboxes(Ticked()["ticked"])
