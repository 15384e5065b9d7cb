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
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    def cell_value(value):
        # A worksheet cannot hold control characters (openpyxl refuses them: a 500): they are left out of the cell.
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=ILLEGAL_CHARACTERS_RE.sub("", title or "Export")[:31].replace("/", "-"))
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=cell_value(header))
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([cell_value(value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def model_columns(queryset, *, exclude: Iterable[str] = ()) -> list[tuple[str, Callable]]:
    """Default export columns: the model's plain fields, choices by their label, and the related records the
    queryset already joins (``select_related``) by name — the others by id, so that the export runs in one query."""
    from django.db import models as m
    from django.utils.text import capfirst

    joined = queryset.query.select_related if isinstance(queryset.query.select_related, dict) else {}
    skip = {"password", *exclude}
    columns = []
    for field in queryset.model._meta.concrete_fields:
        if field.name in skip or isinstance(field, m.JSONField | m.FileField | m.BinaryField):
            continue
        label = capfirst(str(field.verbose_name))
        if field.choices:
            columns.append((label, lambda o, n=field.name: getattr(o, f"get_{n}_display")()))
        elif field.is_relation and field.name in joined:
            columns.append((label, lambda o, n=field.name: getattr(o, n) or ""))
        else:
            columns.append((label, lambda o, n=field.attname: getattr(o, n)))
    return columns


class ExportMixin:
    """A list view whose rows as shown (its filters, the user's scope) download with ``?format=csv`` or ``xlsx``.
    The view may give ``export_name`` and ``export_columns()`` (by default the model's name and its plain fields);
    the filters come from its ``filter_form``, if any, or its query string."""

    export_name = ""

    def export_columns(self) -> list[tuple[str, Callable]]:
        return model_columns(self._export_queryset)

    def export_filters(self) -> dict:
        form = getattr(self, "filter_form", None)
        if form is None:
            return {k: v[:200] for k, v in self.request.GET.items() if k not in ("format", "page") and v}
        data = form.cleaned_data if form.is_valid() else {}
        return {key: str(value) for key, value in data.items() if value}

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format", "")
        if fmt in FORMATS:
            self.object_list = self._export_queryset = self.get_queryset()
            name = self.export_name or self._export_queryset.model._meta.verbose_name_plural
            return export_response(user=request.user, queryset=self._export_queryset, columns=self.export_columns(),
                                   name=name, fmt=fmt, filters=self.export_filters())  # fmt: skip
        return super().get(request, *args, **kwargs)
