"""Benchmark (not a test): the app's pages and API lists over 10,000 projects, against a bare Django table page
and the Django admin (issue 10).

Needs the databases of bench/scale_data.py. Serves the app with gunicorn on loopback (production settings over
plain HTTP, DEBUG off, ``BENCH_URLS`` on; 2 sync workers, as scripts/run.sh deploys it), signs in as ``--user``
(a session created in-process against the same database) and measures every page in the same run:

- throughput: ``--rounds`` rounds over all the pages, in a new random order each round; per page a warm-up, then
  ``--concurrency`` client threads requesting it back to back for ``--seconds``. Printed per page: the median
  requests/s over the rounds, p50 and p95 latency of all its requests, the SQL queries of one request (counted
  in-process with the test client and ``CaptureQueriesContext`` against the same database; the second request of
  the page, as a warm worker serves it), and the median over the rounds of its ratio to the bare table page and to
  the admin changelist of the same records measured in the same round (the machine's load moves between rounds);
- with ``--compare-db``: the single-request time of each page at 10k and at 1k projects (median of
  ``--sequential`` requests, alternating between two servers) and their ratio;
- with ``--explain``: the slowest SQL of each page and its EXPLAIN (ANALYZE, BUFFERS).

Targets (PASS/FAIL per row): every list page and API list ≥ 1.0× the requests/s of the bare 50-row table page and
≥ 1.5× its admin changelist, ≤ 10 queries; details (project page, dashboard) ≤ 15 queries; each app page's time at
10k ≤ 1.2× its time at 1k, with the same number of queries.

    .venv/bin/python bench/scale_data.py --scale 10000 && .venv/bin/python bench/scale_data.py --scale 1000
    .venv/bin/python bench/scale_pages.py \\
        --compare-db postgres://postgres@127.0.0.1:5432/managedops_scale_1k --explain

The floors: ``/bench/ok/`` (a view returning "ok": the cost of the middleware), ``/bench/table/`` (a plain
``ListView`` of 50 projects in a minimal template, bench/views.py) and ``/notifications/`` for a user without any
(the app's layout — navigation, header, filters — around an empty list). The app's per-project lists (inspections,
rectifications, client requests) show the hot project ``MO-000001`` (400 inspections, 200 notices, 2,000 requests at
every scale); their admin baseline is the same changelist filtered to that project (``?project__id__exact=``). The
API lists and the other changelists are unfiltered. Inspections, rectification notices and client requests are not
registered in the app's admin: their changelists are plain ``ModelAdmin`` ones on a bench-only admin site.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/managedops_scale"
PREFIX = "managedops_scale"
HOT_CODE = "MO-000001"
VAR_DIR = ROOT / "var" / "bench-scale"

# key, label, path ({hot}: the hot project's id), kind, the admin changelist it is compared with
PAGES = [
    ("ok", "bare view returning ok", "/bench/ok/", "floor", None),
    ("table", "bare 50-row table page", "/bench/table/", "floor", None),
    ("shell", "app layout, empty list", "/notifications/", "floor", None),
    ("dashboard", "dashboard", "/", "detail", None),
    ("projects", "project list", "/projects/", "list", "admin-projects"),
    ("project", "project detail", "/projects/{hot}/", "detail", None),
    ("inspections", "inspection list", "/projects/{hot}/inspections/", "list", "admin-inspections-hot"),
    ("rectifications", "rectification list", "/projects/{hot}/rectifications/", "list", "admin-notices-hot"),
    ("requests", "client request list", "/projects/{hot}/requests/", "list", "admin-requests-hot"),
    ("audit", "audit log list", "/audit/", "list", "admin-audit"),
    ("api-projects", "API projects", "/api/projects/", "api", "admin-projects"),
    ("api-inspections", "API inspections", "/api/inspections/", "api", "admin-inspections"),
    ("api-notices", "API rectifications", "/api/rectifications/", "api", "admin-notices"),
    ("api-requests", "API client requests", "/api/service-requests/", "api", "admin-requests"),
    ("api-audit", "API audit events", "/api/audit-events/", "api", "admin-audit"),
    ("admin-projects", "admin projects", "/admin/projects/project/", "admin", None),
    ("admin-inspections", "admin inspections", "/bench/admin/projects/inspection/", "admin", None),
    (
        "admin-inspections-hot",
        "admin inspections, project",
        "/bench/admin/projects/inspection/?project__id__exact={hot}",
        "admin",
        None,
    ),
    ("admin-notices", "admin rectifications", "/bench/admin/projects/rectificationnotice/", "admin", None),
    (
        "admin-notices-hot",
        "admin rectifications, project",
        "/bench/admin/projects/rectificationnotice/?project__id__exact={hot}",
        "admin",
        None,
    ),
    ("admin-requests", "admin client requests", "/bench/admin/projects/servicerequest/", "admin", None),
    (
        "admin-requests-hot",
        "admin client requests, project",
        "/bench/admin/projects/servicerequest/?project__id__exact={hot}",
        "admin",
        None,
    ),
    ("admin-audit", "admin audit events", "/admin/core/auditevent/", "admin", None),
]
QUERY_LIMIT = {"list": 10, "api": 10, "detail": 15}
TARGET_TABLE, TARGET_ADMIN, TARGET_SCALE = 1.0, 1.5, 1.2


def db_name(url: str) -> str:
    return urlparse(url).path.lstrip("/")


def server_env(url: str, secret: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": secret,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
            "DJANGO_SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback; no TLS proxy in front
            "DJANGO_LOG_LEVEL": "WARNING",
            "DATABASE_URL": url,
            "BENCH_URLS": "true",
            "MANAGEDOPS_VAR_DIR": str(VAR_DIR),  # its own static root, broker folder: nothing shared with others
            "PYTHONHASHSEED": "0",
        }
    )
    return env


# ------------------------------------------------------------------------------------------------------------------
# In-process: the session and the queries of each page (run as a subprocess against one database)
# ------------------------------------------------------------------------------------------------------------------
def probe(username: str, explain: bool) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from projects.models import Project

    user = get_user_model().objects.get(username=username)
    hot = Project.objects.get(code=HOT_CODE).pk
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    pages = {}
    for key, _label, path, _kind, _admin in PAGES:
        url = path.format(hot=hot)
        try:
            client.get(url)  # the first request fills the per-process caches (content types, translations)
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            wall_ms = 1000 * (time.perf_counter() - started)
        except Exception as exc:  # reported in the table, not hidden
            pages[key] = {"status": 0, "error": repr(exc)[:300], "queries": None}
            continue
        queries = [(q["sql"], float(q["time"])) for q in captured.captured_queries]
        slowest = sorted(queries, key=lambda q: q[1], reverse=True)[:3]
        page = {
            "status": response.status_code,
            "queries": len(queries),
            "bytes": len(response.content),
            "ms": round(wall_ms, 1),
            "sql_ms": round(1000 * sum(t for _sql, t in queries), 1),
            "slowest": [{"ms": round(1000 * t, 1), "sql": sql} for sql, t in slowest],
        }
        if explain and slowest:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest[0][0])
                page["explain"] = "\n".join(row[0] for row in cursor.fetchall())
        pages[key] = page
    print(json.dumps({"session": session, "cookie": settings.SESSION_COOKIE_NAME, "hot": hot, "pages": pages}))


def run_probe(url: str, secret: str, username: str, explain: bool) -> dict:
    args = [sys.executable, str(Path(__file__).resolve()), "probe", "--user", username]
    result = subprocess.run(  # noqa: S603 - this script, with our arguments
        args + (["--explain"] if explain else []),
        cwd=ROOT,
        env=server_env(url, secret),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"probe of {db_name(url)} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------------------------------------------------------
# The server
# ------------------------------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def collectstatic(url: str, secret: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=server_env(url, secret),
        check=True,
    )


class Server:
    def __init__(self, url: str, secret: str, workers: int, worker_class: str, threads: int):
        self.port = free_port()
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
        args = [
            gunicorn,
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--worker-class",
            worker_class,
            "--timeout",
            "120",
            "--log-level",
            "warning",
            "--backlog",
            "64",
        ]
        if worker_class == "gthread":
            args += ["--threads", str(threads)]
        self.log = open(VAR_DIR / f"gunicorn-{db_name(url)}.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603 - gunicorn, with our arguments
            args, cwd=ROOT, env=server_env(url, secret), stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                if fetch(self.port, "/healthz/", "")[0] == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                sys.exit(f"gunicorn did not start; see {self.log.name}")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


# ------------------------------------------------------------------------------------------------------------------
# The client
# ------------------------------------------------------------------------------------------------------------------
class Connection:
    """One client connection: kept alive when the server allows it (a sync worker closes after each response)."""

    def __init__(self, port: int, cookie: str):
        self.port, self.headers, self.conn = port, {"Cookie": cookie, "Accept-Encoding": "identity"}, None

    def get(self, path: str) -> tuple[int, int]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            self.conn.request("GET", path, headers=self.headers)
            response = self.conn.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        if response.will_close:
            self.close()
        return response.status, len(body)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def fetch(port: int, path: str, cookie: str) -> tuple[int, int]:
    conn = Connection(port, cookie)
    try:
        return conn.get(path)
    finally:
        conn.close()


def hammer(port: int, path: str, cookie: str, seconds: float, concurrency: int) -> dict:
    """``concurrency`` threads requesting ``path`` back to back for ``seconds``; latencies of each request."""
    start = time.perf_counter()
    deadline = start + seconds
    results: list[tuple[list[float], int, float]] = []

    def worker():
        conn, latencies, errors, last = Connection(port, cookie), [], 0, start
        while True:
            t0 = time.perf_counter()
            if t0 >= deadline:
                break
            try:
                status, _size = conn.get(path)
            except (OSError, http.client.HTTPException):
                status = 0
            last = time.perf_counter()
            latencies.append(last - t0)
            errors += status != 200
        conn.close()
        results.append((latencies, errors, last))

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies = [x for lat, _e, _l in results for x in lat]
    elapsed = max(last for _lat, _e, last in results) - start
    return {
        "n": len(latencies),
        "elapsed": elapsed,
        "errors": sum(e for _lat, e, _l in results),
        "latencies": latencies,
    }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else float("nan")


# ------------------------------------------------------------------------------------------------------------------
# Report
# ------------------------------------------------------------------------------------------------------------------
def mark(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def throughput_table(measured: dict, probed: dict) -> list[dict]:
    """Per page: the median over the rounds of its requests/s and of its ratios to the bare table page and to its
    admin changelist measured in the same round (the machine's load changes between rounds; within one it moves
    less), and the latency percentiles of all its requests."""
    rows = {}
    for key, label, path, kind, _admin in PAGES:
        m = measured[key]
        rows[key] = {
            "key": key,
            "label": label,
            "path": path,
            "kind": kind,
            "rps": statistics.median(m["rps"]),
            "rps_rounds": [round(x, 1) for x in m["rps"]],
            "requests": len(m["latencies"]),
            "errors": m["errors"],
            "p50": 1000 * percentile(m["latencies"], 50),
            "p95": 1000 * percentile(m["latencies"], 95),
            "queries": probed["pages"][key].get("queries"),
            "status": probed["pages"][key]["status"],
        }
    table = measured["table"]["rps"]
    for key, _label, _path, kind, admin in PAGES:
        row, own = rows[key], measured[key]["rps"]
        row["x_table"] = statistics.median(a / b for a, b in zip(own, table, strict=True) if b)
        row["x_admin"] = None
        if admin:
            row["x_admin"] = statistics.median(a / b for a, b in zip(own, measured[admin]["rps"], strict=True) if b)
        checks = []
        if kind in ("list", "api"):
            checks += [row["x_table"] >= TARGET_TABLE, row["x_admin"] >= TARGET_ADMIN]
        if kind in QUERY_LIMIT:
            checks.append(row["queries"] is not None and row["queries"] <= QUERY_LIMIT[kind])
        checks.append(row["status"] == 200 and not row["errors"])
        row["verdict"] = mark(all(checks)) if kind in QUERY_LIMIT else ("ok" if all(checks) else "ERROR")
    return list(rows.values())


def cpu_busy(interval: float) -> float:
    """The share of the machine's CPU time spent busy (by anyone) over ``interval`` seconds (/proc/stat)."""

    def sample():
        with open("/proc/stat") as f:
            values = [int(x) for x in f.readline().split()[1:]]
        return values[3] + values[4], sum(values)  # idle + iowait, total

    idle0, total0 = sample()
    time.sleep(interval)
    idle1, total1 = sample()
    return 1 - (idle1 - idle0) / max(total1 - total0, 1)


