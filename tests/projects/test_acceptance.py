"""Acceptance (3.5): time and manner, the package in rounds, the client's sign-off or rejection, rectification and
resubmission, the handover, and closing."""

import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from core.audit import request_context
from core.models import Approval, Notification
from core.roles import Role
from core.workflow import ConditionFailed, TransitionNotAllowed, TransitionPermissionDenied
from projects.choices import AcceptanceStatus
from projects.models import AcceptanceRound, RectificationNotice
from projects.services import (
    acceptance_package_save,
    acceptance_round_start,
    acceptance_transition,
    handover_complete,
    handover_item_add,
    handover_item_check,
    project_stage_transition,
    project_update,
    rectification_transition,
)
from projects.workflows import ACCEPTANCE_WORKFLOW
from tests.helpers import (
    PACKAGE,
    SIGN_OFF,
    accept_and_hand_over,
    advance_to,
    arrange_acceptance,
    dashboard_html,
    send_package,
)


@pytest.fixture(autouse=True)
def english():
    """The refusal messages are compared in English (the default language is zh-hans)."""
    from django.utils import translation

    with translation.override("en"):
        yield


REJECT = {"problems": "Car-park lighting insufficient\n\nSignage at gate 2 faded\n", "client_evaluation": "Almost."}


@pytest.fixture
def accepting(users, project):
    return advance_to(project, "acceptance", users)


def start(users, project, **package):
    round_ = acceptance_round_start(actor=users["planner"], pk=project.pk)
    if package:
        acceptance_package_save(actor=users["planner"], round_pk=round_.pk, **package)
    return round_


def round_in(status, users, project):
    if status == "preparing":
        return start(users, project, **PACKAGE)
    round_ = send_package(project, users)
    if status == "accepted":
        acceptance_transition(actor=users["client"], round_pk=round_.pk, target="accepted", **SIGN_OFF)
    elif status == "rejected":
        acceptance_transition(actor=users["client"], round_pk=round_.pk, target="rejected", **REJECT)
    round_.refresh_from_db()
    assert round_.status == status
    return round_


# ------------------------------------------------------------------------------------------------------------------
# 3.5.1 time and manner
# ------------------------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_arranging_needs_the_project_to_be_due(users, project):
    operating = advance_to(project, "supervision", users)
    far = timezone.localdate() + datetime.timedelta(days=200)
    project_update(actor=users["head"], pk=operating.pk, service_end=far)
    with pytest.raises(ValidationError) as exc:
        arrange_acceptance(operating, users, due_reason="service_ended", conditions_note="")
    assert "3.5.1" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        arrange_acceptance(operating, users, due_reason="conditions_met", conditions_note=" ")
    assert "conditions_note" in exc.value.message_dict
    project_update(actor=users["head"], pk=operating.pk, service_end=timezone.localdate() + datetime.timedelta(days=20))
    arrangement = arrange_acceptance(operating, users, due_reason="service_ended", conditions_note="")
    assert arrangement.agreed_by == users["service"]


@pytest.mark.django_db
def test_arranging_is_customer_service_work_and_not_in_the_past(users, project):
    operating = advance_to(project, "supervision", users)
    with pytest.raises(PermissionDenied):
        arrange_acceptance(operating, users | {"service": users["market"]})
    with pytest.raises(ValidationError) as exc:
        arrange_acceptance(operating, users, scheduled_for=timezone.localdate() - datetime.timedelta(days=1))
    assert "scheduled_for" in exc.value.message_dict
    first = arrange_acceptance(operating, users)
    moved = arrange_acceptance(operating, users, manner="meeting")  # rescheduling updates the one arrangement
    assert moved.pk == first.pk and moved.manner == "meeting"


@pytest.mark.django_db
def test_no_arrangement_before_operation(users, project):
    with pytest.raises(ValidationError) as exc:
        arrange_acceptance(project, users)
    assert "3.5.1" in str(exc.value)


# ------------------------------------------------------------------------------------------------------------------
# 3.5.2 the package
# ------------------------------------------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("operations_report", "the operations report is missing"),
        ("quality_report", "the quality-assessment report is missing"),
        ("satisfaction_results", "the customer-satisfaction survey results are missing"),
    ],
)
def test_all_three_reports_are_required_before_the_package_goes_out(missing, message, users, accepting):
    round_ = start(users, accepting, **{k: v for k, v in PACKAGE.items() if k != missing})
    with pytest.raises(ConditionFailed) as exc:
        acceptance_transition(actor=users["planner"], round_pk=round_.pk, target="submitted")
    assert len(exc.value.failures) == 1 and exc.value.failures[0].startswith("3.5.2")
    assert message in exc.value.failures[0]


