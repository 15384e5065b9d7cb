"""API errors: workflow refusals keep their clause; model validation errors become 400s, never 500s. An error is
always JSON (the ``Error``/``ValidationError`` shapes of ``core.api.schema``), even for ``?format=csv``/``xlsx``."""

import logging

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.api.renderers import CSVRenderer, XLSXRenderer
from core.workflow import TransitionRefused

logger = logging.getLogger(__name__)


def exception_handler(exc, context):
    _errors_as_json(context.get("request"))
    if isinstance(exc, TransitionRefused):
        return Response(
            {"detail": exc.message, "code": exc.code, "clause": exc.clause, "failures": exc.failures},
            status=exc.status_code,
        )
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    response = drf_exception_handler(exc, context)
    if response is None and isinstance(exc, ValueError | TypeError):
        # A safety net, not a validation: input the serializers should have refused reached the code. Logged, so
        # that it is found and fixed (the API fuzzing test fails on it).
        logger.warning("%s reached the API's exception handler: %s", type(exc).__name__, exc, exc_info=exc)
        return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
    return response


def _errors_as_json(request) -> None:
    """A spreadsheet of an error message helps nobody: an error asked for as CSV or XLSX is answered in JSON."""
    if isinstance(getattr(request, "accepted_renderer", None), CSVRenderer | XLSXRenderer):
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type