def wait_quiet(max_busy: float, max_wait: float) -> bool:
    """Wait (at most ``max_wait`` s) until the machine is quiet — other people's work here makes the figures noisy;
    whether it was."""
    deadline = time.monotonic() + max_wait
    while cpu_busy(0.5) > max_busy:
        if time.monotonic() > deadline:
            return False
    return True


def measure(port: int, hot: int, cookie: str, args) -> dict:
    """``args.rounds`` rounds over every page, in a new random order each round, each page warmed up then hammered
    for ``args.seconds``."""
    import random

    measured = {key: {"rps": [], "errors": 0, "latencies": []} for key, *_rest in PAGES}
    order, quiet_rounds = list(PAGES), []
    measured["_quiet"] = quiet_rounds
    for round_no in range(args.rounds):
        random.Random(round_no).shuffle(order)  # noqa: S311 - an order, not a secret
        started = time.perf_counter()
        quiet = 0
        for key, _label, path, _kind, _admin in order:
            url = path.format(hot=hot)
            quiet += wait_quiet(args.max_busy, args.max_wait) if args.max_busy < 1 else 1
            hammer(port, url, cookie, args.warmup, args.concurrency)
            m = hammer(port, url, cookie, args.seconds, args.concurrency)
            measured[key]["rps"].append(m["n"] / m["elapsed"] if m["elapsed"] else 0.0)
            measured[key]["errors"] += m["errors"]
            measured[key]["latencies"] += m["latencies"]
        table = measured["table"]["rps"][-1]
        quiet_rounds.append(quiet)
        print(
            f"  round {round_no + 1}/{args.rounds}: {time.perf_counter() - started:.0f} s, {quiet}/{len(order)} "
            f"pages started on a quiet machine; bare table page {table:.1f} req/s, bare ok "
            f"{measured['ok']['rps'][-1]:.0f} req/s",
            flush=True,
        )
    return measured


