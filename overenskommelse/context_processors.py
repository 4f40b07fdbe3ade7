from django.utils.functional import SimpleLazyObject

from .selectors import agreement_current_cached
from .words import AgreementWords


def portal(request) -> dict:
    """The current agreement, lazily and from the reference cache: most pages show its name and
    contact in the footer. ``words``: the agreement's own words for its group, its convener and
    its areas (``words.Group``, ``words.convener``, ``words.areas``, …; see ``words.py``), read
    only by pages that name them."""
    cache: dict = {}

    def agreement():
        if "agreement" not in cache:
            cache["agreement"] = agreement_current_cached()
        return cache["agreement"]

    return {
        "current_agreement": agreement,
        "words": SimpleLazyObject(lambda: AgreementWords.of(agreement())),
    }
