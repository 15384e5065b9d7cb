"""Real-browser journeys through chapter 5, each step by its role: a recruitment plan approved by the head and HR to
a hire (an offer beyond the headcount refused, 5.1.1) with the onboarding confirmed by the manager (5.1.3); an
appraisal cycle refused until its weights sum to 100 (5.2.1), scored by the employee and its manager, ending in a
promotion the executive approves (5.2.2); a resignation through the head's review, the superior's approval and HR's
exit with a supervised handover record (5.3), after which the leaver cannot log in. Screenshots in
test-artifacts/screenshots/staff/."""

import datetime
from pathlib import Path

import pytest

from core.models import Department
from projects.models import WorkTask
from staff import services as ss
from staff.models import Appraisal, Candidate, Employee, RecruitmentPlan, Resignation, StaffDecision
from tests.browser.support import Browser, fill

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots" / "staff"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = datetime.date.today()


def submit_form(b, form_testid, fields, submit_testid, ok=True):
    form = b.page.get_by_test_id(form_testid).first
    fill(form, fields)
    with b.page.expect_navigation():
        form.get_by_test_id(submit_testid).click()
    if ok:
        b.expect_success()


def decide(b, prefix, target, comment="ok", **extra):
    b.modal_submit(f"{prefix}transition-{target}", f"{prefix}transition-form-{target}", {"comment": comment, **extra},
                   f"confirm-{prefix}transition-{target}")  # fmt: skip
    b.expect_success()


def errors(b) -> str:
    return " | ".join(b.page.locator(".alert-danger").all_inner_texts())


@pytest.fixture
def staff(users):
    from django.contrib.auth.models import Group

    for name in ("planner", "service"):  # every member of staff is an employee too (the demo's logins are)
        users[name].groups.add(Group.objects.get(name="employee"))
    dept = Department.objects.order_by("pk").first()
    made = {}
    for n, name in enumerate(("head", "hr", "planner", "employee", "service")):
        manager = users["planner"] if name == "employee" else None if name == "head" else users["head"]
        made[name] = ss.employee_create(actor=users["hr"], user=users[name], number=f"E{n}", department=dept,
                                        position=name.title(), hire_date=datetime.date(2024, 1, 1),
                                        manager=manager)  # fmt: skip
    return made


def test_recruitment_plan_to_a_hire_with_onboarding(chromium_available, live_server, page, users):
    b = Browser(page, live_server, SHOTS)
    dept = Department.objects.order_by("pk").first()

    # HR drafts the plan (5.1.1); the head, then HR approve it.
    b.login("hr")
    b.go("/staff/recruitment/")
    page.get_by_test_id("plan-create").locator("summary").click()
    submit_form(b, "plan-form", {"department": str(dept.pk), "position": "Property manager", "headcount": "1",
                                 "requirements": "Five years in shopping malls.",
                                 "justification": "Huafu Plaza opens its east wing."}, "plan-save")  # fmt: skip
    plan = RecruitmentPlan.objects.get()
    decide(b, "plan-", "submitted", "Please approve.")
    b.login("head")
    b.go(f"/staff/recruitment/{plan.pk}/")
    decide(b, "plan-", "head_approved", "Needed for the east wing.")
    b.login("hr")
    b.go(f"/staff/recruitment/{plan.pk}/")
    decide(b, "plan-", "approved", "Budgeted.")
    assert "Approved" in page.get_by_test_id("plan-status").inner_text()

    # Two candidates from two channels (5.1.2), screened and interviewed.
    for name, channel in (("Chen Hao", "campus"), ("Zhou Min", "job_site")):
        submit_form(b, "candidate-form", {"name": name, "channel": channel}, "candidate-save")
    first, second = Candidate.objects.get(name="Chen Hao"), Candidate.objects.get(name="Zhou Min")
    for c in (first, second):
        decide(b, f"candidate-{c.pk}-", "screened", "CV fits.")
        submit_form(b, f"interview-form-{c.pk}", {"held_on": TODAY.isoformat(), "notes": "Calm, knows tenants."},
                    f"interview-save-{c.pk}")  # fmt: skip
        decide(b, f"candidate-{c.pk}-", "interviewed", "Interviewed by the head.")
    decide(b, f"candidate-{first.pk}-", "offered", "Best fit.")
    # The headcount of 1 is taken: the second offer is refused, citing 5.1.1.
    assert page.get_by_test_id(f"candidate-{second.pk}-transition-offered").is_disabled()
    failures = page.get_by_test_id(f"candidate-{second.pk}-transition-failures-offered").inner_text()
    assert "5.1.1" in failures and "headcount" in failures, failures
    b.shot("01-hr-offer-beyond-headcount-refused")

    # Hiring creates the account and the employee record with its onboarding (5.1.3).
    submit_form(b, f"hire-form-{first.pk}", {"username": "chenhao", "number": "E100", "hire_date": TODAY.isoformat(),
                                             "manager": str(users["head"].pk), "password": "Tenant-Care-2026"},
                f"hire-save-{first.pk}")  # fmt: skip
    employee = Employee.objects.get(user__username="chenhao")
    assert page.url.endswith(f"/staff/{employee.pk}/") and employee.user.check_password("Tenant-Care-2026")
    assert page.get_by_test_id("onboarding-row").count() == 4

    # The manager confirms an area; the rest stays to do.
    b.login("head")
    b.go(f"/staff/{employee.pk}/")
    submit_form(b, "onboarding-form-organisation", {}, "onboarding-confirm-organisation")
    assert employee.onboarding.filter(completed_on__isnull=True).count() == 3
    b.shot("02-head-onboarding")


