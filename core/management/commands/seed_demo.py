"""Create demo data: one login per role, client organisations and projects in every stage. Idempotent."""

from __future__ import annotations

import datetime
import os
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from core.audit import acting_as
from core.models import ClientOrganisation, Department, User
from core.roles import Role

# username: (role codes, display name, department code, client code)
DEMO_USERS = {
    "head": ([Role.HEAD], "王主任 Wang (Head)", "managed-ops", None),
    "executive": ([Role.EXECUTIVE], "李总 Li (Executive)", "management", None),
    "market": ([Role.MARKET, Role.EMPLOYEE], "张市场 Zhang (Market)", "market", None),
    "planner": ([Role.PLANNER, Role.EMPLOYEE], "赵策划 Zhao (Planner)", "ops-planning", None),
    "service": ([Role.SERVICE, Role.EMPLOYEE], "钱客服 Qian (Service)", "customer-service", None),
    "inspector": ([Role.INSPECTOR, Role.EMPLOYEE], "孙质检 Sun (Inspector)", "quality-supervision", None),
    "hr": ([Role.HR, Role.EMPLOYEE], "周人事 Zhou (HR)", "hr", None),
    "finance": ([Role.FINANCE, Role.EMPLOYEE], "吴财务 Wu (Finance)", "finance", None),
    "legal": ([Role.LEGAL, Role.EMPLOYEE], "郑法务 Zheng (Legal)", "legal", None),
    "signatory": ([Role.SIGNATORY], "冯法人 Feng (Legal representative)", "management", None),
    "delegate": ([Role.SIGNATORY, Role.EMPLOYEE], "卫授权 Wei (Authorised signatory)", "management", None),
    "employee": ([Role.EMPLOYEE], "陈员工 Chen (Employee)", "managed-ops", None),
    "client": ([Role.CLIENT], "华府物业 Client", None, "huafu"),
    "client2": ([Role.CLIENT], "东湖商业 Client 2", None, "donghu"),
    "auditor": ([Role.AUDITOR], "褚审计 Chu (Auditor)", None, None),
}

CLIENTS = [
    ("huafu", "华府物业管理有限公司 Huafu Property", "上海市浦东新区世纪大道 100 号", "刘经理"),
    ("donghu", "东湖商业集团 Donghu Commercial", "武汉市东湖路 8 号", "何经理"),
    ("xishan", "西山文旅发展公司 Xishan Culture & Tourism", "北京市海淀区西山路 1 号", "孔经理"),
]

# code, name, client, target stage, days in that stage, needs (3.1.1)
PROJECTS = [
    ("MO-2026-001", "华府广场托管运营 Huafu Plaza operations", "huafu", "execution", 40, "提升租户满意度与客流。"),
    ("MO-2026-002", "华府公寓服务 Huafu Residences", "huafu", "intake", 45, "公寓物业服务外包。"),
    ("MO-2026-003", "东湖购物中心 Donghu Mall", "donghu", "planning", 10, "商场招商与营运。"),
    ("MO-2026-004", "东湖写字楼 Donghu Offices", "donghu", "acceptance", 5, "写字楼综合运营。"),
    ("MO-2026-005", "西山景区运营 Xishan Scenic Area", "xishan", "supervision", 20, "景区运营。"),
    ("MO-2025-010", "华府会所 Huafu Clubhouse", "huafu", "closed", 90, "会所运营。"),
    ("MO-2026-006", "东湖停车场 Donghu Car Parks", "donghu", "intake", 2, ""),
    ("MO-2026-007", "西山民宿 Xishan Guesthouses", "xishan", "declined", 12, "民宿托管。"),
]
ORDER = ["intake", "planning", "execution", "supervision", "acceptance", "closed"]


def contract_draft(project, users: dict, number: str):
    from contracts.services import clause_add, contract_create

    contract = contract_create(
        actor=users["market"], project_pk=project.pk, number=number, title=f"托管运营服务合同 {project.name}",
        service_content="运营管理、市场推广、客户服务。Operations, marketing, customer service.",
        fee_standard="固定月费 + 营业收入 5%。Monthly fee plus 5 % of revenue.",
        payment_terms="按月支付，发票开具后 15 日内。Monthly, within 15 days of the invoice.",
        amount=Decimal("3600000"), service_start=datetime.date(2026, 1, 1), service_end=datetime.date(2028, 12, 31),
        rights_obligations="甲方提供场地；乙方按约定标准运营。The client provides the site; we operate it.",
        acceptance_conditions="服务期满且运营指标达成。The service period has ended and the operating targets are met.",
    )  # fmt: skip
    clause_add(actor=users["market"], pk=contract.pk, party="client", kind="obligation",
               text="甲方按时支付服务费。The client pays the fees on time.")  # fmt: skip
    clause_add(actor=users["market"], pk=contract.pk, party="ours", kind="obligation",
               text="乙方达到附件约定的服务标准。We meet the service standards of the annex.")  # fmt: skip
    return contract


