"""The rows of the public lists written in Python (plumbing/rows.py) are the markup the
templates wrote: rendered side by side with the template code they replace, in both languages,
for rows with and without each optional part."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import Organisation
from initiatives.models import Initiative, Partnership

from . import test_response_cache

pytestmark = pytest.mark.django_db

# The fixtures of the response cache's tests: the permission matrix's world.
shared_cache = test_response_cache.shared_cache
world = test_response_cache.world

ORGANISATION_ROWS = """{% for organisation in organisations %}
          <tr>
            <th scope="row"><a href="{{ organisation.get_absolute_url }}" lang="sv">{{ organisation.name }}</a></th>
            <td>{{ organisation.get_kind_display }}</td>
            <td lang="sv">{{ organisation.city|default:"–" }}</td>
            <td lang="sv">{% for area in organisation.area_list %}{{ area.name }}{% if not forloop.last %}, {% endif %}{% empty %}–{% endfor %}</td>
            <td>{{ organisation.connected_since|date:"j F Y" }}</td>
          </tr>
        {% endfor %}"""

INITIATIVE_ITEMS = """{% for initiative in initiatives %}
      {% include "initiatives/initiative_list_item.html" with initiative=initiative steps=steps heading="h2" %}
    {% endfor %}"""

PARTNERSHIP_ROWS = """{% load i18n %}{% for partnership in partnerships %}
          <tr>
            <th scope="row"><a href="{{ partnership.get_absolute_url }}" lang="sv">{{ partnership.title }}</a></th>
            <td><span lang="sv">{{ partnership.administration.name }}</span>{% if partnership.administration.parent %}<br><small class="text-body-secondary" lang="sv">{{ partnership.administration.parent.name }}</small>{% endif %}</td>
            <td lang="sv">{% for organisation in partnership.organisation_list %}{{ organisation.name }}{% if not forloop.last %}, {% endif %}{% empty %}–{% endfor %}</td>
            <td>{{ partnership.get_form_display }}</td>
            <td lang="sv">{{ partnership.priority_area.name|default:"–" }}</td>
            <td>
              {% include "initiatives/partnership_period.html" %}
              {% if partnership.ends_on and partnership.ends_on < today %}<br><span class="badge text-bg-secondary">{% translate "Ended" %}</span>{% endif %}
            </td>
            <td class="text-end text-nowrap">{% blocktranslate with amount=partnership.money_per_year %}{{ amount }} kr{% endblocktranslate %}</td>
          </tr>
        {% endfor %}"""


def _squeezed(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def _side_by_side(path: str, template: str, tag: str, names: tuple[str, ...]) -> None:
    for language in ("sv", "en"):
        client = Client()
        client.cookies["django_language"] = language
        response = client.get(path)
        assert response.status_code == 200
        context = {name: response.context[name] for name in names}
        with translation.override(language):
            before = Template(template).render(Context(context))
            after = Template(tag).render(Context(context))
        assert _squeezed(before), "there are rows to compare"
        assert _squeezed(after) == _squeezed(before)


def test_the_organisation_rows_are_the_templates(world):
    _cast, objects = world
    Organisation.objects.filter(pk=objects["organisation_a"].pk).update(
        city="Lund & Dalby <ö>"
    )
    _side_by_side(
        reverse("accounts:organisation_list"),
        ORGANISATION_ROWS,
        "{% load organisation_rows %}{% organisation_rows organisations %}",
        ("organisations",),
    )


def test_the_initiative_items_are_the_templates(world):
    _cast, objects = world
    Initiative.objects.filter(pk=objects["initiative_b_public"].pk).update(
        state=Initiative.State.PAUSED, form=""
    )
    _side_by_side(
        reverse("initiatives:initiative_list"),
        INITIATIVE_ITEMS,
        '{% load initiative_rows %}{% initiative_items initiatives steps "h2" %}',
        # The item template names the areas in the agreement's words (the context processor's).
        ("initiatives", "steps", "words"),
    )


def test_the_partnership_rows_are_the_templates(world):
    _cast, objects = world
    Partnership.objects.filter(pk=objects["partnership_x"].pk).update(ends_on=None)
    Partnership.objects.filter(pk=objects["partnership_y"].pk).update(
        starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2021, 6, 30)
    )
    _side_by_side(
        reverse("initiatives:partnership_list") + "?status=all",
        PARTNERSHIP_ROWS,
        "{% load initiative_rows %}{% partnership_rows partnerships today %}",
        ("partnerships", "today"),
    )
