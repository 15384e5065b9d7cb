from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """PDF reports for auditors and managers (issue 9): rendered in Celery, digested, verifiable."""

    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from reports import builders  # noqa: F401  (the reports)
