"""Budgets (6.1): three kinds of lines by category and month, finance review, the executive's approval, locked
afterwards (6.1.3); adjustments with their own approval, every version kept, budget-vs-actual against the version
in force in each month; money exact to the cent."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from core.models import Approval
from core.workflow import ConditionFailed, TransitionNotAllowed, TransitionPermissionDenied
from finance.choices import AdjustmentStatus, BudgetStatus
from finance.models import Budget, BudgetVersion, FinanceCategory
from finance.selectors import budget_vs_actual
from finance.services import (
    adjustment_request,
    adjustment_transition,
    budget_create,
    budget_lines_set,
    budget_transition,
    cost_record,
    invoice_record,
    money,
)
from finance.workflows import ADJUSTMENT_WORKFLOW, BUDGET_WORKFLOW

YEAR = datetime.date.today().year
THIS_MONTH = datetime.date.today().month


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


def cat(code):
    return FinanceCategory.objects.get(code=code)


def lines(**per_month):
    """{"service-fees": "1000"} → every month of the year at that amount."""
    return {(cat(code).pk, m): amount for code, amount in per_month.items() for m in range(1, 13)}


@pytest.fixture
def budget(users, project):
    budget = budget_create(actor=users["head"], year=YEAR, project=project,
                           assumptions="Footfall +5 %; a competitor opens in June.")  # fmt: skip
    budget_lines_set(
        actor=users["head"],
        pk=budget.pk,
        lines=lines(**{"service-fees": "100000.00", "staff": "40000.00", "travel": "2000.00"}),
    )
    return budget


def approve(users, budget):
    budget_transition(actor=users["head"], pk=budget.pk, target="submitted")
    budget_transition(actor=users["finance"], pk=budget.pk, target="reviewed", comment="Figures check out.")
    return budget_transition(actor=users["executive"], pk=budget.pk, target="approved", comment="Approved.")


@pytest.mark.django_db
def test_money_is_exact_and_never_negative():
    assert money("1,250.5") == Decimal("1250.50")
    for bad in ("-1", "abc", "1.001", "NaN", "Infinity", "1e13", ""):
        with pytest.raises(ValidationError):
            money(bad)


@pytest.mark.django_db
def test_a_budget_needs_all_three_kinds_and_its_assumptions(users, project):
    budget = budget_create(actor=users["head"], year=YEAR, project=project)
    with pytest.raises(ConditionFailed) as exc:
        budget_transition(actor=users["head"], pk=budget.pk, target="submitted")
    assert [f.split(" ")[0] for f in exc.value.failures] == ["6.1.1", "6.1.1", "6.1.2"]
    budget_lines_set(actor=users["head"], pk=budget.pk, lines=lines(staff="10.00"))
    budget.assumptions = "x"
    Budget.objects.filter(pk=budget.pk).update(assumptions="Steady market.")
    with pytest.raises(ConditionFailed) as exc:
        budget_transition(actor=users["head"], pk=budget.pk, target="submitted")
    assert "revenue, cost and expense" in str(exc.value)
    with pytest.raises(ValidationError):  # one budget per project and year
        budget_create(actor=users["head"], year=YEAR, project=project)
    with pytest.raises(PermissionDenied):
        budget_create(actor=users["planner"], year=YEAR + 1, project=project)


@pytest.mark.django_db
def test_bad_lines_are_refused_and_nothing_is_saved(users, budget):
    before = list(budget.lines.values_list("category_id", "month", "amount"))
    for bad in ({(cat("staff").pk, 13): "1"}, {(cat("staff").pk, 1): "-5"}, {(999999, 1): "1"},
                {(cat("staff").pk, 1): "12.345"}):  # fmt: skip
        with pytest.raises(ValidationError):
            budget_lines_set(actor=users["head"], pk=budget.pk, lines=bad)
    assert list(budget.lines.values_list("category_id", "month", "amount")) == before


@pytest.mark.django_db
def test_approved_budgets_are_locked_and_change_only_by_an_approved_adjustment(users, budget):
    approve(users, budget)
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.APPROVED and budget.version == 1
    assert [a.step for a in Approval.objects.for_object(budget).order_by("id")] == ["budget:finance",
                                                                                   "budget:executive"]  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        budget_lines_set(actor=users["head"], pk=budget.pk, lines={(cat("staff").pk, 7): "90000.00"})
    assert "6.1.3" in str(exc.value)
    if THIS_MONTH > 1:
        with pytest.raises(ValidationError) as exc:  # the months gone keep the budget they were judged by
            adjustment_request(
                actor=users["head"],
                budget_pk=budget.pk,
                reason="Back-dated.",
                changes={(cat("staff").pk, 1): "1.00"},
                effective_from=datetime.date(YEAR, 1, 1),
            )
        assert "6.1.3" in str(exc.value)
    adjustment = adjustment_request(actor=users["head"], budget_pk=budget.pk, reason="A second site opens.",
                                    changes={(cat("staff").pk, m): "60000.00" for m in range(THIS_MONTH, 13)},
                                    effective_from=datetime.date(YEAR, THIS_MONTH, 1))  # fmt: skip
    adjustment_transition(actor=users["head"], pk=adjustment.pk, target="submitted")
    with pytest.raises(TransitionPermissionDenied):  # finance reviews, not the requester
        adjustment_transition(actor=users["head"], pk=adjustment.pk, target="reviewed")
    adjustment_transition(actor=users["finance"], pk=adjustment.pk, target="reviewed", comment="ok")
    adjustment_transition(actor=users["executive"], pk=adjustment.pk, target="approved", comment="ok")
    budget.refresh_from_db()
    assert budget.version == 2
    v1, v2 = BudgetVersion.objects.filter(budget=budget).order_by("number")
    assert v1.amount(cat("staff").pk, THIS_MONTH) == Decimal("40000.00")  # every approved version is kept
    assert v2.amount(cat("staff").pk, THIS_MONTH) == Decimal("60000.00") and v2.adjustment == adjustment
    assert budget.lines.get(category=cat("staff"), month=THIS_MONTH).amount == Decimal("60000.00")

    # budget-vs-actual judges each month by the version in force then
    cost_record(
        actor=users["finance"],
        category=cat("staff"),
        amount="45000.00",
        incurred_on=datetime.date(YEAR, 3, 31) if THIS_MONTH > 3 else datetime.date.today(),
        description="March payroll",
        project=budget.project,
    )
    report = budget_vs_actual(budget)
    staff = next(r for r in report["rows"] if r["category"].code == "staff")
    assert staff["budget"][THIS_MONTH - 1] == Decimal("60000.00")
    assert staff["actual"][2 if THIS_MONTH > 3 else THIS_MONTH - 1] >= Decimal("45000.00")
    assert report["versions"][THIS_MONTH] == 2
    if THIS_MONTH > 1:
        assert staff["budget"][0] == Decimal("40000.00") and report["versions"][1] == 1
    months_new = 13 - THIS_MONTH
    assert staff["budget_total"] == Decimal("40000.00") * (12 - months_new) + Decimal("60000.00") * months_new


@pytest.mark.django_db
def test_an_adjustment_on_a_superseded_version_is_refused(users, budget):
    approve(users, budget)
    first = adjustment_request(actor=users["head"], budget_pk=budget.pk, reason="r1",
                               changes={(cat("travel").pk, 5): "3000.00"})  # fmt: skip
    second = adjustment_request(actor=users["head"], budget_pk=budget.pk, reason="r2",
                                changes={(cat("travel").pk, 6): "3000.00"})  # fmt: skip
    for step, who in (("submitted", "head"), ("reviewed", "finance"), ("approved", "executive")):
        adjustment_transition(actor=users[who], pk=first.pk, target=step, comment="ok")
    with pytest.raises(ConditionFailed) as exc:
        adjustment_transition(actor=users["head"], pk=second.pk, target="submitted")
    assert "version in force" in str(exc.value)
    with pytest.raises(ValidationError):  # a change that changes nothing
        adjustment_request(actor=users["head"], budget_pk=budget.pk, reason="r3",
                           changes={(cat("travel").pk, 5): "3000.00"})  # fmt: skip


@pytest.mark.django_db
def test_revenue_and_weak_spots(users, budget, project):
    from tests.helpers import sign_contract

    approve(users, budget)
    contract = sign_contract(project, users, amount="500000.00")
    invoice_record(actor=users["finance"], contract_pk=contract.pk, number="FP-1", amount=Decimal("90000.00"),
                   issued_on=datetime.date.today())  # fmt: skip
    cost_record(actor=users["finance"], category=cat("travel"), amount="39000.00", incurred_on=datetime.date.today(),
                description="Trips", project=project)  # fmt: skip
    report = budget_vs_actual(budget)
    month = datetime.date.today().month
    assert report["revenue"]["actual"][month - 1] == Decimal("90000.00")
    assert report["overruns"][0]["category"].code == "travel"
    assert report["kinds"]["expense"]["actual"] == Decimal("39000.00")


@pytest.mark.django_db
def test_budgets_are_internal(users, budget, other_project):
    for role, sees in (("finance", True), ("head", True), ("executive", True), ("auditor", False),  # no engagement
                       ("market", False), ("planner", False), ("employee", False), ("client", False)):  # fmt: skip
        assert Budget.objects.visible_to(users[role]).exists() is sees, role
    with pytest.raises(PermissionDenied):
        budget_lines_set(actor=users["market"], pk=budget.pk, lines={})


PAIRS = list(itertools.product(BudgetStatus.values, BudgetStatus.values))
ALLOWED = {(t.source, t.target): t for t in BUDGET_WORKFLOW.transitions}
OWNER = {"finance.change_budget": "head", "finance.review_budget": "finance", "finance.approve_budget": "executive"}
PATH = {"draft": [], "submitted": ["submitted"], "reviewed": ["submitted", "reviewed"],
        "approved": ["submitted", "reviewed", "approved"]}  # fmt: skip
BY = {"submitted": "head", "reviewed": "finance", "approved": "executive"}


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_every_budget_pair(source, target, users, budget):
    for step in PATH[source]:
        budget_transition(actor=users[BY[step]], pk=budget.pk, target=step, comment="c")
    transition = ALLOWED.get((source, target))
    if transition is None:
        with pytest.raises(TransitionNotAllowed):
            budget_transition(actor=users["admin"], pk=budget.pk, target=target, comment="c")
        return
    for name in ("market", "planner", "inspector", "legal", "auditor", "employee"):
        with pytest.raises((PermissionDenied, Http404)):
            budget_transition(actor=users[name], pk=budget.pk, target=target, comment="c")
    budget_transition(actor=users[OWNER[transition.permission]], pk=budget.pk, target=target, comment="c",
                      expected_source=source)  # fmt: skip
    budget.refresh_from_db()
    assert budget.status == target


ADJ_PAIRS = list(itertools.product(AdjustmentStatus.values, AdjustmentStatus.values))
ADJ_ALLOWED = {(t.source, t.target): t for t in ADJUSTMENT_WORKFLOW.transitions}
ADJ_PATH = {"draft": [], "submitted": ["submitted"], "reviewed": ["submitted", "reviewed"],
            "approved": ["submitted", "reviewed", "approved"], "rejected": ["submitted", "rejected"]}  # fmt: skip
ADJ_BY = {"submitted": "head", "reviewed": "finance", "approved": "executive", "rejected": "finance"}
ADJ_OWNER = {"finance.change_budgetadjustment": "head", "finance.review_budget": "finance",
             "finance.approve_budget": "executive"}  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), ADJ_PAIRS, ids=[f"{a}->{b}" for a, b in ADJ_PAIRS])
def test_every_adjustment_pair(source, target, users, budget):
    approve(users, budget)
    adjustment = adjustment_request(actor=users["head"], budget_pk=budget.pk, reason="r",
                                    changes={(cat("travel").pk, 12): "2500.00"})  # fmt: skip
    for step in ADJ_PATH[source]:
        adjustment_transition(actor=users[ADJ_BY[step]], pk=adjustment.pk, target=step, comment="c")
    transition = ADJ_ALLOWED.get((source, target))
    if transition is None:
        with pytest.raises(TransitionNotAllowed):
            adjustment_transition(actor=users["admin"], pk=adjustment.pk, target=target, comment="c")
        return
    for name in ("market", "planner", "inspector", "legal", "auditor", "employee"):
        with pytest.raises((PermissionDenied, Http404)):
            adjustment_transition(actor=users[name], pk=adjustment.pk, target=target, comment="c")
    adjustment_transition(actor=users[ADJ_OWNER[transition.permission]], pk=adjustment.pk, target=target,
                          comment="c", expected_source=source)  # fmt: skip
    adjustment.refresh_from_db()
    assert adjustment.status == target
