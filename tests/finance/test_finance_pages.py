"""Finance pages: forms post to the services (refusals as messages citing the clause), exports honour the filters,
and every list and the budget-vs-actual page run a constant number of queries."""

import datetime

import pytest
from django.core.files.base import ContentFile

from finance.models import Budget, FinanceCategory
from finance.services import (
    adjustment_request,
    budget_create,
    budget_lines_set,
    budget_transition,
    claim_attach,
    claim_create,
    claim_item_add,
    claim_transition,
    cost_record,
    engagement_create,
)
from tests.factories import ProjectFactory

TODAY = datetime.date.today()


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["django_language"] = "en"


def cat(code):
    return FinanceCategory.objects.get(code=code)


def approved_budget(users, project):
    budget = budget_create(actor=users["head"], year=TODAY.year, project=project, assumptions="Steady.")
    budget_lines_set(actor=users["head"], pk=budget.pk, lines={(cat(c).pk, m): "100.00" for c in ("service-fees",
                                                               "staff", "travel") for m in range(1, 13)})  # fmt: skip
    for target, who in (("submitted", "head"), ("reviewed", "finance"), ("approved", "executive")):
        budget_transition(actor=users[who], pk=budget.pk, target=target, comment="ok")
    return budget


def grow(users, n):
    for _ in range(n):
        project = ProjectFactory()
        budget = approved_budget(users, project)
        adjustment_request(actor=users["head"], budget_pk=budget.pk, reason="r",
                           changes={(cat("travel").pk, 12): "150.00"})  # fmt: skip
        cost_record(actor=users["finance"], category=cat("staff"), amount="90.00", incurred_on=TODAY,
                    description="Payroll", project=project)  # fmt: skip
        claim = claim_create(actor=users["employee"], purpose="Trip")
        claim_item_add(actor=users["employee"], pk=claim.pk, category=cat("travel"), spent_on=TODAY, amount="10.00",
                       description="Taxi")  # fmt: skip
        claim_attach(actor=users["employee"], pk=claim.pk, files=[ContentFile(b"%PDF", name="r.pdf")])
        claim_transition(actor=users["employee"], pk=claim.pk, target="submitted")
        engagement_create(
            actor=users["finance"],
            title="Audit",
            kind="internal",
            period_start=TODAY,
            period_end=TODAY,
            expires_on=TODAY,
            auditors=[users["auditor"]],
            projects=[project],
        )


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/finance/", "/finance/costs/", "/finance/costs/?format=csv", "/finance/claims/",
                                 "/finance/audits/", "/finance/revenue/", "/finance/budgets/{budget}/",
                                 "/finance/budgets/{budget}/actual/",
                                 "/api/budgets/", "/api/costs/", "/api/expense-claims/", "/api/budget-adjustments/",
                                 "/risk/warnings/", "/"])  # fmt: skip
def test_finance_lists_run_a_constant_number_of_queries(client, users, project, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from risk.services import evaluate_indicators

    budget = approved_budget(users, project)
    grow(users, 1)
    evaluate_indicators()
    target = url.format(budget=budget.pk)
    client.force_login(users["head"])
    client.get(target)
    with CaptureQueriesContext(connection) as small:
        assert client.get(target).status_code == 200
    grow(users, 4)
    for month in range(1, 13):
        cost_record(actor=users["finance"], category=cat("travel"), amount="5.00",
                    incurred_on=datetime.date(TODAY.year, month, 1) if month <= TODAY.month else TODAY,
                    description="Taxi", project=project)  # fmt: skip
    evaluate_indicators()
    with CaptureQueriesContext(connection) as large:
        assert client.get(target).status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries][len(small) :]


@pytest.mark.django_db
def test_the_budget_pages_post_to_the_services(client, users, project):
    client.force_login(users["head"])
    created = client.post("/finance/budgets/new/", {"year": TODAY.year, "project": project.pk,
                                                    "assumptions": "Footfall +5 %."})  # fmt: skip
    budget = Budget.objects.get(project=project)
    assert created.status_code == 302 and created["Location"] == budget.get_absolute_url()
    grid = {f"line-{cat(c).pk}-{m}": "1,000.00" for c in ("service-fees", "staff", "travel") for m in range(1, 13)}
    client.post(f"/finance/budgets/{budget.pk}/lines/", grid)
    assert budget.totals()["revenue"] == 12000
    refused = client.post(f"/finance/budgets/{budget.pk}/lines/", {f"line-{cat('staff').pk}-1": "-3"}, follow=True)
    assert any("zero or more" in str(m) for m in refused.context["messages"])
    client.post(f"/finance/budgets/{budget.pk}/transition/", {"target": "submitted", "expected_source": "draft"})
    budget.refresh_from_db()
    assert budget.status == "submitted"
    locked = client.post(f"/finance/budgets/{budget.pk}/lines/", grid, follow=True)
    assert any("6.1.3" in str(m) for m in locked.context["messages"])


@pytest.mark.django_db
def test_revenue_is_analysed_against_the_budget_with_receivables(client, users, project):
    from decimal import Decimal

    from finance.services import invoice_record
    from tests.helpers import sign_contract

    approved_budget(users, project)
    contract = sign_contract(project, users, amount="500000.00")
    invoice_record(actor=users["finance"], contract_pk=contract.pk, number="FP-1", amount=Decimal("250.00"),
                   issued_on=TODAY, due_on=TODAY - datetime.timedelta(days=0))  # fmt: skip
    invoice_record(actor=users["finance"], contract_pk=contract.pk, number="FP-2", amount=Decimal("40.00"),
                   issued_on=TODAY - datetime.timedelta(days=5), due_on=TODAY - datetime.timedelta(days=1))  # fmt: skip
    client.force_login(users["finance"])
    report = client.get("/finance/revenue/").context["report"]
    row = report["rows"][0]
    assert row["project"] == project and row["contract"] == contract
    this_year = Decimal("290.00") if (TODAY - datetime.timedelta(days=5)).year == TODAY.year else Decimal("250.00")
    assert row["invoiced"] == this_year and row["overdue"] == Decimal("40.00")
    assert row["budget_to_date"] == Decimal("100.00") * TODAY.month
    assert report["trend"][TODAY.month - 1] >= Decimal("250.00")
    client.force_login(users["client"])
    assert client.get("/finance/revenue/").status_code == 403
