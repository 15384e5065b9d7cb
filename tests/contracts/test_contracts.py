"""The service contract of 3.1.3: key terms, signing only by a signatory (8.1.1), scope."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from contracts.models import Contract
from contracts.services import contract_create, contract_sign, contract_update
from contracts.workflows import CONTRACT_WORKFLOW
from core.workflow import ConditionFailed, TransitionPermissionDenied
from tests.helpers import CONTRACT_TERMS


@pytest.fixture
def draft(users, project):
    return contract_create(actor=users["market"], project_pk=project.pk, number="HT-1", **CONTRACT_TERMS)


@pytest.mark.django_db
def test_only_a_signatory_signs(users, draft):
    from django.http import Http404

    with pytest.raises(Http404):  # a draft is not the client's to see
        contract_sign(actor=users["client"], pk=draft.pk, signed_on=datetime.date(2026, 1, 5), client_signatory="GM")
    for role in ["head", "executive", "market", "legal", "planner", "auditor"]:
        with pytest.raises(TransitionPermissionDenied) as exc:
            contract_sign(actor=users[role], pk=draft.pk, signed_on=datetime.date(2026, 1, 5), client_signatory="GM")
        assert exc.value.clause == "8.1.1"
    signed = contract_sign(actor=users["signatory"], pk=draft.pk, signed_on=datetime.date(2026, 1, 5),
                           client_signatory="GM")  # fmt: skip
    assert (signed.status, signed.signed_by, signed.client_signatory) == ("signed", users["signatory"], "GM")


@pytest.mark.django_db
def test_signing_needs_the_key_terms(users, project):
    contract = contract_create(actor=users["market"], project_pk=project.pk, number="HT-2", title="Bare")
    with pytest.raises(ConditionFailed) as exc:
        contract_sign(actor=users["signatory"], pk=contract.pk, signed_on=datetime.date(2026, 1, 5),
                      client_signatory="GM")  # fmt: skip
    assert [f.split(" ")[0] for f in exc.value.failures] == ["3.1.3"]
    contract.refresh_from_db()
    assert contract.status == "draft" and contract.signed_on is None  # nothing recorded by a refused signing


@pytest.mark.django_db
def test_signing_needs_date_and_client_signatory(users, draft):
    with pytest.raises(ConditionFailed) as exc:
        contract_sign(actor=users["signatory"], pk=draft.pk, signed_on=None, client_signatory="")
    assert [f.split(" ")[0] for f in exc.value.failures] == ["8.1.1", "8.1.1"]


@pytest.mark.django_db
def test_signed_contract_changes_only_by_amendment(users, draft):
    contract_sign(actor=users["signatory"], pk=draft.pk, signed_on=datetime.date(2026, 1, 5), client_signatory="GM")
    with pytest.raises(ValidationError) as exc:
        contract_update(actor=users["market"], pk=draft.pk, fee_standard="Cheaper")
    assert "8.2.3" in str(exc.value)


@pytest.mark.django_db
def test_client_party_is_the_project_client_and_period_is_ordered(users, project):
    with pytest.raises(ValidationError):
        contract_create(actor=users["market"], project_pk=project.pk, number="HT-3", title="x",
                        service_start=datetime.date(2026, 5, 1), service_end=datetime.date(2026, 1, 1))  # fmt: skip
    with pytest.raises(PermissionDenied):
        contract_create(actor=users["planner"], project_pk=project.pk, number="HT-4", title="x")


@pytest.mark.django_db
def test_contract_scope(users, draft, other_project):
    other = contract_create(actor=users["head"], project_pk=other_project.pk, number="HT-9", **CONTRACT_TERMS)
    assert set(Contract.objects.visible_to(users["market"])) == {draft}
    assert set(Contract.objects.visible_to(users["legal"])) == {draft, other}
    assert set(Contract.objects.visible_to(users["client"])) == set()  # drafts are not client-facing
    contract_sign(actor=users["signatory"], pk=draft.pk, signed_on=datetime.date(2026, 1, 5), client_signatory="GM")
    assert set(Contract.objects.visible_to(users["client"])) == {draft}
    assert set(Contract.objects.visible_to(users["client2"])) == set()


def test_the_contract_table():
    assert [(t.source, t.target, t.permission) for t in CONTRACT_WORKFLOW.transitions] == [
        ("draft", "signed", "contracts.sign_contract")
    ]
