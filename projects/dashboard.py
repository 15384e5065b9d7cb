"""Project panels of the home dashboard."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dashboard import has_perm, panel, staff_only, staff_perm
from projects.choices import (
    AcceptanceStatus,
    AlertStatus,
    InspectionStatus,
    IntakeDecision,
    IssueStatus,
    MeritStatus,
    PlanStatus,
    RectificationStatus,
    RequestStatus,
    Stage,
    TaskStatus,
)
from projects.models import (
    AcceptanceRound,
    CoordinationIssue,
    Evaluation,
    Inspection,
    KpiAlert,
    MeritRecord,
    PlanReview,
    Project,
    RectificationNotice,
    ServiceRequest,
    WorkTask,
)
from projects.selectors import stage_counts
from projects.workflows import STAGE_WORKFLOW


@panel(order=10, requires=has_perm("projects.approve_stage_gate"), title=_("Stage gates waiting for your approval"))
def gates_waiting_panel(user):
    """Stage gates whose conditions all hold: they wait for the department head's approval."""
    waiting = []
    visible = Project.objects.visible_to(user).select_related("client")
    for t in STAGE_WORKFLOW.transitions:
        if t.decision != "approved" or not user.has_perm(t.permission):
            continue
        ready = STAGE_WORKFLOW.ready(visible, t)
        if ready is not None:
            waiting += [{"project": p, "transition": t} for p in ready.order_by("stage_entered_at")[:10]]
    return {
        "template": "gates",
        "items": waiting[:10],
        "total": len(waiting),
    }


@panel(order=20, requires=staff_perm("projects.view_project"), title=_("Projects overdue in their stage"))
def overdue_panel(user):
    items = list(Project.objects.visible_to(user).overdue_in_stage().select_related("client")[:10])
    return {"template": "overdue", "items": items}


def _my_projects_title(user):
    return _("Our projects") if user.client_organisation_id else _("Recently changed projects")


@panel(order=30, requires=has_perm("projects.view_project"), title=_my_projects_title)
def my_projects_panel(user):
    qs = Project.objects.visible_to(user).select_related("client").order_by("-updated_at")
    return {"template": "projects", "items": list(qs[:8])}


@panel(order=40, requires=has_perm("projects.view_project"), wide=True, title=_("Projects by stage"))
def stage_counts_panel(user):
    counts = stage_counts(user=user)
    return {
        "template": "stages",
        "items": [{"stage": s, "count": counts[s.value]} for s in Stage],
    }


@panel(order=11, requires=has_perm("projects.decide_intake"), title=_("Leads waiting for your decision"))
def decisions_panel(user):
    """Leads whose preliminary evaluation waits for the head's decision (3.1.2–3.1.3)."""
    pending = (
        Evaluation.objects.visible_to(user)
        .filter(decision=IntakeDecision.PENDING, project__stage=Stage.INTAKE)
        .select_related("project")
        .order_by("evaluated_at")[:10]
    )
    items = [{"url": reverse("projects:evaluation", args=[e.project_id]), "title": str(e.project),
              "detail": e.get_feasibility_display()} for e in pending]  # fmt: skip
    return {
        "template": "tasks",
        "icon": "signpost-split",
        "items": items,
        "empty": _("No lead waits for your decision."),
        "clause": "3.1.2",
    }


@panel(order=12, requires=staff_only, title=_("Plans waiting for your review"))
def plan_reviews_panel(user):
    """Operations plans in internal review that wait for this person's opinion (3.2.3)."""
    waiting = (
        PlanReview.objects.filter(reviewer=user, verdict="", plan__status=PlanStatus.IN_REVIEW)
        .select_related("plan__project")
        .order_by("plan__updated_at")[:10]
    )
    if not waiting and not user.has_perm("projects.view_operationsplan"):
        return None
    items = [{"url": r.plan.get_absolute_url(), "title": str(r.plan), "detail": r.plan.project.name}
             for r in waiting]  # fmt: skip
    return {
        "template": "tasks",
        "icon": "clipboard-check",
        "items": items,
        "empty": _("No plan waits for your review."),
        "clause": "3.2.3",
    }


