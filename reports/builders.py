"""The reports' contents, each from the requesting user's scope (``visible_to``): a title, facts, and sections of
rows, rendered by one template (templates/reports/pdf/report.html). ``limit`` caps the rows of each section."""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports.registry import report


def _d(value) -> str:
    if value is None or value == "":
        return "—"
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if hasattr(value, "isoformat"):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def section(title, clause: str, headers: list, queryset, row, limit: int, *, empty=None) -> dict:
    items = list(queryset[: limit + 1])
    return {"title": str(title), "clause": clause, "headers": [str(h) for h in headers],
            "rows": [[_d(v) for v in row(obj)] for obj in items[:limit]], "truncated": len(items) > limit,
            "empty": str(empty or _("Nothing recorded."))}  # fmt: skip


def _result(facts, sections) -> dict:
    return {"facts": [(str(k), _d(v)) for k, v in facts], "sections": sections,
            "rows": sum(len(s["rows"]) for s in sections),
            "truncated": any(s["truncated"] for s in sections)}  # fmt: skip


@report("risk-register", title=gettext_lazy("Risk register"), permission="risk.view_risk", clause="7.1.1",
        template="reports/pdf/report.html")  # fmt: skip
def risk_register(user, filters, limit):
    from risk.models import Risk

    risks = (Risk.objects.visible_to(user).select_related("project", "identified_by")
             .order_by("status", "-level", "-identified_at"))  # fmt: skip
    rows = section(_("Risks"), "7.1.2", [_("Project"), _("Category"), _("Description"), _("Level"), _("Inherent"),
                                         _("Residual"), _("Status"), _("Identified")], risks,
                   lambda r: [r.project.code if r.project_id else _("The organisation"), r.get_category_display(),
                              r.description, r.get_level_display(), r.get_inherent_level_display(),
                              r.get_residual_level_display(), r.get_status_display(), r.identified_at],
                   limit)  # fmt: skip
    return _result([(_("Risks"), risks.count()), (_("Open"), risks.filter(status="open").count())], [rows])


@report("contract-register", title=gettext_lazy("Contract register"), permission="contracts.view_contract",
        clause="8.3.1", template="reports/pdf/report.html", clients=True)  # fmt: skip
def contract_register(user, filters, limit):
    from contracts.models import Contract

    contracts = Contract.objects.visible_to(user).select_related("client", "project").order_by("number")
    rows = section(_("Contracts"), "8.1.3", [_("Number"), _("Title"), _("Client"), _("Project"), _("Amount (CNY)"),
                                             _("Period"), _("Status"), _("Signed on")], contracts,
                   lambda c: [c.number, c.title, c.client, c.project.code if c.project_id else "",
                              formats.number_format(c.amount, 2, force_grouping=True) if c.amount is not None else "",
                              f"{_d(c.service_start)} – {_d(c.service_end)}", c.get_status_display(), c.signed_on],
                   limit)  # fmt: skip
    return _result([(_("Contracts"), contracts.count())], [rows])


@report("audit-extract", title=gettext_lazy("Audit-trail extract"), permission="core.view_auditevent",
        clause="1.1", template="reports/pdf/report.html", filters=("dates",))  # fmt: skip
def audit_extract(user, filters, limit):
    from core.models import AuditEvent

    events = AuditEvent.objects.visible_to(user).select_related("content_type").order_by("-timestamp", "-id")
    if filters.get("date_from"):
        events = events.filter(timestamp__date__gte=filters["date_from"])
    if filters.get("date_to"):
        events = events.filter(timestamp__date__lte=filters["date_to"])
    rows = section(_("Events"), "1.1", [_("Time"), _("Actor"), _("Action"), _("Record"), _("From → to"),
                                        _("Comment")], events,
                   lambda e: [e.timestamp, e.actor_repr, e.get_action_display(), e.object_repr,
                              f"{e.from_state} → {e.to_state}" if e.to_state else "", e.comment[:200]],
                   limit)  # fmt: skip
    return _result([(_("Events"), events.count())], [rows])


@report("policy-map", title=gettext_lazy("Policy clause map"), permission="", clause="1.1",
        template="reports/pdf/report.html")  # fmt: skip