def contract_through_signing(project, users: dict):
    """Draft → legal review → the head, then the executive (3.6 million is above the tier) → signed by the legal
    representative (8.1.1–8.1.3), with performance tracking, an evaluation, an invoice and the archive."""
    from contracts.services import (
        contract_archive,
        contract_decide,
        contract_review,
        contract_sign,
        contract_submit,
        evaluation_record,
        obligation_add,
        obligation_fulfil,
    )
    from finance.services import invoice_record

    contract = contract_draft(project, users, f"HT-{project.code}")
    contract_submit(actor=users["market"], pk=contract.pk)
    opinion = "条款合法，权责清晰，风险可控。Lawful, clear, risk controlled."
    contract_review(actor=users["legal"], pk=contract.pk, passed=True, lawful=True, obligations_clear=True,
                    risk_controlled=True, opinion=opinion)  # fmt: skip
    contract_decide(actor=users["head"], pk=contract.pk, target="executive_approval", comment="同意。Agreed.")
    contract_decide(actor=users["executive"], pk=contract.pk, target="approved", comment="同意签订。Approved.")
    # Demo history: the contract was approved and signed in January (the signing date follows the approval, 8.1.3).
    from core.models import Approval

    Approval.objects.for_object(contract).update(decided_at=timezone.make_aware(datetime.datetime(2026, 1, 12, 10)))
    contract = contract_sign(actor=users["signatory"], pk=contract.pk, signed_on=datetime.date(2026, 1, 15),
                             client_signatory="刘经理 Liu")  # fmt: skip
    first = obligation_add(actor=users["legal"], pk=contract.pk, party="client", kind="payment",
                           description="第一季度服务费 Q1 service fee", amount=Decimal("300000"),
                           due_on=datetime.date(2026, 4, 15), responsible=users["finance"])  # fmt: skip
    obligation_fulfil(actor=users["finance"], pk=contract.pk, obligation_pk=first.pk,
                      done_on=datetime.date(2026, 4, 10), note="已到账。Received.")  # fmt: skip
    obligation_add(actor=users["legal"], pk=contract.pk, party="client", kind="payment",
                   description="第三季度服务费 Q3 service fee", amount=Decimal("300000"),
                   due_on=datetime.date(2026, 10, 15), responsible=users["finance"])  # fmt: skip
    obligation_add(actor=users["legal"], pk=contract.pk, party="ours", kind="milestone",
                   description="年度运营报告 Annual operations report", due_on=datetime.date(2026, 12, 31),
                   responsible=users["planner"])  # fmt: skip
    evaluation_record(actor=users["legal"], pk=contract.pk, period_start=datetime.date(2026, 1, 15),
                      period_end=datetime.date(2026, 6, 30), rating="issues",
                      findings="第二季度服务费延迟 20 天支付。The Q2 fee was paid 20 days late.",
                      measures="财务按月提醒客户。Finance reminds the client monthly.")  # fmt: skip
    invoice_record(actor=users["finance"], contract_pk=contract.pk, number=f"FP-{project.code}-01",
                   amount=Decimal("300000"), issued_on=datetime.date(2026, 3, 31),
                   received_on=datetime.date(2026, 4, 10))  # fmt: skip
    if project.client.code == "huafu":
        from django.core.files.base import ContentFile

        scan = ContentFile(b"%PDF-1.4 demo signed copy\n", name=f"{contract.number}-signed.pdf")
        contract_archive(actor=users["legal"], pk=contract.pk, archive_number=f"DA-{contract.number}",
                         location="档案室 2 号柜 B 层 Archive room 2, cabinet B", custodian=users["legal"],
                         upload=scan)  # fmt: skip
    return contract


