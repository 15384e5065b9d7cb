"""A real-browser journey through chapter 8: a contract is drafted, returned by legal, revised, passed, approved by
the tier its amount requires, refused to a signatory without authority and to one whose authorisation expired,
signed by a valid delegate (the project may then leave intake), amended, and terminated with a notice the client
acknowledges. Each step by the role that owns it; screenshots in test-artifacts/screenshots/contracts/."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from contracts.models import Authorisation, Contract
from contracts.services import authorisation_grant
from projects.models import Project
from tests.browser.support import Browser, fill
from tests.factories import UserFactory
from tests.helpers import evaluate, record_needs_and_talk

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots" / "contracts"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit_form(b, form_testid, fields, submit_testid):
    form = b.page.get_by_test_id(form_testid)
    fill(form, fields)
    with b.page.expect_navigation():
        form.get_by_test_id(submit_testid).click()


def test_draft_to_termination(chromium_available, live_server, page, users, project, tmp_path):
    b = Browser(page, live_server, SHOTS)
    today = timezone.localdate()
    record_needs_and_talk(project, users)
    evaluate(project, users)
    stranger = UserFactory(username="stranger", roles=["signatory"])
    expired = UserFactory(username="expired", roles=["signatory"])
    delegate = UserFactory(username="delegate", roles=["signatory"])
    authorisation_grant(actor=users["signatory"], number="SQ-OLD", grantee=expired, contract_types=["service"],
                        max_amount=Decimal("5000000"), valid_from=today - datetime.timedelta(days=400),
                        valid_until=today)  # fmt: skip
    Authorisation.objects.filter(number="SQ-OLD").update(valid_until=today - datetime.timedelta(days=1))

    # Market drafts the contract with its key terms and a clause (3.1.3) and submits it for legal review (8.1.2).
    b.login("market")
    b.go(f"/contracts/new/?project={project.pk}")
    submit_form(b, "contract-form", {
        "number": "HT-2026-88", "service_content": "Operations, marketing and customer service.",
        "fee_standard": "Monthly fee plus 5 % of revenue.", "payment_terms": "Monthly, within 15 days.",
        "amount": "1200000", "service_start": "2026-05-01", "service_end": "2029-04-30",
        "rights_obligations": "The client provides the site; we run it.",
        "acceptance_conditions": "Operating targets met at the end of the period.",
    }, "contract-save")  # fmt: skip
    b.expect_success()
    contract = Contract.objects.get(number="HT-2026-88")
    submit_form(b, "clause-form", {"party": "client", "kind": "obligation", "text": "The client pays monthly."},
                "clause-add")  # fmt: skip
    b.expect_success()
    b.modal_submit("contract-transition-legal_review", "contract-transition-form-legal_review", {"comment": "v1"},
                   "confirm-contract-transition-legal_review")  # fmt: skip
    b.expect_success()
    b.shot("01-market-submitted")

    # Legal returns it: liability is uncapped.
    b.login("legal")
    b.go(f"/contracts/{contract.pk}/")
    submit_form(
        b,
        "review-form",
        {
            "outcome": "returned",
            "opinion": "Liability is uncapped.",
            "required_changes": "Cap liability at one year's fee.",
        },
        "review-submit",
    )
    b.expect_success()
    contract.refresh_from_db()
    assert contract.status == "draft"
    b.shot("02-legal-returned")

    # Market revises and submits version 2; legal passes it with all three findings.
    b.login("market")
    b.go(f"/contracts/{contract.pk}/edit/")
    submit_form(b, "contract-form", {"rights_obligations": "Liability capped at one year's fee."}, "contract-save")
    b.modal_submit("contract-transition-legal_review", "contract-transition-form-legal_review", {"comment": "v2"},
                   "confirm-contract-transition-legal_review")  # fmt: skip
    b.login("legal")
    b.go(f"/contracts/{contract.pk}/")
    submit_form(
        b,
        "review-form",
        {
            "outcome": "passed",
            "lawful": True,
            "obligations_clear": True,
            "risk_controlled": True,
            "opinion": "Lawful and balanced.",
        },
        "review-submit",
    )
    b.expect_success()
    assert page.get_by_test_id("versions").inner_text().count("2") >= 1

    # 1.2 million is above the executive tier (8.1.3): the head can only pass it on; the executive approves.
    b.login("head")
    b.go(f"/contracts/{contract.pk}/")
    assert page.get_by_test_id("contract-transition-approved").count() == 0
    b.modal_submit("contract-transition-executive_approval", "contract-transition-form-executive_approval",
                   {"comment": "Agreed."}, "confirm-contract-transition-executive_approval")  # fmt: skip
    b.expect_success()
    b.login("executive")
    b.go(f"/contracts/{contract.pk}/")
    b.modal_submit("contract-transition-approved", "contract-transition-form-approved", {"comment": "Approved."},
                   "confirm-contract-transition-approved")  # fmt: skip
    b.expect_success()
    contract.refresh_from_db()
    assert contract.status == "approved"
    b.shot("03-executive-approved")

    # The legal representative authorises the delegate (8.1.1).
    b.login("signatory")
    b.go("/contracts/authorisations/")
    page.get_by_test_id("authorisation-create").click()
    submit_form(b, "authorisation-form", {"number": "SQ-2026-001", "grantee": str(delegate.pk),
                                          "max_amount": "2000000", "valid_from": today.isoformat(),
                                          "valid_until": (today + datetime.timedelta(days=90)).isoformat()},
                "authorisation-save")  # fmt: skip
    b.expect_success()
    b.shot("04-signatory-authorisation")

    # Signing is refused to a signatory without authority and to one whose authorisation expired, with the reason.
    for login, reason in (("stranger", "neither the legal representative"), ("expired", "SQ-OLD expired on")):
        b.login(login)
        b.go(f"/contracts/{contract.pk}/")
        assert page.get_by_test_id("contract-sign").is_disabled()
        failures = page.get_by_test_id("contract-transition-failures-signed").inner_text()
        assert "8.1.1" in failures and reason in failures, failures
    b.shot("05-expired-refused")

    # The delegate signs, with the client's signatory and the signed copy.
    scan = tmp_path / "HT-2026-88-signed.pdf"
    scan.write_bytes(b"%PDF-1.4 signed scan")
    b.login("delegate")
    b.go(f"/contracts/{contract.pk}/")
    b.modal_submit(
        "contract-sign",
        "contract-sign-form",
        {"signed_on": today.isoformat(), "client_signatory": "Client GM", "signed_copy": str(scan)},
        "confirm-contract-sign",
    )
    b.expect_success()
    contract.refresh_from_db()
    assert (contract.status, contract.signed_by, contract.signed_under.number) == ("signed", delegate, "SQ-2026-001")
    assert contract.signed_copy is not None
    b.shot("06-delegate-signed")
    assert stranger.pk and expired.pk

    # The project may now leave intake (3.1.3).
    b.login("head")
    b.go(f"/projects/{project.pk}/")
    b.modal_submit("transition-planning", "transition-form-planning", {"comment": "Contract signed."},
                   "confirm-transition-planning")  # fmt: skip
    b.expect_success()
    assert Project.objects.get(pk=project.pk).stage == "planning"

    # Legal archives the signed contract with its signed copy (8.3.1); the head borrows the original, legal lends
    # it; every view of the record is in its access log. The register shows the contract and exports it.
    b.login("legal")
    b.go(f"/contracts/{contract.pk}/")
    page.get_by_test_id("contract-archive").click()
    submit_form(b, "archive-form", {"location": "Archive room 2, cabinet B", "custodian": str(users["legal"].pk)},
                "archive-save")  # fmt: skip
    b.expect_success()
    record_url = page.url
    b.login("head")
    page.goto(record_url)
    submit_form(
        b,
        "borrow-form",
        {"purpose": "Renewal talks", "due_back": (today + datetime.timedelta(days=7)).isoformat()},
        "borrow-submit",
    )
    b.expect_success()
    b.login("legal")
    page.goto(record_url)
    with page.expect_navigation():
        page.get_by_test_id("borrow-lend").click()
    b.expect_success()
    assert page.get_by_test_id("archive-lent").is_visible()
    assert page.get_by_test_id("access-log").locator("[data-testid=access]").count() >= 4
    b.shot("07-legal-archive")
    b.go("/contracts/?status=signed")
    assert "HT-2026-88" in page.get_by_test_id("contract-table").inner_text()
    with page.expect_download() as download:
        page.get_by_test_id("export-xlsx").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    b.shot("08-legal-register")

    # Legal drafts an amendment (8.2.3): it goes through the same review; the head's approval is final below the tier.
    b.login("legal")
    b.go(f"/contracts/{contract.pk}/")
    page.get_by_test_id("contract-amend").click()
    submit_form(b, "contract-form", {"number": "HT-2026-88-A1", "amount": "900000",
                                     "service_end": "2029-12-31"}, "contract-save")  # fmt: skip
    b.expect_success()
    amendment = Contract.objects.get(number="HT-2026-88-A1")
    assert amendment.amends_id == contract.pk
    b.modal_submit("contract-transition-legal_review", "contract-transition-form-legal_review", {"comment": "A1"},
                   "confirm-contract-transition-legal_review")  # fmt: skip
    submit_form(b, "review-form", {"outcome": "passed", "lawful": True, "obligations_clear": True,
                                   "risk_controlled": True, "opinion": "Fine."}, "review-submit")  # fmt: skip
    b.login("head")
    b.go(f"/contracts/{amendment.pk}/")
    b.modal_submit("contract-transition-approved", "contract-transition-form-approved", {"comment": "Agreed."},
                   "confirm-contract-transition-approved")  # fmt: skip
    b.login("delegate")
    b.go(f"/contracts/{amendment.pk}/")
    b.modal_submit(
        "contract-sign",
        "contract-sign-form",
        {"signed_on": today.isoformat(), "client_signatory": "Client GM"},
        "confirm-contract-sign",
    )
    b.expect_success()
    contract.refresh_from_db()
    assert (contract.amount, contract.service_end) == (Decimal("900000.00"), datetime.date(2029, 12, 31))
    b.go(f"/contracts/{contract.pk}/")
    b.shot("09-amended")

    # Legal terminates it with the reason and legal basis; the notice is generated, sent, and the client acknowledges.
    b.login("legal")
    b.go(f"/contracts/{contract.pk}/")
    b.modal_submit("contract-terminate", "terminate-form", {"terminated_on": today.isoformat(),
                                                            "reason": "Three months of fees unpaid.",
                                                            "legal_basis": "Clause 12.2 of the contract."},
                   "confirm-contract-terminate")  # fmt: skip
    b.expect_success()
    assert "Clause 12.2" in page.get_by_test_id("notice-text").inner_text()
    submit_form(b, "notice-send-form", {"sent_on": today.isoformat(), "sent_via": "Registered mail"}, "notice-send")
    b.expect_success()
    b.login("client")
    b.go(f"/contracts/{contract.pk}/")
    assert page.get_by_test_id("versions").count() == 0 and page.get_by_test_id("reviews").count() == 0
    submit_form(b, "notice-acknowledge-form", {"name": "Client GM"}, "notice-acknowledge")
    b.expect_success()
    assert "Acknowledged" in page.get_by_test_id("notice-state").inner_text()
    b.shot("10-client-acknowledged")
    contract.refresh_from_db()
    assert contract.status == "terminated" and contract.termination_notice.acknowledged_by == users["client"]
