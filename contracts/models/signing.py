"""Who may sign (8.1.1): the organisation's legal representative, or a delegate holding a valid authorisation the
legal representative granted, within its scope (contract types, maximum amount, validity dates)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from contracts.choices import ContractType
from core.audit import AuditedModel
from core.roles import Role, roles_of
from core.scoping import ScopedQuerySet


class LegalRepresentativeQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False) or user.client_organisation_id:
            return self.none()
        return self.all() if user.has_perm("contracts.view_authorisation") else self.none()

    def on(self, day: datetime.date):
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day), valid_from__lte=day)


class LegalRepresentative(AuditedModel):
    """Who was the organisation's legal representative (法定代表人) and when. Recorded by an administrator."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("legal representative"), on_delete=models.PROTECT, related_name="+"
    )
    valid_from = models.DateField(_("in office from"))
    valid_until = models.DateField(_("in office until"), null=True, blank=True)

    objects = LegalRepresentativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal representative")
        verbose_name_plural = _("legal representatives")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return str(self.user)

    def clean(self):
        if self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The period cannot end before it starts.")})


def is_legal_representative(user, day: datetime.date) -> bool:
    return LegalRepresentative.objects.on(day).filter(user=user).exists()


class AuthorisationQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Signatories, legal, the head, the executive and auditors see every authorisation; anyone else sees those
        granted to them."""
        if not getattr(user, "is_authenticated", False) or user.client_organisation_id:
            return self.none()
        if user.is_superuser or (roles_of(user) & {Role.SIGNATORY, Role.LEGAL, Role.HEAD, Role.EXECUTIVE,
                                                   Role.AUDITOR}):  # fmt: skip
            return self.all() if user.has_perm("contracts.view_authorisation") else self.filter(grantee=user)
        return self.filter(grantee=user)

    def valid_on(self, day: datetime.date):
        return self.filter(valid_from__lte=day, valid_until__gte=day).filter(
            Q(revoked_on__isnull=True) | Q(revoked_on__gt=day)
        )


class Authorisation(AuditedModel):
    """A signing authorisation (授权委托书) from the legal representative to a delegate (8.1.1)."""

    number = models.CharField(_("authorisation number"), max_length=40, unique=True)
    grantee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("delegate"), on_delete=models.PROTECT,
        related_name="signing_authorisations",
    )  # fmt: skip
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("granted by"), on_delete=models.PROTECT, related_name="+"
    )
    contract_types = models.JSONField(_("contract types"), default=list)
    max_amount = models.DecimalField(
        _("maximum amount"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    scope_note = models.TextField(_("scope and conditions"), blank=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("revoked by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    revoke_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = AuthorisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("signing authorisation")
        verbose_name_plural = _("signing authorisations")
        ordering = ["-valid_until", "-id"]

    def __str__(self) -> str:
        return f"{self.number} · {self.grantee}"

    def clean(self):
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The authorisation cannot end before it starts.")})
        unknown = set(self.contract_types or []) - set(ContractType.values)
        if unknown or not self.contract_types:
            raise ValidationError({"contract_types": _("Choose at least one contract type.")})

    def contract_type_labels(self) -> list[str]:
        return [str(ContractType(t).label) for t in self.contract_types if t in ContractType.values]

    def status_on(self, day: datetime.date) -> str:
        if self.revoked_on and self.revoked_on <= day:
            return "revoked"
        if day < self.valid_from:
            return "pending"
        if day > self.valid_until:
            return "expired"
        return "valid"

    def refusal(self, contract, day: datetime.date) -> str | None:
        """Why this authorisation does not cover signing ``contract`` on ``day``, or None when it does."""
        status = self.status_on(day)
        if status == "revoked":
            return gettext("authorisation %(number)s was revoked on %(date)s.") % {
                "number": self.number, "date": date_format(self.revoked_on)}  # fmt: skip
        if status == "expired":
            return gettext("authorisation %(number)s expired on %(date)s.") % {
                "number": self.number, "date": date_format(self.valid_until)}  # fmt: skip
        if status == "pending":
            return gettext("authorisation %(number)s is valid only from %(date)s.") % {
                "number": self.number, "date": date_format(self.valid_from)}  # fmt: skip
        if contract.contract_type not in self.contract_types:
            return gettext("authorisation %(number)s does not cover %(type)s contracts.") % {
                "number": self.number, "type": contract.get_contract_type_display()}  # fmt: skip
        if contract.amount is not None and contract.amount > self.max_amount:
            return gettext("authorisation %(number)s covers amounts up to %(max)s; this contract is %(amount)s.") % {
                "number": self.number, "max": number_format(self.max_amount, 2, force_grouping=True),
                "amount": number_format(contract.amount, 2, force_grouping=True)}  # fmt: skip
        return None


def signing_authority(user, contract, *days: datetime.date) -> tuple[Authorisation | None, str | None]:
    """(the authorisation to sign under, the refusal) on every one of ``days``. Both None: ``user`` is the legal
    representative on all of them. One authorisation must cover all the days. A refusal names the closest
    authorisation's problem, or says there is none."""
    if all(is_legal_representative(user, day) for day in days):
        return None, None
    refusals = []
    for authorisation in Authorisation.objects.filter(grantee=user).order_by("-valid_until", "-id"):
        problem = next((p for p in (authorisation.refusal(contract, day) for day in days) if p), None)
        if problem is None:
            return authorisation, None
        refusals.append(problem)
    if refusals:
        return None, refusals[0]
    return None, gettext("you are neither the legal representative nor the holder of a signing authorisation.")
