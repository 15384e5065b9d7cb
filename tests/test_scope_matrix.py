"""Role × scope matrix over every page and API endpoint that exists.

Each case states, per role, the status expected on a record inside that role's scope (``project``: a project of
``client_org`` with market, planner and service on its team) and on a record outside it (``other_project``: a
project of another client, nobody of ours on its team). 404 = outside the scope; 403 = action not allowed.
The expectations are written out, not derived from the code under test.
"""

from __future__ import annotations

import pytest

from core.models import AuditEvent
from tests.roles_table import AUDIT_READERS, CLIENTS, EVERYONE, GATE_KEEPERS, PROJECT_READERS, ROLES, STAFF

DEPT_WIDE = {"head", "executive", "inspector", "finance", "legal", "auditor", "admin"}
IN_SCOPE = DEPT_WIDE | {"market", "planner", "service", "client"}
OUT_SCOPE = DEPT_WIDE | {"client2"}
CREATORS = {"head", "market", "admin"}
EDITORS = {"head", "market", "planner", "service", "admin"}
CLIENT_READERS = STAFF - {"hr", "employee"}  # core.view_clientorganisation
# Intake and planning (issue 3): who holds the read and write permissions of each record type.
INTAKE_READERS = {"head", "executive", "market", "planner", "service", "auditor", "admin"}  # talks, contacts
INTAKE_WRITERS = {"head", "market", "service", "admin"}
EVAL_READERS = INTAKE_READERS | {"finance"}
RISK_READERS = {"head", "executive", "market", "planner", "inspector", "legal", "auditor", "admin"}
RISK_RECORDERS = {"head", "market", "planner", "inspector", "legal", "admin"}
RISK_ASSESSORS = {"head", "planner", "legal", "admin"}
RISK_RESPONDERS = {"head", "planner", "admin"}
RISK_CHECKERS = {"head", "planner", "inspector", "admin"}
PLAN_READERS = {"head", "executive", "planner", "service", "inspector", "auditor", "admin"}  # plans, surveys
PLAN_WRITERS = {"head", "planner", "admin"}
CONTRACT_READERS = EVERYONE - {"hr", "employee"}
SUP_READERS = {"head", "executive", "planner", "service", "inspector", "auditor", "admin"}
SUP_WRITERS = {"head", "inspector", "admin"}
EXEC_READERS = {"head", "executive", "market", "planner", "service", "inspector", "auditor", "admin"}
TASK_WRITERS = {"head", "planner", "service", "admin"}
ISSUE_WRITERS = TASK_WRITERS | {"market", "inspector"}
CONTRACT_WRITERS = {"head", "market", "legal", "admin"}
IN_STAFF, OUT_STAFF = IN_SCOPE - CLIENTS, OUT_SCOPE - CLIENTS
# Acceptance (3.5) is client-facing: the project's client reads the arrangement, the packages sent to it, the handover.
ACC_READERS = {"head", "executive", "market", "planner", "service", "inspector", "auditor", "admin", "client",
               "client2"}  # fmt: skip
ARRANGERS = {"head", "service", "admin"}
PACKAGE_WRITERS = {"head", "planner", "service", "inspector", "admin"}
ROUND_OPENERS = {"head", "planner", "inspector", "admin"}
MERIT_READERS = {"head", "executive", "inspector", "auditor", "admin"}
MERIT_WRITERS = {"head", "inspector", "admin"}
# Service records and KPIs (ch. 4): staff readers; requests, revisits and survey rounds are client-facing too.
SERVICE_READERS = {"head", "executive", "market", "planner", "service", "inspector", "auditor", "admin"}
CLIENT_SERVICE = SERVICE_READERS | {"client", "client2"}
REQUEST_RAISERS = {"head", "service", "admin", "client", "client2"}
MARKETERS = {"head", "market", "planner", "admin"}
KPI_WRITERS = {"head", "inspector", "admin"}
JOB_READERS = {"head", "executive", "inspector", "auditor", "admin"}
# Contracts (ch. 8): the internal records of a contract, the archive, signing authorisations, invoices.
CONTRACT_STAFF = CONTRACT_READERS - CLIENTS
PERFORMANCE_WRITERS = {"head", "legal", "admin"}
ARCHIVE_READERS = {"head", "executive", "legal", "auditor", "admin"}
BORROWERS = {"head", "executive", "legal", "admin"}
AUTH_READERS = {"head", "executive", "legal", "signatory", "auditor", "admin"}
INVOICE_READERS = {"head", "executive", "finance", "legal", "auditor", "admin"}
# Finance (ch. 6): internal to finance, the head, the executive and auditors; an employee sees its own claims.
FIN_READERS = {"head", "executive", "finance", "auditor", "admin"}
BUDGET_WRITERS = {"head", "finance", "admin"}
CLAIM_READERS = FIN_READERS | {"employee"}


def client_facing(readers: set, ok_status: int = 200) -> tuple[dict, dict]:
    """A client-facing project record: readers in the project's scope (its client among them) see it."""
    return (table(readers & IN_SCOPE, ok_status, no_perm=EVERYONE - readers),
            table(readers & OUT_SCOPE, ok_status, no_perm=EVERYONE - readers))  # fmt: skip


IN_CONTRACT = CONTRACT_READERS & (IN_SCOPE | {"legal", "signatory"})
OUT_CONTRACT = CONTRACT_READERS & (OUT_SCOPE | {"legal", "signatory"})


def record(readers: set, ok_status: int = 200) -> tuple[dict, dict]:
    """A project record: readers in the project's scope see it; other readers get 404; the rest 403."""
    return (table(readers & IN_STAFF, ok_status, no_perm=EVERYONE - readers),
            table(readers & OUT_STAFF, ok_status, no_perm=EVERYONE - readers))  # fmt: skip


def table(
    ok: set,
    ok_status: int = 200,
    *,
    visible: set | None = None,
    denied_status: int = 403,
    hidden_status: int = 404,
    no_perm: set | None = None,
) -> dict[str, int]:
    """Status per role: ``ok`` roles succeed; roles lacking the permission get ``denied_status``; roles that
    hold it but cannot see the record get ``hidden_status``; ``visible`` roles that see it but may not act, 403."""
    result = {}
    for role in ROLES:
        if role in ok:
            result[role] = ok_status
        elif no_perm is not None and role in no_perm:
            result[role] = denied_status
        elif visible is not None and role in visible:
            result[role] = 403
        elif no_perm is None and visible is None:
            result[role] = denied_status
        else:
            result[role] = hidden_status
    return result


NOT_PROJECT_READERS = EVERYONE - PROJECT_READERS
# a finance record of the out-of-scope project: the auditor's engagement does not cover it (6.4.3)
# Staff (ch. 5): HR, the head, the executive and auditors read every staff record; an employee only its own; the
# other single-role logins of this matrix hold no staff permission; clients none.
STAFF_WIDE_R = {"head", "executive", "hr", "auditor", "admin"}
STAFF_READERS = STAFF_WIDE_R | {"employee"}
OWN_RECORD = table(STAFF_READERS)
OTHERS_RECORD = table(STAFF_WIDE_R, no_perm=EVERYONE - STAFF_READERS)  # the employee: 404
# Recording a response's measures done (7.2.2): the head and the planner; the other readers see it but may not.
RESPONSE_DONE = (
    table({"head", "planner", "admin"}, 302),
    table({"head", "admin"}, 302, visible=RISK_READERS & DEPT_WIDE, no_perm=EVERYONE - RISK_READERS),
)
RESPONSE_DONE_API = (
    table({"head", "planner", "admin"}),
    table({"head", "admin"}, visible=RISK_READERS & DEPT_WIDE, no_perm=EVERYONE - RISK_READERS),
)
AUDITED_OUT = table(FIN_READERS - {"auditor"}, no_perm=EVERYONE - FIN_READERS)