@panel(order=15, requires=staff_perm("projects.view_worktask"), title=_("My work-plan tasks"))
def my_tasks_panel(user):
    """The person's own open work-plan tasks, overdue first (3.3.2)."""
    tasks = (
        WorkTask.objects.visible_to(user)
        .filter(owner=user)
        .exclude(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])
        .select_related("project")
        .order_by("due_date")[:10]
    )
    today = timezone.localdate()
    items = [{"url": t.get_absolute_url(), "title": t.title, "detail": f"{t.project.code} · {t.due_date:%Y-%m-%d}",
              "badge": _("Overdue") if t.due_date < today else ""} for t in tasks]  # fmt: skip
    return {"template": "tasks", "icon": "list-check", "items": items,
            "empty": _("No open task is yours."), "clause": "3.3.2"}  # fmt: skip


@panel(order=13, requires=has_perm("projects.resolve_escalated_issue"), title=_("Problems escalated to you"))
def escalated_issues_panel(user):
    """Problems escalated to the department head (3.3.3)."""
    issues = (
        CoordinationIssue.objects.visible_to(user)
        .filter(status=IssueStatus.ESCALATED)
        .select_related("project")
        .order_by("escalated_at")[:10]
    )
    items = [{"url": i.get_absolute_url(), "title": i.title, "detail": str(i.project),
              "badge": i.get_priority_display()} for i in issues]  # fmt: skip
    return {
        "template": "tasks",
        "icon": "exclamation-octagon",
        "items": items,
        "empty": _("No problem is escalated to you."),
        "clause": "3.3.3",
    }


@panel(order=14, requires=has_perm("projects.perform_inspection"), title=_("Inspections and fixes waiting for you"))
def inspections_panel(user):
    """Inspections planned for this inspector, and fixes waiting for their verification (3.4.1–3.4.2)."""
    planned = Inspection.objects.visible_to(user).filter(inspector=user, status=InspectionStatus.PLANNED)
    items = [{"url": i.get_absolute_url(), "title": str(i), "detail": i.get_kind_display()}
             for i in planned.select_related("project", "checklist").order_by("planned_on")[:8]]  # fmt: skip
    fixes = (
        RectificationNotice.objects.visible_to(user)
        .filter(status=RectificationStatus.SUBMITTED, issued_by=user)
        .select_related("project")[:8]
    )
    items += [{"url": n.get_absolute_url(), "title": str(n), "badge": _("Fix to verify")} for n in fixes]
    return {
        "template": "tasks",
        "icon": "clipboard2-check",
        "items": items,
        "empty": _("No inspection or fix waits for you."),
        "clause": "3.4.2",
    }


@panel(
    order=14,
    requires=staff_perm("projects.view_rectificationnotice"),
    title=_("Rectifications you are responsible for"),
)
def rectifications_panel(user):
    """Rectification notices this person is responsible for (3.4.2); overdue ones are marked."""
    notices = (
        RectificationNotice.objects.visible_to(user)
        .filter(responsible=user, status=RectificationStatus.ISSUED)
        .select_related("project")
        .order_by("deadline")[:10]
    )
    today = timezone.localdate()
    items = [{"url": n.get_absolute_url(), "title": str(n), "detail": f"{n.deadline:%Y-%m-%d}",
              "badge": _("Overdue") if n.deadline < today else ""} for n in notices]  # fmt: skip
    return {
        "template": "tasks",
        "icon": "tools",
        "items": items,
        "empty": _("No rectification is yours to do."),
        "clause": "3.4.2",
    }


@panel(order=13, requires=staff_perm("projects.add_acceptancearrangement"), title=_("Projects due for acceptance"))
def acceptance_due_panel(user):
    """Projects due for acceptance whose time and manner are not agreed yet: customer service's to-do (3.5.1)."""
    due = Project.objects.visible_to(user).due_for_acceptance().order_by("service_end", "id")[:10]
    items = [
        {
            "url": reverse("projects:acceptance-arrange", args=[p.pk]),
            "title": str(p),
            "detail": _("service ends %(date)s") % {"date": p.service_end},
        }
        for p in due
    ]
    return {
        "template": "tasks",
        "icon": "calendar-check",
        "items": items,
        "empty": _("No project is due for acceptance."),
        "clause": "3.5.1",
    }


