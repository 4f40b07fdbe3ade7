"""Demo initiatives in every step, and commitments of several förvaltningar (load_demo)."""

from . import demo_blekinge, demo_boras
from .demo_initiatives import load_initiatives
from .demo_partnerships import load_partnerships


def load_demo(*, stdout, agreement: str = "lund") -> None:
    if agreement == "boras":
        demo_boras.load_initiatives(stdout=stdout)
    if agreement == "blekinge":
        demo_blekinge.load_initiatives(stdout=stdout)
        demo_blekinge.load_partnerships(stdout=stdout)
    if agreement != "lund":  # the data below is Lund's
        return
    load_initiatives(stdout=stdout)
    load_partnerships(stdout=stdout)
