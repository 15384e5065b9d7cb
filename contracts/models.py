"""Contracts (policy ch. 8). This first record carries the key terms that 3.1.3 requires and the signed state;
legal review, the approval flow, authorisations, performance, change and archive arrive with the contracts issue."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from contracts.choices import ContractStatus
from core.audit import AuditedModel
from core.models.attachments import attachable
from core.roles import Role, roles_of
from core.scoping import ScopedQuerySet


class ContractQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """A contract follows its project's scope for staff who deal with contracts; the client sees its own
        signed contracts; legal and signatories see every contract."""
        from projects.models import Project

        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self.all()
        roles = roles_of(user)
        if user.client_organisation_id:
            if Role.CLIENT not in roles:
                return self.none()
            return self.filter(client_id=user.client_organisation_id, status=ContractStatus.SIGNED)
        if roles & {Role.LEGAL, Role.SIGNATORY}:
            return self.all()
        if not user.has_perm("contracts.view_contract"):
            return self.none()
        return self.filter(project__in=Project.objects.visible_to(user).values("pk"))


@attachable
class Contract(AuditedModel):
    """A managed-operations service contract with the client (3.1.3, 8.1): parties, service content, fee standard,
    service period, rights and obligations. Its status moves only through ``contracts.workflows``."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.PROTECT, related_name="contracts"
    )
    number = models.CharField(_("contract number"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    client = models.ForeignKey(
        "core.ClientOrganisation", verbose_name=_("client party"), on_delete=models.PROTECT, related_name="contracts"
    )
    our_party = models.CharField(_("our party"), max_length=200, default=settings.ORGANISATION_NAME)
    service_content = models.TextField(_("service content"), blank=True)
    fee_standard = models.TextField(_("fee standard"), blank=True)
    amount = models.DecimalField(_("contract amount"), max_digits=14, decimal_places=2, null=True, blank=True)
    service_start = models.DateField(_("service period from"), null=True, blank=True)
    service_end = models.DateField(_("service period to"), null=True, blank=True)
    rights_obligations = models.TextField(_("rights and obligations"), blank=True)
    response_hours = models.PositiveSmallIntegerField(
        _("first-response limit (hours)"), null=True, blank=True,
        help_text=_("How soon a client request gets its first response (4.2.3); empty: the default of 24 hours."),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=20, choices=ContractStatus.choices, default=ContractStatus.DRAFT, db_index=True
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed for us by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    client_signatory = models.CharField(_("signed for the client by"), max_length=120, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-created_at", "-id"]
        permissions = [("sign_contract", _("Sign a contract on behalf of the organisation"))]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("contracts:detail", args=[self.pk])

    def clean(self):
        if self.service_start and self.service_end and self.service_end < self.service_start:
            raise ValidationError({"service_end": _("The service period cannot end before it starts.")})
        if self.project_id and self.client_id and self.project.client_id != self.client_id:
            raise ValidationError({"client": _("The client party must be the project's client.")})

    @property
    def missing_key_terms(self) -> list[str]:
        """The key terms 3.1.3 names that are still empty (field verbose names)."""
        required = ["service_content", "fee_standard", "service_start", "service_end", "rights_obligations"]
        return [str(self._meta.get_field(f).verbose_name) for f in required if not getattr(self, f)]
