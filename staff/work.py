"""A leaver's open work (5.3.4): what must be handed on before the exit completes — work tasks, coordination
problems, rectification notices, client requests, duties and project roles, contract obligations, marketing
activities and the projects they lead for the market, risk responses and indicators, the people reporting to them —
and the signing authorisations still in force, which the legal representative revokes (8.1.1) rather than anyone
reassigning them."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _sources():
    from contracts.models import Obligation
    from projects.models import (
        CoordinationIssue,
        Duty,
        MarketingActivity,
        Project,
        ProjectMember,
        RectificationNotice,
        ServiceRequest,
        WorkTask,
    )
    from risk.models import Indicator, RiskResponse
    from staff.models import Employee

    live = ~Q(project__stage__in=["closed", "declined"])
    return [
        ("tasks", _("work tasks"), WorkTask.objects.exclude(status__in=["done", "cancelled"]), "owner"),
        ("issues", _("coordination problems"), CoordinationIssue.objects.exclude(status="resolved"), "owner"),
        ("notices", _("rectification notices"), RectificationNotice.objects.exclude(status="closed"), "responsible"),
        ("roles", _("project roles"), ProjectMember.objects.exclude(project__stage__in=["closed", "declined"]),
         "user"),
        ("responses", _("risk responses"), RiskResponse.objects.filter(
            status__in=["in_progress", "pending_head", "pending_executive", "accepted"]), "owner"),
        ("reports", _("people reporting to them"), Employee.objects.exclude(status="left"), "manager"),
        ("requests", _("client requests"), ServiceRequest.objects.exclude(status="closed"), "assignee"),
        ("duties", _("project duties"), Duty.objects.filter(live), "person"),
        ("obligations", _("contract obligations"), Obligation.objects.filter(status="open"), "responsible"),
        ("activities", _("marketing activities"), MarketingActivity.objects.filter(status__in=["planned", "running"]),
         "owner"),
        ("market", _("projects they look after for the market"), Project.objects.exclude(
            stage__in=["closed", "declined"]), "market_owner"),
        ("indicators", _("risk indicators"), Indicator.objects.filter(active=True), "owner"),
    ]  # fmt: skip


def _authorisations(user):
    from contracts.models import Authorisation

    today = timezone.localdate()
    return Authorisation.objects.filter(grantee=user, revoked_on__isnull=True, valid_until__gte=today)


def open_work(user) -> list[dict]:
    """What ``user`` still holds, one row per kind with a count (kinds with nothing left out)."""
    rows = []
    for key, label, queryset, field in _sources():
        count = queryset.filter(**{field: user}).count()
        if count:
            rows.append({"key": key, "label": label, "count": count})
    signing = _authorisations(user).count()
    if signing:
        label = _("signing authorisations in force, to be revoked by the legal representative")
        rows.append({"key": "authorisations", "count": signing, "label": label})
    return rows


def reassign(user, successor) -> int:
    """Hand everything ``user`` holds to ``successor``; a project role the successor already has is dropped."""
    from projects.models import ProjectMember

    moved = 0
    for key, _label, queryset, field in _sources():
        if key == "reports" and successor.pk != user.pk:
            # a report who takes over does not become their own manager
            queryset.filter(**{field: user, "user": successor}).update(manager=None)
        rows = queryset.filter(**{field: user})
        if key == "roles":
            taken = set(ProjectMember.objects.filter(user=successor).values_list("project_id", "role"))
            for member in rows:
                if (member.project_id, member.role) in taken:
                    member.delete()
                else:
                    member.user = successor
                    member.save(update_fields=["user"])
                moved += 1
            continue
        for obj in rows:  # one by one, so that each change is in the audit trail
            setattr(obj, field, successor)
            obj.save(update_fields=[field])
            moved += 1
    return moved
