"""Service records (ch. 4): client requests and complaints, revisits, satisfaction surveys, marketing activities, the
operations log, and the daily escalations."""

import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from core.models import AuditEvent, Notification
from core.workflow import ConditionFailed, TransitionNotAllowed, TransitionPermissionDenied
from projects.choices import RequestStatus
from projects.models import Revisit, ServiceRequest, SurveyResponse
from projects.services import (
    activity_save,
    log_add,
    project_update,
    rectification_issue,
    request_raise,
    request_transition,
    revisit_plan_set,
    revisit_record,
    revisits_generate_due,
    survey_answer,
    survey_create,
    survey_round_send,
)
from projects.services.escalation import escalations_run
from projects.workflows import SERVICE_REQUEST_WORKFLOW
from tests.helpers import advance_to


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in English (the default language is zh-hans)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def serving(users, project):
    return advance_to(project, "execution", users)


def raise_request(users, project, *, by="client", kind="request", **kw):
    values = {"category": "facilities", "title": "Lift 3 stuck", "description": "Stuck on floor 2 since 9:00.",
              **kw}  # fmt: skip
    if by != "client":
        values.setdefault("channel", "phone")
        values.setdefault("on_behalf_of", "Ms Liu (client)")
    return request_raise(actor=users[by], pk=project.pk, kind=kind, **values)


# ------------------------------------------------------------------------------------------------------------------
# Requests, questions, complaints
# ------------------------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_client_raises_a_request_in_its_portal(users, serving):
    req = raise_request(users, serving, channel="phone", on_behalf_of="ignored")
    assert req.channel == "portal" and req.on_behalf_of == "" and req.raised_by == users["client"]
    assert abs((req.respond_by - req.raised_at) - datetime.timedelta(hours=24)) < datetime.timedelta(seconds=1)
    assert Notification.objects.filter(recipient=users["service"], url=req.get_absolute_url()).exists()
    with pytest.raises(Http404):
        raise_request(users, serving, by="client2")


@pytest.mark.django_db
def test_the_contract_sets_the_response_limit(users, serving):
    serving.contracts.update(response_hours=4)
    req = raise_request(users, serving, by="service")
    assert req.respond_by - req.raised_at == datetime.timedelta(hours=4)
    assert req.channel == "phone" and req.on_behalf_of == "Ms Liu (client)"


@pytest.mark.django_db
def test_requests_only_for_projects_in_operation(users, project):
    with pytest.raises(ValidationError) as exc:
        raise_request(users, project)
    assert "4.1.3" in str(exc.value)


STEPS = {
    "in_progress": ("service", {"first_response": "An engineer is on the way."}),
    "escalated": ("service", {"comment": "Needs the owner's approval."}),
    "resolved": ("service", {"resolution": "Motor replaced."}),
    "closed": ("client", {"rating": 5, "rating_comment": "Quick."}),
}


def request_in(status, users, project):
    req = raise_request(users, project)
    path = {
        "open": [],
        "in_progress": ["in_progress"],
        "escalated": ["escalated"],
        "resolved": ["in_progress", "resolved"],
        "closed": ["in_progress", "resolved", "closed"],
    }[status]
    for target in path:
        who, data = STEPS[target]
        request_transition(actor=users[who], request_pk=req.pk, target=target, **data)
    req.refresh_from_db()
    assert req.status == status
    return req


def actor_for(source, target):
    if source == "resolved":
        return "client"
    if source == "escalated":
        return "head"
    return "service"


PAIRS = list(itertools.product(RequestStatus.values, RequestStatus.values))
ALLOWED = {(t.source, t.target) for t in SERVICE_REQUEST_WORKFLOW.transitions}
INPUT = {"first_response": "On it.", "resolution": "Done.", "rating": 4, "comment": "Reason."}


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_every_request_pair(source, target, users, serving):
    req = request_in(source, users, serving)
    if (source, target) in ALLOWED:
        request_transition(actor=users[actor_for(source, target)], request_pk=req.pk, target=target,
                           expected_source=source, **INPUT)  # fmt: skip
        req.refresh_from_db()
        assert req.status == target
    else:
        with pytest.raises(TransitionNotAllowed) as exc:
            request_transition(actor=users["admin"], request_pk=req.pk, target=target, **INPUT)
        assert exc.value.clause == "4.1.3"


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), sorted(ALLOWED), ids=[f"{a}->{b}" for a, b in sorted(ALLOWED)])
def test_other_roles_are_refused_each_request_transition(source, target, users, serving):
    req = request_in(source, users, serving)
    owner = actor_for(source, target)
    allowed = {owner, "admin"} | ({"head"} if owner == "service" else set())
    for name in ("market", "planner", "inspector", "finance", "executive", "auditor", "client", "service"):
        if name in allowed:
            continue
        with pytest.raises((TransitionPermissionDenied, ConditionFailed)):
            request_transition(actor=users[name], request_pk=req.pk, target=target, **INPUT)
    req.refresh_from_db()
    assert req.status == source


