"""Proposing an initiative, its page with the five steps, editing each step's content, and moving
it on, back, paused or closed through the pages."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from initiatives.models import Initiative, InitiativeParty, StepTransition
from initiatives.tests.factories import TODAY, make_initiative
from overenskommelse.models import Direction, Principle, PriorityArea
from overenskommelse.process import Step

pytestmark = [pytest.mark.django_db]

CREATE_URL = reverse("initiatives:initiative_create")


def _html(response) -> str:
    return response.content.decode()


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _proposal(organisation, **changes) -> dict:
    data = {
        "organisation": organisation.pk,
        "title": "Schack för nyanlända unga",
        "need": "En trygg mötesplats på kvällarna.",
        "goal": "En schackkväll i veckan.",
        "priority_areas": [PriorityArea.objects.get(slug="inkludering").pk],
        "directions": [Direction.objects.get(text="Låna kommunens lokaler.").pk],
        "horizon": "short",
        "looking_for_partners": "on",
        "partners_wanted": "En förvaltning med en lokal.",
        "is_public": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _edit_data(initiative: Initiative, **changes) -> dict:
    """The edit form as it is on the page (every field it shows), with some values changed."""
    data = {
        "title": initiative.title,
        "need": initiative.need,
        "goal": initiative.goal,
        "priority_areas": [a.pk for a in initiative.priority_areas.all()],
        "directions": [d.pk for d in initiative.directions.all()],
        "horizon": initiative.horizon,
        "parties": [p.organisation_id for p in initiative.parties.all()],
        "partners_wanted": initiative.partners_wanted,
    }
    if initiative.looking_for_partners:
        data["looking_for_partners"] = "on"
    if initiative.is_public:
        data["is_public"] = "on"
    for name in (
        "form",
        "implementation_plan",
        "results_summary",
        "dissemination",
        "evaluation_worked",
        "evaluation_did_not_work",
        "evaluation_lessons",
    ):
        data[name] = getattr(initiative, name)
    for name in ("starts_on", "ends_on", "report_on", "reported_to_group_on"):
        value = getattr(initiative, name)
        data[name] = value.isoformat() if value else ""
    for assessment in initiative.principle_assessments.all():
        data[f"principle_{assessment.principle_id}"] = assessment.text
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# --- Proposing -------------------------------------------------------------------------------------


def test_an_association_proposes_an_initiative_and_lands_on_its_page(client, connected_a, representative_a, administration_x):
    client.force_login(representative_a)
    response = client.post(CREATE_URL, _proposal(connected_a, other_parties=[administration_x.pk]))
    initiative = Initiative.objects.get()
    assert response.status_code == 302
    assert response["Location"] == initiative.get_absolute_url()
    assert initiative.step == Step.INITIATIVE
    assert initiative.looking_for_partners and initiative.is_public
    assert list(initiative.directions.values_list("text", flat=True)) == ["Låna kommunens lokaler."]
    # The förvaltning was named by someone who does not act for it: it is asked, not a party yet.
    assert set(initiative.parties.values_list("organisation", flat=True)) == {connected_a.pk}
    assert list(initiative.party_requests.values_list("organisation", "status")) == [
        (administration_x.pk, "pending")
    ]
    assert initiative.transitions.get().by == representative_a


def test_an_officer_proposes_for_their_forvaltning(client, agreement, officer_x, administration_x):
    client.force_login(officer_x)
    response = client.post(CREATE_URL, _proposal(administration_x, looking_for_partners=None, partners_wanted=""))
    assert response.status_code == 302
    assert Initiative.objects.get().parties.get().organisation == administration_x


def test_a_representative_of_an_unconnected_association_is_told_to_apply_to_join_first(
    client, agreement, representative_b, organisation_b
):
    client.force_login(representative_b)
    html = _html(client.get(CREATE_URL))
    assert f'{reverse("accounts:accession_start")}?organisation={organisation_b.pk}' in html
    assert 'name="title"' not in html
    response = client.post(CREATE_URL, _proposal(organisation_b))
    assert response.status_code == 200
    assert not Initiative.objects.exists()


def test_a_user_cannot_propose_for_an_organisation_they_do_not_represent(
    client, connected_a, representative_a, administration_x
):
    client.force_login(representative_a)
    response = client.post(CREATE_URL, _proposal(administration_x))
    assert response.status_code == 200
    assert not Initiative.objects.exists()


def test_a_proposal_with_errors_keeps_everything_typed(client, connected_a, representative_a):
    client.force_login(representative_a)
    response = client.post(CREATE_URL, _proposal(connected_a, priority_areas=[], partners_wanted=""))
    html = _html(response)
    assert response.status_code == 200
    assert "Välj minst ett prioriterat område." in html
    assert "Skriv vilken sorts samverkanspartner initiativet söker." in html
    assert 'value="Schack för nyanlända unga"' in html
    assert "En trygg mötesplats på kvällarna." in html
    # the error summary links to the field's first box
    assert 'href="#id_priority_areas_0"' in html and 'id="id_priority_areas_0"' in html
    assert not Initiative.objects.exists()


def test_a_direction_outside_the_chosen_priority_areas_is_refused(client, connected_a, representative_a):
    client.force_login(representative_a)
    health = Direction.objects.get(text="Förebygga ensamhet.")
    response = client.post(CREATE_URL, _proposal(connected_a, directions=[health.pk]))
    assert "Välj bara inriktningar under de prioriterade områden som du har valt" in _html(response)


def test_the_proposal_form_groups_the_directions_under_their_area_in_fieldsets(client, connected_a, representative_a):
    client.force_login(representative_a)
    html = _html(client.get(CREATE_URL))
    assert re.search(r'<fieldset class="ms-3 mb-2">\s*<legend[^>]*lang="sv">Inkludering</legend>', html)
    assert re.search(r'<fieldset class="ms-3 mb-2">\s*<legend[^>]*lang="sv">Hälsosamma levnadsvanor</legend>', html)


# --- The initiative's page -----------------------------------------------------------------------------


def test_the_page_shows_the_five_steps_in_words_with_the_current_one_marked(client, connected_a, administration_x):
    initiative = make_initiative(parties=[connected_a, administration_x], step=Step.RESULT)
    html = _html(client.get(initiative.get_absolute_url()))
    figure = html[html.index('<figure class="mb-4"') : html.index("</figure>")]
    assert figure.count("<li") == 5
    assert figure.count('aria-current="step"') == 1
    current = re.search(r'<li[^>]*aria-current="step"[^>]*>(.*?)</li>', figure, re.DOTALL).group(1)
    assert "Resultat och spridning" in current and "Aktuellt steg" in current
    assert figure.count("Klart") == 2
    assert figure.count("Kommande") == 2


def test_the_page_shows_the_content_of_the_steps_reached_and_not_yet_the_later_ones(client, connected_a, administration_x):
    initiative = make_initiative(
        parties=[connected_a, administration_x],
        step=Step.IMPLEMENTATION,
        implementation_plan="Föreningen leder kvällarna.",
        results_summary="Hemligt utkast.",
    )
    html = _html(client.get(initiative.get_absolute_url()))
    assert "Föreningen leder kvällarna." in html
    assert "Hemligt utkast." not in html


def test_the_public_sees_the_history_without_who_moved_it_and_the_parties_see_who(
    client, connected_a, administration_x, representative_a, officer_x
):
    initiative = make_initiative(parties=[connected_a, administration_x], by=officer_x)
    assert officer_x.full_name not in _html(client.get(initiative.get_absolute_url()))
    client.force_login(representative_a)
    assert officer_x.full_name in _html(client.get(initiative.get_absolute_url()))


def test_the_parties_see_what_is_missing_with_links_to_the_fields(client, connected_a, representative_a):
    initiative = make_initiative(parties=[connected_a], form="", starts_on=None)
    client.force_login(representative_a)
    html = _html(client.get(initiative.get_absolute_url()))
    edit = reverse("initiatives:initiative_edit", kwargs={"pk": initiative.pk})
    assert f'<a href="{edit}#id_parties">Minst en kommunal part (en förvaltning).</a>' in html
    assert f'<a href="{edit}#id_form">' in html
    assert f'<a href="{edit}#id_starts_on">Ett startdatum.</a>' in html


def test_the_public_does_not_see_the_forms_to_move_the_initiative(client, connected_a):
    initiative = make_initiative(parties=[connected_a])
    html = _html(client.get(initiative.get_absolute_url()))
    assert reverse("initiatives:initiative_advance", kwargs={"pk": initiative.pk}) not in html
    assert "Det här saknas" not in html


# --- Moving on through the page ----------------------------------------------------------------------


def _advance(client, initiative, step=None, comment=""):
    return client.post(
        reverse("initiatives:initiative_advance", kwargs={"pk": initiative.pk}),
        {"advance-step": step or initiative.step, "advance-comment": comment},
    )


def test_moving_on_with_something_missing_lists_the_missing_conditions(client, connected_a, representative_a):
    initiative = make_initiative(parties=[connected_a], starts_on=None, form="")
    client.force_login(representative_a)
    response = _advance(client, initiative)
    assert response.status_code == 302 and response["Location"].endswith("#next-step")
    messages = _messages(response)
    assert "Initiativet kan inte gå vidare till steg 2, Genomförande än. Det här saknas:" in messages
    assert "Minst en kommunal part (en förvaltning)." in messages
    assert "Ett startdatum." in messages
    initiative.refresh_from_db()
    assert initiative.step == Step.INITIATIVE


def test_moving_on_records_the_move_and_tells_the_parties(
    client, connected_a, administration_x, representative_a, officer_x, django_capture_on_commit_callbacks
):
    initiative = make_initiative(parties=[connected_a, administration_x], complete=True)
    client.force_login(representative_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = _advance(client, initiative, comment="Avtal klart.")
    assert "Initiativet har gått vidare till steg 2, Genomförande. Parterna har fått besked." in _messages(response)
    move = initiative.transitions.get(kind="forward")
    assert (move.by, move.comment) == (representative_a, "Avtal klart.")
    assert {m.to[0] for m in mail.outbox} == {representative_a.email, officer_x.email}


def test_someone_else_having_moved_it_already_is_said_plainly(client, connected_a, administration_x, representative_a):
    initiative = make_initiative(parties=[connected_a, administration_x], step=Step.IMPLEMENTATION)
    client.force_login(representative_a)
    response = _advance(client, initiative, step=Step.INITIATIVE)
    assert any("Någon annan har redan flyttat initiativet till ett annat steg." in m for m in _messages(response))
    initiative.refresh_from_db()
    assert initiative.step == Step.IMPLEMENTATION
    assert not initiative.transitions.filter(kind="forward").exists()


def test_moving_back_without_a_reason_shows_the_error_on_the_page(client, connected_a, convener):
    initiative = make_initiative(parties=[connected_a], step=Step.RESULT)
    client.force_login(convener)
    response = client.post(
        reverse("initiatives:initiative_move_back", kwargs={"pk": initiative.pk}),
        {"back-step": Step.RESULT, "back-reason": ""},
    )
    assert response.status_code == 200
    assert "Skriv skälet till att initiativet flyttas tillbaka." in _html(response)
    initiative.refresh_from_db()
    assert initiative.step == Step.RESULT


def test_the_convener_moves_an_initiative_back_with_a_reason(client, connected_a, convener):
    initiative = make_initiative(parties=[connected_a], step=Step.RESULT)
    client.force_login(convener)
    client.post(
        reverse("initiatives:initiative_move_back", kwargs={"pk": initiative.pk}),
        {"back-step": Step.RESULT, "back-reason": "Resultaten saknar källor."},
    )
    initiative.refresh_from_db()
    assert initiative.step == Step.IMPLEMENTATION
    assert initiative.transitions.get(kind="back").comment == "Resultaten saknar källor."


def test_pausing_without_a_reason_is_refused_and_closing_with_one_is_shown(client, connected_a, representative_a):
    initiative = make_initiative(parties=[connected_a])
    client.force_login(representative_a)
    url = reverse("initiatives:initiative_state", kwargs={"pk": initiative.pk})
    response = client.post(url, {"state-state": "paused", "state-reason": ""})
    assert response.status_code == 200 and "Skriv ett skäl." in _html(response)
    client.post(url, {"state-state": "closed", "state-reason": "Ingen lokal fanns."})
    initiative.refresh_from_db()
    assert initiative.state == "closed"
    html = _html(client.get(initiative.get_absolute_url()))
    assert "Avslutat i förtid. Skäl:" in html and "Ingen lokal fanns." in html
    assert reverse("initiatives:initiative_edit", kwargs={"pk": initiative.pk}) not in html


# --- Editing -----------------------------------------------------------------------------------------


def _edit_url(initiative):
    return reverse("initiatives:initiative_edit", kwargs={"pk": initiative.pk})


def test_in_step_one_the_form_asks_for_what_implementation_needs_but_not_for_results(
    client, connected_a, representative_a
):
    initiative = make_initiative(parties=[connected_a])
    client.force_login(representative_a)
    html = _html(client.get(_edit_url(initiative)))
    for field in ("title", "parties", "form", "starts_on", "implementation_plan"):
        assert f'id="id_{field}"' in html
    for field in ("ends_on", "results_summary", "evaluation_worked"):
        assert f'id="id_{field}"' not in html


def test_in_step_two_the_form_asks_for_the_results(client, connected_a, administration_x, representative_a):
    initiative = make_initiative(parties=[connected_a, administration_x], step=Step.IMPLEMENTATION)
    client.force_login(representative_a)
    html = _html(client.get(_edit_url(initiative)))
    for field in ("ends_on", "report_on", "results_summary", "dissemination", "reported_to_group_on"):
        assert f'id="id_{field}"' in html
    assert 'id="id_evaluation_worked"' not in html


def test_the_parties_fill_in_step_two_and_the_initiative_can_move_on(
    client, connected_a, administration_x, representative_a, officer_x
):
    initiative = make_initiative(parties=[connected_a], form="", starts_on=None)
    client.force_login(representative_a)
    data = _edit_data(
        initiative,
        parties=[connected_a.pk, administration_x.pk],
        form="iop",
        starts_on="2026-01-12",
        implementation_plan="Föreningen leder, förvaltningen lånar ut lokal.",
    )
    response = client.post(_edit_url(initiative), data)
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert (initiative.form, initiative.starts_on) == ("iop", datetime.date(2026, 1, 12))
    # The förvaltning is asked; until its officer accepts it is no party, so no municipal party.
    assert not InitiativeParty.objects.filter(initiative=initiative, organisation=administration_x).exists()
    _advance(client, initiative)
    initiative.refresh_from_db()
    assert initiative.step == Step.INITIATIVE
    client.force_login(officer_x)
    asked = initiative.party_requests.get()
    client.post(reverse("initiatives:party_request_answer", args=[initiative.pk, asked.pk]), {"answer": "accept"})
    assert InitiativeParty.objects.filter(initiative=initiative, organisation=administration_x).exists()
    client.force_login(representative_a)
    assert _advance(client, initiative).status_code == 302
    initiative.refresh_from_db()
    assert initiative.step == Step.IMPLEMENTATION


def test_an_edit_with_errors_keeps_everything_typed(client, connected_a, administration_x, representative_a):
    initiative = make_initiative(parties=[connected_a, administration_x], step=Step.IMPLEMENTATION)
    client.force_login(representative_a)
    data = _edit_data(
        initiative,
        title="Ny titel som ska finnas kvar",
        ends_on="2020-01-01",  # before the start date
        results_summary="Ett sammandrag som ska finnas kvar.",
    )
    response = client.post(_edit_url(initiative), data)
    html = _html(response)
    assert response.status_code == 200
    assert "Slutdatumet kan inte ligga före startdatumet." in html
    assert 'value="Ny titel som ska finnas kvar"' in html
    assert "Ett sammandrag som ska finnas kvar." in html
    initiative.refresh_from_db()
    assert initiative.title == "Schack för nyanlända unga"


def test_what_an_earlier_step_required_cannot_be_emptied(client, connected_a, administration_x, representative_a):
    initiative = make_initiative(parties=[connected_a, administration_x], step=Step.IMPLEMENTATION)
    client.force_login(representative_a)
    response = client.post(_edit_url(initiative), _edit_data(initiative, form="", parties=[connected_a.pk]))
    html = _html(response)
    assert response.status_code == 200
    assert "Från och med steget genomförande ska parterna omfatta minst en förvaltning och en idéburen organisation." in html
    initiative.refresh_from_db()
    assert initiative.form == "iop"


def test_a_party_cannot_remove_every_organisation_it_represents(client, connected_a, administration_x, representative_a):
    initiative = make_initiative(parties=[connected_a, administration_x])
    client.force_login(representative_a)
    response = client.post(_edit_url(initiative), _edit_data(initiative, parties=[administration_x.pk]))
    assert "Behåll minst en organisation som du företräder bland parterna." in _html(response)
    assert initiative.parties.filter(organisation=connected_a).exists()


def test_an_evaluation_is_written_with_a_text_per_principle(client, connected_a, administration_x, representative_a):
    initiative = make_initiative(
        parties=[connected_a, administration_x], step=Step.EVALUATION, ends_on=TODAY - datetime.timedelta(days=3)
    )
    client.force_login(representative_a)
    html = _html(client.get(_edit_url(initiative)))
    dialog, openness = Principle.objects.order_by("position")
    assert f'id="id_principle_{dialog.pk}"' in html and f'id="id_principle_{openness.pk}"' in html
    response = client.post(
        _edit_url(initiative),
        _edit_data(
            initiative,
            evaluation_worked="Samarbetet.",
            evaluation_did_not_work="Lokalerna.",
            evaluation_lessons="Börja tidigare.",
            **{f"principle_{dialog.pk}": "Vi möttes ofta.", f"principle_{openness.pk}": "Allt redovisades."},
        ),
    )
    assert response.status_code == 302
    assert initiative.principle_assessments.get(principle=dialog).text == "Vi möttes ofta."
    assert _advance(client, initiative).status_code == 302
    initiative.refresh_from_db()
    assert initiative.step == Step.FOLLOW_UP
    page = _html(client.get(initiative.get_absolute_url()))
    assert "Allt redovisades." in page
    assert f"Initiativet ingår i den årliga uppföljningen för {initiative.followup_year}." in page


def test_an_evaluation_end_date_cannot_be_moved_into_the_future(client, connected_a, administration_x, representative_a):
    initiative = make_initiative(parties=[connected_a, administration_x], step=Step.EVALUATION)
    client.force_login(representative_a)
    future = (TODAY + datetime.timedelta(days=10)).isoformat()
    response = client.post(_edit_url(initiative), _edit_data(initiative, ends_on=future))
    assert "Slutdatumet kan inte ligga i framtiden." in _html(response)


def test_the_step_cannot_be_changed_through_the_edit(client, connected_a, representative_a):
    initiative = make_initiative(parties=[connected_a])
    client.force_login(representative_a)
    client.post(_edit_url(initiative), _edit_data(initiative, step=Step.FOLLOW_UP))
    initiative.refresh_from_db()
    assert initiative.step == Step.INITIATIVE
    assert not StepTransition.objects.filter(kind="forward").exists()
