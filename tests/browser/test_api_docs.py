"""Swagger UI is served by the app itself (no CDN) and works under the Content-Security-Policy."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_lists_the_api(chromium_available, live_server, page, users):
    external = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(live_server.url) else None)
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "head")
    page.fill("input[name=password]", "pw-123456")
    page.get_by_test_id("login-form").locator("[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/api/docs/")
    page.locator("#operations-tag-projects").click(timeout=20000)  # tags start collapsed: open "projects"
    page.wait_for_selector("text=/api/projects/{id}/transition/", timeout=20000)
    assert page.locator(".opblock-tag").count() >= 30  # every tag is listed
    assert [u for u in external if not u.startswith("data:")] == []
