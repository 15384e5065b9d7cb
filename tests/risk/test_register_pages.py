"""The risk register pages (7.1–7.2): a risk taken from assessment to response over HTTP, refusals shown with the
clause, the heat map's counts and click-through, the trend of levels, a project's risk tab and reviews, and every
page and API list at a constant number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import Department
from risk.models import Risk, RiskAssessment, RiskResponse, RiskReview
from risk.register import response_propose, risk_assess, risk_record
from risk.views.register import level_trend

TODAY = timezone.localdate()


def messages_of(response) -> str:
    return " | ".join(str(m) for m in response.context["messages"])


def grow(users, project, n):
    for i in range(n):
        risk = risk_record(actor=users["head"], project=project, category="financial", level="low",
                           description=f"Risk {i}")  # fmt: skip
        risk_assess(actor=users["head"], pk=risk.pk, stage="inherent", likelihood=1 + i % 5, impact=1 + (i * 2) % 5,
                    rationale="r", probability="10", expected_loss="100")  # fmt: skip
        response_propose(actor=users["head"], pk=risk.pk, strategy="reduce", measures="m",
                         department=Department.objects.first(), owner=users["planner"], due_on=TODAY)  # fmt: skip
    RiskReview.objects.get_or_create(project=project, status="due", defaults={"due_on": TODAY, "every_days": 90})


@pytest.mark.django_db
def test_a_risk_is_assessed_and_answered_on_its_page(client, users, project):
    client.cookies["django_language"] = "en"
    client.force_login(users["planner"])
    risk = risk_record(actor=users["planner"], project=project, category="operational", level="medium",
                       description="Lift outages at peak hours")  # fmt: skip
    page = client.get(f"/risk/{risk.pk}/")
    assert page.status_code == 200 and page.context["assess_form"] and page.context["response_form"] is None
    done = client.post(f"/risk/{risk.pk}/assess/", {"stage": "inherent", "likelihood": "4", "impact": "5",
                                                    "rationale": "Old lifts.", "probability": "55",
                                                    "expected_loss": "300000"}, follow=True)  # fmt: skip
    assert "Assessment recorded" in messages_of(done)
    risk.refresh_from_db()
    assert (risk.level, risk.inherent_level) == ("critical", "critical")
    bad = client.post(f"/risk/{risk.pk}/assess/", {"stage": "inherent", "likelihood": "9", "impact": "1",
                                                   "rationale": "x", "probability": "1", "expected_loss": "1"},
                      follow=True)  # fmt: skip
    assert "Likelihood" in messages_of(bad) and risk.assessments.count() == 1
    data = {"strategy": "accept", "measures": "Standby technician.", "department": Department.objects.first().pk,
            "owner": users["planner"].pk, "due_on": TODAY.isoformat(),
            "expires_on": (TODAY + datetime.timedelta(days=60)).isoformat()}  # fmt: skip
    assert "Response recorded" in messages_of(client.post(f"/risk/{risk.pk}/responses/", data, follow=True))
    response = RiskResponse.objects.get()
    client.force_login(users["head"])
    page = client.get(f"/risk/{risk.pk}/")
    options = {o["transition"].target for o in page.context["responses"][0].options}
    assert options == {"pending_executive", "rejected"}  # critical: the head only passes it on (7.2.1)
    refused = client.post(f"/risk/responses/{response.pk}/transition/", {"target": "accepted",
                          "expected_source": "pending_head"}, follow=True)  # fmt: skip
    assert "7.2.1" in messages_of(refused) and "executive" in messages_of(refused)
    client.post(f"/risk/responses/{response.pk}/transition/", {"target": "pending_executive",
                "expected_source": "pending_head", "comment": "Agreed."})  # fmt: skip
    client.force_login(users["executive"])
    client.post(f"/risk/responses/{response.pk}/transition/", {"target": "accepted",
                "expected_source": "pending_executive", "comment": "For two months."})  # fmt: skip
    response.refresh_from_db()
    assert response.status == "accepted"
    page = client.get(f"/risk/{risk.pk}/")
    assert [a.step for a in page.context["responses"][0].approvals] == ["risk-acceptance:head",
                                                                        "risk-acceptance:executive"]  # fmt: skip
    client.force_login(users["inspector"])
    client.post(f"/risk/responses/{response.pk}/checks/", {"result": "partly", "notes": "One outage."})
    assert response.checks.get().result == "partly"
    client.force_login(users["planner"])
    closed = client.post(f"/risk/{risk.pk}/close/", {"reason": "Lifts replaced."}, follow=True)
    assert "Risk closed" in messages_of(closed)
    page = client.get(f"/risk/{risk.pk}/")
    assert page.context["assess_form"] is None and page.context["close_form"] is None
    client.force_login(users["client"])
    assert client.get(f"/risk/{risk.pk}/").status_code == 403


@pytest.mark.django_db
def test_the_heat_map_counts_open_risks_and_links_to_them(client, users, project, other_project):
    client.force_login(users["head"])
    a = risk_record(actor=users["head"], project=project, category="market", level="low", description="A")
    b = risk_record(actor=users["head"], project=other_project, category="legal", level="low", description="B")
    risk_record(actor=users["head"], project=project, category="legal", level="low", description="Not assessed")
    for risk in (a, b):
        risk_assess(actor=users["head"], pk=risk.pk, stage="inherent", likelihood=4, impact=2, rationale="r",
                    probability="1", expected_loss="1")  # fmt: skip
    heat = client.get("/risk/heatmap/").context["heatmap"]
    cells = {(c["likelihood"], c["impact"]): c for row in heat["rows"] for c in row["cells"]}
    assert cells[(4, 2)]["count"] == 2 and cells[(4, 2)]["level"] == "high"
    assert (heat["total"], heat["unassessed"]) == (2, 1)
    assert [row["likelihood"] for row in heat["rows"]] == [5, 4, 3, 2, 1]
    listed = client.get(cells[(4, 2)]["url"]).context["risks"]
    assert {r.pk for r in listed} == {a.pk, b.pk}
    tab = client.get(f"/risk/project/{project.pk}/").context
    cells = {(c["likelihood"], c["impact"]): c for row in tab["heatmap"]["rows"] for c in row["cells"]}
    assert cells[(4, 2)]["count"] == 1  # only this project's
    assert {r.pk for r in client.get(cells[(4, 2)]["url"]).context["risks"]} == {a.pk}
    client.force_login(users["planner"])  # works on `project` only
    heat = client.get("/risk/heatmap/").context["heatmap"]
    assert heat["total"] == 1


@pytest.mark.django_db
def test_the_trend_counts_each_risk_at_its_level_of_the_month(users, project):
    tz = timezone.get_current_timezone()
    risk = risk_record(actor=users["head"], project=project, category="market", level="low", description="A")
    first = risk_assess(actor=users["head"], pk=risk.pk, stage="inherent", likelihood=5, impact=5, rationale="r",
                        probability="1", expected_loss="1")  # fmt: skip
    second = risk_assess(actor=users["head"], pk=risk.pk, stage="residual", likelihood=1, impact=1, rationale="r",
                         probability="1", expected_loss="1")  # fmt: skip
    RiskAssessment.objects.filter(pk=first.pk).update(assessed_at=datetime.datetime(2026, 4, 10, 9, tzinfo=tz))
    RiskAssessment.objects.filter(pk=second.pk).update(assessed_at=datetime.datetime(2026, 6, 1, 0, 5, tzinfo=tz))
    trend = level_trend(Risk.objects.all(), months=4, today=datetime.date(2026, 6, 15))
    series = {d["level"]: d["data"] for d in trend["datasets"]}
    assert trend["labels"] == ["2026-03", "2026-04", "2026-05", "2026-06"]
    assert series["critical"] == [0, 1, 1, 0]  # not before its first assessment; critical at the end of Apr, May
    assert series["low"] == [0, 0, 0, 1]
    Risk.objects.filter(pk=risk.pk).update(status="closed", closed_at=datetime.datetime(2026, 5, 20, tzinfo=tz))
    series = {d["level"]: d["data"] for d in level_trend(Risk.objects.all(), months=4,
                                                           today=datetime.date(2026, 6, 15))["datasets"]}  # fmt: skip
    assert series["critical"] == [0, 1, 0, 0] and series["low"] == [0, 0, 0, 0]  # closed in May


@pytest.mark.django_db
def test_a_project_risk_tab_records_risks_and_completes_its_review(client, users, project):
    client.cookies["django_language"] = "en"
    client.force_login(users["planner"])
    type(project).objects.filter(pk=project.pk).update(stage="execution")
    review = RiskReview.objects.create(project=project, due_on=TODAY, every_days=90)
    page = client.get(f"/risk/project/{project.pk}/")
    assert page.context["due_review"] == review and page.context["review_form"]
    tab = f"/risk/project/{project.pk}/"
    recorded = client.post("/risk/new/", {"project": project.pk, "category": "market", "level": "low",
                                          "description": "New mall nearby", "next": tab})  # fmt: skip
    assert recorded.url == tab
    off_site = client.post("/risk/new/", {"category": "market", "level": "low", "description": "x",
                                          "next": "https://evil.example/"})  # fmt: skip
    assert off_site.url == "/risk/"
    done = client.post(f"/risk/reviews/{review.pk}/complete/", {"notes": "One new risk.", "every_days": "30"},
                       follow=True)  # fmt: skip
    assert "next one is planned" in messages_of(done)
    assert RiskReview.objects.get(status="due").due_on == TODAY + datetime.timedelta(days=30)
    assert client.get("/risk/reviews/?status=done").context["reviews"][0] == RiskReview.objects.get(pk=review.pk)


URLS = ["/risk/", "/risk/?format=csv", "/risk/{risk}/", "/risk/heatmap/", "/risk/project/{project}/", "/risk/reviews/",
        "/api/risks/", "/api/risk-assessments/", "/api/risk-responses/", "/api/risk-reviews/", "/"]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
def test_risk_pages_run_a_constant_number_of_queries(client, users, project, url):
    grow(users, project, 2)
    risk = Risk.objects.order_by("pk").first()
    target = url.format(risk=risk.pk, project=project.pk)
    client.force_login(users["head"])
    client.get(target)
    with CaptureQueriesContext(connection) as small:
        assert client.get(target).status_code == 200
    grow(users, project, 6)
    for _i in range(3):  # more assessments and responses of the risk on its page
        risk_assess(actor=users["head"], pk=risk.pk, stage="residual", likelihood=2, impact=2, rationale="r",
                    probability="1", expected_loss="1")  # fmt: skip
        response_propose(actor=users["head"], pk=risk.pk, strategy="transfer", measures="Insure.",
                         department=Department.objects.first(), owner=users["planner"], due_on=TODAY)  # fmt: skip
    with CaptureQueriesContext(connection) as large:
        assert client.get(target).status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries][len(small) :]
