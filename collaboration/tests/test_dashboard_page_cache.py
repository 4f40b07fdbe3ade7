"""The dashboard page's cached content (``collaboration.cache.page_key``): the figures block, the
year's choice and the operational plan's counts are cached together, per year, day and language,
and never shown stale: a change to the operational plan (also one made with ``update()``, which
sends no signal) or to the agreement's words shows on the next request; a choice with an error is
never cached."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from overenskommelse.models import ActionPlan, Activity, Agreement, OperationalPlan, PriorityArea

pytestmark = pytest.mark.django_db

URL = reverse("collaboration:dashboard")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def plan(db) -> OperationalPlan:
    year = timezone.localdate().year
    agreement = Agreement.objects.create(
        name="Överenskommelsen i Testlän",
        municipality="Region Testlän",
        sector_party="idéburen sektor i Testlän",
        summary="En överenskommelse.",
        adopted_on=datetime.date(year - 1, 12, 1),
        valid_from=datetime.date(year, 1, 1),
        contact_email="processledare@example.org",
        group_name="styrgruppen",
        convener_title="processledare",
    )
    action_plan = ActionPlan.objects.create(
        agreement=agreement,
        title="Handlingsplanen",
        starts_on=datetime.date(year, 1, 1),
        ends_on=datetime.date(year + 3, 12, 31),
    )
    area = PriorityArea.objects.create(action_plan=action_plan, name="Engagemang", slug="engagemang", position=1)
    plan = OperationalPlan.objects.create(action_plan=action_plan, year=year)
    for title, status in (("Konferens", Activity.Status.DONE), ("Utbildning", Activity.Status.ONGOING)):
        Activity.objects.create(
            plan=plan,
            title=title,
            priority_area=area,
            responsible="Processledaren",
            starts_on=datetime.date(year, 3, 1),
            ends_on=datetime.date(year, 11, 30),
            status=status,
        )
    return plan


def text_of(response) -> str:
    html = re.sub(r"<svg.*?</svg>", " ", response.content.decode(), flags=re.DOTALL)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html).replace("\xa0", " "))


def main_of(html: str) -> str:
    return html[html.index('<main id="main"') : html.index("</main>")]


def test_the_second_request_reads_no_plan_and_no_figures(client, group_member, plan, django_assert_max_num_queries):
    client.force_login(group_member)
    client.get(URL)
    with django_assert_max_num_queries(15) as first:
        cache.clear()
        client.get(URL)
    with django_assert_max_num_queries(len(first.captured_queries)) as second:
        response = client.get(URL)
    tables = " ".join(query["sql"] for query in second.captured_queries)
    for table in ("overenskommelse_operationalplan", "overenskommelse_activity", "initiatives_", "accounts_accession"):
        assert table not in tables
    assert "2 aktiviteter i planen" in text_of(response)


def test_a_change_to_the_plan_made_without_a_signal_shows_at_once(client, group_member, plan):
    client.force_login(group_member)
    assert "Planerad 0 Pågående 1 Genomförd 1" in text_of(client.get(URL))

    Activity.objects.filter(title="Utbildning").update(status=Activity.Status.DONE)

    assert "Planerad 0 Pågående 0 Genomförd 2" in text_of(client.get(URL))


def test_a_new_activity_and_an_adopted_plan_show_at_once(client, group_member, plan):
    client.force_login(group_member)
    assert "2 aktiviteter i planen (ett utkast, ännu inte antaget)" in text_of(client.get(URL))

    activity = plan.activities.first()
    activity.pk = None
    activity.title = "Dialogmöte"
    activity.save()
    assert "3 aktiviteter i planen (ett utkast, ännu inte antaget)" in text_of(client.get(URL))

    OperationalPlan.objects.filter(pk=plan.pk).update(adopted_on=datetime.date(plan.year, 2, 1))
    text = text_of(client.get(URL))
    assert "3 aktiviteter i planen." in text and "utkast" not in text

    plan.delete()
    assert "aktiviteter i planen" not in text_of(client.get(URL))


def test_a_change_to_the_agreements_words_shows_at_once(client, group_member, plan):
    client.force_login(group_member)
    assert "styrgruppen" in text_of(client.get(URL))

    agreement = Agreement.objects.get()
    agreement.group_name = "samrådsgruppen"
    agreement.save()

    text = text_of(client.get(URL))
    assert "samrådsgruppen" in text and "styrgruppen" not in text


def test_the_content_is_cached_per_language(client, group_member, plan):
    client.force_login(group_member)
    assert "aktiviteter i planen" in text_of(client.get(URL))
    client.cookies["django_language"] = "en"
    english = text_of(client.get(URL))
    assert "activities in the plan" in english and "aktiviteter i planen" not in english


def test_a_choice_with_an_error_is_shown_with_it_and_not_cached(client, group_member, plan):
    client.force_login(group_member)
    this_year = str(timezone.localdate().year)
    unbound = client.get(URL).content.decode()
    chosen = client.get(URL, {"year": this_year}).content.decode()
    # The same content (the base template's forms around it name the page's own address).
    assert main_of(unbound) == main_of(chosen)

    wrong = client.get(URL, {"year": "1200"}).content.decode()
    assert 'aria-invalid="true"' in wrong and "invalid-feedback" in wrong
    assert 'aria-invalid="true"' not in client.get(URL).content.decode()
