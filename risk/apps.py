from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    """Risk management, policy chapter 7 (issue 7)."""

    name = "risk"
    verbose_name = _("Risk")

    def ready(self) -> None:
        from risk import dashboard, workflows  # noqa: F401  (the dashboard panels, the response workflow)
