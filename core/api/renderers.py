"""CSV and XLSX for every API list (issue 9): ``?format=csv`` or ``?format=xlsx`` renders the page of results the
JSON would give — the same filters, the same scope — one column per field (nested values as JSON); each download
is an audit event."""

from __future__ import annotations

import csv
import io
import json

from rest_framework.renderers import BaseRenderer

from core.exports import _xlsx, safe_text


def _rows(data) -> tuple[list[str], list[list]]:
    items = data.get("results") if isinstance(data, dict) and "results" in data else data
    if isinstance(items, dict):
        items = [items]
    items = [i for i in (items or []) if isinstance(i, dict)]
    headers: list[str] = []
    for item in items:
        headers += [k for k in item if k not in headers]

    def cell(value):
        if isinstance(value, dict | list):
            return json.dumps(value, ensure_ascii=False, default=str)
        return "" if value is None else safe_text(value if isinstance(value, int | float) else str(value))

    return headers, [[cell(item.get(h)) for h in headers] for item in items]


class _SpreadsheetRenderer(BaseRenderer):
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        context = renderer_context or {}
        headers, rows = _rows(data)
        response, request, view = context.get("response"), context.get("request"), context.get("view")
        if response is not None and response.status_code == 200 and request is not None:
            from core.audit import AuditAction, audit_record

            name = getattr(getattr(view, "queryset", None), "model", None)
            name = str(name._meta.verbose_name_plural) if name is not None else request.path
            audit_record(action=AuditAction.EXPORT, actor=request.user,
                         changes={"export": [None, name], "format": [None, self.format], "rows": [None, len(rows)],
                                  "filters": [None, {k: v[:200] for k, v in request.query_params.items()
                                                     if k != "format"}]},
                         comment=f"API {request.path}: {len(rows)} rows as {self.format.upper()}")  # fmt: skip
        return self.encode(headers, rows, name=str(getattr(view, "basename", "") or "export"))


class CSVRenderer(_SpreadsheetRenderer):
    media_type = "text/csv"
    format = "csv"

    def encode(self, headers, rows, *, name) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerows(rows)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")


class XLSXRenderer(_SpreadsheetRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"

    def encode(self, headers, rows, *, name) -> bytes:
        return _xlsx(headers, rows, title=name[:31] or "export")
