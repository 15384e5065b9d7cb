"""Two (and more) simultaneous transitions of the same record: one winner, clear refusals, one audit event.

Real concurrent connections on PostgreSQL (row locks); each thread has its own database connection."""

import threading

import pytest
from django.db import connection

from core.models import Approval, AuditEvent
from core.models.audit import AuditAction
from core.workflow import TransitionRefused
from projects.services import project_stage_transition
from tests.helpers import ready_for_planning


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("contenders", [2, 8])
def test_simultaneous_gate_approvals_have_one_winner(require_postgres, users, project, contenders):
    head = users["head"]
    ready_for_planning(project, users)
    barrier = threading.Barrier(contenders)
    results: list[str] = []
    lock = threading.Lock()

    def approve():
        try:
            barrier.wait(timeout=10)
            project_stage_transition(actor=head, pk=project.pk, target="planning", expected_source="intake")
            outcome = "ok"
        except TransitionRefused as exc:
            outcome = f"refused:{exc.code}:{exc}"
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=approve) for _ in range(contenders)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert results.count("ok") == 1, results
    refusals = [r for r in results if r != "ok"]
    assert len(refusals) == contenders - 1
    assert all(r.startswith("refused:state_conflict:3 ") for r in refusals), refusals
    project.refresh_from_db()
    assert project.stage == "planning"
    assert AuditEvent.objects.filter(action=AuditAction.TRANSITION, object_id=str(project.pk),
                                     content_type__model="project").count() == 1  # fmt: skip
    assert Approval.objects.for_object(project).count() == 1


def _all_at_once(func, contenders: int) -> list:
    barrier = threading.Barrier(contenders)
    results, lock = [], threading.Lock()

    def run():
        try:
            barrier.wait(timeout=10)
            outcome = func()
        except Exception as exc:
            outcome = exc
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run) for _ in range(contenders)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_job_runs_create_nothing_twice(require_postgres, users, project):
    """Four KPI sweeps and four inspection generations at once: one alert, one notice, each inspection once."""
    import datetime

    from django.utils import timezone

    from projects.kpi_defaults import install_default_kpis
    from projects.models import Inspection, KpiAlert, KpiDefinition, RectificationNotice
    from projects.services import (
        checklist_create,
        inspection_plan_schedule,
        inspections_generate_due,
        request_raise,
        revisits_generate_due,
    )
    from projects.services.kpi import kpi_sweep
    from tests.helpers import advance_to

    install_default_kpis(KpiDefinition)  # a transactional test starts from flushed tables
    serving = advance_to(project, "execution", users)
    request_raise(actor=users["client"], pk=serving.pk, kind="request", category="facilities", title="Lift",
                  description="Stuck.")  # fmt: skip
    standard = checklist_create(actor=users["inspector"], name="Std", items=[
        {"text": "Exits clear", "weight": 1, "pass_criterion": "All clear"}])  # fmt: skip
    plan = inspection_plan_schedule(actor=users["inspector"], pk=serving.pk, checklist=standard,
                                    inspector=users["inspector"], frequency="weekly",
                                    starts_on=timezone.localdate())  # fmt: skip
    planned = plan.inspections.count()
    later = timezone.localdate() + datetime.timedelta(days=21)

    sweeps = _all_at_once(kpi_sweep, 4)
    assert not [r for r in sweeps if isinstance(r, Exception)], sweeps
    assert sum(r["alerts_opened"] for r in sweeps) == KpiAlert.objects.count() == 1  # issue handling: 0 of 1
    assert RectificationNotice.objects.filter(kpi_alert__isnull=False).count() == KpiAlert.objects.count()

    made = _all_at_once(lambda: inspections_generate_due(today=later), 4)
    assert not [r for r in made if isinstance(r, Exception)], made
    assert sum(made) == 2 and Inspection.objects.filter(plan=plan).count() == planned + 2  # days 21 and 28
    assert _all_at_once(revisits_generate_due, 2) == [0, 0]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_contract_decisions_and_lendings_have_one_winner(require_postgres, users, project):
    """Eight approvals of one contract at once (8.1.3) give one transition, one approval record and seven clear
    refusals; two custodians lending the same original at once lend it once (8.3.1)."""
    import datetime

    from django.core.exceptions import ValidationError
    from django.core.files.base import ContentFile

    from contracts.models import Borrowing, Contract
    from contracts.services import (
        borrowing_decide,
        borrowing_request,
        contract_archive,
        contract_create,
        contract_decide,
        contract_review,
        contract_submit,
    )
    from tests.helpers import CONTRACT_TERMS, sign_contract

    contract = contract_create(actor=users["market"], project_pk=project.pk, number="HT-C",
                               **{**CONTRACT_TERMS, "amount": "500000.00"})  # fmt: skip
    contract_submit(actor=users["market"], pk=contract.pk)
    contract_review(actor=users["legal"], pk=contract.pk, passed=True, opinion="ok", lawful=True,
                    obligations_clear=True, risk_controlled=True)  # fmt: skip
    results = _all_at_once(lambda: contract_decide(actor=users["head"], pk=contract.pk, target="approved",
                                                   expected_source="head_approval"), 8)  # fmt: skip
    assert sum(1 for r in results if isinstance(r, Contract)) == 1, results
    assert all(getattr(r, "code", "") == "state_conflict" for r in results if not isinstance(r, Contract)), results
    assert Approval.objects.for_object(contract).filter(step="contract:head").count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.TRANSITION, object_id=str(contract.pk),
                                     content_type__model="contract", to_state="approved").count() == 1  # fmt: skip

    signed = sign_contract(project, users, amount="500000.00")
    record = contract_archive(actor=users["legal"], pk=signed.pk, archive_number="DA-C", location="Room",
                              custodian=users["legal"], upload=ContentFile(b"%PDF", name="s.pdf"))  # fmt: skip
    due = datetime.date.today() + datetime.timedelta(days=7)
    asks = [borrowing_request(actor=users[u], record_pk=record.pk, purpose="p", due_back=due)
            for u in ("head", "executive")]  # fmt: skip
    lent = _all_at_once(lambda: borrowing_decide(actor=users["legal"], record_pk=record.pk,
                                                 borrowing_pk=asks.pop().pk, lend=True), 2)  # fmt: skip
    assert sum(1 for r in lent if isinstance(r, Borrowing)) == 1, lent
    assert all(isinstance(r, ValidationError) for r in lent if not isinstance(r, Borrowing)), lent
    assert Borrowing.objects.filter(record=record, status="lent").count() == 1
