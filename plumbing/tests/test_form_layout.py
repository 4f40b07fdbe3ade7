"""A form's layout written in Python (plumbing/form_layout.py) is the markup crispy-forms wrote for
it: rendered side by side with ``{% crispy form %}``, the organisation's form and the invitation
form, in both languages, new, filled in and with errors."""

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Fieldset, Layout, Row
from django import forms
from django.template import Context, Template
from django.test.html import parse_html
from django.utils import timezone, translation

from accounts.forms.organisation import InvitationForm, OrganisationForm
from accounts.models import Organisation, OrganisationKind
from overenskommelse.models import PriorityArea
from overenskommelse.tests.factories import agreement_with_plan
from plumbing.form_layout import field_html, layout_html

pytestmark = pytest.mark.django_db

CRISPY = Template("{% load crispy_forms_tags %}{% crispy form %}")


def _crispy(form) -> str:
    return CRISPY.render(Context({"form": form}))


@pytest.fixture
def areas(db):
    agreement_with_plan()
    area = PriorityArea.objects.order_by("position").first()
    area.name = "Demokrati & <delaktighet>"
    area.save()
    return list(PriorityArea.objects.order_by("position"))


@pytest.fixture
def member(areas):
    umbrellas = [
        Organisation.objects.create(name=name, kind=OrganisationKind.UMBRELLA)
        for name in ("Paraplyet & <Co>", "Ärligt \"citerat\" 'förbund'", "LIPS")
    ]
    organisation = Organisation.objects.create(
        name="Föreningen <Ett>",
        kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
        description='Vi gör "saker" & <mer>\npå två rader',
        website="https://example.org",
        publish_email=True,
        contact_name="Kim",
        contact_email="kim@example.org",
        connected_since=timezone.localdate(),
    )
    organisation.umbrella_organisations.set(umbrellas[1:])
    organisation.priority_areas.set(areas[:1])
    return organisation


def _data(member, **changes) -> dict:
    data = {
        "name": member.name,
        "kind": member.kind,
        "description": member.description,
        "website": member.website,
        "publish_email": "on",
        "contact_name": member.contact_name,
        "contact_email": member.contact_email,
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


CASES = {
    "new": lambda member: {"instance": member},
    "valid": lambda member: {"instance": member, "data": _data(member)},
    "errors": lambda member: {
        "instance": member,
        "data": _data(
            member,
            name="",
            website="not an address",
            contact_email="no",
            publish_email=None,
            priority_areas=["999999"],
            umbrella_organisations=["x"],
            kind="nothing",
        ),
    },
    "not connected": lambda member: {
        "instance": Organisation.objects.create(
            name="Ny", kind=OrganisationKind.NON_PROFIT_ASSOCIATION
        )
    },
}


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("case", list(CASES))
def test_the_organisation_form_is_crispys_markup(member, language, case):
    kwargs = CASES[case](member)
    with translation.override(language):
        # Two forms: crispy adds its classes to the widgets of the form it renders.
        new_form, old_form = OrganisationForm(**kwargs), OrganisationForm(**kwargs)
        if "data" in kwargs:
            assert new_form.is_valid() == old_form.is_valid() == (case == "valid")
        new = new_form.layout_html()
        before = _crispy(old_form)
    assert parse_html(new) == parse_html(before)
    assert new.count('type="checkbox"') == 3 + 2 + 3  # publishing, areas, umbrellas
    if case == "errors":
        assert new.count("is-invalid") > 5
    if case == "new":
        assert new.count(" checked") == 1 + 1 + 2


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(
    "data", [None, {"email": "someone@example.org"}, {"email": "<no>"}, {}]
)
def test_the_invitation_form_is_crispys_markup(language, data):
    with translation.override(language):
        new_form, old_form = InvitationForm(data), InvitationForm(data)
        new = new_form.layout_html()
        before = _crispy(old_form)
    assert parse_html(new) == parse_html(before)


class Other(forms.Form):
    """What the two forms above do not have: a required box, a hidden field, a number, a select
    with option groups, a non-field error; and the other layout objects."""

    agree = forms.BooleanField(label="I agree & <more>", help_text="<b>Really</b>")
    secret = forms.CharField(widget=forms.HiddenInput, required=False)
    count = forms.IntegerField(label="How many", required=False, help_text="A number")
    colour = forms.ChoiceField(
        choices=[("", "–"), ("Warm", [("red", "Red")]), ("blue", "Blue")]
    )
    when = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, layout=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = layout

    def clean(self):
        if self.data.get("count") == "13":
            raise forms.ValidationError("Not <thirteen> & so on")
        return self.cleaned_data


LAYOUTS = {
    "none": lambda: None,
    "objects": lambda: Layout(
        Fieldset(
            "Legend & more", "agree", css_class="box", css_id="the-box", data_x="y"
        ),
        Div(
            Row(
                Column("count"),
                Column("colour", css_class="col-4 extra"),
                css_class="g-2",
            ),
            "when",
            "secret",
        ),
        Div("secret", css_class="plain", title="A <title>"),
        Fieldset("", "when"),
    ),
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"agree": "on", "count": "13", "colour": "red", "secret": "s<"},
        {"count": "x", "when": "y"},
    ],
)
def test_other_fields_and_layouts_are_crispys_markup(layout, data):
    with translation.override("en"):
        new = layout_html(Other(data, layout=LAYOUTS[layout]()))
        before = _crispy(Other(data, layout=LAYOUTS[layout]()))
    assert parse_html(new) == parse_html(before)


def test_what_is_not_written_is_refused():
    with pytest.raises(TypeError):
        layout_html(Other(layout=Layout(HTML("<p>hi</p>"))))

    class Files(forms.Form):
        upload = forms.FileField()

    with pytest.raises(TypeError):
        field_html(Files()["upload"])
    form = Other()
    form.helper.form_tag = True
    with pytest.raises(ValueError):
        layout_html(form)


def test_an_umbrella_is_not_offered_itself(member):
    umbrella = Organisation.objects.get(name="LIPS")
    with translation.override("sv"):
        new = OrganisationForm(instance=umbrella).layout_html()
        before = _crispy(OrganisationForm(instance=umbrella))
    assert parse_html(new) == parse_html(before)
    assert f'value="{umbrella.pk}"' not in new and "Paraplyet &amp; &lt;Co&gt;" in new
