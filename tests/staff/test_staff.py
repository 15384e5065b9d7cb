"""Staff management (ch. 5): recruitment plans and the candidate pipeline to a hire with its onboarding, appraisal
cycles whose weights must sum to 100 ending in decisions on pay and promotion, resignation through review, approval
and a supervised handover to the account's deactivation; every transition pair; who sees which staff records."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone, translation

from core.models import Department, User
from core.workflow import ConditionFailed, TransitionNotAllowed
from staff import services as s
from staff.choices import PlanStatus, ResignationStatus
from staff.models import Appraisal, Employee, OnboardingItem, RecruitmentPlan, Resignation
from staff.workflows import RECRUITMENT_WORKFLOW, RESIGNATION_WORKFLOW

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def dept():
    return Department.objects.order_by("pk").first()


@pytest.fixture
def staff(users):
    """Employee records: the employee reports to the planner; HR, the head and the planner have theirs."""
    from django.contrib.auth.models import Group

    for name in ("planner", "service"):  # every member of staff is an employee too (the demo's logins are)
        users[name].groups.add(Group.objects.get(name="employee"))
    made = {}
    for n, name in enumerate(("head", "hr", "planner", "employee", "service")):
        manager = users["planner"] if name == "employee" else users["head"] if name != "head" else None
        made[name] = s.employee_create(actor=users["hr"], user=users[name], number=f"E{n:03d}", department=dept(),
                                       position=name.title(), hire_date=datetime.date(2024, 1, 1),
                                       manager=manager)  # fmt: skip
    return made


def approved_plan(users, headcount=1):
    plan = s.plan_create(actor=users["hr"], department=dept(), position="Property manager", headcount=headcount,
                         requirements="5 years in malls.", justification="A new project starts.")  # fmt: skip
    s.plan_transition(actor=users["hr"], pk=plan.pk, target="submitted")
    s.plan_transition(actor=users["head"], pk=plan.pk, target="head_approved")
    s.plan_transition(actor=users["hr"], pk=plan.pk, target="approved")
    return plan


def interviewed(users, plan, name):
    c = s.candidate_add(actor=users["hr"], plan_pk=plan.pk, name=name, channel="campus")
    s.candidate_transition(actor=users["hr"], pk=c.pk, target="screened")
    s.interview_add(actor=users["head"], candidate_pk=c.pk, held_on=TODAY, notes="Strong on tenant relations.")
    s.candidate_transition(actor=users["hr"], pk=c.pk, target="interviewed")
    return c


# -- recruitment (5.1) -----------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_plan_is_approved_by_the_head_and_hr_before_candidates(users):
    plan = s.plan_create(actor=users["head"], department=dept(), position="Cleaner", headcount=2,
                         requirements="r", justification="j")  # fmt: skip
    with pytest.raises(ValidationError, match=r"5\.1\.1"):
        s.candidate_add(actor=users["hr"], plan_pk=plan.pk, name="Li", channel="job_site")
    with pytest.raises(ValidationError):
        s.plan_create(actor=users["hr"], department=dept(), position="x", headcount=0, requirements="r",
                      justification="j")  # fmt: skip
    with pytest.raises(PermissionDenied):
        s.plan_create(actor=users["planner"], department=dept(), position="x", headcount=1, requirements="r",
                      justification="j")  # fmt: skip
    s.plan_transition(actor=users["head"], pk=plan.pk, target="submitted")
    with pytest.raises(PermissionDenied):
        s.plan_transition(actor=users["hr"], pk=plan.pk, target="head_approved")
    s.plan_transition(actor=users["head"], pk=plan.pk, target="head_approved")
    s.plan_transition(actor=users["hr"], pk=plan.pk, target="approved")
    with pytest.raises(ValidationError) as refused:
        s.candidate_add(actor=users["hr"], plan_pk=plan.pk, name="Wang", channel="referral")
    assert "referred_by" in refused.value.error_dict


@pytest.mark.django_db
def test_no_offer_beyond_the_headcount_and_a_hire_creates_the_employee(users):
    plan = approved_plan(users, headcount=1)
    first, second = interviewed(users, plan, "Chen"), interviewed(users, plan, "Zhou")
    unscreened = s.candidate_add(actor=users["hr"], plan_pk=plan.pk, name="Sun", channel="talent_market")
    s.candidate_transition(actor=users["hr"], pk=unscreened.pk, target="screened")
    with pytest.raises(ConditionFailed, match="interview"):
        s.candidate_transition(actor=users["hr"], pk=unscreened.pk, target="interviewed")
    s.candidate_transition(actor=users["hr"], pk=first.pk, target="offered")
    with pytest.raises(ConditionFailed, match=r"5\.1\.1.*headcount of 1"):
        s.candidate_transition(actor=users["hr"], pk=second.pk, target="offered")
    with pytest.raises(ValidationError):  # hiring goes through the hiring form
        s.candidate_transition(actor=users["hr"], pk=first.pk, target="hired")
    with pytest.raises(ValidationError) as refused:
        s.candidate_hire(actor=users["hr"], pk=first.pk, username="chen", number="E100", hire_date=TODAY,
                         password="123", manager=users["head"])  # fmt: skip
    assert "password" in refused.value.error_dict
    with pytest.raises(ValidationError):
        s.candidate_hire(actor=users["hr"], pk=first.pk, username="bad name!/", number="E100", hire_date=TODAY,
                         password="Tenant-Care-2026", manager=users["head"])  # fmt: skip
    employee = s.candidate_hire(actor=users["hr"], pk=first.pk, username="chen", number="E100", hire_date=TODAY,
                                password="Tenant-Care-2026", manager=users["head"])  # fmt: skip
    assert (employee.position, employee.user.display_name) == ("Property manager", "Chen")
    assert employee.user.check_password("Tenant-Care-2026")
    assert employee.user.groups.filter(name="employee").exists()
    assert set(employee.onboarding.values_list("area", flat=True)) == {"organisation", "knowledge", "processes",
                                                                          "conduct"}  # fmt: skip
    with pytest.raises(ValidationError):  # the user name is taken
        s.candidate_hire(actor=users["hr"], pk=second.pk, username="CHEN", number="E101", hire_date=TODAY,
                         password="Tenant-Care-2026")  # fmt: skip
    # onboarding: the manager (the head) confirms an area; incomplete onboarding stays visible
    item = employee.onboarding.get(area="conduct")
    with pytest.raises(Http404):  # not the planner's to see
        s.onboarding_complete(actor=users["planner"], pk=item.pk)
    s.onboarding_complete(actor=users["head"], pk=item.pk)
    assert OnboardingItem.objects.filter(employee=employee, completed_on__isnull=True).count() == 3


# -- appraisal (5.2) -------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_weights_must_sum_to_100_and_the_appraisal_ends_in_a_promotion(users, staff):
    cycle = s.cycle_create(actor=users["hr"], name="2026 H2", period_start=datetime.date(2026, 7, 1),
                           period_end=datetime.date(2026, 12, 31), method="Manager scores, HR reviews.")  # fmt: skip
    results = s.indicator_add(actor=users["hr"], cycle_pk=cycle.pk, dimension="results", name="Targets met",
                              weight="60")  # fmt: skip
    punctual = s.indicator_add(actor=users["hr"], cycle_pk=cycle.pk, dimension="attitude", name="Punctuality",
                               weight="30")  # fmt: skip
    with pytest.raises(ValidationError, match=r"5\.2\.1.*90"):
        s.cycle_open(actor=users["hr"], pk=cycle.pk)
    s.indicator_add(actor=users["hr"], cycle_pk=cycle.pk, dimension="attitude", name="Initiative", weight="10")
    with pytest.raises(ValidationError, match="Teamwork"):  # 100, but no teamwork indicator
        s.cycle_open(actor=users["hr"], pk=cycle.pk)
    s.indicator_remove(actor=users["hr"], pk=cycle.indicators.get(name="Initiative").pk)
    team = s.indicator_add(actor=users["hr"], cycle_pk=cycle.pk, dimension="teamwork", name="Helps others",
                           weight="10")  # fmt: skip
    s.cycle_open(actor=users["hr"], pk=cycle.pk)
    with pytest.raises(ValidationError):
        s.indicator_add(actor=users["hr"], cycle_pk=cycle.pk, dimension="results", name="x", weight="1")
    appraisal = Appraisal.objects.get(cycle=cycle, employee=staff["employee"])
    ids = [str(i.pk) for i in cycle.indicators.all()]
    with pytest.raises(Http404):
        s.appraisal_self(actor=users["service"], pk=appraisal.pk, scores=dict.fromkeys(ids, 90))
    with pytest.raises(ValidationError):  # every indicator scored
        s.appraisal_self(actor=users["employee"], pk=appraisal.pk, scores={ids[0]: 90})
    s.appraisal_self(actor=users["employee"], pk=appraisal.pk, scores=dict.fromkeys(ids, 95), comment="Good year.")
    with pytest.raises(PermissionDenied):  # not the manager
        s.appraisal_manager(actor=users["hr"], pk=appraisal.pk, scores=dict.fromkeys(ids, 80))
    scores = {str(results.pk): 95, str(punctual.pk): 90, str(team.pk): 80}
    appraisal = s.appraisal_manager(actor=users["planner"], pk=appraisal.pk, scores=scores)
    assert appraisal.final_score == Decimal("92.00") and appraisal.grade == "A"  # 57 + 27 + 8
    with pytest.raises(ValidationError):
        s.cycle_close(actor=users["hr"], pk=cycle.pk)  # the others' appraisals are not final
    decision = s.decision_propose(actor=users["hr"], employee_pk=staff["employee"].pk, kind="promotion",
                                  description="Grade A two cycles running.", new_position="Senior planner",
                                  appraisal_pk=appraisal.pk)  # fmt: skip
    with pytest.raises(ConditionFailed, match="executive"):
        s.decision_transition(actor=users["head"], pk=decision.pk, target="approved")
    s.decision_transition(actor=users["executive"], pk=decision.pk, target="approved", comment="Well earned.")
    staff["employee"].refresh_from_db()
    assert staff["employee"].position == "Senior planner"
    bonus = s.decision_propose(actor=users["hr"], employee_pk=staff["employee"].pk, kind="bonus", amount="5000",
                               description="Mall opening.")  # fmt: skip
    s.decision_transition(actor=users["head"], pk=bonus.pk, target="approved")  # a reward: the head decides


# -- resignation (5.3) -----------------------------------------------------------------------------------------------
def resign(users, days=40):
    return s.resignation_submit(actor=users["employee"], reason="Moving to another city.",
                                leaving_date=TODAY + datetime.timedelta(days=days))  # fmt: skip


@pytest.mark.django_db
def test_a_resignation_ends_with_a_supervised_handover_and_the_account_closed(users, staff, project, client):
    from projects.models import ProjectMember, WorkTask

    with pytest.raises(ValidationError, match=r"5\.3\.1"):
        resign(users, days=10)
    r = resign(users)
    with pytest.raises(ValidationError):
        resign(users)  # one at a time
    with pytest.raises(ConditionFailed, match="handover state"):
        s.resignation_transition(actor=users["head"], pk=r.pk, target="head_reviewed", comment="Reason is genuine.")
    s.resignation_transition(actor=users["head"], pk=r.pk, target="head_reviewed", comment="Reason is genuine.",
                             handover_state="Two open tasks; client files in order.")  # fmt: skip
    with pytest.raises(PermissionDenied):
        s.resignation_transition(actor=users["hr"], pk=r.pk, target="approved")
    s.resignation_transition(actor=users["executive"], pk=r.pk, target="approved")
    assert Employee.objects.get(pk=staff["employee"].pk).status == "leaving"
    ProjectMember.objects.create(project=project, user=users["employee"], role="service")
    WorkTask.objects.create(project=project, title="Lobby rota", owner=users["employee"], start_date=TODAY,
                            due_date=TODAY, created_by=users["head"])  # fmt: skip
    with pytest.raises(ConditionFailed) as refused:
        s.resignation_transition(actor=users["hr"], pk=r.pk, target="completed")
    assert {"5.3.4", "5.3.3"} <= {f.split()[0] for f in refused.value.failures}
    assert "1 work tasks" in str(refused.value)
    s.handover_set(actor=users["hr"], pk=r.pk, supervisor=users["service"])
    for kind in ("materials", "documents", "equipment"):
        s.handover_item_add(actor=users["hr"], pk=r.pk, kind=kind, description=f"All {kind}", receiver=users["planner"])
    with pytest.raises(PermissionDenied):
        s.handover_sign(actor=users["hr"], pk=r.pk)  # only the supervisor signs
    with pytest.raises(ValidationError, match="Client information"):
        s.handover_sign(actor=users["service"], pk=r.pk)
    s.handover_item_add(actor=users["hr"], pk=r.pk, kind="client_info", description="Tenant contacts",
                        receiver=users["planner"])  # fmt: skip
    s.handover_sign(actor=users["service"], pk=r.pk)
    s.exit_update(actor=users["hr"], pk=r.pk, settlement_done=True, items_returned=True,
                  settlement_note="Salary to the leaving date; no advances.")  # fmt: skip
    assert s.work_reassign(actor=users["hr"], pk=r.pk, successor=users["planner"]) == 2
    assert WorkTask.objects.get().owner == users["planner"]
    s.resignation_transition(actor=users["hr"], pk=r.pk, target="completed")
    assert s.deactivate_leavers()["deactivated"] == 0  # not before the leaving date
    assert s.deactivate_leavers(today=r.leaving_date)["deactivated"] == 1
    assert s.deactivate_leavers(today=r.leaving_date)["deactivated"] == 0
    user = User.objects.get(pk=users["employee"].pk)
    assert not user.is_active and Employee.objects.get(pk=staff["employee"].pk).status == "left"
    signed_in = client.post("/login/", {"username": "employee", "password": "pw-123456"})  # the sign-in form
    assert signed_in.status_code == 200 and "_auth_user_id" not in client.session


PLAN_STATES, RES_STATES = list(PlanStatus.values), list(ResignationStatus.values)
PLAN_OWNER = {"staff.change_recruitmentplan": "hr", "staff.approve_recruitment_head": "head",
              "staff.approve_recruitment_hr": "hr"}  # fmt: skip
RES_OWNER = {"staff.review_resignation": "head", "staff.approve_resignation": "executive", "staff.run_exit": "hr",
             "staff.add_resignation": "employee"}  # fmt: skip
OTHERS = ("market", "planner", "service", "inspector", "legal", "finance", "auditor", "client")


@pytest.mark.django_db
@pytest.mark.parametrize("source, target", [(a, b) for a in PLAN_STATES for b in PLAN_STATES if a != b])
def test_every_recruitment_plan_pair(users, source, target):
    plan = s.plan_create(actor=users["hr"], department=dept(), position="p", headcount=1, requirements="r",
                         justification="j")  # fmt: skip
    RecruitmentPlan.objects.filter(pk=plan.pk).update(status=source)
    t = RECRUITMENT_WORKFLOW.get(source, target)
    if t is None:
        with pytest.raises(TransitionNotAllowed):
            s.plan_transition(actor=users["admin"], pk=plan.pk, target=target, comment="c")
        return
    for role in OTHERS:
        with pytest.raises((PermissionDenied, Http404)):
            s.plan_transition(actor=users[role], pk=plan.pk, target=target, comment="c")
    s.plan_transition(actor=users[PLAN_OWNER[t.permission]], pk=plan.pk, target=target, comment="Reason.",
                      expected_source=source)  # fmt: skip
    plan.refresh_from_db()
    assert plan.status == target


@pytest.mark.django_db
@pytest.mark.parametrize("source, target", [(a, b) for a in RES_STATES for b in RES_STATES if a != b])
def test_every_resignation_pair(users, staff, source, target):
    r = resign(users)
    Resignation.objects.filter(pk=r.pk).update(status=source, settlement_done=True, items_returned=True)
    if source == "approved":
        s.handover_set(actor=users["hr"], pk=r.pk, supervisor=users["service"])
        for kind in ("materials", "documents", "equipment", "client_info"):
            s.handover_item_add(actor=users["hr"], pk=r.pk, kind=kind, description="d", receiver=users["planner"])
        s.handover_sign(actor=users["service"], pk=r.pk)
    t = RESIGNATION_WORKFLOW.get(source, target)
    if t is None:
        with pytest.raises(TransitionNotAllowed):
            s.resignation_transition(actor=users["admin"], pk=r.pk, target=target, comment="c")
        return
    for role in OTHERS:
        with pytest.raises((PermissionDenied, Http404, ConditionFailed)):
            s.resignation_transition(actor=users[role], pk=r.pk, target=target, comment="c", handover_state="h")
    s.resignation_transition(actor=users[RES_OWNER[t.permission]], pk=r.pk, target=target, comment="Reason.",
                             expected_source=source, handover_state="All in order.")  # fmt: skip
    r.refresh_from_db()
    assert r.status == target


@pytest.mark.django_db
def test_who_sees_which_staff_records(users, staff):
    from staff.models import AppraisalCycle, RecruitmentPlan

    approved_plan(users)
    expectations = {"hr": 5, "head": 5, "executive": 5, "auditor": 5, "admin": 5, "planner": 2, "employee": 1,
                    "service": 1, "market": 0, "client": 0, "client2": 0}  # fmt: skip
    for role, n in expectations.items():
        assert Employee.objects.visible_to(users[role]).count() == n, role
    assert set(Employee.objects.visible_to(users["planner"])) == {staff["planner"], staff["employee"]}
    for role in ("employee", "planner", "client", "market"):
        assert not RecruitmentPlan.objects.visible_to(users[role]).exists(), role
    assert RecruitmentPlan.objects.visible_to(users["hr"]).count() == 1
    cycle = s.cycle_create(actor=users["hr"], name="c", period_start=TODAY, period_end=TODAY, method="m")
    assert list(AppraisalCycle.objects.visible_to(users["employee"])) == [cycle]
    assert not AppraisalCycle.objects.visible_to(users["client"]).exists()


@pytest.mark.django_db
def test_staff_turnover_feeds_its_risk_indicator(users, staff):
    from risk.models import RiskWarning
    from risk.services import evaluate_indicators
    from staff.indicators import turnover

    assert turnover(TODAY) == {}
    Employee.objects.filter(pk=staff["service"].pk).update(status="left", left_on=TODAY - datetime.timedelta(days=10))
    assert turnover(TODAY) == {None: Decimal("20.00")}  # 1 of 5
    evaluate_indicators()
    warning = RiskWarning.objects.get(indicator__code="risk-staff-turnover")
    assert (warning.project, warning.level) == (None, "warning")
    assert turnover(TODAY + datetime.timedelta(days=400)) == {}


@pytest.mark.django_db
def test_nobody_decides_about_themselves(users, staff):
    bonus = s.decision_propose(actor=users["hr"], employee_pk=staff["head"].pk, kind="bonus", amount="800",
                               description="Opening.")  # fmt: skip
    with pytest.raises(ConditionFailed, match="their own"):
        s.decision_transition(actor=users["head"], pk=bonus.pk, target="approved")
    s.decision_transition(actor=users["executive"], pk=bonus.pk, target="approved")
    # the head resigns: reviewing it is someone else's; HR does not run its own exit
    head_resigns = s.resignation_submit(actor=users["head"], reason="Retiring.",
                                        leaving_date=TODAY + datetime.timedelta(days=60))  # fmt: skip
    with pytest.raises(ConditionFailed, match="own resignation"):
        s.resignation_transition(actor=users["head"], pk=head_resigns.pk, target="head_reviewed", comment="ok",
                                 handover_state="h")  # fmt: skip
    hr_resigns = s.resignation_submit(actor=users["hr"], reason="Study.",
                                      leaving_date=TODAY + datetime.timedelta(days=60))  # fmt: skip
    Resignation.objects.filter(pk=hr_resigns.pk).update(status="approved")
    with pytest.raises(PermissionDenied):
        s.handover_set(actor=users["hr"], pk=hr_resigns.pk, supervisor=users["service"])


@pytest.mark.django_db
def test_a_manager_sees_a_reports_appraisal_but_not_its_pay_or_resignation(users, staff):
    from staff.models import StaffDecision

    s.decision_propose(actor=users["hr"], employee_pk=staff["employee"].pk, kind="pay", amount="500",
                       description="Raise.")  # fmt: skip
    r = resign(users)
    planner = users["planner"]  # the employee's manager
    assert Employee.objects.visible_to(planner).filter(pk=staff["employee"].pk).exists()
    assert not StaffDecision.objects.visible_to(planner).exists()
    assert not Resignation.objects.visible_to(planner).exists()
    assert StaffDecision.objects.visible_to(users["employee"]).count() == 1
    Resignation.objects.filter(pk=r.pk).update(status="approved")
    s.handover_set(actor=users["hr"], pk=r.pk, supervisor=planner)
    assert list(Resignation.objects.visible_to(planner)) == [r]  # as the handover's supervisor


@pytest.mark.django_db
def test_an_authorisation_in_force_holds_the_exit_until_revoked(users, staff):
    from contracts.models import Authorisation
    from staff.work import open_work, reassign

    Authorisation.objects.create(number="SQ-9", grantee=users["employee"], granted_by=users["signatory"],
                                 contract_types=["service"], max_amount="1000", valid_from=TODAY,
                                 valid_until=TODAY + datetime.timedelta(days=30))  # fmt: skip
    assert [row["key"] for row in open_work(users["employee"])] == ["authorisations"]
    reassign(users["employee"], users["planner"])
    assert [row["key"] for row in open_work(users["employee"])] == ["authorisations"]  # not handed on
    Authorisation.objects.update(revoked_on=TODAY)
    assert open_work(users["employee"]) == []


@pytest.mark.django_db
def test_the_deactivation_leaves_a_rehired_or_unfinished_account_alone(users, staff):
    r = resign(users)
    Resignation.objects.filter(pk=r.pk).update(status="completed")
    assert s.deactivate_leavers(today=r.leaving_date)["deactivated"] == 0  # not "leaving": never approved
    Employee.objects.filter(pk=staff["employee"].pk).update(status="leaving")
    assert s.deactivate_leavers(today=r.leaving_date)["deactivated"] == 1
    User.objects.filter(pk=users["employee"].pk).update(is_active=True)  # reactivated by an administrator
    assert s.deactivate_leavers(today=r.leaving_date)["deactivated"] == 0
    assert User.objects.get(pk=users["employee"].pk).is_active


CAND_STATES = ["applied", "screened", "interviewed", "offered", "hired", "rejected"]
DEC_STATES = ["proposed", "approved", "rejected"]


@pytest.mark.django_db
@pytest.mark.parametrize("source, target", [(a, b) for a in CAND_STATES for b in CAND_STATES if a != b])
def test_every_candidate_pair(users, source, target):
    from staff.models import Candidate
    from staff.workflows import CANDIDATE_WORKFLOW

    plan = approved_plan(users, headcount=5)
    c = s.candidate_add(actor=users["hr"], plan_pk=plan.pk, name="Li", channel="campus")
    s.interview_add(actor=users["head"], candidate_pk=c.pk, held_on=TODAY, notes="n")
    Candidate.objects.filter(pk=c.pk).update(status=source)
    t = CANDIDATE_WORKFLOW.get(source, target)
    if target == "hired":  # only through the hiring form, which creates the employee
        with pytest.raises(ValidationError):
            s.candidate_transition(actor=users["admin"], pk=c.pk, target=target)
        if t is not None:
            s.candidate_hire(actor=users["hr"], pk=c.pk, username="li", number="E9", hire_date=TODAY,
                             password="Tenant-Care-2026")  # fmt: skip
            c.refresh_from_db()
            assert c.status == "hired" and c.employee is not None
        return
    if t is None:
        with pytest.raises(TransitionNotAllowed):
            s.candidate_transition(actor=users["admin"], pk=c.pk, target=target, comment="c")
        return
    for role in ("head", "executive", "planner", "employee", "auditor", "client"):
        with pytest.raises((PermissionDenied, Http404)):
            s.candidate_transition(actor=users[role], pk=c.pk, target=target, comment="c")
    s.candidate_transition(actor=users["hr"], pk=c.pk, target=target, comment="Reason.", expected_source=source)
    c.refresh_from_db()
    assert c.status == target


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["pay", "promotion", "bonus", "title"])
@pytest.mark.parametrize("source, target", [(a, b) for a in DEC_STATES for b in DEC_STATES if a != b])
def test_every_decision_pair(users, staff, kind, source, target):
    from staff.models import StaffDecision
    from staff.workflows import DECISION_WORKFLOW

    d = s.decision_propose(actor=users["hr"], employee_pk=staff["employee"].pk, kind=kind, description="d",
                           amount="100", new_position="Senior")  # fmt: skip
    StaffDecision.objects.filter(pk=d.pk).update(status=source)
    t = DECISION_WORKFLOW.get(source, target)
    if t is None:
        with pytest.raises(TransitionNotAllowed):
            s.decision_transition(actor=users["admin"], pk=d.pk, target=target, comment="c")
        return
    for role in ("hr", "planner", "employee", "auditor", "client"):
        with pytest.raises((PermissionDenied, Http404)):
            s.decision_transition(actor=users[role], pk=d.pk, target=target, comment="c")
    if target == "approved" and kind in ("pay", "promotion"):  # the executive's (5.2.2)
        with pytest.raises(ConditionFailed):
            s.decision_transition(actor=users["head"], pk=d.pk, target=target, comment="c")
    owner = "executive" if kind in ("pay", "promotion") else "head"
    s.decision_transition(actor=users[owner], pk=d.pk, target=target, comment="Reason.", expected_source=source)
    d.refresh_from_db()
    assert d.status == target
