"""Key risk indicators (7.3): manual readings raise a warning at once; warnings left unhandled are escalated once;
warnings are internal and financial ones follow the finance scope."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import Notification
from risk.models import Indicator, RiskWarning
from risk.services import escalate_unhandled, evaluate_indicators, reading_record


@pytest.fixture
def complaints(users):
    return Indicator.objects.create(code="complaints", name="Complaints a month", unit="", direction="above",
                                    warning_threshold=Decimal("3"), critical_threshold=Decimal("6"),
                                    clause="7.3.2", owner=users["service"])  # fmt: skip


@pytest.mark.django_db
def test_a_manual_reading_raises_a_warning_at_once_and_only_once(users, project, complaints):
    reading_record(actor=users["head"], indicator_pk=complaints.pk, value="2", project=project)
    assert not RiskWarning.objects.exists()
    reading_record(actor=users["head"], indicator_pk=complaints.pk, value="4", project=project)
    reading_record(actor=users["head"], indicator_pk=complaints.pk, value="5", project=project)  # same breach
    warning = RiskWarning.objects.get()
    assert (warning.level, warning.latest_value) == ("warning", Decimal("5.00"))
    assert Notification.objects.filter(recipient=users["service"], clause="7.3.2").count() == 1
    with pytest.raises(PermissionDenied):
        reading_record(actor=users["market"], indicator_pk=complaints.pk, value="9", project=project)
    with pytest.raises(ValidationError):  # a system indicator is not read by hand
        reading_record(actor=users["head"], indicator_pk=Indicator.objects.get(code="finance-spending-ahead").pk,
                       value="1")  # fmt: skip


@pytest.mark.django_db
def test_an_unhandled_warning_is_escalated_once(users, project, complaints, settings):
    settings.RISK_WARNING_ESCALATE_HOURS = 24
    reading_record(actor=users["head"], indicator_pk=complaints.pk, value="7", project=project)
    warning = RiskWarning.objects.get()
    assert escalate_unhandled() == 0  # not yet
    later = timezone.now() + datetime.timedelta(hours=25)
    assert escalate_unhandled(now=later) == 1
    assert escalate_unhandled(now=later) == 0  # once
    assert Notification.objects.filter(recipient=users["executive"],
                                       dedupe_key=f"risk-warning-escalated:{warning.pk}").count() == 1  # fmt: skip
    assert evaluate_indicators(now=later)["unhandled"] == 0


@pytest.mark.django_db
def test_warnings_are_internal(users, project, complaints):
    reading_record(actor=users["head"], indicator_pk=complaints.pk, value="7", project=project)
    for role, sees in (("head", True), ("executive", True), ("inspector", True), ("legal", True),
                       ("market", False), ("client", False), ("employee", False)):  # fmt: skip
        assert RiskWarning.objects.visible_to(users[role]).exists() is sees, role


@pytest.mark.django_db
def test_the_indicators_page_records_manual_readings(client, users, project, complaints):
    client.force_login(users["head"])
    page = client.get("/risk/indicators/")
    assert page.status_code == 200 and page.context["has_manual"]
    client.post("/risk/indicators/readings/", {"indicator": complaints.pk, "project": project.pk, "value": "8"})
    assert RiskWarning.objects.get().level == "critical"
    row = next(i for i in client.get("/risk/indicators/").context["indicators"] if i.pk == complaints.pk)
    assert row.latest_value == Decimal("8.00")
    client.force_login(users["market"])
    assert client.get("/risk/indicators/").status_code == 403


@pytest.mark.django_db
def test_the_risk_register_filters_exports_and_stays_in_scope(client, users, project, other_project):
    import csv
    import io

    from risk.models import Risk

    for p, text in ((project, "A competitor opens nearby."), (other_project, "The landlord sells the site.")):
        Risk.objects.create(project=p, category="market", level="high", description=text,
                            identified_by=users["head"])  # fmt: skip
    client.cookies["django_language"] = "en"
    client.force_login(users["market"])  # its own project's risks only
    assert [r.project for r in client.get("/risk/").context["risks"]] == [project]
    client.force_login(users["head"])
    assert len(client.get("/risk/?level=high").context["risks"]) == 2
    assert [r.project for r in client.get("/risk/?q=landlord").context["risks"]] == [other_project]
    rows = list(csv.reader(io.StringIO(client.get("/risk/?q=landlord&format=csv").content.decode("utf-8-sig"))))
    assert rows[0][0] == "Project" and [r[0] for r in rows[1:]] == [other_project.code]
    client.force_login(users["client"])
    assert client.get("/risk/").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 6])
def test_the_risk_register_runs_a_constant_number_of_queries(
    client, users, project, size, django_assert_max_num_queries
):
    from risk.models import Risk
    from tests.factories import ProjectFactory

    for _ in range(size):
        Risk.objects.create(project=ProjectFactory(), category="market", level="high", description="d",
                            identified_by=users["head"])  # fmt: skip
    client.force_login(users["head"])
    with django_assert_max_num_queries(12):
        assert client.get("/risk/").status_code == 200


@pytest.mark.django_db
def test_risks_are_recorded_on_the_register(client, users, project, other_project):
    from risk.models import Risk

    client.cookies["django_language"] = "en"
    client.force_login(users["planner"])
    client.post("/risk/new/", {"project": project.pk, "category": "operational", "level": "high",
                               "description": "Escalator breakdowns at peak hours.", "cause": "Old units",
                               "consequence": "Injuries and complaints"})  # fmt: skip
    risk = Risk.objects.get()
    assert (risk.project, risk.identified_by, risk.source) == (project, users["planner"], "periodic_review")
    refused = client.post("/risk/new/", {"project": other_project.pk, "category": "market", "level": "low",
                                         "description": "x"})  # fmt: skip
    assert refused.status_code == 302 and Risk.objects.count() == 1  # not a project the planner works on
    empty = client.post("/risk/new/", {"category": "market", "level": "low", "description": ""}, follow=True)
    assert any("Description" in str(m) for m in empty.context["messages"]) and Risk.objects.count() == 1
    client.force_login(users["auditor"])  # reads risks, records none
    assert client.post("/risk/new/", {"category": "market", "level": "low", "description": "y"}).status_code == 403
