"""Notifying people: an in-app notification now (in the caller's transaction), an e-mail after commit."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation

from core.models import Notification


def _render(text, params: dict) -> str:
    if not text:
        return ""
    rendered = str(text)
    if params:
        rendered = rendered % {k: str(v) for k, v in params.items()}
    return rendered


def notify(
    *,
    recipients: Iterable,
    title,
    body="",
    params: dict | None = None,
    url: str = "",
    clause: str = "",
    dedupe_key: str | None = None,
) -> list[Notification]:
    """Notify each recipient in their own language. With ``dedupe_key``, a recipient is notified at most once
    for that key, however often this is called (scheduled reminders rely on it)."""
    params = params or {}
    created: list[Notification] = []
    seen: set[int] = set()
    for user in recipients:
        if user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        if dedupe_key and Notification.objects.filter(recipient=user, dedupe_key=dedupe_key).exists():
            continue
        with translation.override(user.language or settings.LANGUAGE_CODE):
            values = {
                "recipient": user,
                "title": _render(title, params)[:200],
                "body": _render(body, params),
                "url": url,
                "clause": clause,
                "dedupe_key": dedupe_key,
            }
        try:
            with transaction.atomic():
                created.append(Notification.objects.create(**values))
        except IntegrityError:  # a concurrent run stored the same dedupe_key first
            continue
    ids = [n.pk for n in created if n.recipient.email]
    if ids:
        from core.tasks import send_notification_emails

        transaction.on_commit(lambda: send_notification_emails.delay(ids))
    return created


def notification_mark_read(*, user, pks: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (all unread ones, or ``pks``) as read; returns how many changed."""
    from django.utils import timezone

    qs = Notification.objects.visible_to(user).unread()
    if pks is not None:
        qs = qs.filter(pk__in=list(pks))
    return qs.update(read_at=timezone.now())
