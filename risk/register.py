"""Risk register commands (7.1–7.2): identify a risk, assess it on the matrix, choose responses with their owners,
approve accepting it, check the measures' effectiveness, review each project's risks periodically; and the daily
job that plans and reminds the reviews, lapses expired acceptances and reminds the checks and overdue measures."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import AuditAction, audit_record, diff, snapshot, suppressed
from core.notifications import notify
from core.roles import Role, role_holders
from core.roles import require_permission as _require
from core.workflow import transition_perform
from risk import matrix
from risk.choices import (
    AssessmentStage,
    CheckResult,
    ResponseStatus,
    ResponseStrategy,
    ReviewStatus,
    RiskSource,
    RiskStatus,
)
from risk.models import EffectivenessCheck, Risk, RiskAssessment, RiskResponse, RiskReview

# projects whose risks are identified periodically (7.1.2): from planning until acceptance is done
ACTIVE_STAGES = ("planning", "execution", "supervision", "acceptance")
# responses whose measures are being checked (7.2.3)
CHECKED = (ResponseStatus.IN_PROGRESS, ResponseStatus.COMPLETED, ResponseStatus.ACCEPTED)
# an acceptance asked for or in force: one at a time per risk
LIVE_ACCEPTANCE = (ResponseStatus.PENDING_HEAD, ResponseStatus.PENDING_EXECUTIVE, ResponseStatus.ACCEPTED)


def _people(*roles) -> list:
    return list(role_holders(*roles))


def _open_risk(actor, pk) -> Risk:
    risk = Risk.objects.locked_in_scope(actor, pk)
    if risk.status != RiskStatus.OPEN:
        raise ValidationError(_("This risk is closed."))
    return risk


@transaction.atomic
def risk_record(*, actor, category: str, description: str, level: str, project=None, cause: str = "",
                consequence: str = "") -> Risk:  # fmt: skip
    """Identify a risk of a project, or of the organisation (without a project) (7.1.1–7.1.2): its category,
    description, cause and consequence, who identified it and when."""
    from projects.models import Project

    _require(actor, "risk.add_risk")
    if project is not None:
        project = Project.objects.locked_in_scope(actor, getattr(project, "pk", project))
    risk = Risk(project=project, category=category, description=(description or "").strip(), level=level,
                cause=(cause or "").strip(), consequence=(consequence or "").strip(),
                source=RiskSource.PERIODIC_REVIEW if project is not None else RiskSource.OTHER,
                identified_by=actor)  # fmt: skip
    risk.full_clean()
    risk.save()
    return risk


@transaction.atomic
def risk_assess(*, actor, pk, stage: str, likelihood: int, impact: int, rationale: str, probability,
                expected_loss) -> RiskAssessment:  # fmt: skip
    """Assess a risk (7.1.3): likelihood × impact on the matrix gives its level, with the rationale, the probability
    and the expected loss. Before the responses the assessment is inherent, with them residual; every assessment is
    kept. A level above the one an acceptance was given for voids that acceptance and asks for it again (7.2.1)."""
    _require(actor, "risk.add_riskassessment")
    risk = _open_risk(actor, pk)
    n = matrix.size()
    errors = {}
    if stage not in AssessmentStage.values:
        errors["stage"] = _("Choose inherent or residual.")
    elif stage == AssessmentStage.RESIDUAL and not risk.inherent_level:
        errors["stage"] = _("Assess the inherent level first; the residual level is assessed with the responses.")
    for name, value in (("likelihood", likelihood), ("impact", impact)):
        if not isinstance(value, int) or not 1 <= value <= n:
            errors[name] = _("Choose a value from 1 to %(n)s.") % {"n": n}
    if not (rationale or "").strip():
        errors["rationale"] = _("Give the rationale of the assessment (7.1.3).")
    try:
        probability = Decimal(probability)
        if not Decimal(0) <= probability <= Decimal(100):
            errors["probability"] = _("The probability is a percentage from 0 to 100.")
    except (ArithmeticError, TypeError, ValueError):
        errors["probability"] = _("Enter a number.")
    try:
        expected_loss = Decimal(expected_loss)
        if expected_loss < 0 or expected_loss >= Decimal("1e14"):
            errors["expected_loss"] = _("The expected loss is an amount from 0 up to 10¹⁴.")
    except (ArithmeticError, TypeError, ValueError):
        errors["expected_loss"] = _("Enter a number.")
    if errors:
        raise ValidationError(errors)
    level = matrix.level_for(likelihood, impact)
    now = timezone.now()
    assessment = RiskAssessment.objects.create(
        risk=risk, stage=stage, likelihood=likelihood, impact=impact, level=level, rationale=rationale.strip(),
        probability=probability, expected_loss=expected_loss, assessed_by=actor, assessed_at=now)  # fmt: skip
    if stage == AssessmentStage.INHERENT:
        risk.inherent_level = level
    else:
        risk.residual_level = level
    if stage == AssessmentStage.RESIDUAL or not risk.residual_level:
        # the risk stands at its residual level once one is assessed, with the responses in place (7.1.3)
        risk.likelihood, risk.impact, risk.level = likelihood, impact, level
    risk.assessed_at = now
    risk.save(update_fields=["likelihood", "impact", "level", "assessed_at", "inherent_level", "residual_level"])
    _void_outgrown_acceptances(risk, actor)
    return assessment


def _void_outgrown_acceptances(risk: Risk, actor) -> None:
    """An accepted risk whose level rose above the accepted one: the acceptance is void, and accepting it is asked
    for again (7.2.1)."""
    for response in risk.responses.filter(status=ResponseStatus.ACCEPTED).select_related("owner", "proposed_by"):
        if not matrix.higher(risk.level, response.level_at_request):
            continue
        reason = _("The level rose from %(old)s to %(new)s after it was accepted.") % {
            "old": response.get_level_at_request_display(), "new": risk.get_level_display()}  # fmt: skip
        _end(response, ResponseStatus.VOID, reason, actor=actor)
        again = RiskResponse.objects.create(
            risk=risk, strategy=ResponseStrategy.ACCEPT, measures=response.measures,
            department_id=response.department_id, owner=response.owner, due_on=max(response.due_on,
                                                                                   timezone.localdate()),
            status=ResponseStatus.PENDING_HEAD, expires_on=response.expires_on, level_at_request=risk.level,
            check_every_days=response.check_every_days, proposed_by=actor)  # fmt: skip
        notify(recipients=[*_people(Role.HEAD), response.owner],
               title=gettext_lazy("Accepting a risk asked for again: %(risk)s"),
               body=gettext_lazy("Its level rose to %(level)s; the earlier acceptance is void (7.2.1)."),
               params={"risk": str(risk), "level": risk.get_level_display()}, url=again.get_absolute_url(),
               clause="7.2.1")  # fmt: skip


def _end(response: RiskResponse, status: str, reason: str, *, actor=None) -> None:
    """End an acceptance by the system (void or expired), with its audit event."""
    before, source = snapshot(response), response.status
    response.status, response.ended_reason = status, reason
    with suppressed():
        response.save(update_fields=["status", "ended_reason"])
    audit_record(action=AuditAction.TRANSITION, obj=response, from_state=source, to_state=status,
                 changes=diff(before, snapshot(response)), comment=reason, actor=actor)  # fmt: skip


@transaction.atomic
def response_propose(*, actor, pk, strategy: str, measures: str, department, owner, due_on, expires_on=None,
                     check_every_days=None) -> RiskResponse:  # fmt: skip
    """Choose a response to an assessed risk (7.2.1) with its concrete measures, the responsible department and
    person and the due date (7.2.2). Accepting it waits for the head's (or the executive's) approval and has an
    expiry; the other responses' measures start at once and are checked every ``check_every_days`` (7.2.3)."""
    from core.models import Department, User

    _require(actor, "risk.add_riskresponse")
    risk = _open_risk(actor, pk)
    today = timezone.localdate()
    errors = {}
    if not risk.assessed_at:
        raise ValidationError(_("Assess the risk before choosing its response (7.1.3, 7.2.1)."))
    if strategy not in ResponseStrategy.values:
        errors["strategy"] = _("Choose avoid, reduce, transfer or accept.")
    if not (measures or "").strip():
        errors["measures"] = _("Describe the concrete measures (7.2.1).")
    department_id = getattr(department, "pk", department)
    if not department_id or not Department.objects.filter(pk=department_id).exists():
        errors["department"] = _("Name the responsible department (7.2.2).")
    owner_id = getattr(owner, "pk", owner)
    owner = User.objects.filter(pk=owner_id, is_active=True, client_organisation__isnull=True).first()
    if owner is None:
        errors["owner"] = _("Name the responsible person, one of our active staff (7.2.2).")
    elif not Risk.objects.visible_to(owner).filter(pk=risk.pk).exists():
        errors["owner"] = _("%(person)s cannot see this risk; name someone who works on it (7.2.2).") % {
            "person": owner}  # fmt: skip
    if not due_on or due_on < today:
        errors["due_on"] = _("The due date cannot be in the past.")
    every = check_every_days or settings.RISK_RESPONSE_CHECK_DAYS
    if not 1 <= every <= 366:
        errors["check_every_days"] = _("Check the measures at least once a year (7.2.3).")
    if strategy == ResponseStrategy.ACCEPT:
        limit = today + timedelta(days=settings.RISK_ACCEPTANCE_MAX_DAYS)
        if not expires_on or not today < expires_on <= limit:
            errors["expires_on"] = _("An acceptance expires after today and at the latest on %(limit)s (7.2.1).") % {
                "limit": limit}  # fmt: skip
        elif risk.responses.filter(strategy=ResponseStrategy.ACCEPT, status__in=LIVE_ACCEPTANCE).exists():
            errors["strategy"] = _("Accepting this risk is already asked for or in force.")
    elif expires_on:
        errors["expires_on"] = _("Only an acceptance expires.")
    if errors:
        raise ValidationError(errors)
    accept = strategy == ResponseStrategy.ACCEPT
    response = RiskResponse.objects.create(
        risk=risk, strategy=strategy, measures=measures.strip(), department_id=department_id, owner=owner,
        due_on=due_on, expires_on=expires_on if accept else None, check_every_days=every,
        status=ResponseStatus.PENDING_HEAD if accept else ResponseStatus.IN_PROGRESS, level_at_request=risk.level,
        next_check_on=today + timedelta(days=every), proposed_by=actor)  # fmt: skip
    recipients = [owner, *_people(Role.HEAD)] if accept else [owner]
    notify(recipients=recipients, title=gettext_lazy("Risk response: %(strategy)s — %(risk)s"),
           body=gettext_lazy("Measures due on %(due)s. You are responsible for them (7.2.2)."),
           params={"strategy": response.get_strategy_display(), "risk": str(risk), "due": due_on},
           url=response.get_absolute_url(), clause="7.2.2")  # fmt: skip
    return response