def print_throughput(rows: list[dict], args) -> None:
    print()
    print(
        f"Throughput: {args.concurrency} client threads, {args.rounds} × {args.seconds:g} s per page "
        f"(after {args.warmup:g} s of warm-up), gunicorn {args.workers} {args.worker_class} workers"
    )
    head = f"{'page':<32}{'path':<58}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'queries':>8}{'×table':>8}{'×admin':>8}"
    print(head + "  target")
    print("-" * (len(head) + 8))
    for r in rows:
        x_table = f"{r['x_table']:.2f}" if r["x_table"] is not None else "-"
        x_admin = f"{r['x_admin']:.2f}" if r["x_admin"] is not None else "-"
        queries = r["queries"] if r["queries"] is not None else "?"
        print(
            f"{r['label']:<32}{r['path']:<58}{r['rps']:>8.1f}{r['p50']:>8.1f}{r['p95']:>8.1f}{queries:>8}"
            f"{x_table:>8}{x_admin:>8}  {r['verdict']}"
        )
    print(
        f"targets: list pages and API lists ≥ {TARGET_TABLE}× the bare table page and ≥ {TARGET_ADMIN}× the admin "
        f"changelist (req/s), ≤ {QUERY_LIMIT['list']} queries; details ≤ {QUERY_LIMIT['detail']} queries"
    )


