from .selectors import agreement_current


def portal(request) -> dict:
    """The current agreement, lazily: most pages show its name and contact in the footer."""
    cache: dict = {}

    def agreement():
        if "agreement" not in cache:
            cache["agreement"] = agreement_current()
        return cache["agreement"]

    return {"current_agreement": agreement}
