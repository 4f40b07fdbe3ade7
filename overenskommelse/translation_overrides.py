"""Message ids of other packages whose Swedish translation we replace with our own.

Listing them here puts them in our catalogue (``locale/sv``), which Django consults before the
packages' own. allauth's Swedish for the first one says the opposite of the English.
"""

from django.utils.translation import gettext_noop

OVERRIDDEN = [
    gettext_noop(
        "If you have not created an account yet, then please %(link)ssign up%(end_link)s first."
    ),
]
