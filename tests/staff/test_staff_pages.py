"""Staff pages (ch. 5): every page and API list runs a constant number of queries as the records grow; refusals are
shown with the clause; bad input never gives a server error."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import Department
from staff import services as s
from staff.models import Appraisal, Employee, RecruitmentPlan, Resignation, TrainingSession
from tests.factories import UserFactory

TODAY = datetime.date.today()


def dept():
    return Department.objects.order_by("pk").first()


def world(users):
    """HR's and the head's records, an approved plan, an open cycle, a session, the employee's resignation."""
    s.employee_create(actor=users["hr"], user=users["head"], number="E0", department=dept(), position="Head",
                      hire_date=datetime.date(2024, 1, 1))  # fmt: skip
    mine = s.employee_create(actor=users["hr"], user=users["employee"], number="E1", department=dept(),
                             position="Clerk", hire_date=datetime.date(2024, 1, 1), manager=users["head"])  # fmt: skip
    plan = s.plan_create(actor=users["hr"], department=dept(), position="p", headcount=50, requirements="r",
                         justification="j")  # fmt: skip
    for target, who in (("submitted", "hr"), ("head_approved", "head"), ("approved", "hr")):
        s.plan_transition(actor=users[who], pk=plan.pk, target=target)
    cycle = s.cycle_create(actor=users["hr"], name="c", period_start=datetime.date(2024, 1, 1), period_end=TODAY,
                           method="m")  # fmt: skip
    for dimension, weight in (("results", "50"), ("attitude", "25"), ("teamwork", "25")):
        s.indicator_add(actor=users["hr"], cycle_pk=cycle.pk, dimension=dimension, name=dimension, weight=weight)
    session = s.session_create(actor=users["hr"], topic="t", trainer="t", held_on=TODAY)
    resignation = s.resignation_submit(actor=users["employee"], reason="r",
                                       leaving_date=TODAY + datetime.timedelta(days=40))  # fmt: skip
    s.resignation_transition(actor=users["head"], pk=resignation.pk, target="head_reviewed", comment="ok",
                             handover_state="h")  # fmt: skip
    s.resignation_transition(actor=users["executive"], pk=resignation.pk, target="approved")
    s.handover_set(actor=users["hr"], pk=resignation.pk, supervisor=users["service"])
    return mine, plan, cycle, session, resignation


def grow(users, mine, plan, cycle, session, resignation, n, start):
    for i in range(start, start + n):
        user = UserFactory(username=f"staff{i}", roles=["employee"])
        employee = s.employee_create(actor=users["hr"], user=user, number=f"N{i}", department=dept(), position="p",
                                     hire_date=datetime.date(2024, 1, 1), manager=users["head"])  # fmt: skip
        s.decision_propose(actor=users["hr"], employee_pk=employee.pk, kind="title", description="Star")
        s.decision_propose(actor=users["hr"], employee_pk=mine.pk, kind="bonus", description="b", amount="100")
        candidate = s.candidate_add(actor=users["hr"], plan_pk=plan.pk, name=f"C{i}", channel="campus")
        s.candidate_transition(actor=users["hr"], pk=candidate.pk, target="screened")
        s.interview_add(actor=users["head"], candidate_pk=candidate.pk, held_on=TODAY, notes="n")
        s.attendance_record(actor=users["hr"], session_pk=session.pk, employees=[employee])
        s.handover_item_add(actor=users["hr"], pk=resignation.pk, kind="documents", description=f"D{i}",
                            receiver=users["head"])  # fmt: skip
        s.indicator_add(actor=users["hr"], cycle_pk=cycle.pk, dimension="results", name=f"r{i}", weight="1")
    Appraisal.objects.bulk_create([Appraisal(cycle=cycle, employee=e) for e in Employee.objects.all()],
                                  ignore_conflicts=True)  # fmt: skip


URLS = ["/staff/", "/staff/?format=csv", "/staff/{employee}/", "/staff/recruitment/", "/staff/recruitment/{plan}/",
        "/staff/training/", "/staff/training/{session}/", "/staff/appraisals/", "/staff/appraisals/{cycle}/",
        "/staff/appraisal/{appraisal}/", "/staff/resignations/", "/staff/resignations/{resignation}/",
        "/api/employees/", "/api/candidates/", "/api/appraisals/", "/api/staff-decisions/", "/api/resignations/",
        "/"]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
def test_staff_pages_run_a_constant_number_of_queries(client, users, url):
    mine, plan, cycle, session, resignation = world(users)
    grow(users, mine, plan, cycle, session, resignation, 2, 0)
    appraisal = Appraisal.objects.get(employee=mine)
    target = url.format(employee=mine.pk, plan=plan.pk, session=session.pk, cycle=cycle.pk, appraisal=appraisal.pk,
                        resignation=resignation.pk)  # fmt: skip
    client.force_login(users["hr"])
    client.get(target)
    with CaptureQueriesContext(connection) as small:
        assert client.get(target).status_code == 200
    grow(users, mine, plan, cycle, session, resignation, 5, 2)
    with CaptureQueriesContext(connection) as large:
        assert client.get(target).status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries][len(small) :]


@pytest.mark.django_db
def test_bad_input_is_refused_with_a_message_never_a_server_error(client, users):
    _mine, plan, cycle, _session, resignation = world(users)
    client.cookies["django_language"] = "en"
    client.force_login(users["hr"])
    for url, data in (("/staff/recruitment/new/", {"department": "x", "headcount": "10000000000000"}),
                      ("/staff/appraisals/new/", {"name": "n", "period_start": "2026-13-01", "method": "m"}),
                      (f"/staff/appraisals/{cycle.pk}/indicators/", {"dimension": "results", "name": "n",
                                                                     "weight": "1e400"}),
                      (f"/staff/resignations/{resignation.pk}/exit/", {"settlement_done": "on"}),
                      ("/staff/new/", {"user": "\\x00", "number": "1"}),
                      (f"/staff/recruitment/{plan.pk}/candidates/", {"name": "x", "channel": "referral"}),
                      (f"/staff/{_mine.pk}/decisions/", {"kind": "title", "description": "d",
                                                         "appraisal": "abc"})):  # fmt: skip
        response = client.post(url, data, follow=True)
        assert response.status_code == 200, url
        assert any(m.level_tag == "error" for m in response.context["messages"]), url
    assert RecruitmentPlan.objects.count() == 1 and TrainingSession.objects.count() == 1
    assert Resignation.objects.get().settlement_done is False
    for url in ("/staff/?status=bogus&q=%00", "/staff/99999/", "/staff/appraisal/0/"):
        assert client.get(url).status_code in (200, 404), url