def finance_demo(project, users: dict) -> None:
    """The 2026 budget of a project in operation, approved (6.1.3), its costs so far (staff costs run over), an
    adjustment waiting for finance, and expense claims at the manager and over standard at the executive."""
    from django.core.files.base import ContentFile

    from finance import services as fs
    from finance.models import Budget, FinanceCategory

    if Budget.objects.filter(project=project, year=2026).exists():
        return
    cat = {c.code: c for c in FinanceCategory.objects.all()}
    monthly = {"service-fees": "300000", "staff": "120000", "subcontracting": "60000", "marketing": "30000",
               "travel": "5000", "meals": "2000"}  # fmt: skip
    assumptions = "客流同比增长 5%；6 月周边竞品开业。Footfall +5 %; a competitor opens in June."
    budget = fs.budget_create(actor=users["head"], year=2026, project=project, assumptions=assumptions)
    lines = {(cat[code].pk, m): amount for code, amount in monthly.items() for m in range(1, 13)}
    fs.budget_lines_set(actor=users["head"], pk=budget.pk, lines=lines)
    fs.budget_transition(actor=users["head"], pk=budget.pk, target="submitted")
    fs.budget_transition(actor=users["finance"], pk=budget.pk, target="reviewed", comment="测算合理。Sound figures.")
    fs.budget_transition(actor=users["executive"], pk=budget.pk, target="approved", comment="同意。Approved.")
    today = timezone.localdate()
    for month in range(1, today.month):
        day = datetime.date(2026, month, 25)
        for code, amount, text in (("staff", "131500", "人工 Payroll"), ("marketing", "27500", "活动 Events"),
                                   ("subcontracting", "58000", "保洁保安 Cleaning")):  # fmt: skip
            fs.cost_record(actor=users["finance"], category=cat[code], amount=amount, incurred_on=day,
                           description=f"{text} {month}/2026", project=project)  # fmt: skip
    fs.adjustment_request(actor=users["head"], budget_pk=budget.pk, reason="二期开业，增配人员。A second phase opens.",
                          changes={(cat["staff"].pk, m): "140000" for m in range(today.month, 13)})  # fmt: skip
    for who, purpose, amount in (("planner", "杭州客户拜访 Client visit in Hangzhou", "860.00"),
                                 ("employee", "北京招商会 Leasing fair in Beijing", "4200.00")):  # fmt: skip
        on_project = project if who == "planner" else None  # the employee is on no project
        claim = fs.claim_create(actor=users[who], purpose=purpose, project=on_project)
        fs.claim_item_add(actor=users[who], pk=claim.pk, category=cat["travel"], spent_on=today, amount=amount,
                          description="高铁与住宿 Train and hotel")  # fmt: skip
        fs.claim_attach(actor=users[who], pk=claim.pk, files=[ContentFile(b"%PDF-1.4 receipt", name="receipt.pdf")])
        fs.claim_transition(actor=users[who], pk=claim.pk, target="submitted")
        if amount == "4200.00":
            fs.claim_transition(actor=users["head"], pk=claim.pk, target="manager_approved", comment="属实。Genuine.")
            fs.claim_transition(actor=users["finance"], pk=claim.pk, target="executive_review", comment="超标准。")


def risk_demo(project, users: dict) -> None:
    """The register's demo (7.1–7.2): the intake's market risk assessed with a response under way, an
    organisation-wide legal risk whose acceptance waits for the head, and the periodic reviews planned."""
    from core.models import Department
    from risk.models import RiskAssessment
    from risk.register import response_propose, risk_assess, risk_record, risk_reminders

    if RiskAssessment.objects.exists():
        return
    head, planner = users["head"], users["planner"]
    today = timezone.localdate()
    department = Department.objects.order_by("pk").first()
    risk = project.risks.order_by("pk").first()
    if risk is not None:
        risk_assess(actor=head, pk=risk.pk, stage="inherent", likelihood=4, impact=3, probability=Decimal("60"),
                    expected_loss=Decimal("180000"),
                    rationale="竞品三个月后开业，客流预计分流一成。The competitor opens in three months.")  # fmt: skip
        response_propose(actor=head, pk=risk.pk, strategy="reduce", owner=planner, department=department,
                         measures="会员活动与联合营销，稳住主力客群。Loyalty events and joint marketing.",
                         due_on=today + datetime.timedelta(days=45))  # fmt: skip
    legal = risk_record(actor=planner, project=project, category="legal", level="medium",
                        description="数据保护新规生效，访客信息采集需合规。New data-protection rules for visitor data.",
                        cause="新法规 New regulation", consequence="罚款 Fines")  # fmt: skip
    risk_assess(actor=planner, pk=legal.pk, stage="inherent", likelihood=2, impact=3, probability=Decimal("15"),
                expected_loss=Decimal("50000"),
                rationale="已有隐私政策，仅需更新告知。A privacy notice exists.")  # fmt: skip
    # accepting it waits for the head (7.2.1)
    response_propose(actor=planner, pk=legal.pk, strategy="accept", owner=planner, department=department,
                     measures="季度复核访客数据采集流程。Review visitor-data collection each quarter.",
                     due_on=today + datetime.timedelta(days=30),
                     expires_on=today + datetime.timedelta(days=180))  # fmt: skip
    risk_reminders()


