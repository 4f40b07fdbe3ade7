"""The rules for moving an initiative between the five steps, one by one: each condition refused
with its message, then allowed; moving back, pausing and closing; two people moving at once."""

import datetime
import re
import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from initiatives import services
from initiatives.models import Initiative, StepTransition
from initiatives.tests.factories import TODAY, make_initiative
from overenskommelse.models import Principle, PriorityArea
from overenskommelse.process import Step

pytestmark = pytest.mark.django_db


def _refused(initiative, by, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        services.initiative_advance(initiative=initiative, by=by)
    assert message in refused.value.messages, refused.value.messages
    assert Initiative.objects.get(pk=initiative.pk).step == initiative.step


@pytest.fixture
def parties(connected_a, administration_x):
    return [connected_a, administration_x]


# --- Proposing ------------------------------------------------------------------------------------------


def test_a_proposed_initiative_starts_in_step_one_with_its_parties_and_a_recorded_proposal(
    connected_a, representative_a, administration_x
):
    initiative = services.initiative_propose(
        by=representative_a,
        organisation=connected_a,
        title="Schack för alla",
        need="En mötesplats.",
        goal="Schackkvällar.",
        priority_areas=PriorityArea.objects.filter(slug="inkludering"),
        horizon="short",
        looking_for_partners=True,
        partners_wanted="En förvaltning.",
        other_parties=[administration_x],
    )
    assert initiative.step == Step.INITIATIVE
    # Its own organisation is a party; the förvaltning it named is asked first.
    assert set(initiative.parties.values_list("organisation__name", flat=True)) == {connected_a.name}
    assert list(initiative.party_requests.values_list("organisation__name", "status")) == [
        (administration_x.name, "pending")
    ]
    transition = initiative.transitions.get()
    assert (transition.kind, transition.from_step, transition.to_step, transition.by) == (
        StepTransition.Kind.CREATED,
        "",
        Step.INITIATIVE,
        representative_a,
    )


def test_a_representative_of_an_unconnected_association_cannot_propose(
    agreement, organisation_a, representative_a
):
    with pytest.raises(PermissionDenied):
        services.initiative_propose(
            by=representative_a,
            organisation=organisation_a,
            title="Schack",
            need="x",
            goal="y",
            priority_areas=PriorityArea.objects.all(),
            horizon="short",
            looking_for_partners=False,
        )


# --- To step 2, implementation --------------------------------------------------------------------------


def test_implementation_needs_a_municipal_party(connected_a, representative_a):
    initiative = make_initiative(parties=[connected_a], complete=True)
    _refused(initiative, representative_a, "Minst en kommunal part (en förvaltning).")


def test_implementation_needs_an_idea_driven_party(agreement, administration_x, officer_x):
    initiative = make_initiative(parties=[administration_x], complete=True)
    _refused(initiative, officer_x, "Minst en idéburen part.")


def test_implementation_is_refused_naming_an_idea_driven_party_that_is_not_connected(
    parties, organisation_b, officer_x
):
    initiative = make_initiative(parties=[*parties, organisation_b], complete=True)
    _refused(initiative, officer_x, "Föreningen B måste vara ansluten till överenskommelsen för att kunna delta.")


def test_implementation_needs_the_form_of_collaboration(parties, officer_x):
    initiative = make_initiative(parties=parties, complete=True, form="")
    _refused(initiative, officer_x, "Samverkansformen (IOP, gemensamt projekt eller annan).")


def test_implementation_needs_a_start_date(parties, officer_x):
    initiative = make_initiative(parties=parties, complete=True, starts_on=None)
    _refused(initiative, officer_x, "Ett startdatum.")


def test_implementation_is_reached_when_everything_is_in_place_and_the_move_is_recorded(
    parties, officer_x
):
    initiative = make_initiative(parties=parties, complete=True)
    initiative = services.initiative_advance(initiative=initiative, by=officer_x, comment="Överens.")
    assert initiative.step == Step.IMPLEMENTATION
    move = initiative.transitions.get(kind=StepTransition.Kind.FORWARD)
    assert (move.from_step, move.to_step, move.by, move.comment) == (
        Step.INITIATIVE,
        Step.IMPLEMENTATION,
        officer_x,
        "Överens.",
    )
    assert move.at is not None


def test_the_missing_list_names_the_field_where_each_condition_is_filled_in(agreement, connected_a):
    initiative = make_initiative(parties=[connected_a], form="", starts_on=None)
    fields = [missing.field for missing in services.initiative_missing_for_next_step(initiative)]
    assert fields == ["parties", "form", "starts_on"]


# --- To step 3, results and dissemination ------------------------------------------------------------


@pytest.mark.parametrize(
    ("blank", "message"),
    [
        ({"ends_on": None, "report_on": None}, "Ett slutdatum eller ett redovisningsdatum."),
        ({"results_summary": ""}, "En sammanfattning av resultaten."),
        ({"dissemination": "  "}, "Hur resultaten spreds."),
        ({"reported_to_group_on": None}, "Datum då resultaten redovisades för samverkansgruppen."),
    ],
)
def test_results_need_each_of_their_contents(parties, officer_x, blank, message):
    initiative = make_initiative(parties=parties, step=Step.IMPLEMENTATION, complete=True, **blank)
    _refused(initiative, officer_x, message)


def test_results_are_reached_with_a_report_date_instead_of_an_end_date(parties, officer_x):
    initiative = make_initiative(
        parties=parties, step=Step.IMPLEMENTATION, complete=True, ends_on=None, report_on=TODAY
    )
    assert services.initiative_advance(initiative=initiative, by=officer_x).step == Step.RESULT


# --- To step 4, evaluation --------------------------------------------------------------------------


def test_evaluation_is_refused_while_the_end_date_is_in_the_future(parties, officer_x):
    ends = TODAY + datetime.timedelta(days=30)
    initiative = make_initiative(parties=parties, step=Step.RESULT, complete=True, ends_on=ends)
    _refused(
        initiative,
        officer_x,
        f"Initiativet avslutas den {ends.isoformat()}. Det utvärderas efter att det har avslutats.",
    )


def test_evaluation_is_refused_without_an_end_date(parties, officer_x):
    initiative = make_initiative(
        parties=parties, step=Step.RESULT, complete=True, ends_on=None, report_on=TODAY
    )
    _refused(initiative, officer_x, "Ett slutdatum som har passerat. Initiativet måste ha avslutats.")


def test_evaluation_is_reached_once_the_initiative_has_ended(parties, officer_x):
    initiative = make_initiative(parties=parties, step=Step.RESULT, complete=True, ends_on=TODAY)
    assert services.initiative_advance(initiative=initiative, by=officer_x).step == Step.EVALUATION


def test_evaluation_stops_looking_for_partners(parties, officer_x):
    initiative = make_initiative(
        parties=parties, step=Step.RESULT, complete=True, looking_for_partners=True
    )
    assert not services.initiative_advance(initiative=initiative, by=officer_x).looking_for_partners


# --- To step 5, follow-up ---------------------------------------------------------------------------


def test_follow_up_is_refused_while_a_principle_is_not_assessed(parties, officer_x):
    initiative = make_initiative(parties=parties, step=Step.EVALUATION, complete=True)
    initiative.principle_assessments.filter(principle__name="Öppenhet och insyn").update(text="")
    _refused(
        initiative, officer_x, "Hur samverkan levde upp till principen ”Öppenhet och insyn”."
    )


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("evaluation_worked", "Vad som fungerade."),
        ("evaluation_did_not_work", "Vad som inte fungerade."),
        ("evaluation_lessons", "Lärdomarna inför nästa initiativ."),
    ],
)
def test_follow_up_needs_each_part_of_the_evaluation(parties, officer_x, field, message):
    initiative = make_initiative(parties=parties, step=Step.EVALUATION, complete=True, **{field: ""})
    _refused(initiative, officer_x, message)


