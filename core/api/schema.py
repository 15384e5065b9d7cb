"""The OpenAPI schema documents the errors an operation answers with, not only its success (issue 10).

Every API view uses this ``AutoSchema`` (``REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]``). Error bodies are always JSON
(``core.api.exceptions`` renders them so even for ``?format=csv``/``xlsx``), in one of two shapes:

* ``Error``: ``{"detail": ..., "code": ..., "clause": ..., "failures": [...]}`` — a refusal (403, 404, 409, 415);
  a workflow refusal names the policy clause and the conditions that failed;
* ``ValidationError``: ``{"<field>": ["message", ...], "non_field_errors": [...]}`` (or a list of messages) — 400.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers

from core.api.viewsets import ScopedViewSetMixin

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "clause": {"type": "string"},
        "failures": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["detail"],
}
VALIDATION_ERROR_SCHEMA = {
    "oneOf": [
        {"type": "object", "additionalProperties": {}},
        {"type": "array", "items": {}},
    ],
}

BAD_REQUEST = _("Invalid input: a malformed body or query parameter; each offending field is named with the reason.")
FORBIDDEN = _("Not allowed: not signed in, or the role lacks the permission (a workflow refusal cites the clause).")
NOT_FOUND = _("Not found: no such record in the caller's scope, or an unknown page or format.")
CONFLICT = _("Refused: the record's state or the policy does not allow this now (the clause and conditions are named).")
UNSUPPORTED_MEDIA_TYPE = _("The request body's media type is not supported.")


UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


class AutoSchema(SpectacularAutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        error = self._component("Error", ERROR_SCHEMA)
        invalid = self._component("ValidationError", VALIDATION_ERROR_SCHEMA)
        parameters = operation.get("parameters", [])
        has_body = "requestBody" in operation
        has_query = any(p["in"] == "query" and p["name"] != "format" for p in parameters)
        errors = {}
        # The query string of a scoped viewset is checked (a NUL character is a 400), whatever its parameters.
        if self.method in UNSAFE or isinstance(self.view, ScopedViewSetMixin) or has_query:
            errors["400"] = (invalid, BAD_REQUEST)
        if getattr(self.view, "permission_classes", None):
            errors["403"] = (error, FORBIDDEN)
        if any(p["in"] in ("path", "query") for p in parameters) or self._is_list_view():
            errors["404"] = (error, NOT_FOUND)
        if self.method in UNSAFE:
            errors["409"] = (error, CONFLICT)
        if has_body:
            errors["415"] = (error, UNSUPPORTED_MEDIA_TYPE)
        responses = operation.setdefault("responses", {})
        for code, (component, description) in errors.items():
            responses.setdefault(code, {"content": {"application/json": {"schema": component.ref}},
                                        "description": description})  # fmt: skip
        return operation

    def _component(self, name, schema):
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name)
        self.registry.register_on_missing(component)
        return component

    def _get_paginator(self):
        """Only a viewset's ``list`` is paginated: the lists the extra actions answer with (a contract's versions,
        a record's documents...) are plain arrays."""
        if getattr(self.view, "action", None) != "list":
            return None
        return super()._get_paginator()

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        # DRF drops ``allow_blank`` from a read-only field of a model's blank CharField with choices, but such a
        # field may well answer "": the schema's enum has to say so.
        if isinstance(field, serializers.ChoiceField) and field.read_only and not field.allow_blank:
            model_field = _model_field(field)
            field.allow_blank = isinstance(model_field, models.CharField | models.TextField) and model_field.blank
        return super()._map_serializer_field(field, direction, bypass_extensions)


def _model_field(field):
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or not field.source or "." in field.source or field.source == "*":
        return None
    try:
        return model._meta.get_field(field.source)
    except FieldDoesNotExist:
        return None