@pytest.mark.django_db
def test_handling_times_and_the_rating_are_recorded(users, serving):
    req = request_in("closed", users, serving)
    assert req.first_response_at and req.resolved_at and req.closed_at and req.rating == 5
    assert req.assignee == users["service"]
    with pytest.raises(ConditionFailed) as exc:
        request_transition(actor=users["client"], request_pk=request_in("resolved", users, serving).pk,
                           target="closed")  # fmt: skip
    assert "4.2.3" in str(exc.value)


# ------------------------------------------------------------------------------------------------------------------
# Revisits
# ------------------------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_revisits_follow_the_schedule_once(users, serving):
    today = timezone.localdate()
    revisit_plan_set(actor=users["service"], pk=serving.pk, every_days=7, starts_on=today - datetime.timedelta(days=14),
                     owner=users["service"])  # fmt: skip
    dates = sorted(Revisit.objects.filter(project=serving).values_list("due_on", flat=True))
    assert dates == [today - datetime.timedelta(days=7), today, today + datetime.timedelta(days=7)]
    assert revisits_generate_due() == 0 and revisits_generate_due() == 0
    assert AuditEvent.objects.filter(content_type__model="revisit", action="create").count() == 3
    assert list(Revisit.objects.overdue()) == [Revisit.objects.get(due_on=dates[0])]
    done = revisit_record(actor=users["service"], revisit_pk=Revisit.objects.get(due_on=dates[0]).pk,
                          done_on=today, contact="Ms Liu", experience="Happy with the cleaning.")  # fmt: skip
    assert done.status == "done" and done.done_by == users["service"]
    with pytest.raises(ValidationError):
        revisit_record(actor=users["service"], revisit_pk=done.pk, done_on=today, contact="", experience="again")
    assert Revisit.objects.visible_to(users["client"]).count() == 3
    assert not Revisit.objects.visible_to(users["client2"]).exists()
    with pytest.raises(PermissionDenied):
        revisit_plan_set(actor=users["planner"], pk=serving.pk, every_days=7, starts_on=today, owner=users["service"])


# ------------------------------------------------------------------------------------------------------------------
# Satisfaction surveys
# ------------------------------------------------------------------------------------------------------------------
@pytest.fixture
def survey(users):
    return survey_create(actor=users["service"], name="Quarterly satisfaction",
                         questions=[{"text": "Overall service"}, {"text": "Cleanliness"},
                                    {"text": "What should we improve?", "kind": "text"}])  # fmt: skip


@pytest.mark.django_db
def test_clients_answer_a_survey_once(users, serving, survey):
    round_ = survey_round_send(actor=users["service"], pk=serving.pk, survey=survey, title="Q4",
                               closes_on=timezone.localdate() + datetime.timedelta(days=7))  # fmt: skip
    assert Notification.objects.filter(recipient=users["client"], url=round_.get_absolute_url()).exists()
    q = list(survey.questions.all())
    with pytest.raises(ValidationError):
        survey_answer(actor=users["client"], round_pk=round_.pk, answers={q[0].pk: 5, q[1].pk: 9})
    survey_answer(
        actor=users["client"], round_pk=round_.pk, answers={q[0].pk: 5, str(q[1].pk): "3", q[2].pk: "Parking"}
    )
    with pytest.raises(ValidationError) as exc:
        survey_answer(actor=users["client"], round_pk=round_.pk, answers={q[0].pk: 5, q[1].pk: 5})
    assert "already" in str(exc.value)
    with pytest.raises(Http404):
        survey_answer(actor=users["client2"], round_pk=round_.pk, answers={q[0].pk: 1, q[1].pk: 1})
    with pytest.raises(PermissionDenied):
        survey_answer(actor=users["service"], round_pk=round_.pk, answers={})
    response = SurveyResponse.objects.get()
    assert sorted(a.rating or 0 for a in response.answers.all()) == [0, 3, 5]


