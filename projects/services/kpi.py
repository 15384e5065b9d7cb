"""The KPI system (2.2.4, 4.2): definitions, project targets, the sweep that computes every KPI of every project in
operation for the current period, raises an alert (with its rectification notice, 3.4.2) on a breach and closes it
on recovery."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.notifications import notify
from core.roles import require_permission as _require
from projects.choices import (
    AlertStatus,
    KpiMetric,
    KpiPeriod,
    LogKind,
    RequestKind,
    RequestStatus,
    RevisitStatus,
    Severity,
)
from projects.models import (
    KpiAlert,
    KpiDefinition,
    KpiTarget,
    KpiValue,
    OperationsLogEntry,
    Project,
    RectificationNotice,
    Revisit,
    ServiceRequest,
    SurveyAnswer,
)
from projects.services.service import SERVED_STAGES

HUNDRED = Decimal(100)


def period_bounds(period: str, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the month or quarter that contains ``today``."""
    month = today.month if period == KpiPeriod.MONTH else 3 * ((today.month - 1) // 3) + 1
    start = today.replace(month=month, day=1)
    months = 1 if period == KpiPeriod.MONTH else 3
    next_month = month + months
    end = (start.replace(year=start.year + 1, month=next_month - 12) if next_month > 12
           else start.replace(month=next_month)) - datetime.timedelta(days=1)  # fmt: skip
    return start, end


def _span(start: datetime.date, end: datetime.date):
    tz = timezone.get_current_timezone()
    return (datetime.datetime.combine(start, datetime.time.min, tzinfo=tz),
            datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz))  # fmt: skip


def metric_counts(metric: str, start: datetime.date, end: datetime.date, *, now=None) -> dict:
    """``{project_id: (numerator, denominator)}`` of ``metric`` over the period, for the projects in operation: one
    grouped query per metric, whatever the number of projects."""
    now = now or timezone.now()
    since, until = _span(start, end)
    in_operation = Q(project__stage__in=SERVED_STAGES)
    key = "project_id"
    if metric == KpiMetric.ISSUE_HANDLING_RATE:
        qs = ServiceRequest.objects.filter(in_operation, raised_at__gte=since, raised_at__lt=until)
        handled = Q(status__in=[RequestStatus.RESOLVED, RequestStatus.CLOSED])
        rows = qs.values(key).annotate(num=Count("id", filter=handled), den=Count("id"))
    elif metric == KpiMetric.COMPLAINT_SATISFACTION:
        qs = ServiceRequest.objects.filter(in_operation, kind=RequestKind.COMPLAINT, rating__isnull=False,
                                           closed_at__gte=since, closed_at__lt=until)  # fmt: skip
        rows = qs.values(key).annotate(num=Count("id", filter=Q(rating__gte=4)), den=Count("id"))
    elif metric == KpiMetric.REVISIT_RATE:
        today = timezone.localdate(now)
        # A revisit counts once it is done or its day has passed (one due today can still be done today).
        qs = Revisit.objects.filter(in_operation, due_on__gte=start, due_on__lte=min(end, today)).filter(
            Q(due_on__lt=today) | Q(status=RevisitStatus.DONE)
        )
        rows = qs.values(key).annotate(num=Count("id", filter=Q(status=RevisitStatus.DONE)), den=Count("id"))
    elif metric == KpiMetric.CLIENT_SATISFACTION:
        key = "response__round__project_id"
        scope = Q(response__round__project__stage__in=SERVED_STAGES)
        qs = SurveyAnswer.objects.filter(scope, rating__isnull=False, response__submitted_at__gte=since,
                                         response__submitted_at__lt=until)  # fmt: skip
        rows = qs.values(key).annotate(num=Count("id", filter=Q(rating__gte=4)), den=Count("id"))
    elif metric == KpiMetric.TIMELY_RESPONSE:
        qs = ServiceRequest.objects.filter(in_operation, raised_at__gte=since, raised_at__lt=until).filter(
            Q(first_response_at__isnull=False) | Q(respond_by__lt=now)
        )
        rows = qs.values(key).annotate(num=Count("id", filter=Q(first_response_at__lte=F("respond_by"))),
                                       den=Count("id"))  # fmt: skip
    elif metric == KpiMetric.MAJOR_INCIDENTS:
        major = Q(severity=Severity.MAJOR, kind__in=[LogKind.SAFETY, LogKind.QUALITY])
        qs = OperationsLogEntry.objects.filter(in_operation, major, occurred_at__gte=since, occurred_at__lt=until)
        rows = qs.values(key).annotate(num=Count("id"), den=Count("id"))
    else:  # pragma: no cover - the choices are closed
        raise ValueError(metric)
    return {r[key]: (r["num"], r["den"]) for r in rows}


