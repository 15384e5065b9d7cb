"""A real-browser journey through chapter 7: the planner identifies a risk on the project's risk tab and assesses it
on the matrix (very high); a reduce response and an acceptance are recorded with their owners; accepting it needs
the head and then the executive (7.2.1); the heat map links to it; an indicator crosses its threshold (a
rectification notice overdue), the hourly evaluation raises the warning at once and notifies the head (7.3.2), who
handles it (7.3.3); once the notice is closed the warning closes. Screenshots in test-artifacts/screenshots/risk/."""

import datetime
from pathlib import Path

import pytest

from core.models import Department, Notification
from projects.models import RectificationNotice
from risk.models import Risk, RiskResponse, RiskWarning
from risk.services import evaluate_indicators
from tests.browser.support import Browser, fill

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots" / "risk"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit_form(b, form_testid, fields, submit_testid):
    form = b.page.get_by_test_id(form_testid).first
    fill(form, fields)
    with b.page.expect_navigation():
        form.get_by_test_id(submit_testid).click()
    b.expect_success()


def decide(b, prefix, target, comment="ok"):
    b.modal_submit(f"{prefix}transition-{target}", f"{prefix}transition-form-{target}", {"comment": comment},
                   f"confirm-{prefix}transition-{target}")  # fmt: skip
    b.expect_success()


def test_identify_assess_respond_warn_handle(chromium_available, live_server, page, users, project):
    b = Browser(page, live_server, SHOTS)
    today = datetime.date.today()
    department = Department.objects.order_by("pk").first()

    # Identify (7.1.2): the planner records the risk on the project's risk tab.
    b.login("planner")
    b.go(f"/projects/{project.pk}/")
    page.get_by_test_id("project-risks-link").click()
    page.get_by_test_id("risk-record").locator("summary").click()
    submit_form(b, "risk-form", {"category": "operational", "level": "medium",
                                 "description": "Escalators fail at peak hours.", "cause": "Units from 2004",
                                 "consequence": "Injuries and complaints"}, "risk-save")  # fmt: skip
    risk = Risk.objects.get(description="Escalators fail at peak hours.")
    assert page.url.endswith(f"/risk/project/{project.pk}/")

    # Assess (7.1.3): likely × major = very high, with the rationale and the quantitative estimate.
    page.get_by_test_id("project-risks").get_by_test_id("risk-link").first.click()
    submit_form(b, "assess-form", {"stage": "inherent", "likelihood": "4", "impact": "4",
                                   "rationale": "Two outages last month; parts are scarce.", "probability": "60",
                                   "expected_loss": "250000"}, "assess-submit")  # fmt: skip
    assert page.get_by_test_id("risk-inherent").inner_text().strip() == "Very high"
    assert page.get_by_test_id("assessment-row").count() == 1

    # Respond (7.2.1-7.2.2): reduce it with a technician on standby, and ask to accept what remains.
    common = {"department": str(department.pk), "owner": str(users["planner"].pk),
              "due_on": (today + datetime.timedelta(days=20)).isoformat()}  # fmt: skip
    submit_form(b, "response-form", {"strategy": "reduce", "measures": "Technician on standby at peak hours.",
                                     **common}, "response-submit")  # fmt: skip
    submit_form(b, "response-form", {"strategy": "accept", "measures": "Monthly inspection by the vendor.",
                                     "expires_on": (today + datetime.timedelta(days=90)).isoformat(), **common},
                "response-submit")  # fmt: skip
    acceptance = RiskResponse.objects.get(strategy="accept")
    assert acceptance.status == "pending_head"
    b.shot("01-planner-assessed-and-responded")

    # The head may not accept a very high risk alone: only passing it to the executive is possible (7.2.1).
    b.login("head")
    b.go(f"/risk/{risk.pk}/")
    prefix = f"response-{acceptance.pk}-"
    assert page.get_by_test_id(f"{prefix}transition-accepted").count() == 0
    decide(b, prefix, "pending_executive", "The measures are sound.")
    b.shot("02-head-passed-to-executive")
    b.login("executive")
    b.go(f"/risk/{risk.pk}/")
    decide(b, prefix, "accepted", "Accepted for three months.")
    acceptance.refresh_from_db()
    assert acceptance.status == "accepted"
    assert page.locator(f"#response-{acceptance.pk}").get_by_test_id("response-status").inner_text().strip() == (
        "Accepted")  # fmt: skip
    b.shot("03-executive-accepted")

    # The heat map counts it and links to it (7.1.3).
    b.go("/risk/heatmap/")
    page.get_by_test_id("heatmap-link-4-4").click()
    rows = page.get_by_test_id("risk-row")
    assert rows.count() == 1 and "Escalators" in rows.first.inner_text()
    b.go("/risk/heatmap/")
    b.shot("04-heat-map")
    page.screenshot(path=str(DOCS / "risk-heat-map-en.png"), full_page=True)

    # An indicator crosses its threshold: a rectification notice passes its deadline (3.4.2); the hourly evaluation
    # raises the warning at once and notifies the head (7.3.2), only once however often it runs.
    notice = RectificationNotice.objects.create(project=project, finding="Handrail loose", requirement="Fix it",
                                                responsible=users["service"], issued_by=users["inspector"],
                                                deadline=today - datetime.timedelta(days=1))  # fmt: skip
    evaluate_indicators()
    evaluate_indicators()
    warning = RiskWarning.objects.get(indicator__code="risk-overdue-rectifications", project=project)
    assert Notification.objects.filter(recipient=users["head"], url=f"/risk/warnings/{warning.pk}/").count() == 1
    b.login("head")
    b.go("/")
    b.go("/notifications/")
    note = page.get_by_test_id("notification").first.inner_text()  # in the head's own language
    assert project.code in note and "7.3.2" in note
    b.go("/risk/warnings/")
    page.get_by_test_id("warning-row").first.locator("a").first.click()
    assert page.get_by_test_id("warning-status").inner_text().strip() == "Open"
    submit_form(b, "warning-handle-form", {"analysis": "The contractor missed the deadline.",
                                           "action_taken": "Escalated to the contractor's manager."},
                "warning-handle-save")  # fmt: skip
    assert page.get_by_test_id("warning-status").inner_text().strip() == "Handled"
    b.shot("05-warning-handled")

    # Back under the threshold: the next evaluation closes the handled warning.
    RectificationNotice.objects.filter(pk=notice.pk).update(status="closed")
    evaluate_indicators()
    page.reload()
    assert page.get_by_test_id("warning-status").inner_text().strip() == "Closed"
    b.shot("06-warning-closed")
