"""The home dashboard: per role, what waits for me (approvals, tasks, overdue items).

Each panel is a function of the user returning a dict for ``templates/core/panels/<template>.html`` or None when
it does not apply. A user with several roles sees the union of their panels. Later apps append their panels.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from core.models import AuditEvent, Notification
from core.roles import Role, role_label, roles_of

PANELS: list[Callable] = []


def panel(func: Callable) -> Callable:
    PANELS.append(func)
    return func


@panel
def notifications_panel(user):
    items = list(Notification.objects.visible_to(user).unread()[:5])
    return {"template": "notifications", "title": _("Unread notifications"), "items": items, "order": 90}


@panel
def audit_panel(user):
    if not user.has_perm("core.view_auditevent"):
        return None
    items = list(AuditEvent.objects.visible_to(user).select_related("content_type")[:8])
    return {"template": "audit", "title": _("Latest audit events"), "items": items, "order": 80}


def panels_for(user) -> list[dict]:
    result = []
    for func in PANELS:
        data = func(user)
        if data:
            result.append(data)
    return sorted(result, key=lambda p: p.get("order", 50))


def dashboard_title(user) -> str:
    roles = roles_of(user)
    if user.is_superuser and not roles:
        return str(_("Administrator"))
    ordered = [r for r in Role.values if r in roles]
    return " · ".join(role_label(r) for r in ordered) or str(_("Dashboard"))