def compare(servers: dict, probes: dict, args) -> list[dict]:
    rows = []
    large, small = servers["10k"], servers["1k"]
    for key, label, path, kind, _admin in PAGES:
        urls = {size: path.format(hot=probes[size]["hot"]) for size in ("10k", "1k")}
        cookies = {size: f"{probes[size]['cookie']}={probes[size]['session']}" for size in ("10k", "1k")}
        times = {"10k": [], "1k": []}
        if args.max_busy < 1:
            wait_quiet(args.max_busy, args.max_wait)
        for i in range(args.sequential + 3):
            for size, server in (("10k", large), ("1k", small)) if i % 2 else (("1k", small), ("10k", large)):
                t0 = time.perf_counter()
                fetch(server.port, urls[size], cookies[size])
                if i >= 3:  # three warm-up requests
                    times[size].append(1000 * (time.perf_counter() - t0))
        ms = {size: statistics.median(t) for size, t in times.items()}
        q = {size: probes[size]["pages"][key].get("queries") for size in ("10k", "1k")}
        ratio = ms["10k"] / ms["1k"]
        verdict = mark(ratio <= TARGET_SCALE and q["10k"] == q["1k"]) if kind in QUERY_LIMIT else "-"
        rows.append(
            {
                "key": key,
                "label": label,
                "kind": kind,
                "ms_1k": ms["1k"],
                "ms_10k": ms["10k"],
                "ratio": ratio,
                "queries_1k": q["1k"],
                "queries_10k": q["10k"],
                "verdict": verdict,
            }
        )
    return rows


def print_compare(rows: list[dict], sequential: int) -> None:
    print()
    print(f"Scale: single-request time, median of {sequential} sequential requests, 1k vs 10k projects")
    head = f"{'page':<32}{'1k ms':>9}{'10k ms':>9}{'10k/1k':>8}{'queries 1k':>12}{'10k':>5}"
    print(head + "  target")
    print("-" * (len(head) + 8))
    for r in rows:
        print(
            f"{r['label']:<32}{r['ms_1k']:>9.1f}{r['ms_10k']:>9.1f}{r['ratio']:>8.2f}{r['queries_1k']!s:>12}"
            f"{r['queries_10k']!s:>5}  {r['verdict']}"
        )
    print(f"target: app pages at 10k ≤ {TARGET_SCALE}× their time at 1k, with the same number of queries")


