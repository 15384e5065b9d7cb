"""Supervision commands (3.4): checklists, inspections with their scores, rectification notices."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models.attachments import attachment_add
from core.notifications import notify
from core.roles import require_permission as _require
from core.workflow import cite, transition_perform
from projects.choices import InspectionKind, InspectionStatus, RectificationStatus, Stage
from projects.models import (
    Checklist,
    ChecklistItem,
    Inspection,
    InspectionPlan,
    InspectionScore,
    MeritRecord,
    Project,
    RectificationNotice,
)

OPERATING_STAGES = (Stage.EXECUTION, Stage.SUPERVISION, Stage.ACCEPTANCE)
# A project never returns to these once it operates: it has no acceptance round, KPI value or alert yet.
BEFORE_OPERATION = (Stage.INTAKE, Stage.PLANNING, Stage.DECLINED)


def _save_items(checklist: Checklist, items) -> None:
    if not items:
        raise ValidationError({"items": _("A checklist needs at least one item.")})
    for row in items:
        item = ChecklistItem(checklist=checklist, **row)
        item.full_clean()
        item.save()


@transaction.atomic
def checklist_create(*, actor, name: str, description: str = "", items=()) -> Checklist:
    """Set a quality standard as a checklist with weighted items and pass criteria (2.2.4)."""
    _require(actor, "projects.add_checklist")
    checklist = Checklist(name=name, description=description, created_by=actor)
    checklist.full_clean()
    checklist.save()
    _save_items(checklist, items)
    return checklist


@transaction.atomic
def checklist_update(*, actor, pk, name: str, description: str, active: bool, items=None) -> Checklist:
    """Edit a checklist. Its items change only while no inspection has used it (the archive keeps what was
    inspected, 3.4.2); otherwise create a new checklist and retire this one."""
    _require(actor, "projects.change_checklist")
    checklist = Checklist.objects.locked_in_scope(actor, pk)
    checklist.name, checklist.description, checklist.active = name, description, active
    checklist.full_clean()
    checklist.save()
    if items is not None:
        if Inspection.objects.filter(checklist=checklist).exists():
            raise ValidationError(cite("3.4.2", _("inspections used this checklist; create a new one instead.")))
        checklist.items.all().delete()
        _save_items(checklist, items)
    return checklist


@transaction.atomic
def inspection_plan(*, actor, pk, checklist, inspector, planned_on, kind: str = "ad_hoc") -> Inspection:
    """Plan a scheduled or ad hoc inspection of a project in operation (3.4.1)."""
    _require(actor, "projects.add_inspection")
    project = Project.objects.locked_in_scope(actor, pk)
    if project.stage not in OPERATING_STAGES:
        raise ValidationError(cite("3.4.1", _("inspections supervise a project in operation.")))
    if not checklist.active:
        raise ValidationError({"checklist": _("This checklist is no longer in use.")})
    _check_inspector(inspector)
    inspection = Inspection(project=project, checklist=checklist, inspector=inspector, planned_on=planned_on,
                            kind=kind)  # fmt: skip
    inspection.full_clean()
    inspection.save()
    return inspection


@transaction.atomic
def inspection_record(*, actor, inspection_pk, scores, summary: str = "", performed_on=None,
                      files=()) -> Inspection:  # fmt: skip
    """Fill the checklist: each item's score, whether it passes, and what was found (3.4.1)."""
    _require(actor, "projects.perform_inspection")
    inspection = Inspection.objects.locked_in_scope(actor, inspection_pk)
    if inspection.status != InspectionStatus.PLANNED:
        raise ValidationError(cite("3.4.2", _("a completed inspection is archived as it was.")))
    if inspection.inspector_id != actor.pk and not actor.is_superuser:
        raise PermissionDenied(cite("3.4.1", _("only the inspector assigned to this inspection records it.")))
    items = {i.pk: i for i in inspection.checklist.items.all()}
    for row in scores:
        item = row["item"]
        if getattr(item, "pk", item) not in items:
            raise ValidationError({"scores": _("An item does not belong to this checklist.")})
        score, _created = InspectionScore.objects.update_or_create(
            inspection=inspection, item=items[getattr(item, "pk", item)],
            defaults={"score": row["score"], "passed": row["passed"], "finding": row.get("finding", "")},
        )  # fmt: skip
        score.full_clean()
    inspection.summary = summary
    if performed_on:
        inspection.performed_on = performed_on
    inspection.full_clean()
    inspection.save()
    for upload in files:
        attachment_add(actor=actor, obj=inspection, upload=upload)
    return inspection


def _check_inspector(inspector) -> None:
    if (
        inspector.client_organisation_id
        or not inspector.is_active
        or not inspector.has_perm("projects.perform_inspection")
    ):
        raise ValidationError({"inspector": _("Choose a quality inspector.")})


