"""Escalation of what is late (run daily): overdue rectification notices (3.4.2), overdue revisits (4.1.3), client
requests unanswered past their limit (4.2.3), projects due for acceptance without an arrangement (3.5.1).

Idempotent: every reminder carries a notification dedupe key naming the record (and the date it was due), so a
second run — or two at once — notifies nobody twice."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import User
from core.notifications import notify
from core.roles import Role
from projects.choices import RectificationStatus, RevisitStatus
from projects.models import Project, RectificationNotice, Revisit, ServiceRequest
from projects.services.service import SERVED_STAGES


def _service_teams(project_ids) -> dict[int, list]:
    """Each project's customer-service people, for all the given projects in one query."""
    from projects.models import ProjectMember

    teams: dict[int, list] = {}
    rows = ProjectMember.objects.filter(project_id__in=set(project_ids), role="service", user__is_active=True)
    for member in rows.select_related("user"):
        teams.setdefault(member.project_id, []).append(member.user)
    return teams


def escalations_run(*, now=None) -> dict:
    now = now or timezone.now()
    today = timezone.localdate(now)
    heads = list(User.objects.filter(groups__name=Role.HEAD, is_active=True))
    sent = {"rectifications": 0, "revisits": 0, "requests": 0, "acceptance": 0}

    notices = (RectificationNotice.objects.filter(deadline__lt=today).exclude(status=RectificationStatus.CLOSED)
               .select_related("project", "responsible", "issued_by"))  # fmt: skip
    for n in notices.iterator(chunk_size=500):
        sent["rectifications"] += len(notify(
            recipients=[n.responsible, n.issued_by, *heads], title=_("Rectification overdue: %(finding)s"),
            body=_("%(project)s: the deadline was %(deadline)s."),
            params={"finding": n.finding[:80], "project": n.project.code, "deadline": n.deadline},
            url=n.get_absolute_url(), clause="3.4.2", dedupe_key=f"rectification-overdue:{n.pk}:{n.deadline}",
        ))  # fmt: skip

    revisits = list(Revisit.objects.filter(status=RevisitStatus.DUE, due_on__lt=today,
                                           project__stage__in=SERVED_STAGES)
                    .select_related("project", "project__revisit_plan__owner"))  # fmt: skip
    late = list(ServiceRequest.objects.unanswered_past_limit(now).select_related("project", "assignee"))
    due = list(Project.objects.due_for_acceptance(today))
    teams = _service_teams([r.project_id for r in revisits] + [r.project_id for r in late] + [p.pk for p in due])
    for r in revisits:
        owner = getattr(getattr(r.project, "revisit_plan", None), "owner", None)
        recipients = [owner] if owner else teams.get(r.project_id, [])
        sent["revisits"] += len(notify(
            recipients=recipients, title=_("Revisit overdue: %(project)s"), body=_("It was due on %(date)s."),
            params={"project": r.project.code, "date": r.due_on},
            url=reverse("projects:revisits", args=[r.project_id]), clause="4.1.3",
            dedupe_key=f"revisit-overdue:{r.pk}",
        ))  # fmt: skip

    for req in late:
        recipients = [*heads, *teams.get(req.project_id, []), *([req.assignee] if req.assignee else [])]
        sent["requests"] += len(notify(
            recipients=recipients, title=_("No response yet: %(title)s"),
            body=_("%(project)s: the first response was due by %(due)s."),
            params={"title": req.title[:80], "project": req.project.code, "due": timezone.localtime(req.respond_by)},
            url=req.get_absolute_url(), clause="4.2.3", dedupe_key=f"request-late:{req.pk}",
        ))  # fmt: skip
    ServiceRequest.objects.filter(pk__in=[r.pk for r in late], escalation_notified_at__isnull=True).update(
        escalation_notified_at=now
    )

    for p in due:
        sent["acceptance"] += len(notify(
            recipients=[*heads, *teams.get(p.pk, [])], title=_("Due for acceptance: %(project)s"),
            body=_("The service period ends on %(date)s: agree the time and manner of acceptance with the client."),
            params={"project": str(p), "date": p.service_end}, url=p.get_absolute_url(), clause="3.5.1",
            dedupe_key=f"acceptance-due:{p.pk}:{p.service_end}",
        ))  # fmt: skip
    return sent