def test_appraisal_cycle_weights_and_a_promotion(chromium_available, live_server, page, users, staff):
    b = Browser(page, live_server, SHOTS)

    # HR drafts the cycle; the weights must sum to 100 before it opens (5.2.1).
    b.login("hr")
    b.go("/staff/appraisals/")
    submit_form(b, "cycle-form", {"name": "H2 2026", "period_start": f"{TODAY.year}-07-01",
                                  "period_end": f"{TODAY.year}-12-31", "method": "Self, then the manager."},
                "cycle-save")  # fmt: skip
    for dimension, name, weight in (("results", "Targets met", "60"), ("attitude", "Punctuality", "30")):
        submit_form(b, "indicator-form", {"dimension": dimension, "name": name, "weight": weight}, "indicator-save")
    assert "90" in page.get_by_test_id("weight-total").inner_text()
    page.get_by_test_id("cycle-open").click()
    with page.expect_navigation():
        page.get_by_test_id("cycle-open-confirm").click()
    assert "5.2.1" in errors(b), errors(b)
    b.shot("03-hr-weights-refused")
    submit_form(b, "indicator-form", {"dimension": "teamwork", "name": "Helps others", "weight": "10"},
                "indicator-save")  # fmt: skip
    page.get_by_test_id("cycle-open").click()
    with page.expect_navigation():
        page.get_by_test_id("cycle-open-confirm").click()
    b.expect_success()
    appraisal = Appraisal.objects.get(employee=staff["employee"])

    # The employee scores itself; its manager (the planner) scores: the final score and the grade.
    b.login("employee")
    b.go(f"/staff/appraisal/{appraisal.pk}/")
    scores = {f"score_{i.pk}": "90" for i in appraisal.cycle.indicators.all()}
    submit_form(b, "self-form", {**scores, "comment": "A good half-year."}, "self-save")
    b.login("planner")
    b.go(f"/staff/appraisal/{appraisal.pk}/")
    submit_form(b, "manager-form", {**dict.fromkeys(scores, "95"), "comment": "Excellent."}, "manager-save")
    assert page.get_by_test_id("appraisal-grade").inner_text().strip().startswith("A")
    assert "95" in page.get_by_test_id("appraisal-final").inner_text()

    # HR proposes a promotion; it is the executive's decision, not the head's (5.2.2).
    b.login("hr")
    b.go(f"/staff/appraisal/{appraisal.pk}/")
    submit_form(b, "decision-form", {"kind": "promotion", "description": "Grade A.", "new_position": "Senior planner"},
                "decision-submit")  # fmt: skip
    decision = StaffDecision.objects.get()
    b.login("head")
    b.go(f"/staff/{staff['employee'].pk}/")
    assert page.get_by_test_id(f"decision-{decision.pk}-transition-approved").is_disabled()
    b.login("executive")
    b.go(f"/staff/{staff['employee'].pk}/")
    decide(b, f"decision-{decision.pk}-", "approved", "Well earned.")
    assert page.get_by_test_id("employee-position").inner_text().strip() == "Senior planner"
    b.shot("04-executive-promotion")


