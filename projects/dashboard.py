"""Project panels of the home dashboard."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.dashboard import panel
from projects.choices import Stage
from projects.models import Project
from projects.selectors import stage_counts
from projects.workflows import STAGE_WORKFLOW


@panel
def gates_waiting_panel(user):
    """Stage gates whose conditions all hold: they wait for the department head's approval."""
    if not user.has_perm("projects.approve_stage_gate"):
        return None
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
        "title": _("Stage gates waiting for your approval"),
        "items": waiting[:10],
        "total": len(waiting),
        "order": 10,
    }


@panel
def overdue_panel(user):
    if not user.has_perm("projects.view_project") or user.client_organisation_id:
        return None
    items = list(Project.objects.visible_to(user).overdue_in_stage().select_related("client")[:10])
    return {"template": "overdue", "title": _("Projects overdue in their stage"), "items": items, "order": 20}


@panel
def my_projects_panel(user):
    if not user.has_perm("projects.view_project"):
        return None
    qs = Project.objects.visible_to(user).select_related("client").order_by("-updated_at")
    title = _("Our projects") if user.client_organisation_id else _("Recently changed projects")
    return {"template": "projects", "title": title, "items": list(qs[:8]), "order": 30}


@panel
def stage_counts_panel(user):
    if not user.has_perm("projects.view_project"):
        return None
    counts = stage_counts(user=user)
    return {
        "template": "stages",
        "title": _("Projects by stage"),
        "items": [{"stage": s, "count": counts[s.value]} for s in Stage],
        "order": 40,
    }