# ------------------------------------------------------------------------------------------------------------------
# Marketing and the operations log
# ------------------------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_marketing_activities_and_their_results(users, serving):
    today = timezone.localdate()
    activity = activity_save(actor=users["market"], pk=serving.pk, title="Spring fair", kind="event",
                             starts_on=today, ends_on=today + datetime.timedelta(days=2), budget="20000")  # fmt: skip
    done = activity_save(actor=users["planner"], pk=serving.pk, activity_pk=activity.pk, status="done", reach=5200,
                         leads=37, feedback="Two new tenants interested.")  # fmt: skip
    assert (done.status, done.reach, done.leads) == ("done", 5200, 37)
    with pytest.raises(ValidationError):
        activity_save(actor=users["market"], pk=serving.pk, activity_pk=activity.pk,
                      ends_on=today - datetime.timedelta(days=1))  # fmt: skip
    with pytest.raises(PermissionDenied):
        activity_save(actor=users["inspector"], pk=serving.pk, title="x", kind="event", starts_on=today, ends_on=today)


@pytest.mark.django_db
def test_a_major_incident_is_flagged_to_the_head(users, serving):
    minor = log_add(actor=users["planner"], pk=serving.pk, kind="maintenance", severity="minor", title="Lift serviced")
    major = log_add(actor=users["inspector"], pk=serving.pk, kind="safety", severity="major", title="Fire in B2")
    assert not minor.is_major_incident and major.is_major_incident
    assert Notification.objects.filter(recipient=users["head"], clause="4.2.1").count() == 1
    with pytest.raises(ValidationError):
        log_add(actor=users["planner"], pk=serving.pk, kind="safety", severity="minor", title="Later",
                occurred_at=timezone.now() + datetime.timedelta(days=1))  # fmt: skip


# ------------------------------------------------------------------------------------------------------------------
# Escalations (daily)
# ------------------------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_escalations_notify_once_per_late_record(users, serving):
    supervising = serving
    today = timezone.localdate()
    notice = rectification_issue(actor=users["inspector"], pk=supervising.pk, finding="Exit blocked",
                                 requirement="Clear it", responsible=users["planner"], deadline=today)  # fmt: skip
    late = raise_request(users, supervising)
    ServiceRequest.objects.filter(pk=late.pk).update(respond_by=timezone.now() - datetime.timedelta(hours=1))
    revisit_plan_set(actor=users["service"], pk=supervising.pk, every_days=30,
                     starts_on=today - datetime.timedelta(days=3), owner=users["service"])  # fmt: skip
    project_update(actor=users["head"], pk=supervising.pk, service_end=today + datetime.timedelta(days=10))
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    first = escalations_run(now=tomorrow)
    assert first["rectifications"] == 3  # planner, inspector (issuer), head
    assert first["requests"] >= 2 and first["revisits"] == 1 and first["acceptance"] >= 2
    assert escalations_run(now=tomorrow) == {"rectifications": 0, "revisits": 0, "requests": 0, "acceptance": 0}
    assert Notification.objects.filter(recipient=users["head"], url=notice.get_absolute_url()).count() == 1
    late.refresh_from_db()
    assert late.escalation_notified_at is not None


# ------------------------------------------------------------------------------------------------------------------
# Pages and the API
# ------------------------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_client_raises_and_rates_in_its_portal(client, users, serving):
    client.force_login(users["client"])
    page = client.get(f"/projects/{serving.pk}/requests/new/")
    assert page.status_code == 200 and 'name="channel"' not in page.content.decode()
    data = {"kind": "complaint", "category": "cleaning", "priority": "high", "title": "Toilets dirty",
            "description": "Level 2, twice this week."}  # fmt: skip
    response = client.post(f"/projects/{serving.pk}/requests/new/", data)
    req = ServiceRequest.objects.get()
    assert response.status_code == 302 and req.kind == "complaint" and req.channel == "portal"
    request_transition(actor=users["service"], request_pk=req.pk, target="in_progress", first_response="Sorry.")
    request_transition(actor=users["service"], request_pk=req.pk, target="resolved", resolution="Cleaned.")
    url = f"/projects/{serving.pk}/requests/{req.pk}/transition/"
    client.post(url, {"target": "closed", "expected_source": "resolved", "rating": "4", "rating_comment": "OK"})
    req.refresh_from_db()
    assert req.status == "closed" and req.rating == 4
    assert client.get(f"/projects/{serving.pk}/requests/").status_code == 200
    client.force_login(users["client2"])
    assert client.get(req.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_a_survey_answered_through_the_page(client, users, serving, survey):
    round_ = survey_round_send(actor=users["service"], pk=serving.pk, survey=survey, title="Q4",
                               closes_on=timezone.localdate() + datetime.timedelta(days=7))  # fmt: skip
    q = list(survey.questions.all())
    client.force_login(users["client"])
    assert client.get(round_.get_absolute_url()).status_code == 200
    answer = {f"q-{q[0].pk}": "5", f"q-{q[1].pk}": "2", f"q-{q[2].pk}": "More parking"}
    assert client.post(f"/projects/{serving.pk}/satisfaction/{round_.pk}/answer/", answer).status_code == 302
    assert SurveyResponse.objects.filter(respondent=users["client"]).count() == 1
    client.post(f"/projects/{serving.pk}/satisfaction/{round_.pk}/answer/", answer)  # a second time: refused
    assert SurveyResponse.objects.count() == 1
    client.force_login(users["service"])
    results = client.get(round_.get_absolute_url())
    assert results.status_code == 200 and "More parking" in results.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["head", "service", "planner", "market", "inspector", "auditor", "client"])
