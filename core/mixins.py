"""View helpers shared by every app: run a service and turn its refusals into form errors or messages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.cache import patch_vary_headers

from core.workflow import TransitionRefused


def apply_validation_error(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: field errors on their fields, the rest on the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def form_errors_as_messages(request, form) -> None:
    """An invalid form posted from a record's page: each error as a message, prefixed with its field's label."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def run_command(request, command, *, success: str, back: str):
    """Run a POST command: on success a message and a redirect; a refusal becomes an error message (citing the
    clause) and the same redirect; a permission refusal is a 403."""
    try:
        result = command()
    except TransitionRefused as exc:
        if exc.status_code == 403:
            raise PermissionDenied(exc.message) from exc
        for failure in exc.failures:
            messages.error(request, failure)
        return redirect(back)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(back)
    messages.success(request, success)
    return result if hasattr(result, "status_code") else redirect(back)


class InlinePostMixin:
    """POST-only: one form posted from a record's page; invalid input and refusals come back as messages on the
    page at ``back_url()``; success runs ``call(cleaned_data)``."""

    form_class = None
    success = ""
    http_method_names = ["post"]

    def call(self, data):  # pragma: no cover - overridden
        raise NotImplementedError

    def back_url(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def get_form(self):
        return self.form_class(self.request.POST, self.request.FILES)

    def post(self, request, *args, **kwargs):
        back = self.back_url()
        form = self.get_form()
        if not form.is_valid():
            form_errors_as_messages(request, form)
            return redirect(back)
        return run_command(request, lambda: self.call(form.cleaned_data), success=str(self.success), back=back)


class HtmxPartMixin:
    """A part of a page that the page loads after itself (htmx): ``partial_template`` alone for htmx, else
    ``template_name``, a page of its own around it (without JavaScript). The answer depends on the ``HX-Request``
    header, so it says so (``Vary``): a cache or the browser's history never gives one for the other."""

    partial_template: str

    def get_template_names(self):
        return [self.partial_template] if self.request.htmx else super().get_template_names()

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        patch_vary_headers(response, ("HX-Request",))
        return response
