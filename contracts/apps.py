from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    """Contract management, policy chapter 8 (issue 5)."""

    name = "contracts"
    verbose_name = _("Contracts")
