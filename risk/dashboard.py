"""Risk panels of the home dashboard: the warnings waiting for their handling (7.3.2–7.3.3)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.dashboard import has_perm, panel
from risk.choices import WarningStatus
from risk.models import RiskWarning


@panel(order=5, requires=has_perm("risk.handle_riskwarning"), title=_("Risk warnings to handle"))
def open_warnings_panel(user):
    warnings = (RiskWarning.objects.visible_to(user).filter(status=WarningStatus.OPEN)
                .select_related("indicator", "project")[:10])  # fmt: skip
    items = [{"url": reverse("risk:warning", args=[w.pk]), "title": str(w.indicator),
              "detail": w.project.code if w.project_id else "", "badge": w.get_level_display()}
             for w in warnings]  # fmt: skip
    return {
        "template": "tasks",
        "icon": "exclamation-triangle",
        "items": items,
        "empty": _("No risk warning is open."),
        "clause": "7.3.2",
        "more_url": reverse("risk:warnings"),
    }


@panel(
    order=6,
    requires=has_perm("risk.approve_acceptance", "risk.approve_acceptance_high"),
    title=_("Risk acceptances to decide"),
)
def risk_acceptances_panel(user):
    """Accepting a risk waiting for this user's decision: the head's, then the executive's for the two highest
    levels (7.2.1)."""
    from risk.choices import ResponseStatus
    from risk.models import RiskResponse

    waiting = [status for perm, status in (("risk.approve_acceptance", ResponseStatus.PENDING_HEAD),
                                           ("risk.approve_acceptance_high", ResponseStatus.PENDING_EXECUTIVE))
               if user.has_perm(perm)]  # fmt: skip
    responses = (RiskResponse.objects.visible_to(user).filter(status__in=waiting).select_related("risk__project")
                 .order_by("proposed_at")[:10])  # fmt: skip
    items = [{"url": r.get_absolute_url(), "title": str(r.risk),
              "detail": r.risk.project.code if r.risk.project_id else "", "badge": r.risk.get_level_display()}
             for r in responses]  # fmt: skip
    return {"template": "tasks", "icon": "shield-check", "items": items,
            "empty": _("No risk acceptance is waiting for you."), "clause": "7.2.1",
            "more_url": reverse("risk:risks")}  # fmt: skip


@panel(order=7, requires=has_perm("risk.change_riskreview"), title=_("Risk reviews due"))
def risk_reviews_panel(user):
    """The periodic risk reviews due within the reminder window in the user's scope (7.1.2)."""
    import datetime

    from django.conf import settings
    from django.utils import timezone

    from risk.choices import ReviewStatus
    from risk.models import RiskReview

    soon = timezone.localdate() + datetime.timedelta(days=settings.RISK_REVIEW_REMIND_DAYS)
    from risk.register import ACTIVE_STAGES

    reviews = (RiskReview.objects.visible_to(user).filter(status=ReviewStatus.DUE, due_on__lte=soon,
                                                          project__stage__in=ACTIVE_STAGES)
               .select_related("project").order_by("due_on")[:10])  # fmt: skip
    items = [{"url": reverse("risk:project", args=[r.project_id]), "title": r.project.code,
              "detail": r.project.name, "badge": r.due_on.isoformat()} for r in reviews]  # fmt: skip
    return {"template": "tasks", "icon": "search", "items": items,
            "empty": _("No risk review is due."), "clause": "7.1.2",
            "more_url": reverse("risk:reviews")}  # fmt: skip
