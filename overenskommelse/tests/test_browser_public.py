"""A visitor's journey through the public pages in a real browser: menus, headings, titles,
WCAG 2.1 AA (axe-core), the language switch and the skip link.

Written against the structure of templates/base.html (links by their reversed URL, roles, ``lang``
attributes), not against page content, which changes.
"""


import pytest
from django.urls import reverse
from playwright.sync_api import expect

from overenskommelse.tests.browser import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER_MENU = [
    "agreement",
    "principles",
    "action_plan",
    "process",
    "accounts:organisation_list",
    "initiatives:initiative_list",
    "initiatives:partnership_list",
    "conferences:conference_list",
    "join",
]
FOOTER_LINKS = ["contact", "accessibility", "accounts:privacy"]
TITLE_SEPARATOR = " – "


def _check_page(page, language: str) -> None:
    """One h1, a title that names the page, the expected language, and no axe violations."""
    page.wait_for_load_state("load")
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert page.locator("h1").count() == 1, f"{page.url}: expected exactly one <h1>"
    title = page.title().strip()
    assert title, f"{page.url}: empty <title>"
    assert not title.startswith(TITLE_SEPARATOR.strip()), (
        f"{page.url}: <title> {title!r} lacks the page's name"
    )
    assert_no_axe_violations(page)


def _follow(page, link) -> None:
    """Click ``link`` (exactly one element) and check the page it leads to was served with 200."""
    expect(link).to_have_count(1)
    href = link.get_attribute("href")
    with page.expect_response(
        lambda r: (
            r.request.is_navigation_request() and r.request.frame == page.main_frame
        )
    ) as navigation:
        link.click()
    assert navigation.value.status == 200, f"{href}: HTTP {navigation.value.status}"
    page.wait_for_url(f"**{href}")


def _walk_public_pages(page, language: str) -> list[str]:
    """From the start page through the header menu, one priority area and the footer links."""
    visited = []
    response = page.goto(reverse("home"))
    assert response.status == 200
    _check_page(page, language)
    visited.append(page.title())
    menu = page.locator("header nav.navbar")
    expect(menu).to_have_count(1)
    for name in HEADER_MENU:
        url = reverse(name)
        link = menu.locator(f'a[href="{url}"]')
        if link.count() == 1 and not link.is_visible():
            # The pages about the agreement share one folded menu ("Om överenskommelsen").
            link.locator("xpath=ancestor::li[contains(@class, 'dropdown')]").locator(
                ".dropdown-toggle"
            ).click()
        _follow(page, link)
        _check_page(page, language)
        expect(menu.locator(f'a[href="{url}"]')).to_have_attribute(
            "aria-current", "page"
        )
        visited.append(page.title())
        if name == "action_plan":
            # The action plan links each priority area; follow the first one and come back.
            areas = page.locator(f'main a[href^="{url}"]:not([href="{url}"])')
            assert areas.count() >= 1, "the action plan links no priority area"
            _follow(page, areas.first)
            _check_page(page, language)
            visited.append(page.title())
    for name in FOOTER_LINKS:
        _follow(page, page.locator(f'footer a[href="{reverse(name)}"]'))
        _check_page(page, language)
        visited.append(page.title())
    return visited


def _switch_language(page, to: str) -> None:
    button = page.locator(
        f'header form[action="{reverse("set_language")}"] button[name="language"][value="{to}"]'
    )
    expect(button).to_have_count(1)
    expect(button).to_have_attribute(
        "lang", to
    )  # the button names its language in that language
    path = page.url
    button.click()
    expect(page.locator("html")).to_have_attribute("lang", to)
    assert page.url == path, "the language switch should return to the same page"


def test_every_public_page_is_reachable_from_the_menus_and_meets_wcag(
    page, demo_data, console_errors
):
    titles = _walk_public_pages(page, "sv")
    assert len(set(titles)) == len(titles), f"pages share a <title>: {titles}"
    assert console_errors == []


def test_language_switch_turns_the_site_english_and_back_to_swedish(
    page, demo_data, console_errors
):
    page.goto(reverse("home"))
    _check_page(page, "sv")
    _switch_language(page, "en")
    _check_page(page, "en")
    # The choice holds while the visitor moves on.
    titles = _walk_public_pages(page, "en")
    assert len(set(titles)) == len(titles), f"pages share a <title>: {titles}"
    _switch_language(page, "sv")
    _check_page(page, "sv")
    page.goto(reverse("home"))
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    assert console_errors == []


def test_first_tab_focuses_the_skip_link_which_moves_focus_to_main(page, demo_data):
    page.goto(reverse("home"))
    page.keyboard.press("Tab")
    skip_link = page.locator("a.skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_have_attribute("href", "#main")
    # visually-hidden-focusable: it must actually show when focused.
    box = skip_link.bounding_box()
    assert box is not None and box["width"] > 1 and box["height"] > 1
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
