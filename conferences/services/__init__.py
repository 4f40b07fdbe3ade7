"""State changes of conferences (one module per feature): the set-up of a conference and its
programme (``conference``), invitations and registrations (``registration``), the day itself and
what follows it (``attendance``)."""

from .attendance import *  # noqa: F403
from .conference import *  # noqa: F403
from .registration import *  # noqa: F403
