"""The contract indicator of the risk monitoring (7.3.1): obligations past their date under contracts in force
(8.2.1), per project, for the risk app's evaluation (7.3.2)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from contracts.models import Obligation
from risk.indicators import metric


@metric("contracts.overdue-obligations", label=_("Contract obligations past their date"))
def overdue_obligations(today: datetime.date) -> dict:
    rows = (Obligation.objects.overdue(today).filter(contract__project__isnull=False).order_by()
            .values_list("contract__project_id").annotate(n=Count("id")))  # fmt: skip
    return {pk: Decimal(n) for pk, n in rows if n}
