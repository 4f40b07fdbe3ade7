"""Reads of accounts shared by several views (``shared``) and the organisation's manage page's
own reads, compiled once (``manage``). The names stay importable from ``accounts.selectors``."""

from .manage import *  # noqa: F403
from .shared import *  # noqa: F403
