"""The audit trail: every create/update/delete and transition is recorded; nothing can change it."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from core.audit import acting_as
from core.models import AuditEvent
from core.models.audit import AppendOnlyError, AuditAction
from projects.models import Project
from projects.services import project_create, project_update


@pytest.fixture
def event(users, project):
    return AuditEvent.objects.filter(object_id=str(project.pk)).first()


@pytest.mark.django_db
def test_create_update_delete_are_recorded_with_changed_fields(users, client_org):
    market = users["market"]
    with acting_as(market):
        p = project_create(actor=market, code="A-1", name="Alpha", client=client_org)
        project_update(actor=market, pk=p.pk, name="Alpha prime")
    created = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(p.pk), content_type__model="project")
    assert created.actor == market
    assert created.changes["name"] == [None, "Alpha"]
    updated = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(p.pk))
    assert updated.changes["name"] == ["Alpha", "Alpha prime"]
    assert "updated_at" in updated.changes and "code" not in updated.changes
    with acting_as(users["admin"]):
        Project.objects.get(pk=p.pk).members.all().delete()
        Project.objects.get(pk=p.pk).delete()
    deleted = AuditEvent.objects.get(action=AuditAction.DELETE, object_id=str(p.pk), content_type__model="project")
    assert deleted.actor == users["admin"]
    assert deleted.changes["name"] == ["Alpha prime", None]


@pytest.mark.django_db
def test_an_unchanged_save_writes_nothing(users, project):
    before = AuditEvent.objects.count()
    Project.objects.get(pk=project.pk).save(update_fields=["name"])
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_request_id_and_ip_are_recorded_for_web_writes(client, users, project):
    client.force_login(users["head"])
    response = client.post(
        reverse("projects:update", args=[project.pk]),
        {"code": project.code, "name": "Renamed", "client": project.client_id},
        HTTP_X_REQUEST_ID="req-abc-123",
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(project.pk)).first()
    assert (event.actor, event.request_id, event.ip_address) == (users["head"], "req-abc-123", "10.1.2.3")
    assert response["X-Request-ID"] == "req-abc-123"


@pytest.mark.django_db
def test_model_and_queryset_refuse_changes(event):
    event.comment = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(comment="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()


@pytest.mark.django_db
def test_the_database_refuses_raw_updates(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET comment = 'rewritten' WHERE id = %s", [event.pk])
    event.refresh_from_db()
    assert event.comment != "rewritten"


@pytest.mark.django_db
def test_the_database_refuses_raw_deletes_on_postgresql(require_postgres, event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_admin_cannot_add_change_or_delete(client, users, event):
    client.force_login(users["admin"])
    change_url = reverse("admin:core_auditevent_change", args=[event.pk])
    assert client.get(change_url).status_code == 200  # view only
    assert client.post(change_url, {"comment": "rewritten"}).status_code == 403
    assert client.post(reverse("admin:core_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:core_auditevent_add")).status_code == 403
    event.refresh_from_db()
    assert event.comment != "rewritten"


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_api_cannot_change_events(api_client, users, event, method):
    api_client.force_authenticate(users["auditor"])
    url = f"/api/audit-events/{event.pk}/"
    response = getattr(api_client, method)(url, {"comment": "rewritten"}, format="json")
    assert response.status_code == 405
    assert api_client.post("/api/audit-events/", {"comment": "x"}, format="json").status_code == 405
    event.refresh_from_db()
    assert event.comment != "rewritten"


@pytest.mark.django_db
def test_auditor_browses_and_filters_the_trail(client, users, project):
    client.force_login(users["auditor"])
    response = client.get(reverse("audit-list"), {"object_id": project.pk, "action": "create"})
    assert response.status_code == 200
    events = list(response.context["events"])
    assert events and all(e.object_id == str(project.pk) and e.action == "create" for e in events)
    response = client.get(reverse("audit-list"), {"actor": users["head"].pk})
    assert all(e.actor_id == users["head"].pk for e in response.context["events"])
    response = client.get(reverse("audit-list"), {"date_from": "2999-01-01"})
    assert list(response.context["events"]) == []
    detail = client.get(reverse("audit-detail", args=[events[0].pk]))
    assert detail.status_code == 200


@pytest.mark.django_db
def test_auditor_api_filters(api_client, users, project):
    api_client.force_authenticate(users["auditor"])
    response = api_client.get("/api/audit-events/", {"object_id": project.pk})
    assert response.status_code == 200
    assert response.data["results"]
    assert all(row["object_id"] == str(project.pk) for row in response.data["results"])


@pytest.mark.django_db
def test_transition_states_are_shown_as_labels(users, project):
    from projects.services import project_stage_transition
    from tests.helpers import ready_for_planning

    ready_for_planning(project, users)
    project_stage_transition(actor=users["head"], pk=project.pk, target="planning")
    event = AuditEvent.objects.get(action=AuditAction.TRANSITION, content_type__model="project")
    assert (event.from_state, event.to_state) == ("intake", "planning")
    from django.utils import translation

    with translation.override("en"):
        assert (event.from_state_label, event.to_state_label) == ("Intake", "Planning")
