"""Demo data of the collaboration group: Lund's group with people in every seat and two meetings a
year.

Run by ``manage.py load_demo`` after the other apps' demo data (the follow-up's rounds come first);
each part is idempotent."""

from . import demo_group, demo_meetings


def load_demo(*, stdout) -> None:
    demo_group.load_demo(stdout=stdout)
    demo_meetings.load_demo(stdout=stdout)
