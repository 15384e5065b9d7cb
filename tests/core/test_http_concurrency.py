"""Twenty approvals of the same record at once, over HTTP (issue 10): each a separate browser session posting the
approval form to the live server, each request on its own thread and database connection, on PostgreSQL. Exactly
one transition and one audit event per record; the nineteen others are told, in a message, why nothing changed."""

import datetime
import re
import threading

import pytest
import requests
from django.test import Client

from core.models import AuditEvent
from core.models.audit import AuditAction
from tests.staff.test_staff import staff  # noqa: F401 - the employee records, as a fixture

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CONTENDERS = 20
TOKEN = "c" * 32  # the CSRF secret the sessions send back (cookie and header), as a browser's form would


def sessions(live_server, user, n=CONTENDERS) -> list[requests.Session]:
    """``n`` separate sessions of ``user`` (each its own login, cookies and connection)."""
    made = []
    for _ in range(n):
        client = Client()
        client.force_login(user)
        session = requests.Session()
        for name, value in (("sessionid", client.cookies["sessionid"].value), ("csrftoken", TOKEN),
                            ("django_language", "en")):  # fmt: skip
            session.cookies.set(name, value)
        session.headers.update({"X-CSRFToken": TOKEN, "Referer": live_server.url})
        made.append(session)
    return made


def all_at_once(live_server, user, path, data) -> list[tuple[str, list[str]]]:
    """POST ``data`` to ``path`` from CONTENDERS sessions at the same moment; each one's outcome: the kind of
    message the page it is sent back to shows (success / danger), and the messages."""
    barrier, results, lock = threading.Barrier(CONTENDERS), [], threading.Lock()

    def post(session):
        barrier.wait(timeout=30)
        response = session.post(f"{live_server.url}{path}", data=data, allow_redirects=False, timeout=60)
        assert response.status_code == 302, (response.status_code, response.text[:500])
        page = session.get(f"{live_server.url}{response.headers['Location']}", timeout=60).text
        alerts = re.findall(r'class="alert alert-(success|danger)[^"]*" role="alert">\s*(.*?)\s*<', page, re.S)
        with lock:
            results.append(({kind for kind, _text in alerts}, [text for _kind, text in alerts]))

    threads = [threading.Thread(target=post, args=(s,)) for s in sessions(live_server, user)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == CONTENDERS, results
    return results


def one_winner(results, refusal: str):
    winners = [r for r in results if r[0] == {"success"}]
    losers = [r for r in results if r[0] == {"danger"}]
    assert len(winners) == 1 and len(losers) == CONTENDERS - 1, results
    assert all(any(re.search(refusal, text) for text in texts) for _kinds, texts in losers), losers


def transitions(obj, to_state) -> int:
    return AuditEvent.objects.filter(action=AuditAction.TRANSITION, object_id=str(obj.pk), to_state=to_state,
                                     content_type__model=obj._meta.model_name).count()  # fmt: skip


def test_twenty_approvals_of_one_stage_gate(require_postgres, live_server, users, project):
    from tests.helpers import ready_for_planning

    ready_for_planning(project, users)
    results = all_at_once(live_server, users["head"], f"/projects/{project.pk}/stage/",
                          {"target": "planning", "expected_source": "intake", "comment": "Go."})  # fmt: skip
    one_winner(results, r"^3 .*no longer “Intake” but “Planning”; someone else changed it first")
    project.refresh_from_db()
    assert project.stage == "planning" and transitions(project, "planning") == 1


def test_twenty_approvals_of_one_budget(require_postgres, live_server, users, project):
    from finance.services import budget_create, budget_lines_set, budget_transition
    from tests.finance.test_finance_pages import cat

    waiting = budget_create(actor=users["head"], year=datetime.date.today().year, project=project,
                            assumptions="Steady.")  # fmt: skip
    budget_lines_set(actor=users["head"], pk=waiting.pk, lines={(cat(c).pk, m): "100.00" for c in ("service-fees",
                     "staff", "travel") for m in range(1, 13)})  # fmt: skip
    budget_transition(actor=users["head"], pk=waiting.pk, target="submitted", comment="ok")
    budget_transition(actor=users["finance"], pk=waiting.pk, target="reviewed", comment="ok")
    results = all_at_once(live_server, users["executive"], f"/finance/budgets/{waiting.pk}/transition/",
                          {"target": "approved", "expected_source": "reviewed", "comment": "Approved."})  # fmt: skip
    one_winner(results, r"^6\.1\.3 .*no longer “Awaiting the executive” but “Approved”; someone else changed it first")
    waiting.refresh_from_db()
    assert waiting.status == "approved" and transitions(waiting, "approved") == 1


def test_twenty_approvals_of_one_contract(require_postgres, live_server, users, project):
    from contracts.services import contract_create, contract_review, contract_submit
    from tests.helpers import CONTRACT_TERMS

    contract = contract_create(actor=users["market"], project_pk=project.pk, number="HT-HTTP",
                               **{**CONTRACT_TERMS, "amount": "500000.00"})  # fmt: skip
    contract_submit(actor=users["market"], pk=contract.pk)
    contract_review(actor=users["legal"], pk=contract.pk, passed=True, opinion="ok", lawful=True,
                    obligations_clear=True, risk_controlled=True)  # fmt: skip
    results = all_at_once(live_server, users["head"], f"/contracts/{contract.pk}/transition/",
                          {"target": "approved", "expected_source": "head_approval", "comment": "Yes."})  # fmt: skip
    one_winner(results, r"^8\.1\.3 .*no longer “Awaiting the department head”.*someone else changed it first")
    contract.refresh_from_db()
    assert contract.status == "approved" and transitions(contract, "approved") == 1


@pytest.mark.usefixtures("staff")
def test_twenty_approvals_of_one_resignation(require_postgres, live_server, users):
    from staff import services as s
    from tests.staff.test_staff import resign

    resignation = resign(users)
    s.resignation_transition(actor=users["head"], pk=resignation.pk, target="head_reviewed", comment="Genuine.",
                             handover_state="In order.")  # fmt: skip
    results = all_at_once(live_server, users["executive"], f"/staff/resignations/{resignation.pk}/transition/",
                          {"target": "approved", "expected_source": "head_reviewed", "comment": "Yes."})  # fmt: skip
    one_winner(results, r"^5\.3\.2 .*no longer “Awaiting the superior”.*someone else changed it first")
    resignation.refresh_from_db()
    assert resignation.status == "approved" and transitions(resignation, "approved") == 1