def staff_demo(users: dict) -> None:
    """The staff records (ch. 5): an employee record for each member of staff (the employee reports to the planner,
    the others to the head), a recruitment plan waiting for the head, an open appraisal cycle, a training session."""
    from core.models import Department
    from staff import services as ss
    from staff.models import Employee

    if Employee.objects.exists():
        return
    hr, head = users["hr"], users["head"]
    today = timezone.localdate()
    for n, (username, (_roles, _display, dept_code, client)) in enumerate(DEMO_USERS.items(), 1):
        if client or username in ("auditor", "signatory"):
            continue
        department = Department.objects.get(code=dept_code)
        manager = None if username == "head" else users["planner"] if username == "employee" else head
        ss.employee_create(actor=hr, user=users[username], number=f"MO{n:03d}", department=department,
                           position=str(_display).split("(")[-1].rstrip(")"), manager=manager,
                           hire_date=datetime.date(2023, 3, 1) + datetime.timedelta(days=30 * n))  # fmt: skip
    plan = ss.plan_create(actor=hr, department=Department.objects.get(code="customer-service"),
                          position="客服专员 Customer service officer", headcount=2,
                          requirements="两年以上商业物业客服经验。Two years in commercial property service.",
                          justification="新项目华府广场客流增长。Footfall grows at Huafu Plaza.")  # fmt: skip
    ss.plan_transition(actor=hr, pk=plan.pk, target="submitted")
    method = "自评后由直属上级评分，人力资源部复核。Self-assessment, then the manager scores."
    cycle = ss.cycle_create(actor=hr, name="2026 下半年 H2 2026", period_start=datetime.date(today.year, 7, 1),
                            period_end=datetime.date(today.year, 12, 31), method=method)  # fmt: skip
    for dimension, name, weight in (("results", "目标完成 Targets met", "60"), ("attitude", "工作态度 Attitude", "20"),
                                    ("teamwork", "团队协作 Teamwork", "20")):  # fmt: skip
        ss.indicator_add(actor=hr, cycle_pk=cycle.pk, dimension=dimension, name=name, weight=weight)
    ss.cycle_open(actor=hr, pk=cycle.pk)
    ss.session_create(actor=hr, topic="托管运营服务规范 Managed-operations service norms", trainer="王主任 Wang",
                      held_on=today - datetime.timedelta(days=7))  # fmt: skip


def signing_authorities(users: dict) -> None:
    """The legal representative (8.1.1) and one delegate with an authorisation for service contracts."""
    from contracts.models import Authorisation, LegalRepresentative
    from contracts.services import authorisation_grant

    if not LegalRepresentative.objects.exists():
        LegalRepresentative.objects.create(user=users["signatory"], valid_from=datetime.date(2020, 1, 1))
    if not Authorisation.objects.filter(grantee=users["delegate"]).exists():
        today = timezone.localdate()
        authorisation_grant(actor=users["signatory"], number=f"SQ-{today.year}-001", grantee=users["delegate"],
                            contract_types=["service", "leasing"], max_amount=Decimal("5000000"),
                            valid_from=today - datetime.timedelta(days=30),
                            valid_until=today + datetime.timedelta(days=335),
                            scope_note="托管运营与招商合同。Managed-operations and leasing contracts.")  # fmt: skip


