"""Reads of accounts shared by several views (``shared``) and the organisation's manage page's
own reads, compiled once (``manage``); the public profile's reads and the public list's, compiled once, are
imported from ``accounts.selectors.profile`` and ``accounts.selectors.public_list``. The shared and manage names stay importable from
``accounts.selectors``."""

from .manage import *  # noqa: F403
from .shared import *  # noqa: F403