def kpi_value(metric: str, numerator, denominator) -> Decimal | None:
    if metric == KpiMetric.MAJOR_INCIDENTS:
        return Decimal(numerator)
    if not denominator:
        return None
    return (Decimal(numerator) * HUNDRED / Decimal(denominator)).quantize(Decimal("0.01"))


class Measure(NamedTuple):
    """One KPI of one project for the period, as the sweep computes it (light: 60,000 of them at 10k projects)."""

    definition: KpiDefinition
    definition_id: int
    project_id: int
    period_start: datetime.date
    period_end: datetime.date
    numerator: int
    denominator: int
    value: Decimal | None
    target: Decimal
    met: bool | None

    def as_row(self, now) -> KpiValue:
        return KpiValue(definition_id=self.definition_id, project_id=self.project_id, period_start=self.period_start,
                        period_end=self.period_end, numerator=self.numerator, denominator=self.denominator,
                        value=self.value, target=self.target, met=self.met, computed_at=now)  # fmt: skip


def kpi_sweep(*, today=None, now=None) -> dict:
    """Compute every active KPI of every project in operation for the current period and store the values; open an
    alert for each breach that has none open (with a rectification notice and notifications) and close the alerts
    of the KPIs that recovered. Idempotent: the values are upserted, and one alert per KPI and project can be open
    (a database constraint)."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    definitions = list(KpiDefinition.objects.filter(active=True))
    projects = list(Project.objects.filter(stage__in=SERVED_STAGES).values_list("pk", flat=True))
    overrides = {(d, p): t for d, p, t in KpiTarget.objects.values_list("definition_id", "project_id", "target")}
    counts_cache: dict = {}
    periods = {d.pk: period_bounds(d.period, today) for d in definitions}
    # What the last sweep stored for these periods: a value that has not changed is not written again.
    stored = {
        (row[0], row[1]): row[2:]
        for row in KpiValue.objects.filter(
            definition__in=definitions, period_start__in={p[0] for p in periods.values()}
        )
        .values_list("definition_id", "project_id", "period_start", "numerator", "denominator", "target")
        .iterator(chunk_size=5000)
    }
    values, changed = [], []
    for d in definitions:
        start, end = periods[d.pk]
        counts = counts_cache.get((d.metric, start))
        if counts is None:
            counts = counts_cache[(d.metric, start)] = metric_counts(d.metric, start, end, now=now)
        for pid in projects:
            num, den = counts.get(pid, (0, 0))
            value = kpi_value(d.metric, num, den)
            target = overrides.get((d.pk, pid), d.target)
            measure = Measure(d, d.pk, pid, start, end, num, den, value, target, d.meets(value, target))
            values.append(measure)
            if stored.get((d.pk, pid)) != (start, num, den, target):
                changed.append(measure.as_row(now))
    if changed:
        with transaction.atomic():
            KpiValue.objects.bulk_create(
                changed, batch_size=2000, update_conflicts=True,
                unique_fields=["definition", "project", "period_start"],
                update_fields=["period_end", "numerator", "denominator", "value", "target", "met", "computed_at"],
            )  # fmt: skip
    current = {(v.definition_id, v.project_id): v for v in values}
    open_rows = KpiAlert.objects.filter(status=AlertStatus.OPEN).values_list("definition_id", "project_id", "pk")
    open_alerts = {(d, p): pk for d, p, pk in open_rows.iterator(chunk_size=5000)}
    breaches = [v for key, v in current.items() if v.met is False and key not in open_alerts]
    opened = _raise_alerts(breaches, now=now) if breaches else 0
    recovered = [pk for key, pk in open_alerts.items() if key not in current or current[key].met is True]
    closed = _close_alerts(recovered, now=now) if recovered else 0
    return {"values": len(values), "values_changed": len(changed), "projects": len(projects), "alerts_opened": opened,
            "alerts_closed": closed}  # fmt: skip


def _responsibles(project_ids) -> dict:
    """Per project, the person a KPI's rectification notice goes to: the lead, else customer service, else the
    planner of the project (one query)."""
    from projects.models import ProjectMember

    rank = {"lead": 0, "service": 1, "planner": 2}
    best: dict[int, tuple] = {}
    rows = ProjectMember.objects.filter(project_id__in=project_ids, role__in=rank, user__is_active=True)
    for project_id, role, user_id in rows.values_list("project_id", "role", "user_id").order_by("user_id"):
        if project_id not in best or rank[role] < best[project_id][0]:
            best[project_id] = (rank[role], user_id)
    return {pid: user_id for pid, (_rank, user_id) in best.items()}


def _raise_alerts(breaches: list[Measure], *, now) -> int:
    """Open the alerts of new breaches, each with its rectification notice (3.4.2), in a few set-based statements;
    tell each project's responsible person once and each department head once. The partial unique constraint (one
    open alert per KPI and project) makes a concurrent sweep's duplicates fall away."""
    from core.jobs import insert_once
    from core.models import User
    from core.roles import Role

    heads = list(User.objects.filter(groups__name=Role.HEAD, is_active=True).order_by("pk"))
    head = heads[0] if heads else None
    project_ids = {v.project_id for v in breaches}
    responsible = _responsibles(project_ids)
    codes = dict(Project.objects.filter(pk__in=project_ids).values_list("pk", "code"))
    by_key = {(v.definition_id, v.project_id): v for v in breaches}
    with transaction.atomic():
        alerts = insert_once(
            KpiAlert,
            [KpiAlert(definition=v.definition, project_id=v.project_id, period_start=v.period_start, value=v.value,
                      target=v.target, opened_at=now) for v in breaches],
            describe=lambda a: f"{codes[a.project_id]} · {a.definition.name}",
        )  # fmt: skip
        deadline = timezone.localdate(now) + timezone.timedelta(days=settings.KPI_RECTIFICATION_DAYS)
        notices, owners = [], []
        for alert in alerts:
            v = by_key[(alert.definition_id, alert.project_id)]
            person = responsible.get(alert.project_id) or (head.pk if head else None)
            if person is None:
                continue
            d = v.definition
            finding = _("KPI “%(kpi)s” is %(value)s against a target of %(comparator)s %(target)s (%(start)s – "
                        "%(end)s).") % {"kpi": d.name, "value": v.value, "comparator": d.get_comparator_display(),
                                         "target": v.target, "start": v.period_start, "end": v.period_end}  # fmt: skip
            notices.append(RectificationNotice(
                project_id=alert.project_id, finding=finding, responsible_id=person,
                requirement=_("Find the cause and bring the KPI back to its target (%(clause)s).")
                % {"clause": d.clause},
                issued_by_id=head.pk if head else person, deadline=deadline, issued_at=now,
            ))  # fmt: skip
            owners.append(alert)
        if notices:
            insert_once(RectificationNotice, notices, describe=lambda n: f"{codes[n.project_id]} · {n.finding[:60]}")
            for alert, notice in zip(owners, notices, strict=True):
                alert.rectification_id = notice.pk
            KpiAlert.objects.bulk_update(owners, ["rectification"], batch_size=1000)
    per_project: dict[int, list] = {}
    for alert in alerts:
        per_project.setdefault(alert.project_id, []).append(alert)
    people = {u.pk: u for u in User.objects.filter(pk__in=set(responsible.values()))}
    for pid, mine in per_project.items():
        person = people.get(responsible.get(pid))
        if person is None:
            continue
        names = ", ".join(a.definition.name for a in mine)
        notify(recipients=[person], title=gettext_lazy("KPIs missed at %(project)s: %(kpis)s"),
               body=gettext_lazy("A rectification notice is issued for each; bring them back to target."),
               params={"project": codes[pid], "kpis": names[:150]}, url=mine[0].get_absolute_url(), clause="4.2.3",
               dedupe_key=f"kpi-alerts:{pid}:{min(a.pk for a in mine)}")  # fmt: skip
    if alerts:
        notify(recipients=heads, title=gettext_lazy("%(count)s KPI alerts raised in %(projects)s projects"),
               body=gettext_lazy("See which projects miss which KPI on the KPI page."),
               params={"count": len(alerts), "projects": len(per_project)},
               url=reverse("projects:kpi-dashboard"), clause="4.2.3",
               dedupe_key=f"kpi-alerts-summary:{min(a.pk for a in alerts)}")  # fmt: skip
    return len(alerts)


