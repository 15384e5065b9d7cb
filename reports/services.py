"""Report commands (issue 9): ask for a report (rendered by a worker), render it, and verify an uploaded copy."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import AuditAction, acting_as, audit_record
from core.notifications import notify
from reports.models import ExportStatus, ReportExport
from reports.registry import REPORTS

LANGUAGES = {code for code, _name in settings.LANGUAGES}


def _clean_filters(report, filters: dict) -> tuple[dict, str]:
    """Only the filters the report offers, validated; and how they read on the PDF."""
    clean, shown = {}, []
    for name in report.filters:
        if name in ("project", "cycle", "budget"):
            value = filters.get(name)
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise ValidationError({name: _("Choose one.")}) from None
            if not 1 <= value <= 2**31 - 1:
                raise ValidationError({name: _("Choose one.")})
            clean[name] = value
        elif name == "dates":
            for key in ("date_from", "date_to"):
                value = filters.get(key)
                if value in (None, ""):
                    continue
                try:
                    clean[key] = (value if isinstance(value, datetime.date) else
                                  datetime.date.fromisoformat(str(value))).isoformat()  # fmt: skip
                except ValueError:
                    raise ValidationError({key: _("Enter a valid date.")}) from None
    for key, value in clean.items():
        shown.append(f"{key} = {value}")
    return clean, "; ".join(shown) or _("none")


def export_request(*, actor, report_key: str, language: str, filters: dict | None = None) -> ReportExport:
    """Ask for a report in ``language``; a worker renders it (the progress shows on the reports page) and the
    requester is notified when it is ready. Every request is an audit event."""
    report = REPORTS.get(report_key)
    if report is None:
        raise Http404(_("No such report."))
    if not report.allowed(actor):
        raise PermissionDenied(_("You may not export this report."))
    if language not in LANGUAGES:
        raise ValidationError({"language": _("Choose zh-hans or en.")})
    clean, shown = _clean_filters(report, filters or {})
    with transaction.atomic():
        export = ReportExport.objects.create(report=report.key, language=language, filters=clean, filters_text=shown,
                                             requested_by=actor)  # fmt: skip
        audit_record(action=AuditAction.EXPORT, obj=export, actor=actor,
                     changes={"report": [None, report.key], "format": [None, "pdf"], "filters": [None, clean],
                              "language": [None, language]},
                     comment=f"{report.key}: PDF requested")  # fmt: skip
        transaction.on_commit(lambda: _enqueue(export.pk))
    return export


def _enqueue(pk: int) -> None:
    from reports.tasks import render_report

    render_report.delay(pk)


def _page_label() -> tuple[str, str, str]:
    """ "Page {page} of {pages}" in the active language, cut around the two counters for CSS."""
    text = _("Page {page} of {pages}")
    before, rest = text.split("{page}", 1)
    middle, after = rest.split("{pages}", 1)
    return before, middle, after


def export_run(pk: int) -> ReportExport:
    """Render export ``pk`` as its requester, in its language: build the contents from the requester's scope,
    render the PDF (row and page caps), store it with its SHA-256 digest, notify the requester."""
    from reports.pdf import TooManyPages, digest, render_report

    export = ReportExport.objects.select_related("requested_by").get(pk=pk)
    if export.status == ExportStatus.DONE:  # delivered twice: nothing to do
        return export
    user, report = export.requested_by, export.definition
    _progress(export, ExportStatus.RUNNING, 10)
    try:
        with translation.override(export.language), acting_as(user, request_id=f"report-{export.pk}"):
            if report is None or not report.allowed(user) or not user.is_active:
                raise PermissionDenied(_("You may not export this report."))
            built = report.build(user, export.filters, settings.REPORT_MAX_ROWS)
            _progress(export, ExportStatus.RUNNING, 40)
            before, middle, after = _page_label()
            context = {
                **built, "title": str(report.title), "clause": report.clause, "export": export, "user": user,
                "exported_at": timezone.now(), "filters_text": export.filters_text, "page_before": before,
                "page_middle": middle, "page_after": after, "organisation": settings.ORGANISATION_NAME,
                "verify_url": f"{settings.SITE_URL}/reports/verify/", "max_rows": settings.REPORT_MAX_ROWS,
                "language": export.language}  # fmt: skip
            _progress(export, ExportStatus.RUNNING, 60)
            try:
                pdf, pages = render_report(
                    report.template,
                    context,
                    part_rows=settings.REPORT_PART_ROWS,
                    max_pages=settings.REPORT_MAX_PAGES,
                    progress=lambda done, parts: _progress(export, ExportStatus.RUNNING, 60 + 35 * done // parts),
                )
            except TooManyPages as exc:
                message = _("The report has more than %(cap)s pages (%(pages)s so far); narrow the filters.")
                raise ValidationError(message % {"pages": exc.pages, "cap": settings.REPORT_MAX_PAGES}) from None
            export.file.save(f"{export.reference}.pdf", ContentFile(pdf), save=False)
            export.sha256, export.pages, export.rows, export.truncated = digest(pdf), pages, built["rows"], \
                built["truncated"]  # fmt: skip
            export.status, export.progress, export.finished_at = ExportStatus.DONE, 100, timezone.now()
            export.save()
            notify(recipients=[user], title=gettext_lazy("Report ready: %(report)s"),
                   body=gettext_lazy("%(pages)s pages. Download it from the reports page."),
                   params={"report": str(report.title), "pages": pages}, url="/reports/",
                   dedupe_key=f"report-ready:{export.pk}")  # fmt: skip
    except Exception as exc:  # recorded on the export, shown to its requester
        from celery.exceptions import SoftTimeLimitExceeded

        message = (_("The report took too long; narrow the filters.") if isinstance(exc, SoftTimeLimitExceeded)
                   else "; ".join(getattr(exc, "messages", [str(exc)])))  # fmt: skip
        ReportExport.objects.filter(pk=export.pk).update(status=ExportStatus.FAILED, error=message[:2000],
                                                         finished_at=timezone.now())  # fmt: skip
        if not isinstance(exc, (PermissionDenied, Http404, ValidationError, SoftTimeLimitExceeded)):
            raise
        export.refresh_from_db()
    return export


def _progress(export, status, progress) -> None:
    ReportExport.objects.filter(pk=export.pk).update(status=status, progress=progress)
    export.status, export.progress = status, progress


def verify(upload) -> ReportExport | None:
    """The export whose stored digest matches the uploaded file, or None: the file is not an unaltered export."""
    from reports.pdf import digest

    if upload.size > settings.REPORT_VERIFY_MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than any report.")})
    data = b"".join(upload.chunks())
    return ReportExport.objects.filter(sha256=digest(data), status=ExportStatus.DONE).select_related(
        "requested_by").first()  # fmt: skip