def policy_map(user, filters, limit):
    """Each clause, where the application enforces or records it, and how often it was applied (the notices that
    cite it)."""
    from django.db.models import Count

    from core.models import Notification
    from core.policy import registry

    cited = dict(Notification.objects.exclude(clause="").values_list("clause").annotate(n=Count("id")))
    clauses = registry.all()
    rows = [[c.id, c.title, "; ".join(str(e.where) for e in registry.enforcements_of(c.id)) or "—",
             cited.get(c.id, 0)] for c in clauses]  # fmt: skip
    data = {"title": str(_("Clauses")), "clause": "1.1", "headers": [str(_("Clause")), str(_("Title")),
            str(_("Where the application enforces it")), str(_("Notices citing it"))], "rows": rows[:limit],
            "truncated": len(rows) > limit, "empty": ""}  # fmt: skip
    enforced = sum(1 for c in clauses if registry.enforcements_of(c.id))
    return _result([(_("Clauses"), len(clauses)), (_("Enforced or recorded"), enforced)], [data])


@report("project-dossier", title=gettext_lazy("Project dossier"), permission="projects.view_project", clause="3.1.1",
        template="reports/pdf/report.html", filters=("project",))  # fmt: skip
def project_dossier(user, filters, limit):
    """The whole lifecycle of one project: intake, contracts, plans, tasks, inspections, rectifications, acceptance,
    service records, risks and the audit trail — each part as far as the user may see it."""
    from django.http import Http404

    from contracts.models import Contract
    from core.models import AuditEvent
    from projects.models import (
        AcceptanceRound,
        Inspection,
        OperationsPlan,
        Project,
        RectificationNotice,
        ServiceRequest,
        WorkTask,
    )
    from risk.models import Risk

    project = Project.objects.visible_to(user).select_related("client", "market_owner").filter(
        pk=filters.get("project")).first()  # fmt: skip
    if project is None:
        raise Http404(_("No such record in your scope."))
    sections = [
        section(_("Contracts"), "3.1.3", [_("Number"), _("Title"), _("Status"), _("Signed on")],
                Contract.objects.visible_to(user).filter(project=project).order_by("number"),
                lambda c: [c.number, c.title, c.get_status_display(), c.signed_on], limit),
        section(_("Operations plans"), "3.2.2", [_("Version"), _("Status"), _("Author")],
                OperationsPlan.objects.visible_to(user).filter(project=project).select_related("author")
                .order_by("version"), lambda p: [p.version, p.get_status_display(), p.author], limit),
        section(_("Work tasks"), "3.3.2", [_("Task"), _("Owner"), _("Due"), _("Status")],
                WorkTask.objects.visible_to(user).filter(project=project).select_related("owner")
                .order_by("due_date", "id"), lambda t: [t.title, t.owner, t.due_date, t.get_status_display()], limit),
        section(_("Inspections"), "3.4.1", [_("Date"), _("Kind"), _("Score"), _("Result")],
                Inspection.objects.visible_to(user).filter(project=project).order_by("performed_on", "id"),
                lambda i: [i.performed_on, i.get_kind_display(), i.score, i.get_result_display()], limit),
        section(_("Rectification notices"), "3.4.2", [_("Problem"), _("Deadline"), _("Status")],
                RectificationNotice.objects.visible_to(user).filter(project=project).order_by("deadline", "id"),
                lambda n: [n.finding[:120], n.deadline, n.get_status_display()], limit),
        section(_("Acceptance rounds"), "3.5.2", [_("Round"), _("Status"), _("Signed by"), _("Decided at")],
                AcceptanceRound.objects.visible_to(user).filter(project=project).order_by("number"),
                lambda r: [r.number, r.get_status_display(), r.signer_name, r.decided_at], limit),
        section(_("Client requests"), "4.1.3", [_("Raised"), _("Kind"), _("Subject"), _("Status")],
                ServiceRequest.objects.visible_to(user).filter(project=project).order_by("raised_at", "id"),
                lambda r: [r.raised_at, r.get_kind_display(), r.title, r.get_status_display()], limit),
        section(_("Risks"), "7.1.2", [_("Category"), _("Description"), _("Level"), _("Status")],
                Risk.objects.visible_to(user).filter(project=project).order_by("-identified_at"),
                lambda r: [r.get_category_display(), r.description, r.get_level_display(), r.get_status_display()],
                limit),
    ]  # fmt: skip
    if user.has_perm("core.view_auditevent"):
        sections.append(section(
            _("Timeline (audit trail)"), "1.1", [_("Time"), _("Actor"), _("Action"), _("Record"), _("Comment")],
            AuditEvent.objects.visible_to(user).filter(object_id=str(project.pk), content_type__model="project")
            .order_by("timestamp", "id"),
            lambda e: [e.timestamp, e.actor_repr, e.get_action_display(), e.object_repr, e.comment[:200]],
            limit))  # fmt: skip
    facts = [(_("Project"), f"{project.code} {project.name}"), (_("Client"), project.client),
             (_("Stage"), project.get_stage_display()), (_("Service period"),
             f"{_d(project.service_start)} – {_d(project.service_end)}")]  # fmt: skip
    return _result(facts, sections)


