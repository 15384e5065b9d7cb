"""Accessibility (issue 10): axe-core, run in Chromium, finds no critical or serious WCAG 2.0/2.1 A and AA violation
on the sign-in page, on the dashboard of every role, or on the pages each role reaches from its navigation (the
section pages, their sibling lists, the first record of their lists, and the notifications of the user menu), in
English and in Chinese; and at 1280x800 no control of the top navigation lies outside the viewport.

The data is the demo's (``seed_demo``: projects in every stage, contracts, budgets, claims, risks, staff records), so
that the pages have rows, badges, forms and charts to check, not only their empty states. The sign-in page and every
dashboard (where the role's own header is) are checked in both languages; any other page is checked unless a page
with the same structure of its main content has been: the same page seen by a role before, or in the other language
(see MAIN_STRUCTURE). That keeps one run of every role in both languages under two minutes."""

from __future__ import annotations

import hashlib
import re
from io import StringIO

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from tests.roles_table import ROLES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Axe()  # axe-core 4.12, bundled with axe-playwright-python: run() evaluates it in the page, then runs it
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
BLOCKING = ("critical", "serious")
LANGUAGES = ["en", "zh-hans"]
VIEWPORT = {"width": 1280, "height": 800}
PASSWORD = "pw-123456"

# The pages a section's page links to in its header (lists of the same section): checked when the role's navigation
# has the section and the page opens for the role.
SIBLINGS = {
    "/projects/": ["/projects/questionnaires/"],
    "/contracts/": ["/contracts/obligations/", "/contracts/archive/", "/contracts/authorisations/"],
    "/finance/": ["/finance/revenue/", "/finance/costs/", "/finance/audits/"],
    "/risk/": ["/risk/heatmap/", "/risk/reviews/", "/risk/indicators/", "/risk/warnings/"],
    "/staff/": ["/staff/recruitment/", "/staff/training/", "/staff/appraisals/", "/staff/resignations/"],
    "/reports/": ["/reports/verify/"],
}
# The first record of a section's list: the path of its detail pages.
DETAILS = {
    "/projects/": r"/projects/\d+/",
    "/contracts/": r"/contracts/\d+/",
    "/finance/": r"/finance/budgets/\d+/",
    "/finance/claims/": r"/finance/claims/\d+/",
    "/risk/": r"/risk/\d+/",
    "/staff/": r"/staff/\d+/",
    "/audit/": r"/audit/\d+/",
}
# Not the app's own markup: Swagger UI (vendored) and Django's admin.
SKIPPED = ("/api/", "/admin/")

# The structure of the main content: its elements and their attributes, with its words reduced to whether there are
# any (in text and in the attributes that hold text), numbers (of records, dates, counts) reduced to a placeholder,
# and without the per-request CSRF tokens or which option of a select is chosen. axe-core finds the same in two pages
# of the same structure, whatever their language and the records they show; the layout is that of the same template.
MAIN_STRUCTURE = """() => {
    const TEXT = new Set(['title', 'aria-label', 'aria-description', 'alt', 'placeholder', 'value', 'content']);
    const attribute = a => `${a.name}=${TEXT.has(a.name) ? (a.value ? '#' : '') : a.value.replace(/\\d+/g, 'N')}`;
    const walk = n => {
        if (n.nodeType === Node.TEXT_NODE) return n.textContent.trim() ? '#' : '';
        if (n.nodeType !== Node.ELEMENT_NODE || n.matches('input[name=csrfmiddlewaretoken]')) return '';
        const attrs = [...n.attributes].filter(a => a.name !== 'selected').map(attribute).join(' ');
        return `<${n.tagName} ${attrs}>${[...n.childNodes].map(walk).join('')}</>`;
    };
    return walk(document.querySelector('main'));
}"""

NAV_OUTSIDE_VIEWPORT = """() => {
    const width = document.documentElement.clientWidth, height = window.innerHeight, out = [];
    for (const el of document.querySelector('[data-testid=nav]').querySelectorAll('a, button, select')) {
        if (el.closest('.dropdown-menu')) continue;  // the user menu's entries: shown when it opens
        const label = el.getAttribute('data-testid') || el.id || el.className;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) {
            // the menu button of narrow screens is not shown on a wide one; every other control must be
            if (!el.classList.contains('navbar-toggler')) out.push(`${label} is not shown`);
        } else if (r.left < 0 || r.top < 0 || r.right > width + 0.5 || r.bottom > height + 0.5) {
            const box = [r.left, r.right, r.top, r.bottom].map(Math.round);
            out.push(`${label} lies at x ${box[0]}–${box[1]}, y ${box[2]}–${box[3]}, outside ${width}x${height}`);
        }
    }
    const scroll = document.documentElement.scrollWidth;
    if (scroll > width) out.push(`the page scrolls sideways: ${scroll}px wide in a ${width}px viewport`);
    return out;
}"""


