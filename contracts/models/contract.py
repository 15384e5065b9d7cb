"""The contract itself (3.1.3, 8.1): parties, key terms, structured clauses, the versions submitted for legal review
and the reviews (8.1.2). Its status moves only through ``contracts.workflows.CONTRACT_WORKFLOW``."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from contracts.choices import (
    CLIENT_FACING_STATUSES,
    ClauseKind,
    ContractStatus,
    ContractType,
    Party,
    ReviewOutcome,
)
from core.audit import AuditedModel
from core.models.attachments import attachable
from core.roles import Role, roles_of
from core.scoping import ScopedQuerySet

# The roles that deal with every contract of the organisation (legal review, signing, custody, final approval).
CONTRACT_WIDE_ROLES = frozenset({Role.LEGAL, Role.SIGNATORY, Role.EXECUTIVE, Role.AUDITOR, Role.HEAD, Role.FINANCE})


class ContractQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Legal, signatories, the head, the executive, finance and auditors see every contract; other staff who deal
        with contracts see those of the projects in their scope; a client sees its own signed (and later
        terminated) contracts only."""
        from projects.models import Project

        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self.all()
        roles = roles_of(user)
        if user.client_organisation_id:
            if Role.CLIENT not in roles:
                return self.none()
            return self.filter(client_id=user.client_organisation_id, status__in=CLIENT_FACING_STATUSES)
        if not user.has_perm("contracts.view_contract"):
            return self.none()
        if roles & CONTRACT_WIDE_ROLES:
            return self.all()
        return self.filter(project__in=Project.objects.visible_to(user).values("pk"))

    def attachments_q(self, user):
        """Which contract files ``user`` may open (a filter on Attachment): a contract's file is internal, so staff
        who see the contract see it and clients never do; the archived electronic copy is reached through the
        archive only (8.3.1)."""
        from contracts.models import ArchiveRecord
        from core.models.attachments import owner_ids

        if not getattr(user, "is_authenticated", False) or user.client_organisation_id:
            return models.Q(pk__in=[])
        q = models.Q(object_id__in=owner_ids(self.visible_to(user)))
        if not user.has_perm("contracts.view_archiverecord"):
            q &= ~models.Q(pk__in=ArchiveRecord.objects.filter(electronic_copy__isnull=False)
                           .values("electronic_copy"))  # fmt: skip
        return q

    def in_force(self):
        """Signed original contracts: an amendment, once signed, lives on in the terms of its original."""
        return self.filter(status=ContractStatus.SIGNED, amends__isnull=True)

    def expiring(self, today, days: int):
        """Contracts in force whose service period ends within ``days`` from ``today`` (8.2.2)."""
        import datetime

        return self.in_force().filter(service_end__gte=today, service_end__lte=today + datetime.timedelta(days=days))

    def in_notice_window(self, today):
        """Signed contracts whose notice window has opened and whose service period has not ended yet: renewal or
        termination must be decided now (8.2.3)."""
        import datetime

        horizon = today + datetime.timedelta(days=MAX_NOTICE_DAYS)
        candidates = self.in_force().filter(service_end__gte=today, service_end__lte=horizon)
        return [c for c in candidates if c.notice_window_opens <= today]


MAX_NOTICE_DAYS = 365


