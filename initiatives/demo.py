"""Demo initiatives in every step, and commitments of several förvaltningar (load_demo)."""

from . import demo_blekinge
from .demo_initiatives import load_initiatives
from .demo_partnerships import load_partnerships


def load_demo(*, stdout, agreement: str = "lund") -> None:
    if agreement == "blekinge":
        demo_blekinge.load_partnerships(stdout=stdout)
    if agreement != "lund":  # the data below is Lund's
        return
    load_initiatives(stdout=stdout)
    load_partnerships(stdout=stdout)
