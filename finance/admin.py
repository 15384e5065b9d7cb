"""The admin of finance: an administrator maintains the categories (allowed scope and standard limits, 6.3.1);
budgets, costs and claims change only through the finance services."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from finance.models import Budget, FinanceCategory


@admin.register(FinanceCategory)
class FinanceCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_zh", "kind", "standard_limit", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["code", "name", "name_zh"]


@admin.register(Budget)
class BudgetAdmin(ReadOnlyAdmin):
    list_display = ["year", "project", "department", "status", "version"]
    list_filter = ["year", "status"]