def walk(project, target: str, users: dict) -> None:
    """Take a new project to ``target`` through the real services, each step by the role that owns it."""
    from projects import services as ps

    head, market = users["head"], users["market"]
    # The planner is not on Xishan's projects (scoping), so the head does the planning work there.
    planner = users["planner"] if project.members.filter(user=users["planner"]).exists() else head
    ps.contact_add(actor=market, pk=project.pk, name="刘经理 Liu", position="总经理 General manager",
                   phone="021-5555-0101")  # fmt: skip
    ps.talk_add(actor=market, pk=project.pk, date=datetime.date(2026, 1, 8), participants="刘经理; 张市场",
                summary="客户希望引入专业托管运营团队。The client wants a professional operator.",
                next_step="现场踏勘 Site visit")  # fmt: skip
    if target == "intake" and not project.client_needs:
        return
    ps.evaluation_save(actor=head, pk=project.pk, feasibility="feasible",
                       reasoning="区位好，客流基础扎实。Good location and footfall.",
                       estimated_resources="12 人团队 12 people", estimated_fee=Decimal("1200000"))  # fmt: skip
    ps.intake_risk_add(actor=head, pk=project.pk, category="market", level="medium",
                       description="周边竞品开业导致客流分流。A competitor opening nearby.")  # fmt: skip
    if target == "intake":
        # a draft waiting for the legal department (8.1.2)
        from contracts.services import contract_submit

        contract_submit(actor=market, pk=contract_draft(project, users, f"HT-{project.code}").pk)
        return
    if target == "declined":
        ps.evaluation_decide(actor=head, pk=project.pk, decision="decline",
                             reason="规模过小，不符合公司战略。Too small for our strategy.")  # fmt: skip
        return
    ps.evaluation_decide(actor=head, pk=project.pk, decision="take_on", reason="战略客户。Strategic client.")
    contract_through_signing(project, users)
    ps.project_stage_transition(actor=head, pk=project.pk, target="planning", comment="合同已签订。")
    ps.survey_add(actor=planner, pk=project.pk, date=datetime.date(2026, 1, 20), participants="赵策划; 孙质检",
                  findings="主入口导视不清；停车位不足。Unclear signage; too few parking spaces.",
                  data_collected="客流计数、租户名录。Footfall counts, tenant list.")  # fmt: skip
    plan = ps.plan_create(
        actor=planner, pk=project.pk, title="年度运营方案 Annual operations plan",
        strategies="主力店先行，周末活动引流。Anchor tenants first; weekend events.",
        goals=[{"description": "提升客流 Raise footfall", "metric": "月客流 visitors/month", "target": "≥ 200,000"},
               {"description": "客户满意度 Client satisfaction", "metric": "满意度 %", "target": "≥ 90%"}],
        milestones=[{"name": "试运营 Soft opening", "due_date": datetime.date(2026, 3, 1)},
                    {"name": "全面运营 Full operation", "due_date": datetime.date(2026, 5, 1)}],
        resources=[{"kind": "people", "description": "运营团队 Operations team", "quantity": "12"},
                   {"kind": "funds", "description": "推广预算 Marketing budget", "quantity": "¥300,000"}],
        reviewers=[users["inspector"], users["service"]],
    )  # fmt: skip
    if target == "planning":
        return
    ps.plan_transition(actor=planner, plan_pk=plan.pk, target="in_review")
    for reviewer in (users["inspector"], users["service"]):
        ps.plan_review_record(actor=reviewer, plan_pk=plan.pk, verdict="pass", opinion="方案可行。Sound and feasible.")
    ps.plan_transition(actor=head, plan_pk=plan.pk, target="passed", comment="通过。Passed.")
    ps.project_stage_transition(actor=head, pk=project.pk, target="execution")
    work_plan(project, users, planner)
    for stage in ORDER[2:]:
        if stage == "supervision":
            supervise(project, users, planner, leave_open=(target == "supervision"))
            if target != "supervision":
                acceptance_arranged(project, users)
        if stage == "acceptance":
            accept(project, users, planner, closing=(target == "closed"))
        if stage == target:
            return
        ps.project_stage_transition(actor=head, pk=project.pk, target=ORDER[ORDER.index(stage) + 1])


def acceptance_arranged(project, users: dict) -> None:
    """Customer service agrees the time and manner of acceptance with the client (3.5.1)."""
    from projects import services as ps

    ps.acceptance_arrange(
        actor=users["service"],
        pk=project.pk,
        due_reason="conditions_met",
        conditions_note="合同约定的运营指标均已达成。The contract's operating targets are met.",
        scheduled_for=timezone.localdate() + datetime.timedelta(days=7),
        manner="on_site",
        location="项目现场 On site",
        client_participants="客户总经理、物业经理 GM, property manager",
    )