def test_follow_up_counts_the_initiative_in_the_follow_up_of_the_year_it_ended(parties, officer_x):
    ended = datetime.date(2025, 10, 31)
    initiative = make_initiative(
        parties=parties,
        step=Step.EVALUATION,
        complete=True,
        starts_on=datetime.date(2024, 4, 1),
        ends_on=ended,
    )
    initiative = services.initiative_advance(initiative=initiative, by=officer_x)
    assert initiative.step == Step.FOLLOW_UP
    assert initiative.followup_year == 2025
    assert initiative.evaluation_completed_at is not None


def test_the_last_step_cannot_move_on(parties, officer_x):
    initiative = make_initiative(parties=parties, step=Step.FOLLOW_UP, complete=True)
    with pytest.raises(ValidationError, match="Initiativet är redan i det sista steget"):
        services.initiative_advance(initiative=initiative, by=officer_x)


def test_the_evaluation_texts_are_stored_per_principle(parties):
    initiative = make_initiative(parties=parties, step=Step.EVALUATION)
    dialog = Principle.objects.get(name="Dialog")
    services.initiative_assess_principles(initiative=initiative, texts={dialog.pk: " Vi möttes ofta. "})
    assert initiative.principle_assessments.get(principle=dialog).text == "Vi möttes ofta."


# --- Moving back ------------------------------------------------------------------------------------


def test_moving_back_needs_a_reason(parties, convener):
    initiative = make_initiative(parties=parties, step=Step.RESULT)
    with pytest.raises(ValidationError, match=re.escape("Skriv skälet till att initiativet flyttas tillbaka.")):
        services.initiative_move_back(initiative=initiative, by=convener, reason="  ")
    assert Initiative.objects.get(pk=initiative.pk).step == Step.RESULT


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("ordinary_user", False),
        ("representative_a", False),
        ("representative_b", False),
        ("officer_x", False),
        ("group_member", False),
        ("convener", True),
    ],
)
def test_only_the_convener_may_move_an_initiative_back(request, parties, representative_a, who, allowed):
    initiative = make_initiative(parties=parties, step=Step.RESULT)
    user = request.getfixturevalue(who)
    assert user.has_perm("initiatives.move_back_initiative", initiative) is allowed


