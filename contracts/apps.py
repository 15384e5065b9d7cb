from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    """Contract management, policy chapter 8."""

    name = "contracts"
    verbose_name = _("Contracts")

    def ready(self) -> None:
        from contracts import dashboard, indicators, workflows  # noqa: F401  (workflow, panels, risk indicator)
        from contracts.services.archive import log_copy_download
        from core.models.attachments import attachment_served

        attachment_served.connect(log_copy_download, dispatch_uid="contracts.archive.log_copy_download")