# (case id, method, url, data, expectations for the in-scope record, for the out-of-scope record)
CASES = [
    ("page:home", "get", "/", None, table(EVERYONE), None),
    ("page:notifications", "get", "/notifications/", None, table(EVERYONE), None),
    ("page:notifications-read-all", "post", "/notifications/read/", {}, table(EVERYONE, 302), None),
    ("page:policy", "get", "/policy/", None, table(STAFF), None),
    ("page:audit-list", "get", "/audit/", None, table(AUDIT_READERS), None),
    ("page:audit-detail", "get", "/audit/{event}/", None, table(AUDIT_READERS), None),
    ("page:project-list", "get", "/projects/", None, table(PROJECT_READERS), None),
    ("page:project-create", "get", "/projects/new/", None, table(CREATORS), None),
    (
        "page:project-detail",
        "get",
        "/projects/{pk}/",
        None,
        table(IN_SCOPE, no_perm=NOT_PROJECT_READERS),
        table(OUT_SCOPE, no_perm=NOT_PROJECT_READERS),
    ),
    (
        "page:project-edit",
        "get",
        "/projects/{pk}/edit/",
        None,
        table(IN_SCOPE & EDITORS, no_perm=EVERYONE - EDITORS),
        table(OUT_SCOPE & EDITORS, no_perm=EVERYONE - EDITORS),
    ),
    (
        "page:project-transition",
        "post",
        "/projects/{pk}/stage/",
        {"target": "supervision", "expected_source": "execution", "comment": ""},
        table(GATE_KEEPERS, 302, visible=IN_SCOPE),
        table(GATE_KEEPERS, 302, visible=OUT_SCOPE),
    ),
    (
        "page:project-member-add",
        "post",
        "/projects/{pk}/members/",
        {"user": "{planner}", "role": "planner"},
        table(GATE_KEEPERS, 302, no_perm=EVERYONE - GATE_KEEPERS),
        table(GATE_KEEPERS, 302, no_perm=EVERYONE - GATE_KEEPERS),
    ),
    ("page:admin", "get", "/admin/", None, {r: (200 if r == "admin" else 302) for r in ROLES}, None),
    ("api:me", "get", "/api/me/", None, table(EVERYONE), None),
    ("api:schema", "get", "/api/schema/", None, table(EVERYONE), None),
    ("api:docs", "get", "/api/docs/", None, table(EVERYONE), None),
    ("api:policy-clauses", "get", "/api/policy-clauses/", None, table(STAFF), None),
    ("api:policy-clause", "get", "/api/policy-clauses/3.1.3/", None, table(STAFF), None),
    ("api:clients", "get", "/api/clients/", None, table(CLIENT_READERS), None),
    ("api:client-detail", "get", "/api/clients/{client}/", None, table(CLIENT_READERS), None),
    ("api:notifications", "get", "/api/notifications/", None, table(EVERYONE), None),
    ("api:notifications-read-all", "post", "/api/notifications/read-all/", {}, table(EVERYONE), None),
    ("api:audit-events", "get", "/api/audit-events/", None, table(AUDIT_READERS), None),
    ("api:audit-event", "get", "/api/audit-events/{event}/", None, table(AUDIT_READERS), None),
    ("api:project-list", "get", "/api/projects/", None, table(PROJECT_READERS), None),
    (
        "api:project-create",
        "post",
        "/api/projects/",
        {"code": "NEW-1", "name": "New", "client": "{client}"},
        table(CREATORS, 201),
        None,
    ),
    (
        "api:project-detail",
        "get",
        "/api/projects/{pk}/",
        None,
        table(IN_SCOPE, no_perm=NOT_PROJECT_READERS),
        table(OUT_SCOPE, no_perm=NOT_PROJECT_READERS),
    ),
    (
        "api:project-update",
        "patch",
        "/api/projects/{pk}/",
        {"name": "Renamed"},
        table(IN_SCOPE & EDITORS, no_perm=EVERYONE - EDITORS),
        table(OUT_SCOPE & EDITORS, no_perm=EVERYONE - EDITORS),
    ),
    ("api:project-delete", "delete", "/api/projects/{pk}/", None, dict.fromkeys(ROLES, 405), None),
    (
        "api:project-transition",
        "post",
        "/api/projects/{pk}/transition/",
        {"target": "supervision"},
        # the projects are in execution with duties and a work plan (3.3.1): the gate keepers move them on
        table(GATE_KEEPERS, 200, visible=IN_SCOPE, no_perm=NOT_PROJECT_READERS),
        table(GATE_KEEPERS, 200, visible=OUT_SCOPE, no_perm=NOT_PROJECT_READERS),
    ),
    (
        "api:project-approvals",
        "get",
        "/api/projects/{pk}/approvals/",
        None,
        table(IN_SCOPE, no_perm=NOT_PROJECT_READERS),
        table(OUT_SCOPE, no_perm=NOT_PROJECT_READERS),
    ),
    (
        "api:project-members",
        "get",
        "/api/projects/{pk}/members/",
        None,
        table(IN_SCOPE - {"client"}, visible={"client"}, no_perm=NOT_PROJECT_READERS),
        table(OUT_SCOPE - {"client2"}, visible={"client2"}, no_perm=NOT_PROJECT_READERS),
    ),
    (
        "api:project-member-add",
        "post",
        "/api/projects/{pk}/members/",
        {"user": "{planner}", "role": "planner"},
        table(GATE_KEEPERS, 201, visible=IN_SCOPE, no_perm=NOT_PROJECT_READERS),
        table(GATE_KEEPERS, 201, visible=OUT_SCOPE, no_perm=NOT_PROJECT_READERS),
    ),
]

