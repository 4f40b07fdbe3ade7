"""Helpers for the fixed cast of the root conftest.py (one user per role), shared by the role-matrix
tests of every app."""

__all__ = ["login"]


def login(client, request, who: str):
    """Log ``who`` in (a fixture name of the cast) and return the user (None when anonymous)."""
    if who == "anonymous":
        return None
    user = request.getfixturevalue(who)
    client.force_login(user)
    return user