@pytest.fixture
def demo(settings):
    """The demo data, with the tests' password on every login."""
    from projects.kpi_defaults import install_default_kpis
    from projects.models import KpiDefinition

    install_default_kpis(KpiDefinition)  # a transactional test that ran before on this worker flushed them, maybe
    settings.DEMO_PASSWORD = PASSWORD
    call_command("seed_demo", stdout=StringIO())


def axe_problems(page, where: str) -> list[str]:
    """The critical and serious violations axe-core finds on ``page``: rule, impact, help and the first targets."""
    results = AXE.run(page, options=AXE_OPTIONS).response
    problems = []
    for v in results["violations"]:
        if v["impact"] not in BLOCKING:
            continue
        targets = [" ".join(str(t) for t in node["target"]) for node in v["nodes"]]
        shown = " | ".join(targets[:5]) + (f" | … {len(targets) - 5} more" if len(targets) > 5 else "")
        problems.append(f"{where}: {v['id']} ({v['impact']}) — {v['help']} — {len(targets)} nodes: {shown}")
    return problems


def visit(page, base: str, path: str) -> bool:
    """Open ``path``; False if the role may not (4xx) or was sent elsewhere."""
    response = page.goto(f"{base}{path}")
    return response is not None and response.ok and page.url == f"{base}{path}"


def first_link(page, pattern: str) -> str | None:
    hrefs = page.locator("main a[href]").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    return next((h for h in (h.split("#")[0] for h in hrefs) if re.fullmatch(pattern, h)), None)


class Audit:
    """axe-core over pages in both languages: each distinct structure of the main content once."""

    def __init__(self, browser, base: str):
        self.browser, self.base = browser, base
        self.problems: list[str] = []
        self.seen: set[str] = set()
        self.checked = 0

    def check(self, page, where: str, always: bool = False) -> bool:
        """Run axe-core over ``page`` unless a page with the same structure has been; True if it was new."""
        digest = hashlib.sha1(page.evaluate(MAIN_STRUCTURE).encode()).hexdigest()
        if digest in self.seen and not always:
            return False
        self.seen.add(digest)
        self.checked += 1
        self.problems += axe_problems(page, where)
        return True

    def open(self, page, language: str, path: str) -> None:
        """Open ``path`` in ``language``; check that the page says so, and that its navigation fits in 1280x800."""
        page.context.add_cookies([{"name": "django_language", "value": language, "url": self.base}])
        # The dashboard's cards fill themselves after the page (htmx): check them filled.
        page.goto(f"{self.base}{path}", wait_until="networkidle" if path == "/" else "load")
        assert page.locator("html").get_attribute("lang") == language
        outside = page.evaluate(NAV_OUTSIDE_VIEWPORT)
        self.problems += [f"{language} {path}: the navigation at 1280x800: {p}" for p in outside]

    def new_page(self):
        context = self.browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        page.set_default_timeout(15000)
        return page

    def sign_in_page(self) -> None:
        page = self.new_page()
        try:
            for language in LANGUAGES:
                self.open(page, language, "/login/")
                self.check(page, f"{language} anonymous /login/", always=True)
        finally:
            page.context.close()

    def role(self, role: str) -> None:
        """In one browser context: sign in as ``role``; in each language, check its dashboard (always) and the pages
        its navigation leads to."""
        base, page = self.base, self.new_page()
        try:
            page.goto(f"{base}/login/")
            page.fill("input[name=username]", role)
            page.fill("input[name=password]", PASSWORD)
            page.get_by_test_id("login-form").locator("[type=submit]").click()
            page.wait_for_url(f"{base}/")
            for language in LANGUAGES:
                self.open(page, language, "/")
                self.check(page, f"{language} {role} /", always=True)
                nav = page.get_by_test_id("nav").locator("a.nav-link[href]")
                hrefs = [*nav.evaluate_all("els => els.map(e => e.getAttribute('href'))"), "/notifications/"]
                sections = [h for h in dict.fromkeys(hrefs) if h.startswith("/") and h != "/"]
                for section in (s for s in sections if not s.startswith(SKIPPED)):
                    # A section page with a structure checked before (for a role before this one, or in the other
                    # language): so, as a rule, are the section's other pages.
                    if not visit(page, base, section) or not self.check(page, f"{language} {role} {section}"):
                        continue
                    detail = first_link(page, DETAILS[section]) if section in DETAILS else None
                    for path in ([detail] if detail else []) + SIBLINGS.get(section, []):
                        if visit(page, base, path):
                            self.check(page, f"{language} {role} {path}")
        finally:
            page.context.close()


def test_no_serious_accessibility_violation(chromium_available, live_server, browser, demo):
    """The sign-in page, then every role in a browser context of its own, in English, then in Chinese."""
    audit = Audit(browser, live_server.url)
    audit.sign_in_page()
    for role in ROLES:
        audit.role(role)
    assert audit.checked >= 80  # the sign-in page and every dashboard in both languages, the other distinct pages
    assert not audit.problems, f"{len(audit.problems)} accessibility problems:\n" + "\n".join(audit.problems)
