from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    """Contract management, policy chapter 8."""

    name = "contracts"
    verbose_name = _("Contracts")

    def ready(self) -> None:
        from contracts import dashboard, workflows  # noqa: F401  (the contract workflow, the dashboard panels)
