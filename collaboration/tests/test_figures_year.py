"""The dashboard's figures against a hand-made data set: each number checked, for 2024 against
2023 (both in the past, so read as they stood on 31 December), and for this year as it stands now.

``figures_data`` is shared with the dashboard's tests (``test_dashboard_page.py``)."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from accounts.models import Accession, Organisation, OrganisationKind
from collaboration.models import Meeting
from collaboration.selectors.figures import compute_year_figures, year_figures
from conferences.models import Conference
from followup.models import DepartmentReport, FollowUpRound, SurveyResponse
from initiatives.models import (
    CollaborationForm,
    Contribution,
    Initiative,
    Partnership,
    StepTransition,
)
from overenskommelse.models import ActionPlan, Agreement, PriorityArea
from overenskommelse.process import Step

pytestmark = pytest.mark.django_db

YEAR = 2024


@pytest.fixture(autouse=True)
def _empty_cache():
    """The cache lives in memory across tests; each test starts without cached figures."""
    cache.clear()
    yield
    cache.clear()


def at(year: int, month: int, day: int, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def organisation(name: str, *, since=None, withdrawn=None, kind=OrganisationKind.NON_PROFIT_ASSOCIATION):
    return Organisation.objects.create(name=name, kind=kind, connected_since=since, withdrawn_on=withdrawn)


def initiative(title: str, *, created: datetime.datetime, moves=(), areas=(), state=Initiative.State.ACTIVE):
    """An initiative proposed at ``created`` and moved as ``moves`` says: (kind, to_step, when)."""
    step = Step.INITIATIVE
    item = Initiative.objects.create(title=title, need="Ett behov", goal="Ett mål", step=step, state=state)
    Initiative.objects.filter(pk=item.pk).update(created_at=created)
    StepTransition.objects.create(initiative=item, kind=StepTransition.Kind.CREATED, to_step=step, at=created)
    for kind, to_step, when in moves:
        StepTransition.objects.create(initiative=item, kind=kind, from_step=step, to_step=to_step, at=when)
        step = to_step
    Initiative.objects.filter(pk=item.pk).update(step=step)
    item.priority_areas.set(areas)
    item.refresh_from_db()
    return item


def partnership(administration, title, form, starts_on, ends_on=None, money=(), other=()):
    item = Partnership.objects.create(
        administration=administration, title=title, form=form, description="–", starts_on=starts_on, ends_on=ends_on
    )
    for amount in money:
        Contribution.objects.create(
            partnership=item, organisation=administration, kind=Contribution.Kind.MONEY, amount_sek_per_year=amount
        )
    for amount in other:
        Contribution.objects.create(
            partnership=item, organisation=administration, kind=Contribution.Kind.PREMISES, amount_sek_per_year=amount
        )
    return item


def application(name: str, status: str, submitted_at: datetime.datetime):
    return Accession.objects.create(name=name, kind=OrganisationKind.NON_PROFIT_ASSOCIATION, status=status, submitted_at=submitted_at)


@pytest.fixture
def figures_data(db):
    return build_figures_data()


def build_figures_data() -> dict:
    """The hand-made data set (see each comment for what it should count as)."""
    agreement = Agreement.objects.create(
        name="Överenskommelsen i Testkommun",
        municipality="Testkommun",
        sector_party="idéburen sektor i Testkommun",
        summary="–",
        adopted_on=datetime.date(2019, 1, 31),
        valid_from=datetime.date(2019, 2, 1),
        revision_cycle_years=4,
        contact_email="kontakt@example.org",
    )
    plan = ActionPlan.objects.create(
        agreement=agreement,
        title="Handlingsplan 2024–2027",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
    )
    inclusion = PriorityArea.objects.create(action_plan=plan, name="Inkludering", slug="inkludering", position=1)
    health = PriorityArea.objects.create(
        action_plan=plan, name="Hälsosamma levnadsvanor", slug="halsa", position=2
    )
    democracy = PriorityArea.objects.create(action_plan=plan, name="Demokrati", slug="demokrati", position=3)

    # Organisations: connected on 31 Dec 2024 = A, B, C, G (4); on 31 Dec 2023 = A, B, D (3).
    # New in 2024: C, G (2); in 2023: B (1). Withdrew in 2024: D (1); in 2023: E, H (2).
    orgs = {
        "A": organisation("A-föreningen", since=datetime.date(2022, 3, 1)),
        "B": organisation("B-föreningen", since=datetime.date(2023, 5, 10)),
        "C": organisation("C-föreningen", since=datetime.date(2024, 2, 1)),
        "G": organisation("G-föreningen", since=datetime.date(2024, 9, 1)),
        "D": organisation("D-föreningen", since=datetime.date(2021, 1, 1), withdrawn=datetime.date(2024, 6, 30)),
        "E": organisation("E-föreningen", since=datetime.date(2020, 1, 1), withdrawn=datetime.date(2023, 11, 15)),
        "H": organisation("H-föreningen", since=datetime.date(2020, 1, 1), withdrawn=datetime.date(2023, 12, 31)),
        "F": organisation("F-föreningen", since=datetime.date(2025, 1, 10)),
        "N": organisation("Aldrig ansluten"),
    }
    x = organisation("Xförvaltningen", kind=OrganisationKind.ADMINISTRATION)
    y = organisation("Yförvaltningen", kind=OrganisationKind.ADMINISTRATION)
    z = organisation("Zförvaltningen", kind=OrganisationKind.ADMINISTRATION)

    # Applications: 2 waiting now; 3 sent during 2024, 1 during 2023.
    application("Väntar 1", Accession.Status.SUBMITTED, at(2024, 3, 1))
    application("Väntar 2", Accession.Status.UNDER_REVIEW, at(2025, 2, 1))
    application("Godkänd", Accession.Status.APPROVED, at(2024, 4, 1))
    application("Avslagen", Accession.Status.REJECTED, at(2024, 10, 1))
    application("Fjolårets", Accession.Status.APPROVED, at(2023, 6, 1))
    application("Utkast", Accession.Status.DRAFT, None)

    # Initiatives. End of 2024: step 1 = I2 (inkl + hälsa), I4 (hälsa, paused); step 2 = I1 (inkl).
    # End of 2023: step 1 = I1, I4; step 3 = I3 (closed in 2024). I5 (now) is in neither year.
    forward, closed, paused = StepTransition.Kind.FORWARD, StepTransition.Kind.CLOSED, StepTransition.Kind.PAUSED
    initiatives = {
        "I1": initiative(
            "Läxhjälp",
            created=at(2023, 3, 1),
            moves=[(forward, Step.IMPLEMENTATION, at(2024, 4, 1))],
            areas=[inclusion],
        ),
        "I2": initiative("Språkcafé", created=at(2024, 5, 1), areas=[inclusion, health]),
        "I3": initiative(
            "Idrott för alla",
            created=at(2022, 1, 1),
            moves=[
                (forward, Step.IMPLEMENTATION, at(2022, 6, 1)),
                (forward, Step.RESULT, at(2023, 6, 1)),
                (closed, Step.RESULT, at(2024, 3, 1)),
            ],
            areas=[health],
            state=Initiative.State.CLOSED,
        ),
        "I4": initiative(
            "Seniorer i rörelse",
            created=at(2023, 1, 1),
            moves=[(paused, Step.INITIATIVE, at(2023, 8, 1))],
            areas=[health],
            state=Initiative.State.PAUSED,
        ),
        "I5": initiative("Nytt i år", created=timezone.now() - datetime.timedelta(days=3), areas=[democracy]),
    }

    # Commitments. X in 2024: IOP P1 + joint P2 = 2, 100 000 + 20 000 kr (the premises do not count
    # as money); in 2023: P1 = 1, 100 000 kr. Y in 2023: P3 = 1, 5 000 kr; none in 2024. P4 starts 2025.
    partnership(x, "P1 läxhjälp", CollaborationForm.IOP, datetime.date(2023, 1, 1), datetime.date(2024, 12, 31), money=[60_000, 40_000], other=[50_000])
    partnership(x, "P2 språkcafé", CollaborationForm.JOINT_PROJECT, datetime.date(2024, 3, 1), money=[20_000])
    partnership(y, "P3 idrott", CollaborationForm.OTHER, datetime.date(2022, 1, 1), datetime.date(2023, 6, 30), money=[5_000])
    partnership(y, "P4 senare", CollaborationForm.IOP, datetime.date(2025, 1, 1), money=[7_000])

    # The round of 2024: X and Y submitted, Z a draft (2 of 3); 2 survey answers. 2023: X, 1 answer.
    round_2024 = FollowUpRound.objects.create(year=YEAR, deadline=datetime.date(2025, 3, 31), opened_at=at(2025, 1, 15))
    round_2023 = FollowUpRound.objects.create(
        year=YEAR - 1, deadline=datetime.date(2024, 3, 31), opened_at=at(2024, 1, 15), closed_at=at(2024, 5, 1)
    )
    submitted = DepartmentReport.Status.SUBMITTED
    DepartmentReport.objects.create(followup_round=round_2024, administration=x, status=submitted)
    DepartmentReport.objects.create(followup_round=round_2024, administration=y, status=submitted)
    DepartmentReport.objects.create(followup_round=round_2024, administration=z, status=DepartmentReport.Status.DRAFT)
    DepartmentReport.objects.create(followup_round=round_2023, administration=x, status=submitted)
    SurveyResponse.objects.create(followup_round=round_2024, organisation=orgs["A"])
    SurveyResponse.objects.create(followup_round=round_2024, organisation=orgs["B"])
    SurveyResponse.objects.create(followup_round=round_2023, organisation=orgs["A"])

    return {"orgs": orgs, "x": x, "y": y, "z": z, "initiatives": initiatives, "areas": [inclusion, health, democracy]}


# --- Organisations and applications ------------------------------------------------------------


def test_connected_new_and_withdrawn_organisations_at_the_end_of_each_year(figures_data):
    organisations = compute_year_figures(YEAR).organisations

    assert (organisations.connected.current, organisations.connected.previous) == (4, 3)
    assert organisations.connected.change == 1
    assert (organisations.joined.current, organisations.joined.previous) == (2, 1)
    assert (organisations.withdrawn.current, organisations.withdrawn.previous) == (1, 2)
    assert organisations.on == datetime.date(2024, 12, 31)
    assert organisations.previous_on == datetime.date(2023, 12, 31)


def test_this_year_counts_organisations_as_they_stand_today(figures_data):
    this_year = timezone.localdate().year
    organisations = compute_year_figures(this_year).organisations

    # A, B, C, G and F (joined 2025) are connected today; D, E and H have left.
    assert organisations.connected.current == 5
    assert organisations.on == timezone.localdate()


def test_applications_waiting_now_and_received_per_year(figures_data):
    organisations = compute_year_figures(YEAR).organisations

    assert organisations.applications_waiting == 2
    assert (organisations.applications_received.current, organisations.applications_received.previous) == (3, 1)


# --- Initiatives -------------------------------------------------------------------------------


def test_initiatives_per_step_and_area_as_they_stood_at_the_end_of_the_year(figures_data):
    initiatives = compute_year_figures(YEAR).initiatives
    columns = [area.slug for area in initiatives.areas]
    matrix = {row.step: dict(zip(columns, [cell.count for cell in row.cells])) for row in initiatives.steps}

    assert columns == ["inkludering", "halsa", "demokrati"]
    assert matrix[Step.INITIATIVE] == {"inkludering": 1, "halsa": 2, "demokrati": 0}
    assert matrix[Step.IMPLEMENTATION] == {"inkludering": 1, "halsa": 0, "demokrati": 0}
    assert matrix[Step.RESULT] == {"inkludering": 0, "halsa": 0, "demokrati": 0}
    assert [area.total for area in initiatives.areas] == [2, 2, 0]


def test_step_totals_count_each_initiative_once_and_compare_with_the_year_before(figures_data):
    initiatives = compute_year_figures(YEAR).initiatives
    totals = {row.step: (row.total.current, row.total.previous) for row in initiatives.steps}

    # I2 is in two areas but one initiative; I3 was in step 3 at the end of 2023, then closed.
    assert totals[Step.INITIATIVE] == (2, 2)
    assert totals[Step.IMPLEMENTATION] == (1, 0)
    assert totals[Step.RESULT] == (0, 1)
    assert totals[Step.EVALUATION] == (0, 0)
    assert (initiatives.total.current, initiatives.total.previous) == (3, 3)


def test_this_year_places_initiatives_in_the_step_they_are_in_now(figures_data):
    initiatives = compute_year_figures(timezone.localdate().year).initiatives
    totals = {row.step: row.total.current for row in initiatives.steps}

    # Now: I2, I4 (paused) and I5 in step 1, I1 in step 2; I3 is closed.
    assert totals[Step.INITIATIVE] == 3
    assert totals[Step.IMPLEMENTATION] == 1
    assert initiatives.total.current == 4


def test_active_initiatives_in_the_same_step_for_over_a_year_are_listed_oldest_first(figures_data):
    initiatives = compute_year_figures(YEAR).initiatives

    # I1 entered step 2 on 1 April 2024 and I2 was proposed on 1 May 2024; I4 is paused, I5 new.
    assert initiatives.stuck_count == 2
    assert [item.title for item in initiatives.stuck] == ["Läxhjälp", "Språkcafé"]
    assert initiatives.stuck[0].in_step_since == at(2024, 4, 1)
    assert initiatives.stuck[0].url == figures_data["initiatives"]["I1"].get_absolute_url()


def test_moving_back_into_a_step_restarts_the_time_in_it(figures_data):
    item = figures_data["initiatives"]["I1"]
    StepTransition.objects.create(
        initiative=item, kind=StepTransition.Kind.BACK, from_step=Step.IMPLEMENTATION, to_step=Step.INITIATIVE,
        at=timezone.now() - datetime.timedelta(days=30),
    )
    Initiative.objects.filter(pk=item.pk).update(step=Step.INITIATIVE)

    initiatives = compute_year_figures(YEAR).initiatives

    assert [stuck.title for stuck in initiatives.stuck] == ["Språkcafé"]


def test_matrix_links_lead_to_the_catalogue_filtered_by_step_and_area(figures_data):
    initiatives = compute_year_figures(YEAR).initiatives
    first = initiatives.steps[0]

    assert first.url == "/initiativ/?step=initiative" or first.url.endswith("?step=initiative")
    assert first.cells[1].url.endswith("?step=initiative&area=halsa")
    assert initiatives.areas[0].url.endswith("?area=inkludering")


# --- Commitments and the round -----------------------------------------------------------------


def test_commitments_per_forvaltning_and_form_with_money_per_year(figures_data):
    commitments = compute_year_figures(YEAR).commitments
    rows = {row.name: row for row in commitments.rows}

    assert list(rows) == ["Xförvaltningen", "Yförvaltningen"]  # Z has none
    x, y = rows["Xförvaltningen"], rows["Yförvaltningen"]
    assert [cell.count for cell in x.per_form] == [1, 1, 0]  # IOP, joint project, other
    assert (x.count.current, x.count.previous) == (2, 1)
    assert (x.amount.current, x.amount.previous) == (120_000, 100_000)
    assert (y.count.current, y.count.previous) == (0, 1)
    assert (y.amount.current, y.amount.previous) == (0, 5_000)
    assert (commitments.count.current, commitments.count.previous) == (2, 2)
    assert (commitments.amount.current, commitments.amount.previous) == (120_000, 105_000)
    assert [cell.count for cell in commitments.per_form] == [1, 1, 0]


def test_commitment_links_filter_the_register_by_forvaltning_and_year(figures_data):
    commitments = compute_year_figures(YEAR).commitments
    x = commitments.rows[0]

    assert x.url.endswith(f"?administration={figures_data['x'].pk}&year=2024")
    assert x.per_form[0].url.endswith(f"?administration={figures_data['x'].pk}&year=2024&form=iop")


def test_round_counts_who_has_reported_and_the_survey_answers(figures_data):
    followup = compute_year_figures(YEAR).round

    assert followup.exists and followup.is_open
    assert followup.administrations == 3
    assert (followup.reported.current, followup.reported.previous) == (2, 1)
    assert followup.reported_percent == 67
    assert (followup.survey_responses.current, followup.survey_responses.previous) == (2, 1)
    assert followup.not_reported == ("Zförvaltningen",)
    assert followup.deadline == datetime.date(2025, 3, 31)


def test_a_year_without_a_round_says_so(figures_data):
    followup = compute_year_figures(2021).round

    assert not followup.exists
    assert followup.not_reported == ()
    assert followup.url == ""


# --- Meetings, conference, calendar ------------------------------------------------------------


def test_fewer_than_two_meetings_this_year_gives_a_warning(figures_data):
    now = timezone.now()
    this_year = timezone.localdate().year
    soon = now + datetime.timedelta(hours=2)  # still this year (tests run before 23 December's end)
    Meeting.objects.create(starts_at=at(this_year, 1, 10), place="Stadshuset")
    Meeting.objects.create(starts_at=soon, place="Stadshuset", cancelled_at=now)

    meetings = compute_year_figures(this_year).meetings
    assert meetings.planned == 1
    assert meetings.warn_too_few
    assert meetings.next is None  # the only coming meeting is cancelled

    planned = Meeting.objects.create(starts_at=soon + datetime.timedelta(days=1), place="Rådhuset")
    meetings = compute_year_figures(this_year).meetings
    assert meetings.planned == 2
    assert not meetings.warn_too_few
    assert meetings.next.pk == planned.pk


def test_a_past_year_is_not_warned_about(figures_data):
    meetings = compute_year_figures(YEAR).meetings

    assert meetings.planned == 0
    assert not meetings.warn_too_few


def test_the_next_meeting_may_be_in_a_later_year(figures_data):
    later = Meeting.objects.create(starts_at=timezone.now() + datetime.timedelta(days=400), place="Stadshuset")

    meetings = compute_year_figures(YEAR).meetings

    assert meetings.planned == 0
    assert meetings.next.pk == later.pk


def test_the_next_conference_is_the_first_published_one_to_come(figures_data):
    today = timezone.localdate()

    def conference(title, starts_on, published=True):
        return Conference.objects.create(
            title=title, starts_on=starts_on, ends_on=starts_on, venue_name="Stadshallen", venue_address="Lund",
            description="–", registration_opens_at=timezone.now(), registration_closes_at=timezone.now() + datetime.timedelta(days=1),
            capacity=100, is_published=published,
        )

    conference("Förra", today - datetime.timedelta(days=10))
    conference("Opublicerad", today + datetime.timedelta(days=5), published=False)
    coming = conference("Överenskommelsekonferensen", today + datetime.timedelta(days=40))

    info = compute_year_figures(YEAR).conference
    assert info.pk == coming.pk
    assert info.title == "Överenskommelsekonferensen"


def test_revision_calendar_follows_the_plan_period_and_the_agreement_cycle(figures_data):
    calendar = {entry.year: entry for entry in compute_year_figures(YEAR).calendar}

    assert list(calendar) == [2024, 2025, 2026, 2027, 2028]
    assert [calendar[year].plan_year for year in calendar] == [1, 2, 3, 4, 1]
    assert all(entry.plan_followed_up for entry in calendar.values())
    assert [year for year, entry in calendar.items() if entry.plan_revised] == [2027]
    assert calendar[2028].plan_is_assumed and not calendar[2027].plan_is_assumed
    # Valid from 2019, revised every four years: 2023, 2027, 2031.
    assert [year for year, entry in calendar.items() if entry.agreement_revised] == [2027]


# --- Cache -------------------------------------------------------------------------------------


def test_a_second_call_comes_from_the_cache(figures_data, django_assert_num_queries):
    first = year_figures(YEAR)

    with django_assert_num_queries(0):
        second = year_figures(YEAR)

    assert second == first


def test_a_change_to_the_data_shows_up_at_once(figures_data):
    assert year_figures(YEAR).organisations.applications_waiting == 2
    assert year_figures(YEAR).commitments.amount.current == 120_000

    application("Ny ansökan", Accession.Status.SUBMITTED, at(2024, 11, 1))
    assert year_figures(YEAR).organisations.applications_waiting == 3

    contribution = Contribution.objects.filter(partnership__title="P2 språkcafé").get()
    contribution.amount_sek_per_year = 25_000
    contribution.save()
    assert year_figures(YEAR).commitments.amount.current == 125_000

    figures_data["orgs"]["G"].delete()
    assert year_figures(YEAR).organisations.connected.current == 3

    Meeting.objects.create(starts_at=at(YEAR, 5, 5), place="Stadshuset")
    assert year_figures(YEAR).meetings.planned == 1


def test_changing_an_initiatives_areas_shows_up_at_once(figures_data):
    before = year_figures(YEAR).initiatives
    assert before.areas[2].total == 0

    figures_data["initiatives"]["I1"].priority_areas.add(figures_data["areas"][2])

    assert year_figures(YEAR).initiatives.areas[2].total == 1


def test_the_number_of_queries_does_not_grow_with_the_data(figures_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(6) as small:
        compute_year_figures(YEAR)

    # Many more organisations, initiatives with moves, commitments with contributions, answers.
    x = figures_data["x"]
    area = figures_data["areas"][0]
    for number in range(30):
        organisation(f"Förening {number}", since=datetime.date(2024, 1, 1) + datetime.timedelta(days=number))
        item = initiative(
            f"Initiativ {number}",
            created=at(2023, 1, 1),
            moves=[(StepTransition.Kind.FORWARD, Step.IMPLEMENTATION, at(2024, 1, 1 + number % 28))],
            areas=[area],
        )
        assert item.step == Step.IMPLEMENTATION
        partnership(x, f"Åtagande {number}", CollaborationForm.IOP, datetime.date(2024, 1, 1), money=[1_000, 2_000])
    organisation("Wförvaltningen", kind=OrganisationKind.ADMINISTRATION)

    with django_assert_max_num_queries(len(small.captured_queries)):
        figures = compute_year_figures(YEAR)
    assert figures.commitments.rows[0].amount.current == 120_000 + 30 * 3_000


def test_a_cache_that_is_down_breaks_neither_the_figures_nor_a_save(figures_data, monkeypatch):
    from collaboration import cache as figures_cache

    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    for method in ("get", "set", "add", "incr"):
        monkeypatch.setattr(figures_cache.cache, method, down)

    application("Under avbrottet", Accession.Status.SUBMITTED, at(2024, 11, 2))  # the signal bumps
    assert year_figures(YEAR).organisations.applications_waiting == 3
