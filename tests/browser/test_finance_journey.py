"""A real-browser journey through chapter 6: the head prepares a project's budget, finance reviews it, the executive
approves it, editing it is then refused (6.1.3); an adjustment goes through its own approval and a new version is in
force; finance records costs; an employee's over-standard expense claim goes through the manager, finance and the
executive to payment; the budget-vs-actual page shows the overrun and the early warning raised for it (6.4.2),
which the head handles. Screenshots in test-artifacts/screenshots/finance/."""

import datetime
from pathlib import Path

import pytest

from finance.models import Budget, ExpenseClaim, FinanceCategory
from risk.models import RiskWarning
from risk.services import evaluate_indicators
from tests.browser.support import Browser, fill

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots" / "finance"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit_form(b, form_testid, fields, submit_testid):
    form = b.page.get_by_test_id(form_testid)
    fill(form, fields)
    with b.page.expect_navigation():
        form.get_by_test_id(submit_testid).click()


def decide(b, prefix, target, comment="ok"):
    b.modal_submit(f"{prefix}transition-{target}", f"{prefix}transition-form-{target}", {"comment": comment},
                   f"confirm-{prefix}transition-{target}")  # fmt: skip
    b.expect_success()


def test_budget_to_early_warning(chromium_available, live_server, page, users, project, tmp_path):
    b = Browser(page, live_server, SHOTS)
    today = datetime.date.today()
    cat = {c.code: c.pk for c in FinanceCategory.objects.all()}

    # The head prepares the project's budget: revenue, cost and expense by month, with its assumptions (6.1.1-6.1.2).
    b.login("head")
    b.go("/finance/")
    page.get_by_test_id("budget-create").click()
    submit_form(b, "budget-form", {"project": str(project.pk), "assumptions": "Footfall +5 %; a competitor opens."},
                "budget-save")  # fmt: skip
    b.expect_success()
    budget = Budget.objects.get(project=project)
    grid = {f"line-{cat[c]}-{m}": amount for c, amount in (("service-fees", "50000"), ("staff", "10000"),
                                                            ("travel", "1000")) for m in range(1, 13)}  # fmt: skip
    submit_form(b, "budget-lines-form", grid, "budget-lines-save")
    b.expect_success()
    decide(b, "budget-", "submitted", "Budget 2026.")
    b.shot("01-head-budget-submitted")

    # Finance reviews, the executive approves (6.1.3).
    b.login("finance")
    b.go(f"/finance/budgets/{budget.pk}/")
    decide(b, "budget-", "reviewed", "Figures check out.")
    b.login("executive")
    b.go(f"/finance/budgets/{budget.pk}/")
    decide(b, "budget-", "approved", "Approved.")
    budget.refresh_from_db()
    assert budget.status == "approved" and budget.version == 1

    # Editing is refused: the grid is read-only and a posted change is refused citing 6.1.3.
    b.login("head")
    b.go(f"/finance/budgets/{budget.pk}/")
    assert page.get_by_test_id("budget-locked").is_visible() and page.get_by_test_id("budget-lines-form").count() == 0
    b.shot("02-head-budget-locked")

    # An adjustment: staff costs up from this month on; finance reviews, the executive approves; version 2.
    page.get_by_test_id("adjustment-create").click()
    changes = {f"line-{cat['staff']}-{m}": "14000" for m in range(today.month, 13)}
    submit_form(b, "adjustment-form", {"reason": "A second team for the new wing.", **changes}, "adjustment-save")
    b.expect_success()
    adjustment_url = page.url
    decide(b, "adjustment-", "submitted", "Please review.")
    b.login("finance")
    page.goto(adjustment_url)
    decide(b, "adjustment-", "reviewed", "Reasonable.")
    b.login("executive")
    page.goto(adjustment_url)
    decide(b, "adjustment-", "approved", "Approved.")
    budget.refresh_from_db()
    assert budget.version == 2
    b.shot("03-executive-adjustment-approved")

    # Finance records the staff costs so far: far above the budget.
    b.login("finance")
    b.go("/finance/costs/")
    submit_form(b, "cost-form", {"category": str(cat["staff"]), "project": str(project.pk), "amount": "150000",
                                 "incurred_on": today.isoformat(), "description": "Payroll and overtime"},
                "cost-save")  # fmt: skip
    b.expect_success()

    # An employee claims 4,200 of travel (over the 3,000 standard) with the receipt: manager, finance, executive, paid.
    receipt = tmp_path / "receipt.pdf"
    receipt.write_bytes(b"%PDF-1.4 receipt")
    b.login("employee")
    b.go("/finance/claims/new/")
    submit_form(b, "claim-form", {"purpose": "Leasing fair in Beijing"}, "claim-save")
    claim = ExpenseClaim.objects.get()
    submit_form(b, "item-form", {"category": str(cat["travel"]), "spent_on": today.isoformat(), "amount": "4200",
                                 "description": "Train and hotel"}, "item-add")  # fmt: skip
    submit_form(b, "receipts-form", {"files": str(receipt)}, "receipts-save")
    assert page.get_by_test_id("item-over-standard").is_visible()
    decide(b, "claim-", "submitted", "")
    b.login("head")
    page.goto(f"{b.base}{claim.get_absolute_url()}")
    decide(b, "claim-", "manager_approved", "Genuine and reasonable.")
    b.login("finance")
    page.goto(f"{b.base}{claim.get_absolute_url()}")
    assert page.get_by_test_id("claim-transition-approved").count() == 0  # over standard: only to the executive
    decide(b, "claim-", "executive_review", "Over the travel standard.")
    b.login("executive")
    page.goto(f"{b.base}{claim.get_absolute_url()}")
    decide(b, "claim-", "approved", "Agreed: a peak week.")
    b.login("finance")
    page.goto(f"{b.base}{claim.get_absolute_url()}")
    decide(b, "claim-", "paid", "")
    claim.refresh_from_db()
    assert claim.status == "paid"
    b.shot("04-finance-claim-paid")

    # The hourly evaluation raises the early warning; the budget-vs-actual page shows it; the head handles it.
    evaluate_indicators()
    warning = RiskWarning.objects.get(indicator__code="finance-spending-ahead", project=project)
    b.login("head")
    b.go(f"/finance/budgets/{budget.pk}/actual/")
    assert page.get_by_test_id("early-warning").count() >= 1
    assert page.get_by_test_id("overruns").is_visible()
    b.shot("05-head-budget-vs-actual")
    b.go(f"/risk/warnings/{warning.pk}/")
    submit_form(b, "warning-handle-form", {"analysis": "Overtime for the opening.",
                                           "action_taken": "Overtime frozen; hiring moved to Q1."},
                "warning-handle-save")  # fmt: skip
    b.expect_success()
    warning.refresh_from_db()
    assert warning.status == "handled"
    b.shot("06-head-warning-handled")
