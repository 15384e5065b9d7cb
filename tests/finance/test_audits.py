"""Audits (6.4.1, 6.4.3): an auditor reads only the financial records its engagement in force covers; findings are
recorded and responded to; the records an external auditor needs export within the engagement's scope."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from finance.models import Budget, CostEntry, FinanceCategory, Invoice
from finance.models.audit import AuditEngagement
from finance.services import (
    budget_create,
    cost_record,
    engagement_create,
    finding_add,
    finding_close,
    finding_respond,
)

TODAY = datetime.date.today()


def engage(users, projects=(), all_projects=False, expires_on=None):
    return engagement_create(actor=users["finance"], title="Year-end audit", kind="external",
                             period_start=datetime.date(TODAY.year, 1, 1), period_end=TODAY,
                             expires_on=expires_on or TODAY + datetime.timedelta(days=30), auditors=[users["auditor"]],
                             projects=projects, all_projects=all_projects)  # fmt: skip


@pytest.fixture
def books(users, project, other_project):
    staff = FinanceCategory.objects.get(code="staff")
    for p in (project, other_project):
        budget_create(actor=users["head"], year=TODAY.year, project=p, assumptions="Steady.")
        cost_record(actor=users["finance"], category=staff, amount="100.00", incurred_on=TODAY,
                    description=f"Payroll {p.code}", project=p)  # fmt: skip


@pytest.mark.django_db
def test_an_auditor_sees_only_what_its_engagement_in_force_covers(users, project, other_project, books):
    assert not Budget.objects.visible_to(users["auditor"]).exists()  # no engagement: nothing
    engagement = engage(users, projects=[project])
    assert {b.project for b in Budget.objects.visible_to(users["auditor"])} == {project}
    assert {c.project for c in CostEntry.objects.visible_to(users["auditor"])} == {project}
    assert set(AuditEngagement.objects.visible_to(users["auditor"])) == {engagement}
    AuditEngagement.objects.filter(pk=engagement.pk).update(expires_on=TODAY - datetime.timedelta(days=1))
    assert not CostEntry.objects.visible_to(users["auditor"]).exists()  # expired: nothing any more
    engage(users, all_projects=True)
    assert CostEntry.objects.visible_to(users["auditor"]).count() == 2
    assert Budget.objects.visible_to(users["finance"]).count() == 2  # finance is not limited


@pytest.mark.django_db
def test_an_engagement_names_auditors_and_a_scope(users, project):
    with pytest.raises(ValidationError):
        engagement_create(actor=users["finance"], title="t", kind="internal", period_start=TODAY, period_end=TODAY,
                          expires_on=TODAY, auditors=[users["market"]], projects=[project])  # fmt: skip
    with pytest.raises(ValidationError):
        engagement_create(actor=users["finance"], title="t", kind="internal", period_start=TODAY, period_end=TODAY,
                          expires_on=TODAY, auditors=[users["auditor"]])  # fmt: skip
    with pytest.raises(PermissionDenied):
        engage({**users, "finance": users["auditor"]}, projects=[project])


@pytest.mark.django_db
def test_findings_are_responded_to_and_closed(users, project, books):
    engagement = engage(users, projects=[project])
    finding = finding_add(actor=users["finance"], engagement_pk=engagement.pk, title="Late receipts",
                          description="Three claims lacked receipts.", severity="medium")  # fmt: skip
    with pytest.raises(ValidationError):
        finding_close(actor=users["finance"], pk=finding.pk)
    with pytest.raises(PermissionDenied):
        finding_respond(actor=users["auditor"], pk=finding.pk, response="x")
    finding_respond(actor=users["head"], pk=finding.pk, response="Receipts are now required before submission.")
    assert finding_close(actor=users["finance"], pk=finding.pk).status == "closed"


@pytest.mark.django_db
def test_the_auditors_export_stays_within_the_engagement(client, users, project, other_project, books):
    engagement = engage(users, projects=[project])
    client.force_login(users["auditor"])
    client.cookies["django_language"] = "en"
    response = client.get(f"/finance/audits/{engagement.pk}/export/costs/?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == [project.code]
    assert client.get(f"/finance/audits/{engagement.pk}/").status_code == 200
    assert client.get(f"/finance/audits/{engagement.pk}/export/bogus/").status_code == 404
    assert not Invoice.objects.visible_to(users["auditor"]).filter(project=other_project).exists()
