"""Contracts, policy ch. 8: drafting and clauses (3.1.3), legal review (8.1.2), the approval flow by amount tier
(8.1.3), signing only by the legal representative or within a valid authorisation (8.1.1), versions, amendments and
termination with its notice (8.2.3), and the contract's scope."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import override_settings
from django.utils import timezone

from contracts.choices import ContractStatus
from contracts.models import Authorisation, Contract, ContractVersion, LegalReview, TerminationNotice
from contracts.services import (
    amendment_create,
    authorisation_grant,
    authorisation_revoke,
    clause_add,
    clause_remove,
    contract_create,
    contract_decide,
    contract_review,
    contract_sign,
    contract_submit,
    contract_terminate,
    contract_update,
    notice_acknowledge,
    notice_send,
)
from contracts.workflows import CONTRACT_WORKFLOW
from core.models import Approval
from core.workflow import ConditionFailed, TransitionNotAllowed, TransitionPermissionDenied
from tests.factories import UserFactory
from tests.helpers import CONTRACT_TERMS, approve_contract

S = ContractStatus
TODAY = timezone.localdate
SMALL = "500000.00"  # below the executive tier (CONTRACT_EXECUTIVE_APPROVAL_FROM = 1,000,000)
LARGE = "1200000.00"


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


def draft(users, project, number="HT-1", **terms):
    return contract_create(actor=users["market"], project_pk=project.pk, number=number,
                           **{**CONTRACT_TERMS, **terms})  # fmt: skip


def review_pass(users, contract):
    return contract_review(actor=users["legal"], pk=contract.pk, passed=True, opinion="Lawful.", lawful=True,
                           obligations_clear=True, risk_controlled=True)  # fmt: skip


def sign(actor, contract, **extra):
    values = {"signed_on": TODAY(), "client_signatory": "Client GM", **extra}
    return contract_sign(actor=actor, pk=contract.pk, **values)


def delegate(users, *, username="delegate", types=("service",), max_amount="2000000", valid_from=None,
             valid_until=None, number="SQ-1"):  # fmt: skip
    user = UserFactory(username=username, roles=["signatory"])
    authorisation_grant(actor=users["signatory"], number=number, grantee=user, contract_types=list(types),
                        max_amount=Decimal(max_amount), valid_from=valid_from or TODAY() - datetime.timedelta(days=30),
                        valid_until=valid_until or TODAY() + datetime.timedelta(days=30))  # fmt: skip
    return user


# -- drafting ----------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_draft_needs_the_key_terms_before_legal_review(users, project):
    contract = contract_create(actor=users["market"], project_pk=project.pk, number="HT-2", title="Bare")
    with pytest.raises(ConditionFailed) as exc:
        contract_submit(actor=users["market"], pk=contract.pk)
    assert [f.split(" ")[0] for f in exc.value.failures] == ["3.1.3", "8.1.3"]  # key terms; the amount decides
    contract.refresh_from_db()
    assert contract.status == S.DRAFT and contract.version == 0 and not ContractVersion.objects.exists()


@pytest.mark.django_db
def test_clauses_state_the_rights_and_obligations(users, project):
    contract = draft(users, project, rights_obligations="")
    assert "rights and obligations" in contract.missing_key_terms
    first = clause_add(actor=users["market"], pk=contract.pk, party="ours", kind="obligation", text="Run the plaza.")
    second = clause_add(actor=users["legal"], pk=contract.pk, party="client", kind="obligation", text="Pay monthly.")
    assert (first.position, second.position) == (1, 2)
    assert Contract.objects.get(pk=contract.pk).missing_key_terms == []
    clause_remove(actor=users["market"], pk=contract.pk, clause_pk=first.pk)
    assert list(contract.clauses.values_list("text", flat=True)) == ["Pay monthly."]
    with pytest.raises(PermissionDenied):
        clause_add(actor=users["planner"], pk=contract.pk, party="ours", kind="right", text="x")


@pytest.mark.django_db
def test_client_party_is_the_project_client_and_period_is_ordered(users, project):
    with pytest.raises(ValidationError):
        contract_create(actor=users["market"], project_pk=project.pk, number="HT-3", title="x",
                        service_start=datetime.date(2026, 5, 1), service_end=datetime.date(2026, 1, 1))  # fmt: skip
    with pytest.raises(ValidationError):
        contract_create(actor=users["market"], project_pk=project.pk, number="HT-3", title="x", amount="-1")
    with pytest.raises(PermissionDenied):
        contract_create(actor=users["planner"], project_pk=project.pk, number="HT-4", title="x")


# -- legal review and versions (8.1.2) -----------------------------------------------------------------------------
@pytest.mark.django_db
def test_legal_returns_then_passes_a_revised_version(users, project):
    contract = draft(users, project)
    contract_submit(actor=users["market"], pk=contract.pk, comment="First draft")
    with pytest.raises(ValidationError):  # frozen under review
        contract_update(actor=users["market"], pk=contract.pk, fee_standard="Cheaper")
    with pytest.raises(ConditionFailed) as exc:
        contract_review(actor=users["legal"], pk=contract.pk, passed=False, opinion="Unclear.", required_changes="")
    assert exc.value.clause == "8.1.2"
    contract_review(actor=users["legal"], pk=contract.pk, passed=False, opinion="Liability uncapped.",
                    required_changes="Cap liability at the annual fee.")  # fmt: skip
    contract.refresh_from_db()
    assert contract.status == S.DRAFT
    contract_update(actor=users["market"], pk=contract.pk, rights_obligations="Liability capped at the annual fee.")
    contract_submit(actor=users["market"], pk=contract.pk)
    with pytest.raises(ConditionFailed) as exc:  # a pass needs all three findings
        contract_review(actor=users["legal"], pk=contract.pk, passed=True, opinion="Fine.", lawful=True,
                        obligations_clear=True, risk_controlled=False)  # fmt: skip
    assert "risk is controlled" in str(exc.value)
    review_pass(users, contract)
    contract.refresh_from_db()
    assert contract.status == S.HEAD_APPROVAL and contract.version == 2
    versions = list(contract.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].terms["rights_obligations"] != versions[1].terms["rights_obligations"]
    reviews = list(LegalReview.objects.filter(contract=contract).order_by("reviewed_at", "id"))
    assert [(r.version, r.outcome) for r in reviews] == [(1, "returned"), (2, "passed")]
    assert reviews[0].required_changes == "Cap liability at the annual fee."
    steps = list(Approval.objects.for_object(contract).order_by("decided_at", "id").values_list("step", "decision"))
    assert steps == [("contract:legal", "returned"), ("contract:legal", "approved")]


@pytest.mark.django_db
def test_only_legal_reviews(users, project):
    contract = draft(users, project)
    contract_submit(actor=users["market"], pk=contract.pk)
    for role in ("market", "head", "executive", "signatory", "auditor"):
        with pytest.raises(PermissionDenied):
            review_pass(users | {"legal": users[role]}, contract)


# -- approval by amount tier (8.1.3) -------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize(("amount", "route"), [(SMALL, ["approved"]), (LARGE, ["executive_approval", "approved"]),
                                               ("1000000.00", ["executive_approval", "approved"])])  # fmt: skip
def test_the_amount_decides_who_approves(users, project, amount, route):
    contract = draft(users, project, amount=amount)
    contract_submit(actor=users["market"], pk=contract.pk)
    review_pass(users, contract)
    contract.refresh_from_db()
    offered = [o["transition"].target for o in CONTRACT_WORKFLOW.options(contract, users["head"]) if o["allowed"]]
    assert offered == [route[0], "draft"]  # the other tier's route is not offered at all
    wrong = "executive_approval" if route[0] == "approved" else "approved"
    with pytest.raises(ConditionFailed) as exc:
        contract_decide(actor=users["head"], pk=contract.pk, target=wrong)
    assert exc.value.clause == "8.1.3" and "1,000,000.00" in str(exc.value)
    contract_decide(actor=users["head"], pk=contract.pk, target=route[0])
    if len(route) == 2:
        with pytest.raises(TransitionPermissionDenied):
            contract_decide(actor=users["head"], pk=contract.pk, target="approved")
        contract_decide(actor=users["executive"], pk=contract.pk, target="approved", comment="Agreed.")
    contract.refresh_from_db()
    assert contract.status == S.APPROVED
    assert [a.step for a in Approval.objects.for_object(contract).order_by("id")] == (
        ["contract:legal", "contract:head"] + (["contract:executive"] if len(route) == 2 else [])
    )


@pytest.mark.django_db
@override_settings(CONTRACT_EXECUTIVE_APPROVAL_FROM=Decimal("100000"))
def test_the_tier_is_configurable(users, project):
    contract = draft(users, project, amount=SMALL)
    assert contract.needs_executive()


@pytest.mark.django_db
def test_sending_back_needs_a_reason_and_unfreezes_the_terms(users, project):
    contract = draft(users, project, amount=SMALL)
    contract_submit(actor=users["market"], pk=contract.pk)
    review_pass(users, contract)
    with pytest.raises(ConditionFailed):
        contract_decide(actor=users["head"], pk=contract.pk, target="draft")
    contract_decide(actor=users["head"], pk=contract.pk, target="draft", comment="Fee too low.")
    contract_update(actor=users["market"], pk=contract.pk, amount="600000.00")
    contract_submit(actor=users["market"], pk=contract.pk)
    contract.refresh_from_db()
    assert contract.status == S.LEGAL_REVIEW and contract.version == 2
    # the new version needs its own legal pass: the earlier pass of version 1 does not count
    with pytest.raises(TransitionNotAllowed):
        contract_decide(actor=users["head"], pk=contract.pk, target="approved")


# -- signing (8.1.1) -----------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_only_the_legal_representative_or_a_valid_delegate_signs(users, project):
    contract = approve_contract(draft(users, project, amount=SMALL), users)
    with pytest.raises(Http404):  # not yet the client's to see
        sign(users["client"], contract)
    for role in ("head", "executive", "market", "legal", "auditor"):
        with pytest.raises(TransitionPermissionDenied) as exc:
            sign(users[role], contract)
        assert exc.value.clause == "8.1.1"
    stranger = UserFactory(username="stranger", roles=["signatory"])  # the role, but no authorisation
    with pytest.raises(ConditionFailed) as exc:
        sign(stranger, contract)
    assert "neither the legal representative nor the holder" in str(exc.value)
    expired = delegate(users, username="expired", number="SQ-OLD", valid_from=TODAY() - datetime.timedelta(days=90),
                       valid_until=TODAY() + datetime.timedelta(days=1))  # fmt: skip
    Authorisation.objects.filter(number="SQ-OLD").update(valid_until=TODAY() - datetime.timedelta(days=1))
    with pytest.raises(ConditionFailed) as exc:
        sign(expired, contract)
    assert "SQ-OLD expired on" in str(exc.value) and exc.value.clause == "8.1.1"
    contract.refresh_from_db()
    assert contract.status == S.APPROVED and contract.signed_on is None  # nothing recorded by a refusal
    valid = delegate(users, username="valid", number="SQ-2")
    signed = sign(valid, contract, client_signed_on=TODAY() - datetime.timedelta(days=1))
    assert (signed.status, signed.signed_by, signed.signed_under.number) == (S.SIGNED, valid, "SQ-2")
    assert signed.client_signed_on == TODAY() - datetime.timedelta(days=1)
    assert Approval.objects.for_object(signed).filter(step="contract:sign", approver=valid).exists()


@pytest.mark.django_db
def test_the_legal_representative_signs_in_person(users, project):
    contract = approve_contract(draft(users, project), users)  # above the tier: head and executive approved
    signed = sign(users["signatory"], contract)
    assert signed.signed_by == users["signatory"] and signed.signed_under is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("scope", "message"),
    [({"types": ("procurement",)}, "does not cover Managed-operations service contracts"),
     ({"max_amount": "100000"}, "covers amounts up to 100,000.00"),
     ({"valid_from": "tomorrow"}, "is valid only from"),
     ({"revoked": True}, "was revoked on")],
)  # fmt: skip
def test_an_authorisation_covers_its_scope_only(users, project, scope, message):
    contract = approve_contract(draft(users, project, amount=SMALL), users)
    kwargs = {k: v for k, v in scope.items() if k in ("types", "max_amount")}
    if scope.get("valid_from"):
        kwargs["valid_from"] = TODAY() + datetime.timedelta(days=1)
    user = delegate(users, **kwargs)
    if scope.get("revoked"):
        authorisation_revoke(actor=users["signatory"], pk=Authorisation.objects.get().pk, reason="Left the post.")
    with pytest.raises(ConditionFailed) as exc:
        sign(user, contract)
    assert message in str(exc.value)
    # the page explains it before anyone presses the button
    option = CONTRACT_WORKFLOW.options(contract, user)[0]
    assert not option["allowed"] and message in option["failures"][0]


@pytest.mark.django_db
def test_only_the_legal_representative_grants_authorisations(users):
    grantee = UserFactory(username="d2", roles=["signatory"])
    values = {"number": "SQ-9", "grantee": grantee, "contract_types": ["service"], "max_amount": Decimal("10"),
              "valid_from": TODAY(), "valid_until": TODAY() + datetime.timedelta(days=5)}  # fmt: skip
    other_signatory = UserFactory(username="s2", roles=["signatory"])
    with pytest.raises(ValidationError) as exc:
        authorisation_grant(actor=other_signatory, **values)
    assert "8.1.1" in str(exc.value)
    with pytest.raises(PermissionDenied):
        authorisation_grant(actor=users["legal"], **values)
    with pytest.raises(ValidationError):  # the delegate must be a signatory
        authorisation_grant(actor=users["signatory"], **{**values, "grantee": users["market"]})
    with pytest.raises(ValidationError):  # no contract type
        authorisation_grant(actor=users["signatory"], **{**values, "contract_types": []})
    assert authorisation_grant(actor=users["signatory"], **values).granted_by == users["signatory"]


@pytest.mark.django_db
def test_signing_records_the_date_and_the_client_signatory(users, project):
    contract = approve_contract(draft(users, project), users)
    with pytest.raises(ConditionFailed) as exc:
        contract_sign(actor=users["signatory"], pk=contract.pk, signed_on=None, client_signatory="")
    assert [f.split(" ")[0] for f in exc.value.failures] == ["8.1.1", "8.1.1"]
    with pytest.raises(ConditionFailed):
        sign(users["signatory"], contract, signed_on=TODAY() + datetime.timedelta(days=3))


@pytest.mark.django_db
def test_a_signed_contract_lets_the_project_leave_intake(users, project):
    from projects.services import project_stage_transition
    from tests.helpers import evaluate, record_needs_and_talk

    record_needs_and_talk(project, users)
    evaluate(project, users)
    contract = approve_contract(draft(users, project), users)
    with pytest.raises(ConditionFailed) as exc:
        project_stage_transition(actor=users["head"], pk=project.pk, target="planning")
    assert "3.1.3" in str(exc.value)
    sign(users["signatory"], contract)
    project_stage_transition(actor=users["head"], pk=project.pk, target="planning")
    project.refresh_from_db()
    assert project.stage == "planning"


# -- amendments and termination (8.2.3) ----------------------------------------------------------------------------
@pytest.mark.django_db
def test_an_amendment_goes_through_the_same_flow_and_changes_the_original(users, project):
    original = sign(users["signatory"], approve_contract(draft(users, project, amount=SMALL), users))
    with pytest.raises(ValidationError) as exc:
        contract_update(actor=users["market"], pk=original.pk, fee_standard="Cheaper")
    assert "8.2.3" in str(exc.value)
    amendment = amendment_create(actor=users["legal"], pk=original.pk, number="HT-1-A1",
                                 service_end=datetime.date(2029, 12, 31), amount="700000.00")  # fmt: skip
    assert amendment.status == S.DRAFT and amendment.amends == original
    assert amendment.fee_standard == original.fee_standard
    with pytest.raises(ValidationError):  # an amendment is not amended
        amendment_create(actor=users["legal"], pk=amendment.pk, number="HT-1-A1-A")
    approve_contract(amendment, users)
    assert Approval.objects.for_object(amendment).filter(step="contract:legal").exists()
    sign(users["signatory"], amendment)
    original.refresh_from_db()
    assert (original.service_end, original.amount) == (datetime.date(2029, 12, 31), Decimal("700000.00"))
    assert original.versions.filter(note__contains="HT-1-A1").exists()
    assert original.status == S.SIGNED


@pytest.mark.django_db
def test_termination_records_reason_basis_and_tracks_the_notice(users, project):
    contract = sign(users["signatory"], approve_contract(draft(users, project, amount=SMALL), users))
    with pytest.raises(ConditionFailed) as exc:
        contract_terminate(actor=users["legal"], pk=contract.pk, terminated_on=TODAY(), reason="", legal_basis="")
    assert [f.split(" ")[0] for f in exc.value.failures] == ["8.2.3", "8.2.3"]
    with pytest.raises(TransitionPermissionDenied):
        contract_terminate(actor=users["market"], pk=contract.pk, terminated_on=TODAY(), reason="r", legal_basis="b")
    contract_terminate(actor=users["legal"], pk=contract.pk, terminated_on=TODAY(), reason="Client stopped paying.",
                       legal_basis="Clause 12.2: three months unpaid.")  # fmt: skip
    notice = TerminationNotice.objects.get(contract=contract)
    assert notice.state == "generated" and contract.number in notice.text and "Clause 12.2" in notice.text
    with pytest.raises(ValidationError):  # not sent yet
        notice_acknowledge(actor=users["client"], pk=contract.pk, name="Client GM")
    notice_send(actor=users["legal"], pk=contract.pk, sent_on=TODAY(), sent_via="Registered mail")
    with pytest.raises(PermissionDenied):
        notice_send(actor=users["client"], pk=contract.pk, sent_on=TODAY(), sent_via="x")
    with pytest.raises(Http404):  # the other client never sees it
        notice_acknowledge(actor=users["client2"], pk=contract.pk, name="x")
    notice = notice_acknowledge(actor=users["client"], pk=contract.pk, name="Client GM")
    assert notice.state == "acknowledged" and notice.acknowledged_by == users["client"]
    with pytest.raises(ValidationError):
        notice_acknowledge(actor=users["client"], pk=contract.pk, name="Client GM")


# -- the transition table ------------------------------------------------------------------------------------------
PAIRS = list(itertools.product(S.values, S.values))
ALLOWED = {(t.source, t.target): t for t in CONTRACT_WORKFLOW.transitions}
OWNER = {"contracts.change_contract": "market", "contracts.review_contract": "legal",
         "contracts.approve_contract": "head", "contracts.approve_contract_final": "executive",
         "contracts.sign_contract": "signatory", "contracts.terminate_contract": "legal"}  # fmt: skip
PATH = {S.DRAFT: [], S.LEGAL_REVIEW: ["submit"], S.HEAD_APPROVAL: ["submit", "pass"],
        S.EXECUTIVE_APPROVAL: ["submit", "pass", "head"], S.APPROVED: ["submit", "pass", "head", "executive"],
        S.SIGNED: ["submit", "pass", "head", "executive", "sign"],
        S.TERMINATED: ["submit", "pass", "head", "executive", "sign", "terminate"],
        S.WITHDRAWN: ["withdraw"]}  # fmt: skip


def _step(step, users, contract):
    if step == "submit":
        contract_submit(actor=users["market"], pk=contract.pk)
    elif step == "pass":
        review_pass(users, contract)
    elif step == "head":
        contract_decide(actor=users["head"], pk=contract.pk, target="executive_approval")
    elif step == "executive":
        contract_decide(actor=users["executive"], pk=contract.pk, target="approved")
    elif step == "sign":
        sign(users["signatory"], contract)
    elif step == "withdraw":
        contract_decide(actor=users["market"], pk=contract.pk, target="withdrawn", comment="Client walked away.")
    elif step == "terminate":
        contract_terminate(actor=users["legal"], pk=contract.pk, terminated_on=TODAY(), reason="r", legal_basis="b")


def _perform(actor, contract, source, target):
    if (source, target) not in ALLOWED:
        return contract_decide(actor=actor, pk=contract.pk, target=target, comment="c", expected_source=source)
    if (source, target) == (S.DRAFT, S.LEGAL_REVIEW):
        return contract_submit(actor=actor, pk=contract.pk)
    if source == S.LEGAL_REVIEW:
        passed = target == S.HEAD_APPROVAL
        return contract_review(actor=actor, pk=contract.pk, passed=passed, opinion="o", lawful=True,
                               obligations_clear=True, risk_controlled=True, required_changes="c")  # fmt: skip
    if target == S.SIGNED:
        return sign(actor, contract)
    if target == S.TERMINATED:
        return contract_terminate(actor=actor, pk=contract.pk, terminated_on=TODAY(), reason="r", legal_basis="b")
    return contract_decide(actor=actor, pk=contract.pk, target=target, comment="Reason.", expected_source=source)


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_every_contract_pair(source, target, users, project):
    amount = SMALL if (source, target) == (S.HEAD_APPROVAL, S.APPROVED) else LARGE
    contract = draft(users, project, amount=amount)
    for step in PATH[source]:
        _step(step, users, contract)
    contract.refresh_from_db()
    assert contract.status == source
    transition = ALLOWED.get((source, target))
    if transition is None:
        with pytest.raises(TransitionNotAllowed) as exc:
            _perform(users["admin"], contract, source, target)
        assert exc.value.clause == "8.1.3"
        contract.refresh_from_db()
        assert contract.status == source
        return
    owner = OWNER[transition.permission]
    for name in ("planner", "service", "inspector", "auditor", "finance", "hr", "employee"):
        with pytest.raises((PermissionDenied, Http404)):
            _perform(users[name], contract, source, target)
    _perform(users[owner], contract, source, target)
    contract.refresh_from_db()
    assert contract.status == target
    if transition.approval_step:
        assert Approval.objects.for_object(contract).filter(step=transition.approval_step,
                                                            approver=users[owner]).exists()  # fmt: skip


# -- scope ---------------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_contract_scope(users, project, other_project):
    mine = draft(users, project)
    other = contract_create(actor=users["head"], project_pk=other_project.pk, number="HT-9", **CONTRACT_TERMS)
    assert set(Contract.objects.visible_to(users["market"])) == {mine}
    for role in ("legal", "signatory", "head", "executive", "finance", "auditor"):
        assert set(Contract.objects.visible_to(users[role])) == {mine, other}, role
    for role in ("hr", "employee"):
        assert not Contract.objects.visible_to(users[role]).exists()
    assert not Contract.objects.visible_to(users["client"]).exists()  # drafts are not client-facing
    sign(users["signatory"], approve_contract(mine, users))
    assert set(Contract.objects.visible_to(users["client"])) == {mine}
    assert not Contract.objects.visible_to(users["client2"]).exists()
    contract_terminate(actor=users["legal"], pk=mine.pk, terminated_on=TODAY(), reason="r", legal_basis="b")
    assert set(Contract.objects.visible_to(users["client"])) == {mine}  # terminated stays visible to its client


@pytest.mark.django_db
def test_acceptance_reads_the_contracts_acceptance_conditions(users, project, client):
    """3.5.1: acceptance is due early only on the acceptance conditions the signed contract states."""
    from tests.helpers import advance_to, arrange_acceptance

    advance_to(project, "supervision", users)
    Contract.objects.filter(project=project).update(acceptance_conditions="")
    with pytest.raises(ValidationError) as exc:
        arrange_acceptance(project, users)
    assert "3.5.1" in str(exc.value) and "states no acceptance conditions" in str(exc.value)
    Contract.objects.filter(project=project).update(acceptance_conditions="Footfall above 200,000 a month.")
    client.force_login(users["service"])
    page = client.get(f"/projects/{project.pk}/acceptance/arrangement/")
    assert page.context["contract_conditions"] == [(Contract.objects.get(project=project).number,
                                                    "Footfall above 200,000 a month.")]  # fmt: skip
    assert arrange_acceptance(project, users).due_reason == "conditions_met"


@pytest.mark.django_db
def test_an_expired_delegate_cannot_record_a_back_dated_signature(users, project):
    contract = approve_contract(draft(users, project, amount=SMALL), users)
    lapsed = delegate(users, username="lapsed", number="SQ-L", valid_from=TODAY() - datetime.timedelta(days=60),
                      valid_until=TODAY() + datetime.timedelta(days=1))  # fmt: skip
    Authorisation.objects.filter(number="SQ-L").update(valid_until=TODAY() - datetime.timedelta(days=10))
    with pytest.raises(ConditionFailed) as exc:  # the signing date lies inside the validity, today does not
        sign(lapsed, contract, signed_on=TODAY() - datetime.timedelta(days=20))
    assert "SQ-L expired on" in str(exc.value)


# -- the review's findings -----------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_legal_decides_only_through_its_review(users, project):
    contract = draft(users, project)
    contract_submit(actor=users["market"], pk=contract.pk)
    for target in ("head_approval", "draft"):
        with pytest.raises(ConditionFailed) as exc:
            contract_decide(actor=users["legal"], pk=contract.pk, target=target, comment="c")
        assert exc.value.clause == "8.1.2"
    assert Contract.objects.get(pk=contract.pk).status == S.LEGAL_REVIEW


@pytest.mark.django_db
def test_one_open_amendment_at_a_time_and_a_draft_can_be_withdrawn(users, project):
    original = sign(users["signatory"], approve_contract(draft(users, project, amount=SMALL), users))
    first = amendment_create(actor=users["legal"], pk=original.pk, number="A1", fee_standard="New fee.")
    with pytest.raises(ValidationError) as exc:
        amendment_create(actor=users["legal"], pk=original.pk, number="A2", service_end=datetime.date(2030, 1, 1))
    assert "A1 is still open" in str(exc.value)
    with pytest.raises(ConditionFailed):  # withdrawing needs a reason
        contract_decide(actor=users["legal"], pk=first.pk, target="withdrawn")
    contract_decide(actor=users["legal"], pk=first.pk, target="withdrawn", comment="Superseded.")
    second = amendment_create(actor=users["legal"], pk=original.pk, number="A2", service_end=datetime.date(2030, 1, 1))
    assert second.fee_standard == original.fee_standard  # the withdrawn change is not carried over


@pytest.mark.django_db
def test_an_amendment_lives_on_in_its_original(users, project):
    from contracts.services import evaluation_record, obligation_add
    from finance.services import invoice_record

    original = sign(users["signatory"], approve_contract(draft(users, project, amount=SMALL), users))
    amendment = sign(users["signatory"], approve_contract(
        amendment_create(actor=users["legal"], pk=original.pk, number="A1", amount="600000.00"), users))  # fmt: skip
    assert list(Contract.objects.in_force()) == [original]
    with pytest.raises(ConditionFailed) as exc:
        contract_terminate(actor=users["legal"], pk=amendment.pk, terminated_on=TODAY(), reason="r", legal_basis="b")
    assert "terminate that contract" in str(exc.value)
    with pytest.raises(ValidationError):
        obligation_add(actor=users["legal"], pk=amendment.pk, description="x", party="ours", kind="obligation",
                       due_on=TODAY())  # fmt: skip
    with pytest.raises(ValidationError):
        evaluation_record(actor=users["legal"], pk=amendment.pk, period_start=TODAY(), period_end=TODAY(),
                          rating="good", findings="f")  # fmt: skip
    with pytest.raises(ValidationError):
        invoice_record(actor=users["finance"], contract_pk=amendment.pk, number="FP-A", amount=Decimal("1"),
                       issued_on=TODAY())  # fmt: skip


@pytest.mark.django_db
def test_the_signing_and_termination_dates_follow_the_flow(users, project):
    contract = approve_contract(draft(users, project, amount=SMALL), users)
    with pytest.raises(ConditionFailed) as exc:
        sign(users["signatory"], contract, signed_on=TODAY() - datetime.timedelta(days=1))
    assert "before the contract was approved" in str(exc.value)
    with pytest.raises(ConditionFailed):
        sign(users["signatory"], contract, client_signed_on=TODAY() + datetime.timedelta(days=1))
    sign(users["signatory"], contract)
    with pytest.raises(ConditionFailed) as exc:
        contract_terminate(actor=users["legal"], pk=contract.pk, terminated_on=TODAY() - datetime.timedelta(days=1),
                           reason="r", legal_basis="b")  # fmt: skip
    assert "before the contract was signed" in str(exc.value)


@pytest.mark.django_db
def test_one_authorisation_must_cover_both_days(users, project):
    """Authorisation A covered the signing date but has expired; B covers today but not the signing date: the
    signature is refused rather than recorded under the expired A."""
    contract = approve_contract(draft(users, project, amount=SMALL), users)
    from core.models import Approval

    Approval.objects.for_object(contract).update(decided_at=timezone.now() - datetime.timedelta(days=30))
    holder = delegate(users, username="holder", number="SQ-A", valid_from=TODAY() - datetime.timedelta(days=40),
                      valid_until=TODAY() + datetime.timedelta(days=1))  # fmt: skip
    Authorisation.objects.filter(number="SQ-A").update(valid_until=TODAY() - datetime.timedelta(days=5))
    authorisation_grant(actor=users["signatory"], number="SQ-B", grantee=holder, contract_types=["service"],
                        max_amount=Decimal("2000000"), valid_from=TODAY(), valid_until=TODAY())  # fmt: skip
    with pytest.raises(ConditionFailed):
        sign(holder, contract, signed_on=TODAY() - datetime.timedelta(days=10))
    assert sign(holder, contract).signed_under.number == "SQ-B"  # signed and recorded today: B covers both
