"""Authentication backends."""

from django.contrib.auth.backends import ModelBackend

from .second_factor import passed_with_authenticator


class StaffModelBackend(ModelBackend):
    """Django's model permissions, for staff only.

    The portal's permissions are django-rules predicates (``<app>/rules.py``); Django's model
    permissions serve the administration site alone, which only staff may enter. Asking
    ``ModelBackend`` for everyone else cost two queries on every logged-in page (the header's
    ``{% has_perm %}`` falls through to it whenever a rule says no), and a model permission given
    to an ordinary account in the admin would have opened a portal page its rule refuses.

    And only in a session that passed the second factor (accounts/second_factor.py), like the admin
    itself: some model permissions share their name with a portal rule (``accounts.view_accession``),
    and the password alone must not open those pages."""

    def _get_permissions(self, user_obj, obj, from_name):
        if not (user_obj.is_staff or user_obj.is_superuser) or not passed_with_authenticator(user_obj):
            return set()
        return super()._get_permissions(user_obj, obj, from_name)
