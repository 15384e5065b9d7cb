"""Benchmark data (not a test): a scratch PostgreSQL database filled at scale for bench/scale_pages.py (issue 10).

Drops, creates and migrates the database, then fills it. At ``--scale 10000`` (the default):

- 10,000 projects over 500 client organisations, in every stage, created over the last year, each with a planner,
  a customer-service person and an inspector on its team and, once in operation, a scheduled inspection plan;
- 100,000 inspections (with their item scores when completed), 20,000 rectification notices, 1,000,000 client
  requests ("service records", ``projects.ServiceRequest``) and 1,000,000 audit events, spread over the year;
- the people: staff of every role, one user per client organisation, and the benchmark's users, all with the
  password ``--password`` (default ``bench-scale-2026``): ``bench-admin`` (superuser, staff), ``bench-head``,
  ``bench-planner`` (on the hot project's team and every 21st project's), ``bench-auditor`` and ``bench-client``.

One project, ``MO-000001`` ("the hot project", near the top of the project list), has the same number of records
at every scale: 400 inspections, 200 rectification notices, 2,000 client requests (and its share of audit events),
so that its pages show the same rows at 1k and at 10k projects: only the size of the tables differs.
``--scale 1000`` makes a tenth of everything else.

The big tables are written with COPY, their secondary indexes and foreign keys dropped before and created again
after (PostgreSQL then checks each foreign key in one pass); small ones with bulk_create. Then VACUUM ANALYZE.

    .venv/bin/python bench/scale_data.py --scale 10000   # postgres://postgres@127.0.0.1:5432/managedops_scale
    .venv/bin/python bench/scale_data.py --scale 1000    # postgres://postgres@127.0.0.1:5432/managedops_scale_1k

``--database-url`` names another database; its name must start with ``managedops_scale``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import sys
import time
from collections import Counter
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"
PREFIX = "managedops_scale"
BENCH_PASSWORD = "bench-scale-2026"  # noqa: S105 - a scratch benchmark database's users
HOT = {"inspections": 400, "rectifications": 200, "requests": 2000, "audit": 300}
OPERATING = ("execution", "supervision", "acceptance", "closed")
STAGES = [
    ("intake", 5),
    ("planning", 8),
    ("execution", 50),
    ("supervision", 20),
    ("acceptance", 5),
    ("closed", 10),
    ("declined", 2),
]
STAFF = {
    "head": 2,
    "executive": 1,
    "market": 10,
    "planner": 20,
    "service": 20,
    "inspector": 20,
    "hr": 3,
    "finance": 3,
    "legal": 2,
    "signatory": 1,
    "employee": 20,
    "auditor": 2,
}

CITIES = [
    ("上海", "Shanghai"),
    ("北京", "Beijing"),
    ("深圳", "Shenzhen"),
    ("广州", "Guangzhou"),
    ("杭州", "Hangzhou"),
    ("成都", "Chengdu"),
    ("南京", "Nanjing"),
    ("武汉", "Wuhan"),
    ("苏州", "Suzhou"),
    ("西安", "Xi'an"),
]
PLACES = [
    ("华府广场", "Huafu Plaza"),
    ("国贸中心", "Trade Centre"),
    ("滨江天地", "Riverside"),
    ("万象城", "Mixc"),
    ("科技园", "Tech Park"),
    ("金融大厦", "Finance Tower"),
    ("东方商厦", "Orient Mall"),
    ("新天地", "Xintiandi"),
    ("云锦中心", "Yunjin Centre"),
    ("凯德广场", "CapitaMall"),
]
COMPANIES = [
    "华润置地",
    "万科物业",
    "保利发展",
    "招商蛇口",
    "绿城中国",
    "龙湖集团",
    "中海地产",
    "金地集团",
    "世茂集团",
    "碧桂园服务",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "霞", "平", "刚"]
REQUESTS = [
    ("电梯故障报修", "Elevator out of order"),
    ("空调温度过高", "Air conditioning too warm"),
    ("公共区域清洁不到位", "Common area not cleaned"),
    ("停车场照明损坏", "Car park lighting broken"),
    ("商户装修噪音投诉", "Noise from a tenant's fit-out"),
    ("物业费账单疑问", "Question about the service bill"),
    ("门禁卡补办申请", "Access card replacement"),
    ("消防通道被占用", "Fire lane blocked"),
    ("卫生间漏水", "Leak in the washroom"),
    ("活动场地预约", "Booking the event space"),
    ("垃圾清运不及时", "Rubbish not collected on time"),
    ("监控画面缺失", "CCTV footage missing"),
]
FINDINGS = [
    ("大堂地面有污渍，未按标准清洁", "Lobby floor stained, not cleaned to standard"),
    ("消防器材过期未更换", "Fire extinguishers past their date"),
    ("巡检记录缺失", "Patrol log entries missing"),
    ("垃圾分类不规范", "Waste not sorted as required"),
    ("设备机房温度超标", "Plant room above its limit"),
    ("安全出口指示灯损坏", "Exit sign light broken"),
    ("绿化带杂草未清理", "Weeds in the planted strips"),
]
CHECKLISTS = [
    ("保洁服务质量标准", "Cleaning standard"),
    ("安保巡逻规范", "Security patrol standard"),
    ("设备设施维护标准", "Equipment maintenance standard"),
    ("消防安全检查表", "Fire safety checklist"),
    ("客户服务礼仪规范", "Customer service standard"),
    ("绿化养护标准", "Landscaping standard"),
    ("停车场管理规范", "Car park standard"),
    ("能耗管理检查表", "Energy use checklist"),
]


def database_url(args) -> str:
    if args.database_url:
        return args.database_url
    suffix = "" if args.scale == 10_000 else (f"_{args.scale // 1000}k" if args.scale % 1000 == 0 else f"_{args.scale}")
    return f"{DEFAULT_SERVER}/{PREFIX}{suffix}"


def recreate_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if not name.startswith(PREFIX) or not name.replace("_", "").isalnum():
        sys.exit(f"refusing the database {name!r}: this script drops it; its name must start with {PREFIX!r}")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


class Timer:
    def __init__(self):
        self.rows = []

    @contextmanager
    def __call__(self, label: str, count: int | None = None):
        start = time.perf_counter()
        yield
        seconds = time.perf_counter() - start
        self.rows.append((label, count, seconds))
        rows = f"{count:>12,}" if count is not None else " " * 12
        print(f"  {label:<56}{rows}  {seconds:7.1f} s", flush=True)


def raw_cursor():
    from django.db import connection

    connection.ensure_connection()
    return connection.connection.cursor()


def copy_rows(table: str, columns: list[str], rows) -> int:
    n = 0
    with raw_cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            n += 1
    return n


def drop_secondary(tables: list[str]) -> list[tuple[str, str]]:
    """Drop the foreign keys and the secondary indexes (not the primary key, not the indexes of unique constraints)
    of ``tables``; return the statements that create them again."""
    again = []
    with raw_cursor() as cursor:
        for table in tables:
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'f'",
                [table],
            )
            for name, definition in cursor.fetchall():
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
                again.append((table, f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'))
        for table in tables:
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
                [table],
            )
            for name, definition in cursor.fetchall():
                cursor.execute(f"DROP INDEX {name}")
                again.insert(0, (table, definition))  # indexes first, then the foreign keys
    return again


def restore_secondary(statements: list[tuple[str, str]], timer: Timer) -> None:
    with raw_cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute("SET max_parallel_maintenance_workers = 2")
        by_table: dict[str, list[str]] = {}
        for table, sql in statements:
            by_table.setdefault(table, []).append(sql)
        for table, sqls in by_table.items():
            with timer(f"indexes, foreign keys: {table}", len(sqls)):
                for sql in sqls:
                    cursor.execute(sql)


def reset_sequences(tables: list[str]) -> None:
    with raw_cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT max(id) FROM {table}), 1))"  # noqa: S608
            )


def spread(total: int, keys: list[int], rng: random.Random) -> Counter:
    """``total`` records over ``keys`` at random (about total/len(keys) each, Poisson-like)."""
    return Counter(rng.choices(keys, k=total))


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")


def fill(scale: int, password: str, seed: int, timer: Timer) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from core.models import ClientOrganisation, User
    from projects.models import Checklist, ChecklistItem, Inspection, Project, RectificationNotice, ServiceRequest

    rng = random.Random(seed)  # noqa: S311 - benchmark data, not secrets
    now = timezone.now().replace(microsecond=0)
    today = timezone.localdate()
    year_ago = now - datetime.timedelta(days=365)
    n_projects, n_clients = scale, max(scale // 20, 5)
    totals = {"inspections": 10 * scale, "rectifications": 2 * scale, "requests": 100 * scale, "audit": 100 * scale}

    # People and organisations (bulk_create) --------------------------------------------------------------------
    with timer("client organisations", n_clients):
        clients = ClientOrganisation.objects.bulk_create(
            [
                ClientOrganisation(
                    name=f"{COMPANIES[i % len(COMPANIES)]}{i + 1:04d} {CITIES[i % 10][1]} Client {i + 1}",
                    code=f"client-{i + 1:04d}",
                    address=f"{CITIES[i % 10][0]}市中心路{i % 300 + 1}号",
                    contact_name=person(rng),
                    contact_phone=f"1{rng.randrange(3, 9)}{rng.randrange(10**9):09d}",
                    contact_email=f"contact{i + 1}@client{i + 1}.example.cn",
                )
                for i in range(n_clients)
            ]
        )
    client_ids = [c.pk for c in clients]
    hashed = make_password(password)
    groups = dict(Group.objects.values_list("name", "id"))
    users, roles = [], []

    def add_user(username, role, **extra):
        users.append(
            User(
                username=username,
                password=hashed,
                display_name=f"{person(rng)} ({username})",
                email=f"{username}@managedops.example.cn",
                **extra,
            )
        )
        roles.append(role)

    add_user("bench-admin", None, is_superuser=True, is_staff=True)
    add_user("bench-head", "head")
    add_user("bench-planner", "planner")
    add_user("bench-auditor", "auditor")
    add_user("bench-client", "client", client_organisation_id=client_ids[0])
    for role, count in STAFF.items():
        for i in range(count):
            add_user(f"{role}{i + 1:02d}", role)
    for i, client_id in enumerate(client_ids[1:], 2):
        add_user(f"client{i:04d}", "client", client_organisation_id=client_id)
    with timer("users (all roles) and their groups", len(users)):
        User.objects.bulk_create(users)
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=u.pk, group_id=groups[r]) for u, r in zip(users, roles, strict=True) if r]
        )
    by_role: dict[str, list[int]] = {}
    for u, r in zip(users, roles, strict=True):
        by_role.setdefault(r or "admin", []).append(u.pk)
    client_user = {u.client_organisation_id: u.pk for u in users if u.client_organisation_id}
    planners = by_role["planner"]  # bench-planner first: on the hot project's team and every 21st project's
    service, inspectors, markets = by_role["service"], by_role["inspector"], by_role["market"]
    head = by_role["head"][0]
    with timer("checklists and their items", len(CHECKLISTS)):
        checklists = Checklist.objects.bulk_create(
            [
                Checklist(name=f"{cn} {en}", description=f"{cn}（{en}）。", created_by_id=inspectors[0])
                for cn, en in CHECKLISTS
            ]
        )
        items = ChecklistItem.objects.bulk_create(
            [
                ChecklistItem(
                    checklist=c,
                    text=f"检查项 {k + 1}：{c.name.split()[0]} Check {k + 1}",
                    weight=1 + k % 3,
                    pass_criterion="符合标准 Meets the standard",  # noqa: S106 - not a password
                )
                for c in checklists
                for k in range(5)
            ]
        )
    items_of = {c.pk: [i.pk for i in items if i.checklist_id == c.pk] for c in checklists}
    checklist_ids = [c.pk for c in checklists]

    big = [
        "projects_project",
        "projects_projectmember",
        "projects_inspectionplan",
        "projects_inspection",
        "projects_inspectionscore",
        "projects_rectificationnotice",
        "projects_servicerequest",
        "core_auditevent",
    ]
    again = drop_secondary(big)

    # Projects, teams, inspection plans (COPY) -------------------------------------------------------------------
    stage_names = [s for s, _w in STAGES]
    stage_weights = [w for _s, w in STAGES]
    project_client, project_stage, project_code = (
        [0] * (n_projects + 1),
        [""] * (n_projects + 1),
        [""] * (n_projects + 1),
    )
    project_start = [None] * (n_projects + 1)

    def projects():
        for pid in range(1, n_projects + 1):
            city, place = CITIES[pid % 10], PLACES[(pid // 10) % 10]
            if pid == 1:
                created, stage = year_ago, "execution"
            else:
                created = year_ago + datetime.timedelta(seconds=rng.randrange(365 * 86400))
                stage = rng.choices(stage_names, stage_weights)[0]
            entered = created + (now - created) * rng.random() * 0.5
            start = end = None
            if stage in OPERATING:
                start = (created + datetime.timedelta(days=rng.randrange(0, 30))).date()
                end = start + datetime.timedelta(days=365 * rng.choice([1, 2, 3]))
            client = client_ids[0] if pid == 1 else rng.choice(client_ids)
            code = f"MO-{pid:06d}"
            project_client[pid], project_stage[pid], project_code[pid], project_start[pid] = client, stage, code, start
            yield (
                pid,
                code,
                f"{city[0]}{place[0]}托管运营项目 {city[1]} {place[1]} managed operations #{pid}",
                f"{city[0]}市{place[0]}{pid % 200 + 1}号",
                stage,
                entered,
                f"提升客户满意度与运营效率。Raise client satisfaction; {rng.randrange(5, 40)} tenants.",
                start,
                end,
                created,
                entered + (now - entered) * rng.random(),
                client,
                rng.choice(markets),
                f"建筑面积 {rng.randrange(8, 300) * 1000} 平方米 / {rng.randrange(20, 900)} units",
            )

    with timer("projects (COPY)", n_projects):
        copy_rows(
            "projects_project",
            [
                "id",
                "code",
                "name",
                "site_address",
                "stage",
                "stage_entered_at",
                "client_needs",
                "service_start",
                "service_end",
                "created_at",
                "updated_at",
                "client_id",
                "market_owner_id",
                "scale",
            ],
            projects(),
        )
    team = {
        pid: (planners[(pid - 1) % len(planners)], service[pid % len(service)], inspectors[pid % len(inspectors)])
        for pid in range(1, n_projects + 1)
    }

    def members():
        n = 0
        for pid, (planner, serv, insp) in team.items():
            for user, role in ((planner, "planner"), (serv, "service"), (insp, "inspector")):
                n += 1
                yield (n, role, pid, user)

    with timer("project members (COPY)", 3 * n_projects):
        copy_rows("projects_projectmember", ["id", "role", "project_id", "user_id"], members())
    operating = [pid for pid in range(1, n_projects + 1) if project_stage[pid] in OPERATING]
    plan_of = {pid: (n, rng.choice(checklist_ids)) for n, pid in enumerate(operating, 1)}
    with timer("inspection plans (COPY)", len(operating)):
        copy_rows(
            "projects_inspectionplan",
            [
                "id",
                "frequency",
                "starts_on",
                "ends_on",
                "active",
                "created_at",
                "checklist_id",
                "created_by_id",
                "inspector_id",
                "project_id",
            ],
            (
                (
                    n,
                    rng.choice(["weekly", "fortnightly", "monthly"]),
                    project_start[pid],
                    None,
                    project_stage[pid] != "closed",
                    now,
                    checklist,
                    head,
                    team[pid][2],
                    pid,
                )
                for pid, (n, checklist) in plan_of.items()
            ),
        )

    # Inspections and their scores ------------------------------------------------------------------------------
    others = [pid for pid in operating if pid != 1]
    per_project = spread(totals["inspections"] - HOT["inspections"], others, rng)
    per_project[1] = HOT["inspections"]
    planned = []
    for pid, k in per_project.items():
        days = rng.sample(range(-335, 30), min(k, 365))
        for j in range(k):
            if j < len(days) and rng.random() < 0.8:
                planned.append((today + datetime.timedelta(days=days[j]), pid, "scheduled"))
            else:
                planned.append((today + datetime.timedelta(days=rng.randrange(-335, 30)), pid, "ad_hoc"))
    planned.sort()
    failed_of: dict[int, list[int]] = {}
    completed = []

    def inspections():
        for iid, (day, pid, kind) in enumerate(planned, 1):
            plan, checklist = plan_of[pid]
            if kind == "ad_hoc":
                plan, checklist = None, rng.choice(checklist_ids)
            r = rng.random()
            status = "planned" if day > today or r > 0.95 else ("cancelled" if r > 0.88 else "completed")
            performed = score = None
            result = summary = ""
            if status == "completed":
                performed = min(day + datetime.timedelta(days=rng.randrange(3)), today)
                score = Decimal(rng.randrange(550, 1001)) / 10
                result = "pass" if score >= 80 and rng.random() > 0.1 else "fail"
                cn, en = rng.choice(FINDINGS)
                summary = "整体良好。Good overall." if result == "pass" else f"{cn}。{en}."
                completed.append((iid, checklist, result))
                if result == "fail":
                    failed_of.setdefault(pid, []).append(iid)
            created = datetime.datetime.combine(day, datetime.time(9), tzinfo=now.tzinfo) - datetime.timedelta(days=7)
            yield (
                iid,
                kind,
                day,
                status,
                performed,
                score,
                result,
                summary,
                min(created, now),
                checklist,
                team[pid][2],
                pid,
                plan,
            )

    with timer("inspections (COPY)", len(planned)):
        copy_rows(
            "projects_inspection",
            [
                "id",
                "kind",
                "planned_on",
                "status",
                "performed_on",
                "score",
                "result",
                "summary",
                "created_at",
                "checklist_id",
                "inspector_id",
                "project_id",
                "plan_id",
            ],
            inspections(),
        )

    def scores():
        n = 0
        for iid, checklist, result in completed:
            failing = rng.randrange(5) if result == "fail" else -1
            for k, item in enumerate(items_of[checklist]):
                n += 1
                ok = k != failing
                yield (
                    n,
                    rng.randrange(80, 101) if ok else rng.randrange(30, 70),
                    ok,
                    "" if ok else rng.choice(FINDINGS)[0],
                    iid,
                    item,
                )

    with timer("inspection item scores (COPY)", 5 * len(completed)):
        copy_rows(
            "projects_inspectionscore", ["id", "score", "passed", "finding", "inspection_id", "item_id"], scores()
        )

    # Rectification notices ---------------------------------------------------------------------------------------
    per_project = spread(totals["rectifications"] - HOT["rectifications"], others, rng)
    per_project[1] = HOT["rectifications"]
    notices = sorted(
        (year_ago + datetime.timedelta(seconds=rng.randrange(365 * 86400)), pid)
        for pid, k in per_project.items()
        for _ in range(k)
    )

    def rectifications():
        for nid, (issued, pid) in enumerate(notices, 1):
            failed = failed_of.get(pid)
            inspection = rng.choice(failed) if failed and rng.random() < 0.7 else None
            deadline = (issued + datetime.timedelta(days=rng.randrange(7, 31))).date()
            r = rng.random()
            status = "closed" if r < 0.6 else ("submitted" if r < 0.75 else "issued")
            submitted = issued + datetime.timedelta(days=rng.randrange(1, 20)) if status != "issued" else None
            closed = submitted + datetime.timedelta(days=rng.randrange(1, 5)) if status == "closed" else None
            if submitted and submitted > now:
                submitted, closed, status = None, None, "issued"
            if closed and closed > now:
                closed, status = None, "submitted"
            cn, en = rng.choice(FINDINGS)
            yield (
                nid,
                f"{cn}。{en}.",
                "限期整改并提交整改照片。Fix it and send photos of the fix.",
                deadline,
                status,
                "已整改完毕。Fixed." if submitted else "",
                submitted,
                closed,
                issued,
                inspection,
                team[pid][2],
                pid,
                team[pid][0],
                None,
            )

    with timer("rectification notices (COPY)", len(notices)):
        copy_rows(
            "projects_rectificationnotice",
            [
                "id",
                "finding",
                "requirement",
                "deadline",
                "status",
                "fix_description",
                "submitted_at",
                "closed_at",
                "issued_at",
                "inspection_id",
                "issued_by_id",
                "project_id",
                "responsible_id",
                "acceptance_round_id",
            ],
            rectifications(),
        )

    # Client requests (1,000,000 at 10k), in the order they were raised --------------------------------------------
    per_project = spread(totals["requests"] - HOT["requests"], others, rng)
    request_project = [1] * HOT["requests"]
    for pid, k in per_project.items():
        request_project += [pid] * k
    rng.shuffle(request_project)
    n_requests = len(request_project)
    step = 365 * 86400 / n_requests
    kinds = ["request"] * 6 + ["question"] * 3 + ["complaint"]
    channels = ["portal"] * 5 + ["phone"] * 3 + ["email", "on_site", "other"]
    categories = ["facilities", "cleaning", "security", "tenancy", "marketing", "billing", "other"]
    priorities = ["low"] + ["normal"] * 6 + ["high"] * 2 + ["urgent"]
    comments = ["", "", "处理及时，很满意。Quick and friendly.", "希望响应更快。Could be faster."]

    def requests():
        for n, pid in enumerate(request_project):
            raised = year_ago + datetime.timedelta(seconds=n * step + rng.randrange(60))
            age = (now - raised).days
            r = rng.random()
            if age > 30:
                status = "closed" if r < 0.93 else ("resolved" if r < 0.97 else "in_progress")
            else:
                status = ("open", "in_progress", "escalated", "resolved", "closed")[min(int(r * 5), 4)]
            channel = rng.choice(channels)
            raised_by = client_user[project_client[pid]] if channel == "portal" else team[pid][1]
            responded = raised + datetime.timedelta(minutes=rng.randrange(10, 36 * 60)) if status != "open" else None
            resolved = (
                responded + datetime.timedelta(hours=rng.randrange(1, 96)) if status in ("resolved", "closed") else None
            )
            if responded and responded > now:
                responded = now
            if resolved and resolved > now:
                resolved = now
            closed = status == "closed"
            cn, en = REQUESTS[(n + pid) % len(REQUESTS)]
            yield (
                n + 1,
                rng.choice(kinds),
                channel,
                rng.choice(categories),
                rng.choice(priorities),
                f"{cn} {en}",
                f"{cn}，请尽快处理。{en}, please handle it soon.",
                "" if channel == "portal" else person(rng),
                raised,
                raised + datetime.timedelta(hours=24),
                status,
                "已收到，安排人员处理。Received, someone is on it." if responded else "",
                responded,
                "已处理完毕。Done." if resolved else "",
                resolved,
                rng.randint(3, 5) if closed else None,
                rng.choice(comments) if closed else "",
                resolved if closed else None,
                None,
                team[pid][1] if status != "open" else None,
                pid,
                raised_by,
            )

    with timer("client requests = service records (COPY)", n_requests):
        copy_rows(
            "projects_servicerequest",
            [
                "id",
                "kind",
                "channel",
                "category",
                "priority",
                "title",
                "description",
                "on_behalf_of",
                "raised_at",
                "respond_by",
                "status",
                "first_response",
                "first_response_at",
                "resolution",
                "resolved_at",
                "rating",
                "rating_comment",
                "closed_at",
                "escalation_notified_at",
                "assignee_id",
                "project_id",
                "raised_by_id",
            ],
            requests(),
        )

    # Audit events (1,000,000 at 10k), in time order -------------------------------------------------------------
    ct = {
        m: ContentType.objects.get_for_model(m).pk
        for m in (Project, Inspection, RectificationNotice, ServiceRequest, User)
    }
    inspection_project = [0] + [pid for _day, pid, _kind in planned]
    notice_project = [0] + [pid for _issued, pid in notices]
    staff_ids = [u for role, ids in by_role.items() if role not in ("client", "admin") for u in ids]
    usernames = {u.pk: u.username for u in users}
    n_audit = totals["audit"]
    targets = ["request"] * 45 + ["inspection"] * 20 + ["project"] * 15 + ["notice"] * 10 + ["login"] * 10
    hot_at = set(rng.sample(range(n_audit), HOT["audit"]))
    audit_step = 365 * 86400 / n_audit
    everyone = staff_ids + list(client_user.values())
    stage_pairs = [
        ("intake", "planning"),
        ("planning", "execution"),
        ("execution", "supervision"),
        ("supervision", "acceptance"),
        ("acceptance", "closed"),
    ]
    flows = {
        "inspection": [("planned", "completed"), ("planned", "cancelled")],
        "notice": [("issued", "submitted"), ("submitted", "closed")],
        "request": [
            ("open", "in_progress"),
            ("in_progress", "resolved"),
            ("resolved", "closed"),
            ("in_progress", "escalated"),
        ],
    }

    def events():
        for n in range(n_audit):
            at = year_ago + datetime.timedelta(seconds=n * audit_step + rng.randrange(30))
            target = "project" if n in hot_at else rng.choice(targets)
            actor = rng.choice(staff_ids)
            action, from_state, to_state, changes, comment = (
                rng.choice(["create", "update", "transition"]),
                "",
                "",
                {},
                "",
            )
            if target == "login":
                actor = rng.choice(everyone)
                yield (
                    n + 1,
                    at,
                    usernames[actor],
                    "login",
                    str(actor),
                    usernames[actor],
                    "",
                    "",
                    "{}",
                    "",
                    f"{rng.getrandbits(64):016x}",
                    f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}",
                    actor,
                    ct[User],
                )
                continue
            if target == "project":
                pid = 1 if n in hot_at else rng.randrange(1, n_projects + 1)
                oid, model, label = (
                    pid,
                    Project,
                    f"{project_code[pid]} {CITIES[pid % 10][0]}{PLACES[(pid // 10) % 10][0]}托管运营项目",
                )
                if action == "transition":
                    from_state, to_state = rng.choice(stage_pairs)
            elif target == "inspection":
                oid = rng.randrange(1, len(inspection_project))
                model, label = Inspection, f"{project_code[inspection_project[oid]]} · 检查 Inspection {oid}"
            elif target == "notice":
                oid = rng.randrange(1, len(notice_project))
                model, label = RectificationNotice, f"{project_code[notice_project[oid]]} · {rng.choice(FINDINGS)[0]}"
            else:
                oid = rng.randrange(1, n_requests + 1)
                pid = request_project[oid - 1]
                model, label = (
                    ServiceRequest,
                    f"{project_code[pid]} · {' '.join(REQUESTS[(oid - 1 + pid) % len(REQUESTS)])}",
                )
            if action == "transition" and target != "project":
                from_state, to_state = rng.choice(flows[target])
                comment = rng.choice(["", "", "按流程处理。As the procedure says."])
            elif action == "update":
                changes = (
                    {"status": ["open", "in_progress"]} if target == "request" else {"summary": ["", "已更新 updated"]}
                )
            elif action == "create":
                changes = {"id": [None, oid], "created_at": [None, at.isoformat()], "note": [None, "新建 created"]}
            yield (
                n + 1,
                at,
                usernames[actor],
                action,
                str(oid),
                label[:300],
                from_state,
                to_state,
                json.dumps(changes, ensure_ascii=False),
                comment,
                f"{rng.getrandbits(64):016x}",
                f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}",
                actor,
                ct[model],
            )

    with timer("audit events (COPY)", n_audit):
        copy_rows(
            "core_auditevent",
            [
                "id",
                "timestamp",
                "actor_repr",
                "action",
                "object_id",
                "object_repr",
                "from_state",
                "to_state",
                "changes",
                "comment",
                "request_id",
                "ip_address",
                "actor_id",
                "content_type_id",
            ],
            events(),
        )

    restore_secondary(again, timer)
    reset_sequences(big)
    return {
        "projects": n_projects,
        "inspections": len(planned),
        "rectifications": len(notices),
        "requests": n_requests,
        "audit": n_audit,
        "users": len(users),
        "clients": n_clients,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=10_000, help="projects (default 10000); the rest follows")
    parser.add_argument("--database-url", default="", help=f"default {DEFAULT_SERVER}/{PREFIX}[_1k]")
    parser.add_argument("--password", default=BENCH_PASSWORD, help="the password of every user")
    parser.add_argument("--seed", type=int, default=10)
    args = parser.parse_args()
    url = database_url(args)
    name = urlparse(url).path.lstrip("/")
    if not url.startswith("postgres") or not name.startswith(PREFIX):
        sys.exit(f"refusing {url!r}: a PostgreSQL database whose name starts with {PREFIX!r} only")
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["DJANGO_DEBUG"] = "false"  # no query log while filling
    os.environ.setdefault("MANAGEDOPS_VAR_DIR", str(ROOT / "var" / "bench-scale"))
    started = time.perf_counter()
    timer = Timer()
    print(f"{name}: scale {args.scale:,} projects", flush=True)
    with timer("drop and create the database"):
        recreate_database(url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    with timer("migrate"):
        call_command("migrate", verbosity=0)
    made = fill(args.scale, args.password, args.seed, timer)
    with timer("VACUUM ANALYZE (as autovacuum would leave it)"), raw_cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    print(
        f"{name}: {made['projects']:,} projects, {made['inspections']:,} inspections, "
        f"{made['rectifications']:,} rectification notices, {made['requests']:,} client requests, "
        f"{made['audit']:,} audit events, {made['users']:,} users, {made['clients']:,} clients; "
        f"{size}; {time.perf_counter() - started:.0f} s in all"
    )
    print(
        f"users: bench-admin (superuser), bench-head, bench-planner, bench-auditor, bench-client; "
        f"password {args.password!r}"
    )


if __name__ == "__main__":
    main()
