"""The audit trail's hash chain (issue 10): committed events are sealed in turn; the verification names the first
event changed or removed behind the application's back; two sealers at once seal each event once; on PostgreSQL the
application's own role may only read and append to the trail; a backup restored elsewhere still verifies."""

import os
import subprocess
import threading
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from core import chain
from core.audit import AuditAction, audit_record
from core.models import AuditEvent, AuditSeal

ROOT = Path(__file__).resolve().parents[2]


def tamper(sql: str, params=()) -> None:
    """Change the trail as someone with the database's keys would: around the append-only triggers."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")  # triggers off, for this session
            cursor.execute(sql, params)
            cursor.execute("SET session_replication_role = DEFAULT")
        else:
            cursor.execute("DROP TRIGGER core_auditevent_append_only")
            cursor.execute(sql, params)
            cursor.execute("CREATE TRIGGER core_auditevent_append_only BEFORE UPDATE ON core_auditevent BEGIN "
                           "SELECT RAISE(ABORT, 'The audit trail (core_auditevent) is append-only'); END")  # fmt: skip


def events(n, users, project):
    for i in range(n):
        audit_record(action=AuditAction.UPDATE, obj=project, actor=users["head"], changes={"n": [i, i + 1]},
                     comment=f"第 {i} 次修改")  # fmt: skip


@pytest.mark.django_db
def test_events_are_sealed_once_in_order_and_the_chain_verifies(users, project):
    events(5, users, project)
    total = AuditEvent.objects.count()
    assert chain.seal() == total and chain.seal() == 0  # sealing again seals nothing
    seals = list(AuditSeal.objects.order_by("index"))
    assert [s.index for s in seals] == list(range(1, total + 1))
    assert [s.event_id for s in seals] == sorted(AuditEvent.objects.values_list("pk", flat=True))
    result = chain.verify()
    assert result.ok and result.checked == total and result.head == seals[-1].digest
    events(2, users, project)  # later events continue the chain
    assert chain.seal() == 2
    assert chain.verify().checked == total + 2
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert f"audit chain verified: {total + 2} events" in out.getvalue()


@pytest.mark.django_db
def test_a_changed_event_is_named_with_its_position(users, project):
    events(6, users, project)
    chain.seal()
    victim = AuditSeal.objects.order_by("index")[3]
    tamper("UPDATE core_auditevent SET comment = %s WHERE id = %s", ["nothing happened", victim.event_id])
    result = chain.verify()
    assert not result.ok and result.reason == "changed"
    assert (result.first_bad_index, result.first_bad_event, result.checked) == (victim.index, victim.event_id, 3)
    with pytest.raises(CommandError, match=f"position {victim.index}, event id {victim.event_id}: its content"):
        call_command("audit_verify", stdout=StringIO())


@pytest.mark.django_db
def test_a_removed_event_breaks_the_chain_at_its_place(users, project):
    events(6, users, project)
    chain.seal()
    victim = AuditSeal.objects.order_by("index")[2]
    tamper("DELETE FROM core_auditseal WHERE id = %s", [victim.pk])
    tamper("DELETE FROM core_auditevent WHERE id = %s", [victim.event_id])
    result = chain.verify()
    assert not result.ok and result.reason == "missing" and result.first_bad_index == victim.index
    with pytest.raises(CommandError, match=f"position {victim.index}.*missing"):
        call_command("audit_verify", "--no-seal", stdout=StringIO())


@pytest.mark.django_db
def test_a_changed_digest_is_found_too_and_seals_are_append_only(users, project):
    from core.models.audit import AppendOnlyError

    events(3, users, project)
    chain.seal()
    first = AuditSeal.objects.order_by("index").first()
    with pytest.raises(AppendOnlyError):
        first.save()
    with pytest.raises(AppendOnlyError):
        first.delete()
    with pytest.raises(Exception, match="append-only"), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditseal SET digest = %s WHERE id = %s", ["0" * 64, first.pk])


@pytest.mark.django_db
def test_an_event_committed_late_is_sealed_after_the_others(users, project):
    events(3, users, project)
    chain.seal()
    late = AuditEvent.objects.order_by("pk").first()  # as if committed after the later ones were sealed
    tamper("DELETE FROM core_auditseal")
    events(1, users, project)
    assert chain.seal() == AuditEvent.objects.count() and chain.verify().ok
    assert AuditSeal.objects.get(event=late).index == 1


@pytest.mark.django_db(transaction=True)
def test_two_sealers_at_once_seal_each_event_once(require_postgres, users, project):
    events(300, users, project)
    barrier, counts = threading.Barrier(2), []

    def run():
        try:
            barrier.wait()
            counts.append(chain.seal(batch=50))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    total = AuditEvent.objects.count()
    assert sum(counts) == total == AuditSeal.objects.count()
    assert chain.verify().ok


@pytest.mark.django_db(transaction=True)
def test_the_apps_role_may_only_read_and_append_to_the_trail(require_postgres, users, project):
    import psycopg

    events(2, users, project)
    call_command("db_app_role", "managedops_app_test", stdout=StringIO())
    settings = connection.settings_dict
    dsn = f"host={settings['HOST'] or '127.0.0.1'} port={settings['PORT'] or 5432} dbname={settings['NAME']} " \
          "user=managedops_app_test"  # fmt: skip
    with psycopg.connect(dsn, autocommit=True) as app:
        assert app.execute("SELECT count(*) FROM core_auditevent").fetchone()[0] >= 2
        app.execute("INSERT INTO core_auditevent (timestamp, actor_repr, action, object_id, object_repr, from_state, "
                    "to_state, changes, comment, request_id) VALUES (now(), 'app', 'update', '', '', '', '', '{}', "
                    "'appended by the app role', '')")  # fmt: skip
        for statement in ("UPDATE core_auditevent SET comment = 'x'", "DELETE FROM core_auditevent",
                          "TRUNCATE core_auditevent CASCADE", "UPDATE core_auditseal SET digest = 'x'",
                          "DELETE FROM core_auditseal"):  # fmt: skip
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                app.execute(statement)
        app.execute("UPDATE projects_project SET name = name WHERE id = %s", [project.pk])  # other tables: yes


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_elsewhere_still_verifies(require_postgres, users, project):
    events(20, users, project)
    settings = connection.settings_dict
    url = f"postgres://{settings['USER'] or 'postgres'}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/" \
          f"{settings['NAME']}"  # fmt: skip
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    result = subprocess.run(["bash", "scripts/backup_restore_drill.sh"], cwd=ROOT, env=env, capture_output=True,
                            text=True, check=False, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    head = chain.verify().head
    assert f"audit chain verified: {AuditEvent.objects.count()} events, head {head}" in result.stdout
    assert "[drill] OK" in result.stdout and head in result.stdout.splitlines()[-1]


@pytest.mark.django_db
def test_the_scheduled_job_seals_and_is_recorded_and_a_manager_may_run_it_now(users, project):
    from core.jobs import scheduled_jobs
    from core.models import JobRun
    from core.tasks import seal_audit_trail

    events(2, users, project)
    assert "core.tasks.seal_audit_trail" in {j["task"] for j in scheduled_jobs()}
    before = AuditEvent.objects.count()
    result = seal_audit_trail.delay(requested_by_id=users["head"].pk).get()  # as "run now" sends it
    assert result == {"events_sealed": before} and AuditSeal.objects.count() == before
    run = JobRun.objects.get(job="core.tasks.seal_audit_trail")
    assert run.ok and run.requested_by == users["head"] and run.result == result
    events(1, users, project)
    assert seal_audit_trail.delay().get() == {"events_sealed": 1}  # only what came since
    assert chain.verify().ok
