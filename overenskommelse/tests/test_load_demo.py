import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import User
from accounts.roles import Role, roles_of
from overenskommelse.models import ActionPlan, Agreement, Direction, Principle, PriorityArea

pytestmark = pytest.mark.django_db


def _snapshot() -> dict[str, list]:
    """Every row of every model of our apps, as plain values."""
    snapshot = {}
    for app_label in ("plumbing", "overenskommelse", "accounts"):
        for model in apps.get_app_config(app_label).get_models():
            fields = [f.attname for f in model._meta.concrete_fields if f.name not in ("last_login", "password", "updated_at")]
            snapshot[model._meta.label] = sorted(
                model.objects.values_list(*fields), key=repr
            )
    return snapshot


def test_load_demo_twice_leaves_the_same_rows(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    first = _snapshot()
    call_command("load_demo", stdout=io.StringIO())
    assert _snapshot() == first


def test_load_demo_fills_lunds_agreement(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    assert Agreement.objects.count() == 1
    assert Principle.objects.count() == 6
    assert ActionPlan.objects.count() == 1
    assert PriorityArea.objects.count() == 4
    assert Direction.objects.filter(priority_area__slug="demokrati-delaktighet-trygghet").count() == 3


def test_load_demo_creates_one_account_per_role(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    found = set()
    for user in User.objects.all():
        found |= roles_of(user)
    assert found == set(Role)
    assert User.objects.filter(is_staff=True).exists()


def test_load_demo_refuses_in_production_mode(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", stdout=io.StringIO())
    assert not User.objects.exists()
