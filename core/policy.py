"""The policy clause registry: every clause id of the policy, with short titles in zh-hans and en.

The clauses are data (``core/policy_clauses.toml``). Code that enforces or records a rule cites its clause with
``clause("3.1.3")``, which raises ``ImproperlyConfigured`` for an unknown id, at import time, so a typo stops the
application at start-up instead of showing up in a message. ``enforces(...)`` registers where a clause is enforced
or recorded; the Policy page lists those places.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language

CLAUSES_FILE = Path(__file__).with_name("policy_clauses.toml")


@dataclass(frozen=True)
class Clause:
    id: str
    title_en: str
    title_zh: str
    text_en: str
    text_zh: str

    @property
    def title(self) -> str:
        return self.title_zh if (get_language() or "").startswith("zh") else self.title_en

    @property
    def text(self) -> str:
        return self.text_zh if (get_language() or "").startswith("zh") else self.text_en

    @property
    def depth(self) -> int:
        return self.id.count(".")

    @property
    def chapter(self) -> str:
        return self.id.split(".", 1)[0]

    def __str__(self) -> str:
        return self.id


@dataclass(frozen=True)
class Enforcement:
    """One place where the application enforces or records a clause."""

    clause: str
    kind: str  # "enforces" (a rule that refuses) or "records" (a record the clause asks for)
    where: str  # e.g. "projects: stage workflow, intake → planning"
    description: object  # lazy translated text


@dataclass
class ClauseRegistry:
    clauses: dict[str, Clause] = field(default_factory=dict)
    enforcements: list[Enforcement] = field(default_factory=list)

    def load(self) -> None:
        if self.clauses:
            return
        with CLAUSES_FILE.open("rb") as fh:
            data = tomllib.load(fh)
        for row in data["clause"]:
            c = Clause(row["id"], row["title_en"], row["title_zh"], row["text_en"], row["text_zh"])
            if c.id in self.clauses:
                raise ImproperlyConfigured(f"Duplicate policy clause id {c.id!r} in {CLAUSES_FILE.name}")
            self.clauses[c.id] = c

    def get(self, clause_id: str) -> Clause:
        self.load()
        try:
            return self.clauses[clause_id]
        except KeyError:
            raise ImproperlyConfigured(
                f"Unknown policy clause id {clause_id!r}: it is not in {CLAUSES_FILE.name}"
            ) from None

    def all(self) -> list[Clause]:
        self.load()
        return list(self.clauses.values())

    def register(self, enforcement: Enforcement) -> None:
        self.get(enforcement.clause)
        if enforcement not in self.enforcements:
            self.enforcements.append(enforcement)

    def enforcements_of(self, clause_id: str) -> list[Enforcement]:
        return [e for e in self.enforcements if e.clause == clause_id]


registry = ClauseRegistry()


def clause(clause_id: str) -> str:
    """Validate a clause id against the registry and return it. Use at import time."""
    return registry.get(clause_id).id


def enforces(clause_id: str, *, where: str, description, kind: str = "enforces") -> str:
    """Declare that the application enforces (or records, ``kind="records"``) a clause at ``where``."""
    registry.register(Enforcement(clause(clause_id), kind, where, description))
    return clause_id
