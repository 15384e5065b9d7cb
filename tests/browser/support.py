"""Driving the app in Chromium: log in as a role, fill and submit forms and confirmation modals, take screenshots."""

from pathlib import Path


def fill(form, fields: dict) -> None:
    """Fill ``form``'s controls by name: text, select (value), checkbox (True/False), radio (value), file (path)."""
    for name, value in fields.items():
        control = form.locator(f"[name={name}]")
        kind = control.first.evaluate("e => e.tagName + ':' + (e.type || '')")
        if kind.startswith("SELECT"):
            control.select_option(value)
        elif kind.endswith(":checkbox"):
            control.set_checked(bool(value))
        elif kind.endswith(":radio"):
            form.locator(f"[name={name}][value={value}]").check()
        elif kind.endswith(":file"):
            control.set_input_files(value)
        else:
            control.fill(value)


class Browser:
    """A page driven in English by one login at a time; screenshots go to ``shots``."""

    def __init__(self, page, live_server, shots: Path):
        self.page, self.base, self.shots = page, live_server.url, shots
        page.set_default_timeout(15000)
        page.context.add_cookies([{"name": "django_language", "value": "en", "url": self.base}])
        shots.mkdir(parents=True, exist_ok=True)

    def login(self, username):
        page = self.page
        page.context.clear_cookies()
        page.context.add_cookies([{"name": "django_language", "value": "en", "url": self.base}])
        page.goto(f"{self.base}/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", "pw-123456")
        page.get_by_test_id("login-form").locator("[type=submit]").click()
        page.wait_for_url(f"{self.base}/")

    def go(self, path):
        self.page.goto(f"{self.base}{path}")

    def shot(self, name):
        self.page.screenshot(path=str(self.shots / f"{name}.png"), full_page=True)

    def modal_submit(self, opener, form_testid, fields: dict, submit_testid):
        page = self.page
        page.get_by_test_id(opener).first.click()
        form = page.get_by_test_id(form_testid)
        form.wait_for(state="visible")
        fill(form, fields)
        with page.expect_navigation():
            form.get_by_test_id(submit_testid).click()

    def expect_success(self):
        assert self.page.locator(".alert-success").count() >= 1, self.page.locator(".alert").all_inner_texts()
