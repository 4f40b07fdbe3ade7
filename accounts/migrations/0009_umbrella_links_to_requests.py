"""Existing umbrella memberships were ticked by the member alone: no umbrella organisation ever
confirmed them. They become requests waiting for the umbrella's answer and leave the public lists,
except where the same person represents both sides (the umbrella's own people said so)."""

from django.db import migrations
from django.utils import timezone


def links_to_requests(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    Representation = apps.get_model("accounts", "Representation")
    UmbrellaRequest = apps.get_model("accounts", "UmbrellaRequest")
    Link = Organisation.umbrella_organisations.through
    now = timezone.now()
    unconfirmed = []
    for link in Link.objects.all().iterator():
        member, umbrella = link.from_organisation_id, link.to_organisation_id
        shared = Representation.objects.filter(
            organisation_id=umbrella,
            user_id__in=Representation.objects.filter(organisation_id=member).values(
                "user_id"
            ),
        ).first()
        if shared is not None:
            UmbrellaRequest.objects.create(
                member_id=member,
                umbrella_id=umbrella,
                status="accepted",
                asked_at=now,
                answered_by_id=shared.user_id,
                answered_at=now,
            )
            continue
        UmbrellaRequest.objects.create(
            member_id=member, umbrella_id=umbrella, asked_at=now
        )
        unconfirmed.append(link.pk)
    Link.objects.filter(pk__in=unconfirmed).delete()


def requests_to_links(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    UmbrellaRequest = apps.get_model("accounts", "UmbrellaRequest")
    Link = Organisation.umbrella_organisations.through
    for request in UmbrellaRequest.objects.filter(status="pending"):
        Link.objects.get_or_create(
            from_organisation_id=request.member_id,
            to_organisation_id=request.umbrella_id,
        )
    UmbrellaRequest.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_umbrella_request"),
    ]

    operations = [
        migrations.RunPython(links_to_requests, requests_to_links),
    ]
