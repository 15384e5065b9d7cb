"""The workflow machinery every stateful record uses.

A model declares its transitions in one ``Workflow`` table: from, to, who may (a permission), and the conditions
that must hold, each tagged with the policy clause it enforces. ``transition_perform`` is the one service that
changes the state: atomic, row-locked, scope-checked; it checks the source state, the actor's permission and the
conditions, writes the audit event (and an approval record for approval steps) and queues notifications on commit.
Nothing else assigns the state field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import AuditAction, audit_record, diff, snapshot, suppressed
from core.models.workflow import Approval, ApprovalDecision
from core.policy import clause as validate_clause
from core.policy import enforces, registry


class TransitionRefused(Exception):
    """A transition the policy or the record's state does not allow. ``str()`` is the user-facing message."""

    status_code = 409
    code = "transition_refused"

    def __init__(self, message: str, *, clause: str = "", failures: Iterable[str] = ()):
        self.clause = clause
        self.failures = list(failures) or [message]
        super().__init__(message)

    @property
    def message(self) -> str:
        return str(self)


class TransitionNotAllowed(TransitionRefused):
    """The (from, to) pair is not in the workflow's table."""

    code = "transition_not_allowed"


class StateConflict(TransitionRefused):
    """The record is no longer in the state the actor saw (someone else moved it first)."""

    code = "state_conflict"


class ConditionFailed(TransitionRefused):
    """One or more of the transition's policy conditions do not hold."""

    code = "condition_failed"


class TransitionPermissionDenied(TransitionRefused, PermissionDenied):
    """The actor lacks the permission the transition requires."""

    status_code = 403
    code = "permission_denied"


def cite(clause_id: str, message: str) -> str:
    """A refusal message that names the clause: "3.1.3 Sign the service contract: <message>"."""
    c = registry.get(clause_id)
    return _("%(clause)s %(title)s: %(message)s") % {"clause": c.id, "title": c.title, "message": message}


@dataclass(frozen=True)
class Condition:
    """A rule that must hold for a transition, with the policy clause it enforces.

    ``check(obj, actor)`` returns True when the rule holds; ``message`` says what is missing when it does not (a
    text, or a callable ``(obj, actor) -> str`` when the reason depends on the record, e.g. which authorisation
    expired).
    ``q`` (optional) is the same rule as a queryset filter (a Q or expression, or a callable returning one), so
    that lists can find the records for which it holds in one query.
    """

    clause: str
    message: Promise | Callable[[models.Model, object], str]
    check: Callable[[models.Model, object], bool]
    q: object = None
    # True when the rule is about what the actor gives with the transition (e.g. a signing date): it is checked
    # when the transition is performed, not when a page asks whether the transition is possible.
    on_input: bool = False
    # True when the rule picks one of several routes rather than forbidding (e.g. the amount tier that decides
    # whether the executive approves): a transition whose routing rule fails is not offered at all.
    routing: bool = False
    # What the rule is, for the clause map, when ``message`` is a callable.
    summary: Promise | None = None

    def describe(self, obj, actor) -> str:
        return cite(self.clause, self.message(obj, actor) if callable(self.message) else str(self.message))

    def as_filter(self):
        return self.q() if callable(self.q) else self.q

    def __post_init__(self):
        validate_clause(self.clause)
        if callable(self.message) and self.summary is None:
            raise ValueError(f"{self.clause}: a condition with a computed message needs a summary")


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    permission: str
    label: Promise
    clause: str
    conditions: tuple[Condition, ...] = ()
    approval_step: str = ""  # non-empty: the transition is an approval and leaves an Approval record
    decision: str = ApprovalDecision.APPROVED
    requires_comment: bool = False
    button: str = "primary"

    def __post_init__(self):
        validate_clause(self.clause)


@dataclass
class Workflow:
    """The transition table of one model's state field."""

    name: str
    model: type[models.Model]
    field: str
    states: type[models.TextChoices]
    clause: str
    transitions: list[Transition]
    on_enter: Callable[[models.Model, Transition, object], None] | None = None
    recipients: Callable[[models.Model, Transition], Iterable] | None = None
    url: Callable[[models.Model], str] | None = None
    _index: dict[tuple[str, str], Transition] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        validate_clause(self.clause)
        values = set(self.states.values)
        for t in self.transitions:
            if t.source not in values or t.target not in values:
                raise ValueError(f"{self.name}: unknown state in {t.source} → {t.target}")
            if (t.source, t.target) in self._index:
                raise ValueError(f"{self.name}: duplicate transition {t.source} → {t.target}")
            self._index[(t.source, t.target)] = t
            where = f"{self.name}: {t.source} → {t.target}"
            enforces(t.clause, where=where, description=t.label)
            for c in t.conditions:
                enforces(c.clause, where=where, description=c.summary or c.message)
        WORKFLOWS[self.name] = self

    def get(self, source: str, target: str) -> Transition | None:
        return self._index.get((source, target))

    def state_label(self, value: str) -> str:
        try:
            return str(self.states(value).label)
        except ValueError:
            return value

    def failed_conditions(self, obj, actor, t: Transition) -> list[Condition]:
        return [c for c in t.conditions if not c.check(obj, actor)]

    def ready(self, queryset, t: Transition):
        """The records of ``queryset`` in ``t``'s source state whose conditions all hold, or None if one of the
        conditions has no queryset form."""
        queryset = queryset.filter(**{self.field: t.source})
        for c in t.conditions:
            expression = c.as_filter()
            if expression is None:
                return None
            queryset = queryset.filter(expression)
        return queryset

    def options(self, obj, actor) -> list[dict]:
        """The transitions out of ``obj``'s current state that ``actor`` holds the permission for, each with
        the conditions that do not hold yet (so the page can show why a button is disabled)."""
        current = getattr(obj, self.field)
        result = []
        for t in self.transitions:
            if t.source != current or not actor.has_perm(t.permission):
                continue
            failed = self.failed_conditions(obj, actor, t)
            if any(c.routing for c in failed):
                continue
            failures = [c.describe(obj, actor) for c in failed if not c.on_input]
            result.append({"transition": t, "failures": failures, "allowed": not failures})
        return result


