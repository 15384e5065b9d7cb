"""Performance tracking (8.2.1–8.2.2), the scheduled contract alerts, invoices, and archive and custody (8.3.1)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.test import override_settings
from django.utils import timezone

from contracts.models import ArchiveAccess, Contract, Obligation
from contracts.services import (
    borrowing_decide,
    borrowing_request,
    borrowing_return,
    contract_alerts,
    contract_archive,
    evaluation_record,
    obligation_add,
    obligation_fulfil,
)
from core.models import Notification
from finance.models import Invoice
from finance.services import invoice_record
from tests.helpers import sign_contract

TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def signed(users, project):
    return sign_contract(project, users, amount="800000.00")


def scan(name="signed.pdf"):
    return ContentFile(b"%PDF-1.4 signed scan", name=name)


# -- obligations and evaluations ---------------------------------------------------------------------------------
@pytest.mark.django_db
def test_obligations_are_tracked_and_fulfilled(users, signed):
    payment = obligation_add(actor=users["legal"], pk=signed.pk, description="Q1 fee", party="client", kind="payment",
                             amount=Decimal("200000"), due_on=TODAY() - datetime.timedelta(days=3),
                             responsible=users["finance"])  # fmt: skip
    with pytest.raises(ValidationError):  # a payment needs its amount
        obligation_add(actor=users["legal"], pk=signed.pk, description="Q2 fee", party="client", kind="payment",
                       due_on=TODAY())  # fmt: skip
    with pytest.raises(ValidationError):  # the responsible person is one of ours
        obligation_add(actor=users["legal"], pk=signed.pk, description="x", party="ours", kind="obligation",
                       due_on=TODAY(), responsible=users["client"])  # fmt: skip
    with pytest.raises(PermissionDenied):
        obligation_add(actor=users["planner"], pk=signed.pk, description="x", party="ours", kind="obligation",
                       due_on=TODAY())  # fmt: skip
    assert list(Obligation.objects.overdue()) == [payment] and payment.is_overdue
    with pytest.raises(ValidationError):  # how it was fulfilled is required
        obligation_fulfil(actor=users["finance"], pk=signed.pk, obligation_pk=payment.pk, note="")
    done = obligation_fulfil(actor=users["finance"], pk=signed.pk, obligation_pk=payment.pk, note="Received.")
    assert done.status == "done" and done.done_on == TODAY() and not Obligation.objects.overdue().exists()
    with pytest.raises(ValidationError):
        obligation_fulfil(actor=users["finance"], pk=signed.pk, obligation_pk=payment.pk, note="Again.")


@pytest.mark.django_db
def test_evaluations_need_measures_when_problems_are_found(users, signed, project):
    period = {"period_start": TODAY() - datetime.timedelta(days=90), "period_end": TODAY()}
    with pytest.raises(ValidationError) as exc:
        evaluation_record(actor=users["legal"], pk=signed.pk, rating="issues", findings="Late fees.", **period)
    assert "8.2.2" in str(exc.value)
    evaluation = evaluation_record(actor=users["legal"], pk=signed.pk, rating="issues", findings="Late fees.",
                                   measures="Monthly reminders.", **period)  # fmt: skip
    assert evaluation.evaluated_by == users["legal"]
    with pytest.raises(ValidationError):  # a future period is not evaluated yet
        evaluation_record(actor=users["legal"], pk=signed.pk, rating="good", findings="f",
                          period_start=TODAY(), period_end=TODAY() + datetime.timedelta(days=1))  # fmt: skip
    from contracts.services import contract_create
    from tests.helpers import CONTRACT_TERMS

    draft = contract_create(actor=users["market"], project_pk=project.pk, number="HT-D", **CONTRACT_TERMS)
    with pytest.raises(ValidationError):  # evaluated once signed
        evaluation_record(actor=users["legal"], pk=draft.pk, rating="good", findings="f", **period)


# -- invoices ----------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_invoices_are_internal_and_refuse_bad_amounts(users, signed):
    invoice = invoice_record(actor=users["finance"], contract_pk=signed.pk, number="FP-1", amount=Decimal("100.10"),
                             issued_on=TODAY())  # fmt: skip
    assert invoice.project == signed.project and invoice.currency == "CNY"
    for amount in (Decimal("0"), Decimal("-5")):
        with pytest.raises(ValidationError):
            invoice_record(actor=users["finance"], contract_pk=signed.pk, number="FP-2", amount=amount,
                           issued_on=TODAY())  # fmt: skip
    with pytest.raises(ValidationError):  # received before issued
        invoice_record(actor=users["finance"], contract_pk=signed.pk, number="FP-3", amount=Decimal("1"),
                       issued_on=TODAY(), received_on=TODAY() - datetime.timedelta(days=1))  # fmt: skip
    with pytest.raises(PermissionDenied):
        invoice_record(actor=users["legal"], contract_pk=signed.pk, number="FP-4", amount=Decimal("1"),
                       issued_on=TODAY())  # fmt: skip
    # an auditor reads finance records only through an audit engagement (6.4.3; tests/finance/test_audits.py)
    for role, sees in (("finance", True), ("auditor", False), ("market", False), ("client", False)):
        assert Invoice.objects.visible_to(users[role]).exists() is sees, role


# -- the scheduled alerts ----------------------------------------------------------------------------------------
@pytest.mark.django_db
@override_settings(CONTRACT_EXPIRY_ALERT_DAYS=60, CONTRACT_INVOICED_ALERT_PERCENT=80)
def test_contract_alerts_are_raised_once(users, project, other_project):
    today = TODAY()
    ending = sign_contract(project, users, amount="1000.00")
    Contract.objects.filter(pk=ending.pk).update(service_end=today + datetime.timedelta(days=20), notice_days=30)
    quiet = sign_contract(other_project, {**users, "market": users["head"]}, amount="1000.00")
    Contract.objects.filter(pk=quiet.pk).update(service_start=today, service_end=today + datetime.timedelta(days=400))
    invoice_record(actor=users["finance"], contract_pk=ending.pk, number="FP-A", amount=Decimal("800.00"),
                   issued_on=today)  # fmt: skip
    invoice_record(actor=users["finance"], contract_pk=quiet.pk, number="FP-B", amount=Decimal("799.99"),
                   issued_on=today)  # fmt: skip
    late = obligation_add(actor=users["legal"], pk=ending.pk, description="Deliver the report", party="ours",
                          kind="milestone", due_on=today - datetime.timedelta(days=1),
                          responsible=users["planner"])  # fmt: skip
    obligation_add(actor=users["legal"], pk=quiet.pk, description="Not yet", party="ours", kind="milestone",
                   due_on=today)  # fmt: skip
    Notification.objects.all().delete()

    first = contract_alerts(today=today)
    assert first["expiring"] > 0 and first["notice_window"] > 0 and first["invoiced"] > 0 and first["obligations"] > 0
    keys = set(Notification.objects.values_list("dedupe_key", flat=True))
    assert f"contract-expiring:{ending.pk}:{today + datetime.timedelta(days=20)}" in keys
    assert any(k.startswith(f"contract-notice-window:{ending.pk}:") for k in keys)
    assert any(k.startswith(f"contract-invoiced:{ending.pk}:") for k in keys)
    assert f"obligation-overdue:{late.pk}:{late.due_on}" in keys
    assert not any(f":{quiet.pk}:" in k for k in keys if k.startswith("contract-"))  # 799.99 < 80 %, ends later
    assert Notification.objects.filter(recipient=users["planner"], dedupe_key__startswith="obligation-").exists()
    count = Notification.objects.count()
    assert contract_alerts(today=today) == {"expiring": 0, "notice_window": 0, "invoiced": 0, "obligations": 0,
                                            "evaluations": 0}  # fmt: skip
    assert Notification.objects.count() == count  # a second run changes nothing


@pytest.mark.django_db
def test_the_notice_window_opens_at_the_notice_period(users, project):
    contract = sign_contract(project, users, amount="1000.00")
    today = TODAY()
    Contract.objects.filter(pk=contract.pk).update(service_end=today + datetime.timedelta(days=31), notice_days=30)
    assert Contract.objects.in_notice_window(today) == []
    assert Contract.objects.in_notice_window(today + datetime.timedelta(days=1)) == [Contract.objects.get()]


# -- archive and custody -----------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_archive_and_borrowing_are_logged(users, signed, project):
    with pytest.raises(ValidationError) as exc:  # no signed copy recorded and none uploaded
        contract_archive(actor=users["legal"], pk=signed.pk, archive_number="DA-1", location="Room 2",
                         custodian=users["legal"])  # fmt: skip
    assert "8.3.1" in str(exc.value)
    with pytest.raises(ValidationError):  # the custodian is someone designated to keep the archive
        contract_archive(actor=users["legal"], pk=signed.pk, archive_number="DA-1", location="Room 2",
                         custodian=users["market"], upload=scan())  # fmt: skip
    with pytest.raises(PermissionDenied):
        contract_archive(actor=users["head"], pk=signed.pk, archive_number="DA-1", location="Room 2",
                         custodian=users["legal"], upload=scan())  # fmt: skip
    record = contract_archive(actor=users["legal"], pk=signed.pk, archive_number="DA-1", location="Room 2",
                              custodian=users["legal"], upload=scan())  # fmt: skip
    assert record.electronic_copy.sha256
    with pytest.raises(ValidationError):
        contract_archive(actor=users["legal"], pk=signed.pk, archive_number="DA-2", location="x",
                         custodian=users["legal"], upload=scan())  # fmt: skip

    with pytest.raises(ValidationError):  # a return date in the past
        borrowing_request(actor=users["head"], record_pk=record.pk, purpose="Audit",
                          due_back=TODAY() - datetime.timedelta(days=1))  # fmt: skip
    first = borrowing_request(actor=users["head"], record_pk=record.pk, purpose="Audit", due_back=TODAY())
    second = borrowing_request(actor=users["executive"], record_pk=record.pk, purpose="Renewal", due_back=TODAY())
    assert Notification.objects.filter(recipient=users["legal"], clause="8.3.1").count() == 2
    with pytest.raises(PermissionDenied):  # only the custodian's role lends
        borrowing_decide(actor=users["head"], record_pk=record.pk, borrowing_pk=first.pk, lend=True)
    with pytest.raises(ValidationError):  # a refusal says why
        borrowing_decide(actor=users["legal"], record_pk=record.pk, borrowing_pk=second.pk, lend=False)
    borrowing_decide(actor=users["legal"], record_pk=record.pk, borrowing_pk=first.pk, lend=True)
    with pytest.raises(ValidationError) as exc:  # one borrower at a time
        borrowing_decide(actor=users["legal"], record_pk=record.pk, borrowing_pk=second.pk, lend=True)
    assert "returned first" in str(exc.value)
    borrowing_return(actor=users["legal"], record_pk=record.pk, borrowing_pk=first.pk)
    borrowing_decide(actor=users["legal"], record_pk=record.pk, borrowing_pk=second.pk, lend=True)
    kinds = list(ArchiveAccess.objects.filter(record=record).order_by("id").values_list("kind", flat=True))
    assert kinds == ["borrow_request", "borrow_request", "borrow_decision", "return", "borrow_decision"]
    with pytest.raises(PermissionDenied):  # the market user does not keep or read the archive
        borrowing_request(actor=users["market"], record_pk=record.pk, purpose="x", due_back=TODAY())


@pytest.mark.django_db
@override_settings(CONTRACT_EVALUATION_DAYS=90)
def test_a_late_periodic_evaluation_is_reminded_until_recorded(users, project):
    today = TODAY()
    contract = sign_contract(project, users, amount="1000.00")
    Contract.objects.filter(pk=contract.pk).update(service_start=today - datetime.timedelta(days=100),
                                                   service_end=today + datetime.timedelta(days=900))  # fmt: skip
    assert contract_alerts(today=today)["evaluations"] > 0
    assert (
        Notification.objects.filter(
            recipient=users["legal"], clause="8.2.2", dedupe_key__startswith=f"contract-evaluation-due:{contract.pk}:"
        ).count()
        == 1
    )
    assert contract_alerts(today=today)["evaluations"] == 0  # once
    evaluation_record(actor=users["legal"], pk=contract.pk, period_start=today - datetime.timedelta(days=100),
                      period_end=today - datetime.timedelta(days=1), rating="good", findings="On track.")  # fmt: skip
    assert contract_alerts(today=today)["evaluations"] == 0
    assert contract_alerts(today=today + datetime.timedelta(days=95))["evaluations"] > 0  # the next period is late


@pytest.mark.django_db
def test_a_terminated_contracts_obligations_are_not_overdue(users, signed):
    from contracts.services import contract_terminate

    obligation_add(actor=users["legal"], pk=signed.pk, description="Report", party="ours", kind="milestone",
                   due_on=TODAY() - datetime.timedelta(days=1))  # fmt: skip
    assert Obligation.objects.overdue().count() == 1
    contract_terminate(actor=users["legal"], pk=signed.pk, terminated_on=TODAY(), reason="r", legal_basis="b")
    assert Obligation.objects.overdue().count() == 0


@pytest.mark.django_db
def test_only_the_custodian_lends_the_original(users, signed):
    from tests.factories import UserFactory

    record = contract_archive(actor=users["legal"], pk=signed.pk, archive_number="DA-1", location="Room 2",
                              custodian=users["legal"], upload=scan())  # fmt: skip
    ask = borrowing_request(actor=users["head"], record_pk=record.pk, purpose="Audit", due_back=TODAY())
    colleague = UserFactory(username="legal2", roles=["legal"])
    with pytest.raises(ValidationError) as exc:
        borrowing_decide(actor=colleague, record_pk=record.pk, borrowing_pk=ask.pk, lend=True)
    assert "custodian" in str(exc.value)
    users["legal"].is_active = False  # the custodian has left: a colleague of the archive takes over
    users["legal"].save()
    assert borrowing_decide(actor=colleague, record_pk=record.pk, borrowing_pk=ask.pk, lend=True).status == "lent"