def test_service_pages_render_for_each_role(client, users, serving, survey, name):
    from projects.services.kpi import kpi_sweep

    req = raise_request(users, serving)
    revisit_plan_set(actor=users["service"], pk=serving.pk, every_days=7, starts_on=timezone.localdate(),
                     owner=users["service"])  # fmt: skip
    survey_round_send(actor=users["service"], pk=serving.pk, survey=survey, title="Q4",
                      closes_on=timezone.localdate() + datetime.timedelta(days=7))  # fmt: skip
    activity_save(actor=users["market"], pk=serving.pk, title="Fair", kind="event", starts_on=timezone.localdate(),
                  ends_on=timezone.localdate())  # fmt: skip
    log_add(actor=users["planner"], pk=serving.pk, kind="safety", severity="major", title="Fire")
    kpi_sweep()
    client.force_login(users[name])
    staff_only = ["marketing/", "operations-log/", "kpis/"]
    for path in ["", "requests/", f"requests/{req.pk}/", "revisits/", "satisfaction/", *staff_only]:
        expected = 403 if name == "client" and path in staff_only else 200
        assert client.get(f"/projects/{serving.pk}/{path}").status_code == expected, path
    for path in ["/projects/kpis/", "/projects/questionnaires/"]:
        assert client.get(path).status_code == (403 if name == "client" else 200), path


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/projects/{pk}/requests/", "/api/service-requests/", "/projects/{pk}/revisits/", "/api/revisits/",
     "/projects/{pk}/operations-log/", "/api/operations-log/", "/projects/{pk}/marketing/", "/projects/{pk}/kpis/",
     "/api/kpi-values/", "/projects/kpis/", "/projects/{pk}/"],
)  # fmt: skip
def test_service_lists_run_a_constant_number_of_queries(client, users, serving, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from projects.services.kpi import kpi_sweep

    revisit_plan_set(actor=users["service"], pk=serving.pk, every_days=7,
                     starts_on=timezone.localdate() - datetime.timedelta(days=70), owner=users["service"])  # fmt: skip

    def grow(n):
        for i in range(n):
            req = raise_request(users, serving, title=f"Request {i}")
            request_transition(actor=users["service"], request_pk=req.pk, target="in_progress", first_response="ok")
            log_add(actor=users["planner"], pk=serving.pk, kind="maintenance", severity="minor", title=f"Job {i}")
            activity_save(actor=users["market"], pk=serving.pk, title=f"Event {i}", kind="event",
                          starts_on=timezone.localdate(), ends_on=timezone.localdate())  # fmt: skip
        kpi_sweep()

    client.force_login(users["head"])
    target = url.format(pk=serving.pk)
    grow(1)
    client.get(target)
    with CaptureQueriesContext(connection) as small:
        assert client.get(target).status_code == 200
    grow(6)
    with CaptureQueriesContext(connection) as large:
        assert client.get(target).status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries][len(small) :]


@pytest.mark.django_db
def test_survey_results_start_the_acceptance_package(users, serving, survey):
    from projects.services import acceptance_round_start

    round_ = survey_round_send(actor=users["service"], pk=serving.pk, survey=survey, title="Q4",
                               closes_on=timezone.localdate() + datetime.timedelta(days=7))  # fmt: skip
    q = list(survey.questions.all())
    survey_answer(actor=users["client"], round_pk=round_.pk, answers={q[0].pk: 5, q[1].pk: 3})
    from projects.services import project_stage_transition
    from tests.helpers import arrange_acceptance, prepare_gate

    prepare_gate(serving, "execution", users)
    project_stage_transition(actor=users["head"], pk=serving.pk, target="supervision")
    arrange_acceptance(serving, users)
    project_stage_transition(actor=users["head"], pk=serving.pk, target="acceptance")
    package = acceptance_round_start(actor=users["planner"], pk=serving.pk)
    assert package.satisfaction_results.startswith("Q4 (") and "1 responses, 50.0 % rated 4 or 5" in (
        package.satisfaction_results
    )
