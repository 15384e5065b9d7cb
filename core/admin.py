from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from core.models import Approval, AuditEvent, ClientOrganisation, Department, Notification, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "display_name", "email", "department", "client_organisation", "is_active"]
    list_filter = ["is_active", "groups", "department", "client_organisation"]
    list_select_related = ["department", "client_organisation"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (
            _("Organisation"),
            {"fields": ("display_name", "department", "client_organisation", "phone", "language")},
        ),
    )


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_zh", "kind", "parent"]
    list_select_related = ["parent"]


@admin.register(ClientOrganisation)
class ClientOrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "contact_name", "contact_phone"]
    search_fields = ["name", "code"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records no one edits by hand: the admin may look, never add, change or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = [
        "timestamp",
        "actor_repr",
        "action",
        "content_type",
        "object_repr",
        "from_state",
        "to_state",
    ]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "actor_repr", "request_id", "comment"]
    date_hierarchy = "timestamp"
    list_select_related = ["content_type"]


@admin.register(Approval)
class ApprovalAdmin(ReadOnlyAdmin):
    list_display = ["decided_at", "step", "decision", "approver", "content_type", "object_id"]
    list_select_related = ["approver", "content_type"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "title", "read_at"]
    list_select_related = ["recipient"]
