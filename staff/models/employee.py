"""Employees (ch. 5): each linked to a user account, with department and group, position, hire date and manager."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.audit import AuditedModel
from core.roles import Role, roles_of
from core.scoping import ScopedQuerySet
from staff.choices import EmployeeStatus

# Roles that see every employee's records (DESIGN: HR keeps the staff records; the head, the executive and
# auditors read them).
STAFF_WIDE = frozenset({Role.HR, Role.HEAD, Role.EXECUTIVE, Role.AUDITOR})


def sees_all_staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and not user.client_organisation_id and (
        user.is_superuser or bool(roles_of(user) & STAFF_WIDE))  # fmt: skip


class EmployeeQuerySet(ScopedQuerySet):
    # the path from a record to its employee ("" for the employee itself)
    employee_path = ""

    def visible_to(self, user):
        """HR, the head, the executive and auditors see all staff records; a manager those of the people reporting
        to them; an employee only its own; clients nothing."""
        if not getattr(user, "is_authenticated", False) or user.client_organisation_id:
            return self.none()
        if sees_all_staff(user):
            return self.all()
        p = self.employee_path
        return self.filter(Q(**{f"{p}user": user}) | Q(**{f"{p}manager": user}))


class ByEmployeeQuerySet(EmployeeQuerySet):
    employee_path = "employee__"


class Employee(AuditedModel):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user account"), on_delete=models.PROTECT,
                                related_name="employee")  # fmt: skip
    number = models.CharField(_("employee number"), max_length=20, unique=True)
    department = models.ForeignKey("core.Department", verbose_name=_("department"), on_delete=models.PROTECT,
                                   related_name="+")  # fmt: skip
    group = models.ForeignKey("core.Department", verbose_name=_("group"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")  # fmt: skip
    position = models.CharField(_("position"), max_length=120)
    hire_date = models.DateField(_("hire date"))
    manager = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("manager"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="reports")  # fmt: skip
    status = models.CharField(_("status"), max_length=10, choices=EmployeeStatus.choices,
                              default=EmployeeStatus.ACTIVE, db_index=True)  # fmt: skip
    left_on = models.DateField(_("left on"), null=True, blank=True)

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} {self.user}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("staff:employee", args=[self.pk])
