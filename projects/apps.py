from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    """The project lifecycle of policy chapter 3 (and the service side of chapter 4)."""

    name = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from projects import dashboard, indicators, workflows  # noqa: F401  (workflows, panels, risk indicators)
