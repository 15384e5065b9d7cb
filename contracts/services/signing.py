"""Signing authorisations (8.1.1): granted and revoked by the legal representative only."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.models import Authorisation, is_legal_representative
from core.roles import require_permission as _require
from core.workflow import cite


def _require_legal_representative(actor) -> None:
    if not is_legal_representative(actor, timezone.localdate()):
        raise ValidationError(cite("8.1.1", _("only the legal representative grants or revokes signing "
                                              "authorisations.")))  # fmt: skip


@transaction.atomic
def authorisation_grant(*, actor, number: str, grantee, contract_types: list[str], max_amount, valid_from,
                        valid_until: datetime.date, scope_note: str = "") -> Authorisation:  # fmt: skip
    """Authorise a delegate to sign contracts of the given types up to an amount within the dates (8.1.1)."""
    _require(actor, "contracts.add_authorisation")
    _require_legal_representative(actor)
    if grantee is None or grantee.client_organisation_id or not grantee.is_active:
        raise ValidationError({"grantee": _("Choose an active person of the organisation.")})
    if not grantee.has_perm("contracts.sign_contract"):
        raise ValidationError({"grantee": cite("8.1.1", _("the delegate must hold the signatory role."))})
    if valid_until and valid_until < timezone.localdate():
        raise ValidationError({"valid_until": _("An authorisation that has already expired cannot be granted.")})
    authorisation = Authorisation(number=(number or "").strip(), grantee=grantee, granted_by=actor,
                                  contract_types=sorted(set(contract_types or [])), max_amount=max_amount,
                                  valid_from=valid_from, valid_until=valid_until,
                                  scope_note=(scope_note or "").strip())  # fmt: skip
    authorisation.full_clean()
    authorisation.save()
    return authorisation


@transaction.atomic
def authorisation_revoke(*, actor, pk, reason: str) -> Authorisation:
    """Revoke an authorisation from today; contracts already signed under it stay signed."""
    _require(actor, "contracts.change_authorisation")
    _require_legal_representative(actor)
    authorisation = Authorisation.objects.locked_in_scope(actor, pk)
    today = timezone.localdate()
    if authorisation.revoked_on:
        raise ValidationError(_("This authorisation was already revoked."))
    if authorisation.valid_until < today:
        raise ValidationError(_("This authorisation has already expired."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the revocation.")})
    authorisation.revoked_on, authorisation.revoked_by, authorisation.revoke_reason = today, actor, reason.strip()
    authorisation.save()
    return authorisation
