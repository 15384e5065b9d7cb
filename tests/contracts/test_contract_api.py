"""The contract API: the whole path from draft to termination, the archive and authorisations, refusals as clear 4xx
responses citing the clause, and bad input as 400 (never a 500)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from contracts.models import ArchiveAccess, Contract
from tests.factories import UserFactory
from tests.helpers import CONTRACT_TERMS

TODAY = timezone.localdate


def _json(terms):
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in terms.items()}


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


def as_(api_client, user):
    api_client.force_authenticate(user)
    return api_client


@pytest.mark.django_db
def test_draft_to_termination_through_the_api(api_client, users, project):
    api = as_(api_client, users["market"])
    created = api.post("/api/contracts/", {"project": project.pk, "number": "HT-A1", **_json(CONTRACT_TERMS),
                                           "amount": "600000.00"}, format="json")  # fmt: skip
    assert created.status_code == 201, created.data
    url = f"/api/contracts/{created.data['id']}"
    clause = {"contract": created.data["id"], "party": "client", "kind": "obligation", "text": "Pay on time."}
    clause = api.post("/api/contract-clauses/", clause, format="json")
    assert clause.status_code == 201 and clause.data["position"] == 1
    assert api.post(f"{url}/submit/", {}, format="json").status_code == 200
    frozen = api.patch(url + "/", {"fee_standard": "Cheaper"}, format="json")
    assert frozen.status_code == 400 and "8.1.3" in str(frozen.data)

    api = as_(api_client, users["legal"])
    bad = api.post(f"{url}/review/", {"passed": True, "opinion": "ok"}, format="json")  # findings missing
    assert bad.status_code == 409 and bad.data["clause"] == "8.1.2"
    returned = api.post(f"{url}/review/", {"passed": False, "opinion": "Unclear.", "required_changes": "Cap it."},
                        format="json")  # fmt: skip
    assert returned.status_code == 200 and returned.data["outcome"] == "returned"

    api = as_(api_client, users["market"])
    assert api.patch(url + "/", {"rights_obligations": "Capped."}, format="json").status_code == 200
    assert api.post(f"{url}/submit/", {}, format="json").status_code == 200
    api = as_(api_client, users["legal"])
    passed = {"passed": True, "lawful": True, "obligations_clear": True, "risk_controlled": True, "opinion": "Fine."}
    assert api.post(f"{url}/review/", passed, format="json").data["version"] == 2
    versions = api.get(f"{url}/versions/").data
    assert [v["number"] for v in versions] == [2, 1]

    api = as_(api_client, users["head"])
    wrong_tier = api.post(f"{url}/decide/", {"target": "executive_approval"}, format="json")
    assert wrong_tier.status_code == 409 and wrong_tier.data["clause"] == "8.1.3"
    assert api.post(f"{url}/decide/", {"target": "approved", "comment": "Agreed."}, format="json").status_code == 200

    delegate = UserFactory(username="delegate", roles=["signatory"])
    api = as_(api_client, users["signatory"])
    grant = {
        "number": "SQ-1",
        "grantee": delegate.pk,
        "contract_types": ["service"],
        "max_amount": "1000000.00",
        "valid_from": TODAY().isoformat(),
        "valid_until": (TODAY() + datetime.timedelta(days=9)).isoformat(),
    }
    assert api.post("/api/signing-authorisations/", grant, format="json").status_code == 201
    no_type = api.post("/api/signing-authorisations/", {**grant, "number": "SQ-2", "contract_types": []},
                       format="json")  # fmt: skip
    assert no_type.status_code == 400

    api = as_(api_client, delegate)
    copy = SimpleUploadedFile("signed.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
    signed = api.post(f"{url}/sign/", {"signed_on": TODAY().isoformat(), "client_signatory": "Liu",
                                       "signed_copy": copy}, format="multipart")  # fmt: skip
    assert signed.status_code == 200, signed.data
    assert signed.data["status"] == "signed" and signed.data["signed_copy"] and signed.data["signed_under"]

    api = as_(api_client, users["client"])
    assert api.get(url + "/").status_code == 200
    assert api.get(f"{url}/versions/").status_code == 403  # internal
    assert api.get(f"{url}/reviews/").status_code == 403

    api = as_(api_client, users["legal"])
    amendment = api.post(f"{url}/amend/", {"number": "HT-A1-1", "amount": "650000.00"}, format="json")
    assert amendment.status_code == 201 and amendment.data["amends"] == created.data["id"]
    archived = api.post("/api/contract-archive/", {"contract": created.data["id"], "archive_number": "DA-9",
                                                   "location": "Room 2", "custodian": users["legal"].pk},
                        format="json")  # fmt: skip
    assert archived.status_code == 201 and archived.data["electronic_copy"]  # the signed copy by default
    assert api.get(f"/api/contract-archive/{archived.data['id']}/").status_code == 200
    assert ArchiveAccess.objects.filter(kind="view", user=users["legal"]).count() == 1
    ended = api.post(f"{url}/terminate/", {"terminated_on": TODAY().isoformat(), "reason": "Unpaid.",
                                           "legal_basis": "Clause 12."}, format="json")  # fmt: skip
    assert ended.status_code == 200 and ended.data["status"] == "terminated"
    assert api.get(f"{url}/notice/").data["state"] == "generated"
    sent = api.post(f"{url}/notice/send/", {"sent_on": TODAY().isoformat(), "sent_via": "Mail"}, format="json")
    assert sent.status_code == 200 and sent.data["state"] == "sent"

    api = as_(api_client, users["client"])
    ack = api.post(f"{url}/notice/acknowledge/", {"name": "Liu"}, format="json")
    assert ack.status_code == 200 and ack.data["state"] == "acknowledged"
    assert Contract.objects.get(pk=created.data["id"]).status == "terminated"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload",
    [{"amount": "-1"}, {"amount": "abc"}, {"service_start": "2026-13-01"}, {"amount": "1" * 40},
     {"number": "x" * 41}, {"title": "a\x00b"}, {"notice_days": 400}, {"contract_type": "loan"}],
)  # fmt: skip
def test_bad_input_is_a_400(api_client, users, project, payload):
    api = as_(api_client, users["market"])
    response = api.post("/api/contracts/", {"project": project.pk, "number": "HT-B", **_json(CONTRACT_TERMS),
                                            **payload}, format="json")  # fmt: skip
    assert response.status_code == 400, response.data
    assert not Contract.objects.exists()


@pytest.mark.django_db
def test_obligations_api_and_overdue_filter(api_client, users, project):
    from tests.helpers import sign_contract

    contract = sign_contract(project, users, amount="500000.00")
    api = as_(api_client, users["legal"])
    late = api.post("/api/contract-obligations/", {"contract": contract.pk, "party": "client", "kind": "payment",
                                                   "description": "Fee", "amount": "10.00",
                                                   "due_on": (TODAY() - datetime.timedelta(days=2)).isoformat()},
                    format="json")  # fmt: skip
    assert late.status_code == 201 and late.data["is_overdue"] is True
    api.post(
        "/api/contract-obligations/",
        {
            "contract": contract.pk,
            "party": "ours",
            "kind": "milestone",
            "description": "Report",
            "due_on": TODAY().isoformat(),
        },
        format="json",
    )
    overdue = api.get("/api/contract-obligations/?overdue=true").data["results"]
    assert [o["id"] for o in overdue] == [late.data["id"]]
    done = api.post(f"/api/contract-obligations/{late.data['id']}/fulfil/", {"note": "Paid."}, format="json")
    assert done.status_code == 200 and done.data["status"] == "done"
    api = as_(api_client, users["client2"])
    assert api.get(f"/api/contract-obligations/{late.data['id']}/").status_code == 404