def response_transition(*, actor, pk, target: str, comment: str = "", expected_source=None) -> RiskResponse:
    """Approve or reject accepting a risk (7.2.1), or record a response's measures done (7.2.2)."""
    from risk.workflows import RESPONSE_WORKFLOW

    with transaction.atomic():
        # the risk first (as risk_assess does): its level decides the route and cannot change under the decision
        risk_id = RiskResponse.objects.filter(pk=pk).values_list("risk_id", flat=True).first()
        list(Risk.objects.select_for_update().filter(pk=risk_id).values_list("pk", flat=True))
        return transition_perform(workflow=RESPONSE_WORKFLOW, pk=pk, target=target, actor=actor, comment=comment,
                                  expected_source=expected_source)  # fmt: skip


@transaction.atomic
def check_record(*, actor, pk, result: str, notes: str, checked_on=None) -> EffectivenessCheck:
    """Record a periodic check of a response's measures (7.2.3); the next one is due ``check_every_days`` later.
    Measures found not effective are reported to the head and the owner, to adjust the strategy."""
    _require(actor, "risk.add_effectivenesscheck")
    response = RiskResponse.objects.select_related("risk").locked_in_scope(actor, pk)
    today = timezone.localdate()
    checked_on = checked_on or today
    errors = {}
    if response.status not in CHECKED or response.risk.status != RiskStatus.OPEN:
        errors["result"] = _("Only the measures of an open risk, in progress, completed or accepted, are checked.")
    if result not in CheckResult.values:
        errors["result"] = _("Choose effective, partly effective or not effective.")
    if not (notes or "").strip():
        errors["notes"] = _("Record what the check found (7.2.3).")
    if checked_on > today:
        errors["checked_on"] = _("The date cannot be in the future.")
    elif checked_on < timezone.localtime(response.proposed_at).date():
        errors["checked_on"] = _("The check cannot predate the response.")
    if errors:
        raise ValidationError(errors)
    check = EffectivenessCheck.objects.create(response=response, checked_on=checked_on, result=result,
                                              notes=notes.strip(), checked_by=actor)  # fmt: skip
    response.next_check_on = checked_on + timedelta(days=response.check_every_days)
    response.save(update_fields=["next_check_on"])
    if result == CheckResult.INEFFECTIVE:
        notify(recipients=[response.owner, *_people(Role.HEAD)],
               title=gettext_lazy("Risk measures not effective: %(risk)s"),
               body=gettext_lazy("Adjust the response or re-assess the risk (7.2.3)."),
               params={"risk": str(response.risk)}, url=response.get_absolute_url(), clause="7.2.3")  # fmt: skip
    return check


