"""Existing parties were named by whoever proposed or edited the initiative: an organisation
named by someone who does not act for it never agreed. Such parties become requests waiting for
its answer and leave the public pages. A party stays when the person who added it represents it,
when it joined through its own expression of interest, or when it is the only one that would be
left (the initiative's proposer: without a party nobody could edit or answer)."""

from django.db import migrations


def parties_to_requests(apps, schema_editor):
    InitiativeParty = apps.get_model("initiatives", "InitiativeParty")
    Interest = apps.get_model("initiatives", "Interest")
    PartyRequest = apps.get_model("initiatives", "PartyRequest")
    Representation = apps.get_model("accounts", "Representation")
    by_initiative = {}
    for party in InitiativeParty.objects.order_by(
        "initiative_id", "joined_at", "pk"
    ).iterator():
        by_initiative.setdefault(party.initiative_id, []).append(party)
    for parties in by_initiative.values():
        unconfirmed = []
        for party in parties:
            own = (
                party.added_by_id is not None
                and Representation.objects.filter(
                    user_id=party.added_by_id, organisation_id=party.organisation_id
                ).exists()
            )
            asked_to_join = Interest.objects.filter(
                initiative_id=party.initiative_id,
                organisation_id=party.organisation_id,
                status="accepted",
            ).exists()
            if not (own or asked_to_join):
                unconfirmed.append(party)
        if len(unconfirmed) == len(parties):
            unconfirmed = unconfirmed[1:]  # the first party (the proposer) stays
        for party in unconfirmed:
            PartyRequest.objects.create(
                initiative_id=party.initiative_id,
                organisation_id=party.organisation_id,
                asked_by_id=party.added_by_id,
                asked_at=party.joined_at,
            )
            party.delete()


def requests_to_parties(apps, schema_editor):
    InitiativeParty = apps.get_model("initiatives", "InitiativeParty")
    PartyRequest = apps.get_model("initiatives", "PartyRequest")
    for request in PartyRequest.objects.filter(status="pending"):
        InitiativeParty.objects.get_or_create(
            initiative_id=request.initiative_id,
            organisation_id=request.organisation_id,
            defaults={"added_by_id": request.asked_by_id},
        )
    PartyRequest.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0009_umbrella_links_to_requests"),
        ("initiatives", "0006_party_request"),
    ]

    operations = [
        migrations.RunPython(parties_to_requests, requests_to_parties),
    ]
