"""Factories of accounts: users who can log in (a verified address, the tests' password),
organisations and their representatives."""

import factory
from factory.django import DjangoModelFactory

from accounts.models import Organisation, OrganisationKind, Representation, User

PASSWORD = "ett-langt-testlosenord-42"


class UserFactory(DjangoModelFactory):
    """A user with the tests' password and a verified primary address (allauth requires one)."""

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = ""

    @classmethod
    def _create(cls, model_class, *args, password: str = PASSWORD, **kwargs):
        user = model_class.objects.create_user(*args, password=password, **kwargs)
        user.emailaddress_set.create(email=user.email, verified=True, primary=True)
        return user


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Föreningen {n}")
    kind = OrganisationKind.NON_PROFIT_ASSOCIATION


class RepresentationFactory(DjangoModelFactory):
    """``user`` represents ``organisation`` in the portal."""

    class Meta:
        model = Representation

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
