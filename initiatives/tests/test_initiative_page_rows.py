"""The parts of an initiative's page and of a programme written in Python (issue 16) give the
markup of the template code they replaced, up to the whitespace between tags, in both languages:
the history (with and without the "By" column, a name to escape, no previous step), the step
indicator in each state, and the programme's sessions (places left, full, an initiative, links for
those who manage)."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.template import engines
from django.utils import timezone, translation

from conferences.models import Session
from initiatives.models import Initiative, StepTransition
from initiatives.selectors.page import HistoryRow
from overenskommelse.process import STEPS, Step

pytestmark = [pytest.mark.django_db]

OLD_HISTORY = """{% load portal_time %}{% for transition in transitions %}
          <tr>
            <td>{{ transition.at|long_date }}</td>
            <td>{{ transition.get_kind_display }}</td>
            <td>{{ transition.get_from_step_display|default:"–" }}</td>
            <td>{{ transition.get_to_step_display }}</td>
            {% if insider %}<td>{% if transition.by %}{{ transition.by.get_full_name }}{% else %}–{% endif %}</td>{% endif %}
            <td lang="sv">{{ transition.comment|default:"–" }}</td>
          </tr>
        {% endfor %}"""
OLD_PROGRESS = '{% include "initiatives/_step_progress.html" with initiative=initiative steps=steps %}'
NEW_PROGRESS = "{% load initiative_page %}{% step_progress initiative steps %}"
NEW_HISTORY = "{% load initiative_page %}{% history_rows rows insider %}"


def _render(source: str, **context) -> str:
    return re.sub(r"\s+", " ", engines["django"].from_string(source).render(context)).strip()


def _at(hour: int) -> datetime.datetime:
    # 23.30 UTC is the next day in Stockholm: the date is the portal's.
    return datetime.datetime(2026, 3, 4, hour, 30, tzinfo=datetime.UTC)


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("insider", [True, False])
def test_history_rows_as_the_template(language, insider):
    by = SimpleNamespace(get_full_name=lambda: "Anna <Ek> & co")
    transitions = [
        SimpleNamespace(at=_at(9), kind="created", from_step="", to_step=Step.INITIATIVE, comment="", by=None),
        SimpleNamespace(at=_at(23), kind="forward", from_step=Step.INITIATIVE, to_step=Step.values[1],
                        comment="Klart <b>nu</b>", by=by),
    ]
    for transition in transitions:
        transition.get_kind_display = StepTransition(kind=transition.kind).get_kind_display
        transition.get_from_step_display = StepTransition(from_step=transition.from_step).get_from_step_display
        transition.get_to_step_display = StepTransition(to_step=transition.to_step).get_to_step_display
    rows = [
        HistoryRow(t.at, t.kind, t.from_step, t.to_step, t.comment, t.by.get_full_name() if t.by else None)
        for t in transitions
    ]
    with translation.override(language), timezone.override("Europe/Stockholm"):
        old = _render(OLD_HISTORY, transitions=transitions, insider=insider)
        new = _render(NEW_HISTORY, rows=rows, insider=insider)
    assert new == old
    assert ("Anna &lt;Ek&gt; &amp; co" in new) == insider


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("state", ["active", "paused", "closed"])
@pytest.mark.parametrize("step", [Step.INITIATIVE, Step.values[3], Step.values[4]])
def test_step_progress_as_the_template(language, state, step):
    initiative = Initiative(step=step, state=state)
    with translation.override(language):
        old = _render(OLD_PROGRESS, initiative=initiative, steps=STEPS)
        new = _render(NEW_PROGRESS, initiative=initiative, steps=STEPS)
    assert new == old


OLD_SESSIONS = """{% load i18n portal_time %}{% for session in sessions %}
        <li class="programme-session">
          <p class="programme-time mb-1">{{ session.starts_at|time_element }}–{{ session.ends_at|time_element }}</p>
          <div class="programme-body">
            <h3 class="h5 mb-1" lang="sv">{{ session.title }}</h3>
            <p class="mb-1"><span class="badge text-bg-light border">{{ session.get_kind_display }}</span>{% if session.room %} · {% translate "Room:" %} <span lang="sv">{{ session.room }}</span>{% endif %}</p>
            {% if session.speakers %}<p class="mb-1">{% translate "Speakers:" %} <span lang="sv">{{ session.speakers }}</span></p>{% endif %}
            {% if session.description %}<div class="mb-1" lang="sv">{{ session.description|linebreaks }}</div>{% endif %}
            {% if session.initiative and session.initiative.is_public %}<p class="mb-1">{% translate "Initiative:" %} <a href="{{ session.initiative.get_absolute_url }}" lang="sv">{{ session.initiative.title }}</a></p>{% endif %}
            {% if session.capacity is not None %}
              <p class="mb-1 small">{% if session.places_left %}{% blocktranslate count left=session.places_left %}{{ left }} place left in this session.{% plural %}{{ left }} places left in this session.{% endblocktranslate %}{% else %}<strong>{% translate "This session is full." %}</strong>{% endif %}</p>
            {% endif %}
            {% if may_manage %}
              <p class="mb-0 small programme-actions">
                <a href="{% url 'conferences:session_edit' conference.pk session.pk %}">{% translate "Edit" %}<span class="visually-hidden"> <span lang="sv">{{ session.title }}</span></span></a>
                · <a href="{% url 'conferences:session_delete' conference.pk session.pk %}">{% translate "Remove" %}<span class="visually-hidden"> <span lang="sv">{{ session.title }}</span></span></a>
              </p>
            {% endif %}
          </div>
        </li>
      {% endfor %}"""
NEW_SESSIONS = "{% load conference_programme %}{% programme_sessions sessions conference may_manage %}"


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("may_manage", [True, False])
def test_programme_sessions_as_the_template(language, may_manage):
    public = Initiative(pk=12, title="Läxhjälp & <mer>", is_public=True)
    hidden = Initiative(pk=13, title="Hemligt", is_public=False)
    sessions = []
    for pk, (capacity, left, initiative, room) in enumerate(
        [(None, None, None, ""), (30, 1, public, "Sal <A>"), (30, 12, hidden, "B"), (10, 0, None, "")], 40
    ):
        session = Session(
            pk=pk, title=f"Pass {pk} <i>", kind="training", starts_at=_at(8), ends_at=_at(23),
            room=room, speakers="Eva & Bo" if pk % 2 else "", description="Rad ett\n\nRad <två>" if pk % 2 else "",
            initiative=initiative, capacity=capacity,
        )
        session.places_left = left
        sessions.append(session)
    conference = SimpleNamespace(pk=7)
    with translation.override(language), timezone.override("Europe/Stockholm"):
        old = _render(OLD_SESSIONS, sessions=sessions, conference=conference, may_manage=may_manage)
        new = _render(NEW_SESSIONS, sessions=sessions, conference=conference, may_manage=may_manage)
    assert new == old
