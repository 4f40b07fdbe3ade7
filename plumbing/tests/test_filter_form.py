"""The filter forms of the public lists written in Python (plumbing/filter_form.py) are the markup
crispy-forms wrote for them: rendered side by side with crispy's bootstrap5 pack and the layout
the forms had (a row, a column a field), in both languages, with and without errors."""

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.template import Context, Template
from django.test.html import parse_html
from django.utils import translation

from accounts.forms.organisation import OrganisationFilterForm
from accounts.forms.register import RegisterFilterForm
from accounts.models import Organisation, OrganisationKind
from conferences.forms.attendance import CheckInSearchForm
from conferences.tests.factories import make_conference
from initiatives.forms.initiative import InitiativeFilterForm
from initiatives.forms.partnership import PartnershipFilterForm
from plumbing.filter_form import filter_fields
from plumbing.widgets import translated_choices

from . import test_response_cache

pytestmark = pytest.mark.django_db

# The fixtures of the response cache's tests: the permission matrix's world.
shared_cache = test_response_cache.shared_cache
world = test_response_cache.world

CRISPY = Template("{% load crispy_forms_tags %}{% crispy form helper %}")
NEW = Template("{% load filter_form %}{% filter_fields form %}")

TOO_LONG = "x" * 201

CASES = [
    (OrganisationFilterForm, {}, None),
    (OrganisationFilterForm, {"with_party": True}, None),
    (OrganisationFilterForm, {"with_party": True}, {"q": "Lund & <ö>", "party": "ideburen", "kind": "stiftelse"}),
    (OrganisationFilterForm, {"with_party": True}, {"q": TOO_LONG, "party": "x", "kind": "zz", "umbrella": "0"}),
    (InitiativeFilterForm, {}, None),
    (InitiativeFilterForm, {}, {"q": "\"quoted\" & 'single'", "step": "result", "organisation": "Förening"}),
    (InitiativeFilterForm, {}, {"q": TOO_LONG, "step": "bad", "area": "none", "organisation": TOO_LONG}),
    (PartnershipFilterForm, {}, None),
    (PartnershipFilterForm, {}, {"form": "iop", "status": "active"}),
    (PartnershipFilterForm, {}, {"form": "x", "administration": "0", "status": "x", "year": "1900"}),
]


def _crispy(form) -> str:
    """What the template's ``{% crispy form %}`` wrote with the forms' former helper."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(Row(*(Column(name, css_class=column) for name, column in form.columns)))
    return CRISPY.render(Context({"form": form, "helper": helper}))


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(("form_class", "options", "data"), CASES)
def test_the_filter_form_is_crispys_markup(world, language, form_class, options, data):
    Organisation.objects.create(name="Paraplyet & <Co>", kind=OrganisationKind.UMBRELLA)
    with translation.override(language):
        # Two forms: crispy adds its classes to the widgets of the form it renders.
        new = NEW.render(Context({"form": form_class(data, **options)}))
        before = _crispy(form_class(data, **options))
    assert parse_html(new) == parse_html(before)
    assert new.count("<option") > 10 and new.count("<label") >= 4
    if data and TOO_LONG in data.values():
        assert 'aria-invalid="true"' in new and "invalid-feedback" in new


def test_errors_and_help_are_tied_to_the_field(world):
    with translation.override("en"):
        form = InitiativeFilterForm({"organisation": TOO_LONG, "step": "bad"})
        html = filter_fields(form, form.columns)
    assert '<label for="id_organisation" class="form-label">Organisation taking part</label>' in html
    assert 'aria-describedby="id_organisation_helptext id_organisation_error"' in html
    assert '<div id="id_organisation_error" class="invalid-feedback"><span id="error_1_id_organisation">' in html
    assert '<div id="id_organisation_helptext" class="form-text">The whole or a part' in html
    assert 'aria-describedby="id_step_error" aria-invalid="true" class="largeselect form-select is-invalid"' in html


def test_a_widget_crispy_wrote_otherwise_is_refused():
    class Other(forms.Form):
        ticked = forms.BooleanField(required=False)

    with pytest.raises(TypeError):
        filter_fields(Other(), [("ticked", "col")])


def test_choice_labels_are_translated_once_a_language():
    with translation.override("sv"):
        swedish = translated_choices(OrganisationKind)
        assert translated_choices(OrganisationKind) == swedish
        assert (OrganisationKind.UMBRELLA.value, "Paraplyorganisation") in swedish
    with translation.override("en"):
        assert (OrganisationKind.UMBRELLA.value, str(OrganisationKind.UMBRELLA.label)) in translated_choices(
            OrganisationKind
        )
        assert translated_choices(OrganisationKind) != swedish


def _types(html: str, name: str) -> list[str]:
    [tag] = [tag for tag in html.split("<input")[1:] if f'name="{name}"' in tag]
    return [value for attribute, value in (pair.split("=", 1) for pair in tag.split() if "=" in pair) if attribute == "type"]


def test_a_search_box_says_search_once(world):
    """``type="search"`` is the widget's own (``SearchInput``), never a second ``type`` after
    Django's "text" (invalid HTML; browsers keep the first)."""
    filters = [(OrganisationFilterForm(), "q"), (InitiativeFilterForm(), "q"), (InitiativeFilterForm(), "organisation")]
    for form, name in filters:
        assert _types(filter_fields(form, form.columns), name) == ['"search"']
        assert _types(_crispy(form), name) == ['"search"']
    for form in (RegisterFilterForm(), CheckInSearchForm(conference=make_conference())):
        assert _types(str(form["q"]), "q") == ['"search"']