def accept(project, users: dict, planner, *, closing: bool) -> None:
    """The acceptance rounds (3.5.2–3.5.3). A project being closed was rejected once, rectified and accepted, then
    handed over; a project in acceptance waits for its client's decision on the package."""
    from projects import services as ps

    inspector, service = users["inspector"], users["service"]
    client = next(u for u in (users["client"], users["client2"]) if u.client_organisation_id == project.client_id)
    round_ = ps.acceptance_round_start(actor=planner, pk=project.pk)
    ps.acceptance_package_save(
        actor=planner,
        round_pk=round_.pk,
        operations_report="客流同比增长 18%，里程碑全部按期完成。Footfall +18 %; milestones met.",
    )
    ps.acceptance_package_save(
        actor=inspector,
        round_pk=round_.pk,
        quality_report="检查 12 次，平均得分 91，整改全部关闭。12 inspections, average 91.",
    )
    ps.acceptance_package_save(
        actor=service,
        round_pk=round_.pk,
        satisfaction_results="满意度调查 40 份，满意率 94%。40 answers, 94 % satisfied.",
    )
    ps.acceptance_transition(actor=planner, round_pk=round_.pk, target="submitted")
    if not closing:
        return
    ps.acceptance_transition(
        actor=client,
        round_pk=round_.pk,
        target="rejected",
        problems="停车场照明不足 Car-park lighting insufficient",
        client_evaluation="整体良好，照明需整改。Good overall; fix the lighting.",
    )
    for notice in project.rectifications.filter(acceptance_round=round_):
        ps.rectification_transition(
            actor=planner,
            notice_pk=notice.pk,
            target="submitted",
            fix_description="已更换 40 盏 LED 灯 40 LED lights replaced",
        )
        ps.rectification_transition(actor=inspector, notice_pk=notice.pk, target="closed")
    second = ps.acceptance_round_start(actor=planner, pk=project.pk)
    ps.acceptance_transition(actor=planner, round_pk=second.pk, target="submitted")
    ps.acceptance_transition(
        actor=client,
        round_pk=second.pk,
        target="accepted",
        signer_name="刘经理 Liu",
        signer_position="总经理 General manager",
        signer_confirmed=True,
        client_evaluation="验收合格。Accepted.",
    )
    handover = project.handover
    for item in handover.items.all():
        ps.handover_item_check(actor=service, item_pk=item.pk, done=True)
    ps.handover_complete(
        actor=service,
        handover_pk=handover.pk,
        handed_over_on=timezone.localdate(),
        client_representative="刘经理 Liu",
        record="资料、设备、账户已全部移交。All handed over.",
    )


def serve(project, users: dict) -> None:
    """Service records of a project in operation (ch. 4): client requests and a complaint, revisits, a survey, a
    marketing activity and the operations log."""
    from projects import services as ps
    from projects.models import Survey

    client, service, planner = users["client"], users["service"], users["planner"]
    today = timezone.localdate()

    def ask(kind, title, description, category="facilities"):
        return ps.request_raise(actor=client, pk=project.pk, kind=kind, category=category, title=title,
                                description=description)  # fmt: skip

    done = ask("request", "3 号电梯异响 Lift 3 noisy", "3 号电梯运行有异响。Lift 3 makes a grinding noise.")
    ps.request_transition(actor=service, request_pk=done.pk, target="in_progress",
                          first_response="维保人员已安排。A technician is booked.")  # fmt: skip
    ps.request_transition(actor=service, request_pk=done.pk, target="resolved",
                          resolution="已更换导轮。Guide rollers replaced.")  # fmt: skip
    ps.request_transition(actor=client, request_pk=done.pk, target="closed", rating=5, rating_comment="很快。Quick.")
    complaint = ask("complaint", "停车场收费争议 Car-park charge dispute",
                    "访客被多收停车费。A visitor was overcharged for parking.", category="billing")  # fmt: skip
    ps.request_transition(actor=service, request_pk=complaint.pk, target="in_progress",
                          first_response="正在核实。We are checking the records.")  # fmt: skip
    ps.request_transition(actor=service, request_pk=complaint.pk, target="resolved",
                          resolution="已退还差额。The difference was refunded.")  # fmt: skip
    ps.request_transition(actor=client, request_pk=complaint.pk, target="closed", rating=3,
                          rating_comment="处理太慢。Too slow.")  # fmt: skip
    ask("question", "春节营业时间 Spring Festival hours", "春节期间商场营业时间？Opening hours over the holiday?")

    ps.revisit_plan_set(actor=service, pk=project.pk, every_days=14, starts_on=today - datetime.timedelta(days=28),
                        owner=service)  # fmt: skip
    first = project.revisits.order_by("due_on").first()
    ps.revisit_record(actor=service, revisit_pk=first.pk, done_on=first.due_on, contact="刘经理 Liu",
                      experience="对保洁满意，希望增加活动。Happy with cleaning; wants more events.")  # fmt: skip

    survey = Survey.objects.filter(name="客户满意度调查 Client satisfaction").first() or ps.survey_create(
        actor=service, name="客户满意度调查 Client satisfaction",
        questions=[{"text": "总体服务 Overall service"}, {"text": "环境卫生 Cleanliness"},
                   {"text": "改进建议 What should we improve?", "kind": "text"}],
    )  # fmt: skip
    round_ = ps.survey_round_send(actor=service, pk=project.pk, survey=survey, title="2026 年第四季度 Q4 2026",
                                  closes_on=today + datetime.timedelta(days=14))  # fmt: skip
    questions = list(survey.questions.all())
    answers = {questions[0].pk: 5, questions[1].pk: 4, questions[2].pk: "增加停车位 More parking"}
    ps.survey_answer(actor=client, round_pk=round_.pk, answers=answers)

    ps.activity_save(actor=planner, pk=project.pk, title="周末亲子市集 Weekend family market", kind="event",
                     status="done", starts_on=today - datetime.timedelta(days=20),
                     ends_on=today - datetime.timedelta(days=19), budget="30000", reach=8200, leads=12,
                     feedback="客流提升 25%。Footfall up 25 %.")  # fmt: skip
    ps.log_add(actor=planner, pk=project.pk, kind="maintenance", severity="minor",
               title="空调季度保养 Quarterly HVAC service")  # fmt: skip
    ps.log_add(actor=users["inspector"], pk=project.pk, kind="safety", severity="moderate",
               title="B2 消防门闭门器失灵 Fire-door closer failed at B2",
               description="已更换。Replaced the same day.")  # fmt: skip