@report("appraisal-summary", title=gettext_lazy("Staff appraisal summary"), permission="staff.view_appraisal",
        clause="5.2.1", template="reports/pdf/report.html", filters=("cycle",))  # fmt: skip
def appraisal_summary(user, filters, limit):
    from django.http import Http404

    from staff.models import Appraisal, AppraisalCycle

    cycle = AppraisalCycle.objects.visible_to(user).filter(pk=filters.get("cycle")).first()
    if cycle is None:
        raise Http404(_("No such record in your scope."))
    appraisals = (Appraisal.objects.visible_to(user).filter(cycle=cycle).select_related("employee__user")
                  .order_by("employee__number"))  # fmt: skip
    rows = section(_("Appraisals"), "5.2.2", [_("Employee"), _("Position"), _("Status"), _("Final score"),
                                              _("Grade")], appraisals,
                   lambda a: [a.employee.user, a.employee.position, a.get_status_display(), a.final_score,
                              a.get_grade_display()], limit)  # fmt: skip
    indicators = section(
        _("Indicators"),
        "5.2.1",
        [_("Dimension"), _("Indicator"), _("Weight (%)")],
        cycle.indicators.all(),
        lambda i: [i.get_dimension_display(), i.name, i.weight],
        limit,
    )
    return _result([(_("Cycle"), cycle.name), (_("Period"), f"{_d(cycle.period_start)} – {_d(cycle.period_end)}"),
                    (_("Method"), cycle.method)], [indicators, rows])  # fmt: skip


@report("budget-execution", title=gettext_lazy("Budget execution report"), permission="finance.view_budget",
        clause="6.4.2", template="reports/pdf/report.html", filters=("budget",))  # fmt: skip
def budget_execution(user, filters, limit):
    """A budget against the actual by category (the version in force each month), revenue, and the overruns."""
    from django.http import Http404

    from finance.models import Budget
    from finance.selectors import budget_vs_actual

    budget = Budget.objects.visible_to(user).select_related("project").filter(pk=filters.get("budget")).first()
    if budget is None:
        raise Http404(_("No such record in your scope."))
    report_ = budget_vs_actual(budget)

    def money(v):
        return formats.number_format(v, 2, force_grouping=True) if v is not None else "—"

    rows = [report_["revenue"], *report_["rows"]]
    lines = {"title": str(_("By category")), "clause": "6.2.3",
             "headers": [str(_("Category")), str(_("Budget")), str(_("Actual")), str(_("Budget to date")),
                         str(_("Actual to date")), str(_("Variance to date")), str(_("Consumed (%)"))],
             "rows": [[str(r["category"] or _("Revenue")), money(r["budget_total"]), money(r["actual_total"]),
                       money(r["to_date_budget"]), money(r["to_date_actual"]), money(r["to_date_variance"]),
                       r["consumed"] if r["consumed"] is not None else "—"] for r in rows[:limit]],
             "truncated": len(rows) > limit, "empty": str(_("Nothing recorded."))}  # fmt: skip
    subject = budget.project.code if budget.project_id else _("The department")
    return _result([(_("Budget"), f"{budget.year} · {subject}"), (_("Status"), budget.get_status_display()),
                    (_("Share of the year elapsed (%)"), report_["elapsed"])], [lines])  # fmt: skip


@report("supervision-archive", title=gettext_lazy("Supervision archive"), permission="projects.view_inspection",
        clause="3.4.1", template="reports/pdf/report.html", filters=("dates",))  # fmt: skip
