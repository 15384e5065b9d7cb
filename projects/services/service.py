"""Service commands (ch. 4): client requests and complaints, revisits, satisfaction surveys, marketing activities,
the operations log."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contracts.choices import ContractStatus
from core.notifications import notify
from core.roles import require_permission as _require
from core.workflow import cite, transition_perform
from projects.choices import QuestionKind, RequestChannel, RevisitStatus, Stage
from projects.models import (
    MarketingActivity,
    OperationsLogEntry,
    Project,
    Revisit,
    RevisitPlan,
    ServiceRequest,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveyRound,
)

SERVED_STAGES = (Stage.EXECUTION, Stage.SUPERVISION, Stage.ACCEPTANCE)


def _served(project: Project, clause: str) -> None:
    if project.stage not in SERVED_STAGES:
        raise ValidationError(cite(clause, _("the project is not being served (it is not in operation).")))


def response_limit_hours(project: Project) -> int:
    """The first-response limit of the project's signed contract, or the default (4.2.3)."""
    hours = (
        project.contracts.filter(status=ContractStatus.SIGNED, response_hours__isnull=False)
        .order_by("-signed_on")
        .values_list("response_hours", flat=True)
        .first()
    )
    return hours or settings.DEFAULT_RESPONSE_HOURS


def _service_people(project: Project):
    from core.models import User

    return User.objects.filter(project_memberships__project=project, project_memberships__role="service",
                               is_active=True).distinct()  # fmt: skip


# ----------------------------------------------------------------------------------------------------------------
# Requests, questions and complaints (4.1.3, 2.2.3)
# ----------------------------------------------------------------------------------------------------------------
@transaction.atomic
def request_raise(*, actor, pk, kind: str, category: str, title: str, description: str, channel: str = "",
                  priority: str = "normal", on_behalf_of: str = "", assignee=None) -> ServiceRequest:  # fmt: skip
    """A client raises a request, question or complaint in its portal, or customer service records one on the
    client's behalf (channel, who). The first response is due within the contract's limit."""
    _require(actor, "projects.add_servicerequest")
    project = Project.objects.locked_in_scope(actor, pk)
    _served(project, "4.1.3")
    if actor.client_organisation_id:
        channel, on_behalf_of, assignee = RequestChannel.PORTAL, "", None
    elif not channel:
        raise ValidationError({"channel": _("Say how the client raised it.")})
    if assignee is not None and (assignee.client_organisation_id or not assignee.has_perm(
            "projects.handle_servicerequest")):  # fmt: skip
        raise ValidationError({"assignee": _("Choose a person who handles client requests.")})
    now = timezone.now()
    req = ServiceRequest(project=project, kind=kind, channel=channel, category=category, priority=priority,
                         title=title, description=description, raised_by=actor, on_behalf_of=on_behalf_of,
                         raised_at=now, respond_by=now + timezone.timedelta(hours=response_limit_hours(project)),
                         assignee=assignee)  # fmt: skip
    req.full_clean()
    req.save()
    recipients = [assignee] if assignee else list(_service_people(project))
    notify(recipients=recipients, title=gettext_lazy("New %(kind)s: %(title)s"),
           body=gettext_lazy("First response due by %(due)s."),
           params={"kind": req.get_kind_display(), "title": title[:80], "due": timezone.localtime(req.respond_by)},
           url=req.get_absolute_url(), clause="4.1.3")  # fmt: skip
    return req


@transaction.atomic
def request_assign(*, actor, request_pk, assignee) -> ServiceRequest:
    _require(actor, "projects.handle_servicerequest")
    req = ServiceRequest.objects.locked_in_scope(actor, request_pk)
    if assignee.client_organisation_id or not assignee.has_perm("projects.handle_servicerequest"):
        raise ValidationError({"assignee": _("Choose a person who handles client requests.")})
    req.assignee = assignee
    req.save()
    notify(recipients=[assignee], title=gettext_lazy("Assigned to you: %(title)s"), body="",
           params={"title": req.title[:80]}, url=req.get_absolute_url(), clause="4.1.3")  # fmt: skip
    return req


def request_transition(*, actor, request_pk, target: str, comment: str = "", expected_source=None,
                       first_response: str = "", resolution: str = "", rating=None,
                       rating_comment: str = "") -> ServiceRequest:  # fmt: skip
    """Respond, escalate, resolve (staff); rate and close or reopen (the client)."""
    from projects.workflows import SERVICE_REQUEST_WORKFLOW

    fields = {}
    if first_response:
        fields["first_response"] = first_response.strip()
    if resolution:
        fields["resolution"] = resolution.strip()
    if rating is not None:
        fields["rating"] = rating
    if rating_comment:
        fields["rating_comment"] = rating_comment.strip()
    return transition_perform(workflow=SERVICE_REQUEST_WORKFLOW, pk=request_pk, target=target, actor=actor,
                              comment=comment, expected_source=expected_source, fields=fields)  # fmt: skip


