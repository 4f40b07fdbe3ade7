"""A person's own data: erasure of an account."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction

from ..models import (
    Accession,
    Invitation,
    Organisation,
    Representation,
    User,
)
from ..roles import forget_roles

DELETED_NAME = "Borttagen användare"


@transaction.atomic
def user_erase(*, user: User) -> None:
    """Erase a user's personal data but keep the records that must stay (received applications,
    decisions, history), which then point at a neutral "deleted user"."""

    user = User.objects.select_for_update().get(pk=user.pk)
    Representation.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    Invitation.objects.filter(email__iexact=user.email, accepted_at__isnull=True).delete()
    # Drafts were never sent to the municipality, so they are not public records: delete them.
    for draft in Accession.objects.filter(applicant=user, status=Accession.Status.DRAFT):
        if draft.minutes_extract:
            draft.minutes_extract.delete(save=False)
        draft.delete()
    # The contact person's details in the register are theirs too; the received applications keep
    # what was sent, as public records.
    Organisation.objects.filter(contact_email__iexact=user.email).update(
        contact_name="", contact_email="", contact_phone="", contact_publish_consent_at=None
    )
    user.groups.clear()
    user.user_permissions.clear()
    user.email = f"borttagen-{user.pk}@invalid.invalid"
    user.full_name = DELETED_NAME
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    forget_roles(user)
