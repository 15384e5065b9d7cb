"""Staff commands (ch. 5): employees, recruitment and hiring, onboarding and training, appraisal with decisions and
incentives, resignation with the supervised handover, and the daily job that deactivates leavers' accounts."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from core.roles import Role, role_holders, roles_of
from core.roles import require_permission as _require
from core.workflow import cite, transition_perform
from staff.choices import (
    AppraisalStatus,
    Channel,
    CycleStatus,
    DecisionKind,
    Dimension,
    EmployeeStatus,
    Grade,
    HandoverKind,
    OnboardingArea,
    PlanStatus,
    ResignationStatus,
)
from staff.models import (
    Appraisal,
    AppraisalCycle,
    AppraisalIndicator,
    Attendance,
    Candidate,
    Employee,
    Handover,
    HandoverItem,
    InterviewNote,
    OnboardingItem,
    RecruitmentPlan,
    Resignation,
    StaffDecision,
    TrainingSession,
)


def _locked(model, actor, pk):
    return model.objects.locked_in_scope(actor, pk)


def _text(value, field, message):
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


# -- employees -------------------------------------------------------------------------------------------------------
@transaction.atomic
def employee_create(*, actor, user, number: str, department, position: str, hire_date, group=None,
                    manager=None) -> Employee:  # fmt: skip
    """An employee record for a staff account (HR), with its onboarding to do over the four areas (5.1.3)."""
    _require(actor, "staff.add_employee")
    if getattr(user, "client_organisation_id", None):
        raise ValidationError({"user": _("A client's account is not an employee.")})
    if Employee.objects.filter(user=user).exists():
        raise ValidationError({"user": _("This account already has an employee record.")})
    if manager is not None and manager.pk == user.pk:
        raise ValidationError({"manager": _("Nobody is their own manager.")})
    employee = Employee(user=user, number=(number or "").strip(), department=department, group=group,
                        position=(position or "").strip(), hire_date=hire_date, manager=manager)  # fmt: skip
    employee.full_clean()
    employee.save()
    OnboardingItem.objects.bulk_create([OnboardingItem(employee=employee, area=a) for a in OnboardingArea.values])
    return employee


# -- recruitment (5.1.1–5.1.2) ---------------------------------------------------------------------------------------
@transaction.atomic
def plan_create(*, actor, department, position: str, headcount: int, requirements: str,
                justification: str) -> RecruitmentPlan:  # fmt: skip
    """A recruitment plan by need: the position, headcount, requirements and why (5.1.1)."""
    _require(actor, "staff.add_recruitmentplan")
    if not isinstance(headcount, int) or not 1 <= headcount <= 500:
        raise ValidationError({"headcount": _("The headcount is from 1 to 500.")})
    plan = RecruitmentPlan(department=department, position=_text(position, "position", _("Name the position.")),
                           headcount=headcount,
                           requirements=_text(requirements, "requirements", _("State the requirements (5.1.1).")),
                           justification=_text(justification, "justification", _("Say why the position is needed.")),
                           created_by=actor)  # fmt: skip
    plan.full_clean()
    plan.save()
    return plan


def plan_transition(*, actor, pk, target: str, comment: str = "", expected_source=None) -> RecruitmentPlan:
    from staff.workflows import RECRUITMENT_WORKFLOW

    return transition_perform(workflow=RECRUITMENT_WORKFLOW, pk=pk, target=target, actor=actor, comment=comment,
                              expected_source=expected_source)  # fmt: skip


@transaction.atomic
def candidate_add(*, actor, plan_pk, name: str, channel: str, email: str = "", phone: str = "",
                  referred_by=None) -> Candidate:  # fmt: skip
    """A candidate for an approved plan's position, from one of the channels of 5.1.2."""
    _require(actor, "staff.add_candidate")
    plan = _locked(RecruitmentPlan, actor, plan_pk)
    if plan.status != PlanStatus.APPROVED:
        raise ValidationError(cite("5.1.1", _("candidates are recruited only for an approved recruitment plan.")))
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Choose a recruitment channel (5.1.2).")})
    if channel == Channel.REFERRAL and referred_by is None:
        raise ValidationError({"referred_by": _("Name who referred the candidate.")})
    candidate = Candidate(plan=plan, name=_text(name, "name", _("Give the candidate's name.")), channel=channel,
                          email=(email or "").strip(), phone=(phone or "").strip(),
                          referred_by=referred_by if channel == Channel.REFERRAL else None)  # fmt: skip
    candidate.full_clean()
    candidate.save()
    return candidate


