"""Scoping: one ``visible_to(user)`` per model, used by every page, API endpoint, export and task.

Every model whose records a person reads has a queryset class derived from ``ScopedQuerySet`` and implements
``visible_to``. Views and viewsets never start from ``Model.objects.all()``; they start from
``Model.objects.visible_to(request.user)``. Writes re-check the scope inside their transaction with
``locked_in_scope``, so a record that left the user's scope between the page load and the POST cannot be changed.
"""

from __future__ import annotations

from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows which rows a user may see."""

    def visible_to(self, user):  # pragma: no cover - every subclass overrides it
        raise NotImplementedError(f"{self.model.__name__} must define visible_to(user)")

    def locked_in_scope(self, user, pk):
        """The row ``pk`` locked FOR UPDATE, if and only if ``user`` may see it; else 404.

        Call inside ``transaction.atomic()``.
        """
        try:
            return self.visible_to(user).select_for_update(of=("self",)).get(pk=pk)
        except self.model.DoesNotExist as exc:
            raise Http404(_("No such record in your scope.")) from exc


def is_staff_user(user) -> bool:
    """An authenticated person of the organisation (not a client's user)."""
    return bool(getattr(user, "is_authenticated", False)) and not user.client_organisation_id


def sees_everything(user) -> bool:
    """Superusers see every record; they are the system's administrators."""
    return bool(getattr(user, "is_authenticated", False)) and user.is_superuser
