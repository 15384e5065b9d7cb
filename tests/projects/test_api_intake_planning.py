"""The API of intake, planning and contracts: the same services, scoping and clause-citing refusals."""

import datetime

import pytest

from tests.helpers import CONTRACT_TERMS, PLAN, advance_to, evaluate, record_needs_and_talk


def _json_terms():
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in CONTRACT_TERMS.items()}


@pytest.mark.django_db
def test_lead_to_planning_through_the_api(api_client, users, project):
    api_client.force_authenticate(users["market"])
    assert (
        api_client.post("/api/contacts/", {"project": project.pk, "name": "Ms Liu"}, format="json").status_code == 201
    )
    talk = api_client.post("/api/talks/", {"project": project.pk, "date": "2026-02-01", "participants": "Liu",
                                           "summary": "Wants an operator."}, format="json")  # fmt: skip
    assert talk.status_code == 201 and talk.data["recorded_by"]["username"] == "market"
    api_client.patch(f"/api/projects/{project.pk}/", {"client_needs": "Footfall"}, format="json")

    api_client.force_authenticate(users["head"])
    ev = api_client.post("/api/evaluations/", {"project": project.pk, "feasibility": "feasible",
                                               "reasoning": "Good site."}, format="json")  # fmt: skip
    assert ev.status_code == 201, ev.data
    risk = api_client.post("/api/risks/", {"project": project.pk, "category": "market", "level": "high",
                                           "description": "Competitor."}, format="json")  # fmt: skip
    assert risk.status_code == 201 and risk.data["source"] == "intake_evaluation"
    decision = {"decision": "take_on", "reason": "Strategic."}
    decided = api_client.post(f"/api/evaluations/{ev.data['id']}/decide/", decision, format="json")
    assert decided.status_code == 200 and decided.data["decision"] == "take_on"
    refused = api_client.post(f"/api/projects/{project.pk}/transition/", {"target": "planning"}, format="json")
    assert refused.status_code == 409 and [f.split(" ")[0] for f in refused.data["failures"]] == ["3.1.3"]

    contract = api_client.post("/api/contracts/", {"project": project.pk, "number": "HT-API", **_json_terms()},
                               format="json")  # fmt: skip
    assert contract.status_code == 201, contract.data
    url = f"/api/contracts/{contract.data['id']}"
    today = datetime.date.today().isoformat()
    early = api_client.post(f"{url}/sign/", {"signed_on": today, "client_signatory": "Liu"}, format="json")
    assert early.status_code == 409  # not approved yet (8.1.3)
    assert api_client.post(f"{url}/submit/", {}, format="json").status_code == 200
    api_client.force_authenticate(users["legal"])
    review = {"passed": True, "lawful": True, "obligations_clear": True, "risk_controlled": True, "opinion": "Fine."}
    assert api_client.post(f"{url}/review/", review, format="json").status_code == 200
    api_client.force_authenticate(users["head"])
    assert api_client.post(f"{url}/decide/", {"target": "executive_approval"}, format="json").status_code == 200
    api_client.force_authenticate(users["executive"])
    assert api_client.post(f"{url}/decide/", {"target": "approved"}, format="json").status_code == 200
    api_client.force_authenticate(users["head"])
    not_signatory = api_client.post(f"{url}/sign/", {"signed_on": today, "client_signatory": "Liu"},
                                    format="json")  # fmt: skip
    assert not_signatory.status_code == 403 and not_signatory.data["clause"] == "8.1.1"
    api_client.force_authenticate(users["signatory"])
    signed = api_client.post(f"{url}/sign/", {"signed_on": today, "client_signatory": "Liu"}, format="json")
    assert signed.status_code == 200 and signed.data["status"] == "signed"
    api_client.force_authenticate(users["head"])
    moved = api_client.post(f"/api/projects/{project.pk}/transition/", {"target": "planning"}, format="json")
    assert moved.status_code == 200 and moved.data["stage"] == "planning"


@pytest.mark.django_db
def test_plan_review_through_the_api(api_client, users, project):
    advance_to(project, "planning", users)
    api_client.force_authenticate(users["planner"])
    payload = {**PLAN, "project": project.pk, "reviewers": [users["inspector"].pk],
               "milestones": [{"name": "Opening", "due_date": "2026-03-01"}]}  # fmt: skip
    created = api_client.post("/api/plans/", payload, format="json")
    assert created.status_code == 201, created.data
    pk = created.data["id"]
    assert created.data["version"] == 1 and len(created.data["goals"]) == 1
    patched = api_client.patch(f"/api/plans/{pk}/", {"strategies": "Sharper."}, format="json")
    assert patched.status_code == 200 and patched.data["strategies"] == "Sharper."
    assert len(patched.data["goals"]) == 1  # untouched children are kept
    sub = api_client.post(f"/api/plans/{pk}/transition/", {"target": "in_review"}, format="json")
    assert sub.status_code == 200 and sub.data["status"] == "in_review"
    api_client.force_authenticate(users["head"])
    early = api_client.post(f"/api/plans/{pk}/transition/", {"target": "passed"}, format="json")
    assert early.status_code == 409 and "3.2.3" in early.data["detail"]
    api_client.force_authenticate(users["inspector"])
    assert api_client.post(f"/api/plans/{pk}/review/", {"verdict": "revise", "opinion": "Add KPIs."},
                           format="json").status_code == 200  # fmt: skip
    api_client.force_authenticate(users["head"])
    back = api_client.post(f"/api/plans/{pk}/transition/", {"target": "returned", "comment": "Add KPIs."},
                           format="json")  # fmt: skip
    assert back.status_code == 200 and back.data["status"] == "returned"
    api_client.force_authenticate(users["planner"])
    v2 = api_client.post(f"/api/plans/{pk}/revise/")
    assert v2.status_code == 201 and v2.data["version"] == 2 and v2.data["previous"] == pk
    assert api_client.patch(f"/api/plans/{pk}/", {"title": "rewrite history"}, format="json").status_code == 400


