"""The admin of risk: an administrator maintains the key risk indicators (thresholds, owner, 7.3.1); warnings
change only through the risk services."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from risk.models import Indicator, RiskWarning


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "metric", "direction", "warning_threshold", "critical_threshold", "active"]
    list_filter = ["active", "direction"]
    search_fields = ["code", "name"]


@admin.register(RiskWarning)
class RiskWarningAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "project", "level", "status", "latest_value", "raised_at"]
    list_filter = ["status", "level"]