def print_queries(probed: dict, keys: list[str], explain: bool) -> None:
    print()
    print("Slowest SQL of each page (one request, in-process, 10k database)")
    for key in keys:
        page = probed["pages"][key]
        if page.get("error"):
            print(f"- {key}: ERROR {page['error']}")
            continue
        print(
            f"- {key}: {page['queries']} queries, {page['sql_ms']} ms of SQL in {page['ms']} ms, "
            f"{page['bytes']:,} bytes"
        )
        for q in page["slowest"]:
            print(f"    {q['ms']:>8.1f} ms  {q['sql'][:300]}")
        if explain and page.get("explain"):
            print("    EXPLAIN ANALYZE of the slowest:")
            print("\n".join("      " + line for line in page["explain"].splitlines()))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "probe":
        parser = argparse.ArgumentParser()
        parser.add_argument("probe")
        parser.add_argument("--user", required=True)
        parser.add_argument("--explain", action="store_true")
        args = parser.parse_args()
        probe(args.user, args.explain)
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=DEFAULT_DB, help=f"the 10k database (default {DEFAULT_DB})")
    parser.add_argument("--compare-db", default="", help="the 1k database, e.g. …/managedops_scale_1k")
    parser.add_argument("--user", default="bench-admin", help="who signs in (the admin needs a staff user)")
    parser.add_argument("--seconds", type=float, default=2.0, help="measured seconds per page and round")
    parser.add_argument("--warmup", type=float, default=0.5, help="seconds of warm-up per page and round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=4, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=2, help="threads per gthread worker")
    parser.add_argument("--sequential", type=int, default=20, help="requests per page for --compare-db")
    parser.add_argument(
        "--max-busy",
        type=float,
        default=0.25,
        help="before each page, wait until the CPUs are at most this busy (1: do not wait)",
    )
    parser.add_argument("--max-wait", type=float, default=20, help="… but at most this many seconds")
    parser.add_argument("--only", default="", help="comma-separated page keys (default: all)")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the slowest query of each page")
    parser.add_argument("--json", default="", help="also write the figures to this file")
    parser.add_argument("--skip-collectstatic", action="store_true", help="reuse the static files of a former run")
    args = parser.parse_args()
    for url in filter(None, (args.database_url, args.compare_db)):
        if not url.startswith("postgres") or not db_name(url).startswith(PREFIX):
            sys.exit(f"refusing {url!r}: a database of bench/scale_data.py (name starting with {PREFIX!r}) only")
    global PAGES
    if args.only:
        keep = set(args.only.split(",")) | {"table"}
        keep |= {admin for key, _l, _p, _k, admin in PAGES if key in keep and admin}
        PAGES = [p for p in PAGES if p[0] in keep]
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    if not args.skip_collectstatic:
        print(f"collectstatic into {VAR_DIR / 'staticfiles'} …", flush=True)
        collectstatic(args.database_url, secret)
    print("counting the queries of each page in-process …", flush=True)
    probes = {"10k": run_probe(args.database_url, secret, args.user, args.explain)}
    if args.compare_db:
        probes["1k"] = run_probe(args.compare_db, secret, args.user, False)
    for size, probed in probes.items():
        for key, page in probed["pages"].items():
            if page["status"] != 200:
                print(f"WARNING {size} {key}: status {page['status']} {page.get('error', '')}")
    servers = {"10k": Server(args.database_url, secret, args.workers, args.worker_class, args.threads)}
    results: dict = {"args": vars(args), "probes": probes}
    try:
        cookie = f"{probes['10k']['cookie']}={probes['10k']['session']}"
        measured = measure(servers["10k"].port, probes["10k"]["hot"], cookie, args)
        results["quiet_rounds"] = measured.pop("_quiet")
        rows = throughput_table(measured, probes["10k"])
        results["throughput"] = rows
        if args.compare_db:
            servers["1k"] = Server(args.compare_db, secret, args.workers, args.worker_class, args.threads)
            results["compare"] = compare(servers, probes, args)
    finally:
        for server in servers.values():
            server.stop()
    print_throughput(rows, args)
    print(
        f"pages started on a quiet machine (≤ {args.max_busy:.0%} CPU busy), per round: {results['quiet_rounds']} "
        f"of {len(PAGES)}"
    )
    if args.compare_db:
        print_compare(results["compare"], args.sequential)
    print_queries(probes["10k"], [key for key, *_rest in PAGES if key not in ("ok",)], args.explain)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
