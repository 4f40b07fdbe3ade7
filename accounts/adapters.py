from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Our allauth adapter: emails are rendered from ``templates/account/email/`` in the user's
    language, and the login redirect honours ``?next=`` (allauth does that already)."""