@transaction.atomic
def interview_add(*, actor, candidate_pk, held_on, notes: str) -> InterviewNote:
    _require(actor, "staff.add_interviewnote")
    candidate = _locked(Candidate, actor, candidate_pk)
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("The date cannot be in the future.")})
    return InterviewNote.objects.create(candidate=candidate, interviewer=actor, held_on=held_on,
                                        notes=_text(notes, "notes", _("Record the interview notes.")))  # fmt: skip


def candidate_transition(*, actor, pk, target: str, comment: str = "", expected_source=None) -> Candidate:
    from staff.workflows import CANDIDATE_WORKFLOW

    if target == "hired":
        raise ValidationError(_("Hire a candidate with the hiring form: it creates the employee record."))
    with transaction.atomic():
        _lock_plan_of(pk)  # offers are counted against the headcount: one at a time per plan (5.1.1)
        return transition_perform(workflow=CANDIDATE_WORKFLOW, pk=pk, target=target, actor=actor, comment=comment,
                                  expected_source=expected_source)  # fmt: skip


def _lock_plan_of(candidate_pk) -> None:
    plan_id = Candidate.objects.filter(pk=candidate_pk).values_list("plan_id", flat=True).first()
    list(RecruitmentPlan.objects.select_for_update().filter(pk=plan_id).values_list("pk", flat=True))


@transaction.atomic
def candidate_hire(*, actor, pk, username: str, number: str, hire_date, password: str, manager=None,
                   group=None) -> Employee:  # fmt: skip
    """Hire an offered candidate: the staff account (the employee role, with the initial password HR hands over,
    which the hire changes on the password page) and the employee record with the onboarding to do (5.1.3)."""
    from django.contrib.auth.password_validation import validate_password

    from core.models import User
    from staff.workflows import CANDIDATE_WORKFLOW

    username = (username or "").strip()
    try:
        User.username_validator(username)
    except ValidationError:
        raise ValidationError({"username": _("Letters, digits and @/./+/-/_ only.")}) from None
    _lock_plan_of(pk)
    if not username or User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Choose a user name that is not taken.")})
    candidate = transition_perform(workflow=CANDIDATE_WORKFLOW, pk=pk, target="hired", actor=actor,
                                   expected_source="offered")  # fmt: skip
    plan = candidate.plan
    user = User(username=username, display_name=candidate.name, email=candidate.email, department=plan.department)
    try:
        validate_password(password or "", user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # the same name hired at the same moment
        raise ValidationError({"username": _("Choose a user name that is not taken.")}) from None
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name=Role.EMPLOYEE))
    employee = employee_create(actor=actor, user=user, number=number, department=plan.department, group=group,
                               position=plan.position, hire_date=hire_date, manager=manager)  # fmt: skip
    candidate.employee = employee
    candidate.save(update_fields=["employee"])
    return employee


# -- onboarding and training (5.1.3–5.1.4) ---------------------------------------------------------------------------
@transaction.atomic
def onboarding_complete(*, actor, pk, completed_on=None) -> OnboardingItem:
    """Confirm one area of a new hire's onboarding done (5.1.3): HR, the head, or the employee's manager."""
    item = OnboardingItem.objects.select_related("employee").locked_in_scope(actor, pk)
    if not (actor.has_perm("staff.change_onboardingitem") or item.employee.manager_id == actor.pk):
        raise PermissionDenied(_("Only HR, the department head or the manager confirms onboarding (5.1.3)."))
    completed_on = completed_on or timezone.localdate()
    if completed_on > timezone.localdate() or completed_on < item.employee.hire_date:
        raise ValidationError({"completed_on": _("The date is between the hire date and today.")})
    item.completed_on, item.confirmed_by = completed_on, actor
    item.save(update_fields=["completed_on", "confirmed_by"])
    return item


@transaction.atomic
def session_create(*, actor, topic: str, trainer: str, held_on, description: str = "") -> TrainingSession:
    _require(actor, "staff.add_trainingsession")
    return TrainingSession.objects.create(topic=_text(topic, "topic", _("Give the topic.")),
                                          trainer=_text(trainer, "trainer", _("Name the trainer.")), held_on=held_on,
                                          description=(description or "").strip(), created_by=actor)  # fmt: skip


