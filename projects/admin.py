from django.contrib import admin

from projects.models import Project, ProjectMember


class ProjectMemberInline(admin.TabularInline):
    model = ProjectMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "client", "stage", "stage_entered_at"]
    list_filter = ["stage", "client"]
    search_fields = ["code", "name"]
    list_select_related = ["client"]
    readonly_fields = ["stage", "stage_entered_at"]  # only the stage workflow moves a project
    inlines = [ProjectMemberInline]
