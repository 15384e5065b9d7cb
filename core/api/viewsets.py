"""The base for every API viewset: scoped querysets and model permissions, applied once here."""

from django.core.validators import ProhibitNullCharactersValidator
from rest_framework import viewsets
from rest_framework.exceptions import MethodNotAllowed, ValidationError

from core.api.permissions import ModelPermissions


class ScopedViewSetMixin:
    """Start every queryset from ``Model.objects.visible_to(request.user)``; outside the scope is a 404."""

    permission_classes = [ModelPermissions]
    select_related: tuple[str, ...] = ()

    def initial(self, request, *args, **kwargs):
        # A method the endpoint does not offer is a 405 for everyone, before any permission check.
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)
        # A NUL character in a query parameter (a search, a filter) is a 400 naming the parameter, never a database
        # error: PostgreSQL refuses NUL in text.
        refused = [key for key, values in request.query_params.lists() if "\x00" in "".join([key, *values])]
        if refused:
            raise ValidationError({key: [ProhibitNullCharactersValidator.message] for key in refused})

    def get_queryset(self):
        qs = self.queryset.model.objects.visible_to(self.request.user)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        return qs


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


def attachments_response(request, obj, upload):
    """The body of a record's ``attachments`` action: on POST validate the multipart upload and hand it to
    ``upload(files=…, description=…)`` (the service that checks who may attach what); then list the record's
    attachments (201 after an upload)."""
    from rest_framework.response import Response

    from core.api.serializers import AttachmentSerializer, UploadSerializer
    from core.models import Attachment

    if request.method == "POST":
        payload = UploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        upload(**payload.validated_data)
    files = Attachment.objects.for_object(obj).select_related("uploaded_by")
    return Response(AttachmentSerializer(files, many=True).data, status=201 if request.method == "POST" else 200)
