"""Message ids of other packages whose Swedish translation we replace with our own.

Listing them here puts them in our catalogue (``locale/sv``), which Django consults before the
packages' own. allauth's Swedish for the first one says the opposite of the English; Django's for
a text over its limit names no text ("Säkerställ att detta värde …").
"""

from django.utils.translation import gettext_noop, ngettext_lazy

OVERRIDDEN = [
    gettext_noop(
        "If you have not created an account yet, then please %(link)ssign up%(end_link)s first."
    ),
    # Django's MaxLengthValidator (overenskommelse/limits.py): a lazy plural, never evaluated here.
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
]