@pytest.mark.django_db
def test_rounds_open_one_at_a_time_and_only_in_acceptance(users, project, accepting):
    start(users, accepting)
    with pytest.raises(ValidationError) as exc:
        acceptance_round_start(actor=users["planner"], pk=accepting.pk)
    assert "3.5.2" in str(exc.value)
    with pytest.raises(PermissionDenied):
        acceptance_round_start(actor=users["market"], pk=accepting.pk)


@pytest.mark.django_db
def test_the_package_is_frozen_once_sent(users, accepting):
    round_ = send_package(accepting, users)
    first_digest = round_.package_digest
    assert len(first_digest) == 64 and first_digest == round_.compute_digest()
    with pytest.raises(ValidationError) as exc:
        acceptance_package_save(actor=users["planner"], round_pk=round_.pk, quality_report="Better now.")
    assert "3.5.2" in str(exc.value)
    acceptance_transition(actor=users["planner"], round_pk=round_.pk, target="preparing", comment="Add photos.")
    round_.refresh_from_db()
    assert round_.package_digest == "" and round_.submitted_at is None
    upload = SimpleUploadedFile("survey.pdf", b"%PDF-1.4 survey", content_type="application/pdf")
    acceptance_package_save(actor=users["inspector"], round_pk=round_.pk, files=[upload])
    resent = acceptance_transition(actor=users["service"], round_pk=round_.pk, target="submitted")
    assert len(resent.package_digest) == 64 and resent.package_digest != first_digest  # the file is in the digest
    assert resent.submitted_by == users["service"]


# ------------------------------------------------------------------------------------------------------------------
# The workflow table: every (from, to) pair, the right role, every other role refused
# ------------------------------------------------------------------------------------------------------------------
PAIRS = list(itertools.product(AcceptanceStatus.values, AcceptanceStatus.values))
ALLOWED = {(t.source, t.target) for t in ACCEPTANCE_WORKFLOW.transitions}
KWARGS = {"comment": "Reason.", **SIGN_OFF, **REJECT}


def owner(target):
    return "client" if target in ("accepted", "rejected") else "planner"


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_every_acceptance_pair(source, target, users, accepting):
    round_ = round_in(source, users, accepting)
    actor = users[owner(target)]
    if (source, target) in ALLOWED:
        acceptance_transition(actor=actor, round_pk=round_.pk, target=target, expected_source=source, **KWARGS)
        round_.refresh_from_db()
        assert round_.status == target
    else:
        with pytest.raises(TransitionNotAllowed) as exc:  # the superuser sees every round: the pair itself refuses
            acceptance_transition(actor=users["admin"], round_pk=round_.pk, target=target, **KWARGS)
        assert exc.value.clause == "3.5"


STAFF = [r.value for r in Role if r != Role.CLIENT]


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), sorted(ALLOWED), ids=[f"{a}->{b}" for a, b in sorted(ALLOWED)])
def test_every_other_role_is_refused(source, target, users, accepting):
    round_ = round_in(source, users, accepting)
    allowed = {"client"} if target in ("accepted", "rejected") else {"planner", "service", "head", "admin"}
    for name in [*STAFF, "client", "client2", "admin"]:
        if name in allowed:
            continue
        with pytest.raises((TransitionPermissionDenied, ConditionFailed, Http404)) as exc:
            acceptance_transition(actor=users[name], round_pk=round_.pk, target=target, **KWARGS)
        if name == "admin":  # a superuser holds every permission but is not the client
            assert "3.5.3" in str(exc.value)
        if name == "client2":
            assert exc.type is Http404
    round_.refresh_from_db()
    assert round_.status == source


# ------------------------------------------------------------------------------------------------------------------
# 3.5.3 the client's decision
# ------------------------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_sign_off_records_who_what_when_where(users, accepting):
    round_ = send_package(accepting, users)
    with pytest.raises(ConditionFailed) as exc:
        acceptance_transition(actor=users["client"], round_pk=round_.pk, target="accepted",
                              **(SIGN_OFF | {"signer_confirmed": False}))  # fmt: skip
    assert [f.split(" ")[0] for f in exc.value.failures] == ["3.5.3"] and "not confirmed" in exc.value.failures[0]
    with request_context(None, request_id="r-1", ip_address="203.0.113.7"):
        acceptance_transition(actor=users["client"], round_pk=round_.pk, target="accepted",
                              client_evaluation="Well run.", **SIGN_OFF)  # fmt: skip
    round_.refresh_from_db()
    assert (round_.signer_name, round_.signer_position, round_.signer_ip) == ("Wang Li", "General manager",
                                                                             "203.0.113.7")  # fmt: skip
    assert round_.signed_digest == round_.package_digest and round_.decided_by == users["client"]
    assert round_.decided_at is not None and round_.client_evaluation == "Well run."
    assert [a.decision for a in Approval.objects.for_object(round_)] == ["approved"]


