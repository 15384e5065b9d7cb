"""Test helpers that reach states through the real services, each step by the role that owns it."""

from __future__ import annotations

import datetime
import itertools

from contracts.services import contract_create, contract_decide, contract_review, contract_sign, contract_submit
from projects.choices import Stage
from projects.models import Project
from projects.services import (
    acceptance_arrange,
    acceptance_package_save,
    acceptance_round_start,
    acceptance_transition,
    duty_assign,
    evaluation_decide,
    evaluation_save,
    handover_complete,
    handover_item_check,
    intake_risk_add,
    plan_create,
    plan_review_record,
    plan_transition,
    project_stage_transition,
    project_update,
    talk_add,
    task_add,
)

PATH = [Stage.INTAKE, Stage.PLANNING, Stage.EXECUTION, Stage.SUPERVISION, Stage.ACCEPTANCE, Stage.CLOSED]
_numbers = itertools.count(1)

CONTRACT_TERMS = {
    "title": "Managed-operations service contract",
    "service_content": "Operations management, marketing and customer service of the plaza.",
    "fee_standard": "Fixed monthly fee plus 5 % of rental income.",
    "payment_terms": "Monthly, within 15 days of the invoice.",
    "amount": "1200000.00",
    "service_start": datetime.date(2026, 1, 1),
    "service_end": datetime.date(2028, 12, 31),
    "rights_obligations": "Client provides the site; we run it to the agreed standards.",
    "acceptance_conditions": "The operating targets of the annex are met.",
}
PLAN = {
    "title": "Operations plan",
    "strategies": "Anchor tenants first; weekly events.",
    "goals": [{"description": "Raise footfall", "metric": "visitors per month", "target": "≥ 200,000"}],
    "milestones": [{"name": "Soft opening", "due_date": datetime.date(2026, 3, 1)}],
    "resources": [{"kind": "people", "description": "Operations team", "quantity": "12"}],
}


def record_needs_and_talk(project: Project, users) -> None:
    project_update(actor=users["head"], pk=project.pk, client_needs="Better tenant experience and footfall.")
    talk_add(actor=users["market"], pk=project.pk, date=datetime.date(2026, 1, 3), participants="Client GM; market",
             summary="Client wants a managed operator.", next_step="Site visit")  # fmt: skip


def evaluate(project: Project, users, *, decision: str | None = "take_on") -> None:
    evaluation_save(actor=users["head"], pk=project.pk, feasibility="feasible", reasoning="Good location.",
                    estimated_resources="12 people", estimated_fee="1000000")  # fmt: skip
    intake_risk_add(actor=users["head"], pk=project.pk, category="market", level="medium",
                    description="A competitor opens nearby.")  # fmt: skip
    if decision:
        evaluation_decide(actor=users["head"], pk=project.pk, decision=decision, reason="Strategic client.")


def approve_contract(contract, users):
    """Submit a draft and take it through legal review and the approval flow of its amount tier (8.1.2–8.1.3)."""
    contract_submit(actor=users["head"], pk=contract.pk)
    contract_review(actor=users["legal"], pk=contract.pk, passed=True, opinion="Lawful and balanced.", lawful=True,
                    obligations_clear=True, risk_controlled=True)  # fmt: skip
    contract = contract_decide(actor=users["head"], pk=contract.pk,
                               target="executive_approval" if contract.needs_executive() else "approved")  # fmt: skip
    if contract.status == "executive_approval":
        contract = contract_decide(actor=users["executive"], pk=contract.pk, target="approved")
    return contract


def sign_contract(project: Project, users, **terms):
    """A contract drafted, reviewed, approved and signed by the legal representative (user ``signatory``)."""
    contract = contract_create(actor=users["head"], project_pk=project.pk, number=f"HT-{next(_numbers):05d}",
                               **{**CONTRACT_TERMS, **terms})  # fmt: skip
    approve_contract(contract, users)
    return contract_sign(actor=users["signatory"], pk=contract.pk, signed_on=datetime.date.today(),
                         client_signatory="Client GM")  # fmt: skip


def ready_for_planning(project: Project, users) -> None:
    """Everything 3.1.1–3.1.3 require before the project may leave intake."""
    record_needs_and_talk(project, users)
    evaluate(project, users)
    sign_contract(project, users)