@transaction.atomic
def attendance_record(*, actor, session_pk, employees, attended: bool = True) -> int:
    """Record who attended an internal training session (5.1.4); recording someone twice changes nothing."""
    _require(actor, "staff.add_attendance")
    session = _locked(TrainingSession, actor, session_pk)
    made = 0
    for employee in employees:
        _obj, created = Attendance.objects.get_or_create(session=session, employee=employee,
                                                         defaults={"attended": attended})  # fmt: skip
        made += created
    return made


@transaction.atomic
def feedback_give(*, actor, pk, rating: int, feedback: str) -> Attendance:
    """An attendee's feedback on a session (5.1.4): only its own."""
    _require(actor, "staff.change_attendance")
    attendance = Attendance.objects.select_for_update().filter(pk=pk, employee__user=actor).first()
    if attendance is None:
        raise Http404(_("No such record in your scope."))
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Rate from 1 to 5.")})
    attendance.rating, attendance.feedback = rating, (feedback or "").strip()
    attendance.save(update_fields=["rating", "feedback"])
    return attendance


# -- appraisal (5.2) -------------------------------------------------------------------------------------------------
@transaction.atomic
def cycle_create(*, actor, name: str, period_start, period_end, method: str) -> AppraisalCycle:
    _require(actor, "staff.add_appraisalcycle")
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period ends after it starts.")})
    return AppraisalCycle.objects.create(name=_text(name, "name", _("Name the cycle.")), period_start=period_start,
                                         period_end=period_end, created_by=actor,
                                         method=_text(method, "method", _("Describe the method (5.2.1).")))  # fmt: skip


@transaction.atomic
def indicator_add(*, actor, cycle_pk, dimension: str, name: str, weight) -> AppraisalIndicator:
    _require(actor, "staff.add_appraisalindicator")
    cycle = _locked(AppraisalCycle, actor, cycle_pk)
    if cycle.status != CycleStatus.DRAFT:
        raise ValidationError(_("The indicators of an open cycle are fixed."))
    if dimension not in Dimension.values:
        raise ValidationError({"dimension": _("Choose results, attitude or teamwork (5.2.2).")})
    try:
        weight = Decimal(weight)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({"weight": _("Enter a number.")}) from None
    if not Decimal(0) < weight <= Decimal(100):
        raise ValidationError({"weight": _("A weight is more than 0 and at most 100.")})
    return AppraisalIndicator.objects.create(cycle=cycle, dimension=dimension, weight=weight,
                                             name=_text(name, "name", _("Name the indicator.")))  # fmt: skip


@transaction.atomic
def indicator_remove(*, actor, pk) -> None:
    _require(actor, "staff.change_appraisalindicator")
    indicator = AppraisalIndicator.objects.select_related("cycle").locked_in_scope(actor, pk)
    if indicator.cycle.status != CycleStatus.DRAFT:
        raise ValidationError(_("The indicators of an open cycle are fixed."))
    indicator.delete()


@transaction.atomic
def cycle_open(*, actor, pk) -> AppraisalCycle:
    """Open a cycle (5.2.1): its indicators cover results, attitude and teamwork and their weights sum to 100; each
    active employee gets an appraisal to fill in."""
    _require(actor, "staff.change_appraisalcycle")
    cycle = _locked(AppraisalCycle, actor, pk)
    if cycle.status != CycleStatus.DRAFT:
        raise ValidationError(_("This cycle is already open."))
    indicators = list(cycle.indicators.all())
    total = sum((i.weight for i in indicators), Decimal(0))
    if total != Decimal(100):
        raise ValidationError(
            cite("5.2.1", _("the weights sum to %(total)s, not 100.") % {"total": format(total.normalize(), "f")})
        )
    missing = set(Dimension.values) - {i.dimension for i in indicators}
    if missing:
        raise ValidationError(cite("5.2.2", _("every dimension needs an indicator: %(missing)s.") % {
            "missing": ", ".join(str(Dimension(m).label) for m in sorted(missing))}))  # fmt: skip
    cycle.status = CycleStatus.OPEN
    cycle.save(update_fields=["status"])
    employees = Employee.objects.filter(status=EmployeeStatus.ACTIVE, hire_date__lte=cycle.period_end)
    Appraisal.objects.bulk_create([Appraisal(cycle=cycle, employee=e) for e in employees], ignore_conflicts=True)
    return cycle