WORKFLOWS: dict[str, Workflow] = {}


def transition_perform(
    *,
    workflow: Workflow,
    pk,
    target: str,
    actor,
    comment: str = "",
    expected_source: str | None = None,
    fields: dict | None = None,
):
    """Move record ``pk`` of ``workflow.model`` to ``target`` on behalf of ``actor``.

    Atomic and row-locked: of two simultaneous calls for the same record, one succeeds and the other gets a
    clear refusal. Raises Http404 when the record is outside the actor's scope, ``TransitionPermissionDenied``
    without the permission, and another ``TransitionRefused`` (citing the clause) when the policy forbids it.
    ``fields`` are values the transition records on the record (e.g. a signing date); they are set before the
    conditions are checked and saved only if the transition happens.
    """
    comment = (comment or "").strip()
    with transaction.atomic():
        obj = workflow.model.objects.locked_in_scope(actor, pk)
        source = getattr(obj, workflow.field)
        if expected_source is not None and source != expected_source:
            raise StateConflict(
                cite(
                    workflow.clause,
                    _("this record is no longer “%(expected)s” but “%(current)s”; someone else changed it first.")
                    % {
                        "expected": workflow.state_label(expected_source),
                        "current": workflow.state_label(source),
                    },
                ),
                clause=workflow.clause,
            )
        t = workflow.get(source, target)
        if t is None:
            raise TransitionNotAllowed(
                cite(
                    workflow.clause,
                    _("a record cannot move from “%(source)s” to “%(target)s”.")
                    % {"source": workflow.state_label(source), "target": workflow.state_label(target)},
                ),
                clause=workflow.clause,
            )
        if not actor.has_perm(t.permission):
            raise TransitionPermissionDenied(
                cite(t.clause, _("you are not allowed to perform “%(action)s”.") % {"action": t.label}),
                clause=t.clause,
            )
        before = snapshot(obj)
        for name, value in (fields or {}).items():
            setattr(obj, name, value)
        failures = [c.describe(obj, actor) for c in workflow.failed_conditions(obj, actor, t)]
        if t.requires_comment and not comment:
            failures.append(cite(t.clause, _("a comment giving the reason is required.")))
        if failures:
            raise ConditionFailed("; ".join(failures), clause=t.clause, failures=failures)

        setattr(obj, workflow.field, target)
        if workflow.on_enter:
            workflow.on_enter(obj, t, actor)
        obj.full_clean()
        with suppressed():
            obj.save()
        audit_record(
            action=AuditAction.TRANSITION,
            obj=obj,
            from_state=source,
            to_state=target,
            changes=diff(before, snapshot(obj)),
            comment=comment,
            actor=actor,
        )
        if t.approval_step:
            approval_record(
                obj=obj,
                step=t.approval_step,
                decision=t.decision,
                approver=actor,
                opinion=comment,
                from_state=source,
                to_state=target,
            )
        if workflow.recipients:
            _notify_transition(workflow, obj, t, actor, comment)
    return obj


def approval_record(
    *, obj, step: str, decision: str, approver, opinion: str = "", from_state: str = "", to_state: str = ""
) -> Approval:
    """Record one approval decision (and its audit event). Called inside the transition's transaction."""
    from core.roles import roles_of

    approval = Approval.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        step=step,
        decision=decision,
        approver=approver,
        role=",".join(sorted(roles_of(approver))),
        opinion=opinion,
        from_state=from_state,
        to_state=to_state,
    )
    audit_record(
        action=AuditAction.APPROVAL,
        obj=obj,
        from_state=from_state,
        to_state=to_state,
        changes={"step": [None, step], "decision": [None, decision]},
        comment=opinion,
        actor=approver,
    )
    return approval


def _notify_transition(workflow: Workflow, obj, t: Transition, actor, comment: str) -> None:
    from core.notifications import notify

    recipients = [u for u in workflow.recipients(obj, t) if u.pk != actor.pk]
    if not recipients:
        return
    notify(
        recipients=recipients,
        title=gettext_lazy("%(record)s: %(source)s → %(target)s"),
        body=gettext_lazy("%(actor)s performed “%(action)s”. %(comment)s"),
        params={
            "record": str(obj),
            "source": workflow.states(t.source).label,
            "target": workflow.states(t.target).label,
            "actor": str(actor),
            "action": t.label,
            "comment": comment,
        },
        url=workflow.url(obj) if workflow.url else "",
        clause=t.clause,
    )
