"""Demo data of the follow-up app: Lund's collaboration group with people in every seat and two
meetings a year, and the yearly follow-up rounds (last year's closed, with its published report).

Run by ``manage.py load_demo`` after the other apps' demo data; each part is idempotent."""

from . import demo_group, demo_meetings, demo_reports, demo_rounds


def load_demo(*, stdout) -> None:
    demo_group.load_demo(stdout=stdout)
    demo_meetings.load_demo(stdout=stdout)
    demo_rounds.load_demo(stdout=stdout)
    demo_reports.load_demo(stdout=stdout)