def _scores(cycle, scores: dict) -> dict:
    ids = {str(i.pk) for i in cycle.indicators.all()}
    clean = {}
    for key, value in (scores or {}).items():
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError):
            raise ValidationError({"scores": _("Each score is a number from 0 to 100.")}) from None
        if str(key) not in ids or not Decimal(0) <= number <= Decimal(100):
            raise ValidationError({"scores": _("Each score is a number from 0 to 100.")})
        clean[str(key)] = str(number)
    if set(clean) != ids:
        raise ValidationError({"scores": _("Score every indicator of the cycle.")})
    return clean


GRADES = [(Decimal(90), Grade.EXCELLENT), (Decimal(75), Grade.GOOD), (Decimal(60), Grade.ADEQUATE)]


@transaction.atomic
def appraisal_self(*, actor, pk, scores: dict, comment: str = "") -> Appraisal:
    """The employee scores itself on each indicator (5.2.1)."""
    appraisal = Appraisal.objects.select_related("cycle", "employee").select_for_update(of=("self",)).filter(
        pk=pk, employee__user=actor).first()  # fmt: skip
    if appraisal is None:
        raise Http404(_("No such record in your scope."))
    if appraisal.cycle.status != CycleStatus.OPEN or appraisal.status != AppraisalStatus.SELF:
        raise ValidationError(_("The self-assessment is closed."))
    appraisal.self_scores = _scores(appraisal.cycle, scores)
    appraisal.self_comment, appraisal.status = (comment or "").strip(), AppraisalStatus.MANAGER
    appraisal.save(update_fields=["self_scores", "self_comment", "status"])
    return appraisal


@transaction.atomic
def appraisal_manager(*, actor, pk, scores: dict, comment: str = "") -> Appraisal:
    """The manager (or the department head) scores each indicator; the weighted sum is the final score, which
    gives the grade (5.2.1–5.2.2)."""
    appraisal = Appraisal.objects.select_related("cycle", "employee").locked_in_scope(actor, pk)
    roles = roles_of(actor)
    unmanaged = appraisal.employee.manager_id is None and Role.EXECUTIVE in roles  # e.g. the head's own appraisal
    if not (appraisal.employee.manager_id == actor.pk or Role.HEAD in roles or unmanaged or actor.is_superuser):
        raise PermissionDenied(_("Only the employee's manager or the department head scores the appraisal."))
    if appraisal.employee.user_id == actor.pk:
        raise PermissionDenied(_("Nobody scores their own appraisal as manager."))
    if appraisal.cycle.status != CycleStatus.OPEN or appraisal.status != AppraisalStatus.MANAGER:
        raise ValidationError(_("The appraisal waits for the employee's self-assessment, or is final."))
    clean = _scores(appraisal.cycle, scores)
    weights = {str(i.pk): i.weight for i in appraisal.cycle.indicators.all()}
    final = sum((Decimal(clean[k]) * weights[k] / 100 for k in clean), Decimal(0)).quantize(Decimal("0.01"))
    appraisal.manager_scores, appraisal.manager_comment = clean, (comment or "").strip()
    appraisal.final_score, appraisal.scored_by = final, actor
    appraisal.grade = next((grade for floor, grade in GRADES if final >= floor), Grade.POOR)
    appraisal.status, appraisal.finalised_at = AppraisalStatus.FINAL, timezone.now()
    appraisal.save()
    return appraisal


@transaction.atomic
def cycle_close(*, actor, pk) -> AppraisalCycle:
    _require(actor, "staff.change_appraisalcycle")
    cycle = _locked(AppraisalCycle, actor, pk)
    if cycle.status != CycleStatus.OPEN:
        raise ValidationError(_("Only an open cycle is closed."))
    # the appraisals of people who left during the cycle do not hold it open
    left = cycle.appraisals.exclude(status=AppraisalStatus.FINAL).exclude(employee__status=EmployeeStatus.LEFT).count()
    if left:
        raise ValidationError(_("%(n)s appraisals are not final yet.") % {"n": left})
    cycle.status = CycleStatus.CLOSED
    cycle.save(update_fields=["status"])
    return cycle