@transaction.atomic
def inspection_plan_schedule(*, actor, pk, checklist, inspector, frequency: str, starts_on,
                             ends_on=None) -> InspectionPlan:  # fmt: skip
    """Plan scheduled inspections of a project: a checklist, an inspector and a frequency (3.4.1)."""
    _require(actor, "projects.add_inspectionplan")
    project = Project.objects.locked_in_scope(actor, pk)
    if project.stage not in OPERATING_STAGES:
        raise ValidationError(cite("3.4.1", _("inspections supervise a project in operation.")))
    if not checklist.active:
        raise ValidationError({"checklist": _("This checklist is no longer in use.")})
    _check_inspector(inspector)
    plan = InspectionPlan(project=project, checklist=checklist, inspector=inspector, frequency=frequency,
                          starts_on=starts_on, ends_on=ends_on, created_by=actor)  # fmt: skip
    plan.full_clean()
    plan.save()
    inspection_plan_generate(plan_pk=plan.pk)
    return plan


@transaction.atomic
def inspection_plan_stop(*, actor, plan_pk) -> InspectionPlan:
    """Stop a plan: no further scheduled inspections; those already planned stay."""
    _require(actor, "projects.change_inspectionplan")
    plan = InspectionPlan.objects.locked_in_scope(actor, plan_pk)
    plan.active = False
    plan.save()
    return plan


def inspection_plan_generate(*, plan_pk, today=None) -> list[Inspection]:
    """Create one plan's scheduled inspections due within ``settings.INSPECTION_PLAN_HORIZON_DAYS`` (3.4.1); called
    when the plan is made. The daily job does the same for every plan (``inspections_generate_due``)."""
    return _generate_scheduled(InspectionPlan.objects.filter(pk=plan_pk), today or timezone.localdate())


@transaction.atomic
def inspection_attach(*, actor, inspection_pk, files, description: str = "") -> Inspection:
    """Attach photos and documents to an inspection while its inspector records it (3.4.1)."""
    _require(actor, "projects.perform_inspection")
    inspection = Inspection.objects.locked_in_scope(actor, inspection_pk)
    if inspection.inspector_id != actor.pk and not actor.is_superuser:
        raise PermissionDenied(cite("3.4.1", _("only the inspector assigned to this inspection records it.")))
    if inspection.status != InspectionStatus.PLANNED:
        raise ValidationError(cite("3.4.2", _("a completed inspection is archived as it was.")))
    for upload in files:
        attachment_add(actor=actor, obj=inspection, upload=upload, description=description)
    return inspection


@transaction.atomic
def inspections_generate_due(*, today=None) -> int:
    """Create the scheduled inspections due within INSPECTION_PLAN_HORIZON_DAYS for every active plan of a project in
    operation (3.4.1), and tell each inspector — in one transaction, so a worker that dies half-way leaves neither
    inspections nobody was told of nor a notice of inspections that do not exist (the next run does it all)."""
    today = today or timezone.localdate()
    created = _generate_scheduled(InspectionPlan.objects.all(), today)
    by_inspector: dict[int, list] = {}
    for inspection in created:
        by_inspector.setdefault(inspection.inspector_id, []).append(inspection)
    from core.models import User

    for user in User.objects.filter(pk__in=by_inspector):
        mine = by_inspector[user.pk]
        notify(recipients=[user], title=gettext_lazy("%(count)s scheduled inspections planned for you"),
               body=gettext_lazy("The first is on %(date)s."),
               params={"count": len(mine), "date": min(i.planned_on for i in mine)},
               url=mine[0].get_absolute_url(), clause="3.4.1",
               dedupe_key=f"inspections-planned:{user.pk}:{today.isoformat()}:{min(i.pk for i in mine)}")  # fmt: skip
    return len(created)


def _generate_scheduled(plans, today) -> list[Inspection]:
    """The inspections of ``plans`` (active, of projects in operation) due from ``today`` to the horizon and not yet
    planned. Set-based (one read of the plans, one of the existing dates, one insert) and idempotent: one inspection
    per plan and date is a database constraint, and ``insert_once`` skips what a concurrent run created first."""
    from core.jobs import insert_once

    horizon = today + timezone.timedelta(days=settings.INSPECTION_PLAN_HORIZON_DAYS)
    plans = list(
        plans.filter(active=True, project__stage__in=OPERATING_STAGES)
        .exclude(ends_on__lt=today)
        .select_related("project", "checklist")
    )
    existing = set(
        Inspection.objects.filter(plan__in=[p.pk for p in plans], planned_on__gte=today).values_list(
            "plan_id", "planned_on"
        )
    )
    rows = []
    for plan in plans:
        for day in plan.due_dates(until=horizon):
            if day >= today and day >= timezone.localdate(plan.created_at) and (plan.pk, day) not in existing:
                rows.append(Inspection(project=plan.project, checklist=plan.checklist, inspector_id=plan.inspector_id,
                                       planned_on=day, kind=InspectionKind.SCHEDULED, plan=plan))  # fmt: skip
    return insert_once(Inspection, rows, describe=lambda i: f"{i.project.code} · {i.checklist} · {i.planned_on}")


