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
    assert AuditEvent.objects.filter(action=AuditAction.TRANSITION, object_id=str(project.pk)).count() == 1
    assert Approval.objects.for_object(project).count() == 1
