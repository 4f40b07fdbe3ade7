"""Demo data of the follow-up app: the yearly follow-up rounds (last year's closed, this year's
open). The group and its meetings are ``collaboration.demo``'s; the published report is
``documents.demo``'s.

Run by ``manage.py load_demo`` after the other apps' demo data; each part is idempotent."""

from . import demo_rounds


def load_demo(*, stdout, agreement: str = "lund") -> None:
    if agreement != "lund":  # the data below is Lund's
        return
    demo_rounds.load_demo(stdout=stdout)
