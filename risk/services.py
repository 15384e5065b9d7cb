"""Risk indicator commands (7.3): evaluate the system indicators on schedule and raise one warning per breach
(7.3.2), record the handling of a warning (7.3.3), close it once the value is back within the threshold."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.notifications import notify
from core.roles import Role, role_holders
from core.roles import require_permission as _require
from risk.choices import WarningLevel, WarningStatus
from risk.indicators import METRICS
from risk.models import Indicator, IndicatorReading, RiskWarning


def _recipients(indicator: Indicator) -> list:
    roles = [Role.HEAD, Role.FINANCE] if indicator.clause.startswith("6.") else [Role.HEAD]
    people = list(role_holders(*roles))
    return [indicator.owner, *people] if indicator.owner_id else people


def evaluate_indicators(*, today=None, now=None) -> dict:
    """Compute every active system indicator for today, store the readings, raise a warning for each new breach,
    raise its level when it worsens, close handled warnings back within the threshold, and escalate the warnings
    left unhandled too long. Idempotent: a breach that already has a live warning raises nothing, however often
    this runs (a partial unique index enforces it)."""
    today = today or timezone.localdate()
    counts = Counter(readings=0, raised=0, escalated=0, closed=0, unhandled=0)
    live = {(w.indicator_id, w.project_id): w for w in RiskWarning.objects.exclude(status=WarningStatus.CLOSED)}
    for indicator in Indicator.objects.filter(active=True).exclude(metric="").select_related("owner"):
        source = METRICS.get(indicator.metric)
        if source is None:
            continue
        values = source["func"](today)
        # a live warning whose subject dropped out of the metric (year end, project ended) is back within bounds
        for (indicator_id, project_id), warning in live.items():
            if indicator_id == indicator.pk and project_id not in values:
                counts.update(_follow(warning, None, warning.latest_value))
        for project_id, value in values.items():
            counts.update(_assess(indicator, project_id, value, today, live))
    counts["unhandled"] = escalate_unhandled(now=now)
    return dict(counts)


def _assess(indicator: Indicator, project_id, value, day, live: dict) -> Counter:
    """Store the reading of ``indicator`` for ``project_id`` on ``day`` and raise, follow or close its warning."""
    value = Decimal(value).quantize(Decimal("0.01"))
    IndicatorReading.objects.update_or_create(indicator=indicator, project_id=project_id, day=day,
                                              defaults={"value": value})  # fmt: skip
    level = indicator.level_of(value)
    warning = live.get((indicator.pk, project_id))
    result = Counter(readings=1)
    if warning is not None:
        result.update(_follow(warning, level, value))
    elif level is not None:
        result["raised"] += _raise(indicator, project_id, level, value)
    return result


def escalate_unhandled(*, now=None) -> int:
    """Warnings still open ``RISK_WARNING_ESCALATE_HOURS`` after they were raised go to the department head and the
    executive, once (7.3.2)."""
    from django.conf import settings

    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.RISK_WARNING_ESCALATE_HOURS)
    late = list(RiskWarning.objects.filter(status=WarningStatus.OPEN, raised_at__lte=cutoff, escalated_at__isnull=True)
                .select_related("indicator", "project"))  # fmt: skip
    if not late:
        return 0
    bosses = list(role_holders(Role.HEAD, Role.EXECUTIVE))
    for warning in late:
        notify(recipients=bosses, title=gettext_lazy("Unhandled risk warning: %(indicator)s (%(subject)s)"),
               body=gettext_lazy("Raised on %(raised)s and still not handled (7.3.3)."),
               params={"indicator": str(warning.indicator), "raised": timezone.localtime(warning.raised_at),
                       "subject": warning.project.code if warning.project_id else _("the organisation")},
               url=warning_url(warning), clause="7.3.2", dedupe_key=f"risk-warning-escalated:{warning.pk}")  # fmt: skip
    RiskWarning.objects.filter(pk__in=[w.pk for w in late]).update(escalated_at=now)
    return len(late)


@transaction.atomic
def reading_record(*, actor, indicator_pk, value, day=None, project=None) -> IndicatorReading:
    """A manual reading of an indicator that has no system source (7.3.1); a breach raises its warning at once."""
    from projects.models import Project

    _require(actor, "risk.add_indicatorreading")
    indicator = Indicator.objects.visible_to(actor).select_for_update().filter(pk=indicator_pk).first()
    if indicator is None:
        from django.http import Http404

        raise Http404(_("No such record in your scope."))
    if indicator.metric:
        raise ValidationError(_("This indicator is computed by the system; it is not read by hand."))
    day = day or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"day": _("The date cannot be in the future.")})
    project_id = None
    if project is not None:
        project_id = Project.objects.visible_to(actor).filter(pk=getattr(project, "pk", project)).values_list(
            "pk", flat=True).first()  # fmt: skip
        if project_id is None:
            raise ValidationError({"project": _("Choose a project you work on.")})
    live = {(w.indicator_id, w.project_id): w for w in RiskWarning.objects.filter(indicator=indicator)
            .exclude(status=WarningStatus.CLOSED)}  # fmt: skip
    _assess(indicator, project_id, value, day, live)
    return IndicatorReading.objects.get(indicator=indicator, project_id=project_id, day=day)


def _follow(warning: RiskWarning, level, value) -> dict:
    changes = {"latest_value": value}
    result = {}
    if level == WarningLevel.CRITICAL and warning.level == WarningLevel.WARNING:
        # worse than when it was handled: open again, and say so (7.3.2)
        changes.update(level=WarningLevel.CRITICAL, status=WarningStatus.OPEN)
        result["escalated"] = 1
        _announce(warning.indicator, warning, WarningLevel.CRITICAL, value)
    if level is None and warning.status == WarningStatus.HANDLED:
        changes.update(status=WarningStatus.CLOSED, closed_at=timezone.now())
        result["closed"] = 1
    for key, new in changes.items():
        setattr(warning, key, new)
    warning.save(update_fields=list(changes))
    return result


def _raise(indicator: Indicator, project_id, level, value) -> int:
    try:
        with transaction.atomic():
            warning = RiskWarning.objects.create(indicator=indicator, project_id=project_id, level=level, value=value,
                                                 latest_value=value)  # fmt: skip
    except IntegrityError:  # a concurrent evaluation raised it first
        return 0
    _announce(indicator, warning, level, value)
    return 1


def _announce(indicator: Indicator, warning: RiskWarning, level, value) -> None:
    subject = warning.project.code if warning.project_id else _("the organisation")
    notify(recipients=_recipients(indicator), title=gettext_lazy("Risk warning: %(indicator)s (%(subject)s)"),
           body=gettext_lazy("The value %(value)s %(unit)s reached the %(level)s threshold. Analyse it and record "
                             "the action taken."),
           params={"indicator": str(indicator), "subject": subject, "value": value, "unit": indicator.unit,
                   "level": WarningLevel(level).label},
           url=warning_url(warning), clause=indicator.clause,
           dedupe_key=f"risk-warning:{warning.pk}:{level}")  # fmt: skip


def warning_url(warning: RiskWarning) -> str:
    from django.urls import reverse

    return reverse("risk:warning", args=[warning.pk])


@transaction.atomic
def warning_handle(*, actor, pk, analysis: str, action_taken: str) -> RiskWarning:
    """Record how a warning was handled (7.3.3): the analysis and the action taken. It closes once the value is
    back within the threshold."""
    _require(actor, "risk.handle_riskwarning")
    warning = RiskWarning.objects.locked_in_scope(actor, pk)
    if warning.status != WarningStatus.OPEN:
        raise ValidationError(_("This warning was already handled."))
    if not (analysis or "").strip() or not (action_taken or "").strip():
        raise ValidationError(_("Give the analysis and the action taken (7.3.3)."))
    warning.analysis, warning.action_taken = analysis.strip(), action_taken.strip()
    warning.status, warning.handled_by, warning.handled_at = WarningStatus.HANDLED, actor, timezone.now()
    level = warning.indicator.level_of(warning.latest_value)
    if level is None:
        warning.status, warning.closed_at = WarningStatus.CLOSED, timezone.now()
    warning.save()
    return warning