def test_resignation_with_a_supervised_handover(chromium_available, live_server, page, users, staff, project):
    b = Browser(page, live_server, SHOTS)
    WorkTask.objects.create(project=project, title="Lobby rota", owner=users["employee"], start_date=TODAY,
                            due_date=TODAY, created_by=users["head"])  # fmt: skip

    # The written application, the notice period in advance (5.3.1).
    b.login("employee")
    b.go("/staff/resignations/")
    submit_form(b, "resignation-form", {"reason": "Moving to Chengdu.",
                                        "leaving_date": (TODAY + datetime.timedelta(days=5)).isoformat()},
                "resignation-save", ok=False)  # fmt: skip
    assert "5.3.1" in errors(b), errors(b)
    leaving = TODAY + datetime.timedelta(days=35)
    submit_form(b, "resignation-form", {"reason": "Moving to Chengdu.", "leaving_date": leaving.isoformat()},
                "resignation-save")  # fmt: skip
    r = Resignation.objects.get()

    # The head reviews (reason, handover state) and passes it to the superior, who approves (5.3.2).
    b.login("head")
    b.go(f"/staff/resignations/{r.pk}/")
    decide(b, "resignation-", "head_reviewed", "The reason is genuine.",
           handover_state="One open task; client files in order.")  # fmt: skip
    b.login("executive")
    b.go(f"/staff/resignations/{r.pk}/")
    decide(b, "resignation-", "approved", "Approved.")

    # HR runs the exit (5.3.3): the handover under a supervisor, the settlement, the items, the open work.
    b.login("hr")
    b.go(f"/staff/resignations/{r.pk}/")
    submit_form(b, "handover-form", {"supervisor": str(users["service"].pk)}, "handover-save")
    for kind, text in (("materials", "Rota spreadsheets"), ("documents", "Tenant contracts binder"),
                       ("equipment", "Laptop and badge"), ("client_info", "Tenant contact list")):  # fmt: skip
        submit_form(b, "handover-item-form", {"kind": kind, "description": text,
                                              "receiver": str(users["planner"].pk)}, "handover-item-save")  # fmt: skip
    submit_form(b, "exit-form", {"settlement_done": True, "settlement_note": "Salary to the leaving date.",
                                 "items_returned": True}, "exit-save")  # fmt: skip
    assert page.get_by_test_id("resignation-transition-completed").is_disabled()
    failures = page.get_by_test_id("resignation-transition-failures-completed").inner_text()
    assert "5.3.4" in failures and "work tasks" in failures, failures
    submit_form(b, "reassign-form", {"successor": str(users["planner"].pk)}, "reassign-save")
    assert WorkTask.objects.get().owner == users["planner"]

    # The designated supervisor signs the handover record (5.3.4); HR completes the exit.
    b.login("service")
    b.go(f"/staff/resignations/{r.pk}/")
    page.get_by_test_id("handover-sign").click()
    with page.expect_navigation():
        page.get_by_test_id("handover-sign-confirm").click()
    b.expect_success()
    b.login("hr")
    b.go(f"/staff/resignations/{r.pk}/")
    decide(b, "resignation-", "completed", "Exit complete.")
    assert "completed" in page.get_by_test_id("resignation-status").inner_text().lower()
    b.shot("05-hr-exit-completed")

    # On the leaving date the daily job deactivates the account: the leaver cannot log in.
    assert ss.deactivate_leavers(today=leaving)["deactivated"] == 1
    page.context.clear_cookies()
    b.go("/login/")
    page.fill("input[name=username]", "employee")
    page.fill("input[name=password]", "pw-123456")
    with page.expect_navigation():
        page.get_by_test_id("login-form").locator("[type=submit]").click()
    assert "/login/" in page.url
    b.shot("06-leaver-cannot-log-in")