def test_moving_back_goes_one_step_and_records_the_reason(parties, convener):
    initiative = make_initiative(parties=parties, step=Step.FOLLOW_UP, followup_year=2025)
    initiative = services.initiative_move_back(initiative=initiative, by=convener, reason="Saknas text.")
    assert initiative.step == Step.EVALUATION
    assert initiative.followup_year is None
    move = initiative.transitions.get(kind=StepTransition.Kind.BACK)
    assert (move.from_step, move.to_step, move.by, move.comment) == (
        Step.FOLLOW_UP,
        Step.EVALUATION,
        convener,
        "Saknas text.",
    )


def test_the_first_step_cannot_move_back(parties, convener):
    initiative = make_initiative(parties=parties)
    with pytest.raises(ValidationError, match="Initiativet är redan i det första steget"):
        services.initiative_move_back(initiative=initiative, by=convener, reason="Fel.")


# --- Pausing and closing ----------------------------------------------------------------------------


def test_a_paused_initiative_cannot_move_on(parties, officer_x):
    initiative = make_initiative(parties=parties, complete=True)
    services.initiative_set_state(initiative=initiative, by=officer_x, state="paused", reason="Renovering.")
    _refused(initiative, officer_x, "Ett pausat eller avslutat initiativ kan inte gå vidare. Återuppta det först.")


def test_a_resumed_initiative_moves_on_again(parties, officer_x):
    initiative = make_initiative(parties=parties, complete=True)
    services.initiative_set_state(initiative=initiative, by=officer_x, state="paused", reason="Renovering.")
    services.initiative_set_state(initiative=initiative, by=officer_x, state="active", reason="")
    assert services.initiative_advance(initiative=initiative, by=officer_x).step == Step.IMPLEMENTATION
    kinds = list(initiative.transitions.values_list("kind", flat=True))
    assert kinds == ["created", "paused", "resumed", "forward"]


@pytest.mark.parametrize("state", ["paused", "closed"])
def test_pausing_or_closing_needs_a_reason(parties, officer_x, state):
    initiative = make_initiative(parties=parties)
    with pytest.raises(ValidationError, match=re.escape("Skriv ett skäl.")):
        services.initiative_set_state(initiative=initiative, by=officer_x, state=state, reason="")


def test_a_closed_initiative_cannot_be_changed(parties, officer_x):
    initiative = make_initiative(parties=parties, looking_for_partners=True, partners_wanted="x")
    initiative = services.initiative_set_state(initiative=initiative, by=officer_x, state="closed", reason="Slut.")
    assert initiative.state_reason == "Slut."
    assert not initiative.looking_for_partners
    with pytest.raises(ValidationError, match=re.escape("Ett avslutat initiativ kan inte ändras.")):
        services.initiative_set_state(initiative=initiative, by=officer_x, state="active", reason="")


# --- Emails and races --------------------------------------------------------------------------------


def test_the_parties_get_an_email_after_a_move(
    parties, officer_x, representative_a, django_capture_on_commit_callbacks
):
    initiative = make_initiative(parties=parties, complete=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_advance(initiative=initiative, by=officer_x, comment="Nu kör vi.")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([officer_x.email, representative_a.email])
    assert "Schack för nyanlända unga" in mail.outbox[0].subject
    assert "Nu kör vi." in mail.outbox[0].body


def test_a_move_from_a_step_the_initiative_has_left_is_refused_as_stale(parties, officer_x):
    initiative = make_initiative(parties=parties, complete=True)
    with pytest.raises(services.StaleStep):
        services.initiative_advance(initiative=initiative, by=officer_x, from_step=Step.RESULT)


@pytest.mark.django_db(transaction=True)
def test_two_parties_moving_on_at_the_same_moment_move_it_once(parties, officer_x, representative_a):
    # SQLite's shared in-memory test database answers "locked" at once where a file would wait for
    # the lock: retry as that wait would. PostgreSQL waits on the row by itself.
    initiative = make_initiative(parties=parties, complete=True)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def advance(user):
        try:
            barrier.wait(timeout=10)
            for _attempt in range(200):
                try:
                    services.initiative_advance(
                        initiative=initiative, by=user, from_step=Step.INITIATIVE
                    )
                    outcomes.append("moved")
                except services.StaleStep:
                    outcomes.append("stale")
                except Exception as error:  # noqa: BLE001
                    if connection.vendor == "sqlite" and "locked" in str(error):
                        threading.Event().wait(0.01)
                        continue
                    outcomes.append(repr(error))
                break
        finally:
            connection.close()

    threads = [threading.Thread(target=advance, args=(user,)) for user in (officer_x, representative_a)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["moved", "stale"]
    assert Initiative.objects.get(pk=initiative.pk).step == Step.IMPLEMENTATION
    assert StepTransition.objects.filter(initiative=initiative, kind="forward").count() == 1
