"""Planning commands (3.2): site surveys, operations-plan versions and their internal review."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models.attachments import attachment_add
from core.roles import require_permission as _require
from core.workflow import cite, transition_perform
from projects.choices import PlanStatus, Stage
from projects.models import OperationsPlan, PlanGoal, PlanMilestone, PlanResource, PlanReview, Project, SiteSurvey


@transaction.atomic
def survey_add(*, actor, pk, date, participants: str, findings: str, data_collected: str = "",
               files=()) -> SiteSurvey:  # fmt: skip
    """Record a site survey by the planning team (3.2.1), with its photos and documents."""
    _require(actor, "projects.add_sitesurvey")
    project = Project.objects.locked_in_scope(actor, pk)
    survey = SiteSurvey(project=project, date=date, participants=participants, findings=findings,
                        data_collected=data_collected, recorded_by=actor)  # fmt: skip
    survey.full_clean()
    survey.save()
    for upload in files:
        attachment_add(actor=actor, obj=survey, upload=upload)
    return survey


def _plan_locked(actor, plan_pk) -> OperationsPlan:
    return OperationsPlan.objects.locked_in_scope(actor, plan_pk)


def _replace_children(plan: OperationsPlan, goals, milestones, resources) -> None:
    plan.goals.all().delete()
    plan.milestones.all().delete()
    plan.resources.all().delete()
    for row in goals:
        g = PlanGoal(plan=plan, **row)
        g.full_clean()
        g.save()
    for row in milestones:
        m = PlanMilestone(plan=plan, **row)
        m.full_clean()
        m.save()
    for row in resources:
        r = PlanResource(plan=plan, **row)
        r.full_clean()
        r.save()


@transaction.atomic
def plan_create(*, actor, pk, title: str, strategies: str = "", goals=(), milestones=(), resources=(),
                reviewers=()) -> OperationsPlan:  # fmt: skip
    """Start the project's operations plan (3.2.2): version 1, or the next version if earlier ones exist."""
    _require(actor, "projects.add_operationsplan")
    project = Project.objects.locked_in_scope(actor, pk)
    if project.stage != Stage.PLANNING:
        raise ValidationError(cite("3.2", _("plans are written while the project is in planning.")))
    if project.plans.filter(status__in=[PlanStatus.DRAFT, PlanStatus.IN_REVIEW]).exists():
        raise ValidationError(cite("3.2.2", _("a draft or a version in review already exists; work on that one.")))
    version = (project.plans.aggregate(v=Max("version"))["v"] or 0) + 1
    plan = OperationsPlan(project=project, version=version, title=title, strategies=strategies, author=actor)
    plan.full_clean()
    plan.save()
    _replace_children(plan, goals, milestones, resources)
    _set_reviewers(plan, reviewers)
    return plan


def _set_reviewers(plan: OperationsPlan, reviewers) -> None:
    wanted = {u.pk: u for u in reviewers}
    plan.reviews.exclude(reviewer_id__in=wanted).delete()
    existing = set(plan.reviews.values_list("reviewer_id", flat=True))
    for user_pk, user in wanted.items():
        if user.client_organisation_id:
            raise ValidationError({"reviewers": _("Reviewers are people of the organisation.")})
        if user_pk not in existing:
            PlanReview.objects.create(plan=plan, reviewer=user)


@transaction.atomic
def plan_save(*, actor, plan_pk, title: str, strategies: str, goals, milestones, resources,
              reviewers) -> OperationsPlan:  # fmt: skip
    """Edit a draft plan version: its goals, strategies, schedule, resources and named reviewers."""
    _require(actor, "projects.change_operationsplan")
    plan = _plan_locked(actor, plan_pk)
    if not plan.editable:
        raise ValidationError(cite("3.2.2", _("only a draft can be edited; revise a returned plan as a new version.")))
    plan.title = title
    plan.strategies = strategies
    plan.full_clean()
    plan.save()
    _replace_children(plan, goals, milestones, resources)
    _set_reviewers(plan, reviewers)
    return plan


@transaction.atomic
def plan_revise(*, actor, plan_pk) -> OperationsPlan:
    """Revise a returned plan as a new draft version; the returned version stays readable as it was (3.2.3)."""
    _require(actor, "projects.add_operationsplan")
    old = _plan_locked(actor, plan_pk)
    if old.status != PlanStatus.RETURNED:
        raise ValidationError(cite("3.2.3", _("only a plan returned by the internal review is revised.")))
    if hasattr(old, "revision"):
        raise ValidationError(cite("3.2.3", _("this version has already been revised.")))
    new = plan_create(
        actor=actor,
        pk=old.project_id,
        title=old.title,
        strategies=old.strategies,
        goals=[{"description": g.description, "metric": g.metric, "target": g.target} for g in old.goals.all()],
        milestones=[{"name": m.name, "due_date": m.due_date} for m in old.milestones.all()],
        resources=[{"kind": r.kind, "description": r.description, "quantity": r.quantity} for r in old.resources.all()],
        reviewers=[r.reviewer for r in old.reviews.select_related("reviewer")],
    )
    new.previous = old
    new.save(update_fields=["previous"])
    return new


@transaction.atomic
def plan_review_record(*, actor, plan_pk, verdict: str, opinion: str) -> PlanReview:
    """A named reviewer gives an opinion on a plan in internal review (3.2.3)."""
    plan = _plan_locked(actor, plan_pk)
    review = PlanReview.objects.select_for_update().filter(plan=plan, reviewer=actor).first()
    if review is None:
        raise PermissionDenied(cite("3.2.3", _("you are not a named reviewer of this plan.")))
    if plan.status != PlanStatus.IN_REVIEW:
        raise ValidationError(cite("3.2.3", _("the plan is not in internal review.")))
    if not opinion.strip():
        raise ValidationError({"opinion": _("Give your opinion.")})
    review.verdict = verdict
    review.opinion = opinion
    review.reviewed_at = timezone.now()
    review.full_clean()
    review.save()
    return review


def plan_transition(*, actor, plan_pk, target: str, comment: str = "", expected_source: str | None = None):
    """Submit a plan for review, pass it or return it (the plan-review workflow, 3.2.3)."""
    from projects.workflows import PLAN_WORKFLOW

    return transition_perform(workflow=PLAN_WORKFLOW, pk=plan_pk, target=target, actor=actor, comment=comment,
                              expected_source=expected_source)  # fmt: skip
