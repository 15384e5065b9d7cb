"""The home dashboard: per role, what waits for me (approvals, tasks, overdue items).

Each panel is a function of the user returning a dict for ``templates/core/panels/<template>.html`` (or None when it
has nothing to show), registered with ``@panel(order=…, title=…, requires=…)``: ``requires`` says from the user's
permissions alone, without a query, whether the panel is theirs. The dashboard lays out the cards of the user's
panels (their titles) from these declarations and each card fills itself on its own request right after the page
(``DashboardPanelView``), so the page's work does not grow with the number of panels a user has (the department head
has about thirty). A user with several roles sees the union of their panels. Later apps register their panels in
``<app>/dashboard.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from core.models import AuditEvent, Notification
from core.roles import Role, role_label, roles_of


@dataclass(frozen=True)
class Panel:
    key: str
    func: Callable
    order: int
    requires: Callable
    title: object  # a (lazy) string, or a function of the user giving one
    wide: bool = False  # spans the full width, above the others (the stage tiles)

    def title_for(self, user) -> str:
        return self.title(user) if callable(self.title) else self.title

    def data(self, user) -> dict | None:
        """The panel's content for ``user``, or None when it is not theirs or has nothing to show."""
        if not self.requires(user):
            return None
        data = self.func(user)
        if not data:
            return None
        return {**data, "key": self.key, "title": self.title_for(user), "order": self.order, "wide": self.wide}


PANELS: dict[str, Panel] = {}


def everyone(user) -> bool:
    return True


def staff_only(user) -> bool:
    return not user.client_organisation_id


def has_perm(*perms: str) -> Callable:
    """``requires``: the user holds one of ``perms``."""
    return lambda user: any(user.has_perm(perm) for perm in perms)


def staff_perm(*perms: str) -> Callable:
    """``requires``: a member of staff (not a client's user) holding one of ``perms``."""
    holds = has_perm(*perms)
    return lambda user: staff_only(user) and holds(user)


def panel(*, order: int, title, requires: Callable = everyone, wide: bool = False) -> Callable:
    def register(func: Callable) -> Callable:
        key = func.__name__.removesuffix("_panel").replace("_", "-")
        PANELS[key] = Panel(key=key, func=func, order=order, requires=requires, title=title, wide=wide)
        return func

    return register


def panels_of(user) -> list[Panel]:
    """The user's panels in page order, from their permissions alone (no query)."""
    return sorted((p for p in PANELS.values() if p.requires(user)), key=lambda p: p.order)


def panels_for(user) -> list[dict]:
    """Every panel of the user filled in, in page order (what the cards show once loaded)."""
    return [data for p in panels_of(user) if (data := p.data(user))]


def dashboard_title(user) -> str:
    roles = roles_of(user)
    if user.is_superuser and not roles:
        return str(_("Administrator"))
    ordered = [r for r in Role.values if r in roles]
    return " · ".join(role_label(r) for r in ordered) or str(_("Dashboard"))


@panel(order=90, title=_("Unread notifications"))
def notifications_panel(user):
    items = list(Notification.objects.visible_to(user).unread()[:5])
    return {"template": "notifications", "items": items}


@panel(order=80, requires=has_perm("core.view_auditevent"), title=_("Latest audit events"))
def audit_panel(user):
    items = list(AuditEvent.objects.visible_to(user).select_related("content_type")[:8])
    return {"template": "audit", "items": items}
