"""Reads of initiatives and commitments shared by several views (one module per feature)."""

from .catalogue import *  # noqa: F403
from .initiative import *  # noqa: F403
from .partnership import *  # noqa: F403
from .page import *  # noqa: F403
