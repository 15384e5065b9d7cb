"""PDF reports (issue 9): every report rendered in both languages with its text layer checked (the Chinese present
as text, the CJK font embedded), a page image for a visual check; one changed byte fails the verification; what an
auditor limited to one engagement and a client may export; the page and its progress."""

import datetime
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from reports.models import ReportExport
from reports.registry import REPORTS
from reports.services import export_request

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reports"
TODAY = datetime.date.today()

# A string each report prints in each language (its title), to find in the PDF's text layer.
TITLES = {
    "risk-register": ("Risk register", "风险登记册"),
    "contract-register": ("Contract register", "合同台账"),
    "audit-extract": ("Audit-trail extract", "审计日志摘录"),
    "policy-map": ("Policy clause map", "制度条款对照表"),
    "project-dossier": ("Project dossier", "项目档案"),
    "appraisal-summary": ("Staff appraisal summary", "员工绩效考核汇总"),
    "budget-execution": ("Budget execution report", "预算执行报告"),
    "supervision-archive": ("Supervision archive", "监督档案"),
    "acceptance-report": ("Acceptance report", "验收报告"),
    "kpi-report": ("KPI report", "KPI 报告"),
}


@pytest.fixture
def world(users, project):
    """A project with a signed contract and a risk; an approved budget; an open appraisal cycle."""
    from core.models import Department
    from risk.register import risk_record
    from staff import services as ss
    from tests.finance.test_finance_pages import approved_budget
    from tests.helpers import sign_contract

    sign_contract(project, users, amount="800000.00")
    risk_record(actor=users["head"], project=project, category="market", level="high", description="竞品开业分流客流")
    budget = approved_budget(users, project)
    ss.employee_create(actor=users["hr"], user=users["employee"], number="E1", department=Department.objects.first(),
                       position="专员", hire_date=datetime.date(2024, 1, 1))  # fmt: skip
    cycle = ss.cycle_create(actor=users["hr"], name="2026 下半年", period_start=TODAY, period_end=TODAY, method="m")
    ss.indicator_add(actor=users["hr"], cycle_pk=cycle.pk, dimension="results", name="业绩", weight="100")
    return {"project": project.pk, "budget": budget.pk, "cycle": cycle.pk}


def run(user, key, language, filters, capture):
    with capture(execute=True):
        export = export_request(actor=user, report_key=key, language=language, filters=filters)
    export.refresh_from_db()
    return export


def text_of(export) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(export.file.open("rb").read()))
    return "\n".join(page.extract_text() for page in reader.pages), reader


def embedded_fonts(reader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", []) or [font]:
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor and any(k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    names.add(str(font.get("/BaseFont")))
    return names


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("key", sorted(TITLES))
def test_every_report_renders_in_both_languages(users, world, django_capture_on_commit_callbacks, key, language):
    report = REPORTS[key]
    filters = {name: world[name] for name in report.filters if name in world}
    export = run(users["admin"], key, language, filters, django_capture_on_commit_callbacks)
    assert export.status == "done", export.error
    assert export.pages >= 1 and len(export.sha256) == 64 and export.progress == 100
    text, reader = text_of(export)
    title = TITLES[key][1 if language == "zh-hans" else 0]
    assert title in text, text[:400]
    assert str(export.reference) in text  # who, when, the reference: on every export
    assert ("第 1 页" in text) if language == "zh-hans" else ("Page 1 of" in text)
    fonts = embedded_fonts(reader)
    assert fonts, "no embedded font"
    if language == "zh-hans":
        assert any("Hei" in f or "CJK" in f for f in fonts), fonts  # the CJK font, embedded
    if key == "project-dossier" and language == "zh-hans":
        assert "竞品开业分流客流" in text  # a Chinese record as text, not boxes
        _page_image(export, key)


def _page_image(export, key) -> None:
    """The first page as a PNG in the test artefacts, for a visual check (poppler's pdftoppm)."""
    import shutil
    import subprocess

    if shutil.which("pdftoppm") is None:
        return
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / f"{key}-zh-hans.pdf"
    pdf.write_bytes(export.file.open("rb").read())
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(ARTIFACTS / f"{key}-zh-hans")],
                   check=True, timeout=60)  # fmt: skip
    assert list(ARTIFACTS.glob(f"{key}-zh-hans*.png"))