def inspection_transition(*, actor, inspection_pk, target: str, comment: str = "", expected_source=None):
    from projects.workflows import INSPECTION_WORKFLOW

    return transition_perform(workflow=INSPECTION_WORKFLOW, pk=inspection_pk, target=target, actor=actor,
                              comment=comment, expected_source=expected_source)  # fmt: skip


@transaction.atomic
def rectification_issue(*, actor, pk, finding: str, requirement: str, responsible, deadline,
                        inspection=None) -> RectificationNotice:  # fmt: skip
    """Issue a rectification notice for a problem found, with a deadline and a responsible person (3.4.2)."""
    _require(actor, "projects.add_rectificationnotice")
    project = Project.objects.locked_in_scope(actor, pk)
    if inspection is not None:
        inspection = Inspection.objects.filter(
            pk=getattr(inspection, "pk", inspection), project=project, status=InspectionStatus.COMPLETED
        ).first()
        if inspection is None:
            raise ValidationError({"inspection": _("Choose a completed inspection of this project.")})
    if responsible.client_organisation_id or not responsible.is_active:
        raise ValidationError({"responsible": _("Choose an active person of the organisation.")})
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})
    notice = RectificationNotice(project=project, inspection=inspection, finding=finding, requirement=requirement,
                                 responsible=responsible, deadline=deadline, issued_by=actor)  # fmt: skip
    notice.full_clean()
    notice.save()

    notify(recipients=[responsible], title=gettext_lazy("Rectification notice: %(finding)s"),
           body=gettext_lazy("Deadline %(deadline)s."), params={"finding": finding[:80], "deadline": deadline},
           url=notice.get_absolute_url(), clause="3.4.2")  # fmt: skip
    return notice


@transaction.atomic
def rectification_evidence_add(*, actor, notice_pk, files, description: str = "") -> RectificationNotice:
    """Attach evidence of the fix (photos, documents) to an open notice: the person responsible or the issuer
    (3.4.2). A closed notice is archived as it was verified."""
    _require(actor, "projects.change_rectificationnotice")
    notice = RectificationNotice.objects.locked_in_scope(actor, notice_pk)
    if actor.pk not in (notice.responsible_id, notice.issued_by_id):
        raise PermissionDenied(cite("3.4.2", _("only the person responsible or the issuer adds evidence.")))
    if notice.status == RectificationStatus.CLOSED:
        raise ValidationError(cite("3.4.2", _("a verified notice is archived as it was.")))
    if not files:
        raise ValidationError({"files": _("Choose at least one file.")})
    for upload in files:
        attachment_add(actor=actor, obj=notice, upload=upload, description=description)
    return notice


def rectification_transition(*, actor, notice_pk, target: str, comment: str = "", fix_description: str = "",
                             expected_source=None):  # fmt: skip
    """Submit the fix (the responsible side), or verify and close / send back (the inspector) (3.4.2)."""
    from projects.workflows import RECTIFICATION_WORKFLOW

    fields = {"fix_description": fix_description} if fix_description else None
    return transition_perform(workflow=RECTIFICATION_WORKFLOW, pk=notice_pk, target=target, actor=actor,
                              comment=comment, expected_source=expected_source, fields=fields)  # fmt: skip


@transaction.atomic
def merit_propose(*, actor, pk, kind: str, reason: str, measure: str, inspections, person=None,
                  team: str = "") -> MeritRecord:  # fmt: skip
    """Propose a commendation, an urge to improve or an accountability record for a person or a team, citing the
    inspections that justify it (3.4.3). The department head approves it."""
    _require(actor, "projects.add_meritrecord")
    project = Project.objects.locked_in_scope(actor, pk)
    team = (team or "").strip()
    if bool(person) == bool(team):
        raise ValidationError({"person": _("Name either a person or a team.")})
    if person is not None and (person.client_organisation_id or not person.is_active):
        raise ValidationError({"person": _("Choose an active person of the organisation.")})
    ids = [getattr(i, "pk", i) for i in inspections]
    chosen = list(Inspection.objects.filter(project=project, status=InspectionStatus.COMPLETED, pk__in=ids))
    if not chosen or len(chosen) != len(set(ids)):
        raise ValidationError(
            {"inspections": cite("3.4.3", _("choose the completed inspections of this project that justify it."))}
        )
    record = MeritRecord(project=project, kind=kind, person=person, team=team, reason=reason, measure=measure,
                         proposed_by=actor)  # fmt: skip
    record.full_clean()
    record.save()
    record.inspections.set(chosen)
    return record


def merit_transition(*, actor, record_pk, target: str, comment: str = "", expected_source=None) -> MeritRecord:
    from projects.workflows import MERIT_WORKFLOW

    return transition_perform(workflow=MERIT_WORKFLOW, pk=record_pk, target=target, actor=actor, comment=comment,
                              expected_source=expected_source)  # fmt: skip
