"""Real-browser journey (Playwright driving Debian's Chromium): each role signs in and sees its dashboard and its
navigation, in both languages. A screenshot per role and language lands in test-artifacts/screenshots/."""

from pathlib import Path

import pytest
from django.utils import translation

from core.dashboard import dashboard_title
from tests.roles_table import AUDIT_READERS, CLIENTS, PROJECT_READERS, ROLES

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("role", ROLES)
def test_role_signs_in_and_sees_its_dashboard(chromium_available, live_server, page, users, project, role, language):
    page.set_default_timeout(15000)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(f"{live_server.url}/")
    assert "/login/" in page.url
    page.fill("input[name=username]", role)
    page.fill("input[name=password]", "pw-123456")
    page.get_by_test_id("login-form").locator("[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")

    with translation.override(language):
        expected_title = dashboard_title(users[role])
    assert page.get_by_test_id("dashboard-title").inner_text().strip() == expected_title
    assert page.locator("html").get_attribute("lang") == language

    nav = page.get_by_test_id("nav")
    hrefs = set(nav.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))"))
    assert ("/projects/" in hrefs) == (role in PROJECT_READERS), hrefs
    assert ("/audit/" in hrefs) == (role in AUDIT_READERS), hrefs
    assert ("/policy/" in hrefs) == (role not in CLIENTS), hrefs

    # The cards fill themselves as they come into view (htmx): the first at once, every one once scrolled to.
    page.locator("[data-testid^=panel-card-]").first.wait_for()
    loading = page.locator("[data-testid^=panel-loading-]")
    for _ in range(20):
        if loading.count() == 0:
            break
        page.evaluate("window.scrollBy(0, window.innerHeight)")  # htmx 'revealed' listens to scrolling
        page.wait_for_timeout(150)
    assert loading.count() == 0
    assert page.locator("[data-testid^=panel-card-]").count() >= 1

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{role}-{language}.png"), full_page=True)


def test_a_card_that_cannot_be_loaded_offers_its_link(chromium_available, live_server, page, users, project):
    """A card whose request ends on the sign-in page (an expired session) or an error keeps its place and shows its
    link: the sign-in page is never swapped into the dashboard (static/js/managedops.js)."""
    page.set_default_timeout(15000)
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "head")
    page.fill("input[name=password]", "pw-123456")
    page.get_by_test_id("login-form").locator("[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")
    # From now on the stage tiles' card is sent to the sign-in page, another card fails on the server.
    page.route("**/dashboard/panels/stage-counts/", lambda route: route.fulfill(
        status=302, headers={"Location": "/login/?next=/"}))  # fmt: skip
    page.route("**/dashboard/panels/my-projects/", lambda route: route.fulfill(status=500, body="boom"))
    page.reload()
    page.locator("[data-testid^=panel-card-]").first.wait_for()
    for key in ("stage-counts", "my-projects"):
        placeholder = page.get_by_test_id(f"panel-loading-{key}")
        placeholder.locator("[data-mo-part-failed]").wait_for(state="visible")
        assert placeholder.locator("[data-mo-part-busy]").is_hidden()
    assert page.get_by_test_id("login-form").count() == 0
