from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Users, roles, organisation, audit trail, workflow and approval machinery, notifications (policy ch. 1–2)."""

    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from core import checks, signals  # noqa: F401  (register system checks and audit signal handlers)
        from core.policy import registry

        registry.load()
        # After each app's permissions are (re)created — by migrate, or by a test flush — make the role groups
        # hold exactly that app's part of ROLE_PERMISSIONS.
        post_migrate.connect(_sync_roles_after_migrate, dispatch_uid="core.sync_roles")


def _sync_roles_after_migrate(sender, **kwargs):
    from core.roles import sync_roles

    sync_roles(app_label=sender.label)