@pytest.mark.django_db
def test_second_client_sees_nothing_of_the_first_clients_project(api_client, client, users, project):
    record_needs_and_talk(project, users)
    evaluate(project, users)
    for role in ("client", "client2"):
        api_client.force_authenticate(users[role])
        for url in ("/api/talks/", "/api/contacts/", "/api/evaluations/", "/api/risks/", "/api/plans/",
                    "/api/site-surveys/"):  # fmt: skip
            response = api_client.get(url)
            assert response.status_code in (200, 403)
            if response.status_code == 200:
                assert response.data["count"] == 0, (role, url)
    api_client.force_authenticate(users["client2"])
    assert api_client.get(f"/api/projects/{project.pk}/").status_code == 404
    client.force_login(users["client2"])
    assert client.get(f"/projects/{project.pk}/").status_code == 404
    assert client.get(f"/projects/{project.pk}/evaluation/").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/api/talks/", "/api/contacts/", "/api/evaluations/", "/api/plans/", "/api/contracts/", "/api/risks/"]
)
def test_api_lists_run_a_constant_number_of_queries(api_client, users, client_org, url, django_assert_max_num_queries):
    from projects.services import contact_add, evaluation_save, talk_add
    from tests.factories import ProjectFactory

    def grow(n):
        for _ in range(n):
            p = ProjectFactory(client=client_org)
            contact_add(actor=users["head"], pk=p.pk, name="c")
            talk_add(actor=users["head"], pk=p.pk, date="2026-01-01", participants="p", summary="s")
            evaluation_save(actor=users["head"], pk=p.pk, feasibility="feasible", reasoning="r")

    api_client.force_authenticate(users["head"])
    grow(2)
    api_client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        api_client.get(url)
    grow(8)
    with CaptureQueriesContext(connection) as large:
        api_client.get(url)
    assert len(large) == len(small), (len(small), len(large))


@pytest.mark.django_db
def test_execution_through_the_api(api_client, users, project):
    import datetime

    advance_to(project, "execution", users)
    api_client.force_authenticate(users["planner"])
    duty = api_client.post("/api/duties/", {"project": project.pk, "person": users["service"].pk,
                                            "responsibility": "Tenant service"}, format="json")  # fmt: skip
    assert duty.status_code == 201, duty.data
    due = (datetime.date.today() - datetime.timedelta(days=2)).isoformat()
    task = api_client.post("/api/tasks/", {"project": project.pk, "title": "Fire check", "category": "safety",
                                           "owner": users["service"].pk, "start_date": due, "due_date": due},
                           format="json")  # fmt: skip
    assert task.status_code == 201 and task.data["is_overdue"] is True
    assert api_client.get("/api/tasks/", {"overdue": "true"}).data["count"] == 1
    bad = api_client.patch(f"/api/tasks/{task.data['id']}/", {"progress": 150}, format="json")
    assert bad.status_code == 400
    done = api_client.post(f"/api/tasks/{task.data['id']}/transition/", {"target": "done"}, format="json")
    assert done.status_code == 200 and done.data["progress"] == 100
    assert api_client.get("/api/tasks/", {"overdue": "true"}).data["count"] == 0
    issue = api_client.post("/api/coordination-issues/", {"project": project.pk, "title": "Parking",
                                                          "owner": users["planner"].pk, "priority": "urgent"},
                            format="json")  # fmt: skip
    assert issue.status_code == 201
    up = api_client.post(f"/api/coordination-issues/{issue.data['id']}/transition/",
                         {"target": "escalated", "comment": "Owner needed."}, format="json")  # fmt: skip
    assert up.status_code == 200 and up.data["status"] == "escalated"
    refused = api_client.post(f"/api/coordination-issues/{issue.data['id']}/transition/",
                              {"target": "resolved", "resolution": "x"}, format="json")  # fmt: skip
    assert refused.status_code == 403 and refused.data["clause"] == "3.3.3"
    api_client.force_authenticate(users["head"])
    no_resolution = api_client.post(f"/api/coordination-issues/{issue.data['id']}/transition/",
                                    {"target": "resolved"}, format="json")  # fmt: skip
    assert no_resolution.status_code == 409 and "3.3.3" in no_resolution.data["detail"]
    ok = api_client.post(f"/api/coordination-issues/{issue.data['id']}/transition/",
                         {"target": "resolved", "resolution": "40 more spaces."}, format="json")  # fmt: skip
    assert ok.status_code == 200 and ok.data["resolution"] == "40 more spaces."
