"""Core Celery tasks: thin, idempotent, taking ids."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from core.jobs import describe_job, run_recorded


@shared_task(name="core.tasks.send_notification_emails", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail the given notifications that have not been e-mailed yet; returns how many were sent."""
    from core.models import Notification

    sent = 0
    for pk in notification_ids:
        with transaction.atomic():
            n = (
                Notification.objects.select_for_update(of=("self",))
                .select_related("recipient")
                .filter(pk=pk, emailed_at__isnull=True)
                .first()
            )
            if n is None or not n.recipient.email:
                continue
            link = f"{settings.SITE_URL.rstrip('/')}{n.url}" if n.url else ""
            body = "\n\n".join(part for part in (n.body, link) if part)
            send_mail(f"[{settings.SITE_NAME}] {n.title}", body, None, [n.recipient.email])
            n.emailed_at = timezone.now()
            n.save(update_fields=["emailed_at"])
            sent += 1
    return sent


@shared_task(name="core.tasks.ping")
def ping(value: str) -> str:
    """A trivial task used to prove the broker → worker path (health checks, tests)."""
    from django.core.cache import cache

    cache.set(f"ping:{value}", "pong", 300)
    return value


describe_job(
    "core.tasks.seal_audit_trail", title=gettext_lazy("Seal the audit trail into its hash chain"), clause="1.1"
)


@shared_task(name="core.tasks.seal_audit_trail")
def seal_audit_trail(requested_by_id: int | None = None) -> dict:
    """Append the audit events committed since the last run to the hash chain (core.chain); idempotent."""
    from core import chain

    return run_recorded("core.tasks.seal_audit_trail", lambda: {"events_sealed": chain.seal()},
                        requested_by_id=requested_by_id)  # fmt: skip
