"""Audit commands (6.4.1, 6.4.3): open an engagement for named auditors over a period and scope, record findings
and the responses to them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.roles import Role, roles_of
from core.roles import require_permission as _require
from core.workflow import cite
from finance.models import AuditEngagement, AuditFinding
from finance.models.audit import FindingStatus


@transaction.atomic
def engagement_create(*, actor, title: str, kind: str, period_start, period_end, expires_on, auditors,
                      all_projects: bool = False, projects=()) -> AuditEngagement:  # fmt: skip
    """An audit of the financial records (6.4.1) or an external auditor's engagement (6.4.3): the auditors named
    read what it covers until it expires."""
    from projects.models import Project

    _require(actor, "finance.add_auditengagement")
    auditors = list(auditors)
    if not auditors or any(Role.AUDITOR not in roles_of(a) or not a.is_active for a in auditors):
        raise ValidationError({"auditors": _("Name the auditors: active logins with the auditor role.")})
    if expires_on is None or expires_on < timezone.localdate():
        raise ValidationError({"expires_on": _("The access cannot end in the past.")})
    projects = list(projects)
    if not all_projects and not projects:
        raise ValidationError({"projects": _("Choose the projects the audit covers, or all of them.")})
    wanted = {p.pk for p in projects}
    if Project.objects.visible_to(actor).filter(pk__in=wanted).count() != len(wanted):
        raise ValidationError({"projects": _("Choose projects you see.")})
    engagement = AuditEngagement(title=(title or "").strip(), kind=kind, period_start=period_start,
                                 period_end=period_end, all_projects=all_projects, expires_on=expires_on,
                                 created_by=actor)  # fmt: skip
    engagement.full_clean()
    engagement.save()
    engagement.projects.set(projects)
    engagement.auditors.set(auditors)
    return engagement


@transaction.atomic
def finding_add(*, actor, engagement_pk, title: str, description: str, severity: str) -> AuditFinding:
    _require(actor, "finance.add_auditfinding")
    engagement = AuditEngagement.objects.locked_in_scope(actor, engagement_pk)
    finding = AuditFinding(engagement=engagement, title=(title or "").strip(),
                           description=(description or "").strip(), severity=severity, raised_by=actor)  # fmt: skip
    finding.full_clean()
    finding.save()
    return finding


@transaction.atomic
def finding_respond(*, actor, pk, response: str) -> AuditFinding:
    """The department's response to a finding: what it does about it."""
    _require(actor, "finance.respond_auditfinding")
    finding = AuditFinding.objects.locked_in_scope(actor, pk)
    if finding.status != FindingStatus.OPEN:
        raise ValidationError(cite("6.4.1", _("this finding has been responded to already.")))
    if not (response or "").strip():
        raise ValidationError({"response": _("Give the response.")})
    finding.response, finding.responded_by, finding.responded_at = response.strip(), actor, timezone.now()
    finding.status = FindingStatus.RESPONDED
    finding.save()
    return finding


@transaction.atomic
def finding_close(*, actor, pk) -> AuditFinding:
    """Finance closes a finding once the response is carried out."""
    _require(actor, "finance.change_auditfinding")
    finding = AuditFinding.objects.locked_in_scope(actor, pk)
    if finding.status != FindingStatus.RESPONDED:
        raise ValidationError(cite("6.4.1", _("a finding is closed once it has been responded to.")))
    finding.status = FindingStatus.CLOSED
    finding.save()
    return finding