@pytest.mark.django_db
def test_a_package_changed_after_sending_cannot_be_signed(users, accepting):
    from core.models import Attachment

    round_ = send_package(accepting, users)
    AcceptanceRound.objects.filter(pk=round_.pk).update(quality_report="Edited behind the client's back.")
    with pytest.raises(ConditionFailed) as exc:
        acceptance_transition(actor=users["client"], round_pk=round_.pk, target="accepted", **SIGN_OFF)
    assert "3.5.2" in str(exc.value)
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_rejection_rectification_and_a_second_round(users, accepting):
    first = round_in("rejected", users, accepting)
    notices = list(RectificationNotice.objects.filter(acceptance_round=first).order_by("id"))
    assert [n.finding for n in notices] == ["Car-park lighting insufficient", "Signage at gate 2 faded"]
    assert {n.responsible for n in notices} == {users["planner"]}
    assert Notification.objects.filter(recipient=users["planner"], url=first.get_absolute_url()).exists()

    second = acceptance_round_start(actor=users["planner"], pk=accepting.pk)
    assert second.number == 2 and second.operations_report == PACKAGE["operations_report"]
    with pytest.raises(ConditionFailed) as exc:
        acceptance_transition(actor=users["planner"], round_pk=second.pk, target="submitted")
    assert [f.split(" ")[0] for f in exc.value.failures] == ["3.5.3"]
    for notice in notices:
        rectification_transition(actor=users["planner"], notice_pk=notice.pk, target="submitted", fix_description="ok")
        rectification_transition(actor=users["inspector"], notice_pk=notice.pk, target="closed")
    acceptance_transition(actor=users["planner"], round_pk=second.pk, target="submitted")
    acceptance_transition(actor=users["client"], round_pk=second.pk, target="accepted", **SIGN_OFF)
    assert list(accepting.acceptance_rounds.values_list("number", "status")) == [(1, "rejected"), (2, "accepted")]
    with pytest.raises(ValidationError):
        acceptance_round_start(actor=users["planner"], pk=accepting.pk)


@pytest.mark.django_db
def test_a_rejection_lists_its_problems(users, accepting):
    round_ = send_package(accepting, users)
    with pytest.raises(ConditionFailed) as exc:
        acceptance_transition(actor=users["client"], round_pk=round_.pk, target="rejected", problems="  \n ")
    assert [f.split(" ")[0] for f in exc.value.failures] == ["3.5.3"] and "one per line" in exc.value.failures[0]


@pytest.mark.django_db
def test_the_client_sees_only_packages_sent_to_it(users, accepting, other_project):
    round_ = start(users, accepting, **PACKAGE)
    assert not AcceptanceRound.objects.visible_to(users["client"]).exists()
    acceptance_transition(actor=users["planner"], round_pk=round_.pk, target="submitted")
    assert list(AcceptanceRound.objects.visible_to(users["client"])) == [round_]
    assert not AcceptanceRound.objects.visible_to(users["client2"]).exists()
    assert Notification.objects.filter(recipient=users["client"], url=round_.get_absolute_url()).exists()
    assert not Notification.objects.filter(recipient=users["client2"]).exists()


# ------------------------------------------------------------------------------------------------------------------
# Handover and closing
# ------------------------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_handover_checklist_then_close(users, accepting):
    round_ = round_in("accepted", users, accepting)
    handover = round_.project.handover
    assert handover.items.count() == 5
    extra = handover_item_add(actor=users["service"], handover_pk=handover.pk, category="other",
                              description="Spare parts store")  # fmt: skip
    for item in handover.items.exclude(pk=extra.pk):
        handover_item_check(actor=users["service"], item_pk=item.pk, done=True)
    args = {"handed_over_on": timezone.localdate(), "client_representative": "Wang Li", "record": "Done."}
    with pytest.raises(ValidationError) as exc:
        handover_complete(actor=users["service"], handover_pk=handover.pk, **args)
    assert "3.5.3" in str(exc.value) and "1" in str(exc.value)
    with pytest.raises(PermissionDenied):
        handover_item_check(actor=users["planner"], item_pk=extra.pk, done=True)
    handover_item_check(actor=users["service"], item_pk=extra.pk, done=True, note="Keys with the GM.")
    with pytest.raises(ConditionFailed):
        project_stage_transition(actor=users["head"], pk=accepting.pk, target="closed")
    handover_complete(actor=users["service"], handover_pk=handover.pk, **args)
    with pytest.raises(ValidationError):
        handover_item_check(actor=users["service"], item_pk=extra.pk, done=False)
    project_stage_transition(actor=users["head"], pk=accepting.pk, target="closed")
    accepting.refresh_from_db()
    assert accepting.stage == "closed"


