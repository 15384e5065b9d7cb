"""Simultaneous decisions on PostgreSQL (real connections, row locks): one acceptance approved once; an approval racing
a re-assessment that raises the level never leaves a risk of the two highest levels accepted by the head alone
(7.2.1); the daily job run twice at once lapses an acceptance once."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from core.models import AuditEvent, Department
from core.workflow import TransitionRefused
from risk.register import response_propose, response_transition, risk_assess, risk_record, risk_reminders

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
TODAY = timezone.localdate()


def all_at_once(*funcs) -> list:
    barrier = threading.Barrier(len(funcs))
    results, lock = [], threading.Lock()

    def run(func):
        try:
            barrier.wait(timeout=10)
            outcome = func()
        except Exception as exc:
            outcome = exc
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(f,)) for f in funcs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def acceptance(users, project, likelihood=2, impact=2, expires_in=30):
    risk = risk_record(actor=users["planner"], project=project, category="market", level="low", description="r")
    risk_assess(actor=users["planner"], pk=risk.pk, stage="inherent", likelihood=likelihood, impact=impact,
                rationale="r", probability="5", expected_loss="10")  # fmt: skip
    return risk, response_propose(actor=users["planner"], pk=risk.pk, strategy="accept", measures="Watch.",
                                  department=Department.objects.first(), owner=users["planner"], due_on=TODAY,
                                  expires_on=TODAY + datetime.timedelta(days=expires_in))  # fmt: skip


def test_simultaneous_approvals_of_an_acceptance_have_one_winner(require_postgres, users, project):
    _risk, response = acceptance(users, project)

    def approve():
        return response_transition(actor=users["head"], pk=response.pk, target="accepted",
                                   expected_source="pending_head")  # fmt: skip

    results = all_at_once(*[approve] * 6)
    assert sum(not isinstance(r, Exception) for r in results) == 1, results
    assert all(isinstance(r, TransitionRefused) for r in results if isinstance(r, Exception)), results
    assert AuditEvent.objects.filter(object_id=str(response.pk), action="transition", to_state="accepted").count() == 1


@pytest.mark.parametrize("attempt", range(4))
def test_an_approval_racing_a_higher_level_is_never_the_head_alone(require_postgres, users, project, attempt):
    risk, response = acceptance(users, project)

    def approve():
        return response_transition(actor=users["head"], pk=response.pk, target="accepted")

    def raise_level():
        return risk_assess(actor=users["planner"], pk=risk.pk, stage="inherent", likelihood=5, impact=5,
                           rationale="Worse.", probability="90", expected_loss="1000")  # fmt: skip

    all_at_once(approve, raise_level)
    risk.refresh_from_db()
    response.refresh_from_db()
    assert risk.level == "critical"
    # either the approval came first and the rise voided it (asking again), or the rise came first and the head
    # could not accept a critical risk alone
    assert response.status in ("void", "pending_head"), response.status
    if response.status == "void":
        assert risk.responses.filter(status="pending_head").count() == 1


def test_the_daily_job_run_twice_at_once_lapses_an_acceptance_once(require_postgres, users, project):
    _risk, response = acceptance(users, project, expires_in=2)
    response_transition(actor=users["head"], pk=response.pk, target="accepted")
    later = TODAY + datetime.timedelta(days=3)
    results = all_at_once(lambda: risk_reminders(today=later), lambda: risk_reminders(today=later))
    assert sorted(r["expired"] for r in results) == [0, 1], results
    assert AuditEvent.objects.filter(object_id=str(response.pk), to_state="expired").count() == 1
