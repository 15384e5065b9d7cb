"""Refresh the README screenshots from a running instance (`make run` first): python scripts/screenshots.py [URL]."""

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
PASSWORD = os.environ.get("DEMO_PASSWORD", "demo12345")
SHOTS = [  # (login, language, path, file)
    ("head", "en", "/", "head-en.png"),
    ("head", "zh-hans", "/", "head-zh-hans.png"),
    ("head", "zh-hans", "/projects/", "projects-zh-hans.png"),
    ("head", "en", "/projects/?q=MO-2026-004", None),  # resolves the detail page below
    ("client", "en", "/", "client-en.png"),
    ("auditor", "en", "/audit/", "audit-en.png"),
    ("head", "en", "/policy/", "policy-en.png"),
]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for login, language, path, name in SHOTS:
            context = browser.new_context(viewport={"width": 1280, "height": 860})
            context.add_cookies([{"name": "django_language", "value": language, "url": BASE}])
            page = context.new_page()
            page.goto(f"{BASE}/login/")
            page.fill("input[name=username]", login)
            page.fill("input[name=password]", PASSWORD)
            page.get_by_test_id("login-form").locator("[type=submit]").click()
            page.wait_for_url(f"{BASE}/")
            page.goto(f"{BASE}{path}", wait_until="networkidle")  # the dashboard's cards and the project page's
            if name is None:  # history fill themselves after the page (htmx)
                page.locator("table a").first.click()
                page.wait_for_load_state("networkidle")
                name = "project-detail-en.png"
            page.screenshot(path=str(OUT / name), full_page=False)
            print("wrote", OUT / name)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