# ----------------------------------------------------------------------------------------------------------------
# Revisits (4.1.3)
# ----------------------------------------------------------------------------------------------------------------
@transaction.atomic
def revisit_plan_set(*, actor, pk, every_days: int, starts_on, owner) -> RevisitPlan:
    """Set how often customer service revisits the project's client; the due revisits follow from it."""
    _require(actor, "projects.add_revisitplan")
    project = Project.objects.locked_in_scope(actor, pk)
    _served(project, "4.1.3")
    if owner.client_organisation_id or not owner.has_perm("projects.change_revisit"):
        raise ValidationError({"owner": _("Choose a person of customer service.")})
    plan = RevisitPlan.objects.filter(project=project).first() or RevisitPlan(project=project)
    plan.every_days, plan.starts_on, plan.owner, plan.active = every_days, starts_on, owner, True
    plan.full_clean()
    plan.save()
    revisits_generate_due(project_ids=[project.pk])
    return plan


def revisits_generate_due(*, today=None, project_ids=None) -> int:
    """Create the revisits due up to ``today`` + REVISIT_HORIZON_DAYS for every active schedule, once per date
    (a unique constraint makes a second or concurrent run create nothing). Set-based: one read of the schedules and
    of the existing dates, one insert."""
    from core.jobs import insert_once

    today = today or timezone.localdate()
    horizon = today + timezone.timedelta(days=settings.REVISIT_HORIZON_DAYS)
    plans = RevisitPlan.objects.filter(active=True, project__stage__in=SERVED_STAGES)
    if project_ids is not None:
        plans = plans.filter(project_id__in=project_ids)
    plans = list(plans.values("project_id", "project__code", "every_days", "starts_on"))
    codes = {p["project_id"]: p["project__code"] for p in plans}
    existing = set(
        Revisit.objects.filter(
            project_id__in=[p["project_id"] for p in plans], due_on__gte=today - timezone.timedelta(days=366)
        ).values_list("project_id", "due_on")
    )
    new = []
    for p in plans:
        day, step = p["starts_on"], timezone.timedelta(days=p["every_days"])
        skipped = (today - day).days // p["every_days"] - 1
        if skipped > 0:
            # A schedule set late invents no backlog: it starts from the last revisit that fell due.
            day += step * skipped
        while day <= horizon:
            if (p["project_id"], day) not in existing:
                new.append(Revisit(project_id=p["project_id"], due_on=day))
            day += step
    created = insert_once(Revisit, new, describe=lambda r: f"{codes[r.project_id]} · {r.due_on}")
    return len(created)


@transaction.atomic
def revisit_record(*, actor, revisit_pk, done_on, contact: str, experience: str, suggestions: str = "") -> Revisit:
    """Record a revisit: when, with whom, the client's experience and suggestions (4.1.3)."""
    _require(actor, "projects.change_revisit")
    revisit = Revisit.objects.locked_in_scope(actor, revisit_pk)
    if revisit.status == RevisitStatus.DONE:
        raise ValidationError(cite("4.1.3", _("this revisit is already recorded.")))
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("A revisit cannot be recorded in the future.")})
    if not experience.strip():
        raise ValidationError({"experience": cite("4.1.3", _("record the client's experience."))})
    revisit.status, revisit.done_on, revisit.done_by = RevisitStatus.DONE, done_on, actor
    revisit.contact, revisit.experience, revisit.suggestions = contact, experience, suggestions
    revisit.full_clean()
    revisit.save()
    return revisit


# ----------------------------------------------------------------------------------------------------------------
# Satisfaction surveys (4.1.3; results feed the acceptance package of 3.5.2)
# ----------------------------------------------------------------------------------------------------------------
@transaction.atomic
def survey_create(*, actor, name: str, questions, intro: str = "") -> Survey:
    """A questionnaire: questions rated 1–5 or answered in words."""
    _require(actor, "projects.add_survey")
    if not questions:
        raise ValidationError({"questions": _("A survey needs at least one question.")})
    survey = Survey(name=name, intro=intro)
    survey.full_clean()
    survey.save()
    for position, row in enumerate(questions):
        question = SurveyQuestion(survey=survey, position=position, text=row["text"],
                                  kind=row.get("kind", QuestionKind.RATING))  # fmt: skip
        question.full_clean()
        question.save()
    return survey


