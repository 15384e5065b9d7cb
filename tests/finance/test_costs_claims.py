"""Costs (6.3.2) and expense claims (6.3.3): items with receipts, the manager's and finance's review, the executive
over a standard, rejection with the reason, payment turning items into cost entries; an employee sees only its own
claims; money refused when negative or malformed."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.http import Http404

from core.workflow import ConditionFailed, TransitionNotAllowed, TransitionPermissionDenied
from finance.choices import ClaimStatus
from finance.models import CostEntry, ExpenseClaim, FinanceCategory
from finance.services import claim_attach, claim_create, claim_item_add, claim_transition, cost_record
from finance.workflows import CLAIM_WORKFLOW

TODAY = datetime.date.today


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


def cat(code):
    return FinanceCategory.objects.get(code=code)


def claim_with(users, amounts=("120.00",), category="travel", who="employee", receipts=True):
    claim = claim_create(actor=users[who], purpose="Client visit in Hangzhou")
    for amount in amounts:
        claim_item_add(actor=users[who], pk=claim.pk, category=cat(category), spent_on=TODAY(), amount=amount,
                       description="Train tickets")  # fmt: skip
    if receipts:
        claim_attach(actor=users[who], pk=claim.pk, files=[ContentFile(b"%PDF receipt", name="receipt.pdf")])
    return claim


@pytest.mark.django_db
def test_a_claim_needs_items_and_receipts_and_only_its_claimant_submits(users):
    bare = claim_create(actor=users["employee"], purpose="Trip")
    with pytest.raises(ConditionFailed) as exc:
        claim_transition(actor=users["employee"], pk=bare.pk, target="submitted")
    assert [f.split(" ")[0] for f in exc.value.failures] == ["6.3.3", "6.3.3"]
    claim = claim_with(users)
    with pytest.raises(PermissionDenied):  # someone else's draft is not theirs to change
        claim_item_add(actor=users["finance"], pk=claim.pk, category=cat("travel"), spent_on=TODAY(), amount="1",
                       description="x")  # fmt: skip
    for bad in ("-5", "0", "abc", "1.234"):
        with pytest.raises(ValidationError):
            claim_item_add(actor=users["employee"], pk=claim.pk, category=cat("travel"), spent_on=TODAY(),
                           amount=bad, description="x")  # fmt: skip
    with pytest.raises(ValidationError):  # an expense category only
        claim_item_add(actor=users["employee"], pk=claim.pk, category=cat("staff"), spent_on=TODAY(), amount="1",
                       description="x")  # fmt: skip
    claim_transition(actor=users["employee"], pk=claim.pk, target="submitted")
    assert ExpenseClaim.objects.get(pk=claim.pk).submitted_at is not None


@pytest.mark.django_db
def test_within_standard_the_manager_and_finance_approve_then_payment_records_the_cost(users, project):
    claim = claim_with(users, amounts=("120.00", "80.50"))
    claim_transition(actor=users["employee"], pk=claim.pk, target="submitted")
    with pytest.raises(TransitionPermissionDenied):
        claim_transition(actor=users["finance"], pk=claim.pk, target="manager_approved")
    claim_transition(actor=users["head"], pk=claim.pk, target="manager_approved", comment="Real and reasonable.")
    claim.refresh_from_db()
    offered = [o["transition"].target for o in CLAIM_WORKFLOW.options(claim, users["finance"])]
    assert offered == ["approved", "rejected"]  # no executive route within the standards
    claim_transition(actor=users["finance"], pk=claim.pk, target="approved", comment="Compliant.")
    claim_transition(actor=users["finance"], pk=claim.pk, target="paid")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID and claim.paid_on == TODAY()
    entries = CostEntry.objects.filter(claim_item__claim=claim)
    assert sorted(e.amount for e in entries) == [Decimal("80.50"), Decimal("120.00")]
    assert sum(e.amount for e in entries) == claim.total == Decimal("200.50")  # reconciles to the cent


@pytest.mark.django_db
def test_over_standard_needs_the_executive_and_a_rejection_says_why(users):
    claim = claim_with(users, amounts=("3500.00",))  # travel's standard is 3,000 per item
    claim_transition(actor=users["employee"], pk=claim.pk, target="submitted")
    claim_transition(actor=users["head"], pk=claim.pk, target="manager_approved")
    with pytest.raises(ConditionFailed) as exc:
        claim_transition(actor=users["finance"], pk=claim.pk, target="approved")
    assert exc.value.clause == "6.3.3" and "6.3.1" in str(exc.value)
    claim_transition(actor=users["finance"], pk=claim.pk, target="executive_review")
    with pytest.raises(ConditionFailed):  # a rejection needs its reason
        claim_transition(actor=users["executive"], pk=claim.pk, target="rejected")
    claim_transition(actor=users["executive"], pk=claim.pk, target="rejected", comment="Book economy class.")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REJECTED and claim.rejection_reason == "Book economy class."
    assert not CostEntry.objects.exists()


@pytest.mark.django_db
def test_nobody_reviews_their_own_claim(users):
    claim = claim_with(users, who="head")
    claim_transition(actor=users["head"], pk=claim.pk, target="submitted")
    with pytest.raises(ConditionFailed) as exc:
        claim_transition(actor=users["head"], pk=claim.pk, target="manager_approved")
    assert "own claim" in str(exc.value)


@pytest.mark.django_db
def test_an_employee_sees_only_its_own_claims(users):
    from tests.factories import UserFactory

    mine = claim_with(users)
    theirs = claim_with({**users, "colleague": UserFactory(username="colleague", roles=["employee"])}, who="colleague")
    assert set(ExpenseClaim.objects.visible_to(users["employee"])) == {mine}
    assert set(ExpenseClaim.objects.visible_to(users["finance"])) == {mine, theirs}
    assert not ExpenseClaim.objects.visible_to(users["client"]).exists()
    with pytest.raises(Http404):
        claim_transition(actor=users["employee"], pk=theirs.pk, target="submitted")


@pytest.mark.django_db
def test_costs_are_classified_and_refuse_bad_input(users, project):
    entry = cost_record(actor=users["finance"], category=cat("marketing"), amount="1,500.00", incurred_on=TODAY(),
                        description="Weekend fair", project=project)  # fmt: skip
    assert entry.amount == Decimal("1500.00") and entry.project == project
    for kwargs in ({"amount": "-1"}, {"category": cat("service-fees")},
                   {"incurred_on": TODAY() + datetime.timedelta(days=2)}):  # fmt: skip
        values = {"category": cat("marketing"), "amount": "1", "incurred_on": TODAY(), "description": "x", **kwargs}
        with pytest.raises(ValidationError):
            cost_record(actor=users["finance"], **values)
    with pytest.raises(PermissionDenied):
        cost_record(actor=users["head"], category=cat("marketing"), amount="1", incurred_on=TODAY(), description="x")


STATES = ClaimStatus.values
PAIRS = list(itertools.product(STATES, STATES))
ALLOWED = {(t.source, t.target): t for t in CLAIM_WORKFLOW.transitions}
OWNER = {"finance.change_expenseclaim": "employee", "finance.review_claim_manager": "head",
         "finance.review_claim_finance": "finance", "finance.approve_claim_over_standard": "executive",
         "finance.pay_claim": "finance"}  # fmt: skip
PATH = {"draft": [], "submitted": ["submitted"], "manager_approved": ["submitted", "manager_approved"],
        "executive_review": ["submitted", "manager_approved", "executive_review"],
        "approved": ["submitted", "manager_approved", "executive_review", "approved"],
        "paid": ["submitted", "manager_approved", "executive_review", "approved", "paid"],
        "rejected": ["submitted", "rejected"]}  # fmt: skip
BY = {"submitted": "employee", "manager_approved": "head", "executive_review": "finance", "approved": "executive",
      "paid": "finance", "rejected": "head"}  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_every_claim_pair(source, target, users):
    over = target == "executive_review" or "executive_review" in PATH[source]
    claim = claim_with(users, amounts=("3500.00" if over else "100.00",))
    for step in PATH[source]:
        claim_transition(actor=users[BY[step]], pk=claim.pk, target=step, comment="Reason.")
    transition = ALLOWED.get((source, target))
    if transition is None:
        with pytest.raises(TransitionNotAllowed):
            claim_transition(actor=users["admin"], pk=claim.pk, target=target, comment="c")
        return
    owner = OWNER[transition.permission]
    if source == "executive_review" and transition.permission == "finance.approve_claim_over_standard":
        owner = "executive"
    for name in ("market", "planner", "inspector", "legal", "auditor"):
        with pytest.raises((PermissionDenied, Http404)):
            claim_transition(actor=users[name], pk=claim.pk, target=target, comment="c")
    claim_transition(actor=users[owner], pk=claim.pk, target=target, comment="Reason.", expected_source=source)
    claim.refresh_from_db()
    assert claim.status == target
