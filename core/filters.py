"""Filters of core lists (pages and API share them)."""

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from core.lookup import LookupField
from core.models import AuditEvent, User
from core.models.audit import AuditAction
from core.widgets import DateInput


class LookupFilter(django_filters.ModelChoiceFilter):
    """A ``ModelChoiceFilter`` chosen by typing (``core.lookup.LookupField``); still accepts an id."""

    field_class = LookupField


class AuditEventFilter(django_filters.FilterSet):
    actor = LookupFilter(label=_("Actor"), queryset=User.objects.order_by("username"), kind="people")
    action = django_filters.ChoiceFilter(label=_("Action"), choices=AuditAction.choices)
    content_type = django_filters.ModelChoiceFilter(
        label=_("Record type"),
        queryset=ContentType.objects.filter(
            app_label__in=["core", "projects", "contracts", "finance", "risk", "staff"]
        ).order_by("app_label", "model"),
    )
    object_id = django_filters.CharFilter(label=_("Record id"))
    date_from = django_filters.DateFilter(
        label=_("From date"), field_name="timestamp", lookup_expr="date__gte", widget=DateInput()
    )
    date_to = django_filters.DateFilter(
        label=_("To date"), field_name="timestamp", lookup_expr="date__lte", widget=DateInput()
    )
    q = django_filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        model = AuditEvent
        fields = ["actor", "action", "content_type", "object_id", "date_from", "date_to", "q"]

    def search(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(
            Q(object_repr__icontains=value)
            | Q(comment__icontains=value)
            | Q(actor_repr__icontains=value)
            | Q(request_id=value)
        )