@transaction.atomic
def risk_close(*, actor, pk, reason: str) -> Risk:
    """Close a risk that no longer applies, with the reason; its pending acceptances end with it."""
    _require(actor, "risk.change_risk")
    risk = _open_risk(actor, pk)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for closing the risk.")})
    risk.status, risk.closed_at, risk.close_reason = RiskStatus.CLOSED, timezone.now(), reason.strip()
    risk.save(update_fields=["status", "closed_at", "close_reason"])
    pending = (ResponseStatus.PENDING_HEAD, ResponseStatus.PENDING_EXECUTIVE)
    for response in risk.responses.filter(status__in=pending):
        _end(response, ResponseStatus.REJECTED, _("The risk was closed."), actor=actor)
    return risk


@transaction.atomic
def review_complete(*, actor, pk, notes: str, every_days: int | None = None) -> RiskReview:
    """Record a project's periodic risk identification done (7.1.2), with what it found; the next review is planned
    ``every_days`` later (the project's cadence, changed here when given)."""
    _require(actor, "risk.change_riskreview")
    review = RiskReview.objects.select_related("project").locked_in_scope(actor, pk)
    if review.status != ReviewStatus.DUE:
        raise ValidationError(_("This review was already completed."))
    if not (notes or "").strip():
        raise ValidationError({"notes": _("Record what the review found (7.1.2).")})
    every = every_days or review.every_days
    if not 7 <= every <= 366:
        raise ValidationError({"every_days": _("Review a project's risks every 7 to 366 days.")})
    review.status, review.completed_by, review.completed_at = ReviewStatus.DONE, actor, timezone.now()
    review.notes = notes.strip()
    review.save()
    if review.project.stage in ACTIVE_STAGES:
        RiskReview.objects.create(project_id=review.project_id, every_days=every,
                                  due_on=timezone.localdate() + timedelta(days=every))  # fmt: skip
    return review


