"""The staff indicator of the risk monitoring (7.3.1): turnover over the last twelve months, for the organisation."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from risk.indicators import metric
from staff.choices import EmployeeStatus
from staff.models import Employee


@metric("staff.turnover", label=_("Staff turnover over the last twelve months (%)"))
def turnover(today: datetime.date) -> dict:
    """Leavers of the last 365 days in percent of the staff (those still employed plus those leavers)."""
    since = today - datetime.timedelta(days=365)
    left = Employee.objects.filter(status=EmployeeStatus.LEFT, left_on__gt=since, left_on__lte=today).count()
    staying = Employee.objects.exclude(status=EmployeeStatus.LEFT).count()
    if not left:
        return {}
    return {None: (Decimal(left) * 100 / Decimal(left + staying)).quantize(Decimal("0.01"))}
