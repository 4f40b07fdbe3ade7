"""Helpers for the fixed cast of the root conftest.py (one user per role), shared by the role-matrix
tests of every app."""

__all__ = ["CAST", "ONE_REPRESENTATIVE_CAST", "assert_status", "login"]

# Every role of the root conftest.py's cast, for a role matrix.
CAST = [
    "anonymous",
    "ordinary_user",
    "representative_a",
    "representative_b",
    "officer_x",
    "group_member",
    "convener",
]

# The group's and the follow-up's matrices: representative B sees what A does, so the cast has one.
ONE_REPRESENTATIVE_CAST = [who for who in CAST if who != "representative_b"]


def login(client, request, who: str):
    """Log ``who`` in (a fixture name of the cast) and return the user (None when anonymous)."""
    if who == "anonymous":
        return None
    user = request.getfixturevalue(who)
    client.force_login(user)
    return user


def assert_status(response, expected) -> None:
    """``expected``: a status code, ``"login"`` (sent to the login page) or ``"redirect"`` (sent
    elsewhere)."""
    if expected == "login":
        assert response.status_code == 302
        assert "/konto/login/" in response["Location"]
    elif expected == "redirect":
        assert response.status_code == 302
        assert "/konto/login/" not in response["Location"]
    else:
        assert response.status_code == expected, response.status_code
