"""Demo data of the follow-up app: Lund's yearly follow-up rounds (last year's closed, this year's
open); under Borås's agreement its follow-up table, networks and biennial round (``demo_boras``). The group and its meetings are ``collaboration.demo``'s; the published report is
``documents.demo``'s.

Run by ``manage.py load_demo`` after the other apps' demo data; each part is idempotent."""

from . import demo_boras, demo_rounds


def load_demo(*, stdout, agreement: str = "lund") -> None:
    if agreement == "boras":
        demo_boras.load_demo(stdout=stdout)
    if agreement != "lund":  # the data below is Lund's
        return
    demo_rounds.load_demo(stdout=stdout)
