def load_initiatives(*, stdout) -> None:
    """Filled in with the initiatives views."""