@attachable
class Contract(AuditedModel):
    """A contract with the client (3.1.3, 8.1): parties, service content, fee standard and payment terms, service
    period, rights and obligations (as structured clauses), acceptance conditions, notice period and amount. An
    amendment is itself a contract that ``amends`` the original and goes through the same review and approval
    (8.2.3); when it is signed its terms replace the original's."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.PROTECT, related_name="contracts"
    )
    number = models.CharField(_("contract number"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    contract_type = models.CharField(
        _("contract type"), max_length=20, choices=ContractType.choices, default=ContractType.SERVICE
    )
    amends = models.ForeignKey(
        "self", verbose_name=_("amends"), null=True, blank=True, on_delete=models.PROTECT, related_name="amendments"
    )
    client = models.ForeignKey(
        "core.ClientOrganisation", verbose_name=_("client party"), on_delete=models.PROTECT, related_name="contracts"
    )
    our_party = models.CharField(_("our party"), max_length=200, default=settings.ORGANISATION_NAME)
    service_content = models.TextField(_("service content"), blank=True)
    fee_standard = models.TextField(_("fee standard"), blank=True)
    payment_terms = models.TextField(_("payment terms"), blank=True)
    amount = models.DecimalField(
        _("contract amount"), max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )  # fmt: skip
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    service_start = models.DateField(_("service period from"), null=True, blank=True)
    service_end = models.DateField(_("service period to"), null=True, blank=True)
    rights_obligations = models.TextField(
        _("rights and obligations"), blank=True, help_text=_("A summary; the clauses below state them one by one.")
    )
    acceptance_conditions = models.TextField(
        _("acceptance conditions"), blank=True, help_text=_("When the project is due for acceptance (3.5.1).")
    )
    notice_days = models.PositiveSmallIntegerField(
        _("notice period (days)"), default=90, validators=[MaxValueValidator(MAX_NOTICE_DAYS)],
        help_text=_("How long before the end of the service period renewal or termination must be decided."),
    )  # fmt: skip
    response_hours = models.PositiveSmallIntegerField(
        _("first-response limit (hours)"), null=True, blank=True,
        help_text=_("How soon a client request gets its first response (4.2.3); empty: the default of 24 hours."),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=20, choices=ContractStatus.choices, default=ContractStatus.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(_("version"), default=0, help_text=_("The last version submitted."))
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed for us by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    signed_under = models.ForeignKey(
        "contracts.Authorisation", verbose_name=_("signed under authorisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="contracts_signed",
        help_text=_("Empty when the legal representative signed in person."),
    )  # fmt: skip
    client_signatory = models.CharField(_("signed for the client by"), max_length=120, blank=True)
    client_signed_on = models.DateField(_("the client signed on"), null=True, blank=True)
    signed_copy = models.ForeignKey(
        "core.Attachment", verbose_name=_("signed copy"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.TextField(_("reason for termination"), blank=True)
    termination_basis = models.TextField(
        _("legal basis"), blank=True, help_text=_("The contract clause or the law that allows the termination.")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("sign_contract", _("Sign a contract on behalf of the organisation")),
            ("review_contract", _("Review a contract for the legal department")),
            ("approve_contract", _("Approve a contract as department head")),
            ("approve_contract_final", _("Approve a contract as executive")),
            ("terminate_contract", _("Terminate a contract")),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("contracts:detail", args=[self.pk])

    def clean(self):
        if self.service_start and self.service_end and self.service_end < self.service_start:
            raise ValidationError({"service_end": _("The service period cannot end before it starts.")})
        if self.project_id and self.client_id and self.project.client_id != self.client_id:
            raise ValidationError({"client": _("The client party must be the project's client.")})
        if self.amends_id and self.amends.amends_id:
            raise ValidationError({"amends": _("Amend the original contract, not an amendment.")})

    KEY_TERMS = ("service_content", "fee_standard", "payment_terms", "service_start", "service_end")

    @property
    def missing_key_terms(self) -> list[str]:
        """The key terms 3.1.3 names that are still empty (field verbose names). Rights and obligations count as
        stated when the summary or at least one clause states them."""
        missing = [str(self._meta.get_field(f).verbose_name) for f in self.KEY_TERMS if not getattr(self, f)]
        if not self.rights_obligations.strip() and not (self.pk and self.clauses.exists()):
            missing.append(str(self._meta.get_field("rights_obligations").verbose_name))
        return missing

    @property
    def notice_window_opens(self):
        """The day from which renewal or termination must be decided (service end minus the notice period)."""
        if not self.service_end:
            return None
        import datetime

        return self.service_end - datetime.timedelta(days=self.notice_days)

    def needs_executive(self) -> bool:
        """8.1.3: at or above the configured amount the executive approves after the department head."""
        return self.amount is not None and self.amount >= settings.CONTRACT_EXECUTIVE_APPROVAL_FROM

    def terms(self) -> dict:
        """The terms as plain values, for a version snapshot or for applying an amendment."""
        from core.audit import _json_value

        return {f: _json_value(getattr(self, f)) for f in TERM_FIELDS}


# The fields that make up a contract's terms: what a draft edit, a version and an amendment carry.
TERM_FIELDS = (
    "title", "contract_type", "service_content", "fee_standard", "payment_terms", "amount", "service_start",
    "service_end", "rights_obligations", "acceptance_conditions", "notice_days", "response_hours",
)  # fmt: skip


class _ByContractQuerySet(ScopedQuerySet):
    """Records that belong to one contract are visible exactly when their contract is."""

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(contract__in=Contract.objects.visible_to(user).values("pk"))


class ContractClause(AuditedModel):
    """One clause of the rights and obligations, numbered, with the party it binds or benefits (3.1.3)."""

    contract = models.ForeignKey(Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="clauses")
    position = models.PositiveSmallIntegerField(_("number"))
    party = models.CharField(_("party"), max_length=10, choices=Party.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=ClauseKind.choices)
    text = models.TextField(_("text"))

    objects = _ByContractQuerySet.as_manager()

    class Meta:
        verbose_name = _("contract clause")
        verbose_name_plural = _("contract clauses")
        ordering = ["contract", "position", "id"]

    def __str__(self) -> str:
        return f"{self.contract.number} §{self.position}"


class ContractVersion(models.Model):
    """The terms as submitted for legal review (versioned drafts, 8.1.2): what the reviewer read."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    terms = models.JSONField(_("terms"))
    clauses = models.JSONField(_("clauses"), default=list)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = _ByContractQuerySet.as_manager()

    class Meta:
        verbose_name = _("contract version")
        verbose_name_plural = _("contract versions")
        ordering = ["contract", "-number"]
        constraints = [models.UniqueConstraint(fields=["contract", "number"], name="contract_version_unique")]

    def __str__(self) -> str:
        return f"{self.contract.number} v{self.number}"


class LegalReview(models.Model):
    """The legal department's review of one version (8.1.2): lawful, rights and obligations clear, risk
    controlled; the opinion and, when returned, the changes required."""

    contract = models.ForeignKey(Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="reviews")
    version = models.PositiveIntegerField(_("version"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=ReviewOutcome.choices)
    lawful = models.BooleanField(_("lawful and compliant"), default=False)
    obligations_clear = models.BooleanField(_("rights and obligations clear"), default=False)
    risk_controlled = models.BooleanField(_("risk controlled"), default=False)
    opinion = models.TextField(_("opinion"))
    required_changes = models.TextField(_("required changes"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), auto_now_add=True)

    objects = _ByContractQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal review")
        verbose_name_plural = _("legal reviews")
        ordering = ["contract", "-reviewed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.contract.number} v{self.version}: {self.get_outcome_display()}"

    @property
    def findings(self) -> list[tuple[bool, str]]:
        """The three findings of 8.1.2, each (holds, label)."""
        return [
            (self.lawful, _("Lawful and compliant")),
            (self.obligations_clear, _("Rights and obligations are clear")),
            (self.risk_controlled, _("Risk is controlled")),
        ]