@panel(
    order=5, requires=has_perm("projects.decide_acceptance"), title=_("Acceptance packages waiting for your decision")
)
def acceptance_decisions_panel(user):
    """For a client's users: acceptance packages sent to them that wait for their decision (3.5.3)."""
    waiting = (
        AcceptanceRound.objects.visible_to(user)
        .filter(status=AcceptanceStatus.SUBMITTED)
        .select_related("project")
        .order_by("submitted_at", "id")[:10]
    )
    items = [
        {
            "url": r.get_absolute_url(),
            "title": str(r.project),
            "detail": _("acceptance round %(number)s") % {"number": r.number},
        }
        for r in waiting
    ]
    return {
        "template": "tasks",
        "icon": "patch-check",
        "items": items,
        "empty": _("No package waits for your decision."),
        "clause": "3.5.3",
    }


@panel(
    order=14, requires=has_perm("projects.approve_meritrecord"), title=_("Commendations and accountability to approve")
)
def merit_approvals_panel(user):
    """Commendation and accountability records proposed from supervision results (3.4.3), for the head."""
    proposed = (
        MeritRecord.objects.visible_to(user)
        .filter(status=MeritStatus.PROPOSED)
        .select_related("project", "person")
        .order_by("proposed_at", "id")[:10]
    )
    items = [
        {"url": r.get_absolute_url(), "title": f"{r.get_kind_display()}: {r.subject}", "detail": r.project.code}
        for r in proposed
    ]
    return {
        "template": "tasks",
        "icon": "award",
        "items": items,
        "empty": _("Nothing waits for your approval."),
        "clause": "3.4.3",
    }


@panel(order=15, requires=staff_perm("projects.view_kpialert"), title=_("KPIs missed"))
def kpi_alerts_panel(user):
    """KPIs missed now (4.2.3): the open alerts, newest first, for those who read the KPI system."""
    alerts = (
        KpiAlert.objects.visible_to(user)
        .filter(status=AlertStatus.OPEN)
        .select_related("project", "definition")
        .order_by("-opened_at", "-id")[:10]
    )
    items = [
        {
            "url": a.get_absolute_url(),
            "title": f"{a.project.code} · {a.definition.name}",
            "detail": _("%(value)s against a target of %(comparator)s %(target)s")
            % {"value": a.value, "comparator": a.definition.get_comparator_display(), "target": a.target},
        }
        for a in alerts
    ]
    return {
        "template": "tasks",
        "icon": "speedometer2",
        "items": items,
        "empty": _("Every project meets every KPI."),
        "clause": "4.2.3",
    }


@panel(order=16, requires=staff_perm("projects.handle_servicerequest"), title=_("Client requests to handle"))
def my_requests_panel(user):
    """Client requests waiting for a first response or handling by this person or their projects (4.1.3)."""
    # Mine and the unassigned as two ordered reads of ten, each through its partial index, merged: one query with
    # "assignee = me OR assignee IS NULL" reads and sorts every open request (docs/BENCHMARKS.md, "Scale").
    open_requests = (
        ServiceRequest.objects.visible_to(user)
        .filter(status__in=[RequestStatus.OPEN, RequestStatus.IN_PROGRESS])
        .select_related("project")
        .order_by("respond_by", "id")
    )
    mine = open_requests.filter(assignee=user)[:10]
    unassigned = open_requests.filter(assignee__isnull=True)[:10]
    waiting = sorted([*mine, *unassigned], key=lambda r: (r.respond_by, r.pk))[:10]
    items = [{"url": r.get_absolute_url(), "title": r.title, "detail": f"{r.project.code} · {r.get_kind_display()}",
              "badge": r.get_status_display()} for r in waiting]  # fmt: skip
    return {"template": "tasks", "icon": "headset", "items": items,
            "empty": _("No client request waits for you."), "clause": "4.1.3"}  # fmt: skip
