"""The financial early warning (6.4.2) through the risk indicators (7.3.2): an overrunning project raises one
warning, however often the evaluation runs; it stays open until handled, escalates when it worsens, and closes once
back within the threshold; receivables overdue and revenue shortfalls are indicators too."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.models import Notification
from finance.models import FinanceCategory
from finance.services import budget_create, budget_lines_set, budget_transition, cost_record, invoice_record
from risk.models import IndicatorReading, RiskWarning
from risk.services import evaluate_indicators, warning_handle

TODAY = datetime.date.today()


def cat(code):
    return FinanceCategory.objects.get(code=code)


@pytest.fixture
def approved(users, project):
    budget = budget_create(actor=users["head"], year=TODAY.year, project=project, assumptions="Steady.")
    lines = {(cat(code).pk, m): amount for code, amount in (("service-fees", "10000.00"), ("staff", "1000.00"),
                                                             ("travel", "100.00")) for m in range(1, 13)}  # fmt: skip
    budget_lines_set(actor=users["head"], pk=budget.pk, lines=lines)
    for target, who in (("submitted", "head"), ("reviewed", "finance"), ("approved", "executive")):
        budget_transition(actor=users[who], pk=budget.pk, target=target, comment="ok")
    return budget


def warnings_of(code, project):
    return RiskWarning.objects.filter(indicator__code=code, project=project)


@pytest.mark.django_db
def test_overspending_raises_one_warning_until_handled_and_back_within(users, project, approved):
    # the whole year's cost and expense budget is 13,200: spending 26,400 by today is far ahead of the year
    cost_record(actor=users["finance"], category=cat("staff"), amount="26400.00", incurred_on=TODAY,
                description="Payroll and bonuses", project=project)  # fmt: skip
    evaluate_indicators()
    evaluate_indicators()  # a doubled run changes nothing
    warning = warnings_of("finance-spending-ahead", project).get()
    assert warning.status == "open" and warning.level in ("warning", "critical")
    assert IndicatorReading.objects.filter(indicator=warning.indicator, project=project, day=TODAY).count() == 1
    assert Notification.objects.filter(recipient=users["finance"],
                                       dedupe_key__startswith=f"risk-warning:{warning.pk}:").count() == 1  # fmt: skip
    with pytest.raises(ValidationError):  # the handling needs the analysis and the action
        warning_handle(actor=users["head"], pk=warning.pk, analysis="", action_taken="")
    warning_handle(actor=users["head"], pk=warning.pk, analysis="Bonuses paid early.",
                   action_taken="Freeze overtime until Q4.")  # fmt: skip
    evaluate_indicators()
    warning.refresh_from_db()
    assert warning.status == "handled" and warnings_of("finance-spending-ahead", project).count() == 1


@pytest.mark.django_db
def test_a_warning_closes_once_the_value_is_back_and_a_new_breach_raises_a_new_one(users, project, approved):
    from risk.models import Indicator

    indicator = Indicator.objects.get(code="finance-receivables-overdue")
    from tests.helpers import sign_contract

    contract = sign_contract(project, users, amount="500000.00")
    invoice = invoice_record(actor=users["finance"], contract_pk=contract.pk, number="FP-9", amount=Decimal("500.00"),
                             issued_on=TODAY - datetime.timedelta(days=40),
                             due_on=TODAY - datetime.timedelta(days=10))  # fmt: skip
    evaluate_indicators()
    warning = warnings_of(indicator.code, project).get()
    warning_handle(actor=users["finance"], pk=warning.pk, analysis="Client forgot.", action_taken="Called them.")
    from finance.services import invoice_receive

    invoice_receive(actor=users["finance"], pk=invoice.pk, received_on=TODAY)
    evaluate_indicators()
    warning.refresh_from_db()
    assert warning.status == "closed" and warning.latest_value == Decimal("0.00")
    late = {"issued_on": TODAY - datetime.timedelta(days=40), "due_on": TODAY - datetime.timedelta(days=1)}
    invoice_record(actor=users["finance"], contract_pk=contract.pk, number="FP-10", amount=Decimal("700.00"), **late)
    evaluate_indicators()
    assert warnings_of(indicator.code, project).count() == 2  # a new breach, a new warning


@pytest.mark.django_db
def test_revenue_shortfall_and_escalation(users, project, approved):
    mid_year = datetime.date(TODAY.year, 7, 15)
    evaluate_indicators(today=mid_year)  # nothing invoiced against 10,000 a month until June: a critical shortfall
    warning = warnings_of("finance-revenue-shortfall", project).get()
    assert warning.level == "critical" and warning.value == Decimal("100.00")
    from risk.models import Indicator

    indicator = Indicator.objects.get(code="finance-spending-ahead")
    Indicator.objects.filter(pk=indicator.pk).update(warning_threshold=Decimal("0"), critical_threshold=100)
    evaluate_indicators(today=mid_year)
    spending = warnings_of("finance-spending-ahead", project).get()
    assert spending.level == "warning"
    warning_handle(actor=users["head"], pk=spending.pk, analysis="a", action_taken="b")
    Indicator.objects.filter(pk=indicator.pk).update(critical_threshold=Decimal("0"))
    evaluate_indicators(today=mid_year)
    spending.refresh_from_db()
    # worse than when handled: critical, open again and announced again
    assert (spending.level, spending.status) == ("critical", "open")
    assert warnings_of("finance-spending-ahead", project).count() == 1
    assert Notification.objects.filter(dedupe_key=f"risk-warning:{spending.pk}:critical").exists()