def _project_people(project_ids) -> dict:
    """The planners and leads of each project, who identify its risks (7.1.2)."""
    from projects.models import ProjectMember

    people: dict = {}
    rows = (ProjectMember.objects.filter(project_id__in=project_ids, role__in=["planner", "lead"],
                                         user__is_active=True, user__client_organisation__isnull=True)
            .select_related("user"))  # fmt: skip
    for m in rows:
        people.setdefault(m.project_id, []).append(m.user)
    return people


def risk_reminders(*, today=None) -> dict:
    """Daily (7.1.2, 7.2.1–7.2.3): plan each active project's next risk review and remind it when near or late;
    lapse acceptances past their expiry; remind the effectiveness checks due and the measures overdue. Idempotent:
    one review due per project (a partial unique index), one reminder per event and recipient."""
    from projects.models import Project

    today = today or timezone.localdate()
    counts = Counter(planned=0, reminded=0, expired=0, checks=0, overdue=0)
    # plan: every active project without a review due gets one (never due before today)
    planned = set(RiskReview.objects.filter(status=ReviewStatus.DUE).values_list("project_id", flat=True))
    every = settings.RISK_REVIEW_DAYS  # completing a review plans the next at the project's own cadence
    for project in Project.objects.filter(stage__in=ACTIVE_STAGES).exclude(pk__in=planned).only("pk", "created_at"):
        due = max(timezone.localtime(project.created_at).date() + timedelta(days=every), today)
        try:
            with transaction.atomic():
                RiskReview.objects.create(project=project, every_days=every, due_on=due)
            counts["planned"] += 1
        except IntegrityError:  # planned concurrently
            pass
    # remind the reviews near or past their date
    soon = today + timedelta(days=settings.RISK_REVIEW_REMIND_DAYS)
    reviews = list(RiskReview.objects.filter(status=ReviewStatus.DUE, due_on__lte=soon,
                                             project__stage__in=ACTIVE_STAGES).select_related("project"))  # fmt: skip
    people, heads = _project_people([r.project_id for r in reviews]), _people(Role.HEAD)
    for review in reviews:
        late = review.due_on < today
        sent = notify(recipients=[*people.get(review.project_id, []), *heads],
                      title=gettext_lazy("Risk review overdue: %(project)s") if late
                      else gettext_lazy("Risk review due: %(project)s"),
                      body=gettext_lazy("Identify the project's market, operational, financial and legal risks by "
                                        "%(due)s (7.1.2)."),
                      params={"project": review.project.code, "due": review.due_on},
                      url=_review_url(review), clause="7.1.2",
                      dedupe_key=f"risk-review:{review.pk}:{'late' if late else 'due'}")  # fmt: skip
        counts["reminded"] += bool(sent)
    # acceptances (asked for or in force) past their expiry lapse; the owner and the head decide again (7.2.1)
    lapsing = RiskResponse.objects.filter(strategy=ResponseStrategy.ACCEPT, status__in=LIVE_ACCEPTANCE,
                                          expires_on__lte=today, risk__status=RiskStatus.OPEN)  # fmt: skip
    for pk, risk_id in lapsing.values_list("pk", "risk_id"):
        with transaction.atomic():
            list(Risk.objects.select_for_update().filter(pk=risk_id).values_list("pk", flat=True))
            response = (RiskResponse.objects.select_for_update(of=("self",)).select_related("risk", "owner")
                        .filter(pk=pk, status__in=LIVE_ACCEPTANCE).first())  # fmt: skip
            if response is None:  # voided, decided or lapsed meanwhile
                continue
            _end(
                response, ResponseStatus.EXPIRED, _("The acceptance expired on %(day)s.") % {"day": response.expires_on}
            )
            notify(recipients=[response.owner, *heads], title=gettext_lazy("Risk acceptance expired: %(risk)s"),
                   body=gettext_lazy("Accept it again or choose another response (7.2.1)."),
                   params={"risk": str(response.risk)}, url=response.get_absolute_url(), clause="7.2.1",
                   dedupe_key=f"risk-acceptance-expired:{response.pk}")  # fmt: skip
        counts["expired"] += 1
    # effectiveness checks due, and measures overdue, of open risks
    open_risks = {"risk__status": RiskStatus.OPEN}
    for response in (RiskResponse.objects.filter(status__in=CHECKED, next_check_on__lte=today, **open_risks)
                     .select_related("risk", "owner")):  # fmt: skip
        sent = notify(recipients=[response.owner], title=gettext_lazy("Check the risk measures: %(risk)s"),
                      body=gettext_lazy("Their effectiveness check was due on %(due)s (7.2.3)."),
                      params={"risk": str(response.risk), "due": response.next_check_on},
                      url=response.get_absolute_url(), clause="7.2.3",
                      dedupe_key=f"risk-check:{response.pk}:{response.next_check_on}")  # fmt: skip
        counts["checks"] += bool(sent)
    for response in (RiskResponse.objects.filter(status=ResponseStatus.IN_PROGRESS, due_on__lt=today, **open_risks)
                     .select_related("risk", "owner")):  # fmt: skip
        sent = notify(recipients=[response.owner, *heads], title=gettext_lazy("Risk measures overdue: %(risk)s"),
                      body=gettext_lazy("They were due on %(due)s (7.2.2)."),
                      params={"risk": str(response.risk), "due": response.due_on}, url=response.get_absolute_url(),
                      clause="7.2.2", dedupe_key=f"risk-measures-overdue:{response.pk}:{response.due_on}")  # fmt: skip
        counts["overdue"] += bool(sent)
    return dict(counts)


def _review_url(review: RiskReview) -> str:
    from django.urls import reverse

    return reverse("risk:project", args=[review.project_id])