def supervision_archive(user, filters, limit):
    """The inspections (scores, results) and rectification notices in the user's scope, by date (3.4.1–3.4.2)."""
    from projects.models import Inspection, RectificationNotice

    inspections = (Inspection.objects.visible_to(user).filter(status="completed").select_related("project", "checklist",
                   "inspector").order_by("-performed_on", "-id"))  # fmt: skip
    notices = RectificationNotice.objects.visible_to(user).select_related("project", "responsible").order_by(
        "-deadline", "-id")  # fmt: skip
    if filters.get("date_from"):
        inspections = inspections.filter(performed_on__gte=filters["date_from"])
        notices = notices.filter(deadline__gte=filters["date_from"])
    if filters.get("date_to"):
        inspections = inspections.filter(performed_on__lte=filters["date_to"])
        notices = notices.filter(deadline__lte=filters["date_to"])
    sections = [
        section(_("Inspections"), "3.4.1", [_("Date"), _("Project"), _("Standard"), _("Inspector"), _("Score"),
                                            _("Result")], inspections,
                lambda i: [i.performed_on, i.project.code, i.checklist, i.inspector, i.score, i.get_result_display()],
                limit),
        section(_("Rectification notices"), "3.4.2", [_("Project"), _("Problem"), _("Responsible"), _("Deadline"),
                                                      _("Status")], notices,
                lambda n: [n.project.code, n.finding[:160], n.responsible, n.deadline, n.get_status_display()],
                limit),
    ]  # fmt: skip
    return _result([(_("Inspections"), inspections.count()), (_("Rectification notices"), notices.count())],
                   sections)  # fmt: skip


@report("acceptance-report", title=gettext_lazy("Acceptance report"), permission="projects.view_acceptanceround",
        clause="3.5.2", template="reports/pdf/report.html", filters=("project",), clients=True)  # fmt: skip
def acceptance_report(user, filters, limit):
    """A project's acceptance (3.5): each round — the package sent and its digest, the client's decision, its
    sign-off (name, position, time, the digest it signed) or the problems it found."""
    from django.http import Http404

    from projects.models import AcceptanceRound, Project

    project = Project.objects.visible_to(user).select_related("client").filter(pk=filters.get("project")).first()
    if project is None:
        raise Http404(_("No such record in your scope."))
    rounds = (AcceptanceRound.objects.visible_to(user).filter(project=project).exclude(status="preparing")
              .select_related("submitted_by").order_by("number"))  # fmt: skip
    sections = [section(_("Acceptance rounds"), "3.5.2", [_("Round"), _("Sent"), _("Package digest"),
                                                           _("Decision"), _("Signed by"), _("Signed at"),
                                                           _("Digest signed"), _("Problems found")], rounds,
                        lambda r: [r.number, r.submitted_at, r.package_digest[:16], r.get_status_display(),
                                   f"{r.signer_name} {r.signer_position}".strip(), r.decided_at,
                                   r.signed_digest[:16], r.problems[:300]], limit)]  # fmt: skip
    accepted = next((r for r in rounds if r.status == "accepted"), None)
    facts = [(_("Project"), f"{project.code} {project.name}"), (_("Client"), project.client),
             (_("Accepted on"), accepted.decided_at if accepted else None),
             (_("Client's evaluation"), accepted.client_evaluation if accepted else None)]  # fmt: skip
    return _result(facts, sections)


@report("kpi-report", title=gettext_lazy("KPI report"), permission="projects.view_kpidefinition", clause="4.2.3",
        template="reports/pdf/report.html", filters=("dates",))  # fmt: skip
def kpi_report(user, filters, limit):
    """The KPI values per project and period against their targets (4.2.3), and the alerts raised."""
    from projects.models import KpiAlert, KpiValue

    values = (KpiValue.objects.filter(project__in=_projects(user)).select_related("definition", "project")
              .order_by("project__code", "definition__code", "-period_start"))  # fmt: skip
    alerts = (KpiAlert.objects.filter(project__in=_projects(user)).select_related("definition", "project")
              .order_by("-opened_at"))  # fmt: skip
    if filters.get("date_from"):
        values, alerts = values.filter(period_end__gte=filters["date_from"]), alerts.filter(
            period_start__gte=filters["date_from"])  # fmt: skip
    if filters.get("date_to"):
        values, alerts = values.filter(period_start__lte=filters["date_to"]), alerts.filter(
            period_start__lte=filters["date_to"])  # fmt: skip
    sections = [
        section(_("Values"), "4.2.3", [_("Project"), _("KPI"), _("Period"), _("Value"), _("Target"), _("Met")], values,
                lambda v: [v.project.code, v.definition.name, f"{_d(v.period_start)} – {_d(v.period_end)}",
                           v.value, v.target, _("yes") if v.met else _("no") if v.met is False else "—"], limit),
        section(_("Alerts"), "4.2.3", [_("Project"), _("KPI"), _("Period"), _("Value"), _("Target"), _("Status")],
                alerts, lambda a: [a.project.code, a.definition.name, a.period_start, a.value, a.target,
                                   a.get_status_display()], limit),
    ]  # fmt: skip
    return _result([(_("Values"), values.count()), (_("Alerts"), alerts.count())], sections)


def _projects(user):
    from projects.models import Project

    return Project.objects.visible_to(user).values("pk")
