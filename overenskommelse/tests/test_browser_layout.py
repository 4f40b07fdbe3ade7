"""Issue 17, "Pages" and WCAG 2.2: the layout as a reader sees it in a real browser.

- the five-step figure: no card's content runs out of it at 1024, 1180 and 1280 px (its long Swedish
  compound "Samverkansinitiativ" did);
- the header's main menu fits one row at 1280 and 1400 px (it wrapped onto two), also for the
  convener, whose account menu is the longest; below 1200 px it folds behind the "Meny" button;
- every item of the main menu is reached with the keyboard alone, with the menu open and folded;
- a control reached with the keyboard further down a page is not hidden under anything
  (WCAG 2.2, 2.4.11 Focus not obscured).
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .browser import sign_in_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAIN_MENU = [
    "agreement",
    "principles",
    "action_plan",
    "process",
    "collaboration:group",
    "accounts:organisation_list",
    "initiatives:initiative_list",
    "initiatives:partnership_list",
    "conferences:conference_list",
    "join",
]


def _new_page(browser, live_server, width: int, user=None):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}, locale="sv-SE"
    )
    context.set_default_timeout(15_000)
    if user is not None:
        sign_in_context(context, live_server, user)
    return context, context.new_page()


@pytest.mark.parametrize("width", [1024, 1180, 1280])
def test_no_step_of_the_process_figure_runs_out_of_its_card(browser, live_server, width):
    context, page = _new_page(browser, live_server, width)
    try:
        page.goto(reverse("home"))
        cards = page.locator(".process-step")
        expect(cards).to_have_count(5)
        expect(cards.first).to_contain_text("Samverkansinitiativ")
        sizes = cards.evaluate_all(
            "cards => cards.map(c => [c.innerText.split('\\n')[1], c.scrollWidth, c.clientWidth])"
        )
        overflowing = [(title, scroll, client) for title, scroll, client in sizes if scroll > client]
        assert not overflowing, f"at {width} px these cards overflow (scrollWidth > clientWidth): {overflowing}"
        # …and no word of a heading is wider than its card either (a heading may overflow visibly
        # while the card's own box does not grow).
        headings = page.locator(".process-step h3").evaluate_all(
            "hs => hs.map(h => [h.innerText, h.scrollWidth, h.clientWidth])"
        )
        assert all(scroll <= client for _t, scroll, client in headings), headings
    finally:
        context.close()


def _menu_rows(page) -> dict[str, int]:
    """How many rows the header's two menus take (items whose middles are more than 8 px apart)."""
    return page.evaluate(
        """() => {
          const rows = sel => {
            const middles = [...document.querySelectorAll(sel)]
              .filter(e => e.getClientRects().length)
              .map(e => { const r = e.getBoundingClientRect(); return (r.top + r.bottom) / 2; })
              .sort((a, b) => a - b);
            return middles.filter((m, i) => i === 0 || m - middles[i - 1] > 8).length;
          };
          return {
            main: rows('header nav.navbar .navbar-nav > li'),
            account: rows('header nav:not(.navbar) li, header .language-switch'),
            header: Math.round(document.querySelector('header').getBoundingClientRect().height),
          };
        }"""
    )


@pytest.mark.parametrize("width", [1280, 1400])
@pytest.mark.parametrize("who", ["anonymous", "convener"])
def test_the_header_fits_one_row_of_menu_at_1280_and_1400_px(browser, live_server, request, width, who):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    context, page = _new_page(browser, live_server, width, user)
    try:
        page.goto(reverse("home"))
        expect(page.locator("header .navbar-toggler")).to_be_hidden()
        rows = _menu_rows(page)
        assert rows["main"] == 1, f"{who} at {width} px: the main menu takes {rows['main']} rows"
        assert rows["account"] == 1, f"{who} at {width} px: the account menu takes {rows['account']} rows"
        # The brand with the account menu, then the main menu: two short rows (it was 136 px).
        assert rows["header"] <= 100, f"{who} at {width} px: the header is {rows['header']} px high"
    finally:
        context.close()


def _tab_through_the_main_menu(page) -> set[str]:
    """Tab from the top of the page until focus leaves the main menu, opening what is folded (the
    "Meny" button, the "Om överenskommelsen" menu) with Enter, as a keyboard user would. Returns
    the hrefs of the main menu's links that got focus."""
    reached: set[str] = set()
    in_menu_before = False
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
              const e = document.activeElement;
              return {
                inMenu: !!e.closest('header nav.navbar'),
                href: e.getAttribute('href'),
                expandable: e.getAttribute('aria-expanded'),
                visible: !!e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden',
              };
            }"""
        )
        if not focused["inMenu"]:
            if in_menu_before:
                break
            continue
        in_menu_before = True
        assert focused["visible"], "focus went to a menu item the reader cannot see"
        if focused["expandable"] == "false":
            page.keyboard.press("Enter")
            page.wait_for_timeout(400)  # the menu's opening transition
        elif focused["href"]:
            reached.add(focused["href"])
    return reached


@pytest.mark.parametrize("width", [390, 1280])
def test_every_item_of_the_main_menu_is_reached_with_the_keyboard(browser, live_server, width):
    context, page = _new_page(browser, live_server, width)
    try:
        page.goto(reverse("home"))
        expected = {reverse(name) for name in MAIN_MENU}
        reached = _tab_through_the_main_menu(page)
        assert expected <= reached, f"at {width} px not reached by Tab: {sorted(expected - reached)}"
        # …and Enter on a link opens its page.
        page.goto(reverse("home"))
        if width < 1200:
            page.get_by_role("button", name="Meny").click()
        page.get_by_role("button", name="Om överenskommelsen").click()
        page.get_by_role("link", name="Principer").focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url.endswith(reverse("principles"))
        # The folded menu that holds the page shows it is open there.
        expect(page.locator("header nav.navbar .dropdown-toggle")).to_have_class(
            "nav-link dropdown-toggle active"
        )
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_a_control_reached_with_the_keyboard_far_down_a_page_is_not_hidden(browser, live_server, width):
    context, page = _new_page(browser, live_server, width)
    try:
        page.set_viewport_size({"width": width, "height": 500})
        page.goto(reverse("home"))
        header_height = page.locator("header").bounding_box()["height"]
        checked = 0
        for _ in range(80):
            page.keyboard.press("Tab")
            state = page.evaluate(
                """async () => {
                  // Bootstrap scrolls smoothly: measure where the page comes to rest.
                  let last = -1;
                  for (let i = 0; i < 40 && scrollY !== last; i++) {
                    last = scrollY;
                    await new Promise(done => setTimeout(done, 60));
                  }
                  const e = document.activeElement;
                  const r = e.getBoundingClientRect();
                  const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
                  const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
                  const top = document.elementFromPoint(x, y);
                  return {tag: e.tagName, text: (e.innerText || e.value || '').slice(0, 40),
                          top: r.top, bottom: r.bottom, scrollY: scrollY,
                          onTop: !!top && (top === e || e.contains(top) || top.contains(e)),
                          last: !!e.closest('footer') && !e.closest('li:not(:last-child)') && e.closest('li') !== null};
                }"""
            )
            if state["scrollY"] > header_height:  # the page has scrolled past where the header began
                assert state["onTop"], f"at {width} px focus is hidden under something: {state}"
                assert 0 <= state["top"] and state["bottom"] <= 500, f"focus out of view: {state}"
                checked += 1
            if state["last"]:  # the footer's last link: the end of the page
                break
        assert checked >= 3, f"at {width} px Tab never went far down the page ({checked})"
    finally:
        context.close()