def pass_plan(project: Project, users):
    plan = plan_create(actor=users["planner"], pk=project.pk, reviewers=[users["inspector"]], **PLAN)
    plan_transition(actor=users["planner"], plan_pk=plan.pk, target="in_review")
    plan_review_record(actor=users["inspector"], plan_pk=plan.pk, verdict="pass", opinion="Sound.")
    return plan_transition(actor=users["head"], plan_pk=plan.pk, target="passed", comment="Approved.")


def plan_the_work(project: Project, users):
    """Duties and a first work-plan task (3.3.1), by the head (who is in every project's scope)."""
    head = users["head"]
    duty_assign(actor=head, pk=project.pk, person=users["planner"], responsibility="Plan execution")
    return task_add(actor=head, pk=project.pk, title="Weekend market", category="marketing", owner=users["planner"],
                    start_date=datetime.date(2026, 5, 1), due_date=datetime.date(2026, 6, 1))  # fmt: skip


PACKAGE = {
    "operations_report": "Footfall up 18 %; every milestone met.",
    "quality_report": "Twelve inspections, average score 91; all rectifications closed.",
    "satisfaction_results": "Survey of 40 client staff: 94 % satisfied.",
}
SIGN_OFF = {"signer_name": "Wang Li", "signer_position": "General manager", "signer_confirmed": True}


def arrange_acceptance(project: Project, users, **overrides):
    """Customer service agrees the time and manner of acceptance with the client (3.5.1)."""
    values = {"due_reason": "conditions_met", "conditions_note": "All contract acceptance conditions met.",
              "scheduled_for": datetime.date.today() + datetime.timedelta(days=10), "manner": "on_site",
              "client_participants": "Client GM, facilities manager", **overrides}  # fmt: skip
    return acceptance_arrange(actor=users["service"], pk=project.pk, **values)


def send_package(project: Project, users):
    """The planning and quality groups prepare a round's package and send it to the client (3.5.2)."""
    round_ = acceptance_round_start(actor=users["planner"], pk=project.pk)
    acceptance_package_save(actor=users["planner"], round_pk=round_.pk, **PACKAGE)
    return acceptance_transition(actor=users["planner"], round_pk=round_.pk, target="submitted")


def accept_and_hand_over(project: Project, users):
    """The client accepts the package; customer service completes the handover (3.5.3)."""
    round_ = send_package(project, users)
    acceptance_transition(actor=users["client"], round_pk=round_.pk, target="accepted", **SIGN_OFF)
    handover = project.handover
    for item in handover.items.all():
        handover_item_check(actor=users["service"], item_pk=item.pk, done=True)
    return handover_complete(actor=users["service"], handover_pk=handover.pk, handed_over_on=datetime.date.today(),
                             client_representative="Wang Li", record="Everything handed over.")  # fmt: skip


def prepare_gate(project: Project, stage: str, users) -> None:
    """Meet the conditions of the forward gate out of ``stage``."""
    steps = {
        Stage.INTAKE: lambda: ready_for_planning(project, users),
        Stage.PLANNING: lambda: pass_plan(project, users),
        Stage.EXECUTION: lambda: plan_the_work(project, users),
        Stage.SUPERVISION: lambda: arrange_acceptance(project, users),
        Stage.ACCEPTANCE: lambda: accept_and_hand_over(project, users),
    }
    if stage in steps:
        steps[stage]()


def advance_to(project: Project, stage: str, users) -> Project:
    """Move ``project`` along the lifecycle to ``stage``, each gate's conditions met by the role that owns them."""
    head = users["head"]
    if stage == Stage.DECLINED:
        record_needs_and_talk(project, users)
        evaluate(project, users, decision="decline")
        project.refresh_from_db()
        assert project.stage == stage
        return project
    for current, nxt in itertools.pairwise(PATH):
        project.refresh_from_db()
        if project.stage == stage:
            break
        prepare_gate(project, current, users)
        project_stage_transition(actor=head, pk=project.pk, target=nxt)
    project.refresh_from_db()
    assert project.stage == stage
    return project


def dashboard_html(client) -> str:
    """The dashboard as a browser shows it once every card has loaded: the page, then each card's own request
    (htmx, ``hx-get`` of each ``panel-loading-*`` placeholder) put in its place."""
    import re

    page = client.get("/")
    assert page.status_code == 200
    html = page.content.decode()
    for url in re.findall(r'hx-get="(/dashboard/panels/[\w-]+/)"', html):
        card = client.get(url, HTTP_HX_REQUEST="true")
        assert card.status_code == 200, url
        html += card.content.decode()
    return html
