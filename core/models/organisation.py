"""The organisation of policy chapter 2: the department, its groups, the other departments, clients, users."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.scoping import ScopedQuerySet


class DepartmentKind(models.TextChoices):
    MANAGED_OPERATIONS = "managed_operations", _("Managed-operations department")
    WORKING_GROUP = "working_group", _("Working group")
    MARKET = "market", _("Market department")
    HR = "hr", _("Human resources department")
    FINANCE = "finance", _("Finance department")
    LEGAL = "legal", _("Legal department")
    MANAGEMENT = "management", _("Management")


class DepartmentQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        # The organisation chart is not confidential inside the organisation; clients do not see it.
        if not getattr(user, "is_authenticated", False) or user.client_organisation_id:
            return self.none()
        return self.all()


class Department(models.Model):
    """A department, or a working group inside the managed-operations department (2.1): planning, service, quality."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120)
    kind = models.CharField(_("kind"), max_length=30, choices=DepartmentKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="groups",
    )
    clause = models.CharField(_("policy clause"), max_length=10, blank=True, help_text=_("Where the policy defines it"))

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        return self.name_zh if (get_language() or "").startswith("zh") else self.name_en


class ClientOrganisationQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.client_organisation_id:
            return self.filter(pk=user.client_organisation_id)
        if user.is_superuser or user.has_perm("core.view_clientorganisation"):
            return self.all()
        return self.none()


class ClientOrganisation(models.Model):
    """A client of the managed-operations business (3.1.1): the party we contract with and serve."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ClientOrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("client organisation")
        verbose_name_plural = _("client organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UserQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Staff see the organisation's people; a client sees the people of its own organisation only."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.client_organisation_id:
            return self.filter(client_organisation_id=user.client_organisation_id)
        return self.all()


class ScopedUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person who signs in: staff of the organisation (with one or more roles) or a client's user.

    A client user belongs to exactly one client organisation and sees only its records.
    """

    display_name = models.CharField(_("display name"), max_length=120, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    client_organisation = models.ForeignKey(
        ClientOrganisation,
        verbose_name=_("client organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=10,
        blank=True,
        choices=[("zh-hans", "简体中文"), ("en", "English")],
    )

    objects = ScopedUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def is_client(self) -> bool:
        return self.client_organisation_id is not None

    @property
    def roles(self) -> frozenset[str]:
        from core.roles import roles_of

        return roles_of(self)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & {str(r) for r in roles})
