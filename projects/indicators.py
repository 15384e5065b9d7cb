"""The project indicators of the risk monitoring (7.3.1), computed for the risk app's evaluation (7.3.2): KPIs
missing their targets (4.2.3), rectification notices past their deadline (3.4.2), complaints not closed (4.1.3).
Each returns {project id: count} for the projects where the count is not zero, in one query."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from projects.choices import AlertStatus, RequestKind, RequestStatus
from projects.models import KpiAlert, RectificationNotice, ServiceRequest
from risk.indicators import metric


def _counts(queryset) -> dict:
    return {pk: Decimal(n) for pk, n in queryset.values_list("project_id").annotate(n=Count("id")) if n}


@metric("projects.kpi-missed", label=_("KPIs missing their targets (open KPI alerts)"))
def kpi_missed(today: datetime.date) -> dict:
    return _counts(KpiAlert.objects.filter(status=AlertStatus.OPEN).order_by())


@metric("projects.overdue-rectifications", label=_("Rectification notices past their deadline"))
def overdue_rectifications(today: datetime.date) -> dict:
    return _counts(RectificationNotice.objects.overdue(today).order_by())


@metric("projects.open-complaints", label=_("Complaints not closed"))
def open_complaints(today: datetime.date) -> dict:
    return _counts(ServiceRequest.objects.filter(Q(kind=RequestKind.COMPLAINT) & ~Q(status=RequestStatus.CLOSED))
                   .order_by())  # fmt: skip