@transaction.atomic
def decision_propose(*, actor, employee_pk, kind: str, description: str, amount=None, new_position: str = "",
                     appraisal_pk=None) -> StaffDecision:  # fmt: skip
    """A decision on pay, promotion or a reward, linked to a final appraisal (5.2.2), or an incentive (5.2.3)."""
    _require(actor, "staff.add_staffdecision")
    employee = _locked(Employee, actor, employee_pk)
    appraisal = None
    if appraisal_pk:
        appraisal = Appraisal.objects.filter(pk=appraisal_pk, employee=employee).first()
        if appraisal is None or appraisal.status != AppraisalStatus.FINAL:
            raise ValidationError({"appraisal": _("Link a final appraisal of this employee.")})
    if kind not in DecisionKind.values:
        raise ValidationError({"kind": _("Choose pay, promotion, bonus or honorary title.")})
    if kind == DecisionKind.PROMOTION and not (new_position or "").strip():
        raise ValidationError({"new_position": _("Name the position of the promotion.")})
    if kind in (DecisionKind.PAY, DecisionKind.BONUS) and (amount is None or Decimal(amount) <= 0):
        raise ValidationError({"amount": _("Give the amount.")})
    money = kind in (DecisionKind.PAY, DecisionKind.BONUS)
    position = (new_position or "").strip() if kind == DecisionKind.PROMOTION else ""
    decision = StaffDecision(employee=employee, appraisal=appraisal, kind=kind, proposed_by=actor,
                             description=_text(description, "description", _("Describe the decision.")),
                             amount=amount if money else None, new_position=position)  # fmt: skip
    decision.full_clean()
    decision.save()
    return decision


def decision_transition(*, actor, pk, target: str, comment: str = "", expected_source=None) -> StaffDecision:
    from staff.workflows import DECISION_WORKFLOW

    return transition_perform(workflow=DECISION_WORKFLOW, pk=pk, target=target, actor=actor, comment=comment,
                              expected_source=expected_source)  # fmt: skip


# -- resignation (5.3) -----------------------------------------------------------------------------------------------
@transaction.atomic
def resignation_submit(*, actor, reason: str, leaving_date) -> Resignation:
    """The employee's written application, at least the notice period before the leaving date (5.3.1)."""
    _require(actor, "staff.add_resignation")
    employee = Employee.objects.select_for_update().filter(user=actor).first()
    if employee is None or employee.status == EmployeeStatus.LEFT:
        raise ValidationError(_("You have no employee record to resign from."))
    earliest = timezone.localdate() + timezone.timedelta(days=settings.STAFF_NOTICE_DAYS)
    if leaving_date is None or leaving_date < earliest:
        raise ValidationError({"leaving_date": cite("5.3.1", _(
            "the application is made %(days)s days before leaving: the earliest leaving date is %(date)s.") % {
            "days": settings.STAFF_NOTICE_DAYS, "date": earliest})})  # fmt: skip
    if Resignation.objects.filter(employee=employee, status__in=ResignationStatus.LIVE).exists():
        raise ValidationError(_("You have already applied."))
    resignation = Resignation.objects.create(employee=employee, leaving_date=leaving_date,
                                             reason=_text(reason, "reason", _("Give the reason (5.3.1).")))  # fmt: skip
    from django.utils.translation import gettext_lazy

    from core.notifications import notify

    notify(recipients=role_holders(Role.HEAD), title=gettext_lazy("Resignation to review: %(person)s"),
           body=gettext_lazy("Leaving on %(date)s. Review the reason and the handover state (5.3.2)."),
           params={"person": str(actor), "date": leaving_date}, url=resignation.get_absolute_url(),
           clause="5.3.2")  # fmt: skip
    return resignation


def resignation_transition(*, actor, pk, target: str, comment: str = "", expected_source=None,
                           handover_state: str = "") -> Resignation:  # fmt: skip
    from staff.workflows import RESIGNATION_WORKFLOW

    fields = {"handover_state": handover_state.strip()} if target == ResignationStatus.HEAD_REVIEWED else None
    return transition_perform(workflow=RESIGNATION_WORKFLOW, pk=pk, target=target, actor=actor, comment=comment,
                              expected_source=expected_source, fields=fields)  # fmt: skip


def _exit_resignation(actor, pk) -> Resignation:
    _require(actor, "staff.run_exit")
    resignation = Resignation.objects.locked_in_scope(actor, pk)
    if resignation.employee.user_id == actor.pk:
        raise PermissionDenied(_("The leaver does not run their own exit (5.3.3)."))
    if resignation.status != ResignationStatus.APPROVED:
        raise ValidationError(_("The exit is run once the resignation is approved (5.3.3)."))
    return resignation


