"""The finance API: budgets through approval, adjustments, costs and claims; refusals cite the clause; bad money
is a 400; an employee sees only its own claims."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from finance.models import FinanceCategory

TODAY = datetime.date.today()


def as_(api_client, user):
    api_client.force_authenticate(user)
    return api_client


def cat(code):
    return FinanceCategory.objects.get(code=code).pk


@pytest.mark.django_db
def test_budget_to_adjustment_through_the_api(api_client, users, project):
    api = as_(api_client, users["head"])
    created = api.post("/api/budgets/", {"year": TODAY.year, "project": project.pk, "assumptions": "Steady."},
                       format="json")  # fmt: skip
    assert created.status_code == 201, created.data
    url = f"/api/budgets/{created.data['id']}"
    lines = [{"category": cat(code), "month": m, "amount": amount}
             for code, amount in (("service-fees", "1000.00"), ("staff", "400.00"), ("travel", "50.00"))
             for m in range(1, 13)]  # fmt: skip
    saved = api.post(f"{url}/lines/", lines, format="json")
    assert saved.status_code == 200 and saved.data["totals"]["revenue"] == "12000.00"
    bad = api.post(f"{url}/lines/", [{"category": cat("staff"), "month": 1, "amount": "-1"}], format="json")
    assert bad.status_code == 400
    assert api.post(f"{url}/transition/", {"target": "submitted"}, format="json").status_code == 200
    early = api.post(f"{url}/transition/", {"target": "approved"}, format="json")
    assert early.status_code == 409
    as_(api_client, users["finance"]).post(f"{url}/transition/", {"target": "reviewed"}, format="json")
    approved = as_(api_client, users["executive"]).post(f"{url}/transition/", {"target": "approved"}, format="json")
    assert approved.status_code == 200 and approved.data["version"] == 1
    locked = as_(api_client, users["head"]).post(f"{url}/lines/", lines[:1], format="json")
    assert locked.status_code == 400 and "6.1.3" in str(locked.data)
    adjustment = api.post("/api/budget-adjustments/", {"budget": created.data["id"], "reason": "New hires.",
                                                       "lines": [{"category": cat("staff"), "month": 12,
                                                                  "amount": "600.00"}]}, format="json")  # fmt: skip
    assert adjustment.status_code == 201, adjustment.data
    assert adjustment.data["changes"] == {f"{cat('staff')}:12": "600.00"}


@pytest.mark.django_db
def test_claims_through_the_api(api_client, users):
    api = as_(api_client, users["employee"])
    claim = api.post("/api/expense-claims/", {"purpose": "Trip"}, format="json")
    assert claim.status_code == 201
    url = f"/api/expense-claims/{claim.data['id']}"
    item = api.post(f"{url}/items/", {"category": cat("meals"), "spent_on": TODAY.isoformat(), "amount": "88.80",
                                      "description": "Lunch with the client"}, format="json")  # fmt: skip
    assert item.status_code == 200 and item.data["total"] == "88.80"
    for bad in ({"amount": "-3"}, {"amount": "1e30"}, {"spent_on": "2026-02-30"}, {"category": 999999}):
        payload = {"category": cat("meals"), "spent_on": TODAY.isoformat(), "amount": "1", "description": "x", **bad}
        assert api.post(f"{url}/items/", payload, format="json").status_code == 400, bad
    missing = api.post(f"{url}/transition/", {"target": "submitted"}, format="json")
    assert missing.status_code == 409 and missing.data["clause"] == "6.3.3"  # the receipts are missing
    receipt = SimpleUploadedFile("receipt.pdf", b"%PDF-1.4", content_type="application/pdf")
    assert api.post(f"{url}/receipts/", {"files": [receipt]}, format="multipart").status_code == 201
    assert api.post(f"{url}/transition/", {"target": "submitted"}, format="json").status_code == 200
    assert as_(api_client, users["market"]).get(url + "/").status_code == 403  # not a claimant or reviewer
    head = as_(api_client, users["head"])
    assert head.post(f"{url}/transition/", {"target": "manager_approved"}, format="json").status_code == 200
    listed = as_(api_client, users["employee"]).get("/api/expense-claims/").data["results"]
    assert [c["id"] for c in listed] == [claim.data["id"]]


@pytest.mark.django_db
def test_an_invoice_is_marked_received_by_page_and_api(api_client, client, users, project):
    from decimal import Decimal

    from finance.services import invoice_record
    from tests.helpers import sign_contract

    contract = sign_contract(project, users, amount="500000.00")
    first = invoice_record(actor=users["finance"], contract_pk=contract.pk, number="FP-R1", amount=Decimal("10.00"),
                           issued_on=TODAY)  # fmt: skip
    second = invoice_record(actor=users["finance"], contract_pk=contract.pk, number="FP-R2", amount=Decimal("10.00"),
                            issued_on=TODAY)  # fmt: skip
    api = as_(api_client, users["finance"])
    future = api.post(f"/api/invoices/{first.pk}/receive/", {"received_on": "2999-01-01"}, format="json")
    assert future.status_code == 400
    paid = api.post(f"/api/invoices/{first.pk}/receive/", {"received_on": TODAY.isoformat()}, format="json")
    assert paid.status_code == 200 and paid.data["received_on"] == TODAY.isoformat()
    assert as_(api_client, users["legal"]).post(f"/api/invoices/{second.pk}/receive/", {"received_on":
                                                TODAY.isoformat()}, format="json").status_code == 403  # fmt: skip
    client.force_login(users["finance"])
    client.post(f"/finance/invoices/{second.pk}/receive/", {"received_on": TODAY.isoformat()})
    second.refresh_from_db()
    assert second.received_on == TODAY