def checklist(users: dict):
    from projects.models import Checklist
    from projects.services import checklist_create

    existing = Checklist.objects.filter(name="商业综合体运营质量标准 Commercial complex quality standard").first()
    return existing or checklist_create(
        actor=users["inspector"],
        name="商业综合体运营质量标准 Commercial complex quality standard",
        description="依据 4.2 服务标准。Per the service standards of 4.2.",
        items=[
            {
                "text": "导视标识清晰完整 Signage clear and complete",
                "weight": 2,
                "pass_criterion": "无缺失 None missing",
            },
            {"text": "消防通道畅通 Fire exits unobstructed", "weight": 3, "pass_criterion": "全部畅通 All clear"},
            {"text": "公共区域清洁 Public areas clean", "weight": 1, "pass_criterion": "无明显垃圾 No litter"},
        ],
    )


def supervise(project, users: dict, responsible, *, leave_open: bool) -> None:
    """An inspection against the quality standard (3.4.1) and its rectification notice (3.4.2)."""
    from projects import services as ps

    inspector = users["inspector"]
    standard = checklist(users)
    week_ago = timezone.localdate() - datetime.timedelta(days=7)
    inspection = ps.inspection_plan(actor=inspector, pk=project.pk, checklist=standard, inspector=inspector,
                                    planned_on=week_ago, kind="scheduled")  # fmt: skip
    items = list(standard.items.all())
    ps.inspection_record(actor=inspector, inspection_pk=inspection.pk, summary="消防通道 B 被占用。Exit B blocked.",
                         scores=[{"item": items[0].pk, "score": 90, "passed": True},
                                 {"item": items[1].pk, "score": 40, "passed": False,
                                  "finding": "B 出口堆放货物 Stock piled at exit B"},
                                 {"item": items[2].pk, "score": 85, "passed": True}])  # fmt: skip
    ps.inspection_transition(actor=inspector, inspection_pk=inspection.pk, target="completed")
    notice = ps.rectification_issue(actor=inspector, pk=project.pk, inspection=inspection,
                                    finding="B 出口堆放货物 Stock piled at exit B",
                                    requirement="清理并保持畅通 Clear it and keep it clear", responsible=responsible,
                                    deadline=timezone.localdate() + datetime.timedelta(days=3))  # fmt: skip
    if leave_open:
        return
    ps.rectification_transition(actor=responsible, notice_pk=notice.pk, target="submitted",
                                fix_description="货物已移至仓库 Stock moved to the warehouse")  # fmt: skip
    ps.rectification_transition(actor=inspector, notice_pk=notice.pk, target="closed")


