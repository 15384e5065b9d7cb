"""Per-request context for the audit trail: a request id (echoed in the X-Request-ID header) and the client IP."""

from __future__ import annotations

import ipaddress
import re
import uuid

from django.conf import settings

from core.audit import request_context

_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def client_ip(request) -> str | None:
    """The client's address; X-Forwarded-For is believed only behind a trusted proxy (USE_X_FORWARDED_FOR)."""
    candidate = request.META.get("REMOTE_ADDR", "")
    if getattr(settings, "USE_X_FORWARDED_FOR", False) and request.META.get("HTTP_X_FORWARDED_FOR"):
        candidate = request.META["HTTP_X_FORWARDED_FOR"].split(",")[0].strip()
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID_RE.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        with request_context(request, request_id=request_id, ip_address=client_ip(request)):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response