CASES += [
    # Intake pages (3.1)
    ("page:evaluation", "get", "/projects/{pk}/evaluation/", None, *record(EVAL_READERS)),
    ("page:contact-add", "post", "/projects/{pk}/contacts/", {"name": "Ms Liu"}, *record(INTAKE_WRITERS, 302)),
    ("page:talk-add", "post", "/projects/{pk}/talks/",
     {"date": "2026-02-01", "participants": "p", "summary": "s"}, *record(INTAKE_WRITERS, 302)),
    ("page:risk-add", "post", "/projects/{pk}/evaluation/risks/",
     {"category": "market", "description": "d", "level": "low"}, *record(RISK_RECORDERS, 302)),
    ("page:decide", "post", "/projects/{pk}/evaluation/decision/", {"decision": "take_on", "reason": "r"},
     *record({"head", "admin"}, 302)),
    # Planning pages (3.2)
    ("page:survey-create", "get", "/projects/{pk}/surveys/new/", None, *record(PLAN_WRITERS)),
    ("page:survey-detail", "get", "/projects/{pk}/surveys/{survey}/", None, *record(PLAN_READERS)),
    ("page:plan-create", "get", "/projects/{pk}/plans/new/", None, *record(PLAN_WRITERS)),
    ("page:plan-detail", "get", "/projects/{pk}/plans/{plan}/", None, *record(PLAN_READERS)),
    ("page:plan-edit", "get", "/projects/{pk}/plans/{plan}/edit/", None, *record(PLAN_WRITERS, 302)),
    ("page:plan-review", "post", "/projects/{pk}/plans/{plan}/review/", {"verdict": "pass", "opinion": "ok"},
     table({"inspector"}, 302, visible=PLAN_READERS & IN_STAFF, no_perm=EVERYONE - PLAN_READERS),
     table({"inspector"}, 302, visible=PLAN_READERS & OUT_STAFF, no_perm=EVERYONE - PLAN_READERS)),
    ("page:plan-transition", "post", "/projects/{pk}/plans/{plan}/transition/",
     {"target": "returned", "expected_source": "passed", "comment": "c"}, *record(PLAN_READERS, 302)),
    ("page:plan-revise", "post", "/projects/{pk}/plans/{plan}/revise/", {}, *record(PLAN_WRITERS, 302)),
    # Contracts (3.1.3, 8.1)
    ("page:contract-list", "get", "/contracts/", None, table(CONTRACT_READERS), None),
    ("page:contract-detail", "get", "/contracts/{contract}/", None,
     table(IN_CONTRACT, no_perm=EVERYONE - CONTRACT_READERS), table(OUT_CONTRACT, no_perm=EVERYONE - CONTRACT_READERS)),
    ("page:contract-create", "get", "/contracts/new/?project={pk}", None,
     table(CONTRACT_WRITERS & IN_SCOPE, no_perm=EVERYONE - CONTRACT_WRITERS),
     table(CONTRACT_WRITERS & OUT_SCOPE, no_perm=EVERYONE - CONTRACT_WRITERS)),
    # the contract is signed: its edit page sends back to the contract (8.2.3: only an amendment changes it)
    ("page:contract-edit", "get", "/contracts/{contract}/edit/", None,
     table(CONTRACT_WRITERS & IN_CONTRACT, 302, no_perm=EVERYONE - CONTRACT_WRITERS),
     table(CONTRACT_WRITERS & OUT_CONTRACT, 302, no_perm=EVERYONE - CONTRACT_WRITERS)),
    ("page:contract-amend", "get", "/contracts/{contract}/amend/", None,
     table(CONTRACT_WRITERS & IN_CONTRACT, no_perm=EVERYONE - CONTRACT_WRITERS),
     table(CONTRACT_WRITERS & OUT_CONTRACT, no_perm=EVERYONE - CONTRACT_WRITERS)),
    # signing a signed contract: refused with the reason on the page (302) for whoever sees it
    ("page:contract-sign", "post", "/contracts/{contract}/sign/",
     {"signed_on": "2026-01-01", "client_signatory": "x"},
     table(IN_CONTRACT, 302, no_perm=EVERYONE - CONTRACT_READERS),
     table(OUT_CONTRACT, 302, no_perm=EVERYONE - CONTRACT_READERS)),
    ("page:contract-version", "get", "/contracts/{contract}/versions/1/", None,
     table(IN_CONTRACT - CLIENTS, visible={"client"}, no_perm=EVERYONE - CONTRACT_READERS),
     table(OUT_CONTRACT - CLIENTS, visible={"client2"}, no_perm=EVERYONE - CONTRACT_READERS)),
    ("page:obligation-add", "post", "/contracts/{contract}/obligations/",
     {"party": "ours", "kind": "obligation", "description": "Report", "due_on": "2099-01-01"},
     table(PERFORMANCE_WRITERS, 302), table(PERFORMANCE_WRITERS, 302)),
    ("page:contract-archive", "get", "/contracts/{contract}/archive/", None,  # archived already: to the record
     table({"legal", "admin"}, 302), table({"legal", "admin"}, 302)),
    ("page:obligations", "get", "/contracts/obligations/", None, table(CONTRACT_READERS), None),
    ("page:archive-list", "get", "/contracts/archive/", None, table(ARCHIVE_READERS), None),
    ("page:archive-detail", "get", "/contracts/archive/{archive}/", None, table(ARCHIVE_READERS),
     table(ARCHIVE_READERS)),
    ("page:archive-copy", "get", "/contracts/archive/{archive}/copy/", None, table(ARCHIVE_READERS),
     table(ARCHIVE_READERS)),
    ("page:borrow", "post", "/contracts/archive/{archive}/borrow/", {"purpose": "Audit", "due_back": "2099-01-01"},
     table(BORROWERS, 302), table(BORROWERS, 302)),
    ("page:authorisations", "get", "/contracts/authorisations/", None, table(AUTH_READERS), None),
    ("page:authorisation-create", "get", "/contracts/authorisations/new/", None, table({"signatory", "admin"}),
     None),
    # Execution pages (3.3)
    ("page:tasks", "get", "/projects/{pk}/tasks/", None, *record(EXEC_READERS)),
    ("page:task-add", "post", "/projects/{pk}/tasks/new/",
     {"title": "t", "category": "safety", "owner": "{planner}", "due_date": "2027-01-01"}, *record(TASK_WRITERS, 302)),
    ("page:task-edit", "get", "/projects/{pk}/tasks/{task}/edit/", None, *record(TASK_WRITERS)),
    ("page:task-transition", "post", "/projects/{pk}/tasks/{task}/transition/",
     {"target": "in_progress", "expected_source": "todo"},
     table(TASK_WRITERS & IN_STAFF, 302, visible=EXEC_READERS & IN_STAFF, no_perm=EVERYONE - EXEC_READERS),
     table(TASK_WRITERS & OUT_STAFF, 302, visible=EXEC_READERS & OUT_STAFF, no_perm=EVERYONE - EXEC_READERS)),
    ("page:duty-assign", "post", "/projects/{pk}/duties/", {"person": "{planner}", "responsibility": "r"},
     *record({"head", "planner", "admin"}, 302)),
    ("page:issues", "get", "/projects/{pk}/issues/", None, *record(EXEC_READERS)),
    ("page:issue-raise", "post", "/projects/{pk}/issues/new/", {"title": "t", "priority": "low", "owner": "{planner}"},
     *record(ISSUE_WRITERS, 302)),
    ("page:issue-detail", "get", "/projects/{pk}/issues/{issue}/", None, *record(EXEC_READERS)),
    ("page:issue-transition", "post", "/projects/{pk}/issues/{issue}/transition/",
     {"target": "escalated", "expected_source": "open", "comment": "c"},
     table(ISSUE_WRITERS & IN_STAFF, 302, visible=EXEC_READERS & IN_STAFF, no_perm=EVERYONE - EXEC_READERS),
     table(ISSUE_WRITERS & OUT_STAFF, 302, visible=EXEC_READERS & OUT_STAFF, no_perm=EVERYONE - EXEC_READERS)),
    # Supervision pages (3.4)
    ("page:checklists", "get", "/projects/checklists/", None, table(SUP_READERS), None),
    ("page:checklist-detail", "get", "/projects/checklists/{checklist}/", None, table(SUP_READERS), None),
    ("page:checklist-create", "get", "/projects/checklists/new/", None, table(SUP_WRITERS), None),
    ("page:inspections", "get", "/projects/{pk}/inspections/", None, *record(SUP_READERS)),
    ("page:inspections-csv", "get", "/projects/{pk}/inspections/?format=csv", None, *record(SUP_READERS)),
    ("page:inspection-plan", "get", "/projects/{pk}/inspections/new/", None, *record(SUP_WRITERS)),
    ("page:inspection-detail", "get", "/projects/{pk}/inspections/{inspection}/", None, *record(SUP_READERS)),
    ("page:rectifications", "get", "/projects/{pk}/rectifications/", None, *record(SUP_READERS)),
    ("page:rectification-issue", "get", "/projects/{pk}/rectifications/new/", None, *record(SUP_WRITERS)),
    ("page:rectification-detail", "get", "/projects/{pk}/rectifications/{notice}/", None, *record(SUP_READERS)),
    ("page:inspection-schedule", "get", "/projects/{pk}/inspections/schedule/", None, *record(SUP_WRITERS)),
    ("page:merits", "get", "/projects/{pk}/merits/", None, *record(MERIT_READERS)),
    ("page:merit-propose", "get", "/projects/{pk}/merits/new/", None, *record(MERIT_WRITERS)),
    ("page:merit-detail", "get", "/projects/{pk}/merits/{merit}/", None, *record(MERIT_READERS)),
    # Acceptance pages (3.5)
    ("page:acceptance", "get", "/projects/{pk}/acceptance/", None, *client_facing(ACC_READERS)),
    ("page:acceptance-arrange", "get", "/projects/{pk}/acceptance/arrangement/", None, *record(ARRANGERS)),
    ("page:acceptance-round", "get", "/projects/{pk}/acceptance/rounds/{round}/", None,
     *client_facing(ACC_READERS)),
    ("page:acceptance-round-rejected", "get", "/projects/{pk}/acceptance/rounds/{rejected_round}/", None,
     *client_facing(ACC_READERS)),
    ("page:acceptance-package", "get", "/projects/{pk}/acceptance/rounds/{round}/package/", None,
     *record(PACKAGE_WRITERS)),
    ("page:acceptance-round-start", "post", "/projects/{pk}/acceptance/rounds/new/", {}, *record(ROUND_OPENERS, 302)),
    # API
    ("api:inspection-plans", "get", "/api/inspection-plans/", None, table(SUP_READERS), None),
    ("api:inspection-plan", "get", "/api/inspection-plans/{inspection_plan}/", None, *record(SUP_READERS)),
    ("api:merit-records", "get", "/api/merit-records/", None, table(MERIT_READERS), None),
    ("api:merit-record", "get", "/api/merit-records/{merit}/", None, *record(MERIT_READERS)),
    ("api:acceptance-arrangements", "get", "/api/acceptance-arrangements/", None, table(ACC_READERS), None),
    ("api:acceptance-arrangement", "get", "/api/acceptance-arrangements/{arrangement}/", None,
     *client_facing(ACC_READERS)),
    ("api:acceptance-rounds", "get", "/api/acceptance-rounds/", None, table(ACC_READERS), None),
    ("api:acceptance-round", "get", "/api/acceptance-rounds/{round}/", None, *client_facing(ACC_READERS)),
    ("api:acceptance-round-package", "post", "/api/acceptance-rounds/{round}/package/", {"quality_report": "x"},
     *record(PACKAGE_WRITERS, 400)),  # the package is with the client: refused with a clear 400 (3.5.2)
    ("api:handovers", "get", "/api/handovers/", None, table(ACC_READERS), None),
    ("api:acceptance-round-documents", "get", "/api/acceptance-rounds/{round}/documents/", None,
     *client_facing(ACC_READERS)),
    ("api:inspection-attachments", "get", "/api/inspections/{inspection}/attachments/", None, *record(SUP_READERS)),
    ("api:rectification-evidence", "get", "/api/rectifications/{notice}/evidence/", None, *record(SUP_READERS)),
    # Service records and KPIs (ch. 4)
    ("page:requests", "get", "/projects/{pk}/requests/", None, *client_facing(CLIENT_SERVICE)),
    ("page:request-raise", "get", "/projects/{pk}/requests/new/", None, *client_facing(REQUEST_RAISERS)),
    ("page:request-detail", "get", "/projects/{pk}/requests/{request}/", None, *client_facing(CLIENT_SERVICE)),
    ("page:revisits", "get", "/projects/{pk}/revisits/", None, *client_facing(CLIENT_SERVICE)),
    ("page:survey-rounds", "get", "/projects/{pk}/satisfaction/", None, *client_facing(CLIENT_SERVICE)),
    ("page:survey-round", "get", "/projects/{pk}/satisfaction/{survey_round}/", None, *client_facing(CLIENT_SERVICE)),
    ("page:activities", "get", "/projects/{pk}/marketing/", None, *record(SERVICE_READERS)),
    ("page:activity-edit", "get", "/projects/{pk}/marketing/{activity}/edit/", None, *record(MARKETERS)),
    ("page:operations-log", "get", "/projects/{pk}/operations-log/", None, *record(SERVICE_READERS)),
    ("page:project-kpis", "get", "/projects/{pk}/kpis/", None, *record(SERVICE_READERS)),
    ("page:kpi-dashboard", "get", "/projects/kpis/", None, table(SERVICE_READERS), None),
    ("page:kpi-create", "get", "/projects/kpis/new/", None, table(KPI_WRITERS), None),
    ("page:kpi-edit", "get", "/projects/kpis/{kpi}/edit/", None, table(KPI_WRITERS), None),
    ("page:questionnaires", "get", "/projects/questionnaires/", None, table(SERVICE_READERS), None),
    ("page:jobs", "get", "/jobs/", None, table(JOB_READERS), None),
    ("api:service-requests", "get", "/api/service-requests/", None, table(CLIENT_SERVICE), None),
    ("api:service-request", "get", "/api/service-requests/{request}/", None, *client_facing(CLIENT_SERVICE)),
    ("api:revisits", "get", "/api/revisits/", None, table(CLIENT_SERVICE), None),
    ("api:revisit", "get", "/api/revisits/{revisit}/", None, *client_facing(CLIENT_SERVICE)),
    ("api:survey-rounds", "get", "/api/survey-rounds/", None, table(CLIENT_SERVICE), None),
    ("api:survey-round", "get", "/api/survey-rounds/{survey_round}/", None, *client_facing(CLIENT_SERVICE)),
    ("api:surveys", "get", "/api/surveys/", None, table(SERVICE_READERS), None),
    ("api:marketing", "get", "/api/marketing-activities/{activity}/", None, *record(SERVICE_READERS)),
    ("api:operations-log", "get", "/api/operations-log/", None, table(SERVICE_READERS), None),
    ("api:kpis", "get", "/api/kpis/", None, table(SERVICE_READERS), None),
    ("api:kpi-values", "get", "/api/kpi-values/", None, table(SERVICE_READERS), None),
    ("api:kpi-alert", "get", "/api/kpi-alerts/{kpi_alert}/", None, *record(SERVICE_READERS)),
    ("api:job-runs", "get", "/api/job-runs/", None, table(JOB_READERS), None),
    ("api:checklists", "get", "/api/checklists/", None, table(SUP_READERS), None),
    ("api:inspections", "get", "/api/inspections/", None, table(SUP_READERS), None),
    ("api:inspection", "get", "/api/inspections/{inspection}/", None, *record(SUP_READERS)),
    ("api:rectifications", "get", "/api/rectifications/", None, table(SUP_READERS), None),
    ("api:rectification", "get", "/api/rectifications/{notice}/", None, *record(SUP_READERS)),
    ("api:duties", "get", "/api/duties/", None, table(EXEC_READERS), None),
    ("api:duty", "get", "/api/duties/{duty}/", None, *record(EXEC_READERS)),
    ("api:tasks", "get", "/api/tasks/", None, table(EXEC_READERS), None),
    ("api:task", "get", "/api/tasks/{task}/", None, *record(EXEC_READERS)),
    ("api:task-update", "patch", "/api/tasks/{task}/", {"progress": 50}, *record(TASK_WRITERS)),
    ("api:task-transition", "post", "/api/tasks/{task}/transition/", {"target": "in_progress"},
     table(TASK_WRITERS & IN_STAFF, visible=EXEC_READERS & IN_STAFF, no_perm=EVERYONE - EXEC_READERS),
     table(TASK_WRITERS & OUT_STAFF, visible=EXEC_READERS & OUT_STAFF, no_perm=EVERYONE - EXEC_READERS)),
    ("api:issues", "get", "/api/coordination-issues/", None, table(EXEC_READERS), None),
    ("api:issue", "get", "/api/coordination-issues/{issue}/", None, *record(EXEC_READERS)),
    ("api:issue-create", "post", "/api/coordination-issues/", {"project": "{pk}", "title": "t", "owner": "{planner}"},
     *record(ISSUE_WRITERS, 201)),
    ("api:talks", "get", "/api/talks/", None, table(INTAKE_READERS), None),
    ("api:talk", "get", "/api/talks/{talk}/", None, *record(INTAKE_READERS)),
    ("api:talk-create", "post", "/api/talks/", {"project": "{pk}", "date": "2026-02-01", "participants": "p",
                                                "summary": "s"}, *record(INTAKE_WRITERS, 201)),
    ("api:contacts", "get", "/api/contacts/", None, table(INTAKE_READERS), None),
    ("api:contact", "get", "/api/contacts/{contact}/", None, *record(INTAKE_READERS)),
    ("api:evaluations", "get", "/api/evaluations/", None, table(EVAL_READERS), None),
    ("api:evaluation", "get", "/api/evaluations/{evaluation}/", None, *record(EVAL_READERS)),
    ("api:risks", "get", "/api/risks/", None, table(RISK_READERS), None),
    ("api:risk", "get", "/api/risks/{risk}/", None, *record(RISK_READERS)),
    ("api:risk-assessments", "get", "/api/risk-assessments/", None, table(RISK_READERS), None),
    ("api:risk-assessment-create", "post", "/api/risk-assessments/", {"risk": "{risk}", "stage": "residual",
     "likelihood": 2, "impact": 2, "rationale": "r", "probability": "5", "expected_loss": "0"},
     *record(RISK_ASSESSORS, 201)),
    ("api:risk-responses", "get", "/api/risk-responses/", None, table(RISK_READERS), None),
    ("api:risk-response", "get", "/api/risk-responses/{risk_response}/", None, *record(RISK_READERS)),
    ("api:risk-response-transition", "post", "/api/risk-responses/{risk_response}/transition/",
     {"target": "completed", "expected_source": "in_progress"}, *RESPONSE_DONE_API),
    ("api:risk-response-check", "post", "/api/risk-responses/{risk_response}/checks/",
     {"result": "effective", "notes": "n"}, *record(RISK_CHECKERS, 201)),
    ("api:risk-reviews", "get", "/api/risk-reviews/", None, table(RISK_READERS), None),
    ("api:risk-review", "get", "/api/risk-reviews/{risk_review}/", None, *record(RISK_READERS)),
    ("api:site-surveys", "get", "/api/site-surveys/", None, table(PLAN_READERS), None),
    ("api:site-survey", "get", "/api/site-surveys/{survey}/", None, *record(PLAN_READERS)),
    ("api:plans", "get", "/api/plans/", None, table(PLAN_READERS), None),
    ("api:plan", "get", "/api/plans/{plan}/", None, *record(PLAN_READERS)),
    ("api:contracts", "get", "/api/contracts/", None, table(CONTRACT_READERS), None),
    ("api:contract", "get", "/api/contracts/{contract}/", None,
     table(IN_CONTRACT, no_perm=EVERYONE - CONTRACT_READERS), table(OUT_CONTRACT, no_perm=EVERYONE - CONTRACT_READERS)),
    ("api:contract-versions", "get", "/api/contracts/{contract}/versions/", None,
     table(IN_CONTRACT - CLIENTS, visible={"client"}, no_perm=EVERYONE - CONTRACT_READERS),
     table(OUT_CONTRACT - CLIENTS, visible={"client2"}, no_perm=EVERYONE - CONTRACT_READERS)),
    ("api:contract-documents", "get", "/api/contracts/{contract}/documents/", None,
     table(IN_CONTRACT - CLIENTS, visible={"client"}, no_perm=EVERYONE - CONTRACT_READERS),
     table(OUT_CONTRACT - CLIENTS, visible={"client2"}, no_perm=EVERYONE - CONTRACT_READERS)),
    ("page:contract-documents", "post", "/contracts/{contract}/documents/", {},  # no file: refused with a message
     table(CONTRACT_WRITERS & IN_CONTRACT, 302, no_perm=EVERYONE - CONTRACT_WRITERS),
     table(CONTRACT_WRITERS & OUT_CONTRACT, 302, no_perm=EVERYONE - CONTRACT_WRITERS)),
    ("api:contract-clauses", "get", "/api/contract-clauses/", None, table(CONTRACT_READERS), None),
    ("api:contract-obligations", "get", "/api/contract-obligations/", None, table(CONTRACT_READERS), None),
    ("api:contract-obligation", "get", "/api/contract-obligations/{obligation}/", None,
     table(IN_CONTRACT, no_perm=EVERYONE - CONTRACT_READERS), table(OUT_CONTRACT, no_perm=EVERYONE - CONTRACT_READERS)),
    ("api:contract-evaluations", "get", "/api/contract-evaluations/", None, table(CONTRACT_STAFF), None),
    ("api:contract-evaluation", "get", "/api/contract-evaluations/{evaluation_record}/", None,
     table(IN_CONTRACT - CLIENTS, no_perm=EVERYONE - CONTRACT_STAFF),
     table(OUT_CONTRACT - CLIENTS, no_perm=EVERYONE - CONTRACT_STAFF)),
    ("api:signing-authorisations", "get", "/api/signing-authorisations/", None, table(AUTH_READERS), None),
    ("api:contract-archive", "get", "/api/contract-archive/", None, table(ARCHIVE_READERS), None),
    ("api:contract-archive-record", "get", "/api/contract-archive/{archive}/", None, table(ARCHIVE_READERS),
     table(ARCHIVE_READERS)),
    ("api:contract-borrowings", "get", "/api/contract-borrowings/", None, table(ARCHIVE_READERS), None),
    ("api:invoices", "get", "/api/invoices/", None, table(INVOICE_READERS), None),
    ("api:invoice", "get", "/api/invoices/{invoice}/", None, table(INVOICE_READERS),
     table(INVOICE_READERS - {"auditor"}, no_perm=EVERYONE - INVOICE_READERS)),  # outside the auditor's engagement
    # Finance (ch. 6)
    ("page:budgets", "get", "/finance/", None, table(FIN_READERS), None),
    ("page:budget-create", "get", "/finance/budgets/new/", None, table(BUDGET_WRITERS), None),
    # the auditor's engagement covers the in-scope project only (6.4.3)
    ("page:budget", "get", "/finance/budgets/{budget}/", None, table(FIN_READERS), AUDITED_OUT),
    ("page:budget-actual", "get", "/finance/budgets/{budget}/actual/", None, table(FIN_READERS), AUDITED_OUT),
    ("page:budget-lines", "post", "/finance/budgets/{budget}/lines/", {}, table(BUDGET_WRITERS, 302),
     table(BUDGET_WRITERS, 302)),
    ("page:costs", "get", "/finance/costs/", None, table(FIN_READERS), None),
    ("page:costs-csv", "get", "/finance/costs/?format=csv", None, table(FIN_READERS), None),
    ("page:claims", "get", "/finance/claims/", None, table(CLAIM_READERS), None),
    ("page:claim", "get", "/finance/claims/{claim}/", None,  # a claim on no project: outside any engagement
     table(CLAIM_READERS - {"auditor"}, no_perm=EVERYONE - CLAIM_READERS), None),
    ("page:audits", "get", "/finance/audits/", None, table(FIN_READERS), None),
    ("page:revenue", "get", "/finance/revenue/", None, table(INVOICE_READERS), None),
    ("page:risk-register", "get", "/risk/", None, table(RISK_READERS), None),
    ("page:risk-register-csv", "get", "/risk/?format=csv", None, table(RISK_READERS), None),
    ("page:risk-record", "post", "/risk/new/", {}, table(RISK_RECORDERS, 302), None),
    ("page:risk", "get", "/risk/{risk}/", None, *record(RISK_READERS)),
    ("page:risk-assess", "post", "/risk/{risk}/assess/", {}, *record(RISK_ASSESSORS, 302)),
    ("page:risk-respond", "post", "/risk/{risk}/responses/", {}, *record(RISK_RESPONDERS, 302)),
    ("page:risk-close", "post", "/risk/{risk}/close/", {}, *record(RISK_RESPONDERS, 302)),
    ("page:risk-response-transition", "post", "/risk/responses/{risk_response}/transition/",
     {"target": "completed", "expected_source": "in_progress"}, *RESPONSE_DONE),
    ("page:risk-check", "post", "/risk/responses/{risk_response}/checks/", {}, *record(RISK_CHECKERS, 302)),
    ("page:risk-heatmap", "get", "/risk/heatmap/", None, table(RISK_READERS), None),
    ("page:reports", "get", "/reports/", None, table(EVERYONE), None),
    ("page:reports-verify", "get", "/reports/verify/", None, table(EVERYONE), None),
    ("page:report-risk", "post", "/reports/risk-register/", {"language": "en"}, table(RISK_READERS, 302,
     hidden_status=404, denied_status=404), None),
    ("page:staff", "get", "/staff/", None, table(STAFF_READERS), None),
    ("page:staff-csv", "get", "/staff/?format=csv", None, table(STAFF_READERS), None),
    ("page:employee-own", "get", "/staff/{employee}/", None, OWN_RECORD, None),
    ("page:employee-other", "get", "/staff/{head_employee}/", None, OTHERS_RECORD, None),
    ("page:employee-create", "post", "/staff/new/", {}, table({"hr", "admin"}, 302), None),
    ("page:recruitment", "get", "/staff/recruitment/", None, table(STAFF_WIDE_R), None),
    ("page:recruitment-plan", "get", "/staff/recruitment/{staff_plan}/", None, table(STAFF_WIDE_R), None),
    ("page:recruitment-create", "post", "/staff/recruitment/new/", {}, table({"head", "hr", "admin"}, 302), None),
    ("page:candidate-add", "post", "/staff/recruitment/{staff_plan}/candidates/", {}, table({"hr", "admin"}, 302),
     None),
    ("page:candidate-hire", "post", "/staff/candidates/{candidate}/hire/", {}, table({"hr", "admin"}, 302), None),
    ("page:training", "get", "/staff/training/", None, table(STAFF_READERS), None),
    ("page:training-session", "get", "/staff/training/{session}/", None, table(STAFF_READERS), None),
    ("page:appraisal-cycles", "get", "/staff/appraisals/", None, table(STAFF_READERS), None),
    ("page:appraisal-cycle", "get", "/staff/appraisals/{cycle}/", None, table(STAFF_READERS), None),
    ("page:appraisal-own", "get", "/staff/appraisal/{appraisal}/", None, OWN_RECORD, None),
    ("page:staff-decision-transition", "post", "/staff/decisions/{staff_decision}/transition/",
     {"target": "approved", "expected_source": "proposed"}, table({"head", "executive", "admin"}, 302), None),
    ("page:resignations", "get", "/staff/resignations/", None, table(STAFF_READERS), None),
    ("page:resignation-own", "get", "/staff/resignations/{resignation}/", None, OWN_RECORD, None),
    ("page:resignation-exit", "post", "/staff/resignations/{resignation}/exit/", {}, table({"hr", "admin"}, 302),
     None),
    ("api:employees", "get", "/api/employees/", None, table(STAFF_READERS), None),
    ("api:employee-own", "get", "/api/employees/{employee}/", None, OWN_RECORD, None),
    ("api:employee-other", "get", "/api/employees/{head_employee}/", None, OTHERS_RECORD, None),
    ("api:recruitment-plans", "get", "/api/recruitment-plans/", None, table(STAFF_WIDE_R), None),
    ("api:candidates", "get", "/api/candidates/", None, table(STAFF_WIDE_R), None),
    ("api:appraisals", "get", "/api/appraisals/", None, table(STAFF_READERS), None),
    ("api:appraisal-own", "get", "/api/appraisals/{appraisal}/", None, OWN_RECORD, None),
    ("api:staff-decisions", "get", "/api/staff-decisions/", None, table(STAFF_READERS), None),
    ("api:resignations", "get", "/api/resignations/", None, table(STAFF_READERS), None),
    ("api:resignation-own", "get", "/api/resignations/{resignation}/", None, OWN_RECORD, None),
    ("page:project-risks", "get", "/risk/project/{pk}/", None, *record(RISK_READERS)),
    ("page:risk-reviews", "get", "/risk/reviews/", None, table(RISK_READERS), None),
    ("page:risk-review-complete", "post", "/risk/reviews/{risk_review}/complete/", {},
     *record(RISK_RESPONDERS, 302)),
    ("page:risk-warnings", "get", "/risk/warnings/", None, table(FIN_READERS), None),
    ("page:risk-indicators", "get", "/risk/indicators/", None, table(FIN_READERS), None),
    ("page:audit", "get", "/finance/audits/{engagement}/", None, table(FIN_READERS), None),
    ("api:budgets", "get", "/api/budgets/", None, table(FIN_READERS), None),
    ("api:budget", "get", "/api/budgets/{budget}/", None, table(FIN_READERS), AUDITED_OUT),
    ("api:budget-adjustments", "get", "/api/budget-adjustments/", None, table(FIN_READERS), None),
    ("api:finance-categories", "get", "/api/finance-categories/", None,
     table(FIN_READERS | {"employee"}), None),
    ("api:costs", "get", "/api/costs/", None, table(FIN_READERS), None),
    ("api:expense-claims", "get", "/api/expense-claims/", None, table(CLAIM_READERS), None),
    ("api:expense-claim", "get", "/api/expense-claims/{claim}/", None,
     table(CLAIM_READERS - {"auditor"}, no_perm=EVERYONE - CLAIM_READERS), None),
]  # fmt: skip

