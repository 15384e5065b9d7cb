"""Staff panel of the home dashboard (ch. 5): what waits for this user — plans, resignations and decisions to
decide, exits to run, appraisals to fill in or score, new hires' onboarding still to do."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.dashboard import panel, staff_only


@panel(order=8, requires=staff_only, title=_("Staff matters for you"))
def staff_panel(user):
    from staff.choices import AppraisalStatus, CycleStatus, DecisionStatus, PlanStatus, ResignationStatus
    from staff.models import Appraisal, OnboardingItem, RecruitmentPlan, Resignation, StaffDecision

    items = []
    plan_steps = [status for perm, status in (("staff.approve_recruitment_head", PlanStatus.SUBMITTED),
                                              ("staff.approve_recruitment_hr", PlanStatus.HEAD_APPROVED))
                  if user.has_perm(perm)]  # fmt: skip
    for plan in RecruitmentPlan.objects.visible_to(user).filter(status__in=plan_steps)[:5] if plan_steps else []:
        items.append({"url": plan.get_absolute_url(), "title": str(plan), "detail": _("Recruitment plan"),
                      "badge": plan.get_status_display()})  # fmt: skip
    steps = [status for perm, status in (("staff.review_resignation", ResignationStatus.SUBMITTED),
                                         ("staff.approve_resignation", ResignationStatus.HEAD_REVIEWED),
                                         ("staff.run_exit", ResignationStatus.APPROVED))
             if user.has_perm(perm)]  # fmt: skip
    resignations = (Resignation.objects.visible_to(user).filter(Q(status__in=steps) | Q(
        status=ResignationStatus.APPROVED, handover__supervisor=user, handover__signed_at__isnull=True))
        .select_related("employee__user").distinct()[:5])  # fmt: skip
    for r in resignations:
        items.append({"url": r.get_absolute_url(), "title": str(r.employee.user), "detail": _("Resignation"),
                      "badge": r.get_status_display()})  # fmt: skip
    if user.has_perm("staff.approve_staffdecision"):
        for d in StaffDecision.objects.visible_to(user).filter(status=DecisionStatus.PROPOSED).exclude(
                proposed_by=user).select_related("employee__user")[:5]:  # fmt: skip
            items.append({"url": d.get_absolute_url(), "title": str(d.employee.user), "detail": d.get_kind_display(),
                          "badge": d.get_status_display()})  # fmt: skip
    for a in (Appraisal.objects.filter(cycle__status=CycleStatus.OPEN)
              .filter(Q(employee__user=user, status=AppraisalStatus.SELF)
                      | Q(employee__manager=user, status=AppraisalStatus.MANAGER))
              .select_related("cycle", "employee__user")[:5]):  # fmt: skip
        items.append({"url": a.get_absolute_url(), "title": f"{a.cycle} · {a.employee.user}", "detail": _("Appraisal"),
                      "badge": a.get_status_display()})  # fmt: skip
    onboarding = (OnboardingItem.objects.filter(employee__manager=user, completed_on__isnull=True)
                  .select_related("employee__user").order_by("employee_id")[:5])  # fmt: skip
    for item in onboarding:
        items.append({"url": item.employee.get_absolute_url(), "title": str(item.employee.user),
                      "detail": _("Onboarding to do"), "badge": item.get_area_display()})  # fmt: skip
    if not items and not user.has_perm("staff.view_employee"):
        return None
    return {"template": "tasks", "icon": "people", "items": items,
            "empty": _("Nothing waits for you."), "clause": "5.3.2",
            "more_url": reverse("staff:employees")}  # fmt: skip