def _close_alerts(pks: list[int], *, now) -> int:
    """Close the alerts of KPIs that recovered (one statement; each closing audited)."""
    from core.audit import audit_record
    from core.models.audit import AuditAction

    with transaction.atomic():
        ids = list(KpiAlert.objects.select_for_update().filter(pk__in=pks, status=AlertStatus.OPEN)
                   .values_list("pk", flat=True))  # fmt: skip
        if not ids:
            return 0
        KpiAlert.objects.filter(pk__in=ids).update(status=AlertStatus.CLOSED, closed_at=now)
        for alert in KpiAlert.objects.filter(pk__in=ids).select_related("project", "definition")[:1000]:
            audit_record(action=AuditAction.TRANSITION, obj=alert, from_state=AlertStatus.OPEN,
                         to_state=AlertStatus.CLOSED, comment="KPI back on target")  # fmt: skip
    return len(ids)


# ----------------------------------------------------------------------------------------------------------------
# Definitions and targets, owned by the quality group (2.2.4)
# ----------------------------------------------------------------------------------------------------------------
@transaction.atomic
def kpi_definition_save(*, actor, pk=None, **fields) -> KpiDefinition:
    perm = "projects.add_kpidefinition" if pk is None else "projects.change_kpidefinition"
    _require(actor, perm)
    definition = KpiDefinition() if pk is None else KpiDefinition.objects.locked_in_scope(actor, pk)
    for name in ("code", "name", "metric", "comparator", "target", "period", "clause", "active"):
        if name in fields:
            setattr(definition, name, fields[name])
    from core.policy import clause as known_clause

    try:
        known_clause(definition.clause)
    except Exception as exc:
        raise ValidationError({"clause": _("Not a clause of the policy.")}) from exc
    definition.full_clean()
    definition.save()
    return definition


@transaction.atomic
def kpi_target_set(*, actor, pk, definition, target, reason: str) -> KpiTarget:
    """A project's own target for a KPI, e.g. from its contract (4.2)."""
    _require(actor, "projects.add_kpitarget")
    project = Project.objects.locked_in_scope(actor, pk)
    row = KpiTarget.objects.filter(definition=definition, project=project).first() or KpiTarget(
        definition=definition, project=project
    )
    row.target, row.reason = target, reason
    row.full_clean()
    row.save()
    return row
