"""The thirteen roles of DESIGN.md (policy ch. 2) and the permissions each one holds.

Roles are Django groups named by the role's code. A user may hold several. ``ROLE_PERMISSIONS`` is the single
source of truth; each app's data migration grants its own permissions from it with ``grant_role_permissions``,
and a test checks that the groups in the database match this table exactly.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    HEAD = "head", _("Department head")
    EXECUTIVE = "executive", _("Executive")
    MARKET = "market", _("Market staff")
    PLANNER = "planner", _("Operations planner")
    SERVICE = "service", _("Customer service")
    INSPECTOR = "inspector", _("Quality inspector")
    HR = "hr", _("Human resources")
    FINANCE = "finance", _("Finance")
    LEGAL = "legal", _("Legal")
    SIGNATORY = "signatory", _("Signatory")
    EMPLOYEE = "employee", _("Employee")
    CLIENT = "client", _("Client")
    AUDITOR = "auditor", _("Auditor")


# Roles whose scope covers every project of the department (DESIGN.md, "scope of what they see").
DEPARTMENT_WIDE_ROLES = frozenset({Role.HEAD, Role.EXECUTIVE, Role.INSPECTOR, Role.AUDITOR, Role.FINANCE, Role.LEGAL})
# Roles that only read: they never hold an add/change/delete or workflow permission.
READ_ONLY_ROLES = frozenset({Role.AUDITOR})

_VIEW_CORE = ["core.view_clientorganisation", "core.view_department"]

# Contracts (ch. 8): the terms, clauses, versions, reviews, performance records and termination notice.
_CONTRACT_READ = ["contracts.view_contract", "contracts.view_contractclause", "contracts.view_contractversion",
                  "contracts.view_legalreview", "contracts.view_obligation", "contracts.view_performanceevaluation",
                  "contracts.view_terminationnotice"]  # fmt: skip
_CONTRACT_DRAFT = ["contracts.add_contract", "contracts.change_contract"]
_PERFORMANCE = ["contracts.add_obligation", "contracts.change_obligation", "contracts.add_performanceevaluation"]
_ARCHIVE_READ = ["contracts.view_archiverecord", "contracts.view_borrowing", "contracts.view_archiveaccess"]
_SIGNING_READ = ["contracts.view_authorisation", "contracts.view_legalrepresentative"]
_PROJECT_READ = ["projects.view_project", *_CONTRACT_READ]
# Finance (ch. 6): budgets with their versions and adjustments, categories, costs, expense claims, invoices.
_FINANCE_READ = ["finance.view_budget", "finance.view_budgetline", "finance.view_budgetversion",
                 "finance.view_budgetadjustment", "finance.view_financecategory", "finance.view_costentry",
                 "finance.view_expenseclaim", "finance.view_invoice", "finance.view_auditengagement",
                 "finance.view_auditfinding"]  # fmt: skip
# Key risk indicators and their warnings (7.3), the financial early warning among them (6.4.2).
_WARNINGS_READ = ["risk.view_indicator", "risk.view_indicatorreading", "risk.view_riskwarning"]
_BUDGET_WORK = ["finance.add_budget", "finance.change_budget", "finance.add_budgetadjustment",
                "finance.change_budgetadjustment"]  # fmt: skip
_CLAIMING = ["finance.view_financecategory", "finance.view_expenseclaim", "finance.add_expenseclaim",
             "finance.change_expenseclaim"]  # fmt: skip
_INTAKE = ["projects.view_talk", "projects.add_talk", "projects.view_projectcontact", "projects.add_projectcontact",
           "projects.change_projectcontact", "projects.view_evaluation"]  # fmt: skip
_PLANNING_READ = ["projects.view_sitesurvey", "projects.view_operationsplan"]
_PLANNING = [*_PLANNING_READ, "projects.add_sitesurvey", "projects.change_sitesurvey", "projects.add_operationsplan",
             "projects.change_operationsplan", "projects.submit_plan"]  # fmt: skip
_EXECUTION_READ = ["projects.view_duty", "projects.view_worktask", "projects.view_coordinationissue"]
_EXECUTION_WORK = [*_EXECUTION_READ, "projects.add_worktask", "projects.change_worktask",
                   "projects.add_coordinationissue", "projects.change_coordinationissue"]  # fmt: skip
_SUPERVISION_READ = ["projects.view_checklist", "projects.view_inspection", "projects.view_rectificationnotice",
                     "projects.view_inspectionplan"]  # fmt: skip
_SUPERVISION = [*_SUPERVISION_READ, "projects.add_checklist", "projects.change_checklist", "projects.add_inspection",
                "projects.change_inspection", "projects.perform_inspection", "projects.add_rectificationnotice",
                "projects.change_rectificationnotice", "projects.verify_rectification", "projects.add_inspectionplan",
                "projects.change_inspectionplan", "projects.view_meritrecord", "projects.add_meritrecord"]  # fmt: skip
# Acceptance (3.5): the arrangement, the rounds with their packages, the handover.
_ACCEPTANCE_READ = ["projects.view_acceptancearrangement", "projects.view_acceptanceround", "projects.view_handover"]
_PACKAGE = ["projects.add_acceptanceround", "projects.change_acceptanceround"]
# Service records and the KPI system (ch. 4).
_SERVICE_READ = ["projects.view_servicerequest", "projects.view_revisit", "projects.view_revisitplan",
                 "projects.view_survey", "projects.view_surveyround", "projects.view_marketingactivity",
                 "projects.view_operationslogentry", "projects.view_kpidefinition", "projects.view_kpitarget",
                 "projects.view_kpivalue", "projects.view_kpialert"]  # fmt: skip
_SERVICE_WORK = ["projects.add_servicerequest", "projects.change_servicerequest", "projects.handle_servicerequest",
                 "projects.add_revisitplan", "projects.change_revisitplan", "projects.change_revisit",
                 "projects.add_survey", "projects.change_survey", "projects.add_surveyround",
                 "projects.add_operationslogentry"]  # fmt: skip
_MARKETING = ["projects.add_marketingactivity", "projects.change_marketingactivity"]
_KPI_WORK = ["projects.add_kpidefinition", "projects.change_kpidefinition", "projects.add_kpitarget",
             "projects.change_kpitarget", "core.view_jobrun", "core.run_job"]  # fmt: skip
# The risk register (7.1–7.2): risks, their assessments, responses, effectiveness checks and periodic reviews.
_RISK_READ = ["risk.view_risk", "risk.view_riskassessment", "risk.view_riskresponse", "risk.view_effectivenesscheck",
              "risk.view_riskreview"]  # fmt: skip
_RISK_WORK = ["risk.add_risk", "risk.change_risk", "risk.add_riskassessment", "risk.add_riskresponse",
              "risk.change_riskresponse", "risk.add_effectivenesscheck", "risk.change_riskreview"]  # fmt: skip
_INTERNAL_READ = ["projects.view_talk", "projects.view_projectcontact", "projects.view_evaluation", *_RISK_READ,
                  *_PLANNING_READ, *_EXECUTION_READ, *_SUPERVISION_READ, "projects.view_meritrecord",
                  *_ACCEPTANCE_READ, *_SERVICE_READ, "core.view_jobrun"]  # fmt: skip

# Staff (ch. 5): what every employee reads of its own records, and does itself (self-appraisal, training feedback, a
# resignation); what HR keeps; what the head and the executive decide.
_STAFF_OWN_READ = ["staff.view_employee", "staff.view_onboardingitem", "staff.view_trainingsession",
                   "staff.view_attendance", "staff.view_appraisalcycle", "staff.view_appraisalindicator",
                   "staff.view_appraisal", "staff.view_staffdecision", "staff.view_resignation", "staff.view_handover",
                   "staff.view_handoveritem"]  # fmt: skip
_STAFF_SELF = ["staff.change_appraisal", "staff.change_attendance", "staff.add_resignation"]
_STAFF_READ = [*_STAFF_OWN_READ, "staff.view_recruitmentplan", "staff.view_candidate", "staff.view_interviewnote"]
_STAFF_HR = ["staff.add_employee", "staff.change_employee", "staff.add_recruitmentplan", "staff.change_recruitmentplan",
             "staff.approve_recruitment_hr", "staff.add_candidate", "staff.change_candidate", "staff.hire_candidate",
             "staff.add_interviewnote", "staff.change_onboardingitem", "staff.add_trainingsession",
             "staff.change_trainingsession", "staff.add_attendance", "staff.add_appraisalcycle",
             "staff.change_appraisalcycle", "staff.add_appraisalindicator", "staff.change_appraisalindicator",
             "staff.add_staffdecision", "staff.change_resignation", "staff.run_exit", "staff.add_handover",
             "staff.change_handover", "staff.add_handoveritem"]  # fmt: skip

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.HEAD: [
        *_VIEW_CORE,
        "core.view_auditevent",
        *_PROJECT_READ,
        "projects.add_project",
        "projects.change_project",
        "projects.approve_stage_gate",
        "projects.manage_team",
        "projects.decide_intake",
        *_INTAKE,
        "projects.add_evaluation",
        "projects.change_evaluation",
        *_RISK_READ,
        *_RISK_WORK,
        "risk.approve_acceptance",
        *_STAFF_READ,
        *_STAFF_SELF,
        "staff.add_recruitmentplan",
        "staff.change_recruitmentplan",
        "staff.approve_recruitment_head",
        "staff.add_interviewnote",
        "staff.change_onboardingitem",
        "staff.add_staffdecision",
        "staff.approve_staffdecision",
        "staff.review_resignation",
        *_PLANNING,
        "projects.decide_plan",
        *_CONTRACT_DRAFT,
        "contracts.approve_contract",
        "contracts.terminate_contract",
        *_PERFORMANCE,
        *_ARCHIVE_READ,
        "contracts.add_borrowing",
        *_SIGNING_READ,
        *_FINANCE_READ,
        *_BUDGET_WORK,
        *_CLAIMING,
        "finance.review_claim_manager",
        "finance.respond_auditfinding",
        *_WARNINGS_READ,
        "risk.handle_riskwarning",
        "risk.add_indicatorreading",
        *_EXECUTION_WORK,
        "projects.add_duty",
        "projects.change_duty",
        "projects.resolve_escalated_issue",
        *_SUPERVISION,
        "projects.approve_meritrecord",
        *_ACCEPTANCE_READ,
        "projects.add_acceptancearrangement",
        "projects.change_acceptancearrangement",
        *_PACKAGE,
        "projects.submit_acceptance",
        "projects.complete_handover",
        *_SERVICE_READ,
        *_SERVICE_WORK,
        "projects.resolve_escalated_request",
        *_MARKETING,
        *_KPI_WORK,
    ],
    Role.EXECUTIVE: [
        *_VIEW_CORE,
        "core.view_auditevent",
        *_PROJECT_READ,
        *_INTERNAL_READ,
        "contracts.approve_contract_final",
        *_ARCHIVE_READ,
        "contracts.add_borrowing",
        *_SIGNING_READ,
        *_FINANCE_READ,
        "finance.approve_budget",
        "finance.approve_claim_over_standard",
        *_WARNINGS_READ,
        "risk.approve_acceptance_high",
        *_STAFF_READ,
        "staff.approve_staffdecision",
        "staff.approve_resignation",
    ],
    Role.MARKET: [
        *_VIEW_CORE,
        "core.add_clientorganisation",
        *_PROJECT_READ,
        "projects.add_project",
        "projects.change_project",
        *_INTAKE,
        *_RISK_READ,
        "risk.add_risk",
        *_CONTRACT_DRAFT,
        *_EXECUTION_READ,
        "projects.add_coordinationissue",
        "projects.change_coordinationissue",
        *_ACCEPTANCE_READ,
        *_SERVICE_READ,
        *_MARKETING,
    ],
    Role.PLANNER: [
        *_VIEW_CORE,
        *_PROJECT_READ,
        "projects.change_project",
        "projects.view_talk",
        "projects.view_projectcontact",
        "projects.view_evaluation",
        "projects.add_evaluation",
        "projects.change_evaluation",
        *_RISK_READ,
        *_RISK_WORK,
        *_PLANNING,
        *_EXECUTION_WORK,
        "projects.add_duty",
        "projects.change_duty",
        *_SUPERVISION_READ,
        "projects.change_rectificationnotice",
        *_ACCEPTANCE_READ,
        *_PACKAGE,
        "projects.submit_acceptance",
        *_SERVICE_READ,
        *_MARKETING,
        "projects.add_operationslogentry",
        "contracts.change_obligation",
    ],
    Role.SERVICE: [
        *_VIEW_CORE,
        *_PROJECT_READ,
        "projects.change_project",
        *_INTAKE,
        *_PLANNING_READ,
        *_EXECUTION_WORK,
        *_SUPERVISION_READ,
        "projects.change_rectificationnotice",
        *_ACCEPTANCE_READ,
        "projects.add_acceptancearrangement",
        "projects.change_acceptancearrangement",
        "projects.change_acceptanceround",
        "projects.submit_acceptance",
        "projects.complete_handover",
        *_SERVICE_READ,
        *_SERVICE_WORK,
        "contracts.change_obligation",
    ],
    Role.INSPECTOR: [
        *_VIEW_CORE,
        *_PROJECT_READ,
        *_PLANNING_READ,
        *_RISK_READ,
        "risk.add_risk",
        "risk.add_effectivenesscheck",
        *_EXECUTION_READ,
        "projects.add_coordinationissue",
        "projects.change_coordinationissue",
        *_SUPERVISION,
        *_ACCEPTANCE_READ,
        *_PACKAGE,
        *_SERVICE_READ,
        *_KPI_WORK,
        "projects.add_operationslogentry",
    ],
    Role.HR: ["core.view_department", *_STAFF_READ, *_STAFF_SELF, *_STAFF_HR],
    Role.FINANCE: [
        *_VIEW_CORE,
        *_PROJECT_READ,
        "projects.view_evaluation",
        "contracts.change_obligation",
        *_FINANCE_READ,
        *_BUDGET_WORK,
        *_CLAIMING,
        "finance.review_budget",
        "finance.add_financecategory",
        "finance.change_financecategory",
        "finance.add_costentry",
        "finance.review_claim_finance",
        "finance.pay_claim",
        "finance.add_invoice",
        "finance.change_invoice",
        "finance.add_auditengagement",
        "finance.change_auditengagement",
        "finance.add_auditfinding",
        "finance.change_auditfinding",
        *_WARNINGS_READ,
        "risk.handle_riskwarning",
        "risk.add_indicatorreading",
    ],
    Role.LEGAL: [
        *_VIEW_CORE,
        *_PROJECT_READ,
        *_RISK_READ,
        "risk.add_risk",
        "risk.add_riskassessment",
        *_CONTRACT_DRAFT,
        "contracts.review_contract",
        "contracts.terminate_contract",
        "contracts.change_terminationnotice",
        "contracts.acknowledge_terminationnotice",
        *_PERFORMANCE,
        *_ARCHIVE_READ,
        "contracts.add_archiverecord",
        "contracts.change_archiverecord",
        "contracts.add_borrowing",
        "contracts.decide_borrowing",
        *_SIGNING_READ,
        "finance.view_invoice",
    ],
    Role.SIGNATORY: [
        "core.view_clientorganisation",
        *_CONTRACT_READ,
        "contracts.sign_contract",
        *_SIGNING_READ,
        "contracts.add_authorisation",
        "contracts.change_authorisation",
    ],
    Role.EMPLOYEE: [*_CLAIMING, *_STAFF_OWN_READ, *_STAFF_SELF],
    Role.CLIENT: [
        "projects.view_project",
        "contracts.view_contract",
        "contracts.view_contractclause",
        "contracts.view_obligation",
        "contracts.view_terminationnotice",
        "contracts.acknowledge_terminationnotice",
        *_ACCEPTANCE_READ,
        "projects.decide_acceptance",
        "projects.view_servicerequest",
        "projects.add_servicerequest",
        "projects.rate_servicerequest",
        "projects.view_revisit",
        "projects.view_surveyround",
        "projects.add_surveyresponse",
    ],
    Role.AUDITOR: [
        *_VIEW_CORE,
        "core.view_auditevent",
        *_PROJECT_READ,
        *_INTERNAL_READ,
        *_ARCHIVE_READ,
        *_SIGNING_READ,
        *_FINANCE_READ,
        *_WARNINGS_READ,
        *_STAFF_READ,
    ],
}


def permissions_for_app(app_label: str) -> dict[str, list[str]]:
    """The codenames of ``app_label`` that each role holds, e.g. {"head": ["view_project", ...]}."""
    result: dict[str, list[str]] = {}
    for role, perms in ROLE_PERMISSIONS.items():
        result[str(role)] = [p.split(".", 1)[1] for p in perms if p.split(".", 1)[0] == app_label]
    return result


def grant_role_permissions(apps, app_label: str) -> None:
    """Data-migration helper: create ``app_label``'s permissions now and grant them to the roles.

    Permissions are normally created after ``migrate`` finishes; calling ``create_permissions`` here makes them
    exist inside the migration, so that a fresh database has the groups fully set up by migrations alone.
    """
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    create_permissions(global_apps.get_app_config(app_label), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in permissions_for_app(app_label).items():
        group, _created = Group.objects.get_or_create(name=role)
        # Permissions of models that a later migration creates do not exist yet: that migration grants them.
        # (tests/core/test_roles.py checks that the groups end up holding exactly the table.)
        group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))


def role_label(code: str) -> str:
    try:
        return str(Role(code).label)
    except ValueError:
        return code


def roles_of(user) -> frozenset[str]:
    """The role codes a user holds (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_role_cache", None)
    if cached is None:
        from core.backends import load_access_once  # the roles come with the permissions, in one query

        if load_access_once(user):
            cached = getattr(user, "_role_cache", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_cache = cached
    return cached


def has_any_role(user, roles: Iterable[str]) -> bool:
    return bool(roles_of(user) & {str(r) for r in roles})


def sync_roles(app_label: str | None = None) -> None:
    """Make the role groups hold exactly ``ROLE_PERMISSIONS`` (for one app, or all).

    The migrations create the groups and grant the permissions; this runs after every ``migrate`` (post_migrate)
    and keeps them exact when the table changes or when a test flush emptied the tables. Permissions granted by
    hand in the admin are reset to the table: the roles are defined by the policy, in code.
    """
    from django.contrib.auth.models import Group, Permission

    wanted: dict[str, set[tuple[str, str]]] = {
        str(role): {tuple(p.split(".", 1)) for p in perms} for role, perms in ROLE_PERMISSIONS.items()
    }
    labels = {a for pairs in wanted.values() for a, _c in pairs}
    if app_label is not None:
        if app_label not in labels and app_label != "auth":
            return
        labels = {app_label} & labels
    perms = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.select_related("content_type").filter(content_type__app_label__in=labels)
    }
    for role, pairs in wanted.items():
        group, _created = Group.objects.get_or_create(name=role)
        current = set(group.permissions.filter(content_type__app_label__in=labels))
        target = {perms[pair] for pair in pairs if pair[0] in labels and pair in perms}
        if current - target:
            group.permissions.remove(*(current - target))
        if target - current:
            group.permissions.add(*(target - current))


def require_permission(actor, perm: str) -> None:
    """The permission check every service starts with: a 403 ("not allowed") without ``perm``."""
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext

    if not actor.has_perm(perm):
        raise PermissionDenied(gettext("You are not allowed to do this."))


def role_holders(*roles):
    """Active staff (not clients' users) who hold any of ``roles``: the recipients of a role's notices."""
    from core.models import User

    return User.objects.filter(groups__name__in=roles, is_active=True, client_organisation__isnull=True).distinct()


def permission_holders(permission: str):
    """Active staff who hold ``permission`` ("app_label.codename") through a role, by username: the choices of a
    form field naming a responsible person, a custodian, a delegate …"""
    from core.models import User

    app_label, codename = permission.split(".", 1)
    return (
        User.objects.filter(
            is_active=True,
            client_organisation__isnull=True,
            groups__permissions__content_type__app_label=app_label,
            groups__permissions__codename=codename,
        )
        .distinct()
        .order_by("username")
    )
