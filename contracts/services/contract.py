"""Contract commands (3.1.3, 8.1–8.2.3): drafting, clauses, submission, legal review, approvals, signing,
amendment and termination. Every state change goes through ``CONTRACT_WORKFLOW``."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.choices import ContractStatus, ReviewOutcome
from contracts.models import TERM_FIELDS, Contract, ContractClause, ContractVersion, LegalReview, TerminationNotice
from core.audit import AuditAction, audit_record, diff, snapshot, suppressed
from core.models.attachments import attachment_add
from core.roles import require_permission as _require
from core.workflow import ConditionFailed, cite, transition_perform

S = ContractStatus


def _check_terms(terms: dict) -> None:
    unknown = set(terms) - set(TERM_FIELDS)
    if unknown:
        raise TypeError(f"Unknown contract fields: {sorted(unknown)}")


@transaction.atomic
def contract_create(*, actor, project_pk, number: str, **terms) -> Contract:
    """Record a draft contract for a project, with the key terms of 3.1.3."""
    from projects.models import Project

    _require(actor, "contracts.add_contract")
    project = Project.objects.locked_in_scope(actor, project_pk)
    _check_terms(terms)
    contract = Contract(project=project, client=project.client, number=number.strip(), created_by=actor, **terms)
    contract.full_clean()
    contract.save()
    return contract


def _editable(actor, pk) -> Contract:
    _require(actor, "contracts.change_contract")
    contract = Contract.objects.locked_in_scope(actor, pk)
    if contract.status != S.DRAFT:
        if contract.status in (S.SIGNED, S.TERMINATED):
            raise ValidationError(cite("8.2.3", _("a signed contract changes only through an amendment.")))
        raise ValidationError(cite("8.1.3", _("the contract is under review or approval; it is sent back to draft "
                                             "before its terms change.")))  # fmt: skip
    return contract


@transaction.atomic
def contract_update(*, actor, pk, **terms) -> Contract:
    """Change a draft's terms. Under review or approval the terms are frozen; a signed contract changes only by an
    amendment (8.2.3)."""
    _check_terms(terms)
    contract = _editable(actor, pk)
    for key, value in terms.items():
        setattr(contract, key, value)
    contract.full_clean()
    contract.save()
    return contract


@transaction.atomic
def clause_add(*, actor, pk, party: str, kind: str, text: str) -> ContractClause:
    """Add a numbered clause of rights and obligations to a draft (3.1.3)."""
    contract = _editable(actor, pk)
    position = (contract.clauses.aggregate(n=Max("position"))["n"] or 0) + 1
    clause = ContractClause(contract=contract, position=position, party=party, kind=kind, text=text.strip())
    clause.full_clean()
    clause.save()
    return clause


@transaction.atomic
def clause_remove(*, actor, pk, clause_pk) -> None:
    contract = _editable(actor, pk)
    clause = contract.clauses.filter(pk=clause_pk).first()
    if clause is None:
        raise ValidationError(_("No such clause in this contract."))
    clause.delete()


@transaction.atomic
def contract_attach(*, actor, pk, files, description: str = "") -> Contract:
    """Attach documents to a draft (annexes, drafts) or to a signed contract (correspondence). Under review and
    approval the file is what was submitted; a terminated contract's file is closed."""
    _require(actor, "contracts.change_contract")
    contract = Contract.objects.locked_in_scope(actor, pk)
    if contract.status not in (S.DRAFT, S.SIGNED):
        raise ValidationError(cite("8.1.3", _("documents are attached to a draft or to a signed contract in force.")))
    for upload in files:
        attachment_add(actor=actor, obj=contract, upload=upload, description=description)
    return contract


