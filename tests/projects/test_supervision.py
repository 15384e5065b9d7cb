"""Supervision (3.4): checklists, inspections (scores, result, archive), rectification notices followed up."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from core.models import Approval
from core.workflow import ConditionFailed, TransitionNotAllowed, TransitionPermissionDenied
from projects.choices import InspectionStatus, RectificationStatus
from projects.models import RectificationNotice
from projects.services import (
    checklist_create,
    checklist_update,
    inspection_plan,
    inspection_record,
    inspection_transition,
    project_stage_transition,
    rectification_issue,
    rectification_transition,
)
from projects.workflows import INSPECTION_WORKFLOW, RECTIFICATION_WORKFLOW
from tests.helpers import advance_to, arrange_acceptance

ITEMS = [
    {"text": "Signage clear at every entrance", "weight": 2, "pass_criterion": "No missing sign"},
    {"text": "Fire exits unobstructed", "weight": 3, "pass_criterion": "All exits clear"},
]


@pytest.fixture
def operating(users, project):
    return advance_to(project, "supervision", users)


@pytest.fixture
def checklist(users):
    return checklist_create(actor=users["inspector"], name="Plaza standard", items=ITEMS)


def plan(users, project, checklist):
    return inspection_plan(actor=users["head"], pk=project.pk, checklist=checklist, inspector=users["inspector"],
                           planned_on=timezone.localdate())  # fmt: skip


def score_all(users, inspection, *, fail_second=False):
    items = list(inspection.checklist.items.all())
    scores = [{"item": items[0].pk, "score": 90, "passed": True},
              {"item": items[1].pk, "score": 40 if fail_second else 100, "passed": not fail_second,
               "finding": "Exit B blocked by stock." if fail_second else ""}]  # fmt: skip
    return inspection_record(actor=users["inspector"], inspection_pk=inspection.pk, scores=scores, summary="Done.")


@pytest.mark.django_db
def test_weighted_score_and_result(users, operating, checklist):
    inspection = plan(users, operating, checklist)
    score_all(users, inspection, fail_second=True)
    inspection_transition(actor=users["inspector"], inspection_pk=inspection.pk, target="completed")
    inspection.refresh_from_db()
    assert inspection.score == Decimal("60.0")  # (90·2 + 40·3) / 5
    assert inspection.result == "fail" and inspection.performed_on == timezone.localdate()
    with pytest.raises(ValidationError):  # the archive keeps it as it was (3.4.2)
        score_all(users, inspection)


@pytest.mark.django_db
def test_completion_needs_every_item_scored_by_the_assigned_inspector(users, operating, checklist):
    inspection = plan(users, operating, checklist)
    with pytest.raises(ConditionFailed) as exc:
        inspection_transition(actor=users["inspector"], inspection_pk=inspection.pk, target="completed")
    assert [f.split(" ")[0] for f in exc.value.failures] == ["3.4.1"]
    with pytest.raises(TransitionPermissionDenied):
        inspection_transition(actor=users["planner"], inspection_pk=inspection.pk, target="completed")


@pytest.mark.django_db
def test_inspections_only_for_projects_in_operation(users, project, checklist):
    advance_to(project, "planning", users)
    with pytest.raises(ValidationError) as exc:
        plan(users, project, checklist)
    assert "3.4.1" in str(exc.value)


@pytest.mark.django_db
def test_inspector_must_be_a_quality_inspector(users, operating, checklist):
    with pytest.raises(ValidationError):
        inspection_plan(actor=users["head"], pk=operating.pk, checklist=checklist, inspector=users["planner"],
                        planned_on=timezone.localdate())  # fmt: skip


@pytest.mark.django_db
def test_checklist_items_are_frozen_once_used(users, operating, checklist):
    checklist_update(actor=users["inspector"], pk=checklist.pk, name="Plaza standard v1", description="",
                     active=True, items=ITEMS[:1])  # fmt: skip
    plan(users, operating, checklist)
    with pytest.raises(ValidationError):
        checklist_update(actor=users["inspector"], pk=checklist.pk, name="x", description="", active=True,
                         items=ITEMS)  # fmt: skip
    with pytest.raises(PermissionDenied):
        checklist_create(actor=users["planner"], name="Mine", items=ITEMS)


INSPECTION_PAIRS = list(itertools.product(InspectionStatus.values, InspectionStatus.values))
INSPECTION_ALLOWED = {(t.source, t.target) for t in INSPECTION_WORKFLOW.transitions}


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), INSPECTION_PAIRS, ids=[f"{a}->{b}" for a, b in INSPECTION_PAIRS])
def test_every_inspection_pair(source, target, users, operating, checklist):
    inspection = plan(users, operating, checklist)
    score_all(users, inspection)
    if source != "planned":
        inspection_transition(actor=users["inspector"], inspection_pk=inspection.pk, target=source, comment="c")
    if (source, target) in INSPECTION_ALLOWED:
        inspection_transition(actor=users["inspector"], inspection_pk=inspection.pk, target=target, comment="c",
                              expected_source=source)  # fmt: skip
        inspection.refresh_from_db()
        assert inspection.status == target
    else:
        with pytest.raises(TransitionNotAllowed) as exc:
            inspection_transition(actor=users["inspector"], inspection_pk=inspection.pk, target=target, comment="c")
        assert exc.value.clause == "3.4.1"


def issue_notice(users, project, **kw):
    return rectification_issue(actor=users["inspector"], pk=project.pk, finding="Exit B blocked.",
                               requirement="Clear exit B and keep it clear.", responsible=users["planner"],
                               deadline=kw.get("deadline", timezone.localdate() + datetime.timedelta(days=3)),
                               inspection=kw.get("inspection"))  # fmt: skip


def notice_in(status, users, project):
    notice = issue_notice(users, project)
    if status in ("submitted", "closed"):
        rectification_transition(actor=users["planner"], notice_pk=notice.pk, target="submitted",
                                 fix_description="Stock moved to the warehouse.")  # fmt: skip
    if status == "closed":
        rectification_transition(actor=users["inspector"], notice_pk=notice.pk, target="closed")
    notice.refresh_from_db()
    assert notice.status == status
    return notice


RECT_PAIRS = list(itertools.product(RectificationStatus.values, RectificationStatus.values))
RECT_ALLOWED = {(t.source, t.target) for t in RECTIFICATION_WORKFLOW.transitions}


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), RECT_PAIRS, ids=[f"{a}->{b}" for a, b in RECT_PAIRS])
def test_every_rectification_pair(source, target, users, operating):
    notice = notice_in(source, users, operating)
    actor = users["planner"] if target == "submitted" else users["inspector"]
    kwargs = {"comment": "Not yet.", "fix_description": "Moved the stock."}
    if (source, target) in RECT_ALLOWED:
        rectification_transition(actor=actor, notice_pk=notice.pk, target=target, expected_source=source, **kwargs)
        notice.refresh_from_db()
        assert notice.status == target
    else:
        with pytest.raises(TransitionNotAllowed) as exc:
            rectification_transition(actor=actor, notice_pk=notice.pk, target=target, **kwargs)
        assert exc.value.clause == "3.4.2"


@pytest.mark.django_db
def test_followed_up_until_verified(users, operating, checklist):
    inspection = plan(users, operating, checklist)
    score_all(users, inspection, fail_second=True)
    inspection_transition(actor=users["inspector"], inspection_pk=inspection.pk, target="completed")
    notice = issue_notice(users, operating, inspection=inspection)
    with pytest.raises(ConditionFailed) as exc:  # the fix must be described
        rectification_transition(actor=users["planner"], notice_pk=notice.pk, target="submitted")
    assert "3.4.2" in str(exc.value)
    with pytest.raises(ConditionFailed):  # only the responsible person submits it
        rectification_transition(actor=users["service"], notice_pk=notice.pk, target="submitted",
                                 fix_description="x")  # fmt: skip
    rectification_transition(actor=users["planner"], notice_pk=notice.pk, target="submitted",
                             fix_description="Stock moved.")  # fmt: skip
    with pytest.raises(TransitionPermissionDenied):  # the responsible side cannot verify its own fix
        rectification_transition(actor=users["planner"], notice_pk=notice.pk, target="closed")
    rectification_transition(actor=users["inspector"], notice_pk=notice.pk, target="issued", comment="Still blocked.")
    rectification_transition(actor=users["planner"], notice_pk=notice.pk, target="submitted",
                             fix_description="Stock removed for good.")  # fmt: skip
    rectification_transition(actor=users["inspector"], notice_pk=notice.pk, target="closed")
    notice.refresh_from_db()
    assert notice.status == "closed" and notice.closed_at is not None
    assert [a.decision for a in Approval.objects.for_object(notice)] == ["returned", "approved"]


@pytest.mark.django_db
def test_open_rectifications_hold_the_acceptance_gate(users, operating):
    notice = issue_notice(users, operating)
    arrange_acceptance(operating, users)
    with pytest.raises(ConditionFailed) as exc:
        project_stage_transition(actor=users["head"], pk=operating.pk, target="acceptance")
    assert [f.split(" ")[0] for f in exc.value.failures] == ["3.4.2"]
    rectification_transition(actor=users["planner"], notice_pk=notice.pk, target="submitted", fix_description="ok")
    rectification_transition(actor=users["inspector"], notice_pk=notice.pk, target="closed")
    project_stage_transition(actor=users["head"], pk=operating.pk, target="acceptance")


@pytest.mark.django_db
def test_overdue_notices_and_no_deadline_in_the_past(users, operating):
    with pytest.raises(ValidationError):
        issue_notice(users, operating, deadline=timezone.localdate() - datetime.timedelta(days=1))
    notice = issue_notice(users, operating, deadline=timezone.localdate())
    assert not notice.is_overdue and not RectificationNotice.objects.overdue().exists()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert list(RectificationNotice.objects.overdue(today=tomorrow)) == [notice]
    rectification_transition(actor=users["planner"], notice_pk=notice.pk, target="submitted", fix_description="ok")
    rectification_transition(actor=users["inspector"], notice_pk=notice.pk, target="closed")
    assert not RectificationNotice.objects.overdue(today=tomorrow).exists()


@pytest.mark.django_db
def test_notices_are_internal(users, operating):
    notice = issue_notice(users, operating)
    assert not RectificationNotice.objects.visible_to(users["client"]).exists()
    with pytest.raises(Http404):
        rectification_transition(actor=users["client2"], notice_pk=notice.pk, target="submitted", fix_description="x")


@pytest.mark.django_db
def test_supervision_through_the_api(api_client, users, operating):
    api_client.force_authenticate(users["inspector"])
    created = api_client.post("/api/checklists/", {"name": "API standard", "items": ITEMS}, format="json")
    assert created.status_code == 201 and len(created.data["items"]) == 2
    items = [i["id"] for i in created.data["items"]]
    api_client.force_authenticate(users["head"])
    planned = api_client.post("/api/inspections/", {"project": operating.pk, "checklist": created.data["id"],
                                                    "inspector": users["inspector"].pk,
                                                    "planned_on": "2026-11-20"}, format="json")  # fmt: skip
    assert planned.status_code == 201, planned.data
    api_client.force_authenticate(users["inspector"])
    pk = planned.data["id"]
    rec = api_client.post(f"/api/inspections/{pk}/record/", {"scores": [
        {"item": items[0], "score": 100, "passed": True}, {"item": items[1], "score": 50, "passed": False}]},
        format="json")  # fmt: skip
    assert rec.status_code == 200 and len(rec.data["scores"]) == 2
    done = api_client.post(f"/api/inspections/{pk}/transition/", {"target": "completed"}, format="json")
    assert done.status_code == 200 and done.data["result"] == "fail" and done.data["score"] == "70.0"
    notice = api_client.post("/api/rectifications/", {"project": operating.pk, "inspection": pk, "finding": "Exit",
                                                      "requirement": "Clear it", "responsible": users["planner"].pk,
                                                      "deadline": "2026-12-01"}, format="json")  # fmt: skip
    assert notice.status_code == 201, notice.data
    api_client.force_authenticate(users["planner"])
    sub = api_client.post(f"/api/rectifications/{notice.data['id']}/transition/",
                          {"target": "submitted", "fix_description": "Cleared."}, format="json")  # fmt: skip
    assert sub.status_code == 200 and sub.data["status"] == "submitted"


@pytest.mark.django_db
def test_the_inspector_does_not_submit_the_fix_they_verify(users, operating):
    notice = issue_notice(users, operating)
    with pytest.raises(ConditionFailed) as exc:
        rectification_transition(actor=users["inspector"], notice_pk=notice.pk, target="submitted",
                                 fix_description="Done by me.")  # fmt: skip
    assert "3.4.2" in str(exc.value)


def _png(name="photo.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\n" + name.encode(), content_type="image/png")


@pytest.mark.django_db
def test_inspection_photos_with_the_scores(client, api_client, users, operating, checklist, settings, tmp_path):
    from core.models import Attachment

    settings.MEDIA_ROOT = tmp_path
    inspection = plan(users, operating, checklist)
    items = list(checklist.items.all())
    client.force_login(users["inspector"])
    data = {"scores-TOTAL_FORMS": "2", "scores-INITIAL_FORMS": "2", "summary": "Exit B blocked.",
            "performed_on": timezone.localdate().isoformat(), "files": [_png("exit-b.png")]}  # fmt: skip
    for i, item in enumerate(items):
        data |= {f"scores-{i}-item": item.pk, f"scores-{i}-score": 80, f"scores-{i}-passed": "on"}
    response = client.post(f"/projects/{operating.pk}/inspections/{inspection.pk}/record/", data)
    assert response.status_code == 302
    assert list(Attachment.objects.for_object(inspection).values_list("name", flat=True)) == ["exit-b.png"]
    page = client.get(inspection.get_absolute_url()).content.decode()
    assert "exit-b.png" in page
    api_client.force_authenticate(users["inspector"])
    added = api_client.post(f"/api/inspections/{inspection.pk}/attachments/", {"files": [_png("b.png")]},
                            format="multipart")  # fmt: skip
    assert added.status_code == 201 and [a["name"] for a in added.data] == ["exit-b.png", "b.png"]
    api_client.force_authenticate(users["head"])  # not the assigned inspector
    refused = api_client.post(f"/api/inspections/{inspection.pk}/attachments/", {"files": [_png("c.png")]},
                              format="multipart")  # fmt: skip
    assert refused.status_code == 403
    inspection_transition(actor=users["inspector"], inspection_pk=inspection.pk, target="completed")
    api_client.force_authenticate(users["inspector"])
    late = api_client.post(f"/api/inspections/{inspection.pk}/attachments/", {"files": [_png("d.png")]},
                           format="multipart")  # fmt: skip
    assert late.status_code == 400 and "3.4.2" in str(late.data)


@pytest.mark.django_db
def test_rectification_evidence(client, api_client, users, operating, settings, tmp_path):
    from core.models import Attachment
    from projects.services import rectification_evidence_add

    settings.MEDIA_ROOT = tmp_path
    notice = issue_notice(users, operating)
    with pytest.raises(PermissionDenied):
        rectification_evidence_add(actor=users["service"], notice_pk=notice.pk, files=[_png()])
    client.force_login(users["planner"])
    response = client.post(f"/projects/{operating.pk}/rectifications/{notice.pk}/evidence/",
                           {"files": [_png("after.png")], "description": "After clearing"})  # fmt: skip
    assert response.status_code == 302
    assert Attachment.objects.for_object(notice).get().description == "After clearing"
    assert "after.png" in client.get(notice.get_absolute_url()).content.decode()
    api_client.force_authenticate(users["planner"])
    listed = api_client.get(f"/api/rectifications/{notice.pk}/evidence/")
    assert listed.status_code == 200 and listed.data[0]["name"] == "after.png"
    notice_in_closed = notice_in("closed", users, operating)
    with pytest.raises(ValidationError):
        rectification_evidence_add(actor=users["planner"], notice_pk=notice_in_closed.pk, files=[_png()])
