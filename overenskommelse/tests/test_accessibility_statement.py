"""Issue 17: the accessibility statement says what the portal meets (WCAG 2.2 AA), how it was
tested, and the known gaps; the help it points to (Contact) is in the footer of every page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _text(client, name: str) -> str:
    response = client.get(reverse(name))
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_the_statement_says_wcag_2_2_aa_how_it_was_tested_and_the_known_gaps(client):
    text = _text(client, "accessibility")
    assert "uppfyller nivå AA i Web Content Accessibility Guidelines (WCAG) 2.2" in text
    assert "WCAG 2.1 A och AA problem" not in text  # the old claim of 2.1 only
    # What 2.2 adds, each named.
    for words in ("24 × 24 pixlar", "täcker aldrig det som har tangentbordsfokus", "fylls i åt dig",
                  "inte lösa någon gåta", "samma ställe på varje sida"):
        assert words in text, words
    # How it was tested: every role's pages, both widths, the keyboard.
    assert "axe-core mot WCAG 2.0, 2.1 och 2.2 nivå A och AA" in text
    assert "1280 pixlar" in text and "390 pixlar" in text
    assert "enbart tangentbordet" in text
    # Known gaps.
    assert "<h2>Kända brister</h2>" in text
    assert "PDF/UA" in text


def test_contact_is_in_the_footer_of_every_page_in_the_same_place(client):
    for name in ("home", "accessibility", "account_login", "accounts:organisation_list"):
        html = client.get(reverse(name)).content.decode()
        footer = html[html.index("<footer"):]
        assert f'<li><a href="{reverse("contact")}">Kontakt</a></li>' in footer, name
