"""Contract pages: the register with its filters and CSV/XLSX export, the detail page per role, the forms posting to
the services (refusals as messages citing the clause), the archive log, and constant query counts on every list."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from contracts.models import ArchiveAccess, Contract, LegalReview
from contracts.services import (
    borrowing_request,
    contract_archive,
    contract_create,
    contract_submit,
    obligation_add,
)
from core.models import AuditEvent
from tests.helpers import CONTRACT_TERMS, approve_contract, sign_contract

TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def _english(client):
    from django.utils import translation

    client.cookies["django_language"] = "en"  # the pages in English
    with translation.override("en"):
        yield


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.mark.django_db
def test_the_register_filters_and_exports_what_it_shows(client, users, project, other_project):
    mine = sign_contract(project, users, amount="500000.00")
    Contract.objects.filter(pk=mine.pk).update(service_end=TODAY() + datetime.timedelta(days=20))
    contract_create(actor=users["head"], project_pk=other_project.pk, number="HT-OTHER", **CONTRACT_TERMS)
    client.force_login(users["market"])  # sees only its project's contracts
    page = client.get("/contracts/")
    assert [c.number for c in page.context["contracts"]] == [mine.number]
    client.force_login(users["legal"])
    assert {c.number for c in client.get("/contracts/").context["contracts"]} == {mine.number, "HT-OTHER"}
    assert [c.number for c in client.get("/contracts/?status=signed").context["contracts"]] == [mine.number]
    assert [c.number for c in client.get("/contracts/?expiring=30").context["contracts"]] == [mine.number]
    assert [c.number for c in client.get("/contracts/?q=other").context["contracts"]] == ["HT-OTHER"]

    exported = client.get("/contracts/?status=signed&format=csv")
    assert exported.status_code == 200 and exported["Content-Type"].startswith("text/csv")
    assert "attachment;" in exported["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Number" and [r[0] for r in rows[1:]] == [mine.number]
    event = AuditEvent.objects.filter(action="export").latest("id")
    assert event.actor == users["legal"] and event.changes["rows"] == [None, 1]
    assert event.changes["filters"][1] == {"status": "signed"}

    from openpyxl import load_workbook

    xlsx = client.get("/contracts/?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert len(values) == 3 and values[0][0] == "Number"
    amounts = {row[0]: row[7] for row in values[1:]}
    assert amounts[mine.number] == 500000  # typed numbers, not text
    client.force_login(users["market"])
    rows = list(csv.reader(io.StringIO(client.get("/contracts/?format=csv").content.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == [mine.number]  # the export honours the scope


@pytest.mark.django_db
def test_exported_text_cannot_become_a_formula(client, users, project):
    contract_create(
        actor=users["market"], project_pk=project.pk, number="HT-F", **{**CONTRACT_TERMS, "title": "=HYPERLINK(1)"}
    )
    client.force_login(users["legal"])
    rows = list(csv.reader(io.StringIO(client.get("/contracts/?format=csv").content.decode("utf-8-sig"))))
    assert rows[1][1] == "'=HYPERLINK(1)"


@pytest.mark.django_db
def test_the_forms_post_to_the_workflow(client, users, project):
    contract = contract_create(actor=users["market"], project_pk=project.pk, number="HT-P", **CONTRACT_TERMS)
    client.force_login(users["market"])
    response = client.post(
        f"/contracts/{contract.pk}/transition/",
        {"target": "legal_review", "expected_source": "draft", "comment": ""},
        follow=True,
    )
    assert response.status_code == 200
    contract.refresh_from_db()
    assert contract.status == "legal_review"
    edit = client.get(f"/contracts/{contract.pk}/edit/", follow=True)
    assert any("8.1.3" in m for m in messages_of(edit))  # frozen under review
    client.force_login(users["legal"])
    detail = client.get(f"/contracts/{contract.pk}/")
    assert detail.context["review_option"] and not detail.context["options"]
    refused = client.post(f"/contracts/{contract.pk}/review/", {"outcome": "passed", "opinion": "ok"}, follow=True)
    assert any("8.1.2" in m for m in messages_of(refused))
    client.post(f"/contracts/{contract.pk}/review/", {"outcome": "passed", "opinion": "ok", "lawful": "on",
                                                      "obligations_clear": "on", "risk_controlled": "on"})  # fmt: skip
    assert LegalReview.objects.get(contract=contract).outcome == "passed"
    client.force_login(users["head"])
    targets = [o["transition"].target for o in client.get(f"/contracts/{contract.pk}/").context["options"]]
    assert targets == ["executive_approval", "draft"]  # 1.2 million: the executive approves after the head
    sent_back = client.post(
        f"/contracts/{contract.pk}/transition/",
        {"target": "draft", "expected_source": "head_approval", "comment": ""},
        follow=True,
    )
    assert any("reason is required" in m for m in messages_of(sent_back))


@pytest.mark.django_db
def test_the_client_sees_the_signed_contract_without_the_internal_records(client, users, project):
    contract = sign_contract(project, users)
    client.force_login(users["client"])
    page = client.get(f"/contracts/{contract.pk}/")
    assert page.status_code == 200 and not page.context["internal"]
    for internal in ("versions", "reviews", "approvals", "invoices", "audit_events", "archive_record"):
        assert internal not in page.context, internal
    assert client.get(f"/contracts/{contract.pk}/versions/1/").status_code == 403
    client.force_login(users["client2"])
    assert client.get(f"/contracts/{contract.pk}/").status_code == 404


@pytest.mark.django_db
def test_every_archive_view_and_download_is_logged(client, users, project):
    contract = sign_contract(project, users)
    record = contract_archive(actor=users["legal"], pk=contract.pk, archive_number="DA-1", location="Room 2",
                              custodian=users["legal"], upload=ContentFile(b"%PDF-1.4", name="scan.pdf"))  # fmt: skip
    client.force_login(users["auditor"])
    assert client.get(f"/contracts/archive/{record.pk}/").status_code == 200
    download = client.get(f"/contracts/archive/{record.pk}/copy/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4"
    assert client.get(f"/attachments/{record.electronic_copy_id}/").status_code == 200  # the copy by another link
    accesses = list(ArchiveAccess.objects.filter(record=record).values_list("user__username", "kind"))
    assert accesses == [("auditor", "download"), ("auditor", "download"), ("auditor", "view")]
    client.force_login(users["head"])
    client.post(f"/contracts/archive/{record.pk}/borrow/", {"purpose": "Renewal talks", "due_back": "2099-01-01"})
    borrowing = record.borrowings.get()
    client.force_login(users["legal"])
    client.post(f"/contracts/archive/{record.pk}/borrowings/{borrowing.pk}/", {"decision": "lend", "note": ""})
    borrowing.refresh_from_db()
    assert borrowing.status == "lent"
    page = client.get(f"/contracts/archive/{record.pk}/")
    assert page.context["lent_out"]


def _grow(users, project, n):
    for _ in range(n):
        contract = sign_contract(project, users, amount="500000.00")
        obligation_add(actor=users["legal"], pk=contract.pk, description="Fee", party="client", kind="payment",
                       amount=Decimal("10"), due_on=TODAY(), responsible=users["finance"])  # fmt: skip
        record = contract_archive(actor=users["legal"], pk=contract.pk, archive_number=f"DA-{contract.pk}",
                                  location="Room", custodian=users["legal"],
                                  upload=ContentFile(b"%PDF", name="s.pdf"))  # fmt: skip
        borrowing_request(actor=users["head"], record_pk=record.pk, purpose="Audit", due_back=TODAY())
        draft = contract_create(actor=users["market"], project_pk=project.pk, number=f"HT-D{contract.pk}",
                                **CONTRACT_TERMS)  # fmt: skip
        contract_submit(actor=users["market"], pk=draft.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/contracts/", "/contracts/?format=csv", "/contracts/obligations/",
                                 "/contracts/archive/", "/contracts/authorisations/", "/contracts/{contract}/",
                                 "/api/contracts/", "/api/contract-obligations/", "/api/contract-archive/",
                                 "/api/contract-borrowings/", "/api/invoices/", "/"])  # fmt: skip
def test_contract_lists_run_a_constant_number_of_queries(client, users, project, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = sign_contract(project, users, amount="500000.00")
    for n in range(2):
        obligation_add(actor=users["legal"], pk=first.pk, description=f"Fee {n}", party="client", kind="payment",
                       amount=Decimal("10"), due_on=TODAY(), responsible=users["finance"])  # fmt: skip
    _grow(users, project, 1)
    target = url.format(contract=first.pk)
    client.force_login(users["head"])
    client.get(target)
    with CaptureQueriesContext(connection) as small:
        assert client.get(target).status_code == 200
    _grow(users, project, 4)
    for n in range(4):
        obligation_add(actor=users["legal"], pk=first.pk, description=f"More {n}", party="ours", kind="milestone",
                       due_on=TODAY(), responsible=users["planner"])  # fmt: skip
    approve_contract(contract_create(actor=users["head"], project_pk=project.pk, number="HT-LAST", **CONTRACT_TERMS),
                     users)  # fmt: skip
    with CaptureQueriesContext(connection) as large:
        assert client.get(target).status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries][len(small) :]


@pytest.mark.django_db
def test_documents_are_attached_until_the_contract_is_terminated(client, api_client, users, project):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from contracts.services import contract_terminate

    contract = sign_contract(project, users)
    client.force_login(users["legal"])
    upload = SimpleUploadedFile("annex-1.pdf", b"%PDF-1.4 annex", content_type="application/pdf")
    client.post(f"/contracts/{contract.pk}/documents/", {"files": [upload], "description": "Annex 1"})
    page = client.get(f"/contracts/{contract.pk}/")
    assert [a.name for a in page.context["attachments"]] == ["annex-1.pdf"] and page.context["documents_form"]
    api_client.force_authenticate(users["market"])
    listed = api_client.get(f"/api/contracts/{contract.pk}/documents/")
    assert [a["name"] for a in listed.data] == ["annex-1.pdf"]
    contract_terminate(actor=users["legal"], pk=contract.pk, terminated_on=TODAY(), reason="r", legal_basis="b")
    late = SimpleUploadedFile("late.pdf", b"%PDF", content_type="application/pdf")
    refused = api_client.post(f"/api/contracts/{contract.pk}/documents/", {"files": [late]}, format="multipart")
    assert refused.status_code == 400 and "8.1.3" in str(refused.data)
    assert client.get(f"/contracts/{contract.pk}/").context["documents_form"] is None


@pytest.mark.django_db
def test_the_contract_file_is_internal_and_the_archive_copy_is_reached_through_the_archive(client, users, project):
    from core.models import Attachment

    contract = sign_contract(project, users)
    record = contract_archive(actor=users["legal"], pk=contract.pk, archive_number="DA-1", location="Room 2",
                              custodian=users["legal"], upload=ContentFile(b"%PDF-1.4", name="scan.pdf"))  # fmt: skip
    copy = record.electronic_copy
    for role, sees in (("legal", True), ("auditor", True), ("market", False), ("client", False)):
        assert Attachment.objects.visible_to(users[role]).filter(pk=copy.pk).exists() is sees, role
        client.force_login(users[role])
        assert client.get(f"/attachments/{copy.pk}/").status_code == (200 if sees else 404), role