PARAMS = []
for case_id, method, url, data, in_scope, out_scope in CASES:
    for role in ROLES:
        PARAMS.append(pytest.param(method, url, data, "in", in_scope[role], role, id=f"{case_id}:{role}:in"))
        if out_scope is not None:
            PARAMS.append(pytest.param(method, url, data, "out", out_scope[role], role, id=f"{case_id}:{role}:out"))


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside an outer transaction (each test runs in a savepoint of it and is rolled
    back; the whole world is rolled back at the end): both projects in execution, with a record of every kind."""
    import datetime

    from django.core.files.base import ContentFile
    from django.db import transaction

    from contracts.models import Contract
    from contracts.services import contract_archive, evaluation_record, obligation_add
    from core.models import Department
    from finance.services import budget_create, claim_create, engagement_create, invoice_record
    from projects.kpi_defaults import install_default_kpis
    from projects.models import KpiDefinition
    from projects.services import (
        acceptance_transition,
        activity_save,
        checklist_create,
        contact_add,
        inspection_plan,
        inspection_plan_schedule,
        inspection_record,
        inspection_transition,
        issue_raise,
        log_add,
        merit_propose,
        project_stage_transition,
        rectification_issue,
        rectification_transition,
        request_raise,
        revisit_plan_set,
        survey_add,
        survey_create,
        survey_round_send,
    )
    from projects.services.kpi import kpi_sweep
    from risk.models import RiskReview
    from risk.register import response_propose, risk_assess
    from tests.conftest import make_client_orgs, make_projects, make_users
    from tests.helpers import advance_to, send_package

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            client_org, other_org = make_client_orgs()
            users = make_users(client_org, other_org)
            project, other_project = make_projects(users, client_org, other_org)
            records = {}
            install_default_kpis(KpiDefinition)
            questionnaire = survey_create(actor=users["head"], name="Satisfaction", questions=[{"text": "Overall"}])
            standard = checklist_create(actor=users["inspector"], name="Standard", items=[
                {"text": "Exits clear", "weight": 1, "pass_criterion": "All clear"}])  # fmt: skip
            as_head = {**users, "market": users["head"], "planner": users["head"], "service": users["head"],
                       "client": users["client2"]}  # fmt: skip
            for scope, p, team in (("in", project, users), ("out", other_project, as_head)):
                # Through acceptance and back: a rejected round (rectified) and a second round with the client;
                # then the head sends the project back to execution (3.5.3), where the other records are made.
                advance_to(p, "acceptance", team)
                rejected = send_package(p, team)
                acceptance_transition(actor=team["client"], round_pk=rejected.pk, target="rejected", problems="Lights")
                for n in p.rectifications.all():
                    rectification_transition(actor=n.responsible, notice_pk=n.pk, target="submitted",
                                             fix_description="Fixed")  # fmt: skip
                    rectification_transition(actor=users["inspector"], notice_pk=n.pk, target="closed")
                current = send_package(p, team)
                project_stage_transition(actor=users["head"], pk=p.pk, target="execution", comment="More work.")
                plan = p.plans.get()
                task = p.tasks.get()
                done = inspection_plan(actor=users["head"], pk=p.pk, checklist=standard, inspector=users["inspector"],
                                       planned_on=datetime.date(2026, 10, 1))  # fmt: skip
                inspection_record(actor=users["inspector"], inspection_pk=done.pk,
                                  scores=[{"item": standard.items.get().pk, "score": 90, "passed": True}])  # fmt: skip
                inspection_transition(actor=users["inspector"], inspection_pk=done.pk, target="completed")
                merit = merit_propose(actor=users["head"], pk=p.pk, kind="commendation", team="Ops", reason="r",
                                      measure="m", inspections=[done])  # fmt: skip
                schedule = inspection_plan_schedule(actor=users["head"], pk=p.pk, checklist=standard,
                                                    inspector=users["inspector"], frequency="monthly",
                                                    starts_on=datetime.date(2099, 1, 1))  # fmt: skip
                issue = issue_raise(actor=users["head"], pk=p.pk, title="Parking", owner=users["head"])
                inspector = users["inspector"]
                inspection = inspection_plan(actor=users["head"], pk=p.pk, checklist=standard, inspector=inspector,
                                             planned_on=datetime.date(2026, 11, 1))  # fmt: skip
                notice = rectification_issue(actor=users["head"], pk=p.pk, finding="Exit B", requirement="Clear it",
                                             responsible=users["head"], deadline=datetime.date(2099, 1, 1))  # fmt: skip
                contact = contact_add(actor=users["head"], pk=p.pk, name="Ms Liu")
                survey = survey_add(actor=users["head"], pk=p.pk, date=datetime.date(2026, 2, 1), participants="p",
                                    findings="f")  # fmt: skip
                today = datetime.date.today()
                req = request_raise(actor=team["client"], pk=p.pk, kind="request", category="facilities",
                                    title="Lift", description="Stuck.")  # fmt: skip
                revisit_plan_set(actor=users["head"], pk=p.pk, every_days=7, starts_on=today, owner=users["service"])
                survey_round = survey_round_send(actor=users["head"], pk=p.pk, survey=questionnaire, title="Q4",
                                                 closes_on=today + datetime.timedelta(days=9))  # fmt: skip
                activity = activity_save(actor=users["head"], pk=p.pk, title="Fair", kind="event", starts_on=today,
                                         ends_on=today)  # fmt: skip
                log_add(actor=users["head"], pk=p.pk, kind="maintenance", severity="minor", title="HVAC")
                kpi_sweep()
                contract = Contract.objects.get(project=p)
                obligation = obligation_add(actor=users["head"], pk=contract.pk, description="Q1 fee", party="client",
                                            kind="payment", amount="1000.00", due_on=today)  # fmt: skip
                evaluation = evaluation_record(actor=users["legal"], pk=contract.pk, period_start=today,
                                               period_end=today, rating="good", findings="On track.")  # fmt: skip
                invoice = invoice_record(actor=users["finance"], contract_pk=contract.pk, number=f"FP-{scope}",
                                         amount="1000.00", issued_on=today)  # fmt: skip
                archive = contract_archive(actor=users["legal"], pk=contract.pk, archive_number=f"DA-{scope}",
                                           location="Room 2", custodian=users["legal"],
                                           upload=ContentFile(b"%PDF-1.4 scan", name="signed.pdf"))  # fmt: skip
                budget = budget_create(actor=users["head"], year=today.year, project=p, assumptions="Steady.")
                if scope == "in":
                    engagement = engagement_create(actor=users["finance"], title="Audit", kind="external",
                                                   period_start=today, period_end=today, expires_on=today,
                                                   auditors=[users["auditor"]], projects=[p])  # fmt: skip
                claim = claim_create(actor=users["employee"], purpose=f"Trip {scope}")
                risk = p.risks.get()
                risk_assess(actor=users["head"], pk=risk.pk, stage="inherent", likelihood=3, impact=3,
                            rationale="r", probability="30", expected_loss="1000")  # fmt: skip
                risk_response = response_propose(actor=users["head"], pk=risk.pk, strategy="reduce", measures="m",
                                                 department=Department.objects.first(), owner=team["planner"],
                                                 due_on=today)  # fmt: skip
                risk_review = RiskReview.objects.create(project=p, due_on=today, every_days=90)
                records[scope] = {
                    "pk": p.pk,
                    "talk": p.talks.first().pk,
                    "contact": contact.pk,
                    "evaluation": p.evaluation.pk,
                    "risk": risk.pk,
                    "risk_response": risk_response.pk,
                    "risk_review": risk_review.pk,
                    "survey": survey.pk,
                    "plan": plan.pk,
                    "task": task.pk,
                    "duty": p.duties.get().pk,
                    "issue": issue.pk,
                    "checklist": standard.pk,
                    "inspection": inspection.pk,
                    "notice": notice.pk,
                    "merit": merit.pk,
                    "inspection_plan": schedule.pk,
                    "round": current.pk,
                    "rejected_round": rejected.pk,
                    "arrangement": p.acceptance_arrangement.pk,
                    "request": req.pk,
                    "revisit": p.revisits.first().pk,
                    "survey_round": survey_round.pk,
                    "activity": activity.pk,
                    "kpi": KpiDefinition.objects.get(code="issue-handling-rate").pk,
                    "kpi_alert": p.kpi_alerts.get().pk,
                    "contract": contract.pk,
                    "obligation": obligation.pk,
                    "evaluation_record": evaluation.pk,
                    "invoice": invoice.pk,
                    "archive": archive.pk,
                    "budget": budget.pk,
                    "claim": claim.pk,
                    "engagement": engagement.pk,
                    "event": AuditEvent.objects.filter(object_id=str(p.pk), content_type__model="project").first().pk,
                    "client": client_org.pk,
                    "planner": users["planner"].pk,
                }
            staff_records = _staff_world(users)
            for scope in records:
                records[scope].update(staff_records)
            yield {"users": users, "records": records}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _staff_world(users) -> dict:
    """Staff records (ch. 5): the employee's (reporting to the planner) and the head's; an approved plan with a
    candidate; an open cycle with the employee's appraisal and a decision; the employee's resignation; a session."""
    import datetime

    from core.models import Department
    from staff import services as ss

    today = datetime.date.today()
    dept = Department.objects.first()
    mine = ss.employee_create(actor=users["hr"], user=users["employee"], number="S1", department=dept, position="p",
                              hire_date=datetime.date(2024, 1, 1), manager=users["planner"])  # fmt: skip
    head = ss.employee_create(actor=users["hr"], user=users["head"], number="S2", department=dept, position="h",
                              hire_date=datetime.date(2024, 1, 1))  # fmt: skip
    plan = ss.plan_create(actor=users["hr"], department=dept, position="p", headcount=2, requirements="r",
                          justification="j")  # fmt: skip
    ss.plan_transition(actor=users["hr"], pk=plan.pk, target="submitted")
    ss.plan_transition(actor=users["head"], pk=plan.pk, target="head_approved")
    ss.plan_transition(actor=users["hr"], pk=plan.pk, target="approved")
    candidate = ss.candidate_add(actor=users["hr"], plan_pk=plan.pk, name="Li", channel="campus")
    cycle = ss.cycle_create(actor=users["hr"], name="c", period_start=today, period_end=today, method="m")
    for dimension in ("results", "attitude", "teamwork"):
        ss.indicator_add(actor=users["hr"], cycle_pk=cycle.pk, dimension=dimension, name=dimension,
                         weight="50" if dimension == "results" else "25")  # fmt: skip
    ss.cycle_open(actor=users["hr"], pk=cycle.pk)
    decision = ss.decision_propose(actor=users["hr"], employee_pk=mine.pk, kind="title", description="Star")
    resignation = ss.resignation_submit(actor=users["employee"], reason="r",
                                        leaving_date=today + datetime.timedelta(days=60))  # fmt: skip
    session = ss.session_create(actor=users["hr"], topic="t", trainer="t", held_on=today)
    return {"employee": mine.pk, "head_employee": head.pk, "staff_plan": plan.pk, "candidate": candidate.pk,
            "cycle": cycle.pk, "appraisal": mine.appraisals.get().pk, "staff_decision": decision.pk,
            "resignation": resignation.pk, "session": session.pk}  # fmt: skip


def _fill(value, ctx):
    if isinstance(value, str):
        return value.format(**ctx)
    if isinstance(value, dict):
        return {k: _fill(v, ctx) for k, v in value.items()}
    return value


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url", "data", "scope", "expected", "role"), PARAMS)
def test_role_scope_matrix(world, client, api_client, method, url, data, scope, expected, role):
    ctx = world["records"][scope]
    users = world["users"]
    url = _fill(url, ctx)
    data = _fill(data, ctx)
    user = users[role]
    if url.startswith("/api/"):
        api_client.force_authenticate(user)
        response = (
            getattr(api_client, method)(url, data, format="json")
            if data is not None
            else getattr(api_client, method)(url)
        )
    else:
        client.force_login(user)
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
    assert response.status_code == expected, (role, scope, url, getattr(response, "data", None))


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/projects/", "/audit/", "/notifications/", "/policy/"])
def test_anonymous_pages_redirect_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/api/me/", "/api/projects/", "/api/audit-events/", "/api/notifications/", "/api/schema/"]
)
def test_anonymous_api_is_refused(api_client, url):
    assert api_client.get(url).status_code in (401, 403)


@pytest.mark.django_db
def test_client_api_shows_client_facing_fields_only(world, api_client):
    api_client.force_authenticate(world["users"]["client"])
    row = api_client.get(f"/api/projects/{world['records']['in']['pk']}/").data
    assert "client_needs" not in row and "work_plan" not in row and "market_owner" not in row
    assert row["code"] == "IN-001"
    listed = api_client.get("/api/projects/").data
    assert {p["code"] for p in listed["results"]} == {"IN-001"}


@pytest.mark.django_db
def test_lists_contain_exactly_the_scope(world, api_client):
    both, mine, theirs = {"IN-001", "OUT-001"}, {"IN-001"}, {"OUT-001"}
    expected = {"head": both, "auditor": both, "market": mine, "planner": mine, "client": mine, "client2": theirs,
                "hr": None, "employee": None}  # fmt: skip
    for role, codes in expected.items():
        api_client.force_authenticate(world["users"][role])
        response = api_client.get("/api/projects/")
        if codes is None:
            assert response.status_code == 403, role
        else:
            assert {p["code"] for p in response.data["results"]} == codes, role
