from .selectors import agreement_current_cached


def portal(request) -> dict:
    """The current agreement, lazily and from the reference cache: most pages show its name and
    contact in the footer."""
    cache: dict = {}

    def agreement():
        if "agreement" not in cache:
            cache["agreement"] = agreement_current_cached()
        return cache["agreement"]

    return {"current_agreement": agreement}
