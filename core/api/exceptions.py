"""API errors: workflow refusals keep their clause; model validation errors become 400s, never 500s."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.workflow import TransitionRefused


def exception_handler(exc, context):
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
        return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
    return response
