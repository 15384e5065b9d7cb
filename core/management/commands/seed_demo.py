"""Create demo data: one login per role, client organisations and projects in every stage. Idempotent."""

from __future__ import annotations

import datetime
import os

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
    "signatory": ([Role.SIGNATORY], "冯法人 Feng (Signatory)", "management", None),
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

# code, name, client, stage, days in stage, fields
PROJECTS = [
    (
        "MO-2026-001",
        "华府广场托管运营 Huafu Plaza operations",
        "huafu",
        "execution",
        40,
        {
            "client_needs": "提升租户满意度与客流。",
            "evaluation": "可行；主要风险：租户流失。",
            "contract_signed_on": datetime.date(2026, 3, 1),
            "plan_summary": "年度运营方案 v2",
            "work_plan": "月度工作计划与时间表",
        },
    ),
    (
        "MO-2026-002",
        "华府公寓服务 Huafu Residences",
        "huafu",
        "intake",
        45,
        {"client_needs": "公寓物业服务外包。"},
    ),
    (
        "MO-2026-003",
        "东湖购物中心 Donghu Mall",
        "donghu",
        "planning",
        10,
        {
            "client_needs": "商场招商与营运。",
            "evaluation": "可行。",
            "contract_signed_on": datetime.date(2026, 9, 1),
        },
    ),
    (
        "MO-2026-004",
        "东湖写字楼 Donghu Offices",
        "donghu",
        "acceptance",
        5,
        {
            "client_needs": "写字楼综合运营。",
            "evaluation": "可行。",
            "contract_signed_on": datetime.date(2025, 1, 10),
            "plan_summary": "方案",
            "work_plan": "计划",
            "acceptance_date": datetime.date(2026, 12, 5),
        },
    ),
    (
        "MO-2026-005",
        "西山景区运营 Xishan Scenic Area",
        "xishan",
        "supervision",
        20,
        {
            "client_needs": "景区运营。",
            "evaluation": "可行。",
            "contract_signed_on": datetime.date(2025, 6, 1),
            "plan_summary": "方案",
            "work_plan": "计划",
        },
    ),
    (
        "MO-2025-010",
        "华府会所 Huafu Clubhouse",
        "huafu",
        "closed",
        90,
        {
            "client_needs": "会所运营。",
            "evaluation": "可行。",
            "contract_signed_on": datetime.date(2024, 6, 1),
            "plan_summary": "方案",
            "work_plan": "计划",
            "acceptance_date": datetime.date(2025, 6, 1),
            "accepted_on": datetime.date(2025, 6, 3),
        },
    ),
    ("MO-2026-006", "东湖停车场 Donghu Car Parks", "donghu", "intake", 2, {}),
]


class Command(BaseCommand):
    help = "Create demo logins (one per role), client organisations and projects. Safe to run again."

    def handle(self, *args, **options):
        from projects.choices import MemberRole
        from projects.models import Project, ProjectMember

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

            now = timezone.now()
            for code, name, client, stage, days, fields in PROJECTS:
                project = Project.objects.filter(code=code).first()
                if project is None:
                    project = Project.objects.create(
                        code=code,
                        name=name,
                        client=clients[client],
                        stage=stage,
                        stage_entered_at=now - datetime.timedelta(days=days),
                        market_owner=users["market"],
                        **fields,
                    )
                for username, role in (
                    ("market", MemberRole.MARKET),
                    ("planner", MemberRole.PLANNER),
                    ("service", MemberRole.SERVICE),
                ):
                    if client == "xishan" and username != "market":
                        continue  # a project the planner and service are not on: scoping is visible in the demo
                    ProjectMember.objects.get_or_create(project=project, user=users[username], role=role)

        self.stdout.write(
            self.style.SUCCESS(
                "Demo data ready. Logins (password: %s):"
                % ("the DEMO_PASSWORD value" if "DEMO_PASSWORD" in os.environ else password)
            )
        )
        for username, (roles, display, _d, _c) in DEMO_USERS.items():
            self.stdout.write(f"  {username:<10} {', '.join(str(r) for r in roles):<22} {display}")
        self.stdout.write(f"  {'admin':<10} {'superuser':<22} Administrator (/admin/)")
