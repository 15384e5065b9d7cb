"""Risk indicator commands (7.3): evaluate the system indicators on schedule and raise one warning per breach
(7.3.2), record the handling of a warning (7.3.3), close it once the value is back within the threshold."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.notifications import notify
from core.roles import Role
from core.roles import require_permission as _require
from risk.choices import WarningLevel, WarningStatus
from risk.indicators import METRICS
from risk.models import Indicator, IndicatorReading, RiskWarning


def _recipients(indicator: Indicator) -> list:
    from core.models import User

    roles = [Role.HEAD, Role.FINANCE] if indicator.clause.startswith("6.") else [Role.HEAD]
    people = list(User.objects.filter(groups__name__in=roles, is_active=True, client_organisation__isnull=True)
                  .distinct())  # fmt: skip
    return [indicator.owner, *people] if indicator.owner_id else people


def evaluate_indicators(*, today=None) -> dict:
    """Compute every active system indicator for today, store the readings, raise a warning for each new breach,
    raise its level when it worsens, close handled warnings back within the threshold. Idempotent: a breach that
    already has a live warning raises nothing, however often this runs (a partial unique index enforces it)."""
    today = today or timezone.localdate()
    counts = {"readings": 0, "raised": 0, "escalated": 0, "closed": 0}
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
            value = Decimal(value).quantize(Decimal("0.01"))
            IndicatorReading.objects.update_or_create(indicator=indicator, project_id=project_id, day=today,
                                                      defaults={"value": value})  # fmt: skip
            counts["readings"] += 1
            level = indicator.level_of(value)
            warning = live.get((indicator.pk, project_id))
            if warning is not None:
                counts.update(_follow(warning, level, value))
            elif level is not None:
                counts["raised"] += _raise(indicator, project_id, level, value)
    return counts


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
