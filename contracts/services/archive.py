"""Archive and custody (8.3.1): archiving a signed contract, logging every access, borrowing the original."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.choices import AccessKind, BorrowingStatus, ContractStatus
from contracts.models import ArchiveAccess, ArchiveRecord, Borrowing, Contract
from core.models import Attachment
from core.models.attachments import attachment_add
from core.roles import require_permission as _require
from core.workflow import cite


def access_log(*, record: ArchiveRecord, user, kind: str, note: str = "") -> ArchiveAccess:
    """Log one access to an archived contract (8.3.1)."""
    return ArchiveAccess.objects.create(record=record, user=user, kind=kind, note=note[:300])


def log_copy_download(sender, attachment, user, **kwargs) -> None:
    """An archived contract's electronic copy served through its attachment link is an access too (8.3.1)."""
    record = ArchiveRecord.objects.filter(electronic_copy=attachment).first()
    if record is not None:
        access_log(record=record, user=user, kind=AccessKind.DOWNLOAD, note=attachment.name)


@transaction.atomic
def contract_archive(*, actor, pk, archive_number: str, location: str, custodian, upload=None,
                     attachment_pk=None) -> ArchiveRecord:  # fmt: skip
    """Archive a signed contract (8.3.1): its archive number, where the original is kept, the electronic copy (an
    uploaded scan, or one of the contract's documents, by default the signed copy) and the custodian."""
    _require(actor, "contracts.add_archiverecord")
    contract = Contract.objects.locked_in_scope(actor, pk)
    if contract.status not in (ContractStatus.SIGNED, ContractStatus.TERMINATED):
        raise ValidationError(cite("8.3.1", _("a contract is archived once it is signed.")))
    if ArchiveRecord.objects.filter(contract=contract).exists():
        raise ValidationError(cite("8.3.1", _("this contract is already archived.")))
    if custodian is None or custodian.client_organisation_id or not custodian.is_active \
            or not custodian.has_perm("contracts.change_archiverecord"):  # fmt: skip
        raise ValidationError({"custodian": cite("8.3.1", _("the custodian must be a person designated to keep "
                                                            "the archive."))})  # fmt: skip
    if upload is not None:
        copy = attachment_add(actor=actor, obj=contract, upload=upload, description=_("Archived electronic copy"))
    elif attachment_pk:
        copy = Attachment.objects.for_object(contract).filter(pk=attachment_pk).first()
        if copy is None:
            raise ValidationError({"upload": _("Choose one of this contract's documents.")})
    else:
        copy = contract.signed_copy
    if copy is None:
        raise ValidationError({"upload": cite("8.3.1", _("the electronic copy is missing: upload the signed scan."))})
    record = ArchiveRecord(contract=contract, archive_number=(archive_number or "").strip(),
                           location=(location or "").strip(), electronic_copy=copy, custodian=custodian,
                           archived_by=actor)  # fmt: skip
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def borrowing_request(*, actor, record_pk, purpose: str, due_back) -> Borrowing:
    """Ask to borrow the original of an archived contract (8.3.1)."""
    _require(actor, "contracts.add_borrowing")
    record = ArchiveRecord.objects.locked_in_scope(actor, record_pk)
    if due_back is None or due_back < timezone.localdate():
        raise ValidationError({"due_back": _("The return date cannot be in the past.")})
    if Borrowing.objects.filter(record=record, borrower=actor, status=BorrowingStatus.REQUESTED).exists():
        raise ValidationError(_("You already asked to borrow this contract; wait for the custodian's decision."))
    borrowing = Borrowing(record=record, borrower=actor, purpose=(purpose or "").strip(), due_back=due_back)
    borrowing.full_clean()
    borrowing.save()
    access_log(record=record, user=actor, kind=AccessKind.BORROW_REQUEST, note=borrowing.purpose)
    _notify_custodian(record, actor, borrowing)
    return borrowing


def _notify_custodian(record: ArchiveRecord, actor, borrowing: Borrowing) -> None:
    from django.utils.translation import gettext_lazy

    from core.notifications import notify

    notify(recipients=[record.custodian] if record.custodian_id != actor.pk else [],
           title=gettext_lazy("%(borrower)s asks to borrow %(number)s"), body=gettext_lazy("Purpose: %(purpose)s"),
           params={"borrower": str(actor), "number": record.contract.number, "purpose": borrowing.purpose},
           url=record.get_absolute_url(), clause="8.3.1")  # fmt: skip


def _borrowing(actor, record_pk, borrowing_pk, permission: str) -> Borrowing:
    _require(actor, permission)
    record = ArchiveRecord.objects.locked_in_scope(actor, record_pk)
    custodian = record.custodian
    if custodian.pk != actor.pk and custodian.is_active and not actor.is_superuser:
        raise ValidationError(cite("8.3.1", _("the original is lent and taken back by its custodian, %(name)s.")
                                   % {"name": custodian}))  # fmt: skip
    borrowing = Borrowing.objects.select_for_update().filter(record=record, pk=borrowing_pk).first()
    if borrowing is None:
        raise ValidationError(_("No such borrowing of this contract."))
    return borrowing


@transaction.atomic
def borrowing_decide(*, actor, record_pk, borrowing_pk, lend: bool, note: str = "") -> Borrowing:
    """The custodian lends the original out, or refuses (with a reason). One borrower at a time."""
    borrowing = _borrowing(actor, record_pk, borrowing_pk, "contracts.decide_borrowing")
    if borrowing.status != BorrowingStatus.REQUESTED:
        raise ValidationError(cite("8.3.1", _("this request was already decided.")))
    if not lend and not (note or "").strip():
        raise ValidationError({"note": _("Give the reason for the refusal.")})
    if lend and Borrowing.objects.filter(record_id=record_pk, status=BorrowingStatus.LENT).exists():
        raise ValidationError(cite("8.3.1", _("the original is lent out; it must be returned first.")))
    borrowing.status = BorrowingStatus.LENT if lend else BorrowingStatus.REFUSED
    borrowing.decided_by, borrowing.decided_at = actor, timezone.now()
    try:
        with transaction.atomic():
            borrowing.save()
    except IntegrityError as exc:  # the partial unique constraint: someone lent it out at the same moment
        raise ValidationError(cite("8.3.1", _("the original is lent out; it must be returned first."))) from exc
    access_log(record=borrowing.record, user=actor, kind=AccessKind.BORROW_DECISION,
               note=f"{borrowing.borrower}: {borrowing.get_status_display()} {note}".strip())  # fmt: skip
    return borrowing


@transaction.atomic
def borrowing_return(*, actor, record_pk, borrowing_pk, note: str = "") -> Borrowing:
    """The custodian takes the original back."""
    borrowing = _borrowing(actor, record_pk, borrowing_pk, "contracts.decide_borrowing")
    if borrowing.status != BorrowingStatus.LENT:
        raise ValidationError(cite("8.3.1", _("the original is not lent out under this borrowing.")))
    borrowing.status, borrowing.returned_at = BorrowingStatus.RETURNED, timezone.now()
    borrowing.save()
    access_log(record=borrowing.record, user=actor, kind=AccessKind.RETURN,
               note=f"{borrowing.borrower} {note}".strip())  # fmt: skip
    return borrowing