def _snapshot_version(contract: Contract, actor, note: str = "") -> ContractVersion:
    number = (contract.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    clauses = [{"position": c.position, "party": c.party, "kind": c.kind, "text": c.text}
               for c in contract.clauses.order_by("position", "id")]  # fmt: skip
    version = ContractVersion.objects.create(contract=contract, number=number, terms=contract.terms(),
                                             clauses=clauses, note=note, created_by=actor)  # fmt: skip
    Contract.objects.filter(pk=contract.pk).update(version=number)
    contract.version = number
    return version


@transaction.atomic
def contract_submit(*, actor, pk, comment: str = "") -> Contract:
    """Submit the draft for legal review (8.1.2). The terms as submitted become a new version."""
    from contracts.workflows import CONTRACT_WORKFLOW

    contract = transition_perform(workflow=CONTRACT_WORKFLOW, pk=pk, target=S.LEGAL_REVIEW, actor=actor,
                                  comment=comment, expected_source=S.DRAFT)  # fmt: skip
    _snapshot_version(contract, actor, note=comment[:200])
    return contract


@transaction.atomic
def contract_review(*, actor, pk, passed: bool, opinion: str, lawful: bool = False, obligations_clear: bool = False,
                    risk_controlled: bool = False, required_changes: str = "") -> LegalReview:  # fmt: skip
    """The legal department's review of the submitted version (8.1.2): a pass needs all three findings (lawful,
    rights and obligations clear, risk controlled); a return says what must change."""
    from contracts.workflows import CONTRACT_WORKFLOW

    _require(actor, "contracts.review_contract")
    opinion, required_changes = (opinion or "").strip(), (required_changes or "").strip()
    failures = []
    if not opinion:
        failures.append(cite("8.1.2", _("the review opinion is missing.")))
    if passed and not (lawful and obligations_clear and risk_controlled):
        failures.append(cite("8.1.2", _("a contract passes only when it is lawful, its rights and obligations are "
                                        "clear and its risk is controlled.")))  # fmt: skip
    if not passed and not required_changes:
        failures.append(cite("8.1.2", _("say which changes are required.")))
    if failures:
        raise ConditionFailed("; ".join(failures), clause="8.1.2", failures=failures)
    comment = opinion if passed else f"{opinion}\n{required_changes}"
    contract = transition_perform(workflow=CONTRACT_WORKFLOW, pk=pk, target=S.HEAD_APPROVAL if passed else S.DRAFT,
                                  actor=actor, comment=comment, expected_source=S.LEGAL_REVIEW)  # fmt: skip
    return LegalReview.objects.create(
        contract=contract, version=contract.version, reviewer=actor,
        outcome=ReviewOutcome.PASSED if passed else ReviewOutcome.RETURNED, lawful=lawful,
        obligations_clear=obligations_clear, risk_controlled=risk_controlled, opinion=opinion,
        required_changes=required_changes,
    )  # fmt: skip


@transaction.atomic
def contract_decide(*, actor, pk, target: str, comment: str = "", expected_source: str | None = None) -> Contract:
    """An approver's decision (8.1.3): approve (final below the executive tier, else on to the executive) or send
    back to draft with a reason; or withdraw a draft. The legal department decides only through its review, with
    its findings (``contract_review``)."""
    from contracts.workflows import CONTRACT_WORKFLOW

    current = Contract.objects.locked_in_scope(actor, pk)
    if current.status == S.LEGAL_REVIEW and target in (S.HEAD_APPROVAL, S.DRAFT):
        message = cite("8.1.2", _("the legal department passes or returns a contract with its review: the findings, "
                                  "the opinion and the changes required."))  # fmt: skip
        raise ConditionFailed(message, clause="8.1.2")
    return transition_perform(workflow=CONTRACT_WORKFLOW, pk=pk, target=target, actor=actor, comment=comment,
                              expected_source=expected_source)  # fmt: skip


@transaction.atomic
def contract_sign(*, actor, pk, signed_on, client_signatory: str, client_signed_on=None, signed_copy=None,
                  comment: str = "") -> Contract:  # fmt: skip
    """Sign on behalf of the organisation (8.1.1: the legal representative, or a delegate within a valid
    authorisation), recording the client's signatory, signature date and the signed copy. A signed contract lets
    the project leave intake (3.1.3); a signed amendment replaces the original's terms (8.2.3)."""
    from contracts.workflows import CONTRACT_WORKFLOW

    contract = transition_perform(
        workflow=CONTRACT_WORKFLOW, pk=pk, target=S.SIGNED, actor=actor, comment=comment,
        expected_source=S.APPROVED,
        fields={"signed_on": signed_on, "client_signatory": (client_signatory or "").strip(),
                "client_signed_on": client_signed_on or signed_on},
    )  # fmt: skip
    if signed_copy is not None:
        contract.signed_copy = attachment_add(actor=actor, obj=contract, upload=signed_copy,
                                              description=_("Signed copy"))  # fmt: skip
        Contract.objects.filter(pk=contract.pk).update(signed_copy=contract.signed_copy)
    if contract.amends_id:
        _apply_amendment(contract, actor)
    return contract


def _apply_amendment(amendment: Contract, actor) -> None:
    """The original takes the amendment's terms; its trail records which changed and by which amendment."""
    original = Contract.objects.select_for_update().get(pk=amendment.amends_id)
    before = snapshot(original)
    for field in TERM_FIELDS:
        if field != "title":
            setattr(original, field, getattr(amendment, field))
    original.full_clean()
    with suppressed():
        original.save()
    new_clauses = [(c.position, c.party, c.kind, c.text) for c in amendment.clauses.all()]
    if new_clauses != [(c.position, c.party, c.kind, c.text) for c in original.clauses.all()]:
        original.clauses.all().delete()
        ContractClause.objects.bulk_create([ContractClause(contract=original, position=p, party=party, kind=k, text=t)
                                            for p, party, k, t in new_clauses])  # fmt: skip
    _snapshot_version(original, actor, note=_("Amendment %(number)s") % {"number": amendment.number})
    comment = _("Terms changed by amendment %(number)s (8.2.3).") % {"number": amendment.number}
    audit_record(action=AuditAction.UPDATE, obj=original, actor=actor, changes=diff(before, snapshot(original)),
                 comment=comment)  # fmt: skip


@transaction.atomic
def amendment_create(*, actor, pk, number: str, **terms) -> Contract:
    """Start an amendment of a signed contract (8.2.3): a draft carrying the original's terms, changed as given,
    that goes through the same review and approval."""
    _require(actor, "contracts.add_contract")
    original = Contract.objects.locked_in_scope(actor, pk)
    if original.status != S.SIGNED:
        raise ValidationError(cite("8.2.3", _("only a signed contract in force is amended.")))
    if original.amends_id:
        raise ValidationError(cite("8.2.3", _("amend the original contract, not an amendment.")))
    open_amendment = original.amendments.exclude(status__in=[S.SIGNED, S.TERMINATED, S.WITHDRAWN]).first()
    if open_amendment is not None:
        raise ValidationError(cite("8.2.3", _("amendment %(number)s is still open: sign or withdraw it before the next "
                                              "one.") % {"number": open_amendment.number}))  # fmt: skip
    _check_terms(terms)
    values = {f: getattr(original, f) for f in TERM_FIELDS}
    values["title"] = _("Amendment to %(number)s") % {"number": original.number}
    values.update(terms)
    amendment = Contract(project=original.project, client=original.client, our_party=original.our_party,
                         amends=original, number=number.strip(), created_by=actor, **values)  # fmt: skip
    amendment.full_clean()
    amendment.save()
    ContractClause.objects.bulk_create([
        ContractClause(contract=amendment, position=c.position, party=c.party, kind=c.kind, text=c.text)
        for c in original.clauses.all()
    ])  # fmt: skip
    return amendment


@transaction.atomic
def contract_terminate(*, actor, pk, terminated_on, reason: str, legal_basis: str, comment: str = "") -> Contract:
    """Terminate a signed contract (8.2.3) with the reason and the legal basis; the notice to the other party is
    generated at once, to be sent and acknowledged."""
    from contracts.workflows import CONTRACT_WORKFLOW

    contract = transition_perform(
        workflow=CONTRACT_WORKFLOW, pk=pk, target=S.TERMINATED, actor=actor, comment=comment or reason,
        expected_source=S.SIGNED,
        fields={"terminated_on": terminated_on, "termination_reason": (reason or "").strip(),
                "termination_basis": (legal_basis or "").strip()},
    )  # fmt: skip
    text = render_to_string("contracts/termination_notice.txt", {"contract": contract}).strip()
    TerminationNotice.objects.create(contract=contract, text=text, generated_by=actor)
    return contract


def _notice(actor, pk) -> TerminationNotice:
    contract = Contract.objects.locked_in_scope(actor, pk)
    notice = TerminationNotice.objects.select_for_update().filter(contract=contract).first()
    if notice is None:
        raise ValidationError(cite("8.2.3", _("this contract has no termination notice.")))
    return notice


@transaction.atomic
def notice_send(*, actor, pk, sent_on, sent_via: str) -> TerminationNotice:
    """Record that the termination notice was sent to the other party, when and how."""
    _require(actor, "contracts.change_terminationnotice")
    notice = _notice(actor, pk)
    if notice.sent_on:
        raise ValidationError(cite("8.2.3", _("the notice was already sent.")))
    if sent_on is None or sent_on > timezone.localdate() or sent_on < timezone.localdate(notice.generated_at):
        raise ValidationError({"sent_on": _("Give the day the notice was sent: not before it was generated, not in "
                                            "the future.")})  # fmt: skip
    notice.sent_on, notice.sent_via, notice.sent_by = sent_on, (sent_via or "").strip(), actor
    notice.full_clean()
    notice.save()
    return notice


@transaction.atomic
def notice_acknowledge(*, actor, pk, name: str, acknowledged_on=None) -> TerminationNotice:
    """The other party acknowledges the notice: the client in the portal, or legal recording the acknowledgement
    received on paper."""
    _require(actor, "contracts.acknowledge_terminationnotice")
    notice = _notice(actor, pk)
    if not notice.sent_on:
        raise ValidationError(cite("8.2.3", _("the notice has not been sent yet.")))
    if notice.acknowledged_on:
        raise ValidationError(cite("8.2.3", _("the notice was already acknowledged.")))
    acknowledged_on = acknowledged_on or timezone.localdate()
    if acknowledged_on < notice.sent_on or acknowledged_on > timezone.localdate():
        raise ValidationError({"acknowledged_on": _("The acknowledgement date must lie between sending and today.")})
    if not (name or "").strip():
        raise ValidationError({"name": _("Give the name of the person acknowledging.")})
    notice.acknowledged_on, notice.acknowledged_by_name, notice.acknowledged_by = acknowledged_on, name.strip(), actor
    notice.full_clean()
    notice.save()
    return notice
