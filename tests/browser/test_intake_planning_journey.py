"""A real-browser journey through the whole lifecycle of chapter 3: a lead becomes a project, is planned, executed,
supervised (a rectification verified), accepted by its client after one rejected round and its rectification, handed
over and closed. Each step is done by the role that owns it — market, department head, signatory, planner, customer
service, inspector, client. Screenshots of each step land in test-artifacts/screenshots/journey/."""

from pathlib import Path

import pytest
from django.utils import timezone

from contracts.models import Contract
from projects.models import OperationsPlan, Project, RectificationNotice
from tests.browser.support import Browser
from tests.helpers import approve_contract

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots" / "journey"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lead_to_closed(chromium_available, live_server, page, users, client_org):
    b = Browser(page, live_server, SHOTS)

    # Market records the lead (3.1.1) and logs a talk.
    b.login("market")
    b.go("/projects/new/")
    page.fill("input[name=code]", "LEAD-1")
    page.fill("input[name=name]", "Riverside Plaza")
    page.select_option("select[name=client]", str(client_org.pk))
    page.fill("textarea[name=client_needs]", "More footfall and happier tenants.")
    with page.expect_navigation():
        page.get_by_test_id("project-save").click()
    project = Project.objects.get(code="LEAD-1")
    b.modal_submit("talk-add", "talk-form", {"date": "2026-02-01", "participants": "Client GM; market",
                                             "summary": "They want an operator from May."}, "talk-save")  # fmt: skip
    b.expect_success()
    b.shot("01-market-lead")

    # The head evaluates (3.1.2), records a risk and decides to take it on.
    b.login("head")
    b.go(f"/projects/{project.pk}/evaluation/")
    form = page.get_by_test_id("evaluation-form")
    form.locator("select[name=feasibility]").select_option("feasible")
    form.locator("[name=reasoning]").fill("Good location, strong anchor tenants.")
    with page.expect_navigation():
        page.get_by_test_id("evaluation-save").click()
    risk = page.get_by_test_id("risk-form")
    risk.locator("select[name=category]").select_option("market")
    risk.locator("[name=description]").fill("A competitor opens nearby.")
    with page.expect_navigation():
        page.get_by_test_id("risk-save").click()
    b.modal_submit("decide", "decide-form", {"decision": "take_on", "reason": "Strategic client."}, "confirm-decide")
    b.expect_success()
    b.shot("02-head-evaluation")

    # The gate stays closed until the contract is signed (3.1.3): the page says why.
    b.go(f"/projects/{project.pk}/")
    assert page.get_by_test_id("transition-planning").is_disabled()
    assert "3.1.3" in page.get_by_test_id("transition-failures-planning").inner_text()

    # Market drafts the contract with its key terms.
    b.login("market")
    b.go(f"/contracts/new/?project={project.pk}")
    form = page.get_by_test_id("contract-form")
    form.locator("[name=number]").fill("HT-2026-77")
    form.locator("[name=service_content]").fill("Operations, marketing and customer service.")
    form.locator("[name=fee_standard]").fill("Monthly fee plus 5 % of revenue.")
    form.locator("[name=payment_terms]").fill("Monthly, within 15 days of the invoice.")
    form.locator("[name=amount]").fill("800000")
    form.locator("[name=service_start]").fill("2026-05-01")
    form.locator("[name=service_end]").fill("2029-04-30")
    form.locator("[name=rights_obligations]").fill("The client provides the site; we run it.")
    form.locator("[name=acceptance_conditions]").fill("Footfall and tenant targets met.")
    with page.expect_navigation():
        page.get_by_test_id("contract-save").click()
    contract_url = page.url
    # Legal review and the approval flow (8.1.2–8.1.3) have their own browser journey
    # (tests/browser/test_contract_journey.py); here they are done through the services.
    approve_contract(Contract.objects.get(number="HT-2026-77"), users)

    # Only the signatory signs (8.1.1).
    b.login("signatory")
    page.goto(contract_url)
    signing = {"signed_on": timezone.localdate().isoformat(), "client_signatory": "Client GM"}
    b.modal_submit("contract-sign", "contract-sign-form", signing, "confirm-contract-sign")
    b.expect_success()
    b.shot("03-signatory-contract")

    # The head approves the gate to planning.
    b.login("head")
    b.go(f"/projects/{project.pk}/")
    b.modal_submit("transition-planning", "transition-form-planning", {"comment": "Contract signed."},
                   "confirm-transition-planning")  # fmt: skip
    b.expect_success()
    project.refresh_from_db()
    assert project.stage == "planning"
    # The head puts the planner and customer service on the team (3.2.1).
    for member in ("planner", "service"):
        b.modal_submit("member-add", "member-form", {"user": str(users[member].pk), "role": member}, "member-save")
        b.expect_success()
    assert project.members.filter(user__in=[users["planner"], users["service"]]).count() == 2

    # The planner writes the plan (3.2.2) and names a reviewer (3.2.3).
    b.login("planner")
    b.go(f"/projects/{project.pk}/plans/new/")
    form = page.get_by_test_id("plan-form")
    form.locator("[name=title]").fill("Operations plan 2026")
    form.locator("[name=strategies]").fill("Anchor tenants first; weekend events.")
    form.locator("select[name=reviewers]").select_option(str(users["inspector"].pk))
    form.locator("[name=goals-0-description]").fill("Raise footfall")
    form.locator("[name=goals-0-metric]").fill("visitors per month")
    form.locator("[name=goals-0-target]").fill(">= 200,000")
    form.locator("[name=milestones-0-name]").fill("Soft opening")
    form.locator("[name=milestones-0-due_date]").fill("2026-06-01")
    form.locator("select[name=resources-0-kind]").select_option("people")
    form.locator("[name=resources-0-description]").fill("Operations team of 12")
    with page.expect_navigation():
        page.get_by_test_id("plan-save").click()
    b.expect_success()
    plan = OperationsPlan.objects.get(project=project)
    b.modal_submit("plan-transition-in_review", "plan-transition-form-in_review", {},
                   "confirm-plan-transition-in_review")  # fmt: skip
    b.expect_success()
    b.shot("04-planner-plan")

    # The named reviewer gives an opinion.
    b.login("inspector")
    page.goto(f"{b.base}{plan.get_absolute_url()}")
    review = page.get_by_test_id("review-form")
    review.locator("select[name=verdict]").select_option("pass")
    review.locator("[name=opinion]").fill("Sound and feasible.")
    with page.expect_navigation():
        page.get_by_test_id("review-save").click()
    b.expect_success()

    # The head passes the plan and opens execution (3.2.3).
    b.login("head")
    page.goto(f"{b.base}{plan.get_absolute_url()}")
    b.modal_submit("plan-transition-passed", "plan-transition-form-passed", {"comment": "Approved."},
                   "confirm-plan-transition-passed")  # fmt: skip
    b.expect_success()
    b.go(f"/projects/{project.pk}/")
    b.modal_submit("transition-execution", "transition-form-execution", {"comment": "Go."},
                   "confirm-transition-execution")  # fmt: skip
    b.expect_success()
    b.shot("05-head-execution")
    project.refresh_from_db()
    assert project.stage == "execution"
    assert project.contracts.get().status == "signed"

    # The planner assigns duties and draws up the work plan (3.3.1); the head opens supervision.
    b.login("planner")
    b.go(f"/projects/{project.pk}/tasks/")
    b.modal_submit("duty-assign", "duty-form", {"person": str(users["service"].pk),
                                                "responsibility": "Tenant service"}, "duty-save")  # fmt: skip
    b.expect_success()
    b.modal_submit("task-add", "task-form", {"title": "Monthly fire-safety check", "category": "safety",
                                             "owner": str(users["planner"].pk), "start_date": "2026-06-01",
                                             "due_date": "2026-06-30"}, "task-save")  # fmt: skip
    b.expect_success()
    assert page.get_by_test_id("task-row").count() == 1
    b.shot("06-planner-work-plan")
    b.login("head")
    b.go(f"/projects/{project.pk}/")
    b.modal_submit("transition-supervision", "transition-form-supervision", {"comment": "Work plan in place."},
                   "confirm-transition-supervision")  # fmt: skip
    b.expect_success()
    project.refresh_from_db()
    assert project.stage == "supervision"

    # The inspector plans an inspection against the quality standard and scores it (3.4.1).
    # The quality standard is the quality group's checklist (2.2.4).
    b.login("inspector")
    b.go("/projects/checklists/new/")
    form = page.get_by_test_id("checklist-form")
    form.locator("[name=name]").fill("Plaza standard")
    for i, (text, weight, criterion) in enumerate([("Signage clear", "2", "None missing"),
                                                    ("Fire exits unobstructed", "3", "All clear")]):  # fmt: skip
        form.locator(f"[name=items-{i}-text]").fill(text)
        form.locator(f"[name=items-{i}-weight]").fill(weight)
        form.locator(f"[name=items-{i}-pass_criterion]").fill(criterion)
    with page.expect_navigation():
        page.get_by_test_id("checklist-save").click()
    b.expect_success()
    from projects.models import Checklist

    standard = Checklist.objects.get(name="Plaza standard")
    assert standard.items.count() == 2
    b.go(f"/projects/{project.pk}/inspections/new/")
    form = page.get_by_test_id("inspection-plan-form")
    form.locator("select[name=checklist]").select_option(str(standard.pk))
    form.locator("select[name=inspector]").select_option(str(users["inspector"].pk))
    with page.expect_navigation():
        page.get_by_test_id("inspection-plan-save").click()
    b.expect_success()
    scores = page.get_by_test_id("score-form")
    scores.locator("[name=scores-0-score]").fill("90")
    scores.locator("[name=scores-0-passed]").check()
    scores.locator("[name=scores-1-score]").fill("40")
    scores.locator("[name=scores-1-finding]").fill("Exit B blocked by stock.")
    with page.expect_navigation():
        page.get_by_test_id("score-save").click()
    b.expect_success()
    b.modal_submit("inspection-transition-completed", "inspection-transition-form-completed", {},
                   "confirm-inspection-transition-completed")  # fmt: skip
    b.expect_success()
    assert "60.0" in page.get_by_test_id("inspection-score").inner_text()

    # A rectification notice to the planner, followed up until the inspector verifies the fix (3.4.2).
    with page.expect_navigation():
        page.get_by_test_id("issue-rectification").click()
    form = page.get_by_test_id("rectification-form")
    form.locator("select[name=responsible]").select_option(str(users["planner"].pk))
    form.locator("[name=requirement]").fill("Clear exit B and keep it clear.")
    form.locator("[name=deadline]").fill("2099-01-31")
    with page.expect_navigation():
        page.get_by_test_id("rectification-save").click()
    b.expect_success()
    notice_url = page.url
    b.shot("07-inspector-rectification")
    b.login("planner")
    page.goto(notice_url)
    fix = {"fix_description": "Stock moved to the warehouse."}
    b.modal_submit("rectification-transition-submitted", "rectification-transition-form-submitted", fix,
                   "confirm-rectification-transition-submitted")  # fmt: skip
    b.expect_success()
    b.login("inspector")
    page.goto(notice_url)
    b.modal_submit("rectification-transition-closed", "rectification-transition-form-closed", {},
                   "confirm-rectification-transition-closed")  # fmt: skip
    b.expect_success()
    b.shot("08-inspector-verified")
    assert project.rectifications.get().status == "closed"

    # Customer service agrees the time and manner of acceptance with the client (3.5.1); the head opens acceptance.
    b.login("service")
    b.go(f"/projects/{project.pk}/acceptance/arrangement/")
    form = page.locator("form:has([data-testid=save-arrangement])")
    form.locator("select[name=due_reason]").select_option("conditions_met")
    form.locator("[name=conditions_note]").fill("Footfall and tenant targets of the contract are met.")
    form.locator("[name=scheduled_for]").fill("2099-03-01")
    form.locator("select[name=manner]").select_option("on_site")
    form.locator("[name=client_participants]").fill("Client GM, facilities manager")
    with page.expect_navigation():
        page.get_by_test_id("save-arrangement").click()
    b.expect_success()
    b.login("head")
    b.go(f"/projects/{project.pk}/")
    b.modal_submit("transition-acceptance", "transition-form-acceptance", {"comment": "Due for acceptance."},
                   "confirm-transition-acceptance")  # fmt: skip
    b.expect_success()
    project.refresh_from_db()
    assert project.stage == "acceptance"

    # The planning and quality groups prepare the package (3.5.2) and send it to the client.
    def send_round(number):
        b.login("planner")
        b.go(f"/projects/{project.pk}/acceptance/")
        with page.expect_navigation():
            page.get_by_test_id("start-acceptance-round").click()
        b.expect_success()
        if number == 1:
            with page.expect_navigation():
                page.get_by_test_id("edit-package").click()
            page.fill("textarea[name=operations_report]", "Footfall up 18 %; every milestone met.")
            page.fill("textarea[name=quality_report]", "Inspections passed after one verified rectification.")
            page.fill("textarea[name=satisfaction_results]", "94 % of 40 client staff satisfied.")
            with page.expect_navigation():
                page.get_by_test_id("save-package").click()
            b.expect_success()
        b.modal_submit("acceptance-transition-submitted", "acceptance-transition-form-submitted", {},
                       "confirm-acceptance-transition-submitted")  # fmt: skip
        b.expect_success()
        assert len(page.get_by_test_id("package-digest").inner_text().strip()) >= 64

    send_round(1)
    b.shot("09-planner-package-sent")

    # The client reviews the package in its portal and does not accept it (3.5.3).
    b.login("client")
    b.go(f"/projects/{project.pk}/")
    with page.expect_navigation():
        page.get_by_test_id("review-package").click()
    reject = page.get_by_test_id("reject-form")
    reject.locator("[name=problems]").fill("Car-park lighting insufficient")
    with page.expect_navigation():
        page.get_by_test_id("reject-submit").click()
    b.expect_success()
    assert page.get_by_test_id("rejection-problem").count() == 1
    b.shot("10-client-rejects")

    # The rejection became a rectification notice to the planner; fixed, verified, and the package goes again.
    notice = RectificationNotice.objects.get(acceptance_round__number=1, project=project)
    b.login("planner")
    page.goto(f"{b.base}{notice.get_absolute_url()}")
    lights = {"fix_description": "40 LED lights installed."}
    b.modal_submit("rectification-transition-submitted", "rectification-transition-form-submitted", lights,
                   "confirm-rectification-transition-submitted")  # fmt: skip
    b.expect_success()
    b.login("inspector")
    page.goto(f"{b.base}{notice.get_absolute_url()}")
    b.modal_submit("rectification-transition-closed", "rectification-transition-form-closed", {},
                   "confirm-rectification-transition-closed")  # fmt: skip
    b.expect_success()
    send_round(2)

    # The client accepts with an explicit sign-off (3.5.3).
    b.login("client")
    b.go(f"/projects/{project.pk}/")
    with page.expect_navigation():
        page.get_by_test_id("review-package").click()
    accept = page.get_by_test_id("accept-form")
    accept.locator("[name=signer_name]").fill("Wang Li")
    accept.locator("[name=signer_position]").fill("General manager")
    accept.locator("[name=signer_confirmed]").check()
    with page.expect_navigation():
        page.get_by_test_id("accept-submit").click()
    b.expect_success()
    assert "Wang Li" in page.get_by_test_id("sign-off").inner_text()
    b.shot("11-client-signs-off")

    # Customer service completes the handover checklist and record; the head closes the project.
    b.login("service")
    b.go(f"/projects/{project.pk}/acceptance/")
    for item in project.handover.items.all():
        row = page.locator(f"form:has([data-testid=handover-item-check-{item.pk}])")
        row.locator("[name=done]").check()
        with page.expect_navigation():
            page.get_by_test_id(f"handover-item-check-{item.pk}").click()
        b.expect_success()
    done = page.get_by_test_id("handover-complete-form")
    done.locator("[name=handed_over_on]").fill(timezone.localdate().isoformat())
    done.locator("[name=client_representative]").fill("Wang Li")
    done.locator("[name=record]").fill("Records, equipment, keys and client information handed over.")
    with page.expect_navigation():
        page.get_by_test_id("handover-complete").click()
    b.expect_success()
    assert page.get_by_test_id("handover-record").is_visible()
    b.shot("12-service-handover")
    b.login("head")
    b.go(f"/projects/{project.pk}/")
    b.modal_submit("transition-closed", "transition-form-closed", {"comment": "Accepted and handed over."},
                   "confirm-transition-closed")  # fmt: skip
    b.expect_success()
    project.refresh_from_db()
    assert project.stage == "closed"
    assert list(project.acceptance_rounds.values_list("status", flat=True)) == ["rejected", "accepted"]
    b.shot("13-head-closed")
