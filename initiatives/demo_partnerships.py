def load_partnerships(*, stdout) -> None:
    """Filled in with the commitments views."""
