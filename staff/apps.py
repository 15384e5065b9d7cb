from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    """Staff management, policy chapter 5."""

    name = "staff"
    verbose_name = _("Staff")

    def ready(self) -> None:
        from staff import dashboard, indicators, workflows  # noqa: F401  (panel, risk indicator, workflows)
