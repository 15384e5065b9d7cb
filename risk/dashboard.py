"""Risk panels of the home dashboard: the warnings waiting for their handling (7.3.2–7.3.3)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.dashboard import panel
from risk.choices import WarningStatus
from risk.models import RiskWarning


@panel
def open_warnings_panel(user):
    if not user.has_perm("risk.handle_riskwarning"):
        return None
    warnings = (RiskWarning.objects.visible_to(user).filter(status=WarningStatus.OPEN)
                .select_related("indicator", "project")[:10])  # fmt: skip
    items = [{"url": reverse("risk:warning", args=[w.pk]), "title": str(w.indicator),
              "detail": w.project.code if w.project_id else "", "badge": w.get_level_display()}
             for w in warnings]  # fmt: skip
    return {"template": "tasks", "icon": "exclamation-triangle", "title": _("Risk warnings to handle"),
            "items": items, "empty": _("No risk warning is open."), "clause": "7.3.2", "order": 5,
            "more_url": reverse("risk:warnings")}  # fmt: skip
