from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    """Staff management, policy chapter 5 (issue 8)."""

    name = "staff"
    verbose_name = _("Staff")