def work_plan(project, users: dict, planner) -> None:
    """Duties, a work plan with tasks in several states, and the coordination log of a project in execution."""
    from core.models import Department
    from projects import services as ps

    today = timezone.localdate()
    service = users["service"] if project.members.filter(user=users["service"]).exists() else planner
    groups = {d.code: d for d in Department.objects.filter(code__in=["ops-planning", "customer-service"])}
    ps.duty_assign(actor=planner, pk=project.pk, person=planner, group=groups.get("ops-planning"),
                   responsibility="运营方案执行与活动策划 Plan execution and campaigns")  # fmt: skip
    ps.duty_assign(actor=planner, pk=project.pk, person=service,
                   group=groups.get("customer-service"),
                   responsibility="租户与客户服务 Tenant and client service")  # fmt: skip
    tasks = [
        ("周末市集活动 Weekend market", "marketing", planner, -20, -5, "done"),
        ("租户满意度回访 Tenant revisits", "customer_service", service, -10, 10, "in_progress"),
        ("消防设施月检 Monthly fire-safety check", "safety", planner, -15, -3, "todo"),
        ("电梯维保 Lift maintenance", "maintenance", planner, 0, 14, "todo"),
    ]
    for title, category, owner, start, due, status in tasks:
        task = ps.task_add(actor=planner, pk=project.pk, title=title, category=category, owner=owner,
                           start_date=today + datetime.timedelta(days=start),
                           due_date=today + datetime.timedelta(days=due))  # fmt: skip
        if status in ("in_progress", "done"):
            ps.task_transition(actor=planner, task_pk=task.pk, target="in_progress")
            ps.task_update(actor=planner, task_pk=task.pk, progress=60)
        if status == "done":
            ps.task_transition(actor=planner, task_pk=task.pk, target="done")
    issue = ps.issue_raise(actor=service, pk=project.pk, title="停车位不足引发投诉 Parking shortage complaints",
                           owner=planner, priority="high")  # fmt: skip
    ps.issue_transition(actor=service, issue_pk=issue.pk, target="escalated",
                        comment="需协调业主增加车位 Needs the owner to add spaces")  # fmt: skip


class Command(BaseCommand):
    help = "Create demo logins (one per role), client organisations and projects. Safe to run again."

    def handle(self, *args, **options):
        from projects.choices import MemberRole
        from projects.models import Project
        from projects.services import project_create, project_member_add

        password = settings.DEMO_PASSWORD
        with transaction.atomic(), acting_as(None, request_id="seed-demo"):
            clients = {}
            for code, name, address, contact in CLIENTS:
                clients[code], _ = ClientOrganisation.objects.get_or_create(
                    code=code, defaults={"name": name, "address": address, "contact_name": contact}
                )
            users = {}
            for username, (roles, display, dept, client) in DEMO_USERS.items():
                user, created = User.objects.get_or_create(username=username)
                user.display_name = display
                user.email = f"{username}@managedops.local"
                user.department = Department.objects.filter(code=dept).first() if dept else None
                user.client_organisation = clients[client] if client else None
                if created:
                    user.set_password(password)
                user.save()
                user.groups.set(Group.objects.filter(name__in=[str(r) for r in roles]))
                users[username] = user
            admin, created = User.objects.get_or_create(
                username="admin",
                defaults={
                    "is_staff": True,
                    "is_superuser": True,
                    "display_name": "Administrator",
                    "email": "admin@managedops.local",
                },
            )
            if created:
                admin.set_password(password)
                admin.save()

            signing_authorities(users)
            now = timezone.now()
            for code, name, client, stage, days, needs in PROJECTS:
                if Project.objects.filter(code=code).exists():
                    continue
                with acting_as(users["market"], request_id="seed-demo"):
                    project = project_create(actor=users["market"], code=code, name=name, client=clients[client],
                                             client_needs=needs)  # fmt: skip
                for username, role in (("planner", MemberRole.PLANNER), ("service", MemberRole.SERVICE)):
                    if client != "xishan":  # the planner and service are not on Xishan's projects: scoping shows
                        project_member_add(actor=users["head"], pk=project.pk, user=users[username], role=role)
                walk(project, stage, users)
                if stage == "execution" and client == "huafu":
                    serve(project, users)
                # Back-date the time in the current stage, so that the dashboard has overdue items to show.
                Project.objects.filter(pk=project.pk).update(stage_entered_at=now - datetime.timedelta(days=days))
            finance_demo(Project.objects.get(code="MO-2026-001"), users)
            with acting_as(users["head"], request_id="seed-demo"):
                risk_demo(Project.objects.get(code="MO-2026-001"), users)
            with acting_as(users["hr"], request_id="seed-demo"):
                staff_demo(users)
            # The KPIs of the projects in operation (4.2.3): the demo's service records miss some of them, so the
            # dashboards show alerts with their rectification notices.
            from projects.services.kpi import kpi_sweep
            from risk.services import evaluate_indicators

            with acting_as(None, request_id="seed-demo"):
                kpi_sweep()
                evaluate_indicators()  # the financial early warning (6.4.2): the demo's revenue falls short

        self.stdout.write(
            self.style.SUCCESS(
                "Demo data ready. Logins (password: %s):"
                % ("the DEMO_PASSWORD value" if "DEMO_PASSWORD" in os.environ else password)
            )
        )
        for username, (roles, display, _d, _c) in DEMO_USERS.items():
            self.stdout.write(f"  {username:<10} {', '.join(str(r) for r in roles):<22} {display}")
        self.stdout.write(f"  {'admin':<10} {'superuser':<22} Administrator (/admin/)")
