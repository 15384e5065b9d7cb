"""The navigation each role sees. One table; the base layout renders the entries the user may use."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    key: str
    label: object
    url_name: str
    icon: str
    permission: str = ""  # one of these permissions is needed ("" = every signed-in user)
    staff_only: bool = False


NAVIGATION = [
    NavItem("home", _("Dashboard"), "home", "speedometer2"),
    NavItem("projects", _("Projects"), "projects:list", "kanban", permission="projects.view_project"),
    NavItem(
        "checklists",
        _("Quality standards"),
        "projects:checklists",
        "clipboard2-check",
        permission="projects.view_checklist",
    ),
    NavItem("kpis", _("KPIs"), "projects:kpi-dashboard", "bar-chart-line", permission="projects.view_kpidefinition"),
    NavItem("contracts", _("Contracts"), "contracts:list", "file-earmark-text", permission="contracts.view_contract"),
    NavItem("finance", _("Finance"), "finance:budgets", "calculator", permission="finance.view_budget"),
    NavItem("risk", _("Risks"), "risk:risks", "shield-exclamation", permission="risk.view_risk"),
    NavItem("staff", _("Staff"), "staff:employees", "people", permission="staff.view_employee"),
    NavItem("claims", _("Expense claims"), "finance:claims", "receipt", permission="finance.add_expenseclaim"),
    NavItem("reports", _("Reports"), "reports:index", "file-earmark-pdf"),
    NavItem("audit", _("Audit trail"), "audit-list", "journal-text", permission="core.view_auditevent"),
    NavItem("jobs", _("Scheduled jobs"), "jobs", "clock-history", permission="core.view_jobrun"),
    NavItem("policy", _("Policy"), "policy", "book", staff_only=True),
    NavItem("api", _("API"), "api-docs", "braces", staff_only=True),
]


@cache
def _url(url_name: str, script_prefix: str) -> str:
    """The entries' URLs take no arguments: reversed once per process (and script prefix), not on every page."""
    return reverse(url_name)


def navigation_for(user, active: str = "") -> list[dict]:
    items = []
    for item in NAVIGATION:
        if item.permission and not user.has_perm(item.permission):
            continue
        if item.staff_only and user.client_organisation_id:
            continue
        items.append(
            {
                "key": item.key,
                "label": item.label,
                "url": _url(item.url_name, get_script_prefix()),
                "icon": item.icon,
                "active": item.key == active,
            }
        )
    return items