@pytest.mark.django_db
def test_advance_to_closed_goes_through_acceptance_and_handover(users, project):
    closed = advance_to(project, "closed", users)
    assert closed.handover.completed_at is not None
    assert closed.acceptance_rounds.get().status == "accepted"


@pytest.mark.django_db
def test_accept_and_hand_over_helper_refuses_outside_acceptance(users, project):
    with pytest.raises(ValidationError):
        accept_and_hand_over(advance_to(project, "supervision", users), users)


# ------------------------------------------------------------------------------------------------------------------
# Through the API and the pages
# ------------------------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_whole_acceptance_through_the_api(api_client, users, project):
    operating = advance_to(project, "supervision", users)
    api_client.force_authenticate(users["service"])
    when = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    arranged = api_client.post("/api/acceptance-arrangements/", {
        "project": operating.pk, "due_reason": "conditions_met", "conditions_note": "Targets met.",
        "scheduled_for": when, "manner": "meeting", "client_participants": "GM"}, format="json")  # fmt: skip
    assert arranged.status_code == 201, arranged.data
    api_client.force_authenticate(users["head"])
    assert api_client.post(f"/api/projects/{operating.pk}/transition/", {"target": "acceptance"},
                           format="json").status_code == 200  # fmt: skip
    api_client.force_authenticate(users["planner"])
    opened = api_client.post("/api/acceptance-rounds/", {"project": operating.pk}, format="json")
    assert opened.status_code == 201, opened.data
    pk = opened.data["id"]
    refused = api_client.post(f"/api/acceptance-rounds/{pk}/transition/", {"target": "submitted"}, format="json")
    assert refused.status_code == 409 and "3.5.2" in str(refused.data)
    assert api_client.post(f"/api/acceptance-rounds/{pk}/package/", PACKAGE, format="json").status_code == 200
    sent = api_client.post(f"/api/acceptance-rounds/{pk}/transition/", {"target": "submitted"}, format="json")
    assert sent.status_code == 200 and len(sent.data["package_digest"]) == 64
    api_client.force_authenticate(users["client2"])
    assert api_client.get(f"/api/acceptance-rounds/{pk}/").status_code == 404
    api_client.force_authenticate(users["client"])
    signed = api_client.post(f"/api/acceptance-rounds/{pk}/transition/", {"target": "accepted", **SIGN_OFF},
                             format="json", REMOTE_ADDR="198.51.100.9")  # fmt: skip
    assert signed.status_code == 200, signed.data
    assert signed.data["signer_ip"] == "198.51.100.9" and signed.data["signed_digest"] == sent.data["package_digest"]
    handover = api_client.get(f"/api/handovers/?project={operating.pk}").data["results"][0]
    assert api_client.post(f"/api/handovers/{handover['id']}/complete/", {}).status_code == 403  # client: read only
    api_client.force_authenticate(users["service"])
    for item in handover["items"]:
        checked = api_client.post(f"/api/handovers/{handover['id']}/check/", {"item": item["id"], "done": True})
        assert checked.status_code == 200
    record = {"handed_over_on": timezone.localdate().isoformat(), "client_representative": "GM", "record": "All."}
    done = api_client.post(f"/api/handovers/{handover['id']}/complete/", record)
    assert done.status_code == 200 and done.data["completed_at"]
    api_client.force_authenticate(users["head"])
    closed = api_client.post(f"/api/projects/{operating.pk}/transition/", {"target": "closed"}, format="json")
    assert closed.status_code == 200 and closed.data["stage"] == "closed"


@pytest.mark.django_db
def test_the_client_signs_off_in_its_portal(client, users, accepting):
    round_ = send_package(accepting, users)
    client.force_login(users["client"])
    page = client.get(round_.get_absolute_url())
    assert page.status_code == 200 and round_.package_digest in page.content.decode()
    url = f"/projects/{accepting.pk}/acceptance/rounds/{round_.pk}/transition/"
    response = client.post(url, {"target": "accepted", "expected_source": "submitted", "signer_name": "Wang Li",
                                 "signer_position": "GM"}, REMOTE_ADDR="192.0.2.44")  # fmt: skip
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.status == "submitted"  # not confirmed: refused, nothing changed
    client.post(url, {"target": "accepted", "expected_source": "submitted", "signer_name": "Wang Li",
                      "signer_position": "GM", "signer_confirmed": "on"}, REMOTE_ADDR="192.0.2.44")  # fmt: skip
    round_.refresh_from_db()
    assert round_.status == "accepted" and round_.signer_ip == "192.0.2.44"
    client.force_login(users["client2"])
    assert client.get(round_.get_absolute_url()).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["head", "planner", "service", "inspector", "auditor", "client"])
