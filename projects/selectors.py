"""Project reads and the stage-overdue reminder."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import acting_as
from core.models import User
from core.notifications import notify
from core.roles import Role
from projects.choices import Stage
from projects.models import Project


def project_list(*, user):
    return Project.objects.visible_to(user).select_related("client", "market_owner")


def stage_counts(*, user) -> dict[str, int]:
    rows = Project.objects.visible_to(user).values("stage").annotate(n=Count("id"))
    counts = {s.value: 0 for s in Stage}
    counts.update({r["stage"]: r["n"] for r in rows})
    return counts


def stage_overdue_remind(*, now=None) -> int:
    """Notify the head, the market contact and the team of each project overdue in its stage.

    Idempotent: the notification's dedupe key names the project, the stage and the moment it entered the stage,
    so each stay in a stage is reminded once per person however often the job runs.
    """
    now = now or timezone.now()
    heads = list(User.objects.filter(groups__name=Role.HEAD, is_active=True))
    sent = 0
    with acting_as(None):
        for project in Project.objects.overdue_in_stage(now).select_related("market_owner").iterator():
            team = [m.user for m in project.members.select_related("user")]
            recipients = [*heads, *team, *([project.market_owner] if project.market_owner else [])]
            days = (now - project.stage_entered_at).days
            sent += len(
                notify(
                    recipients=recipients,
                    title=_("%(project)s has been in “%(stage)s” for %(days)s days"),
                    body=_("The limit for this stage is %(limit)s days. Check what holds the project up."),
                    params={
                        "project": str(project),
                        "stage": Stage(project.stage).label,
                        "days": days,
                        "limit": settings.STAGE_MAX_DAYS.get(project.stage, "-"),
                    },
                    url=project.get_absolute_url(),
                    clause="2.2.1",
                    dedupe_key=f"stage-overdue:{project.pk}:{project.stage}:{project.stage_entered_at.isoformat()}",
                )
            )
    return sent


def project_timeline(project: Project, user, *, limit: int = 40):
    """The project's timeline from the audit log: the stage gates and the status changes of its records that
    ``user`` may see, newest first. Each record type is filtered by its own visibility function."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField, Q
    from django.db.models.functions import Cast

    from contracts.models import Contract
    from core.models import AuditEvent
    from core.models.audit import AuditAction
    from projects.models import (
        AcceptanceRound,
        CoordinationIssue,
        Inspection,
        MeritRecord,
        OperationsPlan,
        RectificationNotice,
    )

    related = (OperationsPlan, Contract, CoordinationIssue, Inspection, RectificationNotice, MeritRecord,
               AcceptanceRound)  # fmt: skip
    q = Q(content_type=ContentType.objects.get_for_model(Project), object_id=str(project.pk))
    for model in related:
        perm = f"{model._meta.app_label}.view_{model._meta.model_name}"
        if not user.has_perm(perm):
            continue
        ids = (
            model.objects.visible_to(user)
            .filter(project=project)
            .annotate(pk_text=Cast("pk", CharField()))
            .values("pk_text")
        )
        q |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=ids)
    actions = [AuditAction.TRANSITION, AuditAction.CREATE]
    return (
        AuditEvent.objects.filter(q, action__in=actions)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-id")[:limit]
    )


def survey_results(round_ids) -> dict:
    """Per round: responses, rating answers, share rated 4 or 5 (the KPI's measure), average rating."""
    from django.db.models import Avg, Q

    from projects.models import SurveyAnswer, SurveyResponse

    rows = (
        SurveyAnswer.objects.filter(response__round__in=round_ids, rating__isnull=False)
        .values("response__round")
        .annotate(ratings=Count("id"), satisfied=Count("id", filter=Q(rating__gte=4)), average=Avg("rating"))
    )
    responses = dict(
        SurveyResponse.objects.filter(round__in=round_ids)
        .values("round")
        .annotate(n=Count("id"))
        .values_list("round", "n")
    )
    result = {}
    for r in rows:
        share = round(100 * r["satisfied"] / r["ratings"], 1) if r["ratings"] else None
        result[r["response__round"]] = {"satisfied_pct": share, "average": r["average"]}
    return {pk: {"responses": responses.get(pk, 0), **result.get(pk, {})} for pk in round_ids}


def satisfaction_summary(project) -> str:
    """The customer-satisfaction survey results of a project, in words, for its acceptance package (3.5.2)."""
    from django.utils.translation import gettext as _

    from projects.models import SurveyRound

    rounds = list(SurveyRound.objects.filter(project=project).order_by("opens_on", "id"))
    if not rounds:
        return ""
    results = survey_results([r.pk for r in rounds])
    lines = []
    for r in rounds:
        res = results[r.pk]
        share = res.get("satisfied_pct")
        lines.append(_("%(title)s (%(opens)s – %(closes)s): %(responses)s responses, %(share)s rated 4 or 5.")
                     % {"title": r.title, "opens": r.opens_on, "closes": r.closes_on, "responses": res["responses"],
                        "share": f"{share} %" if share is not None else "—"})  # fmt: skip
    return "\n".join(lines)