@pytest.mark.django_db
def test_one_changed_byte_fails_the_verification(client, users, world, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    export = run(users["head"], "risk-register", "en", {}, django_capture_on_commit_callbacks)
    data = export.file.open("rb").read()
    client.cookies["django_language"] = "en"
    client.force_login(users["auditor"])  # anyone signed in may verify a copy handed to them
    ok = client.post("/reports/verify/", {"file": SimpleUploadedFile("r.pdf", data, "application/pdf")})
    assert ok.context["match"] == export and b"verify-ok" in ok.content
    tampered = bytearray(data)
    tampered[len(tampered) // 2] ^= 0x01
    bad = client.post("/reports/verify/", {"file": SimpleUploadedFile("r.pdf", bytes(tampered), "application/pdf")})
    assert bad.context["match"] is None and b"verify-failed" in bad.content


@pytest.mark.django_db
def test_an_auditor_and_a_client_export_only_what_they_may_see(users, project, other_project, world,
                                                              django_capture_on_commit_callbacks):  # fmt: skip
    from django.core.exceptions import PermissionDenied

    from finance.models import AuditEngagement
    from tests.finance.test_finance_pages import approved_budget
    from tests.helpers import sign_contract

    sign_contract(other_project, users, amount="500000.00")
    outside = approved_budget(users, other_project)
    engagement = AuditEngagement.objects.create(title="Audit", kind="internal", period_start=TODAY, period_end=TODAY,
                                                expires_on=TODAY, created_by=users["finance"])  # fmt: skip
    engagement.auditors.add(users["auditor"])
    engagement.projects.add(project)
    capture = django_capture_on_commit_callbacks
    inside = run(users["auditor"], "budget-execution", "en", {"budget": world["budget"]}, capture)
    assert inside.status == "done", inside.error
    refused = run(users["auditor"], "budget-execution", "en", {"budget": outside.pk}, capture)
    assert refused.status == "failed" and "scope" in refused.error  # outside its engagement
    mine = run(users["client"], "contract-register", "en", {}, capture)
    text, _reader = text_of(mine)
    assert project.contracts.get().number in text and other_project.contracts.get().number not in text
    accepted = run(users["client"], "acceptance-report", "en", {"project": project.pk}, capture)
    assert accepted.status == "done", accepted.error
    foreign = run(users["client2"], "acceptance-report", "en", {"project": project.pk}, capture)
    assert foreign.status == "failed" and "scope" in foreign.error  # another client's project
    with pytest.raises(PermissionDenied):  # clients never export risks
        export_request(actor=users["client"], report_key="risk-register", language="en")
    with pytest.raises(PermissionDenied):
        export_request(actor=users["client2"], report_key="project-dossier", language="en",
                       filters={"project": project.pk})  # fmt: skip


@pytest.mark.django_db
def test_the_reports_page_requests_and_serves_a_pdf(client, users, world, django_capture_on_commit_callbacks):
    from core.models import AuditEvent

    client.cookies["django_language"] = "en"
    client.force_login(users["head"])
    page = client.get("/reports/")
    assert {r["report"].key for r in page.context["reports"]} >= {"risk-register", "project-dossier",
                                                                   "budget-execution"}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post("/reports/project-dossier/", {"language": "zh-hans", "project": world["project"]},
                           follow=True)  # fmt: skip
    assert "being rendered" in " ".join(str(m) for m in done.context["messages"])
    export = ReportExport.objects.get()
    status = client.get(f"/reports/exports/{export.pk}/status/").json()
    assert status["status"] == "done" and status["progress"] == 100 and status["download"]
    pdf = client.get(status["download"])
    assert pdf["Content-Type"] == "application/pdf" and b"".join(pdf.streaming_content)[:4] == b"%PDF"
    assert AuditEvent.objects.filter(action="export", object_id=str(export.pk)).count() == 2  # asked, downloaded
    assert client.post("/reports/project-dossier/", {"language": "xx", "project": "abc"}).status_code == 302
    client.force_login(users["market"])  # another user's export is not theirs to see
    assert client.get(f"/reports/exports/{export.pk}/status/").status_code == 404
    assert client.get(f"/reports/exports/{export.pk}/download/").status_code == 404
    assert client.post("/reports/audit-extract/", {"language": "en"}).status_code == 404


def test_the_url_fetcher_reaches_only_static_files(settings):
    from reports.pdf import _fetcher, allowed, render_pdf

    fetcher = _fetcher()
    for url in ("https://example.com/x.css", "file:///etc/passwd", "http://127.0.0.1:8000/admin/",
                "file:///work/../etc/passwd"):  # fmt: skip
        assert not allowed(url)
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    css = next((Path(settings.STATICFILES_DIRS[0]) / "css").glob("*.css"))
    assert allowed(css.as_uri()) and allowed("data:text/plain,x")
    assert fetcher.fetch(css.as_uri())
    # a report pointing at the network renders without it (WeasyPrint logs the refusal and carries on)
    pdf, pages = render_pdf('<link rel="stylesheet" href="https://example.com/x.css"><p>ok</p>')
    assert pdf[:4] == b"%PDF" and pages == 1


def _section(name, rows, truncated=False):
    return {"title": name, "clause": "1.1", "headers": ["Item", "Note"], "rows": [[f"{name} 行{i}", "x"]
            for i in range(rows)], "truncated": truncated, "empty": "Nothing recorded."}  # fmt: skip


@pytest.mark.parametrize(("sizes", "part_rows", "expected"), [
    ([3, 2], 10, [[("A", 0, 3, False), ("B", 0, 2, False)]]),
    ([5], 2, [[("A", 0, 2, False)], [("A", 2, 4, True)], [("A", 4, 5, True)]]),
    ([3, 0, 4], 4, [[("A", 0, 3, False), ("B", 0, 0, False)], [("C", 0, 4, False)]]),
    ([1, 6], 4, [[("A", 0, 1, False), ("B", 0, 3, False)], [("B", 3, 6, True)]]),
    ([], 4, [[]]),
])  # fmt: skip
def test_sections_are_cut_into_parts_keeping_every_row_in_order(sizes, part_rows, expected):
    from reports.pdf import split_sections

    sections = [_section(chr(65 + n), size, truncated=True) for n, size in enumerate(sizes)]
    parts = split_sections(sections, part_rows)
    by_name = {s["title"]: s["rows"] for s in sections}
    got = [[(s["title"], by_name[s["title"]].index(s["rows"][0]) if s["rows"] else 0,
             (by_name[s["title"]].index(s["rows"][0]) if s["rows"] else 0) + len(s["rows"]), s["continued"])
            for s in part] for part in parts]  # fmt: skip
    assert got == expected
    # a section's "rows left out" note goes with its last rows only
    for name, rows in by_name.items():
        pieces = [s for part in parts for s in part if s["title"] == name]
        assert [s["truncated"] for s in pieces] == [False] * (len(pieces) - 1) + [True]
        assert [row for s in pieces for row in s["rows"]] == rows


def _context(sections):
    return {"sections": sections, "facts": [("Project", "P-1 华府广场")], "rows": 0, "truncated": False,
            "title": "Project dossier", "clause": "3.1.1", "user": "head", "export": {"reference": "ref-parts"},
            "exported_at": "now", "filters_text": "none", "page_before": "Page ", "page_middle": " of ",
            "page_after": "", "organisation": "ManagedOps", "verify_url": "/reports/verify/", "max_rows": 90,
            "language": "en"}  # fmt: skip


def test_a_report_laid_out_in_parts_reads_as_one_numbered_document():
    from django.utils import translation

    from reports.pdf import render_report

    context = _context([_section("甲", 120, truncated=True), _section("乙", 0), _section("丙", 70)])
    with translation.override("en"):
        whole, whole_pages = render_report("reports/pdf/report.html", context, part_rows=10_000, max_pages=100)
        calls = []
        pdf, pages = render_report("reports/pdf/report.html", context, part_rows=50, max_pages=100,
                                   progress=lambda done, parts: calls.append((done, parts)))  # fmt: skip
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]  # 甲 50, 50, then 20 + 乙 + 丙 29, then 丙 41
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == pages >= whole_pages > 1
    texts = [page.extract_text() for page in reader.pages]
    for number, text in enumerate(texts, 1):  # the margins, laid out once over all the pages
        assert text.count(f"Page {number} of {pages}") == 1 and f"ref-parts Page {number} of {pages}" in text
        assert text.count("ManagedOps Project dossier") == 1
    text = "\n".join(texts)
    positions = [text.index(f"{name} 行{i}\n") if f"{name} 行{i}\n" in text else text.index(f"{name} 行{i} ")
                 for name, rows in (("甲", 120), ("丙", 70)) for i in range(rows)]  # fmt: skip
    assert positions == sorted(positions)  # every row, in order
    assert text.count("Exported by") == 1 and text.count("P-1 华府广场") == 1  # the heading part once
    assert text.count("(continued)") == 3  # 甲 in parts 2 and 3, 丙 in part 4
    assert text.count("Only the first 90 rows") == 1 and text.count("Nothing recorded.") == 1
    # one font subset for the whole, as when laid out at once
    assert embedded_fonts(reader) == embedded_fonts(PdfReader(io.BytesIO(whole)))


def test_laying_out_stops_at_the_page_cap():
    from reports.pdf import TooManyPages, render_report

    context = _context([_section("甲", 400)])
    _pdf, pages = render_report("reports/pdf/report.html", context, part_rows=60, max_pages=1000)
    with pytest.raises(TooManyPages) as caught:
        render_report("reports/pdf/report.html", context, part_rows=60, max_pages=2)
    assert 2 < caught.value.pages < pages  # stopped at the part that went over; the rest is not laid out


@pytest.mark.django_db
def test_an_export_over_the_page_cap_fails_with_a_message(users, world, django_capture_on_commit_callbacks,
                                                          settings):  # fmt: skip
    settings.REPORT_MAX_PAGES = 1
    settings.REPORT_PART_ROWS = 1
    from django.utils import translation

    with translation.override("en"):
        export = run(users["head"], "project-dossier", "en", {"project": world["project"]},
                     django_capture_on_commit_callbacks)  # fmt: skip
    assert export.status == "failed" and not export.file and not export.sha256
    assert "more than 1 pages" in export.error and "narrow the filters" in export.error