def test_acceptance_pages_render_for_each_role(client, users, accepting, name):
    round_in("rejected", users, accepting)
    client.force_login(users[name])
    assert client.get(f"/projects/{accepting.pk}/acceptance/").status_code == 200
    assert client.get(f"/projects/{accepting.pk}/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/projects/{pk}/acceptance/", "/projects/{pk}/acceptance/rounds/{round}/", "/api/acceptance-rounds/",
     "/projects/{pk}/rectifications/", "/api/handovers/"],
)  # fmt: skip
def test_acceptance_lists_run_a_constant_number_of_queries(client, users, accepting, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def rounds(n):
        for _ in range(n):
            r = round_in("rejected", users, accepting)
            for notice in RectificationNotice.objects.filter(acceptance_round=r):
                rectification_transition(actor=users["planner"], notice_pk=notice.pk, target="submitted",
                                         fix_description="ok")  # fmt: skip
                rectification_transition(actor=users["inspector"], notice_pk=notice.pk, target="closed")

    rounds(1)
    last = AcceptanceRound.objects.latest("number")
    client.force_login(users["head"])
    target = url.format(pk=accepting.pk, round=last.pk)
    client.get(target)
    with CaptureQueriesContext(connection) as small:
        assert client.get(target).status_code == 200
    rounds(4)
    with CaptureQueriesContext(connection) as large:
        assert client.get(target).status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries][len(small) :]


@pytest.mark.django_db
def test_dashboards_show_acceptance_work(client, users, project, other_project):
    from core.dashboard import panels_for

    operating = advance_to(project, "supervision", users)
    project_update(actor=users["head"], pk=operating.pk, service_end=timezone.localdate() + datetime.timedelta(days=9))
    due = next(p for p in panels_for(users["service"]) if p.get("clause") == "3.5.1")
    assert [i["title"] for i in due["items"]] == [str(operating)]
    arrange_acceptance(operating, users)
    assert not next(p for p in panels_for(users["service"]) if p.get("clause") == "3.5.1")["items"]
    project_stage_transition(actor=users["head"], pk=operating.pk, target="acceptance")
    round_ = send_package(operating, users)
    waiting = next(p for p in panels_for(users["client"]) if p.get("clause") == "3.5.3")
    assert [i["url"] for i in waiting["items"]] == [round_.get_absolute_url()]
    assert not next(p for p in panels_for(users["client2"]) if p.get("clause") == "3.5.3")["items"]
    client.force_login(users["client"])
    assert round_.get_absolute_url() in dashboard_html(client)


@pytest.mark.django_db
def test_package_documents_through_the_api_are_part_of_what_is_signed(api_client, client, users, accepting, settings,
                                                                      tmp_path):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    round_ = start(users, accepting, **PACKAGE)
    api_client.force_authenticate(users["inspector"])
    upload = SimpleUploadedFile("quality.pdf", b"%PDF-1.4 q", content_type="application/pdf")
    added = api_client.post(f"/api/acceptance-rounds/{round_.pk}/documents/", {"files": [upload]}, format="multipart")
    assert added.status_code == 201 and added.data[0]["name"] == "quality.pdf"
    api_client.force_authenticate(users["client"])
    assert api_client.get(f"/api/acceptance-rounds/{round_.pk}/documents/").status_code == 404  # still in preparation
    sent = acceptance_transition(actor=users["planner"], round_pk=round_.pk, target="submitted")
    listed = api_client.get(f"/api/acceptance-rounds/{round_.pk}/documents/")
    assert listed.status_code == 200
    client.force_login(users["client"])
    assert client.get(listed.data[0]["url"]).status_code == 200
    client.force_login(users["client2"])
    assert client.get(listed.data[0]["url"]).status_code == 404
    before = sent.package_digest
    AcceptanceRound.objects.filter(pk=round_.pk).update(status="preparing")
    late = SimpleUploadedFile("late.pdf", b"%PDF-1.4 late", content_type="application/pdf")
    acceptance_package_save(actor=users["planner"], round_pk=round_.pk, files=[late])
    round_.refresh_from_db()
    assert round_.compute_digest() != before