@transaction.atomic
def survey_round_send(*, actor, pk, survey, title: str, closes_on, opens_on=None) -> SurveyRound:
    """Send a survey to the client's users of a project; each answers once until it closes."""
    from core.models import User
    from core.roles import Role

    _require(actor, "projects.add_surveyround")
    project = Project.objects.locked_in_scope(actor, pk)
    _served(project, "4.1.3")
    opens_on = opens_on or timezone.localdate()
    if not survey.active or not survey.questions.exists():
        raise ValidationError({"survey": _("Choose a survey in use, with questions.")})
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("The survey cannot close before it opens.")})
    round_ = SurveyRound(project=project, survey=survey, title=title, opens_on=opens_on, closes_on=closes_on,
                         sent_by=actor)  # fmt: skip
    round_.full_clean()
    round_.save()
    clients = User.objects.filter(client_organisation=project.client_id, groups__name=Role.CLIENT, is_active=True)
    notify(recipients=clients, title=gettext_lazy("Satisfaction survey: %(title)s"),
           body=gettext_lazy("Please answer by %(date)s."), params={"title": title, "date": closes_on},
           url=round_.get_absolute_url(), clause="4.1.3")  # fmt: skip
    return round_


@transaction.atomic
def survey_answer(*, actor, round_pk, answers: dict) -> SurveyResponse:
    """A client user answers a survey round, once. ``answers`` maps question id → rating (1–5) or text."""
    _require(actor, "projects.add_surveyresponse")
    round_ = SurveyRound.objects.locked_in_scope(actor, round_pk)
    if not actor.client_organisation_id or actor.client_organisation_id != round_.project.client_id:
        raise PermissionDenied(cite("4.1.3", _("the client's users answer the survey.")))
    if not round_.is_open:
        raise ValidationError(cite("4.1.3", _("this survey is not open.")))
    if SurveyResponse.objects.filter(round=round_, respondent=actor).exists():
        raise ValidationError(cite("4.1.3", _("you have already answered this survey.")))
    questions = list(round_.survey.questions.all())
    rows = []
    for q in questions:
        value = answers.get(q.pk, answers.get(str(q.pk)))
        if q.kind == QuestionKind.RATING:
            if value in (None, ""):
                raise ValidationError({"answers": _("Rate every question from 1 to 5.")})
            try:
                rating = int(value)
            except (TypeError, ValueError) as exc:
                raise ValidationError({"answers": _("Rate every question from 1 to 5.")}) from exc
            if not 1 <= rating <= 5:
                raise ValidationError({"answers": _("Rate every question from 1 to 5.")})
            rows.append(SurveyAnswer(question=q, rating=rating))
        else:
            rows.append(SurveyAnswer(question=q, text=str(value or "")[:4000]))
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(round=round_, respondent=actor)
    except IntegrityError as exc:  # a double submit
        raise ValidationError(cite("4.1.3", _("you have already answered this survey."))) from exc
    for row in rows:
        row.response = response
    SurveyAnswer.objects.bulk_create(rows)
    return response


# ----------------------------------------------------------------------------------------------------------------
# Marketing activities (4.1.2) and the operations log (4.1.1, 4.2.1)
# ----------------------------------------------------------------------------------------------------------------
ACTIVITY_FIELDS = ("title", "kind", "status", "starts_on", "ends_on", "budget", "reach", "leads", "feedback")


@transaction.atomic
def activity_save(*, actor, pk, activity_pk=None, **fields) -> MarketingActivity:
    """Plan a marketing activity, or update its status and results (reach, leads, feedback)."""
    project = Project.objects.locked_in_scope(actor, pk)
    if activity_pk is None:
        _require(actor, "projects.add_marketingactivity")
        _served(project, "4.1.2")
        activity = MarketingActivity(project=project, owner=actor)
    else:
        _require(actor, "projects.change_marketingactivity")
        activity = MarketingActivity.objects.filter(project=project).locked_in_scope(actor, activity_pk)
    for name in ACTIVITY_FIELDS:
        if name in fields:
            setattr(activity, name, fields[name])
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def log_add(*, actor, pk, kind: str, severity: str, title: str, description: str = "",
            occurred_at=None) -> OperationsLogEntry:  # fmt: skip
    """Record maintenance, a safety event, a quality problem or a business-operations event (4.1.1). A major safety
    incident or quality problem is flagged to the department head at once (4.2.1 requires none)."""
    from core.models import User
    from core.roles import Role

    _require(actor, "projects.add_operationslogentry")
    project = Project.objects.locked_in_scope(actor, pk)
    _served(project, "4.1.1")
    occurred_at = occurred_at or timezone.now()
    if occurred_at > timezone.now() + timezone.timedelta(minutes=5):
        raise ValidationError({"occurred_at": _("An event cannot be recorded in the future.")})
    entry = OperationsLogEntry(project=project, kind=kind, severity=severity, title=title, description=description,
                               occurred_at=occurred_at, recorded_by=actor)  # fmt: skip
    entry.full_clean()
    entry.save()
    if entry.is_major_incident:
        heads = User.objects.filter(groups__name=Role.HEAD, is_active=True)
        notify(recipients=heads, title=gettext_lazy("Major incident at %(project)s: %(title)s"),
               body=gettext_lazy("4.2.1 requires no major safety incident or quality problem."),
               params={"project": project.code, "title": title[:80]}, url=project.get_absolute_url(),
               clause="4.2.1")  # fmt: skip
    return entry
