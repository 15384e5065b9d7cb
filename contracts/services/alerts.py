"""The contract alerts no stage anchor gives well (8.2.2–8.2.3), run daily by Celery: contracts expiring soon,
notice windows opening (renewal or termination must be decided), fees invoiced reaching the alert share of the
amount, overdue obligations and late periodic evaluations. Idempotent: each event notifies each recipient once
(dedupe keys)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Max, Q, Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from contracts.models import Contract, Obligation
from core.notifications import notify
from core.roles import Role, role_holders


def _people(*roles) -> list:
    return list(role_holders(*roles))


def contract_alerts(*, today=None) -> dict:
    today = today or timezone.localdate()
    legal_and_head = _people(Role.LEGAL, Role.HEAD)
    sent = {"expiring": 0, "notice_window": 0, "invoiced": 0, "obligations": 0, "evaluations": 0}

    for c in Contract.objects.expiring(today, settings.CONTRACT_EXPIRY_ALERT_DAYS).select_related("created_by"):
        sent["expiring"] += len(notify(
            recipients=[*legal_and_head, c.created_by], title=_("Contract expiring: %(number)s"),
            body=_("%(contract)s ends on %(date)s."), params={"number": c.number, "contract": str(c),
                                                               "date": c.service_end},
            url=c.get_absolute_url(), clause="8.2.2", dedupe_key=f"contract-expiring:{c.pk}:{c.service_end}",
        ))  # fmt: skip

    for c in Contract.objects.select_related("created_by").in_notice_window(today):
        sent["notice_window"] += len(notify(
            recipients=[*legal_and_head, c.created_by], title=_("Decide on renewal or termination: %(number)s"),
            body=_("The notice period of %(days)s days before the end on %(date)s has begun (since %(opens)s)."),
            params={"number": c.number, "days": c.notice_days, "date": c.service_end, "opens": c.notice_window_opens},
            url=c.get_absolute_url(), clause="8.2.3",
            dedupe_key=f"contract-notice-window:{c.pk}:{c.service_end}:{c.notice_days}",
        ))  # fmt: skip

    percent = settings.CONTRACT_INVOICED_ALERT_PERCENT
    invoiced = (Contract.objects.in_force().filter(amount__gt=0).annotate(invoiced=Sum("invoices__amount"))
                .filter(invoiced__isnull=False))  # fmt: skip
    finance = _people(Role.FINANCE, Role.LEGAL, Role.HEAD)
    for c in invoiced:
        if c.invoiced * 100 < c.amount * Decimal(percent):
            continue
        sent["invoiced"] += len(notify(
            recipients=finance, title=_("%(percent)s %% of the contract amount invoiced: %(number)s"),
            body=_("Invoiced %(invoiced)s of %(amount)s %(currency)s."),
            params={"percent": percent, "number": c.number, "currency": c.currency,
                    "invoiced": number_format(c.invoiced, 2, force_grouping=True),
                    "amount": number_format(c.amount, 2, force_grouping=True)},
            url=c.get_absolute_url(), clause="8.2.2", dedupe_key=f"contract-invoiced:{c.pk}:{percent}:{c.amount}",
        ))  # fmt: skip

    every = settings.CONTRACT_EVALUATION_DAYS
    cutoff = today - datetime.timedelta(days=every)
    late = (Contract.objects.in_force().filter(service_start__lte=cutoff)
            .annotate(last=Max("evaluations__period_end"))
            .filter(Q(last__isnull=True) | Q(last__lt=cutoff)))  # fmt: skip
    for c in late:
        since = c.last or c.service_start
        sent["evaluations"] += len(notify(
            recipients=legal_and_head, title=_("Performance evaluation due: %(number)s"),
            body=_("The last evaluated period ended on %(date)s; evaluate the performance at least every %(days)s "
                   "days."), params={"number": c.number, "date": since, "days": every},
            url=c.get_absolute_url() + "#evaluations", clause="8.2.2",
            dedupe_key=f"contract-evaluation-due:{c.pk}:{since}",
        ))  # fmt: skip

    legal = _people(Role.LEGAL)
    overdue = Obligation.objects.overdue(today).select_related("contract", "responsible")
    for o in overdue.iterator(chunk_size=500):
        recipients = [o.responsible] if o.responsible_id else []
        sent["obligations"] += len(notify(
            recipients=[*recipients, *legal], title=_("Contract obligation overdue: %(description)s"),
            body=_("%(number)s: due on %(date)s (%(party)s)."),
            params={"description": o.description[:80], "number": o.contract.number, "date": o.due_on,
                    "party": o.get_party_display()},
            url=o.get_absolute_url(), clause="8.2.2", dedupe_key=f"obligation-overdue:{o.pk}:{o.due_on}",
        ))  # fmt: skip
    return sent