@transaction.atomic
def handover_set(*, actor, pk, supervisor, notes: str = "") -> Handover:
    """Designate who supervises the leaver's handover (5.3.4)."""
    resignation = _exit_resignation(actor, pk)
    if (
        supervisor is None
        or supervisor.pk in (resignation.employee.user_id, actor.pk)
        or supervisor.client_organisation_id
        or not supervisor.is_active
    ):
        raise ValidationError(
            {"supervisor": _("Designate another member of staff than the leaver and yourself (5.3.4).")}
        )
    signed = Handover.objects.filter(resignation=resignation, signed_at__isnull=False).exists()
    if signed:
        raise ValidationError(_("The handover record is signed; it no longer changes."))
    handover, _created = Handover.objects.update_or_create(
        resignation=resignation, defaults={"supervisor": supervisor, "notes": (notes or "").strip(), "signed_at": None}
    )
    return handover


@transaction.atomic
def handover_item_add(*, actor, pk, kind: str, description: str, receiver) -> HandoverItem:
    resignation = _exit_resignation(actor, pk)
    handover = Handover.objects.select_for_update().filter(resignation=resignation).first()
    if handover is None:
        raise ValidationError(_("Designate the handover's supervisor first (5.3.4)."))
    if handover.signed_at:
        raise ValidationError(_("The handover record is signed; it no longer changes."))
    if kind not in HandoverKind.values:
        raise ValidationError({"kind": _("Choose what is handed over.")})
    if receiver is None or receiver.pk == resignation.employee.user_id:
        raise ValidationError({"receiver": _("Name who takes it over.")})
    return HandoverItem.objects.create(handover=handover, kind=kind, receiver=receiver,
                                       description=_text(description, "description", _("Describe it.")))  # fmt: skip


@transaction.atomic
def handover_sign(*, actor, pk) -> Handover:
    """The designated supervisor signs the handover record (5.3.4): it covers work materials, documents, equipment
    and client information."""
    handover = Handover.objects.select_for_update().select_related("resignation").filter(
        resignation_id=pk, supervisor=actor).first()  # fmt: skip
    if handover is None:
        raise PermissionDenied(_("Only the designated supervisor signs the handover record (5.3.4)."))
    if handover.signed_at:
        raise ValidationError(_("The handover record is already signed."))
    missing = set(HandoverKind.values) - set(handover.items.values_list("kind", flat=True))
    if missing:
        raise ValidationError(cite("5.3.4", _("the handover does not cover %(missing)s yet.") % {
            "missing": ", ".join(str(HandoverKind(m).label) for m in sorted(missing))}))  # fmt: skip
    handover.signed_at = timezone.now()
    handover.save(update_fields=["signed_at"])
    return handover


@transaction.atomic
def exit_update(*, actor, pk, settlement_done: bool, items_returned: bool, settlement_note: str = "") -> Resignation:
    """HR records the financial settlement and the return of items (5.3.3)."""
    resignation = _exit_resignation(actor, pk)
    if settlement_done and not (settlement_note or "").strip():
        raise ValidationError({"settlement_note": _("Summarise the settlement.")})
    resignation.settlement_done, resignation.items_returned = bool(settlement_done), bool(items_returned)
    resignation.settlement_note = (settlement_note or "").strip()
    resignation.save(update_fields=["settlement_done", "items_returned", "settlement_note"])
    return resignation


@transaction.atomic
def work_reassign(*, actor, pk, successor) -> int:
    """Hand the leaver's open tasks, notices, project roles, risk responses and reports to a successor (5.3.4)."""
    from staff.work import reassign

    resignation = _exit_resignation(actor, pk)
    leaver = resignation.employee.user_id
    if successor is None or successor.pk == leaver or successor.client_organisation_id or not successor.is_active:
        raise ValidationError({"successor": _("Name an active member of staff other than the leaver.")})
    return reassign(resignation.employee.user, successor)


def deactivate_leavers(*, today=None) -> dict:
    """Daily: the accounts of leavers whose exit is completed are deactivated on their leaving date (5.3.3)."""
    from core.models import User

    today = today or timezone.localdate()
    done = 0
    for resignation in (Resignation.objects.filter(status=ResignationStatus.COMPLETED, leaving_date__lte=today,
                                                   employee__status=EmployeeStatus.LEAVING)
                        .select_related("employee__user")):  # fmt: skip
        with transaction.atomic():  # saved one by one, so that both changes are in the audit trail
            employee = Employee.objects.select_for_update().get(pk=resignation.employee_id)
            if employee.status != EmployeeStatus.LEAVING:
                continue
            user = User.objects.get(pk=employee.user_id)
            user.is_active = False
            user.save(update_fields=["is_active"])
            employee.status, employee.left_on = EmployeeStatus.LEFT, resignation.leaving_date
            employee.save(update_fields=["status", "left_on"])
        done += 1
    return {"deactivated": done}
