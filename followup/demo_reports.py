"""Demo data: reports."""


def load_demo(*, stdout) -> None:
    return None
