"""Reads of accounts shared by several views (``shared``). The names stay importable from
``accounts.selectors``."""

from .shared import *  # noqa: F403
