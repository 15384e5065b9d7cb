"""Simultaneous offers on PostgreSQL (real connections, row locks): never beyond the approved headcount (5.1.1)."""

import datetime
import threading

import pytest
from django.db import connection

from core.models import Department
from core.workflow import TransitionRefused
from staff import services as s

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_simultaneous_offers_stay_within_the_headcount(require_postgres, users):
    plan = s.plan_create(actor=users["hr"], department=Department.objects.first(), position="p", headcount=1,
                         requirements="r", justification="j")  # fmt: skip
    for target, who in (("submitted", "hr"), ("head_approved", "head"), ("approved", "hr")):
        s.plan_transition(actor=users[who], pk=plan.pk, target=target)
    candidates = []
    for i in range(4):
        c = s.candidate_add(actor=users["hr"], plan_pk=plan.pk, name=f"C{i}", channel="campus")
        s.candidate_transition(actor=users["hr"], pk=c.pk, target="screened")
        s.interview_add(actor=users["head"], candidate_pk=c.pk, held_on=datetime.date.today(), notes="n")
        s.candidate_transition(actor=users["hr"], pk=c.pk, target="interviewed")
        candidates.append(c)
    barrier = threading.Barrier(len(candidates))
    results, lock = [], threading.Lock()

    def offer(pk):
        try:
            barrier.wait(timeout=10)
            s.candidate_transition(actor=users["hr"], pk=pk, target="offered")
            outcome = "ok"
        except TransitionRefused as exc:
            outcome = exc
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=offer, args=(c.pk,)) for c in candidates]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert results.count("ok") == 1, results
    assert all("5.1.1" in str(r) for r in results if r != "ok"), results
    assert plan.candidates.filter(status="offered").count() == 1
