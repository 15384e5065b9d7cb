"""CSV and XLSX exports of a list page: the same queryset the page shows (its filters, the user's scope), each
export an audit event (who, what, which filters, how many rows)."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from core.audit import AuditAction, audit_record

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _cell(value):
    """A value as a spreadsheet cell: numbers and dates stay typed; the rest becomes text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float | Decimal | datetime.date):
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        return value
    return str(value)


def safe_text(value):
    """Keep a text cell from being read as a formula by a spreadsheet (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def export_response(*, user, queryset, columns: list[tuple[str, Callable]], name: str, fmt: str,
                    filters: dict | None = None) -> HttpResponse:  # fmt: skip
    """The rows of ``queryset`` (at most ``EXPORT_MAX_ROWS``) as a CSV or XLSX download. ``columns`` are
    (header, function of a row) pairs."""
    name = str(name)
    limit = settings.EXPORT_MAX_ROWS
    rows = [[safe_text(_cell(get(obj))) for _header, get in columns] for obj in queryset[:limit]]
    headers = [str(header) for header, _get in columns]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"{slugify(name) or 'export'}-{stamp}.{fmt}"
    if fmt == "xlsx":
        body = _xlsx(headers, rows, title=name)
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerows(rows)
        body = ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM lets spreadsheet programs read UTF-8
    audit_record(action=AuditAction.EXPORT, actor=user, changes={"export": [None, name], "format": [None, fmt],
                 "rows": [None, len(rows)], "filters": [None, filters or {}]},
                 comment=f"{name}: {len(rows)} rows as {fmt.upper()}")  # fmt: skip
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx(headers: list[str], rows: Iterable[list], *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(title or "Export")[:31].replace("/", "-"))
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


class ExportMixin:
    """A list view whose rows as shown (its filters, the user's scope) download with ``?format=csv`` or ``xlsx``.
    The view gives ``export_name`` and ``export_columns()``; the filters come from its ``filter_form``, if any."""

    export_name = ""

    def export_columns(self) -> list[tuple[str, Callable]]:  # pragma: no cover - overridden
        raise NotImplementedError

    def export_filters(self) -> dict:
        form = getattr(self, "filter_form", None)
        data = form.cleaned_data if form is not None and form.is_valid() else {}
        return {key: str(value) for key, value in data.items() if value}

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format", "")
        if fmt in FORMATS:
            return export_response(user=request.user, queryset=self.get_queryset(), columns=self.export_columns(),
                                   name=self.export_name, fmt=fmt, filters=self.export_filters())  # fmt: skip
        return super().get(request, *args, **kwargs)
