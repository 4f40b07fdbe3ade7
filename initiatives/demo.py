"""Demo initiatives in every step, and commitments of several förvaltningar (load_demo)."""

from .demo_initiatives import load_initiatives
from .demo_partnerships import load_partnerships


def load_demo(*, stdout, agreement: str = "lund") -> None:
    if agreement != "lund":  # the data below is Lund's
        return
    load_initiatives(stdout=stdout)
    load_partnerships(stdout=stdout)
