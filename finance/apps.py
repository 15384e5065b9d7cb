from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    """Financial management, policy chapter 6 (issue 6)."""

    name = "finance"
    verbose_name = _("Finance")

    def ready(self) -> None:
        from finance import dashboard, indicators, workflows  # noqa: F401  (workflows, panels, early-warning metrics)
