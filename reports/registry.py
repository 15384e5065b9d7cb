"""The reports: each declares its title, the permission it needs, its clause, its filters, and a builder that
returns the template context from the requesting user's scope (never more than that user may see)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

REPORTS: dict[str, Report] = {}


@dataclass(frozen=True)
class Report:
    key: str
    title: object
    permission: str  # "" for every member of staff
    clause: str
    build: Callable  # build(user, filters: dict, limit: int) -> dict(context, rows, truncated)
    template: str
    filters: tuple = field(default=())  # names of the filters the form offers: "project", "cycle", "budget", "dates"
    clients: bool = False  # whether a client's user may export it (about its own projects only)

    def allowed(self, user) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        if user.client_organisation_id and not self.clients:
            return False
        return user.has_perm(self.permission) if self.permission else True


def report(key: str, *, title, permission: str, clause: str, template: str, filters=(), clients=False):
    def register(build: Callable):
        REPORTS[key] = Report(key, title, permission, clause, build, template, tuple(filters), clients)
        return build

    return register


def available(user) -> list[Report]:
    return [r for r in REPORTS.values() if r.allowed(user)]
