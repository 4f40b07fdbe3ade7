"""Reads of conferences (one module per feature)."""

from .attendance import *  # noqa: F403
from .programme import *  # noqa: F403
from .registration import *  # noqa: F403
