"""The rows of a förvaltning's own list of commitments, written in Python
(``initiatives/templatetags/partnership_mine_rows.py``), are the markup the template wrote: rendered
side by side with the template code they replace, in both languages, for an officer of two
förvaltningar, with active and ended commitments, with and without parties and an end date. And
the list's queries, built once a day, follow the day."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from accounts.tests import factories

from . import test_partnership_views

pytestmark = pytest.mark.django_db

# The fixtures and the set-up of the commitment views' tests.
connected_a = test_partnership_views.connected_a
connected_b = test_partnership_views.connected_b
make_partnership = test_partnership_views.make_partnership

MINE_URL = reverse("initiatives:partnership_mine")

# The rows as templates/initiatives/partnership_mine.html wrote them before (with
# initiatives/partnership_period.html).
TEMPLATE_ROWS = """{% load i18n %}{% for partnership in partnerships %}
            <tr>
              <th scope="row"><a href="{{ partnership.get_absolute_url }}" lang="sv">{{ partnership.title }}</a></th>
              {% if administrations|length > 1 %}<td lang="sv">{{ partnership.administration.name }}</td>{% endif %}
              <td lang="sv">{% for organisation in partnership.organisations.all %}{{ organisation.name }}{% if not forloop.last %}, {% endif %}{% empty %}–{% endfor %}</td>
              <td>{{ partnership.get_form_display }}</td>
              <td>{% include "initiatives/partnership_period.html" %}</td>
              <td class="text-end text-nowrap">{% blocktranslate with amount=partnership.money_per_year %}{{ amount }} kr{% endblocktranslate %}</td>
              <td>{% if partnership.has_ended %}<span class="badge text-bg-secondary">{% translate "Ended" %}</span>{% else %}<span class="badge text-bg-success">{% translate "Active" %}</span>{% endif %}</td>
              <td class="text-nowrap">
                <a href="{% url 'initiatives:partnership_edit' partnership.pk %}">{% translate "Edit" %}<span class="visually-hidden"> <span lang="sv">{{ partnership.title }}</span></span></a>
                {% if not partnership.has_ended %}
                  · <a href="{% url 'initiatives:partnership_end' partnership.pk %}">{% translate "End" %}<span class="visually-hidden"> <span lang="sv">{{ partnership.title }}</span></span></a>
                {% endif %}
              </td>
            </tr>
          {% endfor %}"""

TAG_ROWS = "{% load partnership_mine_rows %}{% partnership_mine_rows partnerships parties administrations %}"


def _squeezed(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def _rows_side_by_side(user) -> str:
    rendered = ""
    for language in ("sv", "en"):
        client = Client()
        client.force_login(user)
        client.cookies["django_language"] = language
        response = client.get(MINE_URL)
        assert response.status_code == 200
        context = {
            name: response.context[name]
            for name in ("partnerships", "parties", "administrations")
        }
        with translation.override(language):
            before = Template(TEMPLATE_ROWS).render(Context(context))
            after = Template(TAG_ROWS).render(Context(context))
        assert _squeezed(before), "there are rows to compare"
        assert _squeezed(after) == _squeezed(before)
        rendered += after
    return rendered


def test_the_rows_of_an_officer_of_one_förvaltning_are_the_templates(
    officer_x,
    administration_x,
    connected_a,
    connected_b,
):
    make_partnership(
        administration_x, [connected_a, connected_b], title="Läxhjälp & <läsning>"
    )
    make_partnership(administration_x, [], title="Utan parter", money=(), ends_on=None)
    make_partnership(
        administration_x,
        [connected_b],
        title="Avslutat",
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2021, 6, 30),
    )
    html = _rows_side_by_side(officer_x)
    assert "Läxhjälp &amp; &lt;läsning&gt;" in html
    assert administration_x.name not in html  # one förvaltning: no column of its own


def test_the_rows_of_an_officer_of_two_förvaltningar_are_the_templates(
    officer_x,
    administration_x,
    administration_y,
    connected_a,
):
    factories.RepresentationFactory(user=officer_x, organisation=administration_y)
    make_partnership(administration_x, [connected_a], title="Läxhjälp")
    make_partnership(
        administration_y,
        [connected_a],
        title="Besöksvänner",
        ends_on=datetime.date(2030, 12, 31),
    )
    html = _rows_side_by_side(officer_x)
    assert administration_x.name in html and administration_y.name in html


def test_a_commitment_counts_as_ended_from_the_day_after_its_end_date(
    client,
    monkeypatch,
    officer_x,
    administration_x,
    connected_a,
):
    today = timezone.localdate()
    ending = make_partnership(
        administration_x, [connected_a], title="Slutar i dag", ends_on=today
    )
    end_url = reverse("initiatives:partnership_end", kwargs={"pk": ending.pk})
    client.force_login(officer_x)
    response = client.get(MINE_URL)
    [totals] = response.context["administrations"]
    assert (totals.active_count, totals.ended_count, totals.active_money_per_year) == (
        1,
        0,
        150_000,
    )
    assert end_url in response.content.decode()

    monkeypatch.setattr(
        timezone, "localdate", lambda *args: today + datetime.timedelta(days=1)
    )
    response = client.get(MINE_URL)
    [totals] = response.context["administrations"]
    assert (totals.active_count, totals.ended_count, totals.active_money_per_year) == (
        0,
        1,
        0,
    )
    assert end_url not in response.content.decode()
